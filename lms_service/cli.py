"""`flask init-db` and `flask dev ...`: the commands that set the service up.

Each command is its own unit of work and commits once at its end.
"""
from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from lti import keys

from . import sqlite_files
from .db import get_engine, get_session

MIGRATIONS = Path(__file__).parent / "migrations"


def migrate() -> None:
    """Bring the schema to the newest migration."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with get_engine().begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


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


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(dev_cli)
