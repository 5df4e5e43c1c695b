"""Build time of the public report (site + PDF), English, Spanish and both, against the 30 s target.

Measured in one run, cold: a fresh evaluation cache (every model is fitted once, then shared by the
second language), then warm (the disk cache keyed by the data hash: no model is fitted). The PDF time
is printed separately; it is part of each language's build time. The machine is shared, so its load
average is printed beside the numbers.

Usage: .venv/bin/python bench/report.py [--no-pdf]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 30.0


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    pdf = "--no-pdf" not in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BICENTENNIAL_VAR"] = str(Path(tmp) / "var")  # an empty evaluation cache: a cold build
        print(f"before: {_load()}")
        t_import = time.perf_counter()
        from bicentennial.report import build_report

        print(f"import: {time.perf_counter() - t_import:.2f} s")
        for phase in ("cold", "warm"):
            if phase == "warm":  # a new process would start here: clear the in-memory caches only
                from bicentennial.evaluate.evaluation import clear_memory_cache

                clear_memory_cache()
            t_both = time.perf_counter()
            for lang in ("en", "es"):
                r = build_report(lang, Path(tmp) / phase / lang, conn=None, pdf=pdf)
                print(f"{phase} build {lang} (pdf={pdf}): {r.seconds:.2f} s, of which PDF {r.pdf_seconds:.2f} s; "
                      f"ratio to the {TARGET_S:.0f} s target: {r.seconds / TARGET_S:.2f}")
            both = time.perf_counter() - t_both
            print(f"{phase} build en+es: {both:.2f} s; ratio to the {TARGET_S:.0f} s target: {both / TARGET_S:.2f}")
        print(f"after: {_load()}")


if __name__ == "__main__":
    main()
