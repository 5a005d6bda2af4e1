"""Format parsers, round 9: real-world variants (fixtures in tests/fixtures, sources in its README)."""

from __future__ import annotations

from datetime import datetime

import orjson
import pytest

from agents.formats import parse_payload
from agents.formats.base import language_tag
from agents.formats.newsml import is_slug_line

# The real-world suite's fixture helpers (same fixtures directory, same receive time).
from tests.test_sources_formats_realworld import RECEIVED, UTC, load, parse, reason


def parse_bytes(payload: bytes, ctype: str | None = None, source: str = "wire"):
    return parse_payload(payload, ctype, source=source, received=RECEIVED)


# --------------------------------------------------------------------------- EFE NewsML 1.2


@pytest.mark.parametrize("ctype", [None, "application/xml", "application/vnd.iptc.g2.newsmessage+xml"])
def test_newsml1_efe_two_items_with_topic_slug_subheadlines(ctype):
    # EFE's international service for Mexico (gextech/iptc-newsml's test resource): two NewsItems,
    # NITF in DataContent, <SubHeadLine> the desk's topic slug ("YIHADISMO BURKINA", "(Avance)
    # TAIWÁN ELECCIONES"), <Language FormalName="es-ES">, times with +0000.
    first, second = parse("newsml1-efe-texto-two-items-topic-slug-subheadline.xml", ctype)
    assert first.format == "newsml"
    assert first.guid == "urn:newsml:texto.efeservicios.com:20160116T125900+0000:21548886" and first.version == 1
    assert first.headline == "UE reafirma unidad en lucha antiterrorista por atentado en hotel de Burkina"
    assert first.subheadline is None  # the slug is no subheadline
    assert first.published == datetime(2016, 1, 16, 12, 59, tzinfo=UTC)
    assert first.language == "es-ES"  # as written (was lower-cased to "es-es")
    assert first.located == "Bruselas"  # from the opening dateline "Bruselas, 16 ene (EFE).-"
    paras = first.body.split("\n\n")
    assert paras[0].startswith("Bruselas, 16 ene (EFE).- La Unión Europea reiteró hoy")
    assert len(paras) == 8 and paras[-1].endswith("causó la muerte de 19 personas. EFE")
    assert "<" not in first.body and "&" not in first.body
    assert second.headline == "Tsai anuncia un Gobierno más cercano al pueblo y defensor de la soberanía"
    assert second.subheadline is None and second.located == "Taiwán"
    assert second.published == datetime(2016, 1, 16, 12, 57, tzinfo=UTC)
    assert second.guid.endswith(":21548877") and second.body.count("\n\n") == 2


@pytest.mark.parametrize(
    ("line", "slug"),
    [
        ("YIHADISMO BURKINA", True),
        ("(Avance) TAIWÁN ELECCIONES", True),
        ("(Urgente) SIRIA CONFLICTO", True),
        ("Großer Andrang am Eröffnungstag", False),
        ("ÉLECTIONS à Paris", False),
        ("الأمم المتحدة تدين الهجوم", False),  # no case: never a slug by this rule
        ("UN SAYS AT LEAST TWENTY PEOPLE WERE KILLED IN THE ATTACK", False),  # a sentence in capitals
        ("2016", False),
    ],
)
def test_slug_lines(line, slug):
    assert is_slug_line(line) is slug


def test_newsml1_subheadline_in_sentence_case_stays():
    doc = load("newsml1-efe-texto-two-items-topic-slug-subheadline.xml").replace(
        b"<SubHeadLine>YIHADISMO BURKINA</SubHeadLine>", b"<SubHeadLine>Mogherini condena el ataque</SubHeadLine>")
    assert parse_bytes(doc)[0].subheadline == "Mogherini condena el ataque"


def test_newsml1_language_subtag_lower_cased_region_kept():
    doc = load("newsml1-efe-texto-two-items-topic-slug-subheadline.xml").replace(b'FormalName="es-ES"', b'FormalName="ES"')
    assert {i.language for i in parse_bytes(doc)} == {"es"}


def test_newsml1_afp_photo_with_nitf_caption_is_no_story():
    # AFP photo NewsML 1.2 (Gaza funeral, 2016): the only text is the picture's Caption component.
    err = reason(load("newsml1-afp-photo-gaza-funeral-caption.xml"))
    assert err.reason == "empty" and "no text NewsItem" in str(err)


# --------------------------------------------------------------------------- NewsML-G2


