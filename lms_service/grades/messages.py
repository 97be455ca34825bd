"""Where a learner's score stands in the LMS gradebook, in the plain words a référent reads."""
from __future__ import annotations

from flask_babel import format_datetime, gettext

from ..models import GradeOutbox
from ..models.grades import FAILED, NO_COLUMN, NOT_GRADABLE, PENDING, SENT


def gradebook_line(row: GradeOutbox) -> str:
    """What became of the module's score on its way to the LMS, and what to do when it is stuck."""
    if row.status == SENT and row.sent_at is not None:
        return gettext("Note reçue par le carnet de notes de la plateforme le %(date)s.",
                       date=format_datetime(row.sent_at, "short"))  # fmt: skip
    if row.status == PENDING and not row.tries:
        return gettext("Note en attente d'envoi vers le carnet de notes de la plateforme.")
    if row.status == PENDING:
        return gettext("La plateforme n'a pas pris la note pour l'instant : un nouvel essai se fera tout seul.")
    if row.status == NOT_GRADABLE:
        return gettext("La plateforme refuse une note pour cette personne : elle n'y est peut-être pas inscrite "
                       "comme apprenante, ou le cours est clos. Vérifiez son inscription dans la plateforme.")  # fmt: skip
    if row.status == NO_COLUMN:
        return gettext("Le carnet de notes de la plateforme n'a pas de colonne pour ce module : placez le module "
                       "avec une note, ou demandez à l'administrateur de la plateforme.")  # fmt: skip
    if row.status == FAILED and row.last_error_kind == "registration":
        return gettext("L'outil n'est plus enregistré dans cette plateforme : l'administrateur du service doit "
                       "l'enregistrer de nouveau, puis renvoyer les notes (flask grades retry).")  # fmt: skip
    if row.status == FAILED:
        return gettext("La note n'a pas pu être envoyée à la plateforme. L'administrateur du service peut la "
                       "renvoyer (flask grades retry).")  # fmt: skip
    return gettext("Note en attente d'envoi vers le carnet de notes de la plateforme.")
