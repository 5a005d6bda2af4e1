"""The Faust agents: thin wiring of the stage logic onto topics and tables.

Two agents, two hops; every consumed hop and every send costs ~0.1-0.2 ms here,
so the stages run in as few actors as the state allows::

    wire.raw (N partitions) ──normalize──▶ wirewatch.normalized (1 partition)
    wirewatch.normalized ──dedupe · classify · regions──▶ wire.unique | wire.duplicates,
                                                          events.classified, regions.rolling, events.late
    (either) ──▶ wire.deadletter

* **normalize** parses every raw message where it lands: it scales with the
  partitions of ``wire.raw``. It passes the inputs of its partitions on in the order
  they arrived (:mod:`agents.arrival`), whatever order the consumer read them in.
* **dedupe · classify · regions** is one serial actor on the one partition of
  ``wirewatch.normalized``, whatever ``wire.raw``'s partition count: near-duplicate
  state is in one place (no hop per partition, docs/dedupe.md), the first-arrived
  member of a cluster wins, and the region tables see each story's versions in the
  order dedupe decided them.

Both agents work in batches (``take_events``). Each batch's stateless work (parsing;
fingerprints and classifications) goes through :mod:`agents.prepare`: in this process,
or in a process pool on another core (``WIREWATCH_OFFLOAD_PROCESSES``). The serial stage coalesces state writes per key
(:class:`agents.state.WriteBack`) and ``regions.rolling`` records per cell over the
batches of one flush, and acknowledges inputs only after what they changed is handed
to the producer, which Faust flushes before committing offsets. Sends and the error
policy are in :mod:`agents.outputs`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import faust

from agents import normalize as normalize_stage
from agents.arrival import ArrivalOrder
from agents import regions as regions_stage
from agents.classify import VERSION as CLASSIFY_VERSION
from agents.classify import classify
from agents.dedupe import VERSION as DEDUPE_VERSION
from agents.dedupe import Deduper
from agents.eventtime import Watermarks
from agents.outputs import Outputs
from agents.prepare import Offload, RawInput, normalize_one
from agents.state import WriteBack
from schemas import ClassifiedEvent, DeadLetter, WireItem
from streams import codec, metrics, topics
from streams.settings import Settings

log = logging.getLogger(__name__)

#: A stage with nothing new for this long flushes what it holds: coalescing over
#: ``flush_seconds`` pays only under load, where the next batch is already there.
IDLE_FLUSH_SECONDS = 0.05
#: Under exactly-once, a pipeline with nothing in hand for this long commits at once (see register).
IDLE_COMMIT_SECONDS = 0.02
#: The normalize stage waits for a lagging wire.raw partition (agents/arrival.py) at most this
#: long, or until it holds this many batches, even while other partitions keep it busy.
ARRIVAL_HOLD_SECONDS = 5.0
ARRIVAL_HOLD_BATCHES = 10


class Redeliveries:
    """Which input messages reach a stage a second time within one consumer generation.

    Faust (0.15) passes on a message whose offset equals the last one it read (its read-offset
    check is ``>=``, to let the first message after a seek through), so a record the client
    hands over twice reaches the stream twice (measured under exactly-once on Kafka: offset 489
    of wirewatch.normalized[0] twice in one batch, its story published twice; the last record
    of a partition read again when the consumer reached its end). Offsets only grow within a
    generation: a message at or below the last one seen on its partition is such a repeat. A
    new generation (a rebalance: Faust seeks back to the committed offsets) starts afresh.
    """

    def __init__(self) -> None:
        self._upto: dict[tuple[str, int], int] = {}
        self._generation: object = None

    def seen(self, topic: str, partition: int, offset: int, generation: object) -> bool:
        """Whether this message was already seen in ``generation`` (else it is noted)."""
        if generation != self._generation:
            self._upto.clear()
            self._generation = generation
        key = (topic, partition)
        if offset <= self._upto.get(key, -1):
            return True
        self._upto[key] = offset
        return False


class _Activity:
    """One agent's batches: whether one is in hand, when the last one finished (``with activity:``
    around each batch), and whether one finished since the last idle commit."""

    def __init__(self) -> None:
        self.in_hand = False
        self.last = 0.0
        self.uncommitted = False

    def __enter__(self) -> None:
        self.in_hand = True

    def __exit__(self, *exc: object) -> None:
        self.in_hand = False
        self.last = time.monotonic()
        self.uncommitted = True

    def idle_for(self, seconds: float) -> bool:
        """Whether no batch is in hand and none finished for ``seconds``."""
        return not self.in_hand and time.monotonic() - self.last >= seconds


@dataclass
class Stages:
    """Handles on the app's topics and stage state, for the web layer and tests."""

    topics: dict[str, faust.TopicT]
    dedupe_table: faust.Table
    region_table: faust.Table
    region_tables: regions_stage.RegionTables
    windows: list[regions_stage.WindowSpec]
    outputs: Outputs

    @property
    def listeners(self) -> list[Callable[[str, object], None]]:
        return self.outputs.listeners

    def notify(self, kind: str, payload: object) -> None:
        self.outputs.notify(kind, payload)


