"""The compiled top-k when some terms are non-essential (retrieval/kernels.py,
``_collect_probing``): those terms' lists are not read whole, only probed for the
passages that can still reach the k-th score, and each such passage is summed anew in
query order. The answers must stay rank-bm25's and the numpy path's, bit for bit, in the
cases that path is likeliest to get wrong: a common term between rare ones in the query,
ties at the k-th score, k beyond the passages that survive, the floor set by the heap of
earlier segments, and deleted passages."""

from __future__ import annotations

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from retrieval import index as index_module
from retrieval.index import BM25Index, BM25Parameters
from retrieval.segments import Segment

pytest.importorskip("numba")

# The kernels loaded and used whatever the index's size (test_kernels' autouse fixture,
# here too), and the references the kernel is held to.
from test_kernels import compiled, numpy_top, stable_top, zipf_corpus  # noqa: E402, F401


def probes(index: BM25Index, query: list[str], k: int) -> bool:
    """White box: some segment has a non-essential list for this question, so the
    probing path answers it (the heap of earlier segments only raises the floor)."""
    kernels = index_module.load_kernels()
    idfs = [index.term_idf(term) if term in index.vocabulary else None for term in query]
    for number, (segment, base) in enumerate(zip(index.segments, index.bases)):
        lists = index._segment_lists(kernels, number, segment, int(base), query, idfs)
        if lists is None:
            continue
        starts, ends, weights, bounds = lists
        floor = kernels._floor(segment.postings, segment.frequencies, starts, ends, weights, index.norms, int(base), index.parameters.k1 + 1, k)
        if not kernels._essential(bounds, floor).all():
            return True
    return False


ONE_SEGMENT_QUERIES = [
    pytest.param(["w300", "w0", "w150"], id="common-between-rare"),
    pytest.param(["w0", "w400", "w1"], id="common-first-and-last"),
    pytest.param(["w1", "w0", "w700", "w2", "w0"], id="common-repeated-around-rare"),
    pytest.param(["w0", "w1", "w250", "w2", "w900", "w3"], id="two-rare-among-four-common"),
]


@pytest.mark.parametrize("parameters", [BM25Parameters(), BM25Parameters(k1=0.9, b=0.4, epsilon=0.1)])
@pytest.mark.parametrize("query", ONE_SEGMENT_QUERIES)
def test_probed_common_terms_give_rank_bm25s_scores_to_the_last_bit(query, parameters, monkeypatch):
    corpus = zipf_corpus(5, 6000, 1200, 25)
    index = BM25Index.build(corpus, parameters)
    model = BM25Okapi(corpus, k1=parameters.k1, b=parameters.b, epsilon=parameters.epsilon)
    assert probes(index, query, 10)
    for k in (1, 10, 30, 400):  # 400: more than the passages that survive the probing
        hits = [(h.passage, h.score) for h in index.top(query, k)]
        assert hits == stable_top(model.get_scores(query), k), k
        assert hits == numpy_top(index, query, k, monkeypatch), k


def tie_blocks(seed: int) -> list[list[list[str]]]:
    """Three blocks (segments), each with identical passages that tie exactly: 40 holding
    the rare term and the common one, scattered among passages holding only common
    terms; a few holding the rare term alone score a little less."""
    rng = np.random.default_rng(seed)
    blocks = []
    for _ in range(3):
        block = [["common", "filler", f"x{rng.integers(0, 40)}"] for _ in range(900)]
        block += [["rare", "common", "other"] for _ in range(40)]
        block += [["rare", "filler", "filler", "other"] for _ in range(15)]
        blocks.append([block[i] for i in rng.permutation(len(block))])
    return blocks


@pytest.mark.parametrize("query", [["rare", "common"], ["common", "rare", "filler"], ["filler", "rare", "common", "rare"]])
def test_ties_across_segments_with_deletions_keep_passage_order(query, monkeypatch):
    """The tied passages of the first segment fill the heap, whose worst is then the
    floor of the next segments: their ties, which come later, must not enter; deleted
    passages among the tied ones must not either, and the next tied one takes the place."""
    blocks = tie_blocks(91)
    size = len(blocks[0])
    masks = [np.arange(size) % 9 == 4, None, np.arange(size) % 5 == 0]
    index = BM25Index([Segment.build(b) for b in blocks], BM25Parameters(), masks)
    live = [p for b, mask in zip(blocks, masks) for i, p in enumerate(b) if mask is None or not mask[i]]
    numbers = [s * size + i for s, mask in enumerate(masks) for i in range(size) if mask is None or not mask[i]]
    model = BM25Okapi(live)
    assert probes(index, query, 10)
    for k in (1, 10, 35, 36, 37, 80, 120, 200):
        expected = [numbers[p] for p, _ in stable_top(model.get_scores(query), k)]
        hits = [(h.passage, h.score) for h in index.top(query, k)]
        assert [p for p, _ in hits] == expected, k
        assert hits == numpy_top(index, query, k, monkeypatch), k
        assert not any(index.deleted[p] for p, _ in hits)


@pytest.mark.parametrize("seed", [101, 102])
def test_segments_with_deletions_where_earlier_segments_set_the_floor(seed, monkeypatch):
    """The best passages sit in the first segment (long runs of the rare terms), so the
    heap carried into the others is what prunes them; a third of the best are deleted."""
    rng = np.random.default_rng(seed)
    blocks = [zipf_corpus(seed + s, 1500, 500, 20) for s in range(3)]
    for at in rng.choice(len(blocks[0]), size=30, replace=False):
        blocks[0][at] = blocks[0][at] + ["w200", "w300", "w0"] * int(rng.integers(1, 4))
    masks = [np.arange(1500) % 3 == 0, np.arange(1500) % 11 == 2, None]
    index = BM25Index([Segment.build(b) for b in blocks], BM25Parameters(), masks)
    live = [p for b, mask in zip(blocks, masks) for i, p in enumerate(b) if mask is None or not mask[i]]
    numbers = [s * 1500 + i for s, mask in enumerate(masks) for i in range(1500) if mask is None or not mask[i]]
    model = BM25Okapi(live)
    for query in (["w0", "w200", "w1", "w300"], ["w200", "w0", "w2"], ["w1", "w300", "w0", "w0"]):
        assert probes(index, query, 10)
        for k in (1, 10, 25, 100):
            expected = [numbers[p] for p, _ in stable_top(model.get_scores(query), k)]
            hits = [(h.passage, h.score) for h in index.top(query, k)]
            assert [p for p, _ in hits] == expected, (query, k)
            assert hits == numpy_top(index, query, k, monkeypatch), (query, k)
