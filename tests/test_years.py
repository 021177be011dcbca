"""A question naming a year is answered only from an article of that year."""

from __future__ import annotations

from datetime import date

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

from retrieval.analysis import Analyzer
from retrieval.years import as_of_latest, dated_in, periods_from_today, writing, writing_relative, years_named


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Kapan HUT Provinsi Bengkulu tahun 2023?", ("2023",)),
        ("Siapa Pjs Bupati OKU Timur pada Pilkada 2024?", ("2024",)),
        ("Katalog Film Indonesia 1926-1995", ()),  # a range: which year is asked?
        ("antara 1926 dan 1995", ("1926", "1995")),
        ("FFI 2005 dan FFI 2005", ("2005",)),  # each once
        ("Berapa ASN di OKI? 8000", ()),  # no year: 8000
        ("Rp 2.023 atau 2023,5 atau 20231", ()),  # parts of other numbers
        ("tahun ajaran 2024/2025, 2024-2025, PP 94/2021, Rp2000", ()),  # H67: ranges, codes, sums
        ("2024–2025, 2024 - 2025, 2024 – 2025", ()),  # H68: an en dash, spaced dashes
        ("Rp 2000 per potong", ("2000",)),  # an article writing "Rp 2.000" writes it (written_forms)
        ("HUT ke-56 tanggal 18 November", ()),
        ("1899 atau 2100", ()),
        ("pada 2024.", ("2024",)),  # a full stop after it ends the sentence
    ],
)
def test_years_named(text, years):
    assert years_named(text) == years


@pytest.mark.parametrize(
    ("text", "writes"),
    [
        ("sesuai UU 10/2016 tentang Pilkada", True),  # inside a code
        ("tahun ajaran 2015/2016", True),  # inside a range
        ("Biaya seragam Rp 2.000 per potong", True),  # the number 2000, as news writes it
        ("pada 18 November 2016.", True),
        ("APBD TA.2016 dan gempa 12.09.2016", True),  # H69: after a dot, no thousands
        ("nomor 120161 atau 12,2016", False),  # parts of other numbers
        ("tahun 2017", False),
    ],
)
def test_what_writes_a_year(text, writes):
    assert (writing(("2016", "2000")).search(text) is not None) is writes


@pytest.mark.parametrize(
    ("offsets", "text", "writes"),
    [
        ({-1}, "PAD Lahat tahun lalu mencapai Rp 250 miliar", True),
        ({-1}, "PAD Lahat Tahun\nLalu", True),  # any case, any space between
        ({-1}, "setahun lalu", False),  # a duration, not a year
        ({1}, "tahun lalu", False),
        ({1, -1}, "target tahun depan", True),
        ({-1}, "revenue last year", True),
        ({0}, "tahun ini", True),  # the article's own year (its date says it too); in a question, today's
        ({-1}, "Dua tahun lalu, jalan itu", False),  # H71: years counted
        ({-1}, "sejak 3 tahun lalu", False),
        ({1}, "beberapa tahun mendatang", False),
    ],
)
def test_what_writes_a_year_by_its_distance(offsets, text, writes):
    language = Analyzer().language
    pattern = writing_relative(offsets, language.relative_years, language.number_words)
    assert (None if pattern is None else pattern.search(text) is not None) is writes


@pytest.mark.parametrize(
    ("date", "year", "dated"),
    [("2024-09-30", "2024", True), ("2024-09-30", "2023", False), (None, "2024", False)],
)
def test_dated_in(date, year, dated):
    assert dated_in(date, year) is dated


@pytest.mark.parametrize(
    ("question", "found"),
    [
        # H66: the Bengkulu article (2024-09-30) on the 56th anniversary, 18 November 2024,
        # answered another year's anniversary with its own date.
        ("Kapan HUT Provinsi Bengkulu tahun 2023?", False),
        ("kapan HUT provinsi bengkulu ke-56 tahun 2025", False),
        ("When is the anniversary of Bengkulu Province in 2022?", False),
        # The article's own year, written or by its date, is answered.
        ("Kapan HUT Provinsi Bengkulu tahun 2024?", True),
        ("Siapa Plt Gubernur Bengkulu tahun 2024?", True),
        ("Siapa Pj Bupati Muba tahun 2023?", True),  # dated 2023-12-27
        ("Siapa Pjs Bupati OKU Timur pada Pilkada 2024?", True),
    ],
)
def test_a_question_naming_a_year_is_answered_only_from_an_article_of_that_year(searcher, question, found):
    assert bool(searcher.ask(question).answers) is found


@pytest.mark.parametrize(("date_line", "kept"), [("", True), ("Date: 2005-12-01\n", True), ("Date: 2006-01-05\n", False)])
def test_an_undated_article_may_be_of_any_year(tmp_path, date_line, kept):
    article = f"Title: Pameran Lukisan di Padang\n{date_line}\nPameran lukisan naturalistik di Padang diprakarsai H Basril Djabar.\n"
    searcher = searcher_over(tmp_path, {"a.txt": article})
    question = searcher.analyze("Siapa yang memprakarsai pameran lukisan di Padang tahun 2005?")
    assert bool(searcher.candidates(question, 10)) is kept


