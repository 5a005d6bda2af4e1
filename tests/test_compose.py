"""docker-compose.yml, Dockerfile and prometheus.yml: the production layout on Apache Kafka.

No Docker engine here, so the structure is checked: KRaft with an internal and a host
listener, the worker waits for a healthy Kafka, Kafka's log directory is the mounted
volume, workers scale (no fixed host port) and Prometheus finds every replica, nothing
runs as root, the worker has a healthcheck, and the broker settings are the local
Kafka's (streams/kafka.py KAFKA_CONFIG, the one source).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from streams import kafka

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def listeners(value: str) -> dict[str, str]:
    """``NAME://host:port,...`` -> {NAME: host:port}."""
    return dict(part.split("://", 1) for part in value.split(","))


def test_kafka_is_kraft_with_the_local_brokers_settings(services):
    env = services["kafka"]["environment"]
    assert "zookeeper" not in services
    assert services["kafka"]["image"] == f"apache/kafka:{kafka.KAFKA_VERSION}"
    for name, value in kafka.compose_env().items():
        assert env.get(name) == value, f"{name}: compose has {env.get(name)!r}, streams/kafka.py {value!r}"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{kafka.NODE_ID}@kafka:9093"
    assert len(env["CLUSTER_ID"]) == 22  # formats the volume on first start (base64 of 16 bytes)


def test_internal_and_host_listeners_each_advertise_what_their_clients_reach(services):
    k = services["kafka"]
    env = k["environment"]
    bound, advertised = listeners(env["KAFKA_LISTENERS"]), listeners(env["KAFKA_ADVERTISED_LISTENERS"])
    protocols = dict(p.split(":") for p in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert set(bound) == {"INTERNAL", "HOST", "CONTROLLER"} and set(advertised) == {"INTERNAL", "HOST"}
    assert set(protocols) == set(bound)
    assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] == "INTERNAL"
    # The host CLI dials localhost:9092 and is handed localhost:9092, never kafka:...
    assert advertised["HOST"] == "localhost:9092" and bound["HOST"].endswith(":9092")
    assert [p for p in k["ports"] if str(p).endswith(":9092")] and all(":29092" not in str(p) for p in k["ports"])
    # Containers use the internal listener, by the service name.
    assert advertised["INTERNAL"] == f"kafka{bound['INTERNAL'][bound['INTERNAL'].index(':'):]}"
    worker_env = services["worker"]["environment"]
    assert worker_env["WIREWATCH_BROKER"] == f"kafka://{advertised['INTERNAL']}"
    assert worker_env["WIREWATCH_BROKER_KIND"] == "kafka"
    assert worker_env["WIREWATCH_PROCESSING_GUARANTEE"] == "exactly_once"


def test_kafka_logs_live_on_the_mounted_volume_and_it_has_a_healthcheck(services):
    k = services["kafka"]
    log_dir = k["environment"]["KAFKA_LOG_DIRS"]
    volume, _, mount = next(v for v in k["volumes"] if v.split(":")[1] == log_dir).partition(":")
    assert mount == log_dir and volume in yaml.safe_load((ROOT / "docker-compose.yml").read_text())["volumes"]
    assert "kafka-broker-api-versions.sh" in " ".join(k["healthcheck"]["test"])
    assert "29092" in " ".join(k["healthcheck"]["test"])


def test_worker_waits_for_a_healthy_kafka_scales_and_has_a_healthcheck(services):
    w = services["worker"]
    assert w["build"]["context"] == "." and (ROOT / w["build"].get("dockerfile", "Dockerfile")).exists()
    assert w["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert w["command"][:2] == ["wirewatch", "worker"]
    port = w["environment"]["WIREWATCH_WEB_PORT"]
    # --scale worker=3: the container port only, each replica gets a free host port.
    assert [str(p) for p in w["ports"]] == [port]
    assert "container_name" not in w
    health = " ".join(w["healthcheck"]["test"])
    assert f"127.0.0.1:{port}/healthz" in health
    # Each replica advertises its own address (routed /regions queries), found at start.
    assert "WIREWATCH_WEB_HOST=" in " ".join(w["entrypoint"]) and "WIREWATCH_WEB_HOST" not in w["environment"]
    assert int(str(w["stop_grace_period"]).rstrip("s")) > 10  # a worker exits within 10 s of SIGTERM


def test_no_container_runs_as_root(services):
    for name, svc in services.items():
        assert svc.get("user") not in (None, "root", "0", "0:0"), f"{name} runs as root"
    dockerfile = (ROOT / "Dockerfile").read_text()
    run_stage = dockerfile.rsplit("FROM ", 1)[1]
    user = [line.split()[1] for line in run_stage.splitlines() if line.startswith("USER ")]
    assert user and user[-1].split(":")[0] not in ("root", "0")
    assert services["worker"]["user"].split(":")[0] == user[-1].split(":")[0]
    assert "HEALTHCHECK" in run_stage


def test_prometheus_discovers_every_worker_replica(services):
    conf = yaml.safe_load((ROOT / "prometheus.yml").read_text())
    [job] = [j for j in conf["scrape_configs"] if j["job_name"] == "wirewatch"]
    assert job["metrics_path"] == "/metrics"
    assert "static_configs" not in job
    [sd] = job["dns_sd_configs"]
    assert sd["names"] == ["worker"] and sd["type"] == "A"
    assert str(sd["port"]) == services["worker"]["environment"]["WIREWATCH_WEB_PORT"]
    prom = services["prometheus"]
    assert any(v.startswith("./prometheus.yml:") for v in prom["volumes"])
    assert "worker" in prom["depends_on"]
