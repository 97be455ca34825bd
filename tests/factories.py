"""Small factories for tests: courses, people and progress made directly, beside the real launch path.

A test about what a référent sees, or how progress is counted, does not need a
whole OIDC launch for each person: these make the rows (on the registered dev
platform's LMS unless told otherwise) and open a launch session to browse with.
The launch path itself is tested with real launches (tests/lti).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from lms_service.db import utcnow
from lms_service.models import COMPLETED, IN_PROGRESS, Context, Membership, ModuleProgress, User
from lms_service.name_keys import name_key
from lms_service.sessions.store import Limits, open_session
from lti.models import Lms

_serial = itertools.count(1)
LIMITS = Limits(idle=timedelta(hours=1), max_age=timedelta(hours=8))


@dataclass
class Factories:
    db: Session
    lms_id: int

    def lms(self, issuer: str = "https://autre-lms.example.org") -> int:
        """Another LMS, for tests about what one tenant must never see of another."""
        lms = Lms(issuer=issuer, name=issuer)
        self.db.add(lms)
        self.db.flush()
        return lms.id

    def course(self, title: str = "Nurserie numérique — test", lms_id: int | None = None) -> Context:
        course = Context(lms_id=lms_id or self.lms_id, lti_context_id=f"course-{next(_serial)}", title=title)
        self.db.add(course)
        self.db.flush()
        return course

    def member(self, course: Context, name: str, *, tutor: bool = False, **facts: object) -> Membership:
        """Someone in `course`: a learner unless `tutor`; `facts` set membership columns."""
        user = User(lms_id=course.lms_id, sub=f"sub-{next(_serial)}", name=name)
        values = {"entry_date": utcnow().date() - timedelta(days=14), "first_launch_at": utcnow(), "last_launch_at": utcnow(),
                  "name_key": name_key(None, None, name, None)} | facts  # fmt: skip
        membership = Membership(context=course, user=user, is_learner=not tutor, is_tutor=tutor, **values)
        self.db.add(membership)
        self.db.flush()
        return membership

    def progress(self, member: Membership, slug: str, pages_seen: int, pages_total: int, seconds: int = 0) -> None:
        done = pages_seen >= pages_total
        self.db.add(
            ModuleProgress(
                membership_id=member.id, module_slug=slug, status=COMPLETED if done else IN_PROGRESS,
                pages_seen=pages_seen, pages_total=pages_total, seconds_spent=seconds, updated_at=utcnow(),
                started_at=utcnow(), completed_at=utcnow() if done else None, answered_at=utcnow() if done else None,
            )
        )  # fmt: skip
        self.db.flush()

    def token(self, member: Membership) -> str:
        """A launch session for `member`, as a launch would open (its cookie never sent: token alone)."""
        opened = open_session(self.db, member, LIMITS, utcnow(), frame_origin=None, return_url=None)
        self.db.commit()
        return opened.token
