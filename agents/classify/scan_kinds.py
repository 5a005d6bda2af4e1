"""Trigger kinds of the scan automaton (:mod:`agents.classify.scan`), as mask bits."""

NEG = 1  # negation / denial before a cue
GOAL = 2  # goal, modal or hypothetical before a cue
FALSITY = 4  # "were false/baseless" after a cue
HIST = 8  # history hint: "ago", "anniversary", "remember", "recall" (years come from NUM)
PRESENT = 16  # present-time marker
AID = 32  # aid / talks framing
PLEDGE = 64  # pledges, donors, funding
BACKGROUND = 128  # cumulative background hint ("the war has", "nationwide")
COMMEM = 256  # commemoration
DENIAL = 512  # figure denial ("denied that seven soldiers were arrested")
TOTAL = 1024  # "toll", "total", "tally", "number"
NUM = 2048  # start of a number
YEAR = 4096  # a number starting 19 or 20 (a year when it has four digits)

