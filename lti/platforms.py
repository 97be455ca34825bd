"""Registrations of the tool in LMSs: found by (issuer, client id), saved in one place.

The CLI, dynamic registration and the launch all go through here, so a
registration is looked up and updated the same way whoever makes it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from . import tenants
from .models import ACTIVE, Deployment, Platform


@dataclass(frozen=True)
class Endpoints:
    """Where the tool reaches a platform."""

    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    auth_audience: str | None = None


# Built once, as a login and a launch run them: building a statement costs more than running it.
_BY_CLIENT_ID = select(Platform).where(Platform.issuer == bindparam("issuer"), Platform.client_id == bindparam("client"))
_BY_CLIENT_ID_WITH_DEPLOYMENTS = _BY_CLIENT_ID.options(joinedload(Platform.deployments))


def find(
    session: Session, issuer: str, client_id: str | None, with_deployments: bool = False
) -> Platform | None:
    """The registration for (issuer, client id); without a client id, the issuer's only one.

    A launch, which checks its deployment next, has the deployments come in the same statement.
    """
    if client_id:
        query = _BY_CLIENT_ID_WITH_DEPLOYMENTS if with_deployments else _BY_CLIENT_ID
        return session.scalars(query, {"issuer": issuer, "client": client_id}).unique().first()
    only = select(Platform).where(Platform.issuer == issuer).limit(2)
    if with_deployments:
        only = only.options(joinedload(Platform.deployments))
    candidates = list(session.scalars(only).unique())
    return candidates[0] if len(candidates) == 1 else None


def issuer_is_known(session: Session, issuer: str) -> bool:
    """Whether any registration has this issuer, whatever its client id."""
    return session.scalars(select(Platform.id).where(Platform.issuer == issuer).limit(1)).first() is not None


def save(
    session: Session, issuer: str, client_id: str, endpoints: Endpoints, name: str, status: str = ACTIVE
) -> tuple[Platform, bool]:
    """Create or update a registration; True when it is new. A new key set URL drops the cached keys.

    Only an administrator's command updates an existing registration's endpoints;
    dynamic registration goes through lti.trust, which never does.
    """
    platform = find(session, issuer, client_id)
    created = platform is None
    if platform is None:
        lms = tenants.lms_for_new_registration(session, issuer, name)
        platform = Platform(issuer=issuer, client_id=client_id, status=status, lms=lms)
        session.add(platform)
    if platform.key_set_url != endpoints.key_set_url:
        platform.key_set, platform.key_set_fetched_at = None, None
    platform.name = (name or platform.name or issuer)[:200]
    platform.auth_login_url = endpoints.auth_login_url
    platform.auth_token_url = endpoints.auth_token_url
    platform.key_set_url = endpoints.key_set_url
    platform.auth_audience = endpoints.auth_audience
    session.flush()
    return platform, created


def has_deployment(platform: Platform, deployment_id: str) -> bool:
    return any(d.deployment_id == deployment_id for d in platform.deployments)


def ensure_deployment(session: Session, platform: Platform, deployment_id: str) -> None:
    """Allow launches from this deployment id (once)."""
    if not has_deployment(platform, deployment_id):
        platform.deployments.append(Deployment(deployment_id=deployment_id))
        session.flush()
