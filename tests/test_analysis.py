"""The analyzer: one set of terms for articles and questions."""

from __future__ import annotations

import json
import random

import Stemmer
import pytest
from beside import FACQA_PASSAGES

from retrieval.analysis import TOKEN_RE, Analyzer, may_spell_out, normalize
from retrieval.language import load_language
from retrieval.stemming import SnowballIndonesian


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("HUT ke-56 Provinsi Bengkulu", {"ke-56", "56", "hut", "bengkulu"}),
        ("Pilkada Serentak 2024", {"pilkada", "2024", "serentak"}),
        ("Pjs Bupati OKU Timur", {"pjs", "oku", "timur", "bupati"}),
        ("Senin, (30/9/24)", {"senin", "30/9/24", "30", "september", "2024"}),
    ],
)
def test_tokens_keep_numbers_hyphens_and_abbreviations(analyzer, text, present):
    assert present <= set(analyzer.terms(text))


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Senin, (30/9/24)", ["senin", "30/9/24", "30", "september", "2024"]),
        ("Srinagar, Senin (15/8)", ["srinagar", "senin", "15/8", "15", "agustus"]),
        ("pada 05/02/2005", ["05/02/2005", "5", "februar", "2005"]),  # "februari" as the stemmer has it
        ("skor 3/13", ["skor", "3/13"]),  # no thirteenth month
        ("pukul 10.00", ["pukul", "10.00"]),
        ("pada 12.09.2007", ["12.09.2007", "12", "september", "2007"]),  # with dots, a whole date only
        ("pukul 10.09", ["pukul", "10.09"]),  # a time
        ("naik 1.5 persen", ["naik", "1.5", "persen"]),
    ],
)
def test_a_date_in_numbers_also_stands_for_its_day_month_and_year(analyzer, text, terms):
    # So "tanggal 30 September" finds "Senin, (30/9/24)".
    assert analyzer.terms(text) == terms


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Senin 04 November 2024", "4 November 2024"),  # a day with a leading zero is the day
        ("27 Desember 2023", "27 Des 2023"),  # a month's short form is the month
        ("17 Oktober", "17 Okt"),
        ("Pebruari 2005", "feb 2005"),
        ("tanggal 18/11/2024", "18 November 2024"),
        ("rapat 04-11-2024", "rapat 4"),  # a part of a hyphenated date too (H43)
        ("periode Okt-Nov 2024", "Oktober 2024"),
    ],
)
def test_a_date_as_typed_meets_the_date_as_written(analyzer, written, typed):
    assert set(analyzer.terms(typed)) <= set(analyzer.terms(written))


@pytest.mark.parametrize("word", ["may", "march", "09.00", "007", "0"])
def test_no_other_word_is_taken_for_a_month_or_a_padded_day(analyzer, word):
    # English months are translated on the English path; "may" in an article is no month.
    assert analyzer.terms(word) in ([word], [])


@pytest.mark.parametrize(
    ("question", "concepts"),
    [
        ("Apa yang terjadi 17/10/2024?", [{"jadi"}, {"17", "17/10/2024"}, {"oktober"}, {"2024"}]),
        ("berita tgl 26/09", [{"berita"}, {"26", "26/09"}, {"september"}]),  # a padded month: surely a date
        ("berapa 1/2 kg beras", [{"1/2", "1", "februar"}, {"kg"}, {"beras"}]),  # perhaps a half: one concept
    ],
)
def test_a_date_in_numbers_in_a_question_is_its_day_month_and_year(analyzer, question, concepts):
    # As one concept, a passage holding only "2024" covered all of "17/10/2024".
    assert [set(c) for c in analyzer.analyze_question(question).concepts] == concepts


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


class FirstFiveLetters:
    """A stemmer of another kind: what it returns is what the index holds."""

    name = "first-five"

    def stem(self, word: str) -> str:
        return word[:5]


def test_the_analyzer_stems_with_the_stemmer_it_is_given(analyzer):
    given = Analyzer(stemmer=FirstFiveLetters())
    assert given.terms("menggelar sosialisasi") == ["mengg", "sosia"]
    # The stem exceptions are language data, and mend any stemmer's root.
    assert given.stem("memiliki") == analyzer.stem("memiliki") == "milik"


def test_an_index_built_with_one_stemmer_is_not_read_with_another(analyzer):
    # The version keys the index cache: another stemmer, another index.
    assert len({analyzer.version, Analyzer(stemmer=FirstFiveLetters()).version, Analyzer(stemming=False).version}) == 3
    assert analyzer.version.endswith("-stem")  # the default's, as before: built indexes stay valid


@pytest.mark.parametrize(
    ("short", "long"),
    [("Pjs", "Pejabat Sementara"), ("Pjs", "Penjabat Sementara"), ("ASN", "Aparatur Sipil Negara"), ("BS", "Bengkulu Selatan"), ("Rakor", "Rapat Koordinasi"), ("medsos", "media sosial"),
     # helper-143: "siapa dirut pt pim?" was refused beside "Direktur Utama PT PIM Hidayat Nyakman".
     ("Dirut", "Direktur Utama"), ("Menlu", "Menteri Luar Negeri"), ("Kades", "Kepala Desa")],
)
def test_abbreviation_and_long_form_meet(analyzer, short, long):
    assert set(analyzer.terms(short)) & set(analyzer.terms(long))
    assert short.lower() in analyzer.terms(long)


