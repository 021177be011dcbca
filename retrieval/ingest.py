"""Adding articles to a corpus: from files, folders, article pages and RSS/Atom feeds.

Every article is stored in the corpus directory as a UTF-8 ``.txt`` file in the form
``chunking.parse_article`` reads (header lines for URL, outlet, date, title, then the
paragraphs), so the directory stays the one source of truth, to version and back up.
A file's name is a slug of the title and a short hash of the article's URL (or, without
one, of its text): stable, safe on any file system, and the same for the same article.
An article whose URL or text the archive holds already is not added again.
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import functools
import glob
import hashlib
import json
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from retrieval.chunking import looks_like_headline, markdown_to_text, parse_article, without_controls
from retrieval.corpus import (
    MAX_FILE_BYTES,
    CorpusError,
    Document,
    doc_id_for,
    list_corpus,
    read_article,
    read_document,
    reason_of,
    shown,
    too_large,
)
from retrieval.fetch import FetchError, Fetched, check_url, fetch, without_userinfo
from retrieval.formats import (
    HTML_SUFFIXES,
    PDF_SUFFIXES,
    SUFFIXES,
    ArticleText,
    archive_day,
    decode_text,
    fragment_paragraphs,
    html_article,
    is_host_name,
    one_line,
    pdf_article,
)
from retrieval.language import Language, load_language
from retrieval.library import DocumentColumns, Library
from retrieval.removals import REMOVED_FILE, Removed, read_removed
from retrieval.wording import body_wording

SLUG_CHARS = 60
# A source named in an outcome is cut to this many characters when it is no file's name
# (a "path" of 5,000 characters is a paste gone wrong, and one line must stay one line).
SHOWN_CHARS = 200
HASH_CHARS = 10
NAMED_OTHERS = 3  # of a folder's files that are no articles, the first named
# The name of a file tanya wrote (file_name): the headline's slug, a hash, ".txt".
WRITTEN_NAME_RE = re.compile(rf"(.+)-[0-9a-f]{{{HASH_CHARS}}}\.txt")
# The hidden temporary each article is written to before its rename (see store).
TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".adding-", ".tmp"
NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")
FEED_TYPES = (
    "application/rss+xml",
    "application/x-rss+xml",
    "application/atom+xml",
    "application/x-atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
)
# What a JSON Feed's "version" opens with: served as plain JSON, or as anything, it is
# read as a feed when it says it is one.
JSON_FEED_VERSION = "https://jsonfeed.org/version/"
FEED_OPENINGS = (b"<rss", b"<feed", b"<rdf:rdf")
# What may stand before a feed's first element: the XML declaration, a stylesheet
# instruction, comments (WordPress writes a generator line and a licence there).
XML_PROLOGUE = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL | re.IGNORECASE)
PROLOGUE_BYTES = 16 * 1024
FRONT_PAGE = "a site's front page, not an article: give the article's own address, or the site's feed"
PDF_TYPES = ("application/pdf",)
# The items of one feed read at one go: a news feed lists its newest few dozen, and one
# listing thousands (a whole archive, or a hostile one: 2,000 dead links held an add for
# 50 s and 638 MB) would hold every other add behind it. The rest are said not read.
MAX_FEED_ITEMS = 100
# What link(2) says on a file system without hard links (FAT, some network shares).
NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK})
# The query parameters an address is compared and stored without (see without_tracking).
TRACKING_FILE = "tracking_parameters.txt"
DEFAULT_PORTS = {"http": 80, "https": 443}
# Two articles sharing more than this share of the shorter one's paragraphs (two at
# least) are one story (see Archive.same_story).
SAME_STORY_SHARE = 0.5

# "unread": the items of a feed past the first MAX_FEED_ITEMS, not read at all.
Status = Literal["added", "skipped", "failed", "unread", "ignored"]


@dataclass(frozen=True)
class Outcome:
    """What became of one source: added (``path`` is the new file), skipped (already in
    the archive, as ``held``), failed, or unread (a feed's items past those read, all
    in one); ``detail`` says what, in one line."""

    source: str
    status: Status
    detail: str
    path: Path | None = None
    held: str | None = None  # skipped: the doc_id of the article already archived (None: removed by hand)

    @classmethod
    def skipped(cls, source: str, held: str) -> Outcome:
        return cls(source, "skipped", f"already in the archive ({held})", held=held)

    @classmethod
    def unread(cls, feed: str, read: int, listed: int) -> Outcome:
        more = listed - read
        return cls(
            f"{feed} (items {read + 1}-{listed})",
            "unread",
            f"{more} more item{'' if more == 1 else 's'} not read: a feed is read to its first {read} items, its newest; add the others' addresses one by one",
        )

    @classmethod
    def retracted(cls, source: str) -> Outcome:
        return cls(source, "skipped", f"removed from the archive by hand ({REMOVED_FILE}): a feed does not add it again; tanya add its address to bring it back")


@dataclass(frozen=True)
class Candidate:
    """An article read from a source, before it is stored: its text as stored, and what
    duplicates are told by."""

    text: str
    title: str
    url: str | None
    wording: str


@dataclass
class Archive:
    """The URLs and wordings of the articles a corpus holds, kept up to date as
    articles are added (so a source named twice in one run is added once)."""

    directory: Path
    urls: dict[str, str] = field(default_factory=dict)  # url -> doc_id
    wordings: dict[str, str] = field(default_factory=dict)  # wording digest -> doc_id
    # Made from an index, which may be behind the directory: a file removed since is no
    # duplicate, so a hit is confirmed by its file (a stat or two, for hits only).
    confirm: bool = False
    # The doc_ids remembered: a file under any other is one the index does not know.
    known: set[str] = field(default_factory=set)
    # The articles of those files (moved or renamed by hand since the index was brought
    # up to date, or copied in), read when a hit's file is first found gone (see holding).
    unindexed: Archive | None = None
    # Each file named here just before it is renamed into place: a run stopped by Ctrl-C
    # between the rename and its Outcome still knows the article it wrote (see placed()).
    placing: list[Path] = field(default_factory=list)
    # Whether this run has removed the temporaries killed adds left (see sweep_temporaries).
    swept: bool = False
    # The articles removed from the corpus by hand (retrieval.removals), read when a feed
    # first asks: a feed does not bring them back.
    removed: Removed | None = None
    # Indexed articles found gone by holding(): address (as compared) -> doc_id (and no
    # headline: the index's columns here hold none), and their wordings.
    vanished: dict[str, tuple[str, str]] = field(default_factory=dict)
    vanished_wordings: set[str] = field(default_factory=set)
    # The names of the files tanya wrote into the directory, by headline slug: listed
    # once a run, when a text without an address is first added (see other_versions),
    # and kept up to date with this run's files.
    by_headline: dict[str, set[str]] | None = None

    def other_versions(self, path: Path) -> list[str]:
        """The names of the files tanya wrote into the directory under the headline of
        ``path`` (just written; the slug before the hash), other than ``path``, that are
        there and hold no address: of texts without one, the earlier versions of one
        article. One listing a run, not one an article: an archive of 77,000 files is
        listed once for a folder of a thousand."""
        if self.by_headline is None:
            self.by_headline = {}
            with contextlib.suppress(OSError):
                for name in os.listdir(self.directory):
                    if written := WRITTEN_NAME_RE.fullmatch(name):
                        self.by_headline.setdefault(written.group(1), set()).add(name)
        slug = path.stem.rsplit("-", 1)[0]
        names = self.by_headline.setdefault(slug, set())
        names.add(path.name)
        if slug == title_slug(""):  # no headline to tell a version by
            return []
        return sorted(name for name in names if name != path.name and not _has_address(self.directory / name))

    def was_removed(self, url: str | None, wording: str = "", title: str | None = None) -> bool:
        """Whether an article of this address or wording was removed from the archive by
        hand (and is not in it again): recorded so, or indexed and its file gone. Given
        the ``title`` of the article at ``url`` (a page's canonical address, which a
        misconfigured site gives every page), the address counts only when the article
        removed under it had that headline: a new article is no retraction."""
        if self.removed is None:
            found = read_removed(self.directory)
            self.removed = Removed({normal_url(u): held for u, held in found.urls.items()}, found.wordings)
        address = normal_url(url) if url else ""
        held = (self.removed.urls.get(address) or self.vanished.get(address)) if address else None
        if held is not None and (title is None or _same_headline(held, title)):
            return True
        return bool(wording and (wording in self.removed.wordings or wording in self.vanished_wordings))

    @classmethod
    def of(cls, directory: Path, documents: Iterable[Document]) -> Archive:
        """The archive of ``documents``, each read whole: for a corpus not indexed."""
        archive = cls(directory)
        for document in documents:
            archive.remember(document.doc_id, document.url, body_wording(document.paragraphs))
        return archive

    @classmethod
    def of_library(cls, directory: Path, library: Library) -> Archive:
        """The archive of an indexed corpus, from the index's document columns (URLs and
        the wordings computed when each segment was built): no article is read, so
        adding one article to a big archive costs what the index costs to open."""
        return cls.of_columns(directory, library.document_columns())

    @classmethod
    def of_columns(cls, directory: Path, columns: DocumentColumns) -> Archive:
        """The archive of the documents of ``columns`` (see ``cache_files.indexed_columns``)."""
        archive = cls(directory, confirm=True)
        for doc_id, url, wording in zip(columns.doc_ids, columns.urls, columns.wordings):
            archive.remember(doc_id, url, wording)
        return archive

    def remember(self, doc_id: str, url: str | None, wording: str, latest: bool = False) -> None:
        """``doc_id`` holds the article of ``url`` and ``wording``; the first one
        remembered keeps them, unless this one is the ``latest`` (a file just written)."""
        self.known.add(doc_id)
        if url:
            if latest:
                self.urls[normal_url(url)] = doc_id
            else:
                self.urls.setdefault(normal_url(url), doc_id)
        if wording:
            if latest:
                self.wordings[wording] = doc_id
            else:
                self.wordings.setdefault(wording, doc_id)

    def holding(self, url: str | None, wording: str = "") -> str | None:
        """The doc_id of the article with this URL or wording, if the archive has one.
        One whose file is gone was deleted, or moved or renamed by hand within the
        corpus: then it is looked for among the files the index does not know, read
        once a run (see :meth:`_unindexed`), and found there under its new doc_id. One
        whose file is there but holds no article (emptied or cut by hand since the index
        was brought up to date) is not held: adding it again writes the file over."""
        found = (self.urls.get(normal_url(url)) if url else None, self.wordings.get(wording) if wording else None)
        for held in found:
            if held is None:
                continue
            if not self.confirm:
                return held
            path = self._file(held)
            if path is not None:
                if _holds_an_article(path):
                    return held
                continue  # emptied, not removed: no retraction either
            moved = self._unindexed().holding(url, wording)
            if moved is not None:
                return moved
            # Indexed, its file gone and nowhere else: removed by hand since the index
            # was last brought up to date (which records it: retrieval.removals).
            if url:
                self.vanished[normal_url(url)] = (held, "")
            if wording:
                self.vanished_wordings.add(wording)
        return None

    def _unindexed(self) -> Archive:
        """The archive of the corpus's files under doc_ids this archive does not know:
        one listing of the corpus (no article known is read), and each of those files
        read. Made once a run, when a hit's file is first found gone, so an article
        added whose file is where the index left it costs no listing."""
        if self.unindexed is not None:
            return self.unindexed
        self.unindexed = Archive(self.directory)
        try:
            files = list_corpus(self.directory).files
        except CorpusError:
            return self.unindexed
        for file in files:
            doc_id = doc_id_for(file.path, self.directory)
            if doc_id in self.known:
                continue
            try:
                document = read_document(file.path, self.directory, target=file.target)
            except (ValueError, OSError):  # unreadable: no article to be a duplicate of
                continue
            self.unindexed.remember(doc_id, document.url, body_wording(document.paragraphs))
        return self.unindexed

    def same_story(self, doc_id: str, item: Candidate) -> bool:
        """Whether the article of ``doc_id`` (its one file read) and ``item`` share more
        than half the paragraphs of the shorter, and two at least: the same story, its
        headline or a line updated since, which a misconfigured site's other articles
        under one canonical address never are (a boilerplate paragraph or two they may
        share is no majority)."""
        held = self._file(doc_id)
        if held is None:
            return False
        try:
            ours, theirs = _paragraph_wordings(item.text), _paragraph_wordings(file_article(held).text)
        except (ValueError, OSError):
            return False
        shared = len(ours & theirs)
        return shared >= 2 and shared > SAME_STORY_SHARE * min(len(ours), len(theirs))

    def placed(self) -> list[Path]:
        """The files this run wrote, whether or not their Outcome was seen."""
        return [path for path in dict.fromkeys(self.placing) if path.exists()]

    def _file(self, doc_id: str) -> Path | None:
        """The article file of ``doc_id`` (its path without the suffix), if it is there."""
        return next((path for path in self.directory.glob(glob.escape(doc_id) + ".*") if path.suffix.lower() in SUFFIXES), None)


def _same_headline(removed: tuple[str, str], title: str) -> bool:
    """Whether an article removed (its doc_id and headline, when recorded) had
    ``title``: by the headline recorded, else by the doc_id tanya gave its file (a file
    renamed by hand says nothing, and counts as another headline)."""
    doc_id, headline = removed
    if headline:
        return title_slug(headline) == title_slug(title)
    return doc_id.rsplit("/", 1)[-1].rsplit("-", 1)[0] == title_slug(title)


def _paragraph_wordings(text: str) -> set[str]:
    """The wording of each paragraph of the stored article ``text``."""
    return {wording for wording in (body_wording([p]) for p in parse_article(text).paragraphs) if wording}


def normal_url(url: str) -> str:
    """A URL as compared for duplicates: without its scheme (the http and https of one
    address are one article), user name and password, default port, fragment, tracking
    parameters (:func:`without_tracking`) and trailing slash; the host lower-cased. An
    address written without a scheme ("www.site.example/berita") is taken as a host and
    path."""
    url = url.strip().split("#", 1)[0]
    try:
        parts = urlsplit(url if "://" in url else "//" + url)
        port = parts.port
    except ValueError:  # no address to take apart ("http://[::1"): compared as written
        return url.rstrip("/")
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host += f":{port}"
    query = _kept_query(parts.query)
    return f"//{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def stored_url(url: str) -> str:
    """An address as an article is stored and cited under: without user name and
    password (:func:`retrieval.fetch.without_userinfo`) and tracking parameters."""
    return without_tracking(without_userinfo(url))


def without_tracking(url: str) -> str:
    """``url`` without its tracking parameters (``utm_source``, ``fbclid``...: the list
    is ``retrieval/data/tracking_parameters.txt``): the address an article is stored
    and cited under, whatever shared link it was reached by. The rest is kept as written."""
    try:
        parts = urlsplit(url)
    except ValueError:  # no address to take apart: stored as written, as before
        return url
    if not parts.query:
        return url
    query = _kept_query(parts.query)
    return urlunsplit(parts._replace(query=query)) if query != parts.query else url


def _kept_query(query: str) -> str:
    """``query`` without its tracking parameters (and empty ones), in its order."""
    names, prefixes = tracking_parameters()
    kept = []
    for pair in query.split("&"):
        name = unquote_plus(pair.split("=", 1)[0]).strip().lower()
        if pair and name not in names and not name.startswith(prefixes):
            kept.append(pair)
    return "&".join(kept)


@functools.cache
def tracking_parameters() -> tuple[frozenset[str], tuple[str, ...]]:
    """The tracking parameters' names, and the prefixes (``utm_``) that mark one."""
    text = resources.files("retrieval").joinpath("data", TRACKING_FILE).read_text(encoding="utf-8")
    words = [line.strip().lower() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return frozenset(w for w in words if not w.endswith("*")), tuple(w[:-1] for w in words if w.endswith("*"))


def candidate(text: str, language: Language | None = None, body: bool = False) -> Candidate:
    """The article ``text`` (as stored) as parse_article reads it; ValueError when it
    has no paragraphs, or (``body``: a text file) only a title, which parse_article
    takes for a one-line article's text (its title and its one paragraph both). A title
    with one unpunctuated line under it ("Title: ..." then a sentence without its full
    stop) is an article."""
    text = without_controls(text)
    article = parse_article(text, language)
    if not article.paragraphs:
        raise ValueError("no article text in it")
    only = article.paragraphs[0]
    if body and len(article.paragraphs) == 1 and only == article.title and looks_like_headline(only):
        raise ValueError("no text (a title only, no paragraph)")
    return Candidate(text, article.title or "", article.url, body_wording(article.paragraphs + article.captions, language))


def title_slug(title: str) -> str:
    """The title's letters and digits (accents folded), as a file name starts."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    return NOT_SLUG_RE.sub("-", folded).strip("-")[:SLUG_CHARS].strip("-") or "article"


def file_name(item: Candidate) -> str:
    """``slug-hash.txt``: the title's slug (:func:`title_slug`), and a hash of the URL
    or, without one, of the text."""
    key = normal_url(item.url) if item.url else item.wording
    return f"{title_slug(item.title)}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:HASH_CHARS]}.txt"


def _temporary_in(directory: Path) -> str:
    """A new hidden temporary's path in ``directory`` (the loader passes over hidden files)."""
    return str(directory / f"{TEMPORARY_PREFIX}{secrets.token_hex(8)}{TEMPORARY_SUFFIX}")


def _write_new(path: str, text: str) -> None:
    """``text`` written to a file made at ``path``, which must not exist. Not mkstemp: its
    files are 0600 whatever the umask, and a bot running as another user (the operator
    adds, the service answers) would skip the article as unreadable."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)


def store(item: Candidate, directory: Path, placing: list[Path] | None = None) -> Path | None:
    """Write ``item`` into ``directory`` atomically: a hidden temporary file (the loader
    passes over hidden files), renamed into place once complete; None, and nothing
    placed, when a file of its name is there already. The target is appended to
    ``placing`` before the rename, so an interrupt at any point leaves it there if the
    file was placed.

    A name is the article's (its URL's or its text's hash), so a file of that name
    holding the same text is this article, placed by another add since this one read
    the archive (two ``tanya add`` of the same folder at once): of two adds of one
    article, exactly one places it (see :func:`_place`). One holding other bytes is
    replaced when it holds no article (left empty or cut), as a re-add always repaired
    it, and kept when it does (corrected by hand since)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / file_name(item)
    temporary = _temporary_in(directory)
    with _directory_lock(directory, exclusive=False):  # no sweep removes it meanwhile
        try:
            # Inside the try: an interrupt right after it still removes the temporary.
            _write_new(temporary, item.text)
            if placing is not None:
                placing.append(target)
            placed = _place(temporary, target)
            if not placed and placing and placing[-1] == target:
                placing.pop()
        except BaseException:
            # Placed or not, the temporary goes; the target is this run's only if the
            # temporary became it (linked or renamed into place just before the interrupt).
            ours = not os.path.lexists(temporary) or _same_file(temporary, target)
            if not ours and placing and placing[-1] == target:
                placing.pop()
            raise
        finally:
            Path(temporary).unlink(missing_ok=True)
    return target if placed else None


def _place(temporary: str, target: Path) -> bool:
    """``temporary`` renamed to ``target`` unless a file of that name already holds the
    same text: whether it was placed. A hard link, which never replaces a file, decides
    it in one step, whatever other adds are doing (the temporary's own name is removed
    after); a file that is there with other bytes is replaced only when it holds no
    article (emptied, cut to its title): one that does is the article as corrected by hand. Where the file system has no hard links, a look and a rename: two adds
    of one article at the same instant may then both place it, the second over the first."""
    try:
        os.link(temporary, target)
        return True
    except FileExistsError:
        pass
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
    if _same_bytes(temporary, target) or _holds_an_article(target):
        return False
    os.replace(temporary, target)  # a directory of that name: OSError, reported as failed
    return True


def _holds_an_article(path: Path) -> bool:
    """Whether ``path`` is a file that reads as an article: one of the article's name
    holding other words is the article as the operator corrected it by hand (a name
    without a URL is its first wording's hash), never written over by adding the source
    again; an emptied or cut one, no article, is."""
    try:
        file_article(path)
    except (ValueError, OSError):
        return False
    return True


def _same_bytes(one: str, other: Path) -> bool:
    """Whether ``other`` is a regular file holding exactly ``one``'s bytes."""
    try:
        if not other.is_file() or os.path.getsize(one) != other.stat().st_size:
            return False
        with open(one, "rb") as first, other.open("rb") as second:
            return first.read() == second.read()
    except OSError:
        return False


def _same_file(one: str, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def sweep_temporaries(directory: Path) -> bool:
    """Remove the temporaries (``.adding-*.tmp``) that adds killed between writing and
    renaming (``kill -9``, a power cut) left in ``directory``; whether it could look.
    Only while no store anywhere is writing one: every store holds the directory's lock
    shared from before its temporary exists until it is renamed, and this takes it
    exclusively without waiting (held: False, tried again at the next store). Where
    there are no such locks (Windows, some network file systems) it does nothing."""
    try:
        with _directory_lock(directory, exclusive=True) as held:
            if not held:
                return False
            with os.scandir(directory) as entries:
                stale = [e.path for e in entries if e.name.startswith(TEMPORARY_PREFIX) and e.name.endswith(TEMPORARY_SUFFIX)]
            for path in stale:
                with contextlib.suppress(OSError):  # gone already, or not ours to remove: the add goes on
                    os.unlink(path)
    except OSError:
        return True  # a directory that cannot be listed: nothing this run can sweep
    return True


@contextlib.contextmanager
def _directory_lock(directory: Path, exclusive: bool) -> Iterator[bool]:
    """``directory``'s flock, shared (waited for) or exclusive (not waited for: yields
    False when another holds it): on the directory itself, so the archive gets no lock
    file. Yields False, unlocked, where the system has no such locks."""
    try:
        import fcntl
    except ImportError:
        yield False
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(descriptor, (fcntl.LOCK_EX | fcntl.LOCK_NB) if exclusive else fcntl.LOCK_SH)
        except OSError:  # held (exclusive), or no locks on this file system
            yield False
            return
        yield True
    finally:
        os.close(descriptor)


# -- reading sources --------------------------------------------------------------------


Fetcher = Callable[[str], Fetched]


def file_article(path: Path, language: Language | None = None) -> Candidate:
    """An article file (.txt, .md, .html, .htm, .pdf) as it will be stored."""
    return bytes_article(read_article(path), path.suffix, language)


def bytes_article(data: bytes, suffix: str, language: Language | None = None) -> Candidate:
    """The bytes of an article file of ``suffix`` as it will be stored."""
    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES:
        return candidate(html_article(data).stored(), language)
    if suffix in PDF_SUFFIXES:
        return candidate(pdf_article(data).stored(), language)
    text = decode_text(data)
    return candidate(markdown_to_text(text) if suffix == ".md" else text, language, body=True)


def page_article(fetched: Fetched, language: Language | None = None, fallback: ArticleText | None = None) -> Candidate:
    """A fetched article page (or PDF) as it will be stored; the feed item's own
    metadata (``fallback``) fills in what the page does not say. Its address is stored
    without the user name and password it may have been fetched with (they are cited),
    and without tracking parameters (the link a reader shared is no other article)."""
    url = stored_url(fetched.url)  # given to the extractor too, which names the outlet after it
    if fetched.content_type in PDF_TYPES or fetched.content.startswith(b"%PDF-"):
        found = replace(pdf_article(fetched.content), url=url)
    elif fetched.content_type and not ("html" in fetched.content_type or fetched.content_type.startswith("text/")):
        raise ValueError(f"not a news page ({fetched.content_type})")
    else:
        found = html_article(fetched.content, url, charset=fetched.charset)
    if fallback is not None:
        found = replace(
            found,
            title=found.title or fallback.title,
            # The feed's own name over the host name the extractor gives a site that names
            # itself nowhere ("Kabar OKI", not "kabaroki.example").
            outlet=fallback.outlet if fallback.outlet and (not found.outlet or is_host_name(found.outlet, url)) else found.outlet,
            # The item's time in UTC dated in the zone the page's text shows (archive_day):
            # a feed of summaries shows none ("pukul 00.30 WITA" is on the page).
            date=found.date or (archive_day(fallback.published, found.paragraphs) if fallback.published else fallback.date),
            url=found.url or fallback.url,
        )
    if found.url:  # the page's canonical address, or the feed item's, may hold them too
        found = replace(found, url=stored_url(found.url))
    return candidate(found.stored(), language)


def is_feed(fetched: Fetched) -> bool:
    if fetched.content_type in FEED_TYPES:
        return True
    if json_feed(fetched.content) is not None:  # whatever its type, as an XML feed's opening is read
        return True
    head = fetched.content[:PROLOGUE_BYTES]
    prologue = XML_PROLOGUE.match(head)
    opening = head[prologue.end() if prologue else 0 :][:400].lower()
    return any(tag in opening for tag in FEED_OPENINGS) and b"<html" not in opening


def is_front_page(url: str) -> bool:
    """Whether ``url`` is a site's root ("https://koran.example/"), where no article
    lives: a feed item linking there, or an article's link redirected there (a page
    taken down), would add the front page's list of teasers. "/?p=123", WordPress's
    plain address of a post, is not one."""
    parts = urlsplit(url)
    return not parts.path.strip("/") and not parts.query


def json_feed(content: bytes) -> dict[str, Any] | None:
    """The JSON Feed (jsonfeed.org) ``content`` is, or None when it is none: feedparser
    reads RSS, Atom and RDF only, and a JSON Feed was "not a news page or a feed"."""
    if not content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return None
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if isinstance(data, dict) and str(data.get("version", "")).startswith(JSON_FEED_VERSION) and isinstance(data.get("items"), list):
        return data
    return None


def json_feed_items(data: dict[str, Any]) -> list[ArticleText]:
    """Every item of a JSON Feed as its link and metadata, and its paragraphs when it
    carries the article's text (``content_html``, or ``content_text`` in blank-line
    paragraphs); an item that is no object, or names its fields otherwise, gives what
    it does name."""
    outlet = _text(data.get("title"))
    items = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        html, plain = _text(item.get("content_html")), _text(item.get("content_text"))
        if html:
            paragraphs = fragment_paragraphs(html)
        else:
            paragraphs = fragment_paragraphs("".join(f"<p>{escape(part)}</p>" for part in re.split(r"\n\s*\n", plain or "")))
        dated, published = item_dating(_text(item.get("date_published")), None, paragraphs)
        if dated is None:
            dated, published = item_dating(_text(item.get("date_modified")), None, paragraphs)
        link = _text(item.get("url")) or _text(item.get("external_url"))
        items.append(
            ArticleText(paragraphs=paragraphs, title=_text(item.get("title")), outlet=outlet, date=dated, url=link, published=published)
        )
    return items


def _text(value: object) -> str | None:
    """A JSON Feed field that should be a string; None when it is anything else."""
    return value.strip() or None if isinstance(value, str) else None


def feed_items(content: bytes) -> list[ArticleText]:
    """Every item of an RSS, Atom or JSON feed as its link and metadata, and its
    paragraphs when the feed carries the article's full text (``content:encoded``, Atom
    ``content``, JSON Feed ``content_html``; a summary is no article: see
    formats.fragment_paragraphs); ValueError when it is no feed."""
    import feedparser

    if (data := json_feed(content)) is not None:
        return json_feed_items(data)
    parsed = feedparser.parse(content)
    if not parsed.get("version") and not parsed.entries:
        raise ValueError("not a news page or a feed")
    outlet = parsed.feed.get("title")
    items: list[ArticleText] = []
    for entry in parsed.entries:
        full = next((c.get("value") for c in entry.get("content") or () if c.get("value")), "")
        paragraphs = fragment_paragraphs(full) if full else ()
        # dict.get: feedparser's own get maps "updated" to "published", with a warning.
        dated, published = item_dating(dict.get(entry, "published"), dict.get(entry, "published_parsed"), paragraphs)
        if dated is None:
            dated, published = item_dating(dict.get(entry, "updated"), dict.get(entry, "updated_parsed"), paragraphs)
        items.append(
            ArticleText(paragraphs=paragraphs, title=entry.get("title"), outlet=outlet, date=dated, url=entry.get("link"), published=published)
        )
    return items


def item_dating(
    written: str | None, parsed: time.struct_time | None, paragraphs: Sequence[str] = ()
) -> tuple[str | None, datetime | None]:
    """A feed item's date as its feed wrote it, and the time it was read from when the
    feed gave one (a day alone, "2024/10/15", gives none). The day in the feed's own time
    zone ("Tue, 15 Oct 2024 06:00:00 +0700" is 15 October, where feedparser's parsed
    date, in UTC, is the 14th); a time in UTC in the zone the item's ``paragraphs``
    show, else in Western Indonesia Time, as a page's is (formats.archive_day).
    feedparser's date when the text is in a form neither RFC 822 nor ISO 8601 reads (it
    knows many more)."""
    moment: datetime | None = None
    if written and re.search(r"[A-Za-z]{3}", written):  # RFC 822 names its month ("2024/10/15" it reads as 1 December)
        with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
            moment = email.utils.parsedate_to_datetime(written)
    if moment is None and written:
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(written.strip())
        if moment is None and (numeric := re.match(r"\s*(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)", written)):  # "2024/10/15 06:00"
            try:
                return date(*map(int, numeric.groups())).isoformat(), None
            except ValueError:  # no calendar's day: no date, not feedparser's guess at one
                return None, None
    if moment is None and parsed is not None:
        try:
            moment = datetime(*parsed[:6], tzinfo=timezone.utc)  # feedparser's time is UTC's
        except (ValueError, OverflowError):  # a second of 60 or 61 (a leap second), a year out of range
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}", None
    return (archive_day(moment, paragraphs), moment) if moment is not None else (None, None)


# -- adding -----------------------------------------------------------------------------


def is_url(source: str) -> bool:
    """Whether ``source`` is meant as an address, not a file's path: ``scheme://`` is one
    without a look at the file system (an address may be longer than any file name);
    ``scheme:`` one unless a file of that name exists ("c:berita.txt")."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        return True
    if not re.match(r"^[a-z][a-z0-9+.-]*:", source, re.IGNORECASE):
        return False
    try:
        return not Path(source).exists()
    except (OSError, ValueError):  # a name too long for a file: no file
        return True


def add_sources(
    sources: Iterable[str],
    archive: Archive,
    fetcher: Fetcher = fetch,
    language: Language | None = None,
    refresh: bool = False,
) -> Iterator[Outcome]:
    """Add each source to the archive's directory, one Outcome per article (a feed or
    a folder gives several), as each is done. With ``refresh``, an article page the
    archive holds under its address is fetched again, and a newer version written over
    the one held (:func:`_refreshed`)."""
    language = language or load_language()
    for source in sources:
        if not source.strip():  # Path("") is ".": an unset shell variable must not add the working directory
            yield Outcome(repr(source), "failed", "empty: name a file, a folder or an address")
        elif is_url(source):
            # Said without the user name and password it is fetched with: the lines land
            # in cron mails and logs, where the stored article never shows them either.
            yield from (replace(o, source=without_userinfo(o.source)) for o in _add_url(source, archive, fetcher, language, refresh))
        else:
            yield from _add_path(Path(source), archive, language)


def _broken_link(path: Path) -> str:
    """Why a link leads to no file, in the corpus listing's words: "a broken link (Too
    many levels of symbolic links)" for one that loops, not "no such file"."""
    try:
        os.stat(path)
    except OSError as error:
        return f"a broken link ({reason_of(error)})"
    return "a broken link"