def test_newsml_reuters_video_package_said_to_be_located():
    # Reuters' user-generated-video newsMessage: a composite with the text item, the video
    # item; <located literal="SAID TO BE DERAA, SYRIA">: the place, without the caveat.
    [item] = parse("newsml-reuters-video-ugc-said-to-be-located.xml")
    assert item.guid == "tag:reuters.com,2016:newsml_WN3YCW1TW" and item.version == 2
    assert item.headline == "Syrian rebels battle government forces in Deraa -amateur video"
    assert item.located == "DERAA, SYRIA"
    assert item.published == datetime(2016, 1, 2, 19, 3, 39, tzinfo=UTC) and item.language == "en"
    assert "Amateur video uploaded to the Internet purports to show fighters" in item.body


def test_newsml_rnews_microdata_article_body_only():
    # rNews (IPTC's schema.org microdata) in an XHTML inlineXML (stefangrunert/newsmlvalidator's
    # example: a New York Times story): the story is the articleBody, not the byline, the
    # "WASHINGTON | March 24, 2011" line, the copyright and usage-terms paragraphs or the tags.
    [item] = parse("newsml-rnews-microdata-xhtml.xml")
    assert item.headline == "Allies Are Split on Goal and Exit Strategy in Libya"
    assert item.subheadline == "NATO Takes Command"  # itemprop="alternativeHeadline"
    assert item.body.startswith("Having largely succeeded in stopping a rout of Libya's rebels, the inchoate coalition")
    assert item.body.endswith("a military campaign that could last for weeks.") and "\n" not in item.body
    for chrome in ("STEVEN LEE MYERS", "Copyright", "Usage Terms", "WASHINGTON |", "Rebel fighters take cover"):
        assert chrome not in item.body
    assert item.located == "WASHINGTON"  # itemprop="dateline"
    assert item.language == "en-US"  # <meta itemprop="inLanguage" content="en-US">
    assert item.published == datetime(2015, 3, 31, 13, 10, 47, tzinfo=UTC)  # versionCreated +02:00
    assert item.pubstatus == "withheld" and item.version == 15


def test_newsml_xhtml_without_microdata_reads_as_before():
    doc = load("newsml-rnews-microdata-xhtml.xml").replace(b'itemprop="articleBody"', b"")
    [item] = parse_bytes(doc)
    # (the opening byline paragraph "By STEVEN LEE MYERS" is dropped since formats round 10; the
    # dateline line and copyright around the story are still there without the microdata)
    assert "WASHINGTON | March 24, 2011" in item.body and "Having largely succeeded" in item.body
    assert "STEVEN LEE MYERS" not in item.body


def test_newsml_dpa_2013_newsitem():
    # dpa's NewsML-G2 of 2013 (newsmlvalidator's example): German sports story, dateline in the text.
    [item] = parse("newsml-dpa-2013-sport-paris.xml")
    assert item.guid == "urn:newsml:dpa.com:20090101:130821-96-00675" and item.version == 2
    assert item.headline == "Nach Revanche gegen Lyon: San Sebastián vor Champions-League-Comeback"
    assert item.body.startswith("Paris (dpa) - Nach zehnjähriger Abstinenz steht Real Sociedad")
    assert item.body.count("\n\n") == 3 and "«Spektakulär!»" in item.body
    assert item.published == datetime(2013, 8, 21, 14, 41, 43, tzinfo=UTC)
    assert item.language == "de" and item.located == "Paris"


# --------------------------------------------------------------------------- RSS


@pytest.mark.parametrize("ctype", [None, "application/rss+xml"])
def test_rss_google_play_podcast_description_is_the_body(ctype):
    # Google Play's podcast RSS (laminas-feed's integration feed): the episode's text only in
    # <googleplay:description> (no <description>, no <itunes:summary>).
    items = parse("rss-2.0-laminas-google-play-podcast-description.xml", ctype)
    assert [i.headline for i in items] == ["Shake Shake Shake Your Spices", "Socket Wrench Shootout", "Red, Whine, & Blue"]
    first = items[0]
    assert first.body == ("This week we talk about salt and pepper shakers, comparing and contrasting pour rates, "
                          "construction materials, and overall aesthetics. Come and join the party!")
    assert first.guid == "http://example.com/podcasts/archive/aae20050615.m4a"
    assert first.published == datetime(2005, 6, 15, 19, 0, tzinfo=UTC) and first.language == "en-us"
    assert all(i.body for i in items)


def test_rss_itunes_subtitle_is_the_last_resort_body():
    doc = (b'<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>c</title>'
           b"<item><title>Episode 4</title><itunes:subtitle>Aid convoys reach Gaza</itunes:subtitle>"
           b"<guid>e4</guid></item></channel></rss>")
    [item] = parse_bytes(doc)
    assert item.body == "Aid convoys reach Gaza"


