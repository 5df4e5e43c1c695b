"""Generate the demo scenario, ingest every feed and create the demo users.

Idempotent: a feed already ingested with the same content (SHA-256), agency
and sharing level and without quarantined rows is skipped, and the ingest
itself adds no statement twice; existing demo users are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.principal import system_principal
from bicentennial.access.tokens import add_user, list_users
from bicentennial.demo.generate import DEFAULT_SEED, FeedFile, Manifest, generate, resolve_size
from bicentennial.framework import get_agency
from bicentennial.settings import get_settings
from bicentennial.store.tables import ingest_batch

ACTOR = "demo"


@dataclass(frozen=True)
class DemoUser:
    name: str
    agency: str
    roles: tuple[str, ...]

    @property
    def token(self) -> str:
        """Fixed and public: never use these accounts outside a demo."""
        return self.name


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("demo-cbp-analyst", "CBP", ("analyst",)),
    DemoUser("demo-atf-analyst", "ATF", ("analyst",)),
    DemoUser("demo-fgr-analyst", "FGR", ("analyst",)),
    DemoUser("demo-uif-analyst", "UIF", ("analyst",)),
    DemoUser("demo-supervisor", "FGR", ("analyst", "supervisor")),
    DemoUser("demo-auditor", "SRE", ("auditor",)),
    DemoUser("demo-admin", "SSPC", ("admin",)),
)


@dataclass
class FileLoad:
    feed: FeedFile
    skipped: bool = False
    rows: int = 0
    accepted: int = 0
    quarantined: int = 0
    statements_added: int = 0


@dataclass
class LoadResult:
    manifest: Manifest
    files: list[FileLoad] = field(default_factory=list)
    users_created: list[str] = field(default_factory=list)

    @property
    def statements_added(self) -> int:
        return sum(f.statements_added for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)


def demo_dir(size: str | int) -> Path:
    label, _total = resolve_size(size)
    return get_settings().var_dir / "demo" / label


def _already_loaded(engine: Engine, feed: FeedFile) -> bool:
    with engine.connect() as conn:
        row = conn.execute(
            select(ingest_batch.c.id).where(
                ingest_batch.c.source_sha256 == feed.sha256,
                ingest_batch.c.agency == feed.agency,
                ingest_batch.c.sharing == feed.sharing,
                ingest_batch.c.status == "done",
                ingest_batch.c.quarantined == 0,
            ).limit(1)
        ).first()
    return row is not None


def create_demo_users(engine: Engine) -> list[str]:
    """Create the demo users that do not exist yet; returns the names created."""
    created: list[str] = []
    with engine.begin() as conn:
        existing = {str(u["name"]) for u in list_users(conn)}
        for user in DEMO_USERS:
            if user.name in existing:
                continue
            add_user(conn, user.name, user.agency, list(user.roles), token=user.token)
            agency = get_agency(user.agency)
            append(conn, AuditEvent.by(system_principal(agency.code, agency.country), "admin", user.name,
                                       operation="create_user", roles=list(user.roles), source="demo"))
            created.append(user.name)
    return created


def load(
    engine: Engine,
    size: str | int = "small",
    seed: int = DEFAULT_SEED,
    out_dir: str | Path | None = None,
    force: bool = False,
    progress: bool = False,
    on_file: Callable[[FeedFile], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_generated: Callable[[Manifest], None] | None = None,
) -> LoadResult:
    """Generate the scenario into `out_dir` (default var/demo/<size>/) and ingest it, entities first.

    `on_file` is called before each feed, `on_progress(done, total)` while it loads; `force`
    re-ingests feeds already loaded (the store still adds no duplicate statement); `on_generated`
    receives the manifest before loading starts."""
    from bicentennial.ingest import ingest_file

    manifest = generate(out_dir or demo_dir(size), size=size, seed=seed)
    if on_generated:
        on_generated(manifest)
    result = LoadResult(manifest)
    for feed in sorted(manifest.files, key=lambda f: f.rank):
        if on_file:
            on_file(feed)
        if not force and _already_loaded(engine, feed):
            result.files.append(FileLoad(feed, skipped=True))
            if on_progress:
                on_progress(feed.rows, feed.rows)
            continue
        summary = ingest_file(engine, manifest.path(feed), agency=feed.agency, sharing=feed.sharing,
                              schema=feed.schema, actor=ACTOR, progress=progress and on_progress is None,
                              on_progress=on_progress)
        result.files.append(FileLoad(feed, False, summary.rows, summary.accepted, summary.quarantined,
                                     summary.statements_added))
    result.users_created = create_demo_users(engine)
    return result
