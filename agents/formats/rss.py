"""RSS and Atom feed documents (RSS 2.0, RSS 0.9x/1.0, Atom 1.0) via feedparser.

Every entry of the feed becomes one WireItem::

    entry id / <guid> / <link>          -> guid (no id at all: the text hash)
    entry link                          -> link
    published, else updated             -> published
    title (HTML reduced to text)        -> headline
    content, else summary/description   -> body (HTML reduced to text)
    entry or feed language              -> language

``format`` is ``'atom'`` for Atom feeds and ``'rss'`` for every RSS flavour.
A feed without entries parses to an empty list: for a feed, "nothing new"
is normal, not an error. An entry with neither title nor text is skipped;
if *every* entry is like that the document is rejected (``invalid_item``).

Security: feedparser's own XML handling is not hardened, so the bytes are
first parsed by :func:`agents.formats.newsml.load_xml` (defusedxml: entity
declarations and external references are refused as ``unsafe_xml``) and
must be well-formed XML whose root is ``<rss>``, ``<rdf:RDF>`` or ``<feed>``.
An HTML page served in place of a feed (a login wall, an error page, a
captive portal) is rejected as ``unsupported_format``. Only then does
feedparser see the bytes, as a stream, so it never takes them for a URL or a
file name.
"""

from __future__ import annotations

import calendar
import io
import logging
import time
from datetime import datetime, timezone
from typing import Any

import feedparser

from schemas import WireItem
from agents.formats import newsml
from agents.formats.base import ParseError, make_item
from agents.formats.newsml import (
    drop_repeated_headline, guarded, html_to_text, load_xml, local_name, parse_and_repair, xml_as_utf8,
)

log = logging.getLogger(__name__)

FORMAT_RSS = "rss"
FORMAT_ATOM = "atom"
FORMAT = FORMAT_RSS

_FEED_ROOTS = {"rss": FORMAT_RSS, "RDF": FORMAT_RSS, "feed": FORMAT_ATOM}


def feed_kind(payload: bytes) -> str:
    """Check that the bytes are a safe, well-formed feed; return 'rss' or 'atom'."""
    return _feed_kind(load_xml(payload))


def _feed_kind(root: Any) -> str:
    name = local_name(root.tag)
    if name in _FEED_ROOTS:
        return _FEED_ROOTS[name]
    if name.lower() == "html":
        raise ParseError("unsupported_format", "the document is an HTML page, not an RSS/Atom feed")
    raise ParseError("unsupported_format", f"root element <{name}> is not an RSS or Atom feed")


def _text(detail: Any, fallback: str | None) -> str:
    """Text of a feedparser text construct (title_detail, content[i], summary_detail)."""
    value = (detail or {}).get("value") if isinstance(detail, dict) else None
    if value is None:
        value = fallback or ""
    # No detail: a bare string from feedparser, which is HTML for summaries.
    ctype = (detail or {}).get("type", "") if isinstance(detail, dict) else "text/html"
    # Follow the declared type: an RSS title is plain text even when it says "<gorilla>".
    if "html" in ctype or "xml" in ctype:
        return html_to_text(value)
    return "\n\n".join(" ".join(p.split()) for p in value.split("\n\n") if p.strip())


def _when(entry: Any) -> datetime | None:
    """feedparser's parsed dates are UTC struct_times."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
            except (OverflowError, OSError, ValueError):
                continue  # a nonsense year: fall through to the next date, or the receive time
    return None


def _body(entry: Any) -> str:
    contents = entry.get("content") or []
    # Prefer the richest content (content:encoded / atom:content) over the summary.
    for content in sorted(contents, key=lambda c: "html" not in c.get("type", "")):
        text = _text(content, None)
        if text:
            return text
    return _text(entry.get("summary_detail"), entry.get("summary"))


def entry_to_item(
    entry: Any, *, fmt: str, feed_language: str | None, source: str, received: datetime, raw: bytes
) -> WireItem:
    """One feedparser entry -> WireItem (ParseError if it has no text at all)."""
    headline = " ".join(_text(entry.get("title_detail"), entry.get("title")).split())
    body = drop_repeated_headline(_body(entry), headline)
    link = entry.get("link") or None
    if link and not link.lower().startswith(("http://", "https://")):
        link = None  # feedparser copies an entry id (a urn, a tag: URI) into link when there is none
    guid = entry.get("id") or link
    language = (entry.get("title_detail") or {}).get("language") or feed_language
    return make_item(
        source=source,
        guid=guid,
        fmt=fmt,
        headline=headline,
        body=body,
        published=_when(entry),
        received=received,
        raw=raw,
        language=language or None,
        link=link,
    )


@guarded
def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    """Parse an RSS or Atom document into one WireItem per entry."""
    # One decoding for both parsers: defusedxml checks the UTF-8 text feedparser then reads
    # (declared encodings, UTF-16, HTML named entities: newsml.xml_as_utf8 / parse_xml_bytes).
    # The text feedparser reads is the one defusedxml accepted, repairs included
    # (undeclared namespace prefixes declared: newsml.parse_and_repair).
    root, text = parse_and_repair(xml_as_utf8(payload))
    fmt = _feed_kind(root)
    text = newsml.html_entities_to_refs_bytes(text)
    # A stream, so feedparser never treats the bytes as a URL or file name;
    # relative URIs stay as written (resolving them needs the feed URL).
    result = feedparser.parse(io.BytesIO(text), resolve_relative_uris=False, sanitize_html=True)
    version = str(result.get("version") or "")
    if version.startswith("atom"):
        fmt = FORMAT_ATOM
    elif version.startswith("rss"):
        fmt = FORMAT_RSS
    feed_language = (result.get("feed") or {}).get("language")
    items: list[WireItem] = []
    skipped = 0
    for entry in result.get("entries") or []:
        try:
            items.append(
                entry_to_item(
                    entry, fmt=fmt, feed_language=feed_language, source=source, received=received, raw=payload
                )
            )
        except ParseError as exc:
            # One empty entry should not cost the feed's other entries.
            skipped += 1
            log.debug("feed %s: skipped entry %r: %s", source, entry.get("id"), exc)
    if skipped and not items:
        raise ParseError("invalid_item", f"none of the {skipped} feed entries has a title or text")
    return items


def parse_xml(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    """For ``application/xml`` / ``text/xml``: pick NewsML-G2 or RSS/Atom by the root element."""
    newsml.check_size(payload)
    name = newsml.root_name(payload[:4096])
    if name in newsml.ROOTS:
        return newsml.parse(payload, source=source, received=received)
    if name == "nitf":
        from agents.formats import nitf  # nitf imports this module's siblings only; late to keep rss standalone

        return nitf.parse(payload, source=source, received=received)
    return parse(payload, source=source, received=received)


def looks_like(head: bytes) -> bool:
    """Sniffer: the first element is <rss>, <rdf:RDF> or <feed>."""
    return newsml.root_name(head) in ("rss", "RDF", "feed")
