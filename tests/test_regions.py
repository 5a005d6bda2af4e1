"""Region tables in event time, without Kafka."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from agents.regions import RegionTables, parse_windows
from schemas import ClassifiedEvent, Figure, LabelHit, Region

DY = Region(code="SY-DY", name="Dayr az Zawr", country="SY")


def event(id="s1", version=1, published="2019-02-10T09:00:00Z", displaced=37000.0, labels=("battle", "displacement"),
          region=DY, pubstatus="usable"):
    return ClassifiedEvent(
        id=id, version=version, source="afp", headline="h",
        published=datetime.fromisoformat(published.replace("Z", "+00:00")),
        received=datetime(2026, 1, 1, tzinfo=timezone.utc), pubstatus=pubstatus,
        labels=[LabelHit(label=l, confidence=0.9, evidence=[f"{l} sentence"]) for l in labels],
        region=region, other_regions=[],
        figures=[Figure(kind="displaced", value=displaced, qualifier="more than", text=f"more than {displaced:,.0f}")],
        classifier_version="test",
    )


@pytest.fixture
def tables():
    return RegionTables({}, parse_windows("1h,24h,7d"))


def test_parse_windows():
    w = parse_windows("1h,24h,7d")
    assert [(x.name, x.size, x.step) for x in w] == [("1h", 3600, 3600), ("24h", 86400, 3600), ("7d", 604800, 86400)]
    with pytest.raises(ValueError):
        parse_windows("1week")


def test_event_updates_windows_that_follow_story_time(tables):
    updates = tables.apply(event())
    assert {(u.label, u.window) for u in updates} == {(l, w) for l in ("battle", "displacement") for w in ("1h", "24h", "7d")}
    disp24 = next(u for u in updates if u.label == "displacement" and u.window == "24h")
    assert disp24.figures["displaced"].total == 37000 and disp24.count == 1
    assert disp24.window_start < datetime(2019, 2, 10, 9, tzinfo=timezone.utc) < disp24.window_end
    # displaced figures count under displacement, not under battle
    battle = next(u for u in updates if u.label == "battle" and u.window == "24h")
    assert battle.figures == {}
    snap = {c.label: c for c in tables.snapshot("SY-DY", parse_windows("24h")[0])}
    assert snap["displacement"].figures["displaced"].total == 37000
    assert datetime.fromtimestamp(tables.watermark(), tz=timezone.utc).year == 2019


def test_two_stories_add_and_max(tables):
    tables.apply(event("a", displaced=1000))
    tables.apply(event("b", published="2019-02-10T11:00:00Z", displaced=500))
    [cell] = [c for c in tables.snapshot("SY-DY", parse_windows("24h")[0]) if c.label == "displacement"]
    assert cell.count == 2 and cell.stories == 2
    assert cell.figures["displaced"].total == 1500 and cell.figures["displaced"].max == 1000
    assert cell.latest == ["b", "a"]


def test_new_version_replaces_old_contribution_and_replay_is_harmless(tables):
    tables.apply(event("a", version=1, displaced=37000))
    again = tables.apply(event("a", version=1, displaced=37000))
    assert again == []
    upd = tables.apply(event("a", version=2, displaced=40000))
    assert {u.kind for u in upd} == {"correction"}
    [cell] = [c for c in tables.snapshot("SY-DY", parse_windows("7d")[0]) if c.label == "displacement"]
    assert cell.figures["displaced"].total == 40000 and cell.count == 1


def test_retraction_removes_story(tables):
    tables.apply(event("a"))
    tables.apply(event("a", version=2, pubstatus="canceled"))
    assert tables.snapshot("SY-DY", parse_windows("24h")[0]) == []


def test_snapshot_at_other_time_and_expiry(tables):
    tables.apply(event("old", published="2019-01-01T00:00:00Z"))
    tables.apply(event("new", published="2019-02-10T09:00:00Z"))
    w7 = parse_windows("7d")[0]
    assert [c.latest for c in tables.snapshot("SY-DY", w7) if c.label == "battle"] == [["new"]]
    jan = datetime(2019, 1, 1, 12, tzinfo=timezone.utc).timestamp()
    assert [c.latest for c in tables.snapshot("SY-DY", w7, at=jan) if c.label == "battle"] == [["old"]]
    assert tables.expire(7 * 86400) == 1
    assert tables.snapshot("SY-DY", w7, at=jan) == []


def test_event_without_region_changes_nothing(tables):
    assert tables.apply(event(region=None)) == []
    assert tables.regions() == []
