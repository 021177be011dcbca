"""`tanya add` (issue 13): files, folders, article pages, RSS and Atom feeds served on
127.0.0.1 added to a corpus, then asked about with `tanya ask --json`."""

from __future__ import annotations

import errno
import json
import re
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from local_http import NEWS_DATA as DATA, Route, news_site, serve
from retrieval.ingest import Archive, Candidate

CANONICAL = "https://kabarmusi.example/daerah/2024/10/jembatan-gantung-tanjung-raya"


@pytest.fixture
def site():
    with serve(news_site()) as running:
        yield running


@pytest.fixture
def archive(tmp_path) -> Path:
    return tmp_path / "arsip"


def tanya(capsys, *args: str) -> tuple[int, list[str], str]:
    """Run ``tanya ARGS``: exit status, output lines, standard error."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def ask(capsys, archive: Path, question: str) -> list[dict]:
    status, lines, _ = tanya(capsys, "ask", "--json", "--corpus", str(archive), question)
    assert status == 0
    return json.loads(lines[0])["answers"]


def test_an_archive_of_pages_feeds_a_pdf_and_odd_encodings_is_added_and_answers(site, archive, capsys):
    status, lines, err = tanya(
        capsys, "add", "--corpus", str(archive),
        str(DATA / "nelayan_utf16.txt"), str(DATA / "kopi_latin1.txt"), str(DATA / "durian_cp1252.txt"),
        site.url("/daerah/jembatan-gantung"), site.url("/rss.xml"), site.url("/atom.xml"),
    )
    assert status == 0, err
    assert "Traceback" not in err
    assert [line.split(": ")[0] for line in lines[:-1]] == ["added"] * 4 + ["added", "skipped", "failed"] + ["added"]
    assert lines[4] == f"added: {site.url('/ekonomi/pasar-sekayu')}: " + lines[4].split(": ", 2)[2]
    assert lines[5].startswith(f"skipped: {site.url('/daerah/jembatan-gantung')}: already in the archive (")
    assert lines[6] == f"failed: {site.url('/hilang')}: the server answered 404 Not Found"
    assert re.fullmatch(r"6 added, 1 already in the archive, 1 failed; the index of .* is up to date \(6 articles\)", lines[-1])

    stored = sorted(p.name for p in archive.iterdir())
    assert all(re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{10}\.txt", name) for name in stored), stored
    assert not [p for p in archive.iterdir() if p.name.startswith(".")]  # no temporary file left
    page = next(p for p in archive.iterdir() if p.name.startswith("jembatan-gantung"))
    assert page.read_text(encoding="utf-8").startswith(f"URL: {CANONICAL}\nOutlet: Kabar Musi\nDate: 2024-10-14\nTitle: ")

    expected = {
        "berapa anggaran pembangunan jembatan gantung Tanjung Raya": ("Jembatan Gantung Desa Tanjung Raya Rampung Dibangun", "2024-10-14", CANONICAL),
        "berapa kios baru di Pasar Tradisional Sekayu": ("Pasar Tradisional Sekayu Direvitalisasi", "2024-11-02", site.url("/ekonomi/pasar-sekayu")),
        "berapa anak mendapat vaksinasi campak gratis di Lahat": ("Vaksinasi Campak Gratis di Lahat", "2024-11-18", site.url("/rilis/vaksinasi.pdf")),
        "berapa harga biji kopi kering Semendo": ("Kopi Semendo Dipamerkan di Palembang", "2024-11-10", None),
        "berapa kapal motor diserahkan kepada nelayan Bengkulu": ("Nelayan Bengkulu Mendapat Bantuan Kapal", "2024-11-06", None),
        "berapa pengunjung festival durian Kepahiang": ("Festival Durian Kepahiang Dibuka", "2024-11-09", None),
    }
    for question, (title, date, url) in expected.items():
        best = ask(capsys, archive, question)[0]
        assert (best["title"], best["date"], best["url"]) == (title, date, url), question


def test_a_feed_item_linked_relative_to_the_feed_is_fetched_from_its_site(site, archive, capsys):
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Warta Muba</title>
    <item><title>Pasar Tradisional Sekayu Direvitalisasi</title><link>/ekonomi/pasar-sekayu</link></item>
    </channel></rss>"""
    site.routes["/relatif.xml"] = Route(feed, "application/rss+xml")
    status, lines, err = tanya(capsys, "add", "--corpus", str(archive), site.url("/relatif.xml"))
    assert status == 0, err
    assert lines[0].startswith(f"added: {site.url('/ekonomi/pasar-sekayu')}: ")
    assert ask(capsys, archive, "berapa kios baru di Pasar Tradisional Sekayu")[0]["url"] == site.url("/ekonomi/pasar-sekayu")


