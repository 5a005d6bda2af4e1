"""Prometheus metrics of the worker (served on ``/metrics``).

Names follow Prometheus conventions: ``wirewatch_`` prefix, ``_total`` for
counters, base units (seconds, bytes).

Three sources:

* the agents (agents/pipeline.py) count stage outcomes: messages per topic,
  dedupe decisions, labels, dead letters, late items, errors, latency;
* :class:`TopicSensor`, a Faust sensor, counts what the Kafka client really
  consumed and produced, per topic *and partition*, in messages and bytes;
* collectors evaluated at scrape time: consumer lag, committed and end offsets
  read from the broker by :class:`streams.lag.LagMonitor` (correct however many
  workers share the group), and the sizes of this worker's tables.

``install(app, settings, stages)`` wires the last two into a Faust app.
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import faust
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

if TYPE_CHECKING:  # pragma: no cover
    from agents.pipeline import Stages
    from streams.lag import LagMonitor
    from streams.settings import Settings

log = logging.getLogger(__name__)

# No ``*_created`` series: they double the output and nothing here reads them.
disable_created_metrics()

REGISTRY = CollectorRegistry(auto_describe=True)

MESSAGES_IN = Counter(
    "wirewatch_messages_in_total", "Messages consumed, per topic.", ["topic"], registry=REGISTRY
)
MESSAGES_OUT = Counter(
    "wirewatch_messages_out_total", "Messages produced, per topic.", ["topic"], registry=REGISTRY
)
BYTES_IN = Counter("wirewatch_bytes_in_total", "Value bytes consumed, per topic.", ["topic"], registry=REGISTRY)
DEADLETTERS = Counter(
    "wirewatch_deadletters_total", "Inputs sent to wire.deadletter, per reason.", ["reason"], registry=REGISTRY
)
DEDUPE = Counter(
    "wirewatch_dedupe_total", "Dedupe decisions, per outcome and source.", ["outcome", "source"], registry=REGISTRY
)
LABELS = Counter("wirewatch_labels_total", "Labels given to classified events.", ["label"], registry=REGISTRY)
REDELIVERED = Counter(
    "wirewatch_redelivered_total", "Input messages delivered again in the same consumer generation (skipped).",
    ["topic"], registry=REGISTRY,
)
AGENT_ERRORS = Counter(
    "wirewatch_agent_errors_total", "Unexpected errors caught in an agent, per stage.", ["stage"], registry=REGISTRY
)
#: Latency observations kept as measured (per stage), so few samples are shown as they are.
RECENT_OBSERVATIONS = 10


class ObservedHistogram(Histogram):
    """A Histogram that also keeps, per child, the last few observed values and the min / max.

    A histogram only knows buckets: with a handful of observations its quantiles are
    interpolations, not measurements (a "p99 of one item"). The dashboard shows
    the real values while there are few.
    """

    def _metric_init(self) -> None:
        super()._metric_init()
        self.recent: deque[float] = deque(maxlen=RECENT_OBSERVATIONS)
        self.low: float | None = None
        self.high: float | None = None

    def observe(self, amount: float, exemplar: dict[str, str] | None = None) -> None:
        super().observe(amount, exemplar)
        self.recent.append(amount)
        self.low = amount if self.low is None else min(self.low, amount)
        self.high = amount if self.high is None else max(self.high, amount)


LATENCY = ObservedHistogram(
    "wirewatch_latency_seconds",
    "Time from receipt of the raw input to a stage's output, per stage.",
    ["stage"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
REGION_CELLS = Gauge(
    "wirewatch_region_regions", "Regions held in this worker's region tables.", registry=REGISTRY
)
LATE = Counter(
    "wirewatch_late_items_total",
    "Items whose story time is older than the watermark minus what the region tables hold, per stage.",
    ["stage"],
    registry=REGISTRY,
)
BATCH = Histogram(
    "wirewatch_batch_size",
    "Inputs an agent took per batch (state writes and regions.rolling records are coalesced per batch).",
    ["agent"],
    buckets=(1, 2, 5, 10, 50, 100, 250, 500, 1000, 2000),
    registry=REGISTRY,
)

# -- per topic and partition, from the Kafka client (TopicSensor) -------------------------------
PART_IN = Counter(
    "wirewatch_partition_messages_in_total", "Messages consumed, per topic and partition.",
    ["topic", "partition"], registry=REGISTRY,
)
PART_BYTES_IN = Counter(
    "wirewatch_partition_bytes_in_total", "Key + value bytes consumed, per topic and partition.",
    ["topic", "partition"], registry=REGISTRY,
)
PART_OUT = Counter(
    "wirewatch_partition_messages_out_total", "Messages produced (acknowledged), per topic and partition.",
    ["topic", "partition"], registry=REGISTRY,
)
PART_BYTES_OUT = Counter(
    "wirewatch_partition_bytes_out_total", "Key + value bytes produced (acknowledged), per topic and partition.",
    ["topic", "partition"], registry=REGISTRY,
)
SEND_ERRORS = Counter(
    "wirewatch_send_errors_total", "Messages the producer failed to deliver, per topic.", ["topic"], registry=REGISTRY
)


def render() -> bytes:
    return generate_latest(REGISTRY)


class TopicSensor(faust.Sensor):
    """Counts consumed and produced messages and bytes per topic and partition."""

    def on_message_in(self, tp: Any, offset: int, message: Any) -> None:
        part = str(tp.partition)
        PART_IN.labels(tp.topic, part).inc()
        size = (message.serialized_key_size or 0) + (message.serialized_value_size or 0)
        PART_BYTES_IN.labels(tp.topic, part).inc(size)

    def on_send_initiated(self, producer: Any, topic: str, message: Any, keysize: int, valsize: int) -> Any:
        return (topic, (keysize or 0) + (valsize or 0))

    def on_send_completed(self, producer: Any, state: Any, metadata: Any) -> None:
        size = state[1] if state else 0
        part = str(metadata.partition)
        PART_OUT.labels(metadata.topic, part).inc()
        PART_BYTES_OUT.labels(metadata.topic, part).inc(size)

    def on_send_error(self, producer: Any, exc: BaseException, state: Any) -> None:
        SEND_ERRORS.labels(state[0] if state else "unknown").inc()


# -- histogram quantiles (for the dashboard and `wirewatch top`) ----------------------------------
def histogram_buckets(hist: Histogram = LATENCY) -> dict[str, list[tuple[float, float]]]:
    """Cumulative ``(upper bound, count)`` buckets per ``stage`` label of a histogram."""
    out: dict[str, list[tuple[float, float]]] = {}
    for fam in hist.collect():
        for s in fam.samples:
            if s.name.endswith("_bucket"):
                stage = s.labels.get("stage", "")
                out.setdefault(stage, []).append((float(s.labels["le"]), s.value))
    return {k: sorted(v) for k, v in out.items()}


def quantile(q: float, buckets: list[tuple[float, float]]) -> float | None:
    """``histogram_quantile`` as Prometheus computes it (linear within the bucket); None when empty."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    total = buckets[-1][1]
    rank = q * total
    prev_bound, prev_count = 0.0, 0.0
    for bound, count in buckets:
        if count >= rank:
            if math.isinf(bound):
                return prev_bound  # above the highest finite bucket: its bound is the best we know
            if count == prev_count:
                return bound
            return prev_bound + (bound - prev_bound) * (rank - prev_count) / (count - prev_count)
        prev_bound, prev_count = bound, count
    return prev_bound


