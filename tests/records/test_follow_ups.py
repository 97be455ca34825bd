"""Issue 14, point 3: the follow-ups at 3 and 6 months (in training, in a job, searching, no news), after the
review only, changed with their history; and the two alerts they move at once, without waiting for the
worker: « pas de bilan » after the nursery's five weeks, « sans nouvelles » a month after the review."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms_service.db import utcnow
from lms_service.models import RecordRevision, ReviewFollowUp
from lms_service.models.records import FOLLOW_UP
from lms_service.risk.reasons import LOST_CONTACT, NO_REVIEW

from .conftest import days_ago, reasons, stored, text_of


def _review(member) -> str:
    return f"/tutor/learners/{member.id}/bilan"


def _follow_up(member, months: int) -> str:
    return f"/tutor/learners/{member.id}/suivi/{months}"


def _rows(db, member) -> dict[int, ReviewFollowUp]:
    db.expire_all()
    query = select(ReviewFollowUp).where(ReviewFollowUp.membership_id == member.id)
    return {row.months: row for row in db.scalars(query)}


def _reviewed(cast, held_days_ago: int = 2, outcome: str = "training") -> None:
    sent = cast.client(cast.nadia).post(_review(cast.ines), {"held_on": days_ago(held_days_ago), "outcome": outcome})
    assert sent.status_code == 303


def test_a_follow_up_before_the_review_is_a_400_that_saves_nothing(cast, db) -> None:
    before = stored(db)
    answer = cast.client(cast.nadia).post(_follow_up(cast.ines, 3), {"state": "in_job", "noted_on": days_ago(0)})
    assert answer.status_code == 400 and "Enregistrez d'abord le bilan" in text_of(answer)
    assert stored(db) == before


def test_a_follow_up_may_be_noted_early_the_form_saying_when_it_usually_comes(cast, db) -> None:
    """A référent may have news the day after the review: allowed; each form says it usually comes 3 (or 6) months
    after the review."""
    _reviewed(cast, held_days_ago=1)
    page = cast.client(cast.nadia).get(_review(cast.ines))
    for n in (3, 6):
        field = re.search(rf'<input type="date" id="noted_on-{n}"[^>]*>', page.text).group(0)
        assert f'aria-describedby="noted_on-{n}-hint"' in field
        hint = re.search(rf'<p class="muted" id="noted_on-{n}-hint">([^<]*)</p>', page.text).group(1)
        assert f"En général vers {n} mois après le bilan" in hint and "plus tôt" in hint
    assert cast.client(cast.nadia).post(_follow_up(cast.ines, 3), {"state": "in_job",
                                                                   "noted_on": days_ago(0)}).status_code == 303  # fmt: skip
    assert _rows(db, cast.ines)[3].state == "in_job"


@pytest.mark.parametrize("months", [0, 1, 4, 12, 36])
def test_only_the_3_and_6_month_follow_ups_exist(cast, db, months) -> None:
    _reviewed(cast)
    before = stored(db)
    assert cast.client(cast.nadia).post(_follow_up(cast.ines, months), {"state": "in_job",
                                                                       "noted_on": days_ago(0)}).status_code == 404  # fmt: skip
    assert stored(db) == before


def test_follow_ups_are_noted_then_changed_keeping_what_they_said(cast, db) -> None:
    _reviewed(cast)
    nadia, thomas = cast.client(cast.nadia), cast.client(cast.thomas)
    sent = nadia.post(_follow_up(cast.ines, 3), {"state": "in_training", "noted_on": days_ago(1), "comment": "Formation AFPA."})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("#suivi-3")
    assert thomas.post(_follow_up(cast.ines, 6), {"state": "searching", "noted_on": days_ago(0)}).status_code == 303
    rows = _rows(db, cast.ines)
    assert (rows[3].state, rows[3].comment, rows[3].set_by_id) == ("in_training", "Formation AFPA.", cast.nadia.id)
    assert (rows[6].state, rows[6].comment, rows[6].set_by_id) == ("searching", None, cast.thomas.id)

    assert thomas.post(_follow_up(cast.ines, 3), {"state": "in_job", "noted_on": days_ago(0)}).status_code == 303
    rows = _rows(db, cast.ines)
    assert (rows[3].state, rows[3].comment, rows[3].set_by_id) == ("in_job", None, cast.thomas.id)
    (kept,) = db.scalars(select(RecordRevision).where(RecordRevision.kind == FOLLOW_UP))
    assert kept.record_id == rows[3].id and kept.changed_by_id == cast.thomas.id
    assert {name: kept.content[name] for name in ("state", "noted_on", "comment", "set_by_id")} == {
        "state": "in_training", "noted_on": days_ago(1), "comment": "Formation AFPA.", "set_by_id": cast.nadia.id}

    shown = text_of(nadia.get(_review(cast.ines)))
    three = shown.split("Suivi à 3 mois", 1)[1].split("Suivi à 6 mois", 1)[0]
    assert "En emploi · noté le" in three and "par Thomas Renard" in three
    assert "Voir la version d'avant En formation · noté le" in three and "par Nadia Haddad Formation AFPA." in three
    assert "En recherche · noté le" in shown.split("Suivi à 6 mois", 1)[1]


@pytest.mark.parametrize("form", [
    {"state": "parti", "noted_on": days_ago(0)},
    {"state": "", "noted_on": days_ago(0)},
    {"noted_on": days_ago(0)},
    {"state": "in_job", "noted_on": days_ago(-1)},  # in the future
    {"state": "in_job", "noted_on": days_ago(3)},  # before the review (2 days ago)
    {"state": "in_job", "noted_on": ""},
    {"state": "in_job"},
    {"state": "in_job", "noted_on": "2027-02-29"},
    {"state": "in_job", "noted_on": days_ago(0), "comment": "c" * 1001},
], ids=["unknown-state", "empty-state", "no-state", "future", "before-review", "empty-date", "no-date", "feb-29",
        "comment-1001"])  # fmt: skip
def test_a_bad_follow_up_is_a_400_that_saves_nothing(cast, db, form) -> None:
    _reviewed(cast)
    nadia = cast.client(cast.nadia)
    assert nadia.post(_follow_up(cast.ines, 3), form).status_code == 400 and _rows(db, cast.ines) == {}
    assert nadia.post(_follow_up(cast.ines, 3), {"state": "searching", "noted_on": days_ago(1)}).status_code == 303
    before = stored(db)
    answer = nadia.post(_follow_up(cast.ines, 3), form)
    assert answer.status_code == 400 and "Rien n'a été enregistré" in answer.text
    assert stored(db) == before and _rows(db, cast.ines)[3].state == "searching"


def test_past_five_weeks_without_a_review_the_learner_is_flagged_until_it_is_saved(cast, db, refresh) -> None:
    """Kévin entered 60 days ago: the worker's pass flags « pas de bilan »; the saved review clears it at once."""
    refresh(utcnow())
    assert reasons(db, cast.kevin.id) & NO_REVIEW
    assert cast.client(cast.nadia).post(_review(cast.kevin), {"held_on": days_ago(0), "outcome": "project"}).status_code == 303
    assert not reasons(db, cast.kevin.id) & NO_REVIEW  # no worker pass in between
    refresh(utcnow(), every=True)
    assert not reasons(db, cast.kevin.id) & NO_REVIEW


