"""The OIDC third-party initiated login: pylti1p3's, with a signed state that names its nonce.

pylti1p3 builds the authentication request; its state is ours (lti.login_state):
the registration and the nonce, signed and dated, so the login writes nothing
and the launch checks them and records them as used in its own transaction.
"""
from __future__ import annotations

from typing import Any

from flask import Response
from pylti1p3.contrib.flask import FlaskCookieService, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import OIDCException
from pylti1p3.session import SessionService
from sqlalchemy.orm import Session

from . import trust
from .login_state import LoginStates
from .refusals import LaunchRefused
from .storage import DbLaunchDataStorage
from .tool_conf import DbToolConf, ToolRegistration


class StateCookieService(FlaskCookieService):
    """The state cookie binds the login to this browser when the browser allows it.

    Over HTTPS it is `SameSite=None; Secure; Partitioned`, so it also reaches the
    launch inside an LMS iframe where third-party cookies are partitioned.
    """

    def update_response(self, response: Response) -> None:
        assert self._request is not None
        secure = bool(self._request.is_secure())
        for key, data in self._cookie_data_to_set.items():
            response.set_cookie(
                key,
                data["value"],
                max_age=data["exp"],
                path="/lti/",
                httponly=True,
                secure=secure,
                samesite="None" if secure else "Lax",
                partitioned=secure,
            )


def flask_request() -> FlaskRequest:
    """pylti1p3's view of the current request, without the Flask session."""
    return FlaskRequest(session={})


class DbSessionService(SessionService):
    """pylti1p3's session service over the database; nonces live in lti_login_state instead."""

    def __init__(self, request: FlaskRequest, db: Session) -> None:
        super().__init__(request)
        storage = DbLaunchDataStorage(db)
        storage.set_request(request)
        self.set_data_storage(storage)

    def save_nonce(self, nonce: str) -> None:
        """Signed into the state (lti.login_state), and recorded as used by the launch."""


def pylti_wiring(db: Session) -> dict[str, Any]:
    """The request, tool configuration and services pylti1p3's login and launch both take."""
    request = flask_request()
    return {
        "request": request,
        "tool_config": DbToolConf(db),
        "session_service": DbSessionService(request, db),
        "cookie_service": StateCookieService(request),
    }


class ToolOIDCLogin(FlaskOIDCLogin):
    """Login initiation whose state is signed and names the registration and the nonce."""

    _tool_config: DbToolConf

    def __init__(self, db: Session, states: LoginStates) -> None:
        super().__init__(**pylti_wiring(db))
        self._states = states
        self._nonce: str | None = None

    def redirect_to_platform(self, launch_url: str) -> Any:
        """Answer the login with a redirect to the platform's authorisation endpoint."""
        for name in ("iss", "login_hint", "target_link_uri"):
            if not self._get_request_param(name):
                raise LaunchRefused("missing_login_param", f"no {name}")
        self._refuse_pending_registration()
        try:
            return self.redirect(launch_url)
        except OIDCException as exc:
            raise LaunchRefused(
                "unknown_platform",
                f"iss={self._get_request_param('iss')!r} client_id={self._get_request_param('client_id')!r}",
            ) from exc

    def _refuse_pending_registration(self) -> None:
        """Never send a browser to the login URL of a registration nobody has vouched for."""
        iss, client_id = self._get_request_param("iss"), self._get_request_param("client_id")
        platform = self._tool_config.lookup(str(iss), str(client_id) if client_id else None)
        if platform is not None and not platform.is_active:
            raise LaunchRefused("pending_registration", f"iss={iss!r}", hint=trust.approval_command(platform))

    def _get_uuid(self) -> str:
        """The state's value. pylti1p3 asks for it once, the registration found, before the nonce."""
        registration = self._registration
        assert isinstance(registration, ToolRegistration)
        value, self._nonce = self._states.issue(registration.platform_id)
        return value

    def _generate_nonce(self) -> str:
        """The nonce signed into the state just issued."""
        assert self._nonce is not None, "pylti1p3 asked for the nonce before the state"
        return self._nonce
