"""The questions log (SQLite) and the editors' report built from it: ``tanya report``."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.cli import main
from bot.questions_log import Feedback, LoggedQuestion, QuestionsLog
from bot.report import build_report, content_words, normalized, report_lines
from retrieval.analysis import Analyzer

ROOT = Path(__file__).resolve().parent.parent
DAY = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
ANSWERED = ("Siapa Pjs Bupati Bengkulu Selatan?", "001_8b19b7e41f79d3d6", "Pimpin Apel Pagi, Ini Pesan Pjs Bupati BS pada ASN")


def asked(question: str, when: datetime = DAY, answered: bool = False, user_id: int | None = None) -> LoggedQuestion:
    doc_id, title = (ANSWERED[1], ANSWERED[2]) if answered else (None, None)
    return LoggedQuestion(when, "private", "id", question, answered, doc_id, title, user_id)


@pytest.fixture
def log(tmp_path) -> QuestionsLog:
    return QuestionsLog(tmp_path / "nested" / "questions.sqlite3")


def fill(log: QuestionsLog, days: int = 3, per_day: int = 100) -> None:
    """``per_day`` questions a day: two in five answered, the rest a few recurring gaps."""
    gaps = ["Berapa harga cabai di Pasar Sekayu?", "berapa harga cabai di pasar sekayu", "Kapan jembatan Musi VI selesai?", "Siapa juara MTQ Palembang?"]
    for day in range(days):
        for i in range(per_day):
            when = DAY + timedelta(days=day, minutes=i)
            if i % 5 < 2:
                log.record(asked(ANSWERED[0], when, answered=True))
            else:
                log.record(asked(gaps[i % len(gaps)], when))


def test_questions_are_kept_as_written_in_plain_sqlite(log):
    number = log.record(asked("Siapa Pjs Bupati OKU Timur?", answered=True))
    assert log.record_feedback(Feedback(number, False))
    assert not log.record_feedback(Feedback(number + 99, True)), "a forged button records nothing"
    with sqlite3.connect(log.path) as connection:
        row = connection.execute("SELECT asked_at, chat_kind, language, question, answered, doc_id, user_id FROM questions").fetchone()
    assert row == ("2026-11-02T09:30:00+00:00", "private", "id", "Siapa Pjs Bupati OKU Timur?", 1, ANSWERED[1], None)
    assert log.feedback_counts() == (0, 1)


def test_report_counts_days_answered_share_gaps_citations_and_feedback(log):
    fill(log)
    first = log.record(asked(ANSWERED[0], DAY, answered=True))
    log.record_feedback(Feedback(first, True))
    report = build_report(log)
    assert [(d.day.isoformat(), d.asked, d.answered) for d in report.days] == [
        ("2026-11-02", 101, 41), ("2026-11-03", 100, 40), ("2026-11-04", 100, 40),
    ]
    assert report.most_asked[0] == (normalized(ANSWERED[0]), 121)
    top_gap = report.unanswered[0]
    # Two wordings of one question are one gap.
    assert top_gap.count == 90 and top_gap.example == "berapa harga cabai di pasar sekayu"
    assert report.most_cited == ((ANSWERED[2], 121),)
    assert (report.helpful, report.unhelpful) == (1, 0)
    lines = report_lines(report, "en")
    assert "301 questions, 121 answered (40%)" in lines
    assert any(line.startswith("   90  ") and "cabai" not in line.split(":")[0] for line in lines)


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", "bupati bengkulu selatan pjs siapa", True),
        ("Siapa Pjs Bupati Bengkulu Selatan?", "Siapa Pejabat Sementara Bupati BS?", True),
        ("Berapa harga cabai?", "Berapa harga bawang?", False),
    ],
)
def test_unanswered_questions_group_by_their_content_words(one, other, same):
    analyzer = Analyzer()
    assert (content_words(one, analyzer) == content_words(other, analyzer)) is same


def test_since_keeps_the_later_days(log):
    fill(log, days=3, per_day=10)
    report = build_report(log, DAY + timedelta(days=2) - timedelta(hours=DAY.hour, minutes=DAY.minute))
    assert [d.day.isoformat() for d in report.days] == ["2026-11-04"]


def test_tanya_report_prints_the_table_and_draws_the_plot(log, tmp_path, capsys):
    fill(log, days=3, per_day=100)
    plot = tmp_path / "questions.png"
    assert main(["report", "--questions-log", str(log.path), "--since", "2026-11-03", "--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    assert "tanya questions report (since 2026-11-03)" in out and "200 questions, 80 answered (40%)" in out
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_days_no_date_axis_can_hold_refuse_the_plot_in_one_line_after_the_table(log, tmp_path, capsys):
    # A row dated by hand at the end of time: the table holds it, matplotlib's date axis cannot (H40).
    log.record(asked(ANSWERED[0], DAY, answered=True))
    log.record(asked(ANSWERED[0], datetime(9999, 12, 31, 10, tzinfo=timezone.utc)))
    plot = tmp_path / "questions.png"
    assert main(["report", "--questions-log", str(log.path), "--plot", str(plot)]) == 2
    captured = capsys.readouterr()
    assert "2 questions" in captured.out
    assert captured.err.startswith("tanya: cannot draw the plot of days 2026-11-02 to 9999-12-31") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_a_report_since_a_day_after_the_last_question_says_since(log, capsys):
    # Not "no questions logged yet": the log holds some, before that day.
    fill(log, days=3, per_day=10)
    assert main(["report", "--questions-log", str(log.path), "--since", "9999-12-31"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "No questions logged since 9999-12-31."


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--since", "yesterday"], "--since must be a date as YYYY-MM-DD"),
        (["--questions-log", "off"], "the questions log is off"),
        (["--questions-log", "{missing}"], "no questions log at"),
        (["--questions-log", "{folder}"], "is a directory: name the log file"),  # H95: "no questions log at"
    ],
)
def test_report_errors_are_one_line_and_status_2(arguments, says, tmp_path, capsys):
    (tmp_path / "logs").mkdir()
    arguments = [a.replace("{missing}", str(tmp_path / "none.sqlite3")).replace("{folder}", str(tmp_path / "logs")) for a in arguments]
    assert main(["report", *arguments]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1
    assert not (tmp_path / "none.sqlite3").exists(), "a report never creates a log"


def test_report_leaves_another_programs_sqlite_file_as_it_was(tmp_path, capsys):
    """Pointed at a database that is not a questions log, the report says so in one
    line and adds nothing to it: no tables, no journal."""
    foreign = tmp_path / "inventory.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE items (name TEXT)")
    connection.close()
    before = foreign.read_bytes()
    assert main(["report", "--questions-log", str(foreign)]) == 2
    err = capsys.readouterr().err
    assert "is not a questions log" in err and err.count("\n") == 1
    assert foreign.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["inventory.sqlite3"]


def test_report_reads_the_default_log_under_the_user_data_directory(tmp_path):
    from bot.settings import default_questions_log

    QuestionsLog(default_questions_log()).record(asked("Siapa juara MTQ?"))
    done = subprocess.run([sys.executable, "-m", "bot", "report", "--lang", "id"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "1 pertanyaan, 0 terjawab (0%)" in done.stdout


def test_one_vote_per_voter_and_answer_the_last_one_counting(log):
    question = log.record(asked(ANSWERED[0], answered=True))
    for helpful in (True,) * 15:  # pressing 👍 again and again
        assert log.record_feedback(Feedback(question, helpful, voter="a"))
    assert log.feedback_counts() == (1, 0)
    assert log.record_feedback(Feedback(question, False, voter="a"))  # changed their mind
    assert log.feedback_counts() == (0, 1)
    assert log.record_feedback(Feedback(question, True, voter="b"))  # another voter counts apart
    assert log.feedback_counts() == (1, 1)
    other = log.record(asked("Siapa Sekda Rejang Lebong?", answered=True))
    assert log.record_feedback(Feedback(other, True, voter="a"))  # and so does another answer
    assert log.feedback_counts() == (2, 1)
    assert not log.record_feedback(Feedback(999_999, True, voter="a")), "a forged button's question"


def test_a_log_from_before_voters_gains_them_and_keeps_its_votes(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(
            "CREATE TABLE questions (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL, chat_kind TEXT NOT NULL,"
            " language TEXT NOT NULL, question TEXT NOT NULL, answered INTEGER NOT NULL, doc_id TEXT, title TEXT, user_id INTEGER);"
            "CREATE TABLE feedback (question_id INTEGER NOT NULL, helpful INTEGER NOT NULL, given_at TEXT NOT NULL);"
            "INSERT INTO questions VALUES (1, '2026-11-02T09:30:00+00:00', 'private', 'id', 'q', 1, NULL, NULL, NULL);"
            "INSERT INTO feedback VALUES (1, 1, '2026-11-02T09:31:00+00:00'), (1, 1, '2026-11-02T09:32:00+00:00');"
        )
    old.close()
    log = QuestionsLog(path)
    assert log.feedback_counts() == (2, 0), "the votes from before are kept as they were"
    assert log.record_feedback(Feedback(1, False, voter="a")) and log.record_feedback(Feedback(1, False, voter="a"))
    assert log.feedback_counts() == (2, 1)
    log.close()
    assert QuestionsLog(path).feedback_counts() == (2, 1), "opened again: nothing more to add"


def test_two_processes_opening_one_log_from_before_voters_at_once_both_open(tmp_path):
    """The other process (here a plain connection) is adding the voter column when this
    one opens the log: this one waits for it and finds the column, rather than adding it
    again ("duplicate column name") and failing to start. The pause only gives this one
    time to look at the columns before the other commits; the test passes however the
    two are ordered when the look is one transaction with the change."""
    import threading
    import time

    from bot.questions_log import SCHEMA

    path = tmp_path / "old.sqlite3"
    old_schema = SCHEMA.replace(",\n    voter TEXT", "\n    --")
    assert "voter TEXT" not in old_schema, "the schema of a log from before voters"
    with sqlite3.connect(path) as old:
        old.execute("PRAGMA journal_mode=WAL")
        old.executescript(old_schema)
    old.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("ALTER TABLE feedback ADD COLUMN voter TEXT")
    opened: list[object] = []
    thread = threading.Thread(target=lambda: opened.append(_open_or_error(path)))
    thread.start()
    time.sleep(1.0)
    other.execute("CREATE UNIQUE INDEX feedback_voter ON feedback (question_id, voter)")
    other.execute("COMMIT")
    thread.join(timeout=30)
    other.close()
    assert len(opened) == 1 and isinstance(opened[0], QuestionsLog), opened
    opened[0].close()


def _open_or_error(path: Path) -> object:
    try:
        return QuestionsLog(path)
    except Exception as error:  # noqa: BLE001 - the test reports what opening raised
        return error


def test_a_very_long_question_is_one_short_line_in_every_table(log):
    """Its content words ran to 3,000 characters under "could not answer" (H92)."""
    long = " ".join(f"kata{i} pemilihan" for i in range(200))
    log.record(asked(long))
    log.record(asked(long, answered=True))
    lines = report_lines(build_report(log), "en")
    assert max(len(line) for line in lines) < 200, max(lines, key=len)[:120]


@pytest.mark.parametrize("plot", ["", "  "])
def test_an_empty_plot_path_is_refused_not_taken_for_the_working_directory(log, plot, capsys):
    # "--plot "$OUT"" with OUT unset said "cannot write the plot .: Is a directory" (helper-106).
    with pytest.raises(SystemExit) as stopped:
        main(["report", "--questions-log", str(log.path), "--plot", plot])
    assert stopped.value.code == 2
    assert "argument --plot: is empty: give a path" in capsys.readouterr().err
