"""Figures: the numbers an item states about people, what they count and how they are hedged.

A figure is a number (digits, "1.2 million", words such as "two dozen" or
vague plurals such as "thousands"), optionally hedged ("more than", "some",
"up to", ...) or a range ("2,000 to 3,000", "between 2,000 and 3,000"). Its
*kind* comes from the clause that states it, in this order:

1. a verb right before it: "killing at least 12", "arrested some 40";
2. the first event word after it in the same clause: "37,000 people ... have
   fled" -> displaced, "3,400 suspected jihadists detained" -> detained,
   "12 dead" -> killed; the clause ends at the next number, a semicolon or a
   conjunction that opens a new clause ("while", "but", "as", ...);
3. the counted noun: "refugees" -> displaced, "prisoners" -> detained,
   "fighters"/"troops"/"jihadists" -> fighters.

Numbers with no kind (a city of 500,000 people) are not reported, nor are
years, dates, ages, times, money, percentages or measures ("four square
kilometers"). For ranges ``value`` is the upper and ``low`` the lower bound.
Vague plurals count as the smallest number they imply, hedged "at least":
"thousands" -> 2,000, "dozens" -> 24, "tens of thousands" -> 20,000.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from agents.calendar_words import MONTH_ABBREVIATIONS, MONTHS, MONTHS_PATTERN
from agents.classify.labels import (
    _ARREST_BG, _EARLIER_EVENT, _LAST_MONTH, _MONTH_LEAD, _STATE_ARREST_STEMS, ARREST_STORY, PEACE_STORY, RELEASE_STORY, RESCUE_STORY, RETURN_STORY, History, background_in, context_factor, in_hosted_phrase, item_damp, story_kind,
    story_label_factor, future_after,
)
from agents.classify.results import FigureResult
from agents.classify.scan_kinds import (
    ATTACK_BG, BACKGROUND, DATED, DEFUSE, GOAL, HYPO, MONTH, OTHER_EVENT, PEACE, PLEDGE, STOCK, TRIAL,
)
from agents.classify.sentences import Doc, starts_at
from schemas.models import FIGURE_KIND_LABEL

if TYPE_CHECKING:
    from agents.classify.scan import Scan

_UNITS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
_SCALES: Final = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
# Vague plurals and their floor value.
_VAGUE: Final = {
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
    "tens of thousands": 20_000, "hundreds of thousands": 200_000, "tens of millions": 20_000_000,
}

_QUALIFIERS: Final = (
    "more than|over|at least|some|about|around|approximately|nearly|almost|up to|roughly|"
    "an estimated|estimated|fewer than|less than|as many as|close to|upwards of|in excess of|"
    "just over|just under|well over|at most|no fewer than|no less than|as few as|a total of|"
    "a maximum of|a minimum of|under|below|approx\\.|circa|just"
)
_WORD: Final = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten"
_DIGITS: Final = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM: Final = (
    rf"(?:(?:{_DIGITS})|(?:{_WORD})|(?:half-an?-dozen|half an?|an?|several|a few))"
    r"(?:\s+(?:hundred|thousand|million|billion|dozen))?(?:\s+(?:thousand|million))?"
)
_VAGUE_RE: Final = r"(?:tens|hundreds) of (?:thousands|millions)|dozens|scores|hundreds|thousands|millions"



def _figure_re(qualifiers: str, between: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w$€£.,:/-])(?:(?P<qual>{qualifiers})\s+)?"
        rf"(?:{between}\s+(?P<b1>{_NUM})\s+and\s+(?P<b2>{_NUM})"
        rf"|(?P<n1>{_VAGUE_RE}|{_NUM})(?:\s*(?:-|–|to)\s*(?P<n2>{_NUM}))?)"
        r"(?![\w%]|[.,:]\d|-[A-Za-z])",
        re.IGNORECASE,
    )


_FIGURE: Final = _figure_re(_QUALIFIERS, "between")
# Matched at a number itself, where neither a qualifier nor "between" can start: the
# same groups with those branches disabled, so the engine does not try them first.
_FIGURE_AT: Final = _figure_re("(?!)", "(?!)")
_TOKEN: Final = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*|[;:()—–]")
# The same tokens in lower-case ASCII text, where \w and \d are these ranges (a character set
# is tested with a bit map, a Unicode category with a function call).
_TOKEN_ASCII: Final = re.compile(r"[a-z][a-z0-9_'-]*|[0-9][0-9,.]*|[;:()]")


def _tokens(tokenizer: re.Pattern[str], low: str, a: int, b: int, ascii: bool = False) -> list[str]:
    """``tokenizer.findall(low, a, b)`` (``tokenizer``: _TOKEN or _TOKEN_ASCII).

    A stretch of lower-case ASCII words, whitespace, commas and periods only (most clauses)
    has its words as tokens: str.split finds them at a fraction of the pattern's cost. (Its
    words are then all ASCII letters; anything else - digits, apostrophes, other punctuation
    - and the pattern decides.) ``ascii``: ``low`` is ASCII (no per-call isascii, a
    generic method call in a compiled build).
    """
    words = low[a:b].replace(",", " ").replace(".", " ").split()
    joined = "".join(words)
    if joined.isalpha() and (ascii or joined.isascii()):
        return words
    return tokenizer.findall(low, a, b)


_HOUSEHOLDS: Final = frozenset(("families", "family", "households", "household"))
_NOUN_KIND: Final[dict[str, str]] = {}
for _words, _kind in (
    ("people persons person civilians civilian residents children kids women men families family "
     "households villagers inhabitants individuals others students pupils workers migrants patients "
     "journalists palestinians syrians iraqis ukrainians afghans sudanese rohingya yazidis kurds israelis "
     "lebanese yemenis somalis ethiopians tigrayans congolese nigerians malians libyans christians "
     "muslims foreigners nationals gazans boys girls adults babies infants minors elderly members citizens", "people"),
    ("refugees refugee idps displaced evacuees returnees asylum-seekers asylum", "displaced"),
    ("detainees detainee prisoners prisoner captives hostages hostage inmates suspects", "detained"),
    # (1.10) "the loss of nine lives", "lost ten lives"
    ("dead deaths bodies fatalities corpses lives", "killed"),
    ("wounded injured injuries", "wounded"),
    ("fighters fighter jihadists jihadist militants militant soldiers soldier troops rebels rebel "
     "insurgents combatants gunmen militiamen paramilitaries mercenaries extremists terrorists "
     "servicemen personnel police policemen officers guards recruits conscripts "
     "reservists militias forces "
     # (1.10) "hundreds of jihadis on motorcycles attacked them"
     "jihadis jihadi attackers assailants bandits "
     # (1.11) "two other peacekeepers were injured"
     "peacekeepers peacekeeper "
     # (1.14) "Two gendarmes in Cameroon were killed"
     "gendarmes gendarme", "fighters"),
):
    for _w in _words.split():
        _NOUN_KIND[_w] = _kind

_PREDICATE_KIND: Final[dict[str, str]] = {}
for _words, _kind in (
    # (1.10) "martyred": how Pakistani, Iranian and Palestinian outlets report the dead
    # (1.11) "two others succumbed to gunshot wounds"
    ("killed dead died die slain massacred executed perished murdered killing martyred succumbed "
     "beheaded lynched", "killed"),  # (1.17) "three farmers were beheaded"
    # (1.11) "five people arrived at the hospital with wounds"
    ("wounded injured hurt maimed wounds", "wounded"),
    ("detained arrested captured held imprisoned abducted kidnapped jailed apprehended surrendered arrests detentions "
     "detention custody hostage hostages captive captives", "detained"),
    ("fled flee fleeing flees displaced uprooted evacuated relocated homeless sheltering camp camps "
     "refuge", "displaced"),
):
    for _w in _words.split():
        _PREDICATE_KIND[_w] = _kind

_BEFORE_VERB_KIND: Final[dict[str, str]] = {}
for _words, _kind in (
    ("killed killing kill kills leaving dead lost "
     # (1.14) "an armed group murdered four people, among them a minor"
     "murdered murdering massacred massacring slaughtered "
     # (1.17) "Militants behead three farmers", "beheaded three farmers", "lynched two suspects"
     "behead beheads beheaded beheading lynched lynching", "killed"),
    ("wounded wounding wound wounds injuring injured injure injures", "wounded"),
    # (1.16.0) "have driven about 4,700 people from their homes"
    ("displaced displacing displace displaces uprooting uprooted forcing forced evacuated evacuating "
     "driven drove driving", "displaced"),
    # (1.4.1: the headline's present tense too - "police arrest at least 4 journalists")
    ("arrested arresting arrest detained detaining detain detains captured capturing capture captures "
     "abducted abducting abduct abducts kidnapped kidnapping kidnap kidnaps holding holds jailed jailing "
     # (1.11) "apprehended as many as 14 terrorist facilitators", "nabbed 12 suspects"
     "jail jails apprehended apprehending nabbed nabbing", "detained"),
):
    for _w in _words.split():
        _BEFORE_VERB_KIND[_w] = _kind

# "the abduction of at least 333", "the killing of 18": an event noun + "of" before the number.
_BEFORE_NOUN_OF: Final[dict[str, str]] = {}
for _words, _kind in (
    ("abduction abductions kidnapping kidnappings arrest arrests detention surrender capture", "detained"),
    # (1.10) "found the bodies of five men", "the remains of 16 men", "claimed the lives of 10 soldiers"
    ("killing killings deaths death massacre bodies corpses remains lives", "killed"),
    # (1.10) "confirmed the death of two soldiers and the injuries of four other personnel"
    ("injuries injury wounding", "wounded"),
    ("displacement evacuation exodus flight", "displaced"),
):
    for _w in _words.split():
        _BEFORE_NOUN_OF[_w] = _kind
_BARE_PART_AFTER: Final = re.compile(r"\s+(?:more\s+|others?\s+)?(?:in|at|on|from|near)\s+[A-Z]")
_BRINGING: Final = re.compile(
    r"\b(?:bring(?:s|ing)?|rais(?:es|ing)|tak(?:es|ing)|push(?:es|ing))\b[^.;]{0,50}?\bto\s*$", re.IGNORECASE)


def _cumulative(text: str, s0: int, ms: int) -> bool:
    """Whether the figure at ``ms`` is a running tally: "bringing to 50 the number of UN staff held",
    "raising the death toll to 45" (read only for a second figure of a kind in the first sentence)."""
    return _BRINGING.search(text, ms - 60 if ms - 60 > s0 else s0, ms) is not None


# (1.7.0) What stands between a casualty count and a part of it: "64 people - 49 civilians and
# 15 soldiers", "21 people were killed, including 17 militants and four soldiers".
_PART_BETWEEN: Final = re.compile(
    r"(?:[ \w]{0,30}?(?: [-–—(:]|,? including| and|, among them|, of them|, of whom)\s*){1,2}")
_PART_MARKERS: Final = ("including ", "among them ", "of them ", "along with ")
# (1.17) The next item of a list of parts: "four soldiers, three ...", "three police officers and two ..."
_LIST_NEXT: Final = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+(?:,\s+|,?\s+and\s+)")
# (1.7.0) "freeing about 500 inmates ... and killing at least 10": a release count is not the
# event's (the clause walk gave it the kind of the next verb).
_RELEASE_BEFORE: Final = frozenset("freeing freed frees free releasing released releases release".split())
# A projection is not a count: "200,000 will flee", "could displace".
_MODALS: Final = frozenset("will would could may might expected expect likely".split())
_PERFECT_AUX: Final = frozenset(("have", "has", "had"))
_CROWD_OF: Final = frozenset(
    "protest protests rally rallies march marches demonstration demonstrations gathering crowd crowds "
    "procession sit-in vigil".split())
# (1.17) A count of forces as the subject of an arrest verb with its object ("four security personnel arrested
# Mohamed", "30 soldiers detained them"; not "two soldiers abducted by gunmen", "five policemen kidnapped on
# Monday"): the agents (abductors and arresting soldiers are not counted, tr-665).
_ACTIVE_ARREST: Final = frozenset("arrested detained abducted kidnapped captured seized apprehended".split())
_PASSIVE_AUX: Final = frozenset("were was been be being are is".split())
_NOT_OBJECT: Final = frozenset(
    "by in on at near from during after before while when as and or but to for with without into across over since "
    "yesterday today tonight overnight earlier last this early late monday tuesday wednesday thursday friday "
    "saturday sunday morning evening night alive".split())
_NUMBERING_FILLER: Final = frozenset("who which were was are is estimated believed reported said thought to be being".split())
_TOTAL: Final = re.compile(
    r"\b(?:toll|total|tally|number)\b(?P<between>[^.;]{0,80}?)\b(?:to|at|of|reached|rose|climbed|stands|stood)\s*$",
    re.IGNORECASE,
)
_CLAUSE_STOP: Final = frozenset("; : ( while whereas but although though as after when since because before".split())
# A relative pronoun that does not follow the counted noun opens a clause about something
# else ("300 people gathered in a village that Palestinians fled").
_RELATIVE: Final = frozenset("that which who whom where".split())
# Movement verbs that count the displaced unless the counted noun is fighters
# ("tens of thousands have flowed across the border", not "troops poured across").
_MOVEMENT: Final = frozenset("flowed poured streamed crossed arrived entered".split())
# (1.17) Arrivals count the displaced ("10,200 people arrived in the seven days", "Some 20,000 Rohingya have entered
# Bangladesh"), not the wounded brought to care ("Four people arrived at the ... Hospital with gunshot wounds").
_ARRIVALS: Final = frozenset(("arrived", "entered"))
_CARE_AFTER: Final = re.compile(r"\b(?:hospitals?|clinics?|morgues?|mortuary|wounds|injuries|wounded|injured)\b")
# "civilians left the town" is displacement; "left dead / wounded / behind" is not.
_LEFT_NOT: Final = frozenset("dead wounded injured behind".split())
_UNIT_WORDS: Final = frozenset(
    "percent per cent km kilometres kilometers kilometre kilometer miles mile square metres meters metre meter "
    "hectares hectare acres tonnes tons tonne ton dollars dollar euros euro pounds pound years year months "
    "month days day hours hour minutes minute weeks week seconds o'clock am pm a.m p.m degrees litres liters "
    "barrels kg kilograms mm times votes seats points rounds shells rockets missiles drones tanks vehicles "
    "homes houses buildings villages towns cities districts provinces countries states schools hospitals "
    "trucks aircraft planes kilometres-long "
    # (1.7.0) events, not people: "killed in two attacks", "three separate raids"
    "attacks attack strikes raids bombings incidents operations ambushes explosions waves separate".split()
)
_MONTHS: Final = frozenset(MONTHS + MONTH_ABBREVIATIONS)
_DESIGNATORS: Final = frozenset(
    "resolution article brigade division battalion route highway flight room no number chapter section unit "
    "regiment corps protocol phase camp gate checkpoint kilometre km level grade category class block sector "
    "zone building platform line model type aged age su mig f tu".split()
)


def _number_value(text: str) -> float | None:
    """Value of one number phrase: '37,000' -> 37000, '1.2 million' -> 1.2e6, 'two dozen' -> 24."""
    if text[0].isdigit() and " " not in text:
        return float(text.replace(",", ""))  # '37,000', '1.2'
    t = text.lower().strip()
    if t.startswith("half-"):
        t = t.replace("-", " ")  # (1.17) "half-a-dozen" as "half a dozen": 6
    if t in _VAGUE:
        return float(_VAGUE[t])
    parts = t.split()
    head, scales = parts[0], parts[1:]
    if head[0].isdigit():
        value = float(head.replace(",", ""))
    elif head in ("several", "few"):
        value = 3.0
    elif head == "half":
        value = 0.5
        scales = [s for s in scales if s not in ("a", "an")]
    elif "-" in head:
        tens, unit = head.split("-", 1)
        value = float(_UNITS[tens] + _UNITS[unit])
    elif head in _UNITS:
        value = float(_UNITS[head])
    else:
        return None
    if head == "a" and scales[:1] == ["few"]:
        value, scales = 3.0, scales[1:]
    for s in scales:
        value *= _SCALES.get(s, 1)
    return value


# One lookup per token in the clause walk of _kind_for: (flags, predicate kind, noun kind).
_W_STOP: Final = 1
_W_AND: Final = 2
_W_RELATIVE: Final = 4
_W_MOVEMENT: Final = 8
_W_LEFT: Final = 16
_WORD_INFO: Final[dict[str, tuple[int, str | None, str | None]]] = {}


def _word_info() -> None:
    flags: dict[str, int] = {}
    for words, flag in ((_CLAUSE_STOP | _MODALS, _W_STOP), ({"and"}, _W_AND), (_RELATIVE, _W_RELATIVE),
                        (_MOVEMENT, _W_MOVEMENT), ({"left"}, _W_LEFT)):
        for w in words:
            flags[w] = flags.get(w, 0) | flag
    nouns = dict(_NOUN_KIND)
    for w, kind in _NOUN_KIND.items():
        nouns.setdefault(w + "s", kind)  # "families" is looked up as such, "civilianss" never
    for w in flags.keys() | _PREDICATE_KIND.keys() | nouns.keys() | {"lost", "leave", "sustained", "suffered"}:
        _WORD_INFO[w] = (flags.get(w, 0), _PREDICATE_KIND.get(w), nouns.get(w))


_FIRST_WINDOW: Final = 48
_CLOCK_AFTER: Final = (" a.m", " p.m", "a.m.", "p.m.")
_VICTIM_KIND: Final = {"killed": "killed", "dead": "killed", "wounded": "wounded", "injured": "wounded",
                       "abducted": "detained", "kidnapped": "detained", "arrested": "detained", "detained": "detained"}
_AUX_OF_VICTIMS: Final = frozenset(("were", "was", "are", "included", "include"))
_VICTIMS_BEFORE: Final = tuple(f"{w} {aux} " for w in _VICTIM_KIND for aux in _AUX_OF_VICTIMS)
_VICTIMS_LIST_BEFORE: Final = re.compile(
    r"\b(" + "|".join(_VICTIM_KIND) + r") (?:" + "|".join(_AUX_OF_VICTIMS) + r") (?:[\w-]+ ){1,4}and $")
# Verbs of an armed group's attack: the number of their subject is the force ("30 militants attacked the base").
_FORCE_VERBS: Final = frozenset(
    "stormed storm storms attacked attack attacks raided raid raids ambushed ambush invaded besieged overran overrun "
    "swooped descended infiltrated".split())
_ATTACKER_SUBJECTS: Final = frozenset(
    "gunmen attackers assailants militants bandits rebels kidnappers abductors terrorists jihadists insurgents".split())


def _measure_or_date(token: str) -> bool:
    """Whether the token right after a number makes it a measure, money or a date ("12 km")."""
    return token.rstrip(".") in _UNIT_WORDS or token in _MONTHS


def _lower_ascii_word(word: str) -> bool:
    """``word.isalpha()`` for a word of lower-case ASCII text: a-z only, read by code point
    (isalpha is a generic method call in a compiled build; this runs per number)."""
    for i in range(len(word)):
        c = ord(word[i])
        if c < 97 or c > 122:
            return False
    return len(word) > 0


_ORDINAL_ENDS: Final = frozenset(("st", "nd", "rd", "th"))
_CAPTIVE_NOUNS: Final = frozenset(("hostage", "hostages", "prisoner", "prisoners", "captive", "captives"))


_HARM_NOUNS: Final = frozenset(("injuries", "injury", "wounds", "wound"))
_MADE_TO: Final = frozenset("had forced obliged compelled made".split())  # (1.19) "... to leave their homes"
_PERSON_AFTER_VERB: Final = frozenset(("people", "persons", "civilians", "residents", "children", "others", "of"))


def _second_is_household(tokenizer: "re.Pattern[str]", low: str, start: int, stop: int) -> bool:
    """The token after the one ending at ``start`` is "families"/"households" ("300 Afghan families")."""
    second = tokenizer.search(low, start, stop)
    return second is not None and second.group() in _HOUSEHOLDS


def _kind_for(
    low: str, ms: int, me: int, word_number: bool, total_word: bool, s0: int, s1: int, ranged: bool = False,
    ascii: bool = False,
) -> str | None:
    """What the figure at ``low[ms:me]`` counts, or None when it is not a count of people.

    ``low`` is the item text in lower case (same length as the original) and
    ``low[s0:s1]`` the figure's sentence; ``total_word``: the sentence has a
    "toll/total/tally/number" word before the figure; ``ascii``: ``low`` is ASCII.
    """
    if low.startswith(_CLOCK_AFTER, me):
        return None  # (1.20.3) "on Sunday at around 10 a.m. they attacked": a time (the tokens cut "a.m." to "a")
    tokenizer = _TOKEN_ASCII if ascii else _TOKEN
    # Look back only within the clause: from the last comma/stop before the number.
    # Fast path: a plain word and one space right before it is the last token.
    w0 = ms - 40 if ms - 40 > s0 else s0
    j = low.rfind(" ", w0, ms - 1)
    prev_word = low[j + 1 : ms - 1] if j >= 0 and low[ms - 1 : ms] == " " else ""
    if prev_word and prev_word != "of" and (
            _lower_ascii_word(prev_word) if ascii else prev_word.isalpha() and prev_word.isascii()):
        before: list[str] = [prev_word]
    else:
        cut = max(low.rfind(",", w0, ms), low.rfind(".", w0, ms), low.rfind(";", w0, ms), low.rfind(":", w0, ms))
        before = _tokens(tokenizer, low, cut + 1 if cut >= 0 else w0, ms, ascii)
    prev = before[-1] if before else ""
    if not prev and prev_word.endswith(".") and prev_word[:-1] in _MONTHS:
        return None  # (1.10) "missing since Dec. 20": an abbreviated month's dot cut the clause
    # Dates ("on March 5"), designators ("Resolution 2254") and parts ("nine children from
    # one family") are not counts: decided before the clause after the number is read.
    # (1.17: a month before a hedge is no date - "Since 28 March at least 36,000 people have displaced")
    if (prev in _MONTHS and low[ms].isdigit()) or prev in _DESIGNATORS or (prev == "from" and not ranged) or (
            prev in _RELEASE_BEFORE):
        return None
    if prev == "in" and ms >= 5 and low[ms - 5].isdigit() and low[ms - 4 : ms] == " in ":
        return None  # "1 in 5 prisoners": a ratio
    stop = me + 160 if me + 160 < s1 else s1
    verb_kind = _BEFORE_VERB_KIND.get(prev) if prev else None
    if verb_kind == "wounded" and (low.endswith("fatally " + prev + " ", w0, ms)
                                   or low.endswith("mortally " + prev + " ", w0, ms)):
        verb_kind = "killed"  # (1.10) "killing five on the spot and fatally wounding one": the dead
    if (verb_kind == "killed" or verb_kind == "wounded") and low.endswith(_CASUALTY_ENDS, w0, ms) and (
            _COMBINED_BEFORE.search(low, w0, ms) is not None):
        return None  # (1.17) "killing and injuring hundreds": the dead and the wounded together
    if verb_kind is not None:
        # "killing at least 12": the verb decides unless a measure or date follows; the
        # first token after the number is enough to tell.
        first = tokenizer.search(low, me, stop)
        a0 = first.group() if first is not None else ""
        if _measure_or_date(a0):
            return None
        if (low[ms:me][-1:].isdigit() or word_number) and (a0 in _HOUSEHOLDS or (
                a0 and a0 not in _PERSON_AFTER_VERB and first is not None
                and _second_is_household(tokenizer, low, first.end(), stop))):
            # (1.13) "forced more than 5,600 families to flee", "displace 300 Afghan families":
            # a precise count of homes after the verb is not a count of people either (the same
            # test as the clause's below; precision first: a vague count needs no token search)
            return None
        if a0 != "of":
            return verb_kind
    # The clause after the number is read from up to 160 characters; most walks end
    # within a few words, so a short window (cut at a space: whole tokens) is tokenised
    # first and the rest only when the walk gets to its last token.
    cut = low.rfind(" ", me, me + _FIRST_WINDOW) if me + _FIRST_WINDOW < stop else -1
    partial = cut > me
    after: list[str] = _tokens(tokenizer, low, me, cut if partial else stop, ascii)
    n = len(after)
    if partial and n < 3:
        after = _tokens(tokenizer, low, me, stop, ascii)
        n = len(after)
        partial = False
    # Measures, money and dates are not counts of people.
    if after:
        a0 = after[0]
        if _measure_or_date(a0):
            return None
        if a0 == "of" and n > 1 and after[1] in _UNIT_WORDS:
            return None
        # "134 families", "5,000 households" count homes, not people (classify/1.3.3); so does a
        # ratio ("1 in 5 prisoners"). ("Hundreds of families" stays: the vague-count reading.)
        if (low[ms:me][-1:].isdigit() or word_number) and (a0 in _HOUSEHOLDS or (n > 1 and after[1] in _HOUSEHOLDS)):
            # (1.13) a precise word number too ("at least twelve families"); vague plurals stay
            return None
        if a0 == "in" and n > 1 and after[1][:1].isdigit():
            return None
    # 1. a verb right before the number ("killing at least 12"), or an event noun
    #    and "of" ("the abduction of 333"); "killed and 14 wounded" is not "killed 14".
    if verb_kind is not None:
        return verb_kind
    if prev == "numbering" or prev == "numbered":
        # (1.10) "gunmen numbering about 20 stormed the community", "the attackers, who numbered
        # around two dozen", "the gunmen numbered between 10 and 12"
        words = low[ms - 80 if ms - 80 > s0 else s0 : ms - len(prev) - 1].replace(",", " ").split()
        # (1.17) "rebels who were estimated to be numbering 300": the force noun before a hedge
        k = 0
        while words and k < 6 and words[-1] in _NUMBERING_FILLER:
            words.pop()
            k += 1
        if words and _NOUN_KIND.get(words[-1]) == "fighters":
            return "fighters"
    if prev in _AUX_OF_VICTIMS and low.endswith(_VICTIMS_BEFORE, w0, ms):
        # (1.20.4) "Among those killed were 11 soldiers and one police officer", "the dead included five children"
        return _VICTIM_KIND[low[w0:ms].rsplit(" ", 3)[-3]]
    if prev == "and" and (m := _VICTIMS_LIST_BEFORE.search(low, w0, ms)) is not None:
        return _VICTIM_KIND[m.group(1)]  # (1.20.4) "... were 11 soldiers and one police officer": the list goes on
    if prev == "down" and low.endswith("gunned down ", w0, ms):
        return "killed"  # (1.10) "gunned down at least 14 people"
    if prev == "of" and len(before) > 1:
        kind = _BEFORE_NOUN_OF.get(before[-2])
        if kind:
            return kind
        if before[-2] in _CROWD_OF:
            return None  # (1.17) "a Friday protest of up to 400 people led to ...": a crowd's size, no count of the event
    total = _TOTAL.search(low, s0, ms) if total_word else None
    if total:
        # "death toll rose to 45" -> killed; "the total of civilians displaced ... to 11,100" -> displaced
        if "toll" in total.group(0) or "death" in total.group(0):
            return "killed"
        for tok in _TOKEN.findall(total.group("between")):
            kind = _PREDICATE_KIND.get(tok)
            if kind:
                return kind
    # 2./3. the clause after the number: first event word, else the counted noun.
    noun_kind: str | None = None
    noun_at = -1
    skip_from = -1  # inside an ", including 10 children," aside
    paren_end = -1  # (1.19) inside a short parenthesis
    limit = 8 if word_number else 16
    for i in range(16):
        # A word number reads 8 tokens for its noun or event word, on to 16 once it has
        # its person noun ("four soldiers belonging to the 22nd battalion were killed").
        if i >= limit and noun_kind is None:
            break
        if partial and i >= n - 1:  # the walk reads on (and may look one token ahead)
            after = _tokens(tokenizer, low, me, stop, ascii)
            n = len(after)
            partial = False
        if i >= n:
            break
        tok = after[i]
        if i <= paren_end:
            continue
        if tok == "(" and noun_kind is not None:
            # (1.19) an acronym or a short gloss after the counted noun does not end the clause: "Three members of
            # the terrorist Abu Sayyaf Group (ASG) were killed", "four New People's Army (NPA) fighters"
            if partial:
                after = _tokens(tokenizer, low, me, stop, ascii)
                n = len(after)
                partial = False
            for j in range(i + 1, i + 5 if i + 5 < n else n):
                if after[j] == ")":
                    paren_end = j
                    break
            if paren_end > i:
                continue
        if tok == "others" and noun_kind is not None and after[i - 1] == "with":
            break  # (1.20.3) "nine civilians, including six children, with others sustaining injuries": the others'
        if noun_kind == "fighters" and tok in _FORCE_VERBS and (i == 0 or after[i - 1] not in _PASSIVE_AUX):
            return "fighters"  # (1.20.4) "More than 50 gunmen stormed the village, killing 12": the force, not the dead
        info = _WORD_INFO.get(tok)
        if info is None and (i == 0 or i == 2 and after[0] == "of") and tok in _THING_NOUNS:
            return None  # (1.14) "six cars, trucks, full of soldiers", "one of two areas where fighters ...": things counted
        if tok == "armed" and i + 1 < n and after[i + 1] in ("men", "individuals", "people") and noun_kind is None:
            noun_kind, noun_at = "fighters", i + 1  # (1.11) "a group of around 40 armed men intercepted buses"
            continue
        if skip_from >= 0:
            # The aside ends with its noun (or after a few words).
            if (info is not None and info[2] is not None) or i - skip_from > 3:
                skip_from = -1
            continue
        if info is None:
            if tok[0].isdigit():
                if i + 1 < n and after[i + 1] in _ORDINAL_ENDS:
                    continue  # "the 22nd battalion": an ordinal, not another number
                if i and after[i - 1] == "including" or (i > 1 and after[i - 2] == "including" and after[i - 1] in (
                        "a", "an", "one")):
                    skip_from = i  # "38 Palestinians, including 10 children, were killed"; (1.11) "including a 12-year-old"
                    continue
                break  # the next number starts another clause
            continue  # a word that says nothing
        flags, kind, noun = info
        if tok == "displaced" and i == 0 and n > 1 and _NOUN_KIND.get(after[1]) == "people" and noun_kind is None:
            # (1.19) "14 displaced people, including 7 children, killed in a camp": an adjective of the counted
            # noun, whose own verb (if any) says what happened to them; else they count as displaced
            noun_kind, noun_at = "displaced", 1
            continue
        if i == 2 and tok == "camps" and after[0] == "of":
            return None  # (1.19) "will visit one of the camps housing refugees": camps counted
        if kind == "displaced" and (tok == "camp" or tok == "camps") and (
                i == 0 or noun_kind == "fighters" or "from" in after[i - 4 if i > 4 else 0 : i]):
            # ("attacked more than 10 camps": camps counted)
            kind = None  # (1.11) "16 NPR officers were at the camp", "11 sheikhs from Saraf Omra camp visited"
        if flags & _W_STOP:
            if tok == "since" and i and after[i - 1] in _PERFECT_AUX:
                continue  # (1.19) "Some 5,000 villagers have since left for the hills": an adverb, no new clause
            if tok == "likely" and i and after[i - 1] in _PERFECT_AUX:
                continue  # (1.17) "nearly 40,000 people have likely been displaced": an estimate of the past
            if tok == "as" and i + 1 < n and after[i + 1] in _CAPTIVE_NOUNS:
                return "detained"  # "took eight police officers as hostages"
            if noun_kind is not None and tok in _MODALS:
                return None  # (1.6.0) "up to 2 million refugees could flee": a projection, not a count
            break
        if flags & _W_AND and i + 1 < n and after[i + 1][:1].isdigit():
            break
        if flags & _W_AND and noun_kind is not None and i + 2 < n and after[i + 1] == "the" and (
                after[i + 2] in _ATTACKER_SUBJECTS):
            break  # (1.20.4) "the victims included two children and the gunmen also abducted a man": another clause
        if flags & _W_RELATIVE and noun_at >= 0 and i > noun_at + 1:
            break
        if kind is None:
            if tok == "lost" and i + 2 < n and after[i + 2] == "lives":
                kind = "killed"  # "up to 30 civilians ... lost their lives"
            elif flags & _W_MOVEMENT and noun_kind != "fighters" and not (
                    tok in _ARRIVALS and _CARE_AFTER.search(low, me, s1) is not None):
                kind = "displaced"
            elif flags & _W_LEFT and noun_kind == "people" and (i + 1 >= n or after[i + 1] not in _LEFT_NOT):
                kind = "displaced"
            elif (tok == "sustained" or tok == "suffered") and noun_kind is not None:
                if partial:
                    after = _tokens(tokenizer, low, me, stop, ascii)
                    n = len(after)
                    partial = False
                if _HARM_NOUNS.intersection(after[i + 1 : i + 5]):
                    kind = "wounded"  # (1.19) "about five others who sustained various degrees of injuries"
            elif tok == "leave" and i > 1 and i + 1 < n and (after[i + 1] == "their" or after[i + 1] == "homes") and (
                    after[i - 1] == "to" and after[i - 2] in _MADE_TO):
                # (1.19) "40,965 people had to leave their homes", "were forced to leave their homes" (not an appeal:
                # "urged residents of 12 villages to leave their homes")
                kind = "displaced"
        if kind:
            # "two important strategic check points ..., killing": a word number
            # needs its person noun or event word close by.
            if word_number and i > 2 and noun_kind is None:
                return None
            if kind == "detained" and noun_kind == "fighters" and tok in _ACTIVE_ARREST and (
                    i == 0 or after[i - 1] not in _PASSIVE_AUX) and i + 1 < n and (
                    after[i + 1] not in _NOT_OBJECT and after[i + 1][0].isalpha()):
                return None  # (1.17) "four plain-clothed security personnel arrested Mohamed": the agents, not the held
            return kind
        if noun is not None and i < 5 and noun_kind in (None, "people", "fighters"):
            # A specific noun ("hostages", "refugees") beats a generic one ("police officers").
            if noun_kind is None or noun not in ("people", "fighters"):
                noun_kind = noun
                noun_at = i
    if noun_kind == "people" or noun_kind is None:
        return None
    return noun_kind


_word_info()

# (1.14) Plural nouns of things and places: a number right before one counts them, not people.
_THING_NOUNS: Final = frozenset(
    "areas cars trucks vehicles buses houses homes buildings villages towns districts provinces regions "
    "incidents occasions locations sites "
    # (1.17) munitions: "more than 15 explosives were dropped near civilian areas ..., killing three"
    "explosives bombs shells rockets missiles mortars drones projectiles grenades airstrikes".split())

_YEAR_OR_DATE: Final = re.compile(r"(?:1[89]|20)\d\d(?:\s*[-–]\s*(?:1[89]|20)?\d\d)?")


# Number anchors come from the trigger pass (agents.classify.scan: a word starting
# with a digit, a number word, a vague plural); the full figure pattern is tried
# only there, from a qualifier / "between" right before it when there is one.
_LEAD_BEFORE: Final = re.compile(rf"(?:\b(?:{_QUALIFIERS})\s+)?(?:\bbetween\s+)?$", re.IGNORECASE)
# Qualifier phrases as word tuples, and the last words of them and of "between".
_QUAL_WORDS: Final = frozenset(tuple(q.replace("\\.", "").split()) for q in _QUALIFIERS.split("|"))
_LEAD_LAST: Final = frozenset(w[-1] for w in _QUAL_WORDS) | {"between"}
# The anchor must not follow a word character, a currency sign or a separator ("US$7", "1.2", "37,000").
_NOT_AFTER: Final = frozenset("_$€£.,:/-")


# Qualifier (and "between") phrases as they read in the normalised text, by last word,
# longest first: the leftmost lead wins, as in _LEAD_BEFORE.
_LEAD_BY_LAST: Final[dict[str, list[str]]] = {}
for _q in sorted({" ".join(w) for w in _QUAL_WORDS} | {" ".join(w) + " between" for w in _QUAL_WORDS} | {"between"},
                 key=len, reverse=True):
    _LEAD_BY_LAST.setdefault(_q.rsplit(" ", 1)[-1], []).append(_q)


def _lead_start(text: str, norm: str, k: int, a: int, floor: int) -> int:
    """Where a figure whose number starts at text offset ``a`` begins: at the
    qualifier and/or "between" right before the number, else at ``a``.

    ``k`` is the number's offset in ``norm``. The phrase before the number is
    looked up in the normalised text; the :data:`_LEAD_BEFORE` regex decides
    only when the words are not single-spaced or the phrase starts before ``floor``.
    """
    j = norm.rfind(" ", 0, k - 1)
    if j == k - 2:  # not a single separator before the number
        # A lead is a qualifier or "between" (ending in a letter, or "approx.") and whitespace:
        # ", 37", "(37", "— 37" cannot have one, so only the regex's empty match is left.
        i = a - 1
        while i >= floor and text[i].isspace():
            i -= 1
        if i == a - 1 or i < floor or not (text[i].isalnum() or text[i] == "."):
            return a
        m = _LEAD_BEFORE.search(text, floor, a)
        return m.start() if m else a
    phrases = _LEAD_BY_LAST.get(norm[j + 1 : k - 1])
    if phrases is None:
        return a
    for phrase in phrases:
        p0 = k - 1 - len(phrase)
        if starts_at(norm, phrase, p0) and norm[p0 - 1] == " ":
            if p0 - 1 >= floor:
                return p0 - 1
            m = _LEAD_BEFORE.search(text, floor, a)
            return m.start() if m else a
    return a


_NOT_NUMBERS: Final = frozenset(("a", "an", "several", "a few", "half a", "half an"))
_SCALE_IN: Final = re.compile(r"hundred|thousand|million|billion|,")


# Words that can continue a number after a space (a scale, or a range "12 to 15").
_CONTINUE: Final = ("to", "hundred", "thousand", "million", "billion", "dozen")


def _plain_number(text: str, a: int, s1: int) -> int:
    """End of the number at ``a`` when it is plain ASCII digits ("12", "37,000"), a space and a
    lower-case word that cannot continue it ("12 protesters"): there the figure regex can only
    match those digits, so it is not needed. -1 otherwise (the regex decides)."""
    # (Characters compared by code point: ord() is a direct call in a compiled build, a string
    # comparison a generic one.)
    e = a
    while e < s1 and _is_digit(text, e):
        e += 1
    if e == a:
        return -1
    if e < s1 and text[e] == ",":  # thousands groups: 1-3 digits, then ",ddd" groups
        if e - a > 3:
            return -1
        while e + 3 < s1 and text[e] == "," and _is_digit(text, e + 1) and _is_digit(text, e + 2) \
                and _is_digit(text, e + 3):
            e += 4
    if e + 1 >= s1 or text[e] != " ":
        return -1
    c = ord(text[e + 1])
    if not 97 <= c <= 122:  # a-z
        return -1
    if text[e + 1] in _CONTINUE_FIRST:
        for word in _CONTINUE:
            if starts_at(text, word, e + 1):
                return -1
    return e


def _is_digit(text: str, i: int) -> bool:
    """Whether ``text[i]`` is an ASCII digit."""
    c = ord(text[i])
    return 48 <= c <= 57


_CONTINUE_FIRST: Final = "".join(sorted({w[0] for w in _CONTINUE}))


# The qualifiers as the figure regex spells them (it matches them case-insensitively).
_QUAL_TEXTS: Final = frozenset(q.replace("\\.", ".") for q in _QUALIFIERS.split("|"))


def _plain_lead(text: str, start: int, a: int) -> bool:
    """Whether ``text[start:a]`` is a qualifier and whitespace that the figure regex would
    match as such before a plain number at ``a`` ("at least 12")."""
    q = text[start:a].rstrip()
    if len(q) == a - start or q.lower() not in _QUAL_TEXTS:
        return False
    return not start or not (text[start - 1].isalnum() or text[start - 1] in _NOT_AFTER)


# (1.19) What follows a person's age in wire copy ("Cisse, 70, was kidnapped", "Petronin, 75, who ran ..."): read
# for a capitalised word opening its sentence, which _is_name_before leaves out (any first word is capitalised).
_AGE_NEXT: Final = (", was ", ", who ", ", is ", ", had ", ", has ", ", a ", ", an ", ", the ", ", said ")


def _is_first_name(text: str, s0: int, comma: int) -> bool:
    """Whether ``text[s0:comma]`` is one capitalised word (after an opening quote), the sentence's first."""
    i = s0
    while i < comma and text[i] in "\"'“‘( ":
        i += 1
    return comma - i >= 2 and text[i].isupper() and text[i + 1 : comma].isalpha() and text[i + 1 : comma].islower()