JSON_FEED_TEXT = (
    "Pemerintah Kabupaten Lahat membuka posko banjir di Kecamatan Merapi Barat sejak Senin pagi untuk menampung 214 "
    "warga yang rumahnya terendam air setinggi satu meter.\n\nKepala BPBD Lahat, Hendri Saputra, mengatakan bantuan "
    "logistik berupa beras dan selimut sudah disalurkan ke seluruh posko pengungsian di desa yang terdampak banjir."
)


@pytest.mark.parametrize("content_type", ["application/feed+json", "application/json", "text/plain"])
def test_a_json_feed_is_read_as_a_feed(site, archive, capsys, content_type):
    # feedparser reads no JSON: a JSON Feed, which the README lists, was "not a news
    # page or a feed" (helper-111). One item links a page; one links a login wall and
    # carries its text, added from the feed as an RSS item's content:encoded is; one
    # is no object, one has no link.
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Warta Muba",
        "items": [
            {"id": "1", "url": "/ekonomi/pasar-sekayu", "title": "Pasar Tradisional Sekayu Direvitalisasi"},
            {"id": "2", "url": site.url("/banjir-lahat"), "title": "Posko Banjir Lahat Dibuka", "content_text": JSON_FEED_TEXT,
             "date_published": "2024-11-20T08:00:00+07:00"},
            "no item",
            {"id": "4", "title": 7},
        ],
    }
    site.routes["/feed.json"] = Route(json.dumps(feed).encode(), content_type)
    site.routes["/banjir-lahat"] = Route(b"<html><body><p>Silakan masuk untuk membaca.</p></body></html>", "text/html")
    status, lines, err = tanya(capsys, "add", "--corpus", str(archive), site.url("/feed.json"))
    assert "Traceback" not in err
    assert lines[0].startswith(f"added: {site.url('/ekonomi/pasar-sekayu')}: "), lines
    assert lines[1].startswith(f"added: {site.url('/banjir-lahat')}: "), lines
    assert lines[2] == f"failed: {site.url('/feed.json')} (an item): the feed item has no link", lines
    assert status == 0, err
    best = ask(capsys, archive, "berapa warga mengungsi di posko banjir Lahat")[0]
    assert (best["title"], best["date"], best["source"]) == ("Posko Banjir Lahat Dibuka", "2024-11-20", "Warta Muba")
    assert ask(capsys, archive, "berapa kios baru di Pasar Tradisional Sekayu")[0]["url"] == site.url("/ekonomi/pasar-sekayu")


@pytest.mark.parametrize(
    "body", [b'{"version": "https://example.org/other", "items": []}', b'{"items": [1, 2]}', b"[1, 2]", b"{not json"],
)
def test_json_that_is_no_json_feed_is_no_feed(site, archive, capsys, body):
    site.routes["/data.json"] = Route(body, "application/json")
    status, lines, err = tanya(capsys, "add", "--corpus", str(archive), site.url("/data.json"))
    assert status == 1 and "Traceback" not in err
    assert lines[0] == f"failed: {site.url('/data.json')}: not a news page (application/json)"


