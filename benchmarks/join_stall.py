"""The concurrent-join experiments of docs/benchmarks.md ("The concurrent-join stall").

    python -m benchmarks.join_stall coordinator tansu|kafka [DELAY]   # two plain aiokafka members
    python -m benchmarks.join_stall workers tansu|kafka N [SEED]      # N wirewatch workers at once

``coordinator``: two consumers join one group on a 4-partition topic (the second DELAY s
later) and print every change of (generation, member, assignment) with its time.
``workers``: N workers started at the same moment while 600 inputs of known outcome flow
at 40/s; prints when each was ready and how long each partition went unconsumed.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from benchmarks import known
from benchmarks.harness import OUTPUTS, Reader, Worker, list_topics, make_broker, send_inputs

T0 = time.monotonic()


async def _member(bootstrap: str, name: str, log: list, delay: float = 0.0) -> AIOKafkaConsumer:
    await asyncio.sleep(delay)
    c = AIOKafkaConsumer("t4", bootstrap_servers=bootstrap, group_id="g", session_timeout_ms=6000,
                         heartbeat_interval_ms=1000, rebalance_timeout_ms=6000, auto_offset_reset="earliest")
    await c.start()
    last = None
    for _ in range(80):
        await c.getmany(timeout_ms=250)
        coord = c._coordinator
        now = (coord.generation, coord.member_id[-6:] if coord.member_id else None,
               sorted(tp.partition for tp in c.assignment()))
        if now != last:
            log.append((round(time.monotonic() - T0, 2), name, *now))
            last = now
    return c


async def coordinator(kind: str, delay: float) -> None:
    global T0
    tmp = Path(tempfile.mkdtemp(prefix="join-"))
    b = make_broker(kind, tmp, log_path=str(tmp / "broker.log"))
    await asyncio.to_thread(b.start)
    try:
        a = AIOKafkaAdminClient(bootstrap_servers=b.bootstrap)
        await a.start()
        await a.create_topics([NewTopic("t4", 4, 1)])
        await a.close()
        log: list = []
        T0 = time.monotonic()
        cs = await asyncio.gather(_member(b.bootstrap, "A", log), _member(b.bootstrap, "B", log, delay))
        for line in sorted(log):
            print(kind, *line)
        for c in cs:
            await c.stop()
    finally:
        await asyncio.to_thread(b.stop)


async def workers(kind: str, n: int, seed: int) -> None:
    from streams.broker import ensure_topics
    from streams.settings import Settings
    from tests.integration.test_chaos import StallMonitor

    tmp = Path(tempfile.mkdtemp(prefix="join-"))
    b = make_broker(kind, tmp, log_path=str(tmp / "broker.log"))
    await asyncio.to_thread(b.start)
    corpus = known.build(600, seed=seed)
    try:
        await ensure_topics(Settings(broker=b.url, partitions=4, broker_kind=kind))
        group_topics = ["wire.raw", *[t for t in await list_topics(b.bootstrap) if t.startswith("wirewatch.")]]
        ws = [Worker(b.url, kind, f"j{i}", tmp, WIREWATCH_APP_ID="join") for i in range(n)]
        async with Reader(b.bootstrap, [*OUTPUTS, *group_topics]) as rd:
            mon = StallMonitor(b.bootstrap, "join", rd, group_topics)
            mon.start()
            send = asyncio.create_task(send_inputs(b.bootstrap, corpus, rate=40))
            t0 = time.monotonic()
            for w in ws:
                w.start(wait_ready=False)  # all at the same moment
            ready: dict[str, float] = {}
            while time.monotonic() - t0 < 25:
                for w in ws:
                    if w.name not in ready and (w.health() or {}).get("ready"):
                        ready[w.name] = round(time.monotonic() - t0, 1)
                await asyncio.sleep(0.3)
            sent = await send
            expected = sum(len(corpus.inputs[i].expect) for i in sent)
            await rd.wait_for(lambda r: len(r.tags) >= expected, 60)
            await mon.stop()
            rep = mon.report()
            print(kind, "workers", n, "ready", ready, "out", len(rd.tags), "/", expected,
                  "longest unconsumed", rep["longest"], "logs", tmp, flush=True)
        for w in ws:
            w.stop()
    finally:
        await asyncio.to_thread(b.stop)


if __name__ == "__main__":
    mode, kind = sys.argv[1], sys.argv[2]
    if mode == "coordinator":
        asyncio.run(coordinator(kind, float(sys.argv[3]) if len(sys.argv) > 3 else 0.0))
    else:
        asyncio.run(workers(kind, int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 41))
