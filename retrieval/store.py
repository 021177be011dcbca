"""Opening a corpus as a searchable Library, through a persisted index cache.

The index is built once and saved under the index directory, in a subdirectory named
after the corpus path and a key: the corpus content (:func:`retrieval.corpus.fingerprint`,
every file's name and bytes), the analyzer's version and the BM25 parameters. The next
start with the same key loads it instead of re-reading the articles; any added, changed
or removed file changes the key, so the index is rebuilt (and the stale one pruned).

The cache holds plain data only: ``.npy`` arrays (memory-mapped, read with
``allow_pickle=False``; the passages are one of them, a UTF-8 blob with its offsets) and
JSON. Nothing in it is executed on loading. It is written to a temporary directory and renamed into place, and a manifest
written last records every file's size and SHA-256, checked on every load: a cache
that a crash, a full disk or a stray edit has damaged is reported in one warning and
rebuilt, never trusted. Checksums only say the files are those the manifest names, so
every number that indexes something (postings, offsets, lengths, passage offsets) is
also checked to be in range, vectorised: a cache altered together with its manifest is
rebuilt too, rather than failing questions with an IndexError.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs
from tqdm import tqdm

from retrieval.analysis import Analyzer
from retrieval.corpus import Skipped, fingerprint, load_corpus, warn_skipped
from retrieval.index import BM25Index, BM25Parameters
from retrieval.library import DocumentColumns, Library, Passages, PassageTexts

logger = logging.getLogger(__name__)

# Bump when the files written here, or what reading the corpus puts in them, change
# meaning: it is part of the key. 2: paragraph numbers stored (a long paragraph is
# several passages); article text without control characters.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
VOCABULARY = "vocabulary.json"
DOCUMENTS = "documents.json"
TEXTS = "texts.npy"
TEXT_OFFSETS = "text_offsets.npy"
NUMBERS = "numbers.npy"
INDEX_ARRAYS = ("offsets", "postings", "frequencies", "lengths")
FILES = (VOCABULARY, DOCUMENTS, TEXTS, TEXT_OFFSETS, NUMBERS, *(f"{name}.npy" for name in INDEX_ARRAYS))
# Checksums are read in pieces this big, so verifying never holds a whole file.
HASH_CHUNK = 8 << 20
# A build shorter than this shows no progress bar.
PROGRESS_DELAY_SECONDS = 1.0


class CacheDamaged(Exception):
    """A cache directory that cannot be trusted; the message says why."""


@dataclass(frozen=True)
class CacheKey:
    """What a cached index depends on, and the directory it lives in."""

    corpus: Path  # resolved: the same corpus reached by two paths is one corpus
    fingerprint: str
    analyzer: str
    parameters: BM25Parameters

    @property
    def digest(self) -> str:
        """Everything the index content depends on (not the corpus path)."""
        content = {
            "format": FORMAT_VERSION,
            "fingerprint": self.fingerprint,
            "analyzer": self.analyzer,
            "parameters": asdict(self.parameters),
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()

    @property
    def corpus_prefix(self) -> str:
        """The part of the directory name shared by every cache of this corpus path."""
        # os.fsencode: a path that is not UTF-8 has bytes no str.encode takes back.
        return hashlib.sha256(os.fsencode(self.corpus)).hexdigest()[:16] + "-"

    @property
    def name(self) -> str:
        return self.corpus_prefix + self.digest[:32]


def default_index_dir() -> Path:
    """The user cache directory, where indexes live unless told otherwise."""
    return Path(platformdirs.user_cache_dir("tanya"))


def open_library(
    corpus_dir: Path | str,
    index_dir: Path | str | None = None,
    progress: bool = False,
    *,
    analyzer: Analyzer | None = None,
    parameters: BM25Parameters = BM25Parameters(),
) -> Library:
    """The Library for ``corpus_dir``: loaded from the index cache when the corpus,
    analyzer and parameters are those it was built from, else built and cached.
    Raises CorpusError when the corpus is unusable; cache trouble only costs a rebuild."""
    corpus_dir = Path(corpus_dir)
    analyzer = analyzer or Analyzer()
    root = Path(index_dir) if index_dir is not None else default_index_dir()
    key = CacheKey(corpus_dir.resolve(), fingerprint(corpus_dir), analyzer.version, parameters)
    cache = root / key.name
    if cache.exists():
        try:
            library = load_library(cache, key, analyzer)
        except CacheDamaged as damage:
            logger.warning("index cache at %s is damaged (%s); rebuilding", cache, damage)
        else:
            logger.info("loaded the index of %s from %s", corpus_dir, cache)
            return library
    library, skipped = build_library(corpus_dir, analyzer, parameters, progress)
    if fingerprint(corpus_dir) != key.fingerprint:
        # Files changed while they were read: what was built may mix old and new, so it
        # answers this once but is not cached under either version's key.
        logger.warning("corpus %s changed while it was indexed; not caching this index", corpus_dir)
        return library
    try:
        save_library(library, key, root, skipped)
    except OSError as error:
        logger.warning("cannot write the index cache at %s (%s); answering without it", cache, error)
    else:
        prune(root, key)
    return library


def build_library(
    corpus_dir: Path, analyzer: Analyzer, parameters: BM25Parameters, progress: bool
) -> tuple[Library, tuple[Skipped, ...]]:
    """Read and index the corpus, with a progress bar on an interactive stderr; the
    library and the files left out of it."""
    corpus = load_corpus(corpus_dir)
    logger.info("indexing %s: %d paragraphs", corpus_dir, corpus.paragraph_count)
    with tqdm(
        total=corpus.paragraph_count,
        desc="indexing",
        unit=" paragraphs",
        file=sys.stderr,
        disable=not (progress and sys.stderr.isatty()),
        delay=PROGRESS_DELAY_SECONDS,
        leave=False,
    ) as bar:
        return Library.build(corpus.documents, analyzer, parameters, bar.update), corpus.skipped


# -- writing -------------------------------------------------------------------------


def save_library(library: Library, key: CacheKey, root: Path, skipped: Sequence[Skipped] = ()) -> Path:
    """Write ``library`` as the cache for ``key``, atomically: files go to a temporary
    directory, the manifest last, and the directory is renamed into place. ``skipped``
    are the corpus files that could not be read, to warn about again on loading."""
    root.mkdir(parents=True, exist_ok=True)
    target = root / key.name
    temporary = root / f".tmp-{key.name}.{os.getpid()}.{secrets.token_hex(4)}"
    temporary.mkdir()
    try:
        _write_files(library, temporary)
        manifest = {
            "format": FORMAT_VERSION,
            "key": key.digest,
            "corpus": str(key.corpus),
            "fingerprint": key.fingerprint,
            "analyzer": key.analyzer,
            "parameters": asdict(key.parameters),
            "passages": len(library.passages),
            "skipped": [[s.path, s.reason] for s in skipped],
            "files": {name: _describe(temporary / name) for name in FILES},
        }
        (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _publish(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return target


def _write_files(library: Library, directory: Path) -> None:
    passages = library.passages
    columns = passages.columns()
    texts = passages.texts if isinstance(passages.texts, PassageTexts) else PassageTexts.pack(passages.texts)
    _write_json(directory / VOCABULARY, list(library.index.vocabulary))
    _write_json(
        directory / DOCUMENTS,
        {
            "doc_ids": list(columns.doc_ids),
            "titles": list(columns.titles),
            "sources": list(columns.sources),
            "dates": list(columns.dates),
            "paragraphs": passages.counts().tolist(),
        },
    )
    np.save(directory / TEXTS, texts.blob, allow_pickle=False)
    np.save(directory / TEXT_OFFSETS, texts.offsets, allow_pickle=False)
    np.save(directory / NUMBERS, np.asarray(passages.numbers, dtype=np.int32), allow_pickle=False)
    for name, array in library.index.arrays().items():
        np.save(directory / f"{name}.npy", array, allow_pickle=False)


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def _describe(path: Path) -> dict[str, object]:
    return {"size": path.stat().st_size, "sha256": _sha256(path)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _publish(temporary: Path, target: Path) -> None:
    """Rename ``temporary`` to ``target``, moving a damaged or rival ``target`` aside
    first (a directory cannot be renamed over a non-empty one)."""
    if target.exists():
        old = target.with_name(f".old-{target.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            target.rename(old)
        except FileNotFoundError:
            pass  # another process moved it already
        else:
            shutil.rmtree(old, ignore_errors=True)
    try:
        temporary.rename(target)
    except OSError:
        # Another process published the same key between our two renames: its cache is
        # as good as ours.
        if not (target / MANIFEST).exists():
            raise
        shutil.rmtree(temporary, ignore_errors=True)


def prune(root: Path, key: CacheKey) -> None:
    """Remove this corpus path's caches for other keys (an older version of the corpus,
    analyzer or parameters) and leftovers of builds whose process has died."""
    for entry in root.iterdir():
        name = entry.name
        stale = name.startswith(key.corpus_prefix) and name != key.name
        leftover = name.startswith((f".tmp-{key.corpus_prefix}", f".old-{key.corpus_prefix}"))
        if stale or (leftover and not _owner_alive(name)):
            shutil.rmtree(entry, ignore_errors=True)


def _owner_alive(name: str) -> bool:
    """Whether the process that named a temporary directory ``.tmp-<key>.<pid>.<token>``
    still runs (it may still be writing there, this process included)."""
    try:
        os.kill(int(name.split(".")[2]), 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        pass  # alive, someone else's
    return True


# -- reading -------------------------------------------------------------------------


def load_library(directory: Path, key: CacheKey, analyzer: Analyzer) -> Library:
    """The cached Library in ``directory``; CacheDamaged when any file is missing,
    altered, or does not fit the others."""
    try:
        manifest = _read_manifest(directory, key)
        _verify(directory, manifest["files"])
        index_arrays = {name: _load_array(directory / f"{name}.npy") for name in INDEX_ARRAYS}
        terms = _read_json(directory / VOCABULARY)
        documents = _read_json(directory / DOCUMENTS)
        texts = PassageTexts(_load_array(directory / TEXTS), _load_array(directory / TEXT_OFFSETS))
        passages = _passages(documents, texts, _load_array(directory / NUMBERS))
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ValueError("the vocabulary is not a list of terms")
        index = BM25Index.from_arrays(terms, index_arrays, key.parameters)
        if index.size != len(passages) or manifest.get("passages") != len(passages):
            raise ValueError("the index and the passages disagree in size")
        _check_ranges(index_arrays, len(passages))
    except CacheDamaged:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        # json.JSONDecodeError and UnicodeDecodeError are ValueErrors too.
        raise CacheDamaged(f"{type(error).__name__}: {error}") from None
    # The warnings reading the corpus gave when the index was built, given again: the
    # unreadable files are still there, or the key would have changed.
    warn_skipped(Skipped(path, reason) for path, reason in manifest["skipped"])
    return Library(passages, index, analyzer, origin="loaded")


def _check_ranges(arrays: Mapping[str, np.ndarray], passages: int) -> None:
    """ValueError unless every posting names one of the ``passages`` and every length is
    a length: out of range, they would fail questions with IndexError (or, negative,
    quietly score the wrong passage). ``BM25Index.from_arrays`` has checked the offsets
    already (from 0 to the number of postings, never backwards). One vectorised pass
    over each array: tens of milliseconds at a million paragraphs."""
    postings = arrays["postings"]
    if len(postings) and (int(postings.min()) < 0 or int(postings.max()) >= passages):
        raise ValueError("a posting names no passage")
    lengths = arrays["lengths"]
    if len(lengths) and int(lengths.min()) < 0:
        raise ValueError("a passage length is negative")


def _read_manifest(directory: Path, key: CacheKey) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.exists():
        raise CacheDamaged("no manifest")
    manifest = _read_json(path)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise CacheDamaged("unknown format")
    if manifest.get("key") != key.digest:
        raise CacheDamaged("built for another corpus, analyzer or parameters")
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(FILES):
        raise CacheDamaged("the manifest does not list the expected files")
    skipped = manifest.get("skipped")
    if not isinstance(skipped, list) or not all(
        isinstance(s, list) and len(s) == 2 and all(isinstance(part, str) for part in s) for s in skipped
    ):
        raise CacheDamaged("the manifest's list of skipped files is malformed")
    return manifest


def _verify(directory: Path, files: Mapping[str, Mapping[str, object]]) -> None:
    """Every file as the manifest describes it: size first (cheap), then checksum."""
    for name, expected in files.items():
        path = directory / name
        if not path.is_file():
            raise CacheDamaged(f"{name} is missing")
        if path.stat().st_size != expected.get("size"):
            raise CacheDamaged(f"{name} has the wrong size")
    for name, expected in files.items():
        if _sha256(directory / name) != expected.get("sha256"):
            raise CacheDamaged(f"{name} fails its checksum")


def _load_array(path: Path) -> np.ndarray:
    """A memory-mapped array; never an object array (allow_pickle=False refuses them)."""
    array = np.load(path, mmap_mode="r", allow_pickle=False)
    if array.dtype.hasobject:
        raise ValueError(f"{path.name} holds objects")
    return array


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _passages(documents: Any, texts: PassageTexts, numbers: np.ndarray) -> Passages:
    """Passages from the stored document columns, texts and paragraph numbers;
    ValueError when malformed."""
    if not isinstance(documents, dict):
        raise ValueError("documents.json is not an object")
    columns = DocumentColumns(
        doc_ids=_column(documents, "doc_ids", str),
        titles=_column(documents, "titles", str),
        sources=_column(documents, "sources", (str, type(None))),
        dates=_column(documents, "dates", (str, type(None))),
    )
    counts = np.asarray(_column(documents, "paragraphs", int), dtype=np.int64)
    if texts.blob.dtype != np.uint8 or texts.offsets.dtype != np.int64:
        raise ValueError("the text arrays have the wrong types")
    if texts.blob.ndim != 1 or texts.offsets.ndim != 1:
        raise ValueError("the text arrays are not flat")
    if len(texts.offsets) < 1 or texts.offsets[0] != 0 or texts.offsets[-1] != len(texts.blob):
        raise ValueError("the text offsets do not span the text blob")
    if (np.diff(texts.offsets) < 0).any():  # with both ends right: every offset in the blob
        raise ValueError("the text offsets go backwards")
    if len(set(map(len, (columns.doc_ids, columns.titles, columns.sources, columns.dates)))) != 1:
        raise ValueError("the document columns differ in length")
    return Passages.from_store(columns, counts, texts, numbers)


def _column(documents: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> list[Any]:
    values = documents[name]
    if not isinstance(values, list) or not all(isinstance(v, kind) for v in values):
        raise ValueError(f"documents.json: {name} is malformed")
    return values
