"""The pages a person uses: personas, the launch frame, the auto-submitted login, the gradebook."""

from __future__ import annotations

import html

from devplatform.seed import LILLE, ROUBAIX


def test_home_lists_courses_and_personas(dev):
    page = html.unescape(dev.http.get(dev.url + "/").text)

    assert "Nurserie numérique — Afpa Roubaix" in page
    assert "Nurserie numérique — M2i Lille, Euratechnologies" in page
    for name in ("Inès Belkacem", "Kévin Dufour", "Nadia Haddad", "Julien Lemaire", "Claire Vasseur",
                 "Sarah Lefebvre", "Mamadou Diallo", "Olivier Martin"):
        assert f"Lancer en tant que {name}" in page
    assert "Yasmine Benali" not in page, "learners who never launch are not personas"


def test_personas_cover_every_role_and_the_tutor_of_both_courses(dev):
    personas = dev.platform.personas
    roles = {r.rsplit("#")[-1] for p in personas for r in dev.platform.membership(p.user_id, p.context_id).roles}

    assert {"Learner", "Instructor", "ContentDeveloper", "Administrator", "Mentor"} <= roles
    assert dev.platform.membership("nadia-haddad", ROUBAIX) is not None
    assert dev.platform.membership("nadia-haddad", LILLE) is not None
    modalities = {dev.platform.users[p.user_id].custom.get("modalite") for p in personas}
    assert {"presentiel", "distanciel"} <= modalities


def test_launch_page_frames_the_login_and_offers_a_new_window(dev):
    response = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/launch/ines-belkacem")

    assert response.status_code == 200
    page = response.text
    assert "<iframe" in page and 'allow="fullscreen"' in page and 'title="Parcours de la nurserie' in page
    assert f'src="/courses/{ROUBAIX}/launch/ines-belkacem/start?target=iframe"' in page
    assert "Ouvrir dans une nouvelle fenêtre" in page
    assert "<script>" not in page


def test_login_page_posts_the_third_party_login_to_the_tool(dev, tool, read_form):
    response = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/launch/ines-belkacem/start?target=iframe")

    action, fields = read_form(response.text)
    assert action == tool.url + "/lti/login"
    assert fields["iss"] == dev.url
    assert fields["login_hint"] == "ines-belkacem"
    assert fields["target_link_uri"] == tool.url + "/lti/launch"
    assert fields["client_id"] == "dev-tool" and fields["lti_deployment_id"] == "1"
    assert fields["lti_message_hint"]
    assert 'method="post"' in response.text and "<noscript>" in response.text
    assert 'src="/static/autosubmit.js"' in response.text
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert f"form-action 'self' {tool.url}" in csp and f"frame-src 'self' {tool.url}" in csp
    assert dev.http.get(dev.url + "/static/autosubmit.js").status_code == 200


def test_unknown_persona_gets_a_french_404(dev):
    response = dev.http.get(f"{dev.url}/courses/{LILLE}/launch/ines-belkacem")

    assert response.status_code == 404
    assert "n&#39;est pas inscrite à ce cours" in response.text


def test_bad_launch_target_is_a_400(dev):
    response = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/launch/ines-belkacem/start?target=popup")

    assert response.status_code == 400


def test_gradebook_lists_line_items_and_every_member(dev):
    page = html.unescape(dev.http.get(f"{dev.url}/courses/{ROUBAIX}/gradebook").text)

    assert "Carnet de notes" in page and "Parcours de la nurserie" in page
    for name in ("Yasmine Benali", "Dylan Carpentier", "Amandine Lefort", "Rachid Ouali", "Inès Belkacem"):
        assert name in page
    assert "Laura Dubois" not in page, "a Lille learner is not in the Roubaix course"


def test_return_url_shows_the_tool_message_escaped(dev):
    response = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/return", params={"lti_errormsg": "<b>oups</b>"})

    assert response.status_code == 200
    assert "&lt;b&gt;oups&lt;/b&gt;" in response.text
