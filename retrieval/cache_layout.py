"""What the index cache holds, by name: the format version, the files of a segment and
of a generation, the key a cache is filed under, and the records of a generation.
Written and read by :mod:`retrieval.cache_files`; see :mod:`retrieval.store` for how
an index is kept up to date with its corpus."""


from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import platformdirs

from retrieval.index import BM25Parameters
from retrieval.library import Passages
from retrieval.segments import INDEX_ARRAYS, Segment

# Bump when the files written here, or what reading the corpus puts in them, change
# meaning: it is part of the key. 2: paragraph numbers stored (a long paragraph is
# several passages); article text without control characters. 3: documents.json has
# "urls". 4: segments and generations with file records. 5: documents.json has
# "wordings" (retrieval.wording), so adding an article finds duplicates from the index.
# 6: manifests record each file's modification time (a start hashes no unchanged file);
# file records as columns (records.npy, hashes.npy); terms.json and term_rows.npy (terms
# looked up by bisection, not hashed into a dict at every start). 7: the document
# columns, the sorted terms and the records' paths packed as UTF-8 arrays
# (retrieval.packed), not JSON: a start decodes no document until it is read. 8: a
# seventh document column, each headline's terms as indexed (library.packed_heading):
# the re-ranker reads them instead of analysing the headline of every candidate. 9:
# flags.npy, per passage whether it is a photo caption and whether it continues the one
# before it (retrieval.passage_flags): read instead of searching every candidate's text.
# 10: peak_*.npy, each long term's undominated (tf, passage length) postings
# (segments.Peaks): MaxScore's bound without reading the term's whole list at a question.
FORMAT_VERSION = 10
MANIFEST = "manifest.json"
VOCABULARY = "vocabulary.json"
# The documents: their seven text columns end to end (doc_ids, titles, sources, dates,
# urls, wordings, headings: packed.pack_texts), where each value starts, which are
# None, and each document's paragraph count.
DOCUMENT_TEXT = "document_text.npy"
DOCUMENT_OFFSETS = "document_offsets.npy"
DOCUMENT_MISSING = "document_missing.npy"
PARAGRAPHS = "paragraphs.npy"
DOCUMENT_FILES = (DOCUMENT_TEXT, DOCUMENT_OFFSETS, DOCUMENT_MISSING, PARAGRAPHS)
COLUMN_NAMES = ("doc_ids", "titles", "sources", "dates", "urls", "wordings", "headings")
# The columns a document always has a value in (the others may hold None).
REQUIRED_COLUMNS = ("doc_ids", "titles", "wordings", "headings")
TEXTS = "texts.npy"
TEXT_OFFSETS = "text_offsets.npy"
NUMBERS = "numbers.npy"
FLAGS = "flags.npy"
# The vocabulary again, sorted (packed as lines), and each term's row: what a load reads
# (the rows' order above is what shards.segment_statistics reads).
TERMS = "terms.npy"
TERM_ROWS = "term_rows.npy"
SEGMENT_FILES = (VOCABULARY, TERMS, TERM_ROWS, *DOCUMENT_FILES, TEXTS, TEXT_OFFSETS, NUMBERS, FLAGS, *(f"{name}.npy" for name in INDEX_ARRAYS))
RECORDS = "records.json"
RECORD_PATHS = "record_paths.npy"
RECORD_NUMBERS = "records.npy"
HASHES = "hashes.npy"
DELETED = "deleted.json"
GENERATION_FILES = (RECORDS, RECORD_PATHS, RECORD_NUMBERS, HASHES, DELETED)
SEGMENT_PREFIX = "seg-"
GENERATION_PREFIX = "gen-"
GENERATION_NAME = re.compile(r"gen-(\d{12})")
LOCK = ".lock"
# A file modified this soon before its stat was taken may change again within the same
# tick of the file system's clock (2 s on FAT) and keep its time: it is hashed again.
# The cache's own files are dated twice this far back once written, so that any later
# change gives them another time (see ``cache_files._seal``).
RACY_NS = 2_000_000_000


class CacheDamaged(Exception):
    """A cache directory that cannot be trusted; the message says why."""


