"""The conversation policy every front end shares: what to do with a message before it
is searched.

Front ends decide whether a message is addressed to the bot (a private chat, /ask, a
mention); the policy decides whose messages are answered at all, and what an addressed
message is. A bot's message is never answered (``from_a_bot``): two bots answering each
other never stop, and the bot's own answer posted back to it is no question. Small talk
("halo", "terima kasih", "how are you?", "help", "next") is not a question about the
news. Searching it would answer "apa kabar" with whatever paragraph says "kabar", so it
gets a friendly reply saying how to ask instead (``bot.presenter`` composes it), or what
/help and /more would give. A message asking several questions is answered question by
question (``questions_in``).

``turn`` puts those steps in their one order for a message's text: refused as too long,
small talk, or the questions to answer (at most MAX_QUESTIONS, the rest told as left
over); each front end renders the ``Turn`` (the console, ``tanya ask``, Telegram). The
same module holds what else every front end decides before searching: how often a
sender may be answered (``SlidingWindowLimiter``) and whether a message in a group or a
channel is for this bot at all (``addressed``), read from plain values a front end takes
out of its messages (``Heard``, ``Entity``).

The phrases are language knowledge, so they live in ``bot/data/small_talk.tsv``, read
the first time they are needed, not at import.
"""

from __future__ import annotations

import enum
import re
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, cast

from retrieval.search import MAX_QUESTION_CHARS

SmallTalkKind = Literal["greeting", "how_are_you", "thanks", "ack", "farewell", "help", "more", "sources", "link"]
# "help" ("help", "siapa kamu?") is answered as /help; "more" ("next", "jawaban lain") as
# /more where the front end has it; "sources" ("berita", "latest news") as /sources.
# Searched, "help" found the HUT paragraphs, and "berita" the paragraph whose dateline
# names the outlet KANTOR-BERITA.COM. "link": a message that is a link ("cek ini
# https://..."), whose words were searched as if the page had been read; its phrases
# ("cek", "baca ini", "check this") go with a link only, and alone are no small talk.
SMALL_TALK_KINDS: tuple[SmallTalkKind, ...] = ("greeting", "how_are_you", "thanks", "ack", "farewell", "help", "more", "sources", "link")
# Words that go with small talk ("bot", "kak", "ya") but are none by themselves.
FILLER = "filler"
LANGUAGES = ("id", "en")
EITHER_LANGUAGE = "-"
DATA_FILE = "small_talk.tsv"

# Small talk is a few words; longer messages are questions and skip the matching.
MAX_WORDS = 12
# Of a message asking several questions, this many are answered, each as if sent alone.
MAX_QUESTIONS = 3
# What opens a command typed in a terminal: a slash, or the full-width one of a CJK or
# Japanese keyboard ("／help", which read as the word "help" went to English help).
COMMAND_MARKS = ("/", "\uff0f")
# Where a message's questions part: after a question mark, before the next word.
QUESTION_BREAK_RE = re.compile(r"(?<=[?？])\s+")

# Words as the user typed them, apostrophes and emoji being separators ("what's" is
# "what" "s" both in the message and in the data file).
WORD_RE = re.compile(r"[^\W_]+")
# A web address as people paste one: with its scheme, or starting "www.".
LINK_RE = re.compile(r"(?:\bhttps?://|\bwww\.)\S+", re.IGNORECASE)
# A letter typed more than once in a row: "haloo", "makasihhh", "byeee".
REPEATS_RE = re.compile(r"([^\W\d_])\1+")


@dataclass(frozen=True)
class Sender:
    """Who wrote a message, as far as the policy asks: whether its sender is a bot,
    whether it was written on behalf of a chat (an anonymous group admin, a member
    writing as their channel: Telegram then gives one of its own bots as the sender,
    "GroupAnonymousBot", "Channel_Bot"), and whether it is one of this bot's inline
    answers, sent on by a person ("via @bot")."""

    is_bot: bool = False
    for_a_chat: bool = False
    via_this_bot: bool = False


def from_a_bot(sender: Sender) -> bool:
    """Whether a message is a bot's, and so is not answered: a bot writing as itself,
    or this bot's own inline answer sent into a chat. A person writing on behalf of a
    chat is no bot. (Telegram never sends a bot its own messages or channel posts, so
    a post signed with the bot's name is a person's.)"""
    return sender.is_bot and not sender.for_a_chat or sender.via_this_bot


