"""Words a question quotes ("Siapa yang bilang "Jaga nama baik ASN"?"): the paragraph
that holds them as written is the one asked about, however common each word is."""

from __future__ import annotations

import re
from collections.abc import Callable, Sized

# Double quotes and guillemets; single quotes are apostrophes too ("Jum'at") and open
# nothing. Curly and angled ones say which end they are; a straight one opens after a
# space and closes before one, as people type them.
OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
QUOTE = re.compile(r'["“”„«»]')
WORD = re.compile(r"\w+")
MIN_QUOTED_WORDS = 2  # one word in quotes is a term, not a saying


def quoted_phrases(text: str) -> tuple[tuple[str, ...], ...]:
    """The phrases ``text`` quotes, each as its lower-case words, innermost first; a
    quote of one word is none, and a quote never closed is none. Any closing mark closes
    the quote open last, whatever opened it ("jaga nama baik asn”), and a quote inside
    another is a phrase of its own ("“Ia bilang "jaga nama baik" kemarin”")."""
    phrases = []
    opened: list[int] = []  # where each open quote's words begin
    for mark in QUOTE.finditer(text):
        at = mark.start()
        if _opens(text, at, nothing_open=not opened):
            opened.append(mark.end())
        elif opened:
            words = tuple(w.lower() for w in WORD.findall(text[opened.pop() : at]))
            if len(words) >= MIN_QUOTED_WORDS:
                phrases.append(words)
    return tuple(phrases)


def sayings(text: str, word_terms: Callable[[str], Sized]) -> tuple[tuple[str, ...], ...]:
    """The phrases ``text`` quotes that hold a word with terms of its own: a quote of
    stop words alone ("di mana") is written by any paragraph, and finds no saying."""
    return tuple(phrase for phrase in quoted_phrases(text) if any(len(word_terms(word)) for word in phrase))


def _opens(text: str, at: int, nothing_open: bool) -> bool:
    """Whether the quote mark at ``at`` opens a quote: a curly or angled opener, or a
    straight one before a word, either after a space or bracket or with no quote open
    (typed glued on: 'bilang"jaga nama baik"')."""
    mark = text[at]
    if mark in OPENERS or mark in CLOSERS:
        return mark in OPENERS
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return not after.isspace() and (nothing_open or before.isspace() or before in "([{")


def holds_phrase(text: str, phrase: tuple[str, ...]) -> bool:
    """Whether ``text`` writes the words of ``phrase`` one after another, whatever the
    case and the punctuation between them ("Jaga nama baik ASN,” katanya")."""
    words = [w.lower() for w in WORD.findall(text)]
    width = len(phrase)
    first = phrase[0]
    return any(words[i : i + width] == list(phrase) for i, word in enumerate(words) if word == first)
