"""The bot's state, which every handler shares (``TanyaState``, read as
``context.bot_data`` of a ``TanyaContext``): the answer cache behind the buttons under
an answer (``AnswerCache``), inline questions counted by question rather than keystroke
(``InlineDrafts``), and the searches' bounded worker pool with its time budget
(``SearchPool``).
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeAlias

from telegram.ext import CallbackContext, ExtBot

from bot.policy import Admission, SlidingWindowLimiter
from bot.questions_log import QuestionsLog
from bot.service import SearchService
from bot.settings import Settings
from retrieval.search import Result


# Enough for every recent conversation of a busy bot; an evicted entry is re-asked.
ANSWER_CACHE_SIZE = 2048
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
        now, text = self.clock(), " ".join(query.split()).casefold()
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
