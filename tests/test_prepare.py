"""The stateless per-item work done in a process pool gives what the stages give in-process."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from agents import normalize as normalize_stage
from agents.classify import classify
from agents.dedupe import fingerprint
from agents.prepare import Offload, RawInput, normalize_one, prepare_one
from schemas import ClassifiedEvent, WireItem
from streams import codec

DISPATCH = (b'{"id": "k1", "headline": "Shelling in Kharkiv", "published": "2024-05-03T10:00:00Z", '
            b'"body": "KHARKIV, Ukraine (Wire) - Shelling killed 4 people and 1,200 residents fled the Kharkiv '
            b'region on Friday, officials said."}')


MAX_ITEM = 512 * 1024


def raw(value: bytes | None, offset: int = 0) -> RawInput:
    return RawInput(value, {"content-type": b"application/json", "wirewatch-source": b"desk"}, "wire.raw", 0, offset,
                    1714700000000)


def test_normalize_one_equals_the_stage():
    r = raw(DISPATCH)
    got = normalize_one(r, 1024, MAX_ITEM)
    want = normalize_stage.normalize(r.value, r.headers, topic="wire.raw", partition=0, offset=0,
                                     received=datetime.fromtimestamp(1714700000, tz=timezone.utc),
                                     max_deadletter_payload=1024)
    assert got.deadletter is None and len(got.items) == 1
    assert got.items == [(item.id, codec.encode(item)) for item in want.items]


def test_prepare_one_gives_the_fingerprint_and_the_items_classification():
    data = normalize_one(raw(DISPATCH), 1024, MAX_ITEM).items[0][1]
    item = WireItem.model_validate_json(data)
    prep = prepare_one(data)
    assert prep.fp == fingerprint(item)
    assert ClassifiedEvent.model_validate_json(prep.classified) == classify(item)
    assert prep.classified == codec.encode(classify(item))


@pytest.mark.asyncio
async def test_offload_in_a_child_process_matches_and_reports_failures_as_none():
    offload = Offload(1)
    try:
        await offload.start()  # as the worker does at start-up
        assert offload._pool is not None
        done = await offload.normalize([raw(DISPATCH, 0), raw(b"\xff\xfe not utf-8", 1)], 1024, MAX_ITEM)
        assert done[0] == normalize_one(raw(DISPATCH, 0), 1024, MAX_ITEM)
        assert done[1].items == [] and done[1].deadletter.reason  # a bad input: its dead letter, made there
        prepared = await offload.prepare([done[0].items[0][1], b"{not json"])
        assert prepared[0] == prepare_one(done[0].items[0][1])
        assert prepared[1] is None  # the caller redoes it under its error policy
        assert offload._pool is not None and os.getpid() not in {p.pid for p in offload._pool._processes.values()}
    finally:
        offload.close()


@pytest.mark.asyncio
async def test_without_a_pool_nothing_is_computed_ahead():
    # The caller does the work where it needs it (a fingerprint inside decide, a classification
    # only for a kept item): no pool means no second parse, no classification of duplicates.
    offload = Offload(0)
    await offload.start()
    assert await offload.normalize([raw(DISPATCH, 0), raw(DISPATCH, 1)], 1024, MAX_ITEM) == [None, None]
    assert await offload.prepare([b"{}"]) == [None]
    assert offload._pool is None


def test_an_item_too_large_to_publish_is_a_dead_letter_in_its_place():
    # Its outputs would be refused by the producer or the broker, which would stop the partition.
    body = "Shelling killed 4 people in Kharkiv on Friday, officials said. " * 40
    doc = (b'{"id": "big", "headline": "Shelling", "published": "2024-05-03T10:00:00Z", "body": "'
           + body.encode() + b'"}')
    fits = normalize_one(raw(doc), 1024, 4096)
    assert fits.deadletter is None and len(fits.items) == 1 and isinstance(fits.items[0], tuple)
    got = normalize_one(raw(doc), 1024, 2048)
    assert got.deadletter is None and len(got.items) == 1
    letter = got.items[0]
    assert letter.reason == "too_large" and "WIREWATCH_MAX_ITEM_BYTES" in letter.error
    assert letter.truncated and letter.payload_size == len(doc)  # the raw payload, cut to the dead-letter cap


def test_a_feed_entry_too_large_is_dead_lettered_and_the_others_published():
    small = {"id": "s", "headline": "Shelling in Kharkiv", "published": "2024-05-03T10:00:00Z",
             "body": "Shelling killed 4 people in Kharkiv on Friday."}
    big = {**small, "id": "b", "body": "Shelling killed 4 people in Kharkiv on Friday. " * 100}
    import orjson
    got = normalize_one(raw(orjson.dumps([small, big, {**small, "id": "t"}])), 1024, 2048)
    kinds = [type(e).__name__ for e in got.items]
    assert kinds == ["tuple", "DeadLetter", "tuple"], kinds
    assert "entry 1" in got.items[1].error
