"""Query parameters -> EventFilter, shared by the API and the dashboard so both accept the same
filters and reject the same bad input with the same message.

Every value becomes a bound SQL parameter in the store; here we only check shapes (dates,
numbers, lengths) so bad input gets a 400 that says what to fix, never a 500.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from estimative.knowledge import registry
from estimative.store import EventFilter

MAX_TEXT = 200  # longest accepted filter value (names, types, codes)
MAX_PAGE = 1000
MAX_OFFSET = 2**31 - 1  # the store pages with a 64-bit OFFSET; a larger one is a mistake, not a page


class FilterError(ValueError):
    """A filter value the user can fix; the message says which and how."""


@dataclass(slots=True)
class EventQuery:
    """One parsed listing request: the filter, the as-of time and the page."""

    flt: EventFilter
    as_of: date | None
    limit: int | None  # None: every matching event (the streamed exports)
    offset: int


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > MAX_TEXT:
        raise FilterError(f"{name} is longer than {MAX_TEXT} characters")
    return value


def parse_date(name: str, value: str | None) -> date | None:
    value = _text(name, value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise FilterError(f"{name} must be a date as YYYY-MM-DD, not {value[:40]!r}") from None


def parse_int(name: str, value: str | None, default: int) -> int:
    """A whole-number parameter (limit, offset); its range is checked by `parse_query`."""
    value = _text(name, value)
    if value is None:
        return default
    if len(value) > 20:  # int() of a long digit string is slow, and no page is that far
        raise FilterError(f"{name} must be a whole number of at most 20 digits, not {value[:40]!r}...")
    try:
        return int(value)
    except ValueError:
        raise FilterError(f"{name} must be a whole number, not {value[:40]!r}") from None


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    value = _text("bbox", value)
    if value is None:
        return None
    parts = value.split(",")
    try:
        nums = tuple(float(p) for p in parts)
    except ValueError:
        nums = ()
    if len(nums) != 4 or any(n != n for n in nums):  # n != n: NaN
        raise FilterError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = nums
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise FilterError("bbox must be min_lon,min_lat,max_lon,max_lat within -180..180 and -90..90, min <= max")
    return min_lon, min_lat, max_lon, max_lat


def parse_countries(value: str | None) -> list[str] | None:
    """One or more ISO 3166-1 alpha-3 codes, comma-separated (case-insensitive)."""
    value = _text("country", value)
    if value is None:
        return None
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    if not codes or any(len(c) != 3 or not c.isalpha() for c in codes):
        raise FilterError("country must be ISO 3166-1 alpha-3 codes such as IRQ or IRQ,SYR")
    return codes


def parse_actor(value: str | None) -> str | None:
    """A registry id or any alias the registry knows (-> its id); else the raw perpetrator name."""
    value = _text("actor", value)
    if value is None:
        return None
    reg = registry()
    if value in reg:
        return value
    found = reg.resolve(value)
    return found.id if found is not None else value


# The filters of the API's listing routes, each with what the API documentation says of it.
FILTERS: dict[str, str] = {
    "country": "ISO 3166-1 alpha-3 code(s), comma-separated: IRQ,SYR",
    "since": "first date (YYYY-MM-DD), inclusive",
    "until": "last date (YYYY-MM-DD), inclusive",
    "bbox": "min_lon,min_lat,max_lon,max_lat",
    "actor": "perpetrator or claimant: registry id, alias or name",
    "event_type": "ACLED event type, e.g. Explosions/Remote violence",
    "sub_event_type": "ACLED sub-event type",
    "source": "dataset: curated, report, sigacts, ucdp, rand, ...",
    "as_of": "only what the store knew at this date (YYYY-MM-DD)",
}


def query_from(params: Mapping[str, str], *, limit: int | None = None, offset: int = 0) -> EventQuery:
    """`parse_query` over a request's query string (unknown names are ignored)."""
    return parse_query(**{name: params.get(name) for name in FILTERS}, limit=limit, offset=offset)


def parse_query(*, country: str | None = None, since: str | None = None, until: str | None = None,
                bbox: str | None = None, actor: str | None = None, event_type: str | None = None,
                sub_event_type: str | None = None, source: str | None = None, as_of: str | None = None,
                limit: int | None = 100, offset: int = 0) -> EventQuery:
    """Check every filter and build the store's EventFilter; raises FilterError on bad input."""
    since_d, until_d = parse_date("since", since), parse_date("until", until)
    if since_d and until_d and since_d > until_d:
        raise FilterError("since is after until")
    if limit is not None and not 1 <= limit <= MAX_PAGE:
        raise FilterError(f"limit must be between 1 and {MAX_PAGE}")
    if not 0 <= offset <= MAX_OFFSET:
        raise FilterError(f"offset must be between 0 and {MAX_OFFSET:,}")
    flt = EventFilter(country=parse_countries(country), since=since_d, until=until_d, bbox=parse_bbox(bbox),
                      actor=parse_actor(actor), event_type=_text("event_type", event_type),
                      sub_event_type=_text("sub_event_type", sub_event_type), source=_text("source", source))
    return EventQuery(flt=flt, as_of=parse_date("as_of", as_of), limit=limit, offset=offset)
