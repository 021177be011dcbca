"""Index segments: one batch of passages' postings, and merging batches without analysis.

A segment is the compressed-sparse-row postings of the passages indexed together (one
cold build, or the articles one update added): per term, the passages holding it
(ascending, numbered from 0 within the segment) and how often. Segments never change
once written; a later update marks passages deleted instead, and :func:`merge`
rewrites several segments' live postings into one, from the arrays alone: analysing the
texts again would cost what the first build did.
"""

from __future__ import annotations

from abc import abstractmethod
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, count

import numpy as np

POSTING_ARRAYS = ("offsets", "postings", "frequencies", "lengths")
DTYPES = {"offsets": np.int64, "postings": np.int32, "frequencies": np.uint16, "lengths": np.int32}
# A term's peaks (see Peaks) are kept when it has at least this many postings: reading
# a shorter list at a question costs under a microsecond.
PEAK_MIN_POSTINGS = 256
PEAK_ARRAYS = ("peak_rows", "peak_offsets", "peak_frequencies", "peak_lengths")
PEAK_DTYPES = {"peak_rows": np.int32, "peak_offsets": np.int64, "peak_frequencies": np.uint16, "peak_lengths": np.int32}
INDEX_ARRAYS = (*POSTING_ARRAYS, *PEAK_ARRAYS)


@dataclass(frozen=True, eq=False)
class Peaks:
    """Per long term (``rows``, ascending: those of at least PEAK_MIN_POSTINGS postings),
    the postings no other of its postings dominates: ``frequencies[offsets[i]:offsets[i
    + 1]]`` each with the shortest passage ``lengths`` holding the term that often, kept
    only where no more frequent posting has as short a passage. ``tf * (k1 + 1) / (tf +
    norm)`` grows with tf and shrinks as the norm, hence the length, grows, so its largest
    value over a term's postings is its largest over these few, for any average length:
    the bound MaxScore needs (``BM25Index._segment_lists``) without reading the whole list
    at a question, however adds and deletions move N and the average. A deleted passage
    among them only loosens the bound (it scores 0). (The norm grows with the length
    through monotonic roundings, and one count more moves the ratio by far more than
    rounding can; MaxScore widens its bounds by kernels.MARGIN besides.)"""

    rows: np.ndarray  # int32
    offsets: np.ndarray  # int64, one more than there are rows
    frequencies: np.ndarray  # uint16
    lengths: np.ndarray  # int32

    def arrays(self) -> dict[str, np.ndarray]:
        return {"peak_rows": self.rows, "peak_offsets": self.offsets, "peak_frequencies": self.frequencies, "peak_lengths": self.lengths}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], terms: int) -> Peaks:
        """Peaks from ``arrays()``, checked for type and range against a segment of
        ``terms`` terms; ValueError when they cannot be any segment's."""
        for name, dtype in PEAK_DTYPES.items():
            found = arrays[name]
            if found.dtype != dtype or found.ndim != 1:
                raise ValueError(f"{name} is {found.dtype}[{found.ndim}d], not {np.dtype(dtype)}[1d]")
        rows, offsets, frequencies, lengths = (np.asarray(arrays[name]) for name in PEAK_ARRAYS)
        if len(rows) and (int(rows[0]) < 0 or int(rows[-1]) >= terms or (np.diff(rows) <= 0).any()):
            raise ValueError("the peaks' rows are no segment's rows in order")
        if len(offsets) != len(rows) + 1 or offsets[0] != 0 or offsets[-1] != len(frequencies) or len(lengths) != len(frequencies):
            raise ValueError("the peaks' offsets do not span them")
        if (np.diff(offsets) <= 0).any() or (len(frequencies) and (int(frequencies.min()) < 1 or int(lengths.min()) < 0)):
            raise ValueError("the peaks hold what no posting can be")
        return cls(rows, offsets, frequencies, lengths)

    def of(self, row: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The term's peak frequencies and lengths; None when not kept (a short list)."""
        at = int(self.rows.searchsorted(row))
        if at == len(self.rows) or self.rows[at] != row:
            return None
        start, end = self.offsets[at], self.offsets[at + 1]
        return self.frequencies[start:end], self.lengths[start:end]


def peaks_of(offsets: np.ndarray, postings: np.ndarray, frequencies: np.ndarray, lengths: np.ndarray) -> Peaks:
    """The Peaks of the terms of at least PEAK_MIN_POSTINGS postings: a gather of their
    postings' lengths and a reduction a row for tf 1 (nearly every posting), a sort of
    the few others (at 1M paragraphs, 0.35 s over 36M postings)."""
    counts = np.diff(offsets)
    long = counts >= PEAK_MIN_POSTINGS
    rows = np.flatnonzero(long).astype(np.int32)
    if not len(rows):
        return Peaks(rows, np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.uint16), np.empty(0, dtype=np.int32))
    taken = np.repeat(long, counts)
    tf = np.asarray(frequencies)[taken]
    size = np.asarray(lengths)[np.asarray(postings)[taken]]
    sizes = counts[long]
    firsts = np.zeros(len(rows), dtype=np.int64)
    np.cumsum(sizes[:-1], out=firsts[1:])
    never = np.iinfo(np.int32).max
    shortest_once = np.minimum.reduceat(np.where(tf == 1, size, never), firsts)
    once = np.flatnonzero(shortest_once != never)
    more = np.flatnonzero(tf > 1)
    more_rank = np.searchsorted(firsts, more, side="right") - 1
    order = np.lexsort((size[more], tf[more], more_rank))  # by row, then tf, then length
    more_rank, more_tf, more_size = more_rank[order], tf[more][order], size[more][order]
    first = np.ones(len(order), dtype=bool)  # the shortest of each (row, tf)
    first[1:] = (more_rank[1:] != more_rank[:-1]) | (more_tf[1:] != more_tf[:-1])
    rank = np.concatenate((once, more_rank[first]))
    point_tf = np.concatenate((np.ones(len(once), dtype=np.uint16), more_tf[first]))
    point_size = np.concatenate((shortest_once[once], more_size[first])).astype(np.int64)
    order = np.lexsort((-point_tf.astype(np.int64), rank))  # by row, the most frequent first
    rank, point_tf, point_size = rank[order], point_tf[order], point_size[order]
    # Keep a point shorter than every more frequent one of its row: a running minimum
    # over the rows in turn, each row's lengths shifted below every earlier row's.
    shifted = point_size - rank.astype(np.int64) * (2**32)
    kept = np.ones(len(rank), dtype=bool)
    kept[1:] = (rank[1:] != rank[:-1]) | (shifted[1:] < np.minimum.accumulate(shifted)[:-1])
    peak_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rank[kept], minlength=len(rows)), out=peak_offsets[1:])
    return Peaks(rows, peak_offsets, point_tf[kept].astype(np.uint16), point_size[kept].astype(np.int32))


