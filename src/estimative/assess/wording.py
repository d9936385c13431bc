"""The language of the trade: every English sentence an assessment says, in one place.

The judgment functions return one `judgment` of the assessment schema (kind, subject, statement,
probability, estimative_term, confidence, evidence) as ICD 203 estimative statements; beside them
are the phrases the steps name things with (an incident's summary and headline, a stored event's
label, the method notes) and the one date formatter, `long_date`, which the brief uses too.
Wording is fixed here, so the brief and the web pages say exactly what the assessment holds.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from estimative.analysis.blame import WeighedBlame
from estimative.analysis.response import RedLineRecord, ResponseForecast, gravest
from estimative.analysis.series import Series
from estimative.analysis.severity import SeverityRank
from estimative.assess.records import Judgment, ResponseFigures
from estimative.extract.incident import Incident
from estimative.geo import country_name, place_key
from estimative.knowledge import estimative_term
from estimative.model import ActorRef, Event, Target, Weapon


def long_date(day: str | date | None) -> str:
    """'2 June 2016', from a date or an ISO date (or date-time); 'an unknown date' for none, and an
    unreadable string as it is."""
    if day is None or day == "":
        return "an unknown date"
    if isinstance(day, date):
        return f"{day.day} {day:%B %Y}"
    try:
        parsed = date.fromisoformat(day[:10])
    except ValueError:
        return day
    return f"{parsed.day} {parsed:%B %Y}"


def confidence(n_evidence: int, skill: float | None, probability: float | None = None) -> str:
    """Analytic confidence from how much evidence there is and the model's backtested skill.

    high: ample evidence (≥ 10 supporting items) and demonstrated skill (≥ 0.5 on its measure);
    low: thin evidence (< 3 items) or no measured skill; moderate otherwise.
    """
    if n_evidence < 3 or skill is None or skill <= 0:
        return "low"
    if n_evidence >= 10 and skill >= 0.5 and (probability is None or probability >= 0.8 or probability <= 0.2):
        return "high"
    return "moderate"


def _j(kind: str, subject: str | None, statement: str, probability: float | None = None,
       conf: str | None = None, evidence: list[str] | None = None, key: bool = False) -> Judgment:
    return Judgment(kind, subject, statement, None if probability is None else round(float(probability), 3),
                    estimative_term(probability) if probability is not None else None, conf, list(evidence or []),
                    key)


def _we_assess(p: float, clause: str, start: bool = True) -> str:
    return f"{'We' if start else 'we'} assess it is {estimative_term(p)} that {clause}"


_CLAIM_LEAD = {
    "unclaimed": "No group has claimed responsibility.",
    "unknown": "The report does not say whether any group has claimed responsibility.",
}


def attribution_unclaimed(subject: str, family: str | None, family_p: float, actor: ActorRef | None,
                          actor_p: float | None, conf: str, evidence: list[str], stated: str | None = None,
                          blamed_by: str | None = None, claim_status: str = "unclaimed",
                          denied_by: str | None = None, blame_weighed: WeighedBlame | None = None) -> Judgment:
    """'No group has claimed responsibility. Based on the nature of the attack and similar previous
    incidents, we assess it is likely that it was perpetrated by <family>, such as <actor>.'

    With a stated blame weighed in (`blame_weighed`, from `analysis.blame.weigh_blame`), the basis says
    so: '<who> blamed <actor>. Weighing that blame (such a statement is about 25 times likelier ...)
    with the nature of the attack and similar previous incidents, ...'. `actor` is the top
    candidate's actor_ref; the judgment keeps its id and the family named as structured fields
    (`actor`, `family`), so tests and the web pages need not parse the sentence."""
    if claim_status == "denied":
        lead = f"{denied_by or 'The group suspected'} denied responsibility."
    else:
        lead = _CLAIM_LEAD.get(claim_status, _CLAIM_LEAD["unknown"])
    if stated:
        lead += (f" {blamed_by} blamed {stated}." if blamed_by else f" The report names {stated} as responsible.")
    name = actor.name if actor else None
    if family:
        who = f"an actor among {family}" + (f", such as {name}" if name else "")
    else:
        who = name or "a group not yet known"
    p = family_p if family else (actor_p or 0.0)
    if blame_weighed:
        basis = (f"Weighing that {'blame' if blamed_by else 'statement'} (such a statement is about "
                 f"{blame_weighed.likelihood_ratio:.0f} times likelier when the group named did it than when "
                 f"it did not, as measured on {blame_weighed.measured_on} past cases) with the nature of the "
                 "attack and similar previous incidents, ")
    elif stated:
        basis = ("The statement is not weighed (no measured weight for such statements before the incident). "
                 "Based on the nature of the attack and similar previous incidents, ")
    else:
        basis = "Based on the nature of the attack and similar previous incidents, "
    statement = f"{lead} {basis}" + _we_assess(p, f"it was perpetrated by {who}", start=False) + "."
    j = _j("attribution", subject, statement, p, conf, evidence, key=True)
    j.family, j.actor = family, actor.id if actor else None
    return j


def attribution_claimed(subject: str, claimant: ActorRef, credibility: float, conf: str,
                        evidence: list[str], by_state: bool = False) -> Judgment:
    """'<claimant> claimed responsibility. ... we assess it is likely that the claim is genuine.'

    A state's forces acknowledging their own action (`by_state`) are said to have announced it.
    How the credibility was reached (the model's prior and the measured ratio, or for a claimant
    the model has no record of, the measured share of such claims borne out) is in `evidence`."""
    said = "announced the action as its own" if by_state else "claimed responsibility"
    statement = (f"{claimant.name} {said}. Weighing the claim against the nature of the attack, "
                 "the claimant's record and how often such claims have matched the recorded perpetrator, "
                 + _we_assess(credibility, "the claim is genuine", start=False) + ".")
    j = _j("attribution", subject, statement, credibility, conf, evidence, key=True)
    j.claimant = claimant.id
    return j


def _window(until: date, window_days: int) -> str:
    """'the year before 2 June 2016', 'the 90 days to 2 June 2016'."""
    day = long_date(until)
    return f"the year before {day}" if window_days in (365, 366) else f"the {window_days} days to {day}"


def _places(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def coverage_note(status: str, events: int, places: list[str], until: date, window_days: int,
                  sources: list[str], thin_below: int, latest_before: date | None = None) -> str:
    """What an incident's judgments rest on, said plainly (the incident's `coverage.note`):

    none: 'The store holds no events for Somalia in the year before 2 June 2016, so no forecast and
    no series context can be drawn from it. Ingest ACLED or UCDP GED for the region (`estimative
    ingest`).'; thin: 'The store holds only 8 events for Iraq in the year before ... (curated),
    fewer than the 12 ...'; adequate: 'The store holds 130 events for Iraq in the year before ...'."""
    window = _window(until, window_days)
    if not places:
        return ("The incident could not be placed in a country, so no forecast and no series context can be "
                "drawn from the store.")
    where = _places(places)
    if status == "none":
        earlier = (f" Its latest earlier event there is of {latest_before:%B %Y}." if latest_before else "")
        return (f"The store holds no events for {where} in {window}, so no forecast and no series context can be "
                f"drawn from it.{earlier} Ingest ACLED or UCDP GED for the region (`estimative ingest`).")
    held = f"{events} event{'s' if events != 1 else ''} for {where} in {window} ({', '.join(sources)})"
    if status == "thin":
        return (f"The store holds only {held}, fewer than the {thin_below} a forecast needs to beat a flat rate in "
                "backtests: the judgments drawn from this history carry low confidence and the forecasts a wide band.")
    return f"The store holds {held}."


