"""Actors named in a report, and what the text says they did: claimed, denied, were blamed,
attacked, or were attacked.

Mentions are found by looking word sequences up in an index built from the actor registry's
names and aliases with the registry's own key (`knowledge.name_key`), so a report's spelling
(Kataeb Hezbollah, Hizballah Brigades) meets the registry's exactly as `resolve` would; every
hit is then confirmed with `registry().resolve`, which stays the only authority on who is who.
Short all-capital aliases (IS, KH, ETA) match only when written in capitals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from estimative.extract import lexicon as lx
from estimative.extract import stated_words as sw
from estimative.extract.tables import alternation
from estimative.extract.tables.dates import MON_FULL
from estimative.extract.text import Word, words
from estimative.geo.countries import demonym_keys
from estimative.model import ActorRef

# an alias that reads as a date ("November 17", the Greek group) names no one in running text ("On November 17,
# gunmen attacked..."); `registry().resolve` still reads it where a record codes the group by that name
_DATE_SHAPED = re.compile(rf"(?i:{MON_FULL}\s+\d{{1,2}}|\d{{1,2}}\s+{MON_FULL})")
_SUN = frozenset({"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"})
_DROP = frozenset({"al", "el"})
_GENERIC_SINGLE = frozenset({"army", "police", "government", "forces", "military", "party", "front", "movement",
                             "group", "brigade", "brigades", "militia", "rebels", "islamic", "national", "people",
                             "the", "unknown", "other", "others", "individuals", "guerrillas", "soldiers",
                             "insurgents", "militants", "terrorists", "extremists", "separatists", "tribe",
                             "tribesmen", "students", "workers", "mujahideen", "jihad", "martyrs", "resistance"})


@dataclass(slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor_id: str
    ref: ActorRef
    role: str = "mentioned"  # claimant | denier | blamed | perpetrator | target | blamer | mentioned
    sentence: int = 0
    named_state: bool = False  # a state named as such ("Turkey"): kept only as an author


@dataclass(frozen=True, slots=True)
class _Index:
    keys: dict[str, str]  # alias key -> actor id
    caps_only: frozenset[str]  # keys that must be written in capitals (acronyms)
    prefixes: frozenset[str]
    max_len: int


@lru_cache(maxsize=1)
def _index() -> _Index:
    from estimative.knowledge import name_key, registry

    keys: dict[str, str] = {}
    caps: set[str] = set()
    # Forms as written first, then the forms derived from them ("Ansar al-Sunna (Mozambique)" without
    # its qualifier): a derived form never takes a key that another actor writes out, and two actors
    # deriving one key lose it (the registry's own `resolve` reads aliases before derived forms too).
    for derived in (False, True):
        ambiguous: set[str] = set()
        found: dict[str, str] = {}
        for actor in registry().actors:
            for form in _index_forms(actor, derived):
                k = name_key(form)
                if not k or k in _GENERIC_SINGLE or (derived and k in keys) or _DATE_SHAPED.fullmatch(form.strip()):
                    continue
                bare = re.sub(r"[^A-Za-z0-9]", "", form)
                if bare.isupper() and len(bare) <= 5:
                    caps.add(k)
                if found.get(k, actor.id) != actor.id:
                    ambiguous.add(k)
                found.setdefault(k, actor.id)
        keys.update({k: v for k, v in found.items() if k not in ambiguous})
    prefixes = frozenset(" ".join(k.split()[:i]) for k in keys for i in range(1, k.count(" ") + 1))
    return _Index(keys=keys, caps_only=frozenset(caps), prefixes=prefixes,
                  max_len=max((k.count(" ") + 1 for k in keys), default=1))


def _index_forms(actor, derived: bool) -> list[str]:
    """An actor's names as written, or (`derived`) the forms made from those with parentheses:
    without them, and a parenthesised acronym ("(FARC)", not "(Colombia)")."""
    written = [actor.name, *actor.aliases]
    if not derived:
        return written
    forms: list[str] = []
    for w in written:
        if "(" in w:
            forms.append(re.sub(r"\([^()]*\)?", " ", w))
            forms += [p for p in re.findall(r"\(([^()]*)\)", w) if " " not in p.strip() and sum(c.isupper() for c in p) >= 2]
    return forms


@lru_cache(maxsize=50_000)
def _token_key(token: str) -> str:
    """The registry key of one word (inside a name "the" is a word: Popular Front for the Liberation ...)."""
    from estimative.knowledge import name_key

    return "the" if token.lower() == "the" else name_key(token)


def find_actors(text: str, spans: list[tuple[int, int]], lowercase_doc: bool = False) -> list[ActorMention]:
    """Every registry actor named in the text, longest match first, each resolved by the registry."""
    from estimative.knowledge import registry

    idx = _index()
    reg = registry()
    out: list[ActorMention] = []
    for si, (a, b) in enumerate(spans):
        toks: list[tuple[Word, str]] = []
        ws = words(text, a, b)
        for w in ws:
            k = _token_key(w.text)
            low = w.text.lower()
            nxt_dash = w.end < len(text) and text[w.end] == "-"
            if low in _DROP or (low in _SUN and nxt_dash) or not k:
                continue
            toks.append((w, k))
        i = 0
        while i < len(toks):
            best = None
            key = ""
            for j in range(i, min(len(toks), i + idx.max_len)):
                key = f"{key} {toks[j][1]}" if key else toks[j][1]
                if key in idx.keys:
                    best = (j, key)
                if key not in idx.prefixes:
                    break
            if best is None:
                i += 1
                continue
            j, key = best
            s, e = toks[i][0].start, toks[j][0].end
            surface = text[s:e]
            if j == i and not lowercase_doc and not surface[:1].isupper():
                i += 1
                continue  # one lower-case word ("previous") is not a name, whatever it folds to
            if key in idx.caps_only and not lowercase_doc and not surface.replace(".", "").replace("-", "").isupper():
                i += 1
                continue
            if lowercase_doc and key in idx.caps_only and (len(key) < 3 or key in _LOWER_STOP):
                i += 1
                continue
            actor = reg.resolve(surface)
            if actor is None or actor.id != idx.keys[key]:
                actor = reg.get(idx.keys[key]) if idx.keys[key] in reg else None
            actor = _of_its_state(actor, surface, reg)
            if actor is not None:
                ref = actor.ref()
                out.append(ActorMention(start=s, end=e, text=surface, actor_id=actor.id, ref=ref, sentence=si))
            i = j + 1
    out += _state_forces(text, spans, reg, out)
    out += _states_named(text, spans, reg, out)
    out.sort(key=lambda m: m.start)
    return out


_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z.]*(?:\s+(?:of\s+)?[A-Z][A-Za-z.]*){0,3}")
AUTHOR_ROLES = frozenset({"claimant", "denier", "blamed", "perpetrator"})


def _states_named(text: str, spans: list[tuple[int, int]], reg, found: list[ActorMention]) -> list[ActorMention]:
    """A state named as such ("Turkey", "Iran", "the United States"), as its forces. Only a state
    the text makes an author (claimant, denier, blamed, perpetrator) stays a mention: `keep_authors`
    drops the others, for a country's name is mostly a place."""
    from estimative.analysis.threads import state_forces
    from estimative.geo import country_of, place_key

    by_country = state_forces()
    out: list[ActorMention] = []
    for si, (a, b) in enumerate(spans):
        for m in _CAPITALISED.finditer(text, a, b):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            phrase = m.group()  # the whole capitalised run: "Pakistan Telecommunications" is no state
            iso = country_of(phrase)
            if iso and iso in by_country and place_key(phrase) not in demonym_keys():
                actor = reg.get(by_country[iso])
                out.append(ActorMention(start=m.start(), end=m.end(), text=phrase, actor_id=actor.id,
                                        ref=actor.ref(), sentence=si, named_state=True))
    return out