@dataclass(frozen=True)
class SmallTalk:
    """A message that is small talk: which kind, and the language its words are in
    (None when they could be either, "ok", "bye": the front end then falls back to the
    user's language)."""

    kind: SmallTalkKind
    language: str | None


@dataclass(frozen=True)
class _Phrase:
    kind: str  # a SmallTalkKind or FILLER
    language: str | None


@dataclass(frozen=True)
class _Phrases:
    """The phrases by their words as listed, and by their words with repeated letters
    squeezed (so "haloo" finds "halo"). Squeezing can merge phrases of two languages
    ("hello" and "helo"); the merged entry then has no language."""

    exact: dict[tuple[str, ...], _Phrase]
    squeezed: dict[tuple[str, ...], _Phrase]
    longest: int
    symbols: dict[str, _Phrase]  # "👍", "🙏": read only in a message of no words


def words(text: str) -> tuple[str, ...]:
    """``text``'s words, Unicode-normalised and case-folded, without punctuation or emoji."""
    return tuple(WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold()))


def symbols(text: str) -> tuple[str, ...]:
    """``text``'s symbols (emoji, "♥"), without the modifiers and joiners an emoji may
    carry (a skin tone, U+FE0F): "👍🏽" is "👍"."""
    return tuple(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) == "So")


def squeeze(word: str) -> str:
    """``word`` with each run of one repeated letter cut to one letter."""
    return REPEATS_RE.sub(r"\1", word)


@lru_cache(maxsize=1)
def _phrases() -> _Phrases:
    """Read the data file once, on first use; ValueError names a malformed line."""
    source = resources.files("bot").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    exact: dict[tuple[str, ...], _Phrase] = {}
    squeezed: dict[tuple[str, ...], _Phrase] = {}
    symbol_table: dict[str, _Phrase] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != 3:
            raise ValueError(f"{DATA_FILE}:{number}: expected phrase, kind and language separated by tabs")
        phrase, kind, language = cells
        if kind not in (*SMALL_TALK_KINDS, FILLER):
            raise ValueError(f"{DATA_FILE}:{number}: unknown kind {kind!r}")
        if language not in (*LANGUAGES, EITHER_LANGUAGE):
            raise ValueError(f"{DATA_FILE}:{number}: unknown language {language!r}")
        key = words(phrase)
        entry = _Phrase(kind, None if language == EITHER_LANGUAGE else language)
        if not key:  # an emoji
            if kind == FILLER or len(symbols(phrase)) != 1:
                raise ValueError(f"{DATA_FILE}:{number}: {phrase!r}: a phrase of no words is one emoji, of a kind")
            symbol_table[symbols(phrase)[0]] = entry
            continue
        for table, table_key in ((exact, key), (squeezed, tuple(squeeze(w) for w in key))):
            known = table.get(table_key)
            if known is not None and known.kind != kind:
                raise ValueError(f"{DATA_FILE}:{number}: {phrase!r} is already listed as {known.kind}")
            if known is not None and known.language != entry.language:
                entry = _Phrase(kind, None)
            table[table_key] = entry
    return _Phrases(exact, squeezed, max((len(k) for k in exact), default=0), symbol_table)


def _match(phrases: _Phrases, window: tuple[str, ...]) -> _Phrase | None:
    return phrases.exact.get(window) or phrases.squeezed.get(tuple(squeeze(w) for w in window))


