"""Questions typed in lower case, read with the capitals the archive writes their words with.

People type in chat without capitals: "siapa pjs bupati bengkulu selatan", "how many asn
were reported in oku timur". Several parts of the answer path read capitals: the place
check finds "Bengkulu Selatan" as a name, and the no-answer evidence counts the
question's names (capitalised words, "OKU") that the passage must hold. Typed in lower
case, such a question lost both, and was answered where its capitalised twin is
refused. So a question with no capital past its first letter is given the capitals its
words carry in the passages that match it, and is then read as if typed that way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

from retrieval.analysis import Analyzer, Word
from retrieval.regex_marks import ignorecase_key, ignorecase_lowered

# A word is a name in the archive when at least this share of the times it stands
# mid-sentence in the sampled passages it is capitalised: "Timur" in "OKU Timur" and
# "Jawa Timur", though now and then "sebelah timur".
CAPITALISED_SHARE = 0.8
# ... and it stands there at least this often: one capitalised sighting may be a headline
# word or a name that merely contains it.
MIN_SIGHTINGS = 2

# How many samples' folded forms (ignorecase_lowered) written_as_name keeps, of the latest
# read: the decision checks a question's names term by term against the same thirty-odd
# candidates, each folded anew for every term (31,865 foldings in 950 questions at 1M
# paragraphs, of some 1,900 texts).
FOLDED_SAMPLES = 256
_folded = lru_cache(maxsize=FOLDED_SAMPLES)(ignorecase_lowered)

# What may end a sentence before a word, which is then capitalised whatever it is.
SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”'‘’–—]|\s-)\s*$")


def typed_in_capitals(text: str) -> bool:
    """Whether every letter is a capital (and there are two or more): a question typed
    with caps lock on says no more about which words are names than one in lower case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def typed_in_lower_case(text: str) -> bool:
    """Whether no letter past the first is a capital: the first may be the keyboard's."""
    return not any(c.isupper() for c in text[1:])


def truecase(text: str, samples: Iterable[str], analyzer: Analyzer, stand_ins: Mapping[str, str] | None = None) -> str:
    """``text`` with each word that the ``samples`` (passages matching the question) write
    as a name written as they write it ("oku timur" -> "OKU Timur"); stop words and
    question words stay as typed. ``stand_ins`` maps a misspelt word the archive never
    writes to the word it is mended to ("lebog" -> "lebong"): the misspelt word takes
    its mend's capitals ("Lebog"), as it would had it been typed so."""
    words = lower_case_words(text, analyzer)
    if not words:
        return text
    samples = tuple(samples)
    stand_ins = stand_ins or {}
    # Each typed word as its matches are looked up by (regex_marks.ignorecase_key).
    keys = {word: ignorecase_key(text[word.start : word.end]) for word in words}
    wanted = set(keys.values())
    wanted |= {ignorecase_key(stand_ins[w]) for w in wanted if w in stand_ins}
    folded = tuple(ignorecase_lowered(sample) for sample in samples)
    spans = word_spans(wanted, samples, folded)
    forms: dict[str, Counter[str]] = {word: Counter() for word in wanted}
    for sample, found in zip(samples, spans):
        for start, end in found:
            written = sample[start:end]
            seen = forms.get(ignorecase_key(written))
            if seen is not None and not SENTENCE_END.search(sample[max(0, start - 3) : start]):
                seen[written] += 1
    names = {word: _name_form(forms[keys[word]]) for word in words}
    for word in words:
        typed = keys[word]
        if names[word] is None and typed in stand_ins and not forms[typed]:
            names[word] = _cased_like(typed, _name_form(forms[ignorecase_key(stand_ins[typed])]))
    for word in words:
        typed = keys[word]
        if names[word] is None and not forms[typed] and _in_a_written_abbreviation(typed, samples, analyzer):
            names[word] = typed.capitalize()
    offices, speakers = analyzer.language.place_offices, analyzer.language.speaker_openers
    for before, word in zip(words, words[1:]):
        # A word the archive never writes and no dictionary gives, after "bupati" or
        # "gubernur", names the place: "siapa pj bupati siak" asks after Siak, a regency
        # the archive lacks, which read as a common word was mended to "siap" and
        # answered from Muba's articles ("gubernur terpilih" is no place). So does a
        # dictionary root whose every term the archive lacks, which would only be read
        # as the word it is mended to: "siapa bupati pati" (starch) is no "bupati pagi".
        # Not a derived word: "kapan gubernur merayakan hut ..." names no place.
        # Likewise after "kata" (speaker_openers.txt), a word the archive never writes
        # and no dictionary gives names the speaker: "apa kata budiman tentang asn oki"
        # was answered with OKI's paragraph on ASN, read as if no one were named.
        # (Affixes say nothing there: the stemmer takes "-an" off Budiman and Herwan too.)
        typed = keys[word]
        if names[word] is not None or forms[typed] or not text[before.end : word.start].isspace():
            continue
        if before.text in offices:
            named = not analyzer.real_word(word.text) or (typed in stand_ins and analyzer.stem(word.text) == word.text)
        else:
            named = before.text in speakers and not analyzer.real_word(word.text)
        if named:
            names[word] = typed.capitalize()
    for before, word in zip(words, words[1:]):
        if (names[before] is None or names[word] is None) and text[before.end : word.start].isspace():
            together = _written_together(text[before.start : before.end], text[word.start : word.end], samples, folded)
            if together is not None:
                names[before], names[word] = together
    points = analyzer.language.compass_points
    for before, word in zip(words, words[1:]):
        # English puts a compass point before the name it is part of ("south bengkulu"):
        # the archive, Indonesian, never writes the English word.
        if names[word] is not None and names[before] is None and before.text in points and before.end + 1 == word.start:
            names[before] = text[before.start : before.end].capitalize()
    parts: list[str] = []
    done = 0
    for word in words:
        name = names[word]
        if name is not None:
            parts += [text[done : word.start], name]
            done = word.end
    return "".join(parts) + text[done:]


