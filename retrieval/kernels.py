"""Compiled (numba) loops for BM25Index.top: term at a time, MaxScore-pruned.

Imported only by ``retrieval.index``, in a background thread on the first question, and
only when numba is installed: starting tanya never pays for numba's import. Each
function is compiled once and kept in numba's on-disk cache (``NUMBA_CACHE_DIR`` if set,
else a ``__pycache__`` beside this file, else the user's cache directory, where a
read-only site-packages sends it; with none writable, compiled anew each start).

The scores are BM25Okapi's to the last bit: a passage's score is ``0.0`` plus each query
term's contribution ``idf * (tf * (k1 + 1) / (tf + norm))`` in query order, the sum
``get_scores`` makes, computed with the same IEEE operations (numba neither fuses nor
reorders float arithmetic without ``fastmath``). Pruning only decides which passages get
that sum: those no essential term holds cannot reach the k-th best score, nor can those
whose float32 partial sum, widened by its rounding's bound, falls short. The
commonest (non-essential) terms are not read posting by posting: the essential terms'
partial sums raise the floor, and only the few passages whose partial sum plus the
others' bounds can still reach it are looked up in the common terms' lists (by
galloping forward, the passages coming in ascending order) and then summed anew, every
term in query order, so that a passage's score is still the one sum get_scores makes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numba
import numpy as np

Array = np.ndarray  # numba reads no annotations: these are for the reader and mypy

# Bounds are sums of per-term maxima in another order than the score's own sum: widened
# by far more than the rounding that order can change, so no passage is skipped wrongly.
MARGIN = 1e-9
# The buffer of partial sums is float32: at 1M passages 4 MB, which the last-level cache
# holds, where float64's 8 MB went to memory on nearly every posting (the kernel's top-10
# p50 at 1M, old and new alternating over 1,000 questions, every hit the same: 3.604 ->
# 2.130 ms with the new timed first, 3.791 -> 2.566 with it second). A float32 sum of L
# non-negative float64 contributions, each rounded to float32, lies within about
# L·2^-24 of their float64 sum, relatively: a partial sum is widened by (L + 1)·2^-20,
# sixteen times that, before it is compared (and narrowed so, as a floor), plus
# F32_TINY for contributions float32 cannot hold. No score is taken from the buffer:
# each passage that may enter the heap is summed anew in float64, in query order.
F32_UNIT = 2.0**-20
F32_TINY = 1e-30


_KERNELS: list[Any] = []  # every compiled function, for ``cached``


def _compiled(function: Callable[..., Any]) -> Any:
    """``function`` compiled without the GIL (other threads run while a question is
    scored), cached on disk when numba finds a writable cache directory."""
    try:
        kernel = numba.njit(cache=True, nogil=True)(function)
    except RuntimeError:  # no writable cache directory: compile on each start instead
        kernel = numba.njit(nogil=True)(function)
    _KERNELS.append(kernel)
    return kernel


def cached() -> bool | None:
    """Whether numba's on-disk cache holds every kernel, compiled from this source (a
    start then only loads them); None when it cannot tell: no cache directory, or a
    numba whose cache is laid out otherwise than 0.6x's (``Dispatcher._cache``)."""
    try:
        return all(bool(kernel._cache._cache_file._load_index()) for kernel in _KERNELS)
    except (AttributeError, OSError, EOFError, ValueError):
        return None


@_compiled
def _ratio_of(tf: float, norm: float, k1_plus_1: float) -> float:
    """``tf * (k1 + 1) / (norm + tf)``: a contribution before its idf, as get_scores
    computes it (the bound, the table's fallback and the contribution all use it)."""
    return tf * k1_plus_1 / (norm + tf)


@_compiled
def best_ratio(postings: Array, frequencies: Array, start: int, end: int, norms: Array, base: int, k1_plus_1: float) -> float:
    """The largest ``tf * (k1 + 1) / (tf + norm)`` of one term's postings: its largest
    contribution once multiplied by its (non-negative) idf."""
    best = 0.0
    for p in range(start, end):
        ratio = _ratio_of(np.float64(frequencies[p]), norms[base + postings[p]], k1_plus_1)
        if ratio > best:
            best = ratio
    return best


