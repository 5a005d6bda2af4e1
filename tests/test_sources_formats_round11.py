"""Format parsers, round 11: real-world variants (fixtures in tests/fixtures, sources in its README)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from agents.formats import ParseError, parse_payload, recode

# The real-world suite's fixture helpers (same fixtures directory, same receive time).
from tests.test_sources_formats_realworld import RECEIVED, UTC, load, parse


def parse_bytes(payload: bytes, ctype: str | None = None, source: str = "wire"):
    return parse_payload(payload, ctype, source=source, received=RECEIVED)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "ctype", [None, "application/rss+xml", "text/xml", "application/xml; charset=utf-16", "text/xml; charset=UTF-16"]
)
def test_utf16_declared_over_one_byte_characters_is_read_as_utf8(ctype):
    # The declaration says utf-16, the bytes are one a character ('<?xml' without NULs or a BOM:
    # fastfeedparser's test, from a real blog feed served so). It was refused as "not valid utf-16".
    (item,) = parse("rss-2.0-fastfeedparser-utf16-declared-utf8-bytes.xml", ctype)
    assert item.headline == "UTF-16 Entry 1"
    assert item.body == "First entry in UTF-16"
    assert item.link == "https://example.com/entry1"
    assert item.published == datetime(2024, 1, 3, 12, 0, tzinfo=UTC)


def test_real_utf16_without_bom_is_still_utf16():
    doc = load("rss-2.0-fastfeedparser-utf16-declared-utf8-bytes.xml").decode("ascii")
    for codec in ("utf-16-le", "utf-16-be"):
        (item,) = parse_bytes(doc.encode(codec), "application/rss+xml")
        assert item.headline == "UTF-16 Entry 1"
    (item,) = parse_bytes(doc.encode("utf-16"), "text/xml; charset=utf-16")  # with its BOM
    assert item.body == "First entry in UTF-16"


def test_charset_utf16_over_narrow_bytes_is_no_recoding():
    narrow = load("rss-2.0-fastfeedparser-utf16-declared-utf8-bytes.xml")
    assert recode(narrow, "text/xml; charset=utf-16", "rss") is None
    wide = narrow.decode("ascii").encode("utf-16-le")
    assert recode(wide, "text/xml; charset=utf-16-le", "rss").startswith(b"<?xml")


# --------------------------------------------------------------------------- references escaped once more


def test_rss_cdata_html_with_doubly_escaped_ampersand_is_decoded():
    # AllAfrica's CDATA HTML descriptions write an ampersand as '&#x26;amp;' (escaped twice): read
    # as HTML once, the body said "Merck &amp; Co.".
    first, second, third = parse("rss-2.0-fastfeedparser-allafrica-doubly-escaped-ampersand.xml", "application/rss+xml")
    assert first.headline == "Africa: Ebola Has Gone From a Global Emergency to a Disease We Can Stop, Says CEPI Chief"
    assert "vaccines from MSD (known as Merck & Co. in the U.S. and Canada) were announced" in first.body
    assert "&amp;" not in first.body
    assert first.published == datetime(2026, 2, 17, 14, 12, 6, tzinfo=UTC)
    assert first.link == "https://allafrica.com/stories/202602170434.html"
    assert first.language == "en-us"
    assert third.body.startswith("[Ghanaian Times] The Embassy of the Russian Federation in Ghana")


def test_atom_text_summary_with_escaped_nbsp_is_decoded():
    # Blogger's <summary type="text"> is the post's text with its &nbsp; escaped for XML once more
    # ("pattern...&amp;nbsp; So please"): the body kept "&nbsp;" as text.
    first, second = parse("atom-1.0-fastfeedparser-blogger-text-summary-escaped-nbsp.xml", "application/atom+xml")
    assert first.headline == "Undo Log Truncation Bug in 8.0 leads to Data Corruption"
    assert first.body.startswith("I am upset about this one : I have a hard time not seeing this as negligence, and it "
                                 "starts to become a pattern... So please forgive me if this post is not my most "
                                 "diplomatic, because I really think someone deserves a kick in the butt ! But what")
    assert "\xa0" not in first.body and "&" not in first.body
    assert first.published == datetime(2026, 1, 5, 22, 23, tzinfo=UTC)
    assert second.body.startswith("This is a MySQL Blog, why am I posting about Slack, Feed Readers, RSS and Atom ? "
                                  "Because blog aggregators")


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("AT&T and R&D; staff", "AT&T and R&D; staff"),  # no complete reference: kept
        ("Talks &amp; truce &#8212; day two", "Talks & truce \u2014 day two"),
        ("&nbsp;Opening\n\nSecond&nbsp;&nbsp; paragraph", "Opening\n\nSecond paragraph"),
    ],
)
def test_references_left_in_a_plain_text_body_are_decoded(text, body):
    (item,) = parse_bytes(json.dumps({"headline": "Talks", "body": text}).encode(), "application/json")
    assert item.body == body


# --------------------------------------------------------------------------- "Read more" closing the text


def test_atom_excerpt_closing_with_an_inline_read_more_link_loses_it():
    # A WordPress theme's excerpt: "... listed on the National ... <a class="read-more">Read more</a>"
    # inside the excerpt's last paragraph (not a paragraph of its own): "Read more" stayed.
    first, second = parse("atom-1.0-fastfeedparser-wordpress-inline-read-more-link.xml", "application/atom+xml")
    assert first.headline == "1850 Greek Revival in Pittsview, AL"
    assert first.body.endswith("Known as the Raiford House, this property is listed on the National ...")
    assert second.body.endswith("Featuring 15+ bedrooms with plenty of room to ...")
    assert first.published == datetime(2026, 2, 17, 23, 36, 54, tzinfo=UTC)
    assert first.language == "en-US"


def test_rss_escaped_html_excerpt_closing_with_read_more_loses_it():
    # Escaped HTML whose excerpt ends "...<a href=...>Read More</a>" (after the ellipsis, or after a
    # cut-off tag: "a solution in <a...<a href=...>Read More</a>").
    first, second, third = parse("rss-2.0-fastfeedparser-escaped-html-ellipsis-read-more.xml", "application/rss+xml")
    assert first.body.endswith("this isn\u2019t ideal.\n\nCore developer Peter Todd has proposed a solution in")
    assert third.body.endswith("such that the transfer is guaranteed to be...")
    assert first.published == datetime(2015, 6, 30, 8, 27, 19, tzinfo=UTC)
    assert "Read More" not in second.body + third.body


@pytest.mark.parametrize(
    "last",
    [
        "You can read more about him at his blog.",  # a sentence
        "Officials urged residents to keep reading the notices",  # lower case, no ellipsis: prose
        "The minister told pupils: Read more books.",
    ],
)
def test_prose_with_read_more_words_stays(last):
    doc = ('<rss version="2.0"><channel><title>t</title><item><title>Talks</title><description>'
           f"&lt;p&gt;First paragraph of the story.&lt;/p&gt;&lt;p&gt;{last}&lt;/p&gt;</description></item></channel></rss>")
    (item,) = parse_bytes(doc.encode(), "application/rss+xml")
    assert item.body == f"First paragraph of the story.\n\n{last}"


# --------------------------------------------------------------------------- refusals that say where


def test_pretty_printed_json_with_trailing_text_says_where_the_document_breaks():
    # A JSON Feed file followed by other text (rubycocos/feedparser keeps its test's expectations after
    # the feed): refused as "unexpected end of data: line 1 column 2", the error of reading it as JSON
    # lines; the document's own error says where it breaks.
    doc = b'{\n    "version": "https://jsonfeed.org/version/1",\n    "items": []\n}\n\nfeed.title: By Parker\n'
    with pytest.raises(ParseError) as err:
        parse_bytes(doc, "application/feed+json")
    assert err.value.reason == "unparseable"
    assert "unexpected content after document: line 6 column 1" in str(err.value)
    with pytest.raises(ParseError) as err:
        parse_bytes(b'{"a": 1}\n{"b": \n', "application/x-ndjson")
    assert "line 1 column 7" in str(err.value)  # JSON lines: the broken line's error


# --------------------------------------------------------------------------- NITF


@pytest.mark.parametrize("ctype", [None, "application/nitf+xml", "text/xml"])
def test_nitf_story_date_in_the_dateline_is_the_time(ctype):
    # EFE's NITF (as the Opennemas CMS's agency importer tests hold it) dates the story only in
    # body.head/dateline/story.date@norm: the item had the receive time.
    (item,) = parse("nitf-efe-style-story-date-in-dateline.xml", ctype)
    assert item.published == datetime(2026, 3, 1, 9, 15, tzinfo=UTC)
    assert item.headline == "Al menos doce muertos en un ataque con drones contra un mercado en Jartum"
    assert item.guid == "31877204"
    assert item.located == "Jartum"
    assert item.body.startswith("Jartum, 1 mar (EFE).- Al menos doce personas murieron este domingo")
    assert "20260301T101500" not in item.body


def test_nitf_issue_date_still_wins_over_the_story_date():
    doc = load("nitf-efe-style-story-date-in-dateline.xml").replace(
        b'<doc-id id-string="31877204" />', b'<doc-id id-string="31877204" />\n      <date.issue norm="20260301T120000Z" />')
    (item,) = parse_bytes(doc, "application/nitf+xml")
    assert item.published == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("ctype", [None, "application/nitf+xml"])
def test_nitf_body_content_of_escaped_html_is_read_as_html(ctype):
    # A CMS's NITF export (Opennemas' shape) escapes the HTML of body.content once more than XML needs
    # ("&amp;lt;p&amp;gt;..."): the body was the tags as text ("&lt;p&gt;Las autoridades...").
    (item,) = parse("nitf-cms-export-escaped-html-body.xml", ctype)
    assert item.headline == "Evacuados 3.000 vecinos de Kupiansk"
    assert item.subheadline == "Las autoridades de Járkov amplían la evacuación obligatoria"
    assert item.body == ("Las autoridades de la región de Járkov evacuaron a 3.000 vecinos de Kupiansk y de las aldeas "
                         "cercanas, \"por los bombardeos constantes\".\n\nLa evacuación obligatoria alcanza ya a 27 "
                         "localidades del distrito.")
    assert item.published == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def test_escaped_markup_in_a_json_body_is_read_as_html():
    doc = {"headline": "Talks", "body": "&lt;p&gt;First.&lt;/p&gt;&lt;p&gt;Second &amp;amp; last.&lt;/p&gt;"}
    (item,) = parse_bytes(json.dumps(doc).encode(), "application/json")
    assert item.body == "First.\n\nSecond & last."


# --------------------------------------------------------------------------- ninjs


@pytest.mark.parametrize("ctype", [None, "application/json", "application/ninjs+json"])
def test_ninjs_body_text_holding_html_is_read_as_html(ctype):
    # PA's ninjs as the Guardian's newswires ingest it: a results table as HTML in body_text (the
    # plain-text field). The body was the <table>/<tr>/<td> markup, its lines joined.
    (item,) = parse("ninjs-1.x-guardian-newswires-pa-html-table-in-body-text.json", ctype)
    assert item.format == "ninjs"
    assert item.headline == "RUGBYU Tables Premiership Premiership | Standard (DF GNM Styled on 5)"
    assert item.body.startswith("PREMIERSHIP\n\nP W D L F A B Pts\n\nNorthampton Saints 10 8 1 1 390 282 9 43\n\n")
    assert item.body.endswith("Newcastle Red Bulls 10 1 0 9 167 439 1 5")
    assert "<" not in item.body
    assert item.published == datetime(2026, 3, 10, 11, 0, 15, tzinfo=UTC)
    assert item.language == "en"


def test_ninjs_plain_body_text_keeps_its_lines_as_paragraphs():
    doc = {"uri": "urn:x:1", "type": "text", "headline": "Talks", "versioncreated": "2026-03-10T11:00:15Z",
           "body_text": "First line of the story, long enough to be a paragraph of its own here.\n"
                        "Second line: 3 < 4 and 5 > 2, said the <b>-less writer."}
    (item,) = parse_bytes(json.dumps(doc).encode(), "application/ninjs+json")
    assert item.body.startswith("First line of the story")
    assert "3 < 4 and 5 > 2" in item.body


# --------------------------------------------------------------------------- press-release trailers


@pytest.mark.parametrize("ctype", [None, "application/nitf+xml", "text/xml"])
def test_business_wire_closing_block_is_dropped(ctype):
    # A Business Wire release as AP's NITF carries it: after the story, "View source version on
    # businesswire.com:", the contacts, KEYWORD / INDUSTRY KEYWORD / SOURCE lines, the copyright and
    # "PUB: .../DISC: ..." stayed in the body.
    (item,) = parse("nitf-3.4-guardian-newswires-ap-business-wire-release.xml", ctype)
    assert item.headline.startswith("Shop Holiday Deals Now: BJ\u2019s Wholesale Club Offers Unbeatable Savings")
    assert item.body.startswith("MARLBOROUGH, Mass.--(BUSINESS WIRE)--Dec 5, 2024--\n\nBJ's Wholesale Club (NYSE: BJ)")
    assert item.body.endswith("For more information, please visit us at www.BJs.com or on Facebook, and Instagram.")
    for junk in ("View source version", "CONTACT:", "KEYWORD:", "Copyright Business Wire", "PUB: 12/05/2024"):
        assert junk not in item.body
    assert item.published == datetime(2024, 12, 5, 11, 2, 59, tzinfo=UTC)
    assert item.located == "MARLBOROUGH, Mass."


def test_pr_newswire_closing_block_is_dropped_and_prose_mentioning_it_stays():
    text = ("<p>KYIV, Ukraine, March 1, 2026 /PRNewswire/ -- The charity delivered 40 generators.</p>"
            "<p>Readers can view original content: the report is online.</p>"
            "<p>View original content to download multimedia:https://www.prnewswire.com/news-releases/x.html</p>"
            "<p>SOURCE Example Relief Fund</p>")
    (item,) = parse_bytes(json.dumps({"headline": "Generators delivered", "body": text}).encode(), "application/json")
    assert item.body == ("KYIV, Ukraine, March 1, 2026 /PRNewswire/ -- The charity delivered 40 generators.\n\n"
                         "Readers can view original content: the report is online.")


# --------------------------------------------------------------------------- datelines


def test_business_wire_dateline_with_a_state_abbreviation_gives_the_place():
    # Business Wire's "LAKEVILLE, Conn.--(BUSINESS WIRE)--Aug 29, 2024--" (a Fingerpost ninjs entry, in
    # the Guardian's newswires): the period of "Conn." ended the place, the item had no located.
    (item,) = parse("ninjs-1.x-guardian-newswires-fingerpost-business-wire.json", "application/ninjs+json")
    assert item.headline == "Nissan Sentra Cup Makes Historic Debut at Iconic Lime Rock Park"
    assert item.located == "LAKEVILLE, Conn."
    assert item.body.startswith("LAKEVILLE, Conn.--(BUSINESS WIRE)--Aug 29, 2024--\n\nNestled in the mountains")
    assert "<p>" not in item.body
    assert item.published == datetime(2024, 8, 29, 12, 2, 49, tzinfo=UTC)


@pytest.mark.parametrize(
    ("lede", "place"),
    [
        ("ATLANTA, Ga. (AP) \u2014 Storms", "ATLANTA, Ga."),
        ("ALBANY, N.Y. (AP) \u2014 Lawmakers", "ALBANY, N.Y."),
        ("WASHINGTON, D.C. (Reuters) - Officials", "WASHINGTON, D.C."),
        ("He met St. Louis (AP) \u2014 officials", None),  # a sentence, not a dateline
        ("Talks ended. Mr. Smith (AP) - left", None),
    ],
)
def test_ap_datelines_with_abbreviated_states(lede, place):
    doc = {"headline": "Talks", "body": f"{lede} said on Sunday that the talks would go on."}
    (item,) = parse_bytes(json.dumps(doc).encode(), "application/json")
    assert item.located == place


# --------------------------------------------------------------------------- JSON Feed


def test_json_feed_markdown_content_text_gives_way_to_the_html():
    # Nicholas Zakas' site (Eleventy) writes content_text as the post's Markdown source and
    # content_html escaped once more than JSON needs: the body was "[Supabase](https://supabase.com)
    # uses JWT signing keys...".
    (item,) = parse("json-feed-1.0-fastfeedparser-markdown-content-text-escaped-html.json", "application/feed+json")
    assert item.headline == "Using your own Supabase signing keys"
    assert item.body.startswith("Supabase uses JWT signing keys to sign authentication tokens. By default,")
    assert "](" not in item.body and "<" not in item.body
    assert item.published == datetime(2026, 2, 16, tzinfo=UTC)
    assert item.link == "https://humanwhocodes.com/snippets/2026/02/using-your-own-supabase-signing-keys/"


def test_json_feed_plain_content_text_still_wins():
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
        {"id": "1", "title": "Talks", "content_text": "Plain text [see below] (and more).",
         "content_html": "<p>Rendered</p>"}]}
    (item,) = parse_bytes(json.dumps(doc).encode(), "application/feed+json")
    assert item.body == "Plain text [see below] (and more)."


@pytest.mark.parametrize("ctype", [None, "application/json"])
def test_reuters_connect_item_body_xhtml_is_the_body(ctype):
    # A Reuters Connect API item (GraphQL `item` query, the fields the Guardian's newswires poller asks
    # for): camelCase ninjs-like fields, the story only in `bodyXhtml`. The body was empty.
    (item,) = parse("json-reuters-connect-graphql-item-body-xhtml.json", ctype)
    assert item.headline == "Israeli strikes kill 12 in Gaza, health officials say"
    assert item.body == ("GAZA, March 1 (Reuters) - Israeli strikes killed at least 12 people in Gaza on Sunday, "
                         "health officials said.\n\nThe Israeli military said it had targeted militants.")
    assert item.located == "GAZA"
    assert item.guid == "tag:reuters.com,2026:newsml_L8N3PQ0AB"
    assert item.published == datetime(2026, 3, 1, 10, 15, tzinfo=UTC)
    assert item.language == "en"


# --------------------------------------------------------------------------- dispatch text


@pytest.mark.parametrize("ctype", [None, "text/plain", "text/plain; charset=utf-8"])
def test_wire_transmission_envelope_is_dropped(ctype):
    # Wire text as a serial or satellite feed delivers it (ANPA 1312 / IPTC 7901): SOH, the header line
    # (selector, priority, slug, date, word count), STX, the story (CRLF, indented paragraphs), ETX.
    # It was refused as having no date line, and with no content type as of no known format.
    (item,) = parse("dispatch-anpa-1312-transmission-envelope.txt", ctype)
    assert item.format == "dispatch"
    assert item.headline == "Ukrainian forces repel attack near Kupiansk"
    assert item.body == ("KYIV, Ukraine (AP) \u2014 Ukrainian forces repelled a Russian assault near Kupiansk on "
                         "Sunday, the General Staff said, as shelling killed two civilians in the Kharkiv region.\n\n"
                         "Regional governor Oleh Syniehubov said the victims were a man and a woman in their sixties.")
    assert item.located == "KYIV, Ukraine"
    assert "BC-Ukraine" not in item.body + item.headline


def test_control_characters_alone_do_not_make_a_dispatch():
    from agents.formats.dispatch import looks_like

    assert not looks_like("\x01 no text start marker here")
    assert looks_like("\x01a0417 \x1f4 i BC-Slug\x02\r\nHeadline")


# --------------------------------------------------------------------------- content types


@pytest.mark.parametrize(
    ("ctype", "fixture", "reason", "says"),
    [
        ("application/vnd.iptc.g2.packageitem+xml", "newsml-LISTING_6_Simple_NewsML-G2_Package.xml", "empty", "is a package"),
        ("application/vnd.iptc.g2.conceptitem+xml",
         "newsml-LISTING_10_Abstract_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml", "unsupported_format", "is a concept"),
    ],
)
def test_iptc_g2_item_types_are_refused_for_what_they_are(ctype, fixture, reason, says):
    # IPTC's registered media types for the other G2 items: the refusal said "unsupported content
    # type" before saying what the document is.
    with pytest.raises(ParseError) as err:
        parse(fixture, ctype)
    assert err.value.reason == reason
    assert says in str(err.value) and "unsupported content type" not in str(err.value)
