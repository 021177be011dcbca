"""The questions log's voters' key (H36): made once beside the log, readable by its owner
only, the same for every process that opens the log, and a damaged or unreadable one a
one-line error at start, never a traceback."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest
from bot_process import BotProcess

from bot.questions_log import VOTER_KEY_BYTES, LogError, QuestionsLog, voter_key_path, voter_secret


def test_the_key_is_made_once_for_the_owner_only(tmp_path):
    log = tmp_path / "data" / "questions.sqlite3"
    first = QuestionsLog(log)
    path = voter_key_path(log)
    assert path.parent == log.parent and len(first.voter_secret) == VOTER_KEY_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="ascii") == first.voter_secret.hex() + "\n"
    assert QuestionsLog(log).voter_secret == first.voter_secret, "opened again: the same key"
    assert [p.name for p in log.parent.iterdir() if p.name.startswith(".")] == [], "no temporary left"


def test_processes_opening_a_new_log_at_once_share_one_key(tmp_path):
    log, parties = tmp_path / "questions.sqlite3", 8
    start = threading.Barrier(parties, timeout=30)
    secrets: list[bytes] = []

    def open_key() -> None:
        start.wait()
        secrets.append(voter_secret(log))

    threads = [threading.Thread(target=open_key) for _ in range(parties)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(secrets) == parties and len(set(secrets)) == 1
    assert voter_key_path(log).read_text(encoding="ascii") == secrets[0].hex() + "\n"


DAMAGED = [
    pytest.param(b"", "is damaged", id="empty"),
    pytest.param(b"abc\n", "is damaged", id="short"),
    pytest.param(b"zz" * VOTER_KEY_BYTES + b"\n", "is damaged", id="not-hex"),
    pytest.param(b"\xff\xfe" * VOTER_KEY_BYTES, "is damaged", id="not-text"),
    pytest.param(b"ab" * (VOTER_KEY_BYTES + 1) + b"\n", "is damaged", id="too-long"),
    pytest.param(None, "cannot read the voters' key", id="a-folder"),
]


def damage(log: Path, content: bytes | None) -> Path:
    path = voter_key_path(log)
    if content is None:
        path.mkdir(parents=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(("content", "says"), DAMAGED)
def test_a_damaged_key_is_one_line_naming_it_and_is_left_alone(tmp_path, content, says):
    log = tmp_path / "questions.sqlite3"
    path = damage(log, content)
    with pytest.raises(LogError) as raised:
        QuestionsLog(log)
    message = str(raised.value)
    assert says in message and str(path) in message and "\n" not in message
    if content is not None:
        assert path.read_bytes() == content, "never replaced: votes keyed by it would be given again"


@pytest.mark.parametrize(("content", "says"), [DAMAGED[0], DAMAGED[-1]])
def test_the_bot_does_not_start_on_a_damaged_key(tmp_path, stub, seeds_dir, content, says):
    log = tmp_path / "questions.sqlite3"
    path = damage(log, content)
    process = BotProcess(
        tmp_path / "bot", TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url,
        TANYA_CORPUS=str(seeds_dir), TANYA_QUESTIONS_LOG=str(log),
    )
    assert process.wait() == 2
    lines = process.log.strip().splitlines()
    assert lines[-1].startswith("tanya: ") and says in lines[-1] and str(path) in lines[-1]
    assert "Traceback" not in process.log


def test_a_log_moved_without_its_key_stops_the_start(tmp_path):
    """A log restored or moved without its key would let every voter vote again (H39)."""
    QuestionsLog(tmp_path / "old" / "questions.sqlite3").close()
    moved = tmp_path / "new" / "questions.sqlite3"
    moved.parent.mkdir()
    moved.write_bytes((tmp_path / "old" / "questions.sqlite3").read_bytes())
    with pytest.raises(LogError, match="is missing"):
        QuestionsLog(moved)
    assert not voter_key_path(moved).exists(), "no new key made in its place"
    voter_key_path(moved).write_bytes(voter_key_path(tmp_path / "old" / "questions.sqlite3").read_bytes())
    assert QuestionsLog(moved).voter_secret == QuestionsLog(tmp_path / "old" / "questions.sqlite3").voter_secret


def test_another_key_than_the_logs_stops_the_start(tmp_path):
    log = tmp_path / "questions.sqlite3"
    QuestionsLog(log).close()
    voter_key_path(log).write_text("ab" * VOTER_KEY_BYTES + "\n", encoding="ascii")
    with pytest.raises(LogError, match="is not the one"):
        QuestionsLog(log)


def test_the_key_is_made_where_the_file_system_has_no_hard_links(monkeypatch, tmp_path):
    import errno
    import os

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    log = tmp_path / "questions.sqlite3"
    secret = QuestionsLog(log).voter_secret
    assert len(secret) == VOTER_KEY_BYTES
    assert stat.S_IMODE(voter_key_path(log).stat().st_mode) == 0o600
    assert QuestionsLog(log).voter_secret == secret
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no temporary left"
