"""The Kafka side of ``wirewatch reclassify``: stored items and events in, new events out.

Reads ``wire.unique`` and ``events.classified`` from the beginning (no consumer
group, nothing committed; stops when both are idle) or JSON-lines files, hands
them to :func:`agents.classify.reclassify.reclassify`, and - with ``publish`` -
sends the new events to ``events.classified`` (key: story id, the headers every
classified event carries).
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Mapping
from typing import Any

from agents.classify import VERSION
from agents.classify.reclassify import ReclassifyReport, latest_events, reclassify
from schemas import ClassifiedEvent, WireItem
from streams import codec, topics
from streams.client import consume, produce


def read_items(path: pathlib.Path) -> list[WireItem]:
    """WireItems from a JSON-lines file (blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [WireItem.model_validate_json(line) for line in lines if line.strip()]


def read_events(path: pathlib.Path) -> dict[tuple[str, int], Mapping[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return latest_events(json.loads(line) for line in lines if line.strip())


async def stored_from_kafka(
    bootstrap: str, *, idle_timeout: float = 3.0
) -> tuple[list[WireItem], dict[tuple[str, int], Mapping[str, Any]]]:
    """Every item on ``wire.unique`` and the last event per (id, version) on ``events.classified``."""
    items: dict[tuple[str, int], WireItem] = {}
    events: list[Mapping[str, Any]] = []
    async for rec in consume(bootstrap, [topics.UNIQUE.name, topics.CLASSIFIED.name], idle_timeout=idle_timeout):
        if rec.value is None:
            continue
        if rec.topic == topics.UNIQUE.name:
            item = WireItem.model_validate_json(rec.value)
            items[(item.id, item.version)] = item  # a re-sent copy of a version is the same item
        else:
            events.append(json.loads(rec.value))
    return list(items.values()), latest_events(events)


async def publish(bootstrap: str, events: list[ClassifiedEvent]) -> int:
    """Send ``events`` to ``events.classified`` (what the classify stage would have sent)."""
    msgs = [(ev.id.encode(), codec.encode(ev), codec.headers_for(ev, VERSION)) for ev in events]
    return await produce(bootstrap, topics.CLASSIFIED.name, msgs)


async def run(
    bootstrap: str | None,
    *,
    items_file: pathlib.Path | None = None,
    events_file: pathlib.Path | None = None,
    do_publish: bool = False,
    idle_timeout: float = 3.0,
) -> tuple[ReclassifyReport, int]:
    """Reclassify from files and/or Kafka; returns the report and how many events were published."""
    if items_file is not None:
        items = read_items(items_file)
        stored = read_events(events_file) if events_file is not None else {}
        if events_file is None and bootstrap:
            _, stored = await stored_from_kafka(bootstrap, idle_timeout=idle_timeout)
    else:
        if not bootstrap:
            raise ValueError("no broker: give --items FILE or set WIREWATCH_BROKER")
        items, stored = await stored_from_kafka(bootstrap, idle_timeout=idle_timeout)
        if events_file is not None:
            stored = read_events(events_file)
    from agents.classify.evaluate import _stderr_progress

    report, events = reclassify(items, stored, progress=_stderr_progress)
    sent = 0
    if do_publish:
        if not bootstrap:
            raise ValueError("--publish needs a broker (WIREWATCH_BROKER)")
        sent = await publish(bootstrap, events)
    return report, sent