def _is_name_before(text: str, s0: int, comma: int) -> bool:
    """Whether the word ending at ``comma`` is capitalised (a name), not the sentence's first word."""
    j = text.rfind(" ", s0, comma)
    return j > s0 and text[j + 1 : j + 2].isupper()


# (kind, value, low, qualifier, match start, match end, sentence index, vague)
_Found = tuple[str, float, "float | None", "str | None", int, int, int, bool]
EVENT_FACTOR: Final = 0.5  # a figure whose sentence context weighs less is not the event's figure
_MAX_SUM_PARTS: Final = 8  # figures of one kind tried as parts of a stated total


def _is_sum(value: float, parts: list[float]) -> bool:
    """Whether ``value`` is the sum of two or three of ``parts``, or of all of them
    ("6 ... 7" where 13 is stated; "43 Houthi fighters ... seven loyalists", at least 50)."""
    n = len(parts)
    if n < 2 or n > _MAX_SUM_PARTS:
        return False
    total = 0.0
    for p in parts:
        total += p
    if total == value:
        return True
    for i in range(n):
        for j in range(i + 1, n):
            two = parts[i] + parts[j]
            if two == value:
                return True
            if two < value:
                for k in range(j + 1, n):
                    if two + parts[k] == value:
                        return True
    return False


