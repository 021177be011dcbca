"""The bot's update handlers.

Handlers stay thin: they read the update, ask the search service, and send what
``bot.presenter`` composed, rendered by ``bot.render`` as Telegram HTML in parts of at
most 4096 characters. Shared state is ``context.bot_data``, a ``TanyaState``
(``TanyaContext``, ``bot.telegram_state``). A handler's steps are named functions:
reading what an update says is ``bot.telegram_messages``' work, inline mode's steps are
``bot.telegram_inline``'s, and turning a page and handling an error have theirs here,
beside their handlers.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.policy import Admission, SmallTalk, addressed, for_this_bot, from_a_bot, small_talk, too_long, turn
from bot.presenter import (
    choose_language,
    notice,
    present_answer,
    present_full_hint,
    present_help,
    present_not_found,
    present_small_talk,
    present_small_talk_more,
    present_sources,
    present_table,
    sources_page,
    text,
)
from bot.logs import chat_in_log
from bot.questions_log import Feedback, LoggedQuestion, now as log_now
from bot.render import render_html, render_html_parts
from bot.report import build_report, report_lines
from bot.telegram_inline import help_button, inline_within_rate, offer_answers, offer_help
from bot.telegram_messages import (
    CAPTION_COMMAND_RE,
    Page,
    Vote,
    answer_keyboard,
    asked_question,
    caption_command,
    extract_question,
    heard,
    is_allowed,
    message_question,
    message_text,
    rate_key,
    received_message,
    sender_of,
    update_kind,
    voter_key,
)
from bot.telegram_state import CachedQuestion, SearchTimeout, TanyaContext, TanyaState
from bot.telegram_transport import RATE_LIMIT_RETRIES
from retrieval.corpus import CorpusError
from retrieval.search import MAX_QUESTION_CHARS, Result
from retrieval.shards import ShardUnavailable

logger = logging.getLogger(__name__)

# What Telegram's 400 says when the bot may not write in a chat (muted in a group, not a
# member, no rights in a channel), in lower case: like a 403, nobody to tell.
CANNOT_WRITE = ("chat not found", "not enough rights", "have no rights", "chat_write_forbidden", "need administrator rights", "bot is not a member")
# A forum topic closed or deleted after the question was asked in it.
TOPIC_GONE = ("topic_closed", "topic_deleted", "message thread not found")

# /stats covers today and the days before it: a week, an editor's usual look back.
STATS_DAYS = 7


def is_admin(context: TanyaContext, user: User | None) -> bool:
    """Whether ``user`` is one of the bot's admins (BOT_ADMIN_IDS)."""
    return user is not None and user.id in context.bot_data.settings.admin_ids


def user_language(user: User | None) -> str:
    """The bot's language for a user when there is no question to judge by."""
    return choose_language(None, user.language_code if user else None)


async def reply(message: Message, parts: list[str], keyboard: InlineKeyboardMarkup | None = None) -> Message:
    """Send ``parts`` in reply to ``message``, the keyboard under the last part."""
    sent = message
    for number, part in enumerate(parts, start=1):
        sent = await message.reply_html(part, reply_markup=keyboard if number == len(parts) else None)
    return sent


async def reply_notice(message: Message, language: str, key: str, **values: object) -> None:
    """Reply to ``message`` with the notice ``key`` in ``language``, ``values`` filled in."""
    await reply(message, render_html_parts(notice(language, key, **values)))


async def within_rate(message: Message, context: TanyaContext, user: User | None) -> bool:
    """Whether the asker may have a reply now. Every reply but /help's counts, so a flood
    of stickers or unknown commands cannot make the bot send more than questions can."""
    state = context.bot_data
    # Channel posts and anonymous admins are the chat asking (see rate_key).
    admission = state.limiter.admit(rate_key(message, user))
    if admission is Admission.WARN:
        # Told once a minute; answering every message of a flood would double it.
        await reply_notice(message, user_language(user), "rate_limited", limit=state.limiter.limit)
    return admission is Admission.ALLOWED


