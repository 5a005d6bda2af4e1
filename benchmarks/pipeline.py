"""Pipeline benchmark: raw aiokafka passthrough baseline vs the full wirewatch pipeline.

Both run in one invocation on the same fresh embedded broker (or
WIREWATCH_BROKER), with the same synthetic corpus of ~2 KB wire items:

1. **baseline** - an aiokafka consumer reads the corpus from one topic and an
   aiokafka producer writes every message to another (no parsing): the
   ceiling any Kafka stage on this machine can reach.
2. **pipeline** - a real ``wirewatch worker`` process (all agents) is started
   and warmed up, the corpus is written to ``wire.raw``, and the clock stops
   when every item has come out of the dedupe/classify stage (on
   ``events.classified`` or ``wire.duplicates``) and the region tables have
   caught up (``regions.rolling`` stops growing).

Run: ``wirewatch bench`` or ``python -m benchmarks.pipeline``.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from benchmarks.corpus import corpus
from streams.broker import EmbeddedBroker, ensure_topics, free_port
from streams.client import produce
from streams.settings import Settings

PARTITIONS = 4


async def baseline(bootstrap: str, payloads: list[bytes]) -> float:
    """items/s of a plain aiokafka consume -> produce loop over the corpus."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic("bench.in", PARTITIONS, 1), NewTopic("bench.out", PARTITIONS, 1)])
    await admin.close()
    await produce(bootstrap, "bench.in", [(str(i).encode(), p, {}) for i, p in enumerate(payloads)])
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest")
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await consumer.start()
    await producer.start()
    try:
        consumer.assign([TopicPartition("bench.in", p) for p in range(PARTITIONS)])
        t0, seen = time.perf_counter(), 0
        while seen < len(payloads):
            batch = await consumer.getmany(timeout_ms=1000, max_records=2000)
            futs = [await producer.send("bench.out", m.value, key=m.key) for msgs in batch.values() for m in msgs]
            seen += len(futs)
        await producer.flush()
        return len(payloads) / (time.perf_counter() - t0)
    finally:
        await consumer.stop()
        await producer.stop()


class _Counter:
    """Counts records arriving on topics from now on, with a plain consumer.

    Counting records (not end offsets) matters on Tansu: its ListOffsets answer
    counts record *batches*, so end offsets undercount what was written.
    """

    def __init__(self, bootstrap: str, topics: list[str]) -> None:
        self.consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
        self.topics = topics
        self.count = 0
        self.last_change = time.perf_counter()
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> "_Counter":
        from streams.client import _partitions

        await self.consumer.start()
        parts = await _partitions(self.consumer, self.topics)
        self.consumer.assign(parts)
        await self.consumer.seek_to_end(*parts)
        for tp in parts:  # resolve positions now, before anything new is written
            await self.consumer.position(tp)
        self._task = asyncio.create_task(self._run())
        return self

    async def _run(self) -> None:
        while True:
            batch = await self.consumer.getmany(timeout_ms=200, max_records=5000)
            n = sum(len(v) for v in batch.values())
            if n:
                self.count += n
                self.last_change = time.perf_counter()

    async def __aexit__(self, *exc: object) -> None:
        if self._task:
            self._task.cancel()
        await self.consumer.stop()


async def pipeline(bootstrap: str, url: str, payloads: list[bytes], timeout: float = 600) -> tuple[float, float, int]:
    """(items/s through dedupe+classify, items/s including region tables, region updates)."""
    msgs = [(b"bench", p, {"content-type": b"application/json", "wirewatch-source": b"bench"}) for p in payloads]
    async with _Counter(bootstrap, ["events.classified", "wire.duplicates", "wire.deadletter"]) as out, _Counter(
        bootstrap, ["regions.rolling"]
    ) as rolling:
        t0 = time.perf_counter()
        await produce(bootstrap, "wire.raw", msgs)
        while out.count < len(payloads):
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"pipeline stalled: {out.count}/{len(payloads)} items out")
            await asyncio.sleep(0.05)
        t_classified = out.last_change - t0
        # The region tables trail by one hop: wait until regions.rolling has been quiet for 1 s.
        while time.perf_counter() - rolling.last_change < 1.0:
            await asyncio.sleep(0.1)
        t_regions = max(rolling.last_change - t0, t_classified)  # the tables finish after the last item
    return len(payloads) / t_classified, len(payloads) / t_regions, rolling.count


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("worker exited during start-up")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("worker did not start")


def main(items: int = 5000, duplicate_ratio: float = 0.1) -> dict:
    docs = corpus(items, duplicate_ratio=duplicate_ratio)
    payloads = [orjson.dumps(d) for d in docs]
    size = sum(map(len, payloads)) / len(payloads)
    print(f"corpus: {items} items, {size:,.0f} B average, {duplicate_ratio:.0%} re-sends")
    own_broker = None
    bootstrap = os.environ.get("WIREWATCH_BROKER")
    if not bootstrap:
        own_broker = EmbeddedBroker().start()
        bootstrap = own_broker.url
    settings = Settings(broker=bootstrap, partitions=PARTITIONS)
    worker = None
    try:
        asyncio.run(ensure_topics(settings))
        base = asyncio.run(baseline(settings.bootstrap_servers, payloads))
        print(f"baseline  aiokafka consume->produce passthrough: {base:10,.0f} items/s", flush=True)
        port = free_port()
        env = {**os.environ, "WIREWATCH_BROKER": bootstrap, "WIREWATCH_WEB_PORT": str(port),
               "WIREWATCH_PARTITIONS": str(PARTITIONS), "WIREWATCH_APP_ID": "wirewatch-bench",
               "WIREWATCH_DATA_DIR": tempfile.mkdtemp(prefix="wirewatch-bench-")}
        log = open(Path(env["WIREWATCH_DATA_DIR"]) / "worker.log", "wb")
        worker = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker", "--loglevel", "info"], env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        _wait_http(url, worker)
        warm = [orjson.dumps({**d, "guid": "warm-" + d["guid"]}) for d in corpus(200, duplicate_ratio=0, seed=99)]
        asyncio.run(pipeline(settings.bootstrap_servers, url, warm))  # first run joins the group and warms caches
        classified, with_regions, updates = asyncio.run(pipeline(settings.bootstrap_servers, url, payloads))
        print(f"pipeline  raw -> normalize -> dedupe+classify:     {classified:10,.0f} items/s")
        print(f"pipeline  ... including region tables:             {with_regions:10,.0f} items/s ({updates} region updates)")
        print(f"ratio     pipeline / baseline:                     {classified / base:10.3f}")
        return {"baseline": base, "pipeline": classified, "pipeline_regions": with_regions, "ratio": classified / base}
    finally:
        if worker:
            worker.terminate()
            worker.wait(20)
        if own_broker:
            own_broker.stop()


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=5000)
    ap.add_argument("--duplicate-ratio", type=float, default=0.1)
    a = ap.parse_args()
    main(a.items, a.duplicate_ratio)
