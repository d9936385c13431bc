"""HTTP for the watch: one client, a politeness delay per host, conditional feed requests, and
article pages read with trafilatura (text and date), never by hand-written HTML stripping."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import httpx

from estimative.store.watch import FeedState

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PAGE_BYTES = 5_000_000


class Skip(Exception):
    """An item or feed that is passed over; the message says why. `retry`: try again next pass."""

    def __init__(self, reason: str, retry: bool = False) -> None:
        super().__init__(reason)
        self.retry = retry


@dataclass(frozen=True)
class FeedResponse:
    body: bytes | None  # None: not modified since the last request
    state: FeedState


@dataclass(frozen=True)
class Article:
    url: str
    title: str | None
    text: str
    published: date | None


class PoliteClient:
    """An httpx client that makes one request at a time to each host, `delay` seconds apart
    (from the end of one to the start of the next); requests to different hosts go side by side
    (the client is shared by the watch's fetching threads)."""

    def __init__(self, delay: float = 1.0, timeout: float = 15.0) -> None:
        self.delay = delay
        self._last: dict[str, float] = {}
        self._hosts: dict[str, threading.Lock] = {}
        self._hosts_guard = threading.Lock()
        self.client = httpx.Client(timeout=timeout, follow_redirects=True,
                                   headers={"User-Agent": "estimative-watch/0.1 (+https://github.com/estimative)"})

    def _host_turn(self, host: str) -> threading.Lock:
        with self._hosts_guard:
            return self._hosts.setdefault(host, threading.Lock())

    def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        """One request, after the host's previous one ended `delay` seconds ago or more."""
        host = urlsplit(url).netloc
        with self._host_turn(host):
            wait = self._last.get(host, -1e9) + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return self.client.get(url, headers=headers or {})
            except httpx.TimeoutException as exc:
                raise Skip(f"timed out: {url}", retry=True) from exc
            except (httpx.HTTPError, ValueError) as exc:
                raise Skip(f"cannot fetch {url}: {exc}", retry=True) from exc
            finally:
                self._last[host] = time.monotonic()

    def close(self) -> None:
        self.client.close()


def fetch_feed(client: PoliteClient, state: FeedState) -> FeedResponse:
    """The feed's body, or None when the server says it has not changed (ETag/Last-Modified)."""
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    resp = client.get(state.feed_url, headers)
    if resp.status_code == 304:
        return FeedResponse(None, state)
    _check_status(resp, state.feed_url)
    return FeedResponse(resp.content, FeedState(state.feed_url, resp.headers.get("ETag"),
                                                resp.headers.get("Last-Modified")))


@dataclass(frozen=True)
class RawPage:
    url: str  # where it was found (after redirects)
    html: str


def fetch_page(client: PoliteClient, url: str) -> RawPage:
    """The HTML page at `url`; an error, a page that is not HTML or a too large one is a Skip."""
    resp = client.get(url)
    _check_status(resp, url)
    ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if ctype not in HTML_TYPES:
        raise Skip(f"not an HTML page ({ctype or 'no content type'}): {url}")
    if len(resp.content) > MAX_PAGE_BYTES:
        raise Skip(f"page larger than {MAX_PAGE_BYTES:,} bytes: {url}")
    return RawPage(str(resp.url), resp.text)


def read_article(page: RawPage, url: str) -> Article:
    """The article of a fetched page (asked for as `url`): its main text, title and date as
    trafilatura reads them."""
    import trafilatura

    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, include_comments=False,
                                      favor_precision=True)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise Skip(f"no article text found: {url}")
    return Article(url=page.url, title=getattr(doc, "title", None), text=text,
                   published=_day(getattr(doc, "date", None)))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _check_status(resp: httpx.Response, url: str) -> None:
    if resp.status_code >= 500 or resp.status_code == 429:
        raise Skip(f"HTTP {resp.status_code}: {url}", retry=True)
    if resp.status_code >= 400:
        raise Skip(f"HTTP {resp.status_code}: {url}")