async def press_within_rate(query: CallbackQuery, context: TanyaContext) -> bool:
    """Whether a button press may be answered now: each press counts as a question of its
    presser's (paging searches again after a restart; votes write to the log), so
    pressing cannot do what a flood of questions cannot. Told to slow down once a
    minute, in the press's own small notice; otherwise the press is ignored."""
    state = context.bot_data
    admission = state.limiter.admit(query.from_user.id)
    if admission is Admission.WARN:
        await query.answer(text(user_language(query.from_user), "rate_limited", limit=state.limiter.limit))
    return admission is Admission.ALLOWED


async def answer_question(message: Message, context: TanyaContext, question: str, user: User | None) -> None:
    """Answer ``question`` asked in ``message`` as ``bot.policy.turn`` decides, once the
    rate allows: how to use /ask, too long, small talk's friendly reply, or each of its
    questions' best cited answer (each counted against the rate as one)."""
    if not await within_rate(message, context, user):
        return
    decided = turn(question)
    fallback = user_language(user)
    if decided.kind == "empty":
        await reply_notice(message, fallback, "ask_usage")
    elif decided.kind == "too_long":
        await reply_notice(message, fallback, "too_long", length=decided.length, limit=MAX_QUESTION_CHARS)
    elif decided.small_talk is not None:
        await reply_small_talk(message, context, decided.small_talk, user)
    else:
        for number, asked in enumerate(decided.questions):
            if number and not await within_rate(message, context, user):
                return
            await answer_one(message, context, asked.text, user)
        if decided.left:
            await reply_notice(message, fallback, "questions_left", answered=len(decided.questions), asked=decided.asked)


async def reply_small_talk(message: Message, context: TanyaContext, talk: SmallTalk, user: User | None) -> None:
    """The friendly reply to small talk, in its language when its words tell it: "help"
    and "siapa kamu?" get /help's, "next" points to the last answer's buttons, "berita"
    gets /sources' list."""
    state = context.bot_data
    language = choose_language(talk.language, user.language_code if user else None)
    if talk.kind == "help":
        summary = state.service.summary()
        said = present_help(language, summary.documents, summary.paragraphs, bot_name=context.bot.username)
    elif talk.kind == "more":
        latest = state.answers.latest(message.chat_id)
        said = present_small_talk_more(language, None if latest is None else len(latest.result.answers))
    elif talk.kind == "sources":
        said = present_sources(state.service.documents, state.service.summary().paragraphs, language)
    else:
        said = present_small_talk(talk.kind, language)
    await reply(message, render_html_parts(said))


async def answer_one(message: Message, context: TanyaContext, question: str, user: User | None) -> None:
    """Search ``question`` and reply with its best cited answer and buttons for the
    others, or "not found"; the question and what it found are logged."""
    state = context.bot_data
    fallback = user_language(user)
    try:
        result = await state.searches.ask(question, state.settings.top_k)
    except SearchTimeout:
        logger.warning("Question in %s: no answer within %g s", chat_in_log(message.chat_id), state.searches.budget)
        await reply_notice(message, fallback, "search_timeout")
        return
    except ShardUnavailable:  # a shard of a --ray archive stayed down: no partial answer
        await reply_notice(message, fallback, "archive_unavailable")
        return
    language = choose_language(result.told_language, user.language_code if user else None)
    # The kind of chat, not its id: a private chat's id is the user's (see TANYA_LOG_USER_IDS).
    logger.info("Question in a %s chat: %d answer(s)", message.chat.type, len(result.answers))
    log_id = log_question(state, message, question, result, language, user)
    if not result.found:
        state.answers.note_unanswered(message.chat_id)
        await reply(message, render_html_parts(present_not_found(language, state.service.empty, refers_back=result.refers_back)))
        return
    key = state.answers.put(CachedQuestion(message.chat_id, question, result, language, log_id))
    keyboard = answer_keyboard(key, result, 0, False, language, log_id)
    await reply(message, render_html_parts(present_answer(result, language)), keyboard)


