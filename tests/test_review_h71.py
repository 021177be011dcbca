"""H71: a review of the trust rules of f8802a3..0422216 (names.py, places.asks_who_holds,
relative years, dotted dates, excerpts that take in the next sentence). Each test is a
finding, marked xfail(strict=True): it failed at 0422216 and passes once fixed. Those
without the mark are mended: a name of several words counts when one of them is written
(names.py), titles spelled out and ranks are no names (person_titles.txt), "yang
menjadi" asks who holds the office (office_modifiers.txt), and "dua tahun lalu" counts
years (number_words.txt).

Compared with f8802a3 (git worktree at /tmp/h71/wt, the same questions over the same
corpora). "Regression": f8802a3 answered rightly, HEAD refuses. "Not caught": both
answer wrongly, and one of today's rules was meant to catch it.
"""

from __future__ import annotations

import pytest
from scratch_corpus import searcher_over, top, top_doc

from retrieval.search import Searcher

# Multi-paragraph articles with dates and several people, each person named once in
# full and then by one name.
ARTICLES = {
    "rizal.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-03-11\nTitle: Kadis Perkim Lahat Tinjau Rumah Tidak Layak Huni\n\n"
        "Kepala Dinas Perkim Lahat, Muhammad Rizal, meninjau 40 rumah tidak layak huni di Kecamatan Kikim Timur, Senin 11 Maret 2024.\n\n"
        "Menurut Rizal, bedah rumah tahun ini dibiayai APBD sebesar Rp 2 miliar.\n\n"
        '"Kami prioritaskan warga lansia," kata Rizal. Camat Kikim Timur, Yudi Pratama, mendampingi kunjungan itu.\n'
    ),
    "hatta.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-08-17\nTitle: Upacara HUT RI di Lapangan Mohammad Hatta\n\n"
        "Upacara HUT RI ke-79 di Lahat digelar di Lapangan Mohammad Hatta, Sabtu 17 Agustus 2024.\n\n"
        "Bupati Lahat, Cik Ujang, bertindak sebagai inspektur upacara. Ribuan warga hadir sejak pagi.\n\n"
        "Asrama Haji Lahat juga menggelar upacara bagi pegawainya.\n"
    ),
    "polres.txt": (
        "Outlet: Kabar Lahat\nDate: 2024-04-01\nTitle: Polres Lahat Siagakan 300 Personel Mudik\n\n"
        "Kapolres Lahat, AKBP Budi Santoso, menyiagakan 300 personel untuk pengamanan mudik Lebaran, Senin 1 April 2024.\n\n"
        "Menurut Budi, pos pengamanan didirikan di jalan lintas Sumatera.\n\n"
        '"Kami minta pemudik beristirahat bila lelah," kata H. Budi Santoso.\n'
    ),
    "kombes.txt": (
        "Outlet: Kabar Sumsel\nDate: 2024-04-03\nTitle: Polda Sumsel Siapkan Rekayasa Lalu Lintas\n\n"
        "Kabid Humas Polda Sumsel, Kombes Sunarto, mengatakan rekayasa lalu lintas disiapkan untuk arus mudik, Rabu 3 April 2024.\n\n"
        "Menurut Sunarto, jalur alternatif disiapkan di Prabumulih.\n\n"
        "Haji Umar, warga Prabumulih, menyambut baik rencana itu.\n"
    ),
    "jalan.txt": (
        "Outlet: Kabar Kaur\nDate: 2023-03-14\nTitle: Jalan Nasal Diperbaiki\n\n"
        "Dinas PUPR Kaur memperbaiki jalan rusak di Kecamatan Nasal, Selasa 14 Maret 2023.\n\n"
        "Dua tahun lalu, perbaikan jalan Nasal menelan anggaran Rp 5 miliar, kata Kepala Dinas PUPR Kaur, Hendra Wijaya.\n\n"
        "Tahun ini anggarannya naik menjadi Rp 8 miliar.\n"
    ),
    "lebong.txt": (
        "Outlet: Lebong Hari Ini\nDate: 2024-10-02\nTitle: Plt Bupati Lebong Lantik Pejabat\n\n"
        "Plt Bupati Lebong, Fahrurrozi, melantik 20 pejabat eselon III di Aula Kantor Bupati Lebong, Rabu 2 Oktober 2024.\n\n"
        "Fahrurrozi menjalankan tugas Bupati dan Wakil Bupati Lebong selama Bupati Kopli Ansori cuti kampanye.\n\n"
        '"Saya minta pejabat yang dilantik bekerja dengan baik," kata Fahrurrozi.\n'
    ),
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Searcher:
    return searcher_over(tmp_path_factory.mktemp("h71"), ARTICLES)


