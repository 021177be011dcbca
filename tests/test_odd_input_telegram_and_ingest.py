"""Odd input on the Telegram bot's paths, end to end through the stand-in Bot API
(entities, names, buttons, inline queries, an admin's adds), and `tanya add` of PDFs and
pages with odd text (H54's fault injection).

Once crashes: an entity whose offset falls inside a surrogate pair (UnicodeDecodeError in
the handler, the apology sent instead of an answer); an inline query answered from an
article whose title is only bidirectional controls (Telegram refuses a result with an
empty title). Once wrong: a text mention of negative length that cut the question, that
title shown as a blank, a page served as ISO-8859-1, or with no charset at all, read as
Central European.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.presenter import text
from bot.service import SearchService
from telegram_harness import ADMIN, BOT_USERNAME, SISARDI_QUESTION, expected_answer, make_app, process, sent

from local_http import Route, Site, pdf_of, serve

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TANYA = [sys.executable, "-m", "bot"]
BOT_ID = 123456  # the stub's bot (tests/telegram_stub.BOT_ID)
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Tanya", "username": BOT_USERNAME}
PHOTO = [{"file_id": "photo1", "file_unique_id": "uphoto1", "width": 640, "height": 480}]
FILLER = "Warga desa menyambut baik kegiatan tersebut karena sudah lama ditunggu oleh masyarakat sekitar dan para petani di kawasan itu."


@pytest.fixture(scope="module")
def service(seeds_dir, tmp_path_factory) -> SearchService:
    return SearchService(seeds_dir, tmp_path_factory.mktemp("index"))


def handler_errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.telegram_handlers" and r.levelno >= logging.ERROR]


# --- crashes: entity offsets in UTF-16 units, pointing into a surrogate pair -------------

# "😀" is two UTF-16 units; offset 1 is its second half. Telegram counts offsets in
# UTF-16 units and never sends such an entity, but nothing stops a client or a webhook
# caller that has the secret. message_question decoded the cut bytes, and
# python-telegram-bot's Message.parse_entity (mentions_bot) did the same:
# UnicodeDecodeError. bot.policy.entity_span now leaves such an entity out.
EMOJI_MENTION = "😀@" + BOT_USERNAME + " " + SISARDI_QUESTION
EMOJI_NAMED = "😀Tanya " + SISARDI_QUESTION


def _mention(offset: int, length: int) -> list[dict]:
    return [{"type": "mention", "offset": offset, "length": length}]


def _text_mention(offset: int, length: int) -> list[dict]:
    return [{"type": "text_mention", "offset": offset, "length": length, "user": BOT_USER}]


MID_SURROGATE = [
    pytest.param(lambda s: s.private_message(5401, EMOJI_NAMED, entities=_text_mention(1, 6)), 5401, id="private-text_mention"),
    pytest.param(lambda s: s.private_message(5402, None, photo=PHOTO, caption=EMOJI_NAMED, caption_entities=_text_mention(1, 6)), 5402, id="private-caption-text_mention"),
    pytest.param(lambda s: s.group_message(-5403, 5403, EMOJI_MENTION, entities=_mention(1, 16)), -5403, id="group-mention"),
    pytest.param(lambda s: s.group_message(-5404, 5404, EMOJI_NAMED, entities=_text_mention(1, 6)), -5404, id="group-text_mention"),
    pytest.param(lambda s: s.group_message(-5405, 5405, None, photo=PHOTO, caption=EMOJI_MENTION, caption_entities=_mention(1, 16)), -5405, id="group-caption-mention"),
    pytest.param(lambda s: s.channel_post(-5406, EMOJI_MENTION, entities=_mention(1, 16)), -5406, id="channel-mention"),
]


@pytest.mark.parametrize("build, chat", MID_SURROGATE)
def test_an_entity_offset_inside_a_surrogate_pair_is_no_crash(telegram_stub, service, caplog, build, chat):
    with caplog.at_level(logging.ERROR, logger="bot.telegram_handlers"):
        process(make_app(telegram_stub, service), build(telegram_stub))
    assert handler_errors(caplog) == []
    assert text("id", "error") not in sent(telegram_stub, chat)


@pytest.mark.parametrize(
    "entities",
    [pytest.param(_text_mention(500, 6), id="past-the-end"), pytest.param(_text_mention(0, 0), id="zero-length")],
)
def test_a_text_mention_past_the_end_or_empty_leaves_the_question(telegram_stub, service, entities):
    question = "Tanya, " + SISARDI_QUESTION
    process(make_app(telegram_stub, service), telegram_stub.private_message(5407, question, entities=entities))
    assert sent(telegram_stub, 5407) == [expected_answer(service, SISARDI_QUESTION)]


def test_a_text_mention_with_a_negative_length_leaves_the_question(telegram_stub, service):
    question = "Tanya, " + SISARDI_QUESTION
    process(make_app(telegram_stub, service), telegram_stub.private_message(5408, question, entities=_text_mention(0, -1)))
    assert sent(telegram_stub, 5408) == [expected_answer(service, SISARDI_QUESTION)]


# --- checked and passing: names, mentions, buttons, inline queries ------------------------


@pytest.mark.parametrize("username, typed", [("TanyaBOT", "@tanyabot"), ("TanyaBOT", "@TANYABOT"), ("tanyabot", "@TanyaBOT")])
@pytest.mark.parametrize("form", ["mention", "ask"])
def test_the_bots_name_in_any_case_addresses_it_in_a_group(stub_api, service, username, typed, form):
    stub = stub_api.StubBotAPI(username=username).start()
    try:
        said = f"{typed} {SISARDI_QUESTION}" if form == "mention" else f"/ask{typed} {SISARDI_QUESTION}"
        process(make_app(stub, service), stub.group_message(-5410, 5410, said))
        assert sent(stub, -5410) == [expected_answer(service, SISARDI_QUESTION)]
    finally:
        stub.close()


@pytest.mark.parametrize("said", [f"@{BOT_USERNAME}", "/ask", f"/ask@{BOT_USERNAME.upper()}"])
def test_only_the_bots_name_or_ask_in_a_group_gets_the_usage(telegram_stub, service, said):
    process(make_app(telegram_stub, service), telegram_stub.group_message(-5411, 5411, said))
    assert sent(telegram_stub, -5411) == [text("id", "ask_usage")]


@pytest.mark.parametrize("data", ["", "x", "gone1234:1:0", "gone1234:999:1", "v:999999999999999999:1", "😀" * 16, "abc:1:0\n"])
def test_a_button_with_garbage_or_old_data_says_expired(telegram_stub, service, caplog, data):
    telegram_stub.private_message(5412, "halo")  # the chat exists
    shown = {"message_id": 9000, "date": 1, "chat": telegram_stub.chats[5412], "from": telegram_stub.bot_user, "text": "old"}
    telegram_stub.messages[(5412, 9000)] = {**shown, "html": "old"}
    with caplog.at_level(logging.ERROR, logger="bot.telegram_handlers"):
        process(make_app(telegram_stub, service), telegram_stub.callback_query(5412, shown, data))
    (answered,) = telegram_stub.calls("answerCallbackQuery")
    assert answered.ok and answered.params["text"] == text("id", "expired")
    assert handler_errors(caplog) == []


@pytest.mark.parametrize("query", ["", "a", "😀", "\u200b", "x" * 256, "😀" * 256, ("Siapa Pjs Bupati Bengkulu Selatan " * 8)[:256]])
def test_inline_queries_of_any_length_are_answered(telegram_stub, service, caplog, query):
    with caplog.at_level(logging.ERROR, logger="bot.telegram_handlers"):
        process(make_app(telegram_stub, service), telegram_stub.inline_query(5413, query))
    (answered,) = telegram_stub.calls("answerInlineQuery")
    assert answered.ok, answered.result
    assert handler_errors(caplog) == []


# --- an article titled only with bidirectional controls ----------------------------------


def unicode_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A one-page PDF whose lines may hold any character (local_http.make_pdf writes
    cp1252 only): a Type0 font, each character a CID, a ToUnicode CMap giving its text."""
    chars = sorted({c for line in lines for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    ops += [("<" + "".join(f"{cid[c]:04x}" for c in line) + "> Tj T*") if line else "T*" for line in lines]
    stream = "\n".join([*ops, "ET"]).encode()
    pairs = "\n".join(f"<{cid[c]:04x}> <{c.encode('utf-16-be').hex()}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
        "/Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> "
        f"endcodespacerange\n{len(chars)} beginbfchar\n{pairs}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Helvetica /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    info = b"<< /Title <FEFF" + title.encode("utf-16-be").hex().encode() + b"> >>" if title is not None else None
    return pdf_of(objects, info)


DURIAN_QUESTION = "Siapa yang membuka festival durian di Muaradua?"
DURIAN_LINES = ["MUARADUA – Festival durian dibuka Bupati Popo Ali di Muaradua pada", "Minggu 17 November 2024 di lapangan kota.", "", FILLER]


@pytest.fixture(scope="module")
def bidi_titled(stub_api, tmp_path_factory):
    """The seeds plus a PDF whose document title is only U+202E, added by an admin
    through the bot; the service and the bot's reply to the add."""
    base = tmp_path_factory.mktemp("h54-bidi")
    shutil.copytree(SEEDS, base / "corpus")
    service = SearchService(base / "corpus", base / "index")
    stub = stub_api.StubBotAPI().start()
    try:
        document = stub.document(unicode_pdf(DURIAN_LINES, title="\u202e"), "durian.pdf", "application/pdf")
        process(make_app(stub, service), stub.private_message(ADMIN, None, document=document))
        replies = sent(stub, ADMIN)
    finally:
        stub.close()
    assert replies[-1].startswith(text("id", "add_added", detail="")), replies
    return service, replies[-1]


def test_inline_answer_from_an_article_titled_only_with_bidi_controls(telegram_stub, bidi_titled, caplog):
    service, _ = bidi_titled
    with caplog.at_level(logging.ERROR, logger="bot.telegram_handlers"):
        process(make_app(telegram_stub, service), telegram_stub.inline_query(5420, DURIAN_QUESTION))
    (answered,) = telegram_stub.calls("answerInlineQuery")
    assert answered.ok, answered.result
    assert handler_errors(caplog) == []


@pytest.mark.parametrize("where", ["answer", "sources", "add-reply"])
def test_an_article_titled_only_with_bidi_controls_shows_a_title(telegram_stub, bidi_titled, where):
    service, add_reply = bidi_titled
    if where == "add-reply":
        shown = add_reply.split("\n")[0]
        assert not shown.endswith(": "), add_reply
        return
    said = DURIAN_QUESTION if where == "answer" else "/sources"
    process(make_app(telegram_stub, service), telegram_stub.private_message(5421, said))
    (reply,) = sent(telegram_stub, 5421)
    if where == "answer":
        assert "Popo Ali" in reply and "\n\n\n" not in reply, reply  # no empty line where the title stands
    else:
        assert all(not line.split(". ", 1)[-1].startswith("<i>") for line in reply.split("\n")[1:]), reply


def test_an_admins_link_with_a_zero_width_space_in_its_host_fails_politely(telegram_stub, bidi_titled, caplog):
    service, _ = bidi_titled
    with caplog.at_level(logging.ERROR, logger="bot.telegram_handlers"):
        process(make_app(telegram_stub, service), telegram_stub.private_message(ADMIN, "http://exa\u200bmple.com/berita"))
    replies = sent(telegram_stub, ADMIN)
    assert replies[0] == text("id", "adding") and replies[-1].startswith(text("id", "add_failed", detail=""))
    assert handler_errors(caplog) == []


# --- `tanya add` of a page in Latin-1 whose declaration is missing or wrong ----------------

LATIN1_PAGE = (
    "<html><head>{meta}<title>Festival Durian Muaradua</title></head><body><article>"
    "<p>OKU SELATAN - Festival durian di Muaradua dibuka Bupati Popo Ali pada Minggu 17 November 2024 di Caf\u00e9 Se\u00f1or.</p>"
    f"<p>{FILLER}</p></article></body></html>"
)


def tanya(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TANYA_", "TELEGRAM_"))}
    return subprocess.run([*TANYA, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.mark.parametrize(
    "meta, content_type",
    [
        # The server's charset is read (formats.html_article's charset): the page's own
        # meta, wrong here, is not.
        pytest.param('<meta charset="utf-8">', "text/html; charset=iso-8859-1", id="header-latin1-meta-says-utf8"),
        pytest.param("", "text/html; charset=windows-1252", id="header-cp1252"),
        # Declared nowhere: read as Windows-1252, as a browser set to Indonesian reads
        # it (formats._in_utf8); trafilatura guessed Central European ("Seńor").
        pytest.param("", "text/html", id="undeclared"),
        # Declared by the page alone: its meta is read.
        pytest.param('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "text/html", id="meta-latin1"),
    ],
)
def test_a_latin1_page_is_stored_as_written(tmp_path, meta, content_type):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = LATIN1_PAGE.format(meta=meta).encode("latin-1")
    with serve(Site(routes={"/durian": Route(page, content_type)})) as site:
        done = tanya("add", site.url("/durian"), "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"))
    assert "Traceback" not in done.stderr and "added:" in done.stdout, done.stdout + done.stderr[-800:]
    (stored,) = corpus.glob("*.txt")
    assert "Caf\u00e9 Se\u00f1or" in stored.read_text(encoding="utf-8")


WINDOWS_PAGE = (
    "<html><head><title>Festival Durian Muaradua</title></head><body><article>"
    "<p>OKU SELATAN \u2013 Bupati Popo Ali berkata \u201cKita netral\u201d di Caf\u00e9 Se\u00f1or\u2026 Warga Muaradua\u2019s senang.</p>"
    f"<p>{FILLER}</p></article></body></html>"
)


@pytest.mark.parametrize("charset", ["iso-8859-1", "us-ascii", "windows-1252", "undefined", "utf-16", "no-such-charset"])
def test_a_windows_page_keeps_its_quotes_and_dashes_whatever_its_server_calls_it(tmp_path, charset):
    # Browsers read ISO-8859-1 and US-ASCII as Windows-1252, whose quotes and dashes
    # Latin-1 makes invisible controls (H56); a label that is no web encoding leaves the
    # page to trafilatura's guess, as before.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with serve(Site(routes={"/durian": Route(WINDOWS_PAGE.encode("cp1252"), f"text/html; charset={charset}")})) as site:
        done = tanya("add", site.url("/durian"), "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"))
    assert "Traceback" not in done.stderr and "added:" in done.stdout, done.stdout + done.stderr[-800:]
    (stored,) = corpus.glob("*.txt")
    said = stored.read_text(encoding="utf-8")
    assert "\u201cKita netral\u201d" in said and "Muaradua\u2019s" in said and "SELATAN \u2013 Bupati" in said, said


def test_group_chatter_with_a_lone_surrogate_is_ignored(telegram_stub, service, caplog):
    # JSON's "\ud83d" alone is a lone surrogate in Python: UTF-16 had no code for it, and
    # mentions_bot raised on every such group message (H56); the chatter is no question.
    with caplog.at_level(logging.ERROR, logger="bot.telegram_handlers"):
        process(make_app(telegram_stub, service), telegram_stub.group_message(-5501, 5501, "halo \ud83d semua"))
    assert handler_errors(caplog) == []
    assert sent(telegram_stub, -5501) == []


def test_a_private_question_with_a_lone_surrogate_is_answered(telegram_stub, service):
    process(make_app(telegram_stub, service), telegram_stub.private_message(5502, "\ud83d " + SISARDI_QUESTION))
    (reply,) = sent(telegram_stub, 5502)
    assert "Sisardi" in reply, reply
