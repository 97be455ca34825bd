"""The tutor's list of learners in this course, with what each has completed."""
from __future__ import annotations

from typing import Any

from flask import render_template, request

from ..access import current_membership, staff_required
from ..content import get_catalogue
from . import bp
from .queries import count_learners, learners_page

PER_PAGE = 50


@bp.route("/")
@staff_required
def dashboard() -> Any:
    viewer = current_membership()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    total = count_learners(viewer)
    rows = learners_page(viewer, page, PER_PAGE)
    catalogue = get_catalogue()
    titles = {m.slug: m.title for m in catalogue.ordered()}
    return render_template(
        "tutor/dashboard.html",
        viewer=viewer,
        rows=rows,
        titles=titles,
        module_count=len(titles),
        page=page,
        pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
        total=total,
    )