_FORCES = re.compile(r"\b(?P<adj>[A-Z][A-Za-z.]+)\s+(?:(?:F-\d+|[A-Z][\w-]*\d[\w-]*|B-\d+|MQ-\d+|Reaper|military|"
                     r"fighter|war|navy|air\s+force)\s+)?(?P<noun>aircraft|warplanes|jets|fighter\s+jets|drones?|forces|"
                     r"troops|military|army|navy|air\s+force|helicopters|gunships|soldiers|marines|commandos|"
                     r"(?:air|drone|missile|rocket)\s+strikes?|airstrikes?|(?:air\s+)?raids?|bombardment|shelling)\b")


def _state_forces(text: str, spans: list[tuple[int, int]], reg, found: list[ActorMention]) -> list[ActorMention]:
    """ "US F-15 aircraft", "Israeli warplanes", "Turkish troops": a state's forces, when the registry
    knows them under "<nationality> forces" or "<nationality> military"."""
    from estimative.geo import country_of

    out: list[ActorMention] = []
    for si, (a, b) in enumerate(spans):
        for m in _FORCES.finditer(text, a, b):
            if any(f.start <= m.start() < f.end for f in found) or not country_of(m.group("adj")):
                continue
            actor = reg.resolve(f"{m.group('adj')} forces") or reg.resolve(f"{m.group('adj')} military")
            actor = _of_its_state(actor, m.group(), reg)
            if actor is not None:
                out.append(ActorMention(start=m.start(), end=m.end(), text=m.group(), actor_id=actor.id,
                                        ref=actor.ref(), sentence=si))
    return out


