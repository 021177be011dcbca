"""Each passage's flags, stored by the index as it is built (issue 14): whether it is a
photo caption and whether it continues the passage before it in its article, which the
re-ranker read off every candidate's text with regexes. They must be what the texts
say however the library came to be (built in memory, stored, loaded, updated, merged,
built in two processes), never carry a "continues" across two articles, and a damaged
flags array is refused like the other arrays."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from test_headline_terms import CUT_SHORT, MADE, dated_an_hour_ago, only_segment, write

from retrieval.articles import ArticleIndex
from retrieval.cache_files import damaged_files, describe, mark_damaged
from retrieval.cache_layout import FLAGS, MANIFEST
from retrieval.chunking import caption_count, is_caption, leaves_quote_open, refers_back
from retrieval.corpus import load_corpus
from retrieval.library import Library
from retrieval.passage_flags import CAPTION, CONTINUES
from retrieval.search import Searcher
from retrieval.store import open_library, update_library

# A quotation running on over two paragraphs, a paragraph pointing back, two captions;
# the last paragraph of the second leaves a quotation open, and the third opens by
# pointing back: of another article, it continues nothing.
MARKET = """Bupati Resmikan Pasar Baru di Pusat Kota

Bupati Suharsono meresmikan pasar baru di pusat kota pada Senin pagi.

“Pasar ini untuk warga. Kami ingin pedagang kecil punya tempat yang layak.

Kami juga akan membangun jalan menuju pasar tahun depan,” kata Bupati Suharsono.

Acara tersebut dihadiri ratusan pedagang dan warga sekitar pasar.

Pedagang ikan menunggu pembeli di los ikan yang baru. -FOTO: TOMMI/SUMEKS-

Pedagang menata dagangan di los baru (Foto/Antara)
"""
BRIDGE = """Jembatan Gantung Desa Sukamaju Diperbaiki

Dinas Pekerjaan Umum memperbaiki jembatan gantung Desa Sukamaju sejak Selasa.

Kepala dinas berkata, “Jembatan ini dipakai anak-anak ke sekolah setiap hari.
"""
RICE = """Harga Beras di Pasar Induk Turun

Acara tersebut tidak ada hubungannya: harga beras di pasar induk turun pekan ini.

Pedagang menyebut pasokan dari petani melimpah setelah panen raya.
"""
QUESTIONS = ["Siapa yang meresmikan pasar baru?", "Siapa yang menata dagangan di los baru?", "Apa yang diperbaiki Dinas Pekerjaan Umum?"]


@pytest.fixture
def corpus(corpus_copy) -> Path:
    """The seeds, the headline cut short and the three articles above, in this order,
    written an hour ago."""
    for name, text in (("cut_short", CUT_SHORT), ("flags_1", MARKET), ("flags_2", BRIDGE), ("flags_3", RICE)):
        write(corpus_copy, name, text)
    return dated_an_hour_ago(corpus_copy)


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


def with_a_doc_id_twice(corpus: Path, index_dir: Path, monkeypatch) -> Library:
    """flags_1.md is read before flags_1.txt, whose doc_id it takes: the build leaves
    the second's passages out from between the others'."""
    write(corpus, "flags_1", "# Pasar Lama Ditutup\n\nPasar lama di pusat kota ditutup sejak Senin.\n")
    (corpus / "flags_1.txt").rename(corpus / "flags_1.md")
    write(corpus, "flags_1", MARKET)
    library = update_library(corpus, index_dir, merge="off")[0]
    assert len(library.passages.documents) == len(list(corpus.iterdir())) - 1
    return library


VARIANTS = [*MADE, with_a_doc_id_twice]


def read_flags(library: Library) -> list[int]:
    """Each passage's flags as the texts say them, read the long way."""
    passages = library.passages
    texts, owners = passages.texts, passages.owners
    language = library.analyzer.language
    flags = []
    for passage, text in enumerate(texts):
        same_article = passage > 0 and owners[passage - 1] == owners[passage]
        continues = same_article and (leaves_quote_open(texts[passage - 1]) or refers_back(text, language))
        flags.append((CAPTION if is_caption(text, language) else 0) | (CONTINUES if continues else 0))
    return flags


@pytest.mark.parametrize("made", VARIANTS)
def test_the_stored_flags_are_what_the_texts_say(corpus, index_dir, monkeypatch, made: Callable[..., Library]):
    library = made(corpus, index_dir, monkeypatch)
    flags = library.passages.flags
    assert flags.dtype == np.uint8 and len(flags) == len(library.passages.texts)
    assert flags.tolist() == read_flags(library)
    # Both kinds stand in the corpus.
    assert (flags & CAPTION).any() and (flags & CONTINUES).any()


