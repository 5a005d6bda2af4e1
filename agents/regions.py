"""Regions stage: rolling per-region tables in event time.

Semantics
---------
* **Event time.** An event counts at its story time (``published``), never at
  arrival time: a replay of 2019 news fills 2019 windows.
* **Windows.** ``WIREWATCH_REGION_WINDOWS`` (default ``1h,24h,7d``): windows up to a
  day hop hourly (``1h`` is tumbling), longer ones daily. A window is
  ``[end - size, end)``; ``end`` is a multiple of the step.
* **Watermark, grace and retention.** The watermark is the event time the stream
  has reached: the pipeline computes it as the *minimum* over the upstream input
  partitions of the newest story time each has delivered (as Flink does), so a
  partition consumed ahead of the others does not drag it forward, and hands it to
  :meth:`RegionTables.advance`. A window closes when ``watermark >= end + grace``
  (grace default 6 h); then one ``final`` record is emitted for each of its
  (region, label) cells that holds data. A story older than that is still counted
  as long as the tables hold its hour (``retention``: the longest window + grace +
  a day): every closed window it changes gets a ``correction`` record. Only a
  story older than ``watermark - retention`` is late: it is not counted, it goes
  to ``events.late`` and a counter.
* **Records** (``regions.rolling``, one per changed cell per flush: many changes
  to a cell in a flush give one record of its last state). While windows are
  open, an applied story gives an ``update`` for the newest window of each size
  that contains it, and for the window at the watermark if that contains it.
  When a window closes, the *tumbling* instances of each size (1h every hour,
  24h ending 00:00 UTC, 7d every seven days from the epoch) get a ``final``
  record for every cell with data, and a later change to them a ``correction``:
  the compacted topic holds their exact state. Other hopping windows are
  published while current; ``GET /regions`` answers any window exactly. A record
  is for its code exactly: a country code's record counts the stories placed at
  country level, and the roll-up of its subdivisions is a query.
* **Corrections.** A newer version of a known story (or a retraction) replaces
  the story's previous contribution - never double counted - even when its
  windows have closed; every closed tumbling window whose totals changed gets a
  ``correction`` record. Replays of a version already applied change nothing.
  A new version with no label, or placed nowhere (no region), removes the story's
  contribution, as the batch recomputation counts only its newest version. A
  retraction covers every version up to the highest seen: only a *newer* version
  brings a retracted story back.
* **Figures.** A story adds one figure per kind: its primary figure of that kind
  (``Figure.primary``, chosen by the classifier); other mentions of the kind are
  never added to it, and a kind with no primary figure adds nothing.
* **Countries.** The tables run in the same serial actor as dedupe, so a
  country's regions and its roll-up (query the ISO 3166-1 code, e.g. ``SY``) are
  in one place, and a correction that moves a story to another country removes
  its old contribution there.

State layout (a mapping: a Faust table in the worker, a dict in tests):

* ``s:<region>:<hour>`` -> ``{story_id: contribution}`` (*hour slices*); a
  contribution is ``{"v", "ts", "hl", "labels": {label: {"figs": {kind: value}, "ev": evidence}}}``.
* ``i:<story_id>``      -> ``{"r", "h", "v", "gone": true[, "retracted": true]}``: a story
  that counted once and no longer does (retracted, or its new version has no label or no region).
  Where a *counted* story is, is derived in memory from the slices.
* ``m:<region>``        -> ``{"name", "country"}``.
* ``wm``                -> the watermark (epoch seconds).
* ``x``                 -> ``[[region, hour], ...]`` hours with data whose windows are not all closed.

Windows are summed from hour slices on demand, so state is one entry per
(region, hour) with data, and it expires with :meth:`RegionTables.expire`.
Only this module knows these keys; the topic key of a cell is :func:`rolling_key`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timezone

from schemas import ClassifiedEvent, FigureStat, RegionUpdate
from schemas.models import FIGURE_KIND_LABEL

VERSION = "regions/2.0.0"
HOUR = 3600
DAY = 24 * HOUR

MAX_EVIDENCE = 5


@dataclass(frozen=True)
class WindowSpec:
    """A hopping window of ``size`` seconds advancing by ``step`` (tumbling when equal)."""

    name: str
    size: int
    step: int

    def end_for(self, ts: float) -> int:
        """End of the newest window that contains ``ts``."""
        return int(ts // self.step) * self.step + self.step

    def published(self, end: int) -> bool:
        """Whether the window ending at ``end`` gets final and correction records: the tumbling
        instances of each size (``end`` a multiple of the size: 1h every hour, 24h at 00:00 UTC,
        7d every seven days from the epoch). Other hopping windows are published while current."""
        return end % self.size == 0

    def ends_containing(self, ts: float) -> range:
        """Ends of every window that contains ``ts``."""
        first = self.end_for(ts)
        return range(first, int(ts) + self.size + 1, self.step)


_SIZE = re.compile(r"^\s*(\d+)\s*([hd])\s*$")


def parse_windows(spec: str) -> list[WindowSpec]:
    """``"1h,24h,7d"`` -> windows; up to a day they step hourly, longer ones daily."""
    out = []
    for part in spec.split(","):
        m = _SIZE.match(part)
        if not m or int(m.group(1)) == 0:
            raise ValueError(f"bad window size {part!r}: use e.g. 1h, 24h, 7d")
        size = int(m.group(1)) * (HOUR if m.group(2) == "h" else DAY)
        if size > DAY and size % DAY:
            raise ValueError(f"window {part!r}: windows longer than a day step daily and must be whole days")
        out.append(WindowSpec(part.strip(), size, HOUR if size <= DAY else DAY))
    return out


@lru_cache(maxsize=1 << 14)
def _dt(ts: float) -> datetime:  # window bounds repeat for every cell: cached
    return datetime.fromtimestamp(ts, tz=timezone.utc)


def story_figures(event: ClassifiedEvent) -> dict[str, float]:
    """One figure per kind: the story's primary figure of that kind (``Figure.primary``, set by
    the classifier on the most precise figure tied to the event). Other mentions never count:
    a kind with no primary figure (only background or hypothetical mentions) adds nothing."""
    out: dict[str, float] = {}
    for fig in event.figures:
        if fig.primary and fig.kind not in out:
            out[fig.kind] = fig.value
    return out


def contribution(event: ClassifiedEvent) -> dict:
    """What one story version adds to its region's tables."""
    labels: dict[str, dict] = {}
    names = [hit.label for hit in event.labels]
    for hit in event.labels:
        labels[hit.label] = {"figs": {}, "ev": hit.evidence[0] if hit.evidence else ""}
    for kind, value in story_figures(event).items():
        target = FIGURE_KIND_LABEL.get(kind)  # a kind not listed counts under every label of the story
        for label in [target] if target in labels else ([] if target else names):
            labels[label]["figs"][kind] = value
    return {"v": event.version, "ts": event.published.timestamp(), "hl": event.headline, "labels": labels}


