"""Serve module images; the URL carries the module version, so browsers may cache them forever."""

from flask import Blueprint, Response, abort, send_from_directory

from .catalogue import get_catalogue

blueprint = Blueprint("content_assets", __name__)

IMMUTABLE = "public, max-age=31536000, immutable"


@blueprint.get("/content/<slug>/<version8>/images/<path:name>")
def image(slug: str, version8: str, name: str) -> Response:
    """Only the module's images/ folder is served; an old version's URL is a 404, not stale bytes."""
    module = get_catalogue().get(slug)
    if module is None or module.version[:8] != version8:
        abort(404)
    response = send_from_directory(module.directory / "images", name)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
