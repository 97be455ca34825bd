"""The machine's commit latency: how long PostgreSQL's WAL flush takes on this disk.

A durable page view waits for one flush at commit; `pg_test_fsync` measures it
with the method the server uses (`wal_sync_method`), on the file system that
holds the server's data, so the figure says what the goal's floor is here.
"""
from __future__ import annotations

import glob
import os
import re
import subprocess
import tempfile

from sqlalchemy import create_engine, text


def commit_latency(database_url: str) -> str:
    """'fdatasync: 1234 ops/s, 810 us/op' for the server's method, or why it could not be measured."""
    tool = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_test_fsync"))
    if not tool:
        return "pg_test_fsync not found"
    engine = create_engine(database_url)
    with engine.connect() as conn:
        method = conn.execute(text("SHOW wal_sync_method")).scalar_one()
        data_dir = conn.execute(text("SHOW data_directory")).scalar_one()
        synchronous = conn.execute(text("SHOW synchronous_commit")).scalar_one()
    engine.dispose()
    directory = os.path.dirname(data_dir.rstrip("/"))
    with tempfile.TemporaryDirectory(dir=directory) as scratch:
        out = subprocess.run([tool[-1], "-s", "2", "-f", os.path.join(scratch, "probe")],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    for line in out.splitlines():
        found = re.match(rf"\s+{re.escape(method)}\s+([\d.]+) ops/sec\s+([\d.]+) usecs/op", line)
        if found:
            return (f"{method} on {directory}: {float(found[1]):,.0f} flushes/s, {float(found[2]):,.0f} us each"
                    f" (synchronous_commit={synchronous})")
    return f"{method}: not in pg_test_fsync's output"
