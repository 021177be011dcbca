"""Shared fixtures: the bundled seeds, a searcher over them, scratch corpora."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retrieval.corpus import load_corpus
from retrieval.library import Library
from retrieval.search import Searcher

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus(seeds_dir):
    return load_corpus(seeds_dir)


@pytest.fixture(scope="session")
def searcher(seed_corpus) -> Searcher:
    return Searcher(Library.from_corpus(seed_corpus))


@pytest.fixture
def corpus_copy(tmp_path, seeds_dir) -> Path:
    """A writable copy of the seeds, for tests that add, change or break files."""
    target = tmp_path / "corpus"
    shutil.copytree(seeds_dir, target)
    return target


# --- Telegram front end (tests/telegram_stub.py) ------------------------------------


@pytest.fixture
def telegram_stub():
    """A stand-in Bot API server on 127.0.0.1, closed after the test."""
    from telegram_stub import StubBotAPI

    stub = StubBotAPI().start()
    yield stub
    stub.close()


# --- end of the Telegram front end's fixtures ----------------------------------------
