"""End to end on the real embedded broker with a real worker process."""

from __future__ import annotations

import asyncio
import base64
import time
import urllib.error
import urllib.request

import orjson
import pytest

from streams import codec
from tests.conftest import SAMPLE, TOKEN, read_topic, send_raw

pytestmark = pytest.mark.integration


def by_headline(records: list[dict], text: str) -> list[dict]:
    return [r for r in records if text in (r["value"] or {}).get("headline", "")]


@pytest.fixture(scope="module")
def worker(worker_factory):
    # With the offload pool (agents/prepare.py, off by default): this module's flows run through
    # it, and the restarted worker of test_dedupe_state_survives_worker_restart runs without.
    return worker_factory("main", WIREWATCH_OFFLOAD_PROCESSES="1")


def test_sample_flows_to_classified_regions_and_http(broker, worker):
    send_raw(broker, SAMPLE.read_bytes(), "text/plain", source="afp")
    events = read_topic(broker, "events.classified", until=lambda rs: by_headline(rs, "final push"))
    [ev] = by_headline(events, "final push")
    value, headers = ev["value"], ev["headers"]
    assert sorted(h["label"] for h in value["labels"]) == ["battle", "detention", "displacement"]
    assert value["region"]["code"] == "SY-DY"
    figs = {f["kind"]: f for f in value["figures"]}
    assert figs["displaced"]["value"] == 37000 and figs["displaced"]["text"] == "more than 37,000"
    assert figs["detained"]["value"] == 3400 and figs["detained"]["text"] == "some 3,400"
    assert headers["wirewatch-schema"] == "ClassifiedEvent/1"
    assert headers["wirewatch-stage"].startswith("classify/")
    assert ev["key"] == value["id"]

    unique = read_topic(broker, "wire.unique", until=lambda rs: by_headline(rs, "final push"))
    [item] = by_headline(unique, "final push")
    assert item["headers"]["wirewatch-schema"] == "WireItem/1"
    assert "September" in item["value"]["body"]  # "Septem-" / "ber" re-joined
    assert item["value"]["published"].startswith("2019-02-10")

    rolling = read_topic(
        broker, "regions.rolling", until=lambda rs: any(r["value"]["region"] == "SY-DY" for r in rs)
    )
    sy = [r["value"] for r in rolling if r["value"]["region"] == "SY-DY"]
    displacement_24h = [r for r in sy if r["label"] == "displacement" and r["window"] == "24h"]
    assert displacement_24h and displacement_24h[-1]["figures"]["displaced"]["total"] == 37000
    assert displacement_24h[-1]["window_start"] <= "2019-02-10T00:00:00" < displacement_24h[-1]["window_end"]

    # The HTTP table follows the story's own date (2019), not today's clock.
    deadline = time.monotonic() + 30
    while True:
        status, doc = worker.get("/regions/SY-DY")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert status == 200, doc
    assert doc["labels"]["displacement"]["figures"]["displaced"]["total"] == 37000
    assert doc["labels"]["detention"]["figures"]["detained"]["total"] == 3400
    assert doc["watermark"].startswith("2019-02-10")
    status, listing = worker.get("/regions")
    assert "SY-DY" in [r["region"] for r in listing["regions"]]
    status, missing = worker.get("/regions/GB-ENG")
    assert status == 404


def test_resend_yields_one_event_and_one_duplicate(broker, worker):
    payload = (
        b" date 2023-05-02 Clashes near Kharkiv\n\nShelling continues\n\n"
        b"Heavy fighting broke out near Kharkiv on Tuesday, officials said.\n"
    )
    send_raw(broker, payload, "text/plain", source="feed-a")
    send_raw(broker, payload, "text/plain", source="feed-a")
    dups = read_topic(broker, "wire.duplicates", until=lambda rs: by_headline(rs, "Kharkiv"))
    [dup] = by_headline(dups, "Kharkiv")
    assert dup["value"]["reason"] == "same_guid"
    assert dup["headers"]["wirewatch-schema"] == "DuplicateRecord/1"
    events = read_topic(broker, "events.classified", until=lambda rs: by_headline(rs, "Kharkiv"), timeout=20)
    time.sleep(2)  # give a (wrong) second event time to arrive
    events = read_topic(broker, "events.classified", until=lambda rs: True)
    assert len(by_headline(events, "Kharkiv")) == 1


