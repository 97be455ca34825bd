"""Fixtures of the records tests (notes, the review and its follow-ups, the printed review): a course with its
référents, an administrator, a mentor, learners, and strangers of another course and of another LMS, each
browsing the tool over real HTTP with their own launch token."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select

from lms_service.models import Membership, NurseryReview, RecordRevision, ReviewFollowUp, TutorNote
from lms_service.security.csrf import csrf_token

from ..risk.conftest import reasons, refresh  # noqa: F401 (refresh: a fixture, the worker's pass at a given time)

Form = dict[str, str] | Sequence[tuple[str, str]]
PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Client:
    """Someone launched into the tool, sending GETs and POSTs (with their launch's CSRF token) over HTTP."""

    base: str
    token: str
    csrf: str
    http: requests.Session

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.base}{path}", params={"lt": self.token}, allow_redirects=False, timeout=10)

    def post(self, path: str, form: Form) -> requests.Response:
        items = list(form.items()) if isinstance(form, dict) else list(form)
        data = [("lt", self.token), ("csrf_token", self.csrf), *items]
        return self.http.post(f"{self.base}{path}", params={"lt": self.token}, data=data, allow_redirects=False,
                              timeout=10)  # fmt: skip


@dataclass
class Cast:
    """Who is where: Inès and Kévin learners of the course, Nadia and Thomas its tutors, Claire administrator of
    the LMS, Olivier a mentor following Inès alone; Paul tutor of another course, Chantal of another LMS."""

    ines: Membership
    kevin: Membership
    nadia: Membership
    thomas: Membership
    claire: Membership
    olivier: Membership
    paul: Membership
    chantal: Membership
    client: Callable[[Membership], Client]


@pytest.fixture
def as_member(app: Flask, make, tool_server) -> Callable[[Membership], Client]:
    """`as_member(membership)`: a client launched as that membership (a launch session, as a launch opens)."""

    def client(member: Membership) -> Client:
        token = make.token(member)
        with app.test_request_context():
            csrf = csrf_token(token)
        return Client(tool_server.url, token, csrf, requests.Session())

    return client


@pytest.fixture
def cast(make, as_member) -> Cast:
    course = make.course("Nurserie numérique — Roubaix")
    entry = paris_day(60)
    ines = make.member(course, "Inès Belkacem", entry_date=entry, modality="on_site")
    kevin = make.member(course, "Kévin Dufour", entry_date=entry)
    nadia = make.member(course, "Nadia Haddad", tutor=True)
    thomas = make.member(course, "Thomas Renard", tutor=True)
    claire = make.member(course, "Claire Vasseur", tutor=True, is_admin=True)
    olivier = make.member(course, "Olivier Martin", tutor=True)
    olivier.is_tutor, olivier.is_mentor, olivier.mentor_scope = False, True, [ines.user.sub]
    paul = make.member(make.course("Nurserie numérique — Lille"), "Paul Girard", tutor=True)
    chantal = make.member(make.course("Nurserie d'un autre LMS", lms_id=make.lms()), "Chantal Roy", tutor=True)
    ines.referent_id = nadia.id
    make.db.commit()
    return Cast(ines, kevin, nadia, thomas, claire, olivier, paul, chantal, as_member)


def count(db, model: type) -> int:
    """How many rows the table holds now."""
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def stored(db) -> dict[str, int]:
    """How many notes, reviews, follow-ups and revisions are stored: a refused form changes none of them."""
    return {model.__name__: count(db, model) for model in (TutorNote, NurseryReview, ReviewFollowUp, RecordRevision)}


def paris_day(days_back: int = 0) -> date:
    """A day counted back from today in Paris (the référents' day, which the forms check dates against)."""
    return datetime.now(PARIS).date() - timedelta(days=days_back)


def days_ago(days: int) -> str:
    return paris_day(days).isoformat()


def text_of(page: requests.Response) -> str:
    """The page's text as read: tags out, entities written out, spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page.text)).split())

