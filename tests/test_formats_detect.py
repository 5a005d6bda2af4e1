"""Formats as real feeds send them: ninjs inside application/json, NewsML-G2 inside application/xml.

The generic container types are read by the document's structure; the specific
types and bare format names keep working as before.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest

from agents.formats import ParseError, format_for, parse_payload, xml_format

FIXTURES = Path(__file__).parent / "fixtures"
RECEIVED = datetime(2026, 1, 1, tzinfo=timezone.utc)
# ninjs fixtures that carry no story (a picture, an event): refused, not read (tests/test_sources_formats_realworld.py).
NINJS_NO_STORY = ["ninjs-3.0-ap_image.json", "ninjs-3.0-simpleEvent.json"]
NINJS = sorted(p.name for p in FIXTURES.glob("ninjs-*.json") if p.name not in NINJS_NO_STORY)
NEWSML_TEXT = [
    "newsml-LISTING_1_A_NewsML-G2_News_Item.xml",
    "newsml-LISTING_2_NewsML-G2_Text_Document.xml",
    "newsml-TT_newsmlg2_sample.xml",
    "newsml-dpa-with_dateline.xml",
]


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def uris(data: bytes) -> list[str]:
    doc = orjson.loads(data)
    return [d.get("uri") or d.get("guid") for d in (doc if isinstance(doc, list) else [doc])]  # Superdesk: guid


@pytest.mark.parametrize("fixture", NINJS)
@pytest.mark.parametrize("ctype", ["application/json", "application/json; charset=utf-8", "application/x-ndjson"])
def test_ninjs_inside_application_json_is_read_as_ninjs(fixture, ctype):
    data = load(fixture)
    assert format_for(ctype, data) == "ninjs"
    items = parse_payload(data, ctype, source="api", received=RECEIVED)
    assert {i.format for i in items} == {"ninjs"}
    # The ninjs uri is the guid (later versions link to it), not a text hash.
    assert [i.guid for i in items] == uris(data)
    assert all(i.headline for i in items)


@pytest.mark.parametrize("fixture", NINJS)
@pytest.mark.parametrize("ctype", [None, "application/ninjs+json", "application/vnd.iptc.ninjs+json", "ninjs"])
def test_ninjs_explicit_and_sniffed_same_items(fixture, ctype):
    data = load(fixture)
    via_json = parse_payload(data, "application/json", source="api", received=RECEIVED)
    assert parse_payload(data, ctype, source="api", received=RECEIVED) == via_json


@pytest.mark.parametrize("fixture", NINJS_NO_STORY)
@pytest.mark.parametrize("ctype", [None, "application/json", "application/ninjs+json", "ninjs"])
def test_ninjs_without_a_story_is_refused_the_same_way_under_every_type(fixture, ctype):
    with pytest.raises(ParseError) as err:
        parse_payload(load(fixture), ctype, source="api", received=RECEIVED)
    assert err.value.reason == "empty"


def test_ninjs_2x_recognised_by_arrays_even_without_uri():
    doc = {"headlines": [{"role": "main", "value": "Shelling in Idlib"}], "bodies": [{"contenttype": "text/plain", "value": "b"}]}
    assert format_for("application/json", orjson.dumps(doc)) == "ninjs"
    # ...and the ninjs reader says what is missing instead of "neither headline nor body".
    with pytest.raises(Exception, match="uri"):
        parse_payload(orjson.dumps(doc), "application/json", source="api", received=RECEIVED)


def test_ninjs_json_lines_inside_application_json():
    lines = b"\n".join(orjson.dumps(orjson.loads(load(f))) for f in ("ninjs-3.0-dpa_text.json", "ninjs-2.1-ntb_text.json"))
    items = parse_payload(lines, "application/json", source="api", received=RECEIVED)
    assert [i.format for i in items] == ["ninjs", "ninjs"]


@pytest.mark.parametrize(
    "doc",
    [
        {"headline": "h", "body": "b", "guid": "g"},
        {"headline": "h", "body_text": "b"},  # the generic item's body_text fallback, no uri
        {"uri": "u", "headline": "h", "body": "b"},  # uri alone is not enough
        {"headline": "h", "body": "b", "headlines": "not an array"},
        [{"headline": "h", "body": "b"}],
    ],
)
def test_generic_json_items_stay_generic(doc):
    data = orjson.dumps(doc)
    assert format_for("application/json", data) == "json"
    assert {i.format for i in parse_payload(data, "application/json", source="s", received=RECEIVED)} == {"json"}


def test_explicit_wirewatch_json_type_is_not_second_guessed():
    data = load("ninjs-1.4-ninjsExSimpleText1.json")
    assert format_for("application/vnd.wirewatch.item+json", data) == "json"
    assert format_for("json", data) == "json"


@pytest.mark.parametrize("fixture", NEWSML_TEXT)
@pytest.mark.parametrize("ctype", ["application/xml", "text/xml", "text/xml; charset=utf-8"])
def test_newsml_inside_generic_xml_is_read_as_newsml(fixture, ctype):
    data = load(fixture)
    assert format_for(ctype, data) == "newsml"
    items = parse_payload(data, ctype, source="s", received=RECEIVED)
    explicit = parse_payload(data, "application/vnd.iptc.g2.newsitem+xml", source="s", received=RECEIVED)
    assert items == explicit and {i.format for i in items} == {"newsml"}


@pytest.mark.parametrize(
    "fixture, fmt",
    [("rss-2.0-sample-liftoff.xml", "rss"), ("atom-1.0-rfc4287-minimal.xml", "atom"), ("atom-1.0-rfc4287-extensive.xml", "atom")],
)
def test_feeds_inside_generic_xml(fixture, fmt):
    data = load(fixture)
    assert format_for("application/xml", data) == fmt == xml_format(data)
    assert {i.format for i in parse_payload(data, "text/xml", source="s", received=RECEIVED)} == {fmt}


def test_unknown_xml_root_is_refused_with_the_reason():
    data = b"<?xml version='1.0'?><html><body>not a feed</body></html>"
    assert format_for("application/xml", data) == "xml"
    with pytest.raises(Exception, match="HTML"):
        parse_payload(data, "application/xml", source="s", received=RECEIVED)


MISLABELS = ["text/plain", "text/html", "application/json", "application/xml", "application/octet-stream",
             "application/rss+xml", "application/vnd.iptc.g2.newsitem+xml", "application/ninjs+json"]
SAMPLE = Path(__file__).resolve().parents[1] / "streams" / "samples" / "afp-2019-02-10-deir-ezzor.txt"


def _sniffed(data: bytes) -> list | None:
    try:
        return parse_payload(data, None, source="feed", received=RECEIVED)
    except ParseError:
        return None


READABLE = sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".md" and _sniffed(p.read_bytes()))


def test_most_fixtures_are_readable_without_a_content_type():
    assert len(READABLE) >= 30  # the ones without a story are refused with their reason elsewhere


@pytest.mark.parametrize("fixture", READABLE)
@pytest.mark.parametrize("ctype", MISLABELS)
def test_a_wrong_content_type_does_not_lose_a_readable_document(fixture, ctype):
    # Servers mislabel feeds (RSS as text/plain or text/html, ninjs as application/xml): the
    # declared type's parser is tried first, and when it cannot read the bytes they decide.
    data = load(fixture)
    want = _sniffed(data)
    got = parse_payload(data, ctype, source="feed", received=RECEIVED)
    assert [(i.id, i.headline, i.body, i.published) for i in got] == [(i.id, i.headline, i.body, i.published) for i in want]


@pytest.mark.parametrize("ctype", MISLABELS)
def test_the_sample_dispatch_under_any_content_type(ctype):
    data = SAMPLE.read_bytes()
    assert [i.id for i in parse_payload(data, ctype, source="afp", received=RECEIVED)] == \
        [i.id for i in parse_payload(data, "text/plain", source="afp", received=RECEIVED)]


def test_a_document_of_a_known_format_says_why_it_was_refused_whatever_its_label():
    # A picture-only NewsML-G2 item labelled text/plain: the NewsML reader's reason (no story),
    # not the dispatch reader's (no date line); the message names the label that did not fit.
    with pytest.raises(ParseError) as err:
        parse_payload(load("newsml-LISTING_3_Photo_in_NewsML-G2.xml"), "text/plain", source="x", received=RECEIVED)
    assert err.value.reason == "empty" and "text/plain" in err.value.message


@pytest.mark.parametrize(("payload", "ctype", "reason"), [
    (b"hello, no format at all", "text/html", "unsupported_format"),
    (b"hello, no format at all", "text/plain", "unparseable"),
    (b"{not json", "application/json", "unparseable"),
])
def test_bytes_of_no_known_format_keep_the_declared_types_reason(payload, ctype, reason):
    with pytest.raises(ParseError) as err:
        parse_payload(payload, ctype, source="x", received=RECEIVED)
    assert err.value.reason == reason


@pytest.mark.parametrize("ctype", [None, "application/rss+xml", "application/json", "text/plain"])
def test_compressed_payload_is_refused_as_compressed(ctype):
    # node-feedparser's test/feeds/compressed.xml: a feed still gzip-compressed (an HTTP
    # Content-Encoding the fetcher did not undo). The reason says so, whatever the content type.
    import gzip

    feed = b"<rss version='2.0'><channel><item><title>T</title></item></channel></rss>"
    with pytest.raises(ParseError) as err:
        parse_payload(gzip.compress(feed), ctype, source="s", received=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert err.value.reason == "unsupported_format"
    assert "gzip-compressed" in err.value.message


def test_prose_without_a_content_type_is_read_as_plain_text():
    # A console producer sends no headers: a story's text is still a story.
    story = (b"Clashes in Goma\n\nFighting between M23 rebels and the army killed at least 12 people on Monday, "
             b"officials said, as thousands fled toward the city centre.")
    (item,) = parse_payload(story, None, source="console", received=RECEIVED)
    assert item.headline == "Clashes in Goma" and item.body.startswith("Fighting between M23")
    wire = (b"GOMA, Congo (Reuters) - Fighting between M23 rebels and the army killed at least 12 people on Monday, "
            b"officials said, as thousands fled toward the city centre and aid groups warned of shortages.")
    (item,) = parse_payload(wire, None, source="console", received=RECEIVED)
    assert item.body.startswith("GOMA, Congo (Reuters)")
    # under a type of no format read here it is read too, and when it is no story the type's reason stands
    assert parse_payload(story, "text/html", source="x", received=RECEIVED)[0].headline == "Clashes in Goma"
    # bytes with control characters, or not UTF-8, are no text
    for junk in (b"\x00\x01\x02binary", "caf\xe9 cr\xe8me".encode("latin-1")):
        with pytest.raises(ParseError) as err:
            parse_payload(junk, None, source="x", received=RECEIVED)
        assert err.value.reason == "unsupported_format" and "content-type" in err.value.message
