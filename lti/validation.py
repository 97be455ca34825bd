"""The resource link launch: pylti1p3's checks, ordered and completed where it leaves gaps.

pylti1p3 2.0.0 takes the client id from aud[0] without looking at azp, accepts
tokens without exp or iat, checks the nonce before the signature and never
consumes it, and does not look at target_link_uri. Here every check runs, in an
order where nothing is trusted before the signature is, and the single-use
state and nonce are consumed last, in the launch's own transaction. Only what
something reads later is stored: a deep linking request's claims.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

import jwt
from pylti1p3.contrib.flask import FlaskMessageLaunch
from pylti1p3.exception import LtiException
from sqlalchemy.orm import Session, sessionmaker

from lms_service.db import utcnow

from . import claims as c
from . import platforms, trust
from .framing import origin
from .login import pylti_wiring
from .login_state import IssuedLogin, LoginStates, record_used
from .message import DEEP_LINKING_REQUEST, MAX_IDENTIFIER_LENGTH, LaunchMessage, read_message, storable, web_origin
from .models import Platform
from .platform_keys import KeyNotFound, KeySetUnavailable, public_key_pem, refresh_key_set
from .refusals import LaunchRefused
from .transport import GuardedSession, OutboundPolicy

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
SUPPORTED_MESSAGES = {RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST}


@dataclass(frozen=True)
class LaunchSettings:
    """What a launch needs from the app's configuration."""

    session_factory: sessionmaker[Session]
    tool_origin: str
    clock_skew_seconds: int
    jwks_refetch_interval: timedelta
    outbound: OutboundPolicy
    login_states: LoginStates


