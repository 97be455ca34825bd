"""Issue 14, point 5: the programme's figures — entries per month, retention with its denominator, each outcome's
share with its count, follow-ups at 3 and 6 months, by modality and by course — in tables and in SVG charts that
hold the same numbers; every figure below is counted by hand from the population in conftest.py."""
from __future__ import annotations

import re

from lms_service.figures.selection import month_key

from .conftest import A_TITLE, B_TITLE, C_TITLE, bars, caption, chart, get, month_back, plain, table


def _month(count: int) -> str:
    """« août 2026 »: the label of the month `count` months back, as the page writes it."""
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]  # fmt: skip
    first = month_back(count, 1)
    return f"{months[first.month - 1]} {first.year}"


def test_the_administrator_reads_the_lms_s_figures_in_tables_and_charts(app, make, programme) -> None:
    admin = make.member(programme.a, "Claire Vasseur", tutor=True, is_admin=True)
    answer = get(app, make.token(admin))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200

    months = table(html, "table-months")
    # Two learners a month from five months back; three three months back (a5, a6 and B's b1); a9 alone,
    # four weeks ago, is too recent to count. a0 entered before the twelve months shown; C's c1 is another LMS's.
    assert months[_month(5)] == ["2", "1 sur 2 (50 %)"]  # a1 active after day 28; a2 dropped out
    assert months[_month(4)] == ["2", "1 sur 2 (50 %)"]  # a3's review says « project »; a4 left, still counted
    assert months[_month(3)] == ["3", "2 sur 3 (67 %)"]  # a5 and b1 active; a6 never came
    assert months[_month(2)] == ["2", "1 sur 2 (50 %)"]  # a7 at day 28's first second; a8 the second before
    recent = [label for label, cells in months.items() if cells[1].startswith("trop tôt")]
    assert len(recent) == 1 and months[recent[0]][0] == "1"  # a9
    assert months["Ensemble"] == ["10", "5 sur 9 (56 %)"]
    assert len(months) == 13 and sum(int(cells[0]) for label, cells in months.items() if label != "Ensemble") == 10

    entries, retention = bars(chart(html, "chart-entries")), bars(chart(html, "chart-retention"))
    assert {label: value for label, value in entries.items() if value != "0"} == {
        _month(5): "2", _month(4): "2", _month(3): "3", _month(2): "2", recent[0]: "1"}
    assert {label: cells for label, cells in months.items() if label not in ("Ensemble", recent[0])} == {
        label: [entries[label], retention[label]] for label in entries if label != recent[0]}  # the table's numbers
    assert retention[recent[0]] == "trop tôt"

    issues = table(html, "table-issues")
    assert issues == {"Entrée en formation": ["2 sur 5 (40 %)"], "Projet de formation défini": ["1 sur 5 (20 %)"],
                      "Emploi": ["1 sur 5 (20 %)"], "Réorientation": ["0 sur 5 (0 %)"], "Abandon": ["1 sur 5 (20 %)"]}  # fmt: skip
    assert caption(html, "table-issues") == "Issue des bilans (5 bilans)"
    assert bars(chart(html, "chart-issues")) == {label: cells[0] for label, cells in issues.items()}

    three, six = table(html, "table-suivi-3"), table(html, "table-suivi-6")
    assert three == {"En formation": ["1 sur 3 (33 %)"], "En emploi": ["0 sur 3 (0 %)"],
                     "En recherche": ["1 sur 3 (33 %)"], "Sans nouvelles": ["1 sur 3 (33 %)"]}  # fmt: skip
    assert six == {"En formation": ["1 sur 2 (50 %)"], "En emploi": ["1 sur 2 (50 %)"],
                   "En recherche": ["0 sur 2 (0 %)"], "Sans nouvelles": ["0 sur 2 (0 %)"]}  # fmt: skip
    assert caption(html, "table-suivi-3") == "Suivi à 3 mois (3 suivis notés)"
    assert bars(chart(html, "chart-suivi-3")) == {label: cells[0] for label, cells in three.items()}
    assert bars(chart(html, "chart-suivi-6")) == {label: cells[0] for label, cells in six.items()}

    # Entries, retention, reviews, into training or a project, dropped out.
    assert table(html, "table-modalites") == {
        "Présentiel": ["5", "3 sur 4 (75 %)", "3", "2 sur 3 (67 %)", "0 sur 3 (0 %)"],  # a1 a3 a7 a8 a9
        "À distance": ["4", "2 sur 4 (50 %)", "2", "1 sur 2 (50 %)", "1 sur 2 (50 %)"],  # a2 a5 a6 b1
        "Non renseignée": ["1", "0 sur 1 (0 %)", "0", "aucune personne", "aucune personne"],  # a4
    }
    assert table(html, "table-cours") == {
        B_TITLE: ["1", "1 sur 1 (100 %)", "1", "1 sur 1 (100 %)", "0 sur 1 (0 %)"],  # sorted by name: Lille first
        A_TITLE: ["9", "4 sur 8 (50 %)", "4", "2 sur 4 (50 %)", "1 sur 4 (25 %)"],
    }
    assert list(table(html, "table-cours")) == [B_TITLE, A_TITLE]
    assert bars(chart(html, "chart-cours")) == {B_TITLE: "1 sur 1 (100 %)", A_TITLE: "4 sur 8 (50 %)"}
    assert bars(chart(html, "chart-modalites")) == {"Présentiel": "3 sur 4 (75 %)", "À distance": "2 sur 4 (50 %)",
                                                    "Non renseignée": "0 sur 1 (0 %)"}  # fmt: skip
    assert C_TITLE not in html and "Léa Ailleurs" not in html
    assert "Alice Un" not in html  # figures, never names


