"""Places a question names by their kind ("Kabupaten Lebong", "Pemkab Rejang Lebong"),
and whether an article is about another place of that kind.

BM25 sees "Plt Sekda Kabupaten Lebong" in every word of an article on Rejang Lebong, and
"jumlah ASN di Pemkab Rejang Lebong" in Muba's "Ribuan ASN"; a reader sees that both
articles are about another regency. A lone paragraph that never names the place is not
ruled out: it may leave the place to a headline it does not have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from retrieval.analysis import TOKEN_RE, Analyzer, Word, joins_office_and_country, normalize
from retrieval.chunking import DATELINE_WITHIN, dateline_parts
from retrieval.compass import indonesian_order
from retrieval.days import period_spans
from retrieval.editions import year_words
from retrieval.language import Language, per_language
from retrieval.spelling import edit_distance, limit_for, slipped
from retrieval.years import YEAR_RE

# The kind of a place a question names only by the office held for it ("Bupati Bengkulu
# Selatan"): the whole-article rule holds it, the "another place of its kind" rule does not.
OFFICE = "office"

# Between two words of one name: spaces, or the dot of an abbreviated office ("Kab. Rejang").
SAME_NAME_GAP = re.compile(r"\s+")
AFTER_ABBREVIATION_GAP = re.compile(r"\.\s+")

# In ASCII text, a character that stands in no word or number (analysis.TOKEN_RE): not a
# letter, digit or space, an apostrophe or hyphen inside a word, nor a separator between
# two digits. Two words with one between them are never joined into one name.
BREAK = re.compile(r"[^\w\s.,/:'\-]|_|(?<!\d)[.,/:]|[.,/:](?!\d)")


@dataclass(frozen=True)
class PlaceName:
    """A place named with its kind: ("regency", ("rejang", "lebong")). ``level``: of a
    place named by its office, the kind the office says ("regency" of "Bupati Bogor",
    "city" of "Wali Kota Bogor": office_kinds.tsv), else None."""

    kind: str
    name: tuple[str, ...]
    level: str | None = None


@dataclass(frozen=True)
class NameRun:
    """A run of capitalised words that names one thing, and the kind word before or after
    it; ``end``: where its last word ends in the text; ``level``: after an office, the
    kind of place the office is held for, where office_kinds.tsv or a kind word between
    them says; ``kind_word``: that kind word ("kabupaten" of "Bupati Kabupaten Merauke")."""

    words: tuple[str, ...]
    kind: str | None
    end: int = field(default=-1, compare=False)
    level: str | None = None
    kind_word: str | None = field(default=None, compare=False)


@lru_cache(maxsize=256)
def name_runs(text: str, analyzer: Analyzer, offices: bool = False, countries: bool = False, question: bool = False) -> tuple[NameRun, ...]:
    """:func:`read_name_runs`, kept for the last questions: the answer path asks for a
    question's runs four or five times (its places, its names, its office)."""
    return tuple(read_name_runs(text, analyzer, offices, countries, question))


def read_name_runs(text: str, analyzer: Analyzer, offices: bool = False, countries: bool = False, question: bool = False) -> list[NameRun]:
    """The capitalised names of ``text``, split at the words that are not part of a
    place's name (offices, stop words, months), each with the kind of place the word
    beside it says it is; with ``offices``, a name right after an office held for a
    place ("Bupati Bengkulu Selatan") is a place of kind OFFICE, and with ``countries``
    too one after an office held for a country ("Presiden Ekuador": country_offices.txt).
    A ``question`` reads the abbreviations in capitals that only questions write so
    ("the US president": capital_abbreviations.tsv)."""
    language = analyzer.language
    capitals = language.question_capital_abbreviations if question else language.capital_abbreviations
    kinds = language.place_kinds
    runs: list[NameRun] = []
    current: list[str] = []
    current_kind: str | None = None
    pending: str | None = None  # the kind a name right after this word takes ("Kabupaten" ...)
    pending_level: str | None = None  # and after an office, the kind of place it is held for
    pending_kind_word: str | None = None  # ... where a kind word after the office says it
    current_level: str | None = None
    current_kind_word: str | None = None
    previous: Word | None = None
    end = -1  # of the run's last word
    titled: set[str] = set()  # the titles after the run so far ("the Muba acting regent")

    def close(kind_after: str | None = None, level_after: str | None = None) -> None:
        nonlocal current, current_kind, current_level, current_kind_word
        if current and kind_after == OFFICE and current[-1].endswith("'s"):
            current[-1] = current[-1][:-2]  # "Siak's regent": the place is Siak
        if current:
            kind = kind_after or current_kind  # "regent of Lebong Regency": the kind word says most
            office = kind == OFFICE
            runs.append(NameRun(tuple(current), kind, end, (level_after or current_level) if office else None, current_kind_word if office else None))
        current, current_kind, current_level, current_kind_word = [], None, None, None
        titled.clear()

    after_place = (language.offices_after_place | language.question_offices_after_place if question else language.offices_after_place) if offices else {}
    titles_before = frozenset().union(*after_place.values())  # "acting" of "the Muba acting regent"
    words = analyzer.words(text)
    for position, word in enumerate(words):
        joined = previous is not None and _joined(text, previous, word, language)
        office = word.text.removesuffix("'s")  # "the Bengkulu acting governor's meeting"
        if titled and not (joined and (office in after_place or word.text in titles_before)):
            close()  # the titles after the run were not an office's
        kind = kinds.get(word.text)
        if current and joined and office in after_place and titled <= after_place[office] and (countries or office not in language.country_offices):
            close(OFFICE, language.office_kinds.get(office))  # "the Siak regent": English names the place first; "the US president" a country
            pending = None
        elif current and joined and word.text in titles_before:
            titled.add(word.text)  # the run waits for the office: "the Muba acting regent"
            pending = None
        elif offices and _completes_an_office(word, previous, language):
            close()  # "Kota" of "Wali Kota Palembang": the office's second word, not a city's kind
            pending = OFFICE
            pending_level = _office_kind(word, previous, language)
            pending_kind_word = None
        elif kind is not None and not kind.name_after:
            close(kind.kind if joined else None)  # "Rejang Lebong Regency"
            pending = None
        elif kind is not None and current and joined and text[word.start].isupper():
            current.append(word.text)  # the end of another name: "Dana Desa", "Lima Puluh Kota"
            end = word.end
            pending = None
        elif kind is not None and not current and joined and pending not in (None, OFFICE) and text[word.start].isupper():
            # ... or the start of one after its kind word: "Desa Kota Iman", "Kabupaten Kota
            # Baru" (read as the city Iman, "Desa Kota Iman" had named no village).
            current, current_kind, end, pending = [word.text], pending, word.end, None
        elif kind is not None and offices and pending == OFFICE and joined:
            # "Bupati Kabupaten Merauke", "Kepala Dinas Kesehatan Kota Solo": the office's
            # place, held for the kind of place the kind word says. Read as a regency
            # alone, an article on another regency's regent went through.
            close()
            pending_level, pending_kind_word = kind.kind, word.text
        elif kind is not None:
            close()
            pending = kind.kind
        elif question and pending == OFFICE and joins_office_and_country(text, words, position, language):
            close()  # "presiden negara Indonesia": the country still follows its office
        elif _name_word(word, text, language):
            # A person's title begins another name: "Bupati OKU Timur Prof Edwar" names
            # OKU Timur, then a person (the place read "OKU Timur Prof" held
            # out the answering article). Not one a place's name holds (title_breaks.txt).
            if current and (not joined or word.text in language.title_breaks or _after_a_whole_place(current, current_kind, word.text, language)):
                close()
            if not current:
                current_kind = pending if joined else None
                current_level = pending_level if joined and pending == OFFICE else None
                current_kind_word = pending_kind_word if joined and pending == OFFICE else None
            # "AS" of "Presiden AS" is Amerika Serikat (capital_abbreviations.tsv).
            current.extend(capitals.get(text[word.start : word.end]) or (word.text,))
            end = word.end
            pending = None
        elif offices and pending == OFFICE and word.text in language.office_joiners:
            close()  # "the regent of South Bengkulu": the place still follows its office
        else:
            close()
            pending = OFFICE if offices and _names_an_office(word, previous, language, countries) else None
            pending_level = _office_kind(word, previous, language) if pending == OFFICE else None
            pending_kind_word = None
        previous = word
    close()
    return runs


@dataclass(frozen=True)
class OfficeWords:
    """The terms of the offices held for a place (place_offices.txt, English offices
    after their place, "daerah" of "Sekretaris Daerah"), of the words saying which one
    (office_modifiers.txt), of the verbs of holding one (office_verbs.txt), and the
    abbreviations that name an office, or which one, alone ("sekda", "pjs"; not
    "daerah", an office only after "Sekretaris")."""

    offices: frozenset[str]
    modifiers: frozenset[str]
    verbs: frozenset[str]
    shorts: frozenset[str]

    @classmethod
    def of(cls, analyzer: Analyzer) -> OfficeWords:
        language = analyzer.language

        def terms(words: Collection[str]) -> frozenset[str]:
            return frozenset(t for word in words for t in analyzer.word_terms(word))

        modifiers = language.office_modifiers - language.office_verbs
        alone = language.place_offices | language.country_offices | language.offices_after_place.keys() | modifiers
        # A country's office by its own term: "menlu"'s long form adds "menteri", no office alone.
        countries = own_terms(language.country_offices, analyzer)
        return cls(
            offices=terms(language.place_offices | language.offices_after_place.keys() | language.place_offices_after.keys()) | countries,
            modifiers=terms(modifiers),
            verbs=terms(language.office_verbs),
            shorts=frozenset(alone & language.abbreviations.keys()),
        )


