"""The incremental index: a new or changed article is a new segment, a removed one a
deletion, unchanged files are neither read nor hashed, merges keep the answers, and a
crash in the middle of a merge leaves the previous index answering."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import retrieval.cache_files as cache_files
import retrieval.store as store
from retrieval.analysis import Analyzer
from retrieval.corpus import load_corpus
from retrieval.index import BM25Parameters
from retrieval.library import Library
from retrieval.search import Searcher
from retrieval.cache_layout import CacheKey
from retrieval.merging import merge_segments
from retrieval.store import open_library, update_library

REPOSITORY = Path(__file__).resolve().parent.parent
QUESTIONS_FILE = Path(__file__).resolve().parent / "data" / "seed_questions.jsonl"
ARTICLE = """Festival Layang-layang {place}

Festival Layang-layang {place} dibuka oleh Bupati {official} pada Sabtu pagi.

Sebanyak {count} peserta dari sembilan provinsi menerbangkan layang-layang raksasa di {place}.
"""
PLACES = [("Parangtritis", "Suharsono Wibowo"), ("Sanur", "Made Arsana"), ("Pangandaran", "Jeje Wiradinata"), ("Senggigi", "Lalu Fahmi")]


def article(number: int) -> str:
    place, official = PLACES[number]
    return ARTICLE.format(place=place, official=official, count=100 + number)


def question(number: int) -> str:
    return f"Siapa yang membuka Festival Layang-layang {PLACES[number][0]}?"


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def corpus(corpus_copy) -> Path:
    """The seeds, last modified an hour ago: their stat alone says they are unchanged."""
    past = time.time_ns() - 3600 * 10**9
    for path in corpus_copy.iterdir():
        os.utime(path, ns=(past, past))
    return corpus_copy


@pytest.fixture(scope="module")
def questions() -> list[str]:
    lines = QUESTIONS_FILE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines[:12]] + [question(i) for i in range(len(PLACES))]


def answers(library: Library, questions: list[str]) -> list[dict[str, object]]:
    searcher = Searcher(library)
    return [searcher.ask(q).to_json() for q in questions]


def cited(library: Library, text: str) -> list[str]:
    return [a.doc_id for a in Searcher(library).ask(text, 3).answers]


def add(corpus: Path, number: int) -> str:
    """A new article, written a minute ago (one written within the file system's clock
    tick before an update is hashed again at the next: tests/test_store.py)."""
    path = corpus / f"festival_{number}.txt"
    path.write_text(article(number), encoding="utf-8")
    past = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(past, past))
    return path.stem


def opened(corpus: Path, index_dir: Path) -> Library:
    """The library, no merge started behind the test's back."""
    return update_library(corpus, index_dir, merge="off")[0]


def home(index_dir: Path) -> Path:
    (found,) = [p for p in index_dir.iterdir() if not p.name.startswith(".")]
    return found


def segments(index_dir: Path) -> list[str]:
    latest = max(p for p in home(index_dir).iterdir() if p.name.startswith("gen-"))
    return json.loads((latest / "manifest.json").read_text(encoding="utf-8"))["segments"]


def store_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "retrieval.store" and r.levelno >= logging.WARNING]


# -- updates -----------------------------------------------------------------------------


def test_a_new_file_is_a_new_segment_answered_at_once_and_old_files_are_not_read(corpus, index_dir):
    first, report = update_library(corpus, index_dir)
    assert report.rebuilt and len(first.documents) == 5
    # An old file's bytes changed behind the index's back, its size and time kept: were
    # it read again, its new text would be indexed.
    old = sorted(corpus.glob("*.txt"))[0]
    info = old.stat()
    original = old.read_bytes()
    old.write_bytes(bytes(b if not 97 <= b <= 122 else 120 for b in original))
    os.utime(old, ns=(info.st_atime_ns, info.st_mtime_ns))
    doc_id = add(corpus, 0)
    library, report = update_library(corpus, index_dir)
    assert (library.origin, report.added, report.removed, report.hashed, report.segments) == ("updated", (doc_id,), (), 1, 2)
    assert cited(library, question(0))[0] == doc_id
    assert [d for d in library.documents if d.doc_id == old.stem] == [d for d in first.documents if d.doc_id == old.stem]
    assert len(segments(index_dir)) == 2
    again, report = update_library(corpus, index_dir)
    assert (again.origin, report.hashed, report.added) == ("loaded", 0, ())
    assert cited(again, question(0))[0] == doc_id


