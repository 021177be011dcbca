"""tanya on Telegram: answers questions about Indonesian news with cited excerpts.

In private chats every text message is a question. In groups the bot answers
``/ask question``, messages that mention it and replies to its own messages, and
stays quiet otherwise; in channels where it is an admin it answers posts that start
with /ask or mention it. A photo's (or video's, or document's) caption is read as the
same text would be. ``@bot question`` in any chat offers answers inline.
/help, /sources and /reload (bot admins) complete it; /more and /full, the console's
commands, point to the buttons under the last answer.

Run with ``tanya telegram``: long polling by default, a webhook when
TANYA_WEBHOOK_URL is set. The token is checked with getMe before the corpus is indexed:
a refused or malformed token ends the run at once, a Bot API that keeps failing
(unreachable, 5xx, garbage) after TANYA_RETRY_SECONDS of tries, and so does a webhook
port already taken, each with one line on standard error. The token is redacted from
every log line.

Updates of different chats are handled at the same time, those of one chat in order
(``ChatOrderedProcessor``); searches run in a small worker pool; Bot API calls are tried
again through transient failures (``RetryingRateLimiter``).
"""

from __future__ import annotations

import asyncio
import codecs
import dataclasses
import errno
import logging
import threading
import re
import secrets
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CoroutineType
from typing import TypeAlias
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.logs import SecretRedactor, configure_logging
from bot.policy import SlidingWindowLimiter
from bot.presenter import text
from bot.questions_log import open_log
from bot.feeds import start_polling
from bot.telegram_adds import document_added, forwarded_post, link_or_question
from bot.service import SearchService, start_watching
from bot.settings import Settings
from retrieval.corpus import check_directory
from bot.telegram_handlers import (
    COMMAND_HANDLERS,
    NON_BLOCKING_COMMANDS,
    ask_command,
    captioned_command,
    channel_post,
    edited_question,
    error_handler,
    feedback_pressed,
    gate,
    group_command,
    group_message,
    ignore_bots,
    inline_query,
    non_text,
    private_question,
    turn_page,
    unknown_command,
)
from bot.telegram_messages import CAPTION_COMMAND_RE, VOTE_DATA_RE
from bot.telegram_state import AnswerCache, InlineDrafts, SearchPool, TanyaContext, TanyaState
from bot.telegram_transport import RATE_LIMIT_RETRIES, STOP_GRACE_SECONDS, QuietRequest, RetryingRateLimiter, file_url_for, retry_delay
from bot.telegram_updates import WEBHOOK_BODY_LIMIT, ChatOrderedProcessor, UpdatesRequest, WebhookApp

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org/bot"
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CHANNEL_POST, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
# The command menu, in this order; descriptions are the "cmd_<name>" messages.
COMMANDS = ("ask", "sources", "help", "reload", "stats")
# Seconds to wait for the Bot API's answer to a call (PTB's default is 5). Telegram can
# take longer when busy, and a send given up on after it arrived is either lost to the
# bot or, sent again, shown twice: better to wait.
READ_TIMEOUT = 20.0
# Chats served at once; more wait their turn (see ChatOrderedProcessor).
CONCURRENT_CHATS = 64
# Worker threads for searches. A search holds the GIL most of its time, so more threads
# would not answer faster; two keep one slow search from holding up the rest.
SEARCH_WORKERS = 2
# The webhook server: how long a caller may take to send a body, and to stay idle.
WEBHOOK_BODY_TIMEOUT = 10.0
WEBHOOK_IDLE_TIMEOUT = 120.0
# A Bot API token: the bot's numeric id, a colon, and the secret.
TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
# A token file holding an env file's line instead of the token alone ("export KEY=value" too).
ENV_LINE_RE = re.compile(r"(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*=(?P<value>[^\n]*)")
# The name PTB gives its polling task (Updater.start_polling).
POLLING_TASK = "Updater:start_polling:polling_task"
# PTB's own stop signals, which its handlers stopped on.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)
# A proxy's error page can run to kilobytes; its start says enough in a one-line message.
DETAIL_LIMIT = 200
# Errors binding the webhook's port: the user's to fix, so one line, not a traceback.
BIND_ERRORS = frozenset({errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES})

