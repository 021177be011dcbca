"""H52's review of this stop's own changes: captions that start like a command, messages
that join two questions with "dan", NO_COLOR of a space, and a refused token read from a
file. Each case failed on the code H52 reviewed."""

from __future__ import annotations

import pytest

from bot.policy import questions_in
from bot.presenter import notice
from bot.render import render_html_parts
from bot.service import SearchService
from bot.settings import Settings
from telegram_harness import ADMIN, BOT_USERNAME, SISARDI_QUESTION, make_app, process, sent
from test_telegram_e2e import run_to_exit

PHOTO = [{"file_id": "photo1", "file_unique_id": "uphoto1", "width": 640, "height": 480}]
ORIGIN = {"type": "user", "sender_user": {"id": 4799, "is_bot": False, "first_name": "Rina"}, "date": 1_700_000_000}


@pytest.fixture(scope="module")
def service(seeds_dir, tmp_path_factory) -> SearchService:
    return SearchService(seeds_dir, tmp_path_factory.mktemp("index"))


# -- captions ------------------------------------------------------------------------------


@pytest.mark.parametrize("caption", ["/sources.", "/help!", "/start?", "/hélp", "/r/indonesia " + SISARDI_QUESTION, "/2024 " + SISARDI_QUESTION])
def test_a_caption_starting_with_a_slash_always_gets_a_reply(telegram_stub, service, caption):
    chat = 5801
    process(make_app(telegram_stub, service), telegram_stub.private_message(chat, None, photo=PHOTO, caption=caption))
    assert sent(telegram_stub, chat) != [], "a private photo with this caption got no reply at all"


@pytest.mark.parametrize("command", ["/sources.", "/help@other_helper_bot", "/ask_me", f"/start@{BOT_USERNAME}!"])
def test_a_caption_command_is_answered_as_the_same_text_typed(telegram_stub, service, command):
    typed, captioned = 5811, 5812
    updates = [
        telegram_stub.private_message(typed, command),
        telegram_stub.private_message(captioned, None, photo=PHOTO, caption=command),
    ]
    process(make_app(telegram_stub, service), *updates)
    assert sent(telegram_stub, captioned) == sent(telegram_stub, typed) != []


def test_a_forwarded_photo_with_a_command_caption_runs_it_as_a_forwarded_text_does(telegram_stub, service):
    typed, captioned = 5821, 5822
    updates = [
        telegram_stub.private_message(typed, "/sources", forward_origin=ORIGIN, forward_date=1_700_000_000),
        telegram_stub.private_message(captioned, None, photo=PHOTO, caption="/sources", forward_origin=ORIGIN, forward_date=1_700_000_000),
    ]
    process(make_app(telegram_stub, service), *updates)
    assert sent(telegram_stub, captioned) == sent(telegram_stub, typed) != []


# -- one sentence, two question words: asked whole ------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        # "tanggal" is a question word and a noun
        "Siapa saja yang dilantik pada hari dan tanggal yang sama?",
        # shared context: the first half alone has no topic
        "Siapa yang memimpin dan kapan apel netralitas ASN digelar?",
        "Who attended and what was discussed at the Muba KPU plenary meeting?",
        # ellipsis: the second half leaves out what it counts
        "Berapa jumlah ASN di Muba dan berapa di OKU Timur?",
        "How many ASN are in Muba and how many in OKU Timur?",
    ],
)
def test_questions_joined_in_one_sentence_are_asked_whole(message):
    assert questions_in(message) == (message,)


# -- settings --------------------------------------------------------------------------------


def test_no_color_of_a_space_is_present_and_not_empty():
    # no-color.org: "when present and not an empty string", whatever it holds.
    assert Settings.from_sources(None, {"NO_COLOR": " "}).no_color
    assert not Settings.from_sources(None, {"NO_COLOR": ""}).no_color


def test_a_refused_token_from_a_file_names_the_file(stub, tmp_path, seeds_dir):
    token_file = tmp_path / "token"
    token_file.write_text("654321:WRONG-token-value-for-the-stub\n", encoding="utf-8")
    status, lines = run_to_exit(tmp_path, TELEGRAM_BOT_TOKEN_FILE=str(token_file), TELEGRAM_API_BASE_URL=stub.base_url, TANYA_CORPUS=str(seeds_dir))
    assert status == 2
    assert lines == [f"tanya: the Telegram Bot API at {stub.base_url} refused the bot token; check the bot token file {token_file}"]


def test_a_reload_caption_reloads_without_holding_up_the_chat(telegram_stub, service):
    # Run as its CommandHandler runs /reload (block=False): a task the stop awaits.
    process(make_app(telegram_stub, service), telegram_stub.private_message(ADMIN, None, photo=PHOTO, caption="/reload"), started=True)
    reloading, reloaded = sent(telegram_stub, ADMIN)
    assert reloading == render_html_parts(notice("id", "reloading"))[0]
    summary = service.summary()
    assert reloaded == render_html_parts(notice("id", "reloaded", documents=summary.documents, paragraphs=summary.paragraphs))[0]
