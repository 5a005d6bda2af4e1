"""Plain aiokafka helpers used by the CLI, the benchmark and the tests.

These are what any outside producer or subscriber would do: wirewatch's
topics need nothing but a Kafka client and JSON.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from schemas.headers import raw_input as raw_headers


@dataclass
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: dict[str, bytes]
    timestamp_ms: int


async def produce(
    bootstrap: str,
    topic: str,
    messages: Iterable[tuple[bytes | None, bytes, dict[str, bytes]]],
) -> int:
    """Send (key, value, headers) messages and wait until all are acknowledged."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_request_size=8 * 1024 * 1024)
    await producer.start()
    try:
        futures = [
            await producer.send(topic, value=value, key=key, headers=list(headers.items()))
            for key, value, headers in messages
        ]
        await asyncio.gather(*futures)
        return len(futures)
    finally:
        await producer.stop()


class RawProducer:
    """Writes source payloads to ``wire.raw`` (the sink of the feed poller outside a worker)."""

    def __init__(self, bootstrap: str, topic: str = "wire.raw") -> None:
        self.topic = topic
        self.producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_request_size=8 * 1024 * 1024)

    async def __aenter__(self) -> "RawProducer":
        await self.producer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.producer.stop()

    async def send(self, payload: bytes, content_type: str, source: str) -> None:
        await self.producer.send_and_wait(
            self.topic,
            value=payload,
            key=source.encode(),
            headers=list(raw_headers(content_type, source).items()),
        )


async def consume(
    bootstrap: str,
    topics: list[str],
    *,
    from_beginning: bool = True,
    idle_timeout: float | None = None,
) -> AsyncIterator[Record]:
    """Yield records from ``topics`` without a consumer group (nothing is committed).

    Stops after ``idle_timeout`` seconds without a record, when given.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        # What subscribers see: on Kafka (exactly-once) only committed transactions; Tansu has none.
        isolation_level="read_committed",
    )
    await consumer.start()
    try:
        parts = await partitions(consumer, topics, 5.0)
        consumer.assign(parts)
        if from_beginning:
            await consumer.seek_to_beginning(*parts)
        else:
            await consumer.seek_to_end(*parts)
        while True:
            batch = await consumer.getmany(timeout_ms=int((idle_timeout or 1.0) * 1000))
            if not batch and idle_timeout is not None:
                return
            for tp, msgs in batch.items():
                for m in msgs:
                    yield Record(
                        m.topic, m.partition, m.offset, m.key, m.value, dict(m.headers or ()), m.timestamp
                    )
    finally:
        await consumer.stop()


async def partitions(consumer: AIOKafkaConsumer, topics: list[str], timeout: float = 10.0) -> list[TopicPartition]:
    """All partitions of ``topics``, waiting up to ``timeout`` for metadata (a fresh client has none)."""
    parts = []
    for t in topics:
        for _ in range(max(1, int(timeout / 0.1))):
            p = consumer.partitions_for_topic(t)
            if p:
                break
            await consumer._client.force_metadata_update()  # aiokafka has no public spelling of this
            await asyncio.sleep(0.1)
        parts += [TopicPartition(t, i) for i in sorted(p or [])]
    return parts


async def end_offsets(bootstrap: str, topics: list[str]) -> dict[tuple[str, int], int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        parts = await partitions(consumer, topics, 5.0)
        ends = await consumer.end_offsets(parts)
        return {(tp.topic, tp.partition): off for tp, off in ends.items()}
    finally:
        await consumer.stop()
