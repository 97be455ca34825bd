"""The programme's CSV exports (quiz attempts, reviews with their follow-ups, attendance), row by row.

Each module gives a header and a lazy iterator of rows over the learners a
subquery names: who may see whom, and whether they may read e-mail addresses,
is the caller's business (tutor/queries.py), what a file holds is this
package's. Every file is one SELECT with the people's names and courses joined
in, read BATCH rows at a time (`yield_per`: a server-side cursor on PostgreSQL,
SQLite's own stepping cursor), so memory stays flat whatever the course's size
and the number of queries does not grow with it. The statement's read transaction, and its pooled connection, stay
open while the client downloads: no row is locked and writers go on; only a
migration's ALTER TABLE would wait for the download to end. (The list's file,
tutor/export.py, reads in keyset batches and lets go between them; one
statement here keeps the follow-ups' outer joins in a single sorted read.)
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Label, Row, Select, func

from ..db import get_session
from ..models import Context
from ..models.people import person_name

BATCH = 500  # rows fetched at a time: one batch is all an export ever holds
_PARTS = ("name", "given", "family", "email", "sub")
# A course as the pages name it: its title, else its short label.
COURSE = func.coalesce(func.nullif(Context.title, ""), Context.label).label("course")


def streamed(statement: Select[Any]) -> Iterator[Row[Any]]:
    """The statement's rows, fetched a batch at a time as the CSV asks for them."""
    yield from get_session().execute(statement.execution_options(yield_per=BATCH))


def person_columns(user: Any, prefix: str) -> list[Label[Any]]:
    """The columns `person_of` needs from a User (or an alias of it), labelled with `prefix`."""
    columns = (user.name, user.given_name, user.family_name, user.email, user.sub)
    return [column.label(f"{prefix}_{part}") for column, part in zip(columns, _PARTS, strict=True)]


def person_of(row: Row[Any], prefix: str, emails: bool) -> str:
    """The name people read, from `person_columns`; empty when an outer join found nobody.

    Without a name the pages fall back to the e-mail address; a mentor follows
    without contact details (`emails` False), so its files say « Personne … »
    instead, as the grid's file leaves out its e-mail column.
    """
    name, given, family, email, sub = (getattr(row, f"{prefix}_{part}") for part in _PARTS)
    return "" if sub is None else person_name(name, given, family, email if emails else None, sub)
