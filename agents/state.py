"""Coalesced state writes: a write-back layer over a stage's store.

A Faust table writes a changelog record on every assignment. A stage that
touches the same key for many events (a region's hour slice, the tables'
watermark) would write it as often. :class:`WriteBack` keeps the writes of one
batch in memory and hands each key's last value to the store once, in
:meth:`flush` (Kafka Streams' record cache, Quix's state transactions). Reads see
the pending writes. The pipeline flushes at the end of each batch, before the
batch's input offsets can be acknowledged, so at-least-once holds: nothing is
acknowledged before what it changed is written.

Values are handed over by reference: a stage may keep mutating an object it
stored, and the flush writes its state at that moment.

``reads`` (optional) returns the mapping to read from when it is not the store
itself: a Faust table's underlying store, which answers without the table's
per-read sensor calls (reads are the stages' most frequent operation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

_DELETED = object()


class WriteBack(MutableMapping):
    def __init__(self, store: MutableMapping, reads: Callable[[], Mapping] | None = None) -> None:
        self.store = store
        self._reads = reads
        self._pending: dict[Any, Any] = {}

    @property
    def _source(self) -> Mapping:
        return self.store if self._reads is None else self._reads()

    def __getitem__(self, key: Any) -> Any:
        value = self._pending.get(key, self)
        if value is self:
            value = self._source[key]
            if value is None:  # a Faust table with default=None answers None for a missing key
                raise KeyError(key)
            return value
        if value is _DELETED:
            raise KeyError(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._pending.get(key, self)
        if value is self:
            value = self._source.get(key)
            return default if value is None else value
        return default if value is _DELETED else value

    def __setitem__(self, key: Any, value: Any) -> None:
        self._pending[key] = value

    def __delitem__(self, key: Any) -> None:
        if key not in self:
            raise KeyError(key)
        self._pending[key] = _DELETED

    def __contains__(self, key: object) -> bool:
        value = self._pending.get(key, self)
        if value is self:
            return key in self._source
        return value is not _DELETED

    def __iter__(self) -> Iterator:
        pending = self._pending
        for key in list(self._source.keys()):
            if key not in pending:
                yield key
        for key, value in list(pending.items()):
            if value is not _DELETED:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def dirty(self) -> int:
        """Keys written since the last flush."""
        return len(self._pending)

    def flush(self) -> int:
        """Write every pending key's last value to the store, once. Returns the keys written."""
        pending, self._pending = self._pending, {}
        for key, value in pending.items():
            if value is _DELETED:
                if key in self.store:
                    del self.store[key]
            else:
                self.store[key] = value
        return len(pending)
