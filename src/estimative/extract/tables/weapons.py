"""Weapon words kept as data: what an armed assault told without naming its weapon looks like.

GTD codes an armed assault or an abduction whose weapon the summary does not name as firearms, RAND codes
"gunmen attacked" as firearms, and ACLED's codebook reads an attack by an armed group on people as an
attack with small arms unless another delivery is told. `ARMED_ASSAILANTS` doing one of `ASSAULT_VERBS`,
with no weapon named in the incident's own sentences, is read as small arms, inferred (no weapon name).
"""
from __future__ import annotations

from estimative.extract.tables import alternation

# Who carries arms when the text says who attacked: "Assailants attacked", "gunmen abducted".
ARMED_ASSAILANTS = ("assailants", "assailant", "gunmen", "gunman", "militants", "militant", "insurgents", "insurgent",
                    "rebels", "fighters", "jihadists", "bandits", "armed men", "armed man", "guerrillas",
                    "guerrilla", "terrorists", "attackers", "extremists", "separatists", "kidnappers", "abductors",
                    "militiamen", "militia", "armed group", "armed groups", "suspected militants", "raiders",
                    "al-shabaab fighters", "elements")
# What they did that takes arms: "attacked a checkpoint", "ambushed a convoy", "abducted seven students".
ASSAULT_VERBS = ("attacked", "attack", "attacks", "ambushed", "ambush", "ambushes", "abducted", "abduct", "abducts",
                 "kidnapped", "kidnap", "kidnaps", "raided", "raid", "raids", "stormed", "storm", "storms",
                 "besieged", "overran", "assaulted", "assassinated", "hijacked", "seized", "took hostage",
                 "killed", "kill", "kills", "executed", "massacred", "overrun", "fought", "clashed")
ARMED_ASSAULT = (rf"\b(?:{alternation(ARMED_ASSAILANTS)})\s+(?:\w+\s+){{0,3}}?"
                 rf"(?P<verb>{alternation(ASSAULT_VERBS)})\b")

# Weapon names that tell an act, not an instrument: "the bombing", "a shooting", "shots", "the blast". A MUC-4
# Weapon filler (and an analyst's "what was used") is the instrument: "dynamite", "a car bomb", "rifles".
ACT_NAMES = frozenset({"shot", "shots", "explosion", "explosions", "blast", "blasts", "attack", "attacks", "fire",
                       "gunfire", "gunshot", "gunshots", "assassination", "assassinations", "burned", "arson"})
ACT_SUFFIXES = ("ing", "ings")
# what fires a projectile from afar: "a grenade launcher" is no device set off where it struck
FIRED_FROM = frozenset({"launcher", "launchers"})