def _add_path(path: Path, archive: Archive, language: Language) -> Iterator[Outcome]:
    name = shown(str(path))
    try:
        is_dir = path.is_dir()
    except OSError as error:  # a name too long for the file system, say: this source's failure only
        yield Outcome(name if len(name) <= SHOWN_CHARS else name[:SHOWN_CHARS] + "…", "failed", reason_of(error))
        return
    if is_dir:
        try:
            listing = list_corpus(path)
        except CorpusError as error:
            yield Outcome(name, "failed", str(error))
            return
        for skip in listing.skipped:
            # The corpus listing's words; here the folder named is the source, not the corpus.
            yield Outcome(shown(skip.path), "failed", skip.reason.replace("out of the corpus", "out of the folder"))
        others = sorted(listing.others)
        if others:
            shown_names = ", ".join(shown(n) for n in others[:NAMED_OTHERS]) + (", …" if len(others) > NAMED_OTHERS else "")
            many = len(others) != 1
            yield Outcome(name, "ignored", f"{len(others)} file{'s' if many else ''} in it {'are' if many else 'is'} no article (reads {', '.join(SUFFIXES)}), not read: {shown_names}")
        if not (listing.files or listing.skipped):  # those skipped were each said above
            yield Outcome(name, "failed", f"no {', '.join(SUFFIXES)} files in it")
        for file in listing.files:
            yield from _add_path(file.target, archive, language)
        return
    if not path.exists():
        yield Outcome(name, "failed", _broken_link(path) if path.is_symlink() else "no such file or folder")
        return
    if path.is_symlink():  # a source named by a link is read where it leads (the corpus's own files never are)
        path = path.resolve()
    if path.suffix.lower() not in SUFFIXES:
        yield Outcome(name, "failed", f"not an article file (reads {', '.join(SUFFIXES)})")
        return
    try:
        item = file_article(path, language)
    except ValueError as error:
        yield Outcome(name, "failed", str(error))
        return
    except OSError as error:
        yield Outcome(name, "failed", reason_of(error))
        return
    yield _add(name, item, archive)


