"""Markdown to safe HTML: the one place where Markdown is parsed and HTML is sanitised."""

import posixpath
import threading
from functools import partial
from urllib.parse import urlsplit

import markdown
import nh3

EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

TAGS = {
    "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code",
    "ul", "ol", "li", "strong", "em", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", "module"}  # module: a link to another module (links.py)

_local = threading.local()


def _parser() -> markdown.Markdown:
    """One parser per thread: building one costs more than converting a page, and it is not thread-safe."""
    if not hasattr(_local, "parser"):
        _local.parser = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    return _local.parser.reset()


def render(text: str, *, image_base: str = "") -> str:
    """Render trainer Markdown; with `image_base`, `images/x.png` becomes `<image_base>images/x.png`.

    Trainers are trusted, but sanitising here means a pasted snippet can never run in a
    learner's browser inside the LMS.
    """
    html = _parser().convert(text)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=partial(_filter_attribute, image_base),
    )


def module_image_path(src: str) -> str | None:
    """`images/a.png` or `./images/a.png` -> `images/a.png`; None for anything not in images/."""
    if urlsplit(src).scheme or src.startswith(("/", "\\")) or not src:
        return None
    path = posixpath.normpath(src.split("#")[0].split("?")[0])
    return path if path.startswith("images/") else None


def _filter_attribute(image_base: str, tag: str, attribute: str, value: str) -> str | None:
    if image_base and tag == "img" and attribute == "src":
        path = module_image_path(value)
        return image_base + path if path else value
    return value


def unwrap_paragraph(html: str) -> str:
    """Drop the <p> around a one-paragraph fragment, for texts shown inline such as choices."""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
