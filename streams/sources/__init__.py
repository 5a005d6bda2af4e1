"""Feed I/O: the feeds config and the poller that fetches feeds into wire.raw.

The format parsers are stage logic and live in :mod:`agents.formats`.
"""
