"""Reading the formats an archive holds: text in any common encoding, news pages, PDFs.

Each is read with a library made for it: charset-normalizer tells an encoding, trafilatura
takes a news page's article and metadata out of its menus, related links, comments and
footers, pypdf reads a PDF's text. What comes out is an :class:`ArticleText`, which
:meth:`ArticleText.stored` writes in the plain-text form ``chunking.parse_article``
reads (header lines, then paragraphs), so every format ends up as one kind of article.
"""

from __future__ import annotations

import codecs
import html
import contextlib
import io
import logging
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import accumulate
from typing import Any
from urllib.parse import urlsplit

from retrieval.chunking import shows_text, weekday_date, without_controls
from retrieval.language import Language, load_language, made_once
from retrieval.time_zones import article_zone

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES

# Byte order marks of the encodings that need one to be told apart (UTF-8's is optional).
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Single-byte encodings charset-normalizer cannot tell apart on a short Latin text
# ("café" is the same in cp1250 and cp1252): Indonesian and English are written in
# Western European code pages, so cp1252 (a superset of Latin-1's letters) wins a tie.
WESTERN = "cp1252"
# Text decoded by a guessed encoding (any bytes decode in a single-byte one) with more
# control characters than this share (tabs and line ends apart) is no article but bytes
# that happened to decode.
MAX_CONTROL_SHARE = 0.05
# A PDF line ending a sentence and this much shorter than the page's longest line ends
# its paragraph: a wrapped line runs to the margin, a paragraph's last line stops short.
SHORT_LINE_SHARE = 0.8
SENTENCE_FINAL_RE = re.compile(r"[.!?:\"”’)]$")
# A line starting this many more spaces in than the one before opens a paragraph.
INDENT_STEP = 2
# A page laid out in columns (pypdf's layout mode puts them side by side on each line)
# has a gutter: this many blank character places or more, at the same place on every
# line but a headline across the columns (at most a fifth of the lines).
GUTTER_MIN = 3
CROSSING_SHARE = 0.2
# ... with text on both sides of it on this many lines or more, at least this share of
# the page's lines, and running text on both sides: on average this many characters a
# side. A table of short cells ("Budi Santoso   Kepala Dinas") is read by its rows.
COLUMN_MIN_LINES = 3
COLUMN_LINE_SHARE = 0.1
COLUMN_MIN_CHARS = 25
# ... and read on from line to line: at least this share of each side's lines followed
# by another go on with a word in small letters (a wrapped sentence). A table of names
# and offices, or of days and places, starts each row with a capital.
COLUMN_CONTINUED_SHARE = 0.3
# A table's cells are short: a number, a name, a place.
TABLE_CELL_CHARS = 16
# ... and its columns stand where they stood in the row above: at least this many of a
# row's cells start where a cell starts in every row of the table.
TABLE_COLUMNS_SHARED = 3
# A table of two columns (a name and an office) is told by this many rows or more.
TABLE_PAIR_ROWS = 3
PAIR_CELL_CHARS = 64
ROW, PAIR = "row", "pair"
# Columns within a column: a three-column newsletter; deeper is no page.
MAX_COLUMN_DEPTH = 3
GUTTERS_TRIED = 8
BANDS_TRIED = 16
# A printed page has at most a couple of hundred lines; parting a longer "page" (one
# drawn text of 100,000 lines) would cost seconds a try and find no layout.
PARTED_MAX_LINES = 500
INK_RE = re.compile(r"\S+(?: \S+)*")
# A web page with fewer words of running text (paragraphs that are not just a link's
# text) is no article but a wall or an error page: "Please enable JavaScript and cookies
# to continue" (7 words), a 200-status "404 / Maaf, halaman yang Anda cari tidak
# ditemukan." (8), "Directory listing for /" (4), a menu's "AB" (1). Measured: the
# tests/data/ingest pages hold 65-125 words, the seeds 250 and more, a one-sentence news
# flash with its headline 16-24.
MIN_PAGE_WORDS = 12
# The elements of a feed item's HTML each of which is a paragraph of its own.
FRAGMENT_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "figcaption", "section", "article"})
# A PDF's first bytes, found within its first kilobyte (pypdf allows junk before them).
PDF_HEADER, PDF_HEADER_WITHIN = b"%PDF-", 1024
PASSWORD_PDF = (
    "unreadable PDF (locked with a password): open it with its password and save an unlocked copy "
    "(print it to PDF), then add that"
)

# trafilatura and pypdf log a page they cannot parse at WARNING, trafilatura and
# htmldate an empty or binary one at ERROR ("lxml parsing failed: Document is empty");
# what it means for the user is said once, by us, as the reason the file is skipped.
for _noisy in ("trafilatura", "htmldate", "pypdf"):
    logging.getLogger(_noisy).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class ArticleText:
    """One article as read from any format: its metadata (None where not given) and
    its paragraphs, in order."""

    paragraphs: tuple[str, ...]
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    # The time ``date`` was read from, as its source wrote it (a feed item's): not
    # stored, but a time in UTC is dated again with the text of the page the item links
    # to (ingest.page_article), which may show the article's zone where the feed did not.
    published: datetime | None = None

    def stored(self) -> str:
        """The article as the text file ``parse_article`` reads: header lines, a blank
        line, then one paragraph per blank-line separated block. Header values are put
        on one line each, so none can end the header early or start a field."""
        fields = (("URL", self.url), ("Outlet", self.outlet), ("Date", self.date), ("Title", self.title), ("Author", self.author))
        header = [f"{key}: {one_line(value)}" for key, value in fields if value and one_line(value)]
        body = "\n\n".join(one_line(p) for p in self.paragraphs if one_line(p))
        return "\n".join(header) + ("\n\n" if header else "") + body + "\n"


