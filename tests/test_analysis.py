"""The analyzer: one set of terms for articles and questions."""

from __future__ import annotations

import Stemmer
import pytest

from retrieval.analysis import Analyzer, normalize
from retrieval.language import load_language


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("HUT ke-56 Provinsi Bengkulu", {"ke-56", "56", "hut", "bengkulu"}),
        ("Pilkada Serentak 2024", {"pilkada", "2024", "serentak"}),
        ("Pjs Bupati OKU Timur", {"pjs", "oku", "timur", "bupati"}),
        ("Senin, (30/9/24)", {"senin", "30/9/24"}),
    ],
)
def test_tokens_keep_numbers_hyphens_and_abbreviations(analyzer, text, present):
    assert present <= set(analyzer.terms(text))


def test_normalisation_folds_case_width_and_apostrophes(analyzer):
    assert normalize("ＡＳＮ") == "asn"
    assert normalize("Jum’at") == "jum'at"
    assert analyzer.terms("NETRALITAS") == analyzer.terms("netralitas")


def test_stop_words_are_dropped(analyzer):
    assert analyzer.terms("yang dan di pada dengan the of") == []


@pytest.mark.parametrize(
    ("word", "stem"),
    [("menggelar", "gelar"), ("dipimpin", "pimpin"), ("pemecatan", "pecat"), ("kecamatan", "kecamatan"), ("media", "media"), ("perdananya", "perdana")],
)
def test_stemming_with_guards_against_over_stemming(analyzer, word, stem):
    assert analyzer.stem(word) == stem


def test_without_stemming_words_stay(analyzer):
    assert Analyzer(stemming=False).terms("menggelar") == ["menggelar"]


@pytest.mark.parametrize(
    ("short", "long"),
    [("Pjs", "Pejabat Sementara"), ("ASN", "Aparatur Sipil Negara"), ("BS", "Bengkulu Selatan"), ("Rakor", "Rapat Koordinasi"), ("medsos", "media sosial")],
)
def test_abbreviation_and_long_form_meet(analyzer, short, long):
    assert set(analyzer.terms(short)) & set(analyzer.terms(long))
    assert short.lower() in analyzer.terms(long)


def test_term_spans_point_into_the_text(analyzer):
    text = "Pjs Bupati OKU Timur menggelar rapat."
    for term in analyzer.term_spans(text):
        assert text[term.start : term.end].strip()
    assert ("rapat", "rapat") in {(t.text, text[t.start : t.end]) for t in analyzer.term_spans(text)}


@pytest.mark.parametrize(
    ("question", "language", "answer_type"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", "id", "person"),
        ("who held the meeting in OKU Timur", "en", "person"),
        ("kapan hut provinsi bengkulu", "id", "time"),
        ("When did Muba civil servants declare neutrality?", "en", "time"),
        ("Di mana rapat itu digelar?", "id", "place"),
        ("berapa jumlah asn di oki", "id", "count"),
        ("How many main points were stressed?", "en", "count"),
        ("Berapa gaji Pjs Bupati?", "id", "number"),
        ("Mengapa ASN harus netral?", "id", "reason"),
        ("netralitas asn", "id", None),
    ],
)
def test_question_language_and_type(analyzer, question, language, answer_type):
    analyzed = analyzer.analyze_question(question)
    assert (analyzed.language, analyzed.answer_type) == (language, answer_type)


def test_english_question_words_become_indonesian(analyzer):
    concepts = analyzer.analyze_question("who held the meeting in OKU Timur").concepts
    terms = set().union(*concepts)
    assert {"rapat", "gelar", "oku", "timur"} <= terms
    assert "meeting" not in terms and "who" not in terms


def test_document_terms_add_the_headline_once(analyzer):
    title = "Pjs Bupati OKU Timur Ingatkan Netralitas"
    first, second = analyzer.document_terms(title, ["Ia menegaskan disiplin.", "Pjs Bupati OKU Timur Ingatkan Netralitas hari ini."])
    assert {"oku", "timur", "netralitas"} <= set(first)
    assert second == analyzer.terms("Pjs Bupati OKU Timur Ingatkan Netralitas hari ini.")