def test_rss_1_0_laut_de_iso_8859_1_dc_dates():
    # laut.de's RSS 1.0 (2009): ISO-8859-1, a comment block before the channel, per-item
    # dc:language and dc:date with +01:00.
    items = parse("rss-1.0-laminas-laut-de-iso-8859-1.xml")
    assert len(items) == 20 and {i.format for i in items} == {"rss"}
    first = items[0]
    assert first.headline == "Angelika Express: MySpace-Aus wegen Sido-Werbung"
    assert first.body == ('Schon länger haderten die Kölner mit der Plattform des "fiesen Rupert Murdoch". '
                          "Das Fass zum Überlaufen brachte aber ein Werbebanner von Deutschrapper Sido.")
    assert first.published == datetime(2009, 7, 4, 12, 28, 9, tzinfo=UTC)
    assert first.guid == first.link == "http://www.laut.de/vorlaut/news/2009/07/04/22426/index.htm"
    assert items[2].headline == 'Lady Gaga: "Bin wie Andy Warhol"'
    assert {i.language for i in items} == {"de"}


# --------------------------------------------------------------------------- languages given as names


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("en_US", "en-US"), ("FR", "fr"), ("es-ES", "es-ES"), ("en-us", "en-us"), ("zh-Hant-TW", "zh-Hant-TW"),
        ("English", "en"), ("english", "en"), ("English (US)", "en"), ("English - United Kingdom", "en"),
        ("Français", "fr"), ("Deutsch", "de"), ("Arabic", "ar"), ("العربية", "ar"), ("Русский", "ru"),
        ("Українська", "uk"), ("中文", "zh"), ("Norwegian Bokmål", "nb"), ("Klingon", "Klingon"), ("  ", None),
    ],
)
def test_language_tag(value, tag):
    assert language_tag(value) == tag


def test_language_names_in_a_feed_and_a_json_item():
    feed = (b'<rss version="2.0"><channel><title>c</title><language>English</language>'
            b"<item><title>Ceasefire talks resume</title><description>Talks resumed in Doha.</description>"
            b"<guid>g1</guid></item></channel></rss>")
    assert parse_bytes(feed)[0].language == "en"
    doc = orjson.dumps({"guid": "j1", "headline": "H", "body": "Text of the story.", "language": "Français"})
    assert parse_bytes(doc, "application/json")[0].language == "fr"


# --------------------------------------------------------------------------- news organisations' content APIs


@pytest.mark.parametrize("ctype", [None, "application/json"])
def test_guardian_content_api_search_with_fields(ctype):
    # The Guardian's Content API /search with show-fields: {"response": {"results": [...]}}, the
    # text in "fields" (HTML body with a figure and a rich-link aside, bodyText glued, trailText).
    story, live = parse("json-guardian-content-api-search-show-fields.json", ctype)
    assert story.format == "json" and story.source == "wire"
    assert story.guid == "world/2026/sep/20/sudan-el-fasher-shelling-displaced-families"
    assert story.link == "https://www.theguardian.com/world/2026/sep/20/sudan-el-fasher-shelling-displaced-families"
    assert story.headline == "Shelling of El Fasher forces thousands more families to flee"
    assert story.subheadline == ("Aid agencies say camps west of the city cannot take more people as the siege "
                                 "enters its sixth month")
    paras = story.body.split("\n\n")
    assert len(paras) == 3 and paras[2] == "“The camps are full,” a spokesperson said."
    assert "Photograph" not in story.body and "Related" not in story.body and "<" not in story.body
    assert story.published == datetime(2026, 9, 20, 14, 5, 31, tzinfo=UTC) and story.language == "en"
    # A live blog without a body field: its trail text.
    assert live.headline.startswith("Ukraine war live:") and live.body.startswith("Regional governor says")


def test_guardian_content_api_single_item_and_body_text_only():
    doc = orjson.loads(load("json-guardian-content-api-search-show-fields.json"))
    article = doc["response"]["results"][0]
    del article["fields"]["body"]
    [item] = parse_bytes(orjson.dumps({"response": {"status": "ok", "total": 1, "content": article}}))
    assert item.body.startswith("Artillery fire hit") and item.body.endswith("a spokesperson said.")