def log_question(state: TanyaState, message: Message, question: str, result: Result, language: str, user: User | None) -> int | None:
    """Write the question to the questions log; its row id, or None when the log is off
    or failed (a full disk must not cost the reader the answer). The user id only when
    the operator turned that on."""
    if state.questions_log is None:
        return None
    first = result.answers[0] if result.found else None
    entry = LoggedQuestion(
        asked_at=log_now(), chat_kind=message.chat.type, language=language, question=question, answered=result.found,
        doc_id=first.doc_id if first else None, title=first.title if first else None,
        user_id=user.id if user is not None and state.settings.log_user_ids else None,
    )
    try:
        return state.questions_log.record(entry)
    except sqlite3.Error as error:
        logger.warning("Could not log a question: %s", error)
        return None


async def ignore_bots(update: Update, context: TanyaContext) -> None:
    """Before any other handler: a message another bot wrote (Telegram delivers some:
    channel posts, some groups), or the bot's own inline answer sent into a chat, goes
    no further and gets no reply (``bot.policy.from_a_bot``)."""
    message = received_message(update)
    if message is not None and from_a_bot(sender_of(message, context.bot)):
        logger.debug("Not answering a bot's message in a %s chat", message.chat.type)
        raise ApplicationHandlerStop


async def gate(update: Update, context: TanyaContext) -> None:
    """Before any other handler: with TANYA_ALLOWED_CHATS set, a user or chat not on it
    gets one polite line where the bot would have answered, and nothing else."""
    state = context.bot_data
    if is_allowed(update, state.settings):
        return
    user = update.effective_user
    language = user_language(user)
    if update.callback_query is not None:
        await update.callback_query.answer(text(language, "not_allowed"))
    elif update.inline_query is not None:
        await update.inline_query.answer([], button=help_button(text(language, "not_allowed")[:64]), cache_time=0)
    elif update.message is not None and addressed_to_bot(update.message, context) and await within_rate(update.message, context, user):
        await reply_notice(update.message, language, "not_allowed")
    logger.info("Update from a chat not allowed (TANYA_ALLOWED_CHATS): %s", update_kind(update))
    raise ApplicationHandlerStop


def addressed_to_bot(message: Message, context: TanyaContext) -> bool:
    """Whether ``message`` is for this bot (``bot.policy.addressed``): chatter in a group
    that is not allowed gets no reply either."""
    return addressed(heard(message), context.bot.username, context.bot.id)


async def feedback_pressed(update: Update, context: TanyaContext) -> None:
    """Record a 👍/👎 on an answer and thank the presser (the buttons stay). A user's
    second press on the same answer replaces their first."""
    query = update.callback_query
    if query is None:
        return
    if not await press_within_rate(query, context):
        return
    vote = Vote.decode(query.data)
    state = context.bot_data
    language = user_language(update.effective_user)
    if vote is None or state.questions_log is None or not on_its_buttons(query):
        await query.answer(text(language, "expired"))
        return
    # One vote per user and answer, the last one counting (see QuestionsLog.record_feedback).
    # Keyed by the log's own key, so a new bot token keeps the votes; a vote kept as
    # earlier versions did (keyed by the token) becomes this voter's (see Feedback).
    user_id, token = query.from_user.id, state.settings.token
    former = voter_key(token.encode(), user_id) if token else None
    feedback = Feedback(vote.question_id, vote.helpful, voter_key(state.questions_log.voter_secret, user_id), former)
    try:
        recorded = await asyncio.to_thread(state.questions_log.record_feedback, feedback)
    except sqlite3.Error as error:
        logger.warning("Could not log feedback: %s", error)
        recorded = False
    await query.answer(text(language, "feedback_thanks" if recorded else "expired"))


def on_its_buttons(query: CallbackQuery) -> bool:
    """Whether the press's data is a button of the message it came from, as Telegram
    holds that message: a modified client can send any data with a press, and a vote
    named any row of the log, from any chat. A press without its message (an
    inline answer's, or a message too old to be shown) is none: inline answers carry
    no vote buttons."""
    message = query.message
    if not isinstance(message, Message):
        return False
    markup = message.reply_markup
    return markup is not None and any(button.callback_data == query.data for row in markup.inline_keyboard for button in row)


