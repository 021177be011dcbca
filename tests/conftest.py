"""Shared fixtures: the bundled seeds, a searcher over them, scratch corpora."""

from __future__ import annotations

import datetime
import shutil
import signal
from pathlib import Path

import pytest
from beside import FACQA, ROOT

from bot.service import SearchService
from bot.settings import Settings
from retrieval.analysis import Analyzer
from retrieval.corpus import load_corpus
from retrieval.evaluate import load_facqa
from retrieval.library import Library
from retrieval.search import Searcher

SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


# Settings a developer's shell may hold: a test must see none of them.
SETTING_PREFIXES = ("TANYA_", "TELEGRAM_", "BOT_")


def pytest_configure(config: pytest.Config) -> None:
    """A suite started in the background by a shell (``cmd &``, nohup) inherits SIGINT
    ignored, and so would every ``tanya`` it starts: the Ctrl-C tests would wait on a
    program told to ignore Ctrl-C. Handled here, the children start with the default."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch, tmp_path_factory):
    """Each test starts from no tanya settings, and caches and data (the index cache,
    the chat history) go to a scratch directory, never the developer's own; the
    collector's thresholds, which a tanya command sets (bot.collector), are put back.
    COLUMNS and LINES go too: they outrank a child's own terminal size, and a shell or
    pytest-xdist's workers (80x24) may set them."""
    import gc
    import os

    for name in list(os.environ):
        if name.startswith(SETTING_PREFIXES) or name in ("NO_COLOR", "COLUMNS", "LINES"):
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus(seeds_dir):
    return load_corpus(seeds_dir)


# The seeds' own time: a question naming "tahun ini" or "bulan lalu" is read from this
# day, not from the clock of whoever runs the tests.
SEEDS_TODAY = datetime.date(2024, 11, 30)


@pytest.fixture(scope="session")
def searcher(seed_corpus) -> Searcher:
    return Searcher(Library.from_corpus(seed_corpus), today=lambda: SEEDS_TODAY)


# tests/data/archive_periods: helper-116's and helper-118's articles of 2023-2026, asked
# as of its last day.
ARCHIVE_PERIODS = DATA / "archive_periods"
ARCHIVE_TODAY = datetime.date(2026, 12, 4)


@pytest.fixture(scope="session")
def periods_archive() -> Searcher:
    return Searcher(Library.from_corpus(load_corpus(ARCHIVE_PERIODS)), today=lambda: ARCHIVE_TODAY)


@pytest.fixture(scope="session")
def seeds_and_facqa(seed_corpus) -> Searcher:
    """helper-125's archive: the seeds and every FacQA passage, asked as of its day."""
    documents, _ = load_facqa(FACQA, "all")
    return Searcher(Library.build([*seed_corpus.documents, *documents]), today=lambda: datetime.date(2024, 12, 4))


@pytest.fixture(scope="session")
def facqa_searcher() -> Searcher:
    """Every FacQA passage, one document each; skipped where FacQA is not beside the repository."""
    if not FACQA.exists():
        pytest.skip("FacQA is not beside the repository")
    documents, _ = load_facqa(FACQA, "all")
    return Searcher(Library.build(documents))


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    """A fresh analyzer a module: its caches fill as the module's texts are read."""
    return Analyzer()


# The seeds behind a SearchService and the settings that name them, one index a test
# module: the console and chat tests ask through them (a module may define its own).
@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="module")
def service(seeds_dir, index_dir) -> SearchService:
    return SearchService(seeds_dir, index_dir)


@pytest.fixture
def settings(seeds_dir, index_dir) -> Settings:
    return Settings(corpus=seeds_dir, index_dir=index_dir)


@pytest.fixture
def corpus_copy(tmp_path, seeds_dir) -> Path:
    """A writable copy of the seeds, for tests that add, change or break files."""
    target = tmp_path / "corpus"
    shutil.copytree(seeds_dir, target)
    return target


# --- Telegram front end (tests/telegram_stub.py) ------------------------------------
# The stub reaches the tests only through these fixtures: ``tests`` is no package, and
# its directory is on sys.path only in pytest's default "prepend" import mode, so it is
# loaded from its file, under a name of its own, whatever the mode.


def _load_telegram_stub():
    import importlib.util
    import sys

    name = "tanya_tests_telegram_stub"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("telegram_stub.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # before it runs: its dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def stub_api():
    """The module tests/telegram_stub.py: StubBotAPI, TOKEN, check_html, ..."""
    return _load_telegram_stub()


@pytest.fixture
def telegram_stub(stub_api):
    """A stand-in Bot API server on 127.0.0.1, closed after the test."""
    stub = stub_api.StubBotAPI().start()
    yield stub
    stub.close()


@pytest.fixture(scope="module")
def stub(stub_api):
    """A stand-in Bot API server on 127.0.0.1 that a test module's bot shares."""
    server = stub_api.StubBotAPI().start()
    yield server
    server.close()


# --- end of the Telegram front end's fixtures ----------------------------------------
