"""Word lists of report English: how reports say killed, wounded, attacked, claimed, blamed.

Data, not algorithms (as spaCy keeps `lang/en/` apart from its pipeline): extractors import
these tables and never spell a word of their own. Knowledge of the world (actors, places,
weapon systems) lives in `estimative/knowledge/`, not here.
"""
from __future__ import annotations

# Words after a number that make it a death count: "three were killed", "leaving 5 dead".
KILLED_WORDS = (
    "killed", "dead", "slain", "died", "murdered", "assassinated", "executed", "beheaded", "decapitated",
    "massacred", "shot dead", "shot to death", "gunned down", "stabbed to death", "burned to death",
    "lynched", "hacked to death", "bludgeoned to death", "fatally wounded", "fatally injured", "fatally shot",
    "lost their lives", "lost his life", "lost her life", "perished", "killed instantly", "confirmed dead",
    "found dead", "left dead", "hanged",
)
INJURED_WORDS = (
    "wounded", "injured", "hurt", "hospitalized", "hospitalised", "maimed", "shot and wounded",
    "shot and injured", "seriously injured", "slightly injured", "critically injured", "sustained injuries",
    "sustained serious injuries", "sustained minor injuries", "suffered injuries", "suffered wounds",
    "treated for injuries", "received injuries", "were injured", "lightly wounded", "severely wounded",
)
# Active verbs that take the victims as object: "killing four people", "wounded three policemen".
KILL_VERBS = ("killing", "killed", "kills", "kill", "slaying", "slew", "murdering", "murdered", "shooting dead",
              "shot dead", "shot and killed", "shooting and killing", "beheading", "beheaded", "executing",
              "executed", "assassinating", "assassinated", "claiming the lives of", "claimed the lives of",
              "left dead", "gunned down", "gunning down", "massacring", "massacred", "stabbed to death",
              "stabbing to death", "fatally wounding", "fatally wounded", "fatally shot", "fatally shooting",
              "beat to death", "beating to death", "shot to death", "shooting to death", "hacked to death",
              "clubbed to death", "bludgeoned to death", "burned to death")
INJURE_VERBS = ("wounding", "wounded", "wounds", "injuring", "injured", "injures", "hurting", "hurt",
                "maiming", "maimed", "shot and wounded", "shooting and wounding", "shot and injured")
# Verbs after which a count and a trailing state word tell the effect: "leaving 5 dead", "left seven injured".
LEAVE_VERBS = ("leaving", "left", "leaves", "with")
# Pronouns as victims: each one person.
SINGULAR_PRONOUNS = ("him", "her", "himself", "herself")
# Determiners that make a following singular noun one person.
SINGULAR_DETERMINERS = ("a", "an", "another", "the", "his", "her", "its", "one", "their", "a local", "an off-duty")
# Nouns that are people (heads of victim phrases): used to tell "a policeman was killed" from "a car was hit".
PERSON_NOUNS = (
    "person", "people", "persons", "man", "men", "woman", "women", "child", "children", "boy", "boys", "girl",
    "girls", "civilian", "civilians", "soldier", "soldiers", "troops", "trooper", "servicemen", "serviceman",
    "service member", "service members", "personnel", "policeman", "policemen", "police officer",
    "police officers", "police", "policewoman", "officer", "officers", "guard", "guards", "official",
    "officials", "worker", "workers", "employee", "employees", "member", "members", "student", "students",
    "teacher", "teachers", "pilgrim", "pilgrims", "passenger", "passengers", "driver", "drivers", "villager",
    "villagers", "resident", "residents", "farmer", "farmers", "bystander", "bystanders", "worshipper",
    "worshippers", "worshiper", "worshipers", "shopper", "shoppers", "journalist", "journalists", "reporter",
    "tourist", "tourists", "contractor", "contractors", "marine", "marines", "militiaman", "militiamen",
    "fighter", "fighters", "militant", "militants", "insurgent", "insurgents", "rebel", "rebels", "guerrilla",
    "guerrillas", "recruit", "recruits", "cadet", "cadets", "commander", "leader", "chief", "mayor", "governor",
    "judge", "doctor", "doctors", "nurse", "monk", "monks", "priest", "priests", "imam", "cleric", "sheikh",
    "engineer", "engineers", "businessman", "businessmen", "merchant", "trader", "traders", "laborer",
    "laborers", "labourers", "sailor", "sailors", "diplomat", "diplomats", "son", "sons", "daughter",
    "daughters", "wife", "husband", "father", "mother", "brother", "brothers", "family", "relatives",
    "bodyguard", "bodyguards", "colonel", "general", "captain", "lieutenant", "sergeant", "major", "private",
    "constable", "constables", "gendarme", "gendarmes", "paramilitary", "paramilitaries", "volunteer",
    "volunteers", "americans", "iraqis", "afghans", "pakistanis", "others", "other", "victims", "victim",
    "individual", "individuals", "patrolman", "patrolmen", "agent", "agents", "infant", "baby", "babies",
    "teenager", "teenagers", "youth", "youths", "elder", "elders", "staff", "crew", "crewmen", "hostage",
    "hostages", "prisoner", "prisoners", "inmate", "inmates", "detainee", "detainees", "citizen",
    "citizens", "national", "nationals", "security personnel", "bomber", "attacker", "attackers", "gunman",
    "gunmen", "assailant", "assailants", "son-in-law", "daughter-in-law", "nephew", "niece", "cousin", "guest",
    "guests", "grandson", "granddaughter", "sister", "sisters", "uncle", "aunt", "companion", "friend", "friends",
    "neighbor", "neighbour", "relative", "assistant", "aide", "aides", "interpreter", "translator", "secretary",
)
# Lead-ins that make a count a subset of a total already given: "including two policemen".
SUBSET_CUES = ("including", "among them", "among whom", "of whom", "of them", "among the dead",
               "among the killed", "among the wounded", "among the injured", "among those killed",
               "among those wounded", "among those injured", "among the victims", "those killed included",
               "the dead included", "the victims included", "the wounded included", "those killed were",
               "the dead were", "the victims were", "the injured were", "the wounded were", "were among")
