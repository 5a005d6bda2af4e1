"""Topics an operator created beforehand, with their own partition counts and limits.

Production clusters often forbid auto-creation and provision topics themselves: the
output topics may have fewer (or more) partitions than ``WIREWATCH_PARTITIONS``. The
worker keys its outputs over the partitions each topic really has (Kafka's default
partitioner), instead of crashing on a partition that does not exist.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import orjson
import pytest
from aiokafka.partitioner import murmur2

from streams import topics
from streams.broker import embedded_broker, ensure_topics
from streams.client import produce
from streams.settings import Settings
from tests.conftest import ARTIFACTS, committed_records

pytestmark = pytest.mark.integration

OUTPUTS = (topics.UNIQUE, topics.DUPLICATES, topics.CLASSIFIED, topics.REGIONS, topics.LATE, topics.DEADLETTER)


@pytest.fixture(scope="module")
def broker(broker_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A fresh broker whose output topics were created with 2 partitions (the worker is set to 4)."""
    ARTIFACTS.mkdir(exist_ok=True)
    b = embedded_broker(broker_kind, data_dir=tmp_path_factory.mktemp("precreated") / "kafka",
                        log_path=str(ARTIFACTS / f"broker-precreated-{broker_kind}.log")).start()
    try:
        settings = Settings(broker=b.url, broker_kind=broker_kind)
        asyncio.run(ensure_topics(settings.model_copy(update={"partitions": 2}), OUTPUTS))
        asyncio.run(_create_raw_with_a_small_record_limit(b.bootstrap))
        asyncio.run(ensure_topics(settings.model_copy(update={"partitions": 4})))  # the internal ones
        yield b
    finally:
        b.stop()


RAW_RECORD_LIMIT = 100_000  # the operator's max.message.bytes on wire.raw (Kafka's default is 1 MiB)


async def _create_raw_with_a_small_record_limit(bootstrap: str) -> None:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic("wire.raw", 4, 1, topic_configs={"max.message.bytes": str(RAW_RECORD_LIMIT)})])
    finally:
        await admin.close()


@pytest.fixture(scope="module")
def worker(worker_factory):
    return worker_factory("w1")  # WIREWATCH_PARTITIONS=4


def test_outputs_are_keyed_over_the_partitions_the_topics_have(broker, worker):
    towns = ["Kharkiv", "Odesa", "Kherson", "Sumy", "Dnipro", "Poltava", "Mykolaiv", "Zaporizhzhia"]
    asyncio.run(produce(broker.bootstrap, "wire.raw", [
        (town.encode(), b'{"headline": "Shelling in %s", "body": "Shelling killed %d people in %s on Monday."}'
         % (town.encode(), i + 2, town.encode()), {"content-type": b"application/json"})
        for i, town in enumerate(towns)]))

    async def read() -> list:
        for _ in range(60):
            recs = await committed_records(broker.bootstrap, "events.classified")
            if len(recs) >= len(towns):
                return recs
            await asyncio.sleep(0.5)
        return recs

    events = asyncio.run(read())
    assert len(events) == len(towns)  # the worker kept going: every story classified
    unique = asyncio.run(committed_records(broker.bootstrap, "wire.unique"))
    assert len(unique) == len(towns)
    for rec in [*events, *unique]:
        assert rec.partition == (murmur2(rec.key) & 0x7FFFFFFF) % 2, rec  # where Kafka's own clients put the key


def test_a_push_the_broker_refuses_is_answered_413_not_accepted(broker, worker):
    # The endpoint takes 2 MiB, the operator's wire.raw takes 100 KB: the broker's refusal
    # must reach the client (before, it was answered 202 and the push was lost).
    if broker.kind == "tansu":
        pytest.skip("Tansu does not enforce a topic's max.message.bytes")
    from tests.conftest import TOKEN
    from tests.integration.test_pipeline import _post

    body = orjson.dumps({"headline": "A long pushed dispatch", "body": "Shelling hit Izium, officials said. " * 6000})
    assert RAW_RECORD_LIMIT < len(body) < 2 * 1024 * 1024
    status, doc = _post(worker.url + "/ingest", body, "application/json", TOKEN)
    assert status == 413 and doc["reason"] == "too_large", doc
    status, doc = _post(worker.url + "/ingest", b'{"headline": "A short push", "body": "Clashes in Izium."}',
                        "application/json", TOKEN)
    assert status == 202, doc
