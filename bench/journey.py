"""What an analyst waits for: the API's pages and queries on a large store, each called twice.

    .venv/bin/python bench/network.py --demo large --load-only   # the 1M-record demo store, once
    .venv/bin/python bench/journey.py [--db URL] [--agency FGR] [--gap 6]

Serves the app in-process (FastAPI's TestClient, so no network in the times) on the store
(default: the one `bench/network.py --demo large` loads), as a user of `--agency` (created
once, `bench-<agency>`), and times the home page, an entity profile, a 2-hop expansion, a
path, the entity's community, its key players, the merged expansion and the review queue.
Each is called twice, `--gap` seconds apart (default 6: more than the network cache's
5 s, so that the second call includes the refresh a user coming back to the page pays).
The first call of a process builds what is kept (the graph, Leiden, the home page's
counts); the second shows what every later user waits for. The entity is the first payer, by
id, of the payments the agency may see; the path goes to the second.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from bicentennial.access.policy import visibility_filter
from bicentennial.access.principal import system_principal
from bicentennial.access.tokens import add_user
from bicentennial.framework import get_agency
from bicentennial.store.db import make_engine
from bicentennial.store.migrate import migrate
from bicentennial.store.tables import app_user, provenance, statement_data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(__file__).resolve().parent / "out" / "network-large.db"
    parser.add_argument("--db", default=f"sqlite:///{default}", help="database URL (default: the 1M demo store)")
    parser.add_argument("--agency", default="FGR")
    parser.add_argument("--gap", type=float, default=6.0, help="seconds between the two calls")
    args = parser.parse_args()
    import os

    os.environ["BICENTENNIAL_DATABASE_URL"] = args.db
    engine = make_engine(args.db)
    migrate(engine)
    name = f"bench-{args.agency.lower()}"
    token = f"bench-token-{args.agency.lower()}"
    with engine.begin() as conn:
        if conn.execute(select(app_user.c.name).where(app_user.c.name == name)).first() is None:
            add_user(conn, name, args.agency, ["analyst", "supervisor"], token=token)
        s, p = statement_data.alias("s"), provenance.alias("p")
        who = system_principal(args.agency, get_agency(args.agency).country)
        payers = (select(s.c.value).join(p, p.c.seq == s.c.prov)
                  .where(s.c.prop == "payer", visibility_filter(who, p)).order_by(s.c.value).limit(2))
        found = [v for (v,) in conn.execute(payers)]
    if len(found) < 2:
        raise SystemExit(f"no payments {args.agency} may see in {args.db}")
    a, b = found
    from bicentennial.api.app import create_app

    client = TestClient(create_app())
    headers = {"Authorization": f"Bearer {token}"}
    calls = [
        ("home page", "/"),
        ("entity profile", f"/api/entities/{a}/profile"),
        ("2-hop expansion", f"/api/network/expand/{a}?hops=2"),
        ("path", f"/api/network/path?source={a}&target={b}"),
        ("community", f"/api/network/communities?entity={a}"),
        ("key players", f"/api/network/key-players?entity={a}"),
        ("2-hop expansion, merged", f"/api/network/expand/{a}?hops=2&merged=true"),
        ("review queue", "/api/resolve/queue"),
    ]
    print(f"store {args.db}; user {name} ({args.agency}); entity {a}; {args.gap:g} s between calls")
    print(f"{'request':28} {'first (ms)':>12} {'second (ms)':>12}  status")
    for label, url in calls:
        times, status = [], 0
        for _ in range(2):
            time.sleep(args.gap)
            t = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - t) * 1000)
            status = response.status_code
        print(f"{label:28} {times[0]:12.1f} {times[1]:12.1f}  {status}", flush=True)


if __name__ == "__main__":
    main()
