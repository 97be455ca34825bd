"""Bar charts as SVG drawn on the server: a picture for those who look, beside a table for those who read.

Built with ElementTree, which escapes every text and attribute (a course title
is someone's input), and handed to the template as Markup. Each chart is an
image with its accessible name and description (role="img", <title>, <desc>);
every bar carries its label and its numbers in words, so no colour has to be
told apart, and the part of a share that is not counted is hatched, not only
paler. Its viewBox scales it to the width of a 360 px phone.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from markupsafe import Markup

SVG = "http://www.w3.org/2000/svg"
WIDTH = 300  # the viewBox's width: a bit less than a phone's, so its text reads at least at its own size
BAR_WIDTH = 120  # the bars' full length; their numbers are written after it, on the same line
ROW = 44  # a label line, then the bar
BAR_HEIGHT = 16
LABEL_CHARACTERS = 40  # a longer label is cut (the table beside the chart holds it whole)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    words: str  # the numbers as the bar's end reads them (« 12 », « 3 sur 5 (60 %) »)
    total: int | None = None  # a share of this many; None: a count, as long as the largest one is the full bar


def bar_chart(ident: str, title: str, summary: str, bars: Sequence[Bar]) -> Markup:
    """An SVG image: one labelled bar per item; `ident` (unique in the page) prefixes its ids."""
    height = max(len(bars), 1) * ROW
    svg = Element("svg", {"xmlns": SVG, "viewBox": f"0 0 {WIDTH} {height}", "width": "100%", "role": "img",
                          "aria-labelledby": f"{ident}-title {ident}-desc", "class": "chart", "focusable": "false"})  # fmt: skip
    SubElement(svg, "title", {"id": f"{ident}-title"}).text = title
    SubElement(svg, "desc", {"id": f"{ident}-desc"}).text = summary
    _hatching(svg, f"{ident}-rest")
    largest = max((bar.count for bar in bars if bar.total is None), default=0)
    for row, bar in enumerate(bars):
        _bar(svg, bar, row * ROW, largest, f"url(#{ident}-rest)")
    return Markup(tostring(svg, encoding="unicode"))


def _bar(svg: Element, bar: Bar, top: int, largest: int, hatched: str) -> None:
    group = SubElement(svg, "g", {"class": "bar"})
    label = bar.label if len(bar.label) <= LABEL_CHARACTERS else bar.label[: LABEL_CHARACTERS - 1] + "…"
    SubElement(group, "text", {"x": "0", "y": str(top + 14), "class": "label"}).text = label
    y = str(top + 21)
    if bar.total is not None:  # the whole, hatched, under the part counted
        SubElement(group, "rect", {"x": "0", "y": y, "width": str(BAR_WIDTH), "height": str(BAR_HEIGHT),
                                   "class": "rest", "fill": hatched})  # fmt: skip
    whole = bar.total if bar.total is not None else largest
    length = round(BAR_WIDTH * bar.count / whole, 1) if whole else 0
    if bar.count:
        SubElement(group, "rect", {"x": "0", "y": y, "width": str(max(length, 2)), "height": str(BAR_HEIGHT),
                                   "class": "part"})  # fmt: skip
    SubElement(group, "text", {"x": str(BAR_WIDTH + 6), "y": str(top + 34), "class": "value"}).text = bar.words


def _hatching(svg: Element, ident: str) -> None:
    """Diagonal lines for what a share leaves out."""
    defs = SubElement(svg, "defs")
    pattern = SubElement(defs, "pattern", {"id": ident, "width": "6", "height": "6", "patternUnits": "userSpaceOnUse",
                                           "patternTransform": "rotate(45)"})  # fmt: skip
    SubElement(pattern, "rect", {"width": "6", "height": "6", "class": "rest-ground"})
    SubElement(pattern, "line", {"x1": "0", "y1": "0", "x2": "0", "y2": "6", "class": "rest-line"})
