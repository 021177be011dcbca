"""Each headline's terms, stored by the index as it is built (issue 14): the re-ranker
reads them by document instead of analysing the headline of every candidate. They
must be the analyser's terms of the headline however the library came to be (built in
memory, stored, loaded, updated, merged, built in two processes), and a damaged column
is refused like the other document columns."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import retrieval.store as store
from retrieval.analysis import Analyzer
from retrieval.articles import ArticleIndex
from retrieval.cache_files import damaged_files, describe, mark_damaged
from retrieval.cache_layout import COLUMN_NAMES, DOCUMENT_OFFSETS, DOCUMENT_TEXT, FORMAT_VERSION, MANIFEST
from retrieval.corpus import load_corpus
from retrieval.library import Library, packed_heading, unpacked_heading
from retrieval.search import Searcher
from retrieval.store import open_library, update_library

# A headline cut short (the index analyses it without the ellipsis) that spells out an
# abbreviation (a definition term) and writes one that stands for a long form.
CUT_SHORT = """Aparatur Sipil Negara (ASN) Pemkab OKU Timur Diminta Jaga Netralitas…

Bupati OKU Timur meminta Aparatur Sipil Negara menjaga netralitas selama pilkada.

Sebanyak 4.200 ASN mengikuti apel pagi di halaman kantor bupati pada Senin.
"""
FESTIVAL = """Festival Layang-layang {place}

Festival Layang-layang {place} dibuka oleh Bupati {official} pada Sabtu pagi.

