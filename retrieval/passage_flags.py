"""What the answer path asks of a passage from its text alone, worked out once, as the
index is built, and kept as bits of one byte a passage.

The re-ranker asks of each candidate whether it is a photo caption and whether it
continues the paragraph before it (a quotation left open there, or its opening words
pointing back: "Pertemuan ini ..."). Asked of the texts, that was two or three regex
searches a candidate, some 50,000 a thousand questions at a million paragraphs, for
answers that never change under one index. Both depend on the passage and the one
before it in its article only, and a segment holds whole articles: so they are worked
out article by article, and stay true however segments are chained, merged or have
articles deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from retrieval.chunking import is_caption, leaves_quote_open, refers_back
from retrieval.language import Language

# The bits.
CAPTION = 1  # chunking.is_caption
CONTINUES = 2  # the passage before, of the same article, leaves a quotation open, or this one refers back to it
KNOWN = CAPTION | CONTINUES


def article_flags(passages: Sequence[str], language: Language) -> Iterator[int]:
    """The flags of one article's passages, in order."""
    for i, text in enumerate(passages):
        flags = CAPTION if is_caption(text, language) else 0
        if i and (leaves_quote_open(passages[i - 1]) or refers_back(text, language)):
            flags |= CONTINUES
        yield flags


def passage_flags(articles: Iterable[Sequence[str]], language: Language) -> np.ndarray:
    """The flags of every passage of ``articles`` (each its passages, in order), end to
    end: uint8, one a passage."""
    return np.fromiter((f for passages in articles for f in article_flags(passages, language)), dtype=np.uint8)
