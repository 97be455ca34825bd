"""Render a page with its quiz blocks replaced by inert question slots.

The blocks are taken out of the Markdown before rendering, so no answer, tolerance or
feedback can ever reach the cached HTML; a template fills each slot from the question's
public view.
"""

from collections.abc import Callable, Mapping
from html import escape

from .model import Page
from .pages import QuizBlock, RawPage


def slot(question_id: str) -> str:
    return f'<div class="question-slot" data-question="{escape(question_id)}"></div>'


def render_page(
    raw: RawPage, ids: Mapping[QuizBlock, str], render: Callable[[str], str], nonce: str
) -> Page:
    """Render `raw` once; `nonce` (from the content hash) keeps slot tokens out of trainer text."""
    chunks: list[str] = []
    tokens: dict[str, str] = {}
    for part in raw.parts:
        if isinstance(part, QuizBlock):
            token = f"questionslot{nonce}n{len(tokens)}end"  # closed, so n1 is no prefix of n10
            tokens[token] = ids[part]
            chunks.append(f"\n\n{token}\n\n")
        else:
            chunks.append(part)
    html = render("\n".join(chunks))
    for token, question_id in tokens.items():
        html = html.replace(f"<p>{token}</p>", slot(question_id)).replace(token, slot(question_id))
    return Page(raw.id, raw.title, html, tuple(tokens.values()), raw.line)
