"""The persisted index: built once, loaded while the corpus is unchanged, brought up to
date when it changes, rebuilt when the cache is damaged, and never unpickled. (Segments,
deletions and merges in detail: tests/test_segments.py.)"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import numpy as np
import pytest

from bot.service import SearchService
from retrieval.analysis import Analyzer
from retrieval.corpus import CorpusError, load_corpus
from retrieval.removals import REMOVED_FILE
from retrieval.index import BM25Parameters
from retrieval.library import Library
from retrieval.search import Searcher
from retrieval.cache_files import damaged_files, indexed_columns, mark_damaged
from retrieval.cache_layout import MANIFEST, CacheKey
from retrieval.store import open_library
from retrieval.wording import body_wording

QUESTIONS_FILE = Path(__file__).resolve().parent / "data" / "seed_questions.jsonl"
NEW_ARTICLE = """Festival Layang-layang Parangtritis

Festival Layang-layang Pantai Parangtritis dibuka oleh Bupati Bantul, Suharsono Wibowo, pada Sabtu pagi.

Sebanyak 120 peserta dari sembilan provinsi menerbangkan layang-layang raksasa di pantai itu.
"""
NEW_QUESTION = "Siapa yang membuka Festival Layang-layang Pantai Parangtritis?"


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture(scope="module")
def questions() -> list[str]:
    lines = QUESTIONS_FILE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines[:12]]


def answers(library: Library, questions: list[str]) -> list[dict[str, object]]:
    searcher = Searcher(library)
    return [searcher.ask(q).to_json() for q in questions]


def fresh_answers(corpus: Path, questions: list[str]) -> list[dict[str, object]]:
    return answers(Library.from_corpus(load_corpus(corpus)), questions)


def cache_dirs(index_dir: Path) -> list[Path]:
    return sorted(p for p in index_dir.iterdir() if not p.name.startswith("."))


def segment_dirs(index_dir: Path) -> list[Path]:
    (cache,) = cache_dirs(index_dir)
    return sorted(p for p in cache.iterdir() if p.name.startswith("seg-"))


def only_segment(index_dir: Path) -> Path:
    (segment,) = segment_dirs(index_dir)
    return segment


def generation_dir(index_dir: Path) -> Path:
    (cache,) = cache_dirs(index_dir)
    return max(p for p in cache.iterdir() if p.name.startswith("gen-"))


def store_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "retrieval.store" and r.levelno >= logging.WARNING]


# -- built once, then loaded -------------------------------------------------------------


def test_first_open_builds_and_the_next_loads_the_same_answers(corpus_copy, index_dir, questions, caplog):
    built = open_library(corpus_copy, index_dir)
    with caplog.at_level(logging.INFO, logger="retrieval.store"):
        loaded = open_library(corpus_copy, index_dir)
    assert (built.origin, loaded.origin) == ("built", "loaded")
    assert any("loaded the index" in r.getMessage() for r in caplog.records)
    assert answers(loaded, questions) == answers(built, questions) == fresh_answers(corpus_copy, questions)
    assert [d.doc_id for d in loaded.documents] == [d.doc_id for d in built.documents]
    assert list(loaded.documents) == list(built.documents)
    assert len(cache_dirs(index_dir)) == 1


def test_the_cache_is_plain_data(corpus_copy, index_dir):
    open_library(corpus_copy, index_dir)
    (cache,) = cache_dirs(index_dir)
    parts = [p for p in cache.iterdir() if p.is_dir()]
    assert sorted(p.name[:4] for p in parts) == ["gen-", "seg-"]
    for part in parts:
        assert {p.suffix for p in part.iterdir()} <= {".npy", ".json"}
        manifest = json.loads((part / MANIFEST).read_text(encoding="utf-8"))
        assert set(manifest["files"]) == {p.name for p in part.iterdir()} - {MANIFEST}
        assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())


# -- corpus changes ----------------------------------------------------------------------


def add_article(corpus: Path) -> str:
    (corpus / "new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    return "new_article"


def change_article(corpus: Path) -> str:
    path = sorted(corpus.glob("*.txt"))[0]
    path.write_text(NEW_ARTICLE, encoding="utf-8")
    return path.stem


def remove_article(corpus: Path) -> str:
    path = sorted(corpus.glob("*.txt"))[-1]
    path.unlink()
    return path.stem


def test_an_update_listed_before_another_process_published_counts_none_of_its_articles_gone(corpus_copy, index_dir, questions):
    """``tanya ask`` lists the corpus while ``tanya add`` writes an article and publishes
    an index holding it: the ask's listing, taken first, lacks the article. Compared
    with that index it counted the article gone: recorded in the archive as removed by
    hand (feeds never add it again) and dropped from the index it published (H95). The
    listing is taken again instead, under the index's lock."""
    import retrieval.store as store
    from retrieval.cache_layout import CacheKey
    from retrieval.forked_scan import scanning

    open_library(corpus_copy, index_dir)
    analyzer = Analyzer()
    key = CacheKey(corpus_copy.resolve(), analyzer.version, BM25Parameters())
    checked_ns = time.time_ns()
    with scanning(corpus_copy) as listing:
        listing.result()  # the ask's listing, taken before the add wrote its article
        added = add_article(corpus_copy)
        assert open_library(corpus_copy, index_dir).origin == "updated"  # the add publishes
        updater = store._Updater(corpus_copy, index_dir / key.name, key, analyzer, BM25Parameters(), False, None)
        library, _ = updater.run(listing, checked_ns)
    assert added in [d.doc_id for d in library.documents]
    assert not (corpus_copy / REMOVED_FILE).exists(), "nothing was removed by hand"
    reopened = open_library(corpus_copy, index_dir)
    assert added in [d.doc_id for d in reopened.documents]
    assert answers(reopened, [NEW_QUESTION]) == fresh_answers(corpus_copy, [NEW_QUESTION])


