"""Financing facts the modules once stated wrongly (issue 11) stay corrected.

Found in modules/*/module.md and corrected in November 2026 (list:
docs/research/issue11/wrong-facts-in-modules.md; facts and sources:
financement-facts.md): a POEI capped at 400 hours (450 since June 2024), the
POEC said to be paid by France Travail (the sector's OPCO pays it), and
apprenticeship "without age limit" for any disability (it takes an RQTH).
Each rule names the file and line; the self-tests show it catching the
sentence it was written for and letting the corrected text through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

MODULES = Path(__file__).parents[2] / "modules"
MODULE_FILES = sorted(MODULES.glob("*/module.md"))

Span = tuple[int, int]

BLOCK_START = re.compile(r"[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|\||#|>)")  # list item, table row, heading, quote
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")

POEI = re.compile(r"\bPOEI\b")
HOURS_400 = re.compile(r"(?<![\d.,])(?<!\d\s)400\s*(?:heures|h)\b")
SCHEMES = re.compile(r"\b(?:POEC|POEI|AFC|AIF|PRF|CPF)\b")
PAID_BY_FRANCE_TRAVAIL = re.compile(
    r"\b(?:financée?s?|payée?s?|prises?\s+en\s+charge)\s+par\s+France\s+Travail\b", re.I
)
FRANCE_TRAVAIL_PAYS_POEC = re.compile(
    r"\bFrance\s+Travail\s+(?:finance|paie|paye|prend\s+en\s+charge)\s+(?:la|les|une|des|votre|vos)\s+POEC\b"
)
POEC_ROW_UNDER_FRANCE_TRAVAIL = re.compile(r"^\|[^|\n]*\bPOEC\b[^|\n]*\|\s*France\s+Travail\s*\|[ \t]*$", re.M)
NO_AGE_LIMIT = re.compile(r"\b(?:sans|pas\s+de|aucune)\s+limite\s+d['’]\s*âge", re.I)
DISABILITY = re.compile(r"handicap", re.I)
RECOGNITION = re.compile(r"\bRQTH\b|qualité\s+de\s+travailleur\s+handicapé", re.I)
AGEPI = re.compile(r"\bAGEPI\b")
FORMER = re.compile(r"\b(?:avant|ancien(?:ne)?|s['’]appelait|ex-|remplacée?)\b", re.I)
INCUBATOR = re.compile(r"\bincubateur\b", re.I)
WORK_MONTHS = re.compile(r"mois\s+(?:de\s+travail|d['’]emploi|d['’]expérience\s+professionnelle)|(?:emploi|CDD|contrat)\s+de\s+(?:quatre|4)\s+mois", re.I)
NEAR = 200  # characters either side of « sans limite d'âge » where « handicap » counts as near


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _lines(text: str) -> Iterator[Span]:
    start = 0
    for line in text.splitlines(keepends=True):
        yield start, start + len(line)
        start += len(line)


def _blocks(text: str, *, split_items: bool) -> Iterator[Span]:
    """Paragraphs (blank-line separated); with split_items, each list item or table row is its own block."""
    start: int | None = None
    for line_start, line_end in _lines(text):
        line = text[line_start:line_end]
        blank = not line.strip()
        if start is not None and (blank or (split_items and BLOCK_START.match(line))):
            yield start, line_start
            start = None
        if start is None and not blank:
            start = line_start
    if start is not None:
        yield start, len(text)


def _sentences(text: str) -> Iterator[Span]:
    """Sentences, which may run over several lines of a paragraph but never out of a list item or table row."""
    for start, end in _blocks(text, split_items=True):
        position = start
        for match in SENTENCE_END.finditer(text, start, end):
            yield position, match.start()
            position = match.end()
        if position < end:
            yield position, end


def poei_with_400_hours(text: str) -> list[int]:
    """« 400 heures » (or « 400 h ») in the same sentence or line as « POEI »."""
    found = set()
    for start, end in [*_sentences(text), *_lines(text)]:
        hours = HOURS_400.search(text, start, end)
        if hours and POEI.search(text, start, end):
            found.add(_line(text, hours.start()))
    return sorted(found)


def poec_paid_by_france_travail(text: str) -> list[int]:
    """A sentence saying the POEC is financed or paid by France Travail.

    « financée par France Travail » is read as said of the scheme named just before it (or, if none, just
    after): « La POEI est financée par France Travail, la POEC par l'OPCO » is right and passes.
    """
    found = set()
    for start, end in _sentences(text):
        sentence = text[start:end]
        schemes = list(SCHEMES.finditer(sentence))
        for paid in PAID_BY_FRANCE_TRAVAIL.finditer(sentence):
            before = [scheme for scheme in schemes if scheme.end() <= paid.start()]
            after = [scheme for scheme in schemes if scheme.start() >= paid.end()]
            subject = before[-1] if before else next(iter(after), None)
            if subject is not None and subject.group() == "POEC":
                found.add(_line(text, start + paid.start()))
        for pays in FRANCE_TRAVAIL_PAYS_POEC.finditer(sentence):
            found.add(_line(text, start + pays.start()))
    return sorted(found)


def poec_row_under_france_travail(text: str) -> list[int]:
    """A « Qui finance ? » table row naming the POEC whose answer is France Travail alone."""
    return [_line(text, row.start()) for row in POEC_ROW_UNDER_FRANCE_TRAVAIL.finditer(text)]


def no_age_limit_for_any_disability(text: str) -> list[int]:
    """« sans limite d'âge » near « handicap », in a paragraph that never names the RQTH."""
    found = []
    for start, end in _blocks(text, split_items=False):
        if RECOGNITION.search(text, start, end):
            continue
        for limit in NO_AGE_LIMIT.finditer(text, start, end):
            if DISABILITY.search(text, max(limit.start() - NEAR, start), min(limit.end() + NEAR, end)):
                found.append(_line(text, limit.start()))
    return found