# Edited messages are not questions asked anew; nor is a channel's post that Telegram
# copies into the channel's discussion group (answered in the channel already).
NEW_MESSAGE = filters.UpdateType.MESSAGE & ~filters.IS_AUTOMATIC_FORWARD
PRIVATE = filters.ChatType.PRIVATE & NEW_MESSAGE
GROUPS = filters.ChatType.GROUPS & NEW_MESSAGE

# The bot's Application as ApplicationBuilder types it: a bot with a rate limiter (ExtBot[int]),
# handlers given a TanyaContext, bot_data the TanyaState; the job queue, unused, keeps its
# default type (the builder's context_types does not change it).
TanyaApplication: TypeAlias = Application[ExtBot[int], TanyaContext, dict, dict, TanyaState, JobQueue[ContextTypes.DEFAULT_TYPE]]


async def post_shutdown(application: TanyaApplication) -> None:
    """Let the search workers go."""
    application.bot_data.searches.close()


async def post_init(application: TanyaApplication) -> None:
    """Say who is answering, and register the command menu (Indonesian by default, English for English users)."""
    summary = application.bot_data.service.summary()
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


def build_application(settings: Settings, service: SearchService) -> TanyaApplication:
    """The Application with every handler registered, answering from ``service``."""
    base_url = api_url(settings)
    builder = (
        ApplicationBuilder()
        # No token and an empty one alike: PTB refuses it (InvalidToken) as the bot is built.
        .token(settings.token or "")
        .base_url(base_url)
        .base_file_url(file_url_for(base_url))
        # bot_data is the bot's state, typed (TanyaState); PTB makes it, set_up fills it below.
        .context_types(ContextTypes(bot_data=TanyaState))
        .request(QuietRequest(read_timeout=READ_TIMEOUT))
        .get_updates_request(UpdatesRequest(connection_pool_size=1))
        .rate_limiter(RetryingRateLimiter(settings.retry_seconds, READ_TIMEOUT, max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(ChatOrderedProcessor(CONCURRENT_CHATS))
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
        .post_shutdown(post_shutdown)
    )
    if settings.webhook_url:
        builder = builder.updater(None)  # serve_webhook takes the updates (see WebhookApp)
    application = builder.build()
    application.bot_data.set_up(
        settings=settings,
        service=service,
        answers=AnswerCache(),
        limiter=SlidingWindowLimiter(settings.rate_limit),
        searches=SearchPool(service, settings.search_timeout, SEARCH_WORKERS),
        inline_drafts=InlineDrafts(SlidingWindowLimiter(settings.rate_limit)),
        questions_log=open_log(settings.questions_log),
    )

    # First of all: with TANYA_ALLOWED_CHATS set, strangers get one polite line and no more.
    # Before that: another bot's messages, and the bot's own channel posts, are never answered.
    application.add_handler(TypeHandler(Update, ignore_bots), group=-2)
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handler(CommandHandler("ask", ask_command, filters=NEW_MESSAGE))
    for name, handler in COMMAND_HANDLERS.items():
        application.add_handler(CommandHandler(name, handler, filters=NEW_MESSAGE, block=name not in NON_BLOCKING_COMMANDS))
    # CommandHandler never sees channel posts, nor captions; these handlers parse /ask themselves.
    application.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST & (filters.TEXT | filters.CAPTION), channel_post))
    application.add_handler(MessageHandler(PRIVATE & filters.COMMAND, unknown_command))
    admins = filters.User(user_id=settings.admin_ids)
    # A GIF comes as an animation and, for older clients, as a document too: it is no article.
    documents = filters.Document.ALL & ~filters.ANIMATION
    # "/sources" as a photo's caption is run as typed, forwarded or not, as the command
    # handlers above run a text's; an admin's document is still an add.
    application.add_handler(
        MessageHandler((PRIVATE | GROUPS) & filters.CaptionRegex(CAPTION_COMMAND_RE) & ~(documents & admins), captioned_command)
    )
    # Admins add to the archive (bot.telegram_adds): forwarded channel posts, documents, links.
    application.add_handler(MessageHandler(PRIVATE & filters.FORWARDED & (filters.TEXT | filters.CAPTION), forwarded_post))
    # Anyone else's document with a caption: the caption is the question (an admin's is added).
    application.add_handler(MessageHandler(PRIVATE & documents & filters.CAPTION & ~admins, private_question))
    application.add_handler(MessageHandler(PRIVATE & documents, document_added))
    application.add_handler(MessageHandler(PRIVATE & filters.TEXT, link_or_question))
    # A photo (video, voice note ...) captioned with a question; without a caption, the hint.
    application.add_handler(MessageHandler(PRIVATE & filters.CAPTION, private_question))
    application.add_handler(MessageHandler(PRIVATE & ~filters.TEXT, non_text))
    # An edit is no question asked anew (nor answered twice): in a private chat, the hint to send it again.
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE & filters.TEXT, edited_question))
    application.add_handler(MessageHandler(GROUPS & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, group_message))
    application.add_handler(MessageHandler(GROUPS & filters.COMMAND, group_command))  # "/foo@<this bot>": unknown
    application.add_handler(CallbackQueryHandler(feedback_pressed, pattern=VOTE_DATA_RE))
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