def _digits(value: float) -> int:
    """Significant digits of a count: 5,300 -> 2, 5,000 -> 1, 40,965 -> 5."""
    n = int(value)
    if n <= 0:
        return 0
    while n % 10 == 0:
        n //= 10
    return len(str(n))


# Tiers of a figure's sentence: an event sentence, cumulative background, a context that
# discounts it (peace deal, hypothesis, other event...). History never competes.
_EVENT: Final = 0
_BACKGROUND_TIER: Final = 1
_DISCOUNTED: Final = 2
#: The label a kind counts for (schemas.models.FIGURE_KIND_LABEL), fighters left out: they go with any label. A
#: count of each of these kinds in an event sentence is weighed when deciding its label (mark_primary); (1.18.0) the
#: wounded too, as the killed: "A Houthi missile struck a cargo ship, wounding three crew members", "A drone hit a
#: residential building in Kharkiv, injuring seven" (a weak battle cue, at least the floor, plus the count).
LABEL_OF_KIND: Final = {kind: label for kind, label in FIGURE_KIND_LABEL.items() if kind != "fighters"}
BACKGROUND_MAX: Final = 1_000_000.0
_CONTEXT_KINDS: Final = OTHER_EVENT | TRIAL | PEACE | STOCK | HYPO
_UNOFFICIAL: Final = re.compile(r"\b(?:unofficial|unconfirmed)\b", re.IGNORECASE)
REFINE: Final = 0.3  # a later figure within 30 % of the story's first one may restate it more precisely
# The side of its value a hedged figure leaves room on: "more than 5,000" -> 5,300, "almost 20" -> 19.
_HEDGE_SIDE: Final = {
    "more than": 1, "over": 1, "at least": 1, "upwards of": 1, "in excess of": 1, "just over": 1, "well over": 1,
    "no fewer than": 1, "no less than": 1, "a minimum of": 1,
    "nearly": -1, "almost": -1, "up to": -1, "fewer than": -1, "less than": -1, "as many as": -1, "close to": -1,
    "just under": -1, "at most": -1, "under": -1, "below": -1, "a maximum of": -1,
}


