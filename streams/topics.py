"""The topic contract: every topic wirewatch reads or writes, in one place.

Public topics are the interface for downstream consumers (documented in
``docs/topics.md``, which a test keeps in step with this module). Values are
JSON; every message carries these headers:

* ``content-type``     - ``application/json`` on outputs; on ``wire.raw``, the input format.
* ``wirewatch-schema`` - ``<Model>/<version>`` of the value, e.g. ``ClassifiedEvent/1``.
* ``wirewatch-stage``  - on outputs, the producing stage and its version, e.g. ``dedupe/1.0.0``.
* ``wirewatch-received`` - epoch milliseconds when wirewatch received the raw input
  (for end-to-end latency).
* ``wirewatch-input``  - on ``wire.unique``, ``wire.duplicates`` and ``wire.deadletter``:
  the raw input the record accounts for, ``<wire.raw partition>:<offset>`` (``#<i>``
  appended for the i-th item of a payload holding several, e.g. a feed). Every
  accepted input comes out on exactly one of those three topics under its id.

Header names are defined once, in :mod:`streams.codec`.

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
    partitions: int | None = None  # None: the configured partition count (WIREWATCH_PARTITIONS)

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
    "story id (one partition: the dedupe stage compares every item with everything remembered, serially)",
    WireItem,
    "Internal: parsed items on their way to the dedupe / classify / regions stage; header `wirewatch-input` "
    "names the raw input (`<partition>:<offset>[#<index>]`).",
    public=False,
    partitions=1,
)

ALL: tuple[TopicSpec, ...] = (RAW, UNIQUE, DUPLICATES, CLASSIFIED, REGIONS, LATE, DEADLETTER, NORMALIZED)
PUBLIC: tuple[TopicSpec, ...] = tuple(t for t in ALL if t.public)
BY_NAME = {t.name: t for t in ALL}
