"""Where a cold build's time goes: the parent before the worker processes start, while
they read and analyse (the chunks' segments merged as they come), and after (the merge's
last step, writing the index); the parent's CPU and the workers'.

Usage: ``python -m benchmarks.build_split --size 100000 [--runs 2] [--work DIR]``. The
corpus is benchmarks.scale's synthetic one (same generator, same seed), written once
into the work directory and kept there; each build runs in a fresh process against an
empty index directory. On a shared machine the CPU seconds are the steadier figures:
the load average is printed beside each run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.scale import DEFAULT_FACQA, fit_model, real_paragraphs, write_corpus

ROOT = Path(__file__).resolve().parent.parent
# Run in a fresh process: times the build's phases by wrapping the pool step (the one
# place the parent waits for the workers), no other code touched.
BUILD = """
import functools, os, sys, time
import retrieval.store as store
started = time.perf_counter()
pool = []
parallel = store._read_and_index_parallel
@functools.wraps(parallel)
def timed(*args, **kwargs):
    pool.append(time.perf_counter())
    try:
        return parallel(*args, **kwargs)
    finally:
        pool.append(time.perf_counter())
store._read_and_index_parallel = timed
cpu = time.process_time()
library = store.open_library(sys.argv[1], sys.argv[2])
done = time.perf_counter()
children = os.times()
if library.origin != "built" or len(pool) != 2:
    raise SystemExit(f"expected a cold build in worker processes, got {library.origin!r}")
print(f"{done - started:.2f} {pool[0] - started:.2f} {pool[1] - pool[0]:.2f} {done - pool[1]:.2f} "
      f"{time.process_time() - cpu:.2f} {children.children_user + children.children_system:.2f} {len(library.passages)}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.build_split", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="paragraphs")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tanya-build-split")
    args = parser.parse_args()
    corpus = args.work / f"corpus-{args.size}"
    if not corpus.is_dir():
        print(f"writing the {args.size:,}-paragraph corpus to {corpus}", flush=True)
        write_corpus(fit_model(real_paragraphs(DEFAULT_FACQA)), args.size, corpus)
    for run in range(1, args.runs + 1):
        index = args.work / "index"
        shutil.rmtree(index, ignore_errors=True)
        load = os.getloadavg()[0]
        found = subprocess.run([sys.executable, "-c", BUILD, str(corpus), str(index)], cwd=ROOT, check=True, capture_output=True, text=True)
        total, before, pool, after, parent, workers, passages = found.stdout.split()
        print(
            f"run {run} ({int(passages):,} passages, load average {load:.2f} before it): cold build {total} s = "
            f"{before} s before the workers + {pool} s with them + {after} s after; CPU: parent {parent} s, workers {workers} s"
        )
        shutil.rmtree(index, ignore_errors=True)


if __name__ == "__main__":
    main()
