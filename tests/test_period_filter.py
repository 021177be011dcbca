"""The period filters (retrieval.period_filter): the candidates of another year, day or
edition than the question names, dropped before ranking."""

from __future__ import annotations

from retrieval.period_filter import PeriodFilter
from retrieval.search import Searcher


class KeepingEvery:
    """Another period filter: one keeping every hit, as a search of no periods would."""

    def filter_years(self, hits, years, wanted):
        return hits[:wanted]

    def filter_days(self, hits, days, wanted, as_of=False):
        return hits[:wanted]

    def filter_editions(self, hits, editions, years=()):
        return hits


def test_the_period_filter_is_passed_in(searcher):
    """The Searcher takes its period filter from outside, as it takes its place filter:
    asked the date of Bengkulu's anniversary in 2023, the bundled one drops the only
    article on it, of 2024, and nothing is found; with one keeping every hit, that
    article answers with its own year's date."""
    question = "Kapan HUT Provinsi Bengkulu tahun 2023?"
    assert isinstance(searcher.period_filter, PeriodFilter)
    keeping = Searcher(searcher.library, today=searcher.today, period_filter=KeepingEvery())
    assert searcher.ask(question).answers == ()
    (first, *_) = keeping.ask(question).answers
    assert first.date.startswith("2024") and "18 November 2024" in first.text