def own_terms(words: Iterable[str], analyzer: Analyzer) -> frozenset[str]:
    """The term each of ``words`` is indexed under itself, without those of the long
    form an abbreviation adds ("menlu", not "menteri luar negeri")."""
    return frozenset(term for word in words for term in analyzer.word_terms(word)[:1])


def country_offices_contracted(text: str, language: Language) -> str:
    """``text`` with each office held for a country written in several words as the one
    word it is read as (country_office_phrases.tsv), capitalised as it was: "Siapa
    Menteri Luar Negeri RI?" reads as "Siapa Menlu RI?", "the foreign minister of China"
    as "the menlu of China". A question's office and its country are read a word at a
    time."""
    pattern = language.country_office_long_forms
    if pattern is None:
        return text
    return pattern.sub(lambda found: _contraction(found.group(0), language), text)


def _contraction(written: str, language: Language) -> str:
    """The one word the long form ``written`` is read as, capitalised as it was."""
    word = language.country_office_phrases[tuple(written.lower().split())]
    return word.capitalize() if written[0].isupper() else word


def asks_who_holds(text: str, analyzer: Analyzer) -> frozenset[str] | None:
    """The words of the places ``text`` names by their office, when all it asks is who
    holds that office ("Siapa Wakil Bupati Rejang Lebong?", "Who is the OKI regent?"):
    every other word is an office, a word saying which one (office_modifiers.txt), a
    question word (misspelt too: "siapaa"), a frame, a period from today ("tahun ini")
    or a stop word. Naming no place, an office the archive's own country has
    (home_offices.txt: "Siapa wakil presiden?", "Siapa Menlu?") is asked of it: its
    words (home_countries.txt). None for any other question."""
    language = analyzer.language
    text = country_offices_contracted(text, language)
    places = _office_places(text, analyzer)
    if not places and language.home_offices.isdisjoint(analyzer.word_texts(text)):
        return None  # most questions: no place, nor an office of the archive's own country
    in_places = frozenset(word for run in places for word in run.words)
    # "Kabupaten" of "Siapa Bupati Kabupaten Merauke?" says only what kind of place the office is held for.
    offices = _offices_asked(text, in_places | frozenset(_kind_words(places)), analyzer)
    if not offices:
        return None
    if places:
        return in_places
    # Indonesian news writes its own country's holders without it ("Wakil Presiden Jusuf
    # Kalla"); a regional office asked of no place ("Siapa Pjs Bupati?") asks of none.
    return language.home_countries if offices <= language.home_offices else None


def office_kind_words(text: str, analyzer: Analyzer) -> tuple[str, ...]:
    """The kind words ``text`` writes between an office and the place it is held for,
    one for each place so named ("kabupaten" of "Siapa Bupati Kabupaten Merauke?"): they
    say what kind of place it is (the run's level), and no more."""
    return _kind_words(_office_places(country_offices_contracted(text, analyzer.language), analyzer))


def _office_places(text: str, analyzer: Analyzer) -> list[NameRun]:
    """The runs of a question's ``text`` that name a place by the office held for it."""
    return [run for run in name_runs(text, analyzer, offices=True, countries=True, question=True) if run.kind == OFFICE]


def _kind_words(runs: Iterable[NameRun]) -> tuple[str, ...]:
    return tuple(run.kind_word for run in runs if run.kind_word)


def title_asked(text: str, analyzer: Analyzer) -> tuple[str, ...]:
    """The words of the office of a body or a ministry ``text`` asks the holder of, when
    that is all it asks ("Menteri", "Pertahanan" of "Siapa Menteri Pertahanan?"; "Ketua",
    "DPR" of "Siapakah nama Ketua DPR sekarang?"; "panglima", "angkatan", "darat"): a
    word of titled_offices.txt, then at least one word saying which, up to a stop word
    that is no joiner (title_joiners.txt: "Kelautan dan Perikanan"), with the words
    saying which office right before it ("Wakil Ketua"), and every other word a question
    word, a frame, a period or a stop word. Empty for any other question ("Siapa menteri
    yang mundur?")."""
    language = analyzer.language
    words = analyzer.words(text)
    in_periods = _period_positions(text, words, language)
    title: list[Word] = []
    which: list[Word] = []  # the words saying which office, right before it: "Wakil Ketua"
    ended = False
    bracketed = {i for i, word in enumerate(words) if _in_brackets(text, word)}
    for position, word in enumerate(words):
        w = word.text
        if position in bracketed:
            continue  # "Menteri Pekerjaan Umum (PU)": the same office again
        if title and not ended:
            if w in language.titled_offices:
                return ()  # two offices asked ("Menteri Keuangan dan Menteri Perdagangan")
            ended = position in in_periods or w in language.stopwords and w not in language.title_joiners
            if not ended:
                title.append(word)
                continue
        if ended:
            if not (position in in_periods or w in language.stopwords or w in language.question_frames):
                return ()  # asked more than who holds it
        elif w in language.titled_offices:
            title = [*which, word]
        elif w in language.office_modifiers:
            which.append(word)
        elif _asks_nothing_of_it(w, position in in_periods, language):
            which = []
        else:
            return ()
    while title and title[-1].text in language.title_joiners:
        title.pop()
    # "Republik" of "Menteri Sosial Republik Indonesia" says only that a country follows.
    countries = language.countries | language.home_countries
    title = [w for i, w in enumerate(title) if not (w.text in language.country_joiners and i + 1 < len(title) and title[i + 1].text in countries)]
    if len(title) - len(which) < 2:
        return ()
    return tuple(text[w.start : w.end] for w in title)


def english_title_asked(text: str, analyzer: Analyzer, body_reversed: bool = False) -> tuple[str, ...]:
    """:func:`title_asked` of a question in English, in the order Indonesian writes the
    title: the words saying which office ("deputy"), the Indonesian words of the office
    (english_titles.tsv), then the words saying which body: the run of words English
    writes right before the office ("the finance minister", "Indonesia's trade minister")
    and those after it, after "of" or "for" (english_title_joiners.txt: "the minister of
    youth and sports", "the chairman of the BPK"), or, with neither, only names in
    capitals or capitalised ("Who chairs KONI?", not "Who chairs the Abepura trial?"),
    each run joined by "and" ("the culture and tourism minister"). Any other word but a
    question word, a frame, a period or a stop word asks more than who holds it ("Who met
    the finance minister?", "Which minister resigned?"): empty then, as for any other
    question. With ``body_reversed``, the words saying which body in the other order:
    Indonesian writes a name's words so ("the Surabaya Stock Exchange": "Bursa Efek
    Surabaya")."""
    language = analyzer.language
    words = analyzer.words(text)
    texts = [word.text for word in words]
    in_periods = _period_positions(text, words, language)
    offices = []
    i = 0
    while i < len(texts):
        found = _english_title_at(texts, i, language)
        if found is not None:
            offices.append((i, *found))
        i += found[0] if found is not None else 1  # "president director" is one office
    if len(offices) != 1:
        return ()  # none, or two asked ("the finance minister and the trade minister")
    at, span, office = offices[0]

    def says_which(i: int) -> bool:
        return 0 <= i < len(texts) and not _asks_nothing_of_it(texts[i], i in in_periods, language)

    def a_name(i: int) -> bool:
        return says_which(i) and text[words[i].start : words[i].start + 1].isupper()

    def joins(i: int, step: int, which: Callable[[int], bool], joiners: frozenset[str]) -> bool:
        """A word saying which, or one of ``joiners`` between two ("culture and tourism")."""
        return which(i) or texts[i] in joiners and which(i + step)

    start = at
    while start > 0 and joins(start - 1, -1, says_which, language.title_joiners):
        start -= 1
    end = at + span
    after = says_which
    if end < len(texts) and texts[end] in language.english_title_joiners:
        end += 1
    else:
        after = a_name  # "Who chairs KONI?"; "Who chairs the Abepura trial?" asks of a trial
    # After it, "the" too: "the chairman of the House of Representatives".
    while end < len(texts) and joins(end, 1, after, language.title_joiners | language.office_joiners):
        end += 1
    for i, word in enumerate(texts):
        if not start <= i < end and not _asks_nothing_of_it(word, i in in_periods, language):
            return ()  # asked more than who holds it
    which = []
    while start < at and texts[start] in language.office_modifiers:
        which.append(words[start])
        start += 1

    def written(word: Word) -> str:
        return _without_possessive(text[word.start : word.end])

    # A word in brackets names the body again: "Statistics Indonesia (BPS)"; the home
    # country's possessive says whose it is ("Indonesia's Bulog": "Direktur Perum Bulog").
    body = [
        w
        for w in words[start:at] + words[at + span : end]
        if w.text not in language.stopwords and not _in_brackets(text, w) and not (w.text != written(w).lower() and written(w).lower() in language.home_countries)
    ]
    if not body:
        return ()
    if body_reversed:
        body.reverse()
    return (*(written(w) for w in which), *(word.capitalize() for word in office.split()), *(written(w) for w in body))


