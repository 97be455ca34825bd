"""Pages: cut at `## `, ids derived or explicit, quiz blocks lifted out and left as slots."""

import pytest

from lms_service.content import Catalogue
from lms_service.content.folding import slugify
from lms_service.content.frontmatter import read_front_matter, split_front_matter
from lms_service.content.model import Segment
from lms_service.content.pages import parse_heading, split_pages
from lms_service.content.problems import Report


@pytest.mark.parametrize(
    ("title", "page_id"),
    [
        ("Une journée type", "une-journee-type"),
        ("Les métiers du cœur", "les-metiers-du-coeur"),
        ("L'équipe & moi : bilan !", "l-equipe-moi-bilan"),
        ("  Étape 2 — À vous  ", "etape-2-a-vous"),
        ("Ça, c'est «fait»", "ca-c-est-fait"),
        ("???", ""),
    ],
)
def test_page_id_is_derived_from_the_title(title: str, page_id: str) -> None:
    assert slugify(title) == page_id


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        (" Une journée type {#journee}", ("Une journée type", "journee")),
        (" Une journée type", ("Une journée type", None)),
        (" Titre ##", ("Titre", None)),
        (" Le langage C#", ("Le langage C#", None)),
        (" Titre {#id} ##", ("Titre", "id")),
    ],
)
def test_heading_gives_title_and_explicit_id(heading: str, expected: tuple[str, str | None]) -> None:
    assert parse_heading(heading) == expected


def test_pages_start_at_level_two_headings_outside_code() -> None:
    lines = ["## Un", "texte", "```", "## pas une page", "```", "### sous-titre", "## Deux {#deux}", "fin"]
    report = Report("m.md")
    pages = split_pages(lines, 10, report)
    assert report.problems == []
    assert [(page.id, page.title, page.line) for page in pages] == [("un", "Un", 10), ("deux", "Deux", 16)]


def test_sample_module_pages(sample: Catalogue) -> None:
    module = sample.get("exemple")
    assert module is not None
    assert [(page.id, page.line, page.question_ids) for page in module.pages] == [
        ("les-metiers-du-coeur", 16, ()),
        ("journee", 37, ("q-single", "q-multiple")),
        ("calculer-et-ecrire", 69, ("q-numeric", "q-text", "q-ordering")),
        ("avis", 99, ("q-likert", "q-free", "q-non-notee")),
    ]
    assert module.page_index("calculer-et-ecrire") == 2
    assert module.page("avis") is module.pages[3]
    assert module.page("absente") is None and module.page_index("absente") is None


def test_quiz_blocks_become_question_places_in_order(sample: Catalogue) -> None:
    page = sample.get("exemple").page("journee")
    assert page.segments == (
        Segment(html="<p>Le matin, on lit ses e-mails.</p>\n"),
        Segment(question_id="q-single", number=1),
        Segment(html="\n<p>Entre deux questions.</p>\n"),
        Segment(question_id="q-multiple", number=2),
    )
    assert page.question_ids == ("q-single", "q-multiple")


def test_code_fences_are_rendered_as_code_not_as_pages_or_questions(sample: Catalogue) -> None:
    module = sample.get("exemple")
    first = module.pages[0].html
    assert "<pre><code>## ceci est du code, pas une page" in first
    assert "pas-une-question" in first and "pas-une-question" not in module.questions


def test_front_matter_fields(sample: Catalogue) -> None:
    module = sample.get("exemple")
    assert (module.title, module.kind, module.family, module.duration_minutes) == (
        "Un module d'exemple", "initiation", "developpement-web", 30,
    )
    assert (module.pass_score, module.max_attempts, module.time_limit_minutes) == (60, 3, None)
    assert module.kept_attempt == "best"
    assert module.objectives == ("Lire un module d'exemple",)
    assert module.sources[0].url == "https://example.org/guide"
    assert len(module.version) == 64 and module.directory.name == "exemple"
    assert list(module.questions) == [
        "q-single", "q-multiple", "q-numeric", "q-text", "q-ordering", "q-likert", "q-free", "q-non-notee",
    ]
    assert module.questions["q-numeric"].line == 72
    assert {module: "hashable, by version"}[module]


def _front_matter(extra: str, kind: str = "initiation") -> tuple[str, list[str]]:
    report = Report("module.md")
    lines = f"---\nslug: m\ntitle: M\nkind: {kind}\n{extra}---\n".splitlines()
    data, _ = split_front_matter(lines, report)
    assert data is not None
    front = read_front_matter(data, "m", report)
    return front.kept_attempt, [str(problem) for problem in report.problems]


@pytest.mark.parametrize(
    ("extra", "kind", "kept"),
    [("", "initiation", "best"), ("kept_attempt: best\n", "initiation", "best"),
     ("kept_attempt: last\n", "initiation", "last"), ("kept_attempt: last\n", "survey", "last")],
)  # fmt: skip
def test_kept_attempt_is_best_unless_the_header_says_last(extra: str, kind: str, kept: str) -> None:
    assert _front_matter(extra, kind) == (kept, [])


@pytest.mark.parametrize("value", ["premier", "Last", "3"])
def test_an_unknown_kept_attempt_is_a_problem_on_its_line(value: str) -> None:
    assert _front_matter(f"max_attempts: 3\nkept_attempt: {value}\n") == ("best", [
        "module.md:6: « kept_attempt » vaut best (le meilleur essai compte)"
        f" ou last (le dernier essai compte), pas « {value} »",
    ])  # fmt: skip
