"""What the attribution model sees: masked text, and the record of attributed events as indexes.

Masking: the point of attribution is to name the author of an attack nobody claimed, so every
alias of every registry actor (plus the record's own perpetrator name) becomes `[MASKED]` and
every sentence that claims, blames or announces responsibility is dropped, in the incident and in
every past event the model compares it with. Names are matched word by word with the registry's
own normalisation (`knowledge.normalise`/`fold`), so spelling variants the registry equates are
masked too.

The record index (`RecordIndex`) is built once at fit time from a store as-of frame: per-actor
and per-country monthly counts (cumulative, so any trailing window is two look-ups), a ball tree
of event places, and a TF-IDF matrix per country. `candidate_features` turns one incident and its
candidate actors into the feature matrix the model scores; each column belongs to one signal, so a
signal can be switched off and measured on its own (ablation).
"""
from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import BallTree

from estimative.geo.distance import EARTH_RADIUS_KM
from estimative.knowledge import fold, name_key, normalise, registry
from estimative.store.schema import DERIVED_COLUMNS

MASK = "[MASKED]"
SIGNALS: tuple[str, ...] = ("place", "weapon", "target", "casualties", "time", "text", "lineage")

# ---------------------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _claim_pattern() -> re.Pattern[str]:
    from estimative.extract import lexicon as lx
    from estimative.extract.tables import alternation
    from estimative.extract.tables.claims import STATEMENT_PATTERNS

    # the extraction lexicon's claim, denial and blame phrasing (less "suspect", which describes attackers
    # without naming them), and the ways RAND-style summaries report statements
    cues = [c for c in (*lx.CLAIM_VERBS, *lx.DENIAL_CUES, *lx.BLAME_CUES) if not c.startswith("suspect")]
    return re.compile("|".join([rf"\b(?:{alternation(sorted(set(cues)))})\b", *STATEMENT_PATTERNS]), re.IGNORECASE)


# Sentence ends: ". " and also RAND's run-on "in Iraq.The attack" (no space after the stop).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[a-z0-9\)][.!?])(?=[A-Z])")
_WORD = re.compile(r"[^\W_]+(?:['’‘`´ʿʾʼ′\-][^\W_]+)*")
_PARENS = re.compile(r"\(([^()]*)\)?")
_FOLD_MIN = 6  # transliteration folding only for long words: "Hamas" must not match "homes"


_POSSESSIVE = re.compile(r"['’`´ʼ]s?$")


@functools.lru_cache(maxsize=200_000)
def _word_keys(word: str) -> tuple[str, ...]:
    """Match keys of one text word, the same function for aliases and for running text
    ("Taliban's" is "Taliban")."""
    return tuple(fold(t) if len(t) >= _FOLD_MIN else t for t in normalise(_POSSESSIVE.sub("", word)))


def _tokens(text: str) -> list[tuple[str, int, int, bool]]:
    """(key, start, end, word is all capitals) for each key of each word of `text`."""
    out: list[tuple[str, int, int, bool]] = []
    for m in _WORD.finditer(text):
        word = m.group()
        upper = _POSSESSIVE.sub("", word).isupper()
        out.extend((k, m.start(), m.end(), upper) for k in _word_keys(word))
    return out


def _is_acronym(name: str) -> bool:
    """`IS`, `KH`, `ETA`: matched only when written in capitals, never the English word."""
    letters = [c for c in name if c.isalpha()]
    return len(_WORD.findall(name)) == 1 and 0 < len(letters) <= 6 and all(c.isupper() for c in letters)


def name_forms(name: str) -> list[str]:
    """A name, its form without parentheses, and what the parentheses hold (`... (FARC)` -> `FARC`)."""
    forms = [name]
    bare = _PARENS.sub(" ", name).strip()
    if bare and bare != name:
        forms.append(bare)
    forms += [p.strip() for p in _PARENS.findall(name) if p.strip()]
    return forms


class Masker:
    """Removes actor names and claim sentences from text; built once from a list of names."""

    def __init__(self, names: Iterable[str]) -> None:
        self._trie: dict[str, Any] = {}
        for name in names:
            for form in name_forms(name):
                self._add(form)

    def _add(self, name: str) -> None:
        keys = [k for k, *_ in _tokens(name)]
        if not keys:
            return
        node = self._trie
        for k in keys:
            node = node.setdefault(k, {})
        # "$" ends a name; the value says whether the match must be in capitals (an acronym)
        node["$"] = node.get("$", True) and _is_acronym(name)

    def mask_names(self, text: str, extra: Sequence[str] = ()) -> str:
        """Every registry alias (and each name in `extra`) replaced by `[MASKED]`, longest match first."""
        if not text:
            return ""
        tries = [self._trie] + ([_extra_trie(tuple(extra))] if extra else [])
        toks = _tokens(text)
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(toks):
            best = 0
            for trie in tries:
                node, j = trie, i
                while j < len(toks) and toks[j][0] in node:
                    node = node[toks[j][0]]
                    j += 1
                    if "$" in node and (not node["$"] or all(t[3] for t in toks[i:j])):
                        best = max(best, j - i)
            if best:
                spans.append((toks[i][1], toks[i + best - 1][2]))
                i += best
            else:
                i += 1
        if not spans:
            return text
        out, last = [], 0
        for s, e in spans:
            if s < last:  # two keys of one word: already covered
                continue
            out.append(text[last:s])
            out.append(MASK)
            last = e
        out.append(text[last:])
        return "".join(out)

    def mask(self, text: str | None, extra: Sequence[str] = ()) -> str:
        """The text the model may see: claim sentences dropped, then names masked.

        A name in `extra` may be cut short by its source (RAND keeps 50 characters): its last
        word then also masks any longer word it begins ("... al-Jaafari Governme" -> "Government")."""
        masked = self.mask_names(drop_claims(text or ""), extra)
        for name in extra:
            pattern = _truncated_name(name)
            if pattern is not None:
                masked = pattern.sub(MASK, masked)
        return masked


@functools.lru_cache(maxsize=4096)
def _extra_trie(names: tuple[str, ...]) -> dict[str, Any]:
    return Masker(names)._trie


@functools.lru_cache(maxsize=4096)
def _truncated_name(name: str) -> re.Pattern[str] | None:
    words = _WORD.findall(name)
    if len(words) < 2:
        return None
    body = r"\W+".join(re.escape(w) for w in words)
    return re.compile(rf"\b{body}\w*", re.IGNORECASE)


