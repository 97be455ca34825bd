"""What lti/ reads from the app's settings, read in one place."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

from .login_state import LoginStates
from .transport import GuardedSession, OutboundPolicy, networks


def outbound_policy(config: Mapping[str, Any] | None = None) -> OutboundPolicy:
    """The limits of every outgoing call (lti.transport), from the settings."""
    config = config if config is not None else current_app.config
    return OutboundPolicy(
        deadline=float(config["LTI_HTTP_DEADLINE_SECONDS"]),
        max_bytes=int(config["LTI_HTTP_MAX_BYTES"]),
        allow_http_loopback=bool(config["LTI_ALLOW_HTTP_LOOPBACK"]),
        allowed_networks=networks(config["LTI_ALLOWED_PRIVATE_NETWORKS"]),
    )


def http_session() -> GuardedSession:
    """A fresh guarded session for one unit of work (a registration, a key set refresh, a service call)."""
    return GuardedSession(outbound_policy())


def login_states() -> LoginStates:
    """Signed OIDC login states (lti.login_state), valid LTI_LOGIN_STATE_MAX_AGE after the login."""
    config = current_app.config
    return LoginStates(str(config["SECRET_KEY"]), config["LTI_LOGIN_STATE_MAX_AGE"])
