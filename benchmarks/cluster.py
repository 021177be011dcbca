"""The fan-out row: the index in 4 shards on a Ray cluster, beside one process.

    python -m benchmarks.cluster --ray 127.0.0.1:6379 [--paragraphs 100000] [--shards 4]
                                 [--queries 200] [--work DIR]

Same synthetic corpus and questions as ``benchmarks.scale`` (its generator, fixed seed).
Opens the corpus once in this process (``open_library``) and once sharded
(``open_cluster_library``), then asks every question both ways, timing BM25 retrieval
alone (``index.top``: the fan-out and merge against one index's ``top``) and the whole
answer (``Searcher.ask``), and checks that every answer is identical. Prints a Markdown
table; also the shard actors' resident memory (read from /proc, so the cluster must run
on this machine) and the shard files' size, for the sizing table in the README.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.scale import DEFAULT_FACQA, fit_model, real_paragraphs, sample_questions, write_corpus
from retrieval.decision import ModelDecision
from retrieval.library import Library
from retrieval.search import Searcher
from retrieval.store import open_library


def percentiles(seconds: Sequence[float]) -> str:
    ms = np.asarray(seconds) * 1000
    return f"{np.percentile(ms, 50):.2f} / {np.percentile(ms, 95):.2f} / {ms.mean():.2f}"


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(library: Library, questions: Sequence[str]) -> dict[str, Any]:
    searcher = Searcher(library, decision=ModelDecision.bundled())
    for question in questions[:5]:  # warm: first-touch page faults, caches
        searcher.ask(question, top_k=10)
    top, ask, answers = [], [], []
    for question in questions:
        terms = searcher.analyze(question).terms
        top.append(timed(lambda: library.index.top(terms, 30))[0])
        seconds, result = timed(lambda: searcher.ask(question, top_k=10))
        ask.append(seconds)
        answers.append(json.dumps(result.to_json(), ensure_ascii=False))
    return {"top": top, "ask": ask, "answers": answers}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--ray", required=True, metavar="ADDRESS", help="a running Ray cluster (ray start --head ...)")
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--facqa", type=Path, default=DEFAULT_FACQA)
    parser.add_argument("--work", type=Path, default=None, help="scratch directory (default: a temporary one)")
    args = parser.parse_args(argv)
    from retrieval.cluster import actor_pids, open_cluster_library

    work = args.work or Path(tempfile.mkdtemp(prefix="tanya-cluster-bench-"))
    corpus = work / f"corpus-{args.paragraphs}"
    if not corpus.exists():
        write_corpus(fit_model(real_paragraphs(args.facqa)), args.paragraphs, corpus)
    questions = sample_questions(args.facqa, args.queries)
    build_one, one = timed(lambda: open_library(corpus, work / "single"))
    build_sharded, sharded = timed(lambda: open_cluster_library(corpus, work / "sharded", args.ray, args.shards))
    # Opened again from the files: what a restart or a new driver pays.
    open_sharded, sharded = timed(lambda: open_cluster_library(corpus, work / "sharded", args.ray, args.shards))
    single = measure(one, questions)
    fanned = measure(sharded, questions)
    identical = sum(a == b for a, b in zip(single["answers"], fanned["answers"]))
    overhead = np.asarray(fanned["top"]) - np.asarray(single["top"])
    memory = [rss_mb(pid) for pid in actor_pids(sharded)]
    files = sum(f.stat().st_size for f in (work / "sharded").rglob("*") if f.is_file()) / 2**20
    print(f"{args.paragraphs} paragraphs, {len(questions)} questions, {args.shards} shards on the cluster at {args.ray}\n")
    print("| | build (s) | BM25 top-30 p50 / p95 / mean (ms) | whole answer p50 / p95 / mean (ms) |")
    print("|---|---|---|---|")
    print(f"| one process | {build_one:.1f} | {percentiles(single['top'])} | {percentiles(single['ask'])} |")
    print(f"| {args.shards} shards (fan-out) | {build_sharded:.1f} (reopen {open_sharded:.1f}) | {percentiles(fanned['top'])} | {percentiles(fanned['ask'])} |")
    print(f"\nfan-out overhead per question (top-30, sharded - one process): p50 {np.percentile(overhead, 50) * 1000:.2f} ms, mean {overhead.mean() * 1000:.2f} ms")
    print(f"identical answers: {identical} of {len(questions)}")
    print(f"shard actors' resident memory (MB): {', '.join(f'{m:.0f}' for m in memory)}; shard files {files:.0f} MB")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
