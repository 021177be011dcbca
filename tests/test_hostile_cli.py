"""A new user who mistypes and misuses every front end (brief H18): each case gets a
clear one-line message, loses nothing and shows no traceback.

In-process runs of ``bot.cli.main`` where only the exit status and the lines matter;
real processes where the streams themselves are the point (a full disk under standard
output, an ASCII terminal, trafilatura's own log lines).
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.questions_log import LoggedQuestion, QuestionsLog, now
from local_http import Route, Site, serve

QUESTION = "Siapa Pjs Bupati Rejang Lebong?"


def tanya(capsys, *args: str) -> tuple[int, str, str]:
    """``tanya ARGS`` in this process: exit status, standard output, standard error."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run(*args: str, stdin: bytes = b"", stdout: int | None = subprocess.PIPE, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``tanya ARGS`` as a process, as the installed entry point runs it."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, stdout=stdout, stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})}, timeout=120,
    )


# --- settings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["ask", "--corpus", "", QUESTION], {}),
        (["ask", "--index-dir", "", QUESTION], {}),
        (["chat", "--history-file", ""], {}),
        (["report", "--questions-log", ""], {}),
        (["telegram", "--token", "1:a", "--token-file", ""], {}),
    ],
)
def test_an_empty_path_is_refused_not_taken_as_the_working_directory(args, env, tmp_path, monkeypatch, capsys):
    # Path("") is "."; an unset shell variable (--index-dir "$DIR") wrote the index
    # cache into whatever directory tanya was started in.
    monkeypatch.chdir(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    status, out, err = tanya(capsys, *args)
    assert status == 2 and out == ""
    assert "is empty: give a path" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("env", [{"TANYA_INDEX_DIR": "  "}, {"TANYA_CORPUS": " "}, {"TANYA_CORPUS": "", "TANYA_INDEX_DIR": ""}])
def test_a_variable_set_to_nothing_keeps_the_default_not_the_working_directory(env, tmp_path, monkeypatch, capsys):
    # An env file's "TANYA_CORPUS=" placeholder: unset, as a shell has it (H51 found ""
    # unset and " " refused); never Path(""), the directory tanya was started in.
    monkeypatch.chdir(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    status, out, err = tanya(capsys, "ask", "--json", QUESTION)
    assert status == 0 and err == ""
    assert json.loads(out)["answers"], "answered from the bundled seeds"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--webhook-url", "notaurl", "must be a public https:// address"),
        ("--webhook-url", "http://bot.example.org/hook", "must be a public https:// address"),
        ("--webhook-url", "https://[::1/hook", "must be a public https:// address"),
        ("--webhook-url", "https:///hook", "must be a public https:// address"),
        ("--secret-token", "two words", "1-256 letters, digits, _ and -"),
        ("--secret-token", "x" * 257, "1-256 letters, digits, _ and -"),
    ],
)
def test_webhook_settings_telegram_would_refuse_are_refused_at_start(option, value, says, capsys):
    # Before: the bot connected and retried the Bot API before Telegram said no.
    extra = ["--webhook-url", "https://bot.example.org/hook"] if option == "--secret-token" else []
    status, _, err = tanya(capsys, "telegram", "--token", "123:abc", *extra, option, value)
    assert status == 2 and says in err and err.count("\n") == 1


@pytest.mark.parametrize("command", [["chat"], ["telegram", "--token", "123:abc"]])
def test_feeds_never_add_to_the_bundled_seeds(command, seeds_dir, capsys):
    # Before: `tanya chat --feed URL` wrote the feed's articles into the checkout's seeds/.
    before = sorted(seeds_dir.iterdir())
    status, _, err = tanya(capsys, *command, "--feed", "http://127.0.0.1:1/rss.xml")
    assert status == 2 and "(the bundled seeds/ are not changed)" in err and err.count("\n") == 1
    assert sorted(seeds_dir.iterdir()) == before


# --- tanya ask ------------------------------------------------------------------------


