"""Problems found in module files, reported to trainers as `file:line: message`."""

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a trainer must fix, printed like a compiler error so editors can jump to it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Report:
    """The problems of one file, collected so that a single check reports every mistake."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))
