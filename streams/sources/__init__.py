"""Feed I/O: the feeds config and the poller that fetches feeds into wire.raw, and the one way
both HTTP inputs (a polled feed, a push to ``POST /ingest``) read a body.

The format parsers are stage logic and live in :mod:`agents.formats`.
"""

from __future__ import annotations

from aiohttp import StreamReader


async def read_capped(content: StreamReader, limit: int) -> bytes | None:
    """An HTTP body read to its end, or None as soon as it is over ``limit`` bytes (never
    buffering more). One ``read()`` would return only what has arrived so far."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
