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

import re

from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from schemas import WireItem
from agents.formats.base import MAX_PAYLOAD_BYTES, ParseError, collapse_whitespace, make_item
from agents.formats.jsonitem import load_json_objects
from agents.formats.newsml import (
    drop_repeated_headline, guarded, html_to_text, looks_like_markup, plain_paragraphs,
)
from agents.formats.dates import parse_datetime

FORMAT = "ninjs"

_PUBSTATUS = {"usable", "canceled", "withheld"}
# Keys only ninjs uses (besides "uri"), for sniffing JSON without a content type.
_NINJS_KEYS = {
    "versioncreated", "firstcreated", "contentcreated", "headlines", "bodies", "descriptions",
    "body_text", "body_html", "body_xhtml", "description_text", "description_html", "altids",
    "renditions", "associations", "$standard", "standard", "eventdetails",
}  # fmt: skip
# 1.x extensible properties (ninjs 1.4+): headline_*, body_*, description_*.
_NINJS_PREFIXES = ("headline_", "body_", "description_")
# Item types that carry no story text of their own (as NewsML-G2 pictures, video and
# events are skipped): a ninjs picture's caption is not a story.
NON_TEXT_TYPES = frozenset({"picture", "image", "photo", "graphic", "graphics", "video", "audio", "event", "planning"})


