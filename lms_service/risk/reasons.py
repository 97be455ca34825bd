"""The reasons a learner shows as needing a call, as bits of one stored number.

The most urgent reason is the highest bit, so the référents' list sorted on
the number puts first the people nobody has heard from for a month after
their nursery, then those who never started, then the silent ones, then the
ones who struggle with a test or a quiz, and last those whose nursery is over
without a review (bilan): the référent's own task, not a learner in trouble.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import ngettext

if TYPE_CHECKING:
    from .rules import Rules

LOST_CONTACT = 32  # no page, answer, attendance or follow-up for a month after the review (or the nursery's end)
NOT_STARTED = 16  # no module started some days after their entry
INACTIVE = 8  # no activity for some days
ENTRY_TEST_LOW = 4  # the entry test below its threshold
QUIZ_FAILED = 2  # a quiz failed several times and not passed since
NO_REVIEW = 1  # the nursery's weeks are over and no review was written
MOST_URGENT_FIRST = (LOST_CONTACT, NOT_STARTED, INACTIVE, ENTRY_TEST_LOW, QUIZ_FAILED, NO_REVIEW)
CLEARED_BY_A_PAGE = LOST_CONTACT | NOT_STARTED | INACTIVE  # a page seen: news, active, and a module started
CLEARED_BY_AN_ANSWER = LOST_CONTACT | INACTIVE  # an answer saved: news, and active


def bits_of(reasons: int) -> tuple[int, ...]:
    """The reasons in a stored number, the most urgent first."""
    return tuple(bit for bit in MOST_URGENT_FIRST if reasons & bit)


def words(reason: int, rules: Rules) -> str:
    """The reason as a référent reads it, with the rule's own figure."""
    if reason == NOT_STARTED:
        return ngettext("Aucun module commencé %(num)s jour après l'entrée",
                        "Aucun module commencé %(num)s jours après l'entrée", rules.not_started_days)  # fmt: skip
    if reason == INACTIVE:
        return ngettext("Aucune activité depuis %(num)s jour", "Aucune activité depuis %(num)s jours",
                        rules.inactive_days)  # fmt: skip
    if reason == LOST_CONTACT:
        return ngettext("Sans nouvelles depuis %(num)s jour", "Sans nouvelles depuis %(num)s jours",
                        rules.silent_days)  # fmt: skip
    if reason == NO_REVIEW:
        return ngettext("Pas de bilan %(num)s semaine après l'entrée", "Pas de bilan %(num)s semaines après l'entrée",
                        rules.review_weeks)  # fmt: skip
    if reason == ENTRY_TEST_LOW:
        return ngettext("Test d'entrée sous %(num)s %%", "Test d'entrée sous %(num)s %%", rules.entry_test_percent)
    return ngettext("Un quiz échoué %(num)s fois", "Un quiz échoué %(num)s fois", rules.failed_attempts)


def all_words(rules: Rules) -> dict[int, tuple[str, ...]]:
    """Every stored number's reasons in words, translated once for a whole page (64 numbers, not 50 rows)."""
    single = {bit: words(bit, rules) for bit in MOST_URGENT_FIRST}
    return {reasons: tuple(single[bit] for bit in bits_of(reasons)) for reasons in range(2 ** len(single))}
