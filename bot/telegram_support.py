"""Bookkeeping for the Telegram front end, kept apart from the handlers so it can be
tested without Telegram: who is addressed, what a question is, the answer cache behind
the inline buttons, the per-user question limit, and the inline results.
"""

from __future__ import annotations

import re
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode

from bot.presenter import present_answer, text
from bot.render import render_html_parts
from bot.service import SearchService
from bot.settings import Settings
from retrieval.search import Result

# Telegram refuses buttons whose callback_data is longer than this many bytes.
CALLBACK_DATA_LIMIT = 64
# Enough for every recent conversation of a busy bot; an evicted entry is re-asked.
ANSWER_CACHE_SIZE = 2048
INLINE_RESULTS = 5
INLINE_DESCRIPTION_CHARS = 160

ASK_COMMAND_RE = re.compile(r"^/ask(?:@(?P<bot>\w+))?(?=\s|$)", re.IGNORECASE)
PAGE_DATA_RE = re.compile(r"^(?P<key>[A-Za-z0-9_-]{1,16}):(?P<position>\d{1,3}):(?P<full>[01])$")
SPACES_RE = re.compile(r"\s+")

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


class AnswerCache:
    """Recent questions keyed by a short random id that fits in callback data.

    Bounded: the least recently used entry goes first. An entry answers only in the chat
    it was asked in, so a button forwarded elsewhere cannot reveal it.
    """

    def __init__(self, maxsize: int = ANSWER_CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[str, CachedQuestion] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, entry: CachedQuestion) -> str:
        key = secrets.token_urlsafe(6)  # 8 characters
        while key in self._entries:
            key = secrets.token_urlsafe(6)
        self._entries[key] = entry
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return key

    def get(self, key: str, chat_id: int) -> CachedQuestion | None:
        entry = self._entries.get(key)
        if entry is None or entry.chat_id != chat_id:
            return None
        self._entries.move_to_end(key)
        return entry


class SlidingWindowLimiter:
    """At most ``limit`` events per key within any ``window`` seconds."""

    # Past this many keys, keys whose events have all expired are dropped.
    PRUNE_ABOVE = 10_000

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[int, deque[float]] = {}

    def allow(self, key: int) -> bool:
        """Count one event for ``key``; False (and not counted) when over the limit."""
        now = self.clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        if len(self._events) > self.PRUNE_ABOVE:
            self._prune(now)
        return True

    def _prune(self, now: float) -> None:
        for key in [k for k, events in self._events.items() if not events or now - events[-1] >= self.window]:
            del self._events[key]


@dataclass
class TanyaState:
    """What the handlers share, kept in ``application.bot_data``."""

    settings: Settings
    service: SearchService
    answers: AnswerCache
    limiter: SlidingWindowLimiter


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


def answer_keyboard(key: str, result: Result, position: int, full: bool, language: str) -> InlineKeyboardMarkup | None:
    """Buttons under an answer: previous/next answer, and excerpt/whole paragraph when
    they differ. None when there is nothing to press."""
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
    return InlineKeyboardMarkup(rows) if rows else None


def is_ask_command(message_text: str, bot_username: str | None) -> bool:
    """True for "/ask ..." and "/ask@<this bot> ...", False for another bot's /ask."""
    match = ASK_COMMAND_RE.match(message_text.strip())
    if not match:
        return False
    return match["bot"] is None or (bot_username or "").lower() == match["bot"].lower()


def extract_question(message_text: str, bot_username: str | None) -> str:
    """The question in a message: without a leading /ask command and without mentions
    of the bot, whitespace collapsed."""
    question = message_text.strip()
    match = ASK_COMMAND_RE.match(question)
    if match:
        question = question[match.end() :]
    if bot_username:
        question = re.sub(rf"@{re.escape(bot_username)}\b", " ", question, flags=re.IGNORECASE)
    question = SPACES_RE.sub(" ", question).strip()
    # "@bot, siapa ..." leaves a stray comma or colon in front.
    return question.lstrip(",:;").strip()


def message_question(message: Message, bot_username: str | None, bot_id: int) -> str:
    """The question in a message (see extract_question), without the bot's name where a
    text mention gives it ("Tanya, siapa ..." with "Tanya" linked to the bot)."""
    # Entity offsets count UTF-16 code units; cut from the last so earlier ones stay put.
    encoded = (message.text or "").encode("utf-16-le")
    for entity in sorted(message.entities, key=lambda e: e.offset, reverse=True):
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
            encoded = encoded[:start] + " ".encode("utf-16-le") + encoded[end:]
    return extract_question(encoded.decode("utf-16-le"), bot_username)


def mentions_bot(message: Message, bot_username: str | None, bot_id: int) -> bool:
    """Whether the message names the bot: a mention entity, a text mention, or the text
    "@botname" anywhere."""
    if not message.text or not bot_username:
        return False
    handle = f"@{bot_username.lower()}"
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value.lower() == handle:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
    return re.search(rf"{re.escape(handle)}\b", message.text.lower()) is not None


def is_reply_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


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
                title=answer.title,
                description=shorten(answer.excerpt, INLINE_DESCRIPTION_CHARS),
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
