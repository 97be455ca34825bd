"""Deep linking: a trainer picks modules in the LMS's content selection (LTI Deep Linking 2.0)."""
from flask import Blueprint

bp = Blueprint("deep_linking", __name__, url_prefix="/deep-linking")

from . import views  # noqa: E402,F401  (registers the routes on bp)
