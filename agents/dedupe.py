"""Dedupe stage: decide, per normalised item, whether it is new, a duplicate or an update.

The decision state is a mapping (a Faust table in the worker, a dict in tests)
that lives on the partition of the item's routing key, the content hash: two
items with the same normalised text always meet on the same partition, so
exact re-sends are caught with any number of workers.

Keys in the store:

* ``h:<content_hash>`` -> ``{"id", "version", "ts"}``: the story that first had this text.
* ``g:<story id>``     -> ``{"version", "content_hash", "ts"}``: the newest version seen of a story
  (on this partition).

Outcomes:

* ``new``: first time this text and this story are seen.
* ``duplicate``: the same text again (``same_guid`` when it is the same story,
  ``same_text`` when another source sent identical text), or an older/equal
  version of a story already seen.
* ``update``: a known story with a higher version and different text, or a
  retraction (``pubstatus: canceled``).

``ts`` is the story time in epoch seconds; :meth:`Deduper.expire` forgets
entries older than the horizon so the store stays bounded.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Literal

from schemas import DuplicateRecord, WireItem

VERSION = "dedupe/1.0.0"

Outcome = Literal["new", "duplicate", "update"]


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    duplicate_of: str | None = None
    reason: str | None = None
    similarity: float = 1.0

    def record(self, item: WireItem) -> DuplicateRecord:
        """The ``wire.duplicates`` record for a duplicate decision."""
        assert self.outcome == "duplicate" and self.duplicate_of and self.reason
        return DuplicateRecord(
            id=item.id,
            duplicate_of=self.duplicate_of,
            reason=self.reason,  # type: ignore[arg-type]
            similarity=self.similarity,
            source=item.source,
            guid=item.guid,
            version=item.version,
            headline=item.headline,
            content_hash=item.content_hash,
            received=item.received,
        )


class Deduper:
    def __init__(self, store: MutableMapping[str, dict], *, horizon_seconds: float = 7 * 86400) -> None:
        self.store = store
        self.horizon = horizon_seconds

    def decide(self, item: WireItem) -> Decision:
        """Decide and remember: the store is updated for new items and updates."""
        ts = item.published.timestamp()
        hkey, gkey = f"h:{item.content_hash}", f"g:{item.id}"
        seen_story = self.store.get(gkey)
        if seen_story is not None:
            newer = item.version > seen_story["version"]
            retraction = item.pubstatus == "canceled" and seen_story.get("pubstatus") != "canceled"
            if not (newer or retraction) or (item.content_hash == seen_story["content_hash"] and not retraction):
                return Decision("duplicate", duplicate_of=item.id, reason="same_guid")
            self._remember(item, ts)
            return Decision("update", duplicate_of=item.id, reason="new_version")
        seen_text = self.store.get(hkey)
        if seen_text is not None:
            return Decision("duplicate", duplicate_of=seen_text["id"], reason="same_text")
        self._remember(item, ts)
        return Decision("new")

    def _remember(self, item: WireItem, ts: float) -> None:
        self.store[f"h:{item.content_hash}"] = {"id": item.id, "version": item.version, "ts": ts}
        self.store[f"g:{item.id}"] = {
            "version": item.version,
            "content_hash": item.content_hash,
            "pubstatus": item.pubstatus,
            "ts": ts,
        }

    def expire(self, now_ts: float) -> int:
        """Forget entries whose story time is older than the horizon before ``now_ts``."""
        cutoff = now_ts - self.horizon
        old = [k for k, v in list(self.store.items()) if v.get("ts", cutoff) < cutoff]
        for k in old:
            del self.store[k]
        return len(old)
