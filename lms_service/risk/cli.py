"""`flask followup refresh`: the worker's look at the courses due (or at every course), at once."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..content import get_catalogue
from ..db import utcnow
from .course_pass import refresh_due

followup_cli = AppGroup("followup", help="Alertes et chiffres du tableau de bord des référents.")


@followup_cli.command("refresh")
@click.option("--all", "every", is_flag=True, help="Tous les cours, pas seulement ceux qui l'attendent.")
def refresh(every: bool) -> None:
    """Recalculer les alertes et les chiffres des cours qui l'attendent (ou de tous) ; combien de cours."""
    sessions = current_app.extensions["db"]
    looked = refresh_due(sessions, get_catalogue().nursery(), utcnow, limit=100_000, every=every)
    click.echo(f"{looked} cours recalculés")


def init_app(app: Flask) -> None:
    app.cli.add_command(followup_cli)