@pytest.mark.parametrize(
    ("short", "long"),
    [("Presiden AS George W Bush", "Presiden Amerika Serikat George W Bush")],
)
def test_an_abbreviation_in_capitals_whose_small_letters_are_a_stop_word_is_its_long_form(analyzer, short, long):
    # capital_abbreviations.tsv: "AS" is Amerika Serikat; "as" stays English, and no term.
    assert analyzer.terms(short) == analyzer.terms(long)
    assert [t.text for t in analyzer.term_spans(short)] == analyzer.terms(short)


@pytest.mark.parametrize(
    ("question", "concepts"),
    [
        ("Siapa Presiden AS?", [{"presiden"}, {"amerika"}, {"serikat"}]),
        ("Who is the US president?", [{"amerika"}, {"serikat"}, {"presiden"}]),
        ("Siapa presiden as?", [{"presiden"}]),  # in small letters it may be English "as"
        ("Is it as good as that?", [{"bagus"}]),
        # helper-136: "US$" is a sum of dollars, in questions and articles alike.
        ("Berapa investasi US$ di Muba?", [{"investasi"}, {"us"}, {"muba"}]),
    ],
)
def test_a_question_writing_as_in_capitals_asks_for_amerika_serikat(analyzer, question, concepts):
    assert [set(c) for c in analyzer.analyze_question(question).concepts] == concepts


@pytest.mark.parametrize("text", ["investasi senilai US$ 1,2 miliar", "CONTACT US", "Ekspor ke US"])
def test_us_in_an_article_is_no_country(analyzer, text):
    # Indonesian news writes the country "AS"; its "US" is of dollars and of web pages.
    assert "amerika" not in analyzer.terms(text)


@pytest.mark.parametrize(
    ("short", "long"),
    # provinces.tsv's one-word forms are read as abbreviations of the province's name:
    # "Kepala Dinas Kehutanan Kalbar" answers a question on Kalimantan Barat's.
    [("Kalbar", "Kalimantan Barat"), ("Sumut", "Sumatera Utara"), ("Sultra", "Sulawesi Tenggara"), ("NTT", "Nusa Tenggara Timur"), ("Babel", "Bangka Belitung")],
)
def test_a_provinces_short_form_and_its_name_meet(analyzer, short, long):
    assert set(analyzer.terms(long)) <= set(analyzer.terms(short))
    assert short.lower() in analyzer.terms(long)


def test_only_a_provinces_one_word_forms_become_abbreviations():
    # "Sumatra Utara" is a spelling of the name, which the short form stands for too.
    language = load_language()
    assert language.abbreviations["kalbar"] == ("kalimantan", "barat")
    assert (("sumatra", "utara"), "sumut") in language.long_forms
    assert not any(" " in short for _, short in language.long_forms)
    # A province of one word keeps its forms to the place check: "DKI" and "DIY" read
    # as Jakarta and Yogyakarta made every Jakarta city the province (helper-211's review).
    assert not {"riau", "dki", "diy", "jogja", "nad"} & set(language.abbreviations)


def test_a_city_is_not_read_as_its_province(analyzer):
    assert "dki" not in analyzer.terms("Kepala Dinas Kesehatan Kota Jakarta Pusat")
    assert "diy" not in analyzer.terms("Kepala Dinas Kesehatan Kota Yogyakarta")


