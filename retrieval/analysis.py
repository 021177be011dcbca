"""One analyzer for articles and questions: normalisation, tokens, stop words, stemming, abbreviations.

Articles and questions go through the same steps, so "Pjs", "pejabat sementara" and
"Pejabat Sementara (Pjs)" meet in the index. Questions get two more steps of their own
(question words, and English words put into Indonesian through the dictionary, the
lexicon and a lemmatiser: :mod:`retrieval.english`), in :func:`analyze_question`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress
from typing import NamedTuple, TypeVar

from retrieval.chunking import caption_count, caption_text
from retrieval.compass import indonesian_order
from retrieval.english import English, Lemmatizer, Sense, indonesian_numbers, load_dictionary, load_english
from retrieval.language import Language, load_language
from retrieval.regex_marks import ignorecase_key
from retrieval.spelling import Speller, slipped
from retrieval.stemming import SnowballIndonesian, WordStemmer

T = TypeVar("T")

# Bump when the code changes what terms a text yields, or what an article file is read
# as (its title, paragraphs): it is part of the index cache key.
ANALYZER_CODE_VERSION = "17"

# Characters that show nothing (zero-width space and joiners, soft hyphen, BOM): pasted
# from the web into a word ("Ben\u200bgkulu"), they must not split it.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")

# Numbers with separators first ("30/9/24", "1.360"), then words joined by hyphens or
# apostrophes ("ke-56", "masing-masing", "jum'at"); "_" is not part of a word.
_WORD = f"[^\\W_]+(?:[{INVISIBLE}]+[^\\W_]+)*"
TOKEN_RE = re.compile(rf"\d+(?:[.,/:]\d+)+|{_WORD}(?:['’\-]{_WORD})*")

# A word doubled as chat writes it: "hati2" for "hati-hati" (three letters or more before
# the "2": "G2", "B2" are names).
REDUPLICATED_RE = re.compile(r"([^\W\d_]{3,})2")

# A date written in numbers, as news datelines do: "Senin (15/8)", "(30/9/24)".
NUMERIC_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?")
# With dots, only a whole date: "12.09.2007"; "10.30" is a time ("pukul 10.30"), "1.5" a number.
DOTTED_DATE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")

# How many distinct words, and tokens as written, the analyzer remembers the terms of:
# bounded, since a million paragraphs of invented names would otherwise grow them
# forever. News repeats its words, so the first tokens met are the ones worth keeping;
# one kept costs some 250 bytes.
MAX_CACHED_WORDS = 500_000
MAX_CACHED_TOKENS = 200_000
# And how many pieces of text between spaces (a word with its punctuation, "Jakarta,"):
# what a build's terms are read by. One kept costs some 400-650 bytes: a build worker
# keeps many (BUILD_CACHED_PIECES), a long-running answering process few, for the
# headlines and captions it reads, so that its memory stays what the index needs.
MAX_CACHED_PIECES = 20_000
BUILD_CACHED_PIECES = 300_000
# And how many whole texts' words (``Analyzer.words``): the answer path reads a
# question's words, and its candidates' names and places, five or ten times each (the
# place runs with and without offices, the compass points, the names, the language);
# seven characters in ten it tokenised at 1M paragraphs were of a text it had read for
# that question already. The latest texts are what the next reader asks for.
MAX_CACHED_TEXTS = 256

# Stems shorter than this are usually wrong ("media" -> "dia", "mengadakan" -> "ada").
MIN_STEM_LENGTH = 4

# A long form or an abbreviation in brackets opens on a capital: "(ASN)", "(Aparatur ...)",
# or ends on one after a slash: "(terminal handling charge/THC)". Texts without either
# spell nothing out, and are spared the "expansion" patterns (:func:`may_spell_out`).
BRACKETED_CAPITAL = re.compile(r"\(\s*[A-Z]")
SLASHED_CAPITAL = re.compile(r"/\s*[A-Z][A-Za-z0-9&.-]{0,11}\s*\)")


def may_spell_out(text: str) -> bool:
    """Whether ``text`` may spell out an abbreviation. The slash pattern is searched only
    in a text with a slash: one pattern of both alternatives cost five times the
    bracket's alone."""
    return BRACKETED_CAPITAL.search(text) is not None or "/" in text and SLASHED_CAPITAL.search(text) is not None


def spelt_out(match: re.Match[str]) -> bool:
    """Whether an "expansion" cue's ``match`` (answer_cues.tsv: groups "short" and
    "answer") spells its abbreviation out: a long form written first is read as it
    stands ("Occidental Petroleum (Oxy)"), one written after only where
    :func:`spells_out` says so."""
    return match.start("short") > match.start("answer") or spells_out(match.group("short"), match.group("answer"))


def spells_out(short: str, long_form: str) -> bool:
    """Whether ``long_form``, in brackets after ``short``, may be what it stands for. An
    abbreviation of two capitals or more ("ASN (Aparatur Sipil Negara)") is taken at its
    word; one written as a word ("Dewats", "Kapolda") only where it opens with the long
    form's first letter and its letters come in order from each capitalised word of it
    ("Decentralized Wastewater Treatment System"): "Sisardi (Sekretaris Daerah)" is a
    name and its office, "Bosnia (Bosnian Serb)" a country and its people."""
    if sum(1 for c in short if c.isupper()) > 1:
        return True
    letters = "".join(c for c in normalize(short) if c.isalnum())
    words = [normalize(w) for w in long_form.split() if w[:1].isupper()]
    return bool(words) and letters[:1] == words[0][:1] and _spread_over(letters, words)


def _spread_over(letters: str, words: Sequence[str]) -> bool:
    """Whether ``letters`` split, in order, into one piece or more from each of ``words``,
    each piece's letters in order in its word."""
    if not words:
        return not letters
    for taken in range(1, len(letters) - len(words) + 2):  # at least one letter left for each word after
        if _in_order(letters[:taken], words[0]) and _spread_over(letters[taken:], words[1:]):
            return True
    return False


def _in_order(letters: str, word: str) -> bool:
    """Whether ``letters`` come in ``word`` in this order (not necessarily side by side)."""
    rest = iter(word)
    return all(c in rest for c in letters)  # each found after the one before


# What ends an attribution in a question ("kapan, menurut Laksamana X, kapal ditembak"),
# besides a question word.
CLAUSE_END = re.compile(r"[,;:?!]")

# A name's words: a question in title case with more capitalised words is a sentence.
MAX_NAME_WORDS = 3
# A misspelt question word is mended from four letters on ("kpan"); shorter words are one
# edit from too many others.
MIN_MENDED_QUESTION_WORD = 4
# Without a question word, a question of one word tells no language: "a", "data" or
# "neutrality" are typed by readers of either.
MIN_TELLING_WORDS = 2


# Word and Term are made for every token of every candidate a question reads: named
# tuples cost a third of what frozen dataclasses do to create.
class Word(NamedTuple):
    """A token as written, normalised, with its place in the text."""

    text: str
    start: int
    end: int


def joins_office_and_country(text: str, words: Sequence[Word], i: int, language: Language) -> bool:
    """Whether ``words[i]`` only says "a country" between a country's office and the
    country's name (country_joiners.txt): "negara" of "presiden negara Indonesia",
    "country" of "the president of the country of Brazil". Read in questions: the news
    writes "Presiden Yudhoyono", and the word asked a paragraph to hold it."""
    if words[i].text not in language.country_joiners:
        return False
    before = i - 1
    while before >= 0 and words[before].text in language.office_joiners:
        before -= 1
    after = i + 1
    while after < len(words) and words[after].text in language.office_joiners:
        after += 1
    if before < 0 or after >= len(words) or words[before].text not in language.country_offices:
        return False
    following = words[after].text
    return text[words[after].start].isupper() or following in language.countries or following in language.home_countries


class Term(NamedTuple):
    """An index term and the span of text it came from."""

    text: str
    start: int
    end: int


# tuple.__new__ straight: a named tuple's own __new__ is a Python function, and the
# answer path makes a Word or Term for every token of every passage it reads.
_new_tuple = tuple.__new__


class _Piece(NamedTuple):
    """What one piece of text between spaces ("Jakarta,", "(Persero)", "30/9/24")
    yields: its tokens' normalised words and terms, its words, all its terms in a row,
    and whether a word of it may open an abbreviation's long form."""

    entries: tuple[tuple[str, tuple[str, ...]], ...]
    words: tuple[str, ...]
    terms: tuple[str, ...]
    opens_phrase: bool


