"""One person, one course, once per LMS: uniting the rows that were split between registrations.

Before LMS records existed, people and courses hung off the registration they
launched through, so one LMS registered twice held the same learner twice. The
migration that introduced LMSs (`merge_duplicates`) and `flask lti join-lms`
(two LMS records that turn out to be one: `join_lms`) unite the rows that share
(LMS, sub) or (LMS, context id): page views merged, progress recounted, the
tutors' entries kept, the newest personal data kept.

It works on the tables as the migration 0003 left them, through lightweight
table definitions rather than the ORM models, because that migration calls it.
A table added later that points at memberships must be handled here too,
guarded by a check that it exists, so that migration still runs on a database
that does not have it yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .merged_attempts import merge_attempts
from .merged_records import merge_course_records, merge_records, move_lms_records
from .merged_roster_facts import merge_roster_facts

COMPLETED, READ, IN_PROGRESS, NOT_STARTED = "completed", "read", "in_progress", "not_started"
TIMES = {
    "created_at", "first_launch_at", "last_launch_at", "last_activity_at", "updated_at", "first_seen_at",
    "last_seen_at", "started_at", "completed_at", "answered_at", "onsite_at",
}  # fmt: skip
LATER_PROGRESS = ("score_percent", "passed", "failed_attempts", "onsite_by_id", "onsite_at")


def _columns(*names: str) -> list[sa.ColumnClause[Any]]:
    """Untyped columns, but times and dates typed: SQLite hands them back as text otherwise."""

    def typed(name: str) -> sa.ColumnClause[Any]:
        if name in TIMES:
            return sa.column(name, sa.DateTime(timezone=True))
        return sa.column(name, sa.Date()) if name == "entry_date" else sa.column(name)

    return [typed(name) for name in names]


context = sa.table("context", *_columns("id", "lms_id", "lti_context_id", "label", "title", "created_at"))
user = sa.table("app_user", *_columns("id", "lms_id", "sub", "name", "given_name", "family_name", "email", "locale"))
MEMBERSHIP_FROM_LAUNCH = (
    "roles", "is_learner", "is_tutor", "is_author", "is_admin", "is_mentor", "mentor_scope", "last_page_module",
    "last_page_id",
)  # fmt: skip
membership = sa.table(
    "membership",
    *_columns("id", "context_id", "user_id", "modality", "entry_date", "first_launch_at", "last_launch_at",
              "last_activity_at", *MEMBERSHIP_FROM_LAUNCH),
)  # fmt: skip
resource_link = sa.table("resource_link", *_columns("id", "context_id", "lti_resource_link_id", "updated_at"))
page_view = sa.table(
    "page_view",
    *_columns("id", "membership_id", "module_slug", "page_id", "first_seen_at", "last_seen_at", "seconds_spent"),
)
module_progress = sa.table(
    "module_progress",
    *_columns("id", "membership_id", "module_slug", "status", "pages_seen", "pages_total", "seconds_spent",
              "last_page_id", "started_at", "completed_at", "completed_version", "updated_at"),
)  # fmt: skip
launch_session = sa.table("launch_session", sa.column("membership_id"))
PERSONAL = ("name", "given_name", "family_name", "email", "locale")


@dataclass
class Merged:
    """What a merge did, for the command's or the migration's output."""

    courses: int = 0
    people: int = 0
    memberships: int = 0
    page_views: int = 0
    notes: list[str] = field(default_factory=list)


def merge_duplicates(conn: Connection) -> Merged:
    """Unite every course and every person that appears twice in one LMS."""
    merged = Merged()
    for survivor, other in _duplicates(conn, context, "lti_context_id"):
        _merge_course(conn, survivor, other, merged)
    for survivor, other in _duplicates(conn, user, "sub"):
        _merge_person(conn, survivor, other, merged)
    return merged


def join_lms(conn: Connection, into: int, other: int) -> Merged:
    """Make LMS `other`'s courses and people LMS `into`'s, uniting those it already has."""
    merged = Merged()
    for table, key, merge in ((context, "lti_context_id", _merge_course), (user, "sub", _merge_person)):
        for survivor, duplicate in _duplicates(conn, table, key, {other: into}):
            merge(conn, survivor, duplicate, merged)
        conn.execute(sa.update(table).where(table.c.lms_id == other).values(lms_id=into))
    move_lms_records(conn, into, other)
    return merged


def _duplicates(
    conn: Connection, table: Any, key: str, same_lms: dict[int, int] | None = None
) -> list[tuple[int, int]]:
    """(survivor, duplicate) pairs: rows sharing (LMS, key); the oldest row survives.

    `same_lms` reads one LMS id as another, for two LMSs being joined.
    """
    rows = conn.execute(sa.select(table.c.id, table.c.lms_id, table.c[key]).order_by(table.c.id)).all()
    first: dict[tuple[Any, Any], int] = {}
    pairs = []
    for row_id, lms_id, value in rows:
        survivor = first.setdefault(((same_lms or {}).get(lms_id, lms_id), value), row_id)
        if survivor != row_id:
            pairs.append((survivor, row_id))
    return pairs


def _merge_course(conn: Connection, keep: int, other: int, merged: Merged) -> None:
    for link_id, link_key, updated in conn.execute(
        sa.select(resource_link.c.id, resource_link.c.lti_resource_link_id, resource_link.c.updated_at).where(
            resource_link.c.context_id == other
        )
    ).all():
        twin = conn.execute(
            sa.select(resource_link.c.id, resource_link.c.updated_at).where(
                resource_link.c.context_id == keep, resource_link.c.lti_resource_link_id == link_key
            )
        ).first()
        if twin is None:
            conn.execute(sa.update(resource_link).where(resource_link.c.id == link_id).values(context_id=keep))
        elif _later(updated, twin.updated_at):  # the newer placement wins: its registration and endpoints
            conn.execute(sa.delete(resource_link).where(resource_link.c.id == twin.id))
            conn.execute(sa.update(resource_link).where(resource_link.c.id == link_id).values(context_id=keep))
        else:
            conn.execute(sa.delete(resource_link).where(resource_link.c.id == link_id))
    _move_memberships(conn, membership.c.context_id, membership.c.user_id, keep, other, merged)
    merge_course_records(conn, keep, other)
    newest = conn.execute(sa.select(context.c.label, context.c.title).where(context.c.id == other)).first()
    if newest is not None and newest.title:
        conn.execute(sa.update(context).where(context.c.id == keep).values(label=newest.label, title=newest.title))
    conn.execute(sa.delete(context).where(context.c.id == other))
    merged.courses += 1


def _merge_person(conn: Connection, keep: int, other: int, merged: Merged) -> None:
    """The person whose last launch is the newest gives the personal data: the LMS's latest word."""
    newest = _newest_launcher(conn, keep, other)
    if newest != keep:
        values = conn.execute(sa.select(*(user.c[name] for name in PERSONAL)).where(user.c.id == newest)).one()
        conn.execute(sa.update(user).where(user.c.id == keep).values(**values._asdict()))
    _move_memberships(conn, membership.c.user_id, membership.c.context_id, keep, other, merged)
    conn.execute(sa.delete(user).where(user.c.id == other))
    merged.people += 1


