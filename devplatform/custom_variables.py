"""Substitution of `$Variable` custom parameter values, for the variables the platform advertises.

A tool's registration may ask for `{"course": "$Context.id"}`; the launch then carries the
course id. A value naming a variable the platform does not know is sent unchanged, as the
LTI 1.3 core specification asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .claims import Launch

VARIABLES: dict[str, Callable[[Launch], str | None]] = {
    "Context.id": lambda launch: launch.context.id,
    "Context.label": lambda launch: launch.context.label,
    "Context.title": lambda launch: launch.context.title,
    # A deep linking request has no resource link: the value then goes unchanged.
    "ResourceLink.id": lambda launch: launch.link.id if launch.link else None,
    "ResourceLink.title": lambda launch: launch.link.title if launch.link else None,
    "User.id": lambda launch: launch.user.id,
    "Person.name.full": lambda launch: launch.user.name,
    "Person.name.given": lambda launch: launch.user.given_name,
    "Person.name.family": lambda launch: launch.user.family_name,
    "Person.email.primary": lambda launch: launch.user.email,
}


def substitute(parameters: tuple[tuple[str, str], ...], launch: Launch) -> dict[str, str]:
    return {name: _value(value, launch) for name, value in parameters}


def _value(value: str, launch: Launch) -> str:
    variable = VARIABLES.get(value[1:]) if value.startswith("$") else None
    found = variable(launch) if variable is not None else None
    return value if found is None else found
