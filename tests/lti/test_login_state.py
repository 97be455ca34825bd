"""Signed login states: what the login hands the platform, and what the launch accepts back."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.timed import TimestampSigner

from lti.login_state import SALT, STATE_PREFIX, LoginStates

STATES = LoginStates("a-secret-key", timedelta(minutes=10))


def test_a_state_names_its_registration_and_nonce() -> None:
    value, nonce = STATES.issue(7)

    login = STATES.read(STATE_PREFIX + value)

    assert login is not None and login.platform_id == 7 and login.nonce == nonce
    assert abs(login.issued_at - datetime.now(UTC)) < timedelta(seconds=5)
    assert len(STATE_PREFIX + value) <= 128  # lti_login_state.state


def test_each_login_gets_its_own_nonce() -> None:
    assert STATES.issue(7)[1] != STATES.issue(7)[1]


@pytest.mark.parametrize(
    "state",
    [
        pytest.param(lambda v: ("X" if v[0] != "X" else "Y") + v[1:], id="payload altered"),
        pytest.param(lambda v: LoginStates("another-key", timedelta(minutes=10)).issue(7)[0], id="another key"),
        pytest.param(lambda v: URLSafeTimedSerializer("a-secret-key", salt=SALT).dumps({"p": 7}), id="not a pair"),
        pytest.param(lambda v: URLSafeTimedSerializer("a-secret-key", salt=SALT).dumps(["7", "n"]), id="id not int"),
        pytest.param(lambda v: "state-never-issued", id="never issued"),
        pytest.param(lambda v: v, id="without its prefix"),
        pytest.param(lambda v: STATE_PREFIX + v + "=" * 40, id="padded past its column"),
        pytest.param(lambda v: STATE_PREFIX + v + "\u00e9", id="another alphabet"),
    ],
)
def test_a_state_not_issued_as_it_is_reads_as_nothing(state) -> None:
    assert STATES.read(state(STATES.issue(7)[0])) is None


def test_a_state_older_than_its_lifetime_reads_as_nothing(monkeypatch) -> None:
    long_ago = int(time.time()) - 601
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: long_ago)
    value, _ = STATES.issue(7)
    monkeypatch.undo()

    assert STATES.read(STATE_PREFIX + value) is None
