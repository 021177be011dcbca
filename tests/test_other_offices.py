"""A word before an office that makes it another (other_office_words.txt: "wakil",
"deputi", "calon"): asked who holds the office without it, a paragraph writing it only
with that word names no holder; asked with it, that paragraph answers."""

from __future__ import annotations

import pytest
from scratch_corpus import searcher_over, top

ARTICLES = {
    "pasar.txt": "Title: Wakil Bupati Lahat Buka Pasar\n\nWakil Bupati Lahat Haryanto membuka pasar murah di Merapi.\n",
    "seminar.txt": "Title: Seminar Perbankan Syariah\n\nDeputi Gubernur Bank Indonesia (BI) Siti Fadjrijah mengungkapkan hal itu di Singapura.\n",
}


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # The vice regent is no answer to who the regent is, nor the deputy to who the governor is.
        ("Siapa Bupati Lahat?", ""),
        ("Who is the regent of Lahat?", ""),
        ("Siapa Gubernur Bank Indonesia?", ""),
        # Asked with the word, the paragraph answers ("Wakil Bupati" is also "wabup").
        ("Siapa Wakil Bupati Lahat?", "Haryanto"),
        ("Siapa Wabup Lahat?", "Haryanto"),
        ("Siapa Deputi Gubernur Bank Indonesia?", "Siti Fadjrijah"),
    ],
)
def test_an_office_written_only_as_another(tmp_path, question, answer):
    found = top(searcher_over(tmp_path, ARTICLES).ask(question))
    assert answer in found if answer else found == ""


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # helper-147: the word before the office as written, not its stem: "mewakili"
        # stems as "wakil", "mencalonkan" as "calon", and both had refused the regent.
        ("Siapa Bupati Lahat?", "Cik Ujang"),
        ("Siapa Bupati Empat Lawang?", "Joncik Muhammad"),
        # An abbreviation of the other office names it on its own span ("Wabup": wabup,
        # wakil, bupati): no regent, asked who the regent is; the deputy, asked so.
        ("Siapa Bupati Muara Enim?", ""),
        ("Siapa Wabup Muara Enim?", "Haryanto"),
        ("Siapa Wakil Bupati Muara Enim?", "Haryanto"),
    ],
)
def test_a_word_before_the_office_is_read_as_written(tmp_path, question, answer):
    articles = {
        "pasar.txt": "Title: Pasar Murah\n\nSekda Lahat Budi hadir mewakili Bupati Lahat Cik Ujang membuka pasar murah di Merapi.\n",
        "golkar.txt": "Title: Golkar\n\nPartai Golkar mencalonkan Bupati Lahat Cik Ujang dalam pilkada.\n",
        "wabup.txt": "Title: Pasar Baru\n\nWabup Muara Enim Haryanto membuka pasar baru di Lawang Kidul.\n",
        "rapat.txt": "Title: Rapat\n\nWakil Bupati Empat Lawang Sutan hadir mewakili Bupati Empat Lawang Joncik Muhammad.\n",
    }
    found = top(searcher_over(tmp_path, articles).ask(question))
    assert answer in found if answer else found == ""


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # helper-147: "Kota" of "Wali Kota" is the office's second word, not a city's kind
        # word: the question had asked of the city Palembang, and its deputy mayor answered.
        ("Siapa Wali Kota Palembang?", ""),
        ("Siapa Walikota Palembang?", ""),
        ("siapa wali kota palembang", ""),
        ("Siapa Wakil Wali Kota Palembang?", "Fitrianti Agustinda"),
    ],
)
def test_a_mayor_of_two_words(tmp_path, question, answer):
    articles = {"pasar.txt": "Title: Pasar Murah Palembang\n\nWakil Wali Kota Palembang Fitrianti Agustinda membuka pasar murah di Kecamatan Ilir Barat.\n"}
    found = top(searcher_over(tmp_path, articles).ask(question))
    assert answer in found if answer else found == ""


def test_the_office_written_beside_another_still_answers(tmp_path):
    articles = {
        "lahat.txt": "Title: Pasar Murah\n\nBupati Lahat Cik Ujang didampingi Wakil Bupati Lahat Haryanto membuka pasar murah.\n",
    }
    assert "Cik Ujang" in top(searcher_over(tmp_path, articles).ask("Siapa Bupati Lahat?"))


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # "Deputi Gubernur Bank Indonesia (BI) Siti Fadjrijah" had answered.
        ("Siapa Gubernur Bank Indonesia?", "Burhanuddin Abdullah"),
        # "BI" is Bank Indonesia (abbreviations.tsv): "Kepada Gubernur BI, Presiden memberi
        # arahan ..., ujar Yusril" had answered, naming no governor.
        ("Siapa Gubernur BI?", "Burhanuddin Abdullah"),
        ("Siapa Deputi Gubernur BI?", "Siti Fadjrijah"),
    ],
)
def test_facqa_governor_of_the_central_bank(facqa_searcher, question, holder):
    assert holder in top(facqa_searcher.ask(question))


@pytest.mark.parametrize(
    "question",
    [
        # helper-146: "rekomendasi Bupati Sorong dengan Nomor 522.5/1010" names no one
        # ("Nomor" was read as a person's name: not_names.txt).
        "Siapa Bupati Sorong?",
    ],
)
def test_facqa_an_office_named_with_no_holder(facqa_searcher, question):
    assert top(facqa_searcher.ask(question)) == ""
