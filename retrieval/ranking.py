"""What BM25 alone does not know: how much of the question a passage covers, whether it
holds the kind of thing asked for (a person for "siapa", a date for "kapan"), and when no
passage answers at all."""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Set as AbstractSet
from dataclasses import dataclass
from typing import Protocol

from retrieval.analysed import AnalysedPassage, analyse_passage
from retrieval.analysis import Analyzer, Question, Term
from retrieval.cues import REQUIRED_CUES, any_asked
from retrieval.required_words import required_words
from retrieval.chunking import sentence_spans
from retrieval.language import Language

# rank-bm25 floors negative idf at a negative value in tiny corpora; a concept found
# everywhere still weighs this much.
MIN_WEIGHT = 0.05


@dataclass(frozen=True)
class RankingParameters:
    """Tuned on the FacQA dev split and the seed questions (see README)."""

    candidates: int = 30
    cue_boost: float = 0.5  # the passage holds the asked-for kind of thing
    person_cue_boost: float = 2.0  # ...a name, for "siapa": a paragraph naming nobody hardly answers it
    time_cue_boost: float = 1.0  # ...a day (a year alone is a weak cue, not boosted), for "kapan"
    focus_cue_boost: float = 0.6  # ...in the sentence that matches the question best
    coverage_power: float = 1.0
    min_coverage: float = 0.45
    beyond_headline_boost: float = 1.0  # matches the question where the headline does not
    min_coverage_with_unknown: float = 0.5
    # ...or, for a long question whose every word the corpus knows, this many of its
    # concepts and this share of its weight: long questions restate context ("M Fauzan,
    # peraih dua emas untuk nomor senam pada Porprov Sumsel ke-8") that the answering
    # paragraph need not repeat.
    min_concepts_asked: int = 6
    min_concepts_found: int = 3
    min_coverage_of_known: float = 0.3
    synonym_weight: float = 0.5  # a synonym's match, against the question's own word
    attribution_weight: float = 0.5  # a word of "menurut ...", against the question's others

    def cue_boost_for(self, answer_type: str | None) -> float:
        boosts = {"person": self.person_cue_boost, "time": self.time_cue_boost, "month": self.time_cue_boost, "clock": self.time_cue_boost, "since": self.time_cue_boost, "until": self.time_cue_boost, "start": self.time_cue_boost}
        return boosts.get(answer_type or "", self.cue_boost)


@dataclass(frozen=True)
class Judged:
    """A candidate passage with what the ranker found in it."""

    passage: int
    bm25: float  # ConceptMasks.bm25: each question concept counted once
    coverage: float
    concepts_found: int  # in the paragraph itself, not its context; attributions aside
    cue: bool
    score: float
    focused: bool = False  # the asked-for kind of thing stands in the sentence that matches best
    terms: frozenset[str] = frozenset()  # the paragraph's own index terms (at least the question's)
    context: frozenset[str] = frozenset()  # the terms its headline (and quotation) add


def concept_weights(question: Question, idf: dict[str, float], unseen_idf: float, attribution_weight: float = 1.0) -> list[float]:
    """Each concept weighs as its rarest known term; a concept the corpus has never
    seen weighs as much as a term can; a concept that only says whose words are asked
    after weighs ``attribution_weight`` of that."""
    weights = []
    for concept, attribution in zip(question.concepts, question.attributed):
        # Synonyms the question did not use say nothing about how rare its own word is.
        known = [idf[t] for t in concept if t in idf and t not in question.synonyms] or [
            idf[t] for t in concept if t in idf
        ]
        weight = max(max(known), MIN_WEIGHT) if known else unseen_idf
        weights.append(weight * attribution_weight if attribution else weight)
    return weights


def coverage(terms: AbstractSet[str], question: Question, weights: list[float]) -> float:
    """The idf-weighted share of the question's concepts that a passage mentions."""
    total = sum(weights)
    if total <= 0:
        return 0.0
    found = sum(w for concept, w in zip(question.concepts, weights) if concept & terms)
    return found / total


