"""The reasons a learner shows as needing a call, as bits of one stored number.

The most urgent reason is the highest bit, so the référents' list sorted on
the number puts first the people who never started, then the silent ones,
then the ones who struggle with a test or a quiz.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import ngettext

if TYPE_CHECKING:
    from .rules import Rules

NOT_STARTED = 8  # no module started some days after their entry
INACTIVE = 4  # no activity for some days
ENTRY_TEST_LOW = 2  # the entry test below its threshold
QUIZ_FAILED = 1  # a quiz failed several times and not passed since
MOST_URGENT_FIRST = (NOT_STARTED, INACTIVE, ENTRY_TEST_LOW, QUIZ_FAILED)
CLEARED_BY_A_PAGE = NOT_STARTED | INACTIVE  # a page seen: active, and a module started


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
    if reason == ENTRY_TEST_LOW:
        return ngettext("Test d'entrée sous %(num)s %%", "Test d'entrée sous %(num)s %%", rules.entry_test_percent)
    return ngettext("Un quiz échoué %(num)s fois", "Un quiz échoué %(num)s fois", rules.failed_attempts)


def all_words(rules: Rules) -> dict[int, tuple[str, ...]]:
    """Every stored number's reasons in words, translated once for a whole page (16 numbers, not 50 rows)."""
    single = {bit: words(bit, rules) for bit in MOST_URGENT_FIRST}
    return {reasons: tuple(single[bit] for bit in bits_of(reasons)) for reasons in range(16)}
