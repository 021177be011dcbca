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
of one is deleted, a merge (:func:`retrieval.merging.merge_segments`) rewrites them
into one from their arrays: at the end of the update when it is small
(INLINE_MERGE_PASSAGES), in a background thread otherwise.

The cache holds plain data only: ``.npy`` arrays (memory-mapped, read with
``allow_pickle=False``; the passages are one of them, a UTF-8 blob with its offsets, and
so are the document columns, the sorted terms and the records' paths: see
:mod:`retrieval.packed`) and JSON. Nothing in it is executed on loading. Every segment and generation is written to
a temporary directory and renamed into place, and a manifest written last records every
file's size, SHA-256 and modification time, that time first set back (``cache_files._seal``): a load
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

This module keeps an index up to date with its corpus and builds segments from article
files; what the cache holds is named in :mod:`retrieval.cache_layout`, its files are
written and read by :mod:`retrieval.cache_files`, and segments merged by
:mod:`retrieval.merging`.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
from tqdm import tqdm

from retrieval.analysis import BUILD_CACHED_PIECES, Analyzer
from retrieval.cache_files import (
    latest_generation,
    load_segment,
    locked,
    new_name,
    prune,
    prune_home,
    publish_directory,
    read_generation,
    write_generation,
    write_segment,
)
from retrieval.cache_layout import (
    DOCUMENT,
    MANIFEST,
    MTIME,
    RACY_NS,
    SEGMENT,
    SEGMENT_PREFIX,
    SIZE,
    CacheDamaged,
    CacheKey,
    FileRecord,
    Generation,
    Records,
    StoredSegment,
    default_index_dir,
)
from retrieval.corpus import (
    ArticleFile,
    Document,
    EmptyCorpus,
    Scan,
    Skipped,
    content_digest,
    digest_of,
    document_of,
    no_articles,
    read_article,
    reason_of,
    scan_corpus,
    warn_skipped,
)
from retrieval.forked_scan import Scanning, scanning
from retrieval.index import BM25Index, BM25Parameters
from retrieval.language import Language, load_language
from retrieval.library import DocumentColumns, Library, Passages, indexed_terms
from retrieval.orphans import build_worker, end_pool, interrupts_held
from retrieval.merging import merge_plan, merge_segments
from retrieval.packed import TextColumn
from retrieval.passage_flags import passage_flags
from retrieval.removals import Removal, record_removals, record_returns
from retrieval.segments import Merger, Segment, merge

logger = logging.getLogger(__name__)

# A build shorter than this shows no progress bar.
PROGRESS_DELAY_SECONDS = 1.0
# Articles to read at once worth two processes (a worker's start costs ~0.5 s): about
# 20k paragraphs of news.
PARALLEL_MIN_BYTES = 4_000_000
WORKERS = 2
CHUNK_FILES = 500
# Seconds between looks for a Ctrl-C while a worker's chunk is waited for.
STOP_POLL_SECONDS = 0.05
# A merge of at most this many passages runs at the end of the update that calls for it
# (tens of milliseconds), a bigger one in a background thread.
INLINE_MERGE_PASSAGES = 20_000
# In an index home: the files an update found gone with the archive left empty
# (_Updater._mark_emptied), to be marked returned if they come back unchanged.
EMPTIED_FILE = "emptied.json"
# How a build or update runs the merge its result calls for.
MergeMode = Literal["background", "inline", "off"]



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
    home: Path | None = None  # the index's directory (see published_generation)
    # The generation loaded or published (a merge run inline publishes the next); None: not cached.
    generation: int | None = None

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



# -- opening and updating ------------------------------------------------------------