def _add_url(url: str, archive: Archive, fetcher: Fetcher, language: Language, refresh: bool = False) -> Iterator[Outcome]:
    try:
        check_url(url)
        held = archive.holding(url)
        if held and not refresh:
            yield Outcome.skipped(url, held)
            return
        fetched = fetcher(url)
    except FetchError as error:
        yield Outcome(url, "failed", str(error))
        return
    if is_feed(fetched):
        yield from add_feed(url, fetched, archive, fetcher, language)
        return
    if is_front_page(fetched.url or url):
        yield Outcome(url, "failed", FRONT_PAGE)
        return
    try:
        item = page_article(fetched, language)
    except ValueError as error:
        yield Outcome(url, "failed", str(error))
        return
    yield _refreshed(url, item, held, archive) if held else _add(url, item, archive, asked=url)


def _refreshed(source: str, item: Candidate, held: str, archive: Archive) -> Outcome:
    """``item``, the page at ``source`` fetched again, written over the file of ``held``,
    the article the archive holds under that address, unless it is the same article
    still. An update of the file, not a removal and an addition: the index reads it
    again as changed, and no removal is recorded (adding the page again after deleting
    its file recorded one)."""
    same = archive.holding(None, item.wording)
    if same:
        return Outcome(source, "skipped", f"already in the archive ({same}), unchanged", held=same)
    target = archive._file(held)
    if target is None:  # gone since the archive was read: added as new
        return _add(source, item, archive, asked=source)
    try:
        overwrite(item, target, archive.placing)
    except OSError as error:
        return Outcome(source, "failed", f"cannot write to the archive: {reason_of(error)}")
    archive.remember(held, item.url, item.wording, latest=True)
    archive.remember(held, source, "", latest=True)
    return Outcome(source, "added", f"{target.name}: {item.title} (a newer version of the page, written over the one held)", target)


