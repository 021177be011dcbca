"""Logging, set up once a run by ``configure_logging``, which each entry point calls:
``bot.cli.main`` for a command (ask, add, chat, eval, report), ``bot.telegram_app.run_bot``
for the bot, once it has read the token the bot's records must not show.

A command writes warnings and errors only, as a command-line tool says them
("tanya: ..."); the bot writes every record at its log level with time, level and
logger, the token and the webhook secret redacted. A line naming a chat names it by
``chat_in_log``, which never gives a user's id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import quote

# A command's lines on standard error; the bot's, which a service manager's journal keeps.
COMMAND_FORMAT = "tanya: %(message)s"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[REDACTED]"


def configure_logging(level: str | int = logging.WARNING, secret_values: Iterable[str | None] | None = None) -> SecretRedactor:
    """Set up logging to standard error; the filter redacting ``secret_values``.

    For a command (no ``secret_values``): records at ``level`` and above as "tanya:
    message"; logging an embedding program (or pytest) set up already is left as it is.

    For the bot (``secret_values``: its token, its webhook secret): records at ``level``
    with time, level and logger, httpx quieted, PTB's given-up retries dropped, secrets
    redacted, in place of any logging set up before. Only the bot forces its setup: a
    handler left on the root logger (an embedding program's, an earlier run's) would
    write each record a second time, unredacted, the token in Bot API URLs with it."""
    if secret_values is None:
        logging.basicConfig(format=COMMAND_FORMAT, level=level)
        return SecretRedactor(())
    logging.basicConfig(format=LOG_FORMAT, level=level, force=True)
    # httpx logs every request at INFO (and its URL carries the token).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # The webhook server's note on each malformed or oversized request a stranger sends.
    logging.getLogger("tornado.general").setLevel(logging.WARNING)
    logging.captureWarnings(True)  # so warnings pass the redactor too
    rate_limiter = logging.getLogger("telegram.ext.AIORateLimiter")
    if not any(isinstance(one, GivenUpRetries) for one in rate_limiter.filters):
        rate_limiter.addFilter(GivenUpRetries())
    updater = logging.getLogger("telegram.ext.Updater")
    if not any(isinstance(one, LastUpdatesCall) for one in updater.filters):
        updater.addFilter(LastUpdatesCall())
    redactor = SecretRedactor(secret_values)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor


class SecretRedactor(logging.Filter):
    """Replaces secrets (the bot token, the webhook secret) in every record that passes,
    in the message, its arguments, and any traceback. httpx, for one, logs request URLs,
    and Bot API URLs contain the token."""

    # Shorter values would redact ordinary words.
    MIN_LENGTH = 4

    def __init__(self, values: Iterable[str | None]) -> None:
        super().__init__()
        forms: set[str] = set()
        for value in values:
            if value and len(value) >= self.MIN_LENGTH:
                forms.update({value, quote(value, safe="")})
                # The part after "123456:" is what makes a token secret.
                _, _, secret = value.partition(":")
                if len(secret) >= self.MIN_LENGTH:
                    forms.add(secret)
        self._forms = sorted(forms, key=len, reverse=True)

    def redact(self, value: str) -> str:
        for form in self._forms:
            value = value.replace(form, REDACTED)
        return value

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is still redacted
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class GivenUpRetries(logging.Filter):
    """Drops PTB's ERROR and traceback for each 429 its rate limiter gives back: the
    RetryingRateLimiter waits it out in its chat (one INFO line), and the error handler
    says in one WARNING line naming the chat when it stops trying."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Rate limit hit after maximum")


class LastUpdatesCall(logging.Filter):
    """PTB's ERROR and traceback when its last getUpdates at a stop (marking the fetched
    updates read) fails, as one WARNING line: nothing is lost but that those updates may
    come again at the next start (a proxy's 404 or 502 there is no crash)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Error while calling `get_updates` one more time") and record.exc_info:
            error = record.exc_info[1]
            record.msg, record.args, record.exc_info, record.exc_text = (
                "Marking the fetched updates read at the stop failed (%s): they may come again at the next start", (error,), None, None,
            )
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def chat_in_log(chat_id: object) -> str:
    """How a log line names a chat: a group's or a channel's id (negative, as Telegram
    numbers them), never a private chat's, which is its user's (README: no user id is
    kept unless TANYA_LOG_USER_IDS says so)."""
    if isinstance(chat_id, int) and chat_id > 0:
        return "a private chat"
    return "no chat" if chat_id is None else f"chat {chat_id}"
