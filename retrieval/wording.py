"""What an article's body says, as one digest: how the archive tells the same story
saved twice (another file name, another URL, the same paragraphs).

Here rather than in :mod:`retrieval.ingest`, which adds articles, because the index
(:mod:`retrieval.library`, :mod:`retrieval.store`) computes it too, once per document
when a segment is built, so ``tanya add`` finds duplicates without reading the archive.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from retrieval.chunking import caption_count
from retrieval.language import Language

NOT_WORDING_RE = re.compile(r"[\W_]+")
# The ASCII bytes NOT_WORDING_RE takes out of a case-folded ASCII text: everything but
# a-z and 0-9 (for ASCII, \w is [A-Za-z0-9_]). Deleting them with bytes.translate (C, no
# regex) gives the same bytes: a build words every paragraph, mostly ASCII.
NOT_WORDING_ASCII = bytes(b for b in range(128) if not (chr(b).isalnum() and chr(b).isascii()))


def body_wording(passages: Iterable[str], language: Language | None = None) -> str:
    """A digest of what an article's body paragraphs say (letters and digits, case
    folded; captions left out): the same story saved twice has the same one, however
    its paragraphs were split. "" for an article with no body."""
    passages = list(passages)
    body = passages[: len(passages) - caption_count(passages, language)] if passages else []
    digest = hashlib.sha256()
    for passage in body:
        digest.update(_wording(passage))
    return digest.hexdigest() if body else ""


def _wording(passage: str) -> bytes:
    """A passage's letters and digits, case folded, as UTF-8."""
    if passage.isascii():
        return passage.lower().encode("ascii").translate(None, NOT_WORDING_ASCII)
    return NOT_WORDING_RE.sub("", passage.casefold()).encode("utf-8")
