"""The start with a built index (issue 14): the corpus scanned as columns and compared
with the file records vectorised, the cache's files trusted by their size and time (set
back when written, so any later change shows), the vocabulary looked up by bisection
instead of hashed into a dict. Each still notices what it must: a changed, added or
removed article, a cache file changed since it was written."""

from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import retrieval.cache_files as cache_files
import retrieval.cache_layout as cache_layout
from retrieval.analysis import Analyzer
from retrieval.corpus import joined_scans, list_corpus, scan_corpus
from retrieval.forked_scan import Scanning
from retrieval.index import BM25Index, BM25Parameters
from retrieval.packed import TextColumn, pack_lines, pack_texts, text_columns, unpack_lines
from retrieval.segments import ExtendedTerms, LiveTerms, Segment, SortedTerms
from retrieval.cache_layout import CacheKey
from retrieval.store import open_library, update_library

ARTICLE = "Judul {n}\n\nParagraf pertama artikel {n} tentang pasar ikan.\n"


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


def home(index_dir: Path) -> Path:
    (found,) = [p for p in index_dir.iterdir() if not p.name.startswith(".")]
    return found


def latest(index_dir: Path, prefix: str) -> Path:
    return max(p for p in home(index_dir).iterdir() if p.name.startswith(prefix))


def store_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "retrieval.store" and r.levelno >= logging.WARNING]


def aged(corpus: Path) -> Path:
    past = time.time_ns() - 3600 * 10**9
    for folder, _, files in os.walk(corpus):
        for name in files:
            os.utime(os.path.join(folder, name), ns=(past, past))
    return corpus


# -- scanning the corpus -------------------------------------------------------------------


def nested_corpus(root: Path) -> Path:
    """Names whose order by string and by path parts differ ("a/..." against "a b.txt"
    and "a-b.txt"), hidden entries, a file that is no article, a link inside."""
    corpus = root / "corpus"
    for name in ("a/z.txt", "a/b/c.md", "a b.txt", "a-b.txt", "a.txt", "b.TXT", "c/.hidden.txt", ".git/x.txt", "notes.csv"):
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(n=name), encoding="utf-8")
    (corpus / "link.txt").symlink_to(corpus / "a.txt")
    return corpus


def test_the_scan_lists_what_the_listing_lists_with_each_files_stat(tmp_path):
    corpus = nested_corpus(tmp_path)
    listing = list_corpus(corpus)
    scan = scan_corpus(corpus)
    assert [scan.file(i) for i in range(len(scan.names))] == list(listing.files)
    assert list(scan.names) == [f.path.relative_to(corpus).as_posix() for f in listing.files]
    assert list(scan.names) == sorted(scan.names, key=lambda name: name.split("/"))  # the order of path parts
    for i, name in enumerate(scan.names):
        info = os.stat(corpus / name)  # a link: its target's
        assert (scan.sizes[i], scan.mtimes[i]) == (info.st_size, info.st_mtime_ns)
    assert scan.skipped == listing.skipped


@pytest.mark.parametrize("shares", [1, 2, 3, 12])
def test_the_shares_of_a_scan_joined_in_order_are_the_whole_scan(tmp_path, shares):
    """Each share scans a run of the corpus folder's entries (folders and files alike),
    so two processes can scan between them; twelve shares of these eleven entries leave
    some empty. A name that is not UTF-8 is skipped by the share that meets it."""
    corpus = nested_corpus(tmp_path)
    (corpus / os.fsdecode(b"bad-\xff.txt")).write_text(ARTICLE.format(n="bad"), encoding="utf-8")
    whole = scan_corpus(corpus)
    joined = joined_scans([scan_corpus(corpus, (share, shares)) for share in range(shares)])
    assert joined.names == whole.names and joined.targets == whole.targets and joined.skipped == whole.skipped
    assert joined.sizes.dtype == whole.sizes.dtype and (joined.sizes == whole.sizes).all() and (joined.mtimes == whole.mtimes).all()
    assert whole.targets and whole.skipped  # the link and the bad name were met


# -- the file records ----------------------------------------------------------------------


