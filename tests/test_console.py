"""The console chat: the loop in process, `tanya chat` on piped standard input, and
`tanya chat` under a pseudo-terminal with readline."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pexpect
import pexpect.popen_spawn
import pytest

from bot.console import PROMPT, History, ReadLine, chat, piped_reader
from bot.presenter import Message, Segment, choose_language, notice, present_answer, present_help, present_small_talk, present_sources, sources_page, text
from bot.render import render_terminal, use_color
from bot.service import SearchService
from bot.settings import Settings

ID_QUESTION = "Siapa Pjs Bupati Bengkulu Selatan?"
# Its excerpts are shorter than their paragraphs, so /full shows more.
EN_QUESTION = "Since when has Rosjonsyah been acting governor of Bengkulu?"
NOT_FOUND_QUESTION = "What is the capital of France?"
ID_CITATION = re.compile(r"^harianbengkuluekspress\.id · 2024-11-04 · paragraf \d+$", re.MULTILINE)
SGR = re.compile(r"\x1b\[[0-9;]*m")  # a colour or bold escape, not readline's own modes
UP = "\x1b[A"

NEW_ARTICLE = """Gubernur Lantik Pjs Bupati Seluma

Gubernur Bengkulu melantik Budi Santoso sebagai Pjs Bupati Seluma pada Senin 4 November 2024 di Balai Raya Semarak.

Budi Santoso meminta seluruh ASN Pemkab Seluma menjaga netralitas selama Pilkada 2024.
"""
NEW_QUESTION = "Siapa nama Pjs Bupati Seluma?"

Step = tuple[str, Message | None]


@pytest.fixture
def env(tmp_path, index_dir) -> dict[str, str]:
    """The environment for a `tanya chat` process: no colour switch or tanya settings
    from the developer's shell, a scratch history file, readline without ~/.inputrc."""
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR" and not k.startswith("TANYA_")}
    environ.update(TANYA_INDEX_DIR=str(index_dir), TANYA_HISTORY_FILE=str(tmp_path / "history"), INPUTRC=os.devnull, TERM="xterm")
    return environ


def converse(service: SearchService, settings: Settings, typed: str, color: bool = False) -> tuple[int, str]:
    """Run the loop over ``typed`` as piped input; its exit status and transcript."""
    output = io.StringIO()
    status = chat(service, settings, piped_reader(io.StringIO(typed), output), output, color)
    return status, output.getvalue()


def transcript(service: SearchService, steps: Sequence[Step], color: bool = False, ended: bool = True) -> str:
    """What the chat shows for ``steps`` (each a line typed and the reply expected, None
    for none) echoed after the prompt; ``ended`` adds the prompt the input ended at."""
    summary = service.summary()
    welcome = notice("id", "welcome", documents=summary.documents, paragraphs=summary.paragraphs)
    parts = [render_terminal(welcome, color) + "\n\n"]
    for line, reply in steps:
        # A line too long to be a question is echoed by its start (H98: 100,000 characters
        # of echo for one refusal).
        parts.append(f"{PROMPT}{line if len(line) <= 1000 else line[:100] + '…'}\n")
        if reply is not None:
            parts.append(render_terminal(reply, color) + "\n\n")
    if ended:
        parts.append(PROMPT + "\n")
    return "".join(parts)


def typed_keys(*keys: str | type[BaseException]) -> ReadLine:
    """A ReadLine that returns ``keys`` in turn, raising the exception classes among
    them (as Ctrl-C and Ctrl-D do), then EOFError."""
    queue: Iterator[str | type[BaseException]] = iter(keys)

    def read_line(prompt: str) -> str:
        key = next(queue, EOFError)
        if isinstance(key, type):
            raise key
        return key

    return read_line


