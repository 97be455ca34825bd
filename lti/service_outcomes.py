"""What an answer of the LMS's services means (AGS and NRPS alike), decided here and nowhere else.

Each client turns an HTTP status into an AgsOutcome for its caller to record:
no status raises. The name is AGS's, where it began; NRPS answers read the same
way, with their own words for a missing roster (docs/research/issue12/ags-delivery.md §6.5).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

OutcomeKind = Literal["delivered", "conflict", "retry", "not_gradable", "course_closed", "gone", "refused"]
Target = Literal["score", "line_item", "roster", "token"]


@dataclass(frozen=True)
class AgsOutcome:
    kind: OutcomeKind
    status: int | None  # HTTP status; None when no answer came (timeout, connection refused)
    detail: str  # short, plain, safe to store and show an administrator (no token, no personal data)
    retry_after: float | None = None  # seconds, from Retry-After when given
    data: Any = None  # parsed JSON when delivered: a line item dict, or a list of line items


def refused(detail: str, status: int | None = None) -> AgsOutcome:
    return AgsOutcome("refused", status, detail)


# Refusals whose words name the learner or the course (research §4): (status, words, meaning, detail).
_NAMED: tuple[tuple[int, str, OutcomeKind, str], ...] = (
    (403, "not enrolled", "not_gradable", "the learner is not enrolled in the course"),  # Brightspace
    (404, "user in requested score does not exist", "not_gradable", "the LMS does not know the learner"),  # D2L
    (422, "not a student", "not_gradable", "the learner is not a student of the course"),  # Canvas
    (422, "course has concluded", "course_closed", "the course has concluded"),  # Canvas
)


def classify(status: int | None, said: str = "", target: Target = "line_item",
             retry_after: float | None = None) -> AgsOutcome:
    """What one answer means to the caller.

    `said` is what the LMS wrote (reason phrase and body), only matched against
    known words and never copied into the detail, which is stored and shown: an
    LMS may echo the learner's id. When no answer came, it is the transport's own
    account of why. A 401 reaching this point is the second one of a call.
    """
    kind, detail = _token_meaning(status, said) if target == "token" else _meaning(status, said, target)
    return AgsOutcome(kind, status, detail, retry_after if kind == "retry" else None)


def _meaning(status: int | None, said: str, target: Target) -> tuple[OutcomeKind, str]:
    if status is None:
        return "retry", f"no answer from the LMS: {said}"
    if 200 <= status < 300:
        return "delivered", f"HTTP {status}"
    if status in (408, 429) or status >= 500:
        return "retry", f"HTTP {status}: the LMS is busy or unavailable"
    if status == 401:
        return "refused", "HTTP 401 twice: the LMS refuses the tool's token (a scope it no longer grants?)"
    if 300 <= status < 400:
        return "refused", f"HTTP {status}: the LMS redirected the call (to a login page?)"
    if target == "roster":
        return _roster_meaning(status)
    return _grade_meaning(status, said, target)


def _grade_meaning(status: int, said: str, target: Target) -> tuple[OutcomeKind, str]:
    """AGS refusals: some name the learner or the course, and a score refused whole means the learner."""
    if status == 409:
        return "conflict", "HTTP 409: the LMS already holds a score at least as recent"
    words = said.lower()
    for code, phrase, kind, why in _NAMED:
        if status == code and phrase in words:
            return kind, f"HTTP {status}: {why}"
    if status == 400 and target == "score":  # Moodle's « Incorrect score received »: our score is well formed
        return "not_gradable", "HTTP 400: the LMS cannot grade this user (not enrolled, or not a learner)"
    if status == 404:
        return "gone", "HTTP 404: the line item no longer exists"
    return "refused", f"HTTP {status}: the LMS refused the call"


def _roster_meaning(status: int) -> tuple[OutcomeKind, str]:
    """NRPS refusals name nobody: a missing roster is a course gone or the service turned off."""
    if status == 404:
        return "gone", "HTTP 404: the LMS has no roster at this address (course deleted, or the service off?)"
    return "refused", f"HTTP {status}: the LMS refused the call"


def _token_meaning(status: int | None, said: str) -> tuple[OutcomeKind, str]:
    """The token endpoint's answers: only silence and overload are worth asking again."""
    if status is None or status in (408, 429) or status >= 500:
        return "retry", f"token endpoint: {said}"
    return "refused", f"token endpoint: {said} (check the registration's scopes and keys)"
