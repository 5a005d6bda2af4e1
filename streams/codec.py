"""Encoding of values and headers on wirewatch topics (JSON via pydantic-core/orjson)."""

from __future__ import annotations

import time

from schemas.models import _Model, encode  # noqa: F401  (encode: re-exported, one definition)

JSON = b"application/json"


def headers_for(model: _Model | type[_Model], stage: str, received_ms: int | None = None) -> dict[str, bytes]:
    """Headers every output message carries (see streams/topics.py)."""
    h = {
        CONTENT_TYPE: JSON,
        SCHEMA: model.schema_header().encode(),
        STAGE: stage.encode(),
    }
    if received_ms is not None:
        h[RECEIVED] = str(received_ms).encode()
    return h


def now_ms() -> int:
    return int(time.time() * 1000)


# Header names, one definition each (their meaning: streams/topics.py).
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
