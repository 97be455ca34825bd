"""A skeleton's example texts left in a module: `flask modules check` names each with its line."""

from .model import Module
from .problems import Problem

MARK = "(à remplacer)"  # what every example text of a skeleton (content.skeletons) carries


def placeholder_problems(module: Module) -> list[Problem]:
    """Each line of module.md that still holds an example text of `flask modules new`."""
    path = f"{module.directory.parent.name}/{module.directory.name}/module.md"
    text = (module.directory / "module.md").read_text("utf-8")
    return [
        Problem(path, number, f"texte d'exemple à remplacer : « {line.strip()[:70]} »")
        for number, line in enumerate(text.splitlines(), start=1)
        if MARK in line
    ]
