"""H48's review of the stop after c5258b5: the bugs it found, each held mended.

- a "who said ..." question typed in title case is read as "who is X" (identity) and
  answered with the quotation alone, the speaker's name cut off;
- "bang", "min", "gan"... taken off a question's end as a form of address, though they
  end a name ("Big Bang"): the question loses its distinguishing word, and a passage
  about another thing answers it;
- a message asking a question and a follow-up about its subject ("Siapa Pj Bupati Muba?
  Apa yang dia larang?") is split, and the follow-up, asked alone, is answered from
  another person's article;
- a retraction recorded under a misconfigured site's shared canonical address makes
  every later article of that site whose page gives the same canonical look retracted:
  a feed never adds them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.policy import questions_in
from local_http import Route, Site, serve
from retrieval.chunking import parse_article
from retrieval.corpus import load_corpus
from retrieval.library import Library
from retrieval.search import Searcher
from retrieval.store import open_library

MUBA = "003_16e99507f5c9788d"


# --- identity: "who said" in title case ----------------------------------------------


def test_a_who_said_question_in_title_case_still_names_the_speaker(searcher):
    # The blind set's b3-36 ("Siapa yang bilang 'Jangan menyebarkan ...'?") answers with
    # Pj Bupati Apriyadi Mahmud's paragraph; typed in title case every word is
    # capitalised, so _asks_who_someone_is takes the quotation's words for a name.
    # Before this stop the same paragraph answered both.
    lower = searcher.ask("Siapa yang bilang jangan menyebarkan informasi hoaks?").answers[0]
    assert "Apriyadi" in lower.excerpt  # holds today
    title = searcher.ask("Siapa Yang Bilang Jangan Menyebarkan Informasi Hoaks?").answers[0]
    assert "Apriyadi" in title.excerpt, title.excerpt  # today: '"Jangan menyebarkan ..." tegasnya.'


# --- forms of address at a question's end ----------------------------------------------

BIG_SALE = """Big Sale Pusat Belanja Palembang

Pusat belanja di Palembang menggelar Big Sale pada Minggu, 20 Oktober 2024, dengan potongan harga hingga 70 persen.

Manajer pusat belanja, Budi Santoso, mengatakan konser musik lokal digelar bersamaan dengan Big Sale.

Pengunjung diperkirakan mencapai 10.000 orang selama Big Sale berlangsung.
"""


@pytest.mark.xfail(
    strict=True,
    reason="the name is kept, but the no-answer model fitted again on 2026-12-02 passes the Big Sale paragraph (0.521 >= 0.482; 0.442 with the model bundled before)",
)
def test_a_name_ending_in_an_address_word_keeps_it(tmp_path, seeds_dir):
    corpus = tmp_path / "arsip"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "big-sale.txt").write_text(BIG_SALE, encoding="utf-8")
    searcher = Searcher(Library.from_corpus(load_corpus(corpus)))
    # No article is about Big Bang: before this stop, refused; now read as "Berapa
    # pengunjung Big?" and answered "Pengunjung ... selama Big Sale berlangsung".
    assert searcher.ask("Berapa pengunjung Big Bang?").answers == ()


# --- several questions in one message ----------------------------------------------------


def test_a_follow_up_in_the_same_message_is_not_answered_about_someone_else(searcher):
    message = "Siapa Pj Bupati Muba? Apa yang dia larang?"
    # Before this stop the message was searched whole and answered from Muba's article.
    # Now its second question is searched alone, "dia" standing for no one, and Herwan
    # Antoni of Rejang Lebong answers ("ASN dilarang ... tegas Herwan Antoni").
    firsts = [searcher.ask(part).answers[:1] for part in questions_in(message)]
    assert all(answer.doc_id == MUBA for first in firsts for answer in first), [
        (answer.doc_id, answer.excerpt[:80]) for first in firsts for answer in first
    ]


# --- retractions under a misconfigured site's shared canonical ---------------------------

STORIES = {
    "/a": ("Jembatan Ampera Ditutup Sementara", "PALEMBANG – Jembatan Ampera ditutup sementara untuk perbaikan pada Minggu, kata Kepala Dinas PU, Ahmad Rizal. Perbaikan berlangsung dua pekan."),
    "/b": ("Pasar 16 Ilir Terbakar", "PALEMBANG – Pasar 16 Ilir terbakar pada Senin dini hari, kata Kepala Damkar Palembang, Budi Hartono. Api padam setelah tiga jam."),
    "/c": ("Harga Karet Naik di Baturaja", "BATURAJA – Harga karet di Baturaja naik menjadi Rp 12.000 per kilogram pekan ini, kata petani setempat, Suryadi. Kenaikan dipicu permintaan ekspor."),
}


def _page(title: str, paragraph: str) -> bytes:
    # Every page gives one canonical address: the misconfiguration ingest.Archive guards.
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title><link rel="canonical" href="{{base}}/kanon/asli"></head>'
        f"<body><article><h1>{title}</h1><p>{paragraph}</p><p>{paragraph[:60]} lanjutan berita ini.</p></article></body></html>"
    ).encode()


def _feed(paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{STORIES[p][0]}</title><link>{{base}}{p}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><link>{{base}}/</link>{items}</channel></rss>'.encode()


def test_a_new_article_under_a_retracted_articles_shared_canonical_is_added(tmp_path, capsys):
    site = Site(routes={
        **{path: Route(_page(*story)) for path, story in STORIES.items()},
        "/rss-1": Route(_feed(["/a", "/b"]), "application/rss+xml"),
        "/rss-2": Route(_feed(["/a", "/b", "/c"]), "application/rss+xml"),
    })
    corpus, index = tmp_path / "arsip", tmp_path / "index"
    with serve(site):
        assert main(["add", "--corpus", str(corpus), "--index-dir", str(index), site.url("/rss-1")]) == 0
        capsys.readouterr()
        # The first keeps the site's canonical (ingest._add), the second its own address.
        first = next(p for p in corpus.iterdir() if parse_article(p.read_text(encoding="utf-8")).url == site.url("/kanon/asli"))
        first.unlink()  # the newsroom retracts it
        open_library(corpus, index)  # the bot's next look records the removal
        main(["add", "--corpus", str(corpus), "--index-dir", str(index), site.url("/rss-2")])
        lines = capsys.readouterr().out.splitlines()
    # /a stays out (a retraction); /c was never in the archive, but its page's canonical
    # is the one the retracted article was stored under: "removed from the archive by hand".
    assert any(line.startswith(f"added: {site.url('/c')}: ") for line in lines), lines


# --- a moved article recorded as removed ---------------------------------------------------


def test_an_article_moved_into_a_subfolder_is_not_recorded_as_removed(tmp_path, seeds_dir):
    from retrieval.removals import read_removed

    corpus, index = tmp_path / "arsip", tmp_path / "index"
    shutil.copytree(seeds_dir, corpus)
    open_library(corpus, index)
    moved = corpus / "000_56970b467c1ddc30.txt"
    (corpus / "2024").mkdir()
    moved.rename(corpus / "2024" / moved.name)  # filed by year: still in the archive
    open_library(corpus, index)
    # The record (which the operator is told to read, and which feeds obey) lists the
    # article as removed by hand, though it is still answered from.
    assert read_removed(corpus).wordings == frozenset()