def open_library(
    corpus_dir: Path | str,
    index_dir: Path | str | None = None,
    progress: bool = False,
    *,
    analyzer: Analyzer | None = None,
    parameters: BM25Parameters = BM25Parameters(),
    record_removed: bool = True,
) -> Library:
    """The Library for ``corpus_dir``, its index brought up to date with the directory
    (see :func:`update_library`). Raises CorpusError when the corpus is unusable; cache
    trouble only costs a rebuild."""
    return update_library(corpus_dir, index_dir, progress, analyzer=analyzer, parameters=parameters, record_removed=record_removed)[0]


def update_library(
    corpus_dir: Path | str,
    index_dir: Path | str | None = None,
    progress: bool = False,
    *,
    analyzer: Analyzer | None = None,
    parameters: BM25Parameters = BM25Parameters(),
    merge: MergeMode = "background",
    cache: SegmentCache | None = None,
    record_removed: bool = True,
) -> tuple[Library, UpdateReport]:
    """Bring the index of ``corpus_dir`` up to date with the directory and return it: a
    new segment for new and changed files, deletions for changed and removed ones,
    nothing read or hashed for files whose size and modification time are as recorded.
    ``merge`` says how a merge the new state calls for is run; ``cache`` keeps loaded
    segments between calls (a running bot's reloads); ``record_removed``: whether the
    articles found removed are recorded in the corpus folder (retrieval.removals; not
    in one never written to, the bundled seeds). Raises CorpusError when the corpus
    is unusable (no directory), EmptyCorpus when it holds no readable article."""
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
        updater = _Updater(corpus_dir, home, key, analyzer, parameters, progress, cache, record_removed)
        library, report = updater.run(scan, checked_ns)
    if report.cached:
        with contextlib.suppress(OSError):
            prune(root, key)
        merged = _start_merge(updater, merge)
        # A merge run here published the next generation, of the very articles just loaded:
        # that is the index this library stands for (a watcher would take it for another's).
        generation = latest_generation(home) if merged == "done" else report.generation
        report = replace(report, merge=merged, generation=generation)
    return library, replace(report, seconds=time.perf_counter() - started, home=home)


def published_generation(home: Path) -> int | None:
    """The number of the generation published at ``home`` (an UpdateReport's), None
    when there is none: one listing of the index's own directory, a few entries,
    never of the corpus. A running bot compares it with the generation it loaded to
    tell that another process (``tanya add``) has published a newer index."""
    return latest_generation(home)


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
    gone: list[int] = field(default_factory=list)  # of those, the records whose file is no more
    hashed: int = 0
    refreshed: int = 0
    warned: list[Skipped] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.read or self.removed or self.refreshed)


def _removals(gone: list[int], records: Records, stored: list[StoredSegment]) -> list[Removal]:
    """The articles of the records ``gone`` (their files removed from the corpus), with
    the address and wording their segments keep: what retrieval.removals remembers."""
    removals = []
    columns = {}
    for position in gone:
        segment, document = records.numbers[position, SEGMENT:].tolist()
        if segment not in columns:
            columns[segment] = stored[segment].passages.columns()
        found = columns[segment]
        removals.append(Removal(_doc_id(records.paths[position]), found.urls[document], found.wordings[document], found.titles[document]))
    return removals


