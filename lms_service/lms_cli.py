"""`flask lti join-lms` and `flask lti remove-platform`: LMS commands that touch people and courses.

They sit in the `lti` group with the other registration commands, but live
here because lti/ knows nothing of learners: joining two LMS records unites
their people and courses, and removing a registration keeps them.
"""
from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import delete, func, select

from lti import platforms, tenants
from lti.cli import lti_cli
from lti.models import Lms

from . import tenancy
from .db import get_session
from .models import ResourceLink


@click.command("join-lms")
@click.option("--into", "into_id", type=int, required=True, help="The LMS that stays (see list-platforms).")
@click.option("--lms", "other_id", type=int, required=True, help="The LMS whose registrations, people and courses move.")
def join_lms(into_id: int, other_id: int) -> None:
    """Declare two LMS records one LMS (two registrations of one hosted Canvas, say)."""
    session = get_session()
    into, other = session.get(Lms, into_id), session.get(Lms, other_id)
    if into is None or other is None or into_id == other_id:
        raise click.ClickException("Give two different LMS ids from `flask lti list-platforms`.")
    moved = tenants.move_registrations(session, into, other)
    merged = tenancy.join_lms(session.connection(), into_id, other_id)
    session.execute(delete(Lms).where(Lms.id == other_id))
    session.commit()
    click.echo(
        f"LMS {other_id} joined into LMS {into_id}: {moved} registration(s) moved; "
        f"{merged.courses} course(s), {merged.people} person(s), {merged.memberships} membership(s) united."
    )
    for note in merged.notes:
        click.echo(f"  {note}")


@click.command("remove-platform")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
def remove_platform(issuer: str, client_id: str) -> None:
    """Remove a registration; its LMS keeps every learner, course and entry."""
    session = get_session()
    platform = platforms.find(session, issuer, client_id)
    if platform is None:
        raise click.ClickException(f"No platform with issuer {issuer} and client id {client_id}.")
    links = session.scalar(
        select(func.count()).select_from(ResourceLink).where(ResourceLink.registration_id == platform.id)
    )
    session.delete(platform)
    session.commit()
    click.echo(
        f"Registration {issuer} ({client_id}) removed. {links} resource link(s) lose grade delivery "
        "until they are launched again through another registration; every learner's data is kept."
    )


def init_app(_app: Flask) -> None:
    lti_cli.add_command(join_lms)
    lti_cli.add_command(remove_platform)
