"""What a nationality word modifies, for `extract.country_choice`: the report's country is where it happened,
and a nationality word says that less when it names an armed party (which may act abroad: "French troops",
"Ethiopian raiders") or foreigners as such ("Rwandan refugees", "Pakistani nationals") than when it names the
people or places attacked ("Kenyan civilians", "a Malian village")."""
from __future__ import annotations

# the head of an armed party, a force or its weapons ("French special forces", "Somali militia", "Ugandan jets")
ARMED_HEADS = (
    "troops", "troop", "forces", "force", "soldiers", "soldier", "army", "armed forces", "military", "militia",
    "militias", "militiamen", "militants", "raiders", "rebels", "rebel", "fighters", "gunmen", "bandits",
    "jets", "jet", "aircraft", "aircrafts", "warplanes", "warplane", "planes", "drones", "drone", "helicopters",
    "helicopter", "gunships", "artillery", "navy", "air force", "commandos", "paratroopers", "contingent",
    "peacekeepers", "battalion", "tribesmen", "herdsmen", "cattle raiders", "insurgents", "jihadists",
)
# people named as foreigners where they are ("Rwandan refugees", "a Chinese national", "six French tourists")
FOREIGNER_HEADS = (
    "refugees", "refugee", "nationals", "national", "citizens", "citizen", "tourists", "tourist", "migrants",
    "migrant", "expatriates", "expatriate", "workers", "worker", "engineers", "engineer", "aid workers",
    "hostage", "hostages", "diplomat", "diplomats", "embassy", "consulate", "ambassador", "journalist",
    "journalists", "traders", "trader", "truck drivers", "fishermen", "asylum seekers",
)
# words that may stand between the nationality word and its head ("French special forces", "Kenyan armed police")
MODIFIERS = ("special", "elite", "regular", "government", "state", "security", "defence", "defense", "armed",
             "border", "allied", "federal", "national", "air", "ground", "military", "intelligence", "naval",
             "and", "or", "ethnic", "suspected", "alleged", "two", "three", "four", "five", "six", "several")
# what a capital does when it stands for its government ("Washington is pressing both sides", "Moscow condemned")
# a capital after one of these is where something happened, not the government speaking
PLACE_PREPOSITIONS = ("in", "at", "near", "from", "of", "outside", "inside", "to", "into", "around", "across",
                      "towards", "toward", "over", "on", "off", "beyond", "within")
AUXILIARIES = ("is", "are", "was", "were", "has", "have", "had", "will", "would", "may", "might", "could")
GOVERNMENT_VERBS = (
    "said", "says", "say", "saying", "pressing", "pressed", "presses", "press", "urged", "urges", "urging", "warned",
    "warns", "warning", "condemned", "condemns", "condemning", "denied", "denies", "accused", "accuses", "called",
    "calls", "calling", "demanded", "demands", "threatened", "threatens", "vowed", "vows", "insisted", "insists",
    "rejected", "rejects", "responded", "responds", "blamed", "blames", "announced", "announces", "imposed",
    "sanctioned", "welcomed", "welcomes", "criticised", "criticized", "expressed", "pledged", "pledges",
    "backed", "backs", "supports", "supported", "wants", "wanted", "sought", "seeks", "hopes", "hoped",
    "believes", "believed", "claims", "claimed", "declined", "refused", "recalled", "summoned", "approved",
)
