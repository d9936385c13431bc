"""The stages of an assessment after extraction, in order, each reading the store as of `at`.

match -> context (series, severity, escalation) -> attribution or claim credibility -> links ->
forecasts -> judgments. `assessment.assess` calls `run_steps`; nothing here parses input or
renders output.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from estimative import judgments as J
from estimative.geo import country_name, place_key
from estimative.knowledge import estimative_term, registry
from estimative.model import ActorRef, CasualtyGroup, Count, Event, Target, Weapon

SIMILAR_SHOWN = 5


# ------------------------------------------------------------------------------------ records
def _count(d: dict[str, Any] | None) -> Count:
    d = d or {}
    return Count(best=d.get("best"), min=d.get("min"), max=d.get("max"), qualifier=d.get("qualifier") or "unknown")


def _actor(d: dict[str, Any] | None) -> ActorRef | None:
    if not d:
        return None
    return ActorRef(name=d["name"], id=d.get("id"), families=list(d.get("families") or []), country=d.get("country"))


def incident_to_event(inc: dict[str, Any], source_id: str, known_from: datetime | None,
                      report_source: str | None = None, notes: str | None = None) -> Event:
    """An extracted incident (schema dict) as a canonical Event, so stored-event code can use it."""
    loc = inc["location"]
    placed = loc.get("method") not in (None, "unknown")
    # a claimant is the author; an actor the report only names or blames is kept as blamed, as the
    # record keeps a blame (`extra["blamed"]`), so linking weighs it by how often blame holds
    perp = _actor((inc.get("claim") or {}).get("by"))
    stated = inc.get("stated_perpetrator") or {}
    blamed = ([{"actor": stated["id"], "by": inc.get("blamed_by")}]
              if not perp and stated.get("id") else [])
    targets = [Target(type=t.get("type") or "unknown", description=t.get("description"),
                      affiliations=list(t.get("affiliations") or [])) for t in inc.get("targets", [])]
    return Event(
        source="report", source_id=source_id, date_start=date.fromisoformat(inc["date"][:10]),
        date_precision=inc.get("date_precision") or "day", country=loc.get("country") if placed else None,
        admin1=loc.get("admin1"), location=loc.get("name") if placed else None,
        lat=loc.get("lat") if placed else None, lon=loc.get("lon") if placed else None,
        location_precision_km=loc.get("precision_km"), event_type=inc.get("event_type"),
        sub_event_type=inc.get("sub_event_type"),
        weapons=[Weapon(cls=w["class"], name=w.get("name"), count=_count(w.get("count"))) for w in inc.get("weapons", [])],
        perpetrators=[perp] if perp else [], target_type=targets[0].type if targets else None, targets=targets,
        fatalities=_count(inc.get("fatalities")), injuries=_count(inc.get("injuries")),
        casualty_groups=[CasualtyGroup(group=g.get("group") or "", country=g.get("country"),
                                       killed=_count(g.get("killed")), injured=_count(g.get("injured")))
                         for g in inc.get("casualty_groups", [])],
        claim_status=(inc.get("claim") or {}).get("status") or "unknown",
        claimant=_actor((inc.get("claim") or {}).get("by")), notes=notes or inc.get("summary"),
        sources=[report_source] if report_source else [], known_from=known_from,
        # the background events the report mentions ("in revenge for the killing of ..."): the
        # retaliation linker reads them as the report's own statement of cause
        extra={"references": list(inc.get("references") or []), **({"blamed": blamed} if blamed else {})},
    )


def _label(e: Event) -> str:
    """'air/drone strike by United States Armed Forces at Jurf al-Sakhar'."""
    what = (e.sub_event_type or e.event_type or "event").lower()
    who = e.perpetrators[0].name if e.perpetrators else None
    return what + (f" by {who}" if who else "") + f" at {e.location or e.country or 'an unknown place'}"


def _event_summary(e: Event, limit: int = 240) -> str:
    """The first line of a stored event's notes, cut at a word boundary."""
    text = (e.notes or _label(e)).strip().split("\n")[0]
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


class _Known:
    """The stored events an assessment names, each read once as of its date, in batches: on a
    large store every as-of lookup is a scan, so one query for five ids costs what one id does."""

    def __init__(self, store: Any, at: datetime) -> None:
        self.store, self.at = store, at
        self._events: dict[str, Event | None] = {}

    def load(self, ids: list[str]) -> None:
        from estimative.store import EventFilter

        missing = list(dict.fromkeys(i for i in ids if i not in self._events))
        if missing:
            for e in self.store.events(self.at, EventFilter(ids=missing)):
                self._events[e.id] = e
            for i in missing:
                self._events.setdefault(i, None)

    def get(self, event_id: str) -> Event | None:
        self.load([event_id])
        return self._events[event_id]


