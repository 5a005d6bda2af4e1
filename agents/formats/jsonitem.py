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

A JSON Feed document (https://jsonfeed.org, 1.0 and 1.1) is read as a feed: one item
per entry (:func:`json_feed_items`), and so is a ReliefWeb API response
(api.reliefweb.int ``{"data": [{"fields": ...}]}``: :func:`reliefweb_items`).
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

import orjson

from schemas import WireItem
from agents.formats.base import (
    ParseError, collapse_whitespace, decode_utf8, is_http_url, is_placeholder_time, make_item,
)
from agents.formats.dates import day_first, json_time
from agents.formats.newsml import (
    dateline_place, drop_repeated_headline, html_to_text, looks_like_markup, plain_paragraphs,
)

FORMAT = "json"
_PUBSTATUS = {"usable", "canceled", "withheld"}
#: Formats a JSON item may name as its origin (the feed poller forwards rss/atom entries as JSON).
_ORIGIN_FORMATS = {"rss", "atom", "ninjs", "newsml", "dispatch"}


#: What APIs put before their JSON against cross-site script inclusion: Google's and Angular's ``)]}'``,
#: Facebook's ``for (;;);`` and ``while(1);`` (formats round 10).
_XSSI_PREFIX = re.compile(r"^\s*(?:\)\]\}',?|for\s*\(;;\);|while\s*\(1\);)\s*")
#: JSONP: the JSON as the argument of a callback, ``cb({...});`` (old news APIs' ``callback=`` parameter).
_JSONP = re.compile(r"^\s*(?:/\*\*/\s*)?[A-Za-z_$][\w$.]{0,100}\s*\((.*)\)\s*;?\s*$", re.DOTALL)


_JSONP_OPENING = re.compile(r"\s*(?:/\*\*/\s*)?[A-Za-z_$][\w$.]{0,100}\s*\(\s*[{\[]")


def looks_like_jsonp(head: str) -> bool:
    """Whether the first characters open a JSONP callback around JSON (``cb({``)."""
    return _JSONP_OPENING.match(head) is not None


def unwrap_json(text: str) -> str | None:
    """The JSON inside an XSSI prefix or a JSONP callback, or None when the text has neither."""
    m = _XSSI_PREFIX.match(text)
    if m:
        return text[m.end():]
    m = _JSONP.match(text)
    if m and m.group(1).lstrip()[:1] in ("{", "["):
        return m.group(1)
    return None


def load_json_objects(payload: bytes) -> list[Any]:
    """Decode one JSON document, or JSON lines (or JSON behind an XSSI prefix or inside a JSONP
    callback); raise ParseError on anything else."""
    text = decode_utf8(payload)
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError as whole:
        inner = unwrap_json(text)
        if inner is not None:
            try:
                doc = orjson.loads(inner)
                return doc if isinstance(doc, list) else [doc]
            except orjson.JSONDecodeError:
                pass
        lines = [line for line in text.splitlines() if line.strip()]
        try:
            return [orjson.loads(line) for line in lines]
        except orjson.JSONDecodeError as exc:
            # No JSON lines either: when the first line is no JSON of its own (a pretty-printed
            # document), the document's own error says where it breaks ("unexpected content after
            # document: line 626"), not the first line's ("unexpected end of data: line 1 column 2").
            first_is_json = _is_json(lines[0]) if lines else False
            raise ParseError("unparseable", f"invalid JSON: {exc if first_is_json else whole}") from exc
    return doc if isinstance(doc, list) else [doc]


def _is_json(text: str) -> bool:
    try:
        orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    return True


def _str(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ParseError("invalid_item", f"field {key!r} must be a string, got {type(value).__name__}")


def _loose(obj: dict, key: str) -> str | None:
    """A field of a news API's article, as text: a string, a number, or WordPress's
    ``{"rendered": "..."}``; anything else is no value (these fields are fallbacks)."""
    value = obj.get(key)
    if isinstance(value, dict):
        value = value.get("rendered")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value).strip() or None


def _loose_text(value: str | None) -> str:
    return (html_to_text(value) if looks_like_markup(value) else plain_paragraphs(value)) if value else ""


#: What a news API writes in a field the caller's plan does not include (NewsData.io).
_PLAN_PLACEHOLDER = re.compile(r"^\s*only available in [\w ,]*plans?\s*$", re.IGNORECASE)

#: NewsAPI.org cuts ``content`` at 200 characters and says how many it left out: "... [+2431 chars]".
_CUT_CONTENT = re.compile(r"\s*…?\s*\[\+\d+ chars\]\s*$")


def _article_body(obj: dict) -> str:
    """The text of an article as news APIs and CMS REST APIs write it (NewsAPI.org, WordPress's
    ``/wp/v2/posts``, schema.org's NewsArticle): ``content`` (HTML or text), ``articleBody``, ``text``, else the
    ``description`` / ``summary`` / ``excerpt``."""
    content = _loose(obj, "content")
    if content and _PLAN_PLACEHOLDER.match(content):
        content = None  # NewsData.io's free plan: "ONLY AVAILABLE IN PAID PLANS" where the text would be
    description = _loose(obj, "description") or _loose(obj, "summary") or _loose(obj, "excerpt")
    if content and _CUT_CONTENT.search(content):
        content = _CUT_CONTENT.sub("", content)
        if description and len(description) >= len(content) * 0.5:
            content = None  # NewsAPI's cut content: the description is the lede, whole
    return (_loose_text(content) or _loose_text(_loose(obj, "articleBody")) or _loose_text(_loose(obj, "text"))
            or _loose_text(description))


#: Time fields of news APIs, after the documented ones (WordPress's ``date_gmt`` before its
#: ``date``, which is local time without an offset; Event Registry's ``dateTimePub`` / ``dateTime``
#: before its ``date``, which is the day only).
_ARTICLE_TIMES = ("date_gmt", "publishedAt", "datePublished", "published_at", "dateTimePub", "dateTime", "pubDate", "date", "datetime",
                  "publishDate", "publishedDate", "publicationDate",  # .NET APIs' PascalCase names, camelCased
                  "timestamp", "created_at", "dateCreated", "createdAt", "createdDate", "updated_at", "dateModified",
                  "modifiedDate", "modified_gmt", "seendate",
                  "firstPublishedDate", "created", "modified")  # SharePoint's news pages (OData)


#: GDELT's DOC API writes its titles tokenised: "Sudan ' s El Fasher , medics say".
_GDELT_APOSTROPHE = re.compile(r"(?<=\w) ' (?=\w)")
_GDELT_PUNCTUATION = re.compile(r" (?=[,.](?:\s|$))")


def _gdelt_title(title: str) -> str:
    """A GDELT DOC API title with its tokeniser's spaces around apostrophes, commas and full stops undone."""
    return _GDELT_PUNCTUATION.sub("", _GDELT_APOSTROPHE.sub("'", title))


def _content_api_article(obj: dict) -> dict:
    """A news organisation's content API article in this module's names, where it has its own:

    * The Guardian's Content API (``{"id", "webTitle", "webPublicationDate", "webUrl", "fields":
      {"headline", "standfirst", "body", "bodyText", "trailText", "lang"}}``): the HTML ``body`` (it
      has the paragraphs ``bodyText`` glues), else ``bodyText``, else ``trailText``;
    * The New York Times' Article Search API (``{"_id", "uri", "headline": {"main", ...}, "abstract",
      "lead_paragraph", "snippet", "pub_date", "web_url", "source"}``): the lead paragraph (all the
      text it gives), else the abstract.

    Any other object is returned as it is.
    """
    if "webTitle" in obj or "webPublicationDate" in obj:
        fields = obj.get("fields") if isinstance(obj.get("fields"), dict) else {}
        body_html = _loose(fields, "body")
        standfirst = _loose(fields, "standfirst")
        return {
            "guid": _loose(obj, "id"), "headline": _loose(fields, "headline") or _loose(obj, "webTitle"),
            "subheadline": collapse_whitespace(html_to_text(standfirst)) if standfirst else None,
            "body_html": body_html, "body_text": None if body_html else _loose(fields, "bodyText"),
            "description": _loose(fields, "trailText"), "url": _loose(obj, "webUrl"),
            "published": obj.get("webPublicationDate"), "language": _loose(fields, "lang"),
        }
    if isinstance(obj.get("headline"), dict) and ("web_url" in obj or "pub_date" in obj):
        headline = obj["headline"]
        return {
            "guid": _loose(obj, "_id") or _loose(obj, "uri"),
            "headline": _loose(headline, "main") or _loose(headline, "print_headline"),
            "body": _loose(obj, "lead_paragraph") or _loose(obj, "abstract") or _loose(obj, "snippet"),
            "url": _loose(obj, "web_url"), "published": obj.get("pub_date"), "source": _loose(obj, "source"),
        }
    return obj


def _camel(key: Any) -> Any:
    if not isinstance(key, str) or not key[:1].isupper():
        return key
    if key.isupper():
        return key.lower() if len(key) <= 4 else key  # "ID", "URL"
    return key[:1].lower() + key[1:]


def _camel_keys(obj: dict) -> dict:
    """An object whose keys are PascalCase, as .NET serialises its properties (``"Title"``, ``"Body"``,
    ``"PublishDate"``, ``"Id"``: ASP.NET, WCF, SharePoint), with camelCase keys (formats round 10):
    the same field names as everywhere else. A key also present in camelCase keeps that value."""
    if not any(isinstance(k, str) and k[:1].isupper() for k in obj):
        return obj
    out = {_camel(k): v for k, v in obj.items()}
    out.update({k: v for k, v in obj.items() if k in out})
    return out


def item_from_object(obj: Any, *, source: str, received: datetime, raw: bytes) -> WireItem:
    if not isinstance(obj, dict):
        raise ParseError("invalid_item", f"expected a JSON object, got {type(obj).__name__}")
    obj = _content_api_article(_camel_keys(obj))
    headline = _str(obj, "headline") or ""
    body = _str(obj, "body") or _str(obj, "body_text") or ""
    if body and looks_like_markup(body):
        body = html_to_text(body)  # HTML where plain text belongs ("body": "<p>...</p>": CMS and .NET APIs)
    if not body:
        # Agency JSON that is neither ninjs nor this shape: dpa digitalwires (article_html), HTML bodies.
        html = _str(obj, "article_html") or _str(obj, "body_html")
        body = html_to_text(html) if html else ""
    # News APIs' article objects (NewsAPI.org, WordPress REST, schema.org-style): their names for
    # the same fields, read only where the documented ones are missing.
    if not headline and (title := _feed_title(_loose(obj, "title") or "")):
        if "seendate" in obj and "domain" in obj:
            title = _gdelt_title(title)
        # NewsAPI.org copies Google News' "Headline - Outlet" titles: the outlet is its source.
        outlet = _loose(obj["source"], "name") if isinstance(obj.get("source"), dict) else None
        headline = title[: -len(outlet) - 3].rstrip() if outlet and title.endswith(f" - {outlet}") else title
    body = body or _article_body(obj)
    language = _str(obj, "language") or _loose(obj, "lang") or _loose(obj, "inLanguage")
    dmy = day_first(language)  # "05/03/2024" in a French item is 5 March
    published = None
    date_key = next((k for k in ("published", "version_created", "versioncreated") if obj.get(k) is not None), None)
    if date_key is not None:
        # ISO 8601, Unix seconds, or an RFC 822 date copied from a feed ("Fri, 01 Mar 2024 10:00:00
        # +0100") or another layout dates.feed_date reads; anything else is refused.
        published = json_time(obj[date_key], day_first=dmy)
        if published is None:
            raise ParseError("invalid_item", f"{date_key!r} is not a date/time: {obj[date_key]!r}")
    if published is None:
        published = next((d for d in (_feed_date(obj, k, dmy) for k in _ARTICLE_TIMES)
                          if d is not None and not is_placeholder_time(d)), None)
    version = obj.get("version")
    if version is None or version == "":
        version = 1  # null or empty: the first version
    if isinstance(version, str) and version.isdigit():
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ParseError("invalid_item", f"'version' must be a non-negative integer, got {version!r}")
    pubstatus = _str(obj, "pubstatus") or "usable"
    if pubstatus not in _PUBSTATUS:
        raise ParseError("invalid_item", f"'pubstatus' must be one of {sorted(_PUBSTATUS)}")
    link = _str(obj, "link") if not isinstance(obj.get("link"), dict) else None
    link = link or (_loose(obj, "url") if is_http_url(_loose(obj, "url")) else None)
    guid = _loose(obj, "guid") if isinstance(obj.get("guid"), dict) else _str(obj, "guid")  # WordPress: {"rendered"}
    return make_item(
        # NewsAPI's {"id", "name"}: the outlet it names (dedupe tells copies across sources apart)
        # (Event Registry's {"uri", "title"})
        source=(obj["source"] if isinstance(obj.get("source"), str) else
                (_loose(obj["source"], "name") or _loose(obj["source"], "title"))
                if isinstance(obj.get("source"), dict) else _loose(obj, "source_name")) or source,
        # Not the link when there is no id (feeds fall back to it): stories a producer sends under one
        # address without versions would be taken for one story's re-sends; the text decides instead.
        guid=(guid or _str(obj, "id") or _str(obj, "urn") or _loose(obj, "uri") or _loose(obj, "@id")
              or _loose(obj, "identifier") or _loose(obj, "article_id")),  # (NewsData.io: article_id)
        fmt=obj["format"] if obj.get("format") in _ORIGIN_FORMATS else FORMAT,
        headline=headline,
        subheadline=_str(obj, "subheadline") or _str(obj, "subhead"),
        body=body,
        published=published,
        received=received,
        raw=raw,
        version=version,
        language=language,
        link=link,
        located=_str(obj, "located") or (dateline_place(_str(obj, "dateline") or "") if obj.get("dateline") else None),
        pubstatus=pubstatus,
    )


_JSON_FEED = "https://jsonfeed.org/version/"


def is_json_feed(obj: Any) -> bool:
    """A JSON Feed document (jsonfeed.org 1.0 / 1.1: ``version`` URL and ``items``)."""
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("version"), str)
        and obj["version"].startswith((_JSON_FEED, _JSON_FEED.replace("https:", "http:")))
        and isinstance(obj.get("items"), list)
    )