def _newest_launcher(conn: Connection, *user_ids: int) -> int:
    latest = sa.func.max(membership.c.last_launch_at)
    row = conn.execute(
        sa.select(membership.c.user_id)
        .where(membership.c.user_id.in_(user_ids))
        .group_by(membership.c.user_id)
        .order_by(latest.desc(), membership.c.user_id.desc())
        .limit(1)
    ).first()
    return row.user_id if row is not None else user_ids[0]


def _move_memberships(
    conn: Connection, owner: sa.ColumnClause[Any], partner: sa.ColumnClause[Any], keep: int, other: int, merged: Merged
) -> None:
    """Give `other`'s memberships to `keep`; where `keep` already has one with the same partner, unite them."""
    kept = dict(conn.execute(sa.select(partner, membership.c.id).where(owner == keep)).all())
    for partner_id, member_id in conn.execute(sa.select(partner, membership.c.id).where(owner == other)).all():
        if partner_id in kept:
            _merge_memberships(conn, kept[partner_id], member_id, merged)
        else:
            conn.execute(sa.update(membership).where(membership.c.id == member_id).values({owner.name: keep}))


def _merge_memberships(conn: Connection, keep: int, other: int, merged: Merged) -> None:
    """One membership for the two: page views united, progress recounted from them, tutors' entries kept."""
    rows = {r.id: r for r in conn.execute(sa.select(membership).where(membership.c.id.in_((keep, other)))).all()}
    first, second = rows[keep], rows[other]
    newest = second if _later(second.last_launch_at, first.last_launch_at) else first
    values: dict[str, Any] = {name: getattr(newest, name) for name in MEMBERSHIP_FROM_LAUNCH}
    values |= {
        "modality": newest.modality or first.modality or second.modality,
        "entry_date": min(first.entry_date, second.entry_date),
        "first_launch_at": _earliest(first.first_launch_at, second.first_launch_at),
        "last_launch_at": _latest(first.last_launch_at, second.last_launch_at),
        "last_activity_at": _latest(first.last_activity_at, second.last_activity_at),
    }
    if newest.modality and first.modality and second.modality and first.modality != second.modality:
        merged.notes.append(f"membership {keep}: modality {first.modality!r} and {second.modality!r}, kept the newest")
    _merge_page_views(conn, keep, other, merged)
    _recount_progress(conn, keep, other)
    merge_attempts(conn, keep, other, merged.notes)
    merge_roster_facts(conn, keep, other)
    conn.execute(sa.update(launch_session).where(launch_session.c.membership_id == other).values(membership_id=keep))
    merge_records(conn, keep, other, merged.notes)
    conn.execute(sa.delete(membership).where(membership.c.id == other))
    conn.execute(sa.update(membership).where(membership.c.id == keep).values(**values))
    merged.memberships += 1


