"""Sources small on the wire and huge or slow inside (H57's resource-exhaustion review):
each is refused with one line, or read, within bounded time and memory.

What `tanya add` (and the bot's feed poller and Telegram adds, which share this code)
does with one hostile source served from 127.0.0.1 or written to a scratch directory.
Memory bombs run in a subprocess under RLIMIT_AS, so one that works fails fast instead
of eating the machine.
"""

from __future__ import annotations

import datetime
import gzip
import ssl
import subprocess
import sys
import threading
import time
import zlib
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import trafilatura  # noqa: F401 - html_article imports it on first use: imported here, before any clock starts

from local_http import Route, Site, pdf_of, serve
from retrieval.corpus import MAX_FILE_BYTES
from retrieval.fetch import FetchError, Limits, fetch
from retrieval import formats
from retrieval.formats import html_article, pdf_article
from retrieval.ingest import MAX_FEED_ITEMS, Archive, add_sources, feed_items

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
TEXT = b"BT /F1 11 Tf 50 780 Td (Dinas Kesehatan Kabupaten Lahat menggelar vaksinasi campak gratis bagi anak.) Tj ET"
PARA = "Pemerintah Kabupaten Lahat meresmikan jembatan gantung baru di tepi sungai Lematang pada hari Senin pagi."


# -- builders ---------------------------------------------------------------------------