def rolling_key(update: RegionUpdate) -> str:
    """The ``regions.rolling`` key of a cell (compacted: the last record per key is its state)."""
    return f"{update.region}|{update.label}|{update.window}|{update.window_start.isoformat()}"


def counted_versions(events: Iterable[ClassifiedEvent]) -> dict[str, ClassifiedEvent]:
    """Which version of each story the tables count: its highest version, unless that
    version (or a retraction at it) is canceled or has no label."""
    best: dict[str, ClassifiedEvent] = {}
    for e in events:
        cur = best.get(e.id)
        if cur is None or e.version > cur.version or (e.version == cur.version and e.pubstatus == "canceled"):
            best[e.id] = e
    return {k: e for k, e in best.items() if e.pubstatus != "canceled" and e.labels and e.region is not None}


def recompute(
    events: Iterable[ClassifiedEvent], windows: list[WindowSpec], *, closed_at: float | None = None,
    grace_seconds: float = 6 * HOUR,
) -> dict[str, dict]:
    """Batch recomputation of window cells from classified events (any order, replays
    included): ``{rolling key: {"count", "figures": {kind: total}}}`` for each cell with data.

    With ``closed_at`` (a watermark), only the cells whose exact state ``regions.rolling``
    holds then: the tumbling windows closed at that watermark. The reference the
    incremental tables are tested against (property test, chaos tests).
    """
    cells: dict[str, dict] = {}
    for e in counted_versions(events).values():
        assert e.region is not None
        ts = e.published.timestamp()
        contrib = contribution(e)
        for w in windows:
            for end in w.ends_containing(ts):
                if closed_at is not None and not (w.published(end) and end + grace_seconds <= closed_at):
                    continue
                start = _dt(end - w.size).isoformat()
                for label, lab in contrib["labels"].items():
                    cell = cells.setdefault(f"{e.region.code}|{label}|{w.name}|{start}", {"count": 0, "figures": {}})
                    cell["count"] += 1
                    for kind, value in lab["figs"].items():
                        cell["figures"][kind] = cell["figures"].get(kind, 0) + value
    return cells


