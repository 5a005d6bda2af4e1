"""What a new classifier version changes: run it over stored items, diff against the stored events.

Plain Python, no Kafka (``streams/reclassify.py`` reads ``wire.unique`` and
``events.classified`` and can publish; ``wirewatch reclassify`` drives it). For
every stored :class:`~schemas.WireItem` the current classifier gives a new
:class:`~schemas.ClassifiedEvent`; it is compared with the event stored for the
same story id and version (the last one stored, which says which
``classifier_version`` made it):

* labels added / removed, per label;
* the primary region changed (old code -> new code);
* the primary figure of a kind changed (what the region tables count: the
  ``primary`` figure, or - for events made before ``primary`` existed - the
  largest figure of the kind, as the tables counted then).

Analysts read the report per label and region before they trust a rule change
with their tables: "displacement: -12 items (list), +3; SY-DY -> SY: 4 items".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from agents.classify import VERSION, classify
from schemas import ClassifiedEvent, WireItem


def _as_dict(event: ClassifiedEvent | Mapping[str, Any]) -> Mapping[str, Any]:
    return event.model_dump(mode="json") if isinstance(event, ClassifiedEvent) else event


def table_figures(event: ClassifiedEvent | Mapping[str, Any]) -> dict[str, float]:
    """kind -> the figure the region tables count for the event: its primary figure of that
    kind, else (events without ``primary``) the largest of that kind."""
    figures = _as_dict(event).get("figures") or []
    primary: dict[str, float] = {}
    largest: dict[str, float] = {}
    for f in figures:
        kind, value = f["kind"], float(f["value"])
        if f.get("primary"):
            primary.setdefault(kind, value)
        if value > largest.get(kind, -1.0):
            largest[kind] = value
    if any(f.get("primary") for f in figures):
        return primary
    return largest


def labels_of(event: ClassifiedEvent | Mapping[str, Any]) -> set[str]:
    return {h["label"] for h in _as_dict(event).get("labels") or []}


def region_of(event: ClassifiedEvent | Mapping[str, Any]) -> str | None:
    region = _as_dict(event).get("region")
    return region["code"] if region else None


@dataclass(slots=True)
class Change:
    """How one story's event differs between the stored version and the current classifier."""

    id: str
    version: int
    old_classifier: str
    headline: str = ""
    added: set[str] = field(default_factory=set)  # labels
    removed: set[str] = field(default_factory=set)
    region: tuple[str | None, str | None] | None = None  # (old, new) when it changed
    figures: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)  # kind -> (old, new)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.region or self.figures)


def diff_events(old: ClassifiedEvent | Mapping[str, Any], new: ClassifiedEvent | Mapping[str, Any]) -> Change:
    """The :class:`Change` from the stored event ``old`` to the new one ``new`` (same story)."""
    o, n = _as_dict(old), _as_dict(new)
    change = Change(str(n["id"]), int(n.get("version", 1)), str(o.get("classifier_version", "?")),
                    str(n.get("headline", "")))
    old_labels, new_labels = labels_of(o), labels_of(n)
    change.added = new_labels - old_labels
    change.removed = old_labels - new_labels
    old_region, new_region = region_of(o), region_of(n)
    if old_region != new_region:
        change.region = (old_region, new_region)
    old_figs, new_figs = table_figures(o), table_figures(n)
    for kind in sorted(old_figs.keys() | new_figs.keys()):
        if old_figs.get(kind) != new_figs.get(kind):
            change.figures[kind] = (old_figs.get(kind), new_figs.get(kind))
    return change


@dataclass(slots=True)
class ReclassifyReport:
    """The changes of one reclassify run."""

    items: int = 0  # stored items read
    compared: int = 0  # with a stored event of the same id and version
    unstored: int = 0  # no stored event to compare with
    changes: list[Change] = field(default_factory=list)  # changed items only
    old_versions: Counter[str] = field(default_factory=Counter)  # classifier versions of the stored events
    new_version: str = VERSION

    def by_label(self) -> dict[str, tuple[list[Change], list[Change]]]:
        """label -> (items that gain it, items that lose it)."""
        out: dict[str, tuple[list[Change], list[Change]]] = {}
        for c in self.changes:
            for label in c.added:
                out.setdefault(label, ([], []))[0].append(c)
            for label in c.removed:
                out.setdefault(label, ([], []))[1].append(c)
        return dict(sorted(out.items()))

    def by_region(self) -> dict[str, tuple[list[Change], list[Change]]]:
        """region code -> (items that move into it, items that move out of it)."""
        out: dict[str, tuple[list[Change], list[Change]]] = {}
        for c in self.changes:
            if c.region is None:
                continue
            old, new = c.region
            if new is not None:
                out.setdefault(new, ([], []))[0].append(c)
            if old is not None:
                out.setdefault(old, ([], []))[1].append(c)
        return dict(sorted(out.items()))

    def region_moves(self) -> Counter[tuple[str | None, str | None]]:
        return Counter(c.region for c in self.changes if c.region is not None)


