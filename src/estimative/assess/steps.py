"""The steps of an assessment after extraction, in the order of docs/assessment.md's table.

match -> context (series, severity, escalation, coverage) -> attribution or claim credibility ->
links -> forecasts -> judgments. Each step is one public function that reads the store as of
`at` and nothing else from outside; `run_steps` calls them in order and fills the Assessment.
Nothing here parses input (`assess.api`), writes English (`assess.wording`) or weighs a
statement (`analysis.blame`).
"""
from __future__ import annotations

from datetime import date, datetime

from estimative.analysis import blame
from estimative.analysis import context as ctx
from estimative.analysis import response as R
from estimative.analysis.attribution import (
    Attribution,
    AttributionError,
    AttributionJSON,
    Candidate,
    FamilyCandidate,
)
from estimative.analysis.context import IncidentContext, RelatedEvent
from estimative.analysis.coverage import THIN_BELOW, Coverage
from estimative.analysis.escalation import LEVELS, Escalation
from estimative.analysis.forecast import WINDOW_DAYS
from estimative.analysis.linking import match_stored, retaliation_links, target_side
from estimative.analysis.skill import Skill, load_skill
from estimative.analysis.threads import Thread, actor_families, event_perpetrator
from estimative.assess import wording as J
from estimative.assess.models import attribution_model, eve
from estimative.assess.records import (
    Assessment,
    IncidentAssessment,
    Link,
    MentionedEvent,
    SimilarIncident,
)
from estimative.extract.document import Document
from estimative.extract.incident import Incident
from estimative.geo import country_name
from estimative.knowledge import estimative_term, registry
from estimative.model import Event
from estimative.store import EventFilter, Store

SIMILAR_SHOWN = 5
CANDIDATES_SHOWN = 8  # an incident's attribution shows its first 8 candidates
FAMILIES_SHOWN = 6  # and 6 families
ReportEvents = list[tuple[IncidentAssessment, Event]]  # each incident of the report and its Event


# ------------------------------------------------------------------------------------ records
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
        d, ev = incident_record(inc, i, doc, at, a.report.source)
        match_incident(a, d, ev, store, at)
        context = incident_context(d, ev, store, at)
        attribute(a, d, ev, store, at, skill, known)
        a.incidents.append(d)
        report_events.append((d, ev))
        for ref in inc.references:
            a.references.append(MentionedEvent(ref.text, ref.date.isoformat() if ref.date else None, d.id))
        if i == 0:
            a.headline = J.headline(inc)
            judge_context(a, d, context)
            a.timeline = context.timeline({"id": d.id, "date": inc.date.isoformat(), "summary": d.summary})
            a.related_events += context.related_points()
            outlook_thread = context.forecast_thread
            likely_response(a, d, ev, store, at, known)
    link_incidents(a, report_events, store, at, known)
    if a.incidents and coverage_of(a.incidents[0]).status != "none":
        forecast(a, report_events[0][1], store, at, skill, outlook_thread)
    a.sources = cited_sources(a, known)
    a.method = J.method_notes(at, THIN_BELOW, WINDOW_DAYS)


def incident_record(inc: Incident, i: int, doc: Document, at: datetime,
                    source: str | None) -> tuple[IncidentAssessment, Event]:
    """The incident's record (with its summary) and its Event, the struck party dropped from the
    stated perpetrator (`drop_struck_party`)."""
    d = IncidentAssessment(inc, J.incident_summary(inc))
    text = doc.text[inc.span[0]:inc.span[1]] if inc.span and inc.span[1] > inc.span[0] else doc.text
    ev = d.event(f"report#{i}", at, source, notes=text)
    if drop_struck_party(inc, ev):
        ev = d.event(f"report#{i}", at, source, notes=text)
    return d, ev


