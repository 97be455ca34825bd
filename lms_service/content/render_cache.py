"""Rendered fragments of one module version, kept on disk so restarts and workers reuse them."""

import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

RENDERER = 1
"""Bump when rendering changes its output, so that files written by older code are ignored."""


class RenderCache:
    """Memoises `render(text)`; the file is keyed by content hash, so it never needs invalidating."""

    def __init__(self, path: Path | None, render: Callable[[str], str]) -> None:
        self._path = path
        self._render = render
        self._fragments = self._read()
        self._changed = False

    def __call__(self, text: str) -> str:
        html = self._fragments.get(text)
        if html is None:
            html = self._fragments[text] = self._render(text)
            self._changed = True
        return html

    def save(self) -> None:
        """Write atomically (temp file + rename): a reader never sees half a file."""
        if not self._changed or self._path is None:
            return
        data = {"renderer": RENDERER, "fragments": self._fragments}
        temporary = None
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self._path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False)
            os.replace(temporary, self._path)
        except OSError as error:
            log.warning("cache de rendu non écrit (%s) : %s", self._path, error)
            if temporary:
                Path(temporary).unlink(missing_ok=True)
            return
        self._changed = False

    def _read(self) -> dict[str, str]:
        if self._path is None:
            return {}
        try:
            data = json.loads(self._path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("renderer") != RENDERER:
            return {}
        fragments = data.get("fragments")
        return fragments if isinstance(fragments, dict) else {}
