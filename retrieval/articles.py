"""An article as the index sees it: which of a question's terms it holds anywhere, and
which of its paragraphs may name a place, told by the postings instead of read.

The no-answer evidence asks whether a question's specific words stand anywhere in the
answer's article, and the place filter whether an article names the asked-for place.
Read from the texts, that was every paragraph of every article a question reaches,
analysed: at a million paragraphs, a third of an answer's time. An article's passages
are numbered in a row and each term's postings are ascending passage numbers, so
"does the article hold this term" is one binary search. What the index does not hold
as written is still read: the headline (indexed only beside the paragraphs that lack
it) and the photo captions (indexed less their label, credit and what the article
already says).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from retrieval.chunking import is_caption
from retrieval.library import Library
from retrieval.places import PlaceName, naming_terms

# The most times the index counts a term in one passage (its frequencies are uint16).
MAX_COUNT = np.iinfo(np.uint16).max


class ArticleIndex:
    """Per article of one Library: its passages, and what its postings say of them."""

    def __init__(self, library: Library) -> None:
        self.library = library
        # A sharded index (retrieval.cluster) keeps its postings in its shards: there,
        # the texts are read as before.
        self.has_postings = len(library.index.segments) > 0
        # A question names a place or two; the articles it reaches ask for their terms each.
        self._naming_terms = lru_cache(maxsize=256)(lambda place: naming_terms(place, library.analyzer))
        # The terms of a headline, counted: the candidates of a question share headlines.
        self.heading_counts = lru_cache(maxsize=4096)(lambda title: Counter(library.analyzer.terms(title)))

    def passages(self, owner: int) -> range:
        """The passages of document ``owner``: its paragraphs, in order, numbered in a row."""
        owners = self.library.passages.owners
        key = owners.dtype.type(owner)  # of the array's type: another would have numpy convert the whole array
        return range(int(owners.searchsorted(key, side="left")), int(owners.searchsorted(key, side="right")))

    def captions(self, passages: range) -> range:
        """The article's photo captions: its last passages, after at least one paragraph
        (as chunking.caption_count counts them, reading only those)."""
        texts = self.library.passages.texts
        language = self.library.analyzer.language
        first = passages.stop
        while first - 1 > passages.start and is_caption(texts[first - 1], language):
            first -= 1
        return range(first, passages.stop)

    def holding(self, term: str, passages: range) -> np.ndarray:
        """The ``passages`` indexed under ``term``."""
        docs = self.library.index.term_postings(term)[0]
        low, high = docs.searchsorted(np.array([passages.start, passages.stop], dtype=docs.dtype))
        return docs[low:high]

    def holds(self, term: str, passages: range) -> bool:
        docs = self.library.index.term_postings(term)[0]
        at = int(docs.searchsorted(docs.dtype.type(passages.start)))
        return at < len(docs) and int(docs[at]) < passages.stop

    def terms_held(self, owner: int, asked: Iterable[str]) -> frozenset[str]:
        """The terms of ``asked`` that stand anywhere in the article, headline included:
        what analysing its headline and every paragraph would find of them."""
        analyzer = self.library.analyzer
        passages = self.passages(owner)
        asked = frozenset(asked)
        if not self.has_postings:
            texts = self.library.passages.texts
            return asked.intersection(t for p in passages for t in analyzer.terms(texts[p])) | asked.intersection(
                analyzer.terms(self.library.passages.titles[owner])
            )
        held = {term for term in asked if self.holds(term, passages)}
        held |= asked.intersection(analyzer.terms(self.library.passages.titles[owner]))
        texts = self.library.passages.texts
        for caption in self.captions(passages):
            held |= asked.intersection(analyzer.terms(texts[caption]))
        return frozenset(held)

    def own_terms(self, passages: Sequence[int], texts: Sequence[str], asked: Iterable[str]) -> list[frozenset[str] | None]:
        """Per passage (whose text is in ``texts``), the terms of ``asked`` its own text
        holds: those it is indexed under more often than its headline, indexed with
        every paragraph that does not hold it, has them. None where the index cannot
        tell: a photo caption, indexed less its label, credit and what its article says
        already (and a count past what the index stores)."""
        index = self.library.index
        if not self.has_postings:
            return [None] * len(passages)
        terms = sorted(frozenset(asked))
        wanted = np.asarray(passages, dtype=np.int64)
        counts = np.zeros((len(terms), len(wanted)), dtype=np.int64)
        for row, term in enumerate(terms):
            counts[row] = index.frequencies_in(term, wanted)
        capped = np.asarray((counts >= MAX_COUNT).any(axis=0)).tolist()
        titles = self.library.passages.titles
        owners = self.library.passages.owners
        result: list[frozenset[str] | None] = []
        for passage, text, column, unsure in zip(wanted.tolist(), texts, counts.T.tolist(), capped):
            owner = int(owners[passage])
            if unsure or self._is_caption(passage, owner, text):
                result.append(None)
                continue
            title = titles[owner].rstrip("…")
            heading = {} if title in text else self.heading_counts(title)
            result.append(frozenset(t for t, count in zip(terms, column) if count > heading.get(t, 0)))
        return result

    def _is_caption(self, passage: int, owner: int, text: str) -> bool:
        """Whether ``passage`` (whose text is ``text``) is one of its article's captions:
        its own text first, which settles it for nearly every passage."""
        return is_caption(text, self.library.analyzer.language) and passage in self.captions(self.passages(owner))

    def may_name(self, owner: int, place: PlaceName) -> tuple[int, ...] | None:
        """The positions in the article of the paragraphs that may name ``place``: those
        indexed under a term its name's first word yields, and the captions. The others
        cannot (see places.naming_terms). None when the terms cannot tell."""
        terms = self._naming_terms(place) if self.has_postings else None
        if terms is None:
            return None
        passages = self.passages(owner)
        found = {int(p) for term in terms for p in self.holding(term, passages)}
        found.update(self.captions(passages))
        return tuple(sorted(p - passages.start for p in found))
