"""lti_message_hint: what the platform meant to launch, carried through the tool and back.

Moodle keeps this in the user's session; a signed, expiring token does the same job
without a cookie, so a launch in a third-party iframe behaves like one in a window.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from itsdangerous import BadData, URLSafeTimedSerializer

HINT_MAX_AGE_SECONDS = 300
RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"


class InvalidHint(Exception):
    """The hint was not issued by this platform, or has expired."""


@dataclass(frozen=True)
class MessageHint:
    """Who launches what; a deep linking request has no resource link yet, so none is named."""

    login_hint: str
    context_id: str
    resource_link_id: str | None
    document_target: str = "iframe"
    message_type: str = RESOURCE_LINK_REQUEST
    # Random, so each hint can be used once, as Moodle drops its session copy after /auth.
    id: str = ""
    # The tool it was issued for: another tool's /auth request cannot use it (Moodle's hint names the tool too).
    client_id: str = ""

    @classmethod
    def new(cls, login_hint: str, context_id: str, resource_link_id: str | None, document_target: str,
            message_type: str = RESOURCE_LINK_REQUEST, *, client_id: str) -> MessageHint:
        return cls(login_hint, context_id, resource_link_id, document_target, message_type,
                   secrets.token_urlsafe(12), client_id)


class HintSigner:
    def __init__(self, secret_key: str, max_age: int = HINT_MAX_AGE_SECONDS) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="devplatform-lti-message-hint")
        self._max_age = max_age

    def issue(self, hint: MessageHint) -> str:
        return self._serializer.dumps(asdict(hint))

    def read(self, token: str) -> MessageHint:
        try:
            data = self._serializer.loads(token, max_age=self._max_age)
            return MessageHint(**data)
        except (BadData, TypeError) as exc:
            raise InvalidHint(str(exc)) from exc
