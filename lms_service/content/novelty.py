"""Which pages of a module a learner has not seen: after an edit, the new ones.

Progress is kept by page id, never by position or version, so editing a module loses
nothing: pages still there keep their views, new pages are simply not seen yet.
"""

from collections.abc import Collection

from .model import Module


def unseen_page_ids(module: Module, seen: Collection[str]) -> tuple[str, ...]:
    """Ids of the module's pages absent from `seen`, in reading order.

    For a learner who completed an earlier version, these are the pages added since:
    the ones to mark « Nouveau ». Ids in `seen` that no longer exist are ignored.
    """
    return tuple(page.id for page in module.pages if page.id not in seen)
