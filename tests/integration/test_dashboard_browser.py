"""The live dashboard in a real headless Chromium against a real broker and worker.

Chromium is driven over the DevTools protocol with aiohttp's websocket client
(no browser download, no npm). A screenshot is kept in test-artifacts/.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from streams.broker import free_port
from streams.metrics import group_topics
from tests.conftest import ARTIFACTS, WorkerProcess, send_raw
from tests.tools import require

pytestmark = pytest.mark.integration

CHROMIUM = require("chromium")  # make test installs it (tests/require_tools.py); missing = these tests fail


class Browser:
    """A headless Chromium process and one page, spoken to over the DevTools protocol."""

    def __init__(self) -> None:
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="ww-chromium-")
        self.proc = subprocess.Popen(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                f"--user-data-dir={self.profile}", f"--remote-debugging-port={self.port}",
                "--window-size=1400,1700", "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.loop = asyncio.new_event_loop()
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future] = {}
        self.loop.run_until_complete(self._connect())

    async def _connect(self) -> None:
        deadline = time.monotonic() + 30
        ws_url = None
        while ws_url is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=1) as r:
                    pages = [t for t in json.load(r) if t["type"] == "page"]
                    ws_url = pages[0]["webSocketDebuggerUrl"] if pages else None
            except OSError:
                pass
            if ws_url is None:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("chromium did not expose a page over DevTools")
                await asyncio.sleep(0.2)
        self.session = aiohttp.ClientSession()
        self.ws = await self.session.ws_connect(ws_url, max_msg_size=64 * 1024 * 1024)
        self.reader = asyncio.ensure_future(self._read())
        await self._send("Page.enable")
        await self._send("Runtime.enable")
        await self._send("Emulation.setDeviceMetricsOverride", width=1400, height=1700, deviceScaleFactor=1, mobile=False)

    async def _read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            fut = self.pending.pop(data.get("id"), None)
            if fut is not None and not fut.done():
                if "error" in data:
                    fut.set_exception(RuntimeError(data["error"]))
                else:
                    fut.set_result(data.get("result", {}))

    async def _send(self, method: str, **params) -> dict:
        i = next(self.ids)
        fut = self.loop.create_future()
        self.pending[i] = fut
        await self.ws.send_str(json.dumps({"id": i, "method": method, "params": params}))
        return await asyncio.wait_for(fut, 30)

    def call(self, method: str, **params) -> dict:
        return self.loop.run_until_complete(self._send(method, **params))

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def eval(self, js: str):
        res = self.call("Runtime.evaluate", expression=js, returnByValue=True)
        if "exceptionDetails" in res:
            raise AssertionError(f"JS error in {js!r}: {res['exceptionDetails']}")
        return res["result"].get("value")

    def wait_for(self, js: str, timeout: float = 30.0, what: str = ""):
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(f"(() => {{ try {{ return ({js}); }} catch (e) {{ return false; }} }})()")  # page may be loading
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or js}; page text:\n{self.eval('document.body.innerText')}")
            time.sleep(0.25)

    def screenshot(self, path: Path) -> bytes:
        png = base64.b64decode(self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"])
        path.write_bytes(png)
        return png

    def close(self) -> None:
        async def shut() -> None:
            await self.ws.close()
            await self.session.close()
            self.reader.cancel()

        try:
            self.loop.run_until_complete(shut())
        finally:
            self.loop.close()
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def worker(broker, tmp_path_factory):
    w = WorkerProcess(broker, "dash", tmp_path_factory.mktemp("dash")).start()
    yield w
    w.stop()


ITEM = (
    b'{"guid": "dash-1", "headline": "Shelling drives thousands from Kharkiv", '
    b'"body": "More than 2,000 people fled Kharkiv after heavy shelling on Tuesday, officials said.", '
    b'"published": "2024-03-05T10:00:00Z"}'
)


def open_dashboard(browser, worker) -> None:
    """The live dashboard in the browser (each test opens it: a test must not rely on an earlier one's page)."""
    browser.goto(worker.url + "/")
    browser.wait_for("document.getElementById('status').textContent === 'live'", what="SSE connection")


def test_dashboard_shows_an_ingested_event_live(broker, worker, browser):
    browser.goto(worker.url + "/")
    browser.wait_for("document.getElementById('status').textContent === 'live'", what="SSE connection")
    # Stats arrive over SSE: the lag table is filled from offsets read from the broker.
    browser.wait_for(f"document.querySelectorAll('#lag tbody tr').length >= {len(group_topics())}", what="lag per partition")
    assert browser.eval("document.getElementById('events').innerText").strip() == "waiting for events…"

    send_raw(broker, ITEM, "application/json", source="dash-feed")  # after the page loaded: it must be pushed
    browser.wait_for(
        "document.getElementById('events').innerText.includes('Shelling drives thousands from Kharkiv')",
        what="the classified event on the page",
    )
    ev = browser.eval("document.querySelector('#events .ev').innerText")
    assert "Kharkivska oblast" in ev and "UA-63" in ev  # region
    assert "More than 2,000 people fled Kharkiv" in ev  # evidence sentence
    assert "displacement" in ev and "battle" in ev  # labels
    assert "displaced: More than 2,000" in ev  # figure

    # Region table (24 h) and label mix follow within a couple of stats pushes.
    browser.wait_for("!!document.querySelector('#regions tr[data-region=\"UA-63\"]')", what="UA-63 in top regions")
    row = browser.eval("document.querySelector('#regions tr[data-region=\"UA-63\"]').innerText")
    assert "displaced 2,000" in row
    browser.wait_for("document.getElementById('labels').innerText.includes('displacement')", what="label mix")
    # Lag is back to 0 once the worker committed, and the latency tile shows a number. On Kafka the
    # input is consumed in transactions: a partition's end offset then counts the commit marker after
    # the last record, which no consumer commits past, so up to 1 per written partition remains.
    marker = 1 if broker.kind == "kafka" else 0
    browser.wait_for(
        f"document.querySelectorAll('#lag .lagcell').length > 0 && [...document.querySelectorAll('#lag tbody tr')]"
        f".every((tr) => [...tr.querySelectorAll('td.n')].slice(0, -1).every((td) => !td.textContent || "
        f"Number(td.textContent.replace(/,/g, '')) <= (Number(td.title.split('end ')[1]) > 0 ? {marker} : 0)))",
        what="lag 0 (Kafka: at most the commit marker) after processing",
    )
    assert browser.eval("document.getElementById('k-lat-c').textContent") != "–"
    browser.wait_for(
        "[...document.querySelectorAll('#throughput .spark')].some(r => r.dataset.topic === 'events.classified')",
        what="throughput sparklines",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    png = browser.screenshot(ARTIFACTS / "dashboard.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000


def test_dashboard_renders_the_current_state_without_waiting_for_the_stream(broker, worker, browser):
    """A page opened between updates shows the worker's state at once (inlined in the page),
    even with the live stream blocked."""
    open_dashboard(browser, worker)
    shown = "document.getElementById('events').innerText.includes('Shelling drives thousands from Kharkiv')"
    if not browser.eval(shown):  # run on its own: the worker has no event yet
        send_raw(broker, ITEM, "application/json", source="dash-feed")
        browser.wait_for(shown, what="the classified event, live")
        browser.wait_for("!!document.querySelector('#regions tr[data-region=\"UA-63\"]')", what="UA-63 in top regions")
    browser.call("Network.enable")
    browser.call("Network.setBlockedURLs", urls=["*/api/stream*"])
    try:
        browser.goto(worker.url + "/?blocked")
        browser.wait_for("document.getElementById('events').innerText.includes('Shelling drives thousands from Kharkiv')",
                         what="the latest event, from the page itself")
        assert browser.eval("document.getElementById('status').textContent") != "live"  # no stream: nothing came over SSE
        assert browser.eval("!!document.querySelector('#regions tr[data-region=\"UA-63\"]')")
        assert browser.eval("document.querySelectorAll('#lag tbody tr').length") >= len(group_topics())
        assert browser.eval("document.getElementById('k-lat-c').textContent") != "–"
        assert "worker" in browser.eval("document.getElementById('worker').textContent")
    finally:
        browser.call("Network.setBlockedURLs", urls=[])
    browser.goto(worker.url + "/")
    browser.wait_for("document.getElementById('status').textContent === 'live'", what="SSE connection")


def test_latency_cards_show_what_was_measured(broker, worker, browser):
    open_dashboard(browser, worker)
    if browser.eval("document.getElementById('k-lat-c').textContent") == "–":  # run on its own: nothing measured yet
        send_raw(broker, ITEM, "application/json", source="dash-feed")
    browser.wait_for("document.getElementById('k-lat-c').textContent !== '–'", what="a latency figure")
    for card in ("k-lat-c", "k-lat-r"):
        sub = browser.eval(f"document.getElementById('{card}-s').textContent")
        # One item here (ITEM): its value, not a percentile of one sample; never "n=".
        assert re.fullmatch(r"1 item measured|median of \d+ items: .*|p50 · p99 .* · \d+ items · min .* · max .*", sub), sub
        assert "n=" not in sub
    # With many items: estimates within the observed range, with the count, min and max.
    browser.eval("latency('k-lat-c', {count: 40, p50: 0.3, p99: 12.0, min: 0.1, max: 2.0, recent: []})")
    sub = browser.eval("document.getElementById('k-lat-c-s').textContent")
    assert sub == "p50 · p99 2.00 s · 40 items · min 100 ms · max 2.00 s", sub
    browser.eval("latency('k-lat-c', {count: 3, p50: 7.5, p99: 9.95, min: 1.2, max: 9.0, recent: [9.0, 1.2, 3.4]})")
    assert browser.eval("document.getElementById('k-lat-c').textContent") == "3.40 s"
    assert browser.eval("document.getElementById('k-lat-c-s').textContent") == "median of 3 items: 1.20 s · 3.40 s · 9.00 s"


def test_top_regions_fit_at_1400px(broker, worker, browser):
    open_dashboard(browser, worker)
    assert browser.eval("window.innerWidth") == 1400
    assert browser.eval("document.documentElement.scrollWidth <= window.innerWidth")
    # The sample's row (three labels, five figure kinds) and a long name must stay inside the card.
    browser.eval("""renderRegions([
      {region: "SY-DY", name: "Dayr az Zawr", stories: 12, labels: {battle: 5, displacement: 4, detention: 3},
       figures: {displaced: 37000, detained: 3400, killed: 120, wounded: 300, fighters: 2500}},
      {region: "CD-NK", name: "Nord-Kivu (North Kivu Province)", stories: 7, labels: {battle: 7, displacement: 2},
       figures: {displaced: 250000, killed: 40}}])""")
    fits = browser.eval("""(() => {
      const table = document.getElementById('regions'), card = table.closest('.card').getBoundingClientRect();
      const inside = [...table.querySelectorAll('td, .lbl, .fig')].every((e) => e.getBoundingClientRect().right <= card.right + 0.5);
      return {inside, table: table.scrollWidth, card: table.parentElement.clientWidth,
              page: document.documentElement.scrollWidth <= window.innerWidth};
    })()""")
    assert fits["inside"] and fits["table"] <= fits["card"] and fits["page"], fits
    assert "displaced 37,000" in browser.eval("document.querySelector('#regions tr[data-region=\"SY-DY\"]').innerText")
    browser.screenshot(ARTIFACTS / "dashboard-regions-1400.png")


def test_dashboard_reconnects_when_the_worker_restarts(broker, worker, browser, tmp_path_factory):
    open_dashboard(browser, worker)
    first_pid = worker.proc.pid
    port = worker.port
    worker.stop()
    browser.wait_for("document.getElementById('status').textContent !== 'live'", what="the page noticing the restart")
    again = WorkerProcess(broker, "dash-again", tmp_path_factory.mktemp("dash-again"), WIREWATCH_WEB_PORT=str(port))
    again.port = port  # the same URL the page has open
    again.start()
    try:
        browser.wait_for("document.getElementById('status').textContent === 'live'", timeout=40, what="reconnect")
        browser.wait_for("document.getElementById('note').textContent.includes('worker restarted')", what="restart note")
        assert again.proc.pid != first_pid
        send_raw(
            broker,
            b'{"guid": "dash-2", "headline": "Dozens detained in Bamako", '
            b'"body": "Soldiers detained dozens of protesters in Bamako on Friday."}',
            "application/json",
            source="dash-feed",
        )
        browser.wait_for(
            "document.getElementById('events').innerText.includes('Dozens detained in Bamako')",
            timeout=60,
            what="an event pushed by the restarted worker",
        )
        browser.screenshot(ARTIFACTS / "dashboard-after-restart.png")
    finally:
        again.stop()
