"""One person's data, as one JSON document: the answer to a right-of-access request (GDPR art. 15).

Every table person_tables.py reaches is read, each in one query (rows of the
person's records in the courses asked for, or of rows hanging off them), so a
table added later is in the export as soon as it is declared there. Staff named
in those rows (who wrote a note, who read the page) appear by name and role
only; the courses and sessions rows point at, by their title. Their own
answers are theirs; the questions' correct answers are the module's, never
stored with them, never exported. A survey's attempts and answers are left out:
the référent who downloads the file never reads them person by person
(assessments/survey_totals.py), so the file says they can be asked from the
operator. Times are Paris time with their offset: the person reads the file.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import get_timezone, gettext
from sqlalchemy import ColumnElement, Select, Table, or_, select
from sqlalchemy.orm import Session

from lti.models import Lms

from ..assessments.survey_totals import answers_are_private
from ..content import Module, get_catalogue
from ..db import Base, as_utc, utcnow
from ..models import Attempt, Context, Membership, OnsiteSession, User
from ..models.people import person_name
from .person_tables import ABOUT, HIDDEN, LINKS, NAMES, OWNS, PERSON, exported_tables, links_of

MAX_ROWS = 10_000  # per table: one person's data is small; a bound all the same
# Rows that other columns point at, shown by what a reader recognises instead of a bare id.
DESCRIBED: dict[str, tuple[Any, ...]] = {
    "context": (Context.id, Context.title, Context.label),
    "onsite_session": (OnsiteSession.id, OnsiteSession.held_on, OnsiteSession.label),
    "lti_lms": (Lms.id, Lms.name),
}


def collect(db: Session, user: User, courses: Select[Any]) -> dict[str, Any]:
    """Everything stored about `user` in the courses `courses` selects (ids of Context): one JSON-ready dict."""
    private = [module for module in get_catalogue().ordered() if answers_are_private(module)]
    conditions: dict[str, ColumnElement[bool]] = {}
    sections: dict[str, list[dict[str, Any]]] = {}
    truncated = []
    for table in exported_tables(Base.metadata):
        conditions[table.name] = _condition(table, user, courses, conditions)
        if table.name == Attempt.__tablename__:  # their answers, found through these attempts, go with them
            conditions[table.name] &= table.c.module_slug.not_in([module.slug for module in private])
        rows = db.execute(select(table).where(conditions[table.name]).order_by(*table.primary_key.columns)
                          .limit(MAX_ROWS + 1)).mappings().all()  # fmt: skip
        if len(rows) > MAX_ROWS:
            truncated.append(table.name)
        sections[table.name] = [dict(row) for row in rows[:MAX_ROWS]]
    names = _staff(db, sections)
    described = _described(db, sections)
    plain = {table.name: [_plain(table, row, names, described) for row in sections[table.name]]
             for table in exported_tables(Base.metadata)}  # fmt: skip
    person = plain.pop(PERSON)
    return {"a_propos": _about(truncated, private), "personne": person[0] if person else None, **plain}


def _condition(table: Table, user: User, courses: Select[Any],
               known: dict[str, ColumnElement[bool]]) -> ColumnElement[bool]:  # fmt: skip
    """Which rows of `table` are the person's: their user row, their records in those courses, rows below."""
    if table.name == PERSON:
        return table.c.id == user.id
    if table.name == Membership.__tablename__:
        return (table.c.user_id == user.id) & table.c.context_id.in_(courses)
    parents = [table.c[column].in_(select(Base.metadata.tables[target].c[key]).where(known[target]))
               for column, target, key in links_of(table, (OWNS, ABOUT)) if target in known]  # fmt: skip
    return or_(*parents)


