"""The ``wirewatch`` command line.

    wirewatch run                 embedded broker (unless WIREWATCH_BROKER is set) + worker + sample feed
    wirewatch worker              a worker only, against WIREWATCH_BROKER
    wirewatch broker [--kafka|--tansu] a local broker alone: Apache Kafka (KRaft, data kept) or Tansu (in memory)
    wirewatch ingest FILE...|-    send dispatches / JSON / feeds to wire.raw
    wirewatch tail TOPIC          pretty-print a topic
    wirewatch classify [FILE|-]   classify offline (no broker), one JSON line per item
    wirewatch eval FILE.jsonl...  score the classifier on labelled sets (baseline, misses by cause)
    wirewatch reclassify          what the current classifier changes on stored items (--publish)
    wirewatch regions [CODE]      query the region tables of a running worker
    wirewatch bench               benchmark: framework baselines vs the full pipeline, answer checked
    wirewatch top                 live terminal view of a worker (throughput, lag, latency, labels)
    wirewatch topics              topics with partitions, end offsets, consumer group and lag
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from schemas.headers import raw_input as raw_headers
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
    "nitf": "application/nitf+xml",
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
}


#: `wirewatch tail` checks the broker this often and stops once it has been unreachable this long.
BROKER_CHECK_EVERY = 1.0
BROKER_GONE_AFTER = 5.0

#: Seconds between plain progress lines when stderr is not a terminal.
PROGRESS_EVERY = 2.0

#: Where `wirewatch run` records its broker address (in WIREWATCH_DATA_DIR) for the other commands.
BROKER_FILE = "broker.url"


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr, no traceback, non-zero exit."""
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True, highlight=False)
    raise typer.Exit(code)


def broker_file(settings: Settings) -> Path:
    return settings.data_dir / BROKER_FILE


def _record_broker(settings: Settings) -> Path | None:
    """Write the broker address where the other commands look for it (best effort)."""
    path = broker_file(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{settings.broker}\n")
    except OSError as exc:
        err.print(f"could not record the broker address in {path}: {exc.strerror}", markup=False)
        return None
    return path


def _forget_broker(path: Path | None, url: str | None) -> None:
    """Remove the broker file, unless another `wirewatch run` has since written its own address there."""
    if path is None:
        return
    with contextlib.suppress(OSError):
        if path.read_text().strip() == (url or ""):
            path.unlink()


def _reachable(url: str, timeout: float = 1.0) -> bool:
    """Does any of the bootstrap servers in ``url`` accept a TCP connection?"""
    for part in url.split(","):
        host, _, port = part.split("://", 1)[-1].strip().rpartition(":")
        with contextlib.suppress(OSError, ValueError):
            with socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout):
                return True
    return False