def test_no_passage_continues_another_articles(corpus, index_dir):
    library = open_library(corpus, index_dir)
    passages = library.passages
    texts, owners = passages.texts, passages.owners
    firsts = [p for p in range(1, len(texts)) if owners[p - 1] != owners[p]]
    across = [p for p in firsts if leaves_quote_open(texts[p - 1]) and refers_back(texts[p], library.analyzer.language)]
    assert [texts[p] for p in across] == [RICE.split("\n\n")[1]]
    assert not any(passages.continues(p) for p in firsts)


@pytest.mark.parametrize("made", VARIANTS)
def test_the_searcher_and_the_article_index_read_what_the_texts_say(corpus, index_dir, monkeypatch, made: Callable[..., Library]):
    library = made(corpus, index_dir, monkeypatch)
    searcher = Searcher(library)
    texts = library.passages.texts
    expected = read_flags(library)
    assert [searcher._said_before(p) for p in range(len(texts))] == [texts[p - 1] if f & CONTINUES else None for p, f in enumerate(expected)]
    articles = ArticleIndex(library)
    language = library.analyzer.language
    for owner in range(len(library.passages.documents)):
        passages = articles.passages(owner)
        assert len(articles.captions_of(owner)) == caption_count([texts[p] for p in passages], language)


def test_answers_from_stored_flags_are_those_of_a_library_built_in_memory(corpus, index_dir):
    built = Searcher(Library.from_corpus(load_corpus(corpus)))
    expected = [built.ask(q).to_json() for q in QUESTIONS]
    assert any(a.get("caption") for result in expected for a in result["answers"])  # a caption is answered
    for _ in range(2):  # built, then loaded
        searcher = Searcher(open_library(corpus, index_dir))
        assert [searcher.ask(q).to_json() for q in QUESTIONS] == expected


# -- damage --------------------------------------------------------------------------------


def flip_a_flag(path: Path, change: Callable[[int], int] = lambda flag: flag ^ CAPTION) -> None:
    """The first passage's flags changed, the size kept."""
    data = bytearray(path.read_bytes())
    at = len(data) - len(np.load(path, allow_pickle=False))  # .npy: the array is the file's tail
    data[at] = change(data[at])
    path.write_bytes(bytes(data))


def test_a_damaged_flags_array_fails_its_checksum_and_is_rebuilt(corpus, index_dir, caplog):
    open_library(corpus, index_dir)
    path = only_segment(index_dir) / FLAGS
    flip_a_flag(path)
    library = open_library(corpus, index_dir)
    warnings = [r.getMessage() for r in caplog.records if r.name == "retrieval.store"]
    assert library.origin == "built" and len(warnings) == 1 and f"{FLAGS} fails its checksum" in warnings[0]
    assert library.passages.flags.tolist() == read_flags(library)


def test_a_flags_array_damaged_with_its_size_and_time_kept_is_found_by_the_check(corpus, index_dir):
    open_library(corpus, index_dir)
    path = only_segment(index_dir) / FLAGS
    info = path.stat()
    flip_a_flag(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert open_library(corpus, index_dir).origin == "loaded"  # taken on trust at a start
    home = path.parent.parent
    number = int(max(p.name for p in home.iterdir() if p.name.startswith("gen-")).removeprefix("gen-"))
    assert damaged_files(home, number, set()) == [path]
    assert mark_damaged([path])
    library = open_library(corpus, index_dir)
    assert library.origin == "built" and library.passages.flags.tolist() == read_flags(library)


@pytest.mark.parametrize(
    "change",
    [
        lambda flag: flag | 0x80,  # a bit no flag is
        lambda flag: flag | CONTINUES,  # the first passage of an article continues nothing
    ],
)
def test_flags_no_passage_can_have_are_refused_even_with_valid_checksums(corpus, index_dir, caplog, change):
    open_library(corpus, index_dir)
    segment = only_segment(index_dir)
    flip_a_flag(segment / FLAGS, change)
    manifest = json.loads((segment / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][FLAGS] = describe(segment / FLAGS)
    (segment / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert open_library(corpus, index_dir).origin == "built"
    assert any("flags hold what no passage can be" in r.getMessage() for r in caplog.records if r.name == "retrieval.store")


def test_an_index_of_the_format_before_the_flags_is_rebuilt(corpus, index_dir, caplog):
    """A segment written before the flags (format 8) is not read as one with them."""
    open_library(corpus, index_dir)
    segment = only_segment(index_dir)
    (segment / FLAGS).unlink()
    manifest = json.loads((segment / MANIFEST).read_text(encoding="utf-8"))
    manifest["format"] = 8
    del manifest["files"][FLAGS]
    (segment / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    library = open_library(corpus, index_dir)
    assert library.origin == "built"
    assert any("unknown format" in r.getMessage() for r in caplog.records if r.name == "retrieval.store")
    assert open_library(corpus, index_dir).origin == "loaded"
    assert library.passages.flags.tolist() == read_flags(library)
