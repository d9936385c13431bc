"""Casualty wording in English: the token patterns and word lists `extract/casualties.py` reads counts with.

Data, not algorithm (as spaCy keeps `lang/en/` tables apart from its matchers): each entry is a regular
expression source or a word set; `casualties.py` compiles them once with `tables.compile_pattern`. A
comment above an entry shows the phrasing it is for.
"""
from __future__ import annotations

import re

from estimative.extract import lexicon as lx
from estimative.extract.numbers import NUMBER
from estimative.extract.tables import alternation

NUM = re.sub(r"\(\?P<\w+>", "(?:", NUMBER)

SING = r"(?:an?|another|the|his|her|its|their|a\s+local|an\s+off-duty)"

NUMX = rf"(?:{NUM}|{SING})"

# words a victim phrase never runs over; nor an attack noun before a count ("During the attack seven people were
# killed": the seven are the subject, not "the attack seven people")
STOP_NP = (
    r"(?:was|were|is|are|had|has|have|been|being|when|after|while|as|and|or|but|who|which|that|by|during|"
    r"killing|wounding|injuring|leaving|in|at|near|on|from|with|to|into|inside|outside|for|between|the\s+attack|"
    r"reportedly|also|later|all|both|each|found|said|says|say|told|according)\b"
    # a dash standing alone joins two clauses ("a battle between the two groups - 53 Turkana people were killed")
    r"|[-–—](?=\s)"
    rf"|(?:attacks?|assaults?|raids?|ambush|blasts?|explosions?|bombings?|clash(?:es)?|fighting|incidents?)\s+(?={NUM}\b)"
)

NPWORD = rf"(?!{STOP_NP})(?:[\w'’.\-()\[\]]|/(?=\w))+"  # ("29 EDF/ERPDF soldiers killed"; not "houses/ 6 killed")

NP = rf"(?:{NPWORD}\s+){{0,8}}?"

# any manner of death the note names: "burnt to death", "speared to death", "macheted to death", "stoned to death"
# (not "sentenced to death": a court's verdict)
TO_DEATH = (r"(?:(?!(?:sentenced|condemned|scared|frightened|starved)\b)[a-z]{3,}ed|beaten|burnt|bitten|trodden|"
            r"driven|frozen)\s+to\s+death")

KILLED = rf"(?:{alternation(lx.KILLED_WORDS)}|{TO_DEATH})"

INJURED = alternation(lx.INJURED_WORDS)

# "French troops neutralised 3 AQIM rebels", "Twenty jihadists were neutralised": the word the Sahel's armed forces
# use for enemies put out of action. ACLED's own notes gloss it "neutralized (killed/captured)"; its codebook gives
# no rule of its own for the word, and codes the deaths its sources report, as reported
# (https://acleddata.com/knowledge-base/faq-fatalities/). On the tuning notes (before 2019) ACLED coded every
# "neutralised" group whose size the note gives as that many dead (3 of 3), and a device neutralised ("an IED was
# neutralized") as none. So people neutralised are read as killed, and only people: the victim must be a person
# noun or a name (never a count of things).
NEUTRALISED = ("neutralised", "neutralized", "neutralising", "neutralizing")

# quotation marks a note puts around a word it reports ("was 'neutralised' by military forces")
QUOTES = "'‘’\"“”"

AUX = (
    r"(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|got|being|reportedly|reported|later|also|all|" \
       r"(?:known|reported|believed|said|thought|feared)\s+to\s+have\s+been|(?:have|has|had)\s+(?:\w+ly\s+)+been|" \
       r"both|each|initially|subsequently|allegedly|critically|seriously|severely|lightly|slightly|badly|" \
       r"fatally|instantly|immediately|confirmed|found|left|feared)\s+)*"
)

# "At least eight people, including the bomber, were killed", "Five people, two of them Soviet Jews, three of them
# Italians, were injured": the asides are part of the subject, closed by a comma or not
SUBJECT_RE = (
    rf"\b(?P<num>{NUMX})\s+(?P<np>{NP})(?:(?P<head>{NPWORD})(?:,\s*(?:(?:including|among\s+them|"
                        rf"(?:{NUM}|most|many|all|some|half|several)\s+of\s+(?:them|whom))\s"
                        rf"[^,.;]{{1,60}}?|[^,.;]{{1,60}}?\s+among\s+them))+,?\s*)?"
                        rf"{AUX}(?P<verb>{KILLED}|{INJURED}|{alternation(NEUTRALISED)})\b"
)


# the present tense of headlines and telegraphic notes: "Al Shabaab executes 15 farmers", "Gunmen behead a chief"
PRESENT_KILL_VERBS = ("executes", "murders", "beheads", "assassinates", "massacres", "shoots dead", "guns down", "gun down",
                      "slaughters", "slaughtered", "slaughtering", "lynches")

VERBS = alternation(lx.KILL_VERBS + lx.INJURE_VERBS + NEUTRALISED + PRESENT_KILL_VERBS)

# (not "9 killed including 7 policemen": what follows "including" is a part of the count before the verb)
OBJECT_RE = (
    rf"\b(?P<verb>{VERBS}|(?:the\s+)?(?:killings?|slayings?|deaths?|murders?|massacre|assassination)\s+of|"
                       rf"claim(?:ed|ing)\s+the\s+life\s+of|slit(?:ting|s)?\s+the\s+throats?\s+of)\s+(?!including\b|incl\b)"
)

LEAVE_RE = (
    rf"\b(?P<lead>leaving|left|leaves|with|and)\s+(?P<num>{NUM})\s+(?P<np>{NP})(?:people\s+)?"
                      rf"(?P<verb>dead|killed|wounded|injured|hurt)\b"
)

LEFT_AND = (
    rf"\b(?:leaving|left|leaves)\s+(?P<num>{NUM})\s+(?:(?!(?:dead|killed|wounded|injured|hurt)\b)"
                       rf"[\w'’\-]+\s+){{0,3}}?$"
)

BODIES_RE = (
    rf"\b(?:bod(?:y|ies)|corpses?|remains)\s+of\s+(?P<num>{NUMX})\s+(?P<np>{NP}[\w'’.\-]+)"
                       rf"|\b(?P<num2>{NUM})\s+(?:[\w'’.\-]+\s+){{0,2}}?(?:bodies|corpses)\b"
)

