"""`flask lti ...`: register platforms and deployments by hand, show the tool's URLs, manage keys."""
from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from lms_service.db import get_session

from . import keys, platforms, registration_links, trust
from .models import Lms
from .storage import purge_expired

lti_cli = AppGroup("lti", help="LTI 1.3: platforms, deployments, keys.")


@lti_cli.command("add-platform")
@click.option("--issuer", required=True, help="The platform's issuer (iss).")
@click.option("--client-id", required=True, help="The client id the platform gave the tool.")
@click.option("--auth-login-url", required=True, help="The platform's OIDC authorisation endpoint.")
@click.option("--auth-token-url", required=True, help="The platform's OAuth2 token endpoint.")
@click.option("--key-set-url", required=True, help="The platform's public JWKS URL.")
@click.option("--auth-audience", default=None, help="Audience of the token request, if not the token URL.")
@click.option("--name", default="", help="A name for people.")
@click.option("--deployment-id", "deployment_ids", multiple=True, help="A deployment id (repeatable).")
def add_platform(
    issuer: str,
    client_id: str,
    auth_login_url: str,
    auth_token_url: str,
    key_set_url: str,
    auth_audience: str | None,
    name: str,
    deployment_ids: tuple[str, ...],
) -> None:
    """Register a platform (or update it, found by issuer and client id)."""
    session = get_session()
    endpoints = platforms.Endpoints(auth_login_url, auth_token_url, key_set_url, auth_audience)
    platform, created = platforms.save(session, issuer, client_id, endpoints, name)
    for deployment_id in deployment_ids:
        platforms.ensure_deployment(session, platform, deployment_id)
    session.commit()
    click.echo(f"{'Added' if created else 'Updated'} platform {platform.id}: {issuer} (client id {client_id})")


@lti_cli.command("add-deployment")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--deployment-id", required=True)
def add_deployment(issuer: str, client_id: str, deployment_id: str) -> None:
    """Allow launches from one more deployment of a registered platform."""
    platform = platforms.find(get_session(), issuer, client_id)
    if platform is None:
        raise click.ClickException(f"No platform with issuer {issuer} and client id {client_id}.")
    platforms.ensure_deployment(get_session(), platform, deployment_id)
    get_session().commit()
    click.echo(f"Deployment {deployment_id} allowed for {issuer} ({client_id}).")


@lti_cli.command("list-platforms")
def list_platforms() -> None:
    """List the LMSs, each with its registrations (status, deployments)."""
    for lms in get_session().scalars(select(Lms).order_by(Lms.id)):
        click.echo(f"LMS {lms.id}\t{lms.issuer}\t{lms.name}")
        for platform in sorted(lms.registrations, key=lambda p: p.id):
            deployments = ", ".join(d.deployment_id for d in platform.deployments) or "-"
            click.echo(
                f"  registration {platform.id}\t{platform.issuer}\t{platform.client_id}\t{platform.name}"
                f"\t{platform.status}\tdeployments: {deployments}"
            )
            if not platform.is_active:
                click.echo(
                    f"    key set {platform.key_set_url}, login {platform.auth_login_url}, token {platform.auth_token_url}"
                )


@lti_cli.command("approve-registration")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
def approve_registration(issuer: str, client_id: str) -> None:
    """Let a pending registration launch: check its URLs with `list-platforms` first."""
    platform = platforms.find(get_session(), issuer, client_id)
    if platform is None:
        raise click.ClickException(f"No platform with issuer {issuer} and client id {client_id}.")
    if not trust.approve(platform):
        click.echo(f"Registration {issuer} ({client_id}) was already active.")
        return
    get_session().commit()
    click.echo(f"Registration {issuer} ({client_id}) approved: it may launch now.")


@lti_cli.command("registration-link")
@click.option("--hours", default=24, show_default=True, type=click.IntRange(1, 24 * 30), help="How long it stays valid.")
def registration_link(hours: int) -> None:
    """Print a one-time dynamic registration URL for an LMS that is not on the allow-list."""
    secret = registration_links.create(get_session(), timedelta(hours=hours))
    get_session().commit()
    base = current_app.config["TOOL_BASE_URL"].rstrip("/")
    click.echo(f"{base}/lti/register/{secret}")
    click.echo(f"Valid for {hours} h, for one successful registration; paste it as the tool URL in the LMS.")


@lti_cli.command("show-config")
def show_config() -> None:
    """Print what an LMS administrator pastes to register the tool by hand."""
    base = current_app.config["TOOL_BASE_URL"].rstrip("/")
    signing = keys.signing_key(get_session())
    lines = {
        "Tool URL / target link URI": f"{base}/lti/launch",
        "Initiate login URL": f"{base}/lti/login",
        "Redirection URI(s)": f"{base}/lti/launch",
        "Public keyset URL (JWKS)": f"{base}/lti/jwks",
        "Domain": base.split("://", 1)[-1],
        "Signing key id (kid)": signing.kid if signing else "none: run `flask init-db`",
    }
    for label, value in lines.items():
        click.echo(f"{label:28} {value}")


@lti_cli.command("rotate-key")
def rotate_key() -> None:
    """Add a new signing key; the old one stays published until retired."""
    key = keys.rotate_key(get_session())
    get_session().commit()
    click.echo(f"New signing key {key.kid}; retire the old one with `flask lti retire-key -- KID` later.")


@lti_cli.command("retire-key")
@click.argument("kid")
def retire_key(kid: str) -> None:
    """Stop publishing a key (never the last active one)."""
    if not keys.retire_key(get_session(), kid):
        raise click.ClickException(f"Key {kid} is unknown, already retired, or the only active key.")
    get_session().commit()
    click.echo(f"Key {kid} retired.")


@lti_cli.command("purge")
def purge() -> None:
    """Delete expired login states and launch data (run it daily)."""
    removed = purge_expired(get_session())
    get_session().commit()
    click.echo(f"{removed} expired rows deleted.")

