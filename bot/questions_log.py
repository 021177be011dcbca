"""The questions log: every question the bot was asked, for the editors' report.

One SQLite file (under the user data directory unless TANYA_QUESTIONS_LOG says where):
plain rows, no pickle, readable with any SQLite tool. A question row holds when it was
asked (UTC), the kind of chat (private, group, supergroup, channel), the language it was
answered in, the question, whether it was answered and the article cited first. The
asker's user id only when the operator turned that on (TANYA_LOG_USER_IDS): by default
nothing says who asked. Feedback rows hold a 👍 or 👎 on a question's answer, one per
voter (a keyed hash of their user id, which the log alone cannot turn back into it).
The key is a random secret made on first use and kept beside the log, readable by its
owner only (``<log>.voter-key``): not the bot token, so a new token keeps old votes
counted, and not in the log, so whoever reads the log cannot try every user id.

The bot writes from its event loop and its worker threads; one connection guarded by a
lock keeps that simple, and a write is a short transaction (WAL: readers such as
``tanya report`` never wait for the bot).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.settings import SettingsError
from retrieval.ingest import NO_HARD_LINKS

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,          -- ISO 8601, UTC, to the second
    chat_kind TEXT NOT NULL,         -- private, group, supergroup, channel
    language TEXT NOT NULL,          -- id or en: the language answered in
    question TEXT NOT NULL,
    answered INTEGER NOT NULL,       -- 1 answered, 0 not found
    doc_id TEXT,                     -- the article cited first, when answered
    title TEXT,
    user_id INTEGER                  -- only when TANYA_LOG_USER_IDS is on
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
CREATE TABLE IF NOT EXISTS feedback (
    question_id INTEGER NOT NULL REFERENCES questions (id),
    helpful INTEGER NOT NULL,        -- 1 thumbs up, 0 thumbs down
    given_at TEXT NOT NULL,
    voter TEXT                       -- a keyed hash of the voter's user id: one vote each
);
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL              -- voter_key: a hash of the voters' key (see voter_secret)
);
"""
# The voters' key beside the log: this many random bytes, written as hex on one line.
VOTER_KEY_SUFFIX = ".voter-key"
VOTER_KEY_BYTES = 32
# What the log keeps of the key: a hash that tells it is the one its votes were counted
# with (a log moved or restored without its key would otherwise let everyone vote again).
KEY_CHECK = b"tanya voters' key"
# Logs written before votes had voters gain the column; their old rows keep NULL.
VOTER_INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS feedback_voter ON feedback (question_id, voter)"


class LogError(SettingsError):
    """The questions log cannot be opened or read; the message says which file and why
    (a setting's error: TANYA_QUESTIONS_LOG names a file tanya cannot use)."""


@dataclass(frozen=True)
class LoggedQuestion:
    """One question as the log holds it."""

    asked_at: datetime
    chat_kind: str
    language: str
    question: str
    answered: bool
    doc_id: str | None
    title: str | None
    user_id: int | None = None


