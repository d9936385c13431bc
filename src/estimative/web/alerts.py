"""Watchlists and their alerts: a watched asset is a point and a radius; an alert is a stored
incident inside that radius. New incidents stored through the workbench are also POSTed to the
watchlist's webhook, in the background, so a slow receiver never holds up a request.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import os
import threading
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from estimative.geo import haversine_km
from estimative.geo.distance import EARTH_RADIUS_KM
from estimative.model import Event
from estimative.store import EventFilter, Store

log = logging.getLogger("estimative.web")

MAX_RADIUS_KM = 1000.0
WEBHOOK_TIMEOUT_S = 5.0
WEBHOOK_BACKOFF_S = (0.5, 1.0, 2.0)  # waits between attempts: four attempts in all
WEBHOOK_SECRET_ENV = "ESTIMATIVE_WEBHOOK_SECRET"  # HMAC key for webhook signatures (else the API token)
ALERT_COLUMNS = ("event_id", "source", "date_start", "country", "location", "lat", "lon", "event_type",
                 "sub_event_type", "perpetrator", "fatalities", "injuries", "known_from")
_PAGE = 2000


class WatchlistError(ValueError):
    """A watchlist field the user can fix; the message says which."""


@dataclass(slots=True)
class WatchlistIn:
    name: str
    lat: float
    lon: float
    radius_km: float
    webhook_url: str | None = None


def validate(name: Any, lat: Any, lon: Any, radius_km: Any, webhook_url: Any = None) -> WatchlistIn:
    """Check a watchlist from a form or JSON: numbers in range, a name, an http(s) webhook."""
    name = str(name or "").strip()
    if not name or len(name) > 120:
        raise WatchlistError("name must be 1 to 120 characters")
    try:
        lat_f, lon_f, r = float(lat), float(lon), float(radius_km)
    except (TypeError, ValueError):
        raise WatchlistError("latitude, longitude and radius must be numbers") from None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        raise WatchlistError("latitude must be within -90..90 and longitude within -180..180")
    if not 0 < r <= MAX_RADIUS_KM:
        raise WatchlistError(f"radius must be more than 0 and at most {MAX_RADIUS_KM:.0f} km")
    url = str(webhook_url or "").strip() or None
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
            raise WatchlistError("webhook URL must be an http:// or https:// address (at most 500 characters)")
    return WatchlistIn(name, lat_f, lon_f, r, url)


def create(store: Store, w: WatchlistIn) -> dict[str, Any]:
    wid = "wl-" + uuid.uuid4().hex[:10]
    store.execute_write("watchlist.insert", [wid, w.name, w.lat, w.lon, w.radius_km, w.webhook_url,
                                             datetime.now().replace(microsecond=0)])
    return store.watchlist(wid) or {}


def bbox_around(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """The smallest lon/lat box holding the circle (whole longitudes near a pole or the date line)."""
    d = radius_km / EARTH_RADIUS_KM
    lat0, lat1 = lat - math.degrees(d), lat + math.degrees(d)
    if lat0 <= -90 or lat1 >= 90:
        return -180.0, max(lat0, -90.0), 180.0, min(lat1, 90.0)
    dlon = math.degrees(math.asin(min(1.0, math.sin(d) / math.cos(math.radians(lat)))))
    lon0, lon1 = lon - dlon, lon + dlon
    if lon0 < -180 or lon1 > 180:
        lon0, lon1 = -180.0, 180.0
    return lon0, lat0, lon1, lat1


def alerts_for(store: Store, watchlist: dict[str, Any], *, since: date | None = None, as_of: Any = None,
               limit: int = 50) -> list[dict[str, Any]]:
    """Stored incidents inside the watchlist's radius, newest first, each with its distance.

    The box query narrows to candidates in SQL; the exact great-circle distance decides. `new`
    marks incidents the store learnt of after the watchlist was created.
    """
    lat, lon, radius = watchlist["lat"], watchlist["lon"], watchlist["radius_km"]
    flt = EventFilter(bbox=bbox_around(lat, lon, radius), since=since)
    created = watchlist.get("created_at")
    out: list[dict[str, Any]] = []
    offset = 0
    while len(out) < limit:
        rows = store.event_rows(as_of, flt, columns=ALERT_COLUMNS, limit=_PAGE, offset=offset)
        for row in rows:
            dist = haversine_km(lat, lon, row["lat"], row["lon"])
            if dist <= radius:
                row["distance_km"] = round(dist, 1)
                row["watchlist_id"] = watchlist["watchlist_id"]
                row["watchlist"] = watchlist["name"]
                row["new"] = bool(created and row["known_from"] and row["known_from"] >= created)
                out.append(row)
                if len(out) >= limit:
                    break
        if len(rows) < _PAGE:
            break
        offset += _PAGE
    return out


def all_alerts(store: Store, *, since: date | None = None, watchlist_id: str | None = None,
               limit: int = 50) -> list[dict[str, Any]]:
    """Alerts of every watchlist (or one), newest first."""
    lists = [w for w in store.watchlists() if watchlist_id is None or w["watchlist_id"] == watchlist_id]
    merged = [a for w in lists for a in alerts_for(store, w, since=since, limit=limit)]
    merged.sort(key=lambda a: (a["date_start"], a["event_id"]), reverse=True)
    return merged[:limit]


def webhook_host(url: str | None) -> str | None:
    """What a page shows of a webhook: the host only (the path may hold a secret)."""
    return urlsplit(url).hostname if url else None


class WebhookSender:
    """POSTs alerts to the URLs users configured, on two background threads, with a short timeout.

    Only ever the configured URL: no redirects followed, no proxy from the environment. Failures are logged and kept in
    `recent` (shown on the watchlists page), never raised into a request.
    """

    def __init__(self, timeout: float = WEBHOOK_TIMEOUT_S, secret: str | None = None) -> None:
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="estimative-webhook")
        self._lock = threading.Lock()
        self.recent: deque[dict[str, Any]] = deque(maxlen=50)
        self.dead_letters: deque[dict[str, Any]] = deque(maxlen=500)  # alerts no retry delivered
        self._secret = secret if secret is not None else (os.environ.get(WEBHOOK_SECRET_ENV)
                                                          or os.environ.get("ESTIMATIVE_API_TOKEN"))
        self._sent: set[tuple[str, str, int | None, int | None]] = set()  # each alert queued once
        self._closed = threading.Event()

    def notify(self, store: Store, events: list[Event]) -> int:
        """Queue one POST per (watchlist with a webhook, new event inside its radius)."""
        queued = 0
        for w in store.watchlists():
            if not w.get("webhook_url"):
                continue
            for e in events:
                if e.lat is None or e.lon is None:
                    continue
                dist = haversine_km(w["lat"], w["lon"], e.lat, e.lon)
                key = (w["watchlist_id"], e.id, e.fatalities.best, e.injuries.best)  # an update is a new alert
                if dist <= w["radius_km"] and key not in self._sent:
                    self._sent.add(key)
                    payload = {"type": "estimative.alert", "watchlist": {
                        "id": w["watchlist_id"], "name": w["name"], "lat": w["lat"], "lon": w["lon"],
                        "radius_km": w["radius_km"]},
                        "event": {"id": e.id, "date": e.date_start.isoformat(), "location": e.location,
                                  "country": e.country, "lat": e.lat, "lon": e.lon, "event_type": e.event_type,
                                  "sub_event_type": e.sub_event_type, "fatalities": e.fatalities.best,
                                  "injuries": e.injuries.best},
                        "distance_km": round(dist, 1)}
                    self._pool.submit(self._post, w["webhook_url"], payload)
                    queued += 1
        return queued

    def _post(self, url: str, payload: dict[str, Any]) -> None:
        """POST one alert: signed (`X-Estimative-Signature: sha256=<HMAC-SHA256 of the body>`),
        retried with backoff on a connection error, timeout, 429 or 5xx; a final failure goes to
        `dead_letters`."""
        entry: dict[str, Any] = {"at": datetime.now().replace(microsecond=0), "host": webhook_host(url),
                                 "watchlist_id": payload["watchlist"]["id"], "event_id": payload["event"]["id"]}
        body = json.dumps(payload, sort_keys=True).encode()
        headers = {"Content-Type": "application/json"}
        if self._secret:
            digest = hmac.new(self._secret.encode(), body, hashlib.sha256).hexdigest()
            headers["X-Estimative-Signature"] = f"sha256={digest}"
        attempts = 0
        for wait in (*WEBHOOK_BACKOFF_S, None):
            attempts += 1
            entry.pop("error", None)
            try:
                r = self._client.post(url, content=body, headers=headers)
                entry["status"] = r.status_code
                if r.status_code < 500 and r.status_code != 429:
                    break
            except httpx.HTTPError as exc:
                entry["error"] = type(exc).__name__
            if wait is None or self._closed.wait(wait):
                break
        entry["attempts"] = attempts
        if "error" in entry or entry.get("status", 500) >= 400:
            log.warning("webhook %s failed after %d attempts: %s", entry["host"], attempts,
                        entry.get("error") or entry.get("status"))
            with self._lock:
                self.dead_letters.appendleft({**entry, "url": url, "payload": payload})
        with self._lock:
            self.recent.appendleft(entry)

    def close(self) -> None:
        self._closed.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._client.close()