def _of_its_state(actor, surface: str, reg):
    """A state force named by a nationality word is that nation's forces: "Nigerien troops" folds
    to the key of "Nigerian troops" (knowledge.fold), but the word's country decides (Niger's)."""
    from estimative.analysis.threads import state_forces
    from estimative.geo import country_of

    if actor is None or actor.kind != "state_force" or not actor.countries:
        return actor
    iso = country_of(surface.split()[0])
    if iso is None or iso in actor.countries or iso not in state_forces():
        return actor
    return reg.get(state_forces()[iso])


_LOWER_STOP = frozenset({"is", "as", "at", "an", "it", "us", "we", "he", "she", "eta", "un", "am", "pm", "or", "and",
                         "the", "for", "are", "was", "had", "has", "not", "but", "all", "any", "can", "her", "his",
                         "one", "our", "out", "who", "new", "now", "old", "see", "two", "way", "did", "its", "let",
                         "put", "say", "too", "use", "man", "men", "day", "get", "may"})

# --- roles ---------------------------------------------------------------------------------


_ATTACK_VERB = (r"(?:attack(?:ed|s|ing)?|kill(?:ed|s|ing)?|detonat(?:ed|es|ing)|fir(?:ed|es|ing)|shell(?:ed|s|ing)|"
                r"ambush(?:ed|es|ing)|kidnapp?(?:ed|s|ing)|abduct(?:ed|s|ing)|bomb(?:ed|s|ing)|launch(?:ed|es|ing)|"
                r"set\s+fire|set\s+off|execut(?:ed|es|ing)|behead(?:ed|s|ing)|shot|shoot(?:s|ing)?|plant(?:ed|s|ing)|"
                r"hijack(?:ed|s|ing)|storm(?:ed|s|ing)|burn(?:ed|t|s|ing)|torch(?:ed|es|ing)|raid(?:ed|s|ing)|"
                r"seiz(?:ed|es|ing)|murder(?:ed|s|ing)|assassinat(?:ed|es|ing)|struck|strik(?:es|ing)|hit|"
                r"threw|throw(?:s|ing)?|target(?:ed|s|ing)|opened\s+fire|carried\s+out|carry\s+out|stabbed|"
                r"massacred|wound(?:ed|ing)|injur(?:ed|ing)|destroy(?:ed|ing)|blew\s+up|exploded|abducted|"
                r"infiltrated|overran|clashed|sabotaged|dynamited|hurled|lobbed|fired\s+on|ransacked|looted|"
                r"took\s+hostage|held\s+hostage|captured|blocked|triggered|used|lobbed|threw|set\s+ablaze|"
                r"beheaded|tortured|beat|assaulted|gunned\s+down|shot\s+dead|exploded|torched|fired|ambushed|"
                r"attempted|tried|claimed|launched|bombarded|mortared|rocketed|detonated|planted|placed)")
_PERP_NOUNS = (r"(?:members?|militants?|extremists?|separatists?|jihadists?|islamists?|fighters?|rebels?|cadres?|gunmen|guerrillas?|insurgents?|operatives?|"
               r"activists?|supporters?|loyalists?|terrorists?|commandos?|cells?|units?|elements?|suspects?|"
               r"men|bombers?|militiamen|followers?|mujahideen|squads?|wing)")
