"""Region tables on the real broker: corrections, restarts, late news, routed queries."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import orjson
import pytest

from tests.conftest import ROOT, SAMPLE, read_topic, send_raw
from agents.formats import dispatch

pytestmark = pytest.mark.integration


def sample_json(version: int, figure: str, guid: str = "afp-deir-ezzor-1") -> bytes:
    [item] = dispatch.parse(SAMPLE.read_bytes(), source="afp", received=dispatch.datetime.now(dispatch.timezone.utc))
    body = item.body.replace("more than 37,000", f"more than {figure}")
    assert body != item.body or figure == "37,000"
    return orjson.dumps({"guid": guid, "version": version, "headline": item.headline, "body": body,
                         "published": "2019-02-10T10:00:00Z", "source": "afp"})


def wait_for(fn, timeout=60.0, every=0.5):
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def displaced(worker, code="SY-DY", window="7d"):
    status, doc = worker.get(f"/regions/{code}?window={window}")
    if status != 200 or "displacement" not in doc["labels"]:
        return None
    return doc["labels"]["displacement"]["figures"]["displaced"]["total"]


def test_correction_changes_totals_once_and_survives_kill(broker, worker_factory):
    w = worker_factory("regions-1")
    send_raw(broker, sample_json(1, "37,000"), "application/json", source="afp")
    assert wait_for(lambda: displaced(w) == 37000), displaced(w)

    # A re-filed version with a corrected figure replaces the old contribution: 40,000, not 77,000.
    send_raw(broker, sample_json(2, "40,000"), "application/json", source="afp")
    assert wait_for(lambda: displaced(w) == 40000), displaced(w)
    status, doc = w.get("/regions/SY-DY?window=24h")
    assert doc["labels"]["displacement"]["count"] == 1 and doc["watermark"].startswith("2019-02-10T10:00")

    # Replaying the same version changes nothing.
    send_raw(broker, sample_json(2, "40,000"), "application/json", source="afp")
    time.sleep(3)
    assert displaced(w) == 40000

    # Country roll-up and the events behind the cell.
    assert displaced(w, "SY") == 40000
    status, evs = w.get("/regions/SY-DY/events?window=24h")
    assert status == 200 and [e["version"] for e in evs["events"]] == [2]

    # Kill -9 and restart: the tables come back from their changelogs.
    w.stop(signal.SIGKILL)
    w2 = worker_factory("regions-2")
    assert wait_for(lambda: displaced(w2) == 40000, timeout=90), displaced(w2)

    rolling = read_topic(broker, "regions.rolling", until=lambda rs: any(
        r["value"]["region"] == "SY-DY" and r["value"]["figures"].get("displaced", {}).get("total") == 40000 for r in rs))
    totals = [r["value"]["figures"]["displaced"]["total"] for r in rolling
              if r["value"]["region"] == "SY-DY" and r["value"]["window"] == "7d" and r["value"]["label"] == "displacement"]
    # regions.rolling is compacted, so the 37,000 record may already be gone; never 77,000 (double counting).
    assert totals[-1] == 40000 and 77000 not in totals

    # A story re-filed a day and a half behind the watermark still counts: its closed windows
    # get correction records. Only news older than what the tables hold goes to events.late.
    refiled = orjson.dumps({"guid": "refiled-1", "headline": "Clashes in Deir Ezzor",
                            "body": "Heavy fighting broke out in Deir Ezzor province, forcing 500 people to flee.",
                            "published": "2019-02-09T00:00:00Z"})
    send_raw(broker, refiled, "application/json", source="desk")
    assert wait_for(lambda: displaced(w2) == 40500), displaced(w2)
    rolling = read_topic(broker, "regions.rolling", until=lambda rs: any(
        r["value"]["kind"] == "correction" and r["value"]["window"] == "1h"
        and r["value"]["window_start"].startswith("2019-02-09T00:00") for r in rs))
    assert any(r["value"]["kind"] == "correction" and r["value"]["window_start"].startswith("2019-02-09T00:00")
               for r in rolling)
    late = orjson.dumps({"guid": "late-1", "headline": "Clashes near Deir Ezzor airport",
                         "body": "Government forces shelled villages near the airport of Deir Ezzor, residents said.",
                         "published": "2019-01-20T00:00:00Z"})
    send_raw(broker, late, "application/json", source="late")
    lates = read_topic(broker, "events.late", until=lambda rs: any(r["value"]["headline"].startswith("Clashes near") for r in rs))
    assert lates and lates[0]["headers"]["wirewatch-late-reason"]
    assert displaced(w2) == 40500
    assert 'wirewatch_late_items_total{stage="regions"} 1.0' in w2.get("/metrics")[1]

    # The terminal view shows the same figures.
    out = subprocess.run([sys.executable, "-m", "streams.cli", "regions", "SY-DY", "--window", "7d", "--url", w2.url],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0 and "40,500" in out.stdout and "displacement" in out.stdout


# Distinct stories (short near-identical texts would rightly be near-duplicates of each other).
PLACES = {
    "SY-DY": ("Deir Ezzor", "Air strikes hit oil facilities near Deir Ezzor overnight, and more than 1,200 residents fled east."),
    "UA-63": ("Kharkiv", "Shelling of Kharkiv's northern districts forced some 3,000 people into metro shelters and out of the city."),
    "SD-DN": ("El Fasher", "Paramilitary fighters stormed a camp outside El Fasher; aid groups said 5,000 families left on foot."),
    "IQ-NI": ("Mosul", "Security forces arrested 40 suspected militants in raids across western Mosul, officials said."),
    "YE-MA": ("Marib", "Houthi forces launched a new offensive on Marib, where clashes displaced about 2,500 people this week."),
    "CD-NK": ("Goma", "M23 rebels advanced toward Goma as thousands crowded into displacement sites along the lake shore."),
    "ML-7": ("Gao", "Jihadist gunmen abducted 12 traders on the road south of Gao, according to local authorities."),
    "SO-BN": ("Mogadishu", "Al-Shabaab fighters attacked a hotel in Mogadishu, and troops detained 15 people after the siege."),
}


def test_queries_are_routed_across_two_workers(broker, worker_factory):
    a = worker_factory("route-a")
    b = worker_factory("route-b")
    for code, (place, body) in PLACES.items():
        send_raw(broker, orjson.dumps({
            "guid": f"route-{code}", "headline": f"Violence in {place}", "body": body,
            "published": "2019-02-10T11:00:00Z"}), "application/json", source="route")
    events = read_topic(broker, "events.classified", until=lambda rs: sum(r["value"]["source"] == "route" for r in rs) >= len(PLACES), timeout=90)
    regions = {r["value"]["region"]["code"] for r in events if r["value"]["source"] == "route" and r["value"]["region"]}
    if len(regions) < len(PLACES):  # say where the items are stuck
        topics = subprocess.run([sys.executable, "-m", "streams.cli", "topics"], capture_output=True, text=True, cwd=ROOT,
                                env={**os.environ, "WIREWATCH_BROKER": broker.url}, timeout=60)
        print(topics.stdout, topics.stderr)
    assert len(regions) == len(PLACES), regions

    def both_agree():
        for code in regions:
            sa, da = a.get(f"/regions/{code}?window=7d")
            sb, db = b.get(f"/regions/{code}?window=7d")
            if sa != 200 or sb != 200 or not da["labels"]:
                return False
            cells = lambda d: {k: (v["count"], v["figures"], v["window_start"]) for k, v in d["labels"].items()}  # noqa: E731
            if cells(da) != cells(db):
                return False
        return True

    assert wait_for(both_agree, timeout=60), "workers disagree or a region is missing"
    # the listing gathers every worker's regions
    status, listing = a.get("/regions?window=7d")
    assert regions <= {r["region"] for r in listing["regions"]}
