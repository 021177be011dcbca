"""An office of a body or a ministry asked after by its title alone ("Siapa Menteri
Pertahanan?", "Siapa Ketua KPU?": titled_offices.txt) is answered by a paragraph writing
that title together, capitalised, from its own first word, for the country asked, not
as another office ("Wakil Ketua KPU"), a former holder's or another's title ("Staf Ahli
Menteri Kehutanan"). Before, any paragraph holding the words answered: "Siapa Menteri
Pertahanan?" got "Menteri Energi ... meminta PGN menahan diri" ("pertahanan" and
"menahan" are one stem); "Siapa Ketua KPK?" got "Ketua Tim Audit KPU" (helper-150)."""

from __future__ import annotations

import pytest
from scratch_corpus import searcher_over, top

from retrieval.places import (
    english_title_asked,
    title_abbreviation_pattern,
    title_asked,
    titles_written_out,
)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Siapa Menteri Pertahanan?", ("Menteri", "Pertahanan")),
        ("Siapakah nama Ketua DPR sekarang?", ("Ketua", "DPR")),
        ("Siapa Menteri Kelautan dan Perikanan?", ("Menteri", "Kelautan", "dan", "Perikanan")),
        ("Siapa Wakil Ketua KPU?", ("Wakil", "Ketua", "KPU")),
        ("siapa jaksa agung", ("jaksa", "agung")),
        ("Siapakah Menteri Pekerjaan Umum (PU) sekarang?", ("Menteri", "Pekerjaan", "Umum")),  # the bracket repeats it
        # Asking more than who holds it, or no body: no title asked.
        ("Siapa menteri yang mundur?", ()),
        ("Siapa Menteri?", ()),
        ("Siapa Menteri Keuangan dan Menteri Perdagangan?", ()),
        ("Kapan Menteri Keuangan datang ke Medan?", ()),
        ("Siapa Pjs Bupati OKU Timur?", ()),
    ],
)
def test_a_question_asking_who_holds_a_title(analyzer, question, title):
    assert title_asked(question, analyzer) == title


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # English names the body before the office or after it; the title is read in
        # Indonesian order, from the Indonesian word of the office (english_titles.tsv).
        ("Who is the finance minister?", ("Menteri", "finance")),
        ("Who is the minister of forestry?", ("Menteri", "forestry")),
        ("Who is Indonesia's trade minister?", ("Menteri", "trade")),  # the home country's possessive says whose
        ("Who is Britain's finance minister?", ("Menteri", "Britain", "finance")),
        ("Who is the deputy health minister?", ("deputy", "Menteri", "health")),
        ("Who is the culture and tourism minister?", ("Menteri", "culture", "tourism")),
        ("Who is the minister of youth and sports in 2005?", ("Menteri", "youth", "sports")),
        ("Who is the chairman of the BPK?", ("Ketua", "BPK")),
        ("Who is the head of Statistics Indonesia (BPS)?", ("Kepala", "Statistics", "Indonesia")),  # the bracket repeats it
        ("Who heads Bappenas?", ()),  # a Ketua's or a Kepala's: read as any other question
        ("Who chairs the KPK?", ("Ketua", "KPK")),
        ("Who is the president director of Telkom?", ("Direktur", "Utama", "Telkom")),
        # With no "of", only names follow the office: "Abepura" of "Who chairs the
        # Abepura trial?" asks of a trial (helper-154's review); typed in lower case, none.
        ("Who chairs the Abepura trial?", ()),
        ("who chairs the kpk", ()),
        ("Which minister resigned?", ()),
        ("Who is the minister appointed in 2005?", ()),
        # Asking more than who holds it, two offices, or none with a body.
        ("Who met the finance minister?", ()),
        ("Who is the minister that resigned?", ()),
        ("Who is the finance minister and the trade minister?", ()),
        ("Who is the minister?", ()),
        ("Siapa Menteri Keuangan?", ()),
    ],
)
def test_an_english_question_asking_who_holds_a_title(analyzer, question, title):
    assert english_title_asked(question, analyzer) == title


