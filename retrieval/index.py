"""Exact BM25Okapi over an inverted index.

rank-bm25's ``BM25Okapi.get_scores`` walks every document for every query term. This
index gives the same scores (same idf with its epsilon floor for negative idf, same
length normalisation, same summation order) but touches only the postings of the query's
terms, so a question costs what its terms cost, not what the archive costs. The tests
hold it to ``BM25Okapi.get_scores`` on random corpora, and over several segments
(:mod:`retrieval.segments`) with deleted passages, to ``BM25Okapi`` over the live ones.

``top`` has two paths to the same answers. With numba installed (the ``fast`` extra)
and an index of at least ``COMPILED_MIN_PASSAGES`` passages, the compiled kernel of
:mod:`retrieval.kernels` sums each passage's score in query order in one pass a term,
computing each contribution as it goes, and leaves out the passages that cannot reach
the k-th best score (MaxScore): at 100k paragraphs it takes about half the time of the
numpy path, and keeps nothing between questions. It is loaded in the background on the
first question, so no question and no start waits for numba.

Without it, numpy: a common term's contribution to each of its passages (its impacts)
is computed the first time a question needs it and kept, so that reading it again costs
a gather, an add and a scatter per posting, not the norms' gather and four passes of
arithmetic besides: the same numbers, computed once. They cost 8 bytes a posting, so
only terms of at least ``IMPACT_MIN_POSTINGS`` postings are kept (a rare term is cheap
to compute), and at most ``IMPACT_BUDGET_BYTES`` in all, the oldest given up first:
kept for every term, they would hold 286 MB at 1M paragraphs.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from retrieval.segments import ExtendedTerms, LiveTerms, Segment

logger = logging.getLogger(__name__)

# Above one touched posting per this many passages, ``top`` scans the score buffer
# instead of deduplicating the postings (a sort costs more than a pass by then).
DENSE_FRACTION = 64
# How many postings of the rarest query terms ``top`` reads to bound the k-th best score.
PROBE_POSTINGS = 4096
# Impacts are kept for terms with at least this many postings, up to this many bytes.
IMPACT_MIN_POSTINGS = 256
IMPACT_BUDGET_BYTES = 96 * 2**20
# ``top`` runs the compiled kernel of :mod:`retrieval.kernels` when numba is installed
# (the ``fast`` extra) and the index holds at least COMPILED_MIN_PASSAGES passages (below,
# numpy answers in a fraction of a millisecond and numba's ~130 MB would buy nothing);
# False, or no numba, and numpy answers. The tests run both.
COMPILED = True
COMPILED_MIN_PASSAGES = 50_000
# Seconds a first start's compilation of the kernels may take in its child process
# (about 10 s on the project's machine); numpy answers meanwhile.
COMPILE_TIMEOUT_S = 300
# The child: this process's search path (argv[2:]) for its own, and the kernels module
# at argv[1] compiled, or status 3 if that path finds another.
COMPILE_CHILD = (
    "import sys; sys.path[:] = sys.argv[2:]; import retrieval.kernels as kernels; "
    "sys.exit(3) if kernels.__file__ != sys.argv[1] else kernels.warm()"
)
# The compiled kernel reads tf * (k1 + 1) / (norm + tf) from a table for the passages of
# fewer terms than this and the counts under RATIO_FREQUENCIES (nearly every posting):
# a small table stays in cache where each passage's norm (8 bytes a passage) does not,
# and so do more of the passages' 1-byte row codes (at 1M passages, 1 MB where 2-byte
# codes took 2: the kernel's top-10 p50 3.40 -> 3.17 ms, old and new alternating in one
# process, the new first). Longer passages, rare in news, have their norm read.
RATIO_LENGTHS = 255
RATIO_FREQUENCIES = 16
_kernel_module: list[ModuleType] = []  # retrieval.kernels once loaded and compiled
_kernel_loading = threading.Lock()
_kernel_loader: list[threading.Thread] = []


@dataclass(frozen=True)
class BM25Parameters:
    """rank-bm25's BM25Okapi parameters (its defaults unless tuned)."""

    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


@dataclass(frozen=True)
class Hit:
    """A passage and its BM25 score."""

    passage: int
    score: float


