"""Generic JSON wire items, as an outside producer may write them to ``wire.raw``.

Accepted shapes: one object, an array of objects, or JSON lines. Fields::

    {"headline": str, "body": str,                      # required (one may be empty)
     "id" | "guid": str, "source": str, "version": int,
     "published": ISO 8601 date/time, "subheadline", "language", "link",
     "located", "pubstatus": "usable" | "canceled" | "withheld",
     "format": origin format when forwarded, e.g. "rss" (else "json")}

Agency JSON close to that shape is read too (dpa digitalwires): ``urn`` as the
guid, ``version_created`` / ``versioncreated`` as the time, ``article_html`` /
``body_html`` (reduced to text) when there is no ``body``, ``subhead``, and the
place of ``dateline`` when there is no ``located``.

``source`` in the object wins over the transport's source name (a producer
may forward several feeds through one connection).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from schemas import WireItem
from agents.formats.base import ParseError, decode_utf8, make_item
from agents.formats.newsml import dateline_place, html_to_text

FORMAT = "json"
_DT = TypeAdapter(datetime)
_PUBSTATUS = {"usable", "canceled", "withheld"}
#: Formats a JSON item may name as its origin (the feed poller forwards rss/atom entries as JSON).
_ORIGIN_FORMATS = {"rss", "atom", "ninjs", "newsml", "dispatch"}


def load_json_objects(payload: bytes) -> list[Any]:
    """Decode one JSON document, or JSON lines; raise ParseError on anything else."""
    text = decode_utf8(payload)
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError:
        try:
            return [orjson.loads(line) for line in text.splitlines() if line.strip()]
        except orjson.JSONDecodeError as exc:
            raise ParseError("unparseable", f"invalid JSON: {exc}") from exc
    return doc if isinstance(doc, list) else [doc]


def _str(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ParseError("invalid_item", f"field {key!r} must be a string, got {type(value).__name__}")


def item_from_object(obj: Any, *, source: str, received: datetime, raw: bytes) -> WireItem:
    if not isinstance(obj, dict):
        raise ParseError("invalid_item", f"expected a JSON object, got {type(obj).__name__}")
    headline = _str(obj, "headline") or ""
    body = _str(obj, "body") or _str(obj, "body_text") or ""
    if not body:
        # Agency JSON that is neither ninjs nor this shape: dpa digitalwires (article_html), HTML bodies.
        html = _str(obj, "article_html") or _str(obj, "body_html")
        body = html_to_text(html) if html else ""
    published = None
    date_key = next((k for k in ("published", "version_created", "versioncreated") if obj.get(k) is not None), None)
    if date_key is not None:
        try:
            published = _DT.validate_python(obj[date_key])
        except ValidationError as exc:
            raise ParseError("invalid_item", f"{date_key!r} is not a date/time: {obj[date_key]!r}") from exc
    version = obj.get("version", 1)
    if isinstance(version, str) and version.isdigit():
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ParseError("invalid_item", f"'version' must be a non-negative integer, got {version!r}")
    pubstatus = _str(obj, "pubstatus") or "usable"
    if pubstatus not in _PUBSTATUS:
        raise ParseError("invalid_item", f"'pubstatus' must be one of {sorted(_PUBSTATUS)}")
    return make_item(
        source=_str(obj, "source") or source,
        guid=_str(obj, "guid") or _str(obj, "id") or _str(obj, "urn"),
        fmt=obj["format"] if obj.get("format") in _ORIGIN_FORMATS else FORMAT,
        headline=headline,
        subheadline=_str(obj, "subheadline") or _str(obj, "subhead"),
        body=body,
        published=published,
        received=received,
        raw=raw,
        version=version,
        language=_str(obj, "language"),
        link=_str(obj, "link"),
        located=_str(obj, "located") or (dateline_place(_str(obj, "dateline") or "") if obj.get("dateline") else None),
        pubstatus=pubstatus,
    )


def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    objs = load_json_objects(payload)
    if not objs:
        raise ParseError("empty", "JSON payload holds no items")
    return [item_from_object(o, source=source, received=received, raw=payload) for o in objs]