def focus_sentence(text: str, spans: list[Term], question: Question, weights: list[float], language: Language) -> str:
    """The sentence of ``text`` that covers most of the question."""
    best, best_share = text, -1.0
    for start, end in sentence_spans(text, language):
        terms = {t.text for t in spans if start <= t.start < end}
        share = coverage(terms, question, weights)
        if share > best_share:
            best, best_share = text[start:end], share
    return best


def focus_of(passage: AnalysedPassage, question: Question, weights: list[float]) -> int | None:
    """The number of the sentence :func:`focus_sentence` picks in an analysed passage,
    found from its sentences' terms; None for a passage without sentences (the whole
    text is its focus)."""
    if len(passage.sentences) <= 1:  # one sentence or none: no terms need reading
        return 0 if passage.sentences else None
    best: int | None = None
    best_share = -1.0
    for i, terms in enumerate(passage.sentence_terms):
        share = coverage(terms, question, weights)
        if share > best_share:
            best, best_share = i, share
    return best


class ConceptMasks:
    """A question's concepts as bits, for reading its thirty-odd candidates: which
    concepts a set of terms meets is one pass over the smaller of the two, and a share
    that depends only on which concepts are met (:func:`coverage`,
    :meth:`beyond_headline`) is summed once per combination, in the concepts' order,
    so to the same bits as :func:`coverage` (``test_ranking`` holds them to reading the
    sets)."""

    def __init__(self, question: Question, weights: list[float], synonym_weight: float, attribution_weight: float) -> None:
        self.weights = weights
        self.attribution_weight = attribution_weight
        self.bits: dict[str, int] = {}
        for i, concept in enumerate(question.concepts):
            for term in concept:
                self.bits[term] = self.bits.get(term, 0) | 1 << i
        # Per concept, its terms with what their BM25 summands count for (``bm25``).
        self.scored = [tuple((t, synonym_weight if t in question.synonyms else 1.0) for t in c) for c in question.concepts]
        # ... and per term, the concepts it is of with that factor: a candidate holds a
        # few of the question's dozen-odd terms and their translations.
        self.scoring: dict[str, list[tuple[int, float]]] = {}
        for i, terms in enumerate(self.scored):
            for term, factor in terms:
                self.scoring.setdefault(term, []).append((i, factor))
        self.attributed = question.attributed
        self.unattributed = sum(1 << i for i, (_, a) in enumerate(zip(question.concepts, self.attributed)) if not a)
        self.count = len(question.concepts)
        self._coverage: dict[int, float] = {}
        self._beyond: dict[tuple[int, int, bool], float] = {}
        self._read: dict[tuple[int, int, bool], tuple[float, int, float]] = {}

    def met(self, terms: AbstractSet[str]) -> int:
        """The concepts ``terms`` meets, bit ``i`` for concept ``i``."""
        bits, mask = self.bits, 0
        if len(terms) < len(bits):
            for term in terms:
                mask |= bits.get(term, 0)
        else:
            for term, bit in bits.items():
                if term in terms:
                    mask |= bit
        return mask

    def coverage(self, met: int) -> float:
        """:func:`coverage` of terms meeting the concepts ``met``."""
        found = self._coverage.get(met)
        if found is None:
            weights = self.weights
            total = sum(weights)
            found = sum(w for i, w in enumerate(weights[: self.count]) if met >> i & 1) / total if not total <= 0 else 0.0
            self._coverage[met] = found
        return found

    def beyond_headline(self, own: int, context: int, has_context: bool) -> float:
        """How much of what its context (the headline, and the paragraph before when
        the passage continues its quotation or points back to it), meeting the concepts
        ``context`` (empty unless ``has_context``), does not already say, the paragraph
        itself, meeting the concepts ``own``, says. Every paragraph of an article shares
        its headline; the question's other words tell them apart ("Apa pesan Pjs Bupati
        OKU Timur soal medsos?": pesan, medsos). When the headline says it all, so must
        the paragraph, to be the one."""
        key = (own, context, has_context)
        found = self._beyond.get(key)
        if found is None:
            found = 0.0
            if has_context:
                weights = self.weights[: self.count]
                rest = [i for i in range(len(weights)) if not context >> i & 1] or list(range(len(weights)))
                total = sum(weights[i] for i in rest)
                found = sum(weights[i] for i in rest if own >> i & 1) / total if total else 0.0
            self._beyond[key] = found
        return found

    def found(self, own: int) -> int:
        """How many concepts but attributions the own terms meet (Judged.concepts_found)."""
        return bin(own & self.unattributed).count("1")

    def read(self, own: int, context: int, has_context: bool) -> tuple[float, int, float]:
        """:meth:`coverage` of ``own | context``, :meth:`found` of ``own`` and
        :meth:`beyond_headline`, as the ranker reads each candidate: one lookup, where a
        question's thirty-odd candidates meet a few combinations of its concepts."""
        key = (own, context, has_context)
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = (self.coverage(own | context), self.found(own), self.beyond_headline(own, context, has_context))
        return found

    def bm25(self, term_scores: dict[str, float]) -> float:
        """BM25 with each concept counted once, by its best-scoring term: a question
        word with eight translations ("acting regent": pjs, pj, plt, pejabat, sementara,
        ...) should not outweigh the rest of the question because a passage uses three
        of them. A synonym the question did not use counts for ``synonym_weight`` of the
        word it did; a word of an attribution ("menurut Plt Gubernur") for
        ``attribution_weight``. ``term_scores`` are the passage's BM25 summands
        (``BM25Index.term_scores``); the best of a concept's is the same whichever
        order its terms are read in, so they are read as the passage holds them, and
        the concepts' bests summed in the concepts' order."""
        bests = [0.0] * self.count
        scoring = self.scoring
        for term, score in term_scores.items():
            for i, factor in scoring.get(term, ()):
                bests[i] = max(bests[i], factor * score)
        total = 0.0
        for best, attribution in zip(bests, self.attributed):
            total += best * self.attribution_weight if attribution else best
        return total


