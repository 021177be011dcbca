"""A corpus made searchable: its passages in index order, the analyzer, the BM25 index.

A library is either built from a corpus (its passages are the corpus's own strings) or
loaded from the index cache (see :mod:`retrieval.store`), where the passages stay in one
memory-mapped UTF-8 buffer and each is decoded when read, so opening a million
paragraphs costs neither start-up time nor memory for the paragraphs nobody asks about.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeVar, overload

import numpy as np

from retrieval.analysis import Analyzer
from retrieval.corpus import Corpus, Document
from retrieval.index import BM25Index, BM25Parameters


T = TypeVar("T")

# Documents a loaded library keeps put together (see DocumentTable).
DOCUMENT_CACHE_SIZE = 1024


class MadeWhenRead(Sequence[T]):
    """A read-only sequence whose items are put together when read (``_item``)."""

    @abstractmethod
    def _item(self, i: int) -> T:
        """Item ``i``, 0 <= i < len(self)."""

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self._item(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._item(i)


class PassageTexts(MadeWhenRead[str]):
    """Texts stored end to end in one UTF-8 buffer, text ``i`` at bytes
    ``offsets[i]:offsets[i + 1]``; decoded when read."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self.blob = blob  # uint8
        self.offsets = offsets  # int64, one more than there are texts
        # Slicing a memoryview costs a fraction of slicing a (memory-mapped) array.
        self._bytes = blob.data

    @classmethod
    def pack(cls, texts: Iterable[str]) -> PassageTexts:
        encoded = [text.encode("utf-8") for text in texts]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def _item(self, i: int) -> str:
        # Stored valid; a cache altered past its checksums shows U+FFFD, never fails a question.
        return str(self._bytes[self.offsets[i] : self.offsets[i + 1]], "utf-8", "replace")


@dataclass(frozen=True)
class DocumentColumns:
    """What a library keeps of each document besides its paragraphs, column by column
    (a million small records would cost more to load than these four lists)."""

    doc_ids: Sequence[str]
    titles: Sequence[str]
    sources: Sequence[str | None]
    dates: Sequence[str | None]


class DocumentTable(MadeWhenRead[Document]):
    """Documents over a passage store: each Document is put together when read."""

    def __init__(self, columns: DocumentColumns, starts: np.ndarray, texts: Sequence[str], numbers: np.ndarray) -> None:
        self.columns = columns
        self.starts = starts  # document -> its first passage; one extra entry at the end
        self.texts = texts
        self.numbers = numbers  # passage -> the number of its paragraph
        # Each answer asks for its passage's document, and the candidates of a question
        # often share documents: keep the recent ones rather than decode them again.
        self._document = lru_cache(maxsize=DOCUMENT_CACHE_SIZE)(self._make_document)

    def __len__(self) -> int:
        return len(self.columns.doc_ids)

    def _item(self, i: int) -> Document:
        return self._document(i)

    def _make_document(self, i: int) -> Document:
        columns = self.columns
        start, end = int(self.starts[i]), int(self.starts[i + 1])
        return Document(
            doc_id=columns.doc_ids[i],
            title=columns.titles[i],
            source=columns.sources[i],
            date=columns.dates[i],
            paragraphs=tuple(self.texts[start:end]),
            numbers=tuple(self.numbers[start:end].tolist()),
        )

    def __iter__(self) -> Iterator[Document]:
        # Straight through, past the cache: a walk over every document would only evict it.
        return (self._make_document(i) for i in range(len(self)))


class Passages:
    """Every paragraph of a corpus, addressable by one number: its place in the index."""

    def __init__(
        self,
        documents: Sequence[Document],
        owners: np.ndarray,
        numbers: np.ndarray,
        texts: Sequence[str],
        titles: Sequence[str] | None = None,
    ) -> None:
        self.documents = documents
        self.owners = owners  # passage -> position of its document
        self.numbers = numbers  # passage -> its paragraph's number in its document (int32)
        self.texts = texts
        self.titles = titles if titles is not None else [d.title for d in documents]  # by document

    @classmethod
    def from_documents(cls, documents: Sequence[Document]) -> Passages:
        counts = np.array([len(d.paragraphs) for d in documents], dtype=np.int64)
        texts = [p for d in documents for p in d.paragraphs]
        numbers = np.fromiter((n for d in documents for n in d.numbers), dtype=np.int32, count=len(texts))
        return cls(documents, _owners(counts), numbers, texts)

    @classmethod
    def from_store(
        cls, columns: DocumentColumns, counts: np.ndarray, texts: PassageTexts, numbers: np.ndarray
    ) -> Passages:
        """Passages over stored texts, ``counts[i]`` of them for document ``i``, each of
        ``numbers`` its paragraph's; ValueError when the pieces disagree."""
        if len(counts) != len(columns.doc_ids) or int(counts.sum()) != len(texts) or (counts < 1).any():
            raise ValueError("document paragraph counts do not match the stored texts")
        if numbers.dtype != np.int32 or numbers.shape != (len(texts),) or (len(numbers) and numbers.min() < 1):
            raise ValueError("the paragraph numbers do not fit the stored texts")
        starts = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        return cls(DocumentTable(columns, starts, texts, numbers), _owners(counts), numbers, texts, columns.titles)

    def __len__(self) -> int:
        return len(self.owners)

    def document(self, passage: int) -> Document:
        return self.documents[int(self.owners[passage])]

    def title(self, passage: int) -> str:
        """The headline of the passage's document, without putting the document together."""
        return self.titles[int(self.owners[passage])]

    def columns(self) -> DocumentColumns:
        """The documents' metadata, column by column (for storing)."""
        documents = self.documents
        return DocumentColumns(
            doc_ids=[d.doc_id for d in documents],
            titles=list(self.titles),
            sources=[d.source for d in documents],
            dates=[d.date for d in documents],
        )

    def counts(self) -> np.ndarray:
        """How many passages each document has, in document order."""
        return np.bincount(self.owners, minlength=len(self.documents)).astype(np.int64)


def _owners(counts: np.ndarray) -> np.ndarray:
    """Per passage, its document's position."""
    return np.repeat(np.arange(len(counts), dtype=np.int32), counts)


@dataclass(frozen=True)
class Library:
    """A corpus made searchable: its passages, the analyzer that indexed them, the index,
    and whether it was built now or loaded from the index cache."""

    passages: Passages
    index: BM25Index
    analyzer: Analyzer
    origin: Literal["built", "loaded"] = "built"

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
        terms = (t for d in documents for t in analyzer.document_terms(d.title, d.paragraphs))
        index = BM25Index.build(terms, parameters, progress)
        return cls(passages, index, analyzer)

    @classmethod
    def from_corpus(cls, corpus: Corpus, analyzer: Analyzer | None = None) -> Library:
        return cls.build(corpus.documents, analyzer)
