"""The référent's grid as a CSV that French Excel opens right, streamed row by row.

Excel picks a CSV's encoding and separators on its own when the file is opened
with a double click, and it has no dialog to correct them, so the file follows
what a French Excel expects rather than RFC 4180's defaults:

- UTF-8 with a BOM: without the BOM Excel reads the bytes in the PC's legacy
  code page (Windows-1252) and "Clémence" comes out as "ClÃ©mence".
- `;` between cells: the French list separator, which Excel uses as the CSV
  delimiter; with `,` every row lands in column A.
- Decimal comma: French Excel reads `12,5` as the number 12.5 and `12.5` as
  text, or as a date (12 May), so sums and sorts break. Integers have no
  separator and stay as `str()` writes them.
- Dates as `JJ/MM/AAAA` (and `JJ/MM/AAAA HH:MM` in the given zone): the form
  French Excel recognises as a date; ISO 8601 with a `T` stays text.
- Formula injection (OWASP "CSV Injection"): a name or an answer typed by a
  learner that starts with `=`, `+`, `-`, `@`, a tab or a CR would run as a
  formula in the référent's Excel, so such text gets a leading `'`, which
  Excel shows as text. Numbers are not text: -3 stays the number -3.

Memory stays constant however large the course: rows are pulled from the
iterable one at a time (pass a lazy one, e.g. `session.execute(...).yield_per(500)`),
written to one small text buffer, and the buffer is handed out and emptied
whenever it passes CHUNK_CHARS.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, tzinfo
from decimal import Decimal
from urllib.parse import quote

from flask import Response, stream_with_context

from ..db import as_utc

BOM = "\ufeff"
CHUNK_CHARS = 16 * 1024  # one chunk per ~16 KiB of text: a socket write, not one per learner
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_IN_FALLBACK = re.compile(r"[^A-Za-z0-9._ -]")


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]], timezone: tzinfo) -> Iterator[bytes]:
    """Yield the CSV as UTF-8 chunks: the BOM and header at once, then the rows a chunk at a time.

    The header comes out before any row is read, so the download starts while
    the first rows are still being fetched.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([_text(name) for name in header])
    yield _drain(buffer)
    for row in rows:
        writer.writerow([cell(value, timezone) for value in row])
        if buffer.tell() >= CHUNK_CHARS:
            yield _drain(buffer)
    if buffer.tell():
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    """Hand out what the buffer holds and empty it, so it never grows past one chunk."""
    chunk = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return chunk


def cell(value: object, timezone: tzinfo) -> str:
    """One value as French Excel should read it (see the module's docstring for each choice)."""
    if isinstance(value, str):  # the most common cell first: the grid is mostly statuses
        return _text(value)
    if value is None:
        return ""
    if isinstance(value, bool):  # an int to Python, but "True" is neither a number nor French: callers pass words
        return _text(str(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return as_utc(value).astimezone(timezone).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return _text(str(value))


def _text(value: str) -> str:
    """Text that Excel would take for a formula gets a leading `'`, which makes it plain text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]], timezone: tzinfo) -> Response:
    """Stream the grid as a download; call it inside the request, whose context the stream keeps.

    `stream_with_context` keeps the request (and its database session) open
    while the rows are read. `no-store`: the grid is personal data, no cache
    or proxy may keep a copy. `nosniff`: a browser never renders it as HTML.
    """
    response = Response(stream_with_context(csv_lines(header, rows, timezone)), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII name for old clients and the exact UTF-8 name (RFC 5987, RFC 6266).

    A course name has accents ("Pépinière"): browsers take `filename*`, and
    the fallback keeps the letters without their accents. Any other character,
    and anything that could end the quoted string or the header (quotes,
    backslashes, CR, LF), becomes `_` in the fallback and is percent-encoded
    in `filename*`.
    """
    plain = "".join(char for char in unicodedata.normalize("NFKD", filename) if not unicodedata.combining(char))
    fallback = _UNSAFE_IN_FALLBACK.sub("_", plain) or "export.csv"
    exact = quote(filename, safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}"
