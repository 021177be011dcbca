"""Words a question quotes ("Siapa yang bilang "Jaga nama baik ASN"?"): the paragraph
that holds them as written is the one asked about, however common each word is."""

from __future__ import annotations

import re

# Straight and curly double quotes and guillemets; single quotes are apostrophes too
# ("Jum'at") and open nothing.
QUOTED = re.compile(r'"([^"]+)"|“([^”"]+)[”"]|«([^»]+)»')
WORD = re.compile(r"\w+")
MIN_QUOTED_WORDS = 2  # one word in quotes is a term, not a saying


def quoted_phrases(text: str) -> tuple[tuple[str, ...], ...]:
    """The phrases ``text`` quotes, each as its lower-case words; a quote of one word
    is none."""
    phrases = []
    for match in QUOTED.finditer(text):
        words = tuple(w.lower() for w in WORD.findall(next(g for g in match.groups() if g is not None)))
        if len(words) >= MIN_QUOTED_WORDS:
            phrases.append(words)
    return tuple(phrases)


def holds_phrase(text: str, phrase: tuple[str, ...]) -> bool:
    """Whether ``text`` writes the words of ``phrase`` one after another, whatever the
    case and the punctuation between them ("Jaga nama baik ASN,” katanya")."""
    words = [w.lower() for w in WORD.findall(text)]
    width = len(phrase)
    first = phrase[0]
    return any(words[i : i + width] == list(phrase) for i, word in enumerate(words) if word == first)
