"""What the orientation tests share: quizzes answered through the real form, a note sent through the real form,
the page cut into its families' sections."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from html import unescape

from sqlalchemy import select, update

from devplatform.seed import ROUBAIX
from lms_service.content import Module
from lms_service.models import Membership, ModuleProgress, User
from lms_service.security.csrf import csrf_token

from ..quiz_taking import right_fields

# The nursery's initiation modules, in the path's order (modules/parcours.yml): one family each.
FAMILIES = ["developpement-web", "developpement-applications-mobiles", "design-numerique", "cybersecurite",
            "reseaux-systemes-cloud", "support-informatique", "relation-client-digitale",
            "data-intelligence-artificielle", "marketing-digital"]  # fmt: skip


def outside(call, *args, **kwargs):
    """Run a request outside the fixture's app context, as real requests are."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(call, *args, **kwargs).result()


def member_id(db, sub: str, course: str = ROUBAIX) -> int:
    """The membership id of a seeded person in a course, once they have launched."""
    query = select(Membership.id).join(User).where(User.sub == sub, Membership.context.has(lti_context_id=course))
    return db.scalars(query).one()


def answer_quiz(visitor, module: Module, *, right: int, said: dict[str, str]) -> None:
    """Submit the module's quiz through its form: the first `right` graded questions answered right, and the
    learner's own answers (`said`: question id -> level or words)."""
    page = visitor.get(f"/quiz/{module.slug}/")
    assert page.status_code == 200, page.text[:300]
    form = {name: re.search(rf'name="{name}" value="([^"]+)"', page.text).group(1)
            for name in ("csrf_token", "attempt", "revision")}  # fmt: skip
    graded = [question for question in module.questions.values() if question.points_possible]
    own = [(module.questions[question_id].field_name, value) for question_id, value in said.items()]
    sent = visitor.browser.http.post(
        f"{visitor.base}/quiz/{module.slug}/?lt={visitor.token}",
        data=[("lt", visitor.token), *form.items(), *right_fields(graded[:right]), *own, ("valider", "1")],
        allow_redirects=False, timeout=10,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text[-500:]


def spent(db, membership: int, slug: str, seconds: int) -> None:
    """The module's reading time, as page views would have added it up."""
    db.execute(update(ModuleProgress).where(ModuleProgress.membership_id == membership,
                                            ModuleProgress.module_slug == slug).values(seconds_spent=seconds))  # fmt: skip
    db.commit()


def send_note(visitor, membership: int, form: list[tuple[str, str]], *, csrf: bool = True):
    """POST the tutor page's form as its page shows it (launch and CSRF tokens), with `form` as the fields."""
    path = f"/tutor/learners/{membership}/orientation"
    data = [("lt", visitor.token)]
    if csrf:
        page = visitor.get(path)
        data.append(("csrf_token", re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)))
    return visitor.browser.http.post(f"{visitor.base}{path}?lt={visitor.token}", data=[*data, *form],
                                     allow_redirects=False, timeout=10)  # fmt: skip


def forced_note(app, visitor, membership: int, family: str, note: str):
    """POST a note with the visitor's own launch and CSRF tokens, whether their page shows a form or not."""
    with app.test_request_context():
        csrf = csrf_token(visitor.token)
    return visitor.browser.http.post(f"{visitor.base}/tutor/learners/{membership}/orientation?lt={visitor.token}",
                                     data={"lt": visitor.token, "csrf_token": csrf, "family": family, "note": note},
                                     allow_redirects=False, timeout=10)  # fmt: skip


def text(response) -> str:
    """The page's main content, as HTML."""
    return response.text.split("<main", 1)[1]


def sections(html: str) -> dict[str, str]:
    """Each family's section by its key, in the page's order."""
    found = re.findall(r'<section aria-labelledby="famille-([\w-]+)">(.*?)</section>', html, re.S)
    return dict(found)


def words(section: str) -> str:
    """HTML as read: tags taken out, entities written out, spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", section)).split())
