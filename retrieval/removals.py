"""The articles an operator removed from the archive by hand, remembered so that a feed
still listing one does not bring it back.

A newsroom retracts an article by deleting its file. The index forgets it at its next
update, and a feed that still lists it would have the next hourly ``tanya add FEED``
fetch and write it again. So the update that finds an article's file gone (not changed:
a changed file is the same article, corrected) appends its address and wording to
``REMOVED_FILE`` in the corpus folder, where the operator can read it and strike a line
out; feeds skip what it names. An article added again by its own address comes back:
that is the operator asking for it. So does one whose file comes back (a folder renamed
away for a moment, as an unmounted disk looks, or an article moved and corrected in one
edit): the update that reads it appends a line marking its removal ``RETURNED``. The
record is only ever appended to, so two processes writing it at once lose nothing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

logger = logging.getLogger(__name__)

# Hidden, so the corpus listing never takes it for an article; in the corpus folder, so
# it lives as long as the articles do (an index cache may be wiped).
REMOVED_FILE = ".tanya-removed.tsv"
HEADER = (
    "# Articles removed from this archive by hand: feeds do not add them again.\n"
    "# removed at\tdoc_id\taddress\twording digest\theadline[\treturned: back in the archive since]\n"
)
RETURNED = "returned"


@dataclass(frozen=True)
class Removal:
    """One article removed: its doc_id, its address (None: a text without one), the
    digest of its wording (retrieval.wording) and its headline."""

    doc_id: str
    url: str | None
    wording: str
    title: str = ""


@dataclass(frozen=True)
class Removed:
    """What ``REMOVED_FILE`` names: addresses as written, each with the doc_id and the
    headline of the article removed under it, and wording digests."""

    urls: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    wordings: frozenset[str] = frozenset()


def record_removals(corpus_dir: Path, removals: Iterable[Removal]) -> None:
    """Append ``removals`` to the corpus folder's record. A folder tanya cannot write
    (a read-only archive a bot only answers from) keeps no record: logged, not raised,
    since answering matters more than remembering. A removal the record names already
    (its wording and its address) is not written again: an update that records what it
    found gone and then fails (the last article removed) is tried again at every look."""
    known = read_removed(corpus_dir)
    lines = [_line(r) for r in removals if not (_cell(r.wording) in known.wordings and (not r.url or _address(r.url) in known.urls))]
    _append(corpus_dir, lines, "could not record the articles removed from %s (%s): feeds may add them again")


def record_returns(corpus_dir: Path, articles: Iterable[Removal]) -> None:
    """Mark as returned each removal the record names whose address or wording one of
    ``articles`` (just read into the index) has: the article is in the archive again,
    and a feed may bring a later version of it."""
    known = read_removed(corpus_dir)
    if not (known.urls or known.wordings):
        return
    back = [r for r in articles if (r.url and _address(r.url) in known.urls) or (r.wording and _cell(r.wording) in known.wordings)]
    _append(corpus_dir, [_line(r, RETURNED) for r in back], "could not record that articles removed from %s are back (%s): feeds may not add them")


def _line(removal: Removal, *more: str) -> str:
    when = f"{datetime.now(timezone.utc):%Y-%m-%dT%H:%M:%SZ}"
    return "\t".join((when, _cell(removal.doc_id), _address(removal.url or ""), _cell(removal.wording), _cell(removal.title), *more)) + "\n"


def _append(corpus_dir: Path, lines: list[str], failed: str) -> None:
    if not lines:
        return
    path = corpus_dir / REMOVED_FILE
    try:
        # One write of whole lines with O_APPEND: two processes recording at once
        # interleave lines, never parts of lines.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            text = "".join(lines)
            if os.fstat(descriptor).st_size == 0:
                text = HEADER + text
            os.write(descriptor, text.encode("utf-8"))
        finally:
            os.close(descriptor)
    except OSError as error:
        logger.warning(failed, corpus_dir, error)


def read_removed(corpus_dir: Path) -> Removed:
    """What the corpus folder's record names; nothing when there is none or it cannot
    be read (a line that is no record is passed over)."""
    try:
        text = (corpus_dir / REMOVED_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Removed()
    urls: dict[str, tuple[str, str]] = {}
    wordings: set[str] = set()
    worded: dict[str, str] = {}  # address -> the wording removed under it
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) == 6 and cells[5] == RETURNED:  # read in the order written: removed again later, it is
            urls.pop(cells[2], None)
            # Back under its address, perhaps corrected: the wording removed under it is back too.
            wordings.difference_update((cells[3], worded.pop(cells[2], "")))
            continue
        if line.startswith("#") or len(cells) not in (4, 5):  # the headline came later
            continue
        if cells[2]:
            urls[cells[2]] = (cells[1], cells[4] if len(cells) == 5 else "")
            worded[cells[2]] = cells[3]
        if cells[3]:
            wordings.add(cells[3])
    return Removed(urls, frozenset(wordings))


def _cell(value: str) -> str:
    # A tab or line end in a cell would split the record.
    return " ".join(value.split())


def _address(url: str) -> str:
    # An address holds no white space as it is compared (urlsplit drops tabs): none kept.
    return "".join(url.split())