def _articles(segment: StoredSegment) -> Iterator[Removal]:
    """The articles of ``segment`` as retrieval.removals compares them."""
    columns = segment.passages.columns()
    for doc_id, url, wording, title in zip(columns.doc_ids, columns.urls, columns.wordings, columns.titles):
        yield Removal(doc_id, url, wording, title)


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
        record_removed: bool = True,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.record_removed = record_removed
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
        number = latest_generation(self.home)
        current = self._load_current()
        scan = scanning.result()  # CorpusError when the corpus cannot be used
        try:
            return self._update(scan, checked_ns, number, current)
        except EmptyCorpus as error:
            raise EmptyCorpus(str(error), scan) from None

    def _update(
        self, scan: Scan, checked_ns: int, number: int | None, current: tuple[Generation, list[StoredSegment]] | None
    ) -> tuple[Library, UpdateReport]:
        """``run`` once the corpus is scanned: ``number`` and ``current`` are the
        generation published when it started."""
        warn_skipped(scan.skipped)
        plan = self._plan(scan, current[0]) if current is not None else None
        if current is not None and plan is not None and plan.unchanged:
            # The common start: nothing hashed, nothing read, nothing written.
            return self._unchanged(current, plan)
        try:
            lock = locked(self.home)
            lock.__enter__()
        except OSError as error:
            logger.warning("cannot write the index cache at %s (%s); the index is not kept: the next start builds it again", self.home, error)
            if current is None or plan is None:
                return self._build_uncached(scan)
            scan, plan, checked_ns = self._listed_after(current[0], scan, plan, checked_ns)
            return self._apply(current, plan, scan, checked_ns, publish=False)
        try:
            if latest_generation(self.home) != number:
                # Another process published meanwhile: compare with what it wrote.
                current = self._load_current()
                plan = self._plan(scan, current[0]) if current is not None else None
            if current is not None and plan is not None:
                scan, plan, checked_ns = self._listed_after(current[0], scan, plan, checked_ns)
            if current is None or plan is None:
                return self._rebuild(scan, checked_ns)
            if plan.unchanged:
                return self._unchanged(current, plan)
            return self._apply(current, plan, scan, checked_ns, publish=True)
        finally:
            lock.__exit__(None, None, None)

    def _listed_after(self, generation: Generation, scan: Scan, plan: _Plan, checked_ns: int) -> tuple[Scan, _Plan, int]:
        """``scan``, its ``plan`` against ``generation`` and the time its listing began;
        or, when that listing began before the listing behind ``generation`` (another
        process's, published while this one listed), the corpus listed again and planned
        anew: files that process wrote first (``tanya add``'s articles) may be missing
        from the older listing, whose plan would count them gone (recorded as removed by
        hand, and dropped). Called under the lock, so nothing is published meanwhile (or,
        for an index this process cannot write, with nothing to publish)."""
        if generation.checked_ns < checked_ns:
            return scan, plan, checked_ns
        checked_ns = time.time_ns()
        scan = scan_corpus(self.corpus_dir)
        return scan, self._plan(scan, generation), checked_ns

    def _unchanged(self, current: tuple[Generation, list[StoredSegment]], plan: _Plan) -> tuple[Library, UpdateReport]:
        generation, stored = current
        warn_skipped(plan.warned)
        logger.info("loaded the index of %s from %s", self.corpus_dir, self.home)
        library = _library(stored, generation, self.parameters, self.analyzer, "loaded")
        _require_documents(library, self.corpus_dir)
        if self.record_removed:
            self._returned_since_emptied(generation.records, set(), stored)
        self.merge_due = bool(merge_plan(stored, generation))
        self.state = (generation, stored)
        return library, UpdateReport(rebuilt=False, hashed=plan.hashed, segments=len(stored), generation=generation.number)

    def _mark_emptied(self, paths: list[str]) -> None:
        """Note in the index home the files an update found gone with the archive left
        empty (EMPTIED_FILE): recorded as removed by hand, as a retraction must be at
        once, they may be a folder not there (a disk not mounted) whose files come back
        unchanged. The update failed and published nothing, so the next one reads none
        of them again and would never mark them returned. A cache lost meanwhile is
        rebuilt, and a rebuild marks every article it reads that the record names."""
        temporary = self.home / f".tmp-{EMPTIED_FILE}.{os.getpid()}"
        try:
            temporary.write_text(json.dumps(paths, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.home / EMPTIED_FILE)
        except OSError as error:  # an index this process cannot write: no note, as no index
            logger.warning("cannot note the articles gone from %s in %s (%s)", self.corpus_dir, self.home, error)

    def _returned_since_emptied(self, records: Records, removed: set[int], stored: list[StoredSegment]) -> None:
        """Mark returned the articles _mark_emptied noted whose records still stand (the
        files back, unchanged), once the archive holds articles again; then drop the note."""
        note = self.home / EMPTIED_FILE
        try:
            marked = set(json.loads(note.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return  # every start but the one after an emptied archive: one failed open
        except (OSError, ValueError, TypeError):
            marked = set()  # a damaged note: dropped, the record keeps the removals
        back = [i for i, path in enumerate(records.paths) if path in marked and i not in removed and records.indexed(i)]
        if back:
            record_returns(self.corpus_dir, _removals(back, records, stored))
        with contextlib.suppress(OSError):
            note.unlink()

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
            number = latest_generation(self.home)
            if number is None:
                return None
            try:
                generation = read_generation(self.home, number, self.key)
                return generation, self._load_segments(generation)
            except CacheDamaged as damage:
                if attempt < 2 and latest_generation(self.home) != number:
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
        plan.gone.extend(np.flatnonzero((listed_at < 0) & (records.numbers[:, SEGMENT] >= 0)).tolist())
        plan.removed.extend(plan.gone)
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
        name = new_name(SEGMENT_PREFIX)
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
        if self.record_removed and plan.gone:
            # A file gone whose bytes were read again under another name was moved, not removed.
            moved = {digest for _, digest in plan.read}
            gone = [p for p in plan.gone if records.digest(p) not in moved]
            record_removals(self.corpus_dir, _removals(gone, records, stored))
            if len(library.documents) == 0:  # the update fails: see _returned_since_emptied
                self._mark_emptied([records.paths[p] for p in gone])
        if self.record_removed and built is not None:
            record_returns(self.corpus_dir, _articles(built))
        _require_documents(library, self.corpus_dir)
        if self.record_removed:
            self._returned_since_emptied(records, set(plan.removed), stored)
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
            generation=updated.number if cached else None,
        )
        if changed:
            logger.info("updated the index of %s: %d added, %d removed", self.corpus_dir, len(report.added), len(report.removed))
        return library, report

    def _rebuild(self, scan: Scan, checked_ns: int) -> tuple[Library, UpdateReport]:
        """Index every article from nothing, and publish it as the only generation."""
        name = new_name(SEGMENT_PREFIX)
        # Each file is hashed as it is read (in the workers, on a build that has them),
        # not all first, one by one, here.
        built, records = self._index_files(scan, None, {}, name)
        if built is None:
            raise EmptyCorpus(no_articles(self.corpus_dir))
        number = (latest_generation(self.home) or 0) + 1
        generation = Generation(number, (name,), {}, Records.of(list(records.values()), (name,)), checked_ns)
        library = _library([built], generation, self.parameters, self.analyzer, "built")
        cached = self._publish(generation, built, keep_previous=False)
        report = UpdateReport(
            rebuilt=True,
            added=tuple(built.passages.columns().doc_ids),
            hashed=len(scan.names),
            segments=1,
            cached=cached,
            generation=number if cached else None,
        )
        return library, report

    def _build_uncached(self, scan: Scan) -> tuple[Library, UpdateReport]:
        built, _ = self._index_files(scan, [""] * len(scan.names), {}, "uncached")
        if built is None:
            raise EmptyCorpus(no_articles(self.corpus_dir))
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
                publish_directory(temporary, self.home / built.name)
                if self.cache:
                    self.cache.put(self.home / built.name, built)
            write_generation(self.home, self.key, generation)
        except OSError as error:
            logger.warning("cannot write the index cache at %s (%s); the index is not kept: the next start builds it again", self.home, error)
            if latest_generation(self.home) is None:
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
        raise EmptyCorpus(no_articles(corpus_dir))


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
    flags: np.ndarray  # per passage, what its text says of it (retrieval.passage_flags)
    segment: Segment | None  # every document's passages; None when none was read

    @classmethod
    def of(
        cls,
        outcomes: list[str | None],
        digests: list[str],
        documents: Sequence[Document],
        headings: Sequence[str],
        language: Language,
        segment: Segment | None,
    ) -> ReadArticles:
        """The articles read, with the headline terms their indexing analysed, and their
        passages' flags as read in ``language``, the indexing's."""
        return cls(
            outcomes,
            digests,
            DocumentColumns.of_documents(documents, headings),
            np.fromiter((len(d.paragraphs) for d in documents), dtype=np.int64, count=len(documents)),
            TextColumn.pack(p for d in documents for p in d.paragraphs),
            np.fromiter((n for d in documents for n in d.numbers), dtype=np.int32),
            passage_flags((d.paragraphs for d in documents), language),
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
            np.concatenate([p.flags for p in parts]) if parts else np.empty(0, np.uint8),
            segment,
        )

    def kept(self, keep: np.ndarray) -> tuple[Segment, Passages] | None:
        """The segment and passages of the documents ``keep`` marks (another file's
        doc_id leaves one out); None when none was read."""
        if self.segment is None:
            return None
        if keep.all():
            return self.segment, Passages.from_store(self.columns, self.counts, self.texts, self.numbers, self.flags)
        passages = np.repeat(keep, self.counts)
        return merge([(self.segment, passages)]), Passages.from_store(
            self.columns.taking(np.flatnonzero(keep).tolist()),
            self.counts[keep],
            self.texts.kept(passages),
            self.numbers[passages],
            self.flags[passages],
        )


def _read_and_index(corpus_dir: Path, files: Scan, analyzer: Analyzer, progress: bool, hashing: bool) -> ReadArticles:
    """Read ``files`` and index their documents, in order (``hashing``: each file's
    content_digest taken first); skipped files are warned about. Two processes when
    there is enough to read (by the sizes scanned) and the analyzer is the standard one
    (each worker makes its own)."""
    total = int(files.sizes.sum())
    count = len(files.names)
    if total >= PARALLEL_MIN_BYTES and count > CHUNK_FILES and analyzer.version == Analyzer().version and (os.cpu_count() or 1) > 1:
        read = _read_and_index_parallel(corpus_dir, files, progress, hashing, analyzer.version)
        if read is not None:
            return read
    articles = [files.file(i) for i in range(count)]
    documents, outcomes, digests = _read_and_hash(corpus_dir, articles, None, hashing)
    paragraphs = sum(len(d.paragraphs) for d in documents.values())
    headings: list[str] = []
    with _bar(progress, paragraphs, " paragraphs") as bar:
        ordered = [documents[_relative(f.path, corpus_dir)] for f, o in zip(articles, outcomes) if o is None]
        segment = Segment.build(indexed_terms(ordered, analyzer, headings), bar.update) if ordered else None
    return ReadArticles.of(outcomes, digests, ordered, headings, analyzer.language, segment)


def _part(scan: Scan, positions: Sequence[int]) -> Scan:
    """The files of ``scan`` at ``positions``, as a scan of their own: what a worker is
    sent to read. It makes their paths itself: a Path object a file costs the parent
    about a second at 77,000 files."""
    place = {p: i for i, p in enumerate(positions)} if scan.targets else {}
    at = np.asarray(positions, dtype=np.int64)
    targets = {place[p]: target for p, target in scan.targets.items() if p in place}
    return Scan(scan.directory, tuple(scan.names[p] for p in positions), scan.sizes[at], scan.mtimes[at], targets, ())


def read_files(
    corpus_dir: Path, files: Sequence[ArticleFile], analyzer: Analyzer | None = None
) -> tuple[dict[str, Document], list[str | None]]:
    """Each file as a Document, or why not (warned about, as load_corpus does)."""
    documents, outcomes, _ = _read_and_hash(corpus_dir, files, analyzer, hashing=False)
    return documents, outcomes


def _read_and_hash(
    corpus_dir: Path, files: Sequence[ArticleFile], analyzer: Analyzer | None, hashing: bool
) -> tuple[dict[str, Document], list[str | None], list[str]]:
    """``read_files``, and with ``hashing`` each file's content_digest: of the bytes
    read, so each file is opened once (one that could not be read is hashed as
    content_digest hashes it)."""
    language = load_language()
    analyzer = analyzer or Analyzer(language)
    documents: dict[str, Document] = {}
    outcomes: list[str | None] = []
    digests: list[str] = []
    for file in files:
        data: bytes | None = None
        try:
            data = read_article(file.target)
            document = document_of(data, file.path, corpus_dir, language, analyzer)
        except (ValueError, OSError) as error:
            reason = reason_of(error) if isinstance(error, OSError) else str(error)
            warn_skipped([Skipped(str(file.path), reason)])
            outcomes.append(reason)
        else:
            documents[_relative(file.path, corpus_dir)] = document
            outcomes.append(None)
        if hashing:
            digests.append(digest_of(data) if data is not None else content_digest(file.target))
    return documents, outcomes, digests


# A worker process's analyzer, made once: its word cache carries from chunk to chunk.
_worker_analyzer: Analyzer | None = None


class StaleWorker(Exception):
    """A build worker's analyzer is not the one of the process that started it: the
    code or its data files changed on disk since (an upgrade in place), and a spawned
    worker imports them anew."""


def _index_chunk(corpus_dir: Path, files: Scan, hashing: bool, version: str) -> ReadArticles:
    """A worker's share: read and index ``files`` (warnings are given by the parent),
    with the analyzer of ``version``, the parent's, or not at all (:class:`StaleWorker`)."""
    global _worker_analyzer
    logging.getLogger("retrieval.corpus").setLevel(logging.ERROR)
    if _worker_analyzer is None:
        _worker_analyzer = Analyzer(cached_pieces=BUILD_CACHED_PIECES)  # a worker reads every paragraph: it keeps more
    if _worker_analyzer.version != version:
        raise StaleWorker(f"analyzer {_worker_analyzer.version}, not {version}")
    # What outlived the chunks before (the analyzer's caches: a million tuples at 1M
    # paragraphs) is set aside from the collector: each full collection would walk it
    # all again, and none of it is garbage while the worker lives.
    gc.collect()  # what is garbage now is freed, not frozen with the rest
    gc.freeze()
    # And none is collected while the chunk is read: what it makes lives until it is
    # sent back, so a collection would only walk it (1-4% of the workers' CPU at 1M,
    # in turns). A cycle made meanwhile (rare: a traceback) waits for the next collect.
    gc.disable()
    try:
        analyzer = _worker_analyzer
        articles = [files.file(i) for i in range(len(files.names))]
        documents, outcomes, digests = _read_and_hash(corpus_dir, articles, analyzer, hashing)
        ordered = [documents[_relative(f.path, corpus_dir)] for f, o in zip(articles, outcomes) if o is None]
        headings: list[str] = []
        segment = Segment.build(indexed_terms(ordered, analyzer, headings)) if ordered else None
        return ReadArticles.of(outcomes, digests, ordered, headings, analyzer.language, segment)
    finally:
        gc.enable()


@contextlib.contextmanager
def _uninterrupted() -> Iterator[list[int]]:
    """Ctrl-C (and SIGTERM, which ``tanya add`` takes as one) held off, in the main
    thread, the only one they reach, while the block runs; handled after it if one came
    meanwhile, even if the block raised (the interrupt then wins, the block's error
    chained to it). The block is given the list they are noted in, to stop early at a
    point of its choosing (empty for good in another thread). Only a signal with a
    handler of Python's is held: one left to its default still ends the process at
    once, as before the block, and one ignored stays ignored, never noted as a stop."""
    came: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield came
        return
    held = [number for number in (signal.SIGINT, signal.SIGTERM) if callable(signal.getsignal(number))]
    with interrupts_held():  # swapped together: one arriving between two swaps is taken by neither
        previous = {int(number): signal.signal(number, lambda number, frame: came.append(number)) for number in held}
    try:
        yield came
    finally:
        with interrupts_held():
            for number in held:
                signal.signal(number, previous[int(number)])
        handler = previous[came[0]] if came else None
        if callable(handler):
            handler(came[0], None)


def _read_and_index_parallel(corpus_dir: Path, files: Scan, progress: bool, hashing: bool, version: str) -> ReadArticles | None:
    """``_read_and_index`` in two processes, chunk by chunk; the chunks' segments are
    merged from their arrays, in file order. None when the workers' analyzer is not
    ``version`` (:class:`StaleWorker`): their terms would not be the ones this process
    asks with, so the caller reads in this process instead."""
    count = len(files.names)
    chunks = [_part(files, range(i, min(i + CHUNK_FILES, count))) for i in range(0, count, CHUNK_FILES)]
    # Forked when this process has one thread (no start-up cost; a spawned worker
    # would run an unguarded main script again); spawned when it has more (a bot
    # reloads from a thread): a fork copies other threads' locks, held, never released.
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 and hasattr(os, "fork") else "spawn")
    pool = ProcessPoolExecutor(WORKERS, mp_context=context, initializer=build_worker, initargs=(os.getpid(),))
    try:
        # Ctrl-C is noted from the first task handed out to the pool's end, and raised
        # after: never inside a wait on a worker's result, where a second one could leave
        # the result's lock held, and the pool's thread, cancelling it at shutdown, waited
        # for it for ever (as did the exit: 17 builds in 400 stopped with two quick
        # Ctrl-Cs); nor between the loop's end and the pool's, which was then left to
        # read every chunk still queued.
        with _uninterrupted() as stopping:
            try:
                read = _read_chunks(pool, corpus_dir, chunks, hashing, version, progress, stopping)
            except BaseException:  # a stale or failing worker
                end_pool(pool)
                raise
            if read is None:
                end_pool(pool)
    except StaleWorker as error:
        logger.warning("tanya's code changed on disk since this process started (build workers: %s): indexing in this process; restart it to run the new version", error)
        return None
    if read is None:  # the interrupt's handler raised nothing: still no index of the chunks read so far
        raise KeyboardInterrupt
    pool.shutdown()
    return read


def _read_chunks(
    pool: ProcessPoolExecutor, corpus_dir: Path, chunks: list[Scan], hashing: bool, version: str, progress: bool, stopping: list[int]
) -> ReadArticles | None:
    """The chunks read by the pool's workers and joined, their segments merged in file
    order; None once an interrupt is noted in ``stopping``."""
    parts: list[ReadArticles] = []
    segments: list[Segment] = []
    merger = Merger()
    with interrupts_held():  # the pool forks its workers as the chunks are handed out
        futures = [pool.submit(_index_chunk, corpus_dir, chunk, hashing, version) for chunk in chunks]
    with _bar(progress, sum(len(chunk.names) for chunk in chunks), " articles") as bar:
        for chunk, future in zip(chunks, futures):
            if not _done_unless_stopped(future, stopping):
                return None
            part = future.result()
            parts.append(part)
            if part.segment is not None:
                segments.append(part.segment)
                merger.add(part.segment)  # its terms numbered while the workers read on
            for name, outcome in zip(chunk.names, part.outcomes):
                if outcome is not None:
                    warn_skipped([Skipped(str(chunk.directory / name), outcome)])
            bar.update(len(chunk.names))
    return ReadArticles.joined(parts, merger.result() if len(segments) > 1 else segments[0] if segments else None)


def _done_unless_stopped(future: Future[ReadArticles], stopping: list[int]) -> bool:
    """Wait for ``future``, a while at a time, until it is done (True) or an interrupt is
    noted in ``stopping`` (False)."""
    while not stopping:
        if wait([future], timeout=STOP_POLL_SECONDS).done:
            return True
    return False


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
