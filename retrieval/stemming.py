"""The stemmer the analyzer is given: a word to its root, and a name for the index cache.

The analyzer takes its stemmer from outside (as Lucene's and bm25s's analyzers do), so
another one (PySastrawi, a dictionary stemmer, none) is a constructor argument away, and
an index built with one is never read with another: the name is part of the analyzer's
version, which keys the index cache. What mends a stemmer's wrong roots from data
(``stem_exceptions.tsv``, ``no_stem.txt``) stays in the analyzer: it holds for any
stemmer.
"""

from __future__ import annotations

from typing import Protocol

import Stemmer

# "men-" and "pen-" before a vowel stand for a swallowed "t" (tulis: menulis, penulis).
NASAL_T_PREFIXES = ("men", "pen")
VOWELS = frozenset("aeiou")


class WordStemmer(Protocol):
    """A word, normalised and in lower case, to its root."""

    name: str

    def stem(self, word: str) -> str: ...


class SnowballIndonesian:
    """Snowball's Indonesian stemmer (PyStemmer, in C), with the "t" it drops after a
    nasal prefix put back: the stemmer tanya has always used."""

    name = "snowball-id"

    def __init__(self) -> None:
        self._snowball = Stemmer.Stemmer("indonesian")

    def stem(self, word: str) -> str:
        stem: str = self._snowball.stemWord(word)
        if word[:3] in NASAL_T_PREFIXES and word[3:4] in VOWELS and stem[:1] in VOWELS and word[3:].startswith(stem):
            # Snowball drops the "t" that "men-"/"pen-" swallowed: "menekankan" -> "ekan"
            # but "ditekankan" -> "tekan". Roots in "t" are the common case; restore it.
            stem = "t" + stem
        return stem