class InterruptedOutput(io.StringIO):
    """Output where Ctrl-C arrives while the first text containing ``marker`` is written."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker

    def write(self, text: str) -> int:
        if self.marker and self.marker in text:
            self.marker = ""
            raise KeyboardInterrupt
        return super().write(text)


# The loop, in process -------------------------------------------------------------


def test_a_question_gets_the_presenters_cited_answer(service, settings):
    status, shown = converse(service, settings, ID_QUESTION + "\n")
    result = service.ask(ID_QUESTION, settings.top_k)
    assert status == 0
    assert shown == transcript(service, [(ID_QUESTION, present_answer(result, "id"))])
    assert "Sisardi" in shown
    assert ID_CITATION.search(shown)


def test_a_question_about_now_is_told_how_old_its_answer_is(service, settings):
    # The seeds are of November 2024; the console asks as of the clock's day, later.
    question = "Siapa Pjs Bupati Bengkulu Selatan sekarang?"
    status, shown = converse(service, settings, question + "\n")
    assert status == 0
    assert shown == transcript(service, [(question, present_answer(service.ask(question, settings.top_k), "id"))])
    reply = shown[shown.index(question) + len(question) :].splitlines()
    note = next(i for i, line in enumerate(reply) if line.startswith("Anda bertanya tentang keadaan sekarang; artikel ini bertanggal 2024-11-04, "))
    assert ID_CITATION.match(reply[note + 2])  # above the title and the citation's date


def test_colour_is_the_terminal_rendering(service, settings):
    status, shown = converse(service, settings, ID_QUESTION + "\n", color=True)
    result = service.ask(ID_QUESTION, settings.top_k)
    assert status == 0
    assert shown == transcript(service, [(ID_QUESTION, present_answer(result, "id"))], color=True)
    assert "\x1b[1;33m" in shown and "\x1b[1m" in shown


@pytest.mark.parametrize(
    ("command", "key"),
    [("/more", "no_question"), ("/full", "no_question"), ("/bogus now", "unknown_command"), ("/HELP", "help"), ("/sources", "sources")],
)
def test_commands_before_any_question_answer_in_indonesian(service, settings, command, key):
    summary = service.summary()
    replies = {
        "no_question": notice("id", "no_question"),
        "unknown_command": notice("id", "unknown_command", command="/bogus"),
        "help": present_help("id", summary.documents, summary.paragraphs, console=True),
        "sources": present_sources(service.documents, service.summary().paragraphs, "id"),
    }
    assert converse(service, settings, command + "\n") == (0, transcript(service, [(command, replies[key])]))


@pytest.mark.parametrize("question", [ID_QUESTION, EN_QUESTION, NOT_FOUND_QUESTION])
def test_more_goes_through_the_answers_then_says_no_more(service, settings, question):
    result = service.ask(question, settings.top_k)
    language = choose_language(result.language)
    steps: list[Step] = [(question, present_answer(result, language))]
    steps += [("/more", present_answer(result, language, position)) for position in range(1, len(result.answers))]
    steps += [("/more", notice(language, "no_more")), ("/full", present_answer(result, language, max(0, len(result.answers) - 1), full=True))]
    typed = "".join(line + "\n" for line, _ in steps)
    assert converse(service, settings, typed) == (0, transcript(service, steps))


def test_more_after_several_questions_names_the_one_it_pages(service, settings):
    """H98 F21: each answer said "Jawaban 1 dari 3", and /more went on with the last
    question's, nothing saying which; a question asked alone again pages unheaded."""
    first, last = "Siapa Pjs Bupati BS?", "Siapa Pjs Bupati OKU Timur?"
    results = {q: service.ask(q, settings.top_k) for q in (first, last)}
    both = Message(
        ((Segment(first, "heading"),), *present_answer(results[first], "id").lines, (), (Segment(last, "heading"),), *present_answer(results[last], "id").lines)
    )

    def headed(message: Message) -> Message:
        return Message(((Segment(last, "heading"),), *message.lines))

    steps: list[Step] = [
        (f"{first} {last}", both),
        ("/more", headed(present_answer(results[last], "id", 1))),
        ("/full", headed(present_answer(results[last], "id", 1, full=True))),
        (first, present_answer(results[first], "id")),
        ("/more", present_answer(results[first], "id", 1)),
    ]
    typed = "".join(line + "\n" for line, _ in steps)
    assert converse(service, settings, typed) == (0, transcript(service, steps))


def test_commands_speak_the_last_questions_language(service, settings):
    summary = service.summary()
    english, indonesian = service.ask(EN_QUESTION, settings.top_k), service.ask(ID_QUESTION, settings.top_k)
    steps: list[Step] = [
        (EN_QUESTION, present_answer(english, "en")),
        ("/help", present_help("en", summary.documents, summary.paragraphs, console=True)),
        ("/what", notice("en", "unknown_command", command="/what")),
        (ID_QUESTION, present_answer(indonesian, "id")),
        ("/sources", present_sources(service.documents, service.summary().paragraphs, "id")),
    ]
    typed = "".join(line + "\n" for line, _ in steps)
    assert converse(service, settings, typed) == (0, transcript(service, steps))


def test_a_question_that_tells_no_language_keeps_the_conversations(service, settings):
    # "a" looks English, but one word tells no language: it used to switch an Indonesian
    # conversation to English.
    english, indonesian = service.ask(EN_QUESTION, settings.top_k), service.ask(ID_QUESTION, settings.top_k)
    one_word = service.ask("a", settings.top_k)
    steps: list[Step] = [
        ("a", present_answer(one_word, "id")),
        (EN_QUESTION, present_answer(english, "en")),
        ("a", present_answer(one_word, "en")),
        (ID_QUESTION, present_answer(indonesian, "id")),
        ("a", present_answer(one_word, "id")),
        ("/help", present_help("id", service.summary().documents, service.summary().paragraphs, console=True)),
    ]
    typed = "".join(line + "\n" for line, _ in steps)
    assert converse(service, settings, typed) == (0, transcript(service, steps))


def test_a_follow_up_naming_only_a_place_is_told_it_is_answered_alone(service, settings):
    # helper-129: "Kalau yang di OKU Timur?" after a question about neutrality got the
    # meeting's lead, and nothing said the question before was not kept.
    follow_up = "Kalau yang di OKU Timur?"
    result = service.ask(follow_up, settings.top_k)
    assert result.answers and result.follows_on
    steps: list[Step] = [(ID_QUESTION, present_answer(service.ask(ID_QUESTION, settings.top_k), "id")), (follow_up, present_answer(result, "id"))]
    typed = "".join(line + "\n" for line, _ in steps)
    shown = transcript(service, steps)
    assert converse(service, settings, typed) == (0, shown)
    reply = shown[shown.index(follow_up) :].splitlines()
    assert text("id", "follows_on") in reply
    assert reply[reply.index(text("id", "follows_on")) + 2] == "sumateraekspres.id · 2024-09-26 · paragraf 1"  # above the title and citation


