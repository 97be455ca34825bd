"""The `data` of a deep linking request: which course and teacher asked; signed, expiring, used once.

Moodle binds its return URL to the course and the teacher's session key. A signed value
does the same without a session, so the return also works in a third-party iframe; and,
used once, a replayed response cannot add the same activities twice.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import asdict, dataclass

from itsdangerous import BadData, URLSafeTimedSerializer

# The teacher is choosing in the tool meanwhile: give them time.
DATA_MAX_AGE_SECONDS = 3600


class InvalidDeepLinkingData(Exception):
    """The data was not issued here, has expired, or its response was already received."""


@dataclass(frozen=True)
class DeepLinkingRequest:
    context_id: str
    user_id: str
    id: str


class DeepLinkingRequests:
    """Issues the data values and remembers those whose response was accepted."""

    def __init__(self, secret_key: str, max_age: int = DATA_MAX_AGE_SECONDS) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="devplatform-deep-linking-data")
        self._max_age = max_age
        self._lock = threading.Lock()
        self._used: dict[str, float] = {}

    def issue(self, context_id: str, user_id: str) -> str:
        request = DeepLinkingRequest(context_id, user_id, secrets.token_urlsafe(12))
        return self._serializer.dumps(asdict(request))

    def read(self, data: str) -> DeepLinkingRequest:
        """The request behind data; InvalidDeepLinkingData if forged, expired or already answered."""
        request = self._decode(data)
        with self._lock:
            self._check_unused(request)
        return request

    def use(self, data: str) -> DeepLinkingRequest:
        """Like read, and mark it answered; two concurrent responses cannot both get through."""
        request = self._decode(data)
        with self._lock:
            self._check_unused(request)
            now = time.time()
            self._used = {k: t for k, t in self._used.items() if t > now}
            self._used[request.id] = now + self._max_age
        return request

    def _decode(self, data: str) -> DeepLinkingRequest:
        try:
            return DeepLinkingRequest(**self._serializer.loads(data, max_age=self._max_age))
        except (BadData, TypeError) as exc:
            raise InvalidDeepLinkingData("la valeur data n'a pas été émise par cette plateforme, "
                                         "ou la demande a expiré") from exc

    def _check_unused(self, request: DeepLinkingRequest) -> None:
        if request.id in self._used:
            raise InvalidDeepLinkingData("la plateforme a déjà reçu une réponse à cette demande")
