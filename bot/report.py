"""The editors' report on the questions log: what readers ask, and what the archive
could not answer.

``build_report`` reads the log once into a ``Report`` (counts only); ``report_lines``
writes it as a plain-text table in the reader's language, the same for ``tanya report``
and the admins' /stats in Telegram; ``save_plot`` draws questions and the answered share
per day (matplotlib, the optional ``plot`` extra).

Unanswered questions are grouped by their content words as the search analyzer sees
them (question words and stop words dropped, words stemmed, an abbreviation and its long
form one concept), so "Siapa Pjs Bupati Bengkulu Selatan?" and "siapa pjs bupati
bengkulu selatan" are one gap in the archive, counted together.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from bot.presenter import text
from bot.questions_log import LoggedQuestion, QuestionsLog
from retrieval.analysis import Analyzer

# Rows in each "most ..." table.
TOP = 10
# The question shown for a group is cut to this many characters.
QUESTION_CHARS = 70
SPACES_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Day:
    day: date
    asked: int
    answered: int


@dataclass(frozen=True)
class Gap:
    """Unanswered questions sharing their content words: how often, and the wording
    asked most."""

    words: str
    count: int
    example: str


@dataclass(frozen=True)
class Report:
    days: tuple[Day, ...]
    most_asked: tuple[tuple[str, int], ...]
    unanswered: tuple[Gap, ...]
    most_cited: tuple[tuple[str, int], ...]
    helpful: int
    unhelpful: int

    @property
    def asked(self) -> int:
        return sum(day.asked for day in self.days)

    @property
    def answered(self) -> int:
        return sum(day.answered for day in self.days)


def normalized(question: str) -> str:
    """A question as counted for "most asked": case, spacing and end punctuation aside."""
    return SPACES_RE.sub(" ", question).strip().rstrip("?!.").strip().casefold()


def content_words(question: str, analyzer: Analyzer) -> str:
    """What an unanswered question is about: one term per concept, sorted, so word order
    and the choice between an abbreviation and its long form do not split a group."""
    concepts = analyzer.analyze_question(question).concepts
    words = sorted({min(concept) for concept in concepts if concept})
    return " ".join(words) or normalized(question)


def build_report(log: QuestionsLog, since: datetime | None = None, analyzer: Analyzer | None = None) -> Report:
    questions = list(log.questions(since))
    helpful, unhelpful = log.feedback_counts(since)
    return summarize(questions, helpful, unhelpful, analyzer or Analyzer())


def summarize(questions: Sequence[LoggedQuestion], helpful: int, unhelpful: int, analyzer: Analyzer) -> Report:
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    asked: Counter[str] = Counter()
    cited: Counter[str] = Counter()
    gaps: dict[str, Counter[str]] = defaultdict(Counter)
    # A log repeats its questions ("siapa pjs bupati?" a hundred times a day): each
    # wording is analysed once, where 200,000 unanswered rows each analysed took 46 s.
    about: dict[str, str] = {}
    for entry in questions:
        counts = per_day[entry.asked_at.date()]
        counts[0] += 1
        counts[1] += entry.answered
        asked[normalized(entry.question)] += 1
        if entry.answered:
            cited[entry.title or entry.doc_id or "?"] += 1
        else:
            wording = normalized(entry.question)
            if wording not in about:
                about[wording] = content_words(entry.question, analyzer)
            gaps[about[wording]][wording] += 1
    unanswered = sorted(
        (Gap(words, sum(wordings.values()), wordings.most_common(1)[0][0]) for words, wordings in gaps.items()),
        key=lambda gap: (-gap.count, gap.words),
    )
    return Report(
        days=tuple(Day(day, a, b) for day, (a, b) in sorted(per_day.items())),
        most_asked=_top(asked),
        unanswered=tuple(unanswered[:TOP]),
        most_cited=_top(cited),
        helpful=helpful,
        unhelpful=unhelpful,
    )


def _top(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    # Ties in alphabetical order, so the same log always gives the same table.
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP])


def share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def report_lines(report: Report, language: str, since: datetime | None = None) -> list[str]:
    """The report as lines of plain text (a fixed-width font lines the columns up)."""
    lines = [text(language, "report_title", since=since.date().isoformat() if since else text(language, "report_all_time"))]
    if not report.asked:
        # "since" a date: there may be questions before it.
        empty = text(language, "report_empty_since", since=since.date().isoformat()) if since else text(language, "report_empty")
        return lines + [empty]
    lines.append(text(language, "report_totals", asked=report.asked, answered=report.answered, share=share(report.answered, report.asked)))
    lines += ["", text(language, "report_per_day"), f"{'':10}  {text(language, 'report_asked'):>8}  {text(language, 'report_answered'):>8}"]
    lines += [f"{day.day.isoformat():10}  {day.asked:>8}  {share(day.answered, day.asked):>8}" for day in report.days]
    lines += ["", text(language, "report_most_asked")]
    lines += [f"{count:>5}  {_cut(question)}" for question, count in report.most_asked]
    lines += ["", text(language, "report_unanswered")]
    lines += [f"{gap.count:>5}  {_cut(gap.words)}: \"{_cut(gap.example)}\"" for gap in report.unanswered] or ["    -"]
    lines += ["", text(language, "report_cited")]
    lines += [f"{count:>5}  {_cut(title)}" for title, count in report.most_cited] or ["    -"]
    lines += ["", text(language, "report_feedback", up=report.helpful, down=report.unhelpful)]
    return lines


def _cut(value: str) -> str:
    return value if len(value) <= QUESTION_CHARS else value[: QUESTION_CHARS - 1] + "…"


def save_plot(report: Report, path: Path) -> None:
    """Questions per day (bars) and the share answered (a line) as a PNG. ImportError
    when matplotlib is not installed (the ``plot`` extra)."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed: a file is drawn
    import matplotlib.pyplot as plt

    days = [day.day for day in report.days]
    figure, questions = plt.subplots(figsize=(8, 4))
    # Dates on the x axis, through matplotlib's unit converters: its stubs type the data
    # as numbers only (matplotlib/matplotlib#27140), hence the two ignores.
    questions.bar(days, [day.asked for day in report.days], color="#9ab", label="questions")  # type: ignore[arg-type]
    questions.set_ylabel("questions per day")
    answered = questions.twinx()
    answered.plot(days, [day.answered / day.asked for day in report.days], color="#c40", marker="o", label="answered")  # type: ignore[arg-type]
    answered.set_ylim(0, 1)
    answered.set_ylabel("share answered")
    questions.set_title("tanya: questions and share answered per day")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path, format="png")
    plt.close(figure)


def parse_since(value: str | None) -> datetime | None:
    """``--since YYYY-MM-DD`` as the start of that day, UTC."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--since must be a date as YYYY-MM-DD, not {value!r}") from None
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)