@dataclass(frozen=True, eq=False)
class Segment:
    """Postings of one batch of passages: ``vocabulary`` maps a term to its row, row
    ``t``'s passages are ``postings[offsets[t]:offsets[t + 1]]`` (with their term
    frequencies), ``lengths`` is each passage's number of terms."""

    vocabulary: Mapping[str, int]  # iterated in row order
    offsets: np.ndarray  # int64, one more than there are terms
    postings: np.ndarray  # int32, passage numbers within the segment
    frequencies: np.ndarray  # uint16, capped
    lengths: np.ndarray  # int32
    stored_peaks: Peaks | None = field(default=None, repr=False)  # see ``peaks``

    @property
    def size(self) -> int:
        return len(self.lengths)

    @property
    def peaks(self) -> Peaks:
        """The long terms' Peaks: as loaded, or worked out from the postings the first
        time asked (a segment built or merged in memory, when it is written)."""
        if self.stored_peaks is None:
            object.__setattr__(self, "stored_peaks", peaks_of(self.offsets, self.postings, self.frequencies, self.lengths))
        assert self.stored_peaks is not None
        return self.stored_peaks

    def document_frequencies(self) -> np.ndarray:
        return np.diff(self.offsets).astype(np.int64)

    def arrays(self) -> dict[str, np.ndarray]:
        """The segment as plain arrays, for saving; ``from_arrays`` reverses it."""
        return {"offsets": self.offsets, "postings": self.postings, "frequencies": self.frequencies, "lengths": self.lengths, **self.peaks.arrays()}

    @classmethod
    def build(cls, documents: Iterable[Sequence[str]], progress: Callable[[int], None] | None = None) -> Segment:
        """Index token lists, one per passage, in order. Terms are numbered as first
        seen, by a dict whose misses number themselves (C all the way: no Python code
        runs per token); the postings and their counts come from one sort of their
        (term, passage) keys: term by term, each term's passages ascending."""
        numbering: defaultdict[str, int] = defaultdict(count().__next__)
        number = numbering.__getitem__
        term_ids = array("i")
        lengths = array("i")
        for doc, tokens in enumerate(documents):
            lengths.append(len(tokens))
            term_ids.extend(map(number, tokens))
            if progress and doc % 1000 == 999:
                progress(1000)
        if progress:
            progress(len(lengths) % 1000)
        vocabulary = dict(numbering)
        passage_lengths = np.frombuffer(lengths, dtype=np.int32).copy()
        width = max(1, len(passage_lengths))
        passage_of_token = np.repeat(np.arange(len(passage_lengths), dtype=np.int64), passage_lengths)
        keys, counts = np.unique(np.frombuffer(term_ids, dtype=np.int32).astype(np.int64) * width + passage_of_token, return_counts=True)
        offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // width, minlength=len(vocabulary)), out=offsets[1:])
        return cls(
            vocabulary,
            offsets,
            (keys % width).astype(np.int32),
            np.minimum(counts, np.iinfo(np.uint16).max).astype(np.uint16),
            passage_lengths,
        )

    @classmethod
    def from_arrays(cls, terms: Sequence[str], arrays: Mapping[str, np.ndarray], rows: np.ndarray | None = None) -> Segment:
        """A segment from its vocabulary and ``arrays()``, checked for consistency and
        range; ValueError when they cannot be one segment. Without the peaks' arrays,
        the peaks are worked out when first asked for. The terms are in row order;
        or, with ``rows`` (each term's row), in sorted order (see ``sorted_terms``):
        then they are looked up by bisection (SortedTerms), not hashed into a dict."""
        for name, dtype in DTYPES.items():
            found = arrays[name]
            if found.dtype != dtype or found.ndim != 1:
                raise ValueError(f"{name} is {found.dtype}[{found.ndim}d], not {np.dtype(dtype)}[1d]")
        offsets = arrays["offsets"]
        vocabulary: Mapping[str, int]
        if rows is not None:
            vocabulary = SortedTerms(list(terms), rows)
        else:
            vocabulary = dict(zip(terms, range(len(terms))))
            if len(vocabulary) != len(terms):
                raise ValueError("vocabulary and offsets disagree")
        if len(offsets) != len(terms) + 1:
            raise ValueError("vocabulary and offsets disagree")
        postings = len(arrays["postings"])
        if offsets[0] != 0 or offsets[-1] != postings or len(arrays["frequencies"]) != postings:
            raise ValueError("offsets do not span the postings")
        if (np.diff(offsets) < 0).any():
            raise ValueError("offsets go backwards")
        given = [name for name in PEAK_ARRAYS if name in arrays]
        if given and len(given) != len(PEAK_ARRAYS):
            raise ValueError(f"peak arrays given in part: {', '.join(given)}")
        peaks = Peaks.from_arrays(arrays, len(terms)) if given else None
        # Plain arrays over the same (often memory-mapped) memory: a memory map's own
        # slicing costs microseconds a term, more than reading a rare term's postings.
        held = [np.asarray(arrays[name]) for name in POSTING_ARRAYS]
        return cls(vocabulary, held[0], held[1], held[2], held[3], peaks)

    def sorted_terms(self) -> tuple[list[str], np.ndarray]:
        """The terms sorted (as str sorts them) and each one's row: stored beside the
        vocabulary, so a load looks terms up without hashing them all."""
        if isinstance(self.vocabulary, SortedTerms):
            return self.vocabulary.sorted, self.vocabulary.rows
        terms = list(self.vocabulary)
        order = sorted(range(len(terms)), key=terms.__getitem__)
        return [terms[i] for i in order], np.array(order, dtype=np.int32)

    def check_ranges(self) -> None:
        """ValueError unless every posting names a passage of the segment and every
        length is a length: out of range, they would fail questions with IndexError (or,
        negative, quietly score the wrong passage). One vectorised pass an array."""
        postings = self.postings
        if len(postings) and (int(postings.min()) < 0 or int(postings.max()) >= self.size):
            raise ValueError("a posting names no passage")
        if len(self.lengths) and int(self.lengths.min()) < 0:
            raise ValueError("a passage length is negative")

    def term_counts(self, passages: np.ndarray) -> np.ndarray:
        """Per term (row), how many of the passages marked in the boolean ``passages``
        hold it: what deleting them takes from each document frequency. One gather over
        the postings, then a count of the few postings that hit."""
        hits = np.flatnonzero(passages[self.postings])
        rows = np.searchsorted(self.offsets, hits, side="right") - 1
        return np.bincount(rows, minlength=len(self.vocabulary)).astype(np.int64)


