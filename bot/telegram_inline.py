"""Inline mode: "@bot question" typed in any chat. Up to five cited answers are offered
as articles (``inline_results``); for nothing typed yet or small talk, a question past
the rate limit or its search's time budget, or one that found nothing, no results but
a button to the bot's help saying so. Inline questions take the rate limit by question,
not by keystroke (``bot.telegram_state.InlineDrafts``).
"""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineQuery, InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent
from telegram.constants import ParseMode

from bot.policy import Admission, SmallTalk
from bot.presenter import choose_language, not_found_line, present_answer, text, without_bidi_controls
from bot.render import render_html_parts
from bot.telegram_state import SearchTimeout, TanyaState
from retrieval.search import MAX_QUESTION_CHARS, Result

INLINE_RESULTS = 5
INLINE_DESCRIPTION_CHARS = 160
# Inline answers change only when the index is reloaded; a minute of caching at Telegram is
# harmless, for the asker alone (is_personal): answers and notices are in the user's language.
INLINE_CACHE_SECONDS = 60


async def offer_help(query: InlineQuery, talk: SmallTalk | None) -> None:
    """For nothing typed yet, or small talk: no results but a button to the bot's help,
    in the talk's language when its words tell it."""
    language = choose_language(talk.language if talk else None, query.from_user.language_code)
    await query.answer([], button=help_button(text(language, "inline_hint")), cache_time=INLINE_CACHE_SECONDS, is_personal=True)


async def inline_within_rate(query: InlineQuery, state: TanyaState, question: str) -> bool:
    """Whether ``question`` may be searched now: a question, not a keystroke, takes a unit
    of the limit (see InlineDrafts). Told to slow down once a minute, in a button;
    otherwise unanswered, as messages are."""
    admission = state.inline_drafts.admit(query.from_user.id, question)
    if admission is Admission.WARN:
        await query.answer([], button=help_button(text(asker_language(query), "rate_limited_inline")), cache_time=0)
    return admission is Admission.ALLOWED


async def offer_answers(query: InlineQuery, state: TanyaState, question: str) -> None:
    """Search ``question`` and offer its answers; a button saying so when the search ran
    out of time or found nothing."""
    try:
        result = await state.searches.ask(question[:MAX_QUESTION_CHARS], max(INLINE_RESULTS, state.settings.top_k))
    except SearchTimeout:
        await query.answer([], button=help_button(text(asker_language(query), "search_timeout_inline")), cache_time=0)
        return
    language = choose_language(result.told_language, query.from_user.language_code)
    not_found = None if result.found else help_button(not_found_line(language, state.service.empty, result.refers_back))
    await query.answer(inline_results(result, language), button=not_found, cache_time=INLINE_CACHE_SECONDS, is_personal=True)


def asker_language(query: InlineQuery) -> str:
    """The bot's language for the asker when there is no answer to judge by."""
    return choose_language(None, query.from_user.language_code)


def help_button(words: str) -> InlineQueryResultsButton:
    """A button in place of inline results, saying ``words`` and opening the bot's help."""
    return InlineQueryResultsButton(words, start_parameter="help")


def inline_results(result: Result, language: str) -> list[InlineQueryResultArticle]:
    """Each answer as an article: the title, a short description, and the cited excerpt
    as the message sent when it is chosen."""
    results = []
    for position, answer in enumerate(result.answers[:INLINE_RESULTS]):
        alone = replace(result, answers=(answer,))  # no "answer 1 of 3" line in a lone message
        content = render_html_parts(present_answer(alone, language))[0]
        results.append(
            InlineQueryResultArticle(
                id=str(position),
                title=without_bidi_controls(answer.title).strip() or answer.doc_id,  # Telegram refuses an empty title
                description=shorten(without_bidi_controls(answer.excerpt), INLINE_DESCRIPTION_CHARS),
                input_message_content=InputTextMessageContent(content, parse_mode=ParseMode.HTML),
            )
        )
    return results


def shorten(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters, "…" last where it was cut."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
