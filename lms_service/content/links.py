"""Links between modules: `[texte](module:financement#poei)` in a trainer's Markdown.

A module does not know where it is served from, nor the learner's launch, so
its HTML keeps the link as written (`href="module:slug#page"`). The page is
drawn for learners with the launch in its links (learner.page_screens) and the
link becomes a URL then, once per drawn screen. The check, at load time, finds
every link in module.md and says `file:line` for a module or a page that does
not exist.
"""

import re
from collections.abc import Callable, Iterator, Mapping

from .model import Module
from .problems import Problem

SCHEME = "module"
_IN_HTML = re.compile(r'href="module:([a-z0-9][a-z0-9-]*)(?:#([A-Za-z0-9_-]+))?"')
_IN_MARKDOWN = re.compile(r"\]\(\s*module:([^)#\s]*)(?:#([^)\s]*))?\s*\)")


def resolve(html: str, url: Callable[[str, str | None], str]) -> str:
    """`html` with each module link made a URL by `url(slug, page_id or None)`."""
    return _IN_HTML.sub(lambda found: f'href="{url(found.group(1), found.group(2))}"', html)


def link_problems(module: Module, modules: Mapping[str, Module]) -> list[Problem]:
    """A link to a module that is not served, or to a page that module does not have, with its line."""
    path = f"{module.directory.parent.name}/{module.directory.name}/module.md"
    problems = []
    for line, slug, page_id in _links(module):
        target = modules.get(slug)
        if target is None:
            problems.append(Problem(path, line, f"lien vers le module « {slug} » : ce module n'existe pas"))
        elif page_id is not None and target.page(page_id) is None:
            pages = ", ".join(page.id for page in target.pages)
            problems.append(Problem(path, line, f"lien vers « {slug}#{page_id} » : page inconnue ({pages})"))
    return problems


def _links(module: Module) -> Iterator[tuple[int, str, str | None]]:
    text = (module.directory / "module.md").read_text("utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        for found in _IN_MARKDOWN.finditer(line):
            yield number, found.group(1), found.group(2) or None