# A table row as trafilatura writes it, and the rule under its header row.
TABLE_ROW = re.compile(r"\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r":?-+:?")


def one_line(text: str) -> str:
    return " ".join(text.split())


# -- text -----------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """The text of a text file in whatever common encoding it is in: UTF-8 with or
    without BOM, UTF-16/32 with BOM, Latin-1/cp1252 and the others charset-normalizer
    knows. ValueError ("empty file", "binary file") when it is none."""
    if not data.strip():
        raise ValueError("empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError:
                raise ValueError(f"binary file (not {encoding} despite its byte order mark)") from None
    if b"\0" in data:  # no text but UTF-16/32 holds NUL bytes, and those have a BOM here
        raise ValueError("binary file")
    try:
        # Valid UTF-8 is taken as it is: bytes that are no text seldom are, and terminal
        # escapes in it are removed later (chunking.without_controls).
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _checked(_detected(data))


def _detected(data: bytes) -> str:
    """``data`` decoded in the encoding charset-normalizer finds likeliest (cp1252 when
    it is among the equally likely ones); ValueError when none fits."""
    likeliest = _likeliest_encodings(data)
    if not likeliest:
        raise ValueError("binary file (no text encoding fits)")
    return data.decode(WESTERN if WESTERN in likeliest else likeliest[0])


def _likeliest_encodings(data: bytes) -> list[str]:
    """The encodings charset-normalizer finds equally likely for ``data``, its pick
    first; none when no encoding fits. Its pick among equals is arbitrary: a Latin-1
    "Café Señor" fits cp1250 and cp1252 alike, and it picked cp1250 ("Seńor").
    Equally likely is as free of mess (chaos): its coherence, a guess of the language
    from letter frequencies, knows no Indonesian, and put Baltic cp1257 ahead for a
    Latin-1 "Hernández" ("Hernįndez"), and cp1250 for "Müller" ("MŘller")."""
    from charset_normalizer import from_bytes

    found = from_bytes(data, preemptive_behaviour=False)  # our own reading of declarations (meta_charset) stands
    best = found.best()
    if best is None:
        return []
    equals = [m for m in found if m.chaos == best.chaos]
    names = [best.encoding] + [name for match in [best, *equals] for name in match.could_be_from_charset]
    return list(dict.fromkeys(names))


def _checked(text: str) -> str:
    """``text``, unless control characters show it is bytes that merely decoded."""
    text = text.lstrip("\ufeff")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ValueError("binary file")
    if not text.strip():
        raise ValueError("empty file")
    return text


# The most text an article may have: the corpus reads no file over 10 MB
# (corpus.MAX_FILE_BYTES), and what `tanya add` stores must be read back.
MAX_TEXT_BYTES = 9_500_000
# A PDF's text as pypdf lays it out (spaces for its margins and columns) may be a few
# times its words; past this, and past this long, it is no article.
MAX_LAID_OUT_BYTES = 40_000_000
PDF_SECONDS = 30.0
# A PDF's title as the program that wrote it filled it in, not the article's: "(anonymous)"
# (ReportLab), "Untitled", "Document1" (placeholder_titles.txt), "Microsoft Word -
# rilis_vaksin.docx", a file's name (a program's marks and a file's suffixes, here).
# Taken as the headline, three such press releases shared "(anonymous)", and each new one
# was announced as "another version" of the others. Without it, the headline is read
# from the text, as for a PDF with no title.
PROGRAM_TITLE = r"^\s*microsoft\s+(?:word|powerpoint|excel)\s+-|\.(?:docx?|odt|rtf|pdf|indd|txt|pages|xlsx?|pptx?)\s*$"
_PLACEHOLDER_TITLES: dict[str, tuple[object, re.Pattern[str]]] = {}


def placeholder_title(language: Language) -> re.Pattern[str]:
    """A title that is a placeholder (placeholder_titles.txt, the whole title) or a
    program's (PROGRAM_TITLE), in any case; made once per language data."""
    return made_once(
        _PLACEHOLDER_TITLES,
        language,
        language.placeholder_titles,
        lambda placeholders: re.compile(rf"^\s*(?:{'|'.join(placeholders)})\s*$|{PROGRAM_TITLE}", re.IGNORECASE),
    )


# trafilatura's time grows with the square of a page's paragraphs (100k one-word <p>:
# 29 s, 200k: 119 s, 20k: about 1.5 s); a news page has a few dozen. Tables, links and
# other elements cost it far less (a 3,000-row election table: 1.4 s).
MAX_PAGE_PARAGRAPHS = 20_000
PARAGRAPH_TAG_RE = re.compile(rb"<[pP][\s>/]")
PARAGRAPH_TAG_TEXT_RE = re.compile(r"<[pP][\s>/]")

# -- news pages -----------------------------------------------------------------------

# The labels a server may give that browsers read as Windows-1252 (the WHATWG Encoding
# Standard), as Python's codecs name them.
LATIN1_FAMILY = frozenset({"cp1252", "iso8859-1", "ascii"})
# The other legacy encodings of the web a page's bytes are read in when its server
# declares one (as codecs names them); any other label (Python's own "undefined" or
# "unicode_escape", a UTF-16 one on bytes with no BOM) leaves the guess to trafilatura.
WEB_ENCODINGS = frozenset(
    {f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)}
    | {f"cp{n}" for n in (866, 874, 1250, 1251, 1253, 1254, 1255, 1256, 1257, 1258)}
    | {"koi8-r", "koi8-u", "mac-cyrillic", "gbk", "gb2312", "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr"}
)


