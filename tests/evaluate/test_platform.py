"""Platform indicators: public statements only, small cells suppressed."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine

from bicentennial.evaluate import evaluate, get_indicator
from bicentennial.evaluate.platform import platform_counts, platform_totals
from bicentennial.store.writer import insert_statements


def _rows(n: int, schema: str, country: str, month: str, sharing: str = "public") -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i in range(n):
        eid = f"{schema}-{country}-{month}-{sharing}-{i}"
        out.append({
            "id": hashlib.sha1(eid.encode()).hexdigest(), "entity_id": eid, "schema": schema, "prop": "name",
            "value": eid, "agency": "SSPC" if country == "mx" else "ATF", "country": country, "sharing": sharing,
            "batch_id": "b1", "first_seen": f"{month}-15T00:00:00.000000Z", "last_seen": f"{month}-15T00:00:00.000000Z",
        })
    return out


def test_counts_public_only_and_suppress_small_cells(engine: Engine) -> None:
    with engine.begin() as conn:
        insert_statements(conn, _rows(12, "FirearmTrace", "mx", "2024-02")
                     + _rows(3, "FirearmTrace", "us", "2024-03")
                     + _rows(40, "FirearmTrace", "us", "2024-03", sharing="restricted")
                     + _rows(20, "Seizure", "mx", "2024-05"))
    with engine.connect() as conn:
        cells = platform_counts(conn, ["FirearmTrace"], k=11)
        assert cells == [
            {"period": "2024Q1", "country": "mx", "n": 12, "suppressed": False},
            {"period": "2024Q1", "country": "us", "n": None, "suppressed": True},
        ]
        assert platform_totals(cells) == [{"period": "2024Q1", "n": 12, "partial": True}]
        every = platform_counts(conn, None, k=11)
        assert {(c["period"], c["country"], c["n"]) for c in every} == {
            ("2024Q1", "mx", 12), ("2024Q1", "us", None), ("2024Q2", "mx", 20)}
        result = evaluate(get_indicator("platform_firearm_traces"), conn, k=11)
        assert result["available"] and result["points"] == [{"period": "2024Q1", "value": 12.0, "partial": True}]
        # nothing record-level leaves: no entity ids or values in the result
        assert "FirearmTrace-mx" not in str(result)
