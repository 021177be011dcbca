"""Opening a corpus as a searchable Library, through a persisted, incremental index cache.

The index lives under the index directory, in a subdirectory named after the corpus
path and a key: the analyzer's version, the BM25 parameters and this format. Inside it:

- ``seg-<name>/``: segments (:mod:`retrieval.segments`), each the postings, passage texts
  and document columns of the articles one build or update indexed. Never changed once
  written.
- ``gen-<number>/``: generations, each naming the live segments in order, the documents
  deleted from them (their file was changed or removed), and one record per article
  file: its relative path, size, modification time, the SHA-256 of its bytes, and the
  segment and document holding it (or why it was skipped). The highest number is the
  index.

Opening scans the corpus (names, sizes, modification times as columns; in a forked
child while the index is read, see :mod:`retrieval.forked_scan`) and compares them
with the records, kept as columns in the scan's order, vectorised; only a file
whose stat changed is hashed, and only a file whose bytes changed is read: one with the
same hash just gets its record refreshed. New and changed articles
go into one new segment, removed and changed ones are marked deleted, and a new
generation is published; with no change at all, nothing is hashed and the segments are
memory-mapped as they are. When too many segments of a size have gathered, or too much
of one is deleted, a merge (:func:`merge_segments`) rewrites them into one from their
arrays, in the background.

The cache holds plain data only: ``.npy`` arrays (memory-mapped, read with
``allow_pickle=False``; the passages are one of them, a UTF-8 blob with its offsets, and
so are the document columns, the sorted terms and the records' paths: see
:mod:`retrieval.packed`) and JSON. Nothing in it is executed on loading. Every segment and generation is written to
a temporary directory and renamed into place, and a manifest written last records every
file's size, SHA-256 and modification time, that time first set back (_seal): a load
takes a file whose size and time are as recorded as written (any change since would
have given it a later time), and hashes any other against its checksum. A cache that a
crash, a full disk or a stray edit has damaged is reported in one warning and rebuilt,
never trusted. A crash
in the middle of an update or a merge leaves the previous generation, and the segments
it names, as they were: it answers. Checksums only say the files are those the manifest
names, so every number that indexes something (postings, offsets, lengths, passage
offsets, deleted documents, file records) is also checked to be in range, vectorised: a
cache altered together with its manifest is rebuilt too, rather than failing questions
with an IndexError.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import multiprocessing
import os
import re
import secrets
import shutil
import stat
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np
import platformdirs
from tqdm import tqdm

from retrieval.analysis import Analyzer
from retrieval.corpus import (
    ArticleFile,
    CorpusError,
    Document,
    Scan,
    Skipped,
    content_digest,
    no_articles,
    read_document,
    reason_of,
    shown,
    warn_skipped,
)
from retrieval.forked_scan import Scanning, scanning
from retrieval.index import BM25Index, BM25Parameters
from retrieval.language import load_language
from retrieval.library import DocumentColumns, Library, Passages
from retrieval.packed import TextColumn, pack_lines, pack_texts, text_columns, unpack_lines
from retrieval.segments import INDEX_ARRAYS, Merger, Segment, merge

logger = logging.getLogger(__name__)

# Bump when the files written here, or what reading the corpus puts in them, change
# meaning: it is part of the key. 2: paragraph numbers stored (a long paragraph is
# several passages); article text without control characters. 3: documents.json has
# "urls". 4: segments and generations with file records. 5: documents.json has
# "wordings" (retrieval.wording), so adding an article finds duplicates from the index.
# 6: manifests record each file's modification time (a start hashes no unchanged file);
# file records as columns (records.npy, hashes.npy); terms.json and term_rows.npy (terms
# looked up by bisection, not hashed into a dict at every start). 7: the document
# columns, the sorted terms and the records' paths packed as UTF-8 arrays
# (retrieval.packed), not JSON: a start decodes no document until it is read.
FORMAT_VERSION = 7
MANIFEST = "manifest.json"
VOCABULARY = "vocabulary.json"
# The documents: their six text columns end to end (doc_ids, titles, sources, dates,
# urls, wordings: packed.pack_texts), where each value starts, which are None, and each
# document's paragraph count.
DOCUMENT_TEXT = "document_text.npy"
DOCUMENT_OFFSETS = "document_offsets.npy"
DOCUMENT_MISSING = "document_missing.npy"
PARAGRAPHS = "paragraphs.npy"
DOCUMENT_FILES = (DOCUMENT_TEXT, DOCUMENT_OFFSETS, DOCUMENT_MISSING, PARAGRAPHS)
COLUMN_NAMES = ("doc_ids", "titles", "sources", "dates", "urls", "wordings")
# The columns a document always has a value in (the others may hold None).
REQUIRED_COLUMNS = ("doc_ids", "titles", "wordings")
TEXTS = "texts.npy"
TEXT_OFFSETS = "text_offsets.npy"
NUMBERS = "numbers.npy"
# The vocabulary again, sorted (packed as lines), and each term's row: what a load reads
# (the rows' order above is what shards.segment_statistics reads).
TERMS = "terms.npy"
TERM_ROWS = "term_rows.npy"
SEGMENT_FILES = (VOCABULARY, TERMS, TERM_ROWS, *DOCUMENT_FILES, TEXTS, TEXT_OFFSETS, NUMBERS, *(f"{name}.npy" for name in INDEX_ARRAYS))
RECORDS = "records.json"
RECORD_PATHS = "record_paths.npy"
RECORD_NUMBERS = "records.npy"
HASHES = "hashes.npy"
DELETED = "deleted.json"
GENERATION_FILES = (RECORDS, RECORD_PATHS, RECORD_NUMBERS, HASHES, DELETED)
SEGMENT_PREFIX = "seg-"
GENERATION_PREFIX = "gen-"
GENERATION_NAME = re.compile(r"gen-(\d{12})")
LOCK = ".lock"
# Checksums are read in pieces this big, so verifying never holds a whole file; two
# threads hash (hashlib lets go of the GIL), one a core.
HASH_CHUNK = 8 << 20
HASH_THREADS = 2
# A build shorter than this shows no progress bar.
PROGRESS_DELAY_SECONDS = 1.0
# A file modified this soon before its stat was taken may change again within the same
# tick of the file system's clock (2 s on FAT) and keep its time: it is hashed again.
# The cache's own files are dated twice this far back once written, so that any later
# change gives them another time (see _seal).
RACY_NS = 2_000_000_000
# Articles to read at once worth two processes (a worker's start costs ~0.5 s): about
# 20k paragraphs of news.
PARALLEL_MIN_BYTES = 4_000_000
WORKERS = 2
CHUNK_FILES = 500
# Merge policy: this many segments of one size tier (sizes within a factor of it) are
# merged into one; so is a segment with more than this share of its passages deleted.
MERGE_FACTOR = 4
MAX_DELETED_SHARE = 0.25
# A merge of at most this many passages runs at the end of the update that calls for it
# (tens of milliseconds), a bigger one in a background thread.
INLINE_MERGE_PASSAGES = 20_000
# How a build or update runs the merge its result calls for.
MergeMode = Literal["background", "inline", "off"]


class CacheDamaged(Exception):
    """A cache directory that cannot be trusted; the message says why."""


@dataclass(frozen=True)
class CacheKey:
    """What a cached index depends on besides the corpus, and the directory it lives in."""

    corpus: Path  # resolved: the same corpus reached by two paths is one corpus
    analyzer: str
    parameters: BM25Parameters

    @property
    def digest(self) -> str:
        """Everything the index content depends on (not the corpus path)."""
        content = {"format": FORMAT_VERSION, "analyzer": self.analyzer, "parameters": asdict(self.parameters)}
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()

    @property
    def corpus_prefix(self) -> str:
        """The part of the directory name shared by every cache of this corpus path."""
        # os.fsencode: a path that is not UTF-8 has bytes no str.encode takes back.
        return hashlib.sha256(os.fsencode(self.corpus)).hexdigest()[:16] + "-"

    @property
    def name(self) -> str:
        return self.corpus_prefix + self.digest[:32]


class FileRecord(NamedTuple):
    """What the index knows of one article file just read: its stat and content, and
    the document holding it (``segment`` None: skipped, for ``reason``). A generation
    keeps them as columns (Records); a build makes one a file, and a tuple is made 3
    times faster than a dataclass."""

    path: str  # relative to the corpus, with forward slashes
    size: int
    mtime_ns: int
    sha256: str
    segment: str | None = None
    document: int = -1
    reason: str | None = None

    @property
    def indexed(self) -> bool:
        return self.segment is not None


# The columns of Records.numbers.
SIZE, MTIME, SEGMENT, DOCUMENT = range(4)


@dataclass(frozen=True, eq=False)
class Records:
    """The file records of a generation, column by column: per article file (its path
    relative to the corpus, with forward slashes) the size and modification time when
    indexed, the SHA-256 of its bytes (corpus.content_digest), the segment (a position
    in the generation's list; -1: skipped) and document holding it, or why it was
    skipped. Columns, not a record a file: every start compares each file of the
    archive with them, and publishing a change writes them all again."""

    paths: tuple[str, ...]
    numbers: np.ndarray  # int64 (files, 4): SIZE, MTIME, SEGMENT, DOCUMENT
    hashes: np.ndarray  # uint8 (files, 32)
    reasons: Mapping[int, str]  # position -> why skipped; skipped files only

    def __len__(self) -> int:
        return len(self.paths)

    def digest(self, position: int) -> str:
        return bytes(self.hashes[position]).hex()

    def indexed(self, position: int) -> bool:
        return bool(self.numbers[position, SEGMENT] >= 0)

    def retrying(self) -> np.ndarray:
        """Per record, whether it was skipped for another file's doc_id: read again in
        case that one has gone."""
        retry = np.zeros(len(self.paths), dtype=bool)
        retry[[p for p, reason in self.reasons.items() if reason.startswith("same doc_id")]] = True
        return retry

    @classmethod
    def of(cls, records: Sequence[FileRecord], segments: Sequence[str]) -> Records:
        """Records from one record a file (a build's, an update's new files)."""
        place = {name: position for position, name in enumerate(segments)}
        numbers = np.array(
            [(r.size, r.mtime_ns, place[r.segment] if r.segment is not None else -1, r.document) for r in records], dtype=np.int64
        ).reshape(len(records), 4)
        hashes = np.frombuffer(bytes.fromhex("".join(r.sha256 for r in records)), dtype=np.uint8).reshape(len(records), 32)
        reasons = {i: r.reason for i, r in enumerate(records) if r.reason is not None}
        return cls(tuple(r.path for r in records), numbers, hashes, reasons)


@dataclass(frozen=True)
class Generation:
    """One published state of the index: the live segments in order, the documents
    deleted from each (positions), and the file records."""

    number: int
    segments: tuple[str, ...]
    deleted: Mapping[str, tuple[int, ...]]
    records: Records
    checked_ns: int  # when the records' stats were taken (before the listing)

    def deleted_count(self, segment: str) -> int:
        return len(self.deleted.get(segment, ()))


@dataclass(frozen=True, eq=False)
class StoredSegment:
    """A segment with its passages, as loaded (memory-mapped) or just built."""

    name: str
    segment: Segment
    passages: Passages


@dataclass(frozen=True)
class UpdateReport:
    """What bringing the index up to date did."""

    rebuilt: bool  # built from nothing (first open, damaged cache, new analyzer...)
    added: tuple[str, ...] = ()  # doc_ids indexed now (new or changed files)
    removed: tuple[str, ...] = ()  # doc_ids deleted (changed or removed files)
    hashed: int = 0  # files whose size or time had changed, so were hashed
    refreshed: int = 0  # of those, files with the same bytes: record refreshed only
    segments: int = 0  # live segments afterwards
    cached: bool = True  # False when the cache could not be written
    merge: str = "none"  # "none", "started" (background), "done" (inline)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return self.rebuilt or bool(self.added or self.removed)


class SegmentCache:
    """Segments already loaded and checked by this process, by directory: a running bot
    reloading after one new article reads the new segment, not the million paragraphs
    it has open. A segment never changes once written, and an entry is used only while
    its manifest is the same file (inode, size, time)."""

    def __init__(self) -> None:
        self._segments: dict[str, tuple[tuple[int, int, int], StoredSegment]] = {}
        self._lock = threading.Lock()

    def get(self, directory: Path) -> StoredSegment | None:
        stamp = _stamp(directory / MANIFEST)
        with self._lock:
            found = self._segments.get(str(directory))
        return found[1] if found and found[0] == stamp else None

    def put(self, directory: Path, segment: StoredSegment) -> None:
        stamp = _stamp(directory / MANIFEST)
        if stamp is not None:
            with self._lock:
                self._segments[str(directory)] = (stamp, segment)

    def keep_only(self, directories: Sequence[Path]) -> None:
        wanted = {str(d) for d in directories}
        with self._lock:
            for name in set(self._segments) - wanted:
                del self._segments[name]


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def default_index_dir() -> Path:
    """The user cache directory, where indexes live unless told otherwise."""
    return Path(platformdirs.user_cache_dir("tanya"))


# -- opening and updating ------------------------------------------------------------


def open_library(
    corpus_dir: Path | str,
    index_dir: Path | str | None = None,
    progress: bool = False,
    *,
    analyzer: Analyzer | None = None,
    parameters: BM25Parameters = BM25Parameters(),
) -> Library:
    """The Library for ``corpus_dir``, its index brought up to date with the directory
    (see :func:`update_library`). Raises CorpusError when the corpus is unusable; cache
    trouble only costs a rebuild."""
    return update_library(corpus_dir, index_dir, progress, analyzer=analyzer, parameters=parameters)[0]


def update_library(
    corpus_dir: Path | str,
    index_dir: Path | str | None = None,
    progress: bool = False,
    *,
    analyzer: Analyzer | None = None,
    parameters: BM25Parameters = BM25Parameters(),
    merge: MergeMode = "background",
    cache: SegmentCache | None = None,
) -> tuple[Library, UpdateReport]:
    """Bring the index of ``corpus_dir`` up to date with the directory and return it: a
    new segment for new and changed files, deletions for changed and removed ones,
    nothing read or hashed for files whose size and modification time are as recorded.
    ``merge`` says how a merge the new state calls for is run; ``cache`` keeps loaded
    segments between calls (a running bot's reloads). Raises CorpusError when the corpus
    is unusable (no directory, no readable article)."""
    started = time.perf_counter()
    corpus_dir = Path(corpus_dir)
    checked_ns = time.time_ns()  # before any stat: a file changed after it is racy
    # The corpus is scanned (in a forked child where that is safe) while this process
    # makes the analyzer and reads the index.
    with scanning(corpus_dir) as scan:
        analyzer = analyzer or Analyzer()
        root = Path(index_dir) if index_dir is not None else default_index_dir()
        key = CacheKey(corpus_dir.resolve(), analyzer.version, parameters)
        home = root / key.name
        updater = _Updater(corpus_dir, home, key, analyzer, parameters, progress, cache)
        library, report = updater.run(scan, checked_ns)
    if report.cached:
        with contextlib.suppress(OSError):
            prune(root, key)
        report = replace(report, merge=_start_merge(updater, merge))
    return library, replace(report, seconds=time.perf_counter() - started)


def _start_merge(updater: _Updater, mode: MergeMode) -> str:
    """Run the merge the published state calls for, if any, as ``mode`` says."""
    if mode == "off" or not updater.merge_due or updater.state is None:
        return "none"
    generation, stored = updater.state
    merging = sum(len(stored[p].passages) for p in merge_plan(stored, generation))
    if mode == "inline" or merging <= INLINE_MERGE_PASSAGES:
        # A few small segments merge in less time than a thread takes to explain.
        return "done" if merge_segments(updater.home, updater.key, updater.analyzer, updater.state) else "none"
    thread = threading.Thread(
        target=_merge_quietly, args=(updater.home, updater.key, updater.analyzer), name="tanya-merge", daemon=True
    )
    with _MERGES_LOCK:
        _MERGES.add(thread)
    thread.start()
    return "started"


# Background merges still running, so a caller can wait for them (a clean shutdown, a
# benchmark); a process that exits without waiting only loses the merge.
_MERGES: set[threading.Thread] = set()
_MERGES_LOCK = threading.Lock()


def wait_for_merges(timeout: float | None = None) -> None:
    """Wait until the background merges this process started have finished."""
    with _MERGES_LOCK:
        running = list(_MERGES)
    for thread in running:
        thread.join(timeout)


def _merge_quietly(home: Path, key: CacheKey, analyzer: Analyzer) -> None:
    """A background merge: a failure costs only the merge (the index stands as it was)."""
    try:
        merge_segments(home, key, analyzer)
    except Exception as error:  # noqa: BLE001 - nothing must escape a background thread
        logger.info("merging the index segments in %s failed (%s); the index stands as it was", home, error)
    finally:
        with _MERGES_LOCK:
            _MERGES.discard(threading.current_thread())


@dataclass
class _Plan:
    """What the corpus has that the records do not say, per listed file (its position
    in the scan): its record's position (-1: none), whether that record stands (some
    refreshed: same bytes, new stat), the files to read (with their digests), and the
    records whose documents are deleted."""

    positions: np.ndarray
    kept: np.ndarray
    read: list[tuple[int, str]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    hashed: int = 0
    refreshed: int = 0
    warned: list[Skipped] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.read or self.removed or self.refreshed)


class _Updater:
    """One update of one index home: read its latest generation, compare the corpus, and
    publish what changed."""

    def __init__(
        self,
        corpus_dir: Path,
        home: Path,
        key: CacheKey,
        analyzer: Analyzer,
        parameters: BM25Parameters,
        progress: bool,
        cache: SegmentCache | None,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.home = home
        self.key = key
        self.analyzer = analyzer
        self.parameters = parameters
        self.progress = progress
        self.cache = cache
        self.merge_due = False
        # The state published or loaded: what a merge starts from.
        self.state: tuple[Generation, list[StoredSegment]] | None = None

    def run(self, scanning: Scanning, checked_ns: int) -> tuple[Library, UpdateReport]:
        """Load the latest generation while ``scanning`` scans the corpus, then bring
        the index up to date with the scan."""
        number = _latest_generation(self.home)
        current = self._load_current()
        scan = scanning.result()  # CorpusError when the corpus cannot be used
        warn_skipped(scan.skipped)
        plan = self._plan(scan, current[0]) if current is not None else None
        if current is not None and plan is not None and plan.unchanged:
            # The common start: nothing hashed, nothing read, nothing written.
            return self._unchanged(current, plan)
        try:
            lock = _locked(self.home)
            lock.__enter__()
        except OSError as error:
            logger.warning("cannot write the index cache at %s (%s); answering without it", self.home, error)
            if current is None or plan is None:
                return self._build_uncached(scan)
            return self._apply(current, plan, scan, checked_ns, publish=False)
        try:
            if _latest_generation(self.home) != number:
                # Another process published meanwhile: compare with what it wrote.
                current = self._load_current()
                plan = self._plan(scan, current[0]) if current is not None else None
            if current is None or plan is None:
                return self._rebuild(scan, checked_ns)
            if plan.unchanged:
                return self._unchanged(current, plan)
            return self._apply(current, plan, scan, checked_ns, publish=True)
        finally:
            lock.__exit__(None, None, None)

    def _unchanged(self, current: tuple[Generation, list[StoredSegment]], plan: _Plan) -> tuple[Library, UpdateReport]:
        generation, stored = current
        warn_skipped(plan.warned)
        logger.info("loaded the index of %s from %s", self.corpus_dir, self.home)
        library = _library(stored, generation, self.parameters, self.analyzer, "loaded")
        _require_documents(library, self.corpus_dir)
        self.merge_due = bool(merge_plan(stored, generation))
        self.state = (generation, stored)
        return library, UpdateReport(rebuilt=False, hashed=plan.hashed, segments=len(stored))

    # -- reading the current state -----------------------------------------------------

    def _load_current(self) -> tuple[Generation, list[StoredSegment]] | None:
        """The latest generation and its segments; None when there is none, or it is
        damaged (reported once)."""
        try:
            if not self.home.is_dir():
                return None
        except OSError:  # a directory tanya may not enter: answered without it, as when unwritable
            return None
        for attempt in range(3):
            number = _latest_generation(self.home)
            if number is None:
                return None
            try:
                generation = read_generation(self.home, number, self.key)
                return generation, self._load_segments(generation)
            except CacheDamaged as damage:
                if attempt < 2 and _latest_generation(self.home) != number:
                    continue  # a newer generation was published meanwhile (this one pruned)
                logger.warning("index cache at %s is damaged (%s); rebuilding", self.home, damage)
                return None
        return None

    def _load_segments(self, generation: Generation) -> list[StoredSegment]:
        stored = []
        for name in generation.segments:
            directory = self.home / name
            found = self.cache.get(directory) if self.cache else None
            if found is None:
                found = load_segment(directory, self.key)
                if self.cache:
                    self.cache.put(directory, found)
            stored.append(found)
        for segment in stored:
            deleted = generation.deleted.get(segment.name, ())
            if deleted and max(deleted) >= len(segment.passages.documents):
                raise CacheDamaged("a deleted document is not in its segment")
        numbers = generation.records.numbers
        segments, documents = numbers[:, SEGMENT], numbers[:, DOCUMENT]
        if len(numbers) and (int(segments.min()) < -1 or int(segments.max()) >= len(stored)):
            raise CacheDamaged("a file record names no segment")
        counts = np.array([len(s.passages.documents) for s in stored] + [0], dtype=np.int64)  # [-1]: skipped
        indexed = segments >= 0
        wrong = np.flatnonzero(indexed & ((documents < 0) | (documents >= counts[segments])))
        if len(wrong):
            raise CacheDamaged(f"the record of {generation.records.paths[int(wrong[0])]} names no document")
        return stored

    # -- comparing the corpus with the records ---------------------------------------

    def _plan(self, scan: Scan, generation: Generation) -> _Plan:
        """Compare the scan with the records, vectorised: only a file whose size or time
        differs from its record's, or was recorded within a clock tick of its change
        (racy), or is new, or waits for another file's doc_id, is looked at one by one
        (hashed)."""
        records = generation.records
        positions = _record_positions(scan.names, records.paths)
        matched = positions >= 0
        found = positions[matched]
        kept = np.zeros(len(positions), dtype=bool)
        kept[matched] = (
            (records.numbers[found, SIZE] == scan.sizes[matched])
            & (records.numbers[found, MTIME] == scan.mtimes[matched])
            & (records.numbers[found, MTIME] < generation.checked_ns - RACY_NS)
        )
        retrying = records.retrying() if records.reasons else None
        if retrying is not None:
            kept[matched] &= ~retrying[found]
        plan = _Plan(positions, kept)
        for i in np.flatnonzero(~kept).tolist():
            self._look_at(plan, scan, records, i)
        listed_at = np.full(len(records), -1, dtype=np.int64)
        listed_at[found] = np.flatnonzero(matched)
        for position, reason in records.reasons.items():
            if listed_at[position] >= 0 and plan.kept[listed_at[position]]:
                # Skipped before and the same bytes now: said again at every start.
                plan.warned.append(Skipped(str(self.corpus_dir / records.paths[position]), reason))
        plan.removed.extend(np.flatnonzero((listed_at < 0) & (records.numbers[:, SEGMENT] >= 0)).tolist())
        return plan

    def _look_at(self, plan: _Plan, scan: Scan, records: Records, i: int) -> None:
        """Listed file ``i``, not kept by its stat: hashed; its record refreshed when the
        bytes are the same, else read (and its old document deleted)."""
        record = int(plan.positions[i])
        digest = content_digest(scan.file(i).target)
        plan.hashed += 1
        retry = record >= 0 and records.reasons.get(record, "").startswith("same doc_id")
        if record >= 0 and digest == records.digest(record) and not retry:
            plan.kept[i] = True
            size, mtime = records.numbers[record, SIZE], records.numbers[record, MTIME]
            same_stat = size == scan.sizes[i] and mtime == scan.mtimes[i]
            # Still within a tick of its change: hashed again next time, nothing to publish.
            plan.refreshed += 0 if same_stat and mtime >= time.time_ns() - RACY_NS else 1
            return
        if record >= 0 and records.indexed(record):
            plan.removed.append(record)
        plan.read.append((i, digest))

    # -- writing -----------------------------------------------------------------------

    def _apply(
        self, current: tuple[Generation, list[StoredSegment]], plan: _Plan, scan: Scan, checked_ns: int, publish: bool
    ) -> tuple[Library, UpdateReport]:
        """Index the files ``plan`` reads into a new segment, mark the documents it
        removes deleted, and (``publish``) write the new generation."""
        generation, stored = current
        records = generation.records
        warn_skipped(plan.warned)
        name = _new_name(SEGMENT_PREFIX)
        read = _part(scan, [i for i, _ in plan.read])
        built, new = self._index_files(read, [digest for _, digest in plan.read], _taken(scan, plan, records), name)
        deleted = {segment: set(positions) for segment, positions in generation.deleted.items()}
        for position in plan.removed:
            segment, document = records.numbers[position, SEGMENT:].tolist()
            deleted.setdefault(generation.segments[segment], set()).add(document)
        segments = list(generation.segments)
        new_stored = list(stored)
        if built is not None:
            segments.append(name)
            new_stored.append(built)
        updated = Generation(
            number=generation.number + 1,
            segments=tuple(segments),
            deleted={s: tuple(sorted(d)) for s, d in deleted.items() if d and s in segments},
            records=_updated_records(scan, plan, records, new, segments),
            checked_ns=checked_ns,
        )
        changed = built is not None or bool(plan.removed)
        library = _library(new_stored, updated, self.parameters, self.analyzer, "updated" if changed else "loaded")
        _require_documents(library, self.corpus_dir)
        cached = publish and self._publish(updated, built, keep_previous=True)
        self.merge_due = cached and bool(merge_plan(new_stored, updated))
        self.state = (updated, new_stored)
        report = UpdateReport(
            rebuilt=False,
            added=tuple(sorted(_doc_id(r.path) for r in new.values() if r.indexed)),
            removed=tuple(sorted(_doc_id(records.paths[p]) for p in plan.removed)),
            hashed=plan.hashed,
            refreshed=plan.refreshed,
            segments=len(new_stored),
            cached=cached,
        )
        if changed:
            logger.info("updated the index of %s: %d added, %d removed", self.corpus_dir, len(report.added), len(report.removed))
        return library, report

    def _rebuild(self, scan: Scan, checked_ns: int) -> tuple[Library, UpdateReport]:
        """Index every article from nothing, and publish it as the only generation."""
        name = _new_name(SEGMENT_PREFIX)
        # Each file is hashed as it is read (in the workers, on a build that has them),
        # not all first, one by one, here.
        built, records = self._index_files(scan, None, {}, name)
        if built is None:
            raise CorpusError(no_articles(self.corpus_dir))
        number = (_latest_generation(self.home) or 0) + 1
        generation = Generation(number, (name,), {}, Records.of(list(records.values()), (name,)), checked_ns)
        library = _library([built], generation, self.parameters, self.analyzer, "built")
        cached = self._publish(generation, built, keep_previous=False)
        report = UpdateReport(
            rebuilt=True,
            added=tuple(built.passages.columns().doc_ids),
            hashed=len(scan.names),
            segments=1,
            cached=cached,
        )
        return library, report

    def _build_uncached(self, scan: Scan) -> tuple[Library, UpdateReport]:
        built, _ = self._index_files(scan, [""] * len(scan.names), {}, "uncached")
        if built is None:
            raise CorpusError(no_articles(self.corpus_dir))
        generation = Generation(0, ("uncached",), {}, Records.of([], ()), 0)
        return _library([built], generation, self.parameters, self.analyzer, "built"), UpdateReport(rebuilt=True, segments=1, cached=False)

    def _index_files(
        self, files: Scan, digests: Sequence[str] | None, taken: dict[str, str], name: str
    ) -> tuple[StoredSegment | None, dict[str, FileRecord]]:
        """Read and index ``files`` (with their digests; None: each file is hashed as it
        is read) into one segment named ``name`` (None when none is readable), the
        doc_ids in ``taken`` already held by other files; the records of the files read."""
        read = _read_and_index(self.corpus_dir, files, self.analyzer, self.progress, hashing=digests is None)
        digests = digests if digests is not None else read.digests
        records: dict[str, FileRecord] = {}
        keep = np.ones(len(read.counts), dtype=bool)  # per document read
        kept = 0
        seen = dict(taken)
        documents = iter(enumerate(read.columns.doc_ids))
        for i, (relative, digest, outcome) in enumerate(zip(files.names, digests, read.outcomes)):
            info = (int(files.sizes[i]), int(files.mtimes[i]))
            if outcome is None:
                document, doc_id = next(documents)
                if doc_id in seen:
                    warn_skipped([Skipped(str(files.directory / relative), f"same doc_id as {Path(seen[doc_id]).name}")])
                    keep[document] = False
                else:
                    seen[doc_id] = relative
                    records[relative] = _record(relative, info, digest, name, kept)
                    kept += 1
            elif not outcome.startswith(("No such file", "Not a directory")):
                records[relative] = _record(relative, info, digest, None, -1, outcome)
        built = read.kept(keep) if kept else None
        return (StoredSegment(name, *built) if built is not None else None), records

    def _publish(self, generation: Generation, built: StoredSegment | None, keep_previous: bool) -> bool:
        """Write the new segment, then the generation naming it; False (with a warning)
        when the cache cannot be written."""
        try:
            if built is not None:
                temporary = write_segment(self.home, self.key, built)
                _publish_directory(temporary, self.home / built.name)
                if self.cache:
                    self.cache.put(self.home / built.name, built)
            write_generation(self.home, self.key, generation)
        except OSError as error:
            logger.warning("cannot write the index cache at %s (%s); answering without it", self.home, error)
            if _latest_generation(self.home) is None:
                shutil.rmtree(self.home, ignore_errors=True)  # a failed first write leaves nothing behind
            return False
        prune_home(self.home, generation.number, keep_previous)
        if self.cache:
            self.cache.keep_only([self.home / s for s in generation.segments])
        return True


def _relative(path: Path, directory: Path) -> str:
    """``path`` (listed under ``directory``) relative to it, with forward slashes: by
    its string where it can (a start does this for every file), else by pathlib."""
    text, prefix = str(path), str(directory)
    if prefix != "." and os.sep == "/" and text.startswith(prefix + "/"):
        return text[len(prefix) + 1 :]
    return path.relative_to(directory).as_posix()


def _doc_id(relative: str) -> str:
    """The doc_id of the file at ``relative`` (see corpus.doc_id_for): without its
    suffix, as PurePosixPath.with_suffix("") has it, by string: an update does this for
    every file of the corpus, and pathlib costs 15 µs a file."""
    folder, slash, name = relative.rpartition("/")
    dot = name.rfind(".")
    return folder + slash + name[:dot] if 0 < dot < len(name) - 1 else relative


def _record(relative: str, info: tuple[int, int] | None, digest: str, segment: str | None, document: int, reason: str | None = None) -> FileRecord:
    size, mtime = info if info is not None else (-1, -1)
    return FileRecord(relative, size, mtime, digest, segment, document, reason)


def _record_positions(names: Sequence[str], paths: Sequence[str]) -> np.ndarray:
    """Per listed file, the position of its record (-1: none): at a start the records
    are the listing itself, in its order, and one comparison of the lists says so."""
    if names == paths:
        return np.arange(len(names), dtype=np.int64)
    place = dict(zip(paths, range(len(paths))))
    return np.fromiter((place.get(name, -1) for name in names), dtype=np.int64, count=len(names))


def _taken(scan: Scan, plan: _Plan, records: Records) -> dict[str, str]:
    """The doc_ids of the files ``plan`` reads that kept, indexed files hold already
    (doc_id -> that file's path): found among the few paths that begin as they do, so
    an update does not take every file's doc_id apart."""
    if not plan.read:
        return {}
    wanted = {_doc_id(scan.names[i]) for i, _ in plan.read}
    prefixes = tuple(doc_id + "." for doc_id in wanted)
    taken = {}
    for i, name in enumerate(scan.names):
        if name.startswith(prefixes) and plan.kept[i] and _doc_id(name) in wanted:
            record = int(plan.positions[i])
            if records.indexed(record):
                taken[_doc_id(name)] = name
    return taken


def _updated_records(scan: Scan, plan: _Plan, records: Records, new: Mapping[str, FileRecord], segments: Sequence[str]) -> Records:
    """The records of the next generation, in the scan's order: the kept ones (with the
    stat just taken: the same, or refreshed), and those of the files just read."""
    count = len(scan.names)
    numbers = np.full((count, 4), -1, dtype=np.int64)
    hashes = np.zeros((count, 32), dtype=np.uint8)
    present = plan.kept.copy()
    kept = np.flatnonzero(plan.kept)
    found = plan.positions[kept]
    numbers[kept, SIZE] = scan.sizes[kept]
    numbers[kept, MTIME] = scan.mtimes[kept]
    numbers[kept, SEGMENT:] = records.numbers[found, SEGMENT:]
    hashes[kept] = records.hashes[found]
    reasons: dict[int, str] = {}
    if records.reasons:
        listed_at = np.full(len(records), -1, dtype=np.int64)
        listed_at[found] = kept
        reasons.update((int(listed_at[p]), reason) for p, reason in records.reasons.items() if listed_at[p] >= 0)
    fresh = Records.of(list(new.values()), segments)
    position_of = {scan.names[i]: i for i, _ in plan.read}
    for j, path in enumerate(fresh.paths):
        i = position_of[path]
        numbers[i] = fresh.numbers[j]
        hashes[i] = fresh.hashes[j]
        present[i] = True
        if j in fresh.reasons:
            reasons[i] = fresh.reasons[j]
    if present.all():
        return Records(scan.names, numbers, hashes, reasons)
    rows = np.flatnonzero(present)
    renumbered = np.cumsum(present) - 1
    return Records(
        tuple(scan.names[i] for i in rows.tolist()),
        numbers[rows],
        hashes[rows],
        {int(renumbered[i]): reason for i, reason in reasons.items()},
    )


def _require_documents(library: Library, corpus_dir: Path) -> None:
    if len(library.documents) == 0:
        raise CorpusError(no_articles(corpus_dir))


def _library(
    stored: Sequence[StoredSegment], generation: Generation, parameters: BM25Parameters, analyzer: Analyzer, origin: Any
) -> Library:
    """The library over ``stored`` segments, with the generation's deletions."""
    masks: list[np.ndarray | None] = []
    live: list[np.ndarray] = []
    base = 0
    for segment in stored:
        count = len(segment.passages.documents)
        deleted = generation.deleted.get(segment.name, ())
        if deleted:
            gone = np.zeros(count, dtype=bool)
            gone[list(deleted)] = True
            masks.append(gone[segment.passages.owners])
            live.append(np.flatnonzero(~gone) + base)
        else:
            masks.append(None)
            live.append(np.arange(base, base + count))
        base += count
    index = BM25Index([s.segment for s in stored], parameters, masks)
    passages = Passages.chain([s.passages for s in stored])
    live_documents = None if all(m is None for m in masks) else np.concatenate(live)
    return Library(passages, index, analyzer, origin=origin, live_documents=live_documents)


# -- reading and indexing articles ---------------------------------------------------


@dataclass(frozen=True)
class ReadArticles:
    """Article files read and indexed, in order, as columns and arrays: what a worker
    sends back for its chunk (pickled in a fraction of the time a Document an article
    took, and put together in the worker: the wordings, the packed texts), and what a
    build makes of all of them."""

    outcomes: list[str | None]  # per file: None (the next document) or why it was skipped
    digests: list[str]  # per file, its content_digest, when asked for (else empty)
    columns: DocumentColumns  # per document
    counts: np.ndarray  # per document, its passages (int64)
    texts: TextColumn[str]  # per passage
    numbers: np.ndarray  # per passage, its paragraph's number (int32)
    segment: Segment | None  # every document's passages; None when none was read

    @classmethod
    def of(
        cls, outcomes: list[str | None], digests: list[str], documents: Sequence[Document], segment: Segment | None
    ) -> ReadArticles:
        return cls(
            outcomes,
            digests,
            DocumentColumns.of_documents(documents),
            np.fromiter((len(d.paragraphs) for d in documents), dtype=np.int64, count=len(documents)),
            TextColumn.pack(p for d in documents for p in d.paragraphs),
            np.fromiter((n for d in documents for n in d.numbers), dtype=np.int32),
            segment,
        )

    @classmethod
    def joined(cls, parts: Sequence[ReadArticles], segment: Segment | None) -> ReadArticles:
        """The chunks of a build, in order, as one, with ``segment``: theirs merged."""
        return cls(
            [o for p in parts for o in p.outcomes],
            [d for p in parts for d in p.digests],
            DocumentColumns.joined([p.columns for p in parts]),
            np.concatenate([p.counts for p in parts]) if parts else np.empty(0, np.int64),
            TextColumn.joined([p.texts for p in parts]),
            np.concatenate([p.numbers for p in parts]) if parts else np.empty(0, np.int32),
            segment,
        )

    def kept(self, keep: np.ndarray) -> tuple[Segment, Passages] | None:
        """The segment and passages of the documents ``keep`` marks (another file's
        doc_id leaves one out); None when none was read."""
        if self.segment is None:
            return None
        if keep.all():
            return self.segment, Passages.from_store(self.columns, self.counts, self.texts, self.numbers)
        passages = np.repeat(keep, self.counts)
        return merge([(self.segment, passages)]), Passages.from_store(
            self.columns.taking(np.flatnonzero(keep).tolist()), self.counts[keep], self.texts.kept(passages), self.numbers[passages]
        )


def _read_and_index(corpus_dir: Path, files: Scan, analyzer: Analyzer, progress: bool, hashing: bool) -> ReadArticles:
    """Read ``files`` and index their documents, in order (``hashing``: each file's
    content_digest taken first); skipped files are warned about. Two processes when
    there is enough to read (by the sizes scanned) and the analyzer is the standard one
    (each worker makes its own)."""
    total = int(files.sizes.sum())
    count = len(files.names)
    if total >= PARALLEL_MIN_BYTES and count > CHUNK_FILES and analyzer.version == Analyzer().version and (os.cpu_count() or 1) > 1:
        return _read_and_index_parallel(corpus_dir, files, progress, hashing)
    articles = [files.file(i) for i in range(count)]
    digests = [content_digest(f.target) for f in articles] if hashing else []
    documents, outcomes = _read_files(corpus_dir, articles)
    paragraphs = sum(len(d.paragraphs) for d in documents.values())
    with _bar(progress, paragraphs, " paragraphs") as bar:
        ordered = [documents[_relative(f.path, corpus_dir)] for f, o in zip(articles, outcomes) if o is None]
        terms = (t for d in ordered for t in analyzer.document_terms(d.title, d.paragraphs))
        segment = Segment.build(terms, bar.update) if ordered else None
    return ReadArticles.of(outcomes, digests, ordered, segment)


def _part(scan: Scan, positions: Sequence[int]) -> Scan:
    """The files of ``scan`` at ``positions``, as a scan of their own: what a worker is
    sent to read. It makes their paths itself: a Path object a file costs the parent
    about a second at 77,000 files."""
    place = {p: i for i, p in enumerate(positions)} if scan.targets else {}
    at = np.asarray(positions, dtype=np.int64)
    targets = {place[p]: target for p, target in scan.targets.items() if p in place}
    return Scan(scan.directory, tuple(scan.names[p] for p in positions), scan.sizes[at], scan.mtimes[at], targets, ())


def _read_files(
    corpus_dir: Path, files: Sequence[ArticleFile], analyzer: Analyzer | None = None
) -> tuple[dict[str, Document], list[str | None]]:
    """Each file as a Document, or why not (warned about, as load_corpus does)."""
    language = load_language()
    analyzer = analyzer or Analyzer(language)
    documents: dict[str, Document] = {}
    outcomes: list[str | None] = []
    for file in files:
        try:
            document = read_document(file.path, corpus_dir, language, analyzer, file.target)
        except (ValueError, OSError) as error:
            reason = reason_of(error) if isinstance(error, OSError) else str(error)
            warn_skipped([Skipped(str(file.path), reason)])
            outcomes.append(reason)
            continue
        documents[_relative(file.path, corpus_dir)] = document
        outcomes.append(None)
    return documents, outcomes


# A worker process's analyzer, made once: its word cache carries from chunk to chunk.
_worker_analyzer: Analyzer | None = None


def _index_chunk(corpus_dir: Path, files: Scan, hashing: bool) -> ReadArticles:
    """A worker's share: read and index ``files`` (warnings are given by the parent)."""
    global _worker_analyzer
    logging.getLogger("retrieval.corpus").setLevel(logging.ERROR)
    if _worker_analyzer is None:
        _worker_analyzer = Analyzer()
    analyzer = _worker_analyzer
    articles = [files.file(i) for i in range(len(files.names))]
    digests = [content_digest(f.target) for f in articles] if hashing else []
    documents, outcomes = _read_files(corpus_dir, articles, analyzer)
    ordered = [documents[_relative(f.path, corpus_dir)] for f, o in zip(articles, outcomes) if o is None]
    terms = (t for d in ordered for t in analyzer.document_terms(d.title, d.paragraphs))
    return ReadArticles.of(outcomes, digests, ordered, Segment.build(terms) if ordered else None)


def _read_and_index_parallel(corpus_dir: Path, files: Scan, progress: bool, hashing: bool) -> ReadArticles:
    """``_read_and_index`` in two processes, chunk by chunk; the chunks' segments are
    merged from their arrays, in file order."""
    count = len(files.names)
    chunks = [_part(files, range(i, min(i + CHUNK_FILES, count))) for i in range(0, count, CHUNK_FILES)]
    parts: list[ReadArticles] = []
    segments: list[Segment] = []
    merger = Merger()
    # Forked when this process has one thread (no start-up cost; a spawned worker
    # would run an unguarded main script again); spawned when it has more (a bot
    # reloads from a thread): a fork copies other threads' locks, held, never released.
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 and hasattr(os, "fork") else "spawn")
    with ProcessPoolExecutor(WORKERS, mp_context=context) as pool, _bar(progress, count, " articles") as bar:
        for chunk, part in zip(chunks, pool.map(_index_chunk, [corpus_dir] * len(chunks), chunks, [hashing] * len(chunks))):
            parts.append(part)
            if part.segment is not None:
                segments.append(part.segment)
                merger.add(part.segment)  # its terms numbered while the workers read on
            for name, outcome in zip(chunk.names, part.outcomes):
                if outcome is not None:
                    warn_skipped([Skipped(str(chunk.directory / name), outcome)])
            bar.update(len(chunk.names))
    return ReadArticles.joined(parts, merger.result() if len(segments) > 1 else segments[0] if segments else None)


def _bar(progress: bool, total: int, unit: str) -> tqdm:
    return tqdm(
        total=total,
        desc="indexing",
        unit=unit,
        file=sys.stderr,
        disable=not (progress and sys.stderr.isatty()),
        delay=PROGRESS_DELAY_SECONDS,
        leave=False,
    )


# -- merging -------------------------------------------------------------------------


def merge_plan(stored: Sequence[StoredSegment], generation: Generation) -> list[int]:
    """Positions of the segments to merge into one, by the policy: every segment with
    more than MAX_DELETED_SHARE of its documents deleted, and when MERGE_FACTOR segments
    share a size tier (live passages within a factor of MERGE_FACTOR), those and every
    smaller one. Empty: nothing to merge."""
    chosen: set[int] = set()
    tiers: list[int] = []
    for position, segment in enumerate(stored):
        documents = len(segment.passages.documents)
        deleted = generation.deleted_count(segment.name)
        if documents and deleted > MAX_DELETED_SHARE * documents:
            chosen.add(position)
        live = max(documents - deleted, 1)
        tiers.append(int(math.log(live, MERGE_FACTOR)))
    for tier in sorted(set(tiers)):
        if tiers.count(tier) >= MERGE_FACTOR:
            chosen.update(p for p, t in enumerate(tiers) if t <= tier)
    return sorted(chosen)


def merge_segments(
    home: Path, key: CacheKey, analyzer: Analyzer, current: tuple[Generation, Sequence[StoredSegment]] | None = None
) -> bool:
    """Merge the segments the policy picks in the index at ``home`` into one, and publish
    it; False when there was nothing to merge, or the index changed meanwhile in those
    segments (merged next time). The merge is written beside the live index and
    published by a rename and a new generation: a crash at any point leaves the
    previous generation answering. ``current``: the generation to start from and its
    segments, when the caller has them loaded."""
    if current is not None:
        generation, stored = current[0], list(current[1])  # loaded and checked already
    else:
        number = _latest_generation(home)
        if number is None:
            return False
        generation = read_generation(home, number, key)
        stored = [load_segment(home / name, key) for name in generation.segments]
    positions = merge_plan(stored, generation)
    if not positions:
        return False
    chosen = [stored[p] for p in positions]
    merged, remap = _merge_stored(chosen, generation)
    temporary = write_segment(home, key, merged) if merged is not None else None
    try:
        with _locked(home):
            latest_number = _latest_generation(home)
            latest = read_generation(home, latest_number, key) if latest_number is not None else None
            names = [s.name for s in chosen]
            if latest is None or any(n not in latest.segments or latest.deleted.get(n, ()) != generation.deleted.get(n, ()) for n in names):
                logger.info("the index changed while segments were merged; merging later")
                return False
            updated = _merged_generation(latest, names, merged.name if merged is not None else None, remap)
            if temporary is not None and merged is not None:
                _publish_directory(temporary, home / merged.name)
                temporary = None
            write_generation(home, key, updated)
            prune_home(home, updated.number, keep_previous=True)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    logger.info("merged %d index segments in %s", len(chosen), home)
    return True


def _merge_stored(
    chosen: Sequence[StoredSegment], generation: Generation
) -> tuple[StoredSegment | None, dict[str, np.ndarray]]:
    """The live passages of ``chosen`` as one new segment (None when none is live), and
    per merged segment, each old document position's new one (-1: deleted)."""
    parts: list[tuple[Segment, np.ndarray | None]] = []
    remap: dict[str, np.ndarray] = {}
    columns: dict[str, list[Any]] = {"doc_ids": [], "titles": [], "sources": [], "dates": [], "urls": [], "wordings": []}
    counts, numbers, blobs, lengths = [], [], [], []
    base = 0
    for stored in chosen:
        passages = stored.passages
        documents = len(passages.documents)
        gone = np.zeros(documents, dtype=bool)
        gone[list(generation.deleted.get(stored.name, ()))] = True
        keep_documents = ~gone
        keep = keep_documents[passages.owners]
        parts.append((stored.segment, None if keep.all() else keep))
        remap[stored.name] = np.where(keep_documents, np.cumsum(keep_documents) - 1 + base, -1)
        base += int(keep_documents.sum())
        own = passages.columns()
        for name in columns:
            column = getattr(own, name)
            columns[name].extend(column[i] for i in np.flatnonzero(keep_documents).tolist())
        counts.append(passages.counts()[keep_documents])
        numbers.append(np.asarray(passages.numbers)[keep])
        texts = passages.texts if isinstance(passages.texts, TextColumn) else TextColumn.pack(passages.texts)
        sizes = np.diff(texts.offsets)
        blobs.append(np.asarray(texts.blob)[np.repeat(keep, sizes)])
        lengths.append(sizes[keep])
    if base == 0:
        return None, remap
    sizes = np.concatenate(lengths)
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    texts = TextColumn(np.concatenate(blobs).astype(np.uint8), offsets)
    passages = Passages.from_store(
        DocumentColumns(**columns), np.concatenate(counts).astype(np.int64), texts, np.concatenate(numbers).astype(np.int32)
    )
    return StoredSegment(_new_name(SEGMENT_PREFIX), merge(parts), passages), remap


def _merged_generation(latest: Generation, names: Sequence[str], merged: str | None, remap: Mapping[str, np.ndarray]) -> Generation:
    """``latest`` with the segments ``names`` replaced by ``merged`` (where the first of
    them stood), the records moved to their documents' new places."""
    segments: list[str] = []
    for name in latest.segments:
        if name not in names:
            segments.append(name)
        elif name == names[0] and merged is not None:
            segments.append(merged)
    records = latest.records
    numbers = records.numbers.copy()
    hashes = records.hashes
    old_segments, documents = records.numbers[:, SEGMENT], records.numbers[:, DOCUMENT]
    # Each old segment's new position (a merged one: the merged segment's, or -1 when
    # none was written); the last entry is for records of skipped files (-1).
    new_place = {name: position for position, name in enumerate(segments)}
    standing = [merged if n in names else n for n in latest.segments]
    place = np.array([new_place[n] if n is not None else -1 for n in standing] + [-1], dtype=np.int64)
    numbers[:, SEGMENT] = place[old_segments]  # [-1] (skipped) stays -1
    for name in names:
        moved = old_segments == latest.segments.index(name)
        numbers[moved, DOCUMENT] = remap[name][documents[moved]]
    lost = (old_segments >= 0) & ((numbers[:, DOCUMENT] < 0) | (numbers[:, SEGMENT] < 0))
    if lost.any():
        # A record whose document was deleted (should none be): read its file again.
        numbers[lost] = (-1, -1, -1, -1)
        hashes = hashes.copy()
        hashes[lost] = 0
    deleted = {name: positions for name, positions in latest.deleted.items() if name not in names}
    return Generation(latest.number + 1, tuple(segments), deleted, Records(records.paths, numbers, hashes, records.reasons), latest.checked_ns)


# -- writing -------------------------------------------------------------------------


def _new_name(prefix: str) -> str:
    return f"{prefix}{time.time_ns():x}{secrets.token_hex(4)}"


def _temporary(home: Path, name: str) -> Path:
    # .tmp-<name>.<pid>.<token>: prune can tell a dead writer's leftovers from a live one's.
    path = home / f".tmp-{name}.{os.getpid()}.{secrets.token_hex(4)}"
    path.mkdir(parents=True)
    return path


def write_segment(home: Path, key: CacheKey, stored: StoredSegment) -> Path:
    """Write a segment's files and manifest to a temporary directory in ``home``; the
    caller renames it into place."""
    temporary = _temporary(home, stored.name)
    try:
        _write_segment_files(stored, temporary)
        manifest = {"format": FORMAT_VERSION, "key": key.digest, "passages": len(stored.passages), **_seal(temporary, SEGMENT_FILES)}
        (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return temporary


def _write_segment_files(stored: StoredSegment, directory: Path) -> None:
    passages = stored.passages
    columns = passages.columns()
    texts = passages.texts if isinstance(passages.texts, TextColumn) else TextColumn.pack(passages.texts)
    _write_json(directory / VOCABULARY, list(stored.segment.vocabulary))
    _write_terms(directory, *stored.segment.sorted_terms())
    _write_documents(directory, columns, passages.counts())
    np.save(directory / TEXTS, texts.blob, allow_pickle=False)
    np.save(directory / TEXT_OFFSETS, texts.offsets, allow_pickle=False)
    np.save(directory / NUMBERS, np.asarray(passages.numbers, dtype=np.int32), allow_pickle=False)
    for name, array in stored.segment.arrays().items():
        np.save(directory / f"{name}.npy", array, allow_pickle=False)


def _write_terms(directory: Path, terms: Sequence[str], rows: np.ndarray) -> None:
    """The sorted terms, packed as lines (a load splits them in C), and each one's row."""
    np.save(directory / TERMS, pack_lines(terms), allow_pickle=False)
    np.save(directory / TERM_ROWS, rows, allow_pickle=False)


def _write_documents(directory: Path, columns: DocumentColumns, paragraphs: np.ndarray) -> None:
    """The document columns, packed (read back by ``_document_columns``), and each
    document's paragraph count."""
    blob, offsets, missing = pack_texts([getattr(columns, name) for name in COLUMN_NAMES])
    np.save(directory / DOCUMENT_TEXT, blob, allow_pickle=False)
    np.save(directory / DOCUMENT_OFFSETS, offsets, allow_pickle=False)
    np.save(directory / DOCUMENT_MISSING, missing, allow_pickle=False)
    np.save(directory / PARAGRAPHS, np.asarray(paragraphs, dtype=np.int64), allow_pickle=False)


def write_generation(home: Path, key: CacheKey, generation: Generation) -> Path:
    """Write ``generation`` and rename it into place as ``gen-<number>``: from then on
    it is the index."""
    temporary = _temporary(home, f"gen{generation.number}")
    try:
        records = generation.records
        _write_json(
            temporary / RECORDS,
            {"checked_ns": generation.checked_ns, "files": len(records), "reasons": {str(p): r for p, r in records.reasons.items()}},
        )
        np.save(temporary / RECORD_PATHS, pack_lines(records.paths), allow_pickle=False)
        np.save(temporary / RECORD_NUMBERS, np.ascontiguousarray(records.numbers, dtype=np.int64), allow_pickle=False)
        np.save(temporary / HASHES, np.ascontiguousarray(records.hashes, dtype=np.uint8), allow_pickle=False)
        _write_json(temporary / DELETED, {name: list(positions) for name, positions in generation.deleted.items()})
        manifest = {
            "format": FORMAT_VERSION,
            "key": key.digest,
            "corpus": os.fsencode(key.corpus).decode("utf-8", "backslashreplace"),
            "segments": list(generation.segments),
            **_seal(temporary, GENERATION_FILES),
        }
        (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        target = home / f"{GENERATION_PREFIX}{generation.number:012d}"
        temporary.rename(target)  # fails if another process published this number: no harm
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return target


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def _seal(directory: Path, names: Sequence[str]) -> dict[str, object]:
    """What a manifest records of the files just written in ``directory``: when, and
    each file's size, SHA-256 and modification time, that time first set back by twice
    RACY_NS. Any later change to a file gives it a later time, whatever the tick of the
    file system's clock: so a load that finds a file's size and time as recorded takes
    its bytes as written, without reading hundreds of megabytes to hash them."""
    written = time.time_ns()
    settled = written - 2 * RACY_NS
    for name in names:
        os.utime(directory / name, ns=(settled, settled))
    return {"written_ns": written, "files": {name: _describe(directory / name) for name in names}}


def _describe(path: Path) -> dict[str, object]:
    info = path.stat()
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "sha256": _sha256(path)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _publish_directory(temporary: Path, target: Path) -> None:
    """Rename ``temporary`` to ``target`` (a fresh name: nothing is replaced)."""
    temporary.rename(target)


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    """Exclusive use of ``home`` for writing, between processes (and threads: each takes
    its own open file): two updates never index the same new file twice or publish over
    each other. Readers never wait on it."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: renames stay atomic; two writers may repeat work
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def prune_home(home: Path, current: int, keep_previous: bool) -> None:
    """Remove generations before ``current`` (but the one before it when
    ``keep_previous``: a reader may be opening it), segments no kept generation names,
    and leftovers of writers whose process has died. Called with the lock held."""
    keep_from = current - 1 if keep_previous else current
    kept_segments: set[str] = set()
    for entry in home.iterdir():
        match = GENERATION_NAME.fullmatch(entry.name)
        if match and int(match.group(1)) >= keep_from:
            with contextlib.suppress(OSError, ValueError):
                kept_segments.update(json.loads((entry / MANIFEST).read_text(encoding="utf-8"))["segments"])
    for entry in home.iterdir():
        name = entry.name
        match = GENERATION_NAME.fullmatch(name)
        stale = (match and int(match.group(1)) < keep_from) or (name.startswith(SEGMENT_PREFIX) and name not in kept_segments)
        leftover = name.startswith((".tmp-", ".old-")) and not _owner_alive(name)
        if stale or leftover:
            shutil.rmtree(entry, ignore_errors=True)


def prune(root: Path, key: CacheKey) -> None:
    """Remove this corpus path's caches for other keys (an older version of the corpus
    format, analyzer or parameters) and leftovers of writers whose process has died."""
    for entry in root.iterdir():
        name = entry.name
        stale = name.startswith(key.corpus_prefix) and name != key.name
        leftover = name.startswith((f".tmp-{key.corpus_prefix}", f".old-{key.corpus_prefix}"))
        if stale or (leftover and not _owner_alive(name)):
            shutil.rmtree(entry, ignore_errors=True)


def _owner_alive(name: str) -> bool:
    """Whether the process that named a temporary directory ``.tmp-<name>.<pid>.<token>``
    still runs (it may still be writing there, this process included)."""
    try:
        os.kill(int(name.split(".")[2]), 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        pass  # alive, someone else's
    return True


# -- reading -------------------------------------------------------------------------


def _latest_generation(home: Path) -> int | None:
    try:
        numbers = [int(m.group(1)) for e in os.scandir(home) if (m := GENERATION_NAME.fullmatch(e.name))]
    except OSError:
        return None
    return max(numbers, default=None)


def read_generation(home: Path, number: int, key: CacheKey) -> Generation:
    """Generation ``number`` of the index at ``home``; CacheDamaged when any of its files
    is missing, altered or malformed."""
    directory = home / f"{GENERATION_PREFIX}{number:012d}"
    try:
        manifest = _read_manifest(directory, key, GENERATION_FILES)
        _verify(directory, manifest)
        segments = manifest["segments"]
        if not isinstance(segments, list) or not all(isinstance(s, str) and s.startswith(SEGMENT_PREFIX) and "/" not in s for s in segments):
            raise ValueError("the segment list is malformed")
        stored_records = _read_json(directory / RECORDS)
        records = _records(
            stored_records, _load_array(directory / RECORD_PATHS), _load_array(directory / RECORD_NUMBERS), _load_array(directory / HASHES)
        )
        deleted = _read_json(directory / DELETED)
        if not isinstance(deleted, dict) or not all(
            name in segments and isinstance(p, list) and all(type(i) is int and i >= 0 for i in p) for name, p in deleted.items()
        ):
            raise ValueError("the deleted documents are malformed")
        checked = stored_records["checked_ns"]
        if type(checked) is not int:
            raise ValueError("the records' time is malformed")
    except CacheDamaged:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CacheDamaged(f"{type(error).__name__}: {error}") from None
    return Generation(number, tuple(segments), {n: tuple(p) for n, p in deleted.items()}, records, checked)


def _records(value: Any, packed_paths: np.ndarray, numbers: np.ndarray, hashes: np.ndarray) -> Records:
    """File records from their stored columns; ValueError when malformed."""
    if not isinstance(value, dict):
        raise ValueError("records.json is not an object")
    count, reasons = value["files"], value["reasons"]
    if type(count) is not int:
        raise ValueError("records.json: the file count is malformed")
    paths = unpack_lines(packed_paths, count)
    if numbers.dtype != np.int64 or numbers.shape != (len(paths), 4) or hashes.dtype != np.uint8 or hashes.shape != (len(paths), 32):
        raise ValueError("the record arrays do not fit the paths")
    if not isinstance(reasons, dict) or not all(k.isdigit() and int(k) < len(paths) and isinstance(r, str) for k, r in reasons.items()):
        raise ValueError("records.json: reasons are malformed")
    return Records(tuple(paths), numbers, hashes, {int(k): r for k, r in reasons.items()})


def load_segment(directory: Path, key: CacheKey) -> StoredSegment:
    """The segment in ``directory``, memory-mapped; CacheDamaged when any file is
    missing, altered, or does not fit the others."""
    try:
        manifest = _read_manifest(directory, key, SEGMENT_FILES)
        _verify(directory, manifest)
        index_arrays = {name: _load_array(directory / f"{name}.npy") for name in INDEX_ARRAYS}
        rows = _load_array(directory / TERM_ROWS)
        terms = unpack_lines(_load_array(directory / TERMS), len(rows))
        texts = TextColumn(_load_array(directory / TEXTS), _load_array(directory / TEXT_OFFSETS))
        columns, counts = _document_columns(directory)
        passages = _passages(columns, counts, texts, _load_array(directory / NUMBERS))
        segment = Segment.from_arrays(terms, index_arrays, rows)
        if segment.size != len(passages) or manifest.get("passages") != len(passages):
            raise ValueError("the index and the passages disagree in size")
        segment.check_ranges()
    except CacheDamaged:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        # json.JSONDecodeError and UnicodeDecodeError are ValueErrors too.
        raise CacheDamaged(f"{directory.name}: {type(error).__name__}: {error}") from None
    return StoredSegment(directory.name, segment, passages)


def indexed_columns(
    corpus_dir: Path | str,
    index_dir: Path | str | None = None,
    *,
    analyzer: Analyzer | None = None,
    parameters: BM25Parameters = BM25Parameters(),
) -> DocumentColumns | None:
    """The document columns (doc_ids, URLs, wordings...) of the live articles the index
    of ``corpus_dir`` holds, read from its segments' document columns alone: no index
    array is loaded, no corpus listed, no article read, so ``tanya add`` tells duplicates in
    milliseconds. Files changed since the index was last brought up to date are not in
    it. None when there is no index to read (never built, damaged, another analyzer):
    open the library instead."""
    analyzer = analyzer or Analyzer()
    root = Path(index_dir) if index_dir is not None else default_index_dir()
    key = CacheKey(Path(corpus_dir).resolve(), analyzer.version, parameters)
    home = root / key.name
    number = _latest_generation(home) if home.is_dir() else None
    if number is None:
        return None
    try:
        generation = read_generation(home, number, key)
        parts = [_live_columns(home / name, key, generation.deleted.get(name, ())) for name in generation.segments]
    except (CacheDamaged, OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # pruned meanwhile by another process, or damaged: the open says which
    return DocumentColumns.joined(parts)


def _live_columns(directory: Path, key: CacheKey, deleted: Sequence[int]) -> DocumentColumns:
    """A segment's document columns without its ``deleted`` documents, their files
    checked against the manifest."""
    manifest = _read_manifest(directory, key, SEGMENT_FILES)
    _verify(directory, manifest, DOCUMENT_FILES)
    columns, _ = _document_columns(directory)
    if not deleted:
        return columns
    gone = set(deleted)
    kept = [i for i in range(len(columns.doc_ids)) if i not in gone]
    # Each column decoded whole (in one pass), then the kept values taken.
    return DocumentColumns(*([values[i] for i in kept] for values in (list(getattr(columns, name)) for name in COLUMN_NAMES)))


def _read_manifest(directory: Path, key: CacheKey, expected: Sequence[str]) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.exists():
        raise CacheDamaged(f"{directory.name}: no manifest")
    try:
        manifest = _read_json(path)
    except ValueError as error:
        raise CacheDamaged(f"{directory.name}: {type(error).__name__}: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise CacheDamaged(f"{directory.name}: unknown format")
    if manifest.get("key") != key.digest:
        raise CacheDamaged(f"{directory.name}: built for another analyzer or parameters")
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(expected):
        raise CacheDamaged(f"{directory.name}: the manifest does not list the expected files")
    return manifest


def _verify(directory: Path, manifest: Mapping[str, Any], names: Sequence[str] | None = None) -> None:
    """The files ``names`` (default: all) as ``manifest`` describes them: the size
    first, then the modification time. A file of the recorded size and time, a time set
    back before the manifest was written (see _seal), is as written: any change since
    would have given it another time. Any other file is hashed (two at a time) and
    held to its checksum: a forged time or bit rot is left to the range checks."""
    files = manifest["files"]
    written = manifest.get("written_ns")
    to_hash = []
    for name in names if names is not None else list(files):
        expected = files[name]
        try:
            info = os.stat(directory / name)
        except FileNotFoundError:
            raise CacheDamaged(f"{directory.name}/{name} is missing") from None
        if not stat.S_ISREG(info.st_mode):
            raise CacheDamaged(f"{directory.name}/{name} is missing")
        if info.st_size != expected.get("size"):
            raise CacheDamaged(f"{directory.name}/{name} has the wrong size")
        recorded = expected.get("mtime_ns")
        settled = type(recorded) is int and type(written) is int and recorded <= written - RACY_NS
        if not (settled and info.st_mtime_ns == recorded):
            to_hash.append(name)
    if not to_hash:
        return
    to_hash.sort(key=lambda n: -int(files[n].get("size", 0)))
    with ThreadPoolExecutor(min(HASH_THREADS, len(to_hash))) as pool:
        digests = dict(zip(to_hash, pool.map(lambda n: _sha256(directory / n), to_hash)))
    for name in to_hash:
        if digests[name] != files[name].get("sha256"):
            raise CacheDamaged(f"{directory.name}/{name} fails its checksum")


def _load_array(path: Path) -> np.ndarray:
    """A memory-mapped array; never an object array (allow_pickle=False refuses them)."""
    array = np.load(path, mmap_mode="r", allow_pickle=False)
    if array.dtype.hasobject:
        raise ValueError(f"{path.name} holds objects")
    return array


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _document_columns(directory: Path) -> tuple[DocumentColumns, np.ndarray]:
    """The stored document columns (decoded when read) and each document's paragraph
    count; ValueError when malformed."""
    counts = _load_array(directory / PARAGRAPHS)
    if counts.dtype != np.int64 or counts.ndim != 1:
        raise ValueError("the paragraph counts have the wrong type")
    offsets = _load_array(directory / DOCUMENT_OFFSETS)
    if offsets.shape != (len(COLUMN_NAMES), len(counts) + 1):
        raise ValueError("the document columns do not fit the documents")
    missing = _load_array(directory / DOCUMENT_MISSING)
    columns = dict(zip(COLUMN_NAMES, text_columns(_load_array(directory / DOCUMENT_TEXT), offsets, missing)))
    if any(columns[name].missing is not None for name in REQUIRED_COLUMNS):
        raise ValueError("a document has no doc_id, title or wording")
    return DocumentColumns(**columns), counts  # type: ignore[arg-type]


def _passages(columns: DocumentColumns, counts: np.ndarray, texts: TextColumn[str], numbers: np.ndarray) -> Passages:
    """Passages from the stored document columns, texts and paragraph numbers;
    ValueError when malformed."""
    if texts.blob.dtype != np.uint8 or texts.offsets.dtype != np.int64:
        raise ValueError("the text arrays have the wrong types")
    if texts.blob.ndim != 1 or texts.offsets.ndim != 1:
        raise ValueError("the text arrays are not flat")
    if len(texts.offsets) < 1 or texts.offsets[0] != 0 or texts.offsets[-1] != len(texts.blob):
        raise ValueError("the text offsets do not span the text blob")
    if (np.diff(texts.offsets) < 0).any():  # with both ends right: every offset in the blob
        raise ValueError("the text offsets go backwards")
    return Passages.from_store(columns, np.asarray(counts), texts, numbers)
