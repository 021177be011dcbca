"""Questions about a period, asked of a growing archive of 2023-2026 (tests/data/
archive_periods: helper-116's and helper-118's articles on offices changing hands,
floods counted day by day, budgets by year), today being 4 December 2026."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from retrieval.corpus import load_corpus
from retrieval.library import Library
from retrieval.search import Searcher

ARCHIVE = Path(__file__).parent / "data" / "archive_periods"


@pytest.fixture(scope="module")
def archive() -> Searcher:
    return Searcher(Library.from_corpus(load_corpus(ARCHIVE)), today=lambda: date(2026, 12, 4))


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
    ],
)
def test_a_period_is_answered_from_its_articles(archive: Searcher, question, answer):
    result = archive.ask(question)
    assert result.answers and answer in result.answers[0].excerpt


@pytest.mark.parametrize(
    "question",
    [
        "Siapa Kapolres Muba tahun 2023?",  # no article of 2023 names one
        "Berapa APBD Muba tahun 2022?",
        "Siapa pengganti Kapolres Muba Yoga Pratama?",  # no one has replaced him yet
    ],
)
def test_a_period_the_archive_does_not_cover_is_not_found(archive: Searcher, question):
    assert not archive.ask(question).answers
