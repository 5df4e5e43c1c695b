"""The FastAPI application: API routers (api/routers/*) and web pages (web/) on one server.

Routers are discovered: a module in `api/routers/` (or `web/`) that defines
`router` is included, so areas add files without editing this one.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import bicentennial
from bicentennial.api import problems, routers

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


def _include(app: FastAPI, package: str, path: list[str]) -> None:
    for info in sorted(pkgutil.iter_modules(path), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)


def create_app() -> FastAPI:
    app = FastAPI(
        title="bicentennial",
        version=bicentennial.__version__,
        description="API of the U.S.-Mexico Bicentennial Framework platform. Authenticate with "
        "`Authorization: Bearer <token>` (tokens from `bicentennial user add`).",
    )
    problems.install(app)
    _include(app, routers.__name__, list(routers.__path__))
    from bicentennial import web

    _include(app, web.__name__, list(web.__path__))
    STATIC.mkdir(parents=True, exist_ok=True)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
