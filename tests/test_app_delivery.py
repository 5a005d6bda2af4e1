"""Delivery fixes on top of Faust, without a broker: repeats skipped, commits past skipped
markers, and a producer-buffer flush that hands over every buffered message."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from faust.transport.drivers.aiokafka import Consumer as AIOKafkaConsumer
from faust.transport.producer import ProducerBuffer
from faust.types import TP
from intervaltree import IntervalTree

from agents.pipeline import Redeliveries
from streams.app import _complete_buffer_flush, _source_consumer


def test_a_message_seen_again_in_the_same_generation_is_a_repeat() -> None:
    seen = Redeliveries()
    assert [seen.seen("wire.raw", 3, o, 2) for o in (158, 159, 160, 161, 162)] == [False] * 5
    assert seen.seen("wire.raw", 3, 162, 2)  # the last record handed over again
    assert seen.seen("wire.raw", 3, 160, 2)
    assert not seen.seen("wire.raw", 0, 162, 2)  # another partition has its own offsets
    assert not seen.seen("wire.raw", 3, 165, 2)  # a jump (markers skipped) is not a repeat


def test_a_new_generation_starts_afresh() -> None:
    seen = Redeliveries()
    assert not seen.seen("wirewatch.normalized", 0, 489, 2)
    assert seen.seen("wirewatch.normalized", 0, 489, 2)
    # after a rebalance Faust seeks back to the committed offsets: those messages are due again
    assert not seen.seen("wirewatch.normalized", 0, 480, 3)
    assert not seen.seen("wirewatch.normalized", 0, 489, 3)


def _consumer(committed: int, acked: list[int], unacked_offsets: list[int] = ()):  # type: ignore[no-untyped-def]
    cls = _source_consumer(AIOKafkaConsumer)
    c = cls.__new__(cls)  # the commit arithmetic only: no transport, no thread
    tp = TP("wirewatch.normalized", 0)
    c._acked = {tp: list(acked)}
    c._acked_index = {tp: set(acked)}
    c._committed_offset = {tp: committed}
    c._gap = {tp: IntervalTree()}
    c._unacked_messages = [SimpleNamespace(tp=tp, offset=o) for o in unacked_offsets]
    return c, tp


def test_commits_pass_markers_before_the_first_message_after_a_seek() -> None:
    # Committed 361 is a commit marker (so are 362, 363): the first message delivered is 364.
    c, tp = _consumer(361, list(range(364, 379)))
    assert c._new_offset(tp) == 379


def test_commits_wait_for_a_message_still_in_processing() -> None:
    # 362 was delivered and is not acknowledged yet: nothing past it may be committed.
    c, tp = _consumer(361, list(range(364, 379)), unacked_offsets=[362])
    assert c._new_offset(tp) is None


@pytest.mark.asyncio
async def test_a_flush_hands_over_every_buffered_message() -> None:
    _complete_buffer_flush()
    published: list[int] = []

    class SlowChannel:  # a send that takes longer than Faust's 0.1 s patience
        async def publish_message(self, fut, wait: bool = False) -> None:  # type: ignore[no-untyped-def]
            await asyncio.sleep(0.25)
            published.append(fut.n)

    buffer = ProducerBuffer()
    buffer.app = SimpleNamespace(conf=SimpleNamespace(producer_threaded=False))
    await buffer.start()
    try:
        for n in range(3):
            buffer.put(SimpleNamespace(n=n, message=SimpleNamespace(channel=SlowChannel())))
        await buffer.flush()
        assert published == [0, 1, 2]
        assert buffer.size == 0
    finally:
        await buffer.stop()


class _Client:  # the Kafka client in its thread: which partitions it fetches
    def __init__(self, assigned: set) -> None:
        self.assigned, self.paused = assigned, set()

    def assignment(self) -> set:
        return self.assigned

    def pause(self, *tps) -> None:  # type: ignore[no-untyped-def]
        self.paused |= {(tp.topic, tp.partition) for tp in tps}

    def resume(self, *tps) -> None:  # type: ignore[no-untyped-def]
        self.paused -= {(tp.topic, tp.partition) for tp in tps}


class _Thread:
    def __init__(self, client: _Client) -> None:
        self.client = client

    def _ensure_consumer(self) -> _Client:
        return self.client

    async def call_thread(self, fun):  # type: ignore[no-untyped-def]
        return fun()


@pytest.mark.asyncio
async def test_stream_partitions_stay_paused_while_they_are_seeked() -> None:
    from streams.app import _fresh_acks_consumer

    raw, normalized, changelog = TP("wire.raw", 0), TP("wirewatch.normalized", 0), TP("app-dedupe-changelog", 0)

    class FaustLike:  # the part of Faust's Consumer that perform_seek touches
        def __init__(self) -> None:
            self.app = SimpleNamespace(tables=SimpleNamespace(changelog_topics={changelog.topic}))
            self._active = {raw, normalized, changelog}  # Faust resumed the streams just before
            self._thread = _Thread(_Client({raw, normalized, changelog}))
            self.active_during_seek: set = set()
            self.client_paused_during_seek: set = set()

        def _get_active_partitions(self) -> set:
            return self._active

        def pause_partitions(self, tps) -> None:  # type: ignore[no-untyped-def]
            self._active -= set(tps)

        def resume_partitions(self, tps) -> None:  # type: ignore[no-untyped-def]
            self._active |= set(tps)

        async def perform_seek(self) -> None:
            await asyncio.sleep(0)  # the broker round trip: the fetcher runs meanwhile
            self.active_during_seek = set(self._active)
            self.client_paused_during_seek = set(self._thread.client.paused)

    consumer = _fresh_acks_consumer(FaustLike)()
    await consumer.perform_seek()
    assert consumer.active_during_seek == {changelog}  # nothing handed to the streams mid-seek
    # nor drained by the client, where Faust would drop it after the client moved past it
    assert consumer.client_paused_during_seek == {tuple(raw), tuple(normalized)}
    assert consumer._get_active_partitions() == {raw, normalized, changelog}
    assert consumer._thread.client.paused == set()


@pytest.mark.asyncio
async def test_the_client_never_takes_the_active_partitions_for_every_partition() -> None:
    from streams.app import _fresh_acks_consumer

    raw0, raw3 = TP("wire.raw", 0), TP("wire.raw", 3)
    active = {raw0, raw3}
    paused_meanwhile: set = set()

    class FaustLike:
        async def _getmany(self, active_partitions, timeout):  # type: ignore[no-untyped-def]
            active.difference_update(paused_meanwhile)  # paused (for a seek) while the client waits
            await asyncio.sleep(0)
            fetched = {raw0: [136, 137], raw3: [98]}
            # aiokafka's fetched_records: what it drains for the partitions it was given
            return {tp: r for tp, r in fetched.items() if not (active_partitions and tp not in active_partitions)}

    consumer = _fresh_acks_consumer(FaustLike)()
    paused_meanwhile.add(raw0)
    assert await consumer._getmany(active, 1.0) == {raw3: [98]}  # the live set: raw0 is left alone
    paused_meanwhile.add(raw3)
    assert await consumer._getmany(active, 1.0) == {}  # nothing active is not "every partition"


def _transactions(commit_transactions):  # type: ignore[no-untyped-def]
    """The transaction manager over the project's producer, whose base (Faust's producer)
    commits the transactions it is given with ``commit_transactions``."""
    from streams.app import SourceTransactionManager, _concurrent_commits_producer

    class FaustProducer:
        async def commit_transactions(self, by_tid, group_id, start_new_transaction=True):  # type: ignore[no-untyped-def]
            await commit_transactions(by_tid, group_id, start_new_transaction)

    crashed: list = []

    async def flush() -> None:
        pass

    async def crash(exc) -> None:  # type: ignore[no-untyped-def]
        crashed.append(exc)

    manager = SourceTransactionManager.__new__(SourceTransactionManager)  # the commit only: no broker
    manager.app = SimpleNamespace(conf=SimpleNamespace(id="ww"), producer=SimpleNamespace(flush=flush),
                                  assignor=SimpleNamespace(group_for_topic=lambda topic: 0), crash=crash)
    manager.producer = _concurrent_commits_producer(FaustProducer)()
    return manager, crashed


@pytest.mark.asyncio
async def test_the_transactions_of_the_input_partitions_commit_concurrently() -> None:
    committed: dict = {}
    in_flight, most = [0], [0]

    async def commit_transactions(by_tid, group_id, start_new_transaction=True):  # type: ignore[no-untyped-def]
        in_flight[0] += 1
        most[0] = max(most[0], in_flight[0])
        await asyncio.sleep(0.05)  # AddOffsetsToTxn, TxnOffsetCommit, EndTxn
        in_flight[0] -= 1
        committed.update(by_tid)

    manager, crashed = _transactions(commit_transactions)
    offsets = {TP("wire.raw", p): 100 + p for p in range(16)} | {TP("wirewatch.normalized", 0): 7}
    assert await manager.commit(offsets)
    assert most[0] == 16  # wire.raw[0] and wirewatch.normalized[0] share transactional id ww-0-0
    assert committed["ww-0-0"] == {("wire.raw", 0): 100, ("wirewatch.normalized", 0): 7}
    assert committed["ww-0-15"] == {("wire.raw", 15): 115}
    assert not crashed


@pytest.mark.asyncio
async def test_a_fenced_transaction_crashes_the_worker_as_faust_does() -> None:
    from aiokafka.errors import ProducerFenced

    async def commit_transactions(by_tid, group_id, start_new_transaction=True):  # type: ignore[no-untyped-def]
        if "ww-0-1" in by_tid:
            raise ProducerFenced()

    manager, crashed = _transactions(commit_transactions)
    assert await manager.commit({TP("wire.raw", 0): 1, TP("wire.raw", 1): 2})
    assert len(crashed) == 1 and isinstance(crashed[0], ProducerFenced)