def word_spans(words: Collection[str], texts: Sequence[str], lowered: Sequence[str]) -> Iterator[list[tuple[int, int]]]:
    """For each of ``texts``, the spans of the whole ``words`` in it (lower case) as a
    case-blind pattern finds them. ``lowered``: each text as
    :func:`retrieval.regex_marks.ignorecase_lowered` makes it, letter for letter, where
    ASCII words are found by a pattern that minds no case, at the same places: a
    case-blind pattern tries each character both ways, and this search was most of a
    long lower-case question's reading of its samples."""
    alternatives = r"(?<!\w)(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?!\w)"
    if all(word.isascii() for word in words):
        pattern = re.compile(alternatives)
        return ([match.span(1) for match in pattern.finditer(text)] for text in lowered)
    pattern = re.compile(alternatives, re.IGNORECASE)
    return ([match.span(1) for match in pattern.finditer(text)] for text in texts)


def _written_together(first: str, second: str, samples: tuple[str, ...], folded: tuple[str, ...]) -> tuple[str, str] | None:
    """``first`` and ``second`` as a sample writes them when it writes both capitalised,
    side by side, mid-sentence ("se-Sumatera Selatan"): a name of two words, though each
    may be seen too seldom to count as one alone. None when no sample does, or one
    writes the pair otherwise. ``folded``: each sample as
    :func:`retrieval.regex_marks.ignorecase_lowered` makes it, so
    that only those holding both words are searched with the pattern (a case-blind
    pattern searches a text a character at a time: most of a long lower-case question's
    time was this search of every sample for every pair of its words)."""
    needles = (ignorecase_lowered(first), ignorecase_lowered(second))
    if all(needle.isascii() for needle in needles):
        samples = tuple(sample for sample, lowered in zip(samples, folded) if needles[0] in lowered and needles[1] in lowered)
        if not samples:
            return None  # compiled, the pattern cost more than the search it was for
    pattern = re.compile(rf"(?<!\w)({re.escape(first)})\s+({re.escape(second)})(?!\w)", re.IGNORECASE)
    found: tuple[str, str] | None = None
    for sample in samples:
        for match in pattern.finditer(sample):
            if SENTENCE_END.search(sample[max(0, match.start() - 3) : match.start()]):
                continue
            if not (match.group(1)[:1].isupper() and match.group(2)[:1].isupper()):
                return None
            found = (match.group(1), match.group(2))
    return found


def _in_a_written_abbreviation(word: str, samples: tuple[str, ...], analyzer: Analyzer) -> bool:
    """Whether ``word``, which the samples never write, is a word of the long form of an
    abbreviation they write in capitals: "ogan" and "ilir" of OKI (Ogan Komering Ilir).
    Such a word names something too: "siapa bupati ogan ilir" asks after Ogan Ilir, a
    regency the place check must then hold OKI's articles apart from."""
    abbreviations = analyzer.language.abbreviations_holding(word)
    return any(re.search(rf"(?<!\w){re.escape(short.upper())}(?!\w)", sample) for short in abbreviations for sample in samples)


def lower_case_words(text: str, analyzer: Analyzer) -> list[Word]:
    """The words of ``text`` typed in lower case that may be names: not stop words or
    question words."""
    language = analyzer.language
    return [
        word
        for word in analyzer.words(text)
        if text[word.start : word.end].islower() and word.text not in language.stopwords and (word.text,) not in language.question_words
    ]


