"""Format parsers, round 8: real-world variants (fixtures in tests/fixtures, sources in its README)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from agents.formats import ParseError, parse_payload

FIX = Path(__file__).parent / "fixtures"
RECEIVED = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
UTC = timezone.utc


def load(name: str) -> bytes:
    return (FIX / name).read_bytes()


def parse(name: str, ctype: str | None = None, source: str = "wire"):
    return parse_payload(load(name), ctype, source=source, received=RECEIVED)


def parse_bytes(payload: bytes, ctype: str | None = None, source: str = "wire"):
    return parse_payload(payload, ctype, source=source, received=RECEIVED)


def reason(payload: bytes, ctype: str | None = None) -> ParseError:
    with pytest.raises(ParseError) as err:
        parse_payload(payload, ctype, source="s", received=RECEIVED)
    return err.value


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
