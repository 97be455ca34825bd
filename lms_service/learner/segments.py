"""A page's pre-rendered HTML cut at its question slots, once per module version.

Templates place each question where the trainer wrote it; the cut is cached by the
page's HTML (which changes only with the module's version), so serving a page never
re-parses it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..content import Module

_SLOT = re.compile(r'<div class="question-slot" data-question="([^"]+)"></div>')


@lru_cache(maxsize=4096)
def page_segments(html: str) -> tuple[tuple[str, str | None], ...]:
    """(html, question id or None) pairs in reading order."""
    parts = _SLOT.split(html)
    segments: list[tuple[str, str | None]] = []
    for index in range(0, len(parts), 2):
        question_id = parts[index + 1] if index + 1 < len(parts) else None
        segments.append((parts[index], question_id))
    return tuple(segments)


def reading_context(module: Module, index: int) -> dict[str, object]:
    """What the shared page template needs for page `index`: the page, its place, its neighbours."""
    pages = module.pages
    return {
        "module": module,
        "page": pages[index],
        "number": index + 1,
        "previous": pages[index - 1] if index > 0 else None,
        "next": pages[index + 1] if index + 1 < len(pages) else None,
        "segments": page_segments(pages[index].html),
    }
