"""Valid launches the LMS may send in odd shapes: each still lands somewhere sensible."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from devplatform.seed import LILLE, ROUBAIX
from lms_service.models import Membership
from lti import claims as c
from lti.models import Platform

from ..lti_browser import LtiBrowser

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"
Tweak = Callable[[dict[str, Any], dict[str, Any]], None]


def _set(name: str, value: Any) -> Tweak:
    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        claims[name] = value

    return tweak


def _drop(*names: str) -> Tweak:
    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        for name in names:
            claims.pop(name, None)

    return tweak


def _launch_with(browser: LtiBrowser, tweak: Tweak, user: str = "ines-belkacem"):
    browser.platform.tweak_next_launch(tweak)
    launched = browser.launch(user, ROUBAIX)
    assert launched.response.status_code == 200, launched.response.text[:300]
    return launched


@pytest.mark.parametrize(
    "roles, learner, tutor",
    [
        ([f"{LIS}membership#Learner", f"{LIS}institution/person#Student"], True, False),
        (["Learner"], True, False),
        (["Instructor"], False, True),
        ([f"{LIS}membership/Instructor#TeachingAssistant"], False, True),
        (["http://example.org/roles#Astronaut"], True, False),
        ([""], True, False),
        ([], True, False),
        ([f"{LIS}membership#Learner", f"{LIS}membership#Instructor"], True, True),
    ],
    ids=["several roles", "short Learner", "short Instructor", "teaching assistant", "unknown role",
         "empty role entry", "empty roles list", "learner and instructor"],
)
def test_roles_map_to_what_the_person_may_do(browser: LtiBrowser, db, roles, learner, tutor) -> None:
    _launch_with(browser, _set(c.ROLES, roles))
    membership = db.scalars(select(Membership)).one()
    assert (membership.is_learner, membership.is_tutor) == (learner, tutor)


def test_only_an_email(browser: LtiBrowser, db) -> None:
    launched = _launch_with(browser, _drop("name", "given_name", "family_name"))
    assert "Bonjour" in launched.response.text
    assert db.scalars(select(Membership)).one().user.display_name == "ines.belkacem@example.org"


def test_only_names(browser: LtiBrowser, db) -> None:
    launched = _launch_with(browser, _drop("email"))
    assert "Bonjour Inès" in launched.response.text
    assert db.scalars(select(Membership)).one().user.email is None


def test_no_personal_data_at_all(browser: LtiBrowser, db) -> None:
    launched = _launch_with(browser, _drop("name", "given_name", "family_name", "email", "locale"))
    assert "<h1>Bonjour</h1>" in launched.response.text
    user = db.scalars(select(Membership)).one().user
    assert user.name is None and user.email is None and user.display_name.startswith("Personne ")


def test_no_context_opens_the_learner_view_with_an_explanation(browser: LtiBrowser, db) -> None:
    launched = _launch_with(browser, _drop(c.CONTEXT), user="nadia-haddad")
    assert "n'a pas dit de quel cours vous venez" in launched.response.text
    membership = db.scalars(select(Membership)).one()
    assert not membership.context.has_course


def test_aud_list_with_the_right_azp(browser: LtiBrowser) -> None:
    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        claims["aud"] = [claims["aud"], "another-audience"]
        claims["azp"] = claims["aud"][0]

    _launch_with(browser, tweak)


def test_a_launch_with_cached_keys_makes_no_network_call(browser: LtiBrowser, db, fetches) -> None:
    """The platform JWKS is fetched once, then read from the database."""
    platform_row = db.scalars(select(Platform)).one()
    platform_row.key_set, platform_row.key_set_fetched_at = None, None
    db.commit()
    browser.launch("ines-belkacem", ROUBAIX)
    browser.launch("kevin-dufour", ROUBAIX)
    browser.launch("nadia-haddad", ROUBAIX)
    assert len(fetches) == 1


def test_a_platform_clock_a_little_ahead_is_tolerated(browser: LtiBrowser, app) -> None:
    """An iat up to LTI_CLOCK_SKEW_SECONDS in the future passes (LMS clocks drift)."""
    import time

    skew = app.config["LTI_CLOCK_SKEW_SECONDS"]

    def ahead(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        claims["iat"] = int(time.time()) + skew // 2
        claims["exp"] = claims["iat"] + 60

    _launch_with(browser, ahead)


@pytest.mark.parametrize(
    "claim, sent, kept",
    [
        ("locale", "fr-FR-" + "x" * 100, ("fr-FR-" + "x" * 100)[:35]),
        ("name", "N" * 300, "N" * 255),
        ("email", "e" * 400 + "@example.org", ("e" * 400)[:320]),
        ("name", "Inès\x00 Belkacem", "Inès Belkacem"),
        ("family_name", "Bel\ud800kacem", "Belkacem"),
    ],
    ids=["locale over 35 characters is cut", "name over its column is cut", "email over its column is cut",
         "NUL removed from a name", "unpaired surrogate removed from a name"],
)
def test_free_text_is_cleaned_and_cut_to_its_column(browser: LtiBrowser, db, claim, sent, kept) -> None:
    """Names, e-mail and locale are only shown: cutting them loses a little text, never a person."""
    _launch_with(browser, _set(claim, sent))
    assert getattr(db.scalars(select(Membership)).one().user, claim) == kept


def test_an_identifier_of_255_characters_is_kept_whole(browser: LtiBrowser, db) -> None:
    sub = "s" * 255
    _launch_with(browser, _set("sub", sub))
    assert db.scalars(select(Membership)).one().user.sub == sub


def test_a_mentor_scope_entry_that_cannot_be_a_sub_is_dropped(browser: LtiBrowser, db) -> None:
    """The scope is matched against stored subs: a NUL entry must not reach the database."""
    _launch_with(browser, _set(c.ROLE_SCOPE_MENTOR, ["ines-belkacem", "kevin\x00dufour", "x" * 300]), user="olivier-martin")
    assert db.scalars(select(Membership)).one().mentor_scope == ["ines-belkacem"]


def test_a_name_changed_at_a_launch_is_the_sort_key_in_every_course(browser: LtiBrowser, db) -> None:
    """Nadia, known in Roubaix and Lille, comes back from Roubaix under a new family name: both memberships are
    sorted and found by it (the référents' lists read the key stored beside each course)."""
    browser.launch("nadia-haddad", ROUBAIX)
    browser.launch("nadia-haddad", LILLE)
    assert {m.name_key for m in db.scalars(select(Membership))} == {"haddad nadia"}
    _launch_with(browser, _set("family_name", "Ben Saïd"), user="nadia-haddad")
    db.expire_all()
    assert {m.name_key for m in db.scalars(select(Membership))} == {"ben said nadia"}
