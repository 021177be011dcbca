"""The Telegram front end's logic, fast: pure helpers, the startup checks, and handlers
driven through ``Application.process_update`` against the in-process stand-in Bot API
(``tests/telegram_stub.py``, through conftest's ``telegram_stub`` and ``stub_api`` fixtures)."""

from __future__ import annotations

import asyncio
import datetime
import io
import logging
import re
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut

from bot.presenter import notice, present_answer, present_help, present_small_talk_more, present_sources, text
from bot.render import render_html_parts
from bot.service import SearchService
from bot.settings import Settings, SettingsError
from bot.logs import REDACTED, SecretRedactor, configure_logging
from bot.telegram_app import (
    DETAIL_LIMIT,
    TokenError,
    bot_token,
    check_token,
    post_init,
    webhook_path,
)
from bot.policy import Admission, SlidingWindowLimiter, is_ask_command
from bot.telegram_messages import CALLBACK_DATA_LIMIT, Page, answer_keyboard, extract_question, message_question
from bot.telegram_state import AnswerCache, CachedQuestion, SearchPool, SearchTimeout
from bot.telegram_transport import Failure, GaveUp, InvalidReply, RetryingRateLimiter, file_url_for, retry_delay, transient_failure
from bot.telegram_updates import RecentIds, ordering_key
from retrieval.answers import Answer, Citation
from retrieval.search import MAX_QUESTION_CHARS, Result
from telegram_harness import ADMIN, BOT_USERNAME, SISARDI_QUESTION, Send, expected_answer, make_app, process, run

SECRET_TOKEN = "123456:TEST-token-AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ew"
# Long enough for the reload to begin on a loaded machine, short enough to fail clearly.
THREAD_TIMEOUT = 10.0


@pytest.fixture(scope="module")
def service(seeds_dir, tmp_path_factory) -> SearchService:
    return SearchService(seeds_dir, tmp_path_factory.mktemp("index"))


# -- pure helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("/ask Siapa Pjs Bupati?", "Siapa Pjs Bupati?"),
        ("/ask@Tanya_Test_Bot   siapa\n Pjs Bupati?", "siapa Pjs Bupati?"),
        ("@tanya_test_bot, siapa Pjs Bupati?", "siapa Pjs Bupati?"),
        ("siapa Pjs Bupati @tanya_test_bot?", "siapa Pjs Bupati ?"),
        ("/ask", ""),
        ("/ask@tanya_test_bot", ""),
        ("@tanya_test_bot", ""),
        ("/asking is not the command", "/asking is not the command"),
        ("@tanya_test_botx is someone else", "@tanya_test_botx is someone else"),
    ],
)
def test_extract_question(message, question):
    assert extract_question(message, BOT_USERNAME) == question


@pytest.mark.parametrize(
    ("text", "offset", "length", "mentioned", "question"),
    [
        ("Tanya, siapa Pjs Bupati?", 0, 5, 7, "siapa Pjs Bupati?"),
        # The mention's own place, not the first "Bot" in the text; the emoji is two UTF-16 units.
        ("🙂 Robot mana? Bot, siapa Pjs Bupati?", 15, 3, 7, "🙂 Robot mana? , siapa Pjs Bupati?"),
        ("Budi, siapa Pjs Bupati?", 0, 4, 8, "Budi, siapa Pjs Bupati?"),  # someone else's text mention
    ],
)
def test_a_text_mention_of_the_bot_is_not_part_of_the_question(text, offset, length, mentioned, question):
    from telegram import Chat, Message, MessageEntity, User

    user = User(id=mentioned, first_name="x", is_bot=mentioned == 7)
    entity = MessageEntity(MessageEntity.TEXT_MENTION, offset, length, user=user)
    message = Message(1, datetime.datetime.now(datetime.timezone.utc), Chat(1, "group"), text=text, entities=(entity,))
    assert message_question(message, BOT_USERNAME, bot_id=7) == question


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("/ask siapa", True),
        ("/ASK@tanya_test_bot siapa", True),
        ("  /ask", True),
        ("/ask@other_bot siapa", False),
        ("/asked siapa", False),
        ("siapa /ask", False),
    ],
)
def test_is_ask_command(message, expected):
    assert is_ask_command(message, BOT_USERNAME) is expected


def test_limiter_is_a_sliding_window_per_key():
    now = [0.0]
    limiter = SlidingWindowLimiter(3, window=60, clock=lambda: now[0])

    def at(seconds: float) -> bool:
        now[0] = seconds
        return limiter.allow(1)

    assert [at(0), at(20), at(40), at(59)] == [True, True, True, False]
    assert limiter.allow(2), "another user has their own allowance"
    assert at(60), "the question at 0 s has left the window"
    assert not at(70), "...but those at 20 s and 40 s have not: the window slides, it does not reset"
    assert at(80.5)


