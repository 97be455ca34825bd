"""Images are served from the module's images/ folder only, cached for good (the URL is versioned)."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from lms_service.content import get_catalogue


@pytest.fixture
def base(content_app: Flask) -> str:
    with content_app.app_context():
        module = get_catalogue().get("exemple")
    return f"/content/exemple/{module.version[:8]}/images/"


def test_image_is_served_with_long_cache_headers(client: FlaskClient, base: str) -> None:
    response = client.get(base + "schema.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_page_html_links_to_the_route(content_app: Flask, client: FlaskClient, base: str) -> None:
    with content_app.app_context():
        html = get_catalogue().get("exemple").pages[0].html
    assert f'src="{base}schema.png"' in html
    assert client.get(f"{base}schema.png").status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "absente.png",
        "../module.md",
        "..%2Fmodule.md",
        "%2e%2e/module.md",
        "../../hors-parcours/module.md",
        "/etc/passwd",
        "..",
        "",
    ],
)
def test_traversal_and_unknown_files_are_404(client: FlaskClient, base: str, name: str) -> None:
    response = client.get(base + name, follow_redirects=True)
    assert response.status_code == 404
    assert b"slug: exemple" not in response.data


@pytest.mark.parametrize(
    "path",
    ["/content/inconnu/00000000/images/schema.png", "/content/exemple/00000000/images/schema.png"],
)
def test_unknown_module_or_old_version_is_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404
