"""Training of the role chooser (extract/roles.py) on the MUC-4 tuning keys: DEV (train.json) and TST1+TST2
(dev.json) of ../shared/data/muc4; TST3+TST4 (test.json) is never read here.

Each candidate span of a document is labelled with the role whose key lists it as a filler (normalised
as the slot scorer normalises), else "none". A multinomial logistic regression is fitted on DEV; each
role's threshold is the one that maximises the document-level filler F1 on TST1+TST2; the model is then
refitted on all tuning documents and written as plain weights to extract/tables/role_chooser.json.

    python -m estimative.eval.muc_roles ../shared/data
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from estimative.eval.extraction import MUC_ROLES, _norm, load_muc
from estimative.extract.roles import (
    WEIGHTS_FILE,
    Candidate,
    Chooser,
    Relevance,
    candidates,
    choose,
    report_features,
)
from estimative.extract.text import nlp, sentences, working_copy

MIN_FEATURE_COUNT = 3
MIN_WEIGHT = 0.03
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)


@dataclass(slots=True)
class LabelledDoc:
    cands: list[Candidate]
    labels: list[str]
    gold: dict[str, set[str]]


def labelled(doc: dict) -> LabelledDoc:
    """The document's candidates, each with the role whose key names it (or "none")."""
    text = working_copy(doc["doctext"])
    gold: dict[str, set[str]] = {r: set() for r in MUC_ROLES}
    for t in doc.get("templates", []):
        for role in MUC_ROLES:
            for entity in t.get(role, []):
                gold[role].update(_norm(m[0]) for m in entity)
    cands = [c for rank, (a, b) in enumerate(sentences(text, nlp()(text))) for c in candidates(text, a, b, rank)]
    labels = [next((r for r in MUC_ROLES if _norm(c.text) in gold[r]), "none") for c in cands]
    return LabelledDoc(cands, labels, gold)


def fit(docs: list[LabelledDoc], thresholds: dict[str, float]) -> Chooser:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for d in docs for c in d.cands for f in set(c.features))
    vocab = {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT))}
    rows, cols, y = [], [], []
    for d in docs:
        for c, label in zip(d.cands, d.labels, strict=True):
            ks = sorted({vocab[f] for f in c.features if f in vocab})
            rows.append(ks)
            y.append(label)
    indptr = [0]
    for ks in rows:
        cols += ks
        indptr.append(len(cols))
    x = csr_matrix(([1.0] * len(cols), cols, indptr), shape=(len(rows), len(vocab)))
    model = LogisticRegression(C=0.5, max_iter=300)
    model.fit(x, y)
    classes = [str(c) for c in model.classes_]
    names = sorted(vocab, key=vocab.__getitem__)
    weights = {f: [round(float(model.coef_[k][vocab[f]]), 3) for k in range(len(classes))] for f in names}
    weights = {f: w for f, w in weights.items() if any(abs(v) >= MIN_WEIGHT for v in w)}
    return Chooser(classes, weights, [round(float(v), 4) for v in model.intercept_], dict(thresholds))


def filler_f1(model: Chooser, docs: list[LabelledDoc], role: str) -> float:
    """Document-level F1 of the chosen fillers of `role` against the key's fillers."""
    tp = fp = fn = 0
    for d in docs:
        got = {_norm(t) for t in choose(d.cands, model).texts(role)}
        tp += len(got & d.gold[role])
        fp += len(got - d.gold[role])
        fn += len(d.gold[role] - got)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def fit_relevance(docs: list[dict], threshold: float = 0.5) -> Relevance:
    """Bag of words and word pairs -> does the key hold a template."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(report_features(d["doctext"]), 1) for d in docs])
    y = [bool(d.get("templates")) for d in docs]
    model = LogisticRegression(C=0.3, max_iter=500)
    model.fit(x, y)
    names = vec.get_feature_names_out()
    weights = {str(f): round(float(w), 3) for f, w in zip(names, model.coef_[0], strict=True) if abs(w) >= MIN_WEIGHT}
    return Relevance(weights, round(float(model.intercept_[0]), 4), threshold)


def train_relevance(data_dir: Path) -> float:
    """Fit on DEV, choose the threshold on TST1+TST2 (accuracy), refit on both; store beside the chooser."""
    dev, tst12 = load_muc(data_dir, "train"), load_muc(data_dir, "dev")
    first = fit_relevance(dev)

    def accuracy(t: float) -> float:
        return sum((first.probability(d["doctext"]) >= t) == bool(d.get("templates")) for d in tst12) / len(tst12)

    best = max((0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6), key=accuracy)
    final = fit_relevance(dev + tst12, best)
    raw = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    raw["relevance"] = {"weights": final.weights, "intercept": final.intercept, "threshold": final.threshold}
    WEIGHTS_FILE.write_text(json.dumps(raw, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    return accuracy(best)


def train(data_dir: Path) -> dict[str, float]:
    dev = [labelled(d) for d in load_muc(data_dir, "train")]
    tst12 = [labelled(d) for d in load_muc(data_dir, "dev")]
    first = fit(dev, {r: 0.5 for r in MUC_ROLES})
    chosen: dict[str, float] = {}
    for role in MUC_ROLES:
        best = max(THRESHOLDS, key=lambda t: filler_f1(
            Chooser(first.classes, first.weights, first.intercept, {**first.thresholds, role: t}), tst12, role))
        chosen[role] = best
    final = fit(dev + tst12, chosen)
    WEIGHTS_FILE.write_text(json.dumps({"classes": final.classes, "intercept": final.intercept,
                                        "thresholds": final.thresholds, "weights": final.weights},
                                       separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    return chosen


if __name__ == "__main__":  # pragma: no cover
    if "--relevance" not in sys.argv:
        print(train(Path(sys.argv[1])))
    print("relevance accuracy on TST1+TST2:", train_relevance(Path(sys.argv[1])))
