"""The tool's deep linking response: a JWT it signs, checked as strictly as Moodle's contentitem_return.php.

RS256 with a kid found in the tool's JWKS (refetched on an unknown kid); issued by the tool's
client_id for this platform's issuer; fresh; with a nonce; an LtiDeepLinkingResponse 1.3.0 of the
registered deployment; echoing the request's `data`, which names the course and is answered once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from .claims import LTI_CLAIM
from .content_items import ContentItem, ResponseRefused, read_content_items
from .deep_linking_claims import DL_CLAIM
from .deep_linking_data import InvalidDeepLinkingData
from .platform import Platform
from .tool_keys import ToolKeysUnavailable

DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse"
LEEWAY_SECONDS = 5
MESSAGES = ("msg", "log", "errormsg", "errorlog")

__all__ = ["DeepLinkingResponse", "ResponseRefused", "read_response"]


@dataclass(frozen=True)
class DeepLinkingResponse:
    data: str
    items: tuple[ContentItem, ...]
    # msg and errormsg are for the teacher, log and errorlog for the platform's logs.
    messages: Mapping[str, str]


def read_response(token: str, platform: Platform, context_id: str) -> DeepLinkingResponse:
    """The response, if every check passes; ResponseRefused, saying which did not, otherwise."""
    registration = platform.registration
    claims = _verified_claims(token, platform)
    _expect(claims, "message_type", DEEP_LINKING_RESPONSE)
    _expect(claims, "version", "1.3.0")
    _expect(claims, "deployment_id", registration.deployment_id)
    data = _data(claims.get(DL_CLAIM + "data"), platform, context_id)
    return DeepLinkingResponse(
        data=data,
        items=read_content_items(claims.get(DL_CLAIM + "content_items"), registration.domains()),
        messages=_messages(claims),
    )


def _verified_claims(token: str, platform: Platform) -> dict[str, Any]:
    client_id = platform.registration.client_id
    try:
        claims: dict[str, Any] = jwt.decode(
            token, _signing_key(token, platform), algorithms=["RS256"], audience=platform.urls.base,
            issuer=client_id, leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "nonce"]},
        )
    except jwt.InvalidSignatureError:
        raise ResponseRefused("la signature ne correspond pas à la clé publiée par l'outil.") from None
    except jwt.ExpiredSignatureError:
        raise ResponseRefused("le jeton a expiré (exp).") from None
    except jwt.InvalidIssuerError:
        raise ResponseRefused(f"iss doit être l'identifiant client de l'outil, {client_id!r}.") from None
    except jwt.InvalidAudienceError:
        raise ResponseRefused(f"aud doit être, ou contenir, l'émetteur de la plateforme, "
                              f"{platform.urls.base!r}.") from None
    except jwt.MissingRequiredClaimError as exc:
        raise ResponseRefused(f"la revendication {exc.claim} manque.") from None
    except jwt.PyJWTError as exc:
        raise ResponseRefused(f"le jeton n'est pas valide ({exc}).") from None
    if not isinstance(claims["nonce"], str) or not claims["nonce"]:
        raise ResponseRefused("nonce doit être une chaîne non vide.")
    return claims


def _signing_key(token: str, platform: Platform) -> jwt.PyJWK:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise ResponseRefused("le champ JWT ne contient pas un jeton JWT.") from None
    if header.get("alg") != "RS256":
        raise ResponseRefused(f"le jeton doit être signé en RS256, pas en {header.get('alg')!r}.")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise ResponseRefused("l'en-tête du jeton n'a pas de kid : la plateforme ne sait pas quelle clé "
                              "de l'outil le vérifie.")
    try:
        key = platform.tool_keys.key(kid)
    except ToolKeysUnavailable as exc:
        raise ResponseRefused(f"les clés publiques de l'outil sont illisibles ({exc}).") from None
    if key is None:
        raise ResponseRefused(f"les clés publiques de l'outil n'ont pas de clé {kid!r}.")
    return key


def _expect(claims: Mapping[str, Any], name: str, wanted: str) -> None:
    value = claims.get(LTI_CLAIM + name)
    if value != wanted:
        raise ResponseRefused(f"{LTI_CLAIM}{name} doit valoir {wanted!r}, pas {value!r}.")


def _data(value: Any, platform: Platform, context_id: str) -> str:
    """The request's data, echoed: it proves the response answers a request made here, for this course."""
    if not isinstance(value, str) or not value:
        raise ResponseRefused(f"{DL_CLAIM}data doit renvoyer, inchangée, la valeur data de la demande.")
    try:
        request = platform.deep_links.read(value)
    except InvalidDeepLinkingData as exc:
        raise ResponseRefused(f"{DL_CLAIM}data n'est pas celle d'une demande en cours : {exc}.") from None
    if request.context_id != context_id:
        raise ResponseRefused(f"{DL_CLAIM}data est celle d'une demande faite dans un autre cours.")
    return value


def _messages(claims: Mapping[str, Any]) -> dict[str, str]:
    messages: dict[str, str] = {}
    for name in MESSAGES:
        value = claims.get(DL_CLAIM + name)
        if value is not None and not isinstance(value, str):
            raise ResponseRefused(f"{DL_CLAIM}{name} doit être une chaîne de caractères.")
        if value:
            messages[name] = value
    return messages
