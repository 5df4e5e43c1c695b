"""Ingest throughput: a demo-like CBP seizure feed, full validation, into a fresh database.

    .venv/bin/python bench/ingest.py [--rows 1000000] [--postgres URL] [--chunk 50000]

Generates (deterministically) bench/out/seizures_<rows>.csv, ingests it with the
`cbp_seizures` mapping (Seizure + Person with CURP + Vehicle, dates, quantities with
units, countries) into a fresh SQLite file (and, with --postgres, into a fresh schema
of that server), and prints rows/s, statements/s, peak memory and the ratio of the
ingest time to DuckDB's `read_csv` of the same file, measured in the same run.
Target: >= 100,000 statements/s.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent / "src"))

FIRST = ["José", "María", "Juan", "Ana", "Luis", "Carmen", "Jesús", "Guadalupe", "Miguel", "Rosa", "Ángel",
         "Sofía", "John", "Mary", "Robert", "Linda", "Michael", "Patricia", "Pedro", "Lucía"]
LAST = ["García", "Hernández", "López", "Martínez", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez",
        "Cruz", "Flores", "Gómez", "Smith", "Johnson", "Williams", "Brown", "Núñez", "Ortiz", "Reyes", "Díaz"]
STATES = ["SL", "SR", "BC", "CH", "TS", "JC", "MC", "DF", "NL", "GR"]
PORTS = [("Nogales", "Arizona", "us"), ("San Ysidro", "California", "us"), ("Laredo", "Texas", "us"),
         ("El Paso", "Texas", "us"), ("Otay Mesa", "California", "us"), ("Manzanillo", "Colima", "mx"),
         ("Lázaro Cárdenas", "Michoacán", "mx"), ("Tijuana", "Baja California", "mx")]
DRUGS = [("drugs", "fentanyl", "kg"), ("drugs", "methamphetamine", "kg"), ("drogas", "cocaína", "kilos"),
         ("drugs", "marijuana", "lb"), ("drugs", "fentanyl", "pills"), ("cash", "", "usd"),
         ("firearms", "", "units"), ("ammunition", "", "rounds"), ("precursors", "", "l")]
MAKES = [("Ford", "F-150"), ("Chevrolet", "Silverado"), ("Nissan", "Tsuru"), ("Toyota", "Tacoma"),
         ("Dodge", "Ram"), ("Volkswagen", "Jetta")]
CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"
HEADER = ("event_id,event_date,category,drug_type,quantity,unit,port_of_entry,state,country,subject_name,"
          "subject_curp,subject_birth_date,subject_nationality,vehicle_plate,vehicle_make,vehicle_model,"
          "vehicle_country")


def make_curp(rng: random.Random, year: int, month: int, day: int) -> str:
    from bicentennial.records.types.curp import check_digit

    base = (rng.choice("BCDFGHJLMNPRSTV") + rng.choice("AEIOU") + rng.choice(CONSONANTS) + rng.choice(CONSONANTS)
            + f"{year % 100:02d}{month:02d}{day:02d}" + rng.choice("HM") + rng.choice(STATES)
            + "".join(rng.choice(CONSONANTS) for _ in range(3)) + ("0" if year < 2000 else "A"))
    return base + check_digit(base)


def generate(rows: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"seizures_{rows}.csv"
    if path.exists():
        return path
    rng = random.Random(20251014)
    people = []  # a pool of recurring subjects, as in real feeds
    for _ in range(max(10, rows // 20)):
        y, m, d = rng.randint(1955, 2004), rng.randint(1, 12), rng.randint(1, 28)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
        people.append((name, make_curp(rng, y, m, d), f"{y}-{m:02d}-{d:02d}"))
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        for i in range(rows):
            cat, drug, unit = rng.choice(DRUGS)
            port, state, country = rng.choice(PORTS)
            date = f"{rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            qty = f"{rng.uniform(0.1, 500):.2f}"
            subject = ("", "", "", "")
            if rng.random() < 0.6:
                name, curp, birth = rng.choice(people)
                subject = (name, curp, birth, rng.choice(["mx", "mx", "us", "México"]))
            vehicle = ("", "", "", "")
            if rng.random() < 0.5:
                make, model = rng.choice(MAKES)
                vehicle = (f"{rng.choice('ABCDEFGH')}{rng.choice('JKLMNP')}{rng.randint(1000, 9999)}", make, model,
                           rng.choice(["mx", "us"]))
            fields = [f"CBP-{i:08d}", date, cat, drug, qty, unit, port, state, country, *subject, *vehicle]
            fh.write(",".join(fields) + "\n")
    tmp.rename(path)
    return path


def duckdb_baseline(path: Path) -> float:
    import duckdb

    t = time.perf_counter()
    con = duckdb.connect()
    con.sql(f"SELECT count(*) FROM read_csv('{path}', all_varchar = true, header = true)").fetchall()
    con.close()
    return time.perf_counter() - t


def run(url: str, path: Path, chunk: int | None, label: str, setup: object = None) -> dict[str, float]:
    from bicentennial.ingest import ingest_file
    from bicentennial.store.db import make_engine
    from bicentennial.store.migrate import migrate

    engine = make_engine(url)
    migrate(engine)
    t = time.perf_counter()
    summary = ingest_file(engine, path, agency="CBP", sharing="binational", mapping="cbp_seizures",
                          chunk_rows=chunk)
    elapsed = time.perf_counter() - t
    engine.dispose()
    base = duckdb_baseline(path)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"rows": summary.rows, "accepted": summary.accepted, "statements": summary.statements_added,
              "seconds": elapsed, "rows_s": summary.rows / elapsed, "statements_s": summary.statements_added / elapsed,
              "duckdb_s": base, "ratio": elapsed / base, "peak_mb": rss}
    print(f"{label:10} rows={summary.rows:,} accepted={summary.accepted:,} quarantined={summary.quarantined:,} "
          f"statements={summary.statements_added:,} time={elapsed:.1f}s rows/s={result['rows_s']:,.0f} "
          f"statements/s={result['statements_s']:,.0f} peak_rss={rss:,.0f} MiB "
          f"duckdb_read_csv={base:.2f}s ratio={result['ratio']:.1f}x "
          f"[{'OK' if result['statements_s'] >= 100_000 else 'below'} 100k statements/s target]")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="PostgreSQL URL (a fresh schema is created and dropped)")
    parser.add_argument("--chunk", type=int, default=None,
                        help="rows per transaction (default: the product's, 50,000)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the SQLite run")
    args = parser.parse_args()

    import bicentennial.records.validate  # noqa: F401  (load the model before timing)

    t = time.perf_counter()
    path = generate(args.rows)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB, generated/reused in {time.perf_counter() - t:.1f}s)")
    db = OUT / f"bench_{args.rows}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        run(f"sqlite:///{db}", path, args.chunk, "sqlite")
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    else:
        run(f"sqlite:///{db}", path, args.chunk, "sqlite")
    if args.postgres:
        from sqlalchemy import create_engine, text

        from bicentennial.store.db import normalise_url

        schema = "bench_" + uuid.uuid4().hex[:8]
        admin = create_engine(normalise_url(args.postgres))
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.postgres else "?"
        try:
            run(f"{args.postgres}{sep}options=-csearch_path%3D{schema}", path, args.chunk, "postgresql")
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