def test_limiter_forgets_idle_keys(monkeypatch):
    now = [0.0]
    limiter = SlidingWindowLimiter(1, window=60, clock=lambda: now[0])
    monkeypatch.setattr(SlidingWindowLimiter, "PRUNE_ABOVE", 10)
    for key in range(11):
        limiter.allow(key)
    now[0] = 61
    limiter.allow(100)
    limiter.allow(101)  # over PRUNE_ABOVE again: the idle keys go
    assert len(limiter._events) <= 3


def test_a_flood_is_told_once_a_window_then_met_with_silence():
    now = [0.0]
    limiter = SlidingWindowLimiter(2, window=60, clock=lambda: now[0])
    assert [limiter.admit(1) for _ in range(5)] == [Admission.ALLOWED] * 2 + [Admission.WARN] + [Admission.SILENT] * 2
    assert limiter.admit(2) is Admission.ALLOWED, "per user"
    now[0] = 59.0
    assert limiter.admit(1) is Admission.SILENT, "told at 0 s: silent for the window"
    now[0] = 60.0
    assert limiter.admit(1) is Admission.ALLOWED, "the window has slid past the first questions"
    assert limiter.admit(1) is Admission.ALLOWED
    assert limiter.admit(1) is Admission.WARN, "told again, a window after the last time"


def test_recent_ids_tell_new_from_seen_within_their_size():
    ids = RecentIds(size=3)
    assert [ids.add(n) for n in (1, 2, 1, 3, 4)] == [True, True, False, True, True]
    assert ids.add(1), "1 was the oldest of four: forgotten"
    assert not ids.add(4)


def test_updates_wait_behind_their_chat_or_their_user():
    from telegram import Update

    def update(payload: dict) -> Update:
        return Update.de_json({"update_id": 1, **payload}, None)

    user = {"id": 5, "is_bot": False, "first_name": "u"}
    message = {"message_id": 1, "date": 0, "chat": {"id": -100, "type": "supergroup"}, "from": user, "text": "x"}
    assert ordering_key(update({"message": message})) == ("chat", -100)
    assert ordering_key(update({"callback_query": {"id": "q", "from": user, "chat_instance": "c", "message": message}})) == ("chat", -100)
    assert ordering_key(update({"inline_query": {"id": "q", "from": user, "query": "x", "offset": ""}})) == ("user", 5)
    assert ordering_key(update({})) is None
    assert ordering_key("not an update") is None


def network_error(cause: BaseException | None, message: str = "failed") -> NetworkError:
    """A NetworkError raised from ``cause``, as PTB raises them."""
    try:
        try:
            if cause is not None:
                raise cause
            raise NetworkError(message)
        except NetworkError:
            raise
        except BaseException as error:
            raise NetworkError(f"httpx.{type(error).__name__}: {error}") from error
    except NetworkError as raised:
        return raised


