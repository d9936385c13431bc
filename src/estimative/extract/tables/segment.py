"""Segmentation wording in English: the cues `extract/segment.py` uses to tell an incident's own sentences
from background (earlier events, general remarks, tallies) and from a second incident.

Data, not algorithm: each entry is a regular expression source; `segment.py` compiles them with
`tables.compile_pattern`. A comment above an entry shows the phrasing it is for.
"""
from __future__ import annotations

from estimative.extract import lexicon as lx
from estimative.extract.tables import alternation

EVENT_RE = rf"\b(?:{alternation(lx.ATTACK_WORDS)})\b"

GENERIC_RE = (
    r"\b(?:(?:are|is|were|was|remain|remains|have\s+been|has\s+been)\s+(?:a\s+)?(?:frequent(?:ly)?|common|"
    r"commonplace|routine|rare|regular|often|increasingly)\b|frequent\s+targets?|common\s+targets?|"
    r"continues?\s+to|continued\s+to|the\s+latest\s+in|in\s+recent\s+(?:days|weeks|months|years)|"
    r"over\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:days|weeks|months|years)|so\s+far\s+this\s+year|"
    r"since\s+(?:the\s+(?:start|beginning)|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|\d{4})|has\s+(?:left|killed|claimed)\s+(?:more\s+than\s+|over\s+|hundreds|"
    r"thousands|dozens)|have\s+(?:left|killed|claimed)\s+(?:more\s+than\s+|over\s+|hundreds|thousands|dozens)|"
    r"typically|this\s+database|(?:is|was)\s+one\s+of\s+(?:over|more\s+than|about|several|many|\w+)|"
    r"\bin\s+the\s+(?:two|three|four|five|six|\d+)\s+(?:combined\s+|separate\s+|coordinated\s+)?(?:attacks|bombings|"
    r"blasts|explosions)\b|"
    r"(?:is|was)\s+the\s+(?:most\s+recent|latest|second|third|fourth|fifth|\w+th)\s+(?:attack|bombing|incident)|"
    r"it\s+is\s+(?:un)?clear|it\s+is\s+not\s+known|seek\s+(?:a|an)\b|aims?\s+to\b|wants?\s+to\b|"
    r"(?:are|is)\s+fighting\s+for|(?:has|have)\s+been\s+(?:fighting|waging|battling|targeting|attacking|"
    r"killing)|(?:has|have|had)\s+been\s+(?:killed|attacked|kidnapped|targeted)\s+since\b|^\W*overall\b|"
    r"\bthe\s+(?:three|four|five|six|seven|eight|nine|ten|\d+|several|multiple)\s+(?:\w+\s+)?(?:attacks|"
    r"bombings|blasts|explosions)\s+(?:together\s+)?(?:killed|wounded|injured|left)\b|\bin\s+all\s+(?:two|three|"
    r"four|five|six|seven|eight|nine|ten|\d+)\s+(?:\w+\s+)?(?:attacks|bombings|blasts|explosions)\b|"
    r"in\s+the\s+(?:last|past)\s+(?:\w+\s+)?(?:days|weeks|months|years)|^\W*in\s+total\b)"
)

