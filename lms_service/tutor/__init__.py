"""Tutor pages: who follows what in this course."""
from flask import Blueprint

bp = Blueprint("tutor", __name__, url_prefix="/tutor")

from . import (  # noqa: E402,F401  (registers the routes on bp)
    attempts,
    attendance_view,
    export,
    exports_view,
    figures_view,
    learner_view,
    notes_view,
    orientation_view,
    privacy_view,
    referents,
    review_view,
    risk_rules_view,
    views,
)
