"""Reading a corpus directory: every .txt and .md file under it is one article.

A corpus is whatever someone put in a folder, so reading it expects the odd: names that
are not UTF-8, files removed or renamed while they are read, links leading out of the
corpus or round in a loop, terminal escapes in the text, files of a single 200 MB line.
Each such file is left out with a warning naming it, and the rest is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import operator
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from retrieval.analysis import Analyzer
from retrieval.chunking import caption_count, markdown_to_text, parse_article, without_controls
from retrieval.formats import SUFFIXES as FORMAT_SUFFIXES, article_text, decode_text
from retrieval.language import Language, load_language

logger = logging.getLogger(__name__)

# Text, news pages and PDFs (see retrieval.formats).
SUFFIXES = FORMAT_SUFFIXES
# The largest article file read: 10 MB. No news article comes near it (the seeds are
# 2-6 KB); a file this big is a dump, and it costs memory many times its size: reading
# it about 10 times (bytes, text, lines, passages), and answering from it, which reads
# the whole article as one text, about 50 times (a 10 MB one-line file: 520 MB at peak,
# a 40 MB one: 2 GB). A bigger file is skipped, unread, so memory stays under 1 GB.
MAX_FILE_BYTES = 10_000_000
# How a digest that stands in for a file's SHA-256 begins: a file too large to read, one
# that cannot be read.
STAND_INS = (b"large ", b"unreadable ")
# Files are hashed in pieces this big, so the fingerprint never holds a whole file.
HASH_CHUNK = 1 << 20
# Opening a file: never through a link swapped in after the listing looked (the listing
# resolved links already), never waiting on a named pipe; bytes as they are on Windows.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
# A scan stats every article file (a start compares each one's size and time with the
# index): a folder of plain articles is listed by name and stat-ed through a descriptor
# of the folder, so that no directory entry object is made a file and the kernel looks
# up one name a file, not its whole path. Stats in threads measured slower: each waits
# for the GIL after its syscall, which the walking thread holds.
STAT_BY_DESCRIPTOR = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd and hasattr(os, "O_DIRECTORY")


class CorpusError(Exception):
    """The corpus cannot be used at all: a missing directory, or no readable article."""


class EmptyCorpus(CorpusError):
    """The corpus directory is there but holds no readable article: a new archive
    before its first add, which the chat and the bot start on (and say so), or one
    whose every file is unreadable. ``scan``, when known, is the scan found empty: what
    a watcher compares later listings with, since a listing taken after it may already
    hold an article added meanwhile, which would then never look new."""

    def __init__(self, message: str, scan: Scan | None = None) -> None:
        super().__init__(message)
        self.scan = scan


@dataclass(frozen=True)
class Document:
    """One article: where it came from, what it says about itself, and its passages: the
    paragraphs (one longer than ``chunking.MAX_PASSAGE_CHARS`` as several passages),
    then the photo captions (numbered on after the last paragraph, so they never move a
    paragraph's number, and last, so that an equal score goes to the paragraph;
    ``chunking.is_caption`` tells them apart)."""

    doc_id: str
    title: str
    source: str | None
    date: str | None
    paragraphs: tuple[str, ...]
    # Per passage, the number of its paragraph as a reader counts them: the passages of a
    # paragraph split for its length share one. Left out: 1, 2, 3, ...
    numbers: tuple[int, ...] = ()
    # Where a reader can check the article: its own page, when known.
    url: str | None = None

    def __post_init__(self) -> None:
        if not self.numbers:
            object.__setattr__(self, "numbers", tuple(range(1, len(self.paragraphs) + 1)))
        elif len(self.numbers) != len(self.paragraphs):
            raise ValueError(f"{self.doc_id}: {len(self.numbers)} paragraph numbers for {len(self.paragraphs)} passages")


def paragraph_count(document: Document) -> int:
    """The article's paragraphs as a reader counts them: one split into passages for its
    length counts once, and the photo captions kept after the last (numbered on from it)
    not at all; the number of the last paragraph that is no caption."""
    end = len(document.paragraphs) - caption_count(document.paragraphs)
    return document.numbers[end - 1] if end else 0


@dataclass(frozen=True)
class Skipped:
    """A file or folder left out of the corpus, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    directory: Path
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]

    @property
    def paragraph_count(self) -> int:
        return sum(len(d.paragraphs) for d in self.documents)


