"""Input formats and sources.

Format parsers (one module per format) turn raw bytes into WireItems; they
are plain functions, used by the normalize stage on every ``wire.raw``
message, by ``wirewatch ingest`` and by the HTTP push endpoint.
:func:`parse_payload` picks the parser from the content type, or sniffs it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from datetime import datetime
from typing import Final

from schemas import WireItem
from agents.formats import dispatch, jsonitem, newsml, ninjs, nitf, rss
from agents.formats.base import MAX_PAYLOAD_BYTES, ParseError, decode_utf8, payload_hash

Parser = Callable[..., list[WireItem]]

#: format name -> parser. Other format modules register themselves here.
PARSERS: dict[str, Parser] = {
    dispatch.FORMAT: dispatch.parse,
    jsonitem.FORMAT: jsonitem.parse,
    ninjs.FORMAT: ninjs.parse,
    newsml.FORMAT: newsml.parse,
    nitf.FORMAT: nitf.parse,
    rss.FORMAT_RSS: rss.parse,  # rss.parse reads Atom too; items say which it was
    rss.FORMAT_ATOM: rss.parse,
    "xml": rss.parse_xml,  # generic XML: NewsML-G2 or RSS/Atom, by the root element
}

#: content type (without parameters) -> format name.
CONTENT_TYPES: dict[str, str] = {
    "text/plain": dispatch.FORMAT,
    "text/x-wire-dispatch": dispatch.FORMAT,
    "application/json": jsonitem.FORMAT,
    "application/x-ndjson": jsonitem.FORMAT,
    "application/jsonl": jsonitem.FORMAT,
    "application/vnd.wirewatch.item+json": jsonitem.FORMAT,
    "application/feed+json": jsonitem.FORMAT,  # JSON Feed (jsonfeed.org)
    "application/ld+json": jsonitem.FORMAT,  # schema.org JSON-LD (NewsArticle)
    "application/javascript": jsonitem.FORMAT,  # JSONP (a callback around the JSON)
    "text/javascript": jsonitem.FORMAT,
    "application/x-javascript": jsonitem.FORMAT,
    "application/ninjs+json": ninjs.FORMAT,
    "application/vnd.iptc.ninjs+json": ninjs.FORMAT,
    "application/vnd.iptc.g2.newsitem+xml": newsml.FORMAT,
    "application/vnd.iptc.g2.newsmessage+xml": newsml.FORMAT,
    # IPTC's other registered G2 item types: read so that the refusal says what the item is
    # (a package, concepts, planning) rather than that the type is unknown.
    "application/vnd.iptc.g2.packageitem+xml": newsml.FORMAT,
    "application/vnd.iptc.g2.conceptitem+xml": newsml.FORMAT,
    "application/vnd.iptc.g2.knowledgeitem+xml": newsml.FORMAT,
    "application/vnd.iptc.g2.planningitem+xml": newsml.FORMAT,
    "application/vnd.iptc.g2.catalogitem+xml": newsml.FORMAT,
    "application/nitf+xml": nitf.FORMAT,
    "text/vnd.iptc.nitf": nitf.FORMAT,
    "text/vnd.iptc.nitf+xml": nitf.FORMAT,
    "application/rss+xml": rss.FORMAT_RSS,
    "application/atom+xml": rss.FORMAT_ATOM,
    "application/rdf+xml": rss.FORMAT_RSS,
    "application/xml": "xml",
    "text/xml": "xml",
}


def sniff_format(payload: bytes, *, plain_text: bool = False) -> str:
    """Guess the format from the bytes alone (used when no content type is given, and to read a
    mislabelled payload). ``plain_text``: prose of no other format is text/plain (only when no
    content type was given: a mislabelled one keeps the declared type's reason)."""
    head = payload[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b")]}'", b"for(;;);", b"for (;;);", b"while(1);")):
        return jsonitem.FORMAT  # JSON behind an XSSI prefix
    if head[:1] in (b"{", b"["):
        # ninjs has keys no generic JSON item uses; anything else stays generic JSON.
        return ninjs.FORMAT if ninjs.looks_like(payload) else jsonitem.FORMAT
    try:
        if dispatch.looks_like(head.decode("utf-8", "ignore")):
            return dispatch.FORMAT
    except Exception:  # pragma: no cover - decode with 'ignore' does not raise
        pass
    for fmt, probe in SNIFFERS:
        if probe(head):
            return fmt
    if head[:1] == b"<" and (root := newsml.root_name(head)):
        # XML of no format read here: name its root (an OPML list of feeds, a sitemap...).
        raise ParseError("unsupported_format", f"an XML document with root element <{root}> is none of the formats "
                                               f"read here (RSS, Atom, NewsML, NITF){rss.known_root_hint(root)}")
    if jsonitem.looks_like_jsonp(head[:200].decode("utf-8", "ignore")):
        return jsonitem.FORMAT  # JSON inside a JSONP callback (an old news API's callback= response)
    if plain_text and _plain_text(head):
        # Prose with no content type (a console producer sends none): read as text/plain is, a
        # story when it has a story's shape (a headline line and a body, or an agency dateline).
        return dispatch.FORMAT
    raise ParseError("unsupported_format", "cannot tell the format of the payload; set a content-type header")


