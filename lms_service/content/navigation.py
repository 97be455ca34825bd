"""Where a page sits in its module: what the page template shared by learners and trainers needs."""

from .model import Module


def page_context(module: Module, index: int) -> dict[str, object]:
    """Page `index` of the module, its number, and its neighbours for previous / next."""
    pages = module.pages
    return {
        "module": module,
        "page": pages[index],
        "number": index + 1,
        "previous": pages[index - 1] if index > 0 else None,
        "next": pages[index + 1] if index + 1 < len(pages) else None,
    }
