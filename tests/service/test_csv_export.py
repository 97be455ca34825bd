"""The grid's CSV (issue 13, point 3): French Excel opens it right, no cell runs as a formula, memory stays flat.

These tests need neither the tool nor its database: a plain Flask app serves
the response, and `clean_tables` (autouse in tests/conftest.py) is replaced
by a no-op below so that no database is built for them.
"""
from __future__ import annotations

import csv
import io
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from flask import Flask, Response, request
from werkzeug.http import parse_options_header

from lms_service.tutor.csv_export import cell, content_disposition, csv_lines, csv_response

PARIS = ZoneInfo("Europe/Paris")
HEADER = ["Nom", "Score", "Temps (min)", "Entrée", "Dernière activité", "Note"]
GRID: list[list[object]] = [
    ["Dupont; Jean", 12.5, 30, date(2025, 1, 6), datetime(2025, 7, 1, 22, 5, tzinfo=UTC), 'Dit "bonjour"\nà tous'],
    ["Zoé", None, 0, None, datetime(2025, 1, 15, 8, 0, tzinfo=UTC), None],
]


@pytest.fixture(autouse=True)
def clean_tables() -> Iterator[None]:
    """Nothing to clean: these tests store nothing (and so build no database)."""
    yield


def _learners(count: int, taken: list[int] | None = None) -> Iterator[tuple[object, ...]]:
    """A grid of `count` learners made one at a time, as a database cursor hands them out."""
    for number in range(count):
        if taken is not None:
            taken[0] += 1
        yield (f"Apprenant {number}", number / 4, number, date(2025, 1, 6), datetime(2025, 2, 1, 9, 30, tzinfo=UTC))


def _read(data: bytes) -> list[list[str]]:
    """The cells as a program reading the file back sees them."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_bytes_of_a_small_grid_are_what_french_excel_expects() -> None:
    """BOM, `;`, CRLF, quoted `;` `"` and newline, None empty, decimal comma, dates in Paris time."""
    data = b"".join(csv_lines(HEADER, GRID, PARIS))
    assert data == (
        "\ufeffNom;Score;Temps (min);Entrée;Dernière activité;Note\r\n"
        '"Dupont; Jean";12,5;30;06/01/2025;02/07/2025 00:05;"Dit ""bonjour""\nà tous"\r\n'
        "Zoé;;0;;15/01/2025 09:00;\r\n"
    ).encode()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (12.5, "12,5"),
        (-3.25, "-3,25"),
        (Decimal("7.50"), "7,50"),
        (1500, "1500"),
        (-3, "-3"),
        (True, "True"),
        (date(2025, 12, 31), "31/12/2025"),
        (datetime(2025, 3, 30, 0, 30, tzinfo=UTC), "30/03/2025 01:30"),  # still winter time: UTC+1
        (datetime(2025, 3, 30, 1, 30, tzinfo=UTC), "30/03/2025 03:30"),  # summer time began at 01:00 UTC
        (datetime(2025, 3, 30, 1, 30), "30/03/2025 03:30"),  # naive, as SQLite hands it back: UTC
    ],
)
def test_numbers_and_dates_are_written_the_french_way(value: object, written: str) -> None:
    assert cell(value, PARIS) == written


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_excel_would_run_as_a_formula_is_prefixed_with_a_quote(start: str) -> None:
    """OWASP's list; the quote shows in no cell but makes Excel take the text as text."""
    text = f"{start}HYPERLINK(\"https://example.org/?\"&A1)"
    assert cell(text, PARIS) == "'" + text
    assert _read(b"".join(csv_lines([text], [[text]], PARIS))) == [["'" + text], ["'" + text]]


def test_negative_numbers_stay_numbers_but_negative_looking_text_does_not() -> None:
    assert _read(b"".join(csv_lines(["a", "b", "c"], [[-3, -2.5, "-3"]], PARIS)))[1] == ["-3", "-2,5", "'-3"]


def test_text_with_a_formula_sign_further_in_is_left_alone() -> None:
    assert cell("Jean-Pierre = 2 @ Lille", PARIS) == "Jean-Pierre = 2 @ Lille"


def test_the_csv_module_reads_back_the_same_cells() -> None:
    """Round trip through Python's reader (`;`, utf-8-sig): quoting loses nothing, accents included."""
    texts = ["Élodie; « la pépinière »", 'guillemets "doubles"', "ligne 1\nligne 2", "CRLF\r\ndedans", "", "ŒÇ €"]
    rows = [[text, index, index + 0.5] for index, text in enumerate(texts)]
    assert _read(b"".join(csv_lines(["texte", "entier", "décimal"], rows, PARIS))) == [
        ["texte", "entier", "décimal"],
        *([text, str(index), f"{index},5"] for index, text in enumerate(texts)),
    ]


def test_rows_are_read_only_as_the_chunks_are_asked_for() -> None:
    """The header leaves before any row is read; the next chunk before the rows run out."""
    taken = [0]
    chunks = csv_lines(HEADER, _learners(100_000, taken), PARIS)
    assert next(chunks) == "\ufeffNom;Score;Temps (min);Entrée;Dernière activité;Note\r\n".encode()
    assert taken[0] == 0
    next(chunks)
    assert 0 < taken[0] < 10_000
    assert sum(1 for _ in chunks) > 10
    assert taken[0] == 100_000


def _statuses(count: int) -> Iterator[tuple[object, ...]]:
    """Learners with a status, a time and a score: dates left out, tracemalloc makes their formatting slow."""
    for number in range(count):
        yield (f"Apprenant {number}", "terminé", number, number / 4)


def test_a_large_grid_is_written_in_constant_memory() -> None:
    """200,000 learners (about 8 MB of CSV) go through with under 1 MB allocated at the peak."""
    tracemalloc.start()
    try:
        size = sum(len(chunk) for chunk in csv_lines(HEADER[:4], _statuses(200_000), PARIS))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 8_000_000
    assert peak < 1_000_000, f"peak {peak} bytes for {size} bytes of CSV"


def _app() -> Flask:
    """A bare Flask app with one export route; the rows read the request, as the dashboard's filters will."""
    app = Flask(__name__)

    @app.get("/grille.csv")
    def grid() -> Response:
        count = int(request.args["n"])
        rows = (row for row in _learners(count) if request.args["n"])  # read while streaming
        return csv_response("Grille Pépinière Roubaix.csv", HEADER, rows, PARIS)

    return app


def test_the_response_streams_the_csv_as_a_private_download() -> None:
    response = _app().test_client().get("/grille.csv?n=3000")
    assert response.status_code == 200
    assert response.data == b"".join(csv_lines(HEADER, _learners(3000), PARIS))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Grille Pepiniere Roubaix.csv\"; "
        "filename*=UTF-8''Grille%20P%C3%A9pini%C3%A8re%20Roubaix.csv"
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Length" not in response.headers


def test_the_response_is_streamed_not_built() -> None:
    app = _app()
    with app.test_request_context("/grille.csv?n=10"):
        response = app.full_dispatch_request()
        assert response.is_streamed


@pytest.mark.parametrize(
    "name",
    ["Grille Pépinière Roubaix.csv", 'a"b\r\nSet-Cookie: x;y\\z.csv', "Пепиньер.csv", "l'œuf.csv"],
)
def test_a_client_reads_back_the_exact_filename_and_the_header_stays_one_header(name: str) -> None:
    value = content_disposition(name)
    assert "\r" not in value and "\n" not in value and value.isascii()
    fallback = value.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.endswith(".csv") and "\\" not in fallback
    assert parse_options_header(value) == ("attachment", {"filename": name})
