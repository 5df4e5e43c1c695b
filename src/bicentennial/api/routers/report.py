"""The public report as a dashboard (built on demand) and the indicators as JSON. No login: the
report holds aggregates only, with small cells suppressed."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse, RedirectResponse
from sqlalchemy import Connection

from bicentennial.api.deps import get_connection
from bicentennial.evaluate import evaluate, get_indicator, load_indicators
from bicentennial.i18n import _
from bicentennial.settings import LANGUAGES, get_settings

router = APIRouter(tags=["report"])
_lock = threading.Lock()


def report_dir(lang: str) -> Path:
    return get_settings().var_dir / "report" / lang


def ensure_built(lang: str, conn: Connection, rebuild: bool = False) -> Path:
    from bicentennial.report import build_report

    folder = report_dir(lang)
    with _lock:
        if rebuild or not (folder / "index.html").is_file():
            build_report(lang, folder, conn=conn, pdf=False)
    return folder


@router.get("/api/indicators")
def list_indicators(lang: str | None = Query(None, pattern="^(en|es)$")) -> list[dict[str, Any]]:
    """The indicator catalogue (definitions, baselines, targets, designs)."""
    return [ind.to_dict(lang) for ind in load_indicators()]


@router.get("/api/indicators/{code}")
def show_indicator(code: str, lang: str | None = Query(None, pattern="^(en|es)$"),
                   conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    """One indicator with its series, baseline, change, target and impact estimates."""
    try:
        ind = get_indicator(code)
    except KeyError:
        raise HTTPException(404, _("Unknown indicator: {code}", code=code)) from None
    result = evaluate(ind, conn)
    return {**result, "indicator": ind.to_dict(lang)}


@router.get("/report", include_in_schema=False)
def report_home(conn: Connection = Depends(get_connection)) -> RedirectResponse:
    return RedirectResponse("/report/en/index.html")


@router.get("/report/{lang}/{path:path}", include_in_schema=False)
def report_file(lang: str, path: str = "", rebuild: bool = False,
                conn: Connection = Depends(get_connection)) -> Any:
    """A file of the built report; the report is built on first request (or with ?rebuild=1)."""
    if lang not in LANGUAGES:
        raise HTTPException(404, _("Unknown language: {language}", language=lang))
    folder = ensure_built(lang, conn, rebuild).resolve()
    target = (folder / (path or "index.html")).resolve()
    if folder not in target.parents or not target.is_file():
        raise HTTPException(404, _("Not found: {path}", path=path))
    return FileResponse(target)
