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
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from schemas import WireItem
from agents.formats.base import ParseError, collapse_whitespace, decode_utf8, make_item

FORMAT = "dispatch"

_DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(\d{4})-(\d{2})-(\d{2})[ \t]+(\S.*?)\s*$", re.MULTILINE)
_PARA_SPLIT = re.compile(r"\n[ \t]*\n\s*")
# A word hyphenated at a line/paragraph end, continued in lower case: "Septem-" + "ber".
_BROKEN_WORD = re.compile(r"(\w)-\s*$")


def looks_like(text: str) -> bool:
    return bool(_DATE_LINE.match(text.lstrip("\ufeff").lstrip("\r\n")))


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
        raise ParseError("unparseable", "dispatch text must start with a line ' date YYYY-MM-DD headline'")
    found = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        try:
            date = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=timezone.utc)
        except ValueError as exc:
            raise ParseError("unparseable", f"bad dispatch date {m.group(1)}-{m.group(2)}-{m.group(3)}: {exc}") from exc
        found.append((date, m.group(4).strip(), text[m.end() : end]))
    return found


def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    text = decode_utf8(payload)
    items = []
    for date, headline, rest in split_dispatches(text):
        paras = _paragraphs(rest)
        if not paras:
            raise ParseError("invalid_item", f"dispatch {headline!r} has no body")
        sub, body = (paras[0], paras[1:]) if len(paras) > 1 else (None, paras)
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
