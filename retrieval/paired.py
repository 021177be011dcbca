"""Honest "not found" figures: each question asked of the intact corpus, and again of
the corpus less the passages (FacQA) or the article (a seed-style file) that answer it.

A question whose answer string still stands, as a whole word, in a kept passage is left
out: it is still answerable. Questions are grouped, and each group's answers removed
together, so the index is rebuilt a bounded number of times, not once per question.

The same ranked passages are judged by every decision given (the fitted confidence
model and the old coverage rule), so their figures differ only by the decision.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from retrieval.analysis import Analyzer, Question
from retrieval.citing import wording
from retrieval.confidence import Evidence
from retrieval.corpus import Document
from retrieval.decision import Decided, Decision
from retrieval.evaluate import EvalQuestion
from retrieval.library import Library
from retrieval.ranking import Judged
from retrieval.regex_marks import whole_word
from retrieval.search import DEFAULT_TOP_K, Searcher, decision_depth
from retrieval.years import as_of_latest

# Outcomes of asking one question.
RIGHT = "right"  # the first answer cites a relevant passage / holds the answer
WRONG = "wrong"  # an answer, and not a right one
REFUSED = "refused"  # "not found"


@dataclass(frozen=True)
class Asked:
    """The passage a decision weighs first (:func:`ask_first`), with its evidence, or None
    when there is none to weigh: no passage shares a word with the question, or the rules
    end the answers before one (refused whatever the decision)."""

    question: EvalQuestion
    analyzed: Question
    judged: Judged | None
    evidence: Evidence | None
    right: bool  # the first passage is a right answer


@dataclass(frozen=True)
class Pair:
    """One question on the intact corpus and on the corpus less its answer."""

    intact: Asked
    removed: Asked


@dataclass(frozen=True)
class PairedScores:
    """Shares of questions, under one decision."""

    questions: int
    removed_refused: float
    removed_wrong: float
    removed_right: float  # answered from another passage that does hold the answer
    intact_refused: float  # answerable, wrongly refused
    intact_right: float  # answered, the first answer right
    intact_wrong: float


@dataclass
class PairedRun:
    pairs: list[Pair] = field(default_factory=list)
    left_out: int = 0  # answer still stands in a kept passage
    rebuilds: int = 0


class AcceptAll:
    """A decision that lets every ranked passage through, to read its evidence."""

    def accepts(self, question: object, judged: Judged, evidence: Evidence) -> bool:
        return True


def ask_first(searcher: Searcher, question: EvalQuestion, is_right: Callable[[Decided], bool]) -> Asked:
    """The passage the decision weighs first for ``question``, with its evidence: the
    ranker's best unless the rules pass over it, read as deep as a reply of
    DEFAULT_TOP_K answers reads, so its verdict is whether a user gets an answer (a
    stage after the decision may still put another answer first: the latest for
    "sekarang"). Read at the first ranked passage alone, one passed over (a photo
    caption without what is asked after) counted as "not found" where a user was shown
    the next passage."""
    analyzed, decided = searcher.explain(question.question, depth=decision_depth(DEFAULT_TOP_K), wanted=1)
    if not decided:
        return Asked(question, analyzed, None, None, False)
    best = decided[0]
    return Asked(question, analyzed, best.judged, best.evidence, is_right(best))


def run_pairs(
    documents: Sequence[Document],
    questions: Sequence[EvalQuestion],
    answering: Callable[[EvalQuestion], frozenset[str]],
    facqa: bool,
    groups: int = 20,
    analyzer: Analyzer | None = None,
) -> PairedRun:
    """Ask each answerable question of the intact corpus and of the corpus less
    ``answering(question)`` (doc ids), with the answers of ``groups`` groups of questions
    removed together. Word-for-word copies of a removed passage go with it."""
    analyzer = analyzer or Analyzer()
    run = PairedRun()
    answerable = [q for q in questions if q.answerable]
    today = as_of_latest(d.date for d in documents)  # the same day for every run, whenever it runs
    intact = Searcher(Library.build(documents, analyzer), decision=AcceptAll(), today=today)
    keys = {d.doc_id: frozenset(wording(p) for p in d.paragraphs) for d in documents}
    by_id = {d.doc_id: d for d in documents}
    batches = _batches(answerable, answering, max(1, groups))
    for batch in batches:
        removed_ids = frozenset().union(*(answering(q) for q in batch))
        removed_wording = frozenset().union(*(keys[d] for d in removed_ids if d in keys))
        kept = [d for d in documents if d.doc_id not in removed_ids and not keys[d.doc_id] & removed_wording]
        kept_text = "\n".join(p for d in kept for p in d.paragraphs)
        still = [q for q in batch if any(whole_word(a).search(kept_text) for a in q.answers if a.strip())]
        run.left_out += len(still)
        batch = [q for q in batch if q not in still]
        if not batch:
            continue
        less = Searcher(Library.build(kept, analyzer), decision=AcceptAll(), today=today)
        run.rebuilds += 1
        for question in batch:
            right = _right_answer(question, intact, by_id, facqa)
            before = ask_first(intact, question, right)
            after = ask_first(less, question, _right_answer(question, less, by_id, facqa))
            run.pairs.append(Pair(before, after))
    return run


def _batches(
    questions: Sequence[EvalQuestion], answering: Callable[[EvalQuestion], frozenset[str]], groups: int
) -> list[list[EvalQuestion]]:
    """Questions sharing an answering document stay in one batch (a seed article answers
    many); the rest are dealt round-robin into ``groups`` batches."""
    # More groups than questions deal alike, one question a batch; a list per group
    # asked for (``--groups 100000000000``) ran out of memory before the first.
    groups = max(1, min(groups, len(questions)))
    batches: list[list[EvalQuestion]] = [[] for _ in range(groups)]
    home: dict[str, int] = {}
    for position, question in enumerate(questions):
        docs = sorted(answering(question))
        target = next((home[d] for d in docs if d in home), position % groups)
        for d in docs:
            home.setdefault(d, target)
        batches[target].append(question)
    return [b for b in batches if b]


def _right_answer(
    question: EvalQuestion, searcher: Searcher, by_id: Mapping[str, Document], facqa: bool
) -> Callable[[Decided], bool]:
    """Whether a first passage answers: for FacQA, it is (a copy of) a relevant passage or
    holds an answer string; for a seed file, it holds the answer string."""
    patterns = [whole_word(a) for a in question.answers if a.strip()]
    copies = _relevant_wording(tuple(question.relevant), by_id) if facqa else frozenset()

    def right(decided: Decided) -> bool:
        if facqa and wording(decided.text) in copies:
            return True
        return any(p.search(decided.text) for p in patterns)

    return right


@lru_cache(maxsize=4096)
def _relevant_wording_cached(relevant: tuple[str, ...], texts: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    return frozenset(wording(p) for paragraphs in texts for p in paragraphs)


def _relevant_wording(relevant: tuple[str, ...], by_id: Mapping[str, Document]) -> frozenset[str]:
    texts = tuple(by_id[d].paragraphs for d in relevant if d in by_id)
    return _relevant_wording_cached(relevant, texts)


def scores(run: PairedRun, decision: Decision) -> PairedScores:
    """The shares of ``run``'s questions under ``decision``."""
    n = len(run.pairs) or 1

    def outcome(asked: Asked) -> str:
        if asked.judged is None or asked.evidence is None:
            return REFUSED
        if not decision.accepts(asked.analyzed, asked.judged, asked.evidence):
            return REFUSED
        return RIGHT if asked.right else WRONG

    removed = [outcome(p.removed) for p in run.pairs]
    intact = [outcome(p.intact) for p in run.pairs]
    return PairedScores(
        questions=len(run.pairs),
        removed_refused=removed.count(REFUSED) / n,
        removed_wrong=removed.count(WRONG) / n,
        removed_right=removed.count(RIGHT) / n,
        intact_refused=intact.count(REFUSED) / n,
        intact_right=intact.count(RIGHT) / n,
        intact_wrong=intact.count(WRONG) / n,
    )


def report(title: str, run: PairedRun, decisions: Mapping[str, Decision]) -> str:
    """The paired figures, one column per decision."""
    columns = {name: scores(run, d) for name, d in decisions.items()}
    lines = [
        title,
        f"questions: {len(run.pairs)} asked twice ({run.left_out} left out: the answer still stands in a kept passage; "
        f"{run.rebuilds} rebuilds)",
        f"{'':34}" + "".join(f"{name:>14}" for name in columns),
    ]
    rows = [
        ("answer removed: refused", "removed_refused"),
        ("answer removed: answered wrongly", "removed_wrong"),
        ("answer removed: answered rightly", "removed_right"),
        ("intact: wrongly refused", "intact_refused"),
        ("intact: first answer right", "intact_right"),
        ("intact: first answer wrong", "intact_wrong"),
    ]
    for label, name in rows:
        # No pair: no share to give (as plain eval prints n/a), not a measured 0.000.
        lines.append(f"{label:34}" + "".join(f"{getattr(s, name):>14.3f}" if run.pairs else f"{'n/a':>14}" for s in columns.values()))
    return "\n".join(lines)
