"""BM25Index gives rank-bm25's BM25Okapi scores and top 10, exactly, before and after a
save/load round trip, and over several segments with deleted passages: the scores of
rank-bm25 given the live passages alone, before and after a merge. Every test runs on
both paths of ``top``: numpy, and the compiled MaxScore kernel (when numba is installed)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from retrieval import index as index_module
from retrieval.index import DENSE_FRACTION, PROBE_POSTINGS, BM25Index, BM25Parameters
from retrieval.segments import Segment, merge

TOLERANCE = 1e-9
K = 10


@pytest.fixture(autouse=True, params=["numpy", "compiled"])
def engine(request, monkeypatch):
    """The path ``top`` takes: numpy, or retrieval.kernels (skipped without numba),
    loaded before the test and used at every size."""
    compiled = request.param == "compiled"
    if compiled:
        pytest.importorskip("numba")
        assert index_module.load_kernels() is not None
        monkeypatch.setattr(index_module, "COMPILED_MIN_PASSAGES", 0)
    monkeypatch.setattr(index_module, "COMPILED", compiled)
    return request.param


def random_corpus(seed: int, documents: int, vocabulary: int, max_length: int) -> list[list[str]]:
    """Zipf-ish random token lists; some empty when ``max_length`` allows 0."""
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, vocabulary + 1)
    weights /= weights.sum()
    words = [f"w{i}" for i in range(vocabulary)]
    return [
        [words[i] for i in rng.choice(vocabulary, size=rng.integers(0, max_length + 1), p=weights)]
        for _ in range(documents)
    ]


def random_queries(seed: int, vocabulary: int) -> list[list[str]]:
    """Queries with known, repeated and unseen terms, and the empty query."""
    rng = np.random.default_rng(seed + 1000)
    queries = [[f"w{i}" for i in rng.integers(0, vocabulary, size=rng.integers(1, 6))] for _ in range(15)]
    return queries + [["w0", "w0"], ["w1", "unseen", "w1", "w0"], ["unseen"], []]


def expected_top(model: BM25Okapi, query: list[str], k: int = K) -> tuple[list[int], np.ndarray]:
    """rank-bm25's scores, and the top ``k`` of a stable sort by score descending."""
    scores = model.get_scores(query)
    order = np.lexsort((np.arange(len(scores)), -scores))[:k]
    return order.tolist(), scores


def assert_same(index: BM25Index, model: BM25Okapi, query: list[str]) -> None:
    ids, scores = expected_top(model, query)
    hits = index.top(query, K)
    assert [h.passage for h in hits] == ids, query
    assert np.allclose([h.score for h in hits], scores[ids], rtol=0, atol=TOLERANCE)
    assert np.allclose(index.get_scores(query), scores, rtol=0, atol=TOLERANCE)


CORPORA = [
    # seed, documents, vocabulary, max tokens per document
    pytest.param(0, 1, 2, 3, id="one-doc"),
    pytest.param(1, 2, 2, 3, id="two-docs-two-words"),
    pytest.param(2, 3, 3, 4, id="three-docs-three-words"),
    pytest.param(4, 40, 12, 8, id="small"),
    pytest.param(5, 300, 80, 30, id="medium"),
    # Dense enough that every query term touches most documents: the scan path of top.
    pytest.param(6, 2 * DENSE_FRACTION, 6, 12, id="dense"),
    pytest.param(7, 2000, 400, 40, id="large"),
    # Short documents over a wide vocabulary: queries touch few postings, the sorted-union path.
    pytest.param(8, 4000, 4000, 6, id="sparse"),
]
# Terms in more than half the documents have a negative idf, raised to epsilon times the
# mean idf, which is itself negative when most terms are that common.
TINY = [
    pytest.param([["a"], ["a"], ["a", "b"]], id="floor-positive-mean"),
    pytest.param([["a", "b"], ["a", "b"], ["a"]], id="floor-negative-mean"),
    pytest.param([["a", "a", "b"], ["b", "a"]], id="all-negative"),
    pytest.param([["a"]], id="one-doc-one-word"),
    pytest.param([["a", "b"], [], ["b", "b", "c"]], id="empty-doc"),
]
PARAMETERS = [
    pytest.param(BM25Parameters(), id="defaults"),
    pytest.param(BM25Parameters(k1=0.9, b=0.4, epsilon=0.1), id="tuned"),
]