def test_synonyms_widen_coverage_but_not_the_bm25_query(analyzer):
    question = analyzer.analyze_question("Di mana pertemuan itu berlangsung?")
    assert {"gelar", "mengadakan"} <= set().union(*question.concepts)
    assert "langsung" in question.terms and "gelar" not in question.terms and "mengadakan" not in question.terms


@pytest.mark.parametrize(
    ("question", "attributed"),
    [
        ("What must Muba civil servants avoid according to the Plh Sekda?", ["plh", "sekda"]),
        ("Apa tujuan HUT menurut Plt Gubernur?", ["plt", "gubernur"]),
        ("kapan, menurut Laksamana Didik, pihaknya menembak kapal ikan", ["laksamana", "didik"]),
        ("Siapa Pjs Bupati Bengkulu Selatan?", []),
        ("menurut Plt Gubernur apa tujuan HUT?", ["plt", "gubernur"]),  # the question word ends it
    ],
)
def test_attribution_words_are_marked(analyzer, question, attributed):
    analyzed = analyzer.analyze_question(question)
    assert len(analyzed.attribution) == len(analyzed.concepts)
    marked = [concept for concept, attribution in zip(analyzed.concepts, analyzed.attribution) if attribution]
    assert len(marked) == len(attributed)
    assert all(term in concept for term, concept in zip(attributed, marked))


# -- issue 11 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("SEA Games X digelar di Laos", "x"),  # a Roman numeral
        ("Perang Dunia I berakhir pada 1918", "i"),
        ("Timnas bermain di Grup B", "b"),  # a capital letter naming a group
        ("kekurangan vitamin C", "c"),
        ("Direktur Dr David L Heymann", "l"),  # an initial inside a name
    ],
)
def test_a_letter_standing_alone_is_a_term(analyzer, text, letter):
    assert letter in analyzer.terms(text)


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("Indonesia's capital", "s"),  # a letter inside a word is not one
        ("kartu e-KTP baru", "e"),
        ("Who is a doctoral candidate", "a"),  # a stop word
    ],
)
def test_letters_inside_words_and_stop_words_are_no_terms(analyzer, text, letter):
    assert letter not in analyzer.terms(text)


@pytest.mark.parametrize(
    ("prefixed", "plain"),
    [
        ("memiliki", "dimiliki"),  # Snowball: "pilik"
        ("pemilik", "milik"),
        ("memilikinya", "dimiliki"),  # with a particle
        ("mengurangi", "dikurangi"),  # Snowball: "urang"
        ("mengalahkan", "dikalahkan"),  # Snowball: "alah"
        ("penemu", "ditemukan"),  # Snowball: "pene"
        ("mengatakan", "dikatakan"),  # Snowball: "ata", refused as too short
        ("menyatakan", "dinyatakan"),
        ("mengumpulkan", "berkumpul"),
        ("pelaku", "dilakukan"),  # Snowball reads "ku" as a possessive: "pela"
    ],
)
def test_a_nasal_prefix_meets_its_root(analyzer, prefixed, plain):
    assert analyzer.stem(prefixed) == analyzer.stem(plain)


def test_stem_exceptions_mend_only_what_snowball_gets_wrong():
    """Every entry of stem_exceptions.tsv is a word with a nasal prefix whose Snowball
    stem differs from the entry: no entry repeats what the stemmer does anyway."""
    exceptions = load_language().stem_exceptions
    snowball = Stemmer.Stemmer("indonesian")
    assert len(exceptions) >= 100
    for word, stem in exceptions.items():
        assert word.startswith(("me", "pe")) and word.isalpha() and len(stem) >= 4, word
        assert snowball.stemWord(word) != stem, word


