"""One more process of the tool on the suite's database, for the tests that need two.

    python -m tests.app_process PORT      (MODULES_DIR names the modules folder)

It is the app of the tests (TestConfig: the same database), on its own port, in
its own process: its own memory, as a second gunicorn worker or a second server
has. Edits are not followed (CONTENT_AUTO_RELOAD off), as a production worker
that loaded its modules at start.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from werkzeug.serving import run_simple

from config import TestConfig
from lms_service import create_app


class OneMoreProcess(TestConfig):
    MODULES_DIR = Path(os.environ["MODULES_DIR"])
    CONTENT_AUTO_RELOAD = False


if __name__ == "__main__":
    run_simple("127.0.0.1", int(sys.argv[1]), create_app(OneMoreProcess), threaded=True)
