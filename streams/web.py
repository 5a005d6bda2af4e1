"""The worker's HTTP surface (Faust's web server, port ``WIREWATCH_WEB_PORT``).

* ``GET  /``                  - the live dashboard (see streams/dashboard).
* ``GET  /metrics``           - Prometheus text format.
* ``GET  /healthz``           - liveness, plus ``ready`` (holds partitions, not rebalancing).
* ``GET  /regions``           - every region this worker's tables hold, with per-label cells.
* ``GET  /regions/{code}``    - one region (ISO 3166-2) or country roll-up (ISO 3166-1); ``?window=24h``
  (default 24h) and ``?at=<ISO time>`` (default: the watermark of the region's partition).
  Routed to the worker that owns the region's country.
* ``GET  /regions/{code}/events`` - the stories counted in that window, newest first.
* ``POST /ingest``            - push wire items (any supported format, by Content-Type), bearer token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
import logging
import secrets
from datetime import datetime, timezone

import faust
from aiohttp import web as aioweb
from aiokafka.errors import KafkaError, MessageSizeTooLargeError
from faust.exceptions import ProducerSendError, SameNode
from faust.web import Request, Response, View
from faust.web.exceptions import ServiceUnavailable
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import TypeAdapter, ValidationError

from agents.regions import RegionTables, WindowSpec
from schemas.headers import raw_input as raw_headers
from streams import metrics, topics
from agents.formats import ParseError, parse_payload
from streams.settings import Settings
from streams.sources import read_capped

if TYPE_CHECKING:  # the worker's stages; not imported at run time (the views only use them)
    from agents.pipeline import Stages

_DT = TypeAdapter(datetime)
log = logging.getLogger(__name__)


def _peer_urls(app: faust.App) -> list[str]:
    """Web URLs of the other workers in the group (from Faust's partition assignor)."""
    me = str(app.conf.canonical_url).rstrip("/")
    try:
        hosts = app.router.tables_metadata().keys()
    except Exception:
        return []
    return sorted({str(h).rstrip("/") for h in hosts} - {me})


def _iso(ts: float | None) -> str | None:
    return datetime.fromtimestamp(ts, tz=timezone.utc).isoformat() if ts is not None else None


#: How far before an empty window `/regions/{code}` looks for the region's newest story (to suggest ``?at=``).
HINT_LOOKBACK = 30 * 86400


def _region_names(tables: RegionTables, code: str, cells: list) -> tuple[str, str]:
    if cells:
        return cells[0].region_name, cells[0].country
    meta = tables.region_meta(code) if hasattr(tables, "region_meta") else {}
    return meta.get("name", code), meta.get("country", code.split("-")[0])


def empty_note(tables: RegionTables, code: str, window: WindowSpec, at: float, wm: float | None, *, asked: bool) -> dict:
    """Why a region's answer holds no labels, and what to ask instead."""
    end = window.end_for(at)
    start = end - window.size
    when = f"?at={_iso(at)}" if asked else f"the watermark {_iso(wm)} (the story time the stream has reached)"
    text = (
        f"no stories for {code} in the {window.name} window {_iso(start)} .. {_iso(end)}, "
        f"which ends after {when}. Windows follow the stories' own times, not the clock"
    )
    hint = None
    older = tables.events(code, start - HINT_LOOKBACK, start)
    if older:
        hint = older[0]["published"]
        text += f"; the newest story held for {code} is from {hint}: ask ?at={hint}"
    else:
        text += "; ask for another time with ?at=<ISO time> or a longer ?window="
    return {"note": text, "suggest_at": hint}


def region_json(tables: RegionTables, code: str, window: WindowSpec, at: float | None, *, explain: bool = True) -> dict:
    """The documented shape of one region's answer (see docs/regions.md).

    An answer without labels explains itself in ``note`` (the window queried, the
    watermark, and an ``at`` to ask instead when the tables hold older stories).
    """
    wm = tables.region_watermark(code)
    asked = at is not None
    at = at if at is not None else wm
    cells = tables.snapshot(code, window, at)
    name, country = _region_names(tables, code, cells)
    end = window.end_for(at) if at is not None else None
    doc = {
        "region": code,
        "name": name,
        "country": country,
        "window": window.name,
        "at": _iso(at),
        "watermark": _iso(wm),
        "window_start": cells[0].window_start.isoformat() if cells else _iso(end - window.size if end else None),
        "window_end": cells[0].window_end.isoformat() if cells else _iso(end),
        "labels": {c.label: c.model_dump(mode="json") for c in cells},
    }
    if explain and not cells and at is not None:
        doc.update(empty_note(tables, code, window, at, wm, asked=asked))
    return doc


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

    joined = {"done": False}

    @app.on_rebalance_complete.connect
    async def _joined(sender: faust.App, **kwargs: object) -> None:
        joined["done"] = True

    @app.page("/healthz")
    class Health(View):
        async def get(self, request: Request) -> Response:
            # "ready": the worker has joined the group and recovered its tables at least once,
            # and is not rebalancing now (a worker may hold no partitions and still be ready).
            return self.json({"ok": True, "ready": joined["done"] and not app.rebalancing})

    # The region tables live with the serial stage, on the one partition of wirewatch.normalized.
    region_topic = stages.topics[topics.NORMALIZED.name]

    async def routed(request: Request, code: str, view: View, local) -> Response:
        """Answer here if this worker holds the region tables, else proxy to the worker that does."""
        if request.query.get("local"):
            return await local()
        try:
            return await app.router.route_topic_req(region_topic, code.split("-")[0].upper(), view.web, request)
        except SameNode:
            return await local()
        except ServiceUnavailable:
            return await local()  # no assignment yet (starting up): answer from what is here

    @app.page("/regions")
    class Regions(View):
        """Every region of every worker: this worker's, plus the others' fetched with ``local=1``."""

        async def get(self, request: Request) -> Response:
            window, at = pick(request)
            found = {code: region_json(tables, code, window, at) for code in tables.regions()}
            if not request.query.get("local"):
                for url in _peer_urls(app):
                    try:
                        async with app.http_client.get(
                            f"{url}/regions", params={**request.query, "local": "1"}, timeout=5
                        ) as resp:
                            for doc in (await resp.json())["regions"]:
                                found.setdefault(doc["region"], doc)
                    except Exception as exc:  # a peer restarting must not break the listing
                        log.warning("peer %s did not answer /regions: %s", url, exc)
            return self.json({"window": window.name, "regions": [found[c] for c in sorted(found)]})

    @app.page("/regions/{code}")
    class RegionDetail(View):
        async def get(self, request: Request, code: str) -> Response:
            async def local() -> Response:
                window, at = pick(request)
                if not tables.region_watermark(code):
                    return self.json({
                        "error": f"no data for region {code!r}: no story placed there has reached this worker",
                        "region": code, "regions": tables.regions()[:50],
                    }, status=404)
                return self.json(region_json(tables, code, window, at))

            return await routed(request, code, self, local)

    @app.page("/regions/{code}/events")
    class RegionEvents(View):
        async def get(self, request: Request, code: str) -> Response:
            async def local() -> Response:
                window, at = pick(request)
                at = at if at is not None else tables.region_watermark(code)
                if at is None:
                    return self.json({"error": f"no data for region {code!r}", "region": code}, status=404)
                end = window.end_for(at)
                return self.json({
                    "region": code, "window": window.name,
                    "window_start": _iso(end - window.size), "window_end": _iso(end),
                    "events": tables.events(code, end - window.size, end),
                })

            return await routed(request, code, self, local)

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
            body = await read_capped(request.content, limit)
            if body is None:
                return self.json({"error": f"body larger than {limit} bytes"}, status=413)
            ctype = request.headers.get("Content-Type")
            source = request.query.get("source") or request.headers.get("X-Wirewatch-Source") or "http"
            try:  # what the normalize stage will do with it (a content type that is wrong is sniffed past)
                items = parse_payload(body, ctype, source=source, received=datetime.now(timezone.utc))
            except ParseError as exc:
                status = 415 if exc.reason == "unsupported_format" else 422
                return self.json({"error": str(exc), "reason": exc.reason}, status=status)
            headers = raw_headers(ctype, source)
            # Accepted means written: wait for the broker's acknowledgement, so a body the broker
            # refuses (over its message.max.bytes) or cannot take now is an error, not lost.
            try:
                await (await raw_topic.send(key=source.encode(), value=body, headers=headers))
            except (KafkaError, ProducerSendError) as exc:
                if isinstance(exc, MessageSizeTooLargeError) or isinstance(exc.__cause__, MessageSizeTooLargeError):
                    return self.json({"error": f"the broker refused a body of {len(body)} bytes as too large "
                                               f"(its message.max.bytes): {exc}", "reason": "too_large"}, status=413)
                log.warning("POST /ingest: could not write to %s: %r", topics.RAW.name, exc)
                return self.json({"error": f"could not write to {topics.RAW.name}: {exc}"}, status=503)
            metrics.MESSAGES_OUT.labels(topics.RAW.name).inc()
            return self.json({"accepted": [it.id for it in items], "topic": topics.RAW.name}, status=202)

    from streams import dashboard

    dashboard.register(app, settings, stages)
