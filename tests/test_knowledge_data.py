"""The shipped knowledge data: region actors, UCDP actors, places, weapons, estimative bands.

Everything goes through `estimative.knowledge`; the UCDP names come from the real file in
../shared/data. Red lines have no loader function yet, so their test reads the file from the
loader's own knowledge root.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from estimative.knowledge import default_root, estimative_term, places, registry, validate, weapon_terms
from estimative.model import WEAPON_CLASSES

FORMATS_DOC = Path(__file__).resolve().parents[1] / "docs" / "knowledge-formats.md"
UCDP_FILE = Path("ucdp_ged_syria") / "ucdp_ged191_syria_2016_2019.csv"
NOT_AN_ACTOR = "Civilians"  # UCDP's side_b of one-sided violence


def canonical_region_ids() -> list[str]:
    """The ids listed under "Canonical actor ids (region)" in docs/knowledge-formats.md."""
    text = FORMATS_DOC.read_text(encoding="utf-8").split("## Canonical actor ids (region)", 1)[1]
    text = text.split("use them):", 1)[1].split("\n## ", 1)[0]
    text = re.sub(r"\([^)]*\)", " ", text)  # drop the explanatory parentheses
    return [item.strip().rstrip(".") for item in text.split(",") if item.strip()]


@pytest.fixture(scope="module")
def ucdp_actor_names(data_dir: Path) -> set[str]:
    with open(data_dir / UCDP_FILE, encoding="utf-8", newline="") as f:
        return {name.strip() for row in csv.DictReader(f) for side in ("side_a", "side_b")
                for name in row[side].split(",") if name.strip()}


def test_every_canonical_region_id_exists() -> None:
    ids = canonical_region_ids()
    assert len(ids) >= 39 and all(re.fullmatch(r"[a-z_]+", i) for i in ids), ids
    missing = [i for i in ids if i not in registry()]
    assert missing == []


def test_every_region_actor_has_a_family_and_a_source() -> None:
    for actor_id in canonical_region_ids():
        actor = registry().get(actor_id)
        assert actor.families, actor_id
        assert any(s.startswith("http") for s in actor.sources), actor_id


@pytest.mark.parametrize(("spellings", "actor_id"), [
    (["Kata'ib Hizballah", "Kataib Hezbollah", "Kataeb Hezbollah", "Kata'ib Hezbollah", "Hezbollah Brigades", "KH"],
     "kataib_hizballah"),
    (["Harakat Hezbollah al-Nujaba", "Harakat Hizballah al-Nujaba", "al-Nujaba", "Nujaba", "HHN"],
     "harakat_hezbollah_al_nujaba"),
    (["Asa'ib Ahl al-Haq", "Asaib Ahl al Haq", "AAH", "League of the Righteous"], "asaib_ahl_al_haq"),
    (["Kata'ib Sayyid al-Shuhada", "Kataib Sayyid al-Shuhada", "KSS"], "kataib_sayyid_al_shuhada"),
    (["Ansar Allah", "Houthis", "Houthi movement"], "houthis"),
    (["IS", "ISIS", "ISIL", "Daesh", "Islamic State of Iraq and the Levant"], "islamic_state"),
    (["ISKP", "ISIS-K", "Islamic State Khorasan Province"], "iskp"),
    (["Hayat Tahrir al-Sham", "HTS", "Tahrir al-Sham"], "hts"),
    (["SDF", "Syrian Democratic Forces"], "sdf"),
    (["Popular Mobilization Forces", "PMF", "Hashd al-Shaabi"], "popular_mobilization_forces"),
    (["US forces", "U.S. military", "American forces", "CENTCOM", "Government of United States of America"],
     "us_forces"),
    (["Islamic Resistance in Iraq"], "islamic_resistance_in_iraq"),
])
def test_spelling_variants_resolve_to_one_id(spellings: list[str], actor_id: str) -> None:
    resolved = {s: getattr(registry().resolve(s), "id", None) for s in spellings}
    assert set(resolved.values()) == {actor_id}, resolved


def test_every_ucdp_syria_actor_resolves(ucdp_actor_names: set[str]) -> None:
    assert len(ucdp_actor_names) >= 79
    unresolved = sorted(n for n in ucdp_actor_names if n != NOT_AN_ACTOR and registry().resolve(n) is None)
    assert unresolved == []


def test_ucdp_civilians_is_not_an_actor(ucdp_actor_names: set[str]) -> None:
    assert NOT_AN_ACTOR in ucdp_actor_names
    assert registry().resolve(NOT_AN_ACTOR) is None


@pytest.mark.parametrize(("ucdp_name", "actor_id"), [
    ("Government of Syria", "syrian_government_forces"),
    ("Government of Iran", "iran_armed_forces"),
    ("Government of Iraq", "iraqi_security_forces"),
    ("Government of Turkey", "turkish_forces"),
    ("Government of Israel", "israel_defense_forces"),
    ("Government of Jordan", "jordanian_armed_forces"),
    ("IS", "islamic_state"),
    ("PIJ", "palestinian_islamic_jihad"),
    ("Levant Front", "levant_front"),
    ("Al-Jabha al-Shamiyyah", "levant_front"),  # the same front, in Arabic
])
def test_ucdp_names_map_to_the_expected_ids(ucdp_name: str, actor_id: str) -> None:
    assert getattr(registry().resolve(ucdp_name), "id", None) == actor_id


def test_hts_inherits_the_nusra_line_and_is_inherits_isi() -> None:
    assert {"jabhat_fateh_al_sham", "jabhat_al_nusra"} <= set(registry().lineage_chain("hts"))
    assert "islamic_state_of_iraq" in registry().lineage_chain("islamic_state")
    assert "mahdi_army" in registry().lineage_chain("saraya_al_salam")


def test_places_are_many_sourced_and_inside_their_country() -> None:
    entries = places()
    assert len(entries) >= 60
    assert len({p.id for p in entries}) == len(entries)
    assert [p for p in validate() if p.startswith("place ")] == []


def test_bases_hosting_us_forces_are_known_by_their_usual_names() -> None:
    by_name = {n.casefold(): p for p in places() for n in [p.name, *p.aliases]}
    for name in ["Ain al-Asad Air Base", "Camp Taji", "Tower 22", "al-Tanf", "Al Udeid Air Base", "Harir Air Base"]:
        assert "USA" in by_name[name.casefold()].hosts, name


@pytest.mark.parametrize(("p", "term"), [
    (0.7, "likely"), (0.5, "roughly even chance"), (0.97, "almost certain"),
    (0.03, "almost no chance"), (0.1, "very unlikely"), (0.3, "unlikely"), (0.9, "very likely"),
])
def test_icd203_terms(p: float, term: str) -> None:
    assert estimative_term(p) == term


def test_every_weapon_class_has_a_phrase() -> None:
    terms = weapon_terms()
    assert len(terms) >= 150
    assert {cls for _, cls in terms} == set(WEAPON_CLASSES)
    lookup = {phrase.casefold(): cls for phrase, cls in terms}
    assert (lookup["katyusha"], lookup["car bomb"], lookup["suicide vest"], lookup["shahed-136"]) == (
        "rocket", "vbied", "suicide_bomb", "drone")


def test_red_lines_follow_their_documented_schema() -> None:
    data = yaml.safe_load((default_root() / "red_lines.yaml").read_text(encoding="utf-8"))
    lines = data["red_lines"]
    assert len({r["id"] for r in lines}) == len(lines) >= 5
    for line in lines:
        assert line["level"] in {"limited", "significant", "major"}, line["id"]
        assert line["description"], line["id"]
    assert {"us_service_member_killed", "state_strikes_state_forces", "strike_on_diplomatic_facility"} <= {
        r["id"] for r in lines}
