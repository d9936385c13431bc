"""The steps of an assessment after extraction, in the order of docs/assessment.md's table.

match -> context (series, severity, escalation, coverage) -> attribution or claim credibility ->
links -> forecasts -> judgments. Each step is one public function that reads the store as of
`at` and nothing else from outside; `run_steps` calls them in order and fills the Assessment.
Nothing here parses input (`assess.api`), writes English (`assess.wording`) or weighs a
statement (`analysis.blame`).
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from estimative.analysis import blame
from estimative.analysis import context as ctx
from estimative.analysis import response as R
from estimative.analysis.attribution import AttributionError
from estimative.analysis.context import IncidentContext
from estimative.analysis.coverage import THIN_BELOW, Coverage
from estimative.analysis.escalation import LEVELS
from estimative.analysis.forecast import WINDOW_DAYS
from estimative.analysis.linking import retaliation_links, target_side
from estimative.analysis.skill import Skill, load_skill
from estimative.analysis.threads import Thread, actor_families, event_perpetrator
from estimative.assess import wording as J
from estimative.assess.models import attribution_model, eve
from estimative.assess.records import Assessment
from estimative.extract.document import Document
from estimative.extract.incident import Incident
from estimative.geo import country_name
from estimative.knowledge import estimative_term, registry
from estimative.model import ActorRef, CasualtyGroup, Count, Event, Target, Weapon
from estimative.store import EventFilter, Store

SIMILAR_SHOWN = 5
ReportEvents = list[tuple[dict[str, Any], Event]]  # each incident of the report (schema dict) and its Event


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


class Known:
    """The stored events an assessment names, each read once as of its date, in batches: on a
    large store every as-of lookup is a scan, so one query for five ids costs what one id does."""

    def __init__(self, store: Store, at: datetime) -> None:
        self.store, self.at = store, at
        self._events: dict[str, Event | None] = {}

    def load(self, ids: list[str]) -> None:
        missing = list(dict.fromkeys(i for i in ids if i not in self._events))
        if missing:
            for e in self.store.events(self.at, EventFilter(ids=missing)):
                self._events[e.id] = e
            for i in missing:
                self._events.setdefault(i, None)

    def get(self, event_id: str) -> Event | None:
        self.load([event_id])
        return self._events[event_id]


# ------------------------------------------------------------------------------------ the run
def run_steps(a: Assessment, doc: Document, incidents: list[Incident], store: Store, at: datetime) -> None:
    """Fill the Assessment `a` from the extracted incidents, reading the store as of `at`."""
    skill = load_skill()
    known = Known(store, at)
    outlook_thread = None  # the main incident's
    report_events: ReportEvents = []
    for i, inc in enumerate(incidents):
        d, ev = incident_record(inc, i, doc, at, a.report.get("source"))
        match_incident(a, d, ev, store, at)
        context = incident_context(d, ev, store, at)
        attribute(a, d, ev, store, at, skill, known)
        a.incidents.append(d)
        report_events.append((d, ev))
        for ref in d.get("references", []):
            a.references.append({"text": ref["text"], "date": ref.get("date"), "incident": d["id"],
                                 "matched_event": None})
        if i == 0:
            a.headline = J.headline(d)
            judge_context(a, d, context)
            a.timeline = context.timeline(d)
            a.related_events += context.related_points()
            outlook_thread = context.forecast_thread
            likely_response(a, d, ev, store, at, known)
    link_incidents(a, report_events, store, at, known)
    if a.incidents and a.incidents[0]["coverage"]["status"] != "none":
        forecast(a, report_events[0][1], store, at, skill, outlook_thread)
    a.sources = cited_sources(a, known)
    a.method = J.method_notes(at, THIN_BELOW, WINDOW_DAYS)


def incident_record(inc: Incident, i: int, doc: Document, at: datetime,
                    source: str | None) -> tuple[dict[str, Any], Event]:
    """The incident's schema dict (with its summary) and its Event, the struck party dropped from
    the stated perpetrator (`drop_struck_party`)."""
    d = inc.to_dict()
    d["summary"] = J.incident_summary(d)
    text = doc.text[inc.span[0]:inc.span[1]] if inc.span and inc.span[1] > inc.span[0] else doc.text
    ev = incident_to_event(d, source_id=f"report#{i}", known_from=at, report_source=source, notes=text)
    if drop_struck_party(d, ev):
        ev = incident_to_event(d, source_id=f"report#{i}", known_from=at, report_source=source, notes=text)
    return d, ev


def drop_struck_party(d: dict[str, Any], ev: Event) -> bool:
    """A stated perpetrator on the incident's own target side is not its author (a blame that the
    text gives for another event: "the coalition was probably responsible" for strikes that answered
    an attack on the coalition). The struck party is never the author; civilians belong to no side."""
    stated = d.get("stated_perpetrator") or {}
    if not stated.get("id") or (d.get("claim") or {}).get("by"):
        return False
    _, struck = target_side(ev)
    if not set(actor_families(stated["id"])) & struck:
        return False
    d["stated_perpetrator"], d["blamed_by"] = None, None
    return True


# ------------------------------------------------------------------------------------ matching
def match_incident(a: Assessment, d: dict[str, Any], ev: Event, store: Store, at: datetime) -> None:
    """`matched_event`: the stored event that is this incident, when more likely than not, and its
    `same_event` link."""
    match = ctx.match_stored(ev, store, at)
    d["matched_event"] = match["event_id"] if match else None
    if match:
        a.links.append({"from": d["id"], "to": match["event_id"], "relation": "same_event",
                        "probability": match["probability"], "reasons": match["reasons"],
                        "from_label": "the incident in this report",
                        "to_label": f"the stored record {match['event_id']}"})


# ------------------------------------------------------------------------------------ context, coverage
def incident_context(d: dict[str, Any], ev: Event, store: Store, at: datetime) -> IncidentContext:
    """The incident's series, severity rank and escalation (`context`) and what the store held of
    its area (`coverage`, with its note)."""
    matched = d.get("matched_event")
    context = ctx.incident_context(ev, store, at, exclude=[matched] if matched else [])
    d["context"] = context.schema()
    if context.coverage is None:
        raise ValueError("analysis.context.incident_context gave no coverage")  # it always reads one
    d["coverage"] = coverage(context.coverage)
    return context


def coverage(basis: Coverage) -> dict[str, Any]:
    """The incident's `coverage` field: what the store held of its area and window, with its note."""
    note = J.coverage_note(basis.status, basis.events, [country_name(c) for c in basis.area], basis.until,
                           basis.window_days, sorted(basis.sources), THIN_BELOW, basis.latest_before)
    return basis.to_dict(note)


