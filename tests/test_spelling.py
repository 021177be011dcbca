"""The speller's deletion index suggests exactly what the exhaustive search it replaced
suggested (kept here as the reference), on thousands of misspellings of a real
vocabulary: the seeds' and FacQA's passages as the index analyses them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import product

import numpy as np
import pytest
from beside import FACQA_PASSAGES, ROOT

from retrieval.analysis import Analyzer
from retrieval.corpus import load_corpus
from retrieval.segments import SortedTerms
from retrieval.spelling import MIN_LENGTH, PREFIX, WINDOW, Speller, deletions, edit_distance, one_slip_from, opening_slips, slipped

MISSPELLINGS = 3000


def reference_distance(a: str, b: str, limit: int) -> int:
    """The speller's distance before the bit vectors: the whole table, a cell at a time."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class ExhaustiveSpeller:
    """The speller before the deletion index: every term of the word's first two
    letters compared with it. The reference the new one is held to."""

    def __init__(self, terms: Iterable[str], frequency: Callable[[str], int]) -> None:
        self._frequency = frequency
        self._by_prefix: dict[str, list[str]] = {}
        for term in terms:
            if len(term) >= MIN_LENGTH - 1 and term.isalpha():
                self._by_prefix.setdefault(term[:2], []).append(term)

    def suggest(self, word: str) -> str | None:
        if len(word) < MIN_LENGTH or not word.isalpha():
            return None
        limit = 1 if len(word) < 8 else 2
        best: tuple[int, int, str] | None = None
        for term in self._by_prefix.get(word[:2], ()):
            distance = reference_distance(word, term, limit)
            if distance <= limit:
                key = (distance, -self._frequency(term), term)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


@pytest.fixture(scope="module")
def vocabulary() -> Counter[str]:
    """Document frequency of every term of the seeds' paragraphs and FacQA's passages
    (when the shared evaluation data is there), analysed as the index analyses them."""
    analyzer = Analyzer()
    texts = [p for d in load_corpus(ROOT / "seeds").documents for p in d.paragraphs]
    if FACQA_PASSAGES.exists():
        texts += [json.loads(line)["text"] for line in FACQA_PASSAGES.read_text(encoding="utf-8").splitlines()]
    return Counter(term for text in texts for term in set(analyzer.terms(text)))


def misspell(word: str, edits: int, letters: str, rng: np.random.Generator) -> str:
    """``word`` with ``edits`` random substitutions, insertions, deletions and swaps of
    neighbours, anywhere in it (its first letters too)."""
    for _ in range(edits):
        at = int(rng.integers(0, len(word) + 1))
        letter = letters[int(rng.integers(0, len(letters)))]
        kind = rng.integers(0, 4)
        if kind == 0 and at < len(word):
            word = word[:at] + letter + word[at + 1 :]
        elif kind == 1:
            word = word[:at] + letter + word[at:]
        elif kind == 2 and at < len(word) and len(word) > 1:
            word = word[:at] + word[at + 1 :]
        elif at + 1 < len(word):
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word


def misspellings(vocabulary: Counter[str], count: int, seed: int) -> list[str]:
    """Words one to three edits from random terms (from the frequent ones too), long and
    short, with the odd word that is a term as written."""
    rng = np.random.default_rng(seed)
    terms = sorted(t for t in vocabulary if t.isalpha() and len(t) >= MIN_LENGTH - 1)
    letters = "".join(sorted({c for t in terms for c in t}))
    words = []
    for _ in range(count):
        term = terms[int(rng.integers(0, len(terms)))]
        words.append(misspell(term, int(rng.choice([0, 1, 1, 2, 2, 3])), letters, rng))
    return words


def test_the_vocabulary_is_real_and_large(vocabulary):
    # The seeds alone hold 456 terms: without the shared data the speller is tried on those.
    assert len(vocabulary) > (5_000 if FACQA_PASSAGES.exists() else 400)


def test_suggestions_equal_the_exhaustive_search(vocabulary):
    speller = Speller(vocabulary, vocabulary.__getitem__)
    reference = ExhaustiveSpeller(vocabulary, vocabulary.__getitem__)
    words = misspellings(vocabulary, MISSPELLINGS, 1)
    suggested = [speller.suggest(word) for word in words]
    assert suggested == [reference.suggest(word) for word in words]
    # Not vacuous: most words are mended, words of eight letters or more at two edits too.
    assert sum(s is not None for s in suggested) > MISSPELLINGS / 2
    assert any(s is not None and len(w) >= 8 and edit_distance(w, s, 2) == 2 for w, s in zip(words, suggested))


