"""IPTC NewsML-G2 news items, plus the hardened XML loading and markup-to-text
helpers that every XML/HTML input format shares (rss.py and ninjs.py use them).

Accepted documents:

* a single ``<newsItem>``;
* a ``<newsMessage>`` whose ``<itemSet>`` holds several items. Only *text*
  news items (``itemClass`` ``ninat:text``, or no itemClass) become wire
  items; package items, pictures, video and concept items are skipped, since
  they carry no story text of their own.

Field mapping (namespace-agnostic: elements are matched by local name, so both
the ``http://iptc.org/std/nar/2006-10-01/`` namespace and the un-namespaced
documents some agencies send are read)::

    newsItem@guid                   -> guid
    newsItem@version                -> version (default 1)
    itemMeta/versionCreated         -> published (else firstCreated, else contentCreated)
    itemMeta/pubStatus@qcode        -> pubstatus (stat:canceled is a retraction)
    contentMeta/headline            -> headline (lowest rank / first)
    contentMeta/headline[@role=...subHeadline] -> subheadline
    contentMeta/located/name        -> located (else the place in contentMeta/dateline)
    contentMeta/language@tag        -> language (else newsItem@xml:lang)
    contentSet/inlineXML            -> body (XHTML / NITF / HTML reduced to text)
    contentSet/inlineData           -> body (plain text)
    contentMeta/description         -> body when the item carries no content

Security: the bytes are parsed with :mod:`defusedxml` with entity declarations
and external references forbidden, so a billion-laughs document or an XXE
probe is rejected as ``ParseError('unsafe_xml', ...)`` before anything is
expanded or fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import wraps
from html.parser import HTMLParser
from typing import Any, TypeVar

import defusedxml
import defusedxml.ElementTree as DET
from pydantic import TypeAdapter, ValidationError

from schemas import WireItem
from agents.formats.base import MAX_PAYLOAD_BYTES, ParseError, make_item

FORMAT = "newsml"

_DT = TypeAdapter(datetime)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# ---------------------------------------------------------------------------
# Hardened XML loading (shared with rss.py)
# ---------------------------------------------------------------------------

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.IGNORECASE)
_UTF8_NAMES = {"utf-8", "utf8"}


def check_size(payload: bytes) -> None:
    """Reject empty and oversized payloads the same way every format does."""
    if not payload or not payload.strip():
        raise ParseError("empty", "the payload is empty")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ParseError("too_large", f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD_BYTES}")


def load_xml(payload: bytes) -> ET.Element:
    """Parse untrusted XML bytes into an Element tree, or raise ParseError.

    * ``unsafe_xml``: the document declares entities (billion laughs,
      quadratic blow-up) or references external entities / DTDs (XXE).
      A plain ``<!DOCTYPE ...>`` without declarations is allowed: old RSS 0.91
      feeds carry one.
    * ``invalid_utf8``: no other encoding is declared and the bytes are not
      UTF-8 (XML's default encoding).
    * ``unparseable``: anything else that is not well-formed XML.
    """
    check_size(payload)
    declared = _XML_DECL.match(payload[:200])
    encoding = declared.group(1).decode("ascii").lower() if declared else None
    if payload[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"  # a BOM names the encoding; expat reads it
    if encoding is None or encoding in _UTF8_NAMES:
        # Say "invalid UTF-8" rather than expat's vague "not well-formed".
        try:
            payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(
                "invalid_utf8", f"XML payload is not valid UTF-8 ({exc.reason} at byte {exc.start})"
            ) from exc
    try:
        return DET.fromstring(payload, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise ParseError("unsafe_xml", f"XML declares entities or external references ({exc!r})") from exc
    except ET.ParseError as exc:
        raise ParseError("unparseable", f"not well-formed XML: {exc}") from exc
    except (LookupError, ValueError) as exc:  # unknown declared encoding, bad code points
        raise ParseError("unparseable", f"cannot read XML: {exc}") from exc


def local_name(tag: Any) -> str:
    """``{ns}name`` or ``prefix:name`` -> ``name``; comments/PIs (non-str tags) -> ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def children(elem: ET.Element | None, name: str) -> list[ET.Element]:
    if elem is None:
        return []
    return [c for c in elem if local_name(c.tag) == name]


def child(elem: ET.Element | None, name: str) -> ET.Element | None:
    found = children(elem, name)
    return found[0] if found else None


def text_of(elem: ET.Element | None) -> str:
    """All text inside an element, whitespace collapsed."""
    if elem is None:
        return ""
    return " ".join("".join(elem.itertext()).split())


F = TypeVar("F", bound=Callable[..., list[WireItem]])


def guarded(func: F) -> F:
    """Make a parser honour its contract: ParseError, and only ParseError, escapes.

    The parsers check everything they know about; this net catches what a
    hostile document may still provoke deep inside a library (a recursion
    limit on absurd nesting, a date out of range, a validation error) and
    reports it as a parse error instead of crashing the stage.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> list[WireItem]:
        try:
            return func(*args, **kwargs)
        except ParseError:
            raise
        except RecursionError as exc:
            raise ParseError("unparseable", "document is nested too deeply") from exc
        except ValidationError as exc:
            raise ParseError("invalid_item", f"item does not validate: {exc.errors()[:1]}") from exc
        except (ValueError, TypeError, OverflowError, LookupError, AttributeError) as exc:
            raise ParseError("invalid_item", f"cannot read item: {type(exc).__name__}: {exc}") from exc

    return wrapper  # type: ignore[return-value]


# ---------------------------------------------------------------------------
# Markup to text (shared with ninjs.py and rss.py)
# ---------------------------------------------------------------------------

# Elements whose text is not story text: document head, page chrome, media and
# captions, NITF's body.head (headline/byline repeated) and scripts.
SKIP_ELEMENTS = frozenset(
    {
        "head", "title", "script", "style", "noscript", "template", "header", "footer",
        "nav", "aside", "figure", "figcaption", "iframe", "object", "video", "audio",
        "picture", "svg", "math", "body.head", "body.end", "media", "button", "form",
    }
)  # fmt: skip
# Elements that end a paragraph: their text becomes a paragraph of its own.
BLOCK_ELEMENTS = frozenset(
    {
        "p", "div", "section", "article", "main", "blockquote", "pre", "li", "ul", "ol",
        "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2", "tr", "table",
        "br", "hr", "body", "html", "block", "body.content", "nitf", "address", "center",
        "caption", "td", "th", "tagline", "bq", "note",
    }
)  # fmt: skip


class _TextCollector:
    """Turns start/end/data events into paragraphs separated by blank lines."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._buf: list[str] = []
        self._skip_depth = 0

    def start(self, name: str) -> None:
        if self._skip_depth or name in SKIP_ELEMENTS:
            self._skip_depth += 1
        elif name in BLOCK_ELEMENTS:
            self.flush()

    def end(self, name: str) -> None:
        if self._skip_depth:
            self._skip_depth -= 1
        elif name in BLOCK_ELEMENTS:
            self.flush()

    def data(self, text: str) -> None:
        if not self._skip_depth and text:
            self._buf.append(text)

    def flush(self) -> None:
        para = " ".join("".join(self._buf).split())
        self._buf = []
        if para:
            self.paragraphs.append(para)

    def text(self) -> str:
        self.flush()
        return "\n\n".join(self.paragraphs)


_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed", "param", "track"})


class _HTMLText(HTMLParser):
    def __init__(self, collector: _TextCollector) -> None:
        super().__init__(convert_charrefs=True)
        self.c = collector

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = local_name(tag)
        if name in _VOID:
            if name in BLOCK_ELEMENTS:
                self.c.flush()
            return
        self.c.start(name)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if local_name(tag) in BLOCK_ELEMENTS:
            self.c.flush()

    def handle_endtag(self, tag: str) -> None:
        name = local_name(tag)
        if name not in _VOID:
            self.c.end(name)

    def handle_data(self, data: str) -> None:
        self.c.data(data)


def html_to_text(markup: str) -> str:
    """Reduce an HTML fragment or document to plain paragraphs.

    Paragraph-level elements become paragraphs separated by a blank line (the
    WireItem body convention); inline markup disappears; entities are decoded;
    heads, scripts, page headers, figures and captions are dropped. HTML is
    parsed leniently (html.parser), so broken markup still yields its text.
    """
    collector = _TextCollector()
    parser = _HTMLText(collector)
    parser.feed(markup)
    parser.close()
    return collector.text()


def xml_to_text(elem: ET.Element) -> str:
    """Like :func:`html_to_text`, for an already parsed (X)HTML/NITF element's content."""
    collector = _TextCollector()
    # Iterative walk: a hostile document may nest deeper than Python's recursion limit.
    if elem.text:
        collector.data(elem.text)
    stack: list[tuple[ET.Element, bool]] = [(c, False) for c in reversed(list(elem))]
    while stack:
        node, closing = stack.pop()
        name = local_name(node.tag)
        if closing:
            collector.end(name)
            if node.tail:
                collector.data(node.tail)
            continue
        if not name:  # comment / processing instruction: keep only its tail
            if node.tail:
                collector.data(node.tail)
            continue
        collector.start(name)
        if node.text:
            collector.data(node.text)
        stack.append((node, True))
        stack.extend((c, False) for c in reversed(list(node)))
    return collector.text()


def drop_repeated_headline(body: str, headline: str) -> str:
    """Remove a first paragraph that only repeats the headline (HTML bodies often do)."""
    paras = body.split("\n\n")
    if headline and paras and " ".join(paras[0].split()).casefold() == " ".join(headline.split()).casefold():
        paras = paras[1:]
    return "\n\n".join(paras)


def parse_datetime(value: str | None, what: str) -> datetime | None:
    """ISO 8601 date or date-time (NewsML-G2 DateOptTimeType), or ParseError."""
    if value is None or not value.strip():
        return None
    try:
        return _DT.validate_python(value.strip())
    except ValidationError as exc:
        raise ParseError("invalid_item", f"{what} is not an ISO 8601 date/time: {value[:60]!r}") from exc


# ---------------------------------------------------------------------------
# NewsML-G2
# ---------------------------------------------------------------------------

_PUBSTATUS = {"usable": "usable", "canceled": "canceled", "cancelled": "canceled", "withheld": "withheld"}


def _qcode_value(elem: ET.Element | None) -> str:
    """The code part of ``qcode="stat:canceled"`` (or of a ``uri`` attribute)."""
    if elem is None:
        return ""
    code = elem.get("qcode") or elem.get("uri") or ""
    return code.rsplit(":", 1)[-1].rsplit("/", 1)[-1].lower()


def _is_text_item(item: ET.Element) -> bool:
    item_class = child(child(item, "itemMeta"), "itemClass")
    return item_class is None or _qcode_value(item_class) in ("", "text", "composite")


def _rank(elem: ET.Element) -> int:
    try:
        return int(elem.get("rank", "0"))
    except ValueError:
        return 0


def _headlines(content_meta: ET.Element | None) -> tuple[str, str | None]:
    heads = children(content_meta, "headline")
    subs = [h for h in heads if "subheadline" in (h.get("role") or "").lower()]
    mains = [h for h in heads if h not in subs] or heads
    headline = text_of(min(mains, key=_rank)) if mains else ""
    sub = text_of(subs[0]) if subs else None
    return headline, (sub or None)


def _body(item: ET.Element, content_meta: ET.Element | None) -> str:
    content_set = child(item, "contentSet")
    for inline in children(content_set, "inlineXML"):
        text = xml_to_text(inline)
        if text:
            return text
    for inline in children(content_set, "inlineData"):
        ctype = (inline.get("contenttype") or "text/plain").lower()
        raw = "".join(inline.itertext())
        text = html_to_text(raw) if "html" in ctype else "\n\n".join(
            " ".join(p.split()) for p in re.split(r"\n\s*\n", raw) if p.strip()
        )
        if text:
            return text
    # No content of its own (a text item whose body is in a package, or an
    # abstract-only item): the description is the best text there is.
    for desc in children(content_meta, "description"):
        text = text_of(desc)
        if text:
            return text
    return ""


def _dateline_place(dateline: str) -> str | None:
    """'New York (dpa) - ' -> 'New York': the place part of a dateline, when there is no <located>."""
    place = re.sub(r"\(.*?\)", " ", dateline)
    place = re.split(r"\s[-\u2013\u2014]\s|\s[-\u2013\u2014]$", place.strip() + " ")[0]
    place = " ".join(place.split()).strip(" -\u2013\u2014,:")
    return place or None


def _item(item: ET.Element, *, source: str, received: datetime, raw: bytes, doc_lang: str | None) -> WireItem:
    guid = (item.get("guid") or "").strip()
    if not guid:
        raise ParseError("invalid_item", "newsItem has no guid attribute")
    version_attr = (item.get("version") or "1").strip()
    if not version_attr.isdigit():
        raise ParseError("invalid_item", f"newsItem {guid!r}: version must be a non-negative integer, got {version_attr!r}")
    item_meta = child(item, "itemMeta")
    content_meta = child(item, "contentMeta")

    published = None
    for elem, what in (
        (child(item_meta, "versionCreated"), "versionCreated"),
        (child(item_meta, "firstCreated"), "firstCreated"),
        (child(content_meta, "contentCreated"), "contentCreated"),
    ):
        published = parse_datetime(text_of(elem) or None, f"newsItem {guid!r} {what}")
        if published is not None:
            break

    status = _PUBSTATUS.get(_qcode_value(child(item_meta, "pubStatus")), "usable")
    headline, subheadline = _headlines(content_meta)
    body = drop_repeated_headline(_body(item, content_meta), headline)
    located = text_of(child(child(content_meta, "located"), "name")) or _dateline_place(
        text_of(child(content_meta, "dateline"))
    )
    lang_elem = child(content_meta, "language")
    language = (lang_elem.get("tag") if lang_elem is not None else None) or item.get(_XML_LANG) or doc_lang
    return make_item(
        source=source,
        guid=guid,
        fmt=FORMAT,
        headline=headline,
        subheadline=subheadline,
        body=body,
        published=published,
        received=received,
        raw=raw,
        version=int(version_attr),
        language=language or None,
        located=located,
        pubstatus=status,
    )


def iter_news_items(root: ET.Element) -> Iterator[ET.Element]:
    """The newsItems of a document: the root itself, or those in a newsMessage."""
    name = local_name(root.tag)
    if name == "newsItem":
        yield root
    elif name == "newsMessage":
        for item_set in children(root, "itemSet"):
            yield from children(item_set, "newsItem")
    else:
        raise ParseError("unsupported_format", f"root element <{name}> is not a NewsML-G2 newsItem or newsMessage")


@guarded
def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    """Parse a NewsML-G2 newsItem or newsMessage into wire items (text items only)."""
    root = load_xml(payload)
    doc_lang = root.get(_XML_LANG)
    news_items = list(iter_news_items(root))
    text_items = [i for i in news_items if _is_text_item(i)]
    if not text_items:
        what = "no newsItem" if not news_items else "no text newsItem (only pictures/video/graphics)"
        raise ParseError("empty", f"NewsML-G2 document holds {what}")
    return [_item(i, source=source, received=received, raw=payload, doc_lang=doc_lang) for i in text_items]


def looks_like(head: bytes) -> bool:
    """Sniffer: the first element is a newsItem or newsMessage."""
    return root_name(head) in ("newsItem", "newsMessage")


_PROLOG = re.compile(
    rb"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*<([A-Za-z_][\w.:-]*)", re.DOTALL
)


def root_name(head: bytes) -> str:
    """Local name of the first element in the first bytes of a document ('' if none)."""
    m = _PROLOG.match(head.lstrip(b"\xef\xbb\xbf"))
    return local_name(m.group(1).decode("ascii", "replace")) if m else ""
