"""A build hashes each article file from the bytes it reads: each file is opened once,
and the digests recorded are content_digest's, for files read and for files that could
not be."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import pytest

from retrieval.corpus import MAX_FILE_BYTES, content_digest, list_corpus
from retrieval.store import _read_and_hash

# Files opened while a test listens (the interpreter's audit events: "open" is raised
# by every open, os.open and io.open; a hook cannot be removed, so it listens only when
# asked).
_opened: list[Counter[str]] = []


def _count_opens(event: str, args: tuple) -> None:
    if event == "open" and _opened and isinstance(args[0], (str, os.PathLike)):
        _opened[-1][str(Path(args[0]).name)] += 1


sys.addaudithook(_count_opens)


@pytest.fixture
def odd_corpus(corpus_copy):
    """The seeds, and beside them an empty file, one with no paragraphs, one too large
    to read and one no one may read."""
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "blank.txt").write_text("\n\n   \n", encoding="utf-8")
    with open(corpus_copy / "huge.txt", "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    locked = corpus_copy / "locked.txt"
    locked.write_text("Judul\n\nIsi yang tidak boleh dibaca.", encoding="utf-8")
    locked.chmod(0)
    yield corpus_copy
    locked.chmod(0o644)


def test_the_digests_of_a_build_are_content_digests(odd_corpus):
    files = list_corpus(odd_corpus).files
    documents, outcomes, digests = _read_and_hash(odd_corpus, files, None, hashing=True)
    assert digests == [content_digest(f.target) for f in files]
    assert len(documents) == outcomes.count(None) >= 1
    reasons = {f.path.name: o for f, o in zip(files, outcomes) if o is not None}
    assert {"empty.txt", "blank.txt", "huge.txt"} <= set(reasons)
    if os.geteuid() != 0:  # root reads any file
        assert "locked.txt" in reasons


def test_without_hashing_no_digests(corpus_copy):
    files = list_corpus(corpus_copy).files
    _, outcomes, digests = _read_and_hash(corpus_copy, files, None, hashing=False)
    assert digests == [] and outcomes.count(None) == len(files)


def test_a_build_opens_each_article_file_once(corpus_copy):
    files = list_corpus(corpus_copy).files
    _opened.append(Counter())
    try:
        documents, outcomes, _ = _read_and_hash(corpus_copy, files, None, hashing=True)
    finally:
        opened = _opened.pop()
    assert outcomes.count(None) == len(files) == len(documents) == 5
    assert {f.path.name: opened[f.path.name] for f in files} == {f.path.name: 1 for f in files}  # twice before: hashed, then read
