"""Shared fixtures. Every store test runs on SQLite and on PostgreSQL.

PostgreSQL tests use a fresh schema per test inside the server's `test`
database (BICENTENNIAL_TEST_PG, default postgresql://postgres@127.0.0.1:5432/test);
the schema travels in the URL (`options=-csearch_path=...`) so subprocesses (CLI)
see the same data. When the server is unreachable they are skipped, unless
BICENTENNIAL_REQUIRE_PG=1 (set by `make test`), where they fail.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, create_engine, text

from bicentennial.store import db as store_db
from bicentennial.store.migrate import migrate

PG_URL = os.environ.get("BICENTENNIAL_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]


def _pg_available() -> bool:
    try:
        eng = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return True
    except Exception:
        return False


_PG_OK: bool | None = None


def pg_ok() -> bool:
    global _PG_OK
    if _PG_OK is None:
        _PG_OK = _pg_available()
    return _PG_OK


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A URL of an empty, migrated database on each backend; also set as the process default."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        cleanup = None
    else:
        if not pg_ok():
            if os.environ.get("BICENTENNIAL_REQUIRE_PG") == "1":
                pytest.fail(f"PostgreSQL is required but not reachable at {PG_URL}")
            pytest.skip("PostgreSQL not reachable")
        schema = "t_" + uuid.uuid4().hex[:12]
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{PG_URL}?options={quote(f'-csearch_path={schema}')}"

        def cleanup() -> None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

    monkeypatch.setenv("BICENTENNIAL_DATABASE_URL", url)
    monkeypatch.setenv("BICENTENNIAL_VAR", str(tmp_path / "var"))
    store_db.get_engine.cache_clear()
    migrate(store_db.get_engine(url))
    yield url
    store_db.get_engine(url).dispose()
    store_db.get_engine.cache_clear()
    if cleanup:
        cleanup()


@pytest.fixture
def engine(database_url: str) -> Engine:
    return store_db.get_engine(database_url)


@pytest.fixture
def in_threads() -> Callable[..., list[BaseException]]:
    """`in_threads(f, g, ...)` runs the functions in threads at once, waits for them all and
    returns what they raised (for tests of concurrent requests)."""
    def run(*targets: Callable[[], None]) -> list[BaseException]:
        errors: list[BaseException] = []

        def guarded(target: Callable[[], None]) -> None:
            try:
                target()
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                errors.append(exc)

        threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return errors

    return run
