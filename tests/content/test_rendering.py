"""`render` is the one door from trainer Markdown to HTML, and it lets no script through."""

import pytest

from lms_service.content import render


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("<script>alert(1)</script>", "alert"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[clic](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">clic</a>', "javascript:"),
        ('<a href="data:text/html,<b>x</b>">clic</a>', "data:"),
        ('<iframe src="https://example.org"></iframe>', "<iframe"),
        ('<p style="position:fixed">x</p>', "style="),
        ('<div class="question-slot" data-question="x"></div>', "question-slot"),
        ('<form action="/x"><input name="a"></form>', "<input"),
        ("<style>body{display:none}</style>", "display:none"),
        ("# Titre de niveau 1", "<h1"),
        ("{#id} texte {: .classe}", "class="),
    ],
)
def test_render_removes_anything_that_could_run_or_restyle(markdown: str, forbidden: str) -> None:
    assert forbidden not in render(markdown)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("**gras** et *italique*", "<p><strong>gras</strong> et <em>italique</em></p>"),
        ("### Sous-titre", "<h3>Sous-titre</h3>"),
        ("> citation", "<blockquote>\n<p>citation</p>\n</blockquote>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("3. trois\n4. quatre", '<ol start="3">\n<li>trois</li>\n<li>quatre</li>\n</ol>'),
        ("`code`", "<p><code>code</code></p>"),
        ("---", "<hr>"),
        (
            '[site](https://example.org "Titre")',
            '<p><a href="https://example.org" title="Titre" rel="noopener noreferrer">site</a></p>',
        ),
        ("| a |\n|--:|\n| 1 |", '<table>\n<thead>\n<tr>\n<th align="right">a</th>'),
    ],
)
def test_render_keeps_course_text(markdown: str, expected: str) -> None:
    assert render(markdown).startswith(expected)


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("images/a.png", "/content/m/12345678/images/a.png"),
        ("./images/sous/b.png", "/content/m/12345678/images/sous/b.png"),
        ("images/../images/c.png", "/content/m/12345678/images/c.png"),
        ("https://example.org/d.png", "https://example.org/d.png"),
        ("../autre/images/e.png", "../autre/images/e.png"),
    ],
)
def test_relative_images_point_at_the_image_route(src: str, expected: str) -> None:
    html = render(f"![description]({src})", image_base="/content/m/12345678/")
    assert f'src="{expected}"' in html


def test_without_image_base_sources_are_left_alone() -> None:
    assert 'src="images/a.png"' in render("![description](images/a.png)")
