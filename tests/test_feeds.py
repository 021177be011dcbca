"""Feeds kept fresh while the bot runs (issue 13): polling a feed served on 127.0.0.1,
conditional requests, back-off, one log line per failure streak, and the settings."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.feeds import ITEM_TRIES, FeedPoller, backoff
from bot.service import SearchService
from bot.settings import Settings, SettingsError
from local_http import Route, Site, serve
from retrieval.ingest import add_sources

DATA = Path(__file__).parent / "data" / "ingest"
HTML = "text/html; charset=utf-8"
INTERVAL = 900.0


class Clock:
    """A clock the test moves: polling is decided by time, never waited for."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site():
    routes = {
        "/rss.xml": Route((DATA / "rss.xml").read_bytes(), "application/rss+xml", etag='"v1"'),
        "/daerah/jembatan-gantung": Route((DATA / "berita_jembatan.html").read_bytes(), HTML),
        "/ekonomi/pasar-sekayu": Route((DATA / "berita_pasar.html").read_bytes(), HTML),
    }
    with serve(Site(routes=routes)) as running:
        yield running


@pytest.fixture
def service(tmp_path, seeds_dir) -> SearchService:
    corpus = tmp_path / "arsip"
    corpus.mkdir()
    shutil.copy(next(seeds_dir.glob("001_*.txt")), corpus)
    return SearchService(corpus, tmp_path / "index")


def test_new_items_are_added_and_answered_then_an_unchanged_feed_costs_a_304(site, service):
    clock = Clock()
    poller = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=clock)
    outcomes = poller.poll_due()
    assert [(o.source, o.status) for o in outcomes] == [
        (site.url("/ekonomi/pasar-sekayu"), "added"),
        (site.url("/daerah/jembatan-gantung"), "added"),
        (site.url("/hilang"), "failed"),
    ]
    best = service.ask("berapa kios baru di Pasar Tradisional Sekayu", 3).answers[0]
    assert (best.title, best.date, best.url) == ("Pasar Tradisional Sekayu Direvitalisasi", "2024-11-02", site.url("/ekonomi/pasar-sekayu"))

    requests = len(site.requests)
    clock.now += INTERVAL - 1
    assert poller.poll_due() == [] and len(site.requests) == requests  # not due yet: not asked
    clock.now += 1
    again = poller.poll_due()  # the failed item is due again: the feed is read whole
    assert [(o.source, o.status) for o in again if o.status != "skipped"] == [(site.url("/hilang"), "failed")]
    clock.now += INTERVAL  # the failed item waits two intervals now
    assert poller.poll_due() == []
    path, headers = site.requests[-1]
    assert (path, headers["if-none-match"]) == ("/rss.xml", '"v1"')
    assert len(service.documents) == 3


def test_a_failing_feed_backs_off_and_is_logged_once_per_streak(site, service, caplog):
    site.routes["/rss.xml"] = Route(b"oops", status=500)
    clock = Clock()
    poller = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=clock)
    waits = []
    with caplog.at_level(logging.WARNING, logger="bot.feeds"):
        for _ in range(4):
            before = clock.now
            assert poller.poll_due() == []
            state = poller.states[site.url("/rss.xml")]
            waits.append(state.due - before)
            clock.now = state.due
        site.routes["/rss.xml"] = Route((DATA / "rss.xml").read_bytes(), "application/rss+xml")
        poller.poll_due()
    assert waits == [INTERVAL, 2 * INTERVAL, 4 * INTERVAL, 8 * INTERVAL]
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        f"feed {site.url('/rss.xml')} failed: the server answered 500 Internal Server Error; trying again with growing pauses",
        f"feed {site.url('/rss.xml')} works again after 4 failed tries",
    ]
    assert poller.states[site.url("/rss.xml")].failures == 0


def test_back_off_is_capped():
    assert [backoff(60, n) for n in (0, 1, 2, 3)] == [60, 60, 120, 240]
    assert backoff(900, 30) == 6 * 3600


def test_feeds_come_from_repeated_options_or_the_variable():
    args = build_parser().parse_args(["chat", "--feed", "https://a.example/rss", "--feed", "http://b.example/atom", "--feed-interval", "120"])
    settings = Settings.from_sources(args, environ={})
    assert (settings.feeds, settings.feed_interval) == (("https://a.example/rss", "http://b.example/atom"), 120.0)
    settings = Settings.from_sources(None, environ={"TANYA_FEEDS": "https://a.example/rss, https://c.example/feed"})
    assert (settings.feeds, settings.feed_interval) == (("https://a.example/rss", "https://c.example/feed"), 900.0)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"TANYA_FEEDS": "file:///etc/passwd"}, "--feed / TANYA_FEEDS: 'file:///etc/passwd': only http and https addresses are fetched, not file:"),
        ({"TANYA_FEED_INTERVAL": "5"}, "--feed-interval / TANYA_FEED_INTERVAL must be from 60 to 86400 seconds, not '5'"),
    ],
)
def test_bad_feed_settings_are_one_clear_error(environ, message):
    with pytest.raises(SettingsError) as error:
        Settings.from_sources(None, environ=environ)
    assert str(error.value) == message


