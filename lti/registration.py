"""LTI Dynamic Registration 1.0: one pasted URL, and the platform and its deployment are known.

The platform opens /lti/register with `openid_configuration` and
`registration_token`; the tool reads the configuration, posts its own
registration (what Moodle's registration_helper requires), and stores the
client id and deployment id the platform returns, within what lti.trust allows.
Who may register at all is decided first (`Gate`): anyone in the embedded
default, allow-listed LMS hosts or a one-time link in production.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from . import platforms, registration_links, trust
from .message import MAX_IDENTIFIER_LENGTH, storable
from .models import Platform
from .platforms import Endpoints
from .transport import GuardedSession, check_url, get_json, post_json, same_origin

PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration"
SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)
TOOL_NAME = "1 formation = 1 job — parcours de la nurserie"
TOOL_DESCRIPTION = (
    "Modules d'initiation aux métiers du numérique, modules de savoir-être et test de "
    "positionnement, avec le suivi des apprenants par leur référent."
)
ENDPOINT_FIELDS = ("issuer", "registration_endpoint", "authorization_endpoint", "token_endpoint", "jwks_uri")
MAX_URL_LENGTH = 1000  # the registration's URL columns


class RegistrationRefused(Exception):
    """Why the registration could not go through, in words for the administrator."""


class RegistrationClosed(Exception):
    """Registration is not open to this LMS: it needs an allow-listed host or a one-time link."""


@dataclass(frozen=True)
class Gate:
    """Who may register: anyone (`open`, the embedded default), or allow-listed hosts; a link always may."""

    open: bool
    allowed_hosts: tuple[str, ...]


@dataclass(frozen=True)
class RegistrationRequest:
    """What the LMS's administrator's browser brought to /lti/register."""

    config_url: str
    token: str | None
    link_secret: str | None = None


@dataclass(frozen=True)
class Registered:
    platform: Platform
    deployment_id: str | None

    @property
    def pending(self) -> bool:
        return not self.platform.is_active


def tool_registration_request(base_url: str) -> dict[str, Any]:
    """The client registration the tool posts, with every field Moodle requires."""
    base = base_url.rstrip("/")
    launch = f"{base}/lti/launch"
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": f"{base}/lti/login",
        "redirect_uris": [launch],
        "client_name": TOOL_NAME,
        "client_name#en": "1 training = 1 job — nursery path",
        "jwks_uri": f"{base}/lti/jwks",
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(SCOPES),
        TOOL_CONFIG: {
            "domain": urlsplit(base).netloc,
            "description": TOOL_DESCRIPTION,
            "target_link_uri": launch,
            "claims": ["iss", "sub", "name", "given_name", "family_name", "email", "locale"],
            "messages": [
                {"type": "LtiResourceLinkRequest", "target_link_uri": launch, "label": TOOL_NAME},
                {"type": "LtiDeepLinkingRequest", "target_link_uri": launch, "label": "Choisir des modules"},
            ],
        },
    }


def register(
    session: Session, request: RegistrationRequest, base_url: str, http: GuardedSession, gate: Gate
) -> Registered:
    """Run the whole registration; the exceptions say what went wrong, for the administrator."""
    host = check_url(request.config_url, http.policy)
    _check_gate(session, request, host, gate)
    config = _platform_configuration(request.config_url, http)
    headers = {"Authorization": f"Bearer {request.token}"} if request.token else {}
    answer = post_json(http, config["registration_endpoint"], tool_registration_request(base_url), headers)
    if not isinstance(answer, dict) or not isinstance(answer.get("client_id"), str) or not answer["client_id"]:
        raise RegistrationRefused("la plateforme n'a pas renvoyé d'identifiant client (client_id)")
    client_id = _identifier("client_id", answer["client_id"])
    deployment_id = _deployment_id(answer)
    platform = _store(session, config, client_id, deployment_id)
    if request.link_secret and not registration_links.use(session, request.link_secret, platform):
        raise RegistrationClosed("ce lien d'enregistrement vient de servir à un autre enregistrement")
    return Registered(platform=platform, deployment_id=deployment_id)


def _check_gate(session: Session, request: RegistrationRequest, host: str, gate: Gate) -> None:
    """Refuse before any call to the LMS when registration is not open to it."""
    if request.link_secret is not None:
        if not registration_links.is_usable(session, request.link_secret):
            raise RegistrationClosed("ce lien d'enregistrement a expiré ou a déjà servi")
    elif gate.allowed_hosts:
        if host not in gate.allowed_hosts:
            raise RegistrationClosed(f"la plateforme {host} n'est pas dans la liste des plateformes acceptées")
    elif not gate.open:
        raise RegistrationClosed("l'enregistrement se fait avec un lien donné par l'administrateur de l'outil")


def _platform_configuration(config_url: str, http: GuardedSession) -> dict[str, Any]:
    """Fetch and check the platform's OpenID configuration; tolerate harmless oddities."""
    config = get_json(http, config_url)
    if not isinstance(config, dict):
        raise RegistrationRefused("la configuration de la plateforme n'est pas un objet JSON")
    # Moodle once published this key with a trailing space: match keys on their stripped form.
    stripped = {str(k).strip(): v for k, v in config.items()}
    for name in ENDPOINT_FIELDS:
        if not isinstance(stripped.get(name), str) or not stripped[name].strip():
            raise RegistrationRefused(f"la configuration de la plateforme n'a pas de « {name} »")
        stripped[name] = stripped[name].strip()
        limit = MAX_IDENTIFIER_LENGTH if name == "issuer" else MAX_URL_LENGTH
        if len(stripped[name]) > limit or not storable(stripped[name]):
            raise RegistrationRefused(f"« {name} » dépasse {limit} caractères ou contient un caractère interdit")
        check_url(stripped[name], http.policy)
    # The configuration vouches for the issuer only on the issuer's own origin (hosted Canvas
    # serves it from https://canvas.instructure.com, its issuer, so it stays registrable).
    for name in ("issuer", "registration_endpoint"):
        if not same_origin(stripped[name], config_url):
            raise RegistrationRefused(
                f"« {name} » n'est pas sur la même origine (protocole, serveur et port) que l'adresse de configuration"
            )
    platform_config = stripped.get(PLATFORM_CONFIG)
    stripped["platform"] = platform_config if isinstance(platform_config, dict) else {}
    return stripped