def test_a_changed_file_loses_its_old_version(corpus, index_dir):
    doc_id = add(corpus, 0)
    update_library(corpus, index_dir)
    (corpus / f"{doc_id}.txt").write_text(article(1), encoding="utf-8")
    library, report = update_library(corpus, index_dir)
    assert (report.added, report.removed) == ((doc_id,), (doc_id,))
    assert [d.doc_id for d in library.documents].count(doc_id) == 1
    assert cited(library, question(1))[0] == doc_id
    texts = [a.text for a in Searcher(library).ask(question(0), 10).answers]
    assert not any(PLACES[0][0] in text for text in texts)
    assert len(library.documents) == 6 and library.passage_count == len(library.passages) - 2


def test_a_removed_file_is_gone_from_answers_and_counts(corpus, index_dir, questions):
    doc_id = add(corpus, 0)
    before = opened(corpus, index_dir)
    (corpus / f"{doc_id}.txt").unlink()
    library, report = update_library(corpus, index_dir)
    assert (report.added, report.removed, library.origin) == ((), (doc_id,), "updated")
    assert doc_id not in [d.doc_id for d in library.documents]
    assert len(library.documents) == len(before.documents) - 1
    assert library.passage_count == before.passage_count - 2
    assert doc_id not in cited(library, question(0))
    assert answers(library, questions) == answers(Library.from_corpus(load_corpus(corpus)), questions)


def test_a_touched_file_is_hashed_once_and_not_indexed_again(corpus, index_dir):
    update_library(corpus, index_dir)
    path = sorted(corpus.glob("*.txt"))[2]
    past = time.time_ns() - 600 * 10**9
    os.utime(path, ns=(past, past))  # touched: another time, the same bytes
    library, report = update_library(corpus, index_dir)
    assert (library.origin, report.hashed, report.refreshed, report.added, report.removed) == ("loaded", 1, 1, (), ())
    assert segments(index_dir) and len(segments(index_dir)) == 1
    _, report = update_library(corpus, index_dir)
    assert report.hashed == 0


def test_reload_reads_only_the_new_segment(corpus, index_dir):
    from bot.service import SearchService

    service = SearchService(corpus, index_dir)
    add(corpus, 3)
    summary = service.reload()
    assert service.last_update is not None and service.last_update.added == ("festival_3",)
    assert summary.documents == 6
    assert service.ask(question(3), 3).answers[0].doc_id == "festival_3"


