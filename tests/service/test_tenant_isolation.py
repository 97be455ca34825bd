"""One LMS's référents never see another LMS's learners, nor another course's (made with the factories)."""
from __future__ import annotations

import pytest


@pytest.fixture
def two_lms(make):
    """A référente and a learner in a course of this LMS; a learner in another course; another LMS's learner."""
    course, other_course = make.course("Nurserie Roubaix"), make.course("Nurserie Lille")
    elsewhere = make.course("Nurserie d'un autre LMS", lms_id=make.lms())
    tutor = make.member(course, "Nadia Haddad", tutor=True)
    mine = make.member(course, "Inès Belkacem")
    make.progress(mine, "developpement-web", 9, 9, seconds=1200)
    strangers = [make.member(other_course, "Sarah Lefebvre"), make.member(elsewhere, "Quelqu'un d'ailleurs")]
    return make.token(tutor), mine, strangers


def test_the_tutor_list_shows_only_this_course(app, two_lms) -> None:
    token, mine, _ = two_lms
    page = app.test_client().get(f"/tutor/?lt={token}").get_data(as_text=True)
    assert "Inès Belkacem" in page
    assert "Sarah Lefebvre" not in page and "Quelqu'un d'ailleurs" not in page


def test_another_course_s_or_lms_s_learner_is_a_404(app, two_lms) -> None:
    token, mine, strangers = two_lms
    client = app.test_client()
    assert client.get(f"/tutor/learners/{mine.id}?lt={token}").status_code == 200
    for stranger in strangers:
        assert client.get(f"/tutor/learners/{stranger.id}?lt={token}").status_code == 404