def okapi(corpus: list[list[str]], parameters: BM25Parameters) -> BM25Okapi:
    return BM25Okapi(corpus, k1=parameters.k1, b=parameters.b, epsilon=parameters.epsilon)


@pytest.mark.parametrize("parameters", PARAMETERS)
@pytest.mark.parametrize("seed, documents, vocabulary, max_length", CORPORA)
def test_top_and_scores_equal_rank_bm25(seed, documents, vocabulary, max_length, parameters):
    corpus = random_corpus(seed, documents, vocabulary, max_length)
    if not any(corpus):
        corpus[0] = ["w0"]  # rank-bm25 divides by the average length
    index = BM25Index.build(corpus, parameters)
    model = okapi(corpus, parameters)
    for query in random_queries(seed, vocabulary):
        assert_same(index, model, query)


@pytest.mark.parametrize("parameters", PARAMETERS)
@pytest.mark.parametrize("corpus", TINY)
def test_tiny_corpora_with_negative_idf(corpus, parameters):
    index = BM25Index.build(corpus, parameters)
    model = okapi(corpus, parameters)
    for query in (["a"], ["b"], ["a", "b", "a"], ["c", "zzz"], ["b", "a"], []):
        assert_same(index, model, query)


def test_tiny_corpus_scores_can_be_negative():
    """The case the epsilon floor exists for is really exercised above."""
    corpus = [["a", "b"], ["a", "b"], ["a"]]
    assert BM25Okapi(corpus).get_scores(["a"]).max() < 0
    assert [h.score < 0 for h in BM25Index.build(corpus).top(["a"], 3)] == [True] * 3


