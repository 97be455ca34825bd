"""Trainers' preview: every module with its problems, and each page as learners see it, with answers."""
from flask import Blueprint

bp = Blueprint("author", __name__, url_prefix="/author")

from . import views  # noqa: E402,F401  (registers the routes on bp)