def small_talk(text: str) -> SmallTalk | None:
    """The small talk ``text`` is, or None when it is something else (a question).

    Only a whole message counts: every word must belong to a listed phrase, longest
    first, and at least one phrase must be more than filler. So "Apa kabar?" and
    "makasih ya bot 🙏" are small talk, while "Apa kabar terbaru soal netralitas ASN?"
    and "Siapa yang mengucapkan terima kasih kepada ASN?" are questions. The last phrase
    decides the kind ("halo, apa kabar?" asks how the bot is); the language is the last
    one a phrase is sure of, a filler's when no phrase is.

    A message of links and such words only ("cek ini https://...", "halo, https://...")
    is "link": tanya does not open the page, and searching the address's words would
    answer as if it had read it.
    """
    phrases = _phrases()
    if LINK_RE.search(text):
        found = _listed(words(LINK_RE.sub(" ", text)), phrases)
        return None if found is None else SmallTalk("link", _language(found, []))
    tokens = words(text)
    if not tokens:
        return _wordless(text, phrases)
    found = _listed(tokens, phrases)
    if found is None or any(entry.kind == "link" for entry in found):
        return None  # a word no small talk uses, or one that goes with a link only: a question
    talk = [entry for entry in found if entry.kind != FILLER]
    if not talk:
        return None
    fillers = [entry for entry in found if entry.kind == FILLER]
    return SmallTalk(cast(SmallTalkKind, talk[-1].kind), _language(talk, fillers))


def _listed(tokens: tuple[str, ...], phrases: _Phrases) -> list[_Phrase] | None:
    """The listed phrases ``tokens`` are made of, longest first; None when a word is in
    none, or when there are too many words for small talk."""
    if len(tokens) > MAX_WORDS:
        return None
    found: list[_Phrase] = []
    position = 0
    while position < len(tokens):
        for size in range(min(phrases.longest, len(tokens) - position), 0, -1):
            entry = _match(phrases, tokens[position : position + size])
            if entry is not None:
                found.append(entry)
                position += size
                break
        else:
            return None
    return found


def _language(talk: list[_Phrase], fillers: list[_Phrase]) -> str | None:
    """The last language a phrase of ``talk`` is sure of, else a filler's."""
    return next((e.language for e in reversed(talk) if e.language), None) or next((e.language for e in reversed(fillers) if e.language), None)


def _wordless(text: str, phrases: _Phrases) -> SmallTalk | None:
    """A message of no words: the last emoji listed says what it is ("👍" agrees, "🙏"
    thanks); any other ("?", "😀😀") asks, at most, what the bot is for: /help's reply,
    not a search for nothing that the questions log would list as unanswered. An empty
    message is None: the front ends have their own reply to it."""
    if not text.strip():
        return None
    listed = [phrases.symbols[c] for c in symbols(text) if c in phrases.symbols]
    if listed:
        return SmallTalk(cast(SmallTalkKind, listed[-1].kind), listed[-1].language)
    return SmallTalk("help", None)


# Every command of the console and the Telegram bot: `tanya ask` tells one of them from
# a command of nowhere ("/foo", a typo), which it was said to be.
CHAT_COMMANDS = frozenset({"/ask", "/help", "/start", "/sources", "/more", "/full", "/reload", "/stats", "/quit", "/exit"})


def typed_command(text: str) -> tuple[str, str] | None:
    """A command typed as text ("/full", "／help", "/ask@tanya_bot Siapa ...?"): its name
    in small letters with one slash and no bot name, and what follows it; None for text
    that is no command. Never searched: "/full" searched as the word "full" got two
    cited paragraphs."""
    text = text.strip()
    if not text.startswith(COMMAND_MARKS):
        return None
    command, _, rest = text.partition(" ")
    return "/" + command[1:].split("@", 1)[0].lower(), rest.strip()


def questions_in(text: str) -> tuple[str, ...]:
    """The questions a message asks: each piece ending in a question mark when every
    piece holds a question word and another word ("Siapa Pjs Bupati Bengkulu Selatan?
    Siapa Pjs Bupati OKU Timur?": searched together, each one's words counted against the
    other's passage, and neither answered), and none after the first points back to it
    ("... Muba? Apa yang dia larang?"); else the message whole ("Halo! Siapa ...? Terima
    kasih", "Apa? Serius?"). Front ends answer at most MAX_QUESTIONS of them."""
    pieces = [piece.strip() for piece in QUESTION_BREAK_RE.split(text.strip()) if piece.strip()]
    if len(pieces) > 1 and all(_asks(piece) for piece in pieces) and not any(_refers_back(piece) for piece in pieces[1:]):
        # A question asked twice over (pasted again, sent with its repeats) is answered
        # once: each copy was answered, logged and counted against the rate limit.
        first: dict[str, str] = {}
        for piece in pieces:
            first.setdefault(" ".join(piece.casefold().split()), piece)
        return tuple(first.values())
    return (text,)


