"""The feeds config file: which RSS/Atom feeds the poller watches.

TOML, one ``[[feed]]`` table per feed::

    [[feed]]
    name = "reliefweb-syria"                 # unique; becomes the items' source
    url = "https://reliefweb.int/updates/rss.xml?country=226"
    interval = 300                           # seconds between polls (default 300)
    timeout = 20                             # optional per-feed request timeout, seconds
    headers = { Authorization = "Bearer ${RELIEFWEB_TOKEN}" }

``${NAME}`` in a header value is replaced by the environment variable NAME,
so tokens stay out of the file (an unset variable is an error, not an empty
header). Anything wrong in the file raises :class:`FeedConfigError` naming
the feed and the field, before any polling starts.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_INTERVAL = 300.0
MIN_INTERVAL = 0.01  # tests poll fast; a real config should stay in minutes
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")


class FeedConfigError(ValueError):
    """The feeds config file is missing, not TOML, or describes a feed wrongly."""


@dataclass(frozen=True)
class FeedConfig:
    """One feed to poll."""

    name: str
    url: str
    interval: float = DEFAULT_INTERVAL
    headers: Mapping[str, str] = field(default_factory=dict)
    timeout: float | None = None


def _expand(value: str, env: Mapping[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in env:
            raise FeedConfigError(f"{where}: environment variable {m.group(1)} is not set")
        return env[m.group(1)]

    return _ENV_REF.sub(sub, value)


def _number(raw: Any, where: str, *, minimum: float) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw < minimum:
        raise FeedConfigError(f"{where} must be a number >= {minimum}, got {raw!r}")
    return float(raw)


def feed_from_table(table: Any, index: int, env: Mapping[str, str] | None = None) -> FeedConfig:
    """Validate one ``[[feed]]`` table."""
    env = os.environ if env is None else env
    if not isinstance(table, dict):
        raise FeedConfigError(f"feed #{index + 1} must be a table")
    name = table.get("name")
    where = f"feed #{index + 1}" + (f" ({name!r})" if isinstance(name, str) else "")
    unknown = set(table) - {"name", "url", "interval", "headers", "timeout"}
    if unknown:
        raise FeedConfigError(f"{where}: unknown key(s) {sorted(unknown)}")
    if not isinstance(name, str) or not _NAME.match(name):
        raise FeedConfigError(f"{where}: 'name' must be a short identifier (letters, digits, . _ : -)")
    url = table.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise FeedConfigError(f"{where}: 'url' must be an http(s) URL, got {url!r}")
    interval = _number(table.get("interval", DEFAULT_INTERVAL), f"{where}: 'interval'", minimum=MIN_INTERVAL)
    timeout = table.get("timeout")
    if timeout is not None:
        timeout = _number(timeout, f"{where}: 'timeout'", minimum=0.01)
    headers_raw = table.get("headers", {})
    if not isinstance(headers_raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers_raw.items()
    ):
        raise FeedConfigError(f"{where}: 'headers' must be a table of strings")
    headers = {k: _expand(v, env, f"{where}: header {k!r}") for k, v in headers_raw.items()}
    return FeedConfig(name=name, url=url, interval=interval, headers=headers, timeout=timeout)


def parse_feeds(text: str, env: Mapping[str, str] | None = None) -> list[FeedConfig]:
    """Feeds from TOML text (see the module docstring for the format)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FeedConfigError(f"feeds config is not valid TOML: {exc}") from exc
    tables = doc.get("feed", [])
    if not isinstance(tables, list):
        raise FeedConfigError("feeds config: use [[feed]] tables (an array of tables)")
    feeds = [feed_from_table(t, i, env) for i, t in enumerate(tables)]
    seen: set[str] = set()
    for feed in feeds:
        if feed.name in seen:
            raise FeedConfigError(f"feed name {feed.name!r} is used twice")
        seen.add(feed.name)
    return feeds


def load_feeds(path: str | Path, env: Mapping[str, str] | None = None) -> list[FeedConfig]:
    """Read and validate a feeds config file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedConfigError(f"cannot read feeds config {str(path)!r}: {exc}") from exc
    return parse_feeds(text, env)
