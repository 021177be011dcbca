"""`tanya chat`: questions and answers in the terminal.

The console says what the Telegram bot says, composed by ``bot.presenter``; only the
rendering differs (``bot.render.render_terminal``). ``chat`` is the loop, testable with
any line source and output; ``run_chat`` wires it to standard input and output, with
readline line editing and history across runs when standard input is a terminal.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TextIO

from bot.policy import Question, turn, typed_command
from bot.presenter import (
    Line,
    Message,
    Segment,
    choose_language,
    notice,
    present_answer,
    present_help,
    present_small_talk,
    present_sources,
    sources_page,
    visible,
)
from bot.render import render_terminal, terminal_width, use_color, wrap_message
from bot.feeds import start_polling
from bot.service import SearchService
from bot.settings import Settings
from retrieval.lines import bounded_lines
from retrieval.regex_marks import ignorecase_key
from retrieval.search import MAX_QUESTION_CHARS, Result
from retrieval.shards import ShardUnavailable

logger = logging.getLogger("tanya.console")

PROMPT = "tanya> "
# A bare word to leave ("keluar": Indonesian's "exit", which /help's "/quit keluar" names;
# a farewell stays small talk, "bye" may come mid-chat); the commands leave whatever
# follows them, as /help ignores its rest.
QUIT_WORDS = frozenset({"exit", "quit", "keluar"})
QUIT_COMMANDS = frozenset({"/quit", "/exit"})
HISTORY_LENGTH = 1000
# Of a line too long to be a question, this much is echoed in a piped session.
ECHO_CHARS = 100
# A history file is read this far to tell whether it is one: 1,000 questions fit many times over.
HISTORY_BYTES_READ = 16_000_000

# Reads one line after showing the prompt, like ``input``: EOFError at the end of input.
ReadLine = Callable[[str], str]


class Console:
    """One chat's state: the corpus, the last question's answers and language, and
    where replies go."""

    def __init__(
        self, service: SearchService, top_k: int, output: TextIO, color: bool, language: str | None = None, width: int | None = None
    ) -> None:
        self.width = width  # a terminal's columns: replies wrap between words
        self.service = service
        self.top_k = top_k
        self.output = output
        self.color = color
        # --lang / TANYA_LANG fixes the language; else it follows each question's.
        self.fixed_language = language
        self.language = language or "id"
        self.result: Result | None = None
        self.answers_language = self.language  # the last question's: its answers' pages keep it
        self.position = 0
        # The question /more and /full page through, when a line asked several: each of
        # their pages is headed by it, as its first answer was (a line of one question
        # needs none).
        self.paged_question: str | None = None
        self.commands: dict[str, Callable[[], Message]] = {
            "/help": self.help,
            "/start": self.help,  # Telegram's first command, typed here from habit
            "/sources": self.sources,
            "/more": self.more,
            "/full": self.full,
            "/reload": self.reload,
        }

    def say(self, message: Message) -> None:
        """Write ``message`` and a blank line after it."""
        shown = visible_message(message)
        if self.width:
            shown = wrap_message(shown, self.width)
        self.output.write(render_terminal(shown, self.color) + "\n\n")
        self.output.flush()

    def welcome(self) -> Message:
        """The corpus's size and how to get help."""
        summary = self.service.summary()
        return notice(self.language, "welcome", documents=summary.documents, paragraphs=summary.paragraphs)

    def reply(self, line: str) -> Message | None:
        """The reply to one line of input: a command's, small talk's (``bot.policy``),
        or the answer to a question ("/ask question" too, as in Telegram); None for an
        empty line."""
        text = line.strip()
        if not text:
            return None
        # Articles another process (a cron `tanya add`) published since are answered from.
        self.service.catch_up_if_due()
        typed = typed_command(text)
        if typed is not None:
            command, argument = typed
            if command == "/sources":  # its argument: the page
                return self.sources(sources_page(argument))
            if command == "/ask":  # the question, as Telegram's help teaches
                return self.question(argument) if argument else notice(self.language, "ask_usage")
            action = self.commands.get(command)
            return action() if action else notice(self.language, "unknown_command", command=visible(command))
        return self.question(text)

    def question(self, text: str) -> Message:
        """The reply to what is not a command, as ``bot.policy.turn`` decides for every
        front end: too long, small talk's, or the answers."""
        decided = turn(text)
        if decided.kind == "too_long":
            return notice(self.language, "too_long", length=decided.length, limit=MAX_QUESTION_CHARS)
        if decided.small_talk is not None:
            return self.answer_small_talk(decided.small_talk.kind, decided.small_talk.language)
        if not decided.several:  # "Siapa X? Siapa X?" too, whose copies are one question
            return self.ask(decided.questions[0])
        # Several questions: each answered as if typed alone, under its own words; /more
        # and /full page through the last one's answers.
        lines: list[Line] = []
        for part in decided.questions:
            before = self.result
            answered = self.ask(part)
            lines += [*([()] if lines else []), (Segment(part.text, "heading"),), *answered.lines]
            if self.result is not before:  # searched, not refused (a shard down): its answers are the ones paged
                self.paged_question = part.text
        if decided.left:
            lines += [(), *notice(self.language, "questions_left", answered=len(decided.questions), asked=decided.asked).lines]
        return Message(tuple(lines))

    def answer_small_talk(self, kind: str, language: str | None) -> Message:
        """The friendly reply to small talk, in its language when its words say which
        (else the chat's); "help" is /help's, "next" /more's, "berita" /sources'. The last question's answers
        stay for /more and /full."""
        if kind == "more":
            return self.more()
        if language is not None and not self.fixed_language:
            self.language = choose_language(language)
        if kind == "help":
            return self.help()
        if kind == "sources":
            return self.sources()
        return present_small_talk(kind, self.language, console=True)

    def ask(self, question: Question) -> Message:
        """The first answer to ``question``, in the question's language."""
        try:
            self.result = self.service.ask(question.text, self.top_k)
        except ShardUnavailable:  # a shard of a --ray archive stayed down: no partial answer
            return notice(self.language, "archive_unavailable")
        # A question whose words tell no language ("a", a name) keeps the conversation's.
        self.language = self.fixed_language or self.result.told_language or self.language
        self.answers_language = self.language  # /more and /full page on in it, whatever is said between
        self.position = 0
        self.paged_question = None
        return present_answer(self.result, self.language, archive_empty=self.service.empty)

    def more(self) -> Message:
        """The next answer to the last question."""
        if self.result is None:
            return notice(self.language, "no_question")
        if self.position + 1 >= len(self.result.answers):
            return notice(self.language, "no_more")
        self.position += 1
        return self._headed(present_answer(self.result, self.answers_language, self.position))

    def full(self) -> Message:
        """The whole paragraph of the answer shown last."""
        if self.result is None:
            return notice(self.language, "no_question")
        return self._headed(present_answer(self.result, self.answers_language, self.position, full=True))

    def _headed(self, page: Message) -> Message:
        """A page of the last question's answers, under that question's words when the
        line asked several: else "Jawaban 2 dari 3" could belong to any of them."""
        if self.paged_question is None:
            return page
        return Message(((Segment(self.paged_question, "heading"),), *page.lines))

    def help(self) -> Message:
        """How to ask, and the console's commands."""
        summary = self.service.summary()
        return present_help(self.language, summary.documents, summary.paragraphs, console=True)

    def sources(self, page: int = 1) -> Message:
        """The corpus's articles, a page of them ("/sources 2")."""
        return present_sources(self.service.documents, self.service.summary().paragraphs, self.language, page=page)

    def reload(self) -> Message:
        """Re-read the corpus; on failure the old one keeps answering."""
        try:
            summary = self.service.reload()
        except Exception as error:  # noqa: BLE001 - whatever breaks the new corpus, the chat goes on with the old
            return notice(self.language, "reload_failed", reason=visible(str(error)))
        return notice(self.language, "reloaded", documents=summary.documents, paragraphs=summary.paragraphs)


