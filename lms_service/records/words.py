"""What the référents, the figures and the exports call each stored value of a review and its follow-ups.

One table of words per value set, translated when asked (the locale of the
request), so the review form, the figures page, the CSV and the printable
review never disagree on what « formation » or « sans nouvelles » means.
"""
from __future__ import annotations

from flask_babel import gettext

from ..models import ON_SITE, REMOTE
from ..models.onsite import ABSENT, EXCUSED, PRESENT
from ..models.records import (
    DROPPED_OUT,
    ENTERED_TRAINING,
    IN_JOB,
    IN_TRAINING,
    JOB,
    NO_NEWS,
    PROJECT_DEFINED,
    REORIENTATION,
    SEARCHING,
)


def outcome_words() -> dict[str, str]:
    """The review's outcomes, in the order the form offers them."""
    return {
        ENTERED_TRAINING: gettext("Entrée en formation"),
        PROJECT_DEFINED: gettext("Projet de formation défini"),
        JOB: gettext("Emploi"),
        REORIENTATION: gettext("Réorientation"),
        DROPPED_OUT: gettext("Abandon"),
    }


def financing_words() -> dict[str, str]:
    """The financing routes, by their usual French names (the abbreviation first: référents use it)."""
    return {
        "prf": gettext("PRF — Programme régional de formation (Région)"),
        "afc": gettext("AFC — Action de formation conventionnée (France Travail)"),
        "cpf": gettext("CPF — Compte personnel de formation"),
        "poec": gettext("POEC — Préparation opérationnelle à l'emploi collective"),
        "poei": gettext("POEI — Préparation opérationnelle à l'emploi individuelle"),
        "alternance": gettext("Alternance (apprentissage ou professionnalisation)"),
    }


def follow_up_words() -> dict[str, str]:
    """What a follow-up at 3 or 6 months found."""
    return {
        IN_TRAINING: gettext("En formation"),
        IN_JOB: gettext("En emploi"),
        SEARCHING: gettext("En recherche"),
        NO_NEWS: gettext("Sans nouvelles"),
    }


def attendance_words() -> dict[str, str]:
    """A learner's attendance at a session, as nouns (no « présent·e »: a screen reader spells the dot out)."""
    return {PRESENT: gettext("Présence"), ABSENT: gettext("Absence"), EXCUSED: gettext("Absence excusée")}


def adjustment_words() -> dict[bool | None, str]:
    """Whether the training or the job needs adjustments: yes or no, never why (that would be a health detail)."""
    return {True: gettext("Oui"), False: gettext("Non"), None: gettext("Non renseigné")}


def modality_words() -> dict[str | None, str]:
    """How the learner follows the nursery, as the learner page says it."""
    return {ON_SITE: gettext("Présentiel"), REMOTE: gettext("À distance"), None: gettext("Non renseignée")}
