"""The days a question names, and whether an article reports on them.

"Siapa yang dilantik kemarin?" asked of a growing archive asks about yesterday: the
answer is in an article of yesterday or of today (news reports the day before), not in
any article that writes "kemarin", which is the day before *its* date. A question names
days by their distance from today ("kemarin", "tiga hari lalu", "pekan lalu", "Senin
lalu": relative_days.tsv) or by date ("20 Desember 2024"; "20 Desember" without a year is
the latest 20 December up to today). An article reports on them when it is dated in them
or the day after, or writes one of their dates in the year after them ("Senin (30/11)",
"30 November"); an
undated article may be of any day, and is kept (as ``retrieval.years`` keeps one for a
year).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from collections.abc import Iterable

from retrieval.language import Language, made_once, per_language, word_alternatives
from retrieval.years import WORD_RE, count_of, iso_day

ONE_DAY = datetime.timedelta(days=1)
A_YEAR = datetime.timedelta(days=366)
HALF_A_YEAR = datetime.timedelta(days=183)
WEEKDAY = "{weekday}"  # relative_days.tsv's stand-in for each weekday's name
RANGE = "range"
MONTH = "month"
ANY_DAY = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class Days:
    """A run of days a question names, and the words that named it ("" for a date,
    whose day and month an article may write as they are)."""

    first: datetime.date
    last: datetime.date
    phrase: str
    span: tuple[int, int] = (0, 0)  # where the question names them
    kind: str = ""  # RANGE for a run of months named by its first and last, MONTH for one month

    def reported(self, date: str | None) -> bool:
        """Whether an article dated ``date`` (ISO) is of these days or the day after, the
        day a paper reports them; False for an undated or unreadable date."""
        day = iso_day(date)
        return day is not None and self.first <= day <= self.last + ONE_DAY

    def reported_by(self, date: str | None) -> bool:
        """Whether an article dated ``date`` (ISO) is of these days or before them (or the
        day after): what it says of who holds an office may still hold then."""
        day = iso_day(date)
        return day is not None and day <= self.last + ONE_DAY

    def may_write(self, date: str | None, dated: bool) -> bool:
        """Whether an article dated ``date`` may write one of these days' dates of them:
        with its year (``dated``: "20 Desember 2024", "Desember 2025", "(20/12/2024)"),
        within a year before or after them; without ("27 November", "(30/11)"), within
        half a year, since such a date is the one nearest the article's day: "27
        November" in an article of 8 October 2024 is the coming one, in one of 28
        November 2025 that day's, not the 27 November of a question about 2026."""
        day = iso_day(date)
        reach = A_YEAR if dated else HALF_A_YEAR
        return day is not None and self.first - reach <= day <= self.last + reach

    def dates(self) -> list[datetime.date]:
        return [self.first + ONE_DAY * n for n in range((self.last - self.first).days + 1)]

    def reporting(self) -> list[datetime.date]:
        """The days an article reporting on these is dated in: theirs and the day after."""
        return [*self.dates(), self.last + ONE_DAY]


def days_named(text: str, language: Language, today: datetime.date) -> tuple[Days, ...]:
    """The days ``text`` names, from ``today`` or by date; none inside a phrase naming a
    year or a month ("tahun kemarin" is last year, relative_years.tsv)."""
    if not _may_name_a_period(text, language):
        return ()
    taken = year_and_month_phrases(text, language)
    found = ranges_written(text, language)
    for match in _phrases_pattern(language).finditer(text):
        if _overlaps(match.span(), taken):
            continue
        days = _from_today(match, language, today)
        if days is not None:
            found.append(days)
    ranges = [run.span for run in found if run.kind == RANGE]
    found.extend(run for run in _dates_written(text, language, today) if not _inside(run.span, ranges))
    return tuple(dict.fromkeys(found))


def period_spans(text: str, language: Language) -> list[tuple[int, int]]:
    """Where ``text`` names a period: a day, a week or a weekday from today, its count
    included ("tiga hari lalu", "Senin lalu"), a year or a month from today ("dua tahun
    lalu", "bulan ini"), or a date ("20 Desember 2024"). Asked who held an office then,
    these words are the period's, not the question's."""
    if not _may_name_a_period(text, language):
        return []
    # Which days does not matter here, only where they are named.
    named = days_named(text, language, ANY_DAY)
    return [run.span for run in named] + year_and_month_phrases(text, language) + [run.span for run in months_written(text, language)]


