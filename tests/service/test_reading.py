"""A learner reads a module: pages recorded once, time credited, resume, completion."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue
from lms_service.models import Membership, ModuleProgress, PageView
from lms_service.security.csrf import csrf_token

from ..lti_browser import LtiBrowser
from ..quiz_taking import pass_quiz

SLUG = "developpement-web"


def _page_url(base: str, token: str, page_id: str) -> str:
    return f"{base}/modules/{SLUG}/{page_id}?lt={token}"


def _module(app):
    with app.app_context():
        return get_catalogue().get(SLUG)


def test_reading_every_page_then_passing_the_quiz_completes_the_module(app, tool_server, browser: LtiBrowser, db) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    module = _module(app)
    for page in module.pages:
        response = browser.http.get(_page_url(tool_server.url, launched.token, page.id))
        assert response.status_code == 200
        assert page.title in response.text
    assert "il reste à réussir le quiz" in response.text  # the last page says what is left
    assert db.scalars(select(ModuleProgress.status)).one() == "read"
    path = browser.http.get(f"{tool_server.url}/?lt={launched.token}&termine={SLUG}")
    assert "Lu · quiz à réussir" in path.text and "Bravo" not in path.text

    pass_quiz(browser.http, tool_server.url, launched.token, module)
    db.expire_all()
    progress = db.scalars(select(ModuleProgress)).one()
    assert progress.status == "completed" and progress.answered_at is not None
    assert progress.pages_seen == progress.pages_total == len(module.pages)
    assert progress.completed_version == module.version
    path = browser.http.get(f"{tool_server.url}/?lt={launched.token}&termine={SLUG}")
    assert "Bravo, vous avez terminé le module" in path.text


def test_passing_the_quiz_before_reading_completes_the_module_at_its_last_page(
    app, tool_server, browser: LtiBrowser, db
) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    module = _module(app)
    pass_quiz(browser.http, tool_server.url, launched.token, module)
    assert db.scalars(select(ModuleProgress.status)).one() == "not_started"
    for page in module.pages[:-1]:
        browser.http.get(_page_url(tool_server.url, launched.token, page.id))
    db.expire_all()
    assert db.scalars(select(ModuleProgress.status)).one() == "in_progress"
    browser.http.get(_page_url(tool_server.url, launched.token, module.pages[-1].id))
    db.expire_all()
    progress = db.scalars(select(ModuleProgress)).one()
    assert progress.status == "completed" and progress.completed_version == module.version


def test_failing_the_quiz_leaves_a_read_module_read(app, tool_server, browser: LtiBrowser, db) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    module = _module(app)
    for page in module.pages:
        browser.http.get(_page_url(tool_server.url, launched.token, page.id))
    quiz = browser.http.get(f"{tool_server.url}/quiz/{SLUG}/?lt={launched.token}").text
    form = {name: re.search(rf'name="{name}" value="([^"]+)"', quiz).group(1) for name in ("csrf_token", "attempt", "revision")}
    sent = browser.http.post(f"{tool_server.url}/quiz/{SLUG}/?lt={launched.token}",
                             data={"lt": launched.token, **form, "valider": "1"}, allow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    db.expire_all()
    progress = db.scalars(select(ModuleProgress)).one()
    assert (progress.status, progress.answered_at, progress.completed_at) == ("read", None, None)


def test_reload_and_double_click_do_not_double_count(app, tool_server, browser: LtiBrowser, db) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    first = _module(app).pages[0].id
    for _ in range(3):
        assert browser.http.get(_page_url(tool_server.url, launched.token, first)).status_code == 200

    views = db.scalars(select(PageView)).all()
    assert len(views) == 1
    progress = db.scalars(select(ModuleProgress)).one()
    assert progress.pages_seen == 1 and progress.status == "in_progress"


def test_time_on_page_is_credited_to_the_previous_page_and_capped(app, tool_server, browser: LtiBrowser, db) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    pages = _module(app).pages
    browser.http.get(_page_url(tool_server.url, launched.token, pages[0].id))
    # The learner read the first page for 95 seconds, as far as the server can tell.
    membership = db.scalars(select(Membership)).one()
    membership.last_activity_at = membership.last_activity_at - timedelta(seconds=95)
    db.commit()
    browser.http.get(_page_url(tool_server.url, launched.token, pages[1].id))
    db.expire_all()
    first = db.scalars(select(PageView).where(PageView.page_id == pages[0].id)).one()
    assert 95 <= first.seconds_spent <= 100

    # Then left the tab open for three hours: only the cap is credited.
    membership = db.scalars(select(Membership)).one()
    membership.last_activity_at = membership.last_activity_at - timedelta(hours=3)
    db.commit()
    browser.http.get(_page_url(tool_server.url, launched.token, pages[2].id))
    db.expire_all()
    second = db.scalars(select(PageView).where(PageView.page_id == pages[1].id)).one()
    assert second.seconds_spent == int(app.config["PAGE_TIME_CAP"].total_seconds())
    progress = db.scalars(select(ModuleProgress)).one()
    assert progress.seconds_spent == first.seconds_spent + second.seconds_spent


def test_the_path_congratulates_only_on_a_module_completed(app, tool_server, browser: LtiBrowser) -> None:
    """A link that says « terminé » for a module the learner has not completed shows no « Bravo »."""
    launched = browser.launch("ines-belkacem", ROUBAIX)
    browser.http.get(_page_url(tool_server.url, launched.token, _module(app).pages[0].id))
    path = browser.http.get(f"{tool_server.url}/?lt={launched.token}&termine={SLUG}")
    assert path.status_code == 200 and "Bravo" not in path.text


def test_opening_a_module_resumes_at_the_last_page(app, tool_server, browser: LtiBrowser) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    third = _module(app).pages[2]
    browser.http.get(_page_url(tool_server.url, launched.token, third.id))

    response = browser.http.get(f"{tool_server.url}/modules/{SLUG}/?lt={launched.token}", allow_redirects=False)

    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/modules/{SLUG}/{third.id}")


def test_path_shows_progress_per_module(app, tool_server, browser: LtiBrowser) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    module = _module(app)
    browser.http.get(_page_url(tool_server.url, launched.token, module.pages[0].id))

    path = browser.http.get(f"{tool_server.url}/?lt={launched.token}").text

    assert f"En cours : page 1 sur {len(module.pages)}" in path
    assert "Pas commencé" in path
    percent = round(100 / len(module.pages))
    assert re.search(rf'<progress max="100" value="{percent}"', path)


def test_page_links_keep_the_launch(app, tool_server, browser: LtiBrowser) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    pages = _module(app).pages
    html = browser.http.get(_page_url(tool_server.url, launched.token, pages[0].id)).text
    assert f'href="/modules/{SLUG}/{pages[1].id}?lt={launched.token}"' in html


def test_learners_in_the_same_state_each_get_links_with_their_own_launch(app, tool_server, platform) -> None:
    """The path's cards and a page's body are drawn once per state: the links still carry each one's token."""
    ines = LtiBrowser(platform).launch("ines-belkacem", ROUBAIX)
    kevin = LtiBrowser(platform).launch("kevin-dufour", ROUBAIX)
    pages = _module(app).pages
    for launched in (ines, kevin):
        browser = LtiBrowser(platform)
        page = browser.http.get(_page_url(tool_server.url, launched.token, pages[0].id)).text
        path = browser.http.get(f"{tool_server.url}/?lt={launched.token}").text
        other = kevin.token if launched is ines else ines.token
        assert f'href="/modules/{SLUG}/?lt={launched.token}"' in path
        assert f"En cours : page 1 sur {len(pages)}" in path
        assert other not in path and other not in page


