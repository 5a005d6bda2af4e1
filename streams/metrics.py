"""Prometheus metrics of the worker (served on ``/metrics``).

Names follow Prometheus conventions: ``wirewatch_`` prefix, ``_total`` for
counters, base units (seconds, bytes).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

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
AGENT_ERRORS = Counter(
    "wirewatch_agent_errors_total", "Unexpected errors caught in an agent, per stage.", ["stage"], registry=REGISTRY
)
LATENCY = Histogram(
    "wirewatch_latency_seconds",
    "Time from receipt of the raw input to a stage's output, per stage.",
    ["stage"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
REGION_CELLS = Gauge(
    "wirewatch_region_regions", "Regions held in this worker's region tables.", registry=REGISTRY
)


def render() -> bytes:
    return generate_latest(REGISTRY)