def _without_possessive(word: str) -> str:
    """``word`` less an English possessive ("Indonesia's", "Pertamina’s")."""
    return word.removesuffix("'s").removesuffix("’s")


def _english_title_at(texts: Sequence[str], i: int, language: Language) -> tuple[int, str] | None:
    """The English office of english_titles.tsv written from ``texts[i]``, the longest
    (the table lists them so): how many words it takes and its Indonesian words."""
    for english, office in language.english_titles.items():
        if tuple(texts[i : i + len(english)]) == english:
            return len(english), office
    return None


def titles_written_out(text: str, language: Language, pattern: re.Pattern[str]) -> str:
    """``text`` with each abbreviated title ``pattern`` finds (:func:`title_abbreviation_pattern`)
    written out, in the case it is written in: "Menkeu Inggris Gordon Brown" -> "Menteri
    Keuangan Inggris Gordon Brown", a question's "siapa menkeu" -> "siapa menteri keuangan"."""

    def written_out(found: re.Match[str]) -> str:
        short = found.group(0)
        long_form = language.title_abbreviations[short.lower()]
        return long_form.upper() if short.isupper() else long_form.lower() if short.islower() else long_form

    return pattern.sub(written_out, text)


def title_abbreviation_pattern(language: Language, question: bool = False) -> re.Pattern[str]:
    """The abbreviations of title_abbreviations.tsv as whole words, not inside a code
    ("14/Kep/Menko/Kesra/V/2002" is a decree's number): in a paragraph, capitalised
    ("Menkeu") or in capitals, as news writes them; in a ``question``, in any case, and
    only those that are whole titles, not one opening a title (titled_offices.txt: "Menko
    Kesra" is asked as written, as its paragraphs write it)."""
    if question:
        forms = {short for short in language.title_abbreviations if short not in language.titled_offices}
    else:
        forms = {form for short in language.title_abbreviations for form in (short.capitalize(), short.upper())}
    if not forms:
        return re.compile(r"(?!)")  # none listed: matches nothing
    alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(r"(?<![\w/-])(?:" + alternatives + r")(?![\w/-])", re.IGNORECASE if question else 0)


def _asks_nothing_of_it(word: str, in_a_period: bool, language: Language) -> bool:
    """Whether ``word`` (normalised) says nothing of which office is asked: a stop word, a
    frame, a question word (misspelt too) or a word of a period from today."""
    return word in language.stopwords or word in language.question_frames or _a_question_word(word, language) or in_a_period


def _in_brackets(text: str, word: Word) -> bool:
    """Whether ``word`` stands inside brackets in ``text``."""
    return text.rfind("(", 0, word.start) > text.rfind(")", 0, word.start)


def _offices_asked(text: str, in_places: frozenset[str], analyzer: Analyzer) -> frozenset[str]:
    """The office words of ``text`` when every word of it but those of ``in_places`` is
    an office's, a word saying which one, a question word, a frame, a period or a stop
    word (:func:`asks_who_holds`); empty otherwise."""
    language = analyzer.language
    offices: set[str] = set()
    words = analyzer.words(text)
    in_periods = _period_positions(text, words, language)
    for position, word in enumerate(words):
        w = word.text.removesuffix("'s")
        if w in in_places or _asks_nothing_of_it(w, position in in_periods, language):
            continue
        long_form = language.question_capital_abbreviations.get(text[word.start : word.end]) or language.abbreviations.get(w)
        if long_form and in_places.issuperset(long_form):
            continue  # "US" of "the US president", read as its long form; "(OKI)" after "Ogan Komering Ilir"
        if w in language.place_offices or w in language.country_offices or w in language.offices_after_place or w in language.place_offices_after:
            offices.add(w)
        elif not (w in language.office_modifiers or w in language.office_joiners or _before_an_office(w, language) or joins_office_and_country(text, words, position, language)):
            return frozenset()
    return frozenset(offices)


def _period_positions(text: str, words: Sequence[Word], language: Language) -> set[int]:
    """The positions of the words naming a period from today ("tahun ini", "bulan lalu",
    "dua tahun lalu", "kemarin", "Senin lalu"), a date ("20 Desember 2024"), a year
    ("2024", "tahun 2024") or the present ("hari ini": latest_words.txt): asked who held
    an office then, the Searcher's period stages hold the period."""
    spans = period_spans(text, language) + [match.span(1) for match in YEAR_RE.finditer(text)]
    positions = {i for i, word in enumerate(words) if any(start <= word.start < end for start, end in spans)}
    texts = [word.text for word in words]
    # "tahun" of "tahun 2024": the year's, as the year is the period stages'.
    said = year_words()
    positions.update(i - 1 for i in list(positions) if i > 0 and texts[i - 1] in said and i - 1 not in positions)
    for phrase in language.latest_words:
        for i in range(len(texts) - len(phrase) + 1):
            if tuple(texts[i : i + len(phrase)]) == phrase:
                positions.update(range(i, i + len(phrase)))
    return positions


def _a_question_word(word: str, language: Language) -> bool:
    """A question word, or one a slip away ("siapaa"), as the analyzer reads it."""
    return (word,) in language.question_words or any(slipped(word, q) for q in language.typed_question_words)


def _before_an_office(word: str, language: Language) -> bool:
    """"sekretaris" of "Sekretaris Daerah" (place_offices_after.tsv)."""
    return any(word in before for before in language.place_offices_after.values())


def _completes_an_office(word: Word, previous: Word | None, language: Language) -> bool:
    """Whether ``word`` names an office only after ``previous`` and follows it ("Daerah"
    of "Sekretaris Daerah", "Kota" of "Wali Kota": place_offices_after.tsv)."""
    before = language.place_offices_after.get(word.text)
    return before is not None and previous is not None and previous.text in before


def _office_kind(word: Word, previous: Word | None, language: Language) -> str | None:
    """The kind of place the office ``word`` (after ``previous``) is held for, where
    office_kinds.tsv says: "regency" of "Bupati", "city" of "Wali Kota"."""
    if previous is not None and (kind := language.office_kinds.get(f"{previous.text} {word.text}")) is not None:
        return kind
    return language.office_kinds.get(word.text)


def _names_an_office(word: Word, previous: Word | None, language: Language, countries: bool = False) -> bool:
    """Whether ``word`` (after ``previous``) names an office held for the place named
    next: "Bupati", or "Daerah" after "Sekretaris", not "daerah" alone; with
    ``countries``, "Presiden" too."""
    if word.text in language.place_offices or countries and word.text in language.country_offices:
        return True
    return _completes_an_office(word, previous, language)


def named_places(question: str, analyzer: Analyzer, unknown: Callable[[str], bool] | None = None, countries: bool = False) -> list[PlaceName]:
    """The places ``question`` names with their kind; a compass point right after a
    name, in any case, is part of it ("OKU timur" is OKU Timur, not OKU), and so is,
    given ``unknown`` (whether the archive does not know a word), a word the archive
    does not know a typing slip away from one ("Bengkulu selatn" is Bengkulu Selatan).
    A country named after its office ("Presiden Ekuador", "Menteri Luar Negeri RI") only
    with ``countries``."""
    if countries:
        question = country_offices_contracted(question, analyzer.language)
    runs = [_with_compass_point_after(question, run, analyzer, unknown) for run in name_runs(question, analyzer, offices=True, countries=countries, question=True)]
    names = ((run, indonesian_order(run.words, analyzer.language) or run.words) for run in runs if run.kind)
    places = (PlaceName(run.kind, _long_form(words, analyzer), run.level) for run, words in names if run.kind)
    return [place for place in places if place.name]


def located_names(question: str, analyzer: Analyzer) -> list[tuple[str, ...]]:
    """The names ``question`` places what it asks about in, right after a located word and
    with no kind word ("banjir di Sekayu", "in Sekayu": located_words.txt; "di Kecamatan
    Sekayu" is :func:`named_places`'s), each as its words."""
    language = analyzer.language
    words = analyzer.words(question)
    last_word = {word.end: at for at, word in enumerate(words)}
    found = []
    for run in name_runs(question, analyzer):
        at = last_word.get(run.end)
        if run.kind or at is None:
            continue
        first = at - len(run.words) + 1
        if first >= 1 and words[first - 1].text in language.located_words and _joined(question, words[first - 1], words[first], language):
            found.append(run.words)
    return found


def _with_compass_point_after(text: str, run: NameRun, analyzer: Analyzer, unknown: Callable[[str], bool] | None) -> NameRun:
    """``run``, with the compass point that the word right after it (only spaces
    between) is, written in lower case, in English ("OKU east") or misspelt: a name
    the name rules end before its point would be another, shorter place's. A misspelt
    point is told by distance to the points, not by the speller's mend: that is the
    archive's commonest near word ("timr" is "tim" in an archive of sports news)."""
    language = analyzer.language
    points = language.compass_point_words
    following = next(iter(analyzer.words(text[run.end :])), None)
    if run.words[-1] in points or following is None or not SAME_NAME_GAP.fullmatch(text[run.end : run.end + following.start]):
        return run
    word = following.text
    point = word if word in points else language.compass_points.get(word)
    if point is None and unknown is not None and unknown(word):
        near = _near_points(word, points)
        point = near[0] if len(near) == 1 else None
    if point is None:
        return run
    return NameRun((*run.words, point), run.kind, run.end + following.end, run.level)


