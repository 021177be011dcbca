"""Merging an index's segments: the policy that picks them, and the merge, written
beside the live index and published by a rename and a new generation (a crash at any
point leaves the previous generation answering)."""


from __future__ import annotations

import logging
import math
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.analysis import Analyzer
from retrieval.cache_files import (
    damage_said,
    failing_checksums,
    latest_generation,
    load_segment,
    locked,
    mark_damaged,
    new_name,
    prune_home,
    publish_directory,
    read_generation,
    write_generation,
    write_segment,
)
from retrieval.cache_layout import COLUMN_NAMES, DOCUMENT, SEGMENT, SEGMENT_PREFIX, CacheKey, Generation, Records, StoredSegment
from retrieval.library import DocumentColumns, Passages
from retrieval.packed import TextColumn
from retrieval.segments import Segment, merge

logger = logging.getLogger(__name__)

# Merge policy: this many segments of one size tier (sizes within a factor of it) are
# merged into one; so is a segment with more than this share of its passages deleted.
MERGE_FACTOR = 4
MAX_DELETED_SHARE = 0.25


def merge_plan(stored: Sequence[StoredSegment], generation: Generation) -> list[int]:
    """Positions of the segments to merge into one, by the policy: every segment with
    more than MAX_DELETED_SHARE of its documents deleted, and when MERGE_FACTOR segments
    share a size tier (live passages within a factor of MERGE_FACTOR), those and every
    smaller one. Empty: nothing to merge."""
    chosen: set[int] = set()
    tiers: list[int] = []
    for position, segment in enumerate(stored):
        documents = len(segment.passages.documents)
        deleted = generation.deleted_count(segment.name)
        if documents and deleted > MAX_DELETED_SHARE * documents:
            chosen.add(position)
        live = max(documents - deleted, 1)
        tiers.append(int(math.log(live, MERGE_FACTOR)))
    for tier in sorted(set(tiers)):
        if tiers.count(tier) >= MERGE_FACTOR:
            chosen.update(p for p, t in enumerate(tiers) if t <= tier)
    return sorted(chosen)


def merge_segments(
    home: Path, key: CacheKey, analyzer: Analyzer, current: tuple[Generation, Sequence[StoredSegment]] | None = None
) -> bool:
    """Merge the segments the policy picks in the index at ``home`` into one, and publish
    it; False when there was nothing to merge, or the index changed meanwhile in those
    segments (merged next time). The merge is written beside the live index and
    published by a rename and a new generation: a crash at any point leaves the
    previous generation answering. ``current``: the generation to start from and its
    segments, when the caller has them loaded."""
    if current is not None:
        generation, stored = current[0], list(current[1])  # loaded and checked already
    else:
        number = latest_generation(home)
        if number is None:
            return False
        generation = read_generation(home, number, key)
        stored = [load_segment(home / name, key) for name in generation.segments]
    positions = merge_plan(stored, generation)
    if not positions:
        return False
    chosen = [stored[p] for p in positions]
    if _damaged(home, chosen):
        return False
    merged, remap = _merge_stored(chosen, generation)
    temporary = write_segment(home, key, merged) if merged is not None else None
    try:
        with locked(home):
            latest_number = latest_generation(home)
            latest = read_generation(home, latest_number, key) if latest_number is not None else None
            names = [s.name for s in chosen]
            if latest is None or any(n not in latest.segments or latest.deleted.get(n, ()) != generation.deleted.get(n, ()) for n in names):
                logger.info("the index changed while segments were merged; merging later")
                return False
            updated = _merged_generation(latest, names, merged.name if merged is not None else None, remap)
            if temporary is not None and merged is not None:
                publish_directory(temporary, home / merged.name)
                temporary = None
            write_generation(home, key, updated)
            prune_home(home, updated.number, keep_previous=True)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    logger.info("merged %d index segments in %s", len(chosen), home)
    return True


def _damaged(home: Path, chosen: Sequence[StoredSegment]) -> bool:
    """Whether a segment to merge has a file damaged on disk since it was written: a load
    takes a file of its recorded size and time on trust, and a merge would copy its
    damage into a new segment with sound checksums, where no check could find it again.
    Every file is hashed (the merge reads them all anyway); a damaged one is
    marked, so that the next load hashes it and rebuilds the index."""
    damaged: list[Path] = []
    for segment in chosen:
        try:
            damaged += failing_checksums(home / segment.name)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            logger.warning("cannot check index segment %s before merging it (%s): not merged", segment.name, error)
            return True
    if damaged:
        mark_damaged(damaged)
        logger.warning("%s: not merged; the next start rebuilds the index", damage_said(home, damaged))
    return bool(damaged)


