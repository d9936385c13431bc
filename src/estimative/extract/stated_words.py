"""Word lists for what a report states about authorship: claims, denials, blame, assessments and
the struck party (issue #15). Data, not algorithms, as `lexicon` is: `extract.actors` builds its
sentence shapes from these tables and spells no word of its own for them.

Each table names one slot of a shape, so a new way of saying the same thing is a new word here,
not a new pattern: "In <claiming> the attack, X ..." takes any `CLAIMING_VERBS` word; "X <says>
<its> <fighters> ..." any `SPEECH_VERBS`, `SELF_PRONOUNS` and `OWN_FORCES` words.
"""
from __future__ import annotations

# "X said", "X says", "X announced": a speaker's verb.
SPEECH_VERBS = ("said", "says", "say", "stated", "states", "announced", "announces", "declared", "declares",
                "asserted", "asserts", "boasted", "boasts", "touted", "touts", "insisted", "insists")
# "X says it carried out", "they were behind": the speaker speaking of itself.
SELF_PRONOUNS = ("it", "they", "its", "their")
# "X said its fighters ...": the speaker's own forces.
OWN_FORCES = ("fighters", "militants", "members", "men", "forces", "mujahideen", "units", "soldiers", "troops",
              "commandos", "cells", "operatives", "martyrdom seekers", "fighter", "militant", "member")
# What the speaker says it did: "carried out", "was behind", "targeted".
OWN_DEEDS = ("carried out", "conducted", "was behind", "were behind", "attacked", "fired", "launched", "targeted",
             "killed", "struck", "hit", "shot down", "ambushed", "detonated", "stormed", "executed", "downed",
             "bombed", "shelled", "raided")
# "In claiming the attack, X ...": a participle that makes the next subject the claimant.
CLAIMING_VERBS = ("claiming", "claiming responsibility for", "taking responsibility for", "announcing",
                  "acknowledging")
# "those responsible were assessed to have been X": the verbs of an assessment of authorship.
ASSESSING_VERBS = ("assessed", "believed", "thought", "judged", "determined", "suspected", "understood", "found",
                   "said", "reported", "presumed", "considered", "alleged")
# Who "those responsible" are in a report: the subject of such an assessment.
RESPONSIBLE_SUBJECTS = ("those responsible", "the perpetrators", "the attackers", "the assailants", "the gunmen",
                        "the bombers", "the militants", "the culprits", "those behind the attack", "the attacker",
                        "the perpetrator", "the bomber", "the gunman")
# "a Turkish drone strike", "the Houthi attack": an actor's name before these nouns is their author.
STRIKE_NOUNS = ("strike", "strikes", "air strike", "air strikes", "airstrike", "airstrikes", "drone strike",
                "drone strikes", "missile strike", "missile strikes", "raid", "raids", "air raid", "air raids",
                "bombardment", "shelling", "attack", "attacks", "offensive", "ambush", "rocket attack",
                "rocket attacks", "missile attack", "missile attacks", "drone attack", "drone attacks")
# "killing seven members of X", "wounding two soldiers of X": X is the struck party.
VICTIM_VERBS = ("killing", "killed", "kill", "kills", "wounding", "wounded", "injuring", "injured", "targeting",
                "targeted", "hitting", "hit", "striking", "struck", "destroying", "destroyed", "abducting",
                "abducted", "kidnapping", "kidnapped", "attacking", "attacked", "ambushing", "ambushed")
VICTIM_NOUNS = ("members", "member", "officers", "officer", "commanders", "commander", "fighters", "fighter",
                "advisers", "advisors", "personnel", "soldiers", "soldier", "troops", "leaders", "leader",
                "generals", "general", "officials", "official", "staff", "guards", "diplomats", "militants")
# Words that end a victim phrase before a new clause: "two others wounded when members of X attacked"
# makes X the attacker, not a victim.
CLAUSE_WORDS = ("when", "while", "as", "after", "before", "by", "on", "to", "and", "but", "who", "which", "that",
                "upon", "because", "since", "until", "where")
# A state named as such is an author only in the closest shapes: its name the subject of one of these
# ("Iran claimed", "Turkey carried out"), or the object of a blame verb ("blamed Turkey").
STATE_CLAIM_VERBS = ("claimed responsibility", "claimed credit", "took responsibility", "acknowledged",
                     "admitted", "announced that it", "said that it", "said it")
STATE_BLAME_VERBS = ("blamed", "blames", "blaming", "accused", "accuses", "accusing",
                     "attributed the attack to", "attributed the strike to", "attributed it to", "suspected",
                     "suspects", "pointed the finger at")
