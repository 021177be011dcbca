"""The Telegram bot end to end: the real ``python -m bot telegram`` in a subprocess,
talking HTTP to the stand-in Bot API of ``tests/telegram_stub.py``.

Most tests share one bot (long polling, DEBUG logging so the token redaction is put to
the test) over a copy of the seeds plus an article with a 10,000-character paragraph.
Each test talks in its own chats, so tests do not see each other's messages. Updates
of one chat are handled in order, so an answer to a later message in the same chat
proves the earlier ones were handled: that is how silence is asserted without
sleeping. Every bot's log is checked for its secrets when the bot is done, so no test
depends on another having run.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bot_process import BotProcess

from bot.presenter import notice as notice_for, present_not_found, present_small_talk, present_small_talk_more, text
from bot.render import render_html
from bot.logs import REDACTED
from bot.telegram_app import RATE_LIMIT_RETRIES
from retrieval.corpus import load_corpus

if TYPE_CHECKING:  # for type checkers only: the tests get the stub from conftest's fixtures
    from telegram_stub import Call, StubBotAPI

ADMIN = 4242
RATE_LIMIT = 5
START_TIMEOUT = 30.0
LONG_PARAGRAPH_SENTENCES = 150
# Tries at starting a webhook bot on a port another process may take first.
WEBHOOK_PORT_ATTEMPTS = 5
WEBHOOK_PATH = "tanya/hook"

OKU_QUESTION = "Siapa Pjs Bupati OKU Timur?"
ELEPHANT_QUESTION = "kawanan gajah habitat nomor 17"
TABOT_QUESTION = "Siapa yang membuka Festival Tabot 2024?"

chat_ids = itertools.count(70_001)


def new_chat() -> int:
    return next(chat_ids)


def write_article(path: Path, title: str, *paragraphs: str) -> None:
    path.write_text("\n\n".join((title, *paragraphs)) + "\n", encoding="utf-8")


def long_paragraph() -> str:
    """About 10,000 characters in one paragraph, with markup-like text to escape."""
    return " ".join(
        f"Kawanan gajah nomor {i} terlihat di habitat hutan lindung & <liar> bersama pawang, kata penjaga taman nasional."
        for i in range(LONG_PARAGRAPH_SENTENCES)
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir) -> Path:
    directory = tmp_path_factory.mktemp("e2e") / "corpus"
    shutil.copytree(seeds_dir, directory)
    write_article(
        directory / "zz_gajah.txt",
        "Gajah Sumatera di Taman Nasional Way Kambas",
        "Way Kambas, Kompas - Pawang gajah bernama Suparman menjaga kawanan gajah sumatera di Way Kambas.",
        long_paragraph(),
    )
    return directory


@pytest.fixture(scope="module")
def bot(stub, corpus, tmp_path_factory) -> Iterator[BotProcess]:
    process = BotProcess(
        tmp_path_factory.mktemp("bot"),
        TELEGRAM_BOT_TOKEN=stub.token,
        TELEGRAM_API_BASE_URL=stub.base_url,
        BOT_ADMIN_IDS=f"1,{ADMIN}",
        TANYA_CORPUS=str(corpus),
        TANYA_RATE_LIMIT=str(RATE_LIMIT),
        TANYA_LOG_LEVEL="DEBUG",
    )
    process.wait_until_polling(stub)
    yield process
    assert process.stop() == 0, process.log[-3000:]
    process.assert_redacted(stub.token)


def exchange(stub: StubBotAPI, update: dict, chat_id: int, count: int = 1) -> list[Call]:
    """Send ``update`` and return the first ``count`` new successful messages to ``chat_id``."""
    before = len(stub.calls("sendMessage", chat_id, ok=True))
    stub.push(update)
    return stub.wait_calls("sendMessage", chat_id, before + count)[before:]


def assert_all_accepted(stub: StubBotAPI, chat_id: int) -> None:
    refused = [(c.method, c.result) for c in stub.calls(chat_id=chat_id, ok=False)]
    assert refused == [], "the stub refused some of the bot's messages"


# -- private chats ------------------------------------------------------------------------


def test_commands_are_registered_in_both_languages(bot, stub):
    assert [c["command"] for c in stub.commands[""]] == ["ask", "sources", "help", "reload", "stats"]
    assert stub.commands[""][2]["description"] == text("id", "cmd_help")
    assert stub.commands["en"][2]["description"] == text("en", "cmd_help")
    polls = stub.wait_for(lambda: stub.calls("getUpdates", ok=True), what="a getUpdates call")
    assert set(polls[-1].params["allowed_updates"]) == {"message", "edited_message", "channel_post", "callback_query", "inline_query"}


def test_private_question_in_indonesian_gets_a_cited_excerpt(bot, stub):
    chat = new_chat()
    question = stub.private_message(chat, "Siapa Pjs Bupati Bengkulu Selatan?")
    (answer,) = exchange(stub, question, chat)
    assert "Sisardi" in answer.text
    assert "<b>" in answer.text and answer.params["parse_mode"] == "HTML"
    assert "Pimpin Apel Pagi, Ini Pesan Pjs Bupati BS pada ASN" in answer.text  # the title
    assert re.search(r"harianbengkuluekspress\.id · 2024-11-04 · paragraf \d+", answer.text)
    assert answer.params["reply_parameters"]["message_id"] == question["message"]["message_id"]
    assert answer.params["reply_markup"]["inline_keyboard"], "buttons to the other answers"


def test_a_follow_up_is_told_it_is_answered_for_its_own_words(bot, stub):
    chat = new_chat()
    exchange(stub, stub.private_message(chat, "Siapa Pjs Bupati Bengkulu Selatan?"), chat)
    (answer,) = exchange(stub, stub.private_message(chat, "Kalau yang di OKU Timur?"), chat)
    assert "\n<i>Saya tidak mengingat pertanyaan sebelumnya, jadi ini jawaban untuk kata-kata ini saja." in answer.text
    assert "sumateraekspres.id · 2024-09-26" in answer.text


def test_a_question_about_now_is_told_how_old_its_answer_is(bot, stub):
    chat = new_chat()
    (answer,) = exchange(stub, stub.private_message(chat, "Who is the acting regent of Bengkulu Selatan now?"), chat)
    assert "\n<i>You asked how things stand now; this article is dated 2024-11-04, " in answer.text
    assert "Sisardi" in answer.text


def test_private_question_in_english_is_answered_in_english(bot, stub):
    chat = new_chat()
    (answer,) = exchange(stub, stub.private_message(chat, "who held the meeting in OKU Timur", language_code="id"), chat)
    assert "Edwar" in answer.text
    assert re.search(r" · paragraph \d+", answer.text), "the citation is in the question's language"
    buttons = [b["text"] for row in answer.params["reply_markup"]["inline_keyboard"] for b in row]
    assert text("en", "button_next") in buttons


def test_not_found_is_said_plainly_in_the_users_language(bot, stub):
    chat = new_chat()
    (answer,) = exchange(stub, stub.private_message(chat, "What is the capital of France?"), chat)
    assert answer.text == f"{text('en', 'not_found')}\n<i>{text('en', 'not_found_hint')}</i>"
    assert "reply_markup" not in answer.params


@pytest.mark.parametrize(("question", "language"), [("Apa yang dia larang?", "id"), ("When did he take office?", "en")])
def test_a_question_about_someone_named_before_is_told_to_name_them(bot, stub, question, language):
    # Each question is asked alone: "dia" was answered with whoever a paragraph named.
    chat = new_chat()
    (answer,) = exchange(stub, stub.private_message(chat, question), chat)
    assert answer.text == f"{text(language, 'not_found')}\n<i>{text(language, 'not_found_hint_refers_back')}</i>"


@pytest.mark.parametrize(("question", "code"), [("a", "id"), ("a", "en"), ("Sisardi", "id"), ("Sisardi", "en")])
def test_a_question_that_tells_no_language_is_answered_in_the_users(bot, stub, question, code):
    # One word tells no language ("a" was answered in English to an Indonesian reader).
    chat = new_chat()
    (answer,) = exchange(stub, stub.private_message(chat, question, language_code=code), chat)
    if question == "a":
        assert answer.text == f"{text(code, 'not_found')}\n<i>{text(code, 'not_found_hint')}</i>"
    else:
        assert "Sisardi" in answer.text
        assert re.search(r" · paragra" + ("f" if code == "id" else "ph") + r" \d+", answer.text), "the citation is in the user's language"


@pytest.mark.parametrize(
    "question",
    ["<b>x</b> & <script>", f"{OKU_QUESTION} <b>x</b> & <script>alert(1)</script>", "/x<b>&amp;"],
)
def test_hostile_markup_in_questions_is_harmless(bot, stub, stub_api, question):
    chat = new_chat()
    (answer,) = exchange(stub, stub.private_message(chat, question), chat)
    assert answer.ok
    stub_api.check_html(answer.text)
    assert "<script>" not in answer.text
    assert_all_accepted(stub, chat)


def test_private_small_talk_gets_a_friendly_reply_not_an_article(bot, stub):
    chat = new_chat()
    (greeting,) = exchange(stub, stub.private_message(chat, "halo"), chat)
    assert greeting.text == render_html(present_small_talk("greeting", "id"))
    assert text("id", "small_talk_hint") in greeting.text and "/help" in greeting.text
    assert "reply_markup" not in greeting.params, "no buttons: there is no article"
    assert "paragraf" not in greeting.text and text("id", "not_found") not in greeting.text
    (how,) = exchange(stub, stub.private_message(chat, "Apa kabar?"), chat)
    assert how.text == render_html(present_small_talk("how_are_you", "id"))
    assert "Sekda" not in how.text
    # The words say which language; "bye" could be either, so the user's language decides.
    (thanks,) = exchange(stub, stub.private_message(chat, "Thank you! 🙏", language_code="id"), chat)
    assert thanks.text == render_html(present_small_talk("thanks", "en"))
    (bye,) = exchange(stub, stub.private_message(chat, "bye", language_code="en"), chat)
    assert bye.text == render_html(present_small_talk("farewell", "en"))
    assert "/quit" not in bye.text, "leaving is the console's business"
    # A question with a small-talk word in it is still a question: searched, not chatted with.
    (answer,) = exchange(stub, stub.private_message(chat, "Apa kabar terbaru soal netralitas ASN?"), chat)
    assert text("id", "small_talk_hint") not in answer.text
    assert re.search(r" · paragraf \d+", answer.text) or answer.text.startswith(text("id", "not_found"))
    assert_all_accepted(stub, chat)


def test_news_asked_for_without_a_topic_gets_the_list_of_articles(bot, stub, corpus):
    # Searched, "berita" matched the outlet KANTOR-BERITA.COM in a dateline: /sources' list.
    documents = load_corpus(corpus).documents
    chat = new_chat()
    for said, language in (("berita terbaru", "id"), ("any news?", "en")):
        (listed,) = exchange(stub, stub.private_message(chat, said, language_code="id"), chat)
        heading = text(language, "sources_title", documents=len(documents), paragraphs=0).split("(")[0]
        assert listed.text.startswith(f"<b>{heading}(")
        assert all(html.escape(document.title) in listed.text for document in documents)
        assert "reply_markup" not in listed.params
    assert_all_accepted(stub, chat)


def test_next_typed_says_where_the_other_answers_are_only_when_there_are_some(bot, stub):
    chat = new_chat()
    # No question yet: nothing to go on from, and how to ask one.
    (first,) = exchange(stub, stub.private_message(chat, "next", language_code="en"), chat)
    assert first.text == render_html(present_small_talk_more("en", None))
    assert text("en", "small_talk_more") not in first.text and text("en", "small_talk_hint") in first.text
    (answer,) = exchange(stub, stub.private_message(chat, "Siapa yang dilarang berpolitik praktis?", language_code="en"), chat)
    assert "reply_markup" in answer.params, "several answers: buttons under the first"
    (more,) = exchange(stub, stub.private_message(chat, "next", language_code="en"), chat)
    assert more.text == text("en", "small_talk_more")
    # After "not found" there are no buttons to point to.
    (missing,) = exchange(stub, stub.private_message(chat, "Who is the president of France?", language_code="en"), chat)
    assert text("en", "not_found") in missing.text
    (after,) = exchange(stub, stub.private_message(chat, "next", language_code="en"), chat)
    assert after.text == first.text
    assert_all_accepted(stub, chat)


def test_too_long_and_non_text_messages_get_hints(bot, stub):
    chat = new_chat()
    (too_long,) = exchange(stub, stub.private_message(chat, "a" * 1001, language_code="en"), chat)
    assert too_long.text == text("en", "too_long", length=1001, limit=1000)
    sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}
    (hint,) = exchange(stub, stub.private_message(chat, None, sticker=sticker), chat)
    assert hint.text == text("id", "non_text")


def test_questions_over_the_rate_limit_get_a_polite_reply(bot, stub):
    chat = new_chat()
    for _ in range(RATE_LIMIT):
        stub.push(stub.private_message(chat, OKU_QUESTION, language_code="en"))
    answers = exchange(stub, stub.private_message(chat, OKU_QUESTION, language_code="en"), chat, RATE_LIMIT + 1)
    assert all("Edwar" in a.text for a in answers[:RATE_LIMIT])
    assert answers[-1].text == text("en", "rate_limited", limit=RATE_LIMIT)


STICKER = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}


@pytest.mark.parametrize(
    ("what", "fields", "reply"),
    [
        ("/sources", {}, text("en", "sources_title", documents=5, paragraphs=0).split("(")[0]),
        ("/nonsense", {}, text("en", "unknown_command", command="/nonsense")),
        (None, {"sticker": STICKER}, text("en", "non_text")),
    ],
)
def test_every_reply_counts_against_the_rate_limit(bot, stub, what, fields, reply):
    chat = new_chat()
    for _ in range(RATE_LIMIT):
        stub.push(stub.private_message(chat, what, language_code="en", **fields))
    replies = exchange(stub, stub.private_message(chat, what, language_code="en", **fields), chat, RATE_LIMIT + 1)
    assert all(reply in r.text for r in replies[:RATE_LIMIT])
    assert replies[-1].text == text("en", "rate_limited", limit=RATE_LIMIT)
    # /help is what a user told to slow down needs: it still answers.
    (help_message,) = exchange(stub, stub.private_message(chat, "/help", language_code="en"), chat)
    assert text("en", "help_title") in help_message.text


def test_help_and_sources(bot, stub):
    chat = new_chat()
    (help_message,) = exchange(stub, stub.private_message(chat, "/start", language_code="en"), chat)
    assert text("en", "help_title") in help_message.text and f"@{stub.username}" in help_message.text
    (sources,) = exchange(stub, stub.private_message(chat, "/sources"), chat)
    assert "Gajah Sumatera di Taman Nasional Way Kambas" in sources.text
    assert re.search(r"Pimpin Apel Pagi.* · harianbengkuluekspress\.id · 2024-11-04 · \d+ paragraf", sources.text)


# -- buttons ------------------------------------------------------------------------------


def buttons(message: dict) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row}


def press(stub: StubBotAPI, chat: int, message: dict, label: str) -> tuple[Call, Call]:
    """Press the button ``label`` under ``message``: the edit and the callback answer."""
    edits = len(stub.calls("editMessageText", chat, ok=True))
    update = stub.push(stub.callback_query(chat, message, buttons(message)[label]))
    edit = stub.wait_calls("editMessageText", chat, edits + 1)[-1]
    query_id = update["callback_query"]["id"]
    (answered,) = stub.wait_for(lambda: [c for c in stub.calls("answerCallbackQuery", ok=True) if c.params["callback_query_id"] == query_id])
    return edit, answered


def test_buttons_page_through_the_answers(bot, stub):
    chat = new_chat()
    (first,) = exchange(stub, stub.private_message(chat, OKU_QUESTION), chat)
    message = stub.bot_messages(chat)[-1]
    second, _ = press(stub, chat, message, text("id", "button_next"))
    assert int(second.params["message_id"]) == message["message_id"]
    assert second.text != first.text and "Jawaban 2 dari 3" in second.text
    back, _ = press(stub, chat, stub.bot_messages(chat)[-1], text("id", "button_previous"))
    assert back.text == first.text
    assert_all_accepted(stub, chat)


def test_whole_long_paragraph_is_split_into_messages_within_the_limit(bot, stub, stub_api):
    chat = new_chat()
    (excerpt,) = exchange(stub, stub.private_message(chat, ELEPHANT_QUESTION), chat)
    assert "<b>Kawanan</b> <b>gajah</b>" in excerpt.text and "&amp; &lt;liar&gt;" in excerpt.text
    assert len(excerpt.text) < 1000, "the excerpt, not the paragraph"
    message = stub.bot_messages(chat)[-1]
    sent_before = len(stub.calls("sendMessage", chat, ok=True))
    edit, _ = press(stub, chat, message, text("id", "button_full"))
    # The rest follows as replies; /help after it proves all parts were sent.
    stub.push(stub.private_message(chat, "/help"))
    stub.wait_for(lambda: any(text("id", "help_title") in c.text for c in stub.calls("sendMessage", chat, ok=True)))
    rest = [c for c in stub.calls("sendMessage", chat, ok=True)[sent_before:] if text("id", "help_title") not in c.text]
    parts = [edit, *rest]
    # A paragraph over the passage cap (retrieval.chunking) is cut into passages of up to
    # 4,000 characters: the one that answers is shown whole, over more than one message.
    assert len(parts) >= 2
    assert all(len(p.text) <= 4096 for p in parts)
    visible = "".join(stub_api.check_html(p.text) for p in parts)
    assert "Kawanan gajah nomor 0 " in visible
    assert 3000 < len(visible.split(text("id", "button_excerpt"))[0]) and visible.count("& <liar>") > 20
    assert text("id", "button_excerpt") in buttons({"reply_markup": edit.params["reply_markup"]})
    assert_all_accepted(stub, chat)


# -- groups and channels --------------------------------------------------------------------


@pytest.mark.parametrize("form", ["/ask {q}", "/ask@{bot} {q}", "@{bot} {q}", "{q} @{bot}"])
def test_group_questions_addressed_to_the_bot_are_answered_in_reply(bot, stub, form):
    group, user = -new_chat(), new_chat()
    question = stub.group_message(group, user, form.format(q=OKU_QUESTION, bot=stub.username))
    (answer,) = exchange(stub, question, group)
    assert "Edwar" in answer.text
    assert answer.params["reply_parameters"]["message_id"] == question["message"]["message_id"]


def test_group_replies_to_the_bot_are_questions(bot, stub):
    group, user = -new_chat(), new_chat()
    exchange(stub, stub.group_message(group, user, f"/ask {OKU_QUESTION}"), group)
    answer_message = stub.bot_messages(group)[-1]
    follow_up = stub.group_message(group, user, "Siapa Plt Gubernur Bengkulu?", reply_to_message=answer_message)
    (answer,) = exchange(stub, follow_up, group)
    assert "Rosjonsyah" in answer.text
    assert answer.params["reply_parameters"]["message_id"] == follow_up["message"]["message_id"]


def test_group_chatter_is_never_answered(bot, stub):
    group, user = -new_chat(), new_chat()
    photo = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
    for chatter in (
        stub.group_message(group, user, "Siapa Pjs Bupati OKU Timur? Ada yang tahu?"),
        stub.group_message(group, user, "@someone_else_here siapa Pjs Bupati OKU Timur?"),
        stub.group_message(group, user, "/ask@another_bot siapa Pjs Bupati OKU Timur?"),
        stub.group_message(group, user, None, photo=photo),
        stub.group_message(group, user, "/frobnicate"),
    ):
        stub.push(chatter)
    (help_message,) = exchange(stub, stub.group_message(group, user, f"/help@{stub.username}"), group)
    assert text("id", "help_title") in help_message.text, "/help works in groups"
    assert len(stub.calls(chat_id=group)) == 1, "nothing but the help was sent to the group"


def test_group_small_talk_is_answered_only_when_addressed_to_the_bot(bot, stub):
    group, user = -new_chat(), new_chat()
    stub.push(stub.group_message(group, user, "halo semua"))
    stub.push(stub.group_message(group, user, "terima kasih"))
    (greeting,) = exchange(stub, stub.group_message(group, user, f"@{stub.username} halo"), group)
    assert greeting.text == render_html(present_small_talk("greeting", "id"))
    (thanks,) = exchange(stub, stub.group_message(group, user, "/ask makasih ya", language_code="en"), group)
    assert thanks.text == render_html(present_small_talk("thanks", "id"))
    answer_message = stub.bot_messages(group)[-1]
    (bye,) = exchange(stub, stub.group_message(group, user, "goodbye!", reply_to_message=answer_message), group)
    assert bye.text == render_html(present_small_talk("farewell", "en"))
    assert len(stub.calls(chat_id=group)) == 3, "the chatter not addressed to the bot got no reply"


def test_group_ask_without_a_question_gets_usage(bot, stub):
    group = -new_chat()
    (usage,) = exchange(stub, stub.group_message(group, new_chat(), "/ask", language_code="en"), group)
    assert usage.text == text("en", "ask_usage")


def test_channel_posts_with_ask_are_answered_in_the_channel(bot, stub):
    channel = -new_chat()
    stub.push(stub.channel_post(channel, "Berita hari ini: Pjs Bupati OKU Timur rapat dengan OPD."))
    post = stub.channel_post(channel, f"/ask {OKU_QUESTION}")
    (answer,) = exchange(stub, post, channel)
    assert "Edwar" in answer.text
    assert answer.params["reply_parameters"]["message_id"] == post["channel_post"]["message_id"]
    assert len(stub.calls(chat_id=channel)) == 1, "the post without /ask got no answer"


# -- inline mode ----------------------------------------------------------------------------


def test_inline_queries_offer_at_most_five_cited_answers(bot, stub):
    user = new_chat()
    update = stub.push(stub.inline_query(user, "netralitas ASN Pilkada"))
    query_id = update["inline_query"]["id"]
    (answered,) = stub.wait_for(lambda: [c for c in stub.calls("answerInlineQuery") if c.params["inline_query_id"] == query_id])
    assert answered.ok
    results = answered.params["results"]
    assert 1 <= len(results) <= 5
    for result in results:
        assert result["type"] == "article" and result["title"] and result["description"]
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML" and "<b>" in content["message_text"]
    empty = stub.push(stub.inline_query(user, ""))
    empty_id = empty["inline_query"]["id"]
    (hint,) = stub.wait_for(lambda: [c for c in stub.calls("answerInlineQuery") if c.params["inline_query_id"] == empty_id])
    assert hint.ok and hint.params["results"] == []
    # Cached by Telegram for this user alone: another's may be in another language (H100).
    assert str(answered.params.get("is_personal")).lower() == "true" and str(hint.params.get("is_personal")).lower() == "true"


def test_inline_small_talk_offers_no_answers_only_the_way_to_ask(bot, stub):
    user = new_chat()
    for query, language in (("halo", "id"), ("thanks!", "en")):
        update = stub.push(stub.inline_query(user, query, language_code="id"))
        query_id = update["inline_query"]["id"]
        (answered,) = stub.wait_for(lambda: [c for c in stub.calls("answerInlineQuery") if c.params["inline_query_id"] == query_id])
        assert answered.ok and answered.params["results"] == []
        button = answered.params["button"]
        button = json.loads(button) if isinstance(button, str) else button
        assert button == {"text": text(language, "inline_hint"), "start_parameter": "help"}


# -- admin ----------------------------------------------------------------------------------


def test_reload_is_for_admins_and_picks_up_new_articles(bot, stub, corpus):
    admin, user = ADMIN, new_chat()
    (before,) = exchange(stub, stub.private_message(user, TABOT_QUESTION), user)
    assert "Zulkarnain" not in before.text
    write_article(
        corpus / "zz_tabot.txt",
        "Festival Tabot 2024 Resmi Dibuka",
        "Bengkulu, Antara - Festival Tabot 2024 dibuka oleh Penjabat Gubernur Bengkulu Zulkarnain Pratama di Lapangan Merdeka pada Jumat, 5 Juli 2024.",
        "Festival tahunan itu berlangsung sepuluh hari dan menampilkan arak-arakan tabot dari seluruh kelurahan.",
    )
    (denied,) = exchange(stub, stub.private_message(user, "/reload", language_code="en"), user)
    assert denied.text == text("en", "reload_denied")

    reloading, reloaded = exchange(stub, stub.private_message(admin, "/reload"), admin, 2)
    assert reloading.text == text("id", "reloading")
    assert re.fullmatch(text("id", "reloaded", documents=7, paragraphs=r"\d+"), reloaded.text)
    (after,) = exchange(stub, stub.private_message(user, TABOT_QUESTION), user)
    assert "Zulkarnain" in after.text


def test_failed_reload_keeps_answering_from_the_old_articles(bot, stub, corpus):
    admin, user = ADMIN, new_chat()
    moved = corpus.with_name("corpus-moved")
    corpus.rename(moved)
    try:
        _, failed = exchange(stub, stub.private_message(admin, "/reload", language_code="en"), admin, 2)
    finally:
        moved.rename(corpus)
    assert re.fullmatch(re.escape(text("en", "reload_failed", reason="@")).replace("@", ".+"), failed.text)
    assert "corpus" in failed.text
    (answer,) = exchange(stub, stub.private_message(user, OKU_QUESTION), user)
    assert "Edwar" in answer.text


# -- Telegram misbehaving -------------------------------------------------------------------


def test_429_is_waited_out_and_the_message_still_delivered(bot, stub):
    chat = new_chat()
    stub.fail_next("sendMessage", 429, retry_after=1, chat_id=chat)
    (answer,) = exchange(stub, stub.private_message(chat, OKU_QUESTION), chat)
    refused, delivered = stub.calls("sendMessage", chat)
    assert refused.status == 429 and delivered is answer and "Edwar" in answer.text
    assert delivered.at - refused.at >= 1.0, "the bot waited the second Telegram asked for"


def test_one_chats_429_does_not_hold_up_the_others(bot, stub):
    """Telegram asks one chat to wait (a group past its 20 messages a minute): another
    chat's answer goes out meanwhile. PTB's rate limiter held every chat's answers for as
    long as the one was asked to wait."""
    waiting, other = new_chat(), new_chat()
    stub.fail_next("sendMessage", 429, retry_after=6, chat_id=waiting)
    stub.push(stub.private_message(waiting, OKU_QUESTION))
    (refused,) = stub.wait_for(lambda: stub.calls("sendMessage", waiting, ok=False), what="the 429")
    (answer,) = exchange(stub, stub.private_message(other, OKU_QUESTION), other)
    (delivered,) = stub.wait_calls("sendMessage", waiting, 1, timeout=20)
    assert "Edwar" in answer.text and "Edwar" in delivered.text
    assert answer.at < refused.at + 6.0 <= delivered.at, "the other chat was answered while the first waited"
    # The wait is logged naming the chat by its kind: a private chat's id is its user's.
    log = bot.wait_for_log(stub, r"INFO bot\.telegram_transport: Telegram asked a private chat to wait ")
    assert not [line for line in log.splitlines() if "to wait" in line and str(waiting) in line]


def test_four_429s_in_a_row_are_waited_out_too(bot, stub):
    """Telegram may ask a busy bot to wait several times over: the fourth 429 lost the
    answer, silently (H100)."""
    chat = new_chat()
    stub.fail_next("sendMessage", 429, retry_after=1, chat_id=chat, times=4)
    stub.push(stub.private_message(chat, OKU_QUESTION))
    (answer,) = stub.wait_calls("sendMessage", chat, 1, timeout=20)
    assert "Edwar" in answer.text
    assert [c.status for c in stub.calls("sendMessage", chat)] == [429, 429, 429, 429, 200]


def test_an_answer_telegram_never_lets_through_is_one_warning_line(bot, stub):
    """Past every retry, the answer is given up with one WARNING naming the chat; no
    traceback, and no apology, which Telegram would refuse the same way."""
    chat = -new_chat()
    stub.fail_next("sendMessage", 429, retry_after=1, chat_id=chat, times=RATE_LIMIT_RETRIES + 1)
    stub.push(stub.group_message(chat, 78, f"/ask {OKU_QUESTION}", language_code="en"))
    log = bot.wait_for_log(stub, rf"WARNING bot\.telegram_handlers: Telegram refused the answer in chat {chat} after {RATE_LIMIT_RETRIES + 1} tries \(429: .*\): given up\n", timeout=30)
    given_up = log.split(f"Telegram refused the answer in chat {chat}", 1)[0].rsplit("sendMessage", 1)[1]
    assert "Traceback" not in given_up and " ERROR " not in given_up
    assert f"Error handling a message update in chat {chat}" not in log
    assert [c.status for c in stub.calls("sendMessage", chat)] == [429] * (RATE_LIMIT_RETRIES + 1)


def test_502_from_get_updates_does_not_stop_the_bot(bot, stub):
    stub.fail_next("getUpdates", 502)
    stub.wait_for(lambda: stub.calls("getUpdates", ok=False), what="the 502")
    chat = new_chat()
    (answer,) = exchange(stub, stub.private_message(chat, OKU_QUESTION), chat)
    assert "Edwar" in answer.text
    bot.wait_for_log(stub, r"WARNING .*Fetching updates failed: Bad Gateway")
    bot.check_alive()


def test_handler_errors_are_logged_and_the_user_gets_an_apology(bot, stub):
    chat = -new_chat()  # a group: named by its id in the log, where a private chat never is
    stub.fail_next("sendMessage", 400, "Bad Request: chat is being migrated", chat_id=chat)
    (apology,) = exchange(stub, stub.group_message(chat, 77, f"/ask {OKU_QUESTION}", language_code="en"), chat)
    assert apology.text == text("en", "error")
    log = bot.wait_for_log(stub, rf"ERROR bot\.telegram_handlers: Error handling a message update in chat {chat}\n")
    assert "telegram.error.BadRequest: Chat is being migrated" in log


# -- other ways to run ----------------------------------------------------------------------


def unused_port() -> int:
    """A port no one was listening on a moment ago. Another process may take it before
    the bot binds it: ``start_webhook_bot`` then tries again on another."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def refusing_port() -> Iterator[int]:
    """A port that refuses connections while the block runs: bound, so no one else can
    take it, but not listening."""
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        yield reserved.getsockname()[1]


