"""ninjs, NewsML-G2 and RSS/Atom parsers against real example files (tests/fixtures/README.md)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest

from agents.formats import CONTENT_TYPES, PARSERS, ParseError, format_for, newsml, ninjs, parse_payload, rss
from agents.formats.base import payload_hash
from agents.normalize import normalize

FIX = Path(__file__).parent / "fixtures"
RECEIVED = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


def load(name: str) -> bytes:
    return (FIX / name).read_bytes()


def parse(module, name: str, source: str = "wire"):
    return module.parse(load(name), source=source, received=RECEIVED)


# --------------------------------------------------------------------------- ninjs


def test_ninjs_1x_body_text_and_xhtml_give_plain_text():
    [item] = parse(ninjs, "ninjs-1.4-ninjsExSimpleText1.json")
    assert item.format == "ninjs"
    assert item.guid == "http://ninjs.example.com/newsitems/20130709simp123"
    assert item.link == item.guid
    assert item.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert item.body.startswith("GROSSETO, Italy (AP) -- The trial of the captain")
    assert "<p>" not in item.body
    assert item.published == datetime(2013, 7, 9, 10, 37, tzinfo=timezone.utc)
    assert item.version == 1 and item.pubstatus == "usable"


def test_ninjs_1x_xhtml_only_body_is_reduced_to_text():
    [item] = parse(ninjs, "ninjs-1.4-businesswire-20130731006140.json")
    assert item.body.startswith("With more Applebee’s® Lunch Combos than ever")
    assert "<sup" not in item.body and "  " not in item.body
    assert item.language == "en"


def test_ninjs_3x_camel_case_reads_like_1x():
    [v1] = parse(ninjs, "ninjs-1.4-ninjsExSimpleText1.json")
    [v3] = parse(ninjs, "ninjs-3.0-ninjsExSimpleText_3.json")
    assert v3.published == v1.published
    assert v3.headline == v1.headline
    assert v3.body == v1.body  # both the XHTML paragraphs (the plain renditions lost them)
    assert v3.id == v1.id and v3.content_hash == v1.content_hash


def test_ninjs_2x_and_3x_of_the_same_item_agree():
    [v2] = parse(ninjs, "ninjs-2.1-dpa_text.json")
    [v3] = parse(ninjs, "ninjs-3.0-dpa_text.json")
    assert v2.guid == "urn:newsml:dpa.com:20090101:190510-99-167362"
    assert v2.version == 2 and v3.version == 2
    assert v2.published == datetime(2019, 5, 10, 14, 2, 28, tzinfo=timezone.utc)
    assert v2.headline == v3.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    assert v2.body == v3.body
    assert v2.body.startswith("Für Lucien Favre war es «der größte Skandal im Fußball seit Jahren».")
    assert "\n\n" in v2.body  # <p> paragraphs kept as paragraphs
    assert v2.link is None  # a urn is not a link


def test_ninjs_2x_without_body_uses_description_and_places():
    [item] = parse(ninjs, "ninjs-2.1-ntb_text.json")
    assert item.headline == "Google har kjøpt giganttomt i Skien"
    assert item.body.startswith("IT-giganten Google har kjøpt en tomt")
    assert item.located == "Telemark"
    assert item.language == "nb-NO"
    assert item.version == 6


def test_ninjs_canceled_item_is_kept_as_a_retraction():
    doc = orjson.loads(load("ninjs-2.1-ntb_text.json"))
    doc["pubstatus"] = "canceled"
    doc["version"] = "7"
    [item] = ninjs.parse(orjson.dumps(doc), source="ntb", received=RECEIVED)
    assert item.pubstatus == "canceled" and item.version == 7


def test_ninjs_3x_pubstatus_and_located():
    doc = orjson.loads(load("ninjs-3.0-dpa_text.json"))
    doc["pubStatus"] = "canceled"
    doc["located"] = "Dortmund"
    [item] = ninjs.parse(orjson.dumps(doc), source="dpa", received=RECEIVED)
    assert item.pubstatus == "canceled" and item.located == "Dortmund"


def test_ninjs_array_of_items():
    docs = [orjson.loads(load("ninjs-2.1-ntb_text.json")), orjson.loads(load("ninjs-3.0-dpa_text.json"))]
    items = ninjs.parse(orjson.dumps(docs), source="mixed", received=RECEIVED)
    assert [i.language for i in items] == ["nb-NO", "de"]


@pytest.mark.parametrize(
    "doc, reason",
    [
        ({"headline": "no uri"}, "invalid_item"),
        ({"uri": "x", "headline": "h", "pubstatus": "deleted"}, "invalid_item"),
        ({"uri": "x", "headline": "h", "version": "1.2"}, "invalid_item"),
        ({"uri": "x", "headline": "h", "versioncreated": "yesterday"}, "invalid_item"),
        ({"uri": "x", "headlines": "not a list"}, "invalid_item"),
        ({"uri": "x"}, "invalid_item"),  # neither headline nor body
        (["not an object"], "invalid_item"),
        ([], "empty"),
    ],
)
def test_ninjs_rejects_bad_items(doc, reason):
    with pytest.raises(ParseError) as err:
        ninjs.parse(orjson.dumps(doc), source="x", received=RECEIVED)
    assert err.value.reason == reason


def test_ninjs_is_sniffed_without_content_type_and_json_stays_json():
    assert format_for(None, load("ninjs-1.4-ninjsExSimpleText1.json")) == "ninjs"
    assert format_for(None, load("ninjs-3.0-dpa_text.json")) == "ninjs"
    assert format_for(None, b'{"headline": "h", "body": "b", "guid": "g"}') == "json"
    assert format_for(None, b'{"uri": "u", "headline": "h"}') == "json"  # uri alone is not enough
    # A specific content type wins over sniffing (generic application/json is read by structure:
    # tests/test_formats_detect.py).
    assert format_for("application/vnd.wirewatch.item+json", load("ninjs-1.4-ninjsExSimpleText1.json")) == "json"


# --------------------------------------------------------------------------- NewsML-G2


def test_newsml_nitf_text_item():
    [item] = parse(newsml, "newsml-LISTING_2_NewsML-G2_Text_Document.xml", source="acme")
    assert item.format == "newsml"
    assert item.guid == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert item.version == 11
    assert item.headline == 'Fed to halt QE to avert "bubble"'
    assert item.published == datetime(2018, 11, 21, 21, 25, 32, tzinfo=timezone.utc)  # versionCreated
    assert item.located == "New York, NY"
    assert item.language == "en-US"
    paras = item.body.split("\n\n")
    assert len(paras) == 2  # NITF body.head (hedline, byline) is not body text
    assert paras[0].startswith("(New York, NY - October 21) Et, sent luptat")
    assert item.received == RECEIVED and item.payload_hash == payload_hash(load("newsml-LISTING_2_NewsML-G2_Text_Document.xml"))


def test_newsml_item_with_empty_content_keeps_headline_and_located():
    [item] = parse(newsml, "newsml-LISTING_1_A_NewsML-G2_News_Item.xml")
    assert item.headline == 'Fed to halt QE to avert "bubble"'
    assert item.located == "Berlin"
    assert item.language == "en-GB"
    assert item.body == ""


def test_newsml_message_without_namespace_yields_only_the_text_item():
    items = parse(newsml, "newsml-TT_newsmlg2_sample.xml", source="tt")
    assert len(items) == 1  # packageItem and the picture newsItem are skipped
    [item] = items
    assert item.guid == "http://tt.se/media/text/210919-janguillou-879f202b"
    assert item.headline == 'Jan Guillou skriver på ny "Hamilton"-bok'
    assert item.language == "sv"
    assert "Jan Guillou arbetar just nu med det sista kapitlet" in item.body
    assert "Arkivbild" not in item.body  # figure captions are not story text
    assert not item.body.startswith("Jan Guillou skriver")  # the repeated <h1> headline is dropped


def test_newsml_message_with_xhtml_and_dateline():
    [item] = parse(newsml, "newsml-dpa-with_dateline.xml", source="dpa")
    assert item.headline == "DeepSeek-Schock aus China: Zeichen für KI-Zeitenwende?"  # rank 1, not the rank-3 kicker
    assert item.version == 2
    assert item.located == "New York"  # from <dateline>, there is no <located>
    assert item.published == datetime(2025, 1, 28, 8, 18, 34, tzinfo=timezone.utc)
    assert item.body.startswith("Dass ein Start-up aus China")
    assert "Notizblock" not in item.body and "28.01.2025 09:18" not in item.body
    assert "Kalte Füße an der Wall Street" in item.body


def test_newsml_picture_only_document_is_rejected():
    with pytest.raises(ParseError) as err:
        parse(newsml, "newsml-LISTING_3_Photo_in_NewsML-G2.xml")
    assert err.value.reason == "empty"


def test_newsml_canceled_item():
    raw = load("newsml-LISTING_2_NewsML-G2_Text_Document.xml").replace(b"stat:usable", b"stat:canceled")
    [item] = newsml.parse(raw, source="acme", received=RECEIVED)
    assert item.pubstatus == "canceled"


def test_newsml_inline_data_and_missing_guid():
    doc = b"""<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g1" version="3">
      <itemMeta><itemClass qcode="ninat:text"/><firstCreated>2024-01-02</firstCreated></itemMeta>
      <contentMeta><headline>Flash</headline><located><name>Kyiv</name></located></contentMeta>
      <contentSet><inlineData contenttype="text/plain">Line one
      continues.

      Second paragraph.</inlineData></contentSet></newsItem>"""
    [item] = newsml.parse(doc, source="s", received=RECEIVED)
    assert item.body == "Line one continues.\n\nSecond paragraph."
    assert item.published == datetime(2024, 1, 2, tzinfo=timezone.utc)
    assert item.version == 3 and item.located == "Kyiv"
    with pytest.raises(ParseError) as err:
        newsml.parse(doc.replace(b'guid="g1"', b""), source="s", received=RECEIVED)
    assert err.value.reason == "invalid_item"


def test_newsml_rejects_other_g2_items():
    with pytest.raises(ParseError) as err:
        newsml.parse(b'<conceptItem guid="c" version="1"/>', source="s", received=RECEIVED)
    assert err.value.reason == "unsupported_format"


# --------------------------------------------------------------------------- RSS / Atom


def test_rss_20_sample_feed():
    items = parse(rss, "rss-2.0-sample-liftoff.xml", source="liftoff")
    assert len(items) == 4
    first = items[0]
    assert first.format == "rss"
    assert first.guid == "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573"
    assert first.link == "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp"
    assert first.headline == "Star City"
    assert first.body.endswith("protocol at Russia's Star City.")  # the <a> markup is gone
    assert first.published == datetime(2003, 6, 3, 9, 39, 21, tzinfo=timezone.utc)
    assert first.language == "en-us"
    # The untitled item still counts: its text is the body.
    assert items[1].headline == "" and items[1].body.startswith("Sky watchers in Europe")
    assert len({i.id for i in items}) == 4


def test_atom_extensive_feed():
    [item] = parse(rss, "atom-1.0-rfc4287-extensive.xml", source="dim")
    assert item.format == "atom"
    assert item.guid == "tag:example.org,2003:3.2397"
    assert item.link == "http://example.org/2005/04/02/atom"
    assert item.headline == "Atom draft-07 snapshot"
    assert item.body == "[Update: The Atom draft is finished.]"
    assert item.published == datetime(2003, 12, 13, 12, 29, 29, tzinfo=timezone.utc)  # published, not updated


def test_atom_minimal_feed():
    [item] = parse(rss, "atom-1.0-rfc4287-minimal.xml")
    assert item.guid == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert item.body == "Some text."
    assert item.published == datetime(2003, 12, 13, 18, 30, 2, tzinfo=timezone.utc)


def test_rss_entities_and_cdata():
    doc = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><title>AT&#x26;T</title><guid isPermaLink="false">a1</guid>
        <description><![CDATA[I'm headed for <a href="http://x">France</a> &amp; Spain.]]></description></item>
      <item><title>Nice &#x3C;gorilla&#x3E; what's he weigh?</title></item>
      <item><title></title></item>
    </channel></rss>"""
    items = rss.parse(doc, source="s", received=RECEIVED)
    assert [i.headline for i in items] == ["AT&T", "Nice <gorilla> what's he weigh?"]  # empty entry skipped
    assert items[0].body == "I'm headed for France & Spain."
    assert items[0].guid == "a1" and items[0].link is None
    assert items[1].guid.startswith("text:")  # no id, no link: identified by its text
    assert items[1].published == RECEIVED