def visible_message(message: Message) -> Message:
    """``message`` with every control character shown as U+FFFD (``bot.presenter.visible``):
    whatever it quotes (an article, a cache, a typed command), only the renderer's own
    colours drive the terminal."""
    return Message(tuple(tuple(Segment(visible(s.text), s.style) for s in line) for line in message.lines))


def chat(
    service: SearchService, settings: Settings, read_line: ReadLine, output: TextIO, color: bool,
    typed: Callable[[], str] | None = None, width: int | None = None,
) -> int:
    """Answer lines from ``read_line`` until the input ends or the user quits; the exit
    status. ``typed`` tells what was on the line when Ctrl-C came (readline's buffer):
    a half-typed line is cleared, only an empty one leaves. ``width``: wrap replies."""
    console = Console(service, settings.top_k, output, color, settings.lang, width)
    console.say(console.welcome())
    while True:
        try:
            line = read_line(PROMPT)
        except KeyboardInterrupt:
            output.write("\n")  # end the prompt's line, as a shell does
            if typed is not None and typed().strip():
                continue  # the half-typed line is dropped; a new prompt
            return 0
        except EOFError:
            # End the prompt's line so the shell's prompt starts on its own.
            output.write("\n")
            return 0
        if is_quit(line):
            return 0
        try:
            message = console.reply(line)
            if message is not None:
                console.say(message)
        except KeyboardInterrupt:
            # Ctrl-C while answering abandons that answer, not the chat; said, so that a
            # transcript does not read as an empty answer.
            output.write("\n")
            console.say(notice(console.language, "cancelled"))


def is_quit(line: str) -> bool:
    """Whether ``line`` asks to leave: "quit", "exit", "keluar", or /quit or /exit with or without
    more after it, in any case ("QUİT" too). "quit smoking" is a question; "/quit now" is
    no unknown command."""
    text = ignorecase_key(line.strip())
    return text in QUIT_WORDS or text.partition(" ")[0] in QUIT_COMMANDS


