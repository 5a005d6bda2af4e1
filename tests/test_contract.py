"""The documented topic contract matches the code, and the deployment files are well formed."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

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


def test_docker_compose_runs_kafka_kraft_and_workers_wired_by_env():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    kafka = services["kafka"]
    env = kafka["environment"]
    assert "KAFKA_PROCESS_ROLES" in env and "controller" in env["KAFKA_PROCESS_ROLES"]  # KRaft, no ZooKeeper
    assert "zookeeper" not in services
    worker = services["worker"]
    assert worker["build"]["context"] == "." and (ROOT / worker["build"].get("dockerfile", "Dockerfile")).exists()
    assert worker["environment"]["WIREWATCH_BROKER"] == "kafka://kafka:9092"
    assert "kafka" in worker["depends_on"]
    assert worker["command"][:2] == ["wirewatch", "worker"]
    assert any(str(p).endswith(":6066") for p in worker["ports"])