CLAUSE_BG_RE = (
    r"\b(?:(?:in\s+|as\s+(?:a\s+)?)?(?:retaliation|response|revenge|reprisal)\s+(?:for|to)|to\s+avenge|"
    r"in\s+the\s+wake\s+of|"
    r"following\s+(?:the|a|an|last)\s+(?:\w+\s+){0,3}?(?:killing|death|assassination|arrest|execution|attack|"
    r"strike|strikes|raid|bombing|kidnapping|shooting)s?\b|after\s+(?:the|a|an)\s+(?:\w+\s+){0,2}?(?:killing|"
    r"death|assassination|arrest|execution)\s+of|(?:a|one|two|three|four|five|several|\d+)\s+(?:days?|weeks?|"
    r"months?)\s+(?:after|before|earlier)|(?:several|a\s+few|few|two|three|four|five|six|\d+)\s+hours\s+(?:before|earlier)\b|"
    # "the prosecutor in charge of investigating the recent death of 18 members": the death investigated is another
    r"investigat\w*\s+(?:the\s+)?(?:recent\s+|earlier\s+)?(?:deaths?|killings?|murders?|massacre|assassination|bombing)\b|"
    # "a bomb exploded at a funeral for a policeman killed on 2 November", "responded to an earlier attack ... which
    # left three citizens dead", "in protest against a recent skirmish in which one Maoist was killed"
    r"funerals?\s+(?:of|for)\b|\b(?:an?|the)\s+(?:earlier|prior)\s+(?:[\w-]+\s+)?(?:attack|bombing|incident|blast|explosion|"
    r"shooting|ambush|clash|skirmish)\b|in\s+protest\s+(?:against|of|over|at)\s+(?:[^,.;]{0,40}?\s)?(?:killings?|deaths?|murders?|skirmish|arrests?|encounters?|shootings?|executions?|attacks?)\b|(?:came|comes|coming)\s+(?:just\s+|only\s+|shortly\s+|soon\s+)?(?:(?:a\s+few\s+|\w+\s+)?"
    r"(?:days?|weeks?|hours?|months?)\s+)?(?:after|before|amid|as)|(?<!as\s)\bfollows\b|"
    r"\bprevious\b|\bearlier\s+(?:this|that|in\s+the)\b|"
    r"\blast\s+(?:week|month|year)\b|\bon\s+the\s+same\s+day\s+as\b|\bsimilar\s+(?:\w+\s+){0,2}?(?:attacks?|bombings?|incidents?|strikes?)\b|\ba\s+similar\s+(?:device|bomb|blast|explosion)\b|\bhad\s+(?:been\s+)?"
    r"(?:killed|attacked|kidnapped|abducted|bombed|targeted|assassinated|murdered))"
)

# "(which killed 37 people in February 2003)", "(killed in 1998)": an aside about another time or attack
PAREN_BG_RE = (
    r"\((?=[^()]*\b(?:killed|died|dead|wounded|injured)\b)(?:(?:which|that|who|when|where)\b[^()]*"
                          r"|[^()]*\b(?:1[89]|20)\d\d\b[^()]*)\)"
)

LONG_CUE = (
    r"(?:in\s+|as\s+(?:a\s+)?)?(?:retaliation|response|revenge|reprisal)|to\s+avenge|in\s+the\s+wake|"
                       r"following|after|similar|a\s+similar|on\s+the\s+same\s+day\s+as|follows|"
                       r"(?:came|comes|coming)\s+(?:\S+\s+){0,5}?(?:after|before)"
)

# "Seven hours earlier, a paramilitary volunteer was killed ...", "Four days before, three engineers were killed": a
# sentence opened by a backward time adverb tells an earlier event, once the incident has begun
FRONT_BACK = (
    r"^\W*(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|few|\d+)\s+"
                         r"(?:hours?|days?|weeks?|months?|years?)\s+(?:before|earlier|prior)|last\s+(?:week|month|year|"
                         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
                         r"earlier\s+(?:this|that|in\s+the)\s+\w+)\s*,"
)

# "13 mayors were killed last year": a time adverb dates its whole clause, from the clause's start
TIME_CUE = r"last\s+(?:week|month|year)|earlier\s+(?:this|that|in\s+the)"

CLAUSE_START = (
    r"[,;:]\s+|\(\s*|\b(?:that|which|who|whom|where|when|while|after|before|since|because|as|"
                           r"following|although|though)\s+"
)

HURT_BEFORE = r"\b(?:killed|dead|died|wounded|injured|hurt|damaged|destroyed)\b[^.;]*$"

RELATIVE_BEFORE = r",\s+(?:who|which|whose)\b[^,]*$"

# "In addition to the district chief, two bodyguards were killed" adds to this incident; "In addition, ..." may not
# "His body was found on June 24": the end of the kidnapping told before, however many days later
BODY_LATER = (
    r"\b(?:body|bodies|corpses?|remains)\b[^.;]*\b(?:found|discovered|recovered)\b|\b(?:found|"
                         r"discovered|recovered)\s+(?:the\s+)?(?:dead\s+)?(?:body|bodies|corpses?)\b|\bfound\s+dead\b"
    # "Two days later, they were found shot to death": the end of the kidnapping told before
    r"|\b(?:were|was)\s+(?:later\s+)?found\s+(?:\w+\s+)?(?:shot|killed|murdered|beheaded|executed|strangled|slain|"
    r"stabbed)\b"
)

# "sixteen teachers have been killed this year": a tally over a period, whatever precedes the cue
TALLY_RE = (
    r"\b(?:have|has)\s+(?:now\s+)?(?:been\s+)?(?:killed|died|wounded|injured|kidnapped|murdered)\s+"
                       r"(?:[\w-]+\s+){0,8}?(?:this\s+year|so\s+far|since\b|in\s+the\s+(?:past|last)\b|in\s+recent\b)"
)

