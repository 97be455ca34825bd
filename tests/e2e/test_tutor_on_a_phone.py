"""The référent's pages on a 360 px phone: nothing wider than the screen but the grid, which scrolls in its own
region; « Tout cocher » appears where scripts run and ticks every learner of the page."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from devplatform.seed import ROUBAIX
from lms_service.db import utcnow
from lms_service.models import (
    Attendance,
    Context,
    Membership,
    ModuleProgress,
    NurseryReview,
    OnsiteSession,
    ReviewFollowUp,
    TutorNote,
)
from lms_service.models.onsite import PRESENT
from lms_service.models.records import ENTERED_TRAINING, IN_TRAINING
from lms_service.risk.reasons import INACTIVE, QUIZ_FAILED

from ..lti_browser import LtiBrowser

SHOTS = Path(__file__).resolve().parents[2] / "instance" / "screenshots"
# Against the screen, not window.innerWidth: a phone (and Chrome's emulation of one) widens its layout to a page
# wider than the screen and zooms out, so the page always « fits » its own viewport, in tiny letters.
WIDER_THAN_THE_SCREEN = "return document.documentElement.scrollWidth <= screen.width + 1"
# Fields that stick out of the screen, even where the page itself does not scroll sideways.
FIELDS_CUT = ("return [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]"
              ".filter(e => e.getBoundingClientRect().right > screen.width + 1).map(e => e.id || e.name)")


def _course(db, make) -> None:
    course = db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()
    now = utcnow()
    for n, name in enumerate(("Marie-Antoinette Lefèvre-Vandenberghe", "Bruno Zimmer", "Aline Martin")):
        member = make.member(course, name, modality="remote", last_activity_at=now - timedelta(days=9 + n))
        make.progress(member, "developpement-web", 9, 9, seconds=1200)
        db.execute(update(Membership).where(Membership.id == member.id).values(risk_reasons=INACTIVE | QUIZ_FAILED))
        db.execute(update(ModuleProgress).where(ModuleProgress.membership_id == member.id).values(score_percent=85))
    db.commit()


def test_the_referent_s_pages_fit_a_phone(chrome, db, make, browser: LtiBrowser, tool_server) -> None:
    token = browser.launch("nadia-haddad", ROUBAIX).token
    _course(db, make)
    learner = db.scalars(select(Membership.id).where(Membership.risk_reasons != 0)).first()
    pages = {
        "list": "/tutor/?vue=tous&statut=risque&tri=urgence",
        "grid": "/tutor/?vue=tous&affichage=grille",
        "learner": f"/tutor/learners/{learner}",
        "surveys": "/tutor/questionnaires",
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for name, path in pages.items():
        chrome.get(f"{tool_server.url}{path}&lt={token}" if "?" in path else f"{tool_server.url}{path}?lt={token}")
        assert "Suivi des apprenants" in chrome.page_source, name
        chrome.execute_script("document.querySelector('main table, main h2')?.scrollIntoView()")
        chrome.save_screenshot(str(SHOTS / f"tutor-{name}-360.png"))
        if not chrome.execute_script(WIDER_THAN_THE_SCREEN):
            too_wide.append(name)
    assert too_wide == []
    chrome.get(f"{tool_server.url}/tutor/?vue=tous&lt={token}")
    everyone = chrome.find_element("css selector", "input[data-select-all]")
    assert everyone.is_displayed()
    everyone.click()
    boxes = chrome.find_elements("css selector", 'input[name="learner"][form="assign-form"]')
    assert len(boxes) == 3 and all(box.is_selected() for box in boxes)


def _closed_nursery(db, make) -> tuple[int, int]:
    """A learner with a note, a presence, a review and its 3-month follow-up; (learner, session)."""
    course = db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()
    member = make.member(course, "Marie-Antoinette Lefèvre-Vandenberghe", modality="on_site")
    today = utcnow().date()
    session = OnsiteSession(context_id=course.id, held_on=today, label="Visite d'entreprise : agence web de Roubaix")
    db.add(session)
    db.flush()
    db.add_all([
        Attendance(session_id=session.id, membership_id=member.id, status=PRESENT),
        TutorNote(membership_id=member.id, written_on=today, body="Échange long " * 40),
        NurseryReview(membership_id=member.id, held_on=today, outcome=ENTERED_TRAINING,
                      training="Titre professionnel Concepteur développeur d'applications",
                      organisation="Organisme de formation des Hauts-de-France", financing="poei"),
        ReviewFollowUp(membership_id=member.id, months=3, state=IN_TRAINING, noted_on=today),
    ])  # fmt: skip
    db.commit()
    return member.id, session.id


def test_the_pages_of_the_nursery_s_end_fit_a_phone(chrome, db, make, browser: LtiBrowser, tool_server) -> None:
    """Issue 14's pages at 360 px: nothing wider than the screen, long names and labels included."""
    token = browser.launch("nadia-haddad", ROUBAIX).token
    learner, session = _closed_nursery(db, make)
    pages = {
        "presences": "/tutor/presences", "session": f"/tutor/presences/{session}",
        "learner-presences": f"/tutor/learners/{learner}/presences", "notes": f"/tutor/learners/{learner}/notes",
        "review": f"/tutor/learners/{learner}/bilan", "print": f"/tutor/learners/{learner}/bilan/imprimer",
        "orientation": f"/tutor/learners/{learner}/orientation", "figures": "/tutor/chiffres",
        "exports": "/tutor/exports", "data": f"/tutor/learners/{learner}/donnees",
    }  # fmt: skip
    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for name, path in pages.items():
        chrome.get(f"{tool_server.url}{path}?lt={token}")
        assert "<h1" in chrome.page_source and "Erreur" not in chrome.title, name
        chrome.save_screenshot(str(SHOTS / f"tutor-{name}-360.png"))
        if not chrome.execute_script(WIDER_THAN_THE_SCREEN):
            too_wide.append(name)
        too_wide += [f"{name}: {field}" for field in chrome.execute_script(FIELDS_CUT)]
    assert too_wide == []
