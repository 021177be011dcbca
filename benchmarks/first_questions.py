"""The first questions after an index is opened, cold and after ``Searcher.warm()``.

    python -m benchmarks.first_questions --corpus DIR [--index-dir DIR] [--rounds 2]

Each round opens the built index in two fresh processes: one asks the questions at once
(what the first misspelt question paid before the bot warmed its searchers: the
speller's deletion index), the other first runs ``Searcher.warm()`` (as the bot and the
console do in a background thread while the first user types) and then asks them.
Build the index beforehand (``tanya ask --corpus DIR --index-dir DIR x``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

# A misspelt word, an English question with a misspelt place, a plain one.
QUESTIONS = (
    "Siapa yang mengimbau netralitsa ASN menjelang Pilkada di Rejang Lebong?",
    "who is the acting regent of Bengkulu Selatn?",
    "Siapakah Menteri Dalam Negeri Irak?",
)


def ask_once(corpus: Path, index_dir: Path | None, warm: bool) -> None:
    """In this process: open the index, warm it or not, and print each question's ms."""
    from retrieval.search import Searcher
    from retrieval.store import open_library

    searcher = Searcher(open_library(corpus, index_dir))
    if warm:
        start = time.perf_counter()
        searcher.warm()
        print(f"  warm() {time.perf_counter() - start:.3f} s")
    for question in QUESTIONS:
        start = time.perf_counter()
        searcher.ask(question, top_k=3)
        print(f"  {(time.perf_counter() - start) * 1000:8.1f} ms  {question}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.first_questions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", choices=("cold", "warm"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        ask_once(args.corpus, args.index_dir, args.child == "warm")
        return
    for _ in range(args.rounds):
        for mode in ("cold", "warm"):
            print(f"{mode}:", flush=True)
            command = [sys.executable, "-m", "benchmarks.first_questions", "--corpus", str(args.corpus), "--child", mode]
            if args.index_dir:
                command += ["--index-dir", str(args.index_dir)]
            subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
