"""The platform's OpenID configuration: what a tool reads first during dynamic registration.

Shaped as Moodle's mod/lti/openid-configuration.php shapes it. Real platforms have
published quirky versions of it; `moodle_trailing_space` replays one, for tests to hand
to `Platform.tweak_openid_configuration`.
"""

from __future__ import annotations

from typing import Any

from .custom_variables import VARIABLES
from .urls import AGS_SCOPES, NRPS_SCOPE, ServiceUrls

PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
SERVICE_SCOPES = frozenset((*AGS_SCOPES, NRPS_SCOPE))
MESSAGE_TYPES = ("LtiResourceLinkRequest", "LtiDeepLinkingRequest")
CLAIMS = ("sub", "iss", "name", "given_name", "family_name", "email", "locale")
PRODUCT_FAMILY_CODE = "devplatform"
VERSION = "1.0"


def openid_configuration(urls: ServiceUrls) -> dict[str, Any]:
    return {
        "issuer": urls.base,
        "authorization_endpoint": urls.auth,
        "registration_endpoint": urls.registration,
        "jwks_uri": urls.jwks,
        "token_endpoint": urls.token,
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", *AGS_SCOPES, NRPS_SCOPE],
        "response_types_supported": ["id_token"],
        "subject_types_supported": ["public", "pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": list(CLAIMS),
        PLATFORM_CONFIGURATION: {
            "product_family_code": PRODUCT_FAMILY_CODE,
            "version": VERSION,
            "messages_supported": [{"type": t} for t in MESSAGE_TYPES],
            "variables": list(VARIABLES),
        },
    }


def moodle_trailing_space(config: dict[str, Any]) -> None:
    """Moodle once published the platform configuration key with a trailing space."""
    config[PLATFORM_CONFIGURATION + " "] = config.pop(PLATFORM_CONFIGURATION)