@pytest.mark.parametrize("ctype", [None, "application/json"])
def test_nyt_article_search_docs(ctype):
    # The New York Times' Article Search API: {"status": "OK", "response": {"docs": [...]}}, headline
    # an object, the text the lead paragraph (else the abstract), pub_date with +0000.
    first, brief = parse("json-nyt-article-search-docs.json", ctype)
    assert first.headline == "Fighting Intensifies in Ethiopia’s Tigray Region"
    assert first.body.startswith("NAIROBI, Kenya — Fighting between federal forces") and "\n" not in first.body
    assert first.guid == "nyt://article/0b4f1c2e-8d3a-5e6f-9a7b-1c2d3e4f5a6b" and first.source == "The New York Times"
    assert first.link == "https://www.nytimes.com/2026/09/20/world/africa/ethiopia-tigray-fighting.html"
    assert first.published == datetime(2026, 9, 20, 20, 15, 4, tzinfo=UTC)
    assert brief.headline == "U.N. Council Meets on Sudan"
    assert brief.body == "The United Nations Security Council met in emergency session on the crisis."


# --------------------------------------------------------------------------- numeric dates: day first by language


def test_rss_numeric_pubdates_day_first_in_a_portuguese_feed():
    # A Brazilian site's pubDates "05/03/2024 14:30:00" are 5 March (they were read month first,
    # as Drupal's US default, unless the day was over 12); an item in en-us stays month first.
    onu, conselho, envoy = parse("rss-2.0-pt-br-day-first-numeric-pubdates.xml")
    assert onu.published == datetime(2024, 3, 5, 14, 30, tzinfo=UTC) and onu.language == "pt-br"
    assert conselho.published == datetime(2024, 3, 13, 9, 5, tzinfo=UTC)
    assert envoy.language == "en-us" and envoy.published == datetime(2024, 3, 5, 12, 0, tzinfo=UTC)  # 03/05: March 5
    assert onu.body.split("\n\n")[1] == "Mais de 20 mil pessoas deixaram a cidade na última semana."


def test_drupal_month_first_dates_unchanged_without_a_language():
    doc = (b'<rss version="2.0"><channel><title>c</title><item><title>T</title><description>Some text here.'
           b"</description><pubDate>Fri, 05/03/2019 - 15:21</pubDate></item></channel></rss>")
    assert parse_bytes(doc)[0].published == datetime(2019, 5, 3, 15, 21, tzinfo=UTC)
    fr = doc.replace(b"<title>c</title>", b"<title>c</title><language>fr-FR</language>")
    assert parse_bytes(fr)[0].published == datetime(2019, 3, 5, 15, 21, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [(None, False), ("", False), ("en", False), ("en-US", False), ("en_us", False), ("pt-br", True),
     ("en-GB", True), ("fr", True), ("ar", True), ("de-DE", True)],
)
def test_day_first(language, expected):
    from agents.formats.dates import day_first

    assert day_first(language) is expected


def test_rss_date_before_the_title_is_the_time():
    # The Rio Grande do Sul court's RSS 0.91 (feed-rs's test feed, ISO-8859-1): no pubDate, the
    # title "13/08/2020 21:27 - Comitê completa ...": the date is the item's time, not its headline.
    [item] = parse("rss-0.91-feed-rs-tjrs-date-before-title-iso-8859-1.xml")
    assert item.headline == "Comitê completa 150 dias de atuação na prevenção contra o novo Coronavírus"
    assert item.published == datetime(2020, 8, 13, 21, 27, tzinfo=UTC) and item.language == "pt-br"
    assert item.body.startswith("Comitê completa 150 dias de atuação na prevenção contra o novo Coronavírus.")
    assert item.link == "http://www.tjrs.jus.br/site_php/noticias/mostranoticia.php?assunto=1&categoria=1&item=506095"


def test_rss_title_that_only_starts_with_numbers_is_kept():
    doc = (b'<rss version="2.0"><channel><title>c</title><item><title>2020 - the year in review</title>'
           b"<description>Text.</description></item><item><title>40/50/2020 - not a date</title>"
           b"<description>More text.</description></item></channel></rss>")
    assert [i.headline for i in parse_bytes(doc)] == ["2020 - the year in review", "40/50/2020 - not a date"]


@pytest.mark.parametrize("ctype", [None, "application/json"])
def test_event_registry_get_articles(ctype):
    # Event Registry (newsapi.ai) /article/getArticles: {"articles": {"results": [...], "page"}},
    # "lang" an ISO 639-2 code ("eng", "ara"), "dateTimePub" before the day-only "date", the
    # outlet in "source": {"uri", "title"}.
    eng, ara = parse("json-event-registry-get-articles.json", ctype)
    assert eng.headline == "Aid convoy reaches Sudan's El Fasher after weeks of delays"
    assert eng.body.count("\n\n") == 2 and eng.body.startswith("An aid convoy reached the besieged Sudanese city")
    assert eng.published == datetime(2026, 9, 20, 10, 12, tzinfo=UTC)
    assert eng.language == "en" and eng.guid == "8051223344" and eng.source == "Example World News"
    assert eng.link == "https://www.example.com/world/2026/09/20/sudan-aid-convoy-el-fasher"
    assert ara.language == "ar" and ara.headline == "وصول قافلة مساعدات إلى الفاشر" and ara.source == "Example Arabic"