# "Hours later, airstrikes hit ...", "The next day, gunmen ...": a sentence opened by a forward time adverb tells
# (not "Shortly after, bombs went off near ...": minutes later, the same attack)
# a later event, a new incident when it has its own attack (not "Two days later, he died of his wounds")
FRONT_FORWARD = (
    r"^\W*(?:(?:a\s+few|several|some|a|an|one|two|three|four|five|six|\d+|\w+)\s+"
                            r"(?:hours?|days?|weeks?)\s+later|hours\s+(?:later|after\s+(?:that|the\s+\w+))|"
                            r"(?:the\s+)?(?:next|following)\s+(?:day|morning|night|evening|week)|"
                            r"later\s+(?:that|the\s+same|on\s+the\s+same)\s+(?:day|night|evening|morning|afternoon)|later(?=\s*,)|"
                            r"within\s+hours)\b"
)

# "The same day, a truck bomb ...", "In a separate incident the same day": a second incident on the first one's day
SAME_DAY = (
    r"\b(?:(?:on\s+)?the\s+same\s+(?:day|night|evening|morning)|later\s+(?:that|the\s+same)\s+"
                       r"(?:day|night|evening|afternoon)|earlier\s+that\s+day)\b"
)

# "On 12 March, ...", "In the early hours of Sunday, ...", "Early on Sunday, ...": a sentence opened by its date
DATE_OPENS = (
    r"^\W*(?:(?:on|in\s+the\s+(?:early\s+)?(?:hours|morning|afternoon|evening|night)\s+of|early|late|"
                         r"overnight|before\s+dawn)\s+)*$"
)

DIED_LATER = r"\b(?:died|succumbed|passed\s+away)\b"
# what became of the same victims later: "the others were rescued on 13 January", "the hostage was released";
# or a later count of them: "on Sunday the governor said at least 70 had been killed", "the toll rose to 70"
OUTCOME_LATER = (r"\b(?:(?:were|was|been)\s+(?:later\s+|subsequently\s+|eventually\s+)?(?:released|rescued|freed|found|recovered|returned)|the\s+(?:other|remaining)\s+(?:hostages?|captives?|victims?)|the\s+others\s+were|the\s+(?:hostages?|captives?|abductees|kidnapped)\b"
                 r"|had\s+been\s+(?:killed|wounded|injured)\b|\btoll\s+(?:has\s+|had\s+)?(?:rose|risen|climbed|reached|increased)\b)")

# "In addition, one civilian was killed and six others wounded": more victims of this attack, not a new one
NEW_RE = (
    rf"^\W*(?!in\s+addition\s+to\b|in\s+addition\s*,?\s+(?:[\w-]+\s+){{0,4}}?(?:was|were)\s+(?:also\s+)?"
                    rf"(?:killed|wounded|injured|hurt|kidnapped|abducted|taken\s+hostage|reported\s+missing|missing|"
                    rf"displaced|destroyed|damaged|burned|stolen|looted)\b)(?:{alternation(lx.NEW_INCIDENT_CUES)})\b"
)

BACKWARD = r"(?:last|previous)\b|.*\b(?:ago|earlier)$"

# "the Turk who shot the Pope in 1981", "the pharmacy, which was bombed once before in December 1977": a date
# inside a relative clause dates that clause, not the sentence
# "Khazal, who works for Al-Hurra, a US-funded station founded in February 2004, was killed", "Ali Dundar, a
# candidate in the April 1999 elections (...) was shot dead": an appositive dates only itself
RELATIVE_OPEN = (
    r"(?:,|\b(?:who|which|whom|whose))\s+(?:[^,;]*\s)?(?:who|which|that|whose|whom|when)\s[^,;]*$|"
    r"\b(?:who|which|whose)\s[^,;]*$|\w,\s+(?:a|an|the)\s[^,;]*$"
)

# "Several days later the group claimed responsibility for the bombing": a claim told later is about the
# incident told before, not a new one
CLAIM_WORDS = r"\b(?:claim(?:ed|ing|s)?\s+(?:responsibility|credit|the\b|it\b)|responsibility\s+for|took\s+credit)"

