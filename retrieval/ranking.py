"""What BM25 alone does not know: how much of the question a passage covers, whether it
holds the kind of thing asked for (a person for "siapa", a date for "kapan"), and when no
passage answers at all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from retrieval.analysis import Analyzer, Question

# Answer types whose answer must be in the passage for it to count as an answer: a
# "when" question answered by a passage without a date has not been answered.
REQUIRED_CUES = frozenset({"time", "number"})


@dataclass(frozen=True)
class RankingParameters:
    """Tuned on the FacQA dev split and the seed questions (see README)."""

    candidates: int = 30
    cue_boost: float = 0.15
    coverage_power: float = 1.0
    min_coverage: float = 0.5
    phrase_boost: float = 0.0


@dataclass(frozen=True)
class Judged:
    """A candidate passage with what the ranker found in it."""

    passage: int
    bm25: float
    coverage: float
    cue: bool
    score: float


def concept_weights(question: Question, idf: dict[str, float], unseen_idf: float) -> list[float]:
    """Each concept weighs as its rarest known term; a concept the corpus has never
    seen weighs as much as a term can."""
    weights = []
    for concept in question.concepts:
        known = [idf[t] for t in concept if t in idf]
        weights.append(max(known) if known else unseen_idf)
    return weights


def coverage(terms: set[str], question: Question, weights: list[float]) -> float:
    """The idf-weighted share of the question's concepts that a passage mentions."""
    total = sum(weights)
    if total <= 0:
        return 0.0
    found = sum(w for concept, w in zip(question.concepts, weights) if concept & terms)
    return found / total


def phrase_share(sequence: list[str], question: Question, weights: list[float]) -> float:
    """The weighted share of the question's neighbouring concept pairs that stand next
    to each other (stop words aside) in the passage: a passage that words it as the
    question does is likelier the one the question was asked about."""
    pairs = set(zip(sequence, sequence[1:]))
    total = found = 0.0
    concepts = question.concepts
    for i in range(len(concepts) - 1):
        weight = min(weights[i], weights[i + 1])
        total += weight
        if any((a, b) in pairs for a in concepts[i] for b in concepts[i + 1]):
            found += weight
    return found / total if total else 0.0


def has_cue(text: str, question: Question, analyzer: Analyzer) -> bool:
    """Whether ``text`` holds something of the asked-for type that the question does
    not already say: a name the question names is no answer to "siapa"."""
    patterns = analyzer.language.answer_cues.get(question.answer_type or "")
    if not patterns:
        return False
    asked = {term for concept in question.concepts for term in concept}
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(term not in asked for term in analyzer.terms(match.group())):
                return True
    return False


def judge(
    candidates: Iterable[tuple[int, float, str, list[str]]],
    question: Question,
    weights: list[float],
    analyzer: Analyzer,
    parameters: RankingParameters,
) -> list[Judged]:
    """Score candidates (passage, bm25, text, term sequence) and drop those that cannot answer."""
    judged = []
    for passage, bm25, text, sequence in candidates:
        share = coverage(set(sequence), question, weights)
        phrases = phrase_share(sequence, question, weights) if parameters.phrase_boost else 0.0
        cue = has_cue(text, question, analyzer)
        if question.answer_type in REQUIRED_CUES and not cue:
            continue
        score = bm25 * (share**parameters.coverage_power) * (1 + parameters.cue_boost * cue) * (1 + parameters.phrase_boost * phrases)
        judged.append(Judged(passage, bm25, share, cue, score))
    judged.sort(key=lambda j: (-j.score, j.passage))
    return judged


def answerable(best: Judged | None, parameters: RankingParameters) -> bool:
    """The no-answer decision: the best passage must cover enough of the question."""
    return best is not None and best.coverage >= parameters.min_coverage