def post_update(port: int, update: dict, secret: str) -> int | None:
    """POST ``update`` to the webhook on ``port``: the HTTP status, None if nothing listens."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/{WEBHOOK_PATH}", data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except urllib.error.URLError:
        return None


def start_webhook_bot(stub: StubBotAPI, workdir: Path, **env: str) -> tuple[BotProcess, int]:
    """A bot serving its webhook on a port of its own, and the port.

    PTB cannot be told to bind port 0, so the port is picked beforehand and may be taken
    by someone else before the bot binds it; the bot then exits saying "Address already
    in use", and is started again on another port. The bot is ready when the port
    refuses an update with a wrong secret, as only PTB's webhook server does."""
    for attempt in range(WEBHOOK_PORT_ATTEMPTS):
        port = unused_port()
        process = BotProcess(workdir / f"attempt-{attempt}", TANYA_WEBHOOK_PORT=str(port), **env)

        def ready() -> bool:
            return process.process.poll() is not None or post_update(port, {}, "not-the-secret") == 403

        stub.wait_for(ready, START_TIMEOUT, "the webhook server")
        if process.process.poll() is None:
            return process, port
        if "Address already in use" not in process.log:
            process.check_alive()  # raises, with the log
    raise AssertionError(f"every one of {WEBHOOK_PORT_ATTEMPTS} ports was taken before the bot could bind it")