def test_each_english_office_translates_to_its_indonesian_word(analyzer):
    # english_titles.tsv says which Indonesian word a title is read from; the question's
    # concept comes from the dictionary and lexicon: the two must agree, or the title is
    # never read (helper-154's review: "heads" and "chairs" had disagreed).
    for english, indonesian in analyzer.language.english_titles.items():
        translated = frozenset().union(*(analyzer.english_word_terms(word) for word in english))
        assert set(analyzer.word_terms(indonesian.split()[0])) <= translated, english


def test_the_body_of_an_english_title_in_the_other_order(analyzer):
    # "the Surabaya Stock Exchange" is "Bursa Efek Surabaya"
    question = "Who is the director of the Surabaya Stock Exchange?"
    assert english_title_asked(question, analyzer, body_reversed=True) == ("Direktur", "Exchange", "Stock", "Surabaya")


@pytest.mark.parametrize(
    ("text", "written_out"),
    [
        ("Menkeu Inggris Gordon Brown berpidato.", "Menteri Keuangan Inggris Gordon Brown berpidato."),
        ("Rapat dihadiri MENKO Perekonomian.", "Rapat dihadiri MENTERI KOORDINATOR Perekonomian."),
        ("Kapolri Jenderal Sutanto dan Menhut MS Kaban", "Kepala Polri Jenderal Sutanto dan Menteri Kehutanan MS Kaban"),
        # only capitalised, and only whole words
        ("menkeu menulis, Menkeunya datang, Menkeu-Menkeu", "menkeu menulis, Menkeunya datang, Menkeu-Menkeu"),
    ],
)
def test_abbreviated_titles_written_out(analyzer, text, written_out):
    assert titles_written_out(text, analyzer.language, title_abbreviation_pattern(analyzer.language)) == written_out


@pytest.mark.parametrize(
    ("question", "written_out"),
    [
        # A whole title abbreviated is asked written out, in the case it is typed in.
        ("Siapa Menkeu?", "Siapa Menteri Keuangan?"),
        ("siapa menkeu sekarang", "siapa menteri keuangan sekarang"),
        ("SIAPA MENKES?", "SIAPA MENTERI KESEHATAN?"),
        ("Siapa Kapolri?", "Siapa Kepala Polri?"),
        # One opening a title is asked as written: its paragraphs write it so.
        ("Siapakah Menko Kesra Indonesia", "Siapakah Menko Kesra Indonesia"),
        ("Siapa Menneg BUMN?", "Siapa Menneg BUMN?"),
        # Whole words only, and not inside a code.
        ("Siapa Menkeunya?", "Siapa Menkeunya?"),
        ("Apa isi Kep/Menkeu/2005?", "Apa isi Kep/Menkeu/2005?"),
    ],
)
def test_abbreviated_titles_asked_written_out(analyzer, question, written_out):
    assert titles_written_out(question, analyzer.language, title_abbreviation_pattern(analyzer.language, question=True)) == written_out


MINISTRIES = {
    "gas.txt": (
        "Title: Harga Gas\n\nJakarta - Menteri Energi Sumber Daya Mineral Purnomo Yusgiantoro meminta PT Perusahaan "
        "Gas Negara menahan diri tak menaikkan harga gas.\n"
    ),
    "audit.txt": "Title: Dana KPU\n\nJakarta - Uang senilai Rp 555 juta diterima Ketua Tim Audit KPU Djapiten Nainggolan.\n",
    "mobil.txt": "Title: Mobil Inventaris\n\nJakarta - Wakil Ketua KPU Ramlan Surbakti belum mengembalikan mobil inventaris.\n",
    "irak.txt": "Title: Ziarah\n\nBaghdad - Menurut Wakil Menteri Kesehatan Irak Jalil Al-Shumari, ribuan orang berziarah.\n",
    "polio.txt": "Title: Imunisasi Polio\n\nJakarta - Cakupan imunisasi 101 persen, papar Menteri Kesehatan Siti Fadilah Supari.\n",
    "hutan.txt": (
        "Title: Hutan Kalbar\n\nPontianak - Staf Ahli Menteri Kehutanan Bidang Pengembangan Sumber Daya Alam, I Made "
        "Subadia, meninjau hutan.\n"
    ),
    "sawit.txt": "Title: Sawit\n\nMedan - Kejaksaan Agung memeriksa kasus perkebunan kelapa sawit di Padang Lawas.\n",
    "pungutan.txt": (
        "Title: Pungutan Ekspor\n\nJakarta - Menteri Energi dan Sumber Daya Mineral telah menyurati Menteri Keuangan "
        "tentang pungutan ekspor.\n"
    ),
    "kabinet.txt": "Title: Rapat Kabinet\n\nJakarta - Rapat dihadiri Menteri Keuangan Jusuf Anwar dan para gubernur.\n",
    "wto.txt": "Title: WTO\n\nJenewa - Boel mengatakan, pertemuan tingkat menteri Organisasi Perdagangan Dunia di Hongkong penting.\n",
    "keris.txt": (
        "Title: Keris\n\nJakarta - Budaya samurai di Jepang kini sudah mati, ungkap Direktur Jenderal Organisasi "
        "Pendidikan, Ilmu Pengetahuan, dan Kebudayaan Perserikatan Bangsa-Bangsa (UNESCO) Koichiro Matsuura.\n"
    ),
}


