"""Who and what an attack involved, as the text words them: the attackers (individuals and organisations),
the physical targets, the human victims and the weapons, read without relying on capitals.

Rules propose the candidates: every run of content words in a sentence ("the santo tomas presidential
farm", "a guerrilla column", "a car bomb"; a count may open one: "two paid assassins") and each shorter
part of it ("presidential farm", "farm"), and two runs joined by "of" ("members of the fmln"). A small
learned chooser picks among them: a linear model over case-free features of each candidate (its words, its
head, the words and verbs around it, the kind of noun with the verb before or after it), trained on the
MUC-4 tuning keys (DEV, TST1 and TST2, `python -m estimative.eval.muc_roles DATA_DIR`) and kept as
data in `tables/role_chooser.json`; reading needs neither scikit-learn nor the training data. Lower-case
wire copy ("the peasants", "a bus", "the embassy") reads as mixed case does, since no feature looks
at capitals.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

from estimative.extract import lexicon as lx
from estimative.extract.tables.roles import BREAK_WORDS, COUNT_WORDS, CUE_VERBS, PHRASE_ED_WORDS

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
MAX_WORDS = 7
WEIGHTS_FILE = Path(__file__).parent / "tables" / "role_chooser.json"
_TOKEN = re.compile(r"[^\W_][\w'-]*|[^\w\s]")
_PERSON = frozenset(lx.PERSON_NOUNS)
_TARGET = frozenset(lx.TARGET_TYPES)
_WEAPON = frozenset(w for w, _ in lx.WEAPON_CUES)
_ATTACKER = frozenset(lx.ATTACKER_NOUNS)


@dataclass(slots=True)
class Candidate:
    """A span that may fill a role, with the features the chooser weighs."""
    start: int
    end: int
    text: str
    features: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Filler:
    role: str
    text: str
    start: int
    end: int
    probability: float


@dataclass(slots=True)
class RoleFillers:
    """The chosen fillers of each role, most probable first."""
    by_role: dict[str, list[Filler]] = field(default_factory=dict)

    def texts(self, role: str) -> list[str]:
        return [f.text for f in self.by_role.get(role, [])]


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _breaks(word: str) -> bool:
    return word in BREAK_WORDS or not word[0].isalnum() or (
        word.endswith("ed") and len(word) > 4 and word not in PHRASE_ED_WORDS)


def candidates(text: str, start: int, end: int, sentence_rank: int = 0) -> list[Candidate]:
    """Every candidate span of one sentence `text[start:end]` with its features."""
    toks = _tokens(text, start, end)
    words = [t[0] for t in toks]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if _breaks(words[i]) and not (words[i] in COUNT_WORDS and i + 1 < len(toks) and not _breaks(words[i + 1])):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and not _breaks(words[j]):
            j += 1
        runs.append((i, j))
        i = j
    spans: set[tuple[int, int, bool]] = set()
    for a, b in runs:
        for x in range(a, b):
            for y in range(x + 1, min(b, x + MAX_WORDS) + 1):
                spans.add((x, y, x == a and y == b))
    for (a, b), (c, d) in zip(runs, runs[1:], strict=False):
        if c == b + 1 or (c == b + 2 and words[b + 1] in ("the", "a", "an")):
            if words[b] == "of" and d - a <= MAX_WORDS + 1:
                spans.add((a, d, True))
    cues = [(k, w) for k, w in enumerate(words) if w in CUE_VERBS or (w.endswith("ed") and len(w) > 4)]
    out = []
    for x, y, whole in sorted(spans):
        if words[y - 1] in COUNT_WORDS:
            continue  # a count alone ("two") is no filler; it only opens one ("two paid assassins")
        out.append(Candidate(toks[x][1], toks[y - 1][2], text[toks[x][1]:toks[y - 1][2]],
                             _features(words, x, y, whole, cues, sentence_rank)))
    return out


def _features(words: list[str], x: int, y: int, whole: bool, cues: list[tuple[int, str]],
              sentence_rank: int) -> list[str]:
    head, first = words[y - 1], words[x]
    prev1 = words[x - 1] if x > 0 else "<s>"
    prev2 = words[x - 2] if x > 1 else "<s>"
    next1 = words[y] if y < len(words) else "</s>"
    next2 = words[y + 1] if y + 1 < len(words) else "</s>"
    n = y - x
    f = [f"h={head}", f"f={first}", f"len={min(n, 5)}", f"p1={prev1}", f"p2={prev2} {prev1}", f"n1={next1}",
         f"n2={next1} {next2}", f"whole={whole}", f"hs={head[-3:]}", f"rank={min(sentence_rank, 4)}",
         f"p1h={prev1}|{head}", f"len_whole={min(n, 5)}|{whole}"]
    f += [f"w={w}" for w in words[x:y - 1]]
    kinds = []
    if head in _PERSON or head.rstrip("s") in _PERSON:
        kinds.append("person_noun")
    if head in _TARGET:
        kinds.append("target_noun")
    if head in _WEAPON or " ".join(words[x:y]) in _WEAPON:
        kinds.append("weapon_word")
    if head in _ATTACKER:
        kinds.append("attacker_noun")
    f += kinds
    if "of" in words[x:y]:
        f.append("has_of")
    before = [w for k, w in cues if k < x and x - k <= 6]
    after = [w for k, w in cues if k >= y and k - y <= 4]
    f.append(f"vb={before[-1] if before else '-'}")
    f.append(f"va={after[0] if after else '-'}")
    if before and after:
        f.append(f"vba={before[-1]}|{after[0]}")
    # the kind of noun with the verb before or after it: "guerrillas attacked" (the doer) against "attacked the
    # guerrillas" or "killed the peasants" (the one it was done to)
    for kind in kinds or ["other"]:
        f += [f"vbk={before[-1] if before else '-'}|{kind}", f"vak={after[0] if after else '-'}|{kind}"]
    return f


@dataclass(slots=True)
class Chooser:
    """A linear model: one weight per (feature, class), an intercept per class, a threshold per role."""
    classes: list[str]
    weights: dict[str, list[float]]
    intercept: list[float]
    thresholds: dict[str, float]

    def probabilities(self, features: list[str]) -> list[float]:
        z = list(self.intercept)
        for feat in features:
            w = self.weights.get(feat)
            if w is not None:
                for k, v in enumerate(w):
                    z[k] += v
        top = max(z)
        e = [math.exp(v - top) for v in z]
        s = sum(e)
        return [v / s for v in e]


class _RelevanceTable(TypedDict):
    weights: dict[str, float]
    intercept: float
    threshold: float


class _Tables(TypedDict, total=False):
    classes: list[str]
    weights: dict[str, list[float]]
    intercept: list[float]
    thresholds: dict[str, float]
    relevance: _RelevanceTable


@lru_cache(maxsize=1)
def _tables() -> _Tables | None:
    """`tables/role_chooser.json` parsed once for both models (1.5 MB), or None when it has not been built."""
    if not WEIGHTS_FILE.is_file():
        return None
    raw: _Tables = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return raw


@lru_cache(maxsize=1)
def chooser() -> Chooser | None:
    """The trained chooser, or None when `tables/role_chooser.json` has not been built."""
    raw = _tables()
    if raw is None:
        return None
    return Chooser(raw["classes"], raw["weights"], raw["intercept"], raw["thresholds"])


@dataclass(slots=True)
class Relevance:
    """A linear model over a report's words and word pairs: does it tell of an attack (not of politics,
    of combat between armed forces, or of an attack only recalled)?"""
    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, text: str) -> float:
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in report_features(text))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_WORD = re.compile(r"[^\W\d_][\w'-]*")


def report_features(text: str) -> set[str]:
    """Words and adjacent word pairs of a report, lower case."""
    ws = [w.lower() for w in _WORD.findall(text)]
    return set(ws) | {f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)}


@lru_cache(maxsize=1)
def relevance() -> Relevance | None:
    """The trained relevance model, or None when `tables/role_chooser.json` has none."""
    tables = _tables()
    raw = tables.get("relevance") if tables else None
    return Relevance(raw["weights"], raw["intercept"], raw["threshold"]) if raw else None


def tells_of_attack(text: str) -> bool:
    """True unless the relevance model rates the report below its threshold (True without a model)."""
    model = relevance()
    return model is None or model.probability(text) >= model.threshold


def choose(cands: list[Candidate], model: Chooser, limit: int = 4) -> RoleFillers:
    """Per role, the candidates the model rates above the role's threshold (the likeliest role of each
    candidate, "none" aside), best first; of overlapping
    candidates only the best is kept, and at most `limit` per role."""
    scored: list[Filler] = []
    for c in cands:
        probs = model.probabilities(c.features)
        k = max((k for k, r in enumerate(model.classes) if r in model.thresholds), key=probs.__getitem__)
        role = model.classes[k]
        if probs[k] >= model.thresholds[role]:
            scored.append(Filler(role, c.text, c.start, c.end, probs[k]))
    scored.sort(key=lambda f: -f.probability)
    out = RoleFillers()
    taken: list[tuple[int, int]] = []
    for f in scored:
        if any(f.start < b and a < f.end for a, b in taken):
            continue
        kept = out.by_role.setdefault(f.role, [])
        if len(kept) < limit and f.text.lower() not in (k.text.lower() for k in kept):
            kept.append(f)
            taken.append((f.start, f.end))
    return out


def role_fillers(text: str, sentence_spans: list[tuple[int, int, int]], limit: int = 4) -> RoleFillers:
    """The role fillers of the sentences (index in the report, start, end) of `text`; empty when no chooser
    is built."""
    model = chooser()
    if model is None:
        return RoleFillers()
    cands = [c for rank, a, b in sentence_spans for c in candidates(text, a, b, rank)]
    return choose(cands, model, limit)