def merge(parts: Sequence[tuple[Segment, np.ndarray | None]]) -> Segment:
    """One segment holding the kept passages of ``parts`` (each a segment and a boolean
    mask of the passages to keep, None for all), in order: the first part's kept
    passages first. Terms left in no kept passage are dropped, so the merged vocabulary
    is exactly the live one."""
    merger = Merger()
    for segment, keep in parts:
        merger.add(segment, keep)
    return merger.result()


class Merger:
    """A merge (see :func:`merge`) fed one part at a time: each part's terms are
    numbered as it comes (a dict lookup a term of every part, the costly step), so a
    build does that while its workers still read the next parts.

    No sort: a merged term's postings are its postings in each part, part after part
    (each part's passages number after the one before's, so they still ascend). So
    every part's block for a term is copied to where that term's row, less what the
    parts before it put there, begins: one scatter a part, linear in the postings (a
    cold build merges some 150 parts at a million paragraphs)."""

    def __init__(self) -> None:
        self.numbering: defaultdict[str, int] = defaultdict(count().__next__)  # numbers terms as first seen
        self.pieces: list[_Piece] = []
        self.passages = 0

    def add(self, segment: Segment, keep: np.ndarray | None = None) -> None:
        """The next part: ``segment``, and which of its passages to keep (None: all)."""
        piece = _piece(segment, keep, self.numbering, self.passages)
        self.pieces.append(piece)
        self.passages += len(piece.lengths)

    def result(self) -> Segment:
        """The merged segment of the parts added."""
        pieces = self.pieces
        totals = np.zeros(len(self.numbering), dtype=np.int64)
        for piece in pieces:
            totals[piece.rows] += piece.counts  # a part's rows are distinct terms
        vocabulary = dict(self.numbering)
        used = totals > 0
        if not used.all():
            # Renumber the rows of terms still held by some passage, in their first-seen order.
            new_row = np.cumsum(used) - 1
            vocabulary = {t: int(new_row[r]) for t, r in vocabulary.items() if used[r]}
        offsets = np.zeros(int(used.sum()) + 1, dtype=np.int64)
        np.cumsum(totals[used], out=offsets[1:])
        # Per first-seen row, where the next part's postings of that term go.
        cursor = np.zeros(len(totals), dtype=np.int64)
        cursor[used] = offsets[:-1]
        postings = np.empty(int(offsets[-1]), dtype=np.int32)
        frequencies = np.empty(int(offsets[-1]), dtype=np.uint16)
        for piece in pieces:
            firsts = np.cumsum(piece.counts) - piece.counts  # each term's first posting within the part
            places = np.repeat(cursor[piece.rows] - firsts, piece.counts) + np.arange(len(piece.postings), dtype=np.int64)
            postings[places] = piece.postings
            frequencies[places] = piece.frequencies
            cursor[piece.rows] += piece.counts
        lengths = np.concatenate([p.lengths for p in pieces]).astype(np.int32) if pieces else np.empty(0, dtype=np.int32)
        return Segment(vocabulary, offsets, postings, frequencies, lengths)


