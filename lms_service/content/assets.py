"""Serve module images; the URL carries the module version, so browsers may cache them forever."""

import mimetypes

from flask import Blueprint, Response, abort, current_app, send_from_directory

from .catalogue import get_catalogue

blueprint = Blueprint("content_assets", __name__)

IMMUTABLE = "public, max-age=31536000, immutable"


@blueprint.get("/content/<slug>/<version8>/images/<path:name>")
def image(slug: str, version8: str, name: str) -> Response:
    """Only the module's images/ folder is served, of the version the URL names: the one this
    worker serves, or one another worker served (kept in the store); never other bytes."""
    module = get_catalogue().get(slug)
    if module is not None and module.version[:8] == version8:
        response = send_from_directory(module.directory / "images", name)
    else:
        response = _kept_image(slug, version8, name)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


def _kept_image(slug: str, version8: str, name: str) -> Response:
    store = current_app.extensions["content_reloader"].store
    content = store.file(slug, version8, f"images/{name}") if store is not None else None
    if content is None:
        abort(404)
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(content, mimetype=kind)
