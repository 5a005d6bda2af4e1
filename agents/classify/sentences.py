"""Sentence splitting and the normalised text every matcher scans.

An item is analysed as one string, ``headline + "\\n\\n" + body``, cut into
sentence spans (the headline is always its own sentence). Spans are kept as two
parallel offset lists (:attr:`Doc.starts`, :attr:`Doc.ends`); a sentence's text
is sliced only when it is needed (evidence, figures, the rare regex check), and
a hit is mapped to its sentence by offset (:meth:`Doc.index_at`, a bisect).

Matching runs on :attr:`Doc.norm`, a copy of the text in lower case with every
non-alphanumeric character turned into a space and one space added at each
end, so that phrase keys written as ``" deir ezzor "`` only hit whole words and
an automaton hit's start in ``norm`` is the text offset of its first word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Final

# Characters that separate words for matching. Letters, digits (any script) stay.
# ASCII goes through a bytes table (fast); the few non-ASCII characters of a text
# (quotes, dashes, accented names) are then put back when they are letters or digits.
_ASCII_TABLE: Final = bytes(i if chr(i).isalnum() else 32 for i in range(128)) + b" " * 128


def lower(text: str) -> str:
    """``text`` in lower case, one character per character (offsets stay valid)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters ('İ') lower-case to two; keep 1:1 offsets
        low = "".join(ch.lower()[:1] or ch for ch in text)
    return low


def normalise(text: str, low: str | None = None) -> str:
    """Lower-case ``text`` and blank out punctuation, keeping its length (offsets stay valid).

    ``low`` is ``lower(text)`` when the caller has it already.
    """
    if low is None:
        low = lower(text)
    # One byte per character: non-ASCII characters become '?' (then a space).
    raw = low.encode("ascii", "replace")
    out = raw.translate(_ASCII_TABLE).decode("ascii")
    if low.isascii():
        return out
    parts = []
    prev = 0
    i = raw.find(b"?")
    while i != -1:
        ch = low[i]
        if ch != "?" and ch.isalnum():
            parts.append(out[prev:i])
            parts.append(ch)
            prev = i + 1
        i = raw.find(b"?", i + 1)
    if not parts:
        return out
    parts.append(out[prev:])
    return "".join(parts)


_ABBREVIATIONS: Final = frozenset(
    "mr mrs ms dr gen lt col maj capt sgt st jan feb mar apr jun jul aug sep sept oct nov dec "
    "no nos rep sen gov prof jr sr vs etc inc co corp ltd dept est fig al approx brig adm cmdr".split()
)
# A boundary: end punctuation, optional closing quote/bracket, whitespace, then
# something that can open a sentence; or a paragraph break. It is only tried
# (anchored) at the positions of '.', '!', '?' and newlines, found with str.find.
_CLOSERS: Final = "\"'”’)]"  # may follow end punctuation (the [...]* after [.!?] in _BOUNDARY)
_BOUNDARY: Final = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n\s*")


def starts_at(s: str, prefix: str, pos: int) -> bool:
    """``s.startswith(prefix, pos)``.

    Written as ``str.find`` over ``s[pos:pos + len(prefix)]``: a compiled build calls
    ``find`` directly, while ``startswith`` with a position is a generic method call there
    (several times the cost; this runs per cue, place and number).
    """
    if pos < 0:
        return s.startswith(prefix, pos)  # (a negative start counts from the end)
    return s.find(prefix, pos, pos + len(prefix)) == pos


def upper_at(text: str, i: int) -> bool:
    """``text[i].isupper()``, with an ASCII character compared by code point (direct in a compiled
    build, where ``isupper`` is a generic method call; this runs per cue and place)."""
    c = ord(text[i])
    if c < 128:
        return 65 <= c <= 90
    return text[i].isupper()


def ascii_span(text: str, start: int, end: int) -> bool:
    """Whether ``text[start - 1:end]`` is ASCII (with the character before ``start``: a ``\\b``
    there reads it).

    On such a span an IGNORECASE pattern written in lower case matches the text exactly
    where its case-sensitive copy (:func:`lower_case_copy`) matches the lower-case text
    (:attr:`Doc.low`, same offsets) - about three times faster. Beyond ASCII, case folding
    pairs more characters than ``lower()`` does ("ſ" matches "s"), so the original runs.
    """
    return text[start - 1 if start > 0 else 0 : end].isascii()


