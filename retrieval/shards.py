"""A corpus split into shards of whole articles, scored with the whole corpus's statistics.

What a sharded index needs besides Ray (:mod:`retrieval.cluster` brings that): the
plan of which articles go to which shard, the per-shard statistics and their merge
into global ones, and the index a shard holds, whose every score is the one a single
index over the whole corpus gives its passage.

Shards are contiguous runs of the corpus listing, not hashed: then the shards'
passages, numbered end to end, are numbered exactly as one process numbers them, and
the merged vocabulary comes out in one process's first-seen order. Both matter for
identical answers: ties in score are broken by passage number, and BM25Okapi's
epsilon floor is a mean over the vocabulary in that order (floating-point sums depend
on it). A new article goes to the last shard, after every passage, as one process
appends it in a new segment.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.index import BM25Index, BM25Parameters, Hit, length_norms, okapi_idf
from retrieval.segments import Segment


class ShardUnavailable(Exception):
    """A shard did not answer (its actor stayed down): an answer now would be partial."""


@dataclass(frozen=True)
class SegmentStatistics:
    """What one segment adds to the global statistics: its terms in row order, each
    term's document frequency, its passages and their total length."""

    terms: tuple[str, ...]
    df: np.ndarray  # int64, by row
    passages: int
    total_length: int


@dataclass(frozen=True)
class GlobalStatistics:
    """BM25Okapi's statistics over every shard: the vocabulary in one process's order,
    document frequencies, N and the total length; idf derived exactly as one index does."""

    vocabulary: dict[str, int]
    df: np.ndarray  # int64
    size: int
    total_length: int
    parameters: BM25Parameters

    @property
    def average_length(self) -> float:
        return self.total_length / self.size if self.size else 0.0

    def idf(self) -> np.ndarray:
        return okapi_idf(self.df, self.size, self.parameters.epsilon)


def split_evenly(count: int, shards: int) -> list[range]:
    """``count`` items in ``shards`` contiguous runs whose sizes differ by at most one."""
    if shards < 1:
        raise ValueError("at least one shard")
    cuts = [count * i // shards for i in range(shards + 1)]
    return [range(cuts[i], cuts[i + 1]) for i in range(shards)]


def segment_statistics(directory: Path) -> SegmentStatistics:
    """A stored segment's statistics, read from its vocabulary, offsets and lengths only
    (the postings and texts stay on disk)."""
    terms = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
    offsets = np.load(directory / "offsets.npy", mmap_mode="r", allow_pickle=False)
    lengths = np.load(directory / "lengths.npy", mmap_mode="r", allow_pickle=False)
    return SegmentStatistics(tuple(terms), np.diff(offsets).astype(np.int64), len(lengths), int(lengths.sum(dtype=np.int64)))


def of_segment(segment: Segment) -> SegmentStatistics:
    return SegmentStatistics(tuple(segment.vocabulary), segment.document_frequencies(), segment.size, int(segment.lengths.sum(dtype=np.int64)))


def merge_statistics(parts: Sequence[SegmentStatistics], parameters: BM25Parameters) -> GlobalStatistics:
    """The statistics of ``parts`` in corpus order, as one index over them all computes
    them: new terms numbered in the order first seen, frequencies summed."""
    vocabulary: dict[str, int] = {}
    rows = [np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for t in p.terms), dtype=np.int64, count=len(p.terms)) for p in parts]
    df = np.zeros(len(vocabulary), dtype=np.int64)
    for part, row in zip(parts, rows):
        df[row] += part.df  # a segment names each term once
    return GlobalStatistics(vocabulary, df, sum(p.passages for p in parts), sum(p.total_length for p in parts), parameters)


def save_statistics(statistics: GlobalStatistics, directory: Path) -> None:
    """Plain JSON and .npy, like the segment store: nothing executed on loading."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "terms.json").write_text(json.dumps(list(statistics.vocabulary), ensure_ascii=False), encoding="utf-8")
    np.save(directory / "df.npy", statistics.df, allow_pickle=False)
    meta = {"size": statistics.size, "total_length": statistics.total_length, "k1": statistics.parameters.k1,
            "b": statistics.parameters.b, "epsilon": statistics.parameters.epsilon}
    (directory / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def load_statistics(directory: Path) -> GlobalStatistics:
    terms = json.loads((directory / "terms.json").read_text(encoding="utf-8"))
    df = np.load(directory / "df.npy", allow_pickle=False)
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    if len(terms) != len(df):
        raise ValueError("global statistics: terms and frequencies disagree")
    parameters = BM25Parameters(meta["k1"], meta["b"], meta["epsilon"])
    return GlobalStatistics(dict(zip(terms, range(len(terms)))), df, int(meta["size"]), int(meta["total_length"]), parameters)


class ShardIndex(BM25Index):
    """One shard's segments scored with the global statistics: its idf is the global
    idf of each of its terms, its length norms use the global average length. Every
    contribution is then computed from the same numbers, in the same order, as in one
    index over the whole corpus, so its scores are bit for bit those of that index."""

    def __init__(self, segments: Sequence[Segment], statistics: GlobalStatistics) -> None:
        super().__init__(segments, statistics.parameters)
        rows = np.fromiter((statistics.vocabulary[t] for t in self.vocabulary), dtype=np.int64, count=len(self.vocabulary))
        self.idf = statistics.idf()[rows] if len(rows) else np.empty(0)
        self.size = statistics.size
        self.average_length = statistics.average_length
        if self.average_length > 0:
            self.norms = length_norms(self.lengths, self.average_length, self.parameters)  # with the global average

    def unseen_idf(self) -> float:
        return float(np.log(self.size + 0.5) - np.log(0.5))


def merge_hits(per_shard: Sequence[Sequence[tuple[int, float]]], bases: Sequence[int], k: int) -> list[Hit]:
    """The ``k`` best of every shard's own best ``k`` (shard-local passage numbers,
    made global by each shard's base): score descending, then passage number, the
    order one index's ``top`` gives."""
    merged = [(base + passage, score) for hits, base in zip(per_shard, bases) for passage, score in hits]
    merged.sort(key=lambda hit: (-hit[1], hit[0]))
    return [Hit(passage, score) for passage, score in merged[:k]]