@pytest.fixture(scope="module")
def ministries(tmp_path_factory):
    return searcher_over(tmp_path_factory.mktemp("ministries"), MINISTRIES)


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Siapa Menteri Pertahanan?", ""),  # "menahan" is no "Pertahanan"
        ("Siapa Ketua KPU?", ""),  # the audit team's chairman, the deputy chairman
        ("Siapa Wakil Ketua KPU?", "Ramlan Surbakti"),
        ("Siapa Menteri Kesehatan?", "Siti Fadilah Supari"),  # not Iraq's deputy
        ("Siapa Wakil Menteri Kesehatan?", ""),  # Iraq's alone
        ("Siapa Menteri Kehutanan?", ""),  # a staff member's title
        ("siapa jaksa agung", ""),  # "Kejaksaan Agung" is the office, not its holder
        ("Siapa Menteri Keuangan?", "Jusuf Anwar"),  # not the letter to the minister
        ("Siapa Menteri Perdagangan?", ""),  # "tingkat menteri" is no one's title
        ("Siapa Direktur Jenderal UNESCO?", "Koichiro Matsuura"),  # its short name in brackets
    ],
)
def test_a_title_asked_is_written_together(ministries, question, holder):
    found = top(ministries.ask(question))
    assert holder in found if holder else found == ""


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # The same titles asked in English (helper-152's probe): before, "Who is the
        # chairman of the KPU?" got the audit team's chairman, "Who is the deputy health
        # minister?" Iraq's, "Who is the defense minister?" the "menahan" paragraph.
        ("Who is the defense minister?", ""),
        ("Who is the chairman of the KPU?", ""),
        ("Who is the deputy chairman of the KPU?", "Ramlan Surbakti"),
        ("Who is the health minister?", "Siti Fadilah Supari"),
        ("Who is the deputy health minister?", ""),
        ("Who is the minister of forestry?", ""),
        ("Who is the finance minister?", "Jusuf Anwar"),
        ("who is the trade minister", ""),
    ],
)
def test_a_title_asked_in_english_is_written_together(ministries, question, holder):
    found = top(ministries.ask(question))
    assert holder in found if holder else found == ""


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Siapa Menteri Kehutanan?", "MS Kaban"),  # initials open the name
        ("Siapa Menteri Pertahanan?", ""),
        ("Siapa Ketua KPK?", ""),
        ("Siapa Menteri Agama?", ""),
        ("Siapa Kepala BPPT?", "Kusmayanto Kadiman"),  # FacQA: "Kusmayanto Kadiman selaku Kepala BPPT"
    ],
)
def test_facqa_titles(facqa_searcher, question, holder):
    found = top(facqa_searcher.ask(question))
    assert holder in found if holder else found == ""


