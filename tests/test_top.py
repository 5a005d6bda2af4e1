"""`wirewatch top` fits 80x24 with distinct topic names, shows measured latency, and `q` quits."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from rich.console import Console

from streams import topics
from streams.lag import PartitionOffsets
from streams.top import latency_text, render_top, short_topic

ROOT = Path(__file__).resolve().parents[1]

STATS = {
    "worker": {"id": "host:6066", "app_id": "wirewatch"},
    "latency": {"classified": {"p50": 7.5, "p99": 9.95, "count": 1, "min": 7.5, "max": 7.5, "recent": [7.5]}},
    "throughput": {"now": {t.name: 12.5 for t in topics.ALL}},
    "dedupe_rate": 0.25,
    "in": {t.name: 12345 for t in topics.ALL},
    "out": {t.name: 12345 for t in topics.ALL},
    "labels": {"battle": 3, "displacement": 2, "detention": 1},
    "dedupe_outcomes": {"new": 3, "duplicate": 1},
    "deadletters": {"empty": 1},
    "regions": [{"region": "SY-DY", "name": "Dayr az Zawr", "stories": 1, "labels": {"battle": 1, "displacement": 1},
                 "figures": {"displaced": 37000.0, "detained": 3400.0}}],
    "recent": [{"headline": f"Shelling drives thousands from Kharkiv {i}", "region": {"code": "UA-63"},
                "labels": [{"label": "battle", "evidence": ["e"]}]} for i in range(12)],
}
OFFSETS = [PartitionOffsets(topic=t.name, partition=p, end=123456, committed=123400, group="wirewatch")
           for t in topics.ALL for p in range(4)]


def frame(width: int, height: int) -> list[str]:
    console = Console(width=width, height=height, record=True, color_system=None, file=open(os.devnull, "w"))
    console.print(render_top(STATS, OFFSETS, width=width, height=height))
    return console.export_text().splitlines()


def test_fits_80_by_24_with_distinct_topic_names():
    lines = frame(80, 24)
    assert len(lines) <= 23 and max(len(line) for line in lines) <= 80
    shown = [line.split()[0] for line in lines if line.split() and line.split()[0] in {short_topic(t.name) for t in topics.ALL}]
    assert sorted(shown) == sorted(short_topic(t.name) for t in topics.ALL)  # every topic, once, never cut
    assert len(set(shown)) == len(topics.ALL)
    assert not any("…" in name for name in shown)
    text = "\n".join(lines)
    assert "q quits" in text and "7.50 s (1 item)" in text and "p99" not in text.split("latency")[1].split("\n")[0]


def test_short_topic_names_stay_distinct():
    names = [short_topic(t.name) for t in topics.ALL]
    assert len(set(names)) == len(names)


def test_wide_terminal_keeps_the_full_layout():
    text = "\n".join(frame(160, 50))
    assert "wire.raw" in text and "latest classified events" in text


def test_latency_text_says_what_was_measured():
    assert latency_text(None) == "– (no items yet)"
    assert latency_text({"count": 1, "p50": 7.5, "p99": 9.95, "min": 7.5, "max": 7.5, "recent": [7.5]}) == "7.50 s (1 item)"
    assert latency_text({"count": 3, "min": 0.1, "max": 2.0, "recent": [2.0, 0.1, 0.5]}) == "median 500 ms of 3 (100 ms..2.00 s)"
    # Many items: histogram estimates, never outside what was observed.
    assert latency_text({"count": 50, "p50": 0.3, "p99": 12.0, "min": 0.1, "max": 2.0, "recent": []}) == "p50 300 ms / p99 2.00 s (50 items)"


def test_q_quits_on_a_terminal():
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "80", "LINES": "24"}
    env.pop("WIREWATCH_BROKER", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streams.cli", "top", "--url", "http://127.0.0.1:9", "--interval", "0.2"],
        stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env={**env, "WIREWATCH_DATA_DIR": "/nonexistent-ww"},
        close_fds=True,
    )
    os.close(slave)
    out = b""
    try:
        deadline = time.monotonic() + 60
        # the first whole frame is up: its header ("q quits") can arrive in an earlier read than its body
        while b"q quits" not in out or b"cannot reach" not in out:
            assert time.monotonic() < deadline, out
            if select.select([master], [], [], 0.5)[0]:
                out += os.read(master, 65536)
        os.write(master, b"q")
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    assert proc.returncode == 0
    assert b"cannot reach http://127.0.0.1:9" in out
