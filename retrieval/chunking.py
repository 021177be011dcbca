"""From an article's raw text to its headline, outlet, date and numbered paragraphs.

News pages come with furniture: related-article links ("BACA JUGA:"), photo captions,
share and comment footers, bare URLs, a headline repeated under the photo. Only the
paragraphs a reader reads are kept, and numbered as that reader counts them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from retrieval.language import Language, load_language, made_once, per_language
from retrieval.regex_marks import MarkedPatterns, either, ignorecase_key


# "OKU TIMUR, SUMATERAEKSPRES.ID – ", "KANTOR-BERITA.COM, BENGKULU|| ", "Harianbengkuluekspress.id- ",
# "Media Center Rejang Lebong – ", "Jakarta, Kompas - ": a short prefix, then a dash or bars.
# (The spaces before the dash are bounded: tried after each length of prefix, a paragraph
# opening with a long run of spaces would cost 70 times its length.)
DATELINE_RE = re.compile(r"^(?P<prefix>[^\n–—|!?]{2,70}?)\s{0,10}(?:[–—]|-{1,2}(?=\s)|\|\|)\s*")
DATELINE_PART_RE = re.compile(r"^(?:[A-Z0-9][\w&'.-]*)(?:\s+[A-Z0-9][\w&'.-]*){0,5}$")
DOMAIN_RE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,6}$")
URL_RE = re.compile(r"^https?://(?:www\.)?([^/\s]+)", re.IGNORECASE)
# An article's own address: a host, then a path beyond "/" (a bare site address, as seed
# 003 opens with, names the outlet, not the article a reader could check).
ARTICLE_URL_RE = re.compile(r"^https?://[^/\s]+/[^\s]*[^\s/][^\s]*$", re.IGNORECASE)
# The header an added article is stored with (see ``retrieval.ingest``): "Key: value"
# lines at the very top, before the first blank line. Our own file format, so the keys
# are fixed English words, not language knowledge.
# A field may be empty ("Title: "): it says nothing, but is still a header line, not
# the headline "Title:".
HEADER_RE = re.compile(r"^(url|title|outlet|date|author):[ \t]*(.*?)\s*$", re.IGNORECASE)
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A sentence ends at . ! ? (with closing quotes or brackets) before a space and a capital,
# a digit or an opening quote. A match starts only where a run of . ! ? starts: tried
# inside a run too, a line of dots would cost the square of its length.
SENTENCE_BOUNDARY_RE = re.compile(r"(?<![.!?])([.!?]+)([\"”’')\]]*)\s+(?=[A-Z0-9\"“‘(])")
# The last word before a full stop ("Prof", "Kab", an initial) is looked for in this
# many characters before it, enough for any abbreviation: searched in a whole sentence,
# a sentence that is one long "word" would cost the square of its length.
LAST_WORD_CHARS = 64
SENTENCE_END_RE = re.compile(r"[.!?\"”')]\s*$")

# Headlines are short and do not end like sentences.
HEADLINE_MAX_WORDS = 25
# Nor are they long: a headline is shown with every answer.
HEADLINE_MAX_CHARS = 300
# A domain name is at most this long (RFC 1035).
DOMAIN_MAX_CHARS = 253
# The longest passage: a longer paragraph is split, at sentence ends, into passages of at
# most this many characters that share its number. A news paragraph is a few hundred
# characters (the seeds' longest is 510, FacQA's longest passage 766), so only what is
# no paragraph (a page flattened into one line) is split, and a passage still holds
# many sentences of context. The ranker and the no-answer evidence compare each of a
# passage's sentences with each of its matched words, a cost that grows with the square
# of its length: a 4,000-character passage costs milliseconds, an 800 KB paragraph
# cost seconds per answer. An excerpt shows at most 400 characters.
MAX_PASSAGE_CHARS = 4000
# Only the opening paragraphs can carry the dateline.
DATELINE_WITHIN = 3
TITLE_FALLBACK_CHARS = 100

# Terminal control in article text. 8-bit introducers (CSI U+009B, OSC U+009D, ...) are
# written as their ESC forms first, so one pattern removes every escape sequence whole:
# CSI ("ESC [2J" clears the screen, "ESC [31m" colours), string commands up to their
# terminator ("ESC ]0;title BEL" sets the window title: its text goes too; one without a
# terminator loses only its introducer) and two-character escapes ("ESC c" resets).
EIGHT_BIT_INTRODUCERS = str.maketrans(
    {"\x9b": "\x1b[", "\x9d": "\x1b]", "\x90": "\x1bP", "\x98": "\x1bX", "\x9e": "\x1b^", "\x9f": "\x1b_", "\x9c": "\x1b\\"}
)
ESCAPE_SEQUENCE_RE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_](?:[^\x07\x1b]*(?:\x07|\x1b\\))?|[ -/]*[0-~])"
)
C1_INTRODUCER_RE = re.compile("[\x90\x98\x9b-\x9f]")
# Every other C0 and C1 control but tab and line ends becomes a space (one between two
# words still parts them).
CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # a character class's ranges
CONTROL_RE = re.compile(f"[{CONTROLS}]")
# ... and Unicode's line and paragraph separators end a line and a paragraph: split on
# "\n" alone, an article whose lines ended so was one block (and, holding "Foto:", taken
# for a caption). Not the C0/C1 line ends: a form feed at each page of pdftotext's
# output or a Word soft break (vertical tab) would split a paragraph or make a blank
# line of it, and U+0085 (NEL) is what a cp1252 "…" becomes read as Latin-1.
LINE_SEPARATORS = "\u2028\u2029"
LINE_BREAK_RE = re.compile(f"[{LINE_SEPARATORS}]")
LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n"})
# Any character the steps of without_controls change (escape and C1 introducers are
# controls): a text without one, most articles, is read once, not once a step.
ANY_CONTROL_RE = re.compile(f"[{CONTROLS}{LINE_SEPARATORS}]")


def shows_text(text: str) -> bool:
    """Whether ``text`` shows a reader anything: a character that is no space, control
    or format character. A PDF titled only with a right-to-left mark has no title:
    cited by it, an answer showed a blank where its headline belongs."""
    return any(unicodedata.category(c)[0] not in "CZ" for c in text)


@dataclass(frozen=True)
class Article:
    """What the text of one article file says about itself: its body paragraphs, and
    apart from them its photo captions, which carry facts too ("Pjs Bupati, Sisardi SPd
    MM didampingi Sekretaris Daerah Sukarni ..."). A paragraph longer than
    MAX_PASSAGE_CHARS stands as several passages; ``numbers`` gives each passage the
    number of its paragraph as a reader counts them (empty: one passage a paragraph)."""

    title: str | None
    source: str | None
    date: str | None
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class Header:
    """What an article file's header lines say ("URL: ...", "Title: ...", "Outlet:",
    "Date:", "Author:"); each None when not given."""

    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    author: str | None = None


def _header_without_blank(block: list[str]) -> bool:
    """Whether header lines followed straight by text, with no blank line between (a
    hand-made file), are a header still: two of them or more ("Title: ..." and
    "Outlet: ...": no paragraph opens so), or a title or URL line; not one "Date: ..."
    line, which may open a paragraph ("Date: the council met on Monday")."""
    if len(block) > 1:
        return True
    match = HEADER_RE.match(block[0].strip())
    return match is not None and match.group(1).lower() in ("title", "url")


def split_header(text: str) -> tuple[Header, str]:
    """The header lines at the top of ``text`` (see HEADER_RE) and the rest, a blank
    line between them or not (:func:`_header_without_blank`). Text without them comes
    back whole, with an empty Header."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    fields: dict[str, str] = {}
    end = start
    while end < len(lines):
        match = HEADER_RE.match(lines[end].strip())
        if not match:
            break
        if match.group(2):
            fields.setdefault(match.group(1).lower(), match.group(2))
        end += 1
    if end == start or (end < len(lines) and lines[end].strip() and not _header_without_blank(lines[start:end])):
        return Header(), text  # no header, or "Date: ..." opening a paragraph
    url = fields.get("url")
    return (
        Header(
            url=url if url and URL_RE.match(url) and " " not in url else None,
            title=fields.get("title"),
            outlet=fields.get("outlet"),
            date=fields.get("date"),
            author=fields.get("author"),
        ),
        "\n".join(lines[end:]),
    )


