"""Keeping the archive fresh from RSS/Atom feeds while `tanya chat` or `tanya telegram` runs.

A background thread asks each feed "anything new?" every interval, with the ETag and
Last-Modified the feed gave last time, so an unchanged feed costs one small 304. New
items are added through the search service (``SearchService.add``): duplicates are told
from the index, and the index is brought up to date at once, reading only the new files,
so the next question is answered from them. A feed that fails waits twice as long after
each failure (up to MAX_BACKOFF_SECONDS) and is logged once when it starts failing and
once when it is back, not at every try. A feed item whose article fails (a dead link,
not a news page) is not fetched again at every poll: it waits likewise, and after
ITEM_TRIES failures it is given up while the bot runs; nor is one added or found a
duplicate (its link may not be the address the article is kept under). Nothing a feed
does stops the bot.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.service import CorpusSummary, SearchService
from retrieval.fetch import FetchError, Fetched, fetch
from retrieval.ingest import MAX_FEED_ITEMS, Archive, Outcome, add_feed

logger = logging.getLogger(__name__)

# A failing feed is tried again after interval * 2**(failures - 1), at most this long.
MAX_BACKOFF_SECONDS = 6 * 3600.0
# A feed item whose article failed this many times in a row is not tried again.
ITEM_TRIES = 5


@dataclass(frozen=True)
class FeedState:
    """One feed: its validators from the last answer, its failure streak, when it is due."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    due: float = 0.0


@dataclass(frozen=True)
class ItemFailure:
    """A feed item whose article could not be added: failures in a row, when it may be
    tried again (never, after ITEM_TRIES)."""

    failures: int
    due: float


def backoff(interval: float, failures: int) -> float:
    """Seconds to wait after ``failures`` failures in a row (none: the interval)."""
    return min(interval * 2 ** max(0, failures - 1), max(interval, MAX_BACKOFF_SECONDS)) if failures else interval


