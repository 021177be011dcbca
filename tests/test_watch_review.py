"""The index watcher after review H30: an index that cannot be written is no other
process's newer one (no reload, no "loaded the newer index" at the first look)."""

from __future__ import annotations

import logging
import shutil

from bot.service import SearchService
from retrieval.cache_layout import LOCK
from retrieval.store import update_library

NEW_ARTICLE = "Gubernur Lantik Pjs Bupati Seluma\n\nGubernur Bengkulu melantik Budi Santoso sebagai Pjs Bupati Seluma pada Senin 4 November 2024.\n"


def test_an_index_the_bot_cannot_write_is_not_reloaded_at_the_first_look(corpus_copy, tmp_path, caplog):
    index_dir = tmp_path / "index"
    _, report = update_library(corpus_copy, index_dir)  # published by an earlier run: generation 1
    assert report.home is not None
    (corpus_copy / "seluma.txt").write_text(NEW_ARTICLE, encoding="utf-8")  # copied in since
    # The index cannot be written now: its lock cannot be opened (a directory in its place
    # stands for a read-only cache, which root, running the tests, would write anyway).
    (report.home / LOCK).unlink(missing_ok=True)
    (report.home / LOCK).mkdir()
    try:
        with caplog.at_level(logging.INFO, logger="bot.service"):
            service = SearchService(corpus_copy, index_dir, watch_interval=5.0)
            assert service.last_update is not None and service.last_update.generation is None  # answered uncached
            assert service.ask("Siapa nama Pjs Bupati Seluma?", 3).found
            assert service.catch_up() is None
        assert not [r for r in caplog.records if "loaded the newer index" in r.getMessage()]
    finally:
        shutil.rmtree(report.home / LOCK)
