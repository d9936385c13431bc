"""Real RAND and MUC-4 rows (the tuning years / the dev split), scored as the evaluation scores them."""
from __future__ import annotations

from datetime import date

import pytest

from estimative.eval.extraction import muc_templates, naive_baseline, score_rand_row
from estimative.extract import extract


@pytest.mark.parametrize("day,starts", [
    ("2005-10-23", "A suicide car bomber detonated his explosive device"),  # 4 killed incl. a subset, 13 wounded
    ("2005-10-23", "A police colonel and his family were attacked in Tikrit"),  # "him and both sons" + "also killed"
    ("2004-11-02", "A car bomb exploded on Tuesday near the Ministry of Education"),  # vbied, 8 and 29
    ("2005-02-10", "Several mortar shells were fired at the Morag settlement"),  # claimed by the wing of Hamas
    ("2004-05-06", "A pizzeria was completely destroyed"),  # claimed by Clandestini Corsi weeks later
])
def test_real_rand_rows_match_rands_coding_on_every_field(rand_row, day, starts):
    row = rand_row(day, starts)
    incidents = extract(row["Description"], published=row["date"])
    gold = {"city": row["City"], "perpetrator": row["Perpetrator"], "weapon": row["Weapon"],
            "fatalities": int(row["Fatalities"]), "injuries": int(row["Injuries"])}
    assert score_rand_row(gold, incidents[0].to_dict()) == dict.fromkeys(
        ("fatalities", "injuries", "weapon", "city", "perpetrator"), True)


def test_claim_made_weeks_later_does_not_date_the_attack(rand_row):
    row = rand_row("2004-05-06", "A pizzeria was completely destroyed")
    inc = extract(row["Description"], published=row["date"])[0]
    assert inc.date == date(2004, 5, 6) and inc.date_source == "published"


def test_list_of_victims_with_throats_slit(rand_row):
    row = rand_row("2004-07-25", "Militants barged into the home")
    inc = extract(row["Description"], published=row["date"])[0]
    assert (inc.fatalities.best, inc.injuries.best) == (3, 1) and inc.weapons[0].cls == "knife"


def test_naive_baseline_reads_only_the_obvious(rand_row):
    row = rand_row("2005-10-23", "A suicide car bomber detonated his explosive device")
    base = naive_baseline(row["Description"])
    assert base["fatalities"]["best"] == 4 and base["location"]["name"] == "" and base["stated_perpetrator"] is None


@pytest.mark.parametrize("docid,role,filler", [
    ("TST1-MUC3-0046", "PerpOrg", "fmln"),
    ("TST1-MUC3-0082", "Weapon", "mine"),
    ("TST2-MUC4-0004", "Weapon", "dynamite charge"),
])
def test_muc4_dev_documents_fill_their_slots(data_dir, docid, role, filler):
    import json

    with open(data_dir / "muc4" / "dev.json", encoding="utf-8") as f:
        doc = next(d for d in map(json.loads, f) if d["docid"] == docid)
    templates = muc_templates(doc["doctext"], [i.to_dict() for i in extract(doc["doctext"])])
    assert [filler] in templates[0][role]
    gold = [m[0] for t in doc["templates"] for entity in t[role] for m in entity]
    assert filler in gold