@dataclass(frozen=True)
class ArticleFile:
    """An article file found in the corpus: ``path`` names it there (its doc_id comes from
    it), ``target`` is the file read: ``path`` itself, or where a link inside the corpus
    leads."""

    path: Path
    target: Path


@dataclass(frozen=True)
class Listing:
    """The article files of a corpus, sorted, the entries left out of it, and its
    files of other kinds (a .docx, a photo; relative paths), which a folder add names."""

    files: tuple[ArticleFile, ...]
    skipped: tuple[Skipped, ...]
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scan:
    """The article files of a corpus with each one's size and modification time: what
    the index compares with its records at every start, so kept as plain columns (a
    path object a file would cost more than the stat). ``names`` are relative, with
    forward slashes, in the listing's order."""

    directory: Path
    names: tuple[str, ...]
    sizes: np.ndarray  # int64
    mtimes: np.ndarray  # int64, nanoseconds
    targets: Mapping[int, Path]  # position -> the file a link inside the corpus leads to
    skipped: tuple[Skipped, ...]

    def file(self, position: int) -> ArticleFile:
        path = self.directory / self.names[position]
        return ArticleFile(path, self.targets.get(position, path))


def list_corpus(directory: Path | str) -> Listing:
    """The article files under ``directory``. Hidden files and folders are left out
    quietly; with a reason, to be warned about: files and folders whose names are not
    UTF-8 or hold control characters, links leading out of the corpus, broken links,
    article names that are no regular file, folders that cannot be listed. Links to
    folders are not followed: one inside the corpus leads to files read under their own
    names (or round a loop), one outside leads out of it. CorpusError when the directory
    itself is missing or cannot be listed."""
    directory = Path(directory)
    walk = _Walk(directory, with_stat=False)
    files = tuple(ArticleFile(directory / name, walk.targets.get(i) or directory / name) for i, name in enumerate(walk.names))
    return Listing(files, walk.left_out(), tuple(walk.others))


def scan_corpus(directory: Path | str, share: tuple[int, int] = (0, 1)) -> Scan:
    """The article files under ``directory`` (as :func:`list_corpus` finds them) with
    their sizes and modification times (a link's: its target's). A file gone before it
    could be looked at is left out with the reason. CorpusError as list_corpus.

    ``share`` (i, n) scans only the i-th of n runs of the directory's own entries
    (folders and files, by name), so n processes can scan a corpus between them:
    :func:`joined_scans` of the n shares, in order, is the whole scan."""
    directory = Path(directory)
    walk = _Walk(directory, with_stat=True, share=share)
    sizes = np.array(walk.sizes, dtype=np.int64)
    mtimes = np.array(walk.mtimes, dtype=np.int64)
    return Scan(directory, tuple(walk.names), sizes, mtimes, walk.targets, walk.left_out())


def joined_scans(scans: Sequence[Scan]) -> Scan:
    """The scan of a corpus from the scans of its shares (``scan_corpus``), in order."""
    names: list[str] = []
    targets: dict[int, Path] = {}
    for scan in scans:
        targets.update({len(names) + position: target for position, target in scan.targets.items()})
        names.extend(scan.names)
    skipped = tuple(sorted((skip for scan in scans for skip in scan.skipped), key=lambda skip: skip.path))
    sizes = np.concatenate([scan.sizes for scan in scans])
    mtimes = np.concatenate([scan.mtimes for scan in scans])
    return Scan(scans[0].directory, tuple(names), sizes, mtimes, targets, skipped)


def check_directory(directory: Path) -> None:
    """CorpusError when ``directory`` is no directory to read articles from: asked
    before anything slower (a bot's first call to Telegram) is tried for nothing."""
    if not directory.exists():
        raise CorpusError(f"corpus directory not found: {shown(str(directory))}")
    if not directory.is_dir():
        raise CorpusError(f"corpus path is not a directory: {shown(str(directory))}")


