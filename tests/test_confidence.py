"""The no-answer decision: the fitted model's file, its evidence, and the strictness knob."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from retrieval.analysis import Analyzer
from retrieval.confidence import (
    FEATURES, ConfidenceModel, ConfidenceModelError, Evidence, load_model, named_terms, pairs_together, rival_name, specific_concepts,
)
from retrieval.decision import ModelDecision
from retrieval.library import Library
from retrieval.search import Searcher


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def test_bundled_model_loads_with_every_feature():
    model = load_model()
    assert len(model.coefficients) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0


def _bundled() -> dict:
    return json.loads(Path(__file__).resolve().parent.parent.joinpath("retrieval", "data", "confidence.json").read_text())


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text[: len(text) // 2], "is not JSON"),
        (lambda text: "", "is not JSON"),
        (lambda text: json.dumps({**json.loads(text), "coefficients": {}}), "does not fit this code"),
        (lambda text: json.dumps({**json.loads(text), "threshold": 7}), "threshold outside 0-1"),
        (lambda text: json.dumps({**json.loads(text), "intercept": "high"}), "lacks"),
        (lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "intercept"}), "lacks 'intercept'"),
        # A file written before the several-paragraph weights: refused, not read as zeros.
        (lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "article_coefficients"}), "lacks 'article_coefficients'"),
        (lambda text: json.dumps({**json.loads(text), "article_coefficients": [1, 2]}), "does not fit this code"),
        (lambda text: b"\xff\xfe\x00".decode("latin-1"), "is not JSON"),
    ],
)
def test_damaged_model_file_is_refused_in_one_line(tmp_path, damage, message):
    path = tmp_path / "confidence.json"
    path.write_text(damage(json.dumps(_bundled())), encoding="utf-8")
    with pytest.raises(ConfidenceModelError, match=message) as error:
        load_model(path)
    assert "\n" not in str(error.value) and str(path) in str(error.value)


def test_missing_model_file_is_named(tmp_path):
    with pytest.raises(ConfidenceModelError, match="cannot read"):
        load_model(tmp_path / "nowhere.json")


@pytest.mark.parametrize(
    ("question", "specific"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", ["bengkulu", "selatan"]),
        ("Kapan kapal Yo Tonga dibongkar tahun 2005?", ["yo", "tonga", "2005"]),
        ("siapa pjs bupati", []),  # lower case: nothing rare in a corpus that has no idf for it
    ],
)
def test_specific_concepts_are_names_and_numbers(analyzer, question, specific):
    analyzed = analyzer.analyze_question(question)
    flags = specific_concepts(analyzed, {}, 10.0, analyzer)
    marked = sorted(t for concept, flag in zip(analyzed.concepts, flags) if flag for t in concept if t in specific)
    assert marked == sorted(specific)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Polda Jateng membongkar kapal Yo Tonga di pelabuhan.", 1.0),  # side by side
        ("Kapal itu dibongkar pada hari Senin pagi di pelabuhan. Yo Tonga tinggal di kota lain.", 0.5),
    ],
)
def test_pairs_together(analyzer, text, expected):
    question = analyzer.analyze_question("kapal Yo Tonga")
    assert pairs_together(analyzer.term_spans(text), question) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("question", "text", "article", "expected"),
    [
        # Another ship where the question's stands, and the article never names it.
        ("Kapan Polda membongkar kapal Yo Tonga?", "Polda membongkar kapal Tampomas di pelabuhan.", "", 1.0),
        ("Siapa Pjs Bupati Seluma?", "Pjs Bupati Muba memimpin apel pagi.", "", 1.0),
        ("Siapa Pjs Bupati Seluma?", "Pjs Bupati 2018 memimpin apel pagi.", "", 1.0),  # a number in its place
        # The same ship: no rival.
        ("Kapan Polda membongkar kapal Yo Tonga?", "Polda membongkar kapal Yo Tonga di pelabuhan.", "", 0.0),
        # The article names the regency in another paragraph: the passage may well be about it.
        ("Siapa Pjs Bupati Seluma?", "Pjs Bupati Muba memimpin apel pagi.", "Seluma", 0.0),
        # No name after the word: a passage on the topic, not about another thing.
        ("Siapa Pjs Bupati Seluma?", "Pjs bupati memimpin apel pagi di halaman kantor.", "", 0.0),
        # The question names nothing.
        ("siapa pjs bupati", "Pjs Bupati Muba memimpin apel pagi.", "", 0.0),
    ],
)
def test_rival_name(analyzer, question, text, article, expected):
    analyzed = analyzer.analyze_question(question)
    names = named_terms(analyzed, analyzer)
    named = [bool(c & names) for c in analyzed.concepts]
    spans = analyzer.term_spans(text)
    seen = frozenset(t.text for t in spans) | frozenset(analyzer.terms(article))
    assert rival_name(text, spans, analyzed, named, seen) == expected


def _evidence(**values: float) -> Evidence:
    return Evidence(**{name: values.get(name, 0.0) for name in FEATURES})


@pytest.mark.parametrize(("several", "expected"), [(0.0, 0.5), (1.0, 1.0 / (1.0 + math.exp(-2.0)))])
def test_article_weights_count_only_for_an_article_of_several_paragraphs(several, expected):
    """FacQA's one-paragraph documents are judged by the first weights alone."""
    article = tuple(2.0 if name == "named_in_article" else 0.0 for name in FEATURES)
    model = ConfidenceModel(intercept=0.0, coefficients=(0.0,) * len(FEATURES), article_coefficients=article, threshold=0.5)
    assert model.probability(_evidence(named_in_article=1.0, several_paragraphs=several)) == pytest.approx(expected)


def test_bundled_model_weighs_a_missing_name_down_in_an_article():
    """Fitted on the seeds too: in a several-paragraph article, the question's names
    missing from the whole article lower the probability more than in one paragraph."""
    model = load_model()
    assert model.article_coefficients[FEATURES.index("named_in_article")] > 0


@pytest.mark.parametrize(("strictness", "answered"), [(0.0, True), (1.0, False)])
def test_strictness_trades_answers_for_refusals(seed_corpus, strictness, answered):
    searcher = Searcher(Library.from_corpus(seed_corpus), decision=ModelDecision.bundled(strictness))
    assert searcher.ask("Siapa Pjs Bupati Bengkulu Selatan?").found is answered