_CLAIM_AFTER = re.compile(
    r"^[^.;]{0,80}?\b(?:claim(?:ed|s|ing)?\s+(?:responsibility|credit|the|it|that|to\s+have|an?\b|they|its|in\s+a)|"
    r"took\s+responsibility|taken\s+responsibility|accepted\s+responsibility|announced\s+(?:its\s+)?responsibility|"
    r"said\s+(?:it|they|that\s+it|that\s+they)\s+(?:had\s+)?(?:carried\s+out|was\s+behind|were\s+behind|"
    r"attacked|fired|launched|targeted|killed)|claimed\b)", re.I)
_CLAIM_BEFORE = re.compile(r"(?:claimed\s+by\b[^.;]{0,110}?|claimed\s+jointly\s+by|"
                           r"responsibility\s+(?:was\s+)?(?:claimed|taken)\s+by|claim\s+by|"
                           r"claim\s+of\s+responsibility\s+(?:by|from)|a\s+group\s+calling\s+itself|"
                           r"group\s+(?:called|named|known\s+as)|statement\s+(?:by|from|issued\s+by)|"
                           r"communiqu[ée]\s+(?:by|from|signed\s+by))\s*(?:the\s+)?(?:\w+\s+){0,3}?$", re.I)
_DENY_AFTER = re.compile(rf"^[^.;]{{0,60}}?\b(?:{alternation(lx.DENIAL_CUES)})\b", re.I)
_BLAME_BEFORE = re.compile(
    r"\b(?:blam(?:ed|es|ing)\s+(?:(?:the|this|that)\s+(?:attack|bombing|incident|killing|blast|explosion|attacks|"
    r"assault|strike|strikes)\s+)?(?:on\s+)?|attributed\s+(?:\w+\s+){0,3}?to|accus(?:ed|es|ing)|"
    r"suspect(?:ed|s)?(?:\s+that)?|believed\s+to\s+(?:be|have\s+been)\s+(?:the\s+work\s+of|behind|by|from|"
    r"carried\s+out\s+by|members\s+of)?|thought\s+to\s+be(?:\s+the\s+work\s+of)?|"
    r"(?:likely|probably|possibly|allegedly|apparently)?\s*(?:perpetrated|carried\s+out|committed|conducted|"
    r"launched|orchestrated|masterminded|planned|organized|organised)\s+by|hallmarks?\s+of|"
    r"work\s+of|pointed\s+(?:the\s+finger|to)|held|hold|holds|responsible\s+was|tied\s+to|linked\s+to|"
    r"(?:by|from)\s+(?:suspected\s+|alleged\s+)?(?:\w+\s+)?" + _PERP_NOUNS + r"\s+(?:of|from|with|belonging\s+to|"
    r"linked\s+to|loyal\s+to)|by|suspected\s+(?:\w+\s+)?" + _PERP_NOUNS + r"\s+(?:of|from)|"
    r"(?:members?|militants?|fighters?|rebels?|cadres?|gunmen|guerrillas?|insurgents?)\s+(?:of|from|with|"
    r"belonging\s+to|loyal\s+to|linked\s+to)|suspected)\s*(?:the\s+|a\s+|an\s+)?(?:\w+\s+)?$", re.I)
_BLAME_AFTER = re.compile(
    r"^\s*(?:\)\s*)?(?:(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+(?:widely\s+|also\s+|"
    r"likely\s+|probably\s+|possibly\s+|allegedly\s+|being\s+)?(?:blamed|suspected|believed|thought|accused|"
    r"responsible|behind|held\s+responsible|to\s+blame)|(?:may|might|could|must)\s+(?:have\s+been|be)\s+"
    r"(?:responsible|behind)|(?:was|were|is|are)\s+the\s+(?:likely\s+|probable\s+)?(?:perpetrators?|culprits?))",
    re.I)
_PERP_SUBJECT = re.compile(
    rf"^\s*\)?\s*(?:\([^)]{{0,20}}\)\s*)?(?:'s\s+)?(?:{_PERP_NOUNS}\s+)?(?:(?:reportedly|allegedly|also|then|had|have|"
    rf"has|later|again|apparently|today|yesterday)\s+)*{_ATTACK_VERB}\b", re.I)
