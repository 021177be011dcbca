"""`tanya add` against a hostile or misconfigured web (H29), on a site served on
127.0.0.1: one canonical address on every page must not cost articles, walls and error
pages are no articles, an address longer than any file name is that source's failure,
credentials in an address are not stored, a text file with only a title is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from local_http import NEWS_DATA, Route, Site, serve
from retrieval.chunking import parse_article
from retrieval.formats import MIN_PAGE_WORDS, html_article

HTML = "text/html; charset=utf-8"
AMPERA = "PALEMBANG – Jembatan Ampera ditutup sementara untuk perbaikan pada Minggu, kata Kepala Dinas PU, Ahmad Rizal."
PASAR = "PALEMBANG – Pasar 16 Ilir terbakar pada Senin dini hari, kata Kepala Damkar Palembang, Budi Hartono."


def page(title: str, paragraph: str, canonical: str | None = None) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title>{link}</head>'
        f"<body><article><h1>{title}</h1><p>{paragraph}</p></article></body></html>"
    ).encode()


JUNK = {
    "/wall": b'<html><head><title>Please enable JavaScript</title></head><body><noscript>Please enable JavaScript and cookies to continue</noscript><script>document.location="/x"</script></body></html>',
    "/soft404": b"<html><head><title>Halaman tidak ditemukan</title></head><body><nav><a href='/'>Beranda</a> <a href='/daerah'>Daerah</a></nav><main><h1>404</h1><p>Maaf, halaman yang Anda cari tidak ditemukan.</p></main></body></html>",
    "/listing": b'<html><head><title>Directory listing for /</title></head><body><h1>Directory listing for /</h1><hr><ul><li><a href="a.html">a.html</a></li><li><a href="b.html">b.html</a></li></ul><hr></body></html>',
    "/menu": b"<html><body><nav><a href='/a'>AB</a></nav></body></html>",
    "/links": b"<html><body><div><p><a href='/1'>Harga karet naik lagi di Baturaja pekan ini kata petani setempat</a></p><p><a href='/2'>Banjir rendam tiga desa di Pendopo Empat Lawang sejak Minggu malam</a></p></div></body></html>",
}


@pytest.fixture
def site():
    with serve(Site()) as running:
        running.routes.update({
            "/berita/ampera": Route(page("Jembatan Ampera Ditutup Sementara", AMPERA, "{base}/")),
            "/berita/pasar": Route(page("Pasar 16 Ilir Terbakar", PASAR, "{base}/")),
            "/kanon/1": Route(page("Jembatan Ampera Ditutup Sementara", AMPERA, "{base}/kanon/asli")),
            "/kanon/2": Route(page("Pasar 16 Ilir Terbakar", PASAR, "{base}/kanon/asli")),
            "/kanon/3": Route(page("Jembatan Ampera Ditutup Sementara", AMPERA, "{base}/kanon/asli")),
            # The same article later, by a feed's tracking address, after an editor's update line.
            "/kanon/4": Route(page("Jembatan Ampera Ditutup Sementara", AMPERA + " Pembaruan: dibuka lagi Senin pukul 06.00 WIB.", "{base}/kanon/asli")),
            "/rahasia/ampera": Route(page("Jembatan Ampera Ditutup Sementara", AMPERA)),
            "/berita/kopi": Route((NEWS_DATA / "berita_pasar.html").read_bytes(), HTML),
            **{path: Route(body, HTML) for path, body in JUNK.items()},
        })
        yield running


def add(capsys, archive: Path, *sources: str) -> tuple[int, list[str]]:
    status = main(["add", "--corpus", str(archive), "--index-dir", str(archive.parent / "index"), *sources])
    return status, capsys.readouterr().out.splitlines()


def stored_urls(archive: Path) -> set[str | None]:
    return {parse_article(path.read_text(encoding="utf-8")).url for path in archive.iterdir()}


def test_two_articles_whose_canonical_is_the_site_root_are_both_added_under_their_own_address(site, tmp_path, capsys):
    archive = tmp_path / "arsip"
    status, lines = add(capsys, archive, site.url("/berita/ampera"), site.url("/berita/pasar"))
    assert status == 0 and [line.split(": ")[0] for line in lines[:-1]] == ["added", "added"], lines
    assert stored_urls(archive) == {site.url("/berita/ampera"), site.url("/berita/pasar")}


def test_a_canonical_shared_by_different_texts_marks_no_duplicate_but_the_same_text_is_one(site, tmp_path, capsys):
    archive = tmp_path / "arsip"
    status, lines = add(capsys, archive, site.url("/kanon/1"), site.url("/kanon/2"), site.url("/kanon/3"))
    assert status == 0
    assert [line.split(": ")[0] for line in lines[:-1]] == ["added", "added", "skipped"], lines
    # The first keeps its canonical; the second, whose canonical the first holds, is
    # stored under the address it was fetched from (and a file of its own).
    assert stored_urls(archive) == {site.url("/kanon/asli"), site.url("/kanon/2")}
    assert len(list(archive.iterdir())) == 2


def test_the_same_headline_under_a_held_canonical_is_the_same_article_updated(site, tmp_path, capsys):
    archive = tmp_path / "arsip"
    status, lines = add(capsys, archive, site.url("/kanon/1"), site.url("/kanon/4"))
    assert [line.split(": ")[0] for line in lines[:-1]] == ["added", "skipped"], lines
    assert len(list(archive.iterdir())) == 1


@pytest.mark.parametrize("path", sorted(JUNK))
def test_walls_error_pages_listings_and_link_lists_are_no_news_pages(site, tmp_path, capsys, path):
    archive = tmp_path / "arsip"
    status, lines = add(capsys, archive, site.url(path))
    assert status == 1 and lines[0].startswith(f"failed: {site.url(path)}: not a news page ("), lines
    assert not archive.exists() or not list(archive.iterdir())


def test_a_junk_page_refused_leaves_the_real_page_after_it_to_be_added(site, tmp_path, capsys):
    archive = tmp_path / "arsip"
    status, lines = add(capsys, archive, site.url("/soft404"), site.url("/wall"), site.url("/berita/kopi"))
    assert status == 0 and lines[2].startswith(f"added: {site.url('/berita/kopi')}: "), lines


def test_every_fixture_page_has_more_running_text_than_the_threshold():
    for path in sorted(NEWS_DATA.glob("*.html")):
        if path.name == "menu_saja.html":  # the fixture of a page with no article
            continue
        article = html_article(path.read_bytes())
        assert sum(len(p.split()) for p in article.paragraphs) >= 4 * MIN_PAGE_WORDS, path.name


def test_an_address_longer_than_any_file_name_is_that_sources_failure_only(site, tmp_path, capsys):
    archive = tmp_path / "arsip"
    long_url = site.url("/berita/" + "a" * 5000)
    long_path = str(tmp_path / ("b" * 5000))
    status, lines = add(capsys, archive, long_url, long_path, site.url("/berita/kopi"))
    assert status == 0
    assert lines[0].startswith(f"failed: {long_url}: the server answered 404")
    assert lines[1].startswith("failed: ") and lines[1].endswith("…: File name too long") and len(lines[1]) < 300
    assert lines[2].startswith("added: "), lines


def test_credentials_in_an_address_are_used_but_not_stored(site, tmp_path, capsys):
    archive = tmp_path / "arsip"
    asked = site.url("/rahasia/ampera").replace("http://", "http://redaksi:rahasia@")
    status, lines = add(capsys, archive, asked)
    assert status == 0, lines
    (stored,) = archive.iterdir()
    text = stored.read_text(encoding="utf-8")
    assert "rahasia@" not in text and "redaksi" not in text
    assert parse_article(text).url == site.url("/rahasia/ampera")
    assert not [line for line in lines if "rahasia@" in line], "nor said: the lines land in cron mails and logs"
    assert lines[0].startswith(f"added: {site.url('/rahasia/ampera')}: ")


@pytest.mark.parametrize("content", ["Hanya Judul Saja\n", "# Hanya Judul Saja\n"])
def test_a_text_file_with_only_a_title_is_refused(tmp_path, capsys, content):
    source = tmp_path / ("judul.md" if content.startswith("#") else "judul.txt")
    source.write_text(content, encoding="utf-8")
    status, lines = add(capsys, tmp_path / "arsip", str(source))
    assert status == 1 and lines[0] == f"failed: {source}: no text (a title only, no paragraph)"


@pytest.mark.parametrize(
    "content",
    [
        "Title: Harga Karet Naik\n\nHarga karet naik di Baturaja pekan ini\n",
        "URL: https://kabar.example/berita/karet\nTitle: Harga Karet Naik\n\nHarga karet naik di Baturaja pekan ini\n",
    ],
)
def test_a_title_with_one_unpunctuated_line_under_it_is_an_article(tmp_path, capsys, content):
    source = tmp_path / "karet.txt"
    source.write_text(content, encoding="utf-8")
    status, lines = add(capsys, tmp_path / "arsip", str(source))
    assert status == 0 and lines[0].startswith(f"added: {source}: "), lines


def test_a_news_flash_whose_headline_links_to_its_own_page_is_a_news_page():
    """Many sites write the headline as a link to the article's permalink: it is the
    article's text, not navigation, and a one-sentence flash under it is a news page as
    it is under a plain headline."""
    head = "Gempa Bermagnitudo 5,2 Guncang Bengkulu Selatan Pagi Ini, BMKG Pastikan Tidak Berpotensi Tsunami"
    flash = "Gempa terjadi pukul 10.15 WIB di laut."
    for headline in (head, f'<a href="/berita/gempa-5-2">{head}</a>'):
        body = f"<html><head><title>{head}</title></head><body><article><h1>{headline}</h1><p>{flash}</p></article></body></html>"
        assert html_article(body, "https://kabar.example/berita/gempa-5-2").paragraphs == (head, flash), headline
