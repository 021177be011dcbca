"""Questions asking which month ("Pada bulan apa ...?", "In what month ...?"): answered by
a month's name or a date, never by a year alone (helper-s89: "Pada bulan apa Batuan Ethnic
Fusion tampil di Hell Blues Festival?" had been answered with "Dalam tahun 2005 ini")."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

YEAR_ONLY = (
    "Batuan Ethnic Fusion Keliling Dunia\n\n"
    "Dalam tahun 2005 ini saja, Batuan Ethnic Fusion (BEF) mengikuti Hell Blues Festival di Trondheim, Norwegia, "
    "dan tur empat kota di Australia.\n"
)
DATED = (
    "Diare Memuncak\n\n"
    "MAKASSAR - Puncak serangan diare di Makassar adalah bulan Juli, kata Direktur RS Wahidin Sudirohusodo.\n\n"
    "Tahun 2005 jumlah penderita diare terus bertambah.\n"
)


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Pada bulan apa BEF tampil di Trondheim?", "month"),
        ("bulan apakah puncak serangan diare", "month"),
        ("Bulan berapa puncak serangan diare?", "month"),
        ("In what month is the peak of diarrhoea?", "month"),
        ("Berapa bulan Herwan Antoni menjabat?", "duration"),  # how many months: a duration
        ("Sejak bulan apa Rosjonsyah menjabat?", "since"),
        # Months counted name none (helper-218's review): each month's sum, what in two months.
        ("Setiap bulan berapa pengeluaran AS untuk Irak?", "money"),
        ("Per bulan berapa kebutuhan gas untuk dua pabrik?", "number"),
        ("Dalam tiga bulan apa saja yang dilakukan Pjs Bupati?", "thing"),
        ("Tiap bulan apa yang diterima ASN?", "thing"),
    ],
)
def test_which_month_is_its_own_type(analyzer, question, answer_type):
    assert analyzer.analyze_question(question).answer_type == answer_type


def test_a_year_alone_does_not_say_which_month(tmp_path):
    searcher = searcher_over(tmp_path, {"bef.txt": YEAR_ONLY, "diare.txt": DATED})
    assert not searcher.ask("Pada bulan apa Batuan Ethnic Fusion tampil di Hell Blues Festival di Trondheim?").found


@pytest.mark.parametrize("question", ["Pada bulan apa puncak serangan diare di Makassar?", "In what month is the peak of diarrhoea in Makassar?"])
def test_the_month_named_answers(tmp_path, question):
    searcher = searcher_over(tmp_path, {"bef.txt": YEAR_ONLY, "diare.txt": DATED})
    assert first_excerpt_holds(searcher.ask(question), "bulan Juli")
