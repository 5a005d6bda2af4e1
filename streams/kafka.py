"""A local Apache Kafka (4.4.0, KRaft, one combined broker+controller node) in a subprocess.

The jars come from Maven Central through the project's own ``pom.xml``
(``mvn -q dependency:copy-dependencies`` into ``.kafka/lib``, once; Maven's
``~/.m2`` caches the downloads). The storage is formatted once per data
directory (cluster id kept in ``<data dir>/cluster.id``), so the data survives a
restart. :class:`KafkaBroker` has the interface of :class:`streams.broker.EmbeddedBroker`
(``start``/``stop``/``bootstrap``/``url``, context manager).

``KAFKA_CONFIG`` is the one source of the broker settings that docker-compose.yml
repeats as ``KAFKA_*`` variables (tests/test_compose.py checks they agree).
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import logging
import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

from agents.formats.base import MAX_PAYLOAD_BYTES
from streams.broker import LocalBroker, _die_with_parent, free_port

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
POM = ROOT / "pom.xml"
KAFKA_HOME = Path(os.environ.get("WIREWATCH_KAFKA_HOME") or ROOT / ".kafka")
KAFKA_VERSION = "4.4.0"
NODE_ID = 1

#: Room for a record's key, headers and batch framing above its value, wherever a size limit
#: must take a payload of a given size (the broker's message.max.bytes, the worker's producer).
RECORD_HEADROOM = 64 * 1024

# Settings shared by the local broker and docker-compose.yml, where each is a KAFKA_<NAME> variable
# (single node: replication 1 everywhere). Listeners, ports and paths are each one's own.
KAFKA_CONFIG: dict[str, str] = {
    "process.roles": "broker,controller",
    "node.id": str(NODE_ID),
    "controller.listener.names": "CONTROLLER",
    "auto.create.topics.enable": "false",  # wirewatch creates its topics with the configured partitions
    "num.partitions": "4",
    "offsets.topic.replication.factor": "1",
    "offsets.topic.num.partitions": "4",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "transaction.state.log.num.partitions": "4",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
    "group.initial.rebalance.delay.ms": "0",  # workers join one by one anyway; no point waiting
    # A raw input may be as large as the parsers read (2 MiB, agents/formats/base.py) plus its
    # record's overhead; Kafka's default (1 MiB) would refuse the larger pushes the endpoint accepts.
    "message.max.bytes": str(MAX_PAYLOAD_BYTES + RECORD_HEADROOM),
}

# The local broker only: small thread pools (it shares 2 cores with the workers and the tests).
LOCAL_CONFIG: dict[str, str] = {
    "num.network.threads": "2",
    "num.io.threads": "2",
    "background.threads": "2",
    "num.recovery.threads.per.data.dir": "1",
    "log.cleaner.threads": "1",
}

JVM_OPTS = [
    "-Xms128m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-XX:CICompilerCount=2",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
]

LOG4J2 = """\
status = warn
shutdownHook = disable
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = {level}
rootLogger.appenderRef.out.ref = out
logger.kafka.name = kafka
logger.kafka.level = {level}
logger.kafka-org.name = org.apache.kafka
logger.kafka-org.level = {level}
logger.state.name = state.change.logger
logger.state.level = warn
"""


def compose_env(config: dict[str, str] = KAFKA_CONFIG) -> dict[str, str]:
    """``KAFKA_CONFIG`` as the apache/kafka image's environment variables (``a.b_c`` -> ``KAFKA_A_B__C``)."""
    return {"KAFKA_" + k.replace("_", "__").replace(".", "_").upper(): v for k, v in config.items()}


def java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def available() -> bool:
    """Can this machine run the local Kafka? (a JDK, and the jars or Maven to fetch them)."""
    return java() is not None and (_jars_ready() or (shutil.which("mvn") is not None and POM.exists()))


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()[:16] if POM.exists() else "no-pom"


def _jars_ready() -> bool:
    stamp = KAFKA_HOME / "lib" / ".complete"
    return stamp.exists() and stamp.read_text().strip() == _pom_digest()