def coverage(subject: str, note: str) -> Judgment:
    """The key judgment where the store covers nothing of the incident's area: the note itself,
    with no probability (nothing is estimated from an empty history)."""
    j = _j("other", subject, note, None, None, [], key=True)
    j.basis = "coverage"
    return j


def coverage_method(thin_below: int, window_days: int) -> str:
    """The method note on coverage."""
    return (f"Coverage: each incident's judgments read its country (its region, for a regional series) over the "
            f"{window_days} days to the as-of date. Where the store holds no event there, no forecast, series or "
            f"escalation level is drawn from history; with fewer than {thin_below} (the history a forecast needs to "
            "beat a flat rate in backtests) they carry low confidence (docs/assessment.md, \"Coverage\").")


def no_history_escalation(places: list[str], until: date, window_days: int) -> str:
    """The escalation reason where no level can be drawn from history: the red lines alone speak."""
    return (f"No escalation level is drawn from history: the store holds no events for {_places(places)} in "
            f"{_window(until, window_days)}; the level is that of the red lines the incident crosses.")


def significance(subject: str, series: Series | None, rank: SeverityRank | None,
                 evidence: list[str], thin: bool = False) -> Judgment:
    parts = []
    if rank and rank.description:
        parts.append(rank.description.rstrip("."))
    if series:
        parts.append(f"it is part of a series of {series.sentence}")
    statement = ("; ".join(parts) or "The incident has no comparable series in the store") + "."
    statement = statement[0].upper() + statement[1:]
    return _j("significance", subject, statement, None, "moderate" if series and not thin else "low", evidence,
              key=True)