_TARGET_BEFORE = re.compile(
    r"\b(?:(?:member|members|supporter|supporters|leader|leaders|commander|official|officials|office|offices|"
    r"headquarters|activist|activists|candidate|candidates|spokesman|chief|head|building|home|house|convoy|"
    r"patrol|base|position|positions|checkpoint|camp|vehicle|car|personnel|soldiers|troops|forces|officers|"
    r"delegation|representative|representatives|founder|relative|relatives|brother|son|wife|official)\s+"
    r"(?:\w+\s+){0,2}?(?:of|from|for|with|belonging\s+to|loyal\s+to|linked\s+to)|against|targeting|targeted|"
    r"attack(?:ed|ing)?\s+(?:on|against)?|killing|killed|kill|wounding|wounded|ambushed|"
    r"kidnapped|abducted|on|at|near|fired\s+(?:on|at)|opened\s+fire\s+on)\s*(?:a\s+|an\s+|the\s+|two\s+|three\s+)?"
    r"(?:\w+\s+){0,3}?$", re.I)
# --- the shapes built from `stated_words` (issue #15) ---
_SAYS_OWN_DEED = re.compile(
    rf"^[^.;]{{0,80}}?\b(?:{alternation(sw.SPEECH_VERBS)})\s+(?:that\s+)?(?:(?:it|they)\s+(?:had\s+|has\s+|have\s+)?"
    rf"(?:{alternation(sw.OWN_DEEDS)})|(?:its|their)\s+(?:own\s+)?(?:{alternation(sw.OWN_FORCES)})\s+(?:had\s+|have\s+)?"
    rf"(?:\w+\s+){{0,2}}?(?:{alternation(sw.OWN_DEEDS)}))\b", re.I)
_CLAIMING_BEFORE = re.compile(rf"\bin\s+(?:{alternation(sw.CLAIMING_VERBS)})\s+(?:\w+\s+){{0,4}}?\w+\s*,\s*(?:the\s+)?$", re.I)
_ASSESSED_BEFORE = re.compile(
    rf"\b(?:{alternation(sw.RESPONSIBLE_SUBJECTS)})\W{{0,3}}\s*(?:(?:were|was|are|is|had\s+been|have\s+been)\s+)"
    rf"(?:\w+\s+)?\W{{0,2}}(?:{alternation(sw.ASSESSING_VERBS)})\s+(?:to\s+(?:have\s+been|be)\s+|as\s+)"
    rf"(?:the\s+work\s+of\s+|members\s+of\s+|fighters\s+of\s+)?(?:the\s+|an?\s+)?$", re.I)
_VICTIM_BEFORE = re.compile(
    rf"\b(?:{alternation(sw.VICTIM_VERBS)})\s+(?:(?!(?:{alternation(sw.CLAUSE_WORDS)})\b)\w+\s+){{0,3}}?(?:{alternation(sw.VICTIM_NOUNS)})\s+(?:of|from|in|belonging\s+to)"
    rf"\s+(?:the\s+)?(?:\w+(?:'s|’s)?\s+)?$", re.I)
_STRIKE_AFTER = re.compile(rf"^\s*(?:{alternation(sw.STRIKE_NOUNS)})\b", re.I)
_STRIKE_END = re.compile(rf"\b(?:{alternation(sw.STRIKE_NOUNS)})$", re.I)
_POSSESSED = re.compile(rf"^(?:{alternation(sw.POSSESSIVE)})\s+(?!(?:{alternation(sw.OWN_FORCES)})\b)", re.I)
_ADVERBS = r"(?:(?:has|have|had|reportedly|allegedly|also|then|later|again|itself)\s+)*"
_STATE_CLAIMS = re.compile(rf"^\s*{_ADVERBS}(?:{alternation(sw.STATE_CLAIM_VERBS)})\b", re.I)
_STATE_DENIES = re.compile(rf"^\s*{_ADVERBS}(?:{alternation(lx.DENIAL_CUES)})\b", re.I)
_STATE_ACTS = re.compile(rf"^\s*{_ADVERBS}(?:{alternation(sw.OWN_DEEDS)})\b", re.I)
_STATE_BLAMED = re.compile(rf"\b(?:{alternation(sw.STATE_BLAME_VERBS)})\s+(?:the\s+\w+\s+on\s+)?$", re.I)
_STATE_HELD = re.compile(rf"\b(?:{alternation(sw.HOLDING_VERBS)})\s+$", re.I)
_STATE_AS_PLACE = re.compile(rf"(?:\b(?:{alternation(sw.PLACE_PREPOSITIONS)})\s+(?:the\s+)?|,\s*)$", re.I)
_RESPONDED_BY = re.compile(rf"\b(?:{alternation(sw.RESPONSE_VERBS)})\s+(?:\w+\s+){{0,2}}?by\s+(?:the\s+)?$", re.I)
_ARTICLE_PREFIX = re.compile(r"\b(?:al|el|ad|an|ar|as|ash|at|az)[-‐]$", re.I)
_BLAMER_BEFORE = re.compile(r"([A-Z][\w.'-]*(?:\s+[A-Za-z][\w.'-]*){0,4}?)\s+(?:officials?\s+)?"
                            r"(?:blamed|accused|suspect(?:ed|s)?|said|say|believe[sd]?|attributed)\s+$")


