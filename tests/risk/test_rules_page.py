"""Issue 13, points 4 and 8: the LMS administrator changes when a learner is « à appeler » (a form with its CSRF
token, the change attributed); the worker's next look applies the new rules; nobody else may, and another LMS's
rules stay as they were."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from devplatform.seed import ROUBAIX
from lms_service.db import as_utc, utcnow
from lms_service.models import Context, CourseFigures, Membership, RiskRules, User
from lms_service.risk.course_pass import AFTER_ACTIVITY, due_courses
from lms_service.risk.reasons import INACTIVE
from lms_service.security.csrf import csrf_token

from .conftest import reasons, started

RULES = "/tutor/lms/alertes"
GOOD = {"inactive_days": "3", "not_started_days": "5", "entry_test_percent": "40", "failed_attempts": "3",
        "review_weeks": "6", "silent_days": "45"}


def _post(visitor, form: dict[str, str], *, csrf: bool = True):
    page = visitor.get(RULES)
    data = {"lt": visitor.token, **form}
    if csrf:
        data["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return visitor.browser.http.post(f"{visitor.base}{RULES}?lt={visitor.token}", data=data, allow_redirects=False)


def _id(db, sub: str) -> int:
    return db.scalars(select(Membership.id).join(User).where(User.sub == sub,
                                                             Membership.context.has(lti_context_id=ROUBAIX))).one()  # fmt: skip


def _all_rules(db) -> list[tuple]:
    db.expire_all()
    return [(r.lms_id, r.inactive_days, r.not_started_days, r.entry_test_percent, r.failed_attempts, r.updated_by_id)
            for r in db.scalars(select(RiskRules).order_by(RiskRules.lms_id))]  # fmt: skip


def test_the_administrator_s_rules_are_attributed_and_the_next_look_applies_them(visit, make, db, refresh) -> None:
    admin = visit("claire-vasseur")
    page = admin.get(RULES)
    assert page.status_code == 200 and 'name="inactive_days"' in page.text and 'value="7"' in page.text
    other_lms = make.lms()
    db.add(RiskRules(lms_id=other_lms, inactive_days=20, not_started_days=9, failed_attempts=4))
    course = db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()
    quiet = make.member(course, "Quatre Jours", entry_date=(utcnow() - timedelta(days=30)).date(),
                        last_activity_at=utcnow() - timedelta(days=4))  # fmt: skip
    started(db, quiet)
    db.commit()
    refresh(utcnow())
    assert reasons(db, quiet.id) == 0  # four days is no silence under the default seven
    before = utcnow()

    sent = _post(admin, GOOD)
    assert sent.status_code == 303 and "enregistre=1" in sent.headers["Location"]
    db.expire_all()
    row = db.get(RiskRules, course.lms_id)
    assert (row.inactive_days, row.not_started_days, row.entry_test_percent, row.failed_attempts, row.review_weeks,
            row.silent_days) == (3, 5, 40, 3, 6, 45)  # fmt: skip
    assert row.updated_by_id == _id(db, "claire-vasseur")
    assert before <= as_utc(row.updated_at) <= utcnow() and row.changed_at == row.updated_at
    assert (other_lms, 20, 9, None, 4, None) in _all_rules(db)  # the other LMS's own rules, untouched
    shown = admin.get(f"{RULES}?enregistre=1").text
    assert "Règles enregistrées" in shown and 'id="inactive_days" name="inactive_days"' in shown

    changed = as_utc(row.changed_at)
    db.execute(update(CourseFigures).values(computed_at=changed - timedelta(minutes=5)))  # looked at before, not since
    db.commit()
    assert (course.id, course.lms_id) in due_courses(db, changed + AFTER_ACTIVITY, 10)  # due for the change
    refresh(changed + AFTER_ACTIVITY)
    assert reasons(db, quiet.id) == INACTIVE  # four days is silence under three
    listing = visit("nadia-haddad").get("/tutor/?vue=tous").text
    assert "Aucune activité depuis 3 jours" in listing


@pytest.mark.parametrize("field, value", [
    ("inactive_days", "0"), ("inactive_days", "1000"), ("not_started_days", "abc"), ("entry_test_percent", "7.5"),
    ("entry_test_percent", "101"), ("failed_attempts", ""), ("failed_attempts", None), ("inactive_days", "-3"),
    ("inactive_days", "٣"), ("inactive_days", "0001000"),
])  # fmt: skip
def test_a_value_out_of_bounds_is_named_and_nothing_is_saved(visit, db, field, value) -> None:
    admin = visit("claire-vasseur")
    form = {name: v for name, v in (GOOD | {field: value}).items() if v is not None}
    answer = _post(admin, form)
    assert answer.status_code == 400
    label = {"inactive_days": "Jours sans activité", "not_started_days": "Jours après l&#39;entrée sans module commencé",
             "entry_test_percent": "Seuil du test d&#39;entrée (%)", "failed_attempts": "Essais échoués à un même quiz"}
    alert = answer.text.split('id="form-errors"')[1].split("</div>")[0]
    assert f"« {label[field]} »" in alert and "Rien n'a été enregistré" in alert
    assert sum(name in alert for name in label.values()) == 1  # only the wrong one is named
    assert _all_rules(db) == []


@pytest.mark.parametrize("person", ["nadia-haddad", "olivier-martin", "ines-belkacem"])
def test_only_the_lms_administrator_may_read_or_change_the_rules(app, visit, db, person) -> None:
    """A tutor, a mentor and a learner, each with their own launch's CSRF token: refused by their role."""
    someone = visit(person)
    assert someone.get(RULES).status_code == 403
    with app.test_request_context():
        csrf = csrf_token(someone.token)
    sent = someone.browser.http.post(f"{someone.base}{RULES}?lt={someone.token}", allow_redirects=False,
                                     data={"lt": someone.token, "csrf_token": csrf, **GOOD})  # fmt: skip
    assert sent.status_code == 403
    assert _all_rules(db) == []


def test_a_change_without_the_form_s_csrf_token_is_refused(visit, db) -> None:
    admin = visit("claire-vasseur")
    assert _post(admin, GOOD, csrf=False).status_code == 400
    assert _post(admin, GOOD | {"csrf_token": "0" * 64}, csrf=False).status_code == 400
    assert _all_rules(db) == []
    assert _post(admin, GOOD).status_code == 303  # the same form with its token is taken
    assert len(_all_rules(db)) == 1
