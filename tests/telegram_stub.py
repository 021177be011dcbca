"""A stand-in for the Telegram Bot API, so the bot can be tested over real HTTP.

``StubBotAPI`` serves ``/bot<token>/<method>`` on 127.0.0.1 (a stdlib
ThreadingHTTPServer in a thread, on a free port). It hands out queued updates through
getUpdates (long polling with short waits), records every call with its parsed
parameters (JSON, form or query string bodies), and refuses what Telegram refuses:

* a wrong token: 401 Unauthorized, for every method;
* text over 4096 characters: "Bad Request: message is too long" (counted on the HTML
  as sent, which is stricter than Telegram and is what ``render_html_parts`` promises);
* HTML that Telegram cannot parse: unknown or unbalanced tags, unescaped ``<``, ``>``
  or ``&``, unknown entities: "Bad Request: can't parse entities: ...";
* callback data over 64 bytes, edits of unknown messages, edits that change nothing,
  answers to unknown or already answered queries, replies to missing messages.

Faults can be scheduled, each for the next call (or ``times`` calls) of a method,
optionally only to one chat:

* ``fail_next("sendMessage", 429, retry_after=1)`` or ``fail_next("getUpdates", 502)``
  answer as Telegram does when it refuses;
* ``garble_next("getMe", 502, PROXY_ERROR_PAGE)`` or ``garble_next("getMe", 200,
  "garbage")`` answer with a body that is not the Bot API's, as a proxy in the way does;
* ``reset_next("sendMessage")`` resets the connection instead of answering; with
  ``carried_out=True`` the call is carried out first, so only its answer is lost;
* ``delay_next("sendMessage", 6)`` carries the call out at once and answers late.

``go_down()`` and ``come_up()`` (or ``restart(seconds)``) stop and resume the server as
a restart does: open connections are closed, new ones refused, and it comes back on the
same port with everything it held. ``redeliver(update)`` hands an update out again,
whatever the offset, as Telegram now and then does.

Tests get this module from fixtures in ``conftest.py`` (``stub_api``, the module, and
``telegram_stub``, a running server), not by importing it: ``tests`` is no package, and
whether its directory is on ``sys.path`` depends on pytest's import mode.

The builders (``private_message``, ``group_message``, ``channel_post``, ...) make
updates as Telegram would send them, entities included, and register their chats and
messages so that replies to them are valid; ``push`` queues an update for getUpdates.
"""

from __future__ import annotations

import itertools
import json
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

T = TypeVar("T")

TOKEN = "123456:TEST-token-AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ew"
BOT_ID = 123456
BOT_USERNAME = "tanya_test_bot"
MESSAGE_LIMIT = 4096
CALLBACK_ANSWER_LIMIT = 200
CALLBACK_DATA_LIMIT = 64
ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote"}
)
ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
# Parameters Telegram takes as JSON-serialized objects in form bodies.
JSON_FIELDS = frozenset(
    {"reply_markup", "reply_parameters", "results", "commands", "scope", "link_preview_options",
     "allowed_updates", "entities", "button", "caption_entities"}
)
# What nginx answers when the server behind it is down.
PROXY_ERROR_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
START_PARAMETER_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
BOT_COMMAND_ENTITY_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
MENTION_ENTITY_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}\b")


class ParseEntitiesError(ValueError):
    """Telegram would answer "Bad Request: can't parse entities: <message>"."""


