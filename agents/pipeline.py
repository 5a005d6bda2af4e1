"""The Faust agents: thin wiring of the stage logic onto topics and tables.

Three agents; every topic hop costs ~0.2 ms CPU per event here, so
classification runs inside the dedupe agent rather than behind another topic::

    wire.raw ──normalize──▶ wirewatch.normalized (key: one of the item's dedupe keys)
      wirewatch.normalized + wirewatch.dedupe-chain ──dedupe──▶ (next owner partition, via the chain)
                                                    └─ last hop: classify ──▶ wire.unique, wire.duplicates,
                                                       events.classified (key: story id),
                                                       wirewatch.region-events (key: country)
      wirewatch.region-events ──regions──▶ regions.rolling, events.late

See docs/dedupe.md for the chain (an item visits each partition owning one of
its keys once) and docs/regions.md for the tables.

Every agent catches what its stage logic raises for one message, dead-letters
that message with the reason and carries on: a bad message never stops a
partition, and the good messages around it keep flowing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import faust

from agents import normalize as normalize_stage
from agents import regions as regions_stage
from agents.dedupe import VERSION as DEDUPE_VERSION
from agents.dedupe import Deduper, Envelope
from schemas import ClassifiedEvent, WireItem
from streams import metrics, topics
from streams.codec import encode, headers_for, now_ms
from streams.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Stages:
    """Handles on the app's topics and tables, for the web layer and tests."""

    topics: dict[str, faust.TopicT]
    dedupe_table: faust.Table
    region_table: faust.Table
    region_tables: regions_stage.RegionTables
    windows: list[regions_stage.WindowSpec]
    listeners: list[Callable[[str, object], None]]

    def notify(self, kind: str, payload: object) -> None:
        """Tell in-process listeners (the live dashboard) about an output."""
        for listener in list(self.listeners):
            try:
                listener(kind, payload)
            except Exception:  # a slow or broken listener must not hurt the stream
                log.exception("listener failed")


def _received_ms(event: faust.EventT) -> int:
    raw = (event.headers or {}).get("wirewatch-received")
    if raw:
        try:
            return int(raw)
        except ValueError:
            pass
    return int((event.message.timestamp or 0) * 1000) or now_ms()


