"""The documented topic contract matches the code (the deployment files: tests/test_compose.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from streams import topics

ROOT = Path(__file__).resolve().parents[1]


def test_topics_doc_lists_every_topic_with_its_key_and_schema():
    doc = (ROOT / "docs" / "topics.md").read_text()
    for spec in topics.ALL:
        row = next((line for line in doc.splitlines() if line.startswith(f"| `{spec.name}`")), None)
        assert row, f"{spec.name} missing from docs/topics.md"
        if spec.model is not None:
            assert spec.schema in row, f"{spec.name}: schema {spec.schema} not documented"
    public_rows = re.findall(r"^\| `([a-z.\-]+)` \|", doc.split("## Public topics")[1].split("## Internal")[0], re.M)
    assert set(public_rows) == {t.name for t in topics.PUBLIC}


# docker-compose.yml, Dockerfile and prometheus.yml: tests/test_compose.py


def test_trusted_model_equals_the_validated_one_and_serialises_the_same():
    from datetime import datetime, timezone

    from schemas import FigureStat, RegionUpdate

    t = datetime(2024, 5, 1, tzinfo=timezone.utc)
    values = dict(region="SY-HL", region_name="Halab", country="SY", label="battle", window="24h",
                  window_start=t, window_end=t, kind="final", count=3, stories=3, latest=["a", "b"],
                  evidence=["x"], updated=t)
    fast = RegionUpdate.trusted(**values, figures={"killed": FigureStat.trusted(total=12.0, max=9.0)})
    slow = RegionUpdate(**values, figures={"killed": FigureStat(total=12, max=9)})
    assert fast == slow
    assert fast.model_dump_json() == slow.model_dump_json()
    with pytest.raises(TypeError, match="missing"):
        RegionUpdate.trusted(region="SY")