_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _plain_text(head: bytes) -> bool:
    """Whether the first bytes are UTF-8 text without control characters (a multi-byte
    character cut at the end of the sniffed bytes does not count against it)."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and _CONTROL.search(text) is None


#: (format, predicate on the first bytes) for formats that can be recognised.
SNIFFERS: list[tuple[str, Callable[[bytes], bool]]] = [
    (newsml.FORMAT, newsml.looks_like),
    (nitf.FORMAT, nitf.looks_like),
    (rss.FORMAT_RSS, rss.looks_like),
]


#: Generic container types: the format inside is told by the document's structure.
GENERIC_JSON_TYPES = frozenset({"application/json", "application/x-ndjson", "application/jsonl"})
GENERIC_XML_TYPES = frozenset({"application/xml", "text/xml"})


def xml_format(payload: bytes) -> str:
    """The format of an XML document, by its root element: newsml, nitf, rss, atom, or 'xml' (unknown)."""
    name = newsml.root_name(payload[:4096])
    if name in newsml.ROOTS:
        return newsml.FORMAT
    if name == "nitf":
        return nitf.FORMAT
    if name == "feed" or rss.is_atom_entry(payload[:4096], name):
        return rss.FORMAT_ATOM
    if name in ("rss", "RDF"):
        return rss.FORMAT_RSS
    return "xml"


def format_for(content_type: str | None, payload: bytes) -> str:
    """The format of a payload: from its content type, by structure inside generic JSON/XML, or sniffed.

    ``application/json`` (and JSON lines) holding ninjs is read as ninjs (ninjs APIs
    send that type); ``application/xml`` / ``text/xml`` holding a NewsML-G2 newsItem
    or newsMessage as NewsML-G2, and RSS/Atom as feeds. The specific types
    (``application/ninjs+json``, ``application/vnd.iptc.g2.newsitem+xml``...) and the
    bare format names always win.
    """
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if ctype in GENERIC_JSON_TYPES:
        return ninjs.FORMAT if ninjs.looks_like(payload) else jsonitem.FORMAT
    if ctype in GENERIC_XML_TYPES:
        return xml_format(payload)
    if ctype in CONTENT_TYPES:
        return CONTENT_TYPES[ctype]
    if ctype in PARSERS:  # a bare format name is accepted as well ("ninjs", "dispatch")
        return ctype
    if ctype and ctype not in ("application/octet-stream", "*/*"):
        raise ParseError("unsupported_format", f"unsupported content type {content_type!r}")
    return sniff_format(payload, plain_text=True)


_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
#: Formats whose bytes may come in another charset than UTF-8 (JSON is UTF-8 by definition).
_RECODED_FORMATS = frozenset({dispatch.FORMAT, newsml.FORMAT, nitf.FORMAT, rss.FORMAT_RSS, rss.FORMAT_ATOM, "xml"})


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a content type (``text/xml; charset=windows-1252``), lower case
    (browsers' labels Python does not know mapped: ``windows-874`` -> ``cp874``)."""
    m = _CHARSET.search(content_type or "")
    return newsml.encoding_name(m.group(1)) if m else None


def recode(payload: bytes, content_type: str | None, fmt: str) -> bytes | None:
    """The payload as UTF-8 when its content type names another charset; None when nothing changes.

    The transport's charset wins over an XML declaration (RFC 7303), a byte order
    mark over both. ISO-8859-1 / US-ASCII are read as windows-1252, and bytes that
    are valid multi-byte UTF-8 as UTF-8, as for declared encodings
    (:func:`agents.formats.newsml.xml_as_utf8`).
    """
    charset = charset_of(content_type)
    if charset is None or fmt not in _RECODED_FORMATS or charset in ("utf-8", "utf8"):
        return None
    if payload.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return None
    if newsml.is_wide_encoding(charset) and b"\x00" not in payload[:64]:
        # charset=utf-16 over bytes that are one a character (no NUL among the first): mislabelled;
        # the document's own declaration or bytes decide, as for a wrong XML declaration.
        return None
    try:
        codecs.lookup(charset)
    except LookupError as exc:
        raise ParseError("unparseable", f"unknown charset {charset!r} in the content type") from exc
    text = newsml.decode_declared(payload, charset)
    if fmt != dispatch.FORMAT:
        text = newsml.drop_encoding_declaration(text)
    return text.encode("utf-8", errors="surrogatepass")