@pytest.mark.parametrize(
    ("text", "today", "years", "months"),
    [
        ("Siapa Kapolres Muba tahun lalu?", date(2026, 12, 4), ("2025",), ()),
        ("Berapa korban banjir tahun ini?", date(2026, 12, 4), ("2026",), ()),
        ("Who was the police chief last year?", date(2026, 12, 4), ("2025",), ()),
        ("Siapa yang dilantik bulan lalu?", date(2026, 12, 4), (), (("2026", 11),)),
        ("Siapa yang dilantik bulan lalu?", date(2027, 1, 15), (), (("2026", 12),)),  # across the new year
        ("Berapa APBD bulan depan?", date(2026, 12, 4), (), (("2027", 1),)),
        # Years counted: that many years back (number_values.tsv), but none for a count
        # that says no number.
        ("Siapa Kapolres Muba dua tahun lalu?", date(2026, 12, 4), ("2024",), ()),
        ("Siapa Kapolres Muba 3 tahun silam?", date(2026, 12, 4), ("2023",), ()),
        ("Who was the police chief two years ago?", date(2026, 12, 4), ("2024",), ()),
        ("Siapa Kapolres Muba beberapa tahun lalu?", date(2026, 12, 4), (), ()),
        ("Berapa korban banjir tiga bulan yang lalu?", date(2026, 2, 4), (), (("2025", 11),)),
        ("Candi itu dibangun 1.500 tahun lalu", date(2026, 12, 4), (), ()),
        ("Siapa Kapolres Muba pada 2024?", date(2026, 12, 4), (), ()),
    ],
)
def test_periods_named_from_today(analyzer, text, today, years, months):
    language = analyzer.language
    assert periods_from_today(text, language.relative_years, language.relative_months, language.number_words, today, language.number_values) == (years, months)


HOLDERS = {
    "a_2023.txt": "Title: Kapolres Muba Pimpin Apel\nOutlet: Sumsel Pos\nDate: 2023-08-12\n\n"
    "SEKAYU, SUMSELPOS - Kapolres Muba, AKBP Imam Santoso, memimpin apel gelar pasukan di Sekayu.\n",
    "b_2024.txt": "Title: Kapolres Muba Baru Dilantik\nOutlet: Sumsel Pos\nDate: 2024-12-27\n\n"
    "PALEMBANG, SUMSELPOS - Kapolda Sumsel melantik AKBP Dedi Kurniadi sebagai Kapolres Muba menggantikan AKBP Imam Santoso.\n",
    "c_2024_flood.txt": "Title: Banjir Sekayu\nOutlet: Sumsel Pos\nDate: 2024-12-10\n\n"
    "SEKAYU, SUMSELPOS - BPBD Muba mencatat korban banjir di Sekayu mencapai 2.610 jiwa.\n",
}


@pytest.mark.parametrize(
    ("question", "today", "answer"),
    [
        # helper-118: "tahun lalu", "bulan ini" were words to match, and any year answered.
        ("Siapa Kapolres Muba tahun lalu?", date(2025, 1, 10), "Dedi Kurniadi"),
        ("Siapa Kapolres Muba tahun lalu?", date(2024, 6, 1), "Imam Santoso"),
        ("Siapa Kapolres Muba bulan lalu?", date(2025, 1, 10), "Dedi Kurniadi"),
        ("Who was the Muba police chief last year?", date(2024, 6, 1), "Imam Santoso"),
        ("Berapa korban banjir Sekayu bulan lalu?", date(2025, 1, 5), "2.610"),
        ("Siapa Kapolres Muba tahun ini?", date(2024, 12, 30), "Dedi Kurniadi"),
        ("Berapa korban banjir Sekayu tahun ini?", date(2026, 12, 4), None),  # no article of 2026
        ("Siapa Kapolres Muba bulan lalu?", date(2024, 8, 1), None),  # none of July 2024
        ("Siapa Kapolres Muba dua tahun lalu?", date(2025, 3, 1), "Imam Santoso"),
        ("Siapa Kapolres Muba dua tahun lalu?", date(2027, 3, 1), None),  # none of 2025
    ],
)
def test_a_period_named_from_today_is_answered_from_its_articles(tmp_path, question, today, answer):
    assert first_excerpt_holds(searcher_over(tmp_path, HOLDERS, today).ask(question), answer)


@pytest.mark.parametrize(
    ("dates", "day"),
    [
        (["2024-09-26", None, "2024-11-12T08:00:00+07:00", "2023-01-05"], date(2024, 11, 12)),
        ([None, "", "abcd-ef-gh"], None),  # nothing dated: the clock
    ],
)
def test_an_evaluation_asks_as_of_the_archives_last_day(dates, day):
    today = as_of_latest(dates)
    assert (today() if today else None) == day


def test_the_periods_a_question_names_are_read_again_on_another_day(tmp_path):
    """The years and months a question names are read once a question and day (every
    stage asks): asked again on another day, "bulan lalu" is another month, and a
    stage changing what it was given changes nothing for the next."""
    day = [date(2025, 1, 10)]
    searcher = searcher_over(tmp_path, HOLDERS)
    searcher.today = lambda: day[0]
    question = "Siapa Kapolres Muba bulan lalu?"
    assert first_excerpt_holds(searcher.ask(question), "Dedi Kurniadi")
    day[0] = date(2024, 8, 1)  # none of July 2024
    assert first_excerpt_holds(searcher.ask(question), None)
    day[0] = date(2025, 1, 10)
    assert first_excerpt_holds(searcher.ask(question), "Dedi Kurniadi")
    analysed = searcher.analyze(question)
    months = searcher._months(analysed)
    assert set(months) == {12} and searcher._years(analysed) == ("2024",)
    months.clear()
    assert set(searcher._months(analysed)) == {12}