# ------------------------------------------------------------------------------------ steps
def run_steps(a: Any, doc: Any, incidents: list[Any], store: Any, at: datetime) -> None:
    """Fill the Assessment `a` from the extracted incidents, reading the store as of `at`."""
    from estimative.analysis import context as ctx

    skill = ctx.backtested_skill()
    known = _Known(store, at)
    stored_ids: set[str] = set()
    outlook_thread = None  # the main incident's
    report_events: list[tuple[dict[str, Any], Event]] = []
    for i, inc in enumerate(incidents):
        d = inc.to_dict()
        d["summary"] = _incident_summary(d)
        text = doc.text[inc.span[0]:inc.span[1]] if inc.span and inc.span[1] > inc.span[0] else doc.text
        ev = incident_to_event(d, source_id=f"report#{i}", known_from=at, report_source=a.report.get("source"),
                               notes=text)
        if _drop_struck_party(d, ev):
            ev = incident_to_event(d, source_id=f"report#{i}", known_from=at, report_source=a.report.get("source"),
                                   notes=text)
        match = ctx.match_stored(ev, store, at)
        d["matched_event"] = match["event_id"] if match else None
        if match:
            a.links.append({"from": d["id"], "to": match["event_id"], "relation": "same_event",
                            "probability": match["probability"], "reasons": match["reasons"],
                            "from_label": "the incident in this report",
                            "to_label": f"the stored record {match['event_id']}"})
            stored_ids.add(match["event_id"])
        context = ctx.incident_context(ev, store, at, exclude=[d["matched_event"]] if match else [])
        d["context"] = context.schema()
        d["coverage"] = _coverage(context.coverage)
        _attribute(d, ev, store, at, context, skill, a, known)
        a.incidents.append(d)
        report_events.append((d, ev))
        for ref in d.get("references", []):
            a.references.append({"text": ref["text"], "date": ref.get("date"), "incident": d["id"],
                                 "matched_event": None})
        if i == 0:
            a.headline = _headline(d)
            _context_judgments(a, d, context)
            a.timeline = context.timeline(d)
            a.related_events += context.related_points()
            outlook_thread = context.forecast_thread
            _response(a, d, ev, store, at, known)
    _links(a, report_events, store, at, known)
    if a.incidents and a.incidents[0]["coverage"]["status"] != "none":
        _forecasts(a, report_events[0][1], store, at, skill, outlook_thread)
    a.sources = _sources(a, known)
    a.method = _method_notes(at)


def _coverage(basis: Any) -> dict[str, Any]:
    """The incident's `coverage` field: what the store held of its area and window, with its note."""
    from estimative.analysis.coverage import THIN_BELOW

    note = J.coverage_note(basis.status, basis.events, [country_name(c) for c in basis.area], basis.until,
                           basis.window_days, sorted(basis.sources), THIN_BELOW, basis.latest_before)
    return basis.to_dict(note)


def _context_judgments(a: Any, d: dict[str, Any], context: Any) -> None:
    """The main incident's significance and escalation judgments, as its coverage allows: none
    draws nothing from history (the coverage note is said instead; red lines still speak), thin
    gives low confidence."""
    basis = d["coverage"]
    thin = basis["status"] == "thin"
    esc = d["context"].get("escalation")
    if basis["status"] == "none":
        a.judgments.append(J.coverage(d["id"], basis["note"]))
        if esc and basis["area"]:
            esc["reasons"].append(J.no_history_escalation(
                [country_name(c) for c in basis["area"]], date.fromisoformat(basis["until"]), basis["window_days"]))
            a.judgments.append(J.escalation(d["id"], esc["level"], _highest_line_first(esc), None, [],
                                            from_history=False))
        return
    a.judgments.append(J.significance(d["id"], context.series_sentence(), d["context"].get("severity_rank"),
                                      context.series_ids[:20], thin=thin))
    if esc:
        a.judgments.append(J.escalation(d["id"], esc["level"], esc.get("reasons", []), None,
                                        context.series_ids[:10], thin=thin))


def _highest_line_first(esc: dict[str, Any]) -> list[str]:
    """The reasons of an escalation drawn from red lines alone, the line that sets the level first
    (without history, the first reasons are the crossings, in the order of `red_lines`)."""
    from estimative.analysis.escalation import LEVELS

    lines, reasons = esc.get("red_lines") or [], list(esc.get("reasons") or [])
    if not lines or len(reasons) < len(lines):
        return reasons
    top = max(range(len(lines)), key=lambda k: LEVELS.index(lines[k]["level"]))
    return [reasons[top], *(r for k, r in enumerate(reasons) if k != top)]