def recorded_broker(settings: Settings) -> str | None:
    """The broker a running `wirewatch run` recorded in the data dir, if any (not checked)."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return broker_file(settings).read_text().strip() or None
    return None


def broker_settings(settings: Settings | None = None) -> Settings:
    """Settings with a broker: WIREWATCH_BROKER, else the one `wirewatch run` recorded; else a one-line error."""
    settings = settings or get_settings()
    if settings.broker:
        return settings
    url = recorded_broker(settings)
    path = broker_file(settings)
    if url is None:
        fail(
            f"no broker: WIREWATCH_BROKER is not set and no `wirewatch run` recorded one in {path} "
            "(start `wirewatch run` in this directory, or set WIREWATCH_BROKER=kafka://host:9092)",
            2,
        )
    if not _reachable(url):
        fail(f"the broker recorded in {path} ({url}) does not answer: is the `wirewatch run` that wrote it gone?", 2)
    return settings.model_copy(update={"broker": url})


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
    """Run a Faust worker for ``settings`` until Ctrl-C / SIGTERM (it exits within settings.shutdown_timeout)."""
    from streams.app import build_app
    from streams.shutdown import Worker

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    faust_app = build_app(settings)
    worker = Worker(faust_app, loglevel=loglevel, quiet=True, redirect_stdouts=False,
                    shutdown_timeout=settings.shutdown_timeout)
    if not sys.stdout.isatty():
        worker.spinner = None  # its cursor escape codes would end up in a log file
    try:
        worker.execute_from_commandline()
    except SystemExit:
        pass


def _ensure_topics(settings: Settings) -> None:
    from streams.broker import ensure_topics

    created = asyncio.run(ensure_topics(settings))
    if created:
        err.print(f"[dim]created topics: {', '.join(created)}[/dim]", soft_wrap=True)


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
        recorded = _record_broker(settings)
        try:
            print_banner(run_banner(settings, embedded=not base.broker, recorded=recorded, cmd=_self_command(),
                                    kind=_embedded_kind(base)))
            _run_worker(settings, loglevel)
        finally:
            _forget_broker(recorded, settings.broker)


def _embedded_kind(base: Settings) -> str:
    """Which embedded broker `run` starts for ``base`` (no broker configured): 'tansu' or 'kafka'."""
    try:
        return str(getattr(base, "kind", "tansu"))
    except Exception:  # cannot tell: say the cautious thing (in memory)
        return "tansu"


def run_banner(
    settings: Settings, *, embedded: bool, recorded: Path | None, cmd: str, kind: str = "tansu"
) -> list[tuple[str, str]]:
    """The `wirewatch run` banner as (label, text) lines; the first line is the title."""
    web = f"http://{settings.web_host}:{settings.web_port}"
    lines = [("", "wirewatch is running (Ctrl-C stops everything)")]
    if embedded and kind == "kafka":
        lines.append(("broker", f"{settings.broker} (the local Apache Kafka broker: data kept under {settings.data_dir})"))
    elif embedded:
        lines += [
            ("broker", f"{settings.broker} (embedded Tansu broker: topics and tables live in memory only)"),
            ("", "Ctrl-C loses everything; to keep data run the local Apache Kafka broker (see Brokers in README.md)"),
        ]
    else:
        lines.append(("broker", str(settings.broker)))
    lines += [
        ("dashboard", f"{web}/"),
        ("metrics", f"{web}/metrics"),
        ("regions", f"{web}/regions  e.g. {web}/regions/SY-DY?window=7d"),
        ("tail", f"{cmd} tail events.classified"),
        ("ingest", f"{cmd} ingest FILE..."),
        ("terminal", f"{cmd} top"),
    ]
    if recorded is not None:
        lines.append(("", f"other terminals: commands run in this directory find the broker in {recorded} "
                          "(no WIREWATCH_BROKER needed); removed on exit"))
    return lines


def print_banner(lines: list[tuple[str, str]]) -> None:
    """Bold title and aligned columns on a terminal; plain unwrapped lines (no escape codes) otherwise."""
    for i, (label, text) in enumerate(lines):
        line = text if i == 0 else f"  {label:<10} {text}"
        if console.is_terminal:
            console.print(f"[bold]{escape(line)}[/bold]" if i == 0 else escape(line), soft_wrap=True, highlight=False)
        else:
            print(line, flush=True)


@app.command()
def worker(loglevel: Annotated[str, typer.Option()] = "warning") -> None:
    """Run one worker against WIREWATCH_BROKER, or the broker `wirewatch run` recorded (start as many as partitions)."""
    settings = broker_settings()
    os.environ["WIREWATCH_BROKER"] = str(settings.broker)  # the Faust app reads the settings again
    _ensure_topics(settings)
    _run_worker(settings, loglevel)


@app.command()
def broker(
    port: Annotated[int, typer.Option(help="Port to listen on (0 = a free one).")] = 9092,
    kafka: Annotated[Optional[bool], typer.Option(
        "--kafka/--tansu",
        help="Apache Kafka (fetched with Maven on first use; data kept under WIREWATCH_DATA_DIR/kafka) "
        "or Tansu (in memory). Default: WIREWATCH_BROKER_KIND (auto: Kafka where a JDK is).",
    )] = None,
) -> None:
    """Run a local broker alone, in the foreground, until Ctrl-C: Apache Kafka (KRaft) or Tansu."""
    from streams.broker import broker_env, embedded_broker

    base = get_settings()
    kind = base.kind if kafka is None else ("kafka" if kafka else "tansu")
    if kind == "kafka":
        console.print(f"starting Apache Kafka (KRaft, one node), data in {base.data_dir / 'kafka'} ...")
    t0 = time.monotonic()
    b = embedded_broker(kind, port or None, data_dir=base.data_dir / "kafka")
    if kind == "kafka":
        b.log_level = "info"  # Kafka's own log on this terminal
    with b:
        settings = base.model_copy(update={"broker": b.url, "broker_kind": kind})
        _ensure_topics(settings)
        env = " ".join(f"{k}={v}" for k, v in {"WIREWATCH_BROKER": b.url, **broker_env(kind)}.items())
        what = "Apache Kafka (data survives a restart)" if kind == "kafka" else "embedded Tansu (in memory)"
        console.print(f"{what} on [bold]{b.url}[/bold], ready in {time.monotonic() - t0:.1f}s; export {env}",
                      soft_wrap=True, highlight=False)
        stop = {"now": False}
        signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
        try:
            while not stop["now"] and b.proc and b.proc.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        console.print("stopping the broker ...")


def _content_type(fmt: str | None, data: bytes) -> str:
    from agents.formats import ParseError, format_for

    if fmt:
        return CONTENT_TYPE_FOR_FORMAT.get(fmt, fmt)
    try:
        return CONTENT_TYPE_FOR_FORMAT.get(format_for(None, data), "application/octet-stream")
    except ParseError:
        return "application/octet-stream"  # sent as is; the pipeline dead-letters it with the reason


async def _ingest_payloads(settings: Settings, payloads: list[tuple[str, bytes]], fmt: str | None, source: str) -> int:
    from streams.client import produce

    msgs = []
    for _name, data in payloads:
        ctype = _content_type(fmt, data)
        msgs.append((source.encode(), data, raw_headers(ctype, source)))
    return await produce(settings.bootstrap_servers, topics.RAW.name, msgs)


@app.command()
def poll(
    feeds: Annotated[Path, typer.Argument(help="Feeds config (TOML): [[feed]] name, url, interval, headers.")],
) -> None:
    """Poll RSS/Atom feeds into wire.raw until Ctrl-C (a source process: run one per deployment)."""
    from streams.client import RawProducer
    from streams.sources.feeds import load_feeds
    from streams.sources.poller import FeedPoller

    settings = broker_settings()
    config = load_feeds(feeds)

    async def go() -> None:
        async with RawProducer(settings.bootstrap_servers) as producer:
            await FeedPoller(config, producer.send).run()

    console.print(f"polling {len(config)} feed(s) into {topics.RAW.name}; Ctrl-C stops")
    try:
        asyncio.run(go())
    except KeyboardInterrupt:
        pass


def check_format(fmt: str | None) -> str | None:
    """``--format``: a format name (or one of the content types wirewatch reads); else a one-line error."""
    from agents.formats import CONTENT_TYPES

    if fmt is None or fmt in CONTENT_TYPE_FOR_FORMAT or fmt.split(";", 1)[0].strip().lower() in CONTENT_TYPES:
        return fmt
    fail(f"unknown --format {fmt!r}; one of: {', '.join(CONTENT_TYPE_FOR_FORMAT)} (or leave it out to detect)", 2)


def read_input(name: str) -> bytes:
    """A file's bytes ('-' = stdin), or a one-line error for a missing file, a directory or no permission."""
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        if path.is_dir():
            fail(f"{name}: is a directory (give the files in it, e.g. {name.rstrip('/')}/*)", 2)
        return path.read_bytes()
    except FileNotFoundError:
        fail(f"{name}: no such file", 2)
    except PermissionError:
        fail(f"{name}: permission denied", 2)
    except OSError as exc:
        fail(f"{name}: cannot read it ({exc.strerror or exc})", 2)


