"""Extraction scored on the full MUC-3/4 answer keys (../shared/data/muc4/muc34.tar.gz), read in place.

The release's own texts (upper case, as distributed) are read with their dateline date as the
publication date. Tuned on DEV, TST1 and TST2; reported on TST3 and TST4 (the 200 documents of the
five-role slot F1, `--dataset muc4`). Fields of a key template and when an incident fills them right:

- date: the incident's date is the key's day, or within its range ("15 NOV 89 - 16 NOV 89"; "- 16 NOV 89"
  is on or before that day);
- country: the place's ISO3 is the key's country (the location's first part);
- city: the place lies within 25 km of, or is named as, one of the key's places below the country
  (the gazetteer's place of that name in that country); scored where the key names one;
- type: the incident's MUC-4 type (`muc_type`) is one of the key's types;
- instrument: one of the incident's weapon classes is among the classes of the key's instrument types;
- perp_org: the claimant or stated perpetrator is one of the key's organisation names (as written,
  normalised, or resolved to the same registry actor);
- hum_effect: the incident has deaths exactly when the key's human targets died, and injuries exactly
  when they were injured; scored where the key gives DEATH or INJURY.

Scoring as slot F1: in each document the predicted incidents (at most five) are mapped one-to-one onto the
key's templates to maximise the right fields; precision counts every predicted value (documents the keys
call irrelevant included), recall every key value.
"""
from __future__ import annotations

import itertools
import re
import tarfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from estimative.eval import EvalError

ARCHIVE = "muc4/muc34.tar.gz"
FIELDS = ("date", "country", "city", "type", "instrument", "perp_org", "hum_effect")
_CORPORA = "muc34/TASK/CORPORA/"
SPLITS: dict[str, tuple[str, ...]] = {"tune": ("dev/", "tst1/", "tst2/"), "report": ("tst3/", "tst4/")}
_EXPLOSIVES = frozenset({"ied", "vbied", "suicide_bomb", "grenade", "rocket", "mortar", "missile", "artillery",
                         "rpg", "airstrike", "drone"})
INSTRUMENTS: dict[str, frozenset[str]] = {
    "GUN": frozenset({"small_arms"}), "MACHINE GUN": frozenset({"small_arms"}), "RIFLE": frozenset({"small_arms"}),
    "HANDGUN": frozenset({"small_arms"}), "BOMB": _EXPLOSIVES, "EXPLOSIVE": _EXPLOSIVES, "DYNAMITE": _EXPLOSIVES,
    "MINE": _EXPLOSIVES, "VEHICLE BOMB": frozenset({"vbied", "ied", "suicide_bomb"}),
    "AERIAL BOMB": frozenset({"airstrike"}), "MORTAR": frozenset({"mortar", "artillery"}),
    "GRENADE": frozenset({"grenade", "rpg"}), "ROCKET": frozenset({"rocket", "rpg", "missile"}),
    "MISSILE": frozenset({"missile", "rocket"}), "MOLOTOV COCKTAIL": frozenset({"arson"}),
    "INCENDIARY": frozenset({"arson"}), "FIRE": frozenset({"arson"}), "CUTTING DEVICE": frozenset({"knife"}),
    "KNIFE": frozenset({"knife"}),
}
_SLOT = re.compile(r"^(\d+)\.\s+[A-Z ]+:\s+[A-Z ]+?\s{2,}(.*)$")
_DATELINE = re.compile(r"\b(\d{1,2} [A-Z]{3} \d{2})\b")


@dataclass(slots=True)
class KeyTemplate:
    date_range: tuple[date, date] | None = None
    country: str | None = None
    places: list[str] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    instruments: frozenset[str] | None = None
    perp_orgs: list[str] = field(default_factory=list)
    effects: frozenset[str] | None = None


@dataclass(slots=True)
class KeyDoc:
    doc_id: str
    text: str
    published: date | None
    templates: list[KeyTemplate]


def _muc_date(s: str) -> date | None:
    try:
        return datetime.strptime(s.strip(), "%d %b %y").date()
    except ValueError:
        return None


def _quoted(s: str) -> list[str]:
    return [q.replace('\\"', '"') for q in re.findall(r'"((?:[^"\\]|\\.)*)"', s)]