def test_a_question_too_long_is_refused_whole_as_in_the_console(seeds_dir, capsys):
    long = "bupati rejang lebong " * 100
    status, out, _ = tanya(capsys, "ask", "--corpus", str(seeds_dir), QUESTION, long, QUESTION)
    assert status == 0
    blocks = out.split("\n\n? ")
    assert len(blocks) == 3
    assert f"Pertanyaannya terlalu panjang ({len(long)} karakter)." in blocks[1]  # Indonesian, as the question
    assert len(blocks[1]) < 300  # the echo is the question's start, not all of it
    assert "Herwan Antoni" in blocks[0] and "Herwan Antoni" in blocks[2]  # the questions around it still answered

    status, out, _ = tanya(capsys, "ask", "--json", "--corpus", str(seeds_dir), long)
    line = json.loads(out)
    assert status == 0 and line["question"] == long and line["answers"] == [] and "terlalu panjang" in line["error"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["ask", QUESTION], ["ask", "--json", QUESTION], ["chat"]])
def test_output_on_a_full_disk_is_one_line_not_a_traceback(args, seeds_dir):
    with open("/dev/full", "wb") as full:
        done = run(*args, "--corpus", str(seeds_dir), stdin=QUESTION.encode() + b"\n", stdout=full.fileno())
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.strip().endswith("No space left on device") and err.count("\n") == 1


def test_an_ascii_terminal_gets_question_marks_not_a_traceback(seeds_dir):
    done = run("ask", "--corpus", str(seeds_dir), "谁是 bupati", QUESTION, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode("ascii")
    assert out.startswith("? ?? bupati\n") and "Herwan Antoni" in out


def test_an_index_directory_that_cannot_be_entered_answers_without_the_cache(seeds_dir, tmp_path, capsys, caplog):
    # A name too long to look up fails as an unreadable directory does: not as "missing".
    index = tmp_path / ("x" * 300)
    status, out, _ = tanya(capsys, "ask", "--corpus", str(seeds_dir), "--index-dir", str(index), QUESTION)
    assert status == 0 and "Herwan Antoni" in out
    assert "the index is not kept" in caplog.text


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root enters any directory")
def test_an_index_directory_without_permission_answers_without_the_cache(seeds_dir, tmp_path, capsys, caplog):
    index = tmp_path / "index"
    index.mkdir(mode=0)
    try:
        status, out, _ = tanya(capsys, "ask", "--corpus", str(seeds_dir), "--index-dir", str(index), QUESTION)
    finally:
        index.chmod(0o700)
    assert status == 0 and "Herwan Antoni" in out and "the index is not kept" in caplog.text


# --- tanya add ------------------------------------------------------------------------


def test_an_add_whose_index_cannot_be_saved_says_so_not_up_to_date(seeds_dir, tmp_path, capsys, caplog):
    # A full or read-only cache: the article is in the archive, the index was never saved (H40).
    corpus = tmp_path / "arsip"
    corpus.mkdir()
    source = tmp_path / "berita.txt"
    source.write_text("Jembatan baru dibuka\n\nJembatan Musi VI dibuka Senin oleh wali kota.\n", encoding="utf-8")
    status, out, _ = tanya(capsys, "add", "--corpus", str(corpus), "--index-dir", str(tmp_path / ("x" * 300)), str(source))
    assert status == 0 and "1 added" in out
    assert "index could not be saved: the next start indexes them" in out and "up to date" not in out
    assert "the index is not kept" in caplog.text


def test_an_empty_source_adds_nothing_from_the_working_directory(seeds_dir, tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    work.mkdir()
    (work / "note.txt").write_text((seeds_dir / "000_56970b467c1ddc30.txt").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(work)
    status, out, _ = tanya(capsys, "add", "--corpus", str(tmp_path / "archive"), "", "  ")
    assert status == 1
    assert out.splitlines() == [
        "failed: '': empty: name a file, a folder or an address",
        "failed: '  ': empty: name a file, a folder or an address",
        "0 added, 0 already in the archive, 2 failed",
    ]
    assert not (tmp_path / "archive").exists() or not list((tmp_path / "archive").iterdir())


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://[::1/berita", "not a valid address (Invalid IPv6 URL)"),
        ("http://127.0.0.1:x/berita", "not a valid address (Port could not be cast to integer value"),
        ("http://127.0.0.1:99999/berita", "not a valid address (Port out of range 0-65535)"),
    ],
)
def test_a_malformed_address_fails_in_one_line(url, says, tmp_path, capsys, monkeypatch):
    status, out, err = tanya(capsys, "add", "--corpus", str(tmp_path / "archive"), url)
    assert status == 1 and "Traceback" not in err
    assert out.splitlines()[0].startswith(f"failed: {url}: {says}")

    # The same address as a feed to poll is a setting: status 2.
    monkeypatch.setenv("TANYA_FEEDS", url)
    status, _, err = tanya(capsys, "ask", QUESTION)
    assert status == 2 and says in err and err.count("\n") == 1


def test_a_page_without_html_is_one_line_without_the_parsers_own_logging(tmp_path):
    site = Site(routes={"/kosong": Route(b""), "/biner": Route(bytes(range(256)) * 8), "/teks": Route(b"hanya teks", content_type="text/html")})
    with serve(site):
        done = run("add", "--corpus", str(tmp_path / "archive"), *(site.url(p) for p in ("/kosong", "/biner", "/teks")))
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 1
    assert out.count("not a news page (no article text found)") == 3
    assert err == ""  # before: "tanya: lxml parsing failed: Document is empty", "tanya: empty HTML tree: None"


def test_an_added_article_follows_the_umask_so_the_bot_user_can_read_it(seeds_dir, tmp_path, capsys):
    previous = os.umask(0o022)
    try:
        status, _, _ = tanya(capsys, "add", "--corpus", str(tmp_path / "archive"), str(seeds_dir / "001_8b19b7e41f79d3d6.txt"))
    finally:
        os.umask(previous)
    assert status == 0
    (added,) = (tmp_path / "archive").iterdir()
    assert stat.S_IMODE(added.stat().st_mode) == 0o644  # mkstemp made it 0600


# --- tanya report ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        "INSERT INTO questions (asked_at, chat_kind, language, question, answered) VALUES ('kemarin', 'private', 'id', 'q', 1)",
        "INSERT INTO questions (asked_at, chat_kind, language, question, answered) VALUES ('2026-11-01T00:00:00+00:00', 'private', 'id', X'FF00', 0)",
        "INSERT INTO questions (asked_at, chat_kind, language, question, answered, title) VALUES ('2026-11-01T00:00:00+00:00', 'private', 'id', 'q', 1, X'00')",
        "INSERT INTO questions (asked_at, chat_kind, language, question, answered) VALUES (5, 'private', 'id', 'q', 'ya')",
    ],
)
def test_a_hand_damaged_row_of_the_questions_log_is_passed_over(damage, tmp_path, capsys, caplog):
    path = tmp_path / "questions.sqlite3"
    log = QuestionsLog(path)
    log.record(LoggedQuestion(now(), "private", "id", "Siapa juara MTQ?", True, "d1", "MTQ"))
    log.close()
    with sqlite3.connect(path) as connection:
        connection.execute(damage)
    status, out, err = tanya(capsys, "report", "--questions-log", str(path))
    assert status == 0 and "Traceback" not in err
    assert "1 question, 1 answered (100%)" in out and "siapa juara mtq" in out
    assert "passed over 1 damaged rows" in caplog.text