def test_a_failing_item_is_not_fetched_at_every_poll_and_is_given_up_in_the_end(site, service):
    site.routes["/rss.xml"] = Route((DATA / "rss.xml").read_bytes(), "application/rss+xml")  # no ETag: read every time
    clock = Clock()
    poller = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=clock)
    fetched_at = []
    for poll in range(40):
        requests = len(site.requests)
        poller.poll_due()
        if "/hilang" in [path for path, _ in site.requests[requests:]]:
            fetched_at.append(poll)
        clock.now += INTERVAL
    # Waits of 1, 2, 4, 8 intervals after the failures, and none after the ITEM_TRIES-th.
    assert fetched_at == [0, 1, 3, 7, 15][:ITEM_TRIES]
    assert poller.states[site.url("/rss.xml")].failures == 0  # the feed itself is fine
    assert len(service.documents) == 3


def test_a_failed_item_that_leaves_the_feed_is_forgotten(site, service):
    clock = Clock()
    poller = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=clock)
    poller.poll_due()
    assert list(poller.item_failures[site.url("/rss.xml")]) == [site.url("/hilang")]
    rss = (DATA / "rss.xml").read_text(encoding="utf-8")
    site.routes["/rss.xml"] = Route(rss.replace("{base}/hilang", "{base}/ekonomi/pasar-sekayu").encode("utf-8"), "application/rss+xml")
    clock.now += INTERVAL
    poller.poll_due()
    assert poller.item_failures[site.url("/rss.xml")] == {}


def test_an_article_an_admin_added_is_not_added_again_by_the_feed(site, service):
    outcomes, summary = service.add(lambda archive: list(add_sources([site.url("/ekonomi/pasar-sekayu")], archive)))
    assert [o.status for o in outcomes] == ["added"] and summary is not None and summary.documents == 2
    outcomes = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=Clock()).poll_due()
    assert [(o.source, o.status) for o in outcomes] == [
        (site.url("/ekonomi/pasar-sekayu"), "skipped"),
        (site.url("/daerah/jembatan-gantung"), "added"),
        (site.url("/hilang"), "failed"),
    ]
    assert len(service.documents) == 3
    best = service.ask("berapa anggaran pembangunan jembatan gantung Tanjung Raya", 3).answers[0]
    assert best.url == "https://kabarmusi.example/daerah/2024/10/jembatan-gantung-tanjung-raya"


def test_a_feed_listing_more_items_than_are_read_is_polled_as_usual_and_told_once(service, monkeypatch, caplog):
    # The items not read are no failure of the feed nor of an item: it is polled at the
    # interval, not backed off, and the operator is told once, not at every poll.
    monkeypatch.setattr("retrieval.ingest.MAX_FEED_ITEMS", 1)
    routes = {
        "/rss.xml": Route((DATA / "rss.xml").read_bytes(), "application/rss+xml"),
        "/ekonomi/pasar-sekayu": Route((DATA / "berita_pasar.html").read_bytes(), HTML),
    }
    with serve(Site(routes=routes)) as site, caplog.at_level(logging.INFO, logger="bot.feeds"):
        clock = Clock()
        poller = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=clock)
        outcomes = poller.poll_due()
        clock.now += INTERVAL
        again = poller.poll_due()
    assert [(o.source, o.status) for o in outcomes] == [
        (site.url("/ekonomi/pasar-sekayu"), "added"),
        (f"{site.url('/rss.xml')} (items 2-3)", "unread"),
    ]
    assert [(o.source, o.status) for o in again] == [(site.url("/ekonomi/pasar-sekayu"), "skipped"), (f"{site.url('/rss.xml')} (items 2-3)", "unread")]
    state = poller.states[site.url("/rss.xml")]
    assert state.failures == 0 and state.due == clock.now + INTERVAL
    assert poller.item_failures[site.url("/rss.xml")] == {}
    told = [r.getMessage() for r in caplog.records if "not read" in r.getMessage()]
    assert told == [f"feed {site.url('/rss.xml')}: 2 more items not read: a feed is read to its first 1 items, its newest; add the others' addresses one by one"]


def test_an_admins_add_waits_for_one_feed_item_not_for_the_whole_feed(site, service):
    """Each fetched item is an add of its own: an admin's upload made while the poller
    fetches slow pages goes in after the page being fetched, not after every page of
    the feed (H97: 36 s behind three slow pages, and lost to a stop meanwhile)."""
    for path in ("/ekonomi/pasar-sekayu", "/daerah/jembatan-gantung"):
        site.routes[path] = replace(site.routes[path], delay=1.0)
    poller = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=Clock())
    polling = threading.Thread(target=poller.poll_due)
    polling.start()
    deadline = time.monotonic() + 20
    while not any(path == "/ekonomi/pasar-sekayu" for path, _ in site.requests) and time.monotonic() < deadline:
        time.sleep(0.01)
    pages: list[str] = []

    def admins_upload(archive: object) -> list:
        pages.extend(path for path, _ in site.requests)
        return []

    service.add(admins_upload)
    polling.join(60)
    assert not polling.is_alive()
    assert "/ekonomi/pasar-sekayu" in pages and "/daerah/jembatan-gantung" not in pages
    assert len(service.documents) == 3, "the seed article and the feed's two"


