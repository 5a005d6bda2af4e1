"""The one place an output is encoded, sent, counted and announced, and the one error policy.

Sends go straight to the producer (no awaited delivery, no Faust ``Topic.send``
machinery per message): Faust flushes the producer before it commits the offsets
of the inputs, so at-least-once holds. Under ``processing_guarantee=exactly_once``
each send joins the transaction of the input partition it came from (Faust keeps
one transactional producer per assigned input partition and commits the input
offsets in it), so an output is published exactly when its input is consumed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from functools import lru_cache

import faust
from aiokafka.partitioner import murmur2

from agents import normalize as normalize_stage
from schemas.models import DeadLetter, _Model
from streams import codec, metrics, topics

log = logging.getLogger(__name__)


@lru_cache(maxsize=1 << 16)
def _key_hash(key: bytes) -> int:
    """Kafka's default partitioner hash (murmur2, as the Java client and aiokafka compute it),
    cached: a story id is sent twice (wire.unique, events.classified) and a region cell's key
    many times, and aiokafka computes it in pure Python."""
    return murmur2(key) & 0x7FFFFFFF


class Outputs:
    def __init__(self, app: faust.App, *, deadletter_payload_bytes: int) -> None:
        self.app = app
        self.listeners: list[Callable[[str, object], None]] = []
        self.deadletter_cap = deadletter_payload_bytes
        self._counters = {spec.name: metrics.MESSAGES_OUT.labels(spec.name) for spec in topics.ALL}
        self._partitions: dict[str, int] = {}  # each output topic's partition count, as the broker has it

    async def _partition_count(self, topic: str) -> int:
        # The topic's own count, not the configured one: an operator may have created the topics
        # (a count of 2 where WIREWATCH_PARTITIONS is 4 made sends to partitions 2 and 3 crash the
        # worker). Read once per topic (send keeps it) from the producer's metadata (aiokafka's
        # partitions_for, which Faust's producer does not expose); partitions added later are used
        # after a restart.
        n = self._partitions[topic] = len(await self.app.producer._ensure_producer().partitions_for(topic))
        return n

    def notify(self, kind: str, payload: object) -> None:
        """Tell in-process listeners (the live dashboard) about an output."""
        for listener in list(self.listeners):
            try:
                listener(kind, payload)
            except Exception:  # a slow or broken listener must not hurt the stream
                log.exception("listener failed")

    def _transactional_id(self, source: faust.EventT) -> str | None:
        if not self.app.in_transaction:
            return None
        msg = source.message
        return f"{self.app.conf.id}-{self.app.assignor.group_for_topic(msg.topic)}-{msg.partition}"

    async def send(
        self,
        spec: topics.TopicSpec,
        key: str | bytes,
        value: _Model | type[_Model] | bytes,
        *,
        source: faust.EventT,
        stage: str,
        received: int | None = None,
        headers: Mapping[str, bytes] | None = None,
        notify: str | None = None,
        partition: int | None = None,
        encoded: bytes | None = None,
    ) -> None:
        """Publish one output of the input ``source``: encoded, with the standard headers.

        ``encoded``: the value's JSON, already encoded (by :mod:`agents.prepare`); ``value``
        is then the model, or its class when only the JSON exists here."""
        if isinstance(value, bytes):
            data, hdrs = value, dict(headers or {})
        else:
            data = codec.encode(value) if encoded is None else encoded
            hdrs = {**codec.headers_for(value, stage, received), **(headers or {})}
        raw_key = key if isinstance(key, bytes) else key.encode()
        if partition is None:  # keyed as Kafka's default partitioner keys it
            partition = _key_hash(raw_key) % (self._partitions.get(spec.name) or await self._partition_count(spec.name))
        await self.app.producer.send(
            spec.name, raw_key, data, partition, None, list(hdrs.items()),
            transactional_id=self._transactional_id(source),
        )
        self._counters[spec.name].inc()
        if notify:
            self.notify(notify, value)

    async def dead_letter(
        self, source: faust.EventT, *, reason: str = "", error: str = "", stage: str = "",
        letter: DeadLetter | None = None, input_id: str | None = None,
    ) -> None:
        """Send ``source`` (or the ``letter`` a stage already wrote for it) to wire.deadletter."""
        msg = source.message
        if letter is None:
            letter = normalize_stage.dead_letter(
                source.value or b"", reason=reason, error=error, stage=stage, topic=msg.topic,
                partition=msg.partition, offset=msg.offset,
                content_type=normalize_stage.header(source.headers, codec.CONTENT_TYPE),
                max_payload=self.deadletter_cap,
                # the input's broker timestamp: a replay gives the identical dead letter
                received=datetime.fromtimestamp(msg.timestamp, tz=timezone.utc) if msg.timestamp else None,
            )
        key = msg.key if isinstance(msg.key, bytes) else str(msg.key or "").encode()
        extra = {codec.INPUT: input_id.encode()} if input_id else None
        metrics.DEADLETTERS.labels(letter.reason).inc()
        await self.send(topics.DEADLETTER, key, letter, source=source, stage=letter.stage, headers=extra,
                        notify="deadletter")

    async def guarded(self, source: faust.EventT, stage: str, input_id: str | None, work: Callable) -> None:
        """The error policy: whatever ``work`` raises for one input dead-letters that input
        with the reason and lets the stream carry on (a bad message never stops a partition)."""
        try:
            await work()
        except Exception as exc:
            log.exception("%s failed on %s[%s]@%s", stage, source.message.topic, source.message.partition,
                          source.message.offset)
            metrics.AGENT_ERRORS.labels(stage.split("/")[0]).inc()
            await self.dead_letter(source, reason="stage_error", error=f"{type(exc).__name__}: {exc}",
                                   stage=stage, input_id=input_id)
