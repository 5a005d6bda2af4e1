"""One Aho-Corasick pass over an item's normalised text that finds every trigger.

The classifier used to run a dozen regular expressions per sentence and per cue
occurrence (negation and goal windows, history, aid framing, figure anchors...).
Nearly all of those expressions need a particular *word* to be present before
they can match, so one automaton over :attr:`Doc.norm` holding all those words
(plus the label cue phrases and the starts of numbers) finds, in a single C
pass, everything the rest of the analysis looks at:

* label cue occurrences, with their payloads (:data:`labels.LABELS`);
* positions of negation, goal/hypothetical and "false/baseless" words, used to
  decide (with a bisect) whether a cue needs its exact window regex at all;
* per-sentence flags: history hints (a year, "ago", "anniversary", ...),
  present-time markers, aid/pledge framing, cumulative-background hints,
  commemoration, figure denials, "toll/total" words;
* number anchors (a word starting with a digit, number words, vague plurals).

A regex from :mod:`labels` or :mod:`figures` then runs only where its trigger
word was seen, so a sentence without triggers costs nothing beyond this pass.
Keys are padded like :func:`matcher.make_key` (whole words; ``stem`` keys are
word prefixes).
"""

from __future__ import annotations

import re

from collections.abc import Iterator
from typing import Final

import ahocorasick  # type: ignore  # no type stubs

from agents.calendar_words import MONTHS_PATTERN
from agents.classify.gazetteer import PLACE_KEYS, PlaceKey
from agents.classify.labels import LABELS
from agents.classify.matcher import make_key
from agents.classify.scan_kinds import (  # bits of a key's mask
    AID, BACKGROUND, COMMEM, DENIAL, FALSITY, GOAL, HIST, HYPO, NEG, NUM, OTHER_EVENT, PEACE, PLEDGE, PRESENT, RELEASE,
    STOCK,
    TOTAL, TRIAL, YEAR, ATTACK_BG, MONTH, RUMOUR, DEFUSE, DATED,
)
from agents.classify.sentences import Doc

_COMMEM_SPANS: Final = "|".join(
    f"{verb} {n} {unit}"
    for verb in ("mark", "marks", "marked", "marking")
    for n in ("a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "100", "500", "1,000",
              "1000")
    for unit in ("day", "days", "week", "weeks", "month", "months", "year", "years")
)

