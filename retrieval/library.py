"""A corpus made searchable: its passages in index order, the analyzer, the BM25 index.

A library is either built from a corpus (its passages are the corpus's own strings) or
loaded from the index cache (see :mod:`retrieval.store`), where the passages stay in one
memory-mapped UTF-8 buffer and each is decoded when read, so opening a million
paragraphs costs neither start-up time nor memory for the paragraphs nobody asks about.
A loaded library may span several index segments (see :mod:`retrieval.segments`): their
passages and documents are numbered end to end, and those of deleted articles stay in
the numbering but out of every answer, count and listing.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from typing import Any, Literal, TypeVar, overload

import numpy as np

from retrieval.analysis import Analyzer
from retrieval.corpus import Corpus, Document
from retrieval.index import BM25Index, BM25Parameters
from retrieval.language import Language
from retrieval.packed import LINE_BREAK, TextColumn
from retrieval.passage_flags import CAPTION, CONTINUES, KNOWN, passage_flags
from retrieval.wording import body_wording
from retrieval.years import iso_day


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


class Chain(MadeWhenRead[T]):
    """Sequences end to end, read through: the segments' passages or documents as one
    numbering, with nothing copied (a loaded segment's items stay memory-mapped)."""

    def __init__(self, parts: Sequence[Sequence[T]]) -> None:
        self.parts = tuple(parts)
        self.starts = np.concatenate(([0], np.cumsum([len(p) for p in self.parts], dtype=np.int64)))

    def __len__(self) -> int:
        return int(self.starts[-1])

    def _item(self, i: int) -> T:
        part = int(np.searchsorted(self.starts, i, side="right")) - 1
        return self.parts[part][i - int(self.starts[part])]

    def __iter__(self) -> Iterator[T]:
        for part in self.parts:
            yield from part


def newest_first(dates: Sequence[str | None]) -> np.ndarray:
    """The positions of ``dates`` latest day first (of one day, the later written date,
    then the earlier position), then those whose day is unknown (none, or written as an
    API caller liked) in their order."""
    days = [iso_day(date) for date in dates]
    dated = sorted((i for i, day in enumerate(days) if day is not None), key=lambda i: (days[i], (dates[i] or "").replace(" ", "T"), -i), reverse=True)
    return np.array(dated + [i for i, day in enumerate(days) if day is None], dtype=np.int64)


class Subset(MadeWhenRead[T]):
    """The items of ``items`` at ``positions``, in order: the live documents of a library
    some of whose documents are deleted, so no reader counts or lists those."""

    def __init__(self, items: Sequence[T], positions: np.ndarray) -> None:
        self.items = items
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    def _item(self, i: int) -> T:
        return self.items[int(self.positions[i])]

    def __iter__(self) -> Iterator[T]:
        return (self.items[int(p)] for p in self.positions)


def packed_heading(terms: Sequence[str]) -> str:
    """A headline's terms as one stored value: each followed by LINE_BREAK, which no
    term holds (an empty term, were there one, would still read back); ValueError when
    one does."""
    value = "".join(term + LINE_BREAK for term in terms)
    if value.count(LINE_BREAK) != len(terms):
        raise ValueError("a headline term holds a line break")
    return value


def unpacked_heading(value: str) -> tuple[str, ...]:
    """The terms :func:`packed_heading` packed, in order."""
    return tuple(value.split(LINE_BREAK)[:-1])


def indexed_terms(documents: Iterable[Document], analyzer: Analyzer, headings: list[str]) -> Iterator[list[str]]:
    """The terms of each paragraph of ``documents`` as the index takes them
    (Analyzer.document_terms), each document's headline terms put in ``headings``
    (packed) as they are analysed: the headline is indexed with the paragraphs that
    lack it, and the re-ranker reads its terms again for every candidate, so they are
    stored rather than analysed twice."""
    for document in documents:
        heading = analyzer.headline_terms(document.title)
        headings.append(packed_heading(heading))
        yield from analyzer.document_terms(document.title, document.paragraphs, heading)


@dataclass(frozen=True)
class DocumentColumns:
    """What a library keeps of each document besides its paragraphs, column by column
    (a million small records would cost more to load than these seven lists)."""

    doc_ids: Sequence[str]
    titles: Sequence[str]
    sources: Sequence[str | None]
    dates: Sequence[str | None]
    urls: Sequence[str | None]
    # The digest of each body's wording (retrieval.wording): duplicates are told by it
    # without reading the articles again.
    wordings: Sequence[str]
    # The terms of each headline as indexed (packed_heading): the re-ranker reads them
    # for every candidate, which analysing again cost ~20 µs each at a million paragraphs.
    headings: Sequence[str]

    @classmethod
    def of_documents(cls, documents: Sequence[Document], headings: Sequence[str]) -> DocumentColumns:
        """The columns of documents just read (a build), with the ``headings`` their
        indexing analysed (indexed_terms): the wording is computed here, once, and stored."""
        if len(headings) != len(documents):
            raise ValueError("a headline's terms for each document, no more")
        return cls(
            doc_ids=[d.doc_id for d in documents],
            titles=[d.title for d in documents],
            sources=[d.source for d in documents],
            dates=[d.date for d in documents],
            urls=[d.url for d in documents],
            wordings=[body_wording(d.paragraphs) for d in documents],
            headings=list(headings),
        )

    def taking(self, positions: Sequence[int]) -> DocumentColumns:
        """The columns of the documents at ``positions``, in that order."""
        return DocumentColumns(*([column[i] for i in positions] for column in self._all()))

    def _all(self) -> tuple[Sequence[Any], ...]:
        return (self.doc_ids, self.titles, self.sources, self.dates, self.urls, self.wordings, self.headings)

    @classmethod
    def joined(cls, parts: Sequence[DocumentColumns]) -> DocumentColumns:
        """The columns of several parts end to end."""
        return cls(*([value for part in parts for value in part._all()[i]] for i in range(len(fields(cls)))))


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
            url=columns.urls[i],
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
        headings: Sequence[str],
        flags: np.ndarray,
        titles: Sequence[str] | None = None,
        dates: Sequence[str | None] | None = None,
    ) -> None:
        self.documents = documents
        self.owners = owners  # passage -> position of its document
        self.numbers = numbers  # passage -> its paragraph's number in its document (int32)
        self.texts = texts
        # By document, its headline's terms as indexed (packed_heading): read, not analysed.
        self.headings = headings
        # By passage, what its text says of it (retrieval.passage_flags: uint8 bits),
        # worked out as it was indexed: read, not searched for again. A plain array over
        # the map: a memory map's own indexing is a Python call a passage.
        self.flags = np.asarray(flags)
        self.titles = titles if titles is not None else [d.title for d in documents]  # by document
        # By document too: the year filter asks the dates of a question's candidates,
        # which read through ``documents`` would each put a whole article together.
        self.dates = dates if dates is not None else [d.date for d in documents]

    @classmethod
    def from_documents(cls, documents: Sequence[Document], headings: Sequence[str], language: Language) -> Passages:
        """Passages over documents in memory, with the ``headings`` their indexing
        analysed (indexed_terms), and their flags as read in ``language``, the indexing's."""
        if len(headings) != len(documents):
            raise ValueError("a headline's terms for each document, no more")
        counts = np.array([len(d.paragraphs) for d in documents], dtype=np.int64)
        texts = [p for d in documents for p in d.paragraphs]
        numbers = np.fromiter((n for d in documents for n in d.numbers), dtype=np.int32, count=len(texts))
        flags = passage_flags((d.paragraphs for d in documents), language)
        return cls(documents, _owners(counts), numbers, texts, headings, flags)

    @classmethod
    def from_store(
        cls, columns: DocumentColumns, counts: np.ndarray, texts: TextColumn[str], numbers: np.ndarray, flags: np.ndarray
    ) -> Passages:
        """Passages over stored texts, ``counts[i]`` of them for document ``i``, each of
        ``numbers`` its paragraph's and of ``flags`` its flags; ValueError when the
        pieces disagree."""
        if len(counts) != len(columns.doc_ids) or int(counts.sum()) != len(texts) or (counts < 1).any():
            raise ValueError("document paragraph counts do not match the stored texts")
        if numbers.dtype != np.int32 or numbers.shape != (len(texts),) or (len(numbers) and numbers.min() < 1):
            raise ValueError("the paragraph numbers do not fit the stored texts")
        starts = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        _check_flags(flags, len(texts), starts[:-1])
        table = DocumentTable(columns, starts, texts, numbers)
        return cls(table, _owners(counts), numbers, texts, columns.headings, flags, columns.titles, columns.dates)

    @classmethod
    def chain(cls, parts: Sequence[Passages]) -> Passages:
        """The passages of several segments as one numbering: part ``i``'s passage ``j``
        is number ``j`` plus the passages of the parts before it, and likewise its
        documents. A single part as it is."""
        if len(parts) == 1:
            return parts[0]
        document_bases = np.cumsum([0] + [len(p.documents) for p in parts[:-1]])
        owners = np.concatenate([p.owners + np.int32(b) for p, b in zip(parts, document_bases.tolist())]).astype(np.int32)
        numbers = np.concatenate([np.asarray(p.numbers) for p in parts]).astype(np.int32) if parts else np.empty(0, np.int32)
        return cls(
            Chain([p.documents for p in parts]),
            owners,
            numbers,
            Chain([p.texts for p in parts]),
            Chain([p.headings for p in parts]),
            # Worked out within each article, and a segment holds whole articles: as they were.
            np.concatenate([np.asarray(p.flags) for p in parts]).astype(np.uint8) if parts else np.empty(0, np.uint8),
            Chain([p.titles for p in parts]),
            Chain([p.dates for p in parts]),
        )

    def __len__(self) -> int:
        return len(self.owners)

    def document(self, passage: int) -> Document:
        return self.documents[int(self.owners[passage])]

    def date_of(self, passage: int) -> str | None:
        """The ISO date of the passage's article; None for an undated one."""
        return self.dates[int(self.owners[passage])]

    def heading_terms(self, owner: int) -> tuple[str, ...]:
        """The terms of document ``owner``'s headline, in order, as the index analysed
        them (Analyzer.headline_terms), without analysing it again."""
        return unpacked_heading(self.headings[owner])

    def is_caption(self, passage: int) -> bool:
        """Whether the passage is a photo caption by its text (chunking.is_caption, in the
        indexing's language), without searching it again."""
        return bool(self.flags[passage] & CAPTION)

    def continues(self, passage: int) -> bool:
        """Whether the passage continues or points back to the one before it, of the same
        article (passage_flags.CONTINUES), without reading either again."""
        return bool(self.flags[passage] & CONTINUES)

    def columns(self) -> DocumentColumns:
        """The documents' metadata, column by column (for storing, and for telling
        duplicates): a loaded segment's as stored, nothing decoded."""
        return _columns_of(self.documents, self.headings)

    def counts(self) -> np.ndarray:
        """How many passages each document has, in document order."""
        return np.bincount(self.owners, minlength=len(self.documents)).astype(np.int64)


