"""Bookkeeping for the Telegram front end, kept apart from the handlers so it can be
tested without Telegram: what a message says as ``bot.policy`` reads it (who wrote it,
whether it is for this bot, whose rate limit it counts against), what a question is,
the answer cache behind the inline buttons, inline questions counted by question, and
the inline results; and how updates and replies travel: searches in a bounded worker
pool with a time budget, updates of different chats handled at once (those of one chat
in order, each update once), and Bot API calls retried through transient failures.
"""

from __future__ import annotations

import asyncio
import enum
import hmac
import json
import logging
import random
import re
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import timedelta
from http import HTTPStatus
from typing import Any, TypeAlias

import httpx
import tornado.web
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
    User,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import AIORateLimiter, BaseUpdateProcessor, CallbackContext, ExtBot
from telegram.request import HTTPXRequest

from bot.logs import chat_in_log
from bot.policy import (
    ASK_COMMAND_RE,
    TEXT_MENTION,
    Admission,
    Entity,
    Heard,
    Sender,
    SlidingWindowLimiter,
    entity_span,
    for_this_bot,
    handle_re,
    mentions,
)
from bot.presenter import present_answer, text, without_bidi_controls
from bot.render import render_html_parts
from bot.questions_log import QuestionsLog
from bot.service import SearchService
from bot.settings import Settings
from retrieval.search import Result

logger = logging.getLogger(__name__)

# Telegram refuses buttons whose callback_data is longer than this many bytes.
CALLBACK_DATA_LIMIT = 64
# Enough for every recent conversation of a busy bot; an evicted entry is re-asked.
ANSWER_CACHE_SIZE = 2048
INLINE_RESULTS = 5
INLINE_DESCRIPTION_CHARS = 160

# A command written as a caption: Telegram marks it, but CommandHandler reads texts only.
# As Telegram reads a typed one: the name ends at the first character no name has
# ("/sources." is /sources); not /ask, whose caption is a question; the handler's filter
# is this very pattern, so every caption it lets through is a command.
CAPTION_COMMAND_RE = re.compile(r"^\s*/(?!ask(?!\w))(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>\w+))?(?![\w@])", re.IGNORECASE)
# Telegram's anonymous group admins all write "from" this bot, with the group as sender_chat.
ANONYMOUS_ADMIN_ID = 1087968824
# A 👍/👎 button: the logged question's id and 1 (helpful) or 0.
VOTE_DATA_RE = re.compile(r"^v:(?P<question>\d{1,18}):(?P<helpful>[01])$")
PAGE_DATA_RE = re.compile(r"^(?P<key>[A-Za-z0-9_-]{1,16}):(?P<position>\d{1,3}):(?P<full>[01])$")
SPACES_RE = re.compile(r"\s+")
# Half of a UTF-16 surrogate pair, alone: a str holds one only when given it so.
LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")

UPDATE_KINDS = (
    "message", "edited_message", "channel_post", "edited_channel_post", "inline_query",
    "chosen_inline_result", "callback_query", "my_chat_member", "chat_member",
)


@dataclass(frozen=True)
class CachedQuestion:
    """A question asked in a chat, its result, and the language the bot answered in."""

    chat_id: int
    question: str
    result: Result
    language: str
    log_id: int | None = None  # the questions log's row: the 👍/👎 buttons name it


