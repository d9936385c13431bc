"""Masking: the model never sees a perpetrator's name or a sentence that says who did it."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from estimative.analysis.attribution_features import MASK, default_masker, drop_claims
from estimative.knowledge import registry


def _all_aliases() -> list[tuple[str, str]]:
    return [(a.id, n) for a in registry().actors for n in [a.name, *a.aliases]]


def test_every_registry_alias_is_masked() -> None:
    masker = default_masker()
    missed = []
    for actor, alias in _all_aliases():
        text = f"On Tuesday {alias} fighters attacked a checkpoint near the market, killing two guards."
        masked = masker.mask(text)
        if alias in masked or MASK not in masked or "checkpoint near the market" not in masked:
            missed.append((actor, alias, masked))
    assert not missed, missed[:10]


def test_acronyms_are_masked_only_in_capitals() -> None:
    masker = default_masker()
    assert masker.mask("IS fighters seized the town.") == f"{MASK} fighters seized the town."
    kept = "The town is calm and eta is unknown."
    assert masker.mask(kept) == kept


def test_spelling_variants_are_masked_but_similar_words_are_not() -> None:
    masker = default_masker()
    assert "Hezbolla" not in masker.mask("Gunmen from Hizbullah fired on a patrol.")
    assert "homes" in masker.mask("Rockets damaged several homes in the village.")


def test_the_records_own_name_is_masked_even_when_the_registry_lacks_it() -> None:
    masker = default_masker()
    text = "Members of the Obscure Liberation Cell (OLC) bombed a bank; OLC fighters fled."
    masked = masker.mask(text, extra=("Obscure Liberation Cell (OLC)",))
    assert "Obscure" not in masked and "OLC" not in masked and "bombed a bank" in masked


@pytest.mark.parametrize("claim", [
    "The Brigades claimed responsibility for the attack.",
    "Later the group took responsibility for the blast.",
    "In a statement posted online, the organisation said it carried out the bombing.",
    "Police blamed the rebels for the explosion.",
    "Responsibility was claimed by a previously unknown faction.",
    "The attack was claimed by the group in a video.",
])
def test_claim_sentences_are_dropped(claim: str) -> None:
    text = f"A bomb exploded at a bus station in the north, killing four people. {claim} Police closed the road."
    kept = drop_claims(text)
    assert kept == "A bomb exploded at a bus station in the north, killing four people. Police closed the road."


def test_run_on_sentences_are_split_before_dropping_claims() -> None:
    text = "Gunmen killed a contractor in Kirkuk.The attack was claimed by a council of groups."
    assert drop_claims(text) == "Gunmen killed a contractor in Kirkuk."


_CLAIM_WORDS = re.compile(r"claimed responsibility|took responsibility|claimed credit|responsibility for", re.I)


def test_rand_test_incidents_carry_no_gold_name_and_no_claim(rand: pd.DataFrame, rand_test: pd.DataFrame) -> None:
    raw = rand.set_index("event_id")["perpetrator"]
    leaks = []
    for event_id, text in zip(rand_test["event_id"], rand_test["text"], strict=True):
        name = raw[event_id]
        if _CLAIM_WORDS.search(text) or (len(name) >= 4 and name.casefold() in text.casefold()):
            leaks.append((name, text))
    assert len(rand_test) > 3000
    assert not leaks, leaks[:5]