def _declared_as_utf8(data: bytes, charset: str) -> bytes | None:
    """A page's bytes, not UTF-8, in UTF-8, read in the ``charset`` declared for them.
    Given the bytes, trafilatura guessed a page served as ISO-8859-1 to be Central
    European ("Señor" stored as "Seńor"). Only an encoding of the web's
    (:data:`WEB_ENCODINGS`), and the Latin-1 family read as browsers read it, as
    Windows-1252: pages so declared hold its quotes and dashes (“ ” – … ’), which
    Latin-1 makes invisible controls. None when the charset is none of those ("utf-8"
    on bytes that are not, "undefined", "x-user-defined") or does not fit them."""
    try:
        encoding = codecs.lookup(charset).name
    except LookupError:
        return None
    if encoding in LATIN1_FAMILY:
        return _western_as_utf8(data)
    if encoding not in WEB_ENCODINGS:
        return None
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeError:
        return None


# A page's own charset, as browsers look for it (the WHATWG prescan, simplified): within
# its first kilobyte, comments aside, a <meta charset>, or the charset of a <meta
# http-equiv="Content-Type"> tag's content (not of another meta's: a description may
# say "charset=...").
META_CHARSET_WITHIN = 1024
HTML_COMMENT_RE = re.compile(rb"<!--.*?(?:-->|$)", re.DOTALL)
META_TAG_RE = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
ATTRIBUTE_RE = re.compile(rb"""([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
CONTENT_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def meta_charset(data: bytes) -> str | None:
    """The charset a page's own meta tags declare, or None."""
    head = HTML_COMMENT_RE.sub(b"", data[:META_CHARSET_WITHIN])
    for tag in META_TAG_RE.finditer(head):
        attributes = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or b"" for m in ATTRIBUTE_RE.finditer(tag.group())}
        if b"charset" in attributes:
            value = attributes[b"charset"]
        elif attributes.get(b"http-equiv", b"").strip().lower() == b"content-type" and (found := CONTENT_CHARSET_RE.search(attributes.get(b"content", b""))):
            value = found.group(1)
        else:
            continue
        return value.strip().decode("ascii", "replace") or None
    return None


def _in_utf8(data: bytes, charset: str | None) -> bytes:
    """A page's bytes in UTF-8: as they are when they are UTF-8; else read in the
    charset its server declared, or failing that (none, or none that fits) its own meta
    tag's (:func:`_declared_as_utf8`); else as Windows-1252 when that is among the
    encodings charset-normalizer finds equally likely (trafilatura's own guess took a
    Latin-1 page for Central European: "Señor" stored as "Seńor"). Indonesian and
    English pages are written in Western code pages, as browsers set to those
    languages read an undeclared page; the price is a page in Central European
    cp1250 with no word of its own letters (ł, ś, ž) the guess could tell it by:
    "Győr" is then read "Gyõr"."""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    if (mended := _damaged_utf8(data)) is not None:
        return mended
    for declared in (charset, meta_charset(data)):
        if declared and (read := _declared_as_utf8(data, declared)) is not None:
            return read
    if WESTERN not in _likeliest_encodings(data):
        return data
    return _western_as_utf8(data)


def _damaged_utf8(data: bytes) -> bytes | None:
    """``data`` in UTF-8 with its few invalid bytes made spaces, when it is UTF-8 but for
    them: more of its non-ASCII characters read as valid UTF-8 sequences than fail to
    (a Western code page's "é" or "–" before an ASCII letter is never one). One stray
    byte in a UTF-8 page had it read whole in another encoding: every "–" and "“"
    garbled. None otherwise."""
    read = data.decode("utf-8", errors="replace")
    invalid = read.count("\ufffd")
    valid = sum(1 for character in read if ord(character) > 127) - invalid
    return read.replace("\ufffd", " ").encode("utf-8") if valid > invalid else None


def _western_as_utf8(data: bytes) -> bytes:
    """``data`` read as Windows-1252, in UTF-8. The five bytes it leaves undefined are
    controls in Latin-1, made spaces with the rest (chunking.without_controls): a
    space here too."""
    return data.decode(WESTERN, errors="replace").replace("\ufffd", " ").encode("utf-8")


# htmldate's dates from a page's markup, address and metadata, without its "extensive
# search" of the text, which took a footer's "© 2023" for 1 January 2023. An article
# left undated is dated from its own text (chunking), as any undated article is. With
# its time and zone where the page gives them (archive_day).
PAGE_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
DATE_SEARCH = {"original_date": True, "extensive_search": False, "outputformat": PAGE_TIME_FORMAT}
# A time written in UTC ("Z", "GMT", "+00:00") is dated in the zone the article shows it
# belongs to (time_zones.article_zone: "pukul 10.00 WITA" in its text, a Makassar or
# Jayapura dateline), else in Western Indonesia Time: no Indonesian outlet keeps UTC as
# its own clock, and 23:30 UTC is already the next morning in Jakarta, the day its
# readers saw the article (and the day its feed, in +0700, gives it). A time in any
# other zone is its writer's own: its day stands.
UTC_READ_IN = timezone(timedelta(hours=7), "WIB")


