"""The key a list of people is sorted and searched by: family name first, without accents or case.

A référent looks for « Benoît » by typing « benoit », and expects « Élodie »
among the E's. The database cannot fold accents the same way on SQLite and
PostgreSQL, so the key is folded here once, when a name arrives (a launch or
the roster), and stored on each membership beside the course it is sorted in.
"""
from __future__ import annotations

import unicodedata

KEY_LENGTH = 255


def fold(text: str) -> str:
    """Lower case without accents or ligatures, spaces collapsed: « Œuvre  Élodie » → « oeuvre elodie »."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def name_key(given: str | None, family: str | None, name: str | None, email: str | None) -> str:
    """Family name, then given name; the full name or the e-mail when the LMS gave no parts."""
    if family:
        text = f"{family} {given or ''}"
    else:
        text = name or " ".join(p for p in (given, email) if p) or ""
    return fold(text)[:KEY_LENGTH]


def like_pattern(search: str) -> str:
    r"""The LIKE pattern that finds the folded `search` anywhere in a name key: `column.like(pattern, escape="\\")`.

    LIKE's own characters (%, _ and the escape \ itself) are escaped, so a search
    for « 100% » or « a_b » looks for those characters, not for any text.
    """
    return "%" + fold(search).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