async def stats_command(update: Update, context: TanyaContext) -> None:
    """The editors' report of the last days (bot admins only), as ``tanya report`` prints it."""
    state = context.bot_data
    user, message = update.effective_user, update.effective_message
    if message is None:
        return
    language = user_language(user)
    if not await within_rate(message, context, user):
        return
    if not is_admin(context, user):
        await reply_notice(message, language, "stats_denied")
        return
    if message.chat.type != "private":
        # The report quotes questions readers asked in private: not for a group's members.
        await reply_notice(message, language, "stats_private_only")
        return
    if state.questions_log is None:
        await reply_notice(message, language, "stats_off")
        return
    since = datetime.combine(log_now().date() - timedelta(days=STATS_DAYS - 1), time.min, tzinfo=timezone.utc)
    analyzer = state.service.searcher.analyzer
    summary = await asyncio.to_thread(build_report, state.questions_log, since, analyzer)
    lines = report_lines(summary, language, since)
    await reply(message, render_html_parts(present_table(lines)))


async def help_command(update: Update, context: TanyaContext) -> None:
    """Say what the bot knows and how to ask it (/start and /help): never rate-limited,
    since it is what a user told to slow down needs."""
    message = update.effective_message
    if message is None:
        return
    summary = context.bot_data.service.summary()
    language = user_language(update.effective_user)
    said = present_help(language, summary.documents, summary.paragraphs, bot_name=context.bot.username)
    await reply(message, render_html_parts(said))


async def ask_command(update: Update, context: TanyaContext) -> None:
    """Answer the question after /ask, or, for a bare /ask replying to someone's message, that message's."""
    message = update.effective_message
    if message is None:
        return
    await answer_question(message, context, asked_question(message, context.bot.username, context.bot.id), update.effective_user)


async def sources_command(update: Update, context: TanyaContext) -> None:
    """List the articles the bot answers from."""
    message = update.effective_message
    if message is None:
        return
    if not await within_rate(message, context, update.effective_user):
        return
    service = context.bot_data.service
    page = sources_page(" ".join(context.args or ()))  # "/sources 2": the second page
    said = present_sources(service.documents, service.summary().paragraphs, user_language(update.effective_user), page=page)
    await reply(message, render_html_parts(said))


async def reload_command(update: Update, context: TanyaContext) -> None:
    """Re-read the corpus (bot admins only) while the old index keeps answering."""
    state = context.bot_data
    user, message = update.effective_user, update.effective_message
    if message is None:
        return
    language = user_language(user)
    if not await within_rate(message, context, user):
        return
    if user is None or not is_admin(context, user):
        await reply_notice(message, language, "reload_denied")
        return
    await reply_notice(message, language, "reloading")
    try:
        # In a thread: building the index takes a while and answering must go on.
        summary = await asyncio.to_thread(state.service.reload)
    except Exception as error:  # noqa: BLE001 - any failure leaves the old index answering
        # A broken corpus is the admin's to fix, not a bug: no traceback for it.
        logger.error("Reload requested by user %s failed: %s", user.id, error, exc_info=not isinstance(error, CorpusError))
        await reply_notice(message, language, "reload_failed", reason=str(error) or type(error).__name__)
        return
    logger.info("Reloaded: %d articles, %d paragraphs", summary.documents, summary.paragraphs)
    await reply_notice(message, language, "reloaded", documents=summary.documents, paragraphs=summary.paragraphs)


async def private_question(update: Update, context: TanyaContext) -> None:
    """Answer a text, or a photo's or document's caption, in a private chat: every one is a question."""
    message = update.effective_message
    if message is None:
        return
    await answer_question(message, context, message_question(message, context.bot.username, context.bot.id), update.effective_user)


async def group_message(update: Update, context: TanyaContext) -> None:
    """Answer a group message or caption addressed to the bot (``addressed_to_bot``); ignore the rest."""
    message, bot = update.effective_message, context.bot
    if message is None or not addressed_to_bot(message, context):
        return
    await answer_question(message, context, asked_question(message, bot.username, bot.id), update.effective_user)


async def channel_post(update: Update, context: TanyaContext) -> None:
    """Answer a channel post (its text or a photo's caption) that starts with /ask or mentions the bot."""
    post, bot = update.channel_post, context.bot
    if post is None or not addressed_to_bot(post, context):
        return
    await answer_question(post, context, message_question(post, bot.username, bot.id), None)


