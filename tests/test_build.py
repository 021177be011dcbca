"""A cold build read by two worker processes (forced here on a small corpus, in chunks
of two files) writes the index one process writes, byte for byte: the workers send back
columns and arrays (wordings, packed texts, file digests) and the parent only joins
them and merges the chunks' segments. With a file that cannot be read, a doc_id two
files claim, a link and a folder among the articles."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

import pytest

import retrieval.store as store
from retrieval.store import open_library


@pytest.fixture
def corpus(corpus_copy) -> Path:
    """The seeds, an empty file, a second file with a seed's doc_id, a link to a seed
    and a folder with a seed in it; all last modified an hour ago."""
    seeds = sorted(p for p in corpus_copy.iterdir() if p.suffix == ".txt")
    (corpus_copy / "kosong.txt").write_text("", encoding="utf-8")
    shutil.copy(seeds[0], seeds[0].with_suffix(".md"))
    (corpus_copy / "tautan.txt").symlink_to(seeds[1].name)
    (corpus_copy / "arsip").mkdir()
    shutil.copy(seeds[2], corpus_copy / "arsip" / "lama.txt")
    past = time.time_ns() - 3600 * 10**9
    for path in corpus_copy.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, ns=(past, past))
    return corpus_copy


def index_files(index_dir: Path) -> dict[str, object]:
    """Every file of the index's one segment and one generation, by kind: the bytes of
    each array, each JSON document without the time it was checked; manifests (times
    and names) left out."""
    (home,) = [p for p in index_dir.iterdir() if not p.name.startswith(".")]
    found: dict[str, object] = {}
    for kind in ("seg-", "gen-"):
        (directory,) = [p for p in home.iterdir() if p.name.startswith(kind)]
        for path in sorted(directory.iterdir()):
            if path.name == "manifest.json":
                continue
            value: object = path.read_bytes()
            if path.suffix == ".json":
                value = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(value, dict):
                    value.pop("checked_ns", None)
            found[kind + path.name] = value
    return found


def warnings(caplog) -> list[str]:
    return sorted(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)


def test_two_processes_write_the_index_one_process_writes(corpus, tmp_path, monkeypatch, caplog):
    with caplog.at_level(logging.WARNING):
        single = open_library(corpus, tmp_path / "one")
    warned_once = warnings(caplog)
    caplog.clear()
    monkeypatch.setattr(store, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(store, "CHUNK_FILES", 2)
    with caplog.at_level(logging.WARNING):
        parallel = open_library(corpus, tmp_path / "two")
    assert single.origin == parallel.origin == "built"
    assert any("kosong.txt" in w for w in warned_once) and any("same doc_id" in w for w in warned_once)
    assert warnings(caplog) == warned_once
    assert list(parallel.documents) == list(single.documents)
    assert {"tautan", "arsip/lama"} <= {d.doc_id for d in parallel.documents}
    assert index_files(tmp_path / "two") == index_files(tmp_path / "one")


def test_workers_of_another_analyzer_than_the_builders_hand_the_build_back(corpus, monkeypatch, caplog):
    # After an upgrade in place, a spawned worker imports the new code while the bot that
    # started it asks with the old: its terms would not be the ones asked with.
    from retrieval.analysis import Analyzer
    from retrieval.corpus import scan_corpus

    monkeypatch.setattr(store, "CHUNK_FILES", 2)
    files = scan_corpus(corpus)
    with caplog.at_level(logging.WARNING):
        stale = store._read_and_index_parallel(corpus, files, False, True, "0-an-older-analyzer")
    assert stale is None
    assert any("code changed on disk" in w and "restart" in w for w in warnings(caplog))
    read = store._read_and_index_parallel(corpus, files, False, True, Analyzer().version)
    alone = store._read_and_index(corpus, files, Analyzer(), False, True)  # too small to share out
    assert read is not None and read.outcomes == alone.outcomes and read.counts.tolist() == alone.counts.tolist()


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_a_build_waiting_for_a_worker_stops_at_a_noted_interrupt_and_raises_nothing():
    # Raised inside the wait on a worker's result, a second Ctrl-C could leave the
    # result's lock held, and the pool's thread waited on it for ever at shutdown.
    import multiprocessing
    import signal
    import threading
    from concurrent.futures import ProcessPoolExecutor

    from retrieval.orphans import end_pool

    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    try:
        assert store._done_unless_stopped(pool.submit(_sleep, 0), []) is True
        busy = pool.submit(_sleep, 60)
        stopping: list[int] = []
        threading.Timer(0.2, stopping.append, [signal.SIGINT]).start()
        started = time.monotonic()
        assert store._done_unless_stopped(busy, stopping) is False
        assert time.monotonic() - started < 30 and not busy.done()
    finally:
        end_pool(pool)


@pytest.mark.parametrize(
    ("handler", "held"),
    [
        ("default_int_handler", True),  # Ctrl-C as Python takes it: noted, raised after
        ("SIG_IGN", False),  # ignored (a job started with & by a script): stays ignored, never a stop
        ("SIG_DFL", False),  # left to the default: still ends the process at once
    ],
)
def test_only_a_signal_python_handles_is_held_while_the_pool_ends(handler, held):
    import signal

    before = signal.signal(signal.SIGINT, getattr(signal, handler))
    try:
        with store._uninterrupted() as stopping:
            inside = signal.getsignal(signal.SIGINT)
        assert (inside is not getattr(signal, handler)) is held and stopping == []
        assert signal.getsignal(signal.SIGINT) is getattr(signal, handler)
    finally:
        signal.signal(signal.SIGINT, before)


def _chunk_after_ctrl_c(corpus_dir, files, hashing, version):
    """A worker's chunk that presses Ctrl-C on the build (its parent) first, then reads
    slowly: the interrupt comes while the build waits for the workers."""
    import signal

    os.kill(os.getppid(), signal.SIGINT)
    time.sleep(1)
    return _real_index_chunk(corpus_dir, files, hashing, version)


_real_index_chunk = store._index_chunk


@pytest.mark.parametrize("handler", ["raising", "recording"], ids=["ctrl-c", "a handler that raises nothing"])
def test_an_interrupted_build_ends_its_workers_and_never_returns_the_chunks_read_so_far(corpus, monkeypatch, handler):
    import multiprocessing
    import signal
    import threading

    from retrieval.analysis import Analyzer
    from retrieval.corpus import scan_corpus

    recorded: list[int] = []
    chosen = signal.default_int_handler if handler == "raising" else (lambda number, frame: recorded.append(number))
    monkeypatch.setattr(store, "CHUNK_FILES", 1)
    monkeypatch.setattr(store, "_index_chunk", _chunk_after_ctrl_c)
    before = {t for t in threading.enumerate()}
    previous = signal.signal(signal.SIGINT, chosen)
    try:
        with pytest.raises(KeyboardInterrupt):
            store._read_and_index_parallel(corpus, scan_corpus(corpus), False, True, Analyzer().version)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert multiprocessing.active_children() == []  # the workers ended, none left reading
    assert [t for t in threading.enumerate() if t not in before and not t.daemon] == []  # so is the pool's thread (the exit waits for it)
    assert recorded == ([] if handler == "raising" else [signal.SIGINT])