class _Worked(dict[str, T]):
    """A cache whose misses are worked out (by a function that keeps what it may), so a
    text's pieces are looked up in one pass of C code, ``map(cache.__getitem__, ...)``."""

    def __init__(self, work_out: Callable[[str], T]) -> None:
        super().__init__()
        self._work_out = work_out

    def __missing__(self, written: str) -> T:
        return self._work_out(written)


@dataclass(frozen=True)
class Question:
    """A question analysed for search: its terms, grouped by the word they stand for."""

    text: str
    language: str  # "id" or "en"
    answer_type: str | None  # person, identity, time, since, until, start, place, country, province, number, count, duration, percent, a measure (length, area, money, weight, temperature, speed), thing, reason, effect, manner, expansion, species
    concepts: tuple[frozenset[str], ...] = field(default_factory=tuple)
    # Concepts none of whose own terms the corpus knows (misspelt ones included, even once mended).
    unknown: tuple[bool, ...] = field(default_factory=tuple)
    # Concepts that only say whose words are asked after ("menurut Plt Gubernur").
    attribution: tuple[bool, ...] = field(default_factory=tuple)

    # Terms that stand in a concept only as synonyms: they count for coverage, but BM25
    # scores the words the question used ("berlangsung", not also "mengadakan").
    synonyms: frozenset[str] = frozenset()

    @property
    def attributed(self) -> tuple[bool, ...]:
        """Per concept, whether it is part of an attribution (all False when unmarked)."""
        return self.attribution or (False,) * len(self.concepts)

    @property
    def terms(self) -> list[str]:
        """The BM25 query: every term of every concept but synonyms, each once per concept."""
        return [term for concept in self.concepts for term in sorted(concept - self.synonyms)]


def definition_term(term: str) -> str:
    """The index term of a text that spells out the abbreviation ``term`` ("(asn)"):
    brackets are in no word's term, so it never meets one."""
    return f"({term})"


def normalize(word: str) -> str:
    """Unicode-compatible, case-folded form; curly apostrophes made straight, invisible
    characters dropped. Turkish's dotted capital and dotless small i are "i", as a
    case-blind search takes them (regex_marks.ignorecase_key): casefolded alone,
    "İSTANBUL" or "BUPATİ" was "i̇stanbul", "bupati̇", no word the archive or a question
    typed in Latin letters holds."""
    if word.isascii():  # most words: NFKC leaves them be, and casefold is lower
        return word.lower()
    return INVISIBLE_RE.sub("", ignorecase_key(unicodedata.normalize("NFKC", word)).replace("’", "'"))