# --- tanya eval -----------------------------------------------------------------------


PASSAGE = '{"id": "p1", "text": "Bupati Kaur memimpin rapat."}'
ASKED = '{"id": "q1", "question": "Siapa memimpin rapat?", "relevant_passage_ids": ["p1"], "split": "test"}'


@pytest.mark.parametrize(
    ("passages", "questions", "says"),
    [
        ("", ASKED, "no passages"),
        ("5", ASKED, "facqa_passages.jsonl: row 1 is not an object with id, text (strings)"),
        ('{"id": 1, "text": 5}', ASKED, "facqa_passages.jsonl: row 1 is not an object"),
        (PASSAGE, "[1]", "facqa_questions.jsonl: row 1 is not an object"),
        (PASSAGE, ASKED.replace('["p1"]', "5"), "relevant_passage_ids (lists of strings)"),
        (PASSAGE, ASKED.replace('"Siapa memimpin rapat?"', "7"), "facqa_questions.jsonl: row 1 is not an object"),
    ],
)
def test_a_malformed_facqa_directory_is_one_line(passages, questions, says, tmp_path, capsys):
    (tmp_path / "facqa_passages.jsonl").write_text(passages + "\n", encoding="utf-8")
    (tmp_path / "facqa_questions.jsonl").write_text(questions + "\n", encoding="utf-8")
    status, _, err = tanya(capsys, "eval", "--facqa", str(tmp_path))
    assert status == 2 and err.startswith("tanya: cannot read what to evaluate: ") and says in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("line", "says"),
    [
        # helper-127: FacQA's keys in a seed-style file were scored as all unanswerable, silently.
        ({"question": "Siapa Pjs Bupati BS?", "answerable": True, "answers": ["Sisardi"]}, '"answerable", "answers", which a question file does not use'),
        ({"question": "Siapa Pjs Bupati BS?", "Answer": "Sisardi"}, '"Answer", which'),
        # Escaped and cut short: the error stays one line (helper-128).
        ({"question": "Siapa?", "bad\nkey\x1b[31m" + "x" * 5000: 1}, '"bad\\nkey\\u001b[31m' + "x" * 21 + ", which"),
        ({"question": "Siapa?", **{f"k{i}": 1 for i in range(8)}}, '"k4" and 3 more, which'),
    ],
)
def test_a_question_file_with_keys_it_does_not_use_is_refused_naming_them(line, says, tmp_path, capsys):
    path = tmp_path / "questions.jsonl"
    path.write_text(json.dumps({"question": "Siapa Sekda Muba?"}) + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    status, out, err = tanya(capsys, "eval", "--questions", str(path))
    assert status == 2 and out == ""
    assert err.startswith(f"tanya: cannot read what to evaluate: {path}: question 2 has ") and says in err and err.count("\n") == 1


@pytest.mark.parametrize("where", ["folder", "missing.jsonl"])
def test_a_question_file_that_cannot_be_read_is_one_plain_line(where, tmp_path, capsys):
    (tmp_path / "folder").mkdir()
    status, _, err = tanya(capsys, "eval", "--questions", str(tmp_path / where))
    says = "Is a directory" if where == "folder" else "No such file or directory"
    assert status == 2 and err == f"tanya: cannot read what to evaluate: {tmp_path / where}: {says}\n"  # H95: "[Errno 21] ..."



def test_a_seed_question_file_with_a_number_for_an_answer_is_one_line(tmp_path, capsys):
    path = tmp_path / "questions.jsonl"
    path.write_text('{"question": "siapa bupati", "answer": 5, "doc": 7}\n', encoding="utf-8")
    status, _, err = tanya(capsys, "eval", "--questions", str(path))
    assert status == 2 and 'question 1 has an "answer" or "doc" that is not a string' in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--unanswerable", "--groups", "0"], "tanya: --groups must be at least 1\n"),
        (["--english", "x.jsonl"], "tanya: --english asks FacQA's passages: give --facqa DIR too\n"),
        # An option that would be ignored (H51): the figures would not be of what was asked.
        (["--questions", "q.jsonl", "--facqa", "facqa"], "tanya: --questions and --facqa are two question sets: give one\n"),
        (["--split", "dev"], "tanya: --split chooses FacQA's questions: give --facqa DIR too\n"),
        (["--facqa", "facqa", "--english", "en.jsonl", "--split", "dev"], "tanya: --english asks its own questions of every FacQA passage: leave out --split\n"),
        (["--groups", "5"], "tanya: --groups says how --unanswerable removes answers: give --unanswerable too\n"),
    ],
)
def test_eval_options_that_do_not_go_together_are_not_called_unreadable_questions(args, says, capsys):
    status, _, err = tanya(capsys, "eval", *args)
    assert status == 2 and err == says


