"""Where a text holds the kind of thing a question asks for: a name for "siapa", a date
for "kapan", a count for "berapa jumlah". The ranker (is there one?), the excerpt (keep
it whole) and the no-answer decision read passages for it; none of them owns it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import dropwhile, islice, takewhile
from typing import NamedTuple

from retrieval.analysis import Analyzer, Question, spelt_out
from retrieval.language import Language

# The answer type of a question asking a species' Latin name: its answer names that
# species, written beside its common name (answer_cues.tsv), not another's.
SPECIES = "species"
# The answer type of a question asking how many of a thing ("berapa ASN"): its answer
# counts that thing, not another (counted_thing).
COUNT = "count"
# How many words after a count are read for what it counts: "100 peserta yang merupakan
# investor asing"; and how far its clause is looked for.
COUNTED_WORDS = 8
CLAUSE_LENGTH = 80
# How many words after "how many" may name what it counts: "Thai fishing boats".
ENGLISH_COUNTED_WORDS = 3
# Where a count's clause ends: "jumlahnya 500, sedangkan ..." counts nothing after it;
# and, read back from a Latin name in brackets, where the words naming its species begin.
CLAUSE_END_RE = re.compile(r"[,.;:!?()\"\n“”]")

# Answer types asking where: any place, or one of a kind ("Di negara manakah ...?").
PLACE_TYPES = frozenset({"place", "country", "province"})
# Answer types whose answers are names, which office words ("Pemerintah Kabupaten") are
# not. A country's or a province's cue is a name from a list already, and "Indonesia"
# answers "Di negara apa ...?" though it answers no "di mana".
NAMED_TYPES = frozenset({"person", "place"})

# Answer types whose answer must be in the passage for it to count as an answer: a
# "when" question answered by a passage without a date has not been answered. A weak cue
# (answer_cues.tsv "<type>-weak": a year alone for "when") is enough for the ranker to
# keep a passage; only a full cue is boosted. The excerpt shows a sentence holding one.
MEASURES = frozenset({"length", "area", "money", "weight", "temperature", "speed", "age"})  # measures.tsv
# "expansion" too: a passage that only uses the asked abbreviation ("HUT Ke-52 KORPRI")
# does not say what it stands for, and one that spells out another ("Aparatur Sipil
# Negara (ASN)") is no answer for KORPRI (asked_cues). And "reason": a paragraph that gives
# no cause or purpose does not say why (answer_cues.tsv); "effect": one that tells an
# event, or its cause, does not say what came of it.
# And a place of the kind asked: a paragraph naming Pyongyang and no country does not
# say which country it is in.
REQUIRED_CUES = frozenset({"time", "month", "clock", "since", "until", "start", "number", "count", "duration", "percent", "species", "expansion", "reason", "effect", "country", "province"}) | MEASURES


class CueMatch(NamedTuple):
    """A thing of an answer type in a text, whatever the question: its span and its
    words as the analyzer writes them."""

    start: int
    end: int
    words: tuple[str, ...]
    short: str = ""  # of an "expansion" match, the abbreviation its long form spells out
    after: str = ""  # of a "count" match, the text after it in its clause: what it counts
    names: str = ""  # of a "species" match, the common name written beside it: what it names


def has_cue(text: str, question: Question, analyzer: Analyzer, weak: bool = False) -> bool:
    """Whether ``text`` holds something of the asked-for type that the question does
    not already say: a name the question names is no answer to "siapa", nor is
    "Pemerintah Kabupaten"."""
    return any_asked(iter_cue_matches(text, question.answer_type, analyzer, weak), question, analyzer)


def cue_matches(text: str, answer_type: str | None, analyzer: Analyzer, weak: bool = False) -> tuple[CueMatch, ...]:
    """What of ``answer_type`` ``text`` holds, in pattern order, before the question
    has its say (:func:`asked_cues`): the half of the work a passage can keep for every
    question of that type."""
    return tuple(iter_cue_matches(text, answer_type, analyzer, weak))


def iter_cue_matches(text: str, answer_type: str | None, analyzer: Analyzer, weak: bool = False) -> Iterator[CueMatch]:
    """:func:`cue_matches`, found as they are read: whether a passage holds a cue at all
    is mostly settled by its first. Office words alone ("Lingkungan Pemerintahan
    Kabupaten") are no person's name, nor a place named after its kind (place_nouns.txt)."""
    cues = analyzer.language.answer_cues
    patterns = cues.get((answer_type or "") + ("-weak" if weak else ""))
    if not patterns:
        return
    weaker: list[tuple[int, int]] | None = [] if weak else None  # found when a match needs them
    person = answer_type == "person"
    country = answer_type == "country"
    for pattern in patterns:
        group = "answer" if "answer" in pattern.groupindex else 0
        for match in pattern.finditer(text):
            start, end = match.span(group)
            if weaker is None:
                weaker = [m.span() for p in cues.get(f"{answer_type}-weak", ()) for m in p.finditer(text)]
            if any(s <= start and end <= e for s, e in weaker):
                continue  # inside a weak cue: "September" in "sejak 27 September" answers "since when"
            written = match.group(group)
            # A country in capitals ("AS", "RI") is its name, whose words a question may
            # give ("AS" in small letters is a stop word).
            words = (country and analyzer.language.country_abbreviations.get(written)) or tuple(analyzer.word_texts(written))
            if person and words and words[0] in analyzer.language.place_nouns:
                continue  # a place named by its kind: "Aula Bina Praja II", "Gedung Pola", "Hotel Santika"
            offices = sum(1 for w in words if w in analyzer.language.not_names) if person else 0
            if offices and 2 * offices >= len(words):
                continue  # an office, not a person's name (a place may well be one: "Gedung Pola Kantor Gubernur Bengkulu")
            short = match.group("short") if "short" in pattern.groupindex else ""
            if short and not spelt_out(match):
                continue  # a name and its office in brackets: "Sisardi (Sekretaris Daerah)"
            after = _clause_after(text, end) if answer_type == COUNT else ""
            yield CueMatch(start, end, words, short, after, _common_name(text, match, analyzer) if answer_type == SPECIES else "")


def asked_cues(matches: Iterable[CueMatch], question: Question, analyzer: Analyzer) -> Iterator[tuple[int, int]]:
    """The (start, end) of the ``matches`` (of the question's answer type) that the
    question does not already give."""
    asked = _asked(question.concepts)
    counted = counted_thing(question, analyzer) if question.answer_type == COUNT else None
    named = question.answer_type in NAMED_TYPES
    person = question.answer_type == "person"
    expansion = question.answer_type == "expansion"
    species = question.answer_type == SPECIES
    for start, end, words, short, after, names in matches:
        if expansion and not _spells_out_asked(short, words, question, analyzer):
            continue  # another abbreviation spelt out: "Aparatur Sipil Negara (ASN)" asked what KORPRI stands for
        if species and not _names_asked_species(names, question, analyzer):
            continue  # another species' Latin name: "penyu lekang (Dermochelys coriacea)" asked about the penyu sisik
        if counted and counts_another_thing(after, counted, asked, analyzer):
            continue  # "tiga poin utama" for "Berapa ASN di Pemprov Bengkulu?"
        for word in words:
            if named and word in analyzer.language.not_names:
                continue
            if person and _never_a_person(word, analyzer.language):
                continue
            terms = analyzer.word_terms(word)
            # A name, date or number the question does not give; or a "karena",
            # which, being a stop word, has no terms at all. An abbreviation's terms
            # include its long form's words ("OKU": oku, ogan, komering, ulu): the
            # question gives it when it gives any of them.
            if terms and not _given(word, terms, asked) or not terms and not named:
                yield start, end
                break


def any_asked(matches: Iterable[CueMatch], question: Question, analyzer: Analyzer) -> bool:
    """Whether any of ``matches`` is something the question does not already give (read
    only as far as the first that is)."""
    return next(asked_cues(matches, question, analyzer), None) is not None


class Counted(NamedTuple):
    """What a question asking how many counts: every term the question gives for it (an
    English word's translations too: "berapa civil servants" counts ASN), and whether
    people are counted (counted_people.txt, or what befell them: "How many died ...?"),
    whom any word for people counts ("10 warga" answers "Berapa korban ...?")."""

    terms: frozenset[str]
    people: bool


@lru_cache(maxsize=256)  # asked of each count of each candidate: worked out once a question
def counted_thing(question: Question, analyzer: Analyzer) -> Counted | None:
    """What a count question counts, as typed in a chat too ("brp": colloquial_id.tsv).
    In Indonesian the noun after "berapa", past leading "jumlah(nya)", "banyak"
    (count_heads.txt), a modifier (measure_modifiers.txt) or a classifier ("berapa ekor
    gajah": count_classifiers.txt): "Berapa ASN di Pemprov Bengkulu?" counts ASN,
    "Berapa kepala OPD ...?" heads; one word, as a second is as often a place or a verb
    ("Berapa masjid rusak ...?"). In English, whose words are not its concepts' terms,
    the concepts of the words after "how many" up to a stop word, at most three ("How
    many Thai fishing boats stopped ...?": Thai, fishing, boats). A kind counts its
    things and a thing its kind (count_kinds.tsv: "45 mobil" for "Berapa kendaraan
    ...?"). None when it names nothing ("Berapa yang tewas?")."""
    language = analyzer.language
    written = [language.without_question_ending(word) for word in analyzer.standard_word_texts(question.text)]
    if question.language == "en":
        at = next((i + 2 for i in range(len(written) - 1) if language.question_words.get(tuple(written[i : i + 2])) == COUNT), None)
        named = list(islice(takewhile(lambda word: word not in language.stopwords, written[at:]), ENGLISH_COUNTED_WORDS)) if at else []
        found = [analyzer.english_word_terms(word).union(analyzer.word_terms(word)) for word in named]
    else:
        at = next((i + 1 for i, word in enumerate(written) if word in language.count_openers), None)
        named = list(islice(dropwhile(lambda word: _leads_the_counted(word, analyzer), written[at:]), 1)) if at else []
        found = [frozenset(analyzer.word_terms(word)) for word in named if word not in language.stopwords]
    own = frozenset().union(*found)
    terms = own.union(*(concept for concept in question.concepts if concept & own))
    terms |= frozenset().union(*(_kin_terms(analyzer).get(term, ()) for term in terms))
    # What befell people counts them: "How many died ...?"
    return Counted(terms, bool(terms & (_people_terms(analyzer) | _befalling_terms(analyzer)))) if terms else None


def counts_another_thing(after: str, counted: Counted, asked: frozenset[str], analyzer: Analyzer) -> bool:
    """Whether a count followed by the text ``after`` (to the end of its clause) counts a
    thing other than ``counted``. Not when a word of it up to a preposition
    (count_clause_ends.txt) names the thing counted ("700 unit kapal", "100 peserta yang
    merupakan investor asing"; "tiga poin utama kepada ASN" counts points). Else the
    first word past number words and classifiers ("8 ribu ASN", "40 jenis burung":
    count_classifiers.txt) tells: nothing, a stop word, a unit (count_units.txt,
    currency_words.txt: "9,5 km", "600 juta dollar", "830.000 orang"), what befell people counted
    (required_words.tsv's count lines: "12 meninggal dunia"), people where people are
    counted ("10 warga", "2.000 pekerjanya") or a word the question gives ("69 positif
    HIV" for "Berapa orang yang positif HIV ...?") count it; any other word names another
    thing: "tiga poin utama" counts points, not the ASN asked about."""
    language = analyzer.language
    words = list(islice(takewhile(lambda word: word not in language.count_clause_ends, analyzer.word_texts(after)), COUNTED_WORDS))
    if any(counted.terms.intersection(analyzer.word_terms(word)) for word in words):
        return False
    first = next((word for word in words if not word[:1].isdigit() and word not in language.number_words and word not in language.count_classifiers), None)
    if first is None or first in language.stopwords or first in language.count_units or first in language.currency_words:
        return False
    terms = frozenset(analyzer.word_terms(first))
    if terms & _befalling_terms(analyzer) or counted.people and terms & _people_terms(analyzer):
        return False
    return not terms & asked


def _leads_the_counted(word: str, analyzer: Analyzer) -> bool:
    """Whether ``word`` may stand between "berapa" and what it counts (count_heads.txt,
    measure_modifiers.txt, count_classifiers.txt), whatever its ending ("berapa
    jumlahnya korban ..."), as a chat's particle may ("berapa sih jumlah ASN":
    address_particles.txt). Another stop word does not: "Berapa yang tewas?" names
    nothing."""
    if word in analyzer.language.address_particles:
        return True
    terms = analyzer.word_terms(word)
    return bool(terms) and _leading_terms(analyzer).issuperset(terms)


@lru_cache(maxsize=4)
def _leading_terms(analyzer: Analyzer) -> frozenset[str]:
    """The terms of the words of :func:`_leads_the_counted`."""
    language = analyzer.language
    words = language.count_heads | language.measure_modifiers | language.count_classifiers
    return frozenset(term for word in words for term in analyzer.word_terms(word))


@lru_cache(maxsize=4)
def _people_terms(analyzer: Analyzer) -> frozenset[str]:
    """The terms of every word for people counted (counted_people.txt): "pekerjanya" is
    one of them."""
    return frozenset(term for word in analyzer.language.counted_people for term in analyzer.word_terms(word))


@lru_cache(maxsize=4)
def _kin_terms(analyzer: Analyzer) -> dict[str, frozenset[str]]:
    """For each term of count_kinds.tsv, the terms it counts as: a kind's, its things';
    a thing's, its kind's."""
    kin: dict[str, set[str]] = {}
    for kind, things in analyzer.language.count_kinds.items():
        kind_terms = set(analyzer.word_terms(kind))
        thing_terms = {term for thing in things for term in analyzer.word_terms(thing)}
        for term in kind_terms:
            kin.setdefault(term, set()).update(thing_terms)
        for term in thing_terms:
            kin.setdefault(term, set()).update(kind_terms)
    return {term: frozenset(terms) for term, terms in kin.items()}


@lru_cache(maxsize=4)
def _befalling_terms(analyzer: Analyzer) -> frozenset[str]:
    """The terms of what befell people counted, as required_words.tsv's count lines
    write it ("tewas", "luka-luka", "selamat"): a count followed by one counts them."""
    lines = (words for types, words, _ in analyzer.language.required_words if COUNT in types)
    return frozenset(term for words in lines for word in words for term in analyzer.word_terms(word))


def _clause_after(text: str, end: int) -> str:
    """The text after ``end`` to the end of its clause, at most CLAUSE_LENGTH characters:
    what a count there counts."""
    rest = text[end : end + CLAUSE_LENGTH]
    stop = CLAUSE_END_RE.search(rest)
    return rest[: stop.start()] if stop else rest


def _common_name(text: str, match: re.Match[str], analyzer: Analyzer) -> str:
    """The words a species' Latin name is written beside: its pattern's ``names`` group
    ("Paracanthurus hepatus (leter six)"), else the words before the bracket it stands
    in, back to the start of their clause (CLAUSE_END_RE: punctuation, brackets,
    quotes), at most CLAUSE_LENGTH characters, or to a stop word ("dan", "adalah",
    "seperti", "oleh"), but one joining two names of the species (species_name_joiners.txt:
    "atau"): "penyu belimbing, penyu lekang (Dermochelys coriacea)": "penyu lekang";
    "sawit dan jarak pagar (Jathropa curcas)": "jarak pagar"; "monyet thomas atau kedih
    (Presbytis thomasi)": all of it."""
    if "names" in match.re.groupindex:
        return match.group("names") or ""
    before = text[max(0, match.start() - CLAUSE_LENGTH) : match.start()]
    words = CLAUSE_END_RE.split(before)[-1].split()
    stops, joiners = analyzer.language.stopwords, analyzer.language.species_name_joiners
    last_stop = max((i for i, word in enumerate(words) if (folded := word.casefold()) in stops and folded not in joiners), default=-1)
    return " ".join(words[last_stop + 1 :])


def _names_asked_species(names: str, question: Question, analyzer: Analyzer) -> bool:
    """Whether the common name ``names`` a Latin name is written beside is the species
    the question asks about: it holds every concept of one of the runs of words the
    question may name the species by (:func:`_asked_species`). "Apa nama latin
    orangutan Sumatera?" is not answered by "orangutan kalimantan (Pongo pygmaeus
    pygmaeus)", nor "Apakah nama latin dari kijang?" by "orangutan (Pongo pygmaeus)". A
    question naming none asks of no one species: any Latin name answers it."""
    runs = _asked_species(question, analyzer)
    written = {term for word in analyzer.word_texts(names) for term in analyzer.word_terms(word)}
    return not runs or any(all(concept & written for concept in run) for run in runs)


@lru_cache(maxsize=256)  # asked of each Latin name of each candidate: worked out once a question
def _asked_species(question: Question, analyzer: Analyzer) -> tuple[tuple[frozenset[str], ...], ...]:
    """The runs of concepts that may name the species a question asks the Latin name of:
    its words after the words asking it ("apa nama latin": question_words.tsv), split at
    stop words, less a word naming a kind of living thing (species_kinds.txt: "hewan",
    "pohon"), which news mostly leaves out beside a Latin name. One of them is its name:
    "Apa nama latin untuk hewan gajah Sumatera?": (gajah, sumatera); "Apa nama ilmiah
    kayu ramin yang ditebang liar di Sebangau?": (ramin), (tebang, liar), (sebangau);
    "Apa nama latin yang dimiliki oleh lutung?": (milik), (lutung). A word is asked as
    typed: "kantong semar" is not "kantung semar"."""
    asking = _asking_phrase(question.text, analyzer, SPECIES)
    if asking is None:
        return ()
    language = analyzer.language
    runs: list[list[frozenset[str]]] = [[]]
    for word in analyzer.words(question.text[asking[1] :]):
        if word.text in language.stopwords:
            runs.append([])
        elif word.text not in language.species_kinds:
            runs[-1].extend(c for c in islice(analyzer.concepts_of(word.text, question), 1) if c not in runs[-1])
    return tuple(tuple(run) for run in runs if run)


def _spells_out_asked(short: str, long_form: tuple[str, ...], question: Question, analyzer: Analyzer) -> bool:
    """Whether an abbreviation spelt out beside its long form is the one asked after: the
    question gives it as the abbreviation it asks about (:func:`_asked_abbreviation`;
    "Apa kepanjangan PGRI yang ... ASN Pemkab Muba?" is not answered by "Aparatur Sipil
    Negara (ASN)"), or gives a long form of two words or more, every one of them in this
    one ("Apakah singkatan dari Perhimpunan Bantuan Hukum dan HAM?"; "Apa kepanjangan
    HAM?" is not answered by "... dan HAM (PBHI)")."""
    asked = _asked_abbreviation(question, analyzer)
    if any(asked.intersection(analyzer.word_terms(w)) for w in analyzer.word_texts(short)):
        return True
    spelt = {t for word in long_form for t in analyzer.word_terms(word)}
    return len(question.concepts) > 1 and all(concept & spelt for concept in question.concepts)


@lru_cache(maxsize=256)  # asked of each spelt-out match of each candidate: worked out once a question
def _asked_abbreviation(question: Question, analyzer: Analyzer) -> frozenset[str]:
    """The concept of the abbreviation a question asking what one stands for asks about:
    past a clause ending in a comma ("Di Muba, apa kepanjangan ASN?"), the first word
    written in capitals ("Apa kepanjangan PGRI yang HUT ke-78-nya ...?"), else the first
    word of a concept ("bs itu singkatan kabupaten apa ya"), else the first concept (a
    long form read as its abbreviation: "Apa singkatan dari Aparatur Sipil Negara?").
    Any abbreviation the question gives had counted, and "ASN" answered for PGRI."""
    text = question.text
    clause_end = text.rfind(",", 0, _expansion_word_at(text, analyzer))  # "Apa kepanjangan Dewats, pelaksana ...?": its comma comes after
    for part in (text[clause_end + 1 :], text):  # the words past the clause, if one holds a concept
        held = [(word, concept) for word in analyzer.words(part) for concept in islice(analyzer.concepts_of(word.text, question), 1)]
        if held:
            capitals = (concept for word, concept in held if len(word.text) > 1 and part[word.start : word.end].isupper())
            return next(capitals, held[0][1])
    return question.concepts[0] if question.concepts else frozenset()


def _expansion_word_at(text: str, analyzer: Analyzer) -> int:
    """Where ``text`` first writes a word asking what an abbreviation stands for
    ("kepanjangan", "stand for": question_words.tsv), or 0."""
    asking = _asking_phrase(text, analyzer, "expansion")
    return asking[0] if asking else 0


def _asking_phrase(text: str, analyzer: Analyzer, answer_type: str) -> tuple[int, int] | None:
    """The start and end in ``text`` of the first words asking for ``answer_type``
    (question_words.tsv: "kepanjangan", "apa nama latin"), or None."""
    asking = analyzer.language.question_words
    words = analyzer.words(text)
    for i in range(len(words)):
        size, found = analyzer.longest_phrase(words, i, asking)
        if found == answer_type:
            return words[i].start, words[i + size - 1].end
    return None


def _given(word: str, terms: tuple[str, ...], asked: frozenset[str]) -> bool:
    """Whether the question gives ``word`` (of ``terms``): any of its terms, but a date
    in numbers only with its day, month and year ("30/9/24": 30, september, 2024), so
    "12.09.2007" answers "Kapan gempa Bengkulu 2007?"."""
    if word[:1].isdigit() and len(terms) > 1:
        return all(t in asked for t in terms[1:])
    return any(t in asked for t in terms)


@lru_cache(maxsize=256)
def _asked(concepts: tuple[frozenset[str], ...]) -> frozenset[str]:
    """Every term of the question's concepts: asked of each cue of every candidate."""
    return frozenset().union(*concepts)


def _never_a_person(word: str, language: Language) -> bool:
    """A month, a weekday, an abbreviation or a province ("September", "Pemprov",
    "Bengkulu") is capitalised without naming anyone."""
    return word in language.months or word in language.weekdays or word in language.abbreviations or (word,) in language.provinces
