"""`flask grades worker` on the suite's database, in a process of its own, as `make run` starts it.

    python -m tests.grades.worker_process

The app of the tests (TestConfig: the same database), with a short poll and
quick retries; SIGTERM stops it cleanly, as it does the real command.
"""
from __future__ import annotations

from config import TestConfig
from lms_service import create_app


class WorkerProcess(TestConfig):
    GRADES_RETRY_BASE_SECONDS = 0.2


if __name__ == "__main__":
    result = create_app(WorkerProcess).test_cli_runner().invoke(args=["grades", "worker", "--poll", "0.2"])
    print(result.output, end="")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
