"""Drain pending scores to the dev platform's gradebook, as `flask grades worker` does, and time it.

    .venv/bin/python scripts/grades_benchmark.py [--scores 10000] [--workers 1]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python scripts/grades_benchmark.py --workers 4

The dev platform serves on loopback from this process (scripts/launch_benchmark.py
builds both), with N learners enrolled in one course; the tool's database gets N
memberships and N pending results for one module. First the bare route: the same
number of scores posted by one AGS client in a loop, to a column of their own
(what sending costs with no outbox: one token, one HTTP call each). Then the
workers drain the outbox (claim, read, send, record). It prints scores per second
for both, their ratio, the tokens the platform issued, and what is left pending.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from launch_benchmark import served_platform, this_tool  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from devplatform.gradebook import LineItem  # noqa: E402
from devplatform.roster import LEARNER  # noqa: E402
from devplatform.roster import User as PlatformUser
from devplatform.seed import ROUBAIX  # noqa: E402
from lms_service.db import utcnow  # noqa: E402
from lms_service.grades.worker import run  # noqa: E402
from lms_service.models import Context, GradeOutbox, Membership, ResourceLink, User  # noqa: E402
from lti.models import Platform  # noqa: E402
from lti.services import AgsClient  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SLUG = "developpement-web"
AGS = [f"https://purl.imsglobal.org/spec/lti-ags/scope/{s}" for s in ("lineitem", "lineitem.readonly", "score")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scores", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="workers side by side (threads; PostgreSQL shares)")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'bench.sqlite3'}"
    drain_scores(url, args.scores, args.workers)


def drain_scores(url: str, count: int, workers: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as files, served_platform(Path(files)) as platform:
        app = this_tool(url, platform.settings.url)
        tool = make_server("127.0.0.1", 0, app, threaded=True)  # the platform checks the tool's key set there
        threading.Thread(target=tool.serve_forever, daemon=True).start()
        platform.replace_registration(dataclasses.replace(platform.registration,
                                                          jwks_url=f"http://127.0.0.1:{tool.server_port}/lti/jwks"))  # fmt: skip
        learners = [f"bench-learner-{n:05d}" for n in range(count)]
        for learner in learners:
            platform.add_user(PlatformUser(learner))
            platform.enrol(learner, ROUBAIX, [LEARNER])
        with app.app_context():
            registration = _fill(app, platform.urls.lineitems(ROUBAIX), learners)
            bare = _bare(app, platform, registration, learners)
            tokens = len(platform.issued_tokens)
            started = time.perf_counter()
            threads = [threading.Thread(target=run, kwargs={"app": app, "owner": f"bench-{n}", "stop": threading.Event(),
                                                            "once": True}) for n in range(workers)]  # fmt: skip
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            left = _left(app)
        rate = count / elapsed
        print(f"\nscores drained: {url.split('@')[-1]}, {count:,} pending results, {workers} worker(s)")
        print(f"bare: one AGS client posting in a loop      {bare:8,.0f} scores/s")
        print(f"workers: claim, read, send, record          {rate:8,.0f} scores/s  ({elapsed:.1f} s)")
        print(f"ratio workers / bare: {rate / bare:.2f}; tokens requested by the workers: "
              f"{len(platform.issued_tokens) - tokens}; left pending: {left}")  # fmt: skip


def _fill(app, lineitems_url: str, learners: list[str]) -> int:
    """The tool's side: a course placed with the dev platform, its learners, one pending result each."""
    sessions = app.extensions["db"]
    now = utcnow()
    with sessions() as db, db.begin():
        registration = db.scalars(select(Platform)).one()
        context = Context(lms_id=registration.lms_id, lti_context_id=ROUBAIX, title="Nurserie (banc d'essai)")
        db.add(context)
        db.flush()
        db.add(ResourceLink(context_id=context.id, registration_id=registration.id, deployment_id="1",
                            lti_resource_link_id="banc", ags_lineitems_url=lineitems_url, ags_scopes=AGS,
                            custom={"module": SLUG}))  # fmt: skip
        users = db.execute(insert(User).returning(User.id), [{"lms_id": registration.lms_id, "sub": s} for s in learners]).scalars().all()
        memberships = db.execute(insert(Membership).returning(Membership.id), [
            {"context_id": context.id, "user_id": user, "roles": [], "entry_date": now.date()} for user in users
        ]).scalars().all()  # fmt: skip
        db.execute(insert(GradeOutbox), [
            {"membership_id": m, "module_slug": SLUG, "score_given": 8.0, "score_maximum": 10.0, "activity_progress": "Completed",
             "grading_progress": "FullyGraded", "timestamp": now, "updated_at": now, "version": 1, "tries": 0}
            for m in memberships
        ])  # fmt: skip
        return registration.id


def _bare(app, platform, registration_id: int, learners: list[str]) -> float:
    """Scores per second of one client posting the same scores to a column of its own, in a loop."""
    sessions = app.extensions["db"]
    with sessions() as db:
        registration = db.get(Platform, registration_id)
    item = platform.gradebook.add(LineItem(0, ROUBAIX, "Colonne du banc d'essai", 10.0, resource_id="banc"))
    client = AgsClient(sessions, registration)
    url = platform.urls.lineitem(ROUBAIX, item.id)
    stamp = (utcnow() - timedelta(minutes=1)).isoformat()
    started = time.perf_counter()
    for learner in learners:
        sent = client.post_score(url, {"userId": learner, "scoreGiven": 8.0, "scoreMaximum": 10.0,
                                       "activityProgress": "Completed", "gradingProgress": "FullyGraded", "timestamp": stamp})  # fmt: skip
        assert sent.kind == "delivered", sent
    return len(learners) / (time.perf_counter() - started)


def _left(app) -> int:
    with app.extensions["db"]() as db:
        return db.scalar(select(func.count()).select_from(GradeOutbox).where(GradeOutbox.status != "sent")) or 0


if __name__ == "__main__":
    main()
