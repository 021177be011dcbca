"""The ``tanya`` command: ask, add, chat, telegram, eval."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import importlib.util
import re
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from bot.bundled import seed_questions, version
from bot.collector import collect_rarely
from bot.logs import configure_logging
from bot.policy import CHAT_COMMANDS, SmallTalk, too_long, turn, typed_command
from bot.presenter import choose_language, present_answer, present_small_talk_command_line, text, visible
from bot.render import render_terminal, use_color
from bot.settings import ServiceUnreachable, Settings, SettingsError, add_options, is_bundled
from retrieval.corpus import CorpusError
from retrieval.lines import BoundedLine, bounded_lines

if TYPE_CHECKING:
    from retrieval.corpus import Document
    from retrieval.decision import Decision
    from retrieval.evaluate import EvalQuestion
    from retrieval.library import Library
    from retrieval.search import Searcher
    from retrieval.store import UpdateReport

logger = logging.getLogger("tanya")

# DEL and the C1 controls, which json.dumps leaves as they are.
C1_CONTROLS_RE = re.compile(r"[\x7f-\x9f]")
# A refused question longer than this is echoed by its start only.
ECHO_CHARS = 100
# Question groups ``tanya eval --unanswerable`` removes together: the index is rebuilt
# at most this often.
DEFAULT_GROUPS = 20
# The most index bytes `tanya ask` hashes before it answers (_damage_marked): a small
# archive's in a blink (32 MB, some 50,000 paragraphs: about 50 ms here; a 100,000
# paragraphs' index of 57 MB took 77-96 ms); a million paragraphs' would cost seconds.
ASK_CHECK_BYTES = 32_000_000


class OneLineParser(argparse.ArgumentParser):
    """Bad usage: one line on standard error and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _given_path(value: str) -> Path:
    """An option's path, refused empty: Path("") is the working directory ("--plot
    "$OUT"" with OUT unset said "cannot write the plot .: Is a directory")."""
    if not value.strip():
        raise argparse.ArgumentTypeError("is empty: give a path")
    return Path(value.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="tanya", description="Ask Indonesian news; answers come as cited excerpts.")
    parser.add_argument("--version", action="version", version=f"tanya {version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    ask = commands.add_parser("ask", help="answer questions given as arguments, or one per line on standard input")
    ask.add_argument("questions", nargs="*", metavar="QUESTION")
    ask.add_argument("--json", action="store_true", help="one JSON object per question, one per line")
    add_options(ask, "corpus", "index_dir", "top_k", "no_color", "strictness", "ray", "shards")

    add = commands.add_parser("add", help="add articles to the corpus: files, folders, article URLs, RSS/Atom feed URLs")
    add.add_argument("sources", nargs="+", metavar="SOURCE", help="a .txt/.md/.html/.htm/.pdf file, a folder of them, an article URL or a feed URL")
    add.add_argument(
        "--refresh", action="store_true",
        help="fetch article URLs the archive holds again, and write a newer version over the one held",
    )
    add_options(add, "corpus", "index_dir", "ray", "shards")

    chat = commands.add_parser("chat", help="chat in the terminal")
    add_options(
        chat, "corpus", "index_dir", "top_k", "history_file", "no_color", "strictness", "feeds", "feed_interval", "watch_interval", "lang", "ray", "shards"
    )

    telegram = commands.add_parser("telegram", help="run the Telegram bot")
    add_options(
        telegram, "corpus", "index_dir", "top_k", "token", "token_file", "api_base_url", "admin_ids",
        "webhook_url", "listen", "port", "secret_token", "rate_limit", "retry_seconds", "search_timeout", "log_level", "strictness",
        "feeds", "feed_interval", "watch_interval", "ray", "shards",
        "allowed_chats", "questions_log", "log_user_ids",
    )

    evaluate = commands.add_parser("eval", help="measure answers on a question set, beside plain rank-bm25")
    evaluate.add_argument("--questions", type=Path, default=None, help="seed-style question file (default: the bundled seed questions, tests/data/seed_questions.jsonl)")
    evaluate.add_argument("--facqa", type=Path, default=None, metavar="DIR", help="FacQA directory (facqa_passages.jsonl, facqa_questions.jsonl)")
    evaluate.add_argument("--split", choices=("dev", "test", "all"), default=None, help="with --facqa: FacQA split (default: test)")
    evaluate.add_argument(
        "--unanswerable", action="store_true",
        help="ask each question again of the corpus less the passages (FacQA) or article (--questions) that answer it",
    )
    evaluate.add_argument("--groups", type=int, default=None, help=f"with --unanswerable: questions removed together, so the index is rebuilt at most this often (default: {DEFAULT_GROUPS})")
    evaluate.add_argument(
        "--english", type=Path, default=None, metavar="FILE",
        help="with --facqa: FacQA questions translated to English (question, question_id, answers, relevant_passage_ids), measured beside the same questions in Indonesian",
    )
    evaluate.add_argument("--add-facqa", type=Path, default=None, metavar="DIR", help="add every FacQA passage to the corpus, one document each")
    add_options(evaluate, "corpus", "strictness")

    report = commands.add_parser("report", help="the editors' report on the questions the Telegram bot was asked")
    report.add_argument("--since", default=None, metavar="DATE", help="only questions asked from this day on (YYYY-MM-DD, UTC)")
    report.add_argument("--plot", type=_given_path, default=None, metavar="FILE", help="also draw questions and share answered per day as a PNG (needs the plot extra)")
    add_options(report, "questions_log", "lang")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.error("a command is required: ask, add, chat, telegram, eval or report")
    _usable_streams()
    collect_rarely()
    if args.command != "telegram":  # the bot sets up logging itself, once it has read the token to redact
        configure_logging()
    try:
        settings = Settings.from_sources(args)
        if args.command == "ask":
            return _merged(ask(args, settings))
        if args.command == "eval":
            return evaluate(args, settings)
        if args.command == "add":
            with _terminated_as_interrupted() as terminated:
                status = _merged(add_articles(args, settings))
            return 128 + signal.SIGTERM if terminated and status == 130 else status
        if args.command == "report":
            return report(args, settings)
        if args.command in ("chat", "telegram") and settings.feeds:
            _changeable(settings.corpus, "--feed / TANYA_FEEDS adds the articles it finds to the archive: name it")
        if args.command == "chat":
            from bot.console import run_chat

            return run_chat(settings)
        if args.command == "telegram":
            from bot.telegram_app import run_bot

            return run_bot(settings)
    except (SettingsError, CorpusError) as error:
        print(f"tanya: {visible(str(error))}", file=sys.stderr)
        return 2
    except ServiceUnreachable as error:
        print(f"tanya: {visible(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Whoever read the output has gone (`tanya ask ... | head`): nothing is left to
        # say. Python flushes standard output at exit; devnull keeps that quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        return _failed(error)
    return 2


@contextlib.contextmanager
def _terminated_as_interrupted() -> Iterator[list[int]]:
    """SIGTERM (cron's ``timeout``, a service manager) taken as Ctrl-C while the block
    runs: the add stops where it is, says what it added, and indexes it, where the
    signal ended it without a word. The list holds the signal once one came."""
    came: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield came
        return

    def interrupt(number: int, frame: object) -> None:
        came.append(number)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield came
    finally:
        signal.signal(signal.SIGTERM, previous)


def _merged(status: int) -> int:
    """``status``, once the index merges this command started have run: a background
    merge dies with the process, so an archive fed only by ``tanya add`` from cron piled
    up segments (every start reading them all) whose merge each add began and lost.
    Ctrl-C while waiting gives the merge up; the index stands as it was."""
    from retrieval.store import wait_for_merges

    try:
        wait_for_merges()
    except KeyboardInterrupt:
        return 130
    return status


def _usable_streams() -> None:
    """Run from cron or a service manager with a standard stream closed, Python has None
    there; reading nothing and writing nowhere beats a crash. Standard output in an
    encoding short of UTF-8 (PYTHONIOENCODING=ascii, a Latin-1 locale) shows what it
    cannot encode as "?" rather than stopping at the first such letter."""
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")


def _failed(error: OSError) -> int:
    """An operating-system error no step made a message of (a full disk under standard
    output, a directory tanya may not enter): one line on standard error, status 1."""
    where = ""
    try:
        sys.stdout.flush()  # the answers already printed still go out
    except OSError:
        where = "cannot write the output: "
        try:  # Python flushes standard output again at exit: let that go nowhere, quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    reason = f"{error.strerror}: {error.filename}" if error.filename else error.strerror or str(error)
    try:
        print(f"tanya: {where}{visible(reason)}", file=sys.stderr)
    except OSError:
        pass  # standard error failing too: the exit status is all that is left to say it
    return 1


def _questions(arguments: Sequence[str], stdin: TextIO) -> Iterable[BoundedLine]:
    """Every argument is a question, empty ones too; on standard input, every line that
    is not blank, of a line too long to be a question only enough to refuse it."""
    if arguments:
        yield from (BoundedLine(argument, len(argument)) for argument in arguments)
        return
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")  # stray bytes must not end the run
    for line in bounded_lines(stdin):
        if line.cut:
            yield line
        elif line.text.strip():
            question = line.text.strip().lstrip("\ufeff")
            yield BoundedLine(question, len(question))


def json_line(value: object) -> str:
    """``value`` as one line of JSON, every control character escaped: ``json.dumps``
    escapes C0 controls but writes C1 ones (U+0080-U+009F, 8-bit terminal escapes) and
    DEL as they are. Outside strings JSON is ASCII, so escaping them is still JSON."""
    return C1_CONTROLS_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def ask(args: argparse.Namespace, settings: Settings) -> int:
    from retrieval.decision import ModelDecision
    from retrieval.search import MAX_QUESTION_CHARS, Searcher

    from retrieval.corpus import counting_skipped

    from retrieval.corpus import EmptyCorpus

    try:
        with counting_skipped():  # one line counting the files skipped, once, at start
            library = _open_archive(settings)
    except EmptyCorpus:
        # A new archive is no bad setting (status 2): nothing can be answered from it yet.
        print(f"tanya: {visible(empty_archive(settings.corpus))}", file=sys.stderr)
        return 1
    searcher = Searcher(library, decision=ModelDecision.bundled(settings.strictness))
    color = use_color(sys.stdout, settings.no_color)
    first = True
    for line in _questions(args.questions, sys.stdin):
        question = line.text
        if not first and not args.json:
            print()  # a blank line between one question's answers and the next
        first = False
        # A line too long is refused whole (as the console and the bot do), whatever command it starts with.
        command = None if too_long(line.length) else typed_command(question)
        if command is not None:
            name, rest = command
            if name not in ("/ask", "/help", "/start"):
                # A chat's command ("/full", "/more") is no question: searched, "/full" had
                # the word "full" answered with two cited paragraphs.
                said = "chat_command" if name in CHAT_COMMANDS else "ask_unknown_command"
                language = choose_language(searcher.analyzer.language_of(rest))  # "/foo who is ...": English
                _refuse(question, language, text(language, said, command=visible(name)), args.json)
                continue
            question = rest if name == "/ask" else ""  # /ask as the chats take it: the question after it
        decided = turn(question, length=line.length)
        if decided.kind == "too_long":
            # In the question's language, as its answers would be (told from its start).
            language = choose_language(searcher.analyzer.language_of(question[:MAX_QUESTION_CHARS]))
            _refuse(question, language, text(language, "too_long", length=decided.length, limit=MAX_QUESTION_CHARS), args.json)
            continue
        if decided.kind != "questions":  # "halo", "help", "thanks": not a question about the news
            # An empty argument says as little as "?": what the bot is for, not a search.
            _small_talk(question or line.text, decided.small_talk or SmallTalk("help", None), args.json, color)
            continue
        # Several questions on a line are answered one by one, as the chats answer them:
        # searched together, neither was answered.
        for number, part in enumerate(decided.questions):
            if number and not args.json:
                print()
            _answer(searcher, part.text, settings.top_k, args.json, color)
        if decided.left:
            language = choose_language(searcher.analyzer.language_of(question))
            if not args.json:
                print()
            _refuse(question, language, text(language, "questions_left", answered=len(decided.questions), asked=decided.asked), args.json)
    return 0


def _answer(searcher: Searcher, question: str, top_k: int, as_json: bool, color: bool) -> None:
    """Print the answers to one question, or why there are none."""
    from retrieval.shards import ShardUnavailable

    try:
        result = searcher.ask(question, top_k=top_k)
    except ShardUnavailable:
        # Never a partial answer: say so, in the question's language, and go on.
        language = choose_language(searcher.analyzer.language_of(question))
        _refuse(question, language, text(language, "archive_unavailable"), as_json)
        return
    if as_json:
        print(json_line(result.to_json()), flush=True)
        return
    # Imported here: --json needs none of the console's modules (feeds, ingest).
    from bot.console import visible_message

    print(f"? {visible(question)}")
    language = choose_language(result.language)
    if not result.answers:
        print(render_terminal(visible_message(present_answer(result, language, command_line=True)), color))
    for position in range(len(result.answers)):
        print(f"\n[{position + 1}] " + render_terminal(visible_message(present_answer(result, language, position)), color))


def _warn_unknown_gold(questions: Sequence[EvalQuestion], documents: Sequence[Document]) -> None:
    """One line on standard error when questions name articles the corpus lacks: their
    misses say nothing of the ranking (a typo'd "doc", or the seed questions asked of
    another archive, printed hit@1 0.000 without a word)."""
    from retrieval.evaluate import unknown_gold

    unknown = unknown_gold(questions, documents)
    if unknown:
        named = ", ".join(f"{q.id}: {doc_id}" for q, doc_id in unknown[:3]) + (", ..." if len(unknown) > 3 else "")
        print(
            f"tanya: warning: {len(unknown)} of {len(questions)} questions name an article the corpus does not hold ({named}); "
            "each counts as a miss",
            file=sys.stderr,
        )


def empty_archive(corpus: Path) -> str:
    """What ``tanya ask`` says of a corpus directory with no readable article in it."""
    return f"the archive {corpus} is empty (no readable articles): add articles with tanya add"


def _small_talk(question: str, talk: SmallTalk, as_json: bool, color: bool) -> None:
    """The reply to small talk given to ``tanya ask``: as the chats would greet, then how
    to ask here; in JSON, a line with no answers that says which small talk it was."""
    from bot.console import visible_message

    language = choose_language(talk.language)
    message = present_small_talk_command_line(talk.kind, language)
    if as_json:
        said = " ".join(segment.text for line in message.lines for segment in line)
        print(json_line({"question": question, "language": language, "answers": [], "small_talk": talk.kind, "message": said}), flush=True)
        return
    print(f"? {visible(question)}\n" + render_terminal(visible_message(message), color), flush=True)


def _refuse(question: str, language: str, message: str, as_json: bool) -> None:
    """A question not answered, and why (said in ``language``): a JSON line with an
    ``error``, or the question (its start, when it is too long to echo) and the message."""
    if as_json:
        print(json_line({"question": question, "language": language, "answers": [], "error": message}), flush=True)
        return
    shown = question if len(question) <= ECHO_CHARS else question[:ECHO_CHARS] + "…"
    print(f"? {visible(shown)}\n{message}", flush=True)


def _open_archive(settings: Settings) -> Library:
    """The corpus's library: in this process, or sharded over a Ray cluster (--ray)."""
    if settings.ray is not None:
        from bot.service import open_sharded

        return open_sharded(settings.corpus, settings.index_dir, settings.ray, settings.shards)
    from retrieval.store import update_library

    # The bundled seeds/ are never written to, not even a record of what left them.
    opened = partial(update_library, settings.corpus, settings.index_dir, progress=sys.stderr.isatty(), record_removed=not is_bundled(settings.corpus))
    library, report = opened()
    return opened()[0] if _damage_marked(report) else library


def _damage_marked(report: UpdateReport) -> bool:
    """Whether the index just loaded had files damaged on disk, now marked so that the
    next load hashes them and rebuilds: a start takes its files on their size and time,
    and the bot and the console hash them after their start, beside the questions;
    `tanya ask` has no after, and answered from bit rot without a word. It hashes them
    first when they are at most ASK_CHECK_BYTES (a million paragraphs' index is taken on
    trust, its start kept under half a second)."""
    from retrieval.cache_files import damaged_files, index_bytes, mark_damaged, unmarkable_damage_said

    if report.rebuilt or report.home is None or report.generation is None:
        return False
    size = index_bytes(report.home, report.generation)
    if size is None or size > ASK_CHECK_BYTES:
        return False
    damaged = damaged_files(report.home, report.generation, set())
    if not damaged:
        return False
    if not mark_damaged(damaged):  # an index this user may not write: answered from as it is
        logger.warning("%s", unmarkable_damage_said(report.home, damaged))
        return False
    return True  # the load that follows names the damage in its one line, and rebuilds


def add_articles(args: argparse.Namespace, settings: Settings) -> int:
    """``tanya add``: each source added to the corpus, one line per article added,
    skipped or failed, a summary, and the index brought up to date. Exit status 0 when
    something was added or everything was in the archive already, 1 when nothing could
    be added, 2 for unusable settings, 130 when Ctrl-C stopped it (what was added by then
    is kept and indexed)."""
    from retrieval.corpus import counting_skipped
    from retrieval.ingest import MAX_FEED_ITEMS, Archive, add_sources
    from retrieval.cache_files import indexed_columns
    from retrieval.store import open_library, update_library

    corpus = settings.corpus
    _changeable(corpus, "name the archive to add to")
    if corpus.exists() and not corpus.is_dir():
        raise SettingsError(f"corpus path is not a directory: {visible(str(corpus))}")
    # A new archive is made by adding to it; ask and chat refuse a missing one (a typo),
    # so the add says it made one.
    new_archive = not corpus.exists()
    # Duplicates are told from the index's document columns (URLs, body wordings), read
    # from its segments without opening it; only a corpus not indexed yet is opened here.
    columns = indexed_columns(corpus, settings.index_dir)
    if columns is not None:
        archive = Archive.of_columns(corpus, columns)
    else:
        try:
            with counting_skipped():
                archive = Archive.of_library(corpus, open_library(corpus, settings.index_dir, progress=sys.stderr.isatty()))
        except CorpusError:
            archive = Archive(corpus)  # a new or empty archive
        except KeyboardInterrupt:
            print("interrupted while indexing the archive, before any source was read: nothing added")
            return 130
    counts = {"added": 0, "skipped": 0, "failed": 0, "unread": 0, "ignored": 0}
    retracted = 0  # of the skipped: removed by hand, listed by a feed still
    interrupted = False
    try:
        for outcome in add_sources(args.sources, archive, refresh=args.refresh):
            counts[outcome.status] += 1
            retracted += outcome.status == "skipped" and outcome.held is None
            print(f"{outcome.status}: {visible(outcome.source)}: {visible(outcome.detail)}", flush=True)
    except KeyboardInterrupt:
        # Ctrl-C stops the adding, not the bookkeeping: each article is renamed into
        # place whole, so those written are kept, counted and indexed below; the
        # archive's own list counts one placed just before its line could be printed.
        interrupted = True
        counts["added"] = len(archive.placed())
    removed = f", {retracted} removed by hand" if retracted else ""
    summary = f"{counts['added']} added, {counts['skipped'] - retracted} already in the archive{removed}, {counts['failed']} failed"
    if counts["unread"]:  # no failure: the exit status does not count them
        summary += f", {counts['unread']} feed{'' if counts['unread'] == 1 else 's'} read only to {MAX_FEED_ITEMS} items"
    if interrupted:
        summary = f"interrupted (the sources after these were not read): {summary}"
    if counts["added"]:
        quiet = logging.getLogger("retrieval.corpus")
        level = quiet.level
        if columns is None:
            quiet.setLevel(logging.ERROR)  # the skipped files were named when the archive was opened above
        try:
            with counting_skipped():
                library, update = update_library(corpus, settings.index_dir, progress=sys.stderr.isatty())  # indexes the new files
        except KeyboardInterrupt:
            # The articles are whole in the corpus; the index published before stands.
            print(f"interrupted while indexing: {summary}; the new articles are in {visible(str(corpus))}, and the next start or tanya add indexes them")
            return 130
        finally:
            quiet.setLevel(level)
        if settings.ray is not None:  # the new articles into the last shard, the statistics to every shard
            try:
                library = _open_archive(settings)
            except (ServiceUnreachable, SettingsError) as error:
                # The articles are in the archive all the same: said, with the summary (a
                # cluster refusing the token, too: 2, a setting to mend, not to retry).
                print(f"{summary}; {visible(str(error))}: its shards take them in at the next start with --ray")
                return 1 if isinstance(error, ServiceUnreachable) else 2
        count = len(library.documents)
        articles = f"{count} article{'' if count == 1 else 's'}"
        if update.cached:
            summary += f"; the index of {visible(str(corpus))} is up to date ({articles})"
        else:  # the cache could not be written (said above): the articles are in, the index is not
            summary += f"; the archive holds {articles}, its index could not be saved: the next start indexes them"
    if new_archive and corpus.is_dir():
        print(f"tanya: created the archive {visible(str(corpus))}: it did not exist", file=sys.stderr)
    print(summary)
    if interrupted:
        return 130
    return 0 if counts["added"] or not counts["failed"] else 1


def _changeable(corpus: Path, asking: str) -> None:
    """SettingsError when ``corpus`` is the bundled seeds/: part of the checkout or the
    installed package, never a place for new articles. ``asking`` starts the message."""
    if is_bundled(corpus):
        raise SettingsError(f"{asking} with --corpus DIR or TANYA_CORPUS (the bundled seeds/ are not changed)")


def report(args: argparse.Namespace, settings: Settings) -> int:
    """``tanya report``: the questions log as a table (and a plot), in --lang's language
    (English by default: it is for the newsroom's editors and operators)."""
    from bot.questions_log import read_only
    from bot.report import build_report, parse_since, report_lines, save_plot

    if settings.questions_log is None:
        raise SettingsError("the questions log is off (TANYA_QUESTIONS_LOG=off): there is nothing to report")
    try:
        since = parse_since(args.since)
    except ValueError as error:
        raise SettingsError(str(error)) from None
    if args.plot is not None and importlib.util.find_spec("matplotlib") is None:  # said before the report, not after it
        raise SettingsError(f"--plot needs matplotlib: {sys.executable} -m pip install 'matplotlib>=3.7'")
    summary = build_report(read_only(settings.questions_log), since)  # LogError: one line, status 2
    print("\n".join(visible(line) for line in report_lines(summary, settings.lang or "en", since)))
    if args.plot is not None:
        try:
            save_plot(summary, args.plot)
        except ImportError:
            raise SettingsError(f"--plot needs matplotlib: {sys.executable} -m pip install 'matplotlib>=3.7'") from None
        except OSError as error:
            raise SettingsError(f"cannot write the plot {args.plot}: {error.strerror or error}") from None
        except (ValueError, OverflowError) as error:
            # Days matplotlib cannot place on a date axis (a row dated 9999-12-31 by hand):
            # the table above stands; the plot is refused in one line, not a traceback.
            raise SettingsError(f"cannot draw the plot of days {summary.days[0].day} to {summary.days[-1].day}: {error}") from None
        print(f"plot: {args.plot}")
    return 0


def evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from retrieval.corpus import load_corpus
    from retrieval.decision import CoverageRule, ModelDecision
    from retrieval.evaluate import (
        load_facqa, load_seed_questions, load_translated, plain_bm25_system, report, report_languages, score, tanya_system,
    )
    from retrieval.library import Library
    from retrieval.search import Searcher
    from retrieval.years import as_of_latest

    # Options that do not go together: a usage error (status 2), not a file that cannot be read.
    if args.facqa and args.corpus:
        raise SettingsError("--facqa brings its own passages; leave out --corpus")
    if args.facqa and args.add_facqa:
        raise SettingsError("--add-facqa adds FacQA's passages to a seed-style corpus; with --facqa they are there already")
    # An option that would be ignored is a mistake worth saying: the figures printed
    # would not be of what was asked.
    if args.facqa and args.questions:
        raise SettingsError("--questions and --facqa are two question sets: give one")
    if args.split is not None and not args.facqa:
        raise SettingsError("--split chooses FacQA's questions: give --facqa DIR too")
    if args.split is not None and args.english:
        raise SettingsError("--english asks its own questions of every FacQA passage: leave out --split")
    if args.groups is not None and not args.unanswerable:
        raise SettingsError("--groups says how --unanswerable removes answers: give --unanswerable too")
    if args.groups is not None and args.groups < 1:
        raise SettingsError("--groups must be at least 1")
    split = args.split or "test"
    groups = args.groups or DEFAULT_GROUPS
    if args.english and not args.facqa:
        raise SettingsError("--english asks FacQA's passages: give --facqa DIR too")
    try:
        if args.english:
            documents = load_facqa(args.facqa, "all")[0]
            questions, indonesian = load_translated(args.english)
            title = f"{args.english}: {len(questions)} FacQA questions in English, beside the same in Indonesian; each of {len(documents)} passages one document"
            facqa = True
        elif args.facqa:
            documents, questions = load_facqa(args.facqa, split)
            title = f"FacQA {split} split, each of {len(documents)} passages one document"
            facqa = True
        else:
            path = args.questions or seed_questions()
            questions = load_seed_questions(path)
            documents = list(load_corpus(settings.corpus).documents)
            title = f"{path} on {settings.corpus}"
            if args.add_facqa:
                documents += load_facqa(args.add_facqa, "all")[0]
                title += " and every FacQA passage"
            facqa = False
        if not documents:  # an empty passages file: nothing to search, nor to divide by
            raise ValueError(f"{args.facqa or args.add_facqa}: no passages")
    except (OSError, ValueError, KeyError) as error:
        # The questions or the passages; an OSError as a sentence, not its repr ("[Errno 21] ...").
        detail = f"{error.filename}: {error.strerror}" if isinstance(error, OSError) and error.strerror and error.filename else error
        print(f"tanya: cannot read what to evaluate: {detail}", file=sys.stderr)
        return 2
    for some in (questions, indonesian) if args.english else (questions,):
        _warn_unknown_gold(some, documents)
    decision = ModelDecision.bundled(settings.strictness)
    if args.unanswerable:
        from retrieval.paired import report as paired_report, run_pairs

        decisions: dict[str, Decision] = {"tanya": decision, "old rule": CoverageRule()}
        asked = {" in English": questions, " in Indonesian": indonesian} if args.english else {"": questions}
        for language, some in asked.items():
            run = run_pairs(documents, some, lambda q: frozenset(q.relevant), facqa, groups=groups)
            print(paired_report(f"{title}: each answerable question{language} without its answer", run, decisions))
        return 0
    library = Library.build(documents)
    today = as_of_latest(d.date for d in documents)  # the archive's own last day: the same figures whenever run
    if args.english:
        searcher = Searcher(library, decision=decision, today=today)
        english = score(questions, tanya_system(searcher), facqa)
        print(report_languages(title, english, score(indonesian, tanya_system(searcher), facqa)))
        return 0
    ours = score(questions, tanya_system(Searcher(library, decision=decision, today=today)), facqa)
    baseline = score(questions, plain_bm25_system(library), facqa)
    print(report(title, ours, baseline))
    return 0