# ------------------------------------------------------------------------------------ attribution
def attribute(a: Assessment, d: dict[str, Any], ev: Event, store: Store, at: datetime, skill: Skill,
              known: Known) -> None:
    """Attribution for unclaimed incidents, with any stated blame weighed in; the claim's
    credibility for claimed ones. Blame and claims are weighed by likelihood ratios measured on
    the record before the incident (`analysis.blame`, docs/assessment.md)."""
    claim = d.get("claim") or {}
    attr_skill = skill.attribution_top1
    try:
        att = attribution_model(store, eve(ev, at), ev.country).explain(ev)
    except AttributionError:  # nothing attributed near the place: the report's statement alone
        attribute_from_statement(d, ev.date_start, a, attr_skill)
        return
    out = att.to_dict()
    known.load(out["similar_incidents"][:SIMILAR_SHOWN])
    d["similar_incidents"] = [_similar(known, sid) for sid in out["similar_incidents"][:SIMILAR_SHOWN]]
    d["similar_incidents"] = [s for s in d["similar_incidents"] if s]
    evidence = [s["id"] for s in d["similar_incidents"]] + out["signals"][:3]
    if claim.get("status") == "claimed" and claim.get("by"):
        credibility, weight = blame.claim_credibility(out, claim["by"], ev.date_start)
        _keep_attribution(d, blame.with_claim(out, claim["by"], credibility, weight))
        by_state = bool(claim["by"].get("id")) and blame.kind_of_claim(claim["by"]["id"]) == blame.CLAIM_STATE
        a.judgments.append(J.attribution_claimed(d["id"], claim["by"], credibility,
                                                 J.confidence(len(evidence), attr_skill, credibility),
                                                 evidence + [weight], by_state=by_state))
        return
    if claim.get("status") == "denied" and (claim.get("by") or {}).get("id"):
        out = blame.weigh_denial(out, claim["by"], ev.date_start)
    stated = d.get("stated_perpetrator") or {}
    weighed_blame = blame.weigh_blame(out, stated, d.get("blamed_by"), ev.date_start) if stated.get("id") else None
    if weighed_blame:
        out, evidence = _with_blame(d, out, weighed_blame)
    _keep_attribution(d, out)
    if not d["attribution"]:
        return
    top = d["attribution"][0]
    fam = telling_family(d["family_attribution"], top)
    p = fam["probability"] if fam else top["probability"]
    a.judgments.append(J.attribution_unclaimed(
        d["id"], fam["family"] if fam else None, p, top["actor"], top["probability"],
        J.confidence(len(evidence), attr_skill, p), evidence,
        stated=stated.get("name"), blamed_by=d.get("blamed_by"), claim_status=claim.get("status") or "unknown",
        denied_by=(claim.get("by") or {}).get("name"), blame_weighed=weighed_blame))


