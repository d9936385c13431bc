"""A burst of concurrent assessments against `estimative serve` (issue #22's acceptance): 200
`POST /api/assess` at once must each get an answer or a 503 (never hang, never a 5xx other than
503), and the server's memory must be back within 20% of its idle level 60 s after the burst.

The server runs in its own process on a loopback port over a store seeded with the bundled
knowledge (what `make demo` builds); the report texts are real RAND incident descriptions read
from ../shared/data. Its resident memory is read from /proc while the burst runs and after.

    .venv/bin/python -m benchmarks.bench_burst      # prints the figures as JSON
"""
from __future__ import annotations

import asyncio
import json
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from benchmarks.bench_web import ASSESS_AS_OF, _free_port, assess_texts, start_server

BURST = 200
SETTLE_SECONDS = 60.0
CLIENT_TIMEOUT_S = 300.0
MEMORY_GOAL = 1.20  # at most 20% above the idle level, SETTLE_SECONDS after the burst


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process (Linux /proc), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


class PeakRss:
    """Samples a process's resident memory every 0.2 s on a thread, keeping the highest."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid) or 0.0)
            self._stop.wait(0.2)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def burst(base: str, texts: list[str]) -> dict[str, Any]:
    """BURST assessments sent at once; the status of each answer, or the client error."""
    limits = httpx.Limits(max_connections=BURST, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=CLIENT_TIMEOUT_S, limits=limits, trust_env=False) as client:
        async def one(i: int) -> str:
            try:
                r = await client.post("/api/assess", json={"text": texts[i % len(texts)], "as_of": ASSESS_AS_OF})
            except httpx.HTTPError as exc:
                return type(exc).__name__
            return str(r.status_code)

        started = time.perf_counter()
        outcomes = await asyncio.gather(*(one(i) for i in range(BURST)))
        return {"seconds": round(time.perf_counter() - started, 1), "outcomes": dict(Counter(outcomes))}


def run() -> dict[str, Any]:
    from estimative.store.seed import open_store

    work = Path(tempfile.mkdtemp(prefix="estimative-burst-"))
    db = work / "burst.duckdb"
    open_store(db).close()  # seeded with the bundled knowledge, as `make demo` does
    port = _free_port()
    proc = start_server(db, port, work / "server.log")
    base = f"http://127.0.0.1:{port}"
    texts = assess_texts()
    try:
        first = httpx.post(f"{base}/api/assess", json={"text": texts[0], "as_of": ASSESS_AS_OF},
                           timeout=CLIENT_TIMEOUT_S, trust_env=False)
        time.sleep(5)
        idle = rss_mb(proc.pid)
        with PeakRss(proc.pid) as peak:
            result = asyncio.run(burst(base, texts))
        time.sleep(SETTLE_SECONDS)
        after = rss_mb(proc.pid)
        still_answers = httpx.get(f"{base}/api/events?limit=1", timeout=30, trust_env=False).status_code
    finally:
        proc.terminate()
        proc.wait(30)
    outcomes = result["outcomes"]
    answered = sum(n for status, n in outcomes.items() if status in ("200", "503"))
    ratio = round(after / idle, 3) if idle and after else None
    return {
        "requests": BURST, "first_request_status": first.status_code, **result,
        "answered_or_503": answered, "every_request_answered_or_503": answered == BURST,
        "rss_idle_mb": round(idle or 0, 1), "rss_peak_mb": round(peak.peak, 1),
        "rss_after_settle_mb": round(after or 0, 1), "settle_seconds": SETTLE_SECONDS,
        "rss_after_over_idle": ratio, "memory_goal_met": ratio is not None and ratio <= MEMORY_GOAL,
        "server_answers_after_burst": still_answers,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