def register(app: faust.App, settings: Settings) -> Stages:
    t = {
        spec.name: app.topic(spec.name, key_serializer="raw", value_serializer="raw", partitions=settings.partitions)
        for spec in topics.ALL
    }
    raw, normalized, deadletter = t[topics.RAW.name], t[topics.NORMALIZED.name], t[topics.DEADLETTER.name]
    unique, duplicates, classified = t[topics.UNIQUE.name], t[topics.DUPLICATES.name], t[topics.CLASSIFIED.name]
    region_events, rolling, late = t[topics.REGION_EVENTS.name], t[topics.REGIONS.name], t[topics.LATE.name]

    dedupe_table = app.Table("dedupe", default=None, partitions=settings.partitions, key_type=str)
    region_table = app.Table("regions", default=None, partitions=settings.partitions, key_type=str)
    windows = regions_stage.parse_windows(settings.region_windows)
    region_tables = regions_stage.RegionTables(region_table, windows, grace_seconds=settings.region_grace_hours * 3600)
    # Keep hour slices for the longest window plus the grace period, and a day of slack.
    region_horizon = max(w.size for w in windows) + settings.region_grace_hours * 3600 + 86400
    stages = Stages(t, dedupe_table, region_table, region_tables, windows, [])
    # Dedupe state is keyed by routing key and lives on the partition owning the key; an item
    # visits each owner partition once (docs/dedupe.md).
    deduper = Deduper(
        dedupe_table, partitions=settings.partitions, horizon_seconds=settings.dedupe_horizon_days * 86400
    )

    # Only fingerprints are persisted; each partition's bucket index is derived in memory.
    # on_rebalance_complete fires after table recovery and before the streams resume, so a
    # partition that moved away and back is re-indexed from what the changelog restored.
    @app.on_rebalance_complete.connect
    def _dedupe_forget_indexes(sender: object, **kwargs: object) -> None:
        deduper.forget_indexes()

    dl_cap = settings.deadletter_payload_bytes

    async def send_deadletter(event: faust.EventT, reason: str, error: str, stage: str) -> None:
        msg = event.message
        dl = normalize_stage.dead_letter(
            event.value or b"",
            reason=reason,
            error=error,
            stage=stage,
            topic=msg.topic,
            partition=msg.partition,
            offset=msg.offset,
            content_type=normalize_stage.header(event.headers, "content-type"),
            max_payload=dl_cap,
        )
        await deadletter.send(key=event.key, value=encode(dl), headers=headers_for(dl, stage))
        metrics.DEADLETTERS.labels(reason).inc()
        metrics.MESSAGES_OUT.labels(topics.DEADLETTER.name).inc()
        stages.notify("deadletter", dl)

    @app.agent(raw, name="normalize")
    async def normalize_agent(stream: faust.StreamT) -> None:
        async for event in stream.events():
            msg = event.message
            metrics.MESSAGES_IN.labels(topics.RAW.name).inc()
            metrics.BYTES_IN.labels(topics.RAW.name).inc(len(event.value or b""))
            received = _received_ms(event)
            result = normalize_stage.normalize(
                event.value,
                event.headers,
                topic=msg.topic,
                partition=msg.partition,
                offset=msg.offset,
                max_deadletter_payload=dl_cap,
            )
            for item in result.items:
                await normalized.send(
                    key=item.content_hash.encode(),
                    value=encode(item),
                    headers=headers_for(item, normalize_stage.VERSION, received),
                )
                metrics.MESSAGES_OUT.labels(topics.NORMALIZED.name).inc()
            if result.deadletter is not None:
                dl = result.deadletter
                await deadletter.send(key=event.key, value=encode(dl), headers=headers_for(dl, normalize_stage.VERSION))
                metrics.DEADLETTERS.labels(dl.reason).inc()
                metrics.MESSAGES_OUT.labels(topics.DEADLETTER.name).inc()
                stages.notify("deadletter", dl)

    from agents.classify import VERSION as CLASSIFY_VERSION
    from agents.classify import classify

    # One agent reads both the first hop (wirewatch.normalized) and the later hops
    # (wirewatch.dedupe-chain), so a partition's dedupe state is touched by one actor only.
    dedupe_in = app.topic(
        topics.NORMALIZED.name, topics.DEDUPE_CHAIN.name, key_serializer="raw", value_serializer="raw"
    )
    dedupe_chain = t[topics.DEDUPE_CHAIN.name]

    @app.agent(dedupe_in, name="dedupe")
    async def dedupe_agent(stream: faust.StreamT) -> None:
        async for event in stream.events():
            msg = event.message
            metrics.MESSAGES_IN.labels(msg.topic).inc()
            received = _received_ms(event)
            try:
                if msg.topic == topics.DEDUPE_CHAIN.name:
                    env = Envelope.loads(event.value)
                else:
                    env = deduper.start(
                        WireItem.model_validate_json(event.value), first=msg.partition, origin=f"{msg.partition}:{msg.offset}"
                    )
                deduper.visit(env, msg.partition)
                deduper.expire_partition(msg.partition)  # this partition's keys only; pops the oldest
                if env.route:  # on to the next partition owning one of its keys
                    await dedupe_chain.send(
                        key=env.fp.uid.encode(), value=env.dumps(), partition=env.route[0],
                        headers={"content-type": b"application/json", "wirewatch-stage": DEDUPE_VERSION.encode(),
                                 "wirewatch-received": str(received).encode()},
                    )
                    metrics.MESSAGES_OUT.labels(topics.DEDUPE_CHAIN.name).inc()
                    continue
                item, decision = env.item, deduper.finish(env)
                metrics.DEDUPE.labels(decision.outcome, item.source).inc()
                outcome_headers = {"wirewatch-outcome": decision.outcome.encode(),
                                   "wirewatch-dedupe-hops": str(env.hops).encode()}
                if decision.outcome == "duplicate":
                    rec = decision.record(item)
                    await duplicates.send(key=item.id.encode(), value=encode(rec),
                                          headers={**headers_for(rec, DEDUPE_VERSION, received), **outcome_headers})
                    metrics.MESSAGES_OUT.labels(topics.DUPLICATES.name).inc()
                    stages.notify("duplicate", rec)
                    continue
                pub = decision.published(item)  # an update carries the original story id, version bumped
                if pub.id != item.id:
                    outcome_headers["wirewatch-source-id"] = item.id.encode()
                if decision.reason:
                    outcome_headers["wirewatch-dedupe-reason"] = decision.reason.encode()
                await unique.send(key=pub.id.encode(), value=encode(pub),
                                  headers={**headers_for(pub, DEDUPE_VERSION, received), **outcome_headers})
                metrics.MESSAGES_OUT.labels(topics.UNIQUE.name).inc()
                ev = classify(pub)
            except Exception as exc:
                log.exception("dedupe/classify failed on %s", event.message.offset)
                metrics.AGENT_ERRORS.labels("dedupe").inc()
                await send_deadletter(event, "stage_error", f"{type(exc).__name__}: {exc}", DEDUPE_VERSION)
                continue
            await classified.send(key=ev.id.encode(), value=encode(ev), headers=headers_for(ev, CLASSIFY_VERSION, received))
            metrics.MESSAGES_OUT.labels(topics.CLASSIFIED.name).inc()
            metrics.LATENCY.labels("classified").observe(max(0.0, (now_ms() - received) / 1000))
            for hit in ev.labels:
                metrics.LABELS.labels(hit.label).inc()
            stages.notify("classified", ev)
            if ev.region is not None:
                # Keyed by country: a country's regions and its roll-up share one partition.
                await region_events.send(key=ev.region.country.encode(), value=encode(ev), headers=headers_for(ev, CLASSIFY_VERSION, received))
                metrics.MESSAGES_OUT.labels(topics.REGION_EVENTS.name).inc()

    @app.agent(region_events, name="regions")
    async def regions_agent(stream: faust.StreamT) -> None:
        expired_day: dict[int, int] = {}
        async for event in stream.events():
            metrics.MESSAGES_IN.labels(topics.REGION_EVENTS.name).inc()
            received = _received_ms(event)
            partition = event.message.partition
            try:
                ev = ClassifiedEvent.model_validate_json(event.value)
                region_tables.partition = partition
                result = region_tables.apply(ev)
                # Expire old hour slices once per day of event time, for this partition's keys only
                # (a key's changelog partition is the current event's).
                wm_day = int((region_table.get(f"wm:{partition}") or 0) // 86400)
                if wm_day > expired_day.get(partition, -1):
                    expired_day[partition] = wm_day
                    region_tables.expire(region_horizon)
            except Exception as exc:
                log.exception("regions failed on %s", event.message.offset)
                metrics.AGENT_ERRORS.labels("regions").inc()
                await send_deadletter(event, "stage_error", f"{type(exc).__name__}: {exc}", regions_stage.VERSION)
                continue
            if result.late:
                metrics.LATE.labels("regions").inc()
                await late.send(key=ev.id.encode(), value=event.value, headers={
                    **headers_for(ev, regions_stage.VERSION, received),
                    "wirewatch-late-reason": b"story time older than the watermark minus the grace period",
                })
                metrics.MESSAGES_OUT.labels(topics.LATE.name).inc()
                continue
            for upd in result.updates:
                key = f"{upd.region}|{upd.label}|{upd.window}|{upd.window_start.isoformat()}"
                await rolling.send(key=key.encode(), value=encode(upd), headers=headers_for(upd, regions_stage.VERSION, received))
                metrics.MESSAGES_OUT.labels(topics.REGIONS.name).inc()
                stages.notify("region", upd)
            if result.updates:
                metrics.LATENCY.labels("regions").observe(max(0.0, (now_ms() - received) / 1000))

    return stages
