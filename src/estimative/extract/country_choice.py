"""The report's country: rules propose the candidates, a small learned chooser ranks them.

Every piece of evidence a report gives of a country proposes that country and adds to its features:
a country's name ("in Niger"), a nationality word ("Malian villagers"; told apart when it names an armed party,
"French troops", or foreigners, "Rwandan refugees", which say less of where it happened), a town only one country has,
the admin area a place is written with ("Djibo (Soum, Sahel)", "Tillaberi region"), the countries the
registry gives for the actors it names (JNIM: Mali, Burkina Faso, Niger), the user's own events
(`geo.event_places`). A logistic regression over these features (each also less the best of the
other candidates, so that only how a country compares counts) ranks the candidates. It is fitted on
weak labels from the tuning splits only (GTD January 2021 and ACLED notes dated before 2019: the coded
country of each report), on reports dated in the earlier part, scored beside the hand-weighted
rule it replaces on the later part, then refitted on all and written as plain weights to
`tables/country_chooser.json`:

    python -m estimative.extract.country_choice ../shared/data

Reading needs neither scikit-learn nor the data; without the weights file the hand-weighted score
ranks (`Evidence.by_score`). The features say nothing of which country a candidate is, so what is learned
carries to regions the tuning splits do not hold.
"""
from __future__ import annotations

import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from estimative.extract.tables import alternation
from estimative.extract.tables import country_words as cw
from estimative.geo import city_of_part, place_key
from estimative.geo.chooser import Group, accuracy, fit, relative
from estimative.model import Place

if TYPE_CHECKING:
    from estimative.eval.coded import CodedRow
    from estimative.extract.places import CountryMention, PlaceMention

WEIGHTS_FILE = Path(__file__).parent / "tables" / "country_chooser.json"
FEATURES = ("name", "name_locative", "demonym", "abbreviation", "town_one_country_strong", "town_one_country",
            "town_shared", "town_well_known", "area_written_with", "admin_area", "actor", "own_events",
            "city_part", "first_evidence", "evidence_kinds", "named_elsewhere", "town_population", "town_top_share", "town_alone",
            "demonym_armed", "demonym_foreigners", "actor_shared")

_AREA_WEIGHT = 2.5  # as much as a town of one country only
_ACTOR_WEIGHT = 1.0  # an actor active in one country is as much evidence as a nationality word
_EVENTS_WEIGHT = 1.0  # a name the user's events place in one country, among namesakes elsewhere
_SHARED_ACTOR_WEIGHT = 0.3  # a name several actors write ("ASWJ"): below any other evidence, decides only alone
_ACTOR_MAX_COUNTRIES = 4  # an actor active in more countries says little about where this happened
_C = 1.0  # the regularisation: the features are few and correlated (a name is often also the first evidence)
_LOCATIVE = ("in ", "at ", "near ", "across ", "inside ", "into ", "of ")
# "near the Burkina Faso border", "bandits fleeing from Kenya", "militia believed to be from nearby Ethiopia":
# a country named as where someone came from or as a border's other side
_ELSEWHERE_BEFORE = re.compile(r"\b(?:from|into)\s+(?:nearby\s+|neighbou?ring\s+)?(?:the\s+)?$", re.I)
_ELSEWHERE_AFTER = re.compile(r"^(?:\s+|-)(?:border|frontier|side)\b", re.I)


def _heads(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"^(?:\s*(?:{alternation(cw.MODIFIERS)})\b){{0,2}}\s*(?:{alternation(words)})\b", re.I)


_REGION_AFTER = re.compile(r"\s+(?:regional\s+state|region)\b", re.I)
# what a nationality word modifies: an armed party ("French troops"), foreigners ("Rwandan refugees")
_ARMED_AFTER = _heads(cw.ARMED_HEADS)
_FOREIGNERS_AFTER = _heads(cw.FOREIGNER_HEADS)


