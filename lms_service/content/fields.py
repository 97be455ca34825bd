"""Typed reads of YAML fields that report a located, plain-French problem instead of raising."""

import math
import re
from collections.abc import Collection
from typing import Any

from .marked_yaml import MarkedDict, MarkedList
from .problems import Report

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""Slugs, page ids and section ids: what survives in URLs and progress rows."""
NAME = re.compile(r"[A-Za-z0-9_-]+\Z")
"""Question and choice ids: they end up in HTML attributes, form fields and stored answers."""

_UNSET = object()


def check_keys(data: MarkedDict, allowed: Collection[str], report: Report, where: str) -> None:
    """Flag unknown keys: a typo such as `anwser` would otherwise be silently ignored."""
    for key in data:
        if key not in allowed:
            report.add(
                data.line_of(key),
                f"champ inconnu « {key} » {where} (champs possibles : {', '.join(sorted(allowed))})",
            )


def _value(data: MarkedDict, key: str, report: Report, required: bool) -> Any:
    value = data.get(key)
    if value is None and required:
        report.add(data.line_of(key), f"champ « {key} » obligatoire manquant")
    return value if value is not None else _UNSET


def text(data: MarkedDict, key: str, report: Report, *, required: bool = False) -> str | None:
    value = _value(data, key, report, required)
    if value is _UNSET:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # `text: 21` is a number to YAML, but plain text to a trainer
    if not isinstance(value, str) or not value.strip():
        report.add(data.line_of(key), f"« {key} » doit être un texte non vide")
        return None
    return value.strip()


def identifier(value: Any) -> str | None:
    """An id as text; YAML turns `id: 1` into a number, which is accepted, but `id: no` into False."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def ident(data: MarkedDict, key: str, report: Report, *, required: bool = False) -> str | None:
    value = _value(data, key, report, required)
    if value is _UNSET:
        return None
    result = identifier(value)
    if result is None or not NAME.match(result):
        report.add(data.line_of(key), f"« {key} » invalide : lettres, chiffres, « - » et « _ » seulement")
        return None
    return result


def integer(
    data: MarkedDict, key: str, report: Report, *, low: int | None = None, high: int | None = None
) -> int | None:
    value = _value(data, key, report, False)
    if value is _UNSET:
        return None
    fits = isinstance(value, int) and not isinstance(value, bool)
    if fits and (low is None or value >= low) and (high is None or value <= high):
        return value
    if low is None:
        bounds = ""
    elif high is None:
        bounds = f" supérieur ou égal à {low}"
    else:
        bounds = f" entre {low} et {high}"
    report.add(data.line_of(key), f"« {key} » doit être un nombre entier{bounds}")
    return None


def number(data: MarkedDict, key: str, report: Report, *, low: float | None = None) -> float | None:
    value = _value(data, key, report, False)
    if value is _UNSET:
        return None
    fits = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if fits and (low is None or value >= low):
        return float(value)
    bounds = f" supérieur ou égal à {low:g}" if low is not None else ""
    report.add(data.line_of(key), f"« {key} » doit être un nombre{bounds}")
    return None


def boolean(data: MarkedDict, key: str, report: Report) -> bool | None:
    value = _value(data, key, report, False)
    if value is _UNSET:
        return None
    if not isinstance(value, bool):
        report.add(data.line_of(key), f"« {key} » doit valoir true ou false")
        return None
    return value


def items(data: MarkedDict, key: str, report: Report, *, scalar: bool = False) -> MarkedList | None:
    """A list field; with `scalar`, a lone value (`answer: a`) counts as a list of one."""
    value = _value(data, key, report, False)
    if value is _UNSET:
        return None
    if isinstance(value, MarkedList):
        return value
    if scalar and not isinstance(value, MarkedDict):
        single = MarkedList([value])
        single.line, single.item_lines = data.line_of(key), [data.line_of(key)]
        return single
    report.add(data.line_of(key), f"« {key} » doit être une liste (lignes commençant par « - »)")
    return None


def texts(data: MarkedDict, key: str, report: Report, *, scalar: bool = False) -> tuple[str, ...]:
    values = items(data, key, report, scalar=scalar) or MarkedList()
    result = []
    for index, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, str | int | float) or not str(value).strip():
            report.add(values.line_of(index), f"chaque élément de « {key} » doit être un texte non vide")
        else:
            result.append(str(value).strip())
    return tuple(result)


def mappings(data: MarkedDict, key: str, report: Report) -> list[MarkedDict]:
    values = items(data, key, report) or MarkedList()
    result = []
    for index, value in enumerate(values):
        if isinstance(value, MarkedDict):
            result.append(value)
        else:
            report.add(values.line_of(index), f"chaque élément de « {key} » doit avoir des champs « nom: valeur »")
    return result