@_compiled
def _worse(scores: Array, docs: Array, a: int, b: int) -> bool:
    """Heap entry ``a`` ranks below ``b``: lower score, or the same and a later passage."""
    return scores[a] < scores[b] or (scores[a] == scores[b] and docs[a] > docs[b])


@_compiled
def _sift_down(scores: Array, docs: Array, size: int, at: int) -> None:
    """Move the heap's entry ``at`` down to its place (the worst entry on top)."""
    while True:
        child = 2 * at + 1
        if child >= size:
            return
        if child + 1 < size and _worse(scores, docs, child + 1, child):
            child += 1
        if not _worse(scores, docs, child, at):
            return
        scores[at], scores[child] = scores[child], scores[at]
        docs[at], docs[child] = docs[child], docs[at]
        at = child


@_compiled
def _push(scores: Array, docs: Array, size: int, score: float, doc: int) -> int:
    """Add a passage to the min-heap of the best ``len(scores)`` (worst on top); the new
    size. When full, the new passage replaces the worst: the caller knows it is better."""
    if size < len(scores):
        at = size
        scores[at], docs[at] = score, doc
        while at > 0:
            parent = (at - 1) // 2
            if not _worse(scores, docs, at, parent):
                break
            scores[at], scores[parent] = scores[parent], scores[at]
            docs[at], docs[parent] = docs[parent], docs[at]
            at = parent
        return size + 1
    scores[0], docs[0] = score, doc
    _sift_down(scores, docs, size, 0)
    return size


@_compiled
def _contribution(frequencies: Array, p: int, norm: float, k1_plus_1: float, idf: float) -> float:
    """``get_scores``'s summand, operation for operation."""
    return _ratio_of(np.float64(frequencies[p]), norm, k1_plus_1) * idf


@_compiled
def _ratio(frequencies: Array, p: int, doc: int, norms: Array, codes: Array, table: Array, k1_plus_1: float) -> float:
    """``tf * (k1 + 1) / (norm + tf)`` of posting ``p`` (of passage ``doc``): read from
    the table by the passage's length code and the count when both are in it, else
    computed from the passage's norm; the same number either way (see
    BM25Index._ratios_by_length). The norms, 8 bytes a passage, are then seldom read."""
    tf = frequencies[p]
    code = codes[doc]
    if code < table.shape[0] and tf < table.shape[1]:
        return table[code, tf]
    return _ratio_of(np.float64(tf), norms[doc], k1_plus_1)


@_compiled
def _floor(postings: Array, frequencies: Array, starts: Array, ends: Array, idfs: Array, norms: Array, base: int, k1_plus_1: float, k: int) -> float:
    """A score at least ``k`` passages reach: the k-th largest contribution of the
    rarest term with ``k`` postings (a passage scores at least any one of its terms'
    contributions); 0 when every term has fewer."""
    rarest = -1
    for i in range(len(starts)):
        size = ends[i] - starts[i]
        if size >= k and (rarest < 0 or size < ends[rarest] - starts[rarest]):
            rarest = i
    if rarest < 0:
        return 0.0
    best = np.zeros(k, dtype=np.float64)
    docs = np.zeros(k, dtype=np.int64)
    filled = 0
    for p in range(starts[rarest], ends[rarest]):
        doc = base + postings[p]
        contribution = _contribution(frequencies, p, norms[doc], k1_plus_1, idfs[rarest])
        if filled < k:
            filled = _push(best, docs, filled, contribution, doc)
        elif contribution > best[0]:
            filled = _push(best, docs, filled, contribution, doc)
    return best[0]


@_compiled
def _essential(bounds: Array, floor: float) -> Array:
    """Which lists a passage must appear in to score ``floor``: the rest, those of the
    smallest bounds, cannot together lift a passage that far (their bounds' sum,
    widened by the margin, falls short of it)."""
    essential = np.ones(len(bounds), dtype=np.bool_)
    total = 0.0
    for i in np.argsort(bounds, kind="mergesort"):
        total += bounds[i]
        if total * (1.0 + MARGIN) >= floor:
            break
        essential[i] = False
    return essential


