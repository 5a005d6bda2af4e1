"""Offsets and consumer lag, read from the broker.

Lag is ``high watermark - committed offset`` per (group, topic, partition).
Both numbers come from the broker, never from a worker's own memory, so any
worker (or ``wirewatch top`` / ``wirewatch topics`` from outside) reports the
same figures however many workers share the group.

How it reads them: an ``AIOKafkaConsumer`` created with the group's id that
never subscribes (so it does not join the group or trigger a rebalance), is
assigned nothing (so it fetches no records) and never commits. ``committed(tp)`` then asks the
group coordinator for the group's offset, and ``end_offsets`` gives the high
watermarks. (The admin client's ``list_consumer_group_offsets`` does not work
against the embedded Tansu broker; this does, and on Apache Kafka too.)

:class:`LagMonitor` keeps one such client open, refreshes every couple of
seconds inside a worker and remembers the recent end offsets, from which it
derives each topic's real throughput (messages written per second by anyone).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from aiokafka import AIOKafkaConsumer, TopicPartition

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PartitionOffsets:
    topic: str
    partition: int
    end: int  # high watermark: offset of the next message to be written
    committed: int | None = None  # the group's committed offset (None: nothing committed yet)
    group: str | None = None

    @property
    def lag(self) -> int | None:
        """Messages the group has not committed yet (the whole partition when nothing is committed)."""
        if self.group is None:
            return None
        return max(0, self.end - (self.committed or 0))

    def as_dict(self) -> dict:
        return {**asdict(self), "lag": self.lag}


class OffsetReader:
    """A broker client for end offsets and one group's committed offsets (see the module doc)."""

    def __init__(self, bootstrap: str, group: str, *, request_timeout_ms: int = 5000) -> None:
        self.bootstrap = bootstrap
        self.group = group
        self._consumer: AIOKafkaConsumer | None = None
        self._fetcher: AIOKafkaConsumer | None = None
        self._timeout_ms = request_timeout_ms
        self._true_end: dict[TopicPartition, tuple[int, int]] = {}  # reported end -> true end
        self._missing: set[str] = set()  # topics the broker did not know last time

    async def start(self) -> None:
        if self._consumer is not None:
            return
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=self.group,
            enable_auto_commit=False,
            request_timeout_ms=self._timeout_ms,
            client_id=f"wirewatch-lag-{self.group}",
        )
        await consumer.start()
        self._consumer = consumer

    async def close(self) -> None:
        for name in ("_consumer", "_fetcher"):
            consumer = getattr(self, name)
            setattr(self, name, None)
            if consumer is not None:
                with contextlib.suppress(Exception):
                    await consumer.stop()

    async def exact_ends(self, ends: dict[TopicPartition, int]) -> dict[TopicPartition, int]:
        """Correct high watermarks that stop at the start of the last record batch.

        Tansu answers ListOffsets(latest) with the base offset of the partition's
        last batch + 1, so a batch of 5 records reads as 1. Reading that last
        batch gives the true end. Only partitions whose reported end moved since
        the last call are read (an unchanged end means an unchanged last batch);
        on Apache Kafka the read finds one record and changes nothing.
        """
        todo = {tp: e for tp, e in ends.items() if e > 0 and self._true_end.get(tp, (None, 0))[0] != e}
        if todo:
            if self._fetcher is None:
                fetcher = AIOKafkaConsumer(
                    bootstrap_servers=self.bootstrap,
                    group_id=None,
                    enable_auto_commit=False,
                    request_timeout_ms=self._timeout_ms,
                    client_id=f"wirewatch-offsets-{self.group}",
                )
                await fetcher.start()
                self._fetcher = fetcher
            fetcher = self._fetcher
            fetcher.assign(list(todo))
            for tp, e in todo.items():
                fetcher.seek(tp, e - 1)
            found: dict[TopicPartition, int] = {}
            deadline = time.monotonic() + 2.0
            try:
                while len(found) < len(todo) and time.monotonic() < deadline:
                    batch = await fetcher.getmany(*[tp for tp in todo if tp not in found], timeout_ms=200)
                    for tp, msgs in batch.items():
                        if msgs:
                            found[tp] = msgs[-1].offset + 1
            finally:
                fetcher.unsubscribe()  # drop the assignment: no background fetching between reads
            for tp, e in todo.items():
                if tp in found:  # not found in time: try again next call
                    self._true_end[tp] = (e, max(e, found[tp]))
        return {tp: (self._true_end[tp][1] if e > 0 and self._true_end.get(tp, (None,))[0] == e else e) for tp, e in ends.items()}

    async def __aenter__(self) -> "OffsetReader":
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def partitions(self, topics: Iterable[str], *, wait: float = 5.0) -> list[TopicPartition]:
        """Every partition of ``topics`` known to the broker (missing topics are left out)."""
        assert self._consumer is not None, "start() first"
        topics = list(topics)
        # A fresh client has no metadata yet: wait for it, but only once per missing topic.
        deadline = time.monotonic() + (wait if any(t not in self._missing for t in topics) else 0.0)
        while True:
            known = {t: self._consumer.partitions_for_topic(t) for t in topics}
            if all(known.values()) or time.monotonic() > deadline:
                break
            await self._consumer._client.force_metadata_update()
            await asyncio.sleep(0.05)
        self._missing = {t for t, p in known.items() if not p}
        return [TopicPartition(t, p) for t in topics for p in sorted(known[t] or ())]

    async def read(self, topics: Iterable[str], group_topics: Iterable[str] = ()) -> list[PartitionOffsets]:
        """End offsets of ``topics``; for ``group_topics`` also the group's committed offset and lag."""
        assert self._consumer is not None, "start() first"
        group_topics = set(group_topics)
        parts = await self.partitions([*topics, *(t for t in group_topics if t not in topics)])
        if not parts:
            return []
        ends = await self.exact_ends(await self._consumer.end_offsets(parts))
        # No assign/subscribe: the group coordinator is asked directly, so this client
        # never joins the group, fetches no records and commits nothing.
        try:
            fetched = await self._consumer._coordinator.fetch_committed_offsets(parts)
            committed = {tp: (m.offset if m.offset >= 0 else None) for tp, m in fetched.items()}
        except AttributeError:  # pragma: no cover - another aiokafka: one partition at a time
            committed = {tp: await self._consumer.committed(tp) for tp in parts}
        # A topic belongs to the group when asked for, or when the group committed on it.
        grouped = group_topics | {tp.topic for tp in parts if committed.get(tp) is not None}
        out = []
        for tp in parts:
            if tp.topic in grouped:
                out.append(PartitionOffsets(tp.topic, tp.partition, ends[tp], committed.get(tp), self.group))
            else:
                out.append(PartitionOffsets(tp.topic, tp.partition, ends[tp]))
        return out


