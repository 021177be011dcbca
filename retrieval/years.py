"""The years a question names, and whether an article is of them.

"Kapan HUT Provinsi Bengkulu tahun 2023?" is not answered by an article of 2024 that
never writes 2023: its date is 2024's anniversary, and citing it answers another
question. An article is of a year when it writes the year (headline and captions
included) or is dated in it; an undated one (FacQA's passages, a page without a date)
may be of any year, and is kept.
"""

from __future__ import annotations

import re

# Four digits from 1900 to 2099 standing alone: not part of a longer number ("12.2023"
# is no year, nor "20231"), nor a sum ("Rp 2000" still reads as one: dated articles
# that say it write it).
YEAR_RE = re.compile(r"(?<![\d.,])(19\d\d|20\d\d)(?![\d]|[.,]\d)")


def years_named(text: str) -> tuple[str, ...]:
    """The years ``text`` names, each once, in order."""
    return tuple(dict.fromkeys(YEAR_RE.findall(text)))


def dated_in(date: str | None, year: str) -> bool:
    """Whether an ISO ``date`` ("2024-09-30") falls in ``year``."""
    return date is not None and date[:4] == year
