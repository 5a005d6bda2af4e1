"""The ``wirewatch`` command line.

    wirewatch run                 embedded broker (unless WIREWATCH_BROKER is set) + worker + sample feed
    wirewatch worker              a worker only, against WIREWATCH_BROKER
    wirewatch broker              the embedded broker alone
    wirewatch ingest FILE...|-    send dispatches / JSON / feeds to wire.raw
    wirewatch tail TOPIC          pretty-print a topic
    wirewatch classify [FILE|-]   classify offline (no broker), one JSON line per item
    wirewatch eval FILE.jsonl     score the classifier on a labelled set
    wirewatch regions [CODE]      query the region tables of a running worker
    wirewatch bench               benchmark: aiokafka passthrough baseline vs the full pipeline
    wirewatch top                 live terminal view of a worker (throughput, lag, latency, labels)
    wirewatch topics              topics with partitions, end offsets, consumer group and lag
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import orjson
import typer
from rich.console import Console
from rich.table import Table

from streams import topics
from streams.settings import Settings, get_settings

app = typer.Typer(
    help="wirewatch: dedupe, classify and tabulate conflict-news wire copy on Kafka.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

SAMPLE = "afp-2019-02-10-deir-ezzor.txt"

CONTENT_TYPE_FOR_FORMAT = {
    "dispatch": "text/plain",
    "json": "application/json",
    "ninjs": "application/ninjs+json",
    "newsml": "application/vnd.iptc.g2.newsitem+xml",
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
}


def sample_bytes() -> bytes:
    return resources.files("streams").joinpath("samples", SAMPLE).read_bytes()


def _self_command() -> str:
    """How to call this CLI again from the current directory (the venv's script if not on PATH)."""
    import shutil

    script = Path(sys.executable).parent / "wirewatch"
    if shutil.which("wirewatch") == str(script) or not script.exists():
        return "wirewatch"
    try:
        return str(script.relative_to(Path.cwd()))
    except ValueError:
        return str(script)


def _run_worker(settings: Settings, loglevel: str = "warning") -> None:
    """Run a Faust worker for ``settings`` until Ctrl-C / SIGTERM."""
    from faust.worker import Worker

    from streams.app import build_app

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    faust_app = build_app(settings)
    worker = Worker(faust_app, loglevel=loglevel, quiet=True, redirect_stdouts=False)
    try:
        worker.execute_from_commandline()
    except SystemExit:
        pass


def _ensure_topics(settings: Settings) -> None:
    from streams.broker import ensure_topics

    created = asyncio.run(ensure_topics(settings))
    if created:
        err.print(f"[dim]created topics: {', '.join(created)}[/dim]")


@app.command()
def run(
    sample: Annotated[bool, typer.Option(help="Feed the bundled sample dispatch once started.")] = True,
    feeds: Annotated[Optional[Path], typer.Option(help="Feeds config (TOML) to poll; also WIREWATCH_FEEDS.")] = None,
    loglevel: Annotated[str, typer.Option(help="Worker log level.")] = "warning",
) -> None:
    """Run everything: the embedded broker (unless WIREWATCH_BROKER is set), a worker, the sample feed."""
    from streams.broker import broker_for

    base = get_settings()
    if feeds:
        base = base.model_copy(update={"feeds": feeds})
    base.data_dir.mkdir(parents=True, exist_ok=True)
    with broker_for(base, log_path=str(base.data_dir / "broker.log")) as settings:
        _ensure_topics(settings)
        if sample:
            asyncio.run(_ingest_payloads(settings, [(SAMPLE, sample_bytes())], "dispatch", "sample"))
        web = f"http://{settings.web_host}:{settings.web_port}"
        cmd = _self_command()
        console.print(
            f"""[bold]wirewatch is running[/bold]  (Ctrl-C stops everything)
  broker     {settings.broker}{'  (embedded Tansu, in memory)' if not base.broker else ''}
  dashboard  {web}/
  metrics    {web}/metrics
  regions    {web}/regions      e.g. {web}/regions/SY-DY
  tail       WIREWATCH_BROKER={settings.broker} {cmd} tail events.classified
  ingest     WIREWATCH_BROKER={settings.broker} {cmd} ingest FILE
  terminal   {cmd} top --url {web}"""
        )
        _run_worker(settings, loglevel)


@app.command()
def worker(loglevel: Annotated[str, typer.Option()] = "warning") -> None:
    """Run one worker against WIREWATCH_BROKER (start as many as you have partitions)."""
    settings = get_settings()
    if not settings.broker:
        err.print("[red]WIREWATCH_BROKER is not set[/red] (use `wirewatch run` for the embedded broker)")
        raise typer.Exit(2)
    _ensure_topics(settings)
    _run_worker(settings, loglevel)


@app.command()
def broker(port: Annotated[int, typer.Option(help="Port to listen on (0 = a free one).")] = 9092) -> None:
    """Run the embedded Tansu broker alone, in memory, until Ctrl-C."""
    from streams.broker import EmbeddedBroker

    with EmbeddedBroker(port or None) as b:
        settings = get_settings().model_copy(update={"broker": b.url})
        _ensure_topics(settings)
        console.print(f"embedded broker on [bold]{b.url}[/bold]; export WIREWATCH_BROKER={b.url}")
        stop = {"now": False}
        signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
        try:
            while not stop["now"] and b.proc and b.proc.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass


async def _ingest_payloads(settings: Settings, payloads: list[tuple[str, bytes]], fmt: str | None, source: str) -> int:
    from streams.client import produce
    from agents.formats import ParseError, format_for

    msgs = []
    for name, data in payloads:
        if fmt:
            ctype = CONTENT_TYPE_FOR_FORMAT.get(fmt, fmt)
        else:
            try:
                ctype = CONTENT_TYPE_FOR_FORMAT.get(format_for(None, data), "application/octet-stream")
            except ParseError:
                ctype = "application/octet-stream"  # sent as is; the pipeline dead-letters it with the reason
        msgs.append((source.encode(), data, {"content-type": ctype.encode(), "wirewatch-source": source.encode()}))
    return await produce(settings.bootstrap_servers, topics.RAW.name, msgs)


@app.command()
def poll(
    feeds: Annotated[Path, typer.Argument(help="Feeds config (TOML): [[feed]] name, url, interval, headers.")],
) -> None:
    """Poll RSS/Atom feeds into wire.raw until Ctrl-C (a source process: run one per deployment)."""
    from streams.client import RawProducer
    from streams.sources.feeds import load_feeds
    from streams.sources.poller import FeedPoller

    settings = get_settings()
    if not settings.broker:
        err.print("[red]WIREWATCH_BROKER is not set[/red] (or use `wirewatch run --feeds FILE`)")
        raise typer.Exit(2)
    config = load_feeds(feeds)

    async def go() -> None:
        async with RawProducer(settings.bootstrap_servers) as producer:
            await FeedPoller(config, producer.send).run()

    console.print(f"polling {len(config)} feed(s) into {topics.RAW.name}; Ctrl-C stops")
    try:
        asyncio.run(go())
    except KeyboardInterrupt:
        pass


@app.command()
def ingest(
    files: Annotated[list[str], typer.Argument(help="Files to send; '-' reads standard input.")],
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="dispatch, json, ninjs, newsml, rss, atom (default: detect).")] = None,
    source: Annotated[str, typer.Option(help="Source name recorded on the items.")] = "cli",
) -> None:
    """Send files (any supported format) to wire.raw, one message per file."""
    settings = get_settings()
    if not settings.broker:
        err.print("[red]WIREWATCH_BROKER is not set[/red]: point it at the broker `wirewatch run` printed")
        raise typer.Exit(2)
    payloads = [(f, sys.stdin.buffer.read() if f == "-" else Path(f).read_bytes()) for f in files]
    n = asyncio.run(_ingest_payloads(settings, payloads, format, source))
    console.print(f"sent {n} message(s) to {topics.RAW.name}")


