"""The plain dispatch text reader (agents/formats/dispatch.py): variants of the date line, and
plain text without one."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from agents.formats import ParseError, parse_payload

RECEIVED = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
BODY = "US-backed forces were locked in fierce fighting Sunday as they pressed the battle in eastern Syria."


def parse(text: str, ctype: str = "text/plain") -> list:
    return parse_payload(text.encode(), ctype, source="desk", received=RECEIVED)


@pytest.mark.parametrize("line,published", [
    (" date 2019-02-10 Final push on IS stronghold", datetime(2019, 2, 10, tzinfo=timezone.utc)),
    ("date: 2019-02-10 Final push on IS stronghold", datetime(2019, 2, 10, tzinfo=timezone.utc)),
    ("date 2019-02-10 14:30 Final push on IS stronghold", datetime(2019, 2, 10, 14, 30, tzinfo=timezone.utc)),
    ("date 2019-02-10T14:30:00+03:00 Final push on IS stronghold", datetime(2019, 2, 10, 11, 30, tzinfo=timezone.utc)),
    ("DATE 2019-02-10 09:05Z Final push on IS stronghold", datetime(2019, 2, 10, 9, 5, tzinfo=timezone.utc)),
])
def test_date_line_variants(line: str, published: datetime):
    [item] = parse(f"{line}\n\nFierce fighting in eastern Syria\n\n{BODY}\n")
    assert item.headline == "Final push on IS stronghold"
    assert item.subheadline == "Fierce fighting in eastern Syria" and item.body == BODY
    assert item.published == published


def test_a_date_on_its_own_line_takes_the_next_line_as_headline():
    [item] = parse(f"date 2019-02-10\nFinal push on IS stronghold\n\nFierce fighting\n\n{BODY}")
    assert (item.headline, item.subheadline, item.body) == ("Final push on IS stronghold", "Fierce fighting", BODY)


def test_plain_text_story_without_a_date_line():
    [item] = parse(f"Final push on IS stronghold\r\n\r\n{BODY}\r\n\r\nSecond paragraph of the story here.")
    assert item.headline == "Final push on IS stronghold"
    assert item.body == f"{BODY}\n\nSecond paragraph of the story here."
    assert item.published == RECEIVED  # no stated time: the receive time
    assert item.format == "dispatch"


@pytest.mark.parametrize("text", [
    "hello, no format at all",
    f"A first paragraph that is not a headline\nbecause it runs over two lines\n\n{BODY}",
    "Headline\n\nToo short a body.",
])
def test_text_that_is_not_a_story_stays_unparseable(text: str):
    with pytest.raises(ParseError) as exc:
        parse(text)
    assert exc.value.reason == "unparseable"


def test_markup_sent_as_text_is_still_read_as_what_it_is():
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Clashes</title>'
           '<description>Fighting killed five people on Monday in the north.</description><guid>g1</guid></item>'
           '</channel></rss>')
    [item] = parse(rss)
    assert item.format == "rss" and item.headline == "Clashes"