def test_webhook_mode_answers_posted_updates_and_splits_long_lists(stub, stub_api, seeds_dir, tmp_path):
    corpus = tmp_path / "many"
    shutil.copytree(seeds_dir, corpus)
    for number in range(60):
        write_article(
            corpus / f"laporan_{number:02d}.txt",
            f"Laporan Khusus {number:02d}: Pembangunan Jalan & Jembatan <Tahap {number}> di Kabupaten Contoh Sejahtera 2024",
            f"Contoh, Kompas - Pembangunan jalan tahap {number} selesai dikerjakan dinas pekerjaan umum pada 2024.",
        )
    secret = "webhook-secret-value-123"
    url = f"https://tanya.example.invalid/{WEBHOOK_PATH}"
    process, port = start_webhook_bot(
        stub, tmp_path / "bot",
        TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url, TANYA_CORPUS=str(corpus),
        TANYA_WEBHOOK_URL=url, TANYA_WEBHOOK_SECRET=secret,
    )
    try:
        # PTB sets the webhook, then starts listening.
        assert stub.webhook["url"] == url
        assert stub.webhook["secret_token"] == secret
        assert set(stub.webhook["allowed_updates"]) == {"message", "edited_message", "channel_post", "callback_query", "inline_query"}

        chat = new_chat()
        assert post_update(port, stub.private_message(chat, "/sources"), "wrong-secret") == 403
        assert post_update(port, stub.private_message(chat, "/sources"), secret) == 200
        more = text("id", "sources_more", n=15)
        parts = stub.wait_for(
            lambda: (calls := stub.calls("sendMessage", chat)) and more in calls[-1].text and calls, what="the whole list"
        )
        assert len(parts) >= 2 and all(p.ok and len(p.text) <= 4096 for p in parts)
        visible = "\n".join(stub_api.check_html(p.text) for p in parts)
        paragraphs = load_corpus(corpus).paragraph_count
        assert text("id", "sources_title", documents=65, paragraphs=paragraphs) in visible
        assert "Laporan Khusus 00: Pembangunan Jalan & Jembatan <Tahap 0> di Kabupaten" in visible
        assert len(stub.calls("sendMessage", chat)) == len(parts), "the refused post was not handled"
    finally:
        status = process.stop()
    assert status == 0, process.log[-3000:]
    assert "Traceback" not in process.log
    process.assert_redacted(stub.token, secret)


