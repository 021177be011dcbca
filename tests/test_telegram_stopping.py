"""How the bot stops, and what stops it (helper-108, helper-109): a token refused while it polls
(revoked at BotFather) ends it with one line and status 2 instead of leaving it deaf; a
SIGTERM during a Bot API outage ends it in seconds, not after every call's retries;
getUpdates answers that are JSON but no list of updates are retried in one WARNING
line, not a CRITICAL traceback."""

from __future__ import annotations

import json
import re
import signal
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
    # Three failures: the waits between their tries (0.25-0.5 s, then 0.5-1 s) put the
    # later tries after the stop, whose first failure gave the answer up without a grace,
    # and the last (at most 3.5 s after the first) within the grace.
    process = polling_bot(telegram_stub, tmp_path, seeds_dir, retry_seconds="60")
    chat = 4444
    telegram_stub.fail_next("sendMessage", 502, chat_id=chat, times=3)
    telegram_stub.push(telegram_stub.private_message(chat, OKU_QUESTION))
    telegram_stub.wait_for(lambda: telegram_stub.calls("sendMessage", chat, ok=False), 20, "the failed send")
    assert process.stop() == 0, process.log[-3000:]
    assert len(telegram_stub.calls("sendMessage", chat, ok=False)) == 3
    assert "Edwar" in telegram_stub.calls("sendMessage", chat, ok=True)[0].text


def test_a_passing_404_while_polling_is_tried_again_not_taken_for_a_refused_token(telegram_stub, tmp_path, seeds_dir):
    # A proxy's passing 404 ended the bot with status 2, which systemd does not restart
    # (RestartPreventExitStatus=2): the Bot API says 401 for a revoked token (helper-109).
    process = polling_bot(telegram_stub, tmp_path, seeds_dir)
    try:
        telegram_stub.fail_next("getUpdates", 404, "Not Found", times=2)
        chat = 4545
        telegram_stub.push(telegram_stub.private_message(chat, OKU_QUESTION))
        (answer,) = telegram_stub.wait_calls("sendMessage", chat, 1, timeout=30)
        assert "Edwar" in answer.text
        process.wait_for_log(telegram_stub, r"Fetching updates failed: 404 Not Found \(2 in a row; the token is taken as refused at 10\) \(retrying\)")
    finally:
        assert process.stop() == 0, process.log[-3000:]
    assert "Traceback" not in process.log, process.log[-3000:]


def test_a_token_refused_at_the_last_get_updates_of_a_stop_ends_it_in_one_line(telegram_stub, tmp_path, seeds_dir):
    # PTB's getUpdates at a shutdown (marking the fetched updates read) refused: the bot
    # stopped the application from inside its updater's stop, a RuntimeError traceback
    # and status 1 (helper-109).
    process = polling_bot(telegram_stub, tmp_path, seeds_dir)
    telegram_stub.fail_next("getUpdates", 401, "Unauthorized", params={"timeout": "0"})
    status = process.stop()
    log = process.log
    assert telegram_stub.calls("getUpdates", ok=False), log[-3000:]
    assert status == 2, log[-3000:]
    assert log.strip().splitlines()[-1].endswith("refused the bot token while polling; check TELEGRAM_BOT_TOKEN or --token")
    assert "Traceback" not in log, log[-3000:]


def test_a_sigterm_during_a_stop_for_a_refused_token_lets_that_stop_finish(telegram_stub, tmp_path, seeds_dir):
    # The token refused while an answer is being tried again (a stop of some seconds):
    # a SIGTERM then raised SystemExit inside PTB's shutdown, status 0 and no line saying
    # why the bot stopped (helper-109).
    process = polling_bot(telegram_stub, tmp_path, seeds_dir, retry_seconds="60")
    try:
        chat = 4646
        telegram_stub.fail_next("sendMessage", 500, chat_id=chat, times=1000)
        telegram_stub.push(telegram_stub.private_message(chat, OKU_QUESTION))
        telegram_stub.wait_for(lambda: len(telegram_stub.calls("sendMessage", chat, ok=False)) >= 2, 20, "two failed sends")
        telegram_stub.fail_next("getUpdates", 401, "Unauthorized", times=1000)
        telegram_stub.wait_for(lambda: telegram_stub.calls("getUpdates", ok=False), 20, "the refused getUpdates")
        time.sleep(0.5)
        assert process.process.poll() is None, "the stop is still under way: the answer's retries go on 5 s"
        status = process.stop()
    finally:
        if process.process.poll() is None:
            process.process.kill()
    log = process.log
    assert status == 2, log[-3000:]
    assert log.strip().splitlines()[-1].endswith("refused the bot token while polling; check TELEGRAM_BOT_TOKEN or --token")
    assert "Traceback" not in log, log[-3000:]


