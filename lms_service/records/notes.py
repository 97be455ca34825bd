"""A référent's dated notes on a learner: written, corrected with the earlier text kept, read newest first.

The learner may ask to read them (GDPR right of access): the page reminds the
writer to leave out health, disability, money and debts. Any tutor of the
course may correct a note; the correction is theirs, the earlier text stays.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
from sqlalchemy import select

from ..db import get_session, utcnow
from ..local_time import paris_today
from ..models import TutorNote
from ..models.records import NOTE
from . import history
from .fields import read_day, read_text
from .locks import take_learner
from .people import names
from .versions import Version, as_stored, authors, versions

MAX_NOTE = 5000
FIELDS = ("written_on", "body")


@dataclass(frozen=True)
class NoteInput:
    written_on: date
    body: str


@dataclass(frozen=True)
class NoteEntry:
    """A note as the page shows it: its text now, who wrote it, and every version (newest first)."""

    note: TutorNote
    versions: list[Version]

    @property
    def earlier(self) -> list[Version]:
        return self.versions[1:]


def read_note(form: Mapping[str, str]) -> tuple[NoteInput | None, list[str]]:
    """The day of the conversation (not in the future) and the text (required, at most MAX_NOTE characters)."""
    errors: list[str] = []
    written_on = read_day(form, "written_on", gettext("Date de l'échange"), errors, low=date.min, high=paris_today())
    body = read_text(form, "body", gettext("Note"), MAX_NOTE, errors, required=True)
    if errors or written_on is None or body is None:
        return None, errors
    return NoteInput(written_on, body), []


def add_note(membership_id: int, values: NoteInput, *, by: int) -> TutorNote:
    note = TutorNote(membership_id=membership_id, written_on=values.written_on, body=values.body, author_id=by,
                     created_at=utcnow())  # fmt: skip
    get_session().add(note)
    get_session().flush()
    return note


def find_note(membership_id: int, note_id: int) -> TutorNote | None:
    """The learner's note of that id, read once the learner is taken (two corrections at once follow one another,
    and both stay in the history); None for another learner's note (a 404: ids are not a way in)."""
    take_learner(membership_id)
    query = select(TutorNote).where(TutorNote.id == note_id, TutorNote.membership_id == membership_id)
    return get_session().scalars(query).first()


def correct_note(note: TutorNote, values: NoteInput, *, by: int) -> None:
    """Keep the text as it was, then change it, the correction attributed; a correction changing nothing is none."""
    if (note.written_on, note.body) == (values.written_on, values.body):
        return
    history.keep(NOTE, note, FIELDS, membership_id=note.membership_id, by=by)
    note.written_on, note.body = values.written_on, values.body
    note.updated_by_id, note.updated_at = by, utcnow()
    get_session().flush()


def notes_of(membership_id: int) -> tuple[list[NoteEntry], dict[int, str]]:
    """The learner's notes, newest conversation first, with their versions and the names of everyone who wrote
    one (three queries, however many notes and corrections)."""
    query = (select(TutorNote).where(TutorNote.membership_id == membership_id)
             .order_by(TutorNote.written_on.desc(), TutorNote.id.desc()))  # fmt: skip
    notes = list(get_session().scalars(query))
    earlier = history.revisions(NOTE, [note.id for note in notes])
    entries = [NoteEntry(note, versions(as_stored(note, FIELDS), (note.author_id, note.created_at), earlier[note.id]))
               for note in notes]  # fmt: skip
    return entries, names({by for entry in entries for by in authors(entry.versions)})