def drop_claims(text: str) -> str:
    """The text without any sentence that claims, blames or announces responsibility."""
    if not text:
        return ""
    claim = _claim_pattern()
    return " ".join(s for s in _SENTENCE_END.split(text) if s and not claim.search(s)).strip()


@functools.lru_cache(maxsize=1)
def default_masker() -> Masker:
    """The masker over every name and alias of the shipped actor registry."""
    reg = registry()
    return Masker(n for a in reg.actors for n in [a.name, *a.aliases])


# ---------------------------------------------------------------------------------------
# Actors of a record
# ---------------------------------------------------------------------------------------

_NO_ACTOR = ("unknown", "other", "unk", "none", "unidentified", "unknown group")


@functools.lru_cache(maxsize=100_000)
def actor_id_of(name: str | None, resolved_id: str | None = None) -> str | None:
    """Registry id of a perpetrator, else `name:<normalised name>`, else None for Unknown/Other.

    An unresolved name keeps its own id so it still counts (RAND names with fewer than three
    incidents are not all in the registry).
    """
    if resolved_id:
        return resolved_id
    key = name_key(name) if name else ""
    if not key or key in {name_key(k) for k in _NO_ACTOR}:
        return None
    actor = registry().resolve(name)
    if actor is not None:
        return actor.id
    return "name:" + name_key(name).replace(" ", "_")


# ---------------------------------------------------------------------------------------
# Tokens of an event (weapons, targets, casualties) and the query record
# ---------------------------------------------------------------------------------------

def _bin(n: Any, edges: Sequence[int]) -> str | None:
    if n is None or n is pd.NA or (isinstance(n, float) and math.isnan(n)):
        return None
    n = int(n)
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


_FAT_EDGES = (0, 1, 4, 14)
_INJ_EDGES = (0, 4, 24)
_COUNT_EDGES = (1, 5)


@dataclass(slots=True)
class Query:
    """One incident as the model reads it: every field the features use, text already masked."""

    day: int  # days since 1970-01-01
    country: str | None
    lat: float | None
    lon: float | None
    city: str | None
    weapon: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    casualties: list[str] = field(default_factory=list)
    text: str = ""
    id: str | None = None


def day_number(d: Any) -> int:
    """Days since 1970-01-01 of a date, datetime or pandas timestamp."""
    if isinstance(d, pd.Timestamp):
        d = d.date()
    if hasattr(d, "date") and not isinstance(d, date):
        d = d.date()
    return (d - date(1970, 1, 1)).days


def _city_key(name: Any) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return None
    return _name_key(name)


@functools.lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str | None:
    """A store holds few distinct place names, read again for every day's record."""
    return name_key(name) or None


def _list(v: Any) -> list[str]:
    """The strings of a list-valued cell (list, numpy array, or a missing value)."""
    if v is None or isinstance(v, str) or not hasattr(v, "__iter__"):
        return []
    if isinstance(v, np.ndarray):  # a list cell read from the store: tolist() beats iterating it
        v = v.tolist()
    return [str(x) for x in v if x is not None]


def weapon_tokens(classes: Any, count: Any = None) -> list[str]:
    """Weapon classes, and their count in three bins when the record gives one."""
    cls = [c for c in _list(classes) if c != "unknown"]
    out = [f"w:{c}" for c in sorted(set(cls))]
    b = _bin(count, _COUNT_EDGES)
    if cls and b is not None:
        out.append(f"wn:{b}")
    return out


def target_tokens(target_type: Any, affiliations: Any) -> list[str]:
    out = [f"t:{target_type}"] if isinstance(target_type, str) and target_type else []
    return out + [f"a:{a}" for a in sorted(set(_list(affiliations)))]


@functools.lru_cache(maxsize=1)
def _target_words() -> tuple[re.Pattern[str], dict[str, str]]:
    from estimative.extract.lexicon import TARGET_TYPES
    from estimative.extract.tables import alternation

    pattern = re.compile(r"\b(" + alternation(list(TARGET_TYPES)) + r")\b", re.IGNORECASE)
    return pattern, {w.lower(): t for w, t in TARGET_TYPES.items()}


@functools.lru_cache(maxsize=100_000)
def target_types_in(text: str, limit: int = 2) -> tuple[str, ...]:
    """The first target types the text names (the extraction lexicon's target nouns), for
    records that code no target (RAND)."""
    pattern, types = _target_words()
    found: list[str] = []
    for m in pattern.finditer(text):
        t = types.get(" ".join(m.group(1).lower().split()))
        if t and t not in found:
            found.append(t)
            if len(found) == limit:
                break
    return tuple(found)


def casualty_tokens(fatalities: Any, injuries: Any) -> list[str]:
    f, i = _bin(fatalities, _FAT_EDGES), _bin(injuries, _INJ_EDGES)
    return ([f"f:{f}"] if f is not None else []) + ([f"i:{i}"] if i is not None else [])


def _num(v: Any) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def queries_from_frame(frame: pd.DataFrame) -> list[Query]:
    """One Query per row of a prepared frame (see `prepare_frame`)."""
    cols = {c: frame[c].tolist() for c in ("event_id", "day", "country", "lat", "lon", "city", "weapon_tok",
                                             "target_tok", "cas_tok", "text")}
    return [Query(day=cols["day"][i], country=cols["country"][i], lat=_num(cols["lat"][i]),
                  lon=_num(cols["lon"][i]), city=cols["city"][i], weapon=cols["weapon_tok"][i],
                  target=cols["target_tok"][i], casualties=cols["cas_tok"][i], text=cols["text"][i],
                  id=cols["event_id"][i])
            for i in range(len(frame))]


FRAME_COLUMNS: tuple[str, ...] = (
    "event_id", "date_start", "country", "location", "lat", "lon", "weapon_classes", "perpetrator",
    "perpetrator_id", "target_type", "target_affiliations", "fatalities", "injuries", "notes",
)


_DERIVED = DERIVED_COLUMNS  # what the model reads of a record; the store keeps it per revision


