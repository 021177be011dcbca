"""The evaluation's arithmetic: what counts as a hit, and the figures from the ranks."""

from __future__ import annotations

import pytest

from retrieval.evaluate import EvalQuestion, Ranked, hit_rank, score

FACQA = EvalQuestion(id="f", question="q", answers=(), relevant=("p2",))
SEED = EvalQuestion(id="s", question="q", answers=("Sisardi",), relevant=("004",))
SEED_ANY_DOC = EvalQuestion(id="t", question="q", answers=("Sisardi",), relevant=())


@pytest.mark.parametrize(
    ("question", "items", "facqa", "expected"),
    [
        (FACQA, [(("p1",), "x"), (("p2",), "y")], True, 2),
        (FACQA, [(("p1", "p2"), "x")], True, 1),  # the gold passage among the answer's copies
        (FACQA, [(("p1",), "x"), (("p3",), "y")], True, None),
        (SEED, [(("004",), "Pjs Bupati Sisardi"), (("004",), "x")], False, 1),
        (SEED, [(("004",), "Pjs Bupati"), (("001",), "Sisardi")], False, None),  # right words, wrong article
        (SEED, [(("001", "004"), "sisardi")], False, 1),
        (SEED_ANY_DOC, [(("001",), "x"), (("003",), "SISARDI")], False, 2),
    ],
)
def test_hit_rank(question, items, facqa, expected):
    assert hit_rank(question, Ranked(tuple(items)), facqa) == expected


def test_scores_count_refusals_and_ranks():
    unanswerable = EvalQuestion(id="u", question="u", answers=(), relevant=())
    answers = {"a": Ranked(((("p0", "p2"), "x"),)), "b": Ranked(((("p1",), "x"), (("p2",), "y"))), "u": Ranked(()), "c": Ranked(())}
    questions = [
        EvalQuestion(id="a", question="a", answers=(), relevant=("p2",)),
        EvalQuestion(id="b", question="b", answers=(), relevant=("p2",)),
        EvalQuestion(id="c", question="c", answers=(), relevant=("p2",)),
        unanswerable,
    ]
    scores = score(questions, answers.__getitem__, facqa=True)
    assert (scores.hit_at_1, scores.hit_at_3, scores.mrr_at_10) == (pytest.approx(1 / 3), pytest.approx(2 / 3), pytest.approx(0.5))
    assert scores.hit_at_1_own == 0, "p2 is only a copy of what answered a"
    assert (scores.answered, scores.refused, scores.refused_correctly) == (2, 2, 1)
    assert (scores.no_answer_precision, scores.no_answer_recall) == (0.5, 1.0)
