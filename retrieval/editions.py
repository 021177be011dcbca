"""Which edition of a recurring event a question names ("HUT ke-57", "PON ke-21"), and
whether an article is about another.

"Siapa yang membuka HUT ke-56 SMA Negeri 1 Sekayu?" is not answered by the article on
the school's 57th anniversary: its words are the same but one number, and BM25 counts
"ke-56" as one term among many. An article is about another edition when it
writes the question's event with another number ("HUT ke-57", within EDITION_REACH words
after one of the words the question puts before its number) and never the asked one; an
article that writes no edition may be about any, and is kept, as a lone paragraph that
names no place is.

A year is an edition too when the words before it name what it is the year of: "Berapa
APBD Muba tahun 2023?" is not answered by "DPRD Muba Sahkan APBD 2024", an article dated
November 2023 that the year stage keeps. There the headline decides: what
it gives another year is what the article is about, where a paragraph giving one
("dibanding APBD 2025") may be an aside.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from retrieval.analysis import Analyzer
from retrieval.casing import typed_in_capitals
from retrieval.language import Language, made_once, word_alternatives
from retrieval.years import YEAR_RE

# How many words before "ke-N" name the event: "HUT Provinsi Bengkulu ke-57".
EDITION_REACH = 3


@dataclass(frozen=True)
class Ordinals:
    """An ordinal number as news writes an edition ("ke-57", "Ke 57", "ke57":
    ordinal_prefix.txt), and an English ordinal ("60th", "21st":
    english_ordinal_endings.txt), which names the edition of the event after it ("the
    60th anniversary of SMA Negeri 1 Sekayu"): "ke-60" of the articles. The number is
    group 1 of each."""

    edition: re.Pattern[str]
    english: re.Pattern[str]


_ORDINALS: dict[str, tuple[object, Ordinals]] = {}


def ordinals(language: Language) -> Ordinals:
    """The Ordinals of ``language``, made once per language data."""
    return made_once(_ORDINALS, language, language, _read_ordinals)


def _read_ordinals(language: Language) -> Ordinals:
    prefix = re.escape(language.ordinal_prefix)
    endings = word_alternatives(language.english_ordinal_endings)
    return Ordinals(
        re.compile(rf"(?<![\w-]){prefix}[-\s]?(\d{{1,4}})(?![\w-]|[.,]\d)", re.IGNORECASE),
        re.compile(rf"(?<![\w-])(\d{{1,4}})(?:{endings})(?![\w-])", re.IGNORECASE),
    )


@dataclass(frozen=True)
class Edition:
    """An edition a question names: its number, and the words before it that name the
    event ("hut", "provinsi", "bengkulu"; stop words left out)."""

    number: str
    event: frozenset[str]


def editions_named(question: str, analyzer: Analyzer) -> tuple[Edition, ...]:
    """The editions ``question`` names, each with the words naming its event; none for a
    number with no word before it."""
    editions = []
    patterns = ordinals(analyzer.language)
    for match in patterns.edition.finditer(question):
        event = _words_before(question, match.start(), analyzer)
        if event:
            editions.append(Edition(str(int(match.group(1))), event))
    for match in patterns.english.finditer(question):
        event = _event_after(question, match.end(), analyzer)
        if event:
            editions.append(Edition(str(int(match.group(1))), event))
    return tuple(editions)


def _event_after(text: str, start: int, analyzer: Analyzer) -> frozenset[str]:
    """The first EDITION_REACH words after an English ordinal, stop words left out, each
    with its Indonesian translations of one word ("anniversary": "hut"), as the articles
    write the event before "ke-N"; not a word of a longer one ("hari" of "hari ulang
    tahun"), which "hari ke-3" writes of another thing."""
    language = analyzer.language
    words = [w for w in analyzer.word_texts(text[start : start + 80]) if w not in analyzer.english.stopwords and w not in language.stopwords]
    event: set[str] = set()
    for word in words[:EDITION_REACH]:
        event.add(word)
        found = analyzer.english.lookup([word], 0)
        if found is not None:
            event.update(translation[0] for sense in found[1] for translation in sense if len(translation) == 1)
    return frozenset(event)


def about_another_edition(editions: Iterable[Edition], texts: Iterable[str], analyzer: Analyzer) -> bool:
    """Whether the article of ``texts`` (headline, paragraphs) writes one of ``editions``'
    events with another number, and never that edition's own (in digits, or as a word:
    "tahap keempat" is "tahap ke-4", ordinal_words.tsv)."""
    texts = list(texts)
    numbered = ordinals(analyzer.language).edition
    written = [(str(int(m.group(1))), text, m.start()) for text in texts for m in numbered.finditer(text)]
    if not written:  # most articles write no "ke-N": decided by one regular expression
        return False
    in_words: set[str | None] | None = None  # read only when needed: it analyses every word
    for edition in editions:
        if any(number == edition.number for number, _, _ in written):
            continue
        if not any(_words_before(text, start, analyzer) & edition.event for _, text, start in written):
            continue
        if in_words is None:
            in_words = {ordinal_values().get(word) for text in texts for word in analyzer.word_texts(text)}
        if edition.number not in in_words:
            return True
    return False


def year_editions_named(question: str, analyzer: Analyzer) -> tuple[Edition, ...]:
    """The years ``question`` gives a thing ("APBD Muba tahun 2023", "UMK 2027"), each
    with the words before it naming the thing; none for the year of a date ("28
    November 2023") or one with no word before it."""
    return tuple(Edition(year, event) for year, event in _years_given(question, analyzer) if event)


def about_another_year(editions: Iterable[Edition], headline: str, texts: Iterable[str], analyzer: Analyzer) -> bool:
    """Whether the article's ``headline`` gives one of ``editions``' things another year
    and neither it nor its ``texts`` (its paragraphs) give the thing the asked one."""
    editions = list(editions)
    headlined = [(year, event) for year, event in _years_given(headline, analyzer) if event]
    if not editions or not headlined:  # most headlines give no year: one regular expression
        return False
    given: list[tuple[str, frozenset[str]]] | None = None  # the texts' years, read only when needed
    for edition in editions:
        if not any(year != edition.number and _same_thing(event, edition.event) for year, event in headlined):
            continue
        if given is None:
            given = [pair for text in texts for pair in _years_given(text, analyzer)]
        if not any(year == edition.number and event & edition.event for year, event in headlined + given):
            return True
    return False


def names_a_kind_of(headline: str, question: str, analyzer: Analyzer) -> bool:
    """Whether ``headline`` writes an abbreviation the question gives in capitals
    ("APBD") followed by a capitalised word the question does not write, nor a place's
    abbreviation nor a number ("APBD Perubahan"): a kind of the thing asked about."""
    question_words = analyzer.words(question)
    asked = {w.text for w in question_words}
    abbreviations = {w.text for w in question_words if typed_in_capitals(question[w.start : w.end])}
    if not abbreviations:
        return False
    words = analyzer.words(headline)
    for word, after in zip(words, words[1:]):
        written = headline[after.start : after.end]
        if word.text in abbreviations and headline[word.end : after.start].isspace() and written[:1].isupper():
            if after.text not in asked and after.text not in analyzer.language.abbreviations and not after.text.isdigit():
                return True
    return False


def _same_thing(headline: frozenset[str], asked: frozenset[str]) -> bool:
    """Whether a headline's words before a year name the asked thing: all of one's
    words, or two of them ("DPRD Muba Sahkan APBD 2024" for "APBD Muba tahun 2023"); one
    word, often the place, is not enough ("Pilkada Muba 2024" for "Kapolres Muba 2023")."""
    return len(headline & asked) >= min(2, len(headline), len(asked))


def _years_given(text: str, analyzer: Analyzer) -> list[tuple[str, frozenset[str]]]:
    """Each year ``text`` writes, with the words before it that may name what it is the
    year of: none for a date's year ("28 November 2023", "(28/11/2023)"); a word saying
    "year" (year_words.txt) is skipped, "APBD Tahun Anggaran 2024" being the APBD's."""
    if YEAR_RE.search(text) is None:
        return []
    language = analyzer.language
    skipped = year_words()
    found: list[tuple[str, frozenset[str]]] = []
    for match in YEAR_RE.finditer(text):
        words = analyzer.word_texts(text[max(0, match.start() - 80) : match.start()])
        while words and words[-1] in skipped:
            words.pop()
        if words and (words[-1].isdigit() or words[-1] in language.months):
            found.append((match.group(1), frozenset()))
            continue
        named = (w for w in words[-EDITION_REACH:] if w not in language.stopwords and (w,) not in language.question_words)
        found.append((match.group(1), frozenset(w for w in named if not w.isdigit() and w not in language.weekdays)))
    return found


def _words_before(text: str, end: int, analyzer: Analyzer) -> frozenset[str]:
    """The last EDITION_REACH words before ``end``, lower case, stop words and question
    words left out ("kapan" names no event)."""
    language = analyzer.language
    words = analyzer.word_texts(text[max(0, end - 80) : end])[-EDITION_REACH:]
    return frozenset(w for w in words if w not in language.stopwords and (w,) not in language.question_words)


@functools.cache
def ordinal_values() -> dict[str, str]:
    """ordinal_words.tsv: each ordinal word and its value, as digits ("keempat": "4")."""
    text = resources.files("retrieval").joinpath("data", "ordinal_words.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {word.strip().lower(): str(int(value)) for word, value in rows}


@functools.cache
def year_words() -> frozenset[str]:
    """year_words.txt: the words saying "year" between a thing and its year."""
    text = resources.files("retrieval").joinpath("data", "year_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