def test_a_lower_case_question_takes_no_capitals_from_a_deleted_article(corpus_copy, index_dir):
    # The Rejang Lebong article (the first) is replaced: its passages stay in the segment,
    # marked deleted, and must not teach "rejang lebong" its capitals (retrieval/casing.py).
    open_library(corpus_copy, index_dir)
    change_article(corpus_copy)
    updated = open_library(corpus_copy, index_dir)
    assert updated.origin == "updated"
    question = "are asn in rejang lebong allowed to take part in politics"
    fresh = Library.from_corpus(load_corpus(corpus_copy))
    assert Searcher(updated).analyze(question).text == Searcher(fresh).analyze(question).text == question.replace("asn", "ASN")


@pytest.mark.parametrize("change", [add_article, change_article, remove_article])
def test_a_changed_corpus_is_updated_and_the_stale_cache_pruned(corpus_copy, index_dir, questions, change):
    open_library(corpus_copy, index_dir)
    doc_id = change(corpus_copy)
    library = open_library(corpus_copy, index_dir)
    assert library.origin == "updated"
    doc_ids = [d.doc_id for d in library.documents]
    if change is remove_article:
        assert doc_id not in doc_ids
    else:
        assert doc_id in [a["doc_id"] for a in Searcher(library).ask(NEW_QUESTION).to_json()["answers"]]
    assert answers(library, questions) == fresh_answers(corpus_copy, questions)
    assert open_library(corpus_copy, index_dir).origin == "loaded"
    assert len(cache_dirs(index_dir)) == 1
    assert len([p for p in cache_dirs(index_dir)[0].iterdir() if p.name.startswith("gen-")]) <= 2


def test_reload_picks_up_a_new_article_without_a_restart(corpus_copy, index_dir):
    service = SearchService(corpus_copy, index_dir)
    before = service.summary()
    assert "new_article" not in [a.doc_id for a in service.ask(NEW_QUESTION, 3).answers]
    add_article(corpus_copy)
    after = service.reload()
    assert after.documents == before.documents + 1
    assert after.paragraphs == before.paragraphs + 2
    assert service.ask(NEW_QUESTION, 3).answers[0].doc_id == "new_article"
    assert service.reload() == after
    assert service.searcher.library.origin == "loaded"


def test_unreadable_files_are_reported_on_loading_too(corpus_copy, index_dir, caplog):
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01 binary")
    for origin in ("built", "loaded"):
        caplog.clear()
        assert open_library(corpus_copy, index_dir).origin == origin
        skipping = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert skipping == [f"skipping {corpus_copy / 'broken.txt'}: binary file"]


