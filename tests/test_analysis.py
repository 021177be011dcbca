"""The analyzer: one set of terms for articles and questions."""

from __future__ import annotations

import pytest

from retrieval.analysis import Analyzer, normalize


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("HUT ke-56 Provinsi Bengkulu", {"ke-56", "56", "hut", "bengkulu"}),
        ("Pilkada Serentak 2024", {"pilkada", "2024", "serentak"}),
        ("Pjs Bupati OKU Timur", {"pjs", "oku", "timur", "bupati"}),
        ("Senin, (30/9/24)", {"senin", "30/9/24"}),
    ],
)
def test_tokens_keep_numbers_hyphens_and_abbreviations(analyzer, text, present):
    assert present <= set(analyzer.terms(text))


def test_normalisation_folds_case_width_and_apostrophes(analyzer):
    assert normalize("ＡＳＮ") == "asn"
    assert normalize("Jum’at") == "jum'at"
    assert analyzer.terms("NETRALITAS") == analyzer.terms("netralitas")


def test_stop_words_are_dropped(analyzer):
    assert analyzer.terms("yang dan di pada dengan the of") == []


@pytest.mark.parametrize(
    ("word", "stem"),
    [("menggelar", "gelar"), ("dipimpin", "pimpin"), ("pemecatan", "pecat"), ("kecamatan", "kecamatan"), ("media", "media"), ("perdananya", "perdana")],
)
def test_stemming_with_guards_against_over_stemming(analyzer, word, stem):
    assert analyzer.stem(word) == stem


def test_without_stemming_words_stay(analyzer):
    assert Analyzer(stemming=False).terms("menggelar") == ["menggelar"]


@pytest.mark.parametrize(
    ("short", "long"),
    [("Pjs", "Pejabat Sementara"), ("ASN", "Aparatur Sipil Negara"), ("BS", "Bengkulu Selatan"), ("Rakor", "Rapat Koordinasi"), ("medsos", "media sosial")],
)
def test_abbreviation_and_long_form_meet(analyzer, short, long):
    assert set(analyzer.terms(short)) & set(analyzer.terms(long))
    assert short.lower() in analyzer.terms(long)


def test_term_spans_point_into_the_text(analyzer):
    text = "Pjs Bupati OKU Timur menggelar rapat."
    for term in analyzer.term_spans(text):
        assert text[term.start : term.end].strip()
    assert ("rapat", "rapat") in {(t.text, text[t.start : t.end]) for t in analyzer.term_spans(text)}


@pytest.mark.parametrize(
    ("question", "language", "answer_type"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", "id", "person"),
        ("who held the meeting in OKU Timur", "en", "person"),
        ("kapan hut provinsi bengkulu", "id", "time"),
        ("When did Muba civil servants declare neutrality?", "en", "time"),
        ("Di mana rapat itu digelar?", "id", "place"),
        ("berapa jumlah asn di oki", "id", "count"),
        ("How many main points were stressed?", "en", "count"),
        ("Berapa gaji Pjs Bupati?", "id", "number"),
        ("Mengapa ASN harus netral?", "id", "reason"),
        ("netralitas asn", "id", None),
    ],
)
def test_question_language_and_type(analyzer, question, language, answer_type):
    analyzed = analyzer.analyze_question(question)
    assert (analyzed.language, analyzed.answer_type) == (language, answer_type)


def test_english_question_words_become_indonesian(analyzer):
    concepts = analyzer.analyze_question("who held the meeting in OKU Timur").concepts
    terms = set().union(*concepts)
    assert {"rapat", "gelar", "oku", "timur"} <= terms
    assert "meeting" not in terms and "who" not in terms


def test_document_terms_add_the_headline_once(analyzer):
    title = "Pjs Bupati OKU Timur Ingatkan Netralitas"
    first, second = analyzer.document_terms(title, ["Ia menegaskan disiplin.", "Pjs Bupati OKU Timur Ingatkan Netralitas hari ini."])
    assert {"oku", "timur", "netralitas"} <= set(first)
    assert second == analyzer.terms("Pjs Bupati OKU Timur Ingatkan Netralitas hari ini.")


def test_synonyms_widen_coverage_but_not_the_bm25_query(analyzer):
    question = analyzer.analyze_question("Di mana pertemuan itu berlangsung?")
    assert {"gelar", "mengadakan"} <= set().union(*question.concepts)
    assert "langsung" in question.terms and "gelar" not in question.terms and "mengadakan" not in question.terms


@pytest.mark.parametrize(
    ("question", "attributed"),
    [
        ("What must Muba civil servants avoid according to the Plh Sekda?", ["plh", "sekda"]),
        ("Apa tujuan HUT menurut Plt Gubernur?", ["plt", "gubernur"]),
        ("kapan, menurut Laksamana Didik, pihaknya menembak kapal ikan", ["laksamana", "didik"]),
        ("Siapa Pjs Bupati Bengkulu Selatan?", []),
        ("menurut Plt Gubernur apa tujuan HUT?", ["plt", "gubernur"]),  # the question word ends it
    ],
)
def test_attribution_words_are_marked(analyzer, question, attributed):
    analyzed = analyzer.analyze_question(question)
    assert len(analyzed.attribution) == len(analyzed.concepts)
    marked = [concept for concept, attribution in zip(analyzed.concepts, analyzed.attribution) if attribution]
    assert len(marked) == len(attributed)
    assert all(term in concept for term, concept in zip(attributed, marked))
