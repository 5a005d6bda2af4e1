"""Format parsers, round 8: real-world variants (fixtures in tests/fixtures, sources in its README)."""

from __future__ import annotations

from datetime import datetime

import orjson
import pytest

from agents.formats import parse_payload

# The real-world suite's fixture helpers (same fixtures directory, same receive time).
from tests.test_sources_formats_realworld import RECEIVED, UTC, load, parse, reason


def parse_bytes(payload: bytes, ctype: str | None = None, source: str = "wire"):
    return parse_payload(payload, ctype, source=source, received=RECEIVED)


# --------------------------------------------------------------------------- ninjs packages, draft 2.0


@pytest.mark.parametrize("ctype", ["application/json", None])
def test_ninjs_1x_package_takes_its_story_from_the_associated_text_item(ctype):
    # A Superdesk-style package: headline only, the story in associations["main-0"] (1.x: an
    # object keyed by role); the picture in "main-1" is no story.
    [item] = parse("ninjs-1.x-superdesk-style-package-text-in-associations.json", ctype)
    assert item.format == "ninjs" and item.guid == "urn:newsml:wire.example.org:2026-09-20:package:7f3c2a"
    assert item.headline == "Shelling hits Kharkiv power plant"  # the package's own headline
    assert item.body.split("\n\n") == [
        "KHARKIV, Ukraine (Wire) - Russian shelling hit a thermal power plant in Kharkiv overnight, "
        "cutting heating to about 40,000 homes, the regional governor said on Sunday.",
        "Repair crews were at the site by dawn, he said, and no one was hurt.",
    ]
    assert "Firefighters" not in item.body
    assert item.published == datetime(2026, 9, 20, 8, 41, 12, tzinfo=UTC) and item.version == 2
    assert item.language == "en" and item.located == "Kharkiv"  # from the text item


@pytest.mark.parametrize("ctype", ["application/json", None])
def test_ninjs_2x_package_associations_array_headline_time_language_from_the_text(ctype):
    # 2.x: associations is an array; the package has no headline, time or language of its own.
    [item] = parse("ninjs-2.x-package-text-in-associations-array.json", ctype)
    assert item.guid == "http://wire.example.org/packages/2026-09-20-sudan-fasher"
    assert item.headline == "Soudan : des tirs d'artillerie frappent El Fasher"
    assert item.body.startswith("Des tirs d'artillerie ont frappé samedi") and item.body.count("\n\n") == 1
    assert "Families displaced" not in item.body
    assert item.published == datetime(2026, 9, 20, 12, 5, tzinfo=UTC) and item.language == "fr"


def test_ninjs_package_with_only_media_associations_stays_empty_or_described():
    doc = b'{"uri": "p1", "type": "composite", "versioncreated": "2026-09-20T10:00:00Z", ' \
          b'"associations": {"main": {"uri": "x", "type": "picture", "description_text": "A caption."}}}'
    assert reason(doc, "application/json").reason == "invalid_item"


def test_ninjs_package_association_with_malformed_fields_is_passed_over():
    doc = (b'{"uri": "p2", "type": "composite", "headline": "H", "associations": ['
           b'{"name": "a", "type": "text", "headline": ["bad"], "body_text": {"a": 1}},'
           b'{"name": "b", "type": "text", "body_text": "The story text.", "versioncreated": "not a date"}]}')
    [item] = parse_bytes(doc, "application/json")
    assert item.headline == "H" and item.body == "The story text." and item.published == RECEIVED


def test_ninjs_draft_2_0_singular_arrays():
    # iptc/newsinjson examples/2.0/ninjsExComplex2.json as it stood in 2019-2021: "headline": [{name,
    # text}], "body": [{name, value}] (plain, then XHTML), associations an array of pictures.
    [item] = parse("ninjs-2.0-draft-ninjsExComplex2.json", "application/json")
    assert item.guid == "http://ninjs.example.com/newsitems/20130709cplx456"
    assert item.headline == "Captain of wrecked cruise ship on trial in Italy"
    paras = item.body.split("\n\n")
    assert len(paras) == 4 and paras[0].startswith("GROSSETO, Italy (AP) -- The trial of the captain")
    assert "Costa Concordia cruise ship lies on its side" not in item.body
    assert item.published == datetime(2013, 7, 9, 10, 39, tzinfo=UTC) and item.language == "en"


