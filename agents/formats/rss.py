"""RSS and Atom feed documents (RSS 2.0, RSS 0.9x/1.0, Atom 1.0) via feedparser.

Every entry of the feed becomes one WireItem::

    entry id / <guid> / <link>          -> guid (no id at all: the text hash)
    feedburner:origLink, else link      -> link (a Google Alerts redirect: its url= target)
    published, else updated             -> published (dates feedparser misreads rewritten first)
    title (HTML reduced to text)        -> headline
    content, else summary/description   -> body (HTML reduced to text; a media:description
                                           caption never wins over the entry's own text; Yoast's
                                           "The post ... appeared first on ..." and a closing "Continue reading" link dropped)
    entry (dc:language, iso:language, xml:lang), else feed language -> language

``format`` is ``'atom'`` for Atom feeds and ``'rss'`` for every RSS flavour.
A feed without entries parses to an empty list: for a feed, "nothing new"
is normal, not an error. An entry with neither title nor text is skipped;
if *every* entry is like that the document is rejected (``invalid_item``).

Security: feedparser's own XML handling is not hardened, so the bytes are
first parsed by :func:`agents.formats.newsml.load_xml` (defusedxml: entity
declarations and external references are refused as ``unsafe_xml``) and
must be well-formed XML whose root is ``<rss>``, ``<rdf:RDF>`` or ``<feed>`` (or an Atom
``<entry>``: an Atom Entry Document is a feed of that one entry).
An HTML page served in place of a feed (a login wall, an error page, a
captive portal) is rejected as ``unsupported_format``. Only then does
feedparser see the bytes, as a stream, so it never takes them for a URL or a
file name.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import datetime
from urllib.parse import parse_qs, urljoin, urlsplit
from typing import Any

import feedparser
from feedparser.sanitizer import _sanitize_html

from schemas import WireItem
from agents.formats import newsml
from agents.formats.base import ParseError, collapse_whitespace, is_http_url, is_placeholder_time, make_item
from agents.formats.dates import MAX_DATE_CHARS, day_first, feed_date, iso_date, loose_date, normalised_date  # noqa: F401 (re-exported)
from agents.formats.newsml import (
    drop_repeated_headline, guarded, html_to_text, load_xml, local_name, looks_like_markup, parse_and_repair,
    xml_as_utf8,
)

log = logging.getLogger(__name__)

FORMAT_RSS = "rss"
FORMAT_ATOM = "atom"
FORMAT = FORMAT_RSS

_FEED_ROOTS = {"rss": FORMAT_RSS, "RDF": FORMAT_RSS, "feed": FORMAT_ATOM}
#: An Atom Entry Document (RFC 4287 section 4.1.2: one ``<entry>`` as the root, as AtomPub
#: servers and WebSub hubs push single stories) is read as a feed of that one entry.
ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM_ENTRY = "{%s}entry" % ATOM_NS


def feed_kind(payload: bytes) -> str:
    """Check that the bytes are a safe, well-formed feed; return 'rss' or 'atom'."""
    return _feed_kind(load_xml(payload))


def _feed_kind(root: Any) -> str:
    name = local_name(root.tag)
    if name in _FEED_ROOTS:
        return _FEED_ROOTS[name]
    if root.tag == _ATOM_ENTRY:
        return FORMAT_ATOM
    if name.lower() == "html":
        raise ParseError("unsupported_format", "the document is an HTML page, not an RSS/Atom feed")
    raise ParseError("unsupported_format", f"root element <{name}> is not an RSS or Atom feed{known_root_hint(name)}")


#: XML documents that sit next to feeds on news sites, by their root element: what they are
#: (formats round 10: the refusal says so, rather than only "not a feed").
_KNOWN_ROOTS = {
    "html": "an HTML page, not a feed",
    "opml": "an OPML outline (a list of feeds, not news: poll the feeds it lists)",
    "urlset": "a sitemap (addresses of pages, not their stories)",
    "sitemapindex": "a sitemap index (addresses of sitemaps)",
    "service": "an AtomPub service document (collections, not entries)",
    "OpenSearchDescription": "an OpenSearch description (a search form, not news)",
    "kml": "a KML map document",
    "gpx": "a GPS track",
    "svg": "an SVG picture",
}


def known_root_hint(name: str) -> str:
    """': it is <what the document is>' for an XML root element that is known not to be news, else ''."""
    what = _KNOWN_ROOTS.get(name)
    return f": it is {what}" if what else ""


#: HTML line breaks, or a paragraph opened and closed, left in text already reduced from HTML.
_ESCAPED_TAG = re.compile(r"<br\s*/?>|<p>.*?</p>", re.IGNORECASE | re.DOTALL)


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def _text(detail: Any, fallback: str | None) -> str:
    """Text of a feedparser text construct (title_detail, content[i], summary_detail)."""
    value = (detail or {}).get("value") if isinstance(detail, dict) else None
    if value is None:
        value = fallback or ""
    # No detail: a bare string from feedparser, which is HTML for summaries.
    ctype = (detail or {}).get("type", "") if isinstance(detail, dict) else "text/html"
    # Follow the declared type: an RSS title is plain text even when it says "<gorilla>".
    if "html" in ctype or "xml" in ctype:
        if "<" not in value and _BLANK_LINE.search(value):
            # No markup at all, paragraphs separated by blank lines (an RSS description written as plain
            # text, which RSS calls HTML): the blank lines are the paragraphs, as in a text construct.
            text = "\n\n".join(t for t in (html_to_text(p) for p in _BLANK_LINE.split(value)) if t)
        else:
            text = html_to_text(value)
        if "<" in text:
            # Markup html.parser could not read (an unterminated attribute: '<a href="...?> text'):
            # feedparser's sanitizer repairs it (it is not run on every feed: half its time).
            text = html_to_text(_sanitize_html(value, "utf-8", ctype or "text/html"))
        if _ESCAPED_TAG.search(text):
            # Line-break and paragraph tags escaped once more than the rest ("Goma.&lt;br /&gt;&lt;br
            # /&gt;Residents fled." in a CDATA description): they are the markup, read once more.
            text = html_to_text(text)
        if looks_like_markup(text):
            # Markup escaped once more than its type says: an Atom <content type="xhtml"> holding
            # "&lt;div&gt;&lt;p&gt;...", an RSS description with "&amp;lt;p&amp;gt;...": the text
            # is markup from start to end, read once more.
            text = html_to_text(text)
        return text
    if looks_like_markup(value):
        # HTML in a construct typed as text: an Atom <content> without type="html" (Adobe's blog
        # feed: a CDATA <div>...</div>). "Nice <gorilla> what's he weigh?" is no markup and stays.
        return html_to_text(value)
    return "\n\n".join(collapse_whitespace(p) for p in value.split("\n\n") if p.strip())


def _when(entry: Any, elem: Any = None, dmy: bool = False) -> datetime | None:
    """The entry's first readable date (published, updated, created): see dates.feed_date; ``dmy``:
    an all-numeric date is day first (the entry's language: dates.day_first)."""
    for key in ("published", "updated", "created"):
        when = feed_date(entry.get(key), loose=False)
        if when is not None and not is_placeholder_time(when):
            return when
    # Drupal's views write <pubDate><time datetime="2019-05-03T19:21:28Z">Fri, 05/03/2019 - 15:21</time>:
    # the machine-readable time is the attribute.
    for date_elem in (c for c in (elem if elem is not None else []) if local_name(c.tag) in _DATE_ELEMENTS):
        for node in date_elem.iter():
            when = iso_date(node.get("datetime"))
            if when is not None and not is_placeholder_time(when):
                return when
    for key in ("published", "updated", "created"):
        when = feed_date(entry.get(key), day_first=dmy) or loose_date(entry.get(key), day_first=dmy)
        if when is not None and not is_placeholder_time(when):
            return when
    return None


_DATE_ELEMENTS = {"pubDate", "date", "published", "updated", "issued", "modified", "created"}
_MRSS = "{http://search.yahoo.com/mrss/}"


def _media_descriptions(elem: Any) -> set[str]:
    """The texts of an entry's Media RSS ``<media:description>`` elements (words only)."""
    if elem is None:
        return set()
    return {_words(e.text or "") for e in elem.iter() if isinstance(e.tag, str) and e.tag == _MRSS + "description"}


def _words(value: str) -> str:
    return collapse_whitespace(html_to_text(value))


def _body(entry: Any, elem: Any = None, headline: str = "") -> str:
    """content:encoded / atom:content, else the summary / description, as text.

    A content that is only the headline again (Apple's trailer feeds: ``content:encoded`` a styled
    ``<span>`` of the title beside a full ``description``) gives way to the summary.

    feedparser files a ``<media:description>`` (a picture's caption: The New York Times'
    feeds, YouTube's media:group) as the entry's content when a description came first, as
    its summary when it came first itself: a caption is never taken over the entry's own text.
    """
    captions = _media_descriptions(elem)
    longest = max(map(len, captions), default=0)

    def caption(detail: Any, value: Any) -> bool:
        text = (detail or {}).get("value") if isinstance(detail, dict) else value
        return bool(captions) and isinstance(text, str) and len(text) <= 2 * longest + 64 and _words(text) in captions

    contents = [c for c in entry.get("content") or [] if not caption(c, None)]
    summary = None if caption(entry.get("summary_detail"), entry.get("summary")) and contents else entry
    text = ""
    # Prefer the richest content (content:encoded / atom:content) over the summary.
    for content in sorted(contents, key=lambda c: "html" not in c.get("type", "")):
        text = drop_repeated_headline(_text(content, None), headline)
        if text:
            break
    if not text:
        source = summary or entry  # only a caption: it is all the text there is
        text = _text(source.get("summary_detail"), source.get("summary"))
    if captions and len(text.split()) < 4:
        # The entry's own text is only a "Read" link (El Mundo: <description><a>Leer</a>): its
        # media:description is the story's lede there.
        best = max((c for c in entry.get("content") or [] if caption(c, None)), key=lambda c: len(c.get("value", "")), default=None)
        fallback = _text(best, None) if best is not None else ""
        if len(fallback.split()) > len(text.split()):
            return fallback
    if not text:
        # A podcast episode whose only text is Google Play's <googleplay:description> (feedparser
        # reads <itunes:summary> as the summary, this not), else its <itunes:subtitle>.
        for key in ("googleplay_description", "subtitle"):
            if isinstance(value := entry.get(key), str) and (text := _text(None, value)):
                break
    return text


#: The paragraph Yoast SEO appends to every WordPress feed entry ("The post <a>Title</a> appeared
#: first on <a>Site</a>."), in its English, German, Spanish, French, Italian, Portuguese and Dutch wording.
_WORDPRESS_TRAILER = re.compile(
    r"^(?:The post|Der Beitrag|La entrada|L[’']article|L[’']articolo|O post|Het bericht) .+ "
    r"(?:appeared first on|erschien zuerst auf|se publicó primero en|est apparu en premier sur|proviene da|"
    r"apareceu primeiro em|verscheen eerst op) [^\n]+$"
)

#: The paragraph Medium closes every feed entry of a publication with ("<a>Title</a> was originally
#: published in <a>Publication</a> on Medium, where people are continuing the conversation by
#: highlighting and responding to this story.").
_MEDIUM_TRAILER = re.compile(
    r"^.+ was originally published in .+ on Medium, where people are continuing the conversation"
    r" by highlighting and responding to this story\.?$"
)

#: Link texts that stand in for a story's text: Hacker News' description is only a "Comments" link,
#: many CMSs end (or fill) the summary with "Continue reading →" / "Read more" / "[…]".
_MORE_PHRASE = (
    # a phrase that may be followed by the story's title or an arrow ("Continue reading Title →")
    r"(?:continue reading|read more|read (?:the )?(?:full|entire|whole|complete) (?:story|article|post)|"
    r"view (?:the )?full (?:story|article)|keep reading|seguir leyendo|leer más|"
    r"lire la suite|weiterlesen|continua a leggere|continuar lendo|leia mais|читать далее|читати далі|"
    r"devamını oku|اقرأ المزيد|ادامه مطلب)\b"
)
_MORE_LINK = re.compile(
    r"^" + _MORE_PHRASE + r"[^\n]{0,120}$"
    # a word that must stand alone ("Comments", "More", "Leer"), or an ellipsis ("[…]")
    r"|^(?:comments|more|full story|leer|mehr|leggi|lire|подробнее|المزيد|\.\.\.|…)[\s»›→…:.!\])]*$|^[\[(](?:\.\.\.|…)[\])]$",
    re.IGNORECASE,
)

#: Such a phrase closing the last paragraph itself, a link after an excerpt's last words
#: (WordPress themes' "... <a class="read-more">Read more</a>", Squarespace's "...Read More"):
#: only when written as a link is (capitalised, or after an ellipsis) and not ending a sentence.
_INLINE_MORE = re.compile(
    r"(?<=\S)(?P<cut>(?P<dots>\s*(?:\.\.\.|…|\[(?:\.\.\.|…)\]))?\s*(?P<phrase>" + _MORE_PHRASE
    + r"[^\n.!?]{0,120}?)[\s»›→…\])]*)$",
    re.IGNORECASE,
)


#: A CSS rule's block: only declarations of CSS properties ("margin: 0 10px; opacity: .5"), nothing else.
_CSS_PROPERTY = (
    r"(?:-(?:webkit|moz|ms|o)-)?(?:margin|padding|background|color|display|height|width|border|opacity|font|"
    r"position|top|left|right|bottom|float|clear|text|line|transition|transform|box|overflow|z-index|cursor|"
    r"vertical|white-space|visibility|list-style|max|min|outline|letter|word|flex|grid|align|justify|animation|"
    r"filter)[a-z-]*"
)
_CSS_BLOCK = re.compile(r"\{(?:\s*" + _CSS_PROPERTY + r"\s*:\s*[^;{}]+;?)+\s*\}")
#: A selector just before a block (".share-footer a:hover ", "#nav > li.active, p ").
_CSS_SELECTOR = re.compile(
    # a class, an id or an HTML element first (so a word of prose is no selector)
    r"(?:^|(?<=[\s.!?;:}\]\)]))(?:[.#][A-Za-z_][\w-]*+|(?:a|p|div|span|img|li|ul|ol|h[1-6]|body|html|table|tr|td|th|"
    r"iframe|figure|figcaption|section|article|header|footer|nav|button|input|form|label|blockquote|strong|em|"
    r"b|i|u|small|svg|video|audio|picture|source)(?![\w-]))(?:\([^()]*\))?"
    r"(?:(?:\s*[>+~,]\s*|\s+|(?=[.#:]))[.#:]{0,2}[A-Za-z_][\w-]*+(?:\([^()]*\))?)*+\s*$"
)


def drop_leaked_css(body: str) -> str:
    """The body without CSS rules left in it as text: a CMS that strips a description's tags keeps
    its ``<style>`` element's content (the Neverwinter site's feed: the story, then
    ``.share-link a { margin: 0 10px 0 0; ... }`` rules)."""
    if "{" not in body or ":" not in body:
        return body
    spans = []
    for block in _CSS_BLOCK.finditer(body):
        start = block.start()
        lo = max(0, start - 200)  # the selector is read from the 200 characters before the block
        selector = _CSS_SELECTOR.search(body[lo:start])
        if selector is None:
            continue
        spans.append((lo + selector.start(), block.end()))
    if not spans:
        return body
    out, last = [], 0
    for start, end in spans:
        if start >= last:
            out.append(body[last:start])
            last = end
    out.append(body[last:])
    paragraphs = (collapse_whitespace(p) for p in "".join(out).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


#: The titles ad-insertion services give the slots they put between a feed's stories.
_AD_SLOT = re.compile(
    r"^(?:featured advertiser|advertisement|advertising|sponsored(?: (?:content|post|link))?|ad|anzeige|werbung|"
    r"publicité|publicidad|pubblicità|publicidade|реклама)\W*$",
    re.IGNORECASE,
)


def drop_feed_trailers(body: str) -> str:
    """The body without Yoast's closing "The post ... appeared first on ..." paragraph (nor Medium's
    "... was originally published in ... on Medium, where people ..."), nor a
    closing "Continue reading ..." / "Read more" link (:data:`_MORE_LINK`); a body that is only
    such a link ("Comments", "[…]") is no text at all."""
    head, sep, last = body.rpartition("\n\n")
    last = last.strip()
    if sep and len(last) <= 400 and (_WORDPRESS_TRAILER.match(last) or _MEDIUM_TRAILER.match(last)):
        return drop_feed_trailers(head)
    if len(last) <= 160 and len(last.split()) <= 15 and _MORE_LINK.match(last):
        return head if sep else ""
    if (more := _INLINE_MORE.search(body)) and (more["dots"] or not more["phrase"][0].islower()):
        return body[: more.start("cut")] + (more["dots"] or "").rstrip()
    if (cut := _TRAILING_ELLIPSIS.sub("", body)) != body and cut.strip():
        return cut  # a WordPress excerpt's closing " [&hellip;]": the cut is the ellipsis's to say
    return body


#: The bracketed ellipsis WordPress closes an excerpt with ("... residents said [&hellip;]").
_TRAILING_ELLIPSIS = re.compile(r"\s*\[(?:\.\.\.|…)\]\s*$")


def _own_id(elem: Any) -> str | None:
    """The entry's ``<id>`` / ``<guid>`` as written: feedparser resolves it as a relative URI
    against whatever xml:base is in force, even one its own sibling ``<content xml:base="/.rss">``
    set (Reddit's Atom feeds: ``<id>t3_42tizy</id>`` became ``/t3_42tizy``)."""
    if elem is None or not isinstance(elem.tag, str):
        return None
    own = elem.find(f"{{{ATOM_NS}}}id") if elem.tag == f"{{{ATOM_NS}}}entry" else (
        elem.find("guid") if elem.tag == "item" else None)
    value = "".join(own.itertext()).strip() if own is not None else ""
    return value or None


#: RSS 2.0 item children feedparser lets a same-named element nested deeper override.
_OWN_CHILDREN = {"title": ("title_detail", "title"), "description": ("summary_detail", "summary")}


def _own_children(entry: Any, elem: Any) -> Any:
    """The entry with its title and description from the RSS item's own children.

    feedparser files any ``<title>`` / ``<description>`` in no namespace as the item's, however
    deep: Google's Cloud blog nests an Open Graph block (``<og><title/><description>summary
    </description></og>``) and an ``<author><name/><title>Product Manager</title></author>``
    in every item, and the author's job title became the headline, the short og summary the
    body (feedparser files the second description as content, which wins), an empty og title
    no headline. Only an item (RSS 0.9x / 2.0, no namespace) that
    has such a nested element is touched."""
    if elem is None or not isinstance(elem.tag, str) or elem.tag != "item":
        return entry
    fixed = None
    for name, (detail_key, key) in _OWN_CHILDREN.items():
        own = elem.find(name)
        if own is None or not any(d is not own for d in elem.iter(name)):
            continue
        value = "".join(own.itertext())
        detail = entry.get(detail_key)
        if isinstance(detail, dict) and detail.get("value") == value:
            continue
        if fixed is None:
            fixed = feedparser.FeedParserDict(entry)
        fixed[detail_key] = feedparser.FeedParserDict(
            {**(detail if isinstance(detail, dict) else {}), "value": value,
             "type": "text/html" if name == "description" or looks_like_markup(value) else "text/plain"})
        fixed[key] = value
    own_description = elem.find("description")
    nested = {"".join(d.itertext()) for d in elem.iter("description") if d is not own_description}
    if nested and any(c.get("value") in nested for c in entry.get("content") or []):
        # feedparser files a second description as content (as a media:description): not the item's.
        fixed = fixed if fixed is not None else feedparser.FeedParserDict(entry)
        fixed["content"] = [c for c in entry.get("content") or [] if c.get("value") not in nested]
        if not fixed["content"]:
            del fixed["content"]
    return fixed if fixed is not None else entry


#: A numeric date (and time) and a dash before an entry's title: "13/08/2020 21:27 - Comitê completa ...".
_TITLE_DATE = re.compile(r"^(?P<date>\d{1,2}[/.]\d{1,2}[/.]\d{4}(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s+[-–—|]\s+(?P<rest>\S.*)$")


def entry_to_item(
    entry: Any, *, fmt: str, feed_language: str | None, source: str, received: datetime, raw: bytes,
    elem: Any = None, feed_link: str | None = None,
) -> WireItem:
    """One feedparser entry -> WireItem (ParseError if it has no text at all).

    ``elem`` is the entry's element in the defusedxml tree (for what feedparser drops),
    ``feed_link`` the feed's own web address (relative entry links are resolved against it
    when no xml:base did: GitHub's release feeds write ``href="/owner/repo/releases/tag/v1"``).
    """
    entry = _own_children(entry, elem)
    # The entry's own language: an item's dc:language (feedparser: "language"), Europe Media
    # Monitor's <iso:language> ("iso_language"), an Atom entry's xml:lang; else the feed's.
    language = next(
        (v.strip() for v in (entry.get("language"), entry.get("iso_language"),
                             (entry.get("title_detail") or {}).get("language")) if isinstance(v, str) and v.strip()),
        feed_language,
    )
    dmy = day_first(language)
    headline = collapse_whitespace(_text(entry.get("title_detail"), entry.get("title")))
    title_date = None
    if (dated := _TITLE_DATE.match(headline)) and (title_date := loose_date(dated["date"], day_first=dmy)):
        # A date written before the title (the Rio Grande do Sul court's feed: "13/08/2020 21:27 - Comitê
        # completa ..."), its items without pubDate: the time, not part of the headline.
        headline = dated["rest"]
    body = drop_feed_trailers(drop_leaked_css(drop_repeated_headline(_body(entry, elem, headline), headline)))
    if not body and _AD_SLOT.match(headline):
        # An ad-insertion service's slot between the stories (Pheedo's "Featured Advertiser" in
        # the Washington Post's feeds: the description only a linked ad image): no story.
        raise ParseError("invalid_item", f"feed entry {headline!r} is an advertisement slot, not a story")
    # FeedBurner feeds link through feedproxy.google.com; <feedburner:origLink> is the story's own address.
    link = next((v for v in (entry.get("feedburner_origlink"),) if is_http_url(v)), None) or entry.get("link") or None
    if link and link.startswith("/") and not link.startswith("//") and feed_link:
        link = urljoin(feed_link, link)
    if link and not is_http_url(link):
        link = None  # feedparser copies an entry id (a urn, a tag: URI) into link when there is none
    guid = _own_id(elem) or entry.get("id") or link
    link = _redirect_target(link)
    return make_item(
        source=source,
        guid=guid,
        fmt=fmt,
        headline=headline,
        body=body,
        published=_when(entry, elem, dmy) or title_date,
        received=received,
        raw=raw,
        language=language or None,
        link=link,
        located=_feature_name(elem),
    )


_GEORSS = ("http://www.georss.org/georss", "http://www.georss.org/georss/10")


def _feature_name(elem: Any) -> str | None:
    """The place an entry names in GeoRSS (``<georss:featureName>``, also spelt ``featurename``),
    feedparser keeping only the coordinates (formats round 10); else None (the dateline decides)."""
    if elem is None:
        return None
    for node in elem:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag.startswith("{") and tag[1:].split("}", 1)[0] in _GEORSS and local_name(tag).lower() == "featurename":
            name = collapse_whitespace("".join(node.itertext()))
            if name:
                return name
    return None


#: feedparser's cost grows with the square of the namespaces a feed declares (20,000 in a 0.9 MB
#: feed: 16 s on one input, its partition waiting); real feeds declare a few dozen at most. Counted
#: by prefix: feedparser keeps one entry per prefix, so a podcast feed that redeclares
#: ``xmlns:itunes`` on each of its 3,600 elements (Giant Bomb's, in rss-parser's tests) costs it
#: no more than one declaration.
MAX_NAMESPACES = 256
_XMLNS = re.compile(rb"xmlns(?::([^\s=/>]+))?\s*=")
#: The same for the attributes of one element (feedparser looks each one up by a linear search
#: over them: 20,000 on one element, 19 s).
MAX_ATTRIBUTES = 256


def _feed_base(feed: Any) -> str | None:
    """The absolute address relative entry links are resolved against: the feed's web link,
    else (that link relative too: intertwingly.net's ``<link href="/blog/"/>``) its
    ``rel="self"`` address, which the web link is then read against."""
    link = feed.get("link") or None
    if is_http_url(link):
        return link
    self_link = next((l.get("href") for l in feed.get("links") or [] if l.get("rel") == "self"), None)
    if not is_http_url(self_link):
        return None
    return urljoin(self_link, link) if link else self_link


@guarded
def _redirect_target(link: str | None) -> str | None:
    """The story's address behind a Google redirect: Google Alerts' feeds link every entry through
    ``https://www.google.com/url?rct=j&sa=t&url=<the story>&ct=ga&...``; other links as they are."""
    if not link or not link.startswith(("https://www.google.com/url?", "http://www.google.com/url?")):
        return link
    query = parse_qs(urlsplit(link).query)
    target = next((v[0] for k in ("url", "q") if (v := query.get(k)) and is_http_url(v[0])), None)
    return target or link


def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    """Parse an RSS or Atom document into one WireItem per entry."""
    # One decoding for both parsers: defusedxml checks the UTF-8 text feedparser then reads
    # (declared encodings, UTF-16, HTML named entities: newsml.xml_as_utf8 / parse_xml_bytes).
    # The text feedparser reads is the one defusedxml accepted, repairs included
    # (undeclared namespace prefixes declared: newsml.parse_and_repair).
    utf8 = xml_as_utf8(payload, undeclared="windows-1252")
    malformed: ParseError | None = None
    try:
        root, text = parse_and_repair(utf8)
    except ParseError as exc:
        if (refusal := _lenient_refusal(exc, utf8)) is not None:
            raise refusal from None
        # Not well-formed, yet safe and complete: feedparser's lenient reading (its "bozo"
        # documents) may still find the entries; if it finds none, the XML error stands.
        root, text, malformed = None, utf8, exc
    fmt = _feed_kind(root) if root is not None else FORMAT_RSS
    if text.count(b"xmlns") > MAX_NAMESPACES and (declared := len(set(_XMLNS.findall(text)))) > MAX_NAMESPACES:
        raise ParseError("unparseable", f"the feed declares {declared} XML namespaces (at most {MAX_NAMESPACES} are read)")
    if (attrs := _most_attributes(root, text)) > MAX_ATTRIBUTES:
        raise ParseError("unparseable", f"an element of the feed has {attrs} attributes (at most {MAX_ATTRIBUTES} are read)")
    text = newsml.html_entities_to_refs_bytes(text)
    # A stream, so feedparser never treats the bytes as a URL or file name;
    # relative URIs stay as written (resolving them needs the feed URL). Its HTML sanitizer is
    # off (half its time on content-heavy feeds): the markup is reduced to text here, never passed
    # on, and the sanitizer only repairs what html.parser cannot read (_text).
    try:
        result = feedparser.parse(io.BytesIO(text), resolve_relative_uris=False, sanitize_html=False)
    except (ValueError, LookupError, TypeError, AttributeError, RecursionError) as exc:
        # feedparser's lenient (sgmllib) reader of a document that is not well-formed can fail
        # on what expat refused (a character reference to a surrogate, &#xD800;).
        cause = malformed.message if malformed is not None else "feed"
        raise ParseError("unparseable", f"{cause} (feedparser could not read it: {type(exc).__name__}: {exc})") from exc
    version = str(result.get("version") or "")
    if version.startswith("atom"):
        fmt = FORMAT_ATOM
    elif version.startswith("rss"):
        fmt = FORMAT_RSS
    if malformed is not None and not (result.get("entries") and version):
        raise ParseError(malformed.reason, f"{malformed.message} (and feedparser's lenient reading found no feed entries)")
    if malformed is not None:
        log.info("feed %s: %s; read leniently (%d entries)", source, malformed.message, len(result["entries"]))
    feed_language = (result.get("feed") or {}).get("language")
    feed_link = _feed_base(result.get("feed") or {})
    entries = result.get("entries") or []
    # The entries' elements, when feedparser found the same ones (it drops some markup: Drupal's <time>).
    elems = [e for e in (root.iter() if root is not None else ()) if local_name(e.tag) == ("entry" if fmt == FORMAT_ATOM else "item")]
    if len(elems) != len(entries):
        elems = [None] * len(entries)
    items: list[WireItem] = []
    skipped = 0
    for entry, elem in zip(entries, elems):
        try:
            items.append(
                entry_to_item(
                    entry, fmt=fmt, feed_language=feed_language, source=source, received=received, raw=payload,
                    elem=elem, feed_link=feed_link,
                )
            )
        except ParseError as exc:
            # One empty entry should not cost the feed's other entries.
            skipped += 1
            log.debug("feed %s: skipped entry %r: %s", source, entry.get("id"), exc)
    if skipped and not items:
        raise ParseError("invalid_item", f"none of the {skipped} feed entries has a title or text")
    return items


def _most_attributes(root: Any, text: bytes) -> int:
    """The most attributes one element has (of the tree; of the text when it did not parse:
    counted in the long tags only, as the ``=`` signs in them)."""
    if root is not None:
        return max(len(el.attrib) for el in root.iter())
    return max((m.group().count(b"=") for m in re.finditer(rb"<[^<>]{1024,}>", text)), default=0)


#: A feed's closing tag at its very end: the document is complete (not cut off in transfer).
_CLOSED_FEED = re.compile(rb"</(?:[\w.-]+:)?(?:rss|RDF|feed)\s*>\s*\Z")
#: XML errors feedparser's lenient reading is not asked to repair: an entity nothing defines (a
#: DTD's, whose text is unknown), and prefixes beyond those the repair declares.
_STRICT_ERRORS = ("undefined entity", "unbound prefix")


#: The start of an HTML page: a doctype or ``<html>`` first (after whitespace and comments).
_HTML_PAGE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)


def _lenient_refusal(exc: ParseError, text: bytes) -> ParseError | None:
    """None if a feed refused as not well-formed may be read leniently by feedparser, else the
    refusal to raise.

    Only for XML errors (an unclosed or mismatched tag, an unquoted attribute...) in a document
    that is complete (ends with its ``</rss>`` / ``</feed>`` / ``</rdf:RDF>``: a truncated download
    is refused, so it is fetched again) and declares no DTD or entity: unsafe XML stays refused.
    """
    if exc.reason != "unparseable" or not exc.message.startswith("not well-formed XML"):
        return exc
    if _HTML_PAGE.match(text[:4096]):
        # A web page where the feed was (a moved feed, a consent wall: KDE's syndication tests keep
        # the Qt Blog's and Planet Gentoo's), as HTML is written: not XML. The message says so.
        return ParseError(exc.reason, f"{exc.message} (the document is an HTML page, not an RSS/Atom feed)")
    if any(e in exc.message for e in _STRICT_ERRORS):
        return exc
    if b"<!doctype" in text[:65536].lower() or b"<!entity" in text.lower():
        return exc
    if newsml.root_name(text[:4096]) not in ("rss", "RDF", "feed"):
        return exc  # not a feed at all (an HTML page): nothing to read leniently
    if not _CLOSED_FEED.search(text[-256:]):
        return ParseError(exc.reason, f"{exc.message} (the document does not end with its closing "
                                      f"</rss> or </feed>: cut off in transfer?)")
    return None


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
    """Sniffer: the first element is <rss>, <rdf:RDF> or <feed>, or an Atom <entry>."""
    name = newsml.root_name(head)
    return name in ("rss", "RDF", "feed") or is_atom_entry(head, name)


def is_atom_entry(head: bytes, name: str | None = None) -> bool:
    """Whether the document's root is an Atom ``<entry>`` (an Atom Entry Document)."""
    head = head[:4096]
    return (name if name is not None else newsml.root_name(head)) == "entry" and any(
        ATOM_NS.encode(codec) in head for codec in ("utf-8", "utf-16-le", "utf-16-be"))