def test_two_processes_build_what_one_builds(corpus, index_dir, monkeypatch, questions):
    """The parallel build (forced here on a small corpus) gives the same passages, in the
    same order, and the same answers, as the single-process one."""
    for number in range(len(PLACES)):
        add(corpus, number)
    single = open_library(corpus, index_dir / "one")
    monkeypatch.setattr(store, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(store, "CHUNK_FILES", 2)
    parallel = open_library(corpus, index_dir / "two")
    assert list(parallel.documents) == list(single.documents)
    assert parallel.index.vocabulary == single.index.vocabulary
    assert answers(parallel, questions) == answers(single, questions)


# -- merges ----------------------------------------------------------------------------


def grow(corpus: Path, index_dir: Path) -> None:
    """The seeds, then four one-article updates: four segments of one size, a merge due."""
    update_library(corpus, index_dir, merge="off")
    for number in range(len(PLACES)):
        add(corpus, number)
        update_library(corpus, index_dir, merge="off")


def test_segments_of_one_size_are_merged_with_the_same_answers(corpus, index_dir, questions):
    grow(corpus, index_dir)
    before = opened(corpus, index_dir)
    assert len(segments(index_dir)) == 5
    library, report = update_library(corpus, index_dir, merge="inline")
    assert report.merge == "done"
    assert len(segments(index_dir)) == 2
    after = opened(corpus, index_dir)
    assert answers(after, questions) == answers(before, questions) == answers(library, questions)
    assert update_library(corpus, index_dir, merge="inline")[1].merge == "none"


def test_a_segment_damaged_on_disk_is_not_merged_and_the_next_start_rebuilds(corpus, index_dir, questions, caplog):
    """Damage a load takes on trust (the file's size and time as recorded) would be
    copied by a merge into a new segment with sound checksums, where no check finds it
    again (H97: an article quoted with its name overwritten). The merge hashes what it
    merges, refuses, and marks the file; the next start rebuilds."""
    grow(corpus, index_dir)
    damaged = home(index_dir) / segments(index_dir)[-1] / "texts.npy"
    info = damaged.stat()
    data = bytearray(damaged.read_bytes())
    data[-20:-10] = b"X" * 10
    damaged.write_bytes(bytes(data))
    os.utime(damaged, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert update_library(corpus, index_dir, merge="off")[0].origin == "loaded", "taken on trust"
    caplog.set_level(logging.WARNING, logger="retrieval.merging")
    assert update_library(corpus, index_dir, merge="inline")[1].merge == "none"
    assert any("texts.npy" in r.getMessage() and "not merged" in r.getMessage() for r in caplog.records if r.name == "retrieval.merging")
    rebuilt = opened(corpus, index_dir)
    assert rebuilt.origin == "built"
    assert answers(rebuilt, questions) == answers(Library.from_corpus(load_corpus(corpus)), questions)


@pytest.mark.parametrize("command", ["add", "ask"])
def test_a_command_line_run_finishes_the_merge_it_started_before_it_exits(corpus, index_dir, tmp_path, monkeypatch, command):
    """A merge too big to run inline runs in a thread, which dies with a ``tanya add`` or
    ``tanya ask`` process: an archive fed by cron adds piled up segments (H40)."""
    from bot.cli import main

    monkeypatch.setattr(store, "INLINE_MERGE_PASSAGES", 0)  # every merge in the background, as a big one is
    grow(corpus, index_dir)
    assert len(segments(index_dir)) == 5
    source = tmp_path / "baru.txt"
    source.write_text(article(0).replace("Parangtritis", "Kuta"), encoding="utf-8")
    arguments = ["add", str(source)] if command == "add" else ["ask", "--json", question(0)]
    assert main([*arguments, "--corpus", str(corpus), "--index-dir", str(index_dir)]) == 0
    assert not [t for t in threading.enumerate() if t.name == "tanya-merge"], "returned with the merge still running"
    assert len(segments(index_dir)) <= 3


def test_a_segment_mostly_deleted_is_rewritten_without_its_deleted_passages(corpus, index_dir, questions):
    update_library(corpus, index_dir, merge="off")
    for path in sorted(corpus.glob("*.txt"))[:2]:
        path.unlink()
    library, report = update_library(corpus, index_dir, merge="inline")
    assert report.merge == "done"
    merged = open_library(corpus, index_dir)
    assert merged.live_documents is None and merged.passage_count == len(merged.passages) == library.passage_count
    assert answers(merged, questions) == answers(library, questions) == answers(Library.from_corpus(load_corpus(corpus)), questions)


CRASH = """
import os, sys
from pathlib import Path
import numpy
import retrieval.store as store
from retrieval.analysis import Analyzer
from retrieval.cache_layout import CacheKey
from retrieval.index import BM25Parameters
from retrieval.merging import merge_segments

corpus, index_dir, what, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
calls = 0

def dying(real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == nth:
            os._exit(9)  # the process dies here, files half written
        return real(*args, **kwargs)
    return call

if what == "save":
    numpy.save = dying(numpy.save)
else:
    Path.rename = dying(Path.rename)
key = CacheKey(Path(corpus).resolve(), Analyzer().version, BM25Parameters())
if os.environ.get("CRASH_DURING") == "update":
    store.update_library(corpus, index_dir, merge="off")
else:
    merge_segments(Path(index_dir) / key.name, key, Analyzer())
sys.exit(0)
"""


def crash(corpus: Path, index_dir: Path, what: str, nth: int, during: str) -> None:
    """Run an update or a merge in a real process that dies at the ``nth`` call of
    ``numpy.save`` or ``Path.rename``: files half written, or written and not published."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRASH), str(corpus), str(index_dir), what, str(nth)],
        cwd=REPOSITORY,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY), "CRASH_DURING": during},
    )
    assert done.returncode == 9, done.stderr.decode()


@pytest.mark.parametrize(
    "what, nth",
    [
        pytest.param("save", 2, id="writing-the-new-segment"),
        pytest.param("rename", 1, id="publishing-the-new-segment"),
        pytest.param("rename", 2, id="publishing-the-generation"),
    ],
)
def test_a_crash_during_an_add_leaves_the_previous_index_answering(corpus, index_dir, questions, caplog, what, nth):
    before = opened(corpus, index_dir)
    listed = segments(index_dir)
    doc_id = add(corpus, 2)
    crash(corpus, index_dir, what, nth, "update")
    assert segments(index_dir) == listed
    # Without the new file, the corpus is what the previous generation indexed: it loads
    # as it was, with nothing reported.
    saved = (corpus / f"{doc_id}.txt").read_bytes()
    (corpus / f"{doc_id}.txt").unlink()
    caplog.clear()
    library, report = update_library(corpus, index_dir, merge="off")
    assert (library.origin, report.rebuilt, store_warnings(caplog)) == ("loaded", False, [])
    assert answers(library, questions) == answers(before, questions)
    # With it, the add is not lost: the next start finds the file unindexed and indexes it.
    (corpus / f"{doc_id}.txt").write_bytes(saved)
    library, report = update_library(corpus, index_dir, merge="off")
    assert (library.origin, report.added) == ("updated", (doc_id,))
    assert cited(library, question(2))[0] == doc_id


@pytest.mark.parametrize(
    "what, nth",
    [
        pytest.param("save", 3, id="writing-the-merged-segment"),
        pytest.param("rename", 1, id="publishing-the-merged-segment"),
        pytest.param("rename", 2, id="publishing-the-generation"),
    ],
)
def test_a_crash_during_a_merge_leaves_the_previous_index_answering(corpus, index_dir, questions, caplog, what, nth):
    grow(corpus, index_dir)
    before = opened(corpus, index_dir)
    listed = segments(index_dir)
    crash(corpus, index_dir, what, nth, "merge")
    caplog.clear()
    library, report = update_library(corpus, index_dir, merge="off")
    assert (library.origin, report.rebuilt) == ("loaded", False)
    assert not store_warnings(caplog)
    assert segments(index_dir) == listed
    assert answers(library, questions) == answers(before, questions)
    # The merge runs again next time, and what it leaves answers the same.
    assert update_library(corpus, index_dir, merge="inline")[1].merge == "done"
    assert len(segments(index_dir)) == 2
    assert answers(open_library(corpus, index_dir), questions) == answers(before, questions)
    assert not [p for p in home(index_dir).iterdir() if p.name.startswith(".tmp-")]


def test_a_damaged_segment_of_several_is_reported_once_and_rebuilt(corpus, index_dir, questions, caplog):
    grow(corpus, index_dir)
    before = opened(corpus, index_dir)
    newest = home(index_dir) / segments(index_dir)[-1]
    (newest / "postings.npy").write_bytes(b"damaged")
    caplog.clear()
    library, report = update_library(corpus, index_dir, merge="off")
    warnings = store_warnings(caplog)
    assert len(warnings) == 1 and "damaged" in warnings[0] and "rebuilding" in warnings[0]
    assert (library.origin, report.rebuilt) == ("built", True)
    assert len(segments(index_dir)) == 1
    assert sorted(d.doc_id for d in library.documents) == sorted(d.doc_id for d in before.documents)
    assert answers(library, questions) == answers(Library.from_corpus(load_corpus(corpus)), questions)


def test_a_merge_starts_from_the_latest_generation(corpus, index_dir):
    """A deletion published after the merge became due is part of what it merges."""
    grow(corpus, index_dir)
    key = CacheKey(corpus.resolve(), Analyzer().version, BM25Parameters())
    generation = cache_files.read_generation(home(index_dir), cache_files.latest_generation(home(index_dir)), key)
    (corpus / "festival_0.txt").unlink()
    update_library(corpus, index_dir, merge="off")  # festival_0's segment now has a deletion
    latest = cache_files.latest_generation(home(index_dir))
    assert latest == generation.number + 1
    assert merge_segments(home(index_dir), key, Analyzer())  # based on the latest: merges
    assert "festival_0" not in [d.doc_id for d in open_library(corpus, index_dir).documents]
