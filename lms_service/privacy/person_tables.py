"""Where a person's data lives: every foreign key that leads to a person, declared with what it means.

The export (learner_data.py) and the erasure (erasure.py) follow these links,
and a test compares them with the schema's foreign keys (Base.metadata): a new
table that points at a person, or at one of their rows, fails that test until
it is declared here, exported or left out with its reason, so no table is
forgotten by a right-of-access answer or an erasure.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import MetaData, Table

PERSON = "app_user"
# The row is the person's: exported with them, deleted with them (ON DELETE CASCADE).
OWNS = "owns"
# The row records what someone did about them (a read, an export): exported; kept when they are erased, the
# person unnamed (ON DELETE SET NULL), since the audit trail must show what was done.
ABOUT = "about"
# Names who did something (a référent, an administrator) in a row about someone else or about a course: never
# exported as that staff member's row (it is another person's); in an export, shown as the name and role
# beside the row it is in; when that staff member is deleted, the row stays, its author unnamed (SET NULL).
NAMES = "names"


@dataclass(frozen=True)
class Link:
    kind: str
    title: object = ""  # what the export's section holds (OWNS, ABOUT), in plain words


LINKS: dict[tuple[str, str], Link] = {
    ("membership", "user_id"): Link(OWNS, _l("Inscriptions aux cours : rôles, dates, modalité, référent")),
    ("page_view", "membership_id"): Link(OWNS, _l("Pages lues : première et dernière fois, temps compté")),
    ("module_progress", "membership_id"): Link(OWNS, _l("Avancement dans chaque module")),
    ("attempt", "membership_id"): Link(OWNS, _l("Essais aux quiz et aux tests : questions posées, score")),
    ("answer", "attempt_id"): Link(OWNS, _l("Vos réponses à chaque essai")),
    ("attempt_allowance", "membership_id"): Link(OWNS, _l("Essais ou temps supplémentaires accordés")),
    ("grade_outbox", "membership_id"): Link(OWNS, _l("Résultats envoyés au carnet de notes de la plateforme")),
    ("grade_delivery", "outbox_id"): Link(OWNS, _l("Ce que le carnet de notes a répondu")),
    ("launch_session", "membership_id"): Link(OWNS, _l("Sessions ouvertes depuis la plateforme")),
    ("attendance", "membership_id"): Link(OWNS, _l("Présences aux séances")),
    ("tutor_note", "membership_id"): Link(OWNS, _l("Notes du référent")),
    ("nursery_review", "membership_id"): Link(OWNS, _l("Bilan de fin de nurserie")),
    ("review_follow_up", "membership_id"): Link(OWNS, _l("Suivis après le bilan")),
    ("orientation_note", "membership_id"): Link(OWNS, _l("Notes pour l'entretien d'orientation")),
    ("record_revision", "membership_id"): Link(OWNS, _l("Versions précédentes des notes, du bilan et des suivis")),
    ("audit_event", "subject_id"): Link(ABOUT, _l("Journal d'accès : qui a consulté, imprimé ou exporté ces données")),
    ("membership", "referent_id"): Link(NAMES),
    ("membership", "referent_set_by_id"): Link(NAMES),
    ("membership", "facts_set_by_id"): Link(NAMES),
    ("module_progress", "onsite_by_id"): Link(NAMES),
    ("attempt_allowance", "granted_by_id"): Link(NAMES),
    ("attendance", "set_by_id"): Link(NAMES),
    ("onsite_session", "created_by_id"): Link(NAMES),
    ("tutor_note", "author_id"): Link(NAMES),
    ("tutor_note", "updated_by_id"): Link(NAMES),
    ("nursery_review", "written_by_id"): Link(NAMES),
    ("nursery_review", "updated_by_id"): Link(NAMES),
    ("review_follow_up", "set_by_id"): Link(NAMES),
    ("orientation_note", "set_by_id"): Link(NAMES),
    ("record_revision", "changed_by_id"): Link(NAMES),
    ("audit_event", "actor_id"): Link(NAMES),
    ("risk_rules", "updated_by_id"): Link(NAMES),
}  # fmt: skip

# Columns of exported rows left out of the export, and why.
HIDDEN: dict[tuple[str, str], str] = {
    ("launch_session", "token_hash"): "a secret that opens the session, not information about the person",
    ("launch_session", "binding_hash"): "a secret that ties the session to a browser",
    ("membership", "mentor_scope"): "the LMS identifiers of the learners a mentor follows: other people's data",
}


def foreign_keys(metadata: MetaData) -> list[tuple[str, str, str]]:
    """Every foreign key of the schema as (table, column, table it points at)."""
    return [(table.name, key.parent.name, key.column.table.name)
            for table in metadata.sorted_tables for key in table.foreign_keys]  # fmt: skip


def exported_tables(metadata: MetaData) -> list[Table]:
    """The person's table, then every table whose rows are theirs or about them, parents before children."""
    reached = {PERSON}
    grew = True
    while grew:
        before = len(reached)
        reached |= {table for table, column, target in foreign_keys(metadata)
                    if target in reached and LINKS.get((table, column), Link(NAMES)).kind != NAMES}  # fmt: skip
        grew = len(reached) > before
    return [table for table in metadata.sorted_tables if table.name in reached]


def undeclared(metadata: MetaData) -> list[tuple[str, str]]:
    """Foreign keys to the person or to one of their tables that LINKS does not declare (should be none)."""
    theirs = {table.name for table in exported_tables(metadata)}
    return [(table, column) for table, column, target in foreign_keys(metadata)
            if target in theirs and (table, column) not in LINKS]  # fmt: skip


def links_of(table: Table, kinds: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """The table's declared links of these kinds, as (column, table pointed at, its column)."""
    found = []
    for key in table.foreign_keys:
        link = LINKS.get((table.name, key.parent.name))
        if link is not None and link.kind in kinds:
            found.append((key.parent.name, key.column.table.name, key.column.name))
    return sorted(found)
