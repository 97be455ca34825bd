"""The référent's note on one family of jobs, to prepare the orientation conversation: checked, then saved with
the text it replaces kept (records.history), since the learner reads it and a correction must stay visible."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from flask_babel import format_number, gettext
from sqlalchemy import select

from ..db import get_session, insert_ignore, utcnow
from ..models import OrientationNote
from ..models.records import ORIENTATION
from ..records.history import keep

NOTE_MAX = 2000  # characters: a few sentences to talk about, not a file
FAMILY_MAX = OrientationNote.__table__.c.family.type.length  # type: ignore[attr-defined]
KEPT = ("body", "set_by_id", "set_at")  # what a correction replaces, hence what the history keeps


@dataclass(frozen=True)
class NoteForm:
    family: str
    body: str  # empty: the note is cleared (its earlier text stays in the history)


def read_note(form: Mapping[str, str], families: Collection[str]) -> tuple[NoteForm | None, list[str]]:
    """A family of the path and a note of at most NOTE_MAX characters; anything else is named, nothing saved."""
    errors = []
    family = form.get("family", "")
    if family not in families:
        errors.append(gettext("Cette famille de métiers n'est pas dans le parcours. Rechargez la page."))
    elif len(family) > FAMILY_MAX:  # a `family` of module.md longer than the column: say so rather than fail
        errors.append(gettext("Le nom de cette famille de métiers est trop long pour y garder une note. "
                              "Demandez au formateur de le raccourcir dans module.md."))  # fmt: skip
    if "note" not in form:
        errors.append(gettext("La note manque. Rechargez la page."))
    body = "\n".join(line.rstrip() for line in form.get("note", "").replace("\r\n", "\n").split("\n")).strip()
    if len(body) > NOTE_MAX:
        errors.append(gettext("La note dépasse %(max)s caractères (elle en a %(n)s). Raccourcissez-la.",
                              max=format_number(NOTE_MAX), n=format_number(len(body))))  # fmt: skip
    return (None, errors) if errors else (NoteForm(family, body), [])


def save_note(membership_id: int, note: NoteForm, *, by: int) -> None:
    """Create the family's note, or correct it keeping what it said, who wrote it and when.

    The first note of a family is inserted unless another référent's got there first (a race on the unique
    key becomes a correction of theirs); a correction locks the row, so two at once each keep the other's text.
    """
    db = get_session()
    now = utcnow()
    if note.body and insert_ignore(db, OrientationNote, membership_id=membership_id, family=note.family,
                                   body=note.body, set_by_id=by, set_at=now):  # fmt: skip
        return
    query = select(OrientationNote).where(OrientationNote.membership_id == membership_id,
                                          OrientationNote.family == note.family)  # fmt: skip
    row = db.scalars(query.with_for_update().execution_options(populate_existing=True)).first()
    if row is None or row.body == note.body:
        return  # nothing to clear, or nothing changed: no version to keep
    keep(ORIENTATION, row, KEPT, membership_id=membership_id, by=by)
    row.body, row.set_by_id, row.set_at = note.body, by, now
    db.flush()