# De Bruijn multiplication: the position of a word's lowest set bit, in three steps.
_DE_BRUIJN = np.uint64(0x03F79D71B4CB0A89)
_BIT_AT = np.zeros(64, dtype=np.int64)
for _bit in range(64):
    _BIT_AT[(((1 << _bit) * 0x03F79D71B4CB0A89) % 2**64) >> 58] = _bit


@_compiled
def _mark(postings: Array, start: int, end: int, base: int, marks: Array) -> None:
    """Set the bit of each passage of ``postings[start:end]`` in ``marks``."""
    one = np.uint64(1)
    for p in range(start, end):
        doc = base + postings[p]
        marks[doc >> 6] |= one << np.uint64(doc & 63)


@_compiled
def _sift_up(best: Array, at: int, value: float) -> None:
    """Put ``value`` at ``best[at]`` and move it up the min-heap of floats to its place."""
    while at > 0:
        parent = (at - 1) // 2
        if best[parent] <= value:
            break
        best[at] = best[parent]
        at = parent
    best[at] = value


@_compiled
def _sift_down_floats(best: Array, at: int) -> None:
    """Move ``best[at]`` down the full min-heap of floats to its place."""
    size = len(best)
    value = best[at]
    while True:
        child = 2 * at + 1
        if child >= size:
            break
        if child + 1 < size and best[child + 1] < best[child]:
            child += 1
        if best[child] >= value:
            break
        best[at] = best[child]
        at = child
    best[at] = value


@_compiled
def _keep_largest(best: Array, filled: int, value: float) -> int:
    """Offer ``value`` to the min-heap ``best`` of the ``len(best)`` largest values seen
    (``filled`` of them so far); the new ``filled``."""
    if filled < len(best):
        _sift_up(best, filled, value)
        return filled + 1
    if value > best[0]:
        best[0] = value
        _sift_down_floats(best, 0)
    return filled


@_compiled
def _add_and_mark(postings: Array, frequencies: Array, start: int, end: int, idf: float, norms: Array, codes: Array, table: Array,
                  base: int, k1_plus_1: float, buffer: Array, marks: Array) -> None:
    """Add one essential list's contributions into ``buffer`` and mark its passages:
    one pass, where marking first was needed only while the other lists were scanned
    against the marks."""
    one = np.uint64(1)
    for p in range(start, end):
        doc = base + postings[p]
        buffer[doc] += np.float32(_ratio(frequencies, p, doc, norms, codes, table, k1_plus_1) * idf)
        marks[doc >> 6] |= one << np.uint64(doc & 63)


@_compiled
def _kth_partial(postings: Array, starts: Array, ends: Array, essential: Array, base: int, buffer: Array, best: Array, slack: float) -> float:
    """The ``len(best)``-th largest buffer entry of the passages of the rarest essential
    list with that many postings, narrowed by ``slack`` (the float32 sum's rounding); 0
    when no list has that many. Each entry is a sum of some of a passage's non-negative
    contributions, so, narrowed, no larger than its score (rounding to nearest is
    monotonic): this many passages score at least that much. The rarest
    term's passages are the likeliest to score high, and a list of hundreds is read
    where a pass over every marked passage would read tens of thousands."""
    k = len(best)
    rarest = -1
    for i in range(len(starts)):
        size = ends[i] - starts[i]
        if essential[i] and size >= k and (rarest < 0 or size < ends[rarest] - starts[rarest]):
            rarest = i
    if rarest < 0:
        return 0.0
    filled = 0
    for p in range(starts[rarest], ends[rarest]):
        filled = _keep_largest(best, filled, np.float64(buffer[base + postings[p]]))
    return max(0.0, best[0] * (1.0 - slack) - F32_TINY)


@_compiled
def _seek(postings: Array, start: int, end: int, target: int) -> int:
    """The first position from ``start`` (before ``end``) whose passage is at least
    ``target``: galloping, then halving. The passages a cursor seeks come in ascending
    order, so it only moves forward, by small steps where they come close together."""
    if start >= end or postings[start] >= target:
        return start
    low = start  # postings[low] < target throughout
    step = 1
    high = start + 1
    while high < end and postings[high] < target:
        low = high
        step *= 2
        high = low + step
    if high > end:
        high = end
    while high - low > 1:  # postings[high] >= target, or high == end
        middle = (low + high) // 2
        if postings[middle] < target:
            low = middle
        else:
            high = middle
    return high