def split_messages(data: bytes, fmt: str | None) -> list[bytes]:
    """JSON lines (generic JSON or ninjs) go out one message per line; anything else is one message."""
    from agents.formats import ParseError, format_for

    if fmt not in (None, "json", "ninjs"):
        return [data]
    head = data.lstrip()[:1]
    if head != b"{" or b"\n" not in data.strip():
        return [data]
    try:
        if fmt is None and format_for(None, data) not in ("json", "ninjs"):
            return [data]
        orjson.loads(data)
        return [data]  # one JSON document that spans lines
    except (orjson.JSONDecodeError, ParseError):
        pass
    lines = [line for line in data.splitlines() if line.strip()]
    return lines if len(lines) > 1 else [data]


class Progress:
    """Progress of a long command: a rich bar on a terminal, a plain line every few seconds otherwise."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.every = total, what, PROGRESS_EVERY
        self.done = 0
        self.started = self._last = time.monotonic()
        self._bar = None
        if err.is_terminal and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self._bar = Bar(TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err)
            self._task = self._bar.add_task(what, total=total)
            self._bar.start()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)
            return
        now = time.monotonic()
        if self.total > 1 and (now - self._last >= self.every or self.done == self.total):
            self._last = now
            print(f"{self.what}: {self.done}/{self.total}", file=sys.stderr, flush=True)

    def close(self) -> float:
        if self._bar is not None:
            self._bar.stop()
        return time.monotonic() - self.started


async def send_messages(bootstrap: str, topic: str, msgs: list[tuple[bytes, bytes, dict[str, bytes]]], progress: Progress) -> int:
    """Send and wait for every acknowledgement, advancing ``progress`` as they arrive."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_request_size=8 * 1024 * 1024)
    await producer.start()
    try:
        futures = []
        for key, value, headers in msgs:
            fut = await producer.send(topic, value=value, key=key, headers=list(headers.items()))
            fut.add_done_callback(lambda f: progress.advance())
            futures.append(fut)
        await asyncio.gather(*futures)
        return len(futures)
    finally:
        await producer.stop()