async def check_token(settings: Settings, redactor: SecretRedactor, source: str | None = None) -> int:
    """Ask Telegram who the token belongs to (getMe), before the corpus is indexed. 0 when
    it is accepted, else the exit status, after one line on standard error. A refused
    token ends it at once; any other failure (no connection, 5xx, garbage) is tried again
    for up to ``settings.retry_seconds``: a Bot API restarting is no reason to stop.
    ``source``: where the token came from (:func:`token_source`), for a refused one."""
    api = redactor.redact(settings.api_base_url or DEFAULT_API_URL)
    deadline = time.monotonic() + settings.retry_seconds
    tries = 0
    while True:
        tries += 1
        try:
            return await ask_get_me(settings)
        except InvalidToken:
            print(f"tanya: the Telegram Bot API at {api} refused the bot token; check {source or token_source(settings)}", file=sys.stderr)
            return 2
        except Exception as error:  # noqa: BLE001 - TelegramError, or JSON that is not the Bot API's
            detail = one_line(error, redactor)
            if not isinstance(error, TelegramError):  # no "result", not an object
                detail = f"unexpected answer to getMe ({type(error).__name__}: {detail})"
            left = deadline - time.monotonic()
            if left <= 0:
                print(f"tanya: cannot reach the Telegram Bot API at {api}: {detail}", file=sys.stderr)
                return 1
            if tries == 1:  # one line for the whole wait, not one per try
                logger.warning("The Telegram Bot API at %s is not answering (%s); trying again for up to %d s", api, detail, settings.retry_seconds)
            await asyncio.sleep(min(retry_delay(tries), left))


async def ask_get_me(settings: Settings) -> int:
    """getMe with a bot of its own; 0 when it answers."""
    base_url = api_url(settings)
    # PTB logs some failures (an answer that is not JSON) at ERROR with a traceback before
    # raising; the caller's line says all of it.
    with silenced("telegram"):
        async with Bot(settings.token or "", base_url=base_url, base_file_url=file_url_for(base_url), request=QuietRequest()):
            return 0


class TokenError(ValueError):
    """The bot token is missing, unreadable or malformed; the message says which, never the token."""