@pytest.mark.parametrize(("value", "tag"), [("eng", "en"), ("ENG", "en"), ("fra-CA", "fr-CA"), ("deu", "de"), ("xyz", "xyz")])
def test_language_tag_three_letter_codes(value, tag):
    assert language_tag(value) == tag


def test_gdelt_doc_api_artlist_language_names_and_tokenised_titles():
    # GDELT DOC 2.0 ArtList JSON: {"articles": [...]}, titles only, "seendate" ISO 8601 basic,
    # "language" a name ("English", "French"), titles tokenised ("Sudan ' s El Fasher , medics say").
    en, fr = parse("json-gdelt-doc-api-artlist.json")
    assert en.headline == "Shelling kills dozens in Sudan's El Fasher, medics say" and en.body == ""
    assert en.language == "en" and en.published == datetime(2026, 9, 20, 14, 15, tzinfo=UTC)
    assert en.link == "https://www.example-news.com/world/africa/sudan-fasher-shelling-20260920"
    assert fr.headline == "Soudan : des tirs d'artillerie frappent El Fasher" and fr.language == "fr"


def test_titles_outside_gdelt_keep_their_spacing():
    doc = orjson.dumps({"title": "Rock ' n ' roll , live", "content": "Text of the story.", "id": "x"})
    assert parse_bytes(doc, "application/json")[0].headline == "Rock ' n ' roll , live"


# --------------------------------------------------------------------------- NITF from DTI newspaper systems


@pytest.mark.parametrize("ctype", [None, "application/nitf+xml", "text/xml"])
def test_nitf_dti_unknown_character_comments(ctype):
    # The Bulletin (Bend, Oregon), NITF 3.2 from a DTI system (amerine/dti_nitf's test fixture):
    # every curly quote the export could not encode is a comment naming it, <!-- 2019(unknown) -->;
    # hl1 / hl2 hold <p>, <b> and <x> markup; pubdata@date.publication "2010-02-10 ".
    [item] = parse("nitf-dti-bulletin-unknown-char-comments.xml", ctype)
    assert item.format == "nitf" and item.guid == "13973764"
    assert item.headline == "Master plan to focus on attracting new tenants"
    assert item.subheadline == "Optimistic about funding, officials hope to start work on plan in April"
    paras = item.body.split("\n\n")
    assert paras[0] == ("Local officials hope a new plan for the Bend Municipal Airport will encourage economic "
                        "development and help resolve neighbors’ concerns, including noise from low-flying aircraft.")
    assert "“The airport is one of the economic engines for our community,” Capell said." in paras
    assert "(unknown)" not in item.body and "citys" not in item.body
    assert item.published == datetime(2010, 2, 10, tzinfo=UTC)


def test_nitf_dti_plain_text_body_content_keeps_its_paragraphs():
    # No <p> in body.content: plain text, paragraphs separated by blank lines (it was one paragraph).
    [item] = parse("nitf-dti-bulletin-plain-text-no-p.xml")
    assert item.headline == "High winds, snow prompt road closures, travel restrictions" and item.subheadline is None
    paras = item.body.split("\n\n")
    assert len(paras) == 6 and paras[0].startswith("High winds in the east and snow in the south made driving "
                                                    "difficult on Oregon’s two interstate highways")
    assert paras[-1].endswith("from 6-12 inches of new snow by Saturday morning.")
    assert item.published == RECEIVED  # no date in the document


def test_nitf_dti_correction_headline_from_its_opening_hl2():
    # An empty hl1; the correction's title is the <hl2> its body.content opens with.
    [item] = parse("nitf-dti-bulletin-correction-empty-hl1.xml")
    assert item.headline == "Correction"
    assert item.body == ("In a column titled “The power and joy of libraries,” which appears today on Page F1, "
                         "Deschutes Public Library Director Todd Dunkelberg’s name is incorrect.\n\n"
                         "The Bulletin regrets the error.")
    assert item.published == datetime(2010, 2, 14, tzinfo=UTC)


def test_unknown_character_comment_outside_that_form_stays_a_comment():
    doc = (b'<rss version="2.0"><channel><title>c</title><item><title>A<!-- 2019 -->B<!-- d800(unknown) -->C</title>'
           b"<description>Text.</description></item></channel></rss>")
    assert parse_bytes(doc)[0].headline == "ABC"