# "The bodies of a judge and an education ministry official and his bodyguard were found": each one named
BODIES_LIST_RE = (
    r"\b(?:the|their)\s+bodies\s+of\s+(?P<list>[^.;()]{3,150}?),?\s+(?:were|had\s+been|have\s+been)\s+"
                            r"(?:later\s+|subsequently\s+)?(?:found|discovered|recovered)"
)

NOUN_RE = (
    rf"\b(?P<num>{NUM})\s+(?:(?:reported|confirmed|civilian|light|minor|serious|severe)\s+)?"
                     rf"(?P<noun>deaths?|fatalities|dead|injuries|injured|wounded|casualties)\b"
                     rf"(?!\s+(?:were|was|squads?|threats?|sentences?|penalty|toll|row|warrants?|camps?|march|list)\b)"
)

BODY_ADJ = r"(?:(?:unidentified|unknown|dead|lifeless|bullet-riddled|mutilated|decapitated|headless|burned|charred|beheaded|decomposed|bound|male|female)\s+)*"

NOUN_GATE = r"(?:deaths?|fatalities|dead|injuries|injured|wounded|casualties)\b"

BODY_FOUND_RE = (
    r"\b(?:(?:[A-Z][\w'-]+|his|her)(?:'s)?\s+(?:(?:dead|lifeless|bullet-riddled|mutilated|decapitated)\s+)?"
                           r"(?:body|corpse|remains)|the\s+body)\s+"
                           r"(?:was|had\s+been)\s+(?:later\s+|subsequently\s+)?(?:found|discovered|recovered)"
                           r"|\b(?:found|discovered|recovered)\s+the\s+(?:dead\s+)?body\s+of\s+(?:[A-Z]|(?:a|an|the)\s)"
                           # "Police recovered an unidentified body", "A bullet-riddled body was recovered", "The body of
                           # X, a councilman, was found": one body found is one death
                           rf"|\b(?:found|discovered|recovered)\s+(?:an?|one)\s+{BODY_ADJ}(?:body|corpse)\b"
                           rf"|\b(?:[Aa]n?|[Tt]he)\s+{BODY_ADJ}(?:body|corpse)\s+(?:of\s+[^.;]{{1,120}}?\s+)?(?:was|has\s+been)\s+"
                           r"(?:later\s+|subsequently\s+)?(?:found|discovered|recovered)"
                           r"|\bslit(?:ting|s)?\s+(?:his|her|(?:a|the)\s+(?:\w+\s+)?\w+'s)\s+throat\b"
                           r"|\bslit(?:ting|s)?\s+the\s+throat\s+of\s+(?:a|an|the|[A-Z])"
                           r"|\b(?:result(?:ed|ing)\s+in|led\s+to|causing)\s+(?:his|her|the\s+\w+(?:'s|’s|Õs))\s+death\b"
)

# words before a bare noun that show it is no victim of the verb before ("shot dead by gunmen")
STOP_BEFORE_BARE = frozenset({"by", "in", "at", "on", "from", "with", "to", "for", "of", "near", "as", "and", "or"})

# what ends a headline's bare victim ("kill man.", "killed civilian in X"; not "killed civilian matatu drivers")
BARE_END = (r"\s*(?:[,.;:()]|$|(?:in|at|on|near|and|during|after|while|when|from|of|with|by|as|outside|inside|who|whom|"
            r"that|they|he|she|[a-z]{3,}ing)\b)")

# a group told before, without its number: "The coal miners were shot", "the hostages", "all of them" (as many as were
# taken, when the report says how many were)
TAKEN_GROUP = r"\s*(?:the|these|those|all\s+(?:of\s+)?the|all\s+of\s+them|they)\b(?:\s+[\w-]+){0,3}\s*$"

# a clause told and ended before a subject: "at least three assailants escaped, the national guard ..."
CLAUSE_ENDED = r"\b[a-z]{3,}ed,\s"

# a body that belongs to someone the sentence names ("his body was found", "Dovo's body", "the body"), not one more
# ("killed a man ... by slitting his throat", "resulting in his death": how the one counted died)
OWNED_BODY = (r"(?:his|her|the|[A-Z][\w'-]+(?:'s|’s))\s+(?:(?:dead|lifeless|bullet-riddled|mutilated|decapitated)\s+)?"
              r"(?:body|corpse|remains)\b|slit(?:ting|s)?\s+(?:his|her)\b|.*\b(?:his|her)\s+death\b")

THEIR_BODIES_RE = (
    # "The kidnappers left the bodies and fled": the hostages died
    r"\b(?:left|dumped|abandoned)\s+(?:the|their)\s+(?:bodies|corpses)\b|"
    r"\b(?:their|the|(?:the\s+)?\w+(?:'|’|Õ)s?)\s+(?:bodies|corpses)\s+(?:of\s+(?:the\s+\w+|[A-Z][\w'’\-]+(?:\s+and\s+|,\s+|\s+)"
                             r"[A-Z][\w'’\-]+(?:,\s*and\s+[A-Z][\w'’\-]+)?),?\s+)?(?:were|had\s+been)\s+"
                             r"(?:later\s+|subsequently\s+)?(?:found|discovered|recovered)|\b(?:were|was)\s+"
                             r"(?:later|subsequently|then)\s+(?:killed|executed|beheaded|found\s+dead|shot\s+dead|murdered)"
                             r"|\bthey\s+were\s+(?:\w+\s+)?found\s+(?:dead|murdered|killed|shot|beheaded|executed)"
                             r"|\band\s+(?:were\s+)?(?:later|subsequently|then)\s+(?:shot\s+dead|killed|executed|beheaded|"
                             r"murdered)"
)

# "One of the attackers was killed, as were two Israeli settlers", "Her guard was killed in the attack as was a
# bystander": the same verb for a second group
AS_WERE_RE = (
    rf"\b(?P<verb>killed|dead|wounded|injured|hurt)(?:\s+(?:in|during|at|by|on)(?:\s+[\w'’\-]+){{1,4}}?)?"
                        rf",?\s+as\s+(?:were|was)\s+(?P<num>{NUMX})\s+"
                        rf"(?P<np>{NP}[\w'’\-]+)"
)

ALONG_WITH_RE = (
    rf"\b(?:killed|dead|died|murdered|executed|assassinated|slain|gunned\s+down|beheaded)"
                           rf"(?:\s+(?!(?:and|were|was|wounded|injured)\b)[\w'’\-]+){{0,5}}?,?\s+(?:along\s+with|as\s+well\s+as|together\s+with)\s+"
                           rf"(?P<num>{NUMX})\s+(?P<np>{NP}[\w'’\-]+)"
)

