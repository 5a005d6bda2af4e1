"""Dashboard pieces that need no browser: the inlined first frame and the latency figures."""

from __future__ import annotations

from importlib import resources

import orjson
from prometheus_client import CollectorRegistry

from streams import dashboard, metrics

PAGE = resources.files("streams").joinpath("static/dashboard.html").read_bytes()


def test_page_carries_the_current_state():
    assert PAGE.count(dashboard.INITIAL_MARK) == 1
    state = {"time": 1.0, "worker": {"pid": 1}, "recent": [{"headline": "</script><script>alert(1)</script>"}]}
    html = dashboard.render_page(PAGE, state)
    assert dashboard.INITIAL_MARK not in html
    assert b"</script><script>alert(1)" not in html  # cannot close the script element early
    start = html.index(b"const INITIAL = ") + len(b"const INITIAL = ")
    inlined = html[start: html.index(b";\n", start)]
    assert orjson.loads(inlined.replace(b"<\\/", b"</")) == state


def test_latency_keeps_what_was_measured():
    hist = metrics.ObservedHistogram("t_latency_seconds", "t", ["stage"], buckets=(1, 5, 10), registry=CollectorRegistry())
    hist.labels("classified").observe(7.5)
    buckets = metrics.histogram_buckets(hist)["classified"]
    assert metrics.quantile(0.99, buckets) != 7.5  # the estimate is not what was measured...
    seen = metrics.observed(hist)["classified"]
    assert seen == {"min": 7.5, "max": 7.5, "recent": [7.5]}  # ...these are
    for v in (0.5, 2.0, 3.0):
        hist.labels("classified").observe(v)
    seen = metrics.observed(hist)["classified"]
    assert seen["min"] == 0.5 and seen["max"] == 7.5 and seen["recent"] == [7.5, 0.5, 2.0, 3.0]
    for v in range(20):
        hist.labels("classified").observe(1.0)
    assert len(metrics.observed(hist)["classified"]["recent"]) == metrics.RECENT_OBSERVATIONS


def test_latency_summary_has_count_min_max_recent():
    metrics.LATENCY.labels("unit-test").observe(0.25)
    try:
        summary = metrics.latency_summary()["unit-test"]
    finally:
        metrics.LATENCY.remove("unit-test")
    assert summary["count"] == 1 and summary["min"] == summary["max"] == 0.25 and summary["recent"] == [0.25]
    assert {"p50", "p99"} <= set(summary)