def overwrite(item: Candidate, target: Path, placing: list[Path] | None = None) -> None:
    """Write ``item`` over the file ``target`` atomically, as :func:`store` writes a new
    one: a hidden temporary, renamed over it once complete."""
    directory = target.parent
    temporary = _temporary_in(directory)
    with _directory_lock(directory, exclusive=False):
        try:
            _write_new(temporary, item.text)
            if placing is not None:
                placing.append(target)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)


def add_feed(
    url: str,
    fetched: Fetched,
    archive: Archive,
    fetcher: Fetcher,
    language: Language | None = None,
    passing: Callable[[str], bool] | None = None,
) -> Iterator[Outcome]:
    """Each item of the fetched feed at ``url`` whose article the archive lacks, fetched
    and added; the others skipped. An item whose link ``passing`` is true of (a
    poller's item still waiting after failures) is passed over without a word."""
    language = language or load_language()
    try:
        items = feed_items(fetched.content)
    except ValueError as error:
        yield Outcome(url, "failed", str(error))
        return
    if not items:
        yield Outcome(url, "failed", "the feed has no items")
        return
    for item in newest(items, MAX_FEED_ITEMS):
        # An item with no link to fetch is named by what it has; a poller passes over it
        # as over any item waiting after failures, or it never got past it.
        if not item.url:
            unlinked = f"{url} ({item.title or 'an item'})"
            if passing is None or not passing(unlinked):
                yield Outcome(unlinked, "failed", "the feed item has no link")
            continue
        try:
            link = item_link(fetched.url or url, item.url)
        except FetchError as error:  # "http://[site_url]/...": a template's placeholder left in
            if passing is None or not passing(item.url):
                yield Outcome(item.url, "failed", str(error))
            continue
        if held := archive.holding(link):
            yield Outcome.skipped(link, held)
            continue
        if archive.was_removed(link):  # a retraction: not fetched again
            yield Outcome.retracted(link)
            continue
        if passing is not None and passing(link):
            continue
        if is_front_page(link):
            yield Outcome(link, "failed", FRONT_PAGE)
            continue
        try:
            page = fetcher(check_url(link))
            if is_front_page(page.url or link):
                yield Outcome(link, "failed", FRONT_PAGE)
                continue
            article = page_article(page, language, fallback=item)
        except ValueError as error:
            # A page refused as no news page (a bot wall, a cookie gate) whose feed
            # carries the article: added from the feed's own text.
            if not (item.paragraphs and str(error).startswith("not a news page")):
                yield Outcome(link, "failed", str(error))
                continue
            try:
                article = candidate(replace(item, url=stored_url(link)).stored(), language)
            except ValueError:
                yield Outcome(link, "failed", str(error))
                continue
            outcome = _add(link, article, archive, asked=link, from_feed=True)
            if outcome.status == "added":
                outcome = replace(outcome, detail=f"{outcome.detail} (from the feed's own text: the page is {error})")
            yield outcome
            continue
        except FetchError as error:
            yield Outcome(link, "failed", str(error))
            continue
        yield _add(link, article, archive, asked=link, from_feed=True)
    if len(items) > MAX_FEED_ITEMS:
        yield Outcome.unread(url, MAX_FEED_ITEMS, len(items))