def about_another_place(
    places: Sequence[PlaceName],
    title: str,
    paragraphs: Sequence[str],
    analyzer: Analyzer,
    may_name: Sequence[Collection[int] | None] | None = None,
) -> bool:
    """Whether an article is about a place other than one the question names: it names
    that place only inside a longer name ("Rejang Lebong" for "Lebong"), or names another
    place of its kind and never this one, or, being a whole article of several
    paragraphs, never names it at all. A lone paragraph may leave its place to a
    headline and dateline it does not have: it is ruled out only by another place.
    ``may_name``: per place, the positions of the paragraphs that may name it, when the
    index has told that the others cannot (:func:`naming_term_sets`); a whole article then
    reads only those, and each only until the place is found. None: any may."""
    if len(paragraphs) <= 1:
        return _lone_paragraph_about_another_place(places, title, paragraphs, analyzer)
    # A whole article is asked whether it names each place, and not only as another level.
    needles = place_needles(places, analyzer)
    readable = [None if r is None else sorted(r) for r in may_name] if may_name else [None] * len(places)
    if not all(names_place(place, title, paragraphs, analyzer, needles, r) for place, r in zip(places, readable)):
        return True
    return any(only_at_another_level(place, (title, *paragraphs), analyzer) for place in places)


def place_needles(places: Sequence[PlaceName], analyzer: Analyzer) -> frozenset[str]:
    """What a text must hold, in lower case, for :func:`names_place` to read its names
    (whichever of ``places`` it is asked of)."""
    return _needles(places, analyzer, with_kinds=False)


def names_place(
    place: PlaceName,
    title: str,
    paragraphs: Sequence[str],
    analyzer: Analyzer,
    needles: frozenset[str],
    readable: Iterable[int] | None = None,
    forms: Collection[str] | None = None,
) -> bool:
    """Whether an article of several paragraphs names ``place`` in its headline or a
    paragraph (those at ``readable``, in that order, when the index has told that the
    others cannot; None: any may), reading the names of the texts that hold one of
    ``needles`` (:func:`place_needles` of the question's places) near the place's
    first word (``forms``: its :func:`first_word_forms`, when the caller keeps them)."""
    language = analyzer.language
    if forms is None:
        forms = first_word_forms(place, language)
    positions = range(len(paragraphs) + 1) if readable is None else chain((0,), (1 + p for p in readable))
    for i in positions:
        names = _names_near(paragraphs[i - 1] if i else title, needles, forms, analyzer)
        if any(_same_place(name, kind, place, language) for name, kind in names):
            return True
    return False


def _lone_paragraph_about_another_place(places: Sequence[PlaceName], title: str, paragraphs: Sequence[str], analyzer: Analyzer) -> bool:
    """:func:`about_another_place` of a lone paragraph: it is also asked whether it
    names another place of the kind, or, never naming the place, the same name with
    another compass point ("Gubernur Sumatera Utara" for "Gubernur Sumatera Barat"), the
    office held for another place (:func:`_office_held_for_another`), or the place only
    as the other of a regency and a city (:func:`only_at_another_level`)."""
    language = analyzer.language
    names = _names_in((title, *paragraphs), places, analyzer)
    if any(_office_held_for_another_province(place, (title, *paragraphs), analyzer) for place in places):
        return True
    if _offices_held_for_others(places, (title, *paragraphs), names, analyzer):
        return True
    for place in places:
        if only_at_another_level(place, (title, *paragraphs), analyzer):
            return True
        if any(_same_place(name, kind, place, language) for name, kind in names):
            continue
        if any(
            _ends_with(name, place.name) or _compass_sibling(name, place.name, language) or _another_by_compass_point(name, kind, place, language)
            for name, kind in names
        ):
            return True
        if place.kind != OFFICE and any(kind == place.kind for _, kind in names):
            return True
    return False


def offices_held_for_others(places: Sequence[PlaceName], title: str, paragraph: str, analyzer: Analyzer) -> bool:
    """Whether a lone paragraph never names an office's place the question names, and
    names the office held for another place (:func:`_office_held_for_another`). Asked
    of the place as the question reads it, run on into its holder's name: read shorter,
    "Wali Kota Padang Mawardi Nurdin" would be "Padang Mawardi" with "Nurdin" after it."""
    texts = (title, paragraph)
    return _offices_held_for_others(places, texts, _names_in(texts, places, analyzer), analyzer)


def _names_in(texts: Sequence[str], places: Sequence[PlaceName], analyzer: Analyzer) -> list[tuple[tuple[str, ...], str | None]]:
    """The names of ``texts`` near the first words of ``places`` or of a place's kind,
    with their kinds (:func:`_names`), as the lone-paragraph rules compare them."""
    needles = _needles(places, analyzer, with_kinds=True)
    return [name for text in texts for name in _names(text, needles, analyzer)]


def _offices_held_for_others(
    places: Sequence[PlaceName], texts: Sequence[str], names: Sequence[tuple[tuple[str, ...], str | None]], analyzer: Analyzer
) -> bool:
    language = analyzer.language
    return any(
        place.kind == OFFICE
        and not any(_same_place(name, kind, place, language) for name, kind in names)
        and _office_held_for_another(place, texts, analyzer)
        for place in places
    )


# The kinds a regency and a city of one name are told apart by (Kabupaten and Kota Bogor).
LEVELS = frozenset({"regency", "city"})


def place_level(named: PlaceName | NameRun) -> str | None:
    """Whether a place (or a run of a text) is a regency or a city, by its kind word or
    its office's ("Kabupaten Sorong", "Wali Kota Sorong"); None when it says neither."""
    level = named.level if named.kind == OFFICE else named.kind
    return level if level in LEVELS else None


def only_at_another_level(place: PlaceName, texts: Sequence[str], analyzer: Analyzer, forms: Collection[str] | None = None) -> bool:
    """Whether ``texts`` name ``place``, a regency or a city (by its kind word or its
    office's: "Kabupaten Sorong", "Wali Kota Sorong"), only as the other of the two:
    Indonesia has a regency and a city of one name in many places, and "Siapa Wali
    Kota Sorong?" is not answered by "Bupati Sorong". A name written with neither
    ("di Sorong") tells nothing; nor does one that goes on past the place's ("Kabupaten
    Bogor Barat"), nor a holder's name read as the place's that is not the article's.
    ``forms``: the place's :func:`first_word_forms`, when the caller keeps them."""
    asked = place_level(place)
    if asked is None:
        return False
    language = analyzer.language
    forms = frozenset(first_word_forms(place, language) if forms is None else forms)
    written = _written_out_with(forms, language)
    said = _level_words(language)
    levels = set()
    for text in texts:
        folded = text.casefold()
        # Most texts naming the place say no level: their runs are not read. An ASCII
        # word is its text in lower case; beyond ASCII, normalising may make a level word.
        if not _holds_any(folded, forms) or text.isascii() and not _holds_any(folded, said):
            continue
        for run in _office_runs_near(text, folded, written, said, analyzer):
            level = place_level(run)
            if level is not None and _names_the_place(_compared_name(run.words, analyzer), place.name, language):
                levels.add(level)
    return bool(levels) and asked not in levels


def _office_runs_near(text: str, folded: str, forms: Collection[str], said: Collection[str], analyzer: Analyzer) -> Sequence[NameRun]:
    """Of ``name_runs(text, offices=True)`` (``folded``: ``text`` case-folded), at least
    those whose words hold one of ``forms`` (:func:`_written_out_with`) and whose level a
    word of ``said`` gives (:func:`_level_words`). No name runs over a break
    (:func:`_is_break`), and a stretch that opens after one where nothing read before it
    carries on (:func:`_reread_from`) reads as that stretch of the whole text: an ASCII
    text is read only there, around each form (a long paragraph's runs, whole, cost
    most of this rule). Text beyond ASCII, which folding may lengthen, is read whole."""
    if not text.isascii():
        return name_runs(text, analyzer, offices=True)
    language = analyzer.language
    runs: list[NameRun] = []
    for start, end in sorted(_stretches(text, folded, forms, language, _reread_from)):
        # The words a run's level is read from stand in its stretch: most stretches hold none.
        if any(folded.find(word, start, end) >= 0 for word in said):
            runs += read_name_runs(text[start:end], analyzer, offices=True)
    return runs


def _reread_from(text: str, at: int, language: Language) -> int:
    """Where the last break (:func:`_is_break`) before ``at`` stands after which
    :func:`read_name_runs` with offices reads on as from a text's start: one whose next
    word is read alike whatever came before it (:func:`_carried_words`); -1 when none
    does. Its runs may still close there; none goes on past it."""
    carried = _carried_words(language)
    while True:
        where = _break_before(text, at, language)
        following = TOKEN_RE.search(text, where + 1) if where >= 0 else None
        if following is None or following.group().lower() not in carried:
            return where
        at = where


