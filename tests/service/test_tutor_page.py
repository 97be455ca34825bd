"""The tutor page: the learners of this course with what each has completed; 403 for learners."""
from __future__ import annotations

from devplatform.seed import LILLE, ROUBAIX
from lms_service.content import get_catalogue

from ..lti_browser import LtiBrowser
from ..quiz_taking import pass_quiz

SLUG = "developpement-web"


def _complete_module(app, browser: LtiBrowser, base: str, token: str) -> None:
    with app.app_context():
        module = get_catalogue().get(SLUG)
    for page in module.pages:
        assert browser.http.get(f"{base}/modules/{SLUG}/{page.id}?lt={token}").status_code == 200
    pass_quiz(browser.http, base, token, module)


def test_tutor_sees_the_learner_with_the_completed_module(app, tool_server, platform) -> None:
    learner = LtiBrowser(platform)
    launched = learner.launch("ines-belkacem", ROUBAIX)
    _complete_module(app, learner, tool_server.url, launched.token)
    LtiBrowser(platform).launch("kevin-dufour", ROUBAIX)

    tutor = LtiBrowser(platform)
    launched_tutor = tutor.launch("nadia-haddad", ROUBAIX)
    tutor_page = launched_tutor.response.text

    assert "Inès Belkacem" in tutor_page and "Kévin Dufour" in tutor_page
    assert "Présentiel" in tutor_page and "À distance" in tutor_page
    assert "2 personnes dans cette liste" in tutor_page
    grid = tutor.http.get(f"{tool_server.url}/tutor/?affichage=grille&lt={launched_tutor.token}").text
    with app.app_context():
        title = get_catalogue().get(SLUG).title
    assert f'<th scope="col">{title}</th>' in grid
    ines_row = grid.split("Inès Belkacem", 1)[1].split("</tr>", 1)[0]
    assert '<td class="cell-completed">Terminé' in ines_row


def test_learner_gets_403_on_the_tutor_page(tool_server, browser: LtiBrowser) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    response = browser.http.get(f"{tool_server.url}/tutor/?lt={launched.token}")
    assert response.status_code == 403
    assert "pas accessible avec votre rôle" in response.text


def test_tutor_never_sees_another_course(tool_server, platform) -> None:
    LtiBrowser(platform).launch("sarah-lefebvre", LILLE)
    LtiBrowser(platform).launch("ines-belkacem", ROUBAIX)

    roubaix = LtiBrowser(platform).launch("nadia-haddad", ROUBAIX).response.text

    assert "Inès Belkacem" in roubaix
    assert "Sarah Lefebvre" not in roubaix


def test_mentor_sees_only_the_learners_in_its_scope(tool_server, platform) -> None:
    LtiBrowser(platform).launch("ines-belkacem", ROUBAIX)
    LtiBrowser(platform).launch("yasmine-benali", ROUBAIX)

    mentor_page = LtiBrowser(platform).launch("olivier-martin", ROUBAIX).response.text

    assert "Inès Belkacem" in mentor_page
    assert "Yasmine Benali" not in mentor_page