def piped_reader(source: TextIO, output: TextIO) -> ReadLine:
    """A ReadLine over a non-terminal ``source`` that echoes each line after the prompt,
    so the output reads as the session a terminal would show. Of a line past
    LINE_CHARS only its start is kept (refused as too long, that start's length told):
    a pipe with no line break must not fill the memory."""
    lines = bounded_lines(source)

    def read_line(prompt: str) -> str:
        output.write(prompt)
        output.flush()
        line = next(lines, None)
        if line is None:
            raise EOFError
        # A line refused as too long is echoed by its start: 100,000 characters of echo
        # for one refusal buried the session.
        text = line.text
        output.write(visible(text if len(text) <= MAX_QUESTION_CHARS else text[:ECHO_CHARS] + "…") + "\n")
        return text

    return read_line


class History:
    """Readline's history kept in a file across runs. A file that cannot be used is
    warned about once and the chat goes on without it."""

    def __init__(self, readline: ModuleType, path: Path) -> None:
        self.readline = readline
        self.path = path
        self.failed = False

    def load(self) -> None:
        """Read the earlier runs' lines, creating the file's directory, and make sure the
        file can be written: said at the start, before a session's questions are typed,
        not after them. /dev/null, the usual way to keep no history, keeps none
        without a word."""
        self.readline.set_history_length(HISTORY_LENGTH)
        if self.path == Path(os.devnull):
            self.failed = True
            return
        try:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except FileExistsError as error:  # a file where a folder of the path should be: "File exists" says it wrongly
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), error.filename) from None
            if self.path.is_dir():  # readline would say only "Invalid argument"
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(self.path))
            if self.path.exists() and not self.path.is_file():  # a device, a pipe
                raise OSError(errno.EINVAL, "not a regular file", str(self.path))
            os.close(os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
            self._refuse_another_file()
            self.readline.read_history_file(self.path)
        except OSError as error:
            self.failed = True
            self._warn(error)

    def _refuse_another_file(self) -> None:
        """OSError when the file is no history this chat wrote: saving keeps only the last
        HISTORY_LENGTH lines, so a file of notes (or a binary one) named by mistake
        would lose the rest. A history holds at most that many lines (and libedit's
        header line), and no NUL."""
        with self.path.open("rb") as file:
            data = file.read(HISTORY_BYTES_READ)
        if b"\0" in data or data.count(b"\n") > HISTORY_LENGTH + 1 or len(data) == HISTORY_BYTES_READ:
            raise OSError(errno.EINVAL, "not a chat history this program wrote; left as it is", str(self.path))

    def save(self) -> None:
        """Write the earlier runs' lines and this run's, the last HISTORY_LENGTH of them:
        after each line typed, so that a terminal closed (SIGHUP) or a chat stopped
        (SIGTERM) keeps its questions, as a shell's history does."""
        if self.failed:
            return  # a file that could not be read is not overwritten, nor warned about twice
        try:
            self.readline.write_history_file(self.path)
        except OSError as error:
            self.failed = True
            self._warn(error)

    def _warn(self, error: OSError) -> None:
        """Say on standard error that the history is not kept, and why."""
        # readline's errors name no file; mkdir's name the part of the path in the way
        # (a name that is the history file's own is not said twice).
        named = error.filename is not None and str(error.filename) != str(self.path)
        reason = f"{error.strerror}: {error.filename}" if named else error.strerror or str(error)
        logger.warning("chat history not kept in %s: %s", self.path, reason)


def _readline() -> ModuleType | None:
    """The readline module, or None where Python has none (Windows)."""
    try:
        import readline
    except ImportError:
        return None
    return readline


def run_chat(settings: Settings) -> int:
    """`tanya chat` on standard input and output; CorpusError when the corpus is unusable."""
    # Stray bytes must not end the chat, on the way in or out.
    for stream in (sys.stdin, sys.stdout):
        stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    service = SearchService(
        settings.corpus, settings.index_dir, progress=sys.stderr.isatty(), strictness=settings.strictness, ray=settings.ray, shards=settings.shards,
        watch_interval=settings.watch_interval,
    )
    color = use_color(sys.stdout, settings.no_color)
    poller = start_polling(settings.feeds, settings.feed_interval, service)  # new articles while chatting
    try:
        if not sys.stdin.isatty():
            return chat(service, settings, piped_reader(sys.stdin, sys.stdout), sys.stdout, color)
        return chat_in_terminal(service, settings, color)
    finally:
        if poller:
            poller.stop()


def chat_in_terminal(service: SearchService, settings: Settings, color: bool) -> int:
    """The chat with readline's line editing, its history kept across runs."""
    # Importing readline is what gives ``input`` line editing and history.
    readline = _readline()
    history = History(readline, settings.history_file) if readline else None
    if history:
        history.load()
    if readline:
        # A pasted block of several lines is one question, not one per line (GNU
        # readline 8.1 has this on by default; libedit ignores it: paste one line there).
        readline.parse_and_bind("set enable-bracketed-paste on")
    typed = readline.get_line_buffer if readline else None

    def read_line(prompt: str) -> str:
        line = input(prompt)
        if history:
            history.save()
        return line

    return chat(service, settings, read_line, sys.stdout, color, typed, terminal_width())
