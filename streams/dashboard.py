"""The live dashboard: one static page, a JSON stats endpoint and a Server-Sent Events stream.

``GET /`` serves ``static/dashboard.html`` (plain HTML/JS/CSS, shipped in the
package: no build step) with the current stats and latest events inlined, so the
page shows the worker's state at once, before the first live update.
``GET /api/stats`` is the same snapshot as JSON (what
``wirewatch top`` reads). ``GET /api/stream`` is an SSE stream of JSON events:

* ``hello`` - on connect: the worker's identity, the latest classified events and a stats snapshot;
* ``classified`` - a ClassifiedEvent, as it leaves the dedupe/classify stage;
* ``duplicate``, ``deadletter`` - the records sent to those topics;
* ``stats`` - once a second: throughput per topic (from the broker's end
  offsets), consumer lag per partition, per-topic in/out counters, dedupe
  outcomes, labels, latency percentiles, dead letters, the top regions (24 h).

The page's EventSource reconnects by itself when a worker restarts (and the
page re-opens it if the browser gave up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
import asyncio
import contextlib
import logging
import os
import socket
import time
from collections import deque
from importlib import resources

import faust
import orjson
from aiohttp import web as aioweb
from faust.web import Request, Response, View

from streams import metrics
from streams.lag import LagMonitor
from streams.settings import Settings

if TYPE_CHECKING:  # the worker's stages; not imported at run time (the views only use them)
    from agents.pipeline import Stages

log = logging.getLogger(__name__)
QUEUE_LIMIT = 1000
RECENT = 25  # classified events replayed to a page that (re)connects
TOP_REGIONS = 8
REGIONS_EVERY = 3.0  # seconds between recomputations of the region summary
STREAMED = {"classified", "duplicate", "deadletter"}


def _sample_values(metric) -> dict[str, float]:
    out: dict[str, float] = {}
    for fam in metric.collect():
        for s in fam.samples:
            if s.name.endswith("_created"):
                continue
            key = ",".join(f"{v}" for v in s.labels.values()) or s.name
            out[key] = out.get(key, 0.0) + s.value
    return out


def _by_topic_partition(metric) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for fam in metric.collect():
        for s in fam.samples:
            if s.name.endswith("_total"):
                out.setdefault(s.labels["topic"], {})[s.labels["partition"]] = s.value
    return out


def counters() -> dict:
    """This worker's counters, read from the Prometheus registry."""
    dedupe = _sample_values(metrics.DEDUPE)
    outcomes: dict[str, float] = {}
    for key, n in dedupe.items():
        outcome = key.split(",", 1)[0]
        outcomes[outcome] = outcomes.get(outcome, 0.0) + n
    decided = sum(outcomes.values())
    return {
        "in": _sample_values(metrics.MESSAGES_IN),
        "out": _sample_values(metrics.MESSAGES_OUT),
        "dedupe": dedupe,
        "dedupe_outcomes": outcomes,
        "dedupe_rate": (outcomes.get("duplicate", 0.0) / decided) if decided else None,
        "labels": _sample_values(metrics.LABELS),
        "deadletters": _sample_values(metrics.DEADLETTERS),
        "late": _sample_values(metrics.LATE),
        "errors": _sample_values(metrics.AGENT_ERRORS),
        "latency": metrics.latency_summary(),
        "partitions_in": _by_topic_partition(metrics.PART_IN),
        "partitions_out": _by_topic_partition(metrics.PART_OUT),
    }


def stats() -> dict:
    """Counters only (kept for callers without a running worker)."""
    return counters()