def reclassify(
    items: Iterable[WireItem],
    stored: Mapping[tuple[str, int], ClassifiedEvent | Mapping[str, Any]],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ReclassifyReport, list[ClassifiedEvent]]:
    """Classify ``items`` with the current classifier and diff each against ``stored``
    (``(id, version) -> event``, the last one stored). Returns the report and the new events
    (all of them, changed or not: what ``--publish`` sends). ``progress(done, total)`` is
    called every 25 items and at the end (long runs)."""
    report = ReclassifyReport()
    events: list[ClassifiedEvent] = []
    items = list(items)
    for item in items:
        report.items += 1
        if progress is not None and (report.items % 25 == 0 or report.items == len(items)):
            progress(report.items, len(items))
        new = classify(item)
        events.append(new)
        old = stored.get((new.id, new.version))
        if old is None:
            report.unstored += 1
            continue
        report.compared += 1
        change = diff_events(old, new)
        report.old_versions[change.old_classifier] += 1
        if change.changed:
            report.changes.append(change)
    return report, events


def latest_events(events: Iterable[ClassifiedEvent | Mapping[str, Any]]) -> dict[tuple[str, int], Mapping[str, Any]]:
    """``(id, version) -> event`` keeping the last of each (the order they were stored in)."""
    out: dict[tuple[str, int], Mapping[str, Any]] = {}
    for ev in events:
        d = _as_dict(ev)
        out[(str(d["id"]), int(d.get("version", 1)))] = d
    return out


def _ids(changes: list[Change], limit: int) -> str:
    shown = ", ".join(c.id[:12] for c in changes[:limit])
    return shown + (f", ... (+{len(changes) - limit})" if len(changes) > limit else "")


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:g}"


def format_reclassify(report: ReclassifyReport, *, limit: int = 8, details: bool = False) -> str:
    """The report as text: totals, changes per label, per region, per figure kind."""
    versions = ", ".join(f"{v} x{n}" for v, n in report.old_versions.most_common()) or "-"
    lines = [
        f"reclassified {report.items} stored items with {report.new_version}; compared {report.compared} "
        f"with their stored event ({versions}); {report.unstored} without one",
        f"changed: {len(report.changes)} items",
        "",
        "labels (items gaining / losing the label):",
    ]
    by_label = report.by_label()
    if not by_label:
        lines.append("  no change")
    for label, (gain, lose) in by_label.items():
        lines.append(f"  {label:<14} +{len(gain):<4} -{len(lose):<4}"
                     + (f"  + {_ids(gain, limit)}" if gain else "") + (f"  - {_ids(lose, limit)}" if lose else ""))
    lines += ["", "regions (items moving in / out):"]
    by_region = report.by_region()
    if not by_region:
        lines.append("  no change")
    for code, (into, out_of) in by_region.items():
        lines.append(f"  {code:<10} +{len(into):<4} -{len(out_of):<4}")
    moves = report.region_moves()
    if moves:
        lines.append("  moves: " + "; ".join(f"{o or '-'} -> {n or '-'} x{k}" for (o, n), k in moves.most_common(limit)))
    figure_changes: Counter[str] = Counter(kind for c in report.changes for kind in c.figures)
    lines += ["", "table figures (primary figure per kind) changed:"]
    lines.append("  " + (", ".join(f"{k} x{n}" for k, n in figure_changes.most_common()) or "no change"))
    if details:
        lines += ["", "items:"]
        for c in report.changes:
            parts = []
            if c.added:
                parts.append("+" + ",".join(sorted(c.added)))
            if c.removed:
                parts.append("-" + ",".join(sorted(c.removed)))
            if c.region:
                parts.append(f"region {c.region[0] or '-'} -> {c.region[1] or '-'}")
            for kind, (o, n) in c.figures.items():
                parts.append(f"{kind} {_fmt(o)} -> {_fmt(n)}")
            lines.append(f"  {c.id} v{c.version} [{c.old_classifier}] {c.headline[:60]!r}: " + "; ".join(parts))
    return "\n".join(lines)
