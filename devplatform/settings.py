"""What the dev platform is told at start-up, and the tool registration derived from it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .urls import AGS_SCOPE_LINEITEM, AGS_SCOPES, NRPS_SCOPE

# Moodle's LTI_ACCESS_TOKEN_LIFE: what `expires_in` says unless a test wants tokens to expire sooner.
DEFAULT_TOKEN_LIFETIME_SECONDS = 3600


@dataclass(frozen=True)
class PlatformSettings:
    """Start-up settings; `url` is both the public base URL and the issuer."""

    url: str
    tool_url: str
    client_id: str = "dev-tool"
    deployment_id: str = "1"
    key_path: Path = Path("instance/devplatform/key.pem")
    # Only signs short-lived lti_message_hints, so a fresh one per process is enough.
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    testing: bool = False
    # The manually registered tool's AGS mode and token lifetime (see ToolRegistration).
    grade_sync_only: bool = False
    token_lifetime_seconds: int = DEFAULT_TOKEN_LIFETIME_SECONDS

    def __post_init__(self) -> None:
        # A trailing slash would make the issuer differ from what the tool registered.
        object.__setattr__(self, "url", self.url.rstrip("/"))
        object.__setattr__(self, "tool_url", self.tool_url.rstrip("/"))
        object.__setattr__(self, "key_path", Path(self.key_path))

    @property
    def tool_login_url(self) -> str:
        return self.tool_url + "/lti/login"

    @property
    def tool_launch_url(self) -> str:
        return self.tool_url + "/lti/launch"

    @property
    def tool_jwks_url(self) -> str:
        return self.tool_url + "/lti/jwks"


@dataclass(frozen=True)
class ToolRegistration:
    """The one tool this platform knows; replaced whole when dynamic registration lands.

    `scopes` are the services granted; `custom_parameters` go into every launch, with
    `$Variable` values substituted. `grade_sync_only` is Moodle's "Use this service for grade
    sync only" (`ltiservice_gradesynchronization = 1`): the tool may read columns and results
    and post scores, but not create, change or delete columns. `token_lifetime_seconds` is
    the `expires_in` of its access tokens, shortened by tests that watch a token expire.
    """

    client_id: str
    deployment_id: str
    login_url: str
    redirect_uris: tuple[str, ...]
    jwks_url: str
    target_link_uri: str
    scopes: frozenset[str] = frozenset((*AGS_SCOPES, NRPS_SCOPE))
    client_name: str = ""
    custom_parameters: tuple[tuple[str, str], ...] = ()
    grade_sync_only: bool = False
    token_lifetime_seconds: int = DEFAULT_TOKEN_LIFETIME_SECONDS

    @property
    def granted_scopes(self) -> frozenset[str]:
        """The scopes tokens and launches may carry: without `lineitem` in grade-sync-only mode, as in Moodle."""
        return self.scopes - {AGS_SCOPE_LINEITEM} if self.grade_sync_only else self.scopes

    @classmethod
    def from_settings(cls, settings: PlatformSettings) -> ToolRegistration:
        """Register the tool by hand, with the URLs every tool of this project serves."""
        return cls(
            client_id=settings.client_id,
            deployment_id=settings.deployment_id,
            login_url=settings.tool_login_url,
            redirect_uris=(settings.tool_launch_url,),
            jwks_url=settings.tool_jwks_url,
            target_link_uri=settings.tool_launch_url,
            grade_sync_only=settings.grade_sync_only,
            token_lifetime_seconds=settings.token_lifetime_seconds,
        )

    def domains(self) -> frozenset[str]:
        """The tool's host[:port]s, as its URLs write them: where links it returns may point."""
        urls = (self.login_url, *self.redirect_uris, self.target_link_uri, self.jwks_url)
        return frozenset(urlsplit(u).netloc.lower() for u in urls)

    def origins(self) -> tuple[str, ...]:
        """The tool's origins, which pages may frame and post forms to."""
        return tuple(dict.fromkeys(_origin(u) for u in (self.login_url, *self.redirect_uris)))


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
