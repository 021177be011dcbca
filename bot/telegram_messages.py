"""Telegram messages as the bot reads and composes them, without Telegram's network:
what an update says as ``bot.policy`` reads it (who wrote it, whether it is for this
bot, whose rate limit it counts against, the question it asks, a command in a caption),
and the buttons under an answer (``Page``, ``Vote``: what a press asks, as callback
data).
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)

from bot.policy import (
    ASK_COMMAND_RE,
    TEXT_MENTION,
    Entity,
    Heard,
    Sender,
    entity_span,
    for_this_bot,
    handle_re,
    mentions,
)
from bot.presenter import text
from bot.settings import Settings
from retrieval.search import Result

# Telegram refuses buttons whose callback_data is longer than this many bytes.
CALLBACK_DATA_LIMIT = 64

# A command written as a caption: Telegram marks it, but CommandHandler reads texts only.
# As Telegram reads a typed one: the name ends at the first character no name has
# ("/sources." is /sources); not /ask, whose caption is a question; the handler's filter
# is this very pattern, so every caption it lets through is a command.
CAPTION_COMMAND_RE = re.compile(r"^\s*/(?!ask(?!\w))(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>\w+))?(?![\w@])", re.IGNORECASE)
# Telegram's anonymous group admins all write "from" this bot, with the group as sender_chat.
ANONYMOUS_ADMIN_ID = 1087968824
# A 👍/👎 button: the logged question's id and 1 (helpful) or 0.
VOTE_DATA_RE = re.compile(r"^v:(?P<question>\d{1,18}):(?P<helpful>[01])$")
PAGE_DATA_RE = re.compile(r"^(?P<key>[A-Za-z0-9_-]{1,16}):(?P<position>\d{1,3}):(?P<full>[01])$")
SPACES_RE = re.compile(r"\s+")
# Half of a UTF-16 surrogate pair, alone: a str holds one only when given it so.
LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")

UPDATE_KINDS = (
    "message", "edited_message", "channel_post", "edited_channel_post", "inline_query",
    "chosen_inline_result", "callback_query", "my_chat_member", "chat_member",
)


# -- reading an update -----------------------------------------------------------------


def received_message(update: Update) -> Message | None:
    """The message someone sent in ``update`` (new or edited, in a chat or a channel);
    None for the rest: a button press's message is the bot's own, not the presser's."""
    return update.message or update.edited_message or update.channel_post or update.edited_channel_post


def sender_of(message: Message, bot: Bot) -> Sender:
    """Who wrote ``message``, as ``bot.policy.from_a_bot`` reads it."""
    user = message.from_user
    via = message.via_bot
    return Sender(
        is_bot=bool(user and user.is_bot),
        for_a_chat=message.sender_chat is not None,
        via_this_bot=via is not None and via.id == bot.id,
    )


def rate_key(message: Message, user: User | None) -> int:
    """Whose turn a reply to ``message`` takes: the chat it was sent on behalf of (a
    channel's post, an anonymous group admin, a member writing as their channel), else
    the user. Anonymous admins all come "from" one bot of Telegram's: keyed by user, every
    group's anonymous admins would share one limit."""
    if message.sender_chat is not None:
        return message.sender_chat.id
    return user.id if user is not None else message.chat_id


def is_allowed(update: Update, settings: Settings) -> bool:
    """Whether the bot serves this update: no TANYA_ALLOWED_CHATS means everyone; else
    the user (admins always) or the chat must be on the list. An update with neither
    user nor chat is let through (nothing to answer in it)."""
    if not settings.allowed_chats:
        return True
    user, chat = update.effective_user, update.effective_chat
    if user is None and chat is None:
        return True
    if user is not None and (user.id in settings.allowed_chats or user.id in settings.admin_ids):
        return True
    return chat is not None and chat.id in settings.allowed_chats


def update_kind(update: Update) -> str:
    """Which kind of update this is, for log lines."""
    for kind in UPDATE_KINDS:
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


@dataclass(frozen=True)
class CaptionCommand:
    """A command a caption starts with ("/sources 2" under a photo), and its arguments."""

    name: str  # lower case, without the slash
    args: tuple[str, ...]
    for_this_bot: bool  # bare, or "/name@<this bot>": not another bot's


def caption_command(caption: str, bot_username: str | None) -> CaptionCommand | None:
    """The command ``caption`` starts with; None when it starts with none, or with /ask,
    whose caption is a question (:func:`extract_question`)."""
    match = CAPTION_COMMAND_RE.match(caption)
    if match is None:
        return None
    # The arguments as CommandHandler takes a text's: the words after the first.
    return CaptionCommand(match["name"].lower(), tuple(caption.split()[1:]), for_this_bot(match["bot"], bot_username))


def extract_question(message_text: str, bot_username: str | None) -> str:
    """The question in a message: without a leading /ask command and without mentions
    of the bot, whitespace collapsed, a lone surrogate made "\ufffd" (:func:`whole_text`)."""
    question = whole_text(message_text).strip()
    match = ASK_COMMAND_RE.match(question)
    if match:
        question = question[match.end() :]
    if bot_username:
        question = handle_re(bot_username).sub(" ", question)
    question = SPACES_RE.sub(" ", question).strip()
    # "@bot, siapa ..." leaves a stray comma or colon in front.
    return question.lstrip(",:;").strip()


def message_text(message: Message) -> str:
    """What ``message`` says: its text, or the caption of its photo, video or document
    (a question can come as either), as :func:`whole_text`."""
    return whole_text(message.text or message.caption or "")