def _pdf(pages: int, content: bytes, spaces: int = 0) -> bytes:
    """A PDF of ``pages`` pages that all draw one FlateDecode content stream: ``content``
    and ``spaces`` spaces after it (packed a block at a time: never held whole)."""
    packer = zlib.compressobj(9)
    block = b" " * (1 << 24)
    packed = packer.compress(content) + b"".join(packer.compress(block) for _ in range(spaces // len(block)))
    packed += packer.compress(b" " * (spaces % len(block))) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        FONT,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    ]
    kids = []
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return pdf_of(objects, version=b"1.5")


def _gzip_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    block = bytes(1 << 24)
    return b"".join(packer.compress(block) for _ in range(size // len(block))) + packer.flush()


# -- a server that drips ----------------------------------------------------------------

GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
EMPTY_STORED_BLOCK = b"\x00\x00\x00\xff\xff"  # a non-final deflate block holding no byte


@contextmanager
def dripping(mode: str, seconds: float, every: float = 0.25, tls: ssl.SSLContext | None = None):
    """A server on 127.0.0.1 (over TLS with ``tls``) whose one page takes ``seconds`` to
    send, a few bytes every ``every`` s: ``plain`` (a byte of body), ``empty-gzip``
    (gzip blocks that decode to nothing) or ``headers`` (a header line); or
    ``stalling``, a body ended by the connection's close, which stalls after its first
    paragraph."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            end = time.monotonic() + seconds
            try:
                if mode == "headers":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
                    while time.monotonic() < end:
                        self.wfile.write(b"X-A: b\r\n")
                        self.wfile.flush()
                        time.sleep(every)
                    self.wfile.write(b"Content-Length: 2\r\nConnection: close\r\n\r\nok")
                elif mode == "stalling":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>Paragraf pertama.</p>")
                    self.wfile.flush()
                    time.sleep(seconds)
                    self.wfile.write(b"<p>Paragraf kedua.</p></body></html>")
                elif mode == "plain":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    while time.monotonic() < end:
                        self.wfile.write(b"1\r\na\r\n")
                        self.wfile.flush()
                        time.sleep(every)
                    self.wfile.write(b"0\r\n\r\n")
                else:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    for piece in [GZIP_HEADER] + [EMPTY_STORED_BLOCK] * int(seconds / every):
                        self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
                        self.wfile.flush()
                        time.sleep(every)
                    self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- HTTP -------------------------------------------------------------------------------

# Run in a child capped at 600 MB: the fetch must refuse the body, not decode it whole.
CAPPED_FETCH = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (600 << 20, 600 << 20))
from retrieval.fetch import FetchError, fetch
try:
    fetch(sys.argv[1])
except FetchError as error:
    print("FetchError:", error)
except MemoryError:
    print("MemoryError")
"""


def _capped_fetch(url: str) -> str:
    done = subprocess.run([sys.executable, "-c", CAPPED_FETCH, url], capture_output=True, text=True, timeout=60)
    return (done.stdout.strip() or done.stderr.strip().splitlines()[-1]) if (done.stdout or done.stderr) else f"exit {done.returncode}"


def test_a_gzip_bomb_is_refused_on_its_decoded_size_in_bounded_memory():
    with serve(Site(routes={"/bom": Route(_gzip_of_zeros(1 << 30), headers=(("Content-Encoding", "gzip"),))})) as site:
        assert _capped_fetch(site.url("/bom")) == "FetchError: too large (over 10 MB)"


def test_a_double_gzip_bomb_is_refused_on_its_decoded_size_in_bounded_memory():
    body = gzip.compress(_gzip_of_zeros(1 << 30), 9)
    assert len(body) < 20_000
    with serve(Site(routes={"/bom": Route(body, headers=(("Content-Encoding", "gzip, gzip"),))})) as site:
        assert _capped_fetch(site.url("/bom")) == "FetchError: too large (over 10 MB)"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for 127.0.0.1: the server's context, and a client's
    that trusts it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return server, ssl.create_default_context(cafile=str(folder / "cert.pem"))


def _timed_fetch(url: str, limits: Limits, trusting: ssl.SSLContext | None = None) -> tuple[str, float]:
    start = time.monotonic()
    try:
        if trusting is not None:  # a client as make_client's, trusting the test's certificate
            timeout = httpx.Timeout(limits.read_seconds, connect=limits.connect_seconds)
            with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, verify=trusting) as client:
                fetched = fetch(url, limits=limits, client=client)
        else:
            fetched = fetch(url, limits=limits)
        result = f"fetched {len(fetched.content)} bytes"
    except FetchError as error:
        result = str(error)
    return result, time.monotonic() - start


def test_a_body_dripping_a_byte_at_a_time_stops_at_the_total_deadline():
    with dripping("plain", seconds=5.0) as url:
        result, took = _timed_fetch(url, Limits(read_seconds=2.0, total_seconds=1.0))
    assert result.startswith("too slow") and took < 3.0, (result, took)


def test_a_gzip_body_that_decodes_to_nothing_stops_at_the_total_deadline():
    with dripping("empty-gzip", seconds=5.0) as url:
        result, took = _timed_fetch(url, Limits(read_seconds=2.0, total_seconds=1.0))
    assert took < 3.0 and result.startswith("too slow"), (result, took)


def test_headers_dripping_in_stop_at_the_total_deadline():
    with dripping("headers", seconds=5.0) as url:
        result, took = _timed_fetch(url, Limits(read_seconds=2.0, total_seconds=1.0))
    assert took < 3.0 and result.startswith("too slow"), (result, took)


def test_headers_dripping_in_over_tls_stop_at_the_total_deadline(certificate):
    # TLS detaches the socket the connection was opened on: the watchdog shuts a
    # duplicate of it down (H59: it did nothing over https, news sites' scheme).
    server, trusting = certificate
    with dripping("headers", seconds=5.0, tls=server) as url:
        result, took = _timed_fetch(url, Limits(read_seconds=2.0, total_seconds=1.0), trusting)
    assert took < 3.0 and result.startswith("too slow"), (result, took)


def test_a_body_read_to_the_close_that_stalls_is_too_slow_not_stored_cut_short():
    # The watchdog's shutdown ends such a body as the server's close would (H59: the
    # first paragraph was added as the whole article).
    with dripping("stalling", seconds=5.0) as url:
        result, took = _timed_fetch(url, Limits(read_seconds=3.0, total_seconds=1.0))
    assert took < 3.0 and result.startswith("too slow"), (result, took)


@contextmanager
def unanswered_port():
    """A port on 127.0.0.1 whose connects hang: its listener's one-place queue is
    full and never accepted from, so further handshakes go unanswered."""
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=2.0):
            yield port


def test_a_redirect_to_a_host_that_never_answers_stops_at_the_total_deadline():
    # The watchdog knows a connection once it is open: a redirect's connect begun just
    # before the deadline ran on for its whole connect timeout (10 s) past it.
    with unanswered_port() as port:
        routes = {"/pindah": Route(status=302, headers=(("Location", f"http://127.0.0.1:{port}/artikel"),))}
        with serve(Site(routes=routes)) as site:
            result, took = _timed_fetch(site.url("/pindah"), Limits(connect_seconds=8.0, total_seconds=1.0))
    assert took < 4.0 and result.startswith("too slow"), (result, took)


def test_a_connect_timeout_within_the_deadline_still_says_it_cannot_connect():
    with unanswered_port() as port:
        result, took = _timed_fetch(f"http://127.0.0.1:{port}/", Limits(connect_seconds=0.5, total_seconds=5.0))
    assert took < 4.0 and result == "timed out (no connection within 0.5 s)", (result, took)


@pytest.fixture
def hanging_resolver(monkeypatch):
    """The system resolver, except that looking up ``hangs.invalid`` hangs (until the
    test ends): a fault injected at the socket layer, so that no name ever leaves the
    machine."""
    import socket

    released = threading.Event()
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host == "hangs.invalid":
            released.wait(30.0)
            raise socket.gaierror(socket.EAI_AGAIN, "resolver gave up")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield "hangs.invalid"
    released.set()
    for thread in threading.enumerate():  # the next test must not meet this one's lookup
        if thread.name == "tanya-lookup":
            thread.join(5.0)


def test_a_host_whose_lookup_hangs_fails_at_the_connect_timeout(hanging_resolver):
    # httpx's timeouts begin once the address is known: the lookup held the fetch for
    # as long as the system's resolver waited.
    result, took = _timed_fetch(f"http://{hanging_resolver}/berita", Limits(connect_seconds=0.5, total_seconds=5.0))
    assert took < 3.0 and result == f"timed out (no address for {hanging_resolver} within 0.5 s)", (result, took)


def test_fetches_of_a_host_whose_lookup_hangs_hold_one_thread(hanging_resolver):
    # Each fetch waited on a thread of its own, left behind until the resolver gave up.
    for _ in range(10):
        result, _took = _timed_fetch(f"http://{hanging_resolver}/berita", Limits(connect_seconds=0.1, total_seconds=5.0))
        assert result.startswith("timed out (no address"), result
    assert sum(1 for thread in threading.enumerate() if thread.name == "tanya-lookup") == 1


def test_a_callers_own_client_reaches_its_host_its_own_way(hanging_resolver):
    # A proxy or a test's transport: tanya looks up only the hosts its own client dials.
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/html"}, stream=httpx.ByteStream(b"<p>Berita</p>"))

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        fetched = fetch(f"http://{hanging_resolver}/berita", limits=Limits(connect_seconds=0.5, total_seconds=2.0), client=client)
    assert fetched.content == b"<p>Berita</p>"


def test_a_redirect_to_a_host_whose_lookup_hangs_stops_at_the_total_deadline(hanging_resolver):
    routes = {"/pindah": Route(status=302, headers=(("Location", f"http://{hanging_resolver}/artikel"),))}
    with serve(Site(routes=routes)) as site:
        result, took = _timed_fetch(site.url("/pindah"), Limits(connect_seconds=8.0, total_seconds=1.0))
    assert took < 4.0 and result.startswith("too slow"), (result, took)


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"connect_seconds": -1}, "connect_seconds must be a positive number of seconds, not -1"),
        ({"read_seconds": 0}, "read_seconds must be a positive number of seconds, not 0"),
        ({"total_seconds": float("inf")}, "total_seconds must be a positive number of seconds, not inf"),
        ({"total_seconds": float("nan")}, "total_seconds must be a positive number of seconds, not nan"),
        ({"max_bytes": 0}, "max_bytes must be positive and max_redirects not negative, not 0, 5"),
        ({"max_redirects": -1}, "max_bytes must be positive and max_redirects not negative, not 10000000, -1"),
    ],
)
def test_limits_that_cannot_bound_a_fetch_are_refused_by_name(given, says):
    # H61: a negative timeout escaped as httpx's ValueError mid-fetch, an infinite total
    # as a timer thread's OverflowError traceback.
    with pytest.raises(ValueError) as refused:
        Limits(**given)
    assert str(refused.value) == says


