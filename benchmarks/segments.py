"""The incremental index at one size: cold build (one process, two), start with a built
index, one article added or removed, and merges.

Usage: ``python -m benchmarks.segments --size 100000``. The corpus is benchmarks.scale's
synthetic one (same generator, same seed); its files are dated an hour back, as an
archive's are, so no file is within the clock tick that makes a start hash it again.
Starts are timed in fresh processes (``update_library`` alone, and ``tanya ask`` from
process start to answer); the rest in this process, page cache warm.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import retrieval.merging as merging
import retrieval.store as store
from benchmarks.scale import DEFAULT_FACQA, fit_model, real_paragraphs, write_corpus
from retrieval.analysis import Analyzer
from retrieval.index import BM25Parameters
from retrieval.cache_layout import CacheKey
from retrieval.merging import merge_segments
from retrieval.store import update_library

ROOT = Path(__file__).resolve().parent.parent
NEW_ARTICLE = """Festival Layang-layang Parangtritis {n}

Festival Layang-layang Pantai Parangtritis ke-{n} dibuka oleh Bupati Bantul, Suharsono Wibowo, pada Sabtu pagi.

Sebanyak 120 peserta dari sembilan provinsi menerbangkan layang-layang raksasa di pantai itu.
"""
START = """
import sys, time
started = time.perf_counter()
from retrieval.store import update_library
imported = time.perf_counter()
cpu = time.process_time()
library, report = update_library(sys.argv[1], sys.argv[2], merge="off")
done = time.perf_counter()
print(f"{imported - started:.3f} {done - imported:.3f} {time.process_time() - cpu:.3f} {report.hashed} {library.origin} {library.passage_count}")
"""


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    print(f"{label}: {time.perf_counter() - started:.3f} s", flush=True)
    return result


def age(corpus: Path, seconds: int = 3600) -> None:
    then = time.time_ns() - seconds * 10**9
    for folder, _, files in os.walk(corpus):
        for name in files:
            os.utime(os.path.join(folder, name), ns=(then, then))


def fresh_start(corpus: Path, index: Path, label: str) -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", START, str(corpus), str(index)], capture_output=True, text=True, env=environment, check=True)
    imports, opening, cpu, hashed, origin, passages = done.stdout.split()
    print(f"{label}: update_library {opening} s (CPU {cpu} s; imports {imports} s), files hashed {hashed}, {origin}, {int(passages):,} live passages", flush=True)


def tanya_ask(corpus: Path, index: Path) -> None:
    environment = {**os.environ, "TANYA_INDEX_DIR": str(index)}
    tanya = Path(sys.executable).with_name("tanya")
    started = time.perf_counter()
    done = subprocess.run([str(tanya), "ask", "--json", "--corpus", str(corpus), "Siapa yang membuka festival layang-layang?"], capture_output=True, env=environment)
    if done.returncode:  # reported, not fatal: the rest measures the index alone
        print(f"tanya ask failed: {done.stderr.decode(errors='replace').strip().splitlines()[-1:]}", flush=True)
        return
    print(f"tanya ask, process start to answer (built index, no change): {time.perf_counter() - started:.3f} s", flush=True)


def add_article(corpus: Path, n: int) -> Path:
    path = corpus / f"new_{n:03d}.txt"
    path.write_text(NEW_ARTICLE.format(n=n), encoding="utf-8")
    then = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(then, then))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.segments", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="paragraphs (keep to 100k on a shared machine)")
    parser.add_argument("--facqa", type=Path, default=DEFAULT_FACQA)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    if args.work:
        Path(args.work).mkdir(parents=True, exist_ok=True)  # a --work folder not made yet is made
    work = Path(tempfile.mkdtemp(prefix="tanya-segments-", dir=args.work))
    try:
        corpus = work / "corpus"
        timed(f"writing {args.size:,} synthetic paragraphs", lambda: write_corpus(fit_model(real_paragraphs(args.facqa)), args.size, corpus))
        age(corpus)
        files = sum(len(f) for _, _, f in os.walk(corpus))
        print(f"corpus: {files:,} article files", flush=True)

        minimum = store.PARALLEL_MIN_BYTES
        store.PARALLEL_MIN_BYTES = 1 << 62
        one = timed("cold build, 1 process", lambda: update_library(corpus, work / "index-1", merge="off"))
        store.PARALLEL_MIN_BYTES = minimum
        two = timed("cold build, 2 processes", lambda: update_library(corpus, work / "index-2", merge="off"))
        same = one[0].index.vocabulary == two[0].index.vocabulary and one[0].passage_count == two[0].passage_count
        print(f"  same vocabulary and passages either way: {same}; {two[0].passage_count:,} passages, {len(two[0].index.vocabulary):,} terms", flush=True)
        index = work / "index-2"
        del one, two

        for attempt in (1, 2, 3):
            fresh_start(corpus, index, f"start with a built index, no change (fresh process {attempt})")
        tanya_ask(corpus, index)
        timed("start with a built index, no change (in process, page cache warm)", lambda: update_library(corpus, index, merge="off"))

        path = add_article(corpus, 0)
        library, report = timed("add one article (in process: update_library)", lambda: update_library(corpus, index, merge="off"))
        print(f"  added {report.added}, hashed {report.hashed}, segments {report.segments}", flush=True)
        fresh_start(corpus, index, "start after the add (fresh process)")

        from bot.service import SearchService

        service = SearchService(corpus, index)
        # Its start hashes the index's files in the background (SearchService.check_index):
        # waited for here (one check at a time), so the reloads timed below run alone.
        service.check_index()
        add_article(corpus, 1)
        timed("add one article: a running bot's /reload (segments kept loaded)", service.reload)
        print(f"  {service.last_update}", flush=True)
        path.unlink()
        timed("remove one article: a running bot's /reload", service.reload)
        print(f"  {service.last_update}", flush=True)
        timed("no change: a running bot's /reload", service.reload)

        for n in (2, 3):
            add_article(corpus, n)
            update_library(corpus, index, merge="off")
        key = CacheKey(corpus.resolve(), Analyzer().version, BM25Parameters())
        home = index / key.name
        store.wait_for_merges()
        print(f"segments before merging: {update_library(corpus, index, merge='off')[1].segments}", flush=True)
        timed("merge of the four one-article segments (merge_segments)", lambda: merge_segments(home, key, Analyzer()))
        share = merging.MAX_DELETED_SHARE
        merging.MAX_DELETED_SHARE = -1.0  # every segment due: the whole index rewritten
        timed("merge of every segment into one (the whole index rewritten)", lambda: merge_segments(home, key, Analyzer()))
        merging.MAX_DELETED_SHARE = share
        fresh_start(corpus, index, "start after the merges (fresh process)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
