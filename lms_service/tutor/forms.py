"""The tutor's edit of a learner's facts: modality and entry date, checked before anything is saved."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from ..db import get_session
from ..models import ON_SITE, REMOTE, Membership
from ..risk.course_pass import mark_changed

MODALITIES = {"": None, ON_SITE: ON_SITE, REMOTE: REMOTE}


@dataclass(frozen=True)
class LearnerFacts:
    modality: str | None
    entry_date: date


def read_learner_facts(form: dict[str, str], today: date) -> tuple[LearnerFacts | None, list[str]]:
    """Parse the form; return the facts, or the list of what is wrong in plain words."""
    errors: list[str] = []
    modality_word = form.get("modality", "")
    if modality_word not in MODALITIES:
        errors.append(str(_l("Choisissez une modalité dans la liste.")))
    entry = None
    try:
        entry = date.fromisoformat(form.get("entry_date", ""))
    except ValueError:
        errors.append(str(_l("La date d'entrée doit être une date (jour, mois, année).")))
    if entry is not None and not (date(2000, 1, 1) <= entry <= today + timedelta(days=366)):
        errors.append(str(_l("La date d'entrée n'est pas plausible.")))
    if errors or entry is None:
        return None, errors
    return LearnerFacts(modality=MODALITIES[modality_word], entry_date=entry), []


def apply_learner_facts(membership: Membership, facts: LearnerFacts, *, by: int, now: datetime) -> None:
    """Save the facts, saying who changed them and when; a date saved by a référent is no longer « estimée »."""
    membership.modality = facts.modality
    membership.entry_date = facts.entry_date
    membership.entry_date_estimated = False
    membership.facts_set_by_id, membership.facts_set_at = by, now
    mark_changed(get_session(), membership.context_id, now)  # a new entry date moves the alerts
