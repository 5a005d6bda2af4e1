"""The feed poller against a real HTTP server on 127.0.0.1 (a free port), and the feeds config."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest
from aiohttp import web

from agents.formats import parse_payload
from streams.sources.feeds import FeedConfig, FeedConfigError, load_feeds, parse_feeds
from streams.sources.poller import POLLS, FeedPoller

FIX = Path(__file__).parent / "fixtures"
LIFTOFF = (FIX / "rss-2.0-sample-liftoff.xml").read_bytes()

NEW_ITEM = b"""<item>
         <title>Ceasefire talks resume</title>
         <link>http://liftoff.msfc.nasa.gov/news/2003/news-new.asp</link>
         <description>Talks &lt;b&gt;resumed&lt;/b&gt; on Monday.</description>
         <pubDate>Wed, 11 Jun 2003 08:00:00 GMT</pubDate>
         <guid>http://liftoff.msfc.nasa.gov/2003/06/11.html#item574</guid>
      </item>
      <item>"""


class FeedServer:
    """A feed server whose behaviour the test switches between polls."""

    def __init__(self) -> None:
        self.body = LIFTOFF
        self.etag = '"v1"'
        self.mode = "ok"  # ok | 500 | 503 | slow | html
        self.charset: str | None = None  # a charset parameter on the feed's Content-Type
        self.requests: list[dict[str, str]] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(dict(request.headers))
        if self.mode == "500":
            return web.Response(status=500, text="boom")
        if self.mode == "503":
            return web.Response(status=503, text="busy", headers={"Retry-After": "2"})
        if self.mode == "slow":
            await asyncio.sleep(2)
        if self.mode == "html":
            return web.Response(
                body=b"<!DOCTYPE html><html><body><p>Sign in</p></body></html>", content_type="text/html"
            )
        if request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304, headers={"ETag": self.etag})
        return web.Response(
            body=self.body,
            headers={"ETag": self.etag, "Last-Modified": "Tue, 10 Jun 2003 09:41:01 GMT"},
            content_type="application/rss+xml",
            charset=self.charset,
        )

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/feed.xml", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)  # port 0: the OS picks a free port
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/feed.xml"

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()


@pytest.fixture
async def server():
    srv = FeedServer()
    await srv.start()
    yield srv
    await srv.stop()


class Sink:
    def __init__(self) -> None:
        self.got: list[tuple[bytes, str, str]] = []
        self.fail = False

    async def __call__(self, payload: bytes, content_type: str, source: str) -> None:
        if self.fail:
            raise RuntimeError("topic unavailable")
        self.got.append((payload, content_type, source))

    def guids(self) -> list[str]:
        return [orjson.loads(p)["guid"] for p, _, _ in self.got]


async def test_poller_delivers_new_entries_once_and_backs_off(server: FeedServer, caplog):
    caplog.set_level(logging.WARNING, "streams.sources.poller")
    feed = FeedConfig(name="liftoff", url=server.url, interval=1.0, headers={"Authorization": "Bearer t0k"})
    sink = Sink()
    before = POLLS.labels(feed="liftoff", outcome="error")._value.get()
    async with FeedPoller([feed], sink, timeout=0.5, jitter=0, max_backoff=5) as poller:
        # 1. First poll: all four entries, as jsonitem wire objects.
        r = await poller.poll_once(feed)
        assert (r.outcome, r.status, r.new_entries, r.error) == ("new", 200, 4, None)
        assert r.next_delay == 1.0
        payload, ctype, source = sink.got[0]
        assert ctype == "application/json" and source == "liftoff"
        obj = orjson.loads(payload)
        assert set(obj) >= {"guid", "headline", "body", "published", "link", "source"}
        assert obj["headline"] == "Star City" and "<a" not in obj["body"]
        [item] = parse_payload(payload, ctype, source=source, received=datetime.now(timezone.utc))
        assert item.guid == obj["guid"] and item.source == "liftoff" and item.format == "rss"  # provenance survives the JSON hop
        assert server.requests[0]["Authorization"] == "Bearer t0k"
        assert "If-None-Match" not in server.requests[0]

        # 2. Unchanged feed: conditional GET, 304, nothing parsed or sent.
        r = await poller.poll_once(feed)
        assert (r.outcome, r.status, r.new_entries) == ("not_modified", 304, 0)
        assert server.requests[-1]["If-None-Match"] == '"v1"'
        assert server.requests[-1]["If-Modified-Since"] == "Tue, 10 Jun 2003 09:41:01 GMT"

        # 3. The feed changes: only the new entry is delivered.
        server.body = LIFTOFF.replace(b"<item>", NEW_ITEM, 1)
        server.etag = '"v2"'
        r = await poller.poll_once(feed)
        assert (r.outcome, r.new_entries) == ("new", 1)
        assert sink.guids()[-1] == "http://liftoff.msfc.nasa.gov/2003/06/11.html#item574"

        # 4. Failures: 500, timeout, HTML instead of XML -> errors with growing delays.
        server.mode = "500"
        r500 = await poller.poll_once(feed)
        server.mode = "slow"
        rslow = await poller.poll_once(feed)
        server.mode = "html"
        rhtml = await poller.poll_once(feed)
        assert [r.outcome for r in (r500, rslow, rhtml)] == ["error"] * 3
        assert r500.status == 500 and "HTTP 500" in r500.error
        assert rslow.status is None and "Timeout" in rslow.error
        assert rhtml.status == 200 and "unsupported_format" in rhtml.error
        assert [r.next_delay for r in (r500, rslow, rhtml)] == [2.0, 4.0, 5.0]  # 1*2**n, capped at 5
        assert "poll failed" in caplog.text

        # 5. Recovery: back to the normal interval; the HTML poll did not touch the ETag.
        server.mode = "ok"
        r = await poller.poll_once(feed)
        assert (r.outcome, r.status, r.next_delay) == ("not_modified", 304, 1.0)

        # 6. A changed ETag with no new entries: fetched, parsed, nothing re-sent.
        server.etag = '"v3"'
        r = await poller.poll_once(feed)
        assert (r.outcome, r.status, r.new_entries) == ("unchanged", 200, 0)

    assert sorted(sink.guids()) == sorted(set(sink.guids()))  # every entry exactly once
    assert len(sink.guids()) == 5
    assert POLLS.labels(feed="liftoff", outcome="error")._value.get() - before == 3


async def test_retry_after_is_honoured_and_capped(server: FeedServer):
    feed = FeedConfig(name="busy", url=server.url, interval=0.5)
    server.mode = "503"
    async with FeedPoller([feed], Sink(), jitter=0, max_backoff=10) as poller:
        r = await poller.poll_once(feed)
    assert r.status == 503 and r.next_delay == 2.0  # Retry-After: 2 beats 0.5 * 2


async def test_sink_failure_is_retried_not_lost(server: FeedServer):
    feed = FeedConfig(name="flaky-sink", url=server.url, interval=1)
    sink = Sink()
    sink.fail = True
    async with FeedPoller([feed], sink, jitter=0) as poller:
        r = await poller.poll_once(feed)
        assert r.outcome == "error" and "sink failed" in r.error
        sink.fail = False
        r = await poller.poll_once(feed)  # no 304: the ETag was not stored after the failed delivery
        assert (r.outcome, r.status, r.new_entries) == ("new", 200, 4)
    assert len(sink.guids()) == 4


async def test_connection_refused_is_an_error_not_a_crash():
    feed = FeedConfig(name="down", url="http://127.0.0.1:9/feed.xml", interval=1)
    async with FeedPoller([feed], Sink(), timeout=2, jitter=0) as poller:
        r = await poller.poll_once(feed)
    assert r.outcome == "error" and r.status is None and r.next_delay == 2


async def test_seen_memory_is_bounded(server: FeedServer):
    feed = FeedConfig(name="small-memory", url=server.url, interval=1)
    async with FeedPoller([feed], Sink(), seen_limit=2) as poller:
        await poller.poll_once(feed)
        assert len(poller.state["small-memory"].seen) == 2


async def test_run_polls_on_interval_until_cancelled(server: FeedServer):
    feed = FeedConfig(name="loop", url=server.url, interval=0.05)
    sink = Sink()
    poller = FeedPoller([feed], sink, jitter=0)
    task = asyncio.create_task(poller.run())
    for _ in range(100):
        await asyncio.sleep(0.05)
        if len(server.requests) >= 3:
            break
    server.mode = "500"  # errors inside run() are absorbed
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(server.requests) >= 3
    assert len(sink.guids()) == 4  # polled repeatedly, delivered once
    assert poller._session is None or poller._session.closed


# --------------------------------------------------------------------------- feeds config


def test_load_feeds(tmp_path: Path):
    path = tmp_path / "feeds.toml"
    path.write_text(
        """