def agepi_as_current_name(text: str) -> list[int]:
    """« AGEPI » in a sentence that does not say it is the former name (it is the AGE since May 2024)."""
    return sorted({
        _line(text, found.start())
        for start, end in _sentences(text)
        for found in AGEPI.finditer(text, start, end)
        if not FORMER.search(text, start, end)
    })  # fmt: skip


def incubator_as_months_of_work(text: str) -> list[int]:
    """A sentence making the incubator « months of work » (it is an immersion, with no work contract)."""
    return sorted({
        _line(text, months.start())
        for start, end in _sentences(text)
        if INCUBATOR.search(text, start, end)
        for months in WORK_MONTHS.finditer(text, start, end)
    })  # fmt: skip


@dataclass(frozen=True)
class WrongFact:
    """A financing statement the modules once made wrongly: how to find it, and what is true instead."""

    name: str
    find: Callable[[str], list[int]]
    message: str


WRONG_FACTS = {
    fact.name: fact
    for fact in (
        WrongFact(
            "poei-400-heures",
            poei_with_400_hours,
            "POEI et « 400 heures » : depuis juin 2024, une POEI va jusqu'à 450 heures (600 pour certains publics) ;"
            " 400 heures, c'est la POEC",
        ),
        WrongFact(
            "poec-financee-par-france-travail",
            poec_paid_by_france_travail,
            "POEC « financée / payée par France Travail » : c'est l'OPCO (opérateur de compétences) du secteur"
            " qui la monte et la paie",
        ),
        WrongFact(
            "poec-sous-france-travail-dans-qui-finance",
            poec_row_under_france_travail,
            "tableau « Qui finance ? » : la POEC est payée par l'OPCO du secteur, pas par France Travail ;"
            " donnez-lui sa propre ligne",
        ),
        WrongFact(
            "sans-limite-d-age-sans-rqth",
            no_age_limit_for_any_disability,
            "apprentissage « sans limite d'âge » pour un handicap : il faut une RQTH (reconnaissance de la qualité"
            " de travailleur handicapé), dites-le dans le paragraphe",
        ),
        WrongFact(
            "agepi-nom-actuel",
            agepi_as_current_name,
            "« AGEPI » : depuis mai 2024, c'est l'AGE (aide à la garde d'enfants) ; AGEPI seulement comme ancien nom",
        ),
        WrongFact(
            "incubateur-mois-de-travail",
            incubator_as_months_of_work,
            "l'incubateur n'est pas un emploi : c'est une immersion, sans contrat de travail ; sur un CV, présentez-le"
            " comme une immersion en entreprise",
        ),
    )
}


