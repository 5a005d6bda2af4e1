"""`/regions/{code}` answers explain themselves when a window is empty.

region_json talks to the region tables through their public methods only; a fake
with those methods stands in for them here (the stage has its own tests).
"""

from __future__ import annotations

from datetime import datetime, timezone

from agents.regions import parse_windows
from streams.web import region_json

W1, W24, W7 = parse_windows("1h,24h,7d")
STORY = datetime(2019, 2, 10, 9, 30, tzinfo=timezone.utc).timestamp()
TODAY = datetime(2026, 12, 1, 11, 0, tzinfo=timezone.utc).timestamp()


class FakeTables:
    """Holds one 2019 story for SY-DY; the watermark has moved on to today."""

    def __init__(self, watermark: float, stories: list[float]) -> None:
        self.wm = watermark
        self.stories = stories

    def region_watermark(self, code):
        return self.wm

    def region_meta(self, code):
        return {"name": "Dayr az Zawr", "country": "SY"}

    def snapshot(self, code, window, at=None):
        return []  # nothing in the window queried

    def events(self, code, since, until):
        return [
            {"id": "s1", "region": code, "published": datetime.fromtimestamp(ts, tz=timezone.utc).isoformat()}
            for ts in sorted(self.stories, reverse=True)
            if since <= ts < until
        ]


def test_empty_answer_names_watermark_window_and_suggests_at():
    doc = region_json(FakeTables(TODAY, [TODAY - 20 * 86400]), "SY-DY", W7, None)
    assert doc["labels"] == {}
    assert doc["name"] == "Dayr az Zawr" and doc["country"] == "SY"
    assert doc["window_start"] == "2026-11-25T00:00:00+00:00" and doc["window_end"] == "2026-12-02T00:00:00+00:00"
    note = doc["note"]
    assert "7d window 2026-11-25T00:00:00+00:00 .. 2026-12-02T00:00:00+00:00" in note
    assert "watermark 2026-12-01T11:00:00+00:00" in note
    assert doc["suggest_at"] == "2026-11-11T11:00:00+00:00"
    assert f"?at={doc['suggest_at']}" in note


def test_empty_answer_at_an_asked_time_names_that_time():
    asked = datetime(2020, 1, 1, tzinfo=timezone.utc).timestamp()
    doc = region_json(FakeTables(TODAY, []), "SY-DY", W24, asked)
    assert "?at=2020-01-01T00:00:00+00:00" in doc["note"] and "24h window" in doc["note"]
    assert doc["suggest_at"] is None and "?at=<ISO time>" in doc["note"]


def test_dashboard_summary_skips_the_explanation():
    doc = region_json(FakeTables(TODAY, [STORY]), "SY-DY", W24, None, explain=False)
    assert "note" not in doc and doc["labels"] == {}
