"""The learner's own orientation page: for each family of jobs, what they answered, their quiz and their time,
and what their référent or référente wrote for the conversation. Always the launched person's own, never anyone
else's: nothing in the request names a learner."""
from __future__ import annotations

from typing import Any

from flask import render_template

from ..access import current_membership, launch_required
from ..content import get_catalogue
from ..durations import duration_words
from ..orientation.reading import read_orientation
from . import bp


@bp.route("/parcours/orientation")
@launch_required
def orientation() -> Any:
    """Their words first, their results apart, the référent's current notes (not their earlier versions)."""
    families = read_orientation(get_catalogue(), current_membership().id)
    return render_template("learner/orientation.html", families=families, duration=duration_words)