def _deployment_id(answer: dict[str, Any]) -> str | None:
    """The deployment the platform made for the tool, if it says (Moodle does)."""
    tool_config = answer.get(TOOL_CONFIG)
    found = tool_config.get("deployment_id") if isinstance(tool_config, dict) else None
    return _identifier("deployment_id", str(found)) if found else None


def _identifier(name: str, value: str) -> str:
    """An identifier the platform chose: kept whole, so refused when no column could keep it whole."""
    if not storable(value) or len(value) > MAX_IDENTIFIER_LENGTH:
        raise RegistrationRefused(f"« {name} » est trop long ou contient un caractère interdit")
    return value


def _store(session: Session, config: dict[str, Any], client_id: str, deployment_id: str | None) -> Platform:
    issuer = config["issuer"]
    audience = config.get("authorization_server")
    endpoints = Endpoints(
        auth_login_url=config["authorization_endpoint"],
        auth_token_url=config["token_endpoint"],
        key_set_url=config["jwks_uri"],
        auth_audience=audience if isinstance(audience, str) and audience else None,
    )
    product = str(config["platform"].get("product_family_code") or "")
    name = product if product and storable(product) else urlsplit(issuer).hostname or issuer
    platform = trust.admit(session, issuer, client_id, endpoints, name).platform
    if deployment_id:
        platforms.ensure_deployment(session, platform, deployment_id)
    return platform
