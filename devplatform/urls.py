"""The platform's public URLs and the service scopes, built in one place.

Every URL starts from the configured base URL (the issuer), never from the request's
Host, so what the tool receives in a launch matches what it later calls. Paths stay
lower case: pylti1p3 lower-cases the whole Link header before reading the next page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

AGS_SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
AGS_SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
AGS_SCOPE_RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
AGS_SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
AGS_SCOPES = (AGS_SCOPE_LINEITEM, AGS_SCOPE_LINEITEM_READONLY, AGS_SCOPE_RESULT_READONLY, AGS_SCOPE_SCORE)
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"

# Moodle puts the tool type id in the query string of every line item URL; tools must
# keep it when they append /scores or /results. There is one tool here, so one type.
TYPE_ID = "1"


@dataclass(frozen=True)
class ServiceUrls:
    base: str

    @property
    def auth(self) -> str:
        return self.base + "/auth"

    @property
    def token(self) -> str:
        return self.base + "/token"

    @property
    def jwks(self) -> str:
        return self.base + "/jwks"

    @property
    def openid_configuration(self) -> str:
        return self.base + "/.well-known/openid-configuration"

    @property
    def registration_configuration(self) -> str:
        """The same configuration at the address given to tools, as Moodle gives its own:
        a tool must read the one it is handed, not guess the well-known one."""
        return self.base + "/registration/openid-configuration"

    @property
    def registration(self) -> str:
        return self.base + "/register"

    def lineitems(self, context_id: str) -> str:
        return f"{self.base}/api/contexts/{_part(context_id)}/lineitems"

    def lineitem(self, context_id: str, item_id: int) -> str:
        return self._item(context_id, item_id, "")

    def scores(self, context_id: str, item_id: int) -> str:
        return self._item(context_id, item_id, "/scores")

    def results(self, context_id: str, item_id: int) -> str:
        return self._item(context_id, item_id, "/results")

    def result(self, context_id: str, item_id: int, user_id: str) -> str:
        return self._item(context_id, item_id, f"/results/{_part(user_id)}")

    def memberships(self, context_id: str) -> str:
        return f"{self.base}/api/contexts/{_part(context_id)}/memberships"

    def return_url(self, context_id: str) -> str:
        return f"{self.base}/courses/{_part(context_id)}/return"

    def deep_link_return(self, context_id: str) -> str:
        return f"{self.base}/courses/{_part(context_id)}/deep-linking/return"

    def _item(self, context_id: str, item_id: int, tail: str) -> str:
        return f"{self.lineitems(context_id)}/{item_id}/lineitem{tail}?type_id={TYPE_ID}"


def _part(value: str) -> str:
    return quote(value, safe="")