def length_norms(lengths: np.ndarray, average_length: float, parameters: BM25Parameters) -> np.ndarray:
    """``k1 * (1 - b + b * length / average)`` per length: the expression, and order of
    operations, of BM25Okapi.get_scores, made in one place so that every copy of a norm
    (the index's, a shard's, the kernel's ratio table) has the same bits. NaN for a
    corpus of no length, as get_scores divides by zero there."""
    if average_length <= 0:
        return np.full(len(lengths), np.nan)
    k1, b = parameters.k1, parameters.b
    return k1 * (1 - b + b * np.asarray(lengths).astype(np.float64) / average_length)


def okapi_idf(df: np.ndarray, corpus_size: int, epsilon: float, live: np.ndarray | None = None) -> np.ndarray:
    """BM25Okapi's idf: log(N - n + 0.5) - log(n + 0.5), negatives raised to
    epsilon times the mean idf, exactly as rank-bm25 computes it. rank-bm25 averages
    over the terms its corpus holds: with ``live`` (a mask), over those terms only, so
    a term whose every passage was deleted drops out of the mean."""
    idf = np.log(corpus_size - df + 0.5) - np.log(df + 0.5)
    counted = idf if live is None else idf[live]
    if len(counted) == 0:
        return idf
    # rank-bm25 sums in vocabulary order, one float after another: so does a running
    # sum (never pairwise), the same bits, without 400k Python floats at a start.
    average = float(np.add.accumulate(counted)[-1]) / len(counted)
    return np.where(idf < 0, epsilon * average, idf)


