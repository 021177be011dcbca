"""How often a one-letter typo leaves the first answer as it was.

    python -m benchmarks.typos [--corpus seeds] [QUESTION_FILE ...]

Each answerable question of the files (by default ``tests/data/seed_questions*.jsonl``)
is asked as written, then once more for each of its words of six letters or more with
one letter dropped, at a place drawn (fixed seed) from the second letter to the one
before last. A typo agrees when its first answer cites the same article and paragraph
as the question as written (both "not found" agree too). Users type fast in chat: this
is how much of what they mean survives a slip.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus import load_corpus
from retrieval.evaluate import load_seed_questions
from retrieval.library import Library
from retrieval.search import Result, Searcher

ROOT = Path(__file__).resolve().parents[1]
LONG_WORD = re.compile(r"[A-Za-z]{6,}")
SEED = 7


@dataclass(frozen=True)
class Typo:
    question: str
    typed: str
    word: str
    agrees: bool


def first_cited(result: Result) -> tuple[str, int] | None:
    """The article and paragraph of the first answer, None for "not found"."""
    return (result.answers[0].doc_id, result.answers[0].paragraph) if result.answers else None


def typos_of(question: str, rng: random.Random) -> list[tuple[str, str]]:
    """(the word, the question with one letter of it dropped) for each long word."""
    made = []
    for match in LONG_WORD.finditer(question):
        word = match.group()
        at = rng.randrange(1, len(word) - 1)
        made.append((word, question[: match.start()] + word[:at] + word[at + 1 :] + question[match.end() :]))
    return made


def run(searcher: Searcher, questions: Sequence[str]) -> list[Typo]:
    rng = random.Random(SEED)
    typos = []
    for question in questions:
        meant = first_cited(searcher.ask(question))
        for word, typed in typos_of(question, rng):
            typos.append(Typo(question, typed, word, first_cited(searcher.ask(typed)) == meant))
    return typos


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="seed-style question files (default: tests/data/seed_questions*.jsonl)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "tests" / "data").glob("seed_questions*.jsonl"))
    questions = [q.question for path in files for q in load_seed_questions(path) if q.answerable]
    searcher = Searcher(Library.from_corpus(load_corpus(args.corpus)))
    typos = run(searcher, questions)
    for typo in typos:
        if not typo.agrees:
            print(f"  {typo.word}: {typo.typed!r}")
    agreeing = sum(typo.agrees for typo in typos)
    print(f"{len(questions)} questions, {len(typos)} typos: the first answer as written for {agreeing} ({agreeing / max(len(typos), 1):.3f})")


if __name__ == "__main__":
    main()
