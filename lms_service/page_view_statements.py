"""The SQL of recording a page view, built once at import for each database.

A page view is the hot path of the service: it runs on every page a learner
turns. Its statements are plain Core statements with bound parameters, built
here once, so a request only binds values (no ORM unit of work, no statement
to build and hash each time). Each needs a database that knows
`INSERT … ON CONFLICT … DO UPDATE … RETURNING` (PostgreSQL; SQLite 3.35+).
"""
from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Executable,
    Insert,
    Select,
    Table,
    Update,
    and_,
    bindparam,
    case,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from .models import COMPLETED, IN_PROGRESS, READ, Membership, ModuleProgress, PageView
from .risk.reasons import CLEARED_BY_A_PAGE

_member = cast(Table, Membership.__table__)
_views = cast(Table, PageView.__table__)
_progress = cast(Table, ModuleProgress.__table__)

# The clock restarts here: the next request credits the time from now to this page. A page seen is
# activity and a module started: the alerts for silence and for not starting end with it.
LEAVE_TRACE = (
    update(_member)
    .where(_member.c.id == bindparam("m"))
    .values(last_activity_at=bindparam("now"), last_page_module=bindparam("slug"), last_page_id=bindparam("page"),
            risk_reasons=_member.c.risk_reasons.op("&")(~CLEARED_BY_A_PAGE))  # fmt: skip
)

CREDIT_PAGE = (
    update(_views)
    .where(
        _views.c.membership_id == bindparam("m"),
        _views.c.module_slug == bindparam("prev_slug"),
        _views.c.page_id == bindparam("prev_page"),
    )
    .values(seconds_spent=_views.c.seconds_spent + bindparam("seconds"))
)

CREDIT_MODULE = (
    update(_progress)
    .where(_progress.c.membership_id == bindparam("m"), _progress.c.module_slug == bindparam("prev_slug"))
    .values(seconds_spent=_progress.c.seconds_spent + bindparam("seconds"), updated_at=bindparam("now"))
)

# Pages of the module as it is now that this learner has seen, the page shown now included whether
# its row is written before or after this count (in one PostgreSQL statement, the count cannot see it).
_SEEN = (
    select((func.count(case((_views.c.page_id != bindparam("page"), 1))) + 1).label("n"))
    .where(
        _views.c.membership_id == bindparam("m"),
        _views.c.module_slug == bindparam("slug"),
        _views.c.page_id.in_(bindparam("page_ids", expanding=True)),
    )
    .subquery("seen")
)

SEEN_PAGES = select(_views.c.page_id, _views.c.first_seen_at).where(
    _views.c.membership_id == bindparam("m"), _views.c.module_slug == bindparam("slug")
)


def _view_upsert(dialect: Any) -> Insert:
    """The page's row: created on first sight, its last sighting moved on, its own time credited (a reload)."""
    statement = dialect.insert(_views).values(**_view_row("slug", "page", 0))
    return statement.on_conflict_do_update(
        index_elements=_VIEW_KEY,
        set_={
            "last_seen_at": statement.excluded.last_seen_at,
            "seconds_spent": _views.c.seconds_spent + bindparam("own_seconds"),
        },
    )


def _view_upsert_crediting(dialect: Any) -> Insert:
    """The page's row as above and, in the same statement, the time credited to the page shown before.

    The two rows differ by their seconds: the page shown now brings none and moves
    its last sighting; the previous page brings its time and keeps its sighting.
    They come from a SELECT of two bound rows, not a multi-row VALUES, which
    SQLAlchemy cannot cache (it compiled the statement on every page view).
    """
    rows = union_all(
        _view_select("slug", "page", literal(0, _views.c.seconds_spent.type)),
        _view_select("prev_slug", "prev_page", bindparam("seconds", type_=_views.c.seconds_spent.type)),
    ).subquery()
    # SQLite reads `INSERT … SELECT … ON CONFLICT` only when the SELECT has a WHERE clause.
    statement = dialect.insert(_views).from_select(list(_VIEW_COLUMNS), select(rows).where(true()))
    return statement.on_conflict_do_update(
        index_elements=_VIEW_KEY,
        set_={
            "last_seen_at": case(
                (statement.excluded.seconds_spent == 0, statement.excluded.last_seen_at), else_=_views.c.last_seen_at
            ),
            "seconds_spent": _views.c.seconds_spent + statement.excluded.seconds_spent,
        },
    )


_VIEW_KEY = [_views.c.membership_id, _views.c.module_slug, _views.c.page_id]
_VIEW_COLUMNS = ("membership_id", "module_slug", "page_id", "first_seen_at", "last_seen_at", "seconds_spent")


