"""Who appointed someone: news often writes that an official was appointed ("resmi
ditunjuk sebagai Plt Gubernur", "usai dikukuhkan") and not by whom, and a paragraph
naming the appointee shares every word of "Siapa yang melantik Herwan Antoni sebagai
Pjs Bupati Rejang Lebong?" but the answer."""

from __future__ import annotations

from retrieval.analysis import Analyzer, Question
from retrieval.patterns import follows_pattern

# Words from a passive verb of appointing to its agent's word, either side: the office
# may stand between ("ditunjuk sebagai Plt Kepala Dinas Pendidikan oleh Bupati OKU"), and
# a decree comes first ("Berdasarkan SK Gubernur, ia ditunjuk").
AGENT_REACH = 10


def asks_who_appointed(question: Question, analyzer: Analyzer) -> bool:
    """Whether a "who" question asks who appointed someone (appointing_questions.txt:
    "Siapa yang melantik ...", "... ditunjuk oleh siapa?", "Who appointed ..."), not who
    was appointed ("Siapa yang dilantik menjadi Pjs Bupati?")."""
    if question.answer_type != "person":
        return False
    words = tuple(analyzer.word_texts(question.text))
    return any(follows_pattern(words, parts) for parts in analyzer.language.appointing_questions)


def names_an_appointer(text: str, analyzer: Analyzer) -> bool:
    """Whether ``text`` writes someone appointing (appointing_words.tsv): an active verb
    ("Mendagri melantik ..."), or a passive one with its agent ("dilantik oleh ...",
    "Sesuai Keputusan Menko Kesra ..., LIPI ditunjuk")."""
    kinds = analyzer.language.appointing_words
    words = analyzer.word_texts(text)
    for at, word in enumerate(words):
        kind = kinds.get(word)
        if kind == "active":
            return True
        if kind == "passive" and any(kinds.get(near) == "agent" for near in words[max(0, at - AGENT_REACH) : at + 1 + AGENT_REACH]):
            return True
    return False
