"""The Telegram bot under load, outages and hostile input (issue 17): the real
``python -m bot telegram`` in a subprocess, over HTTP on 127.0.0.1, against the stand-in
Bot API of ``tests/telegram_stub.py`` with faults scheduled in it.

Silence is asserted the way ``test_telegram_e2e.py`` does it, without sleeping: updates
of one chat are handled in order, so an answer to a later message of the same chat
proves the earlier ones were handled. Every wait has a deadline, every loop a count.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import socket
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bot_process import BotProcess

from bot.presenter import text

if TYPE_CHECKING:  # for type checkers only: the tests get the stub from conftest's fixtures
    from telegram_stub import Call, StubBotAPI

START_TIMEOUT = 30.0
RATE_LIMIT = 5
# Short, so that giving up is seen in seconds; the default is 60.
RETRY_SECONDS = 4
OKU_QUESTION = "Siapa Pjs Bupati OKU Timur?"
TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WEBHOOK_PATH = "tanya/hook"
WEBHOOK_SECRET = "robustness-webhook-secret"
WEBHOOK_PORT_ATTEMPTS = 5
# The load test: one group's flood, and private chats asking meanwhile.
# 20 answered at once, then Telegram's 20 a minute: 21 s for the other 7, so private
# questions asked after the flood would be answered after the group's last, waiting behind it.
GROUP_FLOOD = 27
GROUP_BURST = 20
GROUP_ASKERS = 10
PRIVATE_USERS = 20
PRIVATE_QUESTIONS_EACH = 10

chat_ids = itertools.count(90_001)


def new_chat() -> int:
    return next(chat_ids)


def polling_bot(stub: StubBotAPI, workdir: Path, corpus: Path, **env: str) -> BotProcess:
    settings = {
        "TELEGRAM_BOT_TOKEN": stub.token, "TELEGRAM_API_BASE_URL": stub.base_url, "TANYA_CORPUS": str(corpus),
        "TANYA_RATE_LIMIT": str(RATE_LIMIT), "TANYA_RETRY_SECONDS": str(RETRY_SECONDS), **env,
    }
    process = BotProcess(workdir, **settings)
    process.wait_until_polling(stub)
    return process


def stopped_cleanly(process: BotProcess, token: str) -> str:
    """Stop ``process``; its log, after checking it exited 0 with no secret in it."""
    assert process.stop() == 0, process.log[-3000:]
    process.assert_redacted(token)
    return process.log


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir) -> Path:
    directory = tmp_path_factory.mktemp("robust") / "corpus"
    shutil.copytree(seeds_dir, directory)
    return directory


@pytest.fixture(scope="module")
def bot(stub, corpus, tmp_path_factory) -> Iterator[BotProcess]:
    """The bot most tests share: long polling, rate limit 5, 4 s of retries."""
    process = polling_bot(stub, tmp_path_factory.mktemp("bot"), corpus)
    yield process
    stopped_cleanly(process, stub.token)


def exchange(stub: StubBotAPI, update: dict, chat_id: int, count: int = 1, timeout: float = 10.0) -> list[Call]:
    """Send ``update``; the first ``count`` new messages carried out to ``chat_id``."""
    before = len(stub.calls("sendMessage", chat_id, ok=True))
    stub.push(update)
    return stub.wait_calls("sendMessage", chat_id, before + count, timeout)[before:]


def answered_after(stub: StubBotAPI, chat: int) -> list[Call]:
    """Every message carried out to ``chat`` before the answer to a /help sent now: the
    chat's updates are handled in order, so nothing before it is still coming."""
    return until_answered(stub, stub.push(stub.private_message(chat, "/help", language_code="en")))


def until_answered(stub: StubBotAPI, help_update: dict) -> list[Call]:
    """Wait for the answer to ``help_update`` (a /help); the messages its chat got before."""
    chat, asked = help_update["message"]["chat"]["id"], help_update["message"]["message_id"]

    def help_answer() -> list[Call] | None:
        calls = stub.calls("sendMessage", chat, ok=True)
        ids = [c.params.get("reply_parameters", {}).get("message_id") for c in calls]
        return calls[: ids.index(asked) + 1] if asked in ids else None

    *before, answer = stub.wait_for(help_answer, RETRY_SECONDS + 10, f"the answer to /help in chat {chat}")
    assert text("en", "help_title") in answer.text
    return before


def group_ask(stub: StubBotAPI, chat: int, language_code: str = "id") -> dict:
    """``OKU_QUESTION`` put to the bot in group ``chat`` (negative, as Telegram numbers
    groups): log lines name a group by its id, and a private chat never by its id, which
    is its user's."""
    return stub.group_message(chat, -chat, f"/ask {OKU_QUESTION}", language_code=language_code)  # an asker of its own: the rate limit is a user's


def answered_in_group_after(stub: StubBotAPI, chat: int) -> list[Call]:
    """``answered_after`` for group ``chat``: a /help sent there now."""
    return until_answered(stub, stub.push(stub.group_message(chat, -chat, "/help", language_code="en")))