def _columns_of(documents: Sequence[Document], headings: Sequence[str]) -> DocumentColumns:
    """The columns of ``documents``, whose headline terms are ``headings`` (chained
    as they are: Passages.chain)."""
    if isinstance(documents, DocumentTable):
        return documents.columns
    if isinstance(documents, Chain) and isinstance(headings, Chain):
        return DocumentColumns.joined([_columns_of(d, h) for d, h in zip(documents.parts, headings.parts)])
    return DocumentColumns.of_documents(documents, headings)


def _check_flags(flags: np.ndarray, passages: int, firsts: np.ndarray) -> None:
    """ValueError unless ``flags`` are a passage's each, with known bits, and no
    document's first passage (at ``firsts``) continues one before it."""
    if flags.dtype != np.uint8 or flags.shape != (passages,):
        raise ValueError("the passage flags do not fit the stored texts")
    if (np.asarray(flags) & ~np.uint8(KNOWN)).any() or (np.asarray(flags)[firsts] & CONTINUES).any():
        raise ValueError("the passage flags hold what no passage can be")


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
    # "updated": loaded, with the files added, changed or removed since indexed in.
    origin: Literal["built", "loaded", "updated"] = "built"
    # Positions (in ``passages.documents``) of the documents not deleted; None: all are.
    live_documents: np.ndarray | None = None

    @property
    def documents(self) -> Sequence[Document]:
        """The live documents: a deleted one is in no count, listing or answer."""
        if self.live_documents is None:
            return self.passages.documents
        return Subset(self.passages.documents, self.live_documents)

    @cached_property
    def newest_documents(self) -> Sequence[Document]:
        """The live documents latest first (:func:`newest_first`), as the listings show
        them: a growing archive's first page is its news, not the files added first.
        Ordered by the date column, so no document is decoded until read."""
        return Subset(self.documents, newest_first(self.document_columns().dates))

    def document_columns(self) -> DocumentColumns:
        """The live documents' metadata, column by column, without decoding any."""
        columns = self.passages.columns()
        return columns if self.live_documents is None else columns.taking(self.live_documents.tolist())

    @property
    def passage_count(self) -> int:
        """Live passages (``len(passages)`` counts deleted ones too: numbers never move)."""
        return self.index.size

    @cached_property
    def paragraph_count(self) -> int:
        """Live paragraphs as a reader counts them: one too long for a passage counts
        once (a banner said 2,409 paragraphs of archive whose list added up to 55, one of
        them 9 MB long). Photo captions count, as the index holds them. From the arrays
        alone: no paragraph is decoded."""
        owners, numbers = self.passages.owners, self.passages.numbers
        starts = np.ones(len(numbers), dtype=bool)
        starts[1:] = (numbers[1:] != numbers[:-1]) | (owners[1:] != owners[:-1])
        if self.live_documents is not None:
            live = np.zeros(len(self.passages.documents), dtype=bool)
            live[self.live_documents] = True
            starts &= live[owners]
        return int(np.count_nonzero(starts))

    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        analyzer: Analyzer | None = None,
        parameters: BM25Parameters = BM25Parameters(),
        progress: Callable[[int], None] | None = None,
    ) -> Library:
        analyzer = analyzer or Analyzer()
        headings: list[str] = []
        index = BM25Index.build(indexed_terms(documents, analyzer, headings), parameters, progress)
        return cls(Passages.from_documents(documents, headings, analyzer.language), index, analyzer)

    @classmethod
    def from_corpus(cls, corpus: Corpus, analyzer: Analyzer | None = None) -> Library:
        return cls.build(corpus.documents, analyzer)
