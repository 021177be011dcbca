"""Where a text holds the kind of thing a question asks for: a name for "siapa", a date
for "kapan", a count for "berapa jumlah". The ranker (is there one?), the excerpt (keep
it whole) and the no-answer decision read passages for it; none of them owns it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from retrieval.analysis import Analyzer, Question, spelt_out
from retrieval.language import Language

# Answer types whose answers are names, which office words ("Pemerintah Kabupaten") are not.
NAMED_TYPES = frozenset({"person", "place"})

# Answer types whose answer must be in the passage for it to count as an answer: a
# "when" question answered by a passage without a date has not been answered. A weak cue
# (answer_cues.tsv "<type>-weak": a year alone for "when") is enough for the ranker to
# keep a passage; only a full cue is boosted. The excerpt shows a sentence holding one.
MEASURES = frozenset({"length", "area", "money", "weight", "temperature", "speed", "age"})  # measures.tsv
# "expansion" too: a passage that only uses the asked abbreviation ("HUT Ke-52 KORPRI")
# does not say what it stands for, and one that spells out another ("Aparatur Sipil
# Negara (ASN)") is no answer for KORPRI (asked_cues). And "reason": a paragraph that gives
# no cause or purpose does not say why (answer_cues.tsv); "effect": one that tells an
# event, or its cause, does not say what came of it.
REQUIRED_CUES = frozenset({"time", "month", "clock", "since", "until", "start", "number", "count", "duration", "percent", "species", "expansion", "reason", "effect"}) | MEASURES


class CueMatch(NamedTuple):
    """A thing of an answer type in a text, whatever the question: its span and its
    words as the analyzer writes them."""

    start: int
    end: int
    words: tuple[str, ...]
    short: str = ""  # of an "expansion" match, the abbreviation its long form spells out


def has_cue(text: str, question: Question, analyzer: Analyzer, weak: bool = False) -> bool:
    """Whether ``text`` holds something of the asked-for type that the question does
    not already say: a name the question names is no answer to "siapa", nor is
    "Pemerintah Kabupaten"."""
    return any_asked(iter_cue_matches(text, question.answer_type, analyzer, weak), question, analyzer)


def cue_matches(text: str, answer_type: str | None, analyzer: Analyzer, weak: bool = False) -> tuple[CueMatch, ...]:
    """What of ``answer_type`` ``text`` holds, in pattern order, before the question
    has its say (:func:`asked_cues`): the half of the work a passage can keep for every
    question of that type."""
    return tuple(iter_cue_matches(text, answer_type, analyzer, weak))


def iter_cue_matches(text: str, answer_type: str | None, analyzer: Analyzer, weak: bool = False) -> Iterator[CueMatch]:
    """:func:`cue_matches`, found as they are read: whether a passage holds a cue at all
    is mostly settled by its first. Office words alone ("Lingkungan Pemerintahan
    Kabupaten") are no person's name, nor a place named after its kind (place_nouns.txt)."""
    cues = analyzer.language.answer_cues
    patterns = cues.get((answer_type or "") + ("-weak" if weak else ""))
    if not patterns:
        return
    weaker: list[tuple[int, int]] | None = [] if weak else None  # found when a match needs them
    person = answer_type == "person"
    for pattern in patterns:
        group = "answer" if "answer" in pattern.groupindex else 0
        for match in pattern.finditer(text):
            start, end = match.span(group)
            if weaker is None:
                weaker = [m.span() for p in cues.get(f"{answer_type}-weak", ()) for m in p.finditer(text)]
            if any(s <= start and end <= e for s, e in weaker):
                continue  # inside a weak cue: "September" in "sejak 27 September" answers "since when"
            words = tuple(analyzer.word_texts(match.group(group)))
            if person and words and words[0] in analyzer.language.place_nouns:
                continue  # a place named by its kind: "Aula Bina Praja II", "Gedung Pola", "Hotel Santika"
            offices = sum(1 for w in words if w in analyzer.language.not_names) if person else 0
            if offices and 2 * offices >= len(words):
                continue  # an office, not a person's name (a place may well be one: "Gedung Pola Kantor Gubernur Bengkulu")
            short = match.group("short") if "short" in pattern.groupindex else ""
            if short and not spelt_out(match):
                continue  # a name and its office in brackets: "Sisardi (Sekretaris Daerah)"
            yield CueMatch(start, end, words, short)


def asked_cues(matches: Iterable[CueMatch], question: Question, analyzer: Analyzer) -> Iterator[tuple[int, int]]:
    """The (start, end) of the ``matches`` (of the question's answer type) that the
    question does not already give."""
    asked = _asked(question.concepts)
    named = question.answer_type in NAMED_TYPES
    person = question.answer_type == "person"
    expansion = question.answer_type == "expansion"
    for start, end, words, short in matches:
        if expansion and not _spells_out_asked(short, words, question, analyzer):
            continue  # another abbreviation spelt out: "Aparatur Sipil Negara (ASN)" asked what KORPRI stands for
        for word in words:
            if named and word in analyzer.language.not_names:
                continue
            if person and _never_a_person(word, analyzer.language):
                continue
            terms = analyzer.word_terms(word)
            # A name, date or number the question does not give; or a "karena",
            # which, being a stop word, has no terms at all. An abbreviation's terms
            # include its long form's words ("OKU": oku, ogan, komering, ulu): the
            # question gives it when it gives any of them.
            if terms and not _given(word, terms, asked) or not terms and not named:
                yield start, end
                break


def any_asked(matches: Iterable[CueMatch], question: Question, analyzer: Analyzer) -> bool:
    """Whether any of ``matches`` is something the question does not already give (read
    only as far as the first that is)."""
    return next(asked_cues(matches, question, analyzer), None) is not None


def _spells_out_asked(short: str, long_form: tuple[str, ...], question: Question, analyzer: Analyzer) -> bool:
    """Whether an abbreviation spelt out beside its long form is the one asked after: the
    question gives it as the abbreviation it asks about (:func:`_asked_abbreviation`;
    "Apa kepanjangan PGRI yang ... ASN Pemkab Muba?" is not answered by "Aparatur Sipil
    Negara (ASN)"), or gives a long form of two words or more, every one of them in this
    one ("Apakah singkatan dari Perhimpunan Bantuan Hukum dan HAM?"; "Apa kepanjangan
    HAM?" is not answered by "... dan HAM (PBHI)")."""
    asked = _asked_abbreviation(question, analyzer)
    if any(asked.intersection(analyzer.word_terms(w)) for w in analyzer.word_texts(short)):
        return True
    spelt = {t for word in long_form for t in analyzer.word_terms(word)}
    return len(question.concepts) > 1 and all(concept & spelt for concept in question.concepts)


@lru_cache(maxsize=256)  # asked of each spelt-out match of each candidate: worked out once a question
def _asked_abbreviation(question: Question, analyzer: Analyzer) -> frozenset[str]:
    """The concept of the abbreviation a question asking what one stands for asks about:
    past a clause ending in a comma ("Di Muba, apa kepanjangan ASN?"), the first word
    written in capitals ("Apa kepanjangan PGRI yang HUT ke-78-nya ...?"), else the first
    word of a concept ("bs itu singkatan kabupaten apa ya"), else the first concept (a
    long form read as its abbreviation: "Apa singkatan dari Aparatur Sipil Negara?").
    Any abbreviation the question gives had counted, and "ASN" answered for PGRI."""
    text = question.text
    clause_end = text.rfind(",", 0, _expansion_word_at(text, analyzer))  # "Apa kepanjangan Dewats, pelaksana ...?": its comma comes after
    for part in (text[clause_end + 1 :], text):  # the words past the clause, if one holds a concept
        held = [(word, concept) for word in analyzer.words(part) for concept in islice(analyzer.concepts_of(word.text, question), 1)]
        if held:
            capitals = (concept for word, concept in held if len(word.text) > 1 and part[word.start : word.end].isupper())
            return next(capitals, held[0][1])
    return question.concepts[0] if question.concepts else frozenset()


def _expansion_word_at(text: str, analyzer: Analyzer) -> int:
    """Where ``text`` first writes a word asking what an abbreviation stands for
    ("kepanjangan", "stand for": question_words.tsv), or 0."""
    asking = analyzer.language.question_words
    words = analyzer.words(text)
    return next((word.start for i, word in enumerate(words) if analyzer.longest_phrase(words, i, asking)[1] == "expansion"), 0)


def _given(word: str, terms: tuple[str, ...], asked: frozenset[str]) -> bool:
    """Whether the question gives ``word`` (of ``terms``): any of its terms, but a date
    in numbers only with its day, month and year ("30/9/24": 30, september, 2024), so
    "12.09.2007" answers "Kapan gempa Bengkulu 2007?"."""
    if word[:1].isdigit() and len(terms) > 1:
        return all(t in asked for t in terms[1:])
    return any(t in asked for t in terms)


@lru_cache(maxsize=256)
def _asked(concepts: tuple[frozenset[str], ...]) -> frozenset[str]:
    """Every term of the question's concepts: asked of each cue of every candidate."""
    return frozenset().union(*concepts)


def _never_a_person(word: str, language: Language) -> bool:
    """A month, a weekday, an abbreviation or a province ("September", "Pemprov",
    "Bengkulu") is capitalised without naming anyone."""
    return word in language.months or word in language.weekdays or word in language.abbreviations or (word,) in language.provinces
