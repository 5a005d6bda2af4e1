"""The live dashboard: one static page plus a Server-Sent Events stream.

``GET /`` serves ``static/dashboard.html`` (plain HTML/JS, shipped in the
package: no build step). ``GET /api/stream`` is an SSE stream of JSON events:

* ``classified`` - a ClassifiedEvent, as it leaves the dedupe/classify stage;
* ``duplicate``, ``deadletter`` - the records sent to those topics;
* ``stats`` - once a second: per-topic in/out counters, dedupe outcomes, labels,
  latency percentiles.

The browser's EventSource reconnects by itself when a worker restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from importlib import resources

import faust
import orjson
from aiohttp import web as aioweb
from faust.web import Request, Response, View

from agents.pipeline import Stages
from streams import metrics
from streams.settings import Settings

log = logging.getLogger(__name__)
QUEUE_LIMIT = 1000


def _sample_values(metric) -> dict[str, float]:
    out: dict[str, float] = {}
    for fam in metric.collect():
        for s in fam.samples:
            if s.name.endswith("_created"):
                continue
            key = ",".join(f"{v}" for v in s.labels.values()) or s.name
            out[key] = out.get(key, 0.0) + s.value
    return out


def stats() -> dict:
    """The counters the dashboard shows, read from the Prometheus registry."""
    return {
        "in": _sample_values(metrics.MESSAGES_IN),
        "out": _sample_values(metrics.MESSAGES_OUT),
        "dedupe": _sample_values(metrics.DEDUPE),
        "labels": _sample_values(metrics.LABELS),
        "deadletters": _sample_values(metrics.DEADLETTERS),
    }


def register(app: faust.App, settings: Settings, stages: Stages) -> None:
    page = resources.files("streams").joinpath("static/dashboard.html").read_bytes()

    @app.page("/")
    class Dashboard(View):
        async def get(self, request: Request) -> Response:
            return aioweb.Response(body=page, headers={"Content-Type": "text/html; charset=utf-8"})

    @app.page("/api/stream")
    class Stream(View):
        async def get(self, request: Request) -> Response:
            queue: asyncio.Queue[tuple[str, object]] = asyncio.Queue(QUEUE_LIMIT)

            def listener(kind: str, payload: object) -> None:
                with contextlib.suppress(asyncio.QueueFull):  # a slow browser loses events, not the worker
                    queue.put_nowait((kind, payload))

            resp = aioweb.StreamResponse(
                headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
            )
            await resp.prepare(request)
            stages.listeners.append(listener)
            try:
                await resp.write(b"retry: 2000\n\n")
                loop = asyncio.get_running_loop()
                next_stats = loop.time()
                while True:
                    try:
                        kind, payload = await asyncio.wait_for(queue.get(), timeout=max(0.0, next_stats - loop.time()))
                        data = payload.model_dump(mode="json") if hasattr(payload, "model_dump") else payload
                    except asyncio.TimeoutError:
                        # Stats go out once a second even while events stream in.
                        kind, data, next_stats = "stats", stats(), loop.time() + 1.0
                    await resp.write(b"event: " + kind.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n")
            except (ConnectionResetError, asyncio.CancelledError):
                pass
            finally:
                stages.listeners.remove(listener)
            return resp
