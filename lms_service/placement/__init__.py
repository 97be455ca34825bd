"""Placement: a trainer picks modules in the LMS's content selection (LTI Deep Linking)."""
from flask import Blueprint

bp = Blueprint("placement", __name__, url_prefix="/placement")

from . import views  # noqa: E402,F401  (registers the routes on bp)