# Words that make a later count add to an earlier one rather than restate it.
ADDITIVE_CUES = ("also", "another", "other", "others", "more", "additional", "further", "besides", "as well")
# No-casualty statements: (regex fragment, which counts it sets to zero).
NO_CASUALTIES: tuple[tuple[str, str], ...] = (
    (r"\bno (?:one|body|person|people|civilians?|soldiers?|police(?:men)?) (?:(?:was|were|has been|have been) )?"
     r"(?:reported )?(?:killed|dead|hurt|injured|wounded|harmed)(?: or (?:killed|injured|wounded|hurt))?", "either"),
    (r"\bno (?:reported )?(?:casualties|victims|human (?:losses|casualties))", "both"),
    (r"\bno (?:reported )?(?:injuries|injured|wounded)", "injured"),
    (r"\bno (?:reported )?(?:deaths|fatalities|dead|loss of life|one died)", "killed"),
    (r"\bwithout (?:causing )?(?:any )?(?:casualties|injuries|victims)", "both"),
    (r"\b(?:caused|causing|resulted in|resulting in|there were|reported) no (?:\w+ )?(?:casualties|injuries|deaths|fatalities)",
     "both"),
    (r"\bnobody (?:was )?(?:hurt|injured|killed|wounded)", "either"),
    (r"\bnone of (?:the|their|his|its|our)\s+(?:\w+\s+){0,2}?(?:were|was) (?:hurt|harmed)", "either"),
    (r"\bnone of (?:the|their|his|its|our)\s+(?:\w+\s+){0,2}?(?:were|was) (?:injured|wounded)", "injured"),
    (r"\bnone of (?:the|their|his|its|our)\s+(?:\w+\s+){0,2}?(?:were|was) killed", "killed"),
    (r"\b(?:was|were) (?:unhurt|unharmed|not (?:hurt|injured|harmed))", "either"),
    (r"\bescaped (?:unhurt|unharmed|uninjured|without injur)", "either"),
)
# Nouns and verbs that make a sentence about an attack (an "event trigger").
ATTACK_WORDS = (
    "attack", "attacked", "attacks", "attacking", "bomb", "bombs", "bombing", "bombed", "blast", "explosion",
    "exploded", "explodes", "detonated", "detonation", "fired", "firing", "shelled", "shelling", "struck",
    "strike", "strikes", "airstrike", "air strike", "raid", "ambush", "ambushed", "killed", "killing",
    "wounded", "injured", "shot", "shooting", "gunmen", "assassinated", "assassination", "kidnapped",
    "abducted", "kidnapping", "abduction", "hijacked", "set fire", "set ablaze", "torched", "burned",
    "stormed", "launched", "targeted", "targeting", "hit", "rocket", "rockets", "mortar", "mortars",
    "missile", "missiles", "grenade", "car bomb", "suicide", "ied", "roadside", "beheaded", "executed",
    "massacre", "opened fire", "gunfire", "clash", "clashes", "clashed", "bodies", "dead", "arson",
    "incendiary", "molotov", "drone", "stabbed", "hacked",
    # acts RAND records as incidents with no one killed: sabotage, hostage-taking, assault, seizure
    "destroyed", "sabotaged", "blew up", "blown up", "downed", "hostage", "hostages", "held captive",
    "taken captive", "assaulted", "beat", "beaten", "seized", "lynched", "tortured", "threw", "hurled", "lobbed",
    "anthrax", "firecrackers",
    # the other forms of those words, and the words of fighting and of violence against people (ACLED's violent
    # types: battles, remote violence, violence against civilians), which a terse note may use alone ("Police
    # kills OLF insurgent", "ONLF battles Ethiopian military", "soldiers torturing civilians"): forms that tell a
    # deed, not those that as often name an aim or a campaign in news prose ("threatened to kill", "the fight
    # against drug trafficking", "a new offensive", "torture in prisons")
    "kills", "shoot", "shoots", "shot dead", "attackers", "assailants", "ambushes", "raids", "raided",
    "raiders", "bombings", "explosions", "abducts", "kidnaps", "fought", "fighting", "battle", "battles",
    "battled", "skirmish", "skirmishes", "clashing", "exchanged fire", "exchange of fire", "gunfight", "shootout",
    "firefight", "executes", "tortures", "torturing", "raped", "rapes", "beating", "beatings", "flogging",
    "floggings", "amputation", "amputations", "lynching", "mutinied", "repulsed", "repelled", "overran",
    "massacred",
)
# Words that open a clause about something earlier or general, not the reported incident.
BACKGROUND_CUES = (
    "following", "after the", "in retaliation for", "in response to", "in revenge for", "to avenge",
    "comes amid", "came amid", "comes after", "came after", "came a day after", "comes a day after",
    "days after", "weeks after", "a day after", "in the wake of", "since", "previous", "previously",
    "earlier this", "last year", "last month", "last week", "the latest in", "part of a series", "similar",
    "have been", "has been targeting", "are frequent", "is frequent", "are common", "is common",
    "continue to", "continues to", "have left", "has left", "have killed", "has killed", "in recent",
    "over the past", "this year", "so far", "to date", "earlier in", "before that", "prior to",
)
# Openers that start a further, separate incident in the same report.
NEW_INCIDENT_CUES = (
    "in a separate", "in another", "separately", "elsewhere", "meanwhile", "in a second", "in a similar",
    "in an unrelated", "also on", "later that day", "later on", "the same day", "on the same day",
    "in a related", "a second attack", "another attack", "a second bomb", "another bomb", "in addition",
)
# Claim and blame phrasing.
CLAIM_VERBS = ("claimed responsibility", "claimed credit", "claimed the attack", "claimed the bombing",
               "claimed it", "claimed that it", "claimed to have", "claiming responsibility", "took responsibility",
               "taking responsibility", "accepted responsibility", "said it carried out", "said it was behind",
               "said they carried out", "announced its responsibility", "announced responsibility",
               "claimed", "claiming", "responsibility was claimed by", "claim of responsibility")
