"""The OIDC third-party initiated login: pylti1p3's, with its state and nonce kept server side.

pylti1p3 builds the authentication request; we record its state and nonce in
lti_login_state so the launch can check and consume them in its transaction.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import Response
from pylti1p3.contrib.flask import FlaskCookieService, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import OIDCException
from pylti1p3.session import SessionService
from sqlalchemy.orm import Session

from lms_service.db import utcnow

from . import platforms, trust
from .models import LoginState
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
        """Recorded with its state by ToolOIDCLogin, where the launch consumes it."""


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
    """Login initiation that records (state, nonce, platform) for the launch to consume."""

    def __init__(self, db: Session, state_max_age: timedelta) -> None:
        super().__init__(**pylti_wiring(db))
        self._db = db
        self._state_max_age = state_max_age

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
        platform = platforms.find(self._db, str(iss), str(client_id) if client_id else None)
        if platform is not None and not platform.is_active:
            raise LaunchRefused("pending_registration", f"iss={iss!r}", hint=trust.approval_command(platform))

    def _prepare_redirect_url(self, launch_url: str) -> str:
        url = super()._prepare_redirect_url(launch_url)
        query = parse_qs(urlsplit(url).query)
        registration = self._registration
        assert isinstance(registration, ToolRegistration)
        now = utcnow()
        self._db.add(
            LoginState(
                state=query["state"][0],
                nonce=query["nonce"][0],
                platform_id=registration.platform_id,
                created_at=now,
                expires_at=now + self._state_max_age,
            )
        )
        self._db.flush()
        return url
