"""The worker's HTTP surface (Faust's web server, port ``WIREWATCH_WEB_PORT``).

* ``GET  /``                  - the live dashboard (see streams/dashboard).
* ``GET  /metrics``           - Prometheus text format.
* ``GET  /healthz``           - liveness.
* ``GET  /regions``           - every region this worker's tables hold, with per-label cells.
* ``GET  /regions/{code}``    - one region; ``?window=24h`` (default 24h) and ``?at=<ISO time>``
  (default: the stream's watermark). Routed to the worker that owns the region.
* ``POST /ingest``            - push wire items (any supported format, by Content-Type), bearer token.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone

import faust
from aiohttp import web as aioweb
from faust.web import Request, Response, View
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import TypeAdapter, ValidationError

from agents.pipeline import Stages
from agents.regions import RegionTables, WindowSpec
from streams import metrics, topics
from streams.settings import Settings
from streams.sources import ParseError, format_for, parse_payload

_DT = TypeAdapter(datetime)


def _region_json(tables: RegionTables, code: str, window: WindowSpec, at: float | None) -> dict:
    cells = tables.snapshot(code, window, at)
    wm = tables.watermark()
    meta = tables.store.get(f"m:{code}") or {}
    return {
        "region": code,
        "name": meta.get("name"),
        "country": meta.get("country"),
        "window": window.name,
        "at": datetime.fromtimestamp(at if at is not None else wm, tz=timezone.utc).isoformat() if (at or wm) else None,
        "watermark": datetime.fromtimestamp(wm, tz=timezone.utc).isoformat() if wm else None,
        "labels": {c.label: c.model_dump(mode="json") for c in cells},
    }


def register(app: faust.App, settings: Settings, stages: Stages) -> None:
    tables = stages.region_tables
    windows = {w.name: w for w in stages.windows}
    default_window = windows.get("24h") or stages.windows[0]
    raw_topic = stages.topics[topics.RAW.name]

    def pick(request: Request) -> tuple[WindowSpec, float | None]:
        name = request.query.get("window", default_window.name)
        if name not in windows:
            raise faust.web.exceptions.ValidationError(f"unknown window {name!r}; one of {sorted(windows)}")
        at = request.query.get("at")
        if at is None:
            return windows[name], None
        try:
            return windows[name], _DT.validate_python(at).timestamp()
        except ValidationError as exc:
            raise faust.web.exceptions.ValidationError(f"'at' must be an ISO 8601 time, got {at!r}") from exc

    @app.page("/metrics")
    class Metrics(View):
        async def get(self, request: Request) -> Response:
            metrics.REGION_CELLS.set(len(tables.regions()))
            # aiohttp refuses a charset inside content_type=, so set the header directly.
            return aioweb.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    @app.page("/healthz")
    class Health(View):
        async def get(self, request: Request) -> Response:
            return self.json({"ok": True})

    @app.page("/regions")
    class Regions(View):
        async def get(self, request: Request) -> Response:
            window, at = pick(request)
            return self.json({"regions": [_region_json(tables, code, window, at) for code in tables.regions()]})

    @app.page("/regions/{code}")
    class RegionDetail(View):
        @app.topic_route(topic=stages.topics[topics.REGION_EVENTS.name], match_info="code")
        async def get(self, request: Request, code: str) -> Response:
            window, at = pick(request)
            if code not in tables.regions():
                return self.json({"error": f"no data for region {code!r}", "region": code}, status=404)
            return self.json(_region_json(tables, code, window, at))

    @app.page("/ingest")
    class Ingest(View):
        async def post(self, request: Request) -> Response:
            token = settings.ingest_token.get_secret_value() if settings.ingest_token else None
            given = request.headers.get("Authorization", "")
            if not token or not secrets.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return self.json(
                    {"error": "missing or wrong bearer token (set WIREWATCH_INGEST_TOKEN on the worker)"},
                    status=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            limit = settings.max_body_bytes
            if request.content_length is not None and request.content_length > limit:
                return self.json({"error": f"body larger than {limit} bytes"}, status=413)
            body = await request.content.read(limit + 1)
            if len(body) > limit:
                return self.json({"error": f"body larger than {limit} bytes"}, status=413)
            ctype = request.headers.get("Content-Type")
            source = request.query.get("source") or request.headers.get("X-Wirewatch-Source") or "http"
            try:
                format_for(ctype, body)
            except ParseError as exc:
                return self.json({"error": str(exc), "reason": exc.reason}, status=415)
            try:
                items = parse_payload(body, ctype, source=source, received=datetime.now(timezone.utc))
            except ParseError as exc:
                return self.json({"error": str(exc), "reason": exc.reason}, status=422)
            headers = {"content-type": (ctype or "application/octet-stream").encode(), "wirewatch-source": source.encode()}
            await raw_topic.send(key=source.encode(), value=body, headers=headers)
            metrics.MESSAGES_OUT.labels(topics.RAW.name).inc()
            return self.json({"accepted": [it.id for it in items], "topic": topics.RAW.name}, status=202)

    from streams import dashboard

    dashboard.register(app, settings, stages)
