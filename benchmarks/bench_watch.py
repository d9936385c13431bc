"""Watch throughput: one `--once` pass over a feed of ESTIMATIVE_BENCH_WATCH_ITEMS (default 1,000)
items served by a local HTTP server on 127.0.0.1, assessment, storage, incident merging and
alerting included.

The articles are real incidents read at run time from the RAND Database of Worldwide Terrorism
Incidents in ../shared/data (the latest rows with a description of 80 characters or more; nothing
of it is kept in the repo): each becomes an HTML page (a headline made of city, country and
weapon, and the row's description) and an RSS item dated by the row. The store is the curated
record (what `open_store` seeds), with one watchlist of 1,000 km around Baghdad (no webhook, so alerts are
raised and recorded without network). Building the store and the server is not timed.

The politeness delay is 0 here (POLITENESS_DELAY, printed as `politeness_delay_seconds`): the
one host is the benchmark's own server on 127.0.0.1. The watch's default for real hosts stays 1
second between two requests to one host (`PoliteClient`).

Figures: items, stored, incidents opened and merged, skipped, seconds, items_per_second, and the
CPU time over the pass (on a shared machine the wall time depends on the other jobs, this much
less): `cpu_seconds`, the benchmark's process, all its threads; `main_thread_cpu_seconds`, the
thread that assesses and stores (the bound: it runs in order); `readers_cpu_seconds`, the worker
processes reading the pages (`watch.pages`; they end with the pass); `total_cpu_seconds`, both;
and each per 1,000 items.
Goal (issue #20): >= 20 items per second.
"""
from __future__ import annotations

import csv
import os
import resource
import shutil
import tempfile
import threading
import time
from datetime import datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from estimative.eval import resolve_data_dir
from estimative.store.seed import open_store
from estimative.watch.runner import Watcher
from estimative.web import alerts
from estimative.web.alerts import WebhookSender

ITEMS = int(os.environ.get("ESTIMATIVE_BENCH_WATCH_ITEMS", "1000"))
RAND_CSV = "rand_rdwti/rand_rdwti_1968_2009.csv"
GOAL_ITEMS_PER_SECOND = 20.0
POLITENESS_DELAY = 0.0  # seconds between two requests to the benchmark's own server (see above)


def rand_rows(n: int) -> list[dict[str, str]]:
    """The latest `n` RAND rows with a usable description, oldest first."""
    with open(resolve_data_dir(None) / RAND_CSV, encoding="utf-8", errors="replace", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if len((r.get("Description") or "").strip()) >= 80]
    return rows[-n:]


def site_pages(rows: list[dict[str, str]], base: str) -> dict[str, tuple[str, bytes]]:
    """path -> (content type, body): one article page per row, and the feed listing them all."""
    pages: dict[str, tuple[str, bytes]] = {}
    items = []
    for i, r in enumerate(rows):
        title = f"{r['Weapon']} attack in {r['City']}, {r['Country']}"
        path = f"/news/{i}.html"
        body = " ".join(r["Description"].split())
        pages[path] = ("text/html", (f"<!doctype html><html><head><title>{escape(title)}</title></head><body>"
                                     f"<article><h1>{escape(title)}</h1><p>{escape(body)}</p></article>"
                                     "</body></html>").encode())
        when = datetime.strptime(r["Date"], "%Y-%m-%d").replace(hour=12)
        items.append(f"<item><title>{escape(title)}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
                     f"<pubDate>{format_datetime(when)}</pubDate></item>")
    pages["/feed.xml"] = ("application/rss+xml", (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Bench Wire</title>"
        f"<link>{base}/</link><description>benchmark feed</description>{''.join(items)}</channel></rss>").encode())
    return pages


def _server(pages: dict[str, tuple[str, bytes]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            page = pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", page[0])
            self.send_header("Content-Length", str(len(page[1])))
            self.end_headers()
            self.wfile.write(page[1])

        def log_message(self, *args: object) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


def _children_cpu() -> float:
    """CPU time of the child processes ended and waited for (the watch's page readers)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run() -> dict[str, Any]:
    rows = rand_rows(ITEMS)
    pages: dict[str, tuple[str, bytes]] = {}
    server = _server(pages)  # the handler reads `pages`, filled once the port is known
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages.update(site_pages(rows, base))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    sender = WebhookSender(secret="", smtp=None)
    try:
        with open_store(tmp / "watch.duckdb") as store:
            alerts.create(store, alerts.validate("Baghdad and around", 33.31, 44.37, alerts.MAX_RADIUS_KM))
            watcher = Watcher(store, [f"{base}/feed.xml"], delay=POLITENESS_DELAY,
                              on_change=lambda events: sender.notify(store, events))
            started, cpu_started, main_started = time.perf_counter(), time.process_time(), time.thread_time()
            children_started = _children_cpu()
            summary = watcher.run_once()
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu_started
            main_seconds = time.thread_time() - main_started
            readers_seconds = _children_cpu() - children_started
            watcher.close()
            raised = len(alerts.live_alerts(store, 0, 100000)["alerts"])
    finally:
        sender.close()
        server.shutdown()
        server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)
    return {"items": summary.items, "stored": summary.stored, "incidents_opened": summary.opened,
            "incidents_merged": summary.merged, "skipped": len(summary.skipped), "alerts_raised": raised,
            "seconds": round(seconds, 2), "items_per_second": round(summary.items / seconds, 2),
            "cpu_seconds": round(cpu_seconds, 2), "main_thread_cpu_seconds": round(main_seconds, 2),
            "readers_cpu_seconds": round(readers_seconds, 2),
            "total_cpu_seconds": round(cpu_seconds + readers_seconds, 2),
            "main_thread_cpu_seconds_per_1000_items": round(1000 * main_seconds / max(summary.items, 1), 1),
            "total_cpu_seconds_per_1000_items": round(1000 * (cpu_seconds + readers_seconds) / max(summary.items, 1), 1),
            "cpu_count": os.cpu_count(), "politeness_delay_seconds": POLITENESS_DELAY,
            "load_average": round(os.getloadavg()[0], 1), "goal_items_per_second": GOAL_ITEMS_PER_SECOND}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