def escalation(subject: str, level: str, reasons: list[str], probability: float | None,
               evidence: list[str], thin: bool = False, from_history: bool = True) -> Judgment:
    """'The incident marks a significant escalation. <first reason>' Without history (coverage
    `none`) the level is the red lines' alone, and the statement says so."""
    phrase = {
        "major": "constitutes a major escalation",
        "significant": "marks a significant escalation",
        "limited": "is a limited escalation, not a major one",
        "none": "does not itself constitute an escalation",
        "de-escalation": "is consistent with de-escalation",
    }[level]
    because = f" {reasons[0]}" if reasons else ""
    if not from_history:
        because += " The level rests on the red lines alone: the store holds no history to measure the incident against."
    statement = f"The incident {phrase}.{because}"
    conf = "moderate" if reasons and not thin and from_history else "low"
    return _j("escalation", subject, statement, probability, conf, evidence, key=True)


def linkage(subject: str, relation: str, source_label: str, target_label: str, probability: float,
            reasons: list[str], evidence: list[str]) -> Judgment:
    """'We assess it is very likely that <the later event> was a response to <the earlier one>'."""
    verb = {"retaliation": "was a response to", "same_event": "is the same incident as",
            "follow_on": "followed on from", "claimed_response": "was claimed as a response to"}[relation]
    statement = _we_assess(probability, f"{source_label} {verb} {target_label}")
    if reasons:
        statement += f" ({'; '.join(reasons[:2])})"
    return _j("linkage", subject, statement + ".", probability, "moderate" if len(reasons) >= 2 else "low", evidence)


def outlook(subject: str | None, question: str, horizon_days: int, probability: float,
            expected: float | None, skill: float | None, evidence: list[str], key: bool = False,
            band: list[float] | None = None, history_events: int | None = None, thin: bool = False) -> Judgment:
    """'We assess it is likely that there will be at least one more ... within the next 30 days
    (about 3.1 such events expected).' On a thin history (`thin`: the incident's coverage, or the
    thread's own `history_events` below the threshold) the confidence is low and the statement
    gives the forecast's band and the history it rests on."""
    what = re.sub(r"\s+within \d+ days$", "", question)
    statement = _we_assess(probability, f"there will be {what[0].lower() + what[1:]} "
                                        f"within the next {horizon_days} days")
    details = [f"about {expected:.1f} such events expected"] if expected is not None else []
    if thin and band:
        details.append(f"anywhere from {_percent(band[0])} to {_percent(band[1])} on a thin history"
                       + (f" of {history_events} events in the year" if history_events is not None else ""))
    if details:
        statement += f" ({'; '.join(details)})"
    conf = "low" if thin else confidence(len(evidence), skill, probability)
    j = _j("outlook", subject, statement + ".", probability, conf, evidence, key=key)
    j.band = list(band) if band else None
    return j


def _percent(p: float) -> str:
    return f"{p * 100:.0f}%" if p >= 0.01 else "under 1%"


def attribution_from_statement(subject: str, actor: ActorRef, p: float, conf: str, evidence: list[str],
                               record: str, claimed: bool, by_state: bool = False, blamed_by: str | None = None,
                               family: str | None = None) -> Judgment:
    """An attribution that rests on the report's own statement alone, where the store holds no record
    to weigh it against: '<claimant> claimed responsibility. The store holds no record to weigh the
    claim against; <record>, so we assess it is likely that the claim is genuine.' `record` says how
    often such statements have been borne out (`assess.steps.attribute_from_statement`)."""
    name = actor.name or "the group named"
    if claimed:
        lead = f"{name} {'announced the action as its own' if by_state else 'claimed responsibility'}."
        clause = "the claim is genuine"
    else:
        lead = f"{blamed_by} blamed {name}." if blamed_by else f"The report names {name} as responsible."
        clause = f"it was perpetrated by {name}" + (f", an actor among {family}" if family else "")
    statement = (f"{lead} The store holds no record here to weigh the statement against; {record}, so "
                 + _we_assess(p, clause, start=False) + ".")
    j = _j("attribution", subject, statement, p, conf, evidence, key=True)
    j.family, j.actor = family, actor.id
    if claimed:
        j.claimant = actor.id
    return j


