"""pylti1p3's ToolConf, backed by the lti_* tables.

Registrations are found by (issuer, client id): one issuer may have several
client ids (Canvas), so the "one client per issuer" mode of pylti1p3 is off.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pylti1p3.deployment import Deployment as LtiDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy.orm import Session

from . import keys, platforms
from .models import Platform, ToolKey


class ToolRegistration(Registration):
    """A pylti1p3 Registration that knows its platform row and signs with the tool's kid."""

    def __init__(self, platform: Platform, tool_key: ToolKey | None) -> None:
        super().__init__()
        self.platform_id = platform.id
        self._tool_key = tool_key
        self.set_issuer(platform.issuer)
        self.set_client_id(platform.client_id)
        self.set_auth_login_url(platform.auth_login_url)
        self.set_auth_token_url(platform.auth_token_url)
        if platform.auth_audience:
            self.set_auth_audience(platform.auth_audience)
        self.set_key_set_url(platform.key_set_url)
        self.set_key_set(platform.key_set)  # type: ignore[arg-type]
        if tool_key is not None:
            self.set_tool_private_key(tool_key.private_key_pem)

    def get_kid(self) -> str | None:
        return self._tool_key.kid if self._tool_key else None

    def get_jwks(self) -> list[Mapping[str, Any]]:
        return [self._tool_key.public_jwk] if self._tool_key else []


class DbToolConf(ToolConfAbstract):
    """Look registrations and deployments up in the database, per request."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_platform(self, iss: str, client_id: str | None) -> Platform | None:
        """Only active registrations exist for pylti1p3: a pending one can do nothing."""
        platform = platforms.find(self._session, iss, client_id)
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
        return ToolRegistration(platform, keys.signing_key(self._session))

    def find_deployment(self, iss: str, deployment_id: str) -> LtiDeployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str | None, *args: Any, **kwargs: Any
    ) -> LtiDeployment | None:
        platform = self.find_platform(iss, client_id)
        if platform is None or not platforms.has_deployment(platform, deployment_id):
            return None
        return LtiDeployment().set_deployment_id(deployment_id)
