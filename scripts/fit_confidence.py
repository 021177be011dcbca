"""Fit the no-answer decision's logistic model on FacQA dev, and write
retrieval/data/confidence.json.

    python scripts/fit_confidence.py --facqa ../shared/eval [--groups 20] [--max-refused 0.04]

Paired data (retrieval/paired.py): each dev question asked of the intact corpus and
of the corpus less its answering passages. Label 1: the first passage answers (intact
corpus, right passage); label 0: it does not (the removed corpus, or a wrong passage
first). Only dev is read: the test split is for the figures the README reports.
The threshold is the highest probability that refuses at most ``--max-right-refused``
of the dev questions whose first passage is right, so the default strictness gives up
almost no right answers (hit@1 stays) and refuses what it can beyond that.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from retrieval.confidence import FEATURES, ConfidenceModel
from retrieval.evaluate import load_facqa
from retrieval.paired import Asked, Pair, run_pairs

MODEL_PATH = Path(__file__).resolve().parent.parent / "retrieval" / "data" / "confidence.json"


def examples(pairs: list[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """Evidence vectors and labels; a question no passage shares a word with has none."""
    rows, labels = [], []
    for pair in pairs:
        for asked, label in ((pair.intact, float(pair.intact.right)), (pair.removed, 0.0)):
            if asked.evidence is not None:
                rows.append(asked.evidence.vector())
                labels.append(label)
    return np.array(rows), np.array(labels)


def _probability(w: np.ndarray, asked: Asked) -> float:
    """The model's probability for one asked question; -1 (refused) when nothing matched."""
    if asked.evidence is None:
        return -1.0
    return float(1.0 / (1.0 + np.exp(-(w[0] + np.dot(w[1:], asked.evidence.vector())))))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Newton's method on the L2-penalised log-likelihood (the intercept unpenalised)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    penalty = l2 * np.diag(np.r_[0.0, np.ones(len(w) - 1)])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        gradient = xb.T @ (p - y) + penalty @ w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def threshold_for(right: np.ndarray, total: int, max_refused: float) -> float:
    """The highest threshold refusing at most ``max_refused`` of ``total`` questions,
    given the probabilities of those whose first passage is ``right``."""
    allowed = int(max_refused * total)
    ordered = np.sort(right)
    return float(ordered[min(allowed, len(ordered) - 1)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facqa", type=Path, required=True)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--max-right-refused", type=float, default=0.01)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    documents, questions = load_facqa(args.facqa, "dev")
    run = run_pairs(documents, questions, lambda q: frozenset(q.relevant), facqa=True, groups=args.groups)
    x, y = examples(run.pairs)
    w = fit_logistic(x, y)
    probabilities = 1.0 / (1.0 + np.exp(-(np.hstack([np.ones((len(x), 1)), x]) @ w)))
    threshold = threshold_for(probabilities[y == 1], len(run.pairs), args.max_right_refused)
    model = ConfidenceModel(intercept=float(w[0]), coefficients=tuple(float(c) for c in w[1:]), threshold=round(threshold, 4))
    intact_p = np.array([_probability(w, p.intact) for p in run.pairs])
    removed_p = np.array([_probability(w, p.removed) for p in run.pairs])
    refused = float((removed_p < threshold).mean())
    intact_refused = float((intact_p < threshold).mean())
    about = {
        "fitted_on": f"FacQA dev, {len(run.pairs)} questions asked twice ({run.left_out} left out), {args.groups} groups",
        "threshold_rule": f"refuses at most {args.max_right_refused} of the dev questions whose first passage is right",
        "dev_removed_refused": round(refused, 3),
        "dev_intact_refused": round(intact_refused, 3),
    }
    args.out.write_text(model.to_json(**about) + "\n", encoding="utf-8")
    for name, c in zip(("intercept", *FEATURES), w):
        print(f"{name:22}{c:9.3f}")
    print(
        f"threshold {threshold:.4f}; dev: answer removed refused {refused:.3f}, intact refused {intact_refused:.3f}; "
        f"written to {args.out}"
    )


if __name__ == "__main__":
    main()