async def more_command(update: Update, context: TanyaContext) -> None:
    """Say where the chat's other answers are, as "next" typed does (/more: the console's command)."""
    message = update.effective_message
    if message is None or not await within_rate(message, context, update.effective_user):
        return
    latest, language = latest_answer(message, context, update.effective_user)
    await reply(message, render_html_parts(present_small_talk_more(language, len(latest.result.answers) if latest else None)))


async def full_command(update: Update, context: TanyaContext) -> None:
    """Point to the whole paragraph's button under the chat's last answer (/full: the console's command)."""
    message = update.effective_message
    if message is None or not await within_rate(message, context, update.effective_user):
        return
    latest, language = latest_answer(message, context, update.effective_user)
    await reply(message, render_html_parts(present_full_hint(language, latest.result.answers if latest else None)))


def latest_answer(message: Message, context: TanyaContext, user: User | None) -> tuple[CachedQuestion | None, str]:
    """The chat's latest question (None after one that found nothing, or before any),
    and the language to speak of it in: its answer's, else the user's."""
    latest = context.bot_data.answers.latest(message.chat_id)
    return latest, latest.language if latest else user_language(user)


async def non_text(update: Update, context: TanyaContext) -> None:
    """Say, in a private chat, that only text questions are read."""
    message = update.effective_message
    if message is None or not await within_rate(message, context, update.effective_user):
        return
    await reply_notice(message, user_language(update.effective_user), "non_text")


async def edited_question(update: Update, context: TanyaContext) -> None:
    """Say, in a private chat, that an edit is not read as a question asked anew: a user
    mending a typo that way waited for an answer that never came."""
    message = update.effective_message
    if message is None or not await within_rate(message, context, update.effective_user):
        return
    await reply_notice(message, user_language(update.effective_user), "edited")


async def unknown_command(update: Update, context: TanyaContext) -> None:
    """Point to /help after a command the bot does not have (in a group, one addressed to
    it by name: group_command)."""
    message = update.effective_message
    if message is None or not await within_rate(message, context, update.effective_user):
        return
    command = message_text(message).split(maxsplit=1)[0].split("@", 1)[0]  # named without the bot's name
    await reply_notice(message, user_language(update.effective_user), "unknown_command", command=command)


async def group_command(update: Update, context: TanyaContext) -> None:
    """Point to /help after a command the bot does not have, in a group only when it is
    addressed to this bot by name ("/foo@tanya_bot"): a bare one may be another bot's."""
    message = update.effective_message
    if message is None:
        return
    match = CAPTION_COMMAND_RE.match(message_text(message))
    if match is not None and match["bot"] is not None and for_this_bot(match["bot"], context.bot.username):
        await unknown_command(update, context)


async def captioned_command(update: Update, context: TanyaContext) -> None:
    """Run a command written as a photo's or document's caption, as CommandHandler runs a text's."""
    message = update.effective_message
    if message is None:
        return
    command = caption_command(message.caption or "", context.bot.username)
    if command is None:  # the filter is caption_command's pattern: never, but never silent
        await private_question(update, context) if message.chat.type == "private" else await group_message(update, context)
        return
    handler = COMMAND_HANDLERS.get(command.name) if command.for_this_bot else None
    if handler is None:
        if message.chat.type == "private":  # as a typed one; in a group, perhaps another bot's
            await unknown_command(update, context)
        return
    context.args = list(command.args)
    if command.name in NON_BLOCKING_COMMANDS:  # as its CommandHandler runs it
        context.application.create_task(handler(update, context), update=update)
        return
    await handler(update, context)


# The bot's commands but /ask, for its command handlers and for captions (/ask's caption
# is a question: message_question). /more and /full, the console's paging commands, are
# not in the menu: the buttons under an answer do it.
COMMAND_HANDLERS = {
    "start": help_command,
    "help": help_command,
    "stats": stats_command,
    "sources": sources_command,
    "more": more_command,
    "full": full_command,
    "reload": reload_command,
}
# Run without holding up the chat (PTB's block=False): questions are answered while the
# corpus reloads.
NON_BLOCKING_COMMANDS = frozenset({"reload"})


