"""Adding to the archive from Telegram: an admin sends a document, a link, or forwards a
channel post; the bot adds it through the search service (``SearchService.add``: duplicates
told from the index, which is then brought up to date, reading only the new file), and
says what it added, in the admin's language.

Only ids in BOT_ADMIN_IDS may add; anyone else sending a document or forwarding a post
gets a polite refusal, within the rate limit as every reply (a link from anyone else is
a question like any other text). Admins' adds are not limited: forwarding a channel's
last thirty posts is one job, not a flood.
The work (fetching, parsing, reloading) runs in a thread, so answering goes on.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from pathlib import Path

from telegram import Message, MessageOriginChannel, Update
from telegram.error import TelegramError

from bot.presenter import notice, text as sentence
from bot.render import render_html_parts
from bot.policy import small_talk
from bot.telegram_handlers import is_admin, non_text, private_question, reply, reply_notice, user_language, within_rate
from bot.telegram_state import TanyaContext
from retrieval.corpus import MAX_FILE_BYTES, CorpusError
from retrieval.formats import ArticleText, archive_day
from retrieval.ingest import Archive, Outcome, add_article, add_file_bytes, add_sources

logger = logging.getLogger(__name__)

# The largest document an admin may send: the corpus's own limit for a file (10 MB),
# under the Bot API's 20 MB for downloads.
DOCUMENT_LIMIT = MAX_FILE_BYTES
LINK_RE = re.compile(r"^\s*(https?://\S+)\s*$", re.IGNORECASE)
ANY_LINK_RE = re.compile(r"https?://\S", re.IGNORECASE)
# The label a channel may open a photo's caption with.
PHOTO_LABEL_RE = re.compile(r"^\s*(?:foto|photo)\s*:\s*", re.IGNORECASE)
# One way of adding: the archive in, what became of each source out.
AddStep = Callable[[Archive], list[Outcome]]


async def document_added(update: Update, context: TanyaContext) -> None:
    """An admin's document (.txt, .md, .html, .htm, .pdf) added to the archive."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    document = message.document
    language = user_language(user)
    if not is_admin(context, user):
        if await within_rate(message, context, user):  # a refusal is a reply like any other
            await reply_notice(message, language, "add_denied")
        return
    if document is None:
        return
    size = document.file_size or 0
    if size > DOCUMENT_LIMIT:
        await reply_notice(message, language, "add_too_large", size=f"{size / 1_000_000:.1f}", limit=DOCUMENT_LIMIT // 1_000_000)
        return
    name = Path(document.file_name or "document").name
    try:
        data = bytes(await (await context.bot.get_file(document.file_id)).download_as_bytearray())
    except TelegramError as error:
        await _report(message, context, language, [Outcome(name, "failed", f"cannot download it: {error}")])
        return
    await _add_in_thread(message, context, language, lambda archive: [add_file_bytes(name, data, archive)])


async def link_or_question(update: Update, context: TanyaContext) -> None:
    """A private text: from an admin, a message that is one http(s) link is added to the
    archive (an article page or a feed); every other text is a question."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    link = LINK_RE.match(message.text or "")
    said = message.text or ""
    talk = small_talk(said)
    # Only a message that is links (two, or one among small talk): one holding a question
    # is searched, as anyone's is.
    if link is None and is_admin(context, user) and (len(ANY_LINK_RE.findall(said)) > 1 or talk is not None and talk.kind == "link"):
        # Two links, or a link in a sentence: told "I do not open links", which an admin's
        # one link disproves.
        if await within_rate(message, context, user):
            await reply_notice(message, user_language(user), "add_one_link")
        return
    if link is None or not is_admin(context, user):
        await private_question(update, context)
        return
    url = link.group(1)
    await _add_in_thread(message, context, user_language(user), lambda archive: list(add_sources([url], archive)))


async def forwarded_post(update: Update, context: TanyaContext) -> None:
    """A channel post an admin forwards: its text becomes an article, the channel's
    title its outlet, the post's date its date, its t.me link its URL."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    language = user_language(user)
    origin = message.forward_origin
    if not isinstance(origin, MessageOriginChannel):
        # A forwarded chat message: its text, or its photo's caption, is a question, as if typed.
        await (private_question(update, context) if message.text or message.caption else non_text(update, context))
        return
    if not is_admin(context, user):
        if await within_rate(message, context, user):  # a refusal is a reply like any other
            await reply_notice(message, language, "add_denied")
        return
    article = post_article(message, origin)
    source = article.url or f"a post of {origin.chat.title}"
    await _add_in_thread(message, context, language, lambda archive: [add_article(source, article, archive)])


def post_article(message: Message, origin: MessageOriginChannel) -> ArticleText:
    """A forwarded channel post as an article: paragraphs from its text's blank-line
    (else line) breaks, the first line as the headline when it looks like one (the
    loader decides), the channel's title, the post's date and public link."""
    # A photo's caption labelled "Foto:" is the post's text, not a credit under an
    # article's photo, which the reader drops (and with it the whole post).
    caption = message.caption or ""
    # Only a caption of one block: "Foto: Antara/Budi" above the story is a credit.
    text = message.text or (PHOTO_LABEL_RE.sub("", caption, count=1) if not re.search(r"\n\s*\n", caption.strip()) else caption)
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    paragraphs = blocks if len(blocks) > 1 else [line for line in text.splitlines() if line.strip()]
    username = origin.chat.username
    return ArticleText(
        paragraphs=tuple(paragraphs),
        outlet=origin.chat.title,
        # Telegram gives the time in UTC: read in the zone the post shows (its times in
        # WITA, a Makassar dateline), else WIB, as a page's or feed's (news posted
        # before 07:00 in Jakarta was dated the day before).
        date=archive_day(origin.date, paragraphs),
        url=f"https://t.me/{username}/{origin.message_id}" if username else None,
    )


async def _add_in_thread(message: Message, context: TanyaContext, language: str, add: AddStep) -> None:
    """Run ``add`` through the service in a thread (the index is brought up to date
    when something was added), then reply."""
    service = context.bot_data.service
    if not service.changeable:  # started without --corpus: the bundled seeds answer
        await reply_notice(message, language, "add_bundled")
        return
    await reply_notice(message, language, "adding")
    try:
        outcomes, summary = await asyncio.to_thread(service.add, add)
    except (CorpusError, OSError) as error:
        logger.error("Adding to the archive failed: %s", error)
        await reply_notice(message, language, "reload_failed", reason=str(error) or type(error).__name__)
        return
    await _report(message, context, language, outcomes, None if summary is None else summary.documents)


def outcome_line(language: str, outcome: Outcome) -> str:
    """One line on what became of one source, in ``language``."""
    if outcome.status == "skipped" and outcome.held is None:  # a retraction a feed still lists
        return sentence(language, "add_removed")
    if outcome.status == "skipped":
        return sentence(language, "add_skipped", held=outcome.held)
    return sentence(language, f"add_{outcome.status}", detail=outcome.detail)


async def _report(message: Message, context: TanyaContext, language: str, outcomes: list[Outcome], documents: int | None = None) -> None:
    """Log what became of each source and tell the admin: with the archive's article count
    after it (``documents``), or, None, that nothing was added."""
    lines = "\n".join(outcome_line(language, o) for o in outcomes)
    logger.info("Archive add by chat %s: %s", message.chat_id, "; ".join(f"{o.status} {o.source}" for o in outcomes))
    if documents is None:
        await reply(message, render_html_parts(notice(language, "add_nothing", lines=lines)))
    else:
        await reply(message, render_html_parts(notice(language, "add_result", lines=lines, documents=documents)))