def _view_binds(slug: str, page: str) -> dict[str, Any]:
    """A page_view row's values but its seconds, as typed bound parameters (PostgreSQL casts them)."""
    names = {"membership_id": "m", "module_slug": slug, "page_id": page, "first_seen_at": "now", "last_seen_at": "now"}
    return {column: bindparam(name, type_=_views.c[column].type) for column, name in names.items()}


def _view_row(slug: str, page: str, seconds: Any) -> dict[str, Any]:
    return {**_view_binds(slug, page), "seconds_spent": seconds}


def _view_select(slug: str, page: str, seconds: Any) -> Select[Any]:
    """One page_view row as a SELECT of bound values."""
    return select(*(value.label(column) for column, value in _view_row(slug, page, seconds).items()))


def _progress_upsert(dialect: Any) -> Insert:
    """The module's row, counted against the module as it is: pages seen, and completion once.

    Seeing every page completes a module with no answers due (`due`); one with a quiz
    to pass, or a test or survey to submit, is then only read, and completed here only
    if its answers were done with before its last page was seen (`answered_at`).
    The count is made once, in the row to insert; an existing row takes it from `excluded`.
    """
    all_seen = _SEEN.c.n >= bindparam("total", type_=_progress.c.pages_total.type)
    due = bindparam("due", type_=Boolean)
    now = _typed("now", "updated_at")
    done = and_(all_seen, not_(due))
    row = {
        "membership_id": _typed("m", "membership_id"),
        "module_slug": _typed("slug", "module_slug"),
        "status": case((done, COMPLETED), (all_seen, READ), else_=IN_PROGRESS),
        "pages_seen": _SEEN.c.n,
        "pages_total": _typed("total", "pages_total"),
        "seconds_spent": literal(0, _progress.c.seconds_spent.type),
        "last_page_id": _typed("page", "last_page_id"),
        "started_at": now,
        "completed_at": case((done, now)),
        "completed_version": case((done, _typed("version", "completed_version"))),
        "updated_at": now,
    }
    # SQLite reads `INSERT … SELECT … ON CONFLICT` only when the SELECT has a WHERE clause.
    source = select(*(value.label(column) for column, value in row.items())).select_from(_SEEN).where(true())
    statement = dialect.insert(_progress).from_select(list(row), source)
    new, old = statement.excluded, _progress.c
    finishes = or_(new.status == COMPLETED, and_(new.status == READ, old.answered_at.is_not(None)))
    completes = and_(old.status != COMPLETED, finishes)
    return statement.on_conflict_do_update(
        index_elements=[old.membership_id, old.module_slug],
        set_={
            "status": case((or_(old.status == COMPLETED, finishes), COMPLETED), else_=new.status),
            "pages_seen": new.pages_seen,
            "pages_total": new.pages_total,
            "seconds_spent": old.seconds_spent + bindparam("module_seconds"),
            "last_page_id": new.last_page_id,
            "started_at": func.coalesce(old.started_at, new.started_at),
            "completed_at": case((completes, new.updated_at), else_=old.completed_at),
            "completed_version": case((completes, _typed("version", "completed_version")), else_=old.completed_version),
            "updated_at": new.updated_at,
        },
    ).returning(old.status, old.pages_seen, old.pages_total, old.completed_version)


def _typed(name: str, column: str) -> Any:
    """A bound value typed as the module_progress column it fills (PostgreSQL casts it)."""
    return bindparam(name, type_=_progress.c[column].type)


def _recording(dialect: Any, credits_page: bool, credits_module: bool) -> tuple[Executable, ...]:
    """The writes of one page view, in order; the last returns the module's row.

    Credit the page shown before (with the page's own row) and its module when the
    learner changed modules, restart the clock, count the module. On PostgreSQL they
    are one statement (the others as data-modifying CTEs: they touch different
    rows, and the count does not depend on their order); SQLite runs them in turn.
    """
    writes: list[Insert | Update] = [_view_upsert_crediting(dialect) if credits_page else _view_upsert(dialect)]
    writes += [CREDIT_MODULE] if credits_module else []
    writes += [LEAVE_TRACE]
    progress = _progress_upsert(dialect)
    if dialect is postgresql:
        return (progress.add_cte(*(write.cte(f"write_{n}") for n, write in enumerate(writes))),)
    return (*writes, progress)


# By dialect, then by (credits the page shown before, credits its module).
RECORDING = {
    name: {(page, module): _recording(dialect, page, module) for page in (False, True) for module in (False, True)}
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