def observed(hist: Histogram = LATENCY) -> dict[str, dict]:
    """Per ``stage``: min, max and the last few values as measured (see ObservedHistogram)."""
    out: dict[str, dict] = {}
    with hist._lock:
        children = dict(hist._metrics)
    for labels, child in children.items():
        out[labels[0] if labels else ""] = {
            "min": getattr(child, "low", None),
            "max": getattr(child, "high", None),
            "recent": list(getattr(child, "recent", ())),
        }
    return out


def latency_summary() -> dict[str, dict]:
    """Per latency stage, in seconds: count; p50 / p99 (histogram estimates); min / max and
    ``recent`` (the last few values as measured, all of them while count <= RECENT_OBSERVATIONS)."""
    seen = observed()
    return {
        stage: {
            "p50": quantile(0.5, b),
            "p99": quantile(0.99, b),
            "count": b[-1][1] if b else 0,
            **seen.get(stage, {"min": None, "max": None, "recent": []}),
        }
        for stage, b in histogram_buckets().items()
    }


# -- scrape-time collectors ---------------------------------------------------------------------
class LagCollector(Collector):
    """Consumer lag, committed and end offsets from the last broker read of a LagMonitor."""

    def __init__(self) -> None:
        self.monitor: LagMonitor | None = None

    def collect(self) -> Iterable[GaugeMetricFamily]:
        lag = GaugeMetricFamily(
            "wirewatch_consumer_lag", "Messages not yet committed by the group (high watermark - committed offset).",
            labels=["group", "topic", "partition"],
        )
        committed = GaugeMetricFamily(
            "wirewatch_consumer_committed_offset", "The group's committed offset, read from the broker.",
            labels=["group", "topic", "partition"],
        )
        end = GaugeMetricFamily(
            "wirewatch_topic_end_offset", "High watermark (offset of the next message) per topic and partition.",
            labels=["topic", "partition"],
        )
        age = GaugeMetricFamily(
            "wirewatch_offsets_age_seconds", "Seconds since the offsets above were read from the broker.",
        )
        up = GaugeMetricFamily("wirewatch_offsets_up", "1 if the last offset read from the broker succeeded.")
        mon = self.monitor
        if mon is not None and mon.snapshot.at:
            snap = mon.snapshot
            for p in snap.partitions:
                end.add_metric([p.topic, str(p.partition)], p.end)
                if p.group is not None:
                    lag.add_metric([p.group, p.topic, str(p.partition)], p.lag or 0)
                    if p.committed is not None:
                        committed.add_metric([p.group, p.topic, str(p.partition)], p.committed)
            age.add_metric([], max(0.0, time.time() - snap.at))
            up.add_metric([], 0 if snap.error else 1)
        else:
            up.add_metric([], 0)
        return [lag, committed, end, age, up]


