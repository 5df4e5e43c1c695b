"""The dashboard router: indicator JSON and the report served from var/report, built on demand."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bicentennial.api.routers.report import router


@pytest.mark.slow
def test_indicators_and_report_served(database_url: str) -> None:
    app = FastAPI()
    app.include_router(router)
    client = TestClient(app)
    catalogue = client.get("/api/indicators?lang=es").json()
    assert any(i["code"] == "mx_homicide_rate" and "homicidio" in i["name"] for i in catalogue)
    one = client.get("/api/indicators/platform_seizures").json()
    assert one["available"] is True and one["points"] == []
    assert client.get("/api/indicators/nope").status_code == 404
    page = client.get("/report/es/line-1.3.html")
    assert page.status_code == 200 and "Reducción de homicidios" in page.text
    assert client.get("/report/es/data/mx_homicide_rate.csv").status_code == 200
    assert client.get("/report/es/../../etc/passwd").status_code == 404
    assert client.get("/report/xx/index.html").status_code == 404
