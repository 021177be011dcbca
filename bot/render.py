"""Renderers: a presenter Message as Telegram HTML, or as terminal text."""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
from typing import TextIO

from bot.presenter import Line, Message, Segment, without_bidi_controls

TELEGRAM_LIMIT = 4096

# "code": a fixed-width line (the /stats table, whose columns must line up).
# A word and the spaces after it: the unit wrapping breaks between.
WORD_RE = re.compile(r"\S+\s*|\s+")
HTML_TAGS = {"match": "b", "title": "b", "heading": "b", "meta": "i", "note": "i", "code": "code"}

ANSI = {"match": "\033[1;33m", "title": "\033[1m", "heading": "\033[1m", "meta": "\033[2m", "note": "\033[33m", "link": "\033[4m"}
ANSI_RESET = "\033[0m"
# Only web addresses become links: a "javascript:" or "tg:" one in an article file stays text.
LINK_SCHEMES = ("http://", "https://")


def _html_segment(segment: Segment) -> str:
    shown = without_bidi_controls(segment.text)
    escaped = html.escape(shown, quote=False)
    if segment.style == "link":
        href = shown.strip()
        if escaped and href.lower().startswith(LINK_SCHEMES) and not any(c.isspace() for c in href):
            return f'<a href="{html.escape(href, quote=True)}">{escaped}</a>'
        return escaped
    tag = HTML_TAGS.get(segment.style)
    return f"<{tag}>{escaped}</{tag}>" if tag and escaped else escaped


def render_html(message: Message) -> str:
    """The whole message as Telegram HTML; every string escaped, every tag closed, no
    bidirectional control kept (see ``presenter.BIDI_CONTROLS_RE``)."""
    return "\n".join("".join(_html_segment(s) for s in line) for line in message.lines)


def render_html_parts(message: Message, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The message as Telegram HTML messages of at most ``limit`` characters each,
    split between paragraphs where possible, each part's tags balanced."""
    parts: list[str] = []
    current = ""
    for line in message.lines:
        for piece in _line_pieces(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current.strip():
                    parts.append(current.strip("\n"))
                current = piece
    if current.strip():
        parts.append(current.strip("\n"))
    return parts or [""]


def _line_pieces(line: Line, limit: int) -> list[str]:
    """A line's HTML, cut at word boundaries into pieces within ``limit`` when it is
    longer; a styled run that is cut is closed and reopened."""
    rendered = "".join(_html_segment(s) for s in line)
    if len(rendered) <= limit:
        return [rendered]
    # Escaping can grow a character fivefold ("&" -> "&amp;"), tags add a few more.
    longest_word = max(1, (limit - 16) // 5)
    pieces: list[str] = []
    current = ""
    for segment in line:
        for word in _words(segment.text):
            bits = [word[i : i + longest_word] for i in range(0, len(word), longest_word)]
            for bit in bits:
                chunk = _html_segment(Segment(bit, segment.style))
                if current and len(current) + len(chunk) > limit:
                    pieces.append(current)
                    current = ""
                current += chunk
    if current:
        pieces.append(current)
    return pieces


def _words(text: str) -> list[str]:
    """``text`` as words each with the spaces after it, so joining gives it back."""
    words: list[str] = []
    start = 0
    for i in range(1, len(text)):
        if text[i - 1].isspace() and not text[i].isspace():
            words.append(text[start:i])
            start = i
    if start < len(text):
        words.append(text[start:])
    return words


def use_color(stream: TextIO, no_color: bool) -> bool:
    """ANSI styles only on a terminal that shows them: never when NO_COLOR is set, nor
    on TERM=dumb (an editor's shell buffer), which prints them as ^[[1m."""
    return not no_color and stream.isatty() and os.environ.get("TERM") != "dumb"


def render_terminal(message: Message, color: bool) -> str:
    """The message for a terminal: ANSI styles when ``color``, plain text otherwise;
    without bidirectional controls either way (see ``presenter.BIDI_CONTROLS_RE``)."""
    if not color:
        return without_bidi_controls(message.plain)
    lines = []
    for line in message.lines:
        lines.append("".join(f"{ANSI[s.style]}{s.text}{ANSI_RESET}" if s.style in ANSI else s.text for s in line))
    return without_bidi_controls("\n".join(lines))


def terminal_width() -> int | None:
    """The terminal's columns, or None when standard output is not a terminal (piped
    output is not wrapped: the reader's own tools do that)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def wrap_message(message: Message, width: int) -> Message:
    """Each line of ``message`` broken between words so that none is wider than ``width``
    (a word longer than that, a URL say, keeps its own line). Styles are kept, so a
    highlighted phrase stays highlighted across the break."""
    lines: list[Line] = []
    for line in message.lines:
        lines.extend(_wrap_line(line, max(width, 20)))
    return Message(tuple(lines))


def _wrap_line(line: Line, width: int) -> list[Line]:
    if sum(len(segment.text) for segment in line) <= width:
        return [line]
    wrapped: list[Line] = []
    current: list[Segment] = []
    used = 0
    for segment in line:
        for word in WORD_RE.findall(segment.text):
            if used and used + len(word.rstrip()) > width:
                wrapped.append(_trimmed(current))
                current, used = [], 0
                word = word.lstrip()
                if not word:
                    continue
            current.append(Segment(word, segment.style))
            used += len(word)
    if current:
        wrapped.append(_trimmed(current))
    return wrapped


def _trimmed(segments: list[Segment]) -> Line:
    """A wrapped line without the spaces it ended on; neighbouring words of one style joined."""
    joined: list[Segment] = []
    for segment in segments:
        if joined and joined[-1].style == segment.style:
            joined[-1] = Segment(joined[-1].text + segment.text, segment.style)
        else:
            joined.append(segment)
    if joined:
        joined[-1] = Segment(joined[-1].text.rstrip(), joined[-1].style)
    return tuple(joined)
