"""Arrival order across partitions: inputs released in the order they reached ``wire.raw``.

A consumer reads its partitions unevenly: aiokafka hands over the fetched records of
one partition at a time (measured with a plain consumer: one partition delivered 14
records while another delivered 1,170), so in a fast replay one partition's inputs ran
up to ~2,000 inputs ahead of another's, and a copy sent 40 inputs after its original
could reach the dedupe stage first and be kept, its original dropped (measured in
``wirewatch bench``: 101-118 of 6,453 items). The dedupe stage
keeps the first-arrived member of a cluster (docs/dedupe.md), so it must see the
inputs in the order they arrived.

:class:`ArrivalOrder` is Kafka Streams' partition-group choice: of the records each
partition has buffered, the one with the smallest timestamp goes first; while a
partition has nothing buffered but is known to have more (it is not caught up), the
merge waits for it (``max.task.idle.ms``); the caller says which partitions to wait for
and for how long (the consumer's view: records fetched but not yet handed over are worth
waiting for, records only announced briefly). Within a partition the order is its
offsets', whatever its timestamps.

It orders what one consumer reads: inputs normalized on different workers still meet
in the order their workers produce them.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable
from typing import Any


class ArrivalOrder:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._queues: dict[Hashable, deque[tuple[float, int, Any]]] = {}
        self._last: dict[Hashable, int] = {}  # partition -> last offset added
        self._blocked_since: float | None = None

    def add(self, partition: Hashable, offset: int, timestamp: float, item: Any) -> None:
        """An input of ``partition`` at ``offset``, arrived at ``timestamp``."""
        self._queues.setdefault(partition, deque()).append((timestamp, offset, item))
        self._last[partition] = offset

    def last_offset(self, partition: Hashable) -> int | None:
        """The last offset added for ``partition`` (None if none since the last :meth:`forget`)."""
        return self._last.get(partition)

    def release(self, partitions: list, wait_for: Callable[[Hashable], bool], force: bool = False) -> list:
        """The items that can go now, oldest first.

        ``partitions``: the partitions this consumer reads; ``wait_for(p)``: whether to wait for
        ``p``, which has nothing held (it may still deliver an older input); ``force``: wait for
        none."""
        out: list = []
        queues = self._queues
        while True:
            heads = [(q[0][0], p) for p, q in queues.items() if q]
            if not heads:
                self._blocked_since = None
                return out
            lagging = [p for p in partitions if not queues.get(p) and wait_for(p)]
            if lagging and not force:
                if self._blocked_since is None:
                    self._blocked_since = self.clock()
                return out
            if not lagging:
                self._blocked_since = None
            _, p = min(heads, key=_head_key)
            out.append(queues[p].popleft()[2])

    @property
    def held(self) -> int:
        """Inputs added and not yet released."""
        return sum(len(q) for q in self._queues.values())

    def waiting_for(self) -> float | None:
        """How long the merge has been waiting for a lagging partition (None: not waiting)."""
        return None if self._blocked_since is None else self.clock() - self._blocked_since

    def forget(self) -> None:
        """Drop what is held (after a rebalance the consumer reads it again from the committed offsets)."""
        self._queues.clear()
        self._last.clear()
        self._blocked_since = None


def _head_key(head: tuple[float, Hashable]) -> tuple[float, str]:
    return head[0], str(head[1])
