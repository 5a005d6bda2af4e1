"""Property: the incremental region tables equal a batch recomputation from the same inputs.

Hypothesis feeds random orders of new stories, re-sends, newer and older
versions, retractions and late items. A deliberately naive reference decides
which versions count (the same rules as the docstring of agents/regions.py)
and then recomputes every window cell by brute force; the tables - and the
last record a compacted-topic consumer keeps per window key - must agree.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.regions import DAY, HOUR, RegionTables, parse_windows, recompute, rolling_key
from schemas import ClassifiedEvent, Figure, LabelHit, Region

WINDOWS = parse_windows("1h,24h,7d")
GRACE = 6 * HOUR
RETENTION = 7 * DAY + GRACE + DAY
T0 = datetime(2024, 5, 1, tzinfo=timezone.utc)
REGIONS = [Region(code="SY-DY", name="Dayr az Zawr", country="SY"), Region(code="SY-HL", name="Halab", country="SY"),
           Region(code="SY", name="Syria", country="SY")]  # placed at country level
LABELS = ["battle", "displacement", "detention"]


@st.composite
def events(draw):
    n = draw(st.integers(1, 25))
    out = []
    for _ in range(n):
        labels = draw(st.lists(st.sampled_from(LABELS), unique=True, max_size=3))
        out.append(
            ClassifiedEvent(
                id=f"s{draw(st.integers(0, 6))}",
                version=draw(st.integers(0, 3)),
                source="x",
                headline="h",
                published=T0 + timedelta(minutes=draw(st.integers(0, 24 * 60 * 9))),
                received=T0,
                pubstatus="canceled" if draw(st.integers(0, 9)) == 0 else "usable",
                labels=[LabelHit(label=l, confidence=1, evidence=[l]) for l in labels],
                region=draw(st.sampled_from([*REGIONS, None])),  # None: a version placed nowhere
                figures=[Figure(kind=k, value=draw(st.integers(1, 1000)), text="n", primary=True)
                         for k in draw(st.lists(st.sampled_from(["displaced", "detained", "killed"]), unique=True))],
                classifier_version="t",
            )
        )
    return out


def reference(evs: list[ClassifiedEvent]) -> tuple[dict[str, ClassifiedEvent], float | None]:
    """Which version of each story counts, by the documented rules, simulated naively."""
    current: dict[str, tuple[ClassifiedEvent, int]] = {}  # story -> (applied event, version covered)
    wm = None
    for e in evs:
        ts = e.published.timestamp()
        prev = current.get(e.id)
        skip = (
            (e.pubstatus == "canceled" and prev is not None and prev[0].pubstatus == "canceled")
            or (e.pubstatus != "canceled" and prev is not None and prev[1] >= e.version)
            or (e.pubstatus != "canceled" and prev is None and not e.labels)  # never counted: not remembered
            or (prev is None and e.region is None)  # never counted, nowhere to count it
            or (prev is None and wm is not None and ts < wm - RETENTION)  # late: older than the tables hold
        )
        if not skip:
            current[e.id] = (e, max(prev[1], e.version) if prev else e.version)
        wm = ts if wm is None else max(wm, ts)  # the watermark follows every input
    return {k: e for k, (e, _) in current.items() if e.pubstatus != "canceled" and e.labels and e.region}, wm


def _closed_key(key: str, wm: float) -> bool:
    _, _, name, start = key.split("|")
    w = next(w for w in WINDOWS if w.name == name)
    end = datetime.fromisoformat(start).timestamp() + w.size
    return w.published(int(end)) and end + GRACE <= wm


def run(evs: list[ClassifiedEvent]) -> tuple[RegionTables, dict]:
    """The tables after ``evs``, the watermark following the newest story time (one input),
    and the last record a compacted-topic consumer keeps per window key."""
    tables = RegionTables({}, WINDOWS, grace_seconds=GRACE)
    last: dict[tuple, object] = {}
    for e in evs:
        tables.apply(e)
        tables.advance(max(tables.watermark() or 0.0, e.published.timestamp()))
        for u in tables.updates():
            last[(u.region, u.label, u.window, u.window_start)] = u
    return tables, last


def batch_cell(counted: dict[str, ClassifiedEvent], region: str, label: str, start: float, end: float):
    count, figs = 0, {}
    for e in counted.values():
        ts = e.published.timestamp()
        if e.region.code != region or not (start <= ts < end) or label not in [h.label for h in e.labels]:
            continue
        count += 1
        for f in e.figures:
            target = {"displaced": "displacement", "detained": "detention", "killed": "battle"}[f.kind]
            if target == label:
                figs[f.kind] = figs.get(f.kind, 0) + f.value
    return count, figs


@settings(max_examples=int(os.environ.get("WIREWATCH_PROPERTY_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_tables_match_batch_recomputation(evs):
    tables, last = run(evs)
    counted, wm = reference(evs)
    if wm is None:
        return
    for w in WINDOWS:
        # every window end from the first possible to just past the watermark
        for end in range(int(T0.timestamp()) + w.step, int(wm) + w.size + w.step, w.step):
            start = end - w.size
            for region in REGIONS:
                cells = {c.label: c for c in tables._cells(region.code, w, end, rollup=False)}
                for label in LABELS:
                    count, figs = batch_cell(counted, region.code, label, start, end)
                    got = cells.get(label)
                    assert (got.count if got else 0) == count, (region.code, label, w.name, end)
                    assert ({k: v.total for k, v in got.figures.items()} if got else {}) == figs
                    rec = last.get((region.code, label, w.name, datetime.fromtimestamp(start, tz=timezone.utc)))
                    if end + GRACE <= wm and w.published(end):  # closed tumbling window: the last record is exact
                        if count:
                            assert rec is not None and rec.count == count, (region.code, label, w.name, end)
                            assert {k: v.total for k, v in rec.figures.items()} == figs
                        else:
                            assert rec is None or rec.count == 0
    # the country roll-up is the sum of its regions
    for w in WINDOWS:
        end = w.end_for(wm)
        sy = {c.label: c.count for c in tables._cells("SY", w, end)}
        parts = [{c.label: c.count for c in tables._cells(r.code, w, end, rollup=False)} for r in REGIONS]
        assert sy == {l: sum(p.get(l, 0) for p in parts) for l in set().union(*parts)}


@settings(max_examples=int(os.environ.get("WIREWATCH_PROPERTY_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.randoms(use_true_random=False))
def test_shuffled_stories_match_batch_recomputation_from_the_events(evs, rnd):
    """What the chaos tests check end to end: stories in any story-time order (a feed's first
    poll is newest first, a desk re-files yesterday's story), each story's versions in the
    order the dedupe stage hands them over, give the tables ``recompute`` derives from the
    same events - every cell of every window the tables still hold."""
    rnd.shuffle(evs)
    # The dedupe stage publishes each (story, version) once, in increasing versions per story.
    evs = list({(e.id, e.version): e for e in reversed(evs)}.values())[::-1]
    by_story: dict[str, list[ClassifiedEvent]] = {}
    for e in evs:
        by_story.setdefault(e.id, []).append(e)
    for versions in by_story.values():
        versions.sort(key=lambda e: e.version)
    order = [by_story[e.id].pop(0) for e in evs]  # story order shuffled, versions increasing
    tables, last = run(order)
    wm = tables.watermark()
    if wm is None:
        return
    expected = recompute(order, WINDOWS)
    oldest = wm - RETENTION
    if any(e.published.timestamp() < oldest for e in order):
        return  # some story was late: not comparable with a batch over everything
    # What a compacted-topic consumer holds exactly: the closed tumbling windows.
    held = {k: {"count": u.count, "figures": {f: v.total for f, v in u.figures.items()}}
            for k, u in ((rolling_key(u), u) for u in last.values()) if u.count}
    closed = recompute(order, WINDOWS, closed_at=wm)
    assert {k: v for k, v in held.items() if k in closed or _closed_key(k, wm)} == closed
    for w in WINDOWS:
        for end in range(int(T0.timestamp()) + w.step, int(wm) + w.size + w.step, w.step):
            for region in REGIONS:
                for c in tables._cells(region.code, w, end, labels=set(LABELS), rollup=False):
                    want = expected.get(rolling_key(c), {"count": 0, "figures": {}})
                    assert c.count == want["count"], rolling_key(c)
                    assert {k: v.total for k, v in c.figures.items()} == want["figures"]
                    rec = last.get((c.region, c.label, c.window, c.window_start))
                    if end + GRACE <= wm and w.published(end) and want["count"]:
                        assert rec is not None and rec.count == want["count"], rolling_key(c)
