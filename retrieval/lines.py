"""Lines read with a bound on what is kept of each. An input with no line break (a pipe
from /dev/zero, a binary file named as a question file) must not be held whole in
memory: past the bound the rest of the line is read in chunks, counted and dropped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

# Far past any question (refused past 1,000 characters) or JSON line of a question file.
LINE_CHARS = 1 << 20
CHUNK_CHARS = 1 << 16


@dataclass(frozen=True)
class BoundedLine:
    text: str  # the line less its line break; only its first ``keep + 1`` characters when longer
    length: int  # the whole line's length, its break aside

    @property
    def cut(self) -> bool:
        return self.length > len(self.text)


def bounded_lines(stream: TextIO, keep: int = LINE_CHARS, measure: bool = True) -> Iterator[BoundedLine]:
    """Each line of ``stream``; of one longer than ``keep``, ``keep + 1`` characters
    (enough to tell it is too long) and its full length, or with ``measure`` False its
    first ``keep`` and no more read of it (its length then only at least ``keep + 1``:
    for a reader that stops there). A byte order mark opening the stream (a file saved
    by Notepad, piped in) is no text: the first line comes without it."""
    lines = _bounded_lines(stream, keep, measure)
    first = next(lines, None)
    if first is None:
        return
    if first.text.startswith("\ufeff"):
        first = BoundedLine(first.text[1:], first.length - 1)
    yield first
    yield from lines


def _bounded_lines(stream: TextIO, keep: int, measure: bool) -> Iterator[BoundedLine]:
    while True:
        line = stream.readline(keep + 1)
        if not line:
            return
        if line.endswith("\n") or len(line) <= keep:
            text = _without_break(line)
            yield BoundedLine(text, len(text))
            continue
        length = len(line)
        if not measure:
            yield BoundedLine(line[:keep], length)
            continue
        while True:
            rest = stream.readline(CHUNK_CHARS)
            if not rest or rest.endswith("\n"):
                length += len(_without_break(rest))
                break
            length += len(rest)
        yield BoundedLine(line, length)


def _without_break(line: str) -> str:
    """``line`` less its line break, "\\n" or "\\r\\n"."""
    return line.removesuffix("\n").removesuffix("\r")
