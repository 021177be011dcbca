"""The first article of an empty archive, added by another process while a bot starts
(H36): answered, however close to the start it came.

The add is a real ``tanya add`` in a second process, run at a moment the start reaches
for certain: when it warns about the corpus's one entry it cannot read (a link out of it),
which happens after the corpus was scanned and before the start is done.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.service import SearchService
from retrieval.corpus import SKIPPING

DATA = Path(__file__).parent / "data" / "ingest"
ROOT = Path(__file__).resolve().parent.parent
ADD_SECONDS = 120  # the bound on the second process


class AddOnSkipWarning(logging.Handler):
    """Runs ``tanya add`` (a second process, waited for) the first time a skip warning
    is logged, and counts the skip warnings: each is a read of the corpus."""

    def __init__(self, corpus: Path, index: Path, source: Path) -> None:
        super().__init__(logging.WARNING)
        self.command = [sys.executable, "-m", "bot", "add", "--corpus", str(corpus), "--index-dir", str(index), str(source)]
        self.added: subprocess.CompletedProcess[str] | None = None
        self.armed = True
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg != SKIPPING:
            return
        self.warnings += 1
        if self.armed:
            self.armed = False
            self.added = subprocess.run(self.command, capture_output=True, text=True, timeout=ADD_SECONDS, cwd=ROOT)


@pytest.fixture
def watched(tmp_path):
    """An empty archive holding only a link out of it, and the handler hooked to its warnings."""
    corpus = tmp_path / "articles"
    corpus.mkdir()
    os.symlink(tmp_path / "gone.txt", corpus / "hilang.txt")
    handler = AddOnSkipWarning(corpus, tmp_path / "index", DATA / "kopi_latin1.txt")
    logger = logging.getLogger("retrieval.corpus")
    logger.addHandler(handler)
    yield corpus, tmp_path / "index", handler
    logger.removeHandler(handler)


def test_an_article_added_while_the_service_starts_is_answered_from_the_start(watched):
    """The start listed the corpus before the add and found the add's index published
    when it came to write its own: it lists the corpus again, under the index's lock,
    and answers from the article at once (until H95's mend it started empty, and the
    watcher's first look found the article; a listing so taken had also counted articles
    another process added gone, in an archive that held some)."""
    corpus, index, handler = watched
    service = SearchService(corpus, index, watch_interval=5)
    assert handler.added is not None and handler.added.returncode == 0, handler.added and handler.added.stderr
    assert "1 added" in handler.added.stdout
    assert not service.empty and service.summary().documents == 1
    assert service.ask("berapa harga biji kopi kering Semendo", 3).found
    looked = service.catch_up()  # the folder's time moved after the start took it: read again, nothing new
    assert looked is None or looked.documents == 1


def test_an_empty_archive_that_has_not_changed_is_not_read_again(watched):
    corpus, index, handler = watched
    handler.armed = False  # nothing added: the listing the start took is the one to compare
    service = SearchService(corpus, index, watch_interval=5)
    assert handler.warnings == 1
    for _ in range(3):
        assert service.catch_up() is None and service.empty
    assert handler.warnings == 1, "a look at an unchanged empty archive read it again"
