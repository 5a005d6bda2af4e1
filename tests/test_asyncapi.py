"""docs/asyncapi.yaml is generated from the topic contract and is a well-formed AsyncAPI 3.0 document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from agents.formats import CONTENT_TYPES
from streams import asyncapi
from streams import topics

ROOT = Path(__file__).resolve().parents[1]
DOC_PATH = ROOT / "docs" / "asyncapi.yaml"


@pytest.fixture(scope="module")
def doc() -> dict:
    return yaml.safe_load(DOC_PATH.read_text())


def resolve(doc: dict, ref: str):
    assert ref.startswith("#/"), ref
    node = doc
    for part in ref[2:].split("/"):
        assert part in node, f"dangling $ref {ref}"
        node = node[part]
    return node


def test_committed_document_is_the_generated_one(monkeypatch):
    monkeypatch.setenv("WIREWATCH_PARTITIONS", "9")  # the document states the defaults, not this shell's env
    assert DOC_PATH.read_text() == asyncapi.rendered(), "docs/asyncapi.yaml is stale: run python -m streams.asyncapi"
    assert asyncapi.main(["--check"]) == 0


def test_is_asyncapi_3_with_info_servers_and_every_public_topic(doc):
    assert doc["asyncapi"] == "3.0.0"
    assert doc["info"]["title"] == "wirewatch" and doc["info"]["version"]
    assert all(s["protocol"] == "kafka" and s["host"] for s in doc["servers"].values())
    addresses = {ch["address"] for ch in doc["channels"].values()}
    assert addresses == {t.name for t in topics.PUBLIC}
    assert not addresses & {t.name for t in topics.ALL if not t.public}  # internal topics stay out


def test_operations_reference_existing_channels_and_their_messages(doc):
    assert doc["operations"]
    for name, op in doc["operations"].items():
        assert op["action"] in ("send", "receive"), name
        channel = resolve(doc, op["channel"]["$ref"])
        assert op["messages"], name
        for m in op["messages"]:
            # AsyncAPI 3: an operation's messages must be a subset of its channel's messages.
            assert m["$ref"].startswith(op["channel"]["$ref"] + "/messages/"), (name, m)
            resolve(doc, m["$ref"])
    actions = {resolve(doc, op["channel"]["$ref"])["address"]: op["action"] for op in doc["operations"].values()}
    assert actions["wire.raw"] == "send" and actions["events.classified"] == "receive"


def test_every_message_has_headers_and_a_payload_schema_matching_the_exported_json_schema(doc):
    messages = doc["components"]["messages"]
    for spec in topics.PUBLIC:
        [ch] = [c for c in doc["channels"].values() if c["address"] == spec.name]
        [ref] = [m["$ref"] for m in ch["messages"].values()]
        msg = resolve(doc, ref)
        assert msg in messages.values()
        assert msg["headers"]["type"] == "object"
        assert msg["bindings"]["kafka"]["key"]["description"] == spec.key
        assert ch["bindings"]["kafka"]["topicConfiguration"]["cleanup.policy"] == (["compact"] if spec.compacted else ["delete"])
        if spec.model is None:  # wire.raw: the content-type pattern admits what the parsers read, and only that
            pattern = re.compile(msg["headers"]["properties"]["content-type"]["pattern"])
            assert "content-type" not in msg["headers"].get("required", [])  # absent: detected from the bytes
            for ctype in CONTENT_TYPES:
                assert pattern.match(ctype) and pattern.match(f"{ctype}; charset=utf-8"), ctype
            assert not pattern.match("application/pdf") and not pattern.match("text/plainx")
            continue
        assert msg["headers"]["properties"]["wirewatch-schema"]["const"] == spec.schema
        payload_file = (DOC_PATH.parent / msg["payload"]["$ref"]).resolve()
        schema = json.loads(payload_file.read_text())
        assert schema["x-wirewatch-schema"] == spec.schema
        jsonschema.Draft202012Validator.check_schema(schema)
        # The headers schema accepts what the pipeline writes and rejects a wrong schema name.
        hv = jsonschema.Draft202012Validator(msg["headers"])
        good = {"content-type": "application/json", "wirewatch-schema": spec.schema, "wirewatch-stage": "classify/1.0.0", "wirewatch-received": "1732579200123"}
        assert not list(hv.iter_errors(good))
        assert list(hv.iter_errors({**good, "wirewatch-schema": "Other/1"}))


def test_channel_ids_are_camel_case_topic_names():
    assert asyncapi.channel_id("events.classified") == "eventsClassified"
    assert asyncapi.channel_id("wire.deadletter") == "wireDeadletter"
    assert asyncapi.channel_id("regions.rolling") == "regionsRolling"
