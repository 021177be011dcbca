"""Fetching articles and feeds over HTTP, politely and within limits.

httpx does the HTTP; this module sets what a news archive needs around it: a user agent
naming tanya, connect and read timeouts and a deadline for the whole body (a server
dripping a byte a second must not hold ``tanya add`` for hours), a size limit, at most
a few redirects, and nothing but http and https: a ``file:`` address (or a redirect to
one) must not turn "add this article" into "read this machine's files". Conditional
requests (ETag, Last-Modified) let a feed poller ask "anything new?" cheaply.
"""

from __future__ import annotations

import ipaddress
import math
import socket
import threading
import time
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

if TYPE_CHECKING:  # imported when something is fetched: `tanya add FILE` and `tanya ask` never pay for it
    import httpx

USER_AGENT = "tanya/0.1 (news archive; adds articles on its operator's request)"
# The largest page, PDF or feed fetched: 10 MB, the corpus's own limit for a file
# (retrieval.corpus.MAX_FILE_BYTES); a news page is well under 1 MB.
MAX_BYTES = 10_000_000
CONNECT_SECONDS = 10.0
READ_SECONDS = 20.0
# The whole answer, headers to last byte, however it trickles in.
TOTAL_SECONDS = 60.0
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
# The content codings asked for, and decoded here (Decoder): every news site serves one.
ACCEPT_ENCODING = "gzip, deflate"
GZIP_CODINGS = frozenset({"gzip", "x-gzip"})
# Codings a server may apply though not asked to, which tanya does not decode.
UNDECODED_CODINGS = frozenset({"br", "zstd", "compress", "x-compress"})


class FetchError(Exception):
    """A fetch that failed, with the one-line reason a user is told."""


