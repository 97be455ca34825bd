"""The launch context that travels with each request after a launch (DESIGN.md, data flow 2).

A signed, expiring token names the membership of one launch. It rides in every
link (`?lt=`) and form, never in a cookie: an LMS iframe may drop third-party
cookies, and two tabs in two courses must never mix. Flask-Login loads the
person from it on each request; forms also carry a CSRF token derived from it.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from flask import Flask, abort, current_app, g, request
from flask_login import LoginManager, UserMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import RequestEntityTooLarge
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .db import get_session
from .models import Membership

TOKEN_PARAM = "lt"
CSRF_FIELD = "csrf_token"
_SALT = "launch-context"


@dataclass
class LaunchUser(UserMixin):
    """The person of the current launch, in the course of that launch."""

    membership: Membership
    token: str
    # Set only for a deep linking launch: the platform's request to answer.
    launch_id: str | None = None

    def get_id(self) -> str:
        return str(self.membership.id)

    @property
    def context_id(self) -> int:
        return self.membership.context_id


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def issue_token(membership: Membership, launch_id: str | None = None) -> str:
    """A token for this membership, valid for LAUNCH_TOKEN_MAX_AGE (and its deep linking request)."""
    payload: dict[str, Any] = {"m": membership.id, "c": membership.context_id}
    if launch_id:
        payload["l"] = launch_id
    return _serializer().dumps(payload)


def csrf_token(token: str) -> str:
    """The form token of a launch: only a page of this launch can know it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"csrf|" + token.encode(), hashlib.sha256).hexdigest()


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
    max_age = int(current_app.config["LAUNCH_TOKEN_MAX_AGE"].total_seconds())
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except BadSignature:
        return None
    membership = get_session().scalars(
        select(Membership)
        .options(joinedload(Membership.user), joinedload(Membership.context))
        .where(Membership.id == payload.get("m"), Membership.context_id == payload.get("c"))
    ).first()
    if membership is None:
        return None
    g.launch_token = token
    return LaunchUser(membership=membership, token=token, launch_id=payload.get("l"))


def _check_csrf() -> None:
    """Every form of a launched page must carry the CSRF token of its launch."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.blueprint in (None, "lti"):
        return
    token = request.form.get(TOKEN_PARAM, "")
    sent = request.form.get(CSRF_FIELD, "")
    if not token or not sent or not hmac.compare_digest(sent, csrf_token(token)):
        abort(400, description="csrf")


def _add_token_to_urls(endpoint: str, values: dict[str, Any]) -> None:
    """url_for() in a launched page keeps the launch: every internal link carries its token."""
    token = g.get("launch_token")
    if token and TOKEN_PARAM not in values and not endpoint.startswith(("lti.", "static", "content_assets")):
        values[TOKEN_PARAM] = token


def init_app(app: Flask) -> None:
    """Wire Flask-Login to the token, CSRF checks to forms, the token to url_for."""
    manager = LoginManager(app)
    manager.session_protection = None
    manager.request_loader(lambda _request: _load_user())
    app.before_request(_check_csrf)
    app.url_defaults(_add_token_to_urls)

    @app.context_processor
    def launch_fields() -> dict[str, Any]:
        token = g.get("launch_token")
        return {"launch_token": token, "csrf_token": csrf_token(token) if token else None}
