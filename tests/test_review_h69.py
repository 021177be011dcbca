"""H69's review of 6169554 (a place's first word mended only to a name; a year written
inside codes and ranges), compared with 821a1a9. Every case failed at 6169554. Those
under 1 and 3 passed at 821a1a9; those under 2 and 4 failed there too. The cases still
marked xfail(strict=True) are known gaps, left as the closing note says."""

from __future__ import annotations

import shutil

import pytest
from scratch_corpus import searcher_over, top, top_doc

from retrieval.search import Searcher

REJANG_LEBONG = "000_56970b467c1ddc30"
BENGKULU = "002_a5d4a4758ad8401f"
MUBA = "003_16e99507f5c9788d"
BENGKULU_SELATAN = "004_b8076227a415273f"

# Dated articles beside the seeds: places whose first word is a common word ("Empat
# Lawang", "Pasar Manna"), that common word written in small letters elsewhere, and
# years written as "TA.2023", "12.09.2007" or as "tahun lalu".
ARTICLES = {
    "apbd.txt": (
        "Outlet: Kabar Lahat\nDate: 2022-12-20\nTitle: DPRD Lahat Sahkan APBD\n\n"
        "DPRD Lahat mengesahkan APBD TA.2023 sebesar Rp 2,1 triliun dalam rapat paripurna, kata Ketua DPRD Lahat, Fitrizal Homizi.\n\n"
        "Anggaran pendidikan mendapat porsi terbesar, disusul kesehatan dan infrastruktur.\n"
    ),
    "damai.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-10-01\nTitle: KPU Lahat Gelar Deklarasi Pilkada Damai\n\n"
        "KPU Lahat menggelar Deklarasi Pilkada Damai yang diikuti tiga pasangan calon di Lapangan Merdeka, Selasa 1 Oktober 2024, kata Ketua KPU Lahat, Misnan Hartono.\n\n"
        "Misnan meminta semua pasangan calon menjaga Pilkada Damai dan menolak politik uang.\n"
    ),
    "empat.txt": (
        "Outlet: Kabar Lawang\nDate: 2024-09-12\nTitle: Pj Bupati Empat Lawang Resmikan Jembatan Gantung\n\n"
        "Pj Bupati Empat Lawang Fauzan Khoiri Denin meresmikan jembatan gantung di Kecamatan Tebing Tinggi, Kamis 12 September 2024.\n\n"
        "Jembatan itu menghubungkan empat desa dan dibangun selama empat bulan, kata Fauzan.\n"
    ),
    "gempa.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-02-10\nTitle: Warga Lahat Kenang Gempa Bengkulu\n\n"
        "Warga Lahat masih mengingat gempa Bengkulu pada 12.09.2007 yang merusak ratusan rumah di Kecamatan Kikim.\n\n"
        "Sejak itu BPBD Lahat rutin menggelar simulasi gempa di sekolah.\n"
    ),
    "kemenag.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-03-04\nTitle: Kemenag Lahat Gelar Manasik Haji Bagi 300 Calon Jemaah\n\n"
        "Kepala Kantor Kementerian Agama (Kemenag) Lahat, Ahmad Rifai, membuka manasik haji bagi 300 calon jemaah di Masjid Agung Lahat, Senin 4 Maret 2024.\n\n"
        "Menurut Ahmad, calon jemaah diminta menjaga kesehatan. Kantor Kementerian Agama Lahat juga bekerja sama dengan Pengadilan Agama Lahat untuk layanan isbat nikah.\n"
    ),
    "manna.txt": (
        "Outlet: Bengkulu Selatan Hari Ini\nDate: 2024-08-20\nTitle: Camat Pasar Manna Tertibkan Pedagang Kaki Lima\n\n"
        "Camat Pasar Manna, Rudi Hartono, menertibkan pedagang kaki lima yang berjualan di bahu jalan, Selasa 20 Agustus 2024.\n\n"
        "Menurut Rudi, pedagang dipindahkan ke dalam pasar agar jalan tidak macet. Pedagang di pasar tradisional diminta menjaga kebersihan pasar setiap hari.\n\n"
        "Pembeli di pasar juga diimbau parkir di tempat yang disediakan, dan pengelola pasar menambah petugas kebersihan.\n"
    ),
    "pad.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-01-15\nTitle: PAD Lahat Naik Seperempat\n\n"
        "Pendapatan asli daerah Kabupaten Lahat tahun lalu mencapai Rp 250 miliar, naik dari Rp 200 miliar pada tahun sebelumnya, kata Kepala Bapenda Lahat, Hendri Saputra.\n\n"
        "Kenaikan terbesar datang dari pajak restoran dan pajak hiburan.\n"
    ),
    "pasar.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-04-02\nTitle: Pasar Inpres Lahat Ramai Jelang Lebaran\n\n"
        "Pasar Inpres Lahat dipadati pembeli menjelang Lebaran, kata Kepala Dinas Perdagangan Lahat, Sri Wahyuni, Selasa 2 April 2024.\n\n"
        "Harga daging sapi di Pasar Inpres naik menjadi Rp 150 ribu per kilogram. Pedagang Pasar Baru Lahat juga menambah stok beras.\n"
    ),
    "sekolah.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-06-10\nTitle: Empat Sekolah di Lahat Direnovasi\n\n"
        "Dinas Pendidikan Lahat merenovasi empat sekolah dasar tahun ini. Empat sekolah itu rusak berat sejak banjir bulan lalu.\n\n"
        "Setiap sekolah mendapat empat ruang kelas baru dan empat unit toilet, dan renovasi ditargetkan selesai dalam empat bulan, kata Kepala Dinas Pendidikan Lahat.\n\n"
        "Warga berharap empat sekolah lain juga segera diperbaiki agar siswa bisa belajar di pasar dekat sekolah tidak lagi.\n"
    ),
}