def _parse_template(slots: dict[int, list[str]]) -> KeyTemplate:
    from estimative.geo import country_of

    t = KeyTemplate()
    raw_date = " ".join(slots.get(2, [])).strip()
    if raw_date not in ("", "-", "*"):
        parts = [p.strip() for p in raw_date.split(" - ")]
        if raw_date.startswith("- "):
            end = _muc_date(raw_date[2:])
            t.date_range = (date(1900, 1, 1), end) if end else None
        elif len(parts) == 2 and _muc_date(parts[0]) and _muc_date(parts[1]):
            t.date_range = (_muc_date(parts[0]), _muc_date(parts[1]))  # type: ignore[assignment]
        elif _muc_date(raw_date):
            d = _muc_date(raw_date)
            t.date_range = (d, d)  # type: ignore[assignment]
    loc = (slots.get(3) or [""])[0].split(" / ")[0]
    if loc not in ("", "-", "*"):
        parts = [re.sub(r"\s*\([A-Z ]+\)\s*$", "", p).strip() for p in loc.split(":")]
        t.country = country_of(parts[0].title())
        t.places = [p.title() for p in parts[1:] if p]
    t.types = {x.strip().lower() for x in " ".join(slots.get(4, [])).split("/") if x.strip() not in ("", "-", "*")}
    kinds = [re.sub(r"^\?\s*", "", line.split(":")[0]).strip() for line in slots.get(7, [])]
    kinds = [k for line in kinds for k in line.split(" / ") if k not in ("", "-", "*")]
    if kinds:
        t.instruments = frozenset().union(*(INSTRUMENTS.get(k, frozenset({"other"})) for k in kinds))
    t.perp_orgs = [q for line in slots.get(10, []) for q in _quoted(line)]
    effects = {e for line in slots.get(23, []) for e in ("DEATH", "INJURY")
               if re.search(rf"(?<!NO ){e}\b", line.split(":")[0]) and "NO INJURY OR DEATH" not in line}
    if effects:
        t.effects = frozenset(e.lower() for e in effects)
    return t


def parse_keys(text: str) -> dict[str, list[KeyTemplate]]:
    """Key file -> doc id -> its templates (an irrelevant document: an empty list)."""
    docs: dict[str, list[KeyTemplate]] = {}
    for block in re.split(r"\n\s*\n", text):
        slots: dict[int, list[str]] = {}
        last = None
        for line in block.splitlines():
            if line.startswith(";"):
                continue
            m = _SLOT.match(line)
            if m:
                last = int(m.group(1))
                slots.setdefault(last, []).append(m.group(2).strip())
            elif last is not None and line.strip():
                slots[last].append(line.strip())
        if 0 not in slots:
            continue
        doc_id = slots[0][0].split()[0]
        docs.setdefault(doc_id, [])
        if (slots.get(1) or ["*"])[0].strip() != "*":
            docs[doc_id].append(_parse_template(slots))
    return docs


def parse_texts(text: str) -> dict[str, str]:
    """Corpus file -> doc id -> text."""
    parts = re.split(r"^((?:DEV|TST\d)-MUC\d-\d{4})\b.*$", text, flags=re.M)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def load_keys(data_dir: Path, split: str) -> list[KeyDoc]:
    path = Path(data_dir) / ARCHIVE
    if not path.is_file():
        raise EvalError(f"MUC-3/4 release not found at {path}: pass --data-dir (the folder holding muc4/)")
    keys: dict[str, list[KeyTemplate]] = {}
    texts: dict[str, str] = {}
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            name = member.name
            base = name.rsplit("/", 1)[-1]
            if not member.isfile() or base.startswith("._") or not name.startswith(_CORPORA):
                continue
            if not any(name[len(_CORPORA):].startswith(folder) for folder in SPLITS[split]):
                continue
            if base.endswith(".mixed-case") or base == "text-headers-info":
                continue
            content = tar.extractfile(member).read().decode("latin-1")  # type: ignore[union-attr]
            (keys.update(parse_keys(content)) if base.startswith("key-") else texts.update(parse_texts(content)))
    docs = []
    for doc_id in sorted(keys):
        if doc_id in texts:
            m = _DATELINE.search(texts[doc_id][:300])
            docs.append(KeyDoc(doc_id, texts[doc_id], _muc_date(m.group(1)) if m else None, keys[doc_id]))
    return docs


def _values(inc: dict[str, Any]) -> dict[str, bool]:
    """Which fields an incident fills."""
    loc = inc.get("location") or {}
    named = (inc.get("claim") or {}).get("by") or inc.get("stated_perpetrator")
    return {"date": True, "country": bool(loc.get("country")), "city": bool(loc.get("name"))
            and (loc.get("precision_km") or 1e9) <= 50, "type": True, "instrument": bool(inc.get("weapons")),
            "perp_org": bool(named), "hum_effect": bool((inc.get("fatalities") or {}).get("best")
                                                        or (inc.get("injuries") or {}).get("best"))}