# How each weapon class is spoken of: (one, several), and the attack it makes (for headlines).
_WEAPON_WORDS: dict[str, tuple[str, str, str]] = {
    "rocket": ("rocket", "rockets", "Rocket attack"), "missile": ("missile", "missiles", "Missile strike"),
    "mortar": ("mortar round", "mortar rounds", "Mortar attack"),
    "artillery": ("artillery shell", "artillery shells", "Shelling"),
    "airstrike": ("air strike", "air strikes", "Air strike"), "drone": ("drone", "drones", "Drone attack"),
    "ied": ("bomb", "bombs", "Bombing"), "vbied": ("car bomb", "car bombs", "Car bombing"),
    "suicide_bomb": ("suicide bomber", "suicide bombers", "Suicide bombing"),
    "grenade": ("grenade", "grenades", "Grenade attack"), "small_arms": ("gunman", "gunmen", "Armed attack"),
    "rpg": ("rocket-propelled grenade", "rocket-propelled grenades", "RPG attack"),
    "knife": ("knife", "knives", "Knife attack"), "arson": ("fire", "fires", "Arson attack"),
    "chemical": ("chemical weapon", "chemical weapons", "Chemical attack"),
}


def _weapon_phrase(w: dict[str, Any]) -> str:
    """'at least 30 rockets', 'about 11 missiles', 'an air strike', 'rockets'."""
    one, many, _ = _WEAPON_WORDS.get(w.get("class"), ("weapon", "weapons", ""))
    c = w.get("count") or {}
    n = c.get("best")
    if n is None:
        return many if w.get("class") not in ("airstrike", "drone") else f"{'an' if one[0] in 'aeiou' else 'a'} {one}"
    if n == 1:
        return f"{'an' if one[0] in 'aeiou' else 'a'} {one}"
    how = {"at_least": "at least ", "approximate": "about ", "at_most": "at most "}.get(c.get("qualifier"), "")
    return f"{how}{n} {many}"


def _incident_summary(d: dict[str, Any]) -> str:
    """One line of what happened, from the extracted fields only: weapons, place, target, toll."""
    weapons = " and ".join(_weapon_phrase(w) for w in d.get("weapons", [])) or "an attack"
    s = f"{weapons[0].upper() + weapons[1:]} at {d['location']['name']}"
    target = _target_phrase(d["targets"][0], d["location"]["name"]) if d.get("targets") else None
    if target:
        s += f" targeting {target}"
    killed = (d.get("fatalities") or {}).get("best")
    injured = (d.get("injuries") or {}).get("best")
    if killed is not None or injured is not None:
        s += f": {'an unknown number' if killed is None else killed} killed, " \
             f"{'an unknown number' if injured is None else injured} injured"
    return s + "."


_TARGET_WORDS = {"military": "military forces", "diplomatic": "a diplomatic mission", "infrastructure":
                 "infrastructure", "business": "a business", "armed group": "an armed group"}


def _target_phrase(t: dict[str, Any], place: str | None) -> str | None:
    """'the US embassy'; where the target is the place itself ('Camp Taji at Camp Taji'), what
    it is and whose: 'military forces of USA, GBR'."""
    desc = t.get("description")
    if desc and (not place or place_key(desc.removeprefix("the ")) != place_key(place)):
        return desc
    kind = t.get("type")
    if not kind:
        return None
    affiliations = t.get("affiliations") or []
    return _TARGET_WORDS.get(kind, kind) + (f" of {', '.join(affiliations)}" if affiliations else "")


def _attack_noun(d: dict[str, Any]) -> str:
    return _WEAPON_WORDS.get((d.get("weapons") or [{}])[0].get("class"), ("", "", "Attack"))[2]


def _headline(d: dict[str, Any]) -> str:
    killed = (d.get("fatalities") or {}).get("best")
    tail = f", {killed} killed" if killed else ""
    return f"{_attack_noun(d)} on {d['location']['name']}, {J_date(d['date'])}{tail}"


def _incident_label(d: dict[str, Any], n: int, total: int) -> str:
    """How a judgment names an incident of the report: 'the incident in this report', or
    'the air strike at al-Qaim on 29 December 2019 (incident 2 of this report)'."""
    if total == 1:
        return "the incident in this report"
    return (f"the {_attack_noun(d).lower()} at {d['location']['name']} on {J_date(d['date'])} "
            f"(incident {n} of this report)")


def J_date(iso: str) -> str:
    d = date.fromisoformat(iso[:10])
    return f"{d.day} {d:%B %Y}"


