"""The time zone an article shows it belongs to, for dating a time its source gives in UTC.

Indonesia keeps three clocks: WIB (UTC+7), WITA (UTC+8), WIT (UTC+9). A page or feed that
writes its times in UTC leaves the day to the reader, and an outlet of Makassar or
Jayapura publishing at 00:30 its own time is, in WIB, still on the day before. The
article itself tells its clock: the zone its text writes its times in ("pukul 10.00
WITA"), or the place its dateline names ("JAYAPURA, KOMPAS -"). Which zones there are and
which places keep which is data (``data/time_zones.tsv``), not code.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta, timezone
from importlib import resources

from retrieval.chunking import DATELINE_RE, DATELINE_WITHIN
from retrieval.language import load_language

ZONES_FILE = "time_zones.tsv"
OFFSET_RE = re.compile(r"([+-])(\d{2}):(\d{2})")
# The parts of a dateline's opening: "MAKASSAR, KOMPAS", "Jayapura (ANTARA)",
# "TRIBUN-TIMUR.COM, MAKASSAR".
DATELINE_PARTS_RE = re.compile(r"[,()]")


@dataclass(frozen=True)
class Zones:
    """The zones (abbreviation -> zone, "wita" -> UTC+8), the places that keep one
    ("makassar" -> "wita"), and a pattern finding a time written with its zone."""

    zones: dict[str, timezone]
    places: dict[str, str]
    time_in_zone: re.Pattern[str]


@functools.cache
def load_zones() -> Zones:
    """time_zones.tsv, read once; ValueError for a row that is neither a zone nor a place
    of one."""
    text = resources.files("retrieval").joinpath("data", ZONES_FILE).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    zones: dict[str, timezone] = {}
    places: dict[str, str] = {}
    for row in rows:
        if len(row) != 2:
            raise ValueError(f"{ZONES_FILE}: {row[0]!r}: a row is a name, a tab and a zone or an offset")
        name, value = " ".join(row[0].lower().split()), row[1].strip()
        if offset := OFFSET_RE.fullmatch(value):
            sign = -1 if offset.group(1) == "-" else 1
            zones[name] = timezone(sign * timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3))), name.upper())
    for row in rows:
        name, value = " ".join(row[0].lower().split()), row[1].strip().lower()
        if OFFSET_RE.fullmatch(row[1].strip()):
            continue
        if value not in zones:
            raise ValueError(f"{ZONES_FILE}: {name!r}: {value!r} is no zone of the file")
        places[name] = value
    # A time, then its zone: "10.00 WITA", "pukul 19:30 Wit", "pukul 8 WIB". The digits
    # before it keep a word that happens to be spelt like a zone out.
    names = "|".join(re.escape(zone) for zone in sorted(zones, key=len, reverse=True))
    time_in_zone = re.compile(rf"(?<![\d.:])\d{{1,2}}(?:[.:]\d{{2}})?\s*({names})\b", re.IGNORECASE)
    return Zones(zones, places, time_in_zone)


def article_zone(paragraphs: Sequence[str]) -> timezone | None:
    """The zone an article shows it belongs to: the one its text writes its times in
    most, else the one of the place its dateline names; None when it shows none.

    The text's zones stand first: they are the writer's own word for the clock the story
    is told in, where a dateline only names where it was filed (a Jakarta outlet's
    reporter in Makassar who writes "pukul 10.00 WIB" keeps Jakarta's clock). A tie
    between zones in the text says nothing, and the dateline decides."""
    return text_zone(paragraphs) or dateline_zone(paragraphs)


def text_zone(paragraphs: Sequence[str]) -> timezone | None:
    """The zone ``paragraphs`` write their times in most ("pukul 10.00 WITA"); None when
    they write none, or two as often."""
    zones = load_zones()
    counts = Counter(match.group(1).lower() for paragraph in paragraphs for match in zones.time_in_zone.finditer(paragraph))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return zones.zones[ranked[0][0]]


def dateline_zone(paragraphs: Sequence[str]) -> timezone | None:
    """The zone of the first place time_zones.tsv lists that a dateline of the opening
    paragraphs names ("MAKASSAR, KOMPAS -", "Jayapura (ANTARA) -", "Sulsel -"; a province
    in any of its forms in provinces.tsv); None when none does."""
    zones = load_zones()
    provinces = load_language().provinces
    for paragraph in paragraphs[:DATELINE_WITHIN]:
        match = DATELINE_RE.match(paragraph)
        if match is None:
            continue
        for part in DATELINE_PARTS_RE.split(match.group("prefix")):
            words = tuple(part.lower().split())
            place = zones.places.get(" ".join(words)) or zones.places.get(" ".join(provinces.get(words, ())))
            if place is not None:
                return zones.zones[place]
    return None
