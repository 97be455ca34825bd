"""The loaded modules and the path through them, as the rest of the application sees them."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from flask import current_app

from .model import Module
from .problems import Problem

NURSERY = "nurserie"  # the id of the nursery's phase in parcours.yml


@dataclass(frozen=True)
class Phase:
    """A phase of the programme (the nursery...), with its modules in path order."""

    id: str
    title: str
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    """The modules being served, the phases of parcours.yml, and what the load that built them found wrong.

    A module folder with problems is listed in `broken`; it is served only if an earlier
    load in this process had a good version of it, which then stays in `modules`.
    """

    modules: Mapping[str, Module]
    phases: tuple[Phase, ...] = ()
    problems: tuple[Problem, ...] = ()
    broken: Mapping[str, tuple[Problem, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Module folder name -> its problems, for every folder that failed to load."""

    def get(self, slug: str) -> Module | None:
        return self.modules.get(slug)

    def ordered(self) -> list[Module]:
        """Modules in path order, then those the path file does not name, by slug."""
        in_path = dict.fromkeys(slug for phase in self.phases for slug in phase.modules if slug in self.modules)
        rest = sorted(slug for slug in self.modules if slug not in in_path)
        return [self.modules[slug] for slug in [*in_path, *rest]]

    def scored_in_path(self) -> list[str]:
        """The path's modules whose result is a grade: the whole path's own column counts their share passed."""
        in_path = {slug for phase in self.phases for slug in phase.modules}
        return [module.slug for module in self.ordered() if module.slug in in_path and module.scored]

    def nursery(self) -> frozenset[str]:
        """The modules « completing the nursery » counts: its phase's (parcours.yml), else every tracked one."""
        phase = next((phase for phase in self.phases if phase.id == NURSERY), None)
        if phase is not None:
            return frozenset(phase.modules)
        return frozenset(slug for slug, module in self.modules.items() if module.tracked)

    def path_problems(self) -> list[Problem]:
        """Problems outside any module folder: parcours.yml, or a missing modules folder."""
        in_modules = {problem for problems in self.broken.values() for problem in problems}
        return [problem for problem in self.problems if problem not in in_modules]


def get_catalogue() -> Catalogue:
    """The catalogue of the current application, kept fresh by `reloading` when files change."""
    return current_app.extensions["content"]
