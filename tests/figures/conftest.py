"""The figures tests' population and readers: a small made-up programme whose figures are counted by hand.

Dates are set from today (Europe/Paris), on the 10th of months two to five
months back, so every entry but one is five weeks old or more whatever the
day the tests run; the one exception entered four weeks ago.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from lms_service.db import utcnow
from lms_service.figures.selection import add_months
from lms_service.models import Context, Membership, NurseryReview, ReviewFollowUp

PARIS = ZoneInfo("Europe/Paris")
SVG = "{http://www.w3.org/2000/svg}"
A_TITLE, B_TITLE, C_TITLE = "Nurserie Roubaix", "Nurserie Lille", "Nurserie de l'autre LMS"


def today() -> date:
    return utcnow().astimezone(PARIS).date()


def month_back(count: int, day: int = 10) -> date:
    """The `day` of the month `count` months before this one."""
    return add_months(today().replace(day=1), -count).replace(day=day)


def day_28(entry: date) -> datetime:
    """When day 28 after `entry` begins: midnight in Paris, in UTC."""
    return datetime.combine(entry + timedelta(days=28), time(), PARIS).astimezone(UTC)


@dataclass
class Programme:
    a: Context
    b: Context
    c: Context  # another LMS's
    people: dict[str, Membership]


def review(db, member: Membership, outcome: str) -> None:
    db.add(NurseryReview(membership_id=member.id, held_on=member.entry_date + timedelta(days=35), outcome=outcome))


def follow_up(db, member: Membership, months: int, state: str) -> None:
    db.add(ReviewFollowUp(membership_id=member.id, months=months, state=state, noted_on=today()))


@pytest.fixture
def programme(make, db) -> Programme:
    """Course A (a tutor's), B (same LMS, not hers), C (another LMS). What each learner counts for:

    entered   who  course modality  after day 28            review         follow-ups
    -5 mois   a1   A      on site   active day 30           training       3: in training, 6: in a job
    -5 mois   a2   A      remote    last seen day 27        dropped out    3: no news
    -4 mois   a3   A      on site   never active            project        3: searching
    -4 mois   a4   A      not said  last seen day 27, left  -
    -3 mois   a5   A      remote    active day 40           -
    -3 mois   a6   A      remote    never launched          -
    -2 mois   a7   A      on site   active at day 28's 0:00 job
    -2 mois   a8   A      on site   a second before it      -
    4 weeks   a9   A      on site   active today            -              (not counted for retention)
    -13 mois  a0   A      on site   active day 30           training       (before the period)
    -3 mois   b1   B      remote    active day 30           training       6: in training
    -3 mois   c1   C      remote    active day 30           training       3: in a job
    """
    a, b = make.course(A_TITLE), make.course(B_TITLE)
    c = make.course(C_TITLE, lms_id=make.lms())
    five, four, three, two = (month_back(n) for n in (5, 4, 3, 2))
    recent = today() - timedelta(days=28)

    def learner(name: str, course: Context, entry: date, modality: str | None, active: datetime | None,
                **facts: object) -> Membership:  # fmt: skip
        return make.member(course, name, entry_date=entry, modality=modality, last_activity_at=active, **facts)

    after = lambda entry, days: day_28(entry) + timedelta(days=days - 28, hours=10)  # noqa: E731
    people = {
        "a1": learner("Alice Un", a, five, "on_site", after(five, 30)),
        "a2": learner("Bruno Deux", a, five, "remote", after(five, 27)),
        "a3": learner("Chloé Trois", a, four, "on_site", None),
        "a4": learner("David Quatre", a, four, None, after(four, 27), left_at=utcnow() - timedelta(days=20)),
        "a5": learner("Emma Cinq", a, three, "remote", after(three, 40)),
        "a6": learner("Farid Six", a, three, "remote", None),
        "a7": learner("Gaëlle Sept", a, two, "on_site", day_28(two)),
        "a8": learner("Hugo Huit", a, two, "on_site", day_28(two) - timedelta(seconds=1)),
        "a9": learner("Inès Neuf", a, recent, "on_site", utcnow()),
        "a0": learner("Jules Zéro", a, month_back(13), "on_site", after(month_back(13), 30)),
        "b1": learner("Karim Lille", b, three, "remote", after(three, 30)),
        "c1": learner("Léa Ailleurs", c, three, "remote", after(three, 30)),
    }
    db.flush()
    db.execute(update(Membership).where(Membership.id == people["a6"].id).values(first_launch_at=None,
                                                                                 last_launch_at=None))  # fmt: skip
    for who, outcome in (("a1", "training"), ("a2", "dropped_out"), ("a3", "project"), ("a7", "job"),
                         ("a0", "training"), ("b1", "training"), ("c1", "training")):  # fmt: skip
        review(db, people[who], outcome)
    for who, months, state in (("a1", 3, "in_training"), ("a1", 6, "in_job"), ("a2", 3, "no_news"),
                               ("a3", 3, "searching"), ("b1", 6, "in_training"), ("c1", 3, "in_job")):  # fmt: skip
        follow_up(db, people[who], months, state)
    db.commit()
    return Programme(a, b, c, people)


def get(app, token: str, **args: str):
    """The figures page, requested outside the fixture's app context (as a real request is)."""
    query = "".join(f"&{key}={value}" for key, value in args.items())
    with ThreadPoolExecutor(1) as outside:
        return outside.submit(app.test_client().get, f"/tutor/chiffres?lt={token}{query}").result()


def plain(text: str) -> str:
    """Text as read: tags taken out, entities written out, every kind of space one space."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).replace("\xa0", " ").replace("\u202f", " ").split())


def table(html: str, ident: str) -> dict[str, list[str]]:
    """A table's rows as read: its row header → its other cells (tags taken out, spaces folded)."""
    body = html.split(f'<table id="{ident}">', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    rows = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return {plain(cells[0]): [plain(cell) for cell in cells[1:]] for cells in rows}


def caption(html: str, ident: str) -> str:
    return plain(html.split(f'<table id="{ident}">', 1)[1].split("</caption>", 1)[0])


def chart(html: str, ident: str) -> ET.Element:
    """The SVG chart of that id, parsed as XML (a chart that is not well-formed fails here)."""
    start = html.index(f'<title id="{ident}-title">')
    start = html.rindex("<svg", 0, start)
    return ET.fromstring(html[start:html.index("</svg>", start) + len("</svg>")])


def bars(svg: ET.Element) -> dict[str, str]:
    """Each bar's label → the numbers written at its end."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        texts = {t.get("class"): (t.text or "").replace("\xa0", " ").replace("\u202f", " ") for t in group.iter(f"{SVG}text")}
        found[texts["label"]] = texts["value"]
    return found