def archive_day(moment: datetime, paragraphs: Sequence[str] = ()) -> str:
    """The day an article published at ``moment`` is dated: a time in UTC in the zone
    the article's ``paragraphs`` show (else UTC_READ_IN); any other its writer's own."""
    if moment.utcoffset() == timedelta(0):
        with contextlib.suppress(OverflowError):  # 9999-12-31T23:00Z has no day after it
            moment = moment.astimezone(article_zone(paragraphs) or UTC_READ_IN)
    return moment.date().isoformat()


def page_day(found: str | None, paragraphs: Sequence[str] = ()) -> str | None:
    """archive_day of htmldate's date (PAGE_TIME_FORMAT, its zone left out when the page
    gives none) for the page's ``paragraphs``."""
    if found is None:
        return None
    for layout in (PAGE_TIME_FORMAT, PAGE_TIME_FORMAT.removesuffix("%z")):
        with contextlib.suppress(ValueError):
            return archive_day(datetime.strptime(found, layout), paragraphs)
    return None


def html_article(data: bytes | str, url: str | None = None, charset: str | None = None) -> ArticleText:
    """The article of a news page, without its menus, related links, comments, footer
    and scripts, and its metadata (title, site name, date, canonical URL unless it is
    the site's root, author); ValueError when the page holds no article text, or fewer
    than MIN_PAGE_WORDS words of it (a wall, an error page). ``charset``: the encoding
    the server declared for the bytes (:func:`_in_utf8`)."""
    import trafilatura

    if isinstance(data, bytes):
        data = _in_utf8(data, charset)
    paragraphs_in = len(PARAGRAPH_TAG_RE.findall(data)) if isinstance(data, bytes) else len(PARAGRAPH_TAG_TEXT_RE.findall(data))
    if paragraphs_in > MAX_PAGE_PARAGRAPHS:
        raise ValueError(f"not a news page ({paragraphs_in:,} paragraphs; a news page has a few dozen)")

    try:
        found = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
            date_extraction_params=DATE_SEARCH,
        )
    except Exception as error:  # trafilatura and lxml raise many kinds on a broken page
        raise ValueError(f"not a readable web page ({type(error).__name__})") from None
    text = getattr(found, "text", None) if found is not None else None
    paragraphs = tuple(p for p in (one_line(line) for line in table_rows_as_text((text or "").split("\n"))) if p)
    if not paragraphs:
        raise ValueError("not a news page (no article text found)")
    # A headline linking to its own page (<h1><a href=permalink>) is the article's, not navigation.
    links = link_texts(data) - {one_line(_meta(found, "title") or "")}
    running = sum(len(p.split()) for p in paragraphs if p not in links)
    if running < MIN_PAGE_WORDS:
        raise ValueError(f"not a news page (too little running text: {running} word{'' if running == 1 else 's'})")
    title = _meta(found, "title")
    outlet = _meta(found, "sitename")
    if outlet is not None and is_host_name(outlet, url):
        outlet = title_suffix(data, title) or outlet
    return ArticleText(
        paragraphs=paragraphs,
        title=title,
        outlet=outlet,
        date=page_day(_meta(found, "date"), paragraphs),
        url=trusted_canonical(_meta(found, "url"), url),
        author=_meta(found, "author"),
    )


def fragment_paragraphs(html: str) -> tuple[str, ...]:
    """The paragraphs of an HTML fragment (a feed item's full text, ``content:encoded``):
    one per block (``<p>``, a heading, a list item...) or line (``<br>``), scripts and
    styles left out; none when it holds fewer than MIN_PAGE_WORDS words besides its links'
    text (a teaser and its "read more", not the article)."""
    import lxml.html

    # A control character (a vertical tab in a feed's JSON or CDATA) is text lxml
    # parses and then refuses to set back, which failed the whole feed.
    html = without_controls(html).replace("\x0b", " ").replace("\x0c", " ")
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        for element in list(root.iter("script", "style", "noscript")):
            element.drop_tree()
        for element in root.iter():
            if not isinstance(element.tag, str):  # a comment or processing instruction
                continue
            element.text = _spaced(element.text)
            element.tail = _spaced(element.tail)
            if element.tag in FRAGMENT_BLOCKS:
                element.text = "\n" + (element.text or "")
                element.tail = "\n" + (element.tail or "")
            elif element.tag == "br":
                element.tail = "\n" + (element.tail or "")
    except Exception:  # noqa: BLE001 - text lxml cannot parse or hold has no paragraphs to take
        return ()
    paragraphs = tuple(p for p in (one_line(line) for line in root.text_content().split("\n")) if p)
    linked = sum(len(link.text_content().split()) for link in root.iter("a"))  # "Selengkapnya", "Baca juga"
    return paragraphs if sum(len(p.split()) for p in paragraphs) - linked >= MIN_PAGE_WORDS else ()


def _spaced(text: str | None) -> str | None:
    """``text`` with its line ends as spaces: in HTML a line end is no paragraph's end."""
    return " ".join(text.split("\n")) if text else text