def _attribute(d: dict[str, Any], ev: Event, store: Any, at: datetime, context: Any, skill: dict[str, Any],
               a: Any, known: _Known) -> None:
    """Attribution for unclaimed incidents, with any stated blame weighed in; the claim's
    credibility for claimed ones. Blame and claims are weighed by likelihood ratios measured on
    the record before the incident (`analysis.blame`, docs/assessment.md)."""
    from estimative.analysis.attribution import AttributionError
    from estimative.analysis.blame import CLAIM_STATE, kind_of_claim

    claim = d.get("claim") or {}
    try:
        att = attribution_model(store, _eve(ev, at), ev.country).predict_proba(ev)
    except AttributionError:  # nothing attributed near the place: the report's statement alone
        _attribute_from_statement(d, ev.date_start, a, skill.get("attribution_top1"))
        return
    out = att.to_dict()
    known.load(out["similar_incidents"][:SIMILAR_SHOWN])
    d["similar_incidents"] = [_similar(known, sid) for sid in out["similar_incidents"][:SIMILAR_SHOWN]]
    d["similar_incidents"] = [s for s in d["similar_incidents"] if s]
    evidence = [s["id"] for s in d["similar_incidents"]] + out["signals"][:3]
    attr_skill = skill.get("attribution_top1")
    if claim.get("status") == "claimed" and claim.get("by"):
        credibility, weight = _claim_credibility(out, claim["by"], ev.date_start)
        _keep_attribution(d, _with_claim(out, claim["by"], credibility, weight))
        by_state = bool(claim["by"].get("id")) and kind_of_claim(claim["by"]["id"]) == CLAIM_STATE
        a.judgments.append(J.attribution_claimed(d["id"], claim["by"], credibility,
                                                 J.confidence(len(evidence), attr_skill, credibility),
                                                 evidence + [weight], by_state=by_state))
        return
    if claim.get("status") == "denied" and (claim.get("by") or {}).get("id"):
        out = _weigh_denial(out, claim["by"], ev.date_start)
    stated = d.get("stated_perpetrator") or {}
    blame = _weigh_blame(out, stated, d.get("blamed_by"), ev.date_start) if stated.get("id") else None
    if blame:
        weighed = blame.pop("weighed")
        d["stated_blame"] = blame
        model_top = out["attribution"][0]["actor"] if out["attribution"] else None
        signals = out["signals"]
        if model_top and weighed["attribution"][0]["actor"].get("id") != model_top.get("id"):
            # the model's signals explain its own top candidate, which the blame displaced
            signals = [f"before the blame, toward {model_top['name']}: {sig}" if i == 0 else sig
                       for i, sig in enumerate(signals)]
        out = {**weighed, "signals": [blame["evidence"], *signals]}
        evidence = [blame["evidence"], *(s["id"] for s in d["similar_incidents"]), *signals[:3]]
    _keep_attribution(d, out)
    if not d["attribution"]:
        return
    top = d["attribution"][0]
    fam = _telling_family(d["family_attribution"], top)
    p = fam["probability"] if fam else top["probability"]
    a.judgments.append(J.attribution_unclaimed(
        d["id"], fam["family"] if fam else None, p, top["actor"], top["probability"],
        J.confidence(len(evidence), attr_skill, p), evidence,
        stated=stated.get("name"), blamed_by=d.get("blamed_by"), claim_status=claim.get("status") or "unknown",
        denied_by=(claim.get("by") or {}).get("name"), blame_weighed=blame))


def _drop_struck_party(d: dict[str, Any], ev: Event) -> bool:
    """A stated perpetrator on the incident's own target side is not its author (a blame that the
    text gives for another event: "the coalition was probably responsible" for strikes that answered
    an attack on the coalition). The struck party is never the author; civilians belong to no side."""
    from estimative.analysis.linking import target_side
    from estimative.analysis.threads import actor_families

    stated = d.get("stated_perpetrator") or {}
    if not stated.get("id") or (d.get("claim") or {}).get("by"):
        return False
    _, struck = target_side(ev)
    if not set(actor_families(stated["id"])) & struck:
        return False
    d["stated_perpetrator"], d["blamed_by"] = None, None
    return True


