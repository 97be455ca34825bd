"""The loaded modules and the path through them, as the rest of the application sees them."""

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app

from .model import Module


@dataclass(frozen=True)
class Phase:
    """A phase of the programme (the nursery...), with its modules in path order."""

    id: str
    title: str
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    """Every module that loaded without problems, and the phases of parcours.yml."""

    modules: Mapping[str, Module]
    phases: tuple[Phase, ...] = ()

    def get(self, slug: str) -> Module | None:
        return self.modules.get(slug)

    def ordered(self) -> list[Module]:
        """Modules in path order, then those the path file does not name, by slug."""
        in_path = dict.fromkeys(slug for phase in self.phases for slug in phase.modules if slug in self.modules)
        rest = sorted(slug for slug in self.modules if slug not in in_path)
        return [self.modules[slug] for slug in [*in_path, *rest]]


def get_catalogue() -> Catalogue:
    """The catalogue loaded by `init_app` for the current application."""
    return current_app.extensions["content"]