@pytest.mark.parametrize(
    "question",
    [
        "berapa harga cabai rawit di Pasar Bawah Lubuklinggau",  # a related-article link
        "pemadaman listrik bergilir di Desa Sukakarya",  # a reader's comment
        "promo voucher belanja gratis ongkir",  # a script
        "resep pempek kapal selam terenak",  # the menu
        "alamat redaksi Kabar Musi di Jalan Yos Sudarso",  # the footer
    ],
)
def test_page_furniture_answers_nothing(site, archive, capsys, question):
    assert tanya(capsys, "add", "--corpus", str(archive), site.url("/daerah/jembatan-gantung"))[0] == 0
    assert ask(capsys, archive, question) == []


def test_adding_the_same_article_again_does_not_duplicate_it(site, archive, capsys, tmp_path):
    first = tanya(capsys, "add", "--corpus", str(archive), site.url("/daerah/jembatan-gantung"), str(DATA / "kopi_latin1.txt"))
    assert first[0] == 0
    files = sorted(archive.iterdir())
    # The same URL, the canonical one, and the same text under another name.
    copy = tmp_path / "salinan.txt"
    copy.write_bytes((DATA / "kopi_latin1.txt").read_bytes().replace(b"\n\n", b"\n\n\n"))
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), site.url("/daerah/jembatan-gantung"), CANONICAL, str(copy))
    assert status == 0  # everything was there already: nothing to do is no failure
    assert [line.split(": ")[0] for line in lines[:-1]] == ["skipped"] * 3
    assert all("already in the archive" in line for line in lines[:-1])
    assert lines[-1] == "0 added, 3 already in the archive, 0 failed"
    assert sorted(archive.iterdir()) == files


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("/indeks", "not a news page (no article text found)"),
        ("/ke-berkas", "redirected to an address that is not fetched: only http and https addresses are fetched, not file:"),
        ("/raksasa", "too large (over 10 MB)"),
        ("/gambar.png", "not a news page (image/png)"),
        ("/hilang", "the server answered 404 Not Found"),
        ("file:///etc/passwd", "only http and https addresses are fetched, not file:"),
        ("ftp://127.0.0.1/berita.txt", "only http and https addresses are fetched, not ftp:"),
        ("nowhere/berita.txt", "no such file or folder"),
    ],
)
def test_each_failure_is_one_clear_line_and_nothing_added_is_a_failing_status(site, archive, capsys, source, reason):
    source = site.url(source) if source.startswith("/") else source
    status, lines, err = tanya(capsys, "add", "--corpus", str(archive), source)
    assert status == 1
    assert lines == [f"failed: {source}: {reason}", "0 added, 0 already in the archive, 1 failed"]
    assert "Traceback" not in err


def test_bad_files_each_say_why(archive, capsys, tmp_path):
    (tmp_path / "laporan.docx").write_bytes(b"PK\x03\x04")
    with open(tmp_path / "besar.txt", "wb") as big:
        big.truncate(11_000_000)
    (tmp_path / "rusak.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "gambar.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), *(str(tmp_path / name) for name in ("laporan.docx", "besar.txt", "rusak.pdf", "gambar.txt")))
    assert status == 1
    reasons = [line.split(": ", 2)[2] for line in lines[:-1]]
    assert reasons == [
        "not an article file (reads .txt, .md, .html, .htm, .pdf)",
        "larger than 10 MB (11,000,000 bytes)",
        "unreadable PDF (PdfStreamError)",
        "binary file",
    ]


