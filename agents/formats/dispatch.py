"""The plain dispatch text format (as in ``shared/samples/``).

A dispatch is::

     date 2019-02-10 US-backed forces make final push against IS stronghold

    Fierce fighting in eastern Syria

    First body paragraph ...

    Second paragraph, possibly with a word broken across paragraphs: Septem-

    ber. ...

The first line is `` date YYYY-MM-DD headline`` (leading space optional), the
first following paragraph is the subheadline, the rest is the body; paragraphs
are separated by one or more blank lines. A file may hold several dispatches,
each starting with its own ``date`` line.

Variants read as well: ``date:`` with a colon, a time after the date
(``date 2019-02-10 14:30 headline``, ``date 2019-02-10T14:30:00+03:00 headline``: that
instant; without a zone, UTC), and a date line with no headline after it (the next line
is the headline). Plain text without any date line, as ``curl --data-binary @story.txt
-H 'content-type: text/plain'`` sends it, is one story with no stated time (the receive
time) when it looks like one: a first paragraph of one short line, the headline, then a body of
at least eight words, or one whose first paragraph opens with an agency dateline (no headline);
anything else stays ``unparseable``. A byline paragraph ("By Jane Doe, Associated Press") is neither
subheadline nor body, and a first paragraph that opens with an agency dateline is no subheadline.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Final

from schemas import WireItem
from agents.formats.base import ParseError, collapse_whitespace, decode_utf8, is_byline, make_item
from agents.formats.dates import parse_compact_datetime

FORMAT = "dispatch"

_DATE_LINE = re.compile(
    r"^[ \t]*date:?[ \t]+(\d{4})-(\d{2})-(\d{2})"
    r"(?:(?:T|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2}))?[ \t]*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
    r"(?:[ \t]+(\S.*?))?[ \t]*$", re.MULTILINE | re.IGNORECASE)
#: The longest first line of a plain story taken for its headline.
_HEADLINE_MAX = 200
#: The fewest words the body of a plain story without a date line has (less is not a story).
_BODY_MIN_WORDS = 8
_NO_DATE_LINE = "dispatch text must start with a line ' date YYYY-MM-DD headline'"
_PARA_SPLIT = re.compile(r"\n[ \t]*\n\s*")
# A word hyphenated at a line/paragraph end, continued in lower case: "Septem-" + "ber".
_BROKEN_WORD = re.compile(r"(\w)-\s*$")


def looks_like(text: str) -> bool:
    """A date line first, or a wire transmission's SOH ... STX envelope (:func:`_unwrap_transmission`)."""
    text = text.lstrip("\ufeff")
    if text.startswith(_SOH) and _STX in text[:1024]:
        return True
    return bool(_DATE_LINE.match(text.lstrip("\r\n")))


def _paragraphs(block: str) -> list[str]:
    """Split on blank lines, unwrap lines, and re-join words broken by hyphenation."""
    out: list[str] = []
    for raw in _PARA_SPLIT.split(block.strip()):
        para = collapse_whitespace(raw)
        if not para:
            continue
        if out and _BROKEN_WORD.search(out[-1]) and para[:1].islower():
            # "Septem-" / "ber. The ..." -> "September. The ..."; the remainder of the
            # continued paragraph stays in the same paragraph (it was one sentence).
            out[-1] = out[-1][:-1].rstrip() + para
        else:
            out.append(para)
    return out


def split_dispatches(text: str) -> list[tuple[datetime, str, str]]:
    """Return (date, headline, rest) for every dispatch in ``text``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    matches = list(_DATE_LINE.finditer(text))
    if not matches or text[: matches[0].start()].strip():
        raise ParseError("unparseable", _NO_DATE_LINE)
    found = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        year, month, day, hour, minute, second, zone, headline = m.groups()
        zone = "Z" if zone is None or zone.upper() in ("Z", "UTC", "GMT") else zone
        date = parse_compact_datetime(f"{year}-{month}-{day}T{int(hour or 0):02d}:{minute or '00'}:{second or '00'}{zone}")
        if date is None:
            raise ParseError("unparseable", f"bad dispatch date in {m.group(0).strip()!r}")
        rest = text[m.end() : end]
        if not headline:  # the date on a line of its own: the headline is the next line
            rest = rest.lstrip("\n")
            headline, _, rest = rest.partition("\n")
        found.append((date.astimezone(timezone.utc), headline.strip(), rest))
    return found


def _words(paras: list[str]) -> int:
    return sum(1 for w in " ".join(paras).split() if any(c.isalpha() for c in w))


def _plain_story(text: str, *, source: str, received: datetime, raw: bytes) -> WireItem:
    """Text with no date line, read as one story when it looks like one: a first paragraph of one
    short line (the headline), then a body of at least :data:`_BODY_MIN_WORDS` words."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    first = text.split("\n\n", 1)[0].strip()
    paras = _paragraphs(text)
    from agents.formats.newsml import opening_dateline_place  # newsml imports base, not this module

    if paras and opening_dateline_place(paras[0]) and _words(paras) >= _BODY_MIN_WORDS:
        # A wire story sent without its headline line: it opens with an agency's dateline
        # ("GAZA CITY, March 1 (Reuters) - ..."); no headline, the whole text the body.
        return make_item(source=source, guid=None, fmt=FORMAT, headline="", body="\n\n".join(paras),
                         published=None, received=received, raw=raw)
    if len(paras) < 2 or "\n" in first or len(paras[0]) > _HEADLINE_MAX or _words(paras[1:]) < _BODY_MIN_WORDS:
        raise ParseError("unparseable", f"{_NO_DATE_LINE} (or plain text: a headline line, a blank line, then the story)")
    body = paras[2:] if len(paras) > 2 and is_byline(paras[1]) else paras[1:]
    return make_item(source=source, guid=None, fmt=FORMAT, headline=paras[0], body="\n\n".join(body),
                     published=None, received=received, raw=raw)


