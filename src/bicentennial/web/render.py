"""Rendering pages: Jinja2 templates with the request's language bound to `_`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bicentennial.api.deps import request_lang
from bicentennial.i18n import gettext, pick

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = request_lang(request)

    def _(message: str, **kwargs: Any) -> str:
        return gettext(message, lang, **kwargs)

    def schema_label(name: str) -> str:
        """A schema's label (ours or FtM's) in the request's language."""
        from bicentennial.records import get_model

        schema = get_model().get(name)
        return _(schema.label) if schema is not None else name

    html = env.get_template(template).render(
        request=request, lang=lang, _=_, pick=lambda texts: pick(texts, lang), schema_label=schema_label,
        other_lang="es" if lang == "en" else "en", path=request.url.path, **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    return response