# --- tanya chat -----------------------------------------------------------------------


def test_a_history_file_that_is_a_directory_is_named_as_one(tmp_path, caplog):
    readline = pytest.importorskip("readline")
    from bot.console import History

    history = History(readline, tmp_path)
    history.load()
    history.save()  # not written over, nor warned about twice
    assert caplog.text.count("chat history not kept") == 1
    assert f"chat history not kept in {tmp_path}: Is a directory\n" in caplog.text  # before: "Invalid argument"


INTERRUPTED_WHILE_LOADING = """
import builtins, sys
real_import = builtins.__import__

def interrupted(name, *args, **kwargs):
    if name == "bot.cli":  # Ctrl-C arriving while the command's modules load
        raise KeyboardInterrupt
    return real_import(name, *args, **kwargs)

builtins.__import__ = interrupted
from bot.entry import main
sys.exit(main())
"""


# The same, and a second Ctrl-C arriving while the first is handled: sent by standard
# error as the entry writes its newline there.
INTERRUPTED_TWICE_WHILE_LOADING = """
import builtins, os, signal, sys, time
real_import = builtins.__import__

def interrupted(name, *args, **kwargs):
    if name == "bot.cli":
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)  # the interrupt arrives here
    return real_import(name, *args, **kwargs)

class InterruptingAgain:
    def write(self, text):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
        return sys.__stderr__.write(text)

    def flush(self):
        sys.__stderr__.flush()

builtins.__import__ = interrupted
from bot.entry import main
sys.stderr = InterruptingAgain()
sys.exit(main())
"""