def assign_roles(text: str, mentions: list[ActorMention], spans: list[tuple[int, int]]) -> None:
    """Set each mention's role from the words around it (within its sentence)."""
    for m in mentions:
        a, b = spans[m.sentence]
        before = _ARTICLE_PREFIX.sub("", text[max(a, m.start - 90):m.start])  # "to al-" + "Shabaab"
        after = text[m.end:min(b, m.end + 120)]
        if m.named_state:
            m.role = _state_role(before, after)
        elif _RESPONDED_BY.search(before):
            m.role = "mentioned"  # who responded: "stopped by Afghan troops", "defused by police"
        elif _VICTIM_BEFORE.search(before) or _POSSESSED.match(after):
            m.role = "target"  # the struck party, or a party's belonging: never the author
        elif _DENY_AFTER.search(after):
            m.role = "denier"
        elif _CLAIM_BEFORE.search(before) or _CLAIMING_BEFORE.search(before) or _SAYS_OWN_DEED.search(after) or (
                _CLAIM_AFTER.search(after) and not re.match(r"^[^.;]{0,60}?\b(?:blamed|accused)", after, re.I)):
            m.role = "claimant"
        elif _STRIKE_END.search(m.text) or _STRIKE_AFTER.match(after):
            m.role = "perpetrator"
        elif _BLAME_AFTER.search(after) or _BLAME_BEFORE.search(before) or _ASSESSED_BEFORE.search(before):
            m.role = "blamed"
        elif _TARGET_BEFORE.search(before):
            m.role = "target"
        elif _PERP_SUBJECT.search(after):
            m.role = "perpetrator"
        elif re.search(r"\b(?:blamed|accused)\s+(?:the\s+)?$", before, re.I):
            m.role = "blamed"
        elif re.match(r"^\s*(?:officials?|spokes(?:man|woman|person)|authorities|police|forces|military|"
                      r"commanders?)?\s*(?:blamed|accused|said|say|believe)", after, re.I):
            m.role = "blamer"
    mentions[:] = [m for m in mentions if not m.named_state or m.role in AUTHOR_ROLES and not _named_precisely(m, mentions)]


def _named_precisely(state: ActorMention, mentions: list[ActorMention]) -> bool:
    """The text names, as an author, a force of the state it also names as such ("Iran fired ...;
    Iran's Islamic Revolutionary Guard Corps claimed ..."): the precise name stands for the state."""
    own = set(state.ref.families[:1])
    return any(not m.named_state and m.role in AUTHOR_ROLES and own & set(m.ref.families) for m in mentions)


def _state_role(before: str, after: str) -> str:
    """The role of a state named as such ("Iran", "Turkey"), read only in the closest shapes: the
    subject of a claim, a denial or an act, or the object of a blame verb; else a place or a party."""
    if _STATE_AS_PLACE.search(before):
        return "mentioned"
    if _STATE_CLAIMS.match(after) or _CLAIMING_BEFORE.search(before):
        return "claimant"
    if _STATE_DENIES.match(after):
        return "denier"
    if _STATE_ACTS.match(after) or _STRIKE_AFTER.match(after):
        return "perpetrator"
    if _STATE_BLAMED.search(before) or _BLAME_AFTER.search(after) or (
            _STATE_HELD.search(before) and re.match(r"^\s*(?:\w+\s+)?responsible\b", after, re.I)):
        return "blamed"
    return "mentioned"