def test_the_programme_is_there_to_read() -> None:
    assert len(MODULE_FILES) >= 9, f"{MODULES}: modules introuvables"


@pytest.mark.parametrize("fact", WRONG_FACTS.values(), ids=list(WRONG_FACTS))
def test_no_module_states_the_wrong_fact(fact: WrongFact) -> None:
    found = [
        f"modules/{path.parent.name}/module.md:{line}: {fact.message}"
        for path in MODULE_FILES
        for line in fact.find(path.read_text("utf-8"))
    ]
    assert not found, "\n".join(found)


# The wrong text each rule was written for, as the modules had it (file:line before issue 11), and the line reported.
CAUGHT = [
    (
        "poei-400-heures",
        "cybersecurite:269",
        "| **POEI** / **POEC** | Formation avant l'embauche, jusqu'à 400 heures. POEI : pour un poste précis. POEC : pour un groupe. |",
        [1],
    ),
    (
        "poei-400-heures",
        "developpement-applications-mobiles:260",
        "| **POEI** | Une entreprise veut vous embaucher. France Travail finance votre formation avant l'embauche, jusqu'à 400 heures. |",
        [1],
    ),
    (
        "poei-400-heures",
        "support-informatique:217",
        "- **POEI** : préparation opérationnelle à l'emploi individuelle. France Travail finance une formation courte (400 heures au plus) avant l'embauche.",
        [1],
    ),
    (
        "poei-400-heures",
        "400 h, sentence over two lines",
        "Une POEI finance votre formation\navant l'embauche : 400 h au plus.",
        [2],
    ),
    (
        "poec-financee-par-france-travail",
        "financee par France Travail",
        "La POEC est une formation de groupe financée par France Travail.",
        [1],
    ),
    (
        "poec-financee-par-france-travail",
        "payee par France Travail, scheme named after",
        "Payée par France Travail, la POEC forme un groupe\nde demandeurs d'emploi.",
        [1],
    ),
    (
        "poec-financee-par-france-travail",
        "France Travail paie la POEC",
        "Pour un groupe, France Travail paie la POEC.",
        [1],
    ),
    (
        "poec-sous-france-travail-dans-qui-finance",
        "data-intelligence-artificielle:233",
        "| Solution | Qui finance ? |\n|---|---|\n| AFC, POEI, POEC | France Travail |",
        [3],
    ),
    (
        "sans-limite-d-age-sans-rqth",
        "cybersecurite:273",
        "L'apprentissage est ouvert en général jusqu'à 29 ans révolus, sans limite d'âge pour les personnes en situation de handicap.",
        [1],
    ),
    (
        "sans-limite-d-age-sans-rqth",
        "developpement-web:261",
        "En **alternance**, vous êtes payé.\nL'apprentissage est ouvert jusqu'à 29 ans révolus (sans limite d'âge pour les personnes en situation de handicap).",
        [2],
    ),
    (
        "agepi-nom-actuel",
        "the aid under its old name",
        "Pour la garde de vos enfants, demandez l'AGEPI à France Travail.",
        [1],
    ),
    (
        "incubateur-mois-de-travail",
        "recherche-emploi:66",
        "Pensez à valoriser l'incubateur : jusqu'à quatre mois de travail, dont un projet en groupe, en mode agile, sur un cas concret d'entreprise.",
        [1],
    ),
]

