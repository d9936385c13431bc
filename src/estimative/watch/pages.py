"""Reading the watch's fetched pages: the article (trafilatura), the report made of it and, on a
large pass, the report's extraction, in worker processes beside the one that assesses and stores.

The assessment's steps read the store and the watch writes it (one writer), so they stay in the
watch's process, in feed order; extraction needs no store, only the gazetteer's layer of the
store's own places (`geo.event_places.store_places`), which each worker is given when it starts.
A reading made under places the store no longer has (a dataset ingested meanwhile) is not used:
the assessment reads the report again itself (`assess.api.assess`). Either way the report is read
by the same code from the same text, so it is assessed and stored exactly as without workers.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from estimative.assess.api import Reading
from estimative.geo.event_places import store_places
from estimative.watch.fetch import Article, RawPage, read_article

log = logging.getLogger("estimative.watch")
READERS_FROM = 100  # items in a pass from which pages are read in worker processes (each takes seconds to start)
MAX_READERS = 4
READ_HERE_WHILE_STARTING = True  # False: wait for the workers to start (`PageReaders.take`)

PlacesKey = tuple[Any, ...]  # the store's `dataset_version` that a reading's places were read at


@dataclass(frozen=True)
class Page:
    """A fetched item's article and the report made of it: the item's title (else the article's)
    and the article's text, dated by the item (else by the article)."""

    article: Article
    text: str
    published: datetime | None
    reading: Reading | Exception | None = None  # the report's extraction, or why it was refused


def report_as_of(published: datetime | None) -> str | None:
    """The day a watched report is assessed as of: its publication's."""
    return published.date().isoformat() if published else None


def read_page(raw: RawPage, url: str, title: str | None, published: datetime | None,
              places: PlacesKey | None = None) -> Page:
    """The page's article and report (a Skip when it has no article text); with `places` (the
    key of the places the gazetteer holds), the report's extraction too."""
    from estimative.web.reports import ReportInputError, read_report_text

    article = read_article(raw, url)
    when = published or (datetime.combine(article.published, datetime.min.time()) if article.published else None)
    text = "\n\n".join(x for x in (title or article.title, article.text) if x)
    if places is None:
        return Page(article, text, when)
    try:
        reading: Reading | Exception = read_report_text(text, report_as_of(when), places)
    except ReportInputError as exc:
        reading = exc
    return Page(article, text, when, reading)


def _start_reader(places: list[Any]) -> None:
    from estimative.geo.gazetteer import use_event_places

    use_event_places(places)


@dataclass(frozen=True)
class PendingPage:
    """A fetched page given to the readers, and its reading to come (None: the readers could not take it)."""

    raw: RawPage
    url: str
    title: str | None
    published: datetime | None
    future: Future[Page] | None
    readers: PageReaders

    def taken(self) -> Page:
        """The page as its readers read it (`PageReaders.take`)."""
        return self.readers.take(self)


class PageReaders:
    """Worker processes reading pages with their extraction (`read_page`), under the store's
    places as they were when the readers started."""

    def __init__(self, store: Any, workers: int | None = None) -> None:
        self.places, found = store_places(store)
        workers = workers or max(1, min(MAX_READERS, (os.cpu_count() or 2) - 1))
        self._answered = threading.Event()  # a worker has read a page: they have started
        # spawned, not forked: the watch's process holds threads and the store's connection
        self.pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_reader, initargs=(found,))

    def submit(self, raw: RawPage, url: str, title: str | None, published: datetime | None) -> PendingPage:
        """Give a fetched page to the workers (`take` gives its reading)."""
        future = None
        if self.pool is not None:
            try:
                future = self.pool.submit(read_page, raw, url, title, published, self.places)
                future.add_done_callback(self._started)
            except (BrokenProcessPool, RuntimeError) as exc:  # a worker died, or the pool was shut
                self._stopped(exc)
        return PendingPage(raw, url, title, published, future, self)

    def take(self, pending: PendingPage) -> Page:
        """The page as a worker read it. Until a worker has answered once (starting one takes
        seconds), a page not read yet is read here instead, the report's extraction left to the
        assessment, so that the assessment does not wait for the workers to start; likewise when
        the workers are gone."""
        future = pending.future
        if future is not None and (not READ_HERE_WHILE_STARTING or self._answered.is_set() or future.done()):
            try:
                return future.result()
            except (BrokenProcessPool, CancelledError) as exc:
                self._stopped(exc)
        elif future is not None:
            future.cancel()  # read here; a worker may still read it (then its reading is not used)
        return read_page(pending.raw, pending.url, pending.title, pending.published)

    def _started(self, future: Future[Page]) -> None:
        if not future.cancelled() and not isinstance(future.exception(), BrokenProcessPool):
            self._answered.set()

    def _stopped(self, exc: BaseException) -> None:
        if self.pool is not None:
            log.warning("page readers stopped (%s): pages are read in the watch's process", exc or type(exc).__name__)
        self.pool = None

    def close(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
