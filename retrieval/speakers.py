"""Whose words a paragraph reports, where it says so by name.

Asked what someone said ("Apa kata Rudolf Pardede soal tuduhan ijazah palsu?"), a
paragraph that names them and reports speech is not yet their words: "Wakil Ketua
Fraksi Partai Golkar A Azis Angkat mengatakan, ... dugaan bahwa Rudolf tidak memiliki
ijazah" reports A Azis Angkat's, and "Kami tak mengetahui rincian lebih jauh, kata U
Lwin, juru bicara ... Aung San Suu Kyi" U Lwin's. News names a speaker in a
few fixed places: after "kata", "ujar", "menurut" (speaker_named_after.txt), and right
before "mengatakan", "menegaskan" (speaker_named_before.txt). Where it does not
("katanya", "ia mengatakan", "kata seorang warga"), or where the name read may not be
the whole speaker ("kata Direktur Jenderal Pengendalian Penyakit dan Penyehatan
Lingkungan ... I Nyoman Kandun"), the paragraph tells nothing either way: reading a name
wrongly loses the answer, reading none only keeps the paragraph as before.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from retrieval.analysis import Analyzer, Word
from retrieval.language import Language
from retrieval.names import never_a_name

# The most words in small letters between "kata" and the name they lead to ("kata arkeolog
# senior Mundardjito").
ROLE_WORDS = 3
# The most words of the day between a speaker and the verb ("Jumat (26/8) di Caracas").
DAY_WORDS = 8
# What stands after a speaker's name read after "kata" when the speaker may go on: an
# abbreviation in brackets ("Ketua Umum PB PASI (PB PASI) Bob Hasan").
BRACKET = "("


def named_speakers(text: str, analyzer: Analyzer) -> tuple[str, ...] | None:
    """The names ``text`` gives the speakers of the words it reports, each as written
    ("A Azis Angkat", "U Lwin"), in order; None when one of its attributions names no
    one it tells: "katanya", "ia mengatakan", a title alone ("ujar Pjs Bupati"), a word
    in small letters ("kata warga"), a name that may go on past what is read. Empty when
    it attributes nothing by these words."""
    language = analyzer.language
    words = analyzer.words(text)
    speakers = []
    for i, word in enumerate(words):
        bare = language.without_pointing_ending(word.text)
        if bare != word.text and bare in language.speaker_named_after:
            return None  # "katanya": the speaker is named before, if at all (pointing_endings.txt)
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
    pronoun or a stop word ("kata dia", "ujar seorang warga"), nor where the speaker may
    go on (:func:`_goes_on`), nor a source pointed back to ("menurut lulusan New South
    Wales University itu")."""
    language = analyzer.language
    first = last = None
    for i in range(at + 1, len(words)):
        word = words[i]
        if not _joined(text, words[i - 1], word, language.person_titles):
            break
        if _name_word(text, word, language.name_particles) or last is not None and word.text in language.name_particles and _capitalised_next(text, words, i):
            first, last = i if first is None else first, i
        elif last is not None or i - at > ROLE_WORDS or not _describes_someone(word.text, analyzer):
            break
    if first is None or last is None or _goes_on(text, words, last, analyzer, before_the_words=words[at].text in language.attributions):
        return []
    return list(words[first : last + 1])


def _goes_on(text: str, words: Sequence[Word], last: int, analyzer: Analyzer, before_the_words: bool = False) -> bool:
    """Whether the speaker read after "kata" up to ``words[last]`` may go on past it: a
    joining word before another capital ("... Penyakit dan Penyehatan Lingkungan"), an
    abbreviation in brackets, a comma before a capital ("Kepala Dinas Pertanian, Zaini"),
    a title in small letters ("Kepala Dinas drh Nanang"), or a word pointing back
    ("University itu"). After a word opening the attribution before the words
    (attributions.txt: "Menurut Rosjonsyah, HUT ini ..."), a comma ends it but before a
    name closed by another (:func:`_name_between_commas`)."""
    language = analyzer.language
    after = text[words[last].end :].lstrip()
    if after.startswith(BRACKET):
        return True
    if last + 1 >= len(words):
        return False
    following = words[last + 1]
    between = text[words[last].end : following.start]
    if between.strip() == ",":
        return _capitalised(text, following) and (not before_the_words or _name_between_commas(text, words, last + 1))
    if not between.isspace():
        return False
    joins = following.text in language.speaker_run_joiners and _capitalised_next(text, words, last + 1)
    return joins or following.text in language.person_titles or following.text in language.anaphors


def _name_between_commas(text: str, words: Sequence[Word], at: int) -> bool:
    """Whether the capitalised words from ``words[at]`` are closed by a comma: a name
    given after its office ("Menurut Ketua MP2RSI Wilayah III Cirebon, Badrudin,
    tuntutan ..."), where "Menurut Rosjonsyah, HUT ini ..." goes on with the words."""
    for i in range(at, len(words)):
        after = text[words[i].end : words[i + 1].start] if i + 1 < len(words) else text[words[i].end :]
        if after.strip().startswith(","):
            return True
        if not after.isspace() or i + 1 >= len(words) or not _capitalised(text, words[i + 1]):
            return False
    return False


