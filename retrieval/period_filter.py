"""The period filters of the answer path: of the candidates BM25 gives, those whose
article is of another year, another day or another edition than the question names are
dropped before ranking ("Kapan HUT Provinsi Bengkulu tahun 2023?" is not answered by
the 2024 article giving its own anniversary's date).

It reads the rules of retrieval.years, retrieval.days and retrieval.editions over whole
articles (headline, paragraphs and captions), through the Library's passages and the
Searcher's index of articles. What the question names (its years, its days from today,
its editions) the Searcher reads, as its ranker and decision ask the same, and passes
in: this stage only judges the articles. The Searcher builds one by default and takes
another from outside (``Searcher(library, period_filter=...)``), as it takes its place
filter and its no-answer decision; ``Searcher.filter_years``, ``filter_days`` and
``filter_editions`` are its methods, by the names the benchmarks time and the tests call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Protocol

from retrieval.analysis import Analyzer
from retrieval.articles import ArticleIndex
from retrieval.days import Days, writing_days
from retrieval.editions import Edition, about_another_edition, about_another_year
from retrieval.index import Hit
from retrieval.library import Library
from retrieval.years import dated_in, writing, writing_relative


class PeriodStage(Protocol):
    """What the Searcher asks of a period filter: another one (none at all, a stricter
    one keeping only dated articles) is passed in as ``Searcher(library, period_filter=...)``."""

    def filter_years(self, hits: list[Hit], years: tuple[str, ...], wanted: int) -> list[Hit]: ...

    def filter_days(self, hits: list[Hit], days: tuple[Days, ...], wanted: int, as_of: bool = False) -> list[Hit]: ...

    def filter_editions(self, hits: list[Hit], editions: Sequence[Edition], years: Sequence[Edition] = ()) -> list[Hit]: ...


class PeriodFilter:
    """The period filters over one Library. ``articles`` is the Searcher's ArticleIndex,
    whose caches the other stages share; ``article_texts`` gives an article's headline,
    then its passages, as the filters read a whole article (the Searcher's office filter
    reads them alike).

    Its surface, each verdict kept per call (one question's candidates):
    ``filter_years(hits, years, wanted)``: the hits whose article is of a year named;
    ``filter_days(hits, days, wanted, as_of)``: those whose article reports on a day named;
    ``filter_editions(hits, editions, years)``: those less an article about another
    edition or another year of the thing named."""

    def __init__(self, library: Library, articles: ArticleIndex, article_texts: Callable[[int], Iterator[str]]) -> None:
        self.library = library
        self._articles = articles
        self._article_texts = article_texts

    @property
    def analyzer(self) -> Analyzer:
        return self.library.analyzer

    def filter_editions(self, hits: list[Hit], editions: Sequence[Edition], years: Sequence[Edition] = ()) -> list[Hit]:
        """The hits less those of an article about another edition of the event the
        question numbers ("HUT ke-57" asked "HUT ke-56": editions.about_another_edition),
        or about another year of the thing it gives a year ("APBD 2024" asked "APBD Muba
        tahun 2023": editions.about_another_year)."""
        owners = self.library.passages.owners
        verdicts: dict[int, bool] = {}

        def another(owner: int) -> bool:
            if owner not in verdicts:
                verdicts[owner] = bool(editions) and about_another_edition(editions, self._article_texts(owner), self.analyzer) or (
                    bool(years) and about_another_year(years, self.library.passages.titles[owner], self._article_texts(owner), self.analyzer)
                )
            return verdicts[owner]

        return [h for h in hits if not another(int(owners[h.passage]))]

    def filter_years(self, hits: list[Hit], years: tuple[str, ...], wanted: int) -> list[Hit]:
        """The first ``wanted`` hits whose article is of a year the question names
        (``retrieval.years``): is dated in it, or writes it (headline and captions too,
        inside a code or a range: "UU 10/2016", "2024/2025"; or by its distance from
        the article's date: "tahun lalu"); an undated one is kept."""
        owners = self.library.passages.owners
        dates = self.library.passages.dates
        written = writing(years)
        language = self.analyzer.language
        verdicts: dict[int, bool] = {}
        relative: dict[str, re.Pattern[str] | None] = {}  # by the year an article is dated in

        def writing_for(dated: str) -> re.Pattern[str] | None:
            if not dated.isdigit():  # a date an API caller wrote as it liked ("", "abcd-ef-gh")
                return None
            if dated not in relative:
                offsets = {int(year) - int(dated) for year in years}
                relative[dated] = writing_relative(offsets, language.relative_years, language.number_words)
            return relative[dated]

        def of_the_years(owner: int) -> bool:
            if owner not in verdicts:
                date = dates[owner]
                verdicts[owner] = (
                    date is None
                    or any(dated_in(date, year) for year in years)
                    or self._writes(owner, written)
                    or self._writes(owner, writing_for(date[:4]))
                )
            return verdicts[owner]

        return list(islice((h for h in hits if of_the_years(int(owners[h.passage]))), wanted))

    def filter_days(self, hits: list[Hit], days: tuple[Days, ...], wanted: int, as_of: bool = False) -> list[Hit]:
        """The first ``wanted`` hits whose article reports on a day the question names
        (``retrieval.days``): is dated in it or the day after, or writes its date
        ("Senin (30/11)", "Desember 2025", headline and captions too) near them
        (Days.may_write); an undated one is kept. "Siapa yang dilantik kemarin?" is not answered by an article of
        another day that writes "kemarin" of its own yesterday: of an archive with nothing
        of that day, it is not found. ``as_of`` (asked who held an office then: "Siapa Kapolres Muba pekan
        lalu?"), an article of an earlier day is kept too: its holder may still hold it
        then, and latest_first puts the latest first."""
        owners = self.library.passages.owners
        dates = self.library.passages.dates
        language = self.analyzer.language
        # Compiled when first needed: a month's days make a long pattern (2 ms), and most
        # articles are told by their date alone.
        patterns: dict[bool, re.Pattern[str]] = {}

        def writing(dated: bool) -> re.Pattern[str]:
            if dated not in patterns:
                patterns[dated] = writing_days(days, language, dated=dated)
            return patterns[dated]

        verdicts: dict[int, bool] = {}

        def of_the_days(owner: int) -> bool:
            if owner not in verdicts:
                date = dates[owner]
                verdicts[owner] = (
                    not date  # undated ("" as an API caller may write it)
                    or any(run.reported_by(date) if as_of else run.reported(date) for run in days)
                    or any(run.may_write(date, dated=True) for run in days) and self._writes(owner, writing(True))
                    or any(run.may_write(date, dated=False) for run in days) and self._writes(owner, writing(False))
                )
            return verdicts[owner]

        return list(islice((h for h in hits if of_the_days(int(owners[h.passage]))), wanted))

    def _writes(self, owner: int, pattern: re.Pattern[str] | None) -> bool:
        """Whether an article's headline or a passage of it holds ``pattern``."""
        if pattern is None:
            return False
        texts = self.library.passages.texts
        return pattern.search(self.library.passages.titles[owner]) is not None or any(
            pattern.search(texts[p]) is not None for p in self._articles.passages(owner)
        )