@dataclass(frozen=True)
class Candidate:
    """A passage BM25 found: its text, the terms its context adds (the headline; the
    paragraph before when this one continues its quotation or points back to it), and
    the BM25 summand of each question term it is indexed under."""

    passage: int
    text: str
    context: frozenset[str]
    term_scores: dict[str, float]
    analysed: AnalysedPassage | None = None  # ``text`` analysed (the Searcher keeps them); made here if not given
    # The question's terms its own text holds, when the index has told them: every use
    # of its terms meets them with the question's, and reading the index spares
    # analysing the text. None: they are read from ``analysed``.
    own: frozenset[str] | None = None


def judge(
    candidates: Iterable[Candidate],
    question: Question,
    weights: list[float],
    analyzer: Analyzer,
    parameters: RankingParameters,
) -> list[Judged]:
    """Score candidates and drop those that cannot answer: every one, best first."""
    return Ranking(candidates, question, weights, analyzer, parameters).all()


@dataclass(slots=True, eq=False)
class _Open:
    """A candidate judged but for whether it holds the asked-for kind of thing (``cue``
    None) or, holding it, whether its best sentence does: its score lies in
    [``low``, ``high``] (``low`` None: it may yet be dropped, lacking a required cue).
    Made for each of a question's thirty-odd candidates and never changed (a step
    further is a copy, :meth:`holding_cue`): slotted and not frozen, which made one in a
    sixth of the time; compared by identity, as the ranker removes the very item it
    advances."""

    passage: int
    analysed: AnalysedPassage
    bm25: float
    share: float
    found: int
    beyond: float
    own: frozenset[str]
    context: frozenset[str]
    high: float
    low: float | None
    head: float  # its BM25 times its coverage: the score before the boosts
    cue: bool | None = None

    def holding_cue(self, low: float, high: float) -> _Open:
        """This candidate found to hold the asked-for kind of thing, its score now in
        [``low``, ``high``]: a copy made field by field, as ``dataclasses.replace``
        would make it in several times the time."""
        return _Open(self.passage, self.analysed, self.bm25, self.share, self.found, self.beyond, self.own, self.context, high, low, self.head, True)


