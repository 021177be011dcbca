"""tanya on Telegram: answers questions about Indonesian news with cited excerpts.

In private chats every text message is a question. In groups the bot answers
``/ask question``, messages that mention it and replies to its own messages, and
stays quiet otherwise; in channels where it is an admin it answers posts that start
with /ask or mention it. ``@bot question`` in any chat offers answers inline.
/help, /sources and /reload (bot admins) complete it.

Run with ``tanya telegram``: long polling by default, a webhook when
TANYA_WEBHOOK_URL is set. The token is checked with getMe before the corpus is indexed;
a refused token, an unreachable or broken Bot API, or a webhook port already taken ends
the run with one line on standard error. The token is redacted from every log line.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import secrets
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import quote, urlsplit

from telegram import Bot, BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.presenter import text
from bot.service import SearchService
from bot.settings import Settings
from bot.telegram_handlers import (
    STATE_KEY,
    ask_command,
    channel_post,
    error_handler,
    group_message,
    help_command,
    inline_query,
    non_text,
    private_question,
    reload_command,
    sources_command,
    turn_page,
    unknown_command,
)
from bot.telegram_support import AnswerCache, SlidingWindowLimiter, TanyaState, file_url_for

logger = logging.getLogger(__name__)

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[REDACTED]"
DEFAULT_API_URL = "https://api.telegram.org/bot"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CHANNEL_POST, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
# The command menu, in this order; descriptions are the "cmd_<name>" messages.
COMMANDS = ("ask", "sources", "help", "reload")
# How often a request refused with 429 is retried after waiting the time Telegram asks.
RATE_LIMIT_RETRIES = 3
# A proxy's error page can run to kilobytes; its start says enough in a one-line message.
DETAIL_LIMIT = 200
# Errors binding the webhook's port: the user's to fix, so one line, not a traceback.
BIND_ERRORS = frozenset({errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES})

# Edited messages are not questions asked anew.
NEW_MESSAGE = filters.UpdateType.MESSAGE
PRIVATE = filters.ChatType.PRIVATE & NEW_MESSAGE
GROUPS = filters.ChatType.GROUPS & NEW_MESSAGE


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


def configure_logging(level: str, secret_values: Iterable[str | None]) -> SecretRedactor:
    """Log to standard error with time and level, httpx quieted, secrets redacted: the one
    logging setup of ``tanya telegram``, whatever was configured before."""
    # force: any handler already on the root logger (an embedding program's, an earlier
    # run's) goes, so that every record is written once, in this format, redacted.
    logging.basicConfig(format=LOG_FORMAT, level=level, force=True)
    # httpx logs every request at INFO (and its URL carries the token).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.captureWarnings(True)  # so warnings pass the redactor too
    redactor = SecretRedactor(secret_values)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor


async def post_init(application: Application) -> None:
    """Say who is answering, and register the command menu (Indonesian by default, English for English users)."""
    summary = application.bot_data[STATE_KEY].service.summary()
    logger.info("Answering as @%s from %d articles (%d paragraphs)", application.bot.username, summary.documents, summary.paragraphs)
    for language, language_code in (("id", None), ("en", "en")):
        commands = [BotCommand(name, text(language, f"cmd_{name}")) for name in COMMANDS]
        try:
            await application.bot.set_my_commands(commands, language_code=language_code)
        except TelegramError as error:
            # The menu is a convenience: the bot answers without it.
            logger.warning("Could not register the %s command menu: %s", language, error)


def api_url(settings: Settings) -> str:
    # PTB appends the token to the base URL as it is: "…/bot/" would give "…/bot/<token>".
    return (settings.api_base_url or DEFAULT_API_URL).rstrip("/")


def build_application(settings: Settings, service: SearchService) -> Application:
    """The Application with every handler registered, answering from ``service``."""
    base_url = api_url(settings)
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(base_url)
        .base_file_url(file_url_for(base_url))
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                # Replies quote the question, so a button can re-ask it after a restart.
                do_quote=True,
                allow_sending_without_reply=True,
            )
        )
        .post_init(post_init)
        .build()
    )
    application.bot_data[STATE_KEY] = TanyaState(
        settings=settings,
        service=service,
        answers=AnswerCache(),
        limiter=SlidingWindowLimiter(settings.rate_limit),
    )

    application.add_handler(CommandHandler(["start", "help"], help_command, filters=NEW_MESSAGE))
    application.add_handler(CommandHandler("ask", ask_command, filters=NEW_MESSAGE))
    application.add_handler(CommandHandler("sources", sources_command, filters=NEW_MESSAGE))
    # Not blocking: questions are answered while the corpus reloads.
    application.add_handler(CommandHandler("reload", reload_command, filters=NEW_MESSAGE, block=False))
    # CommandHandler never sees channel posts; this handler parses /ask itself.
    application.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST & filters.TEXT, channel_post))
    application.add_handler(MessageHandler(PRIVATE & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(PRIVATE & filters.TEXT, private_question))
    application.add_handler(MessageHandler(PRIVATE & ~filters.TEXT, non_text))
    application.add_handler(MessageHandler(GROUPS & filters.TEXT & ~filters.COMMAND, group_message))
    application.add_handler(CallbackQueryHandler(turn_page))
    application.add_handler(InlineQueryHandler(inline_query))
    application.add_error_handler(error_handler)
    return application


@contextmanager
def silenced(name: str) -> Iterator[None]:
    """Nothing is logged by the logger ``name`` or its descendants while inside."""
    log = logging.getLogger(name)
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        log.setLevel(level)


def one_line(error: BaseException, redactor: SecretRedactor) -> str:
    """``error`` as a short single line, secrets redacted (before it is cut, so no part of
    one is left)."""
    detail = " ".join(redactor.redact(str(error) or type(error).__name__).split())
    return detail if len(detail) <= DETAIL_LIMIT else detail[: DETAIL_LIMIT - 1] + "…"


async def check_token(settings: Settings, redactor: SecretRedactor) -> int:
    """Ask Telegram who the token belongs to (getMe), before the corpus is indexed. 0 when
    it is accepted, else the exit status, after one line on standard error."""
    base_url = api_url(settings)
    api = redactor.redact(settings.api_base_url or DEFAULT_API_URL)
    try:
        # PTB logs an answer that is not JSON (a proxy's error page) at ERROR with a
        # traceback, before raising; the line below says all of it.
        with silenced("telegram"):
            async with Bot(settings.token, base_url=base_url, base_file_url=file_url_for(base_url)):
                return 0
    except InvalidToken:
        print(f"tanya: the Telegram Bot API at {api} refused the bot token; check TELEGRAM_BOT_TOKEN", file=sys.stderr)
        return 2
    except TelegramError as error:
        print(f"tanya: cannot reach the Telegram Bot API at {api}: {one_line(error, redactor)}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - JSON, but not the Bot API's (no "result", not an object)
        print(f"tanya: cannot reach the Telegram Bot API at {api}: unexpected answer to getMe ({type(error).__name__}: {one_line(error, redactor)})", file=sys.stderr)
        return 1


def webhook_path(webhook_url: str) -> str:
    """The path Telegram posts to, which the local server listens on."""
    return urlsplit(webhook_url).path.strip("/")


def run_bot(settings: Settings) -> int:
    """Run the bot until stopped; the exit status."""
    if not settings.token:
        print("tanya: no Telegram bot token; set TELEGRAM_BOT_TOKEN or pass --token", file=sys.stderr)
        return 2
    # Telegram echoes the secret with every webhook call; without one, anyone could post updates.
    secret_token = settings.secret_token or (secrets.token_urlsafe(32) if settings.webhook_url else None)
    # Set up here, not by the caller, and before the first request: its URL holds the token.
    redactor = configure_logging(settings.log_level, (settings.token, secret_token))

    # The loop run_polling/run_webhook will use. The token is checked first, so that a
    # refused token or a broken API ends the run with one line, not PTB's own retries and
    # logged tracebacks, and before a large corpus is indexed for nothing.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    status = loop.run_until_complete(check_token(settings, redactor))
    if status:
        loop.close()
        return status
    try:
        service = SearchService(settings.corpus, settings.index_dir)
    except BaseException:
        loop.close()  # the caller reports the corpus error
        raise
    application = build_application(settings, service)

    if settings.webhook_url:
        logger.info("Serving the webhook on %s:%d", settings.listen, settings.port)
        try:
            application.run_webhook(
                listen=settings.listen,
                port=settings.port,
                url_path=webhook_path(settings.webhook_url),
                webhook_url=settings.webhook_url,
                secret_token=secret_token,
                allowed_updates=ALLOWED_UPDATES,
            )
        except OSError as error:
            # PTB has shut the application down by now; only binding the port is expected to fail here.
            if error.errno not in BIND_ERRORS:
                raise
            print(f"tanya: cannot serve the webhook on {settings.listen}:{settings.port}: {error.strerror}", file=sys.stderr)
            return 1
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0