def run_to_exit(tmp_path: Path, *options: str, **env: str) -> tuple[int, list[str]]:
    """Run a bot that is expected to stop by itself: its exit status and log lines."""
    process = BotProcess(tmp_path / "bot", *options, **env)
    status = process.wait()
    token = env.get("TELEGRAM_BOT_TOKEN") or dict(zip(options, options[1:])).get("--token")
    if token:
        process.assert_redacted(token)
    return status, process.log.splitlines()


def test_missing_token_is_one_line_and_status_2(tmp_path, seeds_dir):
    status, lines = run_to_exit(tmp_path, TANYA_CORPUS=str(seeds_dir))
    assert status == 2
    assert lines == ["tanya: no Telegram bot token; set TELEGRAM_BOT_TOKEN_FILE (or TELEGRAM_BOT_TOKEN), or pass --token-file"]


def test_refused_token_is_one_line_and_status_2(stub, tmp_path, seeds_dir):
    wrong = "654321:WRONG-token-value-for-the-stub"
    status, lines = run_to_exit(tmp_path, TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_API_BASE_URL=stub.base_url, TANYA_CORPUS=str(seeds_dir))
    assert status == 2
    assert lines == [f"tanya: the Telegram Bot API at {stub.base_url} refused the bot token; check TELEGRAM_BOT_TOKEN or --token"]
    assert any(c.method == "getMe" and c.status == 401 for c in stub.calls())