def drop_struck_party(inc: Incident, ev: Event) -> bool:
    """A stated perpetrator on the incident's own target side is not its author (a blame that the
    text gives for another event: "the coalition was probably responsible" for strikes that answered
    an attack on the coalition). The struck party is never the author; civilians belong to no side."""
    stated = inc.stated_perpetrator
    if stated is None or not stated.id or inc.claimant:
        return False
    _, struck = target_side(ev)
    if not set(actor_families(stated.id)) & struck:
        return False
    inc.stated_perpetrator, inc.blamed_by = None, None
    return True


# ------------------------------------------------------------------------------------ matching
def match_incident(a: Assessment, d: IncidentAssessment, ev: Event, store: Store, at: datetime) -> None:
    """`matched_event`: the stored event that is this incident, when more likely than not, and its
    `same_event` link."""
    match = match_stored(ev, store, at)
    d.matched_event = match.event_id if match else None
    if match:
        a.links.append(Link(d.id, match.event_id, "same_event", match.probability, match.reasons,
                            "the incident in this report", f"the stored record {match.event_id}"))


# ------------------------------------------------------------------------------------ context, coverage
def incident_context(d: IncidentAssessment, ev: Event, store: Store, at: datetime) -> IncidentContext:
    """The incident's series, severity rank and escalation (`context`) and what the store held of
    its area (`coverage`, with its note)."""
    matched = d.matched_event
    context = ctx.incident_context(ev, store, at, exclude=[matched] if matched else [])
    d.context = context
    if context.coverage is None:
        raise ValueError("analysis.context.incident_context gave no coverage")  # it always reads one
    d.coverage, d.coverage_note = context.coverage, coverage_note(context.coverage)
    return context


def coverage_note(basis: Coverage) -> str:
    """The note of the incident's `coverage` field: what the store held of its area and window."""
    return J.coverage_note(basis.status, basis.events, [country_name(c) for c in basis.area], basis.until,
                           basis.window_days, sorted(basis.sources), THIN_BELOW, basis.latest_before)


def coverage_of(d: IncidentAssessment) -> Coverage:
    """The incident's coverage, once `incident_context` has read it."""
    if d.coverage is None:
        raise ValueError(f"{d.id}: the coverage is read by incident_context, which has not run")
    return d.coverage


# ------------------------------------------------------------------------------------ attribution
def attribute(a: Assessment, d: IncidentAssessment, ev: Event, store: Store, at: datetime, skill: Skill,
              known: Known) -> None:
    """Attribution for unclaimed incidents, with any stated blame weighed in; the claim's
    credibility for claimed ones. Blame and claims are weighed by likelihood ratios measured on
    the record before the incident (`analysis.blame`, docs/assessment.md)."""
    inc = d.incident
    attr_skill = skill.attribution_top1
    try:
        att = attribution_model(store, eve(ev, at), ev.country).explain(ev)
    except AttributionError:  # nothing attributed near the place: the report's statement alone
        attribute_from_statement(d, ev.date_start, a, attr_skill)
        return
    known.load(att.similar[:SIMILAR_SHOWN])
    similar = [_similar(known, sid) for sid in att.similar[:SIMILAR_SHOWN]]
    d.similar_incidents = [s for s in similar if s]
    evidence = [s.id for s in d.similar_incidents] + att.signals[:3]
    out = att.to_dict()  # analysis.blame weighs the call's JSON form (rounded as shown)
    by = inc.claimant.to_dict() if inc.claimant else None
    if inc.claim_status == "claimed" and inc.claimant and by:
        credibility, weight = blame.claim_credibility(out, by, ev.date_start)
        _keep_attribution(d, blame.with_claim(out, by, credibility, weight))
        claimant_id = inc.claimant.id or ""
        by_state = bool(claimant_id) and blame.kind_of_claim(claimant_id) == blame.CLAIM_STATE
        a.judgments.append(J.attribution_claimed(d.id, inc.claimant, credibility,
                                                 J.confidence(len(evidence), attr_skill, credibility),
                                                 evidence + [weight], by_state=by_state))
        return
    if inc.claim_status == "denied" and by and by["id"]:
        out = blame.weigh_denial(out, by, ev.date_start)
    stated = inc.stated_perpetrator
    weighed_blame = (blame.weigh_blame(out, stated.to_dict(), inc.blamed_by, ev.date_start)
                     if stated is not None and stated.id else None)
    if weighed_blame:
        out, evidence = _with_blame(d, out, weighed_blame)
    kept = _keep_attribution(d, out)
    if not kept.candidates:
        return
    top = kept.candidates[0]
    fam = telling_family(kept.families, top)
    p = fam.probability if fam else top.probability
    a.judgments.append(J.attribution_unclaimed(
        d.id, fam.family if fam else None, p, top.actor, top.probability,
        J.confidence(len(evidence), attr_skill, p), evidence,
        stated=stated.name if stated else None, blamed_by=inc.blamed_by, claim_status=inc.claim_status or "unknown",
        denied_by=by["name"] if by else None, blame_weighed=weighed_blame))


