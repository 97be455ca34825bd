"""Tutor pages: who follows what in this course."""
from flask import Blueprint

bp = Blueprint("tutor", __name__, url_prefix="/tutor")

from . import attempts, export, learner_view, referents, risk_rules_view, views  # noqa: E402,F401  (registers the routes on bp)
