"""`limit` / `from` paging with a Link rel="next" header, as Moodle's services page; or opaque cursors
that must come back byte for byte, when the platform's switch is on (page_cursors.py)."""

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
    cursors = current_platform().page_cursors
    start = _cursor_position() if "cursor" in request.args else _int_arg("from", minimum=0) or 0
    if limit is None:
        return list(items[start:]), None
    end = start + min(limit, MAX_LIMIT)
    if end >= len(items):
        return list(items[start:end]), None
    args = request.args.to_dict(flat=False)
    if cursors.on:
        args = {k: v for k, v in args.items() if k not in ("from", "cursor")}
        target = cursors.issue(f"{quote(request.path)}?{urlencode(args, doseq=True)}", end)
    else:
        args["from"] = [str(end)]
        target = f"{quote(request.path)}?{urlencode(args, doseq=True)}"
    return list(items[start:end]), f'<{current_platform().urls.base}{target}>; rel="next"'


def _cursor_position() -> int:
    """Where a cursor page starts, if its URL is exactly one this platform issued (the raw request target)."""
    raw = request.environ.get("RAW_URI") or request.full_path.rstrip("?")
    position = current_platform().page_cursors.position(raw)
    if position is None:
        raise ApiError(400, "invalid_request", "unknown cursor: request a next page's URL exactly as given")
    return position


def _int_arg(name: str, minimum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) < minimum:
        raise ApiError(400, "invalid_request", f"`{name}` must be an integer >= {minimum}, got {raw!r}")
    return int(raw)