async def read_offsets(
    bootstrap: str, group: str, topics: Iterable[str], group_topics: Iterable[str] = ()
) -> list[PartitionOffsets]:
    """One-shot :meth:`OffsetReader.read` (opens and closes a client)."""
    async with OffsetReader(bootstrap, group) as reader:
        return await reader.read(topics, group_topics)


@dataclass
class LagSnapshot:
    at: float = 0.0  # epoch seconds of the last successful read (0: never)
    partitions: list[PartitionOffsets] = field(default_factory=list)
    error: str | None = None

    def lag_by_partition(self) -> list[PartitionOffsets]:
        return [p for p in self.partitions if p.group is not None]

    def total_lag(self) -> int:
        return sum(p.lag or 0 for p in self.lag_by_partition())

    def end_by_topic(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.partitions:
            out[p.topic] = out.get(p.topic, 0) + p.end
        return out


class LagMonitor:
    """Periodically reads offsets and lag; keeps a short history of end offsets for throughput.

    ``topics``: every topic to watch (end offsets, throughput); ``group_topics``:
    the ones the group consumes (committed offsets, lag).
    """

    def __init__(
        self,
        bootstrap: str,
        group: str,
        topics: Iterable[str],
        group_topics: Iterable[str],
        *,
        history_seconds: float = 300.0,
        interval: float = 2.0,
    ) -> None:
        self.reader = OffsetReader(bootstrap, group)
        self.group = group
        self.topics = list(topics)
        self.group_topics = list(group_topics)
        self.interval = interval
        self.snapshot = LagSnapshot()
        self._history: deque[tuple[float, dict[str, int]]] = deque(maxlen=int(history_seconds / interval) + 2)
        self._lock = asyncio.Lock()

    async def refresh(self) -> LagSnapshot:
        async with self._lock:
            try:
                await self.reader.start()
                parts = await self.reader.read(self.topics, self.group_topics)
            except Exception as exc:  # broker away: keep the last figures, say why
                log.debug("offset read failed: %r", exc)
                self.snapshot.error = f"{type(exc).__name__}: {exc}"
                await self.reader.close()  # reconnect next time
                return self.snapshot
            now = time.time()
            self.snapshot = LagSnapshot(now, parts, None)
            self._history.append((now, self.snapshot.end_by_topic()))
            return self.snapshot

    async def close(self) -> None:
        await self.reader.close()

    def throughput(self, *, points: int = 60, step: float | None = None) -> dict:
        """Messages/s written to each topic, as ``points`` evenly spaced rates (oldest first).

        Derived from the growth of the topic's end offsets, i.e. what every
        producer wrote, not just this worker.
        """
        step = step or self.interval * 2
        hist = list(self._history)
        if len(hist) < 2:
            return {"step": step, "topics": {t: [0.0] * points for t in self.topics}, "now": {t: 0.0 for t in self.topics}}
        end_t = hist[-1][0]

        def total_at(t: float, topic: str) -> float:
            # Linear interpolation of the end offset at time t (clamped to the history).
            if t <= hist[0][0]:
                return float(hist[0][1].get(topic, 0))
            for (t0, v0), (t1, v1) in zip(hist, hist[1:]):
                if t0 <= t <= t1:
                    a, b = v0.get(topic, 0), v1.get(topic, 0)
                    return a + (b - a) * ((t - t0) / (t1 - t0) if t1 > t0 else 1.0)
            return float(hist[-1][1].get(topic, 0))

        series = {}
        for topic in self.topics:
            vals = []
            for i in range(points):
                t1 = end_t - (points - 1 - i) * step
                t0 = t1 - step
                if t1 <= hist[0][0]:
                    vals.append(0.0)
                    continue
                vals.append(round(max(0.0, total_at(t1, topic) - total_at(max(t0, hist[0][0]), topic)) / step, 3))
            series[topic] = vals
        return {"step": step, "topics": series, "now": {t: v[-1] for t, v in series.items()}}
