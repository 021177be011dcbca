"""The answer path's shortcuts give what the long way gives (H50)."""

from __future__ import annotations

import dataclasses
import random
import re
import string

import numpy as np
import pytest

from retrieval.casing import truecase, word_spans
from retrieval.chunking import leaves_quote_open, refers_back
from retrieval.regex_marks import ignorecase_lowered
from retrieval.places import _province_matches, _province_pattern
from retrieval.answers import Citation
from retrieval.search import common_passages


def test_citation_json_is_asdict_in_field_order():
    # Spelt out for speed: a field added to Citation must be added to its JSON too.
    cited = Citation("doc", "Judul", "sumber", "2024-10-01", 3, "https://example.org/a")
    assert list(cited.to_json().items()) == list(dataclasses.asdict(cited).items())
    bare = Citation("doc", "Judul", None, None, 1)
    assert list(bare.to_json().items()) == list(dataclasses.asdict(bare).items())


def test_kept_verdicts_on_the_paragraph_before_are_the_rule(searcher):
    # Every passage of the seeds, asked twice (the second from the kept verdict): the
    # paragraph before exactly when it is of the same article and the rule says so.
    passages = searcher.library.passages
    texts, owners = passages.texts, passages.owners
    continuing = 0
    for _ in range(2):
        for passage in range(len(texts)):
            same_article = passage > 0 and owners[passage - 1] == owners[passage]
            rule = same_article and (leaves_quote_open(texts[passage - 1]) or refers_back(texts[passage], searcher.analyzer.language))
            assert searcher._said_before(passage) == (texts[passage - 1] if rule else None)
            continuing += rule
    assert continuing > 0  # the seeds hold quotations running on and paragraphs pointing back


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ([], []),
        ([], [1, 2]),
        ([3], [1, 2]),  # the shorter list's passage past the longer's last
        ([0], [0]),
        ([1, 5, 9], [0, 1, 2, 3, 4, 5, 6, 7, 8]),
        ([0, 2, 4, 6], [1, 3, 5, 7, 9]),  # none in common
        ([7, 8, 9], [1, 2, 9]),
    ],
)
def test_common_passages_is_numpys_intersection(first, second):
    a, b = np.array(first, dtype=np.int32), np.array(second, dtype=np.int32)
    for x, y in ((a, b), (b, a)):
        assert common_passages(x, y).tolist() == np.intersect1d(x, y).tolist()


def test_common_passages_of_long_random_postings():
    rng = np.random.default_rng(7)
    for _ in range(20):
        a = np.unique(rng.integers(0, 5000, size=rng.integers(0, 3000))).astype(np.int32)
        b = np.unique(rng.integers(0, 5000, size=rng.integers(0, 300))).astype(np.int32)
        assert common_passages(a, b).tolist() == np.intersect1d(a, b).tolist()


@pytest.mark.parametrize(
    "text",
    [
        "Gubernur Sumatera Selatan dan Gubernur JAWA BARAT bertemu di Bengkulu.",
        "dari sumatera  utara ke West Java, lalu DKI",
        "Sulsel-Sulbar, Kalimantan-Timur, jawa_barat, Jawa Barat-nya",  # no province inside a longer word
        "İstanbul, Müller: Sumatera Barat dan Jawa Tengah",  # beyond ASCII: the case-blind pattern
        "",
    ],
)
def test_province_spans_on_lowered_text_are_the_case_blind_patterns(analyzer, text):
    language = analyzer.language
    case_blind = [(m.span(), language.provinces.get(tuple(m.group().lower().split()))) for m in _province_pattern(language).finditer(text)]
    assert list(_province_matches(text, language)) == [(span, name) for span, name in case_blind if name is not None]


def test_province_spans_of_the_seeds_are_the_case_blind_patterns(analyzer, seed_corpus):
    language = analyzer.language
    found = 0
    for document in seed_corpus.documents:
        for text in (document.title, *document.paragraphs):
            case_blind = [m.span() for m in _province_pattern(language).finditer(text) if language.provinces.get(tuple(m.group().lower().split()))]
            assert [span for span, _ in _province_matches(text, language)] == case_blind
            found += len(case_blind)
    assert found > 10  # the seeds are Bengkulu's and South Sumatra's news


def _case_blind_spans(words: set[str], text: str) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
    return [match.span(1) for match in pattern.finditer(text)]


# Letters a case-blind pattern matches to ASCII ones, or whose case mapping is odd.
ODD_LETTERS = "İıſKÅßẞΣσςǅǈµÉéÆæ"


def test_word_spans_on_lowered_text_are_the_case_blind_patterns(seed_corpus):
    # The seeds' paragraphs, and random text of ASCII, odd letters, punctuation and
    # marks, searched for ASCII words by truecase's short way and the case-blind way.
    rng = random.Random(7)
    alphabet = string.ascii_letters + " .,-'\u201c\u201d\u2013_0" + ODD_LETTERS + "\u0307"
    texts = [paragraph for document in seed_corpus.documents for paragraph in document.paragraphs]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    spans = 0
    for words in ({"oku", "timur", "bupati", "pjs"}, {"ki", "is", "as", "i", "k", "s"}, {"ss", "stanbul", "e"}):
        found = list(word_spans(words, texts, [ignorecase_lowered(t) for t in texts]))
        assert found == [_case_blind_spans(words, t) for t in texts]
        spans += sum(map(len, found))
    assert spans > 300


@pytest.mark.parametrize(
    ("typed", "samples", "cased"),
    [
        ("siapa pjs bupati oku timur", ["Rapat Pjs Bupati OKU Timur digelar.", "Pjs Bupati OKU Timur hadir."], "siapa Pjs Bupati OKU Timur"),
        ("siapa pjs bupati oku timur", ["“Rapat Pjs Bupati OKU Timur digelar.”", "Pjs Bupati OKU Timur hadir di Café Ré."], "siapa Pjs Bupati OKU Timur"),
        ("kapan rapat di istanbul", ["Rapat di İstanbul digelar.", "Lalu ke İstanbul lagi."], "kapan rapat di İstanbul"),
        ("kapan rapat di timur", ["Rapat di sebelah timur.", "Pasar timur kota."], "kapan rapat di timur"),
        ("kapan rapat di köln", ["Rapat di Köln digelar.", "Lalu ke Köln lagi."], "kapan rapat di Köln"),
    ],
)
def test_truecase_on_ascii_and_other_samples(analyzer, typed, samples, cased):
    assert truecase(typed, samples, analyzer) == cased
