"""`flask init-db`, `flask dev ...` and `flask sessions ...`: the commands that set the service up and keep it.

Each command is its own unit of work and commits once at its end.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from lti import keys
from lti.models import Lms

from . import sqlite_files
from .db import get_engine, get_session, utcnow
from .models import User
from .sessions import store as sessions_store

MIGRATIONS = Path(__file__).parent / "migrations"


def migrate(target: str = "head") -> None:
    """Bring the schema to the newest migration (or to `target`).

    On SQLite, changing a table means copying it and dropping the old one; with
    foreign keys enforced, that drop would cascade into the rows that point at
    it. They are off while migrating, and checked once it is done.
    """
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with get_engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, target)
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if broken:
                raise RuntimeError(f"migration left rows pointing nowhere: {broken[:5]}")


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the schema and make sure the tool has a signing key.

    An SQLite file older than the owner-only rule is restricted first, before
    anything more is written into it.
    """
    path = sqlite_files.sqlite_path(current_app.config["DATABASE_URL"])
    if path is not None:
        sqlite_files.restrict(path, Path(current_app.instance_path))
    migrate()
    key = keys.ensure_tool_key(get_session())
    get_session().commit()
    click.echo(f"Database ready; tool signing key {key.kid}.")


dev_cli = AppGroup("dev", help="The embedded demo: the dev LMS platform.")


@dev_cli.command("register-platform")
@click.option("--url", default="http://localhost:5001", show_default=True, help="The dev platform's URL (its issuer).")
@click.option("--client-id", default="dev-tool", show_default=True)
@click.option("--deployment-id", default="1", show_default=True)
@click.pass_context
def register_dev_platform(ctx: click.Context, url: str, client_id: str, deployment_id: str) -> None:
    """Register the dev platform of `make run` (idempotent)."""
    if not current_app.config["DEV_PLATFORM_ENABLED"]:
        raise click.ClickException("The dev platform is disabled in this configuration.")
    from lti.cli import add_platform

    ctx.invoke(
        add_platform,
        issuer=url,
        client_id=client_id,
        auth_login_url=f"{url}/auth",
        auth_token_url=f"{url}/token",
        key_set_url=f"{url}/jwks",
        auth_audience=None,
        name="Plateforme de démonstration",
        deployment_ids=(deployment_id,),
    )


sessions_cli = AppGroup("sessions", help="Launch sessions: end them, purge the old ones.")


@sessions_cli.command("revoke")
@click.option("--sub", required=True, help="The person's id in the LMS (the launch's `sub`).")
@click.option("--issuer", default=None, help="Only the person of this LMS issuer.")
def revoke_sessions(sub: str, issuer: str | None) -> None:
    """End every open launch session of a person (a lost phone, a shared computer)."""
    session = get_session()
    query = select(User.id).join(Lms, Lms.id == User.lms_id).where(User.sub == sub)
    if issuer:
        query = query.where(Lms.issuer == issuer)
    user_ids = list(session.scalars(query))
    if not user_ids:
        raise click.ClickException(f"Nobody with sub {sub!r}.")
    ended = sum(sessions_store.revoke_for_user(session, user_id, utcnow()) for user_id in user_ids)
    session.commit()
    click.echo(f"{ended} launch session(s) ended.")


@sessions_cli.command("purge")
@click.option("--days", default=30, show_default=True, type=click.IntRange(1), help="Keep ended sessions this long.")
def purge_sessions(days: int) -> None:
    """Delete launch sessions ended more than DAYS ago (run it daily, with `flask lti purge`)."""
    removed = sessions_store.purge(get_session(), utcnow(), timedelta(days=days))
    get_session().commit()
    click.echo(f"{removed} old launch sessions deleted.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(dev_cli)
    app.cli.add_command(sessions_cli)
