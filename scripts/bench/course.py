"""Build the benchmark's course in a checkout's database, and count each route's SQL.

    PYTHONPATH=<checkout>:scripts/bench DATABASE_URL=... SECRET_KEY=... python course.py OUT.json

Runs under the measured checkout (tree_app). It empties the database, migrates
it, fills one course with N learners x M modules of progress as real use
leaves it (a completed row carries the version it was completed on and its
dates), opens launch sessions for the learners the load will play, and writes
OUT.json: each route's requests, and its SQL statements and round trips per
request, counted in-process on the same app through SQLAlchemy's events.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date, timedelta
from typing import Any

from compat import csrf_token, start_session
from flask import Flask, current_app, url_for
from sqlalchemy import Engine, event, func, insert, select, text
from tree_app import BARE_PATH, FLOOR_PATH, make_app

from lms_service.cli import migrate
from lms_service.content import Module, get_catalogue
from lms_service.db import get_engine, get_session, utcnow
from lms_service.models import COMPLETED, IN_PROGRESS, Context, Membership, ModuleProgress, PageView, User
from lti import keys
from lti.models import Lms, Platform

READ_MODULE = "developpement-web"  # the module the load reads


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--modules", type=int, default=20)
    parser.add_argument("--players", type=int, default=256, help="learners the load plays, each with a session")
    args = parser.parse_args()
    app = make_app()
    with app.app_context():
        empty_database()
        migrate()
        module = get_catalogue().get(READ_MODULE)
        assert module is not None, f"module {READ_MODULE} missing"
        learner_ids, tutor_id = fill_course(args.learners, _slugs(args.modules), module)
        _analyze()
        _count_course()
        routes = plan_routes(app, module, learner_ids[: args.players], tutor_id)
        get_session().commit()
        get_session().close()
    for name, route in routes.items():
        route.update(count_sql(app, route))
        print(f"  {name:8} {route['statements']:5.1f} statements, {route['round_trips']:5.1f} round trips", file=sys.stderr)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(routes, out)


def empty_database() -> None:
    """A fresh schema every run: the measured commits do not have the same tables."""
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        return
    engine.dispose()
    path = engine.url.database
    assert path, "an SQLite file, not memory"
    for suffix in ("", "-wal", "-shm"):
        with open(path + suffix, "wb"):  # emptied, keeping the owner-only mode of the original
            pass


def _analyze() -> None:
    """Statistics for the planner, as PostgreSQL's autovacuum gathers them within a minute of such a load
    (without them, a page's plans are those of empty tables: 300 ms instead of 30)."""
    session = get_session()
    session.commit()
    if get_engine().dialect.name == "postgresql":
        with get_engine().connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def _count_course() -> None:
    """The worker's pass over the course (alerts, figures), where this checkout has one; its time is printed."""
    try:
        from lms_service.risk.course_pass import refresh_due
    except ImportError:
        return
    get_session().commit()
    started = time.perf_counter()
    refresh_due(current_app.extensions["db"], get_catalogue().nursery(), utcnow, every=True)
    print(f"  worker's pass over the course (alerts, figures): {1000 * (time.perf_counter() - started):.0f} ms",
          file=sys.stderr)


def _slugs(count: int) -> list[str]:
    slugs = [m.slug for m in get_catalogue().ordered()]
    return [slugs[i] if i < len(slugs) else f"{slugs[i % len(slugs)]}-{i}" for i in range(count)]


def fill_course(learners: int, slugs: list[str], module: Module) -> tuple[list[int], int]:
    """One course: a tutor and the learners, each with a row per module; return (learner ids, tutor id)."""
    session = get_session()
    keys.ensure_tool_key(session)
    lms = Lms(issuer="https://lms.example")
    session.add(Platform(lms=lms, issuer="https://lms.example", client_id="bench",
                         auth_login_url="https://lms.example/auth", auth_token_url="https://lms.example/token",
                         key_set_url="https://lms.example/jwks"))  # fmt: skip
    session.flush()
    context = Context(lms_id=lms.id, lti_context_id="course", title="Nurserie de test")
    session.add(context)
    session.flush()
    now = utcnow()
    session.execute(insert(User), [{"lms_id": lms.id, "sub": f"u{i}", "name": f"Apprenant {i}"}
                                   for i in range(learners + 1)])  # fmt: skip
    user_ids = list(session.scalars(select(User.id).order_by(User.id)))
    session.execute(insert(Membership), [
        {"context_id": context.id, "user_id": uid, "roles": [], "is_learner": i > 0, "is_tutor": i == 0,
         "entry_date": date(2026, 10, 1) + timedelta(days=i % 60), "last_activity_at": _activity(i, now),
         "mentor_scope": [], "last_page_module": module.slug, "last_page_id": module.pages[1].id, **_later_columns(i)}
        for i, uid in enumerate(user_ids)
    ])  # fmt: skip
    member_ids = list(session.scalars(select(Membership.id).order_by(Membership.id)))
    _fill_progress(member_ids[1:], slugs, module, now)
    _fill_reviews(member_ids[1:], now)
    return member_ids[1:], member_ids[0]


def _activity(i: int, now: Any) -> Any:
    """Most learners active within days, one in 10 silent for weeks, one in 50 never came."""
    if i % 50 == 7:
        return None
    return now - timedelta(days=20 + i % 10) if i % 10 == 3 else now - timedelta(minutes=i)


def _later_columns(i: int) -> dict[str, Any]:
    """Columns a later schema has (issue 13: the name key, stored alerts), filled where this checkout has them."""
    columns = Membership.__table__.c
    values: dict[str, Any] = {}
    if "name_key" in columns:
        values["name_key"] = f"apprenant {i:06d}"
    if "risk_reasons" in columns:
        from lms_service.risk.reasons import INACTIVE, NOT_STARTED  # each checkout's own bits

        values["risk_reasons"] = INACTIVE if i % 10 == 3 else (NOT_STARTED if i % 50 == 7 else 0)
    if "first_launch_at" in columns and i % 50 == 7:
        values["first_launch_at"] = None
    return values


def _fill_progress(learner_ids: list[int], slugs: list[str], module: Module, now: Any) -> None:
    """A row per learner and module; a completed one carries its version, as recording leaves it."""
    catalogue = get_catalogue()
    versions = {slug: (found.version if (found := catalogue.get(slug)) else "v1") for slug in slugs}
    rows = []
    scored = "score_percent" in ModuleProgress.__table__.c
    for mid in learner_ids:
        for n, slug in enumerate(slugs):
            done = (mid + n) % 3 != 0 and slug != module.slug
            rows.append({
                **({"score_percent": 40 + (mid * 7 + n) % 60} if scored else {}),
                "membership_id": mid, "module_slug": slug, "status": COMPLETED if done else IN_PROGRESS,
                "pages_seen": 9 if done else 2, "pages_total": 9, "seconds_spent": 600, "updated_at": now,
                "started_at": now - timedelta(days=3), "last_page_id": module.pages[1].id,
                "completed_at": now - timedelta(days=1) if done else None,
                "completed_version": versions[slug] if done else None,
            })  # fmt: skip
    session = get_session()
    for start in range(0, len(rows), 20_000):
        session.execute(insert(ModuleProgress), rows[start : start + 20_000])
    views = [{"membership_id": mid, "module_slug": module.slug, "page_id": page.id, "first_seen_at": now,
              "last_seen_at": now, "seconds_spent": 60} for mid in learner_ids for page in module.pages[:2]]  # fmt: skip
    for start in range(0, len(views), 20_000):
        session.execute(insert(PageView), views[start : start + 20_000])


def _fill_reviews(learner_ids: list[int], now: Any) -> None:
    """Where the schema has them (issue 14): a review for two learners in five, a 3-month follow-up for half of
    those, as a programme some months old holds them."""
    try:
        from lms_service.models import NurseryReview, ReviewFollowUp
        from lms_service.models.records import FOLLOW_UP_STATES, OUTCOMES
    except ImportError:
        return
    reviewed = [mid for mid in learner_ids if mid % 5 < 2]
    session = get_session()
    session.execute(insert(NurseryReview), [
        {"membership_id": mid, "held_on": (now - timedelta(days=mid % 90)).date(), "outcome": OUTCOMES[mid % 5],
         "written_at": now} for mid in reviewed])  # fmt: skip
    session.execute(insert(ReviewFollowUp), [
        {"membership_id": mid, "months": 3, "state": FOLLOW_UP_STATES[mid % 4], "noted_on": now.date(),
         "set_at": now} for mid in reviewed if mid % 2])  # fmt: skip


def plan_routes(app: Flask, module: Module, players: list[int], tutor_id: int) -> dict[str, dict[str, Any]]:
    """Each route's requests, spread over the players so no two in a row are one person's.

    The beacon comes before the pages (and is counted and loaded first): each
    player is then still on the page the beacon says they leave.
    """
    session = get_session()
    tokens = [start_session(session.get(Membership, mid), None, None).token for mid in players]
    tutor = start_session(session.get(Membership, tutor_id), None, None).token
    with app.test_request_context():
        page_paths = [(url_for("learner.page", slug=module.slug, page_id=p.id), t) for p in module.pages for t in tokens]
        left = url_for("learner.page_left", slug=module.slug, page_id=module.pages[1].id)
        return {
            "bare": _gets([BARE_PATH]),
            "floor": _gets([f"{FLOOR_PATH}?lt={t}" for t in tokens]),
            "beacon": {"method": "POST", "requests": [
                {"path": left, "body": f"lt={t}&csrf_token={csrf_token(t)}"} for t in tokens]},
            "page": _gets([f"{path}?lt={token}" for path, token in page_paths]),
            "path": _gets([f"{url_for('learner.path')}?lt={t}" for t in tokens]),
            "tutor": _gets([f"{url_for('tutor.dashboard')}?lt={tutor}"]),
            **_later_tutor_routes(tutor),
        }


def _later_tutor_routes(tutor: str) -> dict[str, dict[str, Any]]:
    """The dashboard's other views, where this checkout has them (issue 13): a page deep in the list, the
    learners to call by urgency, the learners x modules grid."""
    base = f"{url_for('tutor.dashboard')}?lt={tutor}&vue=tous"
    try:
        from lms_service.tutor.keyset import encode
    except ImportError:  # before issue 13's keyset pages: only the offset page far away
        return {"deep": _gets([f"{base}&page=150"])}
    came = select(Membership.last_activity_at, Membership.id).where(Membership.is_learner.is_(True),
                                                                   Membership.last_activity_at.is_not(None))
    three_quarters = get_session().scalar(select(func.count()).select_from(came.subquery())) * 3 // 4
    key, row_id = get_session().execute(came.order_by(Membership.last_activity_at.desc(), Membership.id.desc())
                                        .offset(three_quarters).limit(1)).one()  # fmt: skip
    return {
        "deep": _gets([f"{base}&apres={encode(key, row_id)}"]),
        "at_risk": _gets([f"{base}&statut=risque&tri=urgence"]),
        "grid": _gets([f"{base}&affichage=grille"]),
        **_nursery_end_routes(tutor),
    }


def _nursery_end_routes(tutor: str) -> dict[str, dict[str, Any]]:
    """A learner's page (issue 14 puts its read on the audit trail: measured before and after) and, where this
    checkout has them, the programme's figures over the whole course."""
    learners = get_session().scalars(select(Membership.id).where(Membership.is_learner.is_(True))
                                     .order_by(Membership.id).limit(64)).all()  # fmt: skip
    routes = {"learner": _gets([f"{url_for('tutor.learner', membership_id=i)}?lt={tutor}" for i in learners])}
    if "tutor.figures" in current_app.view_functions:
        routes["figures"] = _gets([f"{url_for('tutor.figures')}?lt={tutor}"])
    return routes


def _gets(paths: list[str]) -> dict[str, Any]:
    return {"method": "GET", "requests": [{"path": p} for p in paths]}


def count_sql(app: Flask, route: dict[str, Any], samples: int = 40) -> dict[str, float]:
    """Statements and round trips per request (statements, BEGIN, COMMIT/ROLLBACK, pool pings)."""
    client = app.test_client()
    with app.app_context():
        engine = get_engine()
    _send(client, route, route["requests"][-1])  # the first request of a process loads the modules
    counts: Counter[str] = Counter()
    listeners = _count_events(engine, counts)
    for n in range(samples):
        _send(client, route, route["requests"][(n * 7) % len(route["requests"])])
    for target, name, listener in listeners:
        event.remove(target, name, listener)
    pings = counts["checkouts"] if engine.pool._pre_ping else 0
    trips = counts["statements"] + counts["begins"] + counts["commits"] + counts["rollbacks"] + pings
    return {"statements": counts["statements"] / samples, "round_trips": trips / samples}


def _send(client: Any, route: dict[str, Any], request: dict[str, str]) -> None:
    if route["method"] == "POST":
        response = client.post(request["path"], data=request["body"], content_type="application/x-www-form-urlencoded")
    else:
        response = client.get(request["path"])
    assert response.status_code in (200, 204), (request["path"], response.status_code)


def _count_events(engine: Engine, counts: Counter[str]) -> list[tuple[Any, str, Any]]:
    def on(key: str) -> Any:
        return lambda *_args, **_kwargs: counts.update([key])

    listeners = [
        (engine, "before_cursor_execute", on("statements")),
        (engine, "begin", on("begins")),
        (engine, "commit", on("commits")),
        (engine, "rollback", on("rollbacks")),
        (engine.pool, "checkout", on("checkouts")),
    ]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    return listeners


if __name__ == "__main__":
    main()
