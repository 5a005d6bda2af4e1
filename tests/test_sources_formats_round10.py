"""Format parsers, round 10: real-world variants (fixtures in tests/fixtures, sources in its README)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from agents.formats import parse_payload
from agents.formats.newsml import escaped_markup_is_text

# The real-world suite's fixture helpers (same fixtures directory, same receive time).
from tests.test_sources_formats_realworld import RECEIVED, UTC, load, parse, reason


def parse_bytes(payload: bytes, ctype: str | None = None, source: str = "wire"):
    return parse_payload(payload, ctype, source=source, received=RECEIVED)


# --------------------------------------------------------------------------- NewsML 1.x packages and data


@pytest.mark.parametrize("ctype", [None, "application/xml", "application/vnd.iptc.g2.newsitem+xml"])
def test_newsml1_super_linked_list_package_is_no_story(ctype):
    # Reuters' NewsML 1.0 showcase "super linked list": NewsComponents that only reference other
    # NewsItems (NewsItemRef), their headlines a table of contents. It was one item headed
    # "SLL-SHOWCASE" with an empty body; like a NewsML-G2 packageItem it holds no story.
    err = reason(load("newsml1-reuters-style-super-linked-list-package.xml"), ctype)
    assert err.reason == "empty"
    assert "packages of references to other NewsItems" in str(err)


def test_newsml1_data_content_item_is_no_text_and_costs_no_other_item():
    # A ContentItem that says nothing of its type (no MediaType, MimeType or Format) holding a CDATA
    # <FootballResult> document (the IPTC NewsML 1.0 sports-result sample's shape) was the body
    # "Arsenal1Chelsea2" with no headline; it is data, and the NewsItem beside it is still read.
    (item,) = parse("newsml1-iptc-style-results-data-beside-story.xml")
    assert item.guid == "urn:newsml:example.org:20241006:MatchReport"
    assert item.headline == "Chelsea come from behind to beat Arsenal"
    assert item.body == ("LONDON, Oct 6 - Chelsea scored twice after the break to win 2-1 at Arsenal on Sunday."
                         "\n\nArsenal had led at half-time.")
    assert item.published == datetime(2024, 10, 6, 17, 15, tzinfo=UTC)
    assert "Arsenal1Chelsea2" not in item.body


def test_newsml1_data_item_alone_is_refused_with_its_reason():
    doc = load("newsml1-iptc-style-results-data-beside-story.xml")
    data_only = doc[: doc.index(b"\t<NewsItem>", doc.index(b"</NewsItem>"))] + b"</NewsML>\n"
    err = reason(data_only)
    assert err.reason == "invalid_item" and "neither HeadLine nor text" in str(err)


def test_newsml1_untyped_story_markup_is_still_text():
    # Untyped content that is story markup (CDATA <p>, an inline <nitf>) stays text.
    doc = load("newsml1-iptc-style-results-data-beside-story.xml")
    doc = doc.replace(b"<![CDATA[<FootballResult><Hteam>Arsenal</Hteam><Hscore>1</Hscore><Ateam>Chelsea</Ateam>"
                      b"<Ascore>2</Ascore></FootballResult>]]>",
                      b"<nitf><body><body.content><p>Arsenal lost at home.</p></body.content></body></nitf>")
    first, second = parse_bytes(doc)
    assert first.body == "Arsenal lost at home." and second.headline.startswith("Chelsea")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<p>Story</p>", True),
        ('<?xml version="1.0"?><nitf><body/></nitf>', True),
        ("<!-- x --><div>Story</div>", True),
        ("<FootballResult><Hteam>Arsenal</Hteam></FootballResult>", False),
        ("<sportsml:sports-content>1</sportsml:sports-content>", False),
        ("plain text", True),
    ],
)
def test_escaped_markup_is_text(raw, text):
    assert escaped_markup_is_text(raw) is text


def test_newsml_g2_escaped_data_in_untyped_inline_xml_is_no_body():
    doc = load("newsml-inlinedata-base64-encoded-text.xml")
    start = doc.index(b"<inlineData")
    end = doc.index(b"</inlineData>") + len(b"</inlineData>")
    doc = doc[:start] + b"<inlineXML>&lt;FootballResult&gt;&lt;Hteam&gt;Arsenal&lt;/Hteam&gt;&lt;/FootballResult&gt;</inlineXML>" + doc[end:]
    first, second = parse_bytes(doc)
    assert first.headline == "Frappes dans le sud du Liban" and first.body == ""
    assert second.body.startswith("Ein Waffenstillstand")


# --------------------------------------------------------------------------- NewsML-G2 base64 inlineData


@pytest.mark.parametrize("ctype", [None, "application/vnd.iptc.g2.newsmessage+xml", "text/xml"])
def test_newsml_g2_base64_inline_data_is_decoded(ctype):
    # NewsML-G2's inlineData@encoding="base64": the body was the base64 characters themselves.
    first, second = parse("newsml-inlinedata-base64-encoded-text.xml", ctype)
    assert first.guid == "urn:newsml:example.com:20240301:lb-strikes" and first.version == 2
    assert first.headline == "Frappes dans le sud du Liban" and first.language == "fr"
    assert first.body == ("BEYROUTH, 1 mars (AFP) - Des frappes ont visé le sud du Liban vendredi, selon des "
                          "sources locales.\n\nAucune victime n’a été signalée dans l’immédiat.")
    assert first.located == "BEYROUTH"
    assert first.published == datetime(2024, 3, 1, 9, 15, tzinfo=UTC)
    # the content type's charset is the decoded bytes' encoding
    assert second.body == "Ein Waffenstillstand ist seit Mitternacht in Kraft, teilten die Behörden mit."
    assert second.language == "de" and second.published == datetime(2024, 3, 1, 9, 18, tzinfo=UTC)


def test_newsml_g2_base64_that_is_not_base64_gives_no_body():
    doc = load("newsml-inlinedata-base64-encoded-text.xml")
    doc = doc.replace(b'encoding="base64">' + doc.split(b'encoding="base64">', 2)[2].split(b"<", 1)[0],
                      b'encoding="base64">not base64 at all!')
    second = parse_bytes(doc)[1]
    assert second.body == ""


# --------------------------------------------------------------------------- dispatch bylines, ledes, credits


def test_dispatch_bylines_dateline_ledes_and_credit_line():
    # A byline after the headline (AP's "By Jane Doe, Associated Press") or after the subheadline
    # was the subheadline or the body's first paragraph; a dispatch without a subheadline had its
    # lede ("GAZA CITY, March 1 (Reuters) - ...") taken for one; Reuters' closing "(Reporting by ...;
    # Editing by ...)" stayed in the body.
    first, second, third, fourth = parse("dispatch-bylines-and-dateline-ledes.txt", "text/plain")
    assert first.headline == "Ceasefire talks resume in Cairo" and first.subheadline is None
    assert first.body.startswith("CAIRO (AP) — Negotiators resumed talks") and first.body.count("\n\n") == 1
    assert first.located == "CAIRO" and first.published == datetime(2026, 3, 1, tzinfo=UTC)
    assert second.subheadline == "Grain terminal damaged, officials say"
    assert second.body.startswith("ODESA, Ukraine (AP) — ") and "STASHEVSKYI" not in second.body
    assert second.published == datetime(2026, 3, 1, 14, 30, tzinfo=UTC)
    assert third.subheadline is None and third.located == "GAZA CITY"
    assert third.body == ("GAZA CITY, March 1 (Reuters) - Israeli strikes killed at least 20 people in Gaza City "
                          "overnight, health officials said on Sunday, as talks on a truce continued in Cairo."
                          "\n\nThe strikes hit homes in the north of the city.")
    # a subheadline that is a sentence starting with "By" stays
    assert fourth.subheadline == "By Monday, the last units are expected to have left"
    assert fourth.body.startswith("Defence officials said")


def test_plain_text_story_without_headline_opening_with_a_dateline():
    # Wire text sent without its headline line (was refused: "a headline line, a blank line, then the story").
    (item,) = parse("dispatch-plain-text-dateline-lede-no-headline.txt", "text/plain")
    assert item.format == "dispatch" and item.headline == ""
    assert item.body.startswith("KHARTOUM, Sudan, March 1 (Xinhua) -- Sudan's army said")
    assert item.body.endswith("The RSF has not commented on the claim.")
    assert item.located == "KHARTOUM, Sudan" and item.published == RECEIVED


def test_plain_text_without_dateline_or_headline_stays_refused():
    err = reason(b"Some words that are not a story at all and have no headline line, no dateline, nothing "
                 b"else either, on and on.\n\nMore.", "text/plain")
    assert err.reason == "unparseable"


def test_plain_text_byline_after_headline_is_no_body():
    (item,) = parse_bytes(b"Strikes hit Odesa\n\nBy Jane Doe\n\nODESA, Ukraine (AP) \xe2\x80\x94 Russian drones struck "
                          b"the port overnight, the governor said.\n", "text/plain")
    assert item.headline == "Strikes hit Odesa" and item.body.startswith("ODESA, Ukraine (AP)")


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Doe, Associated Press", True),
        ("By OLEKSANDR STASHEVSKYI and JOHN ROE", True),
        ("By Ahmed al-Masri and Nidal al-Mughrabi", True),
        ("Par Marie Dupont (AFP)", True),
        ("Von Hans Meier, dpa", True),
        ("By Reuters staff", True),
        ("By Monday, the last units are expected to have left", False),
        ("By the time they arrived the city had fallen", False),
        ("By Jane Doe.", False),
        ("Bystanders fled the scene", False),
    ],
)
def test_is_byline(line, byline):
    from agents.formats.base import is_byline

    assert is_byline(line) is byline


@pytest.mark.parametrize(
    "credit",
    [
        "(Reporting by Nidal al-Mughrabi; Editing by Jane Doe)",
        "(Additional reporting by John Roe in Kyiv; Writing by Jane Doe; Editing by Alex Richardson)",
        "(Bericht von Hans Meier, redigiert von Jane Doe)",
        "(Reportage Marie Dupont, version française Jean Martin)",
    ],
)
def test_credit_trailer_dropped_in_every_format(credit):
    feed = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><item>'
            "<title>Strikes hit Gaza</title><guid>g1</guid><description>&lt;p&gt;GAZA (Reuters) - Strikes hit the city."
            f"&lt;/p&gt;&lt;p&gt;{credit}&lt;/p&gt;</description></item></channel></rss>").encode()
    (item,) = parse_bytes(feed, "application/rss+xml")
    assert item.body == "GAZA (Reuters) - Strikes hit the city."


def test_parenthesis_that_is_story_text_stays():
    feed = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><item>'
            b"<title>Strikes hit Gaza</title><guid>g1</guid><description>&lt;p&gt;GAZA (Reuters) - Strikes hit the city."
            b"&lt;/p&gt;&lt;p&gt;(The ministry said 20 people were killed.)&lt;/p&gt;</description></item></channel></rss>")
    (item,) = parse_bytes(feed, "application/rss+xml")
    assert item.body.endswith("(The ministry said 20 people were killed.)")


# --------------------------------------------------------------------------- C1 references and tables


@pytest.mark.parametrize("ctype", [None, "application/nitf+xml", "text/xml"])
def test_nitf_cp1252_character_references_and_table_rows(ctype):
    # NITF (and old HTML) written with windows-1252 code points as references: &#151; (em dash),
    # &#146; (apostrophe), &#147;/&#148; (quotes), &#150; (en dash), &#133; (ellipsis). They were
    # the C1 controls U+0097, U+0092... in the text, and U+0085 a line break that cut the sentence.
    # A table was one paragraph a cell ("State\n\nDeaths\n\nBorno\n\n30").
    (item,) = parse("nitf-ap-style-cp1252-char-refs-and-table.xml", ctype)
    assert item.headline == "Flood toll rises to 40 in northern Nigeria – officials"
    assert item.subheadline == "Rescuers search for missing"
    paras = item.body.split("\n\n")
    assert paras[0] == ("MAIDUGURI, Nigeria (AP) — The death toll from floods rose to 40 on Friday, the state’s "
                        "emergency agency said. “We are overwhelmed,” an official said…")
    assert paras[1:3] == ["State Deaths", "Borno 30"]
    assert "A flooded street." not in item.body  # the media caption
    assert not any("\x80" <= c <= "\x9f" for c in item.body + item.headline)
    assert item.guid == "AP-2024-0301-0042" and item.version == 3
    assert item.published == datetime(2024, 3, 1, 9, 15, tzinfo=UTC)
    assert item.located == "MAIDUGURI" and item.language == "en-US"


def test_c1_controls_in_json_and_latin1_mojibake():
    from agents.formats.base import c1_as_cp1252

    assert c1_as_cp1252("don\x92t \x93quoted\x94 \x81") == "don’t “quoted” "
    doc = b'{"guid": "x1", "headline": "Talks \\u0096 day two", "body": "It\\u0092s over\\u0085 Caf\\u00c3\\u0089 closed."}'
    (item,) = parse_bytes(doc, "application/json")
    assert item.headline == "Talks – day two"
    assert item.body == "It’s over… CafÉ closed."  # "Ã\x89" (UTF-8 read as Latin-1) repaired too


def test_html_layout_table_keeps_its_paragraphs():
    feed = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><item>'
            b"<title>Layout</title><guid>g1</guid><description>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;img src='a.jpg'/&gt;"
            b"&lt;/td&gt;&lt;td&gt;&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;&lt;/td&gt;&lt;/tr&gt;"
            b"&lt;/table&gt;</description></item></channel></rss>")
    (item,) = parse_bytes(feed, "application/rss+xml")
    assert item.body == "First paragraph.\n\nSecond paragraph."


# --------------------------------------------------------------------------- .NET JSON: PascalCase, /Date()/, {"d": ...}


@pytest.mark.parametrize("ctype", [None, "application/json", "application/json; charset=utf-8"])
def test_aspnet_json_pascal_case_ms_dates_and_d_envelope(ctype):
    # An ASP.NET / WCF news API: {"d": [...]} around the articles, PascalCase property names, dates as
    # "\/Date(1709287200000+0100)\/", an HTML "Body". It was refused ("neither headline nor body").
    first, second, third = parse("json-aspnet-wcf-pascalcase-ms-dates.json", ctype)
    assert first.format == "json" and first.guid == "48213"
    assert first.headline == "Floods displace thousands in Borno"
    assert first.body == ("MAIDUGURI, Nigeria (Reuters) - Floods displaced thousands of people in Borno state on "
                          "Friday, emergency officials said.\n\nRoads into the city were cut.")  # credit line dropped
    assert first.published == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)  # the milliseconds are UTC
    assert first.link == "https://example.org/news/48213" and first.language == "en-GB"
    assert first.located == "MAIDUGURI, Nigeria"
    assert second.published == datetime(2024, 3, 1, 11, 0, tzinfo=UTC) and second.located == "EL FASHER, Sudan"
    # no Body, no PublishDate: the Summary, and the ModifiedDate
    assert third.body == "Authorities lifted a night curfew." and third.published == datetime(2024, 3, 1, 12, tzinfo=UTC)


def test_odata_sharepoint_results_envelope():
    (item,) = parse("json-odata-sharepoint-news-results.json", "application/json")
    assert item.headline == "Evacuation ordered in Kherson districts"
    assert item.body == "Residents of three districts were told to leave."
    assert item.published == datetime(2024, 3, 1, 8, 30, tzinfo=UTC)  # FirstPublishedDate before Created
    assert item.guid == "7"


def test_aspnet_single_object_in_d_and_odata_v4_value():
    one = b'{"d": {"Title": "Truce holds", "Body": "The truce held overnight.", "Id": "a1"}}'
    assert [i.headline for i in parse_bytes(one, "application/json")] == ["Truce holds"]
    v4 = b'{"@odata.context": "x", "value": [{"Title": "A", "Description": "Text a."}, {"Title": "B", "Description": "Text b."}]}'
    assert [i.body for i in parse_bytes(v4, "application/json")] == ["Text a.", "Text b."]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/Date(1709287200000)/", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("\\/Date(1709287200000+0100)\\/", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("/Date(1709287200000-0500)/", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("/Date(abc)/", None),
    ],
)
def test_ms_json_dates(value, expected):
    from agents.formats.dates import feed_date, ms_json_date

    assert ms_json_date(value) == expected
    assert feed_date(value) == expected


def test_ninjs_ms_json_date():
    doc = b'{"uri": "urn:x:1", "type": "text", "versioncreated": "/Date(1709287200000+0100)/", "headline": "H", "body_text": "B."}'
    (item,) = parse_bytes(doc, "application/json")
    assert item.format == "ninjs" and item.published == datetime(2024, 3, 1, 10, tzinfo=UTC)


def test_json_item_html_body_is_reduced_to_text():
    doc = b'{"guid": "g1", "headline": "H", "body": "<p>KYIV, Ukraine (AP) \\u2014 One.</p><p>Two.</p>"}'
    (item,) = parse_bytes(doc, "application/json")
    assert item.body == "KYIV, Ukraine (AP) — One.\n\nTwo." and item.located == "KYIV, Ukraine"
    plain = b'{"guid": "g2", "headline": "H", "body": "Tom <tom@example.org> said a < b."}'
    assert parse_bytes(plain, "application/json")[0].body == "Tom <tom@example.org> said a < b."


# --------------------------------------------------------------------------- HTML-escaped headlines


@pytest.mark.parametrize("ctype", [None, "application/json", "application/ninjs+json"])
def test_ninjs_html_escaped_headlines_decoded(ctype):
    # A CMS's ninjs export writes its headlines through an HTML escaper ("Kharkiv&#8217;s ... &amp;"):
    # they were the headline as escaped.
    first, second = parse("ninjs-1.x-cms-export-html-escaped-headlines.json", ctype)
    assert first.headline == "Kharkiv’s metro becomes a shelter & a school"
    assert first.subheadline == "“We teach between the sirens,” a teacher says"
    assert first.body == ("KHARKIV, Ukraine (AP) — Children in Ukraine’s second city go to school underground."
                          "\n\nThe city’s metro has five classrooms.")  # the figure and its caption dropped
    assert first.version == 2 and first.located == "Kharkiv" and first.language == "en"
    assert first.published == datetime(2026, 3, 1, 8, 15, tzinfo=UTC)
    assert second.headline == "AT&T and R&D; stay as written"


@pytest.mark.parametrize(
    ("raw", "text"),
    [("Talks &amp; truce", "Talks & truce"), ("It&#x2019;s", "It’s"), ("&gt;&gt;&gt;ANSA/Gas cut", "Gas cut"),
     ("Q&A: what next", "Q&A: what next"), ("Fish &chips;", "Fish &chips;")],
)
def test_headline_character_references_in_every_format(raw, text):
    doc = ('{"guid": "g", "headline": ' + __import__("json").dumps(raw) + ', "body": "Body text."}').encode()
    assert parse_bytes(doc, "application/json")[0].headline == text


# --------------------------------------------------------------------------- XML that is not news, named


@pytest.mark.parametrize(
    ("name", "root", "what"),
    [("opml-2.0-news-feed-list.xml", "opml", "OPML outline"),
     ("sitemap-google-news-urlset.xml", "urlset", "sitemap")],
)
@pytest.mark.parametrize("ctype", [None, "application/xml", "application/rss+xml", "text/html", "text/plain"])
def test_xml_of_no_news_format_is_refused_saying_what_it_is(name, root, what, ctype):
    # An OPML list of feeds or a (Google News) sitemap sent where a feed was expected: refused as
    # before, now saying what the document is (without a content type: "cannot tell the format").
    err = reason(load(name), ctype)
    assert err.reason == ("unparseable" if ctype == "text/plain" else "unsupported_format")
    assert f"<{root}>" in str(err) and what in str(err)


# --------------------------------------------------------------------------- national agencies' datelines


def test_national_agency_datelines_give_the_place():
    # Sudan's SUNA, Syria's SANA, the Palestinian WAFA, Yemen's Saba, Pakistan's APP (a colon after the
    # credit) and India's PTI (no dash at all) were no agencies here: no located.
    items = parse("dispatch-national-agency-datelines.txt", "text/plain")
    assert [i.located for i in items] == ["KHARTOUM", "DAMASCUS", "RAMALLAH", "SANAA", "PESHAWAR", "NEW DELHI"]
    assert all(i.subheadline is None for i in items)
    assert items[5].body.startswith("NEW DELHI, Mar 1 (PTI) The Army has put its units on alert")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("JERUSALEM (JTA) — Israel said.", "JERUSALEM"),
        ("KABUL (Pajhwok): Afghanistan said.", "KABUL"),
        ("ADDIS ABABA (ENA) - Ethiopia said.", "ADDIS ABABA"),
        ("Beirut, March 1 (NNA) - Lebanon said.", "Beirut"),
        ("غزة (وفا) - قال مسؤول", "غزة"),
        ("Negotiators met on Sunday (PTI) the talks went on.", None),
        ("NEW DELHI, Mar 1 (PTI) the talks", None),  # no dash: only before a capital
    ],
)
def test_more_agency_datelines(text, place):
    from agents.formats.newsml import opening_dateline_place

    assert opening_dateline_place(text) == place


# --------------------------------------------------------------------------- more localised feed dates

LOCALISED = [
    ("pl", datetime(2026, 3, 6, 9, 0, tzinfo=UTC)),    # pt., 06 mar 2026 10:00:00 +0100
    ("pl", datetime(2026, 10, 1, 10, 0, tzinfo=UTC)),  # 1 października 2026, 10:00 (13 letters)
    ("cs", datetime(2026, 3, 6, 9, 0, tzinfo=UTC)),    # pá, 06 bře 2026 10:00:00 +0100
    ("nl", datetime(2026, 3, 6, 9, 0, tzinfo=UTC)),    # vr, 06 mrt 2026 10:00:00 +0100
    ("ro", datetime(2026, 3, 6, 10, 0, tzinfo=UTC)),   # vineri, 6 martie 2026 10:00
    ("hu", datetime(2026, 3, 6, 10, 0, tzinfo=UTC)),   # 2026. március 6. 10:00 (was December 1st)
    ("el", datetime(2026, 3, 6, 8, 0, tzinfo=UTC)),    # Παρ, 06 Μαρ 2026 10:00:00 +0200
    ("sr", datetime(2026, 3, 6, 10, 0, tzinfo=UTC)),   # 6. mart 2026. 10:00
    ("id", datetime(2026, 3, 6, 3, 0, tzinfo=UTC)),    # Jumat, 6 Maret 2026 10:00 WIB
    ("he", datetime(2026, 3, 6, 10, 0, tzinfo=UTC)),   # 6 במרץ 2026 10:00
    ("fr", datetime(2026, 3, 6, 10, 0, tzinfo=UTC)),   # Vendredi 6 mars 2026 - 10:00
]


@pytest.mark.parametrize("ctype", [None, "application/rss+xml"])
def test_rss_localised_dates_of_more_languages(ctype):
    # Six of these were unread (the receive time) and the Hungarian one, year first, was December 1st.
    items = parse("rss-2.0-european-and-asian-localised-dates.xml", ctype)
    assert [(i.language, i.published) for i in items] == LOCALISED
    assert items[9].headline == "מתקפה בחרקוב" and items[6].headline == "Επίθεση στο Χάρκοβο"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024 Mar 01 10:00", datetime(2024, 3, 1, 10, tzinfo=UTC)),  # English, year first: was December 1st
        ("1 בינואר 2024 10:00", datetime(2024, 1, 1, 10, tzinfo=UTC)),
        ("pon, 04 lis 2024 10:00:00 +0100", datetime(2024, 11, 4, 9, tzinfo=UTC)),  # Polish listopad
        ("Fri, 01 Mar 2024 10:00:00 +0000", datetime(2024, 3, 1, 10, tzinfo=UTC)),
    ],
)
def test_more_localised_feed_dates(value, expected):
    from agents.formats.dates import feed_date

    assert feed_date(value) == expected


# --------------------------------------------------------------------------- NewsML 1.x equivalents


@pytest.mark.parametrize("ctype", [None, "application/xml"])
def test_newsml1_equivalents_list_is_one_language_not_a_mix(ctype):
    # An EquivalentsList="yes" NewsComponent holding the English and the French version (BasisForChoice
    # @xml:lang, as Business Wire and Reuters send them): the headline was the English one and the body
    # the longer French text. Now the first equivalent is the item, its language from its xml:lang.
    (item,) = parse("newsml1-equivalents-list-english-and-french.xml", ctype)
    assert item.headline == "Aid group opens field hospital in Gaza"
    assert item.body == ("GAZA CITY, Gaza Strip (AP) — An aid group said on Friday it had opened a field hospital "
                         "in the south of the territory.")
    assert item.language == "en" and item.located == "GAZA CITY, Gaza Strip"
    assert item.guid == "urn:newsml:example.com:20240301:20240301005001"


def test_newsml1_equivalents_first_is_french():
    doc = load("newsml1-equivalents-list-english-and-french.xml")
    en_start = doc.index(b'<NewsComponent xml:lang="en">')
    fr_start = doc.index(b'<NewsComponent xml:lang="fr">')
    fr_end = doc.index(b"</NewsComponent>", fr_start) + len(b"</NewsComponent>")
    swapped = doc[:en_start] + doc[fr_start:fr_end] + doc[en_start:fr_start] + doc[fr_end:]
    (item,) = parse_bytes(swapped)
    assert item.headline == "Une ONG ouvre un hôpital de campagne à Gaza" and item.language == "fr"
    assert "Une organisation humanitaire" in item.body and "aid group" not in item.body


# --------------------------------------------------------------------------- end markers, plain descriptions


@pytest.mark.parametrize("ctype", [None, "application/rss+xml", "text/xml"])
def test_rss_end_markers_credit_lines_and_plain_text_paragraphs(ctype):
    # Press releases' closing "###", a wire's "- END -" after Reuters' credit line, AP's "-30-": they
    # stayed as the last paragraph. A plain-text description's blank lines were lost ("Sunday. -30-").
    first, second, third = parse("rss-2.0-wire-and-press-release-end-markers.xml", ctype)
    assert first.body == ("NEW YORK--(BUSINESS WIRE)--A relief group said on Sunday it would expand its operations in "
                          "eastern Chad, where refugees from Sudan keep arriving.\n\nThe group will open two clinics.")
    assert first.located == "NEW YORK"  # Business Wire's "--(BUSINESS WIRE)--" dateline
    assert second.body == "GENEVA (Reuters) - A UN agency warned on Sunday of a cholera outbreak in camps in eastern Chad."
    assert third.body == "PARIS (AP) — Donors pledged aid for Sudan at a conference in Paris on Sunday."
    assert [i.published for i in (first, second, third)] == [
        datetime(2026, 3, 1, 14, tzinfo=UTC), datetime(2026, 3, 1, 15, tzinfo=UTC), datetime(2026, 3, 1, 16, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("body", "kept"),
    [("A.\n\n###", "A."), ("A.\n\n-30-", "A."), ("A.\n\nENDS", "A."), ("A.\n\n(END)", "A."), ("A.\n\nXXX", "A."),
     ("A.\n\nThe end of the war", "A.\n\nThe end of the war"), ("A.\n\nFin", "A.\n\nFin"), ("###", "###")],
)
def test_end_markers(body, kept):
    from agents.formats.base import drop_credit_trailer

    assert drop_credit_trailer(body) == kept


def test_plain_rss_description_paragraphs():
    feed = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><item><title>T</title>'
            b"<guid>g</guid><description>First paragraph &amp; more.\n\nSecond paragraph.</description></item></channel></rss>")
    assert parse_bytes(feed, "application/rss+xml")[0].body == "First paragraph & more.\n\nSecond paragraph."


# --------------------------------------------------------------------------- GeoRSS


@pytest.mark.parametrize("ctype", [None, "application/rss+xml"])
def test_georss_feature_name_is_the_place(ctype):
    # feedparser keeps GeoRSS coordinates only; <georss:featureName> names the place (it was no located).
    first, second = parse("rss-2.0-georss-feature-names.xml", ctype)
    assert first.located == "Kupiansk, Kharkiv Oblast"
    assert first.published == datetime(2026, 3, 1, 4, 40, tzinfo=UTC) and first.guid == "incident-901"
    assert second.located == "KHARTOUM"  # no feature name: the dateline's place, as before


def test_georss_feature_name_in_atom_entry():
    feed = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            b'xmlns:georss="http://www.georss.org/georss"><title>t</title><id>urn:f</id><updated>2026-03-01T10:00:00Z</updated>'
            b"<entry><title>Strike</title><id>urn:1</id><updated>2026-03-01T10:00:00Z</updated><summary>Text.</summary>"
            b"<georss:point>50.45 30.52</georss:point><georss:featurename>Kyiv</georss:featurename></entry></feed>")
    assert parse_bytes(feed, "application/atom+xml")[0].located == "Kyiv"


# --------------------------------------------------------------------------- NewsML-G2 headline roles


@pytest.mark.parametrize("ctype", [None, "application/vnd.iptc.g2.newsitem+xml", "application/xml"])
def test_newsml_g2_main_headline_role_wins_over_short_and_seo(ctype):
    # Headlines without ranks, a short and an SEO one before hlrole:main: the short one was the headline.
    (item,) = parse("newsml-headline-roles-short-and-seo-first.xml", ctype)
    assert item.headline == "Russian missiles hit Kharkiv power plant, officials say"
    assert item.subheadline == "Blackouts across the region as temperatures drop"
    assert item.body.startswith("Russian missiles struck a thermal power plant in Kharkiv overnight")
    assert item.body.count("\n\n") == 1
    assert item.version == 4 and item.language == "en-GB" and item.located == "Kharkiv"
    assert item.published == datetime(2026, 3, 1, 5, 45, tzinfo=UTC)


def test_newsml_g2_ranked_headlines_still_by_rank_within_a_role():
    doc = load("newsml-headline-roles-short-and-seo-first.xml").replace(
        b'<headline role="hlrole:short">Kharkiv power plant hit</headline>', b"").replace(
        b'<headline role="hlrole:seo">Kharkiv power plant missile attack latest</headline>',
        b'<headline rank="1">Ranked first</headline><headline rank="2">Ranked second</headline>').replace(
        b'<headline role="hlrole:main">', b'<headline role="hlrole:alternate">')
    assert parse_bytes(doc)[0].headline == "Ranked first"


# --------------------------------------------------------------------------- ninjs body roles


@pytest.mark.parametrize("ctype", [None, "application/json", "application/ninjs+json"])
def test_ninjs_summary_body_is_not_the_story(ctype):
    # bodies[] with a plain-text "summary" beside the HTML "main": the plain one was preferred, and the
    # story was its one-sentence summary.
    (item,) = parse("ninjs-3.x-summary-body-beside-main-html.json", ctype)
    assert item.headline == "Drone strike damages grain terminal in Odesa port"
    assert item.body == ("ODESA, Ukraine (AP) — A Russian drone strike damaged a grain terminal in the port of Odesa "
                         "overnight, the regional governor said on Sunday.\n\nTwo workers were injured, he said.")
    assert item.located == "Odesa" and item.version == 3
    assert item.published == datetime(2026, 3, 1, 5, 20, tzinfo=UTC)


def test_ninjs_summary_body_alone_is_still_the_body():
    import json

    obj = json.loads(load("ninjs-3.x-summary-body-beside-main-html.json"))
    obj["bodies"] = obj["bodies"][:1]  # only the summary: it is the body, as before
    assert parse_bytes(json.dumps(obj).encode(), "application/json")[0].body == "A drone strike damaged a grain terminal overnight."


# --------------------------------------------------------------------------- legacy-encoded dispatch text


@pytest.mark.parametrize("ctype", [None, "text/plain", "text/x-wire-dispatch"])
def test_dispatch_in_windows_code_pages_without_charset(ctype):
    # Dispatch files saved by Windows tools, sent without a charset: refused as invalid_utf8.
    (ru,) = parse("dispatch-windows-1251-no-charset.txt", ctype)
    assert ru.headline == "Удар по Харькову: погибли три человека"
    assert ru.subheadline == "Власти сообщили о разрушениях в жилых кварталах"
    assert ru.body.startswith("ХАРЬКОВ, 1 марта. /ТАСС/. Три человека погибли") and ru.located == "ХАРЬКОВ"
    (en,) = parse("dispatch-windows-1252-no-charset.txt", ctype)
    assert en.headline == "Talks resume in Cairo – day two" and en.subheadline is None
    assert "“a last chance”" in en.body and en.body.endswith("the officials’ statement said.")
    assert en.located == "CAIRO" and en.published == datetime(2026, 3, 1, tzinfo=UTC)


def test_dispatch_charset_parameter_still_wins_and_garbage_stays_invalid_utf8():
    raw = load("dispatch-windows-1251-no-charset.txt")
    assert parse_bytes(raw, "text/plain; charset=windows-1251")[0].headline.startswith("Удар по Харькову")
    assert reason(b"\xff\xfe garbage", "text/plain").reason == "invalid_utf8"
    assert reason(b"no date line \x93here\x94 at all", "text/plain").reason == "invalid_utf8"


# --------------------------------------------------------------------------- opening byline paragraphs


@pytest.mark.parametrize("ctype", [None, "application/rss+xml"])
def test_opening_byline_paragraph_dropped_in_feeds(ctype):
    # "By JOSEF FEDERMAN and SAMY MAGDY" / "By Khalid Abdelaziz, Reuters" before the dateline: the byline
    # was the body's first paragraph, and hid the dateline (no located).
    first, second, third = parse("rss-2.0-byline-paragraph-before-dateline.xml", ctype)
    assert first.body.startswith("JERUSALEM (AP) — Israeli strikes hit the southern Gaza city of Rafah")
    assert first.located == "JERUSALEM" and first.body.count("\n\n") == 1
    assert second.body == "KHARTOUM, March 1 (Reuters) - Sudan's army said on Sunday it had retaken a town south of the capital."
    assert second.located == "KHARTOUM"
    # a sentence that starts with "By" is the story
    assert third.body.startswith("By March, the UN says, more than seven million people")
    assert third.located is None


# --------------------------------------------------------------------------- Telegram exports


@pytest.mark.parametrize("ctype", [None, "application/json"])
def test_telegram_channel_export(ctype):
    # Telegram Desktop's result.json of a channel: it was refused ("neither headline nor body").
    first, second = parse("json-telegram-desktop-channel-export.json", ctype)
    assert first.format == "json" and first.guid == "telegram:1234567890/102" and first.headline == ""
    # the text's entities joined, the channel's closing link dropped
    assert first.body == "Kharkiv: explosions reported in the city centre, the mayor said. Air raid alert in effect."
    assert first.published == datetime(2026, 3, 1, 7, 15, tzinfo=UTC)  # date_unixtime (UTC), not the local date
    assert second.guid == "telegram:1234567890/104" and second.body.startswith("Odesa: two drones")
    # the pin (a service message) and the photo without text are no items


def test_telegram_export_without_text_is_empty():
    doc = b'{"name": "c", "type": "public_channel", "id": 1, "messages": [{"id": 1, "type": "message", "date": "2026-03-01T09:00:00", "date_unixtime": "1772355600", "photo": "p.jpg", "text": "", "text_entities": []}]}'
    err = reason(doc, "application/json")
    assert err.reason == "empty" and "Telegram" in str(err)


# --------------------------------------------------------------------------- JSON-LD


@pytest.mark.parametrize("ctype", [None, "application/json", "application/ld+json"])
def test_json_ld_graph_news_article(ctype):
    # Yoast-style JSON-LD: {"@context", "@graph": [WebSite, WebPage, NewsArticle]}: it was refused
    # ("neither headline nor body": the WebSite object was read as the item).
    (item,) = parse("json-ld-schema-org-graph-news-article.json", ctype)
    assert item.headline == "Ceasefire collapses in Sudan"
    assert item.body == "KHARTOUM (Reuters) - A ceasefire collapsed on Sunday."
    assert item.guid == "https://example.org/a#article" and item.language == "en-US"
    assert item.published == datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    assert item.located == "Khartoum"  # contentLocation
    assert item.link == "https://example.org/a"  # mainEntityOfPage, without its #webpage


def test_json_ld_list_and_no_article():
    doc = (b'[{"@context":"https://schema.org","@type":"NewsArticle","headline":"A","articleBody":"Body a.",'
           b'"datePublished":"2026-03-01T10:00:00Z","url":"https://example.org/a"},'
           b'{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[]}]')
    (item,) = parse_bytes(doc, "application/ld+json")
    assert item.headline == "A" and item.link == "https://example.org/a"
    err = reason(b'{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "x"}]}', "application/ld+json")
    assert err.reason == "empty" and "no article" in str(err)


# --------------------------------------------------------------------------- JSONP and XSSI prefixes


@pytest.mark.parametrize("ctype", ["application/javascript", "text/javascript", "application/json", None])
def test_jsonp_callback_around_news_api_json(ctype):
    # An old news API's callback= response: refused ("unsupported content type" / "invalid JSON").
    # (Without a content type it was refused as "cannot tell the format"; it is sniffed as JSON now.)
    (item,) = parse("json-jsonp-callback-newsapi-style.js", ctype)
    assert item.headline == "Truce holds" and item.body == "The truce held overnight in Gaza, officials said."
    assert item.published == datetime(2026, 3, 1, 10, tzinfo=UTC) and item.link == "https://example.org/a"


@pytest.mark.parametrize("ctype", [None, "application/json"])
def test_json_behind_an_xssi_prefix(ctype):
    (item,) = parse("json-xssi-prefix-items.json", ctype)
    assert item.guid == "x1" and item.headline == "Truce holds in Gaza overnight"
    assert item.body == "GAZA CITY (AP) — The truce held overnight, officials said on Sunday."
    assert item.located == "GAZA CITY" and item.published == datetime(2026, 3, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize("prefix", [b"for (;;);", b"while(1);", b")]}'\n"])
def test_xssi_prefixes(prefix):
    (item,) = parse_bytes(prefix + b'{"guid": "g", "headline": "H", "body": "B."}', "application/json")
    assert item.headline == "H"


def test_no_month_word_means_two_months():
    from agents.formats import dates

    seen: dict[str, str] = {}
    for month, words in dates._LOCAL_MONTHS.items():
        for word in words:
            assert seen.setdefault(word, month) == month, word
    assert dates.feed_date("4 listopada 2024, 10:00") == datetime(2024, 11, 4, 10, tzinfo=UTC)  # Polish November


# --------------------------------------------------------------------------- country codes as languages


@pytest.mark.parametrize("ctype", [None, "application/rss+xml"])
def test_ukrainian_feed_language_ua_is_uk(ctype):
    # Ukrainian sites write the country code: <language>ua</language> (Ukrainian is "uk").
    first, second = parse("rss-2.0-ukrainian-site-language-ua.xml", ctype)
    assert first.language == "uk" and second.language == "uk"
    assert first.published == datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    assert second.published == datetime(2026, 3, 6, 11, 30, tzinfo=UTC)  # day first: not US English
    assert first.headline == "Унаслідок обстрілу Харкова загинули троє людей"


@pytest.mark.parametrize(
    ("value", "tag"),
    [("ua", "uk"), ("UA", "uk"), ("ua-UA", "uk-UA"), ("cn", "zh"), ("jp", "ja"), ("cz", "cs"), ("gr", "el"),
     ("il", "he"), ("ir", "fa"), ("by", "be"), ("se", "se"), ("uk-UA", "uk-UA"), ("en-us", "en-us"), ("kr", "kr")],
)
def test_country_codes_written_as_languages(value, tag):
    from agents.formats.base import language_tag

    assert language_tag(value) == tag


# --------------------------------------------------------------------------- JSON Feed read-more content


@pytest.mark.parametrize("ctype", [None, "application/feed+json", "application/json"])
def test_json_feed_read_more_links_are_no_text(ctype):
    # A closing "Continue reading →" stayed in the body, and a content_html that is only "Read the full
    # story here" was the body instead of the summary (RSS/Atom already dropped both).
    picture, council, convoy = parse("json-feed-1.1-read-more-only-content-and-picture-posts.json", ctype)
    assert picture.body == "Smoke rose over Khartoum after overnight strikes, residents said."
    assert picture.published == datetime(2026, 3, 1, 7, tzinfo=UTC)
    assert council.body == "The Security Council met in closed session on Sunday to discuss the fighting in Sudan."
    assert convoy.body == "A UN convoy reached the city for the first time in months."
    assert {i.language for i in (picture, council, convoy)} == {"en"}


@pytest.mark.parametrize("value, offset_h", [("2024-03-01T10:00:00+03:00Z", 3), ("2024-03-01T10:00:00+0300Z", 3),
                                             ("2024-03-01T10:00:00.5-05:00Z", -5), ("2024-03-01T10:00:00Z", 0)])
def test_an_offset_then_a_z_is_the_offsets_time(value, offset_h):
    # Some exporters append "Z" to any time: the offset before it is the time's (read as UTC: hours off).
    from datetime import timedelta

    from agents.formats.dates import feed_date, json_time, parse_datetime

    want = datetime(2024, 3, 1, 10, tzinfo=timezone(timedelta(hours=offset_h)))
    for when in (parse_datetime(value, "test"), feed_date(value), json_time(value)):
        assert when is not None and when.replace(microsecond=0) == want