def complaints(log: str, chat: int) -> list[str]:
    """The warnings and errors in ``log`` about ``chat``."""
    return [line for line in log.splitlines() if f"chat {chat}" in line and (" WARNING " in line or " ERROR " in line)]


def one_line_at(lines: list[str], number: int) -> bool:
    """Whether log line ``number`` stands alone: the next line, if any, is a record of its own."""
    return number + 1 == len(lines) or re.match(r"[\d-]{10} [\d:,]{12} ", lines[number + 1]) is not None


def query_answer(stub: StubBotAPI, method: str, query_id: str, timeout: float = 10.0) -> Call:
    key = "inline_query_id" if method == "answerInlineQuery" else "callback_query_id"
    (call,) = stub.wait_for(lambda: [c for c in stub.calls(method) if c.params.get(key) == query_id], timeout, f"{method} {query_id}")
    return call


# -- 1. one chat no longer stalls the others ------------------------------------------------


def test_a_slow_chat_does_not_hold_up_another_and_keeps_its_own_order(bot, stub):
    slow, quick = new_chat(), new_chat()
    stub.delay_next("sendMessage", 3, chat_id=slow)  # carried out at once, confirmed 3 s later
    first = stub.push(stub.private_message(slow, OKU_QUESTION))
    second = stub.push(stub.private_message(slow, "/help"))
    (other,) = exchange(stub, stub.private_message(quick, OKU_QUESTION), quick)
    answer, help_message = stub.wait_calls("sendMessage", slow, 2)
    assert other.at < answer.at + 3, "the quick chat was answered while the slow one waited"
    assert answer.params["reply_parameters"]["message_id"] == first["message"]["message_id"]
    assert help_message.params["reply_parameters"]["message_id"] == second["message"]["message_id"]
    assert help_message.at >= answer.at + 3, "the slow chat's next reply waited for its first"


def test_load_one_group_flood_neither_delays_private_chats_nor_loses_or_doubles_anything(stub_api, corpus, tmp_path):
    # A stub and bot of their own: the group's backlog drains for half a minute.
    stub = stub_api.StubBotAPI().start()
    process = polling_bot(stub, tmp_path / "bot", corpus, TANYA_RATE_LIMIT="20", TANYA_LOG_LEVEL="WARNING")
    try:
        group = -new_chat()
        askers = [new_chat() for _ in range(GROUP_ASKERS)]
        asked: dict[int, tuple[int, float]] = {}  # question message id -> (chat, when pushed)
        for number in range(GROUP_FLOOD):
            update = stub.push(stub.group_message(group, askers[number % GROUP_ASKERS], f"/ask {OKU_QUESTION}"))
            asked[update["message"]["message_id"]] = (group, time.monotonic())
        users = [new_chat() for _ in range(PRIVATE_USERS)]
        for _ in range(PRIVATE_QUESTIONS_EACH):
            for user in users:
                update = stub.push(stub.private_message(user, OKU_QUESTION))
                asked[update["message"]["message_id"]] = (user, time.monotonic())

        private_count = PRIVATE_USERS * PRIVATE_QUESTIONS_EACH
        stub.wait_for(lambda: sum(len(stub.calls("sendMessage", u, ok=True)) >= PRIVATE_QUESTIONS_EACH for u in users) == len(users), 30, "every private answer")
        stub.wait_calls("sendMessage", group, GROUP_FLOOD, timeout=60)
        answers = [c for c in stub.calls("sendMessage", ok=True) if c.chat_id in {group, *users}]
        replied_to = Counter(c.params["reply_parameters"]["message_id"] for c in answers)
        assert set(replied_to) == set(asked), "every question answered"
        assert max(replied_to.values()) == 1, "no question answered twice"
        assert all("Edwar" in c.text for c in answers)
        by_chat: dict[int, list[int]] = defaultdict(list)
        for call in answers:
            by_chat[call.chat_id].append(call.params["reply_parameters"]["message_id"])
        assert all(ids == sorted(ids) for ids in by_chat.values()), "each chat's answers in the order of its questions"
        latencies = [c.at - asked[c.params["reply_parameters"]["message_id"]][1] for c in answers if c.chat_id != group]
        assert len(latencies) == private_count
        group_calls = [c for c in answers if c.chat_id == group]
        # Not a time limit, which a loaded machine may miss: no private answer waits for the
        # group's throttled backlog.
        last_private = max(c.at for c in answers if c.chat_id != group)
        assert last_private < group_calls[-1].at, f"a private answer came after the group's backlog (slowest {max(latencies):.1f} s)"
        assert group_calls[-1].at - group_calls[0].at >= (GROUP_FLOOD - GROUP_BURST) * 3 - 1, "Telegram's 20 a minute per group was kept"
        assert [c for c in stub.calls() if not c.ok and c.method != "getUpdates"] == []
    finally:
        log = stopped_cleanly(process, stub.token)
        stub.close()
    assert "Traceback" not in log


