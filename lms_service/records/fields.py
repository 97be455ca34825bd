"""Reading the référents' forms: a day, a choice, a text, each checked before anything is saved.

Each reader appends what is wrong, in plain words naming the field, to the
form's list of errors and returns None; the caller saves nothing while the list
holds anything. Days come from `<input type="date">` (ISO, « 2027-03-15 »);
anything else, or a day out of the plausible range, is named, never a 500.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date

from flask_babel import format_date, format_number, gettext

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST = date(2000, 1, 1)  # no référent of this programme met anyone before


def read_day(form: Mapping[str, str], name: str, label: str, errors: list[str], *, low: date, high: date,
             required: bool = True) -> date | None:  # fmt: skip
    """The day in field `name`, between `low` and `high`; None (and an error unless optional and empty) otherwise."""
    text = form.get(name, "").strip()
    if not text:
        if required:
            errors.append(gettext("« %(field)s » : indiquez une date.", field=label))
        return None
    try:
        day = date.fromisoformat(text) if ISO_DAY.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        errors.append(gettext("« %(field)s » : une date (jour, mois, année), par exemple 15/03/2027.", field=label))
        return None
    if day < max(low, EARLIEST):
        errors.append(gettext("« %(field)s » : pas avant le %(date)s.", field=label, date=format_date(max(low, EARLIEST))))
        return None
    if day > high:
        errors.append(gettext("« %(field)s » : pas après le %(date)s.", field=label, date=format_date(high)))
        return None
    return day


def read_choice(form: Mapping[str, str], name: str, label: str, choices: Collection[str], errors: list[str], *,
                required: bool = True) -> str | None:  # fmt: skip
    """One of `choices`; empty is None when optional; anything else is an error."""
    value = form.get(name, "")
    if value in choices:
        return value
    if value == "" and not required:
        return None
    errors.append(gettext("« %(field)s » : choisissez une réponse dans la liste.", field=label))
    return None


def read_text(form: Mapping[str, str], name: str, label: str, limit: int, errors: list[str], *,
              required: bool = False) -> str | None:  # fmt: skip
    """The text without its outer spaces (None when empty), at most `limit` characters."""
    text = form.get(name, "").strip().replace("\r\n", "\n")
    if len(text) > limit:
        errors.append(gettext("« %(field)s » : %(limit)s caractères au plus (%(n)s écrits).", field=label,
                              limit=format_number(limit), n=format_number(len(text))))  # fmt: skip
        return None
    if not text and required:
        errors.append(gettext("« %(field)s » : à remplir.", field=label))
    return text or None
