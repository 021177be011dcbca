"""What H46 mended in `tanya add` (findings of tests/test_hostile_operator_h45.py), held
at its edges: tracking parameters and the scheme are no part of an article's address,
the address stored is the clean one; an article moved by hand is found where it now is
(and only then is the corpus listed); a misconfigured site's articles under one
canonical stay apart; a feed's full text stands in for a walled page, its summary never;
a file that is no PDF says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from local_http import HTML, NEWS_DATA, Route, news_site, serve
from retrieval.chunking import parse_article
from retrieval.formats import MIN_PAGE_WORDS, fragment_paragraphs, pdf_article
from retrieval.ingest import Archive, feed_items, normal_url, stored_url

PAGE = (NEWS_DATA / "berita_pasar.html").read_bytes()
WALL = b"<html><head><title>Just a moment...</title></head><body><p>Please enable JavaScript and cookies to continue</p></body></html>"
SUMMARY_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Warta Muba</title><link>{base}/</link>
<item><title>Bawaslu Muba Catat 17 Pelanggaran Kampanye</title><link>{base}/berita/bawaslu-muba</link>
<description>Badan Pengawas Pemilu Kabupaten Musi Banyuasin mencatat 17 pelanggaran kampanye selama masa tenang pemilihan bupati.</description>
</item></channel></rss>"""


@pytest.fixture
def site():
    running = news_site()
    running.routes.update({
        "/ekonomi/pasar-sekayu?utm_source=whatsapp&fbclid=IwAR0abc": Route(PAGE, HTML),
        "/ringkas.xml": Route(SUMMARY_FEED.encode(), "application/rss+xml"),
        "/berita/bawaslu-muba": Route(WALL, HTML),
    })
    with serve(running) as served:
        yield served


def add(capsys, corpus: Path, *sources: str) -> tuple[int, list[str]]:
    status = main(["add", "--corpus", str(corpus), *sources])
    return status, capsys.readouterr().out.splitlines()


def statuses(lines: list[str]) -> list[str]:
    return [line.split(": ", 1)[0] for line in lines[:-1]]


# --- addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(("one", "other"), [
    ("https://warta.example/a?utm_source=wa&utm_medium=share", "http://warta.example/a"),
    ("https://warta.example/a?UTM_Campaign=pagi&id=7", "https://warta.example/a?id=7"),
    ("https://warta.example/a?id=7&fbclid=IwAR0&gclid=x", "https://warta.example/a/?id=7#komentar"),
    ("https://WARTA.example:443/a", "http://warta.example:80/a"),
    ("https://redaksi:rahasia@warta.example/a", "https://warta.example/a"),
    ("warta.example/a", "https://warta.example/a"),
])
def test_addresses_of_one_article_compare_equal(one, other):
    assert normal_url(one) == normal_url(other)


@pytest.mark.parametrize(("one", "other"), [
    ("https://warta.example/a?id=7", "https://warta.example/a?id=8"),
    ("https://warta.example/a?page=2", "https://warta.example/a"),
    ("https://warta.example:8080/a", "https://warta.example/a"),
    ("https://warta.example/A", "https://warta.example/a"),  # a path's case is the site's
    ("https://warta.example/a", "https://warta.example.id/a"),
])
def test_addresses_of_other_pages_stay_apart(one, other):
    assert normal_url(one) != normal_url(other)


def test_the_address_stored_keeps_all_but_tracking_and_credentials():
    assert stored_url("https://u:p@warta.example/a?id=7&utm_source=wa&x=1#k") == "https://warta.example/a?id=7&x=1#k"
    assert stored_url("https://warta.example/a?utm_source=wa") == "https://warta.example/a"
    assert stored_url("http://[::1") == "http://[::1"  # no address to take apart: as written


def test_an_article_first_reached_by_a_shared_link_is_stored_under_its_clean_address_and_its_link_not_fetched_again(site, tmp_path, capsys):
    corpus = tmp_path / "arsip"
    shared = site.url("/ekonomi/pasar-sekayu?utm_source=whatsapp&fbclid=IwAR0abc")
    status, lines = add(capsys, corpus, shared)
    assert status == 0 and statuses(lines) == ["added"], lines
    (stored,) = corpus.glob("*.txt")
    assert parse_article(stored.read_text(encoding="utf-8")).url == site.url("/ekonomi/pasar-sekayu")
    # The next run, by the clean address over https: told from the index, nothing fetched.
    before = len(site.requests)
    status, lines = add(capsys, corpus, site.url("/ekonomi/pasar-sekayu").replace("http://", "https://"))
    assert statuses(lines) == ["skipped"], lines
    assert len(site.requests) == before


# --- articles moved by hand -----------------------------------------------------------