class _Walk:
    """The article files under a directory, in the order of their paths' parts: each
    folder's entries by name, a folder's files where the folder stands (the order of
    sorting the paths themselves, with no path compared); and what was left out. Plain
    strings and columns, no path object a file: a start walks the whole archive."""

    def __init__(self, directory: Path, with_stat: bool, share: tuple[int, int] = (0, 1)) -> None:
        check_directory(directory)
        self.directory = directory
        self.root = Path(os.path.realpath(directory))
        self.with_stat = with_stat
        self.names: list[str] = []  # relative, with forward slashes
        self.sizes: list[int] = []  # -1 when not asked for
        self.mtimes: list[int] = []
        self.targets: dict[int, Path] = {}  # position -> where a link leads
        self.skipped: list[Skipped] = []
        self.others: list[str] = []  # files not hidden that are no articles, relative
        # Folders still to read: the relative prefix, the entries (None: not listed
        # yet), where to go on from.
        pending: list[tuple[str, list[os.DirEntry[str]] | None, int]] = [("", None, 0)]
        while pending:
            prefix, entries, start = pending.pop()
            if entries is None:
                folder = directory / prefix
                shared = not prefix and share != (0, 1)
                if with_stat and not shared and self._plain_stated(prefix, folder):
                    continue
                entries = self._entries(folder)
                if shared:
                    part, parts = share
                    entries = entries[len(entries) * part // parts : len(entries) * (part + 1) // parts]
                if self._plain(prefix, entries):
                    continue
            for i in range(start, len(entries)):
                found = self._entry(prefix, entries[i])
                if found is not None:
                    pending.append((prefix, entries, i + 1))  # the rest of this folder after it
                    pending.append((found + "/", None, 0))
                    break

    def left_out(self) -> tuple[Skipped, ...]:
        return tuple(sorted(self.skipped, key=lambda skip: skip.path))

    def _entries(self, folder: Path) -> list[os.DirEntry[str]]:
        """The entries of ``folder`` not hidden, by name; none (the reason noted) when
        it cannot be listed. CorpusError when the corpus directory itself cannot be."""
        try:
            with os.scandir(folder) as listing:
                entries = [entry for entry in listing if not entry.name.startswith(".")]
        except OSError as error:
            if folder == self.directory:
                raise CorpusError(f"cannot read corpus directory {shown(str(folder))}: {reason_of(error)}") from None
            self.skipped.append(Skipped(str(folder), reason_of(error)))
            return []
        entries.sort(key=_NAME)
        return entries

    def _plain_stated(self, prefix: str, folder: Path) -> bool:
        """Take in a folder of plain article files, with their stats, by its names alone
        (see _plain_folder); False, nothing taken, when it holds anything else or cannot
        be read, for the listing by entries to look at."""
        try:
            found = _plain_folder(folder)
        except OSError:
            return False
        if found is None:
            return False
        names, infos = found
        self.names.extend([prefix + name for name in names])
        self.sizes.extend([info.st_size for info in infos])
        self.mtimes.extend([info.st_mtime_ns for info in infos])
        return True

    def _plain(self, prefix: str, entries: list[os.DirEntry[str]]) -> bool:
        """Take in a folder of plain article files (regular files named as articles,
        an archive's every folder) column by column; False, nothing taken, when it holds
        anything else (or a file goes meanwhile), for ``_entry`` to look at one by one."""
        names = [entry.name for entry in entries]
        try:
            # A name not hidden ends in an article's suffix just when its suffix is one.
            plain = all([entry.is_file(follow_symlinks=False) for entry in entries]) and all([n.lower().endswith(SUFFIXES) for n in names])
            if not (plain and all(map(str.isprintable, names))):
                return False
            infos = [entry.stat(follow_symlinks=False) for entry in entries] if self.with_stat else None
        except OSError:
            return False
        self.names.extend([prefix + name for name in names])
        self.sizes.extend([info.st_size for info in infos] if infos is not None else [-1] * len(names))
        self.mtimes.extend([info.st_mtime_ns for info in infos] if infos is not None else [-1] * len(names))
        return True

    def _entry(self, prefix: str, entry: os.DirEntry[str]) -> str | None:
        """Take in one directory entry; a folder to read next is returned (its relative
        name), not read here."""
        name = entry.name
        relative = prefix + name
        try:
            if entry.is_file(follow_symlinks=False):  # most entries: the short way
                if _is_article(name) and name.isprintable():
                    self._found(relative, None, entry.stat(follow_symlinks=False) if self.with_stat else None)
                    return None
                is_link = is_folder = False
            else:
                is_link = entry.is_symlink()
                is_folder = not is_link and entry.is_dir(follow_symlinks=False)
        except OSError as error:  # removed since the folder was listed
            self.skipped.append(Skipped(str(self.directory / relative), reason_of(error)))
            return None
        article = _is_article(name)
        if not (is_folder or is_link or article):
            self.others.append(relative)
            return None
        problem = _name_problem(name)
        if problem:
            self.skipped.append(Skipped(str(self.directory / relative), ("folder " if is_folder else "") + problem))
        elif is_folder:
            return relative
        elif is_link:
            link = _classify_link(self.directory / relative, self.root, article)
            if isinstance(link, Skipped):
                self.skipped.append(link)
            elif link is not None:
                self._found(relative, *link)
            elif not article and not _leads_to_a_folder(self.directory / relative):
                self.others.append(relative)  # a link to no folder (a file, nowhere, itself): no article either
        elif entry.is_file(follow_symlinks=False):  # an article whose name needed a look
            self._found(relative, None, entry.stat(follow_symlinks=False) if self.with_stat else None)
        else:
            self.skipped.append(Skipped(str(self.directory / relative), "not a regular file"))
        return None

    def _found(self, relative: str, target: Path | None, info: os.stat_result | None) -> None:
        if target is not None:
            self.targets[len(self.names)] = target
        self.names.append(relative)
        self.sizes.append(info.st_size if info is not None else -1)
        self.mtimes.append(info.st_mtime_ns if info is not None else -1)


def _plain_folder(folder: Path) -> tuple[list[str], list[os.stat_result]] | None:
    """The names of the files in ``folder`` not hidden, sorted, and their stats (links
    not followed), when every one is a regular file named as an article (an archive's
    every folder); None when it holds anything else (or the system cannot list by a
    descriptor). Read through one descriptor of the folder. OSError when it cannot be
    listed or a file has gone meanwhile."""
    if not STAT_BY_DESCRIPTOR:
        return None
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        names = sorted([name for name in os.listdir(descriptor) if not name.startswith(".")])
        # A name not hidden ends in an article's suffix just when its suffix is one
        # (most are in lower case already: no copy made to lower them).
        if not (all([n.endswith(SUFFIXES) or n.lower().endswith(SUFFIXES) for n in names]) and all(map(str.isprintable, names))):
            return None
        infos = [os.stat(name, dir_fd=descriptor, follow_symlinks=False) for name in names]
    finally:
        os.close(descriptor)
    return (names, infos) if all([stat.S_ISREG(info.st_mode) for info in infos]) else None


_NAME = operator.attrgetter("name")
_SUFFIXES = frozenset(SUFFIXES)


def _is_article(name: str) -> bool:
    """Whether a file name has an article's suffix (as PurePath.suffix tells it, without
    making a path)."""
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:].lower() in _SUFFIXES


