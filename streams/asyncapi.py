"""Generate ``docs/asyncapi.yaml``: an AsyncAPI 3.0 document of wirewatch's public topics.

    python -m streams.asyncapi          # write docs/asyncapi.yaml
    python -m streams.asyncapi --check  # exit 1 if the committed file differs

Built from the topic contract (``streams/topics.py``) and the models' exported
JSON Schema (``schemas/json/``, referenced from each message's payload), so it
cannot say anything the code does not. The test suite runs the check.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import get_args

import yaml

from agents.dedupe import Outcome
from agents.formats import CONTENT_TYPES
from schemas import headers
from schemas.models import _Model
from streams import topics
from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "asyncapi.yaml"
SCHEMA_DIR = "../schemas/json"  # relative to docs/
BINDING_VERSION = "0.5.0"

#: every content type the parsers read (agents.formats.CONTENT_TYPES), so the contract lists what is accepted
RAW_CONTENT_TYPES = sorted(CONTENT_TYPES)


def channel_id(topic: str) -> str:
    """``events.classified`` -> ``eventsClassified``."""
    first, *rest = re.split(r"[.\-_]", topic)
    return first + "".join(p[:1].upper() + p[1:] for p in rest)


def _output_headers(model: type[_Model]) -> dict:
    return {
        "type": "object",
        "required": [headers.CONTENT_TYPE, headers.SCHEMA, headers.STAGE],
        "properties": {
            headers.CONTENT_TYPE: {"type": "string", "const": "application/json", "description": "Value encoding."},
            headers.SCHEMA: {
                "type": "string",
                "const": model.schema_header(),
                "description": f"Model/version of the value: {SCHEMA_DIR}/{model.SCHEMA}.schema.json.",
            },
            headers.STAGE: {
                "type": "string",
                "pattern": r"^[a-z]+/[0-9][0-9A-Za-z.\-+]*$",
                "description": "The stage (and its version) that produced the message, e.g. classify/1.0.0.",
            },
            headers.RECEIVED: {
                "type": "string",
                "pattern": "^[0-9]+$",
                "description": "Epoch milliseconds when wirewatch received the raw input (end-to-end latency).",
            },
            headers.INPUT: {
                "type": "string",
                "pattern": "^[0-9]+:[0-9]+(#[0-9]+)?$",
                "description": "On wire.unique, wire.duplicates and wire.deadletter: the raw input the record accounts "
                "for, <wire.raw partition>:<offset>[#<item index>]. Every accepted input comes out on exactly one of "
                "those three topics under its id.",
            },
            headers.OUTCOME: {
                "type": "string",
                "enum": list(get_args(Outcome)),
                "description": "On wire.unique and wire.duplicates: what the dedupe stage decided for the input.",
            },
            headers.DEDUPE_REASON: {
                "type": "string",
                "description": "With an update or a duplicate: why (e.g. same_guid, same_text, near_duplicate, "
                "new_version, changed_figures).",
            },
            headers.SOURCE_ID: {
                "type": "string",
                "description": "When an item was re-keyed onto an earlier story: the id the item itself had.",
            },
            headers.LATE_REASON: {
                "type": "string",
                "description": "On events.late: why the event was not counted in the region tables.",
            },
        },
    }


def _raw_message() -> dict:
    return {
        "name": "RawInput",
        "title": "Raw wire copy",
        "summary": "Bytes of any supported input format; the content-type header names the format.",
        "headers": {
            "type": "object",
            "properties": {
                headers.CONTENT_TYPE: {
                    "type": "string",
                    "pattern": "^(" + "|".join(re.escape(t) for t in RAW_CONTENT_TYPES) + r")\s*(;.*)?$",
                    "description": "The input format (parameters such as charset allowed). Without it the format "
                                   "is detected from the bytes; what cannot be told goes to wire.deadletter.",
                },
                headers.SOURCE: {"type": "string", "description": "Feed name recorded on the items."},
            },
        },
        "payload": {"type": "string", "format": "binary", "description": "The raw bytes (any supported format)."},
    }


def document() -> dict:
    defaults = Settings.model_construct()  # the documented defaults, whatever this shell's WIREWATCH_* say
    try:
        from importlib.metadata import version

        app_version = version("wirewatch")
    except Exception:  # pragma: no cover - not installed
        app_version = "0.0.0"

    channels: dict = {}
    operations: dict = {}
    messages: dict = {}
    for spec in topics.PUBLIC:
        cid = channel_id(spec.name)
        if spec.model is None:
            msg_name = "RawInput"
            messages[msg_name] = _raw_message()
        else:
            msg_name = spec.model.SCHEMA
            messages[msg_name] = {
                "name": msg_name,
                "title": msg_name,
                "summary": (spec.model.__doc__ or msg_name).strip().splitlines()[0],
                "contentType": "application/json",
                "headers": _output_headers(spec.model),
                "payload": {"$ref": f"{SCHEMA_DIR}/{spec.model.SCHEMA}.schema.json"},
            }
        messages[msg_name]["bindings"] = {
            "kafka": {"key": {"type": "string", "description": spec.key}, "bindingVersion": BINDING_VERSION}
        }
        channels[cid] = {
            "address": spec.name,
            "title": spec.name,
            "description": spec.doc,
            "messages": {msg_name: {"$ref": f"#/components/messages/{msg_name}"}},
            "bindings": {
                "kafka": {
                    "topic": spec.name,
                    "partitions": defaults.partitions,
                    "replicas": defaults.replication_factor,
                    "topicConfiguration": {
                        "cleanup.policy": ["compact"] if spec.compacted else ["delete"],
                        "retention.ms": defaults.retention_days * 86400 * 1000,
                    },
                    "bindingVersion": BINDING_VERSION,
                }
            },
        }
        # wire.raw is what the outside world sends to; every other public topic is read by subscribers.
        action = "send" if spec.model is None else "receive"
        op = action + cid[:1].upper() + cid[1:]
        operations[op] = {
            "action": action,
            "title": f"{'Send to' if action == 'send' else 'Subscribe to'} {spec.name}",
            "channel": {"$ref": f"#/channels/{cid}"},
            "messages": [{"$ref": f"#/channels/{cid}/messages/{msg_name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "wirewatch",
            "version": app_version,
            "description": (
                "Conflict-news stream processor on Kafka: deduplicated wire items, classified events and rolling "
                "per-region tables. Values are JSON, validated by the JSON Schema named in the `wirewatch-schema` "
                "header. Delivery is exactly-once on Apache Kafka (transactions: subscribe with "
                "isolation.level=read_committed) and at-least-once on the embedded Tansu broker, where a repeat is "
                "the identical record under the same key; records are keyed by ids. Generated from streams/topics.py by "
                "`python -m streams.asyncapi`; see docs/topics.md."
            ),
            "license": {"name": "Apache-2.0"},
        },
        "defaultContentType": "application/json",
        "servers": {
            "compose": {
                "host": "kafka:9092",
                "protocol": "kafka",
                "description": "Apache Kafka (KRaft) of docker-compose.yml.",
            },
            "local": {
                "host": "127.0.0.1:9092",
                "protocol": "kafka",
                "description": "`wirewatch broker` (the local Apache Kafka where a JDK is, else embedded Tansu); "
                               "`wirewatch run` prints its own port.",
            },
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def rendered() -> str:
    header = "# Generated by `python -m streams.asyncapi` from streams/topics.py and schemas/json/. Do not edit.\n"
    return header + yaml.safe_dump(document(), sort_keys=False, allow_unicode=True, width=100)


def main(argv: list[str]) -> int:
    text = rendered()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text() != text:
            print(f"{OUT} is stale; run python -m streams.asyncapi", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
