"""What tanya says, composed once for every front end.

The presenter turns answers and events into a ``Message``: lines of styled segments.
Renderers (``bot.render``) turn a Message into Telegram HTML or terminal text; they
decide how a style looks, never what is said.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from retrieval.answers import Answer, Citation
from retrieval.corpus import Document, paragraph_count
from retrieval.search import Result
from retrieval.years import iso_day

LANGUAGES = ("id", "en")

# Telegram language codes (IETF tags' first part) whose speakers read Indonesian better
# than English: Malay, of which Indonesian is a standard form, and the languages of
# Indonesia (Javanese, Sundanese, Minangkabau, Balinese, ...). "in" is Indonesian's old
# code, which Java and some Android phones still report.
INDONESIAN_READERS = frozenset({
    "id", "in", "ms", "zsm", "zlm", "jv", "jw", "su", "min", "ban", "bug", "ace", "bjn", "mad", "mak", "sas", "bew", "bbc",
    "btx", "bts", "gor", "nij", "rej", "mui", "sxn", "mdr", "kge", "abl", "jax", "pse",
})

# Copies of an answer's paragraph named under it; the rest are counted.
COPIES_SHOWN = 3

# Unicode's bidirectional embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069): one in a title, outlet or paragraph reverses or reorders what follows
# it in the reader's client, so a citation could be made to read as another. Text in
# Arabic or Hebrew is laid out by the letters' own direction and needs none of them;
# the marks U+200E, U+200F and U+061C, which reorder nothing, stay.
BIDI_CONTROLS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Segment:
    """A run of text and its style: "" plain, "match" a matched term, "title" an
    article title, "meta" citation details, "note" a caution about the answer (how old
    it is), "heading" a heading, "link" an article's URL (its text is the address)."""

    text: str
    style: str = ""


Line = tuple[Segment, ...]


@dataclass(frozen=True)
class Message:
    """Lines of segments; an empty line separates paragraphs."""

    lines: tuple[Line, ...]

    @property
    def plain(self) -> str:
        return "\n".join("".join(s.text for s in line) for line in self.lines)


