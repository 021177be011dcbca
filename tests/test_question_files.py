"""The seed-style question files hold what `tanya eval` takes them to: each answer
standing word for word in the article named for it, each article a seed, no id twice.
A typo in an answer would count every right excerpt as a miss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.evaluate import load_seed_questions

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
QUESTION_FILES = sorted(DATA.glob("seed_questions*.jsonl"))


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_question_files_are_found():
    assert {p.name for p in QUESTION_FILES} >= {"seed_questions.jsonl", "seed_questions_holdout.jsonl", "seed_questions_fresh.jsonl"}


@pytest.mark.parametrize("path", QUESTION_FILES, ids=lambda p: p.name)
def test_each_answer_stands_in_its_article(path):
    for row in rows(path):
        if row.get("answer") is None:
            assert row.get("doc") is None, f"{row['id']}: an unanswerable question names no article"
            continue
        article = SEEDS / f"{row['doc']}.txt"
        assert article.is_file(), f"{row['id']}: no seed article {row['doc']}"
        assert row["answer"].casefold() in article.read_text(encoding="utf-8").casefold(), f"{row['id']}: {row['answer']!r} is not in {row['doc']}"


@pytest.mark.parametrize("path", QUESTION_FILES, ids=lambda p: p.name)
def test_ids_are_unique_and_eval_reads_every_question(path):
    ids = [row["id"] for row in rows(path)]
    assert len(ids) == len(set(ids))
    assert [q.id for q in load_seed_questions(path)] == ids
