"""`flask grades worker | status | retry`: send the results, see where they stand, send the stopped ones again."""
from __future__ import annotations

import signal
import threading
from types import FrameType

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select, update

from ..db import affected, get_session, utcnow
from ..models import GradeOutbox
from ..models.grades import PENDING, STOPPED
from .worker import owner_name, run

grades_cli = AppGroup("grades", help="Envoyer les notes au carnet de notes de la plateforme (AGS).")


@grades_cli.command("worker")
@click.option("--once", is_flag=True, help="S'arrêter quand plus rien n'est à envoyer.")
@click.option("--poll", default=2.0, show_default=True, help="Secondes d'attente quand rien n'est à envoyer.")
def worker(once: bool, poll: float) -> None:
    """Envoyer les notes en attente, en continu (Ctrl+C ou SIGTERM pour arrêter proprement)."""
    stop = threading.Event()

    def stop_on(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, stop_on)
    signal.signal(signal.SIGINT, stop_on)
    owner = owner_name()
    click.echo(f"grades worker {owner}: started")
    done = run(current_app._get_current_object(), owner=owner, stop=stop, poll=poll, once=once)  # type: ignore[attr-defined]
    figures = ", ".join(f"{status} {count}" for status, count in sorted(done.statuses.items())) or "rien"
    click.echo(f"grades worker {owner}: stopped; {done.claimed} envoi(s) : {figures}")


@grades_cli.command("status")
def status() -> None:
    """Combien de notes en attente, envoyées, arrêtées ; la dernière erreur de chaque note arrêtée."""
    db = get_session()
    counts = {name: count for name, count in db.execute(select(GradeOutbox.status, func.count()).group_by(GradeOutbox.status))}
    click.echo(", ".join(f"{name} {counts.get(name, 0)}" for name in (PENDING, "sent", *STOPPED)))
    stopped = db.scalars(select(GradeOutbox).where(GradeOutbox.status.in_(STOPPED)).order_by(GradeOutbox.id)).all()
    for row in stopped:
        click.echo(f"#{row.id} membre {row.membership_id} {row.module_slug} : {row.status} ({row.last_error_kind}) "
                   f"{row.last_error or ''}".rstrip())  # fmt: skip


@grades_cli.command("retry")
@click.argument("ids", nargs=-1, type=int)
def retry(ids: tuple[int, ...]) -> None:
    """Remettre en attente les notes arrêtées (toutes, ou celles dont on donne les numéros)."""
    db = get_session()
    query = update(GradeOutbox).where(GradeOutbox.status.in_(STOPPED))
    if ids:
        query = query.where(GradeOutbox.id.in_(ids))
    result = db.execute(query.values(status=PENDING, tries=0, next_attempt_at=utcnow()))
    db.commit()
    click.echo(f"{affected(result)} note(s) remise(s) en attente")


def init_app(app: Flask) -> None:
    app.cli.add_command(grades_cli)
