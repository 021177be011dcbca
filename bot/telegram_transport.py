"""How the bot's Bot API calls travel: each through PTB's HTTPX request (``QuietRequest``,
a body that is not JSON one line, not a logged page), tried again through transient
failures within a time budget (``RetriedCall``: a 5xx, a reset, a timeout), and a 429
waited out in its chat alone (``RetryingRateLimiter``); a stop ends the retries within
a grace (``Stopping``). Every call but getUpdates passes the limiter; how updates come
in is ``bot.telegram_updates``.
"""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import HTTPXRequest

from bot.logs import chat_in_log

logger = logging.getLogger(__name__)


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


def file_url_for(base_url: str) -> str:
    """The Bot API file URL beside ``base_url``, as Telegram lays them out:
    https://host/bot -> https://host/file/bot (a "{token}" placeholder is kept)."""
    head, _, last = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{last}"
