"""What a request may carry before any view sees it: no NUL character, no integer past the database.

PostgreSQL refuses NUL in text and integers beyond its columns' range; either
would surface as a 500. Both are stopped here, once, for every route: a NUL
anywhere in the path, a query or a form is a 400 with a plain message, and
`<int:...>` in a route matches only what an integer primary key can hold, so
a larger id is simply a 404.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map

# An `Integer` column (PostgreSQL's int4, every primary key here) holds at most this.
INTEGER_MAX = 2**31 - 1
NUL = "\x00"


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` for ids: ASCII digits (not any Unicode digit), at most INTEGER_MAX unless told otherwise."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", INTEGER_MAX)
        super().__init__(map, *args, **kwargs)


def has_nul(*texts: str) -> bool:
    return any(NUL in text for text in texts)


def refuse_nul() -> None:
    """400 for a NUL character in the path, a query or a form field (name or value)."""
    if has_nul(request.path):
        abort(400, description="nul")
    for fields in (request.args, request.form):
        for name, values in fields.lists():
            if has_nul(name, *values):
                abort(400, description="nul")


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: the converter must be known when routes are added."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(refuse_nul)
