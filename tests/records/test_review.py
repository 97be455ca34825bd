"""Issue 14, point 3: the end-of-nursery review (bilan), one per learner: its outcome, training, organisation,
financing route, adjustments (yes or no, never why) and follow-up date; a second save changes it and keeps
what it held, the page saying who changed what and when; a dropout needs its reason; every bad input is a
400 that saves nothing."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from lms_service.models import NurseryReview, RecordRevision
from lms_service.models.records import REVIEW
from lms_service.months import shift_months

from .conftest import days_ago, paris_day, stored, text_of

FULL = {"held_on": days_ago(2), "outcome": "training", "training": "Développeur web et web mobile",
        "organisation": "Afpa Roubaix", "financing": "prf", "adjustments": "oui", "follow_up_on": days_ago(-88)}  # fmt: skip


def _review(member) -> str:
    return f"/tutor/learners/{member.id}/bilan"


def _row(db, member) -> NurseryReview | None:
    db.expire_all()
    return db.scalars(select(NurseryReview).where(NurseryReview.membership_id == member.id)).first()


def _revisions(db, row: NurseryReview) -> list[RecordRevision]:
    query = select(RecordRevision).where(RecordRevision.kind == REVIEW, RecordRevision.record_id == row.id)
    return list(db.scalars(query.order_by(RecordRevision.id)))


def test_the_form_suggests_today_and_a_follow_up_three_months_later(cast) -> None:
    page = cast.client(cast.nadia).get(_review(cast.ines))
    assert page.status_code == 200
    today = paris_day()
    assert re.search(rf'id="held_on" name="held_on" required min="{days_ago(60)}" max="{today}" value="{today}"', page.text)
    assert f'id="follow_up_on" name="follow_up_on" value="{shift_months(today, 3)}"' in page.text
    assert "Proposée : trois mois après le bilan" in page.text
    hint = re.search(r'<fieldset aria-describedby="adjustments-hint">.*?</fieldset>', page.text, re.S).group(0)
    assert "Seulement oui ou non" in hint and "jamais pourquoi" in hint
    assert hint.count('type="radio"') == 3 and "<textarea" not in hint and 'type="text"' not in hint
    assert all(f'value="{route}"' in page.text for route in ("prf", "afc", "cpf", "poec", "poei", "alternance"))


def test_the_review_is_written_then_changed_and_keeps_who_changed_what(cast, db) -> None:
    sent = cast.client(cast.nadia).post(_review(cast.ines), FULL)
    assert sent.status_code == 303 and "enregistre=bilan" in sent.headers["Location"]
    row = _row(db, cast.ines)
    assert (row.outcome, row.training, row.organisation, row.financing, row.adjustments, row.dropout_reason) == (
        "training", "Développeur web et web mobile", "Afpa Roubaix", "prf", True, None)  # fmt: skip
    assert row.held_on.isoformat() == days_ago(2) and row.follow_up_on.isoformat() == days_ago(-88)
    assert row.written_by_id == cast.nadia.id and row.updated_at is None and _revisions(db, row) == []

    changed = {**FULL, "outcome": "job", "financing": "", "adjustments": "non"}
    assert cast.client(cast.thomas).post(_review(cast.ines), changed).status_code == 303
    row = _row(db, cast.ines)
    assert (row.outcome, row.financing, row.adjustments, row.updated_by_id) == ("job", None, False, cast.thomas.id)
    assert row.written_by_id == cast.nadia.id and stored(db)["NurseryReview"] == 1
    (kept,) = _revisions(db, row)
    assert kept.content == {"held_on": days_ago(2), "outcome": "training", "dropout_reason": None,
                            "training": "Développeur web et web mobile", "organisation": "Afpa Roubaix",
                            "financing": "prf", "adjustments": True, "follow_up_on": days_ago(-88)}  # fmt: skip
    assert kept.changed_by_id == cast.thomas.id

    page = cast.client(cast.nadia).get(_review(cast.ines) + "?enregistre=bilan")
    shown = text_of(page)
    assert "Bilan enregistré." in shown and "Écrit le" in shown and "par Nadia Haddad" in shown
    history = text_of_part(page.text, '<details class="history">', "</details>")
    assert "Thomas Renard a changé" in history and "Nadia Haddad a écrit le bilan" in history
    assert "Issue de la nurserie : « Emploi » (avant : « Entrée en formation »)" in history
    assert "Financement : « Non renseigné » (avant : « PRF — Programme régional de formation (Région) »)" in history
    assert "Aménagements nécessaires : « Non » (avant : « Oui »)" in history
    assert "Formation choisie" not in history.split("a écrit le bilan")[0]  # unchanged: not listed as a change
    # The same review sent again changes nothing and keeps no revision.
    assert cast.client(cast.thomas).post(_review(cast.ines), changed).status_code == 303
    assert len(_revisions(db, _row(db, cast.ines))) == 1


def text_of_part(html: str, start: str, end: str) -> str:
    part = html.split(start, 1)[1].split(end, 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", part).replace("&#39;", "'").split())


def test_a_dropout_needs_its_reason_and_another_outcome_clears_it(cast, db) -> None:
    nadia = cast.client(cast.nadia)
    dropped = {"held_on": days_ago(1), "outcome": "dropped_out"}
    refused = nadia.post(_review(cast.ines), {**dropped, "dropout_reason": "   "})
    assert refused.status_code == 400 and "Raison de l'abandon" in text_of(refused) and stored(db)["NurseryReview"] == 0
    assert nadia.post(_review(cast.ines), {**dropped, "dropout_reason": "Déménagement à Lyon."}).status_code == 303
    assert _row(db, cast.ines).dropout_reason == "Déménagement à Lyon."
    # Another outcome: the reason sent along is ignored, the stored one cleared (kept in the history).
    assert nadia.post(_review(cast.ines), {"held_on": days_ago(1), "outcome": "reorientation",
                                           "dropout_reason": "Reste du formulaire"}).status_code == 303  # fmt: skip
    row = _row(db, cast.ines)
    assert (row.outcome, row.dropout_reason) == ("reorientation", None)
    assert _revisions(db, row)[0].content["dropout_reason"] == "Déménagement à Lyon."
    # Without that outcome, no reason is needed.
    assert nadia.post(_review(cast.kevin), {"held_on": days_ago(1), "outcome": "project"}).status_code == 303


@pytest.mark.parametrize("change", [
    {"held_on": days_ago(-1)},  # in the future
    {"held_on": days_ago(61)},  # before the learner's entry (60 days ago)
    {"held_on": ""},
    {"held_on": "2026-02-30"},
    {"held_on": "lundi"},
    {"outcome": "embauche"},
    {"outcome": ""},
    {"financing": "rsa"},
    {"adjustments": "peut-être"},
    {"adjustments": "true"},
    {"training": "t" * 256},
    {"organisation": "o" * 256},
    {"outcome": "dropped_out", "dropout_reason": "r" * 1001},
    {"outcome": "dropped_out", "dropout_reason": ""},
    {"follow_up_on": days_ago(3)},  # before the review
    {"follow_up_on": days_ago(-800)},  # beyond two years
    {"follow_up_on": "31/12/2027"},
], ids=["future", "before-entry", "no-date", "feb-30", "not-a-date", "unknown-outcome", "no-outcome", "unknown-financing",
        "adjustments-maybe", "adjustments-true", "training-256", "organisation-256", "reason-1001", "reason-missing",
        "follow-up-before", "follow-up-far", "follow-up-not-iso"])  # fmt: skip
def test_a_bad_review_is_a_400_that_saves_nothing(cast, db, change) -> None:
    nadia = cast.client(cast.nadia)
    first = nadia.post(_review(cast.ines), {**FULL, **change})  # a first review refused: none is made
    assert first.status_code == 400 and "Rien n'a été enregistré" in first.text
    assert stored(db)["NurseryReview"] == 0
    assert nadia.post(_review(cast.ines), FULL).status_code == 303
    before, row = stored(db), _row(db, cast.ines)
    again = nadia.post(_review(cast.ines), {**FULL, **change})  # a change refused: the review stays as it was
    assert again.status_code == 400 and 'aria-describedby="form-errors"' in again.text
    assert stored(db) == before and _row(db, cast.ines).updated_at is None and _row(db, cast.ines).outcome == row.outcome


@pytest.mark.parametrize("missing", ["held_on", "outcome"])
def test_a_review_without_its_day_or_outcome_is_a_400(cast, db, missing) -> None:
    form = {name: value for name, value in FULL.items() if name != missing}
    assert cast.client(cast.nadia).post(_review(cast.ines), form).status_code == 400
    assert stored(db)["NurseryReview"] == 0


def test_a_review_with_only_its_day_and_outcome_is_enough(cast, db) -> None:
    assert cast.client(cast.nadia).post(_review(cast.ines), {"held_on": days_ago(0), "outcome": "job"}).status_code == 303
    row = _row(db, cast.ines)
    assert (row.training, row.organisation, row.financing, row.adjustments, row.follow_up_on) == (None,) * 5


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 10, 15), 3, date(2027, 1, 15)),
    (date(2026, 12, 31), 6, date(2027, 6, 30)),
])  # fmt: skip
def test_the_suggested_follow_up_is_the_same_day_months_later_or_the_month_s_last(day, months, expected) -> None:
    assert shift_months(day, months) == expected
