"""Topics an operator created beforehand, with their own partition counts.

Production clusters often forbid auto-creation and provision topics themselves: the
output topics may have fewer (or more) partitions than ``WIREWATCH_PARTITIONS``. The
worker keys its outputs over the partitions each topic really has (Kafka's default
partitioner), instead of crashing on a partition that does not exist.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

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
        asyncio.run(ensure_topics(settings.model_copy(update={"partitions": 4})))  # wire.raw and the internal ones
        yield b
    finally:
        b.stop()


def test_outputs_are_keyed_over_the_partitions_the_topics_have(broker, worker_factory):
    worker_factory("w1")  # WIREWATCH_PARTITIONS=4
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