# (1.5.0) A count of people by what they are ("4,000 detainees", "600,000 Sudanese refugees",
# "1.2 million displaced people") is a stock, not the event that gives a label.
_STOCK_NOUN: Final = re.compile(
    r"\s+(?:[A-Z][\w'’-]+\s+)?(?:detainees|detainee|prisoners|inmates|refugees|idps|asylum seekers|migrants|hostages|captives|"
    r"displaced\s+(?:people|persons|families|civilians|residents|children|women|men))\b", re.IGNORECASE)
# A killed count gives ``battle`` only with some battle cue below the threshold (a murder or an
# accident is not a battle); a displaced or detained count gives its label on its own.
_WEIGHED_FLOOR: Final = {"displacement": 0.0, "detention": 0.0, "battle": 0.25}


# (1.10) A count over a span of months, not the event's: "displaced since 3 May", "in the
# first half of the year", "so far this year", "a surge of violence that has forced 200,000 ...".
_CUMULATIVE_SPAN: Final = re.compile(
    rf"\bsince (?:\d{{1,2}} )?(?:{MONTHS_PATTERN})\b|"
    r"\b(?:so far this year|this year alone|since the start of (?:the|this) year|"
    r"in the first (?:half|quarter|months?|\w+ months) of (?:the|this) year)\b|"
    r"\b(?:violence|fighting|unrest|conflict|insurgency|clashes|attacks) (?:that|which) (?:has|have) "
    r"(?:forced|driven|displaced|killed|uprooted|claimed)\b", re.IGNORECASE)
# (1.14) An earlier attack on the same target, dated by its month ("attacked the same base in June").
_SAME_IN_MONTH: Final = re.compile(
    rf"\bthe same\s+[\w'’-]+\s+(?:in|on|last|back in)\s+(?:early\s+|late\s+|mid-?)?(?:{MONTHS_PATTERN})\b", re.IGNORECASE)
# (1.10) A sentence that opens on an earlier time ("Last week, ...", "Earlier this month, ...",
# "Last March ...") tells an earlier event: its figures compete only where the story's own do not.
# (1.18.0) An earlier time named after a count in its sentence (mark_primary).
_EARLIER_ANYWHERE: Final = re.compile(  # (read on the lower-case text)
    r"\b(?:last (?:week|month|weekend|year)|earlier (?:this|that|last) (?:week|month|year)|(?:a|one|two|three|several|\d+) (?:weeks|months|years) ago)\b(?!['’])")
_EARLIER_OPENING: Final = re.compile(
    rf"(?:last (?:week|month|weekend|year|{MONTHS_PATTERN})|"
    r"earlier (?:this|that|last) (?:week|month|year)|(?:a|one|two|three) (?:weeks|months) ago)\b", re.IGNORECASE)
# (1.17) "At the start of the protests, police arrested around 7,000 people": the story's beginning (matched only
# after _START_OPENERS, a cheap test of the sentence's first words)
_START_OPENING: Final = re.compile(
    r"(?:at|since) the (?:start|beginning|outset) of|in the early (?:days|weeks|months) of\b", re.IGNORECASE)
_START_OPENERS: Final = ("At the ", "Since the ", "In the early ", "at the ", "since the ", "in the early ")
# (1.10) "The latest assault came days after two suicide bombers ... killing three officers and
# wounding 11": what follows is an earlier event; its figures never compete (as history).
_CAME_AFTER: Final = re.compile(
    r"\b(?:came|come|comes|coming)\s+(?:just\s+|only\s+|barely\s+)?(?:(?:a|one|two|three|four|five|six|several|a few|\d+)\s+)?"
    r"(?:hours?|days?|weeks?|months?)\s+after\b"
    # (1.11) "This attack followed the killing of a traditional ruler ... killing 46 persons"
    r"|\b(?:this|the|that|latest)\s+(?:attack|assault|raid|incident|ambush|violence|killing|killings)"
    r"(?:\s+(?:on|in|at|near)\s+[\w'’-]+(?:\s+[\w'’-]+)?)?\s+(?:follows|followed)\b"  # (1.14) "The attack on Saturday follows"
    # (1.11) "Five police officers were killed Thursday ... a day after nine police died in similar blasts"
    r"|\b(?:a|an|one|two|three|four|five|six|several|a few|\d+)\s+(?:hours?|days?|weeks?|months?)\s+after\s+"
    r"(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
# (1.17) The earlier attack told in a clause of its own: "a day after twin attacks in the province's capital injured
# seven people" (searched only for a figure right after one of these verbs: _AFTER_VERB_ENDS).
_AFTER_CLAUSE: Final = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|several|a few|\d+)\s+(?:days?|weeks?|months?)\s+after\s+(?:[\w'’-]+\s+){1,8}?"
    r"(?:killed|killing|wounded|wounding|injured|injuring|abducted|kidnapped|displaced)\s+$", re.IGNORECASE)
_AFTER_VERB_ENDS: Final = ("killed ", "killing ", "wounded ", "wounding ", "injured ", "injuring ", "abducted ",
                           "kidnapped ", "displaced ")


# (1.11) "more than two million people have fled their homes": a count told in the perfect tense
_PERFECT_AFTER: Final = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}(?:have|has)\s+(?:been\s+)?(?:fled|displaced|forced|uprooted|"
                                   r"driven|killed|died)\b", re.IGNORECASE)


# (1.18.0) A count in a state, not an event: "1.5 million people remain displaced", "30,000 are still displaced",
# "two journalists remain in detention" (read on the lower-case text from the count's end).
_STATE_AFTER: Final = re.compile(
    r"(?:\s+[\w'’-]+){0,3}?\s+(?:remain|remains|remained|are still|is still|were still|still)\s+(?:displaced|homeless|"
    r"in detention|detained|held|in custody|in camps|uprooted)\b")
# (1.18.0) A perfect-tense count verb followed in its clause by "since" (mark_primary, after a "since " precheck).
_PERFECT_SINCE: Final = re.compile(r"\b(?:have|has)\s+(?:been\s+)?(?:fled|displaced|forced|uprooted|driven|killed|died|"
                                   r"arrested|detained|abducted|kidnapped|injured|wounded)\b[^.;]*\bsince\b")  # (read on the lower-case text)


_LATER_UPDATE: Final = re.compile(r"\b(?:said later|later said|later put|was later (?:raised|revised|updated)|"
                                  r"later (?:raised|revised|updated) the)\b", re.IGNORECASE)



def _after_clause(low: str, s0: int, ms: int) -> bool:
    """(1.17) :data:`_AFTER_CLAUSE` searched from just before the last " after " (within reach of the figure)."""
    k = low.rfind(" after ", s0, ms)
    if k < 0 or ms - k > 120:
        return False
    return _AFTER_CLAUSE.search(low, k - 30 if k - 30 > s0 else s0, ms) is not None


def _rescued_count(low: str, ms: int) -> bool:
    """(1.12.0) Whether the count at ``ms`` is what a rescue verb just before it governs ("rescued 14
    victims", "freed 11 people"; not "rescue kidnap victim, arrest 8 suspects")."""
    lo = ms - 30 if ms > 30 else 0
    k = max(low.rfind("rescu", lo, ms), low.rfind("free", lo, ms))
    if k < 0:
        return False
    gap = low[k:ms]
    return "arrest" not in gap and "detain" not in gap and "apprehend" not in gap

def _may_be_cumulative(low: str, start: int, end: int) -> bool:
    """Cheap before :data:`_CUMULATIVE_SPAN` (case-blind, it tries every position of the sentence):
    each of its branches holds one of these words."""
    return (low.find("since ", start, end) >= 0 or low.find("year", start, end) >= 0
            or low.find("that ha", start, end) >= 0 or low.find("which ha", start, end) >= 0)


_ALL_THE: Final = re.compile(r"\b(?:all(?: the)?|a total of|in all|altogether)\s+$", re.IGNORECASE)


def _arrest_bg_in(cache: dict[int, bool], text: str, starts: list[int], ends: list[int], si: int) -> bool:
    """``_ARREST_BG.search`` over sentence ``si``, once per sentence (several killed/wounded
    figures of one sentence in an arrest story searched it again each)."""
    got = cache.get(si)
    if got is None:
        got = cache[si] = _ARREST_BG.search(text, starts[si], ends[si]) is not None
    return got


def _month_dated(cache: dict[int, bool], low: str, s0: int, s1: int) -> bool:
    """(1.18.0) Whether sentence ``low[s0:s1]`` opens on a month alone or names "last <month>" (labels'
    _MONTH_LEAD / _LAST_MONTH), once per sentence (cached by its start)."""
    got = cache.get(s0)
    if got is None:
        got = cache[s0] = _MONTH_LEAD.match(low, s0, s1) is not None or (
            low.find("last ", s0, s1) >= 0 and _LAST_MONTH.search(low, s0, s1) is not None)
    return got