def retry_after(seconds: int) -> RetryAfter:
    """A 429's error, without PTB's deprecation warning about its own int attribute."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return RetryAfter(seconds)


@pytest.mark.parametrize(
    ("error", "failure"),
    [
        (network_error(None, "Bad Gateway"), Failure.UNSENT),  # PTB's error for a 5xx status
        (InvalidReply("Invalid server response"), Failure.UNSENT),  # a page that is not the Bot API's
        (network_error(httpx.ConnectError("refused")), Failure.UNSENT),
        (network_error(httpx.PoolTimeout("busy")), Failure.UNSENT),
        (network_error(httpx.ReadError("reset")), Failure.UNKNOWN),  # sent, no answer
        (network_error(httpx.RemoteProtocolError("Server disconnected without sending a response.")), Failure.UNKNOWN),
        (TimedOut(), Failure.UNKNOWN),  # a timeout of unknown kind: it may have been sent
        (BadRequest("Message is too long"), None),
        (Forbidden("bot was blocked by the user"), None),
        (InvalidToken("Unauthorized"), None),
        (retry_after(3), None),  # the rate limiter waits it out
        (GaveUp("sendMessage failed 9 time(s)"), None),
        (ValueError("not Telegram's"), None),
    ],
)
def test_which_failures_are_tried_again(error, failure):
    assert transient_failure(error) is failure


def test_a_read_timeout_is_an_unknown_outcome():
    try:
        try:
            raise httpx.ReadTimeout("slow")
        except httpx.ReadTimeout as cause:
            raise TimedOut() from cause
    except TimedOut as error:
        assert transient_failure(error) is Failure.UNKNOWN


def test_retry_delays_grow_to_a_cap_with_jitter():
    for tries, (low, high) in {1: (0.25, 0.5), 2: (0.5, 1.0), 4: (2.0, 4.0), 5: (4.0, 8.0), 9: (4.0, 8.0)}.items():
        assert all(low <= retry_delay(tries) <= high for _ in range(50))


def test_the_search_pool_keeps_its_budget_and_never_piles_up(service):
    release, started = threading.Event(), []

    def stuck(name: str) -> str:
        started.append(name)
        assert release.wait(THREAD_TIMEOUT)
        return name

    # Opened and warmed outside the budget: a first search builds the index, which on a
    # loaded machine takes longer than the 0.2 s the scenario gives a search.
    assert service.ask(SISARDI_QUESTION, 3).found

    async def scenario() -> None:
        pool = SearchPool(service, budget=0.2, workers=1)
        try:
            with pytest.raises(SearchTimeout):
                await pool.run(stuck, "first")  # runs on past its budget, keeping the worker
            with pytest.raises(SearchTimeout):
                await pool.run(stuck, "second")  # waited for the worker, in vain
            assert started == ["first"], "the second was never handed to the pool"
            release.set()
            assert await pool.run(lambda: "third") == "third", "the worker is free again"
            assert (await pool.ask(SISARDI_QUESTION, 3)).found
        finally:
            release.set()
            pool.close()

    asyncio.run(scenario())


def test_bot_token_is_stripped_read_from_a_file_and_checked(tmp_path):
    assert bot_token(Settings(token=f" {SECRET_TOKEN}\r\n")) == SECRET_TOKEN
    token_file = tmp_path / "token"
    token_file.write_text(SECRET_TOKEN + "\n", encoding="utf-8")
    assert bot_token(Settings(token_file=token_file)) == SECRET_TOKEN
    for settings, says in [
        (Settings(), "no Telegram bot token"),
        (Settings(token="\n"), "no Telegram bot token"),
        (Settings(token="123:abc\ndef"), "malformed"),
        (Settings(token="abc:def"), "malformed"),
        (Settings(token=SECRET_TOKEN, token_file=token_file), "not both"),
        (Settings(token_file=tmp_path / "missing"), "cannot read the bot token file"),
    ]:
        with pytest.raises(TokenError, match=says) as error:
            bot_token(settings)
        assert "abc" not in str(error.value) and SECRET_TOKEN not in str(error.value)


@pytest.mark.parametrize(
    ("environ", "field", "value"),
    [
        ({"TANYA_SEARCH_TIMEOUT": "0.5"}, "search_timeout", 0.5),
        ({"TANYA_RETRY_SECONDS": "0"}, "retry_seconds", 0),
        ({"TELEGRAM_BOT_TOKEN_FILE": "~/token"}, "token_file", Path("~/token").expanduser()),
        ({}, "retry_seconds", 60),
        ({}, "search_timeout", 10.0),
    ],
)
def test_robustness_settings(environ, field, value):
    assert getattr(Settings.from_sources(None, environ), field) == value


def test_robustness_settings_have_options():
    from bot.cli import build_parser

    args = build_parser().parse_args(["telegram", "--token-file", "/run/secrets/token", "--retry-seconds", "5", "--search-timeout", "2.5"])
    settings = Settings.from_sources(args, {"TANYA_RETRY_SECONDS": "9"})
    assert (settings.token_file, settings.retry_seconds, settings.search_timeout) == (Path("/run/secrets/token"), 5, 2.5)


@pytest.mark.parametrize(
    ("environ", "says"),
    [
        ({"TANYA_SEARCH_TIMEOUT": "0"}, "from 0.001 to 600 seconds"),
        ({"TANYA_SEARCH_TIMEOUT": "nan"}, "from 0.001 to 600 seconds"),
        ({"TANYA_SEARCH_TIMEOUT": "soon"}, "a number of seconds"),
        ({"TANYA_RETRY_SECONDS": "-1"}, "from 0 to 3600"),
    ],
)
def test_robustness_settings_refuse_bad_values(environ, says):
    with pytest.raises(SettingsError, match=says):
        Settings.from_sources(None, environ)


def test_answer_cache_is_bounded_and_per_chat(service):
    result = service.ask(SISARDI_QUESTION, 3)
    cache = AnswerCache(maxsize=2)
    first = cache.put(CachedQuestion(1, "q1", result, "id"))
    second = cache.put(CachedQuestion(1, "q2", result, "id"))
    assert cache.get(first, 2) is None, "an answer is shown only in the chat it was asked in"
    assert cache.get(first, 1).question == "q1"  # first is now the most recently used
    third = cache.put(CachedQuestion(1, "q3", result, "id"))
    assert len(cache) == 2
    assert cache.get(second, 1) is None, "the least recently used entry was evicted"
    assert cache.get(first, 1) and cache.get(third, 1)
    assert len({first, second, third}) == 3 and all(len(k) <= 16 for k in (first, second, third))


@pytest.mark.parametrize("data", ["", "abc", "k:1", "k:x:0", "k:1:2", "k" * 17 + ":1:0", "a b:1:0", None])
def test_page_decode_refuses_malformed_data(data):
    assert Page.decode(data) is None


def test_every_button_fits_telegram_callback_data_limit(service):
    result = service.ask("netralitas ASN Pilkada", 100)
    assert len(result.answers) > 3
    key = AnswerCache().put(CachedQuestion(-1001234567890123, "q", result, "en"))
    for position in range(len(result.answers)):
        for full in (False, True):
            keyboard = answer_keyboard(key, result, position, full, "en")
            buttons = [b for row in keyboard.inline_keyboard for b in row]
            assert buttons
            for button in buttons:
                assert len(button.callback_data.encode()) <= CALLBACK_DATA_LIMIT
                page = Page.decode(button.callback_data)
                assert page.key == key and 0 <= page.position < len(result.answers)


@pytest.mark.parametrize(
    ("base", "file_url"),
    [
        ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
        ("http://127.0.0.1:8081/bot/", "http://127.0.0.1:8081/file/bot"),
        ("https://proxy.example/tg/bot{token}", "https://proxy.example/tg/file/bot{token}"),
    ],
)
def test_file_url_for(base, file_url):
    assert file_url_for(base) == file_url


@pytest.mark.parametrize(
    ("url", "path"), [("https://example.org/tanya/hook", "tanya/hook"), ("https://example.org/", ""), ("https://example.org", "")]
)
def test_webhook_path(url, path):
    assert webhook_path(url) == path


def test_redactor_removes_secrets_from_messages_arguments_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretRedactor([SECRET_TOKEN, "webhook-secret-value", None, "x"]))
    log = logging.getLogger("httpx.redaction-test")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning('HTTP Request: POST http://127.0.0.1/bot%s/getMe "HTTP/1.1 200 OK"', SECRET_TOKEN)
        log.warning("quoted %s and bare %s", SECRET_TOKEN.replace(":", "%3A"), SECRET_TOKEN.split(":")[1])
        log.warning("secret %(secret)s", {"secret": "webhook-secret-value"})
        try:
            raise RuntimeError(f"The token `{SECRET_TOKEN}` was rejected by the server.")
        except RuntimeError:
            log.exception("failed")
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert SECRET_TOKEN not in output and SECRET_TOKEN.split(":")[1] not in output and "webhook-secret-value" not in output
    assert output.count(REDACTED) == 5
    assert "RuntimeError: The token `[REDACTED]` was rejected" in output
    assert "x" in output, "values too short to be secrets are left alone"


# -- startup ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("http_status", "body", "content_type", "exit_status", "says"),
    [
        (500, "PROXY_ERROR_PAGE", "text/html", 1, "cannot reach the Telegram Bot API at {api}: Internal Server Error (500)"),
        (502, "PROXY_ERROR_PAGE", "text/html", 1, "cannot reach the Telegram Bot API at {api}: Bad Gateway (502)"),
        (200, "garbage <not json>", "application/json", 1, "cannot reach the Telegram Bot API at {api}: Invalid server response"),
        (200, '{"ok": true}', "application/json", 1, "cannot reach the Telegram Bot API at {api}: unexpected answer to getMe (KeyError"),
        (200, "[]", "application/json", 1, "cannot reach the Telegram Bot API at {api}: unexpected answer to getMe (TypeError"),
        (401, "PROXY_ERROR_PAGE", "text/html", 2, "the Telegram Bot API at {api} refused the bot token"),
    ],
)
def test_a_broken_api_at_startup_is_one_quiet_line(telegram_stub, stub_api, capsys, caplog, http_status, body, content_type, exit_status, says):
    caplog.set_level(logging.DEBUG)
    body = getattr(stub_api, body, body)
    telegram_stub.garble_next("getMe", http_status, body, content_type)
    # No retries: the first failure is the last (tests/test_telegram_robustness.py retries).
    settings = Settings(token=telegram_stub.token, api_base_url=telegram_stub.base_url, retry_seconds=0)
    assert asyncio.run(check_token(settings, SecretRedactor([settings.token]))) == exit_status
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("tanya: " + says.format(api=telegram_stub.base_url))
    assert len(line) <= len(telegram_stub.base_url) + DETAIL_LIMIT + 100, "a proxy's page is cut short"
    assert telegram_stub.token not in line
    # PTB logs an unparsable answer at ERROR with a traceback; none of it may show.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("telegram")] == []
    assert logging.getLogger("telegram").level == logging.NOTSET, "the logger is quiet only during the check"
    assert [c.method for c in telegram_stub.calls()] == ["getMe"]


def test_startup_tries_a_faltering_api_again_in_one_warning(telegram_stub, stub_api, capsys, caplog):
    telegram_stub.garble_next("getMe", 502, stub_api.PROXY_ERROR_PAGE, times=2)
    telegram_stub.reset_next("getMe")
    settings = Settings(token=telegram_stub.token, api_base_url=telegram_stub.base_url, retry_seconds=20)
    with caplog.at_level(logging.WARNING, logger="bot.telegram_app"):
        assert asyncio.run(check_token(settings, SecretRedactor([settings.token]))) == 0
    assert capsys.readouterr().err == ""
    (warning,) = [r.getMessage() for r in caplog.records if r.name == "bot.telegram_app"]
    assert "is not answering (Bad Gateway (502)" in warning and "trying again for up to 20 s" in warning
    assert [c.ok for c in telegram_stub.calls("getMe")] == [False, False, False, True]


def test_a_refused_token_is_not_tried_again(telegram_stub, capsys):
    settings = Settings(token="654321:WRONG-token", api_base_url=telegram_stub.base_url, retry_seconds=60)
    assert asyncio.run(check_token(settings, SecretRedactor([settings.token]))) == 2
    assert "refused the bot token" in capsys.readouterr().err
    assert len(telegram_stub.calls("getMe")) == 1


@contextmanager
def saved_root_logging() -> Iterator[None]:
    """No root handlers inside (pytest's are set aside, so that configure_logging does not
    close them); after, the root logger and the levels configure_logging sets as they were."""
    root = logging.getLogger()
    names = ("httpx", "httpcore")
    handlers, level, levels = root.handlers[:], root.level, [logging.getLogger(n).level for n in names]
    root.handlers[:] = []
    try:
        yield
    finally:
        logging.captureWarnings(False)
        for handler in root.handlers:
            if handler not in handlers:
                handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, name_level in zip(names, levels):
            logging.getLogger(name).setLevel(name_level)


def test_logging_is_set_up_once_whatever_was_set_up_before(capsys):
    with saved_root_logging():
        # A handler set up before run_bot (as bot/cli.py once did), then a second setup.
        logging.getLogger().addHandler(logging.StreamHandler(sys.stderr))
        configure_logging("INFO", [SECRET_TOKEN])
        configure_logging("INFO", [SECRET_TOKEN])
        assert len(logging.getLogger().handlers) == 1
        logging.getLogger("bot.telegram_app").warning("posting to /bot%s/getMe", SECRET_TOKEN)
        logging.getLogger("httpx").info("quieted below WARNING")
    (line,) = capsys.readouterr().err.splitlines()
    assert re.fullmatch(rf"[\d-]{{10}} [\d:,]{{12}} WARNING bot\.telegram_app: posting to /bot{re.escape(REDACTED)}/getMe", line)


@pytest.mark.parametrize("markup", ["<b>a</b> &amp; &lt;b&gt;", "<i>x</i>\n<b>y</b>", '<a href="https://t.me">t</a>', "plain"])
def test_stub_accepts_valid_telegram_html(stub_api, markup):
    stub_api.check_html(markup)


@pytest.mark.parametrize(
    "markup",
    ["<b>x</b> & <script>", "<b>unclosed", "<b><i>x</b></i>", "x</b>", "<br/>", "<p>x</p>", "a < b", "&nbsp;", "<!-- c -->"],
)
def test_stub_refuses_what_telegram_refuses(stub_api, markup):
    with pytest.raises(stub_api.ParseEntitiesError):
        stub_api.check_html(markup)


def test_rendered_messages_pass_telegram_html_checks(stub_api, seed_corpus):
    hostile = "<script>alert(1)</script> & <b>bold</b> &amp; a < b > c"
    answer = Answer(
        rank=1, doc_id="x", title=f"Title {hostile}", source="<i>outlet</i>", date="2024 & after", paragraph=3,
        score=1.0, excerpt=f"Excerpt {hostile}", text=f"Paragraph {hostile} " * 400,
        highlights=((8, 16), (20, 30)), text_highlights=((10, 18),),
        copies=(Citation(doc_id="y", title=f"Copy {hostile}", source="a&b", date=None, paragraph=2),),
    )
    result = Result(question=hostile, language="en", answers=(answer, answer))
    messages = [
        present_answer(result, "en"),
        present_answer(result, "id", 1, full=True),
        present_help("en", 5, 52, bot_name="a<b>&c"),
        present_sources(seed_corpus.documents, seed_corpus.paragraph_count, "id"),
        notice("en", "unknown_command", command="/x<b>&"),
    ]
    visible = []
    for message in messages:
        parts = render_html_parts(message)
        for part in parts:
            assert len(part) <= 4096
            visible.append(stub_api.check_html(part))
    assert f"Excerpt {hostile}" in visible[0] and f"Title {hostile}" in visible[0] and f"Copy {hostile}" in visible[0]
    assert len(render_html_parts(messages[1])) > 1, "the whole paragraph takes several messages"


# -- handlers through Application.process_update ----------------------------------------


def test_private_question_is_answered_with_a_reply_and_buttons(telegram_stub, service):
    update = telegram_stub.private_message(501, SISARDI_QUESTION)
    process(make_app(telegram_stub, service), update)
    (sent,) = telegram_stub.wait_calls("sendMessage", 501)
    assert sent.text == expected_answer(service, SISARDI_QUESTION) and "<b>" in sent.text
    assert sent.params["parse_mode"] == "HTML"
    assert sent.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
    buttons = [b for row in sent.params["reply_markup"]["inline_keyboard"] for b in row]
    assert {b["text"] for b in buttons} >= {text("id", "button_next")}
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)


def test_help_and_next_typed_as_words_get_the_help_and_the_way_to_the_next_answer(telegram_stub, service):
    summary = service.summary()
    process(make_app(telegram_stub, service), telegram_stub.private_message(502, "help"), telegram_stub.private_message(502, "jawaban lain"))
    helped, pointed = telegram_stub.wait_calls("sendMessage", 502, 2)
    # Searched, "help" was answered with the HUT paragraphs.
    assert helped.text == render_html_parts(present_help("en", summary.documents, summary.paragraphs, bot_name=BOT_USERNAME))[0]
    # No question asked yet: nothing to go on from (after one, the buttons; see test_telegram_e2e).
    assert pointed.text == render_html_parts(present_small_talk_more("id", None))[0]


def test_group_chatter_gets_no_reply_at_all(telegram_stub, service):
    group = -100501
    chatter = [
        telegram_stub.group_message(group, 7, "halo semua, siapa Pjs Bupati Bengkulu Selatan?"),
        telegram_stub.group_message(group, 7, "@other_helper_bot siapa Pjs Bupati Bengkulu Selatan?"),
        telegram_stub.group_message(group, 7, "/ask@other_helper_bot siapa Pjs Bupati Bengkulu Selatan?"),
        telegram_stub.group_message(group, 7, "/sources@other_helper_bot"),
        telegram_stub.group_message(group, 7, None, sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}),
        telegram_stub.group_message(group, 7, "/unknown"),
    ]
    process(make_app(telegram_stub, service), *chatter)
    assert telegram_stub.calls(chat_id=group) == []


@pytest.mark.parametrize("form", ["ask", "ask@bot", "mention", "text_mention", "reply"])
def test_group_messages_addressed_to_the_bot_are_answered(telegram_stub, service, form):
    group, question = -100502, SISARDI_QUESTION
    fields: dict = {}
    message = {
        "ask": f"/ask {question}",
        "ask@bot": f"/ask@{telegram_stub.username} {question}",
        "mention": f"@{telegram_stub.username} {question}",
        "text_mention": f"Tanya, {question}",
        "reply": question,
    }[form]
    if form == "text_mention":
        fields["entities"] = [{"type": "text_mention", "offset": 0, "length": 5, "user": telegram_stub.bot_user}]
    if form == "reply":
        fields["reply_to_message"] = {"message_id": 999, "date": 0, "chat": {"id": group, "type": "supergroup"}, "from": telegram_stub.bot_user, "text": "earlier answer"}
    update = telegram_stub.group_message(group, 8, message, **fields)
    process(make_app(telegram_stub, service), update)
    (sent,) = telegram_stub.wait_calls("sendMessage", group)
    assert sent.text == expected_answer(service, SISARDI_QUESTION)
    assert sent.params["reply_parameters"]["message_id"] == update["message"]["message_id"]


def test_ask_without_a_question_gets_one_line_of_usage(telegram_stub, service):
    process(make_app(telegram_stub, service), telegram_stub.group_message(-100503, 9, f"/ask@{telegram_stub.username}"))
    (sent,) = telegram_stub.wait_calls("sendMessage", -100503)
    assert sent.text == text("id", "ask_usage")


def test_too_long_question_is_refused_politely(telegram_stub, service):
    question = "siapa " * (MAX_QUESTION_CHARS // 6 + 1)
    process(make_app(telegram_stub, service), telegram_stub.private_message(504, question, language_code="en"))
    (sent,) = telegram_stub.wait_calls("sendMessage", 504)
    assert sent.text == text("en", "too_long", length=len(question.strip()), limit=MAX_QUESTION_CHARS)


def test_questions_over_the_rate_limit_get_a_polite_reply(telegram_stub, service):
    updates = [telegram_stub.private_message(505, SISARDI_QUESTION) for _ in range(3)]
    updates.append(telegram_stub.private_message(506, SISARDI_QUESTION))
    process(make_app(telegram_stub, service, rate_limit=2), *updates)
    replies = [c.text for c in telegram_stub.wait_calls("sendMessage", 505, count=3)]
    answer = expected_answer(service, SISARDI_QUESTION)
    assert replies == [answer, answer, text("id", "rate_limited", limit=2)]
    assert telegram_stub.wait_calls("sendMessage", 506)[0].text == answer, "the limit is per user"


def test_non_text_in_private_gets_a_hint(telegram_stub, service):
    photo = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
    process(make_app(telegram_stub, service), telegram_stub.private_message(507, None, language_code="en", photo=photo))
    (sent,) = telegram_stub.wait_calls("sendMessage", 507)
    assert sent.text == text("en", "non_text")


def test_an_edited_question_is_not_answered_but_told_to_be_sent_anew(telegram_stub, service):
    """An edit is no question asked anew: in a private chat the user who mended a typo
    that way is told to send it again (H94: they waited for an answer that never came);
    in a group, where edits are mostly chatter, nothing."""
    original = telegram_stub.private_message(508, "siapa pjs bupati bengkulu seltan?", language_code="en")
    in_group = telegram_stub.group_message(-508, 508, f"/ask {SISARDI_QUESTION}")
    process(
        make_app(telegram_stub, service),
        telegram_stub.edited_message(original["message"], SISARDI_QUESTION),
        telegram_stub.edited_message(in_group["message"], f"/ask {SISARDI_QUESTION}?"),
    )
    (hint,) = telegram_stub.calls("sendMessage", 508)
    assert hint.text == text("en", "edited")
    assert telegram_stub.calls(chat_id=-508) == []


def test_unknown_command_in_private_is_named_and_escaped(telegram_stub, service):
    process(make_app(telegram_stub, service), telegram_stub.private_message(509, "/frobnicate<b>&", language_code="en"))
    (sent,) = telegram_stub.wait_calls("sendMessage", 509)
    assert sent.text == "Unknown command /frobnicate&lt;b&gt;&amp;. Type /help for the commands."


def test_an_unknown_command_in_a_group_is_answered_only_when_addressed_to_this_bot(telegram_stub, service):
    # "/foo@<this bot>" in a group went unanswered, where a private chat names it (helper-108);
    # a bare "/foo" or another bot's may be another bot's, and get nothing.
    group = -509
    process(
        make_app(telegram_stub, service),
        telegram_stub.group_message(group, 77, "/foo", language_code="en"),
        telegram_stub.group_message(group, 77, "/foo@other_helper_bot", language_code="en"),
        telegram_stub.group_message(group, 77, f"/foo@{telegram_stub.username} siapa?", language_code="en"),
    )
    (sent,) = telegram_stub.wait_calls("sendMessage", group)
    assert sent.text == "Unknown command /foo. Type /help for the commands."
    assert len(telegram_stub.calls("sendMessage", group)) == 1


def test_channel_posts_need_ask_or_a_mention(telegram_stub, service):
    channel = -100510
    posts = [
        telegram_stub.channel_post(channel, SISARDI_QUESTION),
        telegram_stub.channel_post(channel, f"/ask@other_helper_bot {SISARDI_QUESTION}"),
        telegram_stub.channel_post(channel, f"@{telegram_stub.username} {SISARDI_QUESTION}"),
    ]
    process(make_app(telegram_stub, service), *posts)
    (sent,) = telegram_stub.wait_calls("sendMessage", channel)
    assert sent.text == expected_answer(service, SISARDI_QUESTION)
    assert sent.params["reply_parameters"]["message_id"] == posts[2]["channel_post"]["message_id"]


def test_buttons_page_through_answers_and_tolerate_double_taps(telegram_stub, service):
    app = make_app(telegram_stub, service)
    chat = 511

    async def scenario(send: Send) -> None:
        await send(telegram_stub.private_message(chat, SISARDI_QUESTION))
        answer = telegram_stub.bot_messages(chat)[-1]
        next_data = answer["reply_markup"]["inline_keyboard"][0][-1]["callback_data"]
        await send(telegram_stub.callback_query(chat, answer, next_data))
        await send(telegram_stub.callback_query(chat, answer, next_data))  # the same press again

    run(app, scenario)
    (edit,) = telegram_stub.calls("editMessageText", ok=True)
    assert edit.text == expected_answer(service, SISARDI_QUESTION, position=1)
    not_modified = telegram_stub.calls("editMessageText", ok=False)
    assert len(not_modified) == 1 and "not modified" in not_modified[0].result
    assert len(telegram_stub.calls("answerCallbackQuery", ok=True)) == 2
    assert len(telegram_stub.calls("sendMessage", chat)) == 1, "a double tap is no error: no apology"


def test_a_button_whose_answer_was_forgotten_asks_again_or_says_so(telegram_stub, service):
    chat = 512
    asked = telegram_stub.private_message(chat, SISARDI_QUESTION)["message"]
    shown = {"message_id": 9001, "date": 0, "chat": asked["chat"], "from": telegram_stub.bot_user, "text": "an old answer"}
    telegram_stub.messages[(chat, 9001)] = {**shown, "html": "an old answer", "reply_to_message": asked}
    orphan = {**shown, "message_id": 9002}
    telegram_stub.messages[(chat, 9002)] = {**orphan, "html": "an old answer"}
    updates = [
        telegram_stub.callback_query(chat, shown, "gone1234:1:0"),  # replies to the question: asked again
        telegram_stub.callback_query(chat, orphan, "gone1234:1:0", language_code="en"),  # nothing to ask again
        telegram_stub.callback_query(chat, orphan, "not page data", language_code="en"),
    ]
    process(make_app(telegram_stub, service), *updates)
    (edit,) = telegram_stub.calls("editMessageText", ok=True)
    assert edit.params["message_id"] in (9001, "9001")
    assert edit.text == expected_answer(service, SISARDI_QUESTION, position=1)
    answers = telegram_stub.calls("answerCallbackQuery", ok=True)
    assert [a.params.get("text") for a in answers] == [None, text("en", "expired"), text("en", "expired")]


def test_reload_is_for_admins_and_does_not_stop_answers(telegram_stub, seeds_dir, tmp_path):
    class SlowReload(SearchService):
        """A real SearchService whose reload waits for the test's go-ahead."""

        def __init__(self, *args: object) -> None:
            super().__init__(*args)
            self.started, self.go = threading.Event(), threading.Event()

        def reload(self):
            self.started.set()
            assert self.go.wait(THREAD_TIMEOUT), "the test never let the reload go on"
            return super().reload()

    service = SlowReload(seeds_dir, tmp_path / "index")
    app = make_app(telegram_stub, service)

    async def scenario(send: Send) -> None:
        await send(telegram_stub.private_message(7, "/reload", language_code="en"))
        await send(telegram_stub.private_message(ADMIN, "/reload"))
        # The reload runs in a task of its own (block=False); wait for it in a thread, with a deadline.
        assert await asyncio.to_thread(service.started.wait, THREAD_TIMEOUT), "the admin's /reload never started"
        try:
            await send(telegram_stub.private_message(513, SISARDI_QUESTION))
            answered = telegram_stub.wait_calls("sendMessage", 513)[0].text
            assert answered == expected_answer(service, SISARDI_QUESTION), "answered during the reload"
            assert [c.text for c in telegram_stub.calls("sendMessage", ADMIN)] == [text("id", "reloading")]
        finally:
            service.go.set()
        await asyncio.to_thread(telegram_stub.wait_calls, "sendMessage", ADMIN, 2)

    run(app, scenario, started=True)
    assert telegram_stub.calls("sendMessage", 7)[0].text == text("en", "reload_denied")
    summary = service.summary()  # counted by the chunker, whose rules change
    assert telegram_stub.calls("sendMessage", ADMIN)[1].text == text("id", "reloaded", documents=5, paragraphs=summary.paragraphs)


