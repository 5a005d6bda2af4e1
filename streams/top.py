"""Terminal views: ``wirewatch top`` (live, rich) and ``wirewatch topics`` (one table).

``top`` reads a worker's ``/api/stats`` (counters, latency, dedupe, labels,
regions, latest events) and the consumer lag straight from the broker (when
``WIREWATCH_BROKER`` is set), so lag stays right with any number of workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import sys
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


FEW = 10  # up to this many items, latency is shown as measured (see streams/metrics.ObservedHistogram)


def latency_text(lat: dict | None) -> str:
    """What was measured: one item's value, the median of a few, else p50/p99 estimates within min..max."""
    lat = lat or {}
    n = int(lat.get("count") or 0)
    if not n:
        return "– (no items yet)"
    seen = sorted(lat.get("recent") or [])
    lo, hi = lat.get("min"), lat.get("max")
    if n == 1:
        return f"{_ms(hi if hi is not None else lat.get('p50'))} (1 item)"
    if n <= FEW and len(seen) == n:
        mid = seen[n // 2] if n % 2 else (seen[n // 2 - 1] + seen[n // 2]) / 2
        return f"median {_ms(mid)} of {n} ({_ms(seen[0])}..{_ms(seen[-1])})"

    def clamp(x: float | None) -> float | None:
        if x is None or lo is None or hi is None:
            return x
        return min(max(x, lo), hi)

    return f"p50 {_ms(clamp(lat.get('p50')))} / p99 {_ms(clamp(lat.get('p99')))} ({n} items)"


#: Topic names on a narrow terminal: the name without its wire./wirewatch./events./regions. prefix.
#: They stay distinct (checked by a test), unlike names cut at a width.
def short_topic(name: str) -> str:
    return name.split(".", 1)[1] if "." in name else name


#: Below this width `wirewatch top` uses its compact layout (fits 80x24).
COMPACT_BELOW = 120


def render_top(
    stats: dict | None,
    offsets: list[PartitionOffsets] | None,
    *,
    error: str | None = None,
    width: int | None = None,
    height: int | None = None,
) -> Group:
    """One frame of ``wirewatch top``: the compact layout on a terminal narrower than COMPACT_BELOW."""
    if width is not None and width < COMPACT_BELOW:
        return render_compact(stats, offsets, error=error, width=width, height=height or 24)
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
        Text.assemble(("→classified ", "dim"), (latency_text(lat.get("classified")), "bold")),
        Text.assemble(("→regions ", "dim"), (latency_text(lat.get("regions")), "bold")),
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


def render_compact(
    stats: dict | None, offsets: list[PartitionOffsets] | None, *, error: str | None, width: int, height: int
) -> Group:
    """``wirewatch top`` on a small terminal (80x24): one line per topic, short distinct names, no cut-off."""
    from rich import box

    stats = stats or {}
    w = stats.get("worker", {})
    lat = stats.get("latency", {})
    tp = (stats.get("throughput") or {}).get("now", {})
    rate = stats.get("dedupe_rate")
    lag_parts = [p for p in (offsets or []) if p.group is not None]
    if offsets is None:
        lag_parts = [PartitionOffsets(**{k: v for k, v in p.items() if k != "lag"}) for p in (stats.get("lag") or {}).get("partitions", [])]
    total_lag = sum(p.lag or 0 for p in lag_parts) if lag_parts else (stats.get("lag") or {}).get("total")
    lines: list = []
    head = Text.assemble(
        ("wirewatch top", "bold"), f" · {w.get('id', '?')} · group {w.get('app_id', '?')} · {time.strftime('%H:%M:%S')}",
        ("  q quits", "dim"),
    )
    head.truncate(width, overflow="ellipsis")
    lines.append(head)
    if error or not stats:
        lines.append(Text(error or "no worker", style="red", overflow="ellipsis", no_wrap=True))
    dl = sum((stats.get("deadletters") or {}).values())
    lines.append(Text.assemble(
        ("ingest ", "dim"), (f"{tp.get('wire.raw', 0):.1f}/s", "bold"),
        ("  classified ", "dim"), (f"{tp.get('events.classified', 0):.1f}/s", "bold"),
        ("  lag ", "dim"), (str(total_lag if total_lag is not None else "–"), "bold red" if total_lag else "bold green"),
        ("  dedupe ", "dim"), ("–" if rate is None else f"{rate * 100:.1f}% dup", "bold"),
        ("  dead letters ", "dim"), (f"{dl:.0f}", "bold red" if dl else "bold"),
    ))
    lines.append(Text.assemble(
        ("latency →classified ", "dim"), latency_text(lat.get("classified")),
        ("  →regions ", "dim"), latency_text(lat.get("regions")),
    ))
    for line in lines[1:]:
        line.no_wrap, line.overflow = True, "ellipsis"

    ends: dict[str, int] = {}
    for p in offsets or []:
        ends[p.topic] = ends.get(p.topic, 0) + p.end
    if not ends:
        ends = (stats.get("lag") or {}).get("topics", {})
    lag_by_topic: dict[str, int] = {}
    for p in lag_parts:
        lag_by_topic[p.topic] = lag_by_topic.get(p.topic, 0) + (p.lag or 0)
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), width=width)
    t.add_column("topic", no_wrap=True)
    for col in ("msg/s", "end", "lag", "in", "out"):
        t.add_column(col, justify="right", no_wrap=True)
    for spec in topic_specs.ALL:
        lag = lag_by_topic.get(spec.name)
        t.add_row(
            short_topic(spec.name),
            f"{tp.get(spec.name, 0):.1f}",
            str(ends.get(spec.name, "–")),
            Text("" if lag is None else str(lag), style="red" if lag else "green"),
            f"{stats.get('in', {}).get(spec.name, 0):.0f}",
            f"{stats.get('out', {}).get(spec.name, 0):.0f}",
        )
    used = len(lines) + 2 + len(topic_specs.ALL)  # header + rule + rows
    tail: list[Text] = []
    labels = " · ".join(f"{k} {v:.0f}" for k, v in sorted((stats.get("labels") or {}).items(), key=lambda kv: -kv[1]))
    outcomes = " · ".join(f"{k} {v:.0f}" for k, v in sorted((stats.get("dedupe_outcomes") or {}).items()))
    tail.append(Text.assemble(("labels ", "dim"), labels or "–", ("  dedupe ", "dim"), outcomes or "–"))
    for r in (stats.get("regions") or [])[:2]:
        figs = ", ".join(f"{k} {v:,.0f}" for k, v in r["figures"].items())
        tail.append(Text.assemble(
            ("region ", "dim"), (r["region"], "bold"), f" {r.get('name') or ''}: {r['stories']} stories, "
            + ", ".join(f"{k} {v}" for k, v in r["labels"].items()) + (f"; {figs}" if figs else ""),
        ))
    for e in list(reversed(stats.get("recent") or []))[:8]:
        code = (e.get("region") or {}).get("code", "–")
        tail.append(Text.assemble(
            ("event ", "dim"), (code, "bold"), f" {'/'.join(h['label'] for h in e['labels']) or 'no label'}: {e['headline']}"
        ))
    for line in tail:
        line.no_wrap, line.overflow = True, "ellipsis"
    room = max(0, height - used - 1)  # one line spare: the cursor line below a live display
    return Group(*lines, t, *tail[:room])


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
        width, height = console.size
        return render_top(stats, offsets, error=error, width=width, height=height)

    if once:
        console.print(frame())
        return
    with keypresses() as next_key, Live(frame(), console=console, refresh_per_second=4, screen=False) as live:
        try:
            while True:
                if next_key(interval) in QUIT_KEYS:
                    break
                live.update(frame())
        except KeyboardInterrupt:
            pass


QUIT_KEYS = ("q", "Q")


@contextlib.contextmanager
def keypresses(stream=None):
    """``next_key(timeout)``: the next key pressed within ``timeout`` seconds, or None.

    On a terminal stdin is put in cbreak mode (keys arrive unbuffered, unechoed) and
    restored on exit; otherwise ``next_key`` just sleeps.
    """
    stream = stream if stream is not None else sys.stdin
    try:
        fd = stream.fileno()
        tty = os.isatty(fd)
    except (AttributeError, OSError, ValueError):
        tty = False
    if not tty:
        def wait(timeout: float) -> str | None:
            time.sleep(timeout)
            return None

        yield wait
        return
    import termios
    import tty as ttymod

    saved = termios.tcgetattr(fd)
    ttymod.setcbreak(fd)

    def read(timeout: float) -> str | None:
        ready, _, _ = select.select([fd], [], [], timeout)
        return os.read(fd, 1).decode("utf-8", "replace") if ready else None

    try:
        yield read
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
