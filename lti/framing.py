"""Who may frame the tool and where its forms may post: the Content-Security-Policy, built once.

The tool lives in LMS iframes, so X-Frame-Options cannot be used. A launched
page may be framed by `'self'` and the web origin of its own LMS, taken from the
launch and kept with the launch session: one origin, known from the first
launch in every worker, never the list of every registered LMS. Origins taken
from URLs are kept only when they are plain scheme://host[:port], so nothing can
slip into the header.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

_PLAIN_NETLOC = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: object) -> str | None:
    """scheme://host[:port] of an http(s) URL, lower-cased, default port left out; None otherwise."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not _PLAIN_NETLOC.fullmatch(parts.netloc):
        return None
    host = (parts.hostname or "").lower()
    return f"{scheme}://{host}" if port in (None, _DEFAULT_PORTS[scheme]) else f"{scheme}://{host}:{port}"


def content_security_policy(frame_ancestors: Iterable[str] = (), form_action: Iterable[str] | None = None) -> str:
    """No inline script; frames allowed for 'self' and `frame_ancestors`; forms post to 'self'
    unless `form_action` names where they must go instead."""
    ancestors = " ".join(["'self'", *frame_ancestors])
    targets = " ".join(form_action) if form_action is not None else "'self'"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"object-src 'none'; base-uri 'none'; form-action {targets}; frame-ancestors {ancestors}"
    )