@dataclass(frozen=True)
class Limits:
    """How long to wait and how much to read."""

    connect_seconds: float = CONNECT_SECONDS
    read_seconds: float = READ_SECONDS
    total_seconds: float = TOTAL_SECONDS
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS

    def __post_init__(self) -> None:
        # Refused here, by name, rather than met mid-fetch as httpx's "Timeout value out
        # of range" or a timer thread's OverflowError.
        for name in ("connect_seconds", "read_seconds", "total_seconds"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number of seconds, not {value!r}")
        if self.max_bytes <= 0 or self.max_redirects < 0:
            raise ValueError(f"max_bytes must be positive and max_redirects not negative, not {self.max_bytes!r}, {self.max_redirects!r}")


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought: the address it ended at (after redirects), the body, its
    media type, and the validators to send next time. ``not_modified``: the server said
    nothing changed since those validators (the body is empty then)."""

    url: str
    content: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    charset: str | None = None  # the Content-Type's, as the server declared it


def check_url(url: str) -> str:
    """``url`` when it is an http(s) address with a host; FetchError saying why not."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - a port that is no number ("http://host:x/") raises here
    except ValueError as error:  # "http://[::1": urllib's own words say what is wrong
        raise FetchError(f"not a valid address ({error})") from None
    if parts.scheme.lower() not in SCHEMES:
        scheme = f"{parts.scheme}:" if parts.scheme else "an address without a scheme"
        raise FetchError(f"only http and https addresses are fetched, not {scheme}")
    if not parts.hostname:
        raise FetchError("the address has no host")
    _check_host(url.strip())
    return url.strip()


def _check_host(url: str) -> None:
    """FetchError when httpx cannot take ``url``'s host: one IDNA cannot encode (a
    zero-width space or a soft hyphen copied with a link from a web page), an IPv4
    address out of range ("1.2.3.999")."""
    import httpx

    try:
        httpx.URL(url)
    except httpx.InvalidURL as error:
        raise FetchError(f"not a valid address ({_reason(error)})") from None


def without_userinfo(url: str) -> str:
    """``url`` without a ``user:password@`` before its host: an address is fetched with
    them as given, but stored and cited without (an article's URL line is shown to
    every reader). One that cannot be taken apart ("http://[::1", never fetched) is
    returned as it is."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: Limits = Limits(),
    client: httpx.Client | None = None,
) -> Fetched:
    """GET ``url`` (following at most ``limits.max_redirects`` redirects, each to http(s)
    only), conditionally when ``etag``/``last_modified`` are given; FetchError with a
    one-line reason on any failure: refused scheme, no connection, timeout, an HTTP
    error status, a body over the size limit. ``limits`` set the timeouts of each
    request, a ``client`` of the caller's own included."""
    import httpx

    own = client is None
    client = client or make_client(limits)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + limits.total_seconds
    watchdog = Watchdog(limits.total_seconds)
    try:
        current = check_url(url)
        for _ in range(limits.max_redirects + 1):
            left = deadline - time.monotonic()
            # A caller's own client may reach the host another way (a proxy, a test's
            # transport): only tanya's own looks its hosts up itself.
            if own and not _looked_up_within(current, min(limits.connect_seconds, left)):
                host = urlsplit(current).hostname
                raise FetchError(too_slow(limits) if left <= limits.connect_seconds else f"timed out (no address for {host} within {limits.connect_seconds:g} s)")
            timeout = _within(limits, deadline)  # what the lookup left
            with client.stream("GET", current, headers=headers, timeout=timeout, extensions={"trace": watchdog.trace}) as response:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    current = _redirect_target(current, response.headers["location"])
                    continue
                return _read(response, current, limits, deadline)
        raise FetchError(f"more than {limits.max_redirects} redirects")
    except (httpx.InvalidURL, UnicodeError) as error:  # a host that passed httpx.URL but no encoder ("xn--zz")
        raise FetchError(f"not a valid address ({_reason(error)})") from None
    except httpx.HTTPError as error:
        # The connection the watchdog shut down fails as whatever was being read; a
        # connect cut short by the time left fails as a connect timeout.
        if watchdog.expired or time.monotonic() >= deadline:
            raise FetchError(too_slow(limits)) from None
        if isinstance(error, httpx.ConnectTimeout):
            raise FetchError(f"timed out (no connection within {limits.connect_seconds:g} s)") from None
        if isinstance(error, httpx.TimeoutException):
            raise FetchError(f"timed out (no answer within {limits.read_seconds:g} s)") from None
        if isinstance(error, httpx.ConnectError):
            raise FetchError(f"cannot connect ({_reason(error)})") from None
        # protocol errors, a connection dropped midway
        raise FetchError(f"fetch failed ({type(error).__name__}: {_reason(error)})") from None
    finally:
        watchdog.stop()
        if own:
            client.close()


def _within(limits: Limits, deadline: float) -> httpx.Timeout:
    """This request's timeouts, none past the deadline. The watchdog ends a connection
    once it is open; one still connecting (a redirect's next host) is bound only by
    its connect timeout, which could otherwise run that long past the total."""
    import httpx

    left = deadline - time.monotonic()
    if left <= 0:
        raise httpx.ConnectTimeout("no time left")
    return httpx.Timeout(min(limits.read_seconds, left), connect=min(limits.connect_seconds, left))


def _looked_up_within(url: str, seconds: float) -> bool:
    """Whether ``url``'s host is looked up within ``seconds`` (or needs no lookup, or
    its lookup failed, which httpx then reports): httpx's timeouts begin once the
    address is known, and a resolver that hangs held a fetch for as long as the system's
    resolver waits. The lookup runs in a daemon thread, left to end by itself when it
    takes too long; a fetch of a host whose lookup is still under way waits for that
    one rather than starting another, so a resolver that hangs holds one thread a host
    however many fetches ask. The name looked up is the one httpx connects to (IDNA
    2008: "faß.test" is "xn--fa-hia.test", not Python's "fass.test"); httpx looks it up
    again, from the system's cache where it keeps one."""
    import httpx

    host = httpx.URL(url).raw_host.decode("ascii")
    if not host or _is_address(host):
        return True
    with _LOOKUPS_LOCK:
        done = _LOOKUPS.get(host)
        if done is None:
            done = _LOOKUPS[host] = threading.Event()
            threading.Thread(target=_look_up, args=(host, done), name="tanya-lookup", daemon=True).start()
    return done.wait(max(seconds, 0.0))


# The lookups under way, by host: one thread a host, whatever the fetches waiting on it.
_LOOKUPS: dict[str, threading.Event] = {}
_LOOKUPS_LOCK = threading.Lock()


def _look_up(host: str, done: threading.Event) -> None:
    try:
        socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        pass
    finally:
        with _LOOKUPS_LOCK:
            _LOOKUPS.pop(host, None)
        done.set()


def _is_address(host: str) -> bool:
    """Whether ``host`` is an IP address, which needs no lookup."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class Watchdog:
    """Shuts a fetch's connections down once its total time is up. httpx's timeouts
    bound each read, not the whole answer: a server sending a header line every few
    seconds trips none of them, and the body's deadline (:func:`_read`) is looked at only
    once the headers are in. Shut down, a connection's blocked read returns at once, and
    the fetch fails as too slow. Connections are learnt from httpcore's ``trace``
    extension as each is opened."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict[str, object]) -> None:
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        found = getattr(stream, "get_extra_info", lambda name: None)("socket")
        if isinstance(found, socket.socket):
            # A duplicate: TLS wraps the socket by detaching it, and a detached socket
            # can no longer be shut down; the duplicate still ends the connection.
            found = socket.fromfd(found.fileno(), found.family, found.type)
            with self._lock:
                self._sockets.append(found)
                if self.expired:  # opened just as time ran out
                    _shut(found)

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            for opened in self._sockets:
                opened.close()
            self._sockets.clear()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for opened in self._sockets:
                _shut(opened)


def _shut(opened: socket.socket) -> None:
    try:
        opened.shutdown(socket.SHUT_RDWR)
    except OSError:  # closed already
        pass


def make_client(limits: Limits = Limits()) -> httpx.Client:
    """A client with tanya's timeouts; redirects are followed by :func:`fetch`, which
    checks each one's scheme. Proxies from the environment are not used: an operator's
    proxy settings are for browsers, and a test's 127.0.0.1 must stay local."""
    import httpx

    timeout = httpx.Timeout(limits.read_seconds, connect=limits.connect_seconds)
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)


