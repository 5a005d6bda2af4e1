"""External programs the integration tests drive, found once; a missing one fails its tests.

`make test` installs them first (tests/require_tools.py). Set
WIREWATCH_ALLOW_MISSING_TOOLS=1 to skip the tests of a missing tool instead
(a development shortcut: the skip then says so).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest

MISSING_HINT = "install with: sudo apt-get install -y {packages}   (or run `make test`, which does it when it can)"


@dataclass(frozen=True)
class Tool:
    names: tuple[str, ...]  # executables, first found wins
    packages: tuple[str, ...]  # Debian/Ubuntu packages that provide it
    purpose: str

    def path(self) -> str | None:
        return next((p for p in map(shutil.which, self.names) if p), None)


TOOLS = {
    "chromium": Tool(("chromium", "chromium-browser", "google-chrome"), ("chromium",), "the dashboard browser test (tests/integration/test_dashboard_browser.py)"),
    "kcat": Tool(("kcat", "kafkacat"), ("kcat",), "the third-party client test (tests/integration/test_kcat.py)"),
    # The local Apache Kafka (streams/kafka.py) every integration test also runs on.
    "java": Tool(("java",), ("default-jdk-headless",), "the Apache Kafka runs of the integration tests (streams/kafka.py)"),
    "mvn": Tool(("mvn",), ("maven",), "fetching Apache Kafka's jars once (pom.xml, streams/kafka.py)"),
}


def missing() -> list[str]:
    return [name for name, tool in TOOLS.items() if tool.path() is None]


def require(name: str) -> str:
    """The tool's path; else fail the importing test module (skip only when allowed explicitly)."""
    tool = TOOLS[name]
    found = tool.path()
    if found:
        return found
    why = f"{name} is not installed ({tool.purpose}); " + MISSING_HINT.format(packages=" ".join(tool.packages))
    if os.environ.get("WIREWATCH_ALLOW_MISSING_TOOLS"):
        pytest.skip(why + " [skipped: WIREWATCH_ALLOW_MISSING_TOOLS is set]", allow_module_level=True)
    pytest.fail(why, pytrace=False)
