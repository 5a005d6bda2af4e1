"""Format parsers, round 11: real-world variants (fixtures in tests/fixtures, sources in its README)."""

from __future__ import annotations

from datetime import datetime

import pytest

from agents.formats import parse_payload, recode

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
