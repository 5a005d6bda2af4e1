"""Generic JSON items of other common shapes (agents/formats/jsonitem.py): what an outside
producer writing to wire.raw is likely to send without reading our field list."""

from __future__ import annotations

from datetime import datetime, timezone

import orjson
import pytest

from agents.formats import ParseError, format_for, parse_payload

RECEIVED = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


def parse(obj: object) -> list:
    payload = orjson.dumps(obj)
    assert format_for("application/json", payload) == "json"
    return parse_payload(payload, "application/json", source="producer", received=RECEIVED)


def test_title_and_text_with_a_date_are_an_item():
    [item] = parse({"id": "a-1", "title": "Clashes near Idlib", "text": "Fighting killed five people.",
                    "date": "2024-04-30T10:00:00+03:00"})
    assert (item.guid, item.headline, item.body) == ("a-1", "Clashes near Idlib", "Fighting killed five people.")
    assert item.published == datetime(2024, 4, 30, 7, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("key,value,expected", [
    ("pubDate", "Tue, 30 Apr 2024 10:00:00 GMT", datetime(2024, 4, 30, 10, 0, tzinfo=timezone.utc)),
    ("published", "Tue, 30 Apr 2024 12:00:00 +0200", datetime(2024, 4, 30, 10, 0, tzinfo=timezone.utc)),
    ("timestamp", 1714471200, datetime(2024, 4, 30, 10, 0, tzinfo=timezone.utc)),
    ("timestamp", 1714471200000, datetime(2024, 4, 30, 10, 0, tzinfo=timezone.utc)),
    ("seendate", "20240430T100000Z", datetime(2024, 4, 30, 10, 0, tzinfo=timezone.utc)),
    ("publishedAt", "2024-04-30T10:00:00Z", datetime(2024, 4, 30, 10, 0, tzinfo=timezone.utc)),
])
def test_times_in_the_forms_news_json_writes(key: str, value: object, expected: datetime):
    [item] = parse({"headline": "h", "body": "b", key: value})
    assert item.published == expected


def test_an_unreadable_time_in_our_own_field_is_refused_in_another_shape_skipped():
    with pytest.raises(ParseError) as exc:
        parse({"headline": "h", "body": "b", "published": "yesterday"})
    assert exc.value.reason == "invalid_item" and "'published'" in str(exc.value)
    # "date" is another shape's field: the next time field, else the receive time
    [item] = parse({"headline": "h", "body": "b", "date": "yesterday", "created_at": "2024-04-29T08:00:00Z"})
    assert item.published == datetime(2024, 4, 29, 8, 0, tzinfo=timezone.utc)
    [item] = parse({"headline": "h", "body": "b", "date": "yesterday"})
    assert item.published == RECEIVED


def test_newsapi_response_is_one_item_per_article():
    [a, b] = parse({"status": "ok", "totalResults": 2, "articles": [
        {"source": {"id": "reuters", "name": "Reuters"}, "author": "x", "title": "Gunmen kill 5 in Zamfara",
         "description": "Gunmen killed five villagers.", "url": "https://example.com/a",
         "publishedAt": "2024-04-30T10:00:00Z",
         "content": "Gunmen killed five villagers in Zamfara on Sunday, police said, as residents fled… [+2345 chars]"},
        {"source": {"id": None, "name": "AP"}, "title": "Second story", "description": "<p>Its <b>summary</b>.</p>",
         "url": "https://example.com/b", "publishedAt": "2024-04-30T11:00:00Z", "content": None},
    ]})
    assert a.source == "Reuters" and b.source == "AP"
    assert a.body == "Gunmen killed five villagers in Zamfara on Sunday, police said, as residents fled"
    assert b.body == "Its summary."  # HTML reduced to text
    # no id: the text decides, not the link (two stories sent under one address stay two)
    assert a.link == "https://example.com/a" and a.guid.startswith("text:")


def test_wordpress_rest_post():
    [item] = parse({"id": 123, "date_gmt": "2024-04-30T10:00:00", "link": "https://example.org/?p=123",
                    "title": {"rendered": "Army &amp; rebels clash"},
                    "content": {"rendered": "<p>Fighting killed <b>4</b>.</p><p>Second para.</p>", "protected": False},
                    "excerpt": {"rendered": "<p>x</p>"}})
    assert (item.guid, item.headline) == ("123", "Army & rebels clash")
    assert item.body == "Fighting killed 4.\n\nSecond para."
    assert item.published == datetime(2024, 4, 30, 10, 0, tzinfo=timezone.utc)


def test_our_own_fields_win_over_the_others():
    [item] = parse({"guid": "g", "id": "other", "headline": "ours", "title": "theirs", "body": "our body",
                    "text": "their text", "published": "2024-04-30T10:00:00Z", "date": "2020-01-01T00:00:00Z"})
    assert (item.guid, item.headline, item.body) == ("g", "ours", "our body")
    assert item.published.year == 2024


def test_an_article_list_with_no_articles_is_empty_and_a_bad_field_still_refused():
    with pytest.raises(ParseError) as exc:
        parse({"status": "ok", "totalResults": 0, "articles": []})
    assert exc.value.reason == "empty"
    with pytest.raises(ParseError) as exc:
        parse({"headline": ["not", "a", "string"], "body": "b"})
    assert exc.value.reason == "invalid_item"