def months_written(text: str, language: Language) -> list[Days]:
    """The months ``text`` names with their year ("pada Juni 2025"), each as its days; not
    the month of a date ("20 Juni 2025"). Asked who held an office then, the latest
    article up to its end answers."""
    if not _may_name_a_period(text, language):
        return []
    ranges = range_spans(text, language)
    dates = [match.span() for match in _date_pattern(language).finditer(text)]
    found = []
    for match in _month_pattern(language).finditer(text):
        if _inside(match.span(), ranges):  # "antara Januari dan Juni 2025": the run, not June
            continue
        if _overlaps(match.span(), dates):
            continue  # a date's month: "the 20th of December 2024", "20th December 2024"
        month, year = language.months[match.group(1).lower()], int(match.group(2))
        found.append(Days(datetime.date(year, month, 1), _month_end(year, month), "", match.span(), MONTH))
    return found


def ranges_written(text: str, language: Language) -> list[Days]:
    """The runs of months ``text`` names by their first and last ("antara September dan
    November 2024": period_ranges.tsv), each as its days, its words the phrase."""
    if not _may_name_a_period(text, language):
        return []
    found = []
    for match in _range_pattern(language).finditer(text):
        if (match.group(1).lower(), match.group(4).lower()) not in language.period_ranges:
            continue
        first, last = language.months[match.group(2).lower()], language.months[match.group(5).lower()]
        year = int(match.group(6))
        first_year = int(match.group(3)) if match.group(3) else year - (first > last)
        if (first_year, first) > (year, last):
            continue  # "antara Desember 2025 dan Maret 2025": no run
        found.append(Days(datetime.date(first_year, first, 1), _month_end(year, last), " ".join(match.group().lower().split()), match.span(), RANGE))
    return found


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1) - ONE_DAY


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def range_spans(text: str, language: Language) -> list[tuple[int, int]]:
    """Where ``text`` names a run of months by its first and last: their months name no
    month of their own."""
    return [run.span for run in ranges_written(text, language)]


def writing_days(days: tuple[Days, ...], language: Language, dated: bool) -> re.Pattern[str]:
    """A text writing one of the dates of ``days`` as news writes a date: with its year
    (``dated``: "30 November 2026", "(30/11/2026)", of a month its name and year,
    "banjir Desember 2025"), or without ("30 November", "(30/11)"); :meth:`Days.may_write`
    says which articles may mean them so."""
    months = {number: [name for name, n in language.months.items() if n == number] for number in range(1, 13)}
    year = r"\s+(?:19|20)\d\d"
    forms = []
    for run in days:
        if run.kind == MONTH and dated:
            forms.append(rf"(?:{_names_of(months[run.first.month])})\s+{run.first.year}")
        for day in run.dates():
            names = _names_of(months[day.month])
            # In digits only as news dates its events, in parentheses: "Senin (30/11)", not "Nomor 3/12".
            if dated:
                forms.append(rf"0?{day.day}\s+(?:{names})\s+{day.year}")
                forms.append(rf"(?<=\()\s*0?{day.day}/0?{day.month}/(?:{day.year}|{day.year % 100:02d})")
            else:
                forms.append(rf"0?{day.day}\s+(?:{names})(?!{year})")
                forms.append(rf"(?<=\()\s*0?{day.day}/0?{day.month}(?!/)")
    return re.compile(rf"(?<![\w/.])(?:{'|'.join(dict.fromkeys(forms))})(?![\w/])", re.IGNORECASE)


def _names_of(names: Iterable[str]) -> str:
    """An alternation of ``names``, the longest first ("desember" before "des")."""
    return "|".join(sorted(map(re.escape, names), key=len, reverse=True))