def _lower_keys(obj: dict[str, Any]) -> dict[str, Any]:
    """ninjs 3.x camelCase keys -> the 1.x/2.x lower-case names (first spelling wins); the 1.x
    renditions camelCased (Reuters Connect's API items: ``bodyXhtml``) -> ``body_xhtml``."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        lower = key.lower()
        out.setdefault(_CAMEL_RENDITIONS.get(lower, lower), value)
    return out


_CAMEL_RENDITIONS = {"bodyxhtml": "body_xhtml", "bodyhtml": "body_html", "bodytext": "body_text"}


# Early ninjs 2.0 drafts (IPTC's examples/2.0 until 2021) spell the arrays in the singular:
# ``"headline": [{"name": "main", "text": ...}]``, ``"body": [{"name": "xhtml", "value": ...}]``,
# ``"description": [{"name": "caption_xhtml", "content": ...}]``.
_DRAFT_ARRAYS = {"headline": "headlines", "body": "bodies", "description": "descriptions"}


def _from_draft_2x(obj: dict[str, Any]) -> dict[str, Any]:
    """A draft-2.0 object with its singular arrays renamed to the 2.x ``headlines``/``bodies``/
    ``descriptions`` of ``{role, value}`` entries (``name`` the role, ``text``/``content`` the value)."""
    for old, new in _DRAFT_ARRAYS.items():
        entries = obj.get(old)
        if not isinstance(entries, list) or new in obj:
            continue
        obj = {k: v for k, v in obj.items() if k != old}
        obj[new] = [
            {"role": e.get("role") or e.get("name"), "contenttype": e.get("contenttype"),
             "value": next((e[k] for k in ("value", "text", "content") if isinstance(e.get(k), str)), None)}
            for e in (_lower_keys(e) for e in entries if isinstance(e, dict))
        ]  # fmt: skip
    return obj


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
    # A bare string is an entry's value ("headlines": ["..."], as some exporters simplify it).
    return [_lower_keys(v) if isinstance(v, dict) else {"value": v} for v in value if isinstance(v, (dict, str))]


def _is_html(content_type: str | None, key: str = "") -> bool:
    """Markup (HTML, XHTML, NITF) by its content type or key name (body_html, role 'nitf')."""
    ctype = (content_type or "").lower()
    return any(t in ctype for t in ("html", "xml", "nitf")) or key.lower().endswith(("html", "xhtml", "nitf"))


def _text_value(value: str, markup: bool) -> str:
    return html_to_text(value) if markup or looks_like_markup(value) else plain_paragraphs(value)


def _value_text(entry: dict[str, Any]) -> str:
    value = _opt_str(entry, "value") or ""
    return _text_value(value, _is_html(_opt_str(entry, "contenttype"), _opt_str(entry, "role") or ""))


def _pick(entries: list[dict[str, Any]], roles: tuple[str, ...]) -> dict[str, Any] | None:
    """The entry with one of the preferred roles, else the first one."""
    for role in roles:
        for entry in entries:
            if (_opt_str(entry, "role") or "").lower() == role:
                return entry
    return entries[0] if entries else None


def _headline(obj: dict[str, Any]) -> tuple[str, str | None]:
    if "headline" in obj:  # 1.x; AP's Media API adds a one-sentence headline_extended
        headline = collapse_whitespace(_opt_str(obj, "headline") or "")
        extended = collapse_whitespace(_opt_str(obj, "headline_extended") or "")
        return headline, (extended if extended and extended.casefold() != headline.casefold() else None)
    if "headlines" not in obj:
        # 1.4+ extensible headline_* properties (headline_main first), else the 3.x title.
        keys = sorted((k for k in obj if k.startswith("headline_")), key=lambda k: (k != "headline_main", k))
        for key in keys:
            value = _opt_str(obj, key)
            if value and value.strip():
                return collapse_whitespace(_text_value(value, _is_html(None, key))), None
        return collapse_whitespace(_opt_str(obj, "title") or ""), None
    heads = _objects(obj, "headlines")
    main = _pick(heads, ("main", "", "short"))
    sub = next((h for h in heads if (_opt_str(h, "role") or "").lower() in ("sub", "subheadline", "subtitle")), None)
    headline = collapse_whitespace(_value_text(main)) if main else ""
    subheadline = collapse_whitespace(_value_text(sub)) if sub and sub is not main else None
    return headline, subheadline or None


def _with_paragraphs(plain: str, markup: str) -> str:
    """The plain rendition, unless it lost the paragraphs the markup rendition has.

    Producers often derive ``body_text`` by stripping the tags of ``body_html``: one
    run of text, paragraphs glued ("...wird.Ob China..."). The IPTC examples' own
    ``body_text`` is one paragraph where ``body_xhtml`` has several. When the markup
    reduced to text holds (about) as much text in more paragraphs, it is the body.
    """
    if not markup or "\n\n" in plain:
        return plain
    if markup.count("\n\n") >= 1 and len(markup) >= 0.8 * len(plain):
        return markup
    return plain


def _body_1x(obj: dict[str, Any], prefix: str) -> str:
    # Prefer the plain text rendition (unless it lost the paragraphs); fall back to any
    # HTML one, then to any body_* at all.
    text = _opt_str(obj, f"{prefix}_text")
    htmls = [v for v in (_opt_str(obj, f"{prefix}_html"), _opt_str(obj, f"{prefix}_xhtml")) if v and v.strip()]
    if text and text.strip():
        plain = _text_value(text, False)  # HTML in body_text (PA's tables, as the Guardian's newswires receive them) read as such
        return _with_paragraphs(plain, html_to_text(htmls[0]) if htmls and "\n\n" not in plain else "")
    for html in htmls:
        return html_to_text(html)
    # 1.4+ extensible properties: body_main, description_caption_xhtml... (_main first).
    # (description_usage is usage terms, not text about the story.)
    keys = (k for k in obj if k.startswith(f"{prefix}_") and k != "description_usage")
    for key in sorted(keys, key=lambda k: (k != f"{prefix}_main", k)):
        value = _opt_str(obj, key)
        if value and value.strip():
            return _text_value(value, _is_html(None, key))
    return ""


# Description roles, best stand-in for a missing body first; a credit line is never one.
_DESCRIPTION_ROLES = ("summary", "abstract", "lead", "text", "caption", "")
_NOT_TEXT_ROLES = {"creditline", "credit", "copyright", "usageterms", "ednote"}


#: ``bodies[]`` roles of shortened renditions (a teaser, a summary), not the story's text.
_SHORT_BODY_ROLES = frozenset({"summary", "teaser", "abstract", "short", "excerpt", "preview", "standfirst", "lead", "intro", "snippet"})


def _role_word(entry: dict[str, Any]) -> str:
    """An entry's role, its last part lower-cased (``bodyrole:summary`` -> ``summary``)."""
    return re.split(r"[:/#]", (_opt_str(entry, "role") or "").strip().lower())[-1]


