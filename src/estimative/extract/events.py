"""ACLED event type and sub-event type of an incident, from its weapons, targets and verbs.

Follows the ACLED codebook's definitions (https://acleddata.com/knowledge-base/codebook/):
remote violence by the weapon's delivery (air/drone strike, shelling/artillery/missile,
remote explosive/IED, suicide bomb, grenade, chemical weapon); abductions are violence against
civilians; direct fire at armed forces is an armed clash, at civilians an attack; defused or
found devices are "disrupted weapons use"; arson on empty property is property destruction.
"""
from __future__ import annotations

import re

from estimative.model import Weapon

_ARMED = frozenset({"military", "police", "armed group"})
_KIDNAP = re.compile(r"\b(?:kidnap(?:ped|ping|pers?|s)?|abduct(?:ed|ion|ing|s)?|hostages?|hijack(?:ed|ing|s)?|"
                     r"seized|taken\s+captive|held\s+captive|captured)\b", re.I)
_DISRUPTED = re.compile(r"\b(?:defused|dismantled|disarmed|found|discovered|seized|detected|uncovered|"
                        r"safely\s+detonated|controlled\s+explosion|bomb\s+disposal)\b", re.I)
_DETONATED = re.compile(r"\b(?:explod(?:ed|ing)|detonated|went\s+off|blast|explosion|blew\s+up|killed|killing|"
                        r"wounded|injured|damag(?:ed|ing))\b", re.I)
_CLASH = re.compile(r"\b(?:clash(?:ed|es)?|fighting|battle|gunbattle|gun\s+battle|firefight|exchange\s+of\s+fire|"
                    r"exchanged\s+fire|returned\s+fire|engaged)\b", re.I)
_ARREST = re.compile(r"\b(?:arrest(?:ed|s)?|detained|captured\s+(?:a|two|three|several)\s+suspect)", re.I)


def classify(weapons: list[Weapon], text: str, target_types: list[str], fatalities: int | None,
             injuries: int | None) -> tuple[str, str | None]:
    """(event type, sub-event type) for an incident's weapons, its text and its target types."""
    classes = [w.cls for w in weapons]
    cls = set(classes)
    hurt = (fatalities or 0) + (injuries or 0) > 0
    if "chemical" in cls:
        return "Explosions/Remote violence", "Chemical weapon"
    if cls & {"airstrike", "drone"}:
        return "Explosions/Remote violence", "Air/drone strike"
    if "suicide_bomb" in cls:
        return "Explosions/Remote violence", "Suicide bomb"
    if cls & {"rocket", "missile", "mortar", "artillery"}:
        return "Explosions/Remote violence", "Shelling/artillery/missile attack"
    if cls & {"ied", "vbied"}:
        if not hurt and _DISRUPTED.search(text) and not _DETONATED.search(text):
            return "Strategic developments", "Disrupted weapons use"
        return "Explosions/Remote violence", "Remote explosive/landmine/IED"
    if "grenade" in cls:
        return "Explosions/Remote violence", "Grenade"
    if _KIDNAP.search(text) and not hurt:
        return "Violence against civilians", "Abduction/forced disappearance"
    if cls & {"small_arms", "rpg", "knife"} or hurt:
        if _CLASH.search(text) or (target_types and target_types[0] in _ARMED):
            return "Battles", "Armed clash"
        return "Violence against civilians", "Attack"
    if "arson" in cls:
        return "Strategic developments", "Looting/property destruction"
    if _ARREST.search(text):
        return "Strategic developments", "Arrests"
    if _KIDNAP.search(text):
        return "Violence against civilians", "Abduction/forced disappearance"
    return "Strategic developments", "Other"

