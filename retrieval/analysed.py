"""A passage as the answer path reads it, analysed once.

The ranker, the no-answer evidence and the excerpt each read a candidate's terms, their
spans, its sentences and the things of an asked-for kind it holds. Worked out by each
stage, that was three tokenisations and up to five cue searches of every passage a
question reaches; a passage's text never changes under one index, so its analysed form
is made once and shared (the Searcher keeps the recent ones, by passage number).
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from retrieval.analysis import Analyzer, Term
from retrieval.chunking import sentence_spans
from retrieval.cues import CueMatch, iter_cue_matches


class Matches(Iterable[CueMatch]):
    """Cue matches found as they are first read and kept for the next reader: the
    ranker mostly reads as far as the first the question does not give, the excerpt
    reads them all. Two threads may read one passage (the bot searches in two): the
    regex is advanced by one at a time."""

    def __init__(self, pending: Iterator[CueMatch]) -> None:
        self._pending: Iterator[CueMatch] | None = pending
        self._found: list[CueMatch] = []
        self._lock = threading.Lock()

    def __iter__(self) -> Iterator[CueMatch]:
        i = 0
        while True:
            if i < len(self._found):
                yield self._found[i]
                i += 1
                continue
            with self._lock:
                if i < len(self._found):
                    continue  # another reader found it meanwhile
                if self._pending is None:
                    return
                match = next(self._pending, None)
                if match is None:
                    self._pending = None
                    return
                self._found.append(match)


@dataclass(frozen=True)
class AnalysedPassage:
    """A passage's text with what every stage reads of it: its index terms and their
    spans (in text order), its sentences and the terms that start in each, the cue
    matches of each answer type. Each is worked out when first read and then kept: the
    ranker reads some of it for every candidate, the evidence and the excerpt more of
    it for the few that are answered."""

    text: str
    analyzer: Analyzer = field(compare=False, repr=False)
    # (answer type, weak) -> its matches; (answer type, sentence) -> those of that
    # sentence read on its own. Which types a passage is asked for depends on the
    # questions that reach it. Not part of the record's identity.
    _cues: dict[tuple[str, bool], Matches] = field(default_factory=dict, compare=False, repr=False)
    _sentence_cues: dict[tuple[str, int], Matches] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def terms(self) -> frozenset[str]:
        """Its own index terms. Read from the spans: a candidate holding the asked-for
        kind of thing has its best sentence read too, which needs them, and the spans
        cost little more than the terms alone."""
        return frozenset(t.text for t in self.spans)

    @cached_property
    def spans(self) -> tuple[Term, ...]:
        """Every index term with the span it came from, in text order."""
        return tuple(self.analyzer.term_spans(self.text))

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """Its sentences, as chunking.sentence_spans finds them (none for a text without one)."""
        return tuple(sentence_spans(self.text, self.analyzer.language))

    @cached_property
    def sentence_terms(self) -> tuple[frozenset[str], ...]:
        """Per sentence, the terms that start in it."""
        spans = self.spans
        starts = [t.start for t in spans]
        return tuple(
            frozenset(t.text for t in spans[bisect_left(starts, start) : bisect_left(starts, end)])
            for start, end in self.sentences
        )

    def cues(self, answer_type: str | None, weak: bool = False) -> Matches:
        """The things of ``answer_type`` the text holds, whatever the question gives
        (:func:`retrieval.cues.cue_matches`), found as they are read."""
        key = (answer_type or "", weak)
        found = self._cues.get(key)
        if found is None:
            found = self._cues.setdefault(key, Matches(iter_cue_matches(self.text, answer_type, self.analyzer, weak)))
        return found

    def sentence_cues(self, sentence: int, answer_type: str | None) -> Matches:
        """The cue matches of sentence number ``sentence`` as a text of its own (a
        pattern reads its edges as a text's: "(?<!^)" holds at its start)."""
        key = (answer_type or "", sentence)
        found = self._sentence_cues.get(key)
        if found is None:
            start, end = self.sentences[sentence]
            found = self._sentence_cues.setdefault(key, Matches(iter_cue_matches(self.text[start:end], answer_type, self.analyzer)))
        return found


def analyse_passage(text: str, analyzer: Analyzer) -> AnalysedPassage:
    """``text`` to be read by the answer path (analysed as it is read)."""
    return AnalysedPassage(text, analyzer)