def test_feed_without_entries_is_empty_not_an_error():
    assert rss.parse(b'<rss version="2.0"><channel><title>t</title></channel></rss>', source="s", received=RECEIVED) == []


@pytest.mark.parametrize("doc", [
    b'<rss version="2.0"><channel><title>t</title></channel></rss>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id></feed>',
])
def test_feed_without_entries_as_an_input_is_dead_lettered_as_empty(doc):
    # For the poller no entries is "nothing new"; as an input on wire.raw it must still come out
    # somewhere: the normalize stage dead-letters it instead of leaving no trace.
    with pytest.raises(ParseError) as err:
        parse_payload(doc, None, source="s", received=RECEIVED)
    assert err.value.reason == "empty"
    res = normalize(doc, {}, topic="wire.raw", partition=1, offset=7)
    assert res.items == [] and res.deadletter is not None and res.deadletter.reason == "empty"


def test_html_page_is_not_a_feed():
    page = b"<!DOCTYPE html><html><head><title>Login</title></head><body><p>Please log in</p></body></html>"
    for ctype in ("application/rss+xml", "application/atom+xml", "application/xml", None):
        with pytest.raises(ParseError) as err:
            parse_payload(page, ctype, source="s", received=RECEIVED)
        assert err.value.reason in ("unsupported_format", "unparseable"), ctype
    with pytest.raises(ParseError) as err:
        rss.parse(b"<html><body><p>well-formed XHTML</p></body></html>", source="s", received=RECEIVED)
    assert err.value.reason == "unsupported_format" and "HTML" in err.value.message


