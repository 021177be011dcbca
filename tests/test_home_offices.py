"""An office the archive's own country has (home_offices.txt), asked with no country
named ("Siapa wakil presiden?", "Siapa Menlu?", "Who is the foreign minister?"), is
asked of that country (home_countries.txt): Indonesian news writes its own holders
without it ("Wakil Presiden Jusuf Kalla"). It is answered by a holder written so, not by
another country's ("Menteri Dalam Negeri Irak Bayan Jabor" had answered "Siapa
Mendagri?"), nor by a former holder ("mantan Menlu Indonesia Ali Alatas")."""

from __future__ import annotations

import pytest
from scratch_corpus import searcher_over, top

from retrieval.places import OFFICE, name_runs

CABINET = {
    "sidang.txt": (
        "Title: Sidang Kabinet\n\nJakarta - Sidang itu dihadiri Wakil Presiden Jusuf Kalla dan Menko Perekonomian "
        "Aburizal Bakrie di Istana.\n"
    ),
    "istana.txt": "Title: Tim ke Istana\n\nJakarta - Presiden Susilo Bambang Yudhoyono menerima tim bulu tangkis di Istana.\n",
    "irak.txt": "Title: Tudingan di Baghdad\n\nBaghdad - Tudingan serupa dilontarkan Menteri Dalam Negeri Irak Bayan Jabor.\n",
    "arafat.txt": (
        "Title: Sepupu Arafat Tewas\n\nGaza - Moussa Arafat adalah saudara sepupu almarhum pemimpin dan Presiden Otoritas "
        "Palestina Yasser Arafat.\n"
    ),
    "myanmar.txt": (
        "Title: Than Shwe\n\nYangon - Than Shwe terlihat saat ia menerima mantan Menlu Indonesia Ali Alatas yang kini "
        "jadi utusan khusus PBB.\n"
    ),
    "newyork.txt": (
        "Title: Rombongan ke New York\n\nJakarta - Termasuk dalam rombongan Presiden ke New York adalah Menteri Luar "
        "Negeri Hassan Wirajuda.\n"
    ),
    "bangkok.txt": "Title: Thaksin\n\nBangkok - Perdana Menteri Thaksin Shinawatra bertemu para pemimpin agama.\n",
}


@pytest.fixture(scope="module")
def cabinet(tmp_path_factory):
    return searcher_over(tmp_path_factory.mktemp("cabinet"), CABINET)


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Siapa wakil presiden?", "Jusuf Kalla"),
        ("Who is the vice president?", "Jusuf Kalla"),
        ("Siapa presiden?", "Susilo Bambang Yudhoyono"),  # not the Palestinian Authority's
        ("Who is the president?", "Susilo Bambang Yudhoyono"),
        # Not the former foreign minister named with the country.
        ("Siapa Menlu?", "Hassan Wirajuda"),
        ("Siapa Menteri Luar Negeri?", "Hassan Wirajuda"),
        ("Who is the foreign minister?", "Hassan Wirajuda"),
        # Iraq's interior minister is no interior minister of Indonesia.
        ("Siapa Mendagri?", ""),
        ("Siapa Menteri Dalam Negeri?", ""),
        ("Who is the interior minister?", ""),
    ],
)
def test_a_home_office_asked_of_no_country(cabinet, question, holder):
    found = top(cabinet.ask(question))
    assert holder in found if holder else found == ""


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # Named, the country is asked as before.
        ("Siapa Mendagri Irak?", "Bayan Jabor"),
        # The archive's own, named, need not be written: "Menteri Luar Negeri Hassan
        # Wirajuda" is Indonesia's in Indonesian news.
        ("Siapa menlu RI?", "Hassan Wirajuda"),
        ("Siapa wakil presiden Indonesia?", "Jusuf Kalla"),
        # English names the country first (question_offices_after_place.tsv): before,
        # "Indonesia's foreign minister" named no country, and the former one answered.
        ("Who is Indonesia's foreign minister?", "Hassan Wirajuda"),
        ("Who is the Indonesian foreign minister?", "Hassan Wirajuda"),  # home_countries.txt: "indonesian"
        ("Who is Iraq's interior minister?", "Bayan Jabor"),
    ],
)
def test_a_country_named_is_the_one_asked(cabinet, question, holder):
    assert holder in top(cabinet.ask(question))


def test_an_indonesian_office_after_a_name_is_no_place_in_an_article(analyzer):
    # Only a question's contracted English office follows its country: in an article,
    # "Wakil Menlu AS" holds no office of a place called "Wakil".
    runs = name_runs("Wakil Menlu AS Robert Zoellick tiba di Jakarta.", analyzer, offices=True, countries=True)
    assert all(run.words != ("wakil",) for run in runs)
    asked = name_runs("Who is Indonesia's menlu?", analyzer, offices=True, countries=True, question=True)
    assert any(run.words == ("indonesia",) and run.kind == OFFICE for run in asked)


def test_a_former_holder_is_no_holder_of_today(tmp_path):
    articles = {"myanmar.txt": CABINET["myanmar.txt"]}
    assert top(searcher_over(tmp_path, articles).ask("Siapa Menlu Indonesia?")) == ""


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Siapa wakil presiden?", "Jusuf Kalla"),
        ("Siapa Menteri Luar Negeri?", "Hassan Wirajuda"),
        ("Siapa presiden?", "Susilo Bambang Yudhoyono"),
        # FacQA names only Iraq's interior minister, and Finland's former president.
        ("Siapa Mendagri?", ""),
        ("Siapa Menteri Dalam Negeri?", ""),
        ("Siapa presiden Finlandia?", ""),
        # A minister abbreviated is a country's office (country_offices.txt), not a name
        # asked about: "Siapa Menkeu?" had got "Menkeu Inggris Gordon Brown". Asked
        # written out (places.titles_written_out), it is the title FacQA writes
        # in full: "Menteri Keuangan Jusuf Anwar". Before, "Siapa Mendiknas?" had got a
        # Kepala Dinas and "Siapa Menperin?" Russia's foreign minister.
        ("Siapa Menkeu?", "Jusuf Anwar"),
        ("siapa menkeu", "Jusuf Anwar"),
        ("Siapa Menkeu Inggris?", "Gordon Brown"),
        ("Siapa Mendiknas?", "Bambang Sudibyo"),
        ("Siapa Menperin?", "Andung"),
        ("Siapa Kapolri?", "Sutanto"),  # "Kepala Polri Jenderal (Pol) Sutanto"
        ("Siapa Menhan?", ""),  # FacQA names no Indonesian defence minister
        # Written out only when the rules then read the title asked (helper-157): "Menkeu
        # siapa?" asks who "Menteri Keuangan" is, and "Apa kata Menkeu Inggris tentang
        # bantuan?" written out lost "Menkeu Inggris Gordon Brown" to Tony Blair.
        ("Menkeu siapa?", ""),
        ("Kapolri siapa?", ""),
        ("Siapa Menkeu dan Mendag?", ""),
        ("Apa kata Menkeu Inggris tentang bantuan?", ""),
    ],
)
def test_facqa_home_offices(facqa_searcher, question, holder):
    found = top(facqa_searcher.ask(question))
    assert holder in found if holder else found == ""
