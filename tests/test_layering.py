"""The dependency direction of DESIGN.md, checked on the source: who may import whom.

`lms_service` uses `lti`; `lti` knows nothing of the modules and borrows only
the shared database base and time helpers (`lms_service.db`); the dev platform
is a program of its own that the service never imports and that imports
neither of them (it speaks to the tool over HTTP, as a real LMS does).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from config import BASE_DIR

RULES = {
    "lti": {"forbidden": ("lms_service", "devplatform"), "allowed": ("lms_service.db",)},
    "lms_service": {"forbidden": ("devplatform",), "allowed": ()},
    "devplatform": {"forbidden": ("lti", "lms_service"), "allowed": ()},
}


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def _breaks(name: str, forbidden: tuple[str, ...], allowed: tuple[str, ...]) -> bool:
    def under(prefix: str) -> bool:
        return name == prefix or name.startswith(prefix + ".")

    return any(under(f) for f in forbidden) and not any(under(a) for a in allowed)


@pytest.mark.parametrize("package", sorted(RULES))
def test_each_package_imports_only_what_the_design_allows(package: str) -> None:
    rule = RULES[package]
    wrong = [
        f"{path.relative_to(BASE_DIR)}:{line} imports {name}"
        for path in sorted((BASE_DIR / package).rglob("*.py"))
        for line, name in _imports(path)
        if _breaks(name, rule["forbidden"], rule["allowed"])
    ]
    assert not wrong, "\n".join(wrong)
