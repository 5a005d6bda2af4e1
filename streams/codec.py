"""Encoding of values and headers on wirewatch topics (JSON via pydantic-core/orjson)."""

from __future__ import annotations

import time

from schemas.headers import (  # noqa: F401  (re-exported: the header names, one definition)
    CONTENT_TYPE, DEDUPE_REASON, INPUT, LATE_REASON, OUTCOME, RECEIVED, SCHEMA, SOURCE, SOURCE_ID, STAGE,
)
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