def test_the_records_are_the_scan_in_its_order_so_a_start_compares_them_at_once(tmp_path, index_dir):
    corpus = aged(nested_corpus(tmp_path))
    open_library(corpus, index_dir)
    key = CacheKey(corpus.resolve(), Analyzer().version, BM25Parameters())
    generation = cache_files.read_generation(home(index_dir), cache_files.latest_generation(home(index_dir)), key)
    scan = scan_corpus(corpus)
    assert generation.records.paths == scan.names
    assert (generation.records.numbers[:, cache_layout.SIZE] == scan.sizes).all()
    assert (generation.records.numbers[:, cache_layout.MTIME] == scan.mtimes).all()
    library, report = update_library(corpus, index_dir, merge="off")
    assert (library.origin, report.hashed) == ("loaded", 0)


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename"])
def test_every_kind_of_change_is_noticed_among_many_unchanged_files(tmp_path, index_dir, change):
    corpus = tmp_path / "corpus"
    for n in range(40):
        (corpus / f"{n // 10:02d}").mkdir(parents=True, exist_ok=True)
        (corpus / f"{n // 10:02d}" / f"{n:03d}.txt").write_text(ARTICLE.format(n=n), encoding="utf-8")
    aged(corpus)
    open_library(corpus, index_dir)
    target = corpus / "02" / "025.txt"
    if change == "edit":  # same size, another time: as any editor leaves it
        target.write_text(ARTICLE.format(n=52), encoding="utf-8")
    elif change == "add":
        (corpus / "02" / "025b.txt").write_text(ARTICLE.format(n=99), encoding="utf-8")
    elif change == "remove":
        target.unlink()
    else:
        target.rename(corpus / "03" / "025.txt")
    library, report = update_library(corpus, index_dir, merge="off")
    assert library.origin == "updated"
    doc_ids = {d.doc_id for d in library.documents}
    expected = {f"{n // 10:02d}/{n:03d}" for n in range(40)}
    expected |= {"add": {"02/025b"}, "remove": set(), "rename": {"03/025"}, "edit": set()}[change]
    expected -= {"remove": {"02/025"}, "rename": {"02/025"}}.get(change, set())
    assert doc_ids == expected
    assert report.hashed <= 1
    if change == "edit":
        assert [d for d in library.documents if d.doc_id == "02/025"][0].paragraphs[0].endswith("artikel 52 tentang pasar ikan.")
    key = CacheKey(corpus.resolve(), Analyzer().version, BM25Parameters())
    generation = cache_files.read_generation(home(index_dir), cache_files.latest_generation(home(index_dir)), key)
    assert generation.records.paths == scan_corpus(corpus).names  # still the scan's order: the next start's one comparison
    again, report = update_library(corpus, index_dir, merge="off")
    assert {d.doc_id for d in again.documents} == expected


# -- the cache's own files -----------------------------------------------------------------


def test_the_cache_files_are_dated_back_and_recorded_so_a_start_reads_none_to_hash(corpus_copy, index_dir):
    open_library(corpus_copy, index_dir)
    for directory in (latest(index_dir, "seg-"), latest(index_dir, "gen-")):
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        for name, entry in manifest["files"].items():
            info = (directory / name).stat()
            assert (info.st_size, info.st_mtime_ns) == (entry["size"], entry["mtime_ns"])
            assert entry["mtime_ns"] <= manifest["written_ns"] - cache_layout.RACY_NS


@pytest.mark.parametrize("name", ["postings.npy", "terms.npy", "document_text.npy", "records.json", "record_paths.npy"])
def test_a_cache_file_touched_with_the_same_bytes_is_hashed_and_trusted(corpus_copy, index_dir, caplog, name):
    open_library(corpus_copy, index_dir)
    directory = latest(index_dir, "gen-" if name in cache_layout.GENERATION_FILES else "seg-")
    os.utime(directory / name)  # now: its time no longer what the manifest says
    library = open_library(corpus_copy, index_dir)
    assert library.origin == "loaded"
    assert store_warnings(caplog) == []


