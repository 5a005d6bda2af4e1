"""``wirewatch bench``: the full pipeline against framework baselines, on one broker, with the answer checked.

One run on one broker kind (``--broker tansu|kafka``), fresh broker per partition count:

1. **corpus** - inputs of known outcome (:mod:`benchmarks.known`): distinct stories
   recombined from real sentences, re-sends, cross-feed copies, new versions, rewrites
   with a changed figure, feeds of several items, hostile inputs.
2. **baselines** (first partition count only, same broker, same payloads):
   aiokafka consume->produce passthrough; a bare Faust agent that only consumes; a bare
   Faust agent that consumes and sends one message (real Faust workers in subprocesses,
   :mod:`benchmarks.faust_baseline`).
3. **pipeline** - a real ``wirewatch worker``, warmed up on the first inputs; then the
   main inputs are written to ``wire.raw`` as fast as the producer goes and the clock
   stops at the last output on wire.unique / wire.duplicates / wire.deadletter (and,
   second figure, at the last ``regions.rolling`` record).
4. **broker records per input, per topic** - every topic but the broker's own
   (``__*``) and the baselines' (``bench.*``), internal ``wirewatch.*`` and changelogs
   included, counted by reading them before and after the main run.
5. **latency** - inputs paced at ``--rate`` (200/s): ``wire.raw`` -> ``events.classified``
   (from the ``wirewatch-received`` header to the moment a plain consumer has the
   record); then single stories on an idle worker: to ``events.classified`` and to
   ``regions.rolling``.
6. **worker RSS** from /proc (current and peak), its offload pool children included.
7. **the answer** - every input found exactly once on wire.unique / wire.duplicates /
   wire.deadletter (header ``wirewatch-input``), read ``read_committed`` on Kafka.
   Any input lost or out twice: the run says which and exits non-zero.

Run: ``wirewatch bench [--broker tansu|kafka] [--items N]`` or ``python -m benchmarks.pipeline``.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from benchmarks import known
from benchmarks.harness import (OUTPUTS, ROOT, Reader, Worker, count_records, make_broker, percentile,
                                raw_positions, send_inputs, worker_env)

WARM = 200
SINGLES = 5


class BenchFailure(SystemExit):
    """Raised (exit code 1) when an input was lost or came out twice."""


# ---------------------------------------------------------------- baselines


async def aiokafka_baseline(bootstrap: str, payloads: list[bytes], partitions: int) -> float:
    """items/s of a plain aiokafka consume -> produce loop (no parsing)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic("bench.in", partitions, 1), NewTopic("bench.out", partitions, 1)])
        # Kafka creates topics asynchronously: a producer asking for bench.in before its broker knows it logs
        # "Topic bench.in not found in cluster metadata" (and retries); wait until the broker lists both.
        for _ in range(100):
            if {"bench.in", "bench.out"} <= set(await admin.list_topics()):
                break
            await asyncio.sleep(0.05)
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_request_size=8 * 1024 * 1024)
    await producer.start()
    try:
        futs = [await producer.send("bench.in", p, key=str(i).encode()) for i, p in enumerate(payloads)]
        await asyncio.gather(*futs)
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest",
                                max_partition_fetch_bytes=8 * 1024 * 1024)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_request_size=8 * 1024 * 1024)
    await consumer.start()
    await producer.start()
    try:
        consumer.assign([TopicPartition("bench.in", p) for p in range(partitions)])
        t0, seen = None, 0
        while seen < len(payloads):
            batch = await consumer.getmany(timeout_ms=1000, max_records=2000)
            if t0 is None and batch:
                t0 = time.perf_counter()
            for msgs in batch.values():
                for m in msgs:
                    await producer.send("bench.out", m.value, key=m.key)
                    seen += 1
        await producer.flush()
        return len(payloads) / (time.perf_counter() - (t0 or time.perf_counter()))
    finally:
        await consumer.stop()
        await producer.stop()


def faust_baseline(mode: str, broker_url: str, kind: str, n: int, partitions: int, tmp: Path, timeout: float = 300) -> float:
    """items/s of a bare Faust agent (``consume`` or ``send``) in a worker subprocess over ``bench.in``."""
    result = tmp / f"faust-{mode}.json"
    env = {**os.environ, "WIREWATCH_BROKER": broker_url, "WIREWATCH_PARTITIONS": str(partitions),
           "WIREWATCH_DATA_DIR": str(tmp / f"faust-{mode}"), **worker_env(kind)}
    log = open(tmp / f"faust-{mode}.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.faust_baseline", mode, str(n), str(result)],
                            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not result.exists():
            if proc.poll() is not None:
                raise RuntimeError(f"Faust {mode} baseline exited: see {log.name}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Faust {mode} baseline did not finish in {timeout}s: see {log.name}")
            time.sleep(0.2)
        time.sleep(0.1)
        return orjson.loads(result.read_bytes())["rate"]
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- one pipeline run