class Board:
    """What the dashboard shows, gathered in one place for /api/stats and the SSE stream."""

    def __init__(self, settings: Settings, stages: Stages, monitor: LagMonitor | None) -> None:
        self.settings = settings
        self.stages = stages
        self.monitor = monitor
        self.recent: deque = deque(maxlen=RECENT)
        self.started = time.time()
        self.worker = {
            "id": f"{socket.gethostname()}:{settings.web_port}",
            "pid": os.getpid(),
            "app_id": settings.app_id,
            "broker": settings.broker,
            "started": self.started,
        }
        self._regions: list[dict] = []
        self._regions_at = 0.0
        self._remote: list[dict] = []  # region answers of the worker holding the tables, when not this one

    def record(self, kind: str, payload: object) -> None:
        if kind == "classified":
            self.recent.append(payload)

    def recent_json(self) -> list[dict]:
        return [_dump(e) for e in self.recent]

    def regions(self) -> list[dict]:
        """The busiest regions over 24 h, with their figures (cached briefly): from this
        worker's tables, or, when another worker holds them, from that worker's answer
        (refreshed by :meth:`refresh_remote`), so every dashboard shows the whole cluster."""
        now = time.monotonic()
        if now - self._regions_at < REGIONS_EVERY:
            return self._regions
        from streams.web import region_json

        tables = self.stages.region_tables
        window = next((w for w in self.stages.windows if w.name == "24h"), self.stages.windows[0])
        try:
            docs = [region_json(tables, code, window, None, explain=False) for code in tables.regions()]
        except Exception:  # tables mid-rebalance: show the last figures
            log.debug("region summary failed", exc_info=True)
            return self._regions
        if not docs:
            docs = self._remote
        rows = []
        for doc in docs:
            if not doc["labels"]:
                continue
            figures: dict[str, float] = {}
            for cell in doc["labels"].values():
                for kind, fig in cell["figures"].items():
                    figures[kind] = max(figures.get(kind, 0.0), fig["total"])
            evidence = next((c["evidence"][0] for c in doc["labels"].values() if c["evidence"]), None)
            rows.append(
                {
                    "region": doc["region"],
                    "name": doc["name"],
                    "country": doc["country"],
                    "window": window.name,
                    "at": doc["at"],
                    "items": sum(c["count"] for c in doc["labels"].values()),
                    "stories": max(c["stories"] for c in doc["labels"].values()),
                    "labels": {label: c["count"] for label, c in doc["labels"].items()},
                    "figures": figures,
                    "evidence": evidence,
                }
            )
        rows.sort(key=lambda r: (-r["stories"], -r["items"], r["region"]))
        self._regions, self._regions_at = rows[:TOP_REGIONS], now
        return self._regions

    async def refresh_remote(self, app: faust.App) -> None:
        """When this worker does not hold the region tables, ask the workers that may."""
        if self.stages.region_tables.regions():
            return
        from streams.web import _peer_urls

        found: list[dict] = []
        for url in _peer_urls(app):
            try:
                async with app.http_client.get(f"{url}/regions", params={"window": "24h", "local": "1"},
                                               timeout=5) as resp:
                    found += (await resp.json())["regions"]
            except Exception as exc:  # a peer restarting must not break the dashboard
                log.debug("peer %s did not answer /regions: %s", url, exc)
        self._remote = found

    def lag(self) -> dict:
        mon = self.monitor
        if mon is None:
            return {"group": self.settings.app_id, "at": None, "error": "not watching", "total": None, "partitions": [], "topics": {}}
        snap = mon.snapshot
        parts = [p.as_dict() for p in snap.lag_by_partition()]
        return {
            "group": mon.group,
            "at": snap.at or None,
            "error": snap.error,
            "total": snap.total_lag() if snap.at else None,
            "partitions": parts,
            "topics": snap.end_by_topic(),
        }

    def snapshot(self) -> dict:
        mon = self.monitor
        return {
            "time": time.time(),
            "worker": self.worker,
            **counters(),
            "lag": self.lag(),
            "throughput": mon.throughput(points=60) if mon else None,
            "regions": self.regions(),
        }


def _dump(payload: object) -> object:
    return payload.model_dump(mode="json") if hasattr(payload, "model_dump") else payload


INITIAL_MARK = b"/*INITIAL_STATE*/null"


def render_page(page: bytes, state: dict) -> bytes:
    """The dashboard page with the worker's current state inlined, so the first frame shows data at once."""
    data = orjson.dumps(state).replace(b"</", b"<\\/")  # no "</script>" inside the script element
    return page.replace(INITIAL_MARK, data, 1)


def _sse(kind: str, data: object) -> bytes:
    return b"event: " + kind.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


def register(app: faust.App, settings: Settings, stages: Stages) -> None:
    page = resources.files("streams").joinpath("static/dashboard.html").read_bytes()
    monitor = metrics.install(app, settings, stages)
    board = Board(settings, stages, monitor)
    stages.listeners.append(board.record)

    @app.timer(REGIONS_EVERY)
    async def _regions_from_peers() -> None:
        await board.refresh_remote(app)

    @app.page("/")
    class Dashboard(View):
        async def get(self, request: Request) -> Response:
            doc = board.snapshot()
            doc["recent"] = board.recent_json()
            return aioweb.Response(
                body=render_page(page, doc),
                headers={"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"},
            )

    @app.page("/api/stats")
    class Stats(View):
        async def get(self, request: Request) -> Response:
            doc = board.snapshot()
            if request.query.get("recent"):
                doc["recent"] = board.recent_json()
            return aioweb.Response(body=orjson.dumps(doc), headers={"Content-Type": "application/json"})

    @app.page("/api/stream")
    class Stream(View):
        async def get(self, request: Request) -> Response:
            queue: asyncio.Queue[tuple[str, object]] = asyncio.Queue(QUEUE_LIMIT)

            def listener(kind: str, payload: object) -> None:
                if kind not in STREAMED:
                    return
                with contextlib.suppress(asyncio.QueueFull):  # a slow browser loses events, not the worker
                    queue.put_nowait((kind, payload))

            resp = aioweb.StreamResponse(
                headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
            )
            await resp.prepare(request)
            stages.listeners.append(listener)
            try:
                await resp.write(b"retry: 2000\n\n")
                hello = {"worker": board.worker, "recent": board.recent_json(), "stats": board.snapshot()}
                await resp.write(_sse("hello", hello))
                loop = asyncio.get_running_loop()
                next_stats = loop.time()
                while True:
                    try:
                        kind, payload = await asyncio.wait_for(queue.get(), timeout=max(0.0, next_stats - loop.time()))
                        data = _dump(payload)
                    except asyncio.TimeoutError:
                        # Stats go out once a second even while events stream in.
                        kind, data, next_stats = "stats", board.snapshot(), loop.time() + 1.0
                    await resp.write(_sse(kind, data))
            except (ConnectionResetError, asyncio.CancelledError):
                pass
            finally:
                stages.listeners.remove(listener)
            return resp