# --------------------------------------------------------------------------- an HTML page where the feed was


_HTML_PAGE = (b"\n<!DOCTYPE html>\n<html lang=\"en\"><head>\n<meta charset=\"utf-8\">\n<title>Qt Blog</title>\n"
              b"<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/blog/rss.xml\">\n</head>\n"
              b"<body><p>Latest posts<br><img src=\"a.png\"></p>\n</body></html>\n")


@pytest.mark.parametrize("ctype", ["application/rss+xml", "application/atom+xml", "text/xml", "application/xml"])
def test_html_page_that_is_not_xml_is_refused_saying_so(ctype):
    # Real feed URLs that now serve a web page (KDE syndication's test data keeps the Qt Blog's,
    # Planet Gentoo's and a YouTube page): HTML as browsers read it (<br>, <meta> unclosed), which
    # is "unparseable: not well-formed XML: ..."; the message now says what the document is.
    err = reason(_HTML_PAGE, ctype)
    assert err.reason == "unparseable" and "the document is an HTML page, not an RSS/Atom feed" in str(err)
    with_comment = b"<!-- served by cache -->\n<html><head><title>x</title><body><p>a<br></body></html>"
    assert "HTML page" in str(reason(with_comment, ctype))


# --------------------------------------------------------------------------- AP Media API feed: text only behind a rendition


def test_ninjs_ap_media_api_feed_item_guid_is_stable_across_polls():
    # AP Media API /content/feed: {"data": {"items": [{"meta", "item": {...}}]}}; the item's uri carries
    # the request's query token and the etag (qt=, et=), which change from poll to poll; the story
    # text is only behind the NITF rendition's download link (not fetched): headline, extended
    # headline and place are what there is.
    [item] = parse("json-ap-media-api-feed-ninjs-nitf-rendition-only.json")
    assert item.format == "ninjs" and item.guid == "https://api.ap.org/media/v/content/4a1f2c3d5e6f"
    assert item.headline == "Shelling hits Kharkiv power plant, cutting heat to thousands"
    assert item.subheadline.startswith("Russian shelling hit a thermal power plant in Kharkiv overnight")
    assert item.body == "" and item.located == "KHARKIV, Ukraine" and item.language == "en"
    assert item.published == datetime(2026, 9, 20, 10, 14, 55, tzinfo=UTC) and item.version == 0
    repoll = load("json-ap-media-api-feed-ninjs-nitf-rendition-only.json").replace(b"qt=abc&et=1a1aza0c0", b"qt=xyz&et=2b2b")
    assert parse_bytes(repoll)[0].id == item.id


def test_ninjs_uri_query_that_is_not_ap_tokens_is_kept():
    doc = orjson.dumps({"uri": "https://example.com/item?id=7&lang=en", "type": "text", "headline": "H",
                        "body_text": "Text.", "versioncreated": "2026-09-20T10:00:00Z"})
    assert parse_bytes(doc, "application/ninjs+json")[0].guid == "https://example.com/item?id=7&lang=en"


def test_json_item_numeric_date_day_first_by_its_language():
    doc = {"guid": "f1", "headline": "Cessez-le-feu à El Fasher", "body": "Texte.", "date": "05/03/2024 14:30"}
    assert parse_bytes(orjson.dumps({**doc, "language": "fr"}), "application/json")[0].published == datetime(
        2024, 3, 5, 14, 30, tzinfo=UTC)
    assert parse_bytes(orjson.dumps(doc), "application/json")[0].published == datetime(2024, 5, 3, 14, 30, tzinfo=UTC)


def test_newsdata_io_free_plan_placeholder_is_no_text():
    # NewsData.io /api/1/latest: {"status": "success", "results": [...]}, "content" on the free plan
    # the placeholder "ONLY AVAILABLE IN PAID PLANS" (the description is the text there is),
    # "article_id" the id, "language" a lower-case name, "pubDate" UTC without an offset.
    [item] = parse("json-newsdata-io-latest-free-plan-placeholders.json")
    assert item.body.startswith("The United Nations called on Sunday for an immediate ceasefire") and "PLANS" not in item.body
    assert item.guid == "5b7e3c0f2a1d4e6f8a9b0c1d2e3f4a5b" and item.source == "Example News"
    assert item.language == "en" and item.published == datetime(2026, 9, 20, 14, 5, 31, tzinfo=UTC)