UNCLAIMED_CUES = ("no one has claimed", "no one claimed", "nobody has claimed", "nobody claimed", "no group has claimed",
                  "no group claimed", "no one has yet claimed", "no group has yet claimed", "not claimed",
                  "no claim of responsibility", "no claims of responsibility", "has not been claimed",
                  "was not claimed", "went unclaimed", "unclaimed", "no responsibility", "not immediately claimed",
                  "no immediate claim", "no one took responsibility", "no group took responsibility",
                  "no organization has claimed", "no organisation has claimed", "no one has taken responsibility",
                  "cannot be identified", "cannot be determined", "could not be identified", "unknown perpetrators",
                  "no one has accepted", "no group has announced", "no one has yet taken")
DENIAL_CUES = ("denied any involvement", "denied involvement", "denied responsibility", "denied any responsibility",
               "denied that it", "denied carrying out", "denied it was", "denied the", "denies", "denied",
               "rejected responsibility", "disavowed")
BLAME_CUES = ("blamed", "blames", "blaming", "accused", "accuses", "attributed", "suspected", "suspect",
              "suspects", "believed to be", "believed to have", "thought to be", "likely perpetrated by",
              "perpetrated by", "carried out by", "hallmarks of", "is responsible", "are responsible",
              "was responsible", "were responsible", "responsible for", "behind the attack", "behind the",
              "to blame", "held responsible", "holds responsible", "pointed the finger")
