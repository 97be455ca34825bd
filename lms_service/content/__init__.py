"""Course content: Markdown modules read, checked and rendered once, then served from memory."""

from pathlib import Path

from flask import Flask, current_app, request

from .assets import blueprint
from .catalogue import Catalogue, Phase, get_catalogue
from .cli import modules_cli
from .loader import load_catalogue
from .model import KINDS, Module, Page, Passage, Section, Source
from .novelty import unseen_page_ids
from .problems import Problem
from .questions import QUESTION_TYPES, Question
from .reloading import LastGood, Reloader
from .rendering import render

__all__ = [
    "KINDS", "QUESTION_TYPES", "Catalogue", "LastGood", "Module", "Page", "Passage", "Phase", "Problem", "Question",
    "Reloader",
    "Section", "Source", "follows_edits", "get_catalogue", "init_app", "load_catalogue", "render",
    "unseen_page_ids",
]  # fmt: skip


def init_app(app: Flask, store: LastGood | None = None) -> None:
    """Load the catalogue at start; a module with problems is left out, the others load.

    When `follows_edits`, each request first picks up edited files (see `reloading`); with a
    `store`, the first request also keeps the good versions and recalls the broken ones' last.
    """
    cache_dir = Path(app.instance_path) / "content-cache"
    reloader = Reloader(Path(app.config["MODULES_DIR"]), cache_dir, app.logger, store=store)
    app.extensions["content_reloader"] = reloader
    app.extensions["content"] = reloader.catalogue
    app.before_request(_follow_edits)
    app.register_blueprint(blueprint)
    app.cli.add_command(modules_cli)


def follows_edits(app: Flask) -> bool:
    """Whether edited files show without a restart: CONTENT_AUTO_RELOAD, by default in debug mode."""
    return bool(app.config.get("CONTENT_AUTO_RELOAD", app.debug))


def _follow_edits() -> None:
    """Costs a clock read per request; files are looked at once a second at most."""
    reloader = current_app.extensions["content_reloader"]
    following = follows_edits(current_app)
    if request.endpoint != "static" and (following or not reloader.synced):
        current_app.extensions["content"] = reloader.current(follow_edits=following)
