"""Dedupe state layout: only fingerprints are persisted; bucket indexes are derived in memory."""

from __future__ import annotations

import copy
from collections.abc import Iterator, MutableMapping
from datetime import datetime, timezone

from agents.dedupe import Deduper, owner
from tests.test_dedupe_near import BODY, item

PARTITIONS = 4


class CountingStore(MutableMapping[str, str]):
    """A dict that counts writes (each is one changelog message in the worker's Faust table)."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self.writes = 0

    def __getitem__(self, k: str) -> str:
        return self.data[k]

    def __setitem__(self, k: str, v: str) -> None:
        self.writes += 1
        self.data[k] = v

    def __delitem__(self, k: str) -> None:
        self.writes += 1
        del self.data[k]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def variant(i: int, **kw):
    """Near-duplicates of one story: same text with a small per-item tail."""
    return item(source=f"s{i}", guid=f"v{i}", body=BODY + f"\n\nAdded line {i}.", **kw)


def test_only_fingerprints_are_stored():
    store: dict = {}
    d = Deduper(store, partitions=PARTITIONS)
    for i in range(5):
        d.decide(variant(i))
    assert store and all(k.split("|")[1] == "f" for k in store)


def test_index_is_rebuilt_from_stored_fingerprints_alone():
    store: dict = {}
    reference = Deduper({}, partitions=PARTITIONS)  # never forgets: the decisions to reproduce
    first = item()
    assert Deduper(store, partitions=PARTITIONS).decide(first).outcome == "new"
    assert reference.decide(first).outcome == "new"
    copy_ = item(source="reuters", guid="r1", headline="UPDATE 1-US-backed forces make final push against IS",
                 body=BODY + "\n\n(Reporting by Ellen Francis; Editing by Tom Perry)")
    # A fresh worker on the same (recovered) store: nothing in memory, only the fingerprints.
    fresh = Deduper(store, partitions=PARTITIONS)
    dec = fresh.decide(copy_)
    assert (dec.outcome, dec.reason, dec.duplicate_of) == ("duplicate", "near_duplicate", first.id)
    assert dec == reference.decide(copy_)
    # And the same Deduper after a rebalance dropped its indexes.
    fresh.forget_indexes()
    assert not fresh._buckets
    third = item(source="ap", guid="a1", body=BODY + "\n\nMore on this story later.", headline="Final push on IS")
    again = fresh.decide(third)
    assert again.outcome == "duplicate" and again.duplicate_of in (first.id, copy_.id)
    assert again == reference.decide(third)
    # Exact re-send of the first item, seen by yet another fresh Deduper.
    resend = Deduper(store, partitions=PARTITIONS).decide(item())
    assert (resend.outcome, resend.reason) == ("duplicate", "same_guid")


def test_rebuilt_index_equals_the_incremental_one_including_capped_buckets():
    store: dict = {}
    d = Deduper(store, partitions=PARTITIONS)
    for i in range(40):  # more near-duplicates than bucket_cap: shared band keys are capped
        d.decide(variant(i))
    before = copy.deepcopy(d._buckets)
    assert any(len(u) == d.params.bucket_cap for b in before.values() for u in b.values())
    d.forget_indexes()
    for p in range(PARTITIONS):
        d._partition_buckets(p)
    assert d._buckets == before
    assert Deduper(store, partitions=PARTITIONS)._partition_buckets(0) == before[0]


def test_store_writes_per_item_are_one_per_partition_filed_on():
    store = CountingStore()
    d = Deduper(store, partitions=PARTITIONS)
    total_writes = total_hops = 0
    for i in range(30):
        before = store.writes
        env = d.start(variant(i) if i % 2 else item(source=f"n{i}", guid=f"n{i}", body=f"Unrelated story {i}. " * 8))
        while env.route:
            p = env.route[0]
            d.visit(env, p)
            d.expire_partition(p)
        d.finish(env)
        writes = store.writes - before
        assert writes <= env.hops + 1
        total_writes += writes
        total_hops += env.hops
    assert total_writes <= total_hops  # was ~19 per item (one per routing key + the fingerprint)
    # An exact re-send writes nothing.
    before = store.writes
    assert d.decide(variant(1)).outcome == "duplicate"
    assert store.writes == before


def test_expiry_removes_entries_from_the_in_memory_index():
    store: dict = {}
    d = Deduper(store, partitions=PARTITIONS, horizon_seconds=86400)
    old = item(guid="old", published="2019-02-01T10:00:00Z")
    d.decide(old)
    assert any(u for b in d._buckets.values() for u in b.values())
    assert d.expire(datetime(2019, 2, 10, tzinfo=timezone.utc).timestamp()) == len(d._buckets)
    assert not store and all(not b for b in d._buckets.values())
    # A near-duplicate now is new, in this Deduper and in a fresh one.
    assert d.decide(variant(1)).outcome == "new"


def test_stores_written_by_the_previous_layout_are_read_and_bucket_keys_dropped():
    store: dict = {}
    d = Deduper(store, partitions=PARTITIONS)
    first = item()
    d.decide(first)
    # Rewrite as dedupe/2.0.0 did: records without a filing sequence, plus persisted bucket keys.
    for k in list(store):
        p, _, uid = k.split("|", 2)
        store[k] = store[k].rsplit("|", 1)[0]
        fp_keys = [x for x in d._buckets[int(p)]]
        for bk in fp_keys:
            assert owner(bk, PARTITIONS) == int(p)
            store[f"{p}|k|{bk}"] = uid
    dec = Deduper(store, partitions=PARTITIONS).decide(variant(1))
    assert (dec.outcome, dec.duplicate_of) == ("update", first.id)  # a near-duplicate stating a new figure
    assert all(k.split("|")[1] == "f" for k in store)