def _body_2x(obj: dict[str, Any], key: str) -> str:
    entries = [e for e in _objects(obj, key) if (_opt_str(e, "role") or "").lower() not in _NOT_TEXT_ROLES]
    if key == "descriptions":
        rank = {role: i for i, role in enumerate(_DESCRIPTION_ROLES)}
        entries.sort(key=lambda e: rank.get((_opt_str(e, "role") or "").lower(), len(rank)))
    else:
        # A summary or teaser body beside the main one is not the story, however plain it is (the
        # plain-text preference below took a one-line "summary" over the HTML "main": formats round 10).
        full = [e for e in entries if _role_word(e) not in _SHORT_BODY_ROLES]
        entries = full or entries
    markup = [_is_html(_opt_str(e, "contenttype"), _opt_str(e, "role") or "") for e in entries]
    # The plain-text body first (an HTML rendition of the same text may follow), unless
    # it lost the paragraphs the HTML one has (_with_paragraphs).
    plain = ""
    for entry, is_markup in sorted(zip(entries, markup), key=lambda em: em[1]):
        value = _opt_str(entry, "value") or ""
        if value.strip():
            text = _text_value(value, is_markup)
            if not text:
                continue
            if not is_markup and not plain:
                plain = text
                if "\n\n" in plain:
                    return plain
                continue
            return _with_paragraphs(plain, text) if plain else text
    return plain


def _story_text(obj: dict[str, Any]) -> tuple[str, str | None, str]:
    """(headline, subheadline, body) of one lower-keyed ninjs object."""
    headline, subheadline = _headline(obj)
    body = _body_2x(obj, "bodies") if "bodies" in obj else _body_1x(obj, "body")
    return headline, subheadline, body


def _associations(obj: dict[str, Any]) -> list[dict[str, Any]]:
    """The associated items, keys lower-cased: 1.x an object keyed by role (the role becomes
    the item's ``name``), 2.x/3.x an array of items each with its ``name``."""
    value = obj.get("associations")
    if isinstance(value, dict):
        return [{"name": role, **_lower_keys(v)} for role, v in value.items() if isinstance(v, dict)]
    if isinstance(value, list):
        return [_lower_keys(v) for v in value if isinstance(v, dict)]
    return []


def _associated_story(obj: dict[str, Any], depth: int = 0) -> dict[str, Any] | None:
    """A package's story: the first associated text item with a body ("main..." roles first).

    A ninjs package (``type`` ``composite``) may carry no text of its own, its story being an
    item in ``associations`` (Superdesk's packages: ``"main-0": {"type": "text", "body_html": ...}``).
    Pictures and other media are no story; an association that is only a reference (a ``uri``)
    or is malformed is passed over.
    """
    if depth > 2:
        return None
    found = [a for a in _associations(obj) if item_type(a) not in NON_TEXT_TYPES]
    found.sort(key=lambda a: not str(a.get("name") or "").lower().startswith("main"))
    for assoc in found:
        assoc = _from_draft_2x(assoc)
        try:
            if _story_text(assoc)[2]:
                return assoc
        except ParseError:
            continue
        if (nested := _associated_story(assoc, depth + 1)) is not None:
            return nested
    return None