def test_a_forged_script_root_never_reaches_another_learner_s_links(app, make) -> None:
    """A request under another root (SCRIPT_NAME from a trusting proxy) keys its own cached cards only.

    Without the root in the key, its cards (links to another site) were served to the next learner in the
    same state, with that learner's token in them (found in review).
    """
    course = make.course()
    attacker, learner = make.member(course, "Mallory Test"), make.member(course, "Inès Martin")
    tokens = make.token(attacker), make.token(learner)
    client = app.test_client()
    with ThreadPoolExecutor(1) as outside:  # outside the fixture's app context, as real requests are
        forged = outside.submit(client.get, f"/?lt={tokens[0]}", base_url="http://localhost//evil.example")
        assert forged.result().status_code == 200
        path = outside.submit(client.get, f"/?lt={tokens[1]}").result().get_data(as_text=True)

    assert "evil.example" not in path
    assert re.findall(r"href=\"([^\"]*developpement-web[^\"]*)\"", path) == [f"/modules/{SLUG}/?lt={tokens[1]}"]


def test_a_page_drawn_once_carries_each_person_s_launch_and_menu(app, make) -> None:
    """Pages are drawn once per state (page_screens): each person still gets their own tokens and menu."""
    course = make.course()
    people = [make.member(course, "Inès Martin"), make.member(course, "Kevin Dufour"),
              make.member(course, "Claire Tutrice", tutor=True)]  # fmt: skip
    tokens = [make.token(person) for person in people]
    pages = _module(app).pages
    client = app.test_client()
    with ThreadPoolExecutor(1) as outside, app.test_request_context():  # requests run outside the fixture's context
        shown = [outside.submit(client.get, f"/modules/{SLUG}/{pages[0].id}?lt={t}").result() for t in tokens]
        forms = [csrf_token(t) for t in tokens]

    for n, (response, token) in enumerate(zip(shown, tokens, strict=True)):
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert f'data-lt="{token}" data-csrf="{forms[n]}"' in html
        assert f'href="/modules/{SLUG}/{pages[1].id}?lt={token}"' in html
        assert not any(other in html for other in tokens + forms if other not in (token, forms[n]))
        assert ("Suivi des apprenants" in html) == (n == 2)