def _refers_back(piece: str) -> bool:
    """Whether ``piece`` speaks of someone or something named before it ("Apa yang dia
    larang?", "Kapan apelnya?"): asked alone it stands for no one, so the message is
    asked whole. The words are retrieval's (``Language.points_back``)."""
    from retrieval.language import load_language

    language = load_language()
    return any(language.points_back(word) for word in words(piece))


def _asks(piece: str) -> bool:
    """Whether ``piece`` holds a question word (retrieval's list) and some other word."""
    from retrieval.language import load_language

    question_words = load_language().question_words
    said = words(piece)
    asking = [w for w in said if (w,) in question_words]
    return bool(asking) and len(said) > len(asking)


# --- A turn: what a message's text is, before anything is searched ---------------------

TurnKind = Literal["too_long", "empty", "small_talk", "questions"]


def too_long(length: int) -> bool:
    """Whether a message (or a question) of ``length`` characters is refused whole, not
    answered for its first part: longer than MAX_QUESTION_CHARS."""
    return length > MAX_QUESTION_CHARS


@dataclass(frozen=True)
class Question:
    """One question of a message, searched as if it had been sent alone."""

    text: str


@dataclass(frozen=True)
class Turn:
    """What a front end does with a message's text, which it renders in its own way:

    - "too_long": refuse it whole (``length`` characters; the limit is MAX_QUESTION_CHARS);
    - "empty": nothing is asked (each front end has its reply: how to use /ask, help);
    - "small_talk": the friendly reply to ``small_talk``, nothing searched;
    - "questions": search each of ``questions`` alone, in order, and when the message
      asked more (``asked``), say that ``left`` of them were not answered."""

    kind: TurnKind
    text: str
    length: int
    small_talk: SmallTalk | None = None
    questions: tuple[Question, ...] = ()
    asked: int = 0

    @property
    def several(self) -> bool:
        """Whether the message asked several questions: each answer is then headed by its own."""
        return self.asked > 1

    @property
    def left(self) -> int:
        """How many questions the message asked beyond the MAX_QUESTIONS answered."""
        return self.asked - len(self.questions)


def turn(text: str, *, length: int | None = None) -> Turn:
    """The ``Turn`` for a message's ``text`` (its command, if any, taken off by the front
    end), the same in every front end: too long, then empty, then small talk
    (``small_talk``), else its questions (``questions_in``), the first MAX_QUESTIONS of
    them. ``length``: the message's own length where ``text`` is only its start (a line
    cut on the way in)."""
    length = len(text) if length is None else length
    if too_long(length):
        return Turn("too_long", text, length)
    if not text.strip():
        return Turn("empty", text, length)
    talk = small_talk(text)
    if talk is not None:
        return Turn("small_talk", text, length, small_talk=talk)
    asked = questions_in(text)
    return Turn("questions", text, length, questions=tuple(Question(part) for part in asked[:MAX_QUESTIONS]), asked=len(asked))


# --- How often a sender is answered --------------------------------------------------


class Admission(enum.Enum):
    """What to do with a question: answer it, say "slow down" (once a window), or ignore it."""

    ALLOWED = "allowed"
    WARN = "warn"
    SILENT = "silent"


class SlidingWindowLimiter:
    """At most ``limit`` events per key within any ``window`` seconds."""

    # Past this many keys, keys whose events have all expired are dropped.
    PRUNE_ABOVE = 10_000

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def admit(self, key: int) -> Admission:
        """``allow``, and for a key over the limit, whether it has been told so in the last
        window: a reply to every message of a flood would double the flood."""
        if self.allow(key):
            return Admission.ALLOWED
        now = self.clock()
        if now - self._warned.get(key, -self.window) < self.window:
            return Admission.SILENT
        self._warned[key] = now
        return Admission.WARN

    def allow(self, key: int) -> bool:
        """Count one event for ``key``; False (and not counted) when over the limit."""
        now = self.clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        if len(self._events) > self.PRUNE_ABOVE:
            self._prune(now)
        return True

    def _prune(self, now: float) -> None:
        for key in [k for k, events in self._events.items() if not events or now - events[-1] >= self.window]:
            del self._events[key]
        for key in [k for k, warned in self._warned.items() if now - warned >= self.window]:
            del self._warned[key]