def article_url(line: str) -> str | None:
    """``line`` as an article's address, when it is one alone (see ARTICLE_URL_RE)."""
    line = line.strip()
    return line if ARTICLE_URL_RE.match(line) else None


def without_controls(text: str) -> str:
    """``text`` without terminal control: escape sequences removed, Unicode's line and
    paragraph separators made newlines (LINE_BREAKS), other control characters but tab
    and line ends made spaces. An article is text to read; printed raw, an escape in it
    would clear the reader's screen or retitle their window."""
    # Each step only where it has work: most articles have none, and a pass that
    # changes nothing still costs (str.translate, a second a 5 MB text of non-ASCII).
    if not ANY_CONTROL_RE.search(text):
        return text
    if not text.isascii() and C1_INTRODUCER_RE.search(text):
        text = text.translate(EIGHT_BIT_INTRODUCERS)
    if "\x1b" in text:
        text = ESCAPE_SEQUENCE_RE.sub("", text)
    if LINE_BREAK_RE.search(text):
        text = text.translate(LINE_BREAKS)
    return CONTROL_RE.sub(" ", text) if CONTROL_RE.search(text) else text


def blocks(text: str, language: Language) -> list[str]:
    """Paragraph candidates: blank-line separated where the text has blank lines
    (wrapped lines joined), else one per line. Furniture lines are dropped first, and
    the page footer cuts the rest."""
    return [block for block, _ in _blocks(text, language)]