class ToolMessageLaunch(FlaskMessageLaunch):
    """One launch, validated by `validate_launch()`; refusals raise LaunchRefused."""

    def __init__(self, db: Session, settings: LaunchSettings) -> None:
        super().__init__(**pylti_wiring(db), requests_session=GuardedSession(settings.outbound))
        self._db = db
        self._settings = settings
        self._platform: Platform | None = None
        self._login: IssuedLogin | None = None
        self._verified = False

    def validate_launch(self) -> LaunchMessage:
        """Run every check in order; the first failure refuses the launch."""
        self._validated = True
        try:
            self._check_state()
            self._decode_unverified()
            self._check_platform()
            self._check_signature_and_times()
            self._verified = True
            self._check_identifiers()
            self._check_deployment()
            self._check_message()
            self._check_target_link_uri()
            self._consume_state_and_nonce()
        except LaunchRefused as refusal:
            refusal.frame_origin = self._refusal_frame_origin()
            raise
        self.save_launch_data()
        assert self._platform is not None
        return read_message(
            self._jwt["body"],
            launch_id=self.get_launch_id(),
            lms_id=self._platform.lms_id,
            registration_id=self._platform.id,
        )

    def _refusal_frame_origin(self) -> str | None:
        """Who may frame the refusal page: the LMS once it is known, from signed claims if verified."""
        if self._verified:
            return web_origin(self._jwt["body"])
        return origin(self._platform.issuer) if self._platform is not None else None

    def _check_state(self) -> None:
        error = self._get_request_param("error")
        if error:
            raise LaunchRefused("platform_error", f"{error}: {self._get_request_param('error_description')}")
        state = self._get_request_param("state")
        if not state:
            raise LaunchRefused("missing_state")
        login = self._settings.login_states.read(state)
        if login is None:
            raise LaunchRefused("unknown_state")
        cookie = self._cookie_service.get_cookie(state)
        if cookie is not None and cookie != state:
            raise LaunchRefused("state_mismatch")
        self._login = login

    def _decode_unverified(self) -> None:
        if not self._get_request_param("id_token"):
            raise LaunchRefused("missing_token")
        try:
            self.validate_jwt_format()
        except LtiException as exc:
            raise LaunchRefused("malformed_token", str(exc)) from exc
        if not isinstance(self._jwt.get("body"), dict) or not isinstance(self._jwt.get("header"), dict):
            raise LaunchRefused("malformed_token", "header or body is not an object")
        try:  # Python reads NaN and Infinity, which JSON has not and PostgreSQL's json type refuses
            json.dumps(self._jwt, allow_nan=False)
        except (ValueError, RecursionError) as exc:
            raise LaunchRefused("malformed_token", "NaN or Infinity in the JSON") from exc

    def get_client_id(self) -> str:
        return claimed_client_id(self._body())

    def _body(self) -> dict[str, Any]:
        """The token's claims as plain JSON (pylti1p3 types them as a TypedDict of known claims)."""
        return cast(dict[str, Any], self._jwt["body"])

    def _check_platform(self) -> None:
        iss = self._jwt["body"].get("iss")
        if not isinstance(iss, str) or not iss:
            raise LaunchRefused("bad_issuer", "no iss")
        client_id = self.get_client_id()
        if not (storable(iss) and storable(client_id)):  # not yet verified: keep it away from the database
            raise LaunchRefused("unknown_platform", "iss or client_id has a NUL or an unpaired surrogate")
        platform = platforms.find(self._db, iss, client_id, with_deployments=True)
        if platform is None:
            known_issuer = platforms.issuer_is_known(self._db, iss)
            code = "bad_audience" if known_issuer else "unknown_platform"
            raise LaunchRefused(code, f"iss={iss!r} client_id={client_id!r}")
        if not platform.is_active:
            raise LaunchRefused("pending_registration", f"iss={iss!r}", hint=trust.approval_command(platform))
        assert self._login is not None
        if platform.id != self._login.platform_id:
            raise LaunchRefused("unknown_state", "state was issued for another platform")
        self._platform = platform

    def _check_signature_and_times(self) -> None:
        header = self._jwt["header"]
        if header.get("alg") != "RS256":
            raise LaunchRefused("bad_algorithm", f"alg={header.get('alg')!r}")
        kid = header.get("kid")
        if not kid or not isinstance(kid, str):
            raise LaunchRefused("missing_kid")
        assert self._platform is not None
        platform_id = self._platform.id
        settings = self._settings

        def refresh() -> dict[str, Any] | None:
            return refresh_key_set(
                settings.session_factory, platform_id, settings.jwks_refetch_interval, settings.outbound
            )

        try:
            key = public_key_pem(self._platform, kid, "RS256", refresh)
        except KeyNotFound as exc:
            raise LaunchRefused("unknown_kid", f"kid={kid!r}") from exc
        except KeySetUnavailable as exc:
            raise LaunchRefused("keys_unavailable", str(exc)) from exc
        self._decode_verified(key)

    def _decode_verified(self, key: str) -> None:
        assert self._platform is not None
        try:
            jwt.decode(
                self._get_id_token(),
                key,
                algorithms=["RS256"],
                audience=self.get_client_id(),
                issuer=self._platform.issuer,
                leeway=self._settings.clock_skew_seconds,
                options={"require": ["exp", "iat"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise LaunchRefused("expired") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise LaunchRefused("missing_time", str(exc)) from exc
        except jwt.ImmatureSignatureError as exc:
            raise LaunchRefused("not_yet_valid") from exc
        except jwt.InvalidAudienceError as exc:
            raise LaunchRefused("bad_audience", str(exc)) from exc
        except jwt.InvalidIssuerError as exc:
            raise LaunchRefused("bad_issuer", str(exc)) from exc
        except jwt.InvalidTokenError as exc:
            raise LaunchRefused("bad_signature", exc.__class__.__name__) from exc

    def _check_identifiers(self) -> None:
        """Identifiers are keys, never cut: one cut short could be someone else's, so the launch is refused."""
        for name, value in launch_identifiers(self._body()).items():
            if not storable(value):
                raise LaunchRefused("bad_identifier", f"{name} has a NUL or an unpaired surrogate")
            if len(value) > MAX_IDENTIFIER_LENGTH:
                raise LaunchRefused("long_identifier", f"{name} has {len(value)} characters")

    def _check_deployment(self) -> None:
        deployment_id = self._jwt["body"].get(c.DEPLOYMENT_ID)
        if not deployment_id or not isinstance(deployment_id, str):
            raise LaunchRefused("missing_deployment")
        assert self._platform is not None
        if not platforms.has_deployment(self._platform, deployment_id):
            raise LaunchRefused(
                "unknown_deployment",
                f"deployment_id={deployment_id!r}",
                hint=(
                    "flask --app lms_service lti add-deployment "
                    f"--issuer {self._platform.issuer} --client-id {self._platform.client_id} "
                    f"--deployment-id {deployment_id}"
                ),
            )

    def _check_message(self) -> None:
        body = self._jwt["body"]
        message_type = body.get(c.MESSAGE_TYPE)
        if not message_type:
            raise LaunchRefused("missing_message_type")
        if not isinstance(message_type, str) or message_type not in SUPPORTED_MESSAGES:
            raise LaunchRefused("unsupported_message_type", f"{message_type!r}")
        if body.get(c.VERSION) != "1.3.0":
            raise LaunchRefused("bad_version", f"{body.get(c.VERSION)!r}")
        if not body.get("sub") or not isinstance(body.get("sub"), str):
            raise LaunchRefused("missing_sub")
        if not isinstance(body.get(c.ROLES), list):
            raise LaunchRefused("missing_roles")
        if message_type == RESOURCE_LINK_REQUEST:
            link = body.get(c.RESOURCE_LINK)
            if not isinstance(link, dict) or not link.get("id"):
                raise LaunchRefused("missing_resource_link")
        else:
            _check_deep_linking_settings(body.get(c.DEEP_LINKING_SETTINGS))

    def _check_target_link_uri(self) -> None:
        target = self._jwt["body"].get(c.TARGET_LINK_URI)
        if not isinstance(target, str) or origin(target) != self._settings.tool_origin:
            raise LaunchRefused("bad_target_link_uri", f"{target!r}")

    def _consume_state_and_nonce(self) -> None:
        """Record the login's state and nonce as used, in one statement: a replay finds them there."""
        nonce = self._jwt["body"].get("nonce")
        if not nonce or not isinstance(nonce, str):
            raise LaunchRefused("missing_nonce")
        login = self._login
        assert login is not None
        if nonce != login.nonce:
            raise LaunchRefused("unknown_nonce")
        state, max_age = self._get_request_param("state"), self._settings.login_states.max_age
        if not record_used(self._db, state, login, max_age, utcnow()):
            raise LaunchRefused("replayed")

    def save_launch_data(self) -> ToolMessageLaunch:
        """Keep a deep linking request's claims for its answer (lti.deep_linking), and nothing else.

        pylti1p3 would store every launch's claims, and a hash of its id_token under
        its state for its own state check; this tool checks the state itself, and
        reads claims back only to answer a deep linking request.
        """
        if self._jwt["body"].get(c.MESSAGE_TYPE) == DEEP_LINKING_REQUEST:
            self._session_service.save_launch_data(self._launch_id, self._jwt["body"])
        return self


def launch_identifiers(body: dict[str, Any]) -> dict[str, str]:
    """The identifiers a launch carries, as the service will store them (absent ones left out)."""
    context, link = body.get(c.CONTEXT), body.get(c.RESOURCE_LINK)
    found = {
        "sub": body.get("sub"),
        "deployment_id": body.get(c.DEPLOYMENT_ID),
        "context id": context.get("id") if isinstance(context, dict) else None,
        "resource link id": link.get("id") if isinstance(link, dict) else None,
    }
    return {name: str(value) for name, value in found.items() if value is not None}


def claimed_client_id(body: dict[str, Any]) -> str:
    """The client id a token is for: aud, or azp when aud lists several audiences."""
    aud, azp = body.get("aud"), body.get("azp")
    audiences = aud if isinstance(aud, list) else [aud]
    if not audiences or not all(isinstance(a, str) and a for a in audiences):
        raise LaunchRefused("bad_audience", "aud missing or not strings")
    if len(audiences) > 1 and not azp:
        raise LaunchRefused("bad_audience", "several audiences and no azp")
    if azp is not None and azp not in audiences:
        raise LaunchRefused("bad_audience", "azp is not one of the audiences")
    return str(azp or audiences[0])


def _check_deep_linking_settings(settings: Any) -> None:
    """A content selection needs somewhere to answer and must accept resource links."""
    if not isinstance(settings, dict) or not isinstance(settings.get("deep_link_return_url"), str):
        raise LaunchRefused("bad_deep_linking_settings", "no deep_link_return_url")
    accept = settings.get("accept_types")
    if not isinstance(accept, list) or "ltiResourceLink" not in accept:
        raise LaunchRefused("bad_deep_linking_settings", f"accept_types={accept!r}")