def _run_before(text: str, words: Sequence[Word], at: int, analyzer: Analyzer) -> list[Word]:
    """The capitalised words right before ``words[at]``, one name ("Wakil Ketua Fraksi
    Partai Golkar (F-PG) A Azis Angkat mengatakan": "A Azis Angkat"), or before what
    news puts between a speaker and the verb (:func:`_between_speaker_and_verb`); none
    after a word in small letters ("para pengacara Anwar menyatakan": Anwar's lawyers;
    "Toto Dirgantoro di Jakarta mengatakan"; "Presiden Yudhoyono dan Wakil Presiden
    Jusuf Kalla menjawab"), nor after a comma but for a name opening with a person's
    title ("... di RSUP Adam Malik, Medan, Senin (5/9), mengatakan"; "Pjs. Bupati Rejang
    Lebong, Dr. H. Herwan Antoni, dalam sambutannya menyampaikan")."""
    language = analyzer.language
    end = _between_speaker_and_verb(text, words, at, language.weekdays.keys(), language.pointing_endings)
    first = end
    for i in range(end - 1, -1, -1):
        word = words[i]
        opens_the_gap = first == end < at  # the comma opening what stands between them
        if not opens_the_gap and not _joined(text, word, words[first], language.person_titles, brackets=True):
            break
        if _name_word(text, word, language.name_particles) or first < end and word.text in language.name_particles:
            first = i
        elif first < end and _opens_a_clause(word.text, language):
            break  # "setelah Perdana Menteri Thailand Thaksin Shinawatra menyatakan"
        else:
            return []  # a word in small letters right before the name: whose, or where
    if first == end or end < at and first and _after_a_comma(text, words, first, analyzer):
        return []
    return list(words[first:end])


def _opens_a_clause(word: str, language: Language) -> bool:
    """Whether a stop word in small letters before a speaker's name leaves the name
    whole ("setelah", "bahwa"): not "di" of a place ("Toto Dirgantoro di Jakarta
    mengatakan") nor "dan" of a second speaker (speaker_run_joiners.txt)."""
    return word in language.stopwords and word not in language.located_words and word not in language.speaker_run_joiners


def _after_a_comma(text: str, words: Sequence[Word], first: int, analyzer: Analyzer) -> bool:
    """Whether the name from ``words[first]`` follows a comma, opening with a word that
    may be a name: the last of a list of places ("RSUP Adam Malik, Medan"), where one
    opening with a person's title or an office is someone ("Bupati Rejang Lebong, Dr. H.
    Herwan Antoni"; "di AS, Presiden George W Bush")."""
    return "," in text[words[first - 1].end : words[first].start] and not never_a_name(words[first].text, analyzer)


def _between_speaker_and_verb(text: str, words: Sequence[Word], at: int, weekdays: Collection[str], pointing: tuple[str, ...]) -> int:
    """Where the speaker's name ends before the verb ``words[at]``: before a day between
    commas ("Hugo Chavez, Jumat (26/8) di Caracas, mengatakan", "Achmad Faisal, Kamis
    (29/12), mengatakan": at the weekday), or after a comma before a few words in small
    letters pointing back to them ("Herwan Antoni, dalam sambutannya menyampaikan": at
    "dalam"; ``pointing``: pointing_endings.txt); else at ``at``."""
    if at == 0:
        return at
    if text[words[at - 1].end : words[at].start].strip() in (",", "),"):
        for i in range(at - 1, max(0, at - DAY_WORDS) - 1, -1):
            if words[i].text in weekdays:
                opened = text[words[i - 1].end : words[i].start].strip() if i else ""
                return i if opened == "," else at
        return at
    if not words[at - 1].text.endswith(pointing):
        return at
    for i in range(at - 1, max(0, at - ROLE_WORDS) - 1, -1):
        if _capitalised(text, words[i]) or not text[words[i].end : words[i + 1].start].isspace():
            return at
        if i and text[words[i - 1].end : words[i].start].strip() == ",":
            return i
    return at


def _may_name_someone(word: str, analyzer: Analyzer) -> bool:
    """Whether a capitalised word may be a speaker's name: not a title, office or stop
    word (names.never_a_name), nor a pronoun ("Dia mengatakan") or a word pointing back
    ("Pihaknya menegaskan")."""
    return not never_a_name(word, analyzer) and word not in analyzer.language.pronouns and not word.endswith(analyzer.language.pointing_endings)


def _describes_someone(word: str, analyzer: Analyzer) -> bool:
    """Whether a word in small letters after "kata" may say what the speaker is
    ("arkeolog", "senior"): neither a pronoun nor a stop word ("kata dia", "kata lain")."""
    return word not in analyzer.language.pronouns and word not in analyzer.language.stopwords


def _capitalised(text: str, word: Word) -> bool:
    return text[word.start].isupper()


def _name_word(text: str, word: Word, particles: Collection[str]) -> bool:
    """Whether a word may be part of a name: capitalised, or a particle joined to a
    capitalised word by a hyphen ("al-Fadhal")."""
    particle, hyphen, rest = text[word.start : word.end].partition("-")
    return _capitalised(text, word) or bool(hyphen) and particle.lower() in particles and rest[:1].isupper()


def _capitalised_next(text: str, words: Sequence[Word], at: int) -> bool:
    """Whether the word after ``words[at]`` is capitalised, a space or a hyphen between
    them ("al-Fadhal")."""
    if at + 1 >= len(words):
        return False
    between = text[words[at].end : words[at + 1].start]
    return (between.isspace() or between == "-") and _capitalised(text, words[at + 1])


def _joined(text: str, first: Word, second: Word, titles: Collection[str], brackets: bool = False) -> bool:
    """Whether only spaces, a hyphen ("al-Fadhal"), or a person's title's full stop
    ("Prof. Edwar", "H. Herwan") and spaces stand between two words of a name, where a
    comma or a sentence's end breaks it ("TWBK. Dia"); with ``brackets``, a bracket
    too ("Wakil Presiden (Wapres) Jusuf Kalla", read from its end)."""
    between = text[first.end : second.start]
    if between.isspace() or between == "-" or brackets and between in (" (", ") "):
        return True
    title = first.text in titles or first.end - first.start == 1
    return title and between.startswith(".") and between[1:].isspace()
