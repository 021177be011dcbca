"""English questions about Indonesian news: a dictionary, a small lemmatiser, number words.

The articles are Indonesian, so an English question is searched by the Indonesian words
its own words translate to. Three layers, each a data file under ``retrieval/data/``:

- ``dictionary_en_id.tsv``: FreeDict's English-Indonesian dictionary (about 9,700
  headwords, CC-BY-SA 3.0; made by ``scripts/convert_dictionary.py``), one line per
  headword, one cell per sense;
- ``lexicon_en_id.tsv``: hand-made corrections on top (civic and election words,
  abbreviations, number words), which replace the dictionary's entry for the same words;
- ``english_irregular.tsv`` and ``english_suffixes.tsv``: how "went", "exploded" and
  "studies" reach "go", "explode" and "study". A rule's candidate only counts when it is
  a headword, which is what keeps a dozen suffix rules from making words up.

Nothing here knows the corpus: which translations an archive uses is the analyzer's
business (``Analyzer.analyze_question``, with ``known``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from retrieval.language import Language, made_once, word_alternatives

DICTIONARY_FILE = "dictionary_en_id.tsv"

# Longer headwords are idioms; scripts/convert_dictionary.py leaves them out too.
MAX_PHRASE_WORDS = 4

# The header line that says how many entries follow: a file cut short is caught by it.
ENTRIES_LINE = re.compile(r"^#\s*entries:\s*(\d+)\s*$")

# A number as English writes it, with thousands separated by commas ("7,000", "1,250,000")
# or a decimal point ("8.2"): Indonesian writes "7.000" and "8,2".
ENGLISH_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
ENGLISH_DECIMAL = re.compile(r"^\d+\.\d{1,2}$")
# An ordinal in digits ("62nd": english_ordinal_endings.txt), which Indonesian writes
# "ke-62" (ordinal_prefix.txt): made once per language data (english_ordinal).
_ORDINALS: dict[str, tuple[object, re.Pattern[str]]] = {}

Translation = tuple[str, ...]  # the words of one Indonesian translation ("perdana", "menteri")
Sense = tuple[Translation, ...]  # the translations of one sense of a headword

# One line of the dictionary: a headword, then one or more cells of "|"-separated translations.
ENTRY_LINE = re.compile(r"[^\t#][^\t]*(?:\t[^\t|]*[^\t|\s][^\t|]*(?:\|[^\t|]*[^\t|\s][^\t|]*)*)+")


class DictionaryError(ValueError):
    """The dictionary file is missing or damaged; the message names it."""


def _data_text(name: str) -> str:
    return resources.files("retrieval").joinpath("data", name).read_text(encoding="utf-8")


class Dictionary:
    """Headwords and their senses. Each line is checked at load, but split into senses
    only when a question asks for it: splitting all 9,700 takes four times as long as
    reading them, and a question needs a dozen."""

    def __init__(self, rows: Mapping[str, str]) -> None:
        self._rows = rows  # "prime minister" -> "perdana menteri" (the cells, tab-separated)
        self._parsed: dict[str, tuple[Sense, ...]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, key: tuple[str, ...]) -> tuple[Sense, ...] | None:
        """The senses of the headword made of the words ``key``, or None."""
        headword = " ".join(key)
        senses = self._parsed.get(headword)
        if senses is None:
            cells = self._rows.get(headword)
            if cells is None:
                return None
            senses = _same_word_alone(key, tuple(_sense(cell) for cell in cells.split("\t")))
            if len(self._parsed) < 100_000:
                self._parsed[headword] = senses
        return senses

    def headwords(self) -> Iterator[str]:
        return iter(self._rows)

    def translation_words(self) -> frozenset[str]:
        """Every word of every translation: the Indonesian words the dictionary knows."""
        return frozenset(word for cells in self._rows.values() for word in re.split(r"[\t| ]+", cells) if word)


def load_dictionary(path: Path | None = None) -> Dictionary:
    """The dictionary (the bundled one unless ``path``). DictionaryError naming the file
    and line when it is not whole: a dictionary quietly cut short or mangled would leave
    English questions unanswered with no word said why."""
    where = str(path) if path else f"retrieval/data/{DICTIONARY_FILE}"
    try:
        text = path.read_text(encoding="utf-8") if path else _data_text(DICTIONARY_FILE)
    except (OSError, UnicodeDecodeError) as error:
        raise DictionaryError(f"cannot read the English dictionary {where}: {error}") from None
    rows: dict[str, str] = {}
    expected: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            count = ENTRIES_LINE.match(line)
            expected = int(count.group(1)) if count else expected
            continue
        if not ENTRY_LINE.fullmatch(line):
            raise DictionaryError(f"the English dictionary {where} is damaged at line {number}: {line[:60]!r}")
        headword, _, cells = line.partition("\t")
        rows[headword] = cells
    if expected is None:
        raise DictionaryError(f"the English dictionary {where} has no '# entries: N' line: not a tanya dictionary")
    if len(rows) != expected:
        raise DictionaryError(f"the English dictionary {where} is damaged: {len(rows)} entries where it says {expected}")
    return Dictionary(rows)


def _same_word_alone(key: tuple[str, ...], senses: tuple[Sense, ...]) -> tuple[Sense, ...]:
    """A headword the dictionary translates as itself ("jakarta": jakarta, batavia,
    sunda kelapa) is a name or a loanword, written the same in Indonesian news: its other
    translations (old names, other senses) would only find articles about something
    else ("sunda"), so the word alone is kept."""
    if any(key in sense for sense in senses):
        return ((key,),)
    return senses


def _sense(cell: str) -> Sense:
    """One cell of translations ("ledakan|eksplosi|letupan"), each split into words."""
    return tuple(tuple(t.split()) for t in cell.split("|") if t.strip())


def _rows(name: str) -> Iterator[tuple[str, str]]:
    for line in _data_text(name).splitlines():
        if line.strip() and not line.startswith("#"):
            left, _, right = line.partition("\t")
            yield left.strip().lower(), right.strip().lower()


@dataclass(frozen=True)
class Lemmatizer:
    """Candidate dictionary forms of an inflected English word, most likely first; the
    caller keeps the first that is a headword."""

    irregular: Mapping[str, tuple[str, ...]]  # "went" -> ("go",)
    suffixes: tuple[tuple[str, str], ...]  # (suffix, replacement), longest suffix first

    @classmethod
    def bundled(cls) -> Lemmatizer:
        irregular: dict[str, tuple[str, ...]] = {}
        for form, lemma in _rows("english_irregular.tsv"):
            irregular[form] = (*irregular.get(form, ()), lemma)
        rules = list(_rows("english_suffixes.tsv"))
        # Stable sort: among suffixes of one length, the file's order stands.
        return cls(irregular, tuple(sorted(rules, key=lambda rule: -len(rule[0]))))

    def candidates(self, word: str) -> Iterator[str]:
        """Forms ``word`` may be an inflection of, by the irregular table and then by the
        suffix rules (with a doubled last consonant made single: "planned" -> "plan")."""
        yield from self.irregular.get(word, ())
        for suffix, replacement in self.suffixes:
            stem = word[: -len(suffix)]
            if not word.endswith(suffix) or len(stem) < 2:
                continue
            yield stem + replacement
            if not replacement and len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                yield stem[:-1]


class English:
    """English words to Indonesian ones: the dictionary with the hand-made lexicon on
    top, looked up longest phrase first, inflected words through their lemma."""

    def __init__(
        self,
        dictionary: Dictionary,
        corrections: Mapping[tuple[str, ...], tuple[Translation, ...]],
        lemmatizer: Lemmatizer,
        stopwords: frozenset[str],
    ) -> None:
        self.dictionary = dictionary
        # A hand-made entry is one sense: its alternatives are what the seeds' news writes.
        self.corrections = {key: (tuple(translations),) for key, translations in corrections.items()}
        self.lemmatizer = lemmatizer
        self.stopwords = stopwords
        keys = [headword.split() for headword in dictionary.headwords()] + [list(key) for key in self.corrections]
        self.headwords = frozenset(key[0] for key in keys if len(key) == 1)
        self.longest = min(MAX_PHRASE_WORDS, max((len(key) for key in keys), default=1))

    @cached_property
    def indonesian_words(self) -> frozenset[str]:
        """The Indonesian words of the dictionary's and the lexicon's translations: real
        words, which a misspelling is not ("kapal", "tunggal", "pemicu")."""
        lexicon = (word for senses in self.corrections.values() for sense in senses for translation in sense for word in translation)
        return self.dictionary.translation_words() | frozenset(lexicon)

    def entry(self, key: tuple[str, ...]) -> tuple[Sense, ...] | None:
        """The senses of ``key``: the hand-made lexicon's, else the dictionary's."""
        return self.corrections.get(key) or self.dictionary.get(key)

    def lemma(self, word: str) -> str | None:
        """The headword ``word`` is a form of: the word itself when the hand-made
        lexicon has it ("held" there is "menggelar", not "hold"'s "memegang"), an
        irregular form's lemma ("found": "find"), the word itself, else the first suffix
        rule's candidate that is a headword."""
        if (word,) in self.corrections:
            return word
        irregular = next((w for w in self.lemmatizer.irregular.get(word, ()) if w in self.headwords), None)
        if irregular:
            return irregular
        if word in self.headwords:
            return word
        return next((w for w in self.lemmatizer.candidates(word) if w in self.headwords), None)

    def lookup(self, words: Sequence[str], i: int) -> tuple[int, tuple[Sense, ...]] | None:
        """The longest entry starting at ``words[i]`` (how many words it spans, and its
        senses), "prime ministers" and "took place" through their lemmas. A phrase of
        stop words alone ("at least") is no entry: those words carry no topic."""
        for size in range(min(self.longest, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if all(w in self.stopwords for w in phrase):
                continue
            for key in self._keys(phrase):
                senses = self.entry(key)
                if senses:
                    return size, senses
        return None

    def _keys(self, phrase: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        if len(phrase) == 1:
            lemma = self.lemma(phrase[0])
            if lemma:
                yield (lemma,)
            return
        yield phrase
        for position in (len(phrase) - 1, 0):  # English inflects a phrase's head ("stock exchanges") or verb ("took place")
            for lemma in self.lemmatizer.candidates(phrase[position]):
                yield (*phrase[:position], lemma, *phrase[position + 1 :])

    def speller_words(self) -> list[str]:
        """The single-word headwords, for mending a misspelt English word."""
        return sorted(self.headwords)


def english_ordinal(language: Language) -> re.Pattern[str]:
    """An English ordinal in digits, the whole word ("62nd"), its number in group 1."""
    return made_once(_ORDINALS, language, language.english_ordinal_endings, lambda endings: re.compile(rf"^(\d+)(?:{word_alternatives(endings)})$"))


def indonesian_numbers(word: str, language: Language) -> tuple[str, ...]:
    """How Indonesian writes a number English wrote as ``word``: "7,000" -> "7.000",
    "8.2" -> "8,2", "62nd" -> "ke-62" (``language``'s ordinals); nothing for other words."""
    ordinal = english_ordinal(language).match(word)
    if ordinal:
        return (f"{language.ordinal_prefix}-{ordinal.group(1)}",)
    if ENGLISH_THOUSANDS.match(word):
        return (word.replace(",", "."),)
    if ENGLISH_DECIMAL.match(word):
        return (word.replace(".", ","),)
    return ()


@lru_cache(maxsize=1)
def load_english() -> English:
    """The bundled dictionary, corrections and lemmatiser, read once and shared."""
    from retrieval.language import load_language

    language = load_language()
    return English(load_dictionary(), language.lexicon, Lemmatizer.bundled(), language.stopwords)
