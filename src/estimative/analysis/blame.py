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

    python -m estimative.eval.blame ../shared/data

and `ratio(kind, day)` reads the latest cut-off on or before `day`. This module reads and weighs;
the measuring is in `estimative.eval.blame`. docs/assessment.md ("Stated blame and claims")
gives the figures and their limits.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, TypedDict

from estimative.analysis.attribution import AttributionJSON, CandidateJSON
from estimative.knowledge import estimative_term, registry
from estimative.model import ActorJSON

RATIOS_FILE = "evidence_ratios.json"
BLAME, CLAIM_GROUP, CLAIM_STATE, CLAIM = "blame", "claim_by_group", "claim_by_state", "claim"
DENIAL = "denial"
KINDS = (BLAME, CLAIM_GROUP, CLAIM_STATE, CLAIM, DENIAL)  # CLAIM: claims of either kind, pooled
KIND_WORDS = {BLAME: "stated blames", CLAIM_GROUP: "claims by groups",
              CLAIM_STATE: "acknowledgements by states of their forces' actions", CLAIM: "claims of any kind",
              DENIAL: "denials"}
MIN_STATEMENTS = 20  # fewer past statements of a kind than this: no measured ratio for it


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


class RatioRow(TypedDict):
    """A `Ratio` as evidence_ratios.json holds it (one row per kind and cut-off)."""

    kind: str
    likelihood_ratio: float
    precision: float
    statements: int
    confirmed: int
    before: str


# ------------------------------------------------------------------------------ kinds
def kind_of_claim(actor_id: str) -> str:
    """A state's acknowledgement of its own forces' action is one kind of claim, a group's another."""
    reg = registry()
    return CLAIM_STATE if actor_id in reg and reg.get(actor_id).kind == "state_force" else CLAIM_GROUP


# ------------------------------------------------------------------------------ reading
@lru_cache(maxsize=1)
def _table() -> dict[str, list[RatioRow]]:
    try:
        return json.loads(resources.files("estimative.analysis").joinpath(RATIOS_FILE).read_text("utf-8"))["ratios"]
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return {}


def ratio(kind: str, day: date, table: dict[str, list[RatioRow]] | None = None) -> Ratio | None:
    """The ratio for `kind` measured on statements dated before a cut-off on or before `day`
    (None when none was measured by then)."""
    rows = [r for r in (table if table is not None else _table()).get(kind, []) if r["before"] <= day.isoformat()]
    return Ratio(**max(rows, key=lambda r: r["before"])) if rows else None


# ------------------------------------------------------------------------------ weighing
def claim_ratio(claimant_id: str, day: date) -> Ratio | None:
    """The measured ratio for a claim by `claimant_id`: its kind's (a state's acknowledgement or a
    group's claim) when enough of that kind were on record before `day`, else claims pooled."""
    return ratio(kind_of_claim(claimant_id), day) or ratio(CLAIM, day)


def weigh(out: AttributionJSON, actor: ActorJSON, lr: float) -> AttributionJSON:
    """The attribution `out` (Attribution.to_dict()) with `actor`'s probability multiplied by `lr`
    and everything renormalised: posterior ∝ prior × LR for the actor, and so for each family it
    belongs to. An actor the model does not list takes the mass the model leaves for a group it
    does not know (`unknown_group`), which the statement then names."""
    reg = registry()
    aid = actor.get("id")
    cands: list[CandidateJSON] = [{**c} for c in out["attribution"]]
    fams = {f["family"]: f["probability"] for f in out["family_attribution"]}
    own = next((c for c in cands if c["actor"].get("id") == aid), None)
    unknown = out["unknown_group"]
    if own is not None:  # its mass goes from p to LR·p, and so does each of its families'
        prior, gain, new_unknown = own["probability"], (lr - 1) * own["probability"], unknown
    else:  # the unknown mass, spread over the newcomers' families, becomes the named actor's
        prior, gain, new_unknown = unknown, lr * unknown, 0.0
        for f, q in (out.get("unknown_group_families") or {}).items():
            fams[f] = fams.get(f, 0.0) - unknown * q
        ref = reg.get(aid).ref().to_dict() if aid is not None and aid in reg else ActorJSON(**actor)
        own = CandidateJSON(actor=ref, probability=prior, estimative_term="", evidence=[])
        cands.append(own)
    z = 1 + (lr - 1) * prior
    for c in cands:
        c["probability"] = (lr * prior if c is own else c["probability"]) / z
    # in the registry's order, not a set's: families of equal probability keep one order on every run
    for f in dict.fromkeys(reg.families(aid) if aid is not None and aid in reg else actor.get("families") or []):
        fams[f] = fams.get(f, 0.0) + gain
    fams = {f: max(p, 0.0) / z for f, p in fams.items()}
    for c in cands:
        c["probability"] = round(c["probability"], 4)
        c["estimative_term"] = estimative_term(min(max(c["probability"], 0.0), 1.0))
    result: AttributionJSON = {**out}
    result["attribution"] = sorted(cands, key=lambda c: -c["probability"])
    result["family_attribution"] = [{"family": f, "probability": round(p, 4), "estimative_term": estimative_term(p)}
                                    for f, p in sorted(fams.items(), key=lambda kv: -kv[1]) if p > 0]
    result["unknown_group"] = round(new_unknown / z, 4)
    return result




