"""The exported JSON Schema files match the models, and real outputs validate against them."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import orjson

from schemas import export
from schemas.models import PUBLIC_MODELS
from streams.codec import encode
from agents.formats import dispatch

SAMPLE = Path(__file__).resolve().parents[1] / "streams" / "samples" / "afp-2019-02-10-deir-ezzor.txt"


def test_exported_schemas_have_not_drifted():
    for name, text in export.rendered().items():
        path = export.OUT / name
        assert path.exists(), f"{name} missing: run python -m schemas.export"
        assert path.read_text() == text, f"{name} drifted from the model: run python -m schemas.export"


def test_every_public_model_is_exported():
    assert {p.name for p in export.OUT.glob("*.schema.json")} == {f"{m.SCHEMA}.schema.json" for m in PUBLIC_MODELS}


def test_encoded_wire_item_validates_against_exported_schema():
    item = dispatch.parse(SAMPLE.read_bytes(), source="afp", received=datetime.now(timezone.utc))[0]
    schema = json.loads((export.OUT / "WireItem.schema.json").read_text())
    jsonschema.validate(orjson.loads(encode(item)), schema)
    bad = orjson.loads(encode(item))
    del bad["id"]
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("schema accepted an item without id")