class Analyzer:
    """Turns text into index terms. Deterministic; safe to share."""

    def __init__(
        self,
        language: Language | None = None,
        *,
        stemming: bool = True,
        stemmer: WordStemmer | None = None,
        cached_pieces: int | None = None,
    ) -> None:
        """``stemmer``: Snowball's Indonesian unless given; ``stemming=False``: none."""
        self.language = language or load_language()
        self.stemming = stemming
        # How many pieces of text this analyzer keeps analysed (MAX_CACHED_PIECES unless told).
        self.cached_pieces = MAX_CACHED_PIECES if cached_pieces is None else cached_pieces
        self._stemmer = stemmer or SnowballIndonesian()
        # The default stemmer keeps the versions of earlier indexes ("stem"): they stay
        # valid. Any other, a subclass of it too, is told by its class as well as its name:
        # one named alike must not read an index the other built.
        stemmer_class = type(self._stemmer)
        told = "stem" if stemmer_class is SnowballIndonesian else f"stem:{stemmer_class.__module__}.{stemmer_class.__qualname__}:{self._stemmer.name}"
        stemmed_by = told if stemming else "nostem"
        self.version = f"{ANALYZER_CODE_VERSION}-{self.language.fingerprint}-{stemmed_by}"
        self._word_terms: dict[str, tuple[str, ...]] = {}
        # Each month's first name in months.tsv, the Indonesian one: 9 -> "september".
        self._month_names: dict[int, str] = {}
        for name, number in self.language.months.items():
            self._month_names.setdefault(number, name)
        # A token as written -> its normalised word and that word's terms: text is read
        # token by token, and news repeats its words, so each is normalised and looked
        # up once (the terms-only path makes no per-token objects at all).
        self._tokens: dict[str, tuple[str, tuple[str, ...]]] = {}
        # A text -> its words (``words``), the latest MAX_CACHED_TEXTS of them.
        self._words_of = lru_cache(maxsize=MAX_CACHED_TEXTS)(self._read_words)
        # A phrase table's id -> the table and the words its phrases open with (``_openers``).
        self._table_openers: dict[int, tuple[Mapping[tuple[str, ...], object], frozenset[str]]] = {}
        # A piece of text between spaces -> what it yields (``_Piece``): no token runs
        # across a space, so a text's tokens are its pieces' tokens in a row, and a
        # build reads most paragraphs without the token pattern, a piece a lookup.
        self._pieces = _Worked(self._piece)
        self._piece_terms = _Worked(self._terms_of_piece)  # the pieces' terms alone: most texts need no more
        # The pieces that may open an abbreviation's long form (few: those of some thirty
        # words), so a text without one is told by a set operation. Bounded too: past
        # ``cached_pieces`` of them every text is read as one that may hold a long form.
        self._phrase_pieces: set[str] = set()
        self._phrase_pieces_full = False
        self._english_speller: Speller | None = None
        self._english: English | None = None
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for expansion, abbreviation in self.language.long_forms:
            self._phrases.setdefault(expansion[0], []).append((expansion, abbreviation))
        for candidates in self._phrases.values():
            candidates.sort(key=lambda item: -len(item[0]))
        self._abbreviation_of = dict(self.language.long_forms)
        # Synonym groups are written as words; questions meet them as terms.
        self._synonyms: dict[str, frozenset[str]] = {}
        for word, group in self.language.synonyms.items():
            terms = frozenset(t for w in group for t in self.word_terms(w))
            for term in self.word_terms(word):
                self._synonyms[term] = self._synonyms.get(term, frozenset()) | terms

    def synonym_terms(self, term: str) -> frozenset[str]:
        """The terms of ``term``'s synonym group (synonyms_id.tsv), itself among them;
        empty for a term in no group."""
        return self._synonyms.get(term, frozenset())

    def _synonyms_of(self, word: str) -> frozenset[str]:
        """The synonym terms of a question word: its stem's group, but for a word written
        bare, as its stem, that the group does not list: "gelar" of "Apa gelar Herwan
        Antoni?" is his title, not "menggelar" (held), and "tegas" is firm, not
        "menegaskan"."""
        stem = self.stem(word)
        if word == stem and word not in self.language.synonyms:
            return frozenset()
        return self._synonyms.get(stem, frozenset())

    # -- words and terms -------------------------------------------------------------

    def words(self, text: str) -> list[Word]:
        """The normalised words of ``text`` with their places; a new list each call (a
        caller may change it), of the words kept for the latest texts read."""
        return list(self._words_of(text))

    def _read_words(self, text: str) -> tuple[Word, ...]:
        token = self._tokens.get
        return tuple([
            _new_tuple(Word, ((token(m.group()) or self._token(m.group()))[0], m.start(), m.end()))
            for m in TOKEN_RE.finditer(text)
        ])

    def word_texts(self, text: str) -> list[str]:
        """The normalised words of ``text``, without their places (``words``' texts)."""
        token = self._tokens.get
        return [(token(written) or self._token(written))[0] for written in TOKEN_RE.findall(text)]

    def _token(self, written: str) -> tuple[str, tuple[str, ...]]:
        """The normalised word and the terms of a token as written (kept in ``_tokens``)."""
        entry = self._tokens.get(written)
        if entry is None:
            word = normalize(written)
            entry = (word, self.written_terms(written, word))
            if len(self._tokens) < MAX_CACHED_TOKENS:
                self._tokens[written] = entry
        return entry

    def written_terms(self, written: str, word: str | None = None) -> tuple[str, ...]:
        """The terms of a token as written (``word``: its normalised form): its word's,
        but for an abbreviation in capitals whose small letters are a stop word ("AS" of
        "Presiden AS", capital_abbreviations.tsv), its long form's words' terms."""
        long_form = self.language.capital_abbreviations.get(written)
        if long_form:
            return tuple(t for w in long_form for t in self.word_terms(w))
        return self.word_terms(normalize(written) if word is None else word)

    def stem(self, word: str) -> str:
        if not self.stemming or len(word) <= MIN_STEM_LENGTH or not word.isalpha():
            return word
        if word in self.language.no_stem or word in self.language.abbreviations:
            return word
        exceptions = self.language.stem_exceptions
        if word in exceptions:  # Snowball's wrong root after a nasal prefix, mended
            return exceptions[word]
        particles = self.language.particles
        for particle in particles if word.endswith(particles) else ():  # "perdananya" is "perdana" plus a particle
            bare = word[: -len(particle)]
            if word.endswith(particle) and bare in self.language.no_stem:
                return bare
            if word.endswith(particle) and bare in exceptions:
                return exceptions[bare]
        stem = self._stemmer.stem(word)
        if word.endswith("nya") and len(word) >= 6 and (stem == word or len(stem) < MIN_STEM_LENGTH):
            # A short root and its "-nya", which Snowball cuts too short ("airnya" -> "ai")
            # or not at all, its vowels too few ("filmnya"): kept whole, it missed the
            # root's own term.
            return self.stem(word[: -len("nya")])
        return stem if len(stem) >= MIN_STEM_LENGTH else word

    def word_terms(self, word: str) -> tuple[str, ...]:
        """The terms one written word stands for: its stem, the parts of a hyphenated
        word, and the long form of an abbreviation."""
        cached = self._word_terms.get(word)
        if cached is not None:
            return cached
        if "-" not in word and "'" not in word and "/" not in word and "." not in word and word not in self.language.abbreviations:
            # Most words: their stem, or nothing for a stop word (what the steps below give).
            alone: tuple[str, ...] = () if word in self.language.stopwords else (self._plain_term(word),)
            if len(self._word_terms) < MAX_CACHED_WORDS:
                self._word_terms[word] = alone
            return alone
        terms: list[str] = []
        # A letter on its own is kept ("SEA Games X", "Grup B", "Vitamin C"), unless it is a
        # stop word ("a"); a letter inside a word ("Indonesia's", "e-KTP") is not.
        if word not in self.language.stopwords:
            terms.append(self._plain_term(word))
        if "-" in word or "'" in word:
            for part in re.split(r"['\-]", word):
                if len(part) > 1 and part not in self.language.stopwords:
                    terms.append(self._plain_term(part))  # "04-11-2024" holds the day 4, "Okt-Nov" October
        expansion = self.language.abbreviations.get(word)
        if expansion:
            terms.extend(self.stem(w) for w in expansion if w not in self.language.stopwords)
        terms.extend(self._date_terms(word))
        result = tuple(dict.fromkeys(terms))
        if len(self._word_terms) < MAX_CACHED_WORDS:
            self._word_terms[word] = result
        return result

    def _plain_term(self, word: str) -> str:
        """The term of a word standing for one thing: its stem; a day or month written
        with a leading zero as it is written without ("04 November" is "4 November"); a
        month's short form as its name ("Des" is "Desember", month_forms.tsv)."""
        if len(word) == 2 and word[0] == "0" and word[1].isdigit():
            return word[1]
        month = self.language.month_forms.get(word)
        return self.stem(month) if month is not None else self.stem(word)

    @staticmethod
    def _surely_a_date(word: str) -> bool:
        """Whether a date in numbers is written so that it can be nothing else: with its
        year ("17/10/2024") or a month padded with a zero ("26/09"); "1/2" may be half."""
        date = NUMERIC_DATE_RE.fullmatch(word)
        return date is not None and (date[3] is not None or date[2].startswith("0"))

    def _date_terms(self, word: str) -> tuple[str, ...]:
        """A date in numbers as words: "30/9/24" also stands for 30, September and 2024,
        so "tanggal 30 September" finds "Senin, (30/9/24)"."""
        date = NUMERIC_DATE_RE.fullmatch(word) or DOTTED_DATE_RE.fullmatch(word)
        if date is None:
            return ()
        day, month, year = int(date[1]), int(date[2]), date[3]
        month_name = self._month_names.get(month)
        if not 1 <= day <= 31 or month_name is None:
            return ()
        years = () if year is None else (str(int(year) + (2000 if int(year) < 70 else 1900)) if len(year) == 2 else year,)
        return (str(day), self.stem(month_name), *years)

    def term_spans(self, text: str) -> list[Term]:
        """Every index term of ``text`` with the span it came from, in text order."""
        token = self._tokens.get
        written = TOKEN_RE.findall(text)
        entries = [token(w) or self._token(w) for w in written]
        words = [word for word, _ in entries]
        phrases = self._phrases
        find = text.find
        # Where each token starts: the first place its text stands after the token before,
        # since what lies between two tokens holds no letter or digit, and a token opens on one.
        starts: list[int] = []
        end = 0
        for w in written:
            end = find(w, end)
            starts.append(end)
            end += len(w)
        terms: list[Term] = []
        for i, (w, start, (word, word_terms)) in enumerate(zip(written, starts, entries)):
            end = start + len(w)
            for t in word_terms:
                terms.append(_new_tuple(Term, (t, start, end)))
            if word in phrases:
                long_form = self._long_form_in(words, i)
                if long_form is not None:
                    last = i + len(long_form[0]) - 1
                    terms.append(Term(long_form[1], start, starts[last] + len(written[last])))
        definitions = list(self._definitions(text)) if may_spell_out(text) else []
        if definitions:
            terms = sorted(terms + definitions, key=lambda term: term.start)
        return terms

    def _long_form_in(self, words: Sequence[str], i: int) -> tuple[tuple[str, ...], str] | None:
        """The longest abbreviation long form written from ``words[i]`` on (normalised
        words), with its abbreviation."""
        for expansion, abbreviation in self._phrases.get(words[i], ()):
            end = i + len(expansion)
            if end <= len(words) and tuple(words[i:end]) == expansion:
                return expansion, abbreviation
        return None

    def _definitions(self, text: str) -> Iterator[Term]:
        """A definition term ("(asn)") for each abbreviation ``text`` spells out beside
        its long form ("Aparatur Sipil Negara (ASN)"; the "expansion" cues of
        answer_cues.tsv), spanning both: it is what a question asking what ASN stands for
        looks for, where "asn" alone is in every passage about civil servants. The long
        form starts at its first word with the abbreviation's initial, and must have one."""
        for pattern in self.language.answer_cues.get("expansion", ()):
            if "short" not in pattern.groupindex or "answer" not in pattern.groupindex:
                continue
            for match in pattern.finditer(text):
                if not spelt_out(match):
                    continue
                short = normalize(match.group("short"))
                start = match.start("answer")
                offsets = [start + m.start() for m in re.finditer(r"\S+", match.group("answer"))]
                initial = [o for o in offsets if normalize(text[o])[:1] == short[:1]]
                if initial:
                    begin = min(initial[0], match.start("short"))
                    yield Term(definition_term(self.stem(short)), begin, match.end())

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text``: what BM25 counts. The same terms as
        :meth:`term_spans` in the same order, without a span object per term: this is
        the path every paragraph of a build takes."""
        if may_spell_out(text) and next(self._definitions(text), None) is not None:
            return [term.text for term in self.term_spans(text)]  # definitions go in by span
        written = text.split()
        terms = list(chain.from_iterable(map(self._piece_terms.__getitem__, written)))
        if not self._phrase_pieces_full and self._phrase_pieces.isdisjoint(written):  # no long form can start here
            return terms
        # Each abbreviation whose long form is written put in after the terms of the
        # long form's first word: only the pieces that may open one are read word by
        # word, and only from there on (most such texts hold no long form at all).
        if self._phrase_pieces_full:
            openers = [k for k, piece in enumerate(map(self._pieces.__getitem__, written)) if piece.opens_phrase]
        else:
            openers = list(compress(range(len(written)), map(self._phrase_pieces.__contains__, written)))
        phrases = self._phrases
        abbreviations: list[tuple[int, str]] = []  # where each goes, in text order
        before = counted = 0  # the terms of the pieces before piece ``counted``: openers come in order
        for k in openers:
            entries = self._pieces[written[k]].entries
            for j, (word, _) in enumerate(entries):
                if word in phrases:
                    long_form = self._long_form_in(self._words_from(written, k, j, len(phrases[word][0][0])), 0)
                    if long_form is not None:
                        before += sum(map(len, map(self._piece_terms.__getitem__, written[counted:k])))
                        counted = k
                        abbreviations.append((before + sum(len(word_terms) for _, word_terms in entries[: j + 1]), long_form[1]))
        if not abbreviations:
            return terms
        # Put in by one pass over the terms (one insert each would move all the terms after it).
        joined: list[str] = []
        done = 0
        for at, abbreviation in abbreviations:
            joined += terms[done:at]
            joined.append(abbreviation)
            done = at
        joined += terms[done:]
        return joined

    def _words_from(self, written: Sequence[str], k: int, j: int, wanted: int) -> list[str]:
        """At least ``wanted`` normalised words (fewer at the text's end) from the
        ``j``-th token of piece ``k`` of ``written`` on."""
        words = list(self._pieces[written[k]].words[j:])
        k += 1  # by index: an islice from k would step through the k pieces before it
        while len(words) < wanted and k < len(written):
            words.extend(self._pieces[written[k]].words)
            k += 1
        return words

    def _piece(self, written: str) -> _Piece:
        """What a piece of text between spaces yields, kept (with its terms alone) while
        there is room; a piece that may open a long form is kept in ``_phrase_pieces``."""
        token = self._tokens.get
        # Letters alone are one token, as the pattern would find (most new pieces: a word).
        found = [written] if written.isalpha() else TOKEN_RE.findall(written)
        if len(found) == 1:  # most pieces: one word
            entry = token(found[0]) or self._token(found[0])
            piece = _Piece((entry,), (entry[0],), entry[1], entry[0] in self._phrases)
        else:
            entries = tuple(token(w) or self._token(w) for w in found)
            words = tuple(word for word, _ in entries)
            piece = _Piece(entries, words, tuple(t for _, word_terms in entries for t in word_terms), not self._phrases.keys().isdisjoint(words))
        if piece.opens_phrase and written not in self._phrase_pieces:
            if len(self._phrase_pieces) < self.cached_pieces:
                self._phrase_pieces.add(written)
            else:
                self._phrase_pieces_full = True
        if len(self._pieces) < self.cached_pieces:
            self._pieces[written] = piece
            self._piece_terms[written] = piece.terms
        return piece

    def _terms_of_piece(self, written: str) -> tuple[str, ...]:
        return self._piece(written).terms

    def headline_terms(self, title: str) -> list[str]:
        """The terms of a headline as the index adds them to its paragraphs: without the
        ellipsis of a headline cut short."""
        return self.terms(title.rstrip("…"))

    def document_terms(self, title: str, paragraphs: Sequence[str], heading: Sequence[str] | None = None) -> Iterator[list[str]]:
        """Index terms of each paragraph of one article, its headline's terms added as
        context: later paragraphs say "he" and "the meeting" where the headline names
        the regent and the regency. A paragraph that already holds the headline (an
        article without one gets its first sentence as title) is not given it twice.
        A photo caption (the last passages) is indexed by what it adds to the headline
        and the paragraphs alone (:meth:`caption_terms`). ``heading``: the
        :meth:`headline_terms`, when the caller has them (a build stores them)."""
        headline = title.rstrip("…")
        heading = self.headline_terms(title) if heading is None else heading
        body = len(paragraphs) - caption_count(paragraphs, self.language)
        said = set(heading) if body < len(paragraphs) else None  # what the captions are read against
        for i, paragraph in enumerate(paragraphs):
            if said is not None and i >= body:
                yield self.caption_terms(paragraph, said)
                continue
            terms = self.terms(paragraph)  # a list of its own: extended in place
            if said is not None:
                said.update(terms)
            if headline not in paragraph:
                terms.extend(heading)
            yield terms

    def caption_terms(self, caption: str, said: set[str]) -> list[str]:
        """The terms of a photo caption that its article's headline and paragraphs (whose
        terms are ``said``) do not have, its label and credit aside. A caption mostly
        repeats the story; indexed whole, it would outscore the paragraph that says the
        same in one long sentence, and thin out the weight of that paragraph's words.
        What only it says ("didampingi Sekretaris Daerah Sukarni") it answers."""
        return [term for term in self.terms(caption_text(caption, self.language)) if term not in said]

    def captions_worth_keeping(self, title: str, paragraphs: Sequence[str], captions: Sequence[str]) -> tuple[str, ...]:
        """The captions that say something the headline and paragraphs do not: the others
        would be passages that can answer nothing."""
        said = set(self.terms(title.rstrip("…")))
        for paragraph in paragraphs:
            said.update(self.terms(paragraph))
        return tuple(caption for caption in captions if self.caption_terms(caption, said))

    # -- questions -------------------------------------------------------------------

    def language_of(self, text: str) -> str:
        """The language the question is analysed in: the one its words tell
        (``language_told``), else 'en' when its English words outnumber its Indonesian
        ones ("neutrality" is looked up in the English lexicon), else 'id'."""
        return self._language(text)[0]

    def language_told(self, text: str) -> str | None:
        """The language the question's words tell: its first question word's ("Siapa
        pengarang buku The Clash of Civilizations?" is Indonesian, however English the
        title); without one, the language most of its English and Indonesian words are
        in, when it has at least MIN_TELLING_WORDS words; else None. One word ("a",
        "neutrality") or a name alone ("Bengkulu Selatan") tells no language: the
        user's, or the conversation's, then decides the reply's."""
        return self._language(text)[1]

    def asks_for_latest(self, text: str) -> bool:
        """Whether the question asks for the present state of things ("Siapa Kapolres Muba
        sekarang?", "latest flood figures"): a word or phrase of latest_words.txt, typed
        as in a chat too ("skrg": colloquial_id.tsv)."""
        words = self.standard_word_texts(text)
        return any(tuple(words[i : i + len(phrase)]) == phrase for phrase in self.language.latest_words for i in range(len(words)))

    def standard_word_texts(self, text: str) -> list[str]:
        """The normalised words of ``text`` as a chat's are read ("brp" as "berapa":
        colloquial_id.tsv)."""
        return [word.text for word in self._standard_words(self.words(text), self.language.colloquial)]

    def _language(self, text: str) -> tuple[str, str | None]:
        """The language to analyse ``text`` in, and the language it tells, if any."""
        written = self.words(text)
        for i in range(len(written)):
            span, _ = self.longest_phrase(written, i, self.language.question_words)
            if span:
                key = [w.text for w in written[i : i + span]]
                if all(w in self.language.english_words for w in key):
                    return "en", "en"
                if all(w in self.language.indonesian_words for w in key):
                    return "id", "id"
        words = [w.text for w in written]
        english = sum(1 for w in words if w in self.language.english_words)
        indonesian = sum(1 for w in words if w in self.language.indonesian_words)
        language = "en" if english > indonesian else "id"
        told = len(words) >= MIN_TELLING_WORDS and english != indonesian
        return language, language if told else None

    def analyze_question(self, text: str, known: Callable[[str], bool] | None = None) -> Question:
        """Split a question into concepts: each content word with its alternatives
        (stem, abbreviation long form, English-to-Indonesian translations). With
        ``known`` (is this term in the corpus?), a misspelt English word the corpus does
        not use is mended against the lexicon ("declaraton" -> "declaration").

        Two chains of steps: the word readers (``_QUESTION_READERS``), tried in turn at
        each word until one takes it and the words after it that go with it; then the
        refinements of the kind of answer asked (``_ANSWER_REFINEMENTS``)."""
        words = self.words(text)
        language = self.language_of(text)
        if language == "id":
            words = self._mended_question_word(text, self._standard_words(self._reduplicated(words), self.language.colloquial), known)
        else:
            words = self._months_in_dates(text, self._standard_words(words, self.language.colloquial_en))
        reading = _QuestionReading(text, words, language, known, self._joined_words(text, words, known))
        i = 0
        while i < len(words):
            reading.attribution.extend([reading.attributing] * (len(reading.concepts) - len(reading.attribution)))
            if reading.attributing and CLAUSE_END.search(text, words[i - 1].end, words[i].start):
                reading.attributing = False
            for read in _QUESTION_READERS:
                taken = read(self, reading, i)
                if taken:
                    break
            i += taken  # the last reader takes any word
        reading.attribution.extend([reading.attributing] * (len(reading.concepts) - len(reading.attribution)))
        concepts = reading.concepts
        if reading.answer_type == "expansion":
            concepts = [self._abbreviation_only(concept) for concept in concepts]
        answer_type = reading.answer_type
        for refine in _ANSWER_REFINEMENTS:
            answer_type = refine(self, reading, answer_type)
        return Question(
            text=text,
            language=language,
            answer_type=answer_type,
            concepts=tuple(concepts),
            synonyms=frozenset(reading.synonyms - reading.literal),
            attribution=tuple(reading.attribution),
        )

    # -- the word readers: each takes the words at ``i`` it reads (returns how many), or none (0)

    def _read_attribution(self, reading: _QuestionReading, i: int) -> int:
        """"menurut": the concepts up to the next comma say whose words are asked after."""
        if reading.words[i].text not in self.language.attributions:
            return 0
        reading.attributing = True
        return 1

    def _read_question_word(self, reading: _QuestionReading, i: int) -> int:
        """A question word ("siapa", "berapa jumlah", "where"): the kind of answer asked,
        a decisive one over one read before it; no concept."""
        words = reading.words
        question_span, question_type = self.longest_phrase(words, i, self.language.question_words)
        if not question_span or (question_type == "month" and self._counts_months(words, i)) or self._written_as_a_name(reading, i):
            return 0
        reading.attributing = False  # "menurut X apa tujuan HUT": the question goes on
        key = tuple(w.text for w in words[i : i + question_span])
        decisive = key in self.language.decisive_question_words
        reading.answer_type = question_type if decisive else reading.answer_type or question_type
        if question_type == "place":
            reading.asked_where.append(self._asks_which_of_a_noun(words, i, question_span))
        return question_span

    @staticmethod
    def _written_as_a_name(reading: _QuestionReading, i: int) -> bool:
        """Whether the word at ``i`` is written in capitals after the question's first
        word, in a question not typed in capitals: "WHO" of "Siapa Dirjen WHO?" is the
        World Health Organization, not the question word it spells."""
        word = reading.words[i]
        written = reading.text[word.start : word.end]
        return i > 0 and len(written) > 1 and written.isupper() and any(c.islower() for c in reading.text)

    def _counts_months(self, words: Sequence[Word], i: int) -> bool:
        """Whether the "bulan" at ``i`` is counted ("setiap bulan berapa ...", "selama dua
        bulan apa yang ..."): months counted name none, so "bulan apa" asks no month."""
        before = words[i - 1].text if i else ""
        language = self.language
        return before.isdigit() or before in language.number_words or before in language.period_distributives

    def _read_office_country_joiner(self, reading: _QuestionReading, i: int) -> int:
        """The word joining an office and its country ("of" in "president of Indonesia")."""
        return 1 if joins_office_and_country(reading.text, reading.words, i, self.language) else 0

    def _read_question_frame(self, reading: _QuestionReading, i: int) -> int:
        """The frame of a question, no concept: a phrase ("nama dari") or a word not
        opening a lexicon phrase."""
        frame_span, _ = self.longest_phrase(reading.words, i, self.language.question_frame_phrases)
        if frame_span:
            return frame_span
        return 1 if reading.words[i].text in self.language.question_frames and not self._lexicon_phrase_at(reading.words, i) else 0

    def _read_capital_abbreviation(self, reading: _QuestionReading, i: int) -> int:
        """An abbreviation in capitals read as its long form: "Siapa Presiden AS?" asks as
        "Siapa Presiden Amerika Serikat?" does (a concept for each of its words)."""
        word = reading.words[i]
        capital_long_form = self.language.question_capital_abbreviations.get(reading.text[word.start : word.end])
        if not capital_long_form or reading.text.startswith("$", word.end):
            return 0
        for long_word in capital_long_form:
            long_terms = self._question_word_terms(long_word)
            reading.literal.update(long_terms)
            if long_terms:
                reading.concepts.append(frozenset(long_terms))
        return 1

    def _read_english(self, reading: _QuestionReading, i: int) -> int:
        """English words, translated: in an English question, or one among Indonesian
        words, kept as written too (it may be an Indonesian word after all)."""
        text, words, known = reading.text, reading.words, reading.known
        if reading.language == "en":
            translated = self._translate(text, words, i, known)
            if not translated:
                return 0
            span, alternatives = translated
            if alternatives:
                reading.concepts.append(alternatives)
            return span
        if not self._english_among_indonesian(text, words[i], known):
            return 0
        translated = self._translate(text, words, i, known)
        if not translated or not translated[1]:
            return 0
        span, alternatives = translated
        written = {t for w in words[i : i + span] for t in self._question_word_terms(w.text)}
        reading.literal.update(written)
        reading.concepts.append(alternatives | written)
        return span

    def _read_long_form(self, reading: _QuestionReading, i: int) -> int:
        """An abbreviation's long form: "Pelaksana Tugas" is one thing, Plt: one concept,
        and no synonyms of its words ("pelaksana" is not "dilaksanakan", held). Written
        beside its abbreviation ("Sekretaris Daerah (Sekda)", "Sekda (Sekretaris
        Daerah)", "deputy regent (Wakil Bupati)"), the two are still one concept: counted
        twice, they outweighed the place after them, and "Siapa Sekretaris Daerah (Sekda)
        Kabupaten OKU Timur?" was answered with Aceh Tenggara's."""
        long_form = self.long_form_at(reading.words, i)
        if not long_form:
            return 0
        expansion, abbreviation = long_form
        terms = frozenset(self._question_word_terms(abbreviation))
        reading.literal.update(terms)
        taken = len(expansion)
        if i + taken < len(reading.words) and self._question_word_terms(reading.words[i + taken].text) == terms:
            taken += 1  # the abbreviation right after it
        if not reading.concepts or reading.concepts[-1] != terms:
            reading.concepts.append(terms)
        return taken

    def _read_date(self, reading: _QuestionReading, i: int) -> int:
        """A date in numbers is a day, a month and perhaps a year, each a concept: as one
        concept, a passage holding only "2024" covered all of "17/10/2024". ("1/2",
        perhaps a half, stays one concept, as any other word.)"""
        written_word = reading.words[i].text
        date = self._date_terms(written_word) if self._surely_a_date(written_word) else ()
        if not date:
            return 0
        day, *rest = date
        written = self._question_word_terms(written_word) - set(date)
        reading.literal.update(written, date)
        reading.concepts.extend(frozenset({part}) for part in (day, *rest))
        reading.concepts[-len(date)] |= written
        return 1

    def _read_word(self, reading: _QuestionReading, i: int) -> int:
        """Any other word: its terms (an abbreviation a phrase stands for, a word written
        apart or together), and its synonyms; a stop word gives none."""
        words, joined = reading.words, reading.joined
        terms = self._question_word_terms(words[i].text) | self.phrase_abbreviations_at(words, i)
        if terms:
            terms |= joined.get(i, set()) | joined.get(i - 1, set())
        reading.literal.update(terms)
        said = self._synonyms_of(words[i].text)
        reading.synonyms.update(said)
        if terms:
            reading.concepts.append(frozenset(terms | said))
        return 1

    # -- the refinements of the kind of answer asked, in turn

    def _counted_body(self, reading: _QuestionReading, asked: str | None) -> str | None:
        return "count" if asked == "number" and self._counts_a_body(reading.text, reading.words) else asked

    def _measure(self, reading: _QuestionReading, asked: str | None) -> str | None:
        return self._measure_asked(reading.words) or asked if asked == "number" else asked

    def _counted_noun(self, reading: _QuestionReading, asked: str | None) -> str | None:
        return "count" if asked == "number" and self._counts_a_noun(reading.words) else asked

    def _which_noun(self, reading: _QuestionReading, asked: str | None) -> str | None:
        """"Di kota manakah ...": every place word asks which of a noun, a thing."""
        return "thing" if asked == "place" and reading.asked_where and all(reading.asked_where) else asked

    def _which_place(self, reading: _QuestionReading, asked: str | None) -> str | None:
        return "place" if asked == "thing" and self._asks_which_place(reading.text, reading.words, reading.language) else asked

    def _place_of_a_kind(self, reading: _QuestionReading, asked: str | None) -> str | None:
        """"Di negara manakah ...", "which country": a country, not any place, by the
        noun beside a "where" or "what" question word (asked_place_kinds.tsv)."""
        if asked != "place":
            return asked
        kinds = self.language.asked_place_kinds
        nouns = self._nouns_asked_which(reading.text, reading.words, reading.language, ("place", "thing"))
        return next((kinds[noun] for noun in nouns if noun in kinds), asked)

    def _a_start(self, reading: _QuestionReading, asked: str | None) -> str | None:
        return "start" if asked == "time" and self._asks_a_start(reading.words) else asked

    def _who_someone_is(self, reading: _QuestionReading, asked: str | None) -> str | None:
        """"Siapa Sisardi?": who someone is; so is a name alone ("Herwan Antoni?")."""
        if asked == "person" and self._asks_who_someone_is(reading.text, reading.words):
            return "identity"
        if asked is None and len(reading.words) <= MAX_NAME_WORDS and self._asks_who_someone_is(reading.text, reading.words):
            return "identity"
        return asked

    def _asks_who_someone_is(self, text: str, words: list[Word]) -> bool:
        """Whether a "who" question gives only a person's name ("Siapa Sisardi?", "Who is
        Rosjonsyah?"): it asks what the person is, an office or title, not for a name.
        Every word but the question and stop words is capitalised (in title case, where
        capitals say little, at most MAX_NAME_WORDS of them), none reports speech, and none is an office
        or title: one the identity cues would find ("Siapakah Direktur PT Telkom?") or the
        place words of not_names.txt ("Siapakah Gubernur Sumatera Barat?") asks for a name."""
        language = self.language
        if any(pattern.search(text) for pattern in language.answer_cues.get("identity", ())):
            return False
        named = 0
        title_case = False  # a stop word capitalised past the first word: capitals tell little
        for position, word in enumerate(words):
            if word.text in language.stopwords or (word.text,) in language.question_words:
                title_case = title_case or position > 0 and text[word.start].isupper()
                continue
            if not text[word.start].isupper() or word.text in language.not_names or word.text in language.place_titles:
                return False
            # ... and "Siapa Sekdanya?" for the name of the place's one spoken of before.
            office = language.without_pointing_ending(word.text) if language.points_back(word.text) else word.text
            if office in language.place_offices or office in language.country_offices or office in language.abbreviations or word.text in language.speech_markers:
                return False  # "Siapa Menkeu?" asks for a name
            named += 1
        # In title case a name is still short ("Siapa Itu Sisardi?"); "Siapa Yang Bilang
        # Jangan Menyebarkan Informasi Hoaks?" is a sentence, and asks for a name.
        return named > 0 and (not title_case or named <= MAX_NAME_WORDS)

    def _counts_a_body(self, text: str, words: list[Word]) -> bool:
        """Whether the question opens with "berapa" (count_openers.txt) and a body named
        by its abbreviation ("berapa ASN yang ikut deklarasi?"): it asks how many, which
        neither a year nor "HUT Ke-52" tells, where "berapa" alone takes any number
        ("berapa persen"; "tahun berapa ASN ...", its measure before it, asks for a year)."""
        if len(words) < 2 or words[0].text not in self.language.count_openers:
            return False
        following = words[1]
        if following.text in self.language.ordinal_abbreviations:  # "berapa HUT ...": which anniversary
            return False
        return text[following.start : following.end].isupper() and following.text in self.language.abbreviations

    def _counts_a_noun(self, words: list[Word]) -> bool:
        """Whether "berapa" is followed by a noun it counts ("Berapa kursi yang didapat
        ...?", "berapa orangkah ..."): not a measure (:meth:`_measure_asked` has read
        those), a modifier or a noun asking a rank, a label or a date (number_nouns.txt).
        A count is no year and no date: "pemilu 18 September 2005" holds none. Not after
        a noun ("tahun berapa"), nor as a question word of two ("ke berapa": which one).
        A chat's particle between is read past ("berapa sih jumlah ASN":
        address_particles.txt)."""
        language = self.language
        for at, word in enumerate(words[:-1]):
            if language.without_question_ending(word.text) not in language.count_openers:
                continue
            if at > 0 and (words[at - 1].text not in language.stopwords or (words[at - 1].text, word.text) in language.question_words):
                return False  # "tahun berapa": the noun before says what number; "ke berapa": which one
            counted = next((following for following in words[at + 1 :] if following.text not in language.address_particles), None)
            if counted is None:
                return False
            noun = language.without_question_ending(counted.text)
            return not (
                language.question_words.get((language.without_question_ending(word.text), noun), "count") != "count"  # "berapa bulan(kah)": a duration
                or noun in language.measure_modifiers
                or noun in language.number_nouns
                or noun in language.measures
                or noun in language.stopwords
                or noun in language.ordinal_abbreviations
                or noun.isdigit()
            )
        return False

    def _measure_asked(self, words: list[Word]) -> str | None:
        """The measure a "berapa" question asks for by the noun after it (measures.tsv),
        modifiers aside (measure_modifiers.txt), or right before it: "berapa jarak ..." a
        length, "berapa besar dana ..." a sum of money, "kecepatan berapakah ..." a
        speed. Its answer is a number in that measure's units, not any number."""
        measures = self.language.measures
        for at, word in enumerate(words):
            if self.language.without_question_ending(word.text) not in self.language.count_openers:
                continue
            after = (self.language.without_question_ending(w.text) for w in words[at + 1 :])
            noun = next((w for w in after if w not in self.language.measure_modifiers), None)
            before = words[at - 1].text if at > 0 else None
            return measures.get(noun or "") or measures.get(before or "")
        return None

    def _asks_which_of_a_noun(self, words: list[Word], at: int, span: int) -> bool:
        """Whether the place question word at ``at`` ("manakah": which_words.txt) asks
        which of the noun before it, not where: "Bank manakah", "Surat kabar mana"
        (FacQA dev: the place cue had put a place's paragraph first). Not after a
        place's noun, up to two words back ("kota mana", "jalan tol mana")."""
        if span != 1 or at == 0 or words[at].text not in self.language.which_words:
            return False
        return not any(word.text in self.language.place_nouns for word in words[max(0, at - 2) : at])

    def _asks_which_place(self, text: str, words: list[Word], language: str) -> bool:
        """Whether a "what" question asks which place (place_nouns.txt): "di gedung apa",
        "kota apakah", "which building". Its answer is a place's name ("Aula Bina Praja
        II"), which the place cue finds and "apa" alone would not look for. The noun stays
        a word of the question, as "negara" of "negara manakah" does: dropped, it lost
        FacQA dev two refusals of questions whose answer was taken out. Not across a
        comma: "Selain menjaga kondusifitas wilayah, apa tugas ...?" asks a duty."""
        return any(noun in self.language.place_nouns for noun in self._nouns_asked_which(text, words, language, ("thing",)))

    def _nouns_asked_which(self, text: str, words: list[Word], language: str, asking: tuple[str, ...]) -> Iterator[str]:
        """The nouns right beside a question word of the types ``asking``: before it in
        Indonesian ("gedung apa"), after it in English ("which building"); not across a
        comma."""
        step = 1 if language == "en" else -1
        for i, word in enumerate(words):
            if self.language.question_words.get((word.text,)) not in asking or not 0 <= i + step < len(words):
                continue
            noun = words[i + step]
            first, second = (word, noun) if step == 1 else (noun, word)
            if not CLAUSE_END.search(text, first.end, second.start):
                yield noun.text

    def _asks_a_start(self, words: list[Word]) -> bool:
        """Whether a "when" question asks when a state began: a start word or phrase
        (state_starts.txt, state_start_phrases.txt) in its main clause, before any word
        opening a side clause, and not describing a noun ("the appointed acting regent":
        start_attributives.txt)."""
        texts = [word.text for word in words]
        for at, word in enumerate(texts):
            if word in self.language.clause_openers:
                return False
            if word in self.language.state_starts and not self._describes_a_noun(texts, at) or self.start_phrase_at(texts, at):
                return True
        return False

    def _describes_a_noun(self, texts: Sequence[str], at: int) -> bool:
        """Whether the word at ``at`` follows a word making it describe a noun ("the
        appointed", "the newly appointed": start_attributives.txt, start_adverbs.txt)."""
        before = at - 1
        while before >= 0 and texts[before] in self.language.start_adverbs:
            before -= 1
        return before >= 0 and texts[before] in self.language.start_attributives

    def start_phrase_at(self, words: Sequence[str], at: int) -> tuple[str, ...] | None:
        """The phrase of state_start_phrases.txt that ``words`` write from ``at``, if any,
        ending them or followed by a word the file lets follow it."""
        for phrase, followers in self.language.state_start_phrases.items():
            after = at + len(phrase)
            if tuple(words[at:after]) == phrase and (after == len(words) or words[after] in followers):
                return phrase
        return None

    def _english_among_indonesian(self, text: str, word: Word, known: Callable[[str], bool] | None) -> bool:
        """Whether ``word``, in a question asked in Indonesian, is English to translate:
        "siapa the acting regent of Muba" mixes the two, as chat does. Only a word
        written in lower case (a capitalised one may be a name), that is no Indonesian
        stop word, and that is English by the lexicon (even where the articles use it
        too: "main" gets "utama" beside it) or, beyond the lexicon, that the archive does
        not know as written: such a word the articles use is read as they use it. Nor a
        real Indonesian word the archive lacks (:meth:`real_word`): "lama" read as English
        was mended to "lamb", and "berapa lama ..." asked after lambs."""
        if not text[word.start : word.start + 1].islower() or word.text in self.language.indonesian_words:
            return False
        if word.text in self.language.english_words:
            return True
        return known is not None and not any(known(t) for t in self.word_terms(word.text)) and not self.real_word(word.text)

    def _joined_words(self, text: str, words: list[Word], known: Callable[[str], bool] | None) -> dict[int, set[str]]:
        """For two words side by side that the archive writes as one ("terima kasih",
        "kerja sama": "terimakasih", "kerjasama"), the first word's position and the
        terms of the one word, which both words' concepts then hold. Without them the
        question's two words never met the article's one, and "Siapa yang mengucapkan
        terima kasih ...?" was refused where "terimakasih" was answered. Only words of
        letters that each have terms (no stop word: "ke luar" is not "keluar"), and only
        a joined word the archive knows."""
        if known is None:
            return {}
        found: dict[int, set[str]] = {}
        for i in range(len(words) - 1):
            first, second = words[i].text, words[i + 1].text
            if not (first.isalpha() and second.isalpha()) or text[words[i].end : words[i + 1].start].strip():
                continue
            if not (self.word_terms(first) or self.word_terms(second)):
                continue
            terms = {t for t in self.word_terms(first + second) if known(t)}
            if terms:
                found[i] = terms
        return found

    def _mended_question_word(self, text: str, words: list[Word], known: Callable[[str], bool] | None) -> list[Word]:
        """A misspelt question word at either end of a question that has none ("kapn
        rapat di OKU Timur", "berpa ASN ...") read as the one question word it is a
        slip from (spelling.slipped: a letter dropped or added, two swapped): left to the
        speller, it was mended against the vocabulary ("berpa" -> "berla") and the
        question lost what it asks. Only a word no term of which the archive knows and
        that is no Indonesian word ("kapal", "tunggal", "berupa": a keyword question has
        no question word, and its words are what it asks about); at the end, only one
        written in small letters: a capital there is a name's or an acronym's ("berita
        tentang Diana" asks about Diana, "... KPAN" about the AIDS commission, not
        "dimana" or "kapan"), where a first word's first letter may be the keyboard's
        (one in capitals, "SIPA", is still an acronym). A question word
        shouted at the end ("... OKU Timur DIMNA?") is refused with them: telling it from
        an acronym the archive lacks would be a guess."""
        if known is None or not words or any(self.longest_phrase(words, i, self.language.question_words)[0] for i in range(len(words))):
            return words
        for position in dict.fromkeys((0, len(words) - 1)):
            word = words[position]
            if len(word.text) < MIN_MENDED_QUESTION_WORD or any(known(t) for t in self.word_terms(word.text)):
                continue
            written = text[word.start : word.end]
            if not written.islower() and (position > 0 or written.isupper()):  # a keyboard capitalises one letter
                continue
            near = [q for q in self.language.typed_question_words if slipped(word.text, q)]
            if len(near) == 1 and not self.real_word(word.text):
                return [*words[:position], word._replace(text=near[0]), *words[position + 1 :]]
        return words

    def real_word(self, word: str) -> bool:
        """Whether ``word``, or its stem of four letters or more, is a word the English
        dictionary or the lexicon gives as a translation: a real Indonesian word, which
        the archive may simply not hold, and no misspelling to mend ("tingkatan", stem
        "tingkat"). Read from the dictionary, so asked only of a word there is a mend for."""
        known = self.english.indonesian_words
        stem = self.stem(word)
        return word in known or (len(stem) >= MIN_MENDED_QUESTION_WORD and stem in known)

    def _months_in_dates(self, text: str, words: list[Word]) -> list[Word]:
        """An English month's name written capitalised beside a number ("27 May 2005",
        "May 2005") as the Indonesian month's: "may" is an English stop word, and the
        date lost its month."""
        read = list(words)
        for position, word in enumerate(words):
            number = self.language.months.get(word.text)
            if number is None or not text[word.start : word.start + 1].isupper():
                continue
            beside = [words[p].text for p in (position - 1, position + 1) if 0 <= p < len(words)]
            if any(w.isdigit() for w in beside):
                read[position] = word._replace(text=self._month_names[number])
        return read

    @staticmethod
    def _reduplicated(words: list[Word]) -> list[Word]:
        """A word doubled as chat writes it, with a "2", as the news writes it: "hati2"
        is "hati-hati", "anak2" "anak-anak" (a question's only: edited news spells them out)."""
        return [word._replace(text=f"{m[1]}-{m[1]}") if (m := REDUPLICATED_RE.fullmatch(word.text)) else word for word in words]

    def _standard_words(self, words: list[Word], colloquial: Mapping[str, str]) -> list[Word]:
        """Chat words as the language's standard writes them, in place: "nyebarin" is
        "menyebarkan" (colloquial_id.tsv), "teh" in an English question "the"."""
        return [word._replace(text=colloquial[word.text]) if word.text in colloquial else word for word in words]

    def _question_word_terms(self, word: str) -> set[str]:
        """A question word's terms, less the words of its abbreviation's long form: the
        index gives every passage that writes "ASN" or "Aparatur Sipil Negara" the term
        "asn", so that finds them all, while "negara" or "kepala" alone would let any
        passage on some state or head stand for "ASN" or "Pilkada"."""
        terms = set(self.word_terms(word))
        expansion = self.language.abbreviations.get(word)
        if expansion:
            terms -= {self.stem(w) for w in expansion} - {self.stem(word)}
        return terms

    def _abbreviation_only(self, concept: frozenset[str]) -> frozenset[str]:
        """A concept of a question asking what an abbreviation stands for: the
        abbreviation without its long form's words (which are the answer, and which every
        passage that writes the long form out would match as well as the one that spells
        it out), and the definition terms of its words, which only the passage that
        spells the abbreviation out has ("Apakah kepanjangan dari PBB?": "(pbb)")."""
        abbreviations = concept & self.language.abbreviations.keys()
        words = frozenset(abbreviations) if abbreviations else concept
        return words | {definition_term(term) for term in words}

    # -- English questions ---------------------------------------------------------

    @property
    def english(self) -> English:
        """The English dictionary, lexicon and lemmatiser: read at the first English
        question, since most questions are Indonesian."""
        if self._english is None:
            self._english = load_english() if self.language is load_language() else English(
                load_dictionary(), self.language.lexicon, Lemmatizer.bundled(), self.language.stopwords
            )
        return self._english

    def _lexicon_phrase_at(self, words: Sequence[Word], i: int) -> bool:
        """Whether a hand-made lexicon entry starts at word ``i``: it wins over a question
        frame ("location"), as it always has."""
        return self.longest_phrase(words, i, self.language.lexicon)[0] > 0

    def _translate(
        self, text: str, words: list[Word], i: int, known: Callable[[str], bool] | None
    ) -> tuple[int, frozenset[str]] | None:
        """The concept of the English word or phrase at ``words[i]``: how many words it
        spans and its Indonesian terms; None for a word to read as written (a name, a
        code, an Indonesian word). The English words themselves are dropped, since the
        articles are Indonesian, unless the word is capitalised and the corpus knows it
        as written: "Bush" is a name before it is "semak".

        With ``known``, only the translations the corpus uses are kept ("kill": tewas,
        membunuh, korban, meninggal; an archive may write two of them). That changes no
        score, since a term the corpus lacks weighs nothing in BM25, in a concept's
        weight or in its coverage, but keeps the concept to what can match. What
        ``known`` does change is names and loanwords (FacQA dev, English questions:
        hit@1 0.769 with it, 0.738 translating every dictionary word blindly). Keeping
        the first sense only, or counting later senses as synonyms, did worse (hit@1
        0.715-0.723 against 0.731, with the lexicon's first hundred news words): the
        dictionary's sense order is not the news's. A word none of whose translations
        the corpus uses keeps them all: it is as unseen as it would be in Indonesian,
        and the no-answer decision should know (dropping it instead refused 0.389 of the
        questions whose answer was taken out, against 0.458, and answered none more
        rightly: ``tanya eval --unanswerable`` pairs, English dev questions)."""
        written = [w.text for w in words]
        numbers = indonesian_numbers(written[i], self.language)
        if numbers:
            return 1, frozenset(t for w in (written[i], *numbers) for t in self.word_terms(w))
        reordered = self._compass_name(written, i)
        if reordered is not None:
            return reordered
        found = self.english.lookup(written, i)
        if found is None and known is not None and text[words[i].start : words[i].start + 1].islower():
            found = self._mend_english(written[i], known)  # a capitalised word is a name, not a typo
        if found is None:
            return None
        span, senses = found
        translations = [t for sense in senses for t in sense]
        if known is None:
            return span, frozenset(self._translation_terms(translations))
        as_written = frozenset(t for w in written[i : i + span] for t in self.word_terms(w))
        written_known = any(known(t) for t in as_written)
        capitalised = any(text[w.start : w.start + 1].isupper() for w in words[i : i + span])
        kept = [t for t in translations if self._translation_known(t, known)]
        if kept:
            return span, frozenset(self._translation_terms(kept)) | (as_written if capitalised and written_known else frozenset())
        if written_known:  # a name, or a loanword the articles write as English does
            return span, as_written
        return span, frozenset(self._translation_terms(translations))

    def translated_terms(self, phrase: Sequence[str]) -> set[str]:
        """The index terms of the lexicon's or dictionary's Indonesian for an English word
        or phrase, all its senses ("take office": jabat, lantik, kukuh, sahkan); none when
        neither holds it whole."""
        found = self.english.lookup(list(phrase), 0)
        if found is None or found[0] != len(phrase):
            return set()
        return self._translation_terms([translation for sense in found[1] for translation in sense])

    def _translation_known(self, translation: tuple[str, ...], known: Callable[[str], bool]) -> bool:
        """Whether the corpus uses every content word of an Indonesian translation."""
        terms = [self.word_terms(w) for w in translation]
        return any(terms) and all(any(known(t) for t in word) for word in terms if word)

    def english_word_terms(self, word: str) -> frozenset[str]:
        """The index terms of every translation of the English ``word`` (normalised), as
        a question's concept holds them before the archive's vocabulary narrows them
        ("finance": keuangan, ...); empty for a word the dictionary lacks."""
        found = self.english.lookup([word], 0)
        if found is None:
            return frozenset()
        return frozenset(self._translation_terms([translation for sense in found[1] for translation in sense]))

    def _translation_terms(self, translations: Sequence[tuple[str, ...]]) -> set[str]:
        """The index terms of translations, with the abbreviation of a long form among
        them ("pejabat sementara": pjs)."""
        terms: set[str] = set()
        for translation in translations:
            abbreviation = self._abbreviation_of.get(tuple(translation)) if len(translation) > 1 else None
            if abbreviation is not None:
                # A whole long form is its abbreviation's term, as in an Indonesian question
                # (see _question_word_terms): not also each of its words.
                terms.add(abbreviation)
                continue
            for w in translation:
                terms.update(self.word_terms(w))
            if len(translation) > 1:
                terms.update(self._phrase_abbreviations(translation))
        return terms

    def compass_name_terms(self, words: Sequence[Word], i: int) -> set[str]:
        """The abbreviation of an English compass-point name ("South Bengkulu": bs) that
        word ``i`` is part of; empty for any other word."""
        written = [w.text for w in words]
        found = (self._compass_name(written, start) for start in (i - 1, i) if start >= 0)
        return {t for name in found if name is not None for t in name[1]}

    def _compass_name(self, written: Sequence[str], i: int) -> tuple[int, frozenset[str]] | None:
        """An English place named with a compass point before it ("South Bengkulu") whose
        Indonesian order ("Bengkulu Selatan") is an abbreviation's long form: that
        abbreviation's concept, as the Indonesian question has it. Other names are read
        word by word."""
        name = indonesian_order(written[i : i + 2], self.language)
        abbreviation = self._abbreviation_of.get(name) if name is not None else None
        return (2, frozenset({abbreviation})) if abbreviation is not None else None

    def _mend_english(self, word: str, known: Callable[[str], bool]) -> tuple[int, tuple[Sense, ...]] | None:
        """The entry of the headword ``word`` is a misspelling of ("declaraton"), if the
        corpus does not know it as written."""
        if word in self.language.english_words or word in self.language.question_frames:
            return None
        # An Indonesian stop word, unknown to the index as every stop word is, is no
        # misspelt English: "Who said 'kita harus netral'?" quotes the article ("kita"
        # was mended to "kit", perkakas).
        if word in self.language.indonesian_words:
            return None
        if any(known(term) for term in self.word_terms(word)):
            return None
        if self._english_speller is None:
            self._english_speller = Speller(self.english.speller_words(), lambda _: 0)
        fix = self._english_speller.suggest(word)
        return self.english.lookup([fix], 0) if fix else None

    def concepts_of(self, word: str, question: Question) -> Iterator[frozenset[str]]:
        """``question``'s concepts that hold a term of ``word`` (normalised, as
        :meth:`words` gives it), in the question's order."""
        terms = set(self.word_terms(word))
        return (concept for concept in question.concepts if concept & terms)

    def longest_phrase(self, words: Sequence[Word], i: int, table: Mapping[tuple[str, ...], T]) -> tuple[int, T | None]:
        """The longest phrase of ``table`` (of up to three words) written from word ``i``
        on: its length and value; (0, None) for none."""
        if i >= len(words) or words[i].text not in self._openers(table):
            return 0, None  # most words open no phrase: told by one lookup
        for size in (3, 2, 1):
            key = tuple(w.text for w in words[i : i + size])
            if len(key) == size and key in table:
                return size, table[key]
        return 0, None

    def _openers(self, table: Mapping[tuple[str, ...], object]) -> frozenset[str]:
        """The words the phrases of ``table`` (a language's question words, question
        frames, lexicon) open with, worked out once per table: a question's every word
        is looked up in two or three of them, some 27 times a question."""
        kept = self._table_openers.get(id(table))
        if kept is None or kept[0] is not table:  # a table of another language, made anew at its id
            kept = self._table_openers[id(table)] = (table, frozenset(phrase[0] for phrase in table if phrase))
        return kept[1]

    def _phrase_abbreviations(self, phrase: tuple[str, ...]) -> set[str]:
        return {t.text for t in self.term_spans(" ".join(phrase)) if t.text in self.language.abbreviations}

    def _long_forms_at(self, words: Sequence[Word], i: int) -> Iterator[tuple[tuple[str, ...], str]]:
        """Each abbreviation long form written from word ``i`` on, longest first, with
        its abbreviation."""
        for expansion, abbreviation in self._phrases.get(words[i].text, ()):
            end = i + len(expansion)
            if end <= len(words) and tuple(w.text for w in words[i:end]) == expansion:
                yield expansion, abbreviation

    def abbreviations_written_from(self, words: Sequence[Word], i: int) -> set[str]:
        """The abbreviations whose long form is written from word ``i`` on ("Kepala Dinas
        ..." -> "kadis"), each of its ways of being written out."""
        return {abbreviation for _, abbreviation in self._long_forms_at(words, i)}

    def long_form_at(self, words: list[Word], i: int) -> tuple[tuple[str, ...], str] | None:
        """The longest long form of more than one word starting at word ``i``."""
        return next((form for form in self._long_forms_at(words, i) if len(form[0]) > 1), None)

    def phrase_abbreviations_at(self, words: list[Word], i: int) -> set[str]:
        """The abbreviation of a long form that covers word ``i`` ("sementara" in
        "pejabat sementara" -> "pjs"), so either form of the question finds both."""
        found: set[str] = set()
        for start in range(max(0, i - 5), i + 1):
            for expansion, abbreviation in self._long_forms_at(words, start):
                if start + len(expansion) > i:
                    found.add(abbreviation)
        return found