@per_language
def _carried_words(language: Language) -> frozenset[str]:
    """The words :func:`read_name_runs` with offices reads by the word before them, even
    past a break: an office's joiner carries the office on ("the regent, of Lebong":
    office_joiners.txt), and a word completing an office or naming its kind with the
    word before ("Kota" of "Wali Kota": place_offices_after.tsv, office_kinds.tsv) reads
    it, as a kind word of an office's kind would keep the office's level. Made once per
    language data."""
    seconds = {office.split()[-1] for office in language.office_kinds if " " in office}
    offices = {word for word, kind in language.place_kinds.items() if kind.kind == OFFICE}
    return frozenset(language.office_joiners | language.place_offices_after.keys() | seconds | offices)


def _written_out_with(forms: Collection[str], language: Language) -> frozenset[str]:
    """``forms`` and the abbreviations, in small letters, whose long form holds one, or
    holds an abbreviation that does (capital_abbreviations.tsv's "AS" is written out as
    "amerika serikat", each word perhaps an abbreviation again: :func:`_long_form`): a
    name read from a text holds one of them as written."""
    table = _written_out(language)
    once = set(forms).union(*(table.get(form, ()) for form in forms))
    return frozenset(once.union(*(table.get(form, ()) for form in once)))


@per_language
def _written_out(language: Language) -> dict[str, frozenset[str]]:
    """Each word of an abbreviation's long form, and each part of a hyphenated one, with
    the abbreviations written out with it, in small letters (abbreviations.tsv,
    capital_abbreviations.tsv). Made once per language data."""
    table: dict[str, set[str]] = {}
    for short, long_form in chain(language.abbreviations.items(), language.capital_abbreviations.items()):
        for part in (part for word in long_form for part in (word, *word.split("-"))):
            table.setdefault(part, set()).add(short.lower())
    return {word: frozenset(shorts) for word, shorts in table.items()}


@per_language
def _level_words(language: Language) -> frozenset[str]:
    """The words :func:`name_runs` reads a run's level from, one of which a text must
    hold for a run of it to have one: the kind words of a regency or a city ("kabupaten",
    "kota": places.tsv) and the words of the offices held for one ("bupati", "wali kota":
    office_kinds.tsv). Made once per language data."""
    kinds = {word for word, kind in language.place_kinds.items() if kind.kind in LEVELS}
    offices = {word for office, kind in language.office_kinds.items() if kind in LEVELS for word in office.split()}
    return frozenset(kinds | offices)


def _compared_name(words: tuple[str, ...], analyzer: Analyzer) -> tuple[str, ...]:
    """A place's name (after an office or kind word in a text, or as a question asks
    it) as the two are compared: written out (:func:`_long_form`), a person's titles left
    out."""
    return _untitled(_long_form(words, analyzer), analyzer.language)


def _names_the_place(name: tuple[str, ...], place: tuple[str, ...], language: Language) -> bool:
    """Whether ``name`` is ``place``, either perhaps run on into a holder's name, and not
    a place further by a compass point ("Bogor Barat")."""
    shorter = min(len(name), len(place))
    if not shorter or name[:shorter] != place[:shorter]:
        return False
    longer = name if len(name) > len(place) else place
    return len(longer) == shorter or longer[shorter] not in language.compass_point_words


def _office_held_for_another(place: PlaceName, texts: Sequence[str], analyzer: Analyzer) -> bool:
    """Whether texts that never name ``place``, an office's (perhaps run on into its
    holder's name), name an office held for another place that is surely not a person:
    one whose name begins as the asked one's and then goes another way ("Wali Kota New
    Orleans Ray Nagin" for "Wali Kota New York"; "Wali Kota Padang Fauzi Bahar" for
    "Wali Kota Padang Panjang"), or the asked holder's name held for another ("Wali Kota
    Padang Fauzi Bahar" for "Wali Kota Bau-Bau Fauzi Bahar"). A name after an office
    alone may be its holder's ("Bupati Sisardi") and tells nothing; nor one a typing
    slip away from the asked ("Fauzie" for "Fauzi"). Not told: "Bupati Padang Pariaman
    Fauzi Bahar" against "Wali Kota Padang Fauzi Bahar" (the one place's name holds the
    other's, as a holder's middle name would)."""
    asked = _compared_name(place.name, analyzer)
    for text in texts:
        for run in name_runs(text, analyzer, offices=True):
            if run.kind != OFFICE:
                continue
            held = _compared_name(run.words, analyzer)
            if not held or held[: len(asked)] == asked or asked[: len(held)] == held:
                continue
            if _goes_another_way(held, asked, texts, analyzer) or _held_by_the_asked(held, asked):
                return True
    return False


def _goes_another_way(held: tuple[str, ...], asked: tuple[str, ...], texts: Sequence[str], analyzer: Analyzer) -> bool:
    """Whether ``held`` begins with ``asked``'s first word and then differs by a word
    that is no slip of the asked one nor a short form of the holder's name ("Wali Kota
    Surakarta Jokowi" for "Wali Kota Surakarta Joko Widodo"), neither a prefix of the
    other, and the texts write none of the asked words from there, apart or joined: a
    written one may be the holder's name after a title that ends the run ("Kapolda Sumut
    Inspektur Jenderal Iwan Panjiwinata" for "Kapolda Sumut Iwan Panjiwinata"), or the
    place written as one word ("Bupati Padangpariaman" for "Padang Pariaman")."""
    if held[0] != asked[0]:
        return False
    at = next(i for i, (a, b) in enumerate(zip(held, asked)) if a != b)
    if slipped(held[at], asked[at]) or _short_form_of(asked[at], held[at:]):
        return False
    written = {word for text in texts for word in analyzer.word_texts(text)}
    # The asked words may be written joined ("Padangpariaman" for "Padang Pariaman").
    joined = {"".join(asked[i:j]) for i in range(at + 1) for j in range(at + 1, len(asked) + 1) if j - i > 1}
    return set(asked[at:]).isdisjoint(written) and joined.isdisjoint(written)


def _short_form_of(word: str, name: tuple[str, ...]) -> bool:
    """Whether ``word`` may be a short form of the holder's name (``name``): a part of
    one of its words ("Risma" of "Rismaharini", "Yos" of "Sutiyoso"), or the starts of
    its words run together ("Jokowi" of "Joko Widodo", "Aher" of "Ahmad Heryawan").
    Nicknames sharing no letters ("Ahok", "Emil") are not told."""
    if len(word) >= 3 and any(word in part for part in name):
        return True
    return len(word) >= 4 and any(_starts_run_together(word, name[i:], 0) for i in range(len(name)))


def _starts_run_together(word: str, name: tuple[str, ...], used: int) -> bool:
    """Whether ``word`` is the starts of two or more of ``name``'s words in turn, the
    first of them first."""
    if not word:
        return used > 1
    if not name:
        return False
    first = name[0]
    return any(word.startswith(first[:k]) and _starts_run_together(word[k:], name[1:], used + 1) for k in range(min(len(first), len(word)), 0, -1))


def _held_by_the_asked(held: tuple[str, ...], asked: tuple[str, ...]) -> bool:
    """Whether ``held`` and ``asked`` end with the same two words or more (a holder's
    name) after places that differ: neither a prefix of the other, nor, their words
    run together, of the other ("Baubau" and "Bau-Bau", "Tasik" and "Tasikmalaya",
    "Bandarlampung" and "Bandar Lampung"), nor one word a short form of the other's
    ("Kukar" of "Kutai Kartanegara")."""
    shared = 0
    while shared < min(len(held), len(asked)) and held[-1 - shared] == asked[-1 - shared]:
        shared += 1
    if shared < 2:
        return False
    first, second = held[:-shared], asked[:-shared]
    if not first or not second or first[: len(second)] == second or second[: len(first)] == first:
        return False
    # The same place written joined, split or cut short: "Baubau" and "Bau-Bau", "Tasik"
    # and "Tasikmalaya", "Bandarlampung" and "Bandar Lampung".
    one, other = "".join(first), "".join(second)
    if one.startswith(other) or other.startswith(one):
        return False
    # ...or by the starts of its words ("Kukar" for "Kutai Kartanegara").
    return not (len(first) == 1 and _short_form_of(one, second) or len(second) == 1 and _short_form_of(other, first))


def _office_held_for_another_province(place: PlaceName, texts: Sequence[str], analyzer: Analyzer) -> bool:
    """Whether ``place``, a province named by an office held for it ("Who is the
    governor of Jakarta?"), is asked of texts whose offices are held for other
    provinces and never for it: "Gubernur Sumatera Utara Tengku Rizal Nurdin ... ke
    Jakarta" names Jakarta, but its governor is North Sumatra's. A name after an office
    that is no province ("Gubernur Sutiyoso", "Gubernur Bank Indonesia") tells nothing."""
    language = analyzer.language
    if place.kind != OFFICE or _province(place.name, language) != place.name:
        return False
    held = {
        province
        for text in texts
        for run in name_runs(text, analyzer, offices=True)
        if run.kind == OFFICE and (province := _province(_long_form(run.words, analyzer), language)) is not None
    }
    return bool(held) and place.name not in held


def provinces_capitalised(text: str, language: Language) -> str:
    """``text`` (typed in lower case) with each province it names, in any of its forms
    and in English order too ("east java", "sumatera utara", "dki"), written with
    capitals: a name the archive never writes is not capitalised by its samples, and a
    question must still say which province it asks about."""
    return _province_pattern(language).sub(lambda match: " ".join(w.capitalize() for w in match.group().split()), text)