def test_a_sigterm_while_a_chat_waits_out_a_429_stops_the_bot_in_seconds(telegram_stub, tmp_path, seeds_dir):
    # Each 429 asking 25 s was waited out whole, stop or no stop (helper-109: 3 of them).
    process = polling_bot(telegram_stub, tmp_path, seeds_dir)
    chat = 4747
    telegram_stub.fail_next("sendMessage", 429, retry_after=25, chat_id=chat, times=3)
    telegram_stub.push(telegram_stub.private_message(chat, OKU_QUESTION))
    telegram_stub.wait_for(lambda: telegram_stub.calls("sendMessage", chat, ok=False), 20, "the first 429")
    started = time.monotonic()
    status = process.stop()
    took = time.monotonic() - started
    assert status == 0, process.log[-3000:]
    assert took < STOP_WITHIN, f"{took:.1f} s to stop"
    assert "Traceback" not in process.log, process.log[-3000:]
    # One try once the grace is over, refused again: given up, not tried till it passes.
    assert [call.ok for call in telegram_stub.calls("sendMessage", chat)] == [False, False], process.log[-3000:]


def test_a_stop_gives_up_a_groups_backlog_held_by_the_flood_limits(telegram_stub, tmp_path, seeds_dir):
    # A group's answers go out at Telegram's 20 a minute: 35 asked at once, the last 15
    # went out at that pace after the stop (45 s), past systemd's TimeoutStopSec, and
    # were lost to its kill without a line (helper-110). Now given up once the grace is over.
    process = polling_bot(telegram_stub, tmp_path, seeds_dir)
    group = -1007777
    for user in range(35):
        telegram_stub.push(telegram_stub.group_message(group, 5000 + user, f"/ask {OKU_QUESTION}"))
    telegram_stub.wait_calls("sendMessage", group, 20, timeout=60)
    started = time.monotonic()
    status = process.stop()
    took = time.monotonic() - started
    assert status == 0, process.log[-3000:]
    assert took < STOP_WITHIN, f"{took:.1f} s to stop"
    assert len(telegram_stub.calls("sendMessage", group)) < 35
    assert re.search(r"WARNING .*Could not answer a message update in chat -1007777: sendMessage to chat -1007777 given up after 0 try\(s\): the bot is stopping", process.log), process.log[-3000:]
    assert "Traceback" not in process.log, process.log[-3000:]


@pytest.mark.parametrize("status", [404, 502])
def test_a_failed_last_get_updates_at_a_stop_is_one_warning_and_no_refusal(telegram_stub, tmp_path, seeds_dir, status):
    # PTB's getUpdates marking the fetched updates read, answered 404 by a proxy: one
    # 404 at a stop was taken for a refused token, status 2 (helper-110); a 502 there was
    # an ERROR with PTB's traceback.
    process = polling_bot(telegram_stub, tmp_path, seeds_dir)
    telegram_stub.fail_next("getUpdates", status, "Not Found" if status == 404 else None, params={"timeout": "0"})
    assert process.stop() == 0, process.log[-3000:]
    assert telegram_stub.calls("getUpdates", ok=False), process.log[-3000:]
    assert "WARNING telegram.ext.Updater: Marking the fetched updates read at the stop failed" in process.log, process.log[-3000:]
    assert "Traceback" not in process.log and "refused" not in process.log, process.log[-3000:]


def test_a_sigterm_while_polling_pauses_after_failures_stops_the_bot_at_once(telegram_stub, tmp_path, seeds_dir):
    # After failed getUpdates PTB pauses before the next, 1 s growing by half to 30, and
    # its stop waited the pause out (25 s after nine 502s, helper-110); a second signal
    # meanwhile is told, not a second stop.
    process = polling_bot(telegram_stub, tmp_path, seeds_dir)
    telegram_stub.fail_next("getUpdates", 502, times=7)
    telegram_stub.wait_for(lambda: len(telegram_stub.calls("getUpdates", ok=False)) >= 7, 60, "seven failed getUpdates")
    time.sleep(1.0)  # into the pause after the seventh: 1.5 ** 6, some 11 s
    started = time.monotonic()
    process.process.send_signal(signal.SIGTERM)
    process.process.send_signal(signal.SIGINT)
    try:
        status = process.wait(timeout=15)
    finally:
        if process.process.poll() is None:
            process.process.kill()
    took = time.monotonic() - started
    assert status == 0, process.log[-3000:]
    assert took < 5, f"{took:.1f} s to stop"
    assert "Traceback" not in process.log, process.log[-3000:]


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGABRT])
def test_each_of_ptbs_stop_signals_stops_the_bot_cleanly(telegram_stub, tmp_path, seeds_dir, number):
    # SIGABRT was one of PTB's stop signals and was lost when tanya took the handlers over.
    process = polling_bot(telegram_stub, tmp_path, seeds_dir)
    process.process.send_signal(number)
    try:
        status = process.wait(timeout=15)
    finally:
        if process.process.poll() is None:
            process.process.kill()
    assert status == 0, process.log[-3000:]
    assert "Traceback" not in process.log, process.log[-3000:]
