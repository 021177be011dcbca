"""Question shapes written as word patterns in data files ("what did * say",
"* ditunjuk oleh siapa"): the parts between the "*"s, matched in order from the
question's first word."""

from __future__ import annotations

from collections.abc import Iterable

Pattern = tuple[tuple[str, ...], ...]


def read_patterns(lines: Iterable[str]) -> tuple[Pattern, ...]:
    """Each line as its parts between the "*"s, each part its lower-cased words; a line
    opening with "*" has an empty first part (it may start anywhere)."""
    return tuple(tuple(tuple(part.lower().split()) for part in line.split("*")) for line in lines)


def follows_pattern(words: tuple[str, ...], parts: Pattern) -> bool:
    """Whether ``words`` open with the first of ``parts`` and hold each next one after the
    one before (what stood between them was a "*")."""
    return pattern_gap(words, parts) is not None


def pattern_gap(words: tuple[str, ...], parts: Pattern) -> tuple[int, int] | None:
    """Where the words after ``parts``' first part start and end: up to the second part
    ("what did [Sisardi] say"), or to the end when there is none ("apa kata [Sisardi
    soal ASN]"); None when ``words`` do not follow ``parts``."""
    first, *rest = parts
    if words[: len(first)] != first:
        return None
    at = len(first)
    gap = (at, len(words))
    for number, part in enumerate(rest):
        found = next((i for i in range(at, len(words) - len(part) + 1) if words[i : i + len(part)] == part), None)
        if found is None:
            return None
        if number == 0:
            gap = (at, found)
        at = found + len(part)
    return gap
