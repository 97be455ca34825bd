"""The tool this platform serves, how it came to be known, and the registration tokens in flight.

As in Moodle, a tool that registers itself (LTI Dynamic Registration) is created
pending: nothing launches it until an administrator activates it. A tool entered by
hand (the start-up settings, or `replace_registration`) is live at once. Other tools
entered by hand (`add`) can only be launched: the launch benchmark puts a reference
tool beside this project's, so both go through the same platform.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from enum import StrEnum

from .settings import ToolRegistration
from .tool_keys import ToolKeyCache

REGISTRATION_TOKEN_LIFETIME_SECONDS = 3600


class RegistrationStatus(StrEnum):
    MANUAL = "manual"
    PENDING = "pending"
    ACTIVE = "active"


class InvalidRegistrationToken(Exception):
    """The registration token was not issued here, has expired or was already used."""


class ToolPending(Exception):
    """The tool registered itself and waits for an administrator to activate it."""


class NothingToActivate(Exception):
    """Activation was asked for while no dynamically registered tool is pending."""


class ToolRegistry:
    def __init__(self, registration: ToolRegistration, clock: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._current = registration
        self._status = RegistrationStatus.MANUAL
        self._keys = ToolKeyCache(registration.jwks_url)
        self._tokens: dict[str, float] = {}
        self._others: dict[str, ToolRegistration] = {}

    @property
    def current(self) -> ToolRegistration:
        with self._lock:
            return self._current

    @property
    def status(self) -> RegistrationStatus:
        with self._lock:
            return self._status

    @property
    def keys(self) -> ToolKeyCache:
        with self._lock:
            return self._keys

    def add(self, registration: ToolRegistration) -> None:
        """Enter one more tool by hand, beside the current one: launchable at once, by its client id."""
        with self._lock:
            if registration.client_id == self._current.client_id:
                raise ValueError(f"client id {registration.client_id!r} is the current tool's")
            self._others[registration.client_id] = registration

    def named(self, client_id: str | None) -> ToolRegistration:
        """The other tool with this client id, else the current one (which /auth then checks as usual)."""
        with self._lock:
            return self._others.get(client_id or "", self._current)

    def launchable(self, client_id: str | None = None) -> ToolRegistration:
        """The registration to launch with (the current one by default); ToolPending while it awaits
        activation, KeyError for a client id nobody entered."""
        with self._lock:
            if client_id is not None and client_id != self._current.client_id:
                return self._others[client_id]
            if self._status is RegistrationStatus.PENDING:
                raise ToolPending(f"the tool {self._current.client_id!r} is awaiting activation")
            return self._current

    def replace(self, registration: ToolRegistration,
                status: RegistrationStatus = RegistrationStatus.MANUAL) -> None:
        """Swap the tool; its keys are fetched afresh from its own JWKS URL."""
        with self._lock:
            self._put(registration, status)

    def revise(self, changes: Callable[[ToolRegistration], ToolRegistration]) -> ToolRegistration:
        """Change the current tool's settings in place: same client, keys and status (an admin's edit)."""
        with self._lock:
            revised = changes(self._current)
            if revised.client_id != self._current.client_id:
                raise ValueError("revise changes a tool's settings, not which tool it is")
            self._current = revised
            return revised

    def issue_token(self) -> str:
        """A registration token for one tool to register with, within the hour."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = self._clock()
            self._tokens = {t: expiry for t, expiry in self._tokens.items() if expiry > now}
            self._tokens[token] = now + REGISTRATION_TOKEN_LIFETIME_SECONDS
        return token

    def check_token(self, token: str) -> None:
        """Raise InvalidRegistrationToken unless token may still register a tool."""
        with self._lock:
            self._check(token)

    def register(self, token: str, registration: ToolRegistration) -> None:
        """Use up token and put the tool in place, pending; both or neither happen."""
        with self._lock:
            self._check(token)
            del self._tokens[token]
            self._put(registration, RegistrationStatus.PENDING)

    def activate(self) -> None:
        with self._lock:
            if self._status is not RegistrationStatus.PENDING:
                raise NothingToActivate("no dynamically registered tool is pending")
            self._status = RegistrationStatus.ACTIVE

    def _put(self, registration: ToolRegistration, status: RegistrationStatus) -> None:
        self._current = registration
        self._status = status
        self._keys = ToolKeyCache(registration.jwks_url)

    def _check(self, token: str) -> None:
        expiry = self._tokens.get(token)
        if expiry is None or expiry <= self._clock():
            raise InvalidRegistrationToken("the registration token is unknown, expired or already used")


def new_client_id() -> str:
    return secrets.token_hex(8)


def new_deployment_id() -> str:
    # A string that is not a number, as the spec allows: tools must not assume integers.
    return "dep-" + secrets.token_hex(4)