def test_a_cache_file_changed_the_moment_it_was_written_is_still_caught(corpus_copy, index_dir, caplog):
    """Same size, and within the same tick of the clock as the write: the time the cache
    recorded was set back, so the change still shows."""
    open_library(corpus_copy, index_dir)
    path = latest(index_dir, "seg-") / "lengths.npy"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))
    library = open_library(corpus_copy, index_dir)
    assert library.origin == "built"
    (warning,) = store_warnings(caplog)
    assert "lengths.npy fails its checksum" in warning


# -- the vocabulary --------------------------------------------------------------------------


TERMS = ["pasar", "ikan", "bupati", "festival", "zebra", "ayam", "layang", "ikat"]


def sorted_terms(terms: list[str]) -> SortedTerms:
    segment = Segment(dict(zip(terms, range(len(terms)))), np.zeros(len(terms) + 1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint16), np.zeros(0, np.int32))
    return SortedTerms(*segment.sorted_terms())


def test_sorted_terms_answer_as_the_dict_they_stand_for():
    table = sorted_terms(TERMS)
    assert dict(table.items()) == dict(zip(TERMS, range(len(TERMS))))
    assert list(table) == TERMS  # row order
    assert [table.get(t) for t in ("pasar", "zebra", "ayam", "pasir", "", "zz")] == [0, 4, 5, None, None, None]
    assert "ikat" in table and "ika" not in table and 3 not in table
    with pytest.raises(KeyError):
        table["pasir"]


@pytest.mark.parametrize(
    "terms, rows",
    [
        (["b", "a"], [0, 1]),  # not sorted
        (["a", "b"], [0, 2]),  # a row out of range
        (["a", "b"], [0]),  # too few rows
    ],
)
def test_a_vocabulary_that_bisection_cannot_trust_is_refused(terms, rows):
    with pytest.raises(ValueError):
        SortedTerms(terms, np.array(rows, dtype=np.int32))


def test_extended_and_live_terms_number_as_a_copied_dict_would():
    base = sorted_terms(TERMS)
    extended = ExtendedTerms(base)
    copied = dict(zip(TERMS, range(len(TERMS))))
    for term in ("kapal", "ikan", "laut", "kapal"):
        assert extended.setdefault(term, len(extended)) == copied.setdefault(term, len(copied))
    assert dict(extended.items()) == copied and list(extended) == list(copied)
    live = np.array([i % 3 != 1 for i in range(len(copied))])
    assert dict(LiveTerms(extended, live).items()) == {t: i for t, i in copied.items() if live[i]}
    assert len(LiveTerms(extended, live)) == int(live.sum())


def test_a_loaded_index_of_several_segments_has_the_built_ones_vocabulary(corpus_copy, index_dir):
    """Loaded (sorted terms, extended by later segments, less the terms only deleted
    passages held) and built in this process (dicts): the same terms, rows and idf."""
    open_library(corpus_copy, index_dir)
    (corpus_copy / "baru.txt").write_text("Kapal baru\n\nKapal nelayan baru berlabuh di pelabuhan Sorong.\n", encoding="utf-8")
    removed = sorted(corpus_copy.glob("*.txt"))[0]
    removed.unlink()
    update_library(corpus_copy, index_dir, merge="off")
    loaded = open_library(corpus_copy, index_dir)
    assert loaded.origin == "loaded" and len(loaded.index.segments) == 2
    assert isinstance(loaded.index.segments[0].vocabulary, SortedTerms)
    assert isinstance(loaded.index.vocabulary, LiveTerms)  # the removed article held terms no other does
    built = BM25Index([Segment(dict(s.vocabulary.items()), s.offsets, s.postings, s.frequencies, s.lengths) for s in loaded.index.segments], deleted=[m for m in _masks(loaded.index)])
    assert dict(loaded.index.vocabulary.items()) == dict(built.vocabulary.items())
    assert list(loaded.index.vocabulary) == list(built.vocabulary)
    assert np.array_equal(loaded.index.idf, built.idf)


def _masks(index: BM25Index) -> list[np.ndarray | None]:
    if index.deleted is None:
        return [None] * len(index.segments)
    bases = index.bases.tolist()
    return [index.deleted[bases[i] : bases[i + 1]] for i in range(len(index.segments))]


