"""Render a page once, cut where its questions go: text segments and question places.

The quiz blocks are taken out of the Markdown before rendering, so no answer,
tolerance or feedback can ever reach the cached HTML. Each block is replaced by a
token unique to the module version, rendered with the text, and the HTML is cut at
the tokens here, at load time: serving a page never parses its HTML again.
"""

from collections.abc import Callable, Mapping

from .model import Page, Segment
from .pages import QuizBlock, RawPage


def render_page(
    raw: RawPage, ids: Mapping[QuizBlock, str], render: Callable[[str], str], nonce: str
) -> Page:
    """Render `raw` once; `nonce` (from the content hash) keeps the tokens out of trainer text."""
    chunks: list[str] = []
    tokens: list[tuple[str, str]] = []
    for part in raw.parts:
        if isinstance(part, QuizBlock):
            token = f"questionslot{nonce}n{len(tokens)}end"  # closed, so n1 is no prefix of n10
            tokens.append((token, ids[part]))
            chunks.append(f"\n\n{token}\n\n")
        else:
            chunks.append(part)
    rest = render("\n".join(chunks))
    segments: list[Segment] = []
    for number, (token, question_id) in enumerate(tokens, start=1):
        before, rest = _cut(rest, token)
        segments += [Segment(html=before), Segment(question_id=question_id, number=number)]
    segments.append(Segment(html=rest))
    return Page(raw.id, raw.title, tuple(s for s in segments if s.html.strip() or s.question_id), raw.line)


def _cut(html: str, token: str) -> tuple[str, str]:
    """The HTML before and after a token, which Markdown left alone in its own paragraph."""
    for wrapped in (f"<p>{token}</p>", token):
        before, found, after = html.partition(wrapped)
        if found:
            return before, after
    raise ValueError(f"question token lost in rendering: {token}")
