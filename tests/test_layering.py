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


PAGES = ("lms_service.tutor", "lms_service.learner", "lms_service.author", "lms_service.deep_linking")


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The module an import names, relative ones (`from ..tutor import x`) resolved from the file's package."""
    if node.level == 0:
        return node.module or ""
    package = path.relative_to(BASE_DIR).parent.parts  # a module's package, or the package of an __init__.py
    base = ".".join(package[: len(package) - (node.level - 1)])
    return f"{base}.{node.module}" if node.module else base


def test_the_blueprints_are_leaves_that_no_service_module_imports() -> None:
    """A blueprint package runs its views' imports when it loads: a service module that imports one (orientation/
    reading the tutor's queries) closes a cycle that breaks the app's start in whichever order imports it first."""
    wrong = []
    for path in sorted((BASE_DIR / "lms_service").rglob("*.py")):
        own = ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)
        if own.startswith(PAGES) or own == "lms_service.__init__":  # the app factory registers them
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and _absolute(path, node).startswith(PAGES):
                wrong.append(f"{path.relative_to(BASE_DIR)}:{node.lineno} imports {_absolute(path, node)}")
    assert not wrong, "\n".join(wrong)
