"""Near-duplicates, figure updates, arrival order and bounded state (no Kafka)."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timezone

import orjson

from agents.dedupe import Deduper, figures_of
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
    d = Deduper({})
    first = item()
    assert d.decide(first).outcome == "new"
    copy = item(source="reuters", guid="r1", headline="UPDATE 1-US-backed forces make final push against IS, monitor says",
                body=BODY + "\n\n(Reporting by Ellen Francis; Editing by Tom Perry)")
    dec = d.decide(copy)
    assert (dec.outcome, dec.reason, dec.duplicate_of) == ("duplicate", "near_duplicate", first.id)
    assert 0.5 <= dec.similarity < 1.0
    assert dec.record(copy).similarity == dec.similarity


def test_corrected_figure_from_another_source_updates_the_original_story():
    d = Deduper({})
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
    d = Deduper({})
    d.decide(item())
    assert d.decide(item(source="x", guid="x", headline="UPDATE 2-US-backed forces make final push against IS")).outcome == "duplicate"


def test_distinct_devset_stories_are_all_new():
    d = Deduper({})
    rows = [orjson.loads(line) for line in (ROOT / "tests" / "data" / "devset.jsonl").read_text().splitlines()]
    outcomes = [d.decide(item(source="dev", guid=r["id"], headline=r["headline"], body=r["body"])).outcome for r in rows]
    assert outcomes.count("new") == len(rows)


def _interleavings(a: list[int], b: list[int], rng: random.Random, n: int):
    for _ in range(n):
        order = ["a"] * len(a) + ["b"] * len(b)
        rng.shuffle(order)
        yield order


def test_first_arrived_member_of_a_cluster_wins_whatever_the_story_times():
    """Arrival order decides: the copy that arrives first is kept, every later member of
    the cluster is linked to it (never both kept, never both dropped)."""
    a_item = item()
    b_item = item(source="reuters", guid="r1", headline="Final push against IS by US-backed forces",
                  body=BODY + "\n\nFollow our live coverage.", published="2019-02-10T08:00:00Z")  # older story time
    for first, second in ((a_item, b_item), (b_item, a_item)):
        d = Deduper({})
        assert d.decide(first).outcome == "new"
        dec = d.decide(second)
        assert (dec.outcome, dec.duplicate_of) == ("duplicate", first.id)


def test_expiry_keeps_the_store_bounded():
    store: dict = {}
    d = Deduper(store, horizon_seconds=2 * 86400)
    sizes = []
    for day, i in itertools.product(range(12), range(10)):
        it = item(source="s", guid=f"{day}-{i}", headline=f"story {day} {i}", body=f"Body of story {day} {i} " * 5 + f"w{day}x{i}",
                  published=f"2019-02-{day + 1:02d}T{i:02d}:00:00Z")
        d.decide(it)
        d.expire()
        sizes.append(len(store))
    assert max(sizes[-40:]) <= max(sizes[30:40]) * 1.3  # flat once the horizon is full
    assert all(k.startswith("f|") for k in store)


def test_word_bytes_are_the_words_and_numbers_keep_their_forms():
    """The fast word split (bytes.translate) finds exactly the regex's words, also next to non-ASCII
    separators (curly quotes, dashes), non-ASCII letters and digits, and case folding."""
    from agents.formats.base import normalised_word_bytes, normalised_words

    rng = random.Random(3)
    alphabet = "aZ09_ ,.-'\n\t\u2019\u201c\u2014\u00a0\u202f\u00e9\u00df\u0130\u03a3\u03c2\u0663\u4e2d"
    texts = ["Don\u2019t \u201cflee\u201d \u2014 caf\u00e9 STRASSE \u0130stanbul \u0663\u0664 x_y", ""]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(5000)]
    for text in texts:
        assert normalised_word_bytes(text) == [w.encode() for w in normalised_words(text)], text
    assert figures_of("37,000 and 1.5 and 12.500 and 4\u202f200 fled, x2 not, 3,4 no") == {"37000", "1.5", "12500", "4200", "3"}
