"""Dedupe stage decisions, without Kafka."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from agents.dedupe import Deduper
from agents.formats.jsonitem import item_from_object

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def item(**kw):
    obj = {"headline": "Clashes in Idlib", "body": "Fighting broke out in Idlib.", "published": "2025-12-30T10:00:00Z", **kw}
    return item_from_object(obj, source=kw.pop("source", "afp"), received=NOW, raw=b"{}")


def test_new_then_same_guid_resend_is_duplicate():
    d = Deduper({})
    first = item(guid="g1")
    assert d.decide(first).outcome == "new"
    again = d.decide(item(guid="g1"))
    assert (again.outcome, again.reason, again.duplicate_of) == ("duplicate", "same_guid", first.id)


def test_same_text_from_other_source_is_duplicate_of_first_story():
    d = Deduper({})
    first = item(guid="g1", source="afp")
    d.decide(first)
    other = item(guid="x9", source="reuters")
    dec = d.decide(other)
    assert (dec.outcome, dec.reason, dec.duplicate_of) == ("duplicate", "same_text", first.id)
    rec = dec.record(other)
    assert rec.duplicate_of == first.id and rec.id == other.id


def test_whitespace_and_case_changes_are_the_same_text():
    d = Deduper({})
    d.decide(item(guid=None))
    dec = d.decide(item(guid=None, body="FIGHTING  broke out\nin Idlib!"))
    assert dec.outcome == "duplicate"


def test_newer_version_with_changed_text_is_update_older_is_duplicate():
    d = Deduper({})
    d.decide(item(guid="g1", version=1))
    upd = d.decide(item(guid="g1", version=2, body="Fighting broke out in Idlib; 40,000 fled."))
    assert upd.outcome == "update"
    old = d.decide(item(guid="g1", version=1, body="Some older text entirely."))
    assert old.outcome == "duplicate"


def test_retraction_is_an_update():
    d = Deduper({})
    d.decide(item(guid="g1"))
    assert d.decide(item(guid="g1", pubstatus="canceled")).outcome == "update"
    assert d.decide(item(guid="g1", pubstatus="canceled")).outcome == "duplicate"


def test_expire_forgets_old_stories_only():
    store: dict = {}
    d = Deduper(store, horizon_seconds=86400)
    d.decide(item(guid="old", body="old story", published="2025-12-01T00:00:00Z"))
    d.decide(item(guid="new", body="new story", published="2025-12-30T00:00:00Z"))
    removed = d.expire((datetime(2025, 12, 30, tzinfo=timezone.utc) + timedelta(hours=1)).timestamp())
    assert removed == 1  # the old story's fingerprint (and its routing-key entries)
    assert d.decide(item(guid="old", body="old story", published="2025-12-01T00:00:00Z")).outcome == "new"
    assert d.decide(item(guid="new", body="new story", published="2025-12-30T00:00:00Z")).outcome == "duplicate"


def test_replay_after_a_crash_is_not_its_own_duplicate():
    """At-least-once: an input re-consumed after a crash must not be dropped as a re-send of itself."""
    d = Deduper({})
    it = item(guid="replayed", body="Shelling hit the port of Hodeidah overnight, residents said, and 300 families fled.")
    assert d.decide(it, origin="1:42").outcome == "new"  # filed, then the worker died before committing
    assert d.decide(it, origin="1:42").outcome == "new"  # the replay of the same input decides the same
    dec = d.decide(it, origin="3:7")  # the same text sent again: a real duplicate
    assert (dec.outcome, dec.reason) == ("duplicate", "same_guid")


def test_a_replay_does_not_see_what_was_filed_after_it():
    """After a crash the stage re-reads inputs whose later copies were already linked to
    them: the replay must decide as the first time, not as a duplicate of its own copy."""
    d = Deduper({})
    body = ("Fighting between the army and rebels forced 2,000 families from villages near Goma on Tuesday, "
            "local officials said, as shelling continued for a third day.")
    first = item(guid="orig", body=body)
    copy = item(source="other", guid="copy", body=body.replace("2,000", "2,500") + " More to follow.")
    assert d.decide(first, origin="0:1").outcome == "new"
    upd = d.decide(copy, origin="0:2")
    assert (upd.outcome, upd.story_id) == ("update", first.id)
    again = d.decide(first, origin="0:1")  # the replay of the first input
    assert (again.outcome, again.story_id, again.version) == ("new", first.id, 1)
    assert d.decide(copy, origin="0:2") == upd  # and the copy's replay is its update again


def test_a_new_version_from_the_source_goes_above_an_update_from_another_source():
    """Story S v1 from its source; another source's near-copy with a new figure becomes S v2;
    then the source re-files S as its own version 2: published as S v3, not a second v2."""
    d = Deduper({})
    body = ("Shelling of the northern districts of Kharkiv killed 4 people overnight and forced "
            "some 3,000 residents into metro shelters, the regional governor said on Monday.")
    s1 = item(guid="kh", body=body, version=1)
    assert d.decide(s1).outcome == "new"
    other = d.decide(item(source="other", guid="o", body=body.replace("3,000", "3,500")))
    assert (other.outcome, other.story_id, other.version) == ("update", s1.id, 2)
    refiled = d.decide(item(guid="kh", body=body.replace("killed 4", "killed 5"), version=2))
    assert (refiled.outcome, refiled.reason, refiled.story_id, refiled.version) == ("update", "new_version", s1.id, 3)


def test_an_update_from_a_third_source_goes_above_every_version_of_the_story():
    d = Deduper({})
    body = ("Shelling of the northern districts of Kharkiv killed 4 people overnight and forced "
            "some 3,000 residents into metro shelters, the regional governor said on Monday.")
    s1 = item(guid="kh", body=body, version=1)
    d.decide(s1)
    assert d.decide(item(source="b", guid="b", body=body.replace("3,000", "3,500"))).version == 2
    assert d.decide(item(guid="kh", body=body.replace("killed 4", "killed 5"), version=2)).version == 3
    # a copy close to the original text only (not to the source's own re-file): still above v3
    third = d.decide(item(source="c", guid="c", body=body.replace("3,000", "4,000")))
    assert (third.outcome, third.story_id, third.version) == ("update", s1.id, 4)
