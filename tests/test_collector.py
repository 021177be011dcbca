"""Every tanya command collects reference cycles rarely (bot.collector): the answer path
makes almost none, and frequent collections cost a tenth of an answer's time."""

from __future__ import annotations

import gc

import pytest

from bot.cli import main
from bot.collector import YOUNG_OBJECTS


@pytest.fixture
def default_thresholds():
    """Python's own thresholds for the test (conftest's fixture puts back the suite's)."""
    gc.set_threshold(700, 10, 10)


def test_a_command_raises_the_youngest_threshold_and_keeps_the_others(default_thresholds, seeds_dir, tmp_path, capsys):
    assert main(["ask", "--corpus", str(seeds_dir), "--index-dir", str(tmp_path), "Siapa Pjs Bupati Bengkulu Selatan?"]) == 0
    assert "Sisardi" in capsys.readouterr().out
    assert gc.get_threshold() == (YOUNG_OBJECTS, 10, 10)


def test_cycles_are_still_collected(default_thresholds):
    import weakref

    from bot.collector import collect_rarely

    class Node:
        pass

    collect_rarely()
    node = Node()
    node.itself = node  # a cycle: reference counting alone never frees it
    gone = weakref.ref(node)
    del node
    allocated = [[] for _ in range(YOUNG_OBJECTS + 1000)]  # enough new objects for a collection
    assert gone() is None
    del allocated