def _attribute_from_statement(d: dict[str, Any], day: date, a: Any, attr_skill: float | None) -> None:
    """Where the store holds nothing to attribute from, a stated claim or blame still attributes:
    the named actor at the credibility that statements of its kind have had on the record (the
    measured share borne out, `Ratio.precision`: docs/assessment.md, "With nothing on record"),
    the rest left to a group not named. Nothing when the report states neither."""
    from estimative.analysis.blame import BLAME, CLAIM_STATE, KIND_WORDS, claim_ratio, kind_of_claim, ratio

    claim = d.get("claim") or {}
    by = claim.get("by") if claim.get("status") == "claimed" else None
    named = by or d.get("stated_perpetrator")
    if not named or not named.get("id") or named["id"] not in registry():
        return
    r = claim_ratio(named["id"], day) if by else ratio(BLAME, day)
    if r is None:
        return
    p = r.precision
    record = (f"{KIND_WORDS[r.kind]} matched the record's perpetrator in {p:.0%} of {r.statements:,} cases "
              f"dated before {r.before}")
    evidence = f"{'claim' if by else 'stated blame'}: no record in the store to weigh it against; {record}"
    families = registry().families(named["id"])
    ref = registry().get(named["id"]).ref().to_dict()
    _keep_attribution(d, {
        "attribution": [{"actor": ref, "probability": round(p, 4), "estimative_term": estimative_term(p),
                         "evidence": [evidence]}],
        "family_attribution": [{"family": f, "probability": round(p, 4), "estimative_term": estimative_term(p)}
                               for f in families],
        "unknown_group": round(1 - p, 4), "signals": [evidence]})
    a.judgments.append(J.attribution_from_statement(
        d["id"], ref, p, J.confidence(1, attr_skill, p), [evidence], record, claimed=by is not None,
        by_state=bool(by) and kind_of_claim(named["id"]) == CLAIM_STATE, blamed_by=d.get("blamed_by"),
        family=families[0] if families else None))


def _with_claim(out: dict[str, Any], by: dict[str, Any], credibility: float, weight: str) -> dict[str, Any]:
    """The candidates as the claim leaves them: the claimant at its credibility, the model's
    other candidates sharing the rest in their proportions (the claim weighed as blame is, with
    the ratio that gives the claimant that credibility). Unchanged when the model left the
    claimant no mass at all to weigh."""
    from estimative.analysis.blame import weigh

    prior = _actor_probability(out, by)
    if not 0.0 < prior < 1.0 or not 0.0 < credibility < 1.0:
        return out
    lr = (credibility / (1 - credibility)) / (prior / (1 - prior))
    weighed = weigh(out, by, lr)
    return {**weighed, "signals": [weight, *out["signals"]]}


def _keep_attribution(d: dict[str, Any], out: dict[str, Any]) -> None:
    d["attribution"] = out["attribution"][:8]
    d["family_attribution"] = out["family_attribution"][:6]
    d["attribution_unknown"] = out["unknown_group"]
    d["attribution_signals"] = out["signals"]


def _weigh_blame(out: dict[str, Any], stated: dict[str, Any], blamed_by: str | None,
                 day: date) -> dict[str, Any] | None:
    """The model's call with the stated blame weighed in (`weighed`), and what was weighed; None
    when no ratio for blame was measured before the incident (the blame is then only reported)."""
    from estimative.analysis.blame import BLAME, ratio, weigh

    r = ratio(BLAME, day)
    if r is None:
        return None
    before = _actor_probability(out, stated)
    weighed = weigh(out, stated, r.likelihood_ratio)
    after = _actor_probability(weighed, stated)
    who = f"{blamed_by} blamed {stated['name']}" if blamed_by else f"the report names {stated['name']} as responsible"
    return {"actor": stated["id"], "by": blamed_by, "likelihood_ratio": r.likelihood_ratio,
            "measured_on": r.statements, "confirmed": r.confirmed, "measured_before": r.before,
            "prior": round(before, 4), "posterior": round(after, 4), "weighed": weighed,
            "evidence": f"stated blame: {who} ({r.describe()}; {stated['name']} {before:.0%} before, "
                        f"{after:.0%} after)"}


def _weigh_denial(out: dict[str, Any], by: dict[str, Any], day: date) -> dict[str, Any]:
    """The model's call with a denial weighed in: the denier's probability times the ratio measured
    for denials (`analysis.blame`, docs/assessment.md). A denier the model does not list keeps
    nothing to lower; without a measured ratio the denial is only reported."""
    from estimative.analysis.blame import DENIAL, ratio, weigh

    r = ratio(DENIAL, day)
    if r is None or not any(c["actor"].get("id") == by["id"] for c in out["attribution"]):
        return out
    before = _actor_probability(out, by)
    weighed = weigh(out, by, r.likelihood_ratio)
    after = _actor_probability(weighed, by)
    line = (f"denial: {by['name']} denied responsibility ({r.describe()}; {by['name']} {before:.0%} before, "
            f"{after:.0%} after)")
    return {**weighed, "signals": [line, *out["signals"]]}


def _actor_probability(out: dict[str, Any], actor: dict[str, Any]) -> float:
    """The model's probability for `actor`; for one it does not list, the mass it leaves for a
    group it does not know."""
    return next((c["probability"] for c in out["attribution"] if c["actor"].get("id") == actor.get("id")),
                out["unknown_group"])