# where the subject of a passive verb begins: after a clause word, a reporting verb ("The army said 65 fighters and 13
# of its own were killed"), or a clause ended by a verb before "and" ("the forces retaliated and two suspected
# terrorists were killed"); not at "as" in "as well as", "known as", "working as"
SUBJECT_CUT = (
    r"(?:;|:|\bwhen\b|\bafter\b|\bwhile\b|(?<!working )(?<!serving )(?<!employed )"
    r"(?<!worked )(?<!works )(?<!work )(?<!served )(?<!posing )(?<!known )(?<!well )\bas\b(?!\s+well\s+as\b)|\bbut\b|"
    r"\bwho\b|\bwhich\b|\bthat\b|,\s+and\b(?=\s+\w+\s+(?:was|were)\b)|\band\s+(?=\w+\s+(?:was|were)\b)"
    r"|(?<!was )(?<!were )(?<!been )(?<!is )(?<!are )\b(?-i:said|says|reported|reports|claimed|claims|stated|announced|"
    r"confirmed)\b(?!\s+to\b)(?:\s+that\b)?"
    rf"|\b(?!(?:wounded|injured|killed|armed|suspected|alleged|unidentified|detained|abducted|kidnapped)\b)[a-z]{{3,}}ed,?"
    rf"\s+and\b(?=\s+(?:{NUM}|the|his|her|their)\s))"
)

# "shot him dead", "shot a pro-government politician to death", "shot him and his two sons dead": the victims
# between the verb and its result
SHOT_DEAD_RE = (
    rf"\b(?:shot|shooting|beat|beating|stabbed|stabbing|hacked|hacking|clubbed|bludgeoned|stoned|"
                          rf"burned|burnt|burning)\s+(?:(?P<pron>him|her)\s+"
                          rf"(?:and\s+(?P<kin>(?:his|her)\s+[\w'’\-]+(?:\s+[\w'’\-]+)?)\s+)?"
                          rf"|(?P<them>them|all\s+of\s+them|all\s+(?:{NUM}))\s+"
                          rf"|(?P<num>{NUMX})\s+(?P<np>(?:[\w'’\-]+,?\s+){{0,6}}?)"
                          rf"|(?P<name>(?-i:[A-Z])[\w'’\-]+(?:\s+(?-i:[A-Z])[\w'’\-]+){{0,3}}\s+))(?:dead|to\s+death)\b"
)

# "Also killed were Lajevardi's brother and a passerby", "Also killed in the attack was the assistant's son and four
# bodyguards": the verb first, then more victims
ALSO_KILLED_RE = (
    r"\balso\s+(?P<verb>killed|wounded|injured)\s+(?:(?:in|during)\s+(?:the\s+)?[\w-]+\s+)?"
                            r"(?:was|were)\s+(?P<list>[^.;:]+)"
)

ALSO_LIST_END = r"\s(?:when|as|after|while|who|which|during|in\s+the\s+attack|by)\b|\s*\("

ALSO_LIST_SEP = r"\s*,\s*(?:and\s+)?|\s+and\s+"

DIED_RE = r"\b(?P<verb>died|perished|lost\s+their\s+lives)\b"

KIDNAP_RE = (
    r"\b(?P<aux>were|was|had\s+been|have\s+been)\s+(?:\w+\s+)?"
                       r"(?:kidnapped|abducted|taken\s+hostage|seized|captured|taken\s+away|led\s+away|"
                       r"arrested\s+by\s+(?:\w+\s+)?(?:men|gunmen)|detained\s+by\s+(?:\w+\s+)?(?:men|gunmen))\b"
)

# "kidnapped six of the men", "abducted 22 men": as many hostages as the count says
KIDNAP_ACTIVE_RE = (
    rf"\b(?:kidnapped|abducted)\s+(?:all\s+)?(?P<num>{NUM})\s+(?P<np>(?:[\w'’\-]+\s+){{0,3}}?)"
                              rf"(?P<head>[\w'’\-]+)"
)

ANOTHER_DIED_RE = (
    r"\b(?:another|one\s+more|a\s+(?:third|fourth|fifth))\s+(?:\w+\s+)?(?:later\s+)?"
                            r"(?:died|succumbed)\b"
)

DIED_OF_WOUNDS_RES = (
    r"\b(?:later\s+)?(?:died|succumbed)\s+(?:\w+\s+){0,4}?(?:of|from|to|as\s+a\s+result\s+of)\s+"
               r"(?:\w+\s+){0,2}?(?:wounds|injuries)",
    r"\b(?:was|were)\s+(?:\w+\s+){0,2}?(?:injured|wounded)\s+[^.]{0,60}?\band\s+(?:later\s+)?died\b",
)

FINITE = r"\b(?:claimed|said|reported|attacked|opened|fired|threw|shot|was|were|is|are|had|has)\b"

OF_THE_WOUNDED = r"\bof\s+(?:the|those)\s+(?:wounded|injured)\b|\bothers?\b|\bmore\b"

# "the death toll rose to 12"; a coder's own figure: "(fatalities coded as 3)"
TOLL_RE = (rf"\bdeath\s+toll\s+(?:\w+\s+){{0,4}}?(?:to|at|of|reached|hit|is|was)\s+(?P<num>{NUM})"
           rf"|\bfatalit(?:y|ies)\s+(?:(?:was|were|is|are)\s+)?(?:coded|recorded|estimated)\s+(?:as|at)\s+(?P<coded>{NUM})")

# a count told of several attacks at once: "At least 42 people were killed in all four attacks", "the two blasts
# killed nine", "a coordinated double suicide bombing that killed a total of nine", "This was one of four bombings
# ... A total of thirty-six people were killed in all"
ATTACKS = r"(?:attacks|bombings|blasts|incidents|shootings|ambushes|raids)"

FEW = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|separate|multiple)"

SEVERAL_ATTACKS_RE = (
    rf"\b{ATTACKS}\b|\b(?:double|twin|triple|coordinated|simultaneous|combined)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:attack|bombing|blast|explosion)\b"
)

