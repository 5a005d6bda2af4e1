"""Regions stage: rolling per-region tables in event time.

State layout (a mapping: a Faust table in the worker, a dict in tests). The
routing key of the input is the region code, so everything about one region
lives on one partition:

* ``s:<region>:<hour>`` -> ``{story_id: contribution}``: the *hour slice*, one
  entry per story whose story time falls in that hour. A contribution is
  ``{"v": version, "ts": story time, "labels": {label: {"figs": {kind: value}, "ev": evidence}}}``.
* ``i:<story_id>``      -> ``{"r": region, "h": hour}``: where a story's current
  contribution lives, so a new version or a retraction replaces it (no double
  counting).
* ``m:<region>``        -> ``{"name", "country"}``.
* ``wm:<partition>``    -> highest story time seen on that partition (the watermark).

Windows are computed from hour slices on demand: every window size is a
multiple of one hour and every step is one hour or one day, so a window
``[end - size, end)`` is the sum of its hour slices. Slices live only in
event time (the story's own published time), never the wall clock, so a
replay of 2019 news fills 2019 windows and queries default to the watermark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from datetime import datetime, timezone

from schemas import ClassifiedEvent, FigureStat, RegionUpdate

VERSION = "regions/1.0.0"
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


_SIZE = re.compile(r"^\s*(\d+)\s*([hd])\s*$")


def parse_windows(spec: str) -> list[WindowSpec]:
    """``"1h,24h,7d"`` -> windows; up to a day they step hourly, longer ones daily."""
    out = []
    for part in spec.split(","):
        m = _SIZE.match(part)
        if not m:
            raise ValueError(f"bad window size {part!r}: use e.g. 1h, 24h, 7d")
        size = int(m.group(1)) * (HOUR if m.group(2) == "h" else DAY)
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
    return {"v": event.version, "ts": event.published.timestamp(), "labels": labels}


class RegionTables:
    def __init__(self, store: MutableMapping, windows: list[WindowSpec], *, partition: int = 0) -> None:
        self.store = store
        self.windows = windows
        self.partition = partition

    # -- writing ---------------------------------------------------------------------------
    def apply(self, event: ClassifiedEvent) -> list[RegionUpdate]:
        """Apply one classified story version; return the window cells it changed.

        A newer version (or a retraction) of a story replaces its previous
        contribution; an older or equal version is ignored (at-least-once
        replays are harmless).
        """
        if event.region is None:
            return []
        region = event.region.code
        ts = event.published.timestamp()
        touched: set[tuple[str, str, float]] = set()  # (label, region, ts)
        correction = False
        prev = self.store.get(f"i:{event.id}")
        if prev is not None:
            slice_key = f"s:{prev['r']}:{prev['h']}"
            old_slice = dict(self.store.get(slice_key) or {})
            old = old_slice.get(event.id)
            if old is not None:
                if old["v"] >= event.version and event.pubstatus != "canceled":
                    return []
                del old_slice[event.id]
                self.store[slice_key] = old_slice
                correction = True
                touched.update((label, prev["r"], old["ts"]) for label in old["labels"])
        self.store[f"m:{region}"] = {"name": event.region.name, "country": event.region.country}
        wm_key = f"wm:{self.partition}"
        self.store[wm_key] = max(self.store.get(wm_key) or 0.0, ts)
        if event.pubstatus == "canceled" or not event.labels:
            self.store[f"i:{event.id}"] = {"r": region, "h": int(ts // HOUR), "gone": True}
        else:
            hour = int(ts // HOUR)
            slice_key = f"s:{region}:{hour}"
            new_slice = dict(self.store.get(slice_key) or {})
            new_slice[event.id] = contribution(event)
            self.store[slice_key] = new_slice
            self.store[f"i:{event.id}"] = {"r": region, "h": hour}
            touched.update((hit.label, region, ts) for hit in event.labels)
        kind = "correction" if correction else "update"
        return [
            self.cell(r, label, w, w.end_for(t), kind=kind)
            for (label, r, t) in sorted(touched)
            for w in self.windows
        ]

    # -- reading ---------------------------------------------------------------------------
    def watermark(self) -> float | None:
        marks = [v for k, v in self.store.items() if isinstance(k, str) and k.startswith("wm:")]
        return max(marks) if marks else None

    def cell(self, region: str, label: str, window: WindowSpec, end: int, *, kind: str = "update") -> RegionUpdate:
        """Aggregate one (region, label, window ending at ``end``) cell from its hour slices."""
        count = 0
        stories: list[tuple[float, str, str]] = []
        figures: dict[str, FigureStat] = {}
        for hour in range((end - window.size) // HOUR, end // HOUR):
            for sid, contrib in (self.store.get(f"s:{region}:{hour}") or {}).items():
                lab = contrib["labels"].get(label)
                if lab is None:
                    continue
                count += 1
                stories.append((contrib["ts"], sid, lab["ev"]))
                for fkind, value in lab["figs"].items():
                    st = figures.get(fkind)
                    figures[fkind] = (
                        FigureStat(total=value, max=value)
                        if st is None
                        else FigureStat(total=st.total + value, max=max(st.max, value))
                    )
        stories.sort(reverse=True)
        meta = self.store.get(f"m:{region}") or {"name": region, "country": region[:2]}
        return RegionUpdate(
            region=region,
            region_name=meta["name"],
            country=meta["country"],
            label=label,
            window=window.name,
            window_start=_dt(end - window.size),
            window_end=_dt(end),
            kind=kind,  # type: ignore[arg-type]
            count=count,
            stories=len({sid for _, sid, _ in stories}),
            figures=figures,
            latest=[sid for _, sid, _ in stories[:MAX_EVIDENCE]],
            evidence=[ev for _, _, ev in stories[:MAX_EVIDENCE] if ev],
            updated=datetime.now(timezone.utc),
        )

    def regions(self) -> list[str]:
        return sorted(k[2:] for k in self.store.keys() if isinstance(k, str) and k.startswith("m:"))

    def labels_of(self, region: str) -> list[str]:
        found: set[str] = set()
        for k, v in self.store.items():
            if isinstance(k, str) and k.startswith(f"s:{region}:"):
                for contrib in v.values():
                    found.update(contrib["labels"])
        return sorted(found)

    def snapshot(self, region: str, window: WindowSpec, at: float | None = None) -> list[RegionUpdate]:
        """Every label's cell for ``region`` in the window containing ``at`` (default: watermark)."""
        at = at if at is not None else self.watermark()
        if at is None:
            return []
        end = window.end_for(at)
        return [c for c in (self.cell(region, lab, window, end) for lab in self.labels_of(region)) if c.count]

    def expire(self, horizon_seconds: float) -> int:
        """Drop hour slices (and their story index entries) older than watermark - horizon."""
        wm = self.watermark()
        if wm is None:
            return 0
        cutoff_hour = int((wm - horizon_seconds) // HOUR)
        dropped = 0
        for key in [k for k in list(self.store.keys()) if isinstance(k, str) and k.startswith("s:")]:
            if int(key.rsplit(":", 1)[1]) < cutoff_hour:
                for sid in (self.store.get(key) or {}):
                    self.store.pop(f"i:{sid}", None)
                del self.store[key]
                dropped += 1
        return dropped


def iter_windows(names: Iterable[str], windows: list[WindowSpec]) -> list[WindowSpec]:
    by_name = {w.name: w for w in windows}
    return [by_name[n] for n in names]