@dataclass(slots=True)
class Evidence:
    """What a report says of the countries it may be about: the hand-weighted score and the features."""

    score: dict[str, float] = field(default_factory=dict)  # the hand-weighted rule's, in the order first seen
    raw: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0] * len(FEATURES)))
    first_at: dict[str, int] = field(default_factory=dict)

    def add(self, iso: str, feature: str, value: float, score: float, at: int | None = None) -> None:
        if score:
            self.score[iso] = self.score.get(iso, 0.0) + score
        self.raw[iso][FEATURES.index(feature)] += value
        if at is not None:
            self.first_at[iso] = min(at, self.first_at.get(iso, at))

    def by_score(self) -> list[str]:
        """The candidates by the hand-weighted score, best first (ties: the first seen)."""
        return [iso for iso, _ in sorted(self.score.items(), key=lambda kv: -kv[1])]

    def vectors(self) -> dict[str, list[float]]:
        """Each candidate's feature vector (counts damped by log1p; the earliest evidence flagged). The
        candidates are the countries with evidence of their own: a name shared with towns in five other
        countries proposes none of them."""
        seen = [(at, iso) for iso, at in self.first_at.items() if iso in self.score]
        first = min(seen)[1] if seen else None
        out = {}
        for iso in self.score:
            raw = self.raw[iso]
            v = [math.log1p(x) for x in raw]
            v[FEATURES.index("first_evidence")] = float(iso == first)
            v[FEATURES.index("evidence_kinds")] = sum(x > 0 for x in raw) / 4.0
            out[iso] = v
        return out


def gather(places: Sequence[PlaceMention], countries_in_text: Sequence[CountryMention],
           actor_countries: Sequence[Sequence[str]] = (), text: str | None = None,
           shared_actor_countries: Sequence[Sequence[str]] = ()) -> Evidence:
    """The evidence of each country: names, nationality words, towns, areas, actors (those named by a name
    other actors share, weakly), the user's events."""
    from estimative.geo.admin import admin_table

    ev = Evidence()
    towns: list[tuple[PlaceMention, str, float]] = []  # towns of one country, with what each added to its score
    for active, feature, weight in [*((a, "actor", _ACTOR_WEIGHT) for a in actor_countries),
                                    *((a, "actor_shared", _SHARED_ACTOR_WEIGHT) for a in shared_actor_countries)]:
        if 0 < len(active) <= _ACTOR_MAX_COUNTRIES:
            for iso in active:
                ev.add(iso, feature, 1.0 / len(active), weight / len(active))
    for c in countries_in_text:
        if (area := _region_named(text, c)) is not None:  # "Somali region" is Ethiopia's, not Somalia
            ev.add(area, "admin_area", 1.0, 1.5, c.start)
        elif text is not None and (_ELSEWHERE_BEFORE.search(text, max(0, c.start - 30), c.start)
                                 or _ELSEWHERE_AFTER.match(text[c.end:c.end + 12])):
            ev.add(c.iso3, "named_elsewhere", 1.0, 3.0 if c.how == "name" else 0.5 if c.how == "abbreviation" else 1.0,
                   c.start)
        elif c.how == "name":
            locative = text is not None and text[max(0, c.start - 8):c.start].lower().endswith(_LOCATIVE)
            ev.add(c.iso3, "name", 1.0, 3.0, c.start)
            if locative:
                ev.add(c.iso3, "name_locative", 1.0, 0.0)
        else:
            ev.add(c.iso3, "abbreviation" if c.how == "abbreviation" else _demonym_kind(text, c.end), 1.0,
                   0.5 if c.how == "abbreviation" else 1.0, c.start)
    for p in places:
        if p.inside_actor or text is not None and speaks_for_government(text, p.name, p.start, p.end):
            continue
        if p.area_country:  # "Banh (Loroum)": the areas it lies in say where, whatever the name itself
            ev.add(p.area_country, "area_written_with", 1.0, _AREA_WEIGHT, p.start)
            continue
        part = city_of_part(place_key(p.name))
        if part:  # "Yarmouk" is a Baghdad neighbourhood before it is a Syrian town: weak evidence of its city
            ev.add(part[0], "city_part", 1.0, 1.0, p.start)
            continue
        isos = {c.country for c in p.cands}
        admin = False
        if not isos or p.admin_noun:  # written as an area, or not a town: "the Kidal region", "Lamu County"
            areas = {a.country for a in admin_table().named(p.name)}
            admin, isos = bool(areas), areas or isos
        if len(isos) == 1:
            iso = next(iter(isos))
            feature = "admin_area" if admin else "town_one_country_strong" if p.strong else "town_one_country"
            ev.add(iso, feature, 1.0, 2.5 if p.strong else 1.5, p.start)
            if p.cands and not admin:  # "Junction", "Justice": a hamlet's name is weak evidence, a city's is not
                towns.append((p, iso, 2.5 if p.strong else 1.5))
                size = max(1.0 if c.source == "knowledge" else math.log10(c.population + 1) / 7.0 for c in p.cands)
                ev.add(iso, "town_population", size, 0.0)
        elif isos and (cands := [c for c in p.cands if c.country in isos]):
            for iso in isos:
                ev.add(iso, "town_shared", 1.0 / len(isos), 0.0)
            ours = {c.country for c in cands if c.source == "events"}
            if len(ours) == 1:  # the user's own events place the name in one country: that one, weakly
                ev.add(next(iter(ours)), "own_events", 1.0, _EVENTS_WEIGHT, p.start)
            known = [c for c in cands if c.source != "events"]
            top = known[0] if known else cands[0]
            total = sum(c.population for c in known)
            if total:  # Islamabad: the capital of Pakistan before namesakes in India and Bangladesh
                ev.add(top.country, "town_top_share", top.population / total, 0.0)
            if top.source == "knowledge" or top.population >= 10 * max((c.population for c in known[1:]),
                                                                       default=0) and top.population >= 100_000:
                ev.add(top.country, "town_well_known", 1.0, 2.0 if p.strong else 1.0, p.start)
        elif isos:
            for iso in isos:
                ev.add(iso, "admin_area", 1.0 / len(isos), 0.0)
    for p, iso, own in towns:  # "Kabala" in a note on the ONLF: a village's name that only points to itself
        if ev.score.get(iso, 0.0) <= own + 1e-9 and any(v > 0 for k, v in ev.score.items() if k != iso):
            p.lone_country = True
            ev.add(iso, "town_alone", 1.0, 0.0)
    return ev


