"""Threads released at the same instant, for the tests whose claim is about two requests at once."""
from __future__ import annotations

import threading
from collections.abc import Callable


def together(count: int, work: Callable[[int], object]) -> list[object]:
    """Run `work(i)` in `count` threads released at the same instant; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
