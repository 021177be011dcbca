"""The place filter of the answer path: the places a question names, and whether an
article is about another place than those, so that its passages are dropped before
ranking ("Kabupaten Lebong": Rejang Lebong's articles fill a large archive's first
candidates).

It reads the rules of retrieval.places over whole articles, through what the index says
of each (retrieval.articles: most paragraphs are never read), and keeps its verdicts:
questions on one place reach many of the same articles. The Searcher builds one by
default and takes another from outside (``Searcher(library, place_filter=...)``), as it
takes its no-answer decision; its decision rules and its succession filter ask the same
object for the places a question names and the shorter places an office's place may be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Protocol

import numpy as np

from retrieval.analysis import Analyzer, Question
from retrieval.articles import ArticleIndex
from retrieval.index import Hit
from retrieval.library import Library, Subset
from retrieval.places import (
    OFFICE,
    PlaceName,
    about_another_place,
    first_word_forms,
    named_places,
    names_place,
    offices_held_for_others,
    only_at_another_level,
    place_level,
    place_needles,
    surely_a_place,
)

# Verdicts of the place rule kept (article, place): a place question reads up to a
# hundred articles.
PLACE_VERDICTS = 65536


class PlaceStage(Protocol):
    """What the Searcher asks of a place filter: another one (a stored gazetteer, none at
    all) is passed in as ``Searcher(library, place_filter=...)``."""

    def places(self, question: Question) -> tuple[PlaceName, ...]: ...

    def filter(self, hits: list[Hit], places: tuple[PlaceName, ...], wanted: int) -> list[Hit]: ...

    def holder_readings(self, owner: int, place: PlaceName) -> tuple[PlaceName, ...]: ...


class PlaceFilter:
    """The place filter over one Library. ``articles`` is the Searcher's ArticleIndex,
    whose caches the other stages share; ``known_word`` tells whether the archive holds
    a term of a word, ``unknown_word`` whether a word has terms and the archive holds
    none of them (a misspelling, or a word no article uses).

    Its surface, each verdict kept per question or per article:
    ``filter(hits, places, wanted)``: the hits whose article is not about another place;
    ``places(question)``: the places the question names, which it filters by;
    ``article_about_another_place(owner, places)``: its verdict on one article;
    ``holder_readings(owner, place)``: the shorter places an office's place may be in
    an article that writes the words after one as the holder's name."""

    def __init__(
        self,
        library: Library,
        articles: ArticleIndex,
        known_word: Callable[[str], bool],
        unknown_word: Callable[[str], bool],
    ) -> None:
        self.library = library
        self._articles = articles
        self._known_word = known_word
        self._unknown_word = unknown_word
        self.article_about_another_place = lru_cache(maxsize=4096)(self._document_about_another_place)
        # Whether an article names a place, by (article, place, the question's needles):
        # questions on one place reach many of the same articles.
        self._names_place = lru_cache(maxsize=PLACE_VERDICTS)(self._document_names_place)
        # The places a question names, asked by the filter and, for each passage judged, by
        # the decision.
        self.places = lru_cache(maxsize=64)(self._read_places)
        # ... and the shorter places an office's place may be in each article (the filter
        # and the decision ask the same article, the decision for each of its passages).
        self.holder_readings = lru_cache(maxsize=PLACE_VERDICTS)(lambda owner, place: tuple(self._read_holder_readings(owner, place)))
        self._place_needles = lru_cache(maxsize=256)(lambda places: place_needles(places, self.analyzer))
        # ... and a place's first word as the articles may write it, asked of each article.
        self._place_forms = lru_cache(maxsize=256)(lambda place: first_word_forms(place, self.analyzer.language))
        # ... and the words that may end a shorter reading of an office's place, asked of
        # each text the holder readings read.
        self._place_ends = lru_cache(maxsize=256)(self._read_place_ends)

    @property
    def analyzer(self) -> Analyzer:
        return self.library.analyzer

    def filter(self, hits: list[Hit], places: tuple[PlaceName, ...], wanted: int) -> list[Hit]:
        """The first ``wanted`` hits whose article is not about another place than the
        question names. Dropped before ranking: in a large archive they can fill the
        first candidates ("Kabupaten Lebong": Rejang Lebong's articles). Checked lazily,
        best first: most articles pass."""
        owners = self.library.passages.owners
        kept = (h for h in hits if not self.article_about_another_place(int(owners[h.passage]), places))
        return list(islice(kept, wanted))

    def _read_places(self, question: Question) -> tuple[PlaceName, ...]:
        """The places the question names by kind, each word of whose name the corpus knows
        or is surely no misspelling (a province's, a compass point: "Sumatera Utara" in
        an archive of Bengkulu's news is a place it does not hold, "Bengkulu Utara" one
        it does not name): a name it does not know may be misspelt ("Rejang Lebog"), and
        holds nothing out."""
        named = named_places(question.text, self.analyzer, self._unknown_word)
        language = self.analyzer.language
        return tuple(
            place
            for place in named
            if all(self._known_word(w) for w in set(place.name) - set(surely_a_place(place, language)))
            # A person's title is no place: "Ir." of "Sekda Ir. Asmar Wijaya", its dot ending the run.
            and not all(w in language.person_titles for w in place.name)
        )

    def _document_about_another_place(self, owner: int, places: tuple[PlaceName, ...]) -> bool:
        """places.about_another_place of an article; a whole one is asked of each place
        in turn (:meth:`_document_names_place`). An office's place may run on into its
        holder's name ("Pjs Bupati Rejang Lebong Herwan Antoni"): the article that names
        the shorter place and writes the name right after it names it
        (:attr:`holder_readings`)."""
        passages = self._articles.passages(owner)
        if len(passages) > 1:
            # Most articles a place question reaches never write the place's first word.
            if any(self._names_nowhere(owner, place) for place in places):
                return True
            needles = self._place_needles(places)
            named = all(
                self._names_place(owner, place, needles)
                or any(self._names_place(owner, shorter, self._place_needles((shorter,))) for shorter in self.holder_readings(owner, place))
                for place in places
            )
            return not named or any(self._document_at_another_level(owner, place) for place in places)
        paragraphs = Subset(self.library.passages.texts, np.arange(passages.start, passages.stop))
        title = self.library.passages.titles[owner]
        if not about_another_place(places, title, paragraphs, self.analyzer):
            return False
        shorter = tuple(next(iter(self.holder_readings(owner, place)), place) for place in places)
        if shorter == places:
            return True
        return about_another_place(shorter, title, paragraphs, self.analyzer) or offices_held_for_others(places, title, paragraphs[0], self.analyzer)

    def _names_nowhere(self, owner: int, place: PlaceName) -> bool:
        """Whether an article of several paragraphs surely names neither ``place`` nor a
        shorter reading of it (:attr:`holder_readings`), told without reading a paragraph:
        no passage is indexed under a term of its first word
        (ArticleIndex.never_indexed_naming), it has no photo caption (indexed less its
        label and credit, which the rule reads), and its headline, in ASCII, holds no form
        of that word (:attr:`_place_forms`; places._names_near reads no name of such a
        text). Spares the articles that do not write the place the names read for them
        and the holder readings."""
        if self._articles.captions_of(owner) or not self._articles.never_indexed_naming(owner, place):
            return False
        title = self.library.passages.titles[owner]
        return title.isascii() and not any(form in title.casefold() for form in self._place_forms(place))

    def _read_holder_readings(self, owner: int, place: PlaceName) -> Iterator[PlaceName]:
        """The shorter places an office's place may be, longest first, where the article
        writes the words after one as the holder's name right after it ("Rejang Lebong"
        of "Rejang Lebong Herwan Antoni", in an article writing "Pjs. Bupati Rejang
        Lebong, Dr. H. Herwan Antoni": :meth:`_writes_the_holder_after`); none past a
        compass point, which goes with the place ("Bengkulu Selatan"), nor a word naming
        a kind of place. "Siapa Bupati Musi Banyuasin?" is not answered by a Musi Rawas
        article that writes "Banyuasin" elsewhere."""
        if place.kind != OFFICE:
            return
        language = self.analyzer.language
        for size in range(len(place.name) - 1, 0, -1):
            rest = place.name[size:]
            if rest[0] in language.compass_point_words or rest[0] in language.place_kinds:
                return
            # The index tells first whether the article holds the name at all: most do not.
            terms = [frozenset(self.analyzer.word_terms(word)) for word in rest]
            held = self._articles.terms_held(owner, frozenset().union(*terms))
            if all(word_terms & held for word_terms in terms) and self._writes_the_holder_after(owner, place.name[:size], rest[0], terms[0]):
                yield PlaceName(OFFICE, place.name[:size], place.level)

    def _writes_the_holder_after(self, owner: int, place: tuple[str, ...], name_start: str, name_terms: frozenset[str]) -> bool:
        """Whether the article (its headline, and the passages indexed under
        ``name_terms``, the terms of ``name_start``) writes ``name_start`` right after the
        place, a comma or a person's titles perhaps between ("Rejang Lebong, Dr. H.
        Herwan"), the place by its last word or its abbreviation ("Pj Bupati Muba Apriyadi
        Mahmud")."""
        passages = self._articles.passages(owner)
        if self._articles.has_postings:
            read = sorted({p for term in name_terms for p in self._articles.holding(term, passages)})
        else:
            read = list(passages)
        texts = [self.library.passages.titles[owner], *(self.library.passages.texts[p] for p in read)]
        ends = self._place_ends(place)
        return any(self._holder_written_after(text, place, name_start, ends) for text in texts)

    def _holder_written_after(self, text: str, place: tuple[str, ...], name_start: str, ends: frozenset[str]) -> bool:
        """:meth:`_writes_the_holder_after` of one text; ``ends``: the words that may end
        the place in it (:meth:`_read_place_ends`)."""
        folded = text.casefold()
        if name_start not in folded:  # most texts read are of another with the name's terms
            return False
        # ... and many of the rest do not end the place (an ASCII word is its text in lower
        # case; beyond ASCII, normalising may make one): their words are not read.
        if text.isascii() and not any(end in folded for end in ends):
            return False
        language = self.analyzer.language
        titles = language.person_titles
        words = self.analyzer.words(text)
        for i, word in enumerate(words[:-1]):
            ends_the_place = word.text == place[-1] or language.abbreviations.get(word.text) == place
            if not ends_the_place or text[word.end : words[i + 1].start].strip() not in ("", ","):
                continue
            j = i + 1
            while j < len(words) - 1 and words[j].text in titles:
                j += 1
            if words[j].text == name_start:
                return True
        return False

    def _read_place_ends(self, place: tuple[str, ...]) -> frozenset[str]:
        """The words :meth:`_holder_written_after` takes to end ``place``: its last word,
        and the abbreviations written out as the whole place ("muba")."""
        abbreviations = self.analyzer.language.abbreviations
        return frozenset((place[-1], *(short for short, long_form in abbreviations.items() if long_form == place)))

    def _document_at_another_level(self, owner: int, place: PlaceName) -> bool:
        """places.only_at_another_level of a whole article, reading only the paragraphs the
        index says may name the place (none for a place of no level)."""
        if place_level(place) is None:
            return False
        passages = self._articles.passages(owner)
        texts = self.library.passages.texts
        positions = self._articles.may_name_in_turn(owner, place)
        read = range(len(passages)) if positions is None else sorted(set(positions))
        article = [self.library.passages.titles[owner], *(texts[passages.start + i] for i in read)]
        return only_at_another_level(place, article, self.analyzer, self._place_forms(place))

    def _document_names_place(self, owner: int, place: PlaceName, needles: frozenset[str]) -> bool:
        """places.names_place of a whole article: only the paragraphs the index says may
        name the place are read."""
        passages = self._articles.passages(owner)
        # Read as the rule asks for them: most paragraphs of a whole article are not.
        paragraphs = Subset(self.library.passages.texts, np.arange(passages.start, passages.stop))
        title = self.library.passages.titles[owner]
        return names_place(
            place, title, paragraphs, self.analyzer, needles, self._articles.may_name_in_turn(owner, place), self._place_forms(place)
        )