@dataclass
class _QuestionReading:
    """What :meth:`Analyzer.analyze_question` has read of a question so far: the chain's
    readers add to it in turn."""

    text: str
    words: list[Word]
    language: str
    known: Callable[[str], bool] | None
    joined: dict[int, set[str]]  # terms of words written apart or together, by position
    answer_type: str | None = None
    concepts: list[frozenset[str]] = field(default_factory=list)
    synonyms: set[str] = field(default_factory=set)
    literal: set[str] = field(default_factory=set)  # terms of the words the question itself uses
    attribution: list[bool] = field(default_factory=list)
    attributing: bool = False  # inside "menurut ..." up to the next comma
    asked_where: list[bool] = field(default_factory=list)  # of each place question word, whether it asks "which N"


# The word readers, in the order they are tried at each word: the first that takes it wins.
_QUESTION_READERS: tuple[Callable[[Analyzer, _QuestionReading, int], int], ...] = (
    Analyzer._read_attribution,
    Analyzer._read_question_word,
    Analyzer._read_office_country_joiner,
    Analyzer._read_question_frame,
    Analyzer._read_capital_abbreviation,
    Analyzer._read_english,
    Analyzer._read_long_form,
    Analyzer._read_date,
    Analyzer._read_word,
)

# The kind of answer asked, refined in turn by what else the question says.
_ANSWER_REFINEMENTS: tuple[Callable[[Analyzer, _QuestionReading, str | None], str | None], ...] = (
    Analyzer._counted_body,
    Analyzer._measure,
    Analyzer._counted_noun,
    Analyzer._which_noun,
    Analyzer._which_place,
    Analyzer._place_of_a_kind,
    Analyzer._a_start,
    Analyzer._who_someone_is,
)
