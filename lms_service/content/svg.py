"""An SVG drawing is a program as much as a picture: only a plain drawing is accepted in a module.

An SVG can carry scripts, event handlers (`onload=`), embedded HTML
(`foreignObject`) and references to other sites (`href`, `url(...)`,
`@import`), which would run or leak inside the LMS's frame. Module images are
also served with a sandboxing Content-Security-Policy (content.assets); this
check tells the trainer, at `file:line`, before anything is published.
"""

import re
import xml.etree.ElementTree as ElementTree

_FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video"}
_LINK_ATTRIBUTES = {"href", "src"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)|@import", re.IGNORECASE)


def svg_problems(data: bytes) -> list[str]:
    """What makes this SVG more than a drawing; empty when it is a plain, self-contained drawing."""
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return ["SVG refusé : il déclare un DOCTYPE ou des entités ; enregistrez-le en SVG simple"]
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return [f"SVG illisible : {error}"]
    found: list[str] = []
    for element in root.iter():
        tag = _local(element.tag)
        if tag in _FORBIDDEN_TAGS:
            found.append(f"SVG refusé : il contient un élément <{tag}>")
        for name, value in element.attrib.items():
            found += _attribute_problems(_local(name), value)
        if tag == "style" and element.text and _EXTERNAL_URL.search(element.text):
            found.append("SVG refusé : sa feuille de style va chercher une ressource extérieure")
    return sorted(set(found))


def _attribute_problems(name: str, value: str) -> list[str]:
    if name.lower().startswith("on"):
        return [f"SVG refusé : l'attribut « {name} » lance un programme"]
    if name in _LINK_ATTRIBUTES and not value.strip().startswith("#"):
        return [f"SVG refusé : il renvoie vers « {value[:60]} » ; un dessin doit tout contenir"]
    if name == "style" and _EXTERNAL_URL.search(value):
        return ["SVG refusé : un style va chercher une ressource extérieure"]
    return []


def _local(name: str) -> str:
    """`{http://www.w3.org/2000/svg}rect` -> `rect`."""
    return name.rsplit("}", 1)[-1]