@pytest.mark.parametrize(("chat", "named"), [(-514, "chat -514"), (514, "a private chat")])
def test_handler_errors_are_logged_with_chat_and_type_and_apologised_for(telegram_stub, service, caplog, chat, named):
    """A group by its id; a private chat by its kind alone: its id is its user's."""
    telegram_stub.fail_next("sendMessage", 400, "Bad Request: something went wrong", chat_id=chat)
    asked = telegram_stub.group_message(chat, 514, f"/ask {SISARDI_QUESTION}") if chat < 0 else telegram_stub.private_message(chat, SISARDI_QUESTION)
    with caplog.at_level(logging.ERROR, logger="bot.telegram_handlers"):
        process(make_app(telegram_stub, service), asked)
    failed, apology = telegram_stub.calls("sendMessage", chat)
    assert failed.status == 400 and apology.ok
    assert apology.text == text("id", "error")
    (record,) = [r for r in caplog.records if r.name == "bot.telegram_handlers"]
    assert record.getMessage() == f"Error handling a message update in {named}"
    assert "Something went wrong" in str(record.exc_info[1])


def test_inline_queries(telegram_stub, service):
    empty = telegram_stub.inline_query(515, "   ", language_code="en")
    asked = telegram_stub.inline_query(515, "siapa Pjs Bupati Bengkulu Selatan")
    unknown = telegram_stub.inline_query(515, "What is the capital of France?", language_code="en")
    process(make_app(telegram_stub, service), empty, asked, unknown)
    first, second, third = telegram_stub.calls("answerInlineQuery")
    assert first.ok and first.params["results"] == [] and first.params["button"]["text"] == text("en", "inline_hint")
    assert second.ok and 1 <= len(second.params["results"]) <= 5
    result = service.ask("siapa Pjs Bupati Bengkulu Selatan", 5)
    assert [r["title"] for r in second.params["results"]] == [a.title for a in result.answers]
    first_answer = second.params["results"][0]["input_message_content"]["message_text"]
    assert first_answer == render_html_parts(present_answer(Result(result.question, "id", result.answers[:1]), "id"))[0]
    assert third.ok and third.params["results"] == [] and third.params["button"]["text"] == text("en", "not_found")


def test_post_init_registers_commands_in_both_languages(telegram_stub, service):
    app = make_app(telegram_stub, service)

    async def scenario(send: Send) -> None:
        await post_init(app)

    run(app, scenario)
    assert [c["command"] for c in telegram_stub.commands[""]] == ["ask", "sources", "help", "reload", "stats"]
    assert telegram_stub.commands["en"][0]["description"] == text("en", "cmd_ask")
    assert telegram_stub.commands[""][0]["description"] == text("id", "cmd_ask")



def test_a_call_cancelled_by_its_caller_is_not_sent_after_all():
    # helper-112: the stop's grace wait ran the call as a task of its own, which a
    # caller's cancel (a timeout around a send) left running: sent after all.
    sent: list[float] = []

    async def callback(*args, **kwargs):
        await asyncio.sleep(0.3)
        sent.append(0.3)
        return True

    async def run_it() -> None:
        limiter = RetryingRateLimiter(retry_seconds=0, read_timeout=5)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": 1}, None), 0.05)
        await asyncio.sleep(0.5)

    asyncio.run(run_it())
    assert sent == []
