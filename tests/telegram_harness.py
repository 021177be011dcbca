"""What the in-process Telegram tests share: the bot's Application built on the
stand-in Bot API (``telegram_stub``), run for one scenario of updates.

The updates go through ``Application.process_update`` and every reply goes over real
HTTP to the stub; ``tests/bot_process.py`` is the same bot as a separate process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import Application

from bot.presenter import present_answer
from bot.render import render_html_parts
from bot.service import SearchService
from bot.settings import Settings
from bot.telegram_app import build_application

if TYPE_CHECKING:  # for type checkers only: the tests get the stub from conftest's fixtures
    from telegram_stub import StubBotAPI

ADMIN = 42
BOT_USERNAME = "tanya_test_bot"
SISARDI_QUESTION = "Siapa Pjs Bupati Bengkulu Selatan?"

Send = Callable[[dict], Awaitable[None]]


def expected_answer(service: SearchService, question: str, language: str = "id", position: int = 0) -> str:
    """The first message of the answer the bot should send: the service's own result,
    composed and rendered, so the tests follow whatever retrieval ranks first."""
    result = service.ask(question, Settings().top_k)
    assert result.found
    return render_html_parts(present_answer(result, language, position))[0]


def sent(stub: StubBotAPI, chat_id: int) -> list[str]:
    """The texts of the bot's sendMessage calls to ``chat_id``, as sent (HTML)."""
    return [call.params.get("text") for call in stub.calls("sendMessage", chat_id)]


def make_app(stub: StubBotAPI, service: SearchService, **overrides: object) -> Application:
    """The bot's Application on ``service``, talking to ``stub``, with one admin."""
    settings = Settings(
        token=stub.token,
        api_base_url=stub.base_url,
        corpus=service.corpus_dir,
        index_dir=service.index_dir,
        admin_ids=frozenset({ADMIN}),
        **overrides,  # type: ignore[arg-type]
    )
    return build_application(settings, service)


def run(application: Application, scenario: Callable[[Send], Awaitable[None]], started: bool = False) -> None:
    """Initialize ``application`` against the stub (getMe), run ``scenario`` with a
    ``send(update)`` that processes one update, and shut down. ``started``: started
    and stopped around the scenario, as a running bot is (stopping awaits the tasks of
    non-blocking handlers, /reload's)."""

    async def main() -> None:
        async with application:
            if started:
                await application.start()

            async def send(update: dict) -> None:
                await application.process_update(Update.de_json(update, application.bot))

            try:
                await scenario(send)
            finally:
                if started:
                    await application.stop()

    asyncio.run(main())


def process(application: Application, *updates: dict, started: bool = False) -> None:
    """``run`` with a scenario that sends ``updates`` one after another."""

    async def scenario(send: Send) -> None:
        for update in updates:
            await send(update)

    run(application, scenario, started)
