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
        figures=[Figure(kind="displaced", value=displaced, qualifier="more than", text=f"more than {displaced:,.0f}",
                        primary=True)],
        classifier_version="test",
    )


W1, W24, W7 = parse_windows("1h,24h,7d")


@pytest.fixture
def tables():
    return RegionTables({}, [W1, W24, W7], grace_seconds=6 * HOUR)


def step(tables, ev):
    """Apply one event, then move the watermark to the newest story time seen (one upstream input)."""
    res = tables.apply(ev)
    tables.advance(max(tables.watermark() or 0.0, ev.published.timestamp()))
    res.updates = tables.updates()
    return res


def cell(tables, code, window, label, at=None):
    return next((c for c in tables.snapshot(code, window, at) if c.label == label), None)


def test_parse_windows():
    assert [(x.name, x.size, x.step) for x in (W1, W24, W7)] == [("1h", 3600, 3600), ("24h", 86400, 3600), ("7d", 604800, 86400)]
    with pytest.raises(ValueError):
        parse_windows("1week")
    assert list(W24.ends_containing(T0.timestamp()))[0] == (T0 + timedelta(hours=1)).timestamp()
    assert len(W24.ends_containing(T0.timestamp())) == 24 and len(W7.ends_containing(T0.timestamp())) == 7


def test_event_updates_newest_windows_in_story_time(tables):
    res = step(tables, event())
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


def test_primary_figure_only_one_per_kind(tables):
    ev = event("a").model_copy(update={"figures": [
        Figure(kind="displaced", value=2000, qualifier="thousands", text="Thousands"),
        Figure(kind="displaced", value=20000, text="20,000", primary=True),
        Figure(kind="displaced", value=5000, text="5,000"),
    ]})
    step(tables, ev)
    assert cell(tables, "SY-DY", W24, "displacement").figures["displaced"].total == 20000
    # A kind without a primary figure (background mentions only) adds nothing.
    step(tables, event("b", displaced=300).model_copy(update={"figures": [
        Figure(kind="displaced", value=300, text="300"), Figure(kind="displaced", value=200, text="200")]}))
    c = cell(tables, "SY-DY", W24, "displacement")
    assert (c.count, c.figures["displaced"].total) == (2, 20000)


def test_correction_moving_a_story_to_another_country_removes_it_there(tables):
    step(tables, event("a", displaced=37000))
    step(tables, event("a", version=2, displaced=37000, region=Region(code="IQ-NI", name="Ninawa", country="IQ")))
    assert cell(tables, "SY", W24, "displacement") is None
    assert cell(tables, "IQ", W24, "displacement").figures["displaced"].total == 37000


def test_derived_story_index_survives_a_rebuild(tables):
    step(tables, event("a", version=1, displaced=37000))
    tables.forget()  # after a rebalance: only the store is left
    step(tables, event("a", version=2, displaced=40000))
    c = cell(tables, "SY-DY", W24, "displacement")
    assert (c.count, c.figures["displaced"].total) == (1, 40000)


def test_two_stories_add_and_max_and_country_rollup(tables):
    step(tables, event("a", displaced=1000))
    step(tables, event("b", published=T0 + timedelta(hours=2), displaced=500))
    step(tables, event("c", published=T0 + timedelta(hours=3), displaced=250, region=HL))
    c = cell(tables, "SY-DY", W24, "displacement")
    assert (c.count, c.stories, c.figures["displaced"].total, c.figures["displaced"].max) == (2, 2, 1500, 1000)
    assert c.latest == ["b", "a"]
    sy = cell(tables, "SY", W24, "displacement")
    assert sy.figures["displaced"].total == 1750 and sy.count == 3 and sy.country == "SY"
    assert [e["id"] for e in tables.events("SY-DY", T0.timestamp() - 3600, T0.timestamp() + 86400)] == ["b", "a"]


def test_new_version_replaces_old_contribution_and_replay_is_harmless(tables):
    step(tables, event("a", version=1, displaced=37000))
    assert step(tables, event("a", version=1, displaced=37000)).updates == []
    assert step(tables, event("a", version=0, displaced=1)).updates == []
    step(tables, event("a", version=2, displaced=40000))
    c = cell(tables, "SY-DY", W7, "displacement")
    assert c.figures["displaced"].total == 40000 and c.count == 1


def test_retraction_removes_story_and_says_so(tables):
    step(tables, event("a"))
    res = step(tables, event("a", version=2, pubstatus="canceled"))
    zero = [u for u in res.updates if u.label == "displacement" and u.window == "24h"]
    assert zero and zero[0].count == 0 and zero[0].figures == {}
    assert tables.snapshot("SY-DY", W24) == []


def test_story_older_than_grace_counts_with_corrections_only_beyond_retention_is_late(tables):
    step(tables, event("now", published=T0 + timedelta(days=1)))
    inside = step(tables, event("in-grace", published=T0 + timedelta(days=1) - timedelta(hours=5)))
    assert not inside.late and {u.kind for u in inside.updates} == {"update"}
    # Two days older than the watermark: its 1h and 24h windows are closed, but the tables still
    # hold its hours: it counts, and every closed window it changes gets a correction.
    old = step(tables, event("re-filed", published=T0 - timedelta(days=1)))
    assert not old.late
    corr = {(u.window, u.window_end) for u in old.updates if u.kind == "correction" and u.label == "battle"}
    assert ("1h", T0 - timedelta(days=1) + timedelta(hours=1)) in corr
    # the closed tumbling 24h window holding it (00:00 UTC to 00:00 UTC); other hopping ones are not published once closed
    assert [e for w, e in corr if w == "24h"] == [T0.replace(hour=0)]
    assert "re-filed" in cell(tables, "SY-DY", W7, "battle").latest
    # Older than the retention (7d + grace + a day): late, not counted.
    late = step(tables, event("too-late", published=T0 - timedelta(days=9)))
    assert late.late and late.updates == []
    assert cell(tables, "SY-DY", W7, "battle", at=(T0 - timedelta(days=9)).timestamp()) is None


