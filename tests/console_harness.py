"""What the in-process console tests share: one line typed into the real chat loop
(``bot.console.chat``, piped), and what it shows in reply."""

from __future__ import annotations

import io

from bot.console import PROMPT, chat, piped_reader
from bot.presenter import present_not_found
from bot.render import render_terminal
from bot.service import SearchService
from bot.settings import Settings


def first_reply(service: SearchService, settings: Settings, line: str) -> str:
    """What the console shows in reply to ``line`` typed after the welcome."""
    output = io.StringIO()
    chat(service, settings, piped_reader(io.StringIO(line + "\n"), output), output, False)
    shown = output.getvalue()
    start = shown.index(f"{PROMPT}{line}\n") + len(PROMPT) + len(line) + 1
    return shown[start:].removesuffix(PROMPT + "\n").rstrip("\n")


def not_found_terminal(language: str = "id") -> str:
    """"Not found" as the console shows it, without colour."""
    return render_terminal(present_not_found(language), False)
