"""The bare Faust baselines of ``wirewatch bench``: a real Faust worker in this process.

``python -m benchmarks.faust_baseline consume|send N RESULT_FILE`` (broker and the rest
from ``WIREWATCH_*``, as a wirewatch worker): one agent on ``bench.in``; ``consume``
only iterates the events, ``send`` also sends each one to ``bench.out``. The clock runs
from the first event to the N-th (after the producer is flushed, for ``send``), so the
group join is not counted; the rate goes to RESULT_FILE as JSON and the worker stays up
until it is stopped. Same Faust settings as the wirewatch app (``streams/app.py``),
processing guarantee included.
"""

from __future__ import annotations

import sys
import time

import faust
import orjson

from streams.settings import Settings


def build(mode: str, n: int, result: str) -> faust.App:
    s = Settings()
    app = faust.App(
        f"bench-faust-{mode}",
        broker=[u.strip() if "://" in u else f"kafka://{u.strip()}" for u in (s.broker or "").split(",")],
        store="memory://",
        topic_partitions=s.partitions,
        broker_session_timeout=s.group_session_timeout,
        broker_heartbeat_interval=s.heartbeat_interval,
        broker_rebalance_timeout=s.group_rebalance_timeout,
        processing_guarantee=getattr(s, "guarantee", "at_least_once"),
        producer_linger=0.005,
        stream_wait_empty=False,
        web_enabled=False,
        autodiscover=False,
    )
    src = app.topic("bench.in", key_serializer="raw", value_serializer="raw")
    out = app.topic("bench.out", key_serializer="raw", value_serializer="raw")
    state = {"n": 0, "t0": 0.0}

    @app.agent(src)
    async def agent(stream: faust.StreamT) -> None:
        async for event in stream.events():
            if state["n"] == 0:
                state["t0"] = time.perf_counter()
            if mode == "send":
                await out.send(key=event.key, value=event.value)
            state["n"] += 1
            if state["n"] == n:
                if mode == "send":
                    await app.producer.flush()
                dt = time.perf_counter() - state["t0"]
                with open(result, "wb") as f:
                    f.write(orjson.dumps({"mode": mode, "items": n, "seconds": dt, "rate": (n - 1) / dt}))

    return app


if __name__ == "__main__":
    mode, n, result = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    app = build(mode, n, result)
    sys.argv = [sys.argv[0], "worker", "--loglevel", "warn", "--without-web"]
    app.main()
