"""How the bot stops, and what stops it (helper-108): a token refused while it polls
(revoked at BotFather) ends it with one line and status 2 instead of leaving it deaf; a
SIGTERM during a Bot API outage ends it in seconds, not after every call's retries;
getUpdates answers that are JSON but no list of updates are retried in one WARNING
line, not a CRITICAL traceback."""

from __future__ import annotations

import json
import time

import pytest
from bot_process import BotProcess

OKU_QUESTION = "Siapa Pjs Bupati OKU Timur?"
# A stop's bound: systemd's TimeoutStopSec is 30 s; the retries alone took 57.
STOP_WITHIN = 15.0  # the retries go on 5 s after the stop (STOP_GRACE_SECONDS)


def polling_bot(stub, tmp_path, seeds_dir, retry_seconds: str = "4") -> BotProcess:
    process = BotProcess(
        tmp_path / "bot", TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url, TANYA_CORPUS=str(seeds_dir),
        TANYA_RETRY_SECONDS=retry_seconds,
    )
    process.wait_until_polling(stub)
    return process


def test_a_token_refused_while_polling_ends_the_bot_in_one_line_with_status_2(telegram_stub, tmp_path, seeds_dir):
    process = polling_bot(telegram_stub, tmp_path, seeds_dir)
    try:
        telegram_stub.fail_next("getUpdates", 401, "Unauthorized", times=1000)
        status = process.wait(timeout=30)
    finally:
        if process.process.poll() is None:
            process.process.kill()
    log = process.log
    assert status == 2, log[-3000:]
    assert log.strip().splitlines()[-1] == (
        f"tanya: the Telegram Bot API at {telegram_stub.base_url} refused the bot token while polling; check TELEGRAM_BOT_TOKEN or --token"
    )
    assert "Traceback" not in log and "Task was destroyed" not in log, log[-3000:]
    process.assert_redacted(telegram_stub.token)


@pytest.mark.parametrize("body", ['{"ok": true, "result": {"x": 1}}', '{"ok": true}', "[1, 2]"])
def test_a_get_updates_answer_of_no_list_is_retried_in_one_line(telegram_stub, tmp_path, seeds_dir, body):
    process = polling_bot(telegram_stub, tmp_path, seeds_dir)
    try:
        telegram_stub.garble_next("getUpdates", 200, body, content_type="application/json")
        chat = 4242
        telegram_stub.push(telegram_stub.private_message(chat, OKU_QUESTION))
        (answer,) = telegram_stub.wait_calls("sendMessage", chat, 1, timeout=30)
        assert "Edwar" in answer.text
        log = process.wait_for_log(telegram_stub, r"Fetching updates failed: Invalid server response: no (JSON object|list of updates) \(retrying\)")
        assert "CRITICAL" not in log and "Traceback" not in log, log[-3000:]
    finally:
        assert process.stop() == 0, process.log[-3000:]
    json.loads(body)  # the stub's answer was JSON: garbage of the Bot API's own shape


def test_a_sigterm_during_an_outage_stops_the_bot_in_seconds(telegram_stub, tmp_path, seeds_dir):
    # Every sendMessage answered 500 and 60 s of retries: the stop waited them out (57 s),
    # past systemd's TimeoutStopSec=30 (deploy/tanya.service), which then kills it.
    process = polling_bot(telegram_stub, tmp_path, seeds_dir, retry_seconds="60")
    chat = 4343
    telegram_stub.fail_next("sendMessage", 500, chat_id=chat, times=1000)
    telegram_stub.push(telegram_stub.private_message(chat, OKU_QUESTION))
    telegram_stub.wait_for(lambda: len(telegram_stub.calls("sendMessage", chat, ok=False)) >= 2, 20, "two failed sends")
    started = time.monotonic()
    status = process.stop()
    took = time.monotonic() - started
    assert status == 0, process.log[-3000:]
    assert took < STOP_WITHIN, f"{took:.1f} s to stop"
    assert "the bot is stopping" in process.log and "Traceback" not in process.log, process.log[-3000:]


def test_an_answer_on_its_way_at_a_stop_gets_through_a_passing_failure(telegram_stub, tmp_path, seeds_dir):
    # With no try after the stop, one 502 lost an answer to a question already fetched,
    # which Telegram then never sends again (helper-109): tries go on STOP_GRACE_SECONDS.
    process = polling_bot(telegram_stub, tmp_path, seeds_dir, retry_seconds="60")
    chat = 4444
    telegram_stub.fail_next("sendMessage", 502, chat_id=chat, times=1)
    telegram_stub.push(telegram_stub.private_message(chat, OKU_QUESTION))
    telegram_stub.wait_for(lambda: telegram_stub.calls("sendMessage", chat, ok=False), 20, "the failed send")
    assert process.stop() == 0, process.log[-3000:]
    assert "Edwar" in telegram_stub.calls("sendMessage", chat, ok=True)[0].text
