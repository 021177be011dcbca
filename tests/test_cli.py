"""`tanya ask` and `tanya eval` as a user runs them: real processes, real output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

ANSWER_KEYS = {"rank", "doc_id", "title", "source", "date", "paragraph", "score", "excerpt", "text", "url"}


def tanya(*args: str, stdin: bytes | None = None, corpus=None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "bot", *args]
    if corpus is not None:
        command += ["--corpus", str(corpus)]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=120)


def check_schema(line: dict) -> None:
    assert set(line) == {"question", "language", "answers"}
    assert isinstance(line["question"], str) and line["language"] in ("id", "en")
    for answer in line["answers"]:
        assert set(answer) - {"caption", "lead_in"} == ANSWER_KEYS and answer.get("caption", True) is True
        assert isinstance(answer.get("lead_in", "x"), str) and answer.get("lead_in", "x")  # present only when there is one
        assert isinstance(answer["rank"], int) and isinstance(answer["paragraph"], int)
        assert isinstance(answer["score"], float)
        for key in ("doc_id", "title", "excerpt", "text"):
            assert isinstance(answer[key], str) and answer[key]
        for key in ("source", "date", "url"):
            assert answer[key] is None or isinstance(answer[key], str)


def test_ask_json_arguments(seeds_dir):
    done = tanya("ask", "--json", "who held the meeting in OKU Timur", "What is the capital of France?", corpus=seeds_dir)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [line["question"] for line in lines] == ["who held the meeting in OKU Timur", "What is the capital of France?"]
    for line in lines:
        check_schema(line)
    first = lines[0]["answers"][0]
    assert first["doc_id"] == "001_8b19b7e41f79d3d6" and "Edwar Juliartha" in first["excerpt"]
    assert first["date"] == "2024-09-26" and first["source"] == "sumateraekspres.id"
    # The next two paragraphs point back to the meeting ("Dalam rapat tersebut, Prof. Edwar
    # ...", "Pertemuan ini berlangsung di Aula Bina Praja II"); the one naming someone first.
    assert [a["paragraph"] for a in lines[0]["answers"]] == [1, 3, 2]
    assert lines[1]["answers"] == []
    # Answered or not, every line says the question's language, as small talk's did (helper-106).
    assert [line["language"] for line in lines] == ["en", "en"]


def test_ask_json_marks_a_photo_caption(seeds_dir):
    # Captions are numbered after an article's paragraphs: "paragraph" 13 of 12 is no place to look.
    done = tanya("ask", "--json", "--top-k", "1", "siapa sekretaris daerah bengkulu selatan", corpus=seeds_dir)
    (answer,) = json.loads(done.stdout.decode())["answers"]
    check_schema({"question": "", "language": "id", "answers": [answer]})
    assert answer["caption"] is True and "Sekretaris Daerah Sukarni" in answer["text"]


def test_ask_json_stdin_one_line_per_question_in_order(seeds_dir):
    questions = ["Siapa Pjs Bupati Bengkulu Selatan?", "", "harga bitcoin hari ini", "   ", "kapan deklarasi netralitas asn muba"]
    done = tanya("ask", "--json", "--top-k", "2", stdin="\n".join(questions).encode() + b"\n\xff\xfe broken\n", corpus=seeds_dir)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [line["question"] for line in lines] == [q for q in questions if q.strip()] + ["\ufffd\ufffd broken"]
    for line in lines:
        check_schema(line)
        assert len(line["answers"]) <= 2
    assert "Sisardi" in lines[0]["answers"][0]["text"]
    assert lines[1]["answers"] == []


def test_ask_readable_output_cites(seeds_dir):
    done = tanya("ask", "who held the meeting in OKU Timur", corpus=seeds_dir)
    out = done.stdout.decode()
    assert done.returncode == 0
    assert "Edwar Juliartha" in out
    assert "sumateraekspres.id · 2024-09-26 · paragraph 1" in out
    assert "\033[" not in out  # piped: no colour


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "--top-k", "abc", "x"],
        ["ask", "--top-k", "0", "x"],
        ["ask", "--frobnicate"],
        ["bogus"],
        ["eval", "--split", "nope"],
        [],
    ],
)
def test_bad_usage_is_one_line_and_status_2(args):
    done = tanya(*args)
    assert done.returncode == 2
    error = done.stderr.decode().strip()
    assert len(error.splitlines()) == 1 and "Traceback" not in error


def test_empty_argument_is_a_question_too(seeds_dir):
    done = tanya("ask", "--json", "", "siapa pjs bupati bengkulu selatan", corpus=seeds_dir)
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [(line["question"], bool(line["answers"])) for line in lines] == [("", False), ("siapa pjs bupati bengkulu selatan", True)]


def test_control_characters_are_not_echoed_to_the_terminal(seeds_dir):
    done = tanya("ask", "\x1b[2Jsiapa pjs bupati bengkulu selatan", corpus=seeds_dir)
    assert b"\x1b" not in done.stdout and "\ufffd[2Jsiapa" in done.stdout.decode()


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (b"[1, 2]\n", "is not an object"),
        (b"", "no questions"),
        (b"{not json\n", "not JSON"),
        (b'{"question": "siapa"}\n\xff\xfe\x00binary', "not UTF-8 text"),
    ],
)
def test_eval_with_a_bad_question_file_is_one_line(tmp_path, seeds_dir, lines, message):
    path = tmp_path / "questions.jsonl"
    path.write_bytes(lines)
    done = tanya("eval", "--questions", str(path), corpus=seeds_dir)
    assert done.returncode == 2
    assert message in done.stderr.decode() and len(done.stderr.decode().strip().splitlines()) == 1
    assert str(path) in done.stderr.decode(), "the message names the file"


def test_eval_reads_a_question_file_saved_with_a_byte_order_mark(tmp_path, seeds_dir):
    path = tmp_path / "questions.jsonl"
    path.write_text('{"question": "Siapa Pjs Bupati Bengkulu Selatan?", "answer": "Sisardi", "doc": "004_b8076227a415273f"}\n', encoding="utf-8-sig")
    done = tanya("eval", "--questions", str(path), corpus=seeds_dir)
    assert done.returncode == 0, done.stderr.decode()
    assert "questions: 1 (1 answerable" in done.stdout.decode()


def test_missing_corpus_is_one_line(tmp_path):
    done = tanya("ask", "siapa", corpus=tmp_path / "nowhere")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == f"tanya: corpus directory not found: {tmp_path / 'nowhere'}"


def test_eval_prints_both_systems(seeds_dir):
    done = tanya("eval", corpus=seeds_dir)
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr
    for row in ("hit@1", "hit@3", "MRR@10", "no-answer precision", "no-answer recall"):
        assert row in out
    assert "tanya" in out and "rank-bm25" in out


def test_reader_leaving_early_is_no_error(seeds_dir):
    """`tanya ask < questions | head -n 1`: the rest is not wanted, and that is fine."""
    questions = b"\n".join([b"netralitas asn"] * 200)
    reader = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--corpus", str(seeds_dir)],
        input=questions, stdout=reader.stdin, stderr=subprocess.PIPE, timeout=120,
    )
    reader.stdin.close()
    reader.wait()
    assert done.returncode == 0
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("words", "language"),
    [("siapa bupati rejang lebong sekarang ", "id"), ("who is the regent of rejang lebong now ", "en")],
)
@pytest.mark.parametrize("as_json", [False, True])
def test_a_too_long_question_is_refused_in_its_language(seeds_dir, words, language, as_json):
    from bot.presenter import text
    from retrieval.search import MAX_QUESTION_CHARS

    question = words * (MAX_QUESTION_CHARS // len(words) + 1)
    done = tanya("ask", *(["--json"] if as_json else []), question, corpus=seeds_dir)
    assert done.returncode == 0, done.stderr
    message = text(language, "too_long", length=len(question), limit=MAX_QUESTION_CHARS)
    if as_json:
        assert json.loads(done.stdout.decode())["error"] == message
    else:
        assert done.stdout.decode().splitlines()[-1] == message


@pytest.mark.parametrize(
    ("said", "kind", "language"),
    [("halo", "greeting", "id"), ("help", "help", "en"), ("/help", "help", "id"), ("／HELP", "help", "id"),  # a command is no English word (H98) ("terima kasih!", "thanks", "id"), ("next", "more", "en"),
     ("https://kabar.example/berita/pjs-bupati-bengkulu-selatan", "link", "id"),
     # Nothing to search: an empty argument was searched and answered "not found".
     ("?", "help", "id"), ("", "help", "id"), ("   ", "help", "id")],
)
def test_small_talk_to_ask_is_answered_as_small_talk_not_searched(seeds_dir, said, kind, language):
    # Searched, "help" was answered with the HUT paragraphs and "thanks" with a thank-you.
    from bot.presenter import present_small_talk_command_line

    plain = tanya("ask", said, corpus=seeds_dir)
    assert plain.returncode == 0
    assert plain.stdout.decode() == f"? {said}\n{present_small_talk_command_line(kind, language).plain}\n"
    (line,) = [json.loads(line) for line in tanya("ask", "--json", said, corpus=seeds_dir).stdout.decode().splitlines()]
    assert (line["answers"], line["small_talk"], line["language"]) == ([], kind, language)


def test_not_found_on_the_command_line_points_to_what_exists_there(seeds_dir):
    from bot.presenter import text

    out = tanya("ask", "Siapa Pjs Bupati Seluma?", corpus=seeds_dir).stdout.decode()
    assert text("id", "not_found") in out and text("id", "not_found_hint_command_line") in out
    assert text("id", "not_found_hint") not in out  # "lihat /sources": a command of the chats only


@pytest.mark.parametrize("command", ["/full", "/more", "/sources 2", "／reload"])
def test_a_chat_command_given_to_ask_is_told_so_not_searched(seeds_dir, command):
    # "/full" was searched as the word "full" and answered with two cited paragraphs (H98).
    from bot.presenter import text

    name = "/" + command[1:].split()[0]
    plain = tanya("ask", command, corpus=seeds_dir)
    assert plain.stdout.decode() == f"? {command}\n{text('id', 'chat_command', command=name)}\n"
    (line,) = [json.loads(line) for line in tanya("ask", "--json", command, corpus=seeds_dir).stdout.decode().splitlines()]
    assert (line["answers"], line["error"]) == ([], text("id", "chat_command", command=name))


@pytest.mark.parametrize(("command", "language"), [("/foo", "id"), ("/fulll siapa sisardi", "id"), ("/foo who is the regent of Lahat", "en")])
def test_a_command_of_no_front_end_given_to_ask_is_unknown(seeds_dir, command, language):
    # Said to be "a command of tanya chat and the Telegram bot", which has no /foo.
    from bot.presenter import text

    (line,) = [json.loads(line) for line in tanya("ask", "--json", command, corpus=seeds_dir).stdout.decode().splitlines()]
    assert (line["answers"], line["language"]) == ([], language)
    assert line["error"] == text(language, "ask_unknown_command", command=command.split()[0])


def test_every_command_of_the_console_and_the_bot_is_a_chat_command(seeds_dir, tmp_path):
    import io

    from bot.console import QUIT_COMMANDS, Console
    from bot.policy import CHAT_COMMANDS
    from bot.service import SearchService
    from bot.telegram_handlers import COMMAND_HANDLERS

    console = Console(SearchService(seeds_dir, tmp_path / "i"), 3, io.StringIO(), color=False)
    assert {f"/{name}" for name in COMMAND_HANDLERS} | set(console.commands) | QUIT_COMMANDS | {"/ask"} == CHAT_COMMANDS


def test_ask_answers_each_question_of_a_line_as_the_chats_do(seeds_dir):
    # Searched together, neither was answered: "not found" (H98).
    both = "Siapa Pjs Bupati BS? Siapa Pjs Bupati OKU Timur?"
    lines = [json.loads(line) for line in tanya("ask", "--json", "--top-k", "1", both, "/ask " + both, corpus=seeds_dir).stdout.decode().splitlines()]
    assert [line["question"] for line in lines] == ["Siapa Pjs Bupati BS?", "Siapa Pjs Bupati OKU Timur?"] * 2
    assert ["Sisardi" in line["answers"][0]["excerpt"] for line in lines] == [True, False] * 2
    assert ["Edwar" in line["answers"][0]["excerpt"] for line in lines] == [False, True] * 2
    plain = tanya("ask", "--top-k", "1", both, corpus=seeds_dir).stdout.decode()
    assert plain.count("? Siapa Pjs Bupati") == 2 and "Sisardi" in plain and "Edwar" in plain


@pytest.mark.parametrize("name", ["texts.npy", "postings.npy", "vocabulary.json"])
def test_ask_finds_index_damage_a_start_takes_on_trust_and_rebuilds(tmp_path, seeds_dir, name, monkeypatch):
    """Bit rot keeping a file's size and time: the bot and the console hash the index
    after their start; `tanya ask` has no after, so it hashes a small index first. Its
    answers are the fresh index's, with a line saying what was rebuilt and why."""
    import os

    monkeypatch.setenv("TANYA_INDEX_DIR", str(tmp_path / "index"))
    question = ("ask", "--json", "Siapa Pjs Bupati Bengkulu Selatan?", "who held the meeting in OKU Timur")
    fresh = tanya(*question, corpus=seeds_dir)
    (damaged,) = (tmp_path / "index").glob(f"*/seg-*/{name}")
    info = damaged.stat()
    data = bytearray(damaged.read_bytes())
    for at in range(len(data) - 40, len(data) - 30):
        data[at] ^= 0x20  # vocabulary.json stays JSON: letters change case
    damaged.write_bytes(bytes(data))
    os.utime(damaged, ns=(info.st_atime_ns, info.st_mtime_ns))
    again = tanya(*question, corpus=seeds_dir)
    assert again.returncode == 0
    assert again.stdout == fresh.stdout
    said = again.stderr.decode()
    # Named by its checksum, or by what the load found wrong with it ("a posting names no passage").
    assert "damaged" in said and "rebuilding" in said and "Traceback" not in said
    assert tanya(*question, corpus=seeds_dir).stderr == b""  # rebuilt once, then loaded
