"""Course content: Markdown modules read, checked and rendered once, then served from memory."""

from pathlib import Path

from flask import Flask

from .assets import blueprint
from .catalogue import Catalogue, Phase, get_catalogue
from .cli import modules_cli
from .loader import load_catalogue
from .model import KINDS, Module, Page, Section, Source
from .problems import Problem
from .questions import QUESTION_TYPES, Question
from .rendering import render

__all__ = [
    "KINDS", "QUESTION_TYPES", "Catalogue", "Module", "Page", "Phase", "Problem", "Question",
    "Section", "Source", "get_catalogue", "init_app", "load_catalogue", "render",
]  # fmt: skip


def init_app(app: Flask) -> None:
    """Load the catalogue once at start; a module with problems is left out, the others load."""
    cache_dir = Path(app.instance_path) / "content-cache"
    catalogue, problems = load_catalogue(Path(app.config["MODULES_DIR"]), cache_dir=cache_dir)
    for problem in problems:
        app.logger.warning("module : %s", problem)
    app.extensions["content"] = catalogue
    app.register_blueprint(blueprint)
    app.cli.add_command(modules_cli)
