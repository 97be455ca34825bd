"""A switch that pages the services (the roster, line items, results) by opaque cursors, whose next URL
must come back byte for byte.

Moodle pages with `from` (paging.py). Other LMSs hand out an opaque cursor and
sign or look up the very URL they gave, so a client that rewrites it (`%2f` to
`%2F`, `+` to `%2B`) is refused. With the switch on, the next link carries such
a cursor, written with a lower-case escape and a `+`, and the platform answers it
only at the target it issued; it notes every target it received, as sent. It
lives on the Platform, so every thread of the server sees it; a fresh platform
starts with it off.
"""

from __future__ import annotations

import itertools
import threading


class PageCursors:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._serial = itertools.count(1)
        self._issued: dict[str, int] = {}
        self.on = False
        self.received: list[str] = []  # request targets (path and query) of cursor pages, as received

    def issue(self, target: str, position: int) -> str:
        """`target` (path and query) with a new cursor for the page starting at `position`."""
        cursor = f"c{next(self._serial)}%2f{position}+k"
        with self._lock:
            issued = f"{target}&cursor={cursor}" if "?" in target else f"{target}?cursor={cursor}"
            self._issued[issued] = position
        return issued

    def position(self, raw_target: str) -> int | None:
        """Where the page at this exact target starts; None for a target this platform never issued."""
        with self._lock:
            self.received.append(raw_target)
            return self._issued.get(raw_target)

    def reset(self) -> None:
        with self._lock:
            self.on = False
            self._issued.clear()
            self.received.clear()
