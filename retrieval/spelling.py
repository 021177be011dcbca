"""Mending misspelt question words against the index's own vocabulary.

A word is mended to the vocabulary term that begins with the same two letters and is
fewest edits away from it (at most one for a word under eight letters, two from eight
on), the most frequent of equally near terms, then the first in code-point order.

Comparing the word with every term of its first two letters cost thousands of
pure-Python edit distances a word at 400k terms. The speller keeps a deletion index
instead (SymSpell): two strings within k edits become the same string when at most k
letters are deleted from each (a substitution or a swap is one deletion on each side, an
insertion one on one side). Every term files what deleting up to two of its letters
leaves; a word looks up what deleting up to its limit of letters leaves, and the few
terms met are checked with the true distance, so the answer is that of the exhaustive
search (``test_spelling`` holds it to that search, kept there, on thousands of
misspellings of a real vocabulary). Three economies keep the index small:

- the first two letters are shared by word and term, so letters are deleted after them
  only (a shared prefix does not change the distance: ``test_spelling`` checks it);
- letters are deleted from the first ``WINDOW`` letters after them only, and only those
  are filed: deleting at most k letters from the beginnings of two strings within k edits
  leaves two beginnings of one string, the longer of which a few more deletions at its
  end (at most k in all) cut to the shorter;
- what is filed is a 32-bit hash: a collision only adds a candidate the distance check
  turns away.

The candidates are checked with a bit-vector distance, most frequent first, so that once
one is found the others need only be compared for a nearer match. At 421k terms (the
scale benchmark's 1M paragraphs) the index holds 5.2M entries, 39 MB (some 70 MB more
while it is built, in half a second); a word costs 0.1 ms at the median, and no question
of the benchmark more than 0.7 ms (the exhaustive search: 4.6 ms, at most 127 ms).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

# Short words have too many neighbours to guess from.
MIN_LENGTH = 4
# Words this long may be two edits from their term; shorter ones only one.
LONG_WORD = 8
# A suggestion starts with the word's first PREFIX letters.
PREFIX = 2
# Letters after the prefix that deletions are made from. Longer: more deletions filed per
# term; shorter: more terms share a beginning, and more candidates to check.
WINDOW = 6
# The deletion hash's multipliers (odd), and the base's powers modulo 2**64.
_BASE = 0x100000001B3
_MIX = 0x9E3779B97F4A7C15
_POWERS = np.array([pow(_BASE, i, 1 << 64) for i in range(PREFIX + WINDOW)], dtype=np.uint64)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of two letters costs 1); anything
    over ``limit`` is reported as ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    return min(_distance(letter_masks(a), len(a), b), limit + 1)


def letter_masks(word: str) -> dict[str, int]:
    """Where each letter stands in ``word``, as the bits of an integer: what
    ``_distance`` reads, computed once for every term a word is compared with."""
    masks: dict[str, int] = {}
    for position, letter in enumerate(word):
        masks[letter] = masks.get(letter, 0) | 1 << position
    return masks


def _distance(masks: dict[str, int], length: int, other: str) -> int:
    """The OSA distance between a word (its ``letter_masks`` and length) and ``other``,
    by Hyyrö's bit-vector algorithm (2003): a column of the distance table kept as two
    bit vectors, the places where it goes up and down by one, and moved along ``other``
    in a dozen integer operations a letter, where the table costs a Python loop a cell
    (four times slower on the speller's candidates). Unbounded integers take words of
    any length: no bit ever moves down, so what is above the word's length is left be."""
    if length == 0:
        return len(other)
    last = 1 << (length - 1)
    up, down, diagonal, before = (1 << length) - 1, 0, 0, 0
    distance = length
    for letter in other:
        match = masks.get(letter, 0)
        swapped = ((~diagonal & match) << 1) & before
        diagonal = (((match & up) + up) ^ up) | match | down | swapped
        right_up = down | ~(diagonal | up)
        right_down = up & diagonal
        if right_up & last:
            distance += 1
        elif right_down & last:
            distance -= 1
        right_up = (right_up << 1) | 1
        up = (right_down << 1) | ~(diagonal | right_up)
        down = diagonal & right_up
        before = match
    return distance


def limit_for(word: str) -> int:
    """How many edits away a word's suggestion may be."""
    return 1 if len(word) < LONG_WORD else 2


def deletions(text: str, most: int) -> set[str]:
    """``text`` with up to ``most`` of its letters after the prefix and within the window
    deleted (the rest of it cut off), ``text`` itself among them."""
    prefix, window = text[:PREFIX], text[PREFIX : PREFIX + WINDOW]
    found = frontier = {window}
    for _ in range(most):
        frontier = {part[:i] + part[i + 1 :] for part in frontier for i in range(len(part))}
        found = found | frontier
    return {prefix + part for part in found}


def deletion_hashes(texts: Sequence[str]) -> np.ndarray:
    """The hash filed for each of ``texts`` (a prefix and what is left of its window),
    the same function of its letters however the array it comes in is padded."""
    return _hashes(_code_points(texts), range(PREFIX + WINDOW))


def _code_points(texts: Sequence[str]) -> np.ndarray:
    """The first ``PREFIX + WINDOW`` code points of each text, one row a text, padded
    with zeros (a letter is never code point 0)."""
    width = PREFIX + WINDOW
    # A fixed-width string array keeps the first ``width`` characters of each text.
    return np.array(texts, dtype=f"<U{width}").view(np.uint32).reshape(len(texts), width)


def _hashes(codes: np.ndarray, columns: Iterable[int]) -> np.ndarray:
    """The hash of the string each row of code points spells in ``columns``: the sum of
    each code point times the base to the power of its place, modulo 2**64 (so the
    zeros that pad a row add nothing), mixed and cut to its high 32 bits."""
    value = np.zeros(len(codes), dtype=np.uint64)
    for place, column in enumerate(columns):
        value += codes[:, column].astype(np.uint64) * _POWERS[place]
    value ^= value >> np.uint64(29)
    value *= np.uint64(_MIX)
    return (value >> np.uint64(32)).astype(np.uint32)


@dataclass(frozen=True)
class _Table:
    """Deletion hashes and the candidate terms that filed them, as one sorted array of
    ``hash << 32 | term`` (the term an index into Speller's candidate terms)."""

    entries: np.ndarray  # uint64

    def lookup(self, keys: np.ndarray) -> list[int]:
        """The terms filed under any of ``keys`` (with repeats)."""
        low = keys.astype(np.uint64) << np.uint64(32)
        starts = np.searchsorted(self.entries, low).tolist()
        ends = np.searchsorted(self.entries, low + np.uint64(1 << 32)).tolist()
        found: list[int] = []
        for start, end in zip(starts, ends):
            found.extend((self.entries[start:end] & np.uint64(0xFFFFFFFF)).tolist())
        return found

    @property
    def nbytes(self) -> int:
        return int(self.entries.nbytes)


class Speller:
    """Suggests the most frequent vocabulary term within one or two edits. The deletion
    index is built here, once, so that no question pays for it (see the module's
    figures)."""

    def __init__(self, terms: Iterable[str], frequency: Callable[[str], int]) -> None:
        self._frequency = frequency
        # Words of letters, at most one shorter than the shortest word mended.
        self._terms = [term for term in terms if len(term) >= MIN_LENGTH - 1 and term.isalpha()]
        self._near, self._far = _build_tables(self._terms)

    @property
    def nbytes(self) -> int:
        """Memory held by the deletion index (its arrays; the term list is shared)."""
        return self._near.nbytes + self._far.nbytes

    def suggest(self, word: str) -> str | None:
        """The nearest candidate, the most frequent of the nearest, the first in order
        of those. Candidates are checked in order of frequency, then of code points: a
        later one must be strictly nearer than the best so far to win, so it is checked
        against a tighter limit (the word itself only, once a term one edit away is found)."""
        if len(word) < MIN_LENGTH or not word.isalpha():
            return None
        found, distance = None, limit_for(word) + 1
        masks = letter_masks(word)
        for term in sorted(self._candidates(word, distance - 1), key=lambda t: (-self._frequency(t), t)):
            if abs(len(term) - len(word)) < distance:
                nearer = _distance(masks, len(word), term)
                if nearer < distance:
                    found, distance = term, nearer
                    if distance == 0:
                        break
        return found

    def _candidates(self, word: str, limit: int) -> list[str]:
        """Terms sharing the word's first letters and a deletion within ``limit``: every
        term within ``limit`` edits, and a few more."""
        keys = deletion_hashes(sorted(deletions(word, limit)))
        found = self._near.lookup(keys) + (self._far.lookup(keys) if limit > 1 else [])
        word_prefix = word[:PREFIX]
        terms = (self._terms[i] for i in set(found))
        return [term for term in terms if term[:PREFIX] == word_prefix]


def _build_tables(terms: Sequence[str]) -> tuple[_Table, _Table]:
    """What every term files: up to one deletion (the table every word looks in), and
    two deletions (which only words of ``LONG_WORD`` letters look for, so only terms at
    most two letters shorter file them)."""
    codes = _code_points(terms)
    lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    window = np.minimum(lengths, PREFIX + WINDOW) - PREFIX
    near = _table(codes, _filed(window, [0, 1], None))
    far = _table(codes, _filed(window, [2], lengths >= LONG_WORD - 2))
    return near, far


def _filed(window: np.ndarray, counts: list[int], rows: np.ndarray | None) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """Each way of deleting ``counts`` letters from the window, with the terms it
    applies to: a deletion past the end of a term's window is no deletion of it."""
    ways = []
    for count in counts:
        for gone in combinations(range(WINDOW), count):
            valid = window > (max(gone) if gone else -1)
            ways.append((gone, valid if rows is None else valid & rows))
    return ways


def _table(codes: np.ndarray, ways: list[tuple[tuple[int, ...], np.ndarray]]) -> _Table:
    """The hashes of every term's deletions, sorted with the terms that filed them:
    hash and term in one integer, in one array filled in place, so that one sort orders
    both and the build holds little more than the table."""
    merged = np.empty(sum(int(valid.sum()) for _, valid in ways), dtype=np.uint64)
    everyone = np.arange(len(codes), dtype=np.uint64)
    start = 0
    for gone, valid in ways:
        kept = [column for column in range(PREFIX + WINDOW) if column - PREFIX not in gone]
        keys = _hashes(codes, kept)[valid].astype(np.uint64)
        merged[start : start + len(keys)] = keys << np.uint64(32) | everyone[valid]
        start += len(keys)
    merged.sort()
    return _Table(merged)