def _merge_page_views(conn: Connection, keep: int, other: int, merged: Merged) -> None:
    """A page seen under both keeps its first and last sight and the sum of the reading time."""
    mine = {
        (r.module_slug, r.page_id): r
        for r in conn.execute(sa.select(page_view).where(page_view.c.membership_id == keep)).all()
    }
    for row in conn.execute(sa.select(page_view).where(page_view.c.membership_id == other)).all():
        twin = mine.get((row.module_slug, row.page_id))
        if twin is None:
            conn.execute(sa.update(page_view).where(page_view.c.id == row.id).values(membership_id=keep))
            continue
        conn.execute(
            sa.update(page_view)
            .where(page_view.c.id == twin.id)
            .values(
                first_seen_at=_earliest(twin.first_seen_at, row.first_seen_at),
                last_seen_at=_latest(twin.last_seen_at, row.last_seen_at),
                seconds_spent=twin.seconds_spent + row.seconds_spent,
            )
        )
        conn.execute(sa.delete(page_view).where(page_view.c.id == row.id))
        merged.page_views += 1


def _recount_progress(conn: Connection, keep: int, other: int) -> None:
    """One progress row per module, recounted from the united page views.

    A module completed under either stays completed (from its first completion),
    and one whose pages were all seen between the two is completed now; the pages'
    total is the larger of the two, and the next page view recounts it against
    the module as it is then.
    """
    progress = _progress_table(conn)
    rows = conn.execute(sa.select(progress).where(progress.c.membership_id.in_((keep, other)))).all()
    by_slug: dict[str, list[Any]] = {}
    for row in rows:
        by_slug.setdefault(row.module_slug, []).append(row)
    seen: dict[str, int] = dict(
        conn.execute(
            sa.select(page_view.c.module_slug, sa.func.count())
            .where(page_view.c.membership_id == keep)
            .group_by(page_view.c.module_slug)
        ).all()
    )
    seconds = dict(
        conn.execute(
            sa.select(page_view.c.module_slug, sa.func.sum(page_view.c.seconds_spent))
            .where(page_view.c.membership_id == keep)
            .group_by(page_view.c.module_slug)
        ).all()
    )
    conn.execute(sa.delete(module_progress).where(module_progress.c.membership_id == other))
    for slug, versions in by_slug.items():
        values = _united_progress(versions, seen.get(slug, 0), int(seconds.get(slug) or 0))
        mine = next((row for row in versions if row.membership_id == keep), None)
        if mine is None:
            conn.execute(sa.insert(progress).values(membership_id=keep, module_slug=slug, **values))
        else:
            conn.execute(sa.update(progress).where(progress.c.id == mine.id).values(**values))


