"""The actors the regional ACLED, GTD and UCDP GED files in ../shared/data name (issue #17,
deliverable 1): their name forms resolve through the registry, names that mean "unknown" resolve to
no one, and the families and lineage of the Islamic State and al-Qaeda affiliates hold."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from estimative.knowledge import registry


def _column(path: Path, *names: str) -> Iterator[str]:
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            low = {(k or "").lower(): v for k, v in row.items()}
            for n in names:
                value = (low.get(n) or "").strip()
                if value and not value.startswith("#"):
                    yield value


@pytest.fixture(scope="module")
def dataset_names(data_dir: Path) -> set[str]:
    names: set[str] = set()
    for path in sorted(data_dir.glob("acled_*/*.csv")):
        names.update(_column(path, "actor1", "actor2"))
    names.update(_column(data_dir / "gtd_2021_q1" / "gtd_2021_jan_mar.csv", "gname", "gname2"))
    for folder in ("ucdp_ged_nigeria_1990_2019", "ucdp_ged_iraq_1989_2018"):
        for path in sorted((data_dir / folder).glob("*.csv")):
            names.update(_column(path, "side_a", "side_b"))
    return names


@pytest.mark.parametrize(("name", "actor_id"), [
    ("JNIM: Group for Support of Islam and Muslims", "jnim"),
    ("Jamaat Nusrat al-Islam wal Muslimin (JNIM)", "jnim"),
    ("Islamic State (Greater Sahara)", "isgs"),
    ("Islamic State in the Greater Sahara (ISGS)", "isgs"),
    ("Islamic State (West Africa)", "iswap"),
    ("Boko Haram", "boko_haram"),
    ("Jama'atu Ahlis Sunna Lidda'awati wal-Jihad", "boko_haram"),
    ("Ansaroul Islam", "ansaroul_islam"),
    ("Al Shabaab", "al_shabaab"),
    ("Al-Shabaab", "al_shabaab"),
    ("Khorasan Chapter of the Islamic State", "iskp"),
    ("TTP: Tehreek-i-Taliban Pakistan", "ttp"),
    ("Tehrik-i-Taliban Pakistan (TTP)", "ttp"),
    ("Central Africa Province of the Islamic State", "iscap"),
    ("Ansar al-Sunna (Mozambique)", "ahlu_sunna_wal_jamaa"),
    ("Houthi extremists (Ansar Allah)", "houthis"),
    ("Fulani Ethnic Militia (Mali)", "fulani_ethnic_militias"),
    ("Fulani extremists", "fulani_ethnic_militias"),
    ("Fulani", "fulani_ethnic_militias"),
    ("Military Forces of Mali (2013-)", "mali_forces"),
    ("Military Forces of Burkina Faso (2015-)", "burkina_faso_forces"),
    ("Military Forces of Niger (2011-)", "niger_forces"),
    ("Government of Nigeria", "nigeria_forces"),
    ("Police Forces of Kenya (2013-)", "kenya_forces"),
    ("Military Forces of Mozambique (1990-)", "mozambique_forces"),
    ("Military Forces of Ethiopia (1995-2018)", "ethiopia_forces"),
    ("Military Forces of Afghanistan (2014-)", "afghanistan_forces"),
    ("Military Forces of Pakistan", "pakistan_forces"),
    ("Police Forces of India", "india_forces"),
    ("Government of Turkey", "turkish_forces"),
    ("Government of Iran", "iran_armed_forces"),
])
def test_the_datasets_name_forms_resolve(name: str, actor_id: str, dataset_names: set[str]) -> None:
    assert name in dataset_names, f"{name!r} is no longer in ../shared/data: update this list"
    actor = registry().resolve(name)
    assert actor is not None and actor.id == actor_id, (name, actor)


@pytest.mark.parametrize("name", ["Unknown", "Unidentified Armed Group (Mali)", "Unidentified Armed Group (Kenya)",
                                  "Civilians (Mali)"])
def test_names_that_mean_unknown_are_no_actor(name: str, dataset_names: set[str]) -> None:
    assert name in dataset_names
    assert registry().resolve(name) is None


@pytest.mark.parametrize(("actor_id", "family", "parent"), [
    ("iswap", "Islamic State and affiliates", "islamic_state"),
    ("isgs", "Islamic State and affiliates", "islamic_state"),
    ("iskp", "Islamic State and affiliates", "islamic_state"),
    ("iscap", "Islamic State and affiliates", "islamic_state"),
    ("ahlu_sunna_wal_jamaa", "Islamic State and affiliates", "iscap"),
    ("jnim", "al-Qaeda and affiliates", "al_qaeda"),
    ("al_shabaab", "al-Qaeda and affiliates", "al_qaeda"),
])
def test_affiliates_belong_to_their_family_and_parent(actor_id: str, family: str, parent: str) -> None:
    reg = registry()
    assert family in reg.families(actor_id)
    assert any(link.get("relation") == "part_of" and link.get("actor") == parent for link in reg.get(actor_id).lineage)
