"""Issue 14, point 5: the charts are SVG drawn on the server, well-formed, safe with whatever a course is called,
named for a screen reader, readable on a 360 px phone, and hold the numbers of the table beside them."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from lms_service.figures.charts import BAR_WIDTH, Bar, bar_chart

from .conftest import SVG, bars, chart, get, month_back, table

HOSTILE = '<script>alert(1)</script> & <b>N"</b>'  # 37 characters: not cut


def test_a_course_title_holding_markup_is_text_in_the_chart_and_the_table(app, make, db) -> None:
    course = make.course(HOSTILE)
    admin = make.member(course, "Claire Vasseur", tutor=True, is_admin=True)
    make.member(course, "Alice Un", entry_date=month_back(2), modality="on_site")
    db.commit()
    html = get(app, make.token(admin)).get_data(as_text=True)
    assert "<script>alert" not in html and "<b>N" not in html
    assert "&lt;script&gt;alert(" in html
    svg = chart(html, "chart-cours")  # parses: well-formed XML
    assert bars(svg) == {HOSTILE: "0 sur 1 (0 %)"}  # the title read back whole, as text
    assert table(html, "table-cours") == {HOSTILE: ["1", "0 sur 1 (0 %)", "0", "aucune personne", "aucune personne"]}


def test_every_chart_of_the_page_is_an_image_with_its_name_and_description(app, make, programme) -> None:
    admin = make.member(programme.a, "Claire Vasseur", tutor=True, is_admin=True)
    html = get(app, make.token(admin)).get_data(as_text=True)
    names = ["chart-entries", "chart-retention", "chart-issues", "chart-suivi-3", "chart-suivi-6", "chart-modalites",
             "chart-cours"]  # fmt: skip
    assert html.count("<svg ") == len(names)
    for name in names:
        svg = chart(html, name)
        assert svg.get("role") == "img" and svg.get("aria-labelledby") == f"{name}-title {name}-desc"
        assert (svg.find(f"{SVG}title").text or "").strip() and "dans le tableau" in svg.find(f"{SVG}desc").text
        assert svg.get("width") == "100%" and svg.get("viewBox").startswith("0 0 300 ")  # a phone's width
        assert svg.get("style") is None and all(e.get("style") is None for e in svg.iter())  # no inline CSS (CSP)
        after = html[html.index(f'id="{name}-title"'):]
        assert after.index("</svg>") < after.index("<table id=")  # its table right after it


def test_a_share_is_a_bar_over_its_hatched_whole_and_a_count_is_scaled_to_the_largest() -> None:
    shares = ET.fromstring(bar_chart("s", "Parts", "Résumé", [Bar("Trois sur quatre", 3, "3 sur 4 (75 %)", 4),
                                                              Bar("Personne", 0, "aucune personne", 0)]))  # fmt: skip
    groups = list(shares.iter(f"{SVG}g"))
    first = {r.get("class"): r for r in groups[0].iter(f"{SVG}rect")}
    assert first["rest"].get("fill") == "url(#s-rest)" and float(first["rest"].get("width")) == BAR_WIDTH
    assert float(first["part"].get("width")) == BAR_WIDTH * 3 / 4
    assert [r.get("class") for r in groups[1].iter(f"{SVG}rect")] == ["rest"]  # nothing counted: no part
    assert shares.find(f".//{SVG}pattern").get("id") == "s-rest"

    counts = ET.fromstring(bar_chart("c", "Nombres", "Résumé", [Bar("Dix", 10, "10"), Bar("Cinq", 5, "5"),
                                                                Bar("Un", 1, "1")]))  # fmt: skip
    widths = [float(r.get("width")) for r in counts.iter(f"{SVG}rect") if r.get("class") == "part"]
    assert widths == [BAR_WIDTH, BAR_WIDTH / 2, BAR_WIDTH / 10]


def test_a_long_label_is_cut_in_the_chart_only() -> None:
    long = "Nurserie numérique — M2i Lille, Euratechnologies, promotion du printemps"
    svg = ET.fromstring(bar_chart("l", "T", "D", [Bar(long, 1, "1")]))
    label = next(t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "label")
    assert label.endswith("…") and long.startswith(label[:-1]) and len(label) <= 40
