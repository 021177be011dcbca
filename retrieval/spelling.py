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
one is found the others need only be compared for a nearer match. The build reads the
terms as one array of code points (which are words of letters told by numpy, not by a
Python step a term), and works out every deletion's hash from seven running sums of
each term's letters. At 421k terms (the scale benchmark's 1M paragraphs) the index holds
5.2M entries, 39 MB (29 MB more at the height of the build, which takes 0.15 s, half
of it sorting the two tables); a word costs 0.1 ms at the median, and no question of the
benchmark more than 0.7 ms (the exhaustive search: 4.6 ms, at most 127 ms).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from retrieval.segments import SortedTerms

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
# The base's inverse's powers (it is odd, so it has one modulo 2**64): what a letter's
# term is multiplied by when deletions before it move it back so many places.
_BACK_POWERS = np.array([pow(_BASE, -i, 1 << 64) for i in range(3)], dtype=np.uint64)
# Which ASCII code points ``str.isalpha`` takes for letters.
_ASCII_LETTERS = np.array([chr(point).isalpha() for point in range(128)])


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
        # Every term (only some are filed), in any order: a loaded vocabulary's in sorted
        # order, shared, because its strings lie in memory in that order (read in its row
        # order, nearly every one is a cache miss, and the build takes twice as long).
        self._terms = terms.sorted if isinstance(terms, SortedTerms) else list(terms)
        self._near, self._far = _build_tables(self._terms)

    @property
    def nbytes(self) -> int:
        """Memory held by the deletion index (its arrays; the term list is shared)."""
        return self._near.nbytes + self._far.nbytes

    def suggest(self, word: str, accept: Callable[[str], bool] | None = None) -> str | None:
        """The nearest candidate, the most frequent of the nearest, the first in order
        of those. Candidates are checked in order of frequency, then of code points: a
        later one must be strictly nearer than the best so far to win, so it is checked
        against a tighter limit (the word itself only, once a term one edit away is found).
        ``accept``: whether a candidate may be the word at all (a name typed capitalised
        is mended only to a name), asked only of one nearer than the best so far."""
        if len(word) < MIN_LENGTH or not word.isalpha():
            return None
        found, distance = None, limit_for(word) + 1
        masks = letter_masks(word)
        for term in sorted(self._candidates(word, distance - 1), key=lambda t: (-self._frequency(t), t)):
            if abs(len(term) - len(word)) < distance:
                nearer = _distance(masks, len(word), term)
                if nearer < distance and (accept is None or accept(term)):
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


def opening_slips(word: str) -> list[str]:
    """``word`` one slip away at its second letter: that letter dropped, a letter put
    before it, or the first two swapped ("bpati", "derah", "gbernur", "ebngkulu"). The
    speller looks only among terms sharing a word's first two letters, so these it
    never finds; the answer path tries them when it finds nothing else. A letter
    replaced is no slip here: a real word one letter from another ("koala", "kuala";
    "tombak", "tembak") is not mistyped."""
    if len(word) < MIN_LENGTH + 1 or not word.isalpha():
        return []
    first, second, rest = word[0], word[1], word[2:]
    letters = sorted(set(word) | set("abcdefghijklmnopqrstuvwxyz"))
    slips = [first + rest, second + first + rest]
    slips += [first + letter + second + rest for letter in letters]
    return list(dict.fromkeys(slips))


