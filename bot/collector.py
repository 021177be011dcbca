"""How often Python's cycle collector runs in a tanya process.

Answering a question allocates thousands of short-lived tuples, sets and lists and makes
almost no reference cycles: reference counting frees nearly all of it (after 1,050
questions at a million paragraphs, a collection found 944 unreachable objects). At
Python's default thresholds (700, 10, 10) the collector still ran some 590 times over
1,000 questions, its full collections walking the Searcher's caches for up to 120 ms
at a time: 0.6 ms a question, and the slowest answers of a run. Run every 50,000 new
objects instead, it ran 6 times (about 0.09 ms a question, no pause past 40 ms), with
the same peak memory. Cycles the Telegram stack makes are still collected.

Garbage in cycles now waits longer, so none may hold much: pypdf's reader, in a cycle
with its objects, held its whole file until the next collection (150 PDFs of 2 MB read
in a row: up to 312 MB live, against 42 MB at the default thresholds), until
retrieval.formats.pdf_article closed its stream (12 and 10 MB). Web pages read through
trafilatura leave no such cycles.
"""

from __future__ import annotations

import gc

# New container objects between two collections of the youngest generation.
YOUNG_OBJECTS = 50_000


def collect_rarely() -> None:
    """Collect cycles every :data:`YOUNG_OBJECTS` new objects (the older generations'
    thresholds as they were). Called once, at the start of every tanya command."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, middle, old)