_WORDS: Final[list[tuple[int, str]]] = [
    (NEG, "no|not|never|nor|without|denied|denies|deny|denying|rejected|dismissed|refuted|debunked|debunks|"
          "no one|nobody|"
          "none|neither|n't|false|free of|lack of|absence of|instead of|"
          # (1.9.0) "lied in its report of a gun duel", "falsely reported"
          "lied|falsely"),
    (GOAL, "end|ends|ending|ended|halt|halting|stop|stopping|prevent|preventing|avoid|avoiding|resolve|"
           "resolving|curb|curbing|de-escalate|cessation of|pause in|pause to|lull in|truce in|ceasefire in|"
           "could|would|may|might|will|threatened to|threatens to|threaten to|threatens|threatening|plan to|plans to|planned to|"
           "vowed to|pledged to|warned of|warns of|warned that|warning of|risk of|risks|fears of|fear of|"
           "feared|possible|potential|looming|imminent|ready to|prepare for|prepared for|if|unless|"
           "calls for an|called for an|allowed|allow|deter|abandon|call off|called off|calls off|trying to|"
           "attempting to|tried to|wishing to|want to|wanting to|hoping to|seeking to|"
           # (1.16.0) intentions: "The government has said it aims to recapture the north-western Idlib region"
           "aims to|aim to|aimed to|aiming to|intends to|intend to|intended to|intending to"),
    (FALSITY, "false|untrue|baseless|fabricated"),
    (MONTH, MONTHS_PATTERN),
    (RUMOUR, "rumour*|rumor*|possibilit*|prospect of|spectre of|specter of"),
    # (1.18.0) the sentences where a count may be dated earlier after it ("earlier this month", "two weeks ago"), told
    # as a running tally ("have been killed ... since") or a state ("remain displaced"): figures.mark_primary's prechecks
    (DATED, "since|ago|last week|last month|last weekend|last year|earlier this|earlier that|earlier last|remain|remains|"
            "remained|still"),
    # (1.10.0) "65,000 residents had to evacuate their homes while authorities defused an unexploded bomb":
    # the evacuation is a precaution for the bomb squad, not a flight from violence (displacement only)
    (DEFUSE, "defuse|defused|defuses|defusing|unexploded|bomb disposal|bomb squad|bomb-disposal|"
             "controlled explosion|controlled detonation"),
    (HIST, "ago|anniversary|remember*|recall*|last year|"
           # (1.10.0) "the area was heavily bombed during the Second World War"
           "world war|wwii|ww2"),
    (PRESENT, "today|tonight|yesterday|this week|this morning|this month|this weekend|last night|last week|"
              "monday|tuesday|wednesday|thursday|friday|saturday|sunday|now|currently|ongoing|continue|"
              "continues|continued|still"),
    (AID, "pledg*|donor|donors|donat*|funding|fund|appeal|aid|humanitarian|assistance|conference|talks|"
          "negotiat*|agreement|deal|summit|election*|vote|voters|resettle*|integrat*|host|hosts|hosting|policy|"
          "law|bill|visa*|quota|"
          # (1.7.0) an official's visit to refugees or a camp ("met refugees who have fled ...")
          "visited|visits|visiting|toured|tour of"),
    (PLEDGE, "pledg*|donor|donors|donat*|funding|appeal for|aid for|conference"),
    (BACKGROUND, "war has|war have|war had|conflict has|conflict have|conflict had|insurgency has|"
                 "insurgency have|insurgency had|crisis has|crisis have|crisis had|since the start|"
                 "since the beginning|since the outbreak|nationwide|died in the|killed in the|such attacks|"
                 "these attacks|the attacks|the fighting|the violence|million|"
                 "civil war|the war|the conflict|displaced millions|millions|across the country|countrywide|"
                 "since the war|since the conflict|since the fighting|since the invasion|since the coup|since russia|"
                 "over the past|in recent months|in recent years|months of|years of|for years|for decades|"
                 "repeated|frequent|recurrent|regular|regularly|has been the scene|have been the scene|"
                 "has been hit by|have been hit by|plagued by|still hit by|often hit by|frequently hit by|routinely hit by|"
                 "still affected by|still targeted by|often targeted by|frequently targeted by|decades of|two million|three million|one million|"
                 "several million|already been|since the violence|since the unrest|since the crisis|since the insurgency|"
                 "since the rebellion|records of|record of|history of|"
                 # (1.9.0) "in the first year of fighting"
                 "first day of|first days of|first week of|first weeks of|first month of|first months of|first year of|"
                 "first years of|second year of|third year of|opening days of|opening weeks of|"
                 # (1.10.0) a war named by its length: "a seven year long civil war", "the 12-year conflict"
                 "year long|years long|decade long|decades long|year war|year civil war|year conflict|year insurgency|"
                 "commonplace|become common|become routine|daily occurrence|"
                 # (1.16.0) "The ongoing violence has resulted in ... the displacement of thousands"
                 "has resulted in|have resulted in|had resulted in|has led to|have led to|had led to|has caused|"
                 "have caused|had caused|has also resulted in|has also led to|has also caused|"
                 "continue to lead|continues to lead|continue to cause|continues to cause|continue to drive|"
                 "continues to drive|continue to fuel|continues to fuel|continue to trigger|continues to trigger"),
    (COMMEM, "anniversar*|commemorat*|remembrance|memorial|remembered|remember|remembers|nakba|"
             # (1.7.0) "Hostage families mark 500 days since Gaza abductions", "Ukrainians marked three years
             # since ...": a verb of marking with a span of time (_COMMEM_SPANS)
             + _COMMEM_SPANS),
    (DENIAL, "denied|denies|deny|denying|rejected reports|dismissed reports|debunk*|refute*|refutes|"
             "reject claims|rejects claims|fake news|incorrect|untrue|unfounded|"
             # (1.20.5) "News of BKU leader Rakesh Tikait's arrest fake: Delhi Police", "reports ... were fake"
             "arrest fake|arrests fake|abduction fake|kidnapping fake|attack fake|were fake|was fake|is fake|are fake|"
             # (1.20.7) "Army dismisses report of fresh Boko Haram attack", "there was no truth in a report"
             "dismisses report|dismisses reports|dismissed report|dismiss report|dismiss reports|no truth in|no truth to"),
    (TOTAL, "toll|total|tally|number"),
    # (1.4.0: no words that news of a war also uses in their plain sense - "exercise restraint",
    # "regional players", "a blaze after the strike", "a flood of refugees", "UN statistics",
    # "the Arab League", "the museum was shelled".)
    (OTHER_EVENT, "football|soccer|match|matches|premier league|champions league|league one|league two|"
                  "league match|league game|league cup|league title|league season|europa league|"
                  "stadium|tournament|tournaments|goalkeeper|referee|"
                  # (1.20.0) "attacked from the outset and roared to a two-goal lead"
                  "goal lead|winning goal|equaliser|equalizer|hat-trick|derby|"
                  "footballers|fixture|kick-off|half-time|earthquake|earthquakes|quake|temblor|aftershock*|"
                  "wildfire*|floods|flooding|flash floods|drought|droughts|cyclone|hurricane|"
                  "tropical storm|winter storm|storm surge|volcano|volcanic|eruption|heatwave|heat wave|bushfire*|"
                  "forest fire*|mudslide*|monsoon|torrential|tornado*|floodwaters|flood waters|gas leak|"
                  "chemical spill|dam burst|dam collapse|"
                  "typhoon|avalanche*|snowfall|landslide*|tsunami|rain failures|military exercise|joint exercise|"
                  "naval exercise|training exercise|exercise began|exercises|drill|drills|"
                  "live-fire|war games|film|films|documentary|documentaries|festival|film screening|screenings|"
                  "premiere|exhibit*|refugee day|election campaign*|battle for votes|asylum applica*|"
                  # (1.10.0) "battleground" only as an election's ("Amhara region is Ethiopia's latest battleground")
                  "battleground state|battleground states|battleground seat|battleground seats|battleground district|"
                  "battleground districts|battleground constituency|battleground constituencies|"
                  # (1.9.0) asylum statistics by other names
                  "asylum seeker applications|asylum claims|first-time applicants|first time applicants|"
                  "asylum seekers applied|eurostat|asylum statistics|migration statistics|annual report|global trends|"
                  # (1.20.5) resettlement policy: "Government announces increase in refugee intake"
                  "refugee intake|humanitarian intake|refugee quota|resettlement places|resettlement quota|"
                  "worldwide|by-election*|turnout|"
                  # (1.5.0) fires that are accidents: "a fire broke out at Camp 11", "Fire ravages refugee camps"
                  "fire broke out|fire breaks out|fire swept|fire ravage*|fire tore|fire raced|fire destroy*|huge fire|"
                  "massive fire|destroyed by fire|fire started|"
                  # (1.10.0) more accident fires: "tents catch fire", "a fire ripped through a refugee camp after a gas
                  # cylinder ignited"
                  "catch fire|catches fire|caught fire|fire ripped|gas cylinder|gas cylinders|cooking gas|short circuit|"
                  "electrical fault|electric cable"),
    (TRIAL, "sentenced|sentencing|convicted|conviction|verdict|trial|jury|acquitted|life without parole|"
            "years in prison|life in prison|indicted|pardon*|clemency|commut*|parole|jailed for life|"
            "jailed for|gets life|years in jail|convicts|convict|"
            # (1.11.0) a hearing: "were, on Monday, arraigned at the Federal High Court"
            "arraigned|arraignment|pleaded not guilty|pleads not guilty|pleaded guilty|pleads guilty|"
            # "handed down death sentence to 11 members ... for attacking a top military general"
            "death sentence|death sentences|death penalty"),
    # (1.3.5) An attack named as what suspects, charges, a report or an inquiry are about is
    # background for battle; the arrests themselves are current.
    (ATTACK_BG, "suspects in|suspected of|charged with|charged over|investigation into|inquiry into|probe into|"
                "report details|report on the|report into|"
                # (1.7.0) more ways to name the attack an arrest or a charge is about
                "in connection with|responsible for the|blamed for the|accused of|role in the|involvement in the|"
                # (1.11.0) "suspected to be involved in the kidnapping of ... lecturers", "accused over the
                # January abduction of 30 pupils"
                "involved in the|accused over|charged in|suspects over|"
                "links to the|masterminded|mastermind of|masterminding|"
                # (1.8.0) a plotted attack did not take place: "arrested 16 accused of plotting to carry
                # out drone attacks", "suspected of planning a bomb attack", "foiled a bomb plot"
                "plot|plots|plotting|plotted|planning to|planning a|planning an|planned to|"
                # (1.8.0) what a journalist reported on: "had reported on fighting between the army and Fano"
                # (not "the army reported on Monday that ...")
                "had reported on|have reported on|has reported on|reporting on the|reporting on|coverage of"),
    (PEACE, "peace deal|peace accord|peace agreement|peace process|peace talks|signed a|signed the|signed an agreement|"
            "signed an accord|signing of the|signing ceremony|"
            "ceasefire deal|ceasefire agreement|cease-fire agreement|truce deal|hostage deal|prisoner exchange|"
            "prisoner swap|exchange deal|swap|resolution|security council|hostage release|release of|"
            "in captivity|months of captivity|years in captivity|held captive since|after months|"
            "after nearly two years|a month after their|a month ago"),
    (RELEASE, "hostage release|release of|in captivity|months of captivity|years in captivity|held captive since|"
              "after months|after nearly two years|a month after their|a month ago"),
    (STOCK, "has reached|have reached|home to|live in|living in|lives in|now live|hosts|hosting|hosted|host country|population|house|houses|housed|"
            "stands at|shelters more than|already shelters|already home|camps of|a total of|"
            "in total|sprawling camps|are sheltering|sheltering in|are staying in|remain in"),
    (HYPO, "could|might|would|expected to|likely to|set to|bracing|contingency|scenario|worst-case|"
           "preparing for|planning for|plan for|plans for|prepares for|brace for|braces for|braced for|projected|forecast|forecasts|once|in case|should|"
           "possible|potential|threat of|risk of|warned|warns|preparedness|anticipated|in anticipation|"
           "hypothetical|decided to|to start|to begin|will begin|will start|ordered the|orders the|"
           "mandatory evacuation|to be evacuated|should be evacuated|would be evacuated|plans to|plan to|"
           # (1.16.0) an order to evacuate is a plan ("Kharkiv region orders evacuation of children")
           "orders evacuation|ordered evacuation|order evacuation|orders an evacuation|ordered an evacuation|"
           "evacuation order|evacuation orders|"
           "pending|impending|expected|"
           # (1.7.0) "Aid groups warn fighting ... could force", "prepare for exodus if RSF attacks"
           "warn|prepare for|prepare|in preparation|if|unless|in the event|"
           # (1.20.5) "Plans have been drawn up for a massive evacuation of London in the event of ..."
           "plans have been|plans had been|plans were|drawn up|drew up|draw up|"
           # (1.20.7) forecasts and plots: "are predicting that an invasion will displace some five million", "a module
           # planning terror attacks"
           "predicting|predicts|predicted|prediction|will displace|will be displaced|will be forcibly|will be evacuated|"
           "planning|plotting|plotted|plot to|"
           # (1.11.0) "Residents expect the fighting to begin at any time"
           "expect|expects|expecting|"
           # (1.8.0) "UN fears new exodus from Kadugli as RSF masses nearby"; (1.16.0) "Residents of besieged Djibo
           # stockpile food, fear jihadist assault": what is feared, its object within FEAR_REACH (labels.hypo_before;
           # the 1.8.0 list "fears new|fears a|fear more|..." is this rule's first case)
           "fear|fears|fearing"),
    # Digits: one key per single-digit word and per two-digit prefix, so each number
    # is one hit; 19../20.. also flag a possible year.
    # (No "0x" prefixes: "000" after a thousands comma is never a number start.)
    (NUM, "|".join([str(d) for d in range(10)] + [f"{d}*" for d in range(10, 100)])),
    (YEAR, "19*|20*"),
    (NUM, "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
          "seventy|eighty|ninety|dozen|dozens|scores|hundreds|thousands|millions|tens|several|half|"
          "a hundred|a thousand|a million|a billion|a dozen"),
]


