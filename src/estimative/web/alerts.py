"""Watchlists and their alerts: a watched asset is a point and a radius, optionally narrowed to
countries, actors, event types and a minimum severity; an alert is a stored incident that
matches. New and updated incidents (stored through the workbench or the watch) raise alerts,
recorded once in the store (`store.watch.claim_alert`), shown by the live feed and, in the
background, POSTed to the watchlist's webhook and e-mailed to its recipient (web/mail.py).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import os
import re
import threading
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from estimative.geo import haversine_km
from estimative.geo.distance import EARTH_RADIUS_KM
from estimative.model import Event
from estimative.store import EventFilter, Store
from estimative.store import watch as watch_store
from estimative.store.watch import WatchlistFilters
from estimative.web import mail

log = logging.getLogger("estimative.web")

MAX_RADIUS_KM = 1000.0
WEBHOOK_TIMEOUT_S = 5.0
WEBHOOK_BACKOFF_S = (0.5, 1.0, 2.0)  # waits between attempts: four attempts in all
EMAIL_BACKOFF_S = WEBHOOK_BACKOFF_S
WEBHOOK_SECRET_ENV = "ESTIMATIVE_WEBHOOK_SECRET"  # HMAC key for webhook signatures (else the API token)
ALERT_COLUMNS = ("event_id", "source", "date_start", "country", "location", "lat", "lon", "event_type",
                 "sub_event_type", "perpetrator", "fatalities", "injuries", "known_from")
MAX_FILTER_ITEMS = 50
_PAGE = 2000
_ISO3 = re.compile(r"[A-Z]{3}")
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")
_TERM = re.compile(r"[\w .:/()&'-]{1,80}")


class WatchlistError(ValueError):
    """A watchlist field the user can fix; the message says which."""


@dataclass(slots=True)
class WatchlistIn:
    name: str
    lat: float
    lon: float
    radius_km: float
    webhook_url: str | None = None
    filters: WatchlistFilters = field(default_factory=WatchlistFilters)


def _terms(value: Any, what: str) -> tuple[str, ...]:
    """A list, or a comma-separated string, of short terms (empty: no filter)."""
    items = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    out = tuple(dict.fromkeys(t for t in (str(i).strip() for i in items) if t))
    if len(out) > MAX_FILTER_ITEMS:
        raise WatchlistError(f"{what}: at most {MAX_FILTER_ITEMS} entries")
    bad = [t for t in out if not _TERM.fullmatch(t)]
    if bad:
        raise WatchlistError(f"{what}: {bad[0][:40]!r} is not a name (letters, digits, spaces, . : / ( ) & ' -)")
    return out


def validate_filters(countries: Any = None, actors: Any = None, event_types: Any = None,
                     min_severity: Any = None, email_to: Any = None) -> WatchlistFilters:
    """Check a watchlist's filters: ISO3 country codes, actor ids or families, event types, a
    severity of 0 or more, one e-mail address."""
    codes = tuple(c.upper() for c in _terms(countries, "countries"))
    if any(not _ISO3.fullmatch(c) for c in codes):
        raise WatchlistError("countries must be ISO 3166-1 alpha-3 codes such as IRQ, SYR")
    sev: float | None = None
    if min_severity not in (None, ""):
        try:
            sev = float(min_severity)
        except (TypeError, ValueError):
            raise WatchlistError("minimum severity must be a number") from None
        if not 0 <= sev < 1e6:
            raise WatchlistError("minimum severity must be 0 or more")
    email = str(email_to or "").strip() or None
    if email is not None and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        raise WatchlistError("e-mail must be one address such as analyst@example.org")
    return WatchlistFilters(codes, _terms(actors, "actors"), _terms(event_types, "event types"), sev, email)


def validate(name: Any, lat: Any, lon: Any, radius_km: Any, webhook_url: Any = None,
             filters: WatchlistFilters | None = None) -> WatchlistIn:
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
    return WatchlistIn(name, lat_f, lon_f, r, url, filters or WatchlistFilters())


def create(store: Store, w: WatchlistIn) -> dict[str, Any]:
    wid = "wl-" + uuid.uuid4().hex[:10]
    store.add_watchlist(wid, w.name, w.lat, w.lon, w.radius_km, w.webhook_url, datetime.now().replace(microsecond=0))
    watch_store.keep_watchlist_filters(store, wid, w.filters)
    return watchlist(store, wid) or {}


def update_filters(store: Store, watchlist_id: str, filters: WatchlistFilters) -> dict[str, Any] | None:
    """Replace a watchlist's filters; None when there is no such watchlist."""
    if store.watchlist(watchlist_id) is None:
        return None
    watch_store.keep_watchlist_filters(store, watchlist_id, filters)
    return watchlist(store, watchlist_id)


