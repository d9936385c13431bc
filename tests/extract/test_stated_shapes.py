"""Claims, denials, blame and stated perpetrators in their common shapes (issue #15), each name
through the registry's `resolve`. Texts written here about real incidents; sources in comments."""
from __future__ import annotations

from datetime import date

import pytest

from estimative.extract import extract

# (text, published, claim status, claimant id, stated perpetrator id)
SHAPES = [
    # https://www.geo.tv/latest/513600-israel-strikes-lebanon-after-hezbollah-hits-shebaa-farms
    ("In claiming the attack, Hezbollah said its fighters fired guided rockets at three Israeli army posts in the "
     "Shebaa Farms on Sunday.", date(2023, 10, 8), "claimed", "hezbollah", None),
    # https://pressafrik.com/Mali-Iyad-Ag-Ghali-revendique-la-double-attaque-et-affirme-avoir-tue-plus-de-80-soldats_a206238.html
    ("An al-Qaeda linked group says it carried out the attack on the army camp at Boulikessi, Mali, that killed "
     "dozens of soldiers.", date(2019, 10, 8), "claimed", "al_qaeda", None),
    ("JNIM said its fighters attacked the army camps at Boulikessi and Mondoro in central Mali on 30 September.",
     date(2019, 10, 8), "claimed", "jnim", None),
    # https://globalnews.ca/news/8143902/islamic-state-claims-kabul-airport-attack/
    ("The Khorasan Chapter of the Islamic State claimed responsibility for the suicide bombing at Kabul airport "
     "that killed about 170 people.", date(2021, 8, 27), "claimed", "iskp", None),
    # https://www.centcom.mil/MEDIA/NEWS-ARTICLES/News-Article-View/Article/2109615/coalition-casualties-in-iraq/
    ("Rockets struck Camp Taji, Iraq, on 11 March 2020, killing three coalition personnel. At the time of writing, "
     "no individual group has claimed responsibility.", date(2020, 3, 12), "unclaimed", None, None),
    # https://www.aljazeera.com/news/2024/3/6/suspected-houthi-attack-ship-gulf-of-aden-yemen?traffic_source=rss
    ("A missile hit the cargo ship True Confidence off Aden on Wednesday. There was no immediate claim of "
     "responsibility.", date(2024, 3, 6), "unclaimed", None, None),
    # http://blog.thedailybeast.com/boko-haram-burns-kids-alive-86-dead (after AP)
    ("Suspected Boko Haram militants killed 86 people in the village of Dalori near Maiduguri, Nigeria, on "
     "Saturday.", date(2016, 1, 31), "unknown", None, "boko_haram"),
    ("Gunmen killed 86 people in Dalori near Maiduguri, Nigeria, on Saturday. Nigerian officials blamed Boko "
     "Haram for the attack.", date(2016, 1, 31), "unknown", None, "boko_haram"),
    # https://www.longwarjournal.org/archives/2018/05/state-adds-islamic-state-in-the-greater-sahara-to-terrorist-list.php
    ("Four US soldiers were killed in an ambush near Tongo Tongo, Niger, on 4 October. Those responsible were "
     "assessed to have been ISGS fighters.", date(2017, 10, 20), "unknown", None, "isgs"),
    ("Four US soldiers were killed in an ambush near Tongo Tongo, Niger, on 4 October. US officials attributed "
     "the ambush to the Islamic State in the Greater Sahara.", date(2017, 10, 20), "unknown", None, "isgs"),
    # https://www.kurdistan24.net/en/news/d6f3be2d-88af-46c6-8929-168aab4e39a4
    ("Iran carried out missile attacks on US military bases in Iraq on 8 January 2020, hitting Ain al-Asad air "
     "base.", date(2020, 1, 8), "claimed", "iran_armed_forces", "iran_armed_forces"),
    # https://www.rferl.org/a/syria-iranian-commader-killed-damascus-israeli-strike/32886686.html
    ("An air strike destroyed Iran's consulate in Damascus on 1 April 2024, killing seven members of the Islamic "
     "Revolutionary Guard Corps. Iran blamed Israel for the strike.", date(2024, 4, 2), "unknown", None,
     "israel_defense_forces"),
]


@pytest.mark.parametrize(("text", "published", "status", "claimant", "stated"), SHAPES,
                         ids=[f"{i}-{s[2]}-{s[3] or s[4]}" for i, s in enumerate(SHAPES)])
def test_each_shape_is_read(text: str, published: date, status: str, claimant: str | None,
                            stated: str | None) -> None:
    inc = extract(text, published=published)[0]
    assert inc.claim_status == status
    assert (inc.claimant.id if inc.claimant else None) == claimant
    assert (inc.stated_perpetrator.id if inc.stated_perpetrator else None) == stated


@pytest.mark.parametrize("text", [
    # https://www.rferl.org/a/syria-iranian-commader-killed-damascus-israeli-strike/32886686.html
    "An air strike destroyed Iran's consulate in Damascus on 1 April 2024, killing seven members of the Islamic "
    "Revolutionary Guard Corps.",
    # http://blog.thedailybeast.com/boko-haram-burns-kids-alive-86-dead (after AP)
    "Gunmen attacked Dalori near Maiduguri, Nigeria, and were repelled by Nigerian troops hours later.",
])
def test_struck_parties_responders_and_places_are_not_authors(text: str) -> None:
    inc = extract(text, published=date(2024, 4, 2))[0]
    assert inc.claimant is None and inc.stated_perpetrator is None
