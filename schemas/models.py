"""The wire formats of wirewatch's public topics, as pydantic v2 models.

Every value on a public topic is one of these models, serialised as JSON
(orjson). Each model carries a ``SCHEMA`` name and ``SCHEMA_VERSION``; the pair
goes into the ``wirewatch-schema`` header (``WireItem/1``) so a consumer can
pick the right decoder without reading the payload first. A change that a
consumer could notice (a removed or retyped field) bumps the version; adding
an optional field does not.

The JSON Schema files under ``schemas/json/`` are exported from these models by
``python -m schemas.export`` and checked for drift by the test suite.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)

    SCHEMA: ClassVar[str]
    SCHEMA_VERSION: ClassVar[int] = 1

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """An instance from values the caller built with the fields' own types, every field
        given: no validation. For outputs a stage renders in bulk from its typed state
        (region cells: several per story); pydantic's ``model_construct`` costs ~25 us a
        call, this ~2 us. ``tests/test_contract.py`` checks it equals the validated model."""
        fields = cls.__pydantic_fields__
        if len(values) != len(fields) or not all(name in values for name in fields):
            raise TypeError(f"{cls.__name__}.trusted: missing {sorted(fields.keys() - values.keys())}, "
                            f"unknown {sorted(values.keys() - fields.keys())}")
        m = cls.__new__(cls)
        object.__setattr__(m, "__dict__", {name: values[name] for name in fields})  # field order: the JSON's
        object.__setattr__(m, "__pydantic_fields_set__", set(fields))
        object.__setattr__(m, "__pydantic_extra__", None)
        object.__setattr__(m, "__pydantic_private__", None)
        return m

    @classmethod
    def schema_header(cls) -> str:
        """The value of the ``wirewatch-schema`` header, e.g. ``WireItem/1``."""
        return f"{cls.SCHEMA}/{cls.SCHEMA_VERSION}"


def encode(model: _Model) -> bytes:
    """A value's bytes on its topic: JSON by pydantic-core (``streams.codec`` and the stages use this)."""
    return model.__pydantic_serializer__.to_json(model)


PubStatus = Literal["usable", "canceled", "withheld"]


class WireItem(_Model):
    """One normalised wire item (a dispatch, a feed entry, a ninjs/NewsML item).

    ``id`` names the *story*: it stays the same across re-sends and new versions
    of the same item from the same source (it is derived from source + guid, or
    from the text when the input has no guid). ``version`` orders versions of a
    story; ``content_hash`` identifies the normalised text.
    """

    SCHEMA: ClassVar[str] = "WireItem"

    id: str = Field(description="Stable story id (hex), same across re-sends and versions.")
    version: int = Field(1, ge=0, description="Version of the story; higher is newer.")
    source: str = Field(description="Feed or producer name the item came from.")
    guid: str = Field(description="The item's own identifier in its source (or the text hash).")
    format: str = Field(description="Input format: dispatch, json, ninjs, newsml (NewsML-G2 and 1.x), nitf, rss, atom.")
    headline: str
    subheadline: str | None = None
    body: str = Field(description="Body text, paragraphs separated by a blank line.")
    published: datetime = Field(description="Story time (published / versioncreated), UTC.")
    received: datetime = Field(description="When wirewatch received the raw payload, UTC.")
    language: str | None = None
    link: str | None = None
    located: str | None = Field(None, description="Place name the source gives (dateline / located).")
    pubstatus: PubStatus = Field("usable", description="'canceled' marks a retraction.")
    content_hash: str = Field(description="Hash of the normalised headline + body text.")
    payload_hash: str = Field(description="Hash of the raw bytes this item was parsed from.")


DuplicateReason = Literal["same_guid", "same_text", "near_duplicate"]


class DuplicateRecord(_Model):
    """An item the dedupe stage dropped, and the story it duplicates."""

    SCHEMA: ClassVar[str] = "DuplicateRecord"

    id: str = Field(description="Story id of the dropped item.")
    duplicate_of: str = Field(description="Story id of the item it duplicates.")
    reason: DuplicateReason
    similarity: float = Field(1.0, ge=0, le=1)
    source: str
    guid: str
    version: int
    headline: str
    content_hash: str
    received: datetime