def response(subject: str, fc: ResponseForecast | None, responder: str, other: str, precedents: list[str],
             abstain_reason: str | None = None, skill: float | None = None) -> Judgment:
    """The likely response: 'We assess it is likely that US and coalition forces will strike
    Iran-aligned militias in Iraq within the next 30 days (...), as after <precedent>.' With
    `abstain_reason` (coverage none or thin for the dyad) no probability is given and the
    statement says why. Kind `other` (the schema's enum has no `response`); the structured
    figures are in the judgment's `response` field (`ResponseFigures`)."""
    if fc is None:
        j = _j("other", subject, f"We make no judgment of how {responder} will respond to {other}: "
               f"{abstain_reason}.", None, None, [])
        j.basis = "response"
        j.response = ResponseFigures(responder, other, reason=abstain_reason)
        return j
    p30, p7 = fc.probability[30], fc.probability[7]
    where = " or ".join(country_name(c.value) for c in fc.countries[:2]) or None
    clause = f"{responder} will strike {other} within the next 30 days" + (f", most likely in {where}" if where else "")
    c = fc.count.get(30)  # the expected number, its 80% interval, the earlier answers it rests on
    details = [f"{_percent(p7)} within 7 days", f"about {fc.expected[30]:.1f} such strikes expected in 30 days"
               + (f" ({c.low}-{c.high} in 8 cases of 10, on {c.answered} earlier answers)" if c else "")]
    if fc.admin1:
        details.append("past responses in " + ", ".join(s.value for s in fc.admin1[:3]))
    if fc.against:
        details.append(f"against {fc.against[0].value} in {_percent(fc.against[0].share)} of them")
    if fc.means:
        details.append("by " + ", ".join(s.value for s in fc.means[:2]))
    statement = _we_assess(p30, clause) + f" ({'; '.join(details)})."
    if precedents:
        statement += " Precedent: " + "; ".join(precedents[:3]) + "."
    statement += "".join(" " + _red_line_sentence(r, responder, fc.hawkes_probability[30], r is top)
                         for r in fc.red_lines for top in [gravest(fc.red_lines)])
    conf = confidence(len(fc.pairs) * 2, skill, p30)
    j = _j("other", subject, statement, p30, conf, fc.evidence, key=True)
    j.basis = "response"
    j.response = ResponseFigures(responder, other, fc, precedents=precedents)
    return j


def _red_line_sentence(r: RedLineRecord, responder: str, before: float, weighs: bool) -> str:
    """Which way one red line moved the response estimate, and on what record."""
    line = r.description.rstrip(".")
    first = line.split(" ", 1)[0]
    if not (len(first) > 1 and first.isupper()):  # "A US service member" -> "a US ...", "US personnel" stays
        line = line[0].lower() + line[1:]
    if not weighs:
        return f"It also crosses a lesser red line ({line}), which the graver one's record covers."
    if not r.crossings:
        return (f"The incident crosses a red line ({line}) that the other side had not crossed before on record "
                "(nor one of its kind), so it did not move the estimate.")
    rate = len(r.answered) / len(r.crossings)
    way = "raised" if rate > before else "lowered"
    return (f"The incident crosses a red line ({line}); {responder} struck back within 30 days after "
            f"{len(r.answered)} of {len(r.crossings)} earlier crossings of it or a line of its kind "
            f"({', '.join(r.crossings[:4])}), which {way} the estimate from {_percent(before)}.")


