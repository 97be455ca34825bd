"""The grid's cells as HTML, made in Python: a page of 50 learners × 16 modules is 800 cells.

Jinja spent most of the grid's time on them (a lookup, a test and a translation
per cell); here each distinct cell (status, score, minutes) is escaped and
joined once per page, and a row of cells is one string for the template.
"""
from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from .dashboard_words import DashboardWords
from .queries import Cell


class GridCells:
    def __init__(self, slugs: Sequence[str], words: DashboardWords) -> None:
        self._slugs = slugs
        self._words = words
        self._made: dict[Cell, str] = {}
        self._empty = f'<td class="cell-none">{escape(words.status[""])}</td>'

    def row(self, cells: dict[str, Cell] | None) -> Markup:
        """One learner's cells, in the grid's column order."""
        found = cells or {}
        return Markup("".join(self._cell(found[slug]) if slug in found else self._empty for slug in self._slugs))

    def _cell(self, cell: Cell) -> str:
        if cell not in self._made:
            parts = [str(escape(self._words.status.get(cell.status, cell.status)))]
            if cell.score is not None:
                parts.append(f"{int(cell.score)} %")
            if cell.minutes:
                parts.append(f"{int(cell.minutes)} {escape(self._words.labels['minutes'])}")
            self._made[cell] = f'<td class="cell-{escape(cell.status)}">{"<br>".join(parts)}</td>'
        return self._made[cell]