def test_a_second_long_form_does_not_change_what_an_abbreviation_takes_in(analyzer):
    # "Pjs" written out either way is "pjs"; "Pjs" itself keeps the first long form's terms.
    assert set(analyzer.terms("Pjs")) == set(analyzer.terms("Pejabat Sementara"))
    assert "pj" not in analyzer.terms("Pjs")


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
        # A name alone asks what the person is; an office with it asks for a name.
        ("Siapa Sisardi?", "id", "identity"),
        ("Who is Rosjonsyah?", "en", "identity"),
        ("Siapa Herwan Antoni itu?", "id", "identity"),
        ("Siapakah Manajer Tim Persija?", "id", "person"),
        ("Siapakah Direktur Utama PT Telkom", "id", "person"),
        ("Siapa yang memimpin apel?", "id", "person"),
        ("Siapa Yang Bilang Jangan Menyebarkan Informasi Hoaks?", "id", "person"),  # title case
        ("Siapa Itu Sisardi?", "id", "identity"),  # title case, a name still short
        ("Who Is Rosjonsyah?", "en", "identity"),
        ("Who Is The Regional Secretary Of Bengkulu Province?", "en", "person"),
        ("Siapa Sekdanya?", "id", "person"),  # an office with "-nya" is no name: the place's Sekda
        ("kapan hut provinsi bengkulu", "id", "time"),
        ("When did Muba civil servants declare neutrality?", "en", "time"),
        # When a state began (state_starts.txt), matched as written: "terjadinya" stems to "jadi".
        ("Kapan Rosjonsyah menjadi Plt Gubernur?", "id", "start"),
        ("when was Rosjonsyah appointed acting governor", "en", "start"),
        ("Kapan terjadinya rakor Pemprov Bengkulu?", "id", "time"),
        # "sejak tanggal berapa" asks since when, as "sejak kapan" does ("sejak 27 September").
        ("Sejak tanggal berapa Rosjonsyah ditunjuk sebagai Plt Gubernur?", "id", "since"),
        ("kapan pelantikan herwan antoni", "id", "start"),
        # ... in a side clause it says what someone is, not what is asked (clause_openers.txt).
        ("Kapan Rosjonsyah menggelar rakor setelah ditunjuk menjadi Plt Gubernur?", "id", "time"),
        ("When did the meeting, which became a key moment, take place?", "en", "time"),
        ("Di mana rapat itu digelar?", "id", "place"),
        ("berapa jumlah asn di oki", "id", "count"),
        ("How many main points were stressed?", "en", "count"),
        ("Berapa gaji Pjs Bupati?", "id", "money"),  # measures.tsv: a wage is a sum
        # "berapa" before a body named by its abbreviation asks how many of it.
        ("berapa ASN yang ikut deklarasi di Muba?", "id", "count"),
        ("Berapa PNS di OKU Timur?", "id", "count"),
        ("Tahun berapa ASN dilarang berkampanye?", "id", "number"),  # "berapa" after its measure
        # "berapa" opening the question before any noun asks how many of it, which a year
        # or a date does not tell ("Berapa kursi ...": "pemilu 18 September 2005" is no
        # answer, helper-155); not before a rank, a label, a date or a quantity in units
        # (number_nouns.txt), nor after a noun ("tahun berapa").
        ("berapa asn di muba", "id", "count"),
        ("Berapa kursi yang didapat Partai Kiri di Bundestag?", "id", "count"),
        ("Berapa suara yang diraih Basuki Widodo?", "id", "count"),
        ("Berapa orangkah korban banjir?", "id", "count"),
        ("Di OKI ada berapa ASN?", "id", "count"),
        ("Berapa peringkat Indonesia di SEA Games?", "id", "number"),
        ("Pada tahun berapa ASN dilantik?", "id", "number"),
        ("Juara ke berapa Indonesia?", "id", "number"),
        ("Berapa yang hadir?", "id", "number"),
        ("Berapa bulankah Herwan Antoni menjabat?", "id", "duration"),  # a unit of time is no noun counted (helper-157)
        ("Berapa ulang tahun kota Padang tahun 2005?", "id", "number"),  # which anniversary: "berusia 336 tahun"
        ("Berapa HUT KORPRI tahun 2023?", "id", "number"),  # which anniversary: "HUT Ke-52" (ordinal_abbreviations.txt)
        ("Provinsi Bengkulu merayakan ulang tahun yang keberapa?", "id", "number"),  # an ordinal: "ke-56"
        ("Ulang tahun Republik Indonesia ke berapakah tahun 2005 ini?", "id", "number"),
        ("Mengapa ASN harus netral?", "id", "reason"),
        ("berapa lama herwan antoni jadi pjs bupati", "id", "duration"),
        ("Berapa bulan Herwan Antoni menjabat?", "id", "duration"),
        ("apel pagi pjs bupati jam berapa", "id", "clock"),
        ("muba neutrality declaration date", "en", "time"),
        # "apa" after a place's noun, "which" before one, asks which place (place_nouns.txt).
        ("rapat kerja oku timur di gedung apa", "id", "place"),
        ("Di kota apakah KTT digelar?", "id", "place"),
        ("Which building hosted the meeting?", "en", "place"),
        ("Apa nama gedung itu?", "id", "thing"),  # "apa" before the noun: its name, a thing
        # Not across a comma: the place's noun ends another clause (the where rule below
        # had refused its right answer, a duty).
        ("Selain menjaga kondusifitas wilayah, apa tugas Pjs Bupati OKU Timur?", "id", "thing"),
        # "manakah" after a noun asks which of it (which_words.txt), a place only after a
        # place's noun: FacQA dev's "Bank manakah ...", "Surat kabar mana ..." had the place cue.
        ("Bank manakah yang memberi kredit itu?", "id", "thing"),
        ("Surat kabar mana yang memuat berita itu?", "id", "thing"),
        ("Dari partai mana Heriansyah berasal?", "id", "thing"),
        ("Di kota manakah KTT digelar?", "id", "place"),
        ("Jalan tol mana yang dibuka?", "id", "place"),
        # A kind of place whose names tanya knows (asked_place_kinds.tsv): its answer is one of them.
        ("Di negara manakah letak kota Pyongyang?", "id", "country"),
        ("Negara apakah yang memprakarsai sanksi itu?", "id", "country"),
        ("Di Provinsi manakah Kabupaten Kerinci berada?", "id", "province"),
        ("Which country is Pyongyang in?", "en", "country"),
        ("In which province is the Musi river?", "en", "province"),
        ("Siapa presiden negara itu?", "id", "person"),  # the noun beside no question word
        ("Di propinsi mana Jayapura?", "id", "province"),  # the older spelling, still written
        ("Negara-negara mana yang hadir?", "id", "country"),
        ("Which countries sent aid?", "en", "country"),
        ("Di mana rapat digelar?", "id", "place"),
        ("What office did Rosjonsyah hold?", "en", "thing"),  # a position, not a building
        ("How high did Roslinda Samsu clear the bar?", "en", "number"),
        ("In which year did Yosef Kristiono set the record?", "en", "number"),  # as "tahun berapa"
        ("What percentage of ASN attended?", "en", "percent"),
        ("Berapa persen ASN yang hadir?", "id", "percent"),
        ("Naik sebesar berapa persenkah tarif tol?", "id", "percent"),
        ("berapa persentase penduduk yang tinggal di Asia", "id", "percent"),
        ("Berapakah jarak kota Pagar Alam dari Bengkulu?", "id", "length"),  # measures.tsv
        ("Berapa umur Edwar Juliartha?", "id", "age"),
        ("Berapa besar dana yang dianggarkan untuk Nabire?", "id", "money"),  # a modifier before the noun
        ("Berapakah total nilai rupiah saham yang dilepas?", "id", "money"),
        ("Mencapai kecepatan berapakah Topan Khanun?", "id", "speed"),  # the noun before "berapa"
        ("Berapa ketinggian Dataran Tinggi Dieng?", "id", "length"),
        ("Berapakah jumlah korban jiwa letusan Krakatau?", "id", "count"),
        ("Berapa besar pengaruh kampanye itu?", "id", "number"),  # no measured noun: any number
        ("Berapakah usia Celine Dion?", "id", "age"),
        ("How old is Celine Dion?", "en", "age"),
        # A time of day, not a date: "pukul 07.30" answers, "Senin 04 November" does not.
        ("Jam berapa apel pagi dimulai?", "id", "clock"),
        ("pukul berapakah rapat itu selesai", "id", "clock"),
        ("What time did the morning assembly start?", "en", "clock"),
        # "how long" before a verb asks a duration, as "berapa lama"; before "is", a length.
        ("How long will Edwar Juliartha serve as acting regent?", "en", "duration"),
        ("How long did Darling take to cross the finish line?", "en", "duration"),
        ("How long is the turtle nesting beach at Baturumah?", "en", "number"),
        ("Berapa hektarkah lahan yang puso?", "id", "area"),
        ("Berapa harga beras per kilogram?", "id", "money"),
        ("Berapa kapasitas PLTA Mrica?", "id", "number"),  # measured many ways: any number
        ("netralitas asn", "id", None),
        ("Apa nama latin dari orangutan?", "id", "species"),
        ("What is the Latin name of the monitor lizard?", "en", "thing"),  # "latin name" dropped, not typed
        ("Hewan apakah yang memiliki nama latin Caretta caretta?", "id", "thing"),  # the Latin name given
    ],
)
def test_question_language_and_type(analyzer, question, language, answer_type):
    analyzed = analyzer.analyze_question(question)
    assert (analyzed.language, analyzed.answer_type) == (language, answer_type)


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("Apa nama latin dari orangutan?", [["orangut"]]),
        ("binatang apakah yang nama latinnya adalah Helarctos malayanus", [["binatang"], ["helarctos"], ["malayanus"]]),
        ("What is the Latin name of the monitor lizard?", [["biawak"]]),
        # Latin as a word of a name is a word of the question.
        ("Negara manakah penghasil minyak di Amerika Latin?", [["negara"], ["hasil"], ["minyak"], ["amerika"], ["latin"]]),
    ],
)
def test_a_latin_name_is_asked_for_not_searched(analyzer, question, terms):
    assert [sorted(c) for c in analyzer.analyze_question(question).concepts] == terms


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("rapat kerja oku timur di gedung apa", [["raker"], ["oku"], ["timur"], ["gedung"]]),
        # A word doubled as chat writes it ("hati2") is the word written out.
        ("asn hati2 di medsos", [["asn"], ["hati", "hati-hati"], ["medsos"]]),
        ("siapa yang sakit2", [["sakit", "sakit-sakit"]]),
        ("siapa G2", [["g2"]]),  # two letters: a name
        # A real Indonesian word the archive lacks stays Indonesian: read as English, it
        # was mended ("hujan": "human", manusia; "laut": "last", terakhir; "ayam": "ayat").
        ("kapan hujan deras di bengkulu", [["hujan"], ["deras"], ["bengkulu"]]),
        ("siapa yang melaut", [["laut"]]),
        ("harga ayam di pasar", [["harga"], ["ayam"], ["pasar"]]),
    ],
)
def test_question_terms_over_an_archive_lacking_some_words(analyzer, question, terms):
    # The archive holds each of the question's words but these: not every string, which
    # would also be every two words run together ("hujanderas").
    vocabulary = {t for word in analyzer.words(question) for t in analyzer.word_terms(word.text)} - {"hujan", "laut", "ayam", "deras"}
    analyzed = analyzer.analyze_question(question, known=vocabulary.__contains__)
    assert [sorted(c) for c in analyzed.concepts] == terms


