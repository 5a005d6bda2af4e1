"""A worker exits within 10 s of SIGTERM, also when its broker is unreachable.

Docker and Kubernetes send SIGTERM, then SIGKILL after a grace period (10 s by default
in Docker). Two ways a broker goes away: it dies (connections refused: the worker's
fetches fail and back off; before the fix in streams/shutdown.py that left Faust's
consumer thread dead and the worker hanging for good), or it stops answering (a
network partition, here SIGSTOP: requests hang, the orderly stop cannot finish and
the shutdown deadline ends it).
"""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from tests.conftest import WorkerProcess, start_broker

pytestmark = pytest.mark.integration
LIMIT = 10.0


def stop_time(worker: WorkerProcess) -> tuple[float, int]:
    t0 = time.monotonic()
    worker.proc.send_signal(signal.SIGTERM)
    try:
        rc = worker.proc.wait(LIMIT + 5)
    except subprocess.TimeoutExpired:
        worker.proc.kill()
        worker.proc.wait()
        rc = None
    return time.monotonic() - t0, rc


def test_sigterm_after_the_broker_died(broker_kind, tmp_path):
    b = start_broker(broker_kind, tmp_path, name="broker-died")
    try:
        w = WorkerProcess(b, "sigterm-died", tmp_path).start()
        b.kill()
        time.sleep(15)  # the worker's fetches fail and back off; its session expires
        took, rc = stop_time(w)
    finally:
        b.stop()
    log = w.log_path.read_text(errors="replace")
    assert took < LIMIT, f"worker took {took:.1f}s after SIGTERM (see {w.log_path})"
    # The cause is fixed, not only capped: no consumer thread crash, no forced exit.
    assert rc == 0, f"exit status {rc} (see {w.log_path})"
    assert "forced exit" not in log.split("Signal received")[-1]


def test_sigterm_while_the_broker_does_not_answer(broker_kind, tmp_path):
    b = start_broker(broker_kind, tmp_path, name="broker-frozen")
    try:
        w = WorkerProcess(b, "sigterm-frozen", tmp_path, WIREWATCH_SHUTDOWN_TIMEOUT="6").start()
        b.proc.send_signal(signal.SIGSTOP)
        try:
            time.sleep(3)
            took, rc = stop_time(w)
        finally:
            b.proc.send_signal(signal.SIGCONT)
    finally:
        b.stop()
    assert took < LIMIT, f"worker took {took:.1f}s after SIGTERM (see {w.log_path})"
    assert rc is not None
