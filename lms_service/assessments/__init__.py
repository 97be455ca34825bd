"""Assessments: a module's questions answered, saved as given, scored on the server, told back.

attempts.py holds the rules and the records; views.py the learner's pages.
"""
from flask import Blueprint

bp = Blueprint("assessments", __name__)

from . import views  # noqa: E402,F401  (registers the routes on bp)