def test_mediastack_and_currents_api_listings():
    # mediastack /v1/news: {"pagination", "data": [...]}, "source" a name, "published_at" with +00:00;
    # Currents API /v1/latest-news: {"status", "news": [...]}, "published" "2026-09-20 08:41:12 +0000".
    [ms] = parse("json-mediastack-news-data-list.json")
    assert ms.headline == "Aid convoy reaches El Fasher" and ms.source == "Example Daily"
    assert ms.published == datetime(2026, 9, 20, 10, 12, tzinfo=UTC) and ms.language == "en"
    assert ms.link == "https://www.example.com/world/aid-convoy-el-fasher" and ms.body.startswith("An aid convoy")
    [cu] = parse("json-currents-api-latest-news.json")
    assert cu.guid == "c1f0a9e2-7b3d-4e5f-9a8b-1c2d3e4f5a6b" and cu.published == datetime(2026, 9, 20, 8, 41, 12, tzinfo=UTC)
    assert cu.body == "Russian shelling hit a thermal power plant in Kharkiv overnight, the governor said."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01-03-2024 10:00", datetime(2024, 3, 1, 10, 0, tzinfo=UTC)),  # feedparser: 2001-03-20
        ("20-09-2026 10:00:00", datetime(2026, 9, 20, 10, 0, tzinfo=UTC)),
        ("03-20-2024 10:00", datetime(2024, 3, 20, 10, 0, tzinfo=UTC)),  # 20 cannot be a month
        ("Fri, 01-03-2024 10:00 +0530", datetime(2024, 3, 1, 4, 30, tzinfo=UTC)),
        ("Friday, 01-Mar-24 10:00:00 GMT", datetime(2024, 3, 1, 10, 0, tzinfo=UTC)),  # RFC 850 as before
    ],
)
def test_numeric_dates_with_dashes_are_day_first(value, expected):
    from agents.formats.dates import feed_date

    assert feed_date(value) == expected


def test_rss_us_long_dates_and_program_time_strings():
    # "September 20, 2026 10:00 AM EDT" / "Sunday, November 3, 2024" lost their month (English
    # September / November are German month words too) and fell back to the receive time; Ruby's
    # "2026-09-20 10:00:00 UTC" and Go's "... +0300 +03" lost the time; RFC 822 with ".000" was unread.
    items = parse("rss-2.0-us-long-dates-and-program-time-strings.xml")
    assert [i.published for i in items] == [
        datetime(2026, 9, 20, 14, 0, tzinfo=UTC),
        datetime(2024, 11, 3, tzinfo=UTC),
        datetime(2026, 9, 20, 10, 0, tzinfo=UTC),
        datetime(2026, 9, 20, 10, 15, tzinfo=UTC),
        datetime(2026, 9, 20, 16, 45, tzinfo=UTC),
    ]
    assert items[0].headline == "UN envoy arrives in Port Sudan for ceasefire talks" and items[0].guid == "wire-20260920-0001"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("September 20, 2026", datetime(2026, 9, 20, tzinfo=UTC)),
        ("November 3, 2024, 5:30 PM EST", datetime(2024, 11, 3, 22, 30, tzinfo=UTC)),
        ("Sunday, September 20, 2026 - 10:00", datetime(2026, 9, 20, 10, 0, tzinfo=UTC)),
        ("dimanche 20 septembre 2026 à 10h00", datetime(2026, 9, 20, 10, 0, tzinfo=UTC)),  # as before
        ("Montag 20. September 2026 um 10:00", datetime(2026, 9, 20, 10, 0, tzinfo=UTC)),
        ("2026-09-20 10:00:00 +0000 UTC", datetime(2026, 9, 20, 10, 0, tzinfo=UTC)),
        ("2026-09-20 10:00 GMT", datetime(2026, 9, 20, 10, 0, tzinfo=UTC)),
        ("Sun, 20 Sep 2026 10:00:00.123 +0200", datetime(2026, 9, 20, 8, 0, tzinfo=UTC)),
    ],
)
def test_month_names_shared_with_german_and_program_time_strings(value, expected):
    from agents.formats.dates import feed_date

    assert feed_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # The time first: feedparser read only the time, on the day it ran.
        ("12:30 20/09/2026", datetime(2026, 9, 20, 12, 30, tzinfo=UTC)),
        ("10:00, 20 Sep 2026", datetime(2026, 9, 20, 10, 0, tzinfo=UTC)),
        ("14:05 | 20.09.2026", datetime(2026, 9, 20, 14, 5, tzinfo=UTC)),
        ("12:30 20/09/2026 +0300", datetime(2026, 9, 20, 9, 30, tzinfo=UTC)),
        ("10:00 2026-09-20", datetime(2026, 9, 20, 10, 0, tzinfo=UTC)),
        ("17:30 Uhr, 20. September 2026", datetime(2026, 9, 20, 17, 30, tzinfo=UTC)),
        ("20th September 2026", datetime(2026, 9, 20, tzinfo=UTC)),
        ("Sep 20, 2026 @ 10:00", datetime(2026, 9, 20, 10, 0, tzinfo=UTC)),
        ("10:00", None),  # a time without its day: no date (the receive time), not today's
        ("10:00 PM EST", None),
    ],
)
def test_time_first_and_time_only_dates(value, expected):
    from agents.formats.dates import feed_date

    assert feed_date(value) == expected