def _merge_stored(
    chosen: Sequence[StoredSegment], generation: Generation
) -> tuple[StoredSegment | None, dict[str, np.ndarray]]:
    """The live passages of ``chosen`` as one new segment (None when none is live), and
    per merged segment, each old document position's new one (-1: deleted)."""
    parts: list[tuple[Segment, np.ndarray | None]] = []
    remap: dict[str, np.ndarray] = {}
    columns: dict[str, list[Any]] = {name: [] for name in COLUMN_NAMES}
    counts, numbers, flags, blobs, lengths = [], [], [], [], []
    base = 0
    for stored in chosen:
        passages = stored.passages
        documents = len(passages.documents)
        gone = np.zeros(documents, dtype=bool)
        gone[list(generation.deleted.get(stored.name, ()))] = True
        keep_documents = ~gone
        keep = keep_documents[passages.owners]
        parts.append((stored.segment, None if keep.all() else keep))
        remap[stored.name] = np.where(keep_documents, np.cumsum(keep_documents) - 1 + base, -1)
        base += int(keep_documents.sum())
        own = passages.columns()
        for name in columns:
            column = getattr(own, name)
            columns[name].extend(column[i] for i in np.flatnonzero(keep_documents).tolist())
        counts.append(passages.counts()[keep_documents])
        numbers.append(np.asarray(passages.numbers)[keep])
        flags.append(np.asarray(passages.flags)[keep])  # each article's own: whole articles are kept or left
        texts = passages.texts if isinstance(passages.texts, TextColumn) else TextColumn.pack(passages.texts)
        sizes = np.diff(texts.offsets)
        blobs.append(np.asarray(texts.blob)[np.repeat(keep, sizes)])
        lengths.append(sizes[keep])
    if base == 0:
        return None, remap
    sizes = np.concatenate(lengths)
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    texts = TextColumn(np.concatenate(blobs).astype(np.uint8), offsets)
    passages = Passages.from_store(
        DocumentColumns(**columns),
        np.concatenate(counts).astype(np.int64),
        texts,
        np.concatenate(numbers).astype(np.int32),
        np.concatenate(flags).astype(np.uint8),
    )
    return StoredSegment(new_name(SEGMENT_PREFIX), merge(parts), passages), remap


def _merged_generation(latest: Generation, names: Sequence[str], merged: str | None, remap: Mapping[str, np.ndarray]) -> Generation:
    """``latest`` with the segments ``names`` replaced by ``merged`` (where the first of
    them stood), the records moved to their documents' new places."""
    segments: list[str] = []
    for name in latest.segments:
        if name not in names:
            segments.append(name)
        elif name == names[0] and merged is not None:
            segments.append(merged)
    records = latest.records
    numbers = records.numbers.copy()
    hashes = records.hashes
    old_segments, documents = records.numbers[:, SEGMENT], records.numbers[:, DOCUMENT]
    # Each old segment's new position (a merged one: the merged segment's, or -1 when
    # none was written); the last entry is for records of skipped files (-1).
    new_place = {name: position for position, name in enumerate(segments)}
    standing = [merged if n in names else n for n in latest.segments]
    place = np.array([new_place[n] if n is not None else -1 for n in standing] + [-1], dtype=np.int64)
    numbers[:, SEGMENT] = place[old_segments]  # [-1] (skipped) stays -1
    for name in names:
        moved = old_segments == latest.segments.index(name)
        numbers[moved, DOCUMENT] = remap[name][documents[moved]]
    lost = (old_segments >= 0) & ((numbers[:, DOCUMENT] < 0) | (numbers[:, SEGMENT] < 0))
    if lost.any():
        # A record whose document was deleted (should none be): read its file again.
        numbers[lost] = (-1, -1, -1, -1)
        hashes = hashes.copy()
        hashes[lost] = 0
    deleted = {name: positions for name, positions in latest.deleted.items() if name not in names}
    return Generation(latest.number + 1, tuple(segments), deleted, Records(records.paths, numbers, hashes, records.reasons), latest.checked_ns)