def mark_primary(
    doc: Doc, sc: Scan, history: History, found: list[_Found], labels: set[str] | None = None,
    added: dict[str, int] | None = None, near: dict[str, float] | None = None,
    context: tuple[float, int] | None = None, dead_again: list[tuple[float, int]] | None = None,
    grown: dict[int, float] | None = None,
) -> set[int]:
    """Indexes (into ``found``) of the story's primary figure of each kind.

    Figures compete by the tier of their sentence: an event sentence first; then one of
    cumulative background ("the war has killed ..."); then - only for a kind whose label the
    item has (``labels``) - one whose context discounts it (a trial, a peace deal, a
    hypothesis before the figure, another kind of event, a stock of refugees). History
    never competes. Within the best tier: a stated total beats its parts (the figure that
    is the sum of two or more others, "6 ... 7" where 13 is stated); a precise figure beats
    a vague one ("Thousands flee" -> 2,000 is not the story's figure when the body says
    20,000); then the largest - where figures within 10 % of it are the same count, the
    most precisely stated ("5,300" over "more than 5,000").
    """
    text = doc.text
    starts, ends = doc.starts, doc.ends
    tiers: dict[str, list[list[int]]] = {}
    # Per sentence, computed once: -1 history, else the tier its context allows
    # (the positional hypothesis test and the kind-dependent stock test come per figure).
    sentence_tier: dict[int, int] = {}
    flags = sc.flags
    if context is None:
        context = (item_damp(doc, sc), story_kind(doc, sc))
    arrest_story = bool(context[1] & ARREST_STORY)
    # (1.12.0) A rescue story whose headline or lead also reports arrests ("rescue 14 victims, arrest five
    # suspects"): the arrested count is the story's detained figure, the rescued one is the abduction recalled.
    rescue_arrest = False
    if context[1] & RESCUE_STORY:
        for _s, _e, csi, payloads in sc.cues:
            if csi > 1:
                break
            for payload in payloads:
                if payload[0] == "detention" and payload[1].startswith(_STATE_ARREST_STEMS):
                    rescue_arrest = True
    # (1.10.0) An evacuation while a bomb is defused (headline or lead) counts no one displaced.
    defuse_item = False
    for k in range(3 if len(flags) > 2 else len(flags)):  # (the headline and the first two sentences)
        if flags[k] & DEFUSE:
            defuse_item = True
    lead = 1 if doc.has_headline else 0
    arrest_bg: dict[int, bool] = {}  # sentence -> _ARREST_BG found in it (searched once per sentence)
    month_dated: dict[int, bool] = {}  # (1.18.0) sentence start -> _month_dated
    hosted: dict[int, list[int]] = {}  # (1.18.0) sentence start -> ends of its hosting words (in_hosted_phrase)
    for i, f in enumerate(found):
        kind, ms, si = f[0], f[4], f[6]
        st = sentence_tier.get(si)
        if st is None:
            if history.past(si):
                st = -1
            elif flags[si] & BACKGROUND and background_in(text, doc.low, starts[si], ends[si]):
                st = _BACKGROUND_TIER
            elif si > lead and _may_be_cumulative(doc.low, starts[si], ends[si]) and _CUMULATIVE_SPAN.search(
                    text, starts[si], ends[si]) is not None:
                # (1.10) "over 40,000 displaced since 3 May" after the lead: a running count (in the
                # lead it is the story's: "Some 41,000 people have been forced to flee ... so far this year")
                st = _BACKGROUND_TIER
            elif si > 0 and (_EARLIER_OPENING.match(text, starts[si]) is not None or (
                    text.startswith(_START_OPENERS, starts[si]) and _START_OPENING.match(text, starts[si]) is not None)):
                st = _BACKGROUND_TIER  # (1.10) "Last week, 44 civilians were reported killed in ...": an earlier event
            else:
                st = _EVENT
            sentence_tier[si] = st
        if st < 0:
            continue
        if (doc.low.find("after", starts[si], ms) >= 0 or doc.low.find("follow", starts[si], ms) >= 0) and (
                _CAME_AFTER.search(text, starts[si], ms) is not None or (
                    doc.low.endswith(_AFTER_VERB_ENDS, starts[si], ms) and _after_clause(doc.low, starts[si], ms))):
            continue  # (1.10) "The attack came a day after three persons were injured in ...": an earlier event
        tier = st
        if flags[si] & _CONTEXT_KINDS and context_factor(sc, si, ms, kind == "displaced") < EVENT_FACTOR:
            tier = _DISCOUNTED
        elif flags[si] & STOCK and in_hosted_phrase(doc.low, starts[si], ends[si], ms, hosted):
            tier = _DISCOUNTED  # (1.18.0) "The camp, home to 20,000 people displaced by fighting": the hosted stock
        elif flags[si] & DATED and (kind == "displaced" or kind == "detained") and (
                doc.low.find("remain", f[5], f[5] + 40) >= 0 or doc.low.find("still ", f[5], f[5] + 40) >= 0) and (
                _STATE_AFTER.match(doc.low, f[5], ends[si]) is not None):
            tier = _DISCOUNTED  # (1.18.0) "Some 1.5 million people remain displaced in Borno": a state, not the news
        elif kind == "displaced" and flags[si] & (HYPO | GOAL) and future_after(text, doc.norm, f[5], ends[si]):
            tier = _DISCOUNTED  # (1.7.0) "The evacuation of 5,000 residents ... will begin next summer"
        elif (kind == "killed" or kind == "wounded") and (flags[si] & ATTACK_BG or (
                arrest_story and si != 0 and _arrest_bg_in(arrest_bg, text, starts, ends, si))):
            # (1.7.0) the dead of the attack an arrest or a charge is about ("arrested eight people
            # suspected of links to the bombings that killed 95"): not the story's event
            tier = _DISCOUNTED
        elif kind == "displaced" and defuse_item:
            tier = _DISCOUNTED
        elif kind == "detained" and rescue_arrest and _rescued_count(doc.low, ms):
            tier = _DISCOUNTED
        elif si > lead and flags[si] & MONTH and _month_dated(month_dated, doc.low, starts[si], ends[si]):
            # (1.18.0) After the lead, a count in a sentence dated by a month alone ("In March, bandits attacked a
            # train, killing nine", "... last June") is an earlier event told as background: it never competes (as
            # "the same base in June" below). In the headline or lead the month may date the news itself.
            continue
        elif si > lead and flags[si] & DATED and (doc.low.find("last ", ms, ends[si]) >= 0 or doc.low.find(
                "earlier ", ms, ends[si]) >= 0 or doc.low.find(" ago", ms, ends[si]) >= 0) and (
                _EARLIER_ANYWHERE.search(doc.low, ms, ends[si]) is not None):
            # (1.18.0) ... and so is a count whose clause goes on to date it earlier - "More than 300 schoolgirls were
            # kidnapped from a school in Zamfara State ... earlier this month", "the kidnapping of five priests and
            # two nuns earlier this year", "killed 40 people two weeks ago" (read from the count on: "Last week local
            # media quoted residents as saying that around 100 people had been detained" dates the report)
            continue
        elif si != 0 and (kind == "detained" or kind == "displaced") and flags[si] & MONTH and (_MONTH_LEAD.match(
                doc.low, starts[si], ms) or (doc.low.find("last ", starts[si], ends[si]) >= 0 and _LAST_MONTH.search(
                    doc.low, starts[si], ends[si]))):
            tier = _DISCOUNTED  # (1.10.0) "In December, three journalists were abducted": an earlier event
        elif si > lead and flags[si] & MONTH and doc.low.find("the same ", starts[si], ms) >= 0 and (
                _SAME_IN_MONTH.search(text, starts[si], ms) is not None):
            continue  # (1.14) "Al Shabaab attacked the same base in June, wounding seven": an earlier event (never competes)
        elif si != 0 and (" after " in text[starts[si] : ms] or " since " in text[starts[si] : ms]):
            m_after = _EARLIER_EVENT.search(text, starts[si], ms)
            if m_after is not None:
                tier = _DISCOUNTED  # (1.10.0) "comes one week after the army arrested 12": an earlier event
        if tier == _EVENT and si > lead and f[1] >= BACKGROUND_MAX and kind != "fighters" and (
                _PERFECT_AFTER.match(text, f[5], ends[si]) is not None):
            # (1.11) "Thousands have been killed, more than two million people have fled their homes":
            # a million after the lead is the country's tally, not the event's count
            tier = _BACKGROUND_TIER
        elif tier == _EVENT and si > lead and flags[si] & DATED and kind != "fighters" and doc.low.find(
                "since ", f[5], ends[si]) >= 0 and (
                _PERFECT_SINCE.search(doc.low, f[5], ends[si]) is not None):
            # (1.18.0) After the lead, a count told in the perfect tense with a "since" ("498 individuals,
            # including 124 minors, have been killed in attacks ... since the aforementioned date", "have fled since
            # the war began") is a running tally, whatever the span's words: background, neither the event's count
            # nor a label's evidence (the 1.10 span list needed a month or "this year")
            tier = _BACKGROUND_TIER
        if tier != _EVENT:
            # Background and discounted figures compete only for a kind the item has the
            # label of; background never with a national total ("15 million displaced").
            label = LABEL_OF_KIND.get(kind)
            if labels is None or label is None or label not in labels:
                continue
            if tier == _BACKGROUND_TIER and f[1] >= BACKGROUND_MAX:
                continue
        by_tier = tiers.get(kind)
        if by_tier is None:
            by_tier = tiers[kind] = [[], [], []]
        by_tier[tier].append(i)
    # A figure of a kind is weighed when deciding its label: a displaced / detained count in
    # an event sentence gives the label the cues missed ("50,000 displaced" with only battle).
    # (1.5.0) Not in an item whose cues are all damped (a commemoration, a trial headline, another
    # kind of event), nor from a sentence whose cues a release / return headline damps, nor from
    # a pledging sentence ("At a donor conference ... appealed ..."), nor from a vague count
    # ("hundreds of thousands of displaced people" in a closing tally): every figure label on
    # train+dev that was right came from a precise count.
    # (``context``: the item's (damp, story kind) when the caller has them, see labels.story_context.)
    if context is None:
        context = (item_damp(doc, sc), story_kind(doc, sc))
    if added is not None and labels is not None and context[0] == 1.0:
        # (1.10.0 also a peace headline's: "sign ceasefire" ... "about half a million displaced as a result
        # of the conflict")
        story = context[1] & (RELEASE_STORY | RETURN_STORY | RESCUE_STORY | PEACE_STORY)
        for kind, label in LABEL_OF_KIND.items():
            by_tier = tiers.get(kind)
            floor = _WEIGHED_FLOOR[label]
            if by_tier is not None and by_tier[0] and not found[by_tier[0][0]][7] and label not in labels and (
                    _STOCK_NOUN.match(text, found[by_tier[0][0]][5]) is None) and (
                    floor == 0.0 or (near is not None and near.get(label, 0.0) >= floor)) and not (
                    flags[found[by_tier[0][0]][6]] & PLEDGE) and (
                    not story or story_label_factor(doc, sc, story, label, found[by_tier[0][0]][6]) == 1.0):
                labels.add(label)
                added[label] = found[by_tier[0][0]][6]
    if not labels:
        return set()
    chosen: set[int] = set()
    killed_best = wounded_best = -1
    for kind, by_tier in tiers.items():
        # The tables count a kind for the label it stands for: no killed / wounded figure in a
        # story without ``battle`` (a murder, an execution), no detained one without
        # ``detention``. Fighters go with any label.
        label = LABEL_OF_KIND.get(kind)
        if label is not None and label not in labels:
            continue
        group: list[int] = by_tier[0] if by_tier[0] else by_tier[1] if by_tier[1] else by_tier[2]
        best = -1
        if len(group) > 2:
            # A stated total: the first figure (in text order) that is the sum of smaller ones.
            for i in group:
                v = found[i][1]
                parts: list[float] = []
                said_all = -1  # whether it says it is a total ("all the"): read once, if a part precedes it
                for j in group:
                    if found[j][1] >= v:
                        continue
                    if found[j][6] < found[i][6] and said_all < 0:
                        said_all = 1 if _ALL_THE.search(text, found[i][4] - 12 if found[i][4] > 12 else 0,
                                                        found[i][4]) is not None else 0
                    if found[j][6] >= found[i][6] or said_all == 1:
                        # (1.11) a total comes with or before its parts ("the group ... killed more than 10 soldiers"
                        # after "At least 7 killed" and "killed three al Shabaab members" is a claim), unless it
                        # says so: "All the three injured shifted to hospital"
                        parts.append(found[j][1])
                if len(parts) >= 2 and _is_sum(v, parts):
                    bigger = False
                    for j in group:
                        if found[j][6] < found[i][6] and found[j][1] > v and not found[j][7]:
                            bigger = True  # (1.19) a sub-tally: "At least 11 civilians were killed" ... "killing 10
                            break  # villagers" = "Three women and seven men" (a village's share of the 11)
                    if bigger:
                        continue
                    best = i
                    break
        if best < 0:
            # The story's own figure: the first stated (headline, then lead), not the largest
            # - later, larger figures are mostly tallies ("45,000 killed over 14 months"). A
            # later restatement of it, more precisely stated and within 30 % on the side its
            # hedge allows, refines it ("almost 100,000" -> 96,000, "more than 5,000" ->
            # 5,300; not "more than 8,500" -> 7,386, a part).
            precise = [i for i in group if not found[i][7]]
            pool = precise if precise else group
            first = found[pool[0]][6]
            for i in pool:
                if found[i][6] < first:
                    first = found[i][6]
            anchor = -1
            for i in pool:
                if found[i][6] == first and (anchor < 0 or found[i][1] > found[anchor][1]) and not (
                        anchor >= 0 and _cumulative(text, starts[first], found[i][4])):
                    anchor = i  # (1.7.0: not a tally over the event's count, "bringing to 50 the number")
            best = anchor
            if grown:
                for g, part in grown.items():
                    if part == found[anchor][1] and found[g][0] == kind and g in pool and found[g][6] > first:
                        # (1.19) the first stated count is a part of a later sum: "4 army troops killed" ... "Four army
                        # troops, including a colonel, and three suspected militants were killed" (7)
                        best = anchor = g
                        break
            a_value = found[anchor][1]
            side = _HEDGE_SIDE.get(found[anchor][3] or "", 0)
            # (1.7.0) A hedged round headline figure ("Bandits abduct over 100") is a rounding of the
            # lead's count ("at least 150"): up to twice its value on the side its hedge allows.
            head_round = (side > 0 and first == 0 and doc.has_headline and a_value >= 10
                          and _digits(a_value) == 1)
            for i in pool:
                v = found[i][1]
                reach = 1.0 if head_round and found[i][6] == 1 else REFINE
                if i == anchor or abs(v - a_value) > reach * a_value or _digits(v) <= _digits(found[best][1]):
                    continue
                if (side > 0 and v < a_value) or (side < 0 and v > a_value):
                    continue
                if side == 0 and found[anchor][3] is None and _digits(a_value) > 1:
                    continue  # a plain "37" is not refined; a round "30" may be ("32")
                if _UNOFFICIAL.search(text, starts[found[i][6]], found[i][4]) is not None:
                    continue  # (1.14) "Unofficial sources put the death toll at 11": not the official count refined
                best = i
            if precise and len(precise) < len(group) and best == anchor:
                # (1.15) A vague count stated before the precise ones ("killing more than a dozen military
                # personnel", "detained nearly three dozen suspects"): the precise count within 30 % on the side
                # its hedge allows restates it ("at least 15 government soldiers were killed", not al-Shabab's
                # 30); its digits say nothing of its precision.
                v0 = -1
                for i in group:
                    if found[i][7] and found[i][6] < first and (v0 < 0 or found[i][6] < found[v0][6]):
                        v0 = i
                if v0 >= 0:
                    vv = found[v0][1]
                    vside = _HEDGE_SIDE.get(found[v0][3] or "", 0)
                    for i in pool:
                        v = found[i][1]
                        if abs(v - vv) > REFINE * vv or (vside > 0 and v < vv) or (vside < 0 and v > vv):
                            continue
                        if _UNOFFICIAL.search(text, starts[found[i][6]], found[i][4]) is not None:
                            continue
                        best = i
                        break
            for i in pool:
                if found[i][6] > first and found[i][1] > found[best][1] and doc.low.find(
                        "later", starts[found[i][6]], found[i][4]) >= 0 and _LATER_UPDATE.search(
                        text, starts[found[i][6]], found[i][4]) is not None:
                    best = i  # (1.11) "The governor said later that 19 people had been wounded": the update
                    break
            if found[best][7]:
                # A vague count ("displaces thousands") is the story's figure only when no precise
                # one of its size is stated in a sentence of a lower tier either ("displaced
                # approximately 11,000" in a sentence that mentions the peace process).
                lo, hi = _VAGUE_RANGE.get(found[best][1], (0.0, 0.0))
                for tier_group in by_tier:
                    hit = -1
                    for i in tier_group:
                        if not found[i][7] and lo <= found[i][1] <= hi:
                            hit = i
                            break
                    if hit >= 0:
                        best = hit
                        break
        chosen.add(best)
        if kind == "killed":
            killed_best = best
        elif kind == "wounded":
            wounded_best = best
    if killed_best >= 0 and wounded_best >= 0 and found[wounded_best][6] != found[killed_best][6]:
        # (1.17) The wounded told beside more dead than the story's, in another sentence ("Nine people were
        # killed and 29 were injured in the blast" after "three terrorists were killed", "killing 87 people and
        # injured 37" in a tally after "killed eight people"), are that tally's or that other event's: every dead
        # count beside them is over 30 % above the story's. Fewer dead beside them are mostly a part of it
        # ("at least 20 children were killed in the attack and 50 people were injured" after "At least 100").
        # (``dead_again``: the killed counts find_figures merged into an earlier mention, value and sentence:
        # "adding that four soldiers were killed, 14 wounded and six assailants shot dead" restates a headline's 4.)
        wsi = found[wounded_best][6]
        kv = found[killed_best][1]
        dead = [f[1] for f in found if f[6] == wsi and f[0] == "killed"]
        if dead_again:
            dead += [v for v, si in dead_again if si == wsi]
        if dead and min(dead) > (1.0 + REFINE) * kv:
            chosen.discard(wounded_best)
    return chosen