def _claim_credibility(out: dict[str, Any], by: dict[str, Any], day: date) -> tuple[float, str]:
    """How likely the claim is genuine, and the evidence line saying how it was weighed.

    A claimant the model lists (or whose family it does) gets its probability from the masked
    model, times the measured likelihood ratio of claims of its kind. For a claimant the model has
    no record of near the place — a state announcing its own strike, say — the model's prior says
    nothing, and the credibility is how often claims of that kind matched the record's perpetrator."""
    from estimative.analysis.blame import KIND_WORDS, MIN_STATEMENTS, claim_ratio, kind_of_claim

    r = claim_ratio(by["id"], day) if by.get("id") else None
    fams = set(registry().families(by["id"])) if by.get("id") and by["id"] in registry() else set()
    p_model = max([c["probability"] for c in out["attribution"] if c["actor"].get("id") == by.get("id")]
                  + [f["probability"] for f in out["family_attribution"] if f["family"] in fams] + [0.0])
    if r is None:
        return (p_model or out["unknown_group"]), "claim not weighed: no claims of this kind measured before it"
    if p_model <= 0:
        return r.precision, (f"claim: the model has no record of {by['name']} here; {KIND_WORDS[r.kind]} matched the "
                             f"record's perpetrator in {r.precision:.0%} of {r.statements} cases before {r.before}"
                             + (f" (fewer than {MIN_STATEMENTS} {KIND_WORDS[kind_of_claim(by['id'])]} on record then)"
                                if r.kind != kind_of_claim(by["id"]) else ""))
    lr = r.likelihood_ratio
    credibility = lr * p_model / (lr * p_model + (1 - p_model))
    return credibility, f"claim weighed: {by['name']} {p_model:.0%} by the model, {r.describe()}"


# The attribution model's evidence reaches back this far (its candidate, prior and text windows
# are at most ten years): older events, and events outside the incident's country and its
# neighbours, cannot move a call and are not read. docs/assessment.md ("Speed").
ATTRIBUTION_YEARS = 10
_LEARNED: dict[tuple[Any, ...], Any] = {}  # weights and calibration, learned as of a year's start
_MODELS: dict[tuple[Any, ...], Any] = {}  # the same, reading the record of one day
_CACHE_SIZE = 4
log = logging.getLogger("estimative.pipeline")
# Learning reads at most this many incidents per training or calibration slice (a fixed random
# sample): the model has a dozen weights; a store of millions would otherwise take an hour. On
# the RAND tuning split (fit before 2004, scored 2004-2005), a cap of 1,000 scores as learning on
# every incident (top-1 and top-3 equal, ECE 0.037 against 0.039); 500 starts to cost (ECE 0.047).
MAX_FIT_INCIDENTS = 1000


def _eve(ev: Event, at: datetime) -> datetime:
    """Attribution learns from what was known the day before the incident (never after `at`):
    the incident's own stored copy is then not yet part of the record it is compared with."""
    eve = datetime.combine(ev.date_start, datetime.min.time()) - timedelta(seconds=1)
    return min(eve, at)


def attribution_slice(country: str | None, as_of: datetime) -> Any:
    """The stored events attribution reads for an incident: its country and the countries that
    border it, over the model's ten-year window before `as_of` (every country where unplaced)."""
    from estimative.geo.countries import countries
    from estimative.store import EventFilter

    known = countries()
    region = [country, *known[country].neighbours] if country in known else None
    since = as_of.date() - timedelta(days=round(365.25 * ATTRIBUTION_YEARS))
    return EventFilter(country=region, since=since)


def _remember(cache: dict[tuple[Any, ...], Any], key: tuple[Any, ...], value: Any) -> Any:
    if len(cache) >= _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


def attribution_model(store: Any, as_of: datetime, country: str | None = None) -> Any:
    """The attribution model for an incident in `country`, reading the store's slice as of `as_of`.

    Learning (weights, calibration) is the expensive part and changes slowly: it is done once per
    store, region and year, on what was known at the start of that year (so never on anything
    after `as_of`), on at most MAX_FIT_INCIDENTS incidents per slice, and kept in the store
    (`analysis.attribution_learned`) so that no later process learns it again; each day then reads
    its own record with `with_record`. A store that knew nothing attributed at the year's start
    (the curated record alone, early on) learns as of the day itself. What is kept is keyed by
    the events it read (their number and latest `known_from`): an ingest that changes them makes
    the model learn and read again."""
    from estimative.analysis.attribution import AttributionError, AttributionModel

    flt = attribution_slice(country, as_of)
    where = store.path if store.path != ":memory:" else id(store)
    region = tuple(flt.country or ())
    key = (where, region, as_of.date(), store.fingerprint(as_of, flt))
    if key in _MODELS:
        return _MODELS[key]
    learn_at = datetime(as_of.year, 1, 1) - timedelta(seconds=1)
    try:
        learned = _learned_model(store, where, region, country, learn_at)
    except AttributionError:  # nothing attributed yet at the year's start: learn as of the day
        return _remember(_MODELS, key, AttributionModel(max_fit_incidents=MAX_FIT_INCIDENTS)
                         .fit(store, as_of=as_of, flt=flt))
    return _remember(_MODELS, key, _reading_the_day(learned, store, region, as_of, flt, key[-1]))


