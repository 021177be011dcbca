"""The years a question names, and whether an article is of them.

"Kapan HUT Provinsi Bengkulu tahun 2023?" is not answered by an article of 2024 that
never writes 2023: its date is 2024's anniversary, and citing it answers another
question. An article is of a year when it writes the year (headline and captions
included) or is dated in it; an undated one (FacQA's passages, a page without a date)
may be of any year, and is kept. An article also writes a year by its distance from its
own: "tahun lalu" in an article of January 2024 is 2023 (relative_years.tsv).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection, Iterable, Mapping

# Four digits from 1900 to 2099 standing alone: not part of a longer number ("12.2023",
# "20231"), a code ("PP 94/2021"), a school year or range ("2024/2025", "2024 – 2025"),
# nor joined to letters ("Rp2000"). "Rp 2000" or "2000 siswa" still read as one: the
# article's "2.000" counts as writing it (:func:`writing`).
_RANGE = r"\s*[/\-–—]\s*\d"
YEAR_RE = re.compile(rf"(?<![\w.,/\-–—])(?<!\d\s[/\-–—]\s)(?<!\d[/\-–—]\s)(?<!\d\s[/\-–—])(19\d\d|20\d\d)(?!\w|[.,]\d|{_RANGE})")


def years_named(text: str) -> tuple[str, ...]:
    """The years ``text`` names, each once, in order."""
    return tuple(dict.fromkeys(YEAR_RE.findall(text)))


def month_of(date: str | None) -> int | None:
    """The month of an ISO ``date`` ("2024-09-30": 9); None for an undated article or a
    date without its month ("2024")."""
    return int(date[5:7]) if date and date[5:7].isdigit() else None


def dated_in(date: str | None, year: str) -> bool:
    """Whether an ISO ``date`` ("2024-09-30") falls in ``year``."""
    return date is not None and date[:4] == year


def writing(years: tuple[str, ...]) -> re.Pattern[str]:
    """A text writing any of ``years``: as itself, inside a code, a range or a date
    ("10/2016", "2024/2025", "TA.2023", "12.09.2007"), or as a number with a thousands'
    dot ("2.000 siswa", "Rp 2.000")."""
    forms = "|".join(f"{year}|{year[0]}\\.{year[1:]}" for year in years)
    # After a dot, four digits are no thousands ("TA.2023", "12.09.2007"); after a digit
    # or a comma they are part of another number.
    return re.compile(rf"(?<![\d,])(?:{forms})(?![\d]|[.,]\d)")


def writing_relative(offsets: Collection[int], relative: Mapping[str, int], counts: Collection[str] = ()) -> re.Pattern[str] | None:
    """A text naming a year ``offsets`` away from its article's own ("tahun lalu": -1),
    by the phrases of ``relative``, not after a number or one of the words ``counts``
    ("dua tahun lalu" is two years ago); None when no phrase is that far."""
    phrases = sorted((p for p, offset in relative.items() if offset in offsets), key=len, reverse=True)
    if not phrases:
        return None
    # One fixed-width look-behind a counting word: the word before the phrase, one space away.
    counted = "".join(rf"(?<!\b{re.escape(word)}\s)" for word in sorted(counts)) + r"(?<!\d\s)"
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?<!\w){counted}(?:{alternatives})(?!\w)", re.IGNORECASE)


def periods_from_today(
    text: str,
    relative_years: Mapping[str, int],
    relative_months: Mapping[str, int],
    counts: Collection[str],
    today: datetime.date,
    values: Mapping[str, int] | None = None,
) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    """The years and the months (each with its year) ``text`` names by their distance
    from ``today``: "tahun lalu" asked on 4 December 2026 is 2025, "bulan lalu" November
    2026, "bulan lalu" in January the December before. A number before the phrase counts
    them ("dua tahun lalu" is 2024, "3 bulan lalu" September: ``values`` says what a
    number word counts); a word that counts without a number ("beberapa tahun lalu")
    names no year."""
    values = values or {}
    years = [str(today.year + step) for step in _steps(text, relative_years, counts, values)]
    months = []
    for step in _steps(text, relative_months, counts, values):
        year, month = divmod(today.year * 12 + today.month - 1 + step, 12)
        months.append((str(year), month + 1))
    return tuple(dict.fromkeys(years)), tuple(dict.fromkeys(months))


def _steps(text: str, relative: Mapping[str, int], counts: Collection[str], values: Mapping[str, int]) -> list[int]:
    """How far from today each phrase of ``relative`` in ``text`` is, counted or not:
    none after a word that counts without a number ("beberapa tahun lalu") or a number
    that is no count ("1.500 tahun lalu")."""
    steps = []
    for match in _phrases_pattern(relative).finditer(text):
        offset = relative[" ".join(match.group().lower().split())]
        before = _WORD_BEFORE_RE.search(text, 0, match.start())
        word = before.group(1) if before else ""
        if not (word.lower() in counts or word[-1:].isdigit()):
            steps.append(offset)
        elif offset and (count := count_of(word, values)):
            steps.append(count * offset)
    return steps


def count_of(word: str, values: Mapping[str, int]) -> int | None:
    """What ``word`` counts: a number in digits (up to 999), or a number word of ``values``."""
    if word.isdigit():
        return int(word) if len(word) <= 3 else None
    return values.get(word.lower())


_WORD_BEFORE_RE = re.compile(r"(\S+)\s+\Z")
_PHRASES_PATTERNS: dict[int, tuple[Mapping[str, int], re.Pattern[str]]] = {}


def _phrases_pattern(relative: Mapping[str, int]) -> re.Pattern[str]:
    """Every phrase of ``relative``, longest first, made once for the same table (the
    Language's, which lives as long as it does): made and tried a phrase at a time, they
    cost a third of a millisecond a question."""
    cached = _PHRASES_PATTERNS.get(id(relative))
    if cached is None or cached[0] is not relative:
        alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(relative, key=len, reverse=True))
        cached = _PHRASES_PATTERNS[id(relative)] = (relative, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))
    return cached[1]


# A month's name standing as a date: before a year or after a day ("Oktober 2024", "17
# Agustus"), or after a word in lower case ("pada Oktober", "in August"); not inside a
# name ("Universitas Sebelas Maret").
WORD_RE = re.compile(r"[^\W_]+")


def months_as_dates(text: str, months: Mapping[str, int]) -> frozenset[int]:
    """The months ``text`` names as dates (their numbers), not as part of a name: a month
    after a capitalised word is a name's ("Universitas Sebelas Maret" asks about no
    March) unless a year or a day stands beside it."""
    words = WORD_RE.findall(text)
    found = set()
    for i, word in enumerate(words):
        number = months.get(word.lower())
        if number is None:
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        before = words[i - 1] if i else ""
        beside_a_date = bool(YEAR_RE.fullmatch(after)) or (before.isdigit() and len(before) <= 2)
        # The question's first word is capitalised as its first, not as a name's.
        if beside_a_date or i <= 1 or not before[:1].isupper():
            found.add(number)
    return frozenset(found)


def as_of_latest(dates: Iterable[str | None]) -> Callable[[], datetime.date] | None:
    """A clock stopped at the latest of ``dates`` (ISO), for measuring an archive as of
    its own last day: a question set asking "tahun ini" of it measures the same whenever
    it runs. None when no date is an ISO day (the Searcher then reads the clock)."""
    days = [day for date in dates if (day := iso_day(date)) is not None]
    if not days:
        return None
    latest = max(days)
    return lambda: latest


_ISO_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(date: str | None) -> datetime.date | None:
    """The day an ISO date (or date and time) is of; None for none, or for a date an API
    caller wrote as it liked ("abcd-ef-gh", "2026-02-30")."""
    if not date or not _ISO_DAY_RE.fullmatch(date[:10]):
        return None
    try:
        return datetime.date.fromisoformat(date[:10])
    except ValueError:
        return None