def _published(obj: dict[str, Any]) -> datetime | None:
    for key in ("versioncreated", "firstcreated", "contentcreated"):
        published = parse_datetime(_opt_str(obj, key), f"ninjs {key!r}")
        if published is not None:
            return published
    return None


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
    value = obj.get("version")
    if value is None or value == "":
        return 1  # null or empty (Superdesk Newsroom writes "version": null): the first version
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ParseError("invalid_item", f"ninjs 'version' must be a non-negative integer (as a string), got {value!r}")


def _safe(read: Any, obj: dict[str, Any]) -> Any:
    """``read(obj)``, or None where an associated item's field is malformed (the package stands)."""
    try:
        return read(obj)
    except ParseError:
        return None


#: Query parameters of AP Media API item URIs that change from one poll of a story to the next (the
#: request's query token and the item's etag: ``.../content/4a1f...?qt=abc&et=1a1aza0c0``).
_VOLATILE_QUERY = frozenset({"qt", "et"})


def _stable_uri(uri: str) -> str:
    """The item URI without AP's per-request ``qt`` / ``et`` parameters (the same story keeps its guid)."""
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.query:
        return uri
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if k not in _VOLATILE_QUERY]
    return uri if len(kept) == len(query) else urlunsplit(parts._replace(query=urlencode(kept)))


def item_from_object(raw_obj: Any, *, source: str, received: datetime, raw: bytes) -> WireItem:
    """One ninjs object -> WireItem (raises ParseError for anything unusable)."""
    if not isinstance(raw_obj, dict):
        raise ParseError("invalid_item", f"expected a ninjs object, got {type(raw_obj).__name__}")
    obj = _from_draft_2x(_lower_keys(raw_obj))
    # Superdesk-style ninjs (AAP, 360info and other Superdesk users) names the id 'guid'.
    uri = _opt_str(obj, "uri") or _opt_str(obj, "guid")
    if not uri or not uri.strip():
        raise ParseError("invalid_item", "ninjs item has no 'uri'")
    uri = _stable_uri(uri.strip())

    published = _published(obj)

    # "stat:canceled": some producers copy the NewsML-G2 qcode into ninjs.
    pubstatus = (_opt_str(obj, "pubstatus") or "usable").strip().lower().rsplit(":", 1)[-1]
    if pubstatus == "cancelled":
        pubstatus = "canceled"
    if pubstatus not in _PUBSTATUS:
        raise ParseError("invalid_item", f"ninjs 'pubstatus' must be one of {sorted(_PUBSTATUS)}, got {pubstatus!r}")

    headline, subheadline, body = _story_text(obj)
    language = _opt_str(obj, "language")
    located = _located(obj)
    if not body and (story := _associated_story(obj)) is not None:
        # A package without text of its own: its story is the associated text item.
        story_headline, story_subheadline, body = _story_text(story)
        if not headline:
            headline, subheadline = story_headline, story_subheadline
        published = published or _safe(_published, story)
        language = language or _safe(lambda o: _opt_str(o, "language"), story)
        located = located or _safe(_located, story)
    if not body:
        body = _body_2x(obj, "descriptions") if "descriptions" in obj else _body_1x(obj, "description")
    body = drop_repeated_headline(body, headline, subheadline)
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
        located=located,
        pubstatus=pubstatus,
    )


def _has_id(obj: dict[str, Any]) -> bool:
    return any(isinstance(k, str) and k.lower() in ("uri", "guid") for k in obj)


def unwrap(objs: list[Any], depth: int = 0) -> list[Any]:
    """The ninjs items inside API envelopes, e.g. AP Media API's ``{"data": {"item": {...}}}``
    and ``{"data": {"items": [{"item": {...}}]}}``, or ``{"total": 1, "item": [...]}``.

    An object with its own ``uri`` / ``guid`` is an item, never an envelope.
    """
    out: list[Any] = []
    for obj in objs:
        if depth >= 4 or not isinstance(obj, dict) or _has_id(obj):
            out.append(obj)
            continue
        keys = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
        inner = keys.get("data") if isinstance(keys.get("data"), dict) else None
        if inner is not None:
            out.extend(unwrap([inner], depth + 1))
        elif isinstance(keys.get("item"), (dict, list)):
            found = keys["item"]
            out.extend(unwrap(found if isinstance(found, list) else [found], depth + 1))
        elif isinstance(keys.get("items"), list):
            out.extend(unwrap(keys["items"], depth + 1))
        else:
            out.append(obj)
    return out


