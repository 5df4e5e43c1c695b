from __future__ import annotations

from pathlib import Path

import pytest

from bicentennial.report import build_report


@pytest.fixture(scope="session")
def built_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both languages built side by side (OUT/en, OUT/es), without the PDF, without platform data."""
    root = tmp_path_factory.mktemp("report")
    for lang in ("en", "es"):
        build_report(lang, root / lang, conn=None, pdf=False)
    return root