async def turn_page(update: Update, context: TanyaContext) -> None:
    """Show another answer, or the whole paragraph, in place of the one on screen."""
    query = update.callback_query
    if query is None or not await press_within_rate(query, context):
        return
    turn = await page_turn(query, context)
    if turn is not None:
        await show_page(query, turn)


@dataclass(frozen=True)
class PageTurn:
    """What an answer button asks to show: ``page`` of cached question ``key`` (``entry``),
    in place of ``message``."""

    page: Page
    message: Message
    key: str
    entry: CachedQuestion


async def page_turn(query: CallbackQuery, context: TanyaContext) -> PageTurn | None:
    """What the pressed answer button asks to show; None, the presser told why (the
    button expired, the search again ran out of time, no answer that far), for nothing."""
    page = Page.decode(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if page is None or message is None:
        await query.answer(text(user_language(query.from_user), "expired"))
        return None
    try:
        found = await cached_question(page, message, context)
    except SearchTimeout:
        await query.answer(text(user_language(query.from_user), "search_timeout"))
        return None
    if found is None:
        await query.answer(text(user_language(query.from_user), "expired"))
        return None
    key, entry = found
    if page.position >= len(entry.result.answers):
        await query.answer(text(entry.language, "no_more"))
        return None
    return PageTurn(page, message, key, entry)


async def show_page(query: CallbackQuery, turn: PageTurn) -> None:
    """Answer the press and show ``turn``'s page in place of its message, with its
    buttons; what a long paragraph has past one message's room, in replies below."""
    await query.answer()
    page, entry = turn.page, turn.entry
    parts = render_html_parts(present_answer(entry.result, entry.language, page.position, page.full))
    keyboard = answer_keyboard(turn.key, entry.result, page.position, page.full, entry.language, entry.log_id)
    try:
        await query.edit_message_text(parts[0], reply_markup=keyboard)
    except BadRequest as error:
        # A double tap asks for what is already shown; Telegram calls that an error.
        if "not modified" in str(error).lower():
            return
        raise
    if len(parts) > 1:
        await reply(turn.message, parts[1:])


async def cached_question(page: Page, message: Message, context: TanyaContext) -> tuple[str, CachedQuestion] | None:
    """The cached question behind a button, or, when it was evicted or the bot
    restarted, the question the message replies to asked again."""
    state = context.bot_data
    entry = state.answers.get(page.key, message.chat_id)
    if entry is not None:
        return page.key, entry
    asked = message.reply_to_message
    question = asked_question(asked, context.bot.username, context.bot.id) if asked is not None and message_text(asked) else ""
    if asked is None or not question or too_long(len(question)):
        return None
    result = await state.searches.ask(question, state.settings.top_k)
    if not result.found:
        return None
    user = asked.from_user
    language = choose_language(result.told_language, user.language_code if user else None)
    # The answer's 👍/👎 stay: they name the question's row of the log, which outlives a restart.
    entry = CachedQuestion(message.chat_id, question, result, language, log_id=voted_row(message))
    return state.answers.put(entry), entry


def voted_row(message: Message) -> int | None:
    """The questions log's row the 👍/👎 buttons under ``message`` name, if it has them."""
    markup = message.reply_markup
    for row in markup.inline_keyboard if markup is not None else ():
        for button in row:
            vote = Vote.decode(button.callback_data) if isinstance(button.callback_data, str) else None
            if vote is not None:
                return vote.question_id
    return None


async def inline_query(update: Update, context: TanyaContext) -> None:
    """Offer cited answers for "@bot question" typed in any chat, or a button to the bot's help."""
    query = update.inline_query
    if query is None:
        return
    question = extract_question(query.query, context.bot.username)
    talk = small_talk(question)
    if not question or talk is not None:
        await offer_help(query, talk)
    elif await inline_within_rate(query, context.bot_data, question):
        await offer_answers(query, context.bot_data, question)


async def error_handler(update: object, context: TanyaContext) -> None:
    """Log the error with its chat and update type; apologise in that chat unless it is routine."""
    error = context.error
    if not isinstance(update, Update):
        log_fetch_failure(error)
    elif isinstance(error, ChatMigrated):
        await ask_again_in_supergroup(update, error, context)
    elif not logged_as_routine(update, error):
        await report_failure(update, error, context)


def log_fetch_failure(error: Exception | None) -> None:
    """Log an error that came without an update: fetching updates failed, and polling
    retries by itself (one line), or something outside any update (a traceback)."""
    if isinstance(error, TelegramError):
        logger.warning("Fetching updates failed: %s (retrying)", error)
    else:
        logger.error("Error outside any update", exc_info=error)


async def ask_again_in_supergroup(update: Update, error: ChatMigrated, context: TanyaContext) -> None:
    """The group became a supergroup: Telegram refuses every message to the old id and
    says the new one, where the question's askers now are; ask them there to ask again."""
    logger.info("Chat %s became supergroup %s: its questions are answered there", chat_id_of(update), error.new_chat_id)
    try:
        # Not the apology for an error, which read as the bot's own fault.
        await context.bot.send_message(error.new_chat_id, render_html(notice(user_language(update.effective_user), "ask_again_supergroup")))
    except TelegramError as failure:
        logger.info("Could not ask again in supergroup %s: %s", error.new_chat_id, failure)


def logged_as_routine(update: Update, error: Exception | None) -> bool:
    """Log ``error`` in one line when it is routine, and say whether it was: a late
    answer to a query, a 429 still refused after every retry, a topic or a chat the bot
    can no longer write in, the Bot API not answering. No apology for any of these: it
    would fail the same way, or nothing is wrong."""
    chat_id = chat_id_of(update)
    if isinstance(error, BadRequest) and "query is too old" in str(error).lower():
        # The user pressed or typed more than Telegram's few seconds ago: nothing to fix.
        logger.info("Too late to answer the %s in %s: %s", update_kind(update), chat_in_log(chat_id), error)
        return True
    if isinstance(error, RetryAfter):
        # Every retry waited out (RetryingRateLimiter): an apology would be refused too.
        logger.warning("Telegram refused the answer in %s after %d tries (429: %s): given up", chat_in_log(chat_id), RATE_LIMIT_RETRIES + 1, error)
        return True
    topic = topic_of(update)
    if topic is not None and isinstance(error, BadRequest) and any(reason in str(error).lower() for reason in TOPIC_GONE):
        # An apology would fail the same way there, and belongs in no other topic.
        logger.info("Cannot answer in topic %s of %s, closed or deleted: %s", topic, chat_in_log(chat_id), error)
        return True
    if isinstance(error, Forbidden) or isinstance(error, BadRequest) and any(reason in str(error).lower() for reason in CANNOT_WRITE):
        # The user blocked the bot, or it was removed from the group or muted there, or
        # the chat is gone: nobody to tell (an apology would fail the same way).
        logger.info("Cannot write to %s any more: %s", chat_in_log(chat_id), error)
        return True
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        # Tried again already (RetryingRateLimiter). No apology: it would fail the same
        # way, and the answer may have arrived after all, its confirmation lost.
        logger.warning("Could not answer a %s update in %s: %s", update_kind(update), chat_in_log(chat_id), error)
        return True
    return False


async def report_failure(update: Update, error: Exception | None, context: TanyaContext) -> None:
    """An unexpected failure: logged with its traceback, and apologised for in the
    update's chat (in its topic), if it has one."""
    chat_id = chat_id_of(update)
    logger.error("Error handling a %s update in %s", update_kind(update), chat_in_log(chat_id), exc_info=error)
    if chat_id is None:
        return
    try:
        await context.bot.send_message(chat_id, apology_for(update), message_thread_id=topic_of(update))
    except TelegramError as failure:
        logger.warning("Could not apologise in %s: %s", chat_in_log(chat_id), failure)


def chat_id_of(update: Update) -> int | None:
    """The id of the chat ``update`` came from; None for one of no chat (an inline query)."""
    chat = update.effective_chat
    return chat.id if chat else None


def topic_of(update: Update) -> int | None:
    """The forum topic ``update`` was asked in (None outside one): where its answer, or
    the apology for none, belongs; without it a message goes to the General topic."""
    message = update.effective_message
    return message.message_thread_id if message is not None and message.is_topic_message else None


def apology_for(update: Update) -> str:
    """The apology for a failed answer, in the asker's language, as Telegram HTML."""
    return render_html(notice(user_language(update.effective_user), "error"))
