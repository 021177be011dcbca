"""The bot as its operators run it, ``python -m bot telegram``, in a child process: for the
end-to-end and robustness tests, which drive it against the stand-in Bot API."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from telegram_stub import StubBotAPI

ROOT = Path(__file__).resolve().parent.parent
# Seconds for the bot to start polling (indexing the seeds included), or to exit.
START_TIMEOUT = 30.0


class BotProcess:
    """``python -m bot telegram`` with its options and environment, standard error in a file."""

    def __init__(self, workdir: Path, *options: str, **env: str) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / "stderr.log"
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "TANYA_", "BOT_"))}
        environment.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost", TANYA_INDEX_DIR=str(workdir / "index"))
        environment.update(env)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "telegram", *options],
                cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
            )

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = START_TIMEOUT) -> int:
        return self.process.wait(timeout)

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise AssertionError(f"the bot exited with status {self.process.returncode}:\n{self.log[-3000:]}")

    def wait_for_log(self, stub: StubBotAPI, pattern: str, timeout: float = 10.0) -> str:
        return stub.wait_for(lambda: re.search(pattern, self.log) and self.log, timeout, f"log matching {pattern!r}")

    def wait_until_polling(self, stub: StubBotAPI) -> None:
        # Polling has begun when the first getUpdates arrives; PTB's start-up is over by
        # then. A SIGTERM earlier, while PTB awaits a start-up request (deleteWebhook, say),
        # ends the bot with a NetworkError traceback and status 1.
        def ready() -> bool:
            self.check_alive()
            return stub.was_called("getUpdates")

        stub.wait_for(ready, START_TIMEOUT, "the bot to start polling")

    def assert_redacted(self, *secrets: str) -> None:
        """None of ``secrets`` is in the log, whole, URL-quoted, or (for a token) the part after "id:"."""
        log = self.log
        for secret in secrets:
            for form in {secret, quote(secret, safe=""), secret.partition(":")[2] or secret}:
                assert form not in log, f"{form!r} is in {self.log_path}"

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


def admin_bot(stub: StubBotAPI, workdir: Path, corpus: Path, admin: int) -> Iterator[BotProcess]:
    """The bot answering from ``corpus``, ``admin`` its one admin, polling the stand-in
    Bot API until the caller is done; then stopped, and it must exit cleanly."""
    process = BotProcess(
        workdir, TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url, BOT_ADMIN_IDS=str(admin), TANYA_CORPUS=str(corpus)
    )
    process.wait_until_polling(stub)
    yield process
    assert process.stop() == 0, process.log[-3000:]
