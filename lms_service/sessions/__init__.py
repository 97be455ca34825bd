"""The person's session after a launch (DESIGN.md, data flow 2): what travels with each request.

The token in every link (`?lt=`) and form names a server-side launch session
(sessions.store): never a cookie alone, since an LMS iframe may drop
third-party cookies and two tabs in two courses must never mix. Flask-Login
loads the person from it on each request; the launch also sets the session's
binding cookie. Forms carry a CSRF token derived from it (security.csrf).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g, request
from flask_login import LoginManager, UserMixin
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from ..db import get_session, utcnow
from ..models import Membership
from . import store
from .store import Limits, Member, Opened, State

TOKEN_PARAM = "lt"


@dataclass
class LaunchUser(UserMixin):
    """The person of the current launch, in the course of that launch."""

    membership: Member
    token: str
    # Set only for a deep linking launch: the platform's request to answer.
    launch_id: str | None = None

    def get_id(self) -> str:
        return str(self.membership.id)

    @property
    def context_id(self) -> int:
        return self.membership.context_id


def session_limits() -> Limits:
    config = current_app.config
    return Limits(idle=config["LAUNCH_SESSION_IDLE"], max_age=config["LAUNCH_SESSION_MAX_AGE"])


def start_session(
    membership: Membership, frame_origin: str | None, return_url: str | None, deep_linking_launch_id: str | None = None
) -> Opened:
    """Open the launch session of a launch that has just been recorded."""
    return store.open_session(
        get_session(),
        membership,
        session_limits(),
        utcnow(),
        frame_origin=frame_origin,
        return_url=return_url,
        deep_linking_launch_id=deep_linking_launch_id,
    )


def set_binding_cookie(response: Response, opened: Opened) -> Response:
    """The cookie that ties the session to this browser (partitioned: it lives in the LMS's frame)."""
    response.set_cookie(
        opened.cookie_name,
        opened.cookie_value,
        max_age=int(opened.max_age.total_seconds()),
        path="/",
        secure=True,
        httponly=True,
        samesite="None",
        partitioned=True,
    )
    return response


def _request_token() -> str | None:
    """The launch token from the URL, the form or a header; an unreadable body gives none."""
    token = request.args.get(TOKEN_PARAM) or request.headers.get("X-Launch-Token")
    if token:
        return token
    try:
        return request.form.get(TOKEN_PARAM)
    except RequestEntityTooLarge:  # the 413 page must still render
        return None


def _load_user() -> LaunchUser | None:
    token = _request_token()
    if not token:
        return None
    take = g.get("takes_membership", False)
    resumed = store.resume(get_session(), token, request.cookies, session_limits(), utcnow(), take=take)
    if resumed.session is not None:
        # Even an ended session's page may show inside its own LMS, with the way back.
        g.frame_origin = resumed.session.frame_origin
        g.launch_return_url = resumed.session.return_url
    if resumed.state is not State.VALID or resumed.session is None:
        g.launch_problem = resumed.state
        return None
    g.launch_token = token
    session = resumed.session
    return LaunchUser(membership=session.member, token=token, launch_id=session.deep_linking_launch_id)


def launch_problem() -> State | None:
    """Why this request's token opened nothing (expired, unknown, another browser), if it did not."""
    problem: State | None = g.get("launch_problem")
    return problem


def _add_token_to_urls(endpoint: str, values: dict[str, Any]) -> None:
    """url_for() in a launched page keeps the launch: every internal link carries its token."""
    token = g.get("launch_token")
    if token and TOKEN_PARAM not in values and not endpoint.startswith(("lti.", "static", "content_assets")):
        values[TOKEN_PARAM] = token


def init_app(app: Flask) -> None:
    """Wire Flask-Login to the token, and the token to url_for."""
    manager = LoginManager(app)
    manager.session_protection = None
    manager.request_loader(lambda _request: _load_user())
    app.url_defaults(_add_token_to_urls)

    @app.context_processor
    def launch_fields() -> dict[str, Any]:
        return {"launch_token": g.get("launch_token")}
