"""The index cache's files: written to a temporary directory, sealed with a manifest
(each file's size, SHA-256 and modification time) and renamed into place; read back
memory-mapped, never unpickled, each file held to its manifest and every number that
indexes something checked to be in range. See :mod:`retrieval.store`."""


from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import stat
import time
import tokenize
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.analysis import Analyzer
from retrieval.cache_layout import (
    COLUMN_NAMES,
    DELETED,
    DOCUMENT_FILES,
    DOCUMENT_MISSING,
    DOCUMENT_OFFSETS,
    DOCUMENT_TEXT,
    FLAGS,
    FORMAT_VERSION,
    GENERATION_FILES,
    GENERATION_NAME,
    GENERATION_PREFIX,
    HASHES,
    LOCK,
    MANIFEST,
    NUMBERS,
    PARAGRAPHS,
    RACY_NS,
    RECORDS,
    RECORD_NUMBERS,
    RECORD_PATHS,
    REQUIRED_COLUMNS,
    SEGMENT_FILES,
    SEGMENT_PREFIX,
    TERMS,
    TERM_ROWS,
    TEXTS,
    TEXT_OFFSETS,
    VOCABULARY,
    CacheDamaged,
    CacheKey,
    Generation,
    Records,
    StoredSegment,
    default_index_dir,
)
from retrieval.index import BM25Parameters
from retrieval.library import DocumentColumns, Passages
from retrieval.packed import TextColumn, pack_lines, pack_texts, text_columns, unpack_lines
from retrieval.segments import INDEX_ARRAYS, Segment


# Checksums are read in pieces this big, so verifying never holds a whole file; two
# threads hash (hashlib lets go of the GIL), one a core.
HASH_CHUNK = 8 << 20
HASH_THREADS = 2


def new_name(prefix: str) -> str:
    return f"{prefix}{time.time_ns():x}{secrets.token_hex(4)}"


def _temporary(home: Path, name: str) -> Path:
    # .tmp-<name>.<pid>.<token>: prune can tell a dead writer's leftovers from a live one's.
    path = home / f".tmp-{name}.{os.getpid()}.{secrets.token_hex(4)}"
    path.mkdir(parents=True)
    return path


