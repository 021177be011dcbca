"""The compiled top-k (retrieval/kernels.py): it really answers, bit for bit what the
numpy path answers, prunes without losing a passage, stays out of the way at start (no
numba import, loaded in the background) and is safe to call from several threads.
tests/test_index_exact.py runs every exactness test on both paths besides."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from retrieval import index as index_module
from retrieval.index import BM25Index, BM25Parameters
from retrieval.segments import Segment

pytest.importorskip("numba")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def compiled(monkeypatch):
    """The kernels loaded, and used whatever the index's size."""
    assert index_module.load_kernels() is not None
    monkeypatch.setattr(index_module, "COMPILED", True)
    monkeypatch.setattr(index_module, "COMPILED_MIN_PASSAGES", 0)


def zipf_corpus(seed: int, documents: int, vocabulary: int, max_length: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, vocabulary + 1)
    weights /= weights.sum()
    return [[f"w{i}" for i in rng.choice(vocabulary, size=rng.integers(1, max_length + 1), p=weights)] for _ in range(documents)]


def numpy_top(index: BM25Index, query: list[str], k: int, monkeypatch) -> list[tuple[int, float]]:
    with monkeypatch.context() as patch:
        patch.setattr(index_module, "COMPILED", False)
        return [(h.passage, h.score) for h in index.top(query, k)]


def stable_top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    order = np.lexsort((np.arange(len(scores)), -scores))[:k]
    return [(int(i), float(scores[i])) for i in order]


QUERIES = [
    ["w0", "w1", "w2", "w3"],  # the commonest terms only: little to prune
    ["w500", "w0", "w1", "w2", "w3", "w4"],  # one rare term among common ones: most pruned
    ["w1", "w700", "w1", "w900", "w0"],  # a term repeated, rare ones between
    ["w1999", "w0"],
    ["w3", "unseen", "w40"],
]


@pytest.mark.parametrize("parameters", [BM25Parameters(), BM25Parameters(k1=0.9, b=0.4, epsilon=0.1)])
@pytest.mark.parametrize("query", QUERIES)
def test_the_kernel_answers_and_agrees_with_numpy_to_the_last_bit(query, parameters, monkeypatch):
    corpus = zipf_corpus(1, 4000, 2000, 30)
    index = BM25Index.build(corpus, parameters)
    model = BM25Okapi(corpus, k1=parameters.k1, b=parameters.b, epsilon=parameters.epsilon)
    for k in (1, 10, 30, 200):
        assert index._compiled_top(query, k) is not None  # white box: the kernel, no fallback
        hits = [(h.passage, h.score) for h in index.top(query, k)]
        assert hits == numpy_top(index, query, k, monkeypatch)
        assert hits == stable_top(model.get_scores(query), k)


def test_ratios_read_from_the_table_are_the_ratios_computed(monkeypatch):
    """Most passages take tf * (k1 + 1) / (norm + tf) from a table by length and count;
    the long ones (past RATIO_LENGTHS), the counts past RATIO_FREQUENCIES and deleted
    passages compute it. Short tables here, so all three kinds meet in each question,
    across segments with deletions: the same hits and scores, to the last bit, as the
    numpy path and as rank-bm25 over the live passages."""
    monkeypatch.setattr(index_module, "RATIO_LENGTHS", 12)
    monkeypatch.setattr(index_module, "RATIO_FREQUENCIES", 3)
    rng = np.random.default_rng(7)
    blocks = [zipf_corpus(10 + s, 300, 60, 30) for s in range(3)]
    for block in blocks:
        for at in rng.choice(len(block), size=30, replace=False):
            block[at] = block[at] + ["w1"] * int(rng.integers(3, 9)) + ["w7"] * int(rng.integers(0, 5))  # long, and counts past 3
    masks = [None, np.arange(len(blocks[1])) % 4 == 0, np.arange(len(blocks[2])) % 7 == 3]
    index = BM25Index([Segment.build(block) for block in blocks], BM25Parameters(), masks)
    live = [p for block, mask in zip(blocks, masks) for i, p in enumerate(block) if mask is None or not mask[i]]
    numbers = [b * 300 + i for b, mask in enumerate(masks) for i in range(300) if mask is None or not mask[i]]
    model = BM25Okapi(live)
    codes, table = index._ratios_by_length()
    assert table.shape == (12, 3) and (codes == 12).sum() > 0  # long and deleted passages both present
    for query in (["w1", "w7", "w30"], ["w7", "w1"], ["w45", "w1", "w0", "w7"]):
        for k in (1, 10, 50):
            assert index._compiled_top(query, k) is not None
            hits = [(h.passage, h.score) for h in index.top(query, k)]
            assert hits == numpy_top(index, query, k, monkeypatch)
            expected = [(numbers[p], s) for p, s in stable_top(model.get_scores(query), k)]
            assert [p for p, _ in hits] == [p for p, _ in expected]


