"""All configuration, from one object. Every field reads ``WIREWATCH_<NAME>`` from the env."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIREWATCH_", env_file=None, extra="ignore")

    broker: str | None = Field(
        None,
        description="Kafka bootstrap URL(s), e.g. kafka://host:9092,host2:9092. "
        "Unset: `wirewatch run` starts a local broker on a free port (WIREWATCH_BROKER_KIND: Kafka or Tansu).",
    )
    app_id: str = Field("wirewatch", description="Faust app id: consumer group and changelog topic prefix.")
    web_host: str = Field("127.0.0.1", description="Host the worker binds and advertises to the other workers.")
    web_port: int = Field(6066, description="The worker's HTTP port (dashboard, /metrics, /regions, /ingest).")
    partitions: int = Field(
        4, ge=1,
        description="Partitions of every wirewatch topic, set when the topics are created (existing topics keep "
        "theirs; the tables' changelogs must match): at most this many workers share the work.",
    )
    replication_factor: int = Field(1, ge=1, description="Replicas of every wirewatch topic (at topic creation).")
    data_dir: Path = Field(
        Path("data"),
        description="Local working directory: broker log, broker.url (the address `wirewatch run` records for the "
        "other commands) and table stores. The tables themselves live in the broker (changelogs): with the "
        "in-memory embedded broker nothing survives a restart.",
    )
    store: str = Field("memory://", description="Faust table store; tables recover from their changelogs.")
    retention_days: int = Field(7, description="Retention of public topics, in days.")

    ingest_token: SecretStr | None = Field(None, description="Bearer token for POST /ingest; unset = endpoint closed.")
    max_body_bytes: int = Field(2 * 1024 * 1024, description="Largest accepted HTTP push body.")
    deadletter_payload_bytes: int = Field(64 * 1024, description="Original bytes kept per dead letter.")
    max_item_bytes: int = Field(
        512 * 1024, ge=1024, le=900_000, description="Largest normalized item (its JSON) the pipeline publishes; a "
        "bigger one is dead-lettered as too_large. Every output of an item must fit the broker's "
        "message.max.bytes (Kafka's default is 1 MiB; the local Kafka's 2 MiB + 64 KiB): an output it refused "
        "would stop its partition.")

    feeds: Path | None = Field(
        None, description="Feeds config (TOML, see docs/sources.md); the worker polls these feeds into wire.raw."
    )

    dedupe_horizon_days: float = Field(
        7.0,
        description="How long dedupe remembers a story, in story time: once the stream has seen stories this many "
        "days newer, a copy of it is no longer recognised and comes out as new (e.g. a 2019 sample re-posted after "
        "items dated today).",
    )
    region_windows: str = Field(
        "1h,24h,7d",
        description="Rolling window sizes of the region tables (up to a day they hop hourly, longer ones daily). "
        "Windows follow story time: a query without ?at= reads the windows ending at the watermark.",
    )
    region_grace_hours: float = Field(
        6.0,
        description="How long after its end (in story time) a region window stays open for stories that arrive "
        "out of order; then its final record is sent to regions.rolling. A story older than that still counts "
        "(its closed windows get correction records) while the tables hold its hours (the longest window + grace "
        "+ a day); only an older story goes to events.late.",
    )
    watermark_idle_seconds: float = Field(
        10.0,
        description="Event time is the minimum over the wire.raw partitions of the newest story time each delivered; "
        "a partition silent this long (wall clock) while others deliver is left out, so it cannot hold windows open.",
    )
    arrival_wait_ms: float = Field(
        50, ge=0, description="The normalize stage passes inputs on in the order they arrived on wire.raw (broker "
        "timestamps), so the dedupe stage keeps the first-arrived copy. A partition it reads that has nothing in hand "
        "but older records already fetched is waited for (at most 5 s); one whose newer records are only announced "
        "(a fetch in flight) at most this long (Kafka Streams' max.task.idle.ms). 0: wait only for fetched records.")
    fetch_max_wait_ms: int | None = Field(
        None, ge=1, description="Longest a worker's fetch waits for data before the broker answers (Faust's own is "
        "1500 ms). Unset: 10 on Tansu, which answers a fetch that found no data only when the wait is over (on "
        "average half of it per hop; measured at 200 inputs/s: p50 to events.classified 81-89 ms against 107-170 "
        "ms with 50), 50 on Kafka, which answers as soon as data arrives (a shorter wait there only costs idle "
        "fetches: 12 % of a core idle at 10, 6-7 % at 50).")
    flush_seconds: float = Field(
        0.25, ge=0, description="Under at-least-once and load, how long the dedupe/regions stage may keep state "
        "writes and regions.rolling records pending (its inputs unacknowledged) to coalesce them over batches; it "
        "flushes at once when its input pauses for 50 ms, and exactly-once flushes every batch. Adds at most this "
        "to the latency of regions.rolling under load; a longer one coalesces more but its flush stalls the stage "
        "longer (measured at 200 inputs/s on Tansu: 1 s gave p99 433 ms to events.classified, 0.25 s 182-247 ms, "
        "for 6 % more broker records).")
    batch_max: int = Field(200, ge=1, description="Most inputs an agent takes per batch (one trip to the "
                           "offload pool, one pass of the serial stage).")
    batch_seconds: float = Field(0.01, gt=0, description="Longest an agent waits to fill a batch (adds at most "
                                 "this to the latency of an idle pipeline).")
    producer_linger_ms: float = Field(
        5, ge=0, description="How long the worker's producer waits to fill a partition's batch before sending: "
        "longer fills batches better at up to this much latency per hop (20 ms: ~10 % less worker CPU per input "
        "at 16 partitions, no throughput change measured in the bench).")
    offload_processes: int = Field(
        0, ge=0, description="Processes beside the worker that parse, fingerprint and classify each batch (the "
        "stateless per-item work) on another core; 0 does it in the worker process. Measured on 2 cores shared "
        "with the broker: 1 gave +9 % to +30 % items/s in three runs and -6 % in a fourth, for +150 MiB RSS, so it is off by default; worth it where cores "
        "are spare.")

    broker_kind: Literal["auto", "kafka", "tansu"] = Field(
        "auto",
        description="Which broker WIREWATCH_BROKER is, or (unset) which embedded broker `wirewatch run` starts: "
        "kafka (Apache Kafka; embedded: the local Kafka of streams/kafka.py, data kept under the data dir) "
        "or tansu (in memory, no transactions, no librdkafka clients). auto: kafka for a configured broker; "
        "embedded: kafka where a JDK is present, else tansu.",
    )
    processing_guarantee: Literal["auto", "exactly_once", "at_least_once"] = Field(
        "auto",
        description="Faust's processing guarantee. auto: exactly_once on Kafka (transactions; subscribers read with "
        "isolation.level=read_committed), at_least_once on Tansu (no transactions; outputs keyed so a replay is harmless).",
    )
    recovery_consistency_check: bool | None = Field(
        None,
        description="Faust's check that a table's applied offset is not beyond the changelog's highwater. "
        "Unset: on only on Kafka with at_least_once. Off on Tansu, which reports the highwater as the last batch's "
        "base offset + 1 and so trips the check after a rebalance although recovery itself is complete; off with "
        "exactly_once, where the highwater Faust reads (read_committed) is behind the worker's own changelog writes "
        "in a transaction still open when its partition comes back to it in a rebalance (measured: '6 > -1', a crash).",
    )

    shutdown_timeout: float = Field(
        8.0, gt=0, description="Seconds a worker may take to stop after SIGTERM/Ctrl-C before it exits anyway "
        "(its orderly stop waits on the broker; Docker and Kubernetes kill after 10 s / 30 s).",
    )

    # A worker killed with kill -9 holds its partitions until its session expires, then the group
    # rebalances; Tansu's group join waits about half the session timeout: keep these short.
    session_timeout: float | None = Field(
        None, gt=0, description="Consumer group session timeout, seconds. Unset: 6 on Kafka (its default "
        "group.min.session.timeout.ms refuses less), 4 on Tansu (measured in the chaos test: a killed worker's "
        "partitions unconsumed 7.6 s, 9.6 s with 6).")
    heartbeat_interval: float = Field(1.0, description="Consumer group heartbeat interval, seconds.")
    rebalance_timeout: float | None = Field(
        None, gt=0, description="Consumer group rebalance timeout, seconds. Unset: the session timeout.")

    @field_validator("broker")
    @classmethod
    def _blank_is_unset(cls, v: str | None) -> str | None:
        return v or None

    @property
    def bootstrap_servers(self) -> str:
        """``host:port[,host:port]`` for plain Kafka clients (aiokafka, kcat)."""
        if not self.broker:
            raise RuntimeError("no broker configured (the embedded broker sets WIREWATCH_BROKER when it starts)")
        return ",".join(part.split("://", 1)[-1] for part in self.broker.split(","))

    @property
    def kind(self) -> Literal["kafka", "tansu"]:
        """The broker in use (or to embed): ``broker_kind`` with ``auto`` resolved."""
        if self.broker_kind != "auto":
            return self.broker_kind
        if self.broker:
            return "kafka"
        from streams import kafka

        return "kafka" if kafka.available() else "tansu"

    @property
    def guarantee(self) -> Literal["exactly_once", "at_least_once"]:
        if self.processing_guarantee != "auto":
            return self.processing_guarantee
        return "exactly_once" if self.kind == "kafka" else "at_least_once"

    @property
    def group_session_timeout(self) -> float:
        if self.session_timeout is not None:
            return self.session_timeout
        return 6.0 if self.kind == "kafka" else 4.0

    @property
    def fetch_wait_ms(self) -> int:
        if self.fetch_max_wait_ms is not None:
            return self.fetch_max_wait_ms
        return 50 if self.kind == "kafka" else 10

    @property
    def group_rebalance_timeout(self) -> float:
        return self.rebalance_timeout if self.rebalance_timeout is not None else self.group_session_timeout

    @property
    def consistency_check(self) -> bool:
        if self.recovery_consistency_check is not None:
            return self.recovery_consistency_check
        return self.kind == "kafka" and self.guarantee == "at_least_once"

    @property
    def faust_broker(self) -> str:
        return ";".join(
            s if "://" in s else f"kafka://{s}" for s in (p.strip() for p in self.broker.split(","))  # type: ignore[union-attr]
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
