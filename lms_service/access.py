"""Who may open which page: a launch for every page, a staff role for tutor pages."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar, cast

from flask import abort, g
from flask_login import current_user

from .sessions import Member, launch_problem

F = TypeVar("F", bound=Callable[..., Any])


def launch_required(view: F) -> F:
    """401 unless the request carries the token of a live launch session."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            refuse_without_launch()
        return view(*args, **kwargs)

    return cast(F, wrapper)


def records_activity(view: F) -> F:
    """launch_required, for a view that records what the person does: the request takes their membership.

    The session lookup then takes the membership (a row lock on PostgreSQL, the
    write lock on SQLite) as it reads it, so one person's recording requests
    (page views, answers) follow one another.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.takes_membership = True
        if not current_user.is_authenticated:
            refuse_without_launch()
        return view(*args, **kwargs)

    return cast(F, wrapper)


def staff_required(view: F) -> F:
    """403 for anyone who is not a tutor, mentor or administrator of this course."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            refuse_without_launch()
        if not current_membership().is_staff:
            abort(403)
        return view(*args, **kwargs)

    return cast(F, wrapper)


def refuse_without_launch() -> NoReturn:
    """401, saying why when the token named a session: expired, or bound to another browser."""
    problem = launch_problem()
    abort(401, description=problem.value if problem else None)


def current_membership() -> Member:
    """The membership of the launch this request belongs to."""
    return cast(Member, current_user.membership)