def whole_text(text: str) -> str:
    """``text`` with each lone surrogate (JSON's "\\ud83d" alone: no Telegram client
    sends one, anyone may) made "\ufffd", one UTF-16 code unit as it was, so entity
    offsets still hold. Neither UTF-16 nor UTF-8 has a code for it: cutting entities
    and logging the question raised UnicodeEncodeError."""
    return LONE_SURROGATE_RE.sub("\ufffd", text) if LONE_SURROGATE_RE.search(text) else text


def message_entities(message: Message) -> tuple[Entity, ...]:
    """The entities of ``message_text`` (the text's, else the caption's), as ``bot.policy`` reads them."""
    return tuple(
        Entity(entity.type, entity.offset, entity.length, entity.user.id if entity.user else None)
        for entity in (message.entities if message.text else message.caption_entities)
    )


def heard(message: Message) -> Heard:
    """``message`` as ``bot.policy.addressed`` reads it."""
    replied = message.reply_to_message
    return Heard(
        chat_kind=message.chat.type,
        text=message_text(message),
        entities=message_entities(message),
        replies_to=replied.from_user.id if replied is not None and replied.from_user is not None else None,
        automatic_forward=bool(message.is_automatic_forward),
    )


def message_question(message: Message, bot_username: str | None, bot_id: int) -> str:
    """The question in a message's text or caption (see extract_question), without the
    bot's name where a text mention gives it ("Tanya, siapa ..." with "Tanya" linked to
    the bot)."""
    # Entity offsets count UTF-16 code units; cut from the last so earlier ones stay put.
    encoded = message_text(message).encode("utf-16-le")
    for entity in sorted(message_entities(message), key=lambda e: e.offset, reverse=True):
        span = entity_span(encoded, entity)
        if span is not None and entity.kind == TEXT_MENTION and entity.user_id == bot_id:
            encoded = encoded[: span[0]] + " ".encode("utf-16-le") + encoded[span[1] :]
    return extract_question(encoded.decode("utf-16-le"), bot_username)


def mentions_bot(message: Message, bot_username: str | None, bot_id: int) -> bool:
    """Whether the message's text or caption names the bot (``bot.policy.mentions``)."""
    return mentions(message_text(message), message_entities(message), bot_username, bot_id)


def asked_question(message: Message, bot_username: str | None, bot_id: int) -> str:
    """The question ``message`` asks (see message_question); for an /ask or a mention
    with none, sent as a reply to someone's message, that message's text: "/ask" under
    a member's "siapa Pjs Bupati OKU Timur?" asks it. Not under the bot's own messages,
    whose text is an answer, not a question."""
    question = message_question(message, bot_username, bot_id)
    replied = message.reply_to_message
    if question or replied is None or (replied.from_user is not None and replied.from_user.id == bot_id):
        return question
    return message_question(replied, bot_username, bot_id)


# -- the buttons under an answer -------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """What an answer button shows: answer ``position`` of cached question ``key``, as
    an excerpt or the whole paragraph. Encoded as callback data."""

    key: str
    position: int
    full: bool

    def encode(self) -> str:
        return f"{self.key}:{self.position}:{int(self.full)}"

    @classmethod
    def decode(cls, data: str | None) -> Page | None:
        match = PAGE_DATA_RE.match(data or "")
        if not match:
            return None
        return cls(match["key"], int(match["position"]), match["full"] == "1")


@dataclass(frozen=True)
class Vote:
    """A 👍 (helpful) or 👎 press on the answer to logged question ``question_id``."""

    question_id: int
    helpful: bool

    def encode(self) -> str:
        return f"v:{self.question_id}:{int(self.helpful)}"

    @classmethod
    def decode(cls, data: str | None) -> Vote | None:
        match = VOTE_DATA_RE.match(data or "")
        return cls(int(match["question"]), match["helpful"] == "1") if match else None


def voter_key(secret: bytes, user_id: int) -> str:
    """Who voted, as the questions log keeps it: a keyed hash of the user's id, enough to
    hold each user to one vote per answer without the log saying who they are (the key,
    ``QuestionsLog.voter_secret``, is not in the log). Versions before that key hashed
    with the bot token: ``voter_key(token.encode(), user_id)`` is a voter as they kept it."""
    return hmac.new(secret, str(user_id).encode(), "sha256").hexdigest()[:32]


def answer_keyboard(
    key: str, result: Result, position: int, full: bool, language: str, log_id: int | None = None
) -> InlineKeyboardMarkup | None:
    """Buttons under an answer: previous/next answer, excerpt/whole paragraph when they
    differ, and 👍/👎 when the question was logged. None when there is nothing to press."""
    rows: list[list[InlineKeyboardButton]] = []
    paging = []
    if position > 0:
        paging.append(InlineKeyboardButton(text(language, "button_previous"), callback_data=Page(key, position - 1, False).encode()))
    if position + 1 < len(result.answers):
        paging.append(InlineKeyboardButton(text(language, "button_next"), callback_data=Page(key, position + 1, False).encode()))
    if paging:
        rows.append(paging)
    answer = result.answers[position]
    if answer.excerpt != answer.text:
        label = "button_excerpt" if full else "button_full"
        rows.append([InlineKeyboardButton(text(language, label), callback_data=Page(key, position, not full).encode())])
    if log_id is not None:
        rows.append([
            InlineKeyboardButton(text(language, "button_helpful"), callback_data=Vote(log_id, True).encode()),
            InlineKeyboardButton(text(language, "button_unhelpful"), callback_data=Vote(log_id, False).encode()),
        ])
    return InlineKeyboardMarkup(rows) if rows else None
