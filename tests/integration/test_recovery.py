"""A worker that takes over the serial stage recovers all of its state, on both brokers.

The serial stage writes a flush's state in one go, so its changelog records travel in one
producer batch. Tansu reports a partition's end as the last batch's *base offset* + 1, and
Faust's table recovery stops at the reported end: a new owner of the tables kept only the
first record of the last flush (streams/app.py: ``_exact_recovery_highwaters``). Here a burst
of distinct stories is flushed at once, the worker is killed with kill -9 once its offsets
are committed, and its replacement must know every story: re-sent, each is a duplicate.
"""

from __future__ import annotations

import asyncio
import random
import signal
import time

import orjson
import pytest

from streams.client import produce
from tests.conftest import read_topic

pytestmark = pytest.mark.integration

N = 40


def _story(i: int) -> dict:
    rng = random.Random(i)
    words = [f"{rng.choice('bcdfgklmnprst')}{rng.choice('aeiou')}{rng.choice('lmnrst')}{rng.randrange(100)}"
             for _ in range(80)]
    body = " ".join(words[:40]) + ".\n\n" + " ".join(words[40:]) + "."
    return {"guid": f"burst-{i}", "source": "burst", "headline": f"Story {i}: {' '.join(words[:6])}",
            "body": body, "published": "2024-05-01T10:00:00Z"}


def _send_all(broker, stories: list[dict]) -> None:
    msgs = [(b"burst", orjson.dumps(s), {"content-type": b"application/json", "wirewatch-source": b"burst"})
            for s in stories]
    asyncio.run(produce(broker.bootstrap, "wire.raw", msgs))


def _by_guid(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["value"].get("guid"), []).append(r)
    return out


def test_replacement_after_kill_recovers_the_whole_last_flush(broker, worker_factory):
    stories = [_story(i) for i in range(N)]
    guids = {s["guid"] for s in stories}
    first = worker_factory("r1")
    _send_all(broker, stories)
    unique = read_topic(broker, "wire.unique", until=lambda rs: guids <= set(_by_guid(rs)), timeout=90)
    assert all(len(v) == 1 and v[0]["headers"]["wirewatch-outcome"] == "new"
               for g, v in _by_guid(unique).items() if g in guids), "the burst should be distinct stories"
    time.sleep(3.0)  # its state flushed (idle) and its offsets committed (every 1 s at most)
    first.stop(signal.SIGKILL)

    worker_factory("r2")  # ready: joined the group and recovered the tables
    _send_all(broker, stories)
    deadline = time.monotonic() + 90
    while True:  # each re-sent story comes out once more, on wire.unique (not known) or wire.duplicates
        unique = _by_guid(read_topic(broker, "wire.unique", until=lambda rs: True))
        dups = _by_guid(read_topic(broker, "wire.duplicates", until=lambda rs: True))
        out = {g: len(unique.get(g, [])) + len(dups.get(g, [])) for g in guids}
        if min(out.values()) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert min(out.values()) >= 2, f"re-sent stories not out again: {sorted(g for g, n in out.items() if n < 2)[:5]}"
    again = sorted(g for g in guids if len(unique.get(g, [])) > 1)
    assert not again, f"{len(again)} of {N} stories the replacement did not know: {again[:5]}"
    assert all(dups[g][0]["value"]["reason"] == "same_guid" for g in guids), {g: dups[g][0]["value"]["reason"] for g in guids}
