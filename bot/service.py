"""The searcher the front ends share, and reloading it without a pause in answering."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus import Document, counting_skipped
from retrieval.decision import ModelDecision
from retrieval.ingest import Archive, Outcome
from retrieval.library import Library
from retrieval.search import Result, Searcher
from retrieval.store import SegmentCache, UpdateReport, update_library

from bot.settings import SettingsError, is_bundled


def open_sharded(corpus_dir: Path, index_dir: Path | None, address: str, shards: int) -> Library:
    """The corpus's library sharded over the Ray cluster at ``address`` (retrieval.cluster);
    SettingsError when Ray is not installed or the cluster cannot be reached."""
    try:
        from retrieval.cluster import ClusterError, open_cluster_library
    except ImportError:
        raise SettingsError("--ray / TANYA_RAY_ADDRESS needs Ray: pip install -e '.[cluster]'") from None
    try:
        return open_cluster_library(corpus_dir, index_dir, address, shards)
    except ClusterError as error:
        raise SettingsError(str(error)) from None


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
        with counting_skipped():  # once, at start: reloads name what they skip, uncounted
            self._searcher = self._open()
        self._reload_lock = threading.Lock()
        # One add at a time (the feed poller's and an admin's): each must see the other's
        # articles as duplicates.
        self._add_lock = threading.Lock()

    def _open(self) -> Searcher:
        if self.ray is not None:
            return Searcher(open_sharded(self.corpus_dir, self.index_dir, self.ray, self.shards), decision=self.decision)
        library, self.last_update = update_library(self.corpus_dir, self.index_dir, progress=self.progress, cache=self._segments)
        return Searcher(library, decision=self.decision)

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
        return self._searcher.library.documents

    def summary(self) -> CorpusSummary:
        library = self._searcher.library
        # Counted from the index: a loaded library decodes a paragraph only when read.
        return CorpusSummary(len(library.documents), library.passage_count)

    def ask(self, question: str, top_k: int) -> Result:
        return self._searcher.ask(question, top_k)

    def reload(self) -> CorpusSummary:
        """Re-read the corpus. On failure the old searcher stays and the error is raised."""
        with self._reload_lock:
            self._searcher = self._open()
        return self.summary()

    def add(self, step: Callable[[Archive], list[Outcome]]) -> tuple[list[Outcome], CorpusSummary | None]:
        """Run ``step`` (adding articles to the corpus) against the archive the current
        index holds, then bring the index up to date, so the next question is answered
        from the new articles: the outcomes, and the corpus's summary when something was
        added (None: nothing was, no reload). Duplicates are told from the index's
        document columns; the update reads the new files only."""
        with self._add_lock:
            outcomes = step(Archive.of_library(self.corpus_dir, self._searcher.library))
            if not any(outcome.status == "added" for outcome in outcomes):
                return outcomes, None
            return outcomes, self.reload()
