"""Accent and case folding, so ids and typed answers do not depend on how a word was keyed."""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """Drop accents and split ligatures: « Cœur léger » -> « Coeur leger »."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(text: str) -> str:
    """Derive an id from a title: lowercase, no accents, anything else becomes '-'."""
    return _NOT_ALNUM.sub("-", strip_accents(text).lower()).strip("-")