def bot_token(settings: Settings) -> str:
    """The bot token, from TELEGRAM_BOT_TOKEN / --token or the file TELEGRAM_BOT_TOKEN_FILE /
    --token-file names, without the spaces and line end around it (``echo "$TOKEN" >
    file`` or a pasted token leaves a newline, which would make every request's URL
    wrong)."""
    if settings.token and settings.token_file:
        raise TokenError("give the bot token once: TELEGRAM_BOT_TOKEN (--token) or TELEGRAM_BOT_TOKEN_FILE (--token-file), not both")
    token = settings.token
    where = token_source(settings)  # Settings keeps the value, not which of the two gave it
    if settings.token_file:
        token = token_in_file(settings.token_file)
    token = (token or "").strip()
    if not token and settings.token_file:
        raise TokenError(f"no Telegram bot token: {where} is empty")
    if not token:
        raise TokenError("no Telegram bot token; set TELEGRAM_BOT_TOKEN_FILE (or TELEGRAM_BOT_TOKEN), or pass --token-file")
    if not TOKEN_RE.fullmatch(token):
        # Not the token itself: this line may end up in a log.
        raise TokenError(f"the bot token is malformed: expected digits, a colon, then letters, digits, - and _ (as @BotFather gives it); check {where}")
    return token


def token_source(settings: Settings) -> str:
    """Where the bot token came from, for a message telling the operator to check it."""
    return f"the bot token file {settings.token_file}" if settings.token_file else "TELEGRAM_BOT_TOKEN or --token"


def token_in_file(path: Path) -> str:
    """The token a token file holds: the token alone (without a byte order mark, which
    Windows editors write, nor the spaces around it), or an env file's line
    ``TELEGRAM_BOT_TOKEN=...`` (a copy of tanya.env's); any other ``KEY=value`` is
    refused, naming the file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TokenError(f"cannot read the bot token file {path}: {error.strerror or type(error).__name__}") from None
    try:
        # Notepad's "Unicode" is UTF-16 with its byte order mark; anything else is UTF-8.
        content = data.decode("utf-16") if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TokenError(f"the bot token file {path} is not text in UTF-8: save it as plain text (UTF-8)") from None
    assignment = ENV_LINE_RE.fullmatch(content.strip())
    if assignment is None:
        return content
    if assignment["key"] != "TELEGRAM_BOT_TOKEN":
        raise TokenError(f"the bot token file {path} sets {assignment['key']}: it should hold the token alone (or TELEGRAM_BOT_TOKEN=...)")
    return assignment["value"].strip().strip("\"'")


def webhook_path(webhook_url: str) -> str:
    """The path Telegram posts to, which the local server listens on."""
    return urlsplit(webhook_url).path.strip("/")


def run_bot(settings: Settings) -> int:
    """Run the bot until stopped; the exit status."""
    source = token_source(settings)  # before the token is read out of its file
    try:
        settings = dataclasses.replace(settings, token=bot_token(settings), token_file=None)
    except TokenError as error:
        print(f"tanya: {error}", file=sys.stderr)
        return 2
    # Telegram echoes the secret with every webhook call; without one, anyone could post updates.
    secret_token = settings.secret_token or (secrets.token_urlsafe(32) if settings.webhook_url else None)
    # Set up here, not by the caller, and before the first request: its URL holds the token.
    redactor = configure_logging(settings.log_level, (settings.token, secret_token))

    # A corpus path that is no directory is a setting to fix (status 2), whatever Telegram says.
    check_directory(settings.corpus)
    # The loop the bot will run on. The token is checked first, so that a refused token or
    # a broken API ends the run with one line, not PTB's own retries and logged
    # tracebacks, and before a large corpus is indexed for nothing.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    status = loop.run_until_complete(check_token(settings, redactor, source))
    if status:
        loop.close()
        return status
    try:
        service = SearchService(
            settings.corpus, settings.index_dir, strictness=settings.strictness, ray=settings.ray, shards=settings.shards,
            watch_interval=settings.watch_interval,
        )
        application = build_application(settings, service)  # opens the questions log
    except BaseException:
        loop.close()  # the caller reports the corpus or questions log error
        raise
    poller = start_polling(settings.feeds, settings.feed_interval, service)  # new articles while serving
    watcher = start_watching(service)  # articles another process (a cron `tanya add`) published
    try:
        if settings.webhook_url:
            assert secret_token is not None  # made above for every webhook
            return loop.run_until_complete(serve_webhook(application, settings, secret_token, redactor))
        return run_polling(application, loop, settings, redactor, source)
    finally:
        if poller:
            poller.stop()
        if watcher:
            watcher.stop()
        if not loop.is_closed():
            loop.close()


def run_polling(
    application: Application, loop: asyncio.AbstractEventLoop, settings: Settings, redactor: SecretRedactor, source: str | None = None
) -> int:
    """Long polling until stopped; the exit status: 2 when the Bot API refuses the token
    while polling (revoked at BotFather), as at the start."""
    api = redactor.redact(settings.api_base_url or DEFAULT_API_URL)
    try:
        # Here rather than in run_polling, whose start-up logs a failure with a traceback.
        loop.run_until_complete(application.initialize())
    except TelegramError as error:
        print(f"tanya: cannot reach the Telegram Bot API at {api}: {one_line(error, redactor)}", file=sys.stderr)
        return 1
    refused = watch_token_refusal(application)
    for number in STOP_SIGNALS:  # PTB's own handlers, but that calls stop trying again first
        loop.add_signal_handler(number, stop_on_signal, application)
    try:
        # bootstrap_retries=-1: once the token is accepted, a deleteWebhook that still fails
        # after the rate limiter's own tries is tried again until it succeeds, not fatal.
        application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1, stop_signals=())
    except InvalidToken:
        if not refused.is_set():
            raise
    if refused.is_set():
        print(f"tanya: the Telegram Bot API at {api} refused the bot token while polling; check {source or token_source(settings)}", file=sys.stderr)
        return 2
    return 0


def stop_retrying(application: Application) -> None:
    """Calls failing from now on are not tried again: a stop during an outage ends in a
    few seconds, where it waited out every call's TANYA_RETRY_SECONDS (57 s, past
    systemd's TimeoutStopSec of 30)."""
    limiter = application.bot.rate_limiter
    if isinstance(limiter, RetryingRateLimiter):
        limiter.stop_retrying()