@app.command()
def tail(
    topic: Annotated[str, typer.Argument(help=f"One of: {', '.join(t.name for t in topics.ALL)}")],
    from_beginning: Annotated[bool, typer.Option("--from-beginning/--new", help="Start at the oldest message.")] = True,
    idle: Annotated[Optional[float], typer.Option(help="Stop after this many seconds without messages.")] = None,
    raw: Annotated[bool, typer.Option(help="Print one compact JSON line per message.")] = False,
) -> None:
    """Pretty-print the messages of a topic as they arrive."""
    from streams.client import consume

    settings = get_settings()

    async def go() -> None:
        async for rec in consume(settings.bootstrap_servers, [topic], from_beginning=from_beginning, idle_timeout=idle):
            try:
                value = orjson.loads(rec.value or b"null")
            except orjson.JSONDecodeError:
                value = (rec.value or b"").decode("utf-8", "replace")
            if raw:
                print(orjson.dumps({"key": (rec.key or b"").decode("utf-8", "replace"), "value": value}).decode(), flush=True)
                continue
            hdr = " ".join(f"{k}={v.decode('utf-8', 'replace')}" for k, v in rec.headers.items())
            console.rule(f"{rec.topic}[{rec.partition}]@{rec.offset}  key={(rec.key or b'').decode('utf-8', 'replace')}")
            console.print(f"[dim]{hdr}[/dim]")
            console.print_json(data=value) if not isinstance(value, str) else console.print(value)

    try:
        asyncio.run(go())
    except KeyboardInterrupt:
        pass


@app.command()
def classify(
    file: Annotated[str, typer.Argument(help="Dispatch text, or JSON lines {id, headline, body, published}; '-' = stdin.")] = "-",
) -> None:
    """Classify offline (no broker): one JSON line per item with labels, region, figures, evidence."""
    from agents.classify import analyse
    from agents.formats import parse_payload

    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    items = parse_payload(data, None, source="cli", received=datetime.now(timezone.utc))
    for item in items:
        a = analyse(item.headline, (item.subheadline + "\n\n" if item.subheadline else "") + item.body, located=item.located)
        guid = item.guid if not item.guid.startswith("text:") else item.id
        out = {
            "id": guid,
            "labels": [h.label for h in a.labels],
            "region": a.region.to_dict() if a.region else None,
            "other_regions": [r.to_dict() for r in a.other_regions],
            "figures": [f.to_dict(exclude_none=True) for f in a.figures],
            "evidence": {h.label: h.evidence for h in a.labels},
            "confidence": {h.label: h.confidence for h in a.labels},
        }
        print(orjson.dumps(out).decode(), flush=True)