def test_a_folder_is_added_file_by_file(archive, capsys, tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    for name in ("berita_pasar.html", "kopi_latin1.txt", "menu_saja.html"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    status, lines, err = tanya(capsys, "add", "--corpus", str(archive), str(folder))
    assert status == 0
    assert [line.split(": ")[0] for line in lines[:-1]] == ["added", "added", "failed"]
    # ask and chat refuse a missing archive (a typo); an add makes one, and says so once.
    assert err == f"tanya: created the archive {archive}: it did not exist\n"
    assert tanya(capsys, "add", "--corpus", str(archive), str(folder))[2] == ""
    assert lines[2].endswith("menu_saja.html: not a news page (no article text found)")
    assert ask(capsys, archive, "berapa kios baru di Pasar Tradisional Sekayu")[0]["url"] is None


@pytest.mark.parametrize(("others", "said"), [
    (["laporan.docx"], "1 file in it is no article (reads .txt, .md, .html, .htm, .pdf), not read: laporan.docx"),
    (["foto.jpg", "laporan.docx", "sub/data.csv", "sub/z.xlsx"], "4 files in it are no article (reads .txt, .md, .html, .htm, .pdf), not read: foto.jpg, laporan.docx, sub/data.csv, …"),
    ([".catatan.docx", ".git/config"], None),  # hidden: passed over, as the corpus listing passes them
])
def test_a_folders_files_that_are_no_articles_are_named_not_passed_over_silently(archive, capsys, tmp_path, others, said):
    folder = tmp_path / "kiriman"
    (folder / "sub").mkdir(parents=True)
    (folder / "kopi_latin1.txt").write_bytes((DATA / "kopi_latin1.txt").read_bytes())
    for name in others:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"PK\x03\x04 not an article")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), str(folder))
    assert status == 0, "no failure: the article in the folder is added"
    assert [line for line in lines[:-1] if not line.startswith("added: ")] == ([f"ignored: {folder}: {said}"] if said else [])
    assert lines[-1].startswith("1 added, 0 already in the archive, 0 failed;")


def test_a_source_named_by_a_link_is_read_where_it_leads(archive, capsys, tmp_path):
    """A link given as a source is the operator's own choice (the corpus never follows
    one out of itself); in a folder given as a source, a link out of it is named so."""
    kept = tmp_path / "asli"
    kept.mkdir()
    (kept / "kopi.txt").write_bytes((DATA / "kopi_latin1.txt").read_bytes())
    links = tmp_path / "tautan"
    links.mkdir()
    (links / "kopi-tautan.txt").symlink_to(kept / "kopi.txt")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), str(links / "kopi-tautan.txt"))
    assert status == 0 and lines[0].startswith(f"added: {links / 'kopi-tautan.txt'}: "), lines
    status, lines, _ = tanya(capsys, "add", "--corpus", str(tmp_path / "lain"), str(links))
    assert lines[0] == f"failed: {links / 'kopi-tautan.txt'}: a link out of the folder (to {kept / 'kopi.txt'})"


def test_links_that_loop_or_lead_nowhere_are_said_to_be_so(archive, capsys, tmp_path):
    # helper-106: a loop given was "no such file or folder"; a folder's links without an
    # article's suffix that lead nowhere went unsaid; and a folder whose every .txt was
    # named failed above was then said to hold "no .txt ... files".
    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "loop1").symlink_to("loop2")
    (folder / "loop2").symlink_to("loop1")
    (folder / "a.txt").symlink_to(tmp_path / "nowhere" / "a.txt")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), str(folder / "loop1"))
    assert (status, lines[0]) == (1, f"failed: {folder / 'loop1'}: a broken link (Too many levels of symbolic links)")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), str(folder))
    assert lines[:-1] == [
        f"failed: {folder / 'a.txt'}: a link out of the folder (to {tmp_path / 'nowhere' / 'a.txt'})",
        f"ignored: {folder}: 2 files in it are no article (reads .txt, .md, .html, .htm, .pdf), not read: loop1, loop2",
    ]
    assert lines[-1] == "0 added, 0 already in the archive, 1 failed"


def test_a_link_that_cannot_be_followed_stops_no_listing(archive, capsys, tmp_path):
    # helper-107: the check whether a link without an article's suffix leads to a folder
    # raised "File name too long" and stopped the listing of the whole archive.
    corpus = tmp_path / "arsip"
    corpus.mkdir()
    (corpus / "kopi.txt").write_bytes((DATA / "kopi_latin1.txt").read_bytes())
    (corpus / "aneh").symlink_to("a" * 300)
    (answer,) = ask(capsys, corpus, "berapa harga biji kopi kering Semendo")[:1]
    assert answer["doc_id"] == "kopi"
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), str(corpus))
    assert lines[0] == f"ignored: {corpus}: 1 file in it is no article (reads .txt, .md, .html, .htm, .pdf), not read: aneh"


