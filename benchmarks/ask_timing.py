"""Time ``Searcher.ask`` and ``BM25Index.top`` on an existing corpus directory, with the
code of the current directory: run it from two checkouts to compare them on one corpus.

    python -m benchmarks.ask_timing CORPUS_DIR INDEX_DIR [FACQA_DIR] [--passes N]

400 questions (the seed set, then FacQA questions, as benchmarks.scale samples them),
after 50 of them asked once to warm the caches; prints p50 / p95 and the peak RSS. With
``--passes N`` each timing is taken N times over and each pass is printed too (p50, p95
and mean): the first pass over a freshly opened index runs colder than the next.
FACQA_DIR defaults to ``../shared/eval`` beside the checkout; without FacQA there it
stops, rather than time the seed questions alone, which no other run would compare with.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable

from benchmarks.scale import archive_arguments, archive_parser, sample_questions
from bot.collector import collect_rarely
from retrieval.search import Searcher
from retrieval.store import open_library

QUESTIONS = 400
WARM_UP = 50


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def _timed(questions: list[str], step: Callable[[str], object]) -> list[float]:
    """Seconds ``step`` takes on each question, one after another."""
    times = []
    for question in questions:
        start = time.perf_counter()
        step(question)
        times.append(time.perf_counter() - start)
    return times


def _summary(times: list[float]) -> str:
    return f"p50 {_percentile(times, 0.5):.2f} p95 {_percentile(times, 0.95):.2f} mean {sum(times) / len(times) * 1000:.2f} ms"


def main(argv: list[str]) -> None:
    parser = archive_parser("benchmarks.ask_timing", __doc__)
    parser.add_argument("--passes", type=int, default=1, help="times each timing is taken (default 1)")
    args = archive_arguments(parser, argv)
    if args.passes < 1:
        parser.error("--passes: at least 1")
    collect_rarely()  # as every tanya command runs
    questions = sample_questions(args.facqa, QUESTIONS)
    start = time.perf_counter()
    library = open_library(args.corpus, args.index)
    load = time.perf_counter() - start
    searcher = Searcher(library)
    for question in questions[:WARM_UP]:
        searcher.ask(question)
    asked: list[float] = []
    for number in range(1, args.passes + 1):
        asked = _timed(questions, searcher.ask)
        if args.passes > 1:
            print(f"pass {number}: ask {_summary(asked)}")
    terms = {question: searcher.analyze(question).terms for question in questions}  # after: it warms what ask reads
    top: list[float] = []
    for number in range(1, args.passes + 1):
        top = _timed(questions, lambda question: library.index.top(terms[question], 10))
        if args.passes > 1:
            print(f"pass {number}: top10 {_summary(top)}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"load {load:.2f}s ask p50 {_percentile(asked, 0.5):.2f} p95 {_percentile(asked, 0.95):.2f} ms; "
        f"top10 p50 {_percentile(top, 0.5):.2f} p95 {_percentile(top, 0.95):.2f}; rss {rss:.0f} MB"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
