"""Stated blame and claims as evidence, weighed by likelihood ratios measured on the record.

A report often says who was blamed ("US officials blamed Kata'ib Hizballah") or who claimed or
announced an attack. Neither is proof; each is evidence, and its weight is a likelihood ratio:
how much more often such a statement names the true author than someone else. The attribution
model sees neither (names and claims are masked), so its call is the prior and

    posterior odds(actor named) = prior odds × LR.

The ratios are measured, never typed in. For each kind of statement (`KINDS`) we collect past
statements with the record's own perpetrator (RAND's coded perpetrator; the curated record's
perpetrator), and the named actor's prior: its share of the recorded attacks in that country over
the ten years before (a base rate, as the model's prior is). The ratio is the one that makes
`prior × LR` calibrated over those statements: the posteriors sum to the number confirmed (with
half a confirmation and half a miss added, so a perfect record gives a finite ratio). A kind's
`precision` is the share confirmed, the credibility of a statement when the model has no record
of the actor it names. Each measurement uses only statements dated before its cut-off (the as-of
rule); `evidence_ratios.json` holds one per year, written by

    python -m estimative.analysis.blame ../shared/data

and `ratio(kind, day)` reads the latest cut-off on or before `day`. docs/assessment.md ("Stated
blame and claims") gives the figures and their limits.
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
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from estimative.knowledge import estimative_term, registry
from estimative.model import Event

RATIOS_FILE = "evidence_ratios.json"
RAND_FILE = Path("rand_rdwti") / "rand_rdwti_1968_2009.csv"
BLAME, CLAIM_GROUP, CLAIM_STATE, CLAIM = "blame", "claim_by_group", "claim_by_state", "claim"
DENIAL = "denial"
KINDS = (BLAME, CLAIM_GROUP, CLAIM_STATE, CLAIM, DENIAL)  # CLAIM: claims of either kind, pooled
KIND_WORDS = {BLAME: "stated blames", CLAIM_GROUP: "claims by groups",
              CLAIM_STATE: "acknowledgements by states of their forces' actions", CLAIM: "claims of any kind",
              DENIAL: "denials"}
PRIOR_YEARS = 10  # the base-rate window, as the attribution model's prior window
MIN_STATEMENTS = 20  # fewer past statements of a kind than this: no measured ratio for it
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


@dataclass(frozen=True, slots=True)
class Ratio:
    """A measured likelihood ratio for one kind of statement, as known before `before`."""

    kind: str
    likelihood_ratio: float
    precision: float
    statements: int
    confirmed: int
    before: str  # ISO date: only statements dated earlier were used

    def describe(self) -> str:
        return (f"likelihood ratio {self.likelihood_ratio:.1f} from {self.statements} past {KIND_WORDS[self.kind]} "
                f"dated before {self.before}, {self.confirmed} borne out by the record")


# ------------------------------------------------------------------------------ measuring
def kind_of_claim(actor_id: str) -> str:
    """A state's acknowledgement of its own forces' action is one kind of claim, a group's another."""
    reg = registry()
    return CLAIM_STATE if actor_id in reg and reg.get(actor_id).kind == "state_force" else CLAIM_GROUP


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
    from estimative.sources import CsvFile
    from estimative.sources.rand import RandAdapter

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
    from estimative.extract import extract

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
    from estimative.knowledge import curated_events

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
            "command": "python -m estimative.analysis.blame DATA_DIR", "ratios": table}


# ------------------------------------------------------------------------------ reading
@lru_cache(maxsize=1)
def _table() -> dict[str, list[dict[str, Any]]]:
    try:
        return json.loads(resources.files("estimative.analysis").joinpath(RATIOS_FILE).read_text("utf-8"))["ratios"]
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return {}


def ratio(kind: str, day: date, table: dict[str, list[dict[str, Any]]] | None = None) -> Ratio | None:
    """The ratio for `kind` measured on statements dated before a cut-off on or before `day`
    (None when none was measured by then)."""
    rows = [r for r in (table if table is not None else _table()).get(kind, []) if r["before"] <= day.isoformat()]
    return Ratio(**max(rows, key=lambda r: r["before"])) if rows else None


# ------------------------------------------------------------------------------ weighing
def claim_ratio(claimant_id: str, day: date) -> Ratio | None:
    """The measured ratio for a claim by `claimant_id`: its kind's (a state's acknowledgement or a
    group's claim) when enough of that kind were on record before `day`, else claims pooled."""
    return ratio(kind_of_claim(claimant_id), day) or ratio(CLAIM, day)


def weigh(out: dict[str, Any], actor: dict[str, Any], lr: float) -> dict[str, Any]:
    """The attribution `out` (Attribution.to_dict()) with `actor`'s probability multiplied by `lr`
    and everything renormalised: posterior ∝ prior × LR for the actor, and so for each family it
    belongs to. An actor the model does not list takes the mass the model leaves for a group it
    does not know (`unknown_group`), which the statement then names."""
    reg = registry()
    aid = actor.get("id")
    cands = [dict(c) for c in out["attribution"]]
    fams = {f["family"]: f["probability"] for f in out["family_attribution"]}
    own = next((c for c in cands if c["actor"].get("id") == aid), None)
    unknown = out["unknown_group"]
    if own is not None:  # its mass goes from p to LR·p, and so does each of its families'
        prior, gain, new_unknown = own["probability"], (lr - 1) * own["probability"], unknown
    else:  # the unknown mass, spread over the newcomers' families, becomes the named actor's
        prior, gain, new_unknown = unknown, lr * unknown, 0.0
        for f, q in (out.get("unknown_group_families") or {}).items():
            fams[f] = fams.get(f, 0.0) - unknown * q
        ref = reg.get(aid).ref().to_dict() if aid in reg else dict(actor)
        own = {"actor": ref, "probability": prior, "estimative_term": "", "evidence": []}
        cands.append(own)
    z = 1 + (lr - 1) * prior
    for c in cands:
        c["probability"] = (lr * prior if c is own else c["probability"]) / z
    for f in set(reg.families(aid)) if aid in reg else set(actor.get("families") or []):
        fams[f] = fams.get(f, 0.0) + gain
    fams = {f: max(p, 0.0) / z for f, p in fams.items()}
    for c in cands:
        c["probability"] = round(c["probability"], 4)
        c["estimative_term"] = estimative_term(min(max(c["probability"], 0.0), 1.0))
    result = dict(out)
    result["attribution"] = sorted(cands, key=lambda c: -c["probability"])
    result["family_attribution"] = [{"family": f, "probability": round(p, 4), "estimative_term": estimative_term(p)}
                                    for f, p in sorted(fams.items(), key=lambda kv: -kv[1]) if p > 0]
    result["unknown_group"] = round(new_unknown / z, 4)
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m estimative.analysis.blame DATA_DIR", file=sys.stderr)
        return 2
    try:
        table = measure_table(Path(args[0]))
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    target = Path(__file__).with_name(RATIOS_FILE)
    target.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    for kind, rows in table["ratios"].items():
        last = rows[-1] if rows else None
        print(kind, "none measured" if last is None else Ratio(**last).describe())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
