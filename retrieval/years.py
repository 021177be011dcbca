"""The years a question names, and whether an article is of them.

"Kapan HUT Provinsi Bengkulu tahun 2023?" is not answered by an article of 2024 that
never writes 2023: its date is 2024's anniversary, and citing it answers another
question. An article is of a year when it writes the year (headline and captions
included) or is dated in it; an undated one (FacQA's passages, a page without a date)
may be of any year, and is kept.
"""

from __future__ import annotations

import re

# Four digits from 1900 to 2099 standing alone: not part of a longer number ("12.2023",
# "20231"), a code ("PP 94/2021"), a school year or range ("2024/2025", "2024-2025"),
# nor joined to letters ("Rp2000"). "Rp 2000" or "2000 siswa" still read as one: the
# article's "2.000" counts as writing it (:func:`written_forms`).
YEAR_RE = re.compile(r"(?<![\w.,/-])(19\d\d|20\d\d)(?![\w/-]|[.,]\d)")


def years_named(text: str) -> tuple[str, ...]:
    """The years ``text`` names, each once, in order."""
    return tuple(dict.fromkeys(YEAR_RE.findall(text)))


def dated_in(date: str | None, year: str) -> bool:
    """Whether an ISO ``date`` ("2024-09-30") falls in ``year``."""
    return date is not None and date[:4] == year


def written_forms(year: str) -> tuple[str, ...]:
    """How an article may write ``year`` when it is a number, not a year: as itself and
    with a thousands' dot ("2.000 siswa", "Rp 2.000")."""
    return (year, f"{year[0]}.{year[1:]}")
