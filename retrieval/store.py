"""Opening a corpus as a searchable Library.

(To be replaced by the persisted, content-keyed index cache.)
"""

from __future__ import annotations

from pathlib import Path

from retrieval.corpus import load_corpus
from retrieval.library import Library


def open_library(corpus_dir: Path | str, index_dir: Path | str | None = None, progress: bool = False) -> Library:
    """The Library for ``corpus_dir``. Raises CorpusError when the corpus is unusable."""
    return Library.from_corpus(load_corpus(corpus_dir))
