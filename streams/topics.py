"""The topic contract: every topic wirewatch reads or writes, in one place.

Public topics are the interface for downstream consumers (documented in
``docs/topics.md``, which a test keeps in step with this module). Values are
JSON; every message carries these headers:

* ``content-type``     - ``application/json`` on outputs; on ``wire.raw``, the input format.
* ``wirewatch-schema`` - ``<Model>/<version>`` of the value, e.g. ``ClassifiedEvent/1``.
* ``wirewatch-stage``  - on outputs, the producing stage and its version, e.g. ``dedupe/1.0.0``.
* ``wirewatch-received`` - epoch milliseconds when wirewatch received the raw input
  (for end-to-end latency).

Internal topics (prefix ``wirewatch.``) repartition data between stages and
are not part of the contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas import ClassifiedEvent, DeadLetter, DuplicateRecord, RegionUpdate, WireItem
from schemas.models import _Model


@dataclass(frozen=True)
class TopicSpec:
    name: str
    key: str
    model: type[_Model] | None
    doc: str
    public: bool = True
    compacted: bool = False

    @property
    def schema(self) -> str | None:
        return self.model.schema_header() if self.model else None


RAW = TopicSpec(
    "wire.raw",
    "any (producer's choice; a source name or item id is a good key)",
    None,
    "Input: raw bytes of any supported format, with a `content-type` header "
    "(and optionally `wirewatch-source`). Anything that cannot be parsed goes to wire.deadletter.",
)
UNIQUE = TopicSpec(
    "wire.unique",
    "story id",
    WireItem,
    "Normalised, deduplicated wire items: first versions and updates (new versions, retractions).",
)
DUPLICATES = TopicSpec(
    "wire.duplicates",
    "story id of the dropped item",
    DuplicateRecord,
    "Items the dedupe stage dropped, the story they duplicate and why.",
)
CLASSIFIED = TopicSpec(
    "events.classified",
    "story id",
    ClassifiedEvent,
    "One classified event per unique item version: labels with evidence, region, figures.",
)
REGIONS = TopicSpec(
    "regions.rolling",
    "`<region>|<label>|<window>|<window_start ISO>`",
    RegionUpdate,
    "Per-region table updates: one record per changed (region, label, window) cell.",
    compacted=True,
)
LATE = TopicSpec(
    "events.late",
    "story id",
    ClassifiedEvent,
    "Classified events too late for the region tables (story time older than the watermark minus the grace "
    "period); header `wirewatch-late-reason`. They are in events.classified too; only the tables skip them.",
)
DEADLETTER = TopicSpec(
    "wire.deadletter",
    "same key as the input message",
    DeadLetter,
    "Input that could not be processed, with the reason and the original bytes (base64, capped).",
)
NORMALIZED = TopicSpec(
    "wirewatch.normalized",
    "content hash",
    WireItem,
    "Internal: parsed items repartitioned by content hash for the dedupe stage.",
    public=False,
)
DEDUPE_CHAIN = TopicSpec(
    "wirewatch.dedupe-chain",
    "item uid (sent to an explicit partition: the next owner of one of the item's dedupe keys)",
    None,
    "Internal: an item on its way through the partitions that own its dedupe keys (story, text, "
    "LSH bands), with what it has seen so far (see docs/dedupe.md).",
    public=False,
)
REGION_EVENTS = TopicSpec(
    "wirewatch.region-events",
    "country code (ISO 3166-1 alpha-2)",
    ClassifiedEvent,
    "Internal: classified events repartitioned by country for the region tables.",
    public=False,
)

ALL: tuple[TopicSpec, ...] = (RAW, UNIQUE, DUPLICATES, CLASSIFIED, REGIONS, LATE, DEADLETTER, NORMALIZED, DEDUPE_CHAIN, REGION_EVENTS)
PUBLIC: tuple[TopicSpec, ...] = tuple(t for t in ALL if t.public)
BY_NAME = {t.name: t for t in ALL}
