"""The watch loop: each pass polls every feed, and each item not seen before is fetched, assessed,
stored with its provenance and merged into its incident. Everything seen is in the store, so a
restart resumes where the last run stopped. Nothing an item or feed does is fatal: a bad feed,
a timeout, a 404, a page that is not HTML or an item seen twice is logged and passed over."""
from __future__ import annotations

import logging
import threading
import time as _time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from estimative.assess.api import report_id_for
from estimative.model import Event
from estimative.store.database import Store
from estimative.store.watch import ItemRecord, feed_state, items, items_done, keep_feed_state, keep_items
from estimative.watch.fetch import PoliteClient, Skip, fetch_feed, fetch_page
from estimative.watch.merge import Provenance, store_watched_report
from estimative.watch.pages import READERS_FROM, Page, PageReaders, PendingPage, read_page

log = logging.getLogger("estimative.watch")
FLUSH_SECONDS = 2.0  # item records and the listing copy are brought up to date this often during a pass
ITEM_BATCH = 100
FETCH_AHEAD = 8  # article pages fetched ahead of the one being assessed
FETCH_THREADS = 4  # threads fetching them: pages of several hosts go side by side


@dataclass
class PassSummary:
    feeds: int = 0
    items: int = 0
    stored: int = 0
    merged: int = 0
    opened: int = 0
    already_seen: int = 0
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"feeds": self.feeds, "items": self.items, "stored": self.stored, "incidents_opened": self.opened,
                "incidents_merged": self.merged, "already_seen": self.already_seen,
                "duplicates": self.duplicates, "skipped": self.skipped}


@dataclass(frozen=True)
class Fetched:
    """An item's page as the fetching thread left it: the article, or why it was passed over."""

    at: datetime
    page: Page | PendingPage | None  # pending: given to the page readers
    skip: Skip | None


@dataclass(frozen=True)
class FeedItem:
    key: str
    url: str | None
    title: str | None
    published: datetime | None
    outlet: str


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def feed_items(feed_url: str, body: bytes) -> list[FeedItem]:
    """The items of an RSS or Atom document; a document with none that feedparser cannot read
    is refused (Skip)."""
    import feedparser

    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        raise Skip(f"not a readable feed ({parsed.get('bozo_exception')}): {feed_url}")
    feed_outlet = parsed.feed.get("title") or urlsplit(feed_url).netloc
    out = []
    for entry in parsed.entries:
        key = entry.get("id") or entry.get("link")
        if not key:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        outlet = (entry.get("source") or {}).get("title") or feed_outlet
        out.append(FeedItem(key, entry.get("link"), entry.get("title"),
                            datetime(*when[:6]) if when else None, outlet))
    return out


