"""Claim wording kept as data, in one place: how reports say who did it.

`lexicon` (extract/lexicon.py) holds the claim, denial and blame phrases the extractor reads
(`CLAIM_VERBS`, `DENIAL_CUES`, `BLAME_CUES`); this table adds the shapes RAND-style summaries use
to report statements. `analysis.attribution_features` masks every sentence these match, so an
attribution model never reads the author's name from a claim.
"""
from __future__ import annotations

# A sentence that says who did it is dropped whole: the extraction lexicon's claim, denial and
# blame phrasing (less "suspect", which describes attackers without naming them), and the ways
# RAND-style summaries report statements.
STATEMENT_PATTERNS: tuple[str, ...] = (
    r"\bresponsib(?:le|ility)\b",
    r"\b(?:took|takes|take|taking|accepted|assumed|admitted)\b[^.]{0,40}\b(?:credit|responsibility)\b",
    r"\bcredit\s+for\b",
    r"\bin\s+(?:a|an|its|their|the)\s+(?:\w+\s+){0,3}(?:statement|communiqu[eé]|message|video|letter|call)\b",
    r"\b(?:statement|communiqu[eé])\b[^.]{0,80}\b(?:said|stated|announced|claimed|carried out)\b",
    r"\bsaid\s+(?:it|they|that\s+it|that\s+they)\s+(?:had\s+)?(?:carried out|was behind|were behind|conducted|staged)\b",
    r"\b(?:was|were|is|are)\s+behind\b",
    r"\bblam(?:e|ed|es|ing)\b",
    r"\b(?:the\s+)?work\s+of\b",
    r"\bcalling\s+itself\b",
    r"\b(?:the|this|that)\s+(?:group|organi[sz]ation|movement|faction)\s+(?:said|stated|announced|warned|threatened)\b",
)