class BM25Index:
    """BM25Okapi over one or more segments, some of whose passages may be deleted.

    Passages are numbered globally: a segment's passage ``i`` is number ``base + i``,
    ``base`` the passages of the segments before it, deleted ones included (so numbers
    never move while the segments stand). Every statistic is the live corpus's, as if
    rank-bm25 had been given the live passages alone: N, the average length, each
    term's document frequency (summed over segments, less its deleted passages) and the
    mean idf (over the terms some live passage holds). A deleted passage's norm is
    infinite, so every term contributes exactly 0 to it and it is never a hit."""

    def __init__(
        self,
        segments: Sequence[Segment],
        parameters: BM25Parameters = BM25Parameters(),
        deleted: Sequence[np.ndarray | None] | None = None,
    ) -> None:
        self.segments = tuple(segments)
        self.parameters = parameters
        masks = list(deleted) if deleted is not None else [None] * len(self.segments)
        if len(masks) != len(self.segments):
            raise ValueError("one deletion mask a segment")
        masks = [m if m is not None and m.any() else None for m in masks]
        sizes = [s.size for s in self.segments]
        self.bases = np.concatenate(([0], np.cumsum(sizes, dtype=np.int64))).astype(np.int64)
        self.slots = int(self.bases[-1])  # passage numbers in use, deleted ones included
        self._bases: list[int] | None = None  # see _base_list
        self.lengths = _concatenate([s.lengths for s in self.segments], np.int32)
        self.deleted: np.ndarray | None = None
        if any(m is not None for m in masks):
            self.deleted = np.concatenate(
                [m if m is not None else np.zeros(n, dtype=bool) for m, n in zip(masks, sizes)]
            )
        self.vocabulary, self.df = _global_vocabulary(self.segments, masks)
        self.size = self.slots - (int(self.deleted.sum()) if self.deleted is not None else 0)
        self.idf = okapi_idf(self.df, self.size, parameters.epsilon, self.df > 0 if self.deleted is not None else None)
        lengths = self.lengths if self.deleted is None else np.where(self.deleted, 0, self.lengths)
        total = int(lengths.sum(dtype=np.int64))
        self.average_length = total / self.size if self.size else 0.0
        self.norms = length_norms(self.lengths, self.average_length, parameters)
        if self.deleted is not None:
            self.norms[self.deleted] = np.inf  # tf / (tf + inf) = 0: deleted passages score 0
        self._ratio_codes: np.ndarray | None = None  # see _ratios_by_length
        self._ratio_table: np.ndarray | None = None
        self._buffer = np.zeros(self.slots, dtype=np.float64)
        self._impacts: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._impact_bytes = 0
        # Per (segment, row): a term's largest tf * (k1 + 1) / (tf + norm), the bound
        # MaxScore needs (8 bytes a term a question has read; the idf multiplies it).
        self._ratios: dict[tuple[int, int], float] = {}
        self._marks: np.ndarray | None = None  # the kernel's bitmap of passages, one bit each
        self._partials: np.ndarray | None = None  # the kernel's float32 sums (see retrieval.kernels)
        # Each segment's postings and frequencies as read-only views: numba compiles a
        # function once per kind of array, and memory-mapped ones are read-only.
        self._read_only: list[tuple[np.ndarray, np.ndarray]] | None = None
        self._lock = threading.Lock()

    @property
    def kept_bytes(self) -> int:
        """Memory held by the impacts kept so far (8 bytes a posting of every term
        a question has read)."""
        return self._impact_bytes

    def is_live(self, passage: int) -> bool:
        return self.deleted is None or not bool(self.deleted[passage])

    # -- building ----------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        documents: Iterable[Sequence[str]],
        parameters: BM25Parameters = BM25Parameters(),
        progress: Callable[[int], None] | None = None,
    ) -> BM25Index:
        """Index token lists, one per passage, in order: one segment."""
        return cls([Segment.build(documents, progress)], parameters)

    # -- persistence -------------------------------------------------------------------

    def _only_segment(self) -> Segment:
        if len(self.segments) != 1:
            raise ValueError(f"an index of {len(self.segments)} segments has no single set of arrays")
        return self.segments[0]

    @property
    def offsets(self) -> np.ndarray:
        return self._only_segment().offsets

    @property
    def postings(self) -> np.ndarray:
        return self._only_segment().postings

    @property
    def frequencies(self) -> np.ndarray:
        return self._only_segment().frequencies

    def arrays(self) -> dict[str, np.ndarray]:
        """A one-segment index as plain arrays, for saving; ``from_arrays`` reverses it."""
        return self._only_segment().arrays()

    @classmethod
    def from_arrays(
        cls,
        terms: Sequence[str],
        arrays: Mapping[str, np.ndarray],
        parameters: BM25Parameters = BM25Parameters(),
    ) -> BM25Index:
        """A one-segment index from its vocabulary (terms in id order) and ``arrays()``,
        checked for consistency; ValueError when they cannot be one index."""
        return cls([Segment.from_arrays(terms, arrays)], parameters)

    # -- scoring -----------------------------------------------------------------------

    def document_frequency(self, term: str) -> int:
        term_id = self.vocabulary.get(term)
        return 0 if term_id is None else int(self.df[term_id])

    def term_idf(self, term: str) -> float:
        """idf of a term; an unseen term gets the idf a term in no passage would have."""
        term_id = self.vocabulary.get(term)
        return float(self.idf[term_id]) if term_id is not None else self.unseen_idf()

    def unseen_idf(self) -> float:
        """The idf a term in no passage would have: the most a term can weigh."""
        return float(np.log(self.size + 0.5) - np.log(0.5))

    def term_postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's passages (global numbers, ascending) and frequencies, over every
        segment: one segment's arrays as they are, several concatenated. Public for
        readers that ask the index rather than read the texts (an article's terms)."""
        parts = []
        for segment, base in zip(self.segments, self._base_list):
            row = segment.vocabulary.get(term)
            if row is not None:
                start, end = segment.offsets[row], segment.offsets[row + 1]
                docs = segment.postings[start:end]
                parts.append((docs + np.int32(base) if base else docs, segment.frequencies[start:end]))
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.uint16)
        return np.concatenate([d for d, _ in parts]), np.concatenate([f for _, f in parts])

    @property
    def _base_list(self) -> list[int]:
        # Made once: every question reads it for each term, and the segments never move.
        if self._bases is None:
            self._bases = self.bases[:-1].tolist()
        return self._bases

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray, float] | None:
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return None
        docs, frequencies = self.term_postings(term)
        return docs, frequencies, float(self.idf[term_id])

    def term_scores(self, passages: Sequence[int], terms: Iterable[str]) -> list[dict[str, float]]:
        """For each of ``passages``, the BM25 contribution of each of ``terms`` it is
        indexed under (the summands of ``get_scores``): a binary search in each term's
        postings (sorted by passage), where analysing the passages again would cost a
        regex pass over every word and could not see the headline terms indexed with them."""
        wanted = np.asarray(passages, dtype=np.int64)
        known = [term for term in dict.fromkeys(terms) if term in self.vocabulary]
        return self.summands(wanted, known, self.frequency_matrix(known, wanted))

    def frequency_matrix(self, terms: Sequence[str], passages: np.ndarray) -> np.ndarray:
        """How often each of ``passages`` (int64, the columns) is indexed under each of
        ``terms`` (the rows), 0 where it is not: each term's postings read once for every
        reader of a question's candidates (their summands, the terms their texts hold)."""
        counts = np.zeros((len(terms), len(passages)), dtype=np.int64)
        keys: dict[np.dtype, np.ndarray] = {}  # ``passages`` of the postings' type, made once
        for row, term in enumerate(terms):
            docs, frequencies = self.term_postings(term)
            if len(docs):
                key = keys.get(docs.dtype)
                if key is None:
                    key = keys[docs.dtype] = passages.astype(docs.dtype)
                self._found_in(docs, frequencies, key, passages, counts[row])
        return counts

    def summands(self, passages: np.ndarray, terms: Sequence[str], counts: np.ndarray) -> list[dict[str, float]]:
        """:meth:`term_scores` from :meth:`frequency_matrix`'s ``counts`` of known
        ``terms``: every contribution in one pass of each operation, each one the very
        operations of :meth:`_contributions` (elementwise, so the same bits)."""
        if not terms:
            return [{} for _ in range(len(passages))]
        idf = self.idf[np.array([self.vocabulary[term] for term in terms], dtype=np.int64)]
        scores = counts.astype(np.float64)
        denominator = np.take(self.norms, passages)[np.newaxis, :] + scores
        scores *= self.parameters.k1 + 1
        scores /= denominator
        scores *= idf[:, np.newaxis]
        present = counts > 0
        if self.deleted is not None:
            present &= ~self.deleted[passages][np.newaxis, :]
        return [
            {term: score for term, score, held in zip(terms, column, flags) if held}
            for column, flags in zip(scores.T.tolist(), present.T.tolist())
        ]

    def frequencies_in(self, term: str, passages: np.ndarray) -> np.ndarray:
        """How often each of ``passages`` (int64) is indexed under ``term``, 0 where it
        is not: a binary search in the term's postings (sorted by passage)."""
        docs, frequencies = self.term_postings(term)
        found = np.zeros(len(passages), dtype=frequencies.dtype)
        if len(docs):
            # Keys of the postings' own type: any other, and numpy converts the whole array.
            self._found_in(docs, frequencies, passages.astype(docs.dtype), passages, found)
        return found

    @staticmethod
    def _found_in(docs: np.ndarray, frequencies: np.ndarray, key: np.ndarray, passages: np.ndarray, found: np.ndarray) -> None:
        """Into ``found`` (zeros), the ``frequencies`` of each of ``passages`` (``key``:
        of ``docs``'s type) in one term's postings ``docs`` (not empty), by binary search."""
        at = docs.searchsorted(key)
        np.minimum(at, len(docs) - 1, out=at)
        present = docs[at] == passages
        found[present] = frequencies[at[present]]

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        """Every passage's score, as ``BM25Okapi.get_scores`` returns them for the live
        passages (indexed by passage number; a deleted passage scores 0)."""
        scores = np.zeros(self.slots)
        for term in query:
            found = self._postings(term)
            if found:
                docs, tf, idf = found
                scores[docs] += self._contributions(docs, tf, idf)
        return scores

    def _contributions(self, docs: np.ndarray, tf: np.ndarray, idf: float) -> np.ndarray:
        """``idf * (tf * (k1 + 1) / (tf + norm))`` per posting, the operations of
        ``BM25Okapi.get_scores`` (IEEE + and * commute, so operands may swap sides)
        done in place: for a term in most of a million passages, temporaries cost more
        than the arithmetic."""
        scores = tf.astype(np.float64)
        denominator = np.take(self.norms, docs)
        denominator += scores
        scores *= self.parameters.k1 + 1
        scores /= denominator
        scores *= idf
        return scores

    def top(self, query: Sequence[str], k: int = 10) -> list[Hit]:
        """The ``k`` best live passages, ordered as a stable sort of ``get_scores``
        would order them (score descending, then passage number), touching only postings."""
        if k <= 0 or self.size == 0:
            return []
        with self._lock:
            found = self._compiled_top(query, k)
            if found is None:
                candidates, values = self._collect(self._accumulate(query), k)
            else:
                candidates, values = found
        return self._order(candidates, values, k)

    def warm(self) -> None:
        """Make ready now, in this thread, what the first question would otherwise wait
        for: the compiled kernel (loaded by ``_kernels``' own loader thread, waited for
        here), its table of ratios by passage length and the segments' peaks (a
        segment built in memory works them out when first asked). Until then questions are
        answered by numpy, the same answers more slowly."""
        if self.slots < COMPILED_MIN_PASSAGES or not self.segments:
            return
        if _kernels() is None:  # not loaded yet: its loader thread is started, and waited for
            for loader in list(_kernel_loader):
                loader.join()
        if _kernel_module:
            with self._lock:
                self._ratios_by_length()
                for segment in self.segments:
                    _ = segment.peaks  # a segment built in memory works them out now (0.35 s at 1M)

    def _compiled_expected(self) -> bool:
        """The compiled kernel answers this index's questions, or will once loaded: the
        numpy path then keeps no impacts (up to IMPACT_BUDGET_BYTES held for nothing)."""
        return self.slots >= COMPILED_MIN_PASSAGES and _kernels_expected()

    def _compiled_top(self, query: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The best ``k`` positive-scoring passages and their scores, by the compiled
        kernel, segment after segment into one heap; None when it is not to be used
        (numba missing or switched off, or a negative idf, whose contributions MaxScore's
        bounds do not cover). Passages scoring 0 are left to ``_order``, as the numpy
        path leaves them: with no negative idf, no passage scores below 0."""
        if self.slots < COMPILED_MIN_PASSAGES:
            return None
        kernels = _kernels()
        if kernels is None:
            return None
        idfs = [None if (term_id := self.vocabulary.get(term)) is None else float(self.idf[term_id]) for term in query]
        if any(idf is not None and idf < 0 for idf in idfs):
            return None
        if self._marks is None or self._partials is None:
            self._marks = np.zeros(self.slots // 64 + 1, dtype=np.uint64)
            self._partials = np.zeros(self.slots, dtype=np.float32)
        heap_scores = np.zeros(k, dtype=np.float64)
        heap_docs = np.zeros(k, dtype=np.int64)
        filled = 0
        k1_plus_1 = self.parameters.k1 + 1
        for number, (segment, base) in enumerate(zip(self.segments, self._base_list)):
            lists = self._segment_lists(kernels, number, segment, base, query, idfs)
            if lists is not None:
                postings, frequencies = self._views(number)
                filled = kernels.top_segment(
                    postings, frequencies, *lists, self.norms, *self._ratios_by_length(), base, segment.size, k1_plus_1,
                    self._partials, self._marks, heap_scores, heap_docs, filled,
                )
        return heap_docs[:filled], heap_scores[:filled]

    def _ratios_by_length(self) -> tuple[np.ndarray, np.ndarray]:
        """Each passage's length as the kernel's row of ratios (RATIO_LENGTHS: a deleted
        passage, or one too long for the table, whose norm is read instead), and the
        table: row ``length``, column ``tf``, ``tf * (k1 + 1) / (norm + tf)`` computed
        with the very operations the kernel would use on that length's norm, so a ratio
        read is the ratio computed, to the last bit."""
        if self._ratio_codes is None or self._ratio_table is None:
            norms = length_norms(np.arange(RATIO_LENGTHS), self.average_length, self.parameters)
            frequencies = np.arange(RATIO_FREQUENCIES, dtype=np.float64)
            self._ratio_table = frequencies[None, :] * (self.parameters.k1 + 1) / (norms[:, None] + frequencies[None, :])
            # A code must hold RATIO_LENGTHS itself (the norm's row): one byte while it is 255.
            codes = np.minimum(self.lengths, RATIO_LENGTHS).astype(np.uint8 if RATIO_LENGTHS <= 255 else np.uint16)
            if self.deleted is not None:
                codes[self.deleted] = RATIO_LENGTHS
            self._ratio_codes = codes
        return self._ratio_codes, self._ratio_table

    def _views(self, number: int) -> tuple[np.ndarray, np.ndarray]:
        """Segment ``number``'s postings and frequencies as the kernels take them."""
        if self._read_only is None:
            self._read_only = [(_read_only(s.postings), _read_only(s.frequencies)) for s in self.segments]
        return self._read_only[number]

    def _segment_lists(
        self, kernels: ModuleType, number: int, segment: Segment, base: int, query: Sequence[str], idfs: Sequence[float | None]
    ) -> tuple[np.ndarray, ...] | None:
        """The kernel's view of the query in one segment, in query order: per query term
        it holds, the postings' start and end, the idf and the term's largest
        contribution; None when it holds none of them."""
        starts, ends, weights, bounds = [], [], [], []
        for term, idf in zip(query, idfs):
            row = segment.vocabulary.get(term) if idf is not None else None
            if row is None or idf is None:
                continue
            start, end = int(segment.offsets[row]), int(segment.offsets[row + 1])
            ratio = self._ratios.get((number, row))
            if ratio is None:
                ratio = self._peak_ratio(segment, row)
                if ratio is None:
                    postings, frequencies = self._views(number)
                    ratio = kernels.best_ratio(postings, frequencies, start, end, self.norms, base, self.parameters.k1 + 1)
                self._ratios[number, row] = ratio
            starts.append(start)
            ends.append(end)
            weights.append(idf)
            bounds.append(ratio * idf)  # the largest contribution: rounding is monotonic
        if not starts:
            return None
        return (
            np.array(starts, dtype=np.int64),
            np.array(ends, dtype=np.int64),
            np.array(weights, dtype=np.float64),
            np.array(bounds, dtype=np.float64),
        )

    def _peak_ratio(self, segment: Segment, row: int) -> float | None:
        """A long term's bound from its stored peaks (segments.Peaks): the largest
        ``tf * (k1 + 1) / (norm + tf)`` over the postings no other dominates, computed
        with the operations of ``length_norms`` and the kernel's ``_ratio_of``, so it is
        the largest over the term's live postings to the bit, or above it when a deleted
        passage is among them; None for a short list, or when the norms are not numbers
        (no live length), which the postings are read for. Reading a long list for its
        largest ratio had cost the first question asking its term ~137 us (0.45 ms a
        question at 1M paragraphs under cProfile)."""
        found = segment.peaks.of(row)
        if found is None:
            return None
        frequencies, lengths = found
        tf = frequencies.astype(np.float64)
        ratios = tf * (self.parameters.k1 + 1) / (length_norms(lengths, self.average_length, self.parameters) + tf)
        best = float(ratios.max())
        return best if np.isfinite(best) else None

    def _accumulate(self, query: Sequence[str]) -> list[np.ndarray]:
        """Add every query term's contributions into the scratch buffer, in query order
        (the order ``get_scores`` sums in); the postings touched, rarest term first."""
        touched: list[np.ndarray] = []
        for term in query:
            found = self._term_impacts(term)
            if found is not None:
                docs, impacts = found
                # A term's postings name each passage once, so gather-add-scatter is exact.
                contributions = np.take(self._buffer, docs)
                contributions += impacts
                self._buffer[docs] = contributions
                touched.append(docs)
        return sorted(touched, key=len)

    def _term_impacts(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The term's passages and its contribution to each, as ``_contributions``
        computes it, kept from the first question that needed it; None for a term no
        live passage holds."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return None
        kept = self._impacts.get(term_id)
        if kept is not None:
            return kept
        docs, frequencies = self.term_postings(term)
        impacts = self._contributions(docs, frequencies, float(self.idf[term_id]))
        # Passage numbers concatenated from several segments are a copy: kept too.
        size = impacts.nbytes + (docs.nbytes if docs.flags.owndata else 0)
        if len(docs) >= IMPACT_MIN_POSTINGS and size <= IMPACT_BUDGET_BYTES and not self._compiled_expected():
            # Dicts keep insertion order: the first kept is the first given up.
            while self._impact_bytes + size > IMPACT_BUDGET_BYTES:
                oldest = self._impacts.pop(next(iter(self._impacts)))
                self._impact_bytes -= oldest[1].nbytes + (oldest[0].nbytes if oldest[0].flags.owndata else 0)
            impacts.flags.writeable = False
            self._impacts[term_id] = (docs, impacts)
            self._impact_bytes += size
        return docs, impacts

    def _collect(self, touched: list[np.ndarray], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The passages that can be among the ``k`` best and their scores; the scratch
        buffer is left zeroed for the next question."""
        buffer = self._buffer
        if not touched:
            return np.empty(0, dtype=np.int32), np.empty(0)
        total = sum(len(docs) for docs in touched)
        if total * DENSE_FRACTION < self.slots:
            candidates = _union(touched)
            values = buffer[candidates]
            buffer[candidates] = 0.0
            return candidates, values
        # Many postings touched: deduplicating them would cost more than one pass over
        # the buffer, so find a score the k-th best must reach and scan for it.
        floor = self._kth_lower_bound(touched, k)
        candidates = np.flatnonzero(buffer >= floor) if floor > 0 else np.flatnonzero(buffer)
        values = buffer[candidates]
        buffer.fill(0.0)
        return candidates, values

    def _kth_lower_bound(self, touched: list[np.ndarray], k: int) -> float:
        """A score at least ``k`` distinct passages reach, read from the rarest terms'
        postings (whose passages tend to score best), or when they name fewer than ``k``
        passages (a name found in three), from the next term's; 0 when even those fall
        short. Every passage of the true top ``k`` scores at least this, so it is exact;
        without it, the scan would keep every passage touched. (Deleted passages score
        0, so they never count towards it.)"""
        probe = touched[:1]
        size = len(touched[0])
        for docs in touched[1:]:
            if size + len(docs) > PROBE_POSTINGS:
                break
            probe.append(docs)
            size += len(docs)
        bound = _kth_positive(self._buffer[_union(probe)], k)
        if bound == 0 and len(probe) < len(touched):
            # One term's postings name each passage once: no union needed.
            bound = _kth_positive(self._buffer[touched[len(probe)]], k)
        return bound

    def _order(self, candidates: np.ndarray, values: np.ndarray, k: int) -> list[Hit]:
        positive = values > 0
        hits = _best(candidates[positive], values[positive], k)
        if len(hits) < k:
            # Live passages scoring exactly 0 come next, by number; then negative scores
            # (possible in tiny corpora, where the epsilon floor is negative).
            nonzero = set(candidates[values != 0].tolist())
            doc = 0
            while len(hits) < k and doc < self.slots:
                if doc not in nonzero and self.is_live(doc):
                    hits.append(Hit(doc, 0.0))
                doc += 1
            negative = values < 0
            hits.extend(_best(candidates[negative], values[negative], k - len(hits)))
        return hits


def numba_installed() -> bool:
    return importlib.util.find_spec("numba") is not None


def load_kernels() -> ModuleType | None:
    """:mod:`retrieval.kernels`, imported and compiled (from numba's on-disk cache after
    the first time); None without numba. Blocks: ``_kernels`` runs it in the background."""
    if not _kernel_module:
        if not numba_installed():
            return None
        module = importlib.import_module("retrieval.kernels")
        if module.cached() is False and module.__file__:
            _compile_apart(module.__file__)
        module.warm()
        _kernel_module.append(module)
    return _kernel_module[0]


def _compile_apart(kernels_file: str) -> None:
    """Fill numba's on-disk cache from a child process, for this one to load: compiling
    here kept LLVM's working memory for the process's life (the answering process's
    peak RSS at 1M: 618 MB after a first start's compilation, 551 MB after loading
    from the cache). The child imports from this process's own search path, and only
    the kernels module this process imported (``kernels_file``): never one a working
    directory holds, and under the path numba names its cache by. Should the child
    fail, ``warm`` compiles here, as before."""
    if not sys.executable:  # an embedded interpreter names no Python to start
        return
    try:
        subprocess.run(
            [sys.executable, "-c", COMPILE_CHILD, kernels_file, *sys.path],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S, check=True,
        )
    except subprocess.CalledProcessError as error:
        logger.warning("compiling the top-k kernels apart failed (status %s): %s; compiling them here", error.returncode, (error.stderr or "")[-400:])
    except Exception as error:  # no such interpreter, a timeout: the same way out
        logger.warning("compiling the top-k kernels apart failed (%s); compiling them here", error)


def _load_in_background() -> None:
    """``load_kernels`` for the loader thread: a failure (numba unable to compile here)
    leaves numpy answering, with one line in the log, not a traceback on the console."""
    try:
        load_kernels()
    except Exception as error:  # numba raises many kinds; any of them means numpy
        logger.warning("compiled top-k unavailable, numpy answers: %s", error)


def _kernels() -> ModuleType | None:
    """The kernels if they are to be used and ready, else None. The first call starts
    loading them in a background thread and returns None: numba's import and loading
    the compiled code take about 1.5 s, which no question should wait for (numpy
    answers meanwhile, the same answers to the last bit), and which a start of tanya
    should not pay either."""
    if not COMPILED:
        return None
    if _kernel_module:
        return _kernel_module[0]
    with _kernel_loading:
        if not _kernel_loader and numba_installed():
            loader = threading.Thread(target=_load_in_background, name="tanya-kernels", daemon=True)
            _kernel_loader.append(loader)
            loader.start()
    return None


def _kernels_expected() -> bool:
    """The compiled kernels answer now or will soon: numpy need not keep impacts."""
    return COMPILED and (bool(_kernel_module) or numba_installed())


def _read_only(array: np.ndarray) -> np.ndarray:
    if not array.flags.writeable:
        return array
    view = array.view()
    view.flags.writeable = False
    return view


def _concatenate(arrays: Sequence[np.ndarray], dtype: type) -> np.ndarray:
    """One array of ``arrays`` end to end; a single one as it is (often memory-mapped)."""
    if len(arrays) == 1:
        return np.asarray(arrays[0])
    if not arrays:
        return np.empty(0, dtype=dtype)
    return np.concatenate(arrays).astype(dtype, copy=False)


def _global_vocabulary(segments: Sequence[Segment], deleted: Sequence[np.ndarray | None]) -> tuple[Mapping[str, int], np.ndarray]:
    """Every term some live passage holds, numbered (the first segment's own numbers,
    then new terms in order), and its live document frequency summed over segments."""
    if not segments:
        return {}, np.empty(0, dtype=np.int64)
    first = segments[0]
    # The first segment's terms are not copied (400k of them would cost 0.2 s): later
    # segments' new terms are numbered on after them.
    extended = ExtendedTerms(first.vocabulary)
    vocabulary: Mapping[str, int] = first.vocabulary if len(segments) == 1 else extended
    counted: list[tuple[np.ndarray | None, np.ndarray]] = []
    for position, (segment, mask) in enumerate(zip(segments, deleted)):
        live = segment.document_frequencies()
        if mask is not None:
            live -= segment.term_counts(mask)
        rows = None
        if position:
            rows = np.fromiter(
                (extended.setdefault(t, len(extended)) for t in segment.vocabulary), dtype=np.int64, count=len(segment.vocabulary)
            )
        counted.append((rows, live))
    df = np.zeros(len(vocabulary), dtype=np.int64)
    for rows, live in counted:
        if rows is None:
            df[: len(live)] += live
        else:
            df[rows] += live  # a segment names each term once
    if len(df) and not (df > 0).all():
        # Terms only deleted passages held: not in the live corpus, not in the mean idf.
        vocabulary = LiveTerms(vocabulary, df > 0)
    return vocabulary, df


def _union(postings: list[np.ndarray]) -> np.ndarray:
    """The distinct passages of several postings lists, ascending."""
    if len(postings) == 1:
        return postings[0]
    merged = np.sort(np.concatenate(postings))
    return merged[np.concatenate(([True], merged[1:] != merged[:-1]))]


def _kth_positive(scores: np.ndarray, k: int) -> float:
    """The ``k``-th best of the positive ``scores`` (of distinct passages); 0 when fewer
    than ``k`` are positive."""
    scores = scores[scores > 0]
    if len(scores) < k:
        return 0.0
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])


def _best(candidates: np.ndarray, values: np.ndarray, k: int) -> list[Hit]:
    """Top ``k`` by score descending, then passage number ascending."""
    if k <= 0 or len(candidates) == 0:
        return []
    if len(candidates) > k:
        # Keep every candidate tied with the k-th score so the id order of ties is exact.
        kth = np.partition(values, len(values) - k)[len(values) - k]
        keep = values >= kth
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))[:k]
    return [Hit(int(candidates[i]), float(values[i])) for i in order]
