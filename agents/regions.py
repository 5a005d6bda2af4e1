"""Regions stage: rolling per-region tables in event time.

Semantics
---------
* **Event time.** An event counts at its story time (``published``), never at
  arrival time: a replay of 2019 news fills 2019 windows.
* **Windows.** ``WIREWATCH_REGION_WINDOWS`` (default ``1h,24h,7d``): windows up to a
  day hop hourly (``1h`` is tumbling), longer ones daily. A window is
  ``[end - size, end)``; ``end`` is a multiple of the step.
* **Watermark and grace.** Each partition's watermark is the highest story time
  it has seen. A *new* story older than ``watermark - grace`` (default 6 h) is
  late: it is not counted, it goes to ``events.late`` and a counter. A window
  closes when ``watermark >= end + grace``; then one ``final`` record is emitted
  for each of its (region, label) cells that holds data.
* **Updates.** While windows are open, every applied event emits an ``update``
  for the newest window of each size that contains it (older hopping windows
  get their state in their ``final`` record). A correction restates every
  window containing the old and the new contribution.
* **Corrections.** A newer version of a known story (or a retraction) replaces
  the story's previous contribution - never double counted - even when its
  windows have closed; every closed window whose totals changed gets a
  ``correction`` record. Replays of a version already applied change nothing.
  A retraction covers every version up to the highest seen: only a *newer*
  version brings a retracted story back.
* **Countries.** Events are partitioned by country, so a country's regions and
  its roll-up (query the ISO 3166-1 code, e.g. ``SY``) live on one partition.

State layout (a mapping: a Faust table in the worker, a dict in tests). Every
key belongs to the partition of the events that write it (the country's):

* ``s:<region>:<hour>`` -> ``{story_id: contribution}`` (*hour slices*); a
  contribution is ``{"v", "ts", "hl", "labels": {label: {"figs": {kind: value}, "ev": evidence}}}``.
* ``i:<story_id>``      -> ``{"r": region, "h": hour, "v": version}``: where a story counts.
* ``m:<region>``        -> ``{"name", "country", "p": partition}``.
* ``wm:<partition>``    -> the partition's watermark (epoch seconds).
* ``x:<partition>``     -> ``[[region, hour], ...]`` hours with data whose windows are not all closed.

Windows are summed from hour slices on demand, so state is one entry per
(region, hour) with data, and it expires with :meth:`RegionTables.expire`.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from schemas import ClassifiedEvent, FigureStat, RegionUpdate

VERSION = "regions/1.1.0"
HOUR = 3600
DAY = 24 * HOUR

#: Which label a figure kind counts under. Kinds not listed count under every label of the story.
FIGURE_LABEL = {
    "displaced": "displacement",
    "refugees": "displacement",
    "evacuated": "displacement",
    "returned": "displacement",
    "detained": "detention",
    "arrested": "detention",
    "abducted": "detention",
    "killed": "battle",
    "wounded": "battle",
    "fighters": "battle",
}
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


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=timezone.utc)


def contribution(event: ClassifiedEvent) -> dict:
    """What one story version adds to its region's tables."""
    labels: dict[str, dict] = {}
    names = [hit.label for hit in event.labels]
    for hit in event.labels:
        labels[hit.label] = {"figs": {}, "ev": hit.evidence[0] if hit.evidence else ""}
    for fig in event.figures:
        target = FIGURE_LABEL.get(fig.kind)
        for label in [target] if target in labels else ([] if target else names):
            figs = labels[label]["figs"]
            figs[fig.kind] = figs.get(fig.kind, 0) + fig.value
    return {"v": event.version, "ts": event.published.timestamp(), "hl": event.headline, "labels": labels}


@dataclass
class Result:
    """What applying one event produced."""

    updates: list[RegionUpdate] = field(default_factory=list)
    late: bool = False


@dataclass
class _Acc:
    count: int = 0
    stories: list[tuple[float, str, str]] = field(default_factory=list)
    figures: dict[str, list[float]] = field(default_factory=dict)  # kind -> [total, max]