def stopping(application: Application) -> bool:
    """Whether the bot was already told to stop (a signal, or the token refused)."""
    limiter = application.bot.rate_limiter
    return isinstance(limiter, RetryingRateLimiter) and limiter.stopping.since is not None


def stop_on_signal(application: Application) -> None:
    """SIGTERM, SIGINT or SIGABRT: stop as PTB's own handler does (SystemExit out of the
    loop, at any point of the start too), with no call tried again meanwhile. A signal
    during a stop under way is told in one line and leaves it to finish: a SystemExit
    raised inside PTB's shutdown cut it short and lost its exit status;
    the grace, and no pause of polling, bound it."""
    if stopping(application):
        logger.info("Already stopping: answers on their way have up to %.0f s", STOP_GRACE_SECONDS)
        return
    stop_retrying(application)
    stop_polling_pause()
    raise SystemExit


def stop_polling_pause() -> None:
    """Cancel PTB's polling task while it pauses: after failed getUpdates it sleeps up to
    30 s before trying again, a sleep its stop does not cut short, so a stop during an
    outage of the Bot API waited it out (25 s). Its stop awaits the task,
    cancelled or not. Not while it calls getUpdates, whose own tasks its stop cancels."""
    for task in asyncio.all_tasks():
        if task.get_name() == POLLING_TASK and sleeping(task):
            task.cancel()


def sleeping(task: asyncio.Task) -> bool:
    """Whether ``task`` waits in asyncio.sleep, at the end of its chain of coroutines."""
    awaited: object = task.get_coro()
    # Only a coroutine has cr_await: a future awaited (or nothing) ends the chain.
    while isinstance(awaited, CoroutineType):
        if awaited.cr_code.co_name == "sleep":
            return True
        awaited = awaited.cr_await
    return False


