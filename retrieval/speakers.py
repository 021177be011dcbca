"""Whose words a paragraph reports, where it says so by name.

Asked what someone said ("Apa kata Rudolf Pardede soal tuduhan ijazah palsu?"), a
paragraph that names them and reports speech is not yet their words: "Wakil Ketua
Fraksi Partai Golkar A Azis Angkat mengatakan, ... dugaan bahwa Rudolf tidak memiliki
ijazah" reports A Azis Angkat's, and "Kami tak mengetahui rincian lebih jauh, kata U
Lwin, juru bicara ... Aung San Suu Kyi" U Lwin's (helper-156). News names a speaker in a
few fixed places: after "kata", "ujar", "menurut" (speaker_named_after.txt), and right
before "mengatakan", "menegaskan" (speaker_named_before.txt). Where it does not
("katanya", "ia mengatakan", "kata seorang warga"), the speaker is someone named
elsewhere, and the paragraph tells nothing either way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from retrieval.analysis import Analyzer, Word
from retrieval.names import never_a_name

NYA = "nya"
# The most letters of a title written with a full stop before a name ("Prof.", "Dr.", "H."):
# a longer word before one ends a sentence.
TITLE_LETTERS = 4
# The most words in small letters between "kata" and the name they lead to ("kata arkeolog
# senior Mundardjito").
ROLE_WORDS = 3
# The most words of the day between a speaker and the verb ("Jumat (26/8) di Caracas").
DAY_WORDS = 8


def named_speakers(text: str, analyzer: Analyzer) -> tuple[str, ...] | None:
    """The names ``text`` gives the speakers of the words it reports, each as written
    ("A Azis Angkat", "U Lwin"), in order; None when one of its attributions names no
    one it tells: "katanya", "ia mengatakan", a title alone ("ujar Pjs Bupati"), a word
    in small letters ("kata warga"). Empty when it attributes nothing by these words."""
    language = analyzer.language
    words = analyzer.words(text)
    speakers = []
    for i, word in enumerate(words):
        if word.text.endswith(NYA) and word.text[: -len(NYA)] in language.speaker_named_after:
            return None  # "katanya": the speaker is named before, if at all
        if word.text in language.speaker_named_after:
            run = _run_after(text, words, i, analyzer)
        elif word.text in language.speaker_named_before:
            run = _run_before(text, words, i, analyzer)
        else:
            continue
        if not any(_may_name_someone(w.text, analyzer) for w in run):
            return None
        speakers.append(text[run[0].start : run[-1].end])
    return tuple(speakers)


def _run_after(text: str, words: Sequence[Word], at: int, analyzer: Analyzer) -> list[Word]:
    """The capitalised words right after ``words[at]``, one name ("kata U Lwin, juru
    bicara": "U Lwin"; "ujar Prof. Edwar": "Prof. Edwar"), or after a few words in small
    letters saying what the speaker is ("kata arkeolog senior Mundardjito"); none after a
    pronoun or a stop word ("kata dia", "ujar seorang warga")."""
    run: list[Word] = []
    for i in range(at + 1, len(words)):
        word = words[i]
        if not _joined(text, words[i - 1], word):
            break
        if _capitalised(text, word):
            run.append(word)
        elif run or i - at > ROLE_WORDS or not _describes_someone(word.text, analyzer):
            break
    return run


def _run_before(text: str, words: Sequence[Word], at: int, analyzer: Analyzer) -> list[Word]:
    """The capitalised words right before ``words[at]``, one name ("Wakil Ketua Fraksi
    Partai Golkar (F-PG) A Azis Angkat mengatakan": "A Azis Angkat"), or before the day
    news puts between a speaker and the verb ("Presiden Venezuela Hugo Chavez, Jumat
    (26/8) di Caracas, mengatakan"); none where a place stands there ("Ketua DPRD di
    Bandung, Selasa (23/8), mengatakan": "Bandung" is where, not who), nor after a comma
    ("Hatta Rajasa ... di RSUP Adam Malik, Medan, Senin (5/9), mengatakan")."""
    end = _before_the_day(text, words, at, analyzer.language.weekdays.keys())
    first = end
    for i in range(end - 1, -1, -1):
        opens_the_day = first == end < at  # the comma before the day stands between them
        if not _capitalised(text, words[i]) or not opens_the_day and not _joined(text, words[i], words[first]):
            break
        first = i
    if end < at and 0 < first < end and _placed_before(text, words, first, analyzer):
        return []
    return list(words[first:end])


def _placed_before(text: str, words: Sequence[Word], first: int, analyzer: Analyzer) -> bool:
    """Whether the capitalised words from ``words[first]`` follow "di" (a place) or a
    comma (the last of a list of places, "RSUP Adam Malik, Medan")."""
    return words[first - 1].text in analyzer.language.located_words or "," in text[words[first - 1].end : words[first].start]


def _before_the_day(text: str, words: Sequence[Word], at: int, weekdays: Collection[str]) -> int:
    """Where the speaker's name ends before ``words[at]``: before a day between commas
    ("Hugo Chavez, Jumat (26/8) di Caracas, mengatakan": at "Jumat"), else at ``at``."""
    if at == 0 or text[words[at - 1].end : words[at].start].strip() != ",":
        return at
    for i in range(at - 1, max(0, at - DAY_WORDS) - 1, -1):
        if words[i].text in weekdays:
            opened = text[words[i - 1].end : words[i].start].strip() if i else ""
            return i if opened == "," else at
    return at


def _may_name_someone(word: str, analyzer: Analyzer) -> bool:
    """Whether a capitalised word may be a speaker's name: not a title, office or stop
    word (names.never_a_name), nor a pronoun ("Dia mengatakan") or a word pointing back
    ("Pihaknya menegaskan")."""
    return not never_a_name(word, analyzer) and word not in analyzer.language.pronouns and not word.endswith(NYA)


def _describes_someone(word: str, analyzer: Analyzer) -> bool:
    """Whether a word in small letters after "kata" may say what the speaker is
    ("arkeolog", "senior"): neither a pronoun nor a stop word ("kata dia", "kata lain")."""
    return word not in analyzer.language.pronouns and word not in analyzer.language.stopwords


def _capitalised(text: str, word: Word) -> bool:
    return text[word.start].isupper()


def _joined(text: str, first: Word, second: Word) -> bool:
    """Whether only spaces, or a title's full stop and spaces, stand between two words
    of a name ("Prof. Edwar"), where a comma or a sentence's end breaks it."""
    between = text[first.end : second.start]
    return between.isspace() or between.startswith(".") and between[1:].isspace() and first.end - first.start <= TITLE_LETTERS
