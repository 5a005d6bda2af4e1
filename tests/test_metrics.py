"""Metrics helpers: histogram quantiles, late items, lag arithmetic, the /metrics text and the CLI views."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Histogram

from streams import metrics
from streams.lag import LagMonitor, LagSnapshot, PartitionOffsets
from streams.top import render_top, topics_json


def test_quantile_interpolates_like_prometheus():
    reg = CollectorRegistry()
    h = Histogram("x_seconds", "x", ["stage"], buckets=(0.1, 0.5, 1.0), registry=reg)
    for v in (0.05, 0.2, 0.3, 0.4, 0.8):
        h.labels("a").observe(v)
    [b] = metrics.histogram_buckets(h).values()
    assert b == [(0.1, 1.0), (0.5, 4.0), (1.0, 5.0), (float("inf"), 5.0)]
    assert abs(metrics.quantile(0.5, b) - (0.1 + 0.4 * (2.5 - 1) / 3)) < 1e-9
    assert abs(metrics.quantile(0.99, b) - (0.5 + 0.5 * (4.95 - 4) / 1)) < 1e-9
    assert metrics.quantile(0.5, [(0.1, 0.0), (float("inf"), 0.0)]) is None


def test_lag_is_high_watermark_minus_committed():
    assert PartitionOffsets("t", 0, end=10, committed=7, group="g").lag == 3
    assert PartitionOffsets("t", 0, end=10, committed=None, group="g").lag == 10  # nothing committed: all of it
    assert PartitionOffsets("t", 0, end=5, committed=7, group="g").lag == 0  # never negative
    assert PartitionOffsets("t", 0, end=5).lag is None  # not a group topic


def test_lag_collector_exports_broker_offsets():
    mon = LagMonitor("127.0.0.1:1", "wirewatch", ["wire.raw"], ["wire.raw"])
    mon.snapshot = LagSnapshot(
        time.time(), [PartitionOffsets("wire.raw", 0, 12, 9, "wirewatch"), PartitionOffsets("wire.raw", 1, 4, None, "wirewatch")]
    )
    old, metrics.LAG_COLLECTOR.monitor = metrics.LAG_COLLECTOR.monitor, mon
    try:
        text = metrics.render().decode()
    finally:
        metrics.LAG_COLLECTOR.monitor = old
    assert 'wirewatch_consumer_lag{group="wirewatch",partition="0",topic="wire.raw"} 3.0' in text
    assert 'wirewatch_consumer_lag{group="wirewatch",partition="1",topic="wire.raw"} 4.0' in text
    assert 'wirewatch_consumer_committed_offset{group="wirewatch",partition="0",topic="wire.raw"} 9.0' in text
    assert 'wirewatch_topic_end_offset{partition="0",topic="wire.raw"} 12.0' in text
    assert "wirewatch_offsets_up 1.0" in text
    assert "_created" not in text


def test_throughput_from_end_offset_growth():
    mon = LagMonitor("127.0.0.1:1", "g", ["t"], [], interval=1.0)
    now = time.time()
    for i in range(6):
        mon._history.append((now - 5 + i, {"t": 10 * i}))  # 10 messages per second
    tp = mon.throughput(points=3, step=2.0)
    assert tp["topics"]["t"] == [10.0, 10.0, 10.0] or tp["topics"]["t"][-2:] == [10.0, 10.0]
    assert tp["now"]["t"] == 10.0


def test_prometheus_names_follow_conventions():
    text = metrics.render().decode()
    names = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE")}
    types = {line.split()[2]: line.split()[3] for line in text.splitlines() if line.startswith("# TYPE")}
    assert all(n.startswith("wirewatch_") for n in names)
    for n, t in types.items():
        assert (t == "counter") == n.endswith("_total"), n  # counters and only counters end in _total
    for needed in ("wirewatch_partition_messages_in_total", "wirewatch_partition_bytes_out_total", "wirewatch_late_items_total",
                   "wirewatch_latency_seconds", "wirewatch_consumer_lag", "wirewatch_dedupe_total", "wirewatch_deadletters_total",
                   "wirewatch_labels_total", "wirewatch_agent_errors_total", "wirewatch_table_keys"):
        assert needed in names, needed


def test_top_and_topics_render_from_stats_and_offsets():
    from rich.console import Console

    offsets = [PartitionOffsets("wire.raw", 0, 5, 3, "wirewatch"), PartitionOffsets("events.classified", 0, 2)]
    stats = {"worker": {"id": "w:1", "app_id": "wirewatch"}, "latency": {"classified": {"p50": 0.02, "p99": 0.2, "count": 50, "min": 0.01, "max": 0.3}},
             "in": {"wire.raw": 5}, "out": {}, "labels": {"battle": 2}, "dedupe_outcomes": {"new": 2},
             "deadletters": {}, "regions": [], "recent": [], "throughput": {"now": {"wire.raw": 1.5}}}
    console = Console(record=True, width=200)
    console.print(render_top(stats, offsets))
    out = console.export_text()
    assert "lag 2" in out and "p50 20 ms / p99 200 ms (50 items)" in out and "label battle" in out
    doc = topics_json(offsets)
    assert doc["wire.raw"]["lag"] == 2 and doc["events.classified"]["lag"] is None


# prometheus.yml against docker-compose.yml: tests/test_compose.py
