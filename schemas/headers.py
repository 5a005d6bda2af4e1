"""Header names of wirewatch's topics, one definition each (their meaning: docs/topics.md).

Here, beside the value models, so the stage logic (which imports nothing from ``streams``)
and the Kafka wiring read the same names.
"""

from __future__ import annotations

CONTENT_TYPE = "content-type"
SCHEMA = "wirewatch-schema"
STAGE = "wirewatch-stage"
RECEIVED = "wirewatch-received"
SOURCE = "wirewatch-source"
INPUT = "wirewatch-input"
OUTCOME = "wirewatch-outcome"
DEDUPE_REASON = "wirewatch-dedupe-reason"
SOURCE_ID = "wirewatch-source-id"
LATE_REASON = "wirewatch-late-reason"


def raw_input(content_type: str | None, source: str) -> dict[str, bytes]:
    """The headers of an input written to ``wire.raw``: its format and the feed it came from
    (no content type: ``application/octet-stream``, the normalize stage then detects the format)."""
    return {CONTENT_TYPE: (content_type or "application/octet-stream").encode(), SOURCE: source.encode()}