@pytest.mark.parametrize("parameters", PARAMETERS)
@pytest.mark.parametrize("seed", [11, 12])
def test_round_trip_keeps_the_answers(tmp_path, seed, parameters):
    corpus = random_corpus(seed, 500, 60, 20)
    built = BM25Index.build(corpus, parameters)
    for name, array in built.arrays().items():
        np.save(tmp_path / f"{name}.npy", array, allow_pickle=False)
    arrays = {name: np.load(tmp_path / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in built.arrays()}
    loaded = BM25Index.from_arrays(list(built.vocabulary), arrays, parameters)
    model = okapi(corpus, parameters)
    for query in random_queries(seed, 60):
        assert_same(loaded, model, query)


def test_empty_documents_score_zero_and_rank_by_number():
    corpus = [[], ["a", "b"], [], ["b", "c", "c"], ["a"]]
    index = BM25Index.build(corpus)
    assert_same(index, okapi(corpus, BM25Parameters()), ["c"])
    assert [h.passage for h in index.top(["zzz"], 3)] == [0, 1, 2]


def test_top_k_larger_than_the_corpus_lists_every_passage():
    corpus = random_corpus(21, 5, 4, 5)
    hits = BM25Index.build(corpus).top(["w1", "w2"], 50)
    assert sorted(h.passage for h in hits) == list(range(5))


@pytest.mark.parametrize(
    "broken, message",
    [
        ({"postings": np.zeros(3, dtype=np.int64)}, "postings"),
        ({"offsets": np.zeros(2, dtype=np.int64)}, "vocabulary and offsets"),
        ({"frequencies": np.zeros(1, dtype=np.uint16)}, "span"),
    ],
)
def test_from_arrays_refuses_inconsistent_arrays(broken, message):
    built = BM25Index.build([["a", "b"], ["b", "c"]])
    with pytest.raises(ValueError, match=message):
        BM25Index.from_arrays(list(built.vocabulary), {**built.arrays(), **broken})


@pytest.mark.parametrize("seed", [31, 32])
def test_term_scores_are_the_passages_tokens_and_their_summands(seed):
    corpus = random_corpus(seed, 300, 50, 15)
    index = BM25Index.build(corpus)
    rng = np.random.default_rng(seed)
    passages = rng.integers(0, len(corpus), 40).tolist()
    terms = [f"w{i}" for i in rng.integers(0, 50, 8)] + ["unseen"]
    found = index.term_scores(passages, terms)
    assert [set(scores) for scores in found] == [set(corpus[p]) & set(terms) for p in passages]
    for p, scores in zip(passages, found):
        for term, score in scores.items():
            assert score == pytest.approx(index.get_scores([term])[p], abs=1e-12)


@pytest.mark.parametrize("seed", [33, 34])
def test_the_summands_of_a_frequency_matrix_are_each_terms_contributions_to_the_bit(seed):
    """One pass over a question's candidates (the answer path) gives each summand the
    very bits a term at a time gives, and none for a deleted passage."""
    corpus = random_corpus(seed, 300, 50, 15)
    rng = np.random.default_rng(seed)
    deleted = rng.random(len(corpus)) < 0.1
    index = BM25Index([Segment.build(corpus)], deleted=[deleted])
    passages = np.array(rng.integers(0, len(corpus), 40), dtype=np.int64)
    terms = sorted({f"w{i}" for i in rng.integers(0, 50, 8)})
    counts = index.frequency_matrix(terms + ["unseen"], passages)
    assert counts.tolist() == [index.frequencies_in(term, passages).tolist() for term in terms + ["unseen"]]
    found = index.summands(passages, terms, counts[: len(terms)])
    for term in terms:
        tf = index.frequencies_in(term, passages)
        held = np.flatnonzero(tf)
        expected = index._contributions(passages[held], tf[held], float(index.idf[index.vocabulary[term]]))
        for i, score in zip(held.tolist(), expected.tolist()):
            assert found[i].get(term) == (None if deleted[passages[i]] else score)
        assert all(term not in found[i] for i in np.flatnonzero(tf == 0).tolist())


# -- impacts kept between questions, and the k-th score bound ---------------------------


def mixed_queries(seed: int, vocabulary: int, count: int = 30) -> list[list[str]]:
    """One to three rare terms with one to four of the commonest, in random order, now
    and then with a term repeated."""
    rng = np.random.default_rng(seed + 2000)
    queries = []
    for _ in range(count):
        rare = [f"w{i}" for i in rng.integers(vocabulary // 4, vocabulary, size=rng.integers(1, 4))]
        common = [f"w{i}" for i in rng.integers(0, 6, size=rng.integers(1, 5))]
        query = [str(term) for term in rng.permutation(rare + common)]
        queries.append(query + query[:1] if rng.random() < 0.2 else query)
    return queries


@pytest.mark.parametrize("parameters", PARAMETERS)
@pytest.mark.parametrize("seed, documents, vocabulary, max_length", [(41, 3000, 1500, 25), (42, 500, 300, 12)])
def test_top_is_rank_bm25_to_the_last_bit_with_impacts_computed_or_kept(seed, documents, vocabulary, max_length, parameters):
    """The first question computes a term's impacts, later ones reuse them: either way
    the scores are rank-bm25's, bit for bit, for every k the callers use."""
    corpus = random_corpus(seed, documents, vocabulary, max_length)
    index = BM25Index.build(corpus, parameters)
    model = okapi(corpus, parameters)
    for query in mixed_queries(seed, vocabulary):
        for k in (1, 3, 10, 30):
            ids, scores = expected_top(model, query, k)
            hits = index.top(query, k)
            assert [h.passage for h in hits] == ids, (query, k)
            assert [h.score for h in hits] == scores[ids].tolist(), (query, k)


def test_ties_at_the_kth_score_keep_passage_order():
    """Hundreds of identical passages tie: the top k are the first k of them."""
    rng = np.random.default_rng(51)
    corpus = [["rare", "common", "other"] for _ in range(300)]
    corpus += [["common", "filler", f"x{rng.integers(0, 50)}"] for _ in range(3000)]
    corpus += [["rare", "common"] + ["filler"] * 30]
    corpus = [corpus[i] for i in rng.permutation(len(corpus))]
    index = BM25Index.build(corpus)
    model = okapi(corpus, BM25Parameters())
    for query in (["rare", "common"], ["common", "rare", "filler"], ["filler", "rare", "common", "rare"]):
        for k in (1, 10, 299, 300, 301):
            ids, scores = expected_top(model, query, k)
            hits = index.top(query, k)
            assert [h.passage for h in hits] == ids, (query, k)
            assert [h.score for h in hits] == scores[ids].tolist()


def test_a_term_rarer_than_k_still_bounds_the_scan():
    """A name in three passages beside a term in most: the bound on the k-th score
    comes from the common term's postings (the rare one's name fewer than k passages),
    so the scan keeps only passages that can make the top k, and the answer is the same."""
    rng = np.random.default_rng(61)
    # More passages than PROBE_POSTINGS, so the common term's postings are not probed.
    corpus = [["common"] + [f"x{i}" for i in rng.integers(0, 30, size=rng.integers(0, 12))] for _ in range(6000)]
    for passage in (5, 700, 3000):
        corpus[passage].append("name")
    index = BM25Index.build(corpus)
    model = okapi(corpus, BM25Parameters())
    query = ["name", "common"]
    assert len(corpus) > PROBE_POSTINGS
    ids, scores = expected_top(model, query, K)
    assert [h.passage for h in index.top(query, K)] == ids
    touched = index._accumulate(query)  # white box: the bound the scan uses is not 0
    assert index._kth_lower_bound(touched, K) > 0
    index._buffer.fill(0.0)


def test_a_term_of_idf_zero_is_no_trouble():
    """A term in exactly half the passages weighs 0."""
    corpus = [["a", "b"], ["a", "c"], ["b", "c"], ["d"]]
    assert BM25Okapi(corpus).idf["a"] == 0.0
    index = BM25Index.build(corpus)
    for query in (["a"], ["a", "d"], ["d", "a", "a"], ["a", "b", "c"]):
        assert_same(index, okapi(corpus, BM25Parameters()), query)


@pytest.mark.parametrize("engine", ["numpy"], indirect=True)  # the compiled path keeps no impacts
def test_kept_impacts_cannot_be_changed_by_a_caller(monkeypatch):
    monkeypatch.setattr(index_module, "IMPACT_MIN_POSTINGS", 1)
    index = BM25Index.build([["a", "b"], ["b", "c"], ["c"]])
    index.top(["b"], 2)
    _, impacts = index._term_impacts("b")
    with pytest.raises(ValueError):
        impacts += 1.0


@pytest.mark.parametrize("engine", ["numpy"], indirect=True)  # the compiled path keeps no impacts
def test_impacts_are_kept_for_common_terms_read_only(monkeypatch):
    monkeypatch.setattr(index_module, "IMPACT_MIN_POSTINGS", 50)
    corpus = random_corpus(71, 200, 40, 10)
    index = BM25Index.build(corpus)
    common = [t for t in ("w1", "w3") if index.document_frequency(t) >= 50]
    assert common, "the random corpus has common terms"
    assert index.kept_bytes == 0
    index.top(["w1", "w3", "w1", "unseen", "w39"], 5)
    assert index.kept_bytes == 8 * sum(index.document_frequency(t) for t in common)


def test_kept_impacts_stay_within_their_budget_and_scores_stay_exact(monkeypatch):
    monkeypatch.setattr(index_module, "IMPACT_MIN_POSTINGS", 1)
    corpus = random_corpus(72, 300, 30, 12)
    index = BM25Index.build(corpus)
    budget = 8 * max(index.document_frequency(t) for t in ("w0", "w1", "w2"))
    monkeypatch.setattr(index_module, "IMPACT_BUDGET_BYTES", budget)
    reference = BM25Okapi(corpus)
    for query in (["w0", "w1"], ["w2", "w0"], ["w1", "w2", "w5"]):
        hits = index.top(query, 10)
        assert index.kept_bytes <= budget
        expected = reference.get_scores(query)
        for hit in hits:
            assert hit.score == pytest.approx(expected[hit.passage], abs=1e-9)


# -- segments and deletions --------------------------------------------------------------


def segmented(corpus: list[list[str]], splits: list[int], deleted: set[int], parameters: BM25Parameters) -> BM25Index:
    """``corpus`` indexed as one segment per piece between ``splits``, the passages
    numbered in ``deleted`` marked deleted."""
    bounds = [0, *splits, len(corpus)]
    segments, masks = [], []
    for start, end in zip(bounds, bounds[1:]):
        segments.append(Segment.build(corpus[start:end]))
        mask = np.zeros(end - start, dtype=bool)
        mask[[p - start for p in deleted if start <= p < end]] = True
        masks.append(mask)
    return BM25Index(segments, parameters, masks)


def assert_same_live(index: BM25Index, corpus: list[list[str]], deleted: set[int], parameters: BM25Parameters, queries) -> None:
    """``index`` answers as rank-bm25 over the live passages, renumbered back: scores to
    1e-9, the top k in the order of a stable sort, for several k."""
    live = [p for p in range(len(corpus)) if p not in deleted]
    model = okapi([corpus[p] for p in live], parameters)
    for query in queries:
        for k in (1, 3, K, 50):
            ids, scores = expected_top(model, query, k)
            hits = index.top(query, k)
            assert [h.passage for h in hits] == [live[i] for i in ids], (query, k)
            assert np.allclose([h.score for h in hits], scores[ids], rtol=0, atol=TOLERANCE)
        assert np.allclose(index.get_scores(query)[live], model.get_scores(query), rtol=0, atol=TOLERANCE)
        assert not index.get_scores(query)[sorted(deleted)].any()


def every_passage_of(corpus: list[list[str]], term: str) -> set[int]:
    return {p for p, tokens in enumerate(corpus) if term in tokens}


SEGMENT_CASES = [
    # seed, documents, vocabulary, max length, splits, deleted passages (a function of the corpus)
    pytest.param(81, 300, 60, 15, [100, 200], lambda c: set(), id="three-segments-none-deleted"),
    pytest.param(82, 300, 60, 15, [150], lambda c: {0, 5, 160, 299}, id="two-segments-few-deleted"),
    pytest.param(83, 300, 80, 15, [120, 121, 250], lambda c: every_passage_of(c, "w40") | every_passage_of(c, "w41"), id="every-passage-of-terms"),
    pytest.param(84, 300, 60, 15, [100, 200], lambda c: set(range(100, 200)), id="a-whole-segment"),
    pytest.param(85, 300, 60, 15, [0, 100, 100, 300], lambda c: {3, 150}, id="empty-segments"),
    pytest.param(86, 2 * DENSE_FRACTION, 6, 12, [40, 90], lambda c: set(range(0, 128, 3)), id="dense"),
    pytest.param(87, 3000, 1500, 25, [1000, 2900], lambda c: set(range(0, 3000, 7)), id="large"),
    pytest.param(88, 40, 8, 6, [10, 30], lambda c: set(range(0, 40, 2)), id="negative-idf"),
]


def live_corpus(
    seed: int, documents: int, vocabulary: int, max_length: int, deletion: Callable[[list[list[str]]], set[int]]
) -> tuple[list[list[str]], set[int]]:
    """A random corpus and the passages ``deletion`` deletes from it, one passage with
    words kept live: rank-bm25 divides by the average length of what is left."""
    corpus = random_corpus(seed, documents, vocabulary, max_length)
    deleted = deletion(corpus)
    if not any(corpus[p] for p in range(len(corpus)) if p not in deleted):
        corpus[-1] = ["w0"]
        deleted.discard(len(corpus) - 1)
    return corpus, deleted


def segment_queries(seed: int, vocabulary: int) -> list[list[str]]:
    return random_queries(seed, vocabulary) + mixed_queries(seed, vocabulary, 10) + [["w40"], ["w41", "w1"]]


@pytest.mark.parametrize("parameters", PARAMETERS)
@pytest.mark.parametrize("seed, documents, vocabulary, max_length, splits, deletion", SEGMENT_CASES)
def test_segments_with_deletions_score_as_rank_bm25_over_the_live_passages(
    seed, documents, vocabulary, max_length, splits, deletion, parameters
):
    corpus, deleted = live_corpus(seed, documents, vocabulary, max_length, deletion)
    index = segmented(corpus, splits, deleted, parameters)
    assert index.size == len(corpus) - len(deleted)
    assert_same_live(index, corpus, deleted, parameters, segment_queries(seed, vocabulary))
    # A term only deleted passages held is gone from the live corpus.
    for term in {t for p in deleted for t in corpus[p]}:
        in_live = any(term in corpus[p] for p in range(len(corpus)) if p not in deleted)
        assert (term in index.vocabulary) == in_live
        assert index.document_frequency(term) == sum(term in corpus[p] for p in range(len(corpus)) if p not in deleted)


@pytest.mark.parametrize("parameters", PARAMETERS)
@pytest.mark.parametrize("seed, documents, vocabulary, max_length, splits, deletion", SEGMENT_CASES)
def test_merged_segments_score_as_rank_bm25_over_the_live_passages(seed, documents, vocabulary, max_length, splits, deletion, parameters):
    """Merging drops the deleted passages and renumbers the rest in order: the same
    answers, and the same vocabulary, as the segments it merged."""
    corpus, deleted = live_corpus(seed, documents, vocabulary, max_length, deletion)
    before = segmented(corpus, splits, deleted, parameters)
    keep = [~before.deleted[a:b] if before.deleted is not None else None for a, b in zip(before.bases, before.bases[1:])]
    merged = BM25Index([merge(list(zip(before.segments, keep)))], parameters)
    live = [corpus[p] for p in range(len(corpus)) if p not in deleted]
    assert merged.size == merged.slots == len(live)
    assert set(merged.vocabulary) == set(before.vocabulary)
    assert_same_live(merged, live, set(), parameters, segment_queries(seed, vocabulary))
