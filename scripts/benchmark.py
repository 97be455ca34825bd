"""Benchmark the learner's hot path and the tutor's list under real load, and print the figures.

    .venv/bin/python scripts/benchmark.py                      # embedded SQLite (one process, WAL)
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python scripts/benchmark.py
    .venv/bin/python scripts/benchmark.py --before a6ba8a5     # the same run on an older commit first

For each measured checkout it builds one course of N learners x M modules
(scripts/bench/course.py), serves the checkout's production app with gunicorn
(`--preload`; 2 x cores + 1 sync workers on PostgreSQL, one process on
SQLite, as it runs embedded), and loads each route with wrk (2 threads, 16
connections): a bare route of the same app (the reference), the module page
(records the view before answering), the beacon of a page left, the path page
and the tutor's list. Beside the bare route, a floor: the least a recorded page
view must do (read the session, write one row, commit), which shows how much
of a route's cost is the database's round trips on this machine. The bare route
is loaded before the first route and after each one, and each route's ratio is
to the two runs around it (a virtual machine's speed drifts). It prints
requests/s, p95 latency, the ratio to the bare route, SQL statements and round
trips per request, and on PostgreSQL the disk's commit latency
(pg_test_fsync). Then a complete LTI launch, timed
against a tool built like pylti1p3's Flask example (scripts/launch_benchmark.py),
10,000 pending scores drained to the dev platform by the grades workers,
against one AGS client posting in a loop (scripts/grades_benchmark.py), and a
course roster of 10,000 members read and stored (scripts/roster_benchmark.py).
The référents' list is also measured 3/4 of the way down a course (its keyset
pages), filtered to the learners to call, and as the learners x modules grid,
each for one user at a time too; then the full CSV export of the course, with
its time and peak memory (scripts/bench/export_figures.py).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "scripts" / "bench"
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(ROOT))

from disk import commit_latency  # noqa: E402
from load import Throughput, measure, served  # noqa: E402

# The beacon runs before the pages: each learner is then still on the page the beacon leaves.
ROUTES = {
    "bare": "bare route (mean of its runs)",
    "floor": "floor: 1 read + 1 write, committed",
    "beacon": "beacon of a page left",
    "page": "module page (records the view)",
    "path": "path page",
    "tutor": "tutor's list, page 1",
    "deep": "tutor's list, 3/4 of the way down",
    "at_risk": "learners to call, by urgency",
    "grid": "learners x modules grid",
    "learner": "a learner's page (its read on the audit trail)",
    "figures": "programme figures of the course",
}
ONE_USER = ("tutor", "deep", "at_risk", "grid", "learner", "figures")  # also with one connection (one référent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--modules", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration per route")
    parser.add_argument("--before", metavar="COMMIT", help="measure this commit first, in the same run")
    parser.add_argument("--launches", type=int, default=50, help="complete launches per tool (0: skip)")
    parser.add_argument("--scores", type=int, default=10_000, help="pending scores drained to the dev platform (0: skip)")
    parser.add_argument("--roster", type=int, default=10_000, help="members of a course roster read (0: skip)")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'bench.sqlite3'}"
    postgres = url.startswith("postgresql")
    workers = 2 * (os.cpu_count() or 1) + 1 if postgres else 1
    print(f"database: {url.split('@')[-1]}; gunicorn --preload -w {workers}; wrk -t2 -c16 -d{args.seconds}s")
    if postgres:
        print(f"commit latency: {commit_latency(url)}")
    figures: dict[str, dict[str, Figures]] = {}
    if args.before:
        with checkout(args.before) as tree:
            figures[args.before] = run_tree(tree, url, workers, args)
    figures["this checkout"] = run_tree(ROOT, url, workers, args)
    export_figures(ROOT, url)
    if args.before:
        before, after = (figures[k]["bare"].speed.requests_per_second for k in figures)
        print(f"\nbare route: {before:,.0f} -> {after:,.0f} requests/s ({100 * (after - before) / before:+.1f} %)")
    if args.launches:
        from launch_benchmark import compare_launches  # scripts/launch_benchmark.py

        compare_launches(url, args.launches)
    if args.scores:
        from grades_benchmark import drain_scores  # scripts/grades_benchmark.py

        drain_scores(url, args.scores, workers if postgres else 1)
    if args.roster:
        from roster_benchmark import print_figures, roster_sync_figures  # scripts/roster_benchmark.py

        print_figures(roster_sync_figures(args.roster, url if postgres else None))


@dataclass(frozen=True)
class Figures:
    """One route's load, its SQL, and the bare route's throughput measured just before and after it."""

    speed: Throughput
    route: dict[str, Any]
    bare_around: float
    alone: Throughput | None = None  # the same route for one user at a time (wrk -t1 -c1)

    @property
    def ratio(self) -> float:
        return self.speed.requests_per_second / self.bare_around


def run_tree(tree: Path, url: str, workers: int, args: argparse.Namespace) -> dict[str, Figures]:
    """Build the course for this checkout, serve it, load each route between two loads of the bare route.

    A virtual machine's speed drifts by tens of per cent within minutes: each
    route is compared with the bare route measured right before and right after it.
    """
    env = {"DATABASE_URL": url, "SECRET_KEY": "benchmark-only-secret-key", "PROXY_FIX_HOPS": "0"}
    routes = build_course(tree, env, args)
    results = {}
    with served(tree, workers, env) as base:
        bare = [measure(base, routes["bare"], args.seconds)]
        for name in [name for name in list(ROUTES)[1:] if name in routes]:  # an older checkout lacks some
            speed = measure(base, routes[name], args.seconds)
            bare.append(measure(base, routes["bare"], args.seconds))
            around = (bare[-2].requests_per_second + bare[-1].requests_per_second) / 2
            alone = measure(base, routes[name], args.seconds, threads=1, connections=1) if name in ONE_USER else None
            results[name] = Figures(speed, routes[name], around, alone)
    rates = [b.requests_per_second for b in bare]
    mean = Throughput(requests_per_second=sum(rates) / len(rates), p95_ms=max(b.p95_ms for b in bare))
    results = {"bare": Figures(mean, routes["bare"], mean.requests_per_second), **results}
    print_table(tree, results, rates)
    return results


def build_course(tree: Path, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, str(BENCH / "course.py"), out.name,
             "--learners", str(args.learners), "--modules", str(args.modules)],
            cwd=tree, env={**os.environ, **env, "PYTHONPATH": f"{tree}:{BENCH}"}, check=True,
        )  # fmt: skip
        routes: dict[str, Any] = json.load(out)
    return routes


def export_figures(tree: Path, url: str) -> None:
    """The full CSV export of the course just measured: time and peak memory (scripts/bench/export_figures.py)."""
    env = {"DATABASE_URL": url, "SECRET_KEY": "benchmark-only-secret-key", "PROXY_FIX_HOPS": "0"}
    subprocess.run([sys.executable, str(BENCH / "export_figures.py")], cwd=tree,
                   env={**os.environ, **env, "PYTHONPATH": f"{tree}:{BENCH}"}, check=True)  # fmt: skip


def print_table(tree: Path, results: dict[str, Figures], bare_runs: list[float]) -> None:
    print(f"\n{_describe(tree)}")
    print(f"bare route, {len(bare_runs)} runs: " + ", ".join(f"{rate:,.0f}" for rate in bare_runs) + " requests/s")
    print(f"{'route':38} {'req/s':>8} {'p95 ms':>8} {'x bare':>7} {'SQL':>5} {'trips':>6} {'1 user p95':>10}"
          "   (x bare: to the runs around it)")  # fmt: skip
    for name, label in ROUTES.items():
        if name not in results:
            continue
        found = results[name]
        alone = f"{found.alone.p95_ms:10.1f}" if found.alone else f"{'-':>10}"
        print(f"{label:38} {found.speed.requests_per_second:8,.0f} {found.speed.p95_ms:8.1f} "
              f"{found.ratio:7.2f} {found.route['statements']:5.1f} {found.route['round_trips']:6.1f} {alone}")


def _describe(tree: Path) -> str:
    commit = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=tree, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=tree,
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return f"== {commit.stdout.strip()[:90]}{' (+ uncommitted changes)' if dirty else ''}"


@contextmanager
def checkout(commit: str) -> Iterator[Path]:
    """A throw-away worktree of an older commit, removed afterwards."""
    with tempfile.TemporaryDirectory() as parent:
        tree = Path(parent) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), commit], cwd=ROOT, check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