def test_corpora_keep_their_caches_side_by_side(corpus_copy, seeds_dir, index_dir):
    open_library(seeds_dir, index_dir)
    open_library(corpus_copy, index_dir)
    assert len(cache_dirs(index_dir)) == 2
    assert open_library(seeds_dir, index_dir).origin == "loaded"


def test_parameters_and_analyzer_are_part_of_the_key(corpus_copy, index_dir):
    open_library(corpus_copy, index_dir)
    tuned = open_library(corpus_copy, index_dir, parameters=BM25Parameters(k1=1.2))
    assert tuned.origin == "built"
    assert tuned.index.parameters == BM25Parameters(k1=1.2)
    assert open_library(corpus_copy, index_dir, parameters=BM25Parameters(k1=1.2)).origin == "loaded"


def test_a_file_rewritten_within_the_same_clock_tick_is_still_seen(corpus_copy, index_dir):
    """Same size, same modification time, other bytes: a file changed again within the
    file system's clock tick after it was indexed is hashed again, not trusted by its stat."""
    path = sorted(corpus_copy.glob("*.txt"))[0]
    path.write_bytes(path.read_bytes())  # written just now, as a feed writes an article
    open_library(corpus_copy, index_dir)
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("a", "o", 1) if "a" in text else text.upper(), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    library = open_library(corpus_copy, index_dir)
    assert library.origin == "updated"
    assert [d for d in library.documents if d.doc_id == path.stem][0].paragraphs == load_corpus(corpus_copy).documents[0].paragraphs