# -- 2. the Bot API faltering ---------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    ["500", "502 page", "503", "garbage", "reset", "3 in a row"],
)
def test_a_transient_failure_of_a_send_is_retried_and_the_answer_delivered_once(bot, stub, stub_api, fault):
    chat = new_chat()
    schedule = {
        "500": lambda: stub.fail_next("sendMessage", 500, chat_id=chat),
        "502 page": lambda: stub.garble_next("sendMessage", 502, stub_api.PROXY_ERROR_PAGE, chat_id=chat),
        "503": lambda: stub.fail_next("sendMessage", 503, chat_id=chat),
        "garbage": lambda: stub.garble_next("sendMessage", 200, "<html>captive portal</html>", chat_id=chat),
        "reset": lambda: stub.reset_next("sendMessage", chat_id=chat),
        "3 in a row": lambda: stub.fail_next("sendMessage", 502, chat_id=chat, times=3),
    }
    schedule[fault]()
    (answer,) = exchange(stub, stub.private_message(chat, OKU_QUESTION, language_code="en"), chat)
    assert "Edwar" in answer.text
    assert len(stub.calls("sendMessage", chat, ok=False)) == (3 if fault == "3 in a row" else 1)
    assert answered_after(stub, chat) == [answer], "delivered once, no apology"


def test_an_answer_whose_confirmation_was_lost_is_sent_again_and_shows_twice(bot, stub):
    # Telegram carried the send out, then the connection broke: the bot cannot tell this
    # from a send that never arrived, and the Bot API has no idempotency key. Sending
    # again shows the answer twice; not sending would lose it when it did not arrive.
    chat = -new_chat()
    stub.reset_next("sendMessage", chat_id=chat, carried_out=True)
    first, second = exchange(stub, group_ask(stub, chat), chat, count=2)
    assert first.lost and not second.lost and first.text == second.text
    assert answered_in_group_after(stub, chat) == [first, second], "no apology either"
    bot.wait_for_log(stub, rf"INFO bot\.telegram_transport: sendMessage to chat {chat}: no answer .*shows it twice if it did arrive")


def test_a_reply_slower_than_five_seconds_is_one_answer_and_no_apology(bot, stub):
    chat = new_chat()
    stub.delay_next("sendMessage", 6, chat_id=chat)
    (answer,) = exchange(stub, stub.private_message(chat, OKU_QUESTION), chat)
    assert answered_after(stub, chat) == [answer]
    assert len(stub.calls("sendMessage", chat)) == 2, "sent once (and the /help)"
    assert not answer.lost, "the bot waited for the answer (the retry budget, 4 s here, does not cut the first try)"
    assert complaints(bot.log, chat) == []


def test_giving_up_on_an_answer_is_one_log_line_and_the_bot_goes_on(bot, stub):
    chat = -new_chat()
    stub.fail_next("sendMessage", 502, chat_id=chat, times=1000)
    started = time.monotonic()
    stub.push(group_ask(stub, chat))
    line = rf"WARNING bot\.telegram_handlers: Could not answer a message update in chat {chat}: sendMessage failed \d+ time\(s\) in \d+ s, last: Bad Gateway\n"
    bot.wait_for_log(stub, line, timeout=RETRY_SECONDS + 10)
    # The last try comes as the budget ends (its read timeout cut to what is left).
    assert RETRY_SECONDS <= time.monotonic() - started <= RETRY_SECONDS + 5, "the retry budget, used and kept"
    tries = len(stub.calls("sendMessage", chat))
    assert 3 <= tries <= 12, "backed off, not hammered"
    stub.clear_faults()  # the rest of the scheduled failures
    assert answered_in_group_after(stub, chat) == [], "no apology: it would fail the same way"
    lines = bot.log.splitlines()
    (failure,) = complaints(bot.log, chat)
    assert one_line_at(lines, lines.index(failure)), "one line: no traceback after it"


def test_a_bot_api_restart_loses_no_answer_and_doubles_only_lost_ones(stub_api, corpus, tmp_path):
    stub = stub_api.StubBotAPI().start()
    process = polling_bot(stub, tmp_path / "bot", corpus, TANYA_RETRY_SECONDS="30")
    try:
        chats = [new_chat() for _ in range(12)]
        questions = {}
        for chat in chats[:6]:
            questions[chat] = stub.push(stub.private_message(chat, OKU_QUESTION))
        stub.delay_next("sendMessage", 1, times=3)  # some answers in flight when it goes down
        stub.wait_for(lambda: len(stub.calls("sendMessage")) >= 2, what="the first answers")
        stub.restart(down_for=3)
        for chat in chats[6:]:  # asked during the outage: Telegram keeps them
            questions[chat] = stub.push(stub.private_message(chat, OKU_QUESTION))
        for chat in chats:
            stub.wait_calls("sendMessage", chat, timeout=40)
        for chat, question in questions.items():
            delivered = [c for c in stub.calls("sendMessage", chat, ok=True)]
            assert all(c.params["reply_parameters"]["message_id"] == question["message"]["message_id"] for c in delivered)
            lost = sum(c.lost for c in delivered)
            assert 1 <= len(delivered) <= 1 + lost, "twice only when the first answer's confirmation was lost"
    finally:
        log = stopped_cleanly(process, stub.token)
        stub.close()
    assert "Traceback" not in log


