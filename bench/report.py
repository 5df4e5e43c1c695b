"""Build time of the public report (site + PDF) for English and Spanish, against the 30 s target.

Usage: .venv/bin/python bench/report.py [--no-pdf]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bicentennial.report import build_report

TARGET_S = 30.0


def main() -> None:
    pdf = "--no-pdf" not in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "es"):
            t0 = time.perf_counter()
            build_report(lang, Path(tmp) / lang, conn=None, pdf=pdf)
            seconds = time.perf_counter() - t0
            print(f"report build {lang} (pdf={pdf}): {seconds:.2f} s; ratio to the {TARGET_S:.0f} s target: "
                  f"{seconds / TARGET_S:.2f}")


if __name__ == "__main__":
    main()
