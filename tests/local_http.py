"""A news site on 127.0.0.1 for the fetching and ingest tests: pages, feeds, a PDF, and
the ways a site goes wrong (a dead link, a slow answer, an oversized page, redirects).

Routes map a path to a ``Route``; ``{base}`` in a body becomes the server's address, so
feed files can link to pages on it. Every request is recorded with its headers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass(frozen=True)
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds before answering
    etag: str | None = None  # answer 304 to a request that sends it back


@dataclass
class Site:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path)
            if route is None:
                self._answer(Route(b"<html><body>Halaman tidak ditemukan</body></html>", status=404))
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self._answer(route)

        def _answer(self, route: Route) -> None:
            body = route.body.replace(b"{base}", site.base.encode())
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.etag
            headers.setdefault("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size limit, timeout): as it should

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """``site`` served on 127.0.0.1 (a free port) in a thread, for the ``with`` block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def make_pdf(lines: list[str], title: str | None = None, created: str | None = None) -> bytes:
    """A one-page PDF whose text is ``lines`` (Helvetica, one line each; "" leaves a
    blank line), written object by object with its cross-reference table: the smallest
    real PDF pypdf reads, made here so no binary fixture is committed. ``created``: its
    CreationDate as written ("D:20241115090000+07'00'")."""
    operations = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    operations += [f"({pdf_string(line)}) Tj T*" if line else "T*" for line in lines]
    operations.append("ET")
    fields = (b" /Title (" + pdf_string(title).encode("cp1252") + b")" if title else b"") + (
        b" /CreationDate (" + created.encode("ascii") + b")" if created else b""
    )
    return one_page_pdf(operations, 612, b"<<" + fields + b" >>" if fields else None)


def make_columns_pdf(columns: list[list[str]], headline: str | None = None, left: int = 50, gap: int = 270) -> bytes:
    """A one-page PDF whose ``columns`` of lines (Helvetica 10, "" a blank line) stand
    side by side ``gap`` points apart, under a ``headline`` across them: a two- or
    three-column newsletter or press release, each line drawn where it is printed."""
    operations = [f"BT /F1 14 Tf {left} 780 Td ({pdf_string(headline)}) Tj ET"] if headline else []
    for number, lines in enumerate(columns):
        for row, line in enumerate(lines):
            if line:
                operations.append(f"BT /F1 10 Tf {left + number * gap} {740 - 13 * row} Td ({pdf_string(line)}) Tj ET")
    return one_page_pdf(operations, 842)


def pdf_string(text: str) -> str:
    """``text`` as a PDF string's inside: its backslashes and brackets escaped."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def one_page_pdf(operations: list[str], width: int, info: bytes | None = None) -> bytes:
    """A PDF of one page ``width`` points wide drawing ``operations`` in Helvetica."""
    stream = "\n".join(operations).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>" % width,
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return pdf_of(objects, info)


def pdf_of(objects: list[bytes], info: bytes | None = None, version: bytes = b"1.4") -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first its catalog), with its
    cross-reference table and trailer; ``info``: its document information dictionary."""
    objects = [*objects, info] if info is not None else list(objects)
    out = bytearray(b"%PDF-" + version + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer_info = b" /Info %d 0 R" % len(objects) if info is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_info, xref)
    return bytes(out)


NEWS_DATA = Path(__file__).parent / "data" / "ingest"
HTML = "text/html; charset=utf-8"
NEWS_PDF_LINES = [
    "Dinas Kesehatan Kabupaten Lahat menggelar vaksinasi campak gratis bagi",
    "4.500 anak di 24 puskesmas mulai Senin, 18 November 2024.",
    "",
    "Kepala Dinas Kesehatan, dr Lidyawati, meminta orang tua membawa kartu",
    "menuju sehat saat datang ke puskesmas.",
]


def news_site() -> Site:
    """The regional news site of tests/data/ingest that `tanya add` is tested (and
    scripts/ingest_demo.py shown) against: two articles, a page of menus only, an RSS
    and an Atom feed, a PDF, a redirect to file:, an oversized page and an image."""
    data = NEWS_DATA
    return Site(routes={
        "/daerah/jembatan-gantung": Route((data / "berita_jembatan.html").read_bytes(), HTML),
        "/ekonomi/pasar-sekayu": Route((data / "berita_pasar.html").read_bytes(), HTML),
        "/indeks": Route((data / "menu_saja.html").read_bytes(), HTML),
        "/rss.xml": Route((data / "rss.xml").read_bytes(), "application/rss+xml"),
        "/atom.xml": Route((data / "atom.xml").read_bytes(), "application/atom+xml"),
        "/rilis/vaksinasi.pdf": Route(make_pdf(NEWS_PDF_LINES), "application/pdf"),
        "/ke-berkas": Route(status=302, headers=(("Location", "file:///etc/passwd"),)),
        "/raksasa": Route(b"<html></html>", HTML, headers=(("Content-Length", "50000000"),)),
        "/gambar.png": Route(b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    })
