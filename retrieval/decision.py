"""The no-answer stage: whether a ranked passage is good enough to show.

Two decisions share one shape, so either can stand in the answer path: the fitted
confidence model (the default) and the coverage rule of earlier versions, kept for
``tanya eval`` to compare against. What either lets through is a Decided, which the
stages after it put in order and the citing stage (retrieval.citing) cites.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from retrieval.analysis import Question
from retrieval.confidence import ConfidenceModel, Evidence, load_model
from retrieval.ranking import Judged, RankingParameters, answerable


class Decision(Protocol):
    def accepts(self, question: Question, judged: Judged, evidence: Evidence) -> bool:
        """Whether ``judged`` answers ``question`` well enough to be shown."""
        ...


@dataclass(frozen=True)
class Decided:
    """A passage the no-answer decision lets through, and the evidence it was judged on."""

    judged: Judged
    text: str
    evidence: Evidence
    promoted: bool = False  # put first by a stage after the ranker (Promoted): no tie undoes it


@dataclass(frozen=True)
class ModelDecision:
    """Shown when the model's probability that the passage answers reaches
    ``threshold``: higher is stricter (fewer wrong answers, more refusals)."""

    model: ConfidenceModel
    threshold: float

    @classmethod
    def bundled(cls, strictness: float | None = None, path: Path | None = None) -> ModelDecision:
        model = load_model(path)
        return cls(model, model.threshold if strictness is None else strictness)

    def accepts(self, question: Question, judged: Judged, evidence: Evidence) -> bool:
        return self.model.probability(evidence) >= self.threshold


@dataclass(frozen=True)
class CoverageRule:
    """The idf-weighted coverage thresholds tuned on the five seed articles."""

    parameters: RankingParameters = RankingParameters()

    def accepts(self, question: Question, judged: Judged, evidence: Evidence) -> bool:
        return answerable(judged, question, self.parameters)