@app.command(name="eval")
def eval_(file: Annotated[Path, typer.Argument(help="Labelled JSON lines: id, headline, body, labels, region, figures.")]) -> None:
    """Score the classifier on a labelled set: per-label P/R/F1, region and figure accuracy, misses."""
    from agents.classify.evaluate import evaluate, format_report

    print(format_report(evaluate(file)))


@app.command()
def regions(
    code: Annotated[Optional[str], typer.Argument(help="ISO 3166-2 code, e.g. SY-DY; omit for all regions.")] = None,
    window: Annotated[str, typer.Option(help="Window: 1h, 24h, 7d.")] = "24h",
    at: Annotated[Optional[str], typer.Option(help="ISO time (default: the stream's watermark).")] = None,
    url: Annotated[Optional[str], typer.Option(help="Worker URL (default: from settings).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the raw JSON.")] = False,
) -> None:
    """Show the rolling region tables of a running worker."""
    settings = get_settings()
    base = url or f"http://{settings.web_host}:{settings.web_port}"
    q = f"?window={window}" + (f"&at={at}" if at else "")
    path = f"/regions/{code}" if code else "/regions"
    try:
        with urllib.request.urlopen(base + path + q, timeout=10) as resp:
            doc = json.load(resp)
    except urllib.error.HTTPError as exc:
        err.print(f"[red]{exc.code}[/red] {exc.read().decode('utf-8', 'replace')}")
        raise typer.Exit(1)
    except urllib.error.URLError as exc:
        err.print(f"[red]cannot reach {base}[/red]: {exc.reason}")
        raise typer.Exit(1)
    if as_json:
        print(json.dumps(doc, indent=2))
        return
    rows = [doc] if code else doc["regions"]
    # Piped output gets a wide table rather than rich's 80-column default.
    out = console if console.is_terminal else Console(width=160)
    for r in rows:
        table = Table(title=f"{r['region']} {r.get('name') or ''} — window {r['window']}, at {r.get('at') or '-'}")
        for col in ("label", "window", "items", "stories", "figures (total / max)", "latest evidence"):
            table.add_column(col, overflow="fold")
        for label, cell in r["labels"].items():
            figs = ", ".join(f"{k} {v['total']:,.0f} / {v['max']:,.0f}" for k, v in cell["figures"].items())
            table.add_row(
                label, f"{cell['window_start'][:16]} → {cell['window_end'][:16]}",
                str(cell["count"]), str(cell["stories"]), figs, (cell["evidence"] or [""])[0][:100],
            )
        out.print(table)
    if not rows:
        out.print("no region data yet")


@app.command()
def bench(
    items: Annotated[int, typer.Option(help="Items in the synthetic corpus.")] = 5000,
    duplicate_ratio: Annotated[float, typer.Option(help="Share of exact re-sends.")] = 0.1,
) -> None:
    """Benchmark on one broker: raw aiokafka passthrough baseline vs the full pipeline (items/s)."""
    from benchmarks.pipeline import main as bench_main

    bench_main(items=items, duplicate_ratio=duplicate_ratio)


@app.command()
def top(
    url: Annotated[Optional[str], typer.Option(help="Worker URL (default: from settings).")] = None,
    interval: Annotated[float, typer.Option(help="Seconds between refreshes.")] = 1.0,
    once: Annotated[bool, typer.Option("--once", help="Print one frame and exit.")] = False,
) -> None:
    """Live terminal view: throughput, lag per partition, latency, dedupe, labels, regions, latest events."""
    from streams.top import run_top

    settings = get_settings()
    base = url or f"http://{settings.web_host}:{settings.web_port}"
    bootstrap = settings.bootstrap_servers if settings.broker else None  # lag straight from the broker when we can
    run_top(base, bootstrap, settings.app_id, interval=interval, once=once)


@app.command(name="topics")
def topics_cmd(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every topic with its partitions, end offsets, consumer group (the app id) and lag, from the broker."""
    from streams.top import broker_offsets, topics_json, topics_table

    settings = get_settings()
    if not settings.broker:
        err.print("[red]WIREWATCH_BROKER is not set[/red]: point it at the broker `wirewatch run` printed")
        raise typer.Exit(2)
    offsets = broker_offsets(settings.bootstrap_servers, settings.app_id)
    if as_json:
        print(json.dumps(topics_json(offsets), indent=2))
    else:
        console.print(topics_table(offsets, settings.app_id))


def main() -> None:
    logging.basicConfig(level=os.environ.get("WIREWATCH_LOGLEVEL", "WARNING"))
    app()


if __name__ == "__main__":
    main()