@pytest.mark.parametrize(
    ("question", "abbreviation"),
    [
        ("Apa kepanjangan ASN?", "asn"),
        ("Apakah kepanjangan dari PBB?", "pbb"),
        ("What does ASN stand for?", "asn"),  # "stand for" decides, not "what"
        ("ASN kepanjangannya apa?", "asn"),
        ("Apa singkatan dari Aparatur Sipil Negara?", "asn"),
        ("What is the abbreviation of Pegawai Negeri Sipil?", "pns"),
    ],
)
def test_a_question_asking_what_an_abbreviation_stands_for(analyzer, question, abbreviation):
    """It asks for an expansion, and for the abbreviation alone: its long form's words are
    the answer, which every passage writing the long form out would match."""
    analyzed = analyzer.analyze_question(question)
    assert analyzed.answer_type == "expansion"
    assert analyzed.concepts == (frozenset({abbreviation, f"({abbreviation})"}),)


@pytest.mark.parametrize(
    ("text", "spelt", "definitions"),
    [
        ("netralitas Aparatur Sipil Negara (ASN) dalam Pilkada", "Aparatur Sipil Negara (ASN)", {"(asn)"}),
        ("kepada para ASN (Aparatur Sipil Negara) dilingkungan", "ASN (Aparatur Sipil Negara)", {"(asn)"}),
        ("Sekjen Perserikatan Bangsa-Bangsa (PBB) tiba", "Perserikatan Bangsa-Bangsa (PBB)", {"(pbb)"}),
        ("Pegawai Pemerintah dengan Perjanjian Kerja (PPPK).", "Pegawai Pemerintah dengan Perjanjian Kerja (PPPK)", {"(pppk)"}),
        ("markas PBB di New York (AS) pada Selasa", None, set()),  # "AS" is no "New York"
        ("di lingkungan Kabupaten Muba (Sumsel)", None, set()),
        ("berlangsung pada Senin, (30/9/24), di Gedung", None, set()),
    ],
)
def test_an_abbreviation_spelt_out_is_indexed_as_its_definition(analyzer, text, spelt, definitions):
    found = [t for t in analyzer.term_spans(text) if t.text.startswith("(")]
    assert {t.text for t in found} == definitions
    assert [text[t.start : t.end] for t in found] == ([spelt] if spelt else [])


def test_a_caption_is_indexed_by_what_it_adds(analyzer):
    """A photo caption (the article's last passage) is indexed by the words the headline
    and the paragraphs do not have, its photo credit aside: it answers what only it says,
    and does not outscore the paragraph that says the rest."""
    title = "Pimpin Apel Pagi, Ini Pesan Pjs Bupati BS pada ASN"
    paragraph = "Pejabat Sementara (Pjs) Bupati Bengkulu Selatan, Sisardi MM memimpin apel di Kantor Pemkab BS."
    caption = "Pjs Bupati, Sisardi didampingi Sekretaris Daerah Sukarni saat apel.-Renald/Bengkuluekspress-"
    body, indexed = analyzer.document_terms(title, [paragraph, caption])
    assert {"damping", "sekda", "sekretaris"} <= set(indexed)
    assert not {"pjs", "bupati", "apel", "renald", "bengkuluekspress"} & set(indexed)
    assert {"pjs", "bupati", "apel"} <= set(body)


@pytest.mark.parametrize(
    "written",
    ["Ben\u200bgkulu", "Beng\u00adkulu", "Beng\u200dkulu", "\ufeffBengkulu", "Bengkulu\u2060"],
)
def test_invisible_characters_do_not_split_a_word(written):
    analyzer = Analyzer()
    assert analyzer.terms(written) == analyzer.terms("Bengkulu") == ["bengkulu"]


# -- issue 12 ---------------------------------------------------------------------------


def test_an_indonesian_question_does_not_read_the_english_dictionary():
    fresh = Analyzer()
    fresh.analyze_question("Siapa Pjs Bupati Bengkulu Selatan?")
    assert fresh._english is None  # read at the first English question only
    fresh.analyze_question("Who is the acting regent of South Bengkulu?")
    assert fresh._english is not None


def test_english_inflections_and_phrases_reach_the_dictionary(analyzer):
    concepts = analyzer.analyze_question("Who claimed responsibility for the explosions in Srinagar?").concepts
    terms = set().union(*concepts)
    assert set(analyzer.word_terms("ledakan")) | {"tanggung", "jawab", "srinagar"} <= terms
    assert not terms & {"explosions", "explosion", "responsibility", "claimed"}