Sebanyak {count} peserta menerbangkan layang-layang raksasa di {place}.
"""
PLACES = [("Parangtritis", "Suharsono Wibowo"), ("Sanur", "Made Arsana"), ("Pangandaran", "Jeje Wiradinata"), ("Senggigi", "Lalu Fahmi")]
QUESTIONS = ["Siapa yang membuka Festival Layang-layang Sanur?", "Siapa Pjs Bupati Rejang Lebong?", "Berapa ASN mengikuti apel pagi?"]


def write(corpus: Path, name: str, text: str) -> str:
    """An article written a minute ago (one written within a clock tick of an update is
    hashed again at the next)."""
    path = corpus / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    past = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(past, past))
    return name


def dated_an_hour_ago(corpus: Path) -> Path:
    """``corpus`` with every file's times an hour back: a file written in the same
    second as a build would be hashed again, by its time alone."""
    past = time.time_ns() - 3600 * 10**9
    for path in corpus.iterdir():
        os.utime(path, ns=(past, past))
    return corpus


@pytest.fixture
def corpus(corpus_copy) -> Path:
    """The seeds and the headline cut short, written an hour ago."""
    write(corpus_copy, "cut_short", CUT_SHORT)
    return dated_an_hour_ago(corpus_copy)


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


def add_festivals(corpus: Path, index_dir: Path) -> None:
    """One update an article: four segments of one size, a merge due."""
    for number, (place, official) in enumerate(PLACES):
        write(corpus, f"festival_{number}", FESTIVAL.format(place=place, official=official, count=100 + number))
        update_library(corpus, index_dir, merge="off")


def built_in_memory(corpus: Path, index_dir: Path, monkeypatch) -> Library:
    return Library.from_corpus(load_corpus(corpus))


def stored(corpus: Path, index_dir: Path, monkeypatch) -> Library:
    return update_library(corpus, index_dir, merge="off")[0]


def loaded(corpus: Path, index_dir: Path, monkeypatch) -> Library:
    update_library(corpus, index_dir, merge="off")
    library = update_library(corpus, index_dir, merge="off")[0]
    assert library.origin == "loaded"
    return library


def added(corpus: Path, index_dir: Path, monkeypatch) -> Library:
    update_library(corpus, index_dir, merge="off")
    add_festivals(corpus, index_dir)
    library = update_library(corpus, index_dir, merge="off")[0]
    assert len(library.index.segments) == 5
    return library


def deleted(corpus: Path, index_dir: Path, monkeypatch) -> Library:
    update_library(corpus, index_dir, merge="off")
    for path in sorted(corpus.glob("0*.txt"))[:2]:
        path.unlink()
    write(corpus, "cut_short", CUT_SHORT.replace("4.200", "4.300"))  # changed: deleted and added again
    library, report = update_library(corpus, index_dir, merge="off")
    assert library.live_documents is not None and len(report.removed) == 3
    return library


def merged(corpus: Path, index_dir: Path, monkeypatch) -> Library:
    update_library(corpus, index_dir, merge="off")
    add_festivals(corpus, index_dir)
    (corpus / "festival_1.txt").unlink()  # a deletion the merge leaves out
    assert update_library(corpus, index_dir, merge="inline")[1].merge == "done"
    library = update_library(corpus, index_dir, merge="off")[0]
    assert len(library.index.segments) < 5
    return library


def mostly_deleted(corpus: Path, index_dir: Path, monkeypatch) -> Library:
    update_library(corpus, index_dir, merge="off")
    for path in sorted(corpus.glob("0*.txt"))[:3]:
        path.unlink()
    assert update_library(corpus, index_dir, merge="inline")[1].merge == "done"
    library = update_library(corpus, index_dir, merge="off")[0]
    assert library.live_documents is None
    return library


def in_two_processes(corpus: Path, index_dir: Path, monkeypatch) -> Library:
    monkeypatch.setattr(store, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(store, "CHUNK_FILES", 2)
    return update_library(corpus, index_dir, merge="off")[0]


MADE = [built_in_memory, stored, loaded, added, deleted, merged, mostly_deleted, in_two_processes]


@pytest.mark.parametrize("made", MADE)
def test_the_stored_headline_terms_are_the_analysers(corpus, index_dir, monkeypatch, made: Callable[..., Library]):
    library = made(corpus, index_dir, monkeypatch)
    analyzer = Analyzer()
    passages = library.passages
    documents = range(len(passages.documents))  # deleted ones too: their numbers stay
    assert len(passages.headings) == len(passages.documents)
    for owner in documents:
        title = passages.titles[owner]
        assert passages.heading_terms(owner) == tuple(analyzer.headline_terms(title)) == tuple(analyzer.terms(title.rstrip("…")))
        # The place rule and the evidence read the whole headline: the ellipsis is no token.
        assert passages.heading_terms(owner) == tuple(analyzer.terms(title))
    assert any(title.endswith("…") for title in passages.titles)


@pytest.mark.parametrize("made", MADE)
def test_the_article_index_reads_what_analysing_the_headline_read(corpus, index_dir, monkeypatch, made: Callable[..., Library]):
    library = made(corpus, index_dir, monkeypatch)
    articles = ArticleIndex(library)
    analyzer = Analyzer()
    for owner in range(len(library.passages.documents)):
        title = library.passages.titles[owner]
        assert articles.heading_terms(owner) == tuple(analyzer.terms(title.rstrip("…")))
        assert articles.title_terms(owner) == frozenset(analyzer.terms(title))


def test_answers_from_stored_headline_terms_are_those_of_a_library_built_in_memory(corpus, index_dir):
    built = Searcher(Library.from_corpus(load_corpus(corpus)))
    loaded_once = open_library(corpus, index_dir)
    assert loaded_once.origin == "built"
    for library in (loaded_once, open_library(corpus, index_dir)):
        searcher = Searcher(library)
        assert [searcher.ask(q).to_json() for q in QUESTIONS] == [built.ask(q).to_json() for q in QUESTIONS]


@pytest.mark.parametrize("terms", [(), ("bupati",), ("", "oku"), ("", ""), ("(asn)", "aparatur", "sipil", "negara")])
def test_packed_headline_terms_read_back_as_they_were(terms):
    assert unpacked_heading(packed_heading(terms)) == terms


def test_a_headline_term_holding_a_line_break_is_refused():
    with pytest.raises(ValueError):
        packed_heading(["a\nb"])


# -- damage --------------------------------------------------------------------------------


def only_segment(index_dir: Path) -> Path:
    (home,) = [p for p in index_dir.iterdir() if not p.name.startswith(".")]
    (segment,) = [p for p in home.iterdir() if p.name.startswith("seg-")]
    return segment


def headings_span(segment: Path) -> tuple[int, int]:
    """Where the headline terms lie in the packed document text: the last column."""
    offsets = np.load(segment / DOCUMENT_OFFSETS, allow_pickle=False)
    row = COLUMN_NAMES.index("headings")
    return int(offsets[row, 0]), int(offsets[row, -1])


def flip_a_heading_byte(path: Path, span: tuple[int, int]) -> None:
    """One byte of the headline terms changed (into another letter), the size kept."""
    data = bytearray(path.read_bytes())
    at = len(data) - (span[1] - span[0]) // 2  # .npy: the blob is the file's tail
    data[at] = ord("x") if data[at] != ord("x") else ord("y")
    path.write_bytes(bytes(data))


def test_a_damaged_headline_column_fails_its_checksum_and_is_rebuilt(corpus, index_dir, caplog):
    open_library(corpus, index_dir)
    segment = only_segment(index_dir)
    flip_a_heading_byte(segment / DOCUMENT_TEXT, headings_span(segment))
    library = open_library(corpus, index_dir)
    warnings = [r.getMessage() for r in caplog.records if r.name == "retrieval.store"]
    assert library.origin == "built" and len(warnings) == 1 and "damaged" in warnings[0]
    analyzer = Analyzer()
    assert all(library.passages.heading_terms(i) == tuple(analyzer.headline_terms(t)) for i, t in enumerate(library.passages.titles))


def test_a_headline_column_damaged_with_its_size_and_time_kept_is_found_by_the_check(corpus, index_dir):
    open_library(corpus, index_dir)
    segment = only_segment(index_dir)
    path = segment / DOCUMENT_TEXT
    info = path.stat()
    flip_a_heading_byte(path, headings_span(segment))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert open_library(corpus, index_dir).origin == "loaded"  # taken on trust at a start
    home = segment.parent
    number = int(max(p.name for p in home.iterdir() if p.name.startswith("gen-")).removeprefix("gen-"))
    assert damaged_files(home, number, set()) == [path]
    assert mark_damaged([path])
    assert open_library(corpus, index_dir).origin == "built"


def test_a_document_without_headline_terms_is_refused_even_with_valid_checksums(corpus, index_dir):
    open_library(corpus, index_dir)
    segment = only_segment(index_dir)
    missing = np.load(segment / "document_missing.npy", allow_pickle=False).copy()
    missing[COLUMN_NAMES.index("headings"), 0] = True
    np.save(segment / "document_missing.npy", missing, allow_pickle=False)
    manifest = json.loads((segment / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["document_missing.npy"] = describe(segment / "document_missing.npy")
    (segment / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert open_library(corpus, index_dir).origin == "built"


def test_an_index_of_the_format_before_the_headline_terms_is_rebuilt(corpus, index_dir, caplog):
    """A segment written before the column (format 7) is not read as one with it."""
    open_library(corpus, index_dir)
    segment = only_segment(index_dir)
    manifest = json.loads((segment / MANIFEST).read_text(encoding="utf-8"))
    manifest["format"] = FORMAT_VERSION - 1
    (segment / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    library = open_library(corpus, index_dir)
    assert library.origin == "built"
    assert any("unknown format" in r.getMessage() for r in caplog.records if r.name == "retrieval.store")
    assert open_library(corpus, index_dir).origin == "loaded"