class Ranking:
    """The candidates' verdicts best first, each worked out only as far as its place in
    the order needs. The cues and the best sentence are most of a verdict's cost, and
    the no-answer decision mostly stops at the first passage: a candidate that cannot
    outscore those placed before it, whatever it holds, is not read for them until a
    reader asks that far. The order is the one judging them all would give: a score is
    a product of the same factors, each of its possible values bounds it, and no
    passage is placed before one that might still outscore it."""

    def __init__(
        self,
        candidates: Iterable[Candidate],
        question: Question,
        weights: list[float],
        analyzer: Analyzer,
        parameters: RankingParameters,
    ) -> None:
        self.question = question
        self.weights = weights
        self.analyzer = analyzer
        self.parameters = parameters
        self._cue_boost = parameters.cue_boost_for(question.answer_type)
        # ``_score``'s first two factors, by whether there is a cue and whether the best
        # sentence holds it: worked out once, as ``_score`` would each time (1 + b * c).
        self._cue_factors = (1 + self._cue_boost * False, 1 + self._cue_boost * True)
        self._focus_factors = (1 + parameters.focus_cue_boost * False, 1 + parameters.focus_cue_boost * True)
        self._required = question.answer_type in REQUIRED_CUES
        self._must_tell = required_words(question, analyzer)
        self._masks = ConceptMasks(question, weights, parameters.synonym_weight, parameters.attribution_weight)
        self._placed: list[Judged] = []  # the first of the order, best first
        self._judged: list[Judged] = []  # scored, not yet placed: best first
        self._open: list[_Open] = []  # the one that may score highest first
        for candidate in candidates:
            opened = self._opened(candidate)
            if opened is not None:
                self._open.append(opened)
        self._open.sort(key=_descending_high)

    def get(self, position: int) -> Judged | None:
        """The verdict at ``position`` of the order (from 0); None past its end."""
        while len(self._placed) <= position and self._place_next():
            pass
        return self._placed[position] if position < len(self._placed) else None

    def all(self) -> list[Judged]:
        """Every verdict, best first."""
        while self._open:
            self._advance(self._open[-1])
        self._placed += self._judged
        self._judged = []
        return list(self._placed)

    def best_coverage(self, within: int, besides: int) -> float:
        """The highest coverage among the first ``within`` verdicts but that of passage
        ``besides`` (0.0 when there is none): the candidates in the order of their
        coverage, which is known before their cues, are asked in turn whether they are
        among those first ones."""
        by_coverage = sorted(
            [(j.coverage, j.passage) for j in (*self._placed, *self._judged)] + [(o.share, o.passage) for o in self._open],
            key=lambda item: -item[0],
        )
        for coverage, passage in by_coverage:
            if passage != besides and self._within(passage, within):
                return coverage
        return 0.0

    def _opened(self, candidate: Candidate) -> _Open | None:
        """What the index and the context tell of a candidate; None when only its
        headline matches: nothing in it to quote."""
        parameters, masks = self.parameters, self._masks
        analysed = candidate.analysed or analyse_passage(candidate.text, self.analyzer)
        own = candidate.own if candidate.own is not None else analysed.terms
        met = masks.met(own)
        if not met:
            return None
        context = candidate.context
        in_context = masks.met(context) if context else 0
        if self._must_tell and not self._tells(met | in_context, analysed):
            return None  # "Di mana X dimakamkan?": a paragraph not telling the burial
        bm25 = masks.bm25(candidate.term_scores)
        share, found, beyond = masks.read(met, in_context, bool(context))
        head = max(bm25, 0.0) * share**parameters.coverage_power  # tiny corpora: rank-bm25's idf floor can make every score negative
        # The score without the cue, with it, and with it in the best sentence too.
        plain, cued, focused = self._score(head, False, False, beyond), self._score(head, True, False, beyond), self._score(head, True, True, beyond)
        low = None if self._required else min(plain, cued, focused)
        return _Open(candidate.passage, analysed, bm25, share, found, beyond, own, context, max(plain, cued, focused), low, head)

    def _tells(self, met: int, analysed: AnalysedPassage) -> bool:
        """Whether a candidate meeting the concepts ``met`` tells each thing the question
        asks that a paragraph must tell (required_words.py): in the question's word, or
        failing it in another of its line ("dikebumikan"), which only its text holds."""
        return all(met >> r.concept & 1 or r.told_by & analysed.terms for r in self._must_tell)

    def _score(self, head: float, cue: bool, focused: bool, beyond: float) -> float:
        """The score, from ``head``, its BM25 times its coverage: the factors in the
        order they have always been multiplied in, which rounding makes part of it."""
        return (
            head
            * self._cue_factors[cue]
            * self._focus_factors[focused]
            * (1 + self.parameters.beyond_headline_boost * beyond)
        )

    def _advance(self, item: _Open) -> None:
        """Read ``item`` one step further: for its cue, then for its best sentence's."""
        self._open.remove(item)
        question, analyzer = self.question, self.analyzer
        if item.cue is None:
            cue = _holds(item.analysed, question, analyzer)
            if not cue and self._required and not _holds(item.analysed, question, analyzer, weak=True):
                return  # dropped: a "when" question's passage without a date
            if cue:
                low = self._score(item.head, True, False, item.beyond)
                high = self._score(item.head, True, True, item.beyond)
                insort(self._open, item.holding_cue(min(low, high), max(low, high)), key=_descending_high)
                return
            focused = False
        else:
            focused = _focus_holds(item.analysed, question, self.weights, analyzer)
        score = self._score(item.head, bool(item.cue), focused, item.beyond)
        verdict = Judged(item.passage, item.bm25, item.share, item.found, bool(item.cue), score, focused, item.own, item.context)
        insort(self._judged, verdict, key=_order)

    def _place_next(self) -> bool:
        """Place the next verdict of the order; False when there is none."""
        while True:
            best = self._judged[0] if self._judged else None
            rival = self._open[0] if self._open else None
            if rival is None and best is None:
                return False
            if rival is None or best is not None and _key(best) > _high(rival):
                self._placed.append(self._judged.pop(0))
                return True
            self._advance(rival)

    def _within(self, passage: int, within: int) -> bool:
        """Whether passage ``passage`` is among the first ``within`` verdicts, reading
        the others only as far as telling needs."""
        while True:
            placed = [j.passage for j in self._placed]
            if passage in placed:
                return placed.index(passage) < within
            if len(placed) >= within:
                return False
            item = next((o for o in self._open if o.passage == passage), None)
            if item is not None:
                self._advance(item)
                continue
            verdict = next((j for j in self._judged if j.passage == passage), None)
            if verdict is None:
                return False  # dropped
            key = _key(verdict)
            # Every placed verdict is before it; of the rest, some surely are, some may be.
            above = len(placed) + sum(1 for j in self._judged if _key(j) > key)
            unsure = []
            for other in self._open:
                if other.low is not None and _low(other) > key:
                    above += 1
                elif _high(other) > key:
                    unsure.append(other)
            if above >= within:
                return False
            if above + len(unsure) < within:
                return True
            self._advance(max(unsure, key=_high))