def speaks_for_government(text: str, name: str, start: int, end: int) -> bool:
    """True for a country's capital written as the one who speaks or acts in politics ("Washington is pressing
    both sides", "Moscow condemned the strike"): the government, not a place where anything happened. Only a
    capital that is the clause's subject speaks: not one after a preposition ("a bombing in Kabul was claimed
    by ..."), nor one that a passive verb is done to ("Kabul was blamed by ...")."""
    from estimative.geo.countries import capital_of

    return _GOVERNMENT_VERB.match(text, end) is not None and _AFTER_PREPOSITION.search(text, max(0, start - 24), start) is None \
        and capital_of(name) is not None


_GOVERNMENT_VERB = re.compile(rf"\s+(?:(?:{alternation(cw.AUXILIARIES)})\s+(?:also\s+|now\s+|been\s+)?)?"
                              rf"(?:{alternation(cw.GOVERNMENT_VERBS)})\b(?!\s+by\b)", re.I)
_AFTER_PREPOSITION = re.compile(rf"\b(?:{alternation(cw.PLACE_PREPOSITIONS)})\s+(?:the\s+)?$", re.I)


def _region_named(text: str | None, c: CountryMention) -> str | None:
    """The country of the admin area a nationality word names with "region" after it ("Somali region", "the
    Afar Regional State"), when one country has an area of that name; else None."""
    from estimative.geo.admin import admin_table

    if text is None or c.how != "demonym" or not _REGION_AFTER.match(text, c.end):
        return None
    areas = {a.country for a in admin_table().named(text[c.start:c.end])}
    return next(iter(areas)) if len(areas) == 1 else None


def _demonym_kind(text: str | None, end: int) -> str:
    """The feature of a nationality word: of an armed party, of foreigners, or of anyone or anything else."""
    if text is None:
        return "demonym"
    after = text[end:end + 60]
    return "demonym_armed" if _ARMED_AFTER.match(after) else "demonym_foreigners" if _FOREIGNERS_AFTER.match(after) \
        else "demonym"


