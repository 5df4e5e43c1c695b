"""What the CLI and the API call: screen one name, a batch, or yente-style queries by example."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bicentennial.screen.entity import COMPATIBLE, Query
from bicentennial.screen.index import ScreeningIndex, make_query
from bicentennial.screen.logic import ALGORITHM, DEFAULT_THRESHOLD, Scored


def result_summary(result: Scored) -> dict[str, Any]:
    """The short form of a result (CLI and batch lines)."""
    return {
        "id": result.entity.id,
        "source": result.entity.source,
        "source_id": result.entity.source_id,
        "name": result.entity.caption,
        "schema": result.entity.schema,
        "programs": result.entity.programs,
        "score": result.score,
        "explanation": result.explanation(),
    }


def result_entity(result: Scored, threshold: float) -> dict[str, Any]:
    """A yente-shaped scored entity."""
    return {
        "id": result.entity.id,
        "caption": result.entity.caption,
        "schema": result.entity.schema,
        "properties": result.entity.properties(),
        "datasets": [result.entity.source],
        "referents": [],
        "target": True,
        "source_id": result.entity.source_id,
        "score": result.score,
        "match": result.score >= threshold,
        "features": result.features,
        "explanations": result.explanations,
    }


def screen_name(index: ScreeningIndex, name: str, dob: str | None = None, country: str | None = None,
                schema: str = "Thing", limit: int = 5, threshold: float = 0.5) -> list[Scored]:
    return index.search(make_query(name, dob=dob, country=country, schema=schema), limit=limit, threshold=threshold)


def read_batch(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a batch CSV (columns ``name``, optional ``dob``, ``country``, ``schema``) with their line numbers."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
            raise ValueError("missing column: name")
        for n, row in enumerate(reader, start=2):
            yield n, {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}


def match(index: ScreeningIndex, queries: dict[str, dict[str, Any]], threshold: float = DEFAULT_THRESHOLD,
          limit: int = 5, cutoff: float = 0.0) -> dict[str, Any]:
    """yente's ``POST /match`` semantics: each query by example gets its ranked results."""
    responses: dict[str, Any] = {}
    for key, example in queries.items():
        schema = str(example.get("schema") or "Thing")
        if schema not in COMPATIBLE:
            responses[key] = {"status": 400, "error": f"schema not matchable: {schema}", "results": [],
                              "total": {"value": 0, "relation": "eq"}, "query": example}
            continue
        query = Query.from_example(schema, example.get("properties") or {})
        results = index.search(query, limit=limit, threshold=cutoff) if query.names or query.identifiers else []
        responses[key] = {
            "status": 200,
            "results": [result_entity(r, threshold) for r in results],
            "total": {"value": len(results), "relation": "eq"},
            "query": {"id": key, "schema": schema, "properties": example.get("properties") or {}},
        }
    return {"responses": responses, "limit": limit, "algorithm": ALGORITHM, "threshold": threshold}