def link_texts(data: bytes | str) -> frozenset[str]:
    """The text of every link on a page, each on one line: a paragraph that is one of
    them is navigation, not the article."""
    import lxml.html

    try:
        root = lxml.html.fromstring(data)
    except Exception:  # noqa: BLE001 - trafilatura read it; a page lxml cannot parse has no links to count
        return frozenset()
    return frozenset(one_line(link.text_content()) for link in root.iter("a"))


def trusted_canonical(canonical: str | None, url: str | None) -> str | None:
    """The address to store for a page: its canonical one, unless that is a site's root
    (a misconfigured CMS points every page there; no article lives at a root), then the
    address it was fetched from."""
    if canonical and urlsplit(canonical).path.strip("/"):
        return canonical
    return url or None


def table_rows_as_text(lines: list[str]) -> list[str]:
    """Lines of extracted text with each table row ("| Bursah Zarnubi | 112.345 |", as
    trafilatura writes tables) made a paragraph that names its columns ("Pasangan
    calon: Bursah Zarnubi; Suara: 112.345"): election tallies stand in tables, and a
    row alone does not say what its numbers count. A header row is one with the
    "|---|" rule under it (a table without one has none); it and the rule go, and so
    does a row with no cell text."""
    out: list[str] = []
    header: list[str] = []
    for i, line in enumerate(lines):
        if not TABLE_ROW.match(line):
            header = []
            out.append(line)
            continue
        cells = _cells(line)
        if all(TABLE_RULE.fullmatch(cell) for cell in cells):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if TABLE_ROW.match(following) and all(TABLE_RULE.fullmatch(cell) for cell in _cells(following)):
            header = cells
            continue
        names = header + [""] * (len(cells) - len(header))
        named = [f"{name}: {cell}" if name else cell for name, cell in zip(names, cells) if cell]
        if named:
            out.append("; ".join(named))
    return out


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _meta(found: object, name: str) -> str | None:
    value = getattr(found, name, None)
    return one_line(value) or None if isinstance(value, str) else None


# -- PDF ------------------------------------------------------------------------------


