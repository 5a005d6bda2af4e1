"""Per-item work that needs no state, done on another core.

The worker is one Python process, and the serial dedupe · classify · regions actor
(docs/dedupe.md) pays for everything on one core. Most of an item's cost needs no
state, though: parsing a raw message (:func:`agents.normalize.normalize`), an item's
fingerprint (shingles, MinHash: :func:`agents.dedupe.fingerprint`) and its
classification, which reads only the item's text (an update re-keys the event to the
story it updates, nothing else). :class:`Offload` runs these for a whole batch in a
small process pool (``WIREWATCH_OFFLOAD_PROCESSES``; 0, the default, runs them in the
worker) while the worker's own core consumes, decides, keeps the tables and produces.
On 2 cores shared with the broker a pool of 1 measured +9 % to +30 % items/s (three runs) for +150 MiB RSS
(``wirewatch bench`` runs both), hence off by default.

Results are plain values: a fingerprint, and JSON the pipeline can send as is. Without
a pool every item comes back as ``None``, and so does an item the pool could not
handle: the caller then does the work itself, inside its error policy, so a bad input
is dead-lettered with its reason exactly as without the pool. A pool that breaks (a
child killed) is replaced and the batch is done in the worker.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from agents import normalize as normalize_stage
from agents.classify import classify
from agents.dedupe import Fp, fingerprint
from schemas import WireItem
from schemas.models import DeadLetter, encode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawInput:
    """What normalizing one raw message needs (picklable)."""

    value: bytes | None
    headers: dict[str, bytes]
    topic: str
    partition: int
    offset: int
    received_ms: int


@dataclass(frozen=True)
class Normalized:
    """One raw message normalized: per item ``(story id, item JSON)``, or the dead letter of an
    item too large to publish; or the message's own dead letter."""

    items: list[tuple[str, bytes] | DeadLetter]
    deadletter: DeadLetter | None


@dataclass(frozen=True)
class Prepared:
    """A normalized item's fingerprint, and the JSON of its classified event as the item stands."""

    fp: Fp
    classified: bytes


def normalize_one(raw: RawInput, max_deadletter_payload: int, max_item_bytes: int) -> Normalized:
    """Normalize one raw message. An item whose JSON exceeds ``max_item_bytes`` is a dead
    letter (``too_large``) in its place: the broker or the producer would refuse its outputs."""
    # the input's own receipt time (header, else broker timestamp): a replay after a crash
    # gives the very same records, not ones stamped with the replay's clock
    received = datetime.fromtimestamp(raw.received_ms / 1000, tz=timezone.utc)
    result = normalize_stage.normalize(
        raw.value, raw.headers, topic=raw.topic, partition=raw.partition, offset=raw.offset,
        received=received, max_deadletter_payload=max_deadletter_payload,
    )
    items: list[tuple[str, bytes] | DeadLetter] = []
    for i, item in enumerate(result.items):
        data = encode(item)
        if len(data) <= max_item_bytes:
            items.append((item.id, data))
            continue
        entry = f"entry {i} ({item.id})" if len(result.items) > 1 else f"item {item.id}"
        items.append(normalize_stage.dead_letter(
            raw.value or b"", reason="too_large", stage=normalize_stage.VERSION, topic=raw.topic,
            error=f"{entry} is {len(data)} bytes as JSON, over the {max_item_bytes} bytes an item may have "
                  "(WIREWATCH_MAX_ITEM_BYTES)",
            partition=raw.partition, offset=raw.offset, max_payload=max_deadletter_payload,
            content_type=normalize_stage.header(raw.headers, "content-type"), received=received))
    return Normalized(items, result.deadletter)


def prepare_one(value: bytes) -> Prepared:
    item = WireItem.model_validate_json(value)
    return Prepared(fingerprint(item), encode(classify(item)))


def _each(fn: Callable, args: list) -> list:
    out = []
    for a in args:
        try:
            out.append(fn(*a))
        except Exception:  # the caller redoes it under its error policy (dead letter with the reason)
            out.append(None)
    return out


def _normalize_many(raws: list[RawInput], cap: int, max_item: int) -> list[Normalized | None]:
    return _each(normalize_one, [(r, cap, max_item) for r in raws])


def _prepare_many(values: list[bytes]) -> list[Prepared | None]:
    return _each(prepare_one, [(v,) for v in values])


def _child_init() -> None:
    # A pool child ends with its worker, also on kill -9 (no orphans holding memory), and
    # leaves Ctrl-C / SIGTERM to the worker, which shuts the pool down.
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the pool's own pipe closing ends it
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class Offload:
    """A process pool for the stateless per-item work (``processes`` 0: in this process)."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the worker has threads (Faust, aiokafka) a fork would copy mid-state.
            self._pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_child_init)
        return self._pool

    async def _run(self, fn: Callable, items: list, *args: Any) -> list:
        # No pool (or a broken one): None for every item, and the caller does the work where it
        # needs it (its fingerprint inside decide, a classification only for a kept item).
        if self.processes <= 0:
            return [None] * len(items)
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor(), fn, items, *args)
        except BrokenProcessPool:
            log.warning("offload pool broke (a child died): replaced; this batch runs in the worker")
            self.close()
            return [None] * len(items)

    async def start(self) -> None:
        """Start the pool's processes now (their imports take a second), not on the first batch."""
        if self.processes > 0:
            await self._run(_prepare_many, [])

    async def normalize(self, raws: list[RawInput], max_deadletter_payload: int,
                        max_item_bytes: int) -> list[Normalized | None]:
        return await self._run(_normalize_many, raws, max_deadletter_payload, max_item_bytes)

    async def prepare(self, values: list[bytes]) -> list[Prepared | None]:
        return await self._run(_prepare_many, values)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