def _classify_link(path: Path, root: Path, article: bool) -> tuple[Path, os.stat_result] | Skipped | None:
    """A link: an article file (where it leads, and that file's stat) when it names one
    and leads to a regular file inside the corpus; left out with a warning when it leads
    out of the corpus (a link to /etc/passwd must not be served as news) or, naming an
    article, nowhere."""
    target = Path(os.path.realpath(path))
    if target != root and not target.is_relative_to(root):
        if article or target.is_dir():
            return Skipped(str(path), f"a link out of the corpus (to {shown(str(target))})")
        return None
    if not article:
        return None  # a folder inside the corpus, read under its own name
    try:
        info = os.stat(target)
    except OSError as error:
        return Skipped(str(path), f"a broken link ({reason_of(error)})")
    if not stat.S_ISREG(info.st_mode):
        return Skipped(str(path), "a link to no regular file")
    return target, info


def _leads_to_a_folder(path: Path) -> bool:
    """Whether a link leads to a folder; False for one that cannot be followed (a
    target's name too long, a folder tanya may not enter): is_dir raises for those, and
    one odd link must not stop the listing of the whole archive."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _name_problem(name: str) -> str | None:
    """Why a file or folder name cannot name an article: bytes that are not UTF-8
    (Python holds them as lone surrogates, which no output can encode), or control
    characters (a doc_id is printed)."""
    if name.isprintable():  # most names: neither surrogates nor controls are printable
        return None
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "name is not UTF-8"
    if any(unicodedata.category(c) == "Cc" for c in name):
        return "name holds control characters"
    return None


def corpus_files(directory: Path) -> list[Path]:
    """The article files under ``directory``, sorted (see :func:`list_corpus`)."""
    return [file.path for file in list_corpus(directory).files]


def doc_id_for(path: Path, directory: Path) -> str:
    return path.relative_to(directory).with_suffix("").as_posix()


def fingerprint(directory: Path) -> str:
    """A digest of every article file's name and bytes, and of what was left out and
    why: it changes when any file is added, changed, removed or newly left out. A file
    over MAX_FILE_BYTES counts by its size and time of change, unread. Never raises for
    a file that vanishes meanwhile: that is a change like any other."""
    directory = Path(directory)
    listing = list_corpus(directory)
    digest = hashlib.sha256()
    for file in listing.files:
        digest.update(os.fsencode(file.path.relative_to(directory).as_posix()) + b"\0")
        digest.update(_content_digest(file.target))
    for skip in listing.skipped:
        digest.update(b"skipped\0" + os.fsencode(skip.path) + b"\0" + skip.reason.encode("utf-8", "backslashreplace") + b"\0")
    return digest.hexdigest()


def content_digest(path: Path) -> str:
    """The SHA-256 of an article file's bytes (hex), or of a stand-in that changes when
    the file does (a file over MAX_FILE_BYTES, unread; one that cannot be read): what
    the index cache records to tell a changed file from one only touched. Always 64 hex
    digits, so the cache keeps them as one array of 32-byte rows."""
    return _hex_digest(_content_digest(path))


def digest_of(data: bytes) -> str:
    """``content_digest`` of a file whose bytes (at most MAX_FILE_BYTES) were read
    whole: a build hashes what it reads, without opening each file twice."""
    return _hex_digest(hashlib.sha256(data).digest())


def _hex_digest(digest: bytes) -> str:
    stand_in = len(digest) != 32 or digest.startswith(STAND_INS)
    return (hashlib.sha256(digest).digest() if stand_in else digest).hex()


def _content_digest(path: Path) -> bytes:
    """The SHA-256 of a file's bytes, or a stand-in that changes when the file does."""
    try:
        with open_article(path, limit=None) as handle:
            info = os.fstat(handle.fileno())
            if info.st_size > MAX_FILE_BYTES:
                return f"{STAND_INS[0].decode()}{info.st_size} {info.st_mtime_ns}".encode()
            digest = hashlib.sha256()
            while chunk := handle.read(HASH_CHUNK):
                digest.update(chunk)
            return digest.digest()
    except (OSError, ValueError) as error:
        return f"{STAND_INS[1].decode()}{type(error).__name__} {error}".encode("utf-8", "backslashreplace")


