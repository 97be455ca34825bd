"""Render a page once, cut where its questions go: text segments, passages and question places.

The quiz and passage blocks are taken out of the Markdown before rendering, so no
answer, tolerance or feedback can ever reach the cached HTML. Each block is
replaced by a token unique to the module version, rendered with the text, and the
HTML is cut at the tokens here, at load time: serving a page never parses its HTML
again. A passage's place gets the passage's own HTML, rendered once for the module.
"""

from collections.abc import Callable, Mapping

from .model import Page, Passage, Segment
from .pages import PassageBlock, QuizBlock, RawPage


def render_page(
    raw: RawPage,
    ids: Mapping[QuizBlock, str],
    passages: Mapping[PassageBlock, Passage],
    render: Callable[[str], str],
    nonce: str,
) -> Page:
    """Render `raw` once; `nonce` (from the content hash) keeps the tokens out of trainer text."""
    chunks: list[str] = []
    tokens: list[tuple[str, QuizBlock | PassageBlock]] = []
    for part in raw.parts:
        if isinstance(part, str):
            chunks.append(part)
            continue
        token = f"blockslot{nonce}n{len(tokens)}end"  # closed, so n1 is no prefix of n10
        tokens.append((token, part))
        chunks.append(f"\n\n{token}\n\n")
    rest = render("\n".join(chunks))
    segments: list[Segment] = []
    number = 0
    for token, block in tokens:
        before, rest = _cut(rest, token)
        segments.append(Segment(html=before))
        if isinstance(block, PassageBlock):
            passage = passages[block]
            segments.append(Segment(html=passage.html, passage_id=passage.id))
        else:
            number += 1
            segments.append(Segment(question_id=ids[block], number=number))
    segments.append(Segment(html=rest))
    return Page(raw.id, raw.title, tuple(s for s in segments if s.html.strip() or s.question_id), raw.line)


def _cut(html: str, token: str) -> tuple[str, str]:
    """The HTML before and after a token, which Markdown left alone in its own paragraph."""
    for wrapped in (f"<p>{token}</p>", token):
        before, found, after = html.partition(wrapped)
        if found:
            return before, after
    raise ValueError(f"block token lost in rendering: {token}")