def _feed_date(item: dict, key: str, dmy: bool = False) -> datetime | None:
    value = item.get(key)
    if isinstance(value, str) and not value.strip():
        return None
    return json_time(value, day_first=dmy)  # (a string or Unix time) unreadable in one entry: the next date, or the receive time


_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _feed_title(title: str) -> str:
    """A JSON Feed title as text. The spec says plain text, but WordPress and Squarespace feeds
    write it HTML-escaped ("Add Task &amp; Sub Tasks", "It&#8217;s"), as their RSS titles are;
    feed readers show it decoded, so character references are decoded here."""
    if "&" in title and _CHAR_REF.search(title):
        title = html.unescape(title)
    return collapse_whitespace(title)


#: A Markdown link or image ("[Supabase](https://supabase.com)", "![alt](/img.png)"): no prose writes one.
_MARKDOWN_LINK = re.compile(r"!?\[[^\[\]\n]{1,300}\]\((?:https?://|/)[^()\s]*\)")


def json_feed_items(feed: dict, *, source: str, received: datetime, raw: bytes) -> list[WireItem]:
    """Every entry of a JSON Feed (NPR, micro.blog, many static-site generators publish one)::

        id (else url)                        -> guid
        title                                -> headline
        content_text (unless it is Markdown beside an HTML content), else content_html
        (reduced to text), else summary  -> body
        date_published, else date_modified   -> published
        url                                  -> link
        language (1.1; item, else feed)      -> language

    As for RSS/Atom, an entry without any text is skipped, a feed without entries is
    "nothing new"; ``format`` is ``'json'``.
    """
    items: list[WireItem] = []
    skipped = 0
    feed_language = feed.get("language") if isinstance(feed.get("language"), str) else None
    for entry in feed["items"]:
        if not isinstance(entry, dict):
            skipped += 1
            continue
        text = _str(entry, "content_text")
        html = _str(entry, "content_html")
        if text and html and html.strip() and _MARKDOWN_LINK.search(text):
            text = None  # content_text the Markdown source (Eleventy's, Hugo's templates): the HTML is its reading
        body = plain_paragraphs(text) if text and text.strip() else (html_to_text(html) if html else "")
        if looks_like_markup(body):
            body = html_to_text(body)  # content_html escaped once more than JSON needs ("&lt;p&gt;...")
        # As in RSS/Atom: a closing "Read more" / "Continue reading" link, or a content that is only
        # such a link ("Read the full story here"), is no text (the summary stands in: formats round 10).
        from agents.formats.rss import drop_feed_trailers  # rss imports newsml, not this module

        body = drop_feed_trailers(body)
        if not body:
            summary = _str(entry, "summary") or ""
            body = html_to_text(summary) if looks_like_markup(summary) else plain_paragraphs(summary)
        headline = _feed_title(_str(entry, "title") or "")
        link = _str(entry, "url") or _str(entry, "external_url")
        link = link if is_http_url(link) else None
        language = entry.get("language") if isinstance(entry.get("language"), str) else feed_language
        try:
            items.append(
                make_item(
                    source=source,
                    guid=_str(entry, "id") or link,
                    fmt=FORMAT,
                    headline=headline,
                    body=drop_repeated_headline(body, headline),
                    published=_feed_date(entry, "date_published") or _feed_date(entry, "date_modified"),
                    received=received,
                    raw=raw,
                    language=language or None,
                    link=link,
                )
            )
        except ParseError:
            skipped += 1
    if skipped and not items:
        raise ParseError("invalid_item", f"none of the {skipped} JSON Feed items has a title or text")
    return items