@app.command()
def ingest(
    files: Annotated[list[str], typer.Argument(help="Files to send; '-' reads standard input.")],
    format: Annotated[Optional[str], typer.Option("--format", "-f", help=f"{', '.join(CONTENT_TYPE_FOR_FORMAT)} (default: detect).")] = None,
    source: Annotated[str, typer.Option(help="Source name recorded on the items.")] = "cli",
) -> None:
    """Send files (any supported format) to wire.raw: one message per file, per line of a JSON-lines file.

    Each file is read here first: one that cannot be read (empty, binary, not a known
    format) is still sent, and the pipeline dead-letters it to wire.deadletter with the
    reason; the command says so and exits with status 1.
    """
    from agents.formats import ParseError, parse_payload

    fmt = check_format(format)
    payloads = [(name, read_input(name)) for name in files]  # every file checked before anything is sent
    settings = broker_settings()
    msgs: list[tuple[bytes, bytes, dict[str, bytes]]] = []
    unreadable: list[str] = []
    items = 0
    now = datetime.now(timezone.utc)
    reading = Progress(len(payloads), "reading files")
    for name, data in payloads:
        reading.advance()
        for i, part in enumerate(split_messages(data, fmt)):
            ctype = _content_type(fmt, part)
            where = name if len(part) == len(data) else f"{name} line {i + 1}"
            try:
                items += len(parse_payload(part, ctype, source=source, received=now))
            except ParseError as exc:
                unreadable.append(where)
                err.print(
                    f"[yellow]{escape(where)}[/yellow]: cannot be read here ({escape(str(exc))}); sent anyway: "
                    f"the pipeline will dead-letter it to {topics.DEADLETTER.name}",
                    soft_wrap=True, highlight=False,
                )
            msgs.append((source.encode(), part, raw_headers(ctype, source)))
    reading.close()
    progress = Progress(len(msgs), f"sending to {topics.RAW.name}")
    try:
        n = asyncio.run(send_messages(settings.bootstrap_servers, topics.RAW.name, msgs, progress))
    except Exception as exc:  # broker gone or refusing: one line, not a traceback
        progress.close()
        fail(f"sending to {settings.broker} failed after {progress.done} of {len(msgs)} message(s): {exc}")
    took = progress.close()
    summary = f"sent {n} message(s) from {len(payloads)} file(s) to {topics.RAW.name} in {took:.1f} s: {items} item(s) read here"
    if unreadable:
        summary += f", {len(unreadable)} message(s) unreadable (will be dead-lettered)"
    print(summary, flush=True)
    if unreadable:
        raise typer.Exit(1)


