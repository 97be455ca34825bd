"""Learner pages: the path overview and the module reader."""
from flask import Blueprint

bp = Blueprint("learner", __name__)

from . import orientation_view, views  # noqa: E402,F401  (registers the routes on bp)
