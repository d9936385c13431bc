"""Event-type words kept as data: the verbs and nouns `extract.events` reads an ACLED event type from."""
from __future__ import annotations

ARMED = ("military", "police", "armed group")  # target types that bear arms
KIDNAP = (r"\b(?:kidnap(?:ped|ping|pers?|s)?|abduct(?:ed|ion|ing|s)?|hostages?|hijack(?:ed|ing|s)?|"
    r"seized|taken\s+captive|held\s+captive|captured)\b")
DISRUPTED = (r"\b(?:defused|dismantled|disarmed|found|discovered|seized|detected|uncovered|"
    r"safely\s+detonated|controlled\s+explosion|bomb\s+disposal)\b")
DETONATED = (r"\b(?:explod(?:ed|ing)|detonated|went\s+off|blast|explosion|blew\s+up|killed|killing|"
    r"wounded|injured|damag(?:ed|ing))\b")
CLASH = (r"\b(?:clash(?:ed|es|ing)?|fighting|fought|battles?|battled|gunbattles?|gun\s+battles?|"
    r"gunfights?|firefights?|shoot-?outs?|skirmish(?:es|ed)?|exchange\s+of\s+fire|"
    r"exchanged\s+fire|exchanging\s+fire|returned\s+fire|engaged?|encounters?|counter-?attack(?:ed|s)?|"
    r"fights?\s+(?:between|with|against)|exchanges?\s+of\s+(?:gun)?fire|gunfire\s+exchanges?|repell?(?:ed|s)|"
    r"repuls(?:ed|es))\b")
# an attack told without a weapon or a toll is still an attack: on armed forces a battle, else on civilians
ATTACK = (r"\b(?:attack(?:ed|s|ing)?|ambush(?:ed|es|ing)?|raid(?:ed|s|ing)?|assault(?:ed|s|ing)?|"
    r"storm(?:ed|s|ing)|besieg(?:ed|es|ing)|overr?an|shot|shoots?|shooting|killed|kills?|"
    r"abduct(?:ed|s|ing)|kidnapp?(?:ed|s|ing))\b")
ARREST = (r"\b(?:arrest(?:ed|s)?|detained|captured\s+(?:a|two|three|several)\s+suspect)")
# Victims who bear arms: a fight with them is a battle, not violence against civilians ("three gendarmes
# killed", "Seven killed in the ranks of the jihadists"). The attackers' own dead ("two assailants were
# killed") do not tell whom they attacked.
ARMED_VICTIMS = (r"\b(?:soldiers?|troops|servicem[ae]n|gendarmes?|police(?:m[ae]n|\s+officers?)?|officers|"
    r"constables?|militiam[ae]n|militias?|militants?|fighters?|jihadists?|insurgents?|rebels?|guerrillas?|cadres?|"
    r"combatants?|paramilitar(?:y|ies)|peacekeepers?|members?\s+of\s+the\s+"
    r"(?:armed|security)\s+forces|security\s+(?:forces|personnel|guards?)|army|military\s+personnel)\b")
