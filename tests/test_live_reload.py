"""A running chat or bot answers from articles another process added and published
(`tanya add` from a shell or cron) with no /reload; a published index it cannot load
leaves the old one answering. And what a killed `tanya add` leaves is swept."""

from __future__ import annotations

import fcntl
import io
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect.popen_spawn
import pytest

from bot.console import PROMPT, chat
from bot.presenter import choose_language, notice, present_answer
from bot.render import render_terminal
from bot.service import SearchService, start_watching
from bot.settings import Settings, SettingsError
from retrieval.store import published_generation, update_library

ROOT = Path(__file__).resolve().parent.parent
ID_QUESTION = "Siapa Pjs Bupati Bengkulu Selatan?"
NEW_ARTICLE = """Gubernur Lantik Pjs Bupati Seluma

Gubernur Bengkulu melantik Budi Santoso sebagai Pjs Bupati Seluma pada Senin 4 November 2024 di Balai Raya Semarak.

Budi Santoso meminta seluruh ASN Pemkab Seluma menjaga netralitas selama Pilkada 2024.
"""
NEW_QUESTION = "Siapa nama Pjs Bupati Seluma?"
NOT_FOUND = "Maaf, artikel yang saya punya tidak menjawab pertanyaan itu."
# Small enough that any two lines a test types, with a `tanya add` run between, are
# further apart; never waited for.
TINY_INTERVAL = 0.001


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def article(tmp_path) -> Path:
    """The new article, outside the corpus, as an operator's `tanya add FILE` names it."""
    path = tmp_path / "incoming" / "seluma.txt"
    path.parent.mkdir()
    path.write_text(NEW_ARTICLE, encoding="utf-8")
    return path


