"""LTI Dynamic Registration 1.0: one pasted URL, and the platform and its deployment are known.

The platform opens /lti/register with `openid_configuration` and
`registration_token`; the tool reads the configuration, posts its own
registration (what Moodle's registration_helper requires), and stores the
client id and deployment id the platform returns.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from . import platforms
from .models import Platform
from .platforms import Endpoints
from .safe_http import FetchPolicy, check_url, get_json, post_json, same_host

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


class RegistrationRefused(Exception):
    """Why the registration could not go through, in words for the administrator."""


@dataclass(frozen=True)
class Registered:
    platform: Platform
    deployment_id: str | None
    product: str


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


def register(session: Session, config_url: str, token: str | None, base_url: str, policy: FetchPolicy) -> Registered:
    """Run the whole registration; RegistrationRefused says what went wrong."""
    check_url(config_url, policy)
    config = _platform_configuration(config_url, policy)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = post_json(config["registration_endpoint"], policy, tool_registration_request(base_url), headers)
    if not isinstance(answer, dict) or not isinstance(answer.get("client_id"), str) or not answer["client_id"]:
        raise RegistrationRefused("la plateforme n'a pas renvoyé d'identifiant client (client_id)")
    tool_config = answer.get(TOOL_CONFIG) if isinstance(answer.get(TOOL_CONFIG), dict) else {}
    deployment_id = tool_config.get("deployment_id")
    platform = _store(session, config, answer["client_id"], str(deployment_id) if deployment_id else None)
    product = str(config["platform"].get("product_family_code") or "")
    return Registered(platform=platform, deployment_id=str(deployment_id) if deployment_id else None, product=product)


def _platform_configuration(config_url: str, policy: FetchPolicy) -> dict[str, Any]:
    """Fetch and check the platform's OpenID configuration; tolerate harmless oddities."""
    config = get_json(config_url, policy)
    if not isinstance(config, dict):
        raise RegistrationRefused("la configuration de la plateforme n'est pas un objet JSON")
    # Moodle once published this key with a trailing space: match keys on their stripped form.
    stripped = {str(k).strip(): v for k, v in config.items()}
    for name in ("issuer", "registration_endpoint", "authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(stripped.get(name), str) or not stripped[name].strip():
            raise RegistrationRefused(f"la configuration de la plateforme n'a pas de « {name} »")
        stripped[name] = stripped[name].strip()
    for name in ("issuer", "registration_endpoint"):
        if not same_host(stripped[name], config_url):
            raise RegistrationRefused(f"« {name} » n'est pas sur le même serveur que l'adresse de configuration")
        check_url(stripped[name], policy)
    platform_config = stripped.get(PLATFORM_CONFIG)
    stripped["platform"] = platform_config if isinstance(platform_config, dict) else {}
    return stripped


def _store(session: Session, config: dict[str, Any], client_id: str, deployment_id: str | None) -> Platform:
    issuer = config["issuer"]
    audience = config.get("authorization_server")
    endpoints = Endpoints(
        auth_login_url=config["authorization_endpoint"],
        auth_token_url=config["token_endpoint"],
        key_set_url=config["jwks_uri"],
        auth_audience=audience if isinstance(audience, str) and audience else None,
    )
    name = str(config["platform"].get("product_family_code") or urlsplit(issuer).hostname or issuer)
    platform, _created = platforms.save(session, issuer, client_id, endpoints, name)
    if deployment_id:
        platforms.ensure_deployment(session, platform, deployment_id)
    return platform