@app.command()
def tail(
    topic: Annotated[str, typer.Argument(help=f"One of: {', '.join(t.name for t in topics.ALL)}")],
    from_beginning: Annotated[bool, typer.Option("--from-beginning/--new", help="Start at the oldest message.")] = True,
    idle: Annotated[Optional[float], typer.Option(help="Stop after this many seconds without messages.")] = None,
    raw: Annotated[bool, typer.Option(help="Print one compact JSON line per message.")] = False,
) -> None:
    """Pretty-print the messages of a topic as they arrive (stops when the broker goes away)."""
    from streams.client import consume

    if topic not in {t.name for t in topics.ALL} and not topic.startswith(f"{get_settings().app_id}-"):
        fail(f"unknown topic {topic!r}; one of: {', '.join(t.name for t in topics.ALL)} "
             f"(or a table changelog, {get_settings().app_id}-...)", 2)
    settings = broker_settings()
    # aiokafka logs every failed reconnect: the watchdog below says it once instead.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)

    async def watch() -> None:
        """Return once the broker has refused connections for ``BROKER_GONE_AFTER`` seconds."""
        down_since = None
        while True:
            await asyncio.sleep(BROKER_CHECK_EVERY)
            up = await asyncio.to_thread(_reachable, str(settings.broker), 1.0)
            if up:
                down_since = None
            elif down_since is None:
                down_since = time.monotonic()
            elif time.monotonic() - down_since >= BROKER_GONE_AFTER:
                return

    async def go() -> None:
        reader = asyncio.ensure_future(read())
        watchdog = asyncio.ensure_future(watch())
        done, _ = await asyncio.wait({reader, watchdog}, return_when=asyncio.FIRST_COMPLETED)
        problem = reader.exception() if reader in done else None
        for task in (reader, watchdog):
            task.cancel()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.gather(reader, watchdog, return_exceptions=True), 2)
        if reader not in done:
            fail(f"the broker at {settings.broker} went away (no answer for {BROKER_GONE_AFTER:.0f} s); stopped")
        if problem is not None:
            raise problem

    async def read() -> None:
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
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # cannot connect, topic vanished...: one line
        fail(f"tail {topic}: {exc}")


@app.command()
def classify(
    file: Annotated[str, typer.Argument(help="Dispatch text, or JSON lines {id, headline, body, published}; '-' = stdin.")] = "-",
    format: Annotated[Optional[str], typer.Option("--format", "-f", help=f"{', '.join(CONTENT_TYPE_FOR_FORMAT)} (default: detect).")] = None,
) -> None:
    """Classify offline (no broker): one JSON line per item with labels, region, figures, evidence."""
    from agents.formats import ParseError, parse_payload

    fmt = check_format(format)
    data = read_input(file)
    name = "standard input" if file == "-" else file
    if not data.strip():
        fail(f"{name}: empty, nothing to classify")
    from agents.classify import analyse  # after the input checks: their errors come without its import
    try:
        items = parse_payload(data, CONTENT_TYPE_FOR_FORMAT.get(fmt, fmt) if fmt else None, source="cli",
                              received=datetime.now(timezone.utc))
    except ParseError as exc:
        fail(f"{name}: cannot be read ({exc})")
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
def eval_(
    files: Annotated[list[Path], typer.Argument(help="Labelled JSON lines (tests/data/{train,dev,test}.jsonl).")],
    misses: Annotated[bool, typer.Option("--misses/--no-misses", help="List every miss after the causes.")] = True,
) -> None:
    """Score the classifier on labelled sets: per-label P/R/F1 beside a keyword baseline, region and
    primary-figure accuracy, misses grouped by cause (progress on stderr for long sets)."""
    from agents.classify.evaluate import _stderr_progress, evaluate, format_report

    for file in files:
        print(format_report(evaluate(file, progress=_stderr_progress), misses=misses))
        print()