def test_ties_go_to_the_term_first_in_order_when_frequencies_are_equal(vocabulary):
    """The English lexicon's speller gives every term frequency 0."""
    speller = Speller(vocabulary, lambda _: 0)
    reference = ExhaustiveSpeller(vocabulary, lambda _: 0)
    for word in misspellings(vocabulary, MISSPELLINGS // 3, 2):
        assert speller.suggest(word) == reference.suggest(word), word


def test_a_candidate_not_accepted_gives_way_to_the_next_nearest():
    # "Timr" typed capitalised is mended only to a name: "timur" (OKU Timur), though "tim"
    # (team) is as near and commoner in an archive of sports news.
    counts = {"tim": 50, "timur": 5, "timah": 1}
    speller = Speller(counts, counts.__getitem__)
    assert speller.suggest("timr") == "tim"
    assert speller.suggest("timr", accept=lambda term: term != "tim") == "timur"
    assert speller.suggest("timr", accept=lambda term: False) is None


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["café"],  # the build reads non-ASCII terms as 32-bit code points, ASCII ones as bytes
        ["kota\0madya", "𝒜bcdef"],  # a term holding a 0 (what the build joins terms with); past the BMP
        ["", "ab", "\ud800abcd"],  # empty, short, and a lone surrogate
    ],
)
def test_any_vocabulary_agrees_with_the_exhaustive_search(vocabulary, extra):
    """Whatever code points the vocabulary holds, and however the build reads them."""
    terms = list(vocabulary) + extra
    frequency = Counter(terms).__getitem__
    speller, reference = Speller(terms, frequency), ExhaustiveSpeller(terms, frequency)
    words = misspellings(vocabulary, MISSPELLINGS // 6, 3) + [misspell(t, 1, "aéz", np.random.default_rng(4)) for t in extra]
    for word in words:
        assert speller.suggest(word) == reference.suggest(word), word


def test_a_loaded_vocabulary_is_read_in_any_order(vocabulary):
    """A segment's vocabulary is read in sorted order, not its row order: the same
    suggestions (the term list's order only numbers the index's entries)."""
    terms = list(vocabulary)
    rows = np.random.default_rng(5).permutation(len(terms)).astype(np.int32)
    loaded = SortedTerms(sorted(terms), rows)
    assert list(loaded) != sorted(terms)
    words = misspellings(vocabulary, MISSPELLINGS // 3, 6)
    by_rows, by_list = Speller(loaded, vocabulary.__getitem__), Speller(terms, vocabulary.__getitem__)
    assert [by_rows.suggest(w) for w in words] == [by_list.suggest(w) for w in words]


@pytest.mark.parametrize(
    "terms, word",
    [
        ([], "rumah"),
        (["rum", "ruma", "rumahku"], "rumah"),  # three letters is the shortest term
        (["rumah", "rumah"], "rumah"),  # a word the vocabulary has is its own suggestion
        (["café", "cafe"], "cafè"),
        (["ab1cd", "abcde"], "abcdf"),  # a term that is not all letters is never suggested
        (["pemberantasan", "pemberitahuan"], "pemberantasxx"),  # two edits past the window
        (["pemberantasan"], "pemberxxtasan"),  # two edits inside the window
        (["kapal", "kapak", "kapar"], "kapa"),  # deletions cutting the window short
        (["kap\0l", "kapak"], "kapal"),  # a 0 in a term
        (["rumah", "rūmah"], "rūmaḥ"),
        (["rumah"], "rumah1"),
    ],
)
def test_edge_cases_agree(terms, word):
    frequency = Counter(terms).__getitem__
    assert Speller(terms, frequency).suggest(word) == ExhaustiveSpeller(terms, frequency).suggest(word)


def short_strings(letters: str, longest: int) -> list[str]:
    return ["".join(p) for n in range(longest + 1) for p in product(letters, repeat=n)]


def test_a_shared_prefix_leaves_the_distance_unchanged():
    """Why deletions are made after the first two letters only: the distance between
    c + x and c + y is that between x and y (every pair of strings over three letters,
    up to four long)."""
    strings = short_strings("abc", 4)
    for x, y in product(strings, repeat=2):
        for c in "ab":
            assert edit_distance(c + x, c + y, 3) == edit_distance(x, y, 3), (c, x, y)


@pytest.mark.parametrize("limit", [0, 1, 2, 3])
def test_the_bit_vector_distance_is_the_tables_capped(limit):
    """Every pair of strings over three letters up to four long, real words and their
    swaps, and random longer strings (past the 64 bits of a machine word too)."""
    rng = np.random.default_rng(limit)
    strings = short_strings("abc", 4) + ["kabupaten", "kabupatne", "kbaupaten", "abupaten", "kabupatenn", "kapubaten", "ké"]
    pairs = list(product(strings, repeat=2))
    for _ in range(2000):
        x = "".join(rng.choice(list("abcd"), size=rng.integers(0, 14)))
        pairs.append((x, misspell(x, int(rng.integers(0, 4)), "abcd", rng)))
    pairs += [("ab" * 40, "ba" * 40), ("a" * 70 + "bc", "a" * 70 + "cb"), ("x" + "a" * 70, "a" * 70)]
    for x, y in pairs:
        assert edit_distance(x, y, limit) == min(reference_distance(x, y, limit), limit + 1), (x, y)


def test_deletions_stay_in_the_window():
    word = "ab" + "cdefghij"
    found = deletions(word, 1)
    assert word[: PREFIX + WINDOW] in found
    assert all(text.startswith("ab") and len(text) >= PREFIX + WINDOW - 1 for text in found)
    assert len(found) == 1 + WINDOW


def test_memory_is_bounded_by_the_deletions_filed(vocabulary):
    """At most 1 + WINDOW (near) + WINDOW choose 2 (far) entries of 8 bytes per term."""
    speller = Speller(vocabulary, vocabulary.__getitem__)
    assert speller.nbytes <= 8 * len(vocabulary) * (1 + WINDOW + WINDOW * (WINDOW - 1) // 2)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("bpati", "bupati"), ("derah", "daerah"), ("gbernur", "gubernur"), ("ebngkulu", "bengkulu"), ("suiapa", "siapa")],
)
def test_opening_slips_hold_the_word_meant(typed, meant):
    # Each is one slip at the second letter, which the prefix-bound speller never finds.
    assert meant in opening_slips(typed)


@pytest.mark.parametrize(("typed", "other"), [("hxrwan", "herwan"), ("koala", "kuala"), ("tombak", "tembak"), ("malik", "milik")])
def test_a_letter_replaced_is_no_opening_slip(typed, other):
    # One real word is one letter from another: "koala" was read as Kuala Namu.
    assert other not in opening_slips(typed)


def test_opening_slips_are_slips_and_only_for_words_worth_guessing():
    slips = opening_slips("bupati")
    assert slips and "bupati" not in slips
    assert all(slipped("bupati", slip) for slip in slips)
    assert opening_slips("bupa") == [] and opening_slips("12345") == []


@pytest.mark.parametrize(
    ("typed", "meant", "expected"),
    [
        ("kapn", "kapan", True),  # a letter dropped
        ("siapaa", "siapa", True),  # a letter added
        ("kpaan", "kapan", True),  # two neighbours swapped
        ("kapal", "kapan", False),  # a letter replaced: another real word
        ("tunggal", "tanggal", False),
        ("kapan", "kapan", False),
        ("kpn", "kapan", False),  # two letters dropped
    ],
)
def test_slipped(typed, meant, expected):
    assert slipped(typed, meant) is expected


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("pelksana", "pelaksana"), ("bupai", "bupati"), ("ssardi", "sisardi"), ("sisadri", "sisardi"), ("bupatii", "bupati")],
)
def test_one_slip_from_holds_the_word_meant(typed, meant):
    assert meant in one_slip_from(typed)


@pytest.mark.parametrize("word", ["bupati", "netral", "ab"])
def test_one_slip_from_is_every_slip_and_nothing_else(word):
    found = one_slip_from(word)
    assert word not in found
    assert all(slipped(word, other) for other in found)
    # Dropped, swapped (neighbours that differ) and added: at most these many.
    assert len(found) <= len(word) + (len(word) - 1) + 26 * (len(word) + 1)
    assert {"bupat", "ubpati", "bupatii"} <= one_slip_from("bupati") or word != "bupati"