def _order(judged: Judged) -> tuple[float, float, int]:
    """The ranker's order: by score, then coverage, then passage number."""
    return (-judged.score, -judged.coverage, judged.passage)


def _key(judged: Judged) -> tuple[float, float, int]:
    """:func:`_order` reversed: greater is better."""
    return (judged.score, judged.coverage, -judged.passage)


def _high(item: _Open) -> tuple[float, float, int]:
    """The greatest :func:`_key` ``item`` may have."""
    return (item.high, item.share, -item.passage)


def _descending_high(item: _Open) -> tuple[float, float, int]:
    """:func:`_high` reversed, to sort by."""
    return (-item.high, -item.share, item.passage)


def _low(item: _Open) -> tuple[float, float, int]:
    """The least :func:`_key` ``item`` may have, when it cannot be dropped."""
    return (item.low if item.low is not None else float("-inf"), item.share, -item.passage)


def _holds(passage: AnalysedPassage, question: Question, analyzer: Analyzer, weak: bool = False) -> bool:
    """:func:`retrieval.cues.has_cue` of an analysed passage."""
    return any_asked(passage.cues(question.answer_type, weak), question, analyzer)


def _focus_holds(passage: AnalysedPassage, question: Question, weights: list[float], analyzer: Analyzer) -> bool:
    """Whether the sentence that matches the question best holds the asked-for kind of thing."""
    focus = focus_of(passage, question, weights)
    if focus is None:  # no sentences: the whole text is the focus
        return _holds(passage, question, analyzer)
    return any_asked(passage.sentence_cues(focus, question.answer_type), question, analyzer)


