"""What the grade-delivery tests share: AGS scopes, a score body, and calls a tool makes over HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from devplatform.seed import ROUBAIX

LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
ALL_AGS = (LINEITEM, LINEITEM_READONLY, RESULT_READONLY, SCORE)
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
ITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
START = datetime(2024, 5, 2, 7, 30, tzinfo=UTC)


def lineitem_url(dev: Any, item_id: int = 1, context_id: str = ROUBAIX) -> str:
    """A line item's URL as the platform hands it out (item 1: the seeded Roubaix column)."""
    return f"{dev.url}/api/contexts/{context_id}/lineitems/{item_id}/lineitem?type_id=1"


def scores_url(lineitem: str) -> str:
    return lineitem.replace("/lineitem?", "/lineitem/scores?")


def score(second: int = 0, **changes: Any) -> dict[str, Any]:
    """A FullyGraded 15/20 for Inès, `second` seconds after START; a change set to None drops a field."""
    body = {"userId": "ines-belkacem", "scoreGiven": 15, "scoreMaximum": 20,
            "activityProgress": "Completed", "gradingProgress": "FullyGraded",
            "timestamp": (START + timedelta(seconds=second)).isoformat(), **changes}
    return {k: v for k, v in body.items() if v is not None}


def post_score(dev: Any, headers: dict[str, str], body: Any, lineitem: str | None = None) -> requests.Response:
    return dev.http.post(scores_url(lineitem or lineitem_url(dev)), data=json.dumps(body),
                         headers={**headers, "Content-Type": SCORE_TYPE})


def create_line_item(dev: Any, headers: dict[str, str], **fields: Any) -> str:
    """POST a column to Roubaix's container; its URL."""
    body = {"label": "Cybersécurité", "scoreMaximum": 20, **fields}
    response = dev.http.post(f"{dev.url}/api/contexts/{ROUBAIX}/lineitems", data=json.dumps(body),
                             headers={**headers, "Content-Type": ITEM_TYPE})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def control(dev: Any, name: str, body: Any = None) -> requests.Response:
    """GET (no body) or POST (JSON) a dev control, as a test in another process would."""
    url = f"{dev.url}/dev/controls/{name}"
    return dev.http.get(url) if body is None else dev.http.post(url, json=body)


def csrf_token(dev: Any, read_form: Any, path: str) -> str:
    """This browser's CSRF field, read from a page's forms."""
    _, fields = read_form(dev.http.get(dev.url + path).text)
    return str(fields["csrf_token"])