def delete(store: Store, watchlist_id: str) -> None:
    store.delete_watchlist(watchlist_id)
    watch_store.drop_watchlist_filters(store, watchlist_id)


def _with_filters(store: Store, w: dict[str, Any]) -> dict[str, Any]:
    f = watch_store.watchlist_filters(store, w["watchlist_id"])
    return {**w, "countries": list(f.countries), "actors": list(f.actors), "event_types": list(f.event_types),
            "min_severity": f.min_severity, "email_to": f.email_to}


def watchlist(store: Store, watchlist_id: str) -> dict[str, Any] | None:
    """One watchlist with its filters."""
    w = store.watchlist(watchlist_id)
    return _with_filters(store, w) if w else None


def watchlists(store: Store) -> list[dict[str, Any]]:
    """Every watchlist with its filters, oldest first."""
    return [_with_filters(store, w) for w in store.watchlists()]


def filters_of(w: dict[str, Any]) -> WatchlistFilters:
    return WatchlistFilters(tuple(w.get("countries") or ()), tuple(w.get("actors") or ()),
                            tuple(w.get("event_types") or ()), w.get("min_severity"), w.get("email_to"))


def _row_passes(f: WatchlistFilters, country: str | None, types: tuple[str | None, ...]) -> bool:
    """The country and event-type filters (what a stored row and an event both carry)."""
    if f.countries and (country or "").upper() not in f.countries:
        return False
    wanted = {t.casefold() for t in f.event_types}
    return not wanted or any(t and t.casefold() in wanted for t in types)


