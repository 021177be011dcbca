"""The command line against plain rank-bm25, side by side in one run (issue 14's 100k row).

    python -m benchmarks.cli_speed [--size 100000] [--questions 400] [--work DIR]

tanya: ``tanya ask --json --top-k 10`` in a fresh process, the questions one per line on
standard input, on an index already built (a first run builds it and is not timed). Its
cost a question is the whole run's wall time over the questions, start included, and,
beside it, the run less a run with one question, over the rest (the start taken out),
and a run of twice as many questions less the first run, over the questions it adds
(once warm: the compiled kernel loads in the background for about a second, while
numpy answers the first questions, and the one-question run does not wait for it).
Each kind of run is made ``--repeat`` times, interleaved, and its median used; the
differences are still noisy, and may come out below zero where the runs are short. The added questions are FacQA's alone where the first ones open with the
66 seed questions, so the once-warm figure is of a slightly different mix than the
rank-bm25 mean it is set beside.
rank-bm25: ``BM25Okapi`` over the very tokens our index holds, ``get_scores`` and the
top 10 for as many of the same questions as fit in ``--time-cap`` seconds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.scale import SEED, _token_lists, fit_model, real_paragraphs, sample_questions, write_corpus

TOP_K = 10


def run_cli(corpus: Path, index: Path, questions: list[str]) -> float:
    """Wall seconds of one ``tanya ask --json --top-k 10`` over ``questions`` on stdin."""
    command = [sys.executable, "-m", "bot", "ask", "--json", "--top-k", str(TOP_K), "--corpus", str(corpus), "--index-dir", str(index)]
    start = time.perf_counter()
    done = subprocess.run(command, input="\n".join(questions) + "\n", capture_output=True, text=True, env=_cli_environment(), check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"tanya ask failed ({done.returncode}): {done.stderr[-2000:]}")
    answered = sum(1 for line in done.stdout.splitlines() if line.startswith("{"))
    if answered != len(questions):
        raise SystemExit(f"tanya ask printed {answered} answers for {len(questions)} questions")
    return seconds


def _cli_environment() -> dict[str, str]:
    """The environment of each ``tanya ask``: this one, without colours, and with Python's
    compiled modules written and read. An installed tanya has them (pip compiles a
    package as it installs it); with PYTHONDONTWRITEBYTECODE set, as on some shared
    machines, every run compiled tanya's sources again, 0.12 s of its start."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def time_rank_bm25(corpus: Path, index_dir: Path, questions: list[str], cap: float) -> tuple[list[float], float]:
    """rank-bm25's seconds a question over our index's tokens, and its build seconds."""
    from rank_bm25 import BM25Okapi

    from retrieval.search import Searcher
    from retrieval.store import open_library

    library = open_library(corpus, index_dir)
    searcher = Searcher(library)
    terms = [list(searcher.analyze(q).terms) for q in questions]
    tokens = _token_lists(library.index)
    start = time.perf_counter()
    model = BM25Okapi(tokens)
    build = time.perf_counter() - start
    del tokens
    seconds: list[float] = []
    deadline = time.perf_counter() + cap
    for position in np.random.default_rng(SEED).permutation(len(terms)).tolist():
        if seconds and time.perf_counter() > deadline:
            break
        start = time.perf_counter()
        scores = model.get_scores(terms[position])
        np.argpartition(-scores, TOP_K)[:TOP_K]
        seconds.append(time.perf_counter() - start)
    return seconds, build


def _others(pool: list[str], asked: list[str]) -> list[str]:
    """As many questions of ``pool`` as were ``asked``, none of them asked: a question
    asked again would find its passages' analysis cached."""
    seen = set(asked)
    return [q for q in dict.fromkeys(pool) if q not in seen][: len(asked)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cli_speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="paragraphs of the synthetic corpus")
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--time-cap", type=float, default=120.0, help="seconds rank-bm25 may spend")
    parser.add_argument("--facqa", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--work", type=Path, default=None, help="scratch directory (kept; reused when it holds the corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind, interleaved; the median of each is used")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="tanya-cli-speed-"))
    corpus, index = work / f"corpus-{args.size}", work / f"index-{args.size}"
    if not corpus.is_dir():
        print(f"writing {args.size:,} paragraphs to {corpus}", flush=True)
        write_corpus(fit_model(real_paragraphs(args.facqa)), args.size, corpus)
    questions = sample_questions(args.facqa, args.questions)
    more = _others(sample_questions(args.facqa, 3 * args.questions), questions)
    build = time.perf_counter()
    run_cli(corpus, index, questions[:1])  # builds the index (or brings it up to date): not timed
    print(f"index ready in {time.perf_counter() - build:.1f} s", flush=True)
    # Interleaved, so that a slow minute of a shared machine falls on every kind of run.
    runs: dict[str, list[float]] = {"one": [], "many": [], "twice": []}
    for _ in range(max(1, args.repeat)):
        runs["one"].append(run_cli(corpus, index, questions[:1]))
        runs["many"].append(run_cli(corpus, index, questions))
        if more:
            runs["twice"].append(run_cli(corpus, index, questions + more))
    one, many = float(np.median(runs["one"])), float(np.median(runs["many"]))
    twice = float(np.median(runs["twice"])) if more else None
    whole = many / len(questions) * 1000
    marginal = (many - one) / (len(questions) - 1) * 1000
    # Start, the compiled kernel's loading (about a second, in the background, while
    # numpy answers) and the first reads of the index all cancel out.
    warm = None if twice is None else (twice - many) / len(more) * 1000
    seconds, bm25_build = time_rank_bm25(corpus, index, questions, args.time_cap)
    p50 = float(np.median(seconds)) * 1000
    mean = float(np.mean(seconds)) * 1000
    print(f"tanya ask --json --top-k {TOP_K}, {len(questions)} questions on stdin: {many:.2f} s, one question: {one:.2f} s (medians of {len(runs['one'])} runs)")
    print(f"  {whole:.2f} ms a question with the start, {marginal:.2f} ms without it")
    if twice is not None and warm is not None:
        print(f"  {len(questions) + len(more)} questions: {twice:.2f} s; {warm:.2f} ms a question once warm (the last {len(more)}: that run less the first)")
    print(f"rank-bm25 get_scores + top {TOP_K} ({len(seconds)} q, built in {bm25_build:.1f} s): p50 {p50:.2f} ms, mean {mean:.2f} ms")
    once_warm = "" if warm is None else f", {mean / warm:.1f}x once warm"
    print(f"rank-bm25 mean / tanya: {mean / whole:.1f}x with the start, {mean / marginal:.1f}x without it{once_warm}")


if __name__ == "__main__":
    main()
