"""The platform's state: roster, tool registration, launches, tokens and gradebook.

Everything lives in memory behind a lock, because werkzeug serves requests on
threads and tests read and change the state while the server runs.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import current_app

from .access_tokens import AccessToken, AccessTokens
from .claims import Launch, resource_link_claims
from .deep_linking_claims import deep_linking_claims
from .deep_linking_data import DeepLinkingRequests
from .gradebook import Gradebook, LineItem, Score
from .hints import DEEP_LINKING_REQUEST, HINT_MAX_AGE_SECONDS, HintSigner, InvalidHint, MessageHint
from .keys import PlatformKey
from .openid_configuration import openid_configuration
from .outage import Outage
from .page_cursors import PageCursors
from .registry import RegistrationStatus, ToolRegistry
from .roster import Context, Membership, Persona, ResourceLink, User, is_staff
from .settings import PlatformSettings, ToolRegistration
from .tool_keys import ToolKeyCache
from .urls import ServiceUrls

Tweak = Callable[[dict[str, Any], dict[str, Any]], None]
ConfigurationTweak = Callable[[dict[str, Any]], None]


class Platform:
    def __init__(self, settings: PlatformSettings, key: PlatformKey) -> None:
        self.settings = settings
        self.urls = ServiceUrls(settings.url)
        self.gradebook = Gradebook()
        self._key = key
        self._hints = HintSigner(settings.secret_key)
        self.deep_links = DeepLinkingRequests(settings.secret_key)
        self._lock = threading.RLock()
        self.tools = ToolRegistry(ToolRegistration.from_settings(settings))
        self._configuration_tweak: ConfigurationTweak | None = None
        self._users: dict[str, User] = {}
        self._contexts: dict[str, Context] = {}
        self._memberships: dict[tuple[str, str], Membership] = {}
        self._personas: list[Persona] = []
        self._tweaks: list[Tweak] = []
        self._used_hints: dict[str, float] = {}
        self.access_tokens = AccessTokens()
        self.outage = Outage()
        self.page_cursors = PageCursors()

    # --- registration -------------------------------------------------------

    @property
    def registration(self) -> ToolRegistration:
        return self.tools.current

    @property
    def tool_keys(self) -> ToolKeyCache:
        return self.tools.keys

    def add_tool(self, registration: ToolRegistration) -> None:
        """Enter another tool by hand, beside the current one; only launches reach it (by its client id)."""
        self.tools.add(registration)

    def replace_registration(self, registration: ToolRegistration) -> None:
        """Swap the tool as an administrator would by hand: live at once, keys fetched afresh."""
        self.tools.replace(registration)

    def update_registration(self, *, grade_sync_only: bool | None = None,
                            token_lifetime_seconds: int | None = None) -> ToolRegistration:
        """Change the current tool's AGS mode or token lifetime, as its Moodle settings page would;
        None leaves a setting as it is. Tokens already issued keep their scopes and expiry."""
        if token_lifetime_seconds is not None and token_lifetime_seconds < 1:
            raise ValueError(f"token_lifetime_seconds must be >= 1, got {token_lifetime_seconds!r}")

        def revised(current: ToolRegistration) -> ToolRegistration:
            return dataclasses.replace(
                current,
                grade_sync_only=current.grade_sync_only if grade_sync_only is None else grade_sync_only,
                token_lifetime_seconds=token_lifetime_seconds or current.token_lifetime_seconds,
            )

        return self.tools.revise(revised)

    def start_registration(self) -> tuple[str, str]:
        """What the platform appends to the tool's registration URL: (openid_configuration, registration_token)."""
        return self.urls.registration_configuration, self.tools.issue_token()

    @property
    def registration_status(self) -> RegistrationStatus:
        """One of "manual", "pending" (registered itself, not launchable yet) or "active"."""
        return self.tools.status

    def activate_registration(self) -> None:
        """What the administrator's "Activer l'outil" does; NothingToActivate if none is pending."""
        self.tools.activate()

    def openid_configuration(self) -> dict[str, Any]:
        """The configuration a tool reads first, with the quirk tests asked for, if any."""
        config = openid_configuration(self.urls)
        with self._lock:
            tweak = self._configuration_tweak
        if tweak is not None:
            tweak(config)
        return config

    def tweak_openid_configuration(self, fn: ConfigurationTweak | None) -> None:
        """Let fn(config) alter every OpenID configuration served, as real platforms do; None stops."""
        with self._lock:
            self._configuration_tweak = fn

    # --- roster -------------------------------------------------------------

    @property
    def users(self) -> dict[str, User]:
        with self._lock:
            return dict(self._users)

    @property
    def contexts(self) -> dict[str, Context]:
        with self._lock:
            return dict(self._contexts)

    @property
    def personas(self) -> list[Persona]:
        with self._lock:
            return list(self._personas)

    def add_user(self, user: User) -> None:
        with self._lock:
            self._users[user.id] = user

    def add_context(self, context: Context) -> None:
        with self._lock:
            self._contexts[context.id] = context

    def enrol(self, user_id: str, context_id: str, roles: list[str] | tuple[str, ...],
              mentees: tuple[str, ...] = ()) -> Membership:
        with self._lock:
            if user_id not in self._users or context_id not in self._contexts:
                raise KeyError(f"unknown user {user_id!r} or context {context_id!r}")
            membership = Membership(user_id, context_id, tuple(roles), tuple(mentees))
            self._memberships[(context_id, user_id)] = membership
            return membership

    def add_link(self, context_id: str, link: ResourceLink) -> None:
        """Place one more link in the course, as deep linking does; KeyError for an unknown course."""
        with self._lock:
            self._contexts[context_id] = self._contexts[context_id].with_link(link)

    def add_persona(self, persona: Persona) -> None:
        with self._lock:
            self._personas.append(persona)

    def membership(self, user_id: str, context_id: str) -> Membership | None:
        with self._lock:
            return self._memberships.get((context_id, user_id))

    def members(self, context_id: str) -> list[tuple[User, Membership]]:
        """The course's members, in enrolment order."""
        with self._lock:
            return [(self._users[m.user_id], m) for (c, _), m in self._memberships.items() if c == context_id]

    # --- launch -------------------------------------------------------------

    def login_initiation(self, user_id: str, context_id: str, resource_link_id: str | None = None,
                         *, document_target: str = "iframe", client_id: str | None = None) -> tuple[str, dict[str, str]]:
        """The tool's login URL and the form a browser would post there to launch a resource link.

        KeyError if the user is not enrolled, the link is not in the course or no tool has this
        client id (default: the current tool); ToolPending while the tool registered itself and
        awaits activation.
        """
        with self._lock:
            self._enrolment(user_id, context_id)
            link = self._contexts[context_id].link(resource_link_id)
        registration = self.tools.launchable(client_id)
        hint = MessageHint.new(user_id, context_id, link.id, document_target, client_id=registration.client_id)
        return self._initiation(registration, hint, link.url)

    def deep_linking_initiation(self, user_id: str, context_id: str, *,
                                document_target: str = "iframe") -> tuple[str, dict[str, str]]:
        """Like login_initiation, for an LtiDeepLinkingRequest: a teacher adds activities from the tool.

        ValueError for a learner or a mentor: only staff may add activities, as in Moodle.
        """
        with self._lock:
            if not is_staff(self._enrolment(user_id, context_id).roles):
                raise ValueError(f"user {user_id!r} may not add activities to {context_id!r}")
        registration = self.tools.launchable()
        hint = MessageHint.new(user_id, context_id, None, document_target, DEEP_LINKING_REQUEST,
                               client_id=registration.client_id)
        return self._initiation(registration, hint, None)

    def _enrolment(self, user_id: str, context_id: str) -> Membership:
        membership = self.membership(user_id, context_id)
        if membership is None:
            raise KeyError(f"user {user_id!r} is not enrolled in {context_id!r}")
        return membership

    def _initiation(self, registration: ToolRegistration, hint: MessageHint,
                    target_link_uri: str | None) -> tuple[str, dict[str, str]]:
        return registration.login_url, {
            "iss": self.urls.base,
            "login_hint": hint.login_hint,
            "target_link_uri": target_link_uri or registration.target_link_uri,
            "lti_message_hint": self._hints.issue(hint),
            "client_id": registration.client_id,
            "lti_deployment_id": registration.deployment_id,
        }

    def read_message_hint(self, token: str) -> MessageHint:
        """The hint behind token; InvalidHint if forged, expired or already used."""
        hint = self._hints.read(token)
        with self._lock:
            self._check_unused(hint)
        return hint

    def _check_unused(self, hint: MessageHint) -> None:
        if hint.id in self._used_hints:
            raise InvalidHint("this lti_message_hint was already used")

    def tweak_next_launch(self, fn: Tweak) -> None:
        """Let fn(claims, headers) alter the next id_token /auth builds, once."""
        with self._lock:
            self._tweaks.append(fn)

    def id_token(self, hint: MessageHint, nonce: str) -> str:
        """Build and sign the launch's id_token, using up the hint (InvalidHint if used)."""
        with self._lock:
            self._check_unused(hint)
            now = time.time()
            self._used_hints = {k: t for k, t in self._used_hints.items() if t > now}
            self._used_hints[hint.id] = now + HINT_MAX_AGE_SECONDS
            launch = self._launch(hint, nonce)
            claims = self._claims(launch, hint, int(now))
            tweak = self._tweaks.pop(0) if self._tweaks else None
        headers: dict[str, Any] = {"kid": self._key.kid, "alg": "RS256", "typ": "JWT"}
        if tweak is not None:
            tweak(claims, headers)
        return self._key.encode(claims, headers)

    def _claims(self, launch: Launch, hint: MessageHint, now: int) -> dict[str, Any]:
        registration = self.tools.named(hint.client_id)
        if hint.message_type == DEEP_LINKING_REQUEST:
            data = self.deep_links.issue(launch.context.id, launch.user.id)
            return deep_linking_claims(launch, registration, self.urls, now, data)
        return resource_link_claims(launch, registration, self.urls, now)

    def _launch(self, hint: MessageHint, nonce: str) -> Launch:
        context = self._contexts[hint.context_id]
        link = None if hint.message_type == DEEP_LINKING_REQUEST else context.link(hint.resource_link_id)
        items = self.gradebook.find(context.id, resource_link_id=link.id) if link else []
        return Launch(
            user=self._users[hint.login_hint],
            context=context,
            link=link,
            membership=self._memberships[(context.id, hint.login_hint)],
            nonce=nonce,
            document_target=hint.document_target,
            line_item_id=items[0].id if items else None,
        )

    # --- keys and signing ---------------------------------------------------

    def sign(self, claims: dict[str, Any], headers: dict[str, Any] | None = None) -> str:
        """RS256 with the platform key and its kid; a header set to None is left out."""
        merged = {"kid": self._key.kid, **(headers or {})}
        return self._key.encode(claims, {k: v for k, v in merged.items() if v is not None})

    def public_jwks(self) -> dict[str, list[dict[str, Any]]]:
        return {"keys": [self._key.public_jwk()]}

    # --- OAuth 2 ------------------------------------------------------------

    @property
    def issued_tokens(self) -> list[AccessToken]:
        return self.access_tokens.issued

    # --- gradebook ----------------------------------------------------------

    @property
    def line_items(self) -> dict[int, LineItem]:
        return self.gradebook.line_items

    @property
    def scores(self) -> list[Score]:
        return self.gradebook.scores


def current_platform() -> Platform:
    platform: Platform = current_app.extensions["devplatform"]
    return platform