class RegionTables:
    def __init__(
        self, store: MutableMapping, windows: list[WindowSpec], *, grace_seconds: float = 6 * HOUR, partition: int = 0
    ) -> None:
        self.store = store
        self.windows = windows
        self.grace = grace_seconds
        self.partition = partition
        self.max_size = max(w.size for w in windows)
        self._hcache: dict[tuple[str, int], tuple[dict, dict]] = {}
        self._dcache: dict[tuple[str, int], tuple[tuple, dict]] = {}

    # -- writing ---------------------------------------------------------------------------
    def apply(self, event: ClassifiedEvent) -> Result:
        """Apply one classified story version on the current partition."""
        if event.region is None:
            return Result()
        region = event.region.code
        ts = event.published.timestamp()
        wm_old = self.store.get(f"wm:{self.partition}")
        prev = self.store.get(f"i:{event.id}")
        canceled = event.pubstatus == "canceled"
        if canceled:
            if prev is not None and prev.get("retracted"):
                return Result()  # already retracted
        elif prev is not None and prev["v"] >= event.version:
            return Result()  # a replay, an older version arriving late, or a version a retraction covers
        if prev is None and wm_old is not None and ts < wm_old - self.grace:
            return Result(late=True)
        # A retraction covers every version up to the highest seen.
        version = max(prev["v"], event.version) if prev is not None else event.version

        touched: dict[tuple[str, float], set[str]] = {}  # (region, ts) -> labels whose cells changed
        if prev is not None and not prev.get("gone"):
            slice_key = f"s:{prev['r']}:{prev['h']}"
            old_slice = dict(self.store.get(slice_key) or {})
            old = old_slice.pop(event.id, None)
            if old_slice:
                self.store[slice_key] = old_slice
            elif slice_key in self.store:
                del self.store[slice_key]
            if old is not None:
                touched[(prev["r"], old["ts"])] = set(old["labels"])

        meta = self.store.get(f"m:{region}")
        if meta is None or meta.get("p") != self.partition:
            self.store[f"m:{region}"] = {"name": event.region.name, "country": event.region.country, "p": self.partition}
        hour = int(ts // HOUR)
        if canceled or not event.labels:
            entry = {"r": region, "h": hour, "v": version, "gone": True}
            self.store[f"i:{event.id}"] = {**entry, "retracted": True} if canceled else entry
        else:
            slice_key = f"s:{region}:{hour}"
            new_slice = dict(self.store.get(slice_key) or {})
            new_slice[event.id] = contribution(event)
            self.store[slice_key] = new_slice
            self.store[f"i:{event.id}"] = {"r": region, "h": hour, "v": version}
            self._index(region, hour)
            touched.setdefault((region, ts), set()).update(hit.label for hit in event.labels)

        wm = max(wm_old or ts, ts)
        if wm != wm_old:
            self.store[f"wm:{self.partition}"] = wm
        out: list[RegionUpdate] = []
        for (r, t), labels in touched.items():
            out += self._changed_cells(r, t, wm, labels, correction=prev is not None)
        if wm_old is not None and wm > wm_old:
            out += self._close(wm_old, wm)
        return Result(out)

    def _index(self, region: str, hour: int) -> None:
        key = f"x:{self.partition}"
        idx = self.store.get(key) or []
        if [region, hour] not in idx:
            self.store[key] = [*idx, [region, hour]]

    def _changed_cells(
        self, region: str, ts: float, wm: float, labels: set[str], *, correction: bool
    ) -> list[RegionUpdate]:
        out = []
        for w in self.windows:
            newest = w.end_for(ts)
            # A correction restates every window holding the old/new contribution: older hopping
            # windows may already carry a record (an update or a final) that is now wrong.
            ends = w.ends_containing(ts) if correction else [newest]
            for end in ends:
                kind = "correction" if end + self.grace <= wm else "update"
                # A correction may empty a cell: the touched labels always get a record, zero or not.
                out += self._cells(region, w, end, kind=kind, labels=labels)
        return out

    def _close(self, wm_old: float, wm_new: float) -> list[RegionUpdate]:
        """Final records for every window with data that closed as the watermark moved."""
        lo, hi = wm_old - self.grace, wm_new - self.grace  # windows with lo < end <= hi just closed
        if int(hi // HOUR) == int(lo // HOUR):
            return []  # no step boundary crossed (all steps are whole hours)
        key = f"x:{self.partition}"
        idx = self.store.get(key) or []
        finals: dict[tuple[str, str, int], None] = {}
        keep = []
        for region, hour in idx:
            for w in self.windows:
                for end in w.ends_containing(hour * HOUR):
                    if lo < end <= hi:
                        finals[(region, w.name, end)] = None
            if hour * HOUR + self.max_size + self.grace > hi:
                keep.append([region, hour])
        if len(keep) != len(idx):
            self.store[key] = keep
        by_name = {w.name: w for w in self.windows}
        out = []
        for region, name, end in sorted(finals, key=lambda k: (k[2], k[0], k[1])):
            out += self._cells(region, by_name[name], end, kind="final")
        return out

    # -- reading ---------------------------------------------------------------------------
    def watermark(self, partition: int | None = None) -> float | None:
        if partition is not None:
            return self.store.get(f"wm:{partition}")
        marks = [v for k, v in self.store.items() if isinstance(k, str) and k.startswith("wm:")]
        return max(marks) if marks else None

    def region_watermark(self, region: str) -> float | None:
        """The watermark of the partition that holds ``region`` (or its country)."""
        meta = self.store.get(f"m:{region}")
        if meta is None:
            metas = [m for r, m in self._metas() if m["country"] == region]
            meta = metas[0] if metas else None
        return self.watermark(meta["p"]) if meta else None

    def _metas(self) -> list[tuple[str, dict]]:
        return [(k[2:], v) for k, v in list(self.store.items()) if isinstance(k, str) and k.startswith("m:")]

    def _members(self, code: str) -> list[str]:
        """Subdivisions (and the country itself) that roll up into ``code``."""
        if "-" in code:
            return [code]
        return [r for r, m in self._metas() if m["country"] == code]

    # Window cells are sums of per-hour (and, for day-stepped windows, per-day) aggregates.
    # The aggregates are derived from the table and cached in memory; a cache entry is valid
    # while the slice objects it was computed from are still the ones in the store (slices are
    # replaced, never mutated, on every write, and recovery replaces them too).
    def _hour_agg(self, region: str, hour: int) -> dict:
        sl = self.store.get(f"s:{region}:{hour}")
        if not sl:
            return {}
        cached = self._hcache.get((region, hour))
        if cached is not None and cached[0] is sl:
            return cached[1]
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
        self._hcache[(region, hour)] = (sl, agg)
        return agg

    def _day_agg(self, region: str, day: int) -> dict:
        hours = range(day * 24, day * 24 + 24)
        slices = tuple(self.store.get(f"s:{region}:{h}") for h in hours)
        cached = self._dcache.get((region, day))
        if cached is not None and all(a is b for a, b in zip(cached[0], slices)):
            return cached[1]
        agg: dict[str, tuple[int, list, dict]] = {}
        for h, sl in zip(hours, slices):
            if not sl:
                continue
            for label, (count, top, figs) in self._hour_agg(region, h).items():
                c0, t0, f0 = agg.get(label) or (0, [], {})
                f0 = dict(f0)
                for fkind, (total, mx) in figs.items():
                    st = f0.get(fkind)
                    f0[fkind] = (total, mx) if st is None else (st[0] + total, max(st[1], mx))
                agg[label] = (c0 + count, sorted(t0 + top, reverse=True)[:MAX_EVIDENCE], f0)
        self._dcache[(region, day)] = (slices, agg)
        return agg

    def _cells(
        self, code: str, window: WindowSpec, end: int, *, kind: str = "update", labels: set[str] | None = None
    ) -> list[RegionUpdate]:
        """Aggregate the (code, window ending at ``end``) cells from hour slices.

        With ``labels``, exactly those labels' cells (empty ones included); else every label with data.
        """
        accs: dict[str, _Acc] = {}
        for region in self._members(code):
            if window.step == DAY:
                blocks = [self._day_agg(region, d) for d in range((end - window.size) // DAY, end // DAY)]
            else:
                blocks = [self._hour_agg(region, h) for h in range((end - window.size) // HOUR, end // HOUR)]
            for block in blocks:
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
            accs = {label: accs.get(label) or _Acc() for label in labels}
        meta = self.store.get(f"m:{code}")
        name = meta["name"] if meta else code  # a country roll-up without country-level events: the code
        country = meta["country"] if meta else code.split("-")[0]
        now = datetime.now(timezone.utc)
        out = []
        for label in sorted(accs):
            acc = accs[label]
            acc.stories.sort(reverse=True)
            out.append(
                RegionUpdate(
                    region=code,
                    region_name=name,
                    country=country,
                    label=label,
                    window=window.name,
                    window_start=_dt(end - window.size),
                    window_end=_dt(end),
                    kind=kind,  # type: ignore[arg-type]
                    count=acc.count,
                    stories=acc.count,  # a story counts once, at its current version
                    figures={k: FigureStat(total=v[0], max=v[1]) for k, v in acc.figures.items()},
                    latest=[sid for _, sid, _ in acc.stories[:MAX_EVIDENCE]],
                    evidence=[ev for _, _, ev in acc.stories[:MAX_EVIDENCE] if ev],
                    updated=now,
                )
            )
        return out

    def regions(self) -> list[str]:
        return sorted(r for r, _ in self._metas())

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

    def expire(self, horizon_seconds: float) -> int:
        """Drop this partition's hour slices older than its watermark - horizon."""
        wm = self.watermark(self.partition)
        if wm is None:
            return 0
        cutoff_hour = int((wm - horizon_seconds) // HOUR)
        mine = {r for r, m in self._metas() if m.get("p") == self.partition}
        dropped = 0
        for key in [k for k in list(self.store.keys()) if isinstance(k, str) and k.startswith("s:")]:
            _, region, hour = key.rsplit(":", 2)
            if region in mine and int(hour) < cutoff_hour:
                for sid in self.store.get(key) or {}:
                    self.store.pop(f"i:{sid}", None)
                del self.store[key]
                dropped += 1
        for cache in (self._hcache, self._dcache):  # derived aggregates of dropped slices
            unit = 1 if cache is self._hcache else 24
            for ck in [ck for ck in cache if ck[0] in mine and (ck[1] + 1) * unit <= cutoff_hour]:
                del cache[ck]
        for key in [k for k in list(self.store.keys()) if isinstance(k, str) and k.startswith("i:")]:
            entry = self.store.get(key)  # retracted stories keep only an index entry
            if entry and entry.get("gone") and entry["r"] in mine and entry["h"] < cutoff_hour:
                del self.store[key]
        return dropped