def test_garbage_goes_to_deadletter_and_next_item_flows(broker, worker):
    garbage = b"\xff\xfe\x00not utf8 \x80\x81"
    send_raw(broker, garbage, "text/plain", source="bad")
    send_raw(broker, b'{"headline": "Refugees flee Goma", "body": "Thousands fled Goma on Monday."}', "application/json", source="good")
    dls = read_topic(broker, "wire.deadletter", until=lambda rs: any(r["value"]["payload_size"] == len(garbage) for r in rs))
    [dl] = [r["value"] for r in dls if r["value"]["payload_size"] == len(garbage)]
    assert dl["reason"] == "invalid_utf8"
    assert base64.b64decode(dl["payload_b64"]) == garbage
    assert dl["topic"] == "wire.raw" and dl["offset"] is not None
    unique = read_topic(broker, "wire.unique", until=lambda rs: by_headline(rs, "Goma"))
    assert by_headline(unique, "Goma")


def test_item_too_large_to_publish_is_dead_lettered_and_its_partition_flows(broker, worker):
    # 700 KB: under Kafka's default message.max.bytes, so wire.raw takes it, but over
    # WIREWATCH_MAX_ITEM_BYTES: its outputs would be refused and (unguarded) stop the partition.
    body = "Shelling hit the town of Izium on Friday, officials said. " * 12_000
    big = orjson.dumps({"id": "huge-1", "headline": "A very long dispatch", "body": body})
    assert 512 * 1024 < len(big) < 1_000_000
    send_raw(broker, big, "application/json", source="huge")  # same key: same partition as the next
    send_raw(broker, b'{"headline": "Clashes near Bakhmut after huge dispatch", "body": "Fighting killed 2 soldiers '
                     b'near Bakhmut on Monday."}', "application/json", source="huge")
    unique = read_topic(broker, "wire.unique", until=lambda rs: by_headline(rs, "after huge dispatch"))
    assert by_headline(unique, "after huge dispatch")
    assert not by_headline(unique, "A very long dispatch")
    dls = read_topic(broker, "wire.deadletter", until=lambda rs: any(r["value"]["payload_size"] == len(big) for r in rs))
    [dl] = [r["value"] for r in dls if r["value"]["payload_size"] == len(big)]
    assert dl["reason"] == "too_large" and "WIREWATCH_MAX_ITEM_BYTES" in dl["error"], dl
    assert dl["truncated"]


def test_hostile_headers_neither_stop_the_partition_nor_lose_the_input(broker, worker):
    # Any producer may write wire.raw: a receipt-time header no clock can hold, bytes that are
    # not UTF-8 in the content type and the source. Each input still comes out (item or dead
    # letter) and the partition goes on.
    from streams.client import produce

    body = b'{"headline": "Hostile header %d near Kupiansk", "body": "Shelling killed 3 people near Kupiansk."}'
    cases = [{codec.RECEIVED: b"99999999999999999"}, {codec.RECEIVED: b"-99999999999999"},
             {"content-type": b"\xff\xfe"}, {"wirewatch-source": b"\xff" * 300}, {}]
    asyncio.run(produce(broker.bootstrap, "wire.raw", [(b"hostile", body % i, h) for i, h in enumerate(cases)]))
    want = list(range(len(cases)))  # the unreadable content type too: the bytes are sniffed (JSON)

    def came_out() -> list[int]:
        # Near-identical texts: some come out as updates or duplicates. Both topics are read each
        # time: a transaction's commit markers reach its partitions one by one, so one record
        # being readable does not make the others of its transaction readable yet.
        recs = [r for t in ("wire.unique", "wire.duplicates") for r in read_topic(broker, t, until=lambda rs: True)]
        return sorted(int(r["value"]["headline"].split()[2]) for r in by_headline(recs, "Hostile header"))

    deadline = time.monotonic() + 60
    while (got := came_out()) != want and time.monotonic() < deadline:
        time.sleep(0.5)
    assert got == want


