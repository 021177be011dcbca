"""H115: a time given in UTC is dated in the zone the article shows it belongs to.

An outlet of Central or Eastern Indonesia (WITA, UTC+8; WIT, UTC+9) whose page or feed
writes its times in UTC had them read in WIB (UTC+7): an article of 00:00-01:00 WITA
(00:00-02:00 WIT) was dated the day before, and a question about "yesterday" or its
date found it under the wrong day. Now the article's text says its zone ("pukul 00.30
WITA", the zone it writes most), else its dateline's place does ("MAKASSAR, KOMPAS -",
retrieval/data/time_zones.tsv), else WIB as before. A time with its own offset stays
its writer's own day."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from telegram import Chat, Message, MessageOriginChannel

from bot.cli import main
from bot.telegram_adds import post_article
from local_http import HTML, Route, Site, make_pdf, serve
from retrieval.chunking import parse_article
from retrieval.formats import archive_day
from retrieval.time_zones import load_zones

UTC = timezone.utc
# 16:30 UTC on 14 October 2024: 23:30 WIB on the 14th, 00:30 WITA and 01:30 WIT on the 15th.
LATE = datetime(2024, 10, 14, 16, 30, tzinfo=UTC)
# 15:30 UTC: 22:30 WIB and 23:30 WITA on the 14th, 00:30 WIT on the 15th.
EARLIER = datetime(2024, 10, 14, 15, 30, tzinfo=UTC)
BODY = "Banjir rob merendam ratusan rumah warga di kawasan pesisir dan warga mengungsi ke masjid terdekat."


# --- the day a time in UTC is dated -------------------------------------------------------


@pytest.mark.parametrize(("moment", "paragraphs", "day"), [
    # The zone the text writes its times in.
    (LATE, ["Air mulai naik sejak pukul 00.15 WITA, kata warga.", BODY], "2024-10-15"),
    (LATE, ["Air mulai naik sejak pukul 00.15 Wita, dan surut pukul 06.00 wita.", BODY], "2024-10-15"),  # any case
    (EARLIER, ["Gempa terasa pukul 00.20 WIT di Kota Ambon.", BODY], "2024-10-15"),
    (EARLIER, ["Rapat dimulai pukul 23.00 WITA.", BODY], "2024-10-14"),  # 23:30 WITA: still the 14th
    (LATE, ["Rapat dimulai pukul 10.00 WIB di Jakarta.", BODY], "2024-10-14"),
    # The zone it writes most: two WITA to one WIB.
    (LATE, ["Pesawat berangkat pukul 07.00 WIB dari Jakarta, tiba pukul 10.30 WITA.", "Acara dibuka pukul 13.00 WITA."], "2024-10-15"),
    # The dateline's place, when the text writes no zone.
    (LATE, [f"MAKASSAR, KOMPAS - {BODY}"], "2024-10-15"),
    (EARLIER, [f"Jayapura (ANTARA) - {BODY}"], "2024-10-15"),
    (LATE, ["Banjir Rob Rendam Pesisir", f"TRIBUN-TIMUR.COM, MAKASSAR - {BODY}"], "2024-10-15"),  # a headline first, the place second
    (LATE, [f"Sulsel - {BODY}"], "2024-10-15"),  # a province in one of provinces.tsv's forms
    (LATE, [f"PONTIANAK, KOMPAS - {BODY}"], "2024-10-14"),  # West Kalimantan keeps WIB
    (LATE, [f"JAKARTA, KOMPAS - {BODY}"], "2024-10-14"),
    # The text's zone before the dateline's: a Jakarta outlet's reporter in Makassar on Jakarta's clock.
    (LATE, ["MAKASSAR, KOMPAS - Rapat dimulai pukul 10.00 WIB.", BODY], "2024-10-14"),
    (EARLIER, ["Jakarta - Gempa terasa pukul 00.20 WIT di Jayapura.", BODY], "2024-10-15"),
    # A tie in the text says nothing: the dateline decides.
    (EARLIER, ["Jayapura (ANTARA) - Rapat pukul 09.00 WIB disiarkan pukul 11.00 WIT.", BODY], "2024-10-15"),
    # Nothing shown: WIB, as before.
    (LATE, [BODY], "2024-10-14"),
    (LATE, [], "2024-10-14"),
    (datetime(2024, 10, 14, 23, 30, tzinfo=UTC), [BODY], "2024-10-15"),  # 06:30 WIB
    # A time with its own offset is its writer's own day, whatever the text shows.
    (datetime(2024, 10, 14, 23, 30, tzinfo=timezone(timedelta(hours=7))), ["Pukul 00.30 WITA.", BODY], "2024-10-14"),
    (datetime(2024, 10, 15, 0, 30, tzinfo=timezone(timedelta(hours=8))), [f"JAKARTA - {BODY}"], "2024-10-15"),
])
def test_a_utc_time_is_dated_in_the_zone_the_article_shows(moment, paragraphs, day):
    assert archive_day(moment, paragraphs) == day


@pytest.mark.parametrize(("place", "zone"), [
    ("denpasar", "WITA"), ("mataram", "WITA"), ("kupang", "WITA"), ("banjarmasin", "WITA"), ("samarinda", "WITA"),
    ("tanjung selor", "WITA"), ("makassar", "WITA"), ("palu", "WITA"), ("kendari", "WITA"), ("manado", "WITA"),
    ("gorontalo", "WITA"), ("mamuju", "WITA"), ("ambon", "WIT"), ("sofifi", "WIT"), ("jayapura", "WIT"),
    ("manokwari", "WIT"), ("sorong", "WIT"), ("nabire", "WIT"), ("wamena", "WIT"), ("merauke", "WIT"),
    ("pontianak", "WIB"), ("palangka raya", "WIB"),
])
def test_the_capitals_keep_the_zone_keputusan_presiden_41_1987_gives_their_province(place, zone):
    zones = load_zones()
    assert zones.places[place] == zone.lower()
    assert zones.zones[zone.lower()].utcoffset(None) == timedelta(hours={"WIB": 7, "WITA": 8, "WIT": 9}[zone])


# --- through `tanya add`: a page, a feed, a JSON Feed, a PDF on 127.0.0.1 ----------------------


def page(title: str, paragraphs: list[str], meta: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>{body}</article></body></html>").encode()


UTC_META = '<meta property="article:published_time" content="2024-10-14T16:30:00Z">'
WALL = b"<html><head><title>Just a moment...</title></head><body><p>Please enable JavaScript and cookies to continue</p></body></html>"
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kabar Papua</title><link>{base}/</link>
<item><title>Gempa Guncang Jayapura</title><link>{base}/berita/gempa-jayapura</link>
<pubDate>Mon, 14 Oct 2024 15:30:00 GMT</pubDate><description>Gempa mengguncang Jayapura.</description></item>
</channel></rss>"""
JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Kabar Kupang",
    "items": [{
        "id": "1",
        "url": "{base}/berita/listrik-kupang",
        "title": "Listrik Padam di Kupang",
        "date_published": "2024-10-14T16:30:00Z",
        "content_html": "<p>Listrik padam di sebagian besar Kota Kupang sejak pukul 00.10 Wita, dan petugas PLN masih mencari penyebab gangguan itu.</p>"
                        "<p>Warga diminta menghemat air karena pompa tidak menyala sampai pukul 06.00 Wita.</p>",
    }],
}
SITE = Site(routes={
    # A page of Makassar, its time in UTC, its text naming no zone: its dateline tells.
    "/berita/banjir-makassar": Route(page("Banjir Rob Rendam Pesisir Makassar", [
        f"MAKASSAR, KOMPAS - {BODY}",
        "Petugas BPBD mendirikan dapur umum dan membagikan selimut kepada warga yang mengungsi di masjid.",
    ], UTC_META), HTML),
    # The same page of Jakarta: WIB, as before.
    "/berita/banjir-jakarta": Route(page("Banjir Rob Rendam Pesisir Jakarta", [
        f"JAKARTA, KOMPAS - {BODY}",
        "Petugas BPBD mendirikan dapur umum dan membagikan selimut kepada warga yang mengungsi di masjid.",
    ], UTC_META), HTML),
    # An RSS feed's time in GMT, its item a summary; the page it links to is undated and
    # writes its times in WIT.
    "/rss.xml": Route(RSS.encode(), "application/rss+xml"),
    "/berita/gempa-jayapura": Route(page("Gempa Guncang Jayapura", [
        "Gempa bermagnitudo 5,2 mengguncang Kota Jayapura pukul 00.20 WIT dan membuat warga berhamburan keluar rumah.",
        "BMKG menyatakan gempa itu tidak berpotensi tsunami, dan belum ada laporan kerusakan bangunan.",
    ]), HTML),
    # A JSON Feed carrying the article's text, its page a bot wall: added from the feed's text.
    "/feed.json": Route(json.dumps(JSON_FEED).encode(), "application/feed+json"),
    "/berita/listrik-kupang": Route(WALL, HTML),
    # A press release whose CreationDate is in UTC, its text in WITA.
    "/rilis/air-bersih.pdf": Route(make_pdf([
        "Perumda Air Minum Kota Kupang menghentikan sementara aliran air bersih mulai",
        "pukul 00.30 WITA untuk perbaikan pipa induk di Jalan Timor Raya.",
    ], title="Gangguan Air Bersih di Kupang", created="D:20241014163000Z"), "application/pdf"),
})