@lru_cache(maxsize=1)
def _messages() -> dict[str, Any]:
    """messages.json: each language's sentences, and the singulars of English counts."""
    data: dict[str, Any] = json.loads(resources.files("bot").joinpath("data", "messages.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    """Each language's sentences, by key."""
    data = _messages()
    return {language: data[language] for language in LANGUAGES}


def text(language: str, key: str, **values: object) -> str:
    """One of the bot's own sentences, in ``language`` ("id" or "en")."""
    table = _texts()
    template = table.get(language, table["id"])[key]
    if language == "en":
        template = _singular_for_one(template, values)
    return template.format(**values)


@lru_cache(maxsize=1)
def _english_singulars() -> tuple[dict[str, str], re.Pattern[str]]:
    """The English plurals the messages count, each with its singular (messages.json's
    "singulars"), and a count before one of them, a word such as "more" between or not."""
    singulars: dict[str, str] = dict(_messages()["singulars"]["en"])
    return singulars, re.compile(r"\{(\w+)\}((?: more)? )(" + "|".join(singulars) + r")\b")


def _singular_for_one(template: str, values: Mapping[str, object]) -> str:
    """``template`` with each counted noun of _english_singulars made singular after a
    count of exactly 1 ("{documents} articles" for documents=1 reads "1 article", "{n}
    more articles" "1 more article"). Indonesian nouns take no plural ending."""
    singulars, counted_re = _english_singulars()

    def counted(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        one = type(value) is int and value == 1  # not True, not 1.0
        noun = singulars[match.group(3)] if one else match.group(3)
        return "{" + match.group(1) + "}" + match.group(2) + noun

    return counted_re.sub(counted, template)


def choose_language(question_language: str | None, user_language_code: str | None = None) -> str:
    """The question's language when known, else the user's Telegram language: English for
    English, Indonesian for Indonesian, Malay and the languages of Indonesia
    (``INDONESIAN_READERS``), English for any other; Indonesian when nothing tells."""
    if question_language in LANGUAGES:
        return question_language  # type: ignore[return-value]
    if user_language_code:
        code = user_language_code.lower().replace("_", "-").split("-")[0]
        return "id" if code in INDONESIAN_READERS else "en"
    return "id"


def visible(text: str) -> str:
    """``text`` with control characters (terminal escapes among them) shown as
    U+FFFD, and without bidirectional controls, so echoing what someone typed, or an
    article's title, cannot drive the terminal or turn the rest of a line around."""
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" and c not in "\t\n" else c for c in without_bidi_controls(text))


def without_bidi_controls(text: str) -> str:
    """``text`` without the controls that reorder what follows them (``BIDI_CONTROLS_RE``):
    what every renderer shows of an article."""
    return BIDI_CONTROLS_RE.sub("", text)


def notice(language: str, key: str, **values: object) -> Message:
    """A one-paragraph message in the bot's own words."""
    return Message(((Segment(text(language, key, **values)),),))


def highlighted(body: str, spans: Sequence[tuple[int, int]]) -> Line:
    """``body`` cut into plain and "match" segments at ``spans``."""
    segments: list[Segment] = []
    position = 0
    for start, end in sorted(spans):
        if start < position or end > len(body):
            continue
        if start > position:
            segments.append(Segment(body[position:start]))
        segments.append(Segment(body[start:end], "match"))
        position = end
    if position < len(body):
        segments.append(Segment(body[position:]))
    return tuple(segments)


def _details(cited: Answer | Citation, language: str, caption: bool = False) -> str:
    source = cited.source or text(language, "unknown_source")
    # A photo caption is kept after the paragraphs: its number is none a reader counts.
    where = text(language, "caption") if caption else text(language, "paragraph", n=cited.paragraph)
    return " · ".join([source, cited.date or text(language, "undated"), where])


def citation(answer: Answer, language: str) -> Line:
    return (Segment(_details(answer, language, caption=answer.caption), "meta"),)


def link_line(url: str) -> Line:
    """The article's address under its citation, so a reader can check the source."""
    return (Segment(url, "link"),)


def copies_line(answer: Answer, language: str) -> Line | None:
    """Where else the same paragraph stands, word for word (a wire story's reprints);
    None when every copy reads as the answer's own citation does (one article saved
    twice: "also in" the very place just cited tells the reader nothing)."""
    own = f"{answer.title} ({_details(answer, language)})"
    distinct = dict.fromkeys(f"{copy.title} ({_details(copy, language)})" for copy in answer.copies)
    distinct.pop(own, None)
    if not distinct:
        return None
    places = list(distinct)[:COPIES_SHOWN]
    if len(distinct) > COPIES_SHOWN:
        places.append(text(language, "also_in_more", n=len(distinct) - COPIES_SHOWN))
    return (Segment(text(language, "also_in", places="; ".join(places)), "meta"),)


def present_answer(
    result: Result, language: str, position: int = 0, full: bool = False, archive_empty: bool = False, command_line: bool = False
) -> Message:
    """Answer number ``position`` of ``result`` as a cited excerpt (or the whole
    paragraph when ``full``); "not found" when the result has no answers (its hint for
    ``tanya ask`` when ``command_line``)."""
    if not result.answers:
        return present_not_found(language, archive_empty, command_line, refers_back=result.refers_back)
    position = max(0, min(position, len(result.answers) - 1))
    answer = result.answers[position]
    body = highlighted(answer.text, answer.text_highlights) if full else highlighted(answer.excerpt, answer.highlights)
    lines: list[Line] = [body, (), (Segment(answer.title, "title"),), citation(answer, language)]
    as_of = as_of_line(result, answer, language)
    if as_of is not None:  # by the citation's date, and with it wherever a long answer is split
        lines.insert(2, as_of)
    if result.follows_on:  # the answer is to these words alone, not to a question before
        lines.insert(2, (Segment(text(language, "follows_on"), "note"),))
    if answer.lead_in:  # what "Acara tersebut ..." is about, which only the paragraph before says
        lines.insert(0, (Segment(text(language, "lead_in", text=answer.lead_in), "meta"),))
    if answer.url:
        lines.append(link_line(answer.url))
    copies = copies_line(answer, language) if answer.copies else None
    if copies is not None:
        lines.append(copies)
    if len(result.answers) > 1:
        lines.append((Segment(text(language, "answer_of", i=position + 1, n=len(result.answers)), "meta"),))
    return Message(tuple(lines))


def as_of_line(result: Result, answer: Answer, language: str) -> Line | None:
    """Asked how things stand now, how old the answer's article is, above its citation:
    what an article said on its day may have changed since. None when the article is of
    the day asked (or the question asks for no present)."""
    days = result.days_before_asked(answer)
    if days is None:
        return (Segment(text(language, "as_of_unknown"), "note"),)
    if days == 0:
        return None
    return (Segment(text(language, "as_of_older", date=iso_day(answer.date), age=age(days, language)), "note"),)


def age(days: int, language: str) -> str:
    """``days`` as a reader counts them, in whole units: days up to two weeks, then
    weeks up to two months, months up to a year, then years ("1 tahun" from day 365)."""
    if days < 14:
        return text(language, "age_days", n=days)
    if days < 61:
        return text(language, "age_weeks", n=days // 7)
    if days < 365:
        return text(language, "age_months", n=min(days // 30, 11))  # days 360-364: not "12 months"
    return text(language, "age_years", n=days // 365)


def present_not_found(language: str, archive_empty: bool = False, command_line: bool = False, refers_back: bool = False) -> Message:
    """No answer: "not found", or, from an archive that holds no article yet (a new
    one, before its first add), that it is empty and how to fill it. The hint names
    /sources, a command of the chats: ``tanya ask`` (``command_line``) has its own. A
    question that speaks of someone named before it ("Kapan dia dilantik?",
    ``refers_back``) is told to name them: each question is asked alone."""
    if archive_empty:
        return notice(language, "archive_empty")
    hint = "not_found_hint_refers_back" if refers_back else "not_found_hint_command_line" if command_line else "not_found_hint"
    return Message(((Segment(text(language, "not_found")),), (Segment(text(language, hint), "meta"),)))


def not_found_line(language: str, archive_empty: bool = False, refers_back: bool = False) -> str:
    """What :func:`present_not_found` says, in one line of at most 64 characters: an
    inline query's button under no results, which Telegram cuts there."""
    return text(language, "archive_empty_inline" if archive_empty else "not_found_refers_back_inline" if refers_back else "not_found")


def present_small_talk(kind: str, language: str, console: bool = False) -> Message:
    """The reply to small talk (``bot.policy.small_talk``): a friendly word for its
    ``kind``, then how to ask, with an example question and /help, since small talk
    usually means the asker does not know yet. In the console, where "bye" does not end
    the chat, a farewell also says how to leave, and a link how to add its article
    (in Telegram only admins can, by sending it in a private chat)."""
    lines: list[Line] = [(Segment(text(language, f"small_talk_{kind}")),)]
    if kind != "more":  # asking for the next answer: the asker knows how to ask
        lines.append((Segment(text(language, "small_talk_hint")),))
    if console and kind == "farewell":
        lines.append((Segment(text(language, "small_talk_quit"), "meta"),))
    if console and kind == "link":  # the console's user runs the archive too
        lines.append((Segment(text(language, "small_talk_link_add"), "meta"),))
    return Message(tuple(lines))


def present_small_talk_more(language: str, answers: int | None) -> Message:
    """The reply to "next" typed in a chat whose answers have buttons: where the other
    answers to the latest question are, that it has none (one answer, or "not found"),
    or, with no question yet (``answers`` None), how to ask one."""
    if answers is None:
        return Message(((Segment(text(language, "small_talk_more_nothing")),), (Segment(text(language, "small_talk_hint")),)))
    return Message(((Segment(text(language, "small_talk_more" if answers > 1 else "no_more")),),))


def present_full_hint(language: str, answers: Sequence[Answer] | None) -> Message:
    """The reply to /full typed in a chat whose answers have buttons: the whole paragraph
    is a button under the answer (``answers``, the latest question's), or its answers
    showed their whole paragraphs already; with no answer to go on (``answers`` None),
    what "next" says then."""
    if answers is None:
        return present_small_talk_more(language, None)
    if all(answer.excerpt == answer.text for answer in answers):
        return notice(language, "full_shown")
    return notice(language, "full_button", button=text(language, "button_full"))


def present_small_talk_command_line(kind: str, language: str) -> Message:
    """Small talk given to ``tanya ask``, which has no /help or /more: its friendly word
    (for help, and for "next", what tanya is; for a link, also how to add its article),
    then how to ask on the command line."""
    friendly = "small_talk_help" if kind == "more" else f"small_talk_{kind}"
    said = [friendly, *(["small_talk_link_add"] if kind == "link" else []), "small_talk_command_line"]
    return Message(tuple((Segment(text(language, key)),) for key in said))


def present_help(language: str, documents: int, paragraphs: int, bot_name: str | None = None, console: bool = False) -> Message:
    lines: list[Line] = [
        (Segment(text(language, "help_title"), "heading"),),
        (Segment(text(language, "help_body", documents=documents, paragraphs=paragraphs)),),
        (),
    ]
    if console:
        lines.append((Segment(text(language, "help_console")),))
    else:
        lines.append((Segment(text(language, "help_private")),))
        name = bot_name or "tanya_bot"
        lines.append((Segment(text(language, "help_group", bot=name)),))
        lines.append((Segment(text(language, "help_inline", bot=name)),))
        lines.append((Segment(text(language, "help_commands")),))
    return Message(tuple(lines))


def present_sources(documents: Sequence[Document], paragraphs: int, language: str, limit: int = 50, page: int = 1) -> Message:
    """The corpus's articles: title, source, date and paragraph count, ``limit`` a page
    (``page`` counts from 1; one past the last shows the last, and 0, no page number,
    the first, each saying so)."""
    pages = max(1, -(-len(documents) // limit))
    asked, page = page, min(max(page, 1), pages)
    start = (page - 1) * limit
    lines: list[Line] = [(Segment(text(language, "sources_title", documents=len(documents), paragraphs=paragraphs), "heading"),)]
    if not documents:  # a heading over nothing read as a listing that failed
        lines.append((Segment(text(language, "archive_empty_inline"), "meta"),))
    for number, document in enumerate(documents[start : start + limit], start=start + 1):
        details = text(
            language,
            "sources_line",
            title="",
            source=document.source or text(language, "unknown_source"),
            date=document.date or text(language, "undated"),
            count=paragraph_count(document),
        )
        lines.append((Segment(f"{number}. "), Segment(document.title, "title"), Segment(details, "meta")))
    if len(documents) > start + limit:
        lines.append((Segment(text(language, "sources_more", n=len(documents) - start - limit), "meta"),))
    if asked != page:  # "/sources 9" of three pages, "/sources abc": told what is shown instead
        key = "sources_no_such_page" if asked > pages else "sources_not_a_page"
        lines.append((Segment(text(language, key, asked=asked, page=page, pages=pages), "meta"),))
    elif pages > 1:
        key = "sources_page" if page < pages else "sources_last_page"
        lines.append((Segment(text(language, key, page=page, pages=pages, next=page + 1), "meta"),))
    return Message(tuple(lines))


def sources_page(argument: str) -> int:
    """The page asked for by "/sources N": 1 for none, 0 for anything but a page number
    (which :func:`present_sources` says it is not). A number past the last page shows
    the last, however long."""
    argument = argument.strip()
    if not argument:
        return 1
    return int(argument[:12]) if argument.isascii() and argument.isdigit() else 0


def present_table(lines: Sequence[str]) -> Message:
    """Lines of a fixed-width table (the questions report) as a message."""
    return Message(tuple((Segment(line, "code"),) if line else () for line in lines))
