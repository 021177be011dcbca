"""H52's review of session 11's own changes: messages that join two questions with "dan",
NO_COLOR of a space, and a refused token read from a file (its caption findings are in
test_telegram_captions_and_commands). Each case failed on the code H52 reviewed."""

from __future__ import annotations

import pytest

from bot.policy import questions_in
from bot.settings import Settings
from test_telegram_e2e import run_to_exit


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