# The corrected text, as the modules have it now: no rule may report it.
PASSED = [
    (
        "poei-400-heures",
        "POEI and POEC rows, cybersecurite",
        "| **POEI** (préparation opérationnelle à l'emploi individuelle) | Formation pour un poste précis, avant l'embauche. France Travail la finance. Depuis juin 2024, elle peut durer jusqu'à 450 heures (600 pour certaines personnes). |\n"
        "| **POEC** (préparation opérationnelle à l'emploi collective) | Formation de groupe, pour un secteur qui recrute. L'OPCO (opérateur de compétences) du secteur l'organise et la paie. Jusqu'à 400 heures (règle de juin 2021). |",
    ),
    (
        "poec-financee-par-france-travail",
        "POEI financed by France Travail, POEC by the OPCO",
        "La POEI est financée par France Travail, la POEC par l'OPCO du secteur.",
    ),
    (
        "poec-financee-par-france-travail",
        "POEI and POEC bullets, relation-client-digitale",
        "- **POEI** : préparation opérationnelle à l'emploi individuelle. France Travail finance la formation qui vous manque, avant l'embauche.\n"
        "- **POEC** : préparation opérationnelle à l'emploi collective. C'est une formation de groupe. L'OPCO (opérateur de compétences) du secteur l'organise et la paie.",
    ),
    (
        "poec-sous-france-travail-dans-qui-finance",
        "who-pays table, data-intelligence-artificielle",
        "| AFC (action de formation conventionnée) | France Travail |\n"
        "| POEI (préparation opérationnelle à l'emploi individuelle) | France Travail |\n"
        "| POEC (préparation opérationnelle à l'emploi collective) | L'OPCO (opérateur de compétences) du secteur |",
    ),
    (
        "sans-limite-d-age-sans-rqth",
        "apprenticeship paragraph, cybersecurite",
        "L'apprentissage est ouvert en général jusqu'à 29 ans révolus. Avec une RQTH (reconnaissance de la qualité de travailleur handicapé), il n'y a pas de limite d'âge.",
    ),
    (
        "sans-limite-d-age-sans-rqth",
        "sans limite d'age, RQTH named",
        "L'apprentissage est sans limite d'âge pour une personne handicapée\nqui a une RQTH.",
    ),
    (
        "agepi-nom-actuel",
        "financement: the former name said so",
        "C'est l'AGE, l'aide à la garde d'enfants. Avant mai 2024, elle s'appelait l'AGEPI.",
    ),
    (
        "incubateur-mois-de-travail",
        "recherche-emploi now",
        "Pensez à valoriser l'incubateur : jusqu'à quatre mois, avec un projet en groupe. Sur votre CV, présentez-le comme une immersion en entreprise.",
    ),
]


@pytest.mark.parametrize(
    "name, text, lines",
    [(n, t, lines) for n, _, t, lines in CAUGHT],
    ids=[f"{n}: {where}" for n, where, _, _ in CAUGHT],
)
def test_the_rule_catches_the_wrong_text_it_was_written_for(name: str, text: str, lines: list[int]) -> None:
    assert WRONG_FACTS[name].find(text) == lines


@pytest.mark.parametrize("name, text", [(n, t) for n, _, t in PASSED], ids=[f"{n}: {where}" for n, where, _ in PASSED])
def test_the_rule_lets_the_corrected_text_through(name: str, text: str) -> None:
    assert WRONG_FACTS[name].find(text) == []


def test_every_rule_is_shown_failing() -> None:
    assert {name for name, *_ in CAUGHT} == set(WRONG_FACTS)


RNCP_NUMBER = re.compile(r"\bRNCP\s?\d{4,6}\b")
END_DATE = re.compile(r"jusqu['’]au\s+\d|(?:terminée?|finie?|pris\s+fin)\s+le\s+\d", re.I)


def _numbers_without_end_date(text: str) -> list[int]:
    """Lines of the body (not the front matter's source titles) that give an RNCP number without its end date."""
    body_start = text.index("\n---", 3) if text.startswith("---") else 0
    return [
        _line(text, match.start())
        for match in RNCP_NUMBER.finditer(text, body_start)
        if not END_DATE.search(text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())])
    ]


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda path: path.parent.name)
def test_a_certification_number_comes_with_its_end_date(path: Path) -> None:
    """A registration ends (RNCP37680 did on 1 September 2026): a number given to learners says until when."""
    text = path.read_text("utf-8")
    lines = _numbers_without_end_date(text)
    assert not lines, f"{path.relative_to(MODULES.parent)}:{lines[0]}: numéro RNCP sans sa date de fin (« jusqu'au … »)"


def test_the_end_date_rule_catches_a_bare_number() -> None:
    text = (
        "---\nslug: x\n---\n\nLe titre a la fiche RNCP37680.\n"
        "Le titre a la fiche RNCP37674, enregistrée jusqu'au 1er septembre 2028.\nLa fiche RNCP37681 a pris fin le 1er septembre 2025.\n"
    )
    assert _numbers_without_end_date(text) == [5]
