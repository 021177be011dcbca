"""Questions about a period, asked of a growing archive of 2023-2026 (tests/data/
archive_periods: helper-116's and helper-118's articles on offices changing hands,
floods counted day by day, budgets by year), today being 4 December 2026."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.corpus import load_corpus
from retrieval.library import Library
from retrieval.search import Searcher



@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # helper-118: a paragraph of December writing "banjir Oktober lalu" was ranked
        # first, and the October holder's paragraph, dated but not writing the month,
        # was judged as lacking it: refused, or answered from December.
        ("Siapa Kapolres Muba pada Oktober 2024?", "Rian Prakoso"),
        ("Siapa Kapolres Muba pada Maret 2025?", "Dedi Kurniadi"),
        ("Siapa Kapolres Muba pada Agustus 2024?", "Imam Santoso"),
        # A period named from today.
        ("Siapa Kapolres Muba tahun ini?", "Yoga Pratama"),
        ("Siapa Kapolres Muba bulan lalu?", "Yoga Pratama"),
        ("Siapa Kepala SMA Negeri 1 Sekayu tahun lalu?", "Hendri Saputra"),
        ("Who is the Muba police chief this year?", "Yoga Pratama"),
        # The present: not a former holder ("Mantan Kapolres Muba, AKBP Fajar Nugroho").
        ("Siapa Kapolres Muba sekarang?", "Yoga Pratama"),
        ("Siapa Kapolres Muba?", "Yoga Pratama"),
        # "Bupati Bengkulu Selatan periode 2025-2030, Hendri Kusuma": a term's years
        # between the office and its holder (term_of_office_words.txt).
        ("Siapa Bupati Bengkulu Selatan sekarang?", "Hendri Kusuma"),
        ("Who is the South Bengkulu regent?", "Hendri Kusuma"),
        ("How many hotspots were recorded in Muba in August 2025?", "46 titik panas"),
        # helper-119: an article dated in 2026 on the 2027 budget went before the one
        # writing "APBD 2026" (an equal one, promoted for its date).
        ("Berapa APBD Muba 2026?", "3,9"),
        # "-nya" of a question that says whose: no follow-up (helper-119).
        ("Berapa jumlahnya korban banjir?", "jiwa"),
        # An office's successor, not a person's: any succession of it answers.
        ("Siapa pengganti Kepala SMA Negeri 1 Sekayu?", "menggantikan"),
    ],
)
def test_a_period_is_answered_from_its_articles(periods_archive: Searcher, question, answer):
    result = periods_archive.ask(question)
    assert result.answers and answer in result.answers[0].excerpt


@pytest.mark.parametrize(
    "question",
    [
        "Siapa Kapolres Muba tahun 2023?",  # no article of 2023 names one
        "Berapa APBD Muba tahun 2022?",
        "Siapa pengganti Kapolres Muba Yoga Pratama?",  # no one has replaced him yet
    ],
)
def test_a_period_the_archive_does_not_cover_is_not_found(periods_archive: Searcher, question):
    assert not periods_archive.ask(question).answers


ASIDES = {
    "2024-03-01-bupati.txt": "Title: Bupati Muba Resmikan Jembatan\nOutlet: Kabar Muba\nDate: 2024-03-01\n\n"
    "SEKAYU, KABARMUBA - Bupati Musi Banyuasin, Dodi Reza, meresmikan jembatan gantung di Desa Lais, Jumat (1/3/2024).\n",
    "2025-06-10-apel.txt": "Title: Kapolres Muba Pimpin Apel Operasi Patuh\nOutlet: Kabar Muba\nDate: 2025-06-10\n\n"
    "SEKAYU, KABARMUBA - Kapolres Muba, AKBP Fajar Nugroho, memimpin apel gelar pasukan Operasi Patuh Musi 2025 di "
    "Mapolres Musi Banyuasin, Selasa (10/6/2025).\n",
    "2026-10-01-pensiun.txt": "Title: Pemkab Muba Serahkan SK Pensiun ASN\nOutlet: Kabar Muba\nDate: 2026-10-01\n\n"
    "SEKAYU, KABARMUBA - Bupati Musi Banyuasin, H. Rahmat Hidayat, menyerahkan SK pensiun kepada 120 ASN, Kamis (1/10/2026).\n",
    "2026-11-20-kecelakaan.txt": "Title: Dua Pengendara Tewas di Jalan Lintas Sumatera\nOutlet: Kabar Muba\nDate: 2026-11-20\n\n"
    "SEKAYU, KABARMUBA - Kecelakaan lalu lintas terjadi di Jalan Lintas Sumatera, Kecamatan Babat Toman, Kamis (19/11/2026).\n\n"
    "Kapolres Muba, AKBP Yoga Pratama, mengatakan dua pengendara sepeda motor meninggal dunia di lokasi kejadian.\n",
}


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # helper-119: a leaving word anywhere in the paragraph ("SK pensiun kepada 120 ASN",
        # "pengendara ... meninggal dunia") made today's holder one who leaves.
        ("Siapa Kapolres Muba?", "Yoga Pratama"),
        ("Siapa Bupati Musi Banyuasin sekarang?", "Rahmat Hidayat"),
    ],
)
def test_a_holder_is_not_leaving_for_a_word_about_others(tmp_path, question, holder):
    for name, text in ASIDES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = Searcher(Library.from_corpus(load_corpus(tmp_path)), today=lambda: date(2026, 12, 4)).ask(question)
    assert result.answers and holder in result.answers[0].excerpt


RECTORS = {
    "2021-03-15.txt": "Title: Rektor UNS Pantau Vaksinasi Dosen\nOutlet: Solopos\nDate: 2021-03-15\n\n"
    "SOLO, SOLOPOS - Rektor Universitas Sebelas Maret (UNS), Prof. Jamal Wiwoho, memantau vaksinasi Covid-19 bagi "
    "dosen dan tenaga kependidikan, Senin (15/3/2021).\n",
    "2023-11-06.txt": "Title: Prof Hartono Resmi Jabat Rektor UNS\nOutlet: Solopos\nDate: 2023-11-06\n\n"
    "SOLO, SOLOPOS - Prof. Hartono resmi menjabat Rektor Universitas Sebelas Maret (UNS) Surakarta periode 2023-2028 "
    "setelah dilantik Mendikbudristek, Senin (6/11/2023).\n\n"
    "Hartono menggantikan Prof. Jamal Wiwoho yang masa jabatannya berakhir.\n",
}


@pytest.mark.parametrize("question", ["Siapa Rektor Universitas Sebelas Maret sekarang?", "Who is the current rector of Universitas Sebelas Maret?"])
def test_a_month_inside_a_name_names_no_month(tmp_path, question):
    # helper-119: "Sebelas Maret" asked about March, and a March article came first.
    for name, text in RECTORS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = Searcher(Library.from_corpus(load_corpus(tmp_path)), today=lambda: date(2026, 12, 4)).ask(question)
    assert result.answers and "Hartono" in result.answers[0].excerpt


def test_a_succession_is_found_past_the_first_candidates(tmp_path):
    # helper-119: with a hundred paragraphs naming Rian Prakoso, the handover was 46th in
    # BM25, past the thirty the filter read, and the question was refused.
    for i in range(100):
        (tmp_path / f"2024-11-{i:03d}.txt").write_text(
            f"Title: Kapolres Tinjau Pos {i}\nOutlet: Kabar Muba\nDate: 2024-11-{1 + i % 28:02d}\n\n"
            f"SEKAYU, KABARMUBA - AKBP Rian Prakoso meninjau pos pengamanan nomor {i} di Sekayu.\n",
            encoding="utf-8",
        )
    (tmp_path / "2024-12-27.txt").write_text(
        "Title: AKBP Dedi Kurniadi Jabat Kapolres Muba\nOutlet: Sumselpos\nDate: 2024-12-27\n\n"
        "PALEMBANG, SUMSELPOS - Kapolda Sumsel memimpin serah terima jabatan Kapolres Musi Banyuasin dari AKBP Rian "
        "Prakoso kepada AKBP Dedi Kurniadi, Jumat (27/12/2024).\n",
        encoding="utf-8",
    )
    result = Searcher(Library.from_corpus(load_corpus(tmp_path))).ask("Siapa pengganti AKBP Rian Prakoso?")
    assert result.answers and "kepada AKBP Dedi Kurniadi" in result.answers[0].excerpt