def test_start_up_rides_out_a_faltering_api(stub_api, tmp_path, seeds_dir):
    stub = stub_api.StubBotAPI().start()
    try:
        stub.garble_next("getMe", 502, stub_api.PROXY_ERROR_PAGE, times=2)
        stub.fail_next("deleteWebhook", 500, times=2)
        stub.reset_next("deleteWebhook")
        process = polling_bot(stub, tmp_path / "bot", seeds_dir)
        chat = new_chat()
        (answer,) = exchange(stub, stub.private_message(chat, OKU_QUESTION), chat)
        assert "Edwar" in answer.text
        log = stopped_cleanly(process, stub.token)
        assert [c.ok for c in stub.calls("getMe")][:3] == [False, False, True]
        assert [c.ok for c in stub.calls("deleteWebhook")] == [False, False, False, True]
    finally:
        stub.close()
    warnings = [line for line in log.splitlines() if " WARNING " in line or " ERROR " in line]
    assert len(warnings) == 1 and "is not answering (Bad Gateway (502)" in warnings[0] and "trying again for up to 4 s" in warnings[0]
    assert "Traceback" not in log


def test_start_up_gives_up_after_the_retry_budget_in_one_line_and_status_1(tmp_path, seeds_dir, stub_api):
    with socket.socket() as reserved:  # bound, not listening: connections are refused
        reserved.bind(("127.0.0.1", 0))
        base_url = f"http://127.0.0.1:{reserved.getsockname()[1]}/bot"
        started = time.monotonic()
        process = BotProcess(tmp_path / "bot", TELEGRAM_BOT_TOKEN=stub_api.TOKEN, TELEGRAM_API_BASE_URL=base_url, TANYA_CORPUS=str(seeds_dir), TANYA_RETRY_SECONDS="2")
        assert process.process.wait(START_TIMEOUT) == 1
    assert 1 <= time.monotonic() - started <= START_TIMEOUT
    warning, last = process.log.splitlines()
    assert "WARNING bot.telegram_app: The Telegram Bot API at" in warning and "trying again for up to 2 s" in warning
    assert last.startswith(f"tanya: cannot reach the Telegram Bot API at {base_url}: httpx.ConnectError")
    process.assert_redacted(stub_api.TOKEN)


# -- 3. a flood is told once -----------------------------------------------------------------


def test_a_flooding_user_is_told_to_slow_down_once_then_ignored(bot, stub):
    chat = new_chat()
    for _ in range(RATE_LIMIT + 6):
        stub.push(stub.private_message(chat, OKU_QUESTION, language_code="en"))
    replies = answered_after(stub, chat)
    assert [("Edwar" in c.text) for c in replies] == [True] * RATE_LIMIT + [False]
    assert replies[-1].text == text("en", "rate_limited", limit=RATE_LIMIT)


def test_inline_queries_are_limited_per_user_and_told_once(bot, stub):
    user = new_chat()
    # Questions of their own: one query extending or trimming the one before is the same
    # question still being typed, and takes no unit of the limit (see InlineDrafts).
    asked = [
        OKU_QUESTION, "Pjs Bupati OKU Timur siapa?", "Siapa Penjabat Sementara Bupati OKU Timur?", "Who is the acting regent of OKU Timur?",
        "Bupati OKU Timur rapat dengan siapa?", "Siapa pimpinan OKU Timur?", "OKU Timur Pjs Bupati", "Pjs Bupati OKU Timur",
    ]
    assert len(asked) == RATE_LIMIT + 3
    queries = [stub.push(stub.inline_query(user, question, language_code="en")) for question in asked]
    # A button press under an inline message shares the user's turn: once it is
    # answered, so is every query before it.
    press = stub.push(stub.inline_callback_query(user, "gone1234:1:0", language_code="en"))
    assert query_answer(stub, "answerCallbackQuery", press["callback_query"]["id"]).params["text"] == text("en", "expired")
    answers = {c.params["inline_query_id"]: c for c in stub.calls("answerInlineQuery")}
    ids = [q["inline_query"]["id"] for q in queries]
    assert all(answers[i].params["results"] for i in ids[:RATE_LIMIT])
    told = answers[ids[RATE_LIMIT]]
    assert told.params["results"] == [] and told.params["button"]["text"] == text("en", "rate_limited_inline")
    assert not any(i in answers for i in ids[RATE_LIMIT + 1 :]), "then silence"


# -- 4. searches off the event loop, within a time budget ---------------------------------------


