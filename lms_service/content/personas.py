"""The programme's characters: a first name belongs to one module only (checked by `modules check --strict`).

A learner who meets « Sofia » in the web module and again, late and struggling, in
the job-search module reads one person, and the programme's figures blur into a
few stereotypes. Each module declares its characters (`personas:` in its header);
the check says where a declared name is missing from its own module, and where
another module uses it, with `file:line`.
"""

import re
from collections.abc import Iterator, Mapping

from .model import Module
from .problems import Problem


def persona_problems(modules: Mapping[str, Module]) -> list[Problem]:
    """Every declared name absent from its module, declared twice, or used by another module."""
    owners: dict[str, str] = {}
    problems: list[Problem] = []
    for module in modules.values():
        text = _text(module)
        where = (_path(module), _declaration_line(text))
        for name in module.personas:
            if name in owners:
                problems.append(Problem(*where, f"le personnage « {name} » est déjà celui du module « {owners[name]} »"))
            owners.setdefault(name, module.slug)
            if next(_lines_naming(name, text), None) is None:
                problems.append(Problem(*where, f"le personnage « {name} » n'apparaît pas dans le module"))
    return problems + [problem for module in modules.values() for problem in _borrowed(module, owners)]


def _borrowed(module: Module, owners: Mapping[str, str]) -> Iterator[Problem]:
    """Each line of `module` naming another module's character."""
    text = _text(module)
    for name, owner in owners.items():
        if owner != module.slug:
            message = f"« {name} » est un personnage du module « {owner} » : choisissez un autre prénom"
            yield from (Problem(_path(module), line, message) for line in _lines_naming(name, text))


def _lines_naming(name: str, text: str) -> Iterator[int]:
    """The body's lines where `name` stands as a word (a header's `personas:` list is not a use)."""
    body_start = text.find("\n---", 3)
    for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        if found.start() > body_start:
            yield text.count("\n", 0, found.start()) + 1


def _declaration_line(text: str) -> int:
    found = re.search(r"^personas:", text, flags=re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _text(module: Module) -> str:
    return (module.directory / "module.md").read_text("utf-8")


def _path(module: Module) -> str:
    return f"{module.directory.parent.name}/{module.directory.name}/module.md"