# ------------------------------------------------------------------------------------ naming things
# How each weapon class is spoken of: (one, several), and the attack it makes (for headlines).
WEAPON_WORDS: dict[str, tuple[str, str, str]] = {
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
_TARGET_WORDS = {"military": "military forces", "diplomatic": "a diplomatic mission", "infrastructure":
                 "infrastructure", "business": "a business", "armed group": "an armed group"}


def weapon_phrase(w: Weapon) -> str:
    """'at least 30 rockets', 'about 11 missiles', 'an air strike', 'rockets'."""
    one, many, _ = WEAPON_WORDS.get(w.cls or "", ("weapon", "weapons", ""))
    n = w.count.best
    if n is None:
        return many if w.cls not in ("airstrike", "drone") else f"{'an' if one[0] in 'aeiou' else 'a'} {one}"
    if n == 1:
        return f"{'an' if one[0] in 'aeiou' else 'a'} {one}"
    how = {"at_least": "at least ", "approximate": "about ", "at_most": "at most "}.get(w.count.qualifier or "", "")
    return f"{how}{n} {many}"


def incident_summary(inc: Incident) -> str:
    """One line of what happened, from the extracted fields only: weapons, place, target, toll."""
    weapons = " and ".join(weapon_phrase(w) for w in inc.weapons) or "an attack"
    place = inc.location.name
    s = f"{weapons[0].upper() + weapons[1:]} at {place}"
    target = target_phrase(inc.targets[0], place) if inc.targets else None
    if target:
        s += f" targeting {target}"
    killed, injured = inc.fatalities.best, inc.injuries.best
    if killed is not None or injured is not None:
        s += f": {'an unknown number' if killed is None else killed} killed, " \
             f"{'an unknown number' if injured is None else injured} injured"
    return s + "."


def target_phrase(t: Target, place: str | None) -> str | None:
    """'the US embassy'; where the target is the place itself ('Camp Taji at Camp Taji'), what
    it is and whose: 'military forces of USA, GBR'."""
    desc = t.description
    if desc and (not place or place_key(desc.removeprefix("the ")) != place_key(place)):
        return str(desc)
    if not t.type:
        return None
    return _TARGET_WORDS.get(t.type, t.type) + (f" of {', '.join(t.affiliations)}" if t.affiliations else "")


def attack_noun(inc: Incident) -> str:
    return WEAPON_WORDS.get(inc.weapons[0].cls or "" if inc.weapons else "", ("", "", "Attack"))[2]


def headline(inc: Incident) -> str:
    """'Rocket attack on Camp Taji, 11 March 2020, 3 killed'."""
    killed = inc.fatalities.best
    tail = f", {killed} killed" if killed else ""
    return f"{attack_noun(inc)} on {inc.location.name}, {long_date(inc.date)}{tail}"


def incident_label(inc: Incident, n: int, total: int) -> str:
    """How a judgment names an incident of the report: 'the incident in this report', or
    'the air strike at al-Qaim on 29 December 2019 (incident 2 of this report)'."""
    if total == 1:
        return "the incident in this report"
    return (f"the {attack_noun(inc).lower()} at {inc.location.name} on {long_date(inc.date)} "
            f"(incident {n} of this report)")


def event_label(e: Event) -> str:
    """'air/drone strike by United States Armed Forces at Jurf al-Sakhar'."""
    what = (e.sub_event_type or e.event_type or "event").lower()
    who = e.perpetrators[0].name if e.perpetrators else None
    return what + (f" by {who}" if who else "") + f" at {e.location or e.country or 'an unknown place'}"


def stored_event_label(e: Event) -> str:
    """How a judgment names a stored event: 'the <label> on 12 March 2020'."""
    return f"the {event_label(e)} on {long_date(e.date_start)}"


def event_summary(e: Event, limit: int = 240) -> str:
    """The first line of a stored event's notes, cut at a word boundary."""
    text = (e.notes or event_label(e)).strip().split("\n")[0]
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def precedent(response: Event, response_id: str, trigger: Event, trigger_id: str) -> str:
    """One past response of the dyad, as the response judgment cites it."""
    return (f"the {event_label(response)} of {long_date(response.date_start)} ({response_id}) answered "
            f"the {event_label(trigger)} of {long_date(trigger.date_start)} ({trigger_id})")


def method_notes(at: datetime, thin_below: int, window_days: int) -> list[str]:
    """The brief's notes on method: the as-of view, extraction, attribution, forecasts, coverage."""
    return [
        f"Everything above uses only what the store knew on {long_date(at.date())} (its as-of view); later events are not used.",
        "Facts are extracted from the report text by rules and gazetteers; each field keeps the text spans that support it (JSON output).",
        "Attribution: a calibrated ranking model over the actors active near the place, their weapons, targets, "
        "casualty scale and the text of their past incidents, with names and claims masked; probabilities are "
        "worded with the ICD 203 terms.",
        "Forecasts: self-exciting (Hawkes) point processes fitted by maximum likelihood to the thread's history, "
        "backtested by rolling origin (docs/evaluation.md).",
        coverage_method(thin_below, window_days),
    ]
