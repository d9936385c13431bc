"""Word lists of the role reader (extract/roles.py): the words that end a candidate phrase and the verbs
whose nearness the chooser weighs."""
from __future__ import annotations

# function words, pronouns, auxiliaries and common verbs: a candidate phrase never spans one
BREAK_WORDS = frozenset("""
a an the this that these those his her its their our my your some any no each every all both either neither
and or but nor so yet if then than as because since while when where which who whom whose what why how
of in on at by for from to into onto upon with without within about against among between through during
before after above below under over near across along around behind beyond toward towards outside inside
i you he she it we they me him us them himself herself itself themselves ourselves
is are was were be been being am has have had having do does did done will would shall should can could
may might must not also only just even still already again very more most less least such other another
said says say told reported added stated according noted explained indicated announced confirmed
there here today yesterday tomorrow now later earlier ago last next first second third
one two three four five six seven eight nine ten several many few dozens hundreds thousands
however although though whether thus therefore meanwhile moreover also
killed wounded injured attacked kidnapped abducted murdered shot bombed burned destroyed exploded
kill kills killing attack attacks attacking kidnap kidnapping murder murdering shoot shooting bombing
burn burning destroy destroying explode exploding damage damaging
took take taking made make making went go going came come coming left leave leaving
""".split())

# adjectives in -ed that belong to a phrase ("armed men", "unidentified individuals")
PHRASE_ED_WORDS = frozenset({"armed", "unidentified", "masked", "hooded", "heavily", "alleged", "suspected",
                             "uniformed", "organized", "united", "red", "so-called", "self-styled"})

# verbs of attack, harm and speech near a candidate
CUE_VERBS = frozenset("""
killed wounded injured attacked kidnapped abducted murdered shot bombed burned destroyed exploded damaged
kill kills killing attack attacks attacking kidnap kidnapping murder murdering shoot shooting bomb bombing
burn burning destroy destroying explode exploding damage damaging assassinated assassination massacred
claimed blamed accused said reported denied carried planted placed hurled threw fired set dynamited
death deaths murder attack bombing explosion kidnapping assassination victims victim
""".split())

# counts that may open a filler ("two paid assassins", "three heavily armed men"), though they end none
COUNT_WORDS = frozenset("one two three four five six seven eight nine ten several".split())
