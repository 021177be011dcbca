"""A build's terms read piece by piece (text between spaces, cached): the same terms as
the token pattern over the whole text gives, whatever separates the pieces."""

from __future__ import annotations

import random

import pytest

from retrieval.analysis import Analyzer


@pytest.fixture()
def analyzer() -> Analyzer:
    return Analyzer()


def spans_terms(analyzer: Analyzer, text: str) -> list[str]:
    """The terms as term_spans reads them: the token pattern over the whole text."""
    return [term.text for term in analyzer.term_spans(text)]


# Every kind of space str.split() parts at, and characters that look like one and are not
# (zero-width space, soft hyphen, word joiner: inside a word they join it).
SPACES = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u2028", "\u3000", "\u200b", "\u00ad", "\u2060"]
WORDS = ["Pejabat", "Sementara", "(Pjs)", "pelaksana", "tugas", "Plt.", "Aparatur", "Sipil", "Negara", "(ASN)", "ke-56", "30/9/24",
         "1.360", "Jum’at", "masing-masing", "e-KTP", "ＡＳＮ", "a", "B", "-", "—", "'", "_", "x_y", "menggelar,", "Pemerintah", "Kota"]


def test_pieces_give_the_terms_of_the_whole_text(analyzer):
    rng = random.Random(20241130)
    for _ in range(20_000):
        text = "".join(rng.choice(WORDS) + rng.choice(SPACES) * rng.randint(0, 2) for _ in range(rng.randint(1, 10)))
        assert analyzer.terms(text) == spans_terms(analyzer, text), repr(text)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # The abbreviation goes in after the long form's first word's terms, in text order.
        ("Pejabat Sementara Bupati", ["pejabat", "pjs", "sementara", "bupati"]),
        ("pelaksana tugas dan Pelaksana\u3000Tugas", ["laksana", "plt", "tugas", "laksana", "plt", "tugas"]),
        ("Pemerintah\tKota,Pemerintah Kota", ["pemerintah", "pemkot", "kota", "pemerintah", "pemkot", "kota"]),
        # A long form opening on a piece's second token, and one read across a piece
        # without a word: the long form is read from where it opens, piece by piece.
        ("Kota,Pejabat — Sementara Bupati", ["kota", "pejabat", "pjs", "sementara", "bupati"]),
        ("Negara (Pejabat  -  Sementara)", ["negara", "pejabat", "pjs", "sementara"]),
    ],
)
def test_long_forms_across_any_space(analyzer, text, terms):
    assert analyzer.terms(text) == spans_terms(analyzer, text) == terms


def test_the_piece_cache_is_bounded_and_past_it_terms_stay_the_same():
    analyzer = Analyzer(cached_pieces=40)
    text = " ".join(f"Kata{i}, Pejabat Sementara" for i in range(200))
    first = analyzer.terms(text)
    assert len(analyzer._pieces) <= 40
    assert analyzer.terms(text) == first == spans_terms(analyzer, text)
    assert "pjs" in first


def test_past_the_bound_of_phrase_pieces_texts_are_read_word_by_word():
    analyzer = Analyzer(cached_pieces=3)
    texts = [f"Pejabat{p} Sementara Bupati {i}" for i, p in enumerate(["", ",", ".", ";", ":", "!"])] + ["Pejabat Sementara"]
    for text in texts * 2:
        assert analyzer.terms(text) == spans_terms(analyzer, text), text
    assert len(analyzer._phrase_pieces) <= 3 and analyzer._phrase_pieces_full