def test_a_tutor_reads_the_figures_of_the_courses_she_follows_only(app, make, programme) -> None:
    tutor = make.member(programme.a, "Nadia Haddad", tutor=True)
    html = get(app, make.token(tutor)).get_data(as_text=True)
    assert table(html, "table-months")["Ensemble"] == ["9", "4 sur 8 (50 %)"]  # B's b1 is not hers
    assert table(html, "table-issues")["Entrée en formation"] == ["1 sur 4 (25 %)"]
    assert table(html, "table-suivi-6")["En emploi"] == ["1 sur 1 (100 %)"]
    assert list(table(html, "table-cours")) == [A_TITLE]
    assert B_TITLE not in html and C_TITLE not in html


def test_the_other_lms_s_tutor_reads_its_own_course_alone(app, make, programme) -> None:
    tutor = make.member(programme.c, "Chantal Roy", tutor=True)
    html = get(app, make.token(tutor)).get_data(as_text=True)
    assert table(html, "table-months")["Ensemble"] == ["1", "1 sur 1 (100 %)"]
    assert table(html, "table-suivi-3")["En emploi"] == ["1 sur 1 (100 %)"]
    assert list(table(html, "table-cours")) == [C_TITLE]
    assert A_TITLE not in html and B_TITLE not in html


def test_the_filters_narrow_every_figure(app, make, programme) -> None:
    admin = make.token(make.member(programme.a, "Claire Vasseur", tutor=True, is_admin=True))
    html = get(app, admin, cours=str(programme.b.id)).get_data(as_text=True)
    assert table(html, "table-months")["Ensemble"] == ["1", "1 sur 1 (100 %)"]
    assert list(table(html, "table-cours")) == [B_TITLE]
    assert f'<option value="{programme.b.id}" selected>' in html

    remote = get(app, admin, modalite="distance").get_data(as_text=True)
    assert table(remote, "table-months")["Ensemble"] == ["4", "2 sur 4 (50 %)"]
    assert list(table(remote, "table-modalites")) == ["À distance"]
    assert table(remote, "table-issues")["Abandon"] == ["1 sur 2 (50 %)"]
    unsaid = get(app, admin, modalite="non_renseignee").get_data(as_text=True)
    assert table(unsaid, "table-months")["Ensemble"] == ["1", "0 sur 1 (0 %)"]

    # Thirteen months back to twelve: a0 alone, active after day 28 and reviewed.
    old = get(app, admin, du=month_key(month_back(13)), au=month_key(month_back(12))).get_data(as_text=True)
    assert table(old, "table-months") == {_month(13): ["1", "1 sur 1 (100 %)"], _month(12): ["0", "aucune personne"],
                                          "Ensemble": ["1", "1 sur 1 (100 %)"]}  # fmt: skip
    assert table(old, "table-issues")["Entrée en formation"] == ["1 sur 1 (100 %)"]


def test_the_page_says_who_counts_and_every_percentage_has_its_count(app, make, programme) -> None:
    admin = make.token(make.member(programme.a, "Claire Vasseur", tutor=True, is_admin=True))
    text = plain(get(app, admin).get_data(as_text=True))
    assert "Les personnes parties du cours depuis comptent aussi : elles sont entrées dans la nurserie" in text
    assert "ceux qui ne se sont jamais connectés" in text
    assert "celles qui ont eu une activité à partir du 28e jour après leur entrée" in text
    percentages = re.findall(r"(\S+ \S+ \S+ )\((\d+) %\)", text)
    assert len(percentages) > 40
    for before, _ in percentages:
        assert re.fullmatch(r"\d+ sur \d+ ", before), before  # « n sur d (p %) », never a bare percentage