@dataclass(frozen=True, slots=True)
class Chooser:
    """Fitted weights over `relative` features."""

    weights: tuple[float, ...]
    intercept: float

    def rank(self, vectors: dict[str, list[float]]) -> list[tuple[str, float]]:
        """The candidates, best first, with their scores (ties: the order given)."""
        isos = list(vectors)
        rows = relative([vectors[i] for i in isos])
        scores = [self.intercept + sum(w * v for w, v in zip(self.weights, r, strict=True)) for r in rows]
        return sorted(zip(isos, scores, strict=True), key=lambda kv: -kv[1])


@lru_cache(maxsize=1)
def chooser() -> Chooser | None:
    """The fitted chooser, or None when `tables/country_chooser.json` has not been built (or was built for
    other features)."""
    try:
        raw = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(raw.get("features", ())) != FEATURES:
        return None
    return Chooser(tuple(raw["weights"]), float(raw["intercept"]))


def rank(ev: Evidence) -> tuple[tuple[str, ...], float]:
    """The candidate countries, most likely first, and the hand-weighted evidence score of the first (what
    the readers' thresholds are set in: a country named is 3, a town only one country has 2.5)."""
    model = chooser()
    if model is None or len(ev.score) < 2:
        ranked = ev.by_score()
    else:
        order = {iso: k for k, iso in enumerate(ev.by_score())}
        vectors = ev.vectors()
        ranked = [iso for iso, _ in sorted(model.rank(vectors), key=lambda kv: (-round(kv[1], 9), order[kv[0]]))]
    return tuple(ranked), (ev.score[ranked[0]] if ranked else 0.0)


def in_likeliest_country(place: Place, context: tuple[str, ...], strength: float) -> Place:
    """The incident's place, unless a place the gazetteer or an area resolved lies in a country nothing in the
    report gives evidence of (a namesake: "Kama" also names a town in China, a neighbour of Myanmar, in a note on
    Kayin state) while the report firmly evidences another (named, or a town or area of its own): then that
    country's centroid, the name kept. A country with evidence of its own keeps its places ("the Syrian border town
    of Albukamal" in a report on Iraq: a second incident), and weaker evidence (a nationality word, an actor:
    "French forces bombed positions near Kidal") moves no place."""
    from estimative.extract.areas import FIRM_CONTEXT
    from estimative.geo import country_place

    if strength < FIRM_CONTEXT or place.country in (*context, "XXX") or place.method.startswith(_KEPT):
        return place
    return country_place(context[0], place.name, method=f"country centroid ({place.name} lies abroad)") or place


_KEPT = ("country centroid", "capital")  # a country named, an embassy's capital


# --- fitting (tuning splits only; the fitting and scoring are `geo.chooser`'s, shared with the town chooser) ---


def report_group(row: CodedRow) -> Group | None:
    """The candidates of one coded report, or None when it gives no evidence of its coded country. The
    evidence is what `extract` ranks at run time (`pipeline.find_mentions`), built the same way."""
    from estimative.extract.pipeline import find_mentions

    found = find_mentions(row.text)
    if found is None:
        return None
    ev = found.country_evidence()
    if row.country not in ev.score or len(ev.score) < 2:
        return None
    vectors = ev.vectors()
    isos = list(vectors)
    top = ev.by_score()[0]
    return Group(row.day, [vectors[i] for i in isos], [i == row.country for i in isos], isos.index(top))


def tuning_groups(data_dir: Path) -> list[Group]:
    from estimative.eval.acled import load_acled
    from estimative.eval.gtd import load_gtd

    rows = [r for r in load_gtd(data_dir, "tune") + load_acled(data_dir, "tune") if r.country]
    groups = [g for r in rows if (g := report_group(r)) is not None]
    return sorted(groups, key=lambda g: g.day)


def main(argv: list[str]) -> None:
    groups = tuning_groups(Path(argv[0]) if argv else Path("../shared/data"))
    half = len(groups) // 2
    early_w, early_b = fit(groups[:half], _C)
    weights, intercept = fit(groups, _C)
    report = {"reports": len(groups), "fitted_on": half, "scored_on": len(groups) - half,
              "rule_accuracy": accuracy(groups[half:]), "model_accuracy": accuracy(groups[half:], early_w, early_b)}
    WEIGHTS_FILE.write_text(json.dumps({"features": FEATURES, "weights": [round(w, 4) for w in weights],
                                        "intercept": round(intercept, 4),
                                        "fitted": report}, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report))


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