def _with_blame(d: IncidentAssessment, out: AttributionJSON,
                weighed_blame: blame.WeighedBlame) -> tuple[AttributionJSON, list[str]]:
    """The candidates with the stated blame weighed in, and the judgment's evidence (the blame first);
    the incident keeps what was weighed in `stated_blame`."""
    weighed = weighed_blame.weighed
    d.stated_blame = weighed_blame
    model_top = out["attribution"][0]["actor"] if out["attribution"] else None
    signals = out["signals"]
    if model_top and weighed["attribution"][0]["actor"].get("id") != model_top.get("id"):
        # the model's signals explain its own top candidate, which the blame displaced
        signals = [f"before the blame, toward {model_top['name']}: {sig}" if i == 0 else sig
                   for i, sig in enumerate(signals)]
    out = {**weighed, "signals": [weighed_blame.evidence, *signals]}
    evidence = [weighed_blame.evidence, *(s.id for s in d.similar_incidents or []), *signals[:3]]
    return out, evidence


def attribute_from_statement(d: IncidentAssessment, day: date, a: Assessment, attr_skill: float | None) -> None:
    """Where the store holds nothing to attribute from, a stated claim or blame still attributes:
    the named actor at the credibility that statements of its kind have had on the record (the
    measured share borne out, `Ratio.precision`: docs/assessment.md, "With nothing on record"),
    the rest left to a group not named. Nothing when the report states neither."""
    inc = d.incident
    by = inc.claimant if inc.claim_status == "claimed" else None
    named = by or inc.stated_perpetrator
    if not named or not named.id or named.id not in registry():
        return
    r = blame.claim_ratio(named.id, day) if by else blame.ratio(blame.BLAME, day)
    if r is None:
        return
    p = r.precision
    record = (f"{blame.KIND_WORDS[r.kind]} matched the record's perpetrator in {p:.0%} of {r.statements:,} cases "
              f"dated before {r.before}")
    evidence = f"{'claim' if by else 'stated blame'}: no record in the store to weigh it against; {record}"
    families = registry().families(named.id)
    ref = registry().get(named.id).ref()
    term = estimative_term(p)
    _show_attribution(d, Attribution([Candidate(ref, round(p, 4), term, [evidence])], round(1 - p, 4),
                                     [FamilyCandidate(f, round(p, 4), term) for f in families], signals=[evidence]))
    a.judgments.append(J.attribution_from_statement(
        d.id, ref, p, J.confidence(1, attr_skill, p), [evidence], record, claimed=by is not None,
        by_state=bool(by) and blame.kind_of_claim(named.id) == blame.CLAIM_STATE, blamed_by=inc.blamed_by,
        family=families[0] if families else None))


def _keep_attribution(d: IncidentAssessment, out: AttributionJSON) -> Attribution:
    """The incident's attribution from `out` (`analysis.attribution.Attribution.to_dict()`, as
    `analysis.blame` weighs it), as shown (`_show_attribution`)."""
    return _show_attribution(d, Attribution.from_dict(out))


