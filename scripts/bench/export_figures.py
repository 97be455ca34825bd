"""Time the full CSV export of the benchmark's course, and its peak memory, in the measured checkout.

    PYTHONPATH=<checkout>:scripts/bench DATABASE_URL=... SECRET_KEY=... python export_figures.py

Runs after course.py filled the course. The export is streamed through the app
(the test client reads the response as it comes, 500 learners at a time): it
prints the rows, the seconds, and the peak of Python's own memory during a
second, traced export (tracing slows Python down, so the timed one runs without it).
"""
from __future__ import annotations

import time
import tracemalloc

from compat import start_session
from sqlalchemy import select
from tree_app import make_app

from lms_service.db import get_session
from lms_service.models import Membership


def main() -> None:
    app = make_app()
    with app.app_context():
        session = get_session()
        tutor = session.scalars(select(Membership).where(Membership.is_tutor.is_(True))).first()
        assert tutor is not None, "the benchmark's course has a tutor"
        token = start_session(tutor, None, None).token
        session.commit()
    client = app.test_client()
    path = f"/tutor/export.csv?lt={token}&vue=tous"
    started = time.perf_counter()
    lines, size = _read(client, path)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    _read(client, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"CSV export of the whole course: {lines - 1:,} learners, {size / 1e6:.1f} MB in {seconds:.1f} s "
          f"({(lines - 1) / seconds:,.0f} learners/s); Python's peak memory while streaming: {peak / 1e6:.1f} MB")


def _read(client: object, path: str) -> tuple[int, int]:
    """Lines and bytes of the streamed answer, read chunk by chunk as a browser would."""
    response = client.get(path, buffered=False)  # type: ignore[attr-defined]
    assert response.status_code == 200, response.status_code
    lines = size = 0
    for chunk in response.response:
        lines += chunk.count(b"\n")
        size += len(chunk)
    response.close()
    return lines, size


if __name__ == "__main__":
    main()