# a sentence about another attack, told for context: "on the same day that twelve explosions killed 152",
# "an encounter ... in which three ULFA members were killed", "two days prior", "The last such attack ... killed 17"
OTHER_ATTACK_RE = (
    r"\b(?:on\s+)?the\s+same\s+(?:day|night|morning|evening|week)\s+(?:that|as|when|in\s+which|and)\b"
    r"|\b(?:days?|weeks?|months?|years?)\s+(?:earlier|prior|ago|before(?=\s*[,.;]))|\bearlier\s+(?:in\s+the|that|this)\s+"
    r"(?:day|week|month|year)\b|\b(?:last|previous|prior|earlier|recent)\s+(?:such\s+)?(?:attack|bombing|incident|"
    r"encounter|clash|assault)\b|\b(?:comes?|came)\s+(?:\w+\s+){0,3}?(?:after|before)\b"
)

TOTAL_RE = r"\b(?:a\s+total\s+of|in\s+total|in\s+all|altogether|combined|together)\b"

ONE_OF_SEVERAL_RE = (
    rf"\bone\s+of\s+(?:at\s+least\s+|about\s+|some\s+)?(?:{FEW}|many|dozens\s+of|a\s+series\s+of)"
                                rf"\s+(?:[\w-]+\s+){{0,3}}?{ATTACKS}\b"
)

SUBSET_RE = rf"(?:{alternation(lx.SUBSET_CUES)})\s*:?\s*$"

# ("a fourth missionary died": one more than the three told)
# (not "as well as": a conjunction, "The two drivers as well as bystanders were shot dead")
ADDITIVE_RE = rf"\b(?:{alternation(lx.ADDITIVE_CUES)}|an?\s+(?:third|fourth|fifth|sixth|seventh|eighth))\b(?!\s+as\b)"

# "police Lt. Col. Abdul Razzaq", "Brig. Gen. X": ranks and titles before a name
TITLE = (
    r"(?:(?:Police\s+)?(?:Dr|Mr|Mrs|Ms|Gen|Col|Lt|Maj|Capt|Sgt|Brig|Cpl|Pvt|Lieutenant|Colonel|Major|Captain|General|"
          r"Brigadier|Sergeant|Sheikh|Sheik|Shaykh|Mullah|Judge|Prof|Imam|Mayor|Governor)\.?\s+)+"
)

TITLE_RE = TITLE

ITEM_RE = (
    rf"(?:all\s+)?(?P<num>{NUMX})\s+(?P<np>(?:{NPWORD}\s+){{0,7}}?{NPWORD})"
    r"(?=\s*(?:,|;|\.|\)|\(|[\"“]|$|\band\b|\bor\b|\bin\b|\bwhen\b|\bas\b|\bnear\b|\bat\b|\bwho\b|\bwhile\b|\bon\b"
    r"|\bwith\b|\bafter\b|\bduring\b|\bincluding\b|\bby\b|\bfrom\b|\boutside\b|\binside\b|\bwhere\b|\bbefore\b"
    r"|\bdespite\b|\bthat\b|\bbut\b|\bthe\s+attack\b|\bto\b|\bof\b|\bfor\b|\bbelonging\b|\bworking\b|\bguarding\b|\bbetween\b|\s[-–—](?=\s)"
    r"|\bdriving\b|\btraveling\b|\btravelling\b|\briding\b|\bwalking\b|\bsitting\b|\bstanding\b"
    r"|\bwaiting\b|\bcarrying\b|\bmanning\b|\bescorting\b|\bpatrolling\b|\bpraying\b|\bplaying\b"
    r"|\bheading\b|\breturning\b|\bleaving\b|\bentering\b|\bprotecting\b|\binstantly\b|\bnearby\b"
    r"|(?<=\s)[a-z]{3,}ing\b))"  # "killed an Iraqi driver transporting supplies": the driver (not "a high-ranking")
    r"|(?:all\s+)?(?P<num_only>" + NUM + r")(?=\s*(?:,|;|\.|\(|$|\band\b|\bin\b|\bwhen\b|\bas\b|\bat\b|\bnear\b|"
    r"\bon\b|\bwhile\b|\bothers?\b|\bpeople\b|\bpersons\b|\s[-–—](?=\s)))"
    r"|(?P<pron>him|her|himself|herself|them|themselves|another|one\s+other)\b"
    r"|(?P<name>(?:" + TITLE + r")?"
    r"[A-Z][\w'’\-]+(?:\s+(?:al-|bin\s+|ibn\s+|de\s+|del\s+|van\s+)?[A-Z][\w'’\-]+){0,4})"
    r"(?=\s*(?:,|;|\.|$|\band\b|\bin\b|\bat\b|\bon\b|\bwho\b|\bwhen\b|\bas\b|\bnear\b|\(|\bafter\b|\bwhile\b"
    # "killed Kosovo MP Ismail Hajdaraj outside his home"
    r"|\bof\s+the\b|\boutside\b|\binside\b|\bfrom\b|\bduring\b|\bwith\b|\bbefore\b|\blate\b|\bearly\b|\blast\b))"
    r"|(?:[A-Z][a-z]+\s+(?=[a-z]))?(?:(?!(?:when|in|at|on|by|as|after|while|during|near|or|of|for|the|to|from|with|who|which|that|"
    r"was|were|is|are|had|has|have|been|before|outside|inside)\b)[a-z][\w-]*(?:\s+|,\s*)){1,5}?(?P<tname>"
    r"(?:" + TITLE + r")?[A-Z][\w'’\-]+(?:\s+(?:al-|bin\s+|ibn\s+|de\s+)?[A-Z][\w'’\-]+){1,4})"
    # "Al-Hurriyah TV correspondent Dina Muhamad Hasan", "Tal Afar local council member, Abdul Kareem Suleiman"
    r"|(?:(?!(?:when|in|at|on|by|as|after|while|during|near|or|and|but|of|for|the|a|an|to|from|with|who|which|that|was"
    r"|were|is|are|had|has|have|been|before|outside|inside|killing|wounding|injuring|leaving|wounded|injured|"
    r"his|her|their|its)\b)[\w'’\-]+,?\s+){1,6}?(?P<dname>(?:" + TITLE + r")?[A-Z][\w'’\-]+"
    r"(?:\s+(?:al-|bin\s+|ibn\s+|de\s+)?[A-Z][\w'’\-]+){1,4})"
    r"(?=\s*(?:,|;|\.|$|\band\b|\bin\b|\bat\b|\bon\b|\bwho\b|\bwhen\b|\bas\b|\bnear\b|\(|\bafter\b|\bwhile\b))"
    r"|(?P<bare>(?:[a-z]+\s+)?(?:" + alternation(lx.PERSON_NOUNS) + r"))\b"
)

