"""Helpers for the ingest tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bicentennial.i18n import set_lang

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """`--lang es` in an in-process CLI run sets the language; put it back."""
    token = set_lang(None)
    yield
    set_lang(None)
    del token