def write_segment(home: Path, key: CacheKey, stored: StoredSegment) -> Path:
    """Write a segment's files and manifest to a temporary directory in ``home``; the
    caller renames it into place."""
    temporary = _temporary(home, stored.name)
    try:
        _write_segment_files(stored, temporary)
        manifest = {"format": FORMAT_VERSION, "key": key.digest, "passages": len(stored.passages), **_seal(temporary, SEGMENT_FILES)}
        (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return temporary


def _write_segment_files(stored: StoredSegment, directory: Path) -> None:
    passages = stored.passages
    columns = passages.columns()
    texts = passages.texts if isinstance(passages.texts, TextColumn) else TextColumn.pack(passages.texts)
    _write_json(directory / VOCABULARY, list(stored.segment.vocabulary))
    _write_terms(directory, *stored.segment.sorted_terms())
    _write_documents(directory, columns, passages.counts())
    np.save(directory / TEXTS, texts.blob, allow_pickle=False)
    np.save(directory / TEXT_OFFSETS, texts.offsets, allow_pickle=False)
    np.save(directory / NUMBERS, np.asarray(passages.numbers, dtype=np.int32), allow_pickle=False)
    np.save(directory / FLAGS, np.asarray(passages.flags, dtype=np.uint8), allow_pickle=False)
    for name, array in stored.segment.arrays().items():
        np.save(directory / f"{name}.npy", array, allow_pickle=False)


def _write_terms(directory: Path, terms: Sequence[str], rows: np.ndarray) -> None:
    """The sorted terms, packed as lines (a load splits them in C), and each one's row."""
    np.save(directory / TERMS, pack_lines(terms), allow_pickle=False)
    np.save(directory / TERM_ROWS, rows, allow_pickle=False)


def _write_documents(directory: Path, columns: DocumentColumns, paragraphs: np.ndarray) -> None:
    """The document columns, packed (read back by ``_document_columns``), and each
    document's paragraph count."""
    blob, offsets, missing = pack_texts([getattr(columns, name) for name in COLUMN_NAMES])
    np.save(directory / DOCUMENT_TEXT, blob, allow_pickle=False)
    np.save(directory / DOCUMENT_OFFSETS, offsets, allow_pickle=False)
    np.save(directory / DOCUMENT_MISSING, missing, allow_pickle=False)
    np.save(directory / PARAGRAPHS, np.asarray(paragraphs, dtype=np.int64), allow_pickle=False)


def write_generation(home: Path, key: CacheKey, generation: Generation) -> Path:
    """Write ``generation`` and rename it into place as ``gen-<number>``: from then on
    it is the index."""
    temporary = _temporary(home, f"gen{generation.number}")
    try:
        records = generation.records
        _write_json(
            temporary / RECORDS,
            {"checked_ns": generation.checked_ns, "files": len(records), "reasons": {str(p): r for p, r in records.reasons.items()}},
        )
        np.save(temporary / RECORD_PATHS, pack_lines(records.paths), allow_pickle=False)
        np.save(temporary / RECORD_NUMBERS, np.ascontiguousarray(records.numbers, dtype=np.int64), allow_pickle=False)
        np.save(temporary / HASHES, np.ascontiguousarray(records.hashes, dtype=np.uint8), allow_pickle=False)
        _write_json(temporary / DELETED, {name: list(positions) for name, positions in generation.deleted.items()})
        manifest = {
            "format": FORMAT_VERSION,
            "key": key.digest,
            "corpus": os.fsencode(key.corpus).decode("utf-8", "backslashreplace"),
            "segments": list(generation.segments),
            **_seal(temporary, GENERATION_FILES),
        }
        (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        target = home / f"{GENERATION_PREFIX}{generation.number:012d}"
        temporary.rename(target)  # fails if another process published this number: no harm
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return target


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def _seal(directory: Path, names: Sequence[str]) -> dict[str, object]:
    """What a manifest records of the files just written in ``directory``: when, and
    each file's size, SHA-256 and modification time, that time first set back by twice
    RACY_NS. Any later change to a file gives it a later time, whatever the tick of the
    file system's clock: so a load that finds a file's size and time as recorded takes
    its bytes as written, without reading hundreds of megabytes to hash them."""
    written = time.time_ns()
    settled = written - 2 * RACY_NS
    for name in names:
        os.utime(directory / name, ns=(settled, settled))
    return {"written_ns": written, "files": {name: describe(directory / name) for name in names}}


def describe(path: Path) -> dict[str, object]:
    info = path.stat()
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "sha256": _sha256(path)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def publish_directory(temporary: Path, target: Path) -> None:
    """Rename ``temporary`` to ``target`` (a fresh name: nothing is replaced)."""
    temporary.rename(target)


@contextlib.contextmanager
def locked(home: Path) -> Iterator[None]:
    """Exclusive use of ``home`` for writing, between processes (and threads: each takes
    its own open file): two updates never index the same new file twice or publish over
    each other. Readers never wait on it."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: renames stay atomic; two writers may repeat work
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def prune_home(home: Path, current: int, keep_previous: bool) -> None:
    """Remove generations before ``current`` (but the one before it when
    ``keep_previous``: a reader may be opening it), segments no kept generation names,
    and leftovers of writers whose process has died. Called with the lock held."""
    keep_from = current - 1 if keep_previous else current
    kept_segments: set[str] = set()
    for entry in home.iterdir():
        match = GENERATION_NAME.fullmatch(entry.name)
        if match and int(match.group(1)) >= keep_from:
            with contextlib.suppress(OSError, ValueError):
                kept_segments.update(json.loads((entry / MANIFEST).read_text(encoding="utf-8"))["segments"])
    for entry in home.iterdir():
        name = entry.name
        match = GENERATION_NAME.fullmatch(name)
        stale = (match and int(match.group(1)) < keep_from) or (name.startswith(SEGMENT_PREFIX) and name not in kept_segments)
        leftover = name.startswith((".tmp-", ".old-")) and not _owner_alive(name)
        if stale or leftover:
            shutil.rmtree(entry, ignore_errors=True)


def prune(root: Path, key: CacheKey) -> None:
    """Remove this corpus path's caches for other keys (an older version of the corpus
    format, analyzer or parameters) and leftovers of writers whose process has died."""
    for entry in root.iterdir():
        name = entry.name
        stale = name.startswith(key.corpus_prefix) and name != key.name
        leftover = name.startswith((f".tmp-{key.corpus_prefix}", f".old-{key.corpus_prefix}"))
        if stale or (leftover and not _owner_alive(name)):
            shutil.rmtree(entry, ignore_errors=True)


def _owner_alive(name: str) -> bool:
    """Whether the process that named a temporary directory ``.tmp-<name>.<pid>.<token>``
    still runs (it may still be writing there, this process included)."""
    try:
        os.kill(int(name.split(".")[2]), 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        pass  # alive, someone else's
    return True


# -- reading -------------------------------------------------------------------------


def latest_generation(home: Path) -> int | None:
    try:
        numbers = [int(m.group(1)) for e in os.scandir(home) if (m := GENERATION_NAME.fullmatch(e.name))]
    except OSError:
        return None
    return max(numbers, default=None)


def read_generation(home: Path, number: int, key: CacheKey) -> Generation:
    """Generation ``number`` of the index at ``home``; CacheDamaged when any of its files
    is missing, altered or malformed."""
    directory = home / f"{GENERATION_PREFIX}{number:012d}"
    try:
        manifest = _read_manifest(directory, key, GENERATION_FILES)
        _verify(directory, manifest)
        segments = manifest["segments"]
        if not isinstance(segments, list) or not all(isinstance(s, str) and s.startswith(SEGMENT_PREFIX) and "/" not in s for s in segments):
            raise ValueError("the segment list is malformed")
        stored_records = _read_json(directory / RECORDS)
        records = _records(
            stored_records, _load_array(directory / RECORD_PATHS), _load_array(directory / RECORD_NUMBERS), _load_array(directory / HASHES)
        )
        deleted = _read_json(directory / DELETED)
        if not isinstance(deleted, dict) or not all(
            name in segments and isinstance(p, list) and all(type(i) is int and i >= 0 for i in p) for name, p in deleted.items()
        ):
            raise ValueError("the deleted documents are malformed")
        checked = stored_records["checked_ns"]
        if type(checked) is not int:
            raise ValueError("the records' time is malformed")
    except CacheDamaged:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CacheDamaged(f"{type(error).__name__}: {error}") from None
    return Generation(number, tuple(segments), {n: tuple(p) for n, p in deleted.items()}, records, checked)


def _records(value: Any, packed_paths: np.ndarray, numbers: np.ndarray, hashes: np.ndarray) -> Records:
    """File records from their stored columns; ValueError when malformed."""
    if not isinstance(value, dict):
        raise ValueError("records.json is not an object")
    count, reasons = value["files"], value["reasons"]
    if type(count) is not int:
        raise ValueError("records.json: the file count is malformed")
    paths = unpack_lines(packed_paths, count)
    if numbers.dtype != np.int64 or numbers.shape != (len(paths), 4) or hashes.dtype != np.uint8 or hashes.shape != (len(paths), 32):
        raise ValueError("the record arrays do not fit the paths")
    if not isinstance(reasons, dict) or not all(k.isascii() and k.isdigit() and int(k) < len(paths) and isinstance(r, str) for k, r in reasons.items()):
        raise ValueError("records.json: reasons are malformed")
    return Records(tuple(paths), numbers, hashes, {int(k): r for k, r in reasons.items()})


def load_segment(directory: Path, key: CacheKey) -> StoredSegment:
    """The segment in ``directory``, memory-mapped; CacheDamaged when any file is
    missing, altered, or does not fit the others."""
    try:
        manifest = _read_manifest(directory, key, SEGMENT_FILES)
        _verify(directory, manifest)
        index_arrays = {name: _load_array(directory / f"{name}.npy") for name in INDEX_ARRAYS}
        rows = _load_array(directory / TERM_ROWS)
        terms = unpack_lines(_load_array(directory / TERMS), len(rows))
        texts = TextColumn(_load_array(directory / TEXTS), _load_array(directory / TEXT_OFFSETS))
        columns, counts = _document_columns(directory)
        passages = _passages(columns, counts, texts, _load_array(directory / NUMBERS), _load_array(directory / FLAGS))
        segment = Segment.from_arrays(terms, index_arrays, rows)
        if segment.size != len(passages) or manifest.get("passages") != len(passages):
            raise ValueError("the index and the passages disagree in size")
        segment.check_ranges()
    except CacheDamaged:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        # json.JSONDecodeError and UnicodeDecodeError are ValueErrors too.
        raise CacheDamaged(f"{directory.name}: {type(error).__name__}: {error}") from None
    return StoredSegment(directory.name, segment, passages)


def indexed_columns(
    corpus_dir: Path | str,
    index_dir: Path | str | None = None,
    *,
    analyzer: Analyzer | None = None,
    parameters: BM25Parameters = BM25Parameters(),
) -> DocumentColumns | None:
    """The document columns (doc_ids, URLs, wordings...) of the live articles the index
    of ``corpus_dir`` holds, read from its segments' document columns alone: no index
    array is loaded, no corpus listed, no article read, so ``tanya add`` tells duplicates in
    milliseconds. Files changed since the index was last brought up to date are not in
    it. None when there is no index to read (never built, damaged, another analyzer):
    open the library instead."""
    analyzer = analyzer or Analyzer()
    root = Path(index_dir) if index_dir is not None else default_index_dir()
    key = CacheKey(Path(corpus_dir).resolve(), analyzer.version, parameters)
    home = root / key.name
    try:
        # Inside the try: a name too long to look up raises where a missing one says no.
        number = latest_generation(home) if home.is_dir() else None
        if number is None:
            return None
        generation = read_generation(home, number, key)
        parts = [_live_columns(home / name, key, generation.deleted.get(name, ())) for name in generation.segments]
    except (CacheDamaged, OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # pruned meanwhile by another process, or damaged: the open says which
    return DocumentColumns.joined(parts)


def _live_columns(directory: Path, key: CacheKey, deleted: Sequence[int]) -> DocumentColumns:
    """A segment's document columns without its ``deleted`` documents, their files
    checked against the manifest."""
    manifest = _read_manifest(directory, key, SEGMENT_FILES)
    _verify(directory, manifest, DOCUMENT_FILES)
    columns, _ = _document_columns(directory)
    if not deleted:
        return columns
    gone = set(deleted)
    kept = [i for i in range(len(columns.doc_ids)) if i not in gone]
    # Each column decoded whole (in one pass), then the kept values taken.
    return DocumentColumns(*([values[i] for i in kept] for values in (list(getattr(columns, name)) for name in COLUMN_NAMES)))


def _read_manifest(directory: Path, key: CacheKey, expected: Sequence[str]) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.exists():
        raise CacheDamaged(f"{directory.name}: no manifest")
    try:
        manifest = _read_json(path)
    except ValueError as error:
        raise CacheDamaged(f"{directory.name}: {type(error).__name__}: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise CacheDamaged(f"{directory.name}: unknown format")
    if manifest.get("key") != key.digest:
        raise CacheDamaged(f"{directory.name}: built for another analyzer or parameters")
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(expected):
        raise CacheDamaged(f"{directory.name}: the manifest does not list the expected files")
    return manifest


def _verify(directory: Path, manifest: Mapping[str, Any], names: Sequence[str] | None = None) -> None:
    """The files ``names`` (default: all) as ``manifest`` describes them: the size
    first, then the modification time. A file of the recorded size and time, a time set
    back before the manifest was written (see _seal), is as written: any change since
    would have given it another time. Any other file is hashed (two at a time) and
    held to its checksum: a forged time or bit rot is left to the range checks, and to
    the later check of a running front end (:func:`damaged_files`)."""
    files = manifest["files"]
    written = manifest.get("written_ns")
    to_hash = []
    for name in names if names is not None else list(files):
        expected = files[name]
        try:
            info = os.stat(directory / name)
        except FileNotFoundError:
            raise CacheDamaged(f"{directory.name}/{name} is missing") from None
        if not stat.S_ISREG(info.st_mode):
            raise CacheDamaged(f"{directory.name}/{name} is missing")
        if info.st_size != expected.get("size"):
            raise CacheDamaged(f"{directory.name}/{name} has the wrong size")
        recorded = expected.get("mtime_ns")
        settled = type(recorded) is int and type(written) is int and recorded <= written - RACY_NS
        if not (settled and info.st_mtime_ns == recorded):
            to_hash.append(name)
    if not to_hash:
        return
    to_hash.sort(key=lambda n: -int(files[n].get("size", 0)))
    with ThreadPoolExecutor(min(HASH_THREADS, len(to_hash))) as pool:
        digests = dict(zip(to_hash, pool.map(lambda n: _sha256(directory / n), to_hash)))
    for name in to_hash:
        if digests[name] != files[name].get("sha256"):
            raise CacheDamaged(f"{directory.name}/{name} fails its checksum")


def damaged_files(home: Path, number: int, checked: set[str]) -> list[Path]:
    """The files of generation ``number`` at ``home``, and of the segments it names,
    whose bytes no longer hash to what their manifests record: the damage a load takes
    on trust when a file keeps its recorded size and time (bit rot; a copy that kept
    the times). ``checked``: the directories this process has already checked, by name,
    passed over and added to (a segment or generation never changes once written; a
    damaged one is not checked again). One file at a time: this runs beside questions."""
    try:
        directories = _index_directories(home, number)
    except (OSError, ValueError, KeyError, TypeError):
        return []  # pruned meanwhile (a newer generation is the index), or damaged: the next load says which
    damaged: list[Path] = []
    for directory in directories:
        if directory.name in checked:
            continue
        try:
            damaged += failing_checksums(directory)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # pruned meanwhile, or a manifest the next load refuses anyway
        checked.add(directory.name)
    return damaged


def index_bytes(home: Path, number: int) -> int | None:
    """The size of generation ``number`` at ``home`` and of the segments it names, in
    bytes: what :func:`damaged_files` would hash. None when it cannot be told (pruned
    meanwhile, or a manifest the next load refuses anyway)."""
    try:
        return sum(path.stat().st_size for directory in _index_directories(home, number) for path in directory.iterdir() if path.is_file())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _index_directories(home: Path, number: int) -> list[Path]:
    """Generation ``number``'s directory at ``home`` and those of the segments it names;
    OSError, ValueError and the like when its manifest cannot be read."""
    generation = home / f"{GENERATION_PREFIX}{number:012d}"
    segments = _read_json(generation / MANIFEST)["segments"]
    return [generation, *(home / name for name in segments if isinstance(name, str))]


def failing_checksums(directory: Path) -> list[Path]:
    """The files of ``directory`` (a segment or a generation) whose bytes do not hash to
    what its manifest records, every file hashed; OSError, ValueError and the like when
    the manifest cannot be read."""
    files = _read_json(directory / MANIFEST)["files"]
    return [directory / name for name, described in files.items() if _sha256(directory / name) != described["sha256"]]


def damage_said(home: Path, paths: Sequence[Path]) -> str:
    """What a warning says of ``paths``, files of the index at ``home`` that fail their
    checksums."""
    names = ", ".join(str(path.relative_to(home)) for path in paths)
    return f"index files damaged on disk since they were written (they fail their checksums: {names})"


def unmarkable_damage_said(home: Path, paths: Sequence[Path]) -> str:
    """What a warning says of ``paths``, damaged files of the index at ``home`` that
    :func:`mark_damaged` could not mark: the index loaded answers on, and its owner can
    have it built anew."""
    return f"{damage_said(home, paths)}, in an index this user may not write: the index loaded answers on; as its owner, delete {home} and the next start builds it anew"


def mark_damaged(paths: Sequence[Path]) -> bool:
    """Give each damaged file, and its directory's manifest, the present time, so that
    the next load of any process (this one's too: its segment cache goes by the
    manifest's time) hashes it, finds it damaged and rebuilds. False when a file could
    not be marked (an index this user may not write): a load would take it on trust."""
    marked = True
    for path in [*paths, *{path.parent / MANIFEST for path in paths}]:
        try:
            os.utime(path)
        except OSError:
            marked = False
    return marked


def _load_array(path: Path) -> np.ndarray:
    """A memory-mapped array; never an object array (allow_pickle=False refuses them).
    ValueError for a header numpy cannot read, whatever it raises: it reads the header
    with Python's tokenizer, whose own error an unclosed bracket raises."""
    try:
        array = np.load(path, mmap_mode="r", allow_pickle=False)
    except (tokenize.TokenError, SyntaxError) as error:
        raise ValueError(f"{path.name}: its header cannot be read ({type(error).__name__})") from None
    if array.dtype.hasobject:
        raise ValueError(f"{path.name} holds objects")
    return array


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _document_columns(directory: Path) -> tuple[DocumentColumns, np.ndarray]:
    """The stored document columns (decoded when read) and each document's paragraph
    count; ValueError when malformed."""
    counts = _load_array(directory / PARAGRAPHS)
    if counts.dtype != np.int64 or counts.ndim != 1:
        raise ValueError("the paragraph counts have the wrong type")
    offsets = _load_array(directory / DOCUMENT_OFFSETS)
    if offsets.shape != (len(COLUMN_NAMES), len(counts) + 1):
        raise ValueError("the document columns do not fit the documents")
    missing = _load_array(directory / DOCUMENT_MISSING)
    columns = dict(zip(COLUMN_NAMES, text_columns(_load_array(directory / DOCUMENT_TEXT), offsets, missing)))
    if any(columns[name].missing is not None for name in REQUIRED_COLUMNS):
        raise ValueError("a document has no doc_id, title, wording or headline terms")
    return DocumentColumns(**columns), counts  # type: ignore[arg-type]


def _passages(columns: DocumentColumns, counts: np.ndarray, texts: TextColumn[str], numbers: np.ndarray, flags: np.ndarray) -> Passages:
    """Passages from the stored document columns, texts, paragraph numbers and passage
    flags; ValueError when malformed."""
    if texts.blob.dtype != np.uint8 or texts.offsets.dtype != np.int64:
        raise ValueError("the text arrays have the wrong types")
    if texts.blob.ndim != 1 or texts.offsets.ndim != 1:
        raise ValueError("the text arrays are not flat")
    if len(texts.offsets) < 1 or texts.offsets[0] != 0 or texts.offsets[-1] != len(texts.blob):
        raise ValueError("the text offsets do not span the text blob")
    if (np.diff(texts.offsets) < 0).any():  # with both ends right: every offset in the blob
        raise ValueError("the text offsets go backwards")
    return Passages.from_store(columns, np.asarray(counts), texts, numbers, flags)