# -- damage ------------------------------------------------------------------------------


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(len(data) - 40, len(data) - 30):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def garble(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8")[:-3] + "}{", encoding="utf-8")


def delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize(
    "damage, name",
    [
        (truncate, "postings.npy"),
        (truncate, "offsets.npy"),
        (truncate, "text_offsets.npy"),
        (flip_bytes, "texts.npy"),
        (flip_bytes, "frequencies.npy"),
        (garble, "vocabulary.json"),
        (truncate, "document_offsets.npy"),
        (flip_bytes, "document_text.npy"),
        (delete, "paragraphs.npy"),
        (garble, MANIFEST),
        (delete, "lengths.npy"),
        (delete, MANIFEST),
        (garble, "records.json"),
        (delete, "deleted.json"),
        (flip_bytes, "terms.npy"),
        (truncate, "term_rows.npy"),
        (truncate, "record_paths.npy"),
        (truncate, "records.npy"),
        (flip_bytes, "hashes.npy"),
    ],
)
def test_a_damaged_cache_is_reported_once_and_rebuilt(corpus_copy, index_dir, questions, caplog, damage, name):
    import retrieval.cache_layout as cache_layout

    open_library(corpus_copy, index_dir)
    (cache,) = cache_dirs(index_dir)
    damage((generation_dir(index_dir) if name in cache_layout.GENERATION_FILES else only_segment(index_dir)) / name)
    library = open_library(corpus_copy, index_dir)
    warnings = store_warnings(caplog)
    assert len(warnings) == 1
    assert "damaged" in warnings[0] and "rebuilding" in warnings[0] and str(cache) in warnings[0]
    assert library.origin == "built"
    assert answers(library, questions) == fresh_answers(corpus_copy, questions)
    assert open_library(corpus_copy, index_dir).origin == "loaded"


class Trap:
    """Unpickling this runs code: it creates a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_pickled_array_is_refused_even_with_a_valid_checksum(corpus_copy, index_dir, tmp_path, caplog):
    import retrieval.cache_files as cache_files

    open_library(corpus_copy, index_dir)
    cache = only_segment(index_dir)
    marker = tmp_path / "unpickled"
    np.save(cache / "postings.npy", np.array([Trap(marker)], dtype=object), allow_pickle=True)
    manifest = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["postings.npy"] = cache_files.describe(cache / "postings.npy")
    (cache / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    library = open_library(corpus_copy, index_dir)
    assert library.origin == "built"
    assert not marker.exists()
    assert len(store_warnings(caplog)) == 1


def test_an_unwritable_index_dir_costs_only_the_cache(corpus_copy, tmp_path, questions, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    library = open_library(corpus_copy, blocked)
    assert library.origin == "built"
    assert any("cannot write the index cache" in m for m in store_warnings(caplog))
    assert answers(library, questions) == fresh_answers(corpus_copy, questions)


def test_a_failed_write_leaves_no_cache_behind(corpus_copy, index_dir, monkeypatch, caplog):
    def full_disk(path, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "save", full_disk)  # every array the cache writes
    assert open_library(corpus_copy, index_dir).origin == "built"
    assert os.listdir(index_dir) == []
    assert any("No space left" in m for m in store_warnings(caplog))


def test_leftovers_of_dead_builds_are_pruned_and_live_ones_kept(corpus_copy, index_dir):
    key_prefix = CacheKey(corpus_copy.resolve(), "", BM25Parameters()).corpus_prefix
    index_dir.mkdir()
    dead = index_dir / f".tmp-{key_prefix}0.999999999.ab12"
    live = index_dir / f".tmp-{key_prefix}0.{os.getpid()}.cd34"
    other = index_dir / ".tmp-0000000000000000-0.999999999.ef56"
    for path in (dead, live, other):
        path.mkdir()
    open_library(corpus_copy, index_dir)
    assert not dead.exists()
    assert live.exists() and other.exists()


def test_no_progress_bar_when_stderr_is_not_a_terminal(corpus_copy, index_dir, capsys):
    assert open_library(corpus_copy, index_dir, progress=True).origin == "built"
    assert capsys.readouterr().err == ""


# -- altered past the checksums (issue 17, item 10) ------------------------------------------


def rewrite(cache: Path, name: str, change) -> None:
    """Change the array ``name`` with ``change`` and record the result in the manifest,
    as someone who meant to would: the checksums alone cannot tell."""
    import retrieval.cache_files as cache_files

    array = np.load(cache / name, allow_pickle=False).copy()
    change(array)
    np.save(cache / name, array, allow_pickle=False)
    manifest = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][name] = cache_files.describe(cache / name)
    (cache / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def past_the_end(array: np.ndarray) -> None:
    array[len(array) // 2] = np.iinfo(array.dtype).max


def negative(array: np.ndarray) -> None:
    array[len(array) // 2] = -1


def backwards(array: np.ndarray) -> None:
    middle = len(array) // 2
    array[middle] = array[middle + 1] + 1


def zero(array: np.ndarray) -> None:
    array[0] = 0


@pytest.mark.parametrize(
    ("name", "change", "reason"),
    [
        ("postings.npy", past_the_end, "a posting names no passage"),
        ("postings.npy", negative, "a posting names no passage"),
        ("lengths.npy", negative, "a passage length is negative"),
        ("offsets.npy", backwards, "offsets go backwards"),
        ("text_offsets.npy", backwards, "the text offsets go backwards"),
        ("text_offsets.npy", past_the_end, "the text offsets go backwards"),
        ("numbers.npy", zero, "the paragraph numbers do not fit"),
    ],
)
def test_numbers_out_of_range_are_damage_even_with_valid_checksums(corpus_copy, index_dir, questions, caplog, name, change, reason):
    """Out of range, they would fail questions with IndexError; they are caught on
    loading, reported in one line and the index rebuilt."""
    open_library(corpus_copy, index_dir)
    rewrite(only_segment(index_dir), name, change)
    library = open_library(corpus_copy, index_dir)
    warnings = store_warnings(caplog)
    assert len(warnings) == 1 and "damaged" in warnings[0] and reason in warnings[0]
    assert library.origin == "built"
    assert answers(library, questions) == fresh_answers(corpus_copy, questions)
    assert open_library(corpus_copy, index_dir).origin == "loaded"


def test_texts_that_are_not_utf8_show_replacement_characters_not_errors(corpus_copy, index_dir):
    """A stored passage altered into bytes that are not UTF-8 (offsets intact, checksums
    rewritten) costs that passage its text, not the question its answer."""
    open_library(corpus_copy, index_dir)
    rewrite(only_segment(index_dir), "texts.npy", lambda blob: blob.__setitem__(slice(0, 4), 0xFF))
    library = open_library(corpus_copy, index_dir)
    assert library.origin == "loaded"
    assert library.passages.texts[0].startswith("\ufffd" * 4)
    assert Searcher(library).ask("Siapa Pjs Bupati Bengkulu Selatan?").answers


# -- damaged on disk, size and time kept (bit rot; a copy that kept the times) ---------------


def damage_keeping_size_and_time(path: Path) -> None:
    info = path.stat()
    flip_bytes(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def loaded_generation(index_dir: Path) -> tuple[Path, int]:
    (home,) = cache_dirs(index_dir)
    return home, int(generation_dir(index_dir).name.removeprefix("gen-"))


@pytest.mark.parametrize("name", ["texts.npy", "frequencies.npy", "document_text.npy", "gen/hashes.npy"])
def test_damage_a_start_takes_on_trust_is_found_by_the_check_and_rebuilt_at_the_next_load(corpus_copy, index_dir, questions, caplog, name):
    """A start takes a file of its recorded size and time as written (hashing a million
    paragraphs' files would cost seconds); the check hashes them afterwards, marks what
    fails, and the next load rebuilds. (Damage the load itself finds, out-of-range
    numbers or text that is no UTF-8 where it is decoded whole, is rebuilt at once.)"""
    open_library(corpus_copy, index_dir)
    segment = only_segment(index_dir)
    damaged = generation_dir(index_dir) / name.removeprefix("gen/") if name.startswith("gen/") else segment / name
    damage_keeping_size_and_time(damaged)
    assert open_library(corpus_copy, index_dir).origin == "loaded"
    home, number = loaded_generation(index_dir)
    checked: set[str] = set()
    assert damaged_files(home, number, checked) == [damaged]
    assert checked == {segment.name, generation_dir(index_dir).name}
    assert damaged_files(home, number, checked) == [], "each directory once a process: no check finds it again"
    assert mark_damaged([damaged])
    caplog.clear()
    library = open_library(corpus_copy, index_dir)
    (warning,) = store_warnings(caplog)
    assert f"{damaged.name} fails its checksum" in warning and "rebuilding" in warning
    assert library.origin == "built"
    assert answers(library, questions) == fresh_answers(corpus_copy, questions)


def unclosed_header(path: Path) -> None:
    """The header's closing brace made an opening bracket, size and time kept: numpy
    reads the header with Python's tokenizer, which raises its own TokenError."""
    info = path.stat()
    data = bytearray(path.read_bytes())
    at = data.index(b"}")
    data[at : at + 1] = b"("
    path.write_bytes(bytes(data))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


@pytest.mark.parametrize("name", ["numbers.npy", "paragraphs.npy", "postings.npy", "gen/records.npy"])
def test_a_header_numpy_cannot_read_is_damage_reported_and_rebuilt(corpus_copy, index_dir, questions, caplog, name):
    """Taken on trust (size and time kept), the file is read and its header fails: the
    index is reported damaged and rebuilt, not a traceback (`tanya ask` showed one)."""
    open_library(corpus_copy, index_dir)
    damaged = generation_dir(index_dir) / name.removeprefix("gen/") if name.startswith("gen/") else only_segment(index_dir) / name
    unclosed_header(damaged)
    library = open_library(corpus_copy, index_dir)
    (warning,) = store_warnings(caplog)
    assert "damaged" in warning and "header cannot be read" in warning and "rebuilding" in warning
    assert library.origin == "built"
    assert answers(library, questions) == fresh_answers(corpus_copy, questions)


def test_the_check_of_a_sound_index_finds_nothing_and_changes_nothing(corpus_copy, index_dir, caplog):
    open_library(corpus_copy, index_dir)
    home, number = loaded_generation(index_dir)
    assert damaged_files(home, number, set()) == []
    assert open_library(corpus_copy, index_dir).origin == "loaded"
    assert store_warnings(caplog) == []


def test_a_file_that_cannot_be_marked_is_said_so(tmp_path):
    """An index this user may not write: its damaged files cannot be given the time that
    makes the next load hash them, and the service must not reload (it would load them
    on trust again, and check again, for ever: H96)."""
    assert mark_damaged([tmp_path / "gone" / "texts.npy"]) is False


def test_a_running_service_rebuilds_an_index_found_damaged_on_disk(corpus_copy, index_dir, questions, caplog):
    """The bot and the chat check their index's files once a start has loaded it, beside
    the questions, and rebuild it when one fails its checksum."""
    open_library(corpus_copy, index_dir)
    damage_keeping_size_and_time(only_segment(index_dir) / "texts.npy")
    service = SearchService(corpus_copy, index_dir)
    deadline = time.monotonic() + 60
    while service.searcher.library.origin != "built" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert service.searcher.library.origin == "built"
    assert [service.searcher.ask(q).to_json() for q in questions] == fresh_answers(corpus_copy, questions)
    said = [r.getMessage() for r in caplog.records if r.name == "bot.service" and r.levelno >= logging.WARNING]
    assert len(said) == 1 and "fail their checksums" in said[0] and "texts.npy" in said[0] and "rebuilding" in said[0]


def test_a_cache_of_the_previous_format_is_rebuilt(corpus_copy, index_dir, caplog):
    open_library(corpus_copy, index_dir)
    cache = only_segment(index_dir)
    manifest = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    manifest["format"] = 3
    (cache / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert open_library(corpus_copy, index_dir).origin == "built"
    assert "unknown format" in store_warnings(caplog)[0]


# -- the document columns tanya add tells duplicates by ------------------------------------


def test_the_index_keeps_each_documents_url_and_wording_for_telling_duplicates(corpus_copy, index_dir):
    assert indexed_columns(corpus_copy, index_dir) is None  # nothing indexed yet: open instead
    library = open_library(corpus_copy, index_dir)
    columns = indexed_columns(corpus_copy, index_dir)
    assert columns is not None
    documents = list(library.documents)
    assert list(columns.doc_ids) == [d.doc_id for d in documents]
    assert list(columns.urls) == [d.url for d in documents]
    assert list(columns.wordings) == [body_wording(d.paragraphs) for d in documents]
    assert all(len(w) == 64 for w in columns.wordings)
    assert library.document_columns() == columns


def test_the_columns_leave_out_deleted_documents_and_take_in_new_ones(corpus_copy, index_dir):
    open_library(corpus_copy, index_dir)
    removed = remove_article(corpus_copy)
    added = add_article(corpus_copy)
    library = open_library(corpus_copy, index_dir)
    assert library.origin == "updated"
    columns = indexed_columns(corpus_copy, index_dir)
    assert columns is not None
    assert removed not in columns.doc_ids and added in columns.doc_ids
    assert list(columns.doc_ids) == [d.doc_id for d in library.documents]
    assert list(library.document_columns().wordings) == list(columns.wordings)


def no_doc_id(missing: np.ndarray) -> None:
    missing[0, 0] = True


def past_the_text(offsets: np.ndarray) -> None:
    offsets[-1, -1] += 1


@pytest.mark.parametrize(
    "name, change",
    [("document_offsets.npy", backwards), ("document_offsets.npy", past_the_text), ("document_missing.npy", no_doc_id)],
)
def test_damaged_columns_are_no_answer_rather_than_a_wrong_one(corpus_copy, index_dir, name, change):
    """Altered with their checksums rewritten: no columns for tanya add, and a rebuild
    for the start."""
    open_library(corpus_copy, index_dir)
    rewrite(only_segment(index_dir), name, change)
    assert indexed_columns(corpus_copy, index_dir) is None
    assert open_library(corpus_copy, index_dir).origin == "built"


# -- what a start says about the corpus ---------------------------------------------------


def test_a_corpus_with_nothing_to_read_names_every_kind_that_is_read(tmp_path, index_dir):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError) as error:
        open_library(tmp_path / "empty", index_dir)
    assert str(error.value) == f"no readable articles (.txt .md .html .htm .pdf) in {tmp_path / 'empty'}"
    with pytest.raises(CorpusError) as error:
        load_corpus(tmp_path / "empty")
    assert str(error.value) == f"no readable articles (.txt .md .html .htm .pdf) in {tmp_path / 'empty'}"


def test_a_start_counts_the_skipped_files_once_after_naming_them(corpus_copy, index_dir, caplog):
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01 binary")
    (corpus_copy / "empty.md").write_bytes(b"")
    with caplog.at_level(logging.WARNING):
        service = SearchService(corpus_copy, index_dir)
        warnings = [r.getMessage() for r in caplog.records]
        assert warnings == [
            f"skipping {corpus_copy / 'broken.txt'}: binary file",
            f"skipping {corpus_copy / 'empty.md'}: empty file",
            "2 files skipped (see above)",
        ]
        caplog.clear()
        service.ask(NEW_QUESTION, 3)
        assert caplog.records == []  # a question says nothing of them