SING_RE = SING

THEM_ANTECEDENT = (
    rf"\b(?:shot|kidnapped|abducted|seized|captured|ambushed|attacked|stopped|dragged|took|"
                              rf"fired\s+(?:at|on|upon)|opened\s+fire\s+on|"
                              rf"tortured|handcuffed|blindfolded)\s+(?P<num>{NUM})\s+(?!times\b|rounds\b|shots\b)"
)

KIN = frozenset({"son", "daughter", "wife", "husband", "father", "mother", "brother", "sister", "son-in-law",
                  "daughter-in-law", "nephew", "niece", "cousin", "grandson", "granddaughter", "child", "driver",
                  "bodyguard", "guard", "companion", "friend", "uncle", "aunt", "baby", "infant"})

OF_NAME = rf"\s+(?:of|for|in|at|from)\s+(?:[\w'’\-]+\s+){{0,5}}?[\w'’\-]+(?=\s*,|\s+and\s+(?:his|her|their|{NUM})\s)"

INTENT_BEFORE = (
    r"(?<!managed\s)(?<!proceeded\s)(?<!went\son\s)(?<!able\s)\bto\s+$|\b(?:if|whether)\s+\w+\s+managed\s+to\s+$|\b(?:attempt(?:ed|ing)?|tr(?:ied|ying)|plot(?:ting)?|threat(?:ened|ening)?|"
                            r"intend(?:ed|ing)?|fail(?:ed|ing))\s+(?:to\s+)?$"
)

PASSIVE_BEFORE = r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$"

LIST_SEP = (
    r"\s*(?:,\s*(?:and\s+)?|and\s+|as\s+well\s+as\s+)(?!(?:wounding|injuring|killing|leaving|left|"
                       r"wounded|injured|killed|hurting|a\s+day|then|before|after|(?:the\s+)?(?:injur(?:y|ies)|wounding|deaths?)\s+of)\b)"
)

# people the shared lexicon leaves out that conflict notes name as victims ("3 peacekeepers killed", "two herdsmen")
MORE_PERSON_NOUNS = ("peacekeeper", "peacekeepers", "herder", "herders", "herdsman", "herdsmen", "pastoralist",
                     "pastoralists", "hunter", "hunters", "fisherman", "fishermen", "miner", "miners", "reservist",
                     "reservists", "militia member", "militia members", "chiefs", "shepherd", "shepherds",
                     "vigilante", "vigilantes", "jihadist", "jihadists", "combatant", "combatants", "assailant",
                     "motorist", "motorists", "trader", "herdboy", "councillor", "councilor", "prefect", "gendarme",
                     # "A KANU activist is killed", "another secular blogger hacked to death", "two Somali refugees",
                     # "a village councilman killed", "14 raiders shot", "SDLF suspect killed"
                     "activist", "activists", "blogger", "bloggers", "councilman", "councilmen", "refugee", "refugees",
                     "supporter", "supporters", "raider", "raiders", "bandit", "bandits", "suspect", "suspects",
                     "politician", "politicians", "informant", "informants", "chairman", "commissioner", "lawyer",
                     "lawyers", "pastor", "pastors", "shopkeeper", "shopkeepers", "vendor", "vendors", "smuggler",
                     "smugglers", "poacher", "poachers", "settler", "settlers", "protester", "protesters", "protestor",
                     "protestors", "demonstrator", "demonstrators", "chieftain", "headman", "rider", "riders",
                     "motorcyclist", "cyclist", "parishioner", "parishioners", "catechist", "missionary", "missionaries",
                     "guide", "guides")
PERSON = frozenset(lx.PERSON_NOUNS) | frozenset(MORE_PERSON_NOUNS)

# singular nouns that end in "s" ("the actress was shot": one person, not a plural)
SINGULAR_IN_S = frozenset({"bus", "boss", "actress", "waitress", "hostess"})

# words after a victim that tell where or when, not who ("killed a policeman nearby", "a guard instantly")
TRAILING_ADVERBS = frozenset({"nearby", "inside", "instantly", "immediately", "there", "too", "outright", "later",
                              "earlier", "alone"})

ATTACKERS = frozenset({"assailant", "assailants", "attacker", "attackers", "gunman", "gunmen", "militant",
                        "militants", "insurgent", "insurgents", "rebel", "rebels", "guerrilla", "guerrillas",
                        "guerillas", "guerilla", "terrorist", "terrorists", "kidnapper", "kidnappers", "hijacker",
                        "hijackers", "fighters", "perpetrator", "perpetrators", "suspects", "suspect"})

ANIMALS = frozenset({"sheep", "cattle", "cow", "cows", "horse", "horses", "dog", "dogs", "goat", "goats", "livestock",
                     "camel", "camels", "animal", "animals", "pig", "pigs", "chickens", "donkey", "donkeys", "mule", "mules",
                     "buffalo", "buffaloes", "oxen", "elephant", "elephants"})

NOT_PERSON_HEAD = (
    frozenset({"attack", "bomb", "car", "vehicle", "building", "house", "office", "explosion",
                              "blast", "incident", "device", "area", "station", "convoy", "bus", "truck", "plane",
                              "shop", "store", "school", "mosque", "church", "home", "road", "it", "this", "that"}) | ANIMALS
)

# things counted beside people ("1 killed, along with 761 motorcycles ... seized", "Seven bombs killed"): never victims
COUNTED_THINGS = frozenset({"bombs", "rockets", "mortars", "shells", "cars", "vehicles", "houses", "buildings", "days",
                            "hours", "weeks", "months", "years", "times", "attacks", "explosions", "blasts", "km",
                            "kilometers", "miles", "meters", "motorcycles", "motorbikes", "weapons", "guns", "rifles",
                            "trucks", "homes", "huts", "shops", "rounds", "vessels", "boats", "tons", "kg", "photos",
                            "pictures", "images", "videos", "documents", "letters"})

