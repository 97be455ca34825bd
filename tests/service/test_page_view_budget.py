"""What turning a page and leaving it cost the database, pinned so they cannot creep back.

On PostgreSQL the session lookup of a recording view locks the membership and
reads where the learner was, and the page view's writes are one statement: 2
statements per page turn. SQLite, without row locks or writing CTEs, takes its
write lock with an UPDATE and runs the writes in turn. One commit each.
"""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue
from lms_service.models import Membership

from ..lti_browser import LtiBrowser

SLUG = "developpement-web"


def _on_postgresql(app) -> bool:
    return str(app.config["DATABASE_URL"]).startswith("postgresql")


def _read_for_a_minute(db) -> None:
    """As far as the server can tell, the learner spent a minute on the page shown last."""
    membership = db.scalars(select(Membership)).one()
    membership.last_activity_at -= timedelta(minutes=1)
    db.commit()


def test_a_page_turn_and_a_page_left_stay_within_their_budget(app, tool_server, browser: LtiBrowser, db, sql) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    with app.app_context():
        pages = get_catalogue().get(SLUG).pages
    url = f"{tool_server.url}/modules/{SLUG}/%s?lt={launched.token}"
    browser.http.get(url % pages[0].id)
    _read_for_a_minute(db)

    with sql() as turn:  # credits the minute to the first page, shows the second
        shown = browser.http.get(url % pages[1].id)
    assert shown.status_code == 200
    _read_for_a_minute(db)
    form = {"lt": launched.token, "csrf_token": re.search(r'data-csrf="([^"]+)"', shown.text).group(1)}
    with sql() as left:  # credits the minute to the second page
        assert browser.http.post(f"{tool_server.url}/modules/{SLUG}/{pages[1].id}/left", data=form).status_code == 204

    postgres = _on_postgresql(app)
    assert (len(turn.statements), turn.commits) == ((2, 1) if postgres else (5, 1)), turn.statements
    assert (len(left.statements), left.commits) == ((4, 1) if postgres else (5, 1)), left.statements