# --------------------------------------------------------------------------- one date reader for all parsers


def _g2(version_created: str) -> bytes:
    return ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1" version="1"><itemMeta>'
            f'<itemClass qcode="ninat:text"/><versionCreated>{version_created}</versionCreated></itemMeta>'
            '<contentMeta><headline>h</headline></contentMeta><contentSet>'
            '<inlineData contenttype="text/plain">b</inlineData></contentSet></newsItem>').encode()


@pytest.mark.parametrize("value, expected", [
    # email.utils read a zone name it does not know as UTC; the feed reader knows CET / MSK
    ("Tue, 03 Dec 2024 17:30:00 CET", datetime(2024, 12, 3, 16, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 MSK", datetime(2024, 12, 3, 14, 30, tzinfo=UTC)),
    ("Di, 03 Dez 2024 17:30:00 +0100", datetime(2024, 12, 3, 16, 30, tzinfo=UTC)),  # localised
])
def test_newsml_ninjs_and_json_read_feed_style_dates_as_the_feeds_do(value, expected):
    from agents.formats import dates, newsml, rss

    assert newsml.parse_datetime is dates.parse_datetime and rss.feed_date is dates.feed_date
    [g2] = parse_bytes(_g2(value))
    [nj] = parse_bytes(orjson.dumps({"uri": "u", "versioncreated": value, "headline": "h", "body_text": "b"}),
                       "application/json")
    [js] = parse_bytes(orjson.dumps({"id": "j", "published": value, "headline": "h", "body": "b"}),
                       "application/json")
    assert g2.published == nj.published == js.published == expected


# --------------------------------------------------------------------------- 12-hour clock, zone names


def test_rss_twelve_hour_clock_and_zone_names_read_right_or_left_unset():
    items = {i.guid.rsplit("/", 1)[-1]: i for i in parse("rss-2.0-twelve-hour-clock-and-zone-names.xml")}
    assert items["a1"].published == datetime(2024, 12, 3, 22, 30, tzinfo=UTC)  # 5:30 PM EST (was 05:30)
    assert items["a2"].published == datetime(2024, 12, 3, 17, 30, tzinfo=UTC)  # no zone: UTC
    assert items["a3"].published == datetime(2024, 12, 3, 12, 0, tzinfo=UTC)  # IST: India, +05:30
    assert items["a4"].published == datetime(2024, 12, 3, 16, 30, tzinfo=UTC)  # WAT +01:00
    assert items["a5"].published == datetime(2024, 12, 3, 6, 15, tzinfo=UTC)  # 9:15 a.m. EAT +03:00
    assert items["a6"].published == datetime(2024, 12, 3, 14, 30, tzinfo=UTC)  # unknown zone: the dc:date
    assert items["a7"].published == datetime(2024, 6, 3, 21, 30, tzinfo=UTC)  # ET in June: EDT
    assert items["a8"].published == RECEIVED  # an unknown zone name is no UTC: the receive time


@pytest.mark.parametrize("value, expected", [
    ("Tue, 03 Dec 2024 5:30 PM EST", datetime(2024, 12, 3, 22, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 12:10 AM GMT", datetime(2024, 12, 3, 0, 10, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 12:10 PM +0100", datetime(2024, 12, 3, 11, 10, tzinfo=UTC)),
    ("December 3, 2024 5:30 PM", datetime(2024, 12, 3, 17, 30, tzinfo=UTC)),
    ("3 December 2024, 5:30 pm", datetime(2024, 12, 3, 17, 30, tzinfo=UTC)),
    ("Dec 3, 2024, 5:30 PM ET", datetime(2024, 12, 3, 22, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 CET", datetime(2024, 12, 3, 16, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 EET", datetime(2024, 12, 3, 15, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 PKT", datetime(2024, 12, 3, 12, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 MSK", datetime(2024, 12, 3, 14, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 JST", datetime(2024, 12, 3, 8, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 AEST", datetime(2024, 12, 3, 7, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 (EAT)", datetime(2024, 12, 3, 14, 30, tzinfo=UTC)),
    ("2024-12-03 17:30:00 IST", datetime(2024, 12, 3, 12, 0, tzinfo=UTC)),  # feedparser: 00:00
    ("2024-12-03 17:30:00 +0530", datetime(2024, 12, 3, 12, 0, tzinfo=UTC)),  # feedparser: 12:30
    ("Tue, 3 Dec 2024 17:30:00", datetime(2024, 12, 3, 17, 30, tzinfo=UTC)),  # feedparser: nothing
    ("Tue, 03 Dec 2024 17:30:00 XYZ", None),  # feedparser: 17:30 UTC
    ("Tue, 03 Dec 2024 25:30 PM EST", None),
    # Java's Date.toString(): feedparser dropped the zone
    ("Tue Dec 03 17:30:00 CET 2024", datetime(2024, 12, 3, 16, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 Europe/Berlin", datetime(2024, 12, 3, 16, 30, tzinfo=UTC)),
    ("Tue, 03 Dec 2024 17:30:00 EST5EDT", None),  # feedparser: 17:30 UTC
    ("Tuesday, December 3, 2024 - 17:30", datetime(2024, 12, 3, 17, 30, tzinfo=UTC)),
    ("1733247000", datetime(2024, 12, 3, 17, 30, tzinfo=UTC)),  # feedparser: the year 1733
    ("1733247000000", datetime(2024, 12, 3, 17, 30, tzinfo=UTC)),
    # an RFC 9557 zone name: by the offset, else unread (as in ninjs and NewsML-G2), never UTC
    ("2024-03-01T10:00+01:00[Europe/Berlin]", datetime(2024, 3, 1, 9, 0, tzinfo=UTC)),
    ("2024-03-01T10:00[Europe/Berlin]", None),
    # clock words and labels CMSs print into the field
    ("03.12.2024 17:30 Uhr", datetime(2024, 12, 3, 17, 30, tzinfo=UTC)),
    ("Di, 03.12.2024, 17:30 Uhr", datetime(2024, 12, 3, 17, 30, tzinfo=UTC)),
    ("Dec 3, 2024, 17:30 hrs IST", datetime(2024, 12, 3, 12, 0, tzinfo=UTC)),
    ("Updated: Dec 3, 2024, 5:30 PM", datetime(2024, 12, 3, 17, 30, tzinfo=UTC)),
])
def test_feed_date_twelve_hour_clock_and_zone_names(value, expected):
    from agents.formats.dates import feed_date, loose_date

    assert (feed_date(value) or loose_date(value)) == expected


# --------------------------------------------------------------------------- one whitespace rule


def test_cjk_headline_broken_across_lines_keeps_no_space_in_every_format():
    rss_doc = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
               '<item><title>中国政府\n  今天宣布停火</title><guid>g1</guid><description>内容。</description></item>'
               '</channel></rss>').encode()
    [item] = parse_bytes(rss_doc)
    assert item.headline == "中国政府今天宣布停火"
    [nj] = parse_bytes(orjson.dumps({"uri": "u", "versioncreated": "2024-01-01T00:00:00Z",
                                     "headline": "中国政府\n今天宣布停火", "body_text": "内容。"}), "application/json")
    assert nj.headline == "中国政府今天宣布停火"
    [g2] = parse_bytes(_g2("2024-01-01T00:00:00Z").replace(b"<headline>h</headline>",
                                                           "<headline>中国政府\n今天宣布停火</headline>".encode()))
    assert g2.headline == "中国政府今天宣布停火"
    [dispatch] = parse_bytes(" date 2024-01-01 停火\n\n中国政府\n今天宣布停火。\n".encode(), "text/plain")
    assert dispatch.body == "中国政府今天宣布停火。"
    # Latin words either side of a line break keep their space
    [latin] = parse_bytes(rss_doc.replace("中国政府\n  今天宣布停火".encode(), b"Ceasefire\n  declared"))
    assert latin.headline == "Ceasefire declared"


# --------------------------------------------------------------------------- NewsML-G2 in several languages


def test_newsml_g2_multilingual_headlines_one_language_per_item():
    first, second = parse("newsml-multilingual-headlines-news-message.xml")
    # No declared language: the first headline's (en), and the English rendition and subheadline
    assert first.language == "en" and first.headline == "UN agency warns of new displacement in the Sahel"
    assert first.subheadline == "Tens of thousands flee fighting in central Mali"
    assert first.body.startswith("GENEVA - Fighting in central Mali") and "GENÈVE" not in first.body
    assert first.published == datetime(2026, 9, 20, 7, 58, tzinfo=UTC) and first.version == 1
    # contentMeta/language fr: the French headline and rendition
    assert second.language == "fr" and second.headline == "Le HCR met en garde contre de nouveaux déplacements au Sahel"
    assert second.body.startswith("GENÈVE - Les combats") and "GENEVA" not in second.body
    assert second.version == 2 and second.guid.endswith("unhcr-sahel-fr")


def test_newsml_g2_item_xml_lang_picks_the_headline_and_region_subtags_match():
    doc = ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:2" version="1" xml:lang="fr-CA">'
           '<itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-01-01T00:00:00Z</versionCreated></itemMeta>'
           '<contentMeta><headline xml:lang="en">English</headline><headline xml:lang="fr">Français</headline>'
           '</contentMeta><contentSet><inlineData contenttype="text/plain">Texte.</inlineData></contentSet>'
           '</newsItem>').encode()
    [item] = parse_bytes(doc)
    assert item.headline == "Français" and item.language == "fr-CA" and item.body == "Texte."


# --------------------------------------------------------------------------- feeds that are not well-formed


def test_feed_not_well_formed_but_complete_is_read_leniently():
    # feedjira's ITunesWithSingleQuotedAttributes.xml: an unclosed <itunes:category> (expat: mismatched
    # tag); feedparser's lenient reading finds the three episodes (was refused as unparseable).
    items = parse("rss-2.0-feedjira-itunes-unclosed-category.xml", "application/rss+xml")
    assert [i.headline for i in items] == ["Shake Shake Shake Your Spices", "Socket Wrench Shootout", "Red, Whine, & Blue"]
    assert items[0].guid == "http://example.com/podcasts/archive/aae20050615.m4a"
    assert items[0].published == datetime(2005, 6, 15, 19, 0, tzinfo=UTC) and items[0].language == "en-us"
    assert items[1].body.startswith("This week we talk about metric vs. old english socket wrenches.")
    assert [i.format for i in parse("rss-2.0-feedjira-itunes-unclosed-category.xml")] == ["rss"] * 3


_MALFORMED = (b'<rss version="2.0"><channel><title>t</title><itunes:category text="x">'
              b'<item><title>A</title><description>d</description></item></channel></rss>')


@pytest.mark.parametrize("doc, expected", [
    (_MALFORMED, None),
    (b'<rss version=2.0><channel><item><title>A</title><description>d</description></item></channel></rss>', None),
    (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title>A<b></title><content>d</content>'
     b'</entry></feed>', None),
    # unsafe XML stays refused, malformed or not
    (b'<!DOCTYPE rss [<!ENTITY e "boom">]>' + _MALFORMED.replace(b"<title>A", b"<title>&e;A"), ("unsafe_xml", "entities")),
    (b'<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + _MALFORMED.replace(b"<title>A", b"<title>&e;A"),
     ("unsafe_xml", "external")),
    (b'<!DOCTYPE rss SYSTEM "http://example.org/rss.dtd">' + _MALFORMED, ("unparseable", "not well-formed")),
    # an entity nothing defines is not guessed at
    (_MALFORMED.replace(b"<title>A", b"<title>&bogus;A"), ("unparseable", "undefined entity")),
    # cut off in transfer: refused (fetched again), saying so
    (_MALFORMED[:-20], ("unparseable", "cut off in transfer")),
    # nothing feedparser can find either
    (b'<rss version="2.0"><channel><title>t</title><foo></channel></rss>', ("unparseable", "found no feed entries")),
])
def test_feed_not_well_formed_lenient_reading_or_a_clear_refusal(doc, expected):
    if expected is None:
        [item] = parse_bytes(doc, "application/rss+xml")
        assert (item.headline, item.body) == ("A", "d")
        return
    err = reason(doc, "application/rss+xml")
    assert err.reason == expected[0] and expected[1] in err.message, err.message


def test_feed_not_well_formed_with_too_many_attributes_is_not_handed_to_feedparser():
    doc = _MALFORMED.replace(b"<item>", b"<item " + b"".join(b'a%d="1" ' % i for i in range(2000)) + b">")
    err = reason(doc, "application/rss+xml")
    assert err.reason == "unparseable" and "attributes" in err.message


# --------------------------------------------------------------------------- encodings, RSS 0.91


def test_utf8_bom_before_a_windows_1251_document_reads_the_declared_encoding():
    # A stray UTF-8 BOM before windows-1251 bytes (declared): was invalid_utf8 (the BOM won).
    [item] = parse("rss-2.0-utf8-bom-before-windows-1251.xml", "application/rss+xml")
    assert item.headline == "Обстрел Харькова: пострадали пять человек" and item.language == "ru"
    assert item.body == "В результате обстрела пострадали пять человек."
    assert item.published == datetime(2024, 12, 3, 14, 30, tzinfo=UTC)
    # A BOM before UTF-8 bytes still wins over a stale declaration
    utf8 = load("rss-2.0-utf8-bom-before-windows-1251.xml")[3:].decode("cp1251").encode("utf-8")
    [again] = parse_bytes(b"\xef\xbb\xbf" + utf8, "application/rss+xml")
    assert again.headline == item.headline


def test_rss_0_91_with_netscape_doctype_in_iso_8859_1():
    first, second = parse("rss-0.91-netscape-doctype-iso-8859-1.xml")
    assert first.format == "rss" and first.headline == "Réfugiés : l'ONU lance un appel d'urgence"
    assert first.body.endswith("Café & pain distribués.")  # a Latin-1 é and the HTML entity &eacute;
    assert first.guid == "http://writetheweb.com/read.php?item=24" == first.link  # no <guid>: the link
    assert first.language == "fr-fr" and first.published == RECEIVED  # RSS 0.91 items have no date
    assert second.headline == "Syndication discussions hot up"


@pytest.mark.parametrize("name, expected", [
    # "Mon, 21 Jan 2008 8:56 am PST": was 08:56 UTC (am and PST dropped)
    ("rss-2.0-rome-yahoo-weather-sunnyvale-am-pst.xml", datetime(2008, 1, 21, 16, 56, tzinfo=UTC)),
    # "Sun, 20 Apr 2014 8:19 pm CEST": was 08:19 UTC
    ("rss-2.0-rome-yahoo-weather-milano-pm-cest.xml", datetime(2014, 4, 20, 18, 19, tzinfo=UTC)),
])
def test_yahoo_weather_twelve_hour_pubdates(name, expected):
    [item] = parse(name)
    assert item.published == expected and item.headline.startswith("Conditions for ")


# --------------------------------------------------------------------------- breadth: media:group, Atom constructs


def test_rss_item_whose_only_text_is_a_media_group_description():
    [item] = parse("rss-2.0-media-group-description-only.xml")
    assert item.headline == "Aid convoy reaches Gaza City" and item.guid == "vid-1"
    assert item.body == "Trucks carrying flour and medicine reached northern Gaza on Tuesday, the UN said."
    assert item.published == datetime(2024, 12, 3, 17, 30, tzinfo=UTC)


def test_atom_html_and_xhtml_titles_out_of_line_content_and_xml_lang():
    first, second, third = parse("atom-1.0-html-xhtml-titles-out-of-line-content.xml", "application/atom+xml")
    # type="html" title with escaped markup and a doubly escaped entity; <content src> (out of
    # line): the summary is the text
    assert first.format == "atom" and first.headline == "Waffenruhe im Libanon hält"
    assert first.body == "Die Waffenruhe zwischen Israel und der Hisbollah hält vorerst."
    assert first.published == datetime(2024, 12, 3, 16, 30, tzinfo=UTC) and first.language == "de"
    # type="xhtml" title and content (a content xml:base)
    assert second.headline == "Angriff auf Charkiw"
    assert second.body == "Bei einem Angriff auf Charkiw wurden zwei Menschen verletzt.\n\nDas teilte der Gouverneur mit."
    assert second.published == datetime(2024, 12, 3, 9, 0, tzinfo=UTC)  # published before updated
    # an entry's own xml:lang; a text construct's line break within a paragraph
    assert third.language == "en" and third.body == "Line one of the text.\n\nSecond paragraph."


@pytest.mark.parametrize("doc, what", [
    (b'<!DOCTYPE rss [<!ENTITY e "boom">]><rss><channel><item><title>&e;</title></item></channel></rss>',
     "an entity 'e'"),
    (b'<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&e;</title></item>'
     b'</channel></rss>', "an external entity 'e' (file:///etc/passwd)"),
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><newsItem guid="g">'
     b'<contentMeta><headline>&lol2;</headline></contentMeta></newsItem>', "an entity 'lol'"),
])
def test_unsafe_xml_dead_letter_says_what_was_declared(doc, what):
    err = reason(doc)
    assert err.reason == "unsafe_xml" and what in err.message and "nothing expanded or fetched" in err.message


# --------------------------------------------------------------------------- byte order marks in JSON and text


_NINJS = '{"uri": "u1", "versioncreated": "2024-01-01T00:00:00Z", "headline": "Überfall", "body_text": "B"}'


@pytest.mark.parametrize("payload, ctype", [
    (b"\xef\xbb\xbf" + _NINJS.encode(), None),  # was read as generic JSON: orjson refuses the BOM
    (b"\xef\xbb\xbf" + _NINJS.encode(), "application/json"),
    (_NINJS.encode("utf-16"), "application/json"),  # was invalid_utf8
    (_NINJS.encode("utf-16"), "application/json; charset=utf-16"),
    (_NINJS.encode("utf-16"), None),
    (_NINJS.encode("utf-32"), None),
])
def test_ninjs_with_a_byte_order_mark_is_ninjs(payload, ctype):
    from agents.formats.base import payload_hash

    [item] = parse_bytes(payload, ctype)
    assert item.format == "ninjs" and item.headline == "Überfall" and item.body == "B"
    assert item.payload_hash == payload_hash(payload)


def test_dispatch_in_utf16_with_a_byte_order_mark():
    [item] = parse_bytes("\ufeff date 2024-01-01 Headline\n\nSub\n\nBody.\n".encode("utf-16-be"))
    assert (item.format, item.headline, item.body) == ("dispatch", "Headline", "Body.")


# --------------------------------------------------------------------------- JSON articles of news APIs


def test_newsapi_style_listing_is_read_as_articles():
    first, second = parse("json-newsapi-style-top-headlines.json", "application/json")
    assert first.format == "json" and first.headline == "Syrian rebels enter Hama after days of fighting"
    # content cut at 200 characters ("... [+2431 chars]"): the description, whole, is the body
    assert first.body.startswith("Syrian rebels entered the city of Hama") and "[+" not in first.body
    # no id: the text decides (not the link: stories sent under one address would be one story's re-sends)
    assert first.link == "https://www.reuters.com/world/middle-east/syrian-rebels-enter-hama-2024-12-05/"
    assert first.guid.startswith("text:")
    # the outlet its "source" names is the source (dedupe tells copies across sources apart)
    assert first.published == datetime(2024, 12, 5, 14, 32, 10, tzinfo=UTC) and first.source == "Reuters"
    assert second.headline == "UN warns of famine in North Darfur camps"
    assert second.body.startswith("The World Food Programme said") and second.published == datetime(2024, 12, 5, 6, 0, tzinfo=UTC)
    assert reason(b'{"status": "ok", "totalResults": 0, "articles": []}', "application/json").reason == "empty"


def test_wordpress_rest_posts_rendered_fields():
    [item] = parse("json-wordpress-rest-style-posts.json")
    assert item.headline == "Ceasefire talks resume in Cairo – mediators “hopeful”"  # HTML-escaped title decoded
    assert item.body.split("\n\n") == [
        "Negotiators from both sides arrived in Cairo on Thursday for a new round of ceasefire talks, "
        "Egyptian officials said.", "Mediators described the mood as “hopeful”."]
    assert item.guid == "https://news.example.org/?p=48213"  # guid.rendered
    assert item.link == "https://news.example.org/2024/12/05/ceasefire-talks-resume/"
    assert item.published == datetime(2024, 12, 5, 14, 5, tzinfo=UTC)  # date_gmt, not the local date


def test_documented_json_item_shape_is_unchanged_by_the_article_fallbacks():
    doc = {"id": "x1", "headline": "H", "body": "B", "published": "2024-01-01T00:00:00Z", "title": "T",
           "content": "C", "url": "https://example.org/u", "source": "feed-a"}
    [item] = parse_bytes(orjson.dumps(doc), "application/json")
    assert (item.guid, item.headline, item.body, item.source) == ("x1", "H", "B", "feed-a")
    assert item.published == datetime(2024, 1, 1, tzinfo=UTC)


def test_schema_org_news_article_json_ld():
    doc = {"@context": "https://schema.org", "@type": "NewsArticle", "@id": "https://n.example/a#article",
           "headline": "Strikes hit Sumy", "articleBody": "Two people were killed.\n\nRescuers searched.",
           "datePublished": "2024-12-05T10:00:00+02:00", "inLanguage": "en-GB", "url": "https://n.example/a"}
    [item] = parse_bytes(orjson.dumps(doc), "application/ld+json")
    assert (item.headline, item.body) == ("Strikes hit Sumy", "Two people were killed.\n\nRescuers searched.")
    assert item.guid == "https://n.example/a#article" and item.language == "en-GB" and item.link == "https://n.example/a"
    assert item.published == datetime(2024, 12, 5, 8, 0, tzinfo=UTC)


def test_json_object_with_uri_and_title_only_keeps_its_uri():
    # iptc/newsinjson validation/test_suite/1.2/should_pass/001_title.json: no ninjs-only key, so generic JSON
    [item] = parse_bytes(b'{"uri": "001_title.json", "title": "Title of my ninjs 1.2 article"}')
    assert (item.guid, item.headline, item.body) == ("001_title.json", "Title of my ninjs 1.2 article", "")


def test_json_listing_with_its_own_title_is_its_articles():
    doc = {"title": "Desk feed", "items": [
        {"title": "Item one", "description": "Text one.", "published": "2007-02-03T10:20:30Z"},
        {"title": "Item two", "summary": "Text two.", "url": "https://e.example/2"}]}
    one, two = parse_bytes(orjson.dumps(doc), "application/json")
    assert (one.headline, one.body, one.published) == ("Item one", "Text one.", datetime(2007, 2, 3, 10, 20, 30, tzinfo=UTC))
    assert (two.headline, two.body, two.link) == ("Item two", "Text two.", "https://e.example/2")
    # an item that carries a list of its own stays one item
    [item] = parse_bytes(orjson.dumps({"title": "T", "body": "B", "items": [{"title": "x"}]}), "application/json")
    assert (item.headline, item.body) == ("T", "B")


def test_ninjs_2x_arrays_of_bare_strings():
    [item] = parse_bytes(b'{"uri": "u", "headlines": ["Strings only"], "bodies": ["<p>One.</p><p>Two.</p>"]}')
    assert (item.format, item.headline, item.body) == ("ninjs", "Strings only", "One.\n\nTwo.")


def test_html_page_as_a_feed_is_not_called_cut_off():
    err = reason(b"<html><body><p>Not found<br></body></html>", "application/rss+xml")
    assert err.reason == "unparseable" and "cut off" not in err.message and "lenient" not in err.message


def test_json_feed_with_rfc_822_dates():
    # feed-rs's jsonfeed_elastic_1.1.json: date_published "Fri, 31 May 2019 12:17:58 -0700" (RFC 822, not
    # the RFC 3339 the spec asks for) was the receive time; per-item language en-AU
    items = parse("json-feed-1.1-feed-rs-elastic-rfc822-dates.json")
    assert items[0].published == datetime(2019, 5, 31, 19, 17, 58, tzinfo=UTC) and items[0].language == "en-US"
    assert items[1].published == datetime(2018, 2, 6, 13, 34, 12, tzinfo=UTC) and items[1].language == "en-AU"
    assert items[0].headline == "InfluxDB vs. Graphite for Time Series Data & Metrics Benchmark"


def test_google_alerts_entry_links_to_the_story_behind_the_redirect():
    [item] = parse("atom-1.0-google-alerts-style-redirect-links.xml")
    assert item.format == "atom" and item.headline == "Talks on a Sudan ceasefire resume in Jeddah"
    assert item.link == "https://news.example.org/africa/sudan-talks-jeddah-2024-12-05"
    assert item.guid == "tag:google.com,2013:googlealerts/feed:9876543210987654321"  # the entry's id, unchanged
    assert item.published == datetime(2024, 12, 5, 10, 12, 31, tzinfo=UTC)


@pytest.mark.parametrize("doc", [
    b"<rss>&#xD800;</rss>",
    b'<rss version="2.0"><channel><item><title>A &#xD800;</title><bad></item></channel></rss>',
])
def test_lenient_reading_that_feedparser_cannot_do_is_a_parse_error(doc):
    # hypothesis found it: feedparser's sgmllib reader raised UnicodeEncodeError on a surrogate reference
    assert reason(doc).reason == "unparseable"