[[feed]]
name = "reliefweb"
url = "https://reliefweb.int/updates/rss.xml"
interval = 120
headers = { Authorization = "Bearer ${RW_TOKEN}", "X-Client" = "wirewatch" }

[[feed]]
name = "un-news"
url = "https://news.un.org/feed/subscribe/en/news/all/rss.xml"
"""
    )
    feeds = load_feeds(path, env={"RW_TOKEN": "s3cret"})
    assert [f.name for f in feeds] == ["reliefweb", "un-news"]
    assert feeds[0].interval == 120 and feeds[1].interval == 300
    assert feeds[0].headers == {"Authorization": "Bearer s3cret", "X-Client": "wirewatch"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("[[feed]]\nname = 'a'\nurl = 'ftp://x/y'", "http(s) URL"),
        ("[[feed]]\nurl = 'http://x/y'", "'name'"),
        ("[[feed]]\nname = 'a'\nurl = 'http://x/y'\ninterval = -1", "'interval'"),
        ("[[feed]]\nname = 'a'\nurl = 'http://x/y'\ninterval = 'fast'", "'interval'"),
        ("[[feed]]\nname = 'a'\nurl = 'http://x/y'\nheaders = { A = 1 }", "'headers'"),
        ("[[feed]]\nname = 'a'\nurl = 'http://x/y'\nheaders = { A = '${NOPE}' }", "NOPE is not set"),
        ("[[feed]]\nname = 'a'\nurl = 'http://x/y'\nurll = 'typo'", "unknown key"),
        ("[[feed]]\nname = 'a'\nurl = 'http://x/y'\n[[feed]]\nname = 'a'\nurl = 'http://x/z'", "used twice"),
        ("feed = 'x'", "[[feed]]"),
        ("[[feed]\n", "not valid TOML"),
    ],
)
def test_bad_feeds_config(text: str, message: str):
    with pytest.raises(FeedConfigError) as err:
        parse_feeds(text, env={})
    assert message in str(err.value)


def test_missing_feeds_file(tmp_path: Path):
    with pytest.raises(FeedConfigError):
        load_feeds(tmp_path / "nope.toml")


async def test_poller_honours_the_response_charset(server: FeedServer):
    # windows-1252 bytes with no XML declaration: only the Content-Type says so (feedparser's own case).
    server.body = (FIX / "rss-feedparser-http_text_xml_charset_2.xml").read_bytes()
    server.charset = "windows-1252"
    feed = FeedConfig(name="cp1252", url=server.url, interval=1.0)
    sink = Sink()
    async with FeedPoller([feed], sink, timeout=2, jitter=0) as poller:
        r = await poller.poll_once(feed)
    assert (r.outcome, r.new_entries) == ("new", 1), r.error
    assert orjson.loads(sink.got[0][0])["body"] == "This is a \xa3\u201ctest.\u201d"


async def test_poller_reads_a_json_feed(server: FeedServer):
    server.body = (FIX / "json-feed-1.1-newsroom-style.json").read_bytes()
    feed = FeedConfig(name="jf", url=server.url, interval=1.0)
    sink = Sink()
    async with FeedPoller([feed], sink, timeout=2, jitter=0) as poller:
        r = await poller.poll_once(feed)
        again = await poller.poll_once(feed)
    expected = parse_payload(server.body, "application/feed+json", source="jf", received=datetime.now(timezone.utc))
    assert (r.outcome, r.new_entries) == ("new", len(expected)), r.error
    assert sink.guids() == [i.guid for i in expected] and again.outcome == "not_modified"
    assert "application/feed+json" in server.requests[0]["Accept"]
