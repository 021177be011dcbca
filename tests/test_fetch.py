"""Fetching over HTTP (issue 13), against a site on 127.0.0.1 only: limits, schemes,
redirects, failures, conditional requests."""

from __future__ import annotations

import socket

import pytest

from local_http import Route, Site, serve
from retrieval.fetch import USER_AGENT, FetchError, Limits, check_url, fetch

PAGE = b"<html><body><p>Berita.</p></body></html>"


@pytest.fixture
def site():
    routes = {
        "/berita": Route(PAGE),
        "/pindah": Route(status=301, headers=(("Location", "/berita"),)),
        "/ke-berkas": Route(status=302, headers=(("Location", "file:///etc/passwd"),)),
        "/putar": Route(status=302, headers=(("Location", "/putar"),)),
        "/lambat": Route(PAGE, delay=2.0),
        "/besar": Route(b"x" * 5000),
        "/ngaku-besar": Route(PAGE, headers=(("Content-Length", "50000000"),)),
        "/feed": Route(b"<rss></rss>", "application/rss+xml", etag='"v1"', headers=(("Last-Modified", "Sat, 02 Nov 2024 08:00:00 GMT"),)),
        "/error": Route(b"oops", status=500),
    }
    with serve(Site(routes=routes)) as running:
        yield running


def test_a_page_is_fetched_with_tanyas_user_agent(site):
    fetched = fetch(site.url("/berita"))
    assert (fetched.content, fetched.content_type, fetched.url) == (PAGE, "text/html", site.url("/berita"))
    assert site.requests[-1][1]["user-agent"] == USER_AGENT


def test_a_redirect_is_followed_and_the_final_address_kept(site):
    assert fetch(site.url("/pindah")).url == site.url("/berita")


@pytest.mark.parametrize(
    ("path", "limits", "reason"),
    [
        ("/hilang", Limits(), "the server answered 404 Not Found"),
        ("/error", Limits(), "the server answered 500"),
        ("/ke-berkas", Limits(), "redirected to an address that is not fetched: only http and https addresses are fetched, not file:"),
        ("/putar", Limits(max_redirects=3), "more than 3 redirects"),
        ("/lambat", Limits(read_seconds=0.3), "timed out"),
        ("/besar", Limits(max_bytes=1000), "too large (over 0.001 MB)"),
        ("/ngaku-besar", Limits(), "too large (over 10 MB)"),
    ],
)
def test_each_failure_is_one_clear_reason(site, path, limits, reason):
    with pytest.raises(FetchError) as error:
        fetch(site.url(path), limits=limits)
    assert str(error.value).startswith(reason)
    assert "\n" not in str(error.value)


def test_a_dead_host_cannot_be_connected_to():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/berita", limits=Limits(connect_seconds=2))


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "not file:"),
        ("ftp://127.0.0.1/berita.txt", "not ftp:"),
        ("data:text/html,<p>hai</p>", "not data:"),
        ("127.0.0.1/berita", "not an address without a scheme"),
        ("http:///berita", "no host"),
    ],
)
def test_only_http_and_https_are_fetched(url, reason):
    with pytest.raises(FetchError, match=reason):
        check_url(url)
    with pytest.raises(FetchError, match=reason):
        fetch(url)


def test_a_conditional_request_is_answered_not_modified(site):
    first = fetch(site.url("/feed"))
    assert (first.etag, first.last_modified, first.not_modified) == ('"v1"', "Sat, 02 Nov 2024 08:00:00 GMT", False)
    again = fetch(site.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.content == b""
    headers = site.requests[-1][1]
    assert (headers["if-none-match"], headers["if-modified-since"]) == ('"v1"', "Sat, 02 Nov 2024 08:00:00 GMT")


PAGE_BODY = b"<html><body><p>Jembatan gantung di Desa Tanjung Raya rampung dibangun.</p></body></html>"


def _deflated(data: bytes, wbits: int) -> bytes:
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


def _encoded_routes() -> dict[str, Route]:
    import gzip

    def route(body: bytes, coding: str) -> Route:
        return Route(body, headers=(("Content-Encoding", coding),))

    return {
        "/gzip": route(gzip.compress(PAGE_BODY), "gzip"),
        "/x-gzip": route(gzip.compress(PAGE_BODY), "x-gzip"),
        "/deflate": route(_deflated(PAGE_BODY, 15), "deflate"),
        "/raw-deflate": route(_deflated(PAGE_BODY, -15), "deflate"),  # no zlib wrapper, as some servers send it
        "/twice": route(gzip.compress(gzip.compress(PAGE_BODY)), "gzip, gzip"),
        "/identity": route(PAGE_BODY, "identity"),
        "/utf-8": route(PAGE_BODY, "UTF-8"),  # no coding, though a server wrote one there: read as sent
        "/two-members": route(gzip.compress(PAGE_BODY[:40]) + gzip.compress(PAGE_BODY[40:]), "gzip"),
        "/trailing-bytes": route(gzip.compress(PAGE_BODY) + b"\x00" * 12, "gzip"),  # padding after the stream: ignored
        "/brotli": route(PAGE_BODY, "br"),
        "/damaged": route(gzip.compress(PAGE_BODY)[:10] + b"\xff" * 40, "gzip"),  # its header, then no deflate stream
        "/cut-gzip": route(gzip.compress(PAGE_BODY)[: len(gzip.compress(PAGE_BODY)) * 6 // 10], "gzip"),  # no end, no trailer
        "/cut-deflate": route(_deflated(PAGE_BODY, 15)[:-8], "deflate"),
        "/cut-raw-deflate": route(_deflated(PAGE_BODY, -15)[:-8], "deflate"),
        "/cut-inner-gzip": route(gzip.compress(gzip.compress(PAGE_BODY)[:-12]), "gzip, gzip"),  # the outer layer whole
        "/no-trailer": route(gzip.compress(PAGE_BODY)[:-8], "gzip"),  # every byte of the page, no checksum to hold it to
    }


@pytest.mark.parametrize("path", ["/gzip", "/x-gzip", "/deflate", "/raw-deflate", "/twice", "/identity", "/utf-8", "/two-members", "/trailing-bytes"])
def test_a_compressed_body_is_decoded_here(path):
    """fetch decodes content codings itself, each layer within the size limit (a gzip
    inside a gzip was 7 KB sent and 4 GB decoded in one call of httpx's)."""
    with serve(Site(routes=_encoded_routes())) as site:
        assert fetch(site.url(path)).content == PAGE_BODY


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/brotli", "unsupported content encoding (br)"),
        ("/damaged", "a damaged compressed body"),
        *[(cut, "a damaged compressed body (it ends before its end)") for cut in ("/cut-gzip", "/cut-deflate", "/cut-raw-deflate", "/cut-inner-gzip", "/no-trailer")],
    ],
)
def test_a_coding_not_asked_for_or_a_damaged_one_is_one_clear_reason(path, reason):
    with serve(Site(routes=_encoded_routes())) as site, pytest.raises(FetchError) as raised:
        fetch(site.url(path))
    assert str(raised.value) == reason
