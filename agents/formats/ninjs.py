"""IPTC ninjs ("News in JSON") items, versions 1.x, 2.x and 3.x.

A payload is one ninjs object, an array of them, or JSON lines. The three
generations name the same things differently:

=================  ======================  ==========================  ==========================
WireItem           ninjs 1.x               ninjs 2.x                   ninjs 3.x
=================  ======================  ==========================  ==========================
guid               ``uri``                 ``uri``                     ``uri``
version            ``version`` (string)    ``version``                 ``version``
published          ``versioncreated``      ``versioncreated``          ``versionCreated``
headline           ``headline``            ``headlines[role=main]``    ``headlines[role=main]``
body               ``body_text`` /         ``bodies[]`` (text/plain    ``bodies[]`` (``contentType``)
                   ``body_html`` /         preferred, HTML reduced)
                   ``body_xhtml``
located            ``located``/``place``   ``located``/``places``      ``located``/``places``
pubstatus          ``pubstatus``           ``pubstatus``               ``pubStatus``
=================  ======================  ==========================  ==========================

3.x only changed the *case* of the 2.x keys (``versionCreated``,
``pubStatus``, ``contentType``), so keys are compared case-insensitively and
one reader serves 2.x and 3.x. A ``pubstatus`` of ``canceled`` is a
retraction: the item is kept, with ``pubstatus='canceled'``, so downstream
stages can withdraw the story it cancels.

When an item has no body (ninjs allows that, e.g. a headline-only flash), the
``description`` (1.x ``description_text``, 2.x/3.x ``descriptions[]``) stands
in as the body text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from schemas import WireItem
from agents.formats.base import MAX_PAYLOAD_BYTES, ParseError, make_item
from agents.formats.jsonitem import load_json_objects
from agents.formats.newsml import drop_repeated_headline, guarded, html_to_text, parse_datetime

FORMAT = "ninjs"

_PUBSTATUS = {"usable", "canceled", "withheld"}
# Keys only ninjs uses (besides "uri"), for sniffing JSON without a content type.
_NINJS_KEYS = {"versioncreated", "headlines", "bodies", "body_text", "body_html", "body_xhtml"}


def _lower_keys(obj: dict[str, Any]) -> dict[str, Any]:
    """ninjs 3.x camelCase keys -> the 1.x/2.x lower-case names (first spelling wins)."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        out.setdefault(key.lower(), value)
    return out


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ParseError("invalid_item", f"ninjs field {key!r} must be a string, got {type(value).__name__}")


