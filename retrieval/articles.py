"""An article as the index sees it: which of a question's terms it holds anywhere, and
which of its paragraphs may name a place, told by the postings instead of read.

The no-answer evidence asks whether a question's specific words stand anywhere in the
answer's article, and the place filter whether an article names the asked-for place.
Read from the texts, that was every paragraph of every article a question reaches,
analysed: at a million paragraphs, a third of an answer's time. An article's passages
are numbered in a row and each term's postings are ascending passage numbers, so
"does the article hold this term" is one binary search. What the index does not hold
as written is still read: the photo captions (indexed less their label, credit and what
the article already says). The headline, indexed only beside the paragraphs that lack
it, is read as its terms, which the index stores by document (library.indexed_terms);
which passages are captions, from the flags it stores by passage (retrieval.passage_flags).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import numpy as np

from retrieval.chunking import caption_text
from retrieval.library import Library
from retrieval.places import PlaceName, naming_term_sets, naming_terms

# The most times the index counts a term in one passage (its frequencies are uint16).
MAX_COUNT = np.iinfo(np.uint16).max

# Articles whose captions are kept (a range each): a question's candidates and the
# articles the place rule reads share many, and telling an article's captions reads its
# last passage.
CAPTION_CACHE = 65536

# Terms whose postings are kept: the place rule asks the same term of every article a
# question reaches (a view of the index's arrays; over several segments, a copy).
POSTINGS_CACHE = 16


class ArticleIndex:
    """Per article of one Library: its passages, and what its postings say of them."""

    def __init__(self, library: Library) -> None:
        self.library = library
        # A sharded index (retrieval.cluster) keeps its postings in its shards: there,
        # the texts are read as before.
        self.has_postings = len(library.index.segments) > 0
        # A question names a place or two; the articles it reaches ask for their terms each.
        self._naming_terms = lru_cache(maxsize=256)(lambda place: naming_term_sets(place, library.analyzer))
        # ... and those of its first word alone, which a shorter reading of it shares.
        self._first_word_terms = lru_cache(maxsize=256)(lambda place: naming_terms(place, library.analyzer))
        # The terms of document ``owner``'s headline, in order, as stored by the index.
        # Read twice for most candidates, as its terms (title_terms) and in order (own_terms).
        self.heading_terms = lru_cache(maxsize=4096)(library.passages.heading_terms)
        self.captions_of = lru_cache(maxsize=CAPTION_CACHE)(self._captions_of)
        # ... and as a set: the terms a headline adds to each of its paragraphs. The
        # candidates of a question share articles.
        self.title_terms = lru_cache(maxsize=4096)(lambda owner: frozenset(self.heading_terms(owner)))
        # The place rule, the captions and the evidence each ask for an article's passages.
        self.passages = lru_cache(maxsize=CAPTION_CACHE)(self._passages)
        self._docs = lru_cache(maxsize=POSTINGS_CACHE)(lambda term: library.index.term_postings(term)[0])

    def _passages(self, owner: int) -> range:
        """The passages of document ``owner``: its paragraphs, in order, numbered in a row
        (:attr:`passages`, which keeps them)."""
        owners = self.library.passages.owners
        key = owners.dtype.type(owner)  # of the array's type: another would have numpy convert the whole array
        return range(int(owners.searchsorted(key, side="left")), int(owners.searchsorted(key, side="right")))

    def captions(self, passages: range) -> range:
        """The article's photo captions: its last passages, after at least one paragraph
        (as chunking.caption_count counts them, by the flags the index keeps of them)."""
        is_caption = self.library.passages.is_caption
        first = passages.stop
        while first - 1 > passages.start and is_caption(first - 1):
            first -= 1
        return range(first, passages.stop)

    def _captions_of(self, owner: int) -> range:
        """The captions of document ``owner`` (:meth:`captions`)."""
        return self.captions(self.passages(owner))

    def holding(self, term: str, passages: range) -> list[int]:
        """The ``passages`` indexed under ``term``. Most terms the place rules ask of an
        article stand in none of its passages: those are told without slicing the postings."""
        docs = self._docs(term)
        low, high = docs.searchsorted(np.array([passages.start, passages.stop], dtype=docs.dtype)).tolist()
        return docs[low:high].tolist() if low < high else []

    def holds(self, term: str, passages: range) -> bool:
        docs = self._docs(term)
        at = int(docs.searchsorted(docs.dtype.type(passages.start)))
        return at < len(docs) and int(docs[at]) < passages.stop

    def terms_held(self, owner: int, asked: Iterable[str]) -> frozenset[str]:
        """The terms of ``asked`` that stand anywhere in the article, headline included:
        what analysing its headline and every paragraph would find of them. Not a photo
        caption's credit: "Foto:Kholid/Sumateraekspres" does not make Kholid someone the
        article writes about ("Apa kata Kholid ...?")."""
        analyzer = self.library.analyzer
        language = analyzer.language
        passages = self.passages(owner)
        captions = self.captions_of(owner)
        paragraphs = range(passages.start, captions.start)
        texts = self.library.passages.texts
        asked = frozenset(asked)
        if self.has_postings:
            held = {term for term in asked if self.holds(term, paragraphs)}
        else:
            held = set(asked.intersection(t for p in paragraphs for t in analyzer.terms(texts[p])))
        held |= asked.intersection(self.title_terms(owner))
        for caption in captions:
            held |= asked.intersection(analyzer.terms(caption_text(texts[caption], language)))
        return frozenset(held)

    def own_terms(
        self,
        passages: Sequence[int],
        texts: Sequence[str],
        asked: Iterable[str],
        titles: Sequence[str] | None = None,
        counts: np.ndarray | None = None,
        owners: Sequence[int] | None = None,
        headed: Sequence[frozenset[str]] | None = None,
    ) -> list[frozenset[str] | None]:
        """Per passage (whose text, as the index holds it, is in ``texts``), the terms of ``asked`` its own text
        holds: those it is indexed under more often than its headline, indexed with
        every paragraph that does not hold it, has them. None where the index cannot
        tell: a photo caption, indexed less its label, credit and what its article says
        already (and a count past what the index stores). ``titles``: each passage's
        headline, when the caller has read them; ``counts``: the index's
        ``frequency_matrix`` of the sorted ``asked`` and ``passages``, when the caller
        has read it; ``owners``: each passage's document, and ``headed``: the terms its
        headline adds to it (:meth:`headline_adds`), when the caller has them (the
        ranker's candidates need both for their contexts too)."""
        if not self.has_postings:
            return [None] * len(passages)
        terms = sorted(frozenset(asked))
        wanted = np.asarray(passages, dtype=np.int64)
        if counts is None:
            counts = self.library.index.frequency_matrix(terms, wanted)
        capped = np.asarray((counts >= MAX_COUNT).any(axis=0)).tolist()
        if owners is None:
            owners = self.library.passages.owners[wanted].tolist()
        if titles is None:
            titles = [self.library.passages.titles[owner] for owner in owners]
        if headed is None:
            headed = [self.headline_adds(owner, text, title) for owner, text, title in zip(owners, texts, titles)]
        is_caption = self.library.passages.is_caption
        result: list[frozenset[str] | None] = []
        for passage, column, unsure, owner, said in zip(wanted.tolist(), counts.T.tolist(), capped, owners, headed):
            if unsure:
                result.append(None)
                continue
            held = [(t, count) for t, count in zip(terms, column) if count]
            # The headline, indexed with each paragraph that does not hold it (``said``).
            in_headline = bool(said) and any(t in said for t, _ in held)
            # A caption is indexed without its headline's terms (Analyzer.caption_terms):
            # a passage indexed under one is none, and is not asked whether it is one.
            if not in_headline and is_caption(passage) and passage in self.captions_of(owner):
                result.append(None)
                continue
            # Counted in the headline only where it has a held term: most hold none of
            # its terms, and their headline's are not unpacked again.
            heading = self.heading_terms(owner) if in_headline else ()
            result.append(frozenset(t for t, count in held if t not in said or count > heading.count(t)))
        return result

    def headline_adds(self, owner: int, text: str, headline: str) -> frozenset[str]:
        """The terms the headline ``headline`` of document ``owner`` adds to its passage
        ``text``: its terms, indexed with each paragraph that does not write it; none for
        one that does."""
        return frozenset() if headline.rstrip("…") in text else self.title_terms(owner)

    def may_name(self, owner: int, place: PlaceName) -> tuple[int, ...] | None:
        """The positions in the article of the paragraphs that may name ``place``: those
        indexed under a term of each of places.naming_term_sets (of its name's first
        word; of each word of an office's place), and the captions. The others cannot.
        None when the terms cannot tell."""
        indexed = self._indexed_naming(owner, place)
        if indexed is None:
            return None
        start = self.passages(owner).start
        return tuple(sorted({*indexed, *(p - start for p in self.captions_of(owner))}))

    def may_name_in_turn(self, owner: int, place: PlaceName) -> Iterator[int] | None:
        """:meth:`may_name`'s positions as the place rule reads them, until one names the
        place: the paragraphs indexed under its terms, then the captions, which are
        told only by reading the article's last passages."""
        indexed = self._indexed_naming(owner, place)
        if indexed is None:
            return None
        return self._then_captions(owner, indexed)

    def never_indexed_naming(self, owner: int, place: PlaceName) -> bool:
        """Whether none of the article's passages is indexed under a term of the place's
        first word (places.naming_terms), every name of it holding that word: then none of
        its paragraphs names the place, nor a shorter place of the same first word (an
        office's place read shorter). A binary search a term, where :meth:`may_name_in_turn`
        slices each term's postings. False when the terms cannot tell."""
        terms = self._first_word_terms(place) if self.has_postings else None
        if terms is None:
            return False
        passages = self.passages(owner)
        return not any(self.holds(term, passages) for term in terms)

    def _then_captions(self, owner: int, indexed: tuple[int, ...]) -> Iterator[int]:
        yield from indexed
        start = self.passages(owner).start
        yield from (p - start for p in self.captions_of(owner) if p - start not in indexed)

    def _indexed_naming(self, owner: int, place: PlaceName) -> tuple[int, ...] | None:
        """The positions of the article's paragraphs indexed under a term of each of
        places.naming_term_sets (the place's first word; an office's place, each of its
        words): None when the terms cannot tell."""
        sets = self._naming_terms(place) if self.has_postings else None
        if sets is None:
            return None
        passages = self.passages(owner)
        found: set[int] | None = None
        for terms in sets:  # a paragraph indexed under a term of each set
            holding = {p for term in terms for p in self.holding(term, passages)}
            found = holding if found is None else found & holding
            if not found:
                break
        return tuple(sorted(p - passages.start for p in found or ()))
