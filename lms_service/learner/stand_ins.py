"""HTML drawn once for many learners, then given each one's launch: stand-ins for the tokens.

A learner's pages differ from another's in the same state only by the launch
token in their links and the form token derived from it. What is drawn once
carries stand-ins in their place (made of URL-safe characters, so url_for()
and HTML escaping leave them as they are), and each request puts its own in.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import g
from markupsafe import Markup, escape

from ..security.csrf import csrf_token

TOKEN_STAND_IN = "launch-token-stand-in"
CSRF_STAND_IN = "csrf-token-stand-in"


@contextmanager
def drawn_for_anyone() -> Iterator[dict[str, str]]:
    """While drawing, links carry the token's stand-in; yields the template values of both stand-ins."""
    token = g.pop("launch_token", None)
    g.launch_token = TOKEN_STAND_IN
    try:
        yield {"launch_token": TOKEN_STAND_IN, "csrf_token": CSRF_STAND_IN}
    finally:
        g.launch_token = token


def given_to(html: str, token: str) -> Markup:
    """`html` with this launch's token and form token in place of the stand-ins."""
    html = html.replace(TOKEN_STAND_IN, str(escape(token)))
    if CSRF_STAND_IN in html:
        html = html.replace(CSRF_STAND_IN, csrf_token(token))
    return Markup(html)
