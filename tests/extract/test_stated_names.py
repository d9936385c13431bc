"""Authors the text names in a claim or blame slot are read whether or not the actor registry knows
them (issue #15): GTD January 2021 summaries (the tuning month, read from ../shared/data at test time)
that write "X claimed responsibility" or "sources attributed the attack to X"."""
from __future__ import annotations

import re

from estimative.eval.coded import field_accuracy
from estimative.eval.gtd import load_gtd
from estimative.extract import extract

_CLAIM = re.compile(r"\bclaimed responsibility\b")
_BLAME = re.compile(r"\battributed the (?:attack|incident) to\b|\bsuspected the involvement of\b")



def test_named_claimants_and_blamed_groups_of_gtd_january(data_dir):
    rows = [r for r in load_gtd(data_dir, "tune") if r.perpetrator]
    claimed = [r for r in rows if _CLAIM.search(r.text) and not re.search(r"\bNo group", r.text)]
    blamed = [r for r in rows if _BLAME.search(r.text)]
    assert len(claimed) > 50 and len(blamed) > 100
    assert field_accuracy(claimed, "perpetrator") >= 0.85
    assert field_accuracy(blamed, "perpetrator") >= 0.85


def test_descriptions_are_no_names():
    text = ("A bomb exploded outside a bank in Hamburg on 3 May 1995. Although no group claimed responsibility, "
            "police suspected that a well-known gang was behind the attack.")
    inc = extract(text)[0]
    assert inc.claimant is None and inc.stated_perpetrator is None
    assert inc.claim_status == "unclaimed"


def test_a_unit_named_with_its_registry_group_keeps_the_group_id():
    # The Islamic State's East Asia Province claimed the 24 August 2020 Jolo bombings, which killed 15 people
    # (https://www.thejakartapost.com/seasia/2020/08/25/is-militants-claim-responsibility-for-sulu-blasts.html).
    text = ("Two bombs exploded in Jolo, Sulu, Philippines, on 24 August 2020, killing 15 people. The East Asia "
            "Province of the Islamic State claimed responsibility for the bombings.")
    inc = extract(text)[0]
    assert inc.claim_status == "claimed"
    assert inc.claimant is not None and inc.claimant.id == "islamic_state"