@pytest.fixture(scope="module")
def dated(tmp_path_factory, seeds_dir) -> Searcher:
    folder = tmp_path_factory.mktemp("dated_h69")
    for seed in seeds_dir.iterdir():
        if seed.is_file():
            shutil.copy(seed, folder / seed.name)
    return searcher_over(folder, ARTICLES)


# -- 1. a misspelt word right after an office that names no place (headline style) -------------
# name_runs(offices=True) reads the capitalised word after "Bupati"/"Gubernur" as a place's
# first word even when no place follows ("Bupati Pimpn Apel Pagi"), so the slip may only
# be mended to a name: refused. In small letters it is truecased first ("Pjs Bupati Pimpn
# apel pagi": "Pimpn" gets "Pimpin"'s capital from the seeds' headlines), and the same
# rule refuses it. 821a1a9 answered all four (first refused at c14365b).


@pytest.mark.parametrize(
    ("question", "docs"),
    [
        ("Bupati Pimpn Apel Pagi", {BENGKULU_SELATAN}),  # "Bupati Pimpin Apel Pagi" is answered from it
        ("Pjs Bupati Pimpn Apel Pagi", {BENGKULU_SELATAN, REJANG_LEBONG}),  # 821a1a9: RL's "Pagi tadi saya juga memimpin apel"
        pytest.param(
            "pjs bupati pimpn apel pagi", {BENGKULU_SELATAN, REJANG_LEBONG},  # small letters: truecased, then held
            marks=pytest.mark.xfail(strict=True, reason="H69: one word after the office, truecased, is held to names"),
        ),
        pytest.param(
            "Plt Gubernur Pimpn Rakor", {BENGKULU},
            marks=pytest.mark.xfail(strict=True, reason="H69: one word after the office is held to names"),
        ),
    ],
)
def test_a_slip_right_after_an_office_naming_no_place_is_mended(searcher, question, docs):
    assert top_doc(searcher.ask(question)) in docs


# -- 1b. a place whose first word is a common word, misspelt -------------------------------------
# "Empat Lawang", "Pasar Manna": the archive writes "empat", "pasar" in small letters
# most of the time, so a slip in the place's first word ("Empta", "Pasra", "Psar") may
# not be read as it. 821a1a9 answered each; "Siapa Pj Bupati Empta Lawang?" still is
# (another path), its English twin is not. "siapa camat psar manna?" is truecased to
# "siapa Camat Psar manna?" and then held to names like the title-case one.


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("Who is the acting regent of Empta Lawang?", "Fauzan Khoiri Denin"),
        ("Siapa Camat Pasra Manna?", "Rudi Hartono"),
        pytest.param(
            "siapa camat psar manna?", "Rudi Hartono",
            marks=pytest.mark.xfail(strict=True, reason="H69: truecased, 'Psar' stands alone after the office"),
        ),
        pytest.param(
            "Siapa camat psar manna?", "Rudi Hartono",
            marks=pytest.mark.xfail(strict=True, reason="H69: truecased, 'Psar' stands alone after the office"),
        ),
    ],
)
def test_a_misspelt_common_first_word_of_a_known_place_is_mended(dated, question, wanted):
    assert wanted in top(dated.ask(question))


