"""The figures page's sections: each chart drawn from the same lines as the table beside it.

The template only lays them out, so a chart and its table cannot disagree:
both are made here, from one list of lines, in one pass.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date, format_number, gettext, ngettext
from markupsafe import Markup

from ..models.records import DROPPED_OUT
from ..records.words import follow_up_words, outcome_words
from .charts import Bar, bar_chart
from .tally import Figures, Line, Share


@dataclass(frozen=True)
class Table:
    ident: str
    caption: str
    head: list[str]
    rows: list[list[str]]  # each row's first cell names it (a row header)
    wide: bool = False  # more columns than a phone shows: in a region that scrolls


@dataclass(frozen=True)
class Pair:
    charts: list[Markup]
    table: Table


@dataclass(frozen=True)
class Section:
    ident: str
    title: str
    pairs: list[Pair]
    intro: list[str] = field(default_factory=list)


def month_words(month: date) -> str:
    """« novembre 2026 »."""
    return format_date(month, "LLLL y")


def retention_words(line: Line, short: bool = False) -> str:
    """« 3 sur 5 (60 %) »; for learners who all entered less than five weeks ago, that it is too early (`short`:
    in words that fit beside a chart's bar)."""
    if not line.entered:
        return line.retention.words()
    early = gettext("trop tôt") if short else gettext("trop tôt : entrée il y a moins de 5 semaines")
    return line.retention.words(early)


def sections(figures: Figures, period: str) -> list[Section]:
    """The page's sections in order: month by month, the reviews' outcomes, the follow-ups, by modality, by
    course (`period` says « de … à … »)."""
    beside = gettext("Les mêmes nombres sont dans le tableau.")
    total = figures.total
    said = gettext("Personnes entrées chaque mois, %(period)s.", period=period)
    entries = bar_chart("chart-entries", gettext("Entrées par mois"), f"{said} {beside}",
                        [Bar(line.label, line.entered, format_number(line.entered)) for line in figures.months])  # fmt: skip
    months = Table("table-months", gettext("Entrées et maintien, par mois d'entrée"),
                   [gettext("Mois d'entrée"), gettext("Entrées"), gettext("Maintien")],
                   [[line.label, format_number(line.entered), retention_words(line)]
                    for line in [*figures.months, total]])  # fmt: skip
    made = [Section("mois", gettext("Mois par mois"), [Pair(
        [entries, _retention("chart-retention", gettext("Maintien par mois d'entrée"), figures.months, beside)],
        months)])]  # fmt: skip
    made.append(_outcomes(figures, beside))
    made.append(_follow_ups(figures, beside))
    for ident, title, first, chart_title, caption, lines in (
            ("modalites", gettext("Par modalité"), gettext("Modalité"), gettext("Maintien par modalité"),
             gettext("Entrées, maintien et issue des bilans, par modalité"), figures.modalities),
            ("cours", gettext("Par cours"), gettext("Cours"), gettext("Maintien par cours"),
             gettext("Entrées, maintien et issue des bilans, par cours"), figures.courses)):  # fmt: skip
        chart = _retention(f"chart-{ident}", chart_title, lines, beside)
        made.append(Section(ident, title, [Pair([chart], _by_table(f"table-{ident}", caption, first, lines))]))
    return made


def _outcomes(figures: Figures, beside: str) -> Section:
    words, total = outcome_words(), figures.total
    shares = [(words[key], share) for key, share in figures.outcomes]
    caption = ngettext("Issue des bilans (%(num)s bilan)", "Issue des bilans (%(num)s bilans)", total.reviews)
    table = Table("table-issues", caption, [gettext("Issue"), gettext("Bilans")],
                  [[label, share.words()] for label, share in shares])  # fmt: skip
    intro = [ngettext("%(num)s bilan pour ces personnes.", "%(num)s bilans pour ces personnes.", total.reviews),
             ngettext("%(num)s personne n'a pas encore de bilan.", "%(num)s personnes n'ont pas encore de bilan.",
                      total.entered - total.reviews)]  # fmt: skip
    return Section("issues", gettext("Issue des bilans"), [Pair([_shares("chart-issues", caption, shares, beside)],
                                                                table)], intro)  # fmt: skip


def _follow_ups(figures: Figures, beside: str) -> Section:
    words, pairs = follow_up_words(), []
    for months, found in figures.follow_ups.items():
        shares = [(words[key], share) for key, share in found]
        noted = found[0][1].total if found else 0
        caption = ngettext("Suivi à %(months)s mois (%(num)s suivi noté)", "Suivi à %(months)s mois (%(num)s suivis notés)",
                           noted, months=months)  # fmt: skip
        table = Table(f"table-suivi-{months}", caption, [gettext("Situation"), gettext("Suivis")],
                      [[label, share.words()] for label, share in shares])  # fmt: skip
        pairs.append(Pair([_shares(f"chart-suivi-{months}", caption, shares, beside)], table))
    return Section("suivis", gettext("Suivis à 3 et 6 mois"), pairs)


def _by_table(ident: str, caption: str, first: str, lines: Sequence[Line]) -> Table:
    head = [first, gettext("Entrées"), gettext("Maintien"), gettext("Bilans"), gettext("Formation ou projet défini"),
            gettext("Abandon")]  # fmt: skip
    rows = [[line.label, format_number(line.entered), retention_words(line), format_number(line.reviews),
             line.onward.words(), line.outcome(DROPPED_OUT).words()] for line in lines]  # fmt: skip
    return Table(ident, caption, head, rows, wide=True)


def _retention(ident: str, title: str, lines: Sequence[Line], beside: str) -> Markup:
    summary = gettext("Part des personnes restées parmi celles entrées il y a 5 semaines ou plus.")
    bars = [Bar(line.label, line.stayed, retention_words(line, short=True), line.counted) for line in lines]
    return bar_chart(ident, title, f"{summary} {beside}", bars)


def _shares(ident: str, title: str, shares: Sequence[tuple[str, Share]], beside: str) -> Markup:
    bars = [Bar(label, share.count, share.words(), share.total) for label, share in shares]
    return bar_chart(ident, title, beside, bars)