def test_unreachable_api_is_one_line_and_status_1(stub, tmp_path, seeds_dir):
    # TANYA_RETRY_SECONDS=0: the first failure is the last (test_telegram_robustness.py retries).
    with refusing_port() as port:
        base_url = f"http://127.0.0.1:{port}/bot"
        status, lines = run_to_exit(
            tmp_path, TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=base_url, TANYA_CORPUS=str(seeds_dir), TANYA_RETRY_SECONDS="0"
        )
    assert status == 1
    assert len(lines) == 1 and lines[0].startswith(f"tanya: cannot reach the Telegram Bot API at {base_url}: ")


@pytest.mark.parametrize(
    ("http_status", "body", "content_type", "says"),
    [(500, "PROXY_ERROR_PAGE", "text/html", "Internal Server Error (500)"), (200, "garbage", "application/json", "Invalid server response")],
)
def test_an_api_answering_other_than_json_is_one_line_and_status_1(telegram_stub, stub_api, tmp_path, seeds_dir, http_status, body, content_type, says):
    # A proxy's error page, or garbage, where the Bot API should be: PTB logs it with a traceback.
    telegram_stub.garble_next("getMe", http_status, getattr(stub_api, body, body), content_type)
    status, lines = run_to_exit(
        tmp_path, "--token", telegram_stub.token, "--api-base-url", telegram_stub.base_url, TANYA_CORPUS=str(seeds_dir), TANYA_RETRY_SECONDS="0"
    )
    assert status == 1
    (line,) = lines
    assert line.startswith(f"tanya: cannot reach the Telegram Bot API at {telegram_stub.base_url}: {says}")
    assert [c.method for c in telegram_stub.calls()] == ["getMe"]