def is_reliefweb(obj: Any) -> bool:
    """A ReliefWeb API response (api.reliefweb.int v1 / v2: ``{"data": [{"id", "href", "fields": {...}}]}``)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("data"), list) or not obj["data"]:
        return False
    first = obj["data"][0]
    return isinstance(first, dict) and isinstance(first.get("fields"), dict) and (
        "reliefweb" in str(obj.get("href") or first.get("href") or "") or "title" in first["fields"] or "name" in first["fields"])


def _first_name(value: Any, key: str = "name") -> str | None:
    """``{"name": ...}`` or the first of a list of them (ReliefWeb's primary_country, language)."""
    if isinstance(value, list):
        value = value[0] if value else None
    found = value.get(key) if isinstance(value, dict) else None
    return found.strip() or None if isinstance(found, str) else None


def reliefweb_items(doc: dict, *, source: str, received: datetime, raw: bytes) -> list[WireItem]:
    """Every entry of a ReliefWeb API response (reports, news, disasters), ``format`` ``'json'``::

        href (the entry's API address), else fields url / url_alias, else id -> guid
        fields title (reports), else name (disasters)                      -> headline
        fields body-html (reduced to text), else body, else description(-html) -> body
        fields date created, else original, else changed                   -> published
        fields url_alias, else url                                         -> link
        fields language[0].code                                            -> language
        fields primary_country.name                                        -> located

    An entry without any text is skipped, as in a feed (all of them: ``invalid_item``).
    """
    items: list[WireItem] = []
    skipped = 0
    for entry in doc["data"]:
        fields = entry.get("fields") if isinstance(entry, dict) else None
        if not isinstance(fields, dict):
            skipped += 1
            continue
        html = next((fields[k] for k in ("body-html", "description-html") if isinstance(fields.get(k), str) and fields[k].strip()), None)
        text = next((fields[k] for k in ("body", "description") if isinstance(fields.get(k), str) and fields[k].strip()), None)
        body = html_to_text(html) if html else (html_to_text(text) if text and looks_like_markup(text) else plain_paragraphs(text or ""))
        headline = collapse_whitespace(str(fields.get("title") or fields.get("name") or ""))
        dates = fields.get("date") if isinstance(fields.get("date"), dict) else {}
        published = next((d for d in (_feed_date(dates, k) for k in ("created", "original", "changed")) if d), None)
        link = next((v for v in (fields.get("url_alias"), fields.get("url")) if is_http_url(v)), None)
        guid = next((str(v) for v in (entry.get("href"), fields.get("url"), link, entry.get("id")) if v), None)
        try:
            items.append(make_item(
                source=source, guid=guid, fmt=FORMAT, headline=headline, body=drop_repeated_headline(body, headline),
                published=published, received=received, raw=raw, language=_first_name(fields.get("language"), "code"),
                link=link, located=_first_name(fields.get("primary_country")),
            ))
        except ParseError:
            skipped += 1
    if skipped and not items:
        raise ParseError("invalid_item", f"none of the {skipped} ReliefWeb entries has a title or text")
    return items


#: schema.org types whose objects are stories (NewsArticle and its kinds, Article, blog and live-blog posts, Report).
_ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting", "liveblogposting",
    "socialmediaposting", "report", "scholarlyarticle",
})