def lower_case_copy(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without IGNORECASE, for the lower-case text (see :func:`ascii_span`);
    the pattern must be written in lower case."""
    if pattern.pattern != pattern.pattern.lower() or not pattern.flags & re.IGNORECASE:
        raise ValueError(f"not a lower-case IGNORECASE pattern: {pattern.pattern[:40]!r}")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


class Doc:
    """The analysed text of one item, its sentence spans and its matching form.

    (A plain class, not a dataclass: a compiled build then creates it without running
    the dataclass-generated Python ``__init__``.)
    """

    __slots__ = ("text", "low", "norm", "starts", "ends", "body_start", "has_headline", "dateline", "dateline_end",
                 "dateline_country")

    def __init__(
        self, text: str, low: str, norm: str, starts: list[int], ends: list[int], body_start: int,
        has_headline: bool, dateline: str | None = None, dateline_end: int = 0, dateline_country: str | None = None,
    ) -> None:
        self.text = text
        self.low = low  # lower(text)
        self.norm = norm  # " " + normalise(text) + " "
        self.starts = starts  # sentence i is text[starts[i]:ends[i]]
        self.ends = ends
        self.body_start = body_start
        self.has_headline = has_headline
        self.dateline = dateline
        self.dateline_end = dateline_end
        self.dateline_country = dateline_country  # "Ohio" of "COLUMBUS, Ohio -"

    def sentence(self, i: int) -> str:
        """The text of sentence ``i``."""
        return self.text[self.starts[i] : self.ends[i]]

    def index_at(self, pos: int) -> int:
        """Index of the sentence containing (or last starting before) text offset ``pos``."""
        return max(0, bisect_right(self.starts, pos) - 1)

    def is_headline(self, i: int) -> bool:
        return i == 0 and self.has_headline

    def __len__(self) -> int:
        return len(self.starts)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _not_an_end(text: str, norm: str, cur: int, dot: int) -> bool:
    """Whether the '.' at ``dot`` closes an abbreviation ("Gen.") or an initial ("U.S.")."""
    before = text[dot - 1] if dot > cur else " "
    if before.isalnum():
        # The word ending at the dot (norm[dot] is text[dot - 1]); abbreviations are short.
        j = norm.rfind(" ", dot - 6 if dot - 6 > cur else cur, dot + 1)
        if j >= 0 and norm[j + 1 : dot + 1] in _ABBREVIATIONS:  # j < 0: a longer word
            return True
    else:
        # Last word before the dot with trailing punctuation skipped ('etc.)', '"Gen".').
        seg = norm[max(cur, dot - 24) + 1 : dot + 1].rstrip()
        word = seg[seg.rfind(" ") + 1 :]
        if word in _ABBREVIATIONS:
            return True
    # An initial: one capital letter before the dot, after the sentence start or a non-word character.
    if 65 <= ord(before) <= 90:  # A-Z (compared as an int: direct in a compiled build)
        return dot - 2 < cur or not _is_word(text[dot - 2])
    return False


def _opens(c: int) -> bool:
    """Whether code point ``c`` is A-Z or 0-9 (compared as ints: direct in a compiled build)."""
    return 65 <= c <= 90 or 48 <= c <= 57


def split_spans(text: str, norm: str, start: int, end: int, starts: list[int], ends: list[int]) -> None:
    """Split ``text[start:end]`` into sentences, appending their spans.

    Paragraph breaks always end a sentence; ``.``/``!``/``?`` end one unless the
    word before is a known abbreviation or an initial ("U.S.", "Gen.").
    """
    cands: list[int] = []
    for ch in ".!?\n":
        # (text.find itself, not a bound method: a compiled build calls it directly.)
        i = text.find(ch, start, end)
        while i != -1:
            cands.append(i)
            i = text.find(ch, i + 1, end)
    if len(cands) > 1:
        cands.sort()
    cur = start
    reach = start
    match = _BOUNDARY.match
    for i in cands:
        if i < reach:
            continue
        c = text[i]
        nxt = i + 2
        # The common boundaries, read directly: ". X" (one space, a capital or digit), a blank
        # line and ".\n\nX"; each is exactly what _BOUNDARY would match there.
        if c != "\n" and nxt < end and text[i + 1] == " " and _opens(ord(text[nxt])):
            reach = nxt
            piece_end = i + 1
        elif c == "\n" and nxt <= end and text[i + 1] == "\n" and (nxt == end or not text[nxt].isspace()):
            reach = nxt
            piece_end = i
        elif c != "\n" and nxt + 1 < end and text[i + 1] == "\n" and text[nxt] == "\n" and _opens(ord(text[nxt + 1])):
            reach = nxt + 1  # ".\n\nX": the end of a paragraph, as _BOUNDARY reads it
            piece_end = i + 1
        else:
            m = match(text, i, end)
            if m is None:
                continue
            reach = m.end()
            # Keep end punctuation and closing quotes/brackets in the sentence.
            if c == "\n":
                piece_end = i
            else:
                piece_end = i + 1
                while text[piece_end] in _CLOSERS:
                    piece_end += 1
        if c == "." and _not_an_end(text, norm, cur, i):
            continue
        if text[cur].isspace() or text[piece_end - 1].isspace():
            _append(text, cur, piece_end, starts, ends)
        elif piece_end > cur:
            starts.append(cur)
            ends.append(piece_end)
        cur = reach
    if cur < end:
        _append(text, cur, end, starts, ends)


#: Longest sentence read as one: a longer run of text without a sentence end (a hostile or broken
#: item: one 100 KB "sentence" took 5 s, the matching per sentence grows with its length squared)
#: is read in pieces of at most this many characters, cut at a space. Real sentences are far shorter.
MAX_SENTENCE: Final = 1000


def _cap_spans(text: str, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
    """The spans with every one longer than :data:`MAX_SENTENCE` cut into pieces at spaces."""
    out_s: list[int] = []
    out_e: list[int] = []
    for a, b in zip(starts, ends):
        while b - a > MAX_SENTENCE:
            cut = text.rfind(" ", a + 1, a + MAX_SENTENCE)
            cut = a + MAX_SENTENCE if cut < 0 else cut
            out_s.append(a)
            out_e.append(cut)
            a = cut
            while a < b and text[a].isspace():
                a += 1
        if b > a:
            out_s.append(a)
            out_e.append(b)
    return out_s, out_e


def _append(text: str, a: int, b: int, starts: list[int], ends: list[int]) -> None:
    # Trim whitespace but keep offsets into the original string.
    seg = text[a:b]
    left = len(seg) - len(seg.lstrip())
    right = len(seg.rstrip())
    if right > left:
        starts.append(a + left)
        ends.append(a + right)


# "BEIRUT (AFP) - ", "KYIV, Ukraine (AP) — ", "ADEN, Feb 3 (Reuters) - ": a dateline
# opening the body. The place is the source's location, not necessarily the event's.
# (reg-119) also "N’DJAMENA (Reuters) –" (a curly apostrophe), "CARACAS, (Reuters) –" (a comma before the agency),
# "SARAJEVO, Bosnia-Herzegovina (AP) --" (a hyphenated country).
_DATELINE: Final = re.compile(
    r"\s*(?P<place>[A-Z][A-Z.'’\-]{2,}(?: [A-Z][A-Z.'’\-]+){0,3})(?:,\s*(?P<country>[A-Z][A-Za-z.' \-]{1,30}?))?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?,?\s*(?:\((?P<agency>[A-Za-z]{2,12})\))?\s*(?:--|[—–:]|-(?=\s))\s*"
)
# The same in title case (local outlets, CPJ, UN releases): "Juba - ", "New Delhi, August 1, 2020 - ",
# "Deir al-Balah, Gaza Strip, Feb 4 - ", "Medan, N Sumatra (ANTARA) - ". Up to four capitalised
# words (with al-/el-/de particles), an optional ", Country", date and agency, then a dash.
_DATELINE_TITLE: Final = re.compile(
    r"\s*(?P<place>[A-Z][a-z'’]+(?:[ -](?:[A-Z][a-z'’]+|al|el|ad|as|ar|ash|de|du|la|le)){0,3})"
    r"(?:,\s*(?P<country>[A-Z][A-Za-z.'’]*(?: [A-Z][A-Za-z.'’]*){0,2}))?"
    r"(?:,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\((?P<agency>[A-Za-z]{2,12})\))?\s*(?:-{2,3}|[—–]|-(?=\s))\s*"
)
# (reg-119) The title-case form closed by a colon: "Bamako: Two soldiers ...", "Dhaka, September 16: Bangladesh
# police ...". A colon also closes labels ("Update:", "Note:"), so the place must be a gazetteer place
# (``COLON_PLACE``, set by :mod:`agents.classify.gazetteer`: this module cannot import it).
_DATELINE_COLON: Final = re.compile(
    r"\s*(?P<place>[A-Z][a-z'’]+(?:[ -](?:[A-Z][a-z'’]+|al|el|ad|as|ar|ash|de|du|la|le)){0,2})"
    r"(?:,\s*(?P<country>[A-Z][A-Za-z.'’]*(?: [A-Z][A-Za-z.'’]*){0,2}))?"
    r"(?:,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\((?P<agency>[A-Za-z]{2,12})\))?:\s+(?=[A-Z\"“])"
)
COLON_PLACE: list[Callable[[str], bool]] = []


def _has_dash(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has a dash: :data:`_DATELINE_TITLE` cannot match without
    one (it ends with "--", "—", "–" or "-"), and most bodies open with none."""
    return text.find("-", start, end) >= 0 or text.find("—", start, end) >= 0 or text.find("–", start, end) >= 0


# (1.10) Thousands grouped by a space ("570 000 people", French and South African style, also
# with a no-break or thin space): read as "570,000" - a comma for the space keeps every offset.
_SPACED_THOUSANDS: Final = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]?\d)")