@dataclass(frozen=True)
class _Piece:
    """One part of a merge, its deleted passages taken out: per row of the part, the
    merged (first-seen) row of its term and how many kept postings it has; the kept
    postings (renumbered into the merged segment) and frequencies, in the part's row
    order; the kept passages' lengths."""

    rows: np.ndarray
    counts: np.ndarray
    postings: np.ndarray
    frequencies: np.ndarray
    lengths: np.ndarray


def _piece(segment: Segment, keep: np.ndarray | None, numbering: defaultdict[str, int], base: int) -> _Piece:
    """``segment``'s share of a merge whose passages before it number ``base``."""
    rows = np.fromiter(map(numbering.__getitem__, segment.vocabulary), dtype=np.int64, count=len(segment.vocabulary))
    offsets = np.asarray(segment.offsets)
    postings = np.asarray(segment.postings)
    frequencies = np.asarray(segment.frequencies)
    if keep is None:
        return _Piece(rows, np.diff(offsets), postings + np.int32(base), frequencies, np.asarray(segment.lengths))
    alive = keep[postings]
    new_number = np.cumsum(keep, dtype=np.int64).astype(np.int32) - 1 + np.int32(base)
    alive_before = np.zeros(len(alive) + 1, dtype=np.int64)
    np.cumsum(alive, out=alive_before[1:])
    counts = alive_before[offsets[1:]] - alive_before[offsets[:-1]]
    return _Piece(rows, counts, new_number[postings[alive]], frequencies[alive], np.asarray(segment.lengths)[keep])


