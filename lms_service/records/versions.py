"""A record's versions, from its revisions (records.history): who wrote each, when, and what it changed.

A revision holds the content a change replaced, with who made that change and
when. So, for a record whose row names only its first author (a note, the
review), the first version is that author's; each later one is the author of
the revision that followed it; the newest is the row as it is now. A record
whose row signs its content (who set it and when: a follow-up, an orientation
note) has that signature kept in each revision: `signed_versions` gives every
version its own, even a revision that a join of two LMS records made without
anyone changing it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..db import as_utc
from ..models import RecordRevision
from .history import plain

Author = tuple[int | None, datetime | None]  # the membership who wrote a version, and when


@dataclass(frozen=True)
class Version:
    content: dict[str, Any]  # each field as history.keep stores it (a day as ISO text)
    by_id: int | None  # the membership who wrote this version
    at: datetime | None
    changed: tuple[str, ...]  # the fields it changed from the version before (none for the first)


def as_stored(row: Any, fields: Sequence[str]) -> dict[str, Any]:
    """The row's fields in the form history.keep stores them, to compare with its revisions."""
    return {name: plain(getattr(row, name)) for name in fields}


def versions(current: dict[str, Any], first: Author, revisions: Sequence[RecordRevision]) -> list[Version]:
    """Every version, the newest (`current`) first; `first` is who wrote the first version and when;
    `revisions` newest first, as history.revisions gives them."""
    oldest_first = list(reversed(revisions))
    authors = [first] + [(revision.changed_by_id, revision.changed_at) for revision in oldest_first]
    return _chain(current, oldest_first, authors)


def signed_versions(current: dict[str, Any], signed: Author, revisions: Sequence[RecordRevision]) -> list[Version]:
    """Every version of a record that signs its content (`set_by_id`, `set_at`, which history.keep must keep),
    the newest (`current`, signed by `signed`: the row's own signature) first; `revisions` newest first."""
    oldest_first = list(reversed(revisions))
    authors = [_signature(revision.content) for revision in oldest_first] + [signed]
    return _chain(current, oldest_first, [(by, as_utc(at) if at else None) for by, at in authors])


def authors(found: Sequence[Version]) -> set[int | None]:
    return {version.by_id for version in found}


def _chain(current: dict[str, Any], oldest_first: Sequence[RecordRevision], authors: Sequence[Author]) -> list[Version]:
    """The versions newest first, each with what it changed in `current`'s fields from the one before."""
    found: list[Version] = []
    before: dict[str, Any] | None = None
    contents = [revision.content for revision in oldest_first] + [current]
    for content, (by_id, at) in zip(contents, authors, strict=True):
        changed = () if before is None else tuple(name for name in current if content.get(name) != before.get(name))
        found.append(Version(content, by_id, at, changed))
        before = content
    return list(reversed(found))


def _signature(content: dict[str, Any]) -> Author:
    """Who set a version and when, as its revision kept them (the time as ISO text)."""
    by, at = content.get("set_by_id"), content.get("set_at")
    return (by if isinstance(by, int) else None), (datetime.fromisoformat(at) if isinstance(at, str) else None)