def _reading_the_day(learned: Any, store: Any, region: tuple[str, ...], as_of: datetime, flt: Any,
                     fingerprint: tuple[int, Any]) -> Any:
    """`learned` reading the record of `as_of`'s day: its index read back from the user cache when
    a process built it before, else built and kept there (`analysis.kept_index`)."""
    from estimative.analysis import kept_index

    path = kept_index.index_path(str(store.path), region, as_of.date(), fingerprint, learned.index_params())
    index = kept_index.read(path)
    if index is not None:
        return learned.with_index(index)
    model = learned.with_record(store, as_of=as_of, flt=flt)
    kept_index.keep(path, model.index_)
    return model


def _learned_model(store: Any, where: Any, region: tuple[str, ...], country: str | None,
                   learn_at: datetime) -> Any:
    """What the model learned from the region's slice as of `learn_at`: from memory, else from the
    store, else learned now (and kept in both). Raises AttributionError when nothing is attributed."""
    from estimative.analysis import attribution_learned
    from estimative.analysis.attribution import AttributionModel

    flt = attribution_slice(country, learn_at)
    n, latest = store.fingerprint(learn_at, flt)
    key = f"attribution|{','.join(region) or '*'}|{learn_at.isoformat()}|{n}|{latest}|{MAX_FIT_INCIDENTS}"
    if (where, key) in _LEARNED:
        return _LEARNED[(where, key)]
    kept = store.learned(key)
    model = attribution_learned.load(kept) if kept else None
    if model is None:
        log.info("learning attribution weights for %s from %s events known on %s (once per store, region "
                 "and year; kept in the store)", ", ".join(region) or "every country", f"{n:,}", learn_at.date())
        model = AttributionModel(max_fit_incidents=MAX_FIT_INCIDENTS).fit(store, as_of=learn_at, flt=flt)
        state = attribution_learned.dump(model)
        if state is not None:
            store.keep_learned(key, state)
    return _remember(_LEARNED, (where, key), model)


def _telling_family(families: list[dict[str, Any]], top: dict[str, Any]) -> dict[str, Any] | None:
    """The family to name: the top candidate's narrowest family that holds most of the broadest
    family's probability (say 'Iran-aligned militias in Iraq', not 'Axis of Resistance', when the
    narrow one carries the call)."""
    if not families:
        return None
    by_name = {f["family"]: f for f in families}
    best = max(families, key=lambda f: f["probability"])
    for name in top["actor"].get("families") or []:
        f = by_name.get(name)
        if f and f["probability"] >= 0.85 * best["probability"]:
            return f
    return best


def _similar(known: _Known, event_id: str) -> dict[str, Any] | None:
    e = known.get(event_id)
    if e is None:
        return None
    return {"id": event_id, "date": e.date_start.isoformat(), "location": e.location or e.country or "",
            "summary": _event_summary(e), "perpetrator": e.perpetrators[0].name if e.perpetrators else None}


def _links(a: Any, report_events: list[tuple[dict[str, Any], Event]], store: Any, at: datetime,
           known: _Known) -> None:
    """Retaliation links inside the report and to stored events known at `at`."""
    from estimative.analysis.linking import retaliation_links

    if not report_events:
        return
    links = retaliation_links([ev for _, ev in report_events], store, at, ids=[d["id"] for d, _ in report_events])
    ours = {d["id"] for d, _ in report_events}
    known.load([x for lk in links for x in (lk["from"], lk["to"]) if x not in ours])
    for link in links:
        link["from_label"] = _link_label(link["from"], report_events, known)
        link["to_label"] = _link_label(link["to"], report_events, known)
        a.links.append(link)
        src, dst = link["from"], link["to"]
        a.judgments.append(J.linkage(src if src in ours else dst, link["relation"], link["from_label"],
                                     link["to_label"], link.get("probability") or 0.5, link.get("reasons", []),
                                     [x for x in (src, dst) if x not in ours]))
        other = dst if src in ours else src
        e = known.get(other)
        if e is not None and e.lat is not None:
            a.related_events.append({"id": other, "date": e.date_start.isoformat(), "lat": e.lat, "lon": e.lon,
                                     "label": _label(e), "relation": link["relation"]})