@pytest.mark.parametrize("follow_up", ["Kapan dia dilantik?", "dia bilang apa soal asn?"])
def test_a_question_about_someone_named_before_is_told_to_name_them(service, settings, follow_up):
    # The console keeps no history either: "dia" stands for no one, whatever the
    # question asks about ("asn" had got another official's words).
    result = service.ask(follow_up, settings.top_k)
    assert not result.answers and result.refers_back
    steps: list[Step] = [(ID_QUESTION, present_answer(service.ask(ID_QUESTION, settings.top_k), "id")), (follow_up, present_answer(result, "id"))]
    typed = "".join(line + "\n" for line, _ in steps)
    assert converse(service, settings, typed) == (0, transcript(service, steps))
    assert text("id", "not_found_hint_refers_back") in transcript(service, steps)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_example_a_follow_up_is_given_is_answered(service, settings, language):
    # A user who asks the hint's example as it stands must get an answer: "Kapan Pjs
    # Bupati OKU Timur dilantik?" was one the articles do not answer.
    example = re.search(r'"(.+?)"', text(language, "not_found_hint_refers_back"))
    assert example is not None
    result = service.ask(example.group(1), settings.top_k)
    assert result.answers and "media sosial" in result.answers[0].excerpt


@pytest.mark.parametrize("length", [1000, 1001, 5000])
def test_questions_over_the_limit_are_refused(service, settings, length):
    question = "x" * length
    if length > 1000:
        reply = notice("id", "too_long", length=length, limit=1000)
    else:
        reply = present_answer(service.ask(question, settings.top_k), "id")
    assert converse(service, settings, question + "\n") == (0, transcript(service, [(question, reply)]))


@pytest.mark.parametrize(
    "line",
    [
        "halo" + "!" * 1000,  # small talk over the limit: too long, as in Telegram and tanya ask
        "Siapa Pjs Bupati BS? " * 50 + "Siapa Pjs Bupati OKU Timur?",  # questions together over it
    ],
)
def test_the_limit_holds_for_the_whole_line_before_anything_is_read(service, settings, line):
    reply = notice("id", "too_long", length=len(line), limit=1000)
    assert converse(service, settings, line + "\n") == (0, transcript(service, [(line, reply)]))


def test_a_question_pasted_twice_is_asked_once(service, settings):
    """As every front end reads a message (bot.policy.turn): one answer, under no heading."""
    question = "Siapa Pjs Bupati BS?"
    reply = present_answer(service.ask(question, settings.top_k), "id")
    typed = f"{question} {question}"
    assert converse(service, settings, typed + "\n") == (0, transcript(service, [(typed, reply)]))


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_empty_lines_are_ignored(service, settings, blank):
    assert converse(service, settings, blank + "\n") == (0, transcript(service, [(blank, None)]))


@pytest.mark.parametrize("word", ["exit", "quit", "/quit", "  EXIT  ", "/Quit", "/quit extra", "/exit", "/EXIT sekarang juga", "QUİT", "EXİT", "quıt", "KELUAR"])
def test_quitting_stops_reading(service, settings, word):
    source, output = io.StringIO(f"{word}\n{ID_QUESTION}\n"), io.StringIO()
    assert chat(service, settings, piped_reader(source, output), output, False) == 0
    assert output.getvalue() == transcript(service, [(word, None)], ended=False)
    assert source.readline() == ID_QUESTION + "\n"


def test_a_question_starting_with_quit_is_still_a_question(service, settings):
    question = "quit rokok"
    source, output = io.StringIO(f"{question}\n/quit\n"), io.StringIO()
    assert chat(service, settings, piped_reader(source, output), output, False) == 0
    assert output.getvalue().count(PROMPT) == 2, "the first line was answered, the second left"


@pytest.mark.parametrize("key", [KeyboardInterrupt, EOFError])
def test_ctrl_c_or_ctrl_d_at_the_prompt_ends_the_chat(service, settings, key):
    output = io.StringIO()
    assert chat(service, settings, typed_keys(key, ID_QUESTION), output, False) == 0
    assert output.getvalue() == transcript(service, [], ended=False) + "\n"


def test_ctrl_c_while_answering_returns_to_the_prompt(service, settings):
    result = service.ask(ID_QUESTION, settings.top_k)
    output = InterruptedOutput(marker="Sisardi")
    assert chat(service, settings, typed_keys(ID_QUESTION, "/more"), output, False) == 0
    cancelled = "\n" + render_terminal(notice("id", "cancelled"), False) + "\n\n"  # said (H98): no empty answer in the transcript
    expected = transcript(service, [], ended=False) + cancelled + render_terminal(present_answer(result, "id", 1), False) + "\n\n\n"
    assert output.getvalue() == expected


