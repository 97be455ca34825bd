"""`limit` / `from` paging with a Link rel="next" header, as Moodle's services page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar
from urllib.parse import quote, urlencode

from flask import request

from .api_errors import ApiError
from .platform import current_platform

T = TypeVar("T")
MAX_LIMIT = 1000


def paginate(items: Sequence[T]) -> tuple[list[T], str | None]:
    """The requested page of items, and the Link header pointing at the next one, if any."""
    limit = _int_arg("limit", minimum=1)
    start = _int_arg("from", minimum=0) or 0
    if limit is None:
        return list(items[start:]), None
    end = start + min(limit, MAX_LIMIT)
    if end >= len(items):
        return list(items[start:end]), None
    args = request.args.to_dict(flat=False)
    args["from"] = [str(end)]
    next_url = f"{current_platform().urls.base}{quote(request.path)}?{urlencode(args, doseq=True)}"
    return list(items[start:end]), f'<{next_url}>; rel="next"'


def _int_arg(name: str, minimum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) < minimum:
        raise ApiError(400, "invalid_request", f"`{name}` must be an integer >= {minimum}, got {raw!r}")
    return int(raw)
