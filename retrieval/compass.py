"""Compass points in place names: English puts the point before the name ("South
Bengkulu"), Indonesian after it and in its own word ("Bengkulu Selatan"). The pairs are
data/compass_points.tsv."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.language import Language


def indonesian_order(words: Sequence[str], language: Language) -> tuple[str, ...] | None:
    """An English name with its compass point first, as Indonesian writes it: the point
    last and in Indonesian (south, bengkulu: bengkulu, selatan). None when the first
    word is no compass point, or is the whole name."""
    point = language.compass_points.get(words[0]) if len(words) > 1 else None
    return (*words[1:], point) if point is not None else None
