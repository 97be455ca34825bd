"""The flask commands an administrator runs, through Flask's CLI runner on the test database."""
from __future__ import annotations

import pytest

from config import ProductionConfig

ISSUER = "https://moodle.example.org"


def _add_platform(runner, client_id: str = "AbC123", *extra: str):
    return runner.invoke(
        args=[
            "lti", "add-platform", "--issuer", ISSUER, "--client-id", client_id,
            "--auth-login-url", f"{ISSUER}/mod/lti/auth.php", "--auth-token-url", f"{ISSUER}/mod/lti/token.php",
            "--key-set-url", f"{ISSUER}/mod/lti/certs.php", "--name", "Moodle Afpa", *extra,
        ]
    )  # fmt: skip


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_init_db_is_idempotent_and_keeps_the_key(runner) -> None:
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert first.output.split()[-1] == second.output.split()[-1]


def test_add_platform_then_deployments_then_list(runner) -> None:
    assert _add_platform(runner, "AbC123", "--deployment-id", "1").exit_code == 0
    assert _add_platform(runner, "XyZ789").exit_code == 0  # same issuer, another client id (Canvas)
    added = runner.invoke(args=["lti", "add-deployment", "--issuer", ISSUER, "--client-id", "XyZ789", "--deployment-id", "7"])
    assert added.exit_code == 0

    listing = runner.invoke(args=["lti", "list-platforms"]).output
    one_lms = listing[listing.index(f"\t{ISSUER}\tMoodle Afpa\n"):]
    assert f"{ISSUER}\tAbC123\tMoodle Afpa\tactive\tdeployments: 1" in one_lms
    assert f"{ISSUER}\tXyZ789\tMoodle Afpa\tactive\tdeployments: 7" in one_lms
    assert listing.count(f"\t{ISSUER}\tMoodle Afpa\n") == 1  # one LMS, two registrations


def test_add_platform_twice_updates(runner) -> None:
    _add_platform(runner)
    again = _add_platform(runner)
    assert "Updated platform" in again.output


def test_add_deployment_to_an_unknown_platform_fails_clearly(runner) -> None:
    result = runner.invoke(args=["lti", "add-deployment", "--issuer", "https://nope", "--client-id", "x", "--deployment-id", "1"])
    assert result.exit_code != 0
    assert "No platform with issuer https://nope" in result.output


def test_show_config_prints_the_urls_to_paste(runner, app) -> None:
    output = runner.invoke(args=["lti", "show-config"]).output
    base = app.config["TOOL_BASE_URL"]
    assert f"{base}/lti/login" in output and f"{base}/lti/launch" in output and f"{base}/lti/jwks" in output


def test_rotate_then_retire_keeps_one_signing_key(runner, tool_server) -> None:
    import requests

    before = requests.get(tool_server.url + "/lti/jwks", timeout=5).json()["keys"]
    rotated = runner.invoke(args=["lti", "rotate-key"])
    assert rotated.exit_code == 0, (rotated.output, rotated.exception)
    after = requests.get(tool_server.url + "/lti/jwks", timeout=5).json()["keys"]
    assert len(after) == len(before) + 1, (before, after)
    old = before[0]["kid"]
    retired = runner.invoke(args=["lti", "retire-key", old])
    assert retired.exit_code == 0, (retired.output, retired.exception)
    kids = [k["kid"] for k in requests.get(tool_server.url + "/lti/jwks", timeout=5).json()["keys"]]
    assert old not in kids and len(kids) == 1, (old, kids)
    last = runner.invoke(args=["lti", "retire-key", kids[0]])
    assert last.exit_code != 0 and "only active key" in last.output


def test_a_key_id_starting_with_a_dash_can_be_retired(runner, db) -> None:
    """Older kids were url-safe base64 and could start with "-", which click read as an option."""
    from lti.keys import new_tool_key

    legacy = new_tool_key()
    legacy.kid = "-Ab3_legacy-kid"
    db.add(legacy)
    db.commit()
    retired = runner.invoke(args=["lti", "retire-key", "--", "-Ab3_legacy-kid"])
    assert retired.exit_code == 0, retired.output
    assert "Key -Ab3_legacy-kid retired." in retired.output


def test_new_key_ids_never_read_as_options() -> None:
    from lti.keys import new_tool_key

    kids = [new_tool_key().kid for _ in range(8)]
    assert all(kid[0].isalnum() and len(kid) == 32 for kid in kids)


def test_dev_register_platform_is_idempotent(runner) -> None:
    for _ in range(2):
        result = runner.invoke(args=["dev", "register-platform", "--url", "http://localhost:5999"])
        assert result.exit_code == 0, result.output
    assert runner.invoke(args=["lti", "list-platforms"]).output.count("\thttp://localhost:5999\tdev-tool") == 1


def test_production_config_requires_its_secrets(monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL, SECRET_KEY"):
        ProductionConfig()
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db/lms")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    config = ProductionConfig()
    assert config.SESSION_COOKIE_SECURE and not config.DEV_PLATFORM_ENABLED and config.PROXY_FIX_HOPS == 1


def test_purge_deletes_expired_login_states_and_launch_data(runner, browser, platform, db) -> None:
    """A resource link launch keeps its used login state and no launch data; a deep linking launch
    keeps its request too. Once expired, `flask lti purge` deletes both."""
    from datetime import timedelta

    from sqlalchemy import func, select, update

    from devplatform.seed import ROUBAIX
    from lms_service.db import utcnow
    from lti.models import LoginState, StoredValue

    browser.launch("ines-belkacem", ROUBAIX)
    assert db.scalar(select(func.count()).select_from(LoginState).where(LoginState.used_at.is_not(None))) == 1
    assert db.scalar(select(func.count()).select_from(StoredValue)) == 0
    url, params = platform.deep_linking_initiation("nadia-haddad", ROUBAIX)
    browser.follow(browser.post_launch(*browser.authorize(browser.http.post(url, data=params, allow_redirects=False))))
    assert db.scalar(select(func.count()).select_from(StoredValue)) == 1
    past = utcnow() - timedelta(days=2)
    db.execute(update(StoredValue).values(expires_at=past))
    db.execute(update(LoginState).values(expires_at=past))
    db.commit()

    assert "expired rows deleted" in runner.invoke(args=["lti", "purge"]).output
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(StoredValue)) == 0
    assert db.scalar(select(func.count()).select_from(LoginState)) == 0