PASSIVE_RE = (
    r"\b(?P<aux>was|were|is|are|(?<!to\s)(?<!would\s)(?<!could\s)(?<!might\s)(?<!may\s)(?<!must\s)(?<!should\s)(?:has|have)\s+(?:\w+ly\s+)?been)\s+(?:(?:reportedly|allegedly|later|also|then|brutally|fatally|subsequently|"
    r"immediately|instantly|both|all|critically|seriously|severely|slightly|lightly|badly|found)\s+)*"
    r"(?:(?:attacked|ambushed|kidnapped|abducted|captured|seized|shot|stabbed|beaten|tortured|dragged|stopped)"
    r"\s+(?:\w+\s+){0,4}?and\s+(?:later\s+|then\s+)?"
    # "was forcibly removed from his taxi and killed", "was kidnapped, shot, and killed", "were kidnapped from
    # their home, put into a minivan, and then shot": what befell them first, then how it ended
    r"|(?:forcibly\s+)?(?:attacked|ambushed|kidnapped|abducted|captured|seized|stabbed|beaten|tortured|dragged|stopped|"
    r"removed|taken|pulled|forced|led|abused|tied|bound|blindfolded|robbed|taken\s+away|intercepted|detained|held|"
    r"lined|marched|rounded|ordered|made|tracked|hunted|targeted)"
    r"\b(?:(?!\b(?:was|were|is|are|had|has|have|who|which|while|when)\b)[^.;:]){0,80}?,?\s+and\s+"
    r"(?:later\s+|then\s+|subsequently\s+|eventually\s+)?)?(?P<verb>killed|assassinated|murdered|executed|beheaded|decapitated|shot\s+dead|"
    r"shot[\s-]+to[\s-]+death|gunned\s+down|slain|stabbed\s+to\s+death|(?:hacked|chopped)\s+to\s+death|burned\s+to\s+death|"
    r"found\s+dead|found\s+murdered|(?:burned|burnt)\s+alive|hanged|strangled|lynched|pronounced\s+dead|beaten\s+to\s+death|tortured\s+(?:and\s+)?(?:killed|to\s+death)|"
    r"['‘\"“]?neutrali[sz]ed['’\"”]?|wounded|injured|hurt|shot\s+and\s+(?:\w+ly\s+)?wounded|shot\s+and\s+(?:\w+ly\s+)?injured|shot)\b"
    r"(?!\s+(?:and\s+|(?:and\/)?or\s+)?(?:wounded|injured)|(?<=shot)\s+at\b)"
)

SHOT_HURT = r"\bshot\s+and\s+(?:\w+ly\s+)?(?:injured|wounded)\b"

LIMB_SHOT = r"\s+(?:\w+\s+){0,2}?in\s+the\s+(?:legs?|arms?|foot|feet|hands?|shoulders?|knees?|thighs?)\b"

MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"

# a number written beside a month is its day, not a count ("tortured ... on February 13 died at a hospital", "On
# 21 December 2019 French troops neutralised ...")
MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
              r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
DAY_BEFORE = rf"\b{MONTH_NAME}\.?\s+$"
DAY_AFTER = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME}\b"

# "executed a group of 16 pilgrims": as many as the number inside says
GROUP_OF = rf"\s*(?:group|band|party|crowd|batch)\s+of\s+(?P<num>{NUM})\s"

# a second group of the same verb told without a verb of its own, closing the clause: "41 Renamo fighters died and 17
# military soldiers.", "one policeman was killed and 3 militants too", "18 Niger soldiers killed &4 MUJAO."
ELLIPTIC_CONJUNCT = (
    rf"\b(?P<verb>{KILLED}|{INJURED})\s*,?\s*(?:and|&)\s*(?P<num>{NUM})\s+(?P<np>(?:[\w'’/-]+\s+){{0,3}}?)"
    r"(?P<head>[\w'’/-]+)(?:\s+(?:too|as\s+well|also)\b|\s*(?=[.;]|$))"
)

DATE_YEAR = (
    rf"\b(?:{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS},?|"
                        rf"{MONTHS},?)\s+(?:1[89]|20)\d\d\b"
)

# (not "At least 11 assailants and five soldiers, including ...": a count, not an opening phrase)
INTRO = (
    rf"^\s*(?:(?:on|in|at(?!\s+(?:least|most)\b)|during|late|early|(?:around|about)(?!\s+(?:\d|{NUM})\b)|shortly|yesterday|today|last|this|"
                    r"according|meanwhile|however|later|earlier|then)\b[^,]*,\s*)+"
)

KIN_PART = rf"(?:his|her)\s+(?:[\w-]+\s+)?(?:{alternation(sorted(KIN))})"

HURT_WORDS = r"\b(?:wounded|injured|injuries|hurt|hospitali[sz]ed)\b"

SURVIVED = r"\b(?:surviv(?:ed|es|ing)|recuperat\w*|recovering|hospitali[sz]ed|was\s+treated)\b"

SHOT_SURVIVED = (
    r"\b(?:surviv(?:ed|es|ing)|recuperat\w*|recovering|hospitali[sz]ed|in\s+(?:critical|serious|stable)"
                            r"\s+condition|(?:sustained|suffered)\s+(?:\w+\s+){0,2}?(?:injur\w*|wounds?)|(?:he|she)\s+was\s+"
                            r"(?:\w+\s+)?(?:injured|wounded)|(?:seriously|critically|slightly|badly)\s+(?:injured|wounded))\b"
)

NEGATED = r"\b(?:no|none|nobody|neither|nor|not\s+a\s+single)\b(?![^,;]*\band\b)"

KILL_WORDS = r"\b(?:killed|dead|died|death|murdered|assassinated|slain|executed)\b"

CLAUSE_DONE = (
    r"\b(?:was|were)\s+(?:\w+\s+)?(?:killed|wounded|injured|hurt|dead|kidnapped|abducted)\b"
                          r"[^,;]*,\s*(?:and\s+|while\s+|but\s+)?"
)

HEAD_CUT = r"\s+(?:of|in|at|from|for|with|near|on|who|which)\s+"

PARTICIPLE_CUT = r"(?<=\w)\s+(?!(?:during|including)\b)\w{3,}ing\s+(?=(?:the|a|an|his|her|their)\b)"

YEAR_LEAD = r"^\s*(?:1[89]|20)\d\d\b\s*,?\s*"

PARENS = r"\((?:[^()]*)\)"

AND_SPLIT = r"\s*,?\s+and\s+|\s*,?\s+along\s+with\s+|\s*,?\s+as\s+well\s+as\s+|\s*,?\s+together\s+with\s+"

LEAD_NUM = (
    # ("The PPP's two drivers": a possessive before the count)
    rf"\s*(?:the\s+|at\s+least\s+|all\s+|his\s+|her\s+|their\s+)?(?:[\w-]+(?:'s|’s)\s+)?(?P<num>{NUM})\b(?![\s-]+(?:days?|weeks?|months?|years?|"
                       rf"hours?|{MONTHS})\b)"
)

