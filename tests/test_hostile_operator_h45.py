"""The operator of a growing archive (brief H45): an hourly cron `tanya add` of pages,
feeds, PDFs and pasted text files, editors correcting and reorganising articles by hand,
the bot answering from the same corpus. Each test states what the operator should get;
the ones marked xfail are findings: the archive holds a duplicate, misses or resurrects
an article, puts it where nobody reads it, or says something that does not say what to do.

Everything is served from 127.0.0.1 (tests/local_http.py) and run through ``bot.cli.main``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from local_http import HTML, NEWS_DATA, Route, make_pdf, news_site, serve
from retrieval.chunking import parse_article
from retrieval.corpus import load_corpus
from retrieval.ingest import Archive

PASAR = (NEWS_DATA / "berita_pasar.html").read_text(encoding="utf-8")
PASAR_TITLE = "Pasar Tradisional Sekayu Direvitalisasi"
CANONICAL = '<link rel="canonical" href="https://wartamuba.example/ekonomi/2024/11/pasar-sekayu">'
# An article's page with a paragraph that differs at every fetch, as news sites print
# a read counter or a "last updated" line inside the article body.
COUNTED = "<p>Artikel ini telah dibaca {n} kali oleh pembaca Warta Muba sejak diterbitkan pagi ini.</p></article>"
PASTED = (
    "Title: KPU Lahat Tetapkan 812 TPS\n\n"
    "Komisi Pemilihan Umum Kabupaten Lahat menetapkan 812 tempat pemungutan suara untuk pemilihan bupati tahun ini.\n\n"
    "Ketua KPU Lahat meminta warga memeriksa nama mereka di daftar pemilih tetap sebelum hari pemungutan suara.\n"
)
# What a Cloudflare-style wall leaves of an article page: the feed carries the article.
WALL = b"<html><head><title>Just a moment...</title></head><body><p>Please enable JavaScript and cookies to continue</p></body></html>"
FULL_TEXT_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Warta Muba</title><link>{base}/</link>
<item>
  <title>Bawaslu Muba Catat 17 Pelanggaran Kampanye</title>
  <link>{base}/berita/bawaslu-muba</link>
  <pubDate>Sat, 02 Nov 2024 08:00:00 +0700</pubDate>
  <content:encoded><![CDATA[
    <p>SEKAYU - Badan Pengawas Pemilu Kabupaten Musi Banyuasin mencatat 17 pelanggaran kampanye selama masa tenang pemilihan bupati.</p>
    <p>Ketua Bawaslu Muba menyebut sebagian besar pelanggaran berupa alat peraga kampanye yang belum dicopot tim pasangan calon.</p>
  ]]></content:encoded>
</item>
</channel></rss>"""