def score_pair(text: str, inc: dict[str, Any], key: KeyTemplate) -> dict[str, bool | None]:
    """Each key field: right, wrong, or None (the key leaves it empty)."""
    from estimative.eval.coded import _same_group
    from estimative.eval.extraction import muc_type, same_city
    from estimative.geo import gazetteer, haversine_km

    loc = inc.get("location") or {}
    out: dict[str, bool | None] = dict.fromkeys(FIELDS)
    if key.date_range:
        d = date.fromisoformat(str(inc["date"])[:10])
        out["date"] = key.date_range[0] <= d <= key.date_range[1]
    if key.country:
        out["country"] = loc.get("country") == key.country
        if key.places:
            near = [e for p in key.places for e in gazetteer().candidates(p) if e.country == key.country][:5]
            out["city"] = bool(_values(inc)["city"]) and (
                any(same_city(n, p, "") for n in (loc.get("name"), loc.get("mention")) for p in key.places)
                or any(haversine_km(e.lat, e.lon, loc["lat"], loc["lon"]) <= 25.0 for e in near))
    if key.types:
        out["type"] = muc_type(inc["event_type"], inc.get("sub_event_type"), inc["weapons"], text) in key.types
    if key.instruments is not None:
        out["instrument"] = bool({w.get("class") for w in inc.get("weapons") or []} & key.instruments)
    if key.perp_orgs:
        named = [a for a in ((inc.get("claim") or {}).get("by"), inc.get("stated_perpetrator")) if a]
        out["perp_org"] = any(_same_group(a, g.title()) for a in named for g in key.perp_orgs)
    if key.effects is not None:
        has = set()
        if (inc.get("fatalities") or {}).get("best"):
            has.add("death")
        if (inc.get("injuries") or {}).get("best"):
            has.add("injury")
        out["hum_effect"] = has == set(key.effects)
    return out


def score_doc(text: str, incs: list[dict[str, Any]], keys: list[KeyTemplate]) -> dict[str, list[int]]:
    """Per field [right, predicted, gold] for one document, on the mapping with most right fields."""
    incs = incs[:5]
    pairs = {(i, k): score_pair(text, inc, key) for i, inc in enumerate(incs) for k, key in enumerate(keys)}
    best: tuple[int, ...] = ()
    best_right = -1
    for combo in itertools.product([*range(len(keys)), -1], repeat=len(incs)):
        used = [k for k in combo if k != -1]
        if len(used) != len(set(used)):
            continue
        right = sum(bool(v) for i, k in enumerate(combo) if k != -1 for v in pairs[i, k].values())
        if right > best_right:
            best, best_right = combo, right
    out = {f: [0, 0, 0] for f in FIELDS}
    for inc in incs:
        for f, filled in _values(inc).items():
            out[f][1] += filled
    for key in keys:
        blank = score_pair(text, {"date": "1900-01-01", "event_type": "", "weapons": []}, key)
        for f, v in blank.items():
            out[f][2] += v is not None
    for i, k in enumerate(best):
        if k != -1:
            for f, v in pairs[i, k].items():
                out[f][0] += bool(v)
    return out


def evaluate_muc_keys(data_dir: Path, predictions: Path | None = None,
                      splits: tuple[str, ...] = ("tune", "report"), limit: int | None = None) -> dict[str, Any]:
    from estimative.eval.extraction import jsonl_writer
    from estimative.eval.report import progress
    from estimative.extract import extract

    result: dict[str, Any] = {"dataset": "muc4-keys", "fields": FIELDS,
                              "splits": {s: [f.rstrip("/").upper() for f in v] for s, v in SPLITS.items()}}
    with jsonl_writer(predictions) as write:
        for split in splits:
            docs = load_keys(data_dir, split)[:limit]
            total = {f: [0, 0, 0] for f in FIELDS}
            base = {f: [0, 0, 0] for f in FIELDS}
            step, stop = progress(len(docs), f"muc4-keys {split}", "documents")
            try:
                for doc in docs:
                    incs = [i.to_dict() for i in extract(doc.text, published=doc.published)]
                    counts = score_doc(doc.text, incs, doc.templates)
                    naive = score_doc(doc.text, [_naive(doc)], doc.templates)
                    for f in FIELDS:
                        total[f] = [a + b for a, b in zip(total[f], counts[f], strict=True)]
                        base[f] = [a + b for a, b in zip(base[f], naive[f], strict=True)]
                    if write:
                        write({"doc": doc.doc_id, "counts": counts, "incidents": incs})
                    step()
            finally:
                stop()
            result[split] = {"n": len(docs), "templates": sum(len(d.templates) for d in docs),
                             "fields": _prf(total), "baselines": {"naive_regex": _prf(base)}}
    return result


def _naive(doc: KeyDoc) -> dict[str, Any]:
    """The naive baseline's one incident, dated by the dateline."""
    from estimative.eval.coded import naive_incident

    inc = naive_incident(doc.text)
    inc["date"] = (doc.published or date(1900, 1, 1)).isoformat()
    return inc


def _prf(total: dict[str, list[int]]) -> dict[str, dict[str, float | int]]:
    from estimative.eval.extraction import _f1

    out: dict[str, dict[str, float | int]] = {}
    for f in (*FIELDS, "micro_avg"):
        right, pred, gold = (total[f] if f in total else [sum(total[x][k] for x in FIELDS) for k in range(3)])
        p, r, f1 = _f1(right, pred, right, gold)
        out[f] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "gold": gold}
    return out