def _with_blame(d: dict[str, Any], out: dict[str, Any],
                weighed_blame: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The candidates with the stated blame weighed in, and the judgment's evidence (the blame first);
    the incident keeps what was weighed in `stated_blame`."""
    weighed = weighed_blame.pop("weighed")
    d["stated_blame"] = weighed_blame
    model_top = out["attribution"][0]["actor"] if out["attribution"] else None
    signals = out["signals"]
    if model_top and weighed["attribution"][0]["actor"].get("id") != model_top.get("id"):
        # the model's signals explain its own top candidate, which the blame displaced
        signals = [f"before the blame, toward {model_top['name']}: {sig}" if i == 0 else sig
                   for i, sig in enumerate(signals)]
    out = {**weighed, "signals": [weighed_blame["evidence"], *signals]}
    evidence = [weighed_blame["evidence"], *(s["id"] for s in d["similar_incidents"]), *signals[:3]]
    return out, evidence


def attribute_from_statement(d: dict[str, Any], day: date, a: Assessment, attr_skill: float | None) -> None:
    """Where the store holds nothing to attribute from, a stated claim or blame still attributes:
    the named actor at the credibility that statements of its kind have had on the record (the
    measured share borne out, `Ratio.precision`: docs/assessment.md, "With nothing on record"),
    the rest left to a group not named. Nothing when the report states neither."""
    claim = d.get("claim") or {}
    by = claim.get("by") if claim.get("status") == "claimed" else None
    named = by or d.get("stated_perpetrator")
    if not named or not named.get("id") or named["id"] not in registry():
        return
    r = blame.claim_ratio(named["id"], day) if by else blame.ratio(blame.BLAME, day)
    if r is None:
        return
    p = r.precision
    record = (f"{blame.KIND_WORDS[r.kind]} matched the record's perpetrator in {p:.0%} of {r.statements:,} cases "
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
        by_state=bool(by) and blame.kind_of_claim(named["id"]) == blame.CLAIM_STATE, blamed_by=d.get("blamed_by"),
        family=families[0] if families else None))


def _keep_attribution(d: dict[str, Any], out: dict[str, Any]) -> None:
    d["attribution"] = out["attribution"][:8]
    d["family_attribution"] = out["family_attribution"][:6]
    d["attribution_unknown"] = out["unknown_group"]
    d["attribution_signals"] = out["signals"]


def telling_family(families: list[dict[str, Any]], top: dict[str, Any]) -> dict[str, Any] | None:
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


def _similar(known: Known, event_id: str) -> dict[str, Any] | None:
    e = known.get(event_id)
    if e is None:
        return None
    return {"id": event_id, "date": e.date_start.isoformat(), "location": e.location or e.country or "",
            "summary": J.event_summary(e), "perpetrator": e.perpetrators[0].name if e.perpetrators else None}


# ------------------------------------------------------------------------------------ links
def link_incidents(a: Assessment, report_events: ReportEvents, store: Store, at: datetime, known: Known) -> None:
    """Retaliation links inside the report and to stored events known at `at`, each with its
    linkage judgment."""
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
                                     "label": J.event_label(e), "relation": link["relation"]})


def _link_label(other: str, report_events: ReportEvents, known: Known) -> str:
    for n, (d, _) in enumerate(report_events, start=1):
        if d["id"] == other:
            return J.incident_label(d, n, len(report_events))
    e = known.get(other)
    return J.stored_event_label(e) if e else other


# ------------------------------------------------------------------------------------ forecasts
def forecast(a: Assessment, main: Event, store: Store, at: datetime, skill: Skill, thread: Thread | None) -> None:
    """7- and 30-day forecasts for the main incident's thread, each with its outlook judgment; a
    forecast with no events under it states nothing."""
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


# ------------------------------------------------------------------------------------ judgments
def judge_context(a: Assessment, d: dict[str, Any], context: IncidentContext) -> None:
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
    lines, reasons = esc.get("red_lines") or [], list(esc.get("reasons") or [])
    if not lines or len(reasons) < len(lines):
        return reasons
    top = max(range(len(lines)), key=lambda k: LEVELS.index(lines[k]["level"]))
    return [reasons[top], *(r for k, r in enumerate(reasons) if k != top)]


def likely_response(a: Assessment, d: dict[str, Any], ev: Event, store: Store, at: datetime, known: Known) -> None:
    """The struck side's likely response (analysis/response.py): a judgment, or an abstention on thin
    coverage of the incident's area or of the dyad itself."""
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
            precedents.append(J.precedent(r, p.response, t, p.trigger))
    a.judgments.append(J.response(d["id"], fc, responder, other, precedents))


def cited_sources(a: Assessment, known: Known) -> list[str]:
    """The source URLs of the stored events the assessment rests on (matched and similar), at most 25."""
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
