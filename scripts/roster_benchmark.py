"""Read a course roster of N members from the dev platform and store it, as the worker does, and time it.

    .venv/bin/python scripts/roster_benchmark.py [--members 10000]
    .venv/bin/python scripts/roster_benchmark.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

The dev platform serves on loopback from this process (scripts/launch_benchmark.py
builds both) with N learners enrolled in one course, named and with an e-mail,
and pages its roster by 1,000 (real NRPS JSON over HTTP, a token from its token
endpoint). The tool's side is one course placed there, on a fresh schema: an
SQLite file of its own, and the PostgreSQL database named by --database-url
(or BENCH_DATABASE_URL, or TEST_DATABASE_URL) when there is one. It times
`read_due_rosters` twice: the first read, where every member is new (people and
memberships created), and a read again, where everyone is known (the six-hourly
read). Peak memory is Python's own (tracemalloc), from a third, traced read on a
fresh schema: tracing slows Python down, so the timed reads run without it.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask  # noqa: E402
from launch_benchmark import served_platform, this_tool  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from devplatform.platform import Platform as DevPlatform  # noqa: E402
from devplatform.roster import LEARNER  # noqa: E402
from devplatform.roster import User as PlatformUser  # noqa: E402
from devplatform.seed import ROUBAIX  # noqa: E402
from lms_service.db import get_engine, utcnow  # noqa: E402
from lms_service.models import Context, Membership, ResourceLink  # noqa: E402
from lms_service.roster.reading import PAGE, Read, read_due_rosters  # noqa: E402
from lti.models import Platform  # noqa: E402

GIVEN = ("Inès", "Kévin", "Yasmine", "Dylan", "Amandine", "Rachid", "Sarah", "Mamadou", "Laura", "Fatou")
FAMILY = ("Belkacem", "Dufour", "Benali", "Carpentier", "Lefort", "Ouali", "Lefebvre", "Diallo", "Dubois", "Ndiaye")


def roster_sync_figures(members: int = 10_000, database_url: str | None = None) -> dict[str, Any]:
    """Seconds, members per second and peak memory of a first read and a read again of an N-member roster.

    `database_url`: the tool's database (its tables are dropped and made again);
    None for an SQLite file in a temporary directory.
    """
    with tempfile.TemporaryDirectory() as files:
        url = database_url or f"sqlite:///{Path(files) / 'roster-bench.sqlite3'}"
        with served_platform(Path(files)) as platform:
            _enrol(platform, members)
            with _served_tool(url, platform) as app:
                first, read = _timed_read(app, platform)
                again, _ = _timed_read(app, platform)
                stored = _stored(app)
            with _served_tool(url, platform) as app:
                tracemalloc.start()
                try:
                    _timed_read(app, platform)
                    peak = tracemalloc.get_traced_memory()[1]
                finally:
                    tracemalloc.stop()
    assert read.applied is not None and read.problem is None, read
    return {
        "database": url.split("@")[-1] if database_url else "sqlite (scratch file)",
        "members": members,
        "pages": -(-read.applied.seen // PAGE),
        "stored_memberships": stored,
        "first_read_seconds": round(first, 2),
        "first_read_members_per_second": round(read.applied.seen / first),
        "read_again_seconds": round(again, 2),
        "read_again_members_per_second": round(read.applied.seen / again),
        "peak_memory_mib": round(peak / 2**20, 1),
    }


def _enrol(platform: DevPlatform, count: int) -> None:
    """N learners in the dev platform's course, named as real ones are (accents included), with an e-mail."""
    for n in range(count):
        given, family = GIVEN[n % len(GIVEN)], f"{FAMILY[n // len(GIVEN) % len(FAMILY)]}-{n:05d}"
        sub = f"bench-learner-{n:05d}"
        platform.add_user(PlatformUser(sub, f"{given} {family}", given, family, f"{sub}@example.org"))
        platform.enrol(sub, ROUBAIX, [LEARNER])


@contextmanager
def _served_tool(url: str, platform: DevPlatform) -> Iterator[Flask]:
    """This tool on a fresh schema, its key set served (the platform checks the token request with it), and
    the course placed with its roster URL and a tutor's request to read it."""
    app = this_tool(url, platform.settings.url)
    tool = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=tool.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    platform.replace_registration(dataclasses.replace(platform.registration,
                                                      jwks_url=f"http://127.0.0.1:{tool.server_port}/lti/jwks"))  # fmt: skip
    with app.app_context(), app.extensions["db"]() as db, db.begin():
        registration = db.scalars(select(Platform)).one()
        context = Context(lms_id=registration.lms_id, lti_context_id=ROUBAIX, title="Nurserie (banc d'essai)",
                          has_course=True)  # fmt: skip
        db.add(context)
        db.flush()
        db.add(ResourceLink(context_id=context.id, registration_id=registration.id, deployment_id="1",
                            lti_resource_link_id="banc", nrps_url=platform.urls.memberships(ROUBAIX),
                            updated_at=utcnow()))  # fmt: skip
    try:
        yield app
    finally:
        tool.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            get_engine().dispose()


def _timed_read(app: Flask, platform: DevPlatform) -> tuple[float, Read]:
    """One read of the course's roster, as the worker's idle round does it (asked for first, so it is due)."""
    sessions = app.extensions["db"]
    with app.app_context():
        with sessions() as db, db.begin():
            course = db.scalars(select(Context)).one()
            course.roster_requested_at = utcnow()
        started = time.perf_counter()
        [read] = read_due_rosters(sessions, "roster-bench")
        return time.perf_counter() - started, read


def _stored(app: Flask) -> int:
    with app.app_context(), app.extensions["db"]() as db:
        return db.scalar(select(func.count()).select_from(Membership)) or 0


def print_figures(figures: dict[str, Any]) -> None:
    print(f"\nroster sync: {figures['database']}, {figures['members']:,} members in {figures['pages']} pages "
          f"({figures['stored_memberships']:,} memberships stored)")  # fmt: skip
    print(f"first read (everyone new)   {figures['first_read_seconds']:6.2f} s  "
          f"{figures['first_read_members_per_second']:8,} members/s")  # fmt: skip
    print(f"read again (everyone known) {figures['read_again_seconds']:6.2f} s  "
          f"{figures['read_again_members_per_second']:8,} members/s")  # fmt: skip
    print(f"peak Python memory of a first read: {figures['peak_memory_mib']} MiB (tracemalloc)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL"),
                        help="also measure on this database (its tables are dropped first)")  # fmt: skip
    args = parser.parse_args()
    print_figures(roster_sync_figures(args.members))
    if args.database_url and not args.database_url.startswith("sqlite"):
        print_figures(roster_sync_figures(args.members, args.database_url))


if __name__ == "__main__":
    main()