@_compiled
def _score_of(postings: Array, frequencies: Array, starts: Array, ends: Array, idfs: Array, essential: Array, probed: Array,
              doc: int, local: int, norms: Array, codes: Array, table: Array, k1_plus_1: float) -> float:
    """Passage ``doc``'s score, summed in query order as get_scores sums it: the
    essential lists' contributions found by halving (a list's postings are sorted by
    passage), the others' already ``probed``."""
    score = 0.0
    for i in range(len(starts)):
        if not essential[i]:
            score += probed[i]
            continue
        at = _seek(postings, starts[i], ends[i], local)
        if at < ends[i] and postings[at] == local:
            score += _ratio(frequencies, at, doc, norms, codes, table, k1_plus_1) * idfs[i]
    return score


@_compiled
def _collect_probing(
    postings: Array, frequencies: Array, starts: Array, ends: Array, idfs: Array, essential: Array, rest: float, floor: float,
    norms: Array, codes: Array, table: Array, base: int, size: int, k1_plus_1: float, buffer: Array, marks: Array,
    heap_scores: Array, heap_docs: Array, filled: int, slack: float,
) -> int:
    """Push the marked passages of the segment (``base`` to ``base + size``) into the
    heap, in ascending order, zeroing their buffer entries and marks: a pass over the
    bitmap, then over the buffer in order, where going through the postings again would
    jump about the buffer once more and meet a passage once per term. The buffer holds
    float32 sums, each widened by ``slack`` before it is compared; a passage's score is
    always summed anew in float64 (``_score_of``). The one walk over the set bits, for
    both kinds of segment:

    every list essential (``rest`` 0.0, ``floor`` 0.0): the buffer holds the scores,
    and a passage is scored when its widened sum reaches the full heap's worst, and
    enters when its score beats it;

    some not (their bounds summing to ``rest``): the buffer holds partial sums, and a
    passage is looked up in the other lists only if its partial sum plus ``rest`` can
    reach the bar (the floor, or the full heap's worst), and scored only if its
    partial sum plus what they actually add still can. Few passages pass the first
    test: the non-essential lists, the longest, are no longer read posting by posting.
    With ``rest`` 0.0 no list can add anything (every bound is the largest of a list's
    non-negative contributions), so none is looked up."""
    capacity = len(heap_scores)
    lists = len(starts)
    cursors = starts.copy()
    probed = np.zeros(lists, dtype=np.float64)
    bit_at = _BIT_AT
    for word in range(base >> 6, ((base + size - 1) >> 6) + 1):
        bits = marks[word]
        if bits == 0:
            continue
        marks[word] = 0
        while bits != 0:
            lowest = bits & (~bits + np.uint64(1))
            bits ^= lowest
            doc = (word << 6) + bit_at[(lowest * _DE_BRUIJN) >> np.uint64(58)]
            partial = np.float64(buffer[doc]) * (1.0 + slack) + F32_TINY  # no less than the float64 partial sum
            buffer[doc] = 0.0
            bar = floor
            if filled == capacity and heap_scores[0] > bar:
                bar = heap_scores[0]
            if (partial + rest) * (1.0 + MARGIN) < bar:
                continue
            local = doc - base
            extra = 0.0  # nothing to look up when every list is essential (rest 0.0)
            if rest > 0.0:
                for i in range(lists):
                    probed[i] = 0.0
                    if essential[i]:
                        continue
                    at = _seek(postings, cursors[i], ends[i], local)
                    cursors[i] = at
                    if at < ends[i] and postings[at] == local:
                        probed[i] = _ratio(frequencies, at, doc, norms, codes, table, k1_plus_1) * idfs[i]
                        extra += probed[i]
                if (partial + extra) * (1.0 + MARGIN) < bar:
                    continue
            score = _score_of(postings, frequencies, starts, ends, idfs, essential, probed, doc, local, norms, codes, table, k1_plus_1)
            # In ascending order, a passage tying with a full heap's worst comes after it.
            if score > 0.0 and (filled < capacity or score > heap_scores[0]):
                filled = _push(heap_scores, heap_docs, filled, score, doc)
    return filled