#: Cheap before the pattern above (which tries every position: ~0.1 ms per 2 KB item): a digit
#: before " ddd" (sre scans for the literal space fast), or a no-break / thin space at all.
_SPACE_DIGITS: Final = re.compile(r" \d\d\d")


def _may_have_spaced_thousands(text: str) -> bool:
    for m in _SPACE_DIGITS.finditer(text):
        i = m.start()
        if i > 0 and text[i - 1].isdigit():
            return True
    return "\u00a0" in text or "\u202f" in text


def _comma_groups(m: re.Match[str]) -> str:
    return m.group().replace(" ", ",").replace("\u00a0", ",").replace("\u202f", ",")


def make_doc(headline: str, body: str) -> Doc:
    """Build the :class:`Doc` for an item: normalised text, sentence spans, dateline."""
    headline = headline.strip()
    text = f"{headline}\n\n{body}" if body else headline
    if _may_have_spaced_thousands(text):
        text = _SPACED_THOUSANDS.sub(_comma_groups, text)
    low = lower(text)
    norm = " " + normalise(text, low) + " "
    body_start = len(headline) + 2 if body else len(text)
    starts: list[int] = []
    ends: list[int] = []
    if headline:
        starts.append(0)
        ends.append(len(headline))
    dateline = None
    dateline_end = body_start
    dateline_country = None
    m = _DATELINE.match(text, body_start)
    if m is None and _has_dash(text, body_start, body_start + 80):
        m = _DATELINE_TITLE.match(text, body_start, body_start + 80)
    if m is None and COLON_PLACE and text.find(":", body_start, body_start + 60) >= 0:
        m = _DATELINE_COLON.match(text, body_start, body_start + 60)
        if m is not None and not COLON_PLACE[0](m.group("place")):
            m = None
    if m:
        dateline = m.group("place").strip().title()
        dateline_country = m.group("country")
        dateline_end = m.end()
    split_spans(text, norm, dateline_end, len(text), starts, ends)
    if any(b - a > MAX_SENTENCE for a, b in zip(starts, ends)):
        starts, ends = _cap_spans(text, starts, ends)
    return Doc(text, low, norm, starts, ends, body_start, bool(headline), dateline, dateline_end if m else 0,
               dateline_country)