# The counts a vague plural stands for (two units or more): "dozens" 24-100, "hundreds"
# 200-1,000, "thousands" 2,000-20,000, "tens of thousands" 20,000-100,000, "hundreds of
# thousands" 200,000-1,000,000.
_VAGUE_RANGE: Final = {24.0: (24.0, 100.0), 200.0: (200.0, 1000.0), 2000.0: (2000.0, 20000.0),
                       20000.0: (20000.0, 100000.0), 200000.0: (200000.0, 1000000.0)}


# (1.10) A number that opens a gang's or a group's name ("the 400 Mawozo gang", "5 Segonn"):
# the text names it so once; every mention of the name is then no count.
_NUMBERED_NAME: Final = re.compile(r"(?<![\w$€£.,])(\d+) ([A-Z][a-z]+)(?= (?:gangs?|group|armed group)\b)")


# (1.11) Numbers that are no count of the story's people, whatever their noun says:
# a force's size ("the mission has some 12,000 troops", "believed to have only several hundred
# fighters", "strength had fallen to between 1,500 and 3,000 fighters"),
_FORCE_SIZE: Final = re.compile(
    r"(?:\b(?:has|have|had|having|now has|still has)\s+(?:only\s+|just\s+|still\s+)?|\bstrength\b[^.;:]{0,40}?\b(?:to|at)\s+|"
    r"\b(?:a|its|their) peak of\s+)$")
# police things and agents, not police officers ("five police cars were destroyed", "reported as 22 by
# local police"),
_FORCE_AFTER: Final = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,2}(?:(?:have|has|had)\s+been\s+(?:deployed|stationed)\s+(?:to|in)\s+the\s+country\b|"
    r"(?:are|is|were)\s+(?:currently\s+|now\s+|permanently\s+)?stationed\b)")
_THING_AFTER: Final = re.compile(
    r"\s+(?:\w+\s+)?(?:police|army|military|security)\s+(?:cars?|vehicles?|vans?|trucks?|stations?|posts?|"
    r"checkpoints?|bases?|camps?|buildings?|offices?)\b|\s+by\s+(?:the\s+)?(?:local\s+)?(?:police|army|military)\b")
# the dead and wounded together ("30 police officers had been killed or injured"), a past event named by its
# year ("the 2014 abduction of 276 schoolgirls"), a place's stock ("Dikwa is home to more than 70,000 people
# displaced").
_EITHER_AFTER: Final = re.compile(
    r"[^.;:]{0,60}?\b(?:killed|dead|died)\s+or\s+(?:injured|wounded|missing|hurt)\b|"
    r"[^.;:]{0,60}?\b(?:wounded|injured)\s+or\s+(?:killed|dead)\b")
_YEAR_EVENT_OF: Final = re.compile(
    r"\b(?:19|20)\d\d\s+(?:abductions?|kidnappings?|attacks?|massacres?|bombings?|war|offensive|invasion|"
    r"uprising|coup|siege|raid|exodus)\s+of\s+$")
_HOME_TO: Final = re.compile(r"\b(?:is|are|was|were|remains?)\s+(?:already\s+)?(?:home|host)\s+to\s+$")
# (1.17) A share, not a count: "more than two thirds of town residents have left", "a quarter of".
_FRACTION_AFTER: Final = (" thirds", " quarters", " fifths", " tenths", "-thirds", "-quarters", "-fifths")
# (1.17) One count governed by a killing and a wounding verb, the dead and the wounded together:
# "killing and injuring hundreds", "killed or injured 40" ("killed, wounded and captured dozens" stays detained).
_CASUALTY_VERB: Final = r"(?:kill(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing))"
_CASUALTY_ENDS: Final = tuple(j + v + " " for j in (" and ", " or ") for v in (
    "killing", "killed", "wounding", "wounded", "injuring", "injured"))
_COMBINED_BEFORE: Final = re.compile(
    rf"\b{_CASUALTY_VERB}(?:(?:,\s*|,?\s+and\s+|\s+or\s+){_CASUALTY_VERB})+\s+$")


# (1.15) An age, not a count: "from teenagers to men over 50", "children aged 11 to 17", "women under 30".
_AGE_BEFORE: Final = re.compile(
    r"\b(?:men|women|people|adults|persons|those|children|boys|girls|teenagers|residents|villagers)\s+$")


def _not_a_count(low: str, kind: str, s0: int, ms: int, me: int, s1: int) -> bool:
    """(1.11) The figure at ``low[ms:me]`` (its kind read) is a force's size, a police thing, the
    dead and the wounded together, a past event named by its year or a place's stock; (1.15) an age."""
    w0 = ms - 60 if ms - 60 > s0 else s0
    if low.endswith("aged ", w0, ms) or (low.startswith(("over ", "under ", "above "), ms) and _AGE_BEFORE.search(
            low, w0, ms) is not None):
        return True
    if low.startswith(_FRACTION_AFTER, me):
        return True  # (1.17) "two thirds of residents": a share
    if kind == "fighters":
        if _FORCE_SIZE.search(low, w0, ms) is not None or _THING_AFTER.match(low, me, s1) is not None or (
                _FORCE_AFTER.match(low, me, s1) is not None):
            return True
    elif kind == "killed" or kind == "wounded":
        # (precheck: the pattern needs an "or" after the figure)
        if low.find("or", me, s1) >= 0 and _EITHER_AFTER.match(low, me, s1) is not None:
            return True
    # (precheck: both end-anchored patterns below end in a word and whitespace right before the figure)
    j = ms
    while j > w0 and low[j - 1].isspace():
        j -= 1
    if j == ms:
        return False
    if low.endswith("of", w0, j) and _YEAR_EVENT_OF.search(low, w0, ms) is not None:
        return True
    return kind == "displaced" and low.endswith("to", w0, j) and _HOME_TO.search(low, w0, ms) is not None


# (1.11) Two counts of one kind named together, no total stated: "Two soldiers and four militants were
# killed" (6), "Five militants and two soldiers have been killed", "Two soldiers, four militants killed",
# "3 militants killed, one soldier martyred".
_PARTS_GAP: Final = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,2}?(?:soldiers?|militants?|rebels?|civilians?|policemen|police(?:\s+officers)?|officers?|"
    r"troops|fighters?|gunmen|attackers|terrorists|insurgents|people|villagers|children|women|men|residents|"
    r"security personnel|personnel|jihadists|assailants|raiders|herders|workers|passengers)"
    # (1.19) an aside naming one of them: "Four army troops, including a colonel, and three suspected militants"
    r"(?:,\s+including\s+(?:an?|one)\s+(?:[\w'’-]+\s+)?[\w'’-]+,?)?"
    r"(?:\s+(?:were|have been|had been)\s+)?(?:\s+(?:killed|dead|martyred|wounded|injured))?(?:,|\s+and)\s+$", re.IGNORECASE)


def _with_sums(text: str, found: list[_Found], restated: list[_Found] | None = None,
               grown: dict[int, float] | None = None) -> list[_Found]:
    """``found`` with the sum of each pair of plain counts of one kind (killed or wounded) that the
    clause names together with no total stated (see :data:`_PARTS_GAP`). (1.19) The first of the pair may be a
    restated mention (``restated``: merged into an earlier one): "4 army troops killed" ... "Four army troops,
    including a colonel, and three suspected militants were killed" (7)."""
    out: list[_Found] = []
    values: dict[tuple[str, float], int] = {}  # (kind, value) -> the first sentence stating it
    for f in found:
        if values.get((f[0], f[1]), f[6] + 1) > f[6]:
            values[(f[0], f[1])] = f[6]
    n = len(found)
    for k in range(n):
        a = found[k]
        out.append(a)
        if k + 1 >= n:
            continue
        b = found[k + 1]
        again = False
        if restated:
            for r in restated:
                if r[6] == b[6] and r[5] <= b[4] and (a[6] != b[6] or a[5] <= r[4]):
                    a = r  # a restated mention stands right before b: b's neighbour
                    again = True
        if (a[0] != b[0] or (a[0] != "killed" and a[0] != "wounded") or a[6] != b[6] or a[2] is not None
                or b[2] is not None or a[7] or b[7] or b[4] - a[5] > 60 or _PARTS_GAP.fullmatch(text, a[5], b[4]) is None):
            continue
        if (b[1] == 1.0 and _number_value(text[a[4] : a[5]].rsplit(" ", 1)[-1]) != a[1]) or text.endswith(
                ("including ", "among them ", "among the dead ", "among those killed "), 0, a[4]):
            # ("Four rebels and one soldier": the one more person is already counted, see _one_more)
            continue  # "The victims, including five women and nine children, ...": parts of a larger count
        total = a[1] + b[1]
        if values.get((a[0], total), b[6] + 1) <= b[6]:
            continue  # the total is stated (with or before its parts; (1.19) a later equal count may be another's)
        if again and grown is not None:
            grown[len(out)] = a[1]
        out.append((a[0], total, None, a[3], a[4], b[5], a[6], False))
        values[(a[0], total)] = a[6]
    return out


# (1.19) "and as many others wounded", "as many more were injured": the same number of another kind (read on the
# lower-case text from the count's end, after an "as many " precheck).
_AS_MANY: Final = re.compile(
    r"[^.;:\d]{0,50}?\band (?:as many (?:others|more|people)?\s*(?:(?:were|have been|had been|was)\s+)?(?:\w+ly\s+)?"
    r"(wounded|injured|hurt|killed|dead|abducted|kidnapped|arrested|detained)\b|"
    r"(wounded|injured|killed|abducted|kidnapped|arrested|detained) as many\b(?! as))")
_AS_MANY_KIND: Final = {"wounded": "wounded", "injured": "wounded", "hurt": "wounded", "killed": "killed",
                        "dead": "killed", "abducted": "detained", "kidnapped": "detained", "arrested": "detained",
                        "detained": "detained"}


def _numbered_names(text: str) -> dict[str, str]:
    """Number -> " Name" for each numbered name of :data:`_NUMBERED_NAME` in ``text``."""
    return {m.group(1): " " + m.group(2) for m in _NUMBERED_NAME.finditer(text)}


