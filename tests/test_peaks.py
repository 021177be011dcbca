"""Each long term's peaks, stored by the index as it is built (issue 14): the postings
no other of the term's postings dominates (as frequent or more, in as short a passage or
shorter), from which MaxScore's bound on the term's contribution is computed at a
question instead of reading the term's whole list (~137 us a term at 1M paragraphs).

A bound below a real contribution would let the kernel skip a passage that belongs in
the top k, so the bound from the peaks must be the largest ratio over the term's
postings to the bit (above it only for a deleted passage), whatever the average length
the segments around it make: after adds, deletions and merges, in a library built in
memory, stored, loaded or built in two processes. Peaks no posting can be are refused
at a load, and an index of the format before them is rebuilt."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

# The damage tests' archive and index directory are the headline terms tests': the seeds
# and a headline cut short, written an hour ago, indexed in the test's own directory.
from test_headline_terms import MADE, corpus, index_dir, only_segment  # noqa: F401  (fixtures)
from test_index_exact import (
    PARAMETERS,
    SEGMENT_CASES,
    assert_same_live,
    live_corpus,
    okapi,
    random_corpus,
    random_queries,
    segment_queries,
    segmented,
)

from retrieval import index as index_module
from retrieval import segments as segments_module
from retrieval.cache_files import describe
from retrieval.cache_layout import MANIFEST
from retrieval.index import BM25Index, BM25Parameters, length_norms
from retrieval.library import Library
from retrieval.segments import PEAK_ARRAYS, Peaks, Segment, merge, peaks_of
from retrieval.store import open_library


@pytest.fixture(autouse=True)
def every_term_has_peaks(monkeypatch):
    """Peaks for every term, not only those of PEAK_MIN_POSTINGS postings: the small
    corpora here have few such terms."""
    monkeypatch.setattr(segments_module, "PEAK_MIN_POSTINGS", 1)


@pytest.fixture
def compiled(monkeypatch):
    """``top`` through the MaxScore kernel, which reads the bounds, at every size."""
    pytest.importorskip("numba")
    assert index_module.load_kernels() is not None
    monkeypatch.setattr(index_module, "COMPILED", True)
    monkeypatch.setattr(index_module, "COMPILED_MIN_PASSAGES", 0)


def largest_ratio(index: BM25Index, number: int, row: int) -> float:
    """The largest ``tf * (k1 + 1) / (norm + tf)`` over the term's postings in the
    segment, read the long way (a deleted passage's norm is infinite: 0)."""
    segment, base = index.segments[number], int(index.bases[number])
    start, end = segment.offsets[row], segment.offsets[row + 1]
    tf = segment.frequencies[start:end].astype(np.float64)
    ratios = tf * (index.parameters.k1 + 1) / (index.norms[base + segment.postings[start:end]] + tf)
    return float(ratios.max()) if len(ratios) else 0.0


def assert_bounds(index: BM25Index) -> None:
    """Every term's bound from its peaks is its largest ratio, bit for bit, or above it
    only where deleted passages hold the term."""
    for number, segment in enumerate(index.segments):
        for row in range(len(segment.offsets) - 1):
            bound = index._peak_ratio(segment, row)
            assert bound is not None, row
            real = largest_ratio(index, number, row)
            if index.deleted is None:
                assert bound == real, (number, row)
            else:
                assert bound >= real, (number, row)


def assert_peaks_are_undominated(segment: Segment) -> None:
    """The peaks are the postings no other dominates, and only they: for each term, the
    shortest passage of each frequency, kept where every more frequent one is longer."""
    peaks = segment.peaks
    assert peaks.rows.tolist() == list(range(len(segment.offsets) - 1))
    for at, row in enumerate(peaks.rows.tolist()):
        start, end = segment.offsets[row], segment.offsets[row + 1]
        points = set(zip(segment.frequencies[start:end].tolist(), segment.lengths[segment.postings[start:end]].tolist()))
        undominated = {(f, n) for f, n in points if not any((g >= f and m <= n) and (g, m) != (f, n) for g, m in points)}
        stored = set(zip(peaks.frequencies[peaks.offsets[at]:peaks.offsets[at + 1]].tolist(), peaks.lengths[peaks.offsets[at]:peaks.offsets[at + 1]].tolist()))
        assert stored == undominated, row


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_peaks_are_the_undominated_postings(seed):
    corpus = random_corpus(seed, 400, 60, 30)
    # Frequencies above one, in passages of every length.
    corpus += [["w1"] * n + ["w2"] * (9 - n) for n in range(10)]
    assert_peaks_are_undominated(Segment.build(corpus))


def test_only_long_terms_have_peaks(monkeypatch):
    monkeypatch.setattr(segments_module, "PEAK_MIN_POSTINGS", 3)
    segment = Segment.build([["a", "b"], ["a"], ["a", "c", "c"], ["b"]])
    assert segment.peaks.rows.tolist() == [segment.vocabulary["a"]]
    index = BM25Index([segment])
    assert index._peak_ratio(segment, segment.vocabulary["b"]) is None  # its postings are read instead
    assert index._peak_ratio(segment, segment.vocabulary["a"]) == largest_ratio(index, 0, segment.vocabulary["a"])


@pytest.mark.parametrize("parameters", PARAMETERS)
@pytest.mark.parametrize("seed, documents, vocabulary, max_length, splits, deletion", SEGMENT_CASES)
def test_the_bounds_hold_however_segments_and_deletions_move_the_average(seed, documents, vocabulary, max_length, splits, deletion, parameters):
    """Each segment's peaks were worked out alone; the bound is computed with the
    index's average length, which the other segments and the deletions set."""
    corpus, deleted = live_corpus(seed, documents, vocabulary, max_length, deletion)
    index = segmented(corpus, splits, deleted, parameters)
    assert_bounds(index)
    if index.deleted is not None:
        keep = [~index.deleted[a:b] for a, b in zip(index.bases, index.bases[1:])]
        merged = BM25Index([merge(list(zip(index.segments, keep)))], parameters)
        assert_bounds(merged)
        assert_peaks_are_undominated(merged.segments[0])


@pytest.mark.parametrize("parameters", PARAMETERS)
@pytest.mark.parametrize("seed, documents, vocabulary, max_length, splits, deletion", SEGMENT_CASES)
def test_top_from_the_peaks_is_rank_bm25_over_the_live_passages(compiled, seed, documents, vocabulary, max_length, splits, deletion, parameters):
    corpus, deleted = live_corpus(seed, documents, vocabulary, max_length, deletion)
    index = segmented(corpus, splits, deleted, parameters)
    assert_same_live(index, corpus, deleted, parameters, segment_queries(seed, vocabulary))


def test_a_bound_below_a_contribution_would_be_caught(compiled, monkeypatch):
    """The check above can fail: peaks that keep only each term's most frequent posting
    (its passage long here) give a bound below the contributions of the short passages
    holding the term once, which MaxScore would take for what the term can add."""
    corpus = [["a", "a", "a", "b"] + ["x"] * 30 for _ in range(20)] + [["a", "c"] for _ in range(20)] + [["b"] * 3 for _ in range(40)]
    model = okapi(corpus, BM25Parameters())

    def most_frequent_only(offsets, postings, frequencies, lengths) -> Peaks:
        rows = np.arange(len(offsets) - 1, dtype=np.int32)
        top = np.maximum.reduceat(frequencies, offsets[:-1]).astype(np.uint16)
        at = [int(offsets[r]) + int(np.argmax(frequencies[offsets[r]:offsets[r + 1]])) for r in rows]
        return Peaks(rows, np.arange(len(rows) + 1, dtype=np.int64), top, lengths[postings[at]].astype(np.int32))

    index = BM25Index([Segment.build(corpus)])
    with pytest.raises(AssertionError):
        assert_bounds(BM25Index([Segment(*(getattr(index.segments[0], name) for name in ("vocabulary", "offsets", "postings", "frequencies", "lengths")),
                                         most_frequent_only(index.segments[0].offsets, index.segments[0].postings, index.segments[0].frequencies, index.segments[0].lengths))]))
    assert_bounds(index)
    query = ["a", "b", "c"]
    order = np.lexsort((np.arange(len(corpus)), -model.get_scores(query)))[:10].tolist()
    assert [h.passage for h in index.top(query, 10)] == order


def test_the_peaks_read_back_as_they_were(tmp_path):
    segment = Segment.build(random_corpus(5, 300, 50, 20))
    for name, array in segment.arrays().items():
        np.save(tmp_path / f"{name}.npy", array)
    arrays = {name: np.load(tmp_path / f"{name}.npy", mmap_mode="r") for name in segment.arrays()}
    loaded = Segment.from_arrays(list(segment.vocabulary), arrays)
    assert loaded.stored_peaks is not None
    for name in PEAK_ARRAYS:
        assert np.array_equal(loaded.arrays()[name], segment.arrays()[name])


@pytest.mark.parametrize(
    "broken, message",
    [
        (lambda a: {**a, "peak_rows": a["peak_rows"][::-1].copy()}, "rows"),
        (lambda a: {**a, "peak_rows": a["peak_rows"] + np.int32(1)}, "rows"),
        (lambda a: {**a, "peak_offsets": a["peak_offsets"][:-1]}, "offsets"),
        (lambda a: {**a, "peak_frequencies": np.zeros_like(a["peak_frequencies"])}, "no posting"),
        (lambda a: {**a, "peak_lengths": a["peak_lengths"].astype(np.int64)}, "peak_lengths"),
        (lambda a: {k: v for k, v in a.items() if k != "peak_lengths"}, "in part"),
    ],
)
def test_from_arrays_refuses_peaks_no_segment_can_have(broken, message):
    segment = Segment.build(random_corpus(6, 100, 30, 10))
    with pytest.raises(ValueError, match=message):
        Segment.from_arrays(list(segment.vocabulary), broken(segment.arrays()))


@pytest.mark.parametrize("made", MADE)
def test_every_segment_of_a_library_has_its_peaks(corpus, index_dir, monkeypatch, made: Callable[..., Library]):
    """However the library came to be, each segment's peaks are those of its postings,
    and bound every term's contributions with the library's average length."""
    library = made(corpus, index_dir, monkeypatch)
    for segment in library.index.segments:
        assert_peaks_are_undominated(segment)
        again = peaks_of(segment.offsets, segment.postings, segment.frequencies, segment.lengths)
        for name in PEAK_ARRAYS:
            assert np.array_equal(segment.peaks.arrays()[name], again.arrays()[name])
    assert_bounds(library.index)
    assert length_norms(np.array([1]), library.index.average_length, library.index.parameters)[0] > 0


# -- damage --------------------------------------------------------------------------------


def test_peaks_no_posting_can_be_are_refused_even_with_valid_checksums(corpus, index_dir, caplog):
    open_library(corpus, index_dir)
    segment = only_segment(index_dir)
    path = segment / "peak_frequencies.npy"
    np.save(path, np.zeros_like(np.load(path)))
    manifest = json.loads((segment / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][path.name] = describe(path)
    (segment / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    library = open_library(corpus, index_dir)
    assert library.origin == "built"
    assert any("peaks hold what no posting can be" in r.getMessage() for r in caplog.records if r.name == "retrieval.store")
    assert_bounds(library.index)


def test_a_damaged_peaks_array_fails_its_checksum_and_is_rebuilt(corpus, index_dir, caplog):
    open_library(corpus, index_dir)
    path = only_segment(index_dir) / "peak_lengths.npy"
    lengths = np.load(path)
    np.save(path, lengths + np.int32(1))  # the same size, every bound lower
    library = open_library(corpus, index_dir)
    warnings = [r.getMessage() for r in caplog.records if r.name == "retrieval.store"]
    assert library.origin == "built" and any("peak_lengths.npy fails its checksum" in w for w in warnings)
    assert_bounds(library.index)


def test_an_index_of_the_format_before_the_peaks_is_rebuilt(corpus, index_dir, caplog):
    """A segment written before the peaks (format 9) is not read as one with them."""
    open_library(corpus, index_dir)
    segment = only_segment(index_dir)
    manifest = json.loads((segment / MANIFEST).read_text(encoding="utf-8"))
    for name in PEAK_ARRAYS:
        (segment / f"{name}.npy").unlink()
        del manifest["files"][f"{name}.npy"]
    manifest["format"] = 9
    (segment / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    library = open_library(corpus, index_dir)
    assert library.origin == "built"
    assert any("unknown format" in r.getMessage() for r in caplog.records if r.name == "retrieval.store")
    assert open_library(corpus, index_dir).origin == "loaded"
    assert all(s.stored_peaks is not None for s in library.index.segments)