def blamer_of(text: str, m: ActorMention, span: tuple[int, int]) -> str | None:
    """Who said so, for a blamed actor: "US officials blamed Kata'ib Hizballah" -> "US officials"."""
    before = text[max(span[0], m.start - 80):m.start]
    hit = re.search(r"((?:(?:the\s+)?(?:U\.?S\.?\s+)?Department\s+of\s+(?:Defen[sc]e|State)|(?:the\s+)?Pentagon)|"
                    r"(?:[A-Z][\w.'-]*|the|local|senior|security|government|military|police|defense|defence|"
                    r"intelligence|[a-z]+)\s+(?:officials?|authorities|police|sources|spokes(?:man|woman|person)|"
                    r"officers?|commanders?|ministry|military|government|army|forces|pentagon|sources))\s+"
                    r"(?:\w+\s+){0,2}?(?:blamed|blames|accused|suspect(?:ed|s)?|said|believe[sd]?|attributed)\b",
                    before, re.I)
    return hit.group(1).strip() if hit else None


# --- names the text states as an attack's author ------------------------------------------------
# "Ahl al-Marouf claimed responsibility", "sources attributed the attack to Muslim extremists": the text
# names the author in a claim or blame slot, whether or not the registry knows the name. Registry names
# inside the slot keep their id; the slot's whole name is what the text says ("The East Asia Division of
# the Islamic State claimed ...").
_CLAIM_SUBJECT = re.compile(
    rf"(?:^|[.;:!?]\s+|\bhowever,?\s+|\bbut\s+|,\s+)(?P<name>(?:[Tt]he\s+)?[A-Z][^.;:!?,]{{0,110}}?)\s+"
    rf"(?:{alternation(sw.CLAIM_PREDICATES)})\b")
_BLAME_SLOT = re.compile(rf"\b(?:{alternation(sw.BLAME_SLOTS)})\s+")
_SUSPECTED_THAT = re.compile(
    rf"\b(?:suspected|suspect|believed|believe|said|reported)\s+that\s+(?P<name>[^.;:!?,]{{2,110}}?)\s+"
    rf"(?:{alternation(sw.BLAME_AFTER_NAME)})\b", re.I)
# a name ends at a stop, a clause word, or a participle after it ("Asbat al-Ansar operating in ...")
_NAME_STOP = re.compile(rf"\s*(?:[,;:.!?]|\b(?:{alternation(sw.NAME_STOPS)})\b)|\s+(?=(?-i:[a-z]+(?:ing|ed))\b)", re.I)
_NAME_GOES_ON = re.compile(r"\s*for\s+(?:the\s+)?[A-Z]")
_CAPITAL_START = re.compile(r"(?:the\s+)?[A-Z]")
_TRAILING_ADVERBS = re.compile(rf"(?:\s+(?:{alternation(sw.NAME_STOPS)}|reportedly|later|then|together))+\s*$", re.I)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_NOT_A_NAME = re.compile(r"\b(?:was|were|is|are|has|have|had|said|says|who|which|that|when|after|and\s+stated)\b")
_ANONYMOUS = frozenset(sw.ANONYMOUS_AUTHORS)
_OF_GROUP = re.compile(r"\s+of\s+(?:the\s+)?(?P<group>(?:[A-Z][\w'-]*\s+)?)$")
_NOT_NAME_OPENERS = frozenset(sw.NOT_NAME_OPENERS)
_DESCRIBES = re.compile(rf"\b(?:{alternation(sw.NOT_NAME_WORDS)})\b", re.I)


