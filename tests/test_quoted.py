"""Words a question quotes: the paragraph writing them as quoted is the one asked
about (helper-129: "Jaga nama baik ASN" was credited to another regent)."""

from __future__ import annotations

import pytest
from scratch_corpus import top

from retrieval.quoted import holds_phrase, quoted_phrases


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ('Siapa yang bilang "Jaga nama baik ASN"?', (("jaga", "nama", "baik", "asn"),)),
        ("siapa yg bilang “jaga nama baik asn”", (("jaga", "nama", "baik", "asn"),)),
        ("Who said «keep it neutral» and \"no hoaxes\"?", (("keep", "it", "neutral"), ("no", "hoaxes"))),
        ('Apa arti "ASN"?', ()),  # one word quoted is a term
        ("Jum'at itu siapa yang hadir?", ()),  # an apostrophe opens nothing
        ('Siapa yang bilang "jaga nama', ()),  # never closed
    ],
)
def test_the_phrases_a_question_quotes(question, phrases):
    assert quoted_phrases(question) == phrases


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("“Hati-hati di media sosial. Jaga nama baik ASN,” katanya.", True),
        ("JAGA NAMA BAIK ASN!", True),
        ("Jaga nama dan baik ASN", False),
        ("ASN menjaga nama baik", False),
    ],
)
def test_a_phrase_is_held_word_after_word(text, held):
    assert holds_phrase(text, ("jaga", "nama", "baik", "asn")) is held


@pytest.mark.parametrize("question", ['Siapa yang bilang "Jaga nama baik ASN"?', "siapa yg bilang “jaga nama baik asn”"])
def test_a_quoted_saying_is_answered_from_the_paragraph_that_writes_it(searcher, question):
    result = searcher.ask(question)
    assert "Jaga nama baik ASN" in top(result)
    assert result.answers[0].doc_id == "000_56970b467c1ddc30"  # Herwan Antoni's, not Sisardi's


@pytest.mark.parametrize("question", ['Apa kata Sisardi soal "netralitas ASN"?', 'Apa kata Apriyadi soal "netralitas ASN"?'])
def test_a_quoted_topic_does_not_put_another_persons_paragraph_first(searcher, question):
    # helper-133: the quoted words stand in others' paragraphs too; one holding less of
    # the question (the Plt Gubernur's) was put first, refused, and the question with it.
    assert searcher.ask(question).answers