def find_figures(
    doc: Doc, sc: Scan, history: History | None = None, labels: set[str] | None = None,
    added: dict[str, int] | None = None, near: dict[str, float] | None = None,
    context: tuple[float, int] | None = None,
) -> list[FigureResult]:
    """Figures of the whole item, one per (kind, value, low).

    Only the numbers the trigger pass ``sc`` found are tried: the figure pattern
    is matched at each (from a qualifier / "between" right before it), years,
    dates, denied counts and non-counts are dropped, the rest get their kind.
    A figure stated twice (headline "kills 38", body "at least 38 killed")
    keeps its first position but takes the hedged statement. A ``fighters``
    figure is dropped when the same value is also counted as killed, wounded,
    detained or displaced (the headline "4 police" of "killed four policemen").
    """
    index: dict[tuple[str, float, float | None], int] = {}
    out: list[_Found] = []
    dead_again: list[tuple[float, int]] = []  # (1.17) killed counts merged into an earlier mention
    restated: list[_Found] = []  # (1.19) killed / wounded mentions merged into an earlier one, as they stand
    grown: dict[int, float] = {}  # (1.19) index of a sum whose first part is a restated mention -> that part
    text = doc.text
    norm = doc.norm
    low = doc.low
    ascii = low.isascii()
    starts, ends = doc.starts, doc.ends
    named = _numbered_names(text) if " gang" in low or " group" in low else None
    match = _FIGURE.match
    match_at = _FIGURE_AT.match
    last_kind = ""
    last_end = last_si = -1
    for si, anchors in sc.numbers.items():  # sentences in text order
        if len(anchors) > 1:
            anchors.sort()
        s0 = starts[si]
        s1 = ends[si]
        denial = sc.denial.get(si)
        total = sc.total.get(si)
        reach = s0
        for a in anchors:
            if a < reach or (a > s0 and text[a - 1] in _NOT_AFTER):
                continue
            # A qualifier / "between" ends right before the number? (one lookup of the word before)
            j = norm.rfind(" ", 0, a)
            if j < a - 1 and norm[j + 1 : a] not in _LEAD_BY_LAST:
                start = a
            else:
                start = _lead_start(text, norm, a + 1, a, a - 30 if a - 30 > reach else reach)
            plain = _plain_number(text, a, s1)
            if plain > 0 and (start == a or _plain_lead(text, start, a)):
                # "12 protesters", "at least 12 people": what the figure regex would match
                ms, me = start, plain
                qual = text[start:a].rstrip() if start != a else None
                b1 = b2 = n2 = None
                n1: str | None = text[a:plain]
            else:
                m = match(text, start, s1) if start != a else None
                if m is None:
                    m = match_at(text, a, s1)
                if m is None:
                    continue
                ms, me = m.span()
                groups: tuple[str | None, str | None, str | None, str | None, str | None] = m.groups()  # type: ignore[assignment]
                qual, b1, b2, n1, n2 = groups
            if me <= a:
                continue
            reach = me
            if qual is None and me - ms >= 4 and text[ms] in "12" and _YEAR_OR_DATE.fullmatch(text, ms, me):
                continue  # a year or a year range
            if denial is not None and denial < ms:
                continue  # "denied that seven soldiers were arrested": not a count
            if named and text[a:me] in named and text.startswith(named[text[a:me]], me):
                continue  # (1.10) "members of 400 Mawozo were killed": a gang's name
            if n1 is None:
                n1, n2 = b1, b2
            assert n1 is not None  # the pattern has a number in either branch
            n1_low = n1.lower()
            if n1_low in _NOT_NUMBERS:
                continue  # an article or 'several' alone is not a number
            word_number = not n1[0].isdigit() and n1_low not in _VAGUE
            if (
                qual is None and n2 is None and me - ms <= 3 and starts_at(text, ",", me)
                and text[ms - 2 : ms] == ", " and (_is_name_before(text, s0, ms - 2) or (
                    text.startswith(_AGE_NEXT, me) and _is_first_name(text, s0, ms - 2)))
            ):
                continue  # "Ziyad Mahajneh, 82, who ...": an age; (1.19) "Cisse, 70, was kidnapped" opening its sentence
            kind = _kind_for(low, ms, me, word_number, total is not None and total < ms, s0, s1, bool(n2), ascii)
            if kind is None and _others_after(text, me):
                kind = _others_kind(text, s0, ms)  # (1.8.0) "killed a commander and five others"
                if kind is None:
                    kind = _name_others_kind(text, s0, ms)  # (1.19) "the arrest of Okoro and two others"
            elif kind is None and s0 == 0 and text.endswith(", ", 0, ms) and _NOUN_KIND.get(
                    (low[me : me + 40].split() or [""])[0].rstrip(",.;:")) is not None:
                kind = _others_kind(text, s0, ms)  # (1.19) a headline's list: "kill Hezbollah fighter, 2 children"
            if kind is None:
                # (1.7.0) "killed six people in Beledweyne and seven in Jowhar": a bare number after "and"
                # that continues a count of the sentence is another part of the same kind
                if not (last_si == si and last_end + 60 > ms and last_kind != "fighters" and last_kind
                        and text.endswith((" and ", ", "), 0, ms) and _BARE_PART_AFTER.match(text, me)):
                    continue
                kind = last_kind
            if kind == "fighters" and out and out[-1][6] == si and out[-1][0] != "fighters" and (
                    text.endswith(_PART_MARKERS, 0, ms) or (
                    out[-1][5] + 40 > ms and (out[-1][0] == "killed" or out[-1][0] == "wounded")
                    and _PART_BETWEEN.fullmatch(text, out[-1][5], ms) is not None) or (
                    out[-1][5] + 40 > ms and text.endswith(_PART_MARKERS, 0, out[-1][4])
                    and _LIST_NEXT.fullmatch(text, out[-1][5], ms) is not None)):
                # (1.17) and the next items of that list: "holding nine people captive, including four soldiers,
                # three police officers and two civilian contractors" (three officers held, not a force)
                # (1.7.0) "21 people were killed, including 17 militants": a part of the dead, not a
                # count of fighters
                kind = out[-1][0]
            if _not_a_count(low, kind, s0, ms, me, s1):
                continue
            if kind == "fighters" and last_si == si and (last_kind == "killed" or last_kind == "wounded") and (
                    text.endswith("along with ", 0, ms)):
                kind = last_kind  # (1.11) "killing 10 civilians along with two of their own fighters"
            v1 = _number_value(n1)
            if v1 is None:
                continue
            value = v1
            lower: float | None = None
            if n2:
                v2 = _number_value(n2)
                if v2 is None:
                    continue
                if (len(n1) == 4 and len(n2) == 4 and n1.isdigit() and n2.isdigit()
                        and 1900 <= v1 <= 2100 and 1900 <= v2 <= 2100):
                    continue  # "a 1998 to 2003 war", "between 2013 and 2018": years, not a count
                # "2 to 3 million": the scale of the upper bound applies to the lower.
                if v1 < v2 and v1 < 1000 <= v2 and not _SCALE_IN.search(n1):
                    v1 *= 10 ** (len(str(int(v2))) - len(str(int(v1))))
                lower, value = min(v1, v2), max(v1, v2)
            qualifier = qual.lower() if qual else None
            if qualifier is None and n1_low in _VAGUE and not n2:
                qualifier = "at least"
            if qualifier is None and n1_low.startswith(("several", "a few")):
                qualifier = "about"
            # (1.15) a count in dozens is a rounding too ("nearly three dozen suspects" against the lead's "at least
            # 33 men were arrested"): a precise count of the story refines it
            vague = (n1_low in _VAGUE or n1_low.endswith(" dozen")) and not n2
            if not vague and lower is None and kind != "fighters" and _one_more(text, s0, ms, me, s1, kind):
                value += 1.0  # (1.8.0) "killed a militant commander and five others": six
            elif not vague and lower is None and kind != "fighters" and _others_after(text, me):
                before_n = _COUNT_BEFORE_OTHERS.search(text, ms - 60 if ms - 60 > s0 else s0, ms)
                if before_n is not None:
                    v0 = _number_value(before_n.group(1))
                    if v0 is not None:
                        value += v0  # (1.11) "Gunmen kill 2 village heads, 3 others": five
            if (last_si == si and kind != last_kind and last_kind and last_kind != "fighters" and last_end + 60 > ms
                    and text.endswith("including ", 0, ms)):
                kind = last_kind  # (1.7.0) "killed 25, including 10 in a school sheltering displaced families"
            last_kind, last_end, last_si = kind, me, si
            key = (kind, value, lower)
            as_many: _Found | None = None
            if not vague and lower is None and kind != "fighters" and low.find("as many", me, me + 70) >= 0:
                again = _AS_MANY.match(low, me, me + 90 if me + 90 < s1 else s1)
                if again is not None:
                    k2 = _AS_MANY_KIND[again.group(1) or again.group(2)]
                    if k2 != kind and (k2, value, None) not in index:
                        # (1.19) "four policemen were martyred and as many others wounded": the same number again
                        as_many = (k2, value, None, qualifier, low.rfind(" and ", me, again.end()) + 5, again.end(), si,
                                   False)
            i = index.get(key)
            if i is not None and as_many is not None:
                index[(as_many[0], value, None)] = len(out)
                out.append(as_many)
            if i is not None:
                if kind == "killed":
                    dead_again.append((value, si))  # (1.17) a killed count restated (for mark_primary)
                if kind == "killed" or kind == "wounded":
                    restated.append((kind, value, lower, qualifier, ms, me, si, vague))  # (1.19, for _with_sums)
                prev = out[i]
                if prev[3] is None and qualifier is not None:
                    out[i] = (kind, value, lower, qualifier, ms, me, si, vague)
                elif prev[7] and not vague:
                    out[i] = (kind, value, lower, prev[3], prev[4], prev[5], prev[6], False)
                continue
            if (kind == "killed" or kind == "wounded") and out and out[-1][0] == "fighters" and out[-1][6] == si and (
                    ms - out[-1][5] <= 60 and out[-1][2] is None and not out[-1][7] and lower is None
                    and (kind, out[-1][1], None) not in index and _PARTS_GAP.fullmatch(text, out[-1][5], ms) is not None):
                # (1.19) the first item of a list of the dead, in digits: "2 army soldiers, 4 rebels killed" (the
                # clause walk stops at the next number, so the soldiers were counted as a force)
                fp = out[-1]
                del index[("fighters", fp[1], fp[2])]
                out[-1] = (kind, fp[1], fp[2], fp[3], fp[4], fp[5], fp[6], fp[7])
                index[(kind, fp[1], fp[2])] = len(out) - 1
            index[key] = len(out)
            out.append((kind, value, lower, qualifier, ms, me, si, vague))
            if as_many is not None:
                index[(as_many[0], value, None)] = len(out)
                out.append(as_many)
    specific = {(f[1], f[2]) for f in out if f[0] != "fighters"}
    kept = [f for f in out if f[0] != "fighters" or (f[1], f[2]) not in specific]
    if len(kept) > 1:
        kept = _with_sums(text, kept, restated, grown)
    # No event (no label), no primary figure: the tables count events only. ``added`` gets
    # the labels a figure gave (label -> sentence index).
    primary = mark_primary(doc, sc, history, kept, labels, added, near, context,
                           dead_again, grown) if history is not None else set()
    return [
        FigureResult(f[0], f[1], f[2], f[3], text[f[4] : f[5]], doc.sentence(f[6]), i in primary)
        for i, f in enumerate(kept)
    ]


# --- one person (classify/1.3.0) ----------------------------------------------------------
# A story about one person has no number: "police detained Jeremias Kaboco", "Taliban spokesman
# arrested", "arrested a 38-year-old suspect". Its primary figure is 1,
# when the label is given and no figure of the kind was found; read in the label's evidence.
_PERSON: Final = (
    r"(?:suspect|man|woman|journalist|editor|reporter|correspondent|photographer|photojournalist|activist|"
    r"spokesman|spokeswoman|spokesperson|governor|commander|leader|official|student|priest|pastor|soldier|"
    r"officer|policeman|policewoman|gendarme|teenager|boy|girl|child|blogger|lawyer|politician|member|"
    r"militant|fighter|kidnapper|civilian|resident|worker|farmer|cleric|imam|trader|businessman|driver|"
    r"guard|citizen|protester|demonstrator|opponent|critic|dissident|cameraman|presenter|writer|"
    r"commentator|academic|professor|doctor|nurse|mayor|chief|ruler|lawmaker|deputy|colonel|general)"
)
_NAME: Final = r"(?-i:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,3})"
_DETAIN: Final = (r"(?:(?:re)?arrest(?:ed|s|ing)?|detain(?:ed|s|ing)?|abduct(?:ed|s|ing)?|kidnap(?:ped|s|ping)?|"
                  r"seiz(?:ed|es|ing)|apprehend(?:ed|s|ing)?|held|taken hostage|took hostage|jail(?:ed|s)?)")
_DETAINED: Final = r"(?:(?:re)?arrested|detained|abducted|kidnapped|seized|apprehended|held|taken hostage|jailed)"
_ONE: Final = rf"(?:\b(?:an?|one)\s+(?:[\w'’-]+\s+){{0,3}}?{_PERSON}\b|\b{_PERSON}\s+{_NAME})"


_ADV: Final = r"(?:(?:reportedly|also|allegedly|later|then|briefly)\s+)?"
# Found at each detention verb of the sentence: the active form reads on from the verb
# ("detained Jeremias Kaboco", "arrested a 38-year-old suspect"), the passive one back from
# it, in the 120 characters before ("a man was arrested", "Mahmoud Hamza, the commander ...,
# was reportedly detained", "Taliban spokesman arrested").
_ONE_VERB: Final = re.compile(rf"\b{_DETAIN}\b", re.IGNORECASE)
_ONE_ACTIVE: Final = re.compile(
    # (1.19: the noun and "of" too - "the arrest of a suspected kidnapper")
    rf"{_DETAIN}(?:\s+of)?\s+(?:{_ONE}|(?:(?:(?-i:[A-Z][\w'’-]+)\s+)?(?:{_PERSON}|[\w-]+ leader)\s+(?:and\s+[\w-]+\s+)?)?{_NAME}"
    # (1.17) headline style, no article: "FSB detains man suspected of plotting attack", "arrests journalist"
    rf"|{_PERSON}\b(?![’'-]))",
    re.IGNORECASE)  # (1.5.0: a nationality before the noun, "detain Iranian photojournalist Mohammad ...")
_ONE_PASSIVE: Final = re.compile(
    rf"(?:{_ONE}(?:\s*,[^,.]{{0,80}},)?\s+(?:(?:was|has been|had been|is|got)\s+)?{_ADV}"
    rf"|{_NAME}(?:\s*,[^,.]{{0,80}},)?\s+(?:was|has been|had been)\s+{_ADV}"
    rf"|\b{_PERSON}\s+(?:{_NAME}\s+)?){_DETAINED}$",
    re.IGNORECASE,
)
_ONE_LABEL: Final = {"detained": "detention"}