# -- 1. names.py: a name the archive writes as a name elsewhere, in another spelling or as a title -----


def test_another_spelling_of_a_first_name_still_finds_the_person(scratch):
    # f8802a3: rizal.txt ¶2 "Menurut Rizal, bedah rumah tahun ini dibiayai APBD sebesar Rp 2 miliar."
    # HEAD: refused. ("Muhamad Rizal", "M. Rizal", "Muhammad Rizal" are answered by both.)
    assert top_doc(scratch.ask("Apa kata Mohammad Rizal tentang bedah rumah?")) == "rizal"


def test_a_title_spelled_out_is_no_name(scratch):
    # The article writes "H. Budi Santoso". f8802a3: polres.txt ¶3 '"Kami minta pemudik
    # beristirahat bila lelah," kata H. Budi Santoso.' HEAD: refused.
    assert "Budi Santoso" in top(scratch.ask("Apa kata Haji Budi Santoso tentang pemudik?"))


# -- 2. asks_who_holds / _names_a_holder ------------------------------------------------------------


def test_penjabat_sementara_is_pjs(searcher):
    # f8802a3: 000 ¶3 "Dalam kesempatan itu, Pjs. Bupati Rejang Lebong, Dr. H. Herwan Antoni, ..."
    # HEAD: refused ("Siapa Pjs Bupati Rejang Lebong?" and "Siapa Pejabat Sementara Bupati
    # Rejang Lebong?" are still answered; Pjs stands for Penjabat Sementara, as 001 writes).
    assert "Herwan Antoni" in top(searcher.ask("Siapa Penjabat Sementara Bupati Rejang Lebong?"))


@pytest.mark.xfail(strict=True, reason="H71: 'Bupati dan Wakil Bupati Lebong' names the office, and Fahrurrozi (the acting regent) passes as its holder")
@pytest.mark.parametrize("question", ["Siapa Wakil Bupati Lebong?", "Who is the Lebong deputy regent?"])
def test_the_acting_regent_standing_in_for_both_is_not_the_deputy(scratch, question):
    # f8802a3 and HEAD: lebong.txt ¶2 "Fahrurrozi menjalankan tugas Bupati dan Wakil Bupati
    # Lebong selama Bupati Kopli Ansori cuti kampanye." No one is named deputy regent: the
    # H70 case ('pasangan calon Bupati dan Wakil Bupati') with a person in the sentence.
    assert scratch.ask(question).answers == ()


def test_who_became_the_regent_is_asking_who_holds(searcher):
    # "Siapa Bupati OKI?", "Siapakah Bupati OKI?", "Siapa nama Bupati OKI?", "Siapa yang
    # menjabat Bupati OKI?" are refused at HEAD. f8802a3 and HEAD, for this one: 003 ¶8
    # "Sekretaris Daerah OKI, Ir Asmar Wijaya MSi menjelaskan, ..." (the regional secretary).
    assert searcher.ask("Siapa yang menjadi Bupati OKI?").answers == ()


# -- 3. relative years --------------------------------------------------------------------------------


def test_two_years_ago_is_not_last_year(scratch):
    # Dated 2023-03-14: "Dua tahun lalu ... Rp 5 miliar" is 2021's. f8802a3: refused.
    # HEAD: jalan.txt ¶2 "Dua tahun lalu, perbaikan jalan Nasal menelan anggaran Rp 5 miliar, ..."
    # as 2022's figure. (Likewise "tiga tahun lalu", "beberapa tahun lalu", "lima tahun mendatang".)
    assert "Rp 5 miliar" not in top(scratch.ask("Berapa anggaran perbaikan jalan Nasal tahun 2022?"))


# -- 4. a name written only in a photo credit --------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Apa kata Kholid tentang netralitas ASN?",  # 001's caption: "... Foto:Kholid/Sumateraekspres--"
        "Apa kata Kur tentang netralitas ASN di OKI?",  # 003's byline: "... netral. (Kur/uni)"
    ],
)
def test_a_photographers_name_does_not_make_the_article_his(searcher, question):
    # f8802a3 and 2af24a0: 001 ¶4 '"Sebagai anggota Korpri, kita harus netral. ..." ujar
    # Prof. Edwar' as what Kholid (the photographer) said; the Sisardi case of 3f7d364
    # through the caption. A credit is no longer what the article writes (articles.py), and
    # a byline is cut from its paragraph (bylines.txt).
    assert searcher.ask(question).answers == ()
