"""The searcher the front ends share, and reloading it without a pause in answering."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from collections.abc import Sequence
from pathlib import Path

from retrieval.corpus import Document
from retrieval.decision import ModelDecision
from retrieval.search import Result, Searcher
from retrieval.store import open_library


@dataclass(frozen=True)
class CorpusSummary:
    documents: int
    paragraphs: int


class SearchService:
    """Holds the current Searcher. ``reload`` builds a new one while the old one keeps
    answering, then swaps them in one assignment."""

    def __init__(
        self, corpus_dir: Path, index_dir: Path | None = None, progress: bool = False, strictness: float | None = None
    ) -> None:
        self.corpus_dir = corpus_dir
        self.index_dir = index_dir
        self.progress = progress
        self.decision = ModelDecision.bundled(strictness)
        self._searcher = self._open()
        self._reload_lock = threading.Lock()

    def _open(self) -> Searcher:
        return Searcher(open_library(self.corpus_dir, self.index_dir, progress=self.progress), decision=self.decision)

    @property
    def searcher(self) -> Searcher:
        return self._searcher

    @property
    def documents(self) -> Sequence[Document]:
        return self._searcher.library.documents

    def summary(self) -> CorpusSummary:
        library = self._searcher.library
        # Counted from the index: a loaded library decodes a paragraph only when read.
        return CorpusSummary(len(library.documents), len(library.passages))

    def ask(self, question: str, top_k: int) -> Result:
        return self._searcher.ask(question, top_k)

    def reload(self) -> CorpusSummary:
        """Re-read the corpus. On failure the old searcher stays and the error is raised."""
        with self._reload_lock:
            self._searcher = self._open()
        return self.summary()
