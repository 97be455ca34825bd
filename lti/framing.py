"""Who may frame the tool and where its forms may post: the Content-Security-Policy, built once.

The tool lives in LMS iframes, so X-Frame-Options cannot be used; frame-ancestors
lists the registered platforms' origins instead. Origins taken from URLs are kept
only when they are plain scheme://host[:port], so nothing can slip into the header.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Platform

_PLAIN_NETLOC = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def origin(url: str) -> str | None:
    """scheme://host[:port] of an http(s) URL, lower-cased; None for anything else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not _PLAIN_NETLOC.fullmatch(parts.netloc):
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def platform_origins(session: Session) -> list[str]:
    """Origins of the registered platforms (where their pages, and so their iframes, live)."""
    urls = session.scalars(select(Platform.auth_login_url))
    return sorted({o for o in map(origin, urls) if o})


def content_security_policy(frame_ancestors: Iterable[str] = (), form_action: Iterable[str] | None = None) -> str:
    """No inline script; frames allowed for 'self' and `frame_ancestors`; forms post to 'self'
    unless `form_action` names where they must go instead."""
    ancestors = " ".join(["'self'", *frame_ancestors])
    targets = " ".join(form_action) if form_action is not None else "'self'"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"object-src 'none'; base-uri 'none'; form-action {targets}; frame-ancestors {ancestors}"
    )
