"""A question without the HTML pasted with it from a web page or a newsroom's CMS
("<b>Siapa</b> ...", "... <br>", "&nbsp;").

Left in, a tag's name is a word of the question no passage holds, and an answerable
question is refused. Only the tags of HTML's own elements go (``retrieval/data/
html_tags.txt``): a name a user puts in angle brackets ("Siapa Pjs Bupati <Bengkulu
Selatan>?") is a word of the question, and "x<y dan y>z" is no markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

# An entity written whole, with its ";": "R&D", "AT&T" and "&notes" stay as typed.
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@lru_cache(maxsize=4)
def _patterns(tags: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = "|".join(sorted((re.escape(t) for t in tags), key=len, reverse=True))
    # A tag: "<" or "</", an element's name, then attributes up to ">" with no "<" between.
    tag = re.compile(rf"</?(?:{names})(?:\s[^<>]*)?/?>", re.IGNORECASE)
    # A script or style element whole, its content no words of the question (closed only:
    # an unclosed one loses its tag alone, not the rest of the question).
    element = re.compile(r"<(script|style)\b[^<>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
    return tag, element


def without_markup(text: str, tags: Iterable[str]) -> str:
    """``text`` with its entities read ("&amp;": "&", "&lt;b&gt;": "<b>") and then
    without the tags of ``tags`` (HTML's element names), each left as a space."""
    if "&" in text:
        text = _ENTITY_RE.sub(lambda match: html.unescape(match.group()), text)
    if "<" not in text:
        return text
    tag, element = _patterns(frozenset(t.lower() for t in tags))
    return tag.sub(" ", element.sub(" ", text))