def moved_archive(tmp_path: Path) -> tuple[Archive, Path]:
    """An index-made archive (hits confirmed by their files) holding one article."""
    directory = tmp_path / "arsip"
    directory.mkdir()
    (directory / "pasar-0123456789.txt").write_text("URL: https://warta.example/pasar\nTitle: Pasar\n\nPasar Sekayu direvitalisasi tahun ini oleh pemerintah kabupaten.\n", encoding="utf-8")
    archive = Archive(directory, confirm=True)
    archive.remember("pasar-0123456789", "https://warta.example/pasar", "")
    return archive, directory


def test_a_hit_whose_file_is_where_the_index_left_it_lists_no_corpus(tmp_path):
    archive, _ = moved_archive(tmp_path)
    assert archive.holding("https://warta.example/pasar?utm_source=x") == "pasar-0123456789"
    assert archive.unindexed is None


def test_an_article_moved_into_a_folder_is_found_there(tmp_path):
    archive, directory = moved_archive(tmp_path)
    (directory / "2024-11").mkdir()
    (directory / "pasar-0123456789.txt").rename(directory / "2024-11" / "arsip-0.txt")
    assert archive.holding("https://warta.example/pasar") == "2024-11/arsip-0"


def test_an_article_deleted_by_hand_is_no_duplicate(tmp_path):
    archive, directory = moved_archive(tmp_path)
    (directory / "lain.txt").write_text("Title: Lain\n\nBerita lain tentang banjir di Sekayu pada Senin pagi.\n", encoding="utf-8")
    (directory / "pasar-0123456789.txt").unlink()
    assert archive.holding("https://warta.example/pasar") is None


# --- feeds ------------------------------------------------------------------------------


def test_a_feed_summary_is_no_article_so_its_walled_page_still_fails(site, tmp_path, capsys):
    status, lines = add(capsys, tmp_path / "arsip", site.url("/ringkas.xml"))
    assert status == 1 and statuses(lines) == ["failed"], lines
    assert "not a news page" in lines[0]


def test_a_feed_items_full_text_is_read_as_paragraphs_and_a_teaser_as_none():
    html = (
        "<p>SEKAYU - Badan Pengawas Pemilu Kabupaten Musi Banyuasin\nmencatat 17 pelanggaran kampanye.</p>"
        "<script>track()</script><p>Ketua Bawaslu Muba menyebut alat peraga<br>belum dicopot.</p>"
    )
    assert fragment_paragraphs(html) == (
        "SEKAYU - Badan Pengawas Pemilu Kabupaten Musi Banyuasin mencatat 17 pelanggaran kampanye.",
        "Ketua Bawaslu Muba menyebut alat peraga",
        "belum dicopot.",
    )
    teaser = "<p>" + " ".join(["kata"] * (MIN_PAGE_WORDS - 1)) + " <a href='/x'>Selengkapnya</a></p>"
    assert fragment_paragraphs(teaser) == ()


# --- PDFs --------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "said"), [
    (b"", "not a PDF (an empty file)"),
    (b"PK\x03\x04 a zip", "not a PDF (no PDF header)"),
    (b"\n\n<html><body>Login</body></html>", "not a PDF but a web page (HTML)"),
])
def test_a_file_that_is_no_pdf_says_so(data, said):
    with pytest.raises(ValueError, match="^" + said.replace("(", r"\(").replace(")", r"\)")):
        pdf_article(data)


def test_junk_before_a_pdfs_header_is_still_a_pdf():
    with pytest.raises(ValueError, match=r"^unreadable PDF"):
        pdf_article(b"\r\n" + b"%PDF-1.4 broken")


# --- feeds as sites write them, and front pages (H93) ------------------------------------

WORDPRESS_PROLOGUE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="/rss.xsl"?>\n'
    b"<!-- generator=\"WordPress/6.4.2\" -->\n<!-- " + b"Hak cipta Warta Muba. Dilarang mengutip tanpa izin. " * 12 + b"-->\n"
)
RSS_BODY = (NEWS_DATA / "rss.xml").read_bytes().split(b"?>", 1)[1]  # the bundled feed less its declaration
FRONT_PAGE_FEED = b"""<rss version="2.0"><channel><title>Warta Muba</title><link>{base}/</link>
<item><title>Warta Muba: berita terkini</title><link>{base}/</link></item>
<item><title>Pasar Tradisional Sekayu Direvitalisasi</title><link>{base}/ekonomi/pasar-sekayu</link></item>
</channel></rss>"""
FRONT = "a site's front page, not an article: give the article's own address, or the site's feed"


