"""Which edition of a recurring event a question names ("HUT ke-57", "PON ke-21"), and
whether an article is about another.

"Siapa yang membuka HUT ke-56 SMA Negeri 1 Sekayu?" is not answered by the article on
the school's 57th anniversary: its words are the same but one number, and BM25 counts
"ke-56" as one term among many (helper-116). An article is about another edition when it
writes the question's event with another number ("HUT ke-57", within EDITION_REACH words
after one of the words the question puts before its number) and never the asked one; an
article that writes no edition may be about any, and is kept, as a lone paragraph that
names no place is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from retrieval.analysis import Analyzer

# "ke-57", "Ke 57", "ke57": an ordinal number, as news writes an edition.
EDITION_RE = re.compile(r"(?<![\w-])ke[-\s]?(\d{1,4})(?![\w-]|[.,]\d)", re.IGNORECASE)
# How many words before "ke-N" name the event: "HUT Provinsi Bengkulu ke-57".
EDITION_REACH = 3


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
    for match in EDITION_RE.finditer(question):
        event = _words_before(question, match.start(), analyzer)
        if event:
            editions.append(Edition(str(int(match.group(1))), event))
    return tuple(editions)


def about_another_edition(editions: Iterable[Edition], texts: Iterable[str], analyzer: Analyzer) -> bool:
    """Whether the article of ``texts`` (headline, paragraphs) writes one of ``editions``'
    events with another number, and never that edition's own (in digits, or as a word:
    "tahap keempat" is "tahap ke-4", ordinal_words.tsv)."""
    texts = list(texts)
    written = [(str(int(m.group(1))), text, m.start()) for text in texts for m in EDITION_RE.finditer(text)]
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
