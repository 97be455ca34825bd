"""Count what the tool's engine sends: budgets of statements and commits, pinned by tests."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass
class Sql:
    """The statements and commits the tool's engine sends while it listens."""

    statements: list[str] = field(default_factory=list)
    commits: int = 0

    def writes(self) -> list[str]:
        return [s for s in self.statements if s.lstrip().upper().startswith(WRITES)]


@contextmanager
def counting(engine: Engine) -> Iterator[Sql]:
    """`with counting(engine) as seen:` records what the engine sends inside the block."""
    seen = Sql()

    def statement(_conn: Any, _cursor: Any, text: str, *_args: Any) -> None:
        seen.statements.append(text)

    def commit(_conn: Any) -> None:
        seen.commits += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
