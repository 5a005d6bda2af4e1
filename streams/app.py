"""The Faust app: built from Settings, with every agent, table and page registered.

``build_app()`` is the one place a worker's app is made; ``wirewatch run``,
``wirewatch worker`` and the tests all call it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
import types

import faust
import faust.transport.consumer
from aiokafka.errors import ProducerFenced

from schemas.headers import raw_input as raw_headers

from streams import topics
from streams.kafka import RECORD_HEADROOM
from streams.settings import Settings

log = logging.getLogger(__name__)


def build_app(settings: Settings) -> faust.App:
    """Create the Faust app for ``settings`` (which must name a broker)."""
    if not settings.broker:
        raise RuntimeError("build_app needs a broker: set WIREWATCH_BROKER or use `wirewatch run`")
    app = faust.App(
        settings.app_id,
        broker=[u.strip() if "://" in u else f"kafka://{u.strip()}" for u in settings.broker.split(",")],
        store=settings.store,
        datadir=str(settings.data_dir),
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_bind="0.0.0.0" if settings.web_host not in ("127.0.0.1", "localhost") else settings.web_host,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        # Tansu joins groups after ~half the session timeout; short timeouts keep start-up quick.
        broker_session_timeout=settings.group_session_timeout,
        broker_heartbeat_interval=settings.heartbeat_interval,
        broker_rebalance_timeout=settings.group_rebalance_timeout,
        # exactly_once on Kafka (Faust's transaction manager: outputs and offsets commit together);
        # at_least_once on Tansu (no transactions): outputs are keyed by ids so a replay is harmless.
        processing_guarantee=settings.guarantee,
        # Under exactly-once a read_committed subscriber (and the next hop) sees outputs when their
        # transaction commits: every 50 ms (Kafka Streams under exactly-once: 100 ms), rather than
        # Faust's 2.8 s (measured: one item on an idle worker 1.9-2.0 s -> 194-225 ms to
        # events.classified, same throughput; a commit costs one EndTxn per input partition).
        broker_commit_interval=EXACTLY_ONCE_COMMIT_INTERVAL if settings.guarantee == "exactly_once" else AT_LEAST_ONCE_COMMIT_INTERVAL,
        producer_linger=settings.producer_linger_ms / 1000,
        # The HTTP push endpoint sends bodies of up to max_body_bytes to wire.raw; every other
        # output is at most an item (max_item_bytes) plus what the stages add.
        producer_max_request_size=max(1_000_000, settings.max_body_bytes + RECORD_HEADROOM),
        stream_wait_empty=False,
        web_enabled=True,
        autodiscover=False,
        table_cleanup_interval=60.0,
        recovery_consistency_check=settings.consistency_check,
    )
    if settings.guarantee == "exactly_once":
        app.transport.TransactionManager = SourceTransactionManager  # before the worker makes its consumer
        app.transport.Consumer = _source_consumer(app.transport.Consumer)
        app.transport.Producer = _concurrent_commits_producer(app.transport.Producer)
        _shorten_recovery_idle_wait(RECOVERY_IDLE_WAIT)
    else:
        app.transport.Consumer = _fresh_acks_consumer(app.transport.Consumer)
    _set_fetch_max_wait(settings.fetch_wait_ms)
    _complete_buffer_flush()
    if settings.kind == "tansu":
        app.wirewatch_exact_highwaters = settings.bootstrap_servers  # type: ignore[attr-defined]
        _exact_recovery_highwaters()
    from agents import pipeline
    from streams import web

    stages = pipeline.register(app, settings)
    web.register(app, settings, stages)
    if settings.feeds:
        _register_feed_poller(app, settings, stages.topics[topics.RAW.name])
    _freeze_long_lived(app)
    return app


def _freeze_long_lived(app: faust.App) -> None:
    """Keep the collector off what lives as long as the worker.

    CPython's full collection walks every tracked object: with the classifier's gazetteer
    and Faust loaded that is ~290k objects and 55-80 ms, a pause that lands on whichever
    item is in flight. ``gc.freeze()`` moves what exists now (modules, the gazetteer) out of
    the collector's reach, and again after each rebalance (the recovered tables); frozen
    objects are still freed by reference counting, only cycles among them are kept.
    """
    gc.collect()
    gc.freeze()

    @app.on_rebalance_complete.connect
    def _freeze_recovered(sender: object, **kwargs: object) -> None:
        gc.freeze()


class SourceTransactionManager(faust.transport.consumer.TransactionManager):
    """Faust's transaction manager, with each output in the transaction of the input it came from.

    Faust (0.11) picks a send's transaction from the *destination* topic's partition
    (``<app>-<group>-<partition>``), and commits a transaction when *source* offsets of
    that group and partition commit. That is right only when every output goes to the
    input's own partition. wirewatch repartitions at every stage (normalize keys by
    content hash, dedupe hops to the partition owning a key, regions by country), so an
    output to another partition sat in an open transaction until unrelated input arrived
    there: read_committed subscribers saw nothing, and the output and the offsets of its
    input were not committed together (measured: the sample reached wirewatch.dedupe-chain
    uncommitted and never wire.unique).

    Here a send made while an event is processed joins the transaction of that event's
    partition, which commits together with that event's offset. Table changelogs are sent
    from Faust's producer buffer, outside the event's context: they keep Faust's choice,
    which is the same transaction (a table writes its changelog to the event's partition),
    and the buffer is flushed before each commit. Sends with no event behind them
    (``POST /ingest``, the feed poller: the pipeline's input) are not transactional.
    """

    async def send(self, topic, key, value, partition, timestamp, headers, *, transactional_id=None):
        if transactional_id is not None:  # the caller knows the input (agents/outputs.py)
            p = self.consumer.key_partition(topic, key, partition)
            return await self.producer.send(topic, key, value, p, timestamp, headers, transactional_id=transactional_id)
        event = faust.current_event()
        tid = None
        if event is not None:
            tp = event.message.tp
            with contextlib.suppress(KeyError):
                tid = f"{self.app.conf.id}-{self.app.assignor.group_for_topic(tp.topic)}-{tp.partition}"
        elif topic in self.app.tables.changelog_topics:
            return await super().send(topic, key, value, partition, timestamp, headers)
        p = self.consumer.key_partition(topic, key, partition)
        return await self.producer.send(topic, key, value, p, timestamp, headers, transactional_id=tid)

    async def on_rebalance(self, assigned, revoked, newly_assigned) -> None:
        """The new assignment: start every partition kept afresh, as the consumer does.

        Faust seeks every assigned partition back to its committed offset, including the ones
        this worker keeps, but keeps their producers and open transactions (its
        ``begin_transaction`` on them fails "IN_TRANSACTION -> IN_TRANSACTION", logged and
        ignored): what was processed since the last commit was processed again into the same
        transaction and published twice (measured in chaos runs: both copies of a repeated
        input in one transaction, after a worker joined). The revocation committed what was done before it
        (:func:`_source_consumer`); what the streams did after it (the last batch in flight,
        its changelog writes) is aborted here and processed again after the seek, and the acks
        from that time are dropped, so they cannot commit offsets ahead of what is sent.
        """
        async with _batch_lock(self.app):
            producer = self.producer
            await producer.flush()  # buffered changelog writes go into the transactions aborted now
            for tid, txn_producer in list(producer._transaction_producers.items()):
                txn = getattr(txn_producer, "_txn_manager", None)
                if txn is not None and txn.is_in_transaction():
                    if not txn.is_empty_transaction():
                        log.info("Aborting what %s sent since the revocation: processed again after the seek", tid)
                    await producer.abort_transaction(tid)
            consumer = self.consumer
            for tp in assigned:
                consumer._acked.pop(tp, None)
                consumer._acked_index.pop(tp, None)
                consumer._gap.pop(tp, None)
            await super().on_rebalance(assigned, revoked, newly_assigned)

    async def commit(self, offsets, start_new_transaction: bool = True) -> bool:
        # Called with the batch lock held (_source_consumer: force_commit), so ``offsets`` are
        # those of every input whose outputs were sent into the transactions committed now.
        from aiokafka.structs import TopicPartition

        await self.app.producer.flush()  # buffered changelog writes belong to the transactions committed now
        if log.isEnabledFor(logging.DEBUG):
            log.debug("commit %s", _tps(offsets))
        # aiokafka's send_offsets_to_transaction wants its own TopicPartition keys
        committed = {TopicPartition(tp.topic, tp.partition): o for tp, o in offsets.items()}
        return await super().commit(committed, start_new_transaction=start_new_transaction)


def _concurrent_commits_producer(base: type) -> type:
    """Faust's producer class, committing the transactions of a commit concurrently.

    Faust keeps one transaction per input partition, each holding that partition's offsets and
    the outputs of its inputs, and commits them one after the other, three round trips each,
    with the batch lock held: at 16 partitions that stalled the pipeline for most of every
    100 ms interval. They are independent (each is atomic on its own, in order or not).
    """

    class ConcurrentCommitsProducer(base):  # type: ignore[misc, valid-type]
        async def commit_transactions(self, tid_to_offset_map, group_id, start_new_transaction: bool = True):  # type: ignore[no-untyped-def]
            commit = super().commit_transactions
            results = await asyncio.gather(
                *(commit({tid: offsets}, group_id, start_new_transaction=start_new_transaction)
                  for tid, offsets in tid_to_offset_map.items()),
                return_exceptions=True,
            )
            errors = [r for r in results if isinstance(r, BaseException)]
            if errors:  # a fenced producer first: Faust's TransactionManager crashes the worker on it
                raise next((e for e in errors if isinstance(e, ProducerFenced)), errors[0])

    return ConcurrentCommitsProducer


def _batch_lock(app: faust.App):  # type: ignore[no-untyped-def]
    lock = getattr(app, "wirewatch_batch_lock", None)
    return lock if lock is not None else contextlib.nullcontext()


class _LivePartitions:
    """A live set of partitions that is never false: to aiokafka's ``fetched_records`` an empty
    set of partitions means every partition."""

    __slots__ = ("_tps",)

    def __init__(self, tps: set) -> None:
        self._tps = tps

    def __bool__(self) -> bool:
        return True

    def __contains__(self, tp: object) -> bool:
        return tp in self._tps


def _fresh_acks_consumer(base: type) -> type:
    """Faust's consumer class, ignoring the acks of messages read before the latest rebalance
    (under either guarantee).

    Faust seeks every assigned partition back to its committed offset after a rebalance and
    delivers those messages again; a batch taken before it may still hold them (the pipeline
    skips them: agents/pipeline.py ``stale``), and Faust's ``take_events`` acks a batch's
    events after it. Acked then, an offset could be committed before its message is processed
    again, and a crash in between would lose it.

    It also keeps what the Kafka client fetches consistent with what Faust delivers: partitions
    being seeked are paused in Faust and in the client, and the client is never handed an empty
    set of partitions, which it takes for every partition (``perform_seek``, ``_getmany``).
    """

    class FreshAcksConsumer(base):  # type: ignore[misc, valid-type]
        async def perform_seek(self) -> None:
            # After table recovery Faust (0.15) resumes the stream partitions, then seeks them to
            # their committed offsets, awaiting the broker, then resumes flow control - which
            # empties the streams' queues (``clear_on_resume``). What the fetcher handed over
            # during the seek sat in those queues and was thrown away, and the copies read again
            # after the seek were dropped as already read (measured: wire.raw[2]@152 and
            # wirewatch.normalized[0]@410 never processed, their offsets committed, in ~1 of 20
            # kill -9 runs). The stream partitions stay paused while they are seeked: in Faust,
            # so nothing fetched before the seek reaches a stream, and in the client, because
            # Faust drops what the client returns for a partition it paused, after the client
            # moved past it: fetched after the seek, that is lost for good.
            changelogs = self.app.tables.changelog_topics
            streams = {tp for tp in self._get_active_partitions() if tp.topic not in changelogs}
            self.pause_partitions(streams)
            await self._fetching(streams, paused=True)
            try:
                await super().perform_seek()
            finally:
                self.resume_partitions(streams)
                await self._fetching(streams, paused=False)

        async def _fetching(self, tps: set, paused: bool) -> None:
            """Pause or resume fetching ``tps`` in the Kafka client, in the client's thread."""
            from aiokafka.structs import TopicPartition

            thread = self._thread

            def apply() -> None:
                client = thread._ensure_consumer()
                assigned = client.assignment()  # a rebalance may have moved some meanwhile
                todo = [TopicPartition(tp.topic, tp.partition) for tp in tps if tp in assigned]
                (client.pause if paused else client.resume)(*todo)

            try:
                await thread.call_thread(apply)
            except Exception:  # the client stopping, or a rebalance under way: say so, never hide it
                log.exception("could not %s fetching %s in the Kafka client", "pause" if paused else "resume",
                              ", ".join(f"{tp.topic}[{tp.partition}]" for tp in sorted(tps)))

        async def _getmany(self, active_partitions, timeout: float):  # type: ignore[no-untyped-def]
            # Faust hands the client its live set of active partitions, which the client reads
            # while it waits for records, and an empty set means "every partition" to the client
            # (measured: every stream partition paused for a seek, wire.raw[0] and [3] drained to
            # their end after it, the records dropped by Faust, 195 inputs lost under
            # exactly-once). The client gets the live set, never taken for empty.
            if active_partitions is not None:
                active_partitions = _LivePartitions(active_partitions)
            return await super()._getmany(active_partitions, timeout)

        def ack(self, message) -> bool:  # type: ignore[no-untyped-def]
            if message.generation_id not in (None, self.app.consumer_generation_id):
                return False
            return super().ack(message)

    return FreshAcksConsumer


def _source_consumer(base: type) -> type:
    """Faust's consumer class for exactly-once: commits under the batch lock, counts the offsets
    it skips right, ignores the acks of messages read before the latest rebalance, and commits
    when partitions are revoked.

    On the last: Faust (0.11) forgets a revoked partition's acks first thing in
    ``Consumer.on_partitions_revoked`` (under Kafka's eager protocol: every partition) and
    commits nothing on the way (``stream_wait_empty`` would, but only after the acks are
    gone: measured, it changed nothing). Here the acks are committed before that, with the
    outputs of their inputs, so the seek to the committed offsets that follows the new
    assignment lands right after what was published, on a partition this worker keeps as on
    one that moves (SourceTransactionManager.on_rebalance aborts what was sent in between).
    """

    class SourceConsumer(_fresh_acks_consumer(base)):  # type: ignore[misc]
        async def force_commit(self, topics=None, start_new_transaction: bool = True) -> bool:  # type: ignore[no-untyped-def]
            # Never between a batch's outputs and the acks of its inputs: the pipeline's agents
            # hold this lock while they process a batch (agents/pipeline.py), and a transaction
            # commit takes every send made so far. The lock is taken before Faust picks the
            # offsets from the acks: picked before it, a batch that ran meanwhile had its outputs
            # committed without its offsets (measured: committed offset 461 on
            # wirewatch.normalized[0] with 751 inputs acked up to 1,210 and their outputs in the
            # transaction; the new owner after a kill -9 published those inputs again).
            async with _batch_lock(self.app):
                return await super().force_commit(topics, start_new_transaction=start_new_transaction)

        def _new_offset(self, tp):  # type: ignore[no-untyped-def]
            # The offsets from the committed one up to the first acked were never delivered when no
            # message below the first acked is still in processing: the client skipped them
            # (transaction markers, aborted records). Faust covers such offsets with a gap only
            # between two messages it delivered, never before the first message after a seek
            # (its read offset then holds the seek position, or nothing when messages arrived
            # before the seek completed): the committed offset, a marker, stayed uncovered and
            # Faust never committed that partition again (measured: a worker restarted after a
            # kill -9 processed wirewatch.normalized[0] 364-892 with its offset stuck at 361, a
            # commit marker; the transaction holding every output stayed open and read_committed
            # subscribers saw nothing for minutes).
            acked, committed = self._acked[tp], self._committed_offset[tp]
            if acked and committed is not None:
                head = min(acked)
                gap = self._gap[tp]
                if head > committed and not gap.overlaps(committed) and \
                        not any(m.tp == tp and m.offset < head for m in self.unacked):
                    gap.addi(committed, head)
                    gap.merge_overlaps()
            return super()._new_offset(tp)

        async def _add_gap(self, tp, offset_from: int, offset_to: int) -> None:  # type: ignore[no-untyped-def]
            # The offsets skipped before the message at ``offset_to`` (transaction markers,
            # aborted records), counted as done so commits can pass them. Faust (0.11) adds
            # [max(offset_from, committed + 1), offset_to] instead: the message itself, which is
            # acked too, and without the first skipped offset after a commit. The message's
            # offset then sits twice in the ack list, which splits the run of consecutive
            # offsets Faust commits up to (Consumer._new_offset): the commit stopped there, one
            # commit behind, while the transaction it committed already held the outputs of
            # what followed (measured on wirewatch.normalized[0]: offset 162 committed with the
            # outputs of inputs at 162-406 in the transaction, all 245 published again by the
            # worker restarted after a kill -9).
            committed = self._committed_offset[tp]
            if committed is not None:
                offset_from = max(offset_from, committed)
            if offset_from < offset_to:
                gap = self._gap[tp]
                gap.addi(offset_from, offset_to)  # intervaltree: the end is excluded
                await asyncio.sleep(0)
                gap.merge_overlaps()

        async def on_partitions_revoked(self, revoked) -> None:  # type: ignore[no-untyped-def]
            if self.app.in_transaction and self.assignment():
                try:
                    await self.maybe_wait_for_commit_to_finish()
                    await self.commit()
                except Exception as exc:  # the transactions stay open: aborted after the assignment
                    log.warning("commit before the revocation failed: %r", exc)
            await super().on_partitions_revoked(revoked)

    return SourceConsumer


def _tps(offsets) -> str:  # type: ignore[no-untyped-def]
    return ", ".join(f"{tp.topic}[{tp.partition}]={o}" for tp, o in sorted(offsets.items()))


#: Seconds between transaction commits under exactly-once (Faust's default: 2.8; Kafka Streams': 0.1).
#: Each hop's outputs wait for one: 50 ms against 100 ms measured p50/p99 raw -> events.classified at
#: 200/s on Kafka 138-145/228-260 ms against 201/274-278 ms (4 partitions), 174/270 against 214/299 ms
#: (16), for 3-7 % fewer items/s (a commit is one EndTxn per input partition, concurrently).
EXACTLY_ONCE_COMMIT_INTERVAL = 0.05
#: Under at-least-once a commit only records progress: every second (Faust: 2.8 s) bounds what a
#: worker killed with kill -9 leaves to replay, and how long its partitions' committed offsets
#: look stuck after a rebalance; it costs one OffsetCommit a second.
AT_LEAST_ONCE_COMMIT_INTERVAL = 1.0
#: A producer buffer flush that sees nothing sent for this long gives up, loudly (see _complete_buffer_flush).
BUFFER_FLUSH_STALL = 10.0
#: Seconds Faust's table recovery waits for a changelog record before it looks again (Faust: 5).
RECOVERY_IDLE_WAIT = 0.5


class _RecoveryAsyncio(types.ModuleType):
    """asyncio as faust.tables.recovery sees it (see :func:`_shorten_recovery_idle_wait`)."""

    def __init__(self, seconds: float) -> None:
        super().__init__("asyncio")
        self.seconds = seconds

    def __getattr__(self, name: str) -> object:
        return getattr(asyncio, name)

    async def wait_for(self, aw, timeout=None):  # type: ignore[no-untyped-def]
        return await asyncio.wait_for(aw, self.seconds if timeout == 5.0 else timeout)


def _shorten_recovery_idle_wait(seconds: float) -> None:
    """Faust's recovery reads a changelog until its offset reaches the highwater. Under
    exactly-once the last offset of a changelog is a transaction marker, never delivered as a
    record, so the offset stops one short; Faust notices only after two idle waits of a
    hard-coded 5 s for the next record (``Recovery._slurp_changelogs``: "Aborted tx until
    highwater"), when the consumer's position is past the highwater. Every new owner of the
    tables spent those 10 s with its partitions unconsumed (measured: recovering 916 records
    took 11 s; after a kill -9 the serial stage's partition went 17-18 s without a commit).
    Two idle waits of ``seconds`` keep Faust's check (the queue stayed empty over two waits
    and the consumer is past the highwater) at a fraction of the time (measured: recoveries of
    1.4-3 s, partitions unconsumed at most 7.5-9.2 s in chaos runs). The 5 s wait is that
    module's only ``asyncio.wait_for``: the module is given a view of asyncio with a shorter one.
    """
    from faust.tables import recovery

    recovery.asyncio = _RecoveryAsyncio(seconds)


def _exact_recovery_highwaters() -> None:
    """Table recovery must read a changelog to its true end, also on Tansu.

    Faust's recovery reads a changelog partition until its offset reaches the highwater
    (ListOffsets), then ends; records after that are left in a buffer that is never applied.
    Tansu reports the highwater as the *base offset of the last record batch* + 1, and the
    stages write a flush's state in one batch: a new owner of the tables lost all but the
    first record of the last flush (measured: after a kill -9, story clusters with two
    "new" stories, the dedupe state of their first copy gone). An app that sets
    ``wirewatch_exact_highwaters`` (the bootstrap servers) has its highwaters corrected by
    reading each partition's last batch (:meth:`streams.lag.OffsetReader.exact_ends`); on
    Apache Kafka the highwater is exact already and nothing is patched.
    """
    from faust.tables.recovery import Recovery

    if getattr(Recovery, "_wirewatch_exact", False):
        return
    original = Recovery._build_highwaters

    async def _build_highwaters(self, consumer, tps, destination, title):  # type: ignore[no-untyped-def]
        await original(self, consumer, tps, destination, title)
        bootstrap = getattr(self.app, "wirewatch_exact_highwaters", None)
        # Faust keeps highwater = end - 1 (-1: an empty partition, nothing to correct)
        ends = {tp: hw + 1 for tp, hw in destination.items() if hw is not None and hw >= 0}
        if not bootstrap or not ends:
            return
        from aiokafka import TopicPartition

        from streams.lag import OffsetReader

        async with OffsetReader(bootstrap, f"{self.app.conf.id}-recovery") as reader:
            exact = await reader.exact_ends({TopicPartition(tp.topic, tp.partition): e for tp, e in ends.items()})
        for tp, end in ends.items():
            true_end = exact.get(TopicPartition(tp.topic, tp.partition), end)
            if true_end != end:
                log.info("recovery: %s[%s] ends at %s, not at the reported %s", tp.topic, tp.partition, true_end, end)
                destination[tp] = true_end - 1

    Recovery._build_highwaters = _build_highwaters
    Recovery._wirewatch_exact = True


def _complete_buffer_flush() -> None:
    """Faust's producer buffer flush must hand over every buffered message before it returns.

    Table writes go to a buffer that a background task sends from (``ProducerBuffer``), and
    Faust flushes it before committing offsets (under exactly-once: before a transaction
    commits). Faust's ``flush()`` returns as soon as 0.1 s pass without a message sent, with
    messages still buffered, and does not count the one being sent: on a busy worker a
    changelog write then missed the commit of the input that made it and went into the next
    transaction, or was sent after the offsets commit (measured under exactly-once with a kill -9:
    17 stories whose outputs were committed but whose dedupe state was not, so the restarted
    worker published their next copies as new stories, the same (id, version) twice on
    events.classified). Here ``flush()`` waits until the buffer is empty and nothing is in
    flight. If nothing is sent for ``BUFFER_FLUSH_STALL`` seconds (a sender gone, a broker that
    never answers) it logs an error and returns, as Faust's did, so a stop or a commit is not
    held forever; the worker's shutdown deadline (streams/shutdown.py) still applies.
    """
    from faust.transport.producer import ProducerBuffer

    if getattr(ProducerBuffer, "_wirewatch_complete", False):
        return
    send_pending = ProducerBuffer._send_pending

    async def _send_pending(self, fut):  # type: ignore[no-untyped-def]
        self.wirewatch_in_flight = getattr(self, "wirewatch_in_flight", 0) + 1
        try:
            await send_pending(self, fut)
        finally:
            self.wirewatch_in_flight -= 1

    async def flush(self) -> None:  # type: ignore[no-untyped-def]
        stalled_since = None
        while self.size or getattr(self, "wirewatch_in_flight", 0):
            if await self.flush_atmost(None):
                stalled_since = None
                continue
            # nothing sent in 0.1 s: the one in flight is still going, or the sender is gone
            stalled_since = stalled_since or time.monotonic()
            if time.monotonic() - stalled_since > BUFFER_FLUSH_STALL:
                log.error("producer buffer: nothing sent for %.0f s, %d message(s) left unsent at a flush",
                          BUFFER_FLUSH_STALL, self.size)
                return
            await asyncio.sleep(0.001)

    ProducerBuffer._send_pending = _send_pending
    ProducerBuffer.flush = flush
    ProducerBuffer._wirewatch_complete = True


def _set_fetch_max_wait(ms: int) -> None:
    """Faust (0.11) hard-codes the worker consumer's fetch_max_wait_ms to 1500. A broker
    that answers a fetch only when that wait is over (Tansu does, when the fetch found no
    data) then adds up to 1.5 s to every hop; Kafka answers as soon as data arrives, so a
    short wait costs it only more idle fetch requests."""
    from faust.transport.drivers import aiokafka as driver

    create = getattr(driver.AIOKafkaConsumerThread._create_worker_consumer, "__wrapped__", None)
    create = create or driver.AIOKafkaConsumerThread._create_worker_consumer

    def _create_worker_consumer(self, transport):  # type: ignore[no-untyped-def]
        consumer = create(self, transport)
        consumer._fetch_max_wait_ms = ms  # read by AIOKafkaConsumer.start() when it makes its fetcher
        return consumer

    _create_worker_consumer.__wrapped__ = create  # type: ignore[attr-defined]
    driver.AIOKafkaConsumerThread._create_worker_consumer = _create_worker_consumer


def _register_feed_poller(app: faust.App, settings: Settings, raw: faust.TopicT) -> None:
    """Poll the configured feeds from this worker (run one poller per deployment, not per worker)."""
    from streams.sources.feeds import load_feeds
    from streams.sources.poller import FeedPoller

    feeds = load_feeds(settings.feeds)  # fail at start-up on a bad config, not later

    async def sink(payload: bytes, content_type: str, source: str) -> None:
        await raw.send(
            key=source.encode(),
            value=payload,
            headers=raw_headers(content_type, source),
        )

    @app.task
    async def poll_feeds() -> None:
        await FeedPoller(feeds, sink).run()
