"""Adding to the archive from Telegram (issue 13), end to end: the real bot against the
stand-in Bot API (tests/telegram_stub.py), pages on a local site, all on 127.0.0.1.

An admin sends a document, a link, or forwards a channel post; the bot says what it
added, and the next question is answered from it, with its URL as a link. Anyone else
is refused politely; an oversized document is refused before it is downloaded."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.presenter import notice as notice_for, present_small_talk, text
from bot.render import render_html
from local_http import Route, Site, serve
from bot_process import BotProcess, admin_bot
from test_telegram_e2e import exchange

DATA = Path(__file__).parent / "data" / "ingest"
ADMIN = 5151
STRANGER = 6161
chats = itertools.count(90_001)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    routes = {"/ekonomi/pasar-sekayu": Route((DATA / "berita_pasar.html").read_bytes(), "text/html; charset=utf-8")}
    with serve(Site(routes=routes)) as running:
        yield running


@pytest.fixture(scope="module")
def bot(stub, site, tmp_path_factory, seeds_dir) -> Iterator[BotProcess]:
    corpus = tmp_path_factory.mktemp("adds") / "arsip"
    corpus.mkdir()
    shutil.copy(next(seeds_dir.glob("001_*.txt")), corpus)
    yield from admin_bot(stub, tmp_path_factory.mktemp("bot"), corpus, ADMIN)


def ask(stub, user: int, question: str) -> str:
    """The bot's answer (Telegram HTML) to ``question`` from ``user``."""
    return exchange(stub, stub.private_message(user, question, language_code="en"), user)[0].params["text"]


def added(stub, update: dict, user: int) -> str:
    """The bot's report on an add: the text of its second reply (the first says it is adding)."""
    first, report = exchange(stub, update, user, 2)
    assert first.params["text"] == text("en", "adding")
    return report.params["text"]


def test_an_admins_document_is_added_and_answers(bot, stub):
    document = stub.document((DATA / "kopi_latin1.txt").read_bytes(), "kopi.txt", "text/plain")
    report = added(stub, stub.private_message(ADMIN, language_code="en", document=document), ADMIN)
    assert report.startswith("added: kopi-semendo-dipamerkan-di-palembang-") and "The archive now holds" in report
    assert "Kopi Semendo Dipamerkan di Palembang" in ask(stub, ADMIN, "berapa harga biji kopi kering Semendo")


def test_an_admins_html_document_answers_with_its_url_as_a_link(bot, stub):
    document = stub.document((DATA / "berita_jembatan.html").read_bytes(), "jembatan.html", "text/html")
    assert added(stub, stub.private_message(ADMIN, language_code="en", document=document), ADMIN).startswith("added: jembatan-gantung")
    answer = ask(stub, ADMIN, "berapa anggaran pembangunan jembatan gantung Tanjung Raya")
    url = "https://kabarmusi.example/daerah/2024/10/jembatan-gantung-tanjung-raya"
    assert f'<a href="{url}">{url}</a>' in answer


def test_an_admins_link_is_fetched_and_added(bot, stub, site):
    report = added(stub, stub.private_message(ADMIN, site.url("/ekonomi/pasar-sekayu"), language_code="en"), ADMIN)
    assert report.startswith("added: pasar-tradisional-sekayu-direvitalisasi-")
    assert site.url("/ekonomi/pasar-sekayu") in ask(stub, ADMIN, "berapa kios baru di Pasar Tradisional Sekayu")


def test_an_admins_message_of_more_than_one_link_is_told_to_send_one(bot, stub, site):
    # Told "I do not open links", which the admin's one link disproves (helper-108); nothing fetched.
    for message in (f"{site.url('/daerah/jembatan-gantung')} {site.url('/ekonomi/pasar-sekayu')}", f"lihat {site.url('/ekonomi/pasar-sekayu')}"):
        assert ask(stub, ADMIN, message) == render_html(notice_for("en", "add_one_link"))
    # A question holding a link is searched, as anyone's is (helper-109).
    searched = ask(stub, ADMIN, f"Siapa Pjs Bupati OKU Timur? Sumbernya {site.url('/x')}")
    assert searched not in (render_html(notice_for("en", "add_one_link")), render_html(present_small_talk("link", "en")))
    assert not [seen for seen, _ in site.requests if seen == "/x"]
    assert not [seen for seen, _ in site.requests if seen.startswith(("/daerah/jembatan-gantung", "/ekonomi/pasar-sekayu?"))]


def test_anyone_elses_link_is_neither_fetched_nor_searched_but_told_how_to_ask(bot, stub, site):
    """A link pasted by a user who may not add: its address's words were searched as if
    the page had been read. The reply says the page is not opened, and how to ask."""
    path = "/ekonomi/pasar-sekayu?dari=pembaca"
    for message in (site.url(path), f"check this out {site.url(path)} 🙏"):
        reply = ask(stub, STRANGER, message)
        assert reply == render_html(present_small_talk("link", "en"))
    assert not [seen for seen, _ in site.requests if seen == path]


