"""Settings of the service: Default (embedded SQLite), Test, Production (environment).

The app factory takes one of these classes (or an instance); nothing else reads
the environment, so a setting always has one place where it is decided.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _instance_secret(name: str) -> str:
    """Return a random secret kept under instance/, created on first use.

    The embedded default must survive restarts (launch tokens stay valid) without
    asking anyone to invent a secret; production never uses this.
    """
    path = INSTANCE_DIR / name
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _months(name: str, default: int) -> int:
    """A number of months from the environment: a whole number from 1 to 240, or the default when unset."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 240):
        raise RuntimeError(f"{name} must be a whole number of months from 1 to 240, not {text!r}")
    return int(text)


def _listed(name: str) -> tuple[str, ...]:
    """A comma-separated environment variable as a tuple of its non-empty items."""
    return tuple(item.strip() for item in os.environ.get(name, "").split(",") if item.strip())


class Config:
    """Embedded default: one process, SQLite under instance/, dev platform allowed."""

    SQLALCHEMY_ECHO = False
    # Whether a failed statement's error message may quote its values (names, e-mails).
    SQLALCHEMY_HIDE_PARAMETERS = False
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'lms.sqlite3'}"
    MODULES_DIR = BASE_DIR / "modules"
    # Check module files (at most once a second) and reload what changed; a module
    # whose new version is broken keeps serving its last good version.
    CONTENT_AUTO_RELOAD = True
    TESTING = False
    DEV_PLATFORM_ENABLED = True

    # The launch session named by the token in links and forms (DESIGN.md, data flow 2):
    # it ends after this much time without a request, and in any case this long after the launch.
    LAUNCH_SESSION_IDLE = timedelta(hours=1)
    LAUNCH_SESSION_MAX_AGE = timedelta(hours=8)
    # Clock skew accepted on the id_token's iat/exp, in seconds (LMS clocks drift).
    LTI_CLOCK_SKEW_SECONDS = 60
    # How long a login's state and nonce stay usable before the launch comes back.
    LTI_LOGIN_STATE_MAX_AGE = timedelta(minutes=10)
    # A platform's JWKS is refetched on an unknown kid at most this often.
    LTI_JWKS_REFETCH_INTERVAL = timedelta(seconds=30)
    # Every outgoing call (registration, key sets, AGS, NRPS) ends within this many seconds
    # and reads at most this many bytes (lti.transport).
    LTI_HTTP_DEADLINE_SECONDS = 5
    LTI_HTTP_MAX_BYTES = 1024 * 1024
    # Outgoing calls use HTTPS, except plain HTTP to loopback where allowed (the dev platform),
    # and reach only public addresses, or these ranges (an on-premise LMS; here the dev platform).
    LTI_ALLOW_HTTP_LOOPBACK = True
    LTI_ALLOWED_PRIVATE_NETWORKS: tuple[str, ...] = ("127.0.0.0/8", "::1/128")
    # Who may use dynamic registration: anyone (the embedded demo), or only the allow-listed
    # LMS hosts when the list is set; a one-time link (`flask lti registration-link`) always may.
    LTI_REGISTRATION_OPEN = True
    LTI_REGISTRATION_ALLOWED_HOSTS: tuple[str, ...] = ()
    # Issuers shared by many institutions: each registration of one is its own LMS until
    # an administrator joins them (`flask lti join-lms`); any other issuer is one LMS.
    LTI_SHARED_ISSUERS: tuple[str, ...] = (
        "https://canvas.instructure.com", "https://canvas.beta.instructure.com", "https://canvas.test.instructure.com",
        "https://blackboard.com",
    )

    # Time on a page is credited up to this much; a learner who leaves the tab
    # open over lunch has not read for an hour.
    PAGE_TIME_CAP = timedelta(minutes=20)

    # Personal data (README, « Données personnelles (RGPD) »): `flask data purge` deletes a person's record in a
    # course this many months after their last sign of life there (a launch, an activity, the LMS's roster
    # listing them, their review or follow-up), and the audit trail's events (who read or exported what) after
    # AUDIT_RETENTION_MONTHS (the CNIL's recommendation on logs: six months to a year).
    DATA_RETENTION_MONTHS = 36
    AUDIT_RETENTION_MONTHS = 12

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    LANGUAGES = ("fr", "en")

    MAX_CONTENT_LENGTH = 1024 * 1024
    # The public base URL of the tool, printed by `flask lti show-config`.
    TOOL_BASE_URL = "http://127.0.0.1:5000"
    PROXY_FIX_HOPS = 0
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"

    @property
    def SECRET_KEY(self) -> str:  # noqa: N802 - Flask's setting name
        return _instance_secret("secret_key")


class TestConfig(Config):
    """The test suite: a throw-away database, PostgreSQL when TEST_DATABASE_URL says so."""

    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'test.sqlite3'}"


class ProductionConfig(Config):
    """Production: everything from the environment; no dev platform, secure cookies."""

    DEV_PLATFORM_ENABLED = False
    LTI_ALLOW_HTTP_LOOPBACK = False
    LTI_REGISTRATION_OPEN = False
    # A logged database error never carries learners' names or e-mails.
    SQLALCHEMY_HIDE_PARAMETERS = True
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "None"
    PREFERRED_URL_SCHEME = "https"

    def __init__(self) -> None:
        missing = [name for name in ("DATABASE_URL", "SECRET_KEY") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(f"Missing required environment variables: {', '.join(missing)}")
        self.DATABASE_URL = os.environ["DATABASE_URL"]
        self._secret_key = os.environ["SECRET_KEY"]
        self.PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "1"))
        self.TOOL_BASE_URL = os.environ.get("TOOL_BASE_URL", "")
        self.LTI_REGISTRATION_ALLOWED_HOSTS = _listed("LTI_REGISTRATION_ALLOWED_HOSTS")
        self.LTI_ALLOWED_PRIVATE_NETWORKS = _listed("LTI_ALLOWED_PRIVATE_NETWORKS")
        self.LTI_SHARED_ISSUERS = Config.LTI_SHARED_ISSUERS + _listed("LTI_SHARED_ISSUERS")
        self.DATA_RETENTION_MONTHS = _months("DATA_RETENTION_MONTHS", Config.DATA_RETENTION_MONTHS)
        self.AUDIT_RETENTION_MONTHS = _months("AUDIT_RETENTION_MONTHS", Config.AUDIT_RETENTION_MONTHS)
        self.CONTENT_AUTO_RELOAD = os.environ.get("CONTENT_AUTO_RELOAD", "1") not in ("0", "false", "no")
        if os.environ.get("MODULES_DIR"):
            self.MODULES_DIR = Path(os.environ["MODULES_DIR"])

    @property
    def SECRET_KEY(self) -> str:  # noqa: N802
        return self._secret_key