def _objects(obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """A ninjs array of objects (headlines, bodies, places...), keys lower-cased."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ParseError("invalid_item", f"ninjs field {key!r} must be an array, got {type(value).__name__}")
    return [_lower_keys(v) for v in value if isinstance(v, dict)]


def _is_html(content_type: str | None, key: str = "") -> bool:
    ctype = (content_type or "").lower()
    return "html" in ctype or "xml" in ctype or key.endswith(("html", "xhtml"))


def _value_text(entry: dict[str, Any]) -> str:
    value = _opt_str(entry, "value") or ""
    return html_to_text(value) if _is_html(_opt_str(entry, "contenttype"), _opt_str(entry, "role") or "") else value


def _pick(entries: list[dict[str, Any]], roles: tuple[str, ...]) -> dict[str, Any] | None:
    """The entry with one of the preferred roles, else the first one."""
    for role in roles:
        for entry in entries:
            if (_opt_str(entry, "role") or "").lower() == role:
                return entry
    return entries[0] if entries else None


def _headline(obj: dict[str, Any]) -> tuple[str, str | None]:
    if "headline" in obj:  # 1.x
        return " ".join((_opt_str(obj, "headline") or "").split()), None
    heads = _objects(obj, "headlines")
    main = _pick(heads, ("main", "", "short"))
    sub = next((h for h in heads if (_opt_str(h, "role") or "").lower() in ("sub", "subheadline", "subtitle")), None)
    headline = " ".join(_value_text(main).split()) if main else ""
    subheadline = " ".join(_value_text(sub).split()) if sub and sub is not main else None
    return headline, subheadline or None


def _plain_paragraphs(text: str) -> str:
    """Plain text as blank-line separated paragraphs, lines within a paragraph joined."""
    paras = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n")]
    return "\n\n".join(p for p in paras if p)


def _body_1x(obj: dict[str, Any], prefix: str) -> str:
    # Prefer the plain text rendition; fall back to any HTML one, then to any body_* at all.
    text = _opt_str(obj, f"{prefix}_text")
    if text and text.strip():
        return _plain_paragraphs(text)
    for key in (f"{prefix}_html", f"{prefix}_xhtml"):
        html = _opt_str(obj, key)
        if html and html.strip():
            return html_to_text(html)
    for key in sorted(k for k in obj if k.startswith(f"{prefix}_")):
        value = _opt_str(obj, key)
        if value and value.strip():
            return html_to_text(value) if _is_html(None, key) or "<" in value else _plain_paragraphs(value)
    return ""


def _body_2x(obj: dict[str, Any], key: str) -> str:
    entries = _objects(obj, key)
    plain = [e for e in entries if not _is_html(_opt_str(e, "contenttype"), _opt_str(e, "role") or "")]
    for entry in plain + [e for e in entries if e not in plain]:
        value = _opt_str(entry, "value") or ""
        if not value.strip():
            continue
        if entry in plain:
            return _plain_paragraphs(value)
        return html_to_text(value)
    return ""


def _located(obj: dict[str, Any]) -> str | None:
    located = _opt_str(obj, "located")
    if located and located.strip():
        return located.strip()
    # 1.x "place", 2.x/3.x "places": the first named place. (ninjs has no
    # separate dateline, and "located" is often absent.)
    for key in ("places", "place"):
        for place in _objects(obj, key):
            name = _opt_str(place, "name") or _opt_str(place, "literal")
            if name and name.strip():
                return name.strip()
    return None


def _version(obj: dict[str, Any]) -> int:
    value = obj.get("version", 1)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ParseError("invalid_item", f"ninjs 'version' must be a non-negative integer (as a string), got {value!r}")


def item_from_object(raw_obj: Any, *, source: str, received: datetime, raw: bytes) -> WireItem:
    """One ninjs object -> WireItem (raises ParseError for anything unusable)."""
    if not isinstance(raw_obj, dict):
        raise ParseError("invalid_item", f"expected a ninjs object, got {type(raw_obj).__name__}")
    obj = _lower_keys(raw_obj)
    uri = _opt_str(obj, "uri")
    if not uri or not uri.strip():
        raise ParseError("invalid_item", "ninjs item has no 'uri'")
    uri = uri.strip()

    published = None
    for key in ("versioncreated", "firstcreated", "contentcreated"):
        published = parse_datetime(_opt_str(obj, key), f"ninjs {key!r}")
        if published is not None:
            break

    pubstatus = (_opt_str(obj, "pubstatus") or "usable").strip().lower()
    if pubstatus == "cancelled":
        pubstatus = "canceled"
    if pubstatus not in _PUBSTATUS:
        raise ParseError("invalid_item", f"ninjs 'pubstatus' must be one of {sorted(_PUBSTATUS)}, got {pubstatus!r}")

    headline, subheadline = _headline(obj)
    body = _body_2x(obj, "bodies") if "bodies" in obj else _body_1x(obj, "body")
    if not body:
        body = _body_2x(obj, "descriptions") if "descriptions" in obj else _body_1x(obj, "description")
    body = drop_repeated_headline(body, headline)
    language = _opt_str(obj, "language")
    return make_item(
        source=source,
        guid=uri,
        fmt=FORMAT,
        headline=headline,
        subheadline=subheadline,
        body=body,
        published=published,
        received=received,
        raw=raw,
        version=_version(obj),
        language=language.strip() or None if language else None,
        link=uri if uri.startswith(("http://", "https://")) else None,
        located=_located(obj),
        pubstatus=pubstatus,
    )


@guarded
def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    """Parse ninjs (one object, an array, or JSON lines) into wire items."""
    objs = load_json_objects(payload)
    if not objs:
        raise ParseError("empty", "ninjs payload holds no items")
    return [item_from_object(o, source=source, received=received, raw=payload) for o in objs]


def looks_like(payload: bytes) -> bool:
    """Structure test: the (first) JSON object is ninjs.

    True for an object with ``uri`` and a ninjs-only key (1.x: ``versioncreated``,
    ``body_text``...), or with ``headlines[]`` / ``bodies[]`` arrays of objects (2.x, 3.x).
    Used when no content type is given and inside a generic ``application/json``
    body (what real ninjs APIs send); anything else stays generic JSON.
    """
    if len(payload) > MAX_PAYLOAD_BYTES:
        return False
    try:
        doc = orjson.loads(payload)
    except (orjson.JSONDecodeError, TypeError, ValueError):
        # JSON lines: look at the first line only.
        first = payload.lstrip().split(b"\n", 1)[0]
        try:
            doc = orjson.loads(first)
        except (orjson.JSONDecodeError, TypeError, ValueError):
            return False
    if isinstance(doc, list):
        doc = doc[0] if doc else None
    if not isinstance(doc, dict):
        return False
    keys = {k.lower(): v for k, v in doc.items() if isinstance(k, str)}
    if "uri" in keys and keys.keys() & _NINJS_KEYS:
        return True  # ninjs 1.x (uri + versioncreated / body_text / ...), or any version with a uri
    # ninjs 2.x / 3.x: headlines[] or bodies[] as arrays of objects (no generic JSON item has them).
    return any(
        isinstance(keys.get(k), list) and any(isinstance(e, dict) for e in keys[k]) for k in ("headlines", "bodies")
    )