# a subset named beside the count adds no one: "including two children", "among them two children", and the
# aside closed after it, "134 civilians, women and children among them, were killed"
INCLUDING = r",?\s*\b(?:including|among\s+them|among\s+whom)\b.*$|,\s*[^,]{1,60}?\s+among\s+them\b.*$"

# "Four police officers, including the district police chief, and five assailants": an aside of one item closed by
# ", and" (a list inside the aside, "including two soldiers, a policeman, and a civilian", runs on: INCLUDING)
INCLUDING_CLOSED = r",\s*(?:including|among\s+them|among\s+whom)\b[^,;]*(?=,\s*and\b)"

NAME_ONLY = r"(?:[A-Z][\w'’.\-]*\s*)+"

CAPITAL = r"[A-Z]"

TAIL_END = r"[.;:]|,\s|\s(?:when|as|after|while|in|at|near|on|who|which|by|during|outside|inside|from)\b"

CLAUSE_CUT = r",\s*(?:but|while|whereas|although)\s|;"

REL_AND = rf"\s(?:and|as\s+well\s+as)\s+(?=(?:{NUM}|his|her|their)\b)"

OBJECT_START = rf"\s*(?:(?i:at\s+least\s+|{NUMX}\b|him\b|her\b|them\b|himself\b)|[A-Z])"

# what follows a bare participle that has no object: "Seven bandits killed in Turkana", "... killed."
PASSIVE_END = r"\s*(?:(?:in|at|on|near|by|during|after|when|while|outside|inside|along|following|overnight|today|"\
    r"yesterday)\b|[,.;)]|$)"

ACTIVE_AMBIGUOUS = frozenset({"shot dead", "shot to death", "gunned down", "killed", "wounded", "injured", "hurt",
                               "murdered", "assassinated", "executed", "beheaded", "slain", "massacred", "maimed", "decapitated",
                               "neutralised", "neutralized"})

GROUP_NOUNS = frozenset({"men", "women", "children", "people", "police", "personnel", "troops", "staff", "crew", "family",
                          "militiamen", "policemen", "servicemen", "gendarmes"})