@dataclass(frozen=True)
class Feedback:
    """One press of 👍 or 👎 under an answer."""

    question_id: int
    helpful: bool
    voter: str | None = None  # see telegram_messages.voter_key; None: not held to one vote
    # The same voter as versions before the voters' key hashed them (by the bot token):
    # their vote under it becomes theirs under ``voter``, not a second one.
    former_voter: str | None = None


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class QuestionsLog:
    """The log in one SQLite file, created (with its directory) on first use."""

    def __init__(self, path: Path, reading: bool = False) -> None:
        """``reading``: an existing log opened read-only (the report), never created
        or changed, and refused unless it holds the bot's tables."""
        self.path = path
        self._lock = threading.Lock()
        # Votes are written only by a bot, which has the key; the report needs none.
        self.voter_secret = b""
        try:
            if reading:
                # check_same_thread off: the lock, not the thread, keeps the connection safe.
                self._connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False, timeout=10)
                tables = {row[0] for row in self._connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._connection = sqlite3.connect(path, check_same_thread=False, timeout=10)
                self._connection.execute("PRAGMA journal_mode=WAL")
                self._connection.executescript(SCHEMA)
                self._add_voters()
                self.voter_secret = self._voter_secret()
        except (OSError, sqlite3.Error) as error:
            raise LogError(f"cannot open the questions log {path}: {error}") from None
        if reading and not {"questions", "feedback"} <= tables:
            self._connection.close()
            raise LogError(f"{path} is not a questions log of tanya's (it has no questions and feedback tables)")

    def record(self, entry: LoggedQuestion) -> int:
        """Add a question; its id, which a feedback button carries."""
        row = (
            entry.asked_at.astimezone(timezone.utc).isoformat(timespec="seconds"), entry.chat_kind, entry.language,
            entry.question, int(entry.answered), entry.doc_id, entry.title, entry.user_id,
        )
        with self._lock, self._connection:
            cursor = self._connection.execute(
                "INSERT INTO questions (asked_at, chat_kind, language, question, answered, doc_id, title, user_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def _voter_secret(self) -> bytes:
        """The voters' key (:func:`voter_secret`), held to the hash of it the log keeps:
        a log whose votes were counted with another key, or whose key is missing, stops
        the start with one line rather than let every voter vote again."""
        key = voter_key_path(self.path)
        row = self._connection.execute("SELECT value FROM settings WHERE name = 'voter_key'").fetchone()
        if row is not None and not key.exists():
            raise LogError(
                f"the voters' key {key} is missing, and the questions log {self.path} counts its votes with it: "
                "restore it from the backup it was saved with (or move the log aside to start a new one)"
            )
        secret = voter_secret(self.path)
        check = hmac.new(secret, KEY_CHECK, hashlib.sha256).hexdigest()
        if row is None:
            with self._connection:
                self._connection.execute("INSERT OR IGNORE INTO settings (name, value) VALUES ('voter_key', ?)", (check,))
            row = self._connection.execute("SELECT value FROM settings WHERE name = 'voter_key'").fetchone()
        if not hmac.compare_digest(row[0], check):
            raise LogError(
                f"the voters' key {key} is not the one the questions log {self.path} counts its votes with: "
                "restore that one from a backup (or move the log aside to start a new one)"
            )
        return secret

    def _add_voters(self) -> None:
        """The voter column and its index, added to a log from before them. Looked at
        and added in one write transaction: a second bot process opening the same old log
        at the same moment waits, then finds the column there (else its ALTER fails on a
        duplicate column and it cannot start)."""
        with self._connection:
            self._connection.execute("BEGIN IMMEDIATE")
            columns = {row[1] for row in self._connection.execute("PRAGMA table_info(feedback)")}
            if "voter" not in columns:
                self._connection.execute("ALTER TABLE feedback ADD COLUMN voter TEXT")
            self._connection.execute(VOTER_INDEX)

    def record_feedback(self, feedback: Feedback) -> bool:
        """Add a 👍/👎; False when no such question is logged (a forged button). A voter's
        vote on an answer they voted on before replaces it: one vote each, the last one
        counts, and the same vote again changes nothing."""
        with self._lock, self._connection:
            known = self._connection.execute("SELECT 1 FROM questions WHERE id = ?", (feedback.question_id,)).fetchone()
            if not known:
                return False
            if feedback.former_voter and feedback.voter:
                self._adopt(feedback.question_id, feedback.former_voter, feedback.voter)
            self._connection.execute(
                "INSERT INTO feedback (question_id, helpful, given_at, voter) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (question_id, voter) DO UPDATE SET helpful = excluded.helpful, given_at = excluded.given_at"
                " WHERE helpful != excluded.helpful",
                (feedback.question_id, int(feedback.helpful), now().isoformat(timespec="seconds"), feedback.voter),
            )
            return True

    def _adopt(self, question_id: int, former: str, voter: str) -> None:
        """The vote ``former`` gave on the question, now ``voter``'s: moved to that key,
        or, when the voter has voted under it too, dropped (one vote each)."""
        self._connection.execute(
            "UPDATE OR IGNORE feedback SET voter = ? WHERE question_id = ? AND voter = ?", (voter, question_id, former)
        )
        self._connection.execute("DELETE FROM feedback WHERE question_id = ? AND voter = ?", (question_id, former))

    def questions(self, since: datetime | None = None) -> Iterator[LoggedQuestion]:
        """The logged questions, oldest first, from ``since`` (UTC) on."""
        start = (since or datetime.min.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")
        with self._lock:
            rows = self._query(
                "SELECT asked_at, chat_kind, language, question, answered, doc_id, title, user_id"
                " FROM questions WHERE asked_at >= ? ORDER BY id",
                (start if since else "",),
            )
        entries = [_entry(row) for row in rows]
        damaged = entries.count(None)
        if damaged:  # a row edited by hand or another tool: the report goes on without it
            logger.warning("passed over %d damaged rows of the questions log %s", damaged, self.path)
        yield from (entry for entry in entries if entry is not None)

    def feedback_counts(self, since: datetime | None = None) -> tuple[int, int]:
        """(👍, 👎) on answers to questions asked from ``since`` on."""
        start = since.astimezone(timezone.utc).isoformat(timespec="seconds") if since else ""
        with self._lock:
            row = self._query(
                "SELECT COALESCE(SUM(f.helpful), 0), COALESCE(SUM(1 - f.helpful), 0)"
                " FROM feedback f JOIN questions q ON q.id = f.question_id WHERE q.asked_at >= ?",
                (start,),
            )[0]
        try:
            return int(row[0]), int(row[1])
        except (TypeError, ValueError):  # sums of hand-edited text: no counts to trust
            return 0, 0

    def _query(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        """The rows of a read; LogError when the file is damaged past its first pages."""
        try:
            return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise LogError(f"cannot read the questions log {self.path}: {error}") from None

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def _entry(row: tuple[object, ...]) -> LoggedQuestion | None:
    """A row as a LoggedQuestion; None when a value is not of the kind the bot writes."""
    asked_at, kind, language, question, answered, doc_id, title, user_id = row
    texts = (asked_at, kind, language, question)
    if not all(isinstance(value, str) for value in texts) or not isinstance(answered, int):
        return None
    if not all(value is None or isinstance(value, str) for value in (doc_id, title)) or not (user_id is None or isinstance(user_id, int)):
        return None
    try:
        when = datetime.fromisoformat(str(asked_at))
    except ValueError:
        return None
    return LoggedQuestion(when, str(kind), str(language), str(question), bool(answered), doc_id, title, user_id)  # type: ignore[arg-type]


def voter_key_path(log: Path) -> Path:
    """Where the voters' key of the log at ``log`` is kept: beside it."""
    return log.with_name(log.name + VOTER_KEY_SUFFIX)


def voter_secret(log: Path) -> bytes:
    """The key the log's voters are hashed with, made the first time; LogError, in one
    line, when the file is there but cannot be read or is not a key."""
    path = voter_key_path(log)
    try:
        return _read_secret(path)
    except FileNotFoundError:
        _create_secret(path)
    return _read_secret(path)


def _read_secret(path: Path) -> bytes:
    try:
        written = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise LogError(f"cannot read the voters' key {path}: {error.strerror or error}") from None
    try:
        secret = bytes.fromhex(written.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        secret = b""
    if len(secret) != VOTER_KEY_BYTES:
        raise LogError(
            f"the voters' key {path} is damaged (not {VOTER_KEY_BYTES * 2} hex digits); restore it from a backup, "
            "or remove it to make a new one (votes already given could then be given again)"
        )
    return secret


def _create_secret(path: Path) -> None:
    """A new key at ``path``, readable by its owner only, there whole or not at all: written
    under a temporary name and linked into place, which never replaces a key another
    process made meanwhile (two bots starting at once end with one key, which both read)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_hex(VOTER_KEY_BYTES).encode("ascii") + b"\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: its key is the one
        except OSError as error:
            if error.errno not in NO_HARD_LINKS:
                raise
            # No hard links here: created in place, exclusively (a bot starting at the
            # same instant may then read it half written, and stop, saying so).
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as out:
                out.write(temporary.read_bytes())
    except FileExistsError:
        pass  # made in place by another process meanwhile
    except OSError as error:
        raise LogError(f"cannot create the voters' key {path}: {error.strerror or error}") from None
    finally:
        temporary.unlink(missing_ok=True)


def open_log(path: Path | None) -> QuestionsLog | None:
    """The log at ``path``; None when logging is off (no path)."""
    return QuestionsLog(path) if path is not None else None


def read_only(path: Path) -> QuestionsLog:
    """An existing log, for the report: a missing one is an error, not a new empty file,
    and another program's SQLite file is refused, not given the bot's tables."""
    if path.is_dir():
        raise LogError(f"the questions log {path} is a directory: name the log file (TANYA_QUESTIONS_LOG)")
    if not path.is_file():
        raise LogError(f"no questions log at {path}: the Telegram bot writes it as it answers (TANYA_QUESTIONS_LOG)")
    if not os.access(path, os.R_OK):  # SQLite says only "unable to open database file"
        raise LogError(f"cannot read the questions log {path}: permission denied (run as the user the bot runs as)")
    return QuestionsLog(path, reading=True)