class ApiError(Exception):
    """The stub's answer to a call it does not carry out: Telegram's error object, or
    ``body`` as it is (with ``content_type``) for an answer that is not the Bot API's."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None,
        body: str | None = None, content_type: str = "application/json",
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters
        self.body = body
        self.content_type = content_type


class _TelegramHTML(HTMLParser):
    """Telegram's HTML parse mode: a few tags, properly nested, four named entities."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.visible: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise ParseEntitiesError(f'Unsupported start tag "{tag}" at byte offset {self.getpos()[1]}')
        if tag == "span" and dict(attrs).get("class") != "tg-spoiler":
            raise ParseEntitiesError('Tag "span" must have class "tg-spoiler"')
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise ParseEntitiesError(f'Unsupported start tag "{tag}/" at byte offset {self.getpos()[1]}')

    def handle_endtag(self, tag: str) -> None:
        if not self.open:
            raise ParseEntitiesError(f'Unexpected end tag "{tag}" at byte offset {self.getpos()[1]}')
        if self.open[-1] != tag:
            raise ParseEntitiesError(f'Can\'t find end tag corresponding to start tag "{self.open[-1]}"')
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for character in "<>&":
            if character in data:
                raise ParseEntitiesError(f'Unescaped "{character}" in text at byte offset {self.getpos()[1]}')
        self.visible.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ENTITIES:
            raise ParseEntitiesError(f'Unsupported HTML entity "&{name};"')
        self.visible.append(unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.visible.append(unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        raise ParseEntitiesError("Unsupported comment")

    def handle_decl(self, decl: str) -> None:
        raise ParseEntitiesError("Unsupported declaration")

    def handle_pi(self, data: str) -> None:
        raise ParseEntitiesError("Unsupported processing instruction")

    def unknown_decl(self, data: str) -> None:
        raise ParseEntitiesError("Unsupported declaration")


def check_html(markup: str) -> str:
    """The visible text of Telegram HTML ``markup``; ParseEntitiesError when Telegram
    would refuse it."""
    parser = _TelegramHTML()
    parser.feed(markup)
    parser.close()
    if parser.open:
        raise ParseEntitiesError(f'Can\'t find end tag corresponding to start tag "{parser.open[-1]}"')
    return "".join(parser.visible)


def utf16_length(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def entities_for(value: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities Telegram would attach to ``value``."""
    entities = []
    command = BOT_COMMAND_ENTITY_RE.match(value)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_length(command.group())})
    for mention in MENTION_ENTITY_RE.finditer(value):
        entities.append({"type": "mention", "offset": utf16_length(value[: mention.start()]), "length": utf16_length(mention.group())})
    return entities


@dataclass
class Call:
    """One request the bot made: its method, parameters, and how the stub answered."""

    method: str
    params: dict[str, Any]
    status: int
    result: Any
    at: float
    garbled: bool = False  # answered with a body that is not the Bot API's
    lost: bool = False  # carried out, but the connection was reset before the answer

    @property
    def ok(self) -> bool:
        """Whether Telegram carried the call out (whether or not the bot heard so)."""
        return self.status == 200 and not self.garbled

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))


@dataclass
class _Fault:
    method: str
    status: int
    description: str
    retry_after: int | None
    chat_id: int | None
    body: str | None = None
    content_type: str = "application/json"
    kind: str = "error"  # "error" (an answer), "reset", "lost" (reset after carrying out), "delay"
    delay: float = 0.0
    times: int = 1
    params: dict[str, str] | None = None  # met only by calls with these parameters

    def meets(self, method: str, params: dict[str, Any]) -> bool:
        """Whether a call of ``method`` with ``params`` meets this fault."""
        return (
            self.method == method
            and (self.chat_id is None or str(self.chat_id) == str(params.get("chat_id")))
            and all(str(params.get(name)) == value for name, value in (self.params or {}).items())
        )


class _Reset(Exception):
    """Reset the connection rather than answer."""

# SO_LINGER on, 0 seconds: close() sends a reset, not an orderly FIN.
_LINGER_RESET = struct.pack("ii", 1, 0)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A bot that stops drops its long-poll connection; that is no error of the stub's.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class StubBotAPI:
    """The stand-in Bot API server; see the module docstring."""

    def __init__(self, token: str = TOKEN, username: str = BOT_USERNAME, long_poll_cap: float = 1.0) -> None:
        self.token = token
        self.bot_user = {
            "id": BOT_ID, "is_bot": True, "first_name": "Tanya", "username": username,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True,
        }
        self.long_poll_cap = long_poll_cap
        self.condition = threading.Condition()
        self.updates: list[dict[str, Any]] = []
        self.calls_made: list[Call] = []
        self.received: list[str] = []  # every method called, as soon as it arrives
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {}
        self._faults: list[_Fault] = []
        self._again: list[dict[str, Any]] = []  # updates getUpdates hands out once more
        self._connections: set[socket.socket] = set()
        self._reserved: socket.socket | None = None  # holds the port while down
        self._port_while_down = 0
        self._open_queries: set[str] = set()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self.files: dict[str, bytes] = {}  # file_id -> content, for getFile and /file/ downloads
        self._closed = False
        self._server: ThreadingHTTPServer | None = None

    # -- running -------------------------------------------------------------------

    def start(self) -> StubBotAPI:
        self._listen(0)
        return self

    def _listen(self, port: int) -> None:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
            # TCP_NODELAY: without it, the body written after the headers waits for the
            # headers' ACK, which the client delays ~40 ms (Nagle + delayed ACK) per call.
            disable_nagle_algorithm = True

            def setup(self) -> None:
                super().setup()
                with stub.condition:
                    stub._connections.add(self.connection)

            def finish(self) -> None:
                with stub.condition:
                    stub._connections.discard(self.connection)
                try:
                    super().finish()
                except OSError:
                    pass  # reset by a fault: nothing left to flush

            def do_POST(self) -> None:
                stub._serve(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = _Server(("127.0.0.1", port), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), name="stub-bot-api", daemon=True).start()

    def close(self) -> None:
        with self.condition:
            self._closed = True
            self.condition.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        if self._reserved:
            self._reserved.close()

    def go_down(self) -> None:
        """Stop as a restarting server does: the port refuses connections (it stays bound,
        so no one else takes it) and open connections are closed, calls in flight
        carried out or not, unanswered."""
        assert self._server is not None and self._reserved is None, "the stub is not up"
        port = self.port
        self._server.shutdown()
        self._server.server_close()
        self._reserved = socket.socket()
        self._reserved.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._reserved.bind(("127.0.0.1", port))  # bound, not listening: connections are refused
        self._port_while_down = port
        with self.condition:
            connections = list(self._connections)
            self.condition.notify_all()
        for connection in connections:
            try:
                # An orderly close: a reset could also discard an answer already sent,
                # which the stub would then count as received.
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def come_up(self) -> None:
        """Serve again on the same port, with everything held before."""
        assert self._reserved is not None, "the stub is not down"
        self._listen(self._port_while_down)  # SO_REUSEADDR: beside the reserving socket
        self._reserved.close()
        self._reserved = None

    def restart(self, down_for: float) -> threading.Thread:
        """go_down now and come_up ``down_for`` seconds later (in a thread, returned)."""
        self.go_down()
        thread = threading.Timer(down_for, self.come_up)
        thread.start()
        return thread

    @property
    def is_down(self) -> bool:
        return self._reserved is not None

    @property
    def port(self) -> int:
        if self._reserved is not None:
            return self._port_while_down
        assert self._server is not None, "start() the stub first"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def username(self) -> str:
        return self.bot_user["username"]

    # -- what tests use ------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue ``update`` for getUpdates."""
        with self.condition:
            self.updates.append(update)
            self.condition.notify_all()
        return update

    def fail_next(
        self, method: str, status: int, description: str | None = None, retry_after: int | None = None,
        chat_id: int | None = None, times: int = 1, params: dict[str, str] | None = None,
    ) -> None:
        """Answer the next call (``times`` calls) of ``method`` (to ``chat_id``, and with
        ``params``, when given) with an error."""
        default = {
            429: f"Too Many Requests: retry after {retry_after}", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout",
        }.get(status, "Bad Request")
        self._add_fault(_Fault(method, status, description or default, retry_after, chat_id, times=times, params=params))

    def garble_next(self, method: str, status: int, body: str, content_type: str = "text/html", chat_id: int | None = None, times: int = 1) -> None:
        """Answer the next call (``times`` calls) of ``method`` (to ``chat_id`` when given)
        with ``body`` as it is: a proxy's error page, or garbage."""
        self._add_fault(_Fault(method, status, body, None, chat_id, body, content_type, times=times))

    def reset_next(self, method: str, chat_id: int | None = None, carried_out: bool = False, times: int = 1) -> None:
        """Reset the connection of the next call (``times`` calls) of ``method`` instead of
        answering; with ``carried_out``, after carrying the call out (its answer is lost)."""
        self._add_fault(_Fault(method, 0, "connection reset", None, chat_id, kind="lost" if carried_out else "reset", times=times))

    def delay_next(self, method: str, seconds: float, chat_id: int | None = None, times: int = 1) -> None:
        """Carry out the next call (``times`` calls) of ``method`` at once, and answer it
        ``seconds`` later."""
        self._add_fault(_Fault(method, 200, "slow", None, chat_id, kind="delay", delay=seconds, times=times))

    def clear_faults(self) -> None:
        """Forget the faults scheduled and not yet met."""
        with self.condition:
            self._faults.clear()

    def _add_fault(self, fault: _Fault) -> None:
        with self.condition:
            self._faults.append(fault)
            self.condition.notify_all()  # a waiting getUpdates returns, so the next one meets the fault

    def redeliver(self, update: dict[str, Any]) -> dict[str, Any]:
        """Hand ``update`` out again with the next getUpdates, even if it was confirmed."""
        with self.condition:
            self._again.append(update)
            self.condition.notify_all()
        return update

    def was_called(self, method: str) -> bool:
        """Whether ``method`` has been called, whether or not the call has been answered."""
        with self.condition:
            return method in self.received

    def calls(self, method: str | None = None, chat_id: int | None = None, ok: bool | None = None) -> list[Call]:
        with self.condition:
            return [
                c for c in self.calls_made
                if (method is None or c.method == method)
                and (chat_id is None or c.chat_id == chat_id)
                and (ok is None or c.ok == ok)
            ]

    def wait_for(self, predicate: Callable[[], T], timeout: float = 10.0, what: str = "condition") -> T:
        """Poll ``predicate`` until it returns something truthy; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                recent = [(c.method, c.status, c.params.get("chat_id")) for c in self.calls_made[-8:] if c.method != "getUpdates"]
                raise AssertionError(f"timed out waiting for {what}; last calls: {recent}")
            with self.condition:
                self.condition.wait(min(remaining, 0.05))

    def wait_calls(self, method: str, chat_id: int | None = None, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """At least ``count`` successful calls of ``method`` (to ``chat_id``)."""
        return self.wait_for(
            lambda: (found if len(found := self.calls(method, chat_id, ok=True)) >= count else None),
            timeout,
            f"{count} successful {method} call(s) to chat {chat_id}",
        )

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        with self.condition:
            return [
                {k: v for k, v in m.items() if k != "html"}
                for (chat, _), m in sorted(self.messages.items())
                if chat == chat_id and m.get("from", {}).get("id") == BOT_ID
            ]

    # -- update builders -------------------------------------------------------------

    @staticmethod
    def user(user_id: int, language_code: str | None = "id") -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def private_message(self, user_id: int, text: str | None = None, language_code: str | None = "id", **fields: Any) -> dict[str, Any]:
        chat = {"id": user_id, "type": "private", "first_name": f"User{user_id}"}
        return self._message_update("message", chat, self.user(user_id, language_code), text, fields)

    def group_message(self, chat_id: int, user_id: int, text: str | None = None, language_code: str | None = "id", **fields: Any) -> dict[str, Any]:
        chat = {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
        return self._message_update("message", chat, self.user(user_id, language_code), text, fields)

    def channel_post(self, chat_id: int, text: str | None = None, **fields: Any) -> dict[str, Any]:
        chat = {"id": chat_id, "type": "channel", "title": f"Channel {chat_id}"}
        return self._message_update("channel_post", chat, None, text, {"sender_chat": chat, **fields})

    def document(self, content: bytes, file_name: str, mime_type: str = "application/octet-stream", file_size: int | None = None) -> dict[str, Any]:
        """A Document a user sends, its content held for getFile (``file_size`` may claim more)."""
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = content
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name, "mime_type": mime_type, "file_size": file_size or len(content)}

    def edited_message(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        edited = {**message, "text": text, "entities": entities_for(text), "edit_date": int(time.time())}
        return {"update_id": next(self._update_ids), "edited_message": edited}

    def inline_query(self, user_id: int, query: str, language_code: str | None = "id") -> dict[str, Any]:
        query_id = f"iq{next(self._query_ids)}"
        with self.condition:
            self._open_queries.add(query_id)
        body = {"id": query_id, "from": self.user(user_id, language_code), "query": query, "offset": ""}
        return {"update_id": next(self._update_ids), "inline_query": body}

    def callback_query(self, user_id: int, message: dict[str, Any], data: str, language_code: str | None = "id") -> dict[str, Any]:
        """A press of the button with ``data`` under the bot's ``message``."""
        query_id = f"cq{next(self._query_ids)}"
        with self.condition:
            self._open_queries.add(query_id)
            current = self.messages.get((message["chat"]["id"], message["message_id"]), message)
        shown = {k: v for k, v in current.items() if k != "html"}
        body = {"id": query_id, "from": self.user(user_id, language_code), "message": shown, "chat_instance": "1", "data": data}
        return {"update_id": next(self._update_ids), "callback_query": body}

    def inline_callback_query(self, user_id: int, data: str, language_code: str | None = "id") -> dict[str, Any]:
        """A press of a button under a message sent inline: no chat, only the user."""
        query_id = f"cq{next(self._query_ids)}"
        with self.condition:
            self._open_queries.add(query_id)
        body = {"id": query_id, "from": self.user(user_id, language_code), "inline_message_id": f"im{query_id}", "chat_instance": "1", "data": data}
        return {"update_id": next(self._update_ids), "callback_query": body}

    def _message_update(self, kind: str, chat: dict[str, Any], sender: dict[str, Any] | None, text: str | None, fields: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat}
        if sender:
            message["from"] = sender
        if text is not None:
            message["text"] = text
            if entities := entities_for(text):
                message["entities"] = entities
        message.update(fields)
        with self.condition:
            self.chats[chat["id"]] = chat
            self.messages[(chat["id"], message["message_id"])] = message
        return {"update_id": next(self._update_ids), kind: message}

    # -- serving -------------------------------------------------------------------

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        # A download: PTB quotes the path, the token's ":" as "%3A".
        download = re.fullmatch(r"/file/bot(?P<token>[^/]+)/documents/(?P<file_id>[\w-]+)", unquote(url.path))
        if download and download["token"] == self.token and download["file_id"] in self.files:
            self._respond(request, 200, self.files[download["file_id"]], "application/octet-stream")
            return
        match = re.fullmatch(r"/bot(?P<token>[^/]+)/(?P<method>\w+)", url.path)
        if not match:
            self._respond(request, 404, json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}).encode("utf-8"))
            return
        method = match["method"]
        with self.condition:
            self.received.append(method)
            self.condition.notify_all()
        params: dict[str, Any] = {}
        fault: _Fault | None = None
        try:
            params = self._parse(url.query, body, request.headers.get("Content-Type", ""))
            if match["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            fault = self._take_fault(method, params)
            if fault and fault.kind == "reset":
                raise _Reset
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            status, payload = 200, {"ok": True, "result": handler(params)}
            if fault and fault.kind == "lost":
                self._record(Call(method, params, status, payload["result"], time.monotonic(), lost=True))
                raise _Reset
        except _Reset:
            if not (fault and fault.kind == "lost"):
                self._record(Call(method, params, 0, "connection reset", time.monotonic()))
            self._reset(request)
            return
        except ApiError as error:
            status = error.code
            payload = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                payload["parameters"] = error.parameters
            if error.body is not None:
                self._record(Call(method, params, status, error.body, time.monotonic(), garbled=True))
                self._respond(request, status, error.body.encode("utf-8"), error.content_type)
                return
        call = self._record(Call(method, params, status, payload.get("result", payload.get("description")), time.monotonic()))
        if fault and fault.kind == "delay":
            time.sleep(fault.delay)
        if not self._respond(request, status, json.dumps(payload).encode("utf-8")):
            call.lost = True  # the bot hung up, or the stub went down, before the answer

    @staticmethod
    def _reset(request: BaseHTTPRequestHandler) -> None:
        """Drop the connection with a TCP reset, no answer."""
        request.close_connection = True
        try:
            # detach: the file objects the handler still holds no longer keep the socket
            # open, so closing it resets the connection now.
            connection = socket.socket(fileno=request.connection.detach())
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
            connection.close()
        except OSError:
            pass

    def _record(self, call: Call) -> Call:
        with self.condition:
            self.calls_made.append(call)
            self.condition.notify_all()
        return call

    @staticmethod
    def _respond(request: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str = "application/json") -> bool:
        """Answer; False when the connection is gone."""
        try:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except OSError:
            # The bot gave up waiting (a read timeout, or it is stopping), or the stub went
            # down meanwhile: nothing to tell it.
            request.close_connection = True
            return False
        return True

    @staticmethod
    def _parse(query: str, body: bytes, content_type: str) -> dict[str, Any]:
        """Parameters from the query string and a JSON or form body."""
        params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if "json" in content_type and body:
            params.update(json.loads(body))
        elif "multipart" in content_type:
            raise ApiError(400, "Bad Request: the stub does not take multipart bodies")
        elif body:
            params.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()})
        for key in JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                try:
                    params[key] = json.loads(params[key])
                except json.JSONDecodeError:
                    raise ApiError(400, f"Bad Request: can't parse {key} JSON object") from None
        return params

    def _take_fault(self, method: str, params: dict[str, Any]) -> _Fault | None:
        """The fault scheduled for this call, if any; an error fault is raised as ApiError."""
        with self.condition:
            for fault in self._faults:
                if fault.meets(method, params):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    break
            else:
                return None
        if fault.kind == "error":
            parameters = {"retry_after": fault.retry_after} if fault.retry_after else None
            raise ApiError(fault.status, fault.description, parameters, fault.body, fault.content_type)
        return fault

    # -- checks shared by the methods -------------------------------------------------

    @staticmethod
    def _check_text(value: Any, parse_mode: Any) -> str:
        """The visible text of a message to be sent; ApiError as Telegram would refuse it."""
        if not isinstance(value, str) or not value.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(value) > MESSAGE_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        if str(parse_mode or "").lower() == "html":
            try:
                return check_html(value)
            except ParseEntitiesError as error:
                raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None
        return value

    @staticmethod
    def _check_markup(markup: Any) -> None:
        if markup is None:
            return
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            chat = self.chats.get(int(params.get("chat_id")))
        except (TypeError, ValueError):
            chat = None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _close_query(self, query_id: Any) -> None:
        with self.condition:
            if query_id not in self._open_queries:
                raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
            self._open_queries.discard(query_id)

    # -- Bot API methods -------------------------------------------------------------

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), self.long_poll_cap)
        with self.condition:
            while True:
                # As Telegram does, an offset confirms every update before it.
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                remaining = deadline - time.monotonic()
                if self._again:
                    again, self._again = self._again, []
                    return again + self.updates[: max(limit - len(again), 0)]
                if self.updates or self._closed or remaining <= 0 or any(f.method == "getUpdates" and f.params is None for f in self._faults):
                    return self.updates[:limit]
                self.condition.wait(remaining)

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = dict(params)
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        for command in commands:
            if not COMMAND_RE.match(command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[params.get("language_code") or ""] = commands
        return True

    def _api_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(params.get("language_code") or "", [])

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        visible = self._check_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        self._check_markup(markup)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
            "from": self.bot_user, "text": visible,
        }
        reply = params.get("reply_parameters") or ({"message_id": params["reply_to_message_id"]} if "reply_to_message_id" in params else None)
        if reply:
            replied = self.messages.get((chat["id"], int(reply["message_id"])))
            if replied is not None:
                message["reply_to_message"] = {k: v for k, v in replied.items() if k != "reply_to_message"}
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        if markup:
            message["reply_markup"] = markup
        with self.condition:
            self.messages[(chat["id"], message["message_id"])] = {**message, "html": params["text"]}
        return message

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        visible = self._check_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if params.get("inline_message_id"):
            return True
        chat = self._chat(params)
        with self.condition:
            stored = self.messages.get((chat["id"], int(params.get("message_id") or 0)))
            if stored is None or stored.get("from", {}).get("id") != BOT_ID:
                raise ApiError(400, "Bad Request: message to edit not found")
            if stored.get("html") == params["text"] and stored.get("reply_markup") == markup:
                raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
            stored.update({"text": visible, "html": params["text"], "edit_date": int(time.time())})
            if markup:
                stored["reply_markup"] = markup
            else:
                stored.pop("reply_markup", None)
            return {k: v for k, v in stored.items() if k != "html"}

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        if len(params.get("text") or "") > CALLBACK_ANSWER_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._close_query(params.get("callback_query_id"))
        return True

    def _api_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        size = len(self.files[file_id])
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": size, "file_path": f"documents/{file_id}"}

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        results = params.get("results") or []
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = set()
        for result in results:
            if not 1 <= len(str(result.get("id", "")).encode("utf-8")) <= 64 or result["id"] in ids:
                raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
            ids.add(result["id"])
            if result.get("type") != "article" or not result.get("title"):
                raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            self._check_text(content.get("message_text"), content.get("parse_mode"))
        button = params.get("button")
        if button and (not button.get("text") or not START_PARAMETER_RE.match(button.get("start_parameter", ""))):
            raise ApiError(400, "Bad Request: BUTTON_INVALID")
        self._close_query(params.get("inline_query_id"))
        return True
