"""/healthz: 200 and a tiny body when the database answers, 503 when it does not; no launch, no one named."""
from __future__ import annotations

from config import TestConfig
from lms_service import create_app


def test_healthz_answers_200_without_a_launch(app) -> None:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_healthz_answers_head_with_no_body(app) -> None:
    response = app.test_client().head("/healthz")
    assert response.status_code == 200 and response.data == b""


def test_healthz_answers_503_when_the_database_does_not(tmp_path) -> None:
    """A database file under a regular file cannot open: the check says so, without a traceback."""
    (tmp_path / "not-a-folder").write_text("")

    class Unreachable(TestConfig):
        DATABASE_URL = f"sqlite:///{tmp_path / 'not-a-folder' / 'lms.sqlite3'}"

    response = create_app(Unreachable).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_other_methods_on_healthz_go_to_the_app(app) -> None:
    assert app.test_client().post("/healthz").status_code in (404, 405)
