"""Split the body of module.md into pages at each `## ` heading, lifting out the quiz and passage blocks."""

import re
from dataclasses import dataclass, field

from .fields import ID
from .folding import slugify
from .problems import Report

_FENCE = re.compile(r"(`{3,}|~{3,})[ \t]*(.*?)[ \t]*$")
"""A fenced block opens at the start of a line, as Python-Markdown's fenced_code expects."""
_HEADING = re.compile(r"##(?!#)(.*)$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_EXPLICIT_ID = re.compile(r"(.*?)[ \t]*\{#([^}]*)\}$")


@dataclass(frozen=True)
class QuizBlock:
    """The YAML inside a ```quiz fence; `line` is the fence's line, the YAML starts on the next."""

    line: int
    text: str


@dataclass(frozen=True)
class PassageBlock:
    """The YAML inside a ```passage fence: a text several questions are about; `line` as for QuizBlock."""

    line: int
    text: str


Block = QuizBlock | PassageBlock
LIFTED: dict[str, type[Block]] = {"quiz": QuizBlock, "passage": PassageBlock}
"""The fences whose YAML is taken out of the Markdown, by info string."""


@dataclass(frozen=True)
class RawPage:
    """A page before rendering: Markdown chunks, quiz and passage blocks in reading order."""

    id: str
    title: str
    line: int
    parts: tuple[str | Block, ...]
    prose: tuple[tuple[int, str], ...]
    """Lines outside any fence, with their numbers: where image links are looked for."""

    @property
    def quizzes(self) -> tuple[QuizBlock, ...]:
        return tuple(part for part in self.parts if isinstance(part, QuizBlock))

    @property
    def passages(self) -> tuple[PassageBlock, ...]:
        return tuple(part for part in self.parts if isinstance(part, PassageBlock))


@dataclass
class _Draft:
    title: str
    line: int
    explicit_id: str | None
    parts: list[str | Block] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)

    def flush(self) -> None:
        if self.markdown:
            self.parts.append("\n".join(self.markdown))
            self.markdown = []

    def is_empty(self) -> bool:
        return not any(not isinstance(part, str) or part.strip() for part in self.parts)


@dataclass
class _Fence:
    marker: str
    line: int
    lifted: str | None
    """"quiz" or "passage" for a fence taken out of the Markdown; None for code shown as code."""
    body: list[str] = field(default_factory=list)


def parse_heading(text: str) -> tuple[str, str | None]:
    """`Une journée type {#journee} ##` -> ("Une journée type", "journee")."""
    text = _CLOSING_HASHES.sub("", text.strip())
    explicit = _EXPLICIT_ID.match(text)
    if explicit:
        return explicit[1].strip(), explicit[2].strip()
    return text, None


def split_pages(lines: list[str], first_line: int, report: Report) -> list[RawPage]:
    """Cut `lines` (starting at file line `first_line`) into pages; report structural mistakes."""
    drafts: list[_Draft] = []
    fence: _Fence | None = None
    preamble: int | None = None
    for number, line in enumerate(lines, start=first_line):
        current = drafts[-1] if drafts else None
        if fence:
            closing = line.rstrip() == fence.marker
            if fence.lifted and closing and current:
                current.flush()
                current.parts.append(LIFTED[fence.lifted](fence.line, "\n".join(fence.body)))
            elif fence.lifted:
                fence.body.append(line)
            elif current:
                current.markdown.append(line)
            fence = None if closing else fence
            continue
        heading = _HEADING.match(line)
        if heading:
            title, explicit_id = parse_heading(heading[1])
            drafts.append(_Draft(title, number, explicit_id))
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = _Fence(opening[1], number, opening[2] if opening[2] in LIFTED else None)
        if current is None:
            preamble = preamble or (number if line.strip() else None)
        elif not fence:
            current.markdown.append(line)
            current.prose.append((number, line))
        elif not fence.lifted:
            current.markdown.append(line)
    if fence:
        what = f"bloc {fence.lifted}" if fence.lifted else "bloc de code"
        report.add(fence.line, f"{what} non fermé : il manque la ligne « {fence.marker} » qui le termine")
    if preamble:
        report.add(preamble, "texte avant le premier titre « ## » : mettez-le dans une page")
    if not drafts:
        report.add(first_line, "aucune page : chaque page commence par un titre « ## »")
    return _finish(drafts, report)


def _finish(drafts: list[_Draft], report: Report) -> list[RawPage]:
    pages: list[RawPage] = []
    seen: dict[str, int] = {}
    for draft in drafts:
        draft.flush()
        page_id = _page_id(draft, report)
        if not draft.title:
            report.add(draft.line, "titre de page vide")
        if draft.is_empty():
            report.add(draft.line, "page vide : ajoutez du texte ou une question sous le titre")
        if page_id in seen:
            report.add(
                draft.line,
                f"identifiant de page « {page_id} » déjà utilisé ligne {seen[page_id]} : "
                "ajoutez {#autre-identifiant} à la fin du titre",
            )
        elif page_id:
            seen[page_id] = draft.line
        pages.append(RawPage(page_id, draft.title, draft.line, tuple(draft.parts), tuple(draft.prose)))
    return pages


def _page_id(draft: _Draft, report: Report) -> str:
    if draft.explicit_id is None:
        page_id = slugify(draft.title)
        if draft.title and not page_id:
            report.add(draft.line, "impossible de tirer un identifiant de ce titre : ajoutez {#identifiant}")
        return page_id
    if not ID.match(draft.explicit_id):
        report.add(
            draft.line,
            f"identifiant de page « {draft.explicit_id} » invalide : minuscules, chiffres et tirets seulement",
        )
    return draft.explicit_id
