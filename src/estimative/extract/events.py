"""ACLED event type and sub-event type of an incident, from its weapons, targets and verbs.

Follows the ACLED codebook's definitions (https://acleddata.com/knowledge-base/codebook/):
remote violence by the weapon's delivery (air/drone strike, shelling/artillery/missile,
remote explosive/IED, suicide bomb, grenade, chemical weapon); abductions are violence against
civilians; direct fire at armed forces is an armed clash, at civilians an attack; defused or
found devices are "disrupted weapons use"; arson on empty property is property destruction.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from estimative.extract.tables import compile_pattern
from estimative.extract.tables import events as T
from estimative.model import Weapon

_ARMED = frozenset(T.ARMED)
_KIDNAP, _DISRUPTED, _DETONATED, _CLASH, _ATTACK, _ARREST, _ARMED_VICTIMS = (compile_pattern(p, re.I) for p in (
    T.KIDNAP, T.DISRUPTED, T.DETONATED, T.CLASH, T.ATTACK, T.ARREST, T.ARMED_VICTIMS))


def classify(weapons: list[Weapon], text: str, target_types: list[str], fatalities: int | None,
             injuries: int | None, victims: Sequence[str] = ()) -> tuple[str, str | None]:
    """(event type, sub-event type) for an incident's weapons, its text, its target types and the groups
    its victims were counted in ("three gendarmes")."""
    armed = bool(target_types and target_types[0] in _ARMED) or any(_ARMED_VICTIMS.search(v) for v in victims)
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
        if "small_arms" in cls and _CLASH.search(text):
            return "Battles", "Armed clash"  # heavy weapons in a ground fight: still a battle (ACLED codebook)
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
        if _CLASH.search(text) or armed:
            return "Battles", "Armed clash"
        return "Violence against civilians", "Attack"
    if "arson" in cls and not _ATTACK.search(text):
        return "Strategic developments", "Looting/property destruction"
    if _CLASH.search(text):
        return "Battles", "Armed clash"
    if _ATTACK.search(text) and not _ARREST.search(text):
        if armed:
            return "Battles", "Armed clash"
        return "Violence against civilians", "Attack"
    if "arson" in cls:
        return "Strategic developments", "Looting/property destruction"
    if _ARREST.search(text):
        return "Strategic developments", "Arrests"
    if _KIDNAP.search(text):
        return "Violence against civilians", "Abduction/forced disappearance"
    return "Strategic developments", "Other"