@pytest.mark.parametrize("content_type", ["application/x-rss+xml", "application/rdf+xml", "text/html", "application/octet-stream"])
def test_a_feed_is_read_after_a_long_prologue_whatever_its_type(content_type, site, tmp_path, capsys):
    """A stylesheet instruction and a licence comment before <rss> (WordPress writes
    them; 440 bytes here) left the feed unseen past its first 400 bytes: "not a news page"."""
    site.routes["/feed/"] = Route(WORDPRESS_PROLOGUE + RSS_BODY, content_type)
    assert len(WORDPRESS_PROLOGUE) > 400
    status, lines = add(capsys, tmp_path / "arsip", site.url("/feed/"))
    assert statuses(lines) == ["added", "added", "failed"], lines
    assert status == 0  # something was added (the feed's third item is gone from the site)


def test_a_front_page_is_no_article_whether_asked_for_linked_from_a_feed_or_redirected_to(site, tmp_path, capsys):
    site.routes["/"] = Route((NEWS_DATA / "berita_pasar.html").read_bytes(), HTML)  # a front page that reads like news
    site.routes["/depan.xml"] = Route(FRONT_PAGE_FEED, "application/rss+xml")
    site.routes["/berita/dihapus"] = Route(status=301, headers=(("Location", "/"),))  # taken down: sent to the front page
    status, lines = add(capsys, tmp_path / "arsip", site.url("/"), site.url("/depan.xml"), site.url("/berita/dihapus"))
    assert lines[:-1] == [
        f"failed: {site.url('/')}: {FRONT}",
        f"failed: {site.url('/')}: {FRONT}",
        f"added: {site.url('/ekonomi/pasar-sekayu')}: " + lines[2].split(": ", 2)[2],
        f"failed: {site.url('/berita/dihapus')}: {FRONT}",
    ]
    assert status == 0
    assert [p.name for p in (tmp_path / "arsip").glob("*.txt")] == [lines[2].split(": ")[2]]


def test_a_posts_plain_address_on_the_root_is_an_article(site, tmp_path, capsys):
    """WordPress's address of a post without pretty links: the root with ?p=."""
    site.routes["/?p=123"] = Route((NEWS_DATA / "berita_pasar.html").read_bytes(), HTML)
    status, lines = add(capsys, tmp_path / "arsip", site.url("/?p=123"))
    assert (status, statuses(lines)) == (0, ["added"])


@pytest.mark.parametrize(("written", "day"), [
    ("Tue, 15 Oct 2024 06:00:00 +0700", "2024-10-15"),  # feedparser's UTC date is the 14th
    ("2024-10-15T06:00:00+07:00", "2024-10-15"),
    ("Tue, 15 Oct 2024 23:00:00 -0500", "2024-10-15"),  # the 16th in UTC
    ("2024-10-14T23:30:00Z", "2024-10-15"),  # UTC is read in WIB: 06:30 on the 15th in Jakarta
    ("Mon, 14 Oct 2024 23:30:00 GMT", "2024-10-15"),
    ("Mon, 14 Oct 2024 16:59:00 +0000", "2024-10-14"),  # 23:59 WIB
    ("Tue, 15 Oct 24 06:00 WIB", "2024-10-15"),  # a zone no parser knows: as written
    ("2024/10/15 06:00", "2024-10-15"),  # feedparser read it as 1 December
    ("2024/13/45 06:00", None),
    ("Selasa, 15 Oktober 2024", None),
])
def test_a_feed_items_date_is_its_day_where_the_feed_was_written(written, day):
    feed = f"""<rss version="2.0"><channel><title>Warta</title><item><title>Judul</title>
<link>https://warta.example/a</link><pubDate>{written}</pubDate></item></channel></rss>"""
    (item,) = feed_items(feed.encode())
    assert item.date == day


def test_an_atom_entrys_updated_date_stands_when_it_has_no_published_one():
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Warta</title><entry><title>Judul</title>
<link href="https://warta.example/a"/><updated>2024-10-16T05:30:00+07:00</updated></entry></feed>"""
    assert [item.date for item in feed_items(feed)] == ["2024-10-16"]


BANJIR = """Title: Banjir Melanda Desa Sukajaya
Outlet: Kabar Tangan
Date: 2024-11-20

SUKAJAYA - Banjir setinggi satu meter melanda Desa Sukajaya pada Rabu malam setelah hujan deras turun selama enam jam.

