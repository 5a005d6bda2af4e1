"""Region tables in event time, without Kafka."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from agents.regions import HOUR, RegionTables, parse_windows
from schemas import ClassifiedEvent, Figure, LabelHit, Region

DY = Region(code="SY-DY", name="Dayr az Zawr", country="SY")
HL = Region(code="SY-HL", name="Halab", country="SY")
T0 = datetime(2019, 2, 10, 9, tzinfo=timezone.utc)


def event(id="s1", version=1, published=T0, displaced=37000.0, labels=("battle", "displacement"),
          region=DY, pubstatus="usable"):
    return ClassifiedEvent(
        id=id, version=version, source="afp", headline=f"headline {id}", published=published,
        received=datetime(2026, 1, 1, tzinfo=timezone.utc), pubstatus=pubstatus,
        labels=[LabelHit(label=l, confidence=0.9, evidence=[f"{l} sentence {id}"]) for l in labels],
        region=region, other_regions=[],
        figures=[Figure(kind="displaced", value=displaced, qualifier="more than", text=f"more than {displaced:,.0f}")],
        classifier_version="test",
    )


W1, W24, W7 = parse_windows("1h,24h,7d")


@pytest.fixture
def tables():
    return RegionTables({}, [W1, W24, W7], grace_seconds=6 * HOUR)


def cell(tables, code, window, label, at=None):
    return next((c for c in tables.snapshot(code, window, at) if c.label == label), None)


def test_parse_windows():
    assert [(x.name, x.size, x.step) for x in (W1, W24, W7)] == [("1h", 3600, 3600), ("24h", 86400, 3600), ("7d", 604800, 86400)]
    with pytest.raises(ValueError):
        parse_windows("1week")
    assert list(W24.ends_containing(T0.timestamp()))[0] == (T0 + timedelta(hours=1)).timestamp()
    assert len(W24.ends_containing(T0.timestamp())) == 24 and len(W7.ends_containing(T0.timestamp())) == 7


def test_event_updates_newest_windows_in_story_time(tables):
    res = tables.apply(event())
    assert not res.late
    assert {(u.label, u.window, u.kind) for u in res.updates} == {
        (l, w, "update") for l in ("battle", "displacement") for w in ("1h", "24h", "7d")
    }
    disp24 = next(u for u in res.updates if u.label == "displacement" and u.window == "24h")
    assert disp24.figures["displaced"].total == 37000 and disp24.count == 1
    assert disp24.window_start < T0 < disp24.window_end
    battle = next(u for u in res.updates if u.label == "battle" and u.window == "24h")
    assert battle.figures == {}  # displaced counts under displacement, not battle
    assert cell(tables, "SY-DY", W24, "displacement").figures["displaced"].total == 37000
    assert datetime.fromtimestamp(tables.region_watermark("SY-DY"), tz=timezone.utc) == T0


def test_two_stories_add_and_max_and_country_rollup(tables):
    tables.apply(event("a", displaced=1000))
    tables.apply(event("b", published=T0 + timedelta(hours=2), displaced=500))
    tables.apply(event("c", published=T0 + timedelta(hours=3), displaced=250, region=HL))
    c = cell(tables, "SY-DY", W24, "displacement")
    assert (c.count, c.stories, c.figures["displaced"].total, c.figures["displaced"].max) == (2, 2, 1500, 1000)
    assert c.latest == ["b", "a"]
    sy = cell(tables, "SY", W24, "displacement")
    assert sy.figures["displaced"].total == 1750 and sy.count == 3 and sy.country == "SY"
    assert [e["id"] for e in tables.events("SY-DY", T0.timestamp() - 3600, T0.timestamp() + 86400)] == ["b", "a"]


def test_new_version_replaces_old_contribution_and_replay_is_harmless(tables):
    tables.apply(event("a", version=1, displaced=37000))
    assert tables.apply(event("a", version=1, displaced=37000)).updates == []
    assert tables.apply(event("a", version=0, displaced=1)).updates == []
    tables.apply(event("a", version=2, displaced=40000))
    c = cell(tables, "SY-DY", W7, "displacement")
    assert c.figures["displaced"].total == 40000 and c.count == 1


def test_retraction_removes_story_and_says_so(tables):
    tables.apply(event("a"))
    res = tables.apply(event("a", version=2, pubstatus="canceled"))
    zero = [u for u in res.updates if u.label == "displacement" and u.window == "24h"]
    assert zero and zero[0].count == 0 and zero[0].figures == {}
    assert tables.snapshot("SY-DY", W24) == []


def test_late_new_story_is_rejected_but_inside_grace_is_counted(tables):
    tables.apply(event("now", published=T0))
    inside = tables.apply(event("in-grace", published=T0 - timedelta(hours=5)))
    assert not inside.late and inside.updates
    late = tables.apply(event("too-late", published=T0 - timedelta(hours=7)))
    assert late.late and late.updates == []
    assert "too-late" not in cell(tables, "SY-DY", W7, "battle").latest


def test_windows_close_with_final_records(tables):
    tables.apply(event("a", published=T0))
    # Move the watermark past the 1h window's end + grace: its cells close with a final record.
    res = tables.apply(event("b", published=T0 + timedelta(hours=8), region=HL))
    finals = [u for u in res.updates if u.kind == "final"]
    assert {(u.region, u.label, u.window) for u in finals} >= {("SY-DY", "battle", "1h"), ("SY-DY", "displacement", "1h")}
    f1 = next(u for u in finals if u.region == "SY-DY" and u.window == "1h" and u.label == "displacement")
    assert f1.figures["displaced"].total == 37000 and f1.window_start == T0
    # each closed window gets exactly one final record
    later = tables.apply(event("c", published=T0 + timedelta(hours=9), region=HL))
    assert not [u for u in later.updates if u.kind == "final" and u.region == "SY-DY" and u.window == "1h"]


def test_correction_of_a_closed_window_emits_correction_records(tables):
    tables.apply(event("a", published=T0, displaced=37000))
    tables.apply(event("z", published=T0 + timedelta(days=2), region=HL))  # closes T0's 1h and 24h windows
    res = tables.apply(event("a", version=2, published=T0, displaced=40000))
    corr = [u for u in res.updates if u.kind == "correction" and u.label == "displacement" and u.window == "1h"]
    assert corr and corr[0].figures["displaced"].total == 40000 and corr[0].window_start == T0
    assert cell(tables, "SY-DY", W1, "displacement", at=T0.timestamp()).figures["displaced"].total == 40000


def test_snapshot_at_other_time_and_expiry(tables):
    tables.apply(event("old", published=datetime(2019, 1, 1, tzinfo=timezone.utc)))
    tables.apply(event("new", published=T0))
    assert cell(tables, "SY-DY", W7, "battle").latest == ["new"]
    jan = datetime(2019, 1, 1, 12, tzinfo=timezone.utc).timestamp()
    assert cell(tables, "SY-DY", W7, "battle", at=jan).latest == ["old"]
    assert tables.expire(7 * 86400) == 1
    assert tables.snapshot("SY-DY", W7, at=jan) == []


def test_event_without_region_changes_nothing(tables):
    assert tables.apply(event(region=None)).updates == []
    assert tables.regions() == []
