"""How updates come in: fetched by getUpdates (``UpdatesRequest``) or posted to the
webhook (``WebhookApp``), each read on its own (``readable_update``: one PTB cannot read
costs that update alone), then handled chat by chat (``ChatOrderedProcessor``: different
chats at once, those of one chat in order, each update once).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import BaseUpdateProcessor, ExtBot

from bot.telegram_transport import InvalidReply, QuietRequest

logger = logging.getLogger(__name__)


# -- each update read on its own -------------------------------------------------------

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


# -- updates of many chats at once, each once -----------------------------------------

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


# -- the webhook ----------------------------------------------------------------------

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
