"""Lines with no end (a pipe from /dev/zero, a binary file named as questions) are read
with a bound on what is kept (H82: `tanya ask < /dev/zero` grew to 6 GB)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from retrieval.evaluate import load_seed_questions
from retrieval.lines import LINE_CHARS, BoundedLine, bounded_lines


@pytest.mark.parametrize(
    ("stream", "keep", "expected"),
    [
        ("satu\ndua\n", 10, [BoundedLine("satu", 4), BoundedLine("dua", 3)]),
        ("satu\r\ndua", 10, [BoundedLine("satu", 4), BoundedLine("dua", 3)]),  # no break at the end
        ("", 10, []),
        ("\n\n", 10, [BoundedLine("", 0), BoundedLine("", 0)]),
        ("abcdefghij\nk\n", 10, [BoundedLine("abcdefghij", 10), BoundedLine("k", 1)]),  # exactly keep: whole
        # One past: its first keep + 1 kept, the rest counted in chunks and dropped.
        ("abcdefghijkl\nk\n", 10, [BoundedLine("abcdefghijk", 12), BoundedLine("k", 1)]),
        ("x" * 200_000 + "\r\nk", 10, [BoundedLine("x" * 11, 200_000), BoundedLine("k", 1)]),
    ],
)
def test_a_line_is_kept_whole_up_to_the_bound_and_measured_past_it(stream, keep, expected):
    lines = list(bounded_lines(io.StringIO(stream), keep))
    assert lines == expected
    assert [line.cut for line in lines] == [line.length > keep for line in expected]


def test_a_reader_that_stops_at_a_long_line_reads_no_more_of_it():
    stream = io.StringIO("x" * 100 + "\nnext\n")
    line = next(bounded_lines(stream, 10, measure=False))
    assert (line.text, line.cut) == ("x" * 10, True)
    assert stream.tell() == 11  # the rest of the line is not read


def test_a_question_file_with_an_endless_line_is_refused_naming_it(tmp_path):
    path = tmp_path / "questions.jsonl"
    path.write_text(json.dumps({"question": "Siapa?"}) + "\n" + "x" * (LINE_CHARS + 5), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"questions.jsonl:2: a line of more than {LINE_CHARS:,} characters"):
        load_seed_questions(path)


@pytest.mark.parametrize("command", [["ask"], ["ask", "--json"], ["chat"]])
def test_a_piped_line_past_the_bound_is_refused_with_its_length_and_the_next_is_answered(seeds_dir, command):
    from bot.presenter import text
    from retrieval.search import MAX_QUESTION_CHARS

    endless = "siapa " * (LINE_CHARS // 3)  # twice the bound, no break until its end
    typed = endless + "\nSiapa Pjs Bupati Bengkulu Selatan?\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", *command, "--corpus", str(seeds_dir)],
        input=typed.encode(), capture_output=True, timeout=120,
    )
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    # ask counts the whole line; the chat, which keeps only its start, says that start's length.
    length = len(endless) if command[0] == "ask" else LINE_CHARS + 1
    assert text("id", "too_long", length=length, limit=MAX_QUESTION_CHARS) in out.replace("\\n", "\n")
    assert "Sisardi" in out


def test_a_byte_order_mark_opening_the_stream_is_no_text():
    # Only the stream's opening one: the console echoed it after the prompt (H98).
    lines = list(bounded_lines(io.StringIO("\ufeffSiapa?\n\ufeffApa?\n")))
    assert [(line.text, line.length) for line in lines] == [("Siapa?", 6), ("\ufeffApa?", 5)]