class Watcher:
    """Polls `feeds` into `store`. `on_change` is called with the incidents each stored report
    opened or updated (as stored after the merge), e.g. to alert on them."""

    def __init__(self, store: Store, feeds: list[str], delay: float = 1.0, timeout: float = 15.0,
                 on_change: Callable[[list[Event]], Any] | None = None) -> None:
        self.store = store
        self.feeds = list(dict.fromkeys(feeds))
        self.client = PoliteClient(delay=delay, timeout=timeout)
        self.on_change = on_change
        self._unlisted = False  # a report was stored since the listing copy was last rebuilt
        self._kept: list[ItemRecord] = []  # item records not written yet (see _flush)
        self._flushed_at = _time.monotonic()

    def run_once(self) -> PassSummary:
        try:
            return self._pass()
        finally:
            self._flush(force=True)

    def _keep(self, record: ItemRecord) -> None:
        self._kept.append(record)
        self._flush()

    def _flush(self, force: bool = False) -> None:
        """Write the item records kept so far in one statement, and rebuild the store's listing
        copy (what the workbench's pages read; it copies every current event, so a large store
        takes a while) when a report was stored: every FLUSH_SECONDS or ITEM_BATCH items during
        a pass, and at its end. An item whose record a crash lost is fetched again by the next
        run and found stored (a duplicate): its report and incidents are written at once."""
        now = _time.monotonic()
        if not (force or now - self._flushed_at >= FLUSH_SECONDS or len(self._kept) >= ITEM_BATCH):
            return
        keep_items(self.store, self._kept)
        self._kept = []
        if self._unlisted:
            self.store.refresh_listing()
            self._unlisted = False
        self._flushed_at = now

    def _pass(self) -> PassSummary:
        summary = PassSummary(feeds=len(self.feeds))
        keys: set[str] = set()
        todo: list[tuple[str, FeedItem]] = []
        for feed_url in self.feeds:
            polled = self._poll(feed_url, summary)
            done = items_done(self.store, [item.key for item in polled])
            for item in polled:
                summary.items += 1
                if item.key in keys:
                    summary.duplicates += 1
                    log.info("duplicate item skipped: %s", item.key)
                elif item.key in done:
                    summary.already_seen += 1
                else:
                    todo.append((feed_url, item))
                keys.add(item.key)
        for rec in items(self.store, "retry"):  # left by a timeout or a 5xx, in a feed that has not changed since
            if rec.item_key not in keys and rec.feed_url in self.feeds:
                keys.add(rec.item_key)
                todo.append((rec.feed_url, FeedItem(rec.item_key, rec.url, rec.title, rec.published, rec.outlet)))
        readers = PageReaders(self.store) if len(todo) >= READERS_FROM else None
        try:
            for (feed_url, item), fetched in self._fetched_ahead(todo, readers):
                self._take(feed_url, item, fetched, summary)
        finally:
            if readers is not None:
                readers.close()
        return summary

    def _fetched_ahead(self, todo: list[tuple[str, FeedItem]],
                       readers: PageReaders | None) -> Iterator[tuple[tuple[str, FeedItem], Fetched]]:
        """The items in order, each with its article: pages are fetched and read on FETCH_THREADS
        threads up to FETCH_AHEAD items ahead of the one being assessed (here, in order), so that
        the network, the politeness delay (per host: `PoliteClient`) and reading the pages overlap
        the assessment, and pages of different hosts overlap each other. With `readers` (a large
        pass), the pages and their reports' extraction are read in worker processes."""
        with ThreadPoolExecutor(max_workers=FETCH_THREADS, thread_name_prefix="estimative-fetch") as pool:
            pending: deque[tuple[tuple[str, FeedItem], Future[Fetched]]] = deque()
            queue = iter(todo)
            while True:
                while len(pending) < FETCH_AHEAD and (entry := next(queue, None)) is not None:
                    pending.append((entry, pool.submit(self._fetch, entry[1], readers)))
                if not pending:
                    return
                entry, future = pending.popleft()
                yield entry, future.result()

    def _fetch(self, item: FeedItem, readers: PageReaders | None) -> Fetched:
        fetched_at = _now()
        try:
            if not item.url:
                raise Skip(f"item has no link: {item.key}")
            raw = fetch_page(self.client, item.url)
            page = (readers.submit(raw, item.url, item.title, item.published) if readers
                    else read_page(raw, item.url, item.title, item.published))
            return Fetched(fetched_at, page, None)
        except Skip as exc:
            return Fetched(fetched_at, None, exc)

    def run(self, interval: float, stop: threading.Event | None = None) -> None:
        """Pass after pass, `interval` seconds apart, until `stop` is set (or the process stops)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            started = _time.monotonic()
            summary = self.run_once()
            log.info("watch pass: %s", summary.to_dict())
            stop.wait(max(0.0, interval - (_time.monotonic() - started)))

    def close(self) -> None:
        self.client.close()

    def _poll(self, feed_url: str, summary: PassSummary) -> list[FeedItem]:
        state = feed_state(self.store, feed_url)
        try:
            resp = fetch_feed(self.client, state)
            if resp.body is None:
                keep_feed_state(self.store, state, "not modified")
                return []
            found = feed_items(feed_url, resp.body)
        except Skip as exc:
            log.warning("feed skipped: %s", exc)
            summary.skipped.append(str(exc))
            keep_feed_state(self.store, state, f"skipped: {exc}")
            return []
        keep_feed_state(self.store, resp.state, "ok")
        return found

    def _take(self, feed_url: str, item: FeedItem, page: Fetched, summary: PassSummary) -> None:
        from estimative.web.reports import ReportInputError

        fetched = page.at
        record = ItemRecord(item.key, feed_url, item.url, item.outlet, item.title, item.published, fetched, "stored")
        try:
            if page.page is None:
                raise page.skip or Skip(f"nothing fetched: {item.key}")
            got = page.page if isinstance(page.page, Page) else page.page.taken()
            article = got.article
            text = got.text
            prov = Provenance(feed_url, article.url, item.outlet, item.title or article.title, got.published, fetched)
            outcomes = store_watched_report(self.store, text, prov, got.reading)
        except Skip as exc:
            log.warning("item skipped: %s", exc)
            summary.skipped.append(str(exc))
            self._keep(_with(record, "retry" if exc.retry else "skipped", str(exc)))
            return
        except ReportInputError as exc:
            log.warning("item skipped: %s: %s", item.url, exc)
            summary.skipped.append(f"{item.url}: {exc}")
            self._keep(_with(record, "skipped", str(exc)))
            return
        if outcomes is None:
            summary.duplicates += 1
            log.info("duplicate report skipped (same text stored): %s", item.url)
            self._keep(_with(record, "duplicate", "same text already stored"))
            return
        summary.stored += 1
        self._unlisted = self._unlisted or bool(outcomes)
        summary.merged += sum(o.merged for o in outcomes)
        summary.opened += sum(not o.merged for o in outcomes)
        if self.on_change and outcomes:
            changed = [self.store.get(i) for i in dict.fromkeys(o.incident_id for o in outcomes)]
            try:
                self.on_change([e for e in changed if e is not None])
            except Exception:  # a failing listener never stops the watch
                log.exception("watch listener failed")
        self._keep(replace(record, published=prov.published, report_id=report_id_for(text)))


def _with(record: ItemRecord, status: str, reason: str) -> ItemRecord:
    return replace(record, status=status, reason=reason)


class BackgroundWatch:
    """A Watcher on its own thread (`estimative serve --watch`): pass after pass until `stop()`."""

    def __init__(self, watcher: Watcher, interval: float) -> None:
        self.watcher = watcher
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(interval,), name="estimative-watch", daemon=True)

    def start(self) -> BackgroundWatch:
        self.thread.start()
        return self

    def _run(self, interval: float) -> None:
        try:
            self.watcher.run(interval, self._stop)
        except Exception:  # logged; the server goes on without the watch
            log.exception("the watch stopped")

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.thread.join(timeout)
        self.watcher.close()


def serve_watch(bench: Any, feeds: list[str], interval: float) -> BackgroundWatch:
    """Start watching `feeds` into the workbench's store: each new or updated incident bumps the
    workbench's caches and goes to its watchlists' webhooks, as a report saved by hand does."""

    def changed(events: list[Event]) -> None:
        bench.wrote()
        bench.webhooks.notify(bench.store, events)

    return BackgroundWatch(Watcher(bench.store, feeds, on_change=changed), interval).start()
