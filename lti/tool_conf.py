"""pylti1p3's ToolConf, backed by the lti_* tables.

Registrations are found by (issuer, client id): one issuer may have several
client ids (Canvas), so the "one client per issuer" mode of pylti1p3 is off.
A registration is looked up once per request however often pylti1p3 asks, and
the tool's key is read only when something is signed (deep linking, services):
a login signs nothing.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pylti1p3.deployment import Deployment as LtiDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy.orm import Session

from . import keys, platforms
from .models import Platform, ToolKey


class ToolRegistration(Registration):
    """A pylti1p3 Registration that knows its platform row and signs with the tool's kid."""

    def __init__(self, platform: Platform, signing_key: Callable[[], ToolKey | None]) -> None:
        super().__init__()
        self.platform_id = platform.id
        self._signing_key = signing_key
        self._tool_key: ToolKey | None = None
        self.set_issuer(platform.issuer)
        self.set_client_id(platform.client_id)
        self.set_auth_login_url(platform.auth_login_url)
        self.set_auth_token_url(platform.auth_token_url)
        if platform.auth_audience:
            self.set_auth_audience(platform.auth_audience)
        self.set_key_set_url(platform.key_set_url)
        self.set_key_set(platform.key_set)  # type: ignore[arg-type]

    def _key(self) -> ToolKey | None:
        if self._tool_key is None:
            self._tool_key = self._signing_key()
        return self._tool_key

    def get_tool_private_key(self) -> str | None:
        key = self._key()
        return key.private_key_pem if key else None

    def get_kid(self) -> str | None:
        key = self._key()
        return key.kid if key else None

    def get_jwks(self) -> list[Mapping[str, Any]]:
        key = self._key()
        return [key.public_jwk] if key else []


class DbToolConf(ToolConfAbstract):
    """Look registrations and deployments up in the database, per request."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session
        self._found: dict[tuple[str, str | None], Platform | None] = {}

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def lookup(self, iss: str, client_id: str | None) -> Platform | None:
        """The registration, active or pending, read from the database once per (issuer, client id)."""
        if (iss, client_id) not in self._found:
            self._found[iss, client_id] = platforms.find(self._session, iss, client_id)
        return self._found[iss, client_id]

    def find_platform(self, iss: str, client_id: str | None) -> Platform | None:
        """Only active registrations exist for pylti1p3: a pending one can do nothing."""
        platform = self.lookup(iss, client_id)
        return platform if platform is not None and platform.is_active else None

    # pylti1p3 declares these non-optional but reads None as "no such registration".
    def find_registration_by_issuer(  # type: ignore[override]
        self, iss: str, *args: Any, **kwargs: Any
    ) -> Registration | None:
        return self.find_registration_by_params(iss, None, *args, **kwargs)

    def find_registration_by_params(  # type: ignore[override]
        self, iss: str, client_id: str | None, *args: Any, **kwargs: Any
    ) -> Registration | None:
        platform = self.find_platform(iss, client_id)
        if platform is None:
            return None
        return ToolRegistration(platform, lambda: keys.signing_key(self._session))

    def find_deployment(self, iss: str, deployment_id: str) -> LtiDeployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str | None, *args: Any, **kwargs: Any
    ) -> LtiDeployment | None:
        platform = self.find_platform(iss, client_id)
        if platform is None or not platforms.has_deployment(platform, deployment_id):
            return None
        return LtiDeployment().set_deployment_id(deployment_id)