def test_a_month_without_news_after_the_review_flags_the_learner_until_a_follow_up(cast, db, refresh) -> None:
    """Inès's review is 35 days old and she did nothing since: « sans nouvelles »; a follow-up that found her is
    news, one that found nobody (« sans nouvelles ») is not."""
    _reviewed(cast, held_days_ago=35)
    assert reasons(db, cast.ines.id) & LOST_CONTACT  # at once, with the review's save
    refresh(utcnow(), every=True)
    assert reasons(db, cast.ines.id) & LOST_CONTACT and not reasons(db, cast.ines.id) & NO_REVIEW
    sent = cast.client(cast.thomas).post(_follow_up(cast.ines, 3), {"state": "no_news", "noted_on": days_ago(0)})
    assert sent.status_code == 303
    assert reasons(db, cast.ines.id) & LOST_CONTACT
    sent = cast.client(cast.thomas).post(_follow_up(cast.ines, 3), {"state": "searching", "noted_on": days_ago(0)})
    assert sent.status_code == 303
    assert not reasons(db, cast.ines.id) & LOST_CONTACT
    refresh(utcnow(), every=True)
    assert not reasons(db, cast.ines.id) & LOST_CONTACT


def test_a_recent_review_or_a_dropout_is_no_silence(cast, db, refresh) -> None:
    _reviewed(cast, held_days_ago=29)
    refresh(utcnow(), every=True)
    assert not reasons(db, cast.ines.id) & LOST_CONTACT
    assert cast.client(cast.nadia).post(_review(cast.ines), {"held_on": days_ago(40), "outcome": "dropped_out",
                                                             "dropout_reason": "Retour à l'emploi seul."}).status_code == 303  # fmt: skip
    refresh(utcnow(), every=True)
    assert not reasons(db, cast.ines.id) & LOST_CONTACT  # held 40 days ago, but nobody is chased after a dropout


def test_a_refused_form_shows_what_was_typed_and_the_other_forms_what_is_saved(cast) -> None:
    _reviewed(cast)
    nadia = cast.client(cast.nadia)
    refused = nadia.post(_follow_up(cast.ines, 6), {"state": "parti", "noted_on": days_ago(0), "comment": "Tapé ici."})
    assert refused.status_code == 400
    assert re.search(r'<textarea id="comment-6"[^>]*>Tapé ici\.</textarea>', refused.text)
    assert re.search(r'<textarea id="comment-3"[^>]*></textarea>', refused.text)
    assert re.search(r'<input type="radio" id="outcome-training" name="outcome" value="training" checked', refused.text)
    refused = nadia.post(_review(cast.ines), {"held_on": days_ago(1), "outcome": "embauche", "training": "Tapé aussi."})
    assert refused.status_code == 400 and 'id="training" name="training" maxlength="255" value="Tapé aussi."' in refused.text
    assert 'value="training" checked' not in refused.text  # the review form shows what was sent, not what is saved
