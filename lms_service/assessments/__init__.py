"""Assessments: a module's questions answered, saved as given, scored on the server, told back.

attempts.py holds the rules and the records; views.py the learner's quiz pages; entry_test.py and
entry_test_views.py the entry test, drawn (draw.py) and timed; survey_totals.py what référents see of the survey.
"""
from flask import Blueprint

bp = Blueprint("assessments", __name__)

from . import entry_test_views, views  # noqa: E402,F401  (register the routes on bp)