def test_common_terms_are_pruned_and_nothing_is_lost(monkeypatch):
    """A rare term's k-th contribution lifts the floor above the commonest terms'
    bounds: they are added only to passages the rare term holds, and the top k is still
    exact (white box: which lists the kernel treats as essential)."""
    corpus = zipf_corpus(2, 5000, 3000, 20)
    index = BM25Index.build(corpus)
    kernels = index_module.load_kernels()
    query = ["w0", "w1", "w300", "w2"]
    starts, ends, idfs, bounds = index._segment_lists(kernels, 0, index.segments[0], 0, query, [index.term_idf(t) for t in query])
    segment = index.segments[0]
    floor = kernels._floor(segment.postings, segment.frequencies, starts, ends, idfs, index.norms, 0, 2.5, 10)
    essential = kernels._essential(bounds, floor)
    assert not essential.all() and essential.any()
    assert [h.passage for h in index.top(query, 10)] == [p for p, _ in stable_top(BM25Okapi(corpus).get_scores(query), 10)]
    assert [(h.passage, h.score) for h in index.top(query, 10)] == numpy_top(index, query, 10, monkeypatch)


def test_ties_across_segments_keep_passage_order(monkeypatch):
    """The same passages in every segment tie: the heap carried from segment to
    segment keeps the earliest, as a stable sort of get_scores does."""
    block = [["rare", "common"], ["common", "x"], ["rare", "common", "x"], ["y"]] * 20
    segments = [Segment.build(block) for _ in range(3)]
    masks = [None, np.arange(len(block)) % 5 == 0, None]
    index = BM25Index(segments, BM25Parameters(), masks)
    live = [p for s, mask in enumerate(masks) for i, p in enumerate(block) if mask is None or not mask[i]]
    numbers = [s * len(block) + i for s, mask in enumerate(masks) for i in range(len(block)) if mask is None or not mask[i]]
    model = BM25Okapi(live)
    for query in (["rare", "common"], ["x", "rare"], ["common"]):
        for k in (1, 5, 40, 100):
            expected = [(numbers[p], s) for p, s in stable_top(model.get_scores(query), k)]
            hits = [(h.passage, h.score) for h in index.top(query, k)]
            assert [p for p, _ in hits] == [p for p, _ in expected], (query, k)
            assert np.allclose([s for _, s in hits], [s for _, s in expected], rtol=0, atol=1e-9)
            assert hits == numpy_top(index, query, k, monkeypatch)


def test_threads_asking_at_once_get_the_answers_one_thread_gets(monkeypatch):
    corpus = zipf_corpus(3, 3000, 1500, 25)
    index = BM25Index.build(corpus)
    queries = [[f"w{i}", f"w{(i * 7) % 1500}", "w0", f"w{(i * 13) % 1500}"] for i in range(60)]
    expected = [numpy_top(index, q, 10, monkeypatch) for q in queries]
    found: dict[int, list[list[tuple[int, float]]]] = {}

    def ask(worker: int) -> None:
        found[worker] = [[(h.passage, h.score) for h in index.top(q, 10)] for q in queries]

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(found[n] == expected for n in range(4))


def test_a_negative_idf_is_left_to_numpy():
    """MaxScore's bounds assume no term lowers a score: with a negative idf (a term in
    most of a tiny corpus) the numpy path answers."""
    corpus = [["a", "b"], ["a", "b"], ["a"]]
    index = BM25Index.build(corpus)
    assert index._compiled_top(["a", "b"], 3) is None
    assert [h.passage for h in index.top(["a", "b"], 3)] == [p for p, _ in stable_top(BM25Okapi(corpus).get_scores(["a", "b"]), 3)]


def test_the_compiled_path_keeps_no_impacts():
    corpus = zipf_corpus(4, 2000, 500, 20)
    index = BM25Index.build(corpus)
    index.top(["w0", "w1", "w2"], 10)
    assert index.kept_bytes == 0


def test_only_the_kernels_module_imports_numba():
    for path in (ROOT / "retrieval").glob("*.py"):
        assert ("import numba" in path.read_text(encoding="utf-8")) == (path.name == "kernels.py"), path


