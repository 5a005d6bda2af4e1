"""Hostile input: every parser and parse_payload raise ParseError, and only ParseError.

Hand-written attacks (billion laughs, XXE, HTML for XML, bad UTF-8, empty and
huge bodies) have a stated reason each; hypothesis then throws random and
mutated bytes at every parser and every registered content type.
"""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.formats import CONTENT_TYPES, PARSERS, ParseError, newsml, ninjs, nitf, parse_payload, rss
from agents.formats.base import MAX_PAYLOAD_BYTES

FIX = Path(__file__).parent / "fixtures"
FIXTURES = {p.name: p.read_bytes() for p in sorted(FIX.iterdir()) if p.suffix in (".xml", ".json")}
RECEIVED = datetime(2024, 5, 1, tzinfo=timezone.utc)
MY_PARSERS = {"ninjs": ninjs.parse, "newsml": newsml.parse, "nitf": nitf.parse, "rss": rss.parse, "xml": rss.parse_xml}

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<ROOT><title>&lol9;</title></ROOT>"""


def wrap(root: str, inner: str) -> str:
    if root == "rss":
        return f'<rss version="2.0"><channel><title>t</title><item><title>{inner}</title></item></channel></rss>'
    if root == "feed":
        return f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><title>{inner}</title></entry></feed>'
    return f'<newsItem guid="g" version="1"><contentMeta><headline>{inner}</headline></contentMeta></newsItem>'


ROOTS = ["rss", "feed", "newsItem"]
CTYPES = {"rss": "application/rss+xml", "feed": "application/atom+xml", "newsItem": "application/vnd.iptc.g2.newsitem+xml"}


def reason_of(payload: bytes, ctype: str | None) -> str:
    with pytest.raises(ParseError) as err:
        parse_payload(payload, ctype, source="s", received=RECEIVED)
    return err.value.reason


@pytest.mark.parametrize("root", ROOTS)
def test_billion_laughs_is_unsafe(root: str):
    doc = BILLION_LAUGHS.split(b"<ROOT>")[0] + wrap(root, "&lol9;").encode()
    started = time.monotonic()
    for ctype in (CTYPES[root], "application/xml", None):
        assert reason_of(doc, ctype) == "unsafe_xml"
    assert time.monotonic() - started < 2  # refused before expansion


@pytest.mark.parametrize("root", ROOTS)
@pytest.mark.parametrize(
    "dtd",
    [
        '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/evil">]>',
        '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p;]>',
        '<!DOCTYPE r [<!ENTITY xxe "internal entities are refused too">]>',
    ],
)
def test_external_and_declared_entities_are_unsafe(root: str, dtd: str):
    doc = f'<?xml version="1.0"?>\n{dtd}\n{wrap(root, "&xxe;")}'.encode()
    assert reason_of(doc, CTYPES[root]) == "unsafe_xml"
    assert reason_of(doc, "text/xml") == "unsafe_xml"


def test_external_dtd_reference_without_declarations_is_read_not_fetched():
    # RSS 0.91 feeds carry a public DOCTYPE; it is never fetched (and there is nothing to expand).
    doc = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://127.0.0.1:1/rss-0.91.dtd">\n<rss version="0.91"><channel><title>t</title>'
        b"<item><title>Old feed</title><link>http://x/1</link></item></channel></rss>"
    )
    try:
        items = rss.parse(doc, source="s", received=RECEIVED)
    except ParseError as exc:  # refusing it is acceptable too, as long as nothing was fetched
        assert exc.reason == "unsafe_xml"
    else:
        assert [i.headline for i in items] == ["Old feed"]


@pytest.mark.parametrize(
    "payload, ctype, reason",
    [
        (b"", "application/rss+xml", "empty"),
        (b"   \n", "application/vnd.iptc.g2.newsitem+xml", "empty"),
        (b"", "application/ninjs+json", "empty"),
        (b"<rss><channel>", "application/rss+xml", "unparseable"),
        (b"<newsItem guid='g'><contentMeta>", "application/vnd.iptc.g2.newsitem+xml", "unparseable"),
        (b'{"uri": "x", "headline": ', "application/ninjs+json", "unparseable"),
        (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item><title>caf\xe9</title></item>'
         b'</channel></rss>', "application/rss+xml", "invalid_utf8"),
        (b'<newsItem guid="\xff\xfe"/>', "application/vnd.iptc.g2.newsitem+xml", "invalid_utf8"),
        (b'{"uri": "\xc3\x28", "headline": "h"}', "application/ninjs+json", "invalid_utf8"),
        (b"<html><body><p>Not found</p></body></html>", "application/atom+xml", "unsupported_format"),
        (b"<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>x</title></head><body><br></body></html>",
         "application/rss+xml", "unparseable"),
        (b"<opml version='1.0'><body/></opml>", "text/xml", "unsupported_format"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title/></entry></feed>", "application/atom+xml", "invalid_item"),
        (b"\x00\x01\x02garbage", "application/xml", "unparseable"),
        (b"<?xml version='1.0' encoding='x-no-such-codec'?><rss/>", "application/rss+xml", "unparseable"),
    ],
)
def test_bad_payloads_have_clear_reasons(payload: bytes, ctype: str, reason: str):
    assert reason_of(payload, ctype) == reason


@pytest.mark.parametrize(
    "payload, ctype, reason",
    [
        # UTF-16 by its BOM, but an unpaired surrogate: not valid UTF-16.
        (b"\xff\xfe" + "<rss><channel/></rss>".encode("utf-16-le") + b"\x00\xd8", "application/rss+xml", "unparseable"),
        # Declared Shift_JIS, bytes that are not.
        (b'<?xml version="1.0" encoding="shift_jis"?><rss><channel><title>\xff\xff</title></channel></rss>', "application/rss+xml", "unparseable"),
        # The HTML-entity repair never turns an entity declaration into something readable.
        (b'<!DOCTYPE rss [<!ENTITY nbsp "&#160;&#160;">]><rss><channel><title>&nbsp;</title></channel></rss>', "application/rss+xml", "unsafe_xml"),
        (b"<nitf><head><title>t</title></head><body><body.content><p>&lol;</p></body.content></body></nitf>", "application/nitf+xml", "unparseable"),
        (b"<NewsML><NewsItem/></NewsML>", "text/xml", "invalid_item"),
        (b"<NewsML/>", "text/xml", "empty"),
        (b'{"data": {"items": []}}', "application/ninjs+json", "empty"),
        (b'[{"uri": "p1", "type": "picture", "headline": "caption only"}]', "application/ninjs+json", "empty"),
    ],
)
def test_new_format_paths_have_clear_reasons(payload: bytes, ctype: str, reason: str):
    assert reason_of(payload, ctype) == reason


def test_declared_latin1_feed_is_read():
    doc = '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>t</title><item><title>Café Zürich</title></item></channel></rss>'
    [item] = rss.parse(doc.encode("latin-1"), source="s", received=RECEIVED)
    assert item.headline == "Café Zürich"


@pytest.mark.parametrize("name", ["ninjs", "newsml", "rss", "xml"])
def test_huge_payload_is_too_large(name: str):
    huge = b"<rss>" + b" " * MAX_PAYLOAD_BYTES + b"</rss>"
    with pytest.raises(ParseError) as err:
        MY_PARSERS[name](huge, source="s", received=RECEIVED)
    assert err.value.reason == "too_large"


def test_huge_single_item_under_the_limit_is_fine():
    body = "word " * 300_000  # 1.5 MB of text in one description
    doc = f'<rss version="2.0"><channel><title>t</title><item><title>Long</title><description>{body}</description></item></channel></rss>'
    [item] = rss.parse(doc.encode(), source="s", received=RECEIVED)
    assert len(item.body) > 1_000_000


def test_deep_nesting_is_a_parse_error_or_parses():
    deep = b"<newsItem guid='g'><contentMeta><headline>h</headline></contentMeta><contentSet><inlineXML>" + b"<div>" * 50_000 + b"x" + b"</div>" * 50_000 + b"</inlineXML></contentSet></newsItem>"
    try:
        [item] = newsml.parse(deep, source="s", received=RECEIVED)
        assert item.body == "x"
    except ParseError as exc:
        assert exc.reason == "unparseable"
    nested_json = b"[" * 5000 + b"]" * 5000
    with pytest.raises(ParseError):
        ninjs.parse(nested_json, source="s", received=RECEIVED)


def test_ninjs_hostile_values():
    for doc in (
        {"uri": "x", "headline": "h", "versioncreated": "9999-12-31T23:59:59-23:59"},
        {"uri": "x", "headline": {"nested": True}},
        {"uri": ["x"], "headline": "h"},
        {"uri": "x", "headlines": [{"value": 5}], "bodies": [{"value": None}]},
        {"uri": "x", "body_html": "<p>" * 10_000},
    ):
        only_parse_errors(ninjs.parse, orjson.dumps(doc))
    # Numbers orjson cannot hold, and a version beyond any int64.
    only_parse_errors(ninjs.parse, b'{"uri": "x", "headline": "h", "version": 1' + b"0" * 40 + b"}")
    only_parse_errors(ninjs.parse, b'{"uri": "x", "headline": "h", "version": "1' + b"0" * 40 + b'"}')


# --------------------------------------------------------------------------- hypothesis

ALL_CTYPES = [None, "application/octet-stream", *sorted(CONTENT_TYPES), *sorted(PARSERS)]
# WIREWATCH_FUZZ_EXAMPLES=5000 for a longer fuzzing run.
FUZZ = settings(max_examples=int(os.environ.get("WIREWATCH_FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def only_parse_errors(func, payload: bytes, *args) -> None:
    try:
        func(payload, *args, source="fuzz", received=RECEIVED)
    except ParseError as exc:
        assert exc.reason and exc.message


@FUZZ
@given(payload=st.binary(max_size=2048), name=st.sampled_from(sorted(MY_PARSERS)))
def test_random_bytes_only_raise_parse_error(payload: bytes, name: str):
    only_parse_errors(MY_PARSERS[name], payload)


@st.composite
def mutated_fixture(draw) -> bytes:
    """A real document with a few bytes flipped, cut short, or spliced with junk."""
    data = bytearray(draw(st.sampled_from(sorted(FIXTURES.values()))))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            data = data[:pos]
        elif op == "insert":
            data[pos:pos] = draw(
                st.sampled_from([b"&lol;", b"<!ENTITY x 'y'>", b"\xff\xfe", b"<", b"]]>", b"&#0;", b'"', b"{", b"\x00"])
            )
        elif op == "delete" and data:
            del data[pos : pos + draw(st.integers(1, 20))]
    return bytes(data)


@FUZZ
@given(payload=mutated_fixture(), ctype=st.sampled_from(ALL_CTYPES))
def test_mutated_fixtures_only_raise_parse_error(payload: bytes, ctype: str | None):
    only_parse_errors(parse_payload, payload, ctype)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
NINJS_KEYS = st.sampled_from(
    ["uri", "version", "versioncreated", "versionCreated", "headline", "headlines", "bodies", "body_text",
     "body_html", "located", "places", "place", "language", "pubstatus", "pubStatus", "descriptions",
     "firstcreated", "value", "role", "contentType"]
)  # fmt: skip


@FUZZ
@given(
    doc=st.dictionaries(NINJS_KEYS, JSON | st.lists(st.dictionaries(NINJS_KEYS, JSON, max_size=4), max_size=3), max_size=10),
    ctype=st.sampled_from([None, "application/ninjs+json", "application/json", "ninjs"]),
)
def test_ninjs_shaped_json_only_raises_parse_error(doc: dict, ctype: str | None):
    only_parse_errors(parse_payload, json.dumps(doc).encode(), ctype)  # stdlib: ints beyond 64 bits too


XML_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@FUZZ
@given(
    root=st.sampled_from(ROOTS),
    inner=st.lists(
        st.sampled_from(["<p>", "</p>", "<b>", "&amp;", "&#xD800;", "&#0;", "<![CDATA[", "]]>", "<x:y>", "&bogus;"])
        | XML_TEXT,
        max_size=8,
    ).map("".join),
    ctype=st.sampled_from(ALL_CTYPES),
)
def test_xml_shaped_documents_only_raise_parse_error(root: str, inner: str, ctype: str | None):
    only_parse_errors(parse_payload, wrap(root, inner).encode("utf-8", "surrogatepass"), ctype)


CHARSET_CTYPES = [
    f"{base}; charset={cs}"
    for base in ("text/xml", "application/rss+xml", "application/vnd.iptc.g2.newsitem+xml", "application/nitf+xml", "text/plain", "application/json")
    for cs in ("windows-1252", "iso-8859-1", "utf-16", "shift_jis", "utf-8", "x-unknown")
]


@FUZZ
@given(payload=mutated_fixture(), ctype=st.sampled_from(CHARSET_CTYPES))
def test_mutated_fixtures_with_a_charset_only_raise_parse_error(payload: bytes, ctype: str):
    only_parse_errors(parse_payload, payload, ctype)


# -- inputs whose parse cost grows faster than their size (one input holds its partition) ----------


def _feed_of(entries: int) -> bytes:
    return b'<rss version="2.0"><channel>' + b"".join(
        b"<item><title>t%d</title><guid>g%d</guid><description>d</description></item>" % (i, i) for i in range(entries)
    ) + b"</channel></rss>"


def test_a_feed_hashes_its_payload_once_not_once_per_entry(monkeypatch):
    from agents.formats import base

    base.payload_hash.cache_clear()
    seen: list[int] = []
    real = base.hashlib.sha256

    def counting(data=b"", *args, **kwargs):
        seen.append(len(data))
        return real(data, *args, **kwargs)

    monkeypatch.setattr(base.hashlib, "sha256", counting)
    payload = _feed_of(300)
    items = parse_payload(payload, "application/rss+xml", source="s", received=RECEIVED)
    assert len(items) == 300 and len({i.payload_hash for i in items}) == 1
    assert seen.count(len(payload)) == 1  # was 300: a feed's parse grew with entries x bytes (20,000 entries: 29 s)


@pytest.mark.parametrize(
    "doc, what",
    [
        (b'<rss version="2.0"' + b"".join(b' xmlns:p%d="urn:x:%d"' % (i, i) for i in range(2000))
         + b"><channel><item><title>a</title><description>b</description></item></channel></rss>", "namespaces"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry ' + b"".join(b'a%d="1" ' % i for i in range(2000))
         + b"><title>t</title><id>i</id><content>c</content></entry></feed>", "attributes"),
    ],
)
def test_feeds_feedparser_would_read_in_quadratic_time_are_refused(doc, what):
    # 20,000 namespaces took feedparser 16 s, 20,000 attributes on one element 19 s.
    with pytest.raises(ParseError) as err:
        parse_payload(doc, None, source="s", received=RECEIVED)
    assert err.value.reason == "unparseable" and what in err.value.message


def test_many_undeclared_prefixes_are_not_repaired():
    doc = b'<rss version="2.0"><channel>' + b"".join(b"<p%d:x>1</p%d:x>" % (i, i) for i in range(100)) + (
        b"<item><title>a</title><description>b</description></item></channel></rss>")
    with pytest.raises(ParseError) as err:
        parse_payload(doc, "application/rss+xml", source="s", received=RECEIVED)
    assert err.value.reason == "unparseable" and "unbound prefix" in err.value.message
    few = doc.replace(b"".join(b"<p%d:x>1</p%d:x>" % (i, i) for i in range(100)), b"<content:encoded>x</content:encoded>")
    assert len(parse_payload(few, "application/rss+xml", source="s", received=RECEIVED)) == 1


def test_an_undeclared_latin1_feed_is_read_as_windows_1252_as_feed_readers_do():
    feed = b'<rss version="2.0"><channel><item><title>Caf\xe9 attack \x96 update</title><guid>g</guid>' \
        b"<description>Na\xefve \x93quotes\x94</description></item></channel></rss>"
    [item] = parse_payload(feed, "application/rss+xml", source="s", received=RECEIVED)
    assert item.headline == "Caf\u00e9 attack \u2013 update" and item.body == "Na\u00efve \u201cquotes\u201d"
    # the strict formats keep the rule: no declaration means UTF-8
    with pytest.raises(ParseError) as err:
        parse_payload(b'<newsItem guid="caf\xe9"/>', "application/vnd.iptc.g2.newsitem+xml", source="s", received=RECEIVED)
    assert err.value.reason == "invalid_utf8"


SAMPLE = (Path(__file__).parents[1] / "streams" / "samples" / "afp-2019-02-10-deir-ezzor.txt").read_bytes()


@pytest.mark.parametrize("junk", [b"\xff\xfe\x80", b"\xe9\xe9\xe9", b"\x81\x8d", b"\xa4\xa6\xbf"])
@pytest.mark.parametrize("ctype", ["text/plain", None, "text/x-wire-dispatch"])
def test_a_dispatch_corrupted_with_bytes_that_are_no_text_is_invalid_utf8(junk, ctype):
    # A dispatch with a date line read as windows-1252 when it is not UTF-8 (formats round 10) only
    # when its high bytes are what such text has: letters and typographic punctuation, two at most.
    bad = SAMPLE[:200] + junk + SAMPLE[200:]
    with pytest.raises(ParseError) as err:
        parse_payload(bad, ctype, source="t", received=RECEIVED)
    assert err.value.reason == "invalid_utf8"


@pytest.mark.parametrize("junk", [b"\x93today\x94", b"caf\xe9", b"a\xe7\xf5es"])
def test_a_windows_1252_dispatch_is_read_unless_utf8_is_declared(junk):
    text = SAMPLE[:200] + b" " + junk + b" " + SAMPLE[200:]
    (item,) = parse_payload(text, "text/plain", source="t", received=RECEIVED)
    assert junk.decode("cp1252") in f"{item.headline} {item.body}"
    with pytest.raises(ParseError) as err:  # the sender's word that it is UTF-8 stands
        parse_payload(text, "text/plain; charset=utf-8", source="t", received=RECEIVED)
    assert err.value.reason == "invalid_utf8"
