"""Two workers draining one outbox: every result sent once, every module's column created once."""
from __future__ import annotations

import threading

from sqlalchemy import select

from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue
from lms_service.db import utcnow
from lms_service.grades.worker import run
from lms_service.models import GradeColumn, GradeOutbox, Membership, User
from lms_service.models.grades import SENT

LEARNERS = ("ines-belkacem", "kevin-dufour", "yasmine-benali", "dylan-carpentier", "amandine-lefort", "rachid-ouali")


def test_two_workers_never_send_a_row_twice_nor_create_a_column_twice(app, visit, platform, db) -> None:
    for person in LEARNERS:
        visit(person)  # each learner has launched: a membership in the course
    slugs = [slug for slug in get_catalogue().scored_in_path() if slug != "developpement-web"][:5]
    members = db.execute(select(Membership.id, User.sub).join(User, Membership.user_id == User.id)).all()
    now = utcnow()
    for membership_id, _sub in members:
        for slug in slugs:
            db.add(GradeOutbox(membership_id=membership_id, module_slug=slug, score_given=7.0, score_maximum=10.0,
                               activity_progress="Completed", grading_progress="FullyGraded", timestamp=now,
                               updated_at=now, version=1))  # fmt: skip
    db.commit()
    conflicts_before = len(platform.gradebook.conflicts)
    existing = {slug: _columns(platform, slug) for slug in slugs}  # another test may have placed a module
    start = threading.Barrier(2)
    rounds = {}

    def worker(name: str) -> None:
        start.wait()
        rounds[name] = run(app, owner=name, stop=threading.Event(), once=True, batch=3, columns=False, rosters=False)

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("worker-a", "worker-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(r.claimed for r in rounds.values()) >= len(members) * len(slugs)
    db.expire_all()
    assert {row.status for row in db.scalars(select(GradeOutbox))} == {SENT}
    assert len(platform.gradebook.conflicts) == conflicts_before  # no score was sent a second time
    for slug in slugs:
        items = _columns(platform, slug)
        assert items == (existing[slug] or items[:1]), slug  # found, or created once by one of the two
        for item in items:
            taken = [s for s in platform.scores if s.line_item_id == item and s.user_id in LEARNERS]
            assert sorted(s.user_id for s in taken) == sorted(LEARNERS)
    assert len(db.scalars(select(GradeColumn)).all()) == sum(1 for slug in slugs if not existing[slug])
    if db.get_bind().dialect.name == "postgresql":
        assert all(r.claimed > 0 for r in rounds.values())  # both sent, side by side


def _columns(platform, slug: str) -> list[int]:
    return sorted(item.id for item in platform.line_items.values() if item.resource_id == slug and item.context_id == ROUBAIX)
