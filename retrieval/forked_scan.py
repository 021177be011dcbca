"""The corpus scan of a start, taken in forked children while the start reads the index.

A start stats every article file (some 77,000 at 1M paragraphs: 0.3-0.45 s here) and
reads the index (the analyzer, the segments: 0.1-0.2 s). A thread cannot take the scan
off the reading: each stat lets go of the GIL for a few microseconds and then waits for
it while the other thread runs Python (measured: more CPU and no less time). Children
forked at the start scan instead, each a share of the corpus folder's entries
(``scan_corpus``'s ``share``), and hand their columns back through pipes: names as
lines, sizes and times as raw int64, the rest as JSON. Nothing is unpickled; a child
runs nothing but its scan and leaves with ``os._exit``. Two children: the stats are
mostly the kernel's time, which two cores share out (the bare stats of 77,000
files, measured: 0.26-0.27 s in one child, 0.16-0.22 s in two).

Forking is safe only while this process runs one thread (a lock another thread holds
stays held in the child), so with threads running, or without ``fork``, the scan is
taken in this process when it is asked for.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import struct
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from retrieval.corpus import CorpusError, Scan, Skipped, joined_scans, scan_corpus
from retrieval.orphans import die_with_parent, interrupts_held
from retrieval.packed import pack_lines, unpack_lines

# The reply's header: the lengths of its JSON, its names and its numbers, and whether
# the scan failed with a CorpusError (the JSON is then its message).
HEADER = struct.Struct("<QQQ?")
# How many children share a scan out.
CHILDREN = 2


class ScanFailed(Exception):
    """The child could not hand back a scan (it died, or failed unexpectedly)."""


class Scanning:
    """A scan under way: ``result()`` waits for it (CorpusError as scan_corpus)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._children: list[tuple[int, int]] = []  # pid, reading end of the pipe
        self._scan: Scan | None = None
        if _may_fork():
            for share in range(CHILDREN):
                child = _fork_scan(directory, (share, CHILDREN))
                if child is None:
                    break
                self._children.append(child)
            if len(self._children) < CHILDREN:  # a fork failed: scan here, whole
                self.close()

    def result(self) -> Scan:
        if self._scan is None:
            shares: list[Scan] | None = []
            try:
                while self._children and shares is not None:
                    try:
                        shares.append(_collect(self.directory, *self._children.pop(0)))
                    except ScanFailed:
                        shares = None  # the whole scan is taken here instead
            finally:
                self.close()  # the children left after a failure (a CorpusError too)
            self._scan = joined_scans(shares) if shares else scan_corpus(self.directory)
        return self._scan

    def close(self) -> None:
        """Reap the children whose scans were never asked for."""
        children, self._children = self._children, []
        for pid, reading in children:
            os.close(reading)  # a child still writing gets a broken pipe and leaves
            os.waitpid(pid, 0)


@contextlib.contextmanager
def scanning(directory: Path) -> Iterator[Scanning]:
    """The scan of ``directory`` started (in a forked child where that is safe) while
    the block runs; the child is reaped on leaving it."""
    started = Scanning(directory)
    try:
        yield started
    finally:
        started.close()


def _may_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux") and threading.active_count() == 1


def _fork_scan(directory: Path, share: tuple[int, int]) -> tuple[int, int] | None:
    """Fork a child that scans its ``share`` of ``directory`` and writes its reply to a
    pipe: the child's pid and the pipe's reading end; None when the fork fails."""
    reading, writing = os.pipe()
    parent = os.getpid()
    try:
        with interrupts_held():
            pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the child: scan, reply, leave without running anything of the parent's
        try:
            # No collection: it would walk every object inherited from the parent,
            # copying each page it touches; the child makes no cycles and soon leaves.
            gc.disable()
            die_with_parent(parent)
            os.close(reading)
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(_reply(directory, share))
        finally:
            os._exit(0)
    os.close(writing)
    return pid, reading


def _reply(directory: Path, share: tuple[int, int]) -> bytes:
    """The scan of a share of ``directory`` as the parent decodes it (``_decode``)."""
    try:
        scan = scan_corpus(directory, share)
    except CorpusError as error:
        message = json.dumps(str(error)).encode("ascii")
        return HEADER.pack(len(message), 0, 0, True) + message
    except Exception:  # noqa: BLE001 - anything else: the parent scans for itself
        return b""
    meta = json.dumps(
        {
            "targets": {str(i): str(path) for i, path in scan.targets.items()},
            "skipped": [[skip.path, skip.reason] for skip in scan.skipped],
        }
    ).encode("ascii")  # ensure_ascii: names that are not UTF-8 travel as escapes
    names = pack_lines(scan.names).tobytes()
    numbers = np.stack([scan.sizes, scan.mtimes]).astype("<i8").tobytes()
    return HEADER.pack(len(meta), len(names), len(numbers), False) + meta + names + numbers


def _collect(directory: Path, pid: int, reading: int) -> Scan:
    """The child's scan (read whole, then the child reaped); ScanFailed when it gave
    none."""
    with os.fdopen(reading, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return _decode(directory, data)


def _decode(directory: Path, data: bytes) -> Scan:
    if len(data) < HEADER.size:
        raise ScanFailed("the scanning child gave no reply")
    meta_size, names_size, numbers_size, failed = HEADER.unpack_from(data)
    if len(data) != HEADER.size + meta_size + names_size + numbers_size:
        raise ScanFailed("the scanning child's reply is cut short")
    meta = json.loads(data[HEADER.size : HEADER.size + meta_size])
    if failed:
        raise CorpusError(meta)
    start = HEADER.size + meta_size
    numbers = np.frombuffer(data, dtype="<i8", offset=start + names_size).astype(np.int64).reshape(2, -1)
    names = unpack_lines(np.frombuffer(data, dtype=np.uint8, count=names_size, offset=start), numbers.shape[1])
    targets = {int(i): Path(path) for i, path in meta["targets"].items()}
    skipped = tuple(Skipped(path, reason) for path, reason in meta["skipped"])
    return Scan(directory, tuple(names), numbers[0].copy(), numbers[1].copy(), targets, skipped)