class AnswerCache:
    """Recent questions keyed by a short random id that fits in callback data.

    Bounded: the least recently used entry goes first. An entry answers only in the chat
    it was asked in, so a button forwarded elsewhere cannot reveal it.
    """

    def __init__(self, maxsize: int = ANSWER_CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[str, CachedQuestion] = OrderedDict()
        # Each chat's latest question, by key (None: it found nothing), for "next" typed.
        self._latest: OrderedDict[int, str | None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, entry: CachedQuestion) -> str:
        key = secrets.token_urlsafe(6)  # 8 characters
        while key in self._entries:
            key = secrets.token_urlsafe(6)
        self._entries[key] = entry
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        self._note_latest(entry.chat_id, key)
        return key

    def get(self, key: str, chat_id: int) -> CachedQuestion | None:
        entry = self._entries.get(key)
        if entry is None or entry.chat_id != chat_id:
            return None
        self._entries.move_to_end(key)
        return entry

    def note_unanswered(self, chat_id: int) -> None:
        """The chat's latest question found nothing: "next" there has no answer to follow."""
        self._note_latest(chat_id, None)

    def _note_latest(self, chat_id: int, key: str | None) -> None:
        """The chat's latest question is ``key`` (None: it found nothing); as many chats
        are kept as entries."""
        self._latest[chat_id] = key
        self._latest.move_to_end(chat_id)
        while len(self._latest) > self.maxsize:
            self._latest.popitem(last=False)

    def latest(self, chat_id: int) -> CachedQuestion | None:
        """The chat's latest question, while it is kept; None after one that found nothing."""
        key = self._latest.get(chat_id)
        return None if key is None else self._entries.get(key)


def received_message(update: Update) -> Message | None:
    """The message someone sent in ``update`` (new or edited, in a chat or a channel);
    None for the rest: a button press's message is the bot's own, not the presser's."""
    return update.message or update.edited_message or update.channel_post or update.edited_channel_post


def sender_of(message: Message, bot: Bot) -> Sender:
    """Who wrote ``message``, as ``bot.policy.from_a_bot`` reads it."""
    user = message.from_user
    via = message.via_bot
    return Sender(
        is_bot=bool(user and user.is_bot),
        for_a_chat=message.sender_chat is not None,
        via_this_bot=via is not None and via.id == bot.id,
    )


def rate_key(message: Message, user: User | None) -> int:
    """Whose turn a reply to ``message`` takes: the chat it was sent on behalf of (a
    channel's post, an anonymous group admin, a member writing as their channel), else
    the user. Anonymous admins all come "from" one bot of Telegram's: keyed by user, every
    group's anonymous admins would share one limit."""
    if message.sender_chat is not None:
        return message.sender_chat.id
    return user.id if user is not None else message.chat_id


# An inline query this soon after the same user's previous one, extending or trimming
# it, is that question still being typed.
DRAFT_PAUSE = 30.0
# A question being typed takes one unit of the limit per this many queries (a long
# question typed a keystroke at a time fits in one), so a user
# cannot search without end by typing and deleting.
DRAFT_QUERIES = 50
# Users whose drafts are remembered; past this, the oldest are forgotten.
DRAFT_USERS = 10_000


@dataclass(frozen=True)
class _Draft:
    text: str
    at: float
    queries: int  # queries since the unit of the limit it took


class InlineDrafts:
    """Counts inline questions, not keystrokes. Telegram sends an inline query at each
    keystroke: "siapa p", "siapa pj", "siapa pjs", ... Counting each against the limit,
    one question of 30 characters would use up the minute's questions before it is
    typed in full. A query that extends or trims the same user's previous one within
    DRAFT_PAUSE seconds continues that question and is admitted without asking the
    limiter, up to DRAFT_QUERIES queries per unit taken."""

    def __init__(self, limiter: SlidingWindowLimiter, clock: Callable[[], float] = time.monotonic) -> None:
        self.limiter = limiter
        self.clock = clock
        self._drafts: OrderedDict[int, _Draft] = OrderedDict()

    def admit(self, user_id: int, query: str) -> Admission:
        """ALLOWED for a query continuing the user's question, else the limiter's word."""
        now, text = self.clock(), SPACES_RE.sub(" ", query).strip().casefold()
        draft = self._drafts.pop(user_id, None)
        if draft is not None and now - draft.at < DRAFT_PAUSE and draft.queries < DRAFT_QUERIES and _continues(draft.text, text):
            self._remember(user_id, _Draft(text, now, draft.queries + 1))
            return Admission.ALLOWED
        admission = self.limiter.admit(user_id)
        # Refused: the next keystroke asks the limiter again.
        self._remember(user_id, _Draft(text, now, 1 if admission is Admission.ALLOWED else DRAFT_QUERIES))
        return admission

    def _remember(self, user_id: int, draft: _Draft) -> None:
        self._drafts[user_id] = draft
        while len(self._drafts) > DRAFT_USERS:
            self._drafts.popitem(last=False)


def _continues(before: str, after: str) -> bool:
    return after.startswith(before) or before.startswith(after)


class SearchTimeout(Exception):
    """A search did not finish within the question's time budget."""


class SearchPool:
    """Runs searches in a few worker threads, so the event loop goes on answering other
    chats, each question within ``budget`` seconds (waiting for a worker included).

    A search cannot be interrupted: one past its budget runs on, keeping its worker.
    That is why a worker is taken from the moment a search is handed over until it
    really ends, and a question finding every worker busy waits (within its budget)
    rather than queueing: however many questions come, at most ``workers`` searches run
    or wait in the pool."""

    def __init__(self, service: SearchService, budget: float, workers: int) -> None:
        self.service = service
        self.budget = budget
        self.workers = workers
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tanya-search")
        self._free = asyncio.Semaphore(workers)

    async def ask(self, question: str, top_k: int) -> Result:
        """``service.ask`` in a worker; SearchTimeout past the budget."""
        return await self.run(self.service.ask, question, top_k)

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in a worker; SearchTimeout past the budget."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.budget
        try:
            async with asyncio.timeout_at(deadline):
                await self._free.acquire()
        except TimeoutError:
            raise SearchTimeout from None
        future = loop.run_in_executor(self._executor, function, *args)
        future.add_done_callback(self._finished)
        try:
            async with asyncio.timeout_at(deadline):
                # Shielded: giving up on the answer must not pretend the search stopped.
                return await asyncio.shield(future)
        except TimeoutError:
            raise SearchTimeout from None

    def _finished(self, future: asyncio.Future) -> None:
        self._free.release()
        if not future.cancelled():
            future.exception()  # retrieved: a late failure nobody awaits is no "never retrieved" warning

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class TanyaState:
    """What the handlers share: the Application's ``bot_data``, which PTB makes (empty) as
    the Application is built (``ContextTypes(bot_data=TanyaState)``) and ``set_up`` fills
    before any update is handled. Handlers read it as ``context.bot_data`` (``TanyaContext``)."""

    settings: Settings
    service: SearchService
    answers: AnswerCache
    limiter: SlidingWindowLimiter
    searches: SearchPool
    # Inline queries come a few per question as the user types: counted apart from
    # messages, by question (see InlineDrafts).
    inline_drafts: InlineDrafts
    questions_log: QuestionsLog | None  # None: TANYA_QUESTIONS_LOG=off

    def set_up(
        self,
        *,
        settings: Settings,
        service: SearchService,
        answers: AnswerCache,
        limiter: SlidingWindowLimiter,
        searches: SearchPool,
        inline_drafts: InlineDrafts,
        questions_log: QuestionsLog | None = None,
    ) -> None:
        """Fill the state in, every field at once (PTB makes it without arguments)."""
        self.settings = settings
        self.service = service
        self.answers = answers
        self.limiter = limiter
        self.searches = searches
        self.inline_drafts = inline_drafts
        self.questions_log = questions_log


# The context every handler of the bot gets: PTB's own, ``bot_data`` the bot's state, the
# bot one with a rate limiter (RetryingRateLimiter: ExtBot[int]); chat_data and user_data
# hold nothing, PTB's dicts.
TanyaContext: TypeAlias = CallbackContext[ExtBot[int], dict, dict, TanyaState]


@dataclass(frozen=True)
class Page:
    """What an answer button shows: answer ``position`` of cached question ``key``, as
    an excerpt or the whole paragraph. Encoded as callback data."""

    key: str
    position: int
    full: bool

    def encode(self) -> str:
        return f"{self.key}:{self.position}:{int(self.full)}"

    @classmethod
    def decode(cls, data: str | None) -> Page | None:
        match = PAGE_DATA_RE.match(data or "")
        if not match:
            return None
        return cls(match["key"], int(match["position"]), match["full"] == "1")


def answer_keyboard(
    key: str, result: Result, position: int, full: bool, language: str, log_id: int | None = None
) -> InlineKeyboardMarkup | None:
    """Buttons under an answer: previous/next answer, excerpt/whole paragraph when they
    differ, and 👍/👎 when the question was logged. None when there is nothing to press."""
    rows: list[list[InlineKeyboardButton]] = []
    paging = []
    if position > 0:
        paging.append(InlineKeyboardButton(text(language, "button_previous"), callback_data=Page(key, position - 1, False).encode()))
    if position + 1 < len(result.answers):
        paging.append(InlineKeyboardButton(text(language, "button_next"), callback_data=Page(key, position + 1, False).encode()))
    if paging:
        rows.append(paging)
    answer = result.answers[position]
    if answer.excerpt != answer.text:
        label = "button_excerpt" if full else "button_full"
        rows.append([InlineKeyboardButton(text(language, label), callback_data=Page(key, position, not full).encode())])
    if log_id is not None:
        rows.append([
            InlineKeyboardButton(text(language, "button_helpful"), callback_data=Vote(log_id, True).encode()),
            InlineKeyboardButton(text(language, "button_unhelpful"), callback_data=Vote(log_id, False).encode()),
        ])
    return InlineKeyboardMarkup(rows) if rows else None


def voter_key(secret: bytes, user_id: int) -> str:
    """Who voted, as the questions log keeps it: a keyed hash of the user's id, enough to
    hold each user to one vote per answer without the log saying who they are (the key,
    ``QuestionsLog.voter_secret``, is not in the log). Versions before that key hashed
    with the bot token: ``voter_key(token.encode(), user_id)`` is a voter as they kept it."""
    return hmac.new(secret, str(user_id).encode(), "sha256").hexdigest()[:32]


@dataclass(frozen=True)
class Vote:
    """A 👍 (helpful) or 👎 press on the answer to logged question ``question_id``."""

    question_id: int
    helpful: bool

    def encode(self) -> str:
        return f"v:{self.question_id}:{int(self.helpful)}"

    @classmethod
    def decode(cls, data: str | None) -> Vote | None:
        match = VOTE_DATA_RE.match(data or "")
        return cls(int(match["question"]), match["helpful"] == "1") if match else None


def is_allowed(update: Update, settings: Settings) -> bool:
    """Whether the bot serves this update: no TANYA_ALLOWED_CHATS means everyone; else
    the user (admins always) or the chat must be on the list. An update with neither
    user nor chat is let through (nothing to answer in it)."""
    if not settings.allowed_chats:
        return True
    user, chat = update.effective_user, update.effective_chat
    if user is None and chat is None:
        return True
    if user is not None and (user.id in settings.allowed_chats or user.id in settings.admin_ids):
        return True
    return chat is not None and chat.id in settings.allowed_chats


@dataclass(frozen=True)
class CaptionCommand:
    """A command a caption starts with ("/sources 2" under a photo), and its arguments."""

    name: str  # lower case, without the slash
    args: tuple[str, ...]
    for_this_bot: bool  # bare, or "/name@<this bot>": not another bot's


def caption_command(caption: str, bot_username: str | None) -> CaptionCommand | None:
    """The command ``caption`` starts with; None when it starts with none, or with /ask,
    whose caption is a question (:func:`extract_question`)."""
    match = CAPTION_COMMAND_RE.match(caption)
    if match is None:
        return None
    # The arguments as CommandHandler takes a text's: the words after the first.
    return CaptionCommand(match["name"].lower(), tuple(caption.split()[1:]), for_this_bot(match["bot"], bot_username))


def extract_question(message_text: str, bot_username: str | None) -> str:
    """The question in a message: without a leading /ask command and without mentions
    of the bot, whitespace collapsed, a lone surrogate made "\ufffd" (:func:`whole_text`)."""
    question = whole_text(message_text).strip()
    match = ASK_COMMAND_RE.match(question)
    if match:
        question = question[match.end() :]
    if bot_username:
        question = handle_re(bot_username).sub(" ", question)
    question = SPACES_RE.sub(" ", question).strip()
    # "@bot, siapa ..." leaves a stray comma or colon in front.
    return question.lstrip(",:;").strip()


def message_text(message: Message) -> str:
    """What ``message`` says: its text, or the caption of its photo, video or document
    (a question can come as either), as :func:`whole_text`."""
    return whole_text(message.text or message.caption or "")


def whole_text(text: str) -> str:
    """``text`` with each lone surrogate (JSON's "\\ud83d" alone: no Telegram client
    sends one, anyone may) made "\ufffd", one UTF-16 code unit as it was, so entity
    offsets still hold. Neither UTF-16 nor UTF-8 has a code for it: cutting entities
    and logging the question raised UnicodeEncodeError."""
    return LONE_SURROGATE_RE.sub("\ufffd", text) if LONE_SURROGATE_RE.search(text) else text


def message_entities(message: Message) -> tuple[Entity, ...]:
    """The entities of ``message_text`` (the text's, else the caption's), as ``bot.policy`` reads them."""
    return tuple(
        Entity(entity.type, entity.offset, entity.length, entity.user.id if entity.user else None)
        for entity in (message.entities if message.text else message.caption_entities)
    )


def heard(message: Message) -> Heard:
    """``message`` as ``bot.policy.addressed`` reads it."""
    replied = message.reply_to_message
    return Heard(
        chat_kind=message.chat.type,
        text=message_text(message),
        entities=message_entities(message),
        replies_to=replied.from_user.id if replied is not None and replied.from_user is not None else None,
        automatic_forward=bool(message.is_automatic_forward),
    )


def message_question(message: Message, bot_username: str | None, bot_id: int) -> str:
    """The question in a message's text or caption (see extract_question), without the
    bot's name where a text mention gives it ("Tanya, siapa ..." with "Tanya" linked to
    the bot)."""
    # Entity offsets count UTF-16 code units; cut from the last so earlier ones stay put.
    encoded = message_text(message).encode("utf-16-le")
    for entity in sorted(message_entities(message), key=lambda e: e.offset, reverse=True):
        span = entity_span(encoded, entity)
        if span is not None and entity.kind == TEXT_MENTION and entity.user_id == bot_id:
            encoded = encoded[: span[0]] + " ".encode("utf-16-le") + encoded[span[1] :]
    return extract_question(encoded.decode("utf-16-le"), bot_username)


def mentions_bot(message: Message, bot_username: str | None, bot_id: int) -> bool:
    """Whether the message's text or caption names the bot (``bot.policy.mentions``)."""
    return mentions(message_text(message), message_entities(message), bot_username, bot_id)


def asked_question(message: Message, bot_username: str | None, bot_id: int) -> str:
    """The question ``message`` asks (see message_question); for an /ask or a mention
    with none, sent as a reply to someone's message, that message's text: "/ask" under
    a member's "siapa Pjs Bupati OKU Timur?" asks it. Not under the bot's own messages,
    whose text is an answer, not a question."""
    question = message_question(message, bot_username, bot_id)
    replied = message.reply_to_message
    if question or replied is None or (replied.from_user is not None and replied.from_user.id == bot_id):
        return question
    return message_question(replied, bot_username, bot_id)


def inline_results(result: Result, language: str) -> list[InlineQueryResultArticle]:
    """Each answer as an article: the title, a short description, and the cited excerpt
    as the message sent when it is chosen."""
    results = []
    for position, answer in enumerate(result.answers[:INLINE_RESULTS]):
        alone = replace(result, answers=(answer,))  # no "answer 1 of 3" line in a lone message
        content = render_html_parts(present_answer(alone, language))[0]
        results.append(
            InlineQueryResultArticle(
                id=str(position),
                title=without_bidi_controls(answer.title).strip() or answer.doc_id,  # Telegram refuses an empty title
                description=shorten(without_bidi_controls(answer.excerpt), INLINE_DESCRIPTION_CHARS),
                input_message_content=InputTextMessageContent(content, parse_mode=ParseMode.HTML),
            )
        )
    return results


def shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def update_kind(update: Update) -> str:
    """Which kind of update this is, for log lines."""
    for kind in UPDATE_KINDS:
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


def file_url_for(base_url: str) -> str:
    """The Bot API file URL beside ``base_url``, as Telegram lays them out:
    https://host/bot -> https://host/file/bot (a "{token}" placeholder is kept)."""
    head, _, last = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{last}"


# -- delivery: retries through transient failures -------------------------------------

# Back-off between tries of a failing Bot API call: 0.5, 1, 2, 4, 8, 8, ... seconds, each
# cut by up to half at random so that calls failing together do not retry together.
RETRY_FIRST_DELAY = 0.5
RETRY_MAX_DELAY = 8.0
# A try that starts near the end of the retry budget still gets this long to answer.
RETRY_MIN_ATTEMPT_SECONDS = 1.0
# Requests that never left (no connection, no free connection, the write failed):
# sending them again cannot duplicate anything.
UNSENT_CAUSES = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError, httpx.WriteTimeout)
# Methods Telegram carries out once per call and that show something to a user; retried
# after an unknown outcome, they may show it twice (see Failure.UNKNOWN).
NOT_IDEMPOTENT = frozenset({"sendMessage"})


