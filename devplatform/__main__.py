"""`python -m devplatform`: serve the dev platform on loopback, threaded."""

from __future__ import annotations

import argparse
from pathlib import Path

from werkzeug.serving import run_simple

from . import create_app
from .settings import DEFAULT_TOKEN_LIFETIME_SECONDS, PlatformSettings


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m devplatform",
                                     description="Serve the LTI 1.3 dev platform (a Moodle-like LMS).")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--url", help="public base URL and issuer (default: http://localhost:PORT)")
    parser.add_argument("--tool-url", default="http://127.0.0.1:5000")
    parser.add_argument("--client-id", default="dev-tool")
    parser.add_argument("--deployment-id", default="1")
    parser.add_argument("--key-path", type=Path, default=Path("instance/devplatform/key.pem"))
    parser.add_argument("--grade-sync-only", action="store_true",
                        help="Moodle's 'grade sync only': the tool may post scores but not manage columns")
    parser.add_argument("--token-lifetime", type=int, default=DEFAULT_TOKEN_LIFETIME_SECONDS, metavar="SECONDS",
                        help="expires_in of the access tokens (default: %(default)s, as Moodle)")
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace) -> PlatformSettings:
    """The start-up settings the command line describes."""
    return PlatformSettings(
        url=args.url or f"http://localhost:{args.port}",
        tool_url=args.tool_url,
        client_id=args.client_id,
        deployment_id=args.deployment_id,
        key_path=args.key_path,
        grade_sync_only=args.grade_sync_only,
        token_lifetime_seconds=args.token_lifetime,
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    settings = settings_from(args)
    app = create_app(settings)
    print(f"Plateforme de démonstration : {settings.url} (outil : {settings.tool_url})", flush=True)
    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    main()