def written_as_name(term: str, samples: Iterable[str], analyzer: Analyzer, title_case: bool = False, unseen: bool = True) -> bool:
    """Whether the ``samples`` (passages holding ``term``) write the words whose term it
    is, mid-sentence, capitalised more often than not, or never as a word: a name
    ("Bengkulu", "Antoni", whose term is "anton"), which a misspelt capitalised word may
    be read as, and not a common word ("siap" of "siap", "persiapan"). A word between two
    capitalised ones counts only with ``title_case``: a headline's title case capitalises
    every word, but a person's name of two words ("Yusran Fauzi") always stands so.
    ``unseen``: what a term never written as a word is (see below)."""
    capitalised = total = seen = 0
    for sample in samples:
        folded = _folded(sample) if term.isascii() else sample.lower()
        if term not in folded:
            continue  # one substring search: the pattern's "\w*" before the term is tried at every letter
        for start, end in _words_holding(term, sample, folded):
            word = sample[start:end]
            if term not in analyzer.word_terms(word.lower()):
                continue
            seen += 1
            if SENTENCE_END.search(sample[max(0, start - 3) : start]):
                continue
            if not title_case and word[:1].isupper() and _in_title_case(sample, start, end):
                continue  # a headline repeated in the body: "... Pimpin Rakor Tegaskan Netralitas ..."
            total += 1
            capitalised += word[:1].isupper()
    if not seen:
        # Never written as a word of its own: the term stands in the index only by an
        # abbreviation's long form ("musi" of "Muba", Musi Banyuasin), a name's; or
        # by a word whose prefix changed it ("menyebarkan" of "sebar").
        return unseen
    return 2 * capitalised > total  # more often capitalised than not: "Ruang Rapat Pagi" once makes no name


def _words_holding(term: str, sample: str, folded: str) -> Iterator[tuple[int, int]]:
    """The spans of the words of ``sample`` holding ``term`` (in any case), as the
    case-blind pattern ``(?<!\\w)(\\w*TERM\\w*)(?!\\w)`` finds them: a word holds its
    term as written, but for a nasal prefix's change, which names do not take, so the
    words around the term are the ones to analyse. An ASCII term is found in ``folded``,
    the sample as :func:`retrieval.regex_marks.ignorecase_lowered` makes it (letter for
    letter, "ı" and "ſ" as the pattern reads them), and each place widened to its word:
    compiling the pattern for the term cost more than the rest of the check, and most of
    a new question's terms are new."""
    if not term:
        return
    if not term.isascii():
        yield from (match.span(1) for match in _pattern_holding(term).finditer(sample))
        return
    done = 0  # the end of the last word found: a pattern's matches never overlap
    at = folded.find(term)
    while at >= 0:
        start, end = at, at + len(term)
        while start and _is_word_character(sample[start - 1]):
            start -= 1
        while end < len(sample) and _is_word_character(sample[end]):
            end += 1
        if start >= done:
            yield start, end
            done = end
        at = folded.find(term, at + 1)


def _is_word_character(character: str) -> bool:
    """What a pattern's ``\\w`` matches (sre: alphanumeric, or the underscore)."""
    return character.isalnum() or character == "_"


@lru_cache(maxsize=1024)
def _pattern_holding(term: str) -> re.Pattern[str]:
    """The words holding ``term``, a term beyond ASCII (which no folding here keeps)."""
    return re.compile(rf"(?<!\w)(\w*{re.escape(term)}\w*)(?!\w)", re.IGNORECASE)


_WORD_BEFORE_RE = re.compile(r"(\w+)\W{1,3}$")
_WORD_AFTER_RE = re.compile(r"^\W{1,3}(\w+)")


def _in_title_case(text: str, start: int, end: int) -> bool:
    """Whether the capitalised word at ``text[start:end]`` stands between two more
    capitalised words: a headline's title case, where a capital says nothing of a name
    (a place's name of three words or more is read from its other sightings)."""
    before = _WORD_BEFORE_RE.search(text[max(0, start - 40) : start])
    after = _WORD_AFTER_RE.search(text[end : end + 40])
    return bool(before and after and before.group(1)[:1].isupper() and after.group(1)[:1].isupper())


def _name_form(seen: Counter[str]) -> str | None:
    """The capitalised form most often seen, when the word is mostly written so."""
    total = sum(seen.values())
    capitalised = {form: n for form, n in seen.items() if form[:1].isupper()}
    if total < MIN_SIGHTINGS or sum(capitalised.values()) < CAPITALISED_SHARE * total:
        return None
    return max(sorted(capitalised), key=lambda form: capitalised[form])


def _cased_like(word: str, form: str | None) -> str | None:
    """``word`` with the capitals of ``form``, the name it is mended to: all of them
    ("OKU"), or the first ("Lebong")."""
    if form is None:
        return None
    return word.upper() if form.isupper() else word.capitalize()