def _staff(db: Session, sections: dict[str, list[dict[str, Any]]]) -> dict[int, dict[str, str]]:
    """Name and role of every staff member the rows name (one query)."""
    ids = {row[column] for table in exported_tables(Base.metadata) for column, _, _ in links_of(table, (NAMES,))
           for row in sections[table.name] if row.get(column) is not None}  # fmt: skip
    if not ids:
        return {}
    query = (select(Membership.id, Membership.is_admin, Membership.is_tutor, Membership.is_mentor, User.name,
                    User.given_name, User.family_name, User.sub)
             .join(User, User.id == Membership.user_id).where(Membership.id.in_(ids)))  # fmt: skip
    return {row.id: {"nom": person_name(row.name, row.given_name, row.family_name, None, row.sub), "role": _role(row)}
            for row in db.execute(query)}  # fmt: skip


def _role(row: Any) -> str:
    if row.is_admin:
        return gettext("administrateur de la plateforme")
    if row.is_tutor:
        return gettext("référent")
    if row.is_mentor:
        return gettext("mentor")
    return gettext("apprenant")


def _described(db: Session, sections: dict[str, list[dict[str, Any]]]) -> dict[str, dict[int, dict[str, Any]]]:
    """What the courses, sessions and LMS the rows point at are called (one query per kind of row)."""
    wanted: dict[str, set[int]] = {name: set() for name in DESCRIBED}
    for table in exported_tables(Base.metadata):
        for key in table.foreign_keys:
            target = key.column.table.name
            if target in wanted:
                wanted[target] |= {row[key.parent.name] for row in sections[table.name] if row[key.parent.name]}
    found: dict[str, dict[int, dict[str, Any]]] = {}
    for name, columns in DESCRIBED.items():
        rows = db.execute(select(*columns).where(columns[0].in_(wanted[name]))).mappings().all() if wanted[name] else []
        found[name] = {row["id"]: {key: _value(value) for key, value in row.items()} for row in rows}
    return found


def _plain(table: Table, row: dict[str, Any], names: dict[int, dict[str, str]],
           described: dict[str, dict[int, dict[str, Any]]]) -> dict[str, Any]:  # fmt: skip
    """The row as JSON values, its hidden columns left out, staff and courses named."""
    named = {column for column, _, _ in links_of(table, (NAMES,))}
    pointed = {key.parent.name: key.column.table.name for key in table.foreign_keys}
    plain: dict[str, Any] = {}
    for column, value in row.items():
        if (table.name, column) in HIDDEN:
            continue
        if column in named:
            plain[column] = names.get(value) if value is not None else None
        elif pointed.get(column) in described and value is not None:
            plain[column] = described[pointed[column]].get(value, {"id": value})
        else:
            plain[column] = _value(value)
    return plain


def _value(value: Any) -> Any:
    """A JSON value; a time in Paris with its offset (ISO 8601: 2026-11-30T12:00:00+01:00)."""
    if isinstance(value, datetime):
        return as_utc(value).astimezone(get_timezone()).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _about(truncated: list[str], private: list[Module]) -> dict[str, Any]:
    sections = {table: str(link.title) for (table, _), link in LINKS.items() if link.kind in (OWNS, ABOUT)}
    about: dict[str, Any] = {
        "document": gettext("Données personnelles enregistrées par l'outil de la nurserie (RGPD, article 15)"),
        "genere_le": _value(utcnow()),
        "heures": gettext("Heures de Paris, suivies de leur écart avec l'heure universelle (+01:00 en hiver, "
                          "+02:00 en été)."),
        "rubriques": {"personne": gettext("La personne, telle que la plateforme de formation l'a transmise"),
                      **sections},
        "tronque": truncated,
    }  # fmt: skip
    if private:
        titles = ", ".join(f"« {module.title} »" for module in private)
        about["questionnaires"] = gettext(
            "Les réponses aux questionnaires anonymes (%(titles)s) ne sont pas dans ce fichier : les référents ne "
            "les lisent jamais personne par personne. La personne peut les demander à l'exploitant de l'outil.",
            titles=titles)
    return about