QUANTITY_WORDS = frozenset({"a", "an", "the", "dozen", "dozens", "score", "scores", "hundred", "hundreds", "tens",
                             "several", "some", "many", "more", "at", "least", "about", "around", "over", "nearly",
                             "roughly", "almost", "approximately", "one", "two", "three", "four", "five", "six",
                             "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "fifty"})

# "five soldiers among the dead": a part of the toll, told after the count
AMONG_AFTER = (
    r"\s*,?\s*(?:were\s+|was\s+)?among\s+(?:the|those)\s+(?:dead|killed|victims|casualties|"
                          r"wounded|injured)\b"
)

AMONG_IN = r"\bamong\s+(?:the|those)\s+(?:dead|killed|victims|casualties|wounded|injured)\b"

BODY_OF = r"(?:the\s+)?(?:dead\s+)?(?:bod(?:y|ies)|corpses?|remains)\s+of\b"

# "killed or wounded", "killed and wounded": how many of each is not told
OR_HURT = r"\s+(?:(?:and/)?or\s+(?:\w+\s+)?|and\s+)(?:wounded|injured|hurt)\b"

NO_BEFORE = r"\bno\s+$"

BESIDES_LEAD = r"\s*(?:in\s+addition\s+to|besides|apart\s+from|aside\s+from)\b"

# the victims of an earlier event named as the cause of this one: "a revenge attack for the eighty-five protesters
# crushed to death on Oct. 25", "in retaliation for the killing of a herder"
CAUSE_BEFORE = (r"\b(?:revenge|retaliation|reprisal|vengeance)\s+(?:(?:attack|killing|act|strike|raid|operation)s?\s+)?"
                r"for\b[^.;,]*$")

# "In addition to four assailants, nine other people were killed": the people the phrase names are casualties of the
# verb that follows (13 killed), as "In addition to the district chief, two of his bodyguards were killed" is 3
BESIDES_PEOPLE = r"\s*(?:in\s+addition\s+to|besides|apart\s+from|aside\s+from)\s+(?P<np>[^,;:]{3,80}?)\s*,"

ANY_CASUALTY = (
    r"kill|wound|injur|dead|died|dies?\b|bod(?:y|ies)|corpse|casualt|hurt|harm|slain|slew|slay|"
                           r"murder|assassin|execut|behead|decapitat|shot|shoot|toll|death|fatal|victim|lynch|"
                           r"hospital|kidnap|abduct|hostage|seized|captured|lost\s+(?:his|her|their)\s+li|perish|"
                           r"massacr|maim|gunned|stabbed|hacked|strangl|tortur|beaten|unscathed|escaped|hanged|slit|neutrali|(?:arrested|detained|taken|led)\s+(?:by|away)"
)

# "18 people were killed ... Fatalities spread over two events", "14 fatalities coded over 8 events", "Fatalities
# spread over four locations", "spread over the two days of violence", "fatalities split between events" (two): the
# coder's note that a toll is shared among several coded events, one per place or day (ACLED codes one event per
# location and day, and its notes say so in these words)
SPLIT_UNITS = ("events", "locations", "places", "villages", "towns", "localities", "sites", "days", "dates")
SPLIT_OVER_EVENTS = (
    r"\b(?:fatalit(?:y|ies)|deaths?|dead|casualties|killed|toll)\b[^.;]{0,40}?\b(?:spread|split|coded|distributed|"
    r"divided|shared)\s+(?:evenly\s+)?(?:(?:over|across|between|among|into)\s+(?:the\s+)?(?P<num>\d+|two|three|four|"
    rf"five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:\w+\s+)?|between\s+(?:the\s+)?(?P<pair>))"
    rf"(?:{alternation(SPLIT_UNITS)})\b"
)

# "One of 28 separate events, occurring since January, that killed 43 people": the coder's note that this event is one
# of N that share the toll told
ONE_OF_EVENTS = r"\bone\s+of\s+(?P<num>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:\w+\s+)?events\b"

# a count the coder's note says is another event's: "Police intervened killing 2 (coded seperately)", "(and 3
# civilians - coded separately)": ACLED codes it there, not here
CODED_ELSEWHERE = (r"\s*[(\-–,]?\s*(?:and\s+)?(?:(?:were|was)\s+)?coded\s+(?:separately|seperately|elsewhere|"
                   r"in\s+(?:an(?:\s+|-))?other\s+event|as\s+(?:a\s+)?separate\s+event)")

# a count told only to be denied: "The coordinator dismissed reports that 14 people were shot dead"
DENIED_BEFORE = (r"\b(?:dismissed|denied|denies|rejected|refuted|disputed|dismisses|rejects)\s+(?:the\s+|earlier\s+|media\s+)*"
                 r"(?:reports?|claims?|rumou?rs?|allegations?)\s+(?:that|of)\b[^.;,]*$")

# "Seven assailants were killed across both attacks", "10 were killed across the attacks" (with "This was one
# of two related incidents"): a count spread over several incidents together ("killed in the four attacks" is a
# total each incident may be coded with, as RAND codes it)
ACROSS_ATTACKS = (
    r"\bacross\s+(?P<det>both|all|the|these|those)\s+(?:(?P<num>two|three|four|five|six|\d+)\s+)?"
    r"(?:(?:related|coordinated|ensuing|separate)\s+)?(?:attacks|incidents|clashes|blasts|bombings|raids|assaults)\b"
)
# "This was one of two related attacks", "one of four coordinated incidents": how many incidents share it
ONE_OF_N = (
    r"\bone\s+of\s+(?P<num>two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attacks|incidents|clashes|blasts|bombings|raids|assaults|explosions)\b"
)

# a coder's note that states the figure the event is coded with: "Fatalities coded as 3", "(unknown fatalities
# coded at low estimate of 3)", "Uncertain number of deaths coded as 10", "Coded as unknown fatalities (3)"
CODED_TOLL = (r"\b(?:fatalit(?:y|ies)|deaths?|casualties|dead|killed|victims|unknown|unclear|uncertain|unconfirmed)\b"
              r"[^.;]{0,60}?\bcoded\s+(?:as|at)\s+(?:the\s+)?(?:(?:low(?:est)?|minimum|conservative)\s+"
              r"(?:estimate\s+)?(?:of\s+)?)?(?P<n>\d{1,5})\b(?!\s*(?:km|%|events?|separate))"
              r"|\bcoded\s+as\s+unknown\s+fatalities\s*\(\s*(?P<n2>\d{1,5})\s*\)"
              # the coder's own tally line: "Fatalities: 3 AQIM", "Fatalities: 4 civilians"
              r"|\bfatalities\s*:\s*(?P<n3>\d{1,5})\b")

# what before "and" shows that "and" joins two clauses, not two people: a casualty word ("X was killed and
# five others wounded") or a finite verb ("the hamlet was burned and three civilians killed")
CLAUSE_BEFORE_AND = (r"\b(?:killed|wounded|injured|hurt|dead|died|kidnapped|abducted)\b"
                     r"|\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+){0,2}?\w+ed\b")

# --- telegraphic notes (ACLED, wire headlines): the victims as a bare clause subject, counted part by part
# "1 peacekeeper killed and 3 severely wounded", "Four police and one reservist killed", "4 civilians, 2 assailants
# and 1 soldier dead", "Soldier killed in an ambush", "A farmer is attacked and killed", "Two policemen were Friday
# afternoon shot dead", "An infant dies during the raid": the verb closes the clause (a place, a cause, a comma or
# "and N wounded" follows), so the words before it back to the clause's start are who died
CLAUSE_VERB = (
    r"(?P<aux>\s+(?:(?:is|are|was|were|has\s+been|have\s+been|had\s+been|reportedly|allegedly|later|also|all|both|"
    r"each|(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:morning|afternoon|evening|night))?|"
    r"critically|seriously|severely|lightly|slightly|badly|fatally|instantly|immediately|subsequently)\s+)*"
    r"(?:(?:attacked|ambushed|shot|stabbed|beaten|abducted|kidnapped|tortured)\s+and\s+)?)"
    rf"(?P<verb>{KILLED}|{INJURED}|dies)\b"
)
# what may follow the verb for it to close its clause
CLAUSE_VERB_END = (
    r"\s*(?:(?:in|at(?!\s+least)|on|near|by|during|after|when|while|outside|inside|along|following|overnight|today|yesterday|"
    r"from|amidst|amid|as|over|for|and|or|with|within|between)\b|[,.;)(:]|$)"
)
# a part of a coordinated subject: an optional count, up to four words, the head
CLAUSE_PART = rf"\s*(?:(?P<num>{NUMX}|one)\s+)?(?P<np>(?:[\w'’/-]+\s+){{0,4}}?)(?P<head>[\w'’-]+)\s*$"
# prepositions that end a part's head ("Security guard from the Water and Forests Agency", "two members of the MSA")
CLAUSE_PP = r"\s+(?:from|of|in|at|near|with|belonging\s+to|aboard|on)\s+"
# participles that tell what else befell a group ("and two taken prisoner"): a clause, not a group of the dead
PARTICIPLES = frozenset({"taken", "held", "seen", "led", "made", "kept", "driven", "beaten", "stolen", "hidden"})
# words no subject of a death contains (a finite verb or a clause word means the clause began earlier)
CLAUSE_BLOCKERS = frozenset(w for w in lx.KILLED_WORDS + lx.INJURED_WORDS if " " not in w) | frozenset({
                             "dies", "was", "were", "is", "are", "had", "has", "have", "been", "who", "which", "that", "when",
                             "after", "while", "by", "said", "says", "reported", "claimed", "killing", "wounding",
                             "leaving", "no", "not", "none", "nobody", "if", "whether", "to", "could", "would", "may",
                             "might", "than", "total", "toll", "number", "several", "many", "some", "dozens", "scores",
                             "but", "then", "they", "he", "she", "it", "we", "them", "him", "both", "year-old", "years-old", "aged",
                             "seconds", "minutes", "hours", "days", "weeks", "months", "years", "times", "later",
                             "earlier", "ago"})
# heads that a headline never uses bare for one person ("and other injured": others, how many untold)
CLAUSE_NOT_BARE = frozenset({"other", "individual", "national", "private", "general", "major", "official", "member"})
# words that tell people were taken: an attack told with them and no death is a kidnapping (MUC-4's type)
TAKEN_WORDS = frozenset({"kidnap", "kidnapped", "kidnapping", "kidnappings", "kidnappers", "abduct", "abducted",
                         "abduction", "abductions", "abductors", "hostage", "hostages", "seized"})
