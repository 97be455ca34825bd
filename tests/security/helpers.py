"""What the hostile-input tests share: a test client at the tool's address, their Hypothesis settings."""
from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, settings

from lti import claims as c

# Deterministic and bounded, for CI; a failure message lists every failing request, so no shrinking.
WALK_SETTINGS = settings(
    derandomize=True, database=None, deadline=None, phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class ToolClient(FlaskClient):
    """Flask's test client, addressed to the tool's host name and port, as the launches were."""

    base_url = "http://localhost/"

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", self.base_url)
        return super().open(*args, **kwargs)


def content_selection(return_to: str):
    """A dev platform tweak: the next launch asks for a content selection (deep linking)."""

    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        claims[c.MESSAGE_TYPE] = "LtiDeepLinkingRequest"
        claims.pop(c.RESOURCE_LINK, None)
        claims[c.DEEP_LINKING_SETTINGS] = {
            "deep_link_return_url": return_to + "/deep-link/return",
            "accept_types": ["ltiResourceLink"],
            "accept_multiple": True,
        }

    return tweak
