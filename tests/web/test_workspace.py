"""Workspace pages and API: what each user of two agencies in two countries sees, roles,
language, and the audit entry every view, search and export leaves."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from bicentennial.api.app import create_app
from bicentennial.investigations import sample
from bicentennial.store.tables import audit_log


@pytest.fixture
def clients(engine: Engine) -> dict[str, TestClient]:
    with engine.begin() as conn:
        tokens = sample.load(conn)
    app = create_app()
    out = {}
    for name, token in tokens.items():
        client = TestClient(app)
        assert client.post("/login", data={"token": token, "next": "/"}, follow_redirects=False).status_code == 303
        out[name] = client
    return out


def _audit_count(engine: Engine, actor: str, action: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_log).where(
            audit_log.c.actor == actor, audit_log.c.action == action)).scalar_one())


def test_search_page_with_and_without_accents(clients: dict[str, TestClient], engine: Engine) -> None:
    cbp, fgr = clients["cbp-analyst"], clients["fgr-analyst"]
    for q in ("José Ramírez", "jose ramirez"):
        page = cbp.get("/search", params={"q": q})
        assert page.status_code == 200 and "José Ramírez Núñez" in page.text
    assert "Ana Beltrán" in fgr.get("/search", params={"q": "beltran"}).text
    assert "Ana Beltrán" not in cbp.get("/search", params={"q": "beltran"}).text
    assert "Robert Hale" in cbp.get("/search", params={"q": "hale"}).text
    assert "Robert Hale" not in fgr.get("/search", params={"q": "hale"}).text
    facet = cbp.get("/search", params={"q": "jose", "schema": "Person"})
    assert 'class="on"' in facet.text
    assert _audit_count(engine, "cbp-analyst", "search") >= 5


def test_profile_timeline_map_and_sharing(clients: dict[str, TestClient], engine: Engine) -> None:
    cbp, fgr = clients["cbp-analyst"], clients["fgr-analyst"]
    mx_view = fgr.get("/entity/p-jose")
    us_view = cbp.get("/entity/p-jose")
    assert mx_view.status_code == us_view.status_code == 200
    for page in (mx_view, us_view):
        assert 'data-testid="timeline"' in page.text and "EXT-88/2024" in page.text
        assert 'data-state="son"' in page.text and 'data-count' in page.text  # Sonora seizure on the map
        assert "Nogales" in page.text
    assert "250000" in mx_view.text and "250000" not in us_view.text  # the UIF payment is national
    assert cbp.get("/entity/p-ana").status_code == 404
    assert fgr.get("/entity/p-hale").status_code == 404
    assert _audit_count(engine, "cbp-analyst", "read") >= 2
    api = cbp.get("/api/entities/p-jose/profile").json()
    assert {t["schema"] for t in api["timeline"]} >= {"Seizure", "FirearmTrace", "ExtraditionMilestone"}
    assert "Payment" not in {t["schema"] for t in api["timeline"]}


def test_graph_and_path_pages(clients: dict[str, TestClient]) -> None:
    cbp, fgr = clients["cbp-analyst"], clients["fgr-analyst"]
    assert 'id="cy"' in cbp.get("/graph", params={"entity": "p-jose"}).text
    found = fgr.get("/paths", params={"source": "p-ana", "target": "José Ramírez"})
    assert 'data-testid="path-steps"' in found.text
    hidden = cbp.get("/paths", params={"source": "p-ana", "target": "p-jose"})
    assert 'data-testid="path-steps"' not in hidden.text and "Ana Beltr" not in hidden.text


def test_investigation_pages_exports_and_language(clients: dict[str, TestClient], engine: Engine) -> None:
    fgr, cbp, fgr_sup = clients["fgr-analyst"], clients["cbp-analyst"], clients["fgr-supervisor"]
    made = fgr.post("/investigations", data={"name": "Caso Ramírez", "entity": "p-jose"}, follow_redirects=False)
    url = made.headers["location"]
    assert fgr.post(f"{url}/entities", data={"entity": "p-ana"}, follow_redirects=False).status_code == 303
    assert cbp.get(url).status_code == 404  # private
    fgr.post(f"{url}/sharing", data={"sharing": "binational"})
    cbp_page = cbp.get(url)
    assert cbp_page.status_code == 200 and "José Ramírez Núñez" in cbp_page.text
    assert "Ana Beltr" not in cbp_page.text and 'data-testid="hidden-count"' in cbp_page.text
    assert "Ana Beltr" in fgr_sup.get(url).text
    for fmt in ("ftm", "csv", "graphml", "html"):
        body = cbp.get(f"{url}/export/{fmt}")
        assert body.status_code == 200 and "Ana Beltr" not in body.text
    api = cbp.get(f"/api{url}/export", params={"format": "ftm"})
    assert [json.loads(x)["id"] for x in api.text.splitlines()] == ["p-jose"]
    assert _audit_count(engine, "cbp-analyst", "export") == 5
    es = cbp.get(url, params={"lang": "es"})
    assert "Entidades" in es.text and "ambos países" in es.text
    switched = cbp.get("/lang/es", params={"next": url}, follow_redirects=True)
    assert "Entidades" in switched.text


def test_roles_for_quarantine_and_audit(clients: dict[str, TestClient], engine: Engine) -> None:
    from bicentennial.store.db import utcnow
    from bicentennial.store.tables import quarantine

    with engine.begin() as conn:
        for agency in ("FGR", "CBP"):
            conn.execute(quarantine.insert().values(
                id=f"q{agency}", batch_id="b", agency=agency, sharing="national", source=f"{agency.lower()}.csv",
                row=7, field="date", reason="not a date: {value}", params=json.dumps({"value": "31/02"}),
                raw="x", status="open", created_at=utcnow()))
    assert clients["fgr-analyst"].get("/quarantine").status_code == 403
    page = clients["fgr-supervisor"].get("/quarantine")
    assert page.status_code == 200 and "fgr.csv" in page.text and "cbp.csv" not in page.text
    assert "31/02" in page.text
    assert clients["fgr-supervisor"].get("/api/quarantine").json()["rows"][0]["source"] == "fgr.csv"
    assert clients["cbp-analyst"].get("/audit").status_code == 403
    audit = clients["cbp-auditor"].get("/audit")
    assert audit.status_code == 200 and 'data-testid="audit-verified"' in audit.text
    assert _audit_count(engine, "fgr-analyst", "denied") >= 1


def test_watch_from_the_profile_and_badge(clients: dict[str, TestClient]) -> None:
    fgr = clients["fgr-analyst"]
    fgr.post("/watches", data={"kind": "entity", "target": "p-jose", "label": "José", "back": "/entity/p-jose"})
    assert "José" in fgr.get("/watches").text
    assert fgr.get("/watches/badge").text == ""  # nothing new yet
    api = fgr.get("/api/notifications").json()
    assert api["unread"] == 0


def test_pages_need_login(engine: Engine) -> None:
    client = TestClient(create_app())
    for url in ("/search?q=x", "/entity/p-jose", "/graph", "/paths", "/investigations", "/watches", "/audit"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert client.get("/api/search/entities", params={"q": "jose"}).status_code == 401
