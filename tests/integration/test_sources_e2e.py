"""Feeds and pushes of real formats flow through a real worker to wire.unique."""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.request
from pathlib import Path

import orjson
import pytest

from tests.conftest import TOKEN, read_topic

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def feed_server():
    """A local HTTP server serving the RSS 2.0 fixture with an ETag (a real socket)."""
    body = (FIXTURES / "rss-2.0-sample-liftoff.xml").read_bytes()
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            hits.append(self.headers.get("If-None-Match") or "")
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", '"v1"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml", hits
    server.shutdown()


@pytest.fixture(scope="module")
def feed_worker(worker_factory, feed_server, tmp_path_factory):
    url, _ = feed_server
    cfg = tmp_path_factory.mktemp("feeds") / "feeds.toml"
    cfg.write_text(f'[[feed]]\nname = "liftoff"\nurl = "{url}"\ninterval = 1\n')
    return worker_factory("feeds", WIREWATCH_FEEDS=str(cfg))


def test_worker_polls_rss_feed_into_unique_items(broker, feed_worker, feed_server):
    _, hits = feed_server
    unique = read_topic(broker, "wire.unique", until=lambda rs: sum(r["value"]["source"] == "liftoff" for r in rs) >= 4)
    items = [r["value"] for r in unique if r["value"]["source"] == "liftoff"]
    assert len(items) == 4 and {i["format"] for i in items} == {"rss"}
    assert all(i["link"] and i["guid"] for i in items)
    # conditional GET: later polls send the ETag and get 304, so nothing is re-sent
    read_topic(broker, "wire.unique", until=lambda rs: len(hits) >= 3, timeout=15)
    assert '"v1"' in hits[1:]
    again = [r for r in read_topic(broker, "wire.unique", until=lambda rs: True) if r["value"]["source"] == "liftoff"]
    assert len(again) == 4


def test_push_ninjs_and_newsml_with_token(broker, feed_worker):
    for name, ctype in [
        ("ninjs-2.1-dpa_text.json", "application/ninjs+json"),
        ("newsml-LISTING_2_NewsML-G2_Text_Document.xml", "application/vnd.iptc.g2.newsitem+xml"),
    ]:
        req = urllib.request.Request(
            feed_worker.url + "/ingest?source=push-" + name.split("-")[0],
            data=(FIXTURES / name).read_bytes(),
            method="POST",
            headers={"Content-Type": ctype, "Authorization": f"Bearer {TOKEN}"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 202
            accepted = orjson.loads(resp.read())["accepted"]
        assert accepted
        unique = read_topic(broker, "wire.unique", until=lambda rs: {r["value"]["id"] for r in rs} >= set(accepted))
        got = {r["value"]["id"]: r["value"] for r in unique}
        assert set(accepted) <= set(got)
        assert {got[i]["format"] for i in accepted} == {name.split("-")[0]}
