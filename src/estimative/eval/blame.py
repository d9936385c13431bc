"""Measuring the likelihood ratios of stated blame and claims (offline; `analysis.blame` reads them).

For each kind of statement we collect past statements with the record's own perpetrator (RAND's
coded perpetrator; the curated record's perpetrator), and the named actor's prior: its share of
the recorded attacks in that country over the ten years before (a base rate, as the attribution
model's prior is). The ratio is the one that makes `prior × LR` calibrated over those statements.
Each measurement uses only statements dated before its cut-off (the as-of rule). Written by

    python -m estimative.eval.blame ../shared/data

into `analysis/evidence_ratios.json`, one row per kind and yearly cut-off.
"""
from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import estimative.analysis.blame as blame_module
from estimative.analysis.blame import (
    BLAME,
    CLAIM,
    CLAIM_GROUP,
    CLAIM_STATE,
    DENIAL,
    KINDS,
    MIN_STATEMENTS,
    RATIOS_FILE,
    Ratio,
    kind_of_claim,
)
from estimative.extract import extract
from estimative.knowledge import curated_events, registry
from estimative.model import Event
from estimative.sources import CsvFile
from estimative.sources.rand import RandAdapter

__all__ = ["BLAME", "CLAIM", "CLAIM_GROUP", "CLAIM_STATE", "DENIAL", "KINDS", "MIN_STATEMENTS", "Ratio",
           "Statement", "measure", "measure_table", "rand_events", "same_actor", "stated_in_record",
           "stated_in_text", "statements"]

RAND_FILE = Path("rand_rdwti") / "rand_rdwti_1968_2009.csv"
PRIOR_YEARS = 10  # the base-rate window, as the attribution model's prior window
FIRST_CUTOFF, LAST_CUTOFF = 1975, 2025  # the cut-offs written: 1 January of each year
# Only descriptions with one of these words can state a blame or a claim: the others are not
# worth running the extractor on.
_STATES_SOMETHING = re.compile(r"blam|accus|suspect|attribut|claim|responsib|announc|acknowledg|admit", re.I)


@dataclass(frozen=True, slots=True)
class Statement:
    """One past statement naming an actor, and whether the record's perpetrator bore it out."""

    day: date
    kind: str
    named: str  # registry id
    confirmed: bool
    prior: float  # the named actor's base rate in the country, from events before `day`



def same_actor(named: str, recorded: str) -> bool:
    """Named and recorded are one group, or one continues the other (AQI -> ISI -> IS)."""
    reg = registry()
    if named == recorded:
        return True
    if named not in reg or recorded not in reg:
        return False
    return named in reg.lineage_chain(recorded) or recorded in reg.lineage_chain(named)


def statements(events: Iterable[Event], stated: dict[str, list[tuple[str, str]]]) -> list[Statement]:
    """The statements `stated` (event id -> [(kind, actor id)]) made about `events`, each with the
    named actor's prior from the events of its country in the `PRIOR_YEARS` before it.

    An event whose perpetrator the record leaves unknown counts as not bearing the statement out
    (its analysts did not accept it); one whose perpetrator the registry cannot resolve is left
    out (nothing to compare)."""
    ordered = sorted(events, key=lambda e: e.date_start)
    window: dict[str | None, deque[tuple[date, str]]] = defaultdict(deque)
    counts: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    out: list[Statement] = []
    for day, same_day in itertools.groupby(ordered, key=lambda e: e.date_start):
        batch = list(same_day)
        for e in batch:
            w, c = window[e.country], counts[e.country]
            while w and (day - w[0][0]).days > 365.25 * PRIOR_YEARS:
                c[w.popleft()[1]] -= 1
            recorded = e.perpetrators[0] if e.perpetrators else None
            if recorded is not None and not recorded.id:
                continue
            total = len(w)
            for kind, named in stated.get(e.id, []):
                prior = (c.get(named, 0) + 1) / (total + 2)
                hit = recorded is not None and same_actor(named, recorded.id or "")
                out.append(Statement(day, kind, named, hit, prior))
        for e in batch:  # the day's own events join the base rate only after the day
            if e.perpetrators and e.perpetrators[0].id:
                window[e.country].append((day, e.perpetrators[0].id))
                counts[e.country][e.perpetrators[0].id] += 1
    return out


def calibrated_ratio(found: list[Statement]) -> float:
    """The likelihood ratio whose posteriors `LR·π / (LR·π + 1 − π)` sum to the number confirmed
    (plus a half), over `found` plus one (a half miss, a half confirmation): bisection on log LR."""
    n = len(found)
    target = n * (sum(s.confirmed for s in found) + 0.5) / (n + 1)

    def total(log_lr: float) -> float:
        lr = math.exp(log_lr)
        return sum(lr * s.prior / (lr * s.prior + 1 - s.prior) for s in found)

    lo, hi = -12.0, 12.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if total(mid) < target else (lo, mid)
    return math.exp((lo + hi) / 2)