# A cue's payload: (label, phrase, weight, noun, "captured"-like, label is not battle).
CuePayload = tuple[str, str, float, bool, bool, bool]
# What the automaton stores per key (see _build).
_Value = tuple[int, int, int, "tuple[CuePayload, ...] | None", int, "PlaceKey | None"]

# Dispatch codes of a key: only a cue, only a place, only a number start, or anything else.
# (Final: a compiled build inlines them instead of looking them up per hit.)
_CUE: Final = 0
_PLACE: Final = 1
_NUMBER: Final = 2
_MIXED: Final = 3


# Characters by how often they occur in English text (space first: every key starts with one).
_LETTER_ORDER: Final = " etaoinsrhldcumwfgypb0123456789vkjxqz"
_LETTER_RANK: Final = {c: i for i, c in enumerate(_LETTER_ORDER)}


def _key_rank(key: str) -> list[int]:
    """Sort key of an automaton key: its characters by frequency rank (others after, by code point)."""
    return [_LETTER_RANK.get(c, 64 + ord(c)) for c in key]


def _build() -> ahocorasick.Automaton:
    masks: dict[str, int] = {}
    cues: dict[str, list[CuePayload]] = {}
    for kind, spec in _WORDS:
        for word in spec.split("|"):
            stem = word.endswith("*")
            key = make_key(word.rstrip("*"), stem)
            masks[key] = masks.get(key, 0) | kind
    for label, label_cues in LABELS.items():
        for cue in label_cues:
            # (label, phrase, weight, noun, "captured"-like, label is not battle)
            cues.setdefault(make_key(cue.phrase, cue.stem), []).append(
                (label, cue.phrase, cue.weight, cue.noun,
                 cue.phrase in ("captured", "capture") or (cue.phrase == "seized" and label == "detention"),
                 label != "battle")
            )
    auto = ahocorasick.Automaton()
    # Keys go in sorted by _key_rank: the trie keeps a node's children in insertion order and
    # the search scans them linearly per character, so the common letters come first (in set
    # order, which changes with the hash seed, a scan cost up to a third more).
    keys = list(masks.keys() | cues.keys() | PLACE_KEYS.keys())
    keys.sort(key=_key_rank)
    for key in keys:
        payloads = tuple(cues[key]) if key in cues else None
        mask = masks.get(key, 0)
        place = PLACE_KEYS.get(key)
        if not mask and place is None:
            code = _CUE
        elif not mask and payloads is None:
            code = _PLACE
        elif not mask & ~(NUM | YEAR) and payloads is None and place is None:
            code = _NUMBER
        else:
            code = _MIXED
        # (len - 1, dispatch code, kinds, cue payloads, padded, gazetteer key)
        auto.add_word(key, (len(key) - 1, code, mask, payloads, int(key.endswith(" ")), place))
    auto.make_automaton()
    return auto


