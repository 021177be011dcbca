"""What a paragraph must tell to answer: a question asking where or when someone was
born or buried, who chairs or heads a body, or how many people died, were hurt or were
arrested, is answered only by a paragraph that tells the birth, the burial, the chair,
the deaths ... (required_words.tsv). One about the same person, body or event that
gives another place, day, name or count (the city of a dateline, the day he died, a
member, the people evacuated) is the wrong answer users were shown. The ranker drops a
candidate that does not tell it before scoring it (Ranking._opened), so the next one is
weighed instead; unlike a required cue (cues.REQUIRED_CUES) there is no weaker form that
keeps it."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.analysis import Analyzer, Question


@dataclass(frozen=True)
class Required:
    """One thing a question asks that a candidate must tell: the question's concept (its
    bit in ``Question.concepts``) and every term a paragraph may tell it with."""

    concept: int
    told_by: frozenset[str]


def required_words(question: Question, analyzer: Analyzer) -> tuple[Required, ...]:
    """What of required_words.tsv ``question`` asks: each concept all of whose terms are
    words of one line for the question's answer type. All of them, not one: an English
    word's translations may hold such a word among others ("catch fire": sambut, sergap,
    tangkap)."""
    lines = [
        (frozenset(t for w in words for t in analyzer.word_terms(w)), unlike)
        for types, words, unlike in analyzer.language.required_words
        if question.answer_type in types
    ]
    written = analyzer.word_texts(question.text)
    found = []
    for i, concept in enumerate(question.concepts):
        for terms, unlike in lines:
            if concept and concept <= terms and not _only_unlike(concept, written, unlike, analyzer):
                found.append(Required(i, terms | concept))
                break
    return tuple(found)


def _only_unlike(concept: frozenset[str], written: list[str], unlike: frozenset[str], analyzer: Analyzer) -> bool:
    """Whether every question word of ``concept`` is one its line says does not ask it
    ("tinggal", whose stem "meninggal" shares: "Berapa warga yang tinggal di ...?")."""
    words = [word for word in written if concept.intersection(analyzer.word_terms(word))]
    return bool(words) and all(word in unlike for word in words)