def _show_attribution(d: IncidentAssessment, att: Attribution) -> Attribution:
    """The incident's attribution as shown: the first `CANDIDATES_SHOWN` candidates and
    `FAMILIES_SHOWN` families, the signals behind the call."""
    d.attribution = Attribution(att.candidates[:CANDIDATES_SHOWN], att.unknown, att.families[:FAMILIES_SHOWN],
                                signals=att.signals)
    return d.attribution


def telling_family(families: list[FamilyCandidate], top: Candidate) -> FamilyCandidate | None:
    """The family to name: the top candidate's narrowest family that holds most of the broadest
    family's probability (say 'Iran-aligned militias in Iraq', not 'Axis of Resistance', when the
    narrow one carries the call)."""
    if not families:
        return None
    by_name = {f.family: f for f in families}
    best = max(families, key=lambda f: f.probability)
    for name in top.actor.families:
        f = by_name.get(name)
        if f and f.probability >= 0.85 * best.probability:
            return f
    return best


def _similar(known: Known, event_id: str) -> SimilarIncident | None:
    e = known.get(event_id)
    if e is None:
        return None
    return SimilarIncident(event_id, e.date_start.isoformat(), e.location or e.country or "", J.event_summary(e),
                           e.perpetrators[0].name if e.perpetrators else None)


# ------------------------------------------------------------------------------------ links
def link_incidents(a: Assessment, report_events: ReportEvents, store: Store, at: datetime, known: Known) -> None:
    """Retaliation links inside the report and to stored events known at `at`, each with its
    linkage judgment."""
    if not report_events:
        return
    # each incident's stored copy is its matched event (`match_incident`: the same look-up, as of `at`)
    links = retaliation_links([ev for _, ev in report_events], store, at, ids=[d.id for d, _ in report_events],
                              copies={ev.id: d.matched_event for d, ev in report_events})
    ours = {d.id for d, _ in report_events}
    known.load([x for lk in links for x in (lk.source, lk.target) if x not in ours])
    for lk in links:
        src, dst = lk.source, lk.target
        link = Link(src, dst, lk.relation, round(lk.probability, 3), lk.reasons,
                    _link_label(src, report_events, known), _link_label(dst, report_events, known))
        a.links.append(link)
        a.judgments.append(J.linkage(src if src in ours else dst, link.relation, link.from_label, link.to_label,
                                     link.probability or 0.5, link.reasons, [x for x in (src, dst) if x not in ours]))
        other = dst if src in ours else src
        e = known.get(other)
        if e is not None and e.lat is not None:
            a.related_events.append(RelatedEvent(other, e.date_start.isoformat(), e.lat, e.lon, J.event_label(e),
                                                 link.relation))


def _link_label(other: str, report_events: ReportEvents, known: Known) -> str:
    for n, (d, _) in enumerate(report_events, start=1):
        if d.id == other:
            return J.incident_label(d.incident, n, len(report_events))
    e = known.get(other)
    return J.stored_event_label(e) if e else other


# ------------------------------------------------------------------------------------ forecasts
def forecast(a: Assessment, main: Event, store: Store, at: datetime, skill: Skill, thread: Thread | None) -> None:
    """7- and 30-day forecasts for the main incident's thread, each with its outlook judgment; a
    forecast with no events under it states nothing."""
    first = a.incidents[0]
    thin_area = coverage_of(first).status == "thin"
    for fc in ctx.forecasts_for(main, store, at, thread, unstored=not first.matched_event):
        if not fc.history_events:
            continue  # no probability without the events it rests on
        a.forecasts.append(fc)
        n = fc.history_events
        a.judgments.append(J.outlook(first.id, fc.question, fc.horizon_days, fc.probability, fc.expected_count,
                                     fc.backtest.brier_skill if fc.backtest else None, fc.evidence, key=fc.horizon_days == 30,
                                     band=fc.band, history_events=n, thin=thin_area or n < THIN_BELOW))
    a.outlook_drivers = ctx.outlook_drivers(a.forecasts)


