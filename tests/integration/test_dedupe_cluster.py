"""Dedupe across partitions with TWO workers (same app id) on the real broker.

The original and its near-duplicates arrive on different partitions of
``wire.raw`` (keyed by their sources), are normalised wherever those partitions
are consumed, and meet in the one dedupe actor (the single partition of
``wirewatch.normalized``), whichever worker holds it.
"""

from __future__ import annotations

import time

import orjson
import pytest
from aiokafka.partitioner import murmur2

from tests.conftest import read_topic, send_raw

pytestmark = pytest.mark.integration

BODY = (
    "Thousands of civilians have fled the last pocket of jihadist-held territory in eastern Syria, "
    "a conflict monitor reported on Thursday.\n\n"
    "In the last 24 hours, 2,800 people have fled into territory controlled by the Syrian Democratic Forces, "
    "said the Syrian Observatory for Human Rights. This brings the total of civilians displaced in the area "
    "during December to 11,100.\n\n"
    "Hundreds of militants have tried to escape among the civilians. The SDF have arrested more than 500 "
    "fighters who had infiltrated the fleeing populations, the monitor said."
)
HEAD = "Thousands of civilians flee jihadists in Deir Ezzor: monitor"


def _obj(source: str, guid: str, headline: str, body: str) -> dict:
    return {"guid": guid, "source": source, "headline": headline, "body": body, "published": "2018-12-27T10:00:00Z"}


def _partition(obj: dict, n: int = 4) -> int:
    """The wire.raw partition of an input sent keyed by its source."""
    return (murmur2(obj["source"].encode()) & 0x7FFFFFFF) % n


def _metric(worker, name: str) -> float:
    _, text = worker.get("/metrics")
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))


def test_two_workers_catch_near_duplicates_and_figure_updates_across_partitions(broker, worker_factory):
    a, b = worker_factory("a"), worker_factory("b")
    original = _obj("agency-a", "a-1", HEAD, BODY)
    rewrite = _obj("agency-b", "b-1", "UPDATE 1-" + HEAD.replace(": monitor", ", monitor says"),
                   BODY + "\n\n(Reporting by Ellen Francis; Editing by Tom Perry)\n\nFollow our live coverage.")
    corrected = _obj("agency-c", "c-7", HEAD, BODY.replace("11,100", "12,400"))
    parts = {_partition(o) for o in (original, rewrite, corrected)}
    assert len(parts) >= 2, "choose sources that land on different partitions of wire.raw"

    # Let the second worker's join settle, then send (the original first: it is the story).
    time.sleep(4)
    send_raw(broker, orjson.dumps(original), "application/json", source="agency-a")
    unique = read_topic(broker, "wire.unique", until=lambda rs: any(r["value"]["guid"] == "a-1" for r in rs), timeout=90)
    [orig] = [r for r in unique if r["value"]["guid"] == "a-1"]
    story = orig["value"]["id"]
    assert orig["headers"]["wirewatch-outcome"] == "new"

    send_raw(broker, orjson.dumps(rewrite), "application/json", source="agency-b")
    send_raw(broker, orjson.dumps(corrected), "application/json", source="agency-c")

    dups = read_topic(broker, "wire.duplicates", until=lambda rs: any(r["value"]["guid"] == "b-1" for r in rs), timeout=60)
    [dup] = [r for r in dups if r["value"]["guid"] == "b-1"]
    assert dup["value"]["duplicate_of"] == story
    assert dup["value"]["reason"] == "near_duplicate"
    assert 0.4 < dup["value"]["similarity"] < 1.0
    assert dup["headers"]["wirewatch-outcome"] == "duplicate"

    unique = read_topic(broker, "wire.unique", until=lambda rs: any(r["value"]["guid"] == "c-7" for r in rs), timeout=60)
    [upd] = [r for r in unique if r["value"]["guid"] == "c-7"]
    assert upd["headers"]["wirewatch-outcome"] == "update"
    assert upd["key"] == story and upd["value"]["id"] == story  # re-keyed onto the original story
    assert upd["value"]["version"] == 2 and upd["value"]["source"] == "agency-c"
    assert "12,400" in upd["value"]["body"]

    events = read_topic(broker, "events.classified", until=lambda rs: sum(r["key"] == story for r in rs) >= 2, timeout=60)
    assert sorted(r["value"]["version"] for r in events if r["key"] == story) == [1, 2]

    # The three inputs were normalised from different raw partitions and all met in one dedupe actor.
    raws = [_metric(w, 'wirewatch_messages_in_total{topic="wire.raw"}') for w in (a, b)]
    deduped = [_metric(w, 'wirewatch_messages_in_total{topic="wirewatch.normalized"}') for w in (a, b)]
    assert sum(raws) == 3 and sorted(deduped) == [0, 3], (raws, deduped)
    status, text = a.get("/metrics")
    assert 'wirewatch_dedupe_total{outcome="new",source="agency-a"}' in text + b.get("/metrics")[1]

    # Both dashboards show the region, also the one on the worker that does not hold the tables.
    def top(w):
        _, doc = w.get("/api/stats")
        return [r["region"] for r in doc["regions"]]

    deadline = time.monotonic() + 30
    while not all("SY-DY" in top(w) for w in (a, b)) and time.monotonic() < deadline:
        time.sleep(1)
    assert all("SY-DY" in top(w) for w in (a, b)), [top(w) for w in (a, b)]
