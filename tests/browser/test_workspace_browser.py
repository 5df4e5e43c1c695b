"""The workspace in headless Chromium, as an analyst of CBP (U.S.) and of FGR (Mexico).

Each logs in, searches a name with and without accents (keyboard only: '/' focuses
the search box), opens the profile, expands the graph, finds a path, saves an
investigation and switches language; the test asserts what each must and must not
see and saves screenshots under test-artifacts/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: run `bash scripts/ensure-chromium.sh` (make test does)")
    from bicentennial.investigations import sample
    from bicentennial.store.db import make_engine
    from bicentennial.store.migrate import migrate

    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'browser.db'}"
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        sample.load(conn)
    engine.dispose()
    port = _free_port()
    env = dict(os.environ, BICENTENNIAL_DATABASE_URL=url, BICENTENNIAL_VAR=str(folder / "var"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bicentennial.api.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # imports are slow on a busy machine
        while True:
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the web server did not start")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-background-networking"])
        yield b
        b.close()


# (user, token, must see on José's profile, must not see anywhere, path target, path found?)
CASES = [
    ("fgr-analyst", "sample-fgr-analyst", "250000", "Robert Hale", "Ana Beltran", True),
    ("cbp-analyst", "sample-cbp-analyst", "fentanyl", "Ana Beltr", "Ana Beltran", False),
]


@pytest.mark.parametrize(("user", "token", "must", "must_not", "target", "path_found"), CASES)
def test_workspace_journey(server: str, browser: object, user: str, token: str, must: str, must_not: str,
                           target: str, path_found: bool) -> None:
    from playwright.sync_api import expect

    # generous waits: the first graph query compiles the numba kernels, and CI machines are busy
    expect.set_options(timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)
    shot = lambda name: page.screenshot(path=str(ARTIFACTS / f"workspace-{user}-{name}.png"), full_page=False)  # noqa: E731

    # log in (keyboard: the token field has focus)
    page.goto(server + "/")
    page.keyboard.type(token)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("user")).to_contain_text(user)
    expect(page.get_by_test_id("count-3.1")).to_be_visible()
    shot("home")

    # search without accents, from the keyboard
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("/")
    expect(page.locator("#global-search")).to_be_focused()
    page.keyboard.type("jose ramirez")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("result").first).to_have_text("José Ramírez Núñez")
    # and with accents
    page.fill("#page-search", "José Ramírez")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("result").first).to_have_text("José Ramírez Núñez")
    assert must_not not in page.content()
    page.fill("#page-search", must_not)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("result-count")).to_contain_text("0 ")
    shot("search")

    # profile
    page.goto(server + "/search?q=jose")
    page.get_by_test_id("result").first.click()
    expect(page.get_by_test_id("entity-caption")).to_contain_text("José Ramírez Núñez")
    expect(page.get_by_test_id("timeline")).to_contain_text("EXT-88/2024")
    expect(page.locator('[data-state="son"][data-count]')).to_have_count(1)
    expect(page.get_by_test_id("statements")).to_be_visible()
    assert must in page.content()
    assert must_not not in page.content()
    if user == "cbp-analyst":
        assert "250000" not in page.content()  # the UIF payment is Mexican-national
    shot("profile")

    # graph canvas: expand from the profile
    page.get_by_test_id("open-graph").click()
    expect(page.get_by_test_id("node-count")).not_to_have_text("0")
    first = int(page.get_by_test_id("node-count").inner_text())
    assert first >= 2
    nodes = page.locator("#node-list a").all_inner_texts()
    assert not any(must_not in n for n in nodes)
    page.locator("#node-list button").last.click()  # expand a neighbour
    expect(page.get_by_test_id("graph-status")).to_contain_text("nodes")
    page.wait_for_timeout(300)
    shot("graph")

    # path finder
    page.goto(server + "/entity/p-jose")
    page.get_by_test_id("find-path").click()
    page.get_by_test_id("path-target").fill(target)
    page.get_by_test_id("path-submit").click()
    if path_found:
        expect(page.get_by_test_id("path-steps")).to_be_visible()
        expect(page.get_by_test_id("path-result")).to_contain_text("Ana Beltrán Ochoa")
    else:
        expect(page.get_by_test_id("path-steps")).to_have_count(0)
        assert "Ana Beltr" not in page.locator("main").inner_text()
    shot("path")

    # save an investigation from the profile
    page.goto(server + "/entity/p-jose")
    page.get_by_test_id("new-investigation-name").fill(f"Caso {user}")
    page.get_by_test_id("save-investigation").click()
    expect(page.get_by_test_id("investigation-name")).to_have_text(f"Caso {user}")
    expect(page.get_by_test_id("investigation-entities")).to_contain_text("José Ramírez Núñez")

    # switch language
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main")).to_contain_text("Entidades")
    assert re.search(r"/investigations/\w+", page.url)
    shot("investigation-es")
    page.goto(server + "/lang/en?next=/")
    context.close()