@pytest.mark.parametrize(
    ("chat", "written"),
    [
        ("pj bupati muba larang asn nyebarin info apa di medsos?", "pj bupati muba larang asn menyebarkan info apa di medsos?"),
        ("gimana asn bisa netral", "bagaimana asn bisa netral"),
        ("knp asn gak boleh ikut kampanye", "kenapa asn tidak boleh ikut kampanye"),
        ("yg mimpin rapat di oku timur siapa", "yang memimpin rapat di oku timur siapa"),
        ("siapa pjs bupati muba skrg", "siapa pjs bupati muba sekarang"),
        ("rakor tgl 30 september bahas apa", "rakor tanggal 30 september bahas apa"),
        ("siapa sih pjs bupati bs nih", "siapa pjs bupati bs"),  # chat particles are stop words
        ("sapa pjs bupati bs yg skrg", "siapa pjs bupati bs"),  # "sekarang" frames the question
        ("apa isi pesan sisardi ke asn", "apa pesan sisardi ke asn"),  # "isi" too: the message is what is asked
        ("siapa plt gub bengkulu", "siapa plt gubernur bengkulu"),  # H66
        ("bgmn sikap asn di pilkada jg", "bagaimana sikap asn di pilkada juga"),
    ],
)
def test_chat_indonesian_is_read_as_written_indonesian(analyzer, chat, written):
    # retrieval/data/colloquial_id.tsv: the same concepts and the same question type.
    asked, meant = analyzer.analyze_question(chat), analyzer.analyze_question(written)
    assert (asked.concepts, asked.answer_type) == (meant.concepts, meant.answer_type)


