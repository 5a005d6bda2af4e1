"""Dedupe state layout: only fingerprints are persisted; bucket indexes are derived in memory."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from datetime import datetime, timezone

from agents.dedupe import Deduper
from tests.test_dedupe_near import BODY, item


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
    d = Deduper(store)
    for i in range(5):
        d.decide(variant(i))
    assert store and all(k.startswith("f|") for k in store)


def test_index_is_rebuilt_from_stored_fingerprints_alone():
    store: dict = {}
    reference = Deduper({})  # never forgets: the decisions to reproduce
    first = item()
    assert Deduper(store).decide(first).outcome == "new"
    assert reference.decide(first).outcome == "new"
    copy_ = item(source="reuters", guid="r1", headline="UPDATE 1-US-backed forces make final push against IS",
                 body=BODY + "\n\n(Reporting by Ellen Francis; Editing by Tom Perry)")
    # A fresh worker on the same (recovered) store: nothing in memory, only the fingerprints.
    fresh = Deduper(store)
    dec = fresh.decide(copy_)
    assert (dec.outcome, dec.reason, dec.duplicate_of) == ("duplicate", "near_duplicate", first.id)
    assert dec == reference.decide(copy_)
    # And the same Deduper after a rebalance dropped its indexes.
    fresh.forget_index()
    assert fresh._buckets is None
    third = item(source="ap", guid="a1", body=BODY + "\n\nMore on this story later.", headline="Final push on IS")
    again = fresh.decide(third)
    assert again.outcome == "duplicate" and again.duplicate_of in (first.id, copy_.id)
    assert again == reference.decide(third)
    # Exact re-send of the first item, seen by yet another fresh Deduper.
    resend = Deduper(store).decide(item())
    assert (resend.outcome, resend.reason) == ("duplicate", "same_guid")


def _band_keys(d, it):
    from agents.dedupe import fingerprint

    return fingerprint(it, d.params).keys(d.params)[2:]


def test_rebuilt_index_equals_the_incremental_one_including_capped_buckets():
    store: dict = {}
    d = Deduper(store)
    for i in range(40):  # more near-duplicates than bucket_cap: shared band keys are capped
        d.decide(variant(i))
    before = d._buckets.entries()
    shared = d._buckets.get(_band_keys(d, variant(39))[0])
    assert len(shared) == d.params.bucket_cap  # a band they all share keeps its 16 newest items
    assert min(shared) > 40 - 2 * d.params.bucket_cap  # the oldest were pushed out
    d.forget_index()
    assert d._index().entries() == before
    assert Deduper(store)._index().entries() == before


def test_one_store_write_per_remembered_item_and_none_for_a_resend():
    store = CountingStore()
    d = Deduper(store)
    for i in range(30):
        before = store.writes
        d.decide(variant(i) if i % 2 else item(source=f"n{i}", guid=f"n{i}", body=f"Unrelated story {i}. " * 8))
        d.expire()
        assert store.writes - before == 1  # its fingerprint record (was ~19 per item, then one per hop)
    before = store.writes
    assert d.decide(variant(1)).outcome == "duplicate"  # an exact re-send writes nothing
    assert store.writes == before


def test_expiry_removes_entries_from_the_in_memory_index():
    store: dict = {}
    d = Deduper(store, horizon_seconds=86400)
    old = item(guid="old", published="2019-02-01T10:00:00Z")
    d.decide(old)
    assert len(d._buckets) == 18  # its story key, text key and 16 band keys
    assert d.expire(datetime(2019, 2, 10, tzinfo=timezone.utc).timestamp()) == 1
    assert not store and len(d._buckets) == 0
    # A near-duplicate now is new, in this Deduper and in a fresh one.
    assert d.decide(variant(1)).outcome == "new"
