"""Normalize stage: raw bytes from ``wire.raw`` -> WireItems, or a dead letter.

Runs on every raw message. Whatever the bytes are, the result is either one or
more WireItems or exactly one DeadLetter that keeps the original bytes (capped)
and says why: nothing accepted is lost, and nothing raises.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from schemas import DeadLetter, WireItem
from schemas.headers import CONTENT_TYPE, SOURCE
from agents.formats import ParseError, parse_payload

VERSION = "normalize/1.0.0"
log = logging.getLogger(__name__)


@dataclass
class NormalizeResult:
    items: list[WireItem] = field(default_factory=list)
    deadletter: DeadLetter | None = None


def header(headers: Mapping[str, bytes] | None, name: str) -> str | None:
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        return None
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def dead_letter(
    payload: bytes,
    *,
    reason: str,
    error: str,
    stage: str,
    topic: str,
    partition: int | None = None,
    offset: int | None = None,
    content_type: str | None = None,
    max_payload: int = 64 * 1024,
    received: datetime | None = None,
) -> DeadLetter:
    kept = payload[:max_payload]
    return DeadLetter(
        reason=reason,
        error=error,
        stage=stage,
        topic=topic,
        partition=partition,
        offset=offset,
        content_type=content_type,
        payload_b64=base64.b64encode(kept).decode("ascii"),
        payload_size=len(payload),
        truncated=len(kept) < len(payload),
        received=received or datetime.now(timezone.utc),
    )


def normalize(
    payload: bytes | None,
    headers: Mapping[str, bytes] | None,
    *,
    topic: str = "wire.raw",
    partition: int | None = None,
    offset: int | None = None,
    received: datetime | None = None,
    max_deadletter_payload: int = 64 * 1024,
) -> NormalizeResult:
    """Parse one raw message. Headers used: ``content-type``, ``wirewatch-source``."""
    received = received or datetime.now(timezone.utc)
    payload = payload or b""
    ctype = header(headers, CONTENT_TYPE)
    source = header(headers, SOURCE) or "raw"
    try:
        items = parse_payload(payload, ctype, source=source, received=received)
    except ParseError as exc:
        reason, error = exc.reason, exc.message
    except Exception as exc:  # a parser bug must not stop the stream: dead-letter it, loudly
        log.exception("parser failed on %s[%s]@%s", topic, partition, offset)
        reason, error = "parser_error", f"{type(exc).__name__}: {exc}"
    else:
        return NormalizeResult(items=items)
    return NormalizeResult(
        deadletter=dead_letter(
            payload,
            reason=reason,
            error=error,
            stage=VERSION,
            topic=topic,
            partition=partition,
            offset=offset,
            content_type=ctype,
            max_payload=max_deadletter_payload,
            received=received,
        )
    )
