"""Errors that stop an ingest before any row is read: the caller's mistake or an unreadable file.

`message` is an English message id with `params`, translated when shown.
"""

from __future__ import annotations

from typing import Any

from bicentennial.i18n import _


class IngestError(Exception):
    """Unreadable input or a usage error (CLI exit code 2, HTTP 422)."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def render(self, lang: str | None = None) -> str:
        return _(self.message, lang=lang, **self.params)