#: A receipt time outside this (epoch ms, 2000 to 2200) is not one: a producer's header, not ours.
_PLAUSIBLE_MS = range(946_684_800_000, 7_258_118_400_000)


def _received_ms(event: faust.EventT) -> int:
    raw = (event.headers or {}).get(codec.RECEIVED)
    if raw:
        try:
            ms = int(raw)
        except ValueError:
            pass
        else:
            if ms in _PLAUSIBLE_MS:
                return ms
    return int((event.message.timestamp or 0) * 1000) or codec.now_ms()


def _fetched_not_taken(consumer: object, tp: object) -> bool:
    """Whether the aiokafka consumer under Faust's holds fetched records of ``tp`` Faust has not taken."""
    try:
        return tp in consumer._thread._ensure_consumer()._fetcher._records  # type: ignore[attr-defined]
    except AttributeError:
        return False


def register(app: faust.App, settings: Settings) -> Stages:
    t = {
        spec.name: app.topic(spec.name, key_serializer="raw", value_serializer="raw",
                             partitions=spec.partitions or settings.partitions)
        for spec in topics.ALL
    }
    raw, normalized = t[topics.RAW.name], t[topics.NORMALIZED.name]
    out = Outputs(app, deadletter_payload_bytes=settings.deadletter_payload_bytes)
    # Parsing, fingerprints and classification need no state: with offload_processes a pool
    # does them for each batch on another core while this process consumes, decides, produces.
    offload = Offload(settings.offload_processes)
    app.on_before_shutdown.connect(lambda sender, **kw: offload.close(), weak=False)

    @app.task
    async def _start_offload() -> None:
        await offload.start()
    batch, within = settings.batch_max, settings.batch_seconds
    # Under exactly-once a transaction commits every send made so far: a commit must not fall
    # between a batch's outputs and the acks of its inputs. Each batch holds this lock until
    # its inputs are acked; the transaction manager (streams/app.py) takes it to commit.
    lock = app.wirewatch_batch_lock = asyncio.Lock()  # type: ignore[attr-defined]

    def stale(event: faust.EventT) -> bool:
        # Read before the latest rebalance (in a batch taken before it): Faust seeks back to the
        # committed offsets and delivers the event again, so processing it now would publish it
        # twice (streams/app.py: SourceTransactionManager.on_rebalance; its acks are ignored).
        return event.message.generation_id not in (None, app.consumer_generation_id)

    redelivered = Redeliveries()

    def repeat(event: faust.EventT) -> bool:
        msg = event.message
        if redelivered.seen(msg.topic, msg.partition, msg.offset, app.consumer_generation_id):
            metrics.REDELIVERED.labels(msg.topic).inc()
            log.warning("%s[%s]@%s delivered again in this generation: skipped", msg.topic, msg.partition, msg.offset)
            return True
        return False

    async def acked(stream: faust.StreamT, events: list) -> None:
        for event in events:
            if not stale(event):  # a stale one comes again after the seek: acked then, once processed
                await stream.ack(event)  # take_events acks them again after the batch: a no-op then

    # State of the serial stage: one partition, like its input. use_partitioner: the
    # changelog partition comes from the key (always 0), not from a current event,
    # so a batch can be flushed after its events were iterated.
    dedupe_table = app.Table("dedupe", default=None, partitions=1, key_type=str, use_partitioner=True)
    region_table = app.Table("regions", default=None, partitions=1, key_type=str, use_partitioner=True)
    dedupe_state = WriteBack(dedupe_table, reads=lambda: dedupe_table.data)
    region_state = WriteBack(region_table, reads=lambda: region_table.data)
    deduper = Deduper(dedupe_state, horizon_seconds=settings.dedupe_horizon_days * 86400)
    windows = regions_stage.parse_windows(settings.region_windows)
    region_tables = regions_stage.RegionTables(region_state, windows, grace_seconds=settings.region_grace_hours * 3600)
    marks = Watermarks(idle_seconds=settings.watermark_idle_seconds)
    expired_day = [-1]
    stages = Stages(t, dedupe_table, region_table, region_tables, windows, out)

    # What the stages derive in memory is rebuilt from the tables after a rebalance
    # (on_rebalance_complete fires after table recovery, before the streams resume).
    @app.on_rebalance_complete.connect
    def _forget_derived(sender: object, **kwargs: object) -> None:
        arrivals.forget()
        revoked[0] = False
        deduper.forget_index()
        region_tables.forget()
        marks.forget()

    # Under exactly-once a hop's outputs are visible downstream when its transaction commits,
    # every commit interval (EXACTLY_ONCE_COMMIT_INTERVAL, streams/app.py): an item on an idle
    # pipeline waited for two of them. When both agents have finished their batches and nothing
    # new came for IDLE_COMMIT_SECONDS, the stage commits at once; under load the interval's
    # commits stay the only ones.
    normalizing, deduping = _Activity(), _Activity()

    if settings.guarantee == "exactly_once":
        @app.timer(IDLE_COMMIT_SECONDS)
        async def _commit_when_idle() -> None:
            agents = (normalizing, deduping)
            if any(a.uncommitted for a in agents) and all(a.idle_for(IDLE_COMMIT_SECONDS) for a in agents):
                normalizing.uncommitted = deduping.uncommitted = False
                await app.consumer.commit()

    # Inputs leave the normalize stage in the order they arrived on wire.raw, not in the order
    # the consumer happened to read its partitions (agents/arrival.py); held ones stay unacked.
    arrivals = ArrivalOrder()
    arrival_wait = settings.arrival_wait_ms / 1000
    revoked = [False]  # partitions revoked, the new assignment not complete: hold and release nothing
    raw_stream: list[faust.StreamT] = []

    def raw_partitions() -> list:
        return [tp for tp in app.consumer.assignment() if tp.topic == topics.RAW.name]

    def wait_for(tp: object) -> bool:
        """Whether the merge should wait for raw partition ``tp``, which has nothing held.

        Reads Faust's and aiokafka's consumer state (private: where it is missing, the merge
        falls back to the short wait)."""
        consumer = app.consumer
        last = arrivals.last_offset(tp)
        read = getattr(consumer, "_read_offset", {}).get(tp)  # the last record Faust read (or where it seeked)
        if last is not None and read is not None and read > last:
            return True  # read, on its way to this agent
        if _fetched_not_taken(consumer, tp):
            return True  # fetched, not yet handed to Faust (aiokafka drains one partition at a time)
        # Faust stops fetching a partition whose stream buffer is full (and pauses some): its
        # highwater is then as old as its last fetch.
        stopped = tp in getattr(consumer, "_buffered_partitions", ()) or tp in getattr(consumer, "_paused_partitions", ())
        hw = consumer.highwater(tp)
        if hw is None and not stopped:
            # Never fetched since it was assigned: where its records stand is unknown, so wait for the
            # first fetch (Kafka Streams waits for a partition's end offset likewise, KIP-695); the hold
            # bound (ARRIVAL_HOLD_SECONDS) still applies. Measured: at a fast replay's start the short
            # wait let 3 of 344 copies past their originals, in 1 of 3 runs on Kafka.
            return True
        behind = stopped or (last + 1 if last is not None else read or 0) < hw  # (hw is known unless stopped)
        # Announced but not fetched (a fetch in flight, Tansu's last batch): worth a short wait.
        return behind and (arrivals.waiting_for() or 0.0) < arrival_wait

    async def release_arrivals() -> None:
        if revoked[0]:
            return
        force = (arrivals.waiting_for() or 0.0) >= ARRIVAL_HOLD_SECONDS or arrivals.held >= ARRIVAL_HOLD_BATCHES * batch
        ready = arrivals.release(raw_partitions(), wait_for, force=force)
        if ready:
            await normalize_batch(ready)
            await acked(raw_stream[0], [event for event, _, _ in ready])

    @app.agent(raw, name="normalize")
    async def normalize_agent(stream: faust.StreamT) -> None:
        raw_stream[:] = [stream]
        async for events in stream.noack_take(batch, within):
            with normalizing:
                metrics.BATCH.labels("normalize").observe(len(events))
                fresh, repeats = [], []
                for e in events:
                    if not stale(e):  # a stale one comes again after the seek
                        (repeats if repeat(e) else fresh).append(e)
                raws = [RawInput(e.value, dict(e.headers or {}), e.message.topic, e.message.partition,
                                 e.message.offset, _received_ms(e)) for e in fresh]
                done = await offload.normalize(raws, settings.deadletter_payload_bytes,  # outside the lock: no sends
                                               settings.max_item_bytes)
                async with lock:
                    await acked(stream, repeats)
                    for event, raw_input, result in zip(fresh, raws, done):
                        if not stale(event) and not revoked[0]:  # (a rebalance while the pool worked: it comes again)
                            arrivals.add(event.message.tp, raw_input.offset, raw_input.received_ms,
                                         (event, raw_input, result))
                    await release_arrivals()

    # Inputs held for an announced record that did not come: the agent releases them with its next
    # batch; when none comes, this does.
    release_every = max(arrival_wait / 2, 0.005)

    @app.timer(release_every)
    async def _release_waiting_arrivals() -> None:
        if arrivals.held and (arrivals.waiting_for() or 0.0) >= arrival_wait and normalizing.idle_for(release_every):
            async with lock:
                await release_arrivals()

    async def normalize_batch(ready: list) -> None:
        for event, raw, result in ready:
            if stale(event):
                continue
            metrics.MESSAGES_IN.labels(topics.RAW.name).inc()
            metrics.BYTES_IN.labels(topics.RAW.name).inc(len(event.value or b""))
            origin = f"{raw.partition}:{raw.offset}"
            await out.guarded(event, normalize_stage.VERSION, origin,
                              lambda event=event, raw=raw, result=result, origin=origin:
                              normalize_event(event, raw, result, origin))

    async def normalize_event(event: faust.EventT, raw: RawInput, result, origin: str) -> None:
        if result is None:  # no pool, or it could not: here
            result = normalize_one(raw, settings.deadletter_payload_bytes, settings.max_item_bytes)
        items, deadletter = result.items, result.deadletter
        for i, entry in enumerate(items):
            input_id = origin if len(items) == 1 else f"{origin}#{i}"
            if isinstance(entry, DeadLetter):  # too large to publish
                await out.dead_letter(event, letter=entry, input_id=input_id)
                continue
            item_id, data = entry
            await out.send(topics.NORMALIZED, item_id, WireItem, encoded=data, source=event,
                           stage=normalize_stage.VERSION, received=raw.received_ms,
                           headers={codec.INPUT: input_id.encode()}, partition=0)
        if deadletter is not None:
            await out.dead_letter(event, letter=deadletter, input_id=origin)

    # The serial stage keeps a batch's state writes and changed cells pending, with its inputs
    # unacknowledged, until a flush: at most every flush_seconds under at-least-once, so writes
    # and regions.rolling records coalesce over many batches (Kafka Streams flushes its record
    # cache on commit); after every batch under exactly-once, where a transaction commit takes
    # every send made so far and must not find outputs whose inputs are not yet acknowledged.
    held: list = []  # [stream, events...]: processed, not yet flushed and acknowledged
    flushed = [time.monotonic()]
    flush_every = 0.0 if settings.guarantee == "exactly_once" else settings.flush_seconds

    @app.agent(normalized, name="dedupe")
    async def dedupe_agent(stream: faust.StreamT) -> None:
        async for events in stream.noack_take(batch, within):
            with deduping:  # in hand while the pool prepares it, too: not a pause
                metrics.BATCH.labels("dedupe").observe(len(events))
                prepared = await offload.prepare([e.value for e in events])  # fingerprints, classifications
                async with lock:
                    if not held:
                        held.append(stream)
                    await dedupe_batch(events, prepared)
                    held.extend(events)
                    if time.monotonic() - flushed[0] >= flush_every:
                        await flush()

    @app.timer(IDLE_FLUSH_SECONDS)
    async def _flush_when_idle() -> None:
        if held and (time.monotonic() - flushed[0] >= flush_every or deduping.idle_for(IDLE_FLUSH_SECONDS)):
            async with lock:
                if held:
                    await flush()

    @app.on_partitions_revoked.connect
    async def _flush_before_revoke(sender: object, *args: object, **kwargs: object) -> None:
        async with lock:
            # Inputs the arrival merge holds were never sent nor acked: drop them now, before their
            # partitions go (their generation is still current until the assignment, so neither the
            # release timer nor the next batch would know them stale); they are read again from the
            # committed offsets, here or by the partition's new owner.
            arrivals.forget()
            revoked[0] = True  # until the new assignment: what is read meanwhile is read again after it
            if held:
                await flush()

    async def dedupe_batch(events: list, prepared: list) -> None:
        for event, prep in zip(events, prepared):
            if stale(event) or repeat(event):
                continue
            metrics.MESSAGES_IN.labels(topics.NORMALIZED.name).inc()
            input_id = normalize_stage.header(event.headers, codec.INPUT) or ""
            await out.guarded(event, DEDUPE_VERSION, input_id,
                              lambda event=event, input_id=input_id, prep=prep: one_item(event, input_id, prep))
        wm = marks.current()
        if wm is not None:
            region_tables.advance(wm)
            deduper.expire(wm)
            if int(wm // 86400) > expired_day[0]:  # the tables' expiry walks their slices: once a day of story time
                expired_day[0] = int(wm // 86400)
                region_tables.expire()

    async def flush() -> None:
        """Write the pending state, send the changed cells, then acknowledge the inputs."""
        stream, events = held[0], held[1:]
        updates = region_tables.updates()  # one record per changed cell, whatever the batches did to it
        dedupe_state.flush()
        region_state.flush()
        received = first_received[0] if first_received else None
        for upd in updates:
            await out.send(topics.REGIONS, regions_stage.rolling_key(upd), upd, source=events[-1],
                           stage=regions_stage.VERSION, received=received, notify="region")
        if updates and received is not None:
            metrics.LATENCY.labels("regions").observe(max(0.0, (codec.now_ms() - received) / 1000))
        await acked(stream, events)
        held.clear()
        first_received.clear()
        flushed[0] = time.monotonic()

    first_received: list[int] = []  # of the first input with a region since the last flush (latency to regions.rolling)

    async def one_item(event: faust.EventT, input_id: str, prep) -> None:
        received = _received_ms(event)
        item = WireItem.model_validate_json(event.value)
        marks.observe(input_id.split(":", 1)[0], item.published.timestamp())
        decision = deduper.decide(item, origin=input_id, fp=prep.fp if prep is not None else None)
        metrics.DEDUPE.labels(decision.outcome, item.source).inc()
        headers = {codec.INPUT: input_id.encode(), codec.OUTCOME: decision.outcome.encode()}
        if decision.outcome == "duplicate":
            rec = decision.record(item)
            await out.send(topics.DUPLICATES, item.id, rec, source=event, stage=DEDUPE_VERSION, received=received,
                           headers=headers, notify="duplicate")
            return
        pub = decision.published(item)  # an update carries the original story id, version bumped
        if pub.id != item.id:
            headers[codec.SOURCE_ID] = item.id.encode()
        if decision.reason:
            headers[codec.DEDUPE_REASON] = decision.reason.encode()
        encoded = None
        if prep is None:  # no pool, or it could not: classified here
            ev = classify(pub)
        elif pub is item:  # the pool classified the item as it stands: its JSON goes out as is
            ev, encoded = ClassifiedEvent.model_validate_json(prep.classified), prep.classified
        else:  # an update: the same reading, re-keyed to the story it updates
            ev = ClassifiedEvent.model_validate_json(prep.classified).model_copy(
                update={"id": pub.id, "version": pub.version})
        applied = region_tables.apply(ev)  # also placed nowhere: a new version so removes the story's earlier one
        await out.send(topics.UNIQUE, pub.id, pub, source=event, stage=DEDUPE_VERSION, received=received,
                       headers=headers)
        await out.send(topics.CLASSIFIED, ev.id, ev, source=event, stage=CLASSIFY_VERSION, received=received,
                       notify="classified", encoded=encoded)
        metrics.LATENCY.labels("classified").observe(max(0.0, (codec.now_ms() - received) / 1000))
        for hit in ev.labels:
            metrics.LABELS.labels(hit.label).inc()
        if applied.late:
            metrics.LATE.labels("regions").inc()
            await out.send(topics.LATE, ev.id, ev, source=event, stage=regions_stage.VERSION, received=received,
                           headers={codec.LATE_REASON: b"story time older than what the region tables hold "
                                                       b"(watermark minus retention)"})
        elif ev.region is not None and not first_received:
            first_received.append(received)

    return stages