def test_the_bundled_seeds_are_never_added_to(capsys):
    status, lines, err = tanya(capsys, "add", str(DATA / "kopi_latin1.txt"))
    assert status == 2 and lines == []
    assert err.startswith("tanya: name the archive to add to with --corpus DIR or TANYA_CORPUS")


# -- the URL under every answer -----------------------------------------------------------


def cited(url: str | None):
    from retrieval.answers import Answer
    from retrieval.search import Result

    answer = Answer(
        rank=1, doc_id="a", title="Judul <Berita>", source="Warta", date="2024-11-02", paragraph=1,
        score=1.0, excerpt="Kutipan & isi.", text="Kutipan & isi.", url=url,
    )
    return Result("q", "id", (answer,))


@pytest.mark.parametrize(
    ("url", "html_line"),
    [
        ("https://warta.example/a?x=1&y=<2>", '<a href="https://warta.example/a?x=1&amp;y=&lt;2&gt;">https://warta.example/a?x=1&amp;y=&lt;2&gt;</a>'),
        ('https://warta.example/"onmouseover="x', '<a href="https://warta.example/&quot;onmouseover=&quot;x">https://warta.example/"onmouseover="x</a>'),
        ("javascript:alert(1)", "javascript:alert(1)"),  # never a link
    ],
)
def test_the_url_is_a_link_under_the_citation_in_telegram(stub_api, url, html_line):
    from bot.presenter import present_answer
    from bot.render import render_html

    markup = render_html(present_answer(cited(url), "id"))
    assert markup.splitlines()[-1] == html_line
    assert stub_api.check_html(markup).splitlines()[-1] == url  # Telegram accepts it, shows the address


def test_the_url_is_shown_in_the_console_and_absent_when_unknown():
    from bot.presenter import present_answer
    from bot.render import render_terminal

    assert render_terminal(present_answer(cited("https://warta.example/a/1"), "id"), False).splitlines()[-1] == "https://warta.example/a/1"
    assert render_terminal(present_answer(cited(None), "id"), False).splitlines()[-1] == "Warta · 2024-11-02 · paragraf 1"


def test_an_article_removed_by_hand_can_be_added_again_before_any_reindex(archive, capsys):
    assert tanya(capsys, "add", "--corpus", str(archive), str(DATA / "kopi_latin1.txt"))[0] == 0
    (stored,) = archive.iterdir()
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), str(DATA / "kopi_latin1.txt"))
    assert (status, lines[-1]) == (0, "0 added, 1 already in the archive, 0 failed")  # told from the index
    stored.unlink()  # the index still holds it: its file is what counts
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), str(DATA / "nelayan_utf16.txt"), str(DATA / "kopi_latin1.txt"))
    assert status == 0 and lines[-1].startswith("2 added, 0 already in the archive, 0 failed; ")
    assert ask(capsys, archive, "berapa harga biji kopi kering Semendo")[0]["title"] == "Kopi Semendo Dipamerkan di Palembang"


def test_the_index_tells_the_same_duplicates_as_reading_every_article(site, archive, capsys):
    from retrieval.ingest import Archive
    from retrieval.cache_files import indexed_columns
    from retrieval.store import open_library

    sources = [str(DATA / name) for name in ("nelayan_utf16.txt", "kopi_latin1.txt", "durian_cp1252.txt")]
    assert tanya(capsys, "add", "--corpus", str(archive), *sources, site.url("/rss.xml"))[0] == 0
    columns = indexed_columns(archive)
    assert columns is not None
    from_index = Archive.of_columns(archive, columns)
    from_articles = Archive.of(archive, list(open_library(archive).documents))
    assert (from_index.urls, from_index.wordings) == (from_articles.urls, from_articles.wordings)
    assert len(from_index.wordings) == 5