@pytest.mark.parametrize(
    ("after_office", "named"),
    [
        (" MS Kaban meresmikan", True),  # two capitals open a name: initials
        (" Jusuf Anwar", True),
        (" DPD dan DPR", False),  # three are a body's abbreviation: stop 88's second INITIALS (now BODY_INITIALS) had shadowed this bound
        (" FISU George Killian", False),
    ],
)
def test_initials_open_a_name_after_an_office_only_when_short(ministries, after_office, named):
    assert bool(ministries._name_after_office(after_office, initials=True)) == named


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # FacQA writes "Menkeu Inggris Gordon Brown": the title abbreviated, written out ...
        ("Siapakah Menteri Keuangan Inggris saat ini?", "Gordon Brown"),
        ("Who is currently Britain's finance minister?", "Gordon Brown"),
        # ... and an abbreviation asked is met as written
        ("Siapakah Menko Kesra Indonesia", "Alwi Shihab"),
        # "Direktur Jenderal Perhubungan Udara": "director general" one concept in two words,
        # "transport" translated otherwise than FacQA writes it
        ("Who is the director general of air transport?", "Mohammad Iksan Tatang"),
        # ... and "Dirjen" is its abbreviation (abbreviations.tsv); another Dirjen's title,
        # written out, is no answer (helper-s89: "Perhubungan Udara" for "Darat")
        ("Siapa Dirjen Perhubungan Udara?", "Mohammad Iksan Tatang"),
        ("Siapa Direktur Jenderal Perhubungan Darat?", ""),
        ("Siapa Dirjen Perhubungan Darat?", ""),
        # "WHO" in capitals in an Indonesian question is the organisation, not "who"
        # (helper-218's review: read as the question word, any Dirjen answered)
        ("Siapa Dirjen WHO?", "Lee Jong-wook"),
        # "Sekretaris Jenderal", written out, is a title as "Sekjen" is
        ("Siapakah Sekretaris Jenderal Departemen Keuangan sekarang?", "Kristiadi"),
        # "Direktur Perum Bulog": the home country's possessive says whose
        ("Who is the director of Indonesia's Bulog?", "Widjanarko Puspoyo"),
        # No "of" after the office: only names follow it, and "national" is none.
        ("Who heads the national police?", "Sutanto"),  # "Kepala Polri Jenderal (Pol) Sutanto"
        # "Direktur Utama PT Pertamina Widya Purnama": its abbreviation "dirut" is no word between
        ("Who is the director of Pertamina?", "Widya Purnama"),
        ("Siapa Direktur Pertamina?", "Widya Purnama"),
        ("Who heads the BRR?", "Kuntoro"),  # "Ketua BRR": "heads" reads no title
        ("Who is the president director of Pertamina?", "Widya Purnama"),  # "Direktur Utama", one office
        # "Ketua Dewan Perwakilan Rakyat Agung Laksono": "DPR" written out (abbreviations.tsv);
        # "DPRD" (a regional council) is another, its long form the longer
        ("Siapa Ketua DPR?", "Agung Laksono"),
        ("Who is the chairman of the DPR?", "Agung Laksono"),
        # The review's wrong answer from reading a title without the body words a
        # paragraph lacks: Kapolri for Kalimantan's police.
        ("Who is the chief of the Kalimantan police?", ""),
        # helper-152's near misses: a sub-directorate's head, a fraction's deputy chairman
        ("Who is the head of Statistics Indonesia (BPS)?", ""),
        ("Who is the chairman of Golkar?", ""),
        ("Who is the commander of the TNI?", ""),
    ],
)
def test_facqa_titles_abbreviated_or_in_english(facqa_searcher, question, holder):
    found = top(facqa_searcher.ask(question))
    assert holder in found if holder else found == ""


