"""What users could still hit (H36), through python-telegram-bot's real stack against the
stand-in Bot API (conftest's ``telegram_stub``): inline answers on an empty archive say
it is empty; votes survive a new bot token; bidirectional controls in an article never
reach the reader; another bot's messages, and the bot's own channel posts, are not
answered while people's (anonymous admins' too) are."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_telegram_conversation import SISARDI_QUESTION, Send, keyboard, make_app, process, run, texts

from bot.cli import main
from bot.policy import Sender, from_a_bot
from bot.presenter import not_found_line, present_answer, present_not_found, text
from bot.questions_log import QuestionsLog, voter_key_path
from bot.render import render_html_parts, render_terminal
from bot.service import SearchService
from bot.telegram_messages import ANONYMOUS_ADMIN_ID, voter_key
from telegram_stub import BOT_ID

if TYPE_CHECKING:
    from telegram_stub import StubBotAPI

OTHER_TOKEN = "654321:ANOTHER-token-BBEhBOweik6ad9r_QXMENQjcrGbqCr4K"
INLINE_BUTTON_LIMIT = 64  # characters Telegram keeps of an inline results button's text


@pytest.fixture(scope="module")
def seeds_service(seeds_dir, tmp_path_factory) -> SearchService:
    return SearchService(seeds_dir, tmp_path_factory.mktemp("index"))


# -- 1. inline answers on an empty archive ---------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("empty", [True, False])
def test_inline_not_found_says_what_a_chat_says(telegram_stub, seeds_service, tmp_path, language, empty):
    if empty:
        (tmp_path / "articles").mkdir()
        service = SearchService(tmp_path / "articles", tmp_path / "index")
    else:
        service = seeds_service
    question = "siapa juara lomba layang-layang di Lahat" if language == "id" else "who won the kite contest in Lahat"
    process(make_app(telegram_stub, service), telegram_stub.inline_query(931, question, language))
    (answered,) = telegram_stub.calls("answerInlineQuery")
    said = answered.params["button"]["text"]
    assert said == not_found_line(language, empty) == text(language, "archive_empty_inline" if empty else "not_found")
    assert answered.params["results"] == []
    # The same words a chat message gets, cut to the button's room.
    assert present_not_found(language, empty).plain.startswith(said) and len(said) <= INLINE_BUTTON_LIMIT


@pytest.mark.parametrize(("question", "language"), [("Apa yang dia larang?", "id"), ("When did he take office?", "en")])
def test_inline_not_found_for_someone_named_before_says_to_name_them(telegram_stub, seeds_service, question, language):
    # As a chat's reply does: each question is asked alone, and "dia" stands for no one.
    process(make_app(telegram_stub, seeds_service), telegram_stub.inline_query(932, question, language))
    (answered,) = telegram_stub.calls("answerInlineQuery")
    said = answered.params["button"]["text"]
    assert said == text(language, "not_found_refers_back_inline") and len(said) <= INLINE_BUTTON_LIMIT
    assert answered.params["results"] == []


# -- 2. votes keyed by the log's own key -----------------------------------------------


def votes(log: Path) -> list[tuple[int, int, str]]:
    with sqlite3.connect(log) as connection:
        return connection.execute("SELECT question_id, helpful, voter FROM feedback ORDER BY question_id, voter").fetchall()


def test_a_new_bot_token_keeps_old_votes_counted(telegram_stub, stub_api, seeds_service, tmp_path):
    log, chat = tmp_path / "questions.sqlite3", -100931

    async def ask_and_vote(send: Send) -> None:
        await send(telegram_stub.group_message(chat, 931, f"/ask {SISARDI_QUESTION}"))
        shown, buttons = keyboard(telegram_stub, chat)
        await send(telegram_stub.callback_query(931, shown, buttons["👍"]))

    run(make_app(telegram_stub, seeds_service, questions_log=log), ask_and_vote)
    shown, buttons = keyboard(telegram_stub, chat)
    rotated = stub_api.StubBotAPI(token=OTHER_TOKEN).start()
    try:

        async def vote_again(send: Send) -> None:
            # The old answer's buttons, pressed after the bot restarted with a new token.
            await send(rotated.callback_query(931, shown, buttons["👎"]))
            await send(rotated.callback_query(932, shown, buttons["👍"]))

        run(make_app(rotated, seeds_service, questions_log=log), vote_again)
    finally:
        rotated.close()
    assert sorted(helpful for _, helpful, _ in votes(log)) == [0, 1], "931's 👎 replaced their 👍; 932 counts apart"


def test_a_vote_kept_under_the_token_is_the_voters_under_the_new_key(telegram_stub, seeds_service, tmp_path):
    """A log written before the voters' key: its votes were keyed by the bot token. The
    voter's next press, with that token still, moves their vote to the new key, so a
    later token cannot count them twice."""
    log, chat = tmp_path / "questions.sqlite3", -100932

    async def ask(send: Send) -> None:
        await send(telegram_stub.group_message(chat, 933, f"/ask {SISARDI_QUESTION}"))

    run(make_app(telegram_stub, seeds_service, questions_log=log), ask)
    ((question,),) = sqlite3.connect(log).execute("SELECT id FROM questions").fetchall()
    with sqlite3.connect(log) as connection:  # as the version before wrote it
        connection.execute(
            "INSERT INTO feedback (question_id, helpful, given_at, voter) VALUES (?, 1, '2026-01-01T00:00:00+00:00', ?)",
            (question, voter_key(telegram_stub.token.encode(), 933)),
        )
    shown, buttons = keyboard(telegram_stub, chat)

    async def press(send: Send) -> None:
        await send(telegram_stub.callback_query(933, shown, buttons["👎"]))

    run(make_app(telegram_stub, seeds_service, questions_log=log), press)
    secret = QuestionsLog(log).voter_secret
    assert votes(log) == [(question, 0, voter_key(secret, 933))]


def test_paging_an_answer_given_before_a_restart_keeps_its_votes(telegram_stub, seeds_service, tmp_path):
    """After a restart the answer's question is asked again from the message it replies
    to; its 👍/👎 named the log's row, which outlived the restart, and stay (H94: the
    page shown then had only ◀ ▶)."""
    log, chat = tmp_path / "questions.sqlite3", -100933

    async def ask(send: Send) -> None:
        await send(telegram_stub.group_message(chat, 934, f"/ask {SISARDI_QUESTION}"))

    run(make_app(telegram_stub, seeds_service, questions_log=log), ask)
    shown, buttons = keyboard(telegram_stub, chat)
    votes_before = {label: data for label, data in buttons.items() if label in ("👍", "👎")}
    assert len(votes_before) == 2

    async def page_after_restart(send: Send) -> None:
        await send(telegram_stub.callback_query(934, shown, buttons[text("id", "button_next")]))

    run(make_app(telegram_stub, seeds_service, questions_log=log), page_after_restart)
    (edit,) = telegram_stub.calls("editMessageText", chat, ok=True)
    after = {b["text"]: b["callback_data"] for row in edit.params["reply_markup"]["inline_keyboard"] for b in row}
    assert {label: after.get(label) for label in votes_before} == votes_before


def test_a_vote_whose_data_is_no_button_of_its_message_is_not_counted(telegram_stub, seeds_service, tmp_path):
    """A modified client can press with any data: a vote naming another chat's question
    (its row's number, counted up from 1) is no button of the message it came from, and
    is not counted; the message's own buttons are."""
    log, theirs, mine = tmp_path / "questions.sqlite3", -100935, -100936

    async def scenario(send: Send) -> None:
        await send(telegram_stub.group_message(theirs, 935, f"/ask {SISARDI_QUESTION}"))
        await send(telegram_stub.group_message(mine, 936, f"/ask {SISARDI_QUESTION}"))
        shown, buttons = keyboard(telegram_stub, mine)
        their_row = int(keyboard(telegram_stub, theirs)[1]["👎"].split(":")[1])
        await send(telegram_stub.callback_query(936, shown, f"v:{their_row}:0"))
        await send(telegram_stub.inline_callback_query(937, f"v:{their_row}:0"))  # inline answers carry no votes (H96)
        await send(telegram_stub.callback_query(936, shown, buttons["👍"]))

    run(make_app(telegram_stub, seeds_service, questions_log=log), scenario)
    answered = [c.params.get("text") for c in telegram_stub.calls("answerCallbackQuery")]
    assert sorted(answered) == sorted([text("id", "expired"), text("id", "expired"), text("id", "feedback_thanks")])  # an inline press has no chat's turn
    ((mine_row,),) = sqlite3.connect(log).execute("SELECT max(id) FROM questions").fetchall()  # asked last
    assert [(question, helpful) for question, helpful, _ in votes(log)] == [(mine_row, 1)]


# -- 3. bidirectional controls ---------------------------------------------------------

CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
ARABIC, HEBREW, MARK = "الجسر الجديد", "הגשר החדש", "\u200f"


def bidi_archive(folder: Path, control: str) -> Path:
    folder.mkdir()
    (folder / "jembatan.txt").write_text(
        "URL: https://contoh.id/berita/jembatan-musi\n"
        f"Outlet: Harian {control}Pos{control} Palembang\n"
        "Date: 2024-11-10\n"
        f"Title: Jembatan Musi VI {control}dibuka{control} wali kota\n\n"
        f"Jembatan Musi VI di Palembang dibuka pada Senin, 11 November 2024, oleh wali kota {control}Harnojoyo{control} "
        f"di bawah prasasti bertuliskan {ARABIC}{MARK} dan {HEBREW}.\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_bidi_controls_in_an_article_reach_no_reader(telegram_stub, tmp_path, capsys, control):
    corpus = bidi_archive(tmp_path / "articles", control)
    service = SearchService(corpus, tmp_path / "index")
    question = "kapan Jembatan Musi VI dibuka?"
    result = service.ask(question, 3)
    assert result.found and control in result.answers[0].title, "the archive keeps the article as written"
    process(
        make_app(telegram_stub, service),
        telegram_stub.private_message(941, question),
        telegram_stub.inline_query(941, question),
    )
    (sent,) = texts(telegram_stub, 941)
    (inline,) = telegram_stub.calls("answerInlineQuery")
    (offered,) = inline.params["results"]
    shown = [sent, offered["title"], offered["description"], offered["input_message_content"]["message_text"]]
    for color in (False, True):
        shown.append(render_terminal(present_answer(result, "id"), color))
    assert main(["ask", "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), question]) == 0
    shown.append(capsys.readouterr().out)
    for output in shown:
        assert control not in output
    for output in (sent, shown[-1]):  # the cited title and outlet, the excerpt with its Arabic and Hebrew
        assert "Jembatan Musi VI dibuka wali kota" in output and "Harian Pos Palembang" in output
        assert "wali kota Harnojoyo di" in output and f"{ARABIC}{MARK} dan {HEBREW}" in output


def test_arabic_and_hebrew_without_controls_are_shown_as_written(telegram_stub, tmp_path):
    corpus = bidi_archive(tmp_path / "articles", "")
    result = SearchService(corpus, tmp_path / "index").ask("kapan Jembatan Musi VI dibuka?", 3)
    (html,) = render_html_parts(present_answer(result, "id"))
    assert f"{ARABIC}{MARK} dan {HEBREW}" in html


# -- 4. other bots' messages -----------------------------------------------------------

GROUP = {"id": -100951, "type": "supergroup", "title": "g"}
CHANNEL = {"id": -100952, "type": "channel", "title": "c"}
OTHER_BOT = {"id": 5550001, "is_bot": True, "first_name": "Berita Bot", "username": "berita_lain_bot"}


def group_update(stub: StubBotAPI, text: str, sender: dict, **fields: object) -> dict:
    update = stub.group_message(GROUP["id"], sender["id"], text, **fields)
    update["message"]["from"] = sender
    return update


@pytest.mark.parametrize(
    ("case", "answered"),
    [
        ("a person mentioning the bot", True),
        ("a person asking with /ask", True),
        ("an anonymous admin", True),
        ("a member writing as their channel", True),
        ("a channel post by a person", True),
        ("another bot mentioning the bot", False),
        ("another bot asking with /ask", False),
        # Telegram never sends a bot its own posts: one signed with its name is a person's (H39).
        ("a channel post signed with the bot's name", True),
        ("the bot's own inline answer sent on by a person", False),
    ],
)
def test_a_bots_message_is_not_answered_a_persons_is(telegram_stub, seeds_service, case, answered):
    person = {"id": 951, "is_bot": False, "first_name": "Tanya"}  # named as the bot: no matter in a group
    mention, ask = f"@{telegram_stub.username} {SISARDI_QUESTION}", f"/ask {SISARDI_QUESTION}"
    updates = {
        "a person mentioning the bot": lambda: group_update(telegram_stub, mention, person),
        "a person asking with /ask": lambda: group_update(telegram_stub, ask, person),
        "an anonymous admin": lambda: group_update(
            telegram_stub, ask, {"id": ANONYMOUS_ADMIN_ID, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"},
            sender_chat=GROUP, author_signature="Tanya",
        ),
        "a member writing as their channel": lambda: group_update(
            telegram_stub, mention, {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"},
            sender_chat=CHANNEL,
        ),
        "a channel post by a person": lambda: telegram_stub.channel_post(CHANNEL["id"], ask, author_signature="Redaksi"),
        "another bot mentioning the bot": lambda: group_update(telegram_stub, mention, OTHER_BOT),
        "another bot asking with /ask": lambda: group_update(telegram_stub, ask, OTHER_BOT),
        "a channel post signed with the bot's name": lambda: telegram_stub.channel_post(CHANNEL["id"], ask, author_signature="Tanya"),
        "the bot's own inline answer sent on by a person": lambda: group_update(
            telegram_stub, mention, person, via_bot={"id": BOT_ID, "is_bot": True, "first_name": "Tanya", "username": telegram_stub.username}
        ),
    }
    update = updates[case]()
    chat = (update.get("message") or update["channel_post"])["chat"]["id"]
    process(make_app(telegram_stub, seeds_service), update)
    assert len(texts(telegram_stub, chat)) == (1 if answered else 0)


@pytest.mark.parametrize(
    ("sender", "bot"),
    [
        (Sender(), False),
        (Sender(is_bot=True), True),
        (Sender(is_bot=True, for_a_chat=True), False),
        (Sender(via_this_bot=True), True),
        (Sender(for_a_chat=True), False),
    ],
)
def test_from_a_bot(sender, bot):
    assert from_a_bot(sender) is bot