def _from_today(match: re.Match[str], language: Language, today: datetime.date) -> Days | None:
    """The days one phrase of relative_days.tsv names, counted when a number comes before it."""
    phrase = " ".join(match.group("phrase").lower().split())
    kind, offset, weekday = _row_of(phrase, language)
    written = match.group(0).lower() if match.group("count") else phrase
    count = 1
    if kind in ("days", "weeks"):  # "hari lalu" names days only after a number
        if not match.group("count"):
            return None
        kind = kind[:-1]
    if match.group("count"):
        counted = count_of(match.group("count"), language.number_values)
        if counted is None or kind == "weekday" or not offset:
            return None  # "beberapa hari lalu" names no day in particular
        count = counted
    span = match.span()
    first = phrase.split()[0]
    if kind == "week" and offset < 0 and first in language.weekdays and _capitalised_mid_sentence(match):
        kind, weekday = "weekday", language.weekdays[first]  # "dilantik Minggu lalu": last Sunday
    if kind == "day":
        day = today + ONE_DAY * (count * offset)
        return Days(day, day, written, span)
    if kind == "week":
        monday = today - ONE_DAY * today.weekday() + ONE_DAY * (7 * count * offset)
        return Days(monday, min(monday + ONE_DAY * 6, today), written, span)
    # The weekday before today: "Jumat lalu" asked on a Friday is a week ago.
    back = (today.weekday() - weekday) % 7 or 7
    day = today - ONE_DAY * back
    return Days(day, day, written, span)


def _capitalised_mid_sentence(match: re.Match[str]) -> bool:
    """Whether the phrase ``match`` found is capitalised where no sentence begins: "Minggu
    lalu" there is last Sunday, the weekday's name, where "minggu lalu" is last week."""
    phrase = match.group("phrase")
    before = match.string[: match.start("phrase")].rstrip()
    return phrase[:1].isupper() and not phrase[1:2].isupper() and bool(before) and before[-1] not in ".!?:;\"“”'‘’–—"


def _row_of(phrase: str, language: Language) -> tuple[str, int, int]:
    """What a phrase found counts, how many, and its weekday (0 for no weekday's)."""
    for written, kind, offset in language.relative_days:
        if WEEKDAY not in written:
            if written == phrase:
                return kind, offset, 0
            continue
        for name, place in language.weekdays.items():
            if written.replace(WEEKDAY, name) == phrase:
                return kind, offset, place
    raise LookupError(phrase)  # the pattern is made of these rows


def _may_name_a_period(text: str, language: Language) -> bool:
    """Whether ``text`` holds a word that ends a phrase naming a period, or a month's
    name: most questions hold none, and are then not searched with the long patterns
    (a tenth of a millisecond a question)."""
    return not _period_last_words(language).isdisjoint(WORD_RE.findall(text.lower()))


# Each of this module's patterns is made once per language data (language.per_language,
# language.made_once): most are made of several of its word lists.
@per_language
def _period_last_words(language: Language) -> frozenset[str]:
    phrases = [written.replace(WEEKDAY, name) for written, _, _ in language.relative_days for name in (language.weekdays if WEEKDAY in written else [""])]
    phrases += [*language.relative_years, *language.relative_months]
    return frozenset(WORD_RE.findall(phrase)[-1] for phrase in phrases) | frozenset(language.months)


@per_language
def _phrases_pattern(language: Language) -> re.Pattern[str]:
    """Every phrase of relative_days.tsv (a weekday's in each of its names), longest
    first and, of one length, in the file's order, after an optional count."""
    phrases: list[str] = []
    for written, _, _ in language.relative_days:
        names = language.weekdays if WEEKDAY in written else [""]
        phrases.extend(written.replace(WEEKDAY, name) for name in names)
    ordered = sorted(dict.fromkeys(phrases), key=len, reverse=True)  # stable: the file's order within a length
    alternatives = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in ordered)
    counts = "|".join(sorted(map(re.escape, language.number_words), key=len, reverse=True))
    return re.compile(rf"(?<![\w.,])(?:(?P<count>\d{{1,3}}|{counts})\s+)?(?P<phrase>{alternatives})(?!\w)", re.IGNORECASE)


def year_and_month_phrases(text: str, language: Language) -> list[tuple[int, int]]:
    """Where ``text`` names a year or a month from today ("tahun kemarin", "bulan lalu",
    "dua tahun lalu")."""
    return [match.span() for match in _years_and_months_pattern(language).finditer(text)]


