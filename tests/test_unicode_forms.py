"""Letters, digits and line ends written in forms a user calls the same (H53's fault
injection): none ends in a traceback, and none loses an answer.

Crashes first (each once a traceback): an address whose host cannot be encoded for the
wire, a superscript digit for a port. Then answers once lost: Turkish capitals ("İ")
in a question or an article, lines ended by Unicode's separators.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.decision import ModelDecision
from retrieval.search import Searcher
from retrieval.store import open_library

from local_http import Route, Site, serve

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TANYA = [sys.executable, "-m", "bot"]

PAGE = (
    "<html><head><title>Jembatan Gantung Rampung</title></head><body><h1>Jembatan Gantung Rampung</h1>"
    "<p>MARTAPURA, KABARMUSI – Jembatan gantung sepanjang 120 meter di Desa Tanjung Raya rampung dibangun "
    "dan diresmikan Bupati OKU Timur, Lanosin Hamzah, pada Jumat, 26 April 2024.</p>"
    "<p>Warga tidak perlu lagi menyeberang dengan perahu saat musim hujan, kata Kepala Desa Suparman.</p>"
    "</body></html>"
).encode()


def tanya(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TANYA_", "TELEGRAM_"))}
    return subprocess.run([*TANYA, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


# --- crashes -------------------------------------------------------------------------

# Host names httpx cannot encode (IDNA): a zero-width space or a soft hyphen pasted with
# a link from a web page, a long s, a bad punycode label. httpx raised InvalidURL (no
# httpx.HTTPError) or idna.IDNAError from fetch(), and `tanya add` ended in a traceback,
# the sources after it never added: retrieval.fetch.check_url now refuses them.
BAD_HOSTS = [
    pytest.param("http://exa\u200bmple.com/berita", id="zero-width-space"),
    pytest.param("http://ex\u00adample.com/berita", id="soft-hyphen"),
    pytest.param("http://a\u017f.example/berita", id="long-s"),
    pytest.param("http://xn--zz.example/berita", id="bad-punycode"),
]


@pytest.mark.parametrize("url", BAD_HOSTS)
def test_add_url_with_a_host_no_idna_encodes_fails_that_source_only(tmp_path, url):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with serve(Site(routes={"/good": Route(PAGE)})) as site:
        done = tanya("add", url, site.url("/good"), "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr[-800:]
    assert "failed:" in done.stdout and "added:" in done.stdout, done.stdout


def test_feed_item_link_with_a_zero_width_space_in_its_host_fails_that_item_only(tmp_path):
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kabar</title>'
        "<item><title>Satu</title><link>http://exa\u200bmple.com/satu</link></item>"
        "<item><title>Dua</title><link>{base}/good</link></item></channel></rss>"
    ).encode()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with serve(Site(routes={"/feed.xml": Route(feed, content_type="application/rss+xml"), "/good": Route(PAGE)})) as site:
        done = tanya("add", site.url("/feed.xml"), "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr[-800:]
    assert "added:" in done.stdout, done.stdout


def test_redirect_to_a_host_no_idna_encodes_fails_that_source_only(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    routes = {"/redir": Route(b"", status=302, headers=(("Location", "http://xn--zz.example/x"),)), "/good": Route(PAGE)}
    with serve(Site(routes=routes)) as site:
        done = tanya("add", site.url("/redir"), site.url("/good"), "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr[-800:]
    assert "failed:" in done.stdout and "added:" in done.stdout, done.stdout


def test_ray_address_with_a_superscript_port_is_a_usage_error(tmp_path):
    done = tanya("ask", "--corpus", str(SEEDS), "--index-dir", str(tmp_path / "index"), "--ray", "127.0.0.1:²", "siapa bupati", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr[-800:]
    assert done.returncode in (1, 2) and done.stderr.startswith("tanya:"), done.stderr


# --- answers lost to an equivalent form -------------------------------------------------


def _has(result, answer: str) -> bool:
    return any(answer.casefold() in (a.text + " " + a.excerpt).casefold() for a in result.answers)


@pytest.fixture(scope="module")
def seeds_searcher(tmp_path_factory):
    return Searcher(open_library(SEEDS, tmp_path_factory.mktemp("h53-index")), decision=ModelDecision.bundled(None))


TURKISH_CAPITALS = [
    ("Di ruang mana rapat koordinasi perdana Pejabat Sementara Bupati Rejang Lebong digelar?", "Ruang Rapat Pagi"),
    ("Pjs Bupati OKU Timur mengingatkan ASN harus netral sebagai anggota organisasi apa?", "Korpri"),
]


@pytest.mark.parametrize("question, answer", TURKISH_CAPITALS)
def test_question_in_turkish_capitals_is_answered_as_in_plain_capitals(seeds_searcher, question, answer):
    assert _has(seeds_searcher.ask(question.upper()), answer)  # caps lock: answered
    assert _has(seeds_searcher.ask(question.replace("i", "İ").upper()), answer)


def test_archive_in_turkish_capitals_answers_as_in_plain_capitals(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for path in corpus.glob("003_*.txt"):
        path.write_text(path.read_text(encoding="utf-8").replace("OKI", "OKİ"), encoding="utf-8")
    searcher = Searcher(open_library(corpus, tmp_path / "index"), decision=ModelDecision.bundled(None))
    assert _has(searcher.ask("Who is the regional secretary of OKI?"), "Asmar Wijaya")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"], ids=["line-separator", "paragraph-separator"])
def test_article_with_unicode_line_separators_is_read_by_paragraph(tmp_path, separator):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in SEEDS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        (corpus / path.name).write_text(text.replace("\n", separator) if path.name.startswith("001_") else text, encoding="utf-8")
    searcher = Searcher(open_library(corpus, tmp_path / "index"), decision=ModelDecision.bundled(None))
    assert _has(searcher.ask("Siapa nama lengkap Pjs Bupati OKU Timur?"), "Edwar Juliartha")


@pytest.mark.parametrize("charset", [None, "utf-8"])
def test_one_invalid_byte_in_a_utf8_page_garbles_nothing_else(charset):
    """A stray Windows-1252 dash in a UTF-8 page had the whole page read as Mac Roman:
    every "–" and "“" stored as "‚Äì" and "‚Äú" (H99). The byte is a space; the rest stands."""
    from retrieval.formats import html_article

    page = (Path(__file__).parent / "data" / "ingest" / "berita_pasar.html").read_bytes()
    damaged = page.replace(b"Pemerintah", "“Pemerintah” – café".encode() + b"\x96", 1)
    article = html_article(damaged, "https://warta.example/pasar", charset=charset)
    (paragraph,) = [p for p in article.paragraphs if "Pemerintah" in p]
    assert paragraph.startswith("SEKAYU – “Pemerintah” – café Kabupaten Musi Banyuasin")