@dataclass(frozen=True)
class CacheKey:
    """What a cached index depends on besides the corpus, and the directory it lives in."""

    corpus: Path  # resolved: the same corpus reached by two paths is one corpus
    analyzer: str
    parameters: BM25Parameters

    @property
    def digest(self) -> str:
        """Everything the index content depends on (not the corpus path)."""
        content = {"format": FORMAT_VERSION, "analyzer": self.analyzer, "parameters": asdict(self.parameters)}
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()

    @property
    def corpus_prefix(self) -> str:
        """The part of the directory name shared by every cache of this corpus path."""
        # os.fsencode: a path that is not UTF-8 has bytes no str.encode takes back.
        return hashlib.sha256(os.fsencode(self.corpus)).hexdigest()[:16] + "-"

    @property
    def name(self) -> str:
        return self.corpus_prefix + self.digest[:32]


class FileRecord(NamedTuple):
    """What the index knows of one article file just read: its stat and content, and
    the document holding it (``segment`` None: skipped, for ``reason``). A generation
    keeps them as columns (Records); a build makes one a file, and a tuple is made 3
    times faster than a dataclass."""

    path: str  # relative to the corpus, with forward slashes
    size: int
    mtime_ns: int
    sha256: str
    segment: str | None = None
    document: int = -1
    reason: str | None = None

    @property
    def indexed(self) -> bool:
        return self.segment is not None


# The columns of Records.numbers.
SIZE, MTIME, SEGMENT, DOCUMENT = range(4)


@dataclass(frozen=True, eq=False)
class Records:
    """The file records of a generation, column by column: per article file (its path
    relative to the corpus, with forward slashes) the size and modification time when
    indexed, the SHA-256 of its bytes (corpus.content_digest), the segment (a position
    in the generation's list; -1: skipped) and document holding it, or why it was
    skipped. Columns, not a record a file: every start compares each file of the
    archive with them, and publishing a change writes them all again."""

    paths: tuple[str, ...]
    numbers: np.ndarray  # int64 (files, 4): SIZE, MTIME, SEGMENT, DOCUMENT
    hashes: np.ndarray  # uint8 (files, 32)
    reasons: Mapping[int, str]  # position -> why skipped; skipped files only

    def __len__(self) -> int:
        return len(self.paths)

    def digest(self, position: int) -> str:
        return bytes(self.hashes[position]).hex()

    def indexed(self, position: int) -> bool:
        return bool(self.numbers[position, SEGMENT] >= 0)

    def retrying(self) -> np.ndarray:
        """Per record, whether it was skipped for another file's doc_id: read again in
        case that one has gone."""
        retry = np.zeros(len(self.paths), dtype=bool)
        retry[[p for p, reason in self.reasons.items() if reason.startswith("same doc_id")]] = True
        return retry

    @classmethod
    def of(cls, records: Sequence[FileRecord], segments: Sequence[str]) -> Records:
        """Records from one record a file (a build's, an update's new files)."""
        place = {name: position for position, name in enumerate(segments)}
        numbers = np.array(
            [(r.size, r.mtime_ns, place[r.segment] if r.segment is not None else -1, r.document) for r in records], dtype=np.int64
        ).reshape(len(records), 4)
        hashes = np.frombuffer(bytes.fromhex("".join(r.sha256 for r in records)), dtype=np.uint8).reshape(len(records), 32)
        reasons = {i: r.reason for i, r in enumerate(records) if r.reason is not None}
        return cls(tuple(r.path for r in records), numbers, hashes, reasons)


@dataclass(frozen=True)
class Generation:
    """One published state of the index: the live segments in order, the documents
    deleted from each (positions), and the file records."""

    number: int
    segments: tuple[str, ...]
    deleted: Mapping[str, tuple[int, ...]]
    records: Records
    checked_ns: int  # when the records' stats were taken (before the listing)

    def deleted_count(self, segment: str) -> int:
        return len(self.deleted.get(segment, ()))


@dataclass(frozen=True, eq=False)
class StoredSegment:
    """A segment with its passages, as loaded (memory-mapped) or just built."""

    name: str
    segment: Segment
    passages: Passages



def default_index_dir() -> Path:
    """The user cache directory, where indexes live unless told otherwise."""
    return Path(platformdirs.user_cache_dir("tanya"))
