"""The Faust app: built from Settings, with every agent, table and page registered.

``build_app()`` is the one place a worker's app is made; ``wirewatch run``,
``wirewatch worker`` and the tests all call it.
"""

from __future__ import annotations

import faust

from streams import topics
from streams.settings import Settings


def build_app(settings: Settings) -> faust.App:
    """Create the Faust app for ``settings`` (which must name a broker)."""
    if not settings.broker:
        raise RuntimeError("build_app needs a broker: set WIREWATCH_BROKER or use `wirewatch run`")
    app = faust.App(
        settings.app_id,
        broker=[u.strip() if "://" in u else f"kafka://{u.strip()}" for u in settings.broker.split(",")],
        store=settings.store,
        datadir=str(settings.data_dir),
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_bind="0.0.0.0" if settings.web_host not in ("127.0.0.1", "localhost") else settings.web_host,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        # Tansu joins groups after ~half the session timeout; short timeouts keep start-up quick.
        broker_session_timeout=settings.session_timeout,
        broker_heartbeat_interval=settings.heartbeat_interval,
        broker_rebalance_timeout=settings.rebalance_timeout,
        # At-least-once: outputs are keyed by ids so a replay after a crash is harmless.
        processing_guarantee="at_least_once",
        producer_linger=0.005,
        stream_wait_empty=False,
        web_enabled=True,
        autodiscover=False,
        table_cleanup_interval=60.0,
        recovery_consistency_check=settings.recovery_consistency_check,
    )
    from agents import pipeline
    from streams import web

    stages = pipeline.register(app, settings)
    web.register(app, settings, stages)
    if settings.feeds:
        _register_feed_poller(app, settings, stages.topics[topics.RAW.name])
    return app


def _register_feed_poller(app: faust.App, settings: Settings, raw: faust.TopicT) -> None:
    """Poll the configured feeds from this worker (run one poller per deployment, not per worker)."""
    from streams.sources.feeds import load_feeds
    from streams.sources.poller import FeedPoller

    feeds = load_feeds(settings.feeds)  # fail at start-up on a bad config, not later

    async def sink(payload: bytes, content_type: str, source: str) -> None:
        await raw.send(
            key=source.encode(),
            value=payload,
            headers={"content-type": content_type.encode(), "wirewatch-source": source.encode()},
        )

    @app.task
    async def poll_feeds() -> None:
        await FeedPoller(feeds, sink).run()