def test_a_question_past_its_time_budget_is_told_so_and_the_bot_goes_on(stub_api, seeds_dir, tmp_path):
    stub = stub_api.StubBotAPI().start()
    # 1 ms: no search of the seeds is that fast (they take ~10 ms), and a budget is a budget.
    process = polling_bot(stub, tmp_path / "bot", seeds_dir, TANYA_SEARCH_TIMEOUT="0.001")
    try:
        chat = -new_chat()
        (reply,) = exchange(stub, group_ask(stub, chat, language_code="en"), chat)
        assert reply.text == text("en", "search_timeout")
        query = stub.push(stub.inline_query(new_chat(), OKU_QUESTION, language_code="en"))
        inline = query_answer(stub, "answerInlineQuery", query["inline_query"]["id"])
        assert inline.params["results"] == [] and inline.params["button"]["text"] == text("en", "search_timeout_inline")
        assert answered_in_group_after(stub, chat) == [reply]
        log = stopped_cleanly(process, stub.token)
    finally:
        stub.close()
    assert re.search(rf"WARNING bot\.telegram_handlers: Question in chat {chat}: no answer within 0\.001 s", log)
    assert "Traceback" not in log


# -- 9. duplicates, and the webhook's door -------------------------------------------------------


def test_an_update_delivered_twice_by_polling_is_answered_once(bot, stub):
    chat = new_chat()
    question = stub.private_message(chat, OKU_QUESTION)
    (answer,) = exchange(stub, question, chat)
    stub.redeliver(question)
    assert answered_after(stub, chat) == [answer]
    bot.wait_for_log(stub, rf"INFO bot\.telegram_updates: Update {question['update_id']} arrived again; it was handled the first time")


# A poll as a Bot API server older than python-telegram-bot 22.8 sends it: without the
# persistent_id PTB requires. Before H94's mend, PTB failed the whole batch of updates on
# it, logged every queued message at CRITICAL and asked for the same batch again, some
# two hundred times a second: nobody was answered.
UNREADABLE_POLL = {
    "id": "p1", "question": "Pilih?", "options": [{"text": "a", "voter_count": 0}], "total_voter_count": 0,
    "is_closed": False, "is_anonymous": True, "type": "regular", "allows_multiple_answers": False,
}


def test_an_update_the_library_cannot_read_is_skipped_in_one_line_and_the_others_answered(bot, stub):
    before, after = new_chat(), new_chat()
    first = stub.private_message(before, OKU_QUESTION)
    poll = stub.group_message(-new_chat(), 77, None, poll=UNREADABLE_POLL)
    stub.push(first)
    stub.push(poll)
    (answer,) = exchange(stub, stub.private_message(after, OKU_QUESTION), after)
    assert "Edwar" in answer.text
    assert "Edwar" in stub.wait_calls("sendMessage", before, 1)[0].text
    log = bot.wait_for_log(stub, rf"WARNING bot\.telegram_updates: Skipped update {poll['update_id']}: python-telegram-bot cannot read it \(TypeError: `persistent_id` is")
    assert log.count(f"Skipped update {poll['update_id']}:") == 1, "the offset moved past it: not asked for again"
    assert "CRITICAL" not in log and "Error while parsing updates" not in log
    assert OKU_QUESTION not in log, "no user's message goes into the log"


