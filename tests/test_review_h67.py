"""H67's review of the changes 821a1a9..9cf4a02 (topic openers, the speller's name
restriction, the year filter, "gub", courtesies): questions a user might type, and what
they should get. Each failed on the code H67 reviewed."""

from __future__ import annotations

import pytest
from scratch_corpus import searcher_over, top

from retrieval.search import Searcher

ARTICLES = {
    "ajaran.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-07-01\nTitle: Tahun Ajaran Baru Dimulai Serentak di Lahat\n\n"
        "Tahun ajaran 2024/2025 di Kabupaten Lahat dimulai pada Senin, 15 Juli 2024, kata Kepala Dinas Pendidikan Lahat, Yuli Andriani.\n\n"
        "Sebanyak 2.000 siswa baru diterima di SMP negeri se-Kabupaten Lahat tahun ini.\n\n"
        "Biaya seragam sekolah dipatok Rp 2.000 per potong untuk siswa kurang mampu, kata Yuli.\n"
    ),
    "disiplin.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-09-10\nTitle: BKPSDM Lahat Ingatkan Sanksi Disiplin ASN\n\n"
        "Kepala BKPSDM Lahat, Dedi Irawan, mengingatkan ASN yang tidak netral dapat dijatuhi hukuman disiplin berat sesuai PP 94/2021 tentang Disiplin PNS.\n\n"
        "Hukuman disiplin berat itu berupa penurunan jabatan, pembebasan dari jabatan, hingga pemberhentian dengan hormat tidak atas permintaan sendiri.\n"
    ),
    # No Date: header: the loader dates it from its first complete date, the event it recalls.
    "tsunami.txt": (
        "Peringatan Tsunami Aceh Digelar di Masjid Raya\n\n"
        "Ribuan warga memperingati tsunami yang melanda Aceh pada 26 Desember 2004 dengan zikir akbar di Masjid Raya Baiturrahman, Banda Aceh.\n\n"
        "Gubernur Aceh Muzakir Manaf mengatakan peringatan tahun ini dihadiri perwakilan 12 negara sahabat.\n"
    ),
    "kesehatan.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-02-01\nTitle: Warga Lahat Antre Layanan Kesehatan Gratis\n\n"
        "Ratusan warga mengantre layanan kesehatan gratis di Puskesmas Merapi. Pemeriksaan kesehatan meliputi tekanan darah dan gula darah.\n\n"
        "Kepala Dinas Kesehatan Lahat, dr. Rina Marlina, mengatakan layanan kesehatan gratis digelar setiap bulan.\n\n"
        "Menurut Rina, kesadaran warga akan kesehatan terus meningkat, dan petugas kesehatan ditambah tahun ini.\n"
    ),
    "jembatan.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-05-05\nTitle: Gubernur Sumsel Resmikan Jembatan Lematang\n\n"
        "Gubernur Sumsel Herman Deru meresmikan Jembatan Lematang di Kecamatan Merapi Barat, Minggu 5 Mei 2024.\n\n"
        "Jembatan sepanjang 120 meter itu dibangun dengan anggaran Rp 35 miliar dari APBD Provinsi.\n"
    ),
}


@pytest.fixture(scope="module")
def lahat(tmp_path_factory) -> Searcher:
    return searcher_over(tmp_path_factory.mktemp("lahat"), ARTICLES)


# -- 1. the speller's name restriction: a capitalised common word is no longer mended -----


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        # Title Case, or a word capitalised for emphasis: answered at 821a1a9, refused now.
        ("Apa Netralitsa ASN?", "netralitas"),
        ("Siapa Yang Mengimbu Netralitas ASN?", "Herwan Antoni"),
        ("Apa pesan Pj Bupati Apriyadi soal Medos?", "media sosial"),
        ("Kenapa ASN Rejang Lebong Diminta Hati-Hati Pakai Medos?", "media sosial"),
        ("Apa Arahn Pjs Bupati kepada ASN?", "arahan"),
        ("Bagaimana Pelaksanan Deklarasi Netralitas di Muba?", "Muba"),
        # One word in capitals is no longer "typed in capitals", so it is read as a name.
        ("NETRALITSA", "netralitas"),
    ],
)
def test_a_capitalised_common_word_misspelt_is_still_mended(searcher, question, wanted):
    assert wanted in top(searcher.ask(question))


def test_a_misspelt_common_word_inside_a_name_is_still_mended(lahat):
    # "Dinas Kesehatan": the archive writes "kesehatan" in small letters more often than
    # not, so "Kesehatna" may not be read as it. 821a1a9 answered; so does the question
    # in small letters now. (FacQA shows the same: "Kabupaten Seragn", "Taman Nasionla Kutai".)
    assert "Rina Marlina" in top(lahat.ask("Siapa Kepala Dinas Kesehatna Lahat?"))


# -- 2. the year filter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        # The article writes "2024/2025", one term: it "writes" neither year.
        ("Kapan tahun ajaran 2024/2025 dimulai di Lahat?", "15 Juli 2024"),
        ("Kapan tahun ajaran 2024-2025 dimulai di Lahat?", "15 Juli 2024"),
        # A regulation cited as the article cites it: "94/2021" is one term.
        ("Apa sanksi menurut PP 94/2021?", "PP 94/2021"),
        # Numbers and sums are no years: Indonesian writes them "2.000", "Rp 2.000".
        ("Apakah 2000 siswa baru diterima di SMP Lahat?", "2.000 siswa"),
        ("Seragam sekolah Rp2000 per potong untuk siapa?", "Rp 2.000"),
    ],
)
def test_a_number_that_looks_like_a_year_does_not_hide_the_article(lahat, question, wanted):
    assert wanted in top(lahat.ask(question))


# -- 3. topic openers, courtesies, "gub" ------------------------------------------------------


@pytest.mark.parametrize("question", ["berita tentang", "news about", "berita tentang?"])
def test_an_opener_with_nothing_after_it_is_not_answered_from_a_dateline(searcher, question):
    # Kept whole when nothing followed, "berita" found KANTOR-BERITA.COM's dateline; the
    # front ends answer it with the list of articles (small talk of kind "sources").
    assert not searcher.ask(question).answers


@pytest.mark.parametrize(
    "question",
    [
        "saya mau tau siapa pjs bupati rejang lebong",  # "saya mau tahu" works; "mau tau" is listed
        "gue mau tahu siapa pjs bupati rejang lebong",  # "gue" is listed as the asker
        "aku pengen tau siapa pjs bupati rejang lebong",
    ],
)
def test_the_asker_saying_they_want_to_know_is_a_courtesy(searcher, question):
    assert "Herwan Antoni" in top(searcher.ask(question))


def test_a_courtesy_in_capitals_with_a_dotted_capital_i(searcher):
    # "İ".lower() is two code points, so the capitals probe is skipped; "NETRALITAS" works.
    assert searcher.ask("TOLONG JELASKAN NETRALITAS ASN").answers
    assert searcher.ask("TOLONG JELASKAN NETRALİTAS ASN").answers


def test_gub_names_the_place_as_gubernur_does(searcher):
    # "gub" is read as "gubernur" but the place check does not see an office before
    # "bengkulu": Bengkulu Selatan's regent (Sisardi) answers for the governor.
    assert searcher.ask("apa pesan gub bengkulu").answers[0].doc_id == searcher.ask("apa pesan gubernur bengkulu").answers[0].doc_id