def test_a_taken_webhook_port_is_one_line_and_status_1(stub, tmp_path, seeds_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, lines = run_to_exit(
            tmp_path, TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url, TANYA_CORPUS=str(seeds_dir),
            TANYA_WEBHOOK_URL=f"https://tanya.example.invalid/{WEBHOOK_PATH}", TANYA_WEBHOOK_PORT=str(port),
        )
    assert status == 1
    assert lines[-1] == f"tanya: cannot serve the webhook on 127.0.0.1:{port}: Address already in use"
    assert not any("Traceback" in line for line in lines)


def test_every_record_is_logged_once_in_the_bots_format(bot, stub):
    lines = bot.log.splitlines()
    assert sum(f"INFO bot.telegram_app: Answering as @{stub.username} " in line for line in lines) == 1
    assert not [line for line in lines if line.startswith("tanya: ")], "nothing in the command line's format"


def test_the_token_never_appears_in_the_log(telegram_stub, seeds_dir, tmp_path):
    # A bot of its own at DEBUG level, where PTB logs API URLs, which hold the token, and
    # through what logs the most: answers, a handler error's traceback, a 502 when polling.
    stub = telegram_stub
    process = BotProcess(
        tmp_path / "bot", TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url,
        TANYA_CORPUS=str(seeds_dir), TANYA_LOG_LEVEL="DEBUG",
    )
    try:
        process.wait_until_polling(stub)
        chat = new_chat()
        (answer,) = exchange(stub, stub.private_message(chat, OKU_QUESTION), chat)
        assert "Edwar" in answer.text
        stub.fail_next("sendMessage", 400, "Bad Request: chat is being migrated", chat_id=chat)
        (apology,) = exchange(stub, stub.private_message(chat, OKU_QUESTION), chat)
        assert apology.text == text("id", "error")
        stub.fail_next("getUpdates", 502)
        exchange(stub, stub.private_message(chat, "/help"), chat)
        process.wait_for_log(stub, r"Fetching updates failed: Bad Gateway")
    finally:
        status = process.stop()
    assert status == 0, process.log[-3000:]
    log = process.log
    assert REDACTED in log, "PTB logs the API URL at DEBUG; it must have been redacted"
    assert "Traceback" in log, "the handler error's traceback went through the redactor too"
    process.assert_redacted(stub.token)


# -- operator controls: allowed chats, the questions log, /stats, feedback ---------------

ALLOWED_USER = 987_654_321
STRANGER = 912_345_678
ALLOWED_GROUP = -100_555
UNANSWERABLE = ["Berapa harga cabai rawit di Pasar Sekayu?", "berapa harga cabai rawit di pasar sekayu", "Harga cabai rawit Pasar Sekayu berapa?"]


@pytest.fixture(scope="module")
def operated(stub_api) -> Iterator[StubBotAPI]:
    """The operated bot's own Bot API: another bot polling the shared one would take its updates."""
    server = stub_api.StubBotAPI().start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def operated_bot(operated, seeds_dir, tmp_path_factory) -> Iterator[tuple[BotProcess, Path]]:
    """A bot that serves only ALLOWED_USER, ALLOWED_GROUP and its admin, logging questions."""
    stub = operated
    workdir = tmp_path_factory.mktemp("operated")
    log = workdir / "questions.sqlite3"
    process = BotProcess(
        workdir,
        TELEGRAM_BOT_TOKEN=stub.token,
        TELEGRAM_API_BASE_URL=stub.base_url,
        BOT_ADMIN_IDS=str(ADMIN),
        TANYA_ALLOWED_CHATS=f"{ALLOWED_USER}, {ALLOWED_GROUP}",
        TANYA_QUESTIONS_LOG=str(log),
        TANYA_CORPUS=str(seeds_dir),
    )
    process.wait_until_polling(stub)
    yield process, log
    assert process.stop() == 0, process.log[-3000:]


def logged(log: Path, query: str) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(log) as connection:
        return connection.execute(query).fetchall()


def test_a_chat_not_allowed_gets_one_polite_line_and_nothing_else(operated_bot, operated):
    stub = operated
    bot, log = operated_bot
    question = stub.private_message(STRANGER, "Siapa Pjs Bupati Bengkulu Selatan?")
    (refusal,) = exchange(stub, question, STRANGER)
    assert refusal.text == render_html(notice_for("id", "not_allowed"))
    (second,) = exchange(stub, stub.private_message(STRANGER, "/stats"), STRANGER)
    assert second.text == refusal.text  # one line a message, whatever it asks
    assert len(stub.calls("sendMessage", STRANGER, ok=True)) == 2
    assert logged(log, "SELECT COUNT(*) FROM questions") == [(0,)]  # a stranger's questions are not asked
    group = -100_999
    before = len(stub.calls("sendMessage", group))
    stub.push(stub.group_message(group, STRANGER, "obrolan biasa tentang bupati"))  # chatter: no reply at all
    (told,) = exchange(stub, stub.group_message(group, STRANGER, "/ask Siapa Pjs Bupati Bengkulu Selatan?"), group)
    assert told.text == refusal.text and len(stub.calls("sendMessage", group)) == before + 1


def test_allowed_user_and_group_are_answered(operated_bot, operated):
    stub = operated
    (answer,) = exchange(stub, stub.private_message(ALLOWED_USER, "Siapa Pjs Bupati Bengkulu Selatan?"), ALLOWED_USER)
    assert "Sisardi" in answer.text
    (group_answer,) = exchange(stub, stub.group_message(ALLOWED_GROUP, STRANGER, "/ask Siapa Pjs Bupati Bengkulu Selatan?"), ALLOWED_GROUP)
    assert "Sisardi" in group_answer.text


def test_a_thumbs_down_is_recorded(operated_bot, operated):
    stub = operated
    _, log = operated_bot
    exchange(stub, stub.private_message(ALLOWED_USER, OKU_QUESTION), ALLOWED_USER)
    message = stub.bot_messages(ALLOWED_USER)[-1]
    update = stub.push(stub.callback_query(ALLOWED_USER, message, buttons(message)["👎"]))
    query_id = update["callback_query"]["id"]
    (answered,) = stub.wait_for(lambda: [c for c in stub.calls("answerCallbackQuery", ok=True) if c.params["callback_query_id"] == query_id])
    assert answered.params["text"] == text("id", "feedback_thanks")
    rows = logged(log, "SELECT q.question, f.helpful FROM feedback f JOIN questions q ON q.id = f.question_id")
    assert (OKU_QUESTION, 0) in rows


def test_admin_stats_show_the_days_counts_and_unanswered_questions_without_user_ids(operated_bot, operated):
    stub = operated
    _, log = operated_bot
    for question in UNANSWERABLE:
        (reply_,) = exchange(stub, stub.private_message(ALLOWED_USER, question), ALLOWED_USER)
        assert reply_.text == render_html(present_not_found("id"))
    (denied,) = exchange(stub, stub.private_message(ALLOWED_USER, "/stats"), ALLOWED_USER)
    assert denied.text == render_html(notice_for("id", "stats_denied"))
    # In a group the report would show its members what readers asked in private (helper-108).
    (refused,) = exchange(stub, stub.group_message(-4_000_001, ADMIN, "/stats"), -4_000_001)
    assert refused.text == render_html(notice_for("id", "stats_private_only"))
    (stats,) = exchange(stub, stub.private_message(ADMIN, "/stats"), ADMIN)
    asked, answered = logged(log, "SELECT COUNT(*), SUM(answered) FROM questions")[0]
    plain = re.sub(r"<[^>]+>", "", stats.text).replace("&quot;", '"')
    assert text("id", "report_totals", asked=asked, answered=answered, share=f"{answered / asked:.0%}") in plain
    # Each day the log holds, with its own counts: the module's questions may straddle
    # midnight UTC, and "today" read here may be a day after the one they were asked on.
    days = logged(log, "SELECT substr(asked_at, 1, 10), COUNT(*), SUM(answered) FROM questions GROUP BY 1")
    assert sum(n for _, n, _ in days) == asked
    for day, day_asked, day_answered in days:
        assert re.search(rf"{day}\s+{day_asked}\s+{day_answered / day_asked:.0%}", plain), (day, plain)
    # The three wordings are one gap in the archive, counted together.
    assert re.search(r"^\s*3  caba harga pasar rawit sekayu: \"berapa harga cabai rawit di pasar sekayu\"$", plain, re.MULTILINE), plain
    assert logged(log, "SELECT COUNT(*) FROM questions WHERE user_id IS NOT NULL") == [(0,)]
    for user in (ALLOWED_USER, STRANGER, ADMIN):
        assert str(user) not in plain
        # Not inside a run of hex: the log's keyed hashes are random and may hold "4242".
        assert not re.search(rb"(?<![0-9a-f])%d(?![0-9a-f])" % user, log.read_bytes())