Kepala desa Sukajaya, Marwan Effendi, mengatakan sebanyak {rumah} rumah terendam dan warga telah dievakuasi ke balai desa.
"""


def test_a_corrected_file_added_again_says_which_version_the_archive_still_holds(tmp_path, capsys):
    """A text without an address is told by its wording alone: its correction is a
    second article, the old figure answering first. The add says so, and which file."""
    corpus, source = tmp_path / "arsip", tmp_path / "banjir.txt"
    source.write_text(BANJIR.format(rumah=312), encoding="utf-8")
    _, first = add(capsys, corpus, str(source))
    old = first[0].split(": ")[2]
    assert first[0] == f"added: {source}: {old}: Banjir Melanda Desa Sukajaya"
    source.write_text(BANJIR.format(rumah=321), encoding="utf-8")
    _, second = add(capsys, corpus, str(source))
    new = second[0].split(": ")[2]
    assert second[0] == (
        f"added: {source}: {new}: Banjir Melanda Desa Sukajaya "
        f"(the archive holds another version under this headline, {old}: delete it if this one replaces it)"
    )
    other = tmp_path / "lain.txt"
    other.write_text(BANJIR.format(rumah=5).replace("Banjir Melanda", "Longsor Melanda"), encoding="utf-8")
    _, third = add(capsys, corpus, str(other))
    assert "another version" not in third[0]


def test_a_page_under_a_headline_the_archive_holds_is_no_version_of_it(site, tmp_path, capsys):
    """Pages are told by their addresses: one under another's headline is its own."""
    corpus = tmp_path / "arsip"
    _, lines = add(capsys, corpus, site.url("/ekonomi/pasar-sekayu"))
    text = next(corpus.glob("*.txt")).read_text(encoding="utf-8")
    title = next(line[len("Title: "):] for line in text.splitlines() if line.startswith("Title: "))
    copy = tmp_path / "salinan.txt"
    copy.write_text(f"Title: {title}\n\nSalinan tanpa alamat: pasar tradisional itu dibuka kembali bulan depan dengan kios baru.\n\nPedagang menyambut baik rencana pemerintah kabupaten.\n", encoding="utf-8")
    _, lines = add(capsys, corpus, str(copy))
    assert lines[0].startswith("added: ") and "another version" not in lines[0]


BROKEN_LINK_FEED = b"""<rss version="2.0"><channel><title>Warta Muba</title><link>{base}/</link>
<item><title>Berita Tanpa Alamat</title><link>http://[site_url]/berita/tanpa-alamat</link></item>
<item><title>Pasar Tradisional Sekayu Direvitalisasi</title><link>{base}/ekonomi/pasar-sekayu</link></item>
</channel></rss>"""


@pytest.mark.parametrize("link", ["http://[site_url]/berita/tanpa-alamat", "http://warta.example:99999/berita", "http://[::1/berita"])
def test_a_feed_item_whose_link_is_no_address_fails_alone(link, site, tmp_path, capsys):
    """A template placeholder left in a feed ("http://[site_url]/...") made urllib raise
    "Invalid IPv6 URL": `tanya add FEED` stopped with a traceback at that item."""
    site.routes["/rusak.xml"] = Route(BROKEN_LINK_FEED.replace(b"http://[site_url]/berita/tanpa-alamat", link.encode()), "application/rss+xml")
    status, lines = add(capsys, tmp_path / "arsip", site.url("/rusak.xml"))
    assert statuses(lines) == ["failed", "added"], lines
    assert lines[0].startswith("failed: ") and "not a valid address" in lines[0], lines[0]
    assert status == 0


COPYRIGHT_PAGE = """<html><head><title>Pasar Sekayu</title></head><body><article>
<h1>Pasar Sekayu Direvitalisasi</h1>
<p>Pemerintah Kabupaten Musi Banyuasin mulai merevitalisasi pasar tradisional di Sekayu, dengan
dua ratus kios baru untuk pedagang kecil yang selama ini berjualan di pinggir jalan.</p>
<p>{dateline}Kepala Dinas Perdagangan menyebut revitalisasi ditargetkan selesai sebelum akhir tahun
dan pedagang lama mendapat tempat lebih dulu.</p>
</article><footer>© 2023 Warta Muba. Hak cipta dilindungi.</footer></body></html>"""


@pytest.mark.parametrize(("dateline", "date"), [
    ("", None),  # undated: of any year, not 1 January of the footer's
    ("Sekayu, Senin 4 November 2024 - ", "2024-11-04"),  # dated from its own text
])
def test_a_pages_copyright_year_is_no_publication_date(dateline, date, site, tmp_path, capsys):
    """htmldate's search of a page's text took the footer's "© 2023" for 1 January 2023,
    and the year filter then held the article to 2023 (H99)."""
    site.routes["/ekonomi/kios"] = Route(COPYRIGHT_PAGE.format(dateline=dateline).encode(), HTML)
    status, lines = add(capsys, tmp_path / "arsip", site.url("/ekonomi/kios"))
    assert (status, statuses(lines)) == (0, ["added"]), lines
    (stored,) = (tmp_path / "arsip").glob("*.txt")
    assert parse_article(stored.read_text(encoding="utf-8")).date == date