@per_language
def _years_and_months_pattern(language: Language) -> re.Pattern[str]:
    phrases = sorted(language.relative_years | language.relative_months, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    # A count that says how many is the period's ("dua tahun lalu"); "beberapa" is not.
    counts = "|".join(sorted(map(re.escape, language.number_values), key=len, reverse=True))
    return re.compile(rf"(?<![\w.,])(?:(?:\d{{1,3}}|{counts})\s+)?(?:{alternatives})(?!\w)", re.IGNORECASE)


def _dates_written(text: str, language: Language, today: datetime.date) -> list[Days]:
    """The dates ``text`` writes as a day and a month's name, with a year or without
    (then the latest such day up to today: "20 Desember" asked in January is last
    year's)."""
    found = []
    for match in _date_pattern(language).finditer(text):
        written = match.groupdict()
        day = int(written["day"] or written["day_after"] or written["day_on"])
        month = language.months[(written["month"] or written["month_first"] or written["month_on"]).lower()]
        year = written["year"] or written["year_after"]
        date = _day(int(year), month, day) if year else _latest_day(today.year, month, day, today)
        if date is None:  # "31 Februari", "29 Februari 2025"
            continue
        found.append(Days(date, date, "", match.span()))
    return found


def _day(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _latest_day(year: int, month: int, day: int, today: datetime.date) -> datetime.date | None:
    """The latest such day up to ``today``, within four years (a 29 February)."""
    for back in range(5):
        date = _day(year - back, month, day)
        if date is not None and date <= today:
            return date
    return None


@per_language
def _date_pattern(language: Language) -> re.Pattern[str]:
    """A day and a month's name, with its year or without: day first ("20 Desember
    2024", "20th of December, 2024") or, as English also writes it, month first, with
    its year ("December 20, 2024") or after "on" ("on December 20"): "Desember 2 tahun
    lalu", "may 2 officers" are no dates. Not the month of a date before it ("24
    Agustus 20..." is no 20 August). The ordinal's endings ("20th"), the word between
    day and month ("of") and the one before a month first ("on") are data:
    english_ordinal_endings.txt, english_date_joiners.txt, english_date_openers.txt."""
    names = _names_of(language.months)
    year = r"(?:19|20)\d\d"
    ordinal = rf"(?:{word_alternatives(language.english_ordinal_endings)})?"
    joiner = rf"(?:(?:{word_alternatives(language.english_date_joiners)})\s+)?"
    # A lookbehind is of one width: one for each opener.
    opened = "|".join(rf"(?<=\b{re.escape(opener)}\s)" for opener in language.english_date_openers) or "(?!)"
    before_year = r"(?:,\s*|\s+)"
    day_first = rf"(?P<day>\d{{1,2}}){ordinal}\s+{joiner}(?P<month>{names})(?:{before_year}(?P<year>{year}))?"
    month_first = rf"(?<!\d\s)(?P<month_first>{names})\s+(?P<day_after>\d{{1,2}}){ordinal}{before_year}(?P<year_after>{year})"
    after_on = rf"(?:{opened})(?P<month_on>{names})\s+(?P<day_on>\d{{1,2}}){ordinal}"
    return re.compile(rf"(?<![\w.,/\-–])(?:{day_first}|{month_first}|{after_on})(?![\w/.,]\d|\w)", re.IGNORECASE)


def _month_pattern(language: Language) -> re.Pattern[str]:
    # Made of the month names alone: kept with them.
    return made_once(_MONTH_PATTERNS, language, language.months, _made_month_pattern)


_MONTH_PATTERNS: dict[str, tuple[object, re.Pattern[str]]] = {}


def _made_month_pattern(months: Iterable[str]) -> re.Pattern[str]:
    names = _names_of(months)
    return re.compile(rf"(?<![\w.,/\-–])(?<!\d\s)({names})\s+((?:19|20)\d\d)(?!\w)", re.IGNORECASE)


@per_language
def _range_pattern(language: Language) -> re.Pattern[str]:
    """An opener, a month (and its year), a joiner, a month and its year; which opener
    goes with which joiner is checked apart (period_ranges.tsv)."""
    months = _names_of(language.months)
    openers = "|".join(sorted({re.escape(a) for a, _ in language.period_ranges}, key=len, reverse=True))
    joiners = "|".join(sorted({re.escape(b) for _, b in language.period_ranges}, key=len, reverse=True))
    year = r"(?:19|20)\d\d"
    return re.compile(
        rf"(?<!\w)({openers})\s+({months})(?:\s+({year}))?\s+({joiners})\s+({months})\s+({year})(?!\w)", re.IGNORECASE
    )
