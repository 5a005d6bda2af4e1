"""IPTC NITF (News Industry Text Format) documents, as agencies still send them on their own.

NTB, AP, PA, AAP, EFE and others deliver stories as a bare ``<nitf>`` document
(NITF 3.x, with or without the ``http://iptc.org/std/NITF/2006-10-18/``
namespace); NewsML-G2 carries the same markup inside ``inlineXML``. Field
mapping::

    body.head/hedline/hl1 (else head/title)      -> headline
    body.head/hedline/hl2                        -> subheadline
    body.content (media, captions dropped; NYT's lead_paragraph copy beside full_text too),
    else body.head/abstract                      -> body
    head/docdata/doc-id@id-string                -> guid (else the text hash)
    head/docdata/du-key@version                  -> version (default 1)
    docdata/date.issue@norm, else pubdata@date.publication, else date.release@norm,
    else body.head/dateline/story.date@norm      -> published (ISO 8601, basic or extended;
                                                    no offset: UTC)
    body.head/dateline (location/city, else its place part), else docdata/evloc@city
                                                 -> located
    nitf@baselang (else xml:lang)                -> language
    head/pubdata@ex-ref (an http(s) address)     -> link
    docdata@management-status                    -> pubstatus (canceled; embargoed is withheld)

A NITF document is one story; ``format`` is ``'nitf'``. Loading is the hardened
XML loading of :mod:`agents.formats.newsml` (defusedxml, encodings, HTML entities).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from schemas import WireItem
from agents.formats.base import ParseError, is_http_url, make_item
from agents.formats.newsml import (
    PUBSTATUS, child, drop_repeated_headline, drop_signoff, guarded, load_xml, local_name,
    nitf_dateline_place, nitf_headlines, plain_paragraphs, root_name, xml_to_text,
)  # fmt: skip
from agents.formats.dates import parse_compact_datetime

FORMAT = "nitf"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
def _published(head: ET.Element | None, body_head: ET.Element | None = None) -> datetime | None:
    docdata = child(head, "docdata")
    pubdata = child(head, "pubdata")
    # The story's own date in its dateline (body.head/dateline/story.date@norm) last: EFE's and
    # Opennemas' NITF carry no other date.
    for elem, attr in (
        (child(docdata, "date.issue"), "norm"),
        (pubdata, "date.publication"),
        (child(docdata, "date.release"), "norm"),
        (child(child(body_head, "dateline"), "story.date"), "norm"),
    ):
        when = parse_compact_datetime(elem.get(attr) if elem is not None else None)
        if when is not None:
            return when
    return None


def _located(head: ET.Element | None, body_head: ET.Element | None) -> str | None:
    place = nitf_dateline_place(child(body_head, "dateline"))
    if place:
        return place
    for evloc in (c for c in (child(head, "docdata") or []) if local_name(c.tag) == "evloc"):
        city = (evloc.get("city") or "").strip()
        if city:
            return city
    return None


def _pubstatus(docdata: ET.Element | None) -> str:
    """docdata@management-status: ``canceled`` is a retraction, ``withheld`` / ``embargoed`` not for use yet."""
    status = (docdata.get("management-status") or "").strip().lower() if docdata is not None else ""
    return PUBSTATUS.get(status, "usable")


def _link(head: ET.Element | None) -> str | None:
    """head/pubdata@ex-ref when it is the story's web address (The New York Times' NITF)."""
    pubdata = child(head, "pubdata")
    ref = (pubdata.get("ex-ref") or "").strip() if pubdata is not None else ""
    return ref if is_http_url(ref) else None


def _without_lead_copy(content: ET.Element | None) -> ET.Element | None:
    """body.content without a ``<block class="lead_paragraph">`` that only copies the opening of a
    ``<block class="full_text">`` beside it (The New York Times' NITF, its Annotated Corpus)."""
    if content is None:
        return None
    blocks = [c for c in content if local_name(c.tag) == "block"]
    if not any((b.get("class") or "").lower() == "full_text" for b in blocks):
        return content
    kept = ET.Element(content.tag)
    kept.text = content.text
    kept.extend(c for c in content if not (c in blocks and (c.get("class") or "").lower() == "lead_paragraph"))
    return kept


def item_from_nitf(root: ET.Element, *, source: str, received: datetime, raw: bytes) -> WireItem:
    """One ``<nitf>`` element -> WireItem."""
    head = child(root, "head")
    body = child(root, "body")
    body_head = child(body, "body.head")
    headline, subheadline = nitf_headlines(root)
    content = _without_lead_copy(child(body, "body.content"))
    if content is not None and not any(local_name(c.tag) for c in content) and "\n" in (content.text or ""):
        # Plain text in body.content, no <p> (DTI's newspaper exports): its blank lines are the paragraphs.
        text = plain_paragraphs(content.text or "")
    else:
        text = xml_to_text(content) if content is not None else (xml_to_text(body) if body is not None else "")
    if not headline and content is not None:
        # An empty hl1, the story's title the hl2 it opens with (DTI's corrections: <hl2>Correction</hl2>).
        first = next((c for c in content if local_name(c.tag)), None)
        if first is not None and local_name(first.tag) == "hl2" and len(title := " ".join(xml_to_text(first).split())) <= 200:
            headline = title
    if not text:
        abstract = child(body_head, "abstract")  # a story told only in its abstract (NYT corrections, notices)
        text = xml_to_text(abstract) if abstract is not None else ""
    text = drop_signoff(text)
    text = drop_repeated_headline(text, headline, subheadline)
    docdata = child(head, "docdata")
    doc_id = child(docdata, "doc-id")
    guid = (doc_id.get("id-string") or "").strip() if doc_id is not None else ""
    du_key = child(docdata, "du-key")
    version_attr = (du_key.get("version") or "").strip() if du_key is not None else ""
    language = (root.get("baselang") or root.get(_XML_LANG) or "").strip() or None
    return make_item(
        source=source,
        guid=guid or None,
        fmt=FORMAT,
        headline=headline,
        subheadline=subheadline,
        body=text,
        published=_published(head, body_head),
        received=received,
        raw=raw,
        version=int(version_attr) if version_attr.isdigit() else 1,
        language=language,
        link=_link(head),
        located=_located(head, body_head),
        pubstatus=_pubstatus(docdata),
    )


@guarded
def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    """Parse a NITF document into one wire item."""
    root = load_xml(payload)
    name = local_name(root.tag)
    if name != "nitf":
        raise ParseError("unsupported_format", f"root element <{name}> is not a NITF document")
    return [item_from_nitf(root, source=source, received=received, raw=payload)]


def looks_like(head: bytes) -> bool:
    """Sniffer: the first element is <nitf>."""
    return root_name(head) == "nitf"