def test_small_talk_gets_a_friendly_reply_and_questions_an_answer(service, settings):
    news = "Apa kabar terbaru soal netralitas ASN?"  # "kabar" in a question: still a question
    indonesian, about_news = service.ask(ID_QUESTION, settings.top_k), service.ask(news, settings.top_k)
    steps: list[Step] = [
        ("apa kabar", present_small_talk("how_are_you", "id", console=True)),
        ("Terima kasih 🙏", present_small_talk("thanks", "id", console=True)),
        (ID_QUESTION, present_answer(indonesian, "id")),
        ("makasih ya bot!", present_small_talk("thanks", "id", console=True)),
        ("/more", present_answer(indonesian, "id", 1)),  # small talk keeps the last answers
        (news, present_answer(about_news, "id")),
    ]
    typed = "".join(line + "\n" for line, _ in steps)
    status, shown = converse(service, settings, typed)
    assert (status, shown) == (0, transcript(service, steps))
    assert shown.count(text("id", "small_talk_hint")) == 3
    assert "Sisardi" in shown
    first_reply = shown.split("tanya> apa kabar\n", 1)[1].split(PROMPT, 1)[0]
    assert "paragraf" not in first_reply and text("id", "not_found") not in first_reply


def test_small_talk_answers_in_its_language_and_commands_follow(service, settings):
    summary = service.summary()
    steps: list[Step] = [
        ("Hello tanya!", present_small_talk("greeting", "en", console=True)),
        ("/help", present_help("en", summary.documents, summary.paragraphs, console=True)),
        ("ok", present_small_talk("ack", "en", console=True)),  # either language: the chat's
        ("halo", present_small_talk("greeting", "id", console=True)),
        ("/more", notice("id", "no_question")),
    ]
    typed = "".join(line + "\n" for line, _ in steps)
    assert converse(service, settings, typed) == (0, transcript(service, steps))


def test_a_pasted_link_is_told_it_is_not_opened_and_how_to_add_it(service, settings):
    steps: list[Step] = [
        ("https://kabar.example/berita/pjs-bupati-bengkulu-selatan", present_small_talk("link", "id", console=True)),
        ("check this https://kabar.example/a", present_small_talk("link", "en", console=True)),
    ]
    typed = "".join(line + "\n" for line, _ in steps)
    status, shown = converse(service, settings, typed)
    assert (status, shown) == (0, transcript(service, steps))
    assert "tanya add" in shown and "Sisardi" not in shown


def test_help_and_next_typed_as_words_do_what_the_commands_do(service, settings):
    summary = service.summary()
    # A question with three answers to page through ("the acting regent of Bengkulu
    # Selatan" has two since the no-answer model was fitted again).
    english = "Who is the acting governor of Bengkulu?"
    result = service.ask(english, settings.top_k)
    assert len(result.answers) > 2
    steps: list[Step] = [
        ("help", present_help("en", summary.documents, summary.paragraphs, console=True)),
        ("siapa kamu?", present_help("id", summary.documents, summary.paragraphs, console=True)),
        ("jawaban lain", notice("id", "no_question")),
        (english, present_answer(result, "en")),
        ("terima kasih", present_small_talk("thanks", "id", console=True)),
        # The answers page on in their question's language, whatever was said between.
        ("next", present_answer(result, "en", 1)),
        ("/more", present_answer(result, "en", 2)),
        ("/full", present_answer(result, "en", 2, full=True)),
    ]
    typed = "".join(line + "\n" for line, _ in steps)
    assert converse(service, settings, typed) == (0, transcript(service, steps))


def test_asking_for_the_news_without_a_topic_lists_the_articles(service, settings):
    # Searched, "berita" matched the outlet KANTOR-BERITA.COM in a dateline.
    summary = service.summary()
    topic = "berita tentang Pjs Bupati OKU Timur"
    steps: list[Step] = [
        ("berita", present_sources(service.documents, summary.paragraphs, "id")),
        ("latest news", present_sources(service.documents, summary.paragraphs, "en")),
        (topic, present_answer(service.ask(topic, settings.top_k), "id")),
    ]
    typed = "".join(line + "\n" for line, _ in steps)
    assert converse(service, settings, typed) == (0, transcript(service, steps))


def test_ask_and_start_do_what_they_do_in_telegram(service, settings):
    summary = service.summary()
    indonesian, english = service.ask(ID_QUESTION, settings.top_k), service.ask(EN_QUESTION, settings.top_k)
    steps: list[Step] = [
        ("/start", present_help("id", summary.documents, summary.paragraphs, console=True)),
        ("/ask", notice("id", "ask_usage")),
        ("/ASK   ", notice("id", "ask_usage")),
        (f"/ask {ID_QUESTION}", present_answer(indonesian, "id")),
        ("/ask terima kasih", present_small_talk("thanks", "id", console=True)),  # small talk, as typed alone
        ("/more", present_answer(indonesian, "id", 1)),
        (f"/Ask {EN_QUESTION}", present_answer(english, "en")),
        ("/start now", present_help("en", summary.documents, summary.paragraphs, console=True)),  # like /help, the rest ignored
    ]
    typed = "".join(line + "\n" for line, _ in steps)
    assert converse(service, settings, typed) == (0, transcript(service, steps))


@pytest.mark.parametrize("leave", ["quit", "keluar", "EXIT"])
def test_farewells_say_how_to_leave_and_the_quit_words_still_leave(service, settings, leave):
    steps: list[Step] = [
        ("sampai jumpa", present_small_talk("farewell", "id", console=True)),
        ("bye", present_small_talk("farewell", "id", console=True)),
        (leave, None),
    ]
    source, output = io.StringIO("".join(line + "\n" for line, _ in steps) + ID_QUESTION + "\n"), io.StringIO()
    assert chat(service, settings, piped_reader(source, output), output, False) == 0
    assert output.getvalue() == transcript(service, steps, ended=False)
    assert "/quit" in output.getvalue()
    assert source.readline() == ID_QUESTION + "\n", "quit left before the next line"