# The review of the rules above (2026-12-06, night; its reproductions).
REVIEWED = {
    "sri.txt": "Title: Inflasi\n\nJakarta - Menteri Keuangan Sri Mulyani Indrawati mengatakan inflasi terkendali.\n",
    "senin.txt": "Title: Pajak\n\nJakarta - Pada Senin Menteri Perdagangan Mari Pangestu mengumumkan kenaikan bea.\n",
    "unsri.txt": "Title: Wisuda\n\nPalembang - Rektor Universitas Sriwijaya Badia Perizade melantik 2.000 wisudawan.\n",
    "ugm.txt": "Title: Dies Natalis\n\nYogyakarta - Rektor Universitas Gadjah Mada Sofian Effendi membuka dies natalis.\n",
    "kpk.txt": "Title: Korupsi\n\nJakarta - Ketua DPR Agung Laksono meminta Komisi Pemberantasan Korupsi (KPK) bertindak.\n",
    "wahid.txt": "Title: Gus Dur\n\nJakarta - Mantan Presiden Indonesia Abdurrahman Wahid, yang menjabat pada 2000, meresmikan pesantren.\n",
    "rumsfeld.txt": "Title: Irak\n\nWashington - Menteri Pertahanan AS Donald Rumsfeld mengunjungi Baghdad.\n",
    "permendag.txt": "Title: Rotan\n\nCirebon - Perajin menolak Peraturan Menteri Kehutanan Nomor 12 tentang ekspor rotan.\n",
}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    return searcher_over(tmp_path_factory.mktemp("reviewed"), REVIEWED)


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Siapa Menteri Keuangan?", "Sri Mulyani"),  # "Sri" begins no Sri Lanka here
        ("Siapa Menteri Perdagangan?", "Mari Pangestu"),  # a capitalised word before is no title
        ("Siapa Rektor Universitas Indonesia?", ""),  # "Indonesia" is of the university's name
        ("Siapa Ketua KPK?", ""),  # the bracket closes no run after "Ketua"
        ("Siapa Menteri Kehutanan?", ""),  # a regulation's name
        ("Siapa Menteri Pertahanan?", ""),  # the United States' ("AS")
        ("Siapa Menteri Pertahanan AS?", "Donald Rumsfeld"),
        ("Siapa presiden Indonesia pada 2000?", "Abdurrahman Wahid"),  # a year asked: a former one may answer
        ("Siapa presiden Indonesia?", ""),  # today's: not a former one
    ],
)
def test_reviewed_titles(reviewed, question, holder):
    found = top(reviewed.ask(question))
    assert holder in found if holder else found == ""


def test_a_title_written_out_is_held_to_its_body(analyzer):
    """"Sekretaris Jenderal" read as the title "Sekjen" (titled_offices.txt): the finance
    ministry's is not answered by the foreign ministry's, which FacQA dev answered with
    once the answering passage was removed."""
    from retrieval.corpus import Document
    from retrieval.library import Library
    from retrieval.search import Searcher

    deplu = Document(
        "deplu", "Selat Malaka", "Kompas", "2005-09-10",
        ("Secara terpisah, Sekjen Departemen Luar Negeri Sudjadnan Parnohadiningrat mengatakan, dari hasil Pertemuan Jakarta, negara pengguna selat akan dilibatkan.",),
    )
    searcher = Searcher(Library.build([deplu], analyzer))
    assert "Sudjadnan" in top(searcher.ask("Siapa Sekretaris Jenderal Departemen Luar Negeri?"))
    assert not searcher.ask("Siapakah Sekretaris Jenderal Departemen Keuangan sekarang?").found