def test_an_answer_to_get_updates_with_an_update_that_has_no_number_is_retried_and_polling_goes_on(bot, stub):
    stub.garble_next("getUpdates", 200, '{"ok": true, "result": [{"update_id": "x"}]}', content_type="application/json")
    chat = new_chat()
    (answer,) = exchange(stub, stub.private_message(chat, OKU_QUESTION), chat, timeout=RETRY_SECONDS + 20)
    assert "Edwar" in answer.text
    bot.wait_for_log(stub, r"Fetching updates failed: Invalid server response: an update without a numeric update_id \(retrying\)")


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raw_post(port: int, headers: dict[str, str], body: bytes = b"", timeout: float = 5.0) -> tuple[int | None, float]:
    """POST to the webhook with exactly these headers (and body, if any, sent after the
    answer to the headers was awaited briefly); the status it answered (None: the
    connection was closed without one) and how long that took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        head = "".join(f"{k}: {v}\r\n" for k, v in {"Host": "127.0.0.1", **headers}.items())
        connection.sendall(f"POST /{WEBHOOK_PATH} HTTP/1.1\r\n{head}\r\n".encode() + body)
        try:
            answer = connection.recv(4096)
        except (ConnectionResetError, TimeoutError):
            return None, time.monotonic() - started
    match = re.match(rb"HTTP/1\.1 (\d{3})", answer)
    return (int(match[1]) if match else None), time.monotonic() - started


def post_json(port: int, payload: object, secret: str = WEBHOOK_SECRET) -> int | None:
    body = json.dumps(payload).encode()
    status, _ = raw_post(port, {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret, "Content-Length": str(len(body))}, body)
    return status


@pytest.fixture(scope="module")
def webhook_bot(stub, corpus, tmp_path_factory) -> Iterator[tuple[BotProcess, int]]:
    """A bot serving its webhook; PTB cannot bind port 0, so a port taken first is
    tried again on another (as in test_telegram_e2e.py)."""
    workdir = tmp_path_factory.mktemp("webhook")
    for attempt in range(WEBHOOK_PORT_ATTEMPTS):
        port = unused_port()
        process = BotProcess(
            workdir / f"attempt-{attempt}", TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url,
            TANYA_CORPUS=str(corpus), TANYA_WEBHOOK_URL=f"https://tanya.example.invalid/{WEBHOOK_PATH}",
            TANYA_WEBHOOK_PORT=str(port), TANYA_WEBHOOK_SECRET=WEBHOOK_SECRET,
        )

        def ready() -> bool:
            if process.process.poll() is not None:
                return True
            try:
                return post_json(port, {}, "not-the-secret") == 403
            except OSError:
                return False

        stub.wait_for(ready, START_TIMEOUT, "the webhook server")
        if process.process.poll() is None:
            break
        if "Address already in use" not in process.log:
            process.check_alive()
    else:
        raise AssertionError(f"every one of {WEBHOOK_PORT_ATTEMPTS} ports was taken before the bot could bind it")
    yield process, port
    log = stopped_cleanly(process, stub.token)
    process.assert_redacted(WEBHOOK_SECRET)
    assert "Traceback" not in log


def webhook_help(stub: StubBotAPI, port: int, chat: int) -> list[Call]:
    """What reached ``chat`` before the answer to a /help posted to the webhook now."""
    update = stub.private_message(chat, "/help", language_code="en")
    assert post_json(port, update) == 200
    return until_answered(stub, update)


@pytest.mark.parametrize("secret", ["wrong", None])
def test_webhook_refuses_a_wrong_secret_before_reading_the_body(webhook_bot, secret):
    _, port = webhook_bot
    headers = {"Content-Type": "application/json", "Content-Length": str(100 << 20)}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    status, took = raw_post(port, headers)  # 100 MB announced, not a byte of it sent
    assert status == 403 and took < 3


def test_webhook_refuses_a_body_over_the_limit_before_reading_it(webhook_bot):
    _, port = webhook_bot
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Content-Length": str(100 << 20)}
    status, took = raw_post(port, headers)
    assert status == 413 and took < 3


def test_webhook_cuts_off_a_chunked_body_over_the_limit_and_goes_on(webhook_bot, stub):
    _, port = webhook_bot
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20)) + b"0\r\n\r\n"  # 1.25 MiB
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Transfer-Encoding": "chunked"}
    try:
        status, _ = raw_post(port, headers, body)
    except (BrokenPipeError, ConnectionResetError):
        status = None  # closed while the body was still being sent
    assert status in (None, 400)
    assert webhook_help(stub, port, new_chat()) == []


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [("text/plain", b"{}", 415), ("application/json", b"{not json", 400), ("application/json", b"[1, 2]", 400)],
)
def test_webhook_refuses_what_is_not_an_update(webhook_bot, content_type, body, status):
    _, port = webhook_bot
    headers = {"Content-Type": content_type, "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Content-Length": str(len(body))}
    assert raw_post(port, headers, body)[0] == status


def test_webhook_takes_a_message_without_its_chat_as_unreadable(webhook_bot, stub):
    process, port = webhook_bot
    update = stub.private_message(new_chat(), OKU_QUESTION)
    del update["message"]["chat"]
    assert post_json(port, update) == 200
    log = process.wait_for_log(stub, rf"Skipped update {update['update_id']}: python-telegram-bot cannot read it \(TypeError: a message without its chat\)")
    assert "AttributeError" not in log
    assert webhook_help(stub, port, new_chat()) == []


def test_webhook_takes_an_update_the_library_cannot_read_and_goes_on(webhook_bot, stub):
    """Answered 400, Telegram would send it again and again, holding back the updates
    behind it; taken (200) and skipped in one line instead."""
    process, port = webhook_bot
    poll = stub.group_message(-new_chat(), 77, None, poll=UNREADABLE_POLL)
    assert post_json(port, poll) == 200
    process.wait_for_log(stub, rf"Skipped update {poll['update_id']}: python-telegram-bot cannot read it")
    assert webhook_help(stub, port, new_chat()) == []


def test_webhook_answers_an_update_posted_twice_once(webhook_bot, stub):
    _, port = webhook_bot
    chat = new_chat()
    question = stub.private_message(chat, OKU_QUESTION)
    assert post_json(port, question) == 200
    assert post_json(port, question) == 200, "Telegram is told it arrived, so it stops resending"
    (answer,) = webhook_help(stub, port, chat)
    assert "Edwar" in answer.text


# -- 10. the token, and routine failures in one line ---------------------------------------------


@pytest.mark.parametrize("how", ["environment", "file"])
def test_a_token_with_a_trailing_newline_works(telegram_stub, corpus, tmp_path, how):
    stub = telegram_stub  # of its own: the test waits for this bot's first getUpdates
    env = {"TELEGRAM_BOT_TOKEN": stub.token + "\r\n"}
    if how == "file":
        token_file = tmp_path / "token"
        token_file.write_text(stub.token + "\n", encoding="utf-8")
        env = {"TELEGRAM_BOT_TOKEN_FILE": str(token_file)}
    process = BotProcess(tmp_path / "bot", TELEGRAM_API_BASE_URL=stub.base_url, TANYA_CORPUS=str(corpus), **env)
    process.wait_until_polling(stub)
    chat = new_chat()
    (answer,) = exchange(stub, stub.private_message(chat, OKU_QUESTION), chat)
    assert "Edwar" in answer.text
    stopped_cleanly(process, stub.token)


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"TELEGRAM_BOT_TOKEN": "123456:TEST token with spaces"}, "the bot token is malformed"),
        ({"TELEGRAM_BOT_TOKEN": "no-colon-at-all-secretvalue"}, "the bot token is malformed"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_BOT_TOKEN_FILE": "/dev/null"}, "give the bot token once"),
        ({"TELEGRAM_BOT_TOKEN_FILE": "/nonexistent/token"}, "cannot read the bot token file /nonexistent/token: No such file or directory"),
        ({"TELEGRAM_BOT_TOKEN": " \r\n"}, "no Telegram bot token"),
    ],
)
def test_a_bad_token_is_one_line_and_status_2(stub, tmp_path, seeds_dir, env, says):
    process = BotProcess(tmp_path / "bot", TELEGRAM_API_BASE_URL=stub.base_url, TANYA_CORPUS=str(seeds_dir), **env)
    assert process.process.wait(START_TIMEOUT) == 2
    (line,) = process.log.splitlines()
    assert line.startswith(f"tanya: {says}")
    assert "spaces" not in line and "secretvalue" not in line, "never the token itself"


@pytest.mark.parametrize("corpus", ["missing", "a-file"])
def test_a_corpus_that_is_no_directory_is_status_2_before_telegram_is_tried(tmp_path, corpus):
    """Asked before the token: with the Bot API unreachable (port 9, discard) the setting
    to fix is still named, with the status systemd does not restart on (H51)."""
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    env = {"TELEGRAM_BOT_TOKEN": "123456:ABCdef", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot", "TANYA_RETRY_SECONDS": "0"}
    process = BotProcess(tmp_path / "bot", TANYA_CORPUS=str(tmp_path / corpus), **env)
    assert process.process.wait(START_TIMEOUT) == 2
    (line,) = process.log.splitlines()
    says = "corpus directory not found" if corpus == "missing" else "corpus path is not a directory"
    assert line.startswith(f"tanya: {says}: {tmp_path / corpus}")


def test_a_late_answer_to_a_query_is_one_info_line_and_no_apology(bot, stub):
    chat = -new_chat()
    (answer,) = exchange(stub, group_ask(stub, chat), chat)
    shown = stub.bot_messages(chat)[-1]
    data = shown["reply_markup"]["inline_keyboard"][0][-1]["callback_data"]
    stub.fail_next("answerCallbackQuery", 400, TOO_OLD)
    press = stub.push(stub.callback_query(-chat, shown, data))
    query_answer(stub, "answerCallbackQuery", press["callback_query"]["id"])
    stub.fail_next("answerInlineQuery", 400, TOO_OLD)
    inline = stub.push(stub.inline_query(-chat, OKU_QUESTION))
    query_answer(stub, "answerInlineQuery", inline["inline_query"]["id"])
    assert answered_in_group_after(stub, chat) == [answer], "no apology in the chat"
    bot.wait_for_log(stub, r"INFO bot\.telegram_handlers: Too late to answer the inline_query in no chat: Query is too old.*\n")
    # The press and the query are handled apart (a chat's turn, a user's): either line may come last.
    log = bot.wait_for_log(stub, rf"INFO bot\.telegram_handlers: Too late to answer the callback_query in chat {chat}: .*\n")
    lines = log.splitlines()
    late = [n for n, line in enumerate(lines) if "Too late to answer" in line]
    assert len(late) == 2 and all(" INFO " in lines[n] and "Query is too old" in lines[n] for n in late)
    assert any(f"Too late to answer the callback_query in chat {chat}: " in lines[n] for n in late)
    assert all(one_line_at(lines, n) for n in late), "no traceback"


@pytest.mark.parametrize(
    ("status", "description"),
    [
        (403, "Forbidden: bot was blocked by the user"),
        (400, "Bad Request: chat not found"),
        (400, "Bad Request: not enough rights to send text messages to the chat"),  # muted in a group (H94)
    ],
)
def test_a_user_who_blocked_the_bot_is_one_info_line_and_no_apology(bot, stub, status, description):
    chat = -new_chat()
    stub.fail_next("sendMessage", status, description, chat_id=chat)
    stub.push(group_ask(stub, chat))
    log = bot.wait_for_log(stub, rf"INFO bot\.telegram_handlers: Cannot write to chat {chat} any more: .*\n")
    lines = log.splitlines()
    (blocked,) = [n for n, line in enumerate(lines) if f"Cannot write to chat {chat}" in line]
    assert one_line_at(lines, blocked), "no traceback"
    assert answered_in_group_after(stub, chat) == [], "no apology to a chat that refuses messages"


def test_a_private_chat_is_never_named_by_its_id_in_the_log(bot, stub):
    """A private chat's id is its user's: README keeps no user id unless
    TANYA_LOG_USER_IDS says so, and log lines name such a chat by its kind (H94: the
    time-out, error and refusal lines named it)."""
    chat = new_chat()
    stub.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=chat)
    stub.push(stub.private_message(chat, OKU_QUESTION))
    bot.wait_for_log(stub, r"INFO bot\.telegram_handlers: Cannot write to a private chat any more: Forbidden: bot was blocked by the user\n")
    stub.reset_next("sendMessage", chat_id=chat, carried_out=True)
    exchange(stub, stub.private_message(chat, OKU_QUESTION), chat, count=2)
    log = bot.wait_for_log(stub, r"INFO bot\.telegram_transport: sendMessage to a private chat: no answer ")
    assert str(chat) not in log


def test_a_group_upgraded_to_a_supergroup_is_one_info_line_and_asked_again_there(bot, stub):
    """Telegram refuses messages to a group upgraded meanwhile and names its new id: the
    askers are there now. Before H94's mend: a 50-line traceback, and an apology sent to
    the old id, refused too."""
    group, supergroup = -new_chat(), -1_000_000_000_000 - new_chat()
    refusal = {"ok": False, "error_code": 400, "description": "Bad Request: group chat was upgraded to a supergroup chat",
               "parameters": {"migrate_to_chat_id": supergroup}}
    stub.group_message(supergroup, 5, "the supergroup, known to the stand-in as Telegram knows it")  # not sent
    stub.garble_next("sendMessage", 400, json.dumps(refusal), content_type="application/json", chat_id=group, times=5)
    stub.push(stub.group_message(group, 5, f"/ask {OKU_QUESTION}"))
    (again,) = stub.wait_calls("sendMessage", supergroup, 1)
    assert again.text == text("id", "ask_again_supergroup")  # not "an error occurred" (helper-108)
    log = bot.wait_for_log(stub, rf"INFO bot\.telegram_handlers: Chat {group} became supergroup {supergroup}: its questions are answered there\n")
    assert f"Error handling a message update in chat {group}" not in log and "Traceback" not in log.split(f"Chat {group} became", 1)[1]
    assert len(stub.calls("sendMessage", group)) == 1, "no apology to the old id"


def topic_ask(stub: StubBotAPI, chat: int, topic: int) -> dict:
    """``OKU_QUESTION`` asked in forum topic ``topic`` of supergroup ``chat``."""
    return stub.group_message(chat, -chat, f"/ask {OKU_QUESTION}", message_thread_id=topic, is_topic_message=True)


@pytest.mark.parametrize("description", ["Bad Request: TOPIC_CLOSED", "Bad Request: TOPIC_DELETED", "Bad Request: message thread not found"])
def test_a_question_in_a_topic_closed_meanwhile_is_one_info_line_and_no_apology_elsewhere(bot, stub, description):
    """A forum topic closed (or deleted) before the answer went out: the apology went to
    the General topic, which never saw the question, and the log got a traceback (H100)."""
    chat = -new_chat()
    stub.fail_next("sendMessage", 400, description, chat_id=chat)
    stub.push(topic_ask(stub, chat, 7))
    log = bot.wait_for_log(stub, rf"INFO bot\.telegram_handlers: Cannot answer in topic 7 of chat {chat}, closed or deleted: .*\n")
    lines = log.splitlines()
    (closed,) = [n for n, line in enumerate(lines) if f"Cannot answer in topic 7 of chat {chat}" in line]
    assert one_line_at(lines, closed), "no traceback"
    assert f"Error handling a message update in chat {chat}" not in log
    assert answered_in_group_after(stub, chat) == [], "no apology in another topic"


def test_an_apology_in_a_forum_topic_goes_to_that_topic(bot, stub):
    """The apology for a failed answer is sent where the question was asked, not to the
    General topic."""
    chat = -new_chat()
    stub.fail_next("sendMessage", 400, "Bad Request: can't parse entities: unsupported start tag", chat_id=chat)
    stub.push(topic_ask(stub, chat, 9))
    (apology,) = stub.wait_calls("sendMessage", chat, 1)
    assert apology.text == text("id", "error")
    assert apology.params.get("message_thread_id") == "9"  # form-encoded, as PTB sends it