@pytest.mark.parametrize(
    ("chat", "written"),
    [
        ("who is teh acting regent of Muba", "who is the acting regent of Muba"),
        ("waht did teh regent of OKU Timur say abt neutrality", "what did the regent of OKU Timur say about neutrality"),
        ("wehre did teh meeting take place", "where did the meeting take place"),
        ("why should civil servants be neutral cuz of the election", "why should civil servants be neutral because of the election"),
        ("Who's the acting regent of South Bengkulu?", "Who is the acting regent of South Bengkulu?"),  # H98 F15
        ("Who’s the acting regent of South Bengkulu?", "Who is the acting regent of South Bengkulu?"),
        ("what's the name of the regent of Muba", "what is the name of the regent of Muba"),
        ("Who is the acting regent of South Bengkulu right now?", "Who is the acting regent of South Bengkulu?"),
        ("who is the acting regent of Muba at the moment", "who is the acting regent of Muba"),
    ],
)
def test_chat_english_is_read_as_written_english(analyzer, chat, written):
    # retrieval/data/colloquial_en.tsv: "teh" is no concept (it was Indonesian tea).
    asked, meant = analyzer.analyze_question(chat), analyzer.analyze_question(written)
    assert (asked.language, asked.concepts, asked.answer_type) == (meant.language, meant.concepts, meant.answer_type)


def test_an_english_slip_is_left_alone_in_an_indonesian_question(analyzer):
    # "teh" in Indonesian is tea.
    assert frozenset({"teh"}) in analyzer.analyze_question("berapa harga teh di Muba?").concepts