def stop_bot(application: Application) -> None:
    """Stop polling and answering (a refused token), with no call tried again meanwhile."""
    stop_retrying(application)
    stop_polling_pause()
    if application.running:
        application.stop_running()


def watch_token_refusal(application: Application) -> threading.Event:
    """An event set when getUpdates is refused for the token, which also stops the bot:
    PTB ends its polling loop on InvalidToken and the process lived on, deaf, every
    question lost, until stopped by hand (then exiting 1 with tracebacks). Its own
    ERROR and traceback for it are dropped: the exit line says it."""
    refused = threading.Event()

    def polling() -> bool:
        return application.updater is not None and application.updater.running

    def stop() -> bool:
        refused.set()
        if not polling():
            # PTB's last getUpdates at a shutdown: stopping the application from inside
            # its updater's stop raised RuntimeError; PTB logs the refusal.
            return False
        stop_bot(application)
        return True

    request = application.bot._request[0]  # getUpdates' own request (ApplicationBuilder.get_updates_request)
    if isinstance(request, UpdatesRequest):
        request.token_refused = stop
        request.polling = polling
    for handler in logging.getLogger().handlers:  # where PTB's loggers' records end up
        handler.filters = [one for one in handler.filters if not isinstance(one, RefusedTokenLoop)]
        handler.addFilter(RefusedTokenLoop(refused))
    return refused


class RefusedTokenLoop(logging.Filter):
    """Drops PTB's records about a token refused while polling once tanya has seen it
    (``refused``): the network loop's "Invalid token. Aborting retry loop." with its
    traceback, and the shutdown's errors from awaiting that loop."""

    def __init__(self, refused: threading.Event) -> None:
        super().__init__()
        self.refused = refused

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.refused.is_set():
            return True
        error = record.exc_info[1] if record.exc_info else None
        return not (isinstance(error, InvalidToken) or "Invalid token" in str(record.msg))


async def serve_webhook(application: Application, settings: Settings, secret_token: str, redactor: SecretRedactor) -> int:
    """Serve the webhook until SIGINT or SIGTERM; the exit status.

    Not PTB's run_webhook: its server reads a whole body (up to 100 MB) before checking
    the secret. The port is bound first, so a taken port ends the run before Telegram is
    told to call it; it accepts calls once the webhook is set and the bot started."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    def stopped() -> None:
        stop_retrying(application)  # no call tried again while the server and the bot stop
        stop.set()

    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stopped)
    try:
        sockets = bind_sockets(settings.port, settings.listen)
    except OSError as error:
        if error.errno not in BIND_ERRORS:
            raise
        print(f"tanya: cannot serve the webhook on {settings.listen}:{settings.port}: {error.strerror}", file=sys.stderr)
        return 1
    server = HTTPServer(
        WebhookApp(webhook_path(settings.webhook_url or ""), application.bot, application.update_queue, secret_token),
        max_body_size=WEBHOOK_BODY_LIMIT, body_timeout=WEBHOOK_BODY_TIMEOUT, idle_connection_timeout=WEBHOOK_IDLE_TIMEOUT,
    )
    try:
        async with application:  # initialize (getMe) now, shutdown at the end
            await post_init(application)
            await application.bot.set_webhook(settings.webhook_url or "", allowed_updates=ALLOWED_UPDATES, secret_token=secret_token)
            await application.start()
            server.add_sockets(sockets)
            logger.info("Serving the webhook on %s:%d", settings.listen, settings.port)
            await stop.wait()
            server.stop()
            await server.close_all_connections()
            await application.stop()
    except TelegramError as error:
        api = redactor.redact(settings.api_base_url or DEFAULT_API_URL)
        print(f"tanya: cannot reach the Telegram Bot API at {api}: {one_line(error, redactor)}", file=sys.stderr)
        return 1
    finally:
        server.stop()
        for sock in sockets:
            sock.close()
        await post_shutdown(application)
    return 0
