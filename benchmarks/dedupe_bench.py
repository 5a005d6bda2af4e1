"""Dedupe stage benchmark: pure-logic items/s, memory per remembered story, RSS after N items.

    python -m benchmarks.dedupe_bench [--items 1000000] [--pipeline]

Runs :class:`agents.dedupe.Deduper` (every partition hop, in one process, on a
dict like the worker's in-memory Faust table store) over synthetic ~1 KB items:
80% distinct stories, 10% exact re-sends, 10% near-duplicates (a credit line and a
reworded headline). Story time advances ~14,000 items per day, so with the default
7-day horizon expiry keeps about 100,000 stories.

* items/s: the stage logic alone (fingerprint + every hop + verdict), no Kafka;
* bytes per story: RSS growth over the first ``--memory-items`` items (no expiry yet)
  divided by the stories remembered;
* RSS after all items, with expiry running as in the worker (per partition, per item).

``--pipeline`` also runs the foundation benchmark (``benchmarks/pipeline.py``:
aiokafka baseline vs the full pipeline on the embedded broker) in the same invocation.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from datetime import datetime, timedelta, timezone

from agents.dedupe import Deduper
from schemas import WireItem
from agents.formats.base import content_hash, story_id

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def items(n: int, seed: int = 3, per_day: int = 14000):
    rng = random.Random(seed)
    vocab = [f"w{rng.getrandbits(32):x}" for _ in range(20000)]
    recent: list[tuple[str, str]] = []
    for i in range(n):
        pub = T0 + timedelta(seconds=i * 86400 / per_day)
        r = rng.random()
        if recent and r < 0.10:
            head, body = rng.choice(recent)
            src, guid = "afp", f"g{hash((head, body)) & 0xFFFFFFFF}"
        elif recent and r < 0.20:
            head, body = rng.choice(recent)
            head, body = "UPDATE 1-" + head + " officials say", body + " Reporting by Someone Else"
            src, guid = "reuters", f"r{i}"
        else:
            words = rng.choices(vocab, k=160)
            head = " ".join(words[:8])
            body = " ".join(words[8:]) + f" {rng.randrange(100, 90000)} people fled"
            recent.append((head, body))
            if len(recent) > 500:
                recent.pop(0)
            src, guid = "afp", f"g{hash((head, body)) & 0xFFFFFFFF}"
        yield WireItem.model_construct(
            id=story_id(src, guid), version=1, source=src, guid=guid, format="json", headline=head,
            subheadline=None, body=body, published=pub, received=pub, language=None, link=None, located=None,
            pubstatus="usable", content_hash=content_hash(head, body), payload_hash="",
        )


def run(n: int, memory_items: int, horizon_days: float) -> dict:
    store: dict = {}
    d = Deduper(store, horizon_seconds=horizon_days * 86400)
    outcomes = {"new": 0, "duplicate": 0, "update": 0}
    gc.collect()
    rss0 = rss_mb()
    per_story = None
    t_logic = 0.0
    t0 = time.perf_counter()
    for i, item in enumerate(items(n)):
        s = time.perf_counter()
        outcomes[d.decide(item).outcome] += 1
        if i >= memory_items:
            d.expire()
        t_logic += time.perf_counter() - s
        if i + 1 == memory_items:
            gc.collect()
            stories = sum(1 for k in store if k.startswith("f|"))
            per_story = (rss_mb() - rss0) * 2**20 / (outcomes["new"] + outcomes["update"])
            print(f"after {memory_items:,} items (no expiry yet): {len(store):,} store keys, "
                  f"{stories:,.0f} stories, RSS +{rss_mb() - rss0:,.0f} MB "
                  f"= {per_story:,.0f} B per remembered story")
        if (i + 1) % 100000 == 0:
            print(f"  {i + 1:>9,} items  {(i + 1) / t_logic:8,.0f} items/s  RSS {rss_mb():7,.0f} MB  "
                  f"store keys {len(store):,}", flush=True)
    wall = time.perf_counter() - t0
    return {"items": n, "items_per_s": n / t_logic, "wall_s": wall,
            "outcomes": outcomes, "bytes_per_story": per_story, "rss_mb": rss_mb(), "store_keys": len(store)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--memory-items", type=int, default=50_000)
    ap.add_argument("--horizon-days", type=float, default=7.0)
    ap.add_argument("--pipeline", action="store_true", help="also run the foundation pipeline benchmark")
    a = ap.parse_args()
    res = run(a.items, min(a.memory_items, a.items), a.horizon_days)
    print(f"dedupe stage (pure logic): {res['items_per_s']:,.0f} items/s, outcomes {res['outcomes']}")
    print(f"memory: {res['bytes_per_story']:,.0f} B per remembered story; RSS after {res['items']:,} items "
          f"{res['rss_mb']:,.0f} MB ({res['store_keys']:,} store keys, horizon {a.horizon_days:g} days)")
    if a.pipeline:
        from benchmarks import pipeline

        pipeline.main()


if __name__ == "__main__":
    main()