@pytest.fixture(scope="module")
def site():
    with serve(SITE) as running:
        yield running


@pytest.mark.parametrize(("paths", "dates"), [
    # 16:30 UTC: 00:30 on the 15th in Makassar; the Jakarta page, added with it, 23:30 on the 14th.
    (("/berita/banjir-makassar", "/berita/banjir-jakarta"),
     {"Banjir Rob Rendam Pesisir Makassar": "2024-10-15", "Banjir Rob Rendam Pesisir Jakarta": "2024-10-14"}),
    # 15:30 GMT: 01:30 WIT on the 15th, 22:30 WIB on the 14th.
    (("/rss.xml",), {"Gempa Guncang Jayapura": "2024-10-15"}),
    (("/feed.json",), {"Listrik Padam di Kupang": "2024-10-15"}),
    (("/rilis/air-bersih.pdf",), {"Gangguan Air Bersih di Kupang": "2024-10-15"}),
])
def test_an_article_added_from_the_east_is_dated_its_own_day(site, tmp_path, capsys, paths, dates):
    corpus = tmp_path / "arsip"
    status = main(["add", "--corpus", str(corpus), *(site.url(p) for p in paths)])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0, lines
    stored = [parse_article(file.read_text(encoding="utf-8")) for file in sorted(corpus.glob("*.txt"))]
    assert {article.title: article.date for article in stored} == dates, lines


