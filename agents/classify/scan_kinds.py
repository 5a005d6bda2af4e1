"""Trigger kinds of the scan automaton (:mod:`agents.classify.scan`), as mask bits.

Constants are ``Final`` so that a compiled build (setup.py) inlines them.
"""

from typing import Final

NEG: Final = 1  # negation / denial before a cue
GOAL: Final = 2  # goal, modal or hypothetical before a cue
FALSITY: Final = 4  # "were false/baseless" after a cue
HIST: Final = 8  # history hint: "ago", "anniversary", "remember", "recall" (years come from NUM)
PRESENT: Final = 16  # present-time marker
AID: Final = 32  # aid / talks framing
PLEDGE: Final = 64  # pledges, donors, funding
BACKGROUND: Final = 128  # cumulative background hint ("the war has", "nationwide")
COMMEM: Final = 256  # commemoration
DENIAL: Final = 512  # figure denial ("denied that seven soldiers were arrested")
TOTAL: Final = 1024  # "toll", "total", "tally", "number"
NUM: Final = 2048  # start of a number
YEAR: Final = 4096  # a number starting 19 or 20 (a year when it has four digits)

# Sentence context that makes a cue or a figure not a current conflict event (1.2):
OTHER_EVENT: Final = 8192  # sport, disaster, exercise, film/festival, election campaign, statistics
TRIAL: Final = 16384  # trial, sentence, verdict: the attack or arrest it is about is background
PEACE: Final = 32768  # peace deal / accord / resolution / prisoner exchange recalling the conflict
STOCK: Final = 65536  # stock of refugees ("home to", "living in", "hosts"): not a movement
HYPO: Final = 131072  # hypothesis / plan / forecast anywhere before the cue ("could force ... to flee")
ATTACK_BG: Final = 262144  # the attack is what a suspect / report / inquiry is about: background for battle only
RELEASE: Final = 524288  # (1.4.2) a release after captivity: a PEACE word that counts wherever it stands
MONTH: Final = 1048576  # (1.9.0) a month name: the sentences where a cue may be dated by its month alone
RUMOUR: Final = 2097152  # (1.9.0) "rumours of", "the possibility of": the sentences where an attack may be a rumour
DEFUSE: Final = 4194304  # (1.10.0) a bomb defused / unexploded: an evacuation for it is a precaution, not a flight
DATED: Final = 8388608  # (1.18.0) "since", "ago", "last week", "earlier this", "remain", "still": a count dated earlier or a state