@app.command()
def reclassify(
    items: Annotated[Optional[Path], typer.Option(help="JSON lines of WireItems (default: wire.unique from the beginning).")] = None,
    events: Annotated[Optional[Path], typer.Option(help="JSON lines of stored ClassifiedEvents (default: events.classified).")] = None,
    publish: Annotated[bool, typer.Option("--publish", help="Send the new events to events.classified.")] = False,
    details: Annotated[bool, typer.Option("--details", help="One line per changed item.")] = False,
    idle: Annotated[float, typer.Option(help="Seconds without a record that end the topic read.")] = 3.0,
) -> None:
    """Run the current classifier over stored items and report, per label and region, what changes
    against the version that classified them (optionally publishing the new events)."""
    from agents.classify.reclassify import format_reclassify
    from streams.reclassify import run as run_reclassify

    settings = get_settings()
    bootstrap = settings.bootstrap_servers if settings.broker else None
    try:
        report, sent = asyncio.run(run_reclassify(bootstrap, items_file=items, events_file=events,
                                                  do_publish=publish, idle_timeout=idle))
    except ValueError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    print(format_reclassify(report, details=details))
    if publish:
        print(f"\npublished {sent} events to {topics.CLASSIFIED.name}")


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
        body = exc.read().decode("utf-8", "replace")
        with contextlib.suppress(ValueError, AttributeError):
            body = json.loads(body).get("error") or body
        fail(f"{exc.code} from {base}{path}: {body}")
    except urllib.error.URLError as exc:
        fail(f"cannot reach the worker at {base}: {exc.reason} (is `wirewatch run` running? --url points elsewhere)")
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
        if r["labels"]:
            out.print(table)
        else:  # say why, instead of an empty table
            hint = f" (here: --at {r['suggest_at']})" if r.get("suggest_at") else ""
            out.print(f"{r['region']} {r.get('name') or ''}: {r.get('note') or 'no stories in this window'}{hint}",
                      markup=False, highlight=False, soft_wrap=True)
    if not rows:
        out.print("no region data yet: no classified story with a region has reached the worker")


@app.command()
def bench(
    broker: Annotated[str, typer.Option(help="Broker to start and measure on: tansu or kafka.")] = "tansu",
    items: Annotated[int, typer.Option(help="Inputs of known outcome in the main run.")] = 5000,
    partitions: Annotated[str, typer.Option(help="Partition counts to measure, one fresh broker each.")] = "4,16",
    rate: Annotated[float, typer.Option(help="Offered inputs/s of the latency run.")] = 200,
    compare_offload: Annotated[bool, typer.Option(help="Also run the first partition count with the offload "
                                                       "pool (WIREWATCH_OFFLOAD_PROCESSES=1).")] = True,
) -> None:
    """Benchmark on one broker: framework baselines vs the full pipeline; exits 1 if any input is lost or out twice."""
    from benchmarks.pipeline import main as bench_main

    if broker not in ("tansu", "kafka"):
        raise typer.BadParameter("tansu or kafka", param_hint="--broker")
    bench_main(items=items, broker=broker, partitions=tuple(int(p) for p in partitions.split(",")), rate=rate,
               compare_offload=compare_offload)


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
    broker = settings.broker or recorded_broker(settings)
    if broker and not settings.broker:
        settings = settings.model_copy(update={"broker": broker})
    bootstrap = settings.bootstrap_servers if broker else None  # lag straight from the broker when we can
    run_top(base, bootstrap, settings.app_id, interval=interval, once=once)


@app.command(name="topics")
def topics_cmd(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every topic with its partitions, end offsets, consumer group (the app id) and lag, from the broker."""
    from streams.top import broker_offsets, topics_json, topics_table

    settings = broker_settings()
    try:
        offsets = broker_offsets(settings.bootstrap_servers, settings.app_id)
    except Exception as exc:
        fail(f"cannot read offsets from {settings.broker}: {exc}")
    if as_json:
        print(json.dumps(topics_json(offsets), indent=2))
    else:
        console.print(topics_table(offsets, settings.app_id))


def main() -> None:
    logging.basicConfig(level=os.environ.get("WIREWATCH_LOGLEVEL", "WARNING"))
    app()


if __name__ == "__main__":
    main()
