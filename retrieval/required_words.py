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

from retrieval.analysis import Analyzer, Question, Word
from retrieval.cues import COUNT, PLACE_TYPES  # COUNT: also the type of required_words.tsv's lines of what befell people counted


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
    written = analyzer.word_texts(question.text)
    # Only a question counting people is held to the lines of what befell them (counted_people.txt).
    people = any(word in analyzer.language.counted_people for word in written)
    lines = [
        (frozenset(t for w in words for t in _line_word_terms(w, analyzer)), unlike)
        for types, words, unlike in analyzer.language.required_words
        if _of_type(question.answer_type, types) and (people or COUNT not in types)
    ]
    found = []
    for i, concept in enumerate(question.concepts):
        for terms, unlike in lines:
            if concept and concept <= terms and not _only_unlike(concept, written, unlike, analyzer):
                found.append(Required(i, terms | concept))
                break
    return tuple(found)


def _line_word_terms(word: str, analyzer: Analyzer) -> tuple[str, ...]:
    """The terms a line's word stands for: an abbreviation's own ("kadis"), not its long
    form's too, or a paragraph writing "dinas" would tell who heads any body."""
    return (word,) if word in analyzer.language.abbreviations else analyzer.word_terms(word)


def _only_unlike(concept: frozenset[str], written: list[str], unlike: frozenset[str], analyzer: Analyzer) -> bool:
    """Whether every question word of ``concept`` is one its line says does not ask it
    ("tinggal", whose stem "meninggal" shares: "Berapa warga yang tinggal di ...?")."""
    words = [word for word in written if concept.intersection(analyzer.word_terms(word))]
    return bool(words) and all(word in unlike for word in words)


def held_only_by_another(question: Question, text: str, analyzer: Analyzer) -> bool:
    """Whether the question asks who holds an office of required_words.tsv and ``text``
    writes the question's word for it only right after a word making it another office
    (other_office_words.txt: "Wakil Ketua Komisi VI DPR Irmadi Lubis" for "Siapa Ketua
    Komisi VI DPR?" is the deputy) or, the question asking who holds it now, a former
    one (former_words.txt: "mantan Komandan ..."). A paragraph telling the office in
    another word of its line ("dipimpin Wakil Kepala LIPI ...") is not read so, nor is
    one asked of by a question writing such a word itself ("Siapa Wakil Ketua ...?",
    "Siapa bekas Komandan ...?")."""
    language = analyzer.language
    written = analyzer.word_texts(question.text)
    if any(word in language.other_office_words or word in language.former_words for word in written):
        return False
    offices = [question.concepts[required.concept] for required in required_words(question, analyzer)]
    if not offices:
        return False
    others = language.other_office_words | (language.former_words if analyzer.asks_for_latest(question.text) else frozenset())
    words = analyzer.words(text)
    for concept in offices:
        writings = _writings(concept, words, analyzer)
        # The word right before, with only spaces between: "wakil. Ketua" ends a sentence.
        if writings and all(i > 0 and words[i - 1].text in others and not text[words[i - 1].end : words[i].start].strip() for i in writings):
            return True
    return False


def _writings(concept: frozenset[str], words: list[Word], analyzer: Analyzer) -> list[int]:
    """Where ``words`` write ``concept``: a word of its terms, or the long form of one of
    its abbreviations written out from that word. "Kepala Dinas" is read as the one term
    "kadis" (abbreviations.tsv), and a paragraph writes it out, "mantan Kepala Dinas PU
    Pengairan Sumbar"; a "Kepala" of another office ("mantan Kepala Desa") is none
    (helper-208's review)."""
    return [
        i
        for i, word in enumerate(words)
        if concept.intersection(analyzer.word_terms(word.text)) or concept.intersection(analyzer.abbreviations_written_from(words, i))
    ]


def _of_type(answer_type: str | None, types: frozenset[str]) -> bool:
    """Whether a line of ``types`` holds for ``answer_type``: a "place" line for a
    question asking which country or province too."""
    return answer_type in types or answer_type in PLACE_TYPES and "place" in types
