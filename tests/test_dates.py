"""Publication dates: the date found first, and whether its weekday is written, are
what the single pattern of earlier versions found (it tried the weekday names at every
character; now they are looked for only before a date)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from retrieval.chunking import _dates
from retrieval.language import Language, load_language


def single_pattern_dates(text: str, language: Language) -> Iterator[tuple[bool, str]]:
    """The dates of ``text`` as the one pattern with an optional weekday in front found them."""
    months = "|".join(sorted(map(re.escape, language.months), key=len, reverse=True))
    weekdays = "|".join(sorted(map(re.escape, language.weekdays), key=len, reverse=True))
    pattern = re.compile(
        rf"(?:\b(?P<weekday>{weekdays})\b[\s,]*(?:\(\s*)?|\(\s*|(?=\d))"
        rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{months})\.?\s+(?P<year>\d{{4}})"
        rf"|(?P<nday>\d{{1,2}})/(?P<nmonth>\d{{1,2}})/(?P<nyear>\d{{2}}|\d{{4}})\b)",
        re.IGNORECASE,
    )
    for m in pattern.finditer(text):
        if m.group("day"):
            day, month, year = int(m.group("day")), language.months[m.group("month").lower()], int(m.group("year"))
        else:
            day, month, year = int(m.group("nday")), int(m.group("nmonth")), int(m.group("nyear"))
            year += 2000 if year < 100 else 0
        if 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100:
            yield bool(m.group("weekday")), f"{year:04d}-{month:02d}-{day:02d}"


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Kamis, 26 September 2024 pukul 10.00", [(True, "2024-09-26")]),
        ("OKU TIMUR – Senin, (30/9/24), rapat digelar", [(True, "2024-09-30")]),
        ("Senin12 Mei 2024", [(False, "2024-05-12")]),  # no word boundary: no weekday
        ("xSenin, 12 Mei 2024", [(False, "2024-05-12")]),
        ("Senin ( , 12 Mei 2024", [(False, "2024-05-12")]),  # a comma after the bracket
        ("JUM'AT,\n\n  (  1/2/2023) dan 5 Mei 1999", [(True, "2023-02-01"), (False, "1999-05-05")]),
        ("12 Mei 2024 Senin, 13/5/24", [(False, "2024-05-12"), (True, "2024-05-13")]),
        ("Senin, 40 Mei 2024; Selasa, 1 Juni 2024", [(True, "2024-06-01")]),
        ("123 Mei 2024", [(False, "2024-05-23")]),
    ],
)
def test_dates_and_their_weekdays(text, dates):
    language = load_language()
    assert list(_dates(text, language)) == dates == list(single_pattern_dates(text, language))


def test_dates_equal_the_single_pattern_on_random_texts(seed_corpus):
    language = load_language()
    pieces = ["Senin", "senin", "SABTU", "Jum'at", "jumat", "Kamis", "x", "xSenin", ",", ", ", "(", "( ", " ",
              "  ", "\n", "\u00a0", "12", "1", "30", "9", "24", "2024", "Mei", "September", ".", "/", "/9/", "a"]
    rng = random.Random(20241130)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(20_000)]
    texts += [p for d in seed_corpus.documents for p in d.paragraphs]
    for text in texts:
        assert list(_dates(text, language)) == list(single_pattern_dates(text, language)), text