def _progress_table(conn: Connection) -> sa.TableClause:
    """module_progress with the columns later migrations added (answers done, 0008; scores, 0013; done on site,
    0014), where they exist yet."""
    have = {column["name"] for column in sa.inspect(conn).get_columns("module_progress")}
    later = [name for name in (*LATER_PROGRESS, "answered_at") if name in have]
    return sa.table("module_progress", *_columns(*(column.name for column in module_progress.c), *later))


def _united_progress(versions: list[Any], pages_seen: int, seconds: int) -> dict[str, Any]:
    """Completed under either stays completed. All pages seen between the two completes it where its
    answers are done too, or before answers existed (no answered_at column); otherwise it is read, and
    the next page view completes it if the module asks for no answers."""
    completions = sorted((r for r in versions if r.status == COMPLETED), key=lambda r: _key(r.completed_at))
    latest = max(versions, key=lambda r: _key(r.updated_at))
    pages_total = max(r.pages_total for r in versions)
    all_seen = 0 < pages_total <= pages_seen
    answers_known = "answered_at" in versions[0]._fields
    answered = sorted((r.answered_at for r in versions if answers_known and r.answered_at is not None), key=_key)
    finished = completions or (all_seen and (answered or not answers_known))
    status = COMPLETED if finished else READ if all_seen else IN_PROGRESS if pages_seen else NOT_STARTED
    started = [r.started_at for r in versions if r.started_at is not None]
    completed_at = completions[0].completed_at if completions else latest.updated_at if finished else None
    answered_at = {"answered_at": answered[0] if answered else None} if answers_known else {}
    return answered_at | _united_later(versions, completions[0] if completions else None) | {
        "status": status,
        "pages_seen": pages_seen,
        "pages_total": pages_total,
        "seconds_spent": seconds,
        "last_page_id": latest.last_page_id,
        "started_at": min(started, key=_key) if started else None,
        "completed_at": completed_at,
        "completed_version": completions[0].completed_version if completions else None,
        "updated_at": latest.updated_at,
    }


def _united_later(versions: list[Any], completion: Any) -> dict[str, Any]:
    """The best score, a pass on either side, the failures of both; « done on site » from the completion kept."""
    fields = versions[0]._fields
    values: dict[str, Any] = {}
    if "score_percent" in fields:
        scores = [r.score_percent for r in versions if r.score_percent is not None]
        passes = [r.passed for r in versions if r.passed is not None]
        values |= {"score_percent": max(scores, default=None), "passed": any(passes) if passes else None,
                   "failed_attempts": sum(r.failed_attempts or 0 for r in versions)}  # fmt: skip
    if "onsite_at" in fields:
        values |= {"onsite_by_id": getattr(completion, "onsite_by_id", None),
                   "onsite_at": getattr(completion, "onsite_at", None)}  # fmt: skip
    return values


def _key(moment: datetime | None) -> tuple[int, str]:
    """Order times that SQLite may give naive and PostgreSQL aware; None first."""
    return (0, "") if moment is None else (1, moment.replace(tzinfo=None).isoformat())


def _later(a: datetime | None, b: datetime | None) -> bool:
    return _key(a) > _key(b)


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
    return a if _later(a, b) else b


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return b if _later(a, b) else a