class _Terms(Mapping[str, int]):
    """A vocabulary that is not a dict: each kind says how it finds a term's row (``get``)."""

    @abstractmethod
    def get(self, term: str, default: int | None = None) -> int | None:  # type: ignore[override]
        """The row of ``term``, or ``default``."""

    def __getitem__(self, term: str) -> int:
        row = self.get(term)
        if row is None:
            raise KeyError(term)
        return row

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get(term) is not None


# How many terms a loaded vocabulary (SortedTerms) remembers the rows of: a question asks
# for each of its terms some ten times (its query, idf, postings, summands, whether the
# corpus knows it: ~94 bisections a question at 1M paragraphs), a bisection twenty
# string comparisons.
REMEMBERED_TERMS = 4096


class SortedTerms(_Terms):
    """A loaded segment's vocabulary: its terms sorted, with each one's row, a term
    found by bisection (twenty string comparisons). A dict of 400k terms costs a start
    0.2 s hashing every one of them; a question looks up a few dozen. Iterated in row
    order, as the dict it stands for (that list is made when first asked for)."""

    def __init__(self, terms: list[str], rows: np.ndarray) -> None:
        """ValueError unless ``terms`` ascend and ``rows`` number them (so bisection
        finds every term, and its row is a row)."""
        if rows.dtype != np.int32 or rows.shape != (len(terms),):
            raise ValueError("the term rows do not fit the vocabulary")
        if len(terms) and (int(rows.min()) < 0 or int(rows.max()) >= len(terms)):
            raise ValueError("a term's row is out of range")
        # Sorting a sorted list is one pass of comparisons in C.
        if sorted(terms) != terms:
            raise ValueError("the vocabulary is not sorted")
        self.sorted = terms
        self.rows = np.asarray(rows)  # a memory map's own indexing costs a microsecond
        self._in_row_order: list[str] | None = None
        self._row_of = lru_cache(maxsize=REMEMBERED_TERMS)(self._bisected_row)  # -1 for none

    def get(self, term: str, default: int | None = None) -> int | None:  # type: ignore[override]
        row = self._row_of(term)
        return default if row < 0 else row

    def _bisected_row(self, term: str) -> int:
        found = self.sorted
        i = bisect_left(found, term)
        return int(self.rows[i]) if i < len(found) and found[i] == term else -1

    def __iter__(self) -> Iterator[str]:
        if self._in_row_order is None:
            in_order = [""] * len(self.sorted)
            for term, row in zip(self.sorted, self.rows.tolist()):
                in_order[row] = term
            self._in_row_order = in_order
        return iter(self._in_row_order)

    def __len__(self) -> int:
        return len(self.sorted)


class ExtendedTerms(_Terms):
    """A vocabulary and the terms numbered after it (``setdefault``): the global
    vocabulary of several segments, the first one's not copied into a dict. Iterated
    in row order when ``base`` is."""

    def __init__(self, base: Mapping[str, int]) -> None:
        self.base = base
        self.more: dict[str, int] = {}

    def setdefault(self, term: str, row: int) -> int:
        found = self.get(term)
        if found is None:
            self.more[term] = found = row
        return found

    def get(self, term: str, default: int | None = None) -> int | None:  # type: ignore[override]
        row = self.base.get(term)
        return row if row is not None else self.more.get(term, default)

    def __iter__(self) -> Iterator[str]:
        return chain(self.base, self.more)

    def __len__(self) -> int:
        return len(self.base) + len(self.more)


class LiveTerms(_Terms):
    """The terms of ``vocabulary`` (iterated in row order) whose rows ``live`` marks:
    the vocabulary of an index some of whose passages are deleted, without the terms
    only they held, and without copying the rest."""

    def __init__(self, vocabulary: Mapping[str, int], live: np.ndarray) -> None:
        self.vocabulary = vocabulary
        self.live = live
        self._count = int(live.sum())

    def get(self, term: str, default: int | None = None) -> int | None:  # type: ignore[override]
        row = self.vocabulary.get(term)
        return row if row is not None and self.live[row] else default

    def __iter__(self) -> Iterator[str]:
        return compress(self.vocabulary, self.live.tolist())

    def __len__(self) -> int:
        return self._count