# "stopped by Afghan troops", "defused by police": who responds to an attack, not its author.
# ("captured", "released", "shot down" are left out: groups capture, release and shoot down too.)
RESPONSE_VERBS = ("arrested", "detained", "stopped", "defused", "dismantled", "intercepted", "repelled", "repulsed",
                  "rescued", "found", "discovered", "foiled", "thwarted", "evacuated", "cordoned off",
                  "secured", "surrounded", "recovered", "neutralized", "neutralised", "deactivated", "apprehended",
                  "questioned", "investigated", "escorted", "guarded", "protected", "treated", "confirmed",
                  "reported", "condemned")
# "held Syria responsible": these take the state as object only before "responsible".
HOLDING_VERBS = ("held", "holds", "hold", "holding")
# A state's name after these is a place: "a mosque in Kurram, Afghanistan killed ...".
PLACE_PREPOSITIONS = ("in", "at", "near", "from", "to", "into", "of", "across", "inside", "outside", "over",
                      "throughout", "within", "on", "via", "towards", "toward", "through", "around", "between")
# An unclaimed attack: "no (individual) group has claimed".
NO_CLAIMANT_QUALIFIERS = ("individual", "single", "other", "known", "specific", "particular", "immediate")
# A possessive is a party's belonging, never its act: "Iran's consulate".
POSSESSIVE = ("'s", "’s")
# "Ahl al-Marouf claimed responsibility": the predicate after a claimant's name (the name need not be
# in the actor registry; the text itself names it).
CLAIM_PREDICATES = ("claimed responsibility", "claimed credit", "claims responsibility", "claims credit",
                    "has claimed responsibility", "have claimed responsibility", "took responsibility",
                    "has taken responsibility", "accepted responsibility", "claimed the attack",
                    "claimed the attacks", "claimed the bombing", "claimed the killing", "claimed the incident",
                    "claimed the incidents")
# "sources attributed the attack to <name>", "suspected the involvement of <name>": the words before a
# stated perpetrator's name.
BLAME_SLOTS = ("attributed the attack to", "attributed the attacks to", "attributed the incident to",
               "attributed the incidents to", "attributed the bombing to", "attributed the killing to",
               "attributed the assault to", "attributed the abduction to", "attributed the kidnapping to",
               "attributed it to", "attributed to", "blamed the attack on", "blamed the attacks on",
               "blamed the incident on", "blamed the bombing on", "blamed the killing on", "blamed it on",
               "suspected the involvement of", "suspect the involvement of", "suspected involvement of",
               "suspected the involvement of the")
# "sources suspected that <name> was involved": the words after it.
BLAME_AFTER_NAME = ("was involved", "were involved", "was responsible", "were responsible", "was behind",
                    "were behind", "carried out the attack", "perpetrated the attack")
# Words that end a stated name read from the words after a blame slot.
NAME_STOPS = ("and", "to", "over", "because", "saying", "accusing", "citing", "who", "which", "that", "as", "after", "because", "in", "on", "for", "but", "while", "with",
              "when", "since", "following", "amid", "although", "though", "whom", "whose", "both", "jointly",
              "all", "each", "also", "separately")
# Nouns that name no one in particular: "sources attributed the attack to militants" states no author.
ANONYMOUS_AUTHORS = ("militants", "militant", "gunmen", "gunman", "assailants", "assailant", "attackers", "attacker",
                     "terrorists", "terrorist", "insurgents", "insurgent", "men", "man", "individuals", "individual",
                     "persons", "person", "people", "unknown", "unidentified", "criminals", "criminal", "bandits", "gang", "gangs",
                     "group", "groups", "a group", "elements", "suspects", "perpetrators", "culprits", "youths",
                     "armed men", "unknown gunmen", "unidentified gunmen", "one", "someone", "somebody", "it",
                     "they", "them", "he", "she", "no one", "nobody", "no group", "the group", "the same group",
                     "the attack", "this", "these", "those", "police", "security forces", "authorities", "fact",
                     "the fact")
# A clause's subject that opens with one of these is no name: "No group claimed", "Although no group claimed",
# "Multiple groups claimed", "On 20 October an anonymous group claimed", "A heretofore unknown group ...".
NOT_NAME_OPENERS = ("no", "not", "although", "though", "while", "whereas", "if", "whether", "on", "in", "at", "after",
                    "before", "by", "thus", "so", "multiple", "several", "many", "some", "various", "two", "three",
                    "four", "a", "an", "another", "one", "any", "both", "all", "it", "they", "he", "she", "we",
                    "this", "that", "these", "those", "police", "officials", "authorities", "sources", "nobody",
                    "none", "neither", "each", "every", "later", "since", "until", "meanwhile", "however")
# Words that make a phrase describe the author rather than name it: "an anonymous and unknown group".
NOT_NAME_WORDS = ("unknown", "anonymous", "unidentified", "unnamed", "no", "any", "multiple", "several", "terrorist group",
                  "groups", "heretofore", "previously", "possibly", "probably", "likely", "allegedly")