FIRST_QUESTIONS = """
import sys
import retrieval.index as index_module
from retrieval.index import BM25Index
from retrieval.search import Searcher
from retrieval.store import open_library
assert "numba" not in sys.modules, "numba imported at start"
index_module.COMPILED_MIN_PASSAGES = 0
index = BM25Index.build([["a", "b"], ["b", "c"], ["c", "d", "d"]] * 50)
first = index.top(["d", "b"], 5)  # answered by numpy: the kernels load meanwhile
assert index_module._kernel_module == []
index_module._kernel_loader[0].join(timeout=120)
assert index_module._kernels() is not None
assert index._compiled_top(["d", "b"], 5) is not None
assert index.top(["d", "b"], 5) == first
print("ok")
"""


def test_start_imports_no_numba_and_the_first_question_does_not_wait_for_it():
    done = subprocess.run([sys.executable, "-c", FIRST_QUESTIONS], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize("terms", [1, 2, 8, 40, 200])
def test_float32_partial_sums_stay_within_the_kernels_slack(terms):
    """The kernel sums contributions into float32 (half the bytes, so the buffer stays
    in cache) and never takes a score from there: it only skips a passage whose float32
    sum, widened by (terms + 1)·F32_UNIT, cannot reach the bar, and narrows so a floor.
    That width must hold the float32 sum's rounding for every magnitude of contribution,
    or a passage of the top k would be skipped."""
    from retrieval.kernels import F32_TINY, F32_UNIT

    rng = np.random.default_rng(terms)
    slack = (terms + 1) * F32_UNIT
    contributions = np.exp(rng.uniform(np.log(1e-9), np.log(30.0), size=(20_000, terms)))
    contributions[rng.random(contributions.shape) < 0.3] = 0.0  # terms a passage lacks
    exact = np.zeros(len(contributions))
    rounded = np.zeros(len(contributions), dtype=np.float32)
    for column in range(terms):  # in query order, as get_scores and the kernel sum
        exact = exact + contributions[:, column]
        rounded += contributions[:, column].astype(np.float32)
    widened = rounded.astype(np.float64) * (1.0 + slack) + F32_TINY
    narrowed = np.maximum(0.0, rounded.astype(np.float64) * (1.0 - slack) - F32_TINY)
    assert (exact <= widened).all() and (narrowed <= exact).all()
    # ...and the rounding is real: float32 alone misses the exact sum.
    assert (rounded.astype(np.float64) != exact).mean() > 0.5


def _near_tie_case(seed: int) -> tuple[dict, np.ndarray]:
    """A segment of passages whose float64 scores differ beyond float32's precision:
    idfs 1 + j·2^-40, lengths equal or one apart, each passage holding a few of the
    terms; some common terms of small idf, which MaxScore leaves non-essential; a query
    in random order with repeats. The kernel's arguments, and the float64 sums in
    query order (get_scores' scores)."""
    from retrieval import kernels
    from retrieval.index import RATIO_FREQUENCIES, RATIO_LENGTHS, length_norms

    rng = np.random.default_rng(seed)
    parameters = BM25Parameters()
    k1_plus_1 = parameters.k1 + 1
    passages = 2000
    lengths = np.full(passages, int(rng.choice([10, 254, 255, 400])), dtype=np.int32)
    lengths[rng.random(passages) < 0.5] += int(rng.integers(0, 2))
    average = float(lengths.mean())
    norms = length_norms(lengths, average, parameters)
    frequencies_row = np.arange(RATIO_FREQUENCIES)
    table = frequencies_row[None, :] * k1_plus_1 / (length_norms(np.arange(RATIO_LENGTHS), average, parameters)[:, None] + frequencies_row[None, :])
    codes = np.minimum(lengths, RATIO_LENGTHS).astype(np.uint8)
    count = int(rng.choice([4, 12, 40]))
    each = int(rng.integers(1, min(count, 6) + 1))
    held = np.zeros((passages, count), dtype=bool)
    for passage in range(passages):
        held[passage, rng.choice(count, size=each, replace=False)] = True
    scale = float(rng.choice([1.0, 1e-3, 7.3]))
    lists = [np.flatnonzero(held[:, t]) for t in range(count)]
    idfs = [scale * (1.0 + int(rng.integers(0, 8)) * 2.0**-40) for _ in range(count)]
    for _ in range(int(rng.choice([0, 1, 3]))):  # common terms of small idf
        lists.append(np.flatnonzero(rng.random(passages) < 0.9))
        idfs.append(scale * float(rng.choice([1e-3, 2.0**-30, 1e-9])))
    query = [int(t) for t in rng.permutation(len(lists))]
    query += query[: int(rng.integers(0, 3))]
    postings = np.concatenate([lists[t] for t in range(len(lists))]).astype(np.int32)
    frequencies = np.ones(len(postings), dtype=np.uint16)
    postings.flags.writeable = frequencies.flags.writeable = False
    offsets = np.concatenate([[0], np.cumsum([len(docs) for docs in lists])])
    starts = np.array([offsets[t] for t in query], dtype=np.int64)
    ends = np.array([offsets[t + 1] for t in query], dtype=np.int64)
    weights = np.array([idfs[t] for t in query])
    bounds = np.array([kernels.best_ratio(postings, frequencies, s, e, norms, 0, k1_plus_1) * w for s, e, w in zip(starts, ends, weights)])
    expected = np.zeros(passages)
    for t in query:
        expected[lists[t]] += 1.0 * k1_plus_1 / (norms[lists[t]] + 1.0) * idfs[t]
    arguments = {"postings": postings, "frequencies": frequencies, "starts": starts, "ends": ends, "idfs": weights, "bounds": bounds,
                 "norms": norms, "codes": codes, "table": table, "size": passages, "k1_plus_1": k1_plus_1}
    return arguments, expected


@pytest.mark.parametrize("k", [1, 10, 30])
def test_scores_float32_cannot_tell_apart_are_ranked_as_float64_ranks_them(k):
    """The kernel's partial sums are float32; where float64 scores differ beyond
    float32's precision, it still returns the top k of the float64 sums, score for
    score, ties by number. (Without the slack that widens the float32 sums, or with one
    64 times narrower, a review found such cases failing.)"""
    from retrieval import kernels

    merged = 0
    for seed in range(40):
        a, expected = _near_tie_case(seed)
        ranked = np.lexsort((np.arange(len(expected)), -expected))
        ranked = ranked[expected[ranked] > 0]
        best = expected[ranked[: max(k, 50)]]
        merged += len(np.unique(best)) - len(np.unique(best.astype(np.float32)))
        scores, docs = np.zeros(k), np.zeros(k, dtype=np.int64)
        buffer, marks = np.zeros(a["size"], dtype=np.float32), np.zeros(a["size"] // 64 + 1, dtype=np.uint64)
        filled = kernels.top_segment(
            a["postings"], a["frequencies"], a["starts"], a["ends"], a["idfs"], a["bounds"], a["norms"], a["codes"], a["table"],
            0, a["size"], a["k1_plus_1"], buffer, marks, scores, docs, 0,
        )
        found = sorted(zip(-scores[:filled], docs[:filled]))
        assert [(int(d), -s) for s, d in found] == [(int(d), float(expected[d])) for d in ranked[:k]], seed
        assert not buffer.any() and not marks.any()
    assert merged > 0  # float32 does merge scores the top holds apart


FIRST_START = """
import retrieval.kernels as kernels
from retrieval.index import load_kernels
assert kernels.cached() is False, "the cache directory is not empty"
load_kernels()
assert kernels.cached() is True
# Compiled by the child: this process only loaded them from numba's cache.
missed = [k.py_func.__name__ for k in kernels._KERNELS if k.stats.cache_misses]
loaded = [k.py_func.__name__ for k in kernels._KERNELS if k.stats.cache_hits]
assert not missed and "top_segment" in loaded, (missed, loaded)
print("ok")
"""


def test_a_first_start_compiles_the_kernels_in_a_child_and_loads_them_from_its_cache(tmp_path):
    environment = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba")}
    done = subprocess.run([sys.executable, "-c", FIRST_START], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    assert done.stdout.strip() == "ok", done.stderr
    assert any((tmp_path / "numba").rglob("*.nbi"))


SHADOWED_START = """
import os, sys
sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]  # as a console script starts
import retrieval.kernels as kernels
from retrieval.index import load_kernels
load_kernels()
missed = [k.py_func.__name__ for k in kernels._KERNELS if k.stats.cache_misses]
assert not missed, missed
print("ok")
"""


def test_the_child_compiles_the_kernels_this_process_imports_not_a_working_directorys(tmp_path):
    # A working directory holding its own "retrieval" package (a checkout, or worse):
    # the child runs on this process's search path, not on the directory it starts in.
    shadow = tmp_path / "shadow" / "retrieval"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("")
    marker = tmp_path / "ran"
    (shadow / "kernels.py").write_text(f"from pathlib import Path\nPath({str(marker)!r}).write_text('x')\ndef warm(): pass\n")
    environment = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SHADOWED_START], cwd=shadow.parent, env=environment, capture_output=True, text=True, timeout=300)
    assert done.stdout.strip() == "ok", done.stderr
    assert not marker.exists()