# A long office of a body (more than three concepts): a paragraph lacking a word of it
# writes another body's office. FacQA dev, its answering passages removed, had answered
# "Siapa nama Direktur Utama PT Pupuk Iskandar Muda?" with PT Pupuk Kaltim's, and "Siapa
# Ketua Badan Perwakilan Desa Kahingai?" with the chairman of the BRR.
LONG_TITLES = {
    "kaltim.txt": (
        "Title: Subsidi Pupuk\n\nBandung - Direktur Utama PT Pupuk Kalimantan Timur Omay Wiraatmadja mengatakan, "
        "subsidi pemerintah tak mencukupi.\n"
    ),
    "pim.txt": (
        "Title: Pasokan Gas\n\nLhokseumawe - PT Pupuk Iskandar Muda berhenti beroperasi sejak 8 September.\n\n"
        "Hal itu dikatakan Direktur Utama PT PIM Hidayat Nyakman, Senin (12/9).\n"
    ),
    "brr.txt": (
        "Title: Unicef\n\nBanda Aceh - Nota kesepahaman ditandatangani Ketua Badan Rehabilitasi dan Rekonstruksi "
        "Aceh dan Nias Kuntoro Mangkusubroto.\n"
    ),
    "promosi.txt": (
        "Title: Premanisme\n\nPekanbaru - Menurut Kepala Badan Promosi dan Investasi Riau Tiolina Pangaribuan, "
        "premanisme menghambat investasi.\n"
    ),
    "deplu.txt": (
        "Title: Selat Malaka\n\nJakarta - Secara terpisah, Sekjen Departemen Luar Negeri Sudjadnan Parnohadiningrat "
        "mengatakan, negara pengguna selat akan dilibatkan.\n"
    ),
    "pusri.txt": "Title: Pupuk Langka\n\nPalembang - Pabrik PT Pupuk Sriwidjaja Palembang menambah produksi urea.\n",
    "telkom.txt": "Title: Satelit\n\nJakarta - Direktur Utama PT Telkom Arwin Rasyid mengatakan, satelit sudah di orbit.\n",
    "pln.txt": (
        "Title: Tarif Listrik\n\nBeijing - Direktur Utama PT Perusahaan Listrik Negara (PLN) Eddie Widiono, mewakili "
        "pemerintah, mengatakan tarif naik.\n"
    ),
    "mandiri.txt": (
        "Title: Kredit\n\nJakarta - Direktur Utama PT Bank Mandiri Agus Martowardojo mengatakan, kredit kepada "
        "pemerintah RI naik.\n"
    ),
    "pusri_mantan.txt": (
        "Title: Pupuk Urea\n\nPalembang - Mantan Direktur Utama PT Pupuk Sriwidjaja Palembang Dadang Heru Kodri "
        "meresmikan pabrik.\n"
    ),
    "lingkungan.txt": (
        "Title: Limbah\n\nJakarta - Staf Ahli Menteri Negara Lingkungan Hidup Bidang Ekonomi Sudariyono meninjau "
        "sungai.\n"
    ),
    "manila.txt": "Title: Pasar Ikan\n\nManila - Rakyat Filipina menyambut musim tuna.\n",  # words the rule asks, known
    "dpd.txt": "Title: Sidang\n\nJakarta - Ketua Dewan Perwakilan Daerah Ginandjar Kartasasmita membuka sidang.\n",
    "mandala.txt": "Title: Saham Mandala\n\nJakarta - Direktur Utama Mandala Airlines Asril Tandjung menjual saham.\n",
    "tuna.txt": "Title: Tuna\n\nBenoa - Ketua Asosiasi Tuna Longline Indonesia Soetomo mengeluhkan harga solar.\n",
    "polri.txt": "Title: Pertamina\n\nJakarta - Kepala Divisi Humas Mabes Polri Irjen Arianto Boedihardjo menjelaskan.\n",
    "pdip.txt": (
        "Title: Instruksi Presiden\n\nJakarta - Sekretaris Jenderal Dewan Pimpinan Pusat Partai Demokrasi Indonesia "
        "Perjuangan Pramono Anung menyayangkan terbitnya instruksi itu.\n"
    ),
    "seleksi.txt": (
        "Title: Penghargaan\n\nJakarta - Berdasarkan penilaian tim seleksi yang dipimpin Wakil Kepala LIPI Dr Lukman "
        "Hakim, penghargaan itu diraih dua peneliti.\n"
    ),
}