def pdf_article(data: bytes) -> ArticleText:
    """The text of a PDF (a press release, a regulation) as paragraphs rebuilt from its
    lines, its title from the document information when given; ValueError when it
    cannot be read or holds no text (a scan), saying what the operator can do where
    something can be: a file that is no PDF at all (a download that gave the site's
    error or login page) and one locked with a password."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    not_pdf = not_a_pdf(data)
    if not_pdf:
        raise ValueError(not_pdf)
    # The stream closed when read: pypdf's reader and its objects refer to one another,
    # and the cycle, kept until the collector next runs (seldom: bot.collector), would
    # keep the whole file's bytes with it. Closed, the stream lets them go now.
    try:
        with io.BytesIO(data) as stream:
            reader = PdfReader(stream)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValueError(PASSWORD_PDF)
            lines = _pdf_lines(reader)
            info = reader.metadata
            title = one_line(str(info.title)) if info is not None and info.title else None
            made = _pdf_made(info)
    except ValueError as error:
        if str(error).startswith("unreadable PDF"):
            raise
        raise ValueError(f"unreadable PDF ({type(error).__name__})") from None
    except DependencyError:  # AES without the optional `cryptography` (see README, Dependencies)
        raise ValueError("unreadable PDF (encrypted with AES; install cryptography to read it)") from None
    except MemoryError:  # the process's trouble, not this file's: never a skipped file
        raise
    except Exception as error:  # noqa: BLE001 - a PDF is a program in its own right: pypdf
        # raises NotImplementedError, AssertionError and more on odd or fuzzed files, and
        # any of them means only that this one file cannot be read.
        raise ValueError(f"unreadable PDF ({type(error).__name__})") from None
    paragraphs = tuple(rebuild_paragraphs(lines))
    if not paragraphs:
        raise ValueError("unreadable PDF (no text in it; a scan?)")
    if sum(len(p.encode("utf-8")) for p in paragraphs) > MAX_TEXT_BYTES:
        raise ValueError(f"too large (its text is over {MAX_TEXT_BYTES / 1_000_000:g} MB; no article is)")
    # The day the file was made dates a press release better than the first date its
    # text writes, which may be an event's ("dijadwalkan pada 18 November 2024"); a date
    # written with its weekday, a dateline's, stands first.
    # A time in UTC is dated in the zone the text shows (archive_day), as a page's is.
    language = load_language()
    dated = archive_day(made, paragraphs) if made is not None and weekday_date(list(paragraphs), language) is None else None
    return ArticleText(
        paragraphs=paragraphs, title=title if title and shows_text(title) and not placeholder_title(language).search(title) else None, date=dated,
    )


# A PDF's CreationDate before this year is a clock never set, not a news release's day.
PDF_FIRST_YEAR = 1990


def _pdf_made(info: Any) -> datetime | None:
    """The time a PDF says it was made (CreationDate), when it says one that can be:
    pypdf reads the date itself and fails on a malformed one, which gives none."""
    try:
        made = info.creation_date if info is not None else None
    except Exception:  # noqa: BLE001 - a malformed date string: no date, the file still read
        return None
    if not isinstance(made, datetime) or made.year < PDF_FIRST_YEAR:
        return None
    now = datetime.now(made.tzinfo or timezone.utc) if made.tzinfo else datetime.now()
    return made if made <= now + timedelta(days=1) else None


# "Headline | Koran Lintas": the separators a page's <title> puts its site's name after.
TITLE_SEPARATOR_RE = re.compile(r"\s+[|\-–—]\s+")
TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# A site's name after its headline is short: more is a headline's second half.
SITE_NAME_WORDS = 5
# Where a page's <title> is looked for: its head, not a 10 MB body.
PAGE_HEAD_CHARS = 64 * 1024


def is_host_name(outlet: str, url: str | None) -> bool:
    """Whether ``outlet`` is only the host of ``url`` ("127.0.0.1:8111", "koran.example"):
    what the extractor names a site that names itself nowhere in its metadata."""
    if not url:
        return False
    host = urlsplit(url).netloc.lower()
    return outlet.lower() in {host, host.removeprefix("www.")}


def title_suffix(page: str | bytes, title: str | None) -> str | None:
    """The site's name a page's <title> gives after its headline ("Banjir Rendam Rumah |
    Koran Lintas"), when its first part is the headline; None otherwise."""
    head = page[:PAGE_HEAD_CHARS]
    found = TITLE_RE.search(head.decode("utf-8", "replace") if isinstance(head, bytes) else head)
    if found is None or not title:
        return None
    parts = TITLE_SEPARATOR_RE.split(one_line(html.unescape(found.group(1))))
    if len(parts) < 2 or parts[0].casefold() != one_line(title).casefold():
        return None
    name = parts[-1].strip()
    return name if name and len(name.split()) <= SITE_NAME_WORDS and shows_text(name) else None


def not_a_pdf(data: bytes) -> str | None:
    """Why ``data`` is no PDF at all, with what to do, or None: a PDF's header
    (``%PDF-``) stands within its first kilobyte (pypdf's own leeway)."""
    if PDF_HEADER in data[:PDF_HEADER_WITHIN]:
        return None
    if not data.strip():
        return "not a PDF (an empty file): download it again"
    opening = data[:PDF_HEADER_WITHIN].lstrip().lower()
    if opening.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body")) or b"<html" in opening:
        return (
            "not a PDF but a web page (HTML), the site's error or login page saved under the PDF's name: "
            "open the PDF's address in a browser and download it again, or add the address itself"
        )
    return "not a PDF (no PDF header): download it again, or add the page it was linked from"


def _pdf_lines(reader: Any) -> list[str]:
    """The lines of every page, a blank line after each; ValueError ("unreadable PDF
    ...") once reading takes over PDF_SECONDS or the text laid out passes
    MAX_LAID_OUT_BYTES: a small file can be slow or huge inside (pages that share one
    content stream of 70 MB decoded it again each, a page drawing a 10 MB string)."""
    started = time.monotonic()
    lines: list[str] = []
    size = 0
    for page in reader.pages:
        text = _page_text(page)
        size += len(text)
        if size > MAX_LAID_OUT_BYTES:
            raise ValueError(f"unreadable PDF (its text laid out is over {MAX_LAID_OUT_BYTES / 1_000_000:g} MB)")
        if time.monotonic() - started > PDF_SECONDS:
            raise ValueError(f"unreadable PDF (not read within {PDF_SECONDS:g} s)")
        lines += table_rows_apart(columns_apart(text.split("\n"))) + [""]
    return lines


def columns_apart(lines: list[str], depth: int = MAX_COLUMN_DEPTH) -> list[str]:
    """A page's lines laid out in columns side by side, as pypdf's layout mode gives
    them, read column by column: each stretch of the page between lines that run
    across the gutter (a headline over both columns) gives its left column's lines, a
    blank line, then its right column's. Read across, as before, a two-column press
    release's paragraphs were each the two columns' lines interleaved. Lines without
    a gutter are given back as they are."""
    tables = _table_rows(lines)
    gutter = _gutter(lines, tables) if depth > 0 else None
    if gutter is None:
        parted = _parted(lines) if depth > 0 and len(lines) <= PARTED_MAX_LINES else None
        if parted is None:
            return lines
        return columns_apart(lines[:parted], depth - 1) + columns_apart(lines[parted:], depth - 1)
    start, end = gutter
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        if any(line.strip() for line in left + right):
            out.extend(columns_apart(left, depth - 1) + [""] + columns_apart(right, depth - 1) + [""])
        left.clear()
        right.clear()

    for line, tabular in zip(lines, tables):
        if tabular or line[start:end].strip():  # a table's row, or across the gutter: read where it stands
            flush()
            out.append(line)
            continue
        left.append(line[:start].rstrip())
        right.append(line[end:].rstrip())
    flush()
    return out


def _parted(lines: list[str]) -> int | None:
    """Where a page with no gutter from top to bottom parts, at a blank line, into a
    part that has one and a part that has none: a lead across the page above two
    columns (or two columns above a closing part across it), where the lead's lines
    crossing the gutter are too many to pass for a headline. None when no part has one.
    At most BANDS_TRIED blank stretches are tried from each end."""
    starts = [i for i in range(1, len(lines)) if not lines[i].strip() and lines[i - 1].strip()]
    for at in starts[:BANDS_TRIED]:
        if _gutter(lines[at:]) is not None:
            return at
    for at in reversed(starts[-BANDS_TRIED:]):
        if _gutter(lines[:at]) is not None:
            return at
    return None


def _gutter(lines: list[str], tables: list[bool] | None = None) -> tuple[int, int] | None:
    """The widest stretch of character places blank on all of ``lines`` but at most
    CROSSING_SHARE of those with text, at least GUTTER_MIN wide, with running text on
    both sides of it on enough lines (see COLUMN_MIN_LINES); None when there is none.
    A table's rows (``tables``: :func:`_table_rows` of ``lines``, when the caller has
    them) are no column's lines."""
    tables = _table_rows(lines) if tables is None else tables
    written = [(line, spans) for line, tabular in zip(lines, tables) if not tabular and (spans := _ink(line))]
    if len(written) < COLUMN_MIN_LINES:
        return None
    width = max(spans[-1][1] for _, spans in written)
    ink = [0] * (width + 1)  # how many lines have text at each place, summed from its changes
    for _, spans in written:
        for begin, stop in spans:
            ink[begin] += 1
            ink[stop] -= 1
    counts = list(accumulate(ink))
    allowed = int(len(written) * CROSSING_SHARE)
    gaps: list[tuple[int, int]] = []
    start = None
    for place in range(width + 1):
        if counts[place] <= allowed and place < width:
            start = place if start is None else start
            continue
        if start is not None and start > 0 and place - start >= GUTTER_MIN:
            # Where fewest lines cross and it is still a gutter: the columns' gutter,
            # not the ragged ends of their lines beside it.
            level = min(max(counts[at : at + GUTTER_MIN]) for at in range(start, place - GUTTER_MIN + 1))
            gaps.append(_longest_run(counts, start, place, level))
        start = None
    # The widest first, and only a few: a page's gutter is wider than the gaps inside
    # a column, and each is checked against every line.
    widest = sorted(gaps, key=lambda gap: gap[0] - gap[1])[:GUTTERS_TRIED]
    return next((gap for gap in widest if _columns_on_both_sides(written, *gap)), None)


def _longest_run(counts: list[int], start: int, end: int, most: int) -> tuple[int, int]:
    """The longest stretch of ``counts[start:end]`` at most ``most``."""
    best = (start, start)
    begin = None
    for place in range(start, end + 1):
        if place < end and counts[place] <= most:
            begin = place if begin is None else begin
            continue
        if begin is not None and place - begin > best[1] - best[0]:
            best = (begin, place)
        begin = None
    return best


def _columns_on_both_sides(written: list[tuple[str, list[tuple[int, int]]]], start: int, end: int) -> bool:
    """Whether enough lines have running text both before ``start`` and from ``end``
    on, and none in between (COLUMN_MIN_LINES, COLUMN_LINE_SHARE, COLUMN_MIN_CHARS),
    and each side reads on from line to line as a column does (COLUMN_CONTINUED_SHARE):
    a table's rows, each a name and an office or a day and a place, do not."""
    left_chars = right_chars = both = 0
    sides: tuple[list[str], list[str]] = ([], [])
    for line, spans in written:
        if any(begin < end and stop > start for begin, stop in spans):
            continue
        before = sum(stop - begin for begin, stop in spans if stop <= start)
        after = sum(stop - begin for begin, stop in spans if begin >= end)
        if before and after:
            both += 1
            left_chars += before
            right_chars += after
        sides[0].append(line[:start].strip())
        sides[1].append(line[end:].strip())
    return (
        both >= max(COLUMN_MIN_LINES, len(written) * COLUMN_LINE_SHARE)
        and left_chars >= both * COLUMN_MIN_CHARS
        and right_chars >= both * COLUMN_MIN_CHARS
        and all(_continued_share(side) >= COLUMN_CONTINUED_SHARE for side in sides)
    )


def _continued_share(side: list[str]) -> float:
    """Of a side's lines followed by another, the share whose next line goes on with a
    word in small letters or a number: a wrapped sentence, as in a column of text."""
    pairs = [(line, following) for line, following in zip(side, side[1:]) if line and following]
    return sum(1 for _, following in pairs if following[0].islower() or following[0].isdigit()) / len(pairs) if pairs else 0.0


def _ink(line: str) -> list[tuple[int, int]]:
    """Where ``line`` has text: its runs of words, apart where two spaces or more stand."""
    return [m.span() for m in INK_RE.finditer(line)]


def _table_rows(lines: list[str], pairs: bool = False) -> list[bool]:
    """Per line, whether it is a row of a table, the cells of its run lined up
    (:func:`_lined_up`): three cells or more, GUTTER_MIN places apart, at most one of
    them TABLE_CELL_CHARS long or longer ("1   Bambanglipuro   2000   1800   80%"),
    next to another such line (blank lines aside); with ``pairs``, also two cells each
    under PAIR_CELL_CHARS and opening as a cell does (:func:`_opens_a_cell`: "Kustini
    Sri Purnomo   Bupati Sleman"), in a run of TABLE_PAIR_ROWS such lines or more. A
    line of a three-column page has three runs of text too, mostly long; one with two
    short ends of paragraphs is alone. Pairs are asked for only of lines already read
    apart into columns (:func:`table_rows_apart`): on a two-column page every line is
    a pair."""
    shaped = [_row_shaped(_ink(line), line) if line.strip() else None for line in lines]
    written = [i for i, shape in enumerate(shaped) if shape is not None]
    rows = [False] * len(lines)
    for before, at, after in zip([None, *written], written, [*written[1:], None]):
        rows[at] = shaped[at] == ROW and any(i is not None and shaped[i] == ROW for i in (before, after))
    run: list[int] = []
    for position in [*written, len(lines)]:
        if position < len(lines) and pairs and shaped[position] == PAIR:
            run.append(position)
            continue
        if len(run) >= TABLE_PAIR_ROWS:
            for i in run:
                rows[i] = True
        run = []
    return _lined_up(lines, rows)


def _row_shaped(spans: list[tuple[int, int]], line: str) -> str:
    """ROW, PAIR (see :func:`_table_rows`) or "" for a line of text at ``spans``."""
    cells = _cells_at(spans)
    if len(cells) >= 3 and sum(1 for begin, stop in cells if stop - begin >= TABLE_CELL_CHARS) <= 1:
        return ROW
    if len(cells) == 2 and all(stop - begin < PAIR_CELL_CHARS and _opens_a_cell(line[begin:stop]) for begin, stop in cells):
        return PAIR
    return ""


def _opens_a_cell(text: str) -> bool:
    """Whether ``text`` opens as a table's cell does, not as a line going on with a
    sentence: with a capital, a number, or an abbreviation ("dr. Cahya Purnama")."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return bool(first) and (first[0].isupper() or first[0].isdigit() or first.endswith("."))


def _cells_at(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A laid-out line's cells: its runs of text at least GUTTER_MIN places apart."""
    cells: list[tuple[int, int]] = []
    for begin, stop in spans:
        if cells and begin - cells[-1][1] < GUTTER_MIN:
            cells[-1] = (cells[-1][0], stop)
        else:
            cells.append((begin, stop))
    return cells


def table_rows_apart(lines: list[str]) -> list[str]:
    """A page's lines with each row of a table (:func:`_table_rows`, its cells lined up
    from row to row) a paragraph of its own, its cells named by the table's first row
    when that is a header (three cells or more, no digit in it, a digit in the row
    after it): "Kecamatan: Pandak; Sasaran: 2137; Tervaksin: 1901; Capaian: 81%", as a
    web page's table is read (:func:`table_rows_as_text`). Joined as running text, a
    table's rows made one paragraph of every number in it, and no row said what its
    numbers count. Lines whose cells do not line up (words set wide apart in a loose
    line) are left as they are."""
    rows = _table_rows(lines, pairs=True)
    out: list[str] = []
    header: list[str] | None = None
    for at, (line, tabular) in enumerate(zip(lines, rows)):
        if not tabular:
            if line.strip():
                header = None  # the table has ended
            out.append(line)
            continue
        cells = [line[begin:stop] for begin, stop in _cells_at(_ink(line))]
        following = next((lines[i] for i in range(at + 1, len(lines)) if rows[i]), "")
        # Two cells a row name nothing: a letterhead's rows are pairs too.
        if header is None and len(cells) >= 3 and not any(c.isdigit() for c in line) and any(c.isdigit() for c in following):
            header = cells
            out.append("")  # what stands above the table ends there
            continue
        named = [f"{name}: {cell}" for name, cell in zip(header, cells)] if header and len(header) == len(cells) else cells
        out += ["; ".join(named), ""]
    return out


def _lined_up(lines: list[str], rows: list[bool]) -> list[bool]:
    """``rows`` less the runs of them (blank lines aside) whose cells do not start at
    TABLE_COLUMNS_SHARED places or more in every row (every cell's place, for rows of
    fewer cells): a table's columns stand where they stood in the row above."""
    kept = list(rows)
    run: list[int] = []
    for at in [*range(len(lines)), len(lines)]:
        if at < len(lines) and (rows[at] or not lines[at].strip()):
            if rows[at]:
                run.append(at)
            continue
        starts = [{begin for begin, _ in _cells_at(_ink(lines[i]))} for i in run]
        if run and len(set.intersection(*starts)) < min(TABLE_COLUMNS_SHARED, *map(len, starts)):
            for i in run:
                kept[i] = False
        run = []
    return kept


def _page_text(page: Any) -> str:
    """A page's text laid out as printed: blank lines and indents kept, which is what
    tells its paragraphs apart; plain extraction when the layout cannot be worked out."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # pypdf's layout mode fails on odd fonts where plain mode copes
        return page.extract_text() or ""


def rebuild_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from a PDF's lines: wrapped lines joined (a word broken with a hyphen
    at the line end put back together), a new paragraph after a blank line, at a line
    indented further than the one before, and after a line that ends a sentence short
    of the right margin."""
    widest = max((len(line.strip()) for line in lines), default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    previous_indent = 0

    def close() -> None:
        if current:
            paragraphs.append(one_line(" ".join(current).replace("\u00ad ", "")))
            current.clear()

    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            close()
            continue
        indent = len(line) - len(line.lstrip())
        if current and indent >= previous_indent + INDENT_STEP:
            close()
        previous_indent = indent
        if current and current[-1].endswith("-") and stripped[:1].islower():
            current[-1] = current[-1][:-1] + stripped  # "ber-" / "ita": one word
        else:
            current.append(stripped)
        if SENTENCE_FINAL_RE.search(stripped) and len(stripped) < SHORT_LINE_SHARE * widest:
            close()
    close()
    return paragraphs


# -- any of them ----------------------------------------------------------------------


def article_text(data: bytes, suffix: str, url: str | None = None) -> str:
    """The text ``parse_article`` reads for a file of ``suffix`` (".txt", ".html",
    ".pdf", ...); ValueError with the reason when it holds none."""
    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES:
        return html_article(data, url).stored()
    if suffix in PDF_SUFFIXES:
        return pdf_article(data).stored()
    return decode_text(data)
