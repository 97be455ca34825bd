"""Where an older checkout keeps what the benchmark needs (names moved in issue 9).

The benchmark measures the commit before a change and the change itself in one
run; these two helpers moved modules, nothing else did.
"""
from __future__ import annotations

try:
    from lms_service.security.csrf import csrf_token
    from lms_service.sessions import start_session
except ImportError:  # before issue 9: lms_service.launch_context held both
    from lms_service.launch_context import csrf_token, start_session  # type: ignore[no-redef]

__all__ = ["csrf_token", "start_session"]
