"""`wirewatch run` end to end, as a user starts it with its output in a log file.

A real embedded broker and worker (a few seconds): the banner is plain, the broker
address is recorded for a second terminal, and removed again on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from streams.broker import free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.integration


def cli(*args: str, env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "streams.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60, **kw)


def test_run_records_its_broker_for_a_second_terminal(tmp_path):
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "WIREWATCH_BROKER"}
    env.update(WIREWATCH_DATA_DIR=str(data), WIREWATCH_WEB_PORT=str(free_port()), WIREWATCH_BROKER_KIND="tansu",
               COLUMNS="80")
    log = tmp_path / "run.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "run", "--no-sample"], env=env, cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT)
    url_file = data / "broker.url"
    try:
        deadline = time.monotonic() + 90
        while not (url_file.exists() and "other terminals" in log.read_text(errors="replace")):
            assert proc.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        url = url_file.read_text().strip()
        assert url.startswith("kafka://127.0.0.1:")
        banner = log.read_text(errors="replace")
        assert "\x1b" not in banner.split("other terminals")[0]  # no colour or cursor codes in a log file
        assert f"  broker     {url} (embedded Tansu broker: topics and tables live in memory only)" in banner
        assert "local Apache Kafka broker (see Brokers" in banner
        assert any(len(line) > 80 and "broker.url" in line for line in banner.splitlines())  # not wrapped

        # A second terminal: no WIREWATCH_BROKER, the same directory (data dir).
        topics = cli("topics", "--json", env=env)
        assert topics.returncode == 0, topics.stderr
        assert "wire.raw" in topics.stdout
        sample = ROOT / "streams" / "samples" / "afp-2019-02-10-deir-ezzor.txt"
        sent = cli("ingest", str(sample), env=env)
        assert sent.returncode == 0, sent.stderr
        assert "sent 1 message(s) from 1 file(s) to wire.raw" in sent.stdout
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert not url_file.exists(), "broker.url must go when run stops"
    gone = cli("topics", env=env)
    assert gone.returncode == 2 and "no broker" in gone.stderr and "Traceback" not in gone.stderr