def test_no_chat_word_is_an_abbreviation_of_the_news():
    # "DPT" (Daftar Pemilih Tetap) typed in a question is the voters' list, not "dapat".
    language = load_language()
    assert not (set(language.colloquial) | set(language.colloquial_en)) & set(language.abbreviations)


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
        ("ketidaknetralan", "netral"),  # Snowball: "tidaknetral"
        ("ketidakpercayaan", "percaya"),
        ("pemenang", "menang"),  # Snowball: "penang"
        ("persentase", "persen"),  # Snowball: "sentase"
        ("memenangkan", "dimenangkan"),  # Snowball: "penang"
        ("pensiun", "memensiunkan"),  # a root that opens like "pen-": Snowball "siun"
        ("dipensiunkan", "pensiunan"),  # Snowball: "nsiun" and "siun"
        ("mempengaruhi", "berpengaruh"),  # Snowball: "ngaruh" and "pengaruh"
        ("pengaruhnya", "terpengaruh"),  # Snowball: "aruh"
        # ter-/ber- before a root in "r" swallow its "r"; Snowball cut both.
        ("terendam", "merendam"),  # Snowball: "endam", which the speller mended to "enam"
        ("berencana", "direncanakan"),  # Snowball: "encana"
        ("terasa", "dirasakan"),  # Snowball: "terasa"
        ("terendah", "rendah"),  # Snowball: "endah"
        # A root in "mu"/"ku" after a prefix, whose end Snowball cut as the possessive.
        ("berperilaku", "perilaku"),  # Snowball: "perila"
        # Roots only the dictionary's senses attest (find_stem_exceptions.py --dictionary).
        ("penasihat", "nasihat"),  # Snowball: "tasihat"
        ("pemukiman", "bermukim"),  # Snowball: "pukim"
        ("perekrutan", "direkrut"),  # Snowball: "ekrut"
        ("mengolah", "pengolahan"),  # Snowball: "mengo"
        # A ke-...-an noun of a word stemmed otherwise.
        ("kependudukan", "penduduk"),  # Snowball: "nduduk"
        ("kepemimpinan", "pemimpin"),  # Snowball: "mimpin"
        ("berkekuatan", "kekuatan"),  # Snowball: "kekuat"
        ("keterlibatan", "terlibat"),  # Snowball: "terlibat", where "terlibat" is "libat"
        # A root opening with "ke", which Snowball took for the prefix.
        ("kendali", "dikendalikan"),  # Snowball: "ndali"
        ("terkendali", "pengendalian"),  # Snowball: "kendal" and "endali"
        ("kemudi", "pengemudi"),  # Snowball: "mudi", as "kemudian" (then), and "emudi"
        ("diolah", "mengolah"),  # Snowball: "dio", its "-lah" read as the particle
    ],
)
def test_a_nasal_prefix_meets_its_root(analyzer, prefixed, plain):
    assert analyzer.stem(prefixed) == analyzer.stem(plain)


@pytest.mark.parametrize(
    ("root", "formed", "other"),
    [
        # Roots Snowball cut, though it stems their other forms to them whole
        # (no_stem.txt): "Berapa jumlah penduduk Sichuan?" missed "berpenduduk 8,8 juta
        # orang", and "masalah" (a problem) met "masa" (a period).
        ("penduduk", "berpenduduk", "duduk"),
        ("masalah", "permasalahan", "masa"),
        ("menteri", "kementerian", "teri"),
        ("merdeka", "kemerdekaan", None),
        ("abadi", "keabadian", "abad"),
        ("ekonomi", "perekonomian", "ekonom"),
        ("pendapat", "berpendapat", "dapat"),
        ("damai", "perdamaian", None),
        # Forms Snowball cuts as it cut the root (stem_exceptions.tsv; helper-211's review:
        # "memerintahkan" had been left at "intah").
        ("nilai", "menilai", None),
        ("nilai", "dinilai", None),
        ("masalah", "bermasalah", "masa"),
        ("sekolah", "bersekolah", None),
        ("perintah", "diperintahkan", None),
        ("perintah", "memerintahkan", None),
        ("peroleh", "perolehan", "oleh"),
    ],
)
def test_a_root_snowball_cuts_meets_its_forms_and_no_other_word(analyzer, root, formed, other):
    assert analyzer.stem(root) == analyzer.stem(formed) == root
    if other is not None:  # the word the root had been cut into
        assert analyzer.stem(other) != root


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # A noun in -an of a root in "k", which Snowball reads as -kan: "pasokan" was
        # "paso", apart from its article's "pemasok"; "desakan" was "desa", a village.
        ("pasokan", "pasok"),
        ("desakan", "desak"),
        ("gerakannya", "gerak"),
        ("tindakan", "tindak"),
        ("desa", "desa"),
    ],
)
def test_a_root_in_k_keeps_its_k_before_an(analyzer, word, stem):
    assert analyzer.stem(word) == stem


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # A short root and its "-nya": Snowball cut it too short, or not at all (too few
        # vowels), and the word kept whole missed the root's own term.
        ("airnya", "air"),  # Snowball: "ai"
        ("ketuanya", "ketua"),  # Snowball: "tua"
        ("filmnya", "film"),  # Snowball: "filmnya"
        ("persnya", "pers"),
        ("pemerintahnya", "pemerintah"),  # had stood in no_stem.txt whole
        # Words that only end as "-nya" does stay whole.
        ("tanya", "tanya"),
        ("hanya", "hanya"),
        ("punya", "punya"),
        ("kenya", "kenya"),
        ("keduanya", "keduanya"),  # both of them, no "kedua" (second): no_stem.txt
    ],
)
def test_a_short_root_loses_its_nya(analyzer, word, stem):
    assert analyzer.stem(word) == stem


