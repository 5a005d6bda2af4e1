"""What the bench and the chaos tests share: brokers, worker processes, sending inputs of
known outcome and reading every output back.

Plain aiokafka and subprocesses, as an operator (or any outside client) would do it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from benchmarks.known import Corpus
from streams.client import partitions

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ["wire.unique", "wire.duplicates", "wire.deadletter", "events.classified", "regions.rolling", "events.late"]
OUTPUTS = ["wire.unique", "wire.duplicates", "wire.deadletter"]
SEQ_HEADER = "bench-seq"  # our own header on wire.raw: which corpus input a raw record is


def make_broker(kind: str, tmp: Path, log_path: str | None = None):
    """A (not started) local broker of ``kind``: ``tansu`` or ``kafka``."""
    from streams import broker as b

    if hasattr(b, "embedded_broker"):
        return b.embedded_broker(kind, data_dir=tmp / "kafka", log_path=log_path)
    if kind == "kafka":  # pragma: no cover - before embedded_broker landed
        from streams.kafka import KafkaBroker

        return KafkaBroker(data_dir=tmp / "kafka", log_path=log_path)
    return b.EmbeddedBroker(log_path=log_path)


def worker_env(kind: str) -> dict[str, str]:
    from streams import broker as b

    if hasattr(b, "broker_env"):
        return b.broker_env(kind)
    return {"WIREWATCH_RECOVERY_CONSISTENCY_CHECK": "false"}  # pragma: no cover


class Worker:
    """``wirewatch worker`` in a subprocess (its own web port and data directory)."""

    def __init__(self, broker_url: str, kind: str, name: str, tmp: Path, partitions: int = 4, **env: str) -> None:
        from streams.broker import free_port

        self.name = name
        self.port = free_port()
        self.log_path = tmp / f"worker-{name}.log"
        self.env = {
            **os.environ,
            "WIREWATCH_BROKER": broker_url,
            "WIREWATCH_WEB_PORT": str(self.port),
            "WIREWATCH_DATA_DIR": str(tmp / name),
            "WIREWATCH_PARTITIONS": str(partitions),
            **worker_env(kind),
            **env,
        }
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, wait_ready: bool = True, timeout: float = 90) -> "Worker":
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker", "--loglevel", "info"],
                                     env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        if wait_ready:
            self.wait_ready(timeout)
        return self

    def health(self) -> dict | None:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1) as resp:
                return orjson.loads(resp.read())
        except (OSError, ValueError):
            return None

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited: see {self.log_path}")
            h = self.health()
            if h and h.get("ready", True):
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker {self.name} not ready within {timeout}s: see {self.log_path}")

    def kill(self) -> None:
        """kill -9."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def rss(self) -> tuple[int, int]:
        """(VmRSS, VmHWM) in bytes, from /proc: the worker's plus its child processes' (the
        offload pool, agents/prepare.py), so a pool is not memory left out."""
        assert self.proc
        total = [0, 0]
        for pid in [self.proc.pid, *_children(self.proc.pid)]:
            try:
                lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            except OSError:
                continue
            for line in lines:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM"):
                    total[k == "VmHWM"] += int(v.split()[0]) * 1024
        return total[0], total[1]

    def children(self) -> list[int]:
        assert self.proc
        return _children(self.proc.pid)


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):  # a child is listed under the thread that started it
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


# ---------------------------------------------------------------- sending