# --- Whether a message is for this bot ----------------------------------------------

# "/ask", or "/ask@somebot", at the start of a message.
ASK_COMMAND_RE = re.compile(r"^/ask(?:@(?P<bot>\w+))?(?=\s|$)", re.IGNORECASE)
# Telegram's entity kinds that name a user: "@name" written out, and a name linked to one.
MENTION = "mention"
TEXT_MENTION = "text_mention"


@dataclass(frozen=True)
class Entity:
    """A marked part of a message's text, as Telegram marks it: its kind ("mention",
    "text_mention", "url", ...), where it stands in UTF-16 code units, and for a text
    mention the user it links to."""

    kind: str
    offset: int
    length: int
    user_id: int | None = None


@dataclass(frozen=True)
class Heard:
    """A message as ``addressed`` reads it: the kind of chat ("private", "group",
    "supergroup", "channel"), its text (or its photo's caption) and that text's entities,
    the user id of whoever wrote the message it replies to, and whether Telegram copied
    it from a channel into the channel's discussion group."""

    chat_kind: str
    text: str
    entities: tuple[Entity, ...] = ()
    replies_to: int | None = None
    automatic_forward: bool = False


def addressed(message: Heard, bot_username: str | None, bot_id: int) -> bool:
    """Whether ``message`` is for this bot: every private message; in a group, a text or
    caption starting with /ask (bare, or this bot's), mentioning the bot, or replying to
    one of its messages; in a channel, a post starting with /ask or mentioning it. Not a
    channel's post copied into its discussion group: it was answered in the channel."""
    if message.chat_kind == "private":
        return True
    if message.automatic_forward or not message.text:
        return False
    replying = message.chat_kind != "channel" and message.replies_to == bot_id
    return is_ask_command(message.text, bot_username) or mentions(message.text, message.entities, bot_username, bot_id) or replying


def is_ask_command(message_text: str, bot_username: str | None) -> bool:
    """True for "/ask ..." and "/ask@<this bot> ...", False for another bot's /ask."""
    match = ASK_COMMAND_RE.match(message_text.strip())
    return match is not None and for_this_bot(match["bot"], bot_username)


def for_this_bot(named: str | None, bot_username: str | None) -> bool:
    """Whether a command's "@bot" part (None: there is none) leaves it for this bot."""
    return named is None or (bot_username or "").lower() == named.lower()


def handle_re(bot_username: str) -> re.Pattern[str]:
    """"@botname" as a whole word: not inside an address ("x@botname.com", "a.@botname")
    nor the start of a longer name ("@botname_fan")."""
    return re.compile(rf"(?<![\w.])@{re.escape(bot_username)}(?![\w])", re.IGNORECASE)


def mentions(text: str, entities: tuple[Entity, ...], bot_username: str | None, bot_id: int) -> bool:
    """Whether ``text`` names the bot: a mention or text mention entity of it, or, in a
    text that comes without entities, "@botname" as a whole word. Telegram marks every
    @username it sees as a mention, so with entities given, they decide: the bot's name
    inside an e-mail address is no mention."""
    if not text or not bot_username:
        return False
    handle = f"@{bot_username.lower()}"
    encoded = text.encode("utf-16-le")
    for entity in entities:
        span = entity_span(encoded, entity)
        if span is None:
            continue
        if entity.kind == MENTION and encoded[span[0] : span[1]].decode("utf-16-le").lower() == handle:
            return True
        if entity.kind == TEXT_MENTION and entity.user_id == bot_id:
            return True
    if entities:
        return False
    return handle_re(bot_username).search(text) is not None


def entity_span(encoded: bytes, entity: Entity) -> tuple[int, int] | None:
    """Where ``entity`` stands in the UTF-16-LE ``encoded`` text, in bytes; None for one
    that cannot stand there: no length, past the end, or an edge between the two halves
    of a character outside the BMP ("😀"). Telegram sends none such, but a client or a
    webhook caller may, and a cut there is no text (UnicodeDecodeError)."""
    start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
    if not 0 <= start < end <= len(encoded):
        return None
    if any(edge < len(encoded) and 0xDC00 <= int.from_bytes(encoded[edge : edge + 2], "little") <= 0xDFFF for edge in (start, end)):
        return None
    return start, end
