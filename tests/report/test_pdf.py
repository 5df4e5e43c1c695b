"""The PDF is produced by `report build` (WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bicentennial.report import build_report


@pytest.mark.slow
def test_pdf_written(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    result = build_report("es", tmp_path / "es", pdf=True)
    assert result.pdf is not None
    head = result.pdf.read_bytes()[:5]
    assert head == b"%PDF-" and result.pdf.stat().st_size > 20_000