async def send_inputs(bootstrap: str, corpus: Corpus, *, rate: float | None = None, first_seq: int = 0,
                      indexes: Iterable[int] | None = None) -> dict[int, float]:
    """Write corpus inputs to ``wire.raw`` (all, or ``indexes``), each tagged with its corpus
    position (header ``bench-seq``). ``rate``: inputs per second (paced), else as fast as the
    producer goes. Returns {position: wall time sent}; inputs the broker refused are left out."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_request_size=8 * 1024 * 1024,
                                request_timeout_ms=60000)
    await producer.start()
    sent: dict[int, float] = {}
    futs = []
    try:
        t0 = time.perf_counter()
        for k, i in enumerate(indexes if indexes is not None else range(len(corpus.inputs))):
            inp = corpus.inputs[i]
            if rate:
                delay = t0 + k / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            headers = [*inp.headers.items(), (SEQ_HEADER, str(first_seq + i).encode())]
            sent[i] = time.time()
            futs.append((i, await producer.send("wire.raw", value=inp.value, key=inp.key, headers=headers)))
        for i, f in futs:
            try:
                await f
            except Exception:  # e.g. MessageSizeTooLarge on a broker with a 1 MiB limit
                sent.pop(i)
    finally:
        await producer.stop()
    return sent


# ---------------------------------------------------------------- reading


@dataclass
class Rec:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: dict[str, bytes]
    arrived: float  # wall time this reader got it


async def _assign_all(consumer: AIOKafkaConsumer, topics: list[str]) -> list[TopicPartition]:
    parts = await partitions(consumer, topics)
    consumer.assign(parts)
    await consumer.seek_to_beginning(*parts)
    return parts


class Reader:
    """Reads topics from the beginning in the background, keeping every record with its arrival time.

    ``read_committed`` on Kafka: what a transactional subscriber sees (aborted writes hidden).
    """

    def __init__(self, bootstrap: str, topics: list[str], *, read_committed: bool = False) -> None:
        self.bootstrap, self.topics = bootstrap, topics
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False, auto_offset_reset="earliest",
            isolation_level="read_committed" if read_committed else "read_uncommitted",
            fetch_max_wait_ms=20, max_partition_fetch_bytes=8 * 1024 * 1024, fetch_max_bytes=64 * 1024 * 1024,
        )
        self.records: list[Rec] = []
        self.by_topic: dict[str, list[Rec]] = defaultdict(list)
        self.last_offset: dict[tuple[str, int], int] = {}  # highest offset read per partition
        self.tags: set[bytes] = set()  # distinct wirewatch-input values seen on the output topics
        self.last_change = time.monotonic()
        self._task: asyncio.Task | None = None
        self.error: BaseException | None = None

    async def __aenter__(self) -> "Reader":
        await self.consumer.start()
        await _assign_all(self.consumer, self.topics)
        self._task = asyncio.create_task(self._run())
        return self

    async def _run(self) -> None:
        try:
            while True:
                batch = await self.consumer.getmany(timeout_ms=100, max_records=10000)
                now = time.time()
                for msgs in batch.values():
                    for m in msgs:
                        r = Rec(m.topic, m.partition, m.offset, m.key, m.value, dict(m.headers or ()), now)
                        self.records.append(r)
                        self.by_topic[m.topic].append(r)
                        if m.topic in OUTPUTS and r.headers.get("wirewatch-input") is not None:
                            self.tags.add(r.headers["wirewatch-input"])
                        if m.offset > self.last_offset.get((m.topic, m.partition), -1):
                            self.last_offset[(m.topic, m.partition)] = m.offset
                if batch:
                    self.last_change = time.monotonic()
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # surfaced by wait_for
            self.error = exc
            raise

    async def wait_for(self, cond, timeout: float, what: str = "condition") -> bool:
        deadline = time.monotonic() + timeout
        while not cond(self):
            if self.error:
                raise self.error
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.05)
        return True

    async def quiet(self, seconds: float, timeout: float = 120) -> None:
        """Until nothing new has arrived for ``seconds``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() - self.last_change < seconds and time.monotonic() < deadline:
            await asyncio.sleep(0.1)

    async def __aexit__(self, *exc: object) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except BaseException:
                pass
        await self.consumer.stop()


async def raw_positions(bootstrap: str, n_first: int = 0) -> dict[int, tuple[int, int]]:
    """Corpus position -> (partition, offset) on wire.raw, read back from the broker (header ``bench-seq``)."""
    out: dict[int, tuple[int, int]] = {}
    async with Reader(bootstrap, ["wire.raw"]) as r:
        await r.quiet(1.0)
    for rec in r.records:
        seq = rec.headers.get(SEQ_HEADER)
        if seq is not None:
            out[int(seq) - n_first] = (rec.partition, rec.offset)
    return out


async def list_topics(bootstrap: str) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return sorted(await admin.list_topics())
    finally:
        await admin.close()


async def count_records(bootstrap: str, *, exclude_prefixes: tuple[str, ...] = ("__", "bench.")) -> dict[str, int]:
    """Records stored per topic (every topic but the broker's own and the baselines'), by reading them.

    Read rather than taken from end offsets: Tansu's ListOffsets answer counts record
    batches, and on Kafka transaction markers take offsets too. Read uncommitted: aborted
    writes were written as well.
    """
    topics = [t for t in await list_topics(bootstrap) if not t.startswith(exclude_prefixes)]
    async with Reader(bootstrap, topics) as r:
        await r.quiet(1.5)
    counts = {t: 0 for t in topics}
    for rec in r.records:
        counts[rec.topic] += 1
    return counts


async def end_offsets(bootstrap: str, topics: list[str]) -> dict[str, int]:
    c = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await c.start()
    try:
        parts = await _assign_all(c, topics)
        ends = await c.end_offsets(parts)
        out: dict[str, int] = defaultdict(int)
        for tp, off in ends.items():
            out[tp.topic] += off
        return dict(out)
    finally:
        await c.stop()


async def committed(bootstrap: str, group: str, topics: list[str]) -> dict[tuple[str, int], int]:
    """The consumer group's committed offsets (-1: none)."""
    c = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await c.start()
    await admin.start()
    try:
        parts = await _assign_all(c, topics)
        got = await admin.list_consumer_group_offsets(group, partitions=parts)
        return {(tp.topic, tp.partition): (meta.offset if meta is not None else -1) for tp, meta in got.items()}
    finally:
        await admin.close()
        await c.stop()


def percentile(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = min(len(s) - 1, max(0, int(round(q / 100 * (len(s) - 1)))))
    return s[k]


def tagged_counts(records: Iterable[Rec]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for r in records:
        out[r.topic] += 1
    return out


def decode(rec: Rec):
    return orjson.loads(rec.value) if rec.value else None