@pytest.mark.parametrize("script", [INTERRUPTED_WHILE_LOADING, INTERRUPTED_TWICE_WHILE_LOADING], ids=["once", "twice"])
def test_ctrl_c_while_tanya_loads_ends_quietly_with_status_130_however_often(script):
    """The ``tanya`` command's entry: an interrupt during the imports (numpy and the
    rest take a few tenths of a second), and another while it is handled, is no
    traceback."""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert done.returncode == 130
    assert "Traceback" not in done.stderr and done.stderr.strip() == ""


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_during_an_add_keeps_and_indexes_what_was_added(tmp_path, stop, status):
    """Ctrl-C while the second page is still loading: the first article stays, is
    counted in the summary and indexed; nothing is half written; status 130. SIGTERM
    (cron's `timeout`, a service manager) likewise, with status 143: it ended the add
    with no summary, its articles left for the next start to index (H92)."""
    page = (Path(__file__).parent / "data" / "ingest" / "berita_jembatan.html").read_bytes()
    site = Site(routes={"/jembatan": Route(page), "/lambat": Route(page, delay=30)})
    archive = tmp_path / "archive"
    command = [sys.executable, "-m", "bot", "add", "--corpus", str(archive), "--index-dir", str(tmp_path / "index")]
    with serve(site), subprocess.Popen(
        [*command, site.url("/jembatan"), site.url("/lambat")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            with selectors.DefaultSelector() as waiting:  # bounded: a first line within 60 s
                waiting.register(process.stdout, selectors.EVENT_READ)
                assert waiting.select(timeout=60), "no line from tanya add"
            first = process.stdout.readline()  # the first article is written
            assert first.startswith(f"added: {site.url('/jembatan')}")
            for _ in range(100):  # bounded: until the slow page is asked for
                if any(path == "/lambat" for path, _ in site.requests):
                    break
                time.sleep(0.05)
            process.send_signal(stop)
            out, err = process.communicate(timeout=60)
        finally:
            process.kill()  # no-op once it has ended
    assert process.returncode == status
    assert "Traceback" not in err
    assert out.splitlines() == [
        f"interrupted (the sources after these were not read): 1 added, 0 already in the archive, 0 failed; "
        f"the index of {archive} is up to date (1 article)"
    ]
    (added,) = archive.iterdir()  # no hidden temporary file left behind
    assert added.name.endswith(".txt") and not added.name.startswith(".")


def test_eval_warns_of_questions_naming_articles_the_corpus_lacks(seeds_dir, tmp_path, capsys):
    # H82: a typo'd "doc" (or the seed questions asked of another archive) printed hit@1
    # 0.000 for them without a word.
    path = tmp_path / "questions.jsonl"
    rows = [
        {"id": "typo", "question": "Siapa Pjs Bupati Bengkulu Selatan?", "answer": "Sisardi", "doc": "004_b8076227a415273"},
        {"id": "right", "question": "Siapa Pjs Bupati Bengkulu Selatan?", "answer": "Sisardi", "doc": "004_b8076227a415273f"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    status, out, err = tanya(capsys, "eval", "--questions", str(path), "--corpus", str(seeds_dir))
    assert status == 0 and "hit@1" in out
    assert err.splitlines() == [
        "tanya: warning: 1 of 2 questions name an article the corpus does not hold (typo: 004_b8076227a415273); each counts as a miss"
    ]
    status, _, err = tanya(capsys, "eval", "--questions", str(path), "--corpus", str(seeds_dir), "--unanswerable")
    assert status == 0 and "typo: 004_b8076227a415273" in err
    path.write_text(json.dumps(rows[1]) + "\n", encoding="utf-8")
    assert tanya(capsys, "eval", "--questions", str(path), "--corpus", str(seeds_dir))[2] == ""