def open_article(path: Path, limit: int | None = MAX_FILE_BYTES) -> BinaryIO:
    """``path`` opened for reading; ValueError when it is no regular file or is larger
    than ``limit`` bytes, OSError when it cannot be opened (gone, a link swapped in)."""
    descriptor = os.open(path, OPEN_FLAGS)
    handle = os.fdopen(descriptor, "rb")
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if limit is not None and info.st_size > limit:
            raise ValueError(too_large(info.st_size))
    except BaseException:
        handle.close()
        raise
    return handle


def too_large(size: int) -> str:
    return f"larger than {MAX_FILE_BYTES // 1_000_000} MB ({size:,} bytes)"


def read_article(path: Path) -> bytes:
    """The bytes of an article file, at most MAX_FILE_BYTES of them (see open_article);
    a file that grew past the limit since it was looked at is refused too."""
    with open_article(path) as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(too_large(len(data)))
    return data


def decode_article(data: bytes, suffix: str = ".txt") -> str:
    """The text of an article file of ``suffix`` (text in any common encoding, a news
    page, a PDF: see retrieval.formats), without terminal control characters;
    ValueError with the reason when it is not one."""
    if not data.strip():
        raise ValueError("empty file")
    return without_controls(decode_text(data) if suffix.lower() in (".txt", ".md") else article_text(data, suffix))


def reason_of(error: OSError) -> str:
    return error.strerror or str(error)


