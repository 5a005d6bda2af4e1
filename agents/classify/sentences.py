"""Sentence splitting and the normalised text every matcher scans.

An item is analysed as one string, ``headline + "\\n\\n" + body``, cut into
:class:`Sentence` spans (the headline is always its own sentence). Matching
runs on :attr:`Doc.norm`, a copy of the text in lower case with every
non-alphanumeric character turned into a space and one space added at each
end, so that phrase keys written as ``" deir ezzor "`` only hit whole words and
offsets in ``norm`` map back to the original text by subtracting one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

# Characters that separate words for matching. Letters, digits (any script) stay.
_SEP_TABLE = {i: " " for i in range(0x10000) if not chr(i).isalnum()}


def normalise(text: str) -> str:
    """Lower-case ``text`` and blank out punctuation, keeping its length (offsets stay valid)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters ('İ') lower-case to two; keep 1:1 offsets
        low = "".join(ch.lower()[:1] or ch for ch in text)
    return low.translate(_SEP_TABLE)


_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj capt sgt st jan feb mar apr jun jul aug sep sept oct nov dec "
    "no nos rep sen gov prof jr sr vs etc inc co corp ltd dept est fig al approx brig adm cmdr".split()
)
# A candidate boundary: end punctuation, optional closing quote/bracket, whitespace,
# then something that can open a sentence.
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n\s*")
_LAST_WORD = re.compile(r"(\w+)\W*$")
_INITIAL = re.compile(r"(?:^|\W)(?:[A-Z]\.)+$")  # "U.S." "U.N." "J."


@dataclass(slots=True)
class Sentence:
    """A span of the analysed text. ``index`` 0 is the headline."""

    index: int
    start: int
    end: int
    text: str
    headline: bool = False


@dataclass(slots=True)
class Doc:
    """The analysed text of one item, its sentences and its matching form."""

    text: str
    norm: str  # " " + normalise(text) + " "
    sentences: list[Sentence]
    body_start: int
    dateline: str | None = None
    dateline_end: int = 0
    _starts: list[int] = field(default_factory=list)

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence containing character ``pos`` of :attr:`text`."""
        return self.sentences[max(0, bisect_right(self._starts, pos) - 1)]


def split_sentences(text: str, start: int = 0, end: int | None = None, first_index: int = 0) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences.

    Paragraph breaks always end a sentence; ``.``/``!``/``?`` end one unless the
    word before is a known abbreviation or an initial ("U.S.", "Gen.").
    """
    end = len(text) if end is None else end
    out: list[Sentence] = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        if text[m.start()] == ".":
            before = text[cur : m.start() + 1]
            lw = _LAST_WORD.search(before[:-1])
            if lw and lw.group(1).lower() in _ABBREVIATIONS and not lw.group(1).isdigit():
                continue
            if _INITIAL.search(before):
                continue
        # Keep end punctuation and a closing quote in the sentence.
        piece_end = m.start() + len(m.group().rstrip()) if text[m.start()] in ".!?" else m.start()
        _append(out, text, cur, piece_end, first_index)
        cur = m.end()
    _append(out, text, cur, end, first_index)
    return out


def _append(out: list[Sentence], text: str, a: int, b: int, first_index: int) -> None:
    # Trim whitespace but keep offsets into the original string.
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Sentence(first_index + len(out), a, b, text[a:b]))


# "BEIRUT (AFP) - ", "KYIV, Ukraine (AP) — ", "ADEN, Feb 3 (Reuters) - ": a dateline
# opening the body. The place is the source's location, not necessarily the event's.
_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+){0,3})(?:,\s*(?P<country>[A-Z][A-Za-z.' ]{1,30}?))?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\((?P<agency>[A-Za-z]{2,12})\))?\s*(?:--|[—–:]|-(?=\s))\s*"
)


def make_doc(headline: str, body: str) -> Doc:
    """Build the :class:`Doc` for an item: sentences, normalised text, dateline."""
    headline = headline.strip()
    text = f"{headline}\n\n{body}" if body else headline
    body_start = len(headline) + 2 if body else len(text)
    sentences: list[Sentence] = []
    if headline:
        sentences.append(Sentence(0, 0, len(headline), headline, headline=True))
    dateline = None
    dateline_end = body_start
    m = _DATELINE.match(text, body_start)
    if m:
        dateline = m.group("place").strip().title()
        dateline_end = m.end()
    sentences.extend(split_sentences(text, dateline_end, len(text), len(sentences)))
    doc = Doc(text, " " + normalise(text) + " ", sentences, body_start, dateline, dateline_end if m else 0)
    doc._starts = [s.start for s in sentences]
    return doc