@_compiled
def top_segment(
    postings: Array, frequencies: Array, starts: Array, ends: Array, idfs: Array, bounds: Array, norms: Array, codes: Array, table: Array,
    base: int, size: int, k1_plus_1: float, buffer: Array, marks: Array, heap_scores: Array, heap_docs: Array, filled: int,
) -> int:
    """Score one segment's passages (``base`` to ``base + size``) into the heap of the
    best (``heap_scores``, ``heap_docs``, ``filled`` of them so far, from earlier
    segments); the new ``filled``. The lists ``starts[i]:ends[i]`` of the segment's
    postings are the query terms it holds, in query order, each with its idf (not
    negative) and its largest contribution ``bounds[i]``. Only positive scores enter.

    Term at a time, into ``buffer`` (by global passage number; left zeroed), so each
    passage's score is summed in query order as ``get_scores`` sums it; each
    contribution is ``_ratio`` (mostly read from ``table`` by the passage's length code
    in ``codes``) times the idf. A floor on the
    k-th best score (the heap's worst, or one term's k-th contribution) makes the
    terms of the smallest bounds non-essential (MaxScore): a passage only they hold
    cannot reach it. The essential terms' passages are marked in the bitmap ``marks``
    (small enough to stay in cache, where the buffer would not) and only marked
    passages are collected. When every term is essential the buffer holds the scores;
    otherwise it holds partial sums, the floor rises to the k-th best of them
    (``_kth_partial``) and ``_collect_probing`` looks the few passages that can still
    reach it up in the other lists, where reading those lists whole would cost most
    of the question (they are the longest). The buffer is float32 (see F32_UNIT)."""
    lists = len(starts)
    if lists == 0 or size == 0:
        return filled
    slack = (lists + 1) * F32_UNIT
    capacity = len(heap_scores)
    floor = _floor(postings, frequencies, starts, ends, idfs, norms, base, k1_plus_1, capacity)
    if filled == capacity and heap_scores[0] > floor:
        floor = heap_scores[0]
    essential = _essential(bounds, floor)
    if essential.all():
        for i in range(lists):
            _mark(postings, starts[i], ends[i], base, marks)
        for i in range(lists):
            idf = idfs[i]
            for p in range(starts[i], ends[i]):
                doc = base + postings[p]
                buffer[doc] += np.float32(_ratio(frequencies, p, doc, norms, codes, table, k1_plus_1) * idf)
        # The buffer holds the scores, to float32: the walk, with nothing to look up and no floor.
        return _collect_probing(
            postings, frequencies, starts, ends, idfs, essential, 0.0, 0.0, norms, codes, table, base, size, k1_plus_1,
            buffer, marks, heap_scores, heap_docs, filled, slack,
        )
    rest = 0.0
    for i in range(lists):
        if essential[i]:
            _add_and_mark(postings, frequencies, starts[i], ends[i], idfs[i], norms, codes, table, base, k1_plus_1, buffer, marks)
        else:
            rest += bounds[i]
    partial_floor = _kth_partial(postings, starts, ends, essential, base, buffer, np.empty(capacity, dtype=np.float64), slack)
    if partial_floor > floor:
        floor = partial_floor
    return _collect_probing(
        postings, frequencies, starts, ends, idfs, essential, rest, floor, norms, codes, table, base, size, k1_plus_1,
        buffer, marks, heap_scores, heap_docs, filled, slack,
    )


def warm() -> None:
    """Compile every kernel (or load it from numba's cache) for the arrays an index
    hands it (postings and frequencies always read-only, as memory-mapped ones are), so
    that no question waits for a compilation."""
    postings = np.array([0, 1], dtype=np.int32)
    frequencies = np.array([1, 2], dtype=np.uint16)
    postings.flags.writeable = frequencies.flags.writeable = False
    norms = np.ones(2)
    best_ratio(postings, frequencies, 0, 2, norms, 0, 2.5)
    one = np.ones(1)
    top_segment(
        postings, frequencies, np.zeros(1, dtype=np.int64), np.full(1, 2, dtype=np.int64), one, one,
        norms, np.zeros(2, dtype=np.uint8), np.ones((1, 16)), 0, 2, 2.5, np.zeros(2, dtype=np.float32), np.zeros(1, dtype=np.uint64), np.zeros(1), np.zeros(1, dtype=np.int64), 0,
    )