def shown(name: str) -> str:
    """``name`` (a path) as a warning can print it: control characters and bytes that
    are not UTF-8 written as ``\\xNN``, so a file's name cannot drive the terminal its
    warning reaches."""
    if name.isprintable():
        return name
    return "".join(_escaped(c) for c in name)


def _escaped(c: str) -> str:
    category = unicodedata.category(c)
    if category == "Cs":  # a byte that is not UTF-8, as os.fsdecode holds it
        return f"\\x{ord(c) - 0xDC00:02x}"
    if category == "Cc":
        return f"\\x{ord(c):02x}"
    return c


SKIPPING = "skipping %s: %s"


def no_articles(directory: Path) -> str:
    """What a corpus with no article to read is told: every kind that is read."""
    return f"no readable articles ({' '.join(SUFFIXES)}) in {shown(str(directory))}"


def warn_skipped(skipped: Iterable[Skipped]) -> None:
    """One warning line for each file left out, naming it."""
    for skip in skipped:
        logger.warning(SKIPPING, shown(skip.path), skip.reason)


class _SkipCounter(logging.Handler):
    """Counts the skip warnings logged while it is attached (it prints nothing)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == SKIPPING:
            self.count += 1


@contextlib.contextmanager
def counting_skipped() -> Iterator[None]:
    """After the block (opening a corpus at start), one line counting the files it
    skipped, each named above in its own warning: a long list scrolls by, the count
    does not. Only what was printed is counted (a quieted logger counts nothing)."""
    counter = _SkipCounter()
    logger.addHandler(counter)
    try:
        yield
    finally:
        logger.removeHandler(counter)
    if counter.count:
        logger.warning("%d file%s skipped (see above)", counter.count, "" if counter.count == 1 else "s")


def read_document(
    path: Path,
    directory: Path,
    language: Language | None = None,
    analyzer: Analyzer | None = None,
    target: Path | None = None,
) -> Document:
    """One article file as a Document (read from ``target`` when ``path`` is a link);
    ValueError when the file cannot be one, OSError when it cannot be read."""
    return document_of(read_article(target or path), path, directory, language, analyzer)


def document_of(
    data: bytes,
    path: Path,
    directory: Path,
    language: Language | None = None,
    analyzer: Analyzer | None = None,
) -> Document:
    """``read_document`` of the bytes read from the file at ``path``."""
    text = decode_article(data, path.suffix)
    if path.suffix.lower() == ".md":
        text = markdown_to_text(text)
    article = parse_article(text, language)
    if not article.paragraphs:
        raise ValueError("no paragraphs")
    doc_id = doc_id_for(path, directory)
    title = article.title or doc_id
    captions = article.captions
    if captions:
        analyzer = analyzer or Analyzer(language or load_language())
        captions = analyzer.captions_worth_keeping(title, article.paragraphs, captions)
    last = article.numbers[-1] if article.numbers else len(article.paragraphs)
    return Document(
        doc_id=doc_id,
        title=title,
        source=article.source,
        date=article.date,
        paragraphs=article.paragraphs + captions,
        numbers=(article.numbers or tuple(range(1, last + 1))) + tuple(range(last + 1, last + 1 + len(captions))),
        url=article.url,
    )


def load_corpus(directory: Path | str) -> Corpus:
    """Every readable article under ``directory``. What cannot be read (see
    :func:`list_corpus`, :func:`read_document`; a file removed since the listing too) is
    skipped with a warning naming it; CorpusError when nothing is left."""
    directory = Path(directory)
    language = load_language()
    analyzer = Analyzer(language)
    listing = list_corpus(directory)
    warn_skipped(listing.skipped)
    documents: list[Document] = []
    skipped: list[Skipped] = list(listing.skipped)
    seen: dict[str, Path] = {}
    for file in listing.files:
        try:
            document = read_document(file.path, directory, language, analyzer, file.target)
            if document.doc_id in seen:
                raise ValueError(f"same doc_id as {seen[document.doc_id].name}")
        except (ValueError, OSError) as error:
            reason = reason_of(error) if isinstance(error, OSError) else str(error)
            skip = Skipped(str(file.path), reason)
            skipped.append(skip)
            warn_skipped([skip])
            continue
        seen[document.doc_id] = file.path
        documents.append(document)
    if not documents:
        raise EmptyCorpus(no_articles(directory))
    return Corpus(directory=directory, documents=tuple(documents), skipped=tuple(skipped))