def _province_pattern(language: Language) -> re.Pattern[str]:
    """Every form of every province as written words, the English order ("west java")
    beside the Indonesian ("java barat"), longest first, in any case; made once per
    language data."""
    return _province_patterns(language)[0]


@per_language
def _province_patterns(language: Language) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """:func:`_province_pattern`, and the same for text in lower case only: a case-blind
    alternation of a hundred forms is tried a character at a time, and on ASCII text
    lowered first the other found the same spans in a third of the time (FacQA's
    passages: 62.5 against 22.7 us a passage). Made of the provinces and the compass
    points, so kept with the language itself."""
    any_case = _made_province_pattern(language)
    return any_case, re.compile(any_case.pattern)


def _made_province_pattern(language: Language) -> re.Pattern[str]:
    english = {indonesian: english_word for english_word, indonesian in language.compass_points.items()}
    forms = set()
    for form in language.provinces:
        forms.add(form)
        if len(form) > 1 and form[-1] in english:
            forms.add((english[form[-1]], *form[:-1]))
    alternatives = "|".join(r"\s+".join(map(re.escape, form)) for form in sorted(forms, key=lambda f: (-len(" ".join(f)), f)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def surely_a_place(place: PlaceName, language: Language) -> tuple[str, ...]:
    """The words of ``place``'s name that are surely no misspelling of another: all of
    them when it names a province ("Sumatera Utara", however an archive writes it, or
    not at all), else its compass points ("Bengkulu *Utara*")."""
    if _province(place.name, language) == place.name:
        return place.name
    return tuple(word for word in place.name if word in language.compass_point_words)


def _province(name: tuple[str, ...], language: Language) -> tuple[str, ...] | None:
    """The province ``name`` (a long form) starts with, perhaps run on into a person's
    name ("Sumatera Utara Tengku"); None when it names none, or a place inside one by its
    compass point ("Aceh Tengah")."""
    form = _province_form(name, language)
    if form is None:
        return None
    after = name[len(form) : len(form) + 1]
    return None if after and after[0] in language.compass_point_words else language.provinces[form]


def _province_form(name: tuple[str, ...], language: Language) -> tuple[str, ...] | None:
    """The longest way of writing a province (provinces.tsv) that ``name`` starts with."""
    forms = language.province_forms.get(name[0], ()) if name else ()
    return next((form for form in forms if name[: len(form)] == form), None)


def _names(text: str, needles: frozenset[str], analyzer: Analyzer) -> list[tuple[tuple[str, ...], str | None]]:
    """The names in ``text`` with their kinds, as long forms; none in a text that holds
    no needle (reading the names of only such texts keeps this cheap on long articles)."""
    if not _holds_any(text.casefold(), needles):
        return []
    return _long_names(text, analyzer)


def _long_names(text: str, analyzer: Analyzer) -> list[tuple[tuple[str, ...], str | None]]:
    """Every name of ``text`` with its kind, as a long form (:func:`_long_form`)."""
    return [(name, run.kind) for run in read_name_runs(text, analyzer) if (name := _long_form(run.words, analyzer))]


def _names_near(text: str, needles: frozenset[str], forms: Collection[str], analyzer: Analyzer) -> list[tuple[tuple[str, ...], str | None]]:
    """Of :func:`_names` of ``text``, at least those whose words hold one of ``forms``
    (a place's first word and the abbreviations of it). Every name that names a
    place holds its first word (:func:`_same_place`), and no name runs over a
    character that stands in no word or number (:func:`_is_break`): a long paragraph is
    read only between the breaks around each form, where the names are those of the
    whole text; and within a stretch, only between the words around a form that end
    every name (:func:`_name_spans`). Text beyond ASCII, which folding may lengthen, is
    read whole."""
    folded = text.casefold()
    if not _holds_any(folded, needles):
        return []
    if not text.isascii():
        return _names(text, needles, analyzer)
    names = []
    for (start, end), found in sorted(_stretches(text, folded, forms, analyzer.language).items()):
        stretch = text[start:end]
        for first, last in _name_spans(stretch, found, analyzer.language):
            names += _long_names(stretch[first:last], analyzer)
    return names


def _name_spans(text: str, found: Collection[tuple[int, int]], language: Language) -> list[tuple[int, int]]:
    """The spans of an ASCII ``text`` between two words that end every name, neither a
    kind of place nor a name word (:func:`name_runs` closes its run at such a word and
    reads on as from a text's start), that overlap one of ``found``: the names of
    ``text`` that hold one of those are the names of these spans, each read as a text
    of its own. Tokens are read as Analyzer.words reads them (ASCII: lower case)."""
    kinds = language.place_kinds
    spans = []
    start = 0
    last = max((stop for _, stop in found), default=0)
    for match in TOKEN_RE.finditer(text):
        written = match.group()
        word = written.lower()
        if word in kinds or written[0].isupper() and not never_a_name_word(word, language):
            continue
        end = match.start()
        if any(at < end and start < stop for at, stop in found):
            spans.append((start, end))
        start = match.end()
        if start >= last:
            return spans  # the spans from here on overlap none
    if any(at < len(text) and start < stop for at, stop in found):
        spans.append((start, len(text)))
    return spans


def _stretches(
    text: str, folded: str, forms: Iterable[str], language: Language, opening: Callable[[str, int, Language], int] | None = None
) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """The stretches of an ASCII ``text`` between two breaks (:func:`_is_break`) that
    hold one of ``forms`` (found in ``folded``, ``text`` in lower case), each with the
    spans of the forms found in it; ``opening``: where the break a stretch opens after
    stands, if not the last before the form (:func:`_break_before`). The breaks are
    looked for near each form, not through the whole text."""
    opening = opening or _break_before
    stretches: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for form in forms:
        at = folded.find(form)
        while at >= 0:
            start = opening(text, at, language) + 1
            end = _break_from(text, at + len(form), language)
            stretches.setdefault((start, end), []).append((at - start, at + len(form) - start))
            at = folded.find(form, at + 1)
    return stretches


# How far before a form a break is first looked for; four times as far each time none is.
BREAK_WINDOW = 256


def _break_before(text: str, at: int, language: Language) -> int:
    """Where the last break (:func:`_is_break`) before ``at`` stands; -1 when none does."""
    window = BREAK_WINDOW
    while True:
        low = max(0, at - window)
        last = -1
        # Read to one past ``at``: a break's lookahead sees the character at ``at``.
        for match in BREAK.finditer(text, low, min(len(text), at + 1)):
            where = match.start()
            if where < at and _is_break(text, where, language):
                last = where
        if last >= 0 or low == 0:
            return last
        window *= 4


def _break_from(text: str, at: int, language: Language) -> int:
    """Where the first break (:func:`_is_break`) at or after ``at`` stands; the text's
    length when none does."""
    for match in BREAK.finditer(text, at):
        if _is_break(text, match.start(), language):
            return match.start()
    return len(text)


def _is_break(text: str, where: int, language: Language) -> bool:
    """Whether the character at ``where``, a match of BREAK in an ASCII ``text``, is one no
    name runs over: one that stands in no word or number, so that the words either side
    are never joined (:func:`_joined`). A separator of a number's digits ("1.360",
    "30/9") stands in one, and the dot of an abbreviated office or kind ("Kab. Rejang")
    joins a name."""
    return not (text[where] == "." and _after_abbreviation(text, where, language))


def _after_abbreviation(text: str, dot: int, language: Language) -> bool:
    """Whether the word before the dot at ``dot`` may be an office or a kind of place,
    whose dot :func:`_joined` reads as part of the name's gap: any end of the letters,
    digits, apostrophes and hyphens before it that a word may start at."""
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'-"):
        start -= 1
    run = text[start:dot].lower()
    ends = [0] + [i + 1 for i, char in enumerate(run) if char in "'-"]
    return any(run[i:] in language.place_kinds or run[i:] in language.place_titles for i in ends)


def first_word_forms(place: PlaceName, language: Language) -> tuple[str, ...]:
    """The place's first word and the abbreviations written out with it ("muba" for
    Musi Banyuasin): a name of the place holds one of them."""
    return _word_forms(place.name[0], language)


def _word_forms(word: str, language: Language) -> tuple[str, ...]:
    """``word`` and the abbreviations whose long form holds it: a name holding the word
    is written with one of them."""
    return (word, *_other_forms(word, language))


def _other_forms(word: str, language: Language) -> tuple[str, ...]:
    """The words that stand for a name holding ``word``: the abbreviations whose long
    form holds it ("muba" for "musi"), and the first words of the other ways of writing a
    province whose name holds it ("dki" for "jakarta", "sumut" for "sumatera")."""
    provinces = (form[0] for form, name in language.provinces.items() if word in name and form[0] != word)
    return tuple(dict.fromkeys(chain(language.abbreviations_holding(word), provinces)))


def naming_terms(place: PlaceName, analyzer: Analyzer) -> frozenset[str] | None:
    """The index terms a text that names ``place`` holds at least one of. Every way an
    article names a place (:func:`_same_place`) has its name's first word in a name run;
    that word stands in the text as itself, as a part of a hyphenated word or as an
    abbreviation written out (:func:`_long_form`), and each of those yields the word's
    term or the abbreviation's (Analyzer.word_terms). None where a word yields no term
    of its own (a stop word) or splits otherwise (an apostrophe): read the article."""
    return _word_naming_terms(first_word_forms(place, analyzer.language), analyzer)


def naming_term_sets(place: PlaceName, analyzer: Analyzer) -> tuple[frozenset[str], ...] | None:
    """The index terms a text that names ``place`` holds, as sets it holds a term of
    each of: :func:`naming_terms` of its first word and, for a place named by the
    office held for it, of each of its words, since such a name is only ever named
    whole (:func:`_same_place`: "Bupati Rejang Lebong" is not named by "Rejang"; at a
    million paragraphs, most that hold "rejang" are not read). A word that yields no
    term of its own tells nothing; None when no word tells (read the article)."""
    language = analyzer.language
    first = naming_terms(place, analyzer)
    if place.kind != OFFICE:
        return None if first is None else (first,)
    others = (_word_naming_terms(_word_forms(word, language), analyzer) for word in dict.fromkeys(place.name[1:]))
    sets = tuple(terms for terms in (first, *others) if terms is not None)
    return sets or None


def _word_naming_terms(forms: Collection[str], analyzer: Analyzer) -> frozenset[str] | None:
    """The terms of ``forms`` (a word and the abbreviations written out with it): None
    where one yields no term of its own (a stop word) or splits otherwise (an apostrophe)."""
    if any(word in analyzer.language.stopwords or "'" in word for word in forms):
        return None
    return frozenset(analyzer.stem(word) for word in forms)


def _after_a_whole_place(run: Sequence[str], kind: str | None, word: str, language: Language) -> bool:
    """Whether ``word`` begins another name after an office's place that ``run`` names
    whole: by its abbreviation ("Kapolres Muba Fajar Nugroho": Muba is Musi Banyuasin,
    and Fajar Nugroho its police chief), or ending with a compass point, as an
    Indonesian place's name does ("Pjs Bupati Bengkulu Selatan Sisardi": the place
    read "Bengkulu Selatan Sisardi" held out every article). Only a
    compass point goes on with it ("OKU Timur", "Nusa Tenggara Barat"), a word a letter
    or two from one ("OKU Timr"), or, after a point, the second word of one ("Sumba
    Barat Daya": compass_point_seconds.txt)."""
    if kind != OFFICE or word in language.compass_points:
        return False
    points = language.compass_point_words
    after_a_point = len(run) > 1 and run[-1] in points
    if not after_a_point and run[-1] not in language.abbreviations:
        return False
    if after_a_point and word in language.compass_point_seconds:
        return False
    return not _near_points(word, points)


def near_a_compass_point(word: str, language: Language) -> bool:
    """Whether ``word`` is a compass point, or a letter or two from one ("Seltan"): the
    place rules read it as that point, whether or not the archive writes it so."""
    return bool(_near_points(word, language.compass_point_words))


def _near_points(word: str, points: Collection[str]) -> list[str]:
    """The compass ``points`` ``word`` is, or is a letter or two from ("timr": timur),
    by distance, not by the speller's mend (:func:`_with_compass_point_after`)."""
    return [point for point in sorted(points) if edit_distance(word, point, limit_for(point)) <= limit_for(point)]


def _joined(text: str, previous: Word, word: Word, language: Language) -> bool:
    """Whether ``word`` may continue the name ``previous`` is in: only spaces between
    them, or the dot of an abbreviated office or kind ("Kab. Rejang Lebong")."""
    gap = text[previous.end : word.start]
    if SAME_NAME_GAP.fullmatch(gap):
        return True
    abbreviated = previous.text in language.place_kinds or previous.text in language.place_titles
    return abbreviated and AFTER_ABBREVIATION_GAP.fullmatch(gap) is not None


def _name_word(word: Word, text: str, language: Language) -> bool:
    """A capitalised word that can be part of a place's name: not an office, a stop word,
    a question word, a month or a weekday ("Rejang Lebong Saat Ini", "Kota Medan Sabtu")."""
    written = text[word.start : word.end]
    return written[:1].isupper() and (written in language.capital_abbreviations or not never_a_name_word(word.text, language))


def never_a_name_word(word: str, language: Language) -> bool:
    """An office, a stop word, a question word, a month, a weekday or a word asking for
    the present ("Rejang Lebong Sekarang": latest_words.txt): not part of a place's name,
    capitalised or not."""
    return (
        word in language.place_titles
        or word in language.stopwords
        or (word,) in language.question_words
        or word in language.months
        or word in language.weekdays
        or word in language.present_words
    )


def _needles(places: Sequence[PlaceName], analyzer: Analyzer, with_kinds: bool) -> frozenset[str]:
    """What a text must hold, in lower case, to name one of ``places``: the names' words
    and their abbreviations; ``with_kinds``, or another place of their kind: the kind
    words. Reading the names of only such texts keeps this cheap on long articles."""
    language = analyzer.language
    words = {word for place in places for word in place.name}
    abbreviations = {short for word in words for short in _other_forms(word, language)}
    if not with_kinds:
        return frozenset(words | abbreviations)
    kinds = {place.kind for place in places}
    kind_words = {word for word, kind in language.place_kinds.items() if kind.kind in kinds}
    return frozenset(words | abbreviations | kind_words)


def _holds_any(folded: str, needles: frozenset[str]) -> bool:
    return any(needle in folded for needle in needles)


def _same_place(name: tuple[str, ...], kind: str | None, place: PlaceName, language: Language) -> bool:
    """Whether a name in an article names ``place``, either of them perhaps run on into
    the next word ("Wali Kota Tasikmalaya Bubun Bunyamin" in the article, "Kabupaten
    Rejang Lebong Sekarang" in a question written in title case), or the place with its
    kind word inside a longer run ("Begitulah Kota Bandung"). What a question reads as an
    office's place may be its holder's name ("Sekda Asmar Wijaya"), which an article
    writes after a person's title (person_titles.txt: "Ir Asmar Wijaya MSi")."""
    if place.kind == OFFICE:
        name = _untitled(name, language)
        place = PlaceName(place.kind, _untitled(place.name, language))  # "Sekda Ir Asmar Wijaya" asked
    size = len(place.name)
    if name[:size] == place.name:
        return not _another_by_compass_point(name, kind, place, language)
    # A question's name may run on into its next word in title case ("Kabupaten Rejang
    # Lebong Sekarang"); not one an office names, which its own words end: "Bupati
    # Bengkulu Selatan" is not named by "Gubernur Bengkulu".
    if kind in (None, place.kind) and place.kind != OFFICE and place.name[: len(name)] == name:
        return not _another_by_compass_point(place.name, kind, PlaceName(place.kind, name), language)
    return any(
        name[i : i + size] == place.name
        and _names_kind(name[i - 1], place.kind, language)
        and not _another_by_compass_point(name[i:], place.kind, place, language)
        for i in range(1, len(name))
    )


def _untitled(name: tuple[str, ...], language: Language) -> tuple[str, ...]:
    """``name`` less the person's titles it opens with (person_titles.txt: "ir" of "Ir
    Asmar Wijaya MSi"), its last word kept."""
    titled = 0
    while titled < len(name) - 1 and name[titled] in language.person_titles:
        titled += 1
    return name[titled:]


def _names_kind(word: str, kind: str, language: Language) -> bool:
    place_kind = language.place_kinds.get(word)
    return place_kind is not None and place_kind.name_after and place_kind.kind == kind


def _ends_with(name: tuple[str, ...], part: tuple[str, ...]) -> bool:
    # Only a name longer on its left is another place ("Rejang Lebong"): one longer on its
    # right is mostly the next name run on.
    return len(name) > len(part) and name[-len(part) :] == part


def _another_by_compass_point(name: tuple[str, ...], kind: str | None, place: PlaceName, language: Language) -> bool:
    """Whether ``name`` (of ``kind``) is the place's name followed by a compass point the
    place's does not end with, and so another place of its level: "Ogan Komering Ulu
    Timur" for the regency or the regent of "Ogan Komering Ulu", "Bengkulu Selatan" for
    the governor of Bengkulu. A compass point run on is part of the name, not the next
    name. Of another level it may be a part of the place ("Aceh Tengah" in "daerah Aceh")."""
    points = language.compass_point_words
    runs_on = len(name) > len(place.name) and name[len(place.name)] in points and place.name[-1] not in points
    return runs_on and (place.kind == OFFICE or kind == place.kind)


def _compass_sibling(name: tuple[str, ...], place: tuple[str, ...], language: Language) -> bool:
    """Whether ``name`` is the place's name with another compass point: "Sumatera Utara"
    for "Sumatera Barat", "Bengkulu Utara" for "Bengkulu Selatan". Two places, however
    many words they share; the name may run on into the next ("Sumatera Utara Tengku")."""
    points = language.compass_point_words
    for i in range(1, min(len(name), len(place))):
        if place[i] in points:
            return name[:i] == place[:i] and name[i] in points and name[i] != place[i]
    return False


def _long_form(words: tuple[str, ...], analyzer: Analyzer) -> tuple[str, ...]:
    """The name as words: abbreviations written out ("Muba" is "Musi Banyuasin"),
    hyphens as spaces ("Rejang-Lebong"), stray letters dropped ("D.I. Yogyakarta"), and a
    province that starts it by its name ("DKI Sutiyoso" is "Jakarta Sutiyoso")."""
    language = analyzer.language
    parts = (part for word in words for part in word.split("-") if len(part) > 1)
    name = tuple(w for part in parts for w in language.abbreviations.get(part, (part,)))
    form = _province_form(name, language)
    return name if form is None else language.provinces[form] + name[len(form) :]


@dataclass(frozen=True)
class ProvinceSlot:
    """A province a text names with a capital, and the word right before it, past a
    kind word: "Kepala Dinas Kehutanan Provinsi Lampung" gives "kehutanan" and Lampung.
    The word says what of the province the text speaks of (its forestry service)."""

    before: str
    province: tuple[str, ...]


def province_slots(text: str, analyzer: Analyzer) -> list[ProvinceSlot]:
    """Each province ``text`` names, with a capital, right after a word of its own
    phrase: not after a comma, a bracket or a dash, where a list, a dateline or a route
    ("Sumatera Selatan - Jawa Barat") goes on."""
    language = analyzer.language
    slots = []
    for (start, _), name in _province_matches(text, language):
        if not text[start : start + 1].isupper():
            continue
        before = [word.text for word in analyzer.words(text[max(0, start - SLOT_REACH) : start])]
        while before and (kind := language.place_kinds.get(before[-1])) is not None and kind.kind == "province":
            before.pop()  # "Dinas Kehutanan Provinsi Lampung": the phrase's word is "kehutanan"
        if before and not text[:start].rstrip().endswith(SLOT_BREAKS):
            slots.append(ProvinceSlot(before[-1], name))
    return slots


# How far back the word before a province is looked for, past a kind word or two.
SLOT_REACH = 60
SLOT_BREAKS = (",", ".", ";", ":", "(", "-", "–", "—", "/")


def another_provinces_office(asked: Sequence[ProvinceSlot], passage: str, article: Iterable[str], analyzer: Analyzer) -> bool:
    """Whether ``passage`` speaks of another province's office or body than the
    question asks after, in the same words, and its article (headline and paragraphs,
    ``article``) never names the asked one: "Siapakah Kepala Badan Perencanaan
    Pembangunan Daerah Sumut?" is not answered by "Kepala Badan Perencanaan Pembangunan
    Daerah Kalbar Fathan mengatakan ...". A province named without a word of the
    question's before it says nothing: a route or a list ("dari Musi Banyuasin ke
    Lampung") may pass through it."""
    folded = normalize(passage)  # a slot's word is one of the passage's, as the analyzer reads it
    if not any(wanted.before in folded for wanted in asked):
        return False
    rival = any(
        slot.before == wanted.before and slot.province != wanted.province
        for slot in province_slots(passage, analyzer)
        for wanted in asked
    )
    if not rival:
        return False
    provinces = {wanted.province for wanted in asked}
    # Read until a text names one: most articles a rival's office is kept for do so early.
    return not any(provinces & _provinces_named(text, analyzer.language) for text in article)


@dataclass(frozen=True)
class OfficeSlot:
    """A place named right after an office held for it, and that office's word: "Plh
    Sekda Muba" gives "sekda" and Musi Banyuasin (its long form)."""

    office: str
    place: tuple[str, ...]


def office_slots(text: str, analyzer: Analyzer) -> list[OfficeSlot]:
    """Each place ``text`` names right after an office of place_offices.txt ("Bupati
    Bengkulu Selatan", "Plh Sekda Muba"), with the office's word. The name may be a
    person's ("Bupati Sisardi"): :func:`another_places_office` asks whether it is a place."""
    words = analyzer.words(text)
    last_word = {word.end: i for i, word in enumerate(words)}
    slots = []
    for run in name_runs(text, analyzer, offices=True):
        last = last_word.get(run.end)
        first = -1 if last is None else last - len(run.words) + 1
        if run.kind == OFFICE and first > 0 and words[first - 1].text in analyzer.language.place_offices:
            slots.append(OfficeSlot(words[first - 1].text, _long_form(run.words, analyzer)))
    return slots


def _office_slots_of(text: str, folded: str, offices: Collection[str], analyzer: Analyzer) -> list[OfficeSlot]:
    """:func:`office_slots` of ``text`` (``folded``: normalised), at least those of
    ``offices``. No name runs over a break (:func:`_is_break`), and the names of a
    stretch between two are those of the whole text: an ASCII text is read only in the
    stretches that hold an office's letters, as :func:`_names_near` reads a place's."""
    if not text.isascii():
        return office_slots(text, analyzer)
    slots: list[OfficeSlot] = []
    for start, end in sorted(_stretches(text, folded, offices, analyzer.language)):
        slots += office_slots(text[start:end], analyzer)
    return slots


def another_places_office(asked: Sequence[OfficeSlot], passage: str, article: Iterable[str], analyzer: Analyzer) -> bool:
    """Whether ``passage`` names the asked office held for another place, and never the
    asked place: "Siapa Plh Sekda OKI?" is not answered by "..., ungkap Plh Sekda Muba,
    Andi Wijaya Busro", though its article names OKI further on. The other name must
    surely be a place, not the holder's own name ("Pj Bupati Apriyadi"): a province, an
    abbreviation of the data files ("Muba"), or a name its article (headline and
    paragraphs, ``article``) writes after a kind word ("Pemkab Muba")."""
    language = analyzer.language
    # A slot's office is one of the passage's words, read as the analyzer reads them: a
    # passage that never writes the asked office's word has none of it, and the names
    # of most candidates of "Gubernur Bali" need not be read (a third of its candidate
    # stage at a million paragraphs).
    folded = normalize(passage)
    if not any(wanted.office in folded for wanted in asked):
        return False
    rivals = {
        slot.place
        for slot in _office_slots_of(passage, folded, {wanted.office for wanted in asked}, analyzer)
        for wanted in asked
        if slot.office == wanted.office
        and not _same_place(slot.place, OFFICE, PlaceName(OFFICE, wanted.place), language)
        and wanted.place[: len(slot.place)] != slot.place  # a headline-cased question runs on: "Bupati OKU Timur Ingatkan ..."
    }
    if not rivals:
        return False
    named = _long_names(passage, analyzer)
    if any(_same_place(name, kind, PlaceName(OFFICE, wanted.place), language) for name, kind in named for wanted in asked):
        return False
    texts = tuple(article)  # read once for every rival
    return any(_surely_a_place_name(rival, texts, analyzer) for rival in rivals)


def _surely_a_place_name(name: tuple[str, ...], article: Sequence[str], analyzer: Analyzer) -> bool:
    """Whether ``name`` (a long form, perhaps run on into its holder's name: "Sekda Lahat
    Budi") starts with a province, the long form of an abbreviation of the data files, a
    name ``article`` (its headline, then its paragraphs) writes after a kind word
    ("Kabupaten Lahat"), or the place its dateline names ("PAGAR ALAM, PAGARALAMPOS –":
    "Kepala BPBD Pagar Alam" is no head of Lahat's)."""
    language = analyzer.language
    if _province(name, language) is not None or any(name[: len(long_form)] == long_form for long_form, _ in language.long_forms):
        return True
    if any(name[: len(place)] == place for place in _dateline_places(article[1 : 1 + DATELINE_WITHIN], analyzer)):
        return True
    # A name it starts with holds its first word (:func:`first_word_forms`): the texts that
    # write no form of it, most of a long article, have their names left unread.
    forms = _word_forms(name[0], language) if name else ()
    return any(
        kind not in (None, OFFICE) and name[: len(written)] == written
        for text in article
        if _may_write(text, forms)
        for written, kind in _long_names(text, analyzer)
    )


def _may_write(text: str, forms: Collection[str]) -> bool:
    """Whether ``text`` may hold a name holding a word of ``forms`` (:func:`_word_forms`):
    an ASCII text only if it holds one of them in lower case (its words are); beyond
    ASCII, which normalising may change, any."""
    if not text.isascii():
        return True
    lowered = text.lower()
    return any(form in lowered for form in forms)


def _dateline_places(paragraphs: Iterable[str], analyzer: Analyzer) -> Iterator[tuple[str, ...]]:
    """The place each of ``paragraphs`` opens its dateline with, as its words: "Jakarta"
    of "Jakarta, Kompas -", "Pagar Alam" of "PAGAR ALAM, PAGARALAMPOS –"."""
    for paragraph in paragraphs:
        parts = dateline_parts(paragraph, analyzer.language)
        if parts and len(parts) >= 2:
            words = tuple(word.text for word in analyzer.words(parts[0]))
            if words:
                yield words


def _provinces_named(text: str, language: Language) -> set[tuple[str, ...]]:
    """Every province ``text`` names, in any of its forms."""
    return {name for _, name in _province_matches(text, language)}


def _province_matches(text: str, language: Language) -> Iterator[tuple[tuple[int, int], tuple[str, ...]]]:
    """The span of each form of a province ``text`` writes, and the province's name (an
    English-order form, "west java", which provinces.tsv does not list, is none)."""
    any_case, lower_case = _province_patterns(language)
    # Lower-casing keeps an ASCII text's offsets; it may move others' ("İ" is two).
    read = lower_case.finditer(text.lower()) if text.isascii() else any_case.finditer(text)
    for match in read:
        name = language.provinces.get(tuple(match.group().lower().split()))
        if name is not None:
            yield match.span(), name
