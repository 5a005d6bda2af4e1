"""A Faust worker that exits within a deadline of SIGTERM / Ctrl-C, broker or no broker.

Why workers hung after SIGTERM once their broker had been gone for a while (reproduced
on both brokers after a 5 min outage; never after a short one):
Faust runs the aiokafka consumer in a thread of its own (``AIOKafkaConsumerThread``).
Stopping it calls ``AIOKafkaConsumer.stop()`` -> ``Fetcher.close()``, which cancels
each pending fetch task and awaits it without catching ``CancelledError``. A fetch
catches the cancellation while it waits for the broker's answer, but not while it
sleeps its retry backoff after a failed fetch - which is where the fetch tasks spend
their time when the broker is unreachable. Then ``close()`` raises, the consumer
thread dies ("Exception in thread Thread-1 ... CancelledError" in the log) without
telling the main loop it stopped, and the main loop waits for it forever: only SIGKILL
ended the process. :func:`patch_aiokafka` makes ``close()`` treat a fetch task that
ended cancelled as closed, as it already does for its own fetch routine.

Faust's orderly stop also waits on the broker with no overall limit (commit, end of
transactions, LeaveGroup, producer flush), so on top of that fix the stop gets
``WIREWATCH_SHUTDOWN_TIMEOUT`` seconds (default 8, under Docker's 10 s); past that the
worker logs what it was still waiting for and ends the process. Nothing is lost by
that: offsets not committed are consumed again (at-least-once), and on Kafka an open
transaction is aborted by the broker (exactly-once).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading

import faust.worker

log = logging.getLogger(__name__)

FORCED_EXIT_CODE = 3


def patch_aiokafka() -> None:
    """``Fetcher.close()`` that survives a fetch task cancelled in its retry backoff (see above)."""
    from aiokafka.consumer.fetcher import Fetcher

    if getattr(Fetcher.close, "wirewatch_patched", False):
        return

    async def close(self) -> None:
        self._closed = True
        self._fetch_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._fetch_task
        for waiter in self._fetch_waiters:  # fail all pending fetchone/fetchall calls
            self._notify(waiter)
        for task in self._pending_tasks:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                if not task.cancelled():  # we are being cancelled ourselves: pass it on
                    raise

    close.wirewatch_patched = True
    Fetcher.close = close


class Worker(faust.worker.Worker):
    """``faust.worker.Worker`` with a hard deadline on shutdown after a signal."""

    def __init__(self, *args, shutdown_timeout: float = 8.0, **kwargs) -> None:
        patch_aiokafka()
        super().__init__(*args, **kwargs)
        self.shutdown_timeout = shutdown_timeout
        self._deadline: threading.Timer | None = None

    def _schedule_shutdown(self, signum: signal.Signals) -> None:
        if self._deadline is None:
            # A thread, not a loop callback: the loop may be the thing that is stuck.
            self._deadline = threading.Timer(self.shutdown_timeout, self._force_exit, args=(signum,))
            self._deadline.daemon = True
            self._deadline.start()
        super()._schedule_shutdown(signum)

    def _force_exit(self, signum: signal.Signals) -> None:  # runs in the timer thread
        try:
            log.error("worker still stopping %.0fs after %s: forced exit; %s", self.shutdown_timeout,
                      signal.Signals(signum).name, "\n".join(waiting(self.loop, limit=20)))
        except Exception:  # diagnostics must never stop the exit (the loop changes under us)
            log.error("worker still stopping %.0fs after the signal: forced exit", self.shutdown_timeout)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(FORCED_EXIT_CODE)

    async def _cry(self) -> None:
        """``kill -USR1 <worker pid>``: log what every task is waiting on (mode prints only
        each task's outermost frame, which for an agent says nothing)."""
        lines = waiting(self.loop)
        for thread in threading.enumerate():  # the consumer runs in a thread with a loop of its own
            loop = getattr(getattr(thread, "service", None), "thread_loop", None)
            if loop is not None and loop is not self.loop:
                lines += [f"thread {thread.name}:", *waiting(loop)]
        log.warning("SIGUSR1: %s", "\n".join(lines))


def waiting(loop: asyncio.AbstractEventLoop, limit: int | None = None) -> list[str]:
    """One line per pending task: the chain of coroutines it is suspended in, outermost first."""
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    lines = [f"{len(pending)} task(s) waiting:"]
    for task in pending[:limit]:
        chain, coro = [], task.get_coro()
        while coro is not None and len(chain) < 40:
            frame = _frame(coro)
            if frame is None:
                chain.append(repr(coro)[:120])  # a future or another awaitable: the end of the chain
                break
            chain.append(f"{frame.f_code.co_name} ({os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno})")
            nxt = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None) or getattr(coro, "ag_await", None)
            if nxt is not None and _frame(nxt) is None:
                # coro.__await__() of an object (a Faust actor: its coroutine is ``.it``) hides the
                # coroutine it runs: found among the frame's locals
                inner = [v.it for v in frame.f_locals.values() if _frame(getattr(v, "it", None)) is not None]
                nxt = inner[0] if inner else nxt
            coro = nxt
        lines.append(f"  {task.get_name()}: {' -> '.join(chain) or repr(task.get_coro())}")
    return lines


def _frame(obj: object):  # type: ignore[no-untyped-def]
    for attr in ("cr_frame", "gi_frame", "ag_frame"):
        frame = getattr(obj, attr, None)
        if frame is not None:
            return frame
    return None
