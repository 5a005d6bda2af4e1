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

from agents.regions import HOUR, RegionTables, parse_windows
from schemas import ClassifiedEvent, Figure, LabelHit, Region

WINDOWS = parse_windows("1h,24h,7d")
GRACE = 6 * HOUR
T0 = datetime(2024, 5, 1, tzinfo=timezone.utc)
REGIONS = [Region(code="SY-DY", name="Dayr az Zawr", country="SY"), Region(code="SY-HL", name="Halab", country="SY")]
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
                region=draw(st.sampled_from(REGIONS)),
                figures=[Figure(kind=k, value=draw(st.integers(1, 1000)), text="n")
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
        if e.pubstatus == "canceled":
            if prev is not None and prev[0].pubstatus == "canceled":
                continue
        elif prev is not None and prev[1] >= e.version:
            continue
        if prev is None and wm is not None and ts < wm - GRACE:
            continue  # late
        current[e.id] = (e, max(prev[1], e.version) if prev else e.version)
        wm = ts if wm is None else max(wm, ts)
    return {k: e for k, (e, _) in current.items() if e.pubstatus != "canceled" and e.labels}, wm


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
    tables = RegionTables({}, WINDOWS, grace_seconds=GRACE)
    last: dict[tuple, object] = {}  # what a compacted-topic consumer keeps: last record per window key
    for e in evs:
        for u in tables.apply(e).updates:
            last[(u.region, u.label, u.window, u.window_start)] = u
    counted, wm = reference(evs)
    if wm is None:
        return
    for w in WINDOWS:
        # every window end from the first possible to just past the watermark
        for end in range(int(T0.timestamp()) + w.step, int(wm) + w.size + w.step, w.step):
            start = end - w.size
            for region in REGIONS:
                cells = {c.label: c for c in tables._cells(region.code, w, end)}
                for label in LABELS:
                    count, figs = batch_cell(counted, region.code, label, start, end)
                    got = cells.get(label)
                    assert (got.count if got else 0) == count, (region.code, label, w.name, end)
                    assert ({k: v.total for k, v in got.figures.items()} if got else {}) == figs
                    rec = last.get((region.code, label, w.name, datetime.fromtimestamp(start, tz=timezone.utc)))
                    if end + GRACE <= wm:  # closed: the consumer's last record must be exact
                        if count:
                            assert rec is not None and rec.count == count, (region.code, label, w.name, end)
                            assert {k: v.total for k, v in rec.figures.items()} == figs
                        else:
                            assert rec is None or rec.count == 0
    # the country roll-up is the sum of its regions
    for w in WINDOWS:
        end = w.end_for(wm)
        sy = {c.label: c.count for c in tables._cells("SY", w, end)}
        parts = [{c.label: c.count for c in tables._cells(r.code, w, end)} for r in REGIONS]
        assert sy == {l: sum(p.get(l, 0) for p in parts) for l in set().union(*parts)}
