"""The factored word alternation (extract/tables.alternation) matches exactly what the flat, longest-first
list matches, at the same places and to the same ends, on real report text (RAND descriptions) and on
phrasings chosen to make the two differ if the factoring were wrong (a phrase that is the start of another,
a phrase that only matches when the words after it allow)."""
from __future__ import annotations

import re

import pytest

from estimative.extract import lexicon as lx
from estimative.extract import stated_words as sw
from estimative.extract.tables import alternation

WORD_LISTS = {
    "attack": lx.ATTACK_WORDS, "killed": lx.KILLED_WORDS + lx.INJURED_WORDS, "verbs": lx.KILL_VERBS + lx.INJURE_VERBS,
    "persons": lx.PERSON_NOUNS, "targets": tuple(lx.TARGET_TYPES), "background": lx.BACKGROUND_CUES,
    "claims": lx.CLAIM_VERBS, "unclaimed": lx.UNCLAIMED_CUES, "blame": lx.BLAME_CUES,
    "attackers": lx.ATTACKER_NOUNS, "speech": sw.SPEECH_VERBS,
}


def flat(words) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


def spans(source: str, text: str, flags: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group("w")) for m in re.finditer(source, text, flags)]


@pytest.mark.parametrize("name", sorted(WORD_LISTS))
def test_same_matches_on_rand_text(name: str, rand_rows: list[dict]) -> None:
    words = WORD_LISTS[name]
    text = "\n".join(r["Description"] for r in rand_rows[::40])
    for shape in (r"\b(?P<w>{})\b", r"(?P<w>{})\s+(?:the|a)\b", r"\b(?P<w>{})"):
        for flags in (re.I, 0):
            want = spans(shape.format(flat(words)), text, flags)
            assert spans(shape.format(alternation(words)), text, flags) == want
    assert alternation(words) != flat(words)  # the list was factored, not left flat


def test_prefix_phrases_keep_the_longest_first() -> None:
    words = ["shot", "shot dead", "shot to death", "kill", "killed", "killing"]
    text = "gunmen shot  dead two men, shot to  death a third and killed one; the killing of a shot"
    for shape in (r"\b(?P<w>{})\b", r"\b(?P<w>{})\s+(?:two|a)\b", r"(?P<w>{})(?=\s+of)"):
        assert spans(shape.format(alternation(words)), text, re.I) == spans(shape.format(flat(words)), text, re.I)
    assert spans(rf"\b(?P<w>{alternation(words)})\b", text, 0)[0][2] == "shot  dead"


def test_phrases_differing_in_case_stay_flat() -> None:
    """Compiled to ignore case, "Gen" and "gen" could both match: their order matters, so no factoring."""
    assert alternation(["Gen", "gen", "general"]) == flat(["Gen", "gen", "general"])
    assert alternation(["Çatı", "cat"]) == flat(["Çatı", "cat"])