@dataclass
class Slices:
    warm: list[int]
    main: list[int]
    paced: list[int]
    singles: list[int]


@dataclass
class RunResult:
    partitions: int
    label: str = ""  # e.g. " (offload 0)": a variant of the worker's settings
    items: int = 0
    seconds: float = 0.0
    seconds_regions: float = 0.0
    records_before: dict[str, int] = field(default_factory=dict)
    records_after: dict[str, int] = field(default_factory=dict)
    inputs_main: int = 0
    paced_lat: list[float] = field(default_factory=list)
    paced_regions_lat: list[float] = field(default_factory=list)
    paced_rate: float = 0.0
    single_classified: list[float] = field(default_factory=list)
    single_regions: list[float] = field(default_factory=list)
    rss: tuple[int, int] = (0, 0)
    account: known.Account | None = None
    ids: dict | None = None
    stalled: str = ""
    refused: int = 0

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0


def _items(corpus: known.Corpus, idx: list[int]) -> int:
    return sum(len(corpus.inputs[i].expect) for i in idx)


def _received(rec) -> float | None:
    h = rec.headers.get("wirewatch-received")
    return int(h) / 1000 if h else None


async def _run(kind: str, broker_url: str, bootstrap: str, corpus: known.Corpus, sl: Slices, partitions: int,
               tmp: Path, rate: float, out, env: dict[str, str] | None = None, label: str = "") -> RunResult:
    res = RunResult(partitions, label)
    worker = Worker(broker_url, kind, f"bench-p{partitions}{'-' + str(len(label)) if label else ''}", tmp,
                    partitions=partitions, WIREWATCH_APP_ID="wirewatch-bench", **(env or {}))
    worker.start()
    try:
        async with Reader(bootstrap, [*OUTPUTS, "events.classified", "regions.rolling"],
                          read_committed=(kind == "kafka")) as rd:

            def outputs() -> int:
                """Inputs (items) out so far: distinct wirewatch-input tags (records, without the header)."""
                return len(rd.tags) if rd.tags else sum(len(rd.by_topic[t]) for t in OUTPUTS)

            async def drain(target: int, timeout: float, what: str) -> bool:
                ok = await rd.wait_for(lambda r: outputs() >= target, timeout)
                if not ok:
                    res.stalled += f"{what}: {outputs()}/{target} outputs after {timeout:.0f}s; "
                return ok

            sent = await send_inputs(bootstrap, corpus, indexes=sl.warm)
            expect = _items(corpus, list(sent))
            await drain(expect, 180, "warm-up")
            await rd.quiet(1.0)
            res.records_before = await count_records(bootstrap)

            # Main run: as fast as the producer goes.
            t0 = time.time()
            sent_main = await send_inputs(bootstrap, corpus, indexes=sl.main)
            res.inputs_main = len(sent_main)
            res.refused += len(sl.main) - len(sent_main)
            res.items = _items(corpus, list(sent_main))
            expect += res.items
            await drain(expect, max(180.0, res.items / 20), "main run")
            last_out = max((r.arrived for t in OUTPUTS for r in rd.by_topic[t]), default=t0)
            await rd.quiet(1.5)
            last_region = max((r.arrived for r in rd.by_topic["regions.rolling"]), default=last_out)
            res.seconds = last_out - t0
            res.seconds_regions = max(last_region, last_out) - t0
            res.records_after = await count_records(bootstrap)

            # Paced: latency at `rate` inputs/s.
            t1 = time.time()
            sent_paced = await send_inputs(bootstrap, corpus, indexes=sl.paced, rate=rate)
            res.paced_rate = len(sent_paced) / max(1e-9, time.time() - t1)
            expect += _items(corpus, list(sent_paced))
            await drain(expect, 120, "paced run")
            await rd.quiet(1.0)
            for rec in rd.by_topic["events.classified"]:
                r = _received(rec)
                if r is not None and r >= t1 - 0.001:
                    res.paced_lat.append(rec.arrived - r)
            seen_regions: set = set()
            for rec in rd.by_topic["regions.rolling"]:
                r = _received(rec)
                if r is not None and r >= t1 - 0.001 and r not in seen_regions:  # first table record per event
                    seen_regions.add(r)
                    res.paced_regions_lat.append(rec.arrived - r)

            # One story at a time on an idle worker.
            for i in sl.singles:
                await asyncio.sleep(2.0)
                n_ev, n_reg = len(rd.by_topic["events.classified"]), len(rd.by_topic["regions.rolling"])
                sent_one = await send_inputs(bootstrap, corpus, indexes=[i])
                ts = sent_one[i]
                expect += _items(corpus, [i])
                await rd.wait_for(lambda r: len(r.by_topic["events.classified"]) > n_ev, 30)
                await rd.wait_for(lambda r: len(r.by_topic["regions.rolling"]) > n_reg, 30)
                if len(rd.by_topic["events.classified"]) > n_ev:
                    res.single_classified.append(rd.by_topic["events.classified"][n_ev].arrived - ts)
                if len(rd.by_topic["regions.rolling"]) > n_reg:
                    res.single_regions.append(rd.by_topic["regions.rolling"][n_reg].arrived - ts)
            await drain(expect, 30, "single items")
            res.rss = worker.rss()
            await rd.quiet(2.0)  # a late repeat would show up here
            positions = await raw_positions(bootstrap)
            res.account = known.account(corpus, positions, rd.records)
            res.ids = known.input_ids(corpus, positions)
    finally:
        worker.stop()
    return res