def _derived(perpetrator: Any, perpetrator_id: Any, date_start: Any, location: Any, weapon_classes: Any,
             weapon_count: Any, target_type: Any, affiliations: Any, fatalities: Any, injuries: Any, notes: Any,
             masker: Masker, cache: dict[tuple[str, str], str]) -> tuple[Any, ...]:
    """What the model reads from one record (the `_DERIVED` columns), the same for the stored
    record and for the incident being attributed."""
    name = perpetrator if isinstance(perpetrator, str) else ""
    key = (notes if isinstance(notes, str) else "", name)
    if key not in cache:  # a store of repeated reports masks each text once
        cache[key] = masker.mask(key[0], extra=(name,) if name else ())
    text = cache[key]
    return (actor_id_of(name or None, perpetrator_id if isinstance(perpetrator_id, str) else None),
            day_number(date_start), _city_key(location), weapon_tokens(weapon_classes, weapon_count),
            casualty_tokens(fatalities, injuries), text,
            target_tokens(target_type, affiliations) or [f"t:{x}" for x in target_types_in(text)])


MASKED_KEPT = 400_000  # masked texts kept between calls (about 0.5 GB at most)
_MASKED: dict[tuple[str, str], str] = {}
_READ: dict[tuple[str, Any], tuple[Any, ...]] = {}  # (event id, known_from) -> its `_DERIVED` values


# The format of the `_DERIVED` values: raise it whenever `_derived` reads a revision differently
# (a new token, another bin). The data they are read with is part of `derived_version` by itself.
DERIVED_FORMAT = 1


