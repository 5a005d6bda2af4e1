"""Exactly-once on Apache Kafka: a worker ``kill -9``-ed mid-stream and restarted publishes nothing twice.

Kafka only: Tansu has no transactions, so there the guarantee is at-least-once (its
repeats are counted, and must be identical records, in test_chaos.py).

With ``processing_guarantee=exactly_once`` Faust writes a partition's outputs and its
consumed offsets in one transaction; a worker killed in the middle leaves an open
transaction that the broker aborts when the restarted worker's producer takes over the
transactional id. A ``read_committed`` consumer (what subscribers of a Kafka deployment
use) must then find every input exactly once on wire.unique / wire.duplicates /
wire.deadletter (header ``wirewatch-input``) and every story version once on
``events.classified``. A ``read_uncommitted`` reader of the same topics shows what the
kill left behind (aborted writes), reported alongside.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import orjson
import pytest

from benchmarks import known
from benchmarks.harness import OUTPUTS, Reader, Worker, make_broker, raw_positions, send_inputs

from tests.conftest import only_on

# Kafka only: Tansu has no transactions (its at-least-once repeats are checked in test_chaos.py).
pytestmark = [pytest.mark.integration, only_on("kafka")]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
N_INPUTS = 800
APP_ID = "wirewatch-eos"


async def _run(broker, corpus: known.Corpus, tmp: Path) -> dict:
    from streams.broker import ensure_topics
    from streams.settings import Settings

    await ensure_topics(Settings(broker=broker.url, partitions=4, broker_kind="kafka"))
    env = {"WIREWATCH_APP_ID": APP_ID, "WIREWATCH_PROCESSING_GUARANTEE": "exactly_once"}
    w = Worker(broker.url, "kafka", "eos", tmp, **env)
    w.log_path = ARTIFACTS / "worker-eos-kafka.log"
    await asyncio.to_thread(w.start)
    topics = [*OUTPUTS, "events.classified"]
    async with Reader(broker.bootstrap, topics, read_committed=True) as rd, Reader(broker.bootstrap, topics) as raw:
        sender = asyncio.create_task(send_inputs(broker.bootstrap, corpus, rate=200))

        def done() -> int:  # inputs (items) out: distinct wirewatch-input tags
            return len(rd.tags)

        await rd.wait_for(lambda r: done() >= 0.4 * corpus.items, 300)
        at_kill, t_kill = done(), time.time()
        w.kill()  # kill -9, mid-stream
        await asyncio.to_thread(w.start)  # the same worker again: same data directory, same group
        sent = await sender  # (Kafka refuses the oversized inputs at the door: not sent)
        expected = sum(len(corpus.inputs[i].expect) for i in sent)
        complete = await rd.wait_for(lambda r: done() >= expected, 300)
        await rd.quiet(3.0)  # a repeat after the last expected output would show here
        await raw.quiet(1.0)
        positions = await raw_positions(broker.bootstrap)
        committed, uncommitted = list(rd.records), list(raw.records)
    w.stop()
    return {"committed": committed, "uncommitted": uncommitted, "positions": positions, "at_kill": at_kill,
            "t_kill": t_kill, "complete": complete}


def test_kill9_mid_stream_publishes_every_input_exactly_once(broker_kind: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    corpus = known.build(N_INPUTS, seed=31)
    broker = make_broker("kafka", tmp_path, log_path=str(ARTIFACTS / "broker-eos-kafka.log")).start()
    try:
        run = asyncio.run(_run(broker, corpus, tmp_path))
    finally:
        broker.stop()
    acc = known.account(corpus, run["positions"], run["committed"])
    ev = Counter((r.key, orjson.loads(r.value)["version"]) for r in run["committed"] if r.topic == "events.classified")
    ev_twice = {k: n for k, n in ev.items() if n > 1}
    # Identical records (a replayed publication) or different ones (two inputs given the same version)?
    same = Counter((r.key, r.value) for r in run["committed"] if r.topic == "events.classified")
    ev_identical = sum(n - 1 for n in same.values() if n > 1)
    aborted = len(run["uncommitted"]) - len(run["committed"])
    report = {"inputs": len(corpus), "items": corpus.items, "outputs_at_kill": run["at_kill"],
              "found": acc.found, "lost": len(acc.lost), "repeated": sum(acc.repeated.values()),
              "unknown": acc.unknown, "untagged": acc.untagged, "by_guid": acc.by_guid,
              "events_classified_twice": len(ev_twice),
              "events_classified_identical_repeats": ev_identical,
              "records_only_uncommitted_readers_saw": aborted,
              # where and when (seconds after the kill) each copy of a repeated input came out
              "repeat_copies": {tag: [[r.topic, r.partition, r.offset, round(r.arrived - run["t_kill"], 2)]
                                      for r in run["committed"] if r.headers.get("wirewatch-input") == tag.encode()]
                                for tag in list(acc.repeated)[:10]}}
    (ARTIFACTS / "exactly-once-kafka.json").write_text(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
    print(report)

    assert run["at_kill"] < corpus.items, "the worker was killed after the stream had ended"
    assert run["complete"], f"outputs incomplete: {acc.problems()}"
    assert not acc.lost, f"{len(acc.lost)} inputs lost: {acc.lost[:10]}"
    assert not acc.repeated, f"published twice under exactly-once: {acc.problems()}"
    assert not acc.unknown and not acc.untagged, acc.problems()
    assert not ev_twice, f"story versions on events.classified more than once: {list(ev_twice)[:5]}"