def _slices(corpus: known.Corpus, n_main: int, n_paced: int) -> Slices:
    """Warm-up, main, paced and single-item inputs, in arrival order (one corpus: the expected
    outcomes hold across the phases). Singles are stories the classifier places in a region."""
    from agents.classify import classify
    from agents.formats import parse_payload
    from datetime import datetime, timezone

    warm = list(range(WARM))
    main = list(range(WARM, WARM + n_main))
    paced = list(range(WARM + n_main, WARM + n_main + n_paced))
    singles = []
    for i in range(WARM + n_main + n_paced, len(corpus.inputs)):
        inp = corpus.inputs[i]
        if inp.kind != "story":
            continue
        [item] = parse_payload(inp.value, inp.content_type, source=inp.source, received=datetime.now(timezone.utc))
        ev = classify(item)
        if ev.region is not None and ev.labels:
            singles.append(i)
        if len(singles) == SINGLES:
            break
    return Slices(warm, main, paced, singles)


# ---------------------------------------------------------------- report


def _ms(x: float) -> str:
    return f"{x * 1000:,.0f} ms"


def _print_run(res: RunResult, out) -> None:
    p = res.partitions
    print(f"pipeline  {p:2d} partitions{res.label}: {res.items:,} items ({res.inputs_main:,} inputs) in {res.seconds:.1f} s: "
          f"{res.rate:10,.0f} items/s   (incl. region tables: {res.items / res.seconds_regions if res.seconds_regions else 0:,.0f} items/s)",
          file=out)
    delta = {t: res.records_after.get(t, 0) - res.records_before.get(t, 0) for t in res.records_after}
    total = sum(delta.values())
    n = max(1, res.inputs_main)
    print(f"records   {p:2d} partitions: {total / n:6.2f} broker records per input ({total:,} records, all topics but __* and bench.*)", file=out)
    for t, d in sorted(delta.items(), key=lambda kv: -kv[1]):
        if d:
            print(f"            {t:<40} {d / n:6.2f}", file=out)
    print(f"latency   {p:2d} partitions: raw -> events.classified at {res.paced_rate:,.0f} inputs/s offered: "
          f"p50 {_ms(percentile(res.paced_lat, 50))}, p99 {_ms(percentile(res.paced_lat, 99))} ({len(res.paced_lat)} events); "
          f"-> regions.rolling p50 {_ms(percentile(res.paced_regions_lat, 50))}, p99 {_ms(percentile(res.paced_regions_lat, 99))}",
          file=out)
    sc = ", ".join(_ms(x) for x in res.single_classified) or "none arrived"
    sr = ", ".join(_ms(x) for x in res.single_regions) or "none arrived"
    print(f"idle      {p:2d} partitions: one story -> events.classified: {sc}; -> regions.rolling: {sr}", file=out)
    print(f"memory    {p:2d} partitions: worker RSS {res.rss[0] / 2**20:,.0f} MiB (peak {res.rss[1] / 2**20:,.0f} MiB), pool children included", file=out)
    acc = res.account
    if acc is not None:
        from collections import Counter

        ids = res.ids or {}
        kinds = Counter(ids[t][0].kind for t, _, _ in acc.wrong_topic if t in ids)
        why = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
        print(f"answer    {p:2d} partitions: {acc.problems()}; {len(acc.wrong_topic)} on another topic than the offline "
              f"dedupe (arrival order) expected{': ' + why if why else ''}", file=out)
    if res.refused:
        print(f"          {res.refused} inputs refused by the broker (message larger than its limit): not sent", file=out)
    if res.stalled:
        print(f"STALLED   {res.stalled}", file=out)