def without_hard_links(monkeypatch, ingest) -> None:
    """The archive's file system refuses hard links (FAT, some network shares): ``store``
    places by a look and a rename instead."""

    def refuse(source, target):
        raise PermissionError(errno.EPERM, "Operation not permitted", source)

    monkeypatch.setattr(ingest.os, "link", refuse)


# Where an article is placed: by a hard link, or, without them, by a rename.
PLACING = [pytest.param(False, id="link"), pytest.param(True, id="no-hard-links")]


@pytest.mark.parametrize("no_links", PLACING)
def test_an_article_placed_just_before_ctrl_c_is_still_known_to_the_archive(monkeypatch, tmp_path, no_links):
    """Ctrl-C between the step that places an article and the Outcome that reports it:
    the archive still lists the file, so ``tanya add`` counts and indexes it."""
    from retrieval import ingest

    placed = []
    step = "replace" if no_links else "link"
    real_step = getattr(ingest.os, step)
    if no_links:
        without_hard_links(monkeypatch, ingest)

    def place_then_interrupt(source, target):
        placed.append(target)
        real_step(source, target)
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest.os, step, place_then_interrupt)
    archive = ingest.Archive(tmp_path / "archive")
    article = tmp_path / "berita.txt"
    article.write_text("Jembatan baru dibuka\n\nJembatan Musi VI dibuka Senin oleh wali kota.\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        list(ingest.add_sources([str(article)], archive))
    assert archive.placed() == [Path(target) for target in placed]
    assert archive.placed()[0].read_text(encoding="utf-8").endswith("dibuka Senin oleh wali kota.\n")
    assert [p.name for p in (tmp_path / "archive").iterdir()] == [Path(placed[0]).name], "no temporary left"


@pytest.mark.parametrize("no_links", PLACING)
def test_an_article_interrupted_before_it_is_placed_is_not_counted(monkeypatch, tmp_path, no_links):
    """Ctrl-C just before the article is placed: nothing was, and the temporary file is gone."""
    from retrieval import ingest

    def interrupt(source, target):
        raise KeyboardInterrupt

    if no_links:
        without_hard_links(monkeypatch, ingest)
    monkeypatch.setattr(ingest.os, "replace" if no_links else "link", interrupt)
    archive = ingest.Archive(tmp_path / "archive")
    article = tmp_path / "berita.txt"
    article.write_text("Jembatan baru dibuka\n\nJembatan Musi VI dibuka Senin oleh wali kota.\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        list(ingest.add_sources([str(article)], archive))
    assert archive.placed() == []
    assert list((tmp_path / "archive").iterdir()) == []


def bridge_article(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_links: bool) -> tuple[Candidate, Archive, Path]:
    """An article file to add, its archive (made, empty) and where the add places it."""
    from retrieval import ingest

    if no_links:
        without_hard_links(monkeypatch, ingest)
    article = tmp_path / "berita.txt"
    article.write_text("Jembatan baru dibuka\n\nJembatan Musi VI dibuka Senin oleh wali kota.\n", encoding="utf-8")
    item = ingest.file_article(article)
    (tmp_path / "archive").mkdir()
    return item, ingest.Archive(tmp_path / "archive"), tmp_path / "archive" / ingest.file_name(item)


@pytest.mark.parametrize("no_links", PLACING)
def test_an_article_another_add_placed_meanwhile_is_held_not_written_again(monkeypatch, tmp_path, no_links):
    """A file of the article's name and text placed by another writer since this run
    read the archive (H36): reported as already in the archive, not this run's."""
    from retrieval import ingest

    item, archive, target = bridge_article(monkeypatch, tmp_path, no_links)
    target.write_text(item.text, encoding="utf-8")
    (outcome,) = ingest.add_sources([str(tmp_path / "berita.txt")], archive)
    assert (outcome.status, outcome.held) == ("skipped", target.stem)
    assert archive.placed() == []
    assert [p.name for p in (tmp_path / "archive").iterdir()] == [target.name], "no temporary left"


@pytest.mark.parametrize("no_links", PLACING)
def test_adding_a_source_again_never_writes_over_the_article_corrected_by_hand(monkeypatch, tmp_path, no_links):
    """A source without a URL is named by its first wording: once the operator corrects
    the archived file and the index has read it (so the wording no longer says it is
    held), adding the source again met a file of its name with other bytes and wrote the
    old text over the correction (H40)."""
    from retrieval import ingest

    item, archive, target = bridge_article(monkeypatch, tmp_path, no_links)
    corrected = item.text.replace("Senin", "Selasa")
    target.write_text(corrected, encoding="utf-8")
    from retrieval.corpus import load_corpus

    archive = ingest.Archive.of(tmp_path / "archive", load_corpus(tmp_path / "archive").documents)  # the correction read
    (outcome,) = ingest.add_sources([str(tmp_path / "berita.txt")], archive)
    assert (outcome.status, outcome.held) == ("skipped", target.stem)
    assert target.read_text(encoding="utf-8") == corrected
    assert [p.name for p in (tmp_path / "archive").iterdir()] == [target.name], "no temporary left"


@pytest.mark.parametrize("no_links", PLACING)
@pytest.mark.parametrize("left", ["", "Jembatan baru dib"])
def test_a_damaged_file_of_the_articles_name_is_repaired(monkeypatch, tmp_path, no_links, left):
    """An emptied or cut file of the article's name is no copy of it (H39): the add
    writes the article over it, as re-adding always repaired such a file."""
    from retrieval import ingest

    item, archive, target = bridge_article(monkeypatch, tmp_path, no_links)
    target.write_text(left, encoding="utf-8")
    (outcome,) = ingest.add_sources([str(tmp_path / "berita.txt")], archive)
    assert outcome.status == "added"
    assert target.read_text(encoding="utf-8") == item.text
    assert [p.name for p in (tmp_path / "archive").iterdir()] == [target.name], "no temporary left"


def test_a_feed_read_only_in_part_says_so_and_is_no_failure(site, archive, capsys, monkeypatch):
    # Its items past the first MAX_FEED_ITEMS are neither added nor failed: adding the
    # feed again, with nothing new, still exits 0.
    monkeypatch.setattr("retrieval.ingest.MAX_FEED_ITEMS", 1)
    first = tanya(capsys, "add", "--corpus", str(archive), site.url("/rss.xml"))
    again = tanya(capsys, "add", "--corpus", str(archive), site.url("/rss.xml"))
    unread = f"unread: {site.url('/rss.xml')} (items 2-3): 2 more items not read: a feed is read to its first 1 items, its newest; add the others' addresses one by one"
    assert first[0] == 0 and first[1][1] == unread and first[1][-1].startswith("1 added, 0 already in the archive, 0 failed, 1 feed read only to 1 items;")
    assert again[0] == 0 and again[1] == [again[1][0], unread, "0 added, 1 already in the archive, 0 failed, 1 feed read only to 1 items"]


KARET = """Title: Harga Karet di Muara Enim Naik

Harga karet di Muara Enim naik menjadi Rp 12.000 per kilogram pekan ini, kata Kepala Dinas Perkebunan, Budi Hartono.

Petani menyambut kenaikan itu.
"""


@pytest.mark.parametrize("others", [False, True])
@pytest.mark.parametrize("left", ["", "Title: Harga Karet"])
def test_adding_again_repairs_a_file_emptied_since_the_index_read_it(capsys, tmp_path, seeds_dir, others, left):
    """H82: the index still held the article, so the add called it "already in the
    archive" and left the file empty (with no other article, the archive stayed empty
    for good). A file of the article's name that holds no article is not the article."""
    archive = tmp_path / "arsip"
    if others:
        shutil.copytree(seeds_dir, archive)
    source = tmp_path / "karet.txt"
    source.write_text(KARET, encoding="utf-8")
    assert tanya(capsys, "add", "--corpus", str(archive), str(source))[0] == 0
    (stored,) = [p for p in archive.iterdir() if p.name.startswith("harga-karet")]
    kept = stored.read_text(encoding="utf-8")
    stored.write_text(left, encoding="utf-8")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), str(source))
    assert status == 0 and lines[0].startswith("added: ") and lines[-1].startswith("1 added, 0 already in the archive")
    assert stored.read_text(encoding="utf-8") == kept
    assert "Rp 12.000" in ask(capsys, archive, "Berapa harga karet di Muara Enim?")[0]["excerpt"]