def test_unknown_module_or_page_is_a_404(tool_server, browser: LtiBrowser) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    assert browser.http.get(f"{tool_server.url}/modules/nope/?lt={launched.token}").status_code == 404
    missing = browser.http.get(f"{tool_server.url}/modules/{SLUG}/nope?lt={launched.token}")
    assert missing.status_code == 404
    assert "Cette page n'existe pas." in missing.text


def test_no_answer_or_feedback_reaches_the_learner(app, tool_server, browser: LtiBrowser) -> None:
    """Quiz pages show the questions, never their answers or feedback."""
    launched = browser.launch("ines-belkacem", ROUBAIX)
    module = _module(app)
    quiz_pages = [p for p in module.pages if len(p.question_ids) >= 10]
    assert quiz_pages, "the module has a quiz page"
    html = browser.http.get(_page_url(tool_server.url, launched.token, quiz_pages[0].id)).text
    for question_id in quiz_pages[0].question_ids:
        question = module.questions[question_id]
        assert question.prompt_html in html
        if question.feedback:
            assert question.feedback.strip()[:60] not in html


def test_pages_added_after_completion_show_as_new_and_the_module_stays_completed(
    app, tool_server, browser: LtiBrowser, db
) -> None:
    """As if the trainer added the page "debouches" after Inès completed an older version."""
    launched = browser.launch("ines-belkacem", ROUBAIX)
    module = _module(app)
    for page in module.pages:
        browser.http.get(_page_url(tool_server.url, launched.token, page.id))
    pass_quiz(browser.http, tool_server.url, launched.token, module)
    added = module.pages[-3].id
    db.execute(PageView.__table__.delete().where(PageView.page_id == added))
    db.scalars(select(ModuleProgress)).one().completed_version = "an-older-version"
    db.commit()

    path = browser.http.get(f"{tool_server.url}/?lt={launched.token}").text
    assert "1 nouvelle page" in path
    assert f'href="/modules/{SLUG}/{added}?lt={launched.token}"' in path
    before = browser.http.get(_page_url(tool_server.url, launched.token, module.pages[-4].id)).text
    assert 'Page suivante <span class="badge">Nouveau</span>' in before
    page = browser.http.get(_page_url(tool_server.url, launched.token, added)).text
    assert '<span class="badge">Nouveau</span></h1>' in page

    db.expire_all()
    assert db.scalars(select(ModuleProgress.status)).one() == "completed"
    path = browser.http.get(f"{tool_server.url}/?lt={launched.token}").text
    assert "nouvelle page" not in path


def test_every_module_reads_end_to_end(app, tool_server, browser: LtiBrowser, db) -> None:
    """All the programme's content: every page of every module opens, and leaves its module read: each one
    asks for answers (a quiz to pass, the test or the survey to submit) before it is completed."""
    launched = browser.launch("kevin-dufour", ROUBAIX)
    with app.app_context():
        modules = [module for module in get_catalogue().ordered() if module.tracked]  # not the reference pages
    assert len(modules) >= 16
    for module in modules:
        for page in module.pages:
            response = browser.http.get(f"{tool_server.url}/modules/{module.slug}/{page.id}?lt={launched.token}")
            assert response.status_code == 200, (module.slug, page.id)
    db.expire_all()
    statuses = db.scalars(select(ModuleProgress.status)).all()
    assert len(statuses) == len(modules) and set(statuses) == {"read"}


def test_leaving_the_last_page_of_a_visit_credits_its_time(app, tool_server, browser: LtiBrowser, db) -> None:
    """The browser's pagehide beacon (a CSRF-protected POST) credits the page being left, once."""
    import re as regex

    launched = browser.launch("ines-belkacem", ROUBAIX)
    page = _module(app).pages[0]
    html = browser.http.get(_page_url(tool_server.url, launched.token, page.id)).text
    left_url = regex.search(r'data-page-left="([^"]+)"', html).group(1).replace("&amp;", "&")
    csrf = regex.search(r'data-csrf="([^"]+)"', html).group(1)
    membership = db.scalars(select(Membership)).one()
    membership.last_activity_at = membership.last_activity_at - timedelta(seconds=40)
    db.commit()

    assert browser.http.post(tool_server.url + left_url, data={"lt": launched.token}).status_code == 400
    response = browser.http.post(tool_server.url + left_url, data={"lt": launched.token, "csrf_token": csrf})
    assert response.status_code == 204
    browser.http.post(tool_server.url + left_url, data={"lt": launched.token, "csrf_token": csrf})

    db.expire_all()
    view = db.scalars(select(PageView)).one()
    assert 40 <= view.seconds_spent <= 45
