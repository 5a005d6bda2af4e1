"""Normalize stage and the dispatch / JSON parsers, without Kafka."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from pathlib import Path

import pytest

from agents.normalize import normalize
from agents.formats import ParseError, dispatch, parse_payload

SAMPLE = Path(__file__).resolve().parents[1] / "streams" / "samples" / "afp-2019-02-10-deir-ezzor.txt"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_sample_dispatch_is_parsed():
    [item] = dispatch.parse(SAMPLE.read_bytes(), source="afp", received=NOW)
    assert item.headline == "US-backed forces make final push against IS stronghold"
    assert item.subheadline == "Fierce fighting in eastern Syria"
    assert item.published == datetime(2019, 2, 10, tzinfo=timezone.utc)
    assert "in September. The Kurdish-led alliance" in item.body
    assert "Septem-" not in item.body
    assert item.body.startswith("US-backed forces were locked")
    assert item.format == "dispatch" and item.source == "afp"


def test_ids_are_stable_and_ignore_wrapping_and_receive_time():
    a = dispatch.parse(SAMPLE.read_bytes(), source="afp", received=NOW)[0]
    rewrapped = SAMPLE.read_text().replace("\n\n\n\n", "\n\n").replace(" Sunday", "\nSunday").encode()
    b = dispatch.parse(rewrapped, source="afp", received=datetime.now(timezone.utc))[0]
    assert a.id == b.id and a.content_hash == b.content_hash
    assert a.payload_hash != b.payload_hash


def test_multi_dispatch_file():
    text = b" date 2020-01-01 First\n\nSub one\n\nBody one.\n\n date 2020-01-02 Second\n\nSub two\n\nBody two.\n"
    items = dispatch.parse(text, source="x", received=NOW)
    assert [i.headline for i in items] == ["First", "Second"]
    assert items[1].published.day == 2


def test_json_items_lines_and_arrays():
    one = parse_payload(b'{"id": "a1", "headline": "H", "body": "B", "version": 2, "published": "2021-05-01T10:00:00Z"}',
                        "application/json", source="s", received=NOW)
    assert one[0].guid == "a1" and one[0].version == 2 and one[0].published.hour == 10
    lines = parse_payload(b'{"headline": "A", "body": "x"}\n{"headline": "B", "body": "y"}\n', None, source="s", received=NOW)
    assert [i.headline for i in lines] == ["A", "B"]


@pytest.mark.parametrize(
    "payload, ctype, reason",
    [
        (b"", "text/plain", "empty"),
        (b"   \n", None, "empty"),
        (b"\xff\xfe garbage", "text/plain", "invalid_utf8"),
        (b"no date line here", "text/plain", "unparseable"),
        (b"{broken json", "application/json", "unparseable"),
        (b'{"headline": 3, "body": {"x": 1}}', "application/json", "invalid_item"),
        (b'{"headline": "h", "body": "b", "published": "yesterday"}', "application/json", "invalid_item"),
        (b"\x89PNG\r\n", "image/png", "unsupported_format"),
        (b"random words", None, "unparseable"),  # prose with no content type is read as plain text: no story
        (b"\x00\x01\x02 bytes", None, "unsupported_format"),
    ],
)
def test_bad_input_is_a_parse_error_with_reason(payload, ctype, reason):
    with pytest.raises(ParseError) as exc:
        parse_payload(payload, ctype, source="s", received=NOW)
    assert exc.value.reason == reason


def test_normalize_turns_errors_into_dead_letters_keeping_bytes():
    res = normalize(b"\xff\xfe garbage", {"content-type": b"text/plain"}, topic="wire.raw", partition=2, offset=9)
    assert res.items == []
    dl = res.deadletter
    assert dl is not None and dl.reason == "invalid_utf8" and dl.partition == 2 and dl.offset == 9
    assert base64.b64decode(dl.payload_b64) == b"\xff\xfe garbage"


def test_dead_letter_payload_is_capped():
    big = b"\xff" * 5000
    dl = normalize(big, {"content-type": b"text/plain"}, max_deadletter_payload=100).deadletter
    assert dl.truncated and dl.payload_size == 5000 and len(base64.b64decode(dl.payload_b64)) == 100


def test_normalize_reads_source_header():
    res = normalize(SAMPLE.read_bytes(), {"content-type": b"text/plain", "wirewatch-source": b"afp-wire"})
    assert res.deadletter is None and res.items[0].source == "afp-wire"
