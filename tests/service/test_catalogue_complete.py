"""Every UI string has its English translation: a new French string without one fails the suite."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHODS = [
    ("lms_service/**.py", "python"),
    ("lti/*.py", "python"),
    ("lms_service/templates/**.html", "jinja2"),
    ("lti/templates/**.html", "jinja2"),
]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def _source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_string_of_the_interface_is_translated_to_english() -> None:
    with open(ROOT / "lms_service/translations/en/LC_MESSAGES/messages.po", "rb") as handle:
        catalogue = read_po(handle)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(_source_messages() - translated)
    assert not missing, f"run `make messages`, then translate in messages.po: {missing[:10]}"