def parse_payload(
    payload: bytes, content_type: str | None, *, source: str, received: datetime
) -> list[WireItem]:
    """Parse raw bytes into wire items (at least one), or raise :class:`ParseError`.

    Every input accepted on ``wire.raw`` comes out on a public topic: a document that holds
    no item (a feed without entries) is refused as ``empty``, so it is dead-lettered rather
    than leaving no trace. (A parser itself may answer ``[]``: for a feed, "nothing new".)

    The parser is the content type's (:func:`format_for`); when that type names no format read
    here or its parser cannot read the bytes, the format sniffed from the bytes, if any.
    A ``charset`` in the content type is honoured for text and XML formats (the bytes are
    re-encoded as UTF-8 first); ``payload_hash`` stays the hash of the bytes as received.
    """
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ParseError("too_large", f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD_BYTES}")
    if not payload.strip():
        raise ParseError("empty", "the payload is empty")
    if (magic := next((m for m in _COMPRESSED_MAGIC if payload.startswith(m)), None)) is not None:
        # A fetcher that did not undo the HTTP Content-Encoding (or a feed served as .gz): no
        # parser can tell anything from the bytes, so say what they are.
        raise ParseError("unsupported_format", f"the payload is {_COMPRESSED_MAGIC[magic]}-compressed "
                                               f"(an undecoded Content-Encoding?); send it decompressed")
    if (wide := _wide_text(payload)) is not None:
        # JSON or dispatch text in UTF-16/32 with a byte order mark (Windows tools write JSON so):
        # read as UTF-8; the payload hash stays that of the bytes received.
        items = parse_payload(wide, _CHARSET_PARAM.sub("", content_type or "") or None, source=source, received=received)
        for item in items:
            item.payload_hash = payload_hash(payload)
        return items
    fmt = None  # the declared type's format, if it names one
    try:
        fmt = format_for(content_type, payload)
        return _parse(fmt, payload, content_type, source, received)
    except ParseError as exc:
        # A content type is the sender's word, and servers mislabel feeds (RSS as text/plain or
        # text/html, ninjs as application/xml): when the declared type names no format read here,
        # or its parser cannot read the bytes, the bytes decide. If they are no known format
        # either, the declared type's error stands; if they are one, its parser's error does.
        if exc.reason not in _SNIFF_AFTER:
            raise
        try:
            sniffed = sniff_format(payload)
        except ParseError as unknown:
            if unknown.message.startswith("an XML document with root element") and unknown.message != exc.message:
                # the declared type's reason stands; the message says what the bytes are
                raise ParseError(exc.reason, f"{exc.message}; {unknown.message}") from None
            if fmt == dispatch.FORMAT or not _plain_text(payload[:4096]):
                raise exc from None
            try:  # prose under a type of no format read here (text/html): a story if it has the shape of one
                return _parse(dispatch.FORMAT, payload, content_type, source, received)
            except ParseError as second:  # the declared type's reason stands
                raise ParseError(exc.reason, f"{exc.message}; as plain text: {second.message}") from None
        if sniffed == fmt:
            raise
        try:
            return _parse(sniffed, payload, content_type, source, received)
        except ParseError as second:
            raise ParseError(second.reason, f"{second.message} (read as {sniffed}; the content type "
                                            f"{content_type!r} did not fit: {exc.message})") from None


_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
              (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CHARSET_PARAM = re.compile(r";\s*charset\s*=[^;]*", re.IGNORECASE)


def _wide_text(payload: bytes) -> bytes | None:
    """A UTF-16/32 payload (by its byte order mark) that is JSON or dispatch text, as UTF-8; else
    None (XML reads its own encodings; other bytes are left to the parsers' own errors)."""
    for bom, codec in _WIDE_BOMS:
        if payload.startswith(bom):
            try:
                text = payload[len(bom):].decode(codec)
            except UnicodeDecodeError:
                return None
            text = text.lstrip("\ufeff")
            if text.lstrip()[:1] in ("{", "[") or dispatch.looks_like(text):
                return text.encode("utf-8")
            return None
    return None


#: Magic numbers of compressed data: gzip (1f 8b, method 08: deflate) and zstd (28 b5 2f fd).
#: (zlib's 78 01/9c/da and bzip2's "BZh" are not matched: text can start so.)
_COMPRESSED_MAGIC = {b"\x1f\x8b\x08": "gzip", b"\x28\xb5\x2f\xfd": "zstd"}

#: The errors after which the bytes are sniffed (see parse_payload).
_SNIFF_AFTER = frozenset({"unsupported_format", "unparseable", "invalid_utf8", "invalid_item"})


def _parse(fmt: str, payload: bytes, content_type: str | None, source: str, received: datetime) -> list[WireItem]:
    recoded = recode(payload, content_type, fmt)
    if fmt == dispatch.FORMAT and recoded is None and charset_of(content_type) in ("utf-8", "utf8"):
        decode_utf8(payload)  # declared UTF-8: no legacy reading of bytes that are not (dispatch._decode)
    items = PARSERS[fmt](payload if recoded is None else recoded, source=source, received=received)
    if not items:
        raise ParseError("empty", f"the {fmt} document holds no items")
    if recoded is not None:
        raw_hash = payload_hash(payload)
        for item in items:
            item.payload_hash = raw_hash
    return items


__all__ = [
    "CONTENT_TYPES", "GENERIC_JSON_TYPES", "GENERIC_XML_TYPES", "PARSERS", "ParseError",
    "charset_of", "format_for", "parse_payload", "recode", "sniff_format", "xml_format",
]