def _redirect_target(current: str, location: str) -> str:
    target = urljoin(current, location.strip())
    try:
        return check_url(target)
    except FetchError as error:
        raise FetchError(f"redirected to an address that is not fetched: {error}") from None


def _read(response: httpx.Response, url: str, limits: Limits, deadline: float) -> Fetched:
    """The body of ``response``, read within the size limit and the deadline."""
    validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
    if response.status_code == 304:
        return Fetched(url, b"", "", not_modified=True, **validators)
    if response.status_code >= 400:
        raise FetchError(f"the server answered {response.status_code} {response.reason_phrase}".rstrip())
    if response.status_code != 200:
        raise FetchError(f"unexpected answer {response.status_code} {response.reason_phrase}".rstrip())
    declared = response.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limits.max_bytes:  # "²" is a digit int() refuses
        raise FetchError(too_large(limits.max_bytes))
    decoder = Decoder(response.headers.get("content-encoding", ""), limits.max_bytes)
    body = bytearray()
    # Read as sent and decoded here, within the size limit at every step: httpx decoded
    # each network chunk whole through every layer before a byte could be counted
    # ("gzip, gzip": 7 KB became 4 GB in one call), and a layer that decodes to
    # nothing yielded nothing, so the deadline was never looked at.
    for chunk in response.iter_raw():
        body += decoder.decode(chunk)
        if time.monotonic() > deadline:
            raise FetchError(too_slow(limits))
    # A body read to the connection's close ends early, as if whole, when the Watchdog
    # shuts the connection down; an empty one was never looked at in the loop.
    if time.monotonic() > deadline:
        raise FetchError(too_slow(limits))
    body += decoder.decode(b"", final=True)
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return Fetched(url, bytes(body), content_type, **validators, charset=response.charset_encoding)


class Decoder:
    """A body's content codings (gzip, deflate) undone as it comes, no layer ever making
    more than ``limit`` bytes: FetchError "too large" past it, and for a coding not
    sent for (ACCEPT_ENCODING) or a damaged stream, one that ends before its end
    included."""

    def __init__(self, header: str, limit: int) -> None:
        named = [c.strip().lower() for c in header.split(",") if c.strip()]
        refused = [c for c in named if c in UNDECODED_CODINGS]
        if refused:
            raise FetchError(f"unsupported content encoding ({', '.join(refused)})")
        # What else a server may write there ("utf-8", "none", "aws-chunked") codes
        # nothing: the body is read as sent, as httpx reads it.
        codings = [c for c in named if c in GZIP_CODINGS or c == "deflate"]
        self._limit = limit
        # Undone in the reverse of the order they were applied in.
        self._codings = list(reversed(codings))
        self._layers = [_inflater(coding) for coding in self._codings]
        self._made = [0] * len(self._layers)
        self._fed = [False] * len(self._layers)
        self._total = 0

    def decode(self, data: bytes, final: bool = False) -> bytes:
        """What ``data``, the next bytes as sent, decode to (all that is left: ``final``)."""
        for i, layer in enumerate(self._layers):
            room = self._limit - self._made[i] + 1  # one byte past the limit tells it is passed
            try:
                out = layer.decompress(data, room)
            except zlib.error:
                if self._codings[i] != "deflate" or self._made[i]:
                    raise FetchError("a damaged compressed body") from None
                # Some servers send deflate without its zlib wrapper, as httpx allows.
                self._codings[i] = "raw deflate"
                self._layers[i] = layer = zlib.decompressobj(-zlib.MAX_WBITS)
                try:
                    out = layer.decompress(data, room)
                except zlib.error:
                    raise FetchError("a damaged compressed body") from None
            # Another gzip member after the first (two streams sent as one body).
            while self._codings[i] in GZIP_CODINGS and layer.eof and layer.unused_data and len(out) < room:
                rest = layer.unused_data
                following = _inflater(self._codings[i])
                try:
                    out += following.decompress(rest, room - len(out))
                except zlib.error:
                    break  # trailing bytes that are no gzip member: ignored, as before
                self._layers[i] = layer = following
            self._fed[i] = self._fed[i] or bool(data)
            if final:
                out += layer.flush()
                # A stream cut short (a connection closed early, a truncated cache) would
                # otherwise be kept as a whole article, and never fetched again.
                if self._fed[i] and not layer.eof:
                    raise FetchError("a damaged compressed body (it ends before its end)")
            self._made[i] += len(out)
            if self._made[i] > self._limit:
                raise FetchError(too_large(self._limit))
            data = out
        self._total += len(data)
        if self._total > self._limit:
            raise FetchError(too_large(self._limit))
        return data


def _inflater(coding: str) -> zlib._Decompress:
    """A decompressor for one coding: gzip's, or deflate's in its zlib wrapper."""
    return zlib.decompressobj(zlib.MAX_WBITS | 16 if coding in GZIP_CODINGS else zlib.MAX_WBITS)


def too_slow(limits: Limits) -> str:
    return f"too slow (not done within {limits.total_seconds:g} s)"


def too_large(limit: int) -> str:
    return f"too large (over {limit / 1_000_000:g} MB)"


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[-1] if text else type(error).__name__