def test_stem_exceptions_mend_only_what_snowball_gets_wrong():
    """Every entry of stem_exceptions.tsv is a word with a nasal prefix (or ketidak-...-an),
    or a form of a root that opens like one ("dipensiunkan": pensiun), or of a root that
    ends in "-nya", which Snowball takes for the particle ("bertanya": tanya, not
    "berta"), or a ter-/ber- word whose root opens with the "r" the prefix swallowed
    ("terendam": rendam), or a noun in -an of a root in "k" read as -kan ("pasokan":
    pasok), or a prefixed root in "mu"/"ku" whose end Snowball cut as the possessive
    ("berperilaku": perilaku), or a form of a root no_stem.txt keeps whole that Snowball
    cuts as it cut the root ("menilai": nilai), or a ke-...-an noun of a word that stems
    otherwise ("kependudukan": penduduk; "berkekuatan": kuat), or a form of a root
    opening with "ke" that Snowball took for the prefix ("kendali", "terkendali":
    kendali), or a form of a root in "-lah" that Snowball cut as the particle ("diolah":
    olah), whose Snowball stem differs from the entry: no entry repeats what the stemmer
    does anyway."""
    exceptions = load_language().stem_exceptions
    no_stem = load_language().no_stem
    snowball = Stemmer.Stemmer("indonesian")
    assert len(exceptions) >= 100
    for word, stem in exceptions.items():
        r_swallowed = word.startswith(("ter", "ber")) and stem.startswith("r") and stem[1:3] == word[3:5]
        k_read_as_kan = word.endswith(stem[-3:] + "an") and stem.endswith("k") and snowball.stemWord(word) == stem[:-1]
        possessive_cut = stem.endswith(("mu", "ku")) and word.endswith(stem) and snowball.stemWord(word) == word[:-2]
        of_a_kept_root = stem in no_stem and snowball.stemWord(word) == snowball.stemWord(stem)
        inner = next((word[len(prefix) : -2] for prefix in ("berke", "ke") if word.startswith(prefix) and word.endswith("an")), "")
        of_a_ke_noun = bool(inner) and stem in (inner, snowball.stemWord(inner))
        of_a_ke_root = stem.startswith("ke") and (word == stem or word.startswith(("ter", "ber", "di")) and word.endswith(stem))
        particle_cut = stem.endswith("lah") and word.endswith(stem) and snowball.stemWord(word) == word[: -len("lah")]
        assert (
            word.startswith(("me", "pe", "ketidak"))
            or stem.startswith(("me", "pe"))
            or stem.endswith("nya")
            or r_swallowed
            or k_read_as_kan
            or possessive_cut
            or of_a_kept_root
            or of_a_ke_noun
            or of_a_ke_root
            or particle_cut
        ), word
        assert word.isalpha() and len(stem) >= 4, word
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
        # An abbreviation opens on a word's first letter: "paraASN" holds none.
        ("kepada paraASN (Aparatur Sipil Negara) dilingkungan", None, set()),
        ("Bupati ASN(Aparatur Sipil Negara)", "ASN(Aparatur Sipil Negara)", {"(asn)"}),
        ("netralitas (Aparatur Sipil Negara (ASN) dalam", "Aparatur Sipil Negara (ASN)", {"(asn)"}),
        # An abbreviation written as a word, its letters in order in the long form
        # (helper-s86: "Apa kepanjangan Dewats?" was not found) ...
        (
            "Team Leader Dewats (Decentralized Wastewater Treatment System) Suryanto",
            "Dewats (Decentralized Wastewater Treatment System)",
            {"(dewats)"},
        ),
        # ... not a name and its office, nor a place and its province, nor a country and
        # its people, nor a word the long form opens with (helper-214).
        ("dipimpin Sisardi (Sekretaris Daerah) di aula", None, set()),
        ("warga Jakarta (Jawa Barat) pada", None, set()),
        ("pasukan Bosnia (Bosnian Serb) menyerang", None, set()),
        ("terapi Stroke (Stroke Muscle Therapy) di", None, set()),
        # A long form before its abbreviation is read as before, letters or not.
        ("saham Occidental Petroleum (Oxy) naik", "Occidental Petroleum (Oxy)", {"(oxy)"}),
    ],
)
def test_an_abbreviation_spelt_out_is_indexed_as_its_definition(analyzer, text, spelt, definitions):
    found = [t for t in analyzer.term_spans(text) if t.text.startswith("(")]
    assert {t.text for t in found} == definitions
    assert [text[t.start : t.end] for t in found] == ([spelt] if spelt else [])


@pytest.mark.parametrize(
    ("question", "concepts"),
    [
        # An abbreviation written beside its long form is one concept: counted twice,
        # "Sekda" outweighed the place, and helper-s86's question was answered with Aceh
        # Tenggara's Sekda.
        ("Siapa Sekretaris Daerah (Sekda) Kabupaten OKU Timur?", [{"sekda"}, {"kab", "kabupaten"}, {"oku"}, {"timur"}]),
        ("Siapa Sekda (Sekretaris Daerah) Muba?", [{"sekda"}, {"muba"}]),
        ("Who is the deputy regent (Wakil Bupati) of Bengkulu Selatan?", [{"wabup"}, {"bengkulu"}, {"bs", "selatan"}]),
        # A word written twice apart is still asked twice.
        ("Siapa bupati yang menggantikan bupati Muba?", [{"bupati"}, {"ganti"}, {"bupati"}, {"muba"}]),
    ],
)
def test_an_abbreviation_beside_its_long_form_is_one_concept(analyzer, question, concepts):
    assert [set(c) for c in analyzer.analyze_question(question).concepts] == concepts


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


