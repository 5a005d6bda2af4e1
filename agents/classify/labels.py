"""Event labels: which kinds of event an item reports, with evidence and confidence.

The label set is the :data:`LABELS` table: label -> cue phrases with weights.
A cue is a phrase matched on whole words (``stem=True``: also as a word prefix,
"bombard" -> "bombardment"). Adding a label (``casualties``, say) is one more
entry in the table; nothing else changes.

A cue *occurrence* counts unless its sentence says the event did not happen or
is not the news:

* **negation / denial** - "denied detaining anyone", "there was no fighting",
  "without clashes";
* **history** - the sentence places the event in a past year ("fled in 2015",
  "during the 2014 offensive") or "years ago", and has no present-time marker
  ("on Sunday", "this week");
* **goal / hypothetical** - the cue is the object of ending or avoiding
  ("talks to end the fighting", "halt the shelling"), or a future/conditional
  ("could flee", "threatened to arrest", "warned of an offensive");
* **aid / talks framing** - noun cues such as "refugees" in a sentence about
  pledges, donors, funding or negotiations count at a fraction of their weight.

The confidence of a label is the noisy-or of the weights of its counted
occurrences (each cue counted once per sentence, headline occurrences weigh
more); the label is given when the confidence reaches :data:`THRESHOLD`.
Evidence is the sentences with the strongest occurrences, in text order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.classify.matcher import PhraseMatcher
from agents.classify.sentences import Doc, Sentence
from schemas import LabelHit

THRESHOLD = 0.55
MAX_EVIDENCE = 3


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue phrase of a label. ``noun`` cues name people/things rather than an
    event ("refugees", "detainees") and are damped by aid/talks framing."""

    phrase: str
    weight: float
    stem: bool = False
    noun: bool = False


def _cues(spec: str, weight: float, *, stem: bool = False, noun: bool = False) -> list[Cue]:
    return [Cue(p.strip(), weight, stem, noun) for p in spec.split("|") if p.strip()]


LABELS: dict[str, list[Cue]] = {
    "battle": [
        *_cues("fighting|clashes|clashed|clash with|clashing|firefight|gunfight|gunbattle|gun battle|"
               "shelling|shelled|shells|air strike|air strikes|airstrike|airstrikes|air raid|air raids|"
               "drone strike|drone strikes|missile strike|missile strikes|bombardment|bombarded|"
               "bombarding|bombing|bombings|bombed|besieged|besieging|under siege|siege of|"
               "artillery fire|rocket fire|mortar fire|mortar|mortars|heavy fighting|fierce fighting|"
               "offensive against|counteroffensive|counter-offensive|ground offensive|stormed|"
               "overran|overrun|recaptured|retook|ambushed|ambush|battled|battling|combat|"
               "exchange of fire|exchanged fire|opened fire|shootout|frontline|front line|front lines|"
               "launched an assault|assault on", 0.8),
        *_cues("assault|assaults|offensive|offensives|advance|advanced|advancing|advances|attack|attacks|"
               "attacked|battle|battles|raid|raids|strikes|struck|shot down|killed in|fought|"
               "insurgency|siege|push into|pushed into|"
               "explosion|explosions|land mines|landmine", 0.35),
        *_cues("militants|gunmen|troops|rockets|missiles|drone|drones|jihadists|rebels", 0.15),
        *_cues("retake|recapture", 0.35),
        # Taking a town is fighting, but "captured"/"control" alone is weak evidence.
        *_cues("captured|captures|seized|seizes|seize control|took control|taken control|full control|"
               "takeover of|fell to|fallen to|fallen under", 0.45),
    ],
    "displacement": [
        *_cues("fled|flee|flees|fleeing|displaced|displacement|displacing|uprooted|exodus|evacuated|"
               "evacuation|evacuations|evacuating|forced from their homes|forced to leave|forced out|"
               "left their homes|fled their homes|flee their homes|forced to flee|returned to their homes|"
               "returning to their homes|sought refuge|seeking refuge|sought shelter|seeking shelter|"
               "escaped from|escaping the|cross into|crossed into|crossing into|made homeless|"
               "homeless|take refuge|took refuge|taking refuge|fled across|flowed across|poured across|"
               "streamed across", 0.8),
        *_cues("refugees|refugee|idps|idp|returnees|asylum seekers|evacuees|camp for displaced|"
               "displacement camp|displacement camps", 0.65, noun=True),
        *_cues("escaped|escape|return home|returned home|returning home|shelters|shelter|camps", 0.3),
    ],
    "detention": [
        *_cues("arrested|arrests|arrest of|arresting|detained|detaining|detention|detainees|detainee|"
               "imprisoned|imprisonment|jailed|abducted|abduction|abductions|kidnapped|kidnapping|"
               "kidnappings|taken hostage|held hostage|hostages|held captive|held in custody|"
               "in custody|taken into custody|taken prisoner|rounded up|apprehended|incommunicado|"
               "forcibly disappeared|being held|were held|are held|is held|was held|captured alive|"
               "surrendered and|taken captive|detention centre|detention center|surrendered to|surrender of|"
               "handed themselves over|turned themselves in", 0.8),
        *_cues("arrest|prisoners|prisoner|captives|custody|surrendered|jail|prison|captured|"
               "sentenced", 0.35),
    ],
}

