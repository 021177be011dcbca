"""Articles removed from the archive by hand are remembered, so a feed does not bring
them back; added again by their own address, they come back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from local_http import news_site, serve
from retrieval.corpus import EmptyCorpus
from retrieval.removals import REMOVED_FILE, Removal, Removed, read_removed, record_removals
from retrieval.store import open_library


def tanya(capsys, *args: str) -> list[str]:
    main(list(args))
    return capsys.readouterr().out.splitlines()


def statuses(lines: list[str]) -> list[str]:
    return [line.split(": ", 1)[0] for line in lines[:-1]]


def articles(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.txt") if not p.name.startswith("."))


@pytest.fixture
def site():
    with serve(news_site()) as served:
        yield served


def test_the_record_reads_back_what_was_written_tabs_and_all(tmp_path):
    record_removals(tmp_path, [Removal("a", "https://site.example/a", "w1"), Removal("b\tc", None, "w\n2")])
    record_removals(tmp_path, [Removal("d", "https://site.example/d", "w3")])
    text = (tmp_path / REMOVED_FILE).read_text(encoding="utf-8")
    assert text.count("# Articles removed") == 1, "one header, however many appends"
    assert all(len(line.split("\t")) == 5 for line in text.splitlines() if not line.startswith("#"))
    assert read_removed(tmp_path).urls == {"https://site.example/a": ("a", ""), "https://site.example/d": ("d", "")}
    assert read_removed(tmp_path).wordings == {"w1", "w 2", "w3"}


def test_no_record_reads_as_nothing_removed(tmp_path):
    assert read_removed(tmp_path).urls == {} and read_removed(tmp_path).wordings == frozenset()


def test_a_record_that_cannot_be_written_is_logged_not_raised(tmp_path, caplog):
    # A read-only archive (a bot only answering from it) is what this stands for: root,
    # which CI runs as, writes into any folder, but not into a folder named as the file.
    (tmp_path / REMOVED_FILE).mkdir()
    record_removals(tmp_path, [Removal("a", "https://site.example/a", "w1")])
    assert "could not record" in caplog.text
    assert read_removed(tmp_path).urls == {}


def test_an_update_records_a_removed_article_not_a_corrected_one(tmp_path):
    corpus, index = tmp_path / "arsip", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.txt").write_text("URL: https://site.example/a\n\nJudul A\n\nApel pagi di Kantor Bupati diikuti 500 ASN.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Judul B\n\nRapat kerja digelar di Aula Bina Praja.\n", encoding="utf-8")
    open_library(corpus, index)
    (corpus / "a.txt").unlink()
    (corpus / "b.txt").write_text("Judul B\n\nRapat kerja digelar di Aula Bina Praja II.\n", encoding="utf-8")  # a correction
    open_library(corpus, index)
    lines = [line.split("\t") for line in (corpus / REMOVED_FILE).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert [(doc_id, url, title) for _, doc_id, url, _, title in lines] == [("a", "https://site.example/a", "Judul A")]
    assert load_ids(corpus) == ["b"], "the record is no article"


def load_ids(corpus: Path) -> list[str]:
    from retrieval.corpus import load_corpus

    return [d.doc_id for d in load_corpus(corpus).documents]


def test_a_retracted_article_is_not_brought_back_by_its_feed_but_by_its_address(site, tmp_path, capsys):
    corpus = tmp_path / "arsip"
    feed = site.url("/rss.xml")
    assert "added" in statuses(tanya(capsys, "add", "--corpus", str(corpus), feed))
    retracted = next(p for p in articles(corpus) if p.name.startswith("jembatan-"))
    retracted.unlink()
    lines = tanya(capsys, "add", "--corpus", str(corpus), feed)  # the next hour
    assert not retracted.exists()
    (said,) = [line for line in lines if "removed from the archive by hand" in line]
    assert lines[-1] == "0 added, 1 already in the archive, 1 removed by hand, 1 failed"
    link = said.split(": ", 2)[1]  # the feed's link to it
    lines = tanya(capsys, "add", "--corpus", str(corpus), link)  # the operator asks for it
    assert statuses(lines) == ["added"], lines
    assert statuses(tanya(capsys, "add", "--corpus", str(corpus), feed)) == ["skipped", "skipped", "failed"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_bot_tells_an_admin_a_retraction_from_a_duplicate(language):
    from bot.presenter import text
    from bot.telegram_adds import outcome_line
    from retrieval.ingest import Outcome

    assert outcome_line(language, Outcome.retracted("https://site.example/a")).startswith(text(language, "add_removed")[:10])
    assert "()" not in outcome_line(language, Outcome.retracted("https://site.example/a"))
    assert "a-1" in outcome_line(language, Outcome.skipped("https://site.example/a", "a-1"))


def test_the_last_article_removed_is_recorded_once_however_often_the_update_is_tried(tmp_path):
    """Removing every article fails the update (an empty folder may be an unmounted
    disk), after the removal was recorded: each look tried again appended it again."""
    corpus, index = tmp_path / "arsip", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.txt").write_text("URL: https://site.example/a\n\nJudul A\n\nApel pagi di Kantor Bupati diikuti 500 ASN.\n", encoding="utf-8")
    open_library(corpus, index)
    (corpus / "a.txt").unlink()
    for _ in range(3):
        with pytest.raises(EmptyCorpus):
            open_library(corpus, index)
    lines = [line for line in (corpus / REMOVED_FILE).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert [line.split("\t")[1:3] for line in lines] == [["a", "https://site.example/a"]]


def write_two(corpus: Path) -> None:
    corpus.mkdir()
    (corpus / "a.txt").write_text("URL: https://site.example/a\n\nJudul A\n\nApel pagi di Kantor Bupati diikuti 500 ASN.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Judul B\n\nRapat kerja digelar di Aula Bina Praja.\n", encoding="utf-8")


@pytest.mark.parametrize("names", [["a.txt", "b.txt"], ["a.txt"]])
def test_articles_gone_with_the_archive_emptied_and_back_unchanged_are_no_removal(tmp_path, names):
    """Every file moved away (a disk not mounted) and back unchanged: the update that
    found the archive empty recorded each article as removed by hand, and no later one
    read them again to mark them returned (helper-106: 15 live articles stood retracted)."""
    corpus, index = tmp_path / "arsip", tmp_path / "index"
    write_two(corpus)
    if names == ["a.txt"]:
        (corpus / "b.txt").unlink()  # an archive of one
    open_library(corpus, index)
    away = tmp_path / "away"
    away.mkdir()
    for name in names:
        (corpus / name).rename(away / name)
    with pytest.raises(EmptyCorpus):
        open_library(corpus, index)
    assert "https://site.example/a" in read_removed(corpus).urls  # a retraction is kept at once
    for name in names:
        (away / name).rename(corpus / name)
    assert sorted(d.doc_id for d in open_library(corpus, index).documents) == [n[:-4] for n in names]
    assert read_removed(corpus) == Removed()
    open_library(corpus, index)  # the note is gone: nothing marked again
    assert len([line for line in (corpus / REMOVED_FILE).read_text(encoding="utf-8").splitlines() if line.endswith("\treturned")]) == len(names)
    (corpus / "a.txt").unlink()
    (corpus / "c.txt").write_text("Judul C\n\nPasar murah digelar di Sekayu.\n", encoding="utf-8")
    open_library(corpus, index)  # then retracted, with another article left: recorded again
    assert list(read_removed(corpus).urls) == ["https://site.example/a"]


def test_retractions_found_with_the_archive_emptied_outlive_the_index_cache(tmp_path):
    # helper-107: recorded only by a later update, they were lost with a wiped cache.
    corpus, index = tmp_path / "arsip", tmp_path / "index"
    write_two(corpus)
    open_library(corpus, index)
    for name in ("a.txt", "b.txt"):
        (corpus / name).unlink()
    with pytest.raises(EmptyCorpus):
        open_library(corpus, index)
    shutil.rmtree(index)
    (corpus / "d.txt").write_text("Judul D\n\nPasar murah digelar di Sekayu.\n", encoding="utf-8")
    assert [d.doc_id for d in open_library(corpus, index).documents] == ["d"]
    assert list(read_removed(corpus).urls) == ["https://site.example/a"] and len(read_removed(corpus).wordings) == 2


def test_a_removal_is_written_again_only_when_the_record_lacks_it(tmp_path):
    record_removals(tmp_path, [Removal("a", "https://site.example/a", "w1"), Removal("t", None, "w2")])
    record_removals(tmp_path, [Removal("a", "https://site.example/a", "w1"), Removal("t", None, "w2")])  # both known
    record_removals(tmp_path, [Removal("a2", "https://site.example/a2", "w1")])  # the same words under another address
    lines = [line.split("\t")[1] for line in (tmp_path / REMOVED_FILE).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines == ["a", "t", "a2"]


@pytest.mark.parametrize("how", ["folder renamed away and back", "moved and corrected in one edit"])
def test_an_article_whose_file_comes_back_is_no_longer_recorded_as_removed(tmp_path, how):
    """A folder renamed away for a moment (an unmounted disk looks so) between two
    updates, or an article moved and corrected at once, was recorded as removed by hand
    for good, and feeds never brought a later version of it (H97)."""
    corpus, index = tmp_path / "arsip", tmp_path / "index"
    (corpus / "feed").mkdir(parents=True)
    (corpus / "b.txt").write_text("Judul B\n\nRapat kerja digelar di Aula Bina Praja.\n", encoding="utf-8")
    article = "URL: https://site.example/a\n\nJudul A\n\nApel pagi di Kantor Bupati diikuti 500 ASN.\n"
    (corpus / "feed" / "a.txt").write_text(article, encoding="utf-8")
    open_library(corpus, index)
    if how == "folder renamed away and back":
        (corpus / "feed").rename(tmp_path / "away")
        open_library(corpus, index)
        assert "https://site.example/a" in read_removed(corpus).urls  # what an update can tell
        (tmp_path / "away").rename(corpus / "feed")
    else:
        (corpus / "feed" / "a.txt").unlink()
        (corpus / "a.txt").write_text(article.replace("500 ASN", "600 ASN"), encoding="utf-8")
    open_library(corpus, index)
    assert read_removed(corpus).urls == {} and read_removed(corpus).wordings == frozenset()
    assert sorted(load_ids(corpus)) == sorted(["b", "feed/a" if how.startswith("folder") else "a"])

    (corpus / ("feed/a.txt" if how.startswith("folder") else "a.txt")).unlink()  # then removed by hand: recorded again
    open_library(corpus, index)
    assert list(read_removed(corpus).urls) == ["https://site.example/a"]
