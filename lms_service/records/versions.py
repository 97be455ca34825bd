"""A record's versions, from its revisions (records.history): who wrote each, when, and what it changed.

A revision holds the content a change replaced, with who made that change and
when. So the first version is the record's own author's; each later one is the
author of the revision that followed it; the newest is the row as it is now.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..models import RecordRevision


@dataclass(frozen=True)
class Version:
    content: dict[str, Any]  # each field as history.keep stores it (a day as ISO text)
    by_id: int | None  # the membership who wrote this version
    at: datetime | None
    changed: tuple[str, ...]  # the fields it changed from the version before (none for the first)


def as_stored(row: Any, fields: Sequence[str]) -> dict[str, Any]:
    """The row's fields in the form history.keep stores them, to compare with its revisions."""
    return {name: _plain(getattr(row, name)) for name in fields}


def versions(current: dict[str, Any], first: tuple[int | None, datetime | None],
             revisions: Sequence[RecordRevision]) -> list[Version]:  # fmt: skip
    """Every version, the newest (`current`) first; `first` is who wrote the first version and when;
    `revisions` newest first, as history.revisions gives them."""
    oldest_first = list(reversed(revisions))
    contents = [revision.content for revision in oldest_first] + [current]
    authors = [first] + [(revision.changed_by_id, revision.changed_at) for revision in oldest_first]
    found, before = [], None
    for content, (by_id, at) in zip(contents, authors, strict=True):
        changed = () if before is None else tuple(name for name in current if content.get(name) != before.get(name))
        found.append(Version(content, by_id, at, changed))
        before = content
    return list(reversed(found))


def authors(found: Sequence[Version]) -> set[int | None]:
    return {version.by_id for version in found}


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value
