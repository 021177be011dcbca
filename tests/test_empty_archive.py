"""A fresh server's archive (H29): the deployment's corpus directory exists but holds no
article yet. The bot and the chat start on it, say the archive is empty when asked, and
take adds (an admin's upload, ``tanya add`` from a shell) that fill it; ``tanya ask``
says so in one line. A corpus path that does not exist is still refused: a typo must not
start an empty bot."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.presenter import text
from bot.service import SearchService
from retrieval.ingest import add_sources
from bot_process import BotProcess, admin_bot
from test_telegram_e2e import exchange

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "ingest"
ADMIN = 5252
chats = itertools.count(91_001)


@pytest.fixture
def empty_archive(tmp_path) -> Path:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    return corpus


def test_the_service_starts_on_an_empty_archive_and_an_add_fills_it(empty_archive, tmp_path):
    service = SearchService(empty_archive, tmp_path / "index")
    assert service.empty and service.summary().documents == 0
    assert not service.ask("berapa harga biji kopi kering Semendo", 3).found
    outcomes, summary = service.add(lambda archive: list(add_sources([str(DATA / "kopi_latin1.txt")], archive)))
    assert [o.status for o in outcomes] == ["added"] and summary is not None and summary.documents == 1
    assert not service.empty and service.ask("berapa harga biji kopi kering Semendo", 3).found


def test_a_watching_service_on_an_empty_archive_picks_up_articles_another_process_added(empty_archive, tmp_path):
    service = SearchService(empty_archive, tmp_path / "index", watch_interval=5)
    assert service.catch_up() is None  # nothing there: nothing read
    (empty_archive / "rusak.txt").write_bytes(b"")  # an unreadable file: still empty, not read again
    assert service.catch_up() is None and service.empty
    assert service.catch_up() is None
    assert main(["add", "--corpus", str(empty_archive), "--index-dir", str(tmp_path / "index"), str(DATA / "kopi_latin1.txt")]) == 0
    summary = service.catch_up()
    assert summary is not None and summary.documents == 1 and not service.empty


def test_the_chat_on_an_empty_archive_says_so(empty_archive, tmp_path):
    chat = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--corpus", str(empty_archive), "--index-dir", str(tmp_path / "index"), "--lang", "en"],
        input="who is the regent of Lahat\n/sources\n", capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert chat.returncode == 0, chat.stderr
    assert text("en", "archive_empty") in chat.stdout
    # /sources listed a heading over nothing (helper-106).
    assert text("en", "sources_title", documents=0, paragraphs=0) + "\n" + text("en", "archive_empty_inline") in chat.stdout


@pytest.mark.parametrize(("make", "status", "message"), [
    (True, 1, "is empty (no readable articles): add articles with tanya add"),
    (False, 2, "corpus directory not found"),
])
def test_ask_on_an_empty_or_missing_archive_says_which_in_one_line(tmp_path, capsys, make, status, message):
    corpus = tmp_path / "articles"
    if make:
        corpus.mkdir()
    assert main(["ask", "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "siapa bupati Lahat"]) == status
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err and captured.err.count("\n") == 1


def test_the_bot_on_a_missing_archive_says_what_ask_says(tmp_path, stub):
    missing = tmp_path / "typo"
    process = BotProcess(tmp_path / "bot", TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url, TANYA_CORPUS=str(missing))
    assert process.wait() == 2
    assert f"tanya: corpus directory not found: {missing}" in process.log


@pytest.fixture(scope="module")
def bot(stub, tmp_path_factory) -> Iterator[BotProcess]:
    corpus = tmp_path_factory.mktemp("fresh") / "articles"
    corpus.mkdir()
    yield from admin_bot(stub, tmp_path_factory.mktemp("bot"), corpus, ADMIN)


def test_the_bot_starts_on_an_empty_archive_says_so_and_an_admins_upload_fills_it(bot, stub):
    user = next(chats)
    (reply,) = exchange(stub, stub.private_message(user, "berapa harga biji kopi kering Semendo", language_code="en"), user)
    assert reply.params["text"] == text("id", "archive_empty")  # in the question's language
    document = stub.document((DATA / "kopi_latin1.txt").read_bytes(), "kopi.txt", "text/plain")
    _, report = exchange(stub, stub.private_message(ADMIN, language_code="en", document=document), ADMIN, 2)
    assert report.params["text"].startswith("added: kopi-semendo")
    (answer,) = exchange(stub, stub.private_message(user, "berapa harga biji kopi kering Semendo", language_code="en"), user)
    assert "Kopi Semendo Dipamerkan di Palembang" in answer.params["text"]


def test_the_systemd_unit_creates_the_archive_the_env_example_names():
    unit = (ROOT / "deploy" / "tanya.service").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    (corpus,) = [line.split("=", 1)[1] for line in example.splitlines() if line.startswith("TANYA_CORPUS=")]
    (state,) = [line.split("=", 1)[1].split() for line in unit.splitlines() if line.startswith("StateDirectory=")]
    assert corpus.removeprefix("/var/lib/") in state


def test_every_article_removed_at_a_reload_keeps_the_old_index_answering_and_says_how_to_empty_it(tmp_path, caplog):
    """An emptied folder looks the same as a disk not mounted: the articles loaded
    before go on answering, the log says why and that a restart starts empty."""
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "kopi.txt").write_bytes((DATA / "kopi_latin1.txt").read_bytes())
    service = SearchService(corpus, tmp_path / "index", watch_interval=5)
    assert service.ask("berapa harga biji kopi kering Semendo", 3).found
    (corpus / "kopi.txt").unlink()
    with caplog.at_level("WARNING", logger="bot.service"):
        assert service.catch_up() is None
    assert service.ask("berapa harga biji kopi kering Semendo", 3).found
    assert f"every article of {corpus} is gone (an emptied folder, or a disk not mounted?): restart to answer from an empty archive" in caplog.text
    restarted = SearchService(corpus, tmp_path / "index")
    assert restarted.empty and not restarted.ask("berapa harga biji kopi kering Semendo", 3).found
