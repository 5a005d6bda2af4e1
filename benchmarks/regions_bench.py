"""Region tables benchmark: events/s of the stage logic and the memory its state takes.

Feeds synthetic classified events (12 regions, 3 labels, figures, a story every
few minutes of event time, 5% corrections) through :class:`RegionTables` on a
plain dict, then reports:

* events/s of ``apply`` (one core, includes expiry once per day of event time), next to
  the same run's baseline of only building the events' contributions;
* the state held: keys, bytes (tracemalloc) and serialised bytes per hour slice,
  and per region-window cell (regions x labels x live windows).

Run: ``python -m benchmarks.regions_bench [--events N]``.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from datetime import datetime, timedelta, timezone

import orjson

from agents.regions import HOUR, RegionTables, contribution, parse_windows, recompute, rolling_key
from schemas import ClassifiedEvent, Figure, LabelHit, Region, RegionUpdate

REGIONS = [Region(code=c, name=n, country=c[:2]) for c, n in [
    ("SY-DY", "Dayr az Zawr"), ("SY-HL", "Halab"), ("SY-ID", "Idlib"), ("IQ-NI", "Ninawa"), ("UA-63", "Kharkivska"),
    ("UA-14", "Donetska"), ("SD-DN", "North Darfur"), ("CD-NK", "Nord-Kivu"), ("YE-MA", "Marib"), ("ML-7", "Gao"),
    ("NG-BO", "Borno"), ("SO-BN", "Banaadir")]]
LABELS = ["battle", "displacement", "detention"]


def events(n: int, seed: int = 3) -> list[ClassifiedEvent]:
    rng = random.Random(seed)
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    out: list[ClassifiedEvent] = []
    for i in range(n):
        if out and rng.random() < 0.05:  # a correction of a recent story
            old = rng.choice(out[-200:])
            out.append(old.model_copy(update={"version": old.version + 1,
                                              "figures": [f.model_copy(update={"value": f.value + 100}) for f in old.figures]}))
            continue
        labels = rng.sample(LABELS, rng.randint(1, 3))
        out.append(ClassifiedEvent(
            id=f"s{i}", version=1, source="bench", headline=f"story {i}",
            published=t0 + timedelta(minutes=3 * i + rng.randint(-120, 0)), received=t0,
            labels=[LabelHit(label=lab, confidence=0.9, evidence=[f"evidence sentence for {lab} in story {i}"]) for lab in labels],
            region=rng.choice(REGIONS),
            figures=[Figure(kind=k, value=rng.randint(10, 50000), qualifier="about", text="about n", primary=True)
                     for k in rng.sample(["displaced", "detained", "killed"], rng.randint(0, 2))],
            classifier_version="bench",
        ))
    return out


#: Events per flush: the pipeline moves the watermark and takes the changed cells' records once per batch.
FLUSH = 50


def main(n: int = 50_000) -> dict:
    evs = events(n)
    windows = parse_windows("1h,24h,7d")
    grace = 6 * HOUR
    t = time.perf_counter()
    for e in evs:
        contribution(e)
    base = n / (time.perf_counter() - t)

    def run(trace: bool) -> tuple[dict, float, dict[str, RegionUpdate], int, int, int]:
        """One pass; with ``trace``, the memory the tables hold (the records are not kept then)."""
        store: dict = {}
        tables = RegionTables(store, windows, grace_seconds=grace)
        last: dict[str, RegionUpdate] = {}  # what a compacted regions.rolling holds: the last record per key
        newest, day, records, late = 0.0, -1, 0, 0
        if trace:
            tracemalloc.start()
        t = time.perf_counter()
        for i, e in enumerate(evs):
            late += tables.apply(e).late
            newest = max(newest, e.published.timestamp())
            if i % FLUSH == FLUSH - 1 or i == n - 1:
                tables.advance(newest)  # one input partition: the watermark is the newest story time
                for u in tables.updates():
                    records += 1
                    if not trace:
                        last[rolling_key(u)] = u
                if int(newest // 86400) > day:  # expiry once per day of event time
                    day = int(newest // 86400)
                    tables.expire()
        rate = n / (time.perf_counter() - t)
        current = tracemalloc.get_traced_memory()[0] if trace else 0
        if trace:
            tracemalloc.stop()
        return store, rate, last, records, late, current

    store, rate, last, records, late, _ = run(trace=False)  # timing without tracemalloc's overhead
    current = run(trace=True)[-1]  # memory

    # The answer: every closed tumbling window's last record equals the batch recomputation.
    wm = store["wm"]
    expected = recompute(evs, windows, closed_at=wm, grace_seconds=grace)
    got = {k: {"count": u.count, "figures": {kind: f.total for kind, f in u.figures.items()}}
           for k, u in last.items() if u.kind in ("final", "correction") and u.count}
    wrong = sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))

    slices = [k for k in store if k.startswith("s:")]
    serialised = sum(len(orjson.dumps(v)) + len(k) for k, v in store.items())
    hours = len({k.rsplit(":", 1)[1] for k in slices})
    live_cells = len(REGIONS) * len(LABELS) * sum(w.size // w.step for w in windows)
    print(f"events: {n:,} over {hours} live hours of event time, {records:,} regions.rolling records "
          f"({records / n:.2f} per event, a flush every {FLUSH}), {late} late")
    print(f"baseline  build contributions only:  {base:12,.0f} events/s")
    print(f"regions   RegionTables.apply:        {rate:12,.0f} events/s (one core; flushes and expiry included)")
    print(f"state     {len(store):,} keys, {len(slices):,} hour slices; {current / 1e6:.1f} MB in memory, "
          f"{serialised / 1e6:.1f} MB serialised (changelog size)")
    print(f"          {current / max(1, len(slices)):,.0f} B per hour slice in memory; "
          f"{current / live_cells:,.0f} B per region-label-window cell "
          f"({live_cells:,} live cells: {len(REGIONS)} regions x {len(LABELS)} labels x windows open)")
    print(f"answer    {len(expected):,} closed cells against the batch recomputation: "
          + ("all equal" if not wrong else f"{len(wrong)} WRONG, e.g. {wrong[:3]}"))
    if wrong:
        raise SystemExit(1)
    return {"rate": rate, "baseline": base, "bytes": current, "keys": len(store), "records": records}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=50_000)
    main(ap.parse_args().events)
