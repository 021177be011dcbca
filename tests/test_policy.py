"""The conversation policy: which messages are small talk rather than questions, and
the reply the presenter composes for them; what a message's turn is (too long, empty,
small talk, the questions to answer), the rate limit, and whether a message is for the
bot, as tables of input and decision."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.policy import (
    MAX_QUESTIONS,
    SMALL_TALK_KINDS,
    Admission,
    Entity,
    Heard,
    Question,
    SlidingWindowLimiter,
    SmallTalk,
    Turn,
    addressed,
    questions_in,
    small_talk,
    turn,
)
from bot.presenter import LANGUAGES, present_small_talk, text
from retrieval.search import MAX_QUESTION_CHARS


@pytest.mark.parametrize(
    ("message", "kind", "language"),
    [
        # Indonesian
        ("halo", "greeting", "id"),
        ("Halo!", "greeting", "id"),
        ("HAI TANYA", "greeting", "id"),
        ("haloo bot 👋", "greeting", "id"),
        ("Selamat pagi, Tanya!", "greeting", "id"),
        ("selamat malam kak", "greeting", "id"),
        ("apa kabar", "how_are_you", "id"),
        ("Apa kabar?", "how_are_you", "id"),
        ("halo, apa kabar bot?", "how_are_you", "id"),
        ("terima kasih", "thanks", "id"),
        ("Terima kasih banyak ya 🙏🙏", "thanks", "id"),
        ("makasih", "thanks", "id"),
        ("makasihhh min!!", "thanks", "id"),
        ("oke, makasih", "thanks", "id"),
        ("sampai jumpa", "farewell", "id"),
        ("keluar", "farewell", "id"),
        ("terima kasih, sampai jumpa lagi", "farewell", "id"),
        ("siap", "ack", "id"),
        ("siapa kamu?", "help", "id"),  # searched, these got paragraphs: help is /help's reply
        ("minta bantuan dong", "help", "id"),
        ("jawaban lain", "more", "id"),  # the next answer: /more's
        ("berikutnya", "more", "id"),
        ("apa itu tanya?", "help", "id"),  # H66: searched, these got paragraphs or "not found"
        ("kamu bisa apa aja?", "help", "id"),
        ("kamu robot ya?", "help", "id"),
        # The news itself, no topic: /sources' list ("berita" matched KANTOR-BERITA.COM).
        ("berita", "sources", "id"),
        ("Berita terbaru?", "sources", "id"),
        ("ada berita apa saja?", "sources", "id"),
        ("latest news", "sources", "en"),
        ("What's new?", "sources", "en"),
        # English
        ("hello", "greeting", "en"),
        ("Hi!", "greeting", "en"),
        ("hi there", "greeting", "en"),
        ("Good morning, bot.", "greeting", "en"),
        ("how are you?", "how_are_you", "en"),
        ("How’s it going?", "how_are_you", "en"),
        ("hey, how are you doing", "how_are_you", "en"),
        ("thanks", "thanks", "en"),
        ("Thank you!", "thanks", "en"),
        ("thank you so much tanya", "thanks", "en"),
        ("goodbye", "farewell", "en"),
        ("see you later!", "farewell", "en"),
        ("got it", "ack", "en"),
        ("help", "help", "en"),
        ("/help", "help", "en"),  # the chats take it as a command first; tanya ask as help
        ("Who are you?", "help", "en"),
        ("what can you do", "help", "en"),
        ("next", "more", "en"),
        ("next answer please", "more", "en"),
        # Either language: the front end falls back to the user's
        ("bye", "farewell", None),
        ("Bye bye 👋", "farewell", None),
        ("ok", "ack", None),
        ("helloooo", "greeting", None),  # squeezed, "hello" and "helo" are one: either language
        ("bye kak", "farewell", "id"),  # a filler's language when the phrase has none
        # After an answer, chat words for "any more?" ask for the next one.
        ("ada lagi?", "more", "id"),
        ("terus?", "more", "id"),
        # A link, alone or with the words people paste one with: tanya does not open it.
        ("https://www.antaranews.com/berita/4400000/pjs-bupati-bengkulu-selatan", "link", None),
        ("cek ini min https://kabar.example/berita/apel-asn", "link", "id"),
        ("Halo kak, www.kabar.example/asn-netral", "link", "id"),
        ("check this out: https://kabar.example/a 👍", "link", "en"),
        ("https://a.example/1 https://b.example/2", "link", None),
        # A message of no words: the emoji says what it is, even with a skin tone...
        ("👍", "ack", None),
        ("👍🏽👍🏽", "ack", None),
        ("🙏", "thanks", None),
        ("❤️", "thanks", None),
        ("👋", "greeting", None),
        # Laughter (H98: "lol" was searched, and not found).
        ("lol", "ack", "en"),
        ("wkwkwk", "ack", "id"),
        ("hahaha", "ack", None),
        # ...and one that says nothing ("?", "😀") at most asks what the bot is for.
        ("?!", "help", None),
        ("😀😀", "help", None),
    ],
)
def test_small_talk(message, kind, language):
    assert small_talk(message) == SmallTalk(kind, language)


@pytest.mark.parametrize(
    "message",
    [
        "Apa kabar terbaru soal netralitas ASN?",
        "berita tentang Pilkada OKU Timur",  # a topic: a question
        "Apa nama kantor berita milik pemerintah China?",
        "Siapa yang mengucapkan terima kasih kepada ASN?",
        "Selamat pagi, siapa Pjs Bupati OKU Timur?",
        "Halo, siapa Pjs Bupati Bengkulu Selatan?",
        "kabar",
        "Siapa Pjs Bupati Bengkulu Selatan?",
        "hello, who is the acting regent of Bengkulu Selatan?",
        "Who thanked the civil servants?",
        "how are the civil servants doing in OKU Timur",
        "thanks to whom was the meeting held",
        "bot",
        "tanya",
        "ya",
        "",
        "   ",
        "2024",
        "Siapa Pjs Bupati Bengkulu Selatan? 👍",  # a question, whatever emoji it carries
        "terus bekerja",
        "lagi",  # a filler ("makasih lagi"): alone it is no small talk
        "bantuan",  # aid, a news topic, as much as a call for help (H43)
        "Moore",  # squeezed, it would be "more"
        "tolong jelaskan netralitas ASN",
        "cek ini",  # words that go with a link, without one
        "link",
        "Siapa Pjs Bupati Bengkulu Selatan? https://kabar.example/pjs",  # a question beside a link
        "apa isi https://kabar.example/pjs",
        "www adalah singkatan dari apa?",
        "halo " * 13,  # too many words to be small talk
    ],
)
def test_questions_and_other_messages_are_not_small_talk(message):
    assert small_talk(message) is None


def test_the_phrases_are_read_on_first_use_not_at_import():
    code = "import bot.policy as p; print(p._phrases.cache_info().currsize); p.small_talk('halo'); print(p._phrases.cache_info().currsize)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert completed.stdout.split() == ["0", "1"]


@pytest.mark.parametrize("kind", SMALL_TALK_KINDS)
def test_every_kind_has_phrases_in_both_languages(kind):
    from bot.policy import _phrases

    languages = {entry.language for entry in _phrases().exact.values() if entry.kind == kind}
    assert {"id", "en"} <= languages


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", [k for k in SMALL_TALK_KINDS if k != "more"])
def test_the_reply_says_how_to_ask_and_points_to_help(kind, language):
    plain = present_small_talk(kind, language).plain
    assert plain.splitlines() == [text(language, f"small_talk_{kind}"), text(language, "small_talk_hint")]
    assert "/help" in plain
    example = {"id": "Siapa Pjs Bupati Bengkulu Selatan?", "en": "Who is the acting regent of Bengkulu Selatan?"}[language]
    assert example in plain
    assert text(language, "not_found") not in plain


@pytest.mark.parametrize("language", LANGUAGES)
def test_in_the_console_a_link_also_says_how_to_add_its_article(language):
    lines = present_small_talk("link", language, console=True).plain.splitlines()
    assert lines[-1] == text(language, "small_talk_link_add") and "tanya add" in lines[-1]
    assert lines[:-1] == present_small_talk("link", language).plain.splitlines()


@pytest.mark.parametrize("language", LANGUAGES)
def test_in_the_console_a_farewell_also_says_how_to_leave(language):
    lines = present_small_talk("farewell", language, console=True).plain.splitlines()
    assert lines[-1] == text(language, "small_talk_quit") and "/quit" in lines[-1]
    assert present_small_talk("thanks", language, console=True) == present_small_talk("thanks", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_asking_for_the_next_answer_where_there_is_no_more_command_points_to_the_buttons(language):
    # Telegram's answers page on with buttons; the console answers "next" with /more itself.
    assert present_small_talk("more", language).plain.splitlines() == [text(language, "small_talk_more")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", SMALL_TALK_KINDS)
def test_on_the_command_line_small_talk_says_how_to_ask_there(kind, language):
    from bot.presenter import present_small_talk_command_line

    plain = present_small_talk_command_line(kind, language).plain
    assert "tanya ask" in plain and "/help" not in plain and "/more" not in plain


@pytest.mark.parametrize(
    ("message", "questions"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan? Siapa Pjs Bupati OKU Timur?", ("Siapa Pjs Bupati Bengkulu Selatan?", "Siapa Pjs Bupati OKU Timur?")),
        ("Who is Sisardi? When was the rally?", ("Who is Sisardi?", "When was the rally?")),
        ("siapa pjs bupati bs? kapan apel digelar?", ("siapa pjs bupati bs?", "kapan apel digelar?")),
        # A later question that points back to the first is asked with it, whole.
        ("Siapa Pj Bupati Muba? Apa yang dia larang?", ("Siapa Pj Bupati Muba? Apa yang dia larang?",)),
        ("siapa pjs bupati bs? kapan apelnya?", ("siapa pjs bupati bs? kapan apelnya?",)),
        ("Who is the acting regent of Muba? What did he forbid?", ("Who is the acting regent of Muba? What did he forbid?",)),
        # "saat ini", "siapa itu", "sebelumnya" point back to nothing.
        ("Siapa Pjs Bupati OKU Timur? Siapa Plt Gubernur Bengkulu saat ini?", ("Siapa Pjs Bupati OKU Timur?", "Siapa Plt Gubernur Bengkulu saat ini?")),
        ("Siapa Pjs Bupati BS? Siapa itu Herwan Antoni?", ("Siapa Pjs Bupati BS?", "Siapa itu Herwan Antoni?")),
        ("Siapa Pjs Bupati BS? Siapa Pjs Bupati Rejang Lebong sebelumnya?", ("Siapa Pjs Bupati BS?", "Siapa Pjs Bupati Rejang Lebong sebelumnya?")),
        # One question, whatever its punctuation: a piece that asks nothing keeps it whole.
        ("Siapa Pjs Bupati Bengkulu Selatan?", ("Siapa Pjs Bupati Bengkulu Selatan?",)),
        ("Halo! Siapa Pjs Bupati BS? Terima kasih", ("Halo! Siapa Pjs Bupati BS? Terima kasih",)),
        ("Apa? Serius?", ("Apa? Serius?",)),
        ("Kapan? Di mana?", ("Kapan? Di mana?",)),  # question words alone: no question of their own
        ("Siapa Pjs Bupati BS?Siapa Pjs Bupati OKU?", ("Siapa Pjs Bupati BS?Siapa Pjs Bupati OKU?",)),  # no space: one
        # A question asked again in the same message is answered once (helper-108: three answers).
        ("Siapa Pjs Bupati OKU Timur? Siapa Pjs Bupati OKU Timur?", ("Siapa Pjs Bupati OKU Timur?",)),
        ("Siapa Pjs Bupati BS?\nSiapa Pjs Bupati BS?\nSiapa Pjs Bupati BS?", ("Siapa Pjs Bupati BS?",)),
        ("Siapa Pjs Bupati BS? siapa pjs  bupati bs? Kapan apel digelar?", ("Siapa Pjs Bupati BS?", "Kapan apel digelar?")),
    ],
)
def test_the_questions_a_message_asks(message, questions):
    assert questions_in(message) == questions


# --- turn: each front end's decision about a message, before anything is searched ----


BENGKULU = "Siapa Pjs Bupati Bengkulu Selatan?"
OKU = "Siapa Pjs Bupati OKU Timur?"
REJANG = "Siapa Sekda Rejang Lebong?"
PILKADA = "Kapan Pilkada 2024 digelar?"
LONG = "Siapa " + "x" * MAX_QUESTION_CHARS + "?"
GREETING = SmallTalk("greeting", "id")


@pytest.mark.parametrize(
    ("message", "options", "expected"),
    [
        # Nothing asked: each front end has its own reply (how to use /ask; help).
        ("", {}, Turn("empty", "", 0)),
        ("   ", {}, Turn("empty", "   ", 3)),
        # Small talk, nothing searched.
        ("halo", {}, Turn("small_talk", "halo", 4, small_talk=GREETING)),
        # One question, or several, each answered alone; past MAX_QUESTIONS, the rest are told left.
        (BENGKULU, {}, Turn("questions", BENGKULU, len(BENGKULU), questions=(Question(BENGKULU),), asked=1)),
        (f"{BENGKULU} {OKU}", {}, Turn("questions", f"{BENGKULU} {OKU}", len(BENGKULU) + 1 + len(OKU), questions=(Question(BENGKULU), Question(OKU)), asked=2)),
        (
            f"{BENGKULU} {OKU} {REJANG} {PILKADA}", {},
            Turn("questions", f"{BENGKULU} {OKU} {REJANG} {PILKADA}", len(f"{BENGKULU} {OKU} {REJANG} {PILKADA}"), questions=(Question(BENGKULU), Question(OKU), Question(REJANG)), asked=4),
        ),
        # A question pasted twice is one question.
        (f"{BENGKULU} {BENGKULU}", {}, Turn("questions", f"{BENGKULU} {BENGKULU}", 2 * len(BENGKULU) + 1, questions=(Question(BENGKULU),), asked=1)),
        # Too long: refused whole, small talk or not; the length given wins (a line cut on the way in).
        (LONG, {}, Turn("too_long", LONG, len(LONG))),
        ("halo" + "!" * MAX_QUESTION_CHARS, {}, Turn("too_long", "halo" + "!" * MAX_QUESTION_CHARS, MAX_QUESTION_CHARS + 4)),
        (" " * (MAX_QUESTION_CHARS + 1), {}, Turn("too_long", " " * (MAX_QUESTION_CHARS + 1), MAX_QUESTION_CHARS + 1)),
        (BENGKULU, {"length": 5000}, Turn("too_long", BENGKULU, 5000)),
        ("x" * MAX_QUESTION_CHARS, {}, Turn("questions", "x" * MAX_QUESTION_CHARS, MAX_QUESTION_CHARS, questions=(Question("x" * MAX_QUESTION_CHARS),), asked=1)),
        # Every front end's order, the console's too: the limit before small talk, and for
        # the whole message ("halo!!!...", several questions together over the limit).
        (f"{BENGKULU} {LONG}", {}, Turn("too_long", f"{BENGKULU} {LONG}", len(BENGKULU) + 1 + len(LONG))),
    ],
)
def test_turn(message, options, expected):
    assert turn(message, **options) == expected


@pytest.mark.parametrize(
    ("decided", "several", "left"),
    [
        (turn(BENGKULU), False, 0),
        (turn(f"{BENGKULU} {OKU}"), True, 0),
        (turn(" ".join([BENGKULU, OKU, REJANG, PILKADA, "Siapa Bupati Muba?"])), True, 5 - MAX_QUESTIONS),
    ],
)
def test_a_turns_questions(decided, several, left):
    assert (decided.several, decided.left) == (several, left)


# --- The rate limit: per key, a sliding window, "slow down" said once a window --------

A, W, S = Admission.ALLOWED, Admission.WARN, Admission.SILENT


@pytest.mark.parametrize(
    ("limit", "events", "expected"),
    [
        # (second, key) for each message; the limit is per key, within any 60 seconds.
        (2, [(0, 1), (1, 1), (2, 1), (3, 1)], [A, A, W, S]),
        (2, [(0, 1), (1, 1), (2, 2), (3, 2), (4, 2)], [A, A, A, A, W]),
        (1, [(0, 1), (59, 1), (60, 1)], [A, W, A]),
        (1, [(0, 1), (10, 1), (30, 1), (71, 1), (72, 1)], [A, W, S, A, W]),
        (3, [(0, 7), (0, 7), (0, 7), (0, 7), (59.9, 7), (60, 7)], [A, A, A, W, S, A]),
    ],
)
def test_the_rate_limit(limit, events, expected):
    now = [0.0]
    limiter = SlidingWindowLimiter(limit, window=60, clock=lambda: now[0])
    admitted = []
    for second, key in events:
        now[0] = second
        admitted.append(limiter.admit(key))
    assert admitted == expected


# --- Whether a message is for this bot ----------------------------------------------

BOT, BOT_ID = "tanya_bot", 777


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # A private chat: every message.
        (Heard("private", "halo semua"), True),
        (Heard("private", ""), True),
        # A group: /ask (bare or this bot's), a mention, a reply to the bot.
        (Heard("group", "halo semua"), False),
        (Heard("group", "/ask siapa Pjs Bupati OKU Timur?"), True),
        (Heard("supergroup", "  /ASK@Tanya_Bot siapa"), True),
        (Heard("group", "/ask@other_bot siapa"), False),
        (Heard("group", "/asking siapa"), False),
        (Heard("group", "@tanya_bot siapa Pjs Bupati?"), True),
        (Heard("group", "siapa, @TANYA_BOT?"), True),
        (Heard("group", "tulis ke x@tanya_bot.com"), False),
        (Heard("group", "@tanya_bot_fan siapa"), False),
        (Heard("group", "@tanya_bot siapa", (Entity("mention", 0, 10),)), True),
        (Heard("group", "tulis ke x@tanya_bot.com", (Entity("email", 9, 15),)), False),  # entities given: they decide
        (Heard("group", "Tanya, siapa?", (Entity("text_mention", 0, 5, user_id=BOT_ID),)), True),
        (Heard("group", "Budi, siapa?", (Entity("text_mention", 0, 4, user_id=12),)), False),
        (Heard("group", "@tanya_bot siapa", (Entity("mention", 40, 10),)), False),  # past the end: no mention
        (Heard("group", "😀@tanya_bot", (Entity("mention", 1, 10),)), False),  # inside the emoji's UTF-16 pair
        (Heard("group", "😀@tanya_bot", (Entity("mention", 2, 10),)), True),
        (Heard("group", "siapa dia?", replies_to=BOT_ID), True),
        (Heard("group", "siapa dia?", replies_to=12), False),
        (Heard("group", "", replies_to=BOT_ID), False),  # a sticker under the bot's answer
        # A channel: /ask or a mention; a reply is no address there.
        (Heard("channel", "/ask siapa"), True),
        (Heard("channel", "@tanya_bot siapa"), True),
        (Heard("channel", "siapa dia?", replies_to=BOT_ID), False),
        # A channel's post copied into its discussion group was answered in the channel.
        (Heard("supergroup", "/ask siapa", automatic_forward=True), False),
        (Heard("private", "/ask siapa", automatic_forward=True), True),
    ],
)
def test_addressed(message, expected):
    assert addressed(message, BOT, BOT_ID) is expected


@pytest.mark.parametrize(("message", "expected"), [("/ask siapa", True), ("@tanya_bot siapa", False)])
def test_a_bot_without_a_username_is_addressed_by_bare_ask_only(message, expected):
    assert addressed(Heard("group", message), None, BOT_ID) is expected
