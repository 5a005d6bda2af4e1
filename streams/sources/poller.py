"""The feed poller: watches RSS/Atom feeds and hands each new entry to a sink.

Semantics, per feed:

* Polls every ``feed.interval`` seconds, with conditional GETs: the ETag and
  Last-Modified of the last *successfully processed* response are sent back as
  If-None-Match / If-Modified-Since, so an unchanged feed costs one 304 and no
  parsing.
* The body (re-encoded first when the response's Content-Type names a charset)
  is parsed by :func:`agents.formats.rss.parse` (defusedxml first,
  then feedparser). Each entry whose guid has not been seen before on this
  feed is sent to the sink as a JSON wire object in the ``jsonitem`` shape,
  content type ``application/json``; its guid is remembered once the sink has
  accepted it. The seen-guid memory is bounded (oldest forgotten first) and
  lives in memory only: after a restart every entry still in a feed is sent
  again, and the dedupe stage drops the re-sends (same source + guid = same
  story id).
* Errors (connection failures, timeouts, HTTP 4xx/5xx, an HTML page or any
  unparseable body, a body over the size limit, a sink that raises) are
  logged and counted, never raised: the feed is retried after an exponential
  backoff, ``interval * 2**failures`` capped at ``max_backoff`` (a server's
  ``Retry-After`` is honoured up to the same cap), and the first success goes
  back to the normal interval. ETag/Last-Modified are only stored after every
  new entry was delivered, so a failed delivery is retried on the next poll
  instead of being hidden behind a 304.

Entries are delivered at most once per guid per poller lifetime, in feed order.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

import aiohttp
import orjson
from prometheus_client import Counter

from schemas import WireItem
from streams.metrics import REGISTRY
from agents.formats import jsonitem, recode, rss
from agents.formats.base import MAX_PAYLOAD_BYTES, ParseError
from streams.sources import read_capped
from streams.sources.feeds import FeedConfig

log = logging.getLogger(__name__)

Sink = Callable[[bytes, str, str], Awaitable[None]]
"""``sink(payload, content_type, source)``: takes one new entry as a JSON wire object."""

Outcome = Literal["new", "unchanged", "not_modified", "error"]

POLLS = Counter(
    "wirewatch_feed_polls_total",
    "Feed polls, per feed and outcome (new, unchanged, not_modified, error).",
    ["feed", "outcome"],
    registry=REGISTRY,
)
ENTRIES = Counter(
    "wirewatch_feed_entries_total", "New feed entries handed to the sink, per feed.", ["feed"], registry=REGISTRY
)

ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, "
          "*/*;q=0.1")
USER_AGENT = "wirewatch-feed-poller/0.1 (+https://github.com/)"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BACKOFF = 3600.0
DEFAULT_SEEN_LIMIT = 5000


@dataclass
class PollResult:
    """What one poll of one feed did."""

    feed: str
    outcome: Outcome
    status: int | None = None  # HTTP status, None when no response arrived
    new_entries: int = 0
    error: str | None = None
    next_delay: float = 0.0  # seconds until this feed is polled again


@dataclass
class FeedState:
    """What the poller remembers about one feed between polls."""

    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    seen: OrderedDict[str, None] = field(default_factory=OrderedDict)


def entry_payload(item: WireItem) -> bytes:
    """A feed entry as the JSON wire object ``jsonitem`` reads."""
    obj: dict[str, str | None] = {
        "guid": item.guid,
        "headline": item.headline,
        "body": item.body,
        "published": item.published.isoformat(),
        "link": item.link,
        "source": item.source,
        "format": item.format,  # keep provenance: the item came from an rss/atom feed
    }
    if item.language:
        obj["language"] = item.language
    return orjson.dumps(obj)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class _PollError(Exception):
    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def _parse_feed(body: bytes, content_type: str | None, source: str, received: datetime) -> list[WireItem]:
    """The entries of a polled feed: RSS/Atom, or a JSON Feed (jsonfeed.org, NPR and static sites)."""
    if body.lstrip()[:1] == b"{":
        objs = jsonitem.load_json_objects(body)
        if len(objs) != 1 or not jsonitem.is_json_feed(objs[0]):
            raise ParseError("unsupported_format", "JSON that is not a JSON Feed (jsonfeed.org)")
        return jsonitem.json_feed_items(objs[0], source=source, received=received, raw=body)
    # A charset in the response's Content-Type wins over the XML declaration (RFC 7303).
    recoded = recode(body, content_type, rss.FORMAT_RSS)
    return rss.parse(body if recoded is None else recoded, source=source, received=received)


class FeedPoller:
    """Polls feeds and hands new entries to ``sink``.

    ``session``: an aiohttp ClientSession to use (not closed by the poller);
    without one the poller opens its own on first use and closes it when
    :meth:`run` ends or :meth:`close` is called.
    """

    def __init__(
        self,
        feeds: Sequence[FeedConfig],
        sink: Sink,
        *,
        session: aiohttp.ClientSession | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_backoff: float = DEFAULT_MAX_BACKOFF,
        seen_limit: int = DEFAULT_SEEN_LIMIT,
        jitter: float = 0.1,
    ) -> None:
        names = [f.name for f in feeds]
        if len(set(names)) != len(names):
            raise ValueError("feed names must be unique")
        self.feeds = list(feeds)
        self.sink = sink
        self.timeout = timeout
        self.max_backoff = max_backoff
        self.seen_limit = seen_limit
        self.jitter = jitter  # spread retries so feeds on one host do not fail and retry in lockstep
        self.state: dict[str, FeedState] = {f.name: FeedState() for f in feeds}
        self._session = session
        self._own_session = session is None

    # -- lifecycle ---------------------------------------------------------

    async def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(headers={"User-Agent": USER_AGENT})
            self._own_session = True
        return self._session

    async def close(self) -> None:
        if self._own_session and self._session is not None and not self._session.closed:
            await self._session.close()

    async def __aenter__(self) -> FeedPoller:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def run(self) -> None:
        """Poll every feed on its own schedule until cancelled."""
        try:
            async with asyncio.TaskGroup() as group:
                for feed in self.feeds:
                    group.create_task(self._loop(feed), name=f"feed-poller:{feed.name}")
        finally:
            await self.close()

    async def _loop(self, feed: FeedConfig) -> None:
        while True:
            try:
                result = await self.poll_once(feed)
                delay = result.next_delay
            except asyncio.CancelledError:
                raise
            except Exception:  # poll_once handles errors; this is the last line of defence
                log.exception("feed %s: unexpected error in the poll loop", feed.name)
                delay = self._backoff(feed, self.state[feed.name])
            await asyncio.sleep(delay)

    # -- one poll ----------------------------------------------------------

    def _backoff(self, feed: FeedConfig, state: FeedState, retry_after: float | None = None) -> float:
        cap = max(self.max_backoff, feed.interval)
        delay = min(feed.interval * (2 ** min(state.failures, 30)), cap)
        if retry_after is not None:
            delay = min(max(delay, retry_after), cap)
        if self.jitter:
            delay *= 1 + random.uniform(-self.jitter, self.jitter)
        return delay

    async def poll_once(self, feed: FeedConfig) -> PollResult:
        """Fetch one feed once, deliver its new entries, and say what happened.

        Never raises (except on cancellation): failures come back as
        ``outcome='error'`` with the reason in ``error``.
        """
        state = self.state.setdefault(feed.name, FeedState())
        status: int | None = None
        try:
            status, body, etag, last_modified, content_type = await self._fetch(feed, state)
            if status == 304:
                return self._done(feed, state, "not_modified", status, 0)
            received = datetime.now(timezone.utc)
            try:
                items = _parse_feed(body, content_type, feed.name, received)
            except ParseError as exc:
                raise _PollError(f"{exc.reason}: {exc.message}", status) from exc
            delivered = await self._deliver(feed, state, items)
            # Only now is the response fully processed: remember its validators.
            state.etag, state.last_modified = etag, last_modified
            return self._done(feed, state, "new" if delivered else "unchanged", status, delivered)
        except asyncio.CancelledError:
            raise
        except _PollError as exc:
            return self._failed(feed, state, str(exc), exc.status or status, exc.retry_after)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            return self._failed(feed, state, f"{type(exc).__name__}: {exc}".rstrip(": "), status)
        except Exception as exc:  # a bug must not stop the other feeds
            log.exception("feed %s: unexpected error", feed.name)
            return self._failed(feed, state, f"{type(exc).__name__}: {exc}", status)

    async def _fetch(
        self, feed: FeedConfig, state: FeedState
    ) -> tuple[int, bytes, str | None, str | None, str | None]:
        headers = {"Accept": ACCEPT, **feed.headers}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        session = await self._get_session()
        timeout = aiohttp.ClientTimeout(total=feed.timeout or self.timeout)
        async with session.get(feed.url, headers=headers, timeout=timeout, allow_redirects=True) as resp:
            if resp.status == 304:
                return 304, b"", state.etag, state.last_modified, None
            if resp.status != 200:
                raise _PollError(
                    f"HTTP {resp.status} {resp.reason or ''}".strip(),
                    resp.status,
                    _retry_after(resp.headers.get("Retry-After")),
                )
            body = await self._read_limited(resp)
            return 200, body, resp.headers.get("ETag"), resp.headers.get("Last-Modified"), resp.headers.get("Content-Type")

    @staticmethod
    async def _read_limited(resp: aiohttp.ClientResponse) -> bytes:
        """The body, refusing (without buffering) anything over the payload limit."""
        if resp.content_length is not None and resp.content_length > MAX_PAYLOAD_BYTES:
            raise _PollError(f"too_large: feed of {resp.content_length} bytes exceeds {MAX_PAYLOAD_BYTES}", resp.status)
        body = await read_capped(resp.content, MAX_PAYLOAD_BYTES)
        if body is None:
            raise _PollError(f"too_large: feed exceeds {MAX_PAYLOAD_BYTES} bytes", resp.status)
        return body

    async def _deliver(self, feed: FeedConfig, state: FeedState, items: list[WireItem]) -> int:
        delivered = 0
        batch: set[str] = set()
        for item in items:
            if item.guid in state.seen or item.guid in batch:
                continue
            batch.add(item.guid)  # a feed listing one guid twice yields one entry
            try:
                await self.sink(entry_payload(item), "application/json", feed.name)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                raise _PollError(f"sink failed after {delivered} new entries: {type(exc).__name__}: {exc}") from exc
            state.seen[item.guid] = None
            while len(state.seen) > self.seen_limit:
                state.seen.popitem(last=False)
            delivered += 1
            ENTRIES.labels(feed=feed.name).inc()
        return delivered

    def _done(self, feed: FeedConfig, state: FeedState, outcome: Outcome, status: int, new: int) -> PollResult:
        if state.failures:
            log.info("feed %s: recovered after %d failed polls", feed.name, state.failures)
        state.failures = 0
        POLLS.labels(feed=feed.name, outcome=outcome).inc()
        delay = self._backoff(feed, state)
        log.debug("feed %s: %s (HTTP %s), %d new entries", feed.name, outcome, status, new)
        return PollResult(feed.name, outcome, status, new, None, delay)

    def _failed(
        self, feed: FeedConfig, state: FeedState, error: str, status: int | None, retry_after: float | None = None
    ) -> PollResult:
        state.failures += 1
        POLLS.labels(feed=feed.name, outcome="error").inc()
        delay = self._backoff(feed, state, retry_after)
        log.warning(
            "feed %s: poll failed (%s); failure %d in a row, next try in %.1fs", feed.name, error, state.failures, delay
        )
        return PollResult(feed.name, "error", status, 0, error, delay)
