"""Benchmark the paths DESIGN.md sets targets for, and print the figures.

    .venv/bin/python scripts/benchmark.py [--learners 10000] [--modules 20] [--runs 200]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python scripts/benchmark.py

It builds a throw-away database (SQLite under instance/ unless BENCH_DATABASE_URL
is set), fills one course with N learners x M modules of progress, and times,
in one process and one run, through Flask's test client:
- a bare Flask route (the floor),
- a module page for a learner (pre-rendered HTML + recording the page view),
- the tutor's list of learners, first and last page (one query per page).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from config import INSTANCE_DIR, TestConfig  # noqa: E402
from lms_service import create_app  # noqa: E402
from lms_service.cli import migrate  # noqa: E402
from lms_service.content import get_catalogue  # noqa: E402
from lms_service.db import Base, get_engine, get_session  # noqa: E402
from lms_service.sessions import start_session  # noqa: E402
from lms_service.models import COMPLETED, IN_PROGRESS, Context, Membership, ModuleProgress, User  # noqa: E402
from lti import keys  # noqa: E402
from lms_service.db import utcnow  # noqa: E402
from lti.models import Lms, Platform  # noqa: E402


class BenchConfig(TestConfig):
    DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'bench.sqlite3'}"


def build(learners: int, modules: list[str]) -> tuple[int, int]:
    """Fill the course; return (a learner's membership id, the tutor's membership id)."""
    with get_engine().begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    migrate()
    session = get_session()
    keys.ensure_tool_key(session)
    platform = Platform(lms=Lms(issuer="https://lms.example"), issuer="https://lms.example", client_id="bench",
                        auth_login_url="https://lms.example/auth", auth_token_url="https://lms.example/token",
                        key_set_url="https://lms.example/jwks")
    session.add(platform)
    session.flush()
    context = Context(lms_id=platform.lms_id, lti_context_id="course", title="Nurserie de test")
    session.add(context)
    session.flush()
    now = utcnow()
    session.execute(insert(User), [{"lms_id": platform.lms_id, "sub": f"u{i}", "name": f"Apprenant {i}"}
                                   for i in range(learners + 1)])
    user_ids = [row[0] for row in session.execute(User.__table__.select().with_only_columns(User.id).order_by(User.id))]
    session.execute(insert(Membership), [
        {"context_id": context.id, "user_id": uid, "roles": [], "is_learner": i > 0, "is_tutor": i == 0,
         "entry_date": date(2026, 10, 1), "last_activity_at": now - timedelta(minutes=i), "mentor_scope": []}
        for i, uid in enumerate(user_ids)
    ])
    member_ids = [row[0] for row in session.execute(
        Membership.__table__.select().with_only_columns(Membership.id).order_by(Membership.id))]
    rows = [
        {"membership_id": mid, "module_slug": slug, "status": COMPLETED if (mid + n) % 3 else IN_PROGRESS,
         "pages_seen": 5, "pages_total": 9, "seconds_spent": 600, "updated_at": now}
        for mid in member_ids[1:] for n, slug in enumerate(modules)
    ]
    for start in range(0, len(rows), 20000):
        session.execute(insert(ModuleProgress), rows[start:start + 20000])
    session.commit()
    return member_ids[1], member_ids[0]


def timed(label: str, call: Callable[[], object], runs: int) -> float:
    for _ in range(5):
        call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    median = statistics.median(samples)
    p95 = sorted(samples)[int(0.95 * (len(samples) - 1))]
    print(f"{label:48} median {median:7.2f} ms   p95 {p95:7.2f} ms   ({runs} runs)")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--modules", type=int, default=20)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    app = create_app(BenchConfig)
    app.add_url_rule("/bench-bare", "bench_bare", lambda: "ok")
    client = app.test_client()
    with app.app_context():
        catalogue = get_catalogue()
        slugs = [m.slug for m in catalogue.ordered()]
        modules = (slugs * (args.modules // len(slugs) + 1))[: args.modules]
        modules = [f"{slug}-{i}" if i >= len(slugs) else slug for i, slug in enumerate(modules)]
        started = time.perf_counter()
        learner_id, tutor_id = build(args.learners, modules)
        print(f"database: {app.config['DATABASE_URL'].split('@')[-1]}")
        print(f"course of {args.learners} learners x {args.modules} modules built in {time.perf_counter() - started:.1f} s")
        learner_token = start_session(get_session().get(Membership, learner_id), None, None).token
        tutor_token = start_session(get_session().get(Membership, tutor_id), None, None).token
        get_session().commit()
        module = catalogue.get("developpement-web")
        page_id = module.pages[1].id
    last_page = (args.learners + 49) // 50

    def ok(path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response
        return call

    bare = timed("bare Flask route", ok("/bench-bare"), args.runs)
    page = timed("module page (learner, records the view)", ok(f"/modules/developpement-web/{page_id}?lt={learner_token}"), args.runs)
    first = timed("tutor list, page 1 of learners", ok(f"/tutor/?lt={tutor_token}"), args.runs)
    last = timed(f"tutor list, page {last_page} (last)", ok(f"/tutor/?lt={tutor_token}&page={last_page}"), args.runs)
    print(f"module page costs {page / bare:.1f}x a bare route; tutor list page 1 {first:.1f} ms, last page {last:.1f} ms")


if __name__ == "__main__":
    main()