def item_link(feed_url: str, written: str) -> str:
    """The address a feed item links to: relative to the feed ("/berita/pasar.html") an
    address on its site. FetchError when it is none (urllib raises ValueError for
    "http://[site_url]/", which stopped the whole feed at that item)."""
    try:
        joined = urljoin(feed_url, written.strip())
    except ValueError as error:
        raise FetchError(f"not a valid address ({error})") from None
    return check_url(joined)


def newest(items: list[ArticleText], limit: int) -> list[ArticleText]:
    """The first ``limit`` of a feed's items, the newest by date when there are more: most
    feeds list their newest first, some their oldest. In the feed's order; items of the
    same date (or none) in the order listed."""
    if len(items) <= limit:
        return items
    by_date = sorted(range(len(items)), key=lambda i: items[i].date or "", reverse=True)  # stable: ties stay in order
    return [items[i] for i in sorted(by_date[:limit])]


def _add(source: str, item: Candidate, archive: Archive, asked: str | None = None, from_feed: bool = False) -> Outcome:
    """``item`` stored unless the archive holds it. A page's canonical address may differ
    from the one ``asked`` for: the canonical is stored, and both remembered, so either
    one asked again is a duplicate. A canonical address that an article under another
    headline holds is not trusted: a misconfigured site gives many articles one canonical
    address, and each is added under the address asked for (which, held already, is a
    duplicate). Under the same headline it is the same article, perhaps updated since,
    and reached by another address (a feed's tracking link): a duplicate. An item of a
    feed (``from_feed``) that was removed from the archive by hand is not added again."""
    held = archive.holding(None, item.wording)
    if held:
        return Outcome.skipped(source, held)
    if from_feed and (archive.was_removed(asked, item.wording) or archive.was_removed(item.url, title=item.title)):
        return Outcome.retracted(source)
    if item.url and asked and normal_url(asked) != normal_url(item.url):
        holder = archive.holding(item.url)
        if holder is not None and holder.rsplit("-", 1)[0] != title_slug(item.title) and not archive.same_story(holder, item):
            item = readdressed(item, asked)
    held = archive.holding(item.url) if item.url else None
    if held:
        return Outcome.skipped(source, held)
    if not archive.swept:  # once a run, before its first write: what a killed add left
        archive.swept = sweep_temporaries(archive.directory)
    try:
        path = store(item, archive.directory, archive.placing)
    except OSError as error:
        return Outcome(source, "failed", f"cannot write to the archive: {reason_of(error)}")
    if path is None:  # another add placed it since this one read the archive
        held = file_name(item).removesuffix(".txt")
        archive.remember(held, item.url, item.wording, latest=True)
        return Outcome.skipped(source, held)
    archive.remember(path.stem, item.url, item.wording, latest=True)
    if asked:
        archive.remember(path.stem, asked, "", latest=True)
    versions = [] if item.url else archive.other_versions(path)
    if versions:
        # A text without an address is told only by its wording: a corrected copy of a
        # file is another article to the archive. Whether it replaces the one held is
        # the editor's call, so it is said rather than done.
        held = ", ".join(versions)
        return Outcome(source, "added", f"{path.name}: {item.title} (the archive holds another version under this headline, {held}: delete it if this one replaces it)", path)
    return Outcome(source, "added", f"{path.name}: {item.title}", path)


