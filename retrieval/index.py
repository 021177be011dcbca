"""Exact BM25Okapi over an inverted index.

rank-bm25's ``BM25Okapi.get_scores`` walks every document for every query term. This
index gives the same scores (same idf with its epsilon floor for negative idf, same
length normalisation, same summation order) but touches only the postings of the query's
terms, so a question costs what its terms cost, not what the archive costs. The tests
hold it to ``BM25Okapi.get_scores`` on random corpora.

A common term's contribution to each of its passages (its impacts) is computed the first
time a question needs it and kept, so that reading it again costs a gather, an add and a
scatter per posting, not the norms' gather and four passes of arithmetic besides: the
same numbers, computed once. They cost 8 bytes a posting, so only terms of at least
``IMPACT_MIN_POSTINGS`` postings are kept (a rare term is cheap to compute), and at most
``IMPACT_BUDGET_BYTES`` in all, the oldest given up first: kept for every term, they
would hold 286 MB at 1M paragraphs.
"""

from __future__ import annotations

import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


# Above one touched posting per this many passages, ``top`` scans the score buffer
# instead of deduplicating the postings (a sort costs more than a pass by then).
DENSE_FRACTION = 64
# How many postings of the rarest query terms ``top`` reads to bound the k-th best score.
PROBE_POSTINGS = 4096
# Impacts are kept for terms with at least this many postings, up to this many bytes.
IMPACT_MIN_POSTINGS = 256
IMPACT_BUDGET_BYTES = 96 * 2**20


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


def okapi_idf(df: np.ndarray, corpus_size: int, epsilon: float) -> np.ndarray:
    """BM25Okapi's idf: log(N - n + 0.5) - log(n + 0.5), negatives raised to
    epsilon times the mean idf, exactly as rank-bm25 computes it."""
    idf = np.log(corpus_size - df + 0.5) - np.log(df + 0.5)
    if len(idf) == 0:
        return idf
    # rank-bm25 sums in vocabulary order with Python floats; math.fsum-like drift is
    # far below the 1e-9 the tests allow.
    average = float(sum(idf.tolist())) / len(idf)
    return np.where(idf < 0, epsilon * average, idf)