_AUTO: Final = _build()


# Kinds recorded per sentence (a bit set per sentence index) and per position.
SENTENCE_KINDS: Final = (HIST | PRESENT | AID | PLEDGE | BACKGROUND | COMMEM | NEG | GOAL | FALSITY
                         | OTHER_EVENT | TRIAL | PEACE | STOCK | HYPO | ATTACK_BG | MONTH | RUMOUR | DEFUSE
                         | DATED)

POSITION_KINDS: Final = NEG | GOAL | FALSITY | DENIAL | TOTAL


class Scan:
    """Everything the trigger pass found in one :class:`Doc` (text offsets)."""

    __slots__ = ("cues", "places", "neg", "neg_start", "goal", "goal_start", "falsity", "numbers", "flags",
                 "denial", "total", "hist", "hypo", "hypo_at", "trial", "peace", "norm")

    def __init__(self) -> None:
        self.cues: list[tuple[int, int, int, tuple[CuePayload, ...]]] = []  # (start, end, sentence, payloads)
        self.places: list[tuple[int, int, int, PlaceKey]] = []  # (start, end, sentence, gazetteer key)
        self.neg: list[int] = []  # ends of negation words, ascending
        self.neg_start: list[int] = []  # their starts
        self.goal: list[int] = []  # ends of goal words, ascending
        self.goal_start: list[int] = []  # their starts
        self.falsity: list[int] = []  # starts of "false"-words, ascending
        self.numbers: dict[int, list[int]] = {}  # sentence -> number starts
        self.flags: list[int] = []  # per sentence: the SENTENCE_KINDS bits seen in it
        self.denial: dict[int, int] = {}  # sentence -> first denial start
        self.total: dict[int, int] = {}  # sentence -> first toll/total start
        self.hist: list[int] = []  # starts of history hints (years, "ago", ...), ascending
        self.hypo: dict[int, int] = {}  # sentence -> first hypothesis word start
        self.hypo_at: list[int] = []  # every hypothesis word start, ascending
        self.norm: str = ""  # the normalised text scanned
        self.peace: dict[int, int] = {}  # sentence -> first peace / exchange word start
        self.trial: dict[int, int] = {}  # sentence -> first trial / sentence word start

    def has(self, sentence: int, kind: int) -> bool:
        """Whether a trigger of ``kind`` (one of SENTENCE_KINDS) occurs in ``sentence``."""
        return sentence < len(self.flags) and bool(self.flags[sentence] & kind)