def stated_authors(text: str, spans: list[tuple[int, int]], mentions: list[ActorMention],
                   lowercase_doc: bool = False) -> None:
    """Add to `mentions` (in place, kept in text order) every author the text names in a claim or blame
    slot; a registry mention inside such a name gives it its id and takes the slot's role."""
    if lowercase_doc:
        return  # without capitals a clause's subject cannot be told from its other words
    for si, (a, b) in enumerate(spans):
        low = text[a:b].lower()  # each shape runs only where its key word is written
        if "claim" in low or "responsib" in low:
            for m in _CLAIM_SUBJECT.finditer(text[a:b]):  # a slice: "^" is the sentence's start
                _add_stated(text, a + m.start("name"), a + m.end("name"), si, "claimant", mentions)
        if "attribut" in low or "blame" in low or "involvement" in low:
            for m in _BLAME_SLOT.finditer(text, a, b):
                end = _name_end(text, m.end(), b, mentions)
                if end > m.end():
                    _add_stated(text, m.end(), end, si, "blamed", mentions)
        if " that " in low:
            for m in _SUSPECTED_THAT.finditer(text, a, b):
                _add_stated(text, m.start("name"), m.end("name"), si, "blamed", mentions)
    mentions.sort(key=lambda m: m.start)


def _name_end(text: str, start: int, limit: int, mentions: list[ActorMention]) -> int:
    """Where a name read after a blame slot ends: at a clause word or a stop, never inside a registry
    name ("the Islamic State of Iraq and the Levant (ISIL)") or a bracket."""
    pos = start
    while pos < limit:
        stop = _NAME_STOP.search(text, pos, limit)
        end = stop.start() if stop else limit
        if stop and _NAME_GOES_ON.match(text, stop.start()) and _CAPITAL_START.match(text, start):
            pos = stop.end()  # "the Coalition of Patriots for Change": a capitalised name goes on
            continue
        inside = next((m for m in mentions if m.start < end < m.end), None)
        opened = text.count("(", start, end) > text.count(")", start, end)
        if inside is not None:
            pos = inside.end
        elif opened:
            close = text.find(")", end, limit)
            pos = close + 1 if close != -1 else limit
        else:
            return end
    return limit


def _add_stated(text: str, start: int, end: int, sentence: int, role: str, mentions: list[ActorMention]) -> None:
    from estimative.knowledge import registry

    raw = text[start:end]
    lead = _LEADING_ARTICLE.match(raw)
    if lead:
        start += lead.end()
    tail = _TRAILING_ADVERBS.search(text, start, end)
    if tail:  # "Dev Sol and the Turkish wing of Islamic Jihad both claimed": not part of the name
        end = tail.start()
    name = " ".join(text[start:end].split()).strip(" '\"")
    words = name.split()
    if not words or len(words) > 12 or _NOT_A_NAME.search(name):
        return
    from estimative.geo import country_of

    low = name.lower()
    capitalised = [w for w in words if w[:1].isupper()]
    if low in _ANONYMOUS or (words[-1].lower() in _ANONYMOUS and not capitalised) or words[0].lower() in \
            _NOT_NAME_OPENERS or _DESCRIBES.search(name) or country_of(name) or (not capitalised and len(words) > 4):
        return  # a description ("no group", "an unknown group"), or a state (weighed as such elsewhere)
    inner = [m for m in mentions if start <= m.start and m.end <= end and not m.named_state]
    of = next(((m, o) for m in reversed(inner) if m.start > start
               for o in [_OF_GROUP.search(text, start, m.start)] if o), None)
    if of is not None:  # "the Derry Brigade of the New Irish Republican Army": the organisation is the group's
        start = of[1].start("group")
        for m in inner:
            if m.start < start:  # the unit: a part of the group, not an author beside it
                mentions.remove(m)
        inner = [m for m in inner if m.start >= start]
        name = " ".join(text[start:end].split()).strip(" '\"")
    if any(m.start == start and m.end >= end - 1 for m in inner):
        for m in inner:  # the registry's name is the whole name: it takes the slot's role
            if m.role not in AUTHOR_ROLES:
                m.role = role
        return
    if any(m.start < end and start < m.end and m not in inner for m in mentions) or (not capitalised and
                                                                                      role == "claimant"):
        return
    actor = registry().resolve(name)
    ref = actor.ref() if actor is not None else ActorRef(name=name)
    if actor is None and inner and inner[0].actor_id in registry():
        actor = registry().get(inner[0].actor_id)  # "the East Asia Division of the Islamic State": named closer
        ref = actor.ref()
        ref.name = name
    for m in inner:
        mentions.remove(m)
    mentions.append(ActorMention(start=start, end=end, text=name, actor_id=actor.id if actor else "", ref=ref,
                                 role=role, sentence=sentence))