def environment(index_dir: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TANYA_", "TELEGRAM_", "BOT_")) and k != "NO_COLOR"}
    environ["TANYA_INDEX_DIR"] = str(index_dir)
    return environ


def tanya_add(corpus: Path, index_dir: Path, *sources: Path | str) -> subprocess.CompletedProcess[str]:
    """`tanya add` in a process of its own, as a shell or cron runs it."""
    command = [sys.executable, "-m", "bot", "add", "--corpus", str(corpus), *map(str, sources)]
    done = subprocess.run(command, cwd=ROOT, env=environment(index_dir), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def answers(service: SearchService, question: str) -> list[tuple[str, str]]:
    return [(a.doc_id, a.text) for a in service.ask(question, 3).answers]


def warnings_of(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == name and r.levelno == logging.WARNING]


# -- the console -------------------------------------------------------------------------


def test_the_console_answers_from_an_article_another_process_added(corpus_copy, index_dir, article):
    service = SearchService(corpus_copy, index_dir, watch_interval=TINY_INTERVAL)
    settings = Settings(corpus=corpus_copy, index_dir=index_dir)
    before = service.summary()
    not_found = service.ask(NEW_QUESTION, settings.top_k)
    typed = [NEW_QUESTION, NEW_QUESTION]
    output = io.StringIO()

    def read_line(prompt: str) -> str:
        """The lines typed, echoed as piped input is; a cron's `tanya add` runs before the second."""
        output.write(prompt)
        if not typed:
            raise EOFError
        if len(typed) == 1:
            tanya_add(corpus_copy, index_dir, article)
        line = typed.pop(0)
        output.write(line + "\n")
        return line

    assert chat(service, settings, read_line, output, False) == 0
    after = service.summary()
    assert after.documents == before.documents + 1
    found = service.ask(NEW_QUESTION, settings.top_k)
    welcome = notice("id", "welcome", documents=before.documents, paragraphs=before.paragraphs)
    expected = (
        render_terminal(welcome, False) + "\n\n"
        + f"{PROMPT}{NEW_QUESTION}\n" + render_terminal(present_answer(not_found, "id"), False) + "\n\n"
        + f"{PROMPT}{NEW_QUESTION}\n" + render_terminal(present_answer(found, choose_language(found.language)), False) + "\n\n"
        + f"{PROMPT}\n"
    )
    assert output.getvalue() == expected
    assert "Budi Santoso" in expected and NOT_FOUND in expected


def test_a_running_tanya_chat_answers_what_tanya_add_added(corpus_copy, index_dir, article):
    # The least interval the setting takes (a `tanya add` may take less: see the wait below).
    command = [sys.executable, "-m", "bot", "chat", "--corpus", str(corpus_copy), "--watch-interval", "0.5"]
    chat_process = pexpect.popen_spawn.PopenSpawn(command, env=environment(index_dir), encoding="utf-8", timeout=60, cwd=str(ROOT))
    chat_process.expect_exact(PROMPT)
    chat_process.sendline(NEW_QUESTION)
    chat_process.expect_exact(NOT_FOUND)
    chat_process.expect_exact(PROMPT)
    assert "1 added" in tanya_add(corpus_copy, index_dir, article).stdout
    time.sleep(0.6)  # the watch interval passed since the chat's last look: the next line looks
    chat_process.sendline(NEW_QUESTION)  # no /reload
    chat_process.expect_exact("Budi Santoso")
    chat_process.expect_exact("Gubernur Lantik Pjs Bupati Seluma")
    chat_process.expect_exact(PROMPT)
    chat_process.sendeof()
    chat_process.expect(pexpect.EOF)
    assert chat_process.wait() == 0


# -- the service, as the Telegram bot uses it ---------------------------------------------


def test_catch_up_reloads_what_another_process_published_once(corpus_copy, index_dir, article, caplog):
    service = SearchService(corpus_copy, index_dir, watch_interval=5.0)
    before = service.summary()
    old = answers(service, ID_QUESTION)
    assert service.catch_up() is None  # nothing published since
    tanya_add(corpus_copy, index_dir, article)
    with caplog.at_level(logging.INFO, logger="bot.service"):
        summary = service.catch_up()
    assert summary is not None and summary.documents == before.documents + 1
    assert "Budi Santoso" in service.ask(NEW_QUESTION, 3).answers[0].text
    assert answers(service, ID_QUESTION) == old
    (line,) = [r.getMessage() for r in caplog.records if r.name == "bot.service"]
    assert f"{summary.documents} articles, {summary.paragraphs} paragraphs" in line
    assert service.catch_up() is None  # loaded: nothing more to do


def test_articles_removed_or_replaced_by_hand_are_seen_at_the_next_look(corpus_copy, index_dir, caplog):
    """No process publishes anything when an operator deletes a retracted article or
    saves a correction (an editor's or ``sed -i``'s new file renamed over the old): the
    folder's time says so, and the next look reads the corpus again (H40)."""
    service = SearchService(corpus_copy, index_dir, watch_interval=5.0)
    assert "Sisardi" in service.ask(ID_QUESTION, 3).answers[0].text
    assert service.catch_up() is None
    retracted = next(corpus_copy.glob("004_*.txt"))
    retracted.unlink()
    corrected = next(corpus_copy.glob("000_*.txt"))
    replacement = corrected.with_name(".edit.tmp")
    replacement.write_text(corrected.read_text(encoding="utf-8").replace("Herwan Antoni", "Budi Zorbawan"), encoding="utf-8")
    os.replace(replacement, corrected)
    with caplog.at_level(logging.INFO, logger="bot.service"):
        summary = service.catch_up()
    assert summary is not None and summary.documents == 4
    assert all(not a.doc_id.startswith("004_") for a in service.ask(ID_QUESTION, 3).answers)
    assert "Budi Zorbawan" in service.ask("Siapa Pjs Bupati Rejang Lebong?", 3).answers[0].text
    assert any("re-read the articles changed in" in r.getMessage() for r in caplog.records)
    assert service.catch_up() is None  # read: nothing more to do


def test_a_look_that_finds_nothing_new_keeps_the_searcher_and_its_caches(corpus_copy, index_dir):
    service = SearchService(corpus_copy, index_dir, watch_interval=5.0)
    searcher = service.searcher
    (corpus_copy / ".scratch").write_text("not an article", encoding="utf-8")  # the folder's time moves, no article
    assert service.catch_up() is not None
    assert service.searcher is searcher


def test_catch_up_if_due_looks_at_most_once_an_interval(corpus_copy, index_dir, article):
    now = [100.0]
    service = SearchService(corpus_copy, index_dir, watch_interval=30.0, clock=lambda: now[0])
    documents = service.summary().documents
    tanya_add(corpus_copy, index_dir, article)
    now[0] += 29.0
    assert service.catch_up_if_due() is None and service.summary().documents == documents
    now[0] += 1.0
    assert service.catch_up_if_due() is not None and service.summary().documents == documents + 1


def test_a_damaged_published_index_is_rebuilt_while_the_old_answers(corpus_copy, index_dir, article, caplog):
    service = SearchService(corpus_copy, index_dir, watch_interval=5.0)
    old = answers(service, ID_QUESTION)
    tanya_add(corpus_copy, index_dir, article)
    home = service.last_update.home
    number = published_generation(home)
    (home / f"gen-{number:012d}" / "records.json").write_text("{damaged", encoding="utf-8")
    with caplog.at_level(logging.INFO):
        assert service.catch_up() is not None
    (warning,) = warnings_of(caplog, "retrieval.store")
    assert "damaged" in warning.getMessage() and warning.exc_info is None
    assert answers(service, ID_QUESTION) == old
    assert "Budi Santoso" in service.ask(NEW_QUESTION, 3).answers[0].text


def test_a_failed_reload_keeps_the_old_searcher_and_is_tried_again(corpus_copy, index_dir, article, caplog):
    service = SearchService(corpus_copy, index_dir, watch_interval=5.0)
    old = answers(service, ID_QUESTION)
    tanya_add(corpus_copy, index_dir, article)
    moved = corpus_copy.with_name("moved")
    corpus_copy.rename(moved)  # the corpus gone (an unmounted disk): the reload fails
    with caplog.at_level(logging.DEBUG, logger="bot.service"):
        assert service.catch_up() is None
        assert service.catch_up() is None  # the same failure: not said again
    (warning,) = warnings_of(caplog, "bot.service")
    assert "cannot load the index published" in warning.getMessage() and warning.exc_info is None
    assert answers(service, ID_QUESTION) == old
    assert not service.ask(NEW_QUESTION, 3).found
    moved.rename(corpus_copy)
    assert service.catch_up() is not None  # the next look
    assert "Budi Santoso" in service.ask(NEW_QUESTION, 3).answers[0].text


def test_the_watcher_thread_reloads_while_the_service_answers(corpus_copy, index_dir, article):
    service = SearchService(corpus_copy, index_dir, watch_interval=0.05)
    watcher = start_watching(service)
    assert watcher is not None
    try:
        tanya_add(corpus_copy, index_dir, article)
        deadline = time.monotonic() + 30.0  # a bound, not a measurement
        while not service.ask(NEW_QUESTION, 3).found:
            assert time.monotonic() < deadline, "the watcher did not reload"
            time.sleep(0.05)
    finally:
        watcher.stop()


def test_an_index_rebuilt_after_the_index_dir_was_wiped_is_loaded(corpus_copy, index_dir, article):
    service = SearchService(corpus_copy, index_dir, watch_interval=5.0)
    assert service.published() == 1
    shutil.rmtree(index_dir)  # an operator's rm -rf, a new disk
    shutil.copy(article, corpus_copy)  # an article copied in (rsync, scp)
    update_library(corpus_copy, index_dir)  # another process opens the archive: built anew, generation 1 again
    assert service.published() == 1
    assert service.catch_up() is not None
    assert service.ask(NEW_QUESTION, 3).found


@pytest.mark.parametrize("interval", [0.0, 5.0])
def test_the_bundled_seeds_are_never_watched(seeds_dir, tmp_path, interval):
    service = SearchService(seeds_dir, tmp_path / "index", watch_interval=interval)
    assert service.watch_interval == 0.0 and start_watching(service) is None


def test_no_interval_no_watching(corpus_copy, index_dir):
    assert start_watching(SearchService(corpus_copy, index_dir)) is None


@pytest.mark.parametrize(
    ("environ", "argv", "expected"),
    [({}, [], 5.0), ({"TANYA_WATCH_INTERVAL": "0"}, [], 0.0), ({"TANYA_WATCH_INTERVAL": "30"}, ["--watch-interval", "0.5"], 0.5)],
)
def test_the_watch_interval_setting(environ, argv, expected):
    from bot.cli import build_parser

    args = build_parser().parse_args(["chat", *argv])
    assert Settings.from_sources(args, environ).watch_interval == expected


@pytest.mark.parametrize("value", ["-1", "soon", "nan", "90000", "0.001", "0.49"])
def test_a_bad_watch_interval_names_the_setting(value):
    with pytest.raises(SettingsError, match="--watch-interval / TANYA_WATCH_INTERVAL"):
        Settings.from_sources(None, {"TANYA_WATCH_INTERVAL": value})


# -- the bot, end to end --------------------------------------------------------------------


@pytest.fixture
def bot(telegram_stub, tmp_path, seeds_dir) -> Iterator[tuple[object, Path, Path]]:
    from bot_process import BotProcess

    corpus = tmp_path / "arsip"
    corpus.mkdir()
    for path in sorted(seeds_dir.glob("*.txt"))[:3]:
        shutil.copy(path, corpus)
    workdir = tmp_path / "bot"
    process = BotProcess(
        workdir, TELEGRAM_BOT_TOKEN=telegram_stub.token, TELEGRAM_API_BASE_URL=telegram_stub.base_url, TANYA_CORPUS=str(corpus),
        TANYA_WATCH_INTERVAL="0.5",
    )
    process.wait_until_polling(telegram_stub)
    yield process, corpus, workdir / "index"
    assert process.stop() == 0, process.log[-3000:]


def test_the_telegram_bot_answers_what_tanya_add_added(bot, telegram_stub, article):
    from test_telegram_e2e import exchange

    process, corpus, index_dir = bot
    user = 70_001
    (reply,) = exchange(telegram_stub, telegram_stub.private_message(user, NEW_QUESTION), user)
    assert "Budi Santoso" not in reply.params["text"]
    tanya_add(corpus, index_dir, article)
    # The watcher may look between the add's file landing in the archive and its index
    # being published: then it reads the new file itself ("re-read"), else it loads the
    # add's index. Either way the next question is answered from the new article.
    process.wait_for_log(telegram_stub, r"(loaded the newer index published for|re-read the articles changed in) .*: 4 articles", timeout=30.0)
    (reply,) = exchange(telegram_stub, telegram_stub.private_message(user, NEW_QUESTION), user)
    assert "Budi Santoso" in reply.params["text"]
    assert "Traceback" not in process.log


# -- what a killed add leaves ---------------------------------------------------------------


def test_the_next_add_removes_a_killed_adds_temporary(corpus_copy, index_dir, article):
    leftover = corpus_copy / ".adding-0123456789abcdef.tmp"
    leftover.touch()  # what `kill -9` between the write and the rename leaves
    tanya_add(corpus_copy, index_dir, article)
    assert not leftover.exists()
    assert [p.name for p in corpus_copy.iterdir() if p.name.startswith(".")] == []
    assert any(p.name.startswith("gubernur-lantik-pjs-bupati-seluma-") for p in corpus_copy.iterdir())


def test_a_live_adds_temporary_is_left_alone(corpus_copy, index_dir, article):
    """An add writing its temporary holds the corpus directory's lock shared, as this
    test does: another add's sweep then passes over it, and adds all the same."""
    writing = corpus_copy / ".adding-fedcba9876543210.tmp"
    descriptor = os.open(corpus_copy, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        writing.write_text("half an article", encoding="utf-8")
        assert "1 added" in tanya_add(corpus_copy, index_dir, article).stdout
        assert writing.read_text(encoding="utf-8") == "half an article"
    finally:
        os.close(descriptor)
    another = article.with_name("kaur.txt")
    another.write_text(NEW_ARTICLE.replace("Seluma", "Kaur"), encoding="utf-8")
    tanya_add(corpus_copy, index_dir, another)  # no add writing now: swept
    assert not writing.exists()