def matches(w: dict[str, Any], e: Event) -> float | None:
    """The event's distance from the watchlist's centre when it is inside the area and passes
    every filter; None otherwise."""
    if e.lat is None or e.lon is None:
        return None
    dist = haversine_km(w["lat"], w["lon"], e.lat, e.lon)
    f = filters_of(w)
    if dist > w["radius_km"] or not _row_passes(f, e.country, (e.event_type, e.sub_event_type)):
        return None
    if f.actors:
        wanted = {a.casefold() for a in f.actors}
        named = {n.casefold() for p in e.perpetrators for n in (p.id, *p.families) if n}
        if not wanted & named:
            return None
    if f.min_severity is not None:
        from estimative.analysis.severity import severity  # heavy import, only when a threshold is set

        if severity(e).score < f.min_severity:
            return None
    return dist


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
    The country and event-type filters apply here too; the actor and severity filters need the
    whole event and apply when an alert is raised (`matches`).

    The box query narrows to candidates in SQL; the exact great-circle distance decides. `new`
    marks incidents the store learnt of after the watchlist was created.
    """
    lat, lon, radius = watchlist["lat"], watchlist["lon"], watchlist["radius_km"]
    flt = EventFilter(bbox=bbox_around(lat, lon, radius), since=since)
    created = watchlist.get("created_at")
    f = filters_of(watchlist)
    out: list[dict[str, Any]] = []
    offset = 0
    while len(out) < limit:
        rows = store.event_rows(as_of, flt, columns=ALERT_COLUMNS, limit=_PAGE, offset=offset)
        for row in rows:
            dist = haversine_km(lat, lon, row["lat"], row["lon"])
            if dist <= radius and _row_passes(f, row["country"], (row["event_type"], row["sub_event_type"])):
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
    lists = [w for w in watchlists(store) if watchlist_id is None or w["watchlist_id"] == watchlist_id]
    merged = [a for w in lists for a in alerts_for(store, w, since=since, limit=limit)]
    merged.sort(key=lambda a: (a["date_start"], a["event_id"]), reverse=True)
    return merged[:limit]


def webhook_host(url: str | None) -> str | None:
    """What a page shows of a webhook: the host only (the path may hold a secret)."""
    return urlsplit(url).hostname if url else None


def alert_id(watchlist_id: str, e: Event) -> str:
    """One alert per watchlist and incident revision: new casualty counts are a new alert."""
    key = f"{watchlist_id}|{e.id}|{e.fatalities.best}|{e.injuries.best}"
    return "al-" + hashlib.sha256(key.encode()).hexdigest()[:20]


def alert_payload(w: dict[str, Any], e: Event, dist: float, aid: str) -> dict[str, Any]:
    return {"type": "estimative.alert", "alert_id": aid, "watchlist": {
        "id": w["watchlist_id"], "name": w["name"], "lat": w["lat"], "lon": w["lon"], "radius_km": w["radius_km"]},
        "event": {"id": e.id, "date": e.date_start.isoformat(), "location": e.location,
                  "country": e.country, "lat": e.lat, "lon": e.lon, "event_type": e.event_type,
                  "sub_event_type": e.sub_event_type, "fatalities": e.fatalities.best,
                  "injuries": e.injuries.best},
        "distance_km": round(dist, 1)}


def live_alerts(store: Store, after: int = 0, limit: int = 100) -> dict[str, Any]:
    """What the live feed polls: alerts raised after sequence number `after`, oldest first, and
    the last sequence number to ask after next time."""
    records = watch_store.alerts_after(store, after, limit)
    rows = [{**json.loads(r.payload), "seq": r.seq, "raised_at": r.created_at.isoformat(),
             "webhook": r.webhook_status, "email": r.email_status} for r in records]
    for row in rows:  # the webhook URL may hold a secret: never in the open feed
        row["watchlist"].pop("webhook_url", None)
    return {"alerts": rows, "last": records[-1].seq if records else max(after, 0)}


@dataclass(slots=True)
class _Attempt:
    ok: bool
    retry: bool
    detail: dict[str, Any]


class WebhookSender:
    """Raises alerts and delivers them: a POST to each watchlist's webhook and an e-mail to its
    recipient (when SMTP is configured, web/mail.py), on two background threads.

    An alert is recorded in the store before it is queued, so it is raised, and sent, once per
    store: a restarted server does not send it again. Only ever the configured URL: no redirects
    followed, no proxy from the environment. Failures are retried with backoff, logged, kept in
    `recent` (shown on the watchlists page) and, after the last retry, in `dead_letters` and the
    store (status `dead`); never raised into a request.
    """

    def __init__(self, timeout: float = WEBHOOK_TIMEOUT_S, secret: str | None = None,
                 smtp: mail.SmtpConfig | None = None) -> None:
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="estimative-webhook")
        self._lock = threading.Lock()
        self.recent: deque[dict[str, Any]] = deque(maxlen=50)
        self.dead_letters: deque[dict[str, Any]] = deque(maxlen=500)  # alerts no retry delivered
        self._secret = secret if secret is not None else (os.environ.get(WEBHOOK_SECRET_ENV)
                                                          or os.environ.get("ESTIMATIVE_API_TOKEN"))
        self.smtp = smtp if smtp is not None else mail.SmtpConfig.from_env()
        self._closed = threading.Event()

    def notify(self, store: Store, events: list[Event]) -> int:
        """Raise one alert per (watchlist, new or updated event it matches) not raised before, and
        queue its deliveries; returns how many alerts were raised."""
        raised = 0
        for w in watchlists(store):
            for e in events:
                dist = matches(w, e)
                if dist is None:
                    continue
                aid = alert_id(w["watchlist_id"], e)
                payload = alert_payload(w, e, dist, aid)
                channels = (("webhook",) if w.get("webhook_url") else ()) + \
                    (("email",) if w.get("email_to") and self.smtp else ())
                if watch_store.claim_alert(store, aid, w["watchlist_id"], e.id,
                                           json.dumps(payload, sort_keys=True), channels) is None:
                    continue
                raised += 1
                if "webhook" in channels:
                    self._pool.submit(self._post, store, w["webhook_url"], payload)
                if "email" in channels:
                    self._pool.submit(self._mail, store, w["email_to"], payload)
        return raised

    def _deliver(self, store: Store, channel: str, payload: dict[str, Any], entry: dict[str, Any],
                 attempt: Callable[[], _Attempt], backoff: tuple[float, ...]) -> None:
        """Try a delivery, waiting `backoff` between attempts while the failure is worth a retry;
        record the outcome in the store, `recent` and, on failure, `dead_letters`."""
        attempts, result = 0, _Attempt(False, False, {})
        for wait in (*backoff, None):
            attempts += 1
            result = attempt()
            if result.ok or not result.retry or wait is None or self._closed.wait(wait):
                break
        entry.update(result.detail, attempts=attempts, channel=channel)
        try:
            watch_store.mark_alert(store, payload["alert_id"], channel, "delivered" if result.ok else "dead", attempts)
        except Exception:  # a closed store (shutdown) must not lose the log line below
            log.exception("could not record the %s delivery of alert %s", channel, payload["alert_id"])
        if not result.ok:
            log.warning("%s alert to %s failed after %d attempts: %s", channel, entry.get("host") or entry.get("to"),
                        attempts, result.detail.get("error") or result.detail.get("status"))
            with self._lock:
                self.dead_letters.appendleft({**entry, "payload": payload})
        with self._lock:
            self.recent.appendleft(entry)

    def _post(self, store: Store, url: str, payload: dict[str, Any]) -> None:
        """POST one alert: signed (`X-Estimative-Signature: sha256=<HMAC-SHA256 of the body>`),
        retried with backoff on a connection error, timeout, 429 or 5xx."""
        entry: dict[str, Any] = {"at": datetime.now().replace(microsecond=0), "host": webhook_host(url),
                                 "watchlist_id": payload["watchlist"]["id"], "event_id": payload["event"]["id"]}
        body = json.dumps(payload, sort_keys=True).encode()
        headers = {"Content-Type": "application/json"}
        if self._secret:
            digest = hmac.new(self._secret.encode(), body, hashlib.sha256).hexdigest()
            headers["X-Estimative-Signature"] = f"sha256={digest}"

        def attempt() -> _Attempt:
            try:
                r = self._client.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                return _Attempt(False, True, {"error": type(exc).__name__})
            return _Attempt(r.status_code < 400, r.status_code >= 500 or r.status_code == 429,
                            {"status": r.status_code})

        self._deliver(store, "webhook", payload, entry, attempt, WEBHOOK_BACKOFF_S)

    def _mail(self, store: Store, to: str, payload: dict[str, Any]) -> None:
        """E-mail one alert, retried with backoff on a connection failure or a 4xx reply."""
        assert self.smtp is not None
        cfg = self.smtp
        entry: dict[str, Any] = {"at": datetime.now().replace(microsecond=0), "to": to, "host": cfg.host,
                                 "watchlist_id": payload["watchlist"]["id"], "event_id": payload["event"]["id"]}
        msg = mail.alert_message(cfg, to, payload["alert_id"], payload)

        def attempt() -> _Attempt:
            try:
                mail.send(cfg, msg)
            except OSError as exc:
                return _Attempt(False, mail.retryable(exc), {"error": f"{type(exc).__name__}: {exc}"[:200]})
            return _Attempt(True, False, {"status": "sent"})

        self._deliver(store, "email", payload, entry, attempt, EMAIL_BACKOFF_S)

    def close(self) -> None:
        self._closed.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._client.close()
