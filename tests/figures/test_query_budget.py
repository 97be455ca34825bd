"""Issue 14, point 5: the figures page sends the same few statements whatever the number of learners, courses,
reviews and follow-ups: the launch session, the courses in scope, one grouped count, one for the follow-ups."""
from __future__ import annotations

from datetime import timedelta

from .conftest import follow_up, get, month_back, review


def _statements(app, sql, token: str, **args: str) -> list[str]:
    with sql() as seen:
        assert get(app, token, **args).status_code == 200
    return seen.statements


def test_the_page_s_statements_do_not_grow_with_the_programme(app, make, db, sql, programme) -> None:
    admin = make.token(make.member(programme.a, "Claire Vasseur", tutor=True, is_admin=True))
    get(app, admin)  # the session's first request is not the one measured
    few = _statements(app, sql, admin)
    chosen = _statements(app, sql, admin, cours=str(programme.a.id), modalite="presentiel")

    for n in range(12):  # twelve more courses of 15 learners each, reviewed and followed up
        course = make.course(f"Nurserie {n:02d}")
        for k in range(15):
            member = make.member(course, f"Personne {n}-{k}", entry_date=month_back(k % 6 + 2) + timedelta(days=k % 9),
                                 modality=("on_site", "remote", None)[k % 3])  # fmt: skip
            if k % 2:
                review(db, member, ("training", "project", "job", "reorientation", "dropped_out")[k % 5])
                follow_up(db, member, 3, "in_job")
    db.commit()
    many = _statements(app, sql, admin)
    assert len(many) == len(few), (few, many)
    assert len(_statements(app, sql, admin, cours=str(programme.a.id), modalite="presentiel")) == len(chosen)
    # The launch session (looked up, then its last sight noted), the courses, the grouped count, the follow-ups;
    # with a course chosen, that course too.
    selects = [s for s in many if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 4, selects
    assert len(chosen) == len(few) + 1