# (1.8.0) One more person named beside a count is part of it: "killed a Pakistani militant
# commander and five others" (6), "Two soldiers and a militant were killed", "Two soldiers,
# militant killed" (3), "killing 15 police officers and a priest" (16).
# (the words between the person and "and" name them, no verb: "A peacekeeper was killed and two
# others were wounded" are two)
_NAMING: Final = r"(?:(?!(?:was|were|is|are|has|have|had|been|killed|wounded|injured)\b)[\w'’-]+\s+){0,4}?"
_ONE_AND_BEFORE: Final = re.compile(r"\b(?:an?|one)\s+" + _NAMING + r"and\s+$", re.IGNORECASE)
_OTHERS_AFTER: Final = (" others", " other people", " more people")


def _others_after(text: str, me: int) -> bool:
    """``text.startswith(_OTHERS_AFTER, me)``, its " o" / " m" read by code point first (a
    startswith with a tuple and a position is a generic call in a compiled build)."""
    if me + 1 >= len(text) or ord(text[me]) != 32:
        return False
    c = ord(text[me + 1])
    return (c == 111 or c == 109) and text.startswith(_OTHERS_AFTER, me)
_AND_ONE_AFTER: Final = re.compile(
    rf"\s+(?:[\w'’-]+\s+){{0,2}}?(?:[\w'’-]+s|police|people|men|women|children|personnel)\s*(?:,|\s+and)\s+(?:(?:an?|one)\s+)?(?:[\w'’-]+\s+)?{_PERSON}"
    r"(?=\s+(?:were|was|have|had|are|killed|wounded|injured|died|dead|shot|arrested|detained|abducted)\b|"
    r"\s*[,.;]|\s*$)",  # ("killing 15 police officers and a priest, the governor said")
    re.IGNORECASE)


_VERB_ONE_AND_BEFORE: Final = re.compile(
    r"\b(?:(kill)(?:ed|ing|s)?|(wound|injur)(?:ed|ing|s|es)?|(arrest|detain|abduct|kidnap)(?:ed|ped|ing|ping|s)?)"
    r"\s+(?:an?|one)\s+" + _NAMING + r"and\s+$", re.IGNORECASE)


# (1.11) A headline's list: "abduct village head, 50 others" (51 detained)
_VERB_ONE_COMMA_BEFORE: Final = re.compile(
    r"\b(?:(kill)(?:ed|ing|s)?|(wound|injur)(?:ed|ing|s|es)?|(arrest|detain|abduct|kidnap)(?:ed|ped|ing|ping|s)?)"
    r"\s+(?:(?:an?|one|the|their|its|his)\s+)?(?:(?!(?:was|were|is|are|has|have|had|been|and)\b)[A-Za-z'’-]+\s+){0,2}"
    r"(?!(?:people|persons|others|villagers|residents)\b)[A-Za-z'’-]+(?<!s),\s*$", re.IGNORECASE)


_COUNT_BEFORE_OTHERS: Final = re.compile(
    r"\b(?:kill|wound|injur|arrest|detain|abduct|kidnap)(?:ed|ped|ing|ping|s|es)?\s+(\d{1,3}|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)\s+(?:[A-Za-z'’-]+\s+){0,2}[A-Za-z'’-]+(?:,|\s+and)\s+$", re.IGNORECASE)


def _others_kind(text: str, s0: int, ms: int) -> str | None:
    """The kind of "N others" after "<verb> a/one <person> and": "killed a commander and five
    others" is killed, "arrested a man and two others" detained."""
    lo = ms - 80 if ms - 80 > s0 else s0
    m = _VERB_ONE_AND_BEFORE.search(text[lo:ms])
    if m is None:
        m = _VERB_ONE_COMMA_BEFORE.search(text[lo:ms])
        if m is None:
            return None
    return "killed" if m.group(1) else "wounded" if m.group(2) else "detained"


# (1.15) A headline opening with one person and a count of others, no article: "Village head and 14 others
# kidnapped in Kaduna State" (15).
_HEAD_ONE_AND: Final = re.compile(
    r"[A-Z][\w'’-]*(?:\s+(?!(?:was|were|is|are|has|have|had|been|killed|wounded|injured)\b)[\w'’-]+){0,2}(?<!s)\s+and\s+$")


# (1.19) A named person and a count of others: "Udaltsov and 13 other protesters were detained" (14), "the arrest of
# Okoro and two others" (3). The name is not the sentence's first word (any first word is capitalised) nor a place
# after a preposition ("killed in Gaza and 13 others in Rafah"); the others are people ("and 11 other countries").
_NAME_AND_BEFORE: Final = re.compile(
    r"(?:^|(?<=\s))(?P<pre>[\w'’-]+)\s+(?-i:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})\s+and\s+$")
_NOT_BEFORE_NAME: Final = frozenset(
    "in at near from to into on across by the a an and or".split())
_OTHER_NOUN: Final = re.compile(r" others?\b(?: ([\w'’-]+))?")
_NAME_OTHERS_KIND: Final = re.compile(
    r"\b(?:(arrest(?:ed|s)?|detain(?:ed|s)?|detention|abduct(?:ed|s)?|abduction|kidnap(?:ped|s)?|kidnapping|"
    r"capture[ds]?|held)|(kill(?:ed|s|ing)?|murder(?:ed|s)?|death|deaths|shot dead))\s+(?:of\s+)?"
    r"(?-i:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})\s+and\s+$", re.IGNORECASE)


def _name_and_others(text: str, s0: int, ms: int, me: int) -> bool:
    """(1.19) Whether the count at ``text[ms:me]`` is of others beside a person named right before it (see
    :data:`_NAME_AND_BEFORE`)."""
    if not text.endswith(" and ", 0, ms):
        return False
    o = _OTHER_NOUN.match(text, me)
    if o is None:
        return False
    noun = o.group(1)
    if o.group(0).startswith(" other ") and (noun is None or (_NOUN_KIND.get(noun.lower()) is None and not (
            noun.endswith("s") and noun.islower() and noun not in _UNIT_WORDS and noun not in _THING_NOUNS))):
        return False
    m = _NAME_AND_BEFORE.search(text, ms - 60 if ms - 60 > s0 else s0, ms)
    return m is not None and m.start() > s0 and m.group("pre").lower() not in _NOT_BEFORE_NAME


def _name_others_kind(text: str, s0: int, ms: int) -> str | None:
    """(1.19) The kind of "N others" after "<event word> (of) <Name> and": "the arrest of Okoro and two others"."""
    m = _NAME_OTHERS_KIND.search(text, ms - 60 if ms - 60 > s0 else s0, ms)
    if m is None:
        return None
    return "detained" if m.group(1) else "killed"


def _other_people_after(text: str, me: int) -> bool:
    """(1.19) " other <people>" after the count: "a senior al Qaeda commander and five other militants"."""
    if not text.startswith(" other ", me):
        return False
    k = text.find(" ", me + 7)
    noun = text[me + 7 : k if k > 0 else len(text)].rstrip(",.;:").lower()
    return _NOUN_KIND.get(noun) is not None


def _one_more(text: str, s0: int, ms: int, me: int, s1: int, kind: str = "") -> bool:
    """Whether the count at ``text[ms:me]`` (of ``kind``) leaves out one person the clause names beside it."""
    if _others_after(text, me) or _other_people_after(text, me):
        lo = ms - 80 if ms - 80 > s0 else s0
        if s0 == 0 and _HEAD_ONE_AND.fullmatch(text, 0, ms) is not None:
            return True
        if _ONE_AND_BEFORE.search(text[lo:ms]) is not None or _VERB_ONE_COMMA_BEFORE.search(text[lo:ms]) is not None:
            return True
        return _name_and_others(text, s0, ms, me)
    if text.startswith(" other ", me) and _name_and_others(text, s0, ms, me):
        return True
    if s0 == 0 and text.endswith(", ", 0, ms):
        # (1.19) A headline's list without "others": "Israel strikes on Lebanon kill Hezbollah fighter, 2 children" (3),
        # when the count is of the verb's kind ("Blast kills policeman, 12 hurt" are two counts)
        m = _VERB_ONE_COMMA_BEFORE.search(text[ms - 80 if ms > 80 else 0 : ms])
        if m is not None and kind == ("killed" if m.group(1) else "wounded" if m.group(2) else "detained"):
            return True
    # (the pattern needs " and" or a comma after the counted noun)
    if text.find(" and ", me, me + 50) < 0 and text.find(",", me, me + 35) < 0:
        return False
    return _AND_ONE_AFTER.match(text, me, s1) is not None


def _one_person(sentence: str) -> str | None:
    """The words that report one person detained in ``sentence``, if any."""
    for v in _ONE_VERB.finditer(sentence):
        m = _ONE_ACTIVE.match(sentence, v.start())
        if m is not None:
            return m.group(0)
        lo = v.start() - 120 if v.start() > 120 else 0
        m = _ONE_PASSIVE.search(sentence[lo : v.end()])
        if m is not None:
            return m.group(0)
    return None


# (1.7.0) One person killed or wounded in a battle story: "killing a child", "A Moroccan
# peacekeeper was killed", "a soldier was shot dead" (train+dev 1.7.0: 8 items with a killed or
# wounded primary of 1 and no number). Read in every battle evidence sentence and the headline.
_PERSON_HIT: Final = _PERSON[:-1] + r"|peacekeeper|villager|passenger|pilgrim|worshipper|shepherd|herder|fisherman|" \
    r"policeman|security guard|ranger|teacher|pupil|infant|baby|toddler|journalist|medic|paramedic|aid worker|" \
    r"militiaman|monk|nun|gendarme|militant|commander)"
_ONE_HIT: Final = rf"(?:\b(?:an?|one)\s+(?:[\w'’-]+\s+){{0,3}}?{_PERSON_HIT}\b)"
_ONE_KILLED_ACTIVE: Final = re.compile(rf"\b(?:killing|killed|shot dead|shooting dead|gunned down)\s+{_ONE_HIT}",
                                       re.IGNORECASE)
_ONE_KILLED_PASSIVE: Final = re.compile(
    rf"{_ONE_HIT}(?:\s*,[^,.]{{0,60}},)?\s+(?:was|has been|had been|were)\s+{_ADV}(?:killed|shot dead|gunned down|"
    rf"slain)\b|{_ONE_HIT}\s+(?:died|was among the dead)\b|\bdeath of {_ONE_HIT}", re.IGNORECASE)
# ... and a headline's singular noun without a number: "Strike kills monk", "Another gendarme killed".
_ONE_KILLED_HEADLINE: Final = re.compile(
    rf"\b(?:kills?|killed)\s+(?:[\w'’-]+\s+){{0,2}}?{_PERSON_HIT}\b|\b{_PERSON_HIT}\s+(?:killed|shot dead|dies|died)\b",
    re.IGNORECASE)
# ((1.19) not "killing a civilian and wounding two others": another kind)
_AND_OTHERS: Final = re.compile(r"[^.;]{0,40}?\band (?![\w-]+(?:ing|ed)\b)(?:[\w-]+ ){0,2}others\b")
_ONE_WOUNDED_ACTIVE: Final = re.compile(  # (1.19) "killed five rangers and severely injured another"
    rf"\b(?:wounding|wounded|injuring|injured)\s+(?:{_ONE_HIT}|another\b(?!\s+\d))", re.IGNORECASE)
_ONE_WOUNDED_PASSIVE: Final = re.compile(
    rf"(?:{_ONE_HIT}|\banother(?:\s+(?:[\w'’-]+\s+){{0,2}}?{_PERSON_HIT})?)(?:\s*,[^,.]{{0,60}},)?\s+(?:was|has been|had been)\s+"
    rf"{_ADV}[\"“']?(?:\w+ly\s+)?(?:wounded|injured|hurt)\b"
    # (1.11) "Three Soldiers Killed, Another Wounded"
    r"|(?-i:\bAnother\s+(?:Wounded|Injured|Hurt)\b)", re.IGNORECASE)
_ONE_BATTLE: Final = (("killed", _ONE_KILLED_ACTIVE, _ONE_KILLED_PASSIVE), ("wounded", _ONE_WOUNDED_ACTIVE,
                                                                             _ONE_WOUNDED_PASSIVE))


def one_person_figures(evidence: dict[str, list[str]], headline: str, figures: list[FigureResult]) -> None:
    """Append a primary figure of 1 detained when the detention evidence (its first sentence,
    or the headline) reports one person and no detained figure was found (``evidence``: label
    -> its evidence sentences); since 1.7.0 likewise 1 killed / 1 wounded from the battle
    evidence or the headline ("killing a child", "a peacekeeper was killed")."""
    kinds: set[str] = set()
    for f in figures:
        kinds.add(f.kind)
    sentences = evidence.get("detention")
    if sentences and "detained" not in kinds:
        # (1.19: when the headline is the first evidence sentence, the next one too - "Army says blog misreported
        # Warri arrest" ... "the arrest of a suspected kidnapper")
        for sentence in ([headline, sentences[0]] if headline and headline != sentences[0] else sentences[:2]):
            words = _one_person(sentence)
            if words is not None:
                figures.append(FigureResult("detained", 1.0, None, None, words, sentence, True))
                break
    sentences = evidence.get("battle")
    if not sentences:
        return
    for kind, active, passive in _ONE_BATTLE:
        if kind in kinds:
            continue
        for sentence in [headline, *sentences] if headline else sentences:
            s_low = sentence.lower()
            if kind == "killed" and not ("kill" in s_low or "dead" in s_low or "died" in s_low or "death" in s_low
                                         or "gunned" in s_low or "slain" in s_low or "dies" in s_low):
                continue
            if kind == "wounded" and not ("wound" in s_low or "injur" in s_low or "hurt" in s_low):
                continue
            m = active.search(sentence)
            if m is None:
                m = passive.search(sentence)
            if m is None and kind == "killed" and sentence is headline:
                m = _ONE_KILLED_HEADLINE.search(sentence)
            if m is not None and _AND_OTHERS.match(sentence, m.end()) is None:
                figures.append(FigureResult(kind, 1.0, None, None, m.group(0), sentence, True))
                break