def answerable(best: Judged | None, question: Question, parameters: RankingParameters) -> bool:
    """The no-answer decision: the best passage must cover enough of the question, and
    more of it when the question has a word no article uses (the corpus has never heard
    of "bitcoin": a passage about "hari ini" does not answer "harga bitcoin hari ini").
    A long question the corpus knows every word of may be answered with less of it:
    its restated context need not be in the paragraph."""
    if best is None:
        return False
    if any(question.unknown):
        return best.coverage >= parameters.min_coverage_with_unknown
    if best.coverage >= parameters.min_coverage:
        return True
    return (
        len(question.concepts) >= parameters.min_concepts_asked
        and best.concepts_found >= parameters.min_concepts_found
        and best.coverage >= parameters.min_coverage_of_known
    )


class Ranker(Protocol):
    """What builds the ranker's verdicts for one question: ``Ranking`` by default, or
    another ordering passed as ``Searcher(library, ranker=...)`` (a learned ranker, one
    without the cue boosts): a Ranking itself, so the stages after it and the decision
    read it as they read the default's."""

    def __call__(
        self, candidates: Iterable[Candidate], question: Question, weights: list[float], analyzer: Analyzer, parameters: RankingParameters
    ) -> Ranking: ...


class Promoted:
    """A ranking with the verdict at ``position`` moved to the front, the rest in their
    order: a stage after the ranker that knows what it does not ("Siapa Kapolres
    Lahat?" is answered by the passage naming someone right after "Kapolres Lahat", not
    by "Kapolres Lahat melalui Kasat Lantas AKP Budi Santoso ...", which the ranker put
    first). The verdicts are the ranker's, unchanged."""

    def __init__(self, ranking: Ranking, position: int) -> None:
        self._ranking = ranking
        self._position = position

    def get(self, position: int) -> Judged | None:
        if position == 0:
            return self._ranking.get(self._position)
        return self._ranking.get(position - 1 if position <= self._position else position)

    def all(self) -> list[Judged]:
        verdicts = self._ranking.all()
        return [verdicts[self._position], *verdicts[: self._position], *verdicts[self._position + 1 :]]

    def best_coverage(self, within: int, besides: int) -> float:
        """As Ranking.best_coverage. When the moved verdict was among the ranker's first
        ``within``, those are the same verdicts; otherwise they are read one by one."""
        if within > self._position:
            return self._ranking.best_coverage(within, besides)
        shown = (self.get(position) for position in range(within))
        return max((j.coverage for j in shown if j is not None and j.passage != besides), default=0.0)

