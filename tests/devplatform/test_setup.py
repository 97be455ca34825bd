"""Starting the platform: the settings it derives, the key it keeps, the command line it reads."""

from __future__ import annotations

from pathlib import Path

from devplatform import PlatformSettings, ToolRegistration, create_app
from devplatform.__main__ import parse_args, settings_from


def test_the_tool_registration_is_derived_from_the_tool_url():
    settings = PlatformSettings(url="http://localhost:5001/", tool_url="http://127.0.0.1:5000")

    registration = ToolRegistration.from_settings(settings)

    assert settings.url == "http://localhost:5001"
    assert registration.login_url == "http://127.0.0.1:5000/lti/login"
    assert registration.redirect_uris == ("http://127.0.0.1:5000/lti/launch",)
    assert registration.jwks_url == "http://127.0.0.1:5000/lti/jwks"
    assert (registration.client_id, registration.deployment_id) == ("dev-tool", "1")


def test_a_restart_keeps_the_generated_key(tmp_path: Path):
    settings = PlatformSettings(url="http://localhost:5001", tool_url="http://127.0.0.1:5000",
                                key_path=tmp_path / "nested" / "key.pem", testing=True)

    first = create_app(settings).extensions["devplatform"].public_jwks()
    second = create_app(settings).extensions["devplatform"].public_jwks()

    assert first == second
    assert first["keys"][0]["alg"] == "RS256" and first["keys"][0]["use"] == "sig"
    assert (tmp_path / "nested" / "key.pem").stat().st_mode & 0o077 == 0


def test_a_replaced_registration_is_used_for_the_next_launch(dev):
    old = dev.platform.registration
    new = ToolRegistration(client_id="registered-tool", deployment_id="7", login_url=old.login_url,
                           redirect_uris=old.redirect_uris, jwks_url=old.jwks_url,
                           target_link_uri=old.target_link_uri)

    dev.platform.replace_registration(new)
    _, params = dev.platform.login_initiation("ines-belkacem", "nurserie-roubaix")

    assert (params["client_id"], params["lti_deployment_id"]) == ("registered-tool", "7")


def test_the_command_line_defaults_match_the_demo():
    args = parse_args([])

    assert (args.port, args.url, args.tool_url) == (5001, None, "http://127.0.0.1:5000")
    assert (args.client_id, args.deployment_id) == ("dev-tool", "1")
    assert args.key_path == Path("instance/devplatform/key.pem")


def test_the_command_line_sets_grade_sync_only_and_the_token_lifetime():
    default = ToolRegistration.from_settings(settings_from(parse_args([])))
    moodle_sync_only = ToolRegistration.from_settings(
        settings_from(parse_args(["--grade-sync-only", "--token-lifetime", "30"])))

    assert (default.grade_sync_only, default.token_lifetime_seconds) == (False, 3600)
    assert (moodle_sync_only.grade_sync_only, moodle_sync_only.token_lifetime_seconds) == (True, 30)
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem" not in moodle_sync_only.granted_scopes