class InvalidReply(TelegramError):
    """The body of a Bot API answer is not JSON: a proxy's page or garbage, not Telegram's."""


class QuietRequest(HTTPXRequest):
    """PTB's HTTPX request, except that a body that is not JSON raises InvalidReply
    ("Invalid server response", as PTB says) without PTB's ERROR log of the whole body
    with a traceback first: once a try per answer while a proxy is down, that would
    bury the one line that matters."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        try:
            return json.loads(payload.decode("utf-8", "replace"))
        except ValueError as error:
            raise InvalidReply("Invalid server response") from error


# How much of PTB's complaint about an update a log line keeps.
UNREADABLE_DETAIL = 200
# The kinds of update that carry a message, which always has its chat.
MESSAGE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post", "business_message", "edited_business_message")


def readable_update(data: object) -> dict[str, Any] | None:
    """``data`` as python-telegram-bot can read it, or None when it is no update (not
    an object, no numeric ``update_id``). One PTB cannot read (a field it requires and
    an older or other Bot API server leaves out) is logged in one line, by its number
    alone (its content is a user's), and stands as an empty update of that number:
    answered by no handler, it still moves the offset on, where one unreadable update
    had the batch asked for again, for ever."""
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    try:
        message = next((data[kind] for kind in MESSAGE_KINDS if kind in data), None)
        if message is not None and not (isinstance(message, dict) and isinstance(message.get("chat"), dict)):
            raise TypeError("a message without its chat")  # PTB takes it, and every handler fails on it
        Update.de_json(data, None)
    except Exception as error:  # noqa: BLE001 - whatever PTB makes of it, it is one update lost
        detail = " ".join(f"{type(error).__name__}: {error}".split())[:UNREADABLE_DETAIL]
        logger.warning("Skipped update %d: python-telegram-bot cannot read it (%s)", data["update_id"], detail)
        return {"update_id": data["update_id"]}
    return data


# The statuses PTB raises InvalidToken for (telegram.request.BaseRequest): 401 and 404.
TOKEN_REFUSED = (HTTPStatus.UNAUTHORIZED, HTTPStatus.NOT_FOUND)
# getUpdates answered 404 this many times in a row while polling: the token is taken as
# refused. The Bot API says 401 for a revoked token, and a token it cannot read was
# refused at the start; a 404 after that is most likely a proxy's passing misrouting,
# which ended the bot with status 2, one systemd does not restart. The
# polling loop's pauses between tries (1 s, growing by half to 30) make ten some 100 s.
NOT_FOUND_LIMIT = 10


class UpdatesRequest(QuietRequest):
    """The request getUpdates goes through: each update of the answer is read on its own
    (:func:`readable_update`), where PTB reads the batch at once and, failing on one,
    logs the whole batch (every user's messages) and asks for the same batch again,
    some two hundred times a second. An answer holding an update without a numeric
    ``update_id`` is no Bot API answer (a proxy's garbage): refused as InvalidReply,
    and so tried again after a pause, where it ended polling for good."""

    # Called when the Bot API refuses the token (revoked at BotFather): PTB ends its
    # polling loop and the bot would live on, deaf (set by watch_token_refusal). True
    # when it stopped the polling for it; False when polling had already stopped (PTB's
    # last getUpdates at a shutdown), which then goes on with PTB's own error.
    token_refused: Callable[[], bool] | None = None
    # Whether polling is under way (set with token_refused): a 404 is tried again then.
    polling: Callable[[], bool] | None = None

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        answer = QuietRequest.parse_json_payload(payload)
        if not isinstance(answer, dict):
            raise InvalidReply("Invalid server response: no JSON object")  # PTB failed on it with a CRITICAL traceback
        if answer.get("ok") is not True:
            return answer  # an error: PTB says which
        updates = answer.get("result")
        if not isinstance(updates, list):
            raise InvalidReply("Invalid server response: no list of updates")
        read = [readable_update(data) for data in updates]
        if any(data is None for data in read):
            raise InvalidReply("Invalid server response: an update without a numeric update_id")
        return {**answer, "result": read}

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if code not in TOKEN_REFUSED:
            self._not_found = 0
            return code, payload
        if code == HTTPStatus.NOT_FOUND:
            if self.polling is None or not self.polling():
                # The last getUpdates of a stop, or one in flight as it came: a 404 then is
                # no refusal either (one 404 at a stop was status 2).
                raise InvalidReply("404 Not Found")
            if self._not_found < NOT_FOUND_LIMIT - 1:
                self._not_found += 1
                raise InvalidReply(f"404 Not Found ({self._not_found} in a row; the token is taken as refused at {NOT_FOUND_LIMIT})")
        if self.token_refused is not None and not self._refusal_told:
            self._refusal_told = True
            if self.token_refused():
                # Never answered: the stop under way cancels this call. Answered, PTB
                # raised InvalidToken, which ended its polling task with an error its
                # shutdown raised again, cutting the shutdown short (tasks left pending).
                await asyncio.get_running_loop().create_future()
        return code, payload

    _refusal_told = False
    _not_found = 0


class Failure(enum.Enum):
    """How a failed Bot API call failed, when trying it again may help."""

    # Telegram did not carry it out: it never got the request, or it (or a proxy in
    # front of it) answered with an error status or a page that is not the Bot API's.
    UNSENT = "unsent"
    # The request went out and no answer came back (connection reset or closed, read
    # timeout): Telegram may have carried it out. The Bot API has no idempotency key,
    # so a message sent again then shows twice; unavoidable short of losing it.
    UNKNOWN = "unknown"


class GaveUp(NetworkError):
    """A Bot API call still failing when its retry budget ran out."""


def transient_failure(error: BaseException) -> Failure | None:
    """How ``error`` failed, if it is the kind that passes (a 5xx, a reset, a timeout, an
    answer that is not the Bot API's); None for answers that trying again won't change
    (400 Bad Request, 401, 403, 409), for 429 (the rate limiter waits those out) and for
    a GaveUp (its budget is spent)."""
    if isinstance(error, InvalidReply):
        return Failure.UNSENT
    if not isinstance(error, NetworkError) or isinstance(error, (BadRequest, GaveUp)):
        return None
    cause = error.__cause__
    if isinstance(cause, (InvalidReply, *UNSENT_CAUSES)):
        return Failure.UNSENT
    if cause is None and not isinstance(error, TimedOut):
        # PTB's own NetworkError for an HTTP error status (5xx, and the other statuses it
        # has no error class for): an answer, saying the call failed.
        return Failure.UNSENT
    return Failure.UNKNOWN


def retry_delay(tries: int) -> float:
    """Seconds to wait after the ``tries``-th failed try."""
    return min(RETRY_MAX_DELAY, RETRY_FIRST_DELAY * 2 ** (tries - 1)) * random.uniform(0.5, 1.0)


class Stopping:
    """When the bot was told to stop (None: not yet), shared by the limiter's calls, and
    an event set once the stop's grace is over (in the loop the stop came from)."""

    since: float | None = None

    def __init__(self) -> None:
        self.over = asyncio.Event()

    def start(self) -> None:
        """The bot is told to stop now."""
        if self.since is not None:
            return
        self.since = time.monotonic()
        try:
            asyncio.get_running_loop().call_later(STOP_GRACE_SECONDS, self.over.set)
        except RuntimeError:  # no loop running: the calls' own checks of the time alone
            pass

    def past_grace(self) -> bool:
        """Whether the stop came STOP_GRACE_SECONDS ago or more: tries go on that long
        after it, so that an answer still being sent gets through one passing failure
        (a stop's first 502 lost a fetched question)."""
        return self.since is not None and time.monotonic() - self.since >= STOP_GRACE_SECONDS


class RetriedCall:
    """One Bot API call, tried again through transient failures until ``budget`` seconds
    after its first try (the last try may take RETRY_MIN_ATTEMPT_SECONDS beyond). Its ``call`` stands in for PTB's request callback inside the
    rate limiter, so a 429 still goes to the limiter, which waits and calls again; the
    budget runs on from the first try."""

    def __init__(
        self, callback: Callable[..., Awaitable[Any]], endpoint: str, chat_id: object, budget: float, read_timeout: float,
        stopping: Stopping | None = None,
    ) -> None:
        self.callback = callback
        self.endpoint = endpoint
        self.chat_id = chat_id
        self.budget = budget
        self.read_timeout = read_timeout
        self.tries = 0
        self.started: float | None = None
        self.in_flight = False  # a try sent and not yet answered
        # When the bot was told to stop: no try STOP_GRACE_SECONDS after it.
        self.stopping = stopping or Stopping()

    async def call(self, *args: Any, **kwargs: Any) -> Any:
        if self.started is None:
            self.started = time.monotonic()
        while True:
            self.tries += 1
            self.in_flight = True
            try:
                return await self.callback(*args, **self._timeouts(kwargs))
            except TelegramError as error:
                self.in_flight = False
                failure = transient_failure(error)
                if failure is None:
                    raise
                elapsed = time.monotonic() - self.started
                if elapsed >= self.budget or self.stopping.past_grace():
                    stopping = "; the bot is stopping" if self.stopping.since is not None else ""
                    raise GaveUp(f"{self.endpoint} failed {self.tries} time(s) in {elapsed:.0f} s{stopping}, last: {error}") from error
                # The last wait is cut short, so that the last try comes as the budget ends.
                delay = min(retry_delay(self.tries), self.budget - elapsed)
                self._log_retry(failure, error, delay)
                await self._wait(delay)

    async def _wait(self, delay: float) -> None:
        """Sleep ``delay`` seconds, or less once the stop's grace is over: a stop during
        an outage waited for every call's retries (57 s against systemd's 30)."""
        end = time.monotonic() + delay
        while not self.stopping.past_grace() and (left := end - time.monotonic()) > 0:
            await asyncio.sleep(min(left, STOP_CHECK_SECONDS))

    def _timeouts(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """``kwargs`` with the read timeout of a try after the first cut to what is left of
        the budget, so that the last try ends near the budget rather than a whole timeout
        after it. The first try always gets the whole read timeout: a slow answer is
        still an answer."""
        # A number is the caller's own timeout; otherwise PTB's default placeholder.
        if self.tries <= 1 or self.started is None or isinstance(kwargs.get("read_timeout"), (int, float)):
            return kwargs
        left = self.budget - (time.monotonic() - self.started)
        return {**kwargs, "read_timeout": min(self.read_timeout, max(left, RETRY_MIN_ATTEMPT_SECONDS))}

    def _log_retry(self, failure: Failure, error: TelegramError, delay: float) -> None:
        if failure is Failure.UNKNOWN and self.endpoint in NOT_IDEMPOTENT:
            # The one way a message shows twice: worth a line of its own.
            logger.info(
                "%s to %s: no answer (%s); sending it again in %.1f s, which shows it twice if it did arrive",
                self.endpoint, chat_in_log(self.chat_id), error, delay,
            )
        else:
            logger.debug("%s to %s failed (%s); try %d again in %.1f s", self.endpoint, chat_in_log(self.chat_id), error, self.tries + 1, delay)


# How often a wait between tries looks whether the bot was told to stop.
STOP_CHECK_SECONDS = 0.1
# How long after a stop failing calls are still tried again: an answer on its way gets
# through a passing failure, and the stop ends well within systemd's TimeoutStopSec (30).
STOP_GRACE_SECONDS = 5.0
# How often a request refused with 429 is retried after waiting the time Telegram asks:
# a busy bot may be asked to wait several times over (at 3 the fourth 429 lost the
# answer); past these the answer is given up with a warning (error_handler).
RATE_LIMIT_RETRIES = 5


# Chats whose pause is remembered at once; past it, those whose pause is over are forgotten.
PAUSED_CHATS = 1024


class RetryingRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter (Telegram's flood limits kept) whose calls are also tried again
    through transient failures, for up to ``retry_seconds`` each (0: never), and whose
    429s are waited out chat by chat, up to ``max_retries`` times a call. Every Bot API
    call but getUpdates passes here; polling retries by itself.

    PTB's own limiter halts every chat's calls while one waits: one group's flood limit
    (20 messages a minute) held up the answers of every other chat for as long as
    Telegram asked that group to wait. A 429 is asked of one chat; the others' calls go
    on. (A flood of the whole bot is asked of every chat it writes to, each of which then
    waits its turn.) Calls of no chat (an inline query's answer) wait for one another."""

    def __init__(self, retry_seconds: float, read_timeout: float, max_retries: int = 0, **kwargs: Any) -> None:
        # PTB's limiter gives each 429 back at once (0 retries); they are waited out here.
        super().__init__(max_retries=0, **kwargs)
        self.retry_seconds = retry_seconds
        self.read_timeout = read_timeout
        self.retries = max_retries
        self._paused_until: dict[object, float] = {}  # chat id (None: no chat) -> loop time
        self.stopping = Stopping()

    def stop_retrying(self) -> None:
        """The bot is stopping: STOP_GRACE_SECONDS from now no call is tried again, each
        giving up at its next failure, a wait between tries ends within
        STOP_CHECK_SECONDS, and a call still waiting for its turn under the flood limits
        is given up."""
        self.stopping.start()

    async def process_request(
        self, callback: Callable[..., Any], args: Any, kwargs: dict[str, Any], endpoint: str, data: dict[str, Any], rate_limit_args: int | None
    ) -> Any:
        chat = data.get("chat_id")
        retried = RetriedCall(callback, endpoint, chat, self.retry_seconds, self.read_timeout, self.stopping)
        retries = rate_limit_args or self.retries
        for attempt in range(retries + 1):
            await self._paused(chat)
            try:
                return await self._within_grace(super().process_request(retried.call, args, kwargs, endpoint, data, None), retried)
            except RetryAfter as error:
                if attempt == retries or self.stopping.past_grace():
                    raise  # given up: the error handler says so, naming the chat
                wait = seconds_asked(error) + 0.1
                logger.info("Telegram asked %s to wait %.1f s (%s): waited out in that chat alone", chat_in_log(chat), wait, endpoint)
                self._pause(chat, wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _within_grace(self, call: Awaitable[Any], retried: RetriedCall) -> Any:
        """``call``'s result; GaveUp once the stop's grace is over while it still waits for
        its turn under the flood limits (PTB's limiter: a group's 20 messages a minute),
        a try not yet sent. A group's backlog at a stop went out at that pace past
        systemd's TimeoutStopSec, which then killed the bot (35 answers, 45 s)."""
        task = asyncio.ensure_future(call)
        grace = asyncio.ensure_future(self.stopping.over.wait())
        try:
            await asyncio.wait((task, grace), return_when=asyncio.FIRST_COMPLETED)
        except BaseException:  # the caller cancelled: so is the call (asyncio.wait would leave it running)
            task.cancel()
            raise
        finally:
            grace.cancel()
        if task.done() or retried.in_flight:
            return await task
        task.cancel()
        raise GaveUp(f"{retried.endpoint} to {chat_in_log(retried.chat_id)} given up after {retried.tries} try(s): the bot is stopping")

    async def _paused(self, chat: object) -> None:
        """Return once ``chat``'s pause, if any, is over (another 429 may lengthen it), or
        once a stop's grace is over: a stop waited out every 429 (3 of 25 s)."""
        loop = asyncio.get_running_loop()
        while not self.stopping.past_grace() and (left := self._paused_until.get(chat, 0.0) - loop.time()) > 0:
            await asyncio.sleep(min(left, STOP_CHECK_SECONDS))

    def _pause(self, chat: object, seconds: float) -> None:
        now = asyncio.get_running_loop().time()
        if len(self._paused_until) >= PAUSED_CHATS:
            self._paused_until = {c: until for c, until in self._paused_until.items() if until > now}
        self._paused_until[chat] = max(self._paused_until.get(chat, 0.0), now + seconds)


def seconds_asked(error: RetryAfter) -> float:
    """The seconds a 429 asks to wait. Read as PTB's own limiter reads them: its public
    attribute, an int, warns of its change to a timedelta."""
    period = getattr(error, "_retry_after", None)
    return period.total_seconds() if isinstance(period, timedelta) else float(error.retry_after)  # type: ignore[arg-type]



# -- delivery: updates of many chats at once, each once -------------------------------

# update_ids remembered to drop an update delivered again: about an hour of a busy bot's
# traffic (30 updates a second), in some 8 MB.
RECENT_UPDATES = 100_000


class RecentIds:
    """The last ``size`` ids added, to tell a new one from one seen before."""

    def __init__(self, size: int = RECENT_UPDATES) -> None:
        self.size = size
        self._order: deque[int] = deque()
        self._ids: set[int] = set()

    def add(self, value: int) -> bool:
        """Remember ``value``; False when it was already remembered."""
        if value in self._ids:
            return False
        if len(self._order) >= self.size:
            self._ids.discard(self._order.popleft())
        self._order.append(value)
        self._ids.add(value)
        return True


def ordering_key(update: object) -> Hashable | None:
    """What an update must wait its turn behind: earlier updates of its chat (messages,
    button presses), or, with no chat (inline queries), of its user. None: nothing."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Handles the updates of different chats at the same time, so that one busy chat (a
    group at Telegram's 20 messages a minute) does not hold up the others, and those of
    one chat one after another, in the order they came, so that its replies keep the
    order of its questions. An update delivered again (same update_id: Telegram retrying
    a webhook call, or getUpdates answering it twice) is dropped.

    ``max_concurrent_updates`` bounds the chats served at once: an update of a chat that
    is already being served joins that chat's backlog and gives its place back at once,
    so a flood in one chat holds one place, not one per message."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._backlogs: dict[Hashable, deque[Awaitable[Any]]] = {}
        self._seen = RecentIds()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if isinstance(update, Update) and not self._seen.add(update.update_id):
            logger.info("Update %d arrived again; it was handled the first time", update.update_id)
            _discard(coroutine)
            return
        key = ordering_key(update)
        if key is None:
            await coroutine
            return
        backlog = self._backlogs.get(key)
        if backlog is not None:
            backlog.append(coroutine)  # the chat's worker, below, runs it in turn
            return
        backlog = self._backlogs[key] = deque([coroutine])
        try:
            while backlog:
                try:
                    await backlog.popleft()
                except Exception:  # noqa: BLE001 - PTB handles handler errors; this would be its own bug
                    logger.exception("Unexpected error handling an update in %s", key)
        finally:
            del self._backlogs[key]
            for left in backlog:  # only when cancelled, at shutdown
                _discard(left)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: Application.stop has awaited every chat's backlog."""


def _discard(coroutine: Awaitable[Any]) -> None:
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()  # never to be awaited: no "coroutine was never awaited" warning


# -- delivery: the webhook ------------------------------------------------------------

# Telegram's updates take a few kilobytes; a body past this is not Telegram's.
WEBHOOK_BODY_LIMIT = 1 << 20
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookApp(tornado.web.Application):
    """The webhook's web application: one path, Telegram's updates into ``update_queue``."""

    def __init__(self, path: str, bot: ExtBot, update_queue: asyncio.Queue, secret_token: str, body_limit: int = WEBHOOK_BODY_LIMIT) -> None:
        options = {"bot": bot, "update_queue": update_queue, "secret_token": secret_token, "body_limit": body_limit}
        super().__init__([(rf"/{re.escape(path)}/?", WebhookHandler, options)])

    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """Nothing: a line per webhook call (or per stranger's knock) says nothing useful."""


@tornado.web.stream_request_body
class WebhookHandler(tornado.web.RequestHandler):
    """Takes Telegram's webhook calls. The secret header and the declared length are
    checked on the headers alone, before any of the body is read (PTB's own handler
    reads a body of up to 100 MB before looking at the secret); a body without a length
    (chunked) is cut off at the limit as it arrives."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot: ExtBot, update_queue: asyncio.Queue, secret_token: str, body_limit: int) -> None:
        self.bot = bot
        self.update_queue = update_queue
        self.secret_token = secret_token
        self.body_limit = body_limit
        self.body = bytearray()

    def prepare(self) -> None:
        # Compared in constant time, so that timing does not tell how much of a guess was right.
        sent = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(sent.encode("utf-8", "replace"), self.secret_token.encode("utf-8")):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        if self.request.headers.get("Content-Type", "").split(";")[0].strip().lower() != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
        length = self.request.headers.get("Content-Length")
        if length is not None and (not (length.isascii() and length.isdigit()) or int(length) > self.body_limit):
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        self.request.connection.set_max_body_size(self.body_limit)  # type: ignore[union-attr]

    def data_received(self, chunk: bytes) -> None:
        if not self._finished:  # refused already: the rest is not kept
            self.body += chunk

    async def post(self) -> None:
        try:
            # One PTB cannot read is taken, empty (see readable_update): refused, it would
            # be sent again and again, and the updates behind it held back meanwhile.
            data = readable_update(json.loads(self.body))
            update = Update.de_json(data, self.bot) if data is not None else None
        except Exception:  # noqa: BLE001 - whatever is wrong with it, it is no update
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        if update is None:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST)
        self.bot.insert_callback_data(update)
        await self.update_queue.put(update)