def ensure_jars() -> Path:
    """Kafka's jars in ``.kafka/lib``, fetched by Maven on first use (and when pom.xml changes)."""
    lib = KAFKA_HOME / "lib"
    if _jars_ready():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise RuntimeError("the local Kafka needs Maven once to fetch its jars (apt-get install maven), or set WIREWATCH_BROKER_KIND=tansu")
    KAFKA_HOME.mkdir(parents=True, exist_ok=True)
    with open(KAFKA_HOME / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes fetching at once: the second waits, then finds them
        if _jars_ready():
            return lib
        shutil.rmtree(lib, ignore_errors=True)
        log.warning("fetching Apache Kafka %s with Maven into %s (once)", KAFKA_VERSION, lib)
        t0 = time.monotonic()
        proc = subprocess.run(
            [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies", f"-Dkafka.lib={lib}"],
            capture_output=True, text=True,
        )
        if proc.returncode != 0 or not list(lib.glob("kafka_2.13-*.jar")):
            raise RuntimeError(f"mvn could not fetch Kafka:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
        (lib / ".complete").write_text(_pom_digest())
        log.warning("fetched Kafka in %.1fs", time.monotonic() - t0)
    return lib


def new_cluster_id() -> str:
    """Kafka's cluster id format: a random UUID, URL-safe base64 without padding (22 chars).

    Never one that starts with "-", as Kafka's own ``Uuid.randomUuid()`` avoids: the
    StorageTool would read ``-t -abc...`` as an option (1 id in 64; seen as a failed format).
    """
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cid.startswith("-"):
            return cid


class KafkaBroker(LocalBroker):
    """Apache Kafka (KRaft, one node) on a local port, its data under ``data_dir``. Use as a context manager.

    ``data_dir`` defaults to ``<WIREWATCH_DATA_DIR>/kafka``: a second start on the same
    directory keeps every topic and committed offset.
    """

    kind = "kafka"
    stop_timeout = 30.0  # controlled shutdown: logs flushed, clean-shutdown marker

    def __init__(
        self,
        port: int | None = None,
        *,
        host: str = "127.0.0.1",
        data_dir: str | Path | None = None,
        log_path: str | None = None,
        log_level: str = "warn",
    ) -> None:
        from streams.settings import Settings

        super().__init__(port, host=host, log_path=log_path)
        self.data_dir = Path(data_dir) if data_dir else Settings().data_dir / "kafka"
        self.log_level = log_level
        self.controller_port: int | None = None
        self.started_in: float | None = None  # seconds from spawn to answering clients

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def server_properties(self) -> dict[str, str]:
        assert self.controller_port
        return {
            **KAFKA_CONFIG,
            **LOCAL_CONFIG,
            "listeners": f"PLAINTEXT://{self.host}:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://{self.host}:{self.port}",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name": "PLAINTEXT",
            # Static voters: only the node id is recorded in the log, so the ports may change between runs.
            "controller.quorum.voters": f"{NODE_ID}@127.0.0.1:{self.controller_port}",
            "log.dirs": str(self.log_dir),
        }

    def _write_config(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "server.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in self.server_properties().items()))
        (self.data_dir / "log4j2.properties").write_text(LOG4J2.format(level=self.log_level))
        return path

    def _java(self, main: str, *args: str) -> list[str]:
        jvm = java()
        if jvm is None:
            raise RuntimeError("the local Kafka needs a JDK (java on PATH or JAVA_HOME), or set WIREWATCH_BROKER_KIND=tansu")
        lib = ensure_jars()
        return [
            jvm, *JVM_OPTS,
            f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.properties'}",
            "-cp", f"{lib}/*", main, *args,
        ]

    def cluster_id(self) -> str:
        """Stable per data directory: made once, kept in ``cluster.id``."""
        path = self.data_dir / "cluster.id"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(new_cluster_id())
        return path.read_text().strip()

    def format_storage(self, config: Path) -> None:
        if (self.log_dir / "meta.properties").exists():
            return  # formatted before: keep the data
        proc = subprocess.run(
            self._java("kafka.tools.StorageTool", "format", f"--cluster-id={self.cluster_id()}", "--config", str(config)),
            capture_output=True, text=True, timeout=120,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"kafka storage format failed:\n{proc.stdout}\n{proc.stderr}")

    def start(self, timeout: float = 90.0) -> "KafkaBroker":
        t0 = time.monotonic()
        self.controller_port = free_port()
        config = self._write_config()
        self.format_storage(config)
        out = open(self.log_path, "ab") if self.log_path else None  # None: the terminal sees Kafka's log
        self.proc = subprocess.Popen(
            self._java("kafka.Kafka", str(config)), stdout=out, stderr=subprocess.STDOUT if out else None,
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Kafka exited with code {self.proc.returncode} (log: {self.log_path or 'above'})")
            if self._answers():
                self.started_in = time.monotonic() - t0
                log.info("Kafka on %s answered after %.1fs", self.bootstrap, self.started_in)
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Kafka did not answer on {self.bootstrap} within {timeout}s")

    def _answers(self) -> bool:
        """The broker is registered and serves metadata (not merely listening)."""
        try:
            socket.create_connection((self.host, self.port), timeout=0.2).close()
        except OSError:
            return False
        import asyncio

        from aiokafka import AIOKafkaClient

        async def probe() -> bool:
            client = AIOKafkaClient(bootstrap_servers=self.bootstrap, request_timeout_ms=2000)
            try:
                await client.bootstrap()
                return bool(client.cluster.brokers())
            except Exception:
                return False
            finally:
                await client.close()

        return asyncio.run(probe()) if not _loop_running() else _in_thread(probe)


def _loop_running() -> bool:
    import asyncio

    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


def _in_thread(coro_fn) -> bool:
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as ex:
        return ex.submit(asyncio.run, coro_fn()).result()
