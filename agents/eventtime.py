"""Event time across inputs: the watermark of a stage that merges several partitions.

A stage reading one partition that several upstream partitions feed (the dedupe
stage reads ``wirewatch.normalized``, fed by every ``wire.raw`` partition) sees
their items interleaved however unevenly they were consumed upstream. Taking the
newest story time seen as the watermark would let the fastest partition drag it
ahead of the others, and their on-time items would look late. As Flink does, the
watermark is the **minimum over the inputs** of the newest story time each has
delivered; an input that has been silent for ``idle_seconds`` (wall clock) while
others deliver is left out, so an idle partition does not hold event time back
forever (Flink's idleness, Kafka Streams' ``max.task.idle.ms``).

Story times more than a day ahead of the clock are capped: one wrong date in a
feed must not close every window.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Watermarks:
    def __init__(self, idle_seconds: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._marks: dict[str, tuple[float, float]] = {}  # input -> (newest story time, when last heard)

    def observe(self, source: str, story_ts: float) -> None:
        """Input ``source`` delivered an item of story time ``story_ts``."""
        ts = min(story_ts, time.time() + 86400)
        old = self._marks.get(source)
        self._marks[source] = (ts if old is None else max(old[0], ts), self.clock())

    def current(self) -> float | None:
        """The watermark: min over the inputs heard from recently (None before any input)."""
        if not self._marks:
            return None
        newest = max(heard for _, heard in self._marks.values())
        active = [ts for ts, heard in self._marks.values() if newest - heard <= self.idle_seconds]
        return min(active)

    def forget(self) -> None:
        """Drop every input's mark (after a rebalance: inputs may have moved)."""
        self._marks.clear()