# --- a forwarded channel post ---------------------------------------------------------------


def test_a_forwarded_channel_posts_utc_time_is_dated_in_the_zone_it_shows():
    """Telegram gives a post's time in UTC (bot/telegram_adds.py): a Makassar channel's
    post of 00:30 Wita is the 15th's, a Jakarta one's of 23:30 WIB still the 14th's."""
    channel = Chat(-100_115, "channel", title="Kabar Pesisir", username="kabarpesisir")
    origin = MessageOriginChannel(LATE, channel, 7)
    days = {}
    for place, clock in (("MAKASSAR", "00.30 Wita"), ("JAKARTA", "23.30 WIB")):
        text = f"Banjir Rob di Pesisir\n\n{place} - Banjir rob merendam permukiman warga pesisir sejak pukul {clock}."
        days[place] = post_article(Message(1, LATE, Chat(5151, "private"), text=text, forward_origin=origin), origin).date
    assert days == {"MAKASSAR": "2024-10-15", "JAKARTA": "2024-10-14"}


@pytest.mark.parametrize("dateline", ["MARTAPURA, SUMATERAEKSPRES.ID – Pjs Bupati OKU Timur memimpin rapat.", "KOTABARU - Warga Jambi mengungsi."])
def test_a_place_named_alike_in_two_zones_tells_none(dateline):
    # helper-117: Martapura is OKU Timur's seat (WIB) as well as Banjar's (WITA); 23:30 WIB
    # was dated the next day.
    assert archive_day(datetime(2024, 9, 26, 16, 30, tzinfo=timezone.utc), [dateline]) == "2024-09-26"
