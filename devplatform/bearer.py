"""Bearer access tokens on the service endpoints: 401 without a live token granted the call's scope.

RFC 6750 would answer 403 for a missing scope; Moodle answers 401 (its token check wants a live
token whose scopes meet the call's), and so does this platform: a tool must not retry a 401
forever by fetching new tokens that will lack the scope all the same.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import request

from .access_tokens import AccessToken
from .api_errors import ApiError
from .platform import current_platform

P = ParamSpec("P")
R = TypeVar("R")


def require_scope(*accepted: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Let the view run only for a live token granted one of the accepted scopes."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            token = _bearer_token()
            if not token.scopes.intersection(accepted):
                raise ApiError(401, "insufficient_scope", f"this call needs one of the scopes: {' '.join(accepted)}",
                               {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{" ".join(accepted)}"'})
            return view(*args, **kwargs)

        return guarded

    return decorate


def _bearer_token() -> AccessToken:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "invalid_token", "an Authorization: Bearer <access token> header is required",
                       {"WWW-Authenticate": 'Bearer realm="devplatform"'})
    token = current_platform().access_tokens.get(value.strip())
    if token is None:
        raise ApiError(401, "invalid_token", "the access token is unknown or has expired",
                       {"WWW-Authenticate": 'Bearer realm="devplatform", error="invalid_token"'})
    return token