# -- the scan taken in a forked child ----------------------------------------------------------


SCAN_IN_CHILD = """
import sys
from pathlib import Path
from retrieval.corpus import CorpusError, scan_corpus
from retrieval.forked_scan import Scanning
corpus = Path(sys.argv[1])
started = Scanning(corpus)
assert len(started._children) == 2, "no children forked"
forked, here = started.result(), scan_corpus(corpus)
assert forked.names == here.names and forked.targets == here.targets and forked.skipped == here.skipped
assert forked.sizes.dtype == here.sizes.dtype and (forked.sizes == here.sizes).all() and (forked.mtimes == here.mtimes).all()
try:
    Scanning(corpus / "missing").result()
except CorpusError as error:
    print(error)
"""


def test_the_scan_taken_in_forked_children_is_the_scan_taken_here(tmp_path):
    """In a fresh process (one thread: the fork is safe), over names that sort apart
    by string and by path parts, hidden files, a link and a name that is not UTF-8."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        pytest.skip("the scan forks on Linux only")
    corpus = nested_corpus(tmp_path)
    (corpus / os.fsdecode(b"bad-\xff.txt")).write_text(ARTICLE.format(n="bad"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SCAN_IN_CHILD, str(corpus)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"corpus directory not found: {corpus / 'missing'}"


def test_a_start_with_threads_running_scans_in_its_own_process(tmp_path, index_dir):
    """Forking while another thread runs could leave a lock held in the child: the scan
    is then taken in this process, and the start sees the same corpus."""
    corpus = aged(nested_corpus(tmp_path))
    open_library(corpus, index_dir)
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    try:
        started = Scanning(corpus)
        assert not started._children
        assert started.result().names == scan_corpus(corpus).names
        (corpus / "a.txt").write_text(ARTICLE.format(n="changed"), encoding="utf-8")
        library, report = update_library(corpus, index_dir, merge="off")
        assert library.origin == "updated" and report.hashed >= 1
    finally:
        release.set()
        other.join()


# -- packed strings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "columns",
    [
        [["a", "Berita ñ 東京", ""], ["x", None, "z"]],
        [[None, None], ["", ""]],
        [[], []],
    ],
)
def test_packed_columns_read_back_as_written(columns):
    blob, offsets, missing = pack_texts(columns)
    read = text_columns(blob, offsets, missing)
    assert [list(column) for column in read] == columns
    assert [[column[i] for i in range(len(column))] for column in read] == columns
    assert read == columns and read[0][-1:] == columns[0][-1:]


@pytest.mark.parametrize("texts", [["a", "Berita ñ 東京", "", "z"], [""], []])
def test_packed_passage_texts_read_back_joined_kept_pickled_and_mapped(texts, tmp_path):
    column = TextColumn.pack(texts)
    assert list(column) == texts and [column[i] for i in range(len(texts))] == texts
    assert TextColumn.joined([column, TextColumn.pack(["x"]), column]) == texts + ["x"] + texts
    keep = np.arange(len(texts)) % 2 == 0
    assert column.kept(keep) == texts[::2]
    assert pickle.loads(pickle.dumps(column)) == texts
    # As a loaded segment has them: memory-mapped, read with pread.
    np.save(tmp_path / "blob.npy", column.blob)
    np.save(tmp_path / "offsets.npy", column.offsets)
    mapped = TextColumn(np.load(tmp_path / "blob.npy", mmap_mode="r"), np.load(tmp_path / "offsets.npy", mmap_mode="r"))
    assert list(mapped) == texts and mapped[-2:] == texts[-2:]


@pytest.mark.parametrize("terms", [["ikan", "pasar", "東京"], [""], []])
def test_packed_lines_read_back_as_written(terms):
    assert unpack_lines(pack_lines(terms), len(terms)) == terms


def test_a_line_break_is_refused_when_packing_lines_and_a_wrong_count_when_reading():
    with pytest.raises(ValueError):
        pack_lines(["a\nb"])
    with pytest.raises(ValueError):
        unpack_lines(pack_lines(["a", "b"]), 3)
