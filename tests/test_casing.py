"""A question typed in lower case is answered as its capitalised twin is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from retrieval.analysis import Analyzer
from retrieval.casing import _words_holding, truecase, typed_in_capitals, typed_in_lower_case
from retrieval.corpus import load_corpus
from retrieval.evaluate import load_seed_questions
from retrieval.library import Library
from retrieval.regex_marks import ignorecase_lowered
from retrieval.search import Searcher

SEED_QUESTIONS = Path(__file__).parent / "data" / "seed_questions.jsonl"

SAMPLES = (
    "Pjs Bupati OKU Timur, Prof. Dr. HM Edwar Juliartha, mengumpulkan seluruh Kepala OPD.",
    "Rapat kerja di OKU Timur diikuti camat. Timur adalah arah matahari terbit.",
    "Penjabat Sementara (Pjs) Bupati Bengkulu Selatan, Sisardi MM, memimpin apel.",
    "Sekda Bengkulu Selatan hadir bersama Pjs Bupati; ASN di Bengkulu Selatan diminta netral.",
    "netralitas ASN dijaga. Pjs Bupati menegaskan, ASN harus netral di rapat kerja.",
    "Deklarasi Netralitas ASN se-Sumatera Selatan digelar di Sekayu.",
    "Gelar S.Sos dan laman sumateraekspres.id, kabupaten/kota se-Sumatera/Selatan.",
)


@pytest.mark.parametrize(
    "text, lower",
    [
        ("siapa pjs bupati bengkulu selatan?", True),
        ("Siapa pjs bupati bengkulu selatan?", True),  # the keyboard's first capital
        ("Siapa Pjs Bupati Bengkulu Selatan?", False),
        ("how many asn in oku timur", True),
        ("berapa ASN di oku timur", False),  # written with some capitals: taken as meant
    ],
)
def test_typed_in_lower_case(text, lower):
    assert typed_in_lower_case(text) is lower


@pytest.mark.parametrize(
    "question, cased",
    [
        # Names take the capitals the passages give them; stop and question words stay.
        ("siapa pjs bupati bengkulu selatan?", "siapa Pjs Bupati Bengkulu Selatan?"),
        ("how many asn are there in oku timur", "how many ASN are there in OKU Timur"),
        # An English compass point goes with the name it stands before.
        ("who is the regent of south bengkulu", "who is the regent of South Bengkulu"),
        # "rapat" and "kerja" stand lower case mid-sentence: no name.
        ("kapan rapat kerja diadakan?", "kapan rapat kerja diadakan?"),
        # "netral(itas)" is capitalised once, but only where a sentence starts.
        ("apakah netralitas dijaga?", "apakah netralitas dijaga?"),
        # A word no sample uses stays as typed, and so does one seen capitalised once.
        ("siapa kepala kejari?", "siapa kepala kejari?"),
        # Words only an abbreviation the samples write stands for (OKU: Ogan Komering Ulu)
        # name a place: "ogan ulu" is not OKU, and the place check must see it.
        ("siapa bupati ogan ulu?", "siapa Bupati Ogan Ulu?"),
        # A word no sample writes, after "bupati", "gubernur": the place asked after.
        ("siapa bupati ilir?", "siapa Bupati Ilir?"),  # no sample writes OKI
        ("siapa bupati seluma?", "siapa Bupati Seluma?"),
        ("siapa gubernur terpilih?", "siapa gubernur terpilih?"),  # a word of the dictionary: no place
        # Seen capitalised once, but beside another name as a two-word name: "se-Sumatera Selatan".
        ("siapa gubernur sumatera selatan?", "siapa gubernur Sumatera Selatan?"),
        ("siapa camat sekayu?", "siapa camat sekayu?"),  # once, and alone: no more than a sighting
        # Words joined by a dot or a slash are read one by one (each seen twice here), never
        # as a two-word name, however the samples write them.
        ("berapa asn sumatera.selatan?", "berapa ASN Sumatera.Selatan?"),
        ("berapa asn sumatera/selatan?", "berapa ASN Sumatera/Selatan?"),
        ("siapa gubernur sumatera\tselatan?", "siapa gubernur Sumatera\tSelatan?"),
        ("apa itu s.sos", "apa itu s.sos"),  # once, as "S.Sos": a degree, not two names
        ("lihat sumateraekspres.id", "lihat sumateraekspres.id"),
    ],
)
def test_truecase(question, cased):
    assert truecase(question, SAMPLES, Analyzer()) == cased


@pytest.mark.parametrize(
    "question, stand_ins, cased",
    [
        # A misspelt name the samples never write takes the capitals of its mend.
        ("siapa pjs bupati bengkulu selatn?", {"selatn": "selatan"}, "siapa Pjs Bupati Bengkulu Selatn?"),
        ("berapa asn di okku timur", {"okku": "oku"}, "berapa ASN di OKKU Timur"),
        # Mended to a word that is no name, it stays as typed.
        ("kapan rapat kerjja diadakan?", {"kerjja": "kerja"}, "kapan rapat kerjja diadakan?"),
    ],
)
def test_a_misspelt_name_is_cased_as_its_mend(question, stand_ins, cased):
    assert truecase(question, SAMPLES, Analyzer(), stand_ins) == cased


def test_a_misspelt_lower_case_name_reads_as_typed_with_capitals(searcher):
    lower, typed = (searcher.analyze(q) for q in ("kenapa asn rejang lebog diminta hati-hati?", "kenapa ASN Rejang Lebog diminta hati-hati?"))
    assert lower.text == "kenapa ASN Rejang Lebog diminta hati-hati?"
    assert lower.concepts == typed.concepts


@pytest.mark.parametrize(
    "samples, cased",
    [
        # re.IGNORECASE takes "ſ" for "s", "ı" and "İ" for "i": a sample so written still
        # counts when two words are looked for side by side, as it always did (only
        # the samples holding both words are searched, found in their lowered text).
        (("Deklarasi se-Sumatera Selatan digelar.", "warga sumatera ſelatan hadir."), "siapa gubernur sumatera selatan?"),
        (("Deklarasi se-Sumatera Selatan digelar.", "warga sumatera selatan hadir."), "siapa gubernur sumatera selatan?"),
        (("Deklarasi se-Sumatera Selatan digelar.",), "siapa gubernur Sumatera Selatan?"),
    ],
)
def test_a_pair_written_in_letters_ignorecase_folds(samples, cased):
    assert truecase("siapa gubernur sumatera selatan?", samples, Analyzer()) == cased


@pytest.mark.parametrize(
    "samples, cased",
    [
        (("kata Bank İndonesia kemarin.",), "siapa gubernur Bank İndonesia?"),
        (("kata Bank Indonesia menaikkan bunga.", "kata pegawai bank ındonesia."), "siapa gubernur bank indonesia?"),
        (("kata Bank Indonesia menaikkan bunga.", "kata pegawai Bank Indonesia."), "siapa gubernur Bank Indonesia?"),
    ],
)
def test_a_pair_written_with_a_dotted_or_dotless_i(samples, cased):
    assert truecase("siapa gubernur bank indonesia?", samples, Analyzer()) == cased


@pytest.mark.parametrize("question", ["kapan gempa mengguncang istanbul?", "kapan gempa mengguncang İstanbul?", "kapan gempa mengguncang ıstanbul?"])
def test_an_archive_writing_the_turkish_capital_i_answers_a_lower_case_question(corpus_copy, question):
    # "İstanbul" casefolds to "i̇stanbul", which no word of the question is: its casing
    # samples once stopped the question with a KeyError.
    (corpus_copy / "istanbul.txt").write_text(
        "Gempa mengguncang İstanbul\n\nGempa berkekuatan 5,1 mengguncang İstanbul pada Senin pagi, kata badan bencana AFAD.\n\n"
        "Warga İstanbul berhamburan keluar rumah.\n",
        encoding="utf-8",
    )
    searcher = Searcher(Library.from_corpus(load_corpus(corpus_copy)))
    answers = searcher.ask(question).answers
    assert answers and answers[0].excerpt.startswith("Gempa berkekuatan 5,1 mengguncang İstanbul")


def test_mostly_lower_case_word_is_no_name():
    samples = ("di sebelah timur kota", "arah timur laut", "angin dari timur", "Jawa Timur")
    assert truecase("di mana timur?", samples, Analyzer()) == "di mana timur?"


@pytest.mark.parametrize("question", [q for q in load_seed_questions(SEED_QUESTIONS)], ids=lambda q: q.id)
def test_lower_case_twin_is_answered_alike(searcher, question):
    def cited(text: str) -> list[tuple[str, int]]:
        return [(a.doc_id, a.paragraph) for a in searcher.ask(text).answers]

    assert cited(question.question.lower()) == cited(question.question)


@pytest.mark.parametrize(
    "question",
    [
        "siapa pjs bupati oku selatan?",  # OKU Timur's articles are about another regency
        "siapa nama pjs bupati seluma?",
    ],
)
def test_lower_case_question_about_another_place_is_refused(searcher, question):
    assert not searcher.ask(question).found
    assert not searcher.ask(question.title()).found


@pytest.mark.parametrize(
    ("text", "capitals"),
    [
        ("SIAPA PJS BUPATI OKU TIMUR?", True),
        ("KAPAN HUT KE-56?", True),
        ("ASN?", True),
        ("Siapa Pjs Bupati OKU Timur?", False),
        ("A", False),
        ("2024?", False),
    ],
)
def test_typed_in_capitals(text, capitals):
    assert typed_in_capitals(text) is capitals


@pytest.mark.parametrize(
    "question",
    ["Di mana rapat Pjs Bupati OKU Timur digelar?", "Siapa Pjs Bupati Bengkulu Selatan?", "Siapa Plt Gubernur Bengkulu?"],
)
def test_a_question_typed_in_capitals_is_answered_as_its_lower_case_twin(searcher, question):
    # Read as written, every word of it was a name: "OKU Timur Digelar" was no place the archive names.
    def cited(text: str) -> list[tuple[str, int]]:
        return [(a.doc_id, a.paragraph) for a in searcher.ask(text).answers]

    assert cited(question.upper()) == cited(question.lower()) != []


def test_analysed_question_keeps_capitals_for_the_place_check(searcher):
    assert searcher.analyze("siapa pjs bupati bengkulu selatan").text == "siapa Pjs Bupati Bengkulu Selatan"


def test_a_lower_case_question_whose_capitals_change_no_term_is_searched_once(seed_corpus, monkeypatch):
    """The search for casing samples is as wide as the answer's: read with capitals, a
    question with the same terms is not searched again, and is answered as a fresh
    Searcher answers the capitalised question."""
    question = "siapa yang mengatakan anggota korpri harus netral?"
    reader = Searcher(Library.from_corpus(seed_corpus))
    cased = reader.analyze(question)
    assert cased.text != question and cased.terms == reader.analyze(question.capitalize()).terms
    searcher = Searcher(Library.from_corpus(seed_corpus))
    index = searcher.library.index
    searched: list[tuple[str, ...]] = []
    top = index.top

    def counted(terms, k=10):
        searched.append(tuple(terms))
        return top(terms, k)

    monkeypatch.setattr(index, "top", counted)
    answers = searcher.ask(question).answers
    assert searched == [tuple(cased.terms)]
    expected = Searcher(Library.from_corpus(seed_corpus)).ask(cased.text).answers
    assert answers and [(a.doc_id, a.paragraph, a.excerpt) for a in answers] == [(a.doc_id, a.paragraph, a.excerpt) for a in expected]


@pytest.mark.parametrize(
    ("term", "sample"),
    [
        ("yildirim", "Binali Yıldırım, atau Binali Yildirim"),  # "ı" as the pattern reads it
        ("s", "ſiap siap"),
        ("kelvin", "300 \u212aelvin"),  # the Kelvin sign is a capital K to the pattern
        ("ta", "tatata ta"),  # a word holding its term twice is one word
        ("-b", "a-b-b"),  # words found never overlap
        ("ke-56", "HUT ke-56 dan ke-57"),
        ("lebong", "Rejang_Lebong, Lebong2 İLebong"),
    ],
)
def test_words_holding_a_term_are_those_the_case_blind_pattern_finds(term, sample):
    pattern = re.compile(rf"(?<!\w)(\w*{re.escape(term)}\w*)(?!\w)", re.IGNORECASE)
    assert list(_words_holding(term, sample, ignorecase_lowered(sample))) == [m.span(1) for m in pattern.finditer(sample)]


def test_an_empty_term_holds_no_word():
    assert list(_words_holding("", "Bupati Muba", "bupati muba")) == []