# --- sentence-level conditions (precompiled once) ---------------------------------

_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|nor|without|denied|denies|deny|denying|rejected|dismissed|refuted|"
    r"no one|nobody|none|neither|n't|false|free of|lack of|absence of|instead of)\b[^.;:]{0,60}$",
    re.IGNORECASE,
)
_DENIAL_AFTER = re.compile(r"^[^.;]{0,40}\b(?:were|was)\s+(?:false|untrue|baseless|fabricated)\b", re.IGNORECASE)
_GOAL_BEFORE = re.compile(
    r"\b(?:end|ends|ending|ended|halt|halting|stop|stopping|prevent|preventing|avoid|avoiding|resolve|"
    r"resolving|curb|curbing|de-escalate|cessation of|pause in|pause to|lull in|truce in|ceasefire in|"
    r"could|would|may|might|will|threatened to|threatens to|threaten to|plan to|plans to|planned to|"
    r"vowed to|pledged to|warned of|warns of|warned that|warning of|risk of|risks|fears of|fear of|"
    r"feared|possible|potential|looming|imminent|ready to|prepare for|prepared for|if|unless|"
    r"calls for an|called for an|allowed|allow|deter)"
    r"\b(?:\s+(?:the|a|an|any|further|more|new|renewed|all|their|its|his|her|of|to|be|been|"
    r"have|has|in|on|further|large-scale|full-scale|major|mass|possible|military|\w+ed|\w+ing)){0,3}\s*$",
    re.IGNORECASE,
)
_HISTORY = re.compile(
    r"\b(?:in|during|since the|by|of|back in|until|between|from|early|late|mid-?|spring|summer|autumn|"
    r"fall|winter|january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\s+(?:of\s+)?(19\d\d|20\d\d)\b|\b(?:years|decades|a decade|a year) ago\b|"
    r"\b(?:in|during|of|since) the (?:19|20)\d\d\b|\b(?:in|during) the (?:19|20)\d0s\b|\banniversary\b|\bremember(?:ed|s)?\b|\brecall(?:ed|s)?\b",
    re.IGNORECASE,
)
# Cheap pre-check for _HISTORY (which is slow to run on every sentence).
_HISTORY_HINT = re.compile(r"(?:19|20)\d\d|ago\b|nniversar|emember|ecall", re.IGNORECASE)
_PRESENT = re.compile(
    r"\b(?:today|tonight|yesterday|this (?:week|morning|month|weekend)|last (?:night|week)|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)|now|currently|ongoing|continue[sd]?|still)\b",
    re.IGNORECASE,
)
_AID_FRAME = re.compile(
    r"\b(?:pledg\w*|donors?|donat\w*|funding|fund|appeal|aid|humanitarian|assistance|conference|talks|"
    r"negotiat\w*|agreement|deal|summit|election\w*|vote|voters|resettle\w*|integrat\w*|hosts?|"
    r"hosting|policy|law|bill|visa\w*|quota)\b",
    re.IGNORECASE,
)

# Money for refugees is not displacement: pledges, donors, funding appeals.
_PLEDGE = re.compile(r"\b(?:pledg\w*|donors?|donat\w*|funding|appeal for|aid for|conference)\b", re.IGNORECASE)
# Cumulative background ("the war has killed..., displaced ...") restates the conflict, not the news.
_BACKGROUND = re.compile(
    r"\b(?:the|this|a|its)\s+(?:[\w'-]+\s+){0,4}?(?:war|conflict|insurgency|crisis)\s+(?:has|have|had)\b|"
    r"\bsince the (?:start|beginning|outbreak)\b|\bnationwide\b|"
    r"\b(?:have|has) (?:died|been killed) in the (?:war|conflict|battle|fighting)\b",
    re.IGNORECASE,
)
# An item about remembering is about history even where a sentence has no year.
_COMMEMORATION = re.compile(
    r"\b(?:anniversar\w*|commemorat\w*|remembrance|memorial|remembered|nakba)\b", re.IGNORECASE
)
# "captured dozens of rebels" is a detention; "captured the town" is not.
_CAPTURED_PERSON = re.compile(
    r"^\s+(?:[\w,-]+\s+){0,3}?(?:fighters|soldiers|rebels|militants|troops|people|civilians|members|"
    r"prisoners|men|jihadists|officers|policemen|journalists|insurgents|gunmen)\b",
    re.IGNORECASE,
)

