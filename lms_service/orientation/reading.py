"""One learner's orientation, family of jobs by family: what they said first, then their quiz and their time, apart.

The nursery exists to help each learner choose. What they said at the end of
each initiation module (« do these jobs appeal to you? », then a few words of
their own) is what the conversation starts from. A quiz result and a reading
time measure ease with reading and what the learner knew before, not what
draws them: they are shown beside it, each on its own, never added up, never
used to sort the families, which keep the path's order.

A fixed number of queries whatever the number of modules: the answers (one),
the progress rows (one), the notes (one), their earlier versions on the
référent's page (one), and the names of who wrote them (one).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import select

from ..assessments.self_assessment import INITIATION, appeal_question, self_assessments
from ..content import Catalogue, Module, Question
from ..db import get_session
from ..models import ModuleProgress, OrientationNote
from ..models.records import ORIENTATION
from ..progress import module_progress
from ..records.history import revisions
from ..records.people import names
from ..records.versions import Version, as_stored, authors, signed_versions


@dataclass(frozen=True)
class Said:
    """The learner's answer at the end of one initiation module: a level of its scale, and the words after it."""

    module: Module
    scale: Question
    level: str | None  # None: not answered yet
    place: int  # the level's place on the scale, from 1 (the lowest); 0 when not answered
    steps: int  # how many levels the scale has
    words_question: Question | None  # the free question that follows the scale in the module, if any
    words: Markup | None  # the learner's answer to it, as safe HTML


@dataclass(frozen=True)
class Quiz:
    """A module's quiz result as stored: the attempt that counts (the best, unless the module keeps the last)."""

    module: Module
    percent: int | None  # None: not taken
    passed: bool
    on_site: bool  # marked done on site by a référent (no online score for it)


@dataclass(frozen=True)
class Note:
    """The référent's note on one family: its versions newest first (records.versions), the first being the note
    now (its body empty once cleared), the others only on the référent's page; and who wrote them, by name."""

    versions: list[Version]
    names: Mapping[int, str]  # never an e-mail address: the learner reads who wrote the note

    @property
    def current(self) -> Version:
        return self.versions[0]

    @property
    def earlier(self) -> list[Version]:
        return self.versions[1:]

    def by(self, version: Version) -> str | None:
        """Who wrote that version; None when that person's membership is gone."""
        return self.names.get(version.by_id) if version.by_id is not None else None

    @staticmethod
    def html(version: Version) -> Markup:
        """The version's text with its line breaks, escaped."""
        return Markup("<br>").join(escape(line) for line in str(version.content.get("body") or "").split("\n"))


@dataclass(frozen=True)
class Family:
    """One family of jobs for one learner: the learner's words, their quizzes, their time, the référent's note."""

    key: str
    title: str
    said: list[Said]
    quizzes: list[Quiz]
    seconds: int  # time spent on the family's modules
    note: Note | None


def job_families(catalogue: Catalogue) -> dict[str, list[Module]]:
    """The initiation modules by family (its `family`, else its slug), families in the path's order."""
    found: dict[str, list[Module]] = {}
    for module in catalogue.ordered():
        if module.kind == INITIATION:
            found.setdefault(module.family or module.slug, []).append(module)
    return found


def read_orientation(catalogue: Catalogue, membership_id: int, *, words: bool = True, notes: bool = True,
                     history: bool = False) -> list[Family]:  # fmt: skip
    """The learner's families in the path's order; without `words`, their answers are not even read (a mentor's
    page), nor the notes without `notes`; `history` adds each note's earlier versions (the référent's page)."""
    families = job_families(catalogue)
    modules = [module for members in families.values() for module in members]
    answered = _answers(membership_id, modules) if words and modules else {}
    progress = module_progress(membership_id)
    written = _notes(membership_id, history) if notes else {}
    found = []
    for key, members in families.items():
        said = [_said(module, answered.get(module.slug, {})) for module in members]
        rows = [row for module in members if (row := progress.get(module.slug)) is not None]
        found.append(Family(key=key, title=members[0].title, said=[item for item in said if item is not None],
                            quizzes=[_quiz(module, progress.get(module.slug)) for module in members if module.scored],
                            seconds=sum(row.seconds_spent for row in rows), note=written.get(key)))  # fmt: skip
    return found


def _answers(membership_id: int, modules: Sequence[Module]) -> dict[str, dict[str, tuple[object, Markup]]]:
    """Per module, its questions without points answered in the last submitted attempt: (value, safe HTML)."""
    found = {}
    for item in self_assessments(get_session(), membership_id, modules):
        found[item.module.slug] = {answer.question.id: (answer.value, answer.answer) for answer in item.answers}
    return found


def _said(module: Module, answers: dict[str, tuple[object, Markup]]) -> Said | None:
    """The module's appeal scale and the words after it, answered or not; None for a module without a scale."""
    scale = appeal_question(module)
    if scale is None:
        return None
    levels: tuple[str, ...] = getattr(scale, "scale", ())
    value = answers.get(scale.id, (None, None))[0]
    level = value if isinstance(value, str) and value in levels else None
    following = _words_question(module, scale)
    words = answers.get(following.id, (None, None))[1] if following is not None else None
    return Said(module, scale, level, levels.index(level) + 1 if level is not None else 0, len(levels),
                following, words)  # fmt: skip


def _words_question(module: Module, scale: Question) -> Question | None:
    """The question right after the scale in the module's reading order, when it asks for the learner's own words."""
    order = [question_id for page in module.pages for question_id in page.question_ids]
    if scale.id not in order or order.index(scale.id) + 1 >= len(order):
        return None
    following = module.questions.get(order[order.index(scale.id) + 1])
    return following if following is not None and following.type_name == "free" and not following.points_possible \
        else None  # fmt: skip


def _quiz(module: Module, row: ModuleProgress | None) -> Quiz:
    if row is None:
        return Quiz(module, None, False, False)
    return Quiz(module, row.score_percent, bool(row.passed), row.onsite_at is not None)


def _notes(membership_id: int, history: bool) -> dict[str, Note]:
    """The learner's notes by family (one query), their earlier versions (one), the names of who wrote them (one)."""
    rows = list(get_session().scalars(select(OrientationNote).where(OrientationNote.membership_id == membership_id)))
    earlier = revisions(ORIENTATION, [note.id for note in rows]) if history and rows else {}
    found = {note.family: signed_versions(as_stored(note, ("body",)), (note.set_by_id, note.set_at),
                                          earlier.get(note.id, [])) for note in rows}  # fmt: skip
    written_by = names({by for versions in found.values() for by in authors(versions)})
    return {family: Note(versions, written_by) for family, versions in found.items()}