def _has_address(path: Path) -> bool:
    """Whether the article file starts with a URL header line: a page, another article
    whatever its headline. A file gone (removed by hand since the listing) counts so:
    no version to name."""
    try:
        with path.open("rb") as opened:
            return opened.read(5) == b"URL: "
    except OSError:
        return True


def readdressed(item: Candidate, url: str) -> Candidate:
    """``item`` (a page as ``ArticleText.stored`` wrote it: its URL the first header
    line) under ``url`` instead of the canonical address it gave."""
    line = f"URL: {item.url}\n"
    if not item.text.startswith(line):
        return item
    url = stored_url(url)
    return replace(item, text=f"URL: {one_line(url)}\n" + item.text[len(line) :], url=url)


def add_file_bytes(name: str, data: bytes, archive: Archive, language: Language | None = None) -> Outcome:
    """A file received whole (a Telegram upload named ``name``) added to the archive."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        return Outcome(name, "failed", f"not an article file (reads {', '.join(SUFFIXES)})")
    if len(data) > MAX_FILE_BYTES:
        return Outcome(name, "failed", too_large(len(data)))
    try:
        item = bytes_article(data, suffix, language)
    except ValueError as error:
        return Outcome(name, "failed", str(error))
    return _add(name, item, archive)


def add_article(source: str, article: ArticleText, archive: Archive, language: Language | None = None) -> Outcome:
    """An article given as text and metadata (a forwarded Telegram post) added."""
    try:
        item = candidate(article.stored(), language)
    except ValueError as error:
        return Outcome(source, "failed", str(error))
    return _add(source, item, archive)