def measure(found: Iterable[Statement], kind: str, before: date) -> Ratio | None:
    """The ratio for `kind` from the statements dated before `before` (None: too few)."""
    kinds = {CLAIM_GROUP, CLAIM_STATE} if kind == CLAIM else {kind}
    use = [s for s in found if s.kind in kinds and s.day < before]
    if len(use) < MIN_STATEMENTS:
        return None
    hits = sum(s.confirmed for s in use)
    return Ratio(kind, round(calibrated_ratio(use), 2), round((hits + 0.5) / (len(use) + 1), 4), len(use), hits,
                 before.isoformat())


def rand_events(data_dir: Path) -> Iterator[Event]:
    """RAND's incidents as canonical events, through the project's own RAND adapter."""
    path = data_dir / RAND_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: point DATA_DIR at the shared data folder")
    csv_file, adapter = CsvFile(path), RandAdapter()
    rows = csv_file.rows()
    first = next(rows, None)
    adapter.check_header(csv_file.header, csv_file.path)
    for e in adapter.events(itertools.chain([first], rows) if first is not None else rows):
        if isinstance(e, Event):
            yield e


def stated_in_text(events: Iterable[Event]) -> dict[str, list[tuple[str, str]]]:
    """What each event's description states, read by the report extractor (as a report would be):
    a claim (kind by claimant) or, unclaimed, a named perpetrator (a blame)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for e in events:
        if not e.notes or not _STATES_SOMETHING.search(e.notes):
            continue
        incidents = extract(e.notes, published=e.date_start)
        if not incidents:
            continue
        inc = incidents[0]
        if inc.claim_status == "claimed" and inc.claimant is not None and inc.claimant.id:
            out[e.id] = [(kind_of_claim(inc.claimant.id), inc.claimant.id)]
        elif inc.claim_status == "denied" and inc.claimant is not None and inc.claimant.id:
            out[e.id] = [(DENIAL, inc.claimant.id)]  # borne out when the denier was the perpetrator after all
        elif inc.stated_perpetrator is not None and inc.stated_perpetrator.id:
            out[e.id] = [(BLAME, inc.stated_perpetrator.id)]
    return out


def stated_in_record(events: Iterable[Event]) -> dict[str, list[tuple[str, str]]]:
    """What the curated record says was stated: its claims and the blame it lists."""
    out: dict[str, list[tuple[str, str]]] = {}
    for e in events:
        said = [(BLAME, b["actor"]) for b in e.extra.get("blamed") or [] if b.get("actor")]
        if e.claim_status == "claimed" and e.claimant is not None and e.claimant.id:
            said.append((kind_of_claim(e.claimant.id), e.claimant.id))
        elif e.claim_status == "denied" and e.claimant is not None and e.claimant.id:
            said.append((DENIAL, e.claimant.id))
        if said:
            out[e.id] = said
    return out


def measure_table(data_dir: Path) -> dict[str, Any]:
    """Every kind's ratio at each yearly cut-off, from RAND and the curated record."""
    rand = list(rand_events(data_dir))
    curated = curated_events()
    # RAND records terrorism, not states' military actions: a state "claiming" in its text is a
    # misreading (every one found through 2009 was: "the IDF claimed the man was planting a bomb",
    # "a police captain claims the attack was carried out by a suicide bomber"), so states'
    # acknowledgements are measured on the curated record alone.
    from_rand = {i: [(k, a) for k, a in said if k != CLAIM_STATE] for i, said in stated_in_text(rand).items()}
    found = statements(rand, from_rand) + statements(curated, stated_in_record(curated))
    table: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for year in range(FIRST_CUTOFF, LAST_CUTOFF + 1):
        for kind in KINDS:
            r = measure(found, kind, date(year, 1, 1))
            if r is not None:
                table[kind].append(asdict(r))
    return {"source": "RAND RDWTI 1968-2009 (descriptions read by estimative.extract) and the curated record",
            "command": "python -m estimative.eval.blame DATA_DIR", "ratios": table}




def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m estimative.eval.blame DATA_DIR", file=sys.stderr)
        return 2
    try:
        table = measure_table(Path(args[0]))
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    target = Path(blame_module.__file__).with_name(RATIOS_FILE)
    target.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    for kind, rows in table["ratios"].items():
        last = rows[-1] if rows else None
        print(kind, "none measured" if last is None else Ratio(**last).describe())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
