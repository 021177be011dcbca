"""Question shapes written as word patterns in data files ("what did * say",
"* oleh siapa"): the parts between the "*"s, matched in order from the question's
first word."""

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
    first, *rest = parts
    if words[: len(first)] != first:
        return False
    at = len(first)
    for part in rest:
        found = next((i for i in range(at, len(words) - len(part) + 1) if words[i : i + len(part)] == part), None)
        if found is None:
            return False
        at = found + len(part)
    return True
