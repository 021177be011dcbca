"""Mending misspelt question words against the index's own vocabulary."""

from __future__ import annotations

from collections.abc import Callable, Iterable

# Short words have too many neighbours to guess from.
MIN_LENGTH = 4


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of two letters costs 1); anything
    over ``limit`` is reported as ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class Speller:
    """Suggests the most frequent vocabulary term within one or two edits."""

    def __init__(self, terms: Iterable[str], frequency: Callable[[str], int]) -> None:
        self._terms = terms
        self._frequency = frequency
        self._by_prefix: dict[str, list[str]] | None = None

    def _buckets(self) -> dict[str, list[str]]:
        # Built on first use: most questions are spelt right.
        if self._by_prefix is None:
            buckets: dict[str, list[str]] = {}
            for term in self._terms:
                if len(term) >= MIN_LENGTH - 1 and term.isalpha():
                    buckets.setdefault(term[:2], []).append(term)
            self._by_prefix = buckets
        return self._by_prefix

    def suggest(self, word: str) -> str | None:
        if len(word) < MIN_LENGTH or not word.isalpha():
            return None
        limit = 1 if len(word) < 8 else 2
        best: tuple[int, int, str] | None = None
        for term in self._buckets().get(word[:2], ()):
            distance = edit_distance(word, term, limit)
            if distance <= limit:
                key = (distance, -self._frequency(term), term)
                if best is None or key < best:
                    best = key
        return best[2] if best else None
