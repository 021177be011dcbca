"""Time ``Searcher.ask`` and ``BM25Index.top`` on an existing corpus directory, with the
code of the current directory: run it from two checkouts to compare them on one corpus.

    python -m benchmarks.ask_timing CORPUS_DIR INDEX_DIR [FACQA_DIR]

400 questions (the seed set, then FacQA questions, as benchmarks.scale samples them),
after 50 of them asked once to warm the caches; prints p50 / p95 and the peak RSS.
FACQA_DIR defaults to ``../shared/eval`` beside the checkout; without FacQA there it
stops, rather than time the seed questions alone, which no other run would compare with.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from benchmarks.scale import DEFAULT_FACQA, sample_questions
from bot.collector import collect_rarely
from retrieval.search import Searcher
from retrieval.store import open_library

QUESTIONS = 400
WARM_UP = 50


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def main(argv: list[str]) -> None:
    if len(argv) not in (2, 3):
        raise SystemExit("usage: python -m benchmarks.ask_timing CORPUS_DIR INDEX_DIR [FACQA_DIR]")
    corpus, index, *rest = argv
    facqa = Path(rest[0]) if rest else DEFAULT_FACQA
    if not (facqa / "facqa_questions.jsonl").is_file():
        raise SystemExit(f"no FacQA questions in {facqa}: give FACQA_DIR (the same for every checkout compared)")
    collect_rarely()  # as every tanya command runs
    questions = sample_questions(facqa, QUESTIONS)
    start = time.perf_counter()
    library = open_library(corpus, index)
    load = time.perf_counter() - start
    searcher = Searcher(library)
    for question in questions[:WARM_UP]:
        searcher.ask(question)
    asked = []
    for question in questions:
        start = time.perf_counter()
        searcher.ask(question)
        asked.append(time.perf_counter() - start)
    top = []
    for question in questions:
        terms = searcher.analyze(question).terms
        start = time.perf_counter()
        library.index.top(terms, 10)
        top.append(time.perf_counter() - start)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"load {load:.2f}s ask p50 {_percentile(asked, 0.5):.2f} p95 {_percentile(asked, 0.95):.2f} ms; "
        f"top10 p50 {_percentile(top, 0.5):.2f} p95 {_percentile(top, 0.95):.2f}; rss {rss:.0f} MB"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