# --------------------------------------------------------------------------- registry


@pytest.mark.parametrize(
    "ctype, fixture, fmt",
    [
        ("application/ninjs+json", "ninjs-1.4-ninjsExSimpleText1.json", "ninjs"),
        ("application/vnd.iptc.ninjs+json; charset=utf-8", "ninjs-3.0-dpa_text.json", "ninjs"),
        ("application/vnd.iptc.g2.newsitem+xml", "newsml-LISTING_2_NewsML-G2_Text_Document.xml", "newsml"),
        ("application/xml", "newsml-dpa-with_dateline.xml", "newsml"),
        ("text/xml", "rss-2.0-sample-liftoff.xml", "rss"),
        ("application/xml", "atom-1.0-rfc4287-minimal.xml", "atom"),
        ("application/rss+xml", "rss-2.0-sample-liftoff.xml", "rss"),
        ("application/atom+xml", "atom-1.0-rfc4287-extensive.xml", "atom"),
        (None, "newsml-TT_newsmlg2_sample.xml", "newsml"),
        (None, "rss-2.0-sample-liftoff.xml", "rss"),
        (None, "atom-1.0-rfc4287-extensive.xml", "atom"),
        (None, "ninjs-2.1-ntb_text.json", "ninjs"),
        ("ninjs", "ninjs-2.1-ntb_text.json", "ninjs"),
    ],
)
def test_parse_payload_routes_every_content_type(ctype, fixture, fmt):
    items = parse_payload(load(fixture), ctype, source="src", received=RECEIVED)
    assert items and {i.format for i in items} == {fmt}
    assert all(i.source == "src" and i.received == RECEIVED for i in items)


def test_registration_is_additive():
    assert {"dispatch", "json", "ninjs", "newsml", "rss", "atom", "xml"} <= set(PARSERS)
    assert CONTENT_TYPES["application/json"] == "json" and CONTENT_TYPES["text/plain"] == "dispatch"