# ------------------------------------------------------------------------------ the report's statements
def actor_probability(out: AttributionJSON, actor: ActorJSON) -> float:
    """The model's probability for `actor`; for one it does not list, the mass it leaves for a
    group it does not know."""
    return next((c["probability"] for c in out["attribution"] if c["actor"].get("id") == actor.get("id")),
                out["unknown_group"])


@dataclass(slots=True)
class WeighedBlame:
    """A stated blame weighed in: the actor blamed and by whom, the likelihood ratio measured for
    blame before the incident (on `measured_on` statements, `confirmed` borne out), the actor's
    probability before and after, the candidates after (`weighed`, as `weigh` gives them) and the
    evidence line. Its JSON (`to_dict`, without `weighed`) is the incident's `stated_blame`."""

    actor: str | None
    by: str | None
    likelihood_ratio: float
    measured_on: int
    confirmed: int
    measured_before: str  # ISO date: only statements dated earlier were measured
    prior: float
    posterior: float
    weighed: AttributionJSON
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "by": self.by, "likelihood_ratio": self.likelihood_ratio,
                "measured_on": self.measured_on, "confirmed": self.confirmed,
                "measured_before": self.measured_before, "prior": self.prior, "posterior": self.posterior,
                "evidence": self.evidence}


def weigh_blame(out: AttributionJSON, stated: ActorJSON, blamed_by: str | None,
                day: date) -> WeighedBlame | None:
    """The model's call with the stated blame weighed in (`weighed`), and what was weighed; None
    when no ratio for blame was measured before the incident (the blame is then only reported)."""
    r = ratio(BLAME, day)
    if r is None:
        return None
    before = actor_probability(out, stated)
    weighed = weigh(out, stated, r.likelihood_ratio)
    after = actor_probability(weighed, stated)
    who = f"{blamed_by} blamed {stated['name']}" if blamed_by else f"the report names {stated['name']} as responsible"
    return WeighedBlame(stated["id"], blamed_by, r.likelihood_ratio, r.statements, r.confirmed, r.before,
                        round(before, 4), round(after, 4), weighed,
                        f"stated blame: {who} ({r.describe()}; {stated['name']} {before:.0%} before, {after:.0%} after)")


def weigh_denial(out: AttributionJSON, by: ActorJSON, day: date) -> AttributionJSON:
    """The model's call with a denial weighed in: the denier's probability times the ratio measured
    for denials (docs/assessment.md). A denier the model does not list keeps nothing to lower;
    without a measured ratio the denial is only reported (`out` itself is returned)."""
    r = ratio(DENIAL, day)
    if r is None or not any(c["actor"].get("id") == by["id"] for c in out["attribution"]):
        return out
    before = actor_probability(out, by)
    weighed = weigh(out, by, r.likelihood_ratio)
    after = actor_probability(weighed, by)
    line = (f"denial: {by['name']} denied responsibility ({r.describe()}; {by['name']} {before:.0%} before, "
            f"{after:.0%} after)")
    return {**weighed, "signals": [line, *out["signals"]]}


def claim_credibility(out: AttributionJSON, by: ActorJSON, day: date) -> tuple[float, str]:
    """How likely the claim is genuine, and the evidence line saying how it was weighed.

    A claimant the model lists (or whose family it does) gets its probability from the masked
    model, times the measured likelihood ratio of claims of its kind. For a claimant the model has
    no record of near the place — a state announcing its own strike, say — the model's prior says
    nothing, and the credibility is how often claims of that kind matched the record's perpetrator."""
    aid = by.get("id")
    r = claim_ratio(aid, day) if aid else None
    fams = set(registry().families(aid)) if aid and aid in registry() else set()
    p_model = max([c["probability"] for c in out["attribution"] if c["actor"].get("id") == aid]
                  + [f["probability"] for f in out["family_attribution"] if f["family"] in fams] + [0.0])
    if r is None:
        return (p_model or out["unknown_group"]), "claim not weighed: no claims of this kind measured before it"
    own_kind = kind_of_claim(aid) if aid else r.kind  # a ratio was read: the claimant has an id
    if p_model <= 0:
        return r.precision, (f"claim: the model has no record of {by['name']} here; {KIND_WORDS[r.kind]} matched the "
                             f"record's perpetrator in {r.precision:.0%} of {r.statements} cases before {r.before}"
                             + (f" (fewer than {MIN_STATEMENTS} {KIND_WORDS[own_kind]} on record then)"
                                if r.kind != own_kind else ""))
    lr = r.likelihood_ratio
    credibility = lr * p_model / (lr * p_model + (1 - p_model))
    return credibility, f"claim weighed: {by['name']} {p_model:.0%} by the model, {r.describe()}"


def with_claim(out: AttributionJSON, by: ActorJSON, credibility: float, weight: str) -> AttributionJSON:
    """The candidates as the claim leaves them: the claimant at its credibility, the model's
    other candidates sharing the rest in their proportions (the claim weighed as blame is, with
    the ratio that gives the claimant that credibility). Unchanged when the model left the
    claimant no mass at all to weigh."""
    prior = actor_probability(out, by)
    if not 0.0 < prior < 1.0 or not 0.0 < credibility < 1.0:
        return out
    lr = (credibility / (1 - credibility)) / (prior / (1 - prior))
    weighed = weigh(out, by, lr)
    return {**weighed, "signals": [weight, *out["signals"]]}