def main(items: int = 5000, broker: str = "tansu", partitions: tuple[int, ...] = (4, 16), rate: float = 200,
         paced_seconds: float = 5.0, out=None, compare_offload: bool = True) -> dict:
    out = out or sys.stdout
    n_paced = int(rate * paced_seconds)
    t_build = time.perf_counter()
    corpus = known.build(WARM + items + n_paced + 20 * SINGLES)
    sl = _slices(corpus, items, n_paced)
    print(f"corpus    {corpus.summary()} (built and checked offline in {time.perf_counter() - t_build:.1f} s; "
          f"{corpus.redrawn} stories redrawn, copies dropped: {dict(corpus.dropped) or 'none'})", file=out)
    print(f"          warm-up {len(sl.warm)}, main {len(sl.main)}, paced {len(sl.paced)}, single {len(sl.singles)} inputs; "
          f"broker: {broker}", file=out, flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="wirewatch-bench-"))
    results: list[RunResult] = []
    base: dict[str, float] = {}
    main_payloads = [corpus.inputs[i].value for i in sl.main if len(corpus.inputs[i].value) < 900_000]
    # The offload pool (agents/prepare.py, off by default) is machinery: the first partition
    # count also runs with it, on a fresh broker, so the run shows whether it pays end to end.
    plan: list[tuple[int, dict[str, str], str]] = [(p, {}, "") for p in partitions]
    if compare_offload and partitions:
        plan.insert(1, (partitions[0], {"WIREWATCH_OFFLOAD_PROCESSES": "1"}, " (offload pool of 1)"))
    for k, (p, env, label) in enumerate(plan):
        b = make_broker(broker, tmp / f"p{p}-{k}", log_path=str(tmp / f"broker-p{p}-{k}.log"))
        b.start()
        try:
            from streams.broker import ensure_topics
            from streams.settings import Settings

            try:
                settings = Settings(broker=b.url, partitions=p, broker_kind=broker)
            except Exception:  # pragma: no cover - before broker_kind existed
                settings = Settings(broker=b.url, partitions=p)
            asyncio.run(ensure_topics(settings))
            if k == 0:
                base["aiokafka"] = asyncio.run(aiokafka_baseline(b.bootstrap, main_payloads, p))
                print(f"baseline  aiokafka consume->produce passthrough ({p} partitions): {base['aiokafka']:10,.0f} items/s",
                      file=out, flush=True)
                base["faust_consume"] = faust_baseline("consume", b.url, broker, len(main_payloads), p, tmp)
                print(f"baseline  Faust agent, consume only:                          {base['faust_consume']:10,.0f} items/s",
                      file=out, flush=True)
                base["faust_send"] = faust_baseline("send", b.url, broker, len(main_payloads), p, tmp)
                print(f"baseline  Faust agent, consume + send one message:            {base['faust_send']:10,.0f} items/s",
                      file=out, flush=True)
            res = asyncio.run(_run(broker, b.url, b.bootstrap, corpus, sl, p, tmp, rate, out, env, label))
            results.append(res)
            _print_run(res, out)
            out.flush()
        finally:
            b.stop()
    r0 = results[0]
    if "faust_send" in base and r0.rate:
        print(f"ratio     pipeline ({r0.partitions} partitions) / Faust consume+send: {r0.rate / base['faust_send']:6.3f}; "
              f"/ aiokafka passthrough: {r0.rate / base['aiokafka']:6.3f}", file=out)
    if len(results) > 1 and r0.rate:
        for r in results[1:]:
            what = f"{r.partitions}{r.label} / {r0.partitions} partitions"
            print(f"ratio     pipeline {what}: {r.rate / r0.rate:6.3f}", file=out)
    print(f"          logs: {tmp}", file=out, flush=True)
    bad = [r for r in results if r.account is None or not r.account.ok]
    summary = {"baselines": base, "runs": [{"partitions": r.partitions, "variant": r.label.strip(" ()"), "items_per_s": r.rate,
                                            "records_per_input": (sum(r.records_after.values()) - sum(r.records_before.values())) / max(1, r.inputs_main),
                                            "p50": percentile(r.paced_lat, 50), "p99": percentile(r.paced_lat, 99),
                                            "ok": r.account.ok if r.account else False} for r in results]}
    if bad:
        msg = "; ".join(f"{r.partitions} partitions: {r.account.problems() if r.account else 'no answer read'}" for r in bad)
        print(f"FAIL      inputs lost or out twice: {msg}", file=sys.stderr, flush=True)
        raise BenchFailure(1)
    print("OK        every input came out exactly once", file=out, flush=True)
    return summary


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=5000, help="main-run inputs")
    ap.add_argument("--broker", choices=["tansu", "kafka"], default="tansu")
    ap.add_argument("--partitions", default="4,16")
    ap.add_argument("--rate", type=float, default=200)
    a = ap.parse_args()
    main(a.items, a.broker, tuple(int(x) for x in a.partitions.split(",")), a.rate)
