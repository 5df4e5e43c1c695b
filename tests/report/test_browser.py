"""The built report in headless Debian Chromium: charts render, no console errors, nothing leaves the machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bicentennial.evaluate import load_indicators
from bicentennial.framework import load_framework

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("BICENTENNIAL_TEST_ARTIFACTS", "test-artifacts")) / "report"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="Debian Chromium not installed at /usr/bin/chromium (run scripts/ensure-chromium.sh)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for both languages (its start-up is most of this test's time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-background-networking"])
        yield instance
        instance.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_report_renders_offline_in_chromium(built_report: Path, browser: Any, lang: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    root = built_report / lang
    pages = ["index.html", "methodology.html"] + [f"line-{ln.code}.html" for ln in load_framework().lines]
    outside: list[str] = []
    errors: list[str] = []
    seen_charts: set[str] = set()
    page = browser.new_page(viewport={"width": 1100, "height": 900})

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith("file://") or url.startswith(("http://127.0.0.1", "http://localhost")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name in pages:
        page.goto((root / name).as_uri())
        page.wait_for_load_state("load")
        for chart in page.query_selector_all("svg.chart"):
            box = chart.bounding_box()
            assert box and box["width"] > 200, name
            empty = "empty" in (chart.get_attribute("class") or "")
            if not empty:  # platform charts without a database say so instead of plotting
                assert box["height"] > 80 and chart.query_selector("polyline, rect.bar") is not None, name
            seen_charts.add(chart.get_attribute("data-indicator") or "")
        page.screenshot(path=str(ARTIFACTS / f"{lang}-{name.replace('.html', '')}.png"), full_page=True)
    assert page.evaluate("document.documentElement.lang") == lang
    page.close()
    public = {i.code for i in load_indicators() if not i.is_platform}
    assert public <= seen_charts
    assert {i.code for i in load_indicators()} <= seen_charts | {""}
    assert outside == []
    assert errors == []
