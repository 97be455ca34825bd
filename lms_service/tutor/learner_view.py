"""One learner's page for the référent: the facts the tutor keeps, time per module, the activity, attempts and
their delivery to the LMS gradebook, self-assessment answers (what the page reads: learner_detail.py)."""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for

from ..access import current_membership, staff_required
from ..audit import record_read
from ..content import get_catalogue
from ..db import get_session, utcnow
from ..durations import duration_words
from ..local_time import paris_today
from ..records.people import name_of
from ..records.words import outcome_words
from . import bp
from .attempts import EXTRA_MINUTES
from .forms import apply_learner_facts, read_learner_facts
from .learner_detail import read_detail
from .queries import visible_learner_or_404
from .timeline import read_cursor
from .weeks import NURSERY_WEEKS


@bp.route("/learners/<int:membership_id>", methods=["GET", "POST"])
@staff_required
def learner(membership_id: int) -> Any:
    """One learner: modules, time spent, activity, attempts, answers, and the facts the tutor keeps."""
    viewer = current_membership()
    member = visible_learner_or_404(viewer, membership_id)
    try:
        since = read_cursor(request.args.get("depuis"))
    except ValueError:
        abort(400)  # a « voir plus » link of this page always holds a cursor it wrote
    errors: list[str] = []
    if request.method == "POST":
        if not viewer.writes:
            abort(403)  # a mentor follows, read only
        facts, errors = read_learner_facts(request.form.to_dict(), paris_today())
        if facts is not None:
            apply_learner_facts(member, facts, by=viewer.id, now=utcnow())
            get_session().flush()
            return redirect(url_for("tutor.learner", membership_id=member.id, enregistre=1), code=303)
    record_read(viewer, member, "fiche")
    page = render_template(
        "tutor/learner.html",
        viewer=viewer,
        member=member,
        name=member.user.display_name if viewer.writes else name_of(member.user),
        modules=[module for module in get_catalogue().ordered() if module.tracked],
        detail=read_detail(viewer, member, since),
        duration=duration_words,
        nursery_weeks=NURSERY_WEEKS,
        outcomes=outcome_words(),
        granted=get_catalogue().get(request.args.get("accorde", "")),
        timed=get_catalogue().get(request.args.get("temps", "")),
        extra_minutes=EXTRA_MINUTES,
        errors=errors,
        form=request.form if errors else None,
        saved=request.args.get("enregistre") == "1",
    )
    return page, 400 if errors else 200
