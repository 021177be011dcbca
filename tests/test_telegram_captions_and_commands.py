"""Questions written as a caption, the console's /more and /full typed in Telegram,
inline "@bot /ask ...", and the language of a user whose Telegram is in Malay or a
language of Indonesia (H47, mending H44's findings): handlers driven through
``Application.process_update`` against the in-process stand-in Bot API."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.presenter import choose_language, notice, present_full_hint, present_small_talk_more, text
from bot.render import render_html_parts
from bot.service import SearchService
from bot.settings import Settings
from retrieval.answers import Answer
from telegram_harness import ADMIN, BOT_USERNAME, SISARDI_QUESTION, Send, expected_answer, make_app, process, run, sent

USER = 4701
PHOTO = [{"file_id": "photo1", "file_unique_id": "uphoto1", "width": 640, "height": 480}]
# Who a forwarded message came from: a person, not a channel (no add).
ORIGIN = {"type": "user", "sender_user": {"id": 4799, "is_bot": False, "first_name": "Rina"}, "date": 1_700_000_000}


@pytest.fixture(scope="module")
def service(seeds_dir, tmp_path_factory) -> SearchService:
    return SearchService(seeds_dir, tmp_path_factory.mktemp("index"))


# -- captions ----------------------------------------------------------------------------


def test_a_document_captioned_with_a_question_is_answered_unless_an_admin_sent_it(telegram_stub, service):
    document = telegram_stub.document(b"Judul\n\nIsi.", "catatan.txt", "text/plain")
    updates = [
        telegram_stub.private_message(USER, None, document=document, caption=SISARDI_QUESTION),
        # An admin's document is an add (refused here: the bot answers from the bundled seeds).
        telegram_stub.private_message(ADMIN, None, document=document, caption=SISARDI_QUESTION),
        telegram_stub.private_message(USER + 1, None, document=document),  # no caption: only admins add
    ]
    process(make_app(telegram_stub, service), *updates)
    assert sent(telegram_stub, USER) == [expected_answer(service, SISARDI_QUESTION)]
    assert sent(telegram_stub, ADMIN) == render_html_parts(notice("id", "add_bundled"))
    assert sent(telegram_stub, USER + 1) == render_html_parts(notice("id", "add_denied"))


def test_group_captions_follow_the_rules_of_group_text(telegram_stub, stub_api, service):
    group = -1004701
    other_bot = f"/ask@other_helper_bot {SISARDI_QUESTION}"
    updates = [
        telegram_stub.group_message(group, USER, None, photo=PHOTO, caption=SISARDI_QUESTION),  # not addressed: quiet
        telegram_stub.group_message(group, USER, None, photo=PHOTO, caption=other_bot, caption_entities=stub_api.entities_for(other_bot)),
        telegram_stub.group_message(group, USER, None, photo=PHOTO, caption=f"/ask {SISARDI_QUESTION}"),
    ]
    process(make_app(telegram_stub, service), *updates)
    replies = telegram_stub.calls("sendMessage", group)
    assert [r.text for r in replies] == [expected_answer(service, SISARDI_QUESTION)]
    assert replies[0].params["reply_parameters"]["message_id"] == updates[2]["message"]["message_id"]


def test_a_channel_photo_without_ask_or_mention_is_left_alone(telegram_stub, service):
    channel = -1004702
    process(make_app(telegram_stub, service), telegram_stub.channel_post(channel, None, photo=PHOTO, caption=SISARDI_QUESTION))
    assert sent(telegram_stub, channel) == []


def test_a_button_under_the_answer_to_a_caption_asks_it_again_once_forgotten(telegram_stub, service):
    chat = 4703
    asked = telegram_stub.private_message(chat, None, photo=PHOTO, caption=SISARDI_QUESTION)["message"]
    shown = {"message_id": 9101, "date": 0, "chat": asked["chat"], "from": telegram_stub.bot_user, "text": "an old answer"}
    telegram_stub.messages[(chat, 9101)] = {**shown, "html": "an old answer", "reply_to_message": asked}
    process(make_app(telegram_stub, service), telegram_stub.callback_query(chat, shown, "gone1234:1:0"))
    (edit,) = telegram_stub.calls("editMessageText", ok=True)
    assert edit.text == expected_answer(service, SISARDI_QUESTION, position=1)


# -- inline mode ---------------------------------------------------------------------------


def test_inline_with_the_bots_name_typed_again_searches_the_question(telegram_stub, service):
    question = "siapa pjs bupati bengkulu selatan"
    app = make_app(telegram_stub, service)
    process(app, telegram_stub.inline_query(USER, question), telegram_stub.inline_query(USER + 1, f"@{BOT_USERNAME} {question}"))
    plain, named = telegram_stub.calls("answerInlineQuery")
    assert named.params["results"] == plain.params["results"] and plain.params["results"]


def test_inline_ask_alone_is_no_question(telegram_stub, service):
    process(make_app(telegram_stub, service), telegram_stub.inline_query(USER, "/ask"))
    (call,) = telegram_stub.calls("answerInlineQuery")
    assert not call.params.get("results")
    assert call.params["button"]["text"] == text("id", "inline_hint")


# -- /more and /full -------------------------------------------------------------------------


def test_more_and_full_before_any_question_say_there_is_nothing_to_go_on(telegram_stub, service):
    updates = [telegram_stub.private_message(USER, "/more"), telegram_stub.private_message(USER, "/full")]
    process(make_app(telegram_stub, service), *updates)
    nothing = render_html_parts(present_small_talk_more("id", None))
    assert sent(telegram_stub, USER) == nothing + nothing


def test_full_after_an_answer_points_to_its_whole_paragraph_button(telegram_stub, service):
    cut, whole = "siapa gubernur bengkulu", SISARDI_QUESTION
    top_k = Settings().top_k
    assert any(a.excerpt != a.text for a in service.ask(cut, top_k).answers), "an excerpt of a longer paragraph: the button"
    assert all(a.excerpt == a.text for a in service.ask(whole, top_k).answers), "every answer its whole paragraph: no button"
    updates = [
        telegram_stub.private_message(USER, cut), telegram_stub.private_message(USER, "/full"),
        telegram_stub.private_message(USER + 1, whole), telegram_stub.private_message(USER + 1, "/full"),
    ]
    process(make_app(telegram_stub, service), *updates)
    answer, pointer = telegram_stub.calls("sendMessage", USER)
    buttons = [b["text"] for row in answer.params["reply_markup"]["inline_keyboard"] for b in row]
    assert text("id", "button_full") in buttons
    assert pointer.text == render_html_parts(notice("id", "full_button", button=text("id", "button_full")))[0]
    assert sent(telegram_stub, USER + 1)[1:] == render_html_parts(notice("id", "full_shown"))


def test_more_answers_in_the_language_of_the_last_answer(telegram_stub, service):
    question = "Who is the acting regent of Bengkulu Selatan?"
    updates = [telegram_stub.private_message(USER, question), telegram_stub.private_message(USER, "/more")]
    process(make_app(telegram_stub, service), *updates)
    result = service.ask(question, Settings().top_k)
    assert result.language == "en" and len(result.answers) > 1
    assert sent(telegram_stub, USER)[1:] == render_html_parts(present_small_talk_more("en", len(result.answers)))


def test_more_after_not_found_says_there_is_nothing_to_go_on(telegram_stub, service):
    question = "siapa juara piala dunia sepak bola wanita?"
    assert not service.ask(question, Settings().top_k).found
    updates = [telegram_stub.private_message(USER, question), telegram_stub.private_message(USER, "/more")]
    process(make_app(telegram_stub, service), *updates)
    assert sent(telegram_stub, USER)[1:] == render_html_parts(present_small_talk_more("id", None))


def test_more_in_a_group_follows_that_groups_last_answer(telegram_stub, stub_api, service):
    group = -1004704

    async def scenario(send: Send) -> None:
        await send(telegram_stub.group_message(group, USER, f"/ask {SISARDI_QUESTION}"))
        await send(telegram_stub.group_message(group, USER + 1, "/more"))
        await send(telegram_stub.private_message(USER, "/more"))  # another chat: nothing asked there

    run(make_app(telegram_stub, service), scenario)
    answers = len(service.ask(SISARDI_QUESTION, Settings().top_k).answers)
    assert sent(telegram_stub, group)[1:] == render_html_parts(present_small_talk_more("id", answers))
    assert sent(telegram_stub, USER) == render_html_parts(present_small_talk_more("id", None))


def test_full_hint_says_when_the_answers_were_whole_already():
    whole = Answer(rank=1, doc_id="x", title="T", source="S", date=None, paragraph=1, score=1.0, excerpt="All of it.", text="All of it.")
    cut = replace(whole, rank=2, excerpt="Part", text="Part of it, and more.")
    assert present_full_hint("en", (whole,)) == notice("en", "full_shown")
    assert present_full_hint("en", (whole, cut)) == notice("en", "full_button", button=text("en", "button_full"))
    assert present_full_hint("en", None) == present_small_talk_more("en", None)


# -- the user's language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("id", "id"), ("ID", "id"), ("in", "id"), ("ms", "id"), ("ms-MY", "id"), ("ms_MY", "id"), ("jv", "id"), ("su", "id"),
        ("min", "id"), ("ban", "id"), ("en", "en"), ("en-GB", "en"), ("fr", "en"), ("ru", "en"), ("", "id"), (None, "id"),
    ],
)
def test_a_users_telegram_language_picks_the_bots(code, language):
    assert choose_language(None, code) == language


def test_the_questions_language_comes_before_the_users():
    assert choose_language("en", "ms") == "en" and choose_language("id", "fr") == "id"


# -- commands written as captions ------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "/start", "/help", "/sources", "/sources 2", "/more", "/full", "/stats", f"/help@{BOT_USERNAME}", "/foo",
        # H52: a name ends where Telegram's does; another bot's command in a private chat
        "/sources.", f"/start@{BOT_USERNAME}!", "/ask_me", "/help@other_helper_bot",
    ],
)
def test_a_command_written_as_a_caption_is_run_as_the_same_command_typed(telegram_stub, service, command):
    typed, captioned = 4711, 4712
    updates = [
        telegram_stub.private_message(typed, command),
        telegram_stub.private_message(captioned, None, photo=PHOTO, caption=command),
    ]
    process(make_app(telegram_stub, service), *updates)
    assert sent(telegram_stub, captioned) == sent(telegram_stub, typed) != []


def test_an_ask_caption_in_capitals_is_still_a_question(telegram_stub, service):
    chat = 4713
    process(make_app(telegram_stub, service), telegram_stub.private_message(chat, None, photo=PHOTO, caption=f"/ASK {SISARDI_QUESTION}"))
    assert sent(telegram_stub, chat) == [expected_answer(service, SISARDI_QUESTION)]


def test_group_caption_commands_run_for_this_bot_only(telegram_stub, service):
    group = -1004714
    updates = [
        telegram_stub.group_message(group, USER, None, photo=PHOTO, caption="/help@other_helper_bot"),  # another bot's: quiet
        telegram_stub.group_message(group, USER, None, photo=PHOTO, caption="/nothing_of_ours"),  # perhaps another bot's: quiet
        telegram_stub.group_message(group, USER, None, photo=PHOTO, caption=f"/help@{BOT_USERNAME}"),
    ]
    process(make_app(telegram_stub, service), *updates)
    replies = telegram_stub.calls("sendMessage", group)
    assert len(replies) == 1 and text("id", "help_title") in replies[0].text
    assert replies[0].params["reply_parameters"]["message_id"] == updates[2]["message"]["message_id"]


def test_a_photo_a_person_forwards_is_answered_for_its_caption(telegram_stub, service):
    chat = 4715
    updates = [
        telegram_stub.private_message(chat, None, photo=PHOTO, caption=SISARDI_QUESTION, forward_origin=ORIGIN, forward_date=1_700_000_000),
        telegram_stub.private_message(chat, None, photo=PHOTO, forward_origin=ORIGIN, forward_date=1_700_000_000),  # nothing to read
    ]
    process(make_app(telegram_stub, service), *updates)
    assert sent(telegram_stub, chat) == [expected_answer(service, SISARDI_QUESTION), *render_html_parts(notice("id", "non_text"))]


# -- captions that start like a command (H52) ------------------------------------------------------------------------------


@pytest.mark.parametrize("caption", ["/sources.", "/help!", "/start?", "/hélp", "/r/indonesia " + SISARDI_QUESTION, "/2024 " + SISARDI_QUESTION])
def test_a_caption_starting_with_a_slash_always_gets_a_reply(telegram_stub, service, caption):
    chat = 5801
    process(make_app(telegram_stub, service), telegram_stub.private_message(chat, None, photo=PHOTO, caption=caption))
    assert sent(telegram_stub, chat) != [], "a private photo with this caption got no reply at all"


def test_a_forwarded_photo_with_a_command_caption_runs_it_as_a_forwarded_text_does(telegram_stub, service):
    typed, captioned = 5821, 5822
    updates = [
        telegram_stub.private_message(typed, "/sources", forward_origin=ORIGIN, forward_date=1_700_000_000),
        telegram_stub.private_message(captioned, None, photo=PHOTO, caption="/sources", forward_origin=ORIGIN, forward_date=1_700_000_000),
    ]
    process(make_app(telegram_stub, service), *updates)
    assert sent(telegram_stub, captioned) == sent(telegram_stub, typed) != []


def test_a_reload_caption_reloads_without_holding_up_the_chat(telegram_stub, service):
    # Run as its CommandHandler runs /reload (block=False): a task the stop awaits.
    process(make_app(telegram_stub, service), telegram_stub.private_message(ADMIN, None, photo=PHOTO, caption="/reload"), started=True)
    reloading, reloaded = sent(telegram_stub, ADMIN)
    assert reloading == render_html_parts(notice("id", "reloading"))[0]
    summary = service.summary()
    assert reloaded == render_html_parts(notice("id", "reloaded", documents=summary.documents, paragraphs=summary.paragraphs))[0]
