"""How the Telegram bot holds under load and through an outage, measured against the
stand-in Bot API of ``tests/telegram_stub.py`` on 127.0.0.1 (run by hand, not a test):

    python -m benchmarks.telegram_load [--scenario flood|outage|both] [--retry-seconds 60]

(a) flood: a group floods ``/ask`` (60 messages, from 20 members) while three private
    users each ask 5 questions, one a second. Telegram allows a bot 20 messages a minute
    in a group, so the group's answers take minutes; the private users' should not wait
    for them. Prints each private answer's latency, then how long the group took.
(b) outage: 300 questions from 30 users: 100 at 10 a second, then 100 at once, and the
    Bot API goes down for 30 s while the bot is answering those (connections closed, new
    ones refused); 100 more are asked during the outage and wait at Telegram, as they
    do. Prints how many were answered before it, after it, twice, and not at all, for
    the bot retrying for up to 60 s (TANYA_RETRY_SECONDS's default) and, for comparison,
    with retries off (0).

The bot is the real ``python -m bot telegram`` on the bundled seeds, long polling.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Siapa Pjs Bupati OKU Timur?"
START_TIMEOUT = 60.0
# (a)
GROUP_FLOOD = 60
GROUP_MEMBERS = 20
PRIVATE_USERS = 3
PRIVATE_QUESTIONS_EACH = 5
GROUP_DRAIN_CAP = 240.0
# (b)
STEADY_QUESTIONS = 100
QUESTIONS_PER_SECOND = 10
BURST_QUESTIONS = 100
DOWN_AFTER_BURST = 0.3  # seconds: the bot has fetched the burst and is answering it
DURING_QUESTIONS = 100
OUTAGE_USERS = 30
OUTAGE_SECONDS = 30.0
AFTER_OUTAGE_CAP = 150.0
# Stop waiting for answers once none has come for this long (the rest are not coming).
QUIET_SECONDS = 20.0


def load_stub() -> ModuleType:
    """tests/telegram_stub.py, loaded from its file (``tests`` is no package)."""
    name = "tanya_tests_telegram_stub"
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "telegram_stub.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before it runs: its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class Bot:
    """``python -m bot telegram`` against ``stub``, until stopped."""

    def __init__(self, stub: Any, workdir: Path, **env: str) -> None:
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "TANYA_", "BOT_"))}
        environment.update(
            NO_PROXY="127.0.0.1", no_proxy="127.0.0.1", TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url,
            TANYA_INDEX_DIR=str(workdir / "index"), TANYA_LOG_LEVEL="WARNING", TANYA_RATE_LIMIT="20", **env,
        )
        workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / "stderr.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "telegram"], cwd=ROOT, env=environment,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
            )
        stub.wait_for(lambda: self.process.poll() is not None or stub.was_called("getUpdates"), START_TIMEOUT, "the bot to start")
        if self.process.poll() is not None:
            raise SystemExit(f"the bot exited:\n{self.log_path.read_text()[-2000:]}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def answers_to(stub: Any, asked: dict[int, float]) -> list[Any]:
    """The messages carried out in reply to the questions ``asked`` (message id -> time)."""
    return [c for c in stub.calls("sendMessage", ok=True) if c.params.get("reply_parameters", {}).get("message_id") in asked]


def wait_for_answers(stub: Any, asked: dict[int, float], deadline: float) -> None:
    """Until every question in ``asked`` is answered, none has been for QUIET_SECONDS, or ``deadline``."""
    count, changed = -1, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - changed < QUIET_SECONDS:
        answered = {c.params["reply_parameters"]["message_id"] for c in answers_to(stub, asked)}
        if len(answered) == len(asked):
            time.sleep(2.0)  # a second answer to any of them still on its way
            return
        if len(answered) != count:
            count, changed = len(answered), time.monotonic()
        time.sleep(0.5)


def flood(stub_api: ModuleType, workdir: Path) -> None:
    stub = stub_api.StubBotAPI().start()
    bot = Bot(stub, workdir / "flood")
    try:
        group = -1001
        group_asked: dict[int, float] = {}
        for number in range(GROUP_FLOOD):
            update = stub.push(stub.group_message(group, 2000 + number % GROUP_MEMBERS, f"/ask {QUESTION}"))
            group_asked[update["message"]["message_id"]] = time.monotonic()
        flood_pushed = time.monotonic()
        private_asked: dict[int, tuple[int, float]] = {}
        for round_ in range(PRIVATE_QUESTIONS_EACH):
            for user in range(1, PRIVATE_USERS + 1):
                update = stub.push(stub.private_message(user, QUESTION))
                private_asked[update["message"]["message_id"]] = (user, time.monotonic())
            time.sleep(1.0)
        stub.wait_for(lambda: len(answers_to(stub, private_asked)) >= len(private_asked), 60, "the private answers")
        print(f"(a) a group floods /ask ({GROUP_FLOOD} messages) while {PRIVATE_USERS} private users ask {PRIVATE_QUESTIONS_EACH} questions each, one a second")
        latencies, numbers = [], Counter()
        for call in sorted(answers_to(stub, private_asked), key=lambda c: c.params["reply_parameters"]["message_id"]):
            user, asked_at = private_asked[call.params["reply_parameters"]["message_id"]]
            latencies.append(call.at - asked_at)
            numbers[user] += 1
            print(f"    private user {user}, question {numbers[user]}: answered in {call.at - asked_at:6.3f} s")
        print(f"    private answers: {len(latencies)}, median {statistics.median(latencies):.3f} s, max {max(latencies):.3f} s")
        deadline = time.monotonic() + GROUP_DRAIN_CAP
        while len(answers_to(stub, group_asked)) < GROUP_FLOOD and time.monotonic() < deadline:
            time.sleep(0.5)
        group_calls = answers_to(stub, group_asked)
        in_first_minute = sum(c.at - flood_pushed < 60 for c in group_calls)
        print(
            f"    group: {len(group_calls)} of {GROUP_FLOOD} answered, {in_first_minute} within the first minute, "
            f"the last {max(c.at for c in group_calls) - flood_pushed:.1f} s after the flood (Telegram: 20 a minute per group)"
        )
    finally:
        bot.stop()
        stub.close()


def outage(stub_api: ModuleType, workdir: Path, retry_seconds: int) -> None:
    stub = stub_api.StubBotAPI().start()
    bot = Bot(stub, workdir / f"outage-{retry_seconds}", TANYA_RETRY_SECONDS=str(retry_seconds))
    users = (10_000 + n % OUTAGE_USERS for n in range(STEADY_QUESTIONS + BURST_QUESTIONS + DURING_QUESTIONS))
    asked: dict[int, float] = {}

    def ask() -> None:
        update = stub.push(stub.private_message(next(users), QUESTION))
        asked[update["message"]["message_id"]] = time.monotonic()

    try:
        for _ in range(STEADY_QUESTIONS):
            ask()
            time.sleep(1 / QUESTIONS_PER_SECOND)
        for _ in range(BURST_QUESTIONS):
            ask()
        time.sleep(DOWN_AFTER_BURST)
        stub.go_down()
        down_at = time.monotonic()
        for _ in range(DURING_QUESTIONS):
            ask()
            time.sleep(OUTAGE_SECONDS / DURING_QUESTIONS)
        time.sleep(max(0.0, down_at + OUTAGE_SECONDS - time.monotonic()))
        stub.come_up()
        up_at = time.monotonic()
        wait_for_answers(stub, asked, up_at + AFTER_OUTAGE_CAP)
        calls = answers_to(stub, asked)
        per_question = Counter(c.params["reply_parameters"]["message_id"] for c in calls)
        answered_before = {c.params["reply_parameters"]["message_id"] for c in calls if c.at < down_at}
        answered_after = {c.params["reply_parameters"]["message_id"] for c in calls if c.at >= up_at} - answered_before
        in_flight = {i for i, at in asked.items() if at < down_at} - answered_before
        label = f"retries for up to {retry_seconds} s" if retry_seconds else "retries off (TANYA_RETRY_SECONDS=0)"
        print(f"(b) {len(asked)} questions, the Bot API down for {OUTAGE_SECONDS:.0f} s; {label}")
        print(f"    answered before the outage:  {len(answered_before)}")
        print(f"    asked before it, unanswered when it began: {len(in_flight)}")
        print(f"    answered after it:           {len(answered_after)} ({len(answered_after & in_flight)} of those {len(in_flight)}, {DURING_QUESTIONS} asked during it)")
        print(f"    answered twice:              {sum(n == 2 for n in per_question.values())} (more than twice: {sum(n > 2 for n in per_question.values())})")
        print(f"      sends whose answer the outage cut off: {sum(c.lost for c in calls)}")
        print(f"    never answered:              {len(asked) - len(per_question)}")
        if calls:
            print(f"    last answer {max(c.at for c in calls) - up_at:.1f} s after the Bot API came back")
        gave_up = sum("Could not answer" in line for line in bot.log_path.read_text(errors="replace").splitlines())
        print(f"    'Could not answer' log lines: {gave_up}")
    finally:
        bot.stop()
        stub.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=("flood", "outage", "both"), default="both")
    parser.add_argument("--retry-seconds", type=int, default=60, help="TANYA_RETRY_SECONDS for the outage run (default: 60)")
    args = parser.parse_args(argv)
    stub_api = load_stub()
    with tempfile.TemporaryDirectory(prefix="tanya-load-") as scratch:
        workdir = Path(scratch)
        if args.scenario in ("flood", "both"):
            flood(stub_api, workdir)
        if args.scenario in ("outage", "both"):
            outage(stub_api, workdir, args.retry_seconds)
            if args.retry_seconds:
                outage(stub_api, workdir, 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