@functools.lru_cache(maxsize=1)
def derived_version() -> str:
    """What the `_DERIVED` values of a stored revision depend on besides the revision: their format
    (`DERIVED_FORMAT`, never a digest of source files), the registry's names (masking, actor ids),
    the claim wording the masking drops and the lexicon's target nouns. Values kept in a store
    under another version are read again."""
    from estimative.extract.lexicon import TARGET_TYPES

    h = hashlib.blake2b(digest_size=8)
    h.update(f"derived-format-{DERIVED_FORMAT}".encode())
    h.update(_claim_pattern().pattern.encode())
    actors = resources.files("estimative.knowledge").joinpath("actors")
    for f in sorted((f for f in actors.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name):
        h.update(f.read_bytes())
    h.update(repr(sorted(TARGET_TYPES.items())).encode())
    return h.hexdigest()


TOKEN_SEP = "\x1f"  # joins a revision's tokens where the store keeps them
_TOKEN_FIELDS = frozenset({"weapon_tok", "cas_tok", "target_tok"})


def kept_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A `_DERIVED` row as the store keeps it (`Store.keep_derived`): token lists joined."""
    return tuple(TOKEN_SEP.join(v) if name in _TOKEN_FIELDS else v for name, v in zip(_DERIVED, row, strict=True))


def _kept_columns(f: pd.DataFrame) -> tuple[dict[str, list[Any]], np.ndarray]:
    """The `_DERIVED` columns kept in the store for the rows of a `Store.frame(derived=...)`
    frame, as the model reads them, and which rows had them kept."""
    if "d_day" not in f:
        return {name: [None] * len(f) for name in _DERIVED}, np.zeros(len(f), dtype=bool)
    kept = f["d_day"].notna().to_numpy(dtype=bool)
    out: dict[str, list[Any]] = {}
    for name in _DERIVED:
        values = f[f"d_{name}"]
        if name == "day":
            out[name] = values.fillna(-1).astype("int64").tolist()
        elif name in _TOKEN_FIELDS:  # a few hundred distinct token strings: each split once
            split: dict[Any, list[str]] = {}
            out[name] = [split[v] if v in split else split.setdefault(v, v.split(TOKEN_SEP) if isinstance(v, str)
                                                                      and v else []) for v in values.tolist()]
        else:
            empty = "" if name == "text" else None
            out[name] = [v if isinstance(v, str) else empty for v in values.tolist()]
    return out, kept


def prepare_frame(frame: pd.DataFrame, masker: Masker | None = None,
                  new_derived: list[tuple[Any, ...]] | None = None) -> pd.DataFrame:
    """A store frame with what the index needs: actor id, day number, tokens and masked text.

    Rows without a date are dropped; rows whose perpetrator is Unknown/Other keep `actor` None.
    A `weapon_count` column, when present, feeds the weapon-count bins. The `d_*` columns of
    `Store.frame(derived=derived_version())` give the values kept for a revision, used as they
    are; the revisions derived afresh are appended to `new_derived` as (event id, known_from,
    *`kept_row`) for the caller to keep in the store.
    """
    shared = masker is None or masker is default_masker()
    masker = masker or default_masker()
    f = frame.loc[frame["date_start"].notna()].copy()
    counts = f["weapon_count"].tolist() if "weapon_count" in f else [None] * len(f)
    # the default masker's texts are kept between calls: each day's record is mostly the records
    # of the days before, masked already
    cache: dict[tuple[str, str], str] = _MASKED if shared else {}
    if len(_MASKED) > MASKED_KEPT:
        _MASKED.clear()

    def arguments(rows: pd.DataFrame, counts: list[Any]) -> Iterable[tuple[Any, ...]]:
        """`_derived`'s arguments per row, from plain Python lists (iterating an Arrow-backed
        column cell by cell is several times slower)."""
        col = {c: rows[c].tolist() for c in ("perpetrator", "perpetrator_id", "date_start", "location",
                                              "weapon_classes", "target_type", "target_affiliations", "fatalities",
                                              "injuries", "notes")}
        return zip(col["perpetrator"], col["perpetrator_id"], col["date_start"], col["location"],
                   col["weapon_classes"], counts, col["target_type"], col["target_affiliations"], col["fatalities"],
                   col["injuries"], col["notes"], strict=True)

    if shared and "known_from" in f and "event_id" in f:
        # a stored revision (event id, known from) always reads the same: what the store kept of
        # it, else what this process read of it already (each day's record is mostly the
        # revisions of the days before), else derived now
        if len(_READ) > MASKED_KEPT:
            _READ.clear()
        derived, kept = _kept_columns(f)
        todo = np.flatnonzero(~kept)
        keys = list(zip(f["event_id"].iloc[todo].tolist(), f["known_from"].iloc[todo].tolist(), strict=True))
        for i, key, args in zip(todo, keys, arguments(f.iloc[todo], [counts[i] for i in todo]), strict=True):
            row = _READ.get(key)
            if row is None:
                row = _READ[key] = _derived(*args, masker=masker, cache=cache)
                if new_derived is not None:
                    new_derived.append((*key, *kept_row(row)))
            for name, value in zip(_DERIVED, row, strict=True):
                derived[name][i] = value
    else:
        rows = [_derived(*r, masker=masker, cache=cache) for r in arguments(f, counts)]
        derived = {name: list(v) for name, v in zip(_DERIVED, zip(*rows, strict=True) if rows
                                                     else [[] for _ in _DERIVED], strict=True)}
    f = f.drop(columns=[f"d_{name}" for name in _DERIVED], errors="ignore")
    for name in _DERIVED:
        f[name] = derived[name]
    return f.sort_values(["day", "event_id"], kind="stable").reset_index(drop=True)


def query_from_event(e: Any, masker: Masker | None = None) -> Query:
    """The Query of one Event, without a frame (attributing one incident must be fast)."""
    from estimative.store.records import STAGE_COLUMNS, event_row

    row = dict(zip(STAGE_COLUMNS, event_row(e, record=""), strict=True))
    known = [w.count.best for w in e.weapons if w.count.best is not None]
    actor, day, city, weapon, cas, text, target = _derived(
        row["perpetrator"], row["perpetrator_id"], row["date_start"], row["location"], row["weapon_classes"],
        sum(known) if known else None, row["target_type"], row["target_affiliations"], row["fatalities"],
        row["injuries"], row["notes"], masker=masker or default_masker(), cache={})
    return Query(day=day, country=e.country, lat=_num(e.lat), lon=_num(e.lon), city=city, weapon=weapon,
                 target=target, casualties=cas, text=text, id=e.id)




# ---------------------------------------------------------------------------------------
# The record index
# ---------------------------------------------------------------------------------------

def month_of_day(day: int) -> int:
    """Months since 1970-01 of a day number."""
    return int(_months(np.array([day]))[0])


_MONTH_SHIFT, _KEY_STRIDE = 100_000, 1_000_000  # months since 1970, shifted positive, per key


class _Cumulative:
    """Counts by (key, month), cumulative per key, so any window [m0, m1) costs two searches.

    `values` (events x columns, sparse) gives per-column counts (tokens); without it, events.
    """

    def __init__(self, keys: Sequence[Any], months: np.ndarray, values: sparse.spmatrix | None = None) -> None:
        frame = pd.DataFrame({"k": pd.Series(keys, dtype=object), "m": np.asarray(months, dtype=np.int64)})
        grp = frame.groupby(["k", "m"], sort=True).ngroup().to_numpy()
        n_groups = int(grp.max()) + 1 if len(grp) else 0
        firsts = frame.drop_duplicates(["k", "m"]).sort_values(["k", "m"])
        uk, um = firsts["k"].to_numpy(dtype=object), firsts["m"].to_numpy(dtype=np.int64)
        width = 1 if values is None else values.shape[1]
        if n_groups:
            G = sparse.csr_matrix((np.ones(len(grp)), (grp, np.arange(len(grp)))), shape=(n_groups, len(grp)))
            vals = (G @ (values if values is not None else np.ones((len(grp), 1))))
            vals = vals.toarray() if sparse.issparse(vals) else np.asarray(vals)
        else:
            vals = np.zeros((0, width))
        self.months = um
        self.offsets: dict[Any, tuple[int, int, int]] = {}
        blocks: list[np.ndarray] = []
        pos = 0
        bounds = np.flatnonzero(np.r_[True, uk[1:] != uk[:-1]]) if len(uk) else np.zeros(0, int)
        for s, e in zip(bounds, np.r_[bounds[1:], len(uk)].astype(int)[: len(bounds)], strict=True):
            blocks.append(np.zeros((1, width)))
            blocks.append(np.cumsum(vals[s:e], axis=0))
            self.offsets[uk[s]] = (int(s), int(e), pos)
            pos += int(e - s) + 1
        self.cum = np.vstack(blocks) if blocks else np.zeros((1, width))
        self.width = width
        # every (key, month) as one sorted number, so many keys are looked up in one search
        self._rank = {k: i for i, k in enumerate(self.offsets)}
        self._starts = np.array([o[0] for o in self.offsets.values()] + [0], dtype=np.int64)
        self._pos = np.array([o[2] for o in self.offsets.values()] + [0], dtype=np.int64)
        ranks = np.repeat(np.arange(len(self.offsets)), [o[1] - o[0] for o in self.offsets.values()])
        self._keyed = ranks * _KEY_STRIDE + (um + _MONTH_SHIFT)

    def at(self, key: Any, months: np.ndarray) -> np.ndarray:
        """Totals of `key` over every month before each of `months` (one row each)."""
        off = self.offsets.get(key)
        if off is None:
            return np.zeros((len(months), self.width))
        s, e, pos = off
        return self.cum[pos + np.searchsorted(self.months[s:e], months)]

    def at_many(self, keys: Sequence[Any], months: np.ndarray) -> np.ndarray:
        """`at` of many keys at once: (keys, months, columns); zeros for a key never seen."""
        months = np.asarray(months, dtype=np.int64)
        missing = len(self.offsets)
        ranks = np.array([self._rank.get(k, missing) for k in keys], dtype=np.int64)
        found = np.searchsorted(self._keyed, ranks[:, None] * _KEY_STRIDE + (months[None, :] + _MONTH_SHIFT))
        rows = self._pos[ranks][:, None] + found - self._starts[ranks][:, None]
        out = self.cum[rows]
        out[ranks == missing] = 0.0
        return out

    def window_many(self, keys: Sequence[Any], m0: int, m1: int) -> np.ndarray:
        """`window` of many keys at once: (keys, columns)."""
        both = self.at_many(keys, np.array([m0, m1]))
        return both[:, 1] - both[:, 0]

    def window(self, key: Any, m0: int, m1: int) -> np.ndarray:
        """Totals of `key` over the months in [m0, m1)."""
        before, upto = self.at(key, np.array([m0, m1]))
        return upto - before

    def last_before(self, key: Any, m1: int) -> int | None:
        """The last month before m1 with any count for `key`."""
        off = self.offsets.get(key)
        if off is None:
            return None
        s, e, _ = off
        i = int(np.searchsorted(self.months[s:e], m1))
        return int(self.months[s + i - 1]) if i > 0 else None

    def keys(self) -> Iterable[Any]:
        return self.offsets.keys()


@dataclass
class IndexParams:
    """The windows and radii the features look through (hyper-parameters of the model)."""

    candidate_years: float = 10.0
    prior_years: tuple[float, float] = (3.0, 10.0)
    recent_years: float = 1.0
    place_years: float = 5.0
    radii_km: tuple[float, ...] = (25.0, 100.0, 300.0)
    text_years: float = 10.0
    knn_k: int = 25
    max_candidates: int = 40
    lineage: bool = True
    text_max_features: int = 50_000
    text_max_docs: int = 20_000
    newcomer_years: float = 5.0


def _pair_keys(a: np.ndarray, b: Sequence[Any]) -> list[str]:
    return [f"{x}\x1f{y}" for x, y in zip(a.tolist(), b, strict=True)]


class RecordIndex:
    """Everything the features need from the attributed record known before `end_day`."""

    def __init__(self, frame: pd.DataFrame, end_day: int, params: IndexParams) -> None:
        self.params = params
        self.end_day = end_day
        self.end_month = month_of_day(end_day - 1) + 1  # every indexed event lies in a month < this
        rec = frame.loc[(frame["day"] < end_day) & frame["actor"].notna()].reset_index(drop=True)
        n = len(rec)
        self.n_events = n
        self.day = rec["day"].to_numpy(dtype=np.int64)
        self.month = _months(self.day)
        self.actor_names: list[str] = sorted(set(rec["actor"]))
        self.actor_code = {a: i for i, a in enumerate(self.actor_names)}
        own = np.array([self.actor_code[a] for a in rec["actor"]], dtype=np.int64)
        self.country = rec["country"].fillna("").astype(str).to_numpy(dtype=object)
        # the same as integer codes: comparing strings over the events near a place costs more
        codes, names = pd.factorize(self.country)
        self.country_code = codes.astype(np.int32)
        self.country_codes: dict[str, int] = {str(c): i for i, c in enumerate(names)}
        self.event_ids = rec["event_id"].astype(str).to_numpy(dtype=object)
        # lineage: an event also counts for every registry successor of its actor
        ev, ac = self._credits(own)
        A = len(self.actor_names)
        self.own_code = own
        self.credit = sparse.csr_matrix((np.ones(len(ev)), (ev, ac)), shape=(n, A))
        cm, cc = self.month[ev], self.country[ev]
        self.by_actor_country = _Cumulative(_pair_keys(ac, cc.tolist()), cm)
        self.by_country = _Cumulative(self.country.tolist(), self.month)
        self.by_actor = _Cumulative(ac.tolist(), cm)
        city = rec["city"].fillna("").astype(str).to_numpy(dtype=object)
        self.by_actor_city = _Cumulative(_pair_keys(ac, city[ev].tolist()), cm)
        self.by_city = _Cumulative(city.tolist(), self.month)
        # tokens (weapon, target, casualties): profile by actor and by country
        self.tok_vocab: dict[str, int] = {}
        rows, cols = [], []
        for column in ("weapon_tok", "target_tok", "cas_tok"):
            for i, toks in enumerate(rec[column].tolist()):
                for t in toks:
                    rows.append(i)
                    cols.append(self.tok_vocab.setdefault(t, len(self.tok_vocab)))
        tok = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(len(self.tok_vocab), 1)))
        self.tok_by_actor = _Cumulative(ac.tolist(), cm, tok[ev])
        self.tok_by_country = _Cumulative(self.country.tolist(), self.month, tok)
        # places: unique coordinates in a ball tree; the events at each place sorted by day
        lat = pd.to_numeric(rec["lat"], errors="coerce").to_numpy(dtype=float, copy=True)
        lon = pd.to_numeric(rec["lon"], errors="coerce").to_numpy(dtype=float, copy=True)
        self.town_places = _placed_towns(rec["city"].tolist(), lat, lon)
        for i in np.flatnonzero(np.isnan(lat) | np.isnan(lon)):
            lat[i], lon[i] = self.town_places.get(rec["city"].iat[i], (np.nan, np.nan))
        has = np.flatnonzero(~(np.isnan(lat) | np.isnan(lon)))
        self.place_tree: BallTree | None = None
        if len(has):
            uniq, inv = np.unique(np.round(np.c_[lat[has], lon[has]], 4), axis=0, return_inverse=True)
            inv = inv.ravel()
            self.place_tree = BallTree(np.radians(uniq), metric="haversine")
            order = np.lexsort((self.day[has], inv))
            self.place_ev = has[order]
            self.place_bounds = np.searchsorted(inv[order], np.arange(len(uniq) + 1))
        # text: TF-IDF fitted on the distinct texts of the past record only (a store of resampled or
        # repeated reports holds each text once); per country, the newest `text_max_docs` rows
        inv, uniq = pd.factorize(rec["text"].fillna(""), sort=True)
        self.vectorizer: TfidfVectorizer | None = TfidfVectorizer(
            analyzer=_analysed, sublinear_tf=True, min_df=2, max_df=0.5, max_features=params.text_max_features,
            dtype=np.float32)
        try:
            unique_tfidf = self.vectorizer.fit_transform(list(uniq)).tocsr()
        except ValueError:  # too few documents for a vocabulary
            self.vectorizer, unique_tfidf = None, sparse.csr_matrix((len(uniq), 1), dtype=np.float32)
        self.country_rows: dict[str, np.ndarray] = {}
        self.country_days: dict[str, np.ndarray] = {}
        self.country_tfidf: dict[str, sparse.csr_matrix] = {}
        for c in set(self.country.tolist()):
            idx = np.flatnonzero(self.country == c)[-params.text_max_docs:]
            self.country_rows[c], self.country_days[c] = idx, self.day[idx]
            self.country_tfidf[c] = unique_tfidf[inv[idx]]
        self.unique_tfidf, self.text_row = unique_tfidf, inv
        by_text = sparse.csr_matrix((np.ones(n), (np.arange(n), inv)), shape=(n, len(uniq)))
        cent = ((self.credit.T @ by_text) @ unique_tfidf).tocsr()
        norms = np.sqrt(np.asarray(cent.multiply(cent).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        self.centroids = sparse.csr_matrix(sparse.diags(1.0 / norms) @ cent)
        # the actors of each country, for candidate generation
        self.country_actors: dict[str, list[int]] = {}
        self.first_seen: dict[str, list[tuple[int, int]]] = {}  # country -> (first month, own actor)
        for key in self.by_actor_country.keys():
            a, c = key.split("\x1f", 1)
            self.country_actors.setdefault(c, []).append(int(a))
        firsts = pd.DataFrame({"a": own, "c": self.country, "m": self.month}).groupby(["a", "c"])["m"].min()
        for (a, c), m in firsts.items():
            self.first_seen.setdefault(str(c), []).append((int(m), int(a)))
        # the first month of each actor's own record (inherited events excluded), anywhere
        self.first_own_month: dict[int, int] = {int(a): int(m) for a, m in firsts.groupby(level="a").min().items()}

    def _credits(self, own: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(event, actor) pairs: each event counts for its actor and, with lineage, its successors."""
        ev, ac = [np.arange(len(own))], [own]
        self.heirs: dict[int, list[int]] = {}  # actor code -> codes of all its successors
        if self.params.lineage:
            reg = registry()
            for name in list(self.actor_names):
                if name not in reg:
                    continue
                idx = np.flatnonzero(own == self.actor_code[name])
                for succ in reg.successors(name):
                    if succ not in self.actor_code:
                        self.actor_code[succ] = len(self.actor_names)
                        self.actor_names.append(succ)
                    self.heirs.setdefault(self.actor_code[name], []).append(self.actor_code[succ])
                    ev.append(idx)
                    ac.append(np.full(len(idx), self.actor_code[succ]))
        return np.concatenate(ev), np.concatenate(ac)

    def credited(self, events: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Per actor, how many of `events` count for it (own record and inherited), or the sum of
        their `weights`."""
        counts = np.bincount(self.own_code[events], weights=weights, minlength=len(self.actor_names)).astype(float)
        own = counts.copy()
        for pred, succs in self.heirs.items():
            if own[pred]:
                counts[succs] += own[pred]
        return counts

    def credited_names(self, event: int) -> list[str]:
        """The actors an event counts for: its own, then its successors."""
        a = int(self.own_code[event])
        return [self.actor_names[x] for x in [a, *self.heirs.get(a, [])]]


def _placed_towns(towns: list[Any], lat: np.ndarray, lon: np.ndarray,
                  spread_km: float = 50.0) -> dict[str, tuple[float, float]]:
    """Town names the record itself places unambiguously: every event of that name that has
    coordinates lies within `spread_km` of their mean. An event of the same name without
    coordinates (its country coded differently, say "Sederot" under West Bank/Gaza) is placed there."""
    points: dict[str, list[tuple[float, float]]] = {}
    for town, a, b in zip(towns, lat, lon, strict=True):
        if isinstance(town, str) and not (math.isnan(a) or math.isnan(b)):
            points.setdefault(town, []).append((a, b))
    placed = {}
    for town, pts in points.items():
        arr = np.radians(np.array(pts))
        mean = arr.mean(axis=0)
        d = 2 * np.arcsin(np.sqrt(np.sin((arr[:, 0] - mean[0]) / 2) ** 2 + np.cos(arr[:, 0]) * np.cos(mean[0])
                                  * np.sin((arr[:, 1] - mean[1]) / 2) ** 2)) * EARTH_RADIUS_KM
        if d.max() <= spread_km:
            placed[town] = (float(np.degrees(mean[0])), float(np.degrees(mean[1])))
    return placed


@functools.lru_cache(maxsize=1)
def _analyser() -> Any:
    """Words and word pairs of a text, English stop words left out (TF-IDF's own analysis)."""
    return TfidfVectorizer(ngram_range=(1, 2), stop_words="english").build_analyzer()


@functools.lru_cache(maxsize=16_384)
def _analysed(text: str) -> tuple[str, ...]:
    """`_analyser` of a text, kept: each day's record holds mostly the texts of the day before,
    and analysing them is most of the cost of indexing the record."""
    return tuple(_analyser()(text))


def _months(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of an array of day numbers."""
    d = np.asarray(days, dtype="datetime64[D]")
    return (d.astype("datetime64[M]").astype(np.int64)).astype(np.int64)


# ---------------------------------------------------------------------------------------
# Features of one incident's candidates
# ---------------------------------------------------------------------------------------

FEATURES: tuple[tuple[str, str], ...] = (
    # (feature, signal)
    ("prior_3y", "place"), ("prior_10y", "place"), ("near_25km", "place"), ("near_100km", "place"),
    ("near_300km", "place"), ("same_city", "place"),
    ("weapon_class", "weapon"), ("weapon_count", "weapon"),
    ("target_type", "target"), ("target_affiliation", "target"),
    ("fatalities", "casualties"), ("injuries", "casualties"),
    ("recent_1y", "time"), ("months_since_last", "time"), ("registry_active", "time"),
    ("registry_inactive", "time"),
    ("text_knn", "text"), ("text_centroid", "text"),
)
FEATURE_NAMES: tuple[str, ...] = tuple(f for f, _ in FEATURES)
NOVEL_FEATURES: tuple[str, ...] = ("novel_bias", "novel_log_record", "novel_log_candidates", "novel_gap_years")


@dataclass(slots=True)
class CandidateSet:
    """The candidates of one incident, their feature rows, and the evidence behind them."""

    actors: list[str]
    X: np.ndarray  # (len(actors), len(FEATURE_NAMES))
    novel: np.ndarray  # (len(NOVEL_FEATURES),)
    neighbours: list[tuple[str, float, list[str]]]  # (event id, similarity, credited actors), best first
    # the groups first seen in the country lately: what "a group not yet known" has tended to be
    newcomers: list[str] = field(default_factory=list)


def _log_share(n: np.ndarray, total: float, alpha: float = 1.0) -> np.ndarray:
    k = max(len(n), 1)
    return np.log((n + alpha / k) / (total + alpha))


def _lift(n: np.ndarray, total: float, prior: np.ndarray, alpha: float) -> np.ndarray:
    """log of the share near the incident, shrunk toward `prior`, over `prior`: 0 when nothing is known."""
    return np.log((n + alpha * prior) / (total + alpha)) - np.log(prior)


def _registry_activity(actor: str, year: int) -> tuple[float, float]:
    """(1, 0) when the registry's active years cover `year`, (0, 1) when they exclude it, else (0, 0)."""
    reg = registry()
    if actor not in reg:
        return 0.0, 0.0
    first, last = reg.get(actor).active
    if first is None and last is None:
        return 0.0, 0.0
    if (first is not None and year < first) or (last is not None and year > last):
        return 0.0, 1.0
    return 1.0, 0.0


# Lineage relations (on the actor A naming another, B): which way the record flows, and whether
# the predecessor ends there. A split leaves its parent alive; a renaming or a merger does not.
_LINEAGE_FLOW: dict[str, tuple[bool, bool]] = {
    # relation: (A is the successor, the predecessor ends)
    "successor_of": (True, True),
    "split_from": (True, False),
    "merged_into": (False, True),
}


def _link_day(value: Any) -> int | None:
    """Day number of a lineage date written as YYYY, YYYY-MM or YYYY-MM-DD (None when absent)."""
    if value is None:
        return None
    parts = [int(x) for x in str(value).split("-")[:3] if x.strip().isdigit()]
    if not parts:
        return None
    return day_number(date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1))


@functools.lru_cache(maxsize=1)
def _lineage_events() -> dict[str, list[tuple[int, bool]]]:
    """Per actor, the dated lineage events that start (True) or end (False) it, oldest first."""
    events: dict[str, list[tuple[int, bool]]] = {}
    for actor in registry().actors:
        for link in actor.lineage:
            flow = _LINEAGE_FLOW.get(link.relation or "")
            day = _link_day(link.when)
            if flow is None or day is None or not link.actor:
                continue
            a_is_successor, ends = flow
            pred, succ = (link.actor, actor.id) if a_is_successor else (actor.id, link.actor)
            events.setdefault(succ, []).append((day, True))
            if ends:
                events.setdefault(pred, []).append((day, False))
    return {a: sorted(ev) for a, ev in events.items()}


def lineage_state(actor: str, day: int) -> str:
    """"alive", "ended" (renamed or merged into a successor by then) or "unborn" (a successor whose
    founding link is dated later), replaying the registry's dated lineage up to `day`."""
    events = _lineage_events().get(actor)
    if not events:
        return "alive"
    past = [alive for d, alive in events if d <= day]
    if past:
        return "alive" if past[-1] else "ended"
    return "unborn" if events[0][1] else "alive"


def _year_of_day(day: int) -> int:
    return date.fromordinal(date(1970, 1, 1).toordinal() + day).year


def candidate_sets(ix: RecordIndex, queries: Sequence[Query]) -> list[CandidateSet]:
    """`candidate_features` of many incidents, their texts vectorised in one pass."""
    texts = [i for i, q in enumerate(queries) if q.text]
    vectors: dict[int, sparse.csr_matrix] = {}
    if ix.vectorizer is not None and texts:
        matrix = ix.vectorizer.transform([queries[i].text for i in texts]).tocsr()
        vectors = {i: matrix[j] for j, i in enumerate(texts)}
    return [candidate_features(ix, q, vectors.get(i)) for i, q in enumerate(queries)]


def candidate_features(ix: RecordIndex, q: Query, qv: sparse.csr_matrix | None = None) -> CandidateSet:
    """Candidates of one incident (actors active in its country or near it, lineage included)
    and their feature rows; FEATURES says what each column measures and which signal it serves.
    `qv`: the incident's text vectorised by the index (`candidate_sets` does it for many at once)."""
    p = ix.params
    if q.day < ix.end_day:  # an incident older than the index: look only at what came before it
        m1, day_cut = month_of_day(q.day), q.day
    else:
        m1, day_cut = ix.end_month, ix.end_day
    c = q.country or ""
    # trailing windows, all ending at m1: candidates, 10 years, 3 years, 1 year, the place window
    mc, m10, m3, mr, mp = (m1 - _months_in(y) for y in (p.candidate_years, p.prior_years[1], p.prior_years[0],
                                                         p.recent_years, p.place_years))
    bounds = np.array([mc, m10, m3, mr, m1])
    CAND, TEN, THREE, RECENT = range(4)

    def per_window(cum: np.ndarray) -> np.ndarray:
        """Counts over [mc, m1), [m10, m1), [m3, m1), [mr, m1) from cumulative counts at `bounds`."""
        return cum[-1] - cum[:-1]

    country_total = per_window(ix.by_country.at(c, bounds)[:, 0]) if c else np.zeros(4)
    # candidates: active in the country in the candidate window, or near the place
    counts: dict[int, np.ndarray] = {}
    score: dict[int, float] = {}
    actors = ix.country_actors.get(c, [])
    if actors:
        cum = ix.by_actor_country.at_many([f"{a}\x1f{c}" for a in actors], bounds)[:, :, 0]
        for a, w in zip(actors, cum[:, -1:] - cum[:, :-1], strict=True):
            if w[CAND] > 0:
                counts[a], score[a] = w, float(w[CAND])
    near_ev, near_km = _near_events(ix, q, max(p.radii_km), day_cut - int(p.place_years * 365.25), day_cut)
    if len(near_ev):
        for a in np.flatnonzero(ix.credited(near_ev)):
            score[int(a)] = score.get(int(a), 0.0) + 1e-3  # seen nearby across a border: a weak candidate
    if p.lineage:  # the record of a renamed or merged group now belongs to its successor
        for a in list(score):
            state = lineage_state(ix.actor_names[a], q.day)
            # a successor not yet founded is no candidate, however much it would inherit, unless
            # the record already shows incidents of its own (the registry's date is then too late)
            if state == "ended" or (state == "unborn" and ix.first_own_month.get(a, m1) >= m1):
                del score[a]
    cand = np.array(sorted(score, key=lambda a: (-score[a], ix.actor_names[a]))[: p.max_candidates], dtype=int)
    K = len(cand)
    X = np.zeros((K, len(FEATURE_NAMES)))
    col = {f: i for i, f in enumerate(FEATURE_NAMES)}
    gap = max(q.day - ix.end_day, 0) / 365.25
    novel = np.array([1.0, math.log1p(country_total[THREE]), math.log(K + 1), gap])
    m_new = m1 - _months_in(p.newcomer_years)
    newcomers = sorted(ix.actor_names[a] for m, a in ix.first_seen.get(c, []) if m_new <= m < m1)
    if K == 0:
        return CandidateSet([], X, novel, [], newcomers)
    n = np.vstack([counts.get(a, np.zeros(4)) for a in cand])  # (K, windows)

    # place: the country share over two windows; the share near the place and in the same town
    for name, w in (("prior_3y", THREE), ("prior_10y", TEN)):
        X[:, col[name]] = _log_share(n[:, w], country_total[w] if c else n[:, w].sum())
    prior = (n[:, TEN] + 0.5) / (n[:, TEN].sum() + 0.5 * K)  # what the near-place shares are shrunk toward
    if len(near_ev):
        for r in p.radii_km:
            sel = near_ev[near_km <= r]
            if len(sel):
                X[:, col[f"near_{int(r)}km"]] = _lift(ix.credited(sel)[cand], len(sel), prior, alpha=2.0)
    if q.city:
        total = float(ix.by_city.window(q.city, mp, m1)[0])
        if total:
            city = ix.by_actor_city.window_many([f"{a}\x1f{q.city}" for a in cand], mp, m1)[:, 0]
            X[:, col["same_city"]] = _lift(city, total, prior, alpha=2.0)

    # weapon, target, casualties: how typical each of the incident's tokens is of the actor,
    # against how typical it is of the country
    groups = {"weapon_class": "w:", "weapon_count": "wn:", "target_type": "t:", "target_affiliation": "a:",
              "fatalities": "f:", "injuries": "i:"}
    toks = q.weapon + q.target + q.casualties
    if toks:
        ctot = ix.tok_by_country.window(c, m10, m1)
        cn = float(country_total[TEN])
        aprof = ix.tok_by_actor.window_many(cand.tolist(), m10, m1)
        an = ix.by_actor.window_many(cand.tolist(), m10, m1)[:, 0]
        for name, prefix in groups.items():
            ids = [ix.tok_vocab[t] for t in toks if t.startswith(prefix) and t in ix.tok_vocab]
            if ids:
                pc = (ctot[ids] + 1.0) / (cn + 2.0)
                lifts = np.log((aprof[:, ids] + 5.0 * pc) / (an[:, None] + 5.0)) - np.log(pc)
                X[:, col[name]] = lifts.mean(axis=1)

    # time: recent activity in the country, months since last seen there, registry years
    X[:, col["recent_1y"]] = _log_share(n[:, RECENT], country_total[RECENT] if c else n[:, RECENT].sum())
    qm, year = month_of_day(q.day), _year_of_day(q.day)
    for i, a in enumerate(cand):
        last = ix.by_actor_country.last_before(f"{a}\x1f{c}", m1)
        X[i, col["months_since_last"]] = math.log1p(max(qm - last, 0) if last is not None else 240)
        X[i, col["registry_active"]], X[i, col["registry_inactive"]] = _registry_activity(ix.actor_names[a], year)

    # text: similarity-weighted votes of the nearest past incidents, and the actor's centroid
    neighbours: list[tuple[str, float, list[str]]] = []
    if ix.vectorizer is not None and q.text:
        if qv is None:
            qv = ix.vectorizer.transform([q.text])
        if qv.nnz:
            pool, sims = _text_pool(ix, q, c, qv, day_cut - int(p.text_years * 365.25), day_cut, near_ev)
            if len(sims):
                k = min(p.knn_k, len(sims))
                top = np.argpartition(-sims, k - 1)[:k]
                top = top[np.argsort(-sims[top], kind="stable")]
                top = top[sims[top] > 0]
                if len(top):
                    evs = pool[top]
                    votes = ix.credited(evs, sims[top])
                    X[:, col["text_knn"]] = _lift(votes[cand], float(sims[top].sum()), prior, alpha=1.0)
                    neighbours = [(str(ix.event_ids[ev]), float(sim), ix.credited_names(ev))
                                  for ev, sim in zip(evs, sims[top], strict=True)]
            X[:, col["text_centroid"]] = (ix.centroids[cand] @ qv.T).toarray().ravel()
    return CandidateSet([ix.actor_names[a] for a in cand], X, novel, neighbours, newcomers)


def _text_pool(ix: RecordIndex, q: Query, country: str, qv: sparse.csr_matrix, d0: int, d1: int,
               near_ev: np.ndarray, max_foreign: int = 5000) -> tuple[np.ndarray, np.ndarray]:
    """Past incidents to compare the text with, and their cosine similarities: those of the same
    country, and those near the place across a border (Sderot and Gaza), dated in [d0, d1)."""
    pools, sims = [], []
    rows = ix.country_rows.get(country)
    q = qv.toarray().ravel()
    if rows is not None:
        days = ix.country_days[country]
        lo, hi = int(np.searchsorted(days, d0)), int(np.searchsorted(days, d1))
        if hi > lo:
            pools.append(rows[lo:hi])
            sims.append(_rows_dot(ix.country_tfidf[country], lo, hi, q))
    if len(near_ev):
        code = ix.country_codes.get(country, -1)
        foreign = near_ev[(ix.country_code[near_ev] != code) & (ix.day[near_ev] >= d0)][-max_foreign:]
        if len(foreign):
            pools.append(foreign)
            sims.append(ix.unique_tfidf[ix.text_row[foreign]] @ q)
    if not pools:
        return np.zeros(0, int), np.zeros(0)
    return np.concatenate(pools), np.concatenate(sims)


def _rows_dot(m: sparse.csr_matrix, lo: int, hi: int, q: np.ndarray) -> np.ndarray:
    """Rows lo..hi of a CSR matrix times a dense vector, read in place (slicing the matrix
    copies the rows, which costs more than the product on a large record)."""
    a, b = m.indptr[lo], m.indptr[hi]
    view = sparse.csr_matrix((m.data[a:b], m.indices[a:b], m.indptr[lo:hi + 1] - a), shape=(hi - lo, m.shape[1]),
                             copy=False)
    return np.asarray(view @ q).ravel()


def _months_in(years: float) -> int:
    return max(1, int(round(years * 12)))


def _near_events(ix: RecordIndex, q: Query, radius_km: float, d0: int, d1: int) -> tuple[np.ndarray, np.ndarray]:
    """Events within `radius_km` of the incident dated in [d0, d1), and their distances in km.
    An incident without coordinates is placed at its town when the record places that town."""
    lat, lon = (q.lat, q.lon) if q.lat is not None and q.lon is not None else ix.town_places.get(q.city or "",
                                                                                                   (None, None))
    if ix.place_tree is None or lat is None or lon is None:
        return np.zeros(0, int), np.zeros(0)
    pts, dist = ix.place_tree.query_radius(np.radians([[lat, lon]]), r=radius_km / EARTH_RADIUS_KM,
                                           return_distance=True)
    # every event of every place in reach, place by place (each place's events oldest first), in
    # one pass over arrays: a dense region has hundreds of places within the widest radius
    starts, lens = ix.place_bounds[pts[0]], ix.place_bounds[pts[0] + 1] - ix.place_bounds[pts[0]]
    if not lens.sum():
        return np.zeros(0, int), np.zeros(0)
    offsets = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
    block = ix.place_ev[offsets]
    days = ix.day[block]
    keep = (days >= d0) & (days < d1)
    return block[keep], np.repeat(dist[0] * EARTH_RADIUS_KM, lens)[keep]
