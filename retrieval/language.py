"""The language knowledge tanya uses, read from the data files beside this module."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache, wraps
from importlib import resources
from typing import NamedTuple, TypeVar

from retrieval.patterns import Pattern, read_patterns

S = TypeVar("S")  # what a compiled form is made of
M = TypeVar("M")  # ... and the form

DATA_FILES = (
    "abbreviations.tsv",
    "capital_abbreviations.tsv",
    "address_words.txt",
    "address_particles.txt",
    "thanks_trailers.txt",
    "anaphors.txt",
    "copulas.txt",
    "unnamed_referents.txt",
    "answer_cues.tsv",
    "asked_place_kinds.tsv",
    "asking_openers.txt",
    "attributions.txt",
    "boilerplate.tsv",
    "bylines.txt",
    "captions.tsv",
    "clause_openers.txt",
    "count_openers.txt",
    "count_heads.txt",
    "count_classifiers.txt",
    "species_kinds.txt",
    "species_name_joiners.txt",
    "count_units.txt",
    "count_clause_ends.txt",
    "count_kinds.tsv",
    "number_nouns.txt",
    "measures.tsv",
    "measure_modifiers.txt",
    "place_nouns.txt",
    "located_words.txt",
    "colloquial_en.tsv",
    "colloquial_id.tsv",
    "courtesies.txt",
    "html_tags.txt",
    "compass_points.tsv",
    "compass_point_seconds.txt",
    "lexicon_en_id.tsv",
    "months.tsv",
    "month_forms.tsv",
    "no_stem.txt",
    "particles.txt",
    "question_endings.txt",
    "pointing_endings.txt",
    "place_titles.txt",
    "place_offices.txt",
    "country_office_phrases.tsv",
    "country_offices.txt",
    "home_countries.txt",
    "home_offices.txt",
    "titled_offices.txt",
    "english_titles.tsv",
    "english_title_joiners.txt",
    "title_abbreviations.tsv",
    "title_joiners.txt",
    "title_before_office.txt",
    "company_forms.txt",
    "country_abbreviations.tsv",
    "country_name_endings.txt",
    "country_second_words.tsv",
    "country_titles.txt",
    "countries.txt",
    "currency_words.txt",
    "place_offices_after.tsv",
    "places.tsv",
    "pronouns.txt",
    "person_pronouns.txt",
    "placeholder_titles.txt",
    "provinces.tsv",
    "not_names.txt",
    "ordinal_abbreviations.txt",
    "ordinal_prefix.txt",
    "english_ordinal_endings.txt",
    "english_date_joiners.txt",
    "english_date_openers.txt",
    "nya_adverbs.txt",
    "order_adverbs.txt",
    "leaving_words.txt",
    "required_words.tsv",
    "counted_people.txt",
    "former_words.txt",
    "term_of_office_words.txt",
    "office_joiners.txt",
    "country_joiners.txt",
    "office_modifiers.txt",
    "other_office_words.txt",
    "office_verbs.txt",
    "offices_after_place.tsv",
    "office_kinds.tsv",
    "question_offices_after_place.tsv",
    "question_frames.txt",
    "question_frame_phrases.txt",
    "list_questions.txt",
    "question_words.tsv",
    "question_words_en.txt",
    "sentence_abbreviations.txt",
    "speaker_openers.txt",
    "speaker_named_after.txt",
    "speaker_named_before.txt",
    "speaker_run_joiners.txt",
    "name_particles.txt",
    "speech_markers.txt",
    "speech_verbs.txt",
    "speech_questions.txt",
    "about_words.txt",
    "appointing_questions.txt",
    "appointing_words.tsv",
    "which_words.txt",
    "state_starts.txt",
    "state_start_phrases.txt",
    "start_attributives.txt",
    "start_adverbs.txt",
    "stem_exceptions.tsv",
    "stopwords_en.txt",
    "synonyms_id.tsv",
    "stopwords_id.txt",
    "topic_openers.txt",
    "follow_up_openers.txt",
    "latest_words.txt",
    "person_titles.txt",
    "title_breaks.txt",
    "relative_years.tsv",
    "relative_months.tsv",
    "number_words.txt",
    "period_distributives.txt",
    "number_values.tsv",
    "relative_days.tsv",
    "period_ranges.tsv",
    "weekdays.tsv",
    # Read by retrieval/time_zones.py, not into Language: but it dates the news pages and
    # PDFs of the corpus as they are indexed (formats.archive_day), so it is hashed into
    # the fingerprint, which keys the index cache, and an edit to it rebuilds the index.
    "time_zones.tsv",
)


class PlaceKind(NamedTuple):
    """What a kind-of-place word says: the kind, and which side of it the name stands
    ("Kabupaten Lebong": after; "Lebong Regency": before)."""

    kind: str
    name_after: bool


@dataclass(frozen=True)
class Language:
    """Word lists and tables for Indonesian news and English questions about it."""

    stopwords: frozenset[str]
    english_words: frozenset[str]
    indonesian_words: frozenset[str]
    question_words: dict[tuple[str, ...], str]
    # Question words that set the answer type wherever they stand ("What does ASN stand
    # for?": "stand for", not "what").
    decisive_question_words: frozenset[tuple[str, ...]]
    question_frames: frozenset[str]
    # ... and the phrases that do ("right now", "at the moment"): read word by word, "right"
    # was asked after as "benar | hak | kanan".
    question_frame_phrases: dict[tuple[str, ...], bool]
    list_questions: frozenset[tuple[str, ...]]  # "apa saja": asks for several things
    attributions: frozenset[str]
    speech_markers: frozenset[str]
    speech_verbs: frozenset[str]  # "mengemukakan": reports its subject's words, for "apa kata"
    about_words: frozenset[str]  # "soal" of "apa kata Sisardi soal ASN": the topic follows
    which_words: frozenset[str]  # "manakah" of "Bank manakah": which bank
    speech_questions: tuple[Pattern, ...]  # "what did * say": its parts between the "*"s
    appointing_questions: tuple[Pattern, ...]  # "who appointed", "* ditunjuk oleh siapa"
    appointing_words: dict[str, str]  # "melantik": "active", "dilantik": "passive", "oleh": "agent"
    speaker_openers: frozenset[str]  # "kata" of "apa kata budiman ...": a name comes next
    # A paragraph's speaker is named after these ("kata U Lwin") and before those ("A Azis
    # Angkat mengatakan"): retrieval/speakers.py.
    speaker_named_after: frozenset[str]
    speaker_named_before: frozenset[str]
    speaker_run_joiners: frozenset[str]  # "dan" of "kata Direktur ... dan Penyehatan Lingkungan ..."
    name_particles: frozenset[str]  # "bin" of "Abdullah bin Abdul Aziz"
    anaphors: frozenset[str]  # "tersebut" in "Acara tersebut berlangsung ...": the paragraph before is its subject
    copulas: frozenset[str]  # "menjadi": of state_starts, those that say no start in an article's sentence
    unnamed_referents: frozenset[str]  # "acara" of "Acara tersebut ...": what it is, the paragraph before says
    pronouns: frozenset[str]  # "dia" in "Apa yang dia larang?": a question about someone named before it
    person_pronouns: frozenset[str]  # "dia", "beliau", "he": of those, the ones for one person
    nya_adverbs: frozenset[str]  # "sebelumnya": a "-nya" word that points back to nothing
    order_adverbs: frozenset[str]  # "sebelumnya" of "Siapa sebelumnya?": before whom the question does not say
    leaving_words: frozenset[str]  # "dimutasi": the holder named leaves the office
    # "lahir" for "where"/"when", "ketua" for "who": what a paragraph must tell to answer
    # (required_words.py), each line with the question words that reach its stems
    # without asking it ("tinggal", where someone lives, of "meninggal")
    required_words: tuple[tuple[frozenset[str], tuple[str, ...], frozenset[str]], ...]
    counted_people: frozenset[str]  # "penumpang": counted, people, held to required_words.tsv's count lines
    former_words: frozenset[str]  # "mantan" before an office: its holder named next held it before
    term_of_office_words: frozenset[str]  # "periode" of "Bupati ... periode 2025-2030, Hendri Kusuma"
    abbreviations: dict[str, tuple[str, ...]]  # each abbreviation -> the long form its terms take in
    # "AS" as written -> ("amerika", "serikat"): capitals only, the small letters are a stop
    # word; in articles and questions alike, and those read in questions only ("US")
    capital_abbreviations: dict[str, tuple[str, ...]]
    question_capital_abbreviations: dict[str, tuple[str, ...]]
    long_forms: tuple[tuple[tuple[str, ...], str], ...]  # every long form written out -> its abbreviation
    lexicon: dict[tuple[str, ...], tuple[tuple[str, ...], ...]]
    no_stem: frozenset[str]
    stem_exceptions: dict[str, str]
    particles: tuple[str, ...]
    question_endings: tuple[str, ...]  # "kah" of "berapakah": a question's word, read without it
    pointing_endings: tuple[str, ...]  # "nya" of "penggantinya": points back to someone named before
    not_names: frozenset[str]
    place_kinds: dict[str, PlaceKind]
    place_titles: frozenset[str]
    place_offices: frozenset[str]
    country_office_phrases: dict[tuple[str, ...], str]  # "menteri luar negeri" -> "menlu": read as one word of country_offices
    country_offices: frozenset[str]  # "presiden": held for a country, holding no article out
    home_countries: frozenset[str]  # "indonesia": its offices are written without it
    home_offices: frozenset[str]  # "presiden": asked of no country, asked of the home country's
    titled_offices: frozenset[str]  # "menteri": an office of a body, the words after it saying which
    english_titles: dict[tuple[str, ...], str]  # "minister" -> "menteri", "president director" -> "direktur utama"
    english_title_joiners: frozenset[str]  # "of" of "the minister of forestry": the body follows
    title_abbreviations: dict[str, str]  # "menkeu" -> "Menteri Keuangan": a title abbreviated, by its lower case
    title_joiners: frozenset[str]  # "dan" of "Menteri Kelautan dan Perikanan"
    title_before_office: frozenset[str]  # "ahli" of "Staf Ahli Menteri Kehutanan": another's title
    company_forms: frozenset[str]  # "pt", "tbk": a company's legal form, often left out
    country_second_words: dict[str, str]  # "sri" -> "lanka": a country only with it
    country_titles: frozenset[str]  # "menteri": a titled office held for a country
    countries: frozenset[str]  # "mesir": a country's name, first word, after an office
    currency_words: frozenset[str]  # "dollar" of "dollar AS": money, not the country
    place_offices_after: dict[str, frozenset[str]]  # "daerah": an office after "sekretaris"
    office_joiners: frozenset[str]  # "of" in "the regent of South Bengkulu"
    country_joiners: frozenset[str]  # "negara" in "presiden negara Indonesia", in questions
    office_modifiers: frozenset[str]  # "wakil" in "Wakil Bupati": which office of a place
    other_office_words: frozenset[str]  # "wakil" of "Wakil Bupati": right before an office, another office
    office_verbs: frozenset[str]  # "menjabat" in "Siapa yang menjabat Bupati OKI?" (in office_modifiers too)
    offices_after_place: dict[str, frozenset[str]]  # "regent" in "the Siak (acting) regent", and the titles between
    office_kinds: dict[str, str]  # "bupati": "regency", "wali kota": "city"
    question_offices_after_place: dict[str, frozenset[str]]  # "menlu" of "Indonesia's foreign minister", in questions
    compass_points: dict[str, str]  # English -> Indonesian ("south": "selatan")
    compass_point_seconds: frozenset[str]  # "daya" of "Barat Daya": goes on a point
    provinces: dict[tuple[str, ...], tuple[str, ...]]  # each way of writing a province -> its name ("dki" -> "jakarta")
    synonyms: dict[str, frozenset[str]]
    colloquial: dict[str, str]  # "nyebarin" -> "menyebarkan": chat Indonesian in questions
    colloquial_en: dict[str, str]  # "teh" -> "the": chat English and its slips, in English questions
    courtesies: tuple[str, ...]  # "halo", "terima kasih": around a question, not in it
    asking_openers: tuple[str, ...]  # "info": before a question word, not in the question
    html_tags: frozenset[str]  # "b", "br": HTML's elements, whose tags pasted with a question are no words of it
    address_words: tuple[str, ...]  # "kak", "min": calling the bot at a question's end
    address_particles: tuple[str, ...]  # "ya", "dong" of "... ya kak?": around such a word, in the file's order
    thanks_trailers: tuple[str, ...]  # "ya", "banyak", "so much" of "makasih banyak": after the thanks, in the file's order
    topic_openers: tuple[str, ...]  # "berita tentang": asks for the news on what follows
    follow_up_openers: tuple[str, ...]  # "kalau yang di": goes on from a question asked before
    latest_words: tuple[tuple[str, ...], ...]  # "sekarang", "saat ini": asks for the present, latest article first
    present_words: frozenset[str]  # ... those of one word ("sekarang"): no part of a place's name
    person_titles: frozenset[str]  # "prof", "bapak": before a name, not one
    title_breaks: frozenset[str]  # the titles that end a place's name before them ("Prof", not "Mas")
    relative_years: dict[str, int]  # "tahun lalu": -1, the year before the article's
    relative_months: dict[str, int]  # "bulan lalu": -1, the month before today's (in a question)
    number_words: frozenset[str]  # "dua", "beberapa" of "dua tahun lalu": years counted, not last year
    number_values: dict[str, int]  # "dua": 2, the words of number_words that say how many
    period_distributives: frozenset[str]  # "setiap" of "setiap bulan": a period counted, none named
    relative_days: tuple[tuple[str, str, int], ...]  # "kemarin", "day", -1: a day, week or weekday from today, in a question
    period_ranges: frozenset[tuple[str, str]]  # ("antara", "dan"): two months and what lies between them
    state_starts: frozenset[str]  # "menjadi" in "kapan ... menjadi ...": asks when a state began
    state_start_phrases: dict[tuple[str, ...], frozenset[str]]  # "take office": the same in two words, and the words that may follow
    start_attributives: frozenset[str]  # "the" of "the appointed regent": no start asked
    start_adverbs: frozenset[str]  # "newly" of "the newly appointed regent": looked past
    clause_openers: frozenset[str]  # "setelah", "yang": what follows says what someone is, not what is asked
    count_openers: frozenset[str]  # "berapa" opening "berapa ASN ...": asks how many
    count_heads: frozenset[str]  # "jumlah" of "berapa jumlah penduduk": the thing counted comes after
    count_classifiers: frozenset[str]  # "unit" of "700 unit kapal", "ribu" of "8 ribu ASN": read past to what is counted
    species_kinds: frozenset[str]  # "hewan" of "nama latin hewan lutung": a kind, not the species asked
    species_name_joiners: frozenset[str]  # "atau" of "mawas atau orangutan sumatera (...)": one species' two names
    count_units: frozenset[str]  # "km" of "9,5 km": a count in units, of no other thing
    count_clause_ends: frozenset[str]  # "di" of "1.000 warga di Gedung DPRD": what is counted ends before it
    count_kinds: dict[str, frozenset[str]]  # "kendaraan": mobil, motor ...: a count of either counts the other
    number_nouns: frozenset[str]  # "peringkat" of "berapa peringkat": a number, no count
    measures: dict[str, str]  # "jarak" after "berapa": asks for a length
    measure_modifiers: frozenset[str]  # "besar" of "berapa besar dana": the measured noun comes after
    place_nouns: frozenset[str]  # "gedung" in "di gedung apa": asks for a place
    located_words: frozenset[str]  # "di" of "di Sekayu": the name after it is where
    ordinal_abbreviations: frozenset[str]  # "HUT": "berapa HUT ..." asks which one, not how many
    ordinal_prefix: str  # "ke" of "ke-57": an ordinal in digits
    english_ordinal_endings: tuple[str, ...]  # "st", "th" of "21st", "60th"
    english_date_joiners: tuple[str, ...]  # "of" of "the 20th of December"
    english_date_openers: tuple[str, ...]  # "on" of "on December 20": a month first, without its year
    months: dict[str, int]
    month_forms: dict[str, str]  # "des" -> "desember": a month stands for itself by its name
    weekdays: dict[str, int]  # "senin": 0, its place in the week (Monday 0)
    sentence_abbreviations: frozenset[str]
    boilerplate: tuple[tuple[str, re.Pattern[str]], ...]
    captions: tuple[re.Pattern[str], ...]
    bylines: tuple[re.Pattern[str], ...]
    placeholder_titles: tuple[str, ...]  # "\(?untitled\)?...": a PDF's title as a program filled it in, as written
    answer_cues: dict[str, tuple[re.Pattern[str], ...]]
    asked_place_kinds: dict[str, str]  # "negara" -> "country": "Di negara manakah ..." asks a country
    country_abbreviations: dict[str, tuple[str, ...]]  # "RI" -> ("indonesia",): as written
    fingerprint: str

    @cached_property
    def province_forms(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The ways of writing a province by their first word, longest first: a name is
        read as the longest that starts it ("Papua Barat Daya", not "Papua")."""
        table: dict[str, list[tuple[str, ...]]] = {}
        for form in self.provinces:
            table.setdefault(form[0], []).append(form)
        return {word: tuple(sorted(forms, key=len, reverse=True)) for word, forms in table.items()}

    def abbreviations_holding(self, word: str) -> tuple[str, ...]:
        """The abbreviations one of whose long forms holds ``word``: "oki" for "ilir"
        (Ogan Komering Ilir), "muba" for "musi"."""
        return tuple(dict.fromkeys(short for long_form, short in self.long_forms if word in long_form))

    def points_back(self, word: str) -> bool:
        """Whether ``word`` (lower case) speaks of someone or something named before it:
        a pronoun ("dia", "tersebut", "he": pronouns.txt), or an Indonesian word ending
        in "-nya" ("apelnya", "penggantinya": pointing_endings.txt) but for the adverbs
        ("sebelumnya", "biasanya": nya_adverbs.txt)."""
        return word in self.pronouns or len(word) > 5 and word.endswith(self.pointing_endings) and word not in self.nya_adverbs

    def without_question_ending(self, word: str) -> str:
        """``word`` without the ending that makes it a question ("berapakah": "berapa";
        question_endings.txt), ``word`` itself when it has none."""
        return _without_ending(word, self.question_endings)

    def without_pointing_ending(self, word: str) -> str:
        """``word`` without the ending that points back ("penggantinya": "pengganti";
        pointing_endings.txt), ``word`` itself when it has none."""
        return _without_ending(word, self.pointing_endings)

    @cached_property
    def term_of_office(self) -> re.Pattern[str]:
        """An office's term written with its years ("periode 2025-2030", "masa jabatan
        tahun 2024/2029": term_of_office_words.txt), which may stand between the office
        and its holder's name."""
        words = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in sorted(self.term_of_office_words, key=len, reverse=True))
        return re.compile(rf"\b(?:{words})\s+\d{{4}}\s*[-–/]\s*\d{{2,4}}\b", re.IGNORECASE)

    @cached_property
    def country_office_long_forms(self) -> re.Pattern[str] | None:
        """The long forms of country_office_phrases.tsv as whole words in any case, longest
        first; None when there are none."""
        forms = sorted(self.country_office_phrases, key=len, reverse=True)
        if not forms:
            return None
        return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, form)) for form in forms) + r")\b", re.IGNORECASE)

    @cached_property
    def longest_list_question(self) -> int:
        """The words of the longest phrase of list_questions.txt: how far a question is
        read from each word for one."""
        return max(map(len, self.list_questions), default=0)

    @cached_property
    def compass_point_words(self) -> frozenset[str]:
        """The compass points as Indonesian names write them ("selatan", "barat")."""
        return frozenset(self.compass_points.values())

    @cached_property
    def typed_question_words(self) -> tuple[str, ...]:
        """The Indonesian question words of one word and five letters or more, that a
        misspelling a slip from is taken for ("kapn": "kapan"); shorter ones ("apa")
        are a slip from too many words."""
        return tuple(sorted(
            words[0] for words in self.question_words
            if len(words) == 1 and len(words[0]) >= 5 and words[0] not in self.english_words
        ))

    @cached_property
    def question_starts(self) -> tuple[str, ...]:
        """What a question may open with: its question words ("siapa", "di mana")."""
        return tuple(sorted(" ".join(words) for words in self.question_words if all(w.isalpha() for w in words)))