def _subheadline_and_body(paras: list[str]) -> tuple[str | None, list[str]]:
    """The subheadline (the first paragraph after the date line) and the body paragraphs.

    A byline is neither ("By Jane Doe, Associated Press" after the headline, or after the
    subheadline), and a first paragraph that opens with an agency dateline ("CAIRO (AP) — ...")
    is the body's start: the dispatch has no subheadline.
    """
    from agents.formats.newsml import opening_dateline_place  # newsml imports base, not this module

    if paras and is_byline(paras[0]):
        return None, paras[1:] or paras
    if len(paras) > 2 and is_byline(paras[1]):
        return paras[0], paras[2:]
    if len(paras) > 1 and opening_dateline_place(paras[0]) is None:
        return paras[0], paras[1:]
    return None, paras


def _decode(payload: bytes) -> str:
    """The dispatch text: UTF-8, or, when the bytes are not UTF-8 and no charset was sent, the legacy
    encoding they are clearly in (Cyrillic, CJK...: :func:`agents.formats.newsml.guess_legacy_encoding`),
    else windows-1252 (a dispatch saved by a Windows tool: "\x93today\x94"), if the text so read has
    a date line; otherwise ``invalid_utf8`` stands (formats round 10)."""
    try:
        return decode_utf8(payload)
    except ParseError as exc:
        if exc.reason != "invalid_utf8":
            raise
        from agents.formats.newsml import guess_legacy_encoding  # newsml imports base, not this module

        guessed = guess_legacy_encoding(payload)
        for encoding in dict.fromkeys((guessed or "cp1252", "cp1252")):
            try:
                text = payload.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
            if encoding == "cp1252" and not _plausible_western(text):
                continue  # bytes that are no text (a corrupted or hostile input): invalid_utf8 stands
            if _DATE_LINE.search(text):
                return text.lstrip("\ufeff")
        raise


#: What the high bytes of a Western windows-1252 dispatch are: letters with diacritics and typographic
#: punctuation, at most two together ("ações", "\x93today\x94"). Anything else (a byte order mark's
#: "ÿþ", C1 controls, symbols, runs of high bytes) is taken for corruption, not an encoding.
_WESTERN_HIGH: Final = re.compile(
    "[^\x00-\x7f\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00fd\u0152\u0153\u0160\u0161\u017d\u017e\u0178"
    "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u00a0\u00b0\u00ab\u00bb\u20ac\u00a3]"
    "|[^\x00-\x7f]{3,}")


def _plausible_western(text: str) -> bool:
    return _WESTERN_HIGH.search(text) is None


#: Transmission controls of wire text as satellite and serial feeds carry it (IPTC 7901, ANPA 1312):
#: SOH opens the header line (selector, priority, slug: "a0417 4 i BC-Ukraine-Fighting 03-01 0412"),
#: STX the text, ETX ends it; other C0 controls (unit separators, SYN, EOT) are no text either.
_SOH, _STX, _ETX = "\x01", "\x02", "\x03"
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")


def _unwrap_transmission(text: str) -> str:
    """Wire text without its IPTC 7901 / ANPA 1312 envelope: the header line from SOH to STX and
    what follows ETX dropped, the other control characters removed."""
    if _SOH not in text[:64] and _STX not in text[:1024]:
        return text
    start = text.find(_STX, 0, 1024)
    if start >= 0 and _SOH in text[:start]:
        text = text[start + 1 :]
    end = text.find(_ETX)
    if end >= 0:
        text = text[:end]
    return _CONTROLS.sub("", text)


def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    text = _unwrap_transmission(_decode(payload))
    if not _DATE_LINE.search(text):
        if text.lstrip("\ufeff \t\r\n")[:1] in ("<", "{", "["):
            # markup or JSON under a text type: not a story; parse_payload tries the sniffed format
            raise ParseError("unparseable", _NO_DATE_LINE)
        return [_plain_story(text.lstrip("\ufeff"), source=source, received=received, raw=payload)]
    items = []
    for date, headline, rest in split_dispatches(text):
        paras = _paragraphs(rest)
        if not paras:
            raise ParseError("invalid_item", f"dispatch {headline!r} has no body")
        sub, body = _subheadline_and_body(paras)
        items.append(
            make_item(
                source=source,
                guid=None,
                fmt=FORMAT,
                headline=headline,
                subheadline=sub,
                body="\n\n".join(body),
                published=date,
                received=received,
                raw=payload,
            )
        )
    return items
