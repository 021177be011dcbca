"""Where and when an event happened: a question asking the place or the time of an event
("Di mana Kartono Ryadi dimakamkan?", "Tanggal berapa Hosni Mubarak lahir?") is answered
only by a paragraph that tells that event. One about the same person that gives another
place or date (the city of a dateline, the day he died) is the wrong answer users were
shown. The events are data (asked_events.txt); the ranker passes over a candidate
without them, as it does one without the kind of thing asked for (cues.REQUIRED_CUES)."""

from __future__ import annotations

from retrieval.analysis import Analyzer, Question

# The answer types that ask where or when.
PLACE_OR_TIME = frozenset({"place", "time", "clock"})


def event_terms(analyzer: Analyzer) -> tuple[frozenset[str], ...]:
    """Each event of asked_events.txt as the terms its words stand for."""
    return tuple(frozenset(t for word in event for t in analyzer.word_terms(word)) for event in analyzer.language.asked_events)


def asked_events(question: Question, analyzer: Analyzer) -> int:
    """The question's concepts naming an event whose place or time it asks, as a bit
    mask over ``question.concepts`` (0 for none, or another kind of question)."""
    if question.answer_type not in PLACE_OR_TIME:
        return 0
    events = event_terms(analyzer)
    mask = 0
    for i, concept in enumerate(question.concepts):
        # All of a concept's terms, not one: an English word's translations may name an
        # event among others ("catch fire": sambut, sergap, tangkap).
        if any(concept <= event for event in events):
            mask |= 1 << i
    return mask