class BM25Index:
    """Postings (term -> passages, term frequencies) and passage lengths."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        offsets: np.ndarray,
        postings: np.ndarray,
        frequencies: np.ndarray,
        lengths: np.ndarray,
        parameters: BM25Parameters = BM25Parameters(),
    ) -> None:
        self.vocabulary = vocabulary
        # Plain arrays over the same (often memory-mapped) memory: a memory map's own
        # slicing costs microseconds a term, more than reading a rare term's postings.
        self.offsets = np.asarray(offsets)
        self.postings = np.asarray(postings)
        self.frequencies = np.asarray(frequencies)
        self.lengths = np.asarray(lengths)
        self.parameters = parameters
        self.size = len(lengths)
        self.df = np.diff(offsets).astype(np.int64)
        self.idf = okapi_idf(self.df, self.size, parameters.epsilon)
        total = int(lengths.sum(dtype=np.int64))
        self.average_length = total / self.size if self.size else 0.0
        k1, b = parameters.k1, parameters.b
        if self.average_length > 0:
            # Same expression, same order of operations, as BM25Okapi.get_scores.
            self.norms = k1 * (1 - b + b * lengths.astype(np.float64) / self.average_length)
        else:
            self.norms = np.full(self.size, np.nan)
        self._buffer = np.zeros(self.size, dtype=np.float64)
        self._impacts: dict[int, np.ndarray] = {}
        self._impact_bytes = 0
        self._lock = threading.Lock()

    @property
    def kept_bytes(self) -> int:
        """Memory held by the impacts kept so far (8 bytes a posting of every term
        a question has read)."""
        return self._impact_bytes

    # -- building ----------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        documents: Iterable[Sequence[str]],
        parameters: BM25Parameters = BM25Parameters(),
        progress: Callable[[int], None] | None = None,
    ) -> BM25Index:
        """Index token lists, one per passage, in order."""
        vocabulary: dict[str, int] = {}
        term_ids = array("i")
        doc_ids = array("i")
        counts = array("i")
        lengths = array("i")
        for doc, tokens in enumerate(documents):
            lengths.append(len(tokens))
            for term, count in Counter(tokens).items():
                term_id = vocabulary.setdefault(term, len(vocabulary))
                term_ids.append(term_id)
                doc_ids.append(doc)
                counts.append(count)
            if progress and doc % 1000 == 999:
                progress(1000)
        if progress:
            progress(len(lengths) % 1000)
        terms = np.frombuffer(term_ids, dtype=np.int32)
        order = np.argsort(terms, kind="stable")  # stable: postings stay in passage order
        offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=len(vocabulary)), out=offsets[1:])
        return cls(
            vocabulary,
            offsets,
            np.frombuffer(doc_ids, dtype=np.int32)[order].copy(),
            np.minimum(np.frombuffer(counts, dtype=np.int32)[order], np.iinfo(np.uint16).max).astype(np.uint16),
            np.frombuffer(lengths, dtype=np.int32).copy(),
            parameters,
        )

    # -- persistence -------------------------------------------------------------------

    def arrays(self) -> dict[str, np.ndarray]:
        """The index as plain arrays, for saving; ``from_arrays`` reverses it."""
        return {
            "offsets": self.offsets,
            "postings": self.postings,
            "frequencies": self.frequencies,
            "lengths": self.lengths,
        }

    @classmethod
    def from_arrays(
        cls,
        terms: Sequence[str],
        arrays: Mapping[str, np.ndarray],
        parameters: BM25Parameters = BM25Parameters(),
    ) -> BM25Index:
        """An index from its vocabulary (terms in id order) and ``arrays()``, checked for
        consistency; ValueError when they cannot be one index."""
        expected = {"offsets": np.int64, "postings": np.int32, "frequencies": np.uint16, "lengths": np.int32}
        for name, dtype in expected.items():
            found = arrays[name]
            if found.dtype != dtype or found.ndim != 1:
                raise ValueError(f"{name} is {found.dtype}[{found.ndim}d], not {np.dtype(dtype)}[1d]")
        offsets = arrays["offsets"]
        vocabulary = {term: i for i, term in enumerate(terms)}
        if len(vocabulary) != len(terms) or len(offsets) != len(terms) + 1:
            raise ValueError("vocabulary and offsets disagree")
        postings = len(arrays["postings"])
        if offsets[0] != 0 or offsets[-1] != postings or len(arrays["frequencies"]) != postings:
            raise ValueError("offsets do not span the postings")
        if (np.diff(offsets) < 0).any():
            raise ValueError("offsets go backwards")
        return cls(vocabulary, offsets, arrays["postings"], arrays["frequencies"], arrays["lengths"], parameters)

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

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray, float] | None:
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return None
        start, end = self.offsets[term_id], self.offsets[term_id + 1]
        return self.postings[start:end], self.frequencies[start:end], float(self.idf[term_id])

    def term_scores(self, passages: Sequence[int], terms: Iterable[str]) -> list[dict[str, float]]:
        """For each of ``passages``, the BM25 contribution of each of ``terms`` it is
        indexed under (the summands of ``get_scores``): a binary search in each term's
        postings (sorted by passage), where analysing the passages again would cost a
        regex pass over every word and could not see the headline terms indexed with them."""
        wanted = np.asarray(passages, dtype=np.int64)
        found: list[dict[str, float]] = [{} for _ in range(len(wanted))]
        for term in set(terms):
            posting = self._postings(term)
            if posting is None or len(posting[0]) == 0:
                continue
            docs, tf, idf = posting
            at = np.minimum(np.searchsorted(docs, wanted), len(docs) - 1)
            present = np.flatnonzero(docs[at] == wanted)
            scores = self._contributions(docs[at[present]], tf[at[present]], idf)
            for i, score in zip(present.tolist(), scores.tolist()):
                found[i][term] = score
        return found

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        """Every passage's score, as ``BM25Okapi.get_scores`` returns them."""
        scores = np.zeros(self.size)
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
        """The ``k`` best passages, ordered as a stable sort of ``get_scores`` would
        order them (score descending, then passage number), touching only postings."""
        if k <= 0 or self.size == 0:
            return []
        with self._lock:
            touched = self._accumulate(query)
            candidates, values = self._collect(touched, k)
        return self._order(candidates, values, k)

    def _accumulate(self, query: Sequence[str]) -> list[np.ndarray]:
        """Add every query term's contributions into the scratch buffer, in query order
        (the order ``get_scores`` sums in); the postings touched, rarest term first."""
        touched: list[np.ndarray] = []
        for term in query:
            term_id = self.vocabulary.get(term)
            if term_id is not None:
                docs = self.postings[self.offsets[term_id] : self.offsets[term_id + 1]]
                # A term's postings name each passage once, so gather-add-scatter is exact.
                contributions = np.take(self._buffer, docs)
                contributions += self._term_impacts(term_id)
                self._buffer[docs] = contributions
                touched.append(docs)
        return sorted(touched, key=len)

    def _term_impacts(self, term_id: int) -> np.ndarray:
        """The term's contribution to each of its passages, as ``_contributions``
        computes it, kept from the first question that needed it."""
        impacts = self._impacts.get(term_id)
        if impacts is not None:
            return impacts
        start, end = self.offsets[term_id], self.offsets[term_id + 1]
        impacts = self._contributions(self.postings[start:end], self.frequencies[start:end], float(self.idf[term_id]))
        if end - start >= IMPACT_MIN_POSTINGS and impacts.nbytes <= IMPACT_BUDGET_BYTES:
            # Dicts keep insertion order: the first kept is the first given up.
            while self._impact_bytes + impacts.nbytes > IMPACT_BUDGET_BYTES:
                oldest = next(iter(self._impacts))
                self._impact_bytes -= self._impacts.pop(oldest).nbytes
            impacts.flags.writeable = False
            self._impacts[term_id] = impacts
            self._impact_bytes += impacts.nbytes
        return impacts

    def _collect(self, touched: list[np.ndarray], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The passages that can be among the ``k`` best and their scores; the scratch
        buffer is left zeroed for the next question."""
        buffer = self._buffer
        if not touched:
            return np.empty(0, dtype=np.int32), np.empty(0)
        total = sum(len(docs) for docs in touched)
        if total * DENSE_FRACTION < self.size:
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
        without it, the scan would keep every passage touched."""
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
            # Passages scoring exactly 0 come next, by number; then negative scores
            # (possible in tiny corpora, where the epsilon floor is negative).
            nonzero = set(candidates[values != 0].tolist())
            doc = 0
            while len(hits) < k and doc < self.size:
                if doc not in nonzero:
                    hits.append(Hit(doc, 0.0))
                doc += 1
            negative = values < 0
            hits.extend(_best(candidates[negative], values[negative], k - len(hits)))
        return hits


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
