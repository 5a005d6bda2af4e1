"""The Faust app: built from Settings, with every agent, table and page registered.

``build_app()`` is the one place a worker's app is made; ``wirewatch run``,
``wirewatch worker`` and the tests all call it.
"""

from __future__ import annotations

import contextlib

import faust
import faust.transport.consumer

from streams import topics
from streams.settings import Settings


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
        broker_session_timeout=settings.session_timeout,
        broker_heartbeat_interval=settings.heartbeat_interval,
        broker_rebalance_timeout=settings.rebalance_timeout,
        # exactly_once on Kafka (Faust's transaction manager: outputs and offsets commit together);
        # at_least_once on Tansu (no transactions): outputs are keyed by ids so a replay is harmless.
        processing_guarantee=settings.guarantee,
        producer_linger=0.005,
        stream_wait_empty=False,
        web_enabled=True,
        autodiscover=False,
        table_cleanup_interval=60.0,
        recovery_consistency_check=settings.consistency_check,
    )
    if settings.guarantee == "exactly_once":
        app.transport.TransactionManager = SourceTransactionManager  # before the worker makes its consumer
    _set_fetch_max_wait(settings.fetch_max_wait_ms)
    from agents import pipeline
    from streams import web

    stages = pipeline.register(app, settings)
    web.register(app, settings, stages)
    if settings.feeds:
        _register_feed_poller(app, settings, stages.topics[topics.RAW.name])
    return app


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

    async def commit(self, offsets, start_new_transaction: bool = True) -> bool:
        # Never between a batch's outputs and the acks of its inputs: the pipeline's agents hold
        # this lock while they process a batch (agents/pipeline.py).
        lock = getattr(self.app, "wirewatch_batch_lock", None)
        async with lock if lock is not None else contextlib.nullcontext():
            # Faust chose ``offsets`` before we waited for the lock; a batch may have sent and
            # acknowledged more in between, and its sends are in the transactions committed now:
            # commit their offsets with them, or the new owner of a partition replays inputs
            # whose outputs are already committed (the chaos run's repeats on a hand-over).
            from aiokafka.structs import TopicPartition

            consumer = self.app.consumer
            fresh = consumer._filter_committable_offsets(consumer.assignment())
            offsets = {TopicPartition(tp.topic, tp.partition): o for tp, o in offsets.items()}
            for tp, o in fresh.items():
                key = TopicPartition(tp.topic, tp.partition)
                if o > offsets.get(key, -1):
                    offsets[key] = o
            await self.app.producer.flush()  # buffered changelog writes belong to the transactions committed now
            return await super().commit(offsets, start_new_transaction=start_new_transaction)


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
            headers={"content-type": content_type.encode(), "wirewatch-source": source.encode()},
        )

    @app.task
    async def poll_feeds() -> None:
        await FeedPoller(feeds, sink).run()