def tanya(capsys, *args: str) -> tuple[int, list[str], str]:
    """``tanya ARGS`` in this process: exit status, output lines, standard error."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def articles(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.txt") if not p.name.startswith("."))


def statuses(lines: list[str]) -> list[str]:
    return [line.split(": ", 1)[0] for line in lines[:-1]]


@pytest.fixture
def site():
    running = news_site()
    pasar_canonical = PASAR.replace("<head>", "<head>" + CANONICAL)
    updated = pasar_canonical.replace(PASAR_TITLE, f"UPDATE: {PASAR_TITLE}, 240 Kios Dibangun").replace(
        "dan lorongnya becek.", "dan lorongnya becek saat hujan."
    )
    running.routes.update({
        "/berita/pasar": Route(PASAR.replace("</article>", COUNTED.format(n=1031)).encode(), HTML),
        "/berita/pasar?utm_source=whatsapp&utm_medium=share": Route(PASAR.replace("</article>", COUNTED.format(n=1032)).encode(), HTML),
        "/kanon/pasar?utm_source=rss&utm_campaign=pagi": Route(pasar_canonical.encode(), HTML),
        "/kanon/pasar?utm_source=rss&utm_campaign=sore": Route(updated.encode(), HTML),
        "/lengkap.xml": Route(FULL_TEXT_FEED.encode(), "application/rss+xml"),
        "/berita/bawaslu-muba": Route(WALL, HTML),
    })
    with serve(running) as served:
        yield served


# --- the same article under two addresses --------------------------------------------


def test_the_same_article_with_and_without_tracking_parameters_is_stored_once(site, tmp_path, capsys):
    corpus = tmp_path / "arsip"
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), site.url("/berita/pasar"))
    assert status == 0 and statuses(lines) == ["added"], lines
    # An hour later an editor pastes the link a reader shared on WhatsApp.
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), site.url("/berita/pasar?utm_source=whatsapp&utm_medium=share"))
    assert statuses(lines) == ["skipped"], lines
    assert len(articles(corpus)) == 1


def test_an_updated_article_reached_by_another_tracking_link_is_not_a_second_article(site, tmp_path, capsys):
    corpus = tmp_path / "arsip"
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), site.url("/kanon/pasar?utm_source=rss&utm_campaign=pagi"))
    assert statuses(lines) == ["added"], lines
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), site.url("/kanon/pasar?utm_source=rss&utm_campaign=sore"))
    stored = [parse_article(p.read_text(encoding="utf-8")).url for p in articles(corpus)]
    # One article for one canonical address; and no tracking parameters cited to readers.
    assert len(stored) == 1, stored
    assert not any("utm_" in (url or "") for url in stored), stored


def test_http_and_https_of_one_address_are_one_article(site, tmp_path, capsys):
    corpus = tmp_path / "arsip"
    url = site.url("/ekonomi/pasar-sekayu")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), url)
    assert statuses(lines) == ["added"], lines
    archive = Archive.of(corpus, load_corpus(corpus).documents)
    assert archive.holding(url + "/") is not None  # the trailing slash is handled already
    assert archive.holding(url.replace("http://", "https://", 1)) is not None


# --- editors working on the archive by hand -----------------------------------------


def test_an_article_renamed_by_hand_is_not_added_again_by_the_next_cron_run(site, tmp_path, capsys):
    corpus = tmp_path / "arsip"
    pasted = tmp_path / "masuk" / "kpu-lahat.txt"
    pasted.parent.mkdir()
    pasted.write_text(PASTED, encoding="utf-8")
    page = site.url("/ekonomi/pasar-sekayu")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), str(pasted), page)
    assert statuses(lines) == ["added", "added"], lines
    # The editor files the articles under names of the office's own.
    (corpus / "2024-11").mkdir()
    for number, path in enumerate(articles(corpus)):
        path.rename(corpus / "2024-11" / f"arsip-{number}.txt")
    # The next hourly run, with the same sources.
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), str(pasted), page)
    assert statuses(lines) == ["skipped", "skipped"], lines
    assert len(articles(corpus)) == 2, [p.relative_to(corpus) for p in articles(corpus)]


def test_a_retracted_article_does_not_come_back_from_its_feed(site, tmp_path, capsys):
    corpus = tmp_path / "arsip"
    feed = site.url("/rss.xml")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), feed)
    assert statuses(lines) == ["added", "added", "failed"], lines
    (retracted,) = [p for p in articles(corpus) if p.name.startswith("pasar-")]
    retracted.unlink()
    tanya(capsys, "ask", "--json", "--corpus", str(corpus), "pasar sekayu")  # the index learns of it
    tanya(capsys, "add", "--corpus", str(corpus), feed)  # the next hour
    assert not retracted.exists()
    assert not any(p.name.startswith("pasar-") for p in articles(corpus))


# --- feeds ----------------------------------------------------------------------------


def test_a_full_text_feed_item_whose_page_is_a_wall_is_added_from_the_feed(site, tmp_path, capsys):
    corpus = tmp_path / "arsip"
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), site.url("/lengkap.xml"))
    assert status == 0 and statuses(lines) == ["added"], lines
    (stored,) = articles(corpus)
    assert "17 pelanggaran kampanye" in stored.read_text(encoding="utf-8")


# --- settings -------------------------------------------------------------------------


@pytest.mark.parametrize("spaced", ["{} ", " {}"])
def test_a_corpus_variable_with_a_stray_space_adds_to_the_archive_or_is_refused(spaced, tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "arsip"
    corpus.mkdir()
    (corpus / "lama.txt").write_text(PASTED.replace("812", "900").replace("Lahat", "Lahat Selatan"), encoding="utf-8")
    pasted = tmp_path / "kpu.txt"
    pasted.write_text(PASTED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TANYA_CORPUS", spaced.format(corpus))
    status, lines, err = tanya(capsys, "add", str(pasted))
    elsewhere = [p for p in tmp_path.iterdir() if p.is_dir() and p.name != "arsip"]
    assert not elsewhere, f"a second archive was made: {elsewhere}"
    assert status == 2 or len(articles(corpus)) == 2, (status, lines, err)


@pytest.mark.parametrize(("name", "value"), [("TANYA_LANG", "en "), ("TANYA_LOG_LEVEL", "warning ")])
def test_word_settings_with_a_stray_space_are_read_as_numbers_are(name, value, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TANYA_TOP_K", " 2 ")
    monkeypatch.setenv(name, value)
    monkeypatch.setenv("TANYA_QUESTIONS_LOG", str(tmp_path / "q.sqlite3"))
    status, lines, err = tanya(capsys, "report")
    assert "must be" not in err, err


# --- PDFs -----------------------------------------------------------------------------


def _encrypted_pdf(password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Rilis KPU Lahat tentang 812 TPS pemilihan bupati tahun ini."]))))
    writer.encrypt(user_password=password, owner_password="pemilik", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["password", "html"])
def test_a_pdf_that_cannot_be_read_says_what_to_do(kind, tmp_path, capsys):
    corpus = tmp_path / "arsip"
    pdf = tmp_path / "rilis.pdf"
    if kind == "password":
        pdf.write_bytes(_encrypted_pdf("rahasia"))
    else:  # a download that gave the site's HTML error page, saved under the PDF's name
        pdf.write_bytes(b"<!DOCTYPE html><html><body><h1>403 Forbidden</h1></body></html>")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(corpus), str(pdf))
    assert status == 1 and statuses(lines) == ["failed"], lines
    said = lines[0].lower()
    assert ("password" in said) if kind == "password" else ("html" in said or "not a pdf" in said), lines


# --- what holds (checked, not findings) ----------------------------------------------


def test_redirect_loops_oversized_pages_and_scans_each_fail_in_one_line(site, tmp_path, capsys):
    site.routes["/putar"] = Route(status=302, headers=(("Location", "/putar"),))
    scan = tmp_path / "pindaian.pdf"
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 842)
    with scan.open("wb") as out:
        writer.write(out)
    corpus = tmp_path / "arsip berita Ñusantara"
    status, lines, err = tanya(capsys, "add", "--corpus", str(corpus), site.url("/putar"), site.url("/raksasa"), str(scan))
    assert status == 1, lines
    assert [line.split(": ", 2)[2] for line in lines[:-1]] == [
        "more than 5 redirects", "too large (over 10 MB)", "unreadable PDF (no text in it; a scan?)",
    ], lines
    assert "Traceback" not in err
