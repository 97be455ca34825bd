"""`flask data purge [--dry-run]`: delete the personal data past its retention (run it daily, beside the others)."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from lti.models import Lms

from ..db import get_session, utcnow
from .purge import RECORDS_PER_BATCH, Counts, purge
from .retention import cutoffs

data_cli = AppGroup("data", help="Données personnelles : durées de conservation (RGPD).")


@data_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Compter ce qui serait supprimé, sans rien supprimer.")
@click.option("--batch", default=RECORDS_PER_BATCH, show_default=True, type=click.IntRange(1, 10_000),
              help="Inscriptions supprimées par transaction.")  # fmt: skip
def purge_command(dry_run: bool, batch: int) -> None:
    """Supprimer les inscriptions sans signe de vie depuis DATA_RETENTION_MONTHS mois, les personnes qui n'en ont
    plus aucune, et les événements du journal d'accès plus vieux que AUDIT_RETENTION_MONTHS mois."""
    config = current_app.config
    limits = cutoffs(utcnow(), config)
    click.echo(f"Conservation : {config['DATA_RETENTION_MONTHS']} mois après le dernier signe de vie "
               f"(avant le {limits.data:%d/%m/%Y}) ; journal d'accès : {config['AUDIT_RETENTION_MONTHS']} mois "
               f"(avant le {limits.audit:%d/%m/%Y}).")  # fmt: skip
    done = purge(current_app.extensions["db"], limits, dry_run=dry_run, batch=batch)
    names = {row.id: row.name for row in get_session().execute(select(Lms.id, Lms.name))}
    verb = "à supprimer" if dry_run else "supprimés"
    for lms_id, counts in done.items():
        click.echo(f"Plateforme {lms_id} ({names.get(lms_id) or '?'}) : {_line(counts)} {verb}")
    total = Counts(sum(c.records for c in done.values()), sum(c.people for c in done.values()),
                   sum(c.events for c in done.values()))  # fmt: skip
    click.echo(f"Total : {_line(total)} {verb}" + (" (essai : rien n'a été supprimé)" if dry_run else ""))


def _line(counts: Counts) -> str:
    return (f"{counts.records} inscription(s) à un cours, {counts.people} personne(s), "
            f"{counts.events} événement(s) du journal")  # fmt: skip


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(data_cli)
