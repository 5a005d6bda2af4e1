"""The single trigger pass (agents.classify.scan) agrees with the regexes it replaces.

The classifier decides sentence framing (aid, pledges, present-time markers,
commemoration) from the words the automaton finds, and place context from the
last words before a mention. These tests run the original regular expressions
over the dev set and a synthetic corpus and check that both give the same answer.
"""

from __future__ import annotations

import importlib
import pathlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.classify import gazetteer
from agents.classify.evaluate import read_set
from agents.classify.scan_kinds import AID, COMMEM, PLEDGE, PRESENT
from agents.classify.sentences import make_doc
from benchmarks.bench_classify import corpus

scan_mod = importlib.import_module("agents.classify.scan")
DEVSET = pathlib.Path(__file__).parent / "data" / "devset.jsonl"

# The per-sentence regexes of classify/1.0.0.
REFERENCE = {
    PRESENT: re.compile(
        r"\b(?:today|tonight|yesterday|this (?:week|morning|month|weekend)|last (?:night|week)|"
        r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:monday|tuesday|wednesday|"
        r"thursday|friday|saturday|sunday)|now|currently|ongoing|continue[sd]?|still)\b",
        re.IGNORECASE,
    ),
    AID: re.compile(
        r"\b(?:pledg\w*|donors?|donat\w*|funding|fund|appeal|aid|humanitarian|assistance|conference|talks|"
        r"negotiat\w*|agreement|deal|summit|election\w*|vote|voters|resettle\w*|integrat\w*|hosts?|"
        r"hosting|policy|law|bill|visa\w*|quota)\b",
        re.IGNORECASE,
    ),
    PLEDGE: re.compile(r"\b(?:pledg\w*|donors?|donat\w*|funding|appeal for|aid for|conference)\b", re.IGNORECASE),
    COMMEM: re.compile(r"\b(?:anniversar\w*|commemorat\w*|remembrance|memorial|remembered|nakba)\b", re.IGNORECASE),
}


def _items() -> list[tuple[str, str]]:
    dev = read_set(DEVSET)
    return [(d["headline"], d.get("body", "")) for d in dev] + corpus(60, seed=3)


@pytest.mark.parametrize("kind", list(REFERENCE))
def test_sentence_flags_match_reference_regex(kind: int) -> None:
    checked = 0
    for headline, body in _items():
        doc = make_doc(headline, body)
        sc = scan_mod.scan(doc)
        for i in range(len(doc)):
            expected = bool(REFERENCE[kind].search(doc.sentence(i)))
            assert sc.has(i, kind) == expected, (kind, doc.sentence(i))
            checked += expected
    assert checked > 0


def test_place_context_words_match_reference_regex() -> None:
    seen = 0
    for headline, body in _items():
        doc = make_doc(headline, body)
        for start, _end, _si, _key in scan_mod.scan(doc).places:
            window = doc.text[max(0, start - 60) : start]
            words = doc.norm[max(0, start - 40) : start + 1].split()[-5:]
            if not re.search(r"[^\w\s]\s*$", window):  # punctuation right before: the regexes need spaces
                assert gazetteer._is_home(words) == bool(gazetteer._HOME_BEFORE.search(window)), window
                assert gazetteer._is_reference(words) == bool(gazetteer._REFERENCE_BEFORE.search(window)), window
                assert gazetteer._is_locative(words) == bool(gazetteer._LOCATIVE_BEFORE.search(window)), window
                seen += 1
    assert seen > 100


def test_every_hit_is_in_its_sentence() -> None:
    for headline, body in _items():
        doc = make_doc(headline, body)
        sc = scan_mod.scan(doc)
        for start, _end, si, _ in sc.cues + sc.places:
            assert doc.starts[si] <= start < doc.ends[si]


def test_dateline_is_not_scanned() -> None:
    doc = make_doc("Strikes", "IDLIB, Syria (AFP) - Fighting continued near Aleppo.")
    sc = scan_mod.scan(doc)
    assert [doc.text[s:e] for s, e, _, _ in sc.places] == ["Aleppo"]


# --- shortcuts that stand in for a regex must give what the regex gives ---------------

_PIECES = ["12", "37,000", "1,000,000", "1234,567", "12,0000", "3.5", "2015", "at least", "At Least", "some",
           "more than", "approx.", "just", "just over", "between", "and", "to", "hundred", "thousand", "people",
           "protesters", "tons", "km", "Dozen", "$", "-", ",", ".", "(", "—", "’", "ſome", "٣", "\n", "  ", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10))
def test_plain_number_and_lead_agree_with_the_figure_regex(pieces: list[str]) -> None:
    from agents.classify import figures

    text = " ".join(pieces)
    end = len(text)
    for a in range(end):
        if not text[a].isdigit() or (a and (text[a - 1].isalnum() or text[a - 1] in figures._NOT_AFTER)):
            continue  # a number anchor starts a word
        plain = figures._plain_number(text, a, end)
        if plain < 0:
            continue
        m = figures._FIGURE_AT.match(text, a, end)
        assert m is not None and m.span() == (a, plain) and m.groups() == (None, None, None, text[a:plain], None)
        for start in range(max(0, a - 16), a):
            if figures._plain_lead(text, start, a):
                m = figures._FIGURE.match(text, start, end)
                assert m is not None and m.span() == (start, plain), (text, start, a)
                assert m.groups() == (text[start:a].rstrip(), None, None, text[a:plain], None)
