"""The end-of-nursery review (bilan) of a learner, its follow-ups at 3 and 6 months, and its printable page.

Tutors and administrators read and write them; a mentor (an adviser following
some learners) is refused them whole, the print too (403), as the notes and the
reviews' export: only the référents and the administrator see what référents
write. A saved review or follow-up moves the learner's alerts at once (no review
after the nursery's weeks, no news after the review), not at the worker's next
pass. Every page shown, a refused form's too, is a read of the learner's record.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext

from ..access import staff_required
from ..audit import record, record_read
from ..content import get_catalogue
from ..db import get_session, utcnow
from ..local_time import paris_today
from ..models import Membership
from ..models.audit import PRINT_REVIEW
from ..models.records import FOLLOW_UP_MONTHS
from ..months import shift_months
from ..records import follow_ups, review
from ..records.people import names
from ..records.printout import printout
from ..records.shown import Shown
from ..records.versions import authors
from ..records.words import financing_words, follow_up_words, modality_words, outcome_words
from ..risk.course_pass import refresh_learners
from ..sessions import Member
from . import bp
from .notes_view import referent_and_learner


@bp.route("/learners/<int:membership_id>/bilan", methods=["GET", "POST"])
@staff_required
def review_page(membership_id: int) -> Any:
    """The review and its follow-ups, with their forms."""
    viewer, member = referent_and_learner(membership_id)
    errors: list[str] = []
    if request.method == "POST":
        values, errors = review.read_review(request.form.to_dict(), member.entry_date)
        if values is not None:
            review.save_review(member.id, values, by=viewer.id)
            _refresh_alerts(member)
            return redirect(url_for("tutor.review_page", membership_id=member.id, enregistre="bilan"), code=303)
    return _page(viewer, member, errors, sent="bilan")


@bp.route("/learners/<int:membership_id>/suivi/<int:months>", methods=["POST"])
@staff_required
def follow_up(membership_id: int, months: int) -> Any:
    """Note what became of the learner 3 or 6 months after the review (400 before the review exists)."""
    if months not in FOLLOW_UP_MONTHS:
        abort(404)
    viewer, member = referent_and_learner(membership_id)
    held = follow_ups.reviewed(member.id)
    if held is None:
        return _page(viewer, member, [gettext("Enregistrez d'abord le bilan : le suivi vient après lui.")], sent=months)
    values, errors = follow_ups.read_follow_up(request.form.to_dict(), held)
    if values is None:
        return _page(viewer, member, errors, sent=months)
    follow_ups.save_follow_up(member.id, months, values, by=viewer.id)
    _refresh_alerts(member)
    return redirect(url_for("tutor.review_page", membership_id=member.id, enregistre=f"suivi-{months}",
                            _anchor=f"suivi-{months}"), code=303)  # fmt: skip


@bp.route("/learners/<int:membership_id>/bilan/imprimer")
@staff_required
def review_print(membership_id: int) -> Any:
    """One page to print for an adviser without an LMS account; recorded in the audit trail when it holds a
    review. Before the review exists it says so (200): the link is on the review page, which may be empty."""
    viewer, member = referent_and_learner(membership_id)
    sheet = printout(member)
    if sheet.review is not None:
        record(viewer, PRINT_REVIEW, subject_id=member.id, context_id=member.context_id)
    return render_template("tutor/review_print.html", member=member, sheet=sheet, shown=Shown(),
                           review_labels=review.labels(), review_fields=review.FIELDS,
                           follow_up_months=FOLLOW_UP_MONTHS, printed_on=paris_today(),
                           modality=modality_words().get(sheet.modality, sheet.modality or ""),
                           printed_by=names([viewer.id]).get(viewer.id, ""))  # fmt: skip


def _refresh_alerts(member: Membership) -> None:
    """« Pas de bilan » and « sans nouvelles » change with this save, in this transaction."""
    refresh_learners(get_session(), member.context_id, [member.id], get_catalogue().nursery(), utcnow())


def _page(viewer: Member, member: Membership, errors: list[str], *, sent: str | int) -> Any:
    """The review page; with `errors`, a 400 where the form `sent` (the review, or a follow-up's months) shows
    what was typed, the other forms what is saved. A read recorded in the audit trail."""
    record_read(viewer, member, "bilan")
    current = review.review_of(member.id)
    noted = follow_ups.follow_ups_of(member.id) if current is not None else {}
    today = paris_today()
    held_on = current.row.held_on if current else today
    values = review.form_values(current.row if current else None, today)
    noted_values = {n: follow_ups.form_values(noted[n].row if n in noted else None, today) for n in FOLLOW_UP_MONTHS}
    if errors and isinstance(sent, int):
        noted_values[sent] = request.form.to_dict()
    elif errors:
        values = request.form.to_dict()
    everyone = [*(current.versions if current else []), *(v for item in noted.values() for v in item.versions)]
    page = render_template(
        "tutor/review.html", member=member, review=current, follow_ups=noted, authors=names(authors(everyone)),
        shown=Shown(), labels=review.labels(), fields=review.FIELDS, follow_up_labels=follow_ups.labels(),
        outcomes=outcome_words().items(), financing=financing_words().items(), states=follow_up_words().items(),
        months=FOLLOW_UP_MONTHS, due={n: shift_months(held_on, n) for n in FOLLOW_UP_MONTHS}, today=today,
        suggested=review.suggested_follow_up(held_on), max_reason=review.MAX_REASON, max_name=review.MAX_NAME,
        max_comment=follow_ups.MAX_COMMENT, day=date.fromisoformat, errors=errors, sent=sent, values=values,
        follow_up_values=noted_values, saved=request.args.get("enregistre"),
    )  # fmt: skip
    return page, 400 if errors else 200