# ------------------------------------------------------------------------------------ judgments
def judge_context(a: Assessment, d: IncidentAssessment, context: IncidentContext) -> None:
    """The main incident's significance and escalation judgments, as its coverage allows: none
    draws nothing from history (the coverage note is said instead; red lines still speak), thin
    gives low confidence."""
    basis = coverage_of(d)
    thin = basis.status == "thin"
    esc = context.escalation
    if basis.status == "none":
        a.judgments.append(J.coverage(d.id, d.coverage_note))
        if esc and basis.area:
            esc.reasons.append(J.no_history_escalation([country_name(c) for c in basis.area], basis.until,
                                                       basis.window_days))
            a.judgments.append(J.escalation(d.id, esc.level, _highest_line_first(esc), None, [],
                                            from_history=False))
        return
    a.judgments.append(J.significance(d.id, context.lead, context.rank,
                                      context.series_ids[:20], thin=thin))
    if esc:
        a.judgments.append(J.escalation(d.id, esc.level, esc.reasons, None,
                                        context.series_ids[:10], thin=thin))


def _highest_line_first(esc: Escalation) -> list[str]:
    """The reasons of an escalation drawn from red lines alone, the line that sets the level first
    (without history, the first reasons are the crossings, in the order of `red_lines`)."""
    lines, reasons = esc.red_lines, list(esc.reasons)
    if not lines or len(reasons) < len(lines):
        return reasons
    top = max(range(len(lines)), key=lambda k: LEVELS.index(lines[k].level))
    return [reasons[top], *(r for k, r in enumerate(reasons) if k != top)]


def likely_response(a: Assessment, d: IncidentAssessment, ev: Event, store: Store, at: datetime,
                    known: Known) -> None:
    """The struck side's likely response (analysis/response.py): a judgment, or an abstention on thin
    coverage of the incident's area or of the dyad itself."""
    candidates = d.attribution.candidates if d.attribution else []
    perpetrator = (candidates[0].actor.id if candidates else None) or event_perpetrator(ev)
    fc, sides, n = R.assess_incident(ev, perpetrator, store, at, d.matched_event)
    if sides is None:
        return  # no struck state or no perpetrator to respond to: nothing to judge
    reg = registry()
    responder = sides.responder_families[0]
    other = sides.other_families[0] if sides.other_families else reg.get(sides.perpetrator).name
    status = coverage_of(d).status
    if status in ("none", "thin") or fc is None:
        why = (f"coverage of the incident's area is {status}" if status in ("none", "thin") else
               f"the store holds only {n} strikes between the two sides in the last two years, "
               f"fewer than the {R.MIN_DYAD_EVENTS} a forecast needs")
        a.judgments.append(J.response(d.id, None, responder, other, [], abstain_reason=why))
        return
    answered = {p.response for r in fc.red_lines for p in r.answered}
    pairs = sorted(fc.pairs, key=lambda p: (p.response not in answered, -len(p.trigger)))[:3]
    known.load([x for p in pairs for x in (p.trigger, p.response)])
    precedents = []
    for p in pairs:
        t, r = known.get(p.trigger), known.get(p.response)
        if t and r:
            precedents.append(J.precedent(r, p.response, t, p.trigger))
    a.judgments.append(J.response(d.id, fc, responder, other, precedents))


def cited_sources(a: Assessment, known: Known) -> list[str]:
    """The source URLs of the stored events the assessment rests on (matched and similar), at most 25."""
    seen: list[str] = []
    ids = [i for i in [d.matched_event for d in a.incidents]
           + [s.id for d in a.incidents for s in d.similar_incidents or []] if i]
    known.load(ids)
    for eid in ids:
        e = known.get(eid)
        for url in (e.sources if e else []):
            if url not in seen:
                seen.append(url)
    return seen[:25]
