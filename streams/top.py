"""Terminal views: ``wirewatch top`` (live, rich) and ``wirewatch topics`` (one table).

``top`` reads a worker's ``/api/stats`` (counters, latency, dedupe, labels,
regions, latest events) and the consumer lag straight from the broker (when
``WIREWATCH_BROKER`` is set), so lag stays right with any number of workers.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from streams import topics as topic_specs
from streams.lag import PartitionOffsets, read_offsets


def fetch_stats(base_url: str, timeout: float = 5.0) -> dict:
    with urllib.request.urlopen(base_url.rstrip("/") + "/api/stats?recent=1", timeout=timeout) as resp:
        return json.load(resp)


def broker_offsets(bootstrap: str, group: str, group_topics: list[str] | None = None) -> list[PartitionOffsets]:
    from streams.metrics import group_topics as default_group_topics

    return asyncio.run(
        read_offsets(bootstrap, group, [t.name for t in topic_specs.ALL], group_topics or default_group_topics())
    )


def _ms(s: float | None) -> str:
    if s is None:
        return "–"
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def render_top(stats: dict | None, offsets: list[PartitionOffsets] | None, *, error: str | None = None) -> Group:
    """One frame of ``wirewatch top``."""
    parts = []
    if stats is None:
        parts.append(Panel(Text(error or "no worker", style="red"), title="wirewatch top"))
        stats = {}
    w = stats.get("worker", {})
    lat = stats.get("latency", {})
    tp = (stats.get("throughput") or {}).get("now", {})
    rate = stats.get("dedupe_rate")
    summary = Table.grid(padding=(0, 3))
    for _ in range(6):
        summary.add_column()
    lag_parts = [p for p in (offsets or []) if p.group is not None]
    total_lag = sum(p.lag or 0 for p in lag_parts) if offsets is not None else (stats.get("lag") or {}).get("total")
    summary.add_row(
        Text.assemble(("ingest ", "dim"), (f"{tp.get('wire.raw', 0):.1f}/s", "bold")),
        Text.assemble(("classified ", "dim"), (f"{tp.get('events.classified', 0):.1f}/s", "bold")),
        Text.assemble(("lag ", "dim"), (str(total_lag if total_lag is not None else "–"), "bold red" if total_lag else "bold green")),
        Text.assemble(("→classified p50/p99 ", "dim"), (f"{_ms(lat.get('classified', {}).get('p50'))} / {_ms(lat.get('classified', {}).get('p99'))}", "bold")),
        Text.assemble(("→regions p50/p99 ", "dim"), (f"{_ms(lat.get('regions', {}).get('p50'))} / {_ms(lat.get('regions', {}).get('p99'))}", "bold")),
        Text.assemble(("dedupe ", "dim"), ("–" if rate is None else f"{rate * 100:.1f}% dup", "bold")),
    )
    title = f"wirewatch top — worker {w.get('id', '?')} · group {w.get('app_id', '?')}"
    parts.append(Panel(summary, title=title, subtitle=error or time.strftime("%H:%M:%S")))

    t = Table(title="topics", expand=True)
    for col in ("topic", "msg/s", "end offset", "in (worker)", "out (worker)"):
        t.add_column(col, justify="left" if col == "topic" else "right")
    ends: dict[str, int] = {}
    for p in offsets or []:
        ends[p.topic] = ends.get(p.topic, 0) + p.end
    if not ends:
        ends = (stats.get("lag") or {}).get("topics", {})
    for spec in topic_specs.ALL:
        t.add_row(
            spec.name,
            f"{tp.get(spec.name, 0):.1f}",
            str(ends.get(spec.name, "–")),
            f"{stats.get('in', {}).get(spec.name, 0):.0f}",
            f"{stats.get('out', {}).get(spec.name, 0):.0f}",
        )
    lag_t = Table(title="consumer lag", expand=True)
    lag_t.add_column("topic")
    lag_rows = lag_parts or [PartitionOffsets(**{k: v for k, v in p.items() if k != "lag"}) for p in (stats.get("lag") or {}).get("partitions", [])]
    part_ids = sorted({p.partition for p in lag_rows})
    for i in part_ids:
        lag_t.add_column(f"p{i}", justify="right")
    by_topic: dict[str, dict[int, PartitionOffsets]] = {}
    for p in lag_rows:
        by_topic.setdefault(p.topic, {})[p.partition] = p
    for topic, ps in by_topic.items():
        lag_t.add_row(topic, *[(lambda p: Text(str(p.lag), style="red" if p.lag else "green") if p else Text(""))(ps.get(i)) for i in part_ids])

    mix = Table(title="labels · dedupe · dead letters", expand=True)
    mix.add_column("what")
    mix.add_column("n", justify="right")
    for k, v in sorted(stats.get("labels", {}).items(), key=lambda kv: -kv[1]):
        mix.add_row(f"label {k}", f"{v:.0f}")
    for k, v in sorted(stats.get("dedupe_outcomes", {}).items()):
        mix.add_row(f"dedupe {k}", f"{v:.0f}")
    for k, v in sorted(stats.get("deadletters", {}).items()):
        mix.add_row(Text(f"dead letter {k}", style="red"), f"{v:.0f}")
    regions = Table(title="top regions — 24 h", expand=True)
    for col in ("region", "stories", "labels", "figures"):
        regions.add_column(col)
    for r in stats.get("regions", []):
        regions.add_row(
            f"{r.get('name') or r['region']} ({r['region']})",
            str(r["stories"]),
            ", ".join(f"{k} {v}" for k, v in r["labels"].items()),
            ", ".join(f"{k} {v:,.0f}" for k, v in r["figures"].items()),
        )
    events = Table(title="latest classified events", expand=True)
    for col in ("headline", "region", "labels", "evidence"):
        events.add_column(col, overflow="ellipsis", no_wrap=True)
    for e in list(reversed(stats.get("recent", [])))[:8]:
        events.add_row(
            e["headline"],
            (e.get("region") or {}).get("code", "–"),
            ", ".join(h["label"] for h in e["labels"]),
            (e["labels"][0]["evidence"][0] if e["labels"] and e["labels"][0]["evidence"] else ""),
        )
    grid = Table.grid(expand=True)
    grid.add_column(ratio=3)
    grid.add_column(ratio=2)
    grid.add_row(t, lag_t)
    grid.add_row(mix, regions)
    parts += [grid, events]
    return Group(*parts)


def topics_table(offsets: list[PartitionOffsets], group: str) -> Table:
    """``wirewatch topics``: every topic with partitions, end offsets, group and lag."""
    table = Table(title=f"wirewatch topics (consumer group {group!r})")
    table.add_column("topic", no_wrap=True, min_width=23)
    for col in ("kind", "parts", "end offsets", "msgs", "group", "committed", "lag"):
        table.add_column(col, justify="right" if col in ("parts", "msgs", "lag") else "left")
    by_topic: dict[str, list[PartitionOffsets]] = {}
    for p in offsets:
        by_topic.setdefault(p.topic, []).append(p)
    for spec in topic_specs.ALL:
        ps = sorted(by_topic.get(spec.name, []), key=lambda p: p.partition)
        grouped = [p for p in ps if p.group is not None]
        table.add_row(
            spec.name,
            "public" if spec.public else "internal",
            str(len(ps)) if ps else "missing",
            " ".join(str(p.end) for p in ps),
            str(sum(p.end for p in ps)),
            group if grouped else "–",
            " ".join("-" if p.committed is None else str(p.committed) for p in grouped) if grouped else "",
            str(sum(p.lag or 0 for p in grouped)) if grouped else "",
        )
    return table


def topics_json(offsets: list[PartitionOffsets]) -> dict:
    out: dict[str, dict] = {}
    for p in offsets:
        t = out.setdefault(p.topic, {"partitions": [], "end": 0, "lag": None, "groups": []})
        t["partitions"].append(p.as_dict())
        t["end"] += p.end
        if p.group is not None:
            t["lag"] = (t["lag"] or 0) + (p.lag or 0)
            if p.group not in t["groups"]:
                t["groups"].append(p.group)
    return out


def run_top(base_url: str, bootstrap: str | None, group: str, *, interval: float = 1.0, once: bool = False) -> None:
    from rich.console import Console
    from rich.live import Live

    console = Console()

    def frame():
        stats, offsets, error = None, None, None
        try:
            stats = fetch_stats(base_url)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            error = f"cannot reach {base_url}: {getattr(exc, 'reason', exc)}"
        if bootstrap:
            try:
                offsets = broker_offsets(bootstrap, group)
            except Exception as exc:  # broker away: show the worker's view
                error = (error + "; " if error else "") + f"broker: {exc}"
        return render_top(stats, offsets, error=error)

    if once:
        console.print(frame())
        return
    with Live(frame(), console=console, refresh_per_second=4, screen=False) as live:
        try:
            while True:
                time.sleep(interval)
                live.update(frame())
        except KeyboardInterrupt:
            pass
