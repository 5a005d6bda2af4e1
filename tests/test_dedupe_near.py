"""Near-duplicates, figure updates, the partition chain and bounded state (no Kafka)."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timezone

import orjson

from agents.dedupe import Deduper, Envelope, figures_of
from tests.conftest import ROOT
from agents.formats.jsonitem import item_from_object

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
BODY = (
    "Since fighting intensified in December, more than 37,000 people, mostly wives and children of "
    "jihadist fighters, have fled out into SDF-held desert areas, the Observatory said.\n\n"
    "That figure includes some 3,400 suspected jihadists detained by the SDF, according to the monitor, "
    "which relies on sources inside Syria for its information.\n\n"
    "Up to 600 jihadists could still remain inside, most of them foreigners, according to SDF spokesperson Mustafa Bali."
)


def item(source="afp", guid="g1", headline="US-backed forces make final push against IS", body=BODY, **kw):
    obj = {"headline": headline, "body": body, "guid": guid, "published": "2019-02-10T10:00:00Z", **kw}
    return item_from_object(obj, source=source, received=NOW, raw=b"{}")


def test_near_duplicate_from_another_source_is_dropped_with_score():
    d = Deduper({}, partitions=4)
    first = item()
    assert d.decide(first).outcome == "new"
    copy = item(source="reuters", guid="r1", headline="UPDATE 1-US-backed forces make final push against IS, monitor says",
                body=BODY + "\n\n(Reporting by Ellen Francis; Editing by Tom Perry)")
    dec = d.decide(copy)
    assert (dec.outcome, dec.reason, dec.duplicate_of) == ("duplicate", "near_duplicate", first.id)
    assert 0.5 <= dec.similarity < 1.0
    assert dec.record(copy).similarity == dec.similarity


def test_corrected_figure_from_another_source_updates_the_original_story():
    d = Deduper({}, partitions=4)
    first = item()
    d.decide(first)
    fixed = item(source="ap", guid="ap-9", body=BODY.replace("37,000", "40,000"))
    dec = d.decide(fixed)
    assert dec.outcome == "update" and dec.story_id == first.id and dec.version == 2
    pub = dec.published(fixed)
    assert (pub.id, pub.version, pub.source) == (first.id, 2, "ap")
    # The corrected copy re-sent is a duplicate; the old figure again is old news.
    assert d.decide(item(source="ap", guid="ap-9", body=BODY.replace("37,000", "40,000"))).outcome == "duplicate"
    assert d.decide(item(source="dpa", guid="d1", body=BODY + "\n\nMore to follow.")).outcome == "duplicate"


def test_figures_ignore_years_and_desk_slugs_are_not_figures():
    assert figures_of("In 2019 more than 37,000 fled; 3,400 detained") == {"37000", "3400"}
    d = Deduper({}, partitions=4)
    d.decide(item())
    assert d.decide(item(source="x", guid="x", headline="UPDATE 2-US-backed forces make final push against IS")).outcome == "duplicate"


def test_distinct_devset_stories_are_all_new():
    d = Deduper({}, partitions=4)
    rows = [orjson.loads(line) for line in (ROOT / "tests" / "data" / "devset.jsonl").read_text().splitlines()]
    outcomes = [d.decide(item(source="dev", guid=r["id"], headline=r["headline"], body=r["body"])).outcome for r in rows]
    assert outcomes.count("new") == len(rows)


def _interleavings(a: list[int], b: list[int], rng: random.Random, n: int):
    for _ in range(n):
        order = ["a"] * len(a) + ["b"] * len(b)
        rng.shuffle(order)
        yield order


def test_two_near_duplicates_in_flight_at_once_exactly_one_is_kept_in_any_hop_order():
    """Both items travel their chains concurrently; whatever the interleaving of hops,
    exactly one of the two is kept (never both dropped, never both kept)."""
    rng = random.Random(1)
    a_item = item()
    b_item = item(source="reuters", guid="r1", headline="Final push against IS by US-backed forces",
                  body=BODY + "\n\nFollow our live coverage.")
    for order in _interleavings([0] * 4, [0] * 4, rng, 60):
        d = Deduper({}, partitions=4)
        envs = {"a": d.start(a_item, first=0), "b": d.start(b_item, first=3)}
        for who in order:
            env = envs[who]
            if env.route:
                d.visit(env, env.route[0])
        for env in envs.values():
            while env.route:
                d.visit(env, env.route[0])
        outcomes = sorted(d.finish(e).outcome for e in envs.values())
        assert outcomes == ["duplicate", "new"], order


def test_envelope_round_trips():
    d = Deduper({}, partitions=4)
    d.decide(item())
    env = d.start(item(source="ap", guid="z"), first=1)
    d.visit(env, 1)
    again = Envelope.loads(env.dumps())
    assert again.item == env.item and again.fp == env.fp and again.route == env.route and again.hops == env.hops
    assert [(s.rel, s.fp) for s in again.sightings] == [(s.rel, s.fp) for s in env.sightings]


def test_expiry_keeps_the_store_bounded():
    store: dict = {}
    d = Deduper(store, partitions=2, horizon_seconds=2 * 86400)
    sizes = []
    for day, i in itertools.product(range(12), range(10)):
        it = item(source="s", guid=f"{day}-{i}", headline=f"story {day} {i}", body=f"Body of story {day} {i} " * 5 + f"w{day}x{i}",
                  published=f"2019-02-{day + 1:02d}T{i:02d}:00:00Z")
        env = d.start(it)
        while env.route:
            p = env.route[0]
            d.visit(env, p)
            d.expire_partition(p)
        sizes.append(len(store))
    assert max(sizes[-40:]) <= max(sizes[30:40]) * 1.3  # flat once the horizon is full
    assert all(k.split("|")[0] in {"0", "1"} for k in store)