class Region(_Model):
    """A place as an ISO 3166-2 subdivision (or ISO 3166-1 country) code."""

    SCHEMA: ClassVar[str] = "Region"
    # Immutable: the classifier hands out one instance per code.
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(description="ISO 3166-2 code (e.g. SY-DY) or ISO 3166-1 alpha-2 (e.g. SY).")
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 country code.")


class Figure(_Model):
    """A number stated in the text, with what it counts and how it is hedged."""

    SCHEMA: ClassVar[str] = "Figure"

    kind: str = Field(description="What is counted: displaced, detained, killed, wounded, fighters, ...")
    value: float = Field(description="Point value (for ranges, the upper bound).")
    low: float | None = Field(None, description="Lower bound of a range, when stated.")
    qualifier: str | None = Field(
        None, description="Hedge: more than, some, up to, at least, about, nearly, ..."
    )
    text: str = Field(description="The exact figure text, e.g. 'more than 37,000'.")
    sentence: str | None = Field(None, description="The sentence that states it.")
    primary: bool = Field(
        False,
        description="The story's primary figure of this kind (the most precise one tied to the event); "
        "at most one per kind. The region tables count primary figures only.",
    )


#: The label each figure kind counts for (the kinds the classifier gives as ``Figure.kind``): one
#: definition for the classifier (a killed count goes with ``battle``, a detained one with
#: ``detention``) and the region tables (a kind's figures are added to its label's cells).
FIGURE_KIND_LABEL: dict[str, str] = {
    "killed": "battle",
    "wounded": "battle",
    "fighters": "battle",
    "displaced": "displacement",
    "detained": "detention",
}


class LabelHit(_Model):
    """One label given to an item, with the sentences that justify it."""

    SCHEMA: ClassVar[str] = "LabelHit"

    label: str
    confidence: float = Field(ge=0, le=1)
    evidence: list[str]


class ClassifiedEvent(_Model):
    """One classified event per unique wire item (keyed by the story id)."""

    SCHEMA: ClassVar[str] = "ClassifiedEvent"

    id: str
    version: int
    source: str
    headline: str
    published: datetime
    received: datetime
    pubstatus: PubStatus = "usable"
    labels: list[LabelHit]
    region: Region | None
    other_regions: list[Region] = Field(default_factory=list)
    figures: list[Figure]
    classifier_version: str


class FigureStat(_Model):
    SCHEMA: ClassVar[str] = "FigureStat"

    total: float
    max: float


WindowKind = Literal["update", "final", "correction"]


class RegionUpdate(_Model):
    """The state of one (region, label, window) cell of the rolling region tables."""

    SCHEMA: ClassVar[str] = "RegionUpdate"

    region: str = Field(description="ISO 3166-2 or ISO 3166-1 code.")
    region_name: str
    country: str
    label: str
    window: str = Field(description="Window size name, e.g. '24h'.")
    window_start: datetime
    window_end: datetime
    kind: WindowKind = "update"
    count: int = Field(description="Items (story versions currently counted) in the window.")
    stories: int = Field(description="Distinct stories in the window.")
    figures: dict[str, FigureStat] = Field(default_factory=dict)
    latest: list[str] = Field(default_factory=list, description="Latest story ids, newest first.")
    evidence: list[str] = Field(default_factory=list, description="Latest evidence sentences.")
    updated: datetime


class DeadLetter(_Model):
    """Input that could not be processed: why, where it came from, and the bytes."""

    SCHEMA: ClassVar[str] = "DeadLetter"

    reason: str = Field(description="Machine-readable reason, e.g. 'unparseable', 'invalid_utf8'.")
    error: str = Field(description="Human-readable explanation.")
    stage: str
    topic: str
    partition: int | None = None
    offset: int | None = None
    content_type: str | None = None
    payload_b64: str = Field(description="Original bytes (base64), capped at the dead-letter size limit.")
    payload_size: int = Field(description="Size of the original payload in bytes.")
    truncated: bool = False
    received: datetime


PUBLIC_MODELS: tuple[type[_Model], ...] = (
    WireItem,
    DuplicateRecord,
    ClassifiedEvent,
    RegionUpdate,
    DeadLetter,
)
