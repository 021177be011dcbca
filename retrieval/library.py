"""A corpus made searchable: its passages in index order, the analyzer, the BM25 index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.analysis import Analyzer
from retrieval.corpus import Corpus, Document
from retrieval.index import BM25Index, BM25Parameters


class Passages:
    """Every paragraph of a corpus, addressable by one number: its place in the index."""

    def __init__(self, documents: Sequence[Document], owners: np.ndarray, numbers: np.ndarray, texts: Sequence[str]) -> None:
        self.documents = documents
        self.owners = owners  # passage -> position of its document
        self.numbers = numbers  # passage -> paragraph number in its document
        self.texts = texts

    @classmethod
    def from_documents(cls, documents: Sequence[Document]) -> Passages:
        owners = [i for i, d in enumerate(documents) for _ in d.paragraphs]
        numbers = [n for d in documents for n in range(1, len(d.paragraphs) + 1)]
        texts = [p for d in documents for p in d.paragraphs]
        return cls(documents, np.array(owners, dtype=np.int32), np.array(numbers, dtype=np.int32), texts)

    def __len__(self) -> int:
        return len(self.owners)

    def document(self, passage: int) -> Document:
        return self.documents[int(self.owners[passage])]


@dataclass(frozen=True)
class Library:
    """A corpus made searchable: its passages, the analyzer that indexed them, the index."""

    passages: Passages
    index: BM25Index
    analyzer: Analyzer

    @property
    def documents(self) -> Sequence[Document]:
        return self.passages.documents

    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        analyzer: Analyzer | None = None,
        parameters: BM25Parameters = BM25Parameters(),
        progress: Callable[[int], None] | None = None,
    ) -> Library:
        analyzer = analyzer or Analyzer()
        passages = Passages.from_documents(documents)
        index = BM25Index.build((analyzer.terms(t) for t in passages.texts), parameters, progress)
        return cls(passages, index, analyzer)

    @classmethod
    def from_corpus(cls, corpus: Corpus, analyzer: Analyzer | None = None) -> Library:
        return cls.build(corpus.documents, analyzer)