def test_an_article_a_shell_add_published_is_not_added_again_by_the_bot(site, service, tmp_path):
    """A shell's tanya add publishes an index the running bot has not loaded yet (it
    looks every TANYA_WATCH_INTERVAL): an admin's link to the same story must be told a
    duplicate from the index published, not the one loaded (H97: added twice)."""
    from bot.cli import main

    corpus = service.corpus_dir
    assert main(["add", "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), site.url("/ekonomi/pasar-sekayu")]) == 0
    outcomes, summary = service.add(lambda archive: list(add_sources([site.url("/ekonomi/pasar-sekayu")], archive)))
    assert [o.status for o in outcomes] == ["skipped"] and summary is None
    assert len(service.documents) == 2


def test_an_item_found_held_under_another_address_is_not_fetched_at_every_poll(site, service):
    """Both pages give a canonical address other than the feed's link (as a redirect
    or a tracking link does): the archive holds each under that address, and the
    feed's link was fetched again at every poll to find it a duplicate (H97)."""
    site.routes["/rss.xml"] = Route((DATA / "rss.xml").read_bytes(), "application/rss+xml")  # no ETag: read every time
    clock = Clock()
    poller = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=clock)
    for _ in range(3):
        poller.poll_due()
        clock.now += INTERVAL
    pages = [path for path, _ in site.requests if path in ("/daerah/jembatan-gantung", "/ekonomi/pasar-sekayu")]
    assert sorted(pages) == ["/daerah/jembatan-gantung", "/ekonomi/pasar-sekayu"]  # once each, when added
    assert len(service.documents) == 3

    # A feed that drops the item and lists it again later: still known, not fetched.
    rss = (DATA / "rss.xml").read_text(encoding="utf-8")
    site.routes["/rss.xml"] = Route(rss.replace("{base}/daerah/jembatan-gantung", "{base}/hilang").encode("utf-8"), "application/rss+xml")
    poller.poll_due()
    clock.now += INTERVAL
    site.routes["/rss.xml"] = Route((DATA / "rss.xml").read_bytes(), "application/rss+xml")
    requests = len(site.requests)
    poller.poll_due()
    assert "/daerah/jembatan-gantung" in [path for path, _ in site.requests[requests:]]  # forgotten once gone: fetched once more
    requests = len(site.requests)
    clock.now += INTERVAL
    poller.poll_due()
    assert "/daerah/jembatan-gantung" not in [path for path, _ in site.requests[requests:]]


@pytest.mark.parametrize("first", [
    "<item><title>Pengumuman Redaksi</title></item>",  # no link at all
    "<item><title>Berita Tanpa Alamat</title><link>http://[site_url]/berita/1</link></item>",  # a template's placeholder
])
def test_an_item_without_a_usable_link_does_not_stop_the_poller_at_it(first, site, service, caplog):
    """Listed first, such an item failed at every add the poller made for the feed, so
    it never went past it: the feed's articles were never added (H99)."""
    rss = (DATA / "rss.xml").read_text(encoding="utf-8").replace("<item>", first + "<item>", 1)
    site.routes["/rss.xml"] = Route(rss.encode("utf-8"), "application/rss+xml")
    clock = Clock()
    poller = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=clock)
    with caplog.at_level(logging.INFO, logger="bot.feeds"):
        outcomes = poller.poll_due()
    assert [o.status for o in outcomes] == ["failed", "added", "added", "failed"]
    assert len(service.documents) == 3
    assert poller.states[site.url("/rss.xml")].failures == 0  # the feed itself is fine
    assert not [r for r in caplog.records if r.exc_info]
    clock.now += INTERVAL
    requests = len(site.requests)
    again = poller.poll_due()  # the two failures tried again, as any failed item is; nothing else fetched
    assert [o.status for o in again].count("failed") == 2 and "added" not in [o.status for o in again]
    assert [path for path, _ in site.requests[requests:]] == ["/rss.xml", "/hilang"]
    assert len(service.documents) == 3


def test_a_failed_item_is_tried_again_though_its_feed_answers_304(site, service):
    """Asked with its ETag, an unchanged feed answers 304 and its items are not read: an
    item whose page failed once was never tried again (H99). A failed item due again has
    the feed read whole; otherwise the feed costs a 304."""
    clock = Clock()
    poller = FeedPoller([site.url("/rss.xml")], INTERVAL, service, clock=clock)
    fetched_at, not_modified = [], 0
    for poll in range(40):
        requests = len(site.requests)
        poller.poll_due()
        asked = site.requests[requests:]
        if "/hilang" in [path for path, _ in asked]:
            fetched_at.append(poll)
        not_modified += any(path == "/rss.xml" and "if-none-match" in headers for path, headers in asked)
        clock.now += INTERVAL
    assert fetched_at == [0, 1, 3, 7, 15][:ITEM_TRIES]  # as for a feed without an ETag
    assert not_modified == 40 - ITEM_TRIES  # the polls with no item due ask with the ETag
    assert len(service.documents) == 3