# How texts name unnamed attackers (the perpetrator description, MUC-4 "PerpInd").
ATTACKER_NOUNS = ("gunmen", "gunman", "militants", "militant", "insurgents", "insurgent", "rebels", "rebel",
                  "guerrillas", "guerrilla", "terrorists", "terrorist", "attackers", "attacker", "assailants",
                  "assailant", "bombers", "bomber", "suicide bomber", "suicide bombers", "kidnappers", "abductors",
                  "armed men", "masked men", "unknown men", "unidentified men", "gang", "extremists",
                  "separatists", "jihadists", "fighters", "mob", "men", "individuals", "persons", "youths",
                  "paramilitaries", "death squad", "urban guerrillas", "subversives", "criminals", "hitmen",
                  "snipers", "sniper", "terrorist commando", "commando")
ATTACKER_MODIFIERS = ("suspected", "unknown", "unidentified", "armed", "heavily armed", "masked", "alleged",
                      "islamist", "islamic", "maoist", "separatist", "sunni", "shiite", "shia", "tamil", "kurdish",
                      "baloch", "chechen", "muslim", "hindu", "urban", "several", "two", "three", "four", "five")
# Target nouns -> target type.
TARGET_TYPES: dict[str, str] = {
    "base": "military", "military base": "military", "air base": "military", "airbase": "military",
    "camp": "military", "barracks": "military", "soldier": "military", "soldiers": "military",
    "troops": "military", "army": "military", "military": "military", "convoy": "military",
    "coalition": "military", "service member": "military", "service members": "military",
    "servicemen": "military", "personnel": "military", "marines": "military", "military vehicle": "military",
    "outpost": "military", "checkpoint": "police", "patrol": "police", "police": "police",
    "police station": "police", "policeman": "police", "policemen": "police", "police officer": "police",
    "police officers": "police", "officers": "police", "police post": "police", "police checkpoint": "police",
    "gendarmes": "police", "constable": "police", "embassy": "diplomatic", "consulate": "diplomatic",
    "diplomat": "diplomatic", "diplomats": "diplomatic", "diplomatic": "diplomatic", "ambassador": "diplomatic",
    # a government's armed forces are military, whatever the word before them ("government troops")
    "government troops": "military", "government forces": "military", "government soldiers": "military",
    "government army": "military", "government security forces": "military", "state forces": "military",
    "ministry": "government", "minister": "government", "government": "government", "official": "government",
    "officials": "government", "governor": "government", "mayor": "government", "council": "government",
    "parliament": "government", "lawmaker": "government", "judge": "government", "court": "government",
    "courthouse": "government", "municipal": "government", "town hall": "government", "politician": "government",
    "party": "political", "candidate": "political", "election": "political", "polling": "political",
    "market": "civilians", "marketplace": "civilians", "bazaar": "civilians", "civilians": "civilians",
    "civilian": "civilians", "people": "civilians", "residents": "civilians", "villagers": "civilians",
    "home": "civilians", "house": "civilians", "residence": "civilians", "village": "civilians",
    "family": "civilians", "children": "civilians", "wedding": "civilians", "funeral": "civilians",
    "mosque": "religious", "church": "religious", "temple": "religious", "shrine": "religious",
    "synagogue": "religious", "pilgrims": "religious", "worshippers": "religious", "cleric": "religious",
    "monastery": "religious", "school": "education", "schools": "education", "teacher": "education",
    "teachers": "education", "students": "education", "university": "education", "college": "education",
    "bank": "business", "shop": "business", "store": "business", "restaurant": "business", "hotel": "business",
    "company": "business", "office": "business", "businessman": "business", "cafe": "business",
    "factory": "business", "contractor": "business", "contractors": "business", "supermarket": "business",
    "pipeline": "infrastructure", "power line": "infrastructure", "power station": "infrastructure",
    "power plant": "infrastructure", "electricity": "infrastructure", "tower": "infrastructure",
    "bridge": "infrastructure", "oil": "infrastructure", "refinery": "infrastructure", "railway": "infrastructure",
    "rail": "infrastructure", "telephone": "infrastructure", "water": "infrastructure", "dam": "infrastructure",
    "bus": "transportation", "train": "transportation", "airport": "transportation", "airline": "transportation",
    "aircraft": "transportation", "plane": "transportation", "ferry": "transportation", "taxi": "transportation",
    "minibus": "transportation", "journalist": "media", "journalists": "media", "reporter": "media",
    "newspaper": "media", "television": "media", "radio station": "media", "aid workers": "ngo",
    "aid worker": "ngo", "charity": "ngo", "ngo": "ngo", "united nations": "ngo", "red cross": "ngo",
    "hospital": "health", "clinic": "health", "doctor": "health", "tourists": "tourists", "tourist": "tourists",
    "militia": "armed group", "militiamen": "armed group", "headquarters": "government",
    "green zone": "diplomatic", "tanker": "infrastructure", "vessel": "maritime", "ship": "maritime",
}
# Verb phrases by which the text tells the weapon without naming it ("gunmen opened fire" is
# small arms, "a blast" an explosive). Weapon names and nouns are in knowledge/weapons.yaml.
WEAPON_CUES: tuple[tuple[str, str], ...] = (
    (r"\bfir(?:ed|ing) (?:on|at|upon)\b|\bcame under (?:heavy )?fire\b", "small_arms:weak"),
    # no weapon named: RAND's recent coding (2003-2005) reads an ambush or an assassination as a shooting
    # (ambush 33 Firearms : 16 Unknown, assassination 27 : 4); an explosive named beside it wins ("weak")
    (r"\bambush(?:ed|es|ing)?\b|\bassassinat(?:ed|ion|ions|ing|e)\b", "small_arms:weak"),
    # a fight with guns told without naming them (tuning years: 35 Firearms : 8 Unknown when nothing else is named)
    (r"\barmed attack\b|\bgun ?battle\b|\bgunfight\b|\bfire-?fight\b|\bshoot-?out\b|\bexchange of fire\b"
     r"|\bexchanged fire\b|\bat gunpoint\b", "small_arms:weak"),
    (r"\bopen(?:ed|s|ing)? fire\b|\bgunned down\b|\b(?:was|were|been|being) shot\b|\bshot (?:and|to death|at)\b"
     r"|\bfir(?:ed|ing) shots\b|\bshots\b|\bgunshot wounds?\b"
     r"|\bshot in the\b|\bsprayed with bullets\b|\barmed (?:men|assailants|attackers|militants|gunmen|group)\b"
     r"|\b(?:long-barrel(?:l)?ed|automatic|light|heavy|small) weapons\b|\bcartridges\b|\bshell casings\b",
     "small_arms"),
    (r"\bblasts?\b|\bexplosions?\b|\bexplod(?:ed|es|ing)\b|\bdetonat(?:ed|es|ing|ion)\b|\bblew up\b|\bbombed\b"
     r"|\bwent off\b|\bblown up\b|\bblowing up\b|\bblasted\b", "ied"),
    (r"\bshell ?fire\b|\bshelled\b|\bshells? (?:was |were |had been )?(?:fired|fell|landed|lobbed)\b"
     r"|\bfir(?:ed|ing) (?:\w+ ){0,2}?shells\b", "artillery"),
    (r"\bdynamit(?:e|ed|ing)\b", "ied"),
    (r"\bfire[- ]?bomb(?:s|ed|ings?)?\b|\bpetrol[- ]bomb(?:s|ed|ings?)?\b", "arson"),
    (r"\bset (?:it|them|the \w+|\w+) (?:alight|ablaze|on fire)\b|\bgas canisters\b|\b(?:in)?flammable liquid\b"
     r"|\bburn(?:t|ed|ing) (?:down )?(?:the )?(?:huts|houses|homes|vehicles|cars|buildings|trucks|shops)\b", "arson"),
    (r"\bblew (?:himself|herself|themselves)(?: (?:and|along with) (?:his|her|their) \w+)? up\b|\bdetonated (?:himself|herself|themselves|his|her)\b"
     r"|\bsuicide (?:car )?bomb(?:er|ers|ing|ings)?\b|\bsuicide (?:mission|operation|attack|attacker)s?\b",
     "suicide_bomb"),
    (r"\bexplosives?[- ](?:laden|packed|filled|rigged) (?:car|vehicle|truck|van|minibus|motorcycle)\b"
     r"|\b(?:car|vehicle|truck) (?:packed|laden|rigged|loaded|filled) with explosives\b|\bbomb-laden\b"
     r"|\bmotorcycle bomb\b|\bbicycle bomb\b", "vbied"),
    (r"\bslit(?:ting)? (?:his|her|their|the) throats?\b|\bthroats? (?:were |was |had been )?slit\b"
     r"|\bhack(?:ed|ing) to death\b|\bbehead(?:ed|s)?\b"
     r"|\bdecapitat(?:ed|ion)\b|\bstabbed to death\b|\bknifed\b", "knife"),
    (r"\bset alight\b|\bburn(?:ed|t)? (?:down|to the ground)\b|\b(?:set|sets|setting) (?:a )?fire to\b|\btorching\b|\bon fire\b"
     r"|\barsonists?\b|\b(?:was|were) (?:partially |completely )?burned\b|\bset ablaze\b|\bdoused\b",
     "arson"),
)