# A paragraph that tells an attack anew opens with an indefinite subject: "A bomb exploded", "Two gunmen
# attacked", "Unknown assailants shot", "Militants stormed" (not "The bomb", "The attack", "Police said").
INDEFINITE_OPENING = (
    r"^\W*(?:(?:on|in|at|early|late)\s+[^,]{1,40},\s*)?(?:a|an|another|some|several|\d+|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|dozens|hundreds|unknown|unidentified|suspected|masked|armed|gunmen|militants|"
    r"insurgents|assailants|terrorists|rebels|guerrillas|attackers|bombers?|explosives?|unexploded)\b"
)
# What makes such an opening an attack: its verb.
ATTACK_TOLD = (
    r"\b(?:attack(?:ed|s)?|explod(?:ed|es)|detonat(?:ed|es)|went\s+off|blew\s+up|fired|shot|opened\s+fire|"
    r"ambush(?:ed|es)|kidnapp?(?:ed|s)|abduct(?:ed|s)|killed|wounded|injured|stormed|raided|assaulted|"
    r"set\s+(?:fire|afire|ablaze)|burned|"
    r"torched|struck|hit|launched|threw|hurled|planted|assassinated|beheaded|executed|bombed|shelled)\b"
)
# A paragraph that goes on about the incident before opens with a reference back to it: "The attack ...",
# "The bomb ...", "It ...", "Police said ...".
ANAPHORIC_OPENING = (
    r"^\W*(?:(?:the|this|that|these|those|such|both)\s+(?:[a-z-]+\s+){0,2}?(?:attacks?|bomb(?:ing)?s?|blasts?|"
    r"explosions?|incidents?|attackers?|assailants?|gunmen|gunman|bombers?|victims?|dead|wounded|injured|devices?|"
    r"vehicles?|strikes?|raids?|ambush|shooting|kidnapp(?:ing|ers)|abduct(?:ion|ors)|hostages?|group|militants|"
    r"men|man|woman|women|perpetrators?|suspects?|same|other|second|first|rest|remaining|police|officials?|"
    r"authorities|military|army|government|ministry|spokesman|report|statement)|it|he|she|they|his|her|their|its|"
    r"police|officials|authorities|no\s+one|no\s+group|nobody|also|meanwhile|however|later|earlier)\b"
)

# A sentence that refers back to an attack already told ("the attack", "the explosion", "this bombing", "both
# blasts", "the siege ended on Wednesday", "when the bomb exploded", "the gunmen"): it goes on about that attack,
# wherever it names and whatever day.
REFERS_BACK = (
    r"\b(?:the|this|that|these|those|both|such|same)\s+(?:[a-z-]+\s+){0,2}?(?:attacks?|bombings?|blasts?|"
    r"explosions?|incidents?|ambush(?:es)?|raids?|assaults?|shootings?|massacres?|killings?|murders?|"
    r"kidnapp?ings?|abductions?|strikes?|operations?|action|crime|events?|sieges?|stand-?offs?|fighting|clash(?:es)?|"
    r"battles?|violence|hostage-taking|rampage|occupation|bombs?|devices?|bombers?|gunmen|attackers|assailants)\b"
)
# A reporting clause before what is reported ("he also reported that", "police said"): who speaks is not who
# acts, so an opening like this hides neither a new attack nor a reference back.
REPORTING_OPENING = (
    r"^\W*(?:[\w.'-]+\s+){0,6}?(?:also\s+)?(?:said|says|reported|reports|added|adds|stated|states|announced|"
    r"noted|confirmed|indicated|explained)\s+(?:that\s+)?"
)
# What comes just before a name that does not place an attack: where it was said ("reported in La Paz",
# "announced from Lima"), where someone was headed ("en route to the city of Barranquilla", "on the way from
# Kandahar to Kabul"), or a determiner
# that makes the name a common noun ("inside the car").
NOT_THE_SCENE = (
    r"(?:\b(?:said|says|reported|reports|announced|stated|told\s+\w+|declared|learned|confirmed)\s+(?:\w+\s+)?"
    r"(?:in|from|at)|\b(?:en\s+route|bound|headed|heading|travell?ing|flying|driving|(?:his|her|their|its|the)\s+"
    r"way(?:\s+from\s+[\w' -]+?)?)\s+(?:to|for|from)(?:\s+the\s+(?:city|town|village)\s+of)?|"
    r"\b(?:the|a|an|his|her|their|its|this|that))\s+$"
)
# "Aqlan, the commander of the Special Security Forces in Taiz, was beaten": a place in an appositive tells who
# someone is, not where the attack was
APPOSITIVE_OPEN = r"\w,\s+(?:a|an|the)\s[^,;]*$"