@pytest.fixture(scope="module")
def long_titles(tmp_path_factory):
    return searcher_over(tmp_path_factory.mktemp("long_titles"), LONG_TITLES)


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Siapa Direktur Utama PT Pupuk Kalimantan Timur?", "Omay Wiraatmadja"),
        ("Siapa Direktur Utama PT Pupuk Sriwidjaja Palembang?", ""),  # PT Pupuk Kaltim's, PT PIM's
        ("Siapa Ketua Badan Perwakilan Desa Kahingai?", ""),  # the BRR's
        ("Siapa Wakil Direktur Utama PT Pupuk Kalimantan Timur?", ""),  # "Wakil" names another office
        # News names an acting holder by the office alone; the archive's own country goes
        # without saying.
        ("Siapa pejabat Kepala Badan Promosi dan Investasi Riau?", "Tiolina Pangaribuan"),
        ("Siapakah nama Sekjen Departemen Luar Negeri Indonesia?", "Sudjadnan"),
        # A word the archive lacks and the speller cannot mend is not asked: no paragraph
        # could hold it.
        ("Siapa Sekjen Departemen Luar Negri?", "Sudjadnan"),
        # "DPP" is "Dewan Pimpinan Pusat" (abbreviations.tsv).
        ("Siapa Sekretaris Jenderal DPP Partai Demokrasi Indonesia Perjuangan?", "Pramono Anung"),
        # An office described, not named ("tim seleksi" is led, "dipimpin"), is not held so.
        ("Siapa ketua tim seleksi penghargaan itu?", "Lukman Hakim"),
    ],
)
def test_a_long_title_is_held_word_by_word(long_titles, question, holder):
    found = top(long_titles.ask(question))
    assert holder in found if holder else found == ""


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # Every passage let through, so that what is tested is the rule, not how sure the
        # model is of so short a corpus. The body's initials, written once it is named,
        # stand for its words: read past PT Pupuk Kaltim's director, who ranks first.
        ("Siapa nama Direktur Utama PT Pupuk Iskandar Muda?", "Hidayat Nyakman"),
        ("Siapa nama Direktur Utama PT Pupuk Sriwidjaja Palembang?", ""),
        # "PT" is an abbreviation already, not the initials of "PT Telkom"; two letters
        # stand for too much ("RI" is no "Rakyat Indonesia" here).
        ("Siapa Wakil Direktur Utama PT Telkom?", ""),
        ("Siapa Direktur Utama PT Bank Rakyat Indonesia?", ""),
        # "Wakil" is written as a word of its own, not as the stem of "Perwakilan".
        ("Siapa Wakil Ketua Dewan Perwakilan Daerah?", ""),
        ("Siapa Ketua Dewan Perwakilan Daerah?", "Ginandjar Kartasasmita"),
        # Acting words written out are not asked, nor is a company's legal form.
        ("Siapa Pelaksana Tugas Kepala Badan Promosi dan Investasi Riau?", "Tiolina Pangaribuan"),
        ("Siapa Direktur Utama PT Mandala Airlines Tbk?", "Asril Tandjung"),
        # The office after "Mantan" or within another's title names no holder of today,
        # as for a short title; a year asked may mean a former one.
        ("Siapa Direktur Utama PT Pupuk Sriwidjaja Palembang?", ""),
        ("Siapa Direktur Utama PT Pupuk Sriwidjaja Palembang pada 2004?", "Dadang Heru Kodri"),
        ("Siapa Menteri Negara Lingkungan Hidup Bidang Ekonomi?", ""),
        # Another country is asked; "Humas" is "Hubungan Masyarakat" (abbreviations.tsv).
        ("Siapa Ketua Asosiasi Tuna Longline Filipina?", ""),
        ("Siapa Kepala Divisi Hubungan Masyarakat Mabes Polri?", "Arianto Boedihardjo"),
    ],
)
def test_a_long_title_by_the_rule_alone(tmp_path, question, holder):
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.paired import AcceptAll
    from retrieval.search import Searcher

    searcher_over(tmp_path, LONG_TITLES)
    searcher = Searcher(Library.from_corpus(load_corpus(tmp_path)), decision=AcceptAll())
    found = top(searcher.ask(question))
    assert holder in found if holder else found == ""


DECREES = {
    "krakatau.txt": (
        "Title: Krakatau\n\nLampung - Padahal, dengan Surat Keputusan (SK) Menteri Kehutanan RI No 85/Kpts.II/1990, "
        "kawasan Anak Gunung Krakatau ditetapkan sebagai cagar alam.\n"
    ),
    "muller.txt": (
        "Title: Pegunungan Muller\n\nJakarta - Sesuai Keputusan Nomor 14/Kep/Menko/Kesra/V/2002, LIPI ditunjuk sebagai "
        "tim bidang penelitian.\n"
    ),
}


@pytest.mark.parametrize("question", ["Siapakah Menteri Kehutanan?", "Siapakah Menko Kesra Indonesia?"])
def test_a_decree_names_no_holder(tmp_path, question):
    """A decree's abbreviated name before an office ("(SK) Menteri Kehutanan",
    "Kep/Menko/Kesra": title_before_office.txt) names no one holding it."""
    assert top(searcher_over(tmp_path, DECREES).ask(question)) == ""
