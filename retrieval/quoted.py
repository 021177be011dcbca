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
# What a quotation may open with when a word after it is its first: the marks above, and
# single ones too after a space ("Who said 'Sebagai ...'", where "Jum'at" is one word).
QUOTATION_OPENERS = OPENERS | {STRAIGHT, "'", "‘"}
WORD = re.compile(r"\w+")
MIN_QUOTED_WORDS = 2  # one word in quotes is a term, not a saying


def quoted_phrases(text: str) -> tuple[tuple[str, ...], ...]:
    """The phrases ``text`` quotes, each as its lower-case words, innermost first; a
    quote of one word is none, and a quote never closed is none. Any closing mark closes
    the quote open last, whatever opened it ("jaga nama baik asn”); a straight mark
    closes a straight quote open, whatever spaces stand inside ('" Jaga nama baik ASN "');
    marks typed twice ('""Jaga""') count once; a quote inside another is a phrase of its
    own ("“Ia bilang "jaga nama baik" kemarin”")."""
    phrases = []
    opened: list[tuple[str, int]] = []  # each open quote's mark and where its words begin
    previous_end = -1
    for mark in QUOTE.finditer(text):
        at = mark.start()
        if at == previous_end and text[at - 1] == text[at]:
            previous_end = mark.end()
            if opened and opened[-1][1] == at:
                opened[-1] = (opened[-1][0], mark.end())  # '""Jaga': the words begin after both
            continue
        previous_end = mark.end()
        if _opens(text, at, opened[-1][0] if opened else None):
            opened.append((text[at], mark.end()))
        elif opened:
            words = tuple(w.lower() for w in WORD.findall(text[opened.pop()[1] : at]))
            if len(words) >= MIN_QUOTED_WORDS:
                phrases.append(words)
    return tuple(phrases)


def sayings(text: str, word_terms: Callable[[str], Sized]) -> tuple[tuple[str, ...], ...]:
    """The phrases ``text`` quotes that hold a word with terms of its own: a quote of
    stop words alone ("di mana") is written by any paragraph, and finds no saying."""
    return tuple(phrase for phrase in quoted_phrases(text) if any(len(word_terms(word)) for word in phrase))


def _opens(text: str, at: int, innermost: str | None) -> bool:
    """Whether the quote mark at ``at`` opens a quote, ``innermost`` being the mark of
    the quote open last (None: none is): a curly or angled opener; a straight one with
    no quote open unless it ends a word ('layar 5"'), whatever follows it ('" Jaga',
    'bilang"jaga'); inside a curly quote, one after a space or bracket and before a
    word. A straight one closes the straight quote open."""
    mark = text[at]
    if mark in OPENERS or mark in CLOSERS:
        return mark in OPENERS
    if innermost == STRAIGHT:
        return False
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if innermost is None:  # nothing to close: it opens, unless it ends a word ('layar 5"')
        return not (before.isalnum() and not after.isalnum())
    return not after.isspace() and (before.isspace() or before in "([{")


def holds_phrase(text: str, phrase: tuple[str, ...]) -> bool:
    """Whether ``text`` writes the words of ``phrase`` one after another, whatever the
    case and the punctuation between them ("Jaga nama baik ASN,” katanya")."""
    words = [w.lower() for w in WORD.findall(text)]
    width = len(phrase)
    first = phrase[0]
    return any(words[i : i + width] == list(phrase) for i, word in enumerate(words) if word == first)


def opens_a_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of ``text`` or of a quotation in it,
    where a capital says nothing of a name: only marks and spaces stand before it in the
    text, or right before it is a quotation's opening mark after a space."""
    before = text[:start].rstrip()
    if not any(ch.isalnum() for ch in before):
        return True
    return before[-1] in QUOTATION_OPENERS and (len(before) == 1 or not before[-2].isalnum())
