"""What the programme asks of each kind of module, beyond a valid format: checked by `modules check --strict`.

A module can be valid and still too thin for the programme: an initiation module
of two pages, an entry test whose bank is no larger than its draw, a survey that
grades. These rules say so with file and line, like the format's problems, but
they do not stop a module from being served: a trainer's draft (`flask modules
new`) passes `flask modules check`, and `make test` runs the strict check on the
programme's own modules.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from .inclusive_writing import masculine_alone
from .model import Module
from .problems import Problem
from .questions.survey import Likert

FORMER_NAME = "Pôle emploi"
CURRENT_NAME = "France Travail"


@dataclass(frozen=True)
class KindRules:
    """The least a module of one kind holds."""

    min_pages: int = 1
    min_words: int = 0
    min_graded: int = 0
    max_graded: int | None = None
    min_images: int = 0  # pictures: many learners are ill at ease with long texts
    appeal_question: bool = False  # one ungraded agreement scale whose id ends in "-attrait"
    self_assessment: bool = False  # at least one ungraded agreement scale


RULES = {
    "initiation": KindRules(min_pages=6, min_words=1400, min_graded=10, min_images=2, appeal_question=True),
    "soft-skills": KindRules(min_pages=4, min_words=900, min_graded=6, self_assessment=True),
    "entry-test": KindRules(min_graded=60),
    "survey": KindRules(max_graded=0),
    "reference": KindRules(max_graded=0),
}


def editorial_problems(module: Module) -> list[Problem]:
    """Every shortfall of `module` against its kind's rules and the programme's writing rules."""
    path = f"{module.directory.parent.name}/{module.directory.name}/module.md"
    text = (module.directory / "module.md").read_text("utf-8")
    found: list[Problem] = []
    for check in CHECKS:
        found += [Problem(path, line, message) for line, message in check(module, text)]
    return found


Finding = list[tuple[int, str]]


def _sizes(module: Module, text: str) -> Finding:
    rules = RULES.get(module.kind, KindRules())
    graded = sum(1 for question in module.questions.values() if question.points_possible)
    words = prose_words(text)
    found: Finding = []
    kind = f"un module « {module.kind} »"
    if len(module.pages) < rules.min_pages:
        found.append((1, f"{len(module.pages)} page(s) : {kind} en compte au moins {rules.min_pages}"))
    if words < rules.min_words:
        found.append((1, f"{words} mots de texte : {kind} en compte au moins {rules.min_words}"))
    images = image_count(text)
    if images < rules.min_images:
        found.append((1, f"{images} image(s) : {kind} en montre au moins {rules.min_images} (un schéma, une journée…)"))
    if graded < rules.min_graded:
        found.append((1, f"{graded} question(s) notée(s) : au moins {rules.min_graded} pour {kind}"))
    if rules.max_graded is not None and graded > rules.max_graded:
        found.append((1, f"{graded} question(s) notée(s) : {kind} n'en note aucune"))
    return found


def _scales(module: Module, _text: str) -> Finding:
    rules = RULES.get(module.kind, KindRules())
    scales = [q for q in module.questions.values() if isinstance(q, Likert) and not q.points_possible]
    found: Finding = []
    if rules.appeal_question and len([q for q in scales if q.id.endswith("-attrait")]) != 1:
        found.append((1, "une question d'attrait, et une seule : une échelle non notée dont l'id finit par « -attrait »"))
    if rules.self_assessment and not scales:
        found.append((1, "il faut une auto-évaluation : au moins une échelle d'accord non notée"))
    return found


def _entry_test_bank(module: Module, _text: str) -> Finding:
    if module.kind != "entry-test":
        return []
    found: Finding = []
    if not module.time_limit_minutes or module.pass_score is None:
        found.append((1, "le test de positionnement a une durée limite (time_limit_minutes) et un seuil (pass_score)"))
    for section in module.sections:
        bank = sum(1 for question in module.questions.values() if question.section == section.id)
        if section.pass_score is None or bank <= section.draw:
            found.append((1, f"partie « {section.id} » : un seuil, et plus de questions ({bank}) que tirées ({section.draw})"))
    return found


def _sources_last(module: Module, text: str) -> Finding:
    front = text.split("\n---", 1)[0].splitlines()
    keys = [(number, line.split(":", 1)[0]) for number, line in enumerate(front, 1) if re.match(r"[a-z_]+:", line)]
    if not module.sources or not keys or keys[-1][1] != "sources":
        line = next((number for number, key in keys if key == "sources"), 1)
        return [(line, "les sources (sources:) ferment l'en-tête, et il y en a au moins une")]
    return []


def _former_name(_module: Module, text: str) -> Finding:
    """France Travail is the agency's name; Pôle emploi only as its former name, said so nearby."""
    found: Finding = []
    for match in re.finditer(FORMER_NAME, text):
        around = text[max(match.start() - 200, 0) : match.end() + 200]
        if CURRENT_NAME not in around and "2024" not in around:
            line = text.count("\n", 0, match.start()) + 1
            found.append((line, f"« {FORMER_NAME} » s'appelle « {CURRENT_NAME} » depuis 2024"))
    return found


MIN_EXPLANATION_WORDS = 4  # « Non. » or « Faux. » says that it is wrong, not why


def _wrong_options_explained(module: Module, _text: str) -> Finding:
    """A quiz that teaches says why a wrong option is wrong: in the option's feedback, or the question's."""
    if module.kind not in ("initiation", "soft-skills"):
        return []
    found: Finding = []
    for question in module.questions.values():
        right = _right_ids(question)
        if right is None or not question.points_possible:
            continue
        for choice in getattr(question, "choices", ()):
            if choice.id in right:
                continue
            if choice.feedback is not None and len(re.findall(r"\w+", choice.feedback)) < MIN_EXPLANATION_WORDS:
                found.append((question.line, f"question « {question.id} », réponse « {choice.id} » : « {choice.feedback} » "
                                             "dit que c'est faux, pas pourquoi (une ou deux phrases)"))  # fmt: skip
            elif choice.feedback is None and not question.feedback:
                found.append((question.line, f"question « {question.id} », réponse « {choice.id} » : expliquez "
                                             "pourquoi elle est fausse (feedback du choix ou de la question)"))  # fmt: skip
    return found


def _right_ids(question: object) -> frozenset[str] | None:
    """The ids of a choice question's right options; None for a question without options."""
    answer = getattr(question, "answer", None)
    if not hasattr(question, "choices") or answer is None:
        return None
    return frozenset([answer]) if isinstance(answer, str) else frozenset(answer)


def image_count(text: str) -> int:
    """Pictures shown in module.md (`![texte](images/…)`)."""
    return len(re.findall(r"!\[[^\]]*\]\(", text))


def prose_words(text: str) -> int:
    """Words of running text: the body without its quiz blocks."""
    body = text.split("\n---\n", 1)[-1]
    return len(re.findall(r"\w+", re.sub(r"```quiz.*?```", "", body, flags=re.S)))


CHECKS: tuple[Callable[[Module, str], Finding], ...] = (
    _sizes, _scales, _entry_test_bank, _sources_last, _former_name, _wrong_options_explained, masculine_alone,
)  # fmt: skip
