"""Pages of the list that start where the last one ended (keyset), in each order the list offers.

An offset makes the database walk past every earlier learner: page 200 of a
course of 10,000 cost 200 pages' work. Here a page is the next 50 after the
last row's (key, id) on the course's index for that order, whatever the page.
The last activity has no value for someone who never came: those rows come
after all the others, in a second part of the walk, so each part stays a
plain range of the index.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import abort
from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from ..db import as_utc, get_session
from ..models import Membership

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Order:
    column: InstrumentedAttribute[Any]
    descending: bool
    nullable: bool = False


ORDERS = {
    "activite": Order(Membership.last_activity_at, descending=True, nullable=True),
    "urgence": Order(Membership.risk_reasons, descending=True),
    "nom": Order(Membership.name_key, descending=False),
    "entree": Order(Membership.entry_date, descending=True),
}


@dataclass(frozen=True)
class Cursor:
    """The (key, id) of a row: the page after it, or before it with `backwards`."""

    key: Any
    id: int
    backwards: bool = False


@dataclass(frozen=True)
class Page:
    ids: list[int]
    after: str | None  # the cursor of the next page, None on the last
    before: str | None  # the cursor of the previous page, None on the first


def page_of(query: Select[Any], sort: str, cursor: Cursor | None, size: int) -> Page:
    """The ids of one page of `query` (over memberships, selecting the id and the sort key) in the sort's order."""
    order = ORDERS[sort]
    backwards = cursor is not None and cursor.backwards
    rows = _walk(query, order, cursor, size + 1)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    if not rows:
        return Page([], None, None)
    first, last = rows[0], rows[-1]
    has_next = more if not backwards else True
    has_previous = cursor is not None if not backwards else more
    return Page([row[0] for row in rows], encode(last[1], last[0]) if has_next else None,
                encode(first[1], first[0]) if has_previous else None)  # fmt: skip


def _walk(query: Select[Any], order: Order, cursor: Cursor | None, limit: int) -> list[tuple[int, Any]]:
    """Up to `limit` (id, key) rows from the cursor on, in the walk's direction (the list's, or back)."""
    backwards = cursor is not None and cursor.backwards
    valued, unvalued = _parts(query, order, cursor, backwards)
    parts = [valued, unvalued] if not backwards else [unvalued, valued]
    found: list[tuple[int, Any]] = []
    for part in parts:
        if part is not None and len(found) < limit:
            found += [(row[0], row[1]) for row in get_session().execute(part.limit(limit - len(found))).all()]
    return found


def _parts(query: Select[Any], order: Order, cursor: Cursor | None,
           backwards: bool) -> tuple[Select[Any] | None, Select[Any] | None]:  # fmt: skip
    """The rows with a key, and (for a nullable key) those without, each after the cursor in the walk."""
    column, ahead = order.column, order.descending != backwards  # ahead: the walk goes down the index
    key, ids = (column.desc(), Membership.id.desc()) if ahead else (column.asc(), Membership.id.asc())
    valued: Select[Any] | None = query.where(column.is_not(None)).order_by(key, ids) if order.nullable \
        else query.order_by(key, ids)  # fmt: skip
    unvalued = query.where(column.is_(None)).order_by(ids) if order.nullable else None
    if cursor is None:
        return valued, unvalued
    position = tuple_(column, Membership.id)
    if cursor.key is None:  # the cursor is among the rows without a key
        beyond = Membership.id < cursor.id if ahead else Membership.id > cursor.id
        return (None if not backwards else valued), (unvalued.where(beyond) if unvalued is not None else None)
    past = position < (cursor.key, cursor.id) if ahead else position > (cursor.key, cursor.id)
    assert valued is not None
    return valued.where(past), (unvalued if not backwards else None)


def encode(key: Any, row_id: int) -> str:
    """A row's place in the order, for a URL: its key as text, then its id."""
    if key is None:
        text = ""
    elif isinstance(key, datetime):  # microseconds since 1970: no « + » for a URL to turn into a space
        text = str((as_utc(key) - EPOCH) // timedelta(microseconds=1))
    elif isinstance(key, date):
        text = key.isoformat()
    else:
        text = str(key)
    return f"{text}~{row_id}"


def decode(sort: str, value: str, backwards: bool) -> Cursor:
    """A cursor from a URL; anything that is not one of this order's is a 400."""
    text, _, row_id = value.rpartition("~")
    if not row_id.isascii() or not row_id.isdigit() or len(row_id) > 10 or int(row_id) > MAX_ID or len(text) > 300:
        abort(400)  # an id past a 4-byte integer is none of ours (PostgreSQL would refuse to compare it)
    try:
        key = _key(sort, text)
    except ValueError:
        abort(400)
    return Cursor(key, int(row_id), backwards)


def _key(sort: str, text: str) -> Any:
    if sort == "nom":
        return text
    if text == "" and ORDERS[sort].nullable:
        return None
    if sort == "activite":
        if not text.isascii() or not text.isdigit() or len(text) > 17:
            raise ValueError("not a time")
        return EPOCH + timedelta(microseconds=int(text))
    if sort == "entree":
        return date.fromisoformat(text)
    if not text.lstrip("-").isdigit() or len(text) > 6:
        raise ValueError("not a small whole number")
    return int(text)
