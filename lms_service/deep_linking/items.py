"""What a trainer's choice becomes in the course: one resource link per module, or the whole path."""
from __future__ import annotations

from lti.deep_linking import ContentItem

from ..content import Catalogue

WHOLE_PATH = "parcours"
WHOLE_PATH_TITLE = "Parcours de la nurserie"


class BadChoice(ValueError):
    """The form names something that is not on offer."""


def content_items(choice: list[str], catalogue: Catalogue, launch_url: str) -> list[ContentItem]:
    """Links for the chosen entries, each scored module (initiation, soft skills, entry test: any with a pass
    score and points) with its gradebook column (0-100), and the whole path with its own column: the share
    of the path's scored modules passed. The whole path always asks for it, as a deep-linking request does
    not say whether the LMS will let the tool create the modules' columns later (Moodle's « grade sync
    only » does not: then it is the only column the tool can fill)."""
    items = []
    for entry in choice:
        if entry == WHOLE_PATH:
            items.append(ContentItem(title=WHOLE_PATH_TITLE, url=launch_url, score_maximum=100.0,
                                     resource_id=WHOLE_PATH, tag=WHOLE_PATH))  # fmt: skip
            continue
        module = catalogue.get(entry)
        if module is None:
            raise BadChoice(entry)
        graded = module.scored
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
