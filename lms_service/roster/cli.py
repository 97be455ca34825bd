"""`flask roster sync`: read the rosters due now (or one course's, at once), as the worker does."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import update

from ..db import affected, get_session, utcnow
from ..models import Context
from .reading import read_due_rosters

roster_cli = AppGroup("roster", help="Lire la liste des membres des cours dans la plateforme (NRPS).")


@roster_cli.command("sync")
@click.option("--course", "course_id", type=int, help="Numéro du cours (context.id) à lire tout de suite.")
def sync(course_id: int | None) -> None:
    """Lire les listes dues (ou celle d'un cours, tout de suite) et les enregistrer ; une ligne par cours lu."""
    if course_id is not None:
        db = get_session()
        asked = db.execute(update(Context).where(Context.id == course_id, Context.roster_lease_owner.is_(None))
                           .values(roster_requested_at=utcnow(), roster_lease_until=None))  # fmt: skip
        db.commit()
        if affected(asked) == 0:
            raise click.UsageError(f"cours {course_id} inconnu, ou en cours de lecture par un worker")
    reads = read_due_rosters(current_app.extensions["db"], "flask-roster-sync", limit=1000, only=course_id)
    for read in reads:
        if read.applied is None:
            click.echo(f"cours {read.context_id} : non lu ({read.problem})")
            continue
        a = read.applied
        state = "complet" if read.problem is None else f"incomplet ({read.problem})"
        click.echo(f"cours {read.context_id} : {a.seen} membres, {a.new_members} nouveaux, {a.left} partis, "
                   f"{a.back} revenus ; {state}")  # fmt: skip
    if not reads:
        click.echo("aucune liste à lire")


def init_app(app: Flask) -> None:
    app.cli.add_command(roster_cli)