def _without_ending(word: str, endings: Sequence[str]) -> str:
    """``word`` without the first of ``endings`` it ends with."""
    for ending in endings:
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


def _read(name: str) -> str:
    return resources.files("retrieval").joinpath("data", name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    return [
        line.strip()
        for line in _read(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def spelled_out(line: str) -> list[str]:
    """Every phrase a line of alternatives stands for: "(a|b)" is one of them, "[a|b]"
    one or none ("[ada|cari] (berita|info) tentang": "berita tentang", "ada info
    tentang", ...). A request for the news is worded a hundred ways, and a list that
    spelt each out missed some ("Ada berita mengenai ...?")."""
    phrases = [""]
    for token in line.split():
        inner = token[1:-1].split("|")
        grouped = (token[0], token[-1]) in (("(", ")"), ("[", "]"))
        if grouped and all(choice and not any(c in choice for c in "()[]") for choice in inner):
            choices = inner + ([""] if token[0] == "[" else [])
        elif any(c in token for c in "()[]|"):
            raise ValueError(f"{line!r}: {token!r} is neither a word nor a group of alternatives")
        else:
            choices = [token]
        phrases = [f"{phrase} {choice}".strip() for phrase in phrases for choice in choices]
    return [" ".join(phrase.split()) for phrase in phrases]


def _rows(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in _lines(name):
        key, _, value = line.partition("\t")
        rows.append((key.strip(), value.strip()))
    return rows


def _required_words(rows: Sequence[tuple[str, str]]) -> Iterator[tuple[frozenset[str], tuple[str, ...], frozenset[str]]]:
    """required_words.tsv: each line's answer types, its words, and, after a second tab,
    the question words that do not ask it though their terms are its own."""
    for types, rest in rows:
        words, _, unlike = rest.partition("\t")
        yield frozenset(types.split()), tuple(words.lower().split()), frozenset(unlike.lower().split())


APPOINTING_KINDS = ("active", "passive", "agent")


def _appointing_words(rows: Sequence[tuple[str, str]]) -> dict[str, str]:
    """appointing_words.tsv: each word and its kind (APPOINTING_KINDS)."""
    for word, kind in rows:
        if kind not in APPOINTING_KINDS:
            raise ValueError(f"appointing_words.tsv: {word!r} is {kind!r}, where a kind is one of {', '.join(APPOINTING_KINDS)}")
    return {word.lower(): kind for word, kind in rows}


def _capital_abbreviations() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """capital_abbreviations.tsv's abbreviations read everywhere, and those read in
    questions (the former and those read in questions only)."""
    everywhere: dict[str, tuple[str, ...]] = {}
    questions: dict[str, tuple[str, ...]] = {}
    for line in _lines("capital_abbreviations.tsv"):
        written, long_form, where = (cell.strip() for cell in line.split("\t"))
        if where not in ("everywhere", "questions"):
            raise ValueError(f"capital_abbreviations.tsv: {line!r}: where is 'everywhere' or 'questions'")
        questions[written] = tuple(long_form.lower().split())
        if where == "everywhere":
            everywhere[written] = questions[written]
    return everywhere, questions


def _long_forms(provinces: dict[tuple[str, ...], tuple[str, ...]], chat: Iterable[str]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every long form of abbreviations.tsv with its abbreviation, in the file's order;
    then each province's one-word short forms (``provinces``, provinces.tsv's table)
    with each way of writing it out: news writes "Kepala Dinas Kehutanan Kalbar", a
    reader asks for Kalimantan Barat's. ``chat``: the chat words, which no short form is."""
    listed = tuple((tuple(v.lower().split()), k.lower()) for k, v in _rows("abbreviations.tsv"))
    return listed + _province_short_forms(provinces, {short for _, short in listed} | set(chat))


def _province_short_forms(provinces: dict[tuple[str, ...], tuple[str, ...]], taken: set[str]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(long form, short form) of each one-word form of a province named in several
    words, with its name and each other way of writing it out: "kalbar" is read as
    Kalimantan Barat, "babel" as Kepulauan Bangka Belitung or Bangka Belitung, as "muba"
    is Musi Banyuasin. Not a province of one word: "DKI" and "DIY" would make every
    Jakarta or Yogyakarta, a city's too ("Kota Jakarta Pusat"), the province
    (helper-211's review). Not a form in ``taken``: abbreviations.tsv's own, and the chat
    words."""
    forms: list[tuple[tuple[str, ...], str]] = []
    for name in dict.fromkeys(provinces.values()):
        if len(name) < 2:
            continue
        written = [form for form, of in provinces.items() if of == name]  # the name first, as the file gives it
        long_forms = [words for words in written if len(words) > 1]
        for short in (words[0] for words in written if len(words) == 1 and words[0] not in taken):
            forms.extend((long_form, short) for long_form in long_forms)
    return tuple(forms)


def _abbreviations(long_forms: Sequence[tuple[tuple[str, ...], str]]) -> dict[str, tuple[str, ...]]:
    """Each abbreviation's first long form: a later row only adds another way of writing
    it out ("Pjs" is "Pejabat Sementara", also written "Penjabat Sementara")."""
    first: dict[str, tuple[str, ...]] = {}
    for long_form, abbreviation in long_forms:
        first.setdefault(abbreviation, long_form)
    return first


def _one_word(name: str) -> str:
    """The one word of the file ``name``, lower case; ValueError when it holds another."""
    lines = _lines(name)
    if len(lines) != 1 or len(lines[0].split()) != 1:
        raise ValueError(f"{name}: one word, not {lines!r}")
    return lines[0].lower()


def word_alternatives(words: Iterable[str]) -> str:
    """``words`` (phrases one space between their words) as a regular expression's
    alternatives, escaped, in their order; one that matches nothing when there are none."""
    return "|".join(" ".join(map(re.escape, word.split())) for word in words) or "(?!)"


def _words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for line in _lines(name) for w in line.split())


def _english_titles(rows: Sequence[tuple[str, str]], titled: frozenset[str]) -> dict[tuple[str, ...], str]:
    """english_titles.tsv: each English office and the Indonesian words its title is
    written from, the first of ``titled`` (titled_offices.txt), the longest office first."""
    for english, indonesian in rows:
        words = indonesian.lower().split()
        if not words or words[0] not in titled:
            raise ValueError(f"english_titles.tsv: {english!r} is written {indonesian!r}, from no word of titled_offices.txt")
    offices = {tuple(english.lower().split()): indonesian.lower() for english, indonesian in rows}
    return dict(sorted(offices.items(), key=lambda item: -len(item[0])))


def _lexicon_english_words() -> frozenset[str]:
    """The English words of the lexicon, less those Indonesian writes the same ("film",
    "target", "rupiah"): they say nothing about which language a question is in."""
    rows = [(english.lower().split(), indonesian.lower().replace("|", " ").split()) for english, indonesian in _rows("lexicon_en_id.tsv")]
    indonesian_too = {w for _, translations in rows for w in translations}
    return frozenset(w for words, _ in rows for w in words) - indonesian_too


def _synonyms(lines: list[str]) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for line in lines:
        group = set(line.lower().split())
        for word in group:
            table.setdefault(word, set()).update(group)
    return {k: frozenset(v) for k, v in table.items()}


def _place_kinds(lines: list[str]) -> dict[str, PlaceKind]:
    table: dict[str, PlaceKind] = {}
    for line in lines:
        word, kind, side = (cell.strip() for cell in line.split("\t"))
        if side not in ("after", "before"):
            raise ValueError(f"places.tsv: {word!r}: the name comes 'after' or 'before' the word, not {side!r}")
        table[word.lower()] = PlaceKind(kind, name_after=side == "after")
    return table


def _provinces(rows: list[tuple[str, str]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for name, others in rows:
        canonical = tuple(name.lower().split())
        for form in (name, *others.split("|")):
            words = tuple(form.lower().split())
            if words in table and table[words] != canonical:
                raise ValueError(f"provinces.tsv: {form!r} stands for two provinces")
            if words:
                table[words] = canonical
    return table


def _question_words() -> list[tuple[tuple[str, ...], str, bool]]:
    """(words, answer type, decisive) of each row of question_words.tsv; a third cell
    "decisive" marks words that set the type wherever they stand in the question."""
    rows = []
    for words, cells in _rows("question_words.tsv"):
        answer_type, _, flag = cells.partition("\t")
        if flag.strip() not in ("", "decisive"):
            raise ValueError(f"question_words.tsv: {words!r}: the third cell is 'decisive' or nothing, not {flag!r}")
        rows.append((tuple(words.split()), answer_type.strip(), flag.strip() == "decisive"))
    return rows


def _relative_days(lines: list[str]) -> tuple[tuple[str, str, int], ...]:
    """relative_days.tsv's rows: a phrase (lower case, one space between its words), what
    it counts, and how many from today; in the file's order, which says which of two
    phrases reading the same words is taken."""
    rows = []
    for line in lines:
        phrase, kind, offset = (cell.strip() for cell in line.split("\t"))
        rows.append((" ".join(phrase.lower().split()), kind, int(offset)))
    return tuple(rows)


def _cues(rows: list[tuple[str, str]], named: dict[str, re.Pattern[str]]) -> dict[str, tuple[re.Pattern[str], ...]]:
    """answer_cues.tsv's patterns by answer type, each type's ``named`` pattern first."""
    cues: dict[str, list[re.Pattern[str]]] = {answer_type: [pattern] for answer_type, pattern in named.items()}
    for answer_type, pattern in rows:
        cues.setdefault(answer_type, []).append(re.compile(pattern))
    return {k: tuple(v) for k, v in cues.items()}


@dataclass(frozen=True)
class _Countries:
    """What names a country, for its cue: countries.txt's first words, the second
    words some of them need (country_second_words.tsv), the words that may go on a name
    (country_name_endings.txt), and the currencies a country is named after as money
    (currency_words.txt)."""

    first_words: frozenset[str]
    second_words: dict[str, str]
    endings: frozenset[str]
    currencies: frozenset[str]


def _named_place_cues(
    countries: _Countries, abbreviations: dict[str, tuple[str, ...]], provinces: dict[tuple[str, ...], tuple[str, ...]]
) -> dict[str, re.Pattern[str]]:
    """The cue patterns of a country and of a province by name, its first letter a
    capital: a country's first word ("Korea"), with its second where it needs one ("Sri
    Lanka") and any ending ("Korea Utara"), or its abbreviation as written ("AS", "RI"),
    but not after a currency ("dollar AS" is money); any way provinces.tsv writes a
    province ("Sumut", "DKI Jakarta")."""
    endings = "(?:" + r"\s+(?:" + "|".join(sorted(countries.endings)) + "))?"
    names = [
        _words_pattern((word, countries.second_words[word]) if word in countries.second_words else (word,)) + endings
        for word in countries.first_words
    ]
    not_money = "".join(f"(?<!\\b{re.escape(form)}\\s)" for word in sorted(countries.currencies) for form in (word, word.capitalize()))
    return {
        "country": _names_pattern(names, [re.escape(written) for written in abbreviations], not_money),
        "province": _names_pattern([_words_pattern(form) for form in provinces], []),
    }


def _words_pattern(words: Sequence[str]) -> str:
    return r"\s+".join(re.escape(word) for word in words)


def _names_pattern(names: list[str], as_written: list[str], not_after: str = "") -> re.Pattern[str]:
    """One pattern matching any of ``names`` (small-letter regexes) written with a
    capital first, or any of ``as_written``, as whole words, where ``not_after`` (a
    lookbehind) holds; longest first, so a whole name is the match. A hyphen joins two
    ("Jepang-Korea", "se-Sumatera Selatan": all of it)."""
    alternatives = "(?=[A-Z])(?i:" + "|".join(sorted(names, key=len, reverse=True)) + ")"
    if as_written:
        alternatives += "|" + "|".join(sorted(as_written, key=len, reverse=True))
    return re.compile(r"(?<!\w)" + not_after + r"(?P<answer>" + alternatives + r")(?!\w)")


def data_fingerprint() -> str:
    """A hash of every file of DATA_FILES, name and text: Language.fingerprint, which
    keys the index cache (the analyzer's version), so an edited word list rebuilds what
    depends on it."""
    fingerprint = hashlib.sha256()
    for name in DATA_FILES:
        fingerprint.update(name.encode() + b"\0" + _read(name).encode() + b"\0")
    return fingerprint.hexdigest()[:16]


def made_once(made: dict[str, tuple[object, M]], language: Language, source: S, make: Callable[[S], M]) -> M:
    """``make(source)``, kept in ``made`` by the language's fingerprint while ``source``
    is the very object it was made of (a language made with other data gets its own).
    Language holds dicts, so it is no lru_cache key."""
    found = made.get(language.fingerprint)
    if found is None or found[0] is not source:
        found = made[language.fingerprint] = source, make(source)
    return found[1]


def per_language(make: Callable[[Language], M]) -> Callable[[Language], M]:
    """``make``, made once per language data: :func:`made_once` with the language itself
    as the source, for a form made of several of its word lists."""
    made: dict[str, tuple[object, M]] = {}

    @wraps(make)
    def once(language: Language) -> M:
        return made_once(made, language, language, make)

    return once


@lru_cache(maxsize=1)
def load_language() -> Language:
    """Read every data file once; the result is shared and immutable."""
    colloquial = {k.lower(): v.lower() for k, v in _rows("colloquial_id.tsv")}
    colloquial_en = {k.lower(): v.lower() for k, v in _rows("colloquial_en.tsv")}
    provinces = _provinces(_rows("provinces.tsv"))
    long_forms = _long_forms(provinces, colloquial.keys() | colloquial_en.keys())
    capitals, question_capitals = _capital_abbreviations()
    asked_place_kinds = {noun.lower(): kind for noun, kind in _rows("asked_place_kinds.tsv")}
    countries = _Countries(
        _words("countries.txt"), dict(_rows("country_second_words.tsv")), _words("country_name_endings.txt"), _words("currency_words.txt")
    )
    country_abbreviations = {written: long_form for written, long_form in capitals.items() if long_form and long_form[0] in countries.first_words}
    country_abbreviations |= {written: tuple(name.lower().split()) for written, name in _rows("country_abbreviations.tsv")}
    titled = _words("titled_offices.txt")
    latest = tuple(tuple(line.lower().split()) for line in _lines("latest_words.txt"))
    return Language(
        stopwords=_words("stopwords_id.txt") | _words("stopwords_en.txt"),
        english_words=_words("stopwords_en.txt") | _lexicon_english_words() | _words("question_words_en.txt"),
        indonesian_words=_words("stopwords_id.txt")
        | frozenset(w for k, _ in _rows("question_words.tsv") for w in k.split()) - _words("question_words_en.txt")
        | frozenset(colloquial),
        question_frames=_words("question_frames.txt"),
        question_frame_phrases={tuple(line.lower().split()): True for line in _lines("question_frame_phrases.txt")},
        list_questions=frozenset(tuple(line.lower().split()) for line in _lines("list_questions.txt")),
        attributions=_words("attributions.txt"),
        speech_markers=_words("speech_markers.txt"),
        speech_verbs=_words("speech_verbs.txt"),
        about_words=_words("about_words.txt"),
        which_words=_words("which_words.txt"),
        speech_questions=read_patterns(_lines("speech_questions.txt")),
        appointing_questions=read_patterns(_lines("appointing_questions.txt")),
        appointing_words=_appointing_words(_rows("appointing_words.tsv")),
        speaker_openers=_words("speaker_openers.txt"),
        speaker_named_after=_words("speaker_named_after.txt"),
        speaker_named_before=_words("speaker_named_before.txt"),
        speaker_run_joiners=_words("speaker_run_joiners.txt"),
        name_particles=_words("name_particles.txt"),
        anaphors=_words("anaphors.txt"),
        copulas=_words("copulas.txt"),
        unnamed_referents=_words("unnamed_referents.txt"),
        pronouns=_words("pronouns.txt"),
        person_pronouns=_words("person_pronouns.txt"),
        nya_adverbs=_words("nya_adverbs.txt"),
        order_adverbs=_words("order_adverbs.txt"),
        leaving_words=_words("leaving_words.txt"),
        required_words=tuple(_required_words(_rows("required_words.tsv"))),
        counted_people=_words("counted_people.txt"),
        former_words=_words("former_words.txt"),
        term_of_office_words=frozenset(_lines("term_of_office_words.txt")),
        question_words={words: answer_type for words, answer_type, _ in _question_words()},
        decisive_question_words=frozenset(words for words, _, decisive in _question_words() if decisive),
        abbreviations=_abbreviations(long_forms),
        capital_abbreviations=capitals,
        question_capital_abbreviations=question_capitals,
        long_forms=long_forms,
        lexicon={
            tuple(k.lower().split()): tuple(
                tuple(alt.split()) for alt in (a.strip().lower() for a in v.split("|")) if alt
            )
            for k, v in _rows("lexicon_en_id.tsv")
        },
        synonyms=_synonyms(_lines("synonyms_id.tsv")),
        colloquial=colloquial,
        colloquial_en=colloquial_en,
        courtesies=tuple(line.lower() for line in _lines("courtesies.txt")),
        asking_openers=tuple(line.lower() for line in _lines("asking_openers.txt")),
        html_tags=_words("html_tags.txt"),
        address_words=tuple(line.lower() for line in _lines("address_words.txt")),
        address_particles=tuple(line.lower() for line in _lines("address_particles.txt")),
        thanks_trailers=tuple(" ".join(line.lower().split()) for line in _lines("thanks_trailers.txt")),
        topic_openers=tuple(dict.fromkeys(phrase for line in _lines("topic_openers.txt") for phrase in spelled_out(line.lower()))),
        follow_up_openers=tuple(dict.fromkeys(phrase for line in _lines("follow_up_openers.txt") for phrase in spelled_out(line.lower()))),
        latest_words=latest,
        present_words=frozenset(phrase[0] for phrase in latest if len(phrase) == 1),
        person_titles=_words("person_titles.txt"),
        title_breaks=_words("title_breaks.txt"),
        number_words=_words("number_words.txt") | frozenset(word.lower() for word, _ in _rows("number_values.tsv")),
        number_values={word.lower(): int(value) for word, value in _rows("number_values.tsv")},
        period_distributives=_words("period_distributives.txt"),
        relative_days=_relative_days(_lines("relative_days.tsv")),
        period_ranges=frozenset((before.lower(), between.lower()) for before, between in _rows("period_ranges.tsv")),
        relative_years={phrase.lower(): int(offset) for phrase, offset in _rows("relative_years.tsv")},
        relative_months={phrase.lower(): int(offset) for phrase, offset in _rows("relative_months.tsv")},
        state_starts=_words("state_starts.txt"),
        state_start_phrases={tuple(phrase.lower().split()): frozenset(after.lower().split()) for phrase, after in _rows("state_start_phrases.txt")},
        start_attributives=_words("start_attributives.txt"),
        start_adverbs=_words("start_adverbs.txt"),
        clause_openers=_words("clause_openers.txt"),
        count_openers=_words("count_openers.txt"),
        count_heads=_words("count_heads.txt"),
        count_classifiers=_words("count_classifiers.txt"),
        species_kinds=_words("species_kinds.txt"),
        species_name_joiners=_words("species_name_joiners.txt"),
        count_units=_words("count_units.txt"),
        count_clause_ends=_words("count_clause_ends.txt"),
        count_kinds={kind.lower(): frozenset(things.lower().split()) for kind, things in _rows("count_kinds.tsv")},
        number_nouns=_words("number_nouns.txt"),
        measures={noun.lower(): measure for noun, measure in _rows("measures.tsv")},
        measure_modifiers=_words("measure_modifiers.txt"),
        place_nouns=_words("place_nouns.txt") | frozenset(asked_place_kinds),  # a kind asked is a place asked
        located_words=_words("located_words.txt"),
        ordinal_abbreviations=_words("ordinal_abbreviations.txt"),
        ordinal_prefix=_one_word("ordinal_prefix.txt"),
        english_ordinal_endings=tuple(line.lower() for line in _lines("english_ordinal_endings.txt")),
        english_date_joiners=tuple(line.lower() for line in _lines("english_date_joiners.txt")),
        english_date_openers=tuple(line.lower() for line in _lines("english_date_openers.txt")),
        not_names=_words("not_names.txt"),
        place_kinds=_place_kinds(_lines("places.tsv")),
        provinces=provinces,
        compass_points={english.lower(): indonesian.lower() for english, indonesian in _rows("compass_points.tsv")},
        compass_point_seconds=_words("compass_point_seconds.txt"),
        place_titles=_words("place_titles.txt"),
        place_offices=_words("place_offices.txt"),
        country_office_phrases={tuple(k.lower().split()): v.strip().lower() for k, v in _rows("country_office_phrases.tsv")},
        country_offices=_words("country_offices.txt"),
        home_countries=_words("home_countries.txt"),
        home_offices=_words("home_offices.txt"),
        titled_offices=titled,
        english_titles=_english_titles(_rows("english_titles.tsv"), titled),
        english_title_joiners=_words("english_title_joiners.txt"),
        title_abbreviations={short.lower(): long for short, long in _rows("title_abbreviations.tsv")},
        title_joiners=_words("title_joiners.txt"),
        title_before_office=_words("title_before_office.txt"),
        company_forms=_words("company_forms.txt"),
        country_second_words=countries.second_words,
        country_titles=_words("country_titles.txt"),
        countries=countries.first_words,
        currency_words=countries.currencies,
        place_offices_after={k.lower(): frozenset(v.lower().split()) for k, v in _rows("place_offices_after.tsv")},
        office_joiners=_words("office_joiners.txt"),
        country_joiners=_words("country_joiners.txt"),
        office_modifiers=_words("office_modifiers.txt") | _words("office_verbs.txt"),
        other_office_words=_words("other_office_words.txt"),
        office_verbs=_words("office_verbs.txt"),
        offices_after_place={k.lower(): frozenset(v.lower().split()) for k, v in _rows("offices_after_place.tsv")},
        office_kinds={" ".join(k.lower().split()): v.lower() for k, v in _rows("office_kinds.tsv")},
        question_offices_after_place={k.lower(): frozenset(v.lower().split()) for k, v in _rows("question_offices_after_place.tsv")},
        particles=tuple(sorted(_words("particles.txt"), key=len, reverse=True)),
        question_endings=tuple(line.lower() for line in _lines("question_endings.txt")),
        pointing_endings=tuple(line.lower() for line in _lines("pointing_endings.txt")),
        no_stem=frozenset(w.lower() for w in _lines("no_stem.txt")),
        stem_exceptions={k.lower(): v.lower() for k, v in _rows("stem_exceptions.tsv")},
        months={k.lower(): int(v) for k, v in _rows("months.tsv")},
        month_forms={k.lower(): v.lower() for k, v in _rows("month_forms.tsv")},
        weekdays={day.lower(): int(place) for day, place in _rows("weekdays.tsv")},
        sentence_abbreviations=frozenset(w.lower() for w in _lines("sentence_abbreviations.txt")),
        boilerplate=tuple(
            (action, re.compile(pattern, re.IGNORECASE)) for action, pattern in _rows("boilerplate.tsv")
        ),
        captions=tuple(re.compile(p, re.IGNORECASE) for p in _lines("captions.tsv")),
        bylines=tuple(re.compile(p) for p in _lines("bylines.txt")),
        placeholder_titles=tuple(_lines("placeholder_titles.txt")),
        answer_cues=_cues(_rows("answer_cues.tsv"), _named_place_cues(countries, country_abbreviations, provinces)),
        asked_place_kinds=asked_place_kinds,
        country_abbreviations=country_abbreviations,
        fingerprint=data_fingerprint(),
    )