def test_non_utf8_input_is_replaced_not_fatal(service, settings):
    source = io.TextIOWrapper(io.BytesIO(b"Siapa \xff\xfe Bupati?\n"), encoding="utf-8", errors="replace")
    output = io.StringIO()
    assert chat(service, settings, piped_reader(source, output), output, False) == 0
    question = "Siapa \ufffd\ufffd Bupati?"
    result = service.ask(question, settings.top_k)
    assert output.getvalue() == transcript(service, [(question, present_answer(result, choose_language(result.language)))])


def test_reload_picks_up_a_new_article(corpus_copy, index_dir):
    service = SearchService(corpus_copy, index_dir)
    settings = Settings(corpus=corpus_copy, index_dir=index_dir)
    before = service.summary()
    keys = typed_keys(NEW_QUESTION, "/reload", NEW_QUESTION)

    def add_article_before_reload(prompt: str) -> str:
        """The keys, with the new article written just before /reload is typed."""
        line = keys(prompt)
        if line == "/reload":
            (corpus_copy / "900_seluma.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        return line

    output = io.StringIO()
    assert chat(service, settings, add_article_before_reload, output, False) == 0
    after = service.summary()
    assert after.documents == before.documents + 1
    reloaded = render_terminal(notice("id", "reloaded", documents=after.documents, paragraphs=after.paragraphs), False)
    first, second = output.getvalue().split(reloaded)
    assert "Maaf, artikel yang saya punya tidak menjawab" in first and "Budi Santoso" not in first
    assert "Budi Santoso" in second and "Gubernur Lantik Pjs Bupati Seluma" in second


def test_a_failed_reload_keeps_the_old_corpus(corpus_copy, index_dir):
    service = SearchService(corpus_copy, index_dir)
    settings = Settings(corpus=corpus_copy, index_dir=index_dir)
    result = service.ask(ID_QUESTION, settings.top_k)
    for path in corpus_copy.iterdir():
        path.unlink()
    status, shown = converse(service, settings, f"/reload\n{ID_QUESTION}\n")
    assert status == 0
    assert shown.startswith(transcript(service, [], ended=False) + "tanya> /reload\nGagal memuat ulang: ")
    assert "Saya tetap menjawab dari artikel sebelumnya." in shown
    assert shown.endswith(f"tanya> {ID_QUESTION}\n" + render_terminal(present_answer(result, "id"), False) + "\n\ntanya> \n")


class FakeStream(io.StringIO):
    """A stream that says whether it is a terminal."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "environ", "expected"),
    [(True, {}, True), (True, {"NO_COLOR": "1"}, False), (True, {"NO_COLOR": ""}, True), (False, {}, False)],
)
def test_colour_only_on_a_terminal_without_no_color(tty, environ, expected):
    settings = Settings.from_sources(environ=environ)
    assert use_color(FakeStream(tty), settings.no_color) is expected


def test_an_unusable_history_file_is_warned_about_once(tmp_path, caplog):
    import readline

    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    history = History(readline, blocker / "history")
    with caplog.at_level(logging.WARNING, logger="tanya.console"):
        history.load()
        history.save()
    # "File exists", mkdir's word for it, said it wrongly (H92).
    assert [r.getMessage() for r in caplog.records] == [f"chat history not kept in {blocker / 'history'}: Not a directory: {blocker}"]


@pytest.mark.parametrize(
    "content",
    ["".join(f"note {n}\n" for n in range(5000)).encode(), b"\x7fELF\x02\x01\x00binary\n"],
    ids=["a long file of notes", "a binary file"],
)
def test_a_file_that_is_no_history_is_left_as_it_is(tmp_path, caplog, content):
    # Saving keeps the last 1,000 lines: a file named by mistake would lose the rest.
    import readline

    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    history = History(readline, path)
    with caplog.at_level(logging.WARNING, logger="tanya.console"):
        history.load()
        readline.add_history("siapa pjs bupati bs")
        history.save()
    assert path.read_bytes() == content
    assert [r.getMessage() for r in caplog.records] == [
        f"chat history not kept in {path}: not a chat history this program wrote; left as it is"
    ]


def test_history_that_cannot_be_written_is_one_warning(tmp_path, caplog):
    import readline

    path = tmp_path / "history"
    history = History(readline, path)
    history.load()  # no file yet: the first run, nothing to say
    path.unlink()
    path.mkdir()
    with caplog.at_level(logging.WARNING, logger="tanya.console"):
        history.save()
    assert [r.getMessage() for r in caplog.records] == [f"chat history not kept in {path}: Is a directory"]


# `tanya chat` with piped standard input ---------------------------------------------


def run_piped(env: dict[str, str], corpus: Path, data: bytes) -> subprocess.CompletedProcess[bytes]:
    """`tanya chat --corpus corpus` with ``data`` on standard input, no terminal."""
    command = [sys.executable, "-m", "bot", "chat", "--corpus", str(corpus)]
    return subprocess.run(command, input=data, capture_output=True, env=env, timeout=120, check=False)


def test_piped_session_transcript(service, settings, seeds_dir, env, tmp_path):
    summary = service.summary()
    indonesian = service.ask(ID_QUESTION, settings.top_k)
    english = service.ask(EN_QUESTION, settings.top_k)
    not_found = service.ask(NOT_FOUND_QUESTION, settings.top_k)
    garbled = "Siapa \ufffd\ufffd Bupati?"
    garbled_result = service.ask(garbled, settings.top_k)
    steps: list[Step] = [
        (ID_QUESTION, present_answer(indonesian, "id")),
        ("/more", present_answer(indonesian, "id", 1)),
        ("/full", present_answer(indonesian, "id", 1, full=True)),
        ("", None),
        (EN_QUESTION, present_answer(english, "en")),
        ("/full", present_answer(english, "en", 0, full=True)),
        ("/sources", present_sources(service.documents, service.summary().paragraphs, "en")),
        ("/help", present_help("en", summary.documents, summary.paragraphs, console=True)),
        ("/nope", notice("en", "unknown_command", command="/nope")),
        ("y" * 1001, notice("en", "too_long", length=1001, limit=1000)),
        (NOT_FOUND_QUESTION, present_answer(not_found, "en")),
        ("/more", notice("en", "no_more")),
        (garbled, present_answer(garbled_result, choose_language(garbled_result.language))),
    ]
    typed = "".join(line + "\n" for line, _ in steps[:-1]).encode("utf-8") + b"Siapa \xff\xfe Bupati?\n"
    completed = run_piped(env, seeds_dir, typed)
    shown = completed.stdout.decode("utf-8")
    assert completed.returncode == 0
    assert completed.stderr == b""
    assert shown == transcript(service, steps)
    assert shown.startswith(f"Korpus: {summary.documents} artikel, {summary.paragraphs} paragraf.")
    assert "Sisardi" in shown and ID_CITATION.search(shown)
    assert english.answers[0].text in shown  # /full: the whole paragraph
    assert "Sorry, the articles I have do not answer that." in shown
    assert not SGR.search(shown) and "\x1b" not in shown
    assert not (tmp_path / "history").exists()  # no readline without a terminal


def test_no_color_with_piped_output(seeds_dir, env):
    completed = run_piped({**env, "NO_COLOR": "1"}, seeds_dir, (ID_QUESTION + "\n").encode("utf-8"))
    assert completed.returncode == 0
    assert "Sisardi" in completed.stdout.decode("utf-8") and b"\x1b" not in completed.stdout


def test_reload_in_a_running_chat(corpus_copy, env):
    chat_process = pexpect.popen_spawn.PopenSpawn(
        [sys.executable, "-m", "bot", "chat", "--corpus", str(corpus_copy)], env=env, encoding="utf-8", timeout=60
    )
    chat_process.expect_exact(PROMPT)
    chat_process.sendline(NEW_QUESTION)
    chat_process.expect_exact("Maaf, artikel yang saya punya tidak menjawab pertanyaan itu.")
    chat_process.expect_exact(PROMPT)
    (corpus_copy / "900_seluma.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    chat_process.sendline("/reload")
    chat_process.expect(r"Selesai: \d+ artikel, \d+ paragraf\.")
    chat_process.expect_exact(PROMPT)
    chat_process.sendline(NEW_QUESTION)
    chat_process.expect_exact("Budi Santoso")
    chat_process.expect_exact("Gubernur Lantik Pjs Bupati Seluma")
    chat_process.sendeof()
    chat_process.expect(pexpect.EOF)
    assert chat_process.wait() == 0


def test_a_reader_that_leaves_ends_the_chat_quietly(seeds_dir, env):
    command = [sys.executable, "-m", "bot", "chat", "--corpus", str(seeds_dir)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout.readline().startswith(b"Korpus: ")
    process.stdout.close()  # as `| head -1` does
    _, errors = process.communicate((ID_QUESTION + "\n").encode("utf-8") * 20, timeout=120)
    assert process.returncode == 0
    assert errors == b""


# An empty directory is no bad corpus: the chat starts on it (tests/test_empty_archive.py).
@pytest.mark.parametrize("corpus", ["missing", "file.txt"])
def test_a_bad_corpus_is_one_line(tmp_path, env, corpus):
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text("not a directory\n", encoding="utf-8")
    completed = run_piped(env, tmp_path / corpus, b"")
    errors = completed.stderr.decode("utf-8")
    assert completed.returncode == 2
    assert completed.stdout == b""
    assert errors.startswith("tanya: ") and errors.count("\n") == 1 and "Traceback" not in errors


# `tanya chat` in a terminal ---------------------------------------------------------


def _hang_up_as_a_terminal_does() -> None:
    """In the chat's process: a hang-up ends it, as it ends a chat whose terminal closes,
    though the tests run under nohup (which ignores SIGHUP for every process it starts:
    a CI run started so waited a minute for a chat that would not end)."""
    import signal

    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def spawn_chat(env: dict[str, str], *options: str) -> pexpect.spawn:
    """`tanya chat` under a pseudo-terminal, wide enough that answers don't wrap, its
    whole output recorded in ``logfile_read``; returned at its first prompt."""
    child = pexpect.spawn(
        sys.executable, ["-m", "bot", "chat", *options], env=env, encoding="utf-8", timeout=60, dimensions=(24, 250), preexec_fn=_hang_up_as_a_terminal_does
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("Korpus: ")
    child.expect_exact(PROMPT)
    return child


def shown(child: pexpect.spawn) -> str:
    """Everything the chat has shown so far."""
    return child.logfile_read.getvalue()


def ask_terminal(child: pexpect.spawn, keys: str, *expected: str) -> str:
    """Type ``keys`` and Enter, check ``expected`` are shown in that order, and wait
    for the next prompt; what was shown meanwhile."""
    start = len(shown(child))
    child.send(keys + "\r")
    for expected_text in expected:
        child.expect_exact(expected_text)
    child.expect_exact(PROMPT)
    return shown(child)[start:]


def assert_exits_cleanly(child: pexpect.spawn) -> None:
    """Wait for the chat to end: exit status 0 and no traceback."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, shown(child)
    assert "Traceback" not in shown(child)


@pytest.mark.parametrize("leave", ["ctrl-c", "ctrl-d", "exit"])
def test_terminal_session(env, leave):
    child = spawn_chat(env)
    answer = ask_terminal(child, ID_QUESTION, "Sisardi", "Jawaban 1 dari 3")
    # A terminal with NO_COLOR unset: bold titles, highlighted matched terms.
    assert "\x1b[1m" in answer and "\x1b[1;33m" in answer
    ask_terminal(child, "/more", "Jawaban 2 dari 3")
    # Up twice passes /more and recalls the question: asked anew, its first answer again.
    recalled = ask_terminal(child, UP + UP, "Jawaban 1 dari 3")
    assert ID_QUESTION in recalled
    {"ctrl-c": child.sendintr, "ctrl-d": child.sendeof, "exit": lambda: child.sendline("exit")}[leave]()
    assert_exits_cleanly(child)


def test_terminal_without_colour_under_no_color(env):
    child = spawn_chat({**env, "NO_COLOR": "x"})
    answer = ask_terminal(child, ID_QUESTION, "Sisardi", "Jawaban 1 dari 3")
    assert not SGR.search(answer)
    child.sendeof()
    assert_exits_cleanly(child)


def test_history_is_kept_across_runs(env, tmp_path):
    history = tmp_path / "data" / "tanya" / "history"  # its directory does not exist yet
    first = spawn_chat(env, "--history-file", str(history))
    ask_terminal(first, "Siapa Pjs Bupati Rejang Lebong?", "Herwan Antoni")
    first.sendeof()
    assert_exits_cleanly(first)
    assert "Siapa Pjs Bupati Rejang Lebong?" in history.read_text(encoding="utf-8")

    second = spawn_chat(env, "--history-file", str(history))
    ask_terminal(second, UP, "Herwan Antoni")
    second.sendintr()
    assert_exits_cleanly(second)


def test_an_unusable_history_file_is_one_warning_in_the_terminal(env, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    child = spawn_chat({**env, "TANYA_HISTORY_FILE": str(blocker / "history")})
    ask_terminal(child, ID_QUESTION, "Sisardi")
    child.sendeof()
    assert_exits_cleanly(child)
    assert shown(child).count("chat history not kept in") == 1


@pytest.mark.parametrize(
    ("language", "question", "banner", "citation"),
    [
        ("en", "Siapa Pjs Bupati Bengkulu Selatan?", "Corpus: 5 articles", "paragraph 1"),
        ("id", "Who is the acting regent of Bengkulu Selatan?", text("id", "welcome", documents=5, paragraphs=54).split(",")[0], "paragraf 1"),
    ],
)
def test_lang_fixes_the_console_language_whatever_the_question(seeds_dir, tmp_path, language, question, banner, citation):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--lang", language, "--corpus", str(seeds_dir), "--index-dir", str(tmp_path / "i")],
        input=f"{question}\n/help\n", capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(banner) and citation in done.stdout and "Sisardi" in done.stdout
    assert text(language, "help_title") in done.stdout


def test_ctrl_c_clears_a_half_typed_line_and_leaves_only_on_an_empty_one(env):
    child = spawn_chat(env)
    child.send("Siapa Pjs Bup")
    child.expect_exact("Siapa Pjs Bup")
    child.sendintr()
    child.expect_exact(PROMPT)  # a fresh prompt: the chat goes on
    # What was half typed is gone: this line alone is the question.
    ask_terminal(child, "/sources", "1. ")
    child.sendintr()  # on an empty line: leave
    assert_exits_cleanly(child)


def test_a_pasted_block_of_lines_is_one_question(env):
    child = spawn_chat(env)
    start = len(shown(child))
    child.send("\x1b[200~Siapa Pjs Bupati\nBengkulu Selatan?\x1b[201~\r")
    child.expect_exact("Sisardi")
    child.expect_exact(PROMPT)
    assert shown(child)[start:].count("Jawaban 1 dari 3") == 1, "one answer, not one per pasted line"
    child.sendeof()
    assert_exits_cleanly(child)


def test_answers_wrap_to_the_terminal_width(env):
    child = pexpect.spawn(sys.executable, ["-m", "bot", "chat"], env={**env, "NO_COLOR": "1"}, encoding="utf-8", timeout=60, dimensions=(40, 60))
    child.logfile_read = io.StringIO()
    child.expect_exact(PROMPT)
    answer = ask_terminal(child, ID_QUESTION, "Jawaban 1 dari 3")
    # Without the terminal's own bracketed-paste switches (ESC [ ? 2004 l), which take no column.
    lines = [line for line in re.sub(r"\x1b\[\?2004[hl]", "", answer).replace("\r", "").split("\n") if ID_QUESTION not in line]
    assert max(len(line) for line in lines) <= 60, [line for line in lines if len(line) > 60]
    assert re.search(r"paragraf \d+", answer), "a citation is never split mid-word"
    child.sendeof()
    assert_exits_cleanly(child)


def test_wrap_message_breaks_between_words_and_keeps_styles():
    from bot.render import wrap_message

    message = Message((((Segment("satu dua "), Segment("tiga empat", "match"), Segment(" lima enam tujuh")),)))
    wrapped = wrap_message(message, 20)
    assert [("".join(s.text for s in line)) for line in wrapped.lines] == ["satu dua tiga empat", "lima enam tujuh"]
    assert wrapped.lines[0][1] == Segment("tiga empat", "match")


def test_sources_list_the_latest_articles_first(service, settings):
    # In a growing archive the first page is the news, not the files indexed first.
    status, shown = converse(service, settings, "/sources\n")
    dates = re.findall(r"^\d+\. .* · (\d{4}-\d{2}-\d{2}|tanpa tanggal) · \d+ paragraf$", shown, re.MULTILINE)
    assert status == 0
    assert dates == ["2024-11-04", "2024-09-30", "2024-09-26", "2023-12-27", "tanpa tanggal"]


def test_sources_pages(service, settings):
    documents = service.documents
    one = present_sources(documents, 54, "en", limit=2)
    assert "\n1. " in one.plain and "\n3. " not in one.plain and text("en", "sources_page", page=1, pages=3, next=2) in one.plain
    three = present_sources(documents, 54, "en", limit=2, page=3)
    assert "\n5. " in three.plain and "\n4. " not in three.plain and text("en", "sources_last_page", page=3, pages=3) in three.plain
    # A page past the last shows the last, and no page number the first, each saying so
    # (H82: "/sources 4" of three pages and "/sources abc" showed a page without a word).
    past = present_sources(documents, 54, "en", limit=2, page=99)
    assert past.lines[:-1] == three.lines[:-1]
    assert past.lines[-1][0].text == text("en", "sources_no_such_page", asked=99, page=3, pages=3)
    assert text("en", "sources_no_such_page", asked=2, page=1, pages=1) in present_sources(documents, 54, "en", page=2).plain
    not_a_page = present_sources(documents, 54, "en", limit=2, page=0)
    assert not_a_page.lines[:-1] == one.lines[:-1]
    assert not_a_page.lines[-1][0].text == text("en", "sources_not_a_page", page=1, pages=3)
    # Asked for its first, a list of one page has no page line.
    assert "Page " not in present_sources(documents, 54, "en").plain


@pytest.mark.parametrize(
    ("argument", "page"),
    [("", 1), ("2", 2), (" 3 ", 3), ("abc", 0), ("0", 0), ("-1", 0), ("²", 0), ("2 3", 0), ("99999999999999999999999999", 999999999999)],
)
def test_the_sources_page_asked_for(argument, page):
    # 0: no page number. A page past the last shows the last, however many digits it has.
    assert sources_page(argument) == page


def test_a_byte_order_mark_opening_piped_input_is_no_text(service, settings):
    # A file saved by Notepad: the mark was echoed after the prompt (H98).
    answer = present_answer(service.ask(ID_QUESTION, settings.top_k), "id")
    assert converse(service, settings, "\ufeff" + ID_QUESTION + "\n") == (0, transcript(service, [(ID_QUESTION, answer)]))


def test_a_dumb_terminal_gets_no_colour(monkeypatch):
    # An editor's shell buffer (TERM=dumb) printed the styles as ^[[1;33m (H98).
    monkeypatch.setenv("TERM", "dumb")
    assert use_color(FakeStream(True), no_color=False) is False


def test_dev_null_keeps_no_history_without_a_word(caplog):
    import readline

    history = History(readline, Path(os.devnull))
    with caplog.at_level(logging.WARNING, logger="tanya.console"):
        history.load()
        readline.add_history("siapa pjs bupati bs")
        history.save()
    assert caplog.records == []  # was "chat history not kept in /dev/null: Invalid argument"


def test_a_history_file_that_is_no_regular_file_is_said_at_the_start(tmp_path, caplog):
    # Said only after the session's questions were typed, and wrongly (H98: /proc/version
    # was "No such file or directory").
    import readline

    path = tmp_path / "fifo"
    os.mkfifo(path)
    history = History(readline, path)
    with caplog.at_level(logging.WARNING, logger="tanya.console"):
        history.load()
    assert [r.getMessage() for r in caplog.records] == [f"chat history not kept in {path}: not a regular file"]


@pytest.mark.parametrize("signal_name", ["SIGHUP", "SIGTERM"])
def test_the_history_keeps_each_question_when_the_terminal_closes(env, tmp_path, signal_name):
    # Written only at a clean exit, a closed terminal lost the session's questions (H98).
    import signal

    history = tmp_path / "history"
    child = spawn_chat(env, "--history-file", str(history))
    ask_terminal(child, "Siapa Pjs Bupati Rejang Lebong?", "Herwan Antoni")
    child.kill(getattr(signal, signal_name))
    child.expect(pexpect.EOF)
    child.close()
    assert "Siapa Pjs Bupati Rejang Lebong?" in history.read_text(encoding="utf-8")
