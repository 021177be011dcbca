"""Places a question names by their kind ("Kabupaten Lebong", "Pemkab Rejang Lebong"),
and whether an article is about another place of that kind.

BM25 sees "Plt Sekda Kabupaten Lebong" in every word of an article on Rejang Lebong, and
"jumlah ASN di Pemkab Rejang Lebong" in Muba's "Ribuan ASN"; a reader sees that both
articles are about another regency. A lone paragraph that never names the place is not
ruled out: it may leave the place to a headline it does not have.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.analysis import Analyzer, Word

# Between two words of one name: spaces, or the dot of an abbreviated office ("Kab. Rejang").
SAME_NAME_GAP = re.compile(r"\s+")
AFTER_ABBREVIATION_GAP = re.compile(r"\.\s+")


@dataclass(frozen=True)
class PlaceName:
    """A place named with its kind: ("regency", ("rejang", "lebong"))."""

    kind: str
    name: tuple[str, ...]


@dataclass(frozen=True)
class NameRun:
    """A run of capitalised words that names one thing, and the kind word before or after it."""

    words: tuple[str, ...]
    kind: str | None


def name_runs(text: str, analyzer: Analyzer) -> list[NameRun]:
    """The capitalised names of ``text``, split at the words that are not part of a
    place's name (offices, kinds of place, weekdays), each with the kind of place the
    word beside it says it is."""
    language = analyzer.language
    kinds, titles = language.place_kinds, language.place_titles
    runs: list[NameRun] = []
    current: list[str] = []
    current_kind: str | None = None
    previous: Word | None = None

    def close(kind_after: str | None = None) -> None:
        nonlocal current, current_kind
        if current:
            runs.append(NameRun(tuple(current), current_kind or kind_after))
        current, current_kind = [], None

    for word in analyzer.words(text):
        gap = text[previous.end : word.start] if previous else ""
        joined = previous is not None and (
            SAME_NAME_GAP.fullmatch(gap) is not None
            or (AFTER_ABBREVIATION_GAP.fullmatch(gap) is not None and (previous.text in kinds or previous.text in titles))
        )
        # The kind word just before this one, when it says what this name is ("Kabupaten Lebong").
        kind_before = kinds.get(previous.text) if previous is not None and joined else None
        capitalised = text[word.start].isupper()
        kind = kinds.get(word.text)
        if kind is not None:
            # An English kind word closes the name before it ("Rejang Lebong Regency").
            close(kind[0] if kind[1] == "before" and joined else None)
        elif capitalised and word.text not in titles:
            if current and not joined:
                close()
            if not current and kind_before is not None and kind_before[1] == "after":
                current_kind = kind_before[0]
            current.append(word.text)
        else:
            close()
        previous = word
    close()
    return runs


def named_places(question: str, analyzer: Analyzer) -> list[PlaceName]:
    """The places ``question`` names with their kind. Only a question written with
    capitals says where a name ends; an all-lower-case one names none."""
    if question == question.lower():
        return []
    return [PlaceName(run.kind, _long_form(run.words, analyzer)) for run in name_runs(question, analyzer) if run.kind]


def about_another_place(places: Sequence[PlaceName], title: str, paragraphs: Sequence[str], analyzer: Analyzer) -> bool:
    """Whether an article is about a place other than one the question names: it names
    that place only inside a longer name ("Rejang Lebong" for "Lebong"), or names another
    place of its kind and never this one, or, being a whole article of several
    paragraphs, never names it at all. A lone paragraph may leave its place to a
    headline and dateline it does not have: it is ruled out only by another place."""
    needles = _needles(places, analyzer)
    texts = (text for text in (title, *paragraphs) if any(needle in text.casefold() for needle in needles))
    runs = [run for text in texts for run in name_runs(text, analyzer)]
    names = [(_long_form(run.words, analyzer), run.kind) for run in runs]
    for place in places:
        # A name run on into the next one still names the place ("Wali Kota Tasikmalaya
        # Bubun Bunyamin", "Provinsi Jabar Ismail Hasyim").
        if any(name[: len(place.name)] == place.name for name, _ in names):
            continue
        if len(paragraphs) > 1:
            return True
        if any(_ends_with(name, place.name) for name, _ in names):
            return True
        if any(kind == place.kind for _, kind in names):
            return True
    return False


def _needles(places: Sequence[PlaceName], analyzer: Analyzer) -> frozenset[str]:
    """What a text must hold, in lower case, to name one of ``places`` or another place of
    their kind: the names' words, the abbreviations of those, and the kind words. Reading
    the names of only such texts keeps this cheap on long articles."""
    language = analyzer.language
    words = {word for place in places for word in place.name}
    kinds = {place.kind for place in places}
    abbreviations = {short for short, long_form in language.abbreviations.items() if words & set(long_form)}
    kind_words = {word for word, (kind, _) in language.place_kinds.items() if kind in kinds}
    return frozenset(words | abbreviations | kind_words)


def _ends_with(name: tuple[str, ...], part: tuple[str, ...]) -> bool:
    # Only a name longer on its left is another place ("Rejang Lebong"): one longer on its
    # right is mostly the next name run on.
    return len(name) > len(part) and name[-len(part) :] == part


def _long_form(words: tuple[str, ...], analyzer: Analyzer) -> tuple[str, ...]:
    """The name with its abbreviations written out: "Muba" is "Musi Banyuasin"."""
    abbreviations = analyzer.language.abbreviations
    return tuple(w for word in words for w in abbreviations.get(word, (word,)))
