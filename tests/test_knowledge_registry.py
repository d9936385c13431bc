"""The actor registry and the knowledge validator, on the real RAND names and on small bad files."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from estimative.knowledge import (
    KnowledgeError,
    curated_events,
    estimative_bands,
    estimative_term,
    load_registry,
    name_key,
    places,
    registry,
    validate,
    weapon_terms,
)
from estimative.model import WEAPON_CLASSES

NOT_ACTORS = {"", "unknown", "other"}  # RAND's placeholders for an unnamed perpetrator


@pytest.fixture(scope="module")
def rand_names(data_dir: Path) -> Counter[str]:
    with open(data_dir / "rand_rdwti" / "rand_rdwti_1968_2009.csv", encoding="utf-8", newline="") as f:
        return Counter(row["Perpetrator"] for row in csv.DictReader(f))


def test_every_rand_perpetrator_with_three_incidents_resolves(rand_names: Counter[str]) -> None:
    frequent = [n for n, count in rand_names.items() if count >= 3 and n.strip().casefold() not in NOT_ACTORS]
    unresolved = [n for n in frequent if registry().resolve(n) is None]
    assert len(frequent) > 300
    assert unresolved == []


@pytest.mark.parametrize("names", [
    ["FARC", "Revolutionary Armed Forces of Colombia (FARC)", "Fuerzas Armadas Revolucionarias de Colombia (FARC)"],
    ["Al Qaeda", "al-Qaeda", "al-Qa'ida", "al-Qaida"],
    ["Mahdi Army", "al-Mahdi Army", "Jaysh al-Mahdi"],
    ["Tanzim QaÕidat al-Jihad fi Bilad al-Rafidayn", "Tanzim Qa'idat al-Jihad fi Bilad al-Rafidayn", "AQI"],
    ["ETA", "Basque Fatherland and Freedom (ETA)"],
    ["Hamas", "Hamas (Islamic Resistance Movement)"],
    ["Kurdish Workers Party (PKK)", "PKK/KONGRA-GEL", "PKK/KADEK"],
    ["Liberation Tigers of Tamil Eelam (LTTE)", "Liberation Tigers of Tamil eelam (LTTE)", "LTTE"],
    ["Red Army Faction (RAF)", "Baader-Meinhof Group"],
])
def test_rand_spellings_of_one_group_share_an_id(names: list[str]) -> None:
    ids = {name: getattr(registry().resolve(name), "id", None) for name in names}
    assert None not in ids.values(), ids
    assert len(set(ids.values())) == 1, ids


@pytest.mark.parametrize("name", [
    "Unknown", "unknown", "Other", "", "   ", "Brigade of the Purple Moon",
    "United Freedom Front (UFF)",  # a shared three-letter acronym does not decide alone
])
def test_placeholders_and_invented_names_resolve_to_none(name: str) -> None:
    assert registry().resolve(name) is None
    assert registry().ref(name).id is None


def test_acronyms_are_never_vowel_folded() -> None:
    # ONLF (Ogaden, Ethiopia) and UNLF (Manipur, India) differ only in a vowel.
    assert registry().resolve("Ogaden National Liberation Front (ONLF)").id == "onlf"
    assert registry().resolve("ONLF").id == "onlf"
    assert registry().resolve("UNLF").id != "onlf"


def test_shouted_names_are_words_not_acronyms() -> None:
    assert registry().resolve("FATAH").id == registry().resolve("al-Fatah").id == "fatah"


def test_transliterations_of_kataib_hizballah_resolve_alike() -> None:
    spellings = ["Kata'ib Hizballah", "Kataib Hezbollah", "Kataeb Hezbollah", "Kata’ib Hizbullah", "KATAIB HIZBALLAH"]
    assert {getattr(registry().resolve(s), "id", None) for s in spellings} == {"kataib_hizballah"}


def test_a_successor_inherits_its_predecessors_record() -> None:
    chain = registry().lineage_chain("islamic_state_of_iraq")
    assert chain[0] == "islamic_state_of_iraq"
    assert {"al_qaeda_in_iraq", "jamaat_al_tawhid_wal_jihad", "mujahideen_shura_council_iraq"} <= set(chain)
    assert "islamic_state_of_iraq" in registry().successors("jamaat_al_tawhid_wal_jihad")
    assert "cpi_maoist" in registry().successors("peoples_war_group")  # merged_into points forward


def test_ref_keeps_the_name_as_the_record_gives_it() -> None:
    ref = registry().ref("al-Mahdi Army")
    assert (ref.name, ref.id) == ("al-Mahdi Army", "mahdi_army")
    assert ref.families == registry().families("mahdi_army")


def test_shipped_knowledge_validates_clean() -> None:
    assert validate() == []


def test_curated_events_are_known_the_same_day() -> None:
    for event in curated_events():
        assert event.source == "curated"
        assert event.known_from is not None and event.known_from.date() == event.date_start
        assert all(p.id in registry() for p in event.perpetrators)


# --- the validator on small bad knowledge folders --------------------------------------------

SOURCE = "https://example.org/source"
IRAQ_BOX = {"IRQ": [38.79, 29.10, 48.57, 37.39]}


def write_root(tmp_path: Path, actors: list[dict], places: list[dict] | None = None,
               incidents: list[dict] | None = None, weapon_terms: list[dict] | None = None) -> Path:
    """A minimal knowledge folder laid out like the shipped one."""
    (tmp_path / "actors").mkdir(parents=True)
    (tmp_path / "incidents").mkdir()
    dump(tmp_path / "actors" / "test.yaml", actors)
    dump(tmp_path / "places.yaml", places or [])
    dump(tmp_path / "incidents" / "test.yaml", incidents or [])
    dump(tmp_path / "country_bboxes.yaml", {"source": SOURCE, "boxes": IRAQ_BOX})
    dump(tmp_path / "weapons.yaml", {"classes": list(WEAPON_CLASSES), "terms": weapon_terms or []})
    return tmp_path


def dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def actor(actor_id: str, name: str, **extra: object) -> dict:
    return {"id": actor_id, "name": name, "kind": "militia", "aliases": [], "sources": [SOURCE], **extra}


def incident(**extra: object) -> dict:
    base = {
        "id": "cur-2020-03-11-test", "date": "2020-03-11", "date_precision": "day",
        "place": {"name": "Camp Taji", "country": "IRQ", "lat": 33.52, "lon": 44.26},
        "weapons": [{"class": "rocket", "count": 18}], "targets": [{"type": "military", "affiliations": ["USA"]}],
        "claim": {"status": "unclaimed", "by": None}, "blamed": [], "perpetrator": "kh", "sources": [SOURCE],
    }
    return {**base, **extra}


def test_a_clean_folder_has_no_problems(tmp_path: Path) -> None:
    root = write_root(tmp_path, [actor("kh", "Kata'ib Hizballah")], incidents=[incident()])
    assert validate(root) == []
    [event] = curated_events(root)
    assert event.perpetrators[0].id == "kh"


def test_fold_matches_spelling_variants_in_any_registry(tmp_path: Path) -> None:
    reg = load_registry(write_root(tmp_path, [actor("kh", "Kata'ib Hizballah")]))
    for spelling in ["Kataib Hezbollah", "Kataeb Hezbollah", "Kata`ib Hizbullah", "the Kata'ib Hizballah"]:
        assert getattr(reg.resolve(spelling), "id", None) == "kh", spelling
    assert name_key("al-Qaeda") == name_key("Qaeda") == name_key("Al Qa'ida")


def test_an_alias_shared_by_two_actors_is_an_error(tmp_path: Path) -> None:
    root = write_root(tmp_path, [actor("kh", "Kata'ib Hizballah"), actor("other", "Kataib Hezbollah")])
    with pytest.raises(KnowledgeError, match="kh.*other|other.*kh"):
        load_registry(root)
    assert any("Kataib Hezbollah" in p for p in validate(root))


def test_alias_only_entries_add_aliases_to_an_existing_actor(tmp_path: Path) -> None:
    root = write_root(tmp_path, [actor("kh", "Kata'ib Hizballah"), {"id": "kh", "aliases": ["KH"], "sources": [SOURCE]}])
    assert load_registry(root).resolve("KH").id == "kh"
    orphan = write_root(tmp_path / "orphan", [{"id": "nobody", "aliases": ["X"], "sources": [SOURCE]}])
    with pytest.raises(KnowledgeError, match="nobody"):
        load_registry(orphan)


@pytest.mark.parametrize("where", ["actor", "place", "incident"])
def test_a_missing_source_url_is_reported(tmp_path: Path, where: str) -> None:
    actors = [actor("kh", "Kata'ib Hizballah", sources=[] if where == "actor" else [SOURCE])]
    place = {"id": "camp_taji", "name": "Camp Taji", "kind": "military_base", "country": "IRQ",
             "lat": 33.52, "lon": 44.26, "sources": [] if where == "place" else [SOURCE]}
    root = write_root(tmp_path, actors, places=[place],
                      incidents=[incident(sources=["not a url"] if where == "incident" else [SOURCE])])
    assert [p for p in validate(root) if "no source URL" in p and where in p]


def test_coordinates_outside_the_stated_country_are_reported(tmp_path: Path) -> None:
    tehran = {"lat": 35.69, "lon": 51.39}
    place = {"id": "not_taji", "name": "Not Taji", "kind": "site", "country": "IRQ", "sources": [SOURCE], **tehran}
    bad_place = {"name": "Camp Taji", "country": "IRQ", **tehran}
    root = write_root(tmp_path, [actor("kh", "Kata'ib Hizballah")], places=[place],
                      incidents=[incident(place=bad_place)])
    problems = validate(root)
    assert any(p.startswith("place not_taji") and "outside IRQ" in p for p in problems)
    assert any(p.startswith("incident") and "outside IRQ" in p for p in problems)


@pytest.mark.parametrize("bad", [
    {"perpetrator": "ghost"},
    {"claim": {"status": "claimed", "by": "ghost"}},
    {"blamed": [{"actor": "ghost", "by": "US Department of Defense"}]},
    {"targets": [{"type": "military", "affiliations": ["ghost"]}]},
])
def test_incident_actor_ids_must_be_in_the_registry(tmp_path: Path, bad: dict) -> None:
    root = write_root(tmp_path, [actor("kh", "Kata'ib Hizballah")], incidents=[incident(**bad)])
    assert any("'ghost'" in p for p in validate(root))


def test_unknown_weapon_classes_are_reported(tmp_path: Path) -> None:
    root = write_root(tmp_path, [actor("kh", "Kata'ib Hizballah")],
                      incidents=[incident(weapons=[{"class": "trebuchet"}])],
                      weapon_terms=[{"phrase": "Katyusha", "class": "rocket"}, {"phrase": "ballista", "class": "siege"}])
    problems = validate(root)
    assert any("'trebuchet'" in p for p in problems)
    assert any("'siege'" in p for p in problems)


def test_optional_files_load_empty_and_estimative_bands_cover_boundaries(tmp_path: Path) -> None:
    root = write_root(tmp_path, [actor("kh", "Kata'ib Hizballah")])
    assert places(root) == [] and weapon_terms(root) == []
    dump(root / "estimative.yaml", {"source": SOURCE, "terms": [
        {"term": "unlikely", "low": 0.2, "high": 0.45}, {"term": "remote", "low": 0.0, "high": 0.2},
        {"term": "likely", "low": 0.45, "high": 1.0}]})
    assert [band[0] for band in estimative_bands(root)] == ["remote", "unlikely", "likely"]
    assert estimative_term(0.2, root) == "remote"  # a boundary takes the lower band
    assert estimative_term(0.7, root) == "likely"
    with pytest.raises(ValueError):
        estimative_term(1.5, root)


def test_dataset_country_names_need_iso3_codes_and_sources(tmp_path: Path) -> None:
    root = write_root(tmp_path, [actor("kh", "Kata'ib Hizballah")])
    dump(root / "country_names.yaml", {"names": [
        {"name": "USSR", "iso3": "RUS", "successors": ["RUS", "UKR"], "source": SOURCE},
        {"name": "Ruritania", "iso3": "RUR", "source": SOURCE},
        {"name": "Czechoslovakia", "iso3": "CZE", "successors": ["CZE", "SVQ"]},
    ]})
    problems = [p for p in validate(root) if p.startswith("country_names.yaml")]
    assert any("'Ruritania'" in p and "'RUR' is not ISO3" in p for p in problems)
    assert any("'Czechoslovakia'" in p and "'SVQ' is not ISO3" in p for p in problems)
    assert any("'Czechoslovakia'" in p and "no source URL" in p for p in problems)
    assert not any("'USSR'" in p for p in problems)
