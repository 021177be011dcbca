"""Who the Telegram bot answers, and how often: rate limits that hold for anonymous
admins, button presses and admin commands alike; inline questions counted by question,
not keystroke; one vote per user and answer; a channel's posts answered once; a bare
/ask under a member's question; mentions that are whole @names.

Pure helpers are tested directly; the rest through the real python-telegram-bot stack
(``Application.process_update``) against the in-process stand-in Bot API
(``tests/telegram_stub.py``, on 127.0.0.1, through conftest's ``telegram_stub`` fixture).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

import pytest
from telegram import Message

from bot.presenter import text
from bot.questions_log import voter_secret
from bot.service import SearchService
from bot.policy import Admission, SlidingWindowLimiter
from bot.telegram_messages import (
    ANONYMOUS_ADMIN_ID,
    asked_question,
    extract_question,
    mentions_bot,
    rate_key,
    voter_key,
)
from bot.telegram_state import DRAFT_PAUSE, DRAFT_QUERIES, InlineDrafts
from telegram_harness import BOT_USERNAME, SISARDI_QUESTION, Send, expected_answer, make_app, process, run

if TYPE_CHECKING:  # for type checkers only: the tests get the stub from conftest's fixtures
    from telegram_stub import StubBotAPI

BOT_ID = 777
OKU_QUESTION = "Siapa Pjs Bupati OKU Timur?"


@pytest.fixture(scope="module")
def service(seeds_dir, tmp_path_factory) -> SearchService:
    return SearchService(seeds_dir, tmp_path_factory.mktemp("index"))


def texts(stub: StubBotAPI, chat_id: int) -> list[str]:
    return [c.text for c in stub.calls("sendMessage", chat_id)]


def message(text: str | None, *, user_id: int = 5, chat: dict | None = None, **fields: Any) -> Message:
    data = {
        "message_id": 1, "date": 0, "chat": chat or {"id": -100, "type": "supergroup", "title": "g"},
        "from": {"id": user_id, "is_bot": False, "first_name": "U"}, **fields,
    }
    if text is not None:
        data["text"] = text
    return Message.de_json(data, None)


# -- 1. whose limit a message takes ------------------------------------------------------

GROUP = {"id": -100701, "type": "supergroup", "title": "g"}
CHANNEL = {"id": -100900, "type": "channel", "title": "c"}


@pytest.mark.parametrize(
    ("user_id", "fields", "key"),
    [
        (5, {}, 5),
        (ANONYMOUS_ADMIN_ID, {"sender_chat": GROUP}, GROUP["id"]),  # each group's anonymous admins apart
        (5, {"sender_chat": CHANNEL}, CHANNEL["id"]),  # a member writing as their channel
    ],
)
def test_rate_key_is_the_chat_a_message_speaks_for_else_the_user(user_id, fields, key):
    sent = message("/ask x", user_id=user_id, chat=GROUP, **fields)
    assert rate_key(sent, sent.from_user) == key


def test_anonymous_admins_of_two_groups_do_not_share_a_limit(telegram_stub, service):
    first, second = -100701, -100702
    asks = [
        telegram_stub.group_message(group, ANONYMOUS_ADMIN_ID, f"/ask {SISARDI_QUESTION}", sender_chat={"id": group, "type": "supergroup", "title": "g"})
        for group in (first, first, second)
    ]
    process(make_app(telegram_stub, service, rate_limit=1), *asks, started=True)
    answer = expected_answer(service, SISARDI_QUESTION)
    assert texts(telegram_stub, first) == [answer, text("id", "rate_limited", limit=1)]
    assert texts(telegram_stub, second) == [answer], "the other group's admin still has their question"


# -- 2. inline: a question, not a keystroke --------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def drafts(limit: int) -> tuple[InlineDrafts, Clock]:
    clock = Clock()
    return InlineDrafts(SlidingWindowLimiter(limit, clock=clock), clock=clock), clock


def test_typing_one_question_takes_one_unit_of_the_limit():
    counter, clock = drafts(limit=2)
    question = "siapa pjs bupati bengkulu selatan"
    typed = [question[:i] for i in range(5, len(question) + 1)]
    typed += [question[:-3], question[:-3] + "  SELATAN"]  # trimmed, then retyped otherwise
    for query in typed:
        clock.now += 0.3
        assert counter.admit(701, query) is Admission.ALLOWED, query
    assert counter.admit(701, "siapa sekda rejang lebong") is Admission.ALLOWED, "a new question: the second unit"
    assert counter.admit(701, "netralitas asn") is Admission.WARN, "a third question is over the limit of 2"
    assert counter.admit(701, "netralitas asn pilkada") is Admission.SILENT, "refused, its keystrokes are refused too"
    assert counter.admit(702, "netralitas asn") is Admission.ALLOWED, "per user"


@pytest.mark.parametrize("case", ["paused", "endless"])
def test_a_pause_or_endless_typing_takes_another_unit(case):
    counter, clock = drafts(limit=2)
    assert counter.admit(701, "siapa") is Admission.ALLOWED
    if case == "paused":
        clock.now += DRAFT_PAUSE
        assert counter.admit(701, "siapa pjs") is Admission.ALLOWED  # the second unit
    else:  # typing and deleting without end cannot search without end
        for number in range(DRAFT_QUERIES):  # 1 + 24 queries on the first unit, 25 on the second
            assert counter.admit(701, "siapa" if number % 2 else "siapa x") is Admission.ALLOWED
    assert counter.admit(701, "siapa p" if case == "paused" else "siapa x") is Admission.ALLOWED, "the second unit's question"
    assert counter.admit(701, "netralitas asn") is Admission.WARN


def test_inline_keystrokes_of_one_question_are_all_answered(telegram_stub, service):
    question = "siapa pjs bupati bengkulu selatan"
    updates = [telegram_stub.inline_query(701, question[:i]) for i in range(5, len(question) + 1)]
    process(make_app(telegram_stub, service, rate_limit=3), *updates, started=True)
    answered = telegram_stub.calls("answerInlineQuery")
    assert len(answered) == len(updates) and all(call.ok for call in answered)
    assert answered[-1].params["results"], "the whole question is answered"
    assert text("id", "rate_limited_inline") not in str([call.params for call in answered])


# -- 3. admin commands refused within the limit ----------------------------------------


@pytest.mark.parametrize(("command", "denied", "private"), [("/stats", "stats_denied", False), ("/reload", "reload_denied", True)])
def test_refused_admin_commands_count_against_the_limit(telegram_stub, service, command, denied, private):
    chat = 603 if private else -100779
    build = (lambda: telegram_stub.private_message(chat, command)) if private else (lambda: telegram_stub.group_message(chat, 603, command))
    process(make_app(telegram_stub, service, rate_limit=3), *(build() for _ in range(6)), started=True)
    refusal = text("id", denied)
    # /reload's handler does not block, so its replies may arrive in any order.
    assert sorted(texts(telegram_stub, chat)) == sorted([refusal] * 3 + [text("id", "rate_limited", limit=3)])


# -- 4. buttons: one vote each, presses within the limit -------------------------------


def keyboard(stub: StubBotAPI, chat: int) -> tuple[dict, dict[str, str]]:
    shown = stub.bot_messages(chat)[-1]
    return shown, {b["text"]: b["callback_data"] for row in shown["reply_markup"]["inline_keyboard"] for b in row}


def test_a_users_votes_on_an_answer_count_once_the_last_one_counting(telegram_stub, service, tmp_path):
    log, chat, presses = tmp_path / "questions.sqlite3", -100801, 17

    async def scenario(send: Send) -> None:
        await send(telegram_stub.group_message(chat, 801, f"/ask {SISARDI_QUESTION}"))
        shown, buttons = keyboard(telegram_stub, chat)
        for _ in range(presses - 2):
            await send(telegram_stub.callback_query(801, shown, buttons["👍"]))
        await send(telegram_stub.callback_query(801, shown, buttons["👎"]))
        await send(telegram_stub.callback_query(802, shown, buttons["👍"]))

    run(make_app(telegram_stub, service, questions_log=log, rate_limit=50), scenario, started=True)
    with sqlite3.connect(log) as connection:
        rows = connection.execute("SELECT helpful, voter FROM feedback ORDER BY helpful").fetchall()
    assert [helpful for helpful, _ in rows] == [0, 1], "801's 👎 replaced their 👍s; 802's 👍 counts apart"
    # A voter is the keyed hash of their id, never the id: random hex may hold "801" by chance.
    secret = voter_secret(log)
    assert [voter for _, voter in rows] == [voter_key(secret, 801), voter_key(secret, 802)]
    assert not {voter for _, voter in rows} & {"801", "802"}, "no user id in the log"
    thanks = [c.params.get("text") for c in telegram_stub.calls("answerCallbackQuery")]
    assert thanks == [text("id", "feedback_thanks")] * presses


def test_button_presses_count_against_the_limit(telegram_stub, service, tmp_path):
    chat = 811

    async def scenario(send: Send) -> None:
        await send(telegram_stub.private_message(chat, OKU_QUESTION))
        shown, buttons = keyboard(telegram_stub, chat)
        # The question and the first press fit in the limit of 2; then a warning, then silence.
        for label in (text("id", "button_next"), "👍", "👎", "👍"):
            await send(telegram_stub.callback_query(chat, shown, buttons[label]))

    run(make_app(telegram_stub, service, questions_log=tmp_path / "q.sqlite3", rate_limit=2), scenario, started=True)
    answers = [c.params.get("text") for c in telegram_stub.calls("answerCallbackQuery")]
    assert answers == [None, text("id", "rate_limited", limit=2)], "a press answered, one told to slow down, the rest ignored"
    assert len(telegram_stub.calls("editMessageText", ok=True)) == 1


# -- 5. a channel's post copied into its discussion group ------------------------------


def test_automatic_forwards_into_a_discussion_group_are_not_answered_again(telegram_stub, service):
    channel, group = {"id": -100600, "type": "channel", "title": "Kanal", "username": "kanal"}, -100601
    origin = {"type": "channel", "chat": channel, "message_id": 1, "date": 0}
    forwards = [
        telegram_stub.group_message(group, 777000, body, sender_chat=channel, is_automatic_forward=True, forward_origin=origin)
        for body in (f"/ask {SISARDI_QUESTION}", f"Berita hari ini, tanya @{BOT_USERNAME} soal {SISARDI_QUESTION}", "/help", "/sources")
    ]
    process(make_app(telegram_stub, service, rate_limit=50), *forwards, started=True)
    assert telegram_stub.calls(chat_id=group) == []


# -- 6. a bare /ask or mention under a member's question -------------------------------


@pytest.mark.parametrize("form", ["/ask", "/ask@{bot}", "@{bot}"])
def test_a_bare_ask_replying_to_a_members_question_asks_it(telegram_stub, service, form):
    group = -100650
    member = telegram_stub.group_message(group, 651, SISARDI_QUESTION)["message"]
    ask = telegram_stub.group_message(group, 652, form.format(bot=telegram_stub.username), reply_to_message=member)
    process(make_app(telegram_stub, service, rate_limit=50), ask, started=True)
    (answer,) = texts(telegram_stub, group)
    assert answer == expected_answer(service, SISARDI_QUESTION)


def test_a_bare_ask_replying_to_the_bot_is_still_asked_for_a_question(telegram_stub, service):
    group = -100660
    own = {"message_id": 5, "date": 0, "chat": {"id": group, "type": "supergroup"}, "from": telegram_stub.bot_user, "text": SISARDI_QUESTION}
    process(make_app(telegram_stub, service, rate_limit=50), telegram_stub.group_message(group, 661, "/ask", reply_to_message=own), started=True)
    assert texts(telegram_stub, group) == [text("id", "ask_usage")]


@pytest.mark.parametrize(
    ("replied", "question"),
    [
        ({"text": "siapa sekda?"}, "siapa sekda?"),
        ({"caption": "siapa sekda?"}, "siapa sekda?"),  # a photo's caption
        ({"text": f"/ask@{BOT_USERNAME} siapa sekda?"}, "siapa sekda?"),
        ({"text": "siapa sekda?", "from": {"id": BOT_ID, "is_bot": True, "first_name": "Tanya"}}, ""),
        ({}, ""),  # a sticker: nothing to ask
    ],
)
def test_asked_question_falls_back_to_the_replied_message(replied, question):
    under = {"message_id": 2, "date": 0, "chat": GROUP, "from": {"id": 9, "is_bot": False, "first_name": "M"}, **replied}
    assert asked_question(message("/ask", reply_to_message=under), BOT_USERNAME, BOT_ID) == question
    assert asked_question(message("/ask siapa bupati?", reply_to_message=under), BOT_USERNAME, BOT_ID) == "siapa bupati?"


# -- 7. a mention is a whole @name ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "mentioned"),
    [
        (f"@{BOT_USERNAME} siapa sekda", True),
        (f"siapa sekda, @{BOT_USERNAME.upper()}?", True),
        (f"email me at x@{BOT_USERNAME}.com tentang sekda", False),
        (f"alamatnya a.@{BOT_USERNAME} saja", False),
        (f"@{BOT_USERNAME}_fan siapa sekda", False),
    ],
)
def test_a_mention_is_a_whole_at_name(body, mentioned):
    assert mentions_bot(message(body), BOT_USERNAME, BOT_ID) is mentioned  # no entities: the text decides


def test_entities_decide_when_telegram_gives_them():
    body = f"kirim ke x@{BOT_USERNAME} ya"
    email = [{"type": "email", "offset": 9, "length": len(BOT_USERNAME) + 2}]
    assert not mentions_bot(message(body, entities=email), BOT_USERNAME, BOT_ID)
    mention = [{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}]
    assert mentions_bot(message(f"@{BOT_USERNAME} siapa", entities=mention), BOT_USERNAME, BOT_ID)


def test_an_address_with_the_bots_name_stays_in_the_question():
    assert extract_question(f"/ask siapa pemilik x@{BOT_USERNAME}.com @{BOT_USERNAME}", BOT_USERNAME) == f"siapa pemilik x@{BOT_USERNAME}.com"


def test_an_address_is_no_mention_in_a_group(telegram_stub, service):
    group = -100670
    process(make_app(telegram_stub, service, rate_limit=50), telegram_stub.group_message(group, 671, f"email me at x@{telegram_stub.username}.com soal {SISARDI_QUESTION}"), started=True)
    assert telegram_stub.calls(chat_id=group) == []