def _banjir_page(houses: int) -> bytes:
    return f"""<html><head><title>Banjir Rendam {houses} Rumah di Sekayu</title>
<meta property="article:published_time" content="2024-11-20T08:00:00+07:00"></head><body><article>
<h1>Banjir Rendam {houses} Rumah di Sekayu</h1>
<p>Banjir merendam {houses} rumah warga di Kecamatan Sekayu, Kabupaten Musi Banyuasin, sejak Selasa malam setelah hujan deras turun selama enam jam tanpa henti.</p>
<p>Kepala BPBD Muba mengatakan petugas telah mendirikan dapur umum dan mengevakuasi warga lanjut usia ke balai desa yang tidak terendam air.</p>
<p>Warga diminta tetap waspada karena hujan diperkirakan masih akan turun hingga akhir pekan di sebagian besar wilayah Musi Banyuasin.</p>
</article></body></html>""".encode()


def test_a_page_updated_at_its_address_is_refreshed_over_the_one_held(site, archive, capsys):
    # helper-111: adding the address again said "already in the archive" without
    # fetching it, and deleting the file to add it anew recorded a removal by hand.
    site.routes["/upd"] = Route(_banjir_page(300), "text/html")
    assert tanya(capsys, "add", "--corpus", str(archive), site.url("/upd"))[0] == 0
    (held,) = [p.name for p in archive.iterdir()]
    site.routes["/upd"] = Route(_banjir_page(520), "text/html")
    status, lines, _ = tanya(capsys, "add", "--corpus", str(archive), site.url("/upd"))
    assert lines[0].startswith(f"skipped: {site.url('/upd')}: already in the archive (")
    status, lines, err = tanya(capsys, "add", "--refresh", "--corpus", str(archive), site.url("/upd"))
    assert status == 0, err
    assert lines[0] == f"added: {site.url('/upd')}: {held}: Banjir Rendam 520 Rumah di Sekayu (a newer version of the page, written over the one held)"
    assert [p.name for p in archive.iterdir()] == [held]  # one article, no removal record
    best = ask(capsys, archive, "Berapa rumah yang direndam banjir di Sekayu?")[0]
    assert (best["title"], best["url"]) == ("Banjir Rendam 520 Rumah di Sekayu", site.url("/upd"))
    assert "520 rumah" in best["excerpt"]
    status, lines, _ = tanya(capsys, "add", "--refresh", "--corpus", str(archive), site.url("/upd"))
    assert lines[0] == f"skipped: {site.url('/upd')}: already in the archive ({held.removesuffix('.txt')}), unchanged"


def test_a_feed_items_page_naming_no_site_is_cited_under_the_feeds_name(site, archive, capsys):
    # helper-111: an item's page with no site name in its metadata was cited under the
    # host's name, though its feed is "Kabar OKI".
    site.routes["/oki.xml"] = Route(
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar OKI</title>
        <item><title>Banjir Rendam 300 Rumah di Sekayu</title><link>{site.url('/banjir')}</link></item>
        </channel></rss>""".encode(),
        "application/rss+xml",
    )
    site.routes["/banjir"] = Route(_banjir_page(300), "text/html")
    status, lines, err = tanya(capsys, "add", "--corpus", str(archive), site.url("/oki.xml"))
    assert status == 0 and lines[0].startswith(f"added: {site.url('/banjir')}: "), (lines, err)
    assert ask(capsys, archive, "Berapa rumah yang direndam banjir di Sekayu?")[0]["source"] == "Kabar OKI"