def test_a_forwarded_channel_post_becomes_an_article_of_that_channel(bot, stub):
    posted = datetime(2024, 11, 20, 22, 30, tzinfo=timezone.utc)  # 05:30 on the 21st in Jakarta (WIB): the day the channel posted it
    origin = {"type": "channel", "chat": {"id": -100777, "type": "channel", "title": "Kabar Rejang", "username": "kabarrejang"},
              "message_id": 77, "date": int(posted.timestamp())}
    post = ("Sumur Bor Baru untuk Warga Curup\n\n"
            "Pemerintah Kabupaten Rejang Lebong membangun 14 sumur bor bagi warga Kelurahan Talang Rimbo Lama yang kesulitan air bersih.\n\n"
            "Setiap sumur bor melayani sekitar 60 keluarga, kata kepala dinas.")
    report = added(stub, stub.private_message(ADMIN, post, language_code="en", forward_origin=origin, forward_date=int(posted.timestamp())), ADMIN)
    assert report.startswith("added: sumur-bor-baru-untuk-warga-curup-")
    answer = ask(stub, ADMIN, "berapa sumur bor dibangun di Talang Rimbo Lama")
    assert "Sumur Bor Baru untuk Warga Curup" in answer
    assert "Kabar Rejang · 2024-11-21" in answer
    assert '<a href="https://t.me/kabarrejang/77">' in answer


def test_a_forwarded_photo_whose_caption_opens_with_foto_becomes_an_article(bot, stub):
    # The "Foto:" label made the whole caption a photo credit, and the post "no article
    # text" (helper-108).
    posted = datetime(2024, 12, 4, 3, 0, tzinfo=timezone.utc)
    origin = {"type": "channel", "chat": {"id": -100778, "type": "channel", "title": "Kabar Linggau", "username": "kabarlinggau"},
              "message_id": 78, "date": int(posted.timestamp())}
    photo = [{"file_id": "ph1", "file_unique_id": "u1", "width": 90, "height": 60}]
    caption = "Foto: Banjir melanda Kota Lubuklinggau pada Rabu, 4 Desember 2024, merendam 200 rumah warga di tepi Sungai Kelingi."
    update = stub.private_message(ADMIN, None, language_code="en", photo=photo, caption=caption, forward_origin=origin, forward_date=int(posted.timestamp()))
    assert added(stub, update, ADMIN).startswith("added: ")
    assert "merendam 200 rumah" in ask(stub, ADMIN, "berapa rumah terendam banjir di Lubuklinggau")


def test_a_forwarded_photo_credit_above_the_story_is_no_headline(bot, stub):
    # "Foto: Antara/Budi Santoso" over the story became the headline once the label was
    # dropped from every caption (helper-109); it is dropped from a one-block caption only.
    origin = {"type": "channel", "chat": {"id": -100779, "type": "channel", "title": "Kabar Musi", "username": "kabarmusi"},
              "message_id": 79, "date": 1733281200}
    photo = [{"file_id": "ph2", "file_unique_id": "u2", "width": 90, "height": 60}]
    caption = "Foto: Antara/Budi Santoso\n\nJembatan Musi Empat Diresmikan\n\nJembatan Musi Empat di Palembang diresmikan gubernur pada Rabu dan dibuka untuk umum."
    update = stub.private_message(ADMIN, None, language_code="en", photo=photo, caption=caption, forward_origin=origin, forward_date=1733281200)
    report = added(stub, update, ADMIN)
    assert report.startswith("added: ") and "antara" not in report.split("\n")[0].lower(), report


def test_the_same_document_again_is_not_added_twice(bot, stub):
    document = stub.document((DATA / "durian_cp1252.txt").read_bytes(), "durian.txt", "text/plain")
    assert added(stub, stub.private_message(ADMIN, language_code="en", document=document), ADMIN).startswith("added: ")
    again = stub.document((DATA / "durian_cp1252.txt").read_bytes(), "durian-lagi.txt", "text/plain")
    assert added(stub, stub.private_message(ADMIN, language_code="en", document=again), ADMIN).startswith("skipped: already in the archive (")


@pytest.mark.parametrize(
    ("document", "reply"),
    [
        ({"content": b"\x89PNG\r\n\x1a\n\x00\x00", "file_name": "foto.png"}, "failed: not an article file (reads .txt, .md, .html, .htm, .pdf)"),
        ({"content": b"%PDF-1.4 broken", "file_name": "rilis.pdf"}, "failed: unreadable PDF (PdfStreamError)"),
    ],
)
def test_an_unreadable_document_is_one_line_saying_why(bot, stub, document, reply):
    sent = stub.document(**document)
    assert added(stub, stub.private_message(ADMIN, language_code="en", document=sent), ADMIN) == reply