_MATCHER: PhraseMatcher[tuple[str, Cue]] = PhraseMatcher.from_phrases(
    (cue.phrase, cue.stem, (label, cue)) for label, cues in LABELS.items() for cue in cues
)


@dataclass(slots=True)
class SentenceFlags:
    """What a sentence says about time: is it about the past (history)?"""

    history: bool


def sentence_flags(sentence: Sentence, published_year: int | None) -> SentenceFlags:
    """History: a year before the story's year (any year when that is unknown),
    or "years ago", unless the sentence also has a present-time marker."""
    history = False
    if not _HISTORY_HINT.search(sentence.text):
        return SentenceFlags(False)
    for m in _HISTORY.finditer(sentence.text):
        year = m.group(1)
        if year is None or published_year is None or int(year) < published_year:
            history = True
            break
    if history and _PRESENT.search(sentence.text):
        history = False
    return SentenceFlags(history)


def _frames(sentence: Sentence) -> tuple[bool, bool, bool]:
    """(aid/talks frame, pledge frame, cumulative background) of a sentence."""
    t = sentence.text
    return bool(_AID_FRAME.search(t)), bool(_PLEDGE.search(t)), bool(_BACKGROUND.search(t))


def _occurrence_weight(
    label: str, cue: Cue, sentence: Sentence, offset: int, end: int, flags: SentenceFlags,
    frames: tuple[bool, bool, bool],
) -> float:
    """The weight of one cue occurrence in its sentence (0 when it does not count)."""
    before = sentence.text[max(0, offset - 90) : offset]
    if _NEGATION_BEFORE.search(before) or _DENIAL_AFTER.search(sentence.text[end:]):
        return 0.0
    if _GOAL_BEFORE.search(before[-60:]):
        return 0.0
    if flags.history:
        return 0.0
    w = cue.weight
    if cue.phrase in ("captured", "capture") and _CAPTURED_PERSON.match(sentence.text[end:]):
        w = 0.8
    aid, pledge, background = frames
    if cue.noun and aid:
        w *= 0.4
    elif label != "battle" and pledge:
        w *= 0.4
    if background:
        w *= 0.5
    if sentence.headline:
        w = min(0.95, w * 1.15)
    return w


def find_labels(doc: Doc, flags: list[SentenceFlags]) -> tuple[list[LabelHit], set[int]]:
    """Labels of ``doc`` and the indexes of the sentences used as evidence.

    ``flags`` is indexed like ``doc.sentences``.
    """
    # label -> sentence index -> cue phrase -> weight (max per cue per sentence)
    per_label: dict[str, dict[int, dict[str, float]]] = {}
    lead = " ".join(s.text for s in doc.sentences[:2])
    damp = 0.3 if _COMMEMORATION.search(lead) else 1.0
    frames: dict[int, tuple[bool, bool, bool]] = {}
    for start, end, payloads in _MATCHER.find(doc.norm):
        if start < doc.dateline_end and start >= doc.body_start:
            continue
        sent = doc.sentence_at(start)
        if not (sent.start <= start < sent.end):
            continue
        off, rel_end = start - sent.start, end - sent.start
        fr = frames.get(sent.index)
        if fr is None:
            fr = frames[sent.index] = _frames(sent)
        for label, cue in payloads:
            w = _occurrence_weight(label, cue, sent, off, rel_end, flags[sent.index], fr) * damp
            if w <= 0:
                continue
            cues = per_label.setdefault(label, {}).setdefault(sent.index, {})
            if w > cues.get(cue.phrase, 0.0):
                cues[cue.phrase] = w
    hits: list[LabelHit] = []
    evidence_idx: set[int] = set()
    for label in LABELS:
        by_sentence = per_label.get(label)
        if not by_sentence:
            continue
        miss = 1.0
        strength: list[tuple[float, int]] = []
        for idx, cues in by_sentence.items():
            s_miss = 1.0
            for w in cues.values():
                s_miss *= 1.0 - w
            miss *= s_miss
            strength.append((1.0 - s_miss, idx))
        confidence = 1.0 - miss
        if confidence < THRESHOLD:
            continue
        strength.sort(key=lambda t: (-t[0], t[1]))
        chosen = sorted(idx for _, idx in strength[:MAX_EVIDENCE])
        evidence_idx.update(chosen)
        hits.append(
            LabelHit(
                label=label,
                confidence=round(min(confidence, 0.99), 3),
                evidence=[doc.sentences[i].text for i in chosen],
            )
        )
    return hits, evidence_idx
