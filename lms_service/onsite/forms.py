"""The référents' on-site forms, checked whole before anything is saved: a session, its statuses, a module done.

A wrong value (a day to come, an empty label, a status not offered) is named in
plain words and the form comes back with a 400; days are read as the records'
forms read them (records/fields.py), up to today in Paris. A field no page of
ours writes (an id that is not a number, a field sent twice) is a bare 400: a
forged form gets no help.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort
from flask_babel import gettext

from ..content import Module
from ..local_time import paris_today
from ..models.onsite import ATTENDANCE
from ..records.fields import EARLIEST, read_day
from ..security.input_limits import INTEGER_MAX
from .offered import LIMIT

PREFIX = "presence-"  # one radio group per learner: presence-<membership id>
NOTHING = ""  # « rien à noter »: no row (on a recorded session: taken off it)
LABEL_MAX = 200
MAX_FIELDS = 2 * LIMIT  # a session's page offers its learners and as many others
DONE, UNDO = "fait", "annuler"


@dataclass(frozen=True)
class SessionFacts:
    held_on: date
    label: str


def read_session(form: Any) -> tuple[SessionFacts | None, list[str]]:
    """The session's day (not to come) and label (required, at most LABEL_MAX characters)."""
    errors: list[str] = []
    held_on = read_day(form, "held_on", gettext("Date de la séance"), errors, low=EARLIEST, high=paris_today())
    label = " ".join(form.get("label", "").split())
    if not label:
        errors.append(gettext("Donnez un nom à la séance (par exemple « Atelier CV »)."))
    elif len(label) > LABEL_MAX:
        errors.append(gettext("Le nom de la séance fait au plus %(n)s caractères.", n=LABEL_MAX))
    if errors or held_on is None:
        return None, errors
    return SessionFacts(held_on, label), []


def read_marks(form: Any) -> tuple[dict[int, str], list[str]]:
    """Each learner's status, by membership id (NOTHING: no status); a field name no page writes is a 400."""
    names = [name for name in form if name.startswith(PREFIX)]
    if len(names) > MAX_FIELDS:
        return {}, [gettext("Une séance compte au plus %(n)s personnes.", n=LIMIT)]
    marks: dict[int, str] = {}
    for name in names:
        values = form.getlist(name)
        if len(values) != 1:
            abort(400)
        marks[_membership_id(name[len(PREFIX):])] = values[0]
    if any(status not in (*ATTENDANCE, NOTHING) for status in marks.values()):
        return {}, [gettext("Pour chaque personne, choisissez : présence, absence, absence excusée ou rien à noter.")]
    return marks, []


def read_module(form: Any, modules: dict[str, Module], entry: date) -> tuple[str, Module | None, date | None, list[str]]:
    """What the module form asks: DONE (the module and its day, from the learner's entry to today) or UNDO."""
    action = form.get("action", "")
    if action not in (DONE, UNDO):
        abort(400)
    module = modules.get(form.get("module", ""))
    errors = [] if module is not None else [gettext("Choisissez un module dans la liste.")]
    day = read_day(form, "done_on", gettext("Fait le"), errors, low=entry, high=paris_today()) if action == DONE else None
    return action, module, day, errors


def _membership_id(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 10 or int(text) > INTEGER_MAX:
        abort(400)
    return int(text)
