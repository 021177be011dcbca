"""A question without the courtesies around it ("halo, ...", "..., terima kasih").

People greet a chat bot, address it ("min", "kak") and thank it in the same message as
their question. Those words are no part of what they ask: read as concepts, they are
words no passage holds, and the no-answer decision refuses a question the archive does
answer. Only a run of courtesies at the start, or one after the question's last
punctuation, is taken off, so a question about thanks ("Siapa yang mengucapkan terima
kasih kepada ASN?") keeps its words. The phrases are in ``retrieval/data/courtesies.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Between courtesies, or between them and the question: spaces and the punctuation of
# address ("halo, kak! ...", "... ? makasih ya 🙏").
_GAP = r"[\s,.!:;\-–—~]*"
# What may trail the thanks: particles, emoji and punctuation.
_TAIL = r"(?:\s+(?:ya|yah|yaa|ya?|dong|banyak|sekali|bgt|banget|so much|a lot))*[\s.!?~\W]*$"


@lru_cache(maxsize=8)
def _patterns(phrases: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    # At the start, each followed by punctuation or by a word in lower case: "Halo Bandung"
    # is a song, "halo bandung ..." or "halo, Bandung ..." a greeting.
    leading = re.compile(rf"^\s*(?:(?:{alternatives})(?:\s*[,.!:;\-–—~]+\s*|\s+(?=(?-i:[a-z]))|\s*$))+", re.IGNORECASE)
    # At the end only after the question's own punctuation: "..., terima kasih", "...? thanks".
    trailing = re.compile(rf"(?<=[,.!?;:])\s*(?:(?:{alternatives}){_GAP})+{_TAIL}", re.IGNORECASE)
    return leading, trailing


def without_courtesies(text: str, phrases: Iterable[str]) -> str:
    """``text`` without the courtesies at its start and after its last punctuation;
    ``text`` itself when nothing would be left (a message of courtesies only is small
    talk, which the front ends answer before searching)."""
    leading, trailing = _patterns(tuple(phrases))
    stripped = trailing.sub("", leading.sub("", text, count=1), count=1).strip()
    return stripped if any(c.isalnum() for c in stripped) else text
