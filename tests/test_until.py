"""Questions asking until when ("Sampai kapan ... menjabat?"): answered by a date after
"hingga"/"sampai" or the end of a range, never by another date of the same article
(helper-134: the end of Prof. Edwar's term was answered with his meeting's date)."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

from retrieval.cues import cue_matches

TERM = (
    "Pjs Bupati Lahat Jalani Masa Tugas\n\n"
    "LAHAT - Penjabat Sementara (Pjs) Bupati Lahat, Imam Pasli, memimpin rapat kerja bersama kepala OPD pada Senin, 30 September 2024.\n\n"
    "Dalam rapat itu Imam Pasli meminta seluruh ASN menjaga netralitas selama Pilkada Serentak 2024.\n\n"
)
END = "Imam Pasli menjabat Pjs Bupati Lahat hingga 23 November 2024, sehari sebelum masa tenang Pilkada.\n"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Sampai kapan Imam Pasli menjabat Pjs Bupati Lahat?", "hingga 23 November 2024"),
        ("Hingga tanggal berapa Imam Pasli menjabat sebagai Pjs Bupati Lahat?", "hingga 23 November 2024"),
        ("Until when is Imam Pasli the acting regent of Lahat?", "hingga 23 November 2024"),
    ],
)
def test_until_when_is_answered_by_the_end_date(tmp_path, question, answer):
    searcher = searcher_over(tmp_path, {"lahat.txt": TERM + END})
    assert first_excerpt_holds(searcher.ask(question), answer)


@pytest.mark.parametrize(
    "question",
    [
        "Sampai kapan Imam Pasli menjabat Pjs Bupati Lahat?",
        "Sampai tanggal berapa Imam Pasli menjabat sebagai Pjs Bupati Lahat?",
        "Until when is Imam Pasli the acting regent of Lahat?",
    ],
)
def test_until_when_is_not_answered_by_another_date(tmp_path, question):
    # Without the paragraph on the end of his term, the meeting's date is no answer.
    searcher = searcher_over(tmp_path, {"lahat.txt": TERM})
    assert first_excerpt_holds(searcher.ask(question), None)


SWORN_IN = "Imam Pasli resmi menjabat Pjs Bupati Lahat setelah dilantik di Palembang pada Rabu, 25 September 2024.\n"


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("Sejak kapan Imam Pasli menjabat Pjs Bupati Lahat?", "25 September 2024"),
        ("Sejak tanggal berapa Imam Pasli menjabat Pjs Bupati Lahat?", "25 September 2024"),
        ("Since when has Imam Pasli been the acting regent of Lahat?", "25 September 2024"),
    ],
)
def test_since_when_is_answered_by_the_day_a_state_began(tmp_path, question, start):
    searcher = searcher_over(tmp_path, {"lahat.txt": TERM + SWORN_IN})
    assert first_excerpt_holds(searcher.ask(question), start)


@pytest.mark.parametrize(
    "question",
    [
        "Sejak kapan Imam Pasli menjabat Pjs Bupati Lahat?",
        "Sejak tanggal berapa Imam Pasli menjabat Pjs Bupati Lahat?",
        "Since when has Imam Pasli been the acting regent of Lahat?",
    ],
)
@pytest.mark.parametrize(
    "another",
    [
        "",
        # A copula beside the date says no start (helper-192): "menjadi pembina apel".
        "Imam Pasli menjadi pembina apel pagi di halaman Pemkab Lahat pada Senin, 7 Oktober 2024.\n",
    ],
)
def test_since_when_is_not_answered_by_another_date(tmp_path, question, another):
    # As for "until": the meeting's date says nothing of when he took office (stop 78:
    # "Sejak kapan Edwar menjabat Pjs Bupati OKU Timur?" got his meeting's date).
    searcher = searcher_over(tmp_path, {"lahat.txt": TERM + "\n" + another if another else TERM})
    assert first_excerpt_holds(searcher.ask(question), None)


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Sampai kapan Sisardi menjabat?", "until"),
        ("Sampai tahun berapa Sultan Iskandar Thani memimpin Kerajaan Aceh?", "until"),
        ("until when is he in office?", "until"),
        ("Kapan Sisardi dilantik?", "start"),  # the start of a state is still its own
        ("Sejak kapan Rosjonsyah menjabat Plt Gubernur?", "since"),
        # helper-187: "since what date" was read as "what date", and answered by the
        # meeting's date rather than "sejak 27 September".
        ("Sejak tanggal berapa Rosjonsyah menjabat Plt Gubernur?", "since"),
        ("Sejak tahun berapa Bush menjabat presiden?", "since"),
        ("Since what date has Rosjonsyah been acting governor?", "since"),
        ("Since which year has Bush been president?", "since"),
    ],
)
def test_the_question_words_of_an_end(analyzer, question, answer_type):
    assert analyzer.analyze_question(question).answer_type == answer_type


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("Sultan Ali Mughayat (1514-1530) sebagai sultan pertama", True),
        ("berlangsung di Shanghai, China, 9-15 Oktober 2005.", True),
        ("Bupati periode 2025-2030, Hendri Kusuma", True),
        ("masa jabatan berakhir pada 5 Desember 2024", True),
        ("cuti s.d. 23 November 2024", True),
        ("rapat kerja pada Kamis, 26 September 2024", False),
        ("sampai ada ASN yang dilaporkan tidak netral", False),
        # helper-136: more ways to write an end, and counts and codes that are none.
        ("cuti s/d 31 Desember 2024", True),
        ("masa tugas 1 September - 30 November 2024", True),
        ("berlaku hingga akhir Desember 2024", True),
        ("menjabat hingga 2030", True),
        ("banjir merendam hingga 1600 rumah", False),
        ("banjir merendam hingga 2000 rumah", False),
        ("lulusan SD tahun 2010", False),
        ("mengungsi hingga 2 minggu", False),
        ("laporan 2024-10", False),
    ],
)
def test_what_says_when_a_state_ends(analyzer, text, ends):
    assert bool(cue_matches(text, "until", analyzer)) is ends