def _link_label(other: str, report_events: list[tuple[dict[str, Any], Event]], known: _Known) -> str:
    for n, (d, _) in enumerate(report_events, start=1):
        if d["id"] == other:
            return _incident_label(d, n, len(report_events))
    e = known.get(other)
    return f"the {_label(e)} on {J_date(e.date_start.isoformat())}" if e else other


def _forecasts(a: Any, main: Event, store: Any, at: datetime, skill: dict[str, Any], thread: Any) -> None:
    from estimative.analysis import context as ctx
    from estimative.analysis.coverage import THIN_BELOW

    thin_area = a.incidents[0]["coverage"]["status"] == "thin"
    for fc in ctx.forecasts_for(main, store, at, thread, unstored=not a.incidents[0].get("matched_event")):
        if not fc.get("history_events"):
            continue  # no probability without the events it rests on
        a.forecasts.append(fc)
        n = fc.get("history_events")
        a.judgments.append(J.outlook(a.incidents[0]["id"], fc["question"], fc["horizon_days"], fc["probability"],
                                     fc.get("expected_count"), (fc.get("backtest") or {}).get("brier_skill"),
                                     fc.get("evidence", []), key=fc["horizon_days"] == 30, band=fc.get("band"),
                                     history_events=n, thin=thin_area or (n is not None and n < THIN_BELOW)))
    a.outlook_drivers = ctx.outlook_drivers(a.forecasts)


def _response(a: Any, d: dict[str, Any], ev: Event, store: Any, at: datetime, known: _Known) -> None:
    """The struck side's likely response (analysis/response.py): a judgment, or an abstention on thin
    coverage of the incident's area or of the dyad itself."""
    from estimative.analysis import response as R
    from estimative.analysis.threads import event_perpetrator

    top = (d.get("attribution") or [{}])[0].get("actor") or {}
    perpetrator = top.get("id") or event_perpetrator(ev)
    fc, sides, n = R.assess_incident(ev, perpetrator, store, at, d.get("matched_event"))
    if sides is None:
        return  # no struck state or no perpetrator to respond to: nothing to judge
    reg = registry()
    responder = sides.responder_families[0]
    other = sides.other_families[0] if sides.other_families else reg.get(sides.perpetrator).name
    status = d["coverage"]["status"]
    if status in ("none", "thin") or fc is None:
        why = (f"coverage of the incident's area is {status}" if status in ("none", "thin") else
               f"the store holds only {n} strikes between the two sides in the last two years, "
               f"fewer than the {R.MIN_DYAD_EVENTS} a forecast needs")
        a.judgments.append(J.response(d["id"], None, responder, other, [], abstain_reason=why))
        return
    answered = {p.response for r in fc.red_lines for p in r.answered}
    pairs = sorted(fc.pairs, key=lambda p: (p.response not in answered, -len(p.trigger)))[:3]
    known.load([x for p in pairs for x in (p.trigger, p.response)])
    precedents = []
    for p in pairs:
        t, r = known.get(p.trigger), known.get(p.response)
        if t and r:
            precedents.append(f"the {_label(r)} of {J_date(r.date_start.isoformat())} ({p.response}) answered "
                              f"the {_label(t)} of {J_date(t.date_start.isoformat())} ({p.trigger})")
    a.judgments.append(J.response(d["id"], fc, responder, other, precedents))


def _sources(a: Any, known: _Known) -> list[str]:
    seen: list[str] = []
    ids = [i for i in [d.get("matched_event") for d in a.incidents]
           + [s["id"] for d in a.incidents for s in d.get("similar_incidents", [])] if i]
    known.load(ids)
    for eid in ids:
        e = known.get(eid)
        for url in (e.sources if e else []):
            if url not in seen:
                seen.append(url)
    return seen[:25]


def _method_notes(at: datetime) -> list[str]:
    from estimative.analysis.coverage import THIN_BELOW
    from estimative.analysis.forecast import WINDOW_DAYS

    return [
        f"Everything above uses only what the store knew on {at:%d %B %Y} (its as-of view); later events are not used.",
        "Facts are extracted from the report text by rules and gazetteers; each field keeps the text spans that support it (JSON output).",
        "Attribution: a calibrated ranking model over the actors active near the place, their weapons, targets, "
        "casualty scale and the text of their past incidents, with names and claims masked; probabilities are "
        "worded with the ICD 203 terms.",
        "Forecasts: self-exciting (Hawkes) point processes fitted by maximum likelihood to the thread's history, "
        "backtested by rolling origin (docs/evaluation.md).",
        J.coverage_method(THIN_BELOW, WINDOW_DAYS),
    ]
