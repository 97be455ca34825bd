"""What a trainer's choice becomes in the course: one resource link per module, or the whole path."""
from __future__ import annotations

from lti.deep_linking import ContentItem

from ..content import Catalogue

WHOLE_PATH = "parcours"
WHOLE_PATH_TITLE = "Parcours de la nurserie"
GRADED_KINDS = ("initiation", "entry-test")


class BadChoice(ValueError):
    """The form names something that is not on offer."""


def content_items(choice: list[str], catalogue: Catalogue, launch_url: str) -> list[ContentItem]:
    """Links for the chosen entries; graded modules ask the LMS for a gradebook column (0-100)."""
    items = []
    for entry in choice:
        if entry == WHOLE_PATH:
            items.append(ContentItem(title=WHOLE_PATH_TITLE, url=launch_url))
            continue
        module = catalogue.get(entry)
        if module is None:
            raise BadChoice(entry)
        graded = module.kind in GRADED_KINDS and module.pass_score is not None
        items.append(
            ContentItem(
                title=module.title,
                url=launch_url,
                custom={"module": module.slug},
                score_maximum=100.0 if graded else None,
                resource_id=module.slug if graded else None,
                tag="module" if graded else None,
            )
        )
    return items
