"""The searcher the front ends share, and reloading it without a pause in answering:
on request (/reload), after an add, and when another process (``tanya add`` from a
shell or cron) has published a newer index (``catch_up``)."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus import CorpusError, Document, EmptyCorpus, Scan, counting_skipped, scan_corpus
from retrieval.cache_files import damage_said, damaged_files, mark_damaged, unmarkable_damage_said
from retrieval.cache_layout import GENERATION_PREFIX
from retrieval.decision import ModelDecision
from retrieval.ingest import Archive, Outcome
from retrieval.library import Library
from retrieval.search import Result, Searcher
from retrieval.store import SegmentCache, UpdateReport, published_generation, update_library

from bot.settings import ServiceUnreachable, SettingsError, is_bundled

logger = logging.getLogger(__name__)


def open_sharded(corpus_dir: Path, index_dir: Path | None, address: str, shards: int) -> Library:
    """The corpus's library sharded over the Ray cluster at ``address`` (retrieval.cluster);
    SettingsError when Ray is not installed or the cluster cannot be used,
    ServiceUnreachable when nothing answers at its address."""
    try:
        from retrieval.cluster import ClusterError, ClusterUnreachable, open_cluster_library
    except ImportError:
        raise SettingsError(f"--ray / TANYA_RAY_ADDRESS needs Ray: {sys.executable} -m pip install 'ray>=2.50,<3'") from None
    try:
        return open_cluster_library(corpus_dir, index_dir, address, shards)
    except ClusterUnreachable as error:
        raise ServiceUnreachable(str(error)) from None
    except ClusterError as error:
        raise SettingsError(str(error)) from None


def _warm_in_background(searcher: Searcher, then: Callable[[], object] | None = None) -> None:
    """``searcher.warm()`` in a thread of its own: the first questions after a start or a
    reload then find the speller and the compiled kernel ready, while the start and
    the reload wait for neither. A failure costs only that head start: one log line.
    ``then``: run in the same thread once warm (the check of the index's files)."""

    def warm() -> None:
        try:
            searcher.warm()
        except Exception as error:  # anything: the questions build what they need themselves
            logger.warning("could not prepare the speller and kernel ahead of the questions: %s", error)
        if then is not None:
            try:
                then()
            except Exception as error:  # noqa: BLE001 - a check that fails leaves the index answering as it was
                logger.warning("could not check the index files: %s", error)

    try:
        threading.Thread(target=warm, name="tanya-warm", daemon=True).start()
    except RuntimeError as error:  # "can't start new thread": the questions build what they need
        logger.warning("could not prepare the speller and kernel ahead of the questions: %s", error)


def folder_times(corpus_dir: Path) -> dict[str, int] | None:
    """The modification time of the corpus folder and of each folder under it (hidden
    ones aside), by path: removing, renaming or adding a file, or saving one as editors
    and ``sed -i`` do (a new file renamed over the old), changes its folder's time. None
    when the corpus cannot be walked. Taken at each reload (a listing of every folder);
    each look then only asks the folders their times again (:func:`folders_changed`)."""
    times: dict[str, int] = {}
    try:
        for folder, subfolders, _ in os.walk(corpus_dir):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            times[folder] = os.stat(folder).st_mtime_ns
    except OSError:
        return None
    return times or None


def folders_changed(times: dict[str, int]) -> bool:
    """Whether any folder of ``times`` (:func:`folder_times`) changed or went since."""
    for folder, seen in times.items():
        try:
            if os.stat(folder).st_mtime_ns != seen:
                return True
        except OSError:
            return True
    return False


def _listing_of(scan: Scan) -> tuple[object, ...]:
    """A corpus's article files with their sizes and times, as an empty archive's
    watcher compares them."""
    return (scan.names, scan.sizes.tobytes(), scan.mtimes.tobytes())


class TakenInTurn:
    """A lock taken in the order it was asked for. The feed poller adds one item at a
    time and asks again at once: a plain lock let it take the lock back before an
    admin's upload, waiting meanwhile, ever woke (threading.Lock promises no order)."""

    def __init__(self) -> None:
        self._turns = threading.Condition()
        self._asked = 0  # tickets handed out
        self._serving = 0  # the ticket whose turn it is
        self._gone: set[int] = set()  # tickets whose holder stopped waiting (Ctrl-C): passed over

    def __enter__(self) -> None:
        with self._turns:
            ticket = self._asked
            self._asked += 1
            try:
                self._turns.wait_for(lambda: self._serving == ticket)
            except BaseException:
                self._gone.add(ticket)
                self._next()
                raise

    def __exit__(self, *_: object) -> None:
        with self._turns:
            self._serving += 1
            self._next()

    def _next(self) -> None:
        """Pass over the tickets given up, and wake the waiters (the lock is held)."""
        while self._serving in self._gone:
            self._gone.discard(self._serving)
            self._serving += 1
        self._turns.notify_all()


@dataclass(frozen=True)
class CorpusSummary:
    documents: int
    paragraphs: int


class SearchService:
    """Holds the current Searcher. ``reload`` brings the index up to date with the
    corpus (only new and changed files are read: see retrieval.store) while the old
    searcher keeps answering, then swaps them in one assignment."""

    def __init__(
        self,
        corpus_dir: Path,
        index_dir: Path | None = None,
        progress: bool = False,
        strictness: float | None = None,
        ray: str | None = None,
        shards: int = 4,
        watch_interval: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.ray = ray  # a Ray cluster's address: the index sharded over it
        self.shards = shards
        self.index_dir = index_dir
        self.progress = progress
        self.decision = ModelDecision.bundled(strictness)
        # Segments stay loaded between reloads: one new article reads one new segment.
        self._segments = SegmentCache()
        self.last_update: UpdateReport | None = None
        # The generation of the index loaded (None: none known), to tell another
        # process's publication from it; see catch_up. Its number and, as a number
        # starts at 1 again when the index directory is wiped and built anew, which
        # directory holds it.
        self._loaded: int | None = None
        self._loaded_identity: tuple[int, int, int] | None = None
        # An empty archive has no index to watch: its listing when it was last read
        # (names, sizes, times), so that a look reads it again only when it changed.
        self._empty_listing: tuple[object, ...] | None = None
        # The corpus folders' times when the index loaded was brought up to date: files
        # removed or replaced by hand since (a retracted article) are seen by them.
        self._folders: dict[str, int] | None = None
        # Seconds between looks at the published generation (0: never): not for the
        # bundled seeds (they never change) nor a Ray cluster's shards. Set before the
        # first open: a service that never looks takes no folder times.
        self.watch_interval = watch_interval if ray is None and self.changeable else 0.0
        # The index's directories this process has hashed (see check_index), one check at a time.
        self._checked: set[str] = set()
        self._check_lock = threading.Lock()
        # Made before the first open, and held by it: the check that runs after it may reload.
        self._reload_lock = threading.Lock()
        with counting_skipped(), self._reload_lock:  # once, at start: reloads name what they skip, uncounted
            self._swap()
        # One add at a time (the feed poller's and an admin's): each must see the other's
        # articles as duplicates.
        self._add_lock = TakenInTurn()
        self._clock = clock
        self._next_look = clock() + self.watch_interval
        self._failure: tuple[int, str] | None = None  # the last automatic reload's, said once

    def _open(self, quiet: bool = False) -> Searcher:
        if self.ray is not None:
            return Searcher(open_sharded(self.corpus_dir, self.index_dir, self.ray, self.shards), decision=self.decision)
        try:
            library, self.last_update = update_library(
                self.corpus_dir, self.index_dir, progress=self.progress and not quiet, cache=self._segments, record_removed=not is_bundled(self.corpus_dir)
            )
        except EmptyCorpus as error:
            if getattr(self, "_searcher", None) is not None and not self.empty:
                # Every article gone at a reload (a wiped or unmounted disk, say): a
                # failed reload, the articles loaded before still answering. An archive
                # emptied on purpose is told apart by the operator alone: a restart.
                raise EmptyCorpus(f"every article of {self.corpus_dir} is gone (an emptied folder, or a disk not mounted?): restart to answer from an empty archive") from None
            # A new archive (a fresh server's) before its first article: the bot and the
            # chat start on it and say it is empty, so that uploads and feeds can fill it.
            self.last_update = None
            # The listing the update found empty, not one taken now: an article added
            # since would be in that one, and the next look would see no change.
            self._empty_listing = _listing_of(error.scan) if error.scan is not None else self._listing()
            return Searcher(Library.build([]), decision=self.decision)
        self._empty_listing = None
        return Searcher(library, decision=self.decision)

    @property
    def empty(self) -> bool:
        """Whether the archive holds no article yet (every question is answered so)."""
        return len(self._searcher.library.documents) == 0

    def _listing(self) -> tuple[object, ...] | None:
        """The corpus's article files with their sizes and times; None when it cannot be
        listed. Cheap for the empty archive it is taken of."""
        try:
            return _listing_of(scan_corpus(self.corpus_dir))
        except CorpusError:
            return None

    @property
    def changeable(self) -> bool:
        """Whether articles may be added: never to the bundled seeds/, part of the
        checkout or the installed package."""
        return not is_bundled(self.corpus_dir)

    @property
    def searcher(self) -> Searcher:
        return self._searcher

    @property
    def documents(self) -> Sequence[Document]:
        """The live articles latest first, as /sources and "berita terbaru" list them."""
        return self._searcher.library.newest_documents

    def summary(self) -> CorpusSummary:
        library = self._searcher.library
        # Counted from the index: a loaded library decodes a paragraph only when read.
        return CorpusSummary(len(library.documents), library.paragraph_count)

    def ask(self, question: str, top_k: int) -> Result:
        return self._searcher.ask(question, top_k)

    def reload(self) -> CorpusSummary:
        """Re-read the corpus. On failure the old searcher stays and the error is raised."""
        with self._reload_lock:
            self._swap()
        return self.summary()

    def _swap(self, keep_if_unchanged: bool = False, quiet: bool = False) -> None:
        """Open the index brought up to date and answer from it; remember its
        generation (when it could not be cached: the one published before, so that an
        index this process could not write is not taken for another's)."""
        before = self.published()
        # Before the update reads the corpus: a change made while it reads is seen at the
        # next look. (A walk of every folder, some 50 ms at a million paragraphs: only
        # for a service that looks.)
        folders = folder_times(self.corpus_dir) if self.watch_interval else None
        searcher = self._open(quiet)
        if folders is not None and self.last_update is not None and self.last_update.removed:
            # The update that found articles removed wrote their record into the corpus
            # folder (retrieval.removals), moving its time: taken again, or the next look
            # would read the corpus again for that alone.
            folders = folder_times(self.corpus_dir)
        self._folders = folders
        loaded = self.last_update.generation if self.last_update is not None else None
        same = keep_if_unchanged and self.last_update is not None and not self.last_update.changed and self._is_loaded(loaded)
        if not same or getattr(self, "_searcher", None) is None:
            # A look whose update found nothing new (a folder touched by an add's
            # temporary file) keeps the searcher, warm, with its caches.
            self._searcher = searcher
            _warm_in_background(searcher, then=self.check_index)
        if loaded is None and before is None:
            # The first open, and the index could not be cached (a read-only cache): the
            # generation published now is older than what was just built from the corpus,
            # not another process's newer one (the next publication is).
            before = self.published()
        self._loaded = loaded if loaded is not None else before
        self._loaded_identity = self._identity(self._loaded)

    def check_index(self) -> list[Path]:
        """Hash the files of the index loaded, which the load took on their size and
        time (a start must not read a million paragraphs' worth of files first), and
        rebuild the index when any no longer matches its checksum: damaged on disk since
        it was written, it would cost answers without a word. The damaged files; each
        directory of the index is checked once a process, one check at a time, after
        each start and reload, beside the questions. The damaged files are marked (see
        retrieval.cache_files.mark_damaged) so that the rebuild, and the next start of
        any process, does not take them on trust again; one that cannot be marked (an
        index this user may not write) is said, and the index left as it is."""
        with self._check_lock:
            report = self.last_update
            if report is None or report.home is None or report.generation is None:
                return []  # nothing loaded from the cache: built now, or a Ray cluster's shards
            damaged = damaged_files(report.home, report.generation, self._checked)
            if not damaged:
                return []
            if not mark_damaged(damaged):
                logger.warning("%s", unmarkable_damage_said(report.home, damaged))
                return damaged
            logger.warning("%s: rebuilding the index", damage_said(report.home, damaged))
            try:
                with self._reload_lock:
                    self._swap(quiet=True)  # no progress bar: this runs beside a chat's prompt
            except Exception as error:  # noqa: BLE001 - whatever breaks the rebuild, the index loaded answers on
                logger.warning("could not rebuild the index (%s): the index loaded answers on, and the next start rebuilds it", error)
            return damaged

    def published(self) -> int | None:
        """The generation of the index published now (None: none, or a Ray cluster's)."""
        home = self.last_update.home if self.last_update is not None else None
        return published_generation(home) if home is not None else None

    def _is_loaded(self, number: int | None) -> bool:
        """Whether generation ``number`` is the index loaded: its number, and the very
        directory (an index built anew after a wipe starts at 1 again)."""
        return number is not None and number == self._loaded and self._identity(number) == self._loaded_identity

    def _identity(self, number: int | None) -> tuple[int, int, int] | None:
        """Which directory holds generation ``number`` of the index: its device, inode
        and change time, all new when the index is built anew under the same number."""
        home = self.last_update.home if self.last_update is not None else None
        if number is None or home is None:
            return None
        try:
            info = os.stat(home / f"{GENERATION_PREFIX}{number:012d}")
        except OSError:
            return None
        return (info.st_dev, info.st_ino, info.st_ctime_ns)

    def catch_up_if_due(self) -> CorpusSummary | None:
        """``catch_up``, at most once per watch interval: the console looks before each
        line it answers."""
        if not self.watch_interval:
            return None
        now = self._clock()
        if now < self._next_look:
            return None
        self._next_look = now + self.watch_interval
        return self.catch_up()

    def catch_up(self) -> CorpusSummary | None:
        """When another process has published an index other than the one loaded (a
        ``tanya add`` from a shell or cron): reload, reading its new segments only, and
        log one line; the corpus's summary, None when there was nothing to do. A reload
        under way (/reload, an add) is not waited for: a publication it misses is seen at
        the next look. A failed reload leaves the old searcher answering, says why in one
        warning (not repeated while the same failure lasts) and is tried again at the
        next look."""
        if self.empty and self.ray is None:
            return self._fill_if_due()
        published = self.published()
        unchanged = published is None or self._is_loaded(published)
        if unchanged and (self._folders is None or not folders_changed(self._folders)):
            return None
        published = published if published is not None else 0
        if not self._reload_lock.acquire(blocking=False):
            return None
        try:
            self._swap(keep_if_unchanged=unchanged)
        except Exception as error:  # noqa: BLE001 - whatever breaks the new index, the old one answers
            self._failed(published, error)
            return None
        finally:
            self._reload_lock.release()
        self._failure = None
        summary = self.summary()
        if unchanged:  # files removed or replaced by hand, which the reload has indexed
            logger.info("re-read the articles changed in %s: %d articles, %d paragraphs", self.corpus_dir, summary.documents, summary.paragraphs)
        else:  # published by another process's add, or by a merge (of this process or another)
            logger.info("loaded the newer index published for %s: %d articles, %d paragraphs", self.corpus_dir, summary.documents, summary.paragraphs)
        return summary

    def _fill_if_due(self) -> CorpusSummary | None:
        """``catch_up`` for an empty archive, which has no published index to compare:
        read it again when its listing has changed (articles added by ``tanya add`` or
        copied in), and log one line when it then holds articles."""
        listing = self._listing()
        if listing is None or listing == self._empty_listing or not self._reload_lock.acquire(blocking=False):
            return None
        try:
            self._swap()
        except Exception as error:  # noqa: BLE001 - the empty archive goes on answering that it is empty
            self._empty_listing = listing
            self._failed(0, error)
            return None
        finally:
            self._reload_lock.release()
        if self.empty:
            return None
        summary = self.summary()
        logger.info("the archive %s is no longer empty: %d articles, %d paragraphs", self.corpus_dir, summary.documents, summary.paragraphs)
        return summary

    def _catch_up_before_adding(self) -> None:
        """Load the index another process published since the one loaded, if any: one
        listing of the index's own directory when there is none."""
        published = self.published()
        if self.ray is not None or published is None or self._is_loaded(published):
            return
        with self._reload_lock:
            try:
                self._swap()
            except Exception as error:  # noqa: BLE001 - the add goes on against the index loaded
                self._failed(published, error)

    def _failed(self, published: int, error: Exception) -> None:
        reason = str(error) or type(error).__name__
        if self._failure == (published, reason):
            logger.debug("the index published for %s still cannot be loaded: %s", self.corpus_dir, reason)
            return
        self._failure = (published, reason)
        logger.warning("cannot load the index published for %s (%s); answering from the one loaded before", self.corpus_dir, reason)

    def add(self, step: Callable[[Archive], list[Outcome]]) -> tuple[list[Outcome], CorpusSummary | None]:
        """Run ``step`` (adding articles to the corpus) against the archive the current
        index holds, then bring the index up to date, so the next question is answered
        from the new articles: the outcomes, and the corpus's summary when something was
        added (None: nothing was, no reload). Duplicates are told from the index's
        document columns; the update reads the new files only."""
        with self._add_lock:
            # Duplicates are told from the index: from the one published now, not the one
            # loaded, which lacks what a shell's tanya add published since (the same
            # story added twice within the watch interval).
            self._catch_up_before_adding()
            outcomes = step(Archive.of_library(self.corpus_dir, self._searcher.library))
            if not any(outcome.status == "added" for outcome in outcomes):
                return outcomes, None
            return outcomes, self.reload()


class IndexWatcher:
    """Looks, every ``service.watch_interval`` seconds in a daemon thread, whether another
    process has published a newer index, and reloads it there (``catch_up``): the bot
    goes on answering from the old searcher meanwhile."""

    def __init__(self, service: SearchService) -> None:
        self.service = service
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> IndexWatcher:
        self._thread = threading.Thread(target=self._run, name="tanya-index-watch", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.service.watch_interval):
            try:
                self.service.catch_up()
            except Exception:  # pragma: no cover - catch_up guards the reload; this guards the guard
                logger.exception("watching the index failed")

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def start_watching(service: SearchService) -> IndexWatcher | None:
    """A running watcher for ``service`` (None when it does not watch)."""
    return IndexWatcher(service).start() if service.watch_interval else None
