"""`flask modules check` and `flask modules new`: the trainer's tools, usable in CI too."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .catalogue import Catalogue
from .editorial import editorial_problems, image_count, prose_words
from .fields import ID
from .links import link_problems
from .loader import load_catalogue
from .model import KINDS
from .personas import persona_problems
from .placeholders import placeholder_problems
from .problems import Problem
from .skeletons import skeleton

modules_cli = AppGroup("modules", help="Vérifier et créer les modules de cours (dossier modules/).")


def _modules_dir() -> Path:
    return Path(current_app.config["MODULES_DIR"])


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number > 1 else ''}"


def summary(catalogue: Catalogue, problems: list[Problem]) -> str:
    """One line for people and CI logs: what loaded, and how many problems are left to fix."""
    modules = catalogue.modules.values()
    pages = sum(len(module.pages) for module in modules)
    questions = sum(len(module.questions) for module in modules)
    counts = [_count(len(modules), "module"), _count(pages, "page"), _count(questions, "question")]
    return ", ".join(counts) + f" ; {_count(len(problems), 'problème')}"


@modules_cli.command("check")
@click.option("--strict", is_flag=True, help="Vérifier aussi ce que le programme demande à chaque type de module.")
def check(strict: bool) -> None:
    """Lire tous les modules et signaler chaque problème (fichier:ligne: message)."""
    catalogue, problems = load_catalogue(_modules_dir())
    modules = catalogue.modules
    problems = sorted([
        *problems,
        *(p for m in modules.values() for p in link_problems(m, modules)),
        *(p for m in modules.values() for p in placeholder_problems(m)),
    ])  # fmt: skip
    if strict:
        editorial = [p for m in modules.values() for p in editorial_problems(m)]
        problems = sorted([*problems, *editorial, *persona_problems(modules)])
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(summary(catalogue, problems))
    if problems:
        sys.exit(1)


@modules_cli.command("stats")
def stats() -> None:
    """Pour chaque module : pages, mots, questions (notées / toutes), images et sources."""
    catalogue, problems = load_catalogue(_modules_dir())
    click.echo("module\ttype\tpages\tmots\tnotées\tquestions\timages\tsources")
    for module in catalogue.modules.values():
        text = (module.directory / "module.md").read_text("utf-8")
        graded = sum(1 for question in module.questions.values() if question.points_possible)
        figures = (len(module.pages), prose_words(text), graded, len(module.questions), image_count(text))
        click.echo("\t".join(map(str, (module.slug, module.kind, *figures, len(module.sources)))))
    if problems:
        click.echo(f"{_count(len(problems), 'problème')} : flask modules check les détaille", err=True)
        sys.exit(1)


@modules_cli.command("new")
@click.argument("slug")
@click.option("--kind", type=click.Choice(KINDS), default="initiation", show_default=True, help="Type de module.")
def new(slug: str, kind: str) -> None:
    """Créer modules/SLUG/module.md, un squelette à compléter qui passe déjà la vérification."""
    if not ID.match(slug):
        hint = "minuscules, chiffres et tirets seulement (ex. : developpement-web)"
        raise click.BadParameter(hint, param_hint="SLUG")
    directory = _modules_dir() / slug
    if directory.exists():
        raise click.UsageError(f"le module « {slug} » existe déjà : {directory}")
    directory.mkdir(parents=True)
    path = directory / "module.md"
    path.write_text(skeleton(slug, kind), encoding="utf-8")
    click.echo(f"Créé : {path}")
    click.echo(f"Remplacez chaque texte « (à remplacer) » (la vérification les signale), puis ajoutez « {slug} » à modules/parcours.yml.")