def test_an_oversized_document_is_refused_before_it_is_downloaded(bot, stub):
    downloads = len(stub.calls("getFile"))
    document = stub.document(b"Judul\n\nIsi.", "besar.txt", "text/plain", file_size=25_000_000)
    (answer,) = exchange(stub, stub.private_message(ADMIN, language_code="en", document=document), ADMIN)
    assert answer.params["text"] == text("en", "add_too_large", size="25.0", limit=10)
    assert len(stub.calls("getFile")) == downloads


def test_anyone_else_is_refused_politely(bot, stub):
    user = next(chats)
    document = stub.document((DATA / "kopi_latin1.txt").read_bytes(), "kopi.txt", "text/plain")
    (answer,) = exchange(stub, stub.private_message(user, language_code="en", document=document), user)
    assert answer.params["text"] == text("en", "add_denied")
    origin = {"type": "channel", "chat": {"id": -100778, "type": "channel", "title": "Lain"}, "message_id": 1, "date": 1_700_000_000}
    (answer,) = exchange(stub, stub.private_message(user, "Berita lain.", language_code="en", forward_origin=origin, forward_date=1_700_000_000), user)
    assert answer.params["text"] == text("en", "add_denied")


def test_an_admin_is_answered_in_the_admins_language(bot, stub):
    data = (DATA / "nelayan_utf16.txt").read_bytes()
    replies = []
    for name in ("nelayan.txt", "nelayan-lagi.txt"):
        update = stub.private_message(ADMIN, language_code="id", document=stub.document(data, name, "text/plain"))
        first, report = exchange(stub, update, ADMIN, 2)
        assert first.params["text"] == text("id", "adding")
        replies.append(report.params["text"])
    assert replies[0].startswith("ditambahkan: ") and "\nArsip kini berisi " in replies[0]
    held = replies[0].removeprefix("ditambahkan: ").split(".txt: ")[0]
    assert replies[1] == f"dilewati: sudah ada di arsip ({held})"


def test_a_bot_on_the_bundled_seeds_refuses_adds_and_leaves_them_unchanged(stub_api, site, tmp_path, seeds_dir):
    """Started without --corpus, the bot answers from the bundled seeds/, part of the
    checkout: an admin's document or link is refused with how to name an archive."""
    before = sorted(p.name for p in seeds_dir.iterdir())
    stub = stub_api.StubBotAPI().start()  # its own: the module's bot polls the other
    process = BotProcess(tmp_path / "bot", TELEGRAM_BOT_TOKEN=stub.token, TELEGRAM_API_BASE_URL=stub.base_url, BOT_ADMIN_IDS=str(ADMIN))
    try:
        process.wait_until_polling(stub)
        document = stub.document((DATA / "kopi_latin1.txt").read_bytes(), "kopi.txt", "text/plain")
        (answer,) = exchange(stub, stub.private_message(ADMIN, language_code="en", document=document), ADMIN)
        assert answer.params["text"] == text("en", "add_bundled")
        (answer,) = exchange(stub, stub.private_message(ADMIN, site.url("/ekonomi/pasar-sekayu"), language_code="en"), ADMIN)
        assert answer.params["text"] == text("en", "add_bundled")
    finally:
        stopped = process.stop()
        stub.close()
    assert stopped == 0, process.log[-3000:]
    assert sorted(p.name for p in seeds_dir.iterdir()) == before


@pytest.mark.parametrize(
    ("language", "opening"),
    [("en", "not read: 50 more items not read: a feed is read to its first 100 items"), ("id", "tidak dibaca: 50 more items not read")],
)
def test_an_admin_is_told_how_many_feed_items_were_not_read(language, opening):
    from bot.telegram_adds import outcome_line
    from retrieval.ingest import Outcome

    assert outcome_line(language, Outcome.unread("http://127.0.0.1/rss", 100, 150)).startswith(opening)


@pytest.mark.parametrize("user", [ADMIN, STRANGER])
def test_a_gif_is_no_article_and_gets_the_text_only_hint(bot, stub, user):
    """Telegram sends a GIF as an animation and, for older clients, as a document too:
    a reader was told only admins add articles, an admin's GIF was "added" and failed
    (H94)."""
    document = stub.document(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "mp4.mp4", "video/mp4")
    animation = {key: document[key] for key in ("file_id", "file_unique_id", "file_name", "mime_type")} | {"width": 1, "height": 1, "duration": 1}
    (reply,) = exchange(stub, stub.private_message(user, language_code="en", animation=animation, document=document), user)
    assert reply.text == text("en", "non_text")