_INF: Final = 1 << 62

# (1.14) A match or game its people were coming from or going to is the setting of the event, not
# another kind of event ("Four Thai soldiers returning from a football match were shot dead"); read
# (on the normalised text) only before an other-event word.
_SETTING_BEFORE: Final = re.compile(
    r"\b(?:returning|coming back|on (?:their|his|her|the) way(?: home| back)?|heading|travelling|traveling|walking) "
    r"(?:home |back )?(?:from|to)(?: a| an| the)?(?: [\w-]+)? ?$")


def scan(doc: Doc) -> Scan:
    """Run the trigger automaton over ``doc.norm`` once and sort the hits by kind and sentence."""
    sc = Scan()
    norm = sc.norm = doc.norm
    starts = doc.starts
    n = len(starts)
    if not n:
        return sc
    si = 0
    nxt = starts[1] if n > 1 else _INF
    cue_hits = sc.cues
    numbers = sc.numbers
    flags = sc.flags = [0] * n
    place_hits = sc.places
    # The headline, then the body after the dateline (where the reporter is): every
    # word in these ranges lies in a sentence.
    body_from = doc.dateline_end if doc.dateline is not None else doc.body_start
    ranges = ((0, doc.body_start), (body_from, len(norm))) if doc.has_headline else ((body_from, len(norm)),)
    for lo, hi in ranges:
        # Typed, so that a compiled build unpacks the hits as tuples (see setup.py).
        hits: Iterator[tuple[int, _Value]] = _AUTO.iter(norm, lo, hi)
        for end_idx, (kl1, code, mask, payloads, padded, place) in hits:
            start = end_idx - kl1
            if start >= nxt:  # hits come in text order: move to the hit's sentence
                while start >= nxt:
                    si += 1
                    nxt = starts[si + 1] if si + 1 < n else _INF
            if code == _CUE:
                cue_hits.append((start, end_idx - padded, si, payloads))  # type: ignore[arg-type]  # a cue key
                continue
            if code == _PLACE:
                place_hits.append((start, end_idx - 1, si, place))  # type: ignore[arg-type]  # a place key
                continue
            if mask & NUM:
                nums = numbers.get(si)
                if nums is None:
                    numbers[si] = [start]
                else:
                    nums.append(start)
                if mask & YEAR and norm[start + 3 : start + 5].isdigit():
                    flags[si] = flags[si] | HIST  # a year (19xx/20xx) is a history hint
                    sc.hist.append(start)
                if code == _NUMBER:
                    continue
            if place is not None:
                place_hits.append((start, end_idx - 1, si, place))
            if payloads is not None:
                cue_hits.append((start, end_idx - padded, si, payloads))
            if mask & OTHER_EVENT and _SETTING_BEFORE.search(norm, start - 48 if start > 48 else 0, start) is not None:
                mask = mask & ~OTHER_EVENT  # (1.14) "soldiers returning from a football match were shot dead": a setting
            if mask & SENTENCE_KINDS:
                flags[si] = flags[si] | mask  # (not |=: a compiled build makes that a generic call)
                if mask & HIST:
                    sc.hist.append(start)
                if mask & HYPO:
                    sc.hypo.setdefault(si, start)
                    sc.hypo_at.append(start)
                if mask & TRIAL:
                    sc.trial.setdefault(si, start)
                if mask & PEACE:
                    # first peace word of the sentence; a release phrase counts as before every cue
                    p = -1 if mask & RELEASE else start
                    cur = sc.peace.get(si)
                    if cur is None or p < cur:
                        sc.peace[si] = p
            if mask & POSITION_KINDS:
                end = end_idx - padded
                if mask & NEG:
                    sc.neg.append(end)
                    sc.neg_start.append(start)
                if mask & GOAL:
                    sc.goal.append(end)
                    sc.goal_start.append(start)
                if mask & FALSITY:
                    sc.falsity.append(start)
                if mask & DENIAL:
                    sc.denial.setdefault(si, start)
                if mask & TOTAL:
                    sc.total.setdefault(si, start)
    return sc