def item_type(raw_obj: Any) -> str:
    """The ninjs ``type`` ('text', 'picture'...; the last part of an IRI or qcode), '' if none.

    A 3.x event without a type (it has ``eventDetails`` and no body) is an 'event'.
    """
    if not isinstance(raw_obj, dict):
        return ""
    obj = _lower_keys(raw_obj)
    value = obj.get("type")
    kind = value.strip().rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() if isinstance(value, str) else ""
    if not kind and isinstance(obj.get("eventdetails"), dict) and not obj.get("bodies"):
        return "event"
    return kind


@guarded
def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    """Parse ninjs (one object, an array, or JSON lines) into wire items.

    Only text items (``type`` ``text``, ``composite`` or none) become wire items:
    pictures, graphics, video, audio and events are skipped, as NewsML-G2's are;
    a document holding nothing else is ``empty``.
    """
    objs = unwrap(load_json_objects(payload))
    if not objs:
        raise ParseError("empty", "ninjs payload holds no items")
    text_objs = [o for o in objs if item_type(o) not in NON_TEXT_TYPES]
    if not text_objs:
        kinds = sorted({item_type(o) for o in objs})
        raise ParseError("empty", f"ninjs document holds no text item (only {', '.join(kinds)}: no story text of its own)")
    return [item_from_object(o, source=source, received=received, raw=payload) for o in text_objs]


def looks_like(payload: bytes) -> bool:
    """Structure test: the (first) JSON object is ninjs.

    True for an object with ``uri`` and a ninjs-only key (1.x: ``versioncreated``,
    ``body_text``...), or with ``headlines[]`` / ``bodies[]`` arrays of objects (2.x, 3.x).
    Used when no content type is given and inside a generic ``application/json``
    body (what real ninjs APIs send); anything else stays generic JSON.
    """
    if len(payload) > MAX_PAYLOAD_BYTES:
        return False
    payload = payload.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark (orjson refuses it)
    try:
        doc = orjson.loads(payload)
    except (orjson.JSONDecodeError, TypeError, ValueError):
        # JSON lines: look at the first line only.
        first = payload.lstrip().split(b"\n", 1)[0]
        try:
            doc = orjson.loads(first)
        except (orjson.JSONDecodeError, TypeError, ValueError):
            return False
    found = unwrap(doc if isinstance(doc, list) else [doc])
    doc = found[0] if found else None
    if not isinstance(doc, dict):
        return False
    keys = {k.lower(): v for k, v in doc.items() if isinstance(k, str)}
    if "uri" in keys and (keys.keys() & _NINJS_KEYS or any(k.startswith(_NINJS_PREFIXES) for k in keys)):
        return True  # ninjs 1.x (uri + versioncreated / body_text / headline_main...), or any version with a uri
    ninjs_only = (keys.keys() & _NINJS_KEYS) - {"body_text"}  # the generic item reads body_text too
    if "guid" in keys and (ninjs_only or any(k.startswith(_NINJS_PREFIXES) and k != "body_text" for k in keys)):
        return True  # Superdesk-style ninjs: guid + versioncreated / body_html / description_text...
    standard = keys.get("$standard") or keys.get("standard")
    if isinstance(standard, dict) and str(standard.get("name", "")).lower() == "ninjs":
        return True  # ninjs 1.4+ / 3.x name their standard
    # ninjs 2.x / 3.x: headlines[] or bodies[] as arrays of objects (no generic JSON item has them).
    return any(
        isinstance(keys.get(k), list) and any(isinstance(e, dict) for e in keys[k]) for k in ("headlines", "bodies")
    )
