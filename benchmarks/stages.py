"""Where each question's time goes: ``Searcher.ask`` on an existing corpus, with the time
spent inside each stage of the answer path (analyse, candidates and within them retrieve
and the year, edition, place and office filters, rank, decide, latest_first), question
by question.

    python -m benchmarks.stages CORPUS_DIR INDEX_DIR [FACQA_DIR] [--questions N] [--slowest K]

The questions are those benchmarks.scale samples (the seed set, then FacQA), asked once
each in a fresh process (a first pass: what a user meets, caches cold). Prints p50 / p95 of
the whole answer, each stage's mean and median, the stages' means over the slowest tenth,
and the K slowest questions with their split. Each stage is timed by wrapping the
Searcher's own method on this one instance; the wrappers cost well under a microsecond.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from benchmarks.scale import archive_arguments, archive_parser, sample_questions
from bot.collector import collect_rarely
from retrieval.search import Searcher
from retrieval.store import open_library

STAGES = ("analyze", "candidates", "retrieve", "filter_years", "filter_editions", "filter_places", "filter_offices", "rank", "decide", "latest_first")
# Stages whose time is inside another's: printed indented.
WITHIN = {"retrieve", "filter_years", "filter_editions", "filter_places", "filter_offices"}


def timed_stages(searcher: Searcher, spent: dict[str, float]) -> None:
    """Wrap each stage method of ``searcher`` so that its seconds add up in ``spent``."""
    for name in STAGES:
        method: Callable[..., Any] = getattr(searcher, name)

        def wrapper(*args: Any, _method: Callable[..., Any] = method, _name: str = name, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return _method(*args, **kwargs)
            finally:
                spent[_name] += time.perf_counter() - start

        setattr(searcher, name, wrapper)


def main(argv: list[str]) -> None:
    parser = archive_parser("benchmarks.stages", __doc__)
    parser.add_argument("--questions", type=int, default=1000, help="questions asked (default 1000)")
    parser.add_argument("--slowest", type=int, default=20, help="slowest questions listed (default 20)")
    args = archive_arguments(parser, argv)
    collect_rarely()
    searcher = Searcher(open_library(args.corpus, args.index))
    spent: dict[str, float] = defaultdict(float)
    timed_stages(searcher, spent)
    rows = []
    for question in sample_questions(args.facqa, args.questions):
        spent.clear()
        start = time.perf_counter()
        searcher.ask(question)
        rows.append((question, (time.perf_counter() - start) * 1000, {name: spent[name] * 1000 for name in STAGES}))
    totals = sorted(total for _, total, _ in rows)
    print(f"{len(rows)} questions: whole answer p50 {totals[len(totals) // 2]:.2f} ms, p95 {totals[int(len(totals) * 0.95)]:.2f} ms")
    slowest = sorted(rows, key=lambda row: -row[1])[: max(1, len(rows) // 10)]
    print(f"{'stage':<18}{'mean':>8}{'median':>8}{'slowest tenth':>15}")
    for name in STAGES:
        values = [stages[name] for _, _, stages in rows]
        label = ("  " if name in WITHIN else "") + name
        tail = statistics.fmean(stages[name] for _, _, stages in slowest)
        print(f"{label:<18}{statistics.fmean(values):>8.2f}{statistics.median(values):>8.2f}{tail:>15.2f}")
    print(f"\nthe {args.slowest} slowest (ms):")
    for question, total, stages in sorted(rows, key=lambda row: -row[1])[: args.slowest]:
        split = " ".join(f"{name}={stages[name]:.1f}" for name in STAGES if stages[name] >= 0.05)
        print(f"{total:7.2f}  {split}  {question[:60]}")


if __name__ == "__main__":
    main(sys.argv[1:])
