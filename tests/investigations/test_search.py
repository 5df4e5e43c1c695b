"""Full-text search: accent-insensitive, visibility before facets, incremental index, audited."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select

from bicentennial.access.principal import Principal
from bicentennial.access.search import refresh, search, search_doc
from bicentennial.investigations import sample
from bicentennial.store.tables import audit_log
from bicentennial.store.writer import insert_statements

CBP = Principal("cbp-analyst", "CBP", "us", frozenset({"analyst"}))
FGR = Principal("fgr-analyst", "FGR", "mx", frozenset({"analyst"}))


def _ids(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {r["id"] for r in result.results}


def test_accents_case_and_prefixes(engine: Engine) -> None:
    with engine.begin() as conn:
        sample.load(conn, users=False)
        for q in ("José Ramírez", "jose ramirez", "JOSE RAMIREZ", "ramir", "Núñez"):
            assert _ids(search(conn, CBP, q)) == {"p-jose"}, q
        assert _ids(search(conn, CBP, "BXKR512")) == {"f-glock"}
        assert search(conn, CBP, "zzzz qqqq").total == 0
        exact = search(conn, CBP, "ramirez")
        assert not exact.fuzzy


def test_similar_spellings_on_postgresql(engine: Engine) -> None:
    """PostgreSQL falls back to trigram similarity when the exact words find nothing."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        sample.load(conn, users=False)
        typo = search(conn, CBP, "Ramires Nunes")
        assert typo.fuzzy and _ids(typo) == {"p-jose"}
        assert search(conn, CBP, "Beltran Ochoa").total == 0  # similarity never widens visibility


def test_visibility_applies_before_matching_and_facets(engine: Engine) -> None:
    with engine.begin() as conn:
        sample.load(conn, users=False)
        assert _ids(search(conn, FGR, "ana beltran")) == {"p-ana"}
        assert search(conn, CBP, "ana beltran").total == 0  # FGR national
        assert _ids(search(conn, CBP, "hale")) == {"p-hale"}
        assert search(conn, FGR, "hale").total == 0  # CBP national and originator
        assert search(conn, FGR, "bob").total == 0
        # facets count only what the caller may see
        cbp = search(conn, CBP, "a")
        fgr = search(conn, FGR, "a")
        cbp_agencies = dict(cbp.facets["agency"])
        fgr_agencies = dict(fgr.facets["agency"])
        assert "UIF" not in cbp_agencies and "FGR" in fgr_agencies
        assert sum(n for _v, n in cbp.facets["schema"]) == cbp.total


def test_filters_narrow_hits(engine: Engine) -> None:
    with engine.begin() as conn:
        sample.load(conn, users=False)
        everything = search(conn, FGR, "nogales")
        assert "s-nogales" in _ids(everything)
        assert search(conn, FGR, "nogales", {"schema": "Person"}).total == 0
        assert _ids(search(conn, FGR, "nogales", {"year": "2024"})) == {"s-nogales"}
        assert search(conn, FGR, "nogales", {"year": "1999"}).total == 0
        assert _ids(search(conn, FGR, "jose", {"line": "3.3"})) == {"p-jose"}
        assert search(conn, FGR, "jose", {"agency": "CBP"}).total == 0


def test_index_is_incremental_and_search_is_audited(engine: Engine) -> None:
    with engine.begin() as conn:
        sample.load(conn, users=False)
        first = refresh(conn)
        assert first > 0
        assert refresh(conn) == 0
        row = dict(sample.rows()[0], id="x" * 40, entity_id="p-new", value="Lucía Fernández",
                   search_text="lucia fernandez", first_seen="2026-02-01T00:00:00.000000Z",
                   last_seen="2026-02-01T00:00:00.000000Z")
        insert_statements(conn, [row])
        assert _ids(search(conn, CBP, "lucia")) == {"p-new"}
        # a later commit of the same batch, with the same timestamp, is picked up too
        late = dict(row, id="y" * 40, entity_id="p-late", value="Lucía Torres", search_text="lucia torres")
        insert_statements(conn, [late])
        assert _ids(search(conn, CBP, "lucia torres")) == {"p-late"}
        assert refresh(conn) == 0
        assert conn.execute(select(search_doc.c.entity_id).where(search_doc.c.entity_id == "p-new")).all()
        actions = conn.execute(select(audit_log.c.action, audit_log.c.target, audit_log.c.actor)).all()
        assert ("search", "lucia", "cbp-analyst") in [tuple(a) for a in actions]


def test_a_row_indexed_meanwhile_is_skipped_not_counted(engine: Engine) -> None:
    """Two refreshes at once may read the same new statements; the second one's insert of a
    row the first has written adds nothing, counts nothing and fails nothing (no savepoints:
    the database skips it)."""
    from bicentennial.access.search import _DOC_COLUMNS
    from bicentennial.store.writer import insert_new_rows

    with engine.begin() as conn:
        row = ("s" * 40, "p-1", "Person", "name", "CBP", "us", "binational", "lucia fernandez",
               "2026-02-01T00:00:00.000000Z")
        assert len(row) == len(_DOC_COLUMNS)
        other = ("t" * 40, *row[1:])
        assert insert_new_rows(conn, search_doc, _DOC_COLUMNS, [row]) == 1
        assert insert_new_rows(conn, search_doc, _DOC_COLUMNS, [row, other]) == 1  # only `other` is new
        assert insert_new_rows(conn, search_doc, _DOC_COLUMNS, [row, other]) == 0
        ids = conn.execute(select(search_doc.c.statement_id).order_by(search_doc.c.statement_id)).scalars().all()
        assert ids == ["s" * 40, "t" * 40]


def test_concurrent_refreshes_index_each_statement_once(engine: Engine,
                                                         in_threads: Callable[..., list[BaseException]]) -> None:
    """Pages served in parallel each bring the index up to date before they search, while
    statements keep coming: no error, each statement indexed once (in the full-text index
    too, on SQLite), and every name found."""
    import hashlib
    import threading

    from sqlalchemy import func, text

    from bicentennial.store.db import utcnow

    def person(i: int) -> dict[str, object]:
        now = utcnow()
        return {"id": hashlib.sha1(f"c{i}".encode()).hexdigest(), "entity_id": f"c{i}", "schema": "Person",
                "prop": "name", "value": f"Concurrente Numero{i}", "original_value": None, "search_text": None,
                "agency": "CBP", "country": "us", "sharing": "binational", "batch_id": f"b{i}", "source_row": 1,
                "source_key": None, "first_seen": now, "last_seen": now}

    batches, readers = 30, 3
    done = threading.Event()

    def write() -> None:
        try:
            for b in range(batches):
                with engine.begin() as conn:
                    insert_statements(conn, [person(b * 5 + k) for k in range(5)])
        finally:
            done.set()  # the readers stop, also when the writer failed

    def read() -> None:
        while not done.is_set():
            with engine.begin() as conn:
                refresh(conn)

    errors = in_threads(write, *[read] * readers)
    assert not errors, errors[0]
    with engine.begin() as conn:
        refresh(conn)
        docs = conn.execute(select(search_doc.c.statement_id)).scalars().all()
        assert len(docs) == len(set(docs)) == batches * 5
        if engine.dialect.name == "sqlite":
            indexed = conn.execute(text("SELECT count(*) FROM search_fts_docsize")).scalar()
            assert indexed == conn.execute(select(func.count()).select_from(search_doc)).scalar()
        for i in (0, 77, batches * 5 - 1):
            assert _ids(search(conn, CBP, f"numero{i}")) == {f"c{i}"}
