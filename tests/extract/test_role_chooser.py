"""The role reader (extract/roles.py) on MUC-4 tuning documents (TST1, TST2; read from ../shared/data at test
time): candidates proposed by rules, chosen by the trained linear model, the same in any casing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from estimative.eval.extraction import _norm
from estimative.extract.roles import candidates, chooser, relevance, role_fillers, tells_of_attack
from estimative.extract.text import nlp, sentences, working_copy


@pytest.fixture(scope="module")
def muc_dev(data_dir: Path) -> dict[str, dict]:
    with open(data_dir / "muc4" / "dev.json", encoding="utf-8") as f:
        return {d["docid"]: d for d in map(json.loads, f)}


def _fillers(text: str) -> dict[str, list[str]]:
    work = working_copy(text)
    spans = [(k, a, b) for k, (a, b) in enumerate(sentences(work, nlp()(work)))]
    found = role_fillers(work, spans)
    return {role: [_norm(t) for t in found.texts(role)] for role in found.by_role}


def _gold(doc: dict, role: str) -> set[str]:
    return {_norm(m[0]) for t in doc["templates"] for entity in t[role] for m in entity}


def test_the_chooser_and_the_relevance_model_are_built():
    model = chooser()
    assert model is not None and set(model.thresholds) == {"PerpInd", "PerpOrg", "Target", "Victim", "Weapon"}
    assert relevance() is not None


def test_candidates_are_every_content_run_and_its_parts():
    text = "guerrillas attacked the santo tomas presidential farm yesterday."
    spans = {c.text for c in candidates(text, 0, len(text))}
    assert {"santo tomas presidential farm", "presidential farm", "farm", "guerrillas"} <= spans
    assert not any(s.startswith("the ") or "attacked" in s for s in spans)


@pytest.mark.parametrize("role", ["Victim", "Target", "Weapon"])
def test_the_chooser_finds_fillers_the_keys_list(muc_dev, role):
    """Across the tuning documents, most fillers the chooser gives for a role are fillers the keys list."""
    right = given = 0
    for doc in list(muc_dev.values())[:60]:
        if not doc["templates"]:
            continue
        got = _fillers(doc["doctext"]).get(role, [])
        given += len(got)
        right += len(set(got) & _gold(doc, role))
    assert given >= 10 and right / given >= 0.4


def test_capitals_change_nothing(muc_dev):
    """Upper-case wire copy reads as the lower-case copy: no feature looks at capitals."""
    doc = next(d for d in muc_dev.values() if d["templates"])
    text = doc["doctext"]
    assert _fillers(text.upper()) == _fillers(text)
    assert _fillers(text)


def test_reports_without_an_attack_are_told_apart(muc_dev):
    relevant = [d for d in muc_dev.values() if d["templates"]]
    other = [d for d in muc_dev.values() if not d["templates"]]
    assert sum(map(tells_of_attack, (d["doctext"] for d in relevant))) / len(relevant) >= 0.8
    assert sum(not tells_of_attack(d["doctext"]) for d in other) / len(other) >= 0.5


def test_a_count_opens_a_filler_but_is_none_alone():
    """ "two paid assassins" is a candidate (MUC-4 keys write the count), "two" alone is not."""
    text = "two paid assassins shot three peasants near the bus terminal."
    spans = {c.text for c in candidates(text, 0, len(text))}
    assert {"two paid assassins", "paid assassins", "three peasants", "peasants"} <= spans
    assert not {"two", "three"} & spans


def test_a_bomb_is_a_candidate_weapon():
    text = "a car bomb exploded outside the embassy."
    spans = {c.text for c in candidates(text, 0, len(text))}
    assert {"car bomb", "bomb", "embassy"} <= spans


def test_the_tables_are_read_once(monkeypatch):
    """The chooser and the relevance model come from one parse of tables/role_chooser.json."""
    from estimative.extract import roles

    calls = []
    real = roles.json.loads
    monkeypatch.setattr(roles.json, "loads", lambda s: calls.append(1) or real(s))
    for cached in (roles._tables, roles.chooser, roles.relevance):
        cached.cache_clear()
    try:
        assert roles.chooser() is not None and roles.relevance() is not None
        assert len(calls) == 1
    finally:
        for cached in (roles._tables, roles.chooser, roles.relevance):
            cached.cache_clear()