# -- 2. unknown places after an office, one edit from a word the archive capitalises ------------
# written_as_name counts words capitalised mid-sentence, and a headline in title case
# (repeated in the seed's body, as 002 does) capitalises every word: "Pimpin Rakor
# Tegaskan ...", "Apel Pagi", "Ruang Rapat Pagi". So "tegas" and "pagi" pass as names,
# and Tegal, Pati (regencies the seeds lack) are read as them and answered. Same at 821a1a9.


@pytest.mark.parametrize(
    "question",
    [
        "Siapa Bupati Pati?",  # answered: "Rapat ... di Ruang Rapat Pagi itu dipimpin oleh Sekda ..." (RL)
        "Siapa Pjs Bupati Pati?",
        "siapa bupati pati?",  # "pati" (starch), a dictionary word the archive lacks, was mended to "pagi"
        "Who is the regent of Pati?",
        "Siapa Bupati Tegal?",  # answered: "Pj Bupati Apriyadi Mahmud menegaskan ..." (Muba)
        "Siapa Pj Bupati Tegal?",
        "siapa bupati tegal?",
        "Who is the regent of Tegal?",
    ],
)
def test_an_unknown_regency_near_a_headline_word_is_refused(searcher, question):
    assert searcher.ask(question).answers == ()


# English puts the office after the place ("the Siak regent", "Siak's regent"): no name run
# held "Siak", so it was mended freely to "siap" and answered from Muba's "siap satu
# komando" ("Who is the regent of Siak?" was refused). offices_after_place.txt now names
# the offices English writes after their place.


@pytest.mark.parametrize("question", ["Who is the Siak regent?", "Who is Siak's regent?", "Who is the Pati regent?", "Who is the Tegal regent?"])
def test_an_unknown_regency_before_an_english_office_is_refused(searcher, question):
    assert searcher.ask(question).answers == ()


# -- 3. the year filter ---------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["Berapa APBD Lahat 2023?", "Berapa APBD Lahat tahun 2023?"])
def test_a_budget_year_written_after_a_dot_is_written(dated, question):
    # The article (dated 2022-12) writes "APBD TA.2023" (tahun anggaran); years.writing
    # looks for no digit, dot or comma before the year, so "TA.2023" writes no 2023.
    # 821a1a9 answered it.
    assert "TA.2023" in top(dated.ask(question))


def test_last_years_figure_in_an_article_of_the_next_january(dated):
    # Dated 2024-01-15: "PAD ... tahun lalu mencapai Rp 250 miliar" is 2023's. 821a1a9
    # answered; 48be9ca's year filter refused it, as the article never writes 2023.
    # relative_years.tsv: "tahun lalu" writes the year before the article's.
    assert "Rp 250 miliar" in top(dated.ask("Berapa PAD Lahat tahun 2023?"))


@pytest.mark.parametrize("question", ["Berapa PAD Lahat tahun 2022?", "Berapa PAD Lahat tahun 2025?"])
def test_last_year_is_one_year_only(dated, question):
    assert top(dated.ask(question)) == ""


# -- 4. a year written inside a dotted date (failed at 821a1a9 too) -------------------------------


@pytest.mark.parametrize("question", ["Kapan gempa Bengkulu 2007?", "Kapan gempa Bengkulu tahun 2007?"])
def test_a_year_inside_a_dotted_date_is_written(dated, question):
    # "Kapan gempa Bengkulu?" was answered from it, these were not: "12.09.2007" yielded
    # no term "2007" and was no time cue, and a date holding the question's year was
    # read as given by the question. Its day and month are the answer.
    assert "12.09.2007" in top(dated.ask(question))


def test_a_question_giving_the_whole_date_is_not_answered_by_it(dated):
    assert top(dated.ask("Kapan gempa Bengkulu 12.09.2007?")) == ""


# -- 5. spelled right, a headline-style question is refused (both versions) ---------------------
# Not the speller: the verb after the office is read as the place's name ("Pimpin Rakor",
# "Ingatkan Netralitas") and no article is about that place. Seed 002's and 001's headlines.


@pytest.mark.xfail(strict=True, reason="H69: a verb after an office is read as a place")
@pytest.mark.parametrize(
    ("question", "doc"),
    [("Plt Gubernur Pimpin Rakor", BENGKULU), ("Pjs Bupati Ingatkan Netralitas ASN", "001_8b19b7e41f79d3d6")],
)
def test_a_headline_with_an_office_and_no_place_is_answered(searcher, question, doc):
    assert top_doc(searcher.ask(question)) == doc