def test_placeholder_times_are_no_time():
    # A null timestamp written out: the Unix epoch ("Thu, 01 Jan 1970 00:00:00 GMT", as in rome's
    # dublin-core-date test feed), Go's / .NET's zero time 0001-01-01, SQL Server's 1900-01-01.
    feed = (b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>c</title>'
            b"<item><title>A</title><description>Text a.</description><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>"
            b"<dc:date>2026-09-20T10:00:00Z</dc:date></item>"
            b"<item><title>B</title><description>Text b.</description><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>"
            b"</item></channel></rss>")
    a, b = parse_bytes(feed)
    assert a.published == datetime(2026, 9, 20, 10, 0, tzinfo=UTC) and b.published == RECEIVED  # dc:date, else none
    for value in ("0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "1970-01-01T00:00:00Z"):
        doc = orjson.dumps({"guid": "j", "headline": "H", "body": "Text.", "published": value})
        assert parse_bytes(doc, "application/json")[0].published == RECEIVED
    doc = orjson.dumps({"id": "n", "title": "H", "content": "Text.", "publishedAt": "0001-01-01T00:00:00Z",
                        "date": "2026-09-20T10:00:00Z"})
    assert parse_bytes(doc, "application/json")[0].published == datetime(2026, 9, 20, 10, 0, tzinfo=UTC)
    g2 = load("newsml-dpa-2013-sport-paris.xml")
    import re as _re

    g2 = _re.sub(rb"<versionCreated>[^<]*</versionCreated>", b"<versionCreated>0001-01-01T00:00:00Z</versionCreated>", g2)
    assert parse_bytes(g2)[0].published == RECEIVED


def test_rss_wordpress_jetpack_sharing_and_feedburner_flare_are_not_story_text():
    # WordPress content:encoded with Jetpack's "sharedaddy" block ("Share this: Twitter Facebook") and
    # related-posts heading, then FeedBurner's feedflare links and tracking pixel (they were paragraphs).
    [item] = parse("rss-2.0-wordpress-jetpack-sharing-and-feedflare.xml")
    assert item.body == ("Fighting near Goma displaced another 30,000 people this week, the monitor said.\n\n"
                         "Most fled towards camps west of the city.")
    assert item.link == "https://monitor.example.org/2026/09/20/drc-displacement/"
    assert item.guid == "https://monitor.example.org/?p=4821" and item.language == "en-GB"
    assert item.published == datetime(2026, 9, 20, 9, 30, tzinfo=UTC)


def test_a_class_named_like_a_widget_only_by_part_stays():
    from agents.formats.newsml import html_to_text

    assert html_to_text('<p class="share-price">Shares fell 4%.</p>') == "Shares fell 4%."


@pytest.mark.parametrize(
    ("description", "body"),
    [
        # WordPress excerpts: the closing " [&#8230;]", the "more-link" inside the last paragraph.
        ("Fighting resumed near Goma on Sunday, residents said [&#8230;]", "Fighting resumed near Goma on Sunday, residents said"),
        ('<p>Fighting resumed near Goma. <a href="x" class="more-link">Continue reading '
         '<span class="screen-reader-text">Goma</span></a></p>', "Fighting resumed near Goma."),
        # Line breaks escaped once more than the rest of a CDATA description.
        ("Fighting resumed near Goma.&lt;br /&gt;&lt;br /&gt;Residents fled.", "Fighting resumed near Goma.\n\nResidents fled."),
        ("Editors: use the &lt;p&gt; element", "Editors: use the <p> element"),  # a tag named in the text stays
        ("[&#8230;]", ""),
    ],
)
def test_rss_excerpt_markers_and_escaped_breaks(description, body):
    doc = ('<rss version="2.0"><channel><title>c</title><item><title>T</title><guid>g</guid><description><![CDATA['
           + description + "]]></description></item></channel></rss>").encode()
    assert parse_bytes(doc)[0].body == body
