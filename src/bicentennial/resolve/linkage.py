"""Record linkage with Splink (Fellegi-Sunter, DuckDB backend): models, training, scoring.

Two trained models: persons (`person_settings`) and organisations
(`organization_settings`), over the columns built by `features.py`. Each
comparison has levels designed for Mexican and U.S. names: surnames in the
other order, a dropped maternal surname, nicknames (Lupe = Guadalupe), Spanish
phonetics, day/month swaps in dates, identifiers with one typing error.

Blocking keeps recall by OR-ing several tight rules (surname sound + given
name + birth year / day-month / a missing date, birth date + given or surname
initial, full canonical name, identifier, phone, postcode + birth year), so a
record that differs in one field is still compared, while a million records
yield tens of millions of pairs rather than hundreds.

Every scored pair carries an explanation: the match weight that each
comparison contributed (log2 Bayes factor, term-frequency adjustment
included) and the level it reached, plus the prior. `baseline_settings` is the
plain Splink model (library comparisons on raw columns) that bench/resolve.py
measures us against.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities per use: at or above `auto_link` pairs are linked without review;
    between `review` and `auto_link` they go to the review queue; below, they are dropped."""

    auto_link: float = 0.9
    review: float = 0.5


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _null(*cols: str) -> dict[str, Any]:
    cond = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in cols)
    return _level(cond, "null", is_null_level=True)


_ELSE = _level("ELSE", "else")


def _alike(left: str, right: str) -> str:
    """SQL: surname `left` of the left record sounds like (or is spelled close to) `right` of the right."""
    return (f'("{left}_phon_l" = "{right}_phon_r" OR '
            f'jaro_winkler_similarity("{left}_l", "{right}_r") >= 0.9)')


# Term-frequency band: a paternal surname carried by at least this share of the records (in the
# data being resolved) is common; agreeing on it alone earns its own, weaker, trained weight.
COMMON_SURNAME = 0.01
_KEPT = ('"surname1_l" = "surname1_r" AND (array_has_all("surnames_l", "surnames_r") OR '
         'array_has_all("surnames_r", "surnames_l"))')


