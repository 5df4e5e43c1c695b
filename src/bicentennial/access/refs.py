"""Which statements name an entity: a derived index of the values of entity-typed properties.

An entity profile lists the records that name the entity (a payment's payer, the people a
seizure involved), and an investigation's export adds the records that name its members.
Asked of `statement.value`, which has no index, that is a scan of every statement: 0.7–1 s
a profile on the 1M-record demo, growing with the store. An index on `statement_data` would
be kept up to date by every write, and a partial one over these properties halved the
ingest's throughput (99,000 → 52,000 statements/s; SQLite evaluates the index's `IN` list
for every row written). So the index is a table of its own, `statement_ref` (the statement's
`seq` and its value), filled from the store when it is read, as the search index is:

* `refresh` copies the reference statements stored since the last refresh (by `seq`), and
  those first seen since it began minus `store.db.COMMIT_MARGIN` (a batch's time is taken
  when it begins; its transaction commits within that margin, possibly after a later
  `seq`), skipping those already copied. The migration that made the table filled it.
* `referencing` refreshes, then reads the statements through it, visibility first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Column, Connection, Index, Integer, Table, Text, func, select, text, update

from bicentennial.access.policy import visibility_filter
from bicentennial.access.principal import Principal
from bicentennial.access.search import search_state
from bicentennial.store.db import before_margin, utcnow
from bicentennial.store.tables import metadata, provenance, statement_data
from bicentennial.store.writer import insert_ignore

#: Properties whose values name another entity (FtM type `entity`, reverse properties left
#: out) in our model. `tests/access/test_refs.py` checks the tuple against the model.
REFERENCE_PROPS = (
    "account", "addressEntity", "agent", "ancestors", "asset", "associate", "authority", "bank", "bankAccount",
    "bankForeign", "bankRub", "beneficiary", "beneficiaryAccount", "callForTenders", "caller", "candidate", "case",
    "client", "contract", "contractHolder", "controlled", "controller", "creditor", "dealer", "debtor", "declarant",
    "director", "document", "emitters", "employee", "employer", "endLocation", "entity", "facilitator", "firearm",
    "holder", "importer", "inReplyToEmail", "inReplyToMessage", "involved", "issuer", "match", "member", "object",
    "onBehalfOf", "operator", "organization", "organizer", "owner", "parent", "partOf", "participant", "party",
    "payer", "payerAccount", "person", "pictured", "possessor", "post", "predecessor", "project", "proof",
    "purchaser", "receiver", "recipientAccount", "recipients", "relative", "reportingInstitution", "resolved",
    "riskSource", "sender", "senderAccount", "startLocation", "subject", "successor", "supplier", "taxee",
    "tenderers", "transport", "vehicle",
)

STATE_KEY = "statement_ref"  # in `search_state`: when the last refresh began

statement_ref = Table(
    "statement_ref",
    metadata,
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("value", Text, nullable=False),
    Index(None, "value"),
)


def copy_sql(dialect: str, since: str = "") -> str:
    """The statement that copies reference statements into `statement_ref`, skipping those
    already there: all of them, or those `since` "seq" (`seq > :seq`) or "time"
    (first seen after `:time`)."""
    props = ", ".join(f"'{p}'" for p in REFERENCE_PROPS)
    where = {"": "", "seq": " AND s.seq > :seq", "time": " AND p.seen_at > :time"}[since]
    pick = (f"SELECT s.seq, s.value FROM statement_data s JOIN provenance p ON p.seq = s.prov "
            f"WHERE s.prop IN ({props}){where}")
    if dialect == "sqlite":
        return f"INSERT OR IGNORE INTO statement_ref (seq, value) {pick}"
    return f"INSERT INTO statement_ref (seq, value) {pick} ON CONFLICT DO NOTHING"


def state(conn: Connection) -> str:
    """What the next refresh starts from: "<when the last one began>|<the last seq it saw>"."""
    top = conn.execute(select(func.max(statement_data.c.seq))).scalar() or 0
    return f"{utcnow()}|{top}"


def refresh(conn: Connection) -> int:
    """Copy the reference statements the last refresh may have missed; returns how many.

    Two reads, each skipping what is already copied: the statements stored after the last
    one it saw (`seq`), and those first seen after it began minus `COMMIT_MARGIN`, for a
    transaction that took its `seq` earlier but committed later (PostgreSQL)."""
    last = conn.execute(select(search_state.c.value).where(search_state.c.key == STATE_KEY)).scalar()
    now = state(conn)
    added = 0
    if last is None:  # the migration writes the row; a database made otherwise is filled here
        added += conn.execute(text(copy_sql(conn.dialect.name))).rowcount or 0
        insert_ignore(conn, search_state, [{"key": STATE_KEY, "value": now}])
        return added
    began, _sep, seq = last.partition("|")
    since = before_margin(began)
    added += conn.execute(text(copy_sql(conn.dialect.name, "seq")), {"seq": int(seq or 0)}).rowcount or 0
    added += conn.execute(text(copy_sql(conn.dialect.name, "time")), {"time": since}).rowcount or 0
    if now > last:
        conn.execute(update(search_state).where(search_state.c.key == STATE_KEY).values(value=now))
    return int(added)


def referencing(conn: Connection, principal: Principal, entity_ids: list[str]) -> list[tuple[str, str, str]]:
    """(entity_id, schema, prop) of visible statements of an entity-typed property whose value
    is one of `entity_ids` (no audit: the caller's read is audited)."""
    if not entity_ids:
        return []
    refresh(conn)
    query: Any = (select(statement_data.c.entity_id, statement_data.c.schema, statement_data.c.prop)
                  .select_from(statement_ref)
                  .join(statement_data, statement_data.c.seq == statement_ref.c.seq)
                  .join(provenance, provenance.c.seq == statement_data.c.prov)
                  .where(statement_ref.c.value.in_(entity_ids), visibility_filter(principal, provenance)))
    return [(r.entity_id, r.schema, r.prop) for r in conn.execute(query)]