def test_a_redirect_loop_and_a_lying_content_length_are_one_line_failures():
    routes = {
        "/putar": Route(status=302, headers=(("Location", "/putar"),)),
        "/bohong": Route(b"<html>pendek", headers=(("Content-Length", "20000000"),)),
        "/kurang": Route(b"<html>pendek", headers=(("Content-Length", "2000"),)),
    }
    with serve(Site(routes=routes)) as site:
        assert _timed_fetch(site.url("/putar"), Limits())[0] == "more than 5 redirects"
        assert _timed_fetch(site.url("/bohong"), Limits())[0] == "too large (over 10 MB)"
        result, took = _timed_fetch(site.url("/kurang"), Limits(read_seconds=1.0))
        assert result.startswith(("fetch failed", "timed out")) and took < 3.0, result


# -- feeds ------------------------------------------------------------------------------


def _feed(doctype: str, item: str) -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Feed</title><item>{item}</item></channel></rss>"
    ).encode()


def test_a_feed_never_reads_a_local_file_nor_expands_a_billion_laughs(tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("RAHASIA_H57")
    xxe = _feed(
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        f"<title>&xxe;</title><link>http://127.0.0.1:9/a</link><content:encoded>&xxe; {PARA} {PARA}</content:encoded>",
    )
    laughs = '<!DOCTYPE rss [<!ENTITY l0 "lollollollol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)) + "]>"
    bomb = _feed(laughs, "<title>&l9;</title><link>http://127.0.0.1:9/b</link><content:encoded>&l9;</content:encoded>")
    start = time.monotonic()
    items = feed_items(xxe) + feed_items(bomb)
    shown = repr(items)
    assert "RAHASIA" not in shown and "lollol" not in shown and len(shown) < 5000
    assert time.monotonic() - start < 5



@pytest.mark.parametrize("oldest_first", [False, True], ids=["undated", "dated-oldest-first"])
def test_a_feed_of_thousands_of_items_is_read_to_its_newest_hundred_and_says_so(tmp_path, oldest_first):
    listed = MAX_FEED_ITEMS + 50

    def dated(i: int) -> str:  # day i after 1 January 2024: item 0 the oldest
        return f"<pubDate>{time.strftime('%a, %d %b %Y 08:00:00 +0000', time.gmtime(1704067200 + i * 86400))}</pubDate>" if oldest_first else ""

    items = "".join(f"<item><title>Berita {i}</title><link>/mati/{i}</link>{dated(i)}</item>" for i in range(listed))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Arsip</title>{items}</channel></rss>'.encode()
    with serve(Site(routes={"/rss": Route(feed, "application/rss+xml")})) as site:
        outcomes = list(add_sources([site.url("/rss")], Archive(tmp_path)))
        fetched_items = [path for path, _ in site.requests if path.startswith("/mati/")]
    read = range(listed - MAX_FEED_ITEMS, listed) if oldest_first else range(MAX_FEED_ITEMS)
    assert fetched_items == [f"/mati/{i}" for i in read]  # in the feed's order
    *per_item, last = outcomes
    assert len(per_item) == MAX_FEED_ITEMS and all(o.status == "failed" for o in per_item)
    assert last.source == f"{site.url('/rss')} (items {MAX_FEED_ITEMS + 1}-{listed})"
    assert last.status == "unread" and last.detail.startswith(f"50 more items not read: a feed is read to its first {MAX_FEED_ITEMS} items")

# -- pages --------------------------------------------------------------------------------


def test_html_nested_a_hundred_thousand_deep_is_read_quickly():
    html = "<html><body><article><h1>Jembatan</h1>" + f"<p>{PARA} {PARA}</p>" + "<div>" * 100_000 + PARA + "</div>" * 100_000 + "</article></body></html>"
    start = time.monotonic()
    article = html_article(html.encode(), "http://127.0.0.1/x")
    assert article.paragraphs and time.monotonic() - start < 5


def test_a_long_table_is_read_as_before():
    # 3,000 rows of an election tally: 30,000 elements, read in a second or two.
    rows = "".join(f"<tr><td>TPS {i}</td><td>Desa {i}</td><td>{i * 7 % 500}</td></tr>" for i in range(3_000))
    html = f"<html><body><article><h1>Rekap suara</h1><p>{PARA}</p><p>{PARA}</p><table>{rows}</table></article></body></html>"
    start = time.monotonic()
    article = html_article(html.encode(), "http://127.0.0.1/x")
    assert any("TPS 2999" in p for p in article.paragraphs) and time.monotonic() - start < 10


def test_a_page_of_many_tiny_paragraphs_is_refused_for_what_it_is_quickly():
    # Refused by its count of paragraphs, before any is read (0.2 s here, cold): the bound
    # catches reading them all, not a slow machine.
    html = "<html><head><title>Jembatan</title></head><body><article><h1>Jembatan baru</h1>" + "".join(f"<p>kata {i}</p>" for i in range(30_000)) + "</article></body></html>"
    start = time.monotonic()
    with pytest.raises(ValueError, match=r"not a news page \(30,000 paragraphs; a news page has a few dozen\)"):
        html_article(html.encode(), "http://127.0.0.1/x")
    assert time.monotonic() - start < 5


# -- PDFs ---------------------------------------------------------------------------------


def test_a_flate_bomb_of_a_gigabyte_is_refused_quickly():
    data = _pdf(1, TEXT, spaces=1_000_000_000)
    start = time.monotonic()
    with pytest.raises(ValueError, match="unreadable PDF"):
        pdf_article(data)
    assert time.monotonic() - start < 5


def test_pages_sharing_one_big_content_stream_are_read_or_refused_quickly(monkeypatch):
    # Each page decodes the shared 10 MB stream again: reading stops once it takes
    # longer than formats.PDF_SECONDS (30 s; a quarter of a second here).
    monkeypatch.setattr(formats, "PDF_SECONDS", 0.25)
    data = _pdf(40, TEXT, spaces=10_000_000)
    assert len(data) < 20_000
    # Pages read counted, not timed: one page takes 0.5-3 s as the machine is loaded.
    read = []
    page_text = formats._page_text
    monkeypatch.setattr(formats, "_page_text", lambda page: read.append(page) or page_text(page))
    with pytest.raises(ValueError, match=r"unreadable PDF \(not read within 0.25 s\)"):
        pdf_article(data)
    assert 1 <= len(read) < 40, "reading stopped at the deadline, not after every page"


def test_a_pdf_is_not_added_as_an_article_the_corpus_refuses(tmp_path):
    source = tmp_path / "rilis.pdf"
    source.write_bytes(_pdf(1, TEXT + b"\nBT /F1 11 Tf 50 700 Td (" + b"kata " * 2_100_000 + b") Tj ET"))
    assert source.stat().st_size < 20_000
    corpus = tmp_path / "arsip"
    corpus.mkdir()
    outcomes = list(add_sources([str(source)], Archive(corpus)))
    written = [o.path.stat().st_size for o in outcomes if o.status == "added"]
    assert all(size <= MAX_FILE_BYTES for size in written), (outcomes, written)
