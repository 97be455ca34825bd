"""Links between modules: `[texte](module:financement#poei)` in a trainer's Markdown.

A module does not know where it is served from, nor the learner's launch, so
its HTML keeps the link as written (`href="module:slug#page"`). The page is
drawn for learners with the launch in its links (learner.page_screens) and the
link becomes a URL then, once per drawn screen. The check, at load time, finds
every link in module.md and says `file:line` for a module or a page that does
not exist, and for a link inside a question or a passage: the quiz and the
entry test draw them on screens of their own, where such a link leads nowhere. The
entry test's `prepare:` lists name modules too, offered after a low score: the
check finds those that do not exist.
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
    for line, slug, page_id, in_question in _links(module):
        target = modules.get(slug)
        if in_question:
            problems.append(Problem(path, line, f"lien vers « {slug} » dans une question : il ne mène nulle part "
                                                "sur l'écran du quiz ; mettez-le dans le texte de la page"))  # fmt: skip
        elif target is None:
            problems.append(Problem(path, line, f"lien vers le module « {slug} » : ce module n'existe pas"))
        elif page_id is not None and target.page(page_id) is None:
            pages = ", ".join(page.id for page in target.pages)
            problems.append(Problem(path, line, f"lien vers « {slug}#{page_id} » : page inconnue ({pages})"))
    for section in module.sections:
        for slug in section.prepare:
            if slug not in modules:
                message = f"partie « {section.id} » : le module à travailler « {slug} » (prepare) n'existe pas"
                problems.append(Problem(path, section.line, message))
    return problems


def _links(module: Module) -> Iterator[tuple[int, str, str | None, bool]]:
    """Each module link of module.md: its line, target, page, and whether a question or passage block holds it."""
    text = (module.directory / "module.md").read_text("utf-8")
    in_question = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            in_question = not in_question and line.strip() in ("```quiz", "```passage")
        for found in _IN_MARKDOWN.finditer(line):
            yield number, found.group(1), found.group(2) or None, in_question
