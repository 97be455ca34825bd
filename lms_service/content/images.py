"""Check the image links of a module: present, described, inside its images/ folder, and an SVG only a drawing."""

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import Report
from .rendering import module_image_path
from .svg import svg_problems

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^\s)>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_CODE_SPAN = re.compile(r"(`+).*?\1")


def check_images(texts: Iterable[tuple[int, str]], directory: Path, report: Report) -> None:
    """Report, for each (line, Markdown) given, images without alt text or with a broken link."""
    for line, text in texts:
        for match in _IMAGE.finditer(_CODE_SPAN.sub("", text)):
            if not match["alt"].strip():
                report.add(line, "image sans texte alternatif : décrivez-la entre les crochets, ![description](…)")
            problem = _link_problem(match["src"], directory)
            if problem:
                report.add(line, problem)


def _link_problem(src: str, directory: Path) -> str | None:
    if urlsplit(src).scheme or src.startswith("//"):
        return f"image externe « {src} » : copiez-la dans le dossier images/ du module"
    path = module_image_path(unquote(src))
    if path is None:
        return f"l'image « {src} » doit être dans le dossier images/ du module"
    folder = (directory / "images").resolve()
    target = (directory / path).resolve()
    if not target.is_relative_to(folder):
        return f"l'image « {src} » doit être dans le dossier images/ du module"
    if not target.is_file():
        return f"image introuvable : « {src} »"
    if target.suffix.lower() == ".svg":
        return "; ".join(svg_problems(target.read_bytes())) or None
    return None
