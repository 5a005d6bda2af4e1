"""The local brokers themselves: the Apache Kafka one keeps its data across a restart."""

from __future__ import annotations

import asyncio
import time

import pytest

from streams.client import produce
from tests.conftest import committed_records, only_on, start_broker

pytestmark = pytest.mark.integration


@only_on("kafka")  # Tansu keeps everything in memory: a restarted Tansu is empty by design
def test_kafka_keeps_topics_and_records_across_a_restart(broker_kind, tmp_path):
    b = start_broker("kafka", tmp_path, name="broker-restart")
    try:
        first_start = b.started_in
        cluster = b.cluster_id()
        asyncio.run(produce(b.bootstrap, "wire.raw", [(b"k", b"kept across a restart", {})]))
        b.stop()
        t0 = time.monotonic()
        b.start()
        restart = time.monotonic() - t0
        assert b.cluster_id() == cluster  # formatted once per data dir
        records = asyncio.run(committed_records(b.bootstrap, "wire.raw"))
        assert [r.value for r in records] == [b"kept across a restart"]
        print(f"Kafka: first start {first_start:.1f}s (format included), restart {restart:.1f}s")
    finally:
        b.stop()