def one_slip_from(word: str) -> set[str]:
    """Every word ``word`` may be a slip of (:func:`slipped`): with one letter dropped or
    added, or two neighbours swapped."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    dropped = {word[:i] + word[i + 1 :] for i in range(len(word))}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    added = {word[:i] + letter + word[i:] for i in range(len(word) + 1) for letter in letters}
    return (dropped | swapped | added) - {word}


def slipped(typed: str, meant: str) -> bool:
    """Whether ``typed`` is ``meant`` with one letter dropped or added, or two neighbours
    swapped: the slips of a hurried hand. One letter replaced by another is left out:
    it as often turns one real word into another ("kapal", "kapan")."""
    if abs(len(typed) - len(meant)) == 1:
        shorter, longer = sorted((typed, meant), key=len)
        return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
    if len(typed) == len(meant) and typed != meant:
        differ = [i for i, (a, b) in enumerate(zip(typed, meant)) if a != b]
        return len(differ) == 2 and differ[1] == differ[0] + 1 and typed[differ[0]] == meant[differ[1]] and typed[differ[1]] == meant[differ[0]]
    return False


def _build_tables(terms: Sequence[str]) -> tuple[_Table, _Table]:
    """What every filed term files: up to one deletion (the table every word looks in),
    and two deletions (which only words of ``LONG_WORD`` letters look for, so only terms
    at most two letters shorter file them)."""
    filed = _filed_terms(terms)
    spare = np.empty(len(filed.rows), dtype=np.uint64)  # one scratch array for every step
    singles = [gone for count in (0, 1) for gone in combinations(range(WINDOW), count)]
    near = _table(filed, [(gone, filed.reach(max(gone, default=-1))) for gone in singles], spare)
    # A term of LONG_WORD - 2 letters has this many in its window.
    shortest = LONG_WORD - 2 - PREFIX
    pairs = list(combinations(range(WINDOW), 2))
    far = _table(filed, [(gone, filed.reach(max(*gone, shortest - 1))) for gone in pairs], spare)
    return near, far


@dataclass(frozen=True)
class _Joined:
    """Every term's code points in one array, each followed by a 0 (a letter is never
    code point 0), and where each term starts and ends in it: what numpy reads at once
    in place of a Python step a term."""

    codes: np.ndarray  # uint8 (all ASCII) or uint32, PREFIX + WINDOW zeros after the last term's
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64: the 0 after the term


def _joined(terms: Sequence[str]) -> _Joined:
    """``terms`` (at least one) joined by 0s, as code points."""
    padding = PREFIX + WINDOW  # so that reading a window's width from any start stays in the array
    text = "\0".join(terms) + "\0" * padding
    # ASCII (a vocabulary's usual case, known without reading the text) a byte a letter.
    codes = (
        np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        if text.isascii()
        else np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    )
    ends = np.flatnonzero(codes == 0)
    if len(ends) != len(terms) - 1 + padding:  # a term holds a 0 itself: lengths tell the ends
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        ends = np.cumsum(lengths + 1) - 1
    ends = ends[: len(terms)]
    starts = np.empty_like(ends)
    starts[:1] = 0
    starts[1:] = ends[:-1] + 1
    return _Joined(codes, starts, ends)


def _alphabetic(joined: _Joined) -> np.ndarray:
    """Which terms are words of letters: ``str.isalpha`` asked once for each code point
    the terms hold rather than once for each term."""
    codes = joined.codes[: joined.ends[-1] + 1]
    other = ~_letters(codes)[codes]
    other[joined.ends] = False  # the 0 after each term is no part of it
    alphabetic = np.ones(len(joined.ends), dtype=bool)
    # The term a non-letter is in is the first whose 0 comes after it.
    alphabetic[np.searchsorted(joined.ends, np.flatnonzero(other))] = False
    return alphabetic


def _letters(codes: np.ndarray) -> np.ndarray:
    """Which code points up to the greatest in ``codes`` are letters (those it holds
    past ASCII are asked for, the rest are left False)."""
    letters = np.zeros(max(int(codes.max()) + 1, 128), dtype=bool)
    letters[:128] = _ASCII_LETTERS
    if len(letters) > 128:
        beyond = np.unique(codes[codes >= 128]).tolist()
        letters[[point for point in beyond if chr(point).isalpha()]] = True
    return letters


@dataclass(frozen=True)
class _Filed:
    """The terms that file deletions, those with the most letters in the window first,
    so that the terms a way of deleting applies to are always the first so many."""

    rows: np.ndarray  # uint64: each one's place in Speller's term list
    windows: np.ndarray  # int8: how many of its letters are in the window, descending
    # Row j: each one's hash sum (``_hashes`` before mixing) of its prefix and the first j
    # letters of its window. Any deletion's follows from these: the letters after a
    # deleted one move a place back, a multiplication by the base's inverse.
    sums: np.ndarray  # uint64, WINDOW + 1 rows

    def reach(self, window: int) -> int:
        """How many terms have more than ``window`` letters in the window."""
        return _reach(self.windows, window)


def _reach(windows: np.ndarray, window: int) -> int:
    return int(np.count_nonzero(windows > window))


def _filed_terms(terms: Sequence[str]) -> _Filed:
    """Words of letters, at most one shorter than the shortest word mended."""
    if not terms:
        return _Filed(np.zeros(0, np.uint64), np.zeros(0, np.int8), np.zeros((WINDOW + 1, 0), np.uint64))
    joined = _joined(terms)
    lengths = joined.ends - joined.starts
    rows = np.flatnonzero((lengths >= MIN_LENGTH - 1) & _alphabetic(joined))
    windows = (np.minimum(lengths[rows], PREFIX + WINDOW) - PREFIX).astype(np.int8)
    del lengths
    order = np.argsort(-windows, kind="stable")  # a radix sort of bytes
    rows, windows = rows[order], windows[order]
    del order
    sums = _prefix_sums(joined.codes, joined.starts[rows], windows)
    return _Filed(rows.astype(np.uint64), windows, sums)


def _prefix_sums(codes: np.ndarray, starts: np.ndarray, windows: np.ndarray) -> np.ndarray:
    """``_Filed.sums`` of the terms whose code points start at ``starts``."""
    sums = np.zeros((WINDOW + 1, len(starts)), dtype=np.uint64)
    for column in range(PREFIX):  # every filed term is longer than its prefix
        sums[0] += codes[starts + column].astype(np.uint64) * _POWERS[column]
    for j in range(WINDOW):
        sums[j + 1] = sums[j]
        # The terms with a letter there are the first so many.
        reach = _reach(windows, j)
        column = PREFIX + j
        sums[j + 1, :reach] += codes[starts[:reach] + column].astype(np.uint64) * _POWERS[column]
    return sums


def _table(filed: _Filed, ways: list[tuple[tuple[int, ...], int]], spare: np.ndarray) -> _Table:
    """The hashes of every term's deletions (each way of deleting with the number of
    terms it applies to: a deletion past the end of a term's window is no deletion of
    it), sorted with the terms that filed them: hash and term in one integer, written in
    place into one array, so that one sort orders both and the build holds little more
    than the table."""
    merged = np.empty(sum(reach for _, reach in ways), dtype=np.uint64)
    start = 0
    for gone, reach in ways:
        entries = merged[start : start + reach]
        _deletion_sums(filed.sums, gone, entries, spare[:reach])
        _mix(entries, spare[:reach])
        entries |= filed.rows[:reach]
        start += reach
    merged.sort()
    return _Table(merged)


def _deletion_sums(sums: np.ndarray, gone: tuple[int, ...], out: np.ndarray, spare: np.ndarray) -> None:
    """Into ``out``: the first terms' hash sums with the window letters at ``gone``
    deleted, the stretch after the i-th deleted letter moved i places back."""
    reach = len(out)
    np.copyto(out, sums[gone[0] if gone else WINDOW, :reach])
    for moved, deleted in enumerate(gone, 1):
        end = gone[moved] if moved < len(gone) else WINDOW
        if end > deleted + 1:
            np.subtract(sums[end, :reach], sums[deleted + 1, :reach], out=spare)
            spare *= _BACK_POWERS[moved]
            out += spare


def _mix(values: np.ndarray, spare: np.ndarray) -> None:
    """``_hashes``'s mixing, in place, the hash left in the high 32 bits."""
    np.right_shift(values, np.uint64(29), out=spare)
    values ^= spare
    values *= np.uint64(_MIX)
    values &= np.uint64(0xFFFFFFFF00000000)