def _ld_types(obj: Any) -> set[str]:
    kind = obj.get("@type") if isinstance(obj, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _json_ld_articles(objs: list[Any]) -> list[Any]:
    """JSON-LD as sites publish it (formats round 10): a ``{"@context", "@graph": [...]}`` document, or a
    list of objects, holding the WebSite, WebPage, BreadcrumbList, Organization... beside the
    NewsArticle: only the story objects (:data:`_ARTICLE_TYPES`) are items, with ``contentLocation``'s
    name as the located. JSON without ``@type`` is returned as it is."""
    if len(objs) == 1 and isinstance(objs[0], dict) and isinstance(objs[0].get("@graph"), list):
        objs = [o for o in objs[0]["@graph"] if isinstance(o, dict)]
    elif not any(isinstance(o, dict) and "@type" in o for o in objs):
        return objs
    typed = [o for o in objs if isinstance(o, dict) and "@type" in o]
    articles = [o for o in typed if _ld_types(o) & _ARTICLE_TYPES]
    if not articles:
        if typed and len(typed) == len(objs):
            kinds = sorted({k for o in typed for k in _ld_types(o)})
            raise ParseError("empty", f"the JSON-LD holds no article (only {', '.join(kinds[:6])})")
        return objs
    out = []
    for article in articles:
        place = article.get("contentLocation")
        place = place[0] if isinstance(place, list) and place else place
        name = place.get("name") if isinstance(place, dict) else None
        if isinstance(name, str) and name.strip() and not article.get("located"):
            article = {**article, "located": name.strip()}
        page = article.get("mainEntityOfPage")
        page = (page.get("url") or page.get("@id")) if isinstance(page, dict) else page
        if not article.get("url") and is_http_url(page):
            article = {**article, "url": page.split("#", 1)[0]}  # the page's address (Yoast: ".../#webpage")
        out.append(article)
    return out


def is_telegram_export(obj: Any) -> bool:
    """A Telegram channel or chat export (Telegram Desktop's ``result.json``: ``{"name", "type", "id",
    "messages": [{"id", "type", "date", "date_unixtime", "text", "text_entities"}]}``)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("messages"), list):
        return False
    first = next((m for m in obj["messages"] if isinstance(m, dict)), None)
    return first is not None and ("text_entities" in first or "date_unixtime" in first)


def _telegram_text(value: Any) -> str:
    """A message's ``text``: a string, or a list of strings and ``{"type", "text"}`` entities."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(v if isinstance(v, str) else str(v.get("text") or "") if isinstance(v, dict) else "" for v in value)
    return ""


_URL_ONLY = re.compile(r"^(?:https?://|t\.me/)\S+$")


def telegram_items(doc: dict, *, source: str, received: datetime, raw: bytes) -> list[WireItem]:
    """Every text message of a Telegram export, ``format`` ``'json'`` (formats round 10)::

        channel id / message id             -> guid
        text (its entities joined)          -> body (a closing link-only paragraph dropped)
        date_unixtime (UTC), else date      -> published
        (no headline: a message has none)

    Service messages (pins, joins) and messages without text (a photo alone) are skipped; an
    export with none is ``empty``.
    """
    items: list[WireItem] = []
    channel = str(doc.get("id") or doc.get("name") or "").strip()
    for message in doc["messages"]:
        if not isinstance(message, dict) or message.get("type", "message") != "message":
            continue
        paras = [p for p in plain_paragraphs(_telegram_text(message.get("text"))).split("\n\n") if p]
        while paras and _URL_ONLY.match(paras[-1]):
            paras.pop()  # the channel's own link closing every post
        if not paras:
            continue
        unix = message.get("date_unixtime")
        published = (json_time(int(unix)) if isinstance(unix, str) and unix.isdigit() else json_time(unix)) \
            or _feed_date(message, "date")
        message_id = message.get("id")
        items.append(make_item(
            source=source, guid=f"telegram:{channel}/{message_id}" if message_id is not None else None, fmt=FORMAT,
            headline="", body="\n\n".join(paras), published=published, received=received, raw=raw,
        ))
    if not items:
        raise ParseError("empty", "the Telegram export holds no text messages")
    return items


def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    objs = load_json_objects(payload)
    if not objs:
        raise ParseError("empty", "JSON payload holds no items")
    if len(objs) == 1 and is_telegram_export(objs[0]):
        return telegram_items(objs[0], source=source, received=received, raw=payload)
    objs = _json_ld_articles(objs)
    if len(objs) == 1 and is_json_feed(objs[0]):
        return json_feed_items(objs[0], source=source, received=received, raw=payload)
    if len(objs) == 1 and is_reliefweb(objs[0]):
        return reliefweb_items(objs[0], source=source, received=received, raw=payload)
    if len(objs) == 1 and (articles := _article_list(objs[0])) is not None:
        objs = articles
        if not objs:
            raise ParseError("empty", "the JSON listing holds no articles")
    return [item_from_object(o, source=source, received=received, raw=payload) for o in objs]


#: Keys under which news APIs list their articles: NewsAPI.org's ``{"status": "ok", "articles": [...]}``,
#: and ``posts`` / ``results`` / ``docs`` / ``stories`` / ``news`` / ``items`` / ``data`` listings.
#: ASP.NET AJAX and WCF wrap a response in ``{"d": ...}`` (OData v2, SharePoint: ``{"d": {"results": [...]}}``),
#: OData v4 lists in ``{"value": [...]}`` (formats round 10).
_ARTICLE_LISTS = ("articles", "posts", "results", "docs", "stories", "news", "items", "data", "d", "value")
_ITEM_KEYS = frozenset({"headline", "title", "body", "body_text", "body_html", "article_html", "content", "text"})


_BODY_KEYS = _ITEM_KEYS - {"headline", "title"}


def _article_list(obj: Any) -> list[Any] | None:
    """The articles of a news API's listing envelope, or None when the object is an item itself
    (it has text of its own; a ``title`` alone is the listing's name when its entries have text keys)."""
    if not isinstance(obj, dict) or obj.keys() & _BODY_KEYS or "headline" in obj:
        return None
    if isinstance(obj.get("response"), dict):
        # The Guardian's Content API ({"response": {"results": [...]}}, one item: {"response":
        # {"content": {...}}}), The New York Times' Article Search ({"response": {"docs": [...]}}).
        inner = obj["response"]
        if isinstance(inner.get("content"), dict):
            return [inner["content"]]
        return _article_list(inner)
    for key in _ARTICLE_LISTS:
        value = obj.get(key)
        if isinstance(value, dict) and isinstance(value.get("results"), list):
            value = value["results"]  # Event Registry (newsapi.ai): {"articles": {"results": [...], "page": 1}}
        elif key == "d" and isinstance(value, dict) and _camel_keys(value).keys() & _ITEM_KEYS:
            value = [value]  # ASP.NET's {"d": {one article}}
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            if "title" in obj and not any(v.keys() & _ITEM_KEYS for v in value):
                continue
            return value
    return None