# -- the fast paths hold to the plain one -----------------------------------------------


def plain_term_spans(analyzer: Analyzer, text: str) -> list[tuple[str, int, int]]:
    """term_spans as it was written before the token cache and the terms-only path: every
    token normalised and looked up afresh, the long forms read from Word objects."""
    found = list(TOKEN_RE.finditer(text))
    words = [(normalize(m.group()), m.start(), m.end()) for m in found]
    terms: list[tuple[str, int, int]] = []
    for i, (word, start, _) in enumerate(words):
        terms.extend((t, start, words[i][2]) for t in analyzer.written_terms(found[i].group()))
        for expansion, abbreviation in analyzer._phrases.get(word, ()):
            end = i + len(expansion)
            if end <= len(words) and tuple(w for w, _, _ in words[i:end]) == expansion:
                terms.append((abbreviation, start, words[end - 1][2]))
                break
    if may_spell_out(text):
        terms = sorted(terms + [tuple(d) for d in analyzer._definitions(text)], key=lambda term: term[1])
    return terms


def article_texts(seed_corpus) -> list[str]:
    """Every headline and paragraph of the seeds, every FacQA passage when the shared
    evaluation data lies beside the repository, and texts made to hit each path."""
    texts = [t for d in seed_corpus.documents for t in (d.title, *d.paragraphs)]
    if FACQA_PASSAGES.exists():
        texts += [json.loads(line)["text"] for line in FACQA_PASSAGES.read_text(encoding="utf-8").splitlines()]
    return texts + [
        "Aparatur Sipil Negara (ASN) dan Pejabat Sementara (Pjs) Bupati, pelaksana tugas",
        "Ben\u200bgkulu Jum’at ＡＳＮ ke-56 30/9/24 masing-masing Indonesia's e-KTP",
        "(Tanpa definisi) Media Sosial, medsos",
        # Many long forms in one text: each abbreviation goes in after its own long form.
        " ".join(["Pemerintah Kota Bengkulu, Aparatur Sipil Negara dan Pejabat Sementara (Pjs) Bupati"] * 6),
        "",
    ]


@pytest.mark.parametrize("stemming", [True, False])
def test_terms_and_spans_equal_the_plain_analysis(seed_corpus, stemming):
    analyzer = Analyzer(stemming=stemming)
    for text in article_texts(seed_corpus):
        expected = plain_term_spans(analyzer, text)
        assert [tuple(t) for t in analyzer.term_spans(text)] == expected, text
        assert analyzer.terms(text) == [t for t, _, _ in expected], text  # the terms-only path
        assert analyzer.word_texts(text) == [w.text for w in analyzer.words(text)], text


def test_a_token_cached_as_written_keeps_its_normalised_terms(analyzer):
    # The cache is keyed by the token as written: "ＡＳＮ" and "ASN" are one word, two keys.
    assert analyzer.terms("ＡＳＮ ASN asn") == analyzer.terms("asn asn asn")
    assert analyzer.terms("Jum’at") == analyzer.terms("jum'at")


def test_terms_and_spans_equal_the_plain_analysis_on_random_texts(analyzer):
    # Odd joins the corpus may not have: invisible characters, apostrophes, ligatures,
    # numbers with separators, long forms and definitions run together.
    pieces = ["a", "B", "1", "23", ".", ",", "/", ":", "'", "’", "-", "_", " ", "\u200b", "\u00ad", "é", "٣", "x_y", "--",
              "ke-56", "30/9/24", "1.360", "pejabat", "sementara", "(ASN)", "Aparatur Sipil Negara", "ＡＳＮ", "ﬁ"]
    rng = random.Random(20241130)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        expected = plain_term_spans(analyzer, text)
        assert [tuple(t) for t in analyzer.term_spans(text)] == expected, text
        assert analyzer.terms(text) == [t for t, _, _ in expected], text


def test_the_token_cache_is_bounded_and_past_it_terms_stay_the_same(monkeypatch):
    import retrieval.analysis as analysis

    monkeypatch.setattr(analysis, "MAX_CACHED_TOKENS", 50)
    analyzer = Analyzer()
    text = " ".join(f"Kata{i} menggelar" for i in range(300))
    first = analyzer.terms(text)
    assert len(analyzer._tokens) <= 50
    assert analyzer.terms(text) == first == [t for t, _, _ in plain_term_spans(analyzer, text)]


class SnowballWithoutTheT(SnowballIndonesian):
    """Snowball's stemmer without the swallowed "t" put back: named as the default is."""

    def stem(self, word: str) -> str:
        return self._snowball.stemWord(word)


def test_a_stemmer_named_as_the_default_does_not_read_its_index(analyzer):
    # The index cache key tells stemmers by class as well as name: a subclass of the
    # default, keeping its name, stems "menekankan" otherwise ("ekan", not "tekan").
    other = Analyzer(stemmer=SnowballWithoutTheT())
    assert other.stem("menekankan") != analyzer.stem("menekankan")
    assert other.version != analyzer.version