@dataclass
class Result:
    """What applying one event said (the records of the cells it changed come from
    :meth:`RegionTables.updates`, once per batch)."""

    late: bool = False


@dataclass
class _Acc:
    count: int = 0
    stories: list[tuple[float, str, str]] = field(default_factory=list)
    figures: dict[str, list[float]] = field(default_factory=dict)  # kind -> [total, max]


class RegionTables:
    """The region tables over a key-value store (layout: module docstring)."""

    def __init__(
        self,
        store: MutableMapping,
        windows: list[WindowSpec],
        *,
        grace_seconds: float = 6 * HOUR,
        retention_seconds: float | None = None,
    ) -> None:
        self.store = store
        self.windows = windows
        self.grace = grace_seconds
        self.max_size = max(w.size for w in windows)
        # Hours are kept for the longest window plus the grace period, and a day of slack.
        self.retention = retention_seconds if retention_seconds is not None else self.max_size + grace_seconds + DAY
        # Derived in memory from the store (one scan, see _derive): hour and day aggregates,
        # where each counted story is, the hours with data per region, each country's regions,
        # and the open (region, hour) index as a set.
        self._hcache: dict[tuple[str, int], dict] = {}
        self._dcache: dict[tuple[str, int], dict] = {}
        self._where: dict[str, tuple[str, int, int]] | None = None  # counted story -> (region, hour, version)
        self._hours: dict[str, set[int]] = {}
        self._subs: dict[str, set[str]] = {}
        self._open: set[tuple[str, int]] = set()
        self._open_hours: dict[int, set[str]] = {}  # the same index by hour
        self._pending: dict[tuple[str, str, int], list] = {}  # changed cells not yet rendered (see _mark)

    def forget(self) -> None:
        """Drop what is derived in memory (call after a rebalance: the store may have been
        recovered under us); it is rebuilt from the store on next use."""
        self._where = None
        self._hcache.clear()
        self._dcache.clear()

    def _derive(self) -> None:
        where: dict[str, tuple[str, int, int]] = {}
        hours: dict[str, set[int]] = {}
        subs: dict[str, set[str]] = {}
        for key, value in list(self.store.items()):
            if not isinstance(key, str):
                continue
            if key.startswith("s:"):
                _, region, hour = key.rsplit(":", 2)
                hours.setdefault(region, set()).add(int(hour))
                for sid, c in (value or {}).items():
                    where[sid] = (region, int(hour), c["v"])
            elif key.startswith("m:"):
                subs.setdefault(value["country"], set()).add(key[2:])
        self._hours, self._subs = hours, subs
        self._open = {(r, h) for r, h in self.store.get("x") or []}
        self._open_hours = {}
        for r, h in self._open:
            self._open_hours.setdefault(h, set()).add(r)
        self._hcache.clear()
        self._dcache.clear()
        self._where = where

    def _located(self) -> dict[str, tuple[str, int, int]]:
        if self._where is None:
            self._derive()
        assert self._where is not None
        return self._where

    def _previous(self, story: str) -> dict | None:
        at = self._located().get(story)
        if at is not None:
            return {"r": at[0], "h": at[1], "v": at[2]}
        return self.store.get(f"i:{story}")

    # -- writing ---------------------------------------------------------------------------
    def apply(self, event: ClassifiedEvent) -> Result:
        """Apply one classified story version at the current watermark."""
        prev = self._previous(event.id)
        if event.region is None and prev is None:
            return Result()  # never counted, and nowhere to count it
        # A version placed nowhere counts nowhere, like one without a label: it removes the
        # story's earlier contribution (its "gone" entry stays under the earlier region).
        region = event.region.code if event.region is not None else prev["r"]  # type: ignore[index]
        ts = event.published.timestamp()
        wm = self.store.get("wm")
        canceled = event.pubstatus == "canceled"
        if canceled:
            if prev is not None and prev.get("retracted"):
                return Result()  # already retracted
        elif prev is not None and prev["v"] >= event.version:
            return Result()  # a replay, an older version arriving late, or a version a retraction covers
        elif prev is None and not event.labels:
            # Never counted, nothing to count. Not remembered either (one record per such story
            # saved): the dedupe stage hands a story's versions over in increasing order.
            return Result()
        if prev is None and wm is not None and ts < wm - self.retention:
            return Result(late=True)  # its hours are no longer held
        # A retraction covers every version up to the highest seen.
        version = max(prev["v"], event.version) if prev is not None else event.version

        touched: dict[tuple[str, float], set[str]] = {}  # (region, ts) -> labels whose cells changed
        removed: tuple[str, float] | None = None  # where the story's earlier contribution was taken from
        if prev is not None and not prev.get("gone"):
            old = self._remove(event.id, prev["r"], prev["h"])
            if old is not None:
                removed = (prev["r"], old["ts"])
                touched[removed] = set(old["labels"])

        if event.region is not None and self.store.get(f"m:{region}") is None:
            self.store[f"m:{region}"] = {"name": event.region.name, "country": event.region.country}
            self._subs.setdefault(event.region.country, set()).add(region)
        hour = int(ts // HOUR)
        if canceled or not event.labels or event.region is None:
            entry = {"r": region, "h": hour, "v": version, "gone": True}
            self.store[f"i:{event.id}"] = {**entry, "retracted": True} if canceled else entry
        else:
            self._put(event.id, region, hour, contribution(event))
            if prev is not None and prev.get("gone"):
                del self.store[f"i:{event.id}"]
            touched.setdefault((region, ts), set()).update(hit.label for hit in event.labels)

        for (r, t), labels in touched.items():
            self._changed_cells(r, t, wm if wm is not None else ts, labels, removal=(r, t) == removed)
        return Result()

    def _put(self, story: str, region: str, hour: int, contrib: dict) -> None:
        key = f"s:{region}:{hour}"
        sl = self.store.get(key)
        sl = {} if sl is None else sl
        sl[story] = contrib
        self.store[key] = sl  # (re)assigned: the store records the write
        self._located()[story] = (region, hour, contrib["v"])
        self._hours.setdefault(region, set()).add(hour)
        self._invalidate(region, hour)
        if (region, hour) not in self._open:
            self._open.add((region, hour))
            self._open_hours.setdefault(hour, set()).add(region)
            self.store["x"] = [*(self.store.get("x") or []), [region, hour]]

    def _remove(self, story: str, region: str, hour: int) -> dict | None:
        key = f"s:{region}:{hour}"
        sl = self.store.get(key)
        old = sl.pop(story, None) if sl else None
        self._located().pop(story, None)
        if sl:
            self.store[key] = sl
        elif key in self.store:
            del self.store[key]
            self._hours.get(region, set()).discard(hour)
        self._invalidate(region, hour)
        return old

    def _invalidate(self, region: str, hour: int) -> None:
        self._hcache.pop((region, hour), None)
        self._dcache.pop((region, hour // 24), None)

    def _changed_cells(self, region: str, ts: float, wm: float, labels: set[str], removal: bool = False) -> None:
        for w in self.windows:
            current = {w.end_for(ts), w.end_for(wm)}
            for end in w.ends_containing(ts):
                if end + self.grace <= wm:
                    if w.published(end):  # closed: its final record (or a correction) is now wrong
                        self._mark(region, w, end, "correction", labels)
                elif end in current:
                    # Open: the story's own newest window and the window at the watermark get an
                    # update; other open windows get their state when they are current or close.
                    self._mark(region, w, end, "update", labels)
                elif removal and w.published(end):
                    # An update published while this tumbling instance was current may count the
                    # story; its final replaces that update only for labels with data, so a label
                    # the removal empties gets its (zero) record now.
                    emptied = {label for label in labels if not self._has_data(region, w, end, label)}
                    if emptied:
                        self._mark(region, w, end, "update", emptied)

    def _mark(self, region: str, w: WindowSpec, end: int, kind: str, labels: set[str] | None) -> None:
        """Note that a cell changed; :meth:`updates` renders each noted cell once.

        ``labels`` None: every label with data (a final record). A correction may empty a
        cell: the labels it touched always get a record, zero or not.
        """
        entry = self._pending.get((region, w.name, end))
        if entry is None:
            self._pending[(region, w.name, end)] = [kind, set(labels or ()), labels is None]
            return
        if entry[0] != "final" or kind == "correction":
            entry[0] = kind
        entry[1] |= labels or set()
        entry[2] = entry[2] or labels is None

    def updates(self) -> list[RegionUpdate]:
        """The records of every cell changed since the last call, one per (region, label,
        window): many changes to one cell in a batch give one record of its final state."""
        pending, self._pending = self._pending, {}
        by_name = {w.name: w for w in self.windows}
        out: list[RegionUpdate] = []
        for (region, name, end), (kind, labels, with_data) in sorted(pending.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1])):
            # Records are per code exactly (a country's record counts the stories placed at country
            # level); the roll-up of a country's subdivisions is a query (snapshot, GET /regions/SY).
            out += self._cells(region, by_name[name], end, kind=kind, labels=labels, with_data=with_data, rollup=False)
        return out

    def advance(self, watermark: float) -> None:
        """Move the watermark forward (never back); every window with data that closed on
        the way gets its final record (in :meth:`updates`)."""
        wm_old = self.store.get("wm")
        if wm_old is not None and watermark <= wm_old:
            return
        self.store["wm"] = watermark
        if wm_old is None:
            return
        lo, hi = wm_old - self.grace, watermark - self.grace  # windows with lo < end <= hi just closed
        if int(hi // HOUR) == int(lo // HOUR):
            return  # no step boundary crossed (all steps are whole hours)
        self._located()
        by_hour = self._open_hours
        # Only tumbling instances get finals: the multiples of each size in (lo, hi], each
        # over the open hours it spans (not every open hour over every window it is in).
        for w in self.windows:
            end = (int(lo) // w.size + 1) * w.size
            while end <= hi:
                for hour in range((end - w.size) // HOUR, end // HOUR):
                    for region in by_hour.get(hour, ()):
                        self._mark(region, w, end, "final", None)
                end += w.size
        done = [h for h in by_hour if h * HOUR + self.max_size + self.grace <= hi]  # every window closed
        if done:
            for h in done:
                for region in by_hour.pop(h):
                    self._open.discard((region, h))
            self.store["x"] = [[r, h] for r, h in self.store.get("x") or [] if h in by_hour]

    # -- reading ---------------------------------------------------------------------------
    def watermark(self) -> float | None:
        """The event time the tables have reached (None before the first event)."""
        return self.store.get("wm")

    def region_watermark(self, region: str) -> float | None:
        """The watermark, if the tables hold ``region`` (or a subdivision of the country)."""
        if self.store.get(f"m:{region}") is None and ("-" in region or not self._members(region)):
            return None
        return self.watermark()

    def region_meta(self, code: str) -> dict:
        """``{"name", "country"}`` of a region the tables hold (empty if none)."""
        return dict(self.store.get(f"m:{code}") or {})

    def _members(self, code: str) -> list[str]:
        """Subdivisions (and the country itself) that roll up into ``code``."""
        if "-" in code:
            return [code]
        self._located()
        return sorted(self._subs.get(code, ()))

    # Window cells are sums of per-hour (and, for day-stepped windows, per-day) aggregates,
    # derived from the slices and cached in memory; a write to a slice drops the aggregates
    # it is part of (_invalidate), and so does a rebuild after recovery (forget).
    def _blocks(self, region: str, window: WindowSpec, end: int) -> list[dict]:
        """The aggregates the window ending at ``end`` sums: per day for day-stepped windows, else per hour."""
        if window.step == DAY:
            return [self._day_agg(region, d) for d in range((end - window.size) // DAY, end // DAY)]
        return [self._hour_agg(region, h) for h in range((end - window.size) // HOUR, end // HOUR)]

    def _has_data(self, region: str, window: WindowSpec, end: int, label: str) -> bool:
        """Whether the (region, label) cell of the window ending at ``end`` counts any story."""
        return any(label in block for block in self._blocks(region, window, end))

    def _hour_agg(self, region: str, hour: int) -> dict:
        cached = self._hcache.get((region, hour))
        if cached is not None:
            return cached
        self._located()
        if hour not in self._hours.get(region, ()):
            return {}
        sl = self.store.get(f"s:{region}:{hour}")
        if not sl:
            return {}
        agg: dict[str, tuple[int, list, dict]] = {}
        for sid, contrib in sl.items():
            for label, lab in contrib["labels"].items():
                count, top, figs = agg.get(label) or (0, [], {})
                top.append((contrib["ts"], sid, lab["ev"]))
                for fkind, value in lab["figs"].items():
                    st = figs.get(fkind)
                    figs[fkind] = (value, value) if st is None else (st[0] + value, max(st[1], value))
                agg[label] = (count + 1, top, figs)
        for _, top, _ in agg.values():  # keep the newest few: a window's latest are among its blocks' latest
            top.sort(reverse=True)
            del top[MAX_EVIDENCE:]
        self._hcache[(region, hour)] = agg
        return agg

    def _day_agg(self, region: str, day: int) -> dict:
        cached = self._dcache.get((region, day))
        if cached is not None:
            return cached
        self._located()
        have = self._hours.get(region, set())
        agg: dict[str, tuple[int, list, dict]] = {}
        for h in range(day * 24, day * 24 + 24):
            if h not in have:
                continue
            for label, (count, top, figs) in self._hour_agg(region, h).items():
                c0, t0, f0 = agg.get(label) or (0, [], {})
                f0 = dict(f0)
                for fkind, (total, mx) in figs.items():
                    st = f0.get(fkind)
                    f0[fkind] = (total, mx) if st is None else (st[0] + total, max(st[1], mx))
                agg[label] = (c0 + count, sorted(t0 + top, reverse=True)[:MAX_EVIDENCE], f0)
        self._dcache[(region, day)] = agg
        return agg

    def _cells(
        self, code: str, window: WindowSpec, end: int, *, kind: str = "update", labels: set[str] | None = None,
        with_data: bool = False, rollup: bool = True,
    ) -> list[RegionUpdate]:
        """Aggregate the (code, window ending at ``end``) cells from hour slices.

        With ``labels``, those labels' cells (empty ones included), and with ``with_data`` also
        every other label with data; without ``labels``, every label with data. ``rollup``: a
        country code sums its subdivisions too (queries); else only what is placed at that code.
        """
        accs: dict[str, _Acc] = {}
        for region in self._members(code) if rollup else [code]:
            for block in self._blocks(region, window, end):
                for label, (count, top, figs) in block.items():
                    acc = accs.get(label)
                    if acc is None:
                        acc = accs[label] = _Acc()
                    acc.count += count
                    acc.stories += top
                    for fkind, (total, mx) in figs.items():
                        st = acc.figures.get(fkind)
                        if st is None:
                            acc.figures[fkind] = [total, mx]
                        else:
                            st[0] += total
                            st[1] = max(st[1], mx)
        if labels is not None:
            accs = {label: accs.get(label) or _Acc() for label in (set(accs) | labels if with_data else labels)}
        meta = self.store.get(f"m:{code}")
        name = meta["name"] if meta else code  # a country roll-up without country-level events: the code
        country = meta["country"] if meta else code.split("-")[0]
        now = datetime.now(timezone.utc)
        start, stop = _dt(end - window.size), _dt(end)
        out = []
        for label in sorted(accs):
            acc = accs[label]
            acc.stories.sort(reverse=True)
            latest = acc.stories[:MAX_EVIDENCE]
            # Built from the tables' own typed values: trusted, not validated (validation was
            # a third of the cost of a record, and there are several records per story).
            out.append(
                RegionUpdate.trusted(
                    region=code,
                    region_name=name,
                    country=country,
                    label=label,
                    window=window.name,
                    window_start=start,
                    window_end=stop,
                    kind=kind,
                    count=acc.count,
                    stories=acc.count,  # a story counts once, at its current version
                    figures={k: FigureStat.trusted(total=float(v[0]), max=float(v[1]))
                             for k, v in acc.figures.items()},
                    latest=[sid for _, sid, _ in latest],
                    evidence=[ev for _, _, ev in latest if ev],
                    updated=now,
                )
            )
        return out

    def stories(self) -> int:
        """Stories the tables count now."""
        return len(self._located())

    def regions(self) -> list[str]:
        self._located()
        return sorted(r for subs in self._subs.values() for r in subs)

    def snapshot(self, code: str, window: WindowSpec, at: float | None = None) -> list[RegionUpdate]:
        """Every label's cell for ``code`` (region or country) in the window ending after ``at``.

        ``at`` defaults to the watermark of the partition holding the region.
        """
        at = at if at is not None else self.region_watermark(code)
        if at is None:
            return []
        return [c for c in self._cells(code, window, window.end_for(at)) if c.count]

    def events(self, code: str, since: float, until: float) -> list[dict]:
        """Stories counted for ``code`` with story time in ``[since, until)``, newest first."""
        out = []
        for region in self._members(code):
            for hour in range(int(since // HOUR), int(until // HOUR) + 1):
                for sid, c in (self.store.get(f"s:{region}:{hour}") or {}).items():
                    if since <= c["ts"] < until:
                        out.append({
                            "id": sid, "region": region, "version": c["v"], "published": _dt(c["ts"]).isoformat(),
                            "headline": c.get("hl", ""),
                            "labels": {lab: {"figures": v["figs"], "evidence": v["ev"]} for lab, v in c["labels"].items()},
                        })
        return sorted(out, key=lambda e: e["published"], reverse=True)

    def expire(self) -> int:
        """Drop hour slices older than the watermark minus the retention."""
        wm = self.watermark()
        if wm is None:
            return 0
        cutoff_hour = int((wm - self.retention) // HOUR)
        dropped = 0
        where = self._located()
        for key in [k for k in list(self.store.keys()) if isinstance(k, str) and k.startswith("s:")]:
            _, region, hour = key.rsplit(":", 2)
            if int(hour) < cutoff_hour:
                for sid in self.store.get(key) or {}:
                    where.pop(sid, None)
                del self.store[key]
                self._hours.get(region, set()).discard(int(hour))
                dropped += 1
        for cache in (self._hcache, self._dcache):  # derived aggregates of dropped slices
            unit = 1 if cache is self._hcache else 24
            for ck in [ck for ck in cache if (ck[1] + 1) * unit <= cutoff_hour]:
                del cache[ck]
        for key in [k for k in list(self.store.keys()) if isinstance(k, str) and k.startswith("i:")]:
            entry = self.store.get(key)  # retracted stories keep only an index entry
            if entry and entry["h"] < cutoff_hour:
                del self.store[key]
        return dropped