def _person_comparisons() -> list[dict[str, Any]]:
    return [
        {
            "output_column_name": "given_name",
            "comparison_description": "given names (nicknames, typing errors, one of two names)",
            "comparison_levels": [
                _null("given_keys"),
                _level('"given_l" = "given_r"', "exact", tf_adjustment_column="given",
                       tf_adjustment_weight=1.0),
                _level('"given1_key_l" = "given1_key_r"', "first given name or its nickname"),
                _level('len(list_intersect("given_keys_l", "given_keys_r")) >= 1', "a given name in common"),
                _level('jaro_winkler_similarity("given1_l", "given1_r") >= 0.88', "similar spelling"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "surname",
            "comparison_description": "surnames (order, dropped maternal surname, sound, typing errors)",
            "comparison_levels": [
                _null("surnames"),
                _level('"surname_str_l" = "surname_str_r"', "exact", tf_adjustment_column="surname_str",
                       tf_adjustment_weight=1.0),
                _level('list_sort("surnames_l") = list_sort("surnames_r")', "same surnames, other order"),
                _level(f'{_KEPT} AND greatest("sur_p_freq_l", "sur_p_freq_r") < {COMMON_SURNAME}',
                       "paternal surname kept, maternal dropped"),
                _level(_KEPT, "paternal surname kept, maternal dropped (common surname)"),
                _level('array_has_all("surnames_l", "surnames_r") OR array_has_all("surnames_r", "surnames_l")',
                       "one surname list inside the other, other position"),
                _level(f'({_alike("sur_p", "sur_p")} AND ("sur_m_l" IS NULL OR "sur_m_r" IS NULL OR '
                       f'{_alike("sur_m", "sur_m")})) OR ({_alike("sur_p", "sur_m")} AND {_alike("sur_m", "sur_p")})',
                       "surnames alike (spelling, order)"),
                _level('len(list_intersect("surname_phons_l", "surname_phons_r")) >= 1 OR '
                       'jaro_winkler_similarity("surname1_l", "surname1_r") >= 0.9',
                       "one surname in common, the other differs"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "birth_date",
            "comparison_description": "date of birth (typing errors, day/month swapped)",
            "comparison_levels": [
                _null("birth_date"),
                _level('"birth_date_l" = "birth_date_r"', "exact"),
                _level('(length("birth_date_l") = 10 AND length("birth_date_r") = 10) AND ('
                       'damerau_levenshtein("birth_date_l", "birth_date_r") <= 1 OR '
                       '("birth_year_l" = "birth_year_r" '
                       'AND substr("birth_date_l", 6, 2) = substr("birth_date_r", 9, 2) '
                       'AND substr("birth_date_l", 9, 2) = substr("birth_date_r", 6, 2)))',
                       "one digit or day/month swapped"),
                _level('substr("birth_date_l", 6, 5) = substr("birth_date_r", 6, 5) AND '
                       'abs(try_cast("birth_year_l" AS INTEGER) - try_cast("birth_year_r" AS INTEGER)) <= 1',
                       "year off by one"),
                _level('"birth_year_l" = "birth_year_r"', "same year"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "identifier",
            "comparison_description": "identity numbers (CURP, RFC, passport, SSN)",
            "comparison_levels": [
                _null("ids"),
                _level('len(list_intersect("ids_l", "ids_r")) >= 1', "same number"),
                _level('damerau_levenshtein("id1_l", "id1_r") <= 1', "one character off"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "phone",
            "comparison_description": "phone numbers",
            "comparison_levels": [
                _null("phones"),
                _level('len(list_intersect("phones_l", "phones_r")) >= 1', "same number"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "address",
            "comparison_description": "address",
            "comparison_levels": [
                _null("address"),
                _level('"address_l" = "address_r"', "exact"),
                _level('jaro_winkler_similarity("address_l", "address_r") >= 0.9', "similar"),
                _level('jaccard("address_l", "address_r") >= 0.6', "many characters in common"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "place",
            "comparison_description": "postcode and city",
            "comparison_levels": [
                _level('("postcode_l" IS NULL OR "postcode_r" IS NULL) AND ("city_l" IS NULL OR "city_r" IS NULL)',
                       "null", is_null_level=True),
                _level('"postcode_l" = "postcode_r" AND "city_l" = "city_r"', "postcode and city"),
                _level('"postcode_l" = "postcode_r"', "postcode"),
                _level('"city_l" = "city_r" OR jaro_winkler_similarity("city_l", "city_r") >= 0.92', "city"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "country",
            "comparison_description": "nationality or country",
            # term-frequency adjusted: agreeing on the country most records share says little
            "comparison_levels": [_null("country"), _level('"country_l" = "country_r"', "same",
                                                           tf_adjustment_column="country",
                                                           tf_adjustment_weight=1.0), _ELSE],
        },
        {
            "output_column_name": "gender",
            "comparison_description": "gender",
            "comparison_levels": [_null("gender"), _level('"gender_l" = "gender_r"', "same"), _ELSE],
        },
        {
            "output_column_name": "alias",
            "comparison_description": "aliases and monikers",
            "comparison_levels": [
                _null("alias_keys"),
                _level('len(list_intersect("alias_keys_l", "alias_keys_r")) >= 1', "alias in common"),
                _ELSE,
            ],
        },
    ]


PERSON_BLOCKING = [
    # the same name (sound of the first surname, first given name or its nickname) and ...
    'l."surname1_phon" = r."surname1_phon" AND l."given1_key" = r."given1_key" AND l."birth_year" = r."birth_year"',
    'l."surname1_phon" = r."surname1_phon" AND l."given1_key" = r."given1_key" AND '
    'substr(l."birth_date", 6, 5) = substr(r."birth_date", 6, 5)',
    'l."surname1_phon" = r."surname1_phon" AND l."given1_key" = r."given1_key" AND '
    '(l."birth_date" IS NULL OR r."birth_date" IS NULL)',
    # the same birth date and one name alike
    'l."birth_date" = r."birth_date" AND l."given1_key" = r."given1_key"',
    'l."birth_date" = r."birth_date" AND substr(l."given1", 1, 1) = substr(r."given1", 1, 1)',
    'l."birth_date" = r."birth_date" AND substr(l."surname1", 1, 1) = substr(r."surname1", 1, 1)',
    # the same surnames in any order (sound) and given initial, with the birth year
    'l."surname_set" = r."surname_set" AND substr(l."given1", 1, 1) = substr(r."given1", 1, 1) AND '
    'l."birth_year" = r."birth_year"',
    # the same full name, unless both birth dates are known and differ in year and in day-month
    'l."name_key" = r."name_key" AND (l."birth_date" IS NULL OR r."birth_date" IS NULL OR '
    'l."birth_year" = r."birth_year" OR substr(l."birth_date", 6, 5) = substr(r."birth_date", 6, 5))',
    'l."id1" = r."id1"',
    'l."phone1" = r."phone1"',
    'l."postcode" = r."postcode" AND l."birth_year" = r."birth_year"',
]

# Looser rules for recall (a name variant *and* a changed birth date): used only while the pairs they
# add stay within PAIR_BUDGET_PER_RECORD × records (counted in DuckDB before predicting), so small
# and medium runs get them and a million records with few distinct names do not.
PERSON_BLOCKING_EXTRA = [
    'l."given1_key" = r."given1_key" AND substr(l."birth_date", 6, 5) = substr(r."birth_date", 6, 5) AND '
    'substr(l."surname1", 1, 1) = substr(r."surname1", 1, 1)',
    'l."surname_set" = r."surname_set" AND substr(l."given1", 1, 1) = substr(r."given1", 1, 1) AND '
    '(l."birth_date" IS NULL OR r."birth_date" IS NULL)',
    'l."surname1_phon" = r."surname1_phon" AND l."given1_key" = r."given1_key"',
    'l."surname_set" = r."surname_set" AND substr(l."given1", 1, 1) = substr(r."given1", 1, 1)',
]
PAIR_BUDGET_PER_RECORD = 8

# EM sessions: each trains the comparisons not used in its blocking rule.
PERSON_TRAINING_BLOCKS = [
    'l."birth_date" = r."birth_date"',
    'l."surname1" = r."surname1" AND l."given1_key" = r."given1_key"',
]
PERSON_DETERMINISTIC = [
    'l."name_key" = r."name_key" AND l."birth_date" = r."birth_date"',
    'l."id1" = r."id1"',
]


def _org_comparisons() -> list[dict[str, Any]]:
    return [
        {
            "output_column_name": "org_name",
            "comparison_description": "name without legal form",
            "comparison_levels": [
                _null("org_tokens"),
                _level('"org_name_l" = "org_name_r"', "exact", tf_adjustment_column="org_name",
                       tf_adjustment_weight=0.5),
                _level('list_sort("org_tokens_l") = list_sort("org_tokens_r")', "same words"),
                _level('"org_phon_l" = "org_phon_r"', "sounds alike"),
                _level('jaro_winkler_similarity("org_name_l", "org_name_r") >= 0.92', "similar spelling"),
                _level('len(list_intersect("org_tokens_l", "org_tokens_r")) * 2 >= '
                       'greatest(len("org_tokens_l"), len("org_tokens_r"))', "half the words in common"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "legal_form",
            "comparison_description": "legal form (S.A. de C.V., LLC …)",
            "comparison_levels": [_null("legal_form"), _level('"legal_form_l" = "legal_form_r"', "same"), _ELSE],
        },
        {
            "output_column_name": "identifier",
            "comparison_description": "registration or tax number (RFC, EIN)",
            "comparison_levels": [
                _null("ids"),
                _level('len(list_intersect("ids_l", "ids_r")) >= 1', "same number"),
                _level('damerau_levenshtein("id1_l", "id1_r") <= 1', "one character off"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "phone",
            "comparison_description": "phone numbers",
            "comparison_levels": [_null("phones"),
                                  _level('len(list_intersect("phones_l", "phones_r")) >= 1', "same number"),
                                  _ELSE],
        },
        {
            "output_column_name": "address",
            "comparison_description": "address",
            "comparison_levels": [
                _null("address"),
                _level('"address_l" = "address_r"', "exact"),
                _level('jaro_winkler_similarity("address_l", "address_r") >= 0.9', "similar"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "country",
            "comparison_description": "country or jurisdiction",
            "comparison_levels": [_null("country"), _level('"country_l" = "country_r"', "same"), _ELSE],
        },
    ]


ORG_BLOCKING = [
    'l."org_first" = r."org_first"',
    'l."org_phon" = r."org_phon"',
    'l."id1" = r."id1"',
    'l."phone1" = r."phone1"',
    'l."postcode" = r."postcode"',
]
ORG_TRAINING_BLOCKS = ['l."org_first" = r."org_first"', 'l."id1" = r."id1"']
ORG_DETERMINISTIC = ['l."org_name" = r."org_name" AND l."country" = r."country"', 'l."id1" = r."id1"']


@dataclass
class ModelSpec:
    kind: str
    comparisons: list[dict[str, Any]]
    blocking: list[str]
    training_blocks: list[str]
    deterministic: list[str]
    prior_recall: float = 0.7
    blocking_extra: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def person_spec() -> ModelSpec:
    return ModelSpec("person", _person_comparisons(), list(PERSON_BLOCKING), list(PERSON_TRAINING_BLOCKS),
                     list(PERSON_DETERMINISTIC), blocking_extra=list(PERSON_BLOCKING_EXTRA))


def _rule_pairs(con: duckdb.DuckDBPyConnection, table: pa.Table, rule: str) -> int:
    """Pairs an equi-join blocking rule (`l."a" = r."a" AND …` on columns or substr) yields when
    deduplicating `table`, counted per key (n·(n-1)/2) without forming them. Other conditions
    (`IS NULL` …) are ignored: an upper bound."""
    import re

    keys = re.findall(r'substr\(l\."[^"]+", \d+, \d+\)|(?<!\()l\."[^"]+"', rule)
    exprs = [k.replace('l."', '"') for k in keys]
    con.register("__count_t", table)
    sql = (f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM __count_t "
           f"WHERE {' AND '.join(f'{e} IS NOT NULL' for e in exprs)} GROUP BY {', '.join(exprs)})")
    return int(con.execute(sql).fetchall()[0][0])


def blocking_rules(spec: ModelSpec, tables: list[pa.Table]) -> list[str]:
    """The spec's rules plus each extra rule whose pairs fit the budget (always when linking)."""
    rules = list(spec.blocking)
    if not spec.blocking_extra or len(tables) > 1:
        return rules + spec.blocking_extra
    budget = PAIR_BUDGET_PER_RECORD * sum(t.num_rows for t in tables)
    con = new_duckdb()
    try:
        for rule in spec.blocking_extra:
            if _rule_pairs(con, tables[0], rule) <= budget:
                rules.append(rule)
    finally:
        con.close()
    return rules


def organization_spec() -> ModelSpec:
    return ModelSpec("organization", _org_comparisons(), list(ORG_BLOCKING), list(ORG_TRAINING_BLOCKS),
                     list(ORG_DETERMINISTIC))


def settings(spec: ModelSpec, link_type: str = "dedupe_only") -> dict[str, Any]:
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "comparisons": spec.comparisons,
        "blocking_rules_to_generate_predictions": [{"blocking_rule": r} for r in spec.blocking],
        "retain_intermediate_calculation_columns": True,
        "retain_matching_columns": False,
        "max_iterations": 15,
        "em_convergence": 0.001,
        **spec.extra,
    }


DUCKDB_THREADS = min(os.cpu_count() or 1, 2)  # the reference machine has 2 cores, shared


def new_duckdb() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that never downloads extensions (deployments are air-gapped)."""
    con = duckdb.connect(":memory:")
    con.execute("SET autoinstall_known_extensions=false")
    con.execute("SET autoload_known_extensions=false")
    con.execute("SET enable_progress_bar=false")
    con.execute(f"SET threads={DUCKDB_THREADS}")
    con.execute("SET preserve_insertion_order=false")
    return con


@dataclass
class LinkResult:
    """Scored pairs (pandas: unique_id_l, unique_id_r, match_weight, match_probability, explanation)."""

    pairs: pd.DataFrame
    model: dict[str, Any]


def _quiet() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.WARNING)


def train_from_labels(table: pa.Table, spec: ModelSpec, label_column: str = "cluster",
                      seed: int = 7) -> dict[str, Any]:
    """A model whose m-probabilities are estimated from labelled records (`label_column`:
    same value = same entity), u by random sampling. Used to build the shipped models
    from the synthetic benchmark (a seed different from the one we evaluate on)."""
    from splink import DuckDBAPI, Linker

    _quiet()
    api = DuckDBAPI(new_duckdb())
    linker = Linker(api.register(table, table_name="labelled"), settings(spec), log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    linker.training.estimate_m_from_label_column(label_column)
    return smooth_m(linker.misc.save_model_to_json())


# Evidence that may legitimately disagree for one person (moves, new phones, renewed
# documents): the "else" level keeps at least this m, so it lowers a score but never vetoes.
M_FLOOR = {"address": 0.25, "phone": 0.2, "place": 0.25, "identifier": 0.05, "country": 0.05, "alias": 0.2}


def smooth_m(model: dict[str, Any], floor: float = 0.002) -> dict[str, Any]:
    """Keep every m-probability above `floor` (and "else" levels above `M_FLOOR`), renormalised:
    a level never seen among the labelled matches must not be an absolute veto."""
    for comp in model["comparisons"]:
        levels = [lvl for lvl in comp["comparison_levels"] if not lvl.get("is_null_level")]
        for lvl in levels:
            m = lvl.get("m_probability") or 0.0
            lvl["m_probability"] = max(m, floor)
            if lvl.get("sql_condition") == "ELSE":
                lvl["m_probability"] = max(lvl["m_probability"], M_FLOOR.get(comp["output_column_name"], floor))
            if not lvl.get("u_probability"):
                lvl["u_probability"] = 1e-6
        total = sum(lvl["m_probability"] for lvl in levels)
        for lvl in levels:
            lvl["m_probability"] = lvl["m_probability"] / total
    return model


def shipped_model(kind: str) -> dict[str, Any] | None:
    """The trained model shipped in `resolve/data/<kind>_model.json` (see `bench/resolve.py --train`)."""
    import json
    from pathlib import Path

    path = Path(__file__).parent / "data" / f"{kind}_model.json"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def link(
    tables: pa.Table | list[pa.Table],
    spec: ModelSpec,
    link_type: str = "dedupe_only",
    threshold: float = 0.2,
    seed: int = 7,
    train_sample: int = 300_000,
    progress: Progress | None = None,
    model: dict[str, Any] | None = None,
) -> LinkResult:
    """Train and score candidate pairs at or above `threshold`.

    With `model` (m-probabilities trained beforehand, e.g. `shipped_model`), only
    u-probabilities and the prior are re-estimated on these data; without it, m
    is estimated by EM under the spec's training blocking rules (unsupervised).
    Training uses at most `train_sample` rows per input (fixed-seed sample).
    """
    from splink import DuckDBAPI, Linker

    _quiet()
    say = progress or (lambda _msg: None)
    inputs = tables if isinstance(tables, list) else [tables]
    say("training")
    if model is not None:  # the spec's blocking rules, not those saved with the model
        rules = blocking_rules(spec, inputs)
        model = dict(model, blocking_rules_to_generate_predictions=[{"blocking_rule": r} for r in rules])
    if model is not None and min(t.num_rows for t in inputs) < MIN_ROWS_TO_RETRAIN:
        # too few records to estimate u, the prior or name frequencies: keep the shipped u and
        # prior, and drop term-frequency adjustments (a frequency among a handful of records says nothing)
        trained = _without_tf(model)
        return _score(inputs, trained, link_type, threshold, say)
    samples = [t if t.num_rows <= train_sample else _sample(t, train_sample, seed) for t in inputs]
    train_api = DuckDBAPI(new_duckdb())
    frames = [train_api.register(t, table_name=f"train_{i}") for i, t in enumerate(samples)]
    base = dict(model) if model is not None else settings(spec, link_type)
    base["link_type"] = link_type
    trainer = Linker(frames if len(frames) > 1 else frames[0], base, log_level=None)
    try:
        trainer.training.estimate_probability_two_random_records_match(
            list[Any](spec.deterministic), recall=spec.prior_recall)
    except Exception:  # noqa: BLE001 — no deterministic match in a small sample: keep the default
        logger.info("prior estimation failed; using the default")
    trainer.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    if model is None:
        for rule in spec.training_blocks:
            try:
                trainer.training.estimate_parameters_using_expectation_maximisation(rule)
            except Exception as exc:  # noqa: BLE001 — a rule with no pairs trains nothing
                logger.info("EM session %s skipped: %s", rule, exc)
    trained = trainer.misc.save_model_to_json()
    return _score(inputs, trained, link_type, threshold, say)


MIN_ROWS_TO_RETRAIN = 1000


def _without_tf(model: dict[str, Any]) -> dict[str, Any]:
    import copy

    out = copy.deepcopy(model)
    for comp in out["comparisons"]:
        for lvl in comp["comparison_levels"]:
            lvl.pop("tf_adjustment_column", None)
            lvl.pop("tf_adjustment_weight", None)
    return out
PREDICT_CHUNK_ROWS = 200_000  # left-side records per prediction chunk


def _score(inputs: list[pa.Table], trained: dict[str, Any], link_type: str, threshold: float,
           say: Callable[[str], None]) -> LinkResult:
    from splink import DuckDBAPI, Linker

    trained = dict(trained)
    trained["link_type"] = link_type
    say("scoring")
    con = new_duckdb()
    api = DuckDBAPI(con)
    frames = [api.register(t, table_name=f"input_{i}") for i, t in enumerate(inputs)]
    linker = Linker(frames if len(frames) > 1 else frames[0], trained, log_level=None)
    rows = sum(t.num_rows for t in inputs)
    chunks = max(1, math.ceil(rows / PREDICT_CHUNK_ROWS))  # bounded memory: blocked pairs per chunk
    predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never",
                                           num_chunks_left=chunks, num_chunks_right=1)
    say("explaining")
    pairs = explain(predictions.as_pandas_dataframe(), trained)
    con.close()
    return LinkResult(pairs, trained)


def _sample(table: pa.Table, n: int, seed: int) -> pa.Table:
    import numpy as np

    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(table.num_rows, size=n, replace=False))
    return table.take(pa.array(idx))


def prior_weight(model: dict[str, Any]) -> float:
    p = model.get("probability_two_random_records_match") or 1e-4
    return math.log2(p / (1 - p))


def explain(df: pd.DataFrame, model: dict[str, Any]) -> pd.DataFrame:
    """Keep ids and scores, and add `explanation`: {comparison: [level label, match weight]}.

    The level is the one whose trained weight equals the pair's (`mw_<comparison>`; 0 = missing on
    a side: contributes nothing, left out); the weight is that plus the term-frequency adjustment.
    Vectorised per comparison (no Python work per pair beyond building the dicts)."""
    import numpy as np

    out = pd.DataFrame({
        "unique_id_l": df["unique_id_l"].astype(str),
        "unique_id_r": df["unique_id_r"].astype(str),
        "match_weight": df["match_weight"].astype(float),
        "match_probability": df["match_probability"].astype(float),
    })
    if "source_dataset_l" in df.columns:
        out["source_dataset_l"] = df["source_dataset_l"]
        out["source_dataset_r"] = df["source_dataset_r"]
    parts: list[tuple[str, Any, Any, Any]] = []
    for comp in model["comparisons"]:
        name = comp["output_column_name"]
        if f"mw_{name}" not in df.columns:
            continue
        levels = [(math.log2(lvl["m_probability"] / lvl["u_probability"]), lvl.get("label_for_charts", ""))
                  for lvl in comp["comparison_levels"]
                  if not lvl.get("is_null_level") and lvl.get("m_probability") and lvl.get("u_probability")]
        if not levels:
            continue
        level_w = np.array([w for w, _ in levels])
        base = df[f"mw_{name}"].to_numpy(dtype=float)
        nearest = np.abs(base[:, None] - level_w[None, :]).argmin(axis=1)
        label = np.array([lab for _, lab in levels], dtype=object)[nearest]
        # weight 0 is the null level (missing on a side) unless a trained level has that very weight
        present = ~((base == 0.0) & (np.abs(level_w[nearest]) > 1e-9))
        weight = base
        if f"mw_tf_adj_{name}" in df.columns:
            weight = base + np.nan_to_num(df[f"mw_tf_adj_{name}"].to_numpy(dtype=float))
        parts.append((name, present, label, np.round(weight, 3).tolist()))
    prior = round(prior_weight(model), 3)
    explanations: list[dict[str, Any]] = [{"prior": prior} for _ in range(len(df))]
    for name, present, label, weight in parts:
        for i in np.flatnonzero(present).tolist():
            explanations[i][name] = [label[i], weight[i]]
    out["explanation"] = explanations
    return out


# --- the plain baseline ------------------------------------------------------------------------------

BASELINE_COLUMNS = ("unique_id", "first_name", "surname", "dob", "id", "city", "postcode", "address")


def baseline_table(entities: list[tuple[str, dict[str, list[str]]]]) -> pa.Table:
    """Raw columns for the plain model: as written, no name handling beyond Splink's own."""
    data: dict[str, list[str | None]] = {c: [] for c in BASELINE_COLUMNS}
    for entity_id, props in entities:
        def first(*keys: str, props: dict[str, list[str]] = props) -> str | None:
            for k in keys:
                if props.get(k):
                    return props[k][0]
            return None

        given = first("firstName")
        surname = first("lastName")
        if surname is None and props.get("fatherName"):
            surname = " ".join(props["fatherName"] + props.get("motherName", []))
        if (given is None or surname is None) and props.get("name"):
            words = props["name"][0].replace(",", " ").split()
            given = given or (words[0] if words else None)
            surname = surname or (words[-1] if len(words) > 1 else None)
        data["unique_id"].append(entity_id)
        data["first_name"].append(given)
        data["surname"].append(surname)
        data["dob"].append(first("birthDate"))
        data["id"].append(first("idNumber", "taxNumber", "passportNumber"))
        data["city"].append(first("city"))
        data["postcode"].append(first("postalCode"))
        data["address"].append(first("address"))
    return pa.table({c: pa.array(v, type=pa.string()) for c, v in data.items()})


def baseline_spec() -> ModelSpec:
    import splink.comparison_library as cl

    comparisons = [
        cl.NameComparison("first_name").get_comparison("duckdb").as_dict(),
        cl.NameComparison("surname").get_comparison("duckdb").as_dict(),
        cl.LevenshteinAtThresholds("dob", [1, 2]).get_comparison("duckdb").as_dict(),
        cl.ExactMatch("id").get_comparison("duckdb").as_dict(),
        cl.ExactMatch("city").get_comparison("duckdb").as_dict(),
        cl.ExactMatch("postcode").get_comparison("duckdb").as_dict(),
        cl.LevenshteinAtThresholds("address", [2]).get_comparison("duckdb").as_dict(),
    ]
    blocking = [
        'l."first_name" = r."first_name" AND l."surname" = r."surname"',
        'l."dob" = r."dob"',
        'l."id" = r."id"',
        'l."surname" = r."surname" AND l."postcode" = r."postcode"',
    ]
    return ModelSpec("baseline", comparisons, blocking, ['l."dob" = r."dob"', 'l."surname" = r."surname"'],
                     ['l."first_name" = r."first_name" AND l."surname" = r."surname" AND l."dob" = r."dob"'])