class TableCollector(Collector):
    """Sizes of this worker's tables (the partitions it holds)."""

    def __init__(self) -> None:
        self.stages: Stages | None = None

    def collect(self) -> Iterable[GaugeMetricFamily]:
        keys = GaugeMetricFamily("wirewatch_table_keys", "Keys held in this worker's table, per table.", labels=["table"])
        stories = GaugeMetricFamily(
            "wirewatch_region_table_stories", "Story versions counted in this worker's region tables."
        )
        st = self.stages
        if st is not None:
            try:
                keys.add_metric(["dedupe"], len(st.dedupe_table))
                keys.add_metric(["regions"], len(st.region_table))
                stories.add_metric([], st.region_tables.stories())
            except Exception:  # table not ready (rebalance): leave the samples out
                log.debug("table sizes unavailable", exc_info=True)
        return [keys, stories]


LAG_COLLECTOR = LagCollector()
TABLE_COLLECTOR = TableCollector()
REGISTRY.register(LAG_COLLECTOR)
REGISTRY.register(TABLE_COLLECTOR)

#: The topics whose consumer lag is reported: those the app's agents consume.
def group_topics() -> list[str]:
    from streams import topics

    return [topics.RAW.name, topics.NORMALIZED.name]


def install(app: faust.App, settings: "Settings", stages: "Stages", *, interval: float = 2.0) -> "LagMonitor":
    """Wire the sensor, the table collector and a periodic broker offset read into ``app``."""
    import mode

    from streams import topics
    from streams.lag import LagMonitor

    app.sensors.add(TopicSensor())
    monitor = LagMonitor(
        settings.bootstrap_servers,
        settings.app_id,
        [t.name for t in topics.ALL],
        group_topics(),
        interval=interval,
    )
    LAG_COLLECTOR.monitor = monitor
    TABLE_COLLECTOR.stages = stages

    @app.service
    class OffsetWatcher(mode.Service):
        """Reads offsets and lag from the broker every ``interval`` seconds."""

        async def on_stop(self) -> None:
            await monitor.close()

        @mode.Service.task
        async def _refresh(self) -> None:
            while not self.should_stop:
                await monitor.refresh()
                await self.sleep(interval)

    return monitor