def test_windows_close_with_final_records(tables):
    step(tables, event("a", published=T0))
    # Move the watermark past the 1h window's end + grace: its cells close with a final record.
    res = step(tables, event("b", published=T0 + timedelta(hours=8), region=HL))
    finals = [u for u in res.updates if u.kind == "final"]
    assert {(u.region, u.label, u.window) for u in finals} >= {("SY-DY", "battle", "1h"), ("SY-DY", "displacement", "1h")}
    f1 = next(u for u in finals if u.region == "SY-DY" and u.window == "1h" and u.label == "displacement")
    assert f1.figures["displaced"].total == 37000 and f1.window_start == T0
    # each closed window gets exactly one final record
    later = step(tables, event("c", published=T0 + timedelta(hours=9), region=HL))
    assert not [u for u in later.updates if u.kind == "final" and u.region == "SY-DY" and u.window == "1h"]
    # The tumbling 24h window (00:00 to 00:00 UTC) closes at its end + grace with a final record;
    # the hopping 24h windows between are not published once closed.
    res = step(tables, event("d", published=T0.replace(hour=0) + timedelta(days=1, hours=6), region=HL))
    f24 = [u for u in res.updates if u.kind == "final" and u.window == "24h" and u.region == "SY-DY"]
    assert [(u.window_start, u.count) for u in f24 if u.label == "battle"] == [(T0.replace(hour=0), 1)]


def test_correction_of_a_closed_window_emits_correction_records(tables):
    step(tables, event("a", published=T0, displaced=37000))
    step(tables, event("z", published=T0 + timedelta(days=2), region=HL))  # closes T0's 1h and 24h windows
    res = step(tables, event("a", version=2, published=T0, displaced=40000))
    corr = [u for u in res.updates if u.kind == "correction" and u.label == "displacement" and u.window == "1h"]
    assert corr and corr[0].figures["displaced"].total == 40000 and corr[0].window_start == T0
    assert cell(tables, "SY-DY", W1, "displacement", at=T0.timestamp()).figures["displaced"].total == 40000


def test_snapshot_at_other_time_and_expiry(tables):
    step(tables, event("old", published=datetime(2019, 1, 1, tzinfo=timezone.utc)))
    step(tables, event("new", published=T0))
    assert cell(tables, "SY-DY", W7, "battle").latest == ["new"]
    jan = datetime(2019, 1, 1, 12, tzinfo=timezone.utc).timestamp()
    assert cell(tables, "SY-DY", W7, "battle", at=jan).latest == ["old"]
    assert tables.expire() == 1  # older than the watermark minus the retention (7d + 6h + 1d)
    assert tables.snapshot("SY-DY", W7, at=jan) == []


def test_event_without_region_changes_nothing(tables):
    assert step(tables, event(region=None)).updates == []
    assert tables.regions() == []


def test_new_version_placed_nowhere_removes_the_story(tables):
    # The batch recomputation counts a story's newest version only, and it has no region: the tables
    # drop the earlier one too (chaos run: a re-filed copy the classifier placed nowhere left its
    # first version counted in Cameroon).
    step(tables, event("a", displaced=37000))
    res = step(tables, event("a", version=2, region=None))
    assert cell(tables, "SY-DY", W24, "displacement") is None
    assert {(u.label, u.count) for u in res.updates if u.window == "24h"} == {("battle", 0), ("displacement", 0)}
    # the gone story stays gone on a replay of its first version, and a later placed version counts again
    assert step(tables, event("a", displaced=37000)).updates == []
    step(tables, event("a", version=3, displaced=5000))
    assert cell(tables, "SY-DY", W24, "displacement").figures["displaced"].total == 5000


def test_emptied_open_tumbling_window_gets_a_zero_record_before_it_closes(tables):
    # (found by the property test) A story counted in the open 24h window [Feb 10, Feb 11) while that
    # window was current (the watermark at 23:00 that day), is retracted once the watermark has moved
    # past the window's end: the window is no longer current, and at its close a final only goes to
    # cells with data. So the retraction itself publishes the emptied cell, else the compacted topic
    # would keep the stale count.
    day = datetime(2019, 2, 10, tzinfo=timezone.utc)
    last = {}
    for ev in [event("b", published=day + timedelta(hours=23), labels=("detention",)),
               event("a", published=day + timedelta(hours=1), labels=("battle",)),
               event("c", published=day + timedelta(days=1, hours=1), labels=("detention",)),
               event("a", published=day + timedelta(days=1, hours=7), labels=(), pubstatus="canceled")]:
        for u in step(tables, ev).updates:
            last[(u.label, u.window, u.window_start)] = u
    rec = last[("battle", "24h", day)]
    assert rec.count == 0 and tables.watermark() >= (day + timedelta(days=1, hours=6)).timestamp()
