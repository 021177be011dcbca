"""Excerpts: which sentences of a paragraph answer."""

from __future__ import annotations

import pytest

from retrieval.analysis import Analyzer
from retrieval.excerpts import make_excerpt

PARAGRAPH = (
    "Bupati Sisardi meminta camat menyiapkan festival desa tahun ini. "
    "Festival digelar pada Agustus. "
    "Menurut Sisardi, festival desa bertujuan memperkenalkan kerajinan warga."
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def weights(analyzer: Analyzer, question: str) -> dict[str, float]:
    return {term: 1.0 for concept in analyzer.analyze_question(question).concepts for term in concept}


@pytest.mark.parametrize(
    ("question", "wanted", "unwanted"),
    [
        # Asked "menurut Bupati Sisardi", the sentence reporting his words answers; the first
        # sentence names him and the festival but says nothing of its purpose.
        ("Apa tujuan festival desa menurut Bupati Sisardi?", "memperkenalkan kerajinan", "meminta camat"),
        # Without "menurut", the sentence with the most of the question's words does.
        ("Apa yang diminta Bupati Sisardi soal festival desa?", "meminta camat", "memperkenalkan"),
    ],
)
def test_the_sentence_that_answers(analyzer, question, wanted, unwanted):
    analyzed = analyzer.analyze_question(question)
    excerpt = make_excerpt(PARAGRAPH, analyzed, analyzer, weights(analyzer, question), max_chars=90)
    assert wanted in excerpt.text and unwanted not in excerpt.text