class FeedPoller:
    """Polls ``feeds`` every ``interval`` seconds into ``service``'s corpus."""

    def __init__(
        self,
        feeds: Sequence[str],
        interval: float,
        service: SearchService,
        fetcher: Callable[..., Fetched] = fetch,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self.service = service
        self.fetcher = fetcher
        self.clock = clock
        self.states = {url: FeedState(url) for url in feeds}
        # Per feed, its items that failed, by link: only items still in the feed are kept.
        self.item_failures: dict[str, dict[str, ItemFailure]] = {url: {} for url in feeds}
        # Per feed, the links of its items added or found held: the index keeps an
        # article's own address, and where a link differs from it (a redirect, a page's
        # canonical address), the link was fetched again at every poll to find a
        # duplicate. Passed over while they stay in the feed; after a restart, each
        # is fetched once.
        self.held_links: dict[str, set[str]] = {url: set() for url in feeds}
        # The feeds listing more items than are read, told once (while they do).
        self.read_in_part: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll_due(self) -> list[Outcome]:
        """Poll every feed that is due now, adding its new items through the service
        (which brings the index up to date). Never raises for a feed's sake."""
        now = self.clock()
        outcomes: list[Outcome] = []
        for url, state in list(self.states.items()):
            if state.due <= now:
                outcomes += self._poll(state, now)
        return outcomes

    def _poll(self, state: FeedState, now: float) -> list[Outcome]:
        seen: set[str] = set()  # the feed's links the archive lacks: their failures are kept

        def waiting(link: str) -> bool:
            seen.add(link)
            if link in self.held_links[state.url]:
                return True
            failure = self.item_failures[state.url].get(link)
            return failure is not None and failure.due > now

        # A failed item due again is tried again whether or not the feed changed: asked
        # with its validators, a feed answering 304 kept it from being read at all.
        retrying = any(failure.due <= now for failure in self.item_failures[state.url].values())
        try:
            etag, last_modified = (None, None) if retrying else (state.etag, state.last_modified)
            fetched = self.fetcher(state.url, etag=etag, last_modified=last_modified)
            outcomes: list[Outcome] = []
            if not fetched.not_modified:
                outcomes, summary = self._add_items(state.url, fetched, waiting)
                if summary is not None:
                    logger.info("feeds: the index now holds %d articles", summary.documents)
            if any(o.source == state.url and o.status == "failed" for o in outcomes):
                raise FetchError(next(o.detail for o in outcomes if o.source == state.url))
        except Exception as error:  # a feed must never stop the bot: anything is one more failure
            self._failed(state, now, error)
            return []
        if state.failures:
            logger.warning("feed %s works again after %d failed tries", state.url, state.failures)
        for outcome in outcomes:
            if outcome.status == "added":
                logger.info("feed %s: added %s", state.url, outcome.detail)
        if not fetched.not_modified:
            self._read_in_part(state.url, outcomes)
            self._item_outcomes(state.url, outcomes, seen, now)
            self._held_outcomes(state.url, outcomes, seen)
        self.states[state.url] = replace(
            state,
            etag=fetched.etag or state.etag,
            last_modified=fetched.last_modified or state.last_modified,
            failures=0,
            due=now + self.interval,
        )
        return outcomes

    def _add_items(self, feed: str, fetched: Fetched, waiting: Callable[[str], bool]) -> tuple[list[Outcome], CorpusSummary | None]:
        """The feed's items added through the service one fetched item at a time, each
        in an add of its own: an admin's upload waits for one page, not for every page
        of the feed (a stop meanwhile, after the 30 s systemd gives, lost it). Each
        add reads the feed again against the archive as it then is (the items added
        before are held, those tried not fetched again); the outcomes, one per source,
        and the corpus's summary after the last add that added something."""
        tried: set[str] = set()
        outcomes: dict[str, Outcome] = {}
        summary: CorpusSummary | None = None
        for _ in range(MAX_FEED_ITEMS + 1):  # each add but the last tries one new item
            found: list[Outcome] = []
            before = len(tried)

            def one_item(archive: Archive) -> list[Outcome]:
                for outcome in add_feed(feed, fetched, archive, self._fetch_item, passing=lambda link: waiting(link) or link in tried):
                    found.append(outcome)
                    if outcome.status in ("added", "failed") and outcome.source != feed:
                        tried.add(outcome.source)
                        break  # the lock is let go: the next add goes on from here
                return found

            _, added = self.service.add(one_item)
            summary = added or summary
            for outcome in found:
                outcomes.setdefault(outcome.source, outcome)
            if len(tried) == before:
                break  # the feed read to its end: nothing new was tried
        return list(outcomes.values()), summary

    def _read_in_part(self, feed: str, outcomes: list[Outcome]) -> None:
        """Log once that ``feed`` lists more items than are read, and again only after it
        has stopped doing so for a poll: not at every poll."""
        unread = next((o for o in outcomes if o.status == "unread"), None)
        if unread is None:
            self.read_in_part.discard(feed)
        elif feed not in self.read_in_part:
            self.read_in_part.add(feed)
            logger.warning("feed %s: %s", feed, unread.detail)

    def _item_outcomes(self, feed: str, outcomes: list[Outcome], seen: set[str], now: float) -> None:
        """Remember the items that failed, with their next try; forget the others."""
        failures = {link: f for link, f in self.item_failures[feed].items() if link in seen}
        for outcome in outcomes:
            if outcome.status != "failed":
                failures.pop(outcome.source, None)
                continue
            count = failures[outcome.source].failures + 1 if outcome.source in failures else 1
            if count >= ITEM_TRIES:
                logger.info("feed %s: item %s not added after %d tries, given up: %s", feed, outcome.source, count, outcome.detail)
                failures[outcome.source] = ItemFailure(count, math.inf)
            else:
                logger.info("feed %s: item %s not added: %s", feed, outcome.source, outcome.detail)
                failures[outcome.source] = ItemFailure(count, now + backoff(self.interval, count))
        self.item_failures[feed] = failures

    def _held_outcomes(self, feed: str, outcomes: list[Outcome], seen: set[str]) -> None:
        """Remember the items added, or found held or retracted once fetched; forget
        those the feed no longer lists."""
        held = {link for link in self.held_links[feed] if link in seen}
        held |= {o.source for o in outcomes if o.status in ("added", "skipped", "retracted") and o.source != feed}
        self.held_links[feed] = held

    def _fetch_item(self, url: str) -> Fetched:
        return self.fetcher(url)

    def _failed(self, state: FeedState, now: float, error: Exception) -> None:
        failures = state.failures + 1
        if failures == 1:  # once per streak: a feed down for a day must not fill the log
            logger.warning("feed %s failed: %s; trying again with growing pauses", state.url, error)
        self.states[state.url] = replace(state, failures=failures, due=now + backoff(self.interval, failures))

    # -- the thread ----------------------------------------------------------------------

    def start(self) -> FeedPoller:
        """Poll in a daemon thread: at once, then as feeds fall due."""
        self._thread = threading.Thread(target=self._run, name="tanya-feeds", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_due()
            except Exception:  # pragma: no cover - poll_due guards each feed; this guards the guard
                logger.exception("feeds: polling failed")
            next_due = min((s.due for s in self.states.values()), default=self.clock() + self.interval)
            self._stop.wait(max(1.0, next_due - self.clock()))

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def start_polling(feeds: Sequence[str], interval: float, service: SearchService) -> FeedPoller | None:
    """A running poller for ``feeds`` (None when there are none)."""
    return FeedPoller(feeds, interval, service).start() if feeds else None