def _blocks(text: str, language: Language) -> list[tuple[str, bool]]:
    """``blocks``, each with whether it was joined from lines: one that was not is a
    line already found to be no furniture, and need not be looked at again."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [line.strip() for line in text.split("\n")]
    one_per_line = not any(not line for line in _inner(lines))
    kept: list[str] = []
    for line in lines:
        action = boilerplate_action(line, language) if line else None
        if action == "stop" and any(kept):
            break
        kept.append("" if action else line)
    if one_per_line:
        return [(line, False) for line in kept if line]
    result: list[tuple[str, bool]] = []
    current: list[str] = []
    for line in kept + [""]:
        if line:
            current.append(line)
        elif current:
            result.append((" ".join(current), len(current) > 1))
            current = []
    return result


def _inner(lines: list[str]) -> list[str]:
    """Lines between the first and the last non-empty one."""
    filled = [i for i, line in enumerate(lines) if line]
    return lines[filled[0] : filled[-1] + 1] if filled else []


def is_caption(block: str, language: Language | None = None) -> bool:
    """Whether a paragraph is a photo caption: it opens with "Foto:" or carries a photo
    credit ("-FOTO: TOMMI/SUMEKS-", ".-Renald/Bengkuluekspress-"); captions.tsv. Words
    about photos ("foto-foto", "pameran foto") do not make one."""
    language = language or load_language()
    # Searched only where the pattern's marks stand: most paragraphs hold none.
    return _caption_patterns(language).search_any(block)


def _caption_patterns(language: Language) -> MarkedPatterns:
    """The caption patterns with their marks (see :mod:`retrieval.regex_marks`), read
    once per set of patterns."""
    return made_once(_CAPTION_PATTERNS, language, language.captions, MarkedPatterns.of)


_CAPTION_PATTERNS: dict[str, tuple[object, MarkedPatterns]] = {}


def without_byline(block: str, language: Language) -> str:
    """``block`` without the byline that closes it ("... netral. (Kur/uni)"; bylines.txt):
    initials of reporters and agencies are not what the article says, and a question
    about someone of those initials ("Apa kata Kur ...?") must not find them."""
    if not block.endswith(")"):  # nearly every paragraph: no search
        return block
    for pattern in language.bylines:
        block = pattern.sub("", block)
    return block


def caption_text(block: str, language: Language | None = None) -> str:
    """What a caption says, without its label and photo credit ("Foto:",
    "-FOTO: TOMMI/SUMEKS-", "(Ft/Ist)")."""
    language = language or load_language()
    for pattern in language.captions:
        block = pattern.sub(" ", block)
    return block


def caption_count(passages: Sequence[str], language: Language | None = None) -> int:
    """How many of an article's passages are its photo captions: they come last (see
    :func:`parse_article`), after at least one paragraph."""
    language = language or load_language()
    count = 0
    while count < len(passages) - 1 and is_caption(passages[-1 - count], language):
        count += 1
    return count


def boilerplate_action(block: str, language: Language) -> str | None:
    """'drop' for furniture, 'stop' for the start of the page footer, None for text."""
    either_pattern = _boilerplate_pattern(language)
    if either_pattern is not None and not either_pattern.fullmatch(block):  # most lines: one call
        return None
    for action, pattern in language.boilerplate:
        if pattern.fullmatch(block):
            return action
    return None


def _boilerplate_pattern(language: Language) -> re.Pattern[str] | None:
    """The boilerplate patterns as one (see ``regex_marks.either``), made once per set."""
    return made_once(_BOILERPLATE_PATTERNS, language, language.boilerplate, lambda rules: either([pattern for _, pattern in rules]))


_BOILERPLATE_PATTERNS: dict[str, tuple[object, re.Pattern[str] | None]] = {}


def looks_like_headline(block: str) -> bool:
    if len(block) > HEADLINE_MAX_CHARS:
        return False
    words = block.split()
    return 0 < len(words) <= HEADLINE_MAX_WORDS and not SENTENCE_END_RE.search(block)


def dateline_parts(block: str, language: Language | None = None) -> list[str] | None:
    """The comma-separated parts of the dateline the paragraph opens with ("Jakarta",
    "Kompas"; "Baghdad", "rabu"), if it opens with one."""
    match = DATELINE_RE.match(block)
    if not match:
        return None
    parts = [p.strip() for p in match.group("prefix").split(",") if p.strip()]
    if not parts or len(parts) > 2:
        return None
    language = language or load_language()
    if not all(DATELINE_PART_RE.match(p) or _names_a_date(p, language) for p in parts):
        return None
    return parts


def dateline_source(block: str, language: Language | None = None) -> str | None:
    """The outlet named in a dateline, if the paragraph opens with one. A day or a
    month is never an outlet: "Srinagar, Senin -" names a place and a day."""
    language = language or load_language()
    parts = dateline_parts(block, language)
    if parts is None:
        return None
    domains = [p for p in parts if DOMAIN_RE.match(p)]
    if domains:
        return domains[0].lower()
    if len(parts) == 2:  # "Jakarta, Kompas -": place, then outlet
        return None if _names_a_date(parts[1], language) else parts[1]
    # A lone prefix is an outlet only when it is written like a name, not shouted.
    lone = parts[0]
    return lone if not lone.isupper() and len(lone.split()) >= 2 and not _names_a_date(lone, language) else None


def opens_with_dateline(block: str, language: Language | None = None) -> bool:
    """Whether the paragraph opens with a dateline: one naming the outlet, or a place and
    a day ("Srinagar, Senin -")."""
    parts = dateline_parts(block, language)
    return parts is not None and (len(parts) == 2 or dateline_source(block, language) is not None)


def without_dateline(block: str, language: Language | None = None) -> str:
    """The paragraph after the dateline it opens with (:func:`opens_with_dateline`), or
    all of it: a wire story reprinted by two outlets differs in nothing else
    ("JAKARTA, KOMPAS -" and "JAKARTA, ANTARA -")."""
    match = DATELINE_RE.match(block)
    return block[match.end() :] if match and opens_with_dateline(block, language) else block


def _names_a_date(part: str, language: Language) -> bool:
    """Whether a dateline part opens with a weekday or a month ("Senin", "Rabu Pagi",
    "Mei 2024"): a date, not a name."""
    first = part.split()[0].casefold().replace("’", "'")
    return first in language.weekdays or first in language.months


def find_date(texts: list[str], language: Language) -> str | None:
    """The publication date: the first date written with its weekday, else the first
    complete date; ISO ``YYYY-MM-DD``."""
    first_plain: str | None = None
    # One search over the texts joined by a character no date or weekday is written with
    # (NUL, not even a space): the same dates in the same order as text by text, without a
    # search set up for each paragraph of every article a build reads.
    for weekday, iso in _dates("\x00".join(texts), language):
        if weekday:
            return iso
        first_plain = first_plain or iso
    return first_plain


def weekday_date(texts: list[str], language: Language) -> str | None:
    """The first date the texts write with its weekday ("Jumat (15/11/2024)"): a
    dateline's, the publication's own; ISO ``YYYY-MM-DD``."""
    return next((iso for weekday, iso in _dates("\x00".join(texts), language) if weekday), None)


@per_language
def _date_patterns(language: Language) -> tuple[re.Pattern[str], re.Pattern[str], int]:
    """Dates in words ("26 September 2024") and digits ("30/9/24"), and a weekday
    written before one ("Kamis, ", "Senin, ("), compiled once per language data (of its
    month and weekday names, so kept with the language itself); and the longest weekday
    name (how far back one is looked for)."""
    months = "|".join(sorted(map(re.escape, language.months), key=len, reverse=True))
    weekdays = "|".join(sorted(map(re.escape, language.weekdays), key=len, reverse=True))
    # A date starts at a digit (the pattern opens on one, so the regex engine skips to
    # the digits). The weekday is looked for only before a date found: as an optional
    # group in front, its names were tried at every character of every paragraph (a
    # quarter of a cold build).
    date = re.compile(
        rf"(?P<day>\d\d?)(?:\s+(?P<month>{months})\.?\s+(?P<year>\d{{4}})"
        rf"|/(?P<nmonth>\d{{1,2}})/(?P<nyear>\d{{2}}|\d{{4}})\b)",
        re.IGNORECASE,
    )
    weekday = re.compile(rf"\b(?:{weekdays})\b[\s,]*(?:\(\s*)?\Z", re.IGNORECASE)
    longest = max(map(len, language.weekdays), default=0)
    return date, weekday, longest


# What may stand between a weekday and its date: spaces, commas, an opening bracket.
_WEEKDAY_GAP = frozenset(",(")


def _dates(text: str, language: Language) -> Iterator[tuple[bool, str]]:
    """Each date in ``text``, in order, and whether its weekday is written ("Kamis, 26
    September 2024", "Senin, (30/9/24)"): as they are found, since the first with a
    weekday ends the search."""
    date, weekday, longest = _date_patterns(language)
    after = 0  # where the previous date ended: a weekday is looked for from there on
    for m in date.finditer(text):
        gap = m.start()
        while gap > after and (text[gap - 1].isspace() or text[gap - 1] in _WEEKDAY_GAP):
            gap -= 1
        named = gap < m.start() and weekday.search(text, max(after, gap - longest), m.start()) is not None
        after = m.end()
        day = int(m.group("day"))
        if m.group("month"):
            month, year = language.months[ignorecase_key(m.group("month"))], int(m.group("year"))
        else:
            month, year = int(m.group("nmonth")), int(m.group("nyear"))
            year += 2000 if year < 100 else 0
        if 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100:
            yield named, f"{year:04d}-{month:02d}-{day:02d}"


def sentence_spans(text: str, language: Language | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence. A full stop after "Prof", "Kab", "Dr" or an
    initial does not end a sentence."""
    language = language or load_language()
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in SENTENCE_BOUNDARY_RE.finditer(text):
        before = text[max(start, boundary.start() + 1 - LAST_WORD_CHARS) : boundary.start() + 1]
        last_word = re.search(r"([\w.]+)\.$", before)
        if last_word and boundary.group(1) == ".":
            word = last_word.group(1).lower()
            if word in language.sentence_abbreviations or len(word) == 1 or "." in word and len(word) <= 6:
                continue
        end = boundary.end(2)
        if text[start:end].strip():
            spans.append((start, end))
        start = boundary.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


# How far into a paragraph a word pointing back still opens it ("Rapat yang dilaksanakan
# di Ruang Rapat Pagi itu dipimpin oleh ..."): past that, "itu" and "ini" are the
# paragraph's own business.
REFERS_BACK_WORDS = 10


def refers_back(paragraph: str, language: Language | None = None) -> bool:
    """Whether ``paragraph`` opens by pointing back to the one before ("Pertemuan ini
    berlangsung di ...", "Acara tersebut ..."): what it says is about what that one names."""
    language = language or load_language()
    opening = re.findall(r"\w+", paragraph[: REFERS_BACK_WORDS * 16].lower())[:REFERS_BACK_WORDS]
    return any(word in language.anaphors for word in opening)


def opens_on_an_unnamed_referent(paragraph: str, language: Language) -> bool:
    """Whether ``paragraph`` opens on a thing only the paragraph before names, as its
    subject: "Acara tersebut berlangsung ...", "Hal tersebut juga ditandai ..."
    (unnamed_referents.txt). "Dalam rapat tersebut" says what it was, and "Dalam
    kesempatan itu, Pjs. Bupati ..." goes on about the regent, not the occasion."""
    words = re.findall(r"\w+", paragraph[:40].lower())[:2]
    return len(words) == 2 and words[0] in language.unnamed_referents and words[1] in language.anaphors


def leaves_quote_open(paragraph: str) -> bool:
    """Whether a quotation opened in ``paragraph`` runs on into the next one: news
    writing opens each paragraph of a long quotation and closes only the last."""
    if paragraph.count("“") > paragraph.count("”"):
        return True
    # Straight quotes do not say which way they face: the last one opens a quotation
    # when it stands before a word ('... katanya. "Kita'), not after one ('...," ujar').
    last = paragraph.rfind('"')
    return paragraph.count('"') % 2 == 1 and (last == 0 or paragraph[last - 1].isspace() or paragraph[last - 1] in "(")


def split_passage(paragraph: str, language: Language | None = None, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """``paragraph`` as passages of at most ``limit`` characters (itself when it fits).
    Each is cut after its last sentence end in the second half of the limit, else (a
    sentence longer than half the limit) at its last space there, else (one "word" that
    long: no text, but it must not cost the square of its length) at the limit. Each
    cut looks at ``limit`` characters only, so splitting costs what reading does."""
    language = language or load_language()
    pieces: list[str] = []
    start = 0
    while len(paragraph) - start > limit:
        window = paragraph[start : start + limit]
        cut = _cut(window, language)
        pieces.append(window[:cut].strip())
        start += cut
    pieces.append(paragraph[start:].strip())
    return [piece for piece in pieces if piece]


def _cut(window: str, language: Language) -> int:
    """Where to end the passage that ``window`` starts: see :func:`split_passage`."""
    half = len(window) // 2
    # The last span may be a sentence the window cuts short: only the ends before it are ends.
    ends = [end for _, end in sentence_spans(window, language)[:-1] if end >= half]
    if ends:
        return ends[-1]
    space = max(window.rfind(" ", half), window.rfind("\t", half))
    return space if space > 0 else len(window)


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with "…" after the cut: at the last
    space (any kind) when that keeps at least half of it, else between two characters a
    reader sees as two (not inside an accent, an emoji sequence or a flag)."""
    if len(text) <= limit:
        return text
    end = limit - 1
    space = max((i for i, c in enumerate(text[:end]) if c.isspace()), default=-1)
    end = space if space >= limit // 2 else _character_boundary(text, end)
    cut = text[:end].rstrip(",;:.… \u00a0")
    return (cut or text[:end]) + "…"


# What joins the character before it into one that a reader sees: a zero-width joiner and
# what follows it, variation selectors, emoji skin tones (combining marks by their class).
_JOINING = frozenset("\u200d\ufe0e\ufe0f") | frozenset(map(chr, range(0x1F3FB, 0x1F400)))
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)


def _character_boundary(text: str, end: int) -> int:
    """The nearest place at or before ``end`` where ``text`` can be cut without cutting a
    character a reader sees in two: an accent from its letter, an emoji sequence, a flag
    (two regional indicators)."""
    while end > 0 and (unicodedata.combining(text[end]) or text[end] in _JOINING or text[end - 1] == "\u200d"):
        end -= 1
    indicators = 0
    while end - indicators > 0 and ord(text[end - indicators - 1]) in _REGIONAL_INDICATORS:
        indicators += 1
    return end - 1 if indicators % 2 and ord(text[end]) in _REGIONAL_INDICATORS else end


def fallback_title(paragraph: str) -> str:
    """A headline for an article without one: its first sentence, shortened at a word."""
    match = DATELINE_RE.match(paragraph)
    text = paragraph[match.end() :] if match and opens_with_dateline(paragraph) else paragraph
    first = sentence_spans(text)[:1]
    sentence = text[first[0][0] : first[0][1]] if first else text
    if len(sentence) <= TITLE_FALLBACK_CHARS:
        return sentence
    cut = sentence[:TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


# The patterns cost time linear in a line's length, however long: no part that can repeat
# may run past the next place a match could start ("[", "*", "("), or a line of "[[[["
# would cost the square of its length.
MARKDOWN_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+")  # then the rest, less closing #s
MARKDOWN_URL = r"\((?:[^()]|\([^()]*\))*\)"  # one level of brackets: "(.../Foo_(bar))"
MARKDOWN_INLINE = (
    (re.compile(r"!\[[^\[\]]*\]" + MARKDOWN_URL), ""),  # images
    (re.compile(r"\[([^\[\]]+)\]" + MARKDOWN_URL), r"\1"),  # links: their text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold: the next ** or __ closes
    (re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`]+)`"), r"\1"),  # code
)
MARKDOWN_RULE_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
# A list item ("- 214 warga mengungsi", "2. Jalan ditutup"): a paragraph of its own, as
# the reader sees it, where its lines ran together with the list's other items.
MARKDOWN_ITEM_RE = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(?=\S)")


def markdown_to_text(text: str) -> str:
    """A Markdown article as plain text: its first heading kept as the headline, later
    headings (section titles, which a reader does not count as paragraphs) and rules
    dropped, each list item a paragraph, links, emphasis and code reduced to their words."""
    lines: list[str] = []
    seen_heading = False
    for line in text.replace("\r\n", "\n").split("\n"):
        heading = MARKDOWN_HEADING_RE.match(line)
        if heading:
            words = line[heading.end() :].rstrip().rstrip("#").rstrip()
            lines.extend(["", words, ""] if not seen_heading else [""])
            seen_heading = True
            continue
        if MARKDOWN_RULE_RE.match(line):
            lines.append("")
            continue
        item = MARKDOWN_ITEM_RE.match(line)
        if item:
            lines.append("")
            line = line[item.end() :]
        for pattern, replacement in MARKDOWN_INLINE:
            line = pattern.sub(replacement, line)
        lines.append(line)
    return "\n".join(lines)


def parse_article(text: str, language: Language | None = None) -> Article:
    """Headline, outlet, date and body paragraphs of one article's text, a paragraph
    longer than MAX_PASSAGE_CHARS split into passages (see :class:`Article`)."""
    language = language or load_language()
    header, text = split_header(text)
    title: str | None = None
    source: str | None = None
    url_source: str | None = None
    paragraphs: list[str] = []
    captions: list[str] = []
    first_lines = [line for line in text.splitlines()[:5] if line.strip()]
    own_url = header.url or (article_url(first_lines[0]) if first_lines else None)
    for line in ([own_url] if own_url else []) + first_lines:
        url = URL_RE.match(line.strip())
        if url and " " not in line.strip() and len(url.group(1)) <= DOMAIN_MAX_CHARS:
            url_source = url_source or url.group(1).lower()
    for block, joined in _blocks(text, language):
        if (joined and boilerplate_action(block, language)) or not shows_text(block):
            continue  # furniture, or marks a reader does not see (a lone right-to-left mark)
        block_source = dateline_source(block, language) if len(paragraphs) < DATELINE_WITHIN else None
        if block_source and not source:
            source = block_source
        elif len(block) <= MAX_PASSAGE_CHARS and is_caption(block, language):  # a caption is short
            if block not in captions:  # a caption repeated under a second photo
                captions.append(block)
            continue
        elif not paragraphs and not opens_with_dateline(block, language) and looks_like_headline(block):
            # Before the body: the headline, or photo alt text / the headline repeated.
            title = title or block
            continue
        paragraphs.append(without_byline(block, language))
    if not paragraphs and title:  # a one-line article: its only line is its text
        paragraphs.append(title)
    date = header_date(header.date, language) or find_date(paragraphs + captions, language)
    passages, numbers = split_paragraphs(paragraphs, language)
    title = header.title if header.title and shows_text(header.title) else title
    if title is None and passages:
        title = fallback_title(passages[0])
    if title is not None:
        title = shortened(title, HEADLINE_MAX_CHARS)  # a "Title:" line of a megabyte is shown with every answer
    return Article(
        title=title,
        source=header.outlet or source or url_source,
        date=date,
        paragraphs=passages,
        captions=tuple(captions),
        numbers=numbers,
        url=own_url,
    )


def header_date(value: str | None, language: Language) -> str | None:
    """A header's "Date:" as ISO ``YYYY-MM-DD``: written so, or in words or digits as
    :func:`find_date` reads them ("Kamis, 26 September 2024")."""
    if not value:
        return None
    if ISO_DATE_RE.match(value[:10]):
        try:  # "9999-99-99" is no date: the article's own text may give one
            return datetime.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return find_date([value], language)


def split_paragraphs(paragraphs: Sequence[str], language: Language) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The passages of ``paragraphs`` (see :func:`split_passage`) and, for each, the
    number of its paragraph: a reader told "paragraph 7" counts paragraphs, not passages."""
    passages: list[str] = []
    numbers: list[int] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        pieces = split_passage(paragraph, language) if len(paragraph) > MAX_PASSAGE_CHARS else [paragraph]
        passages.extend(pieces)
        numbers.extend([number] * len(pieces))
    return tuple(passages), tuple(numbers)