def test_compressed_inputs_are_read(broker, worker):
    # Producers often compress (compression.type snappy / lz4 / zstd); without the codecs one
    # such record crashed the worker's fetcher and nothing came out at all.
    from aiokafka import AIOKafkaProducer

    towns = {"gzip": "Sumy", "snappy": "Poltava", "lz4": "Chernihiv", "zstd": "Kramatorsk"}

    async def send() -> None:
        for codec_name, town in towns.items():
            producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, compression_type=codec_name)
            await producer.start()
            try:
                body = orjson.dumps({"headline": f"Compressed ({codec_name}) report from {town}",
                                     "body": f"Drones hit {town} overnight, killing {len(town)} people, officials said."})
                await producer.send_and_wait("wire.raw", body, key=town.encode(),
                                             headers=[("content-type", b"application/json")])
            finally:
                await producer.stop()

    asyncio.run(send())
    unique = read_topic(broker, "wire.unique", until=lambda rs: all(by_headline(rs, f"({c})") for c in towns))
    assert all(by_headline(unique, f"Compressed ({c})") for c in towns), [r["value"]["headline"] for r in unique]


def _post(url: str, body: bytes, ctype: str, token: str | None) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": ctype})
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, orjson.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, orjson.loads(exc.read())


def test_http_ingest_needs_token_and_limits_body(broker, worker):
    item = b'{"guid": "push-1", "headline": "Troops detained dozens in Bamako", "body": "Soldiers detained dozens of protesters in Bamako."}'
    assert _post(worker.url + "/ingest", item, "application/json", None)[0] == 401
    assert _post(worker.url + "/ingest", item, "application/json", "wrong")[0] == 401
    assert _post(worker.url + "/ingest", b"x" * (3 * 1024 * 1024), "application/json", TOKEN)[0] == 413
    assert _post(worker.url + "/ingest", b"hello", "image/png", TOKEN)[0] == 415
    assert _post(worker.url + "/ingest", b"{not json", "application/json", TOKEN)[0] == 422
    status, doc = _post(worker.url + "/ingest", item, "application/json", TOKEN)
    assert status == 202 and len(doc["accepted"]) == 1
    unique = read_topic(broker, "wire.unique", until=lambda rs: by_headline(rs, "Bamako"))
    assert [r["value"]["id"] for r in by_headline(unique, "Bamako")] == doc["accepted"]


def test_http_ingest_writes_bodies_up_to_its_limit(broker, worker):
    # Over 1 MB: more than Faust's default producer request and Kafka's default message.max.bytes,
    # within the endpoint's 2 MiB. Accepted (written, acknowledged), then too large as one item.
    body = "Shelling hit the town of Izium on Friday, officials said. " * 21_000
    doc = orjson.dumps({"guid": "push-big", "headline": "A pushed long dispatch", "body": body})
    assert 1_100_000 < len(doc) < 2 * 1024 * 1024
    status, got = _post(worker.url + "/ingest", doc, "application/json", TOKEN)
    assert status == 202, got
    dls = read_topic(broker, "wire.deadletter", until=lambda rs: any(r["value"]["payload_size"] == len(doc) for r in rs))
    [dl] = [r["value"] for r in dls if r["value"]["payload_size"] == len(doc)]
    assert dl["reason"] == "too_large"


def test_metrics_count_topics_and_deadletters(worker):
    status, text = worker.get("/metrics")
    assert status == 200
    assert 'wirewatch_messages_in_total{topic="wire.raw"}' in text
    assert 'wirewatch_deadletters_total{reason="invalid_utf8"} 1.0' in text
    assert 'wirewatch_dedupe_total{outcome="duplicate",source="feed-a"} 1.0' in text


def test_dedupe_state_survives_worker_restart(broker, worker, worker_factory):
    payload = b'{"guid": "restart-1", "headline": "Airstrikes hit Idlib", "body": "Air strikes hit Idlib overnight."}'
    send_raw(broker, payload, "application/json", source="feed-r")
    read_topic(broker, "wire.unique", until=lambda rs: by_headline(rs, "Idlib"))
    worker.stop()
    again = worker_factory("main-restarted")
    send_raw(broker, payload, "application/json", source="feed-r")
    dups = read_topic(broker, "wire.duplicates", until=lambda rs: by_headline(rs, "Idlib"), timeout=90)
    assert by_headline(dups, "Idlib"), "re-send after restart was not recognised as a duplicate"
    unique = read_topic(broker, "wire.unique", until=lambda rs: True)
    assert len(by_headline(unique, "Idlib")) == 1
    assert again.get("/healthz")[0] == 200